import { readFileSync } from 'node:fs';

/** How often the parent is looked at: an orphaned `serve` exits within about this long. */
export const PARENT_POLL_MS = 250;

/** Shells npm runs a bin through (`npx`, `npm exec`, `npm run`: `sh -c '<bin>' …`). */
const WRAPPER_SHELL = /^(sh|dash|bash|zsh|ksh|ash)$/;

/**
 * Calls `onGone` once when this process's parent dies (it is re-parented, so `process.ppid`
 * changes), e.g. a shell or test runner SIGKILLed after starting `serve` in the background, which
 * would otherwise keep its port until its next log write failed. Polling the parent id works the
 * same under a shell's `&` and a test runner's spawn; stdin's end does not (a server started
 * `< /dev/null` or with stdin ignored is at EOF from the start). Under npm (`npx`, `npm exec`,
 * `npm run`; Linux) the parent is npm's `sh -c`, which outlives a killed npm: there the shell's
 * own parent is watched too. The timer is unref'd: it never keeps the process alive by itself.
 * Returns a function that stops watching.
 */
export function watchParent(onGone: () => void, intervalMs = PARENT_POLL_MS): () => void {
  const parent = process.ppid;
  const grandparent = npmWrapperParent(parent);
  const timer = setInterval(() => {
    const gone = process.ppid !== parent || (grandparent !== undefined && parentOf(parent) !== grandparent);
    if (!gone) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** The parent of `shell` when `shell` is the shell npm runs this bin through; else undefined. */
function npmWrapperParent(shell: number): number | undefined {
  if (process.platform !== 'linux' || process.env.npm_command === undefined) return undefined;
  const stat = procStat(shell);
  return stat && WRAPPER_SHELL.test(stat.comm) ? stat.ppid : undefined;
}

/** The parent id of a process; undefined once it is gone. */
function parentOf(pid: number): number | undefined {
  return procStat(pid)?.ppid;
}

/** `/proc/PID/stat`: `pid (comm) state ppid …`; comm may hold spaces and parentheses. */
function procStat(pid: number): { comm: string; ppid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const ppid = Number(stat.slice(close + 2).split(' ')[1]);
    return { comm: stat.slice(stat.indexOf('(') + 1, close), ppid };
  } catch {
    return undefined;
  }
}
