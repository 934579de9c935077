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
process.once('exit', killAll);

/**
 * The signals that end a test run from outside (Ctrl-C, a CI job's cancel, a terminal closed). The
 * children lead groups of their own, so the signal the terminal sends to its foreground group never
 * reaches them, and a signal's default action skips 'exit' listeners: without these, an interrupted
 * `npm test` left its `npm pack` and build running on.
 */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killAll(): void {
  for (const child of running) killGroup(child);
}

/**
 * Ends the groups, then lets the signal do what it did before: its default action (the process
 * ends) when no one else listens, or nothing more when another listener (vitest's) handles it.
 */
function onEndingSignal(signal: NodeJS.Signals): void {
  killAll();
  unwatchSignals();
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

// Listened to only while a group runs, so that the worker's signals are as vitest left them otherwise.
function watchSignals(): void {
  for (const signal of ENDING_SIGNALS) process.on(signal, onEndingSignal);
}

function unwatchSignals(): void {
  for (const signal of ENDING_SIGNALS) process.off(signal, onEndingSignal);
}

/**
 * Starts a child and keeps it among the running ones. The signals are listened to before it starts:
 * a signal is handled on the event loop, after this returns, once listened to, but ends the worker at
 * once otherwise, and under load the child's own children started before spawn() had returned.
 */
function track<Child extends ChildProcess>(start: () => Child): Child {
  if (running.size === 0) watchSignals();
  try {
    const child = start();
    running.add(child);
    return child;
  } catch (error) {
    if (running.size === 0) unwatchSignals();
    throw error;
  }
}

function untrack(child: ChildProcess): void {
  if (running.delete(child) && running.size === 0) unwatchSignals();
}

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
    const child = track(() =>
      spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
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
      untrack(child);
      reject(new Error(`${line}: ${error.message}`));
    });
    // 'close' comes once every process holding the pipes has ended, the group's last one included.
    child.on('close', (code, signal) => {
      clearTimeout(bound);
      untrack(child);
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
