import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';

// The run's one temporary folder (test/support/temp-root.ts): tests and the processes they start
// make their scratch folders in it, and it goes when the run ends.
describe('temporary folders of a test run', () => {
  it('are made under the run’s own folder, in this worker and in a process it starts', () => {
    expect(tmpdir()).toMatch(/[/\\]lc-test-run-[^/\\]+$/);
    const child = execFileSync(process.execPath, ['-p', 'require("node:os").tmpdir()'], { encoding: 'utf8' });
    expect(child.trim()).toBe(tmpdir());
  });
});
