import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/loyalty-conformance.js');

// README, "Exit codes and verdicts": one line on stderr, never a stack trace. The JSON report on
// stdout had its own guard (ignoreClosedStdout); the other large outputs (the catalogue, a dry
// run as JSON: 100-150 KB) died of an unhandled EPIPE, a stack trace and exit 1, when the reader
// stopped early. Through a shell pipe into `head`, as a user types it.
describe('a reader that closes stdout early (| head -c 10)', () => {
  it.each([['list --format json'], ['run --dry-run --format json']])('ends `%s` quietly, exit 0', (args) => {
    const piped = `"${process.execPath}" "${BIN}" ${args} | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`;
    const shell = spawnSync('bash', ['-c', piped], { cwd: ROOT, encoding: 'utf8' });
    expect(shell.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(shell.stdout.trim()).toBe('0');
  });
});
