import { loadDataset } from '../reference/dataset.ts';
import { startReferenceServer } from '../reference/server.ts';

/** Options of `loyalty-conformance serve`. */
export interface ServeOptions {
  port: string;
  host: string;
  dataset?: string;
}

/**
 * Runs the reference provider until SIGINT/SIGTERM, logging one line per request. Resolves with
 * the exit code once the server has closed.
 */
export async function serveCommand(options: ServeOptions): Promise<number> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    process.stderr.write(
      `loyalty-conformance: --port must be an integer from 0 to 65535, got ${options.port}\n`,
    );
    return 2;
  }
  const server = await startReferenceServer({
    port,
    host: options.host,
    ...(options.dataset ? { dataset: loadDataset(options.dataset) } : {}),
    log: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  process.stdout.write(
    `reference provider listening: capillary ${server.capillaryBaseUrl}  fabric ${server.fabricBaseUrl}  admin ${server.url}/__reference\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
