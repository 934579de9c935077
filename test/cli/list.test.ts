import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

describe('loyalty-conformance list', () => {
  it('writes the catalogue as Markdown with every requirement', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lc-list-')), 'requirements.md');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['list', '--format', 'md', '--out', out])).toBe(0);
    vi.restoreAllMocks();
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^\| CAP-NPA-8907 \| MUST \| negativePointsAdjustment, getPointsBalance \|/m);
    expect(text).toMatch(/^\| FAB-ADJ-PENDING \|/m);
    // Sources are public pages a reader can open, or the project's own choice; never a private file.
    expect(text).toMatch(
      /^\| CAP-NPA-8907 \|.*\| \[Capillary docs: Deduct points from user — API Error Codes \(8907\)\]\(https:\/\/docs\.capillarytech\.com\/reference\/deduct-points-from-user\) \|/m,
    );
    expect(text).toMatch(/^\| GEN-NO-5XX \|.*\| loyalty-conformance's own choice — /m);
    expect(text).not.toMatch(/\.txt|DESIGN/);
  });

  it('exits 2 on an unknown command', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['no-such-command'])).toBe(2);
    vi.restoreAllMocks();
  });
});

describe('usage errors', () => {
  it('refuses an unknown --format of list with exit 2 and one line naming the choices', async () => {
    const { runCli } = await import('./capture.ts');
    const { code, stdout, stderr } = await runCli(['list', '--format', 'xx']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/argument 'xx' is invalid\. Allowed choices are text, md/);
  });

  it('refuses an invalid --grep regular expression with exit 2 and LC_ERR_CLI_USAGE, before any request', async () => {
    const { runCli } = await import('./capture.ts');
    const { code, stderr } = await runCli([
      'run',
      '--grep',
      '/[/',
      '--reporter',
      'json',
      '--out',
      join(tmpdir(), 'lc-grep-bad'),
    ]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/LC_ERR_CLI_USAGE: --grep \/\[\/ is not a valid regular expression/);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  });
});
