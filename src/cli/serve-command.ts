import { toolError } from '../errors.ts';
import { isLoopbackHost } from '../loopback.ts';
import { loadDataset } from '../reference/dataset.ts';
import { type ReferenceServer, startReferenceServer } from '../reference/server.ts';
import { watchParent } from './parent-watch.ts';
import { createServeLog } from './serve-log.ts';

/** What a consumer can do about each listen error that is theirs to fix (the code alone says little). */
const LISTEN_HINTS: Readonly<Record<string, string>> = {
  EADDRINUSE:
    'the port is in use, perhaps by another serve; choose another --port, or --port 0 for a free one',
  EACCES: 'this user may not listen on that port; choose one above 1023',
  EADDRNOTAVAIL: 'no interface of this machine has that address; --host 127.0.0.1 is the default',
  ENOTFOUND: 'the host name does not resolve; give an address such as 127.0.0.1',
};

/** Options of `loyalty-conformance serve`. */
export interface ServeOptions {
  port: string;
  host: string;
  dataset?: string;
  /**
   * `--exit-with-parent`: stop when the process that started it dies. Off by default: `nohup`, a
   * CI step's `serve &` for the steps after it, or a shell that exits after starting it all
   * re-parent it on purpose.
   */
  exitWithParent?: boolean;
}

/**
 * Runs the reference provider until SIGINT/SIGTERM, its stdout's reader is gone, or (with
 * `--exit-with-parent`) its parent process dies, logging one line per request. Resolves with the exit code once the server has closed.
 */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--port must be an integer from 0 to 65535, got ${options.port}`,
    });
  }
  // Watched from the start: the ancestry is recorded before anyone sees the URL and can kill the
  // parent. An orphan stops silently: its stdout may be a pipe nobody reads any more.
  let orphaned = false;
  const parentGone = new Promise<void>((resolve) => {
    if (options.exitWithParent !== true) return;
    watchParent(() => {
      orphaned = true;
      resolve();
    });
  });
  // Its stdout's reader gone (a pipe whose reader exited, e.g. a Python parent SIGKILLed without
  // --exit-with-parent): the next log line fails with EPIPE. Stop as an orphan does, silently, rather
  // than die of an unhandled 'error' event with a stack trace halfway through a request.
  // Another write error (EIO: the terminal it logged to was closed) ends it the same way, with
  // one line on stderr, never a stack trace.
  const outputGone = new Promise<void>((resolve) => {
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') {
        const why = `stdout cannot be written (${error.code ?? error.message}); stopping`;
        process.stderr.write(`loyalty-conformance serve: ${why}\n`, () => undefined);
      }
      orphaned = true;
      resolve();
    });
  });
  const log = createServeLog(process.stdout);
  const dataset = options.dataset ? loadDataset(options.dataset) : undefined;
  let server: ReferenceServer;
  try {
    server = await startReferenceServer({
      port,
      host: options.host,
      ...(dataset ? { dataset } : {}),
      log: (line) => {
        if (!orphaned) log(line);
      },
    });
  } catch (error) {
    // A port in use or an address not of this machine is the user's choice, not an internal error.
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === undefined ? undefined : LISTEN_HINTS[code];
    if (hint) {
      throw toolError(
        'LC_ERR_CLI_USAGE',
        { reason: `cannot listen on --host ${options.host} --port ${options.port} (${code}: ${hint})` },
        { cause: error },
      );
    }
    throw error;
  }
  if (!isLoopbackHost(options.host)) {
    // Its admin routes let anyone who reaches it replace the data: say so where it was asked for.
    process.stderr.write(
      `loyalty-conformance: serve listens on --host ${options.host}, not only on this machine: anyone who can reach it can reset or replace its data through ${server.url}/__reference\n`,
    );
  }
  process.stdout.write(
    `reference provider listening: capillary ${server.capillaryBaseUrl}  fabric ${server.fabricBaseUrl}  admin ${server.url}/__reference\n`,
  );
  const signalled = new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await Promise.race([signalled, parentGone, outputGone]);
  await server.close();
  if (process.stdout.writableLength > 0) exitUnflushed();
  return 0;
}

/** How long a stopped serve waits for log lines still queued for its stdout to be read. */
export const STOP_FLUSH_MS = 1_000;

/**
 * Log lines nobody reads (a Python parent that read the first line of its `stdout=PIPE` and no
 * more) fill the pipe; Node then queues the rest and, once the server has closed, waits for them
 * to be written before exiting: for ever, so `p.terminate(); p.wait()` hung. An unref'd timer only
 * fires while that queue alone keeps the process alive; a reader that drains it lets it exit first.
 */
function exitUnflushed(): void {
  setTimeout(() => process.exit(process.exitCode ?? 0), STOP_FLUSH_MS).unref();
}
