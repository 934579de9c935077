import { type ChildProcess, spawn } from 'node:child_process';

/** How a child process ended: its exit code and what it wrote. */
export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface BoundedOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The step's bound: past it the child and every process it started are killed. */
  readonly timeoutMs: number;
}

/** The process groups still running, ended if this worker exits before they do. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child);
});

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group has ended on its own.
  }
}

/**
 * Runs `command` to its end (at most `timeoutMs`) and returns its exit code and output. The child
 * leads a process group of its own, and the bound kills that whole group: execFile's `timeout`
 * killed the child alone, so `npm pack` stopped while the build its `prepack` had started (npm →
 * sh → node → npm → sh → tsx → tsc) ran on, orphaned, for a minute more and wrote dist/ into the
 * test run's temporary folder after it was removed (2026-12-06, load 14). Rejects when the bound
 * is reached, saying so, or when a signal that is not the bound's ends the child.
 */
export function runBounded(
  command: string,
  args: readonly string[],
  { cwd, env, timeoutMs }: BoundedOptions,
): Promise<Outcome> {
  const line = `${command} ${args.join(' ')}`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    let overran = false;
    const bound = setTimeout(() => {
      overran = true;
      killGroup(child);
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(bound);
      running.delete(child);
      reject(new Error(`${line}: ${error.message}`));
    });
    // 'close' comes once every process holding the pipes has ended, the group's last one included.
    child.on('close', (code, signal) => {
      clearTimeout(bound);
      running.delete(child);
      const elapsed = Math.round(performance.now() - started);
      if (overran) {
        reject(
          new Error(
            `${line}: still running at its bound of ${timeoutMs} ms, so it and every process it started were killed (${elapsed} ms)\n${stdout}\n${stderr}`,
          ),
        );
      } else if (code === null) {
        reject(new Error(`${line}: ended by ${signal} after ${elapsed} ms\n${stdout}\n${stderr}`));
      } else {
        resolve({ code, stdout, stderr });
      }
    });
  });
}
