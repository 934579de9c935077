import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runBounded } from './support/bounded-child.ts';

/** Whether `pid` still runs: a zombie (ended, not yet reaped by its new parent) does not. */
function running(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Waits, at most 10 s, for `pid` to end: SIGKILL is delivered when the process is next scheduled. */
async function ended(pid: number): Promise<boolean> {
  for (let i = 0; i < 500 && running(pid); i++) await sleep(20);
  return !running(pid);
}

// The package test's children (`npm pack`, whose prepack builds dist/ through npm, sh, tsx and tsc)
// run under test/support/bounded-child.ts: a bound that ended the child alone left the build running
// on, orphaned, into a removed temporary folder.
describe('a child run under a bound', () => {
  it('gives its exit code and output when it ends in time', async () => {
    const script = "process.stdout.write('out'); process.stderr.write('err'); process.exitCode = 3;";
    const outcome = await runBounded(process.execPath, ['-e', script], {
      cwd: process.cwd(),
      env: process.env,
      timeoutMs: 60_000,
    });
    expect(outcome).toEqual({ code: 3, stdout: 'out', stderr: 'err' });
  });

  it('is ended at its bound with every process it started, and the rejection says so', async () => {
    // A shell that starts a grandchild with output of its own (as the build of npm's prepack) and waits.
    const grandchild = `"${process.execPath}" -e "setInterval(() => {}, 1000)" >/dev/null 2>&1 &`;
    const failure = await runBounded('sh', ['-c', `${grandchild} echo "grandchild $!"; wait`], {
      cwd: process.cwd(),
      env: process.env,
      timeoutMs: 500,
    }).then(
      () => new Error('ended in time'),
      (error: Error) => error,
    );
    const pid = Number(/grandchild (\d+)/.exec(failure.message)?.[1]);
    try {
      expect(pid).toBeGreaterThan(0);
      expect(await ended(pid)).toBe(true);
      expect(failure.message).toMatch(
        /^sh -c .*: still running at its bound of 500 ms, so it and every process/,
      );
    } finally {
      if (pid > 0 && running(pid)) process.kill(pid, 'SIGKILL');
    }
  });
});
