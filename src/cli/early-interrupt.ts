/**
 * SIGINT or SIGTERM while `run` is still starting (loading its modules, reading the baseline,
 * preparing the reporters: about a second of a three-second run against the embedded provider),
 * before `run` listens for them itself (`listenForInterrupts` in run-command.ts). Without a
 * listener Node's default ended the process by the signal (shell status 130 or 143, no line), where
 * the promise is exit 2 with one line naming the signal. Nothing was sent yet and no report written:
 * the line says so. Once `run` listens, its handler decides and this one stays quiet.
 */

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** Exit code of an interrupted run (not judged), as `run`'s own INTERRUPTED_EXIT_CODE. */
const EXIT_INTERRUPTED = 2;

/** The handlers below, so that two runs starting in one process do not wait on each other. */
const EARLY_HANDLERS = new Set<unknown>();

/** Listens until the returned function is called (`main` may run again in one process, as in tests). */
export function exitOnEarlyInterrupt(): () => void {
  const handlers = SIGNALS.map((name) => {
    const handler = () => {
      // Any other listener is `run`'s own: it ends the run cleanly.
      if (process.listeners(name).some((listener) => !EARLY_HANDLERS.has(listener))) return;
      process.stderr.write(
        `loyalty-conformance: LC_ERR_RUN_INTERRUPTED: interrupted by ${name} while a run was starting, before it sent a request; no report of it was written\n`,
      );
      process.exit(EXIT_INTERRUPTED);
    };
    EARLY_HANDLERS.add(handler);
    process.on(name, handler);
    return { name, handler };
  });
  return () => {
    for (const { name, handler } of handlers) {
      process.off(name, handler);
      EARLY_HANDLERS.delete(handler);
    }
  };
}
