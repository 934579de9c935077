import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('is ended with every process it started when the worker is ended by a signal, which then ends the worker', async () => {
    // A worker (as vitest's) running a child that started a grandchild, then sent SIGTERM: the
    // children lead a group of their own, which the terminal's or CI's signal never reaches.
    const folder = mkdtempSync(join(tmpdir(), 'bounded-signal-'));
    const pidFile = join(folder, 'grandchild');
    const grandchild = `"${process.execPath}" -e "setInterval(() => {}, 1000)" >/dev/null 2>&1 & echo $! > "${pidFile}"; wait`;
    const worker = [
      `import { runBounded } from ${JSON.stringify(new URL('./support/bounded-child.ts', import.meta.url).href)};`,
      `await runBounded('sh', ['-c', ${JSON.stringify(grandchild)}], { cwd: process.cwd(), env: process.env, timeoutMs: 60_000 });`,
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx/esm', '--input-type=module', '-e', worker], {
      stdio: 'ignore',
    });
    let pid = 0;
    try {
      for (let i = 0; i < 1500 && !existsSync(pidFile); i++) await sleep(20);
      pid = Number(readFileSync(pidFile, 'utf8'));
      expect(pid).toBeGreaterThan(0);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code, signal] = await exited;
      expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
      expect(await ended(pid)).toBe(true);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      if (pid > 0 && running(pid)) process.kill(pid, 'SIGKILL');
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
