// A reader that stops early (`| head`) closes stdout's pipe; the next write fails with EPIPE,
// which Node raises as an unhandled 'error' event: a stack trace where the README promises one
// line at most. A module of its own, so the bin installs it without loading the reporters.

let stdoutGuarded = false;

/**
 * Ignores EPIPE on process.stdout: what was left to print has no reader. Installed once per
 * process by the bin (every command) and by `run`/`merge` with the JSON report on stdout (for the
 * in-process CLI; the error may come after the command has returned); other stream errors are
 * thrown as before.
 */
export function ignoreClosedStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
