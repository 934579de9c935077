/** Most bytes of log lines left queued for a stdout nobody reads before further lines are dropped. */
export const MAX_QUEUED_LOG_BYTES = 1024 * 1024;

/** Where serve's log lines go: process.stdout, or a test's stand-in. */
export interface LogStream {
  readonly writableLength: number;
  write(text: string): unknown;
}

/**
 * serve's request log, one line each. A parent that reads serve's first line and never its pipe
 * again (a Python `stdout=PIPE` read once) leaves every later line queued in this process: past
 * {@link MAX_QUEUED_LOG_BYTES} they are dropped and counted, and the next line written once the
 * reader catches up says how many, so a long-lived mock server's memory stays bounded.
 */
export function createServeLog(stream: LogStream, maxQueued = MAX_QUEUED_LOG_BYTES): (line: string) => void {
  let dropped = 0;
  return (line) => {
    if (stream.writableLength > maxQueued) {
      dropped += 1;
      return;
    }
    if (dropped > 0) {
      stream.write(`${new Date().toISOString()} ${dropped} log lines dropped: stdout was not read\n`);
      dropped = 0;
    }
    stream.write(`${new Date().toISOString()} ${line}\n`);
  };
}
