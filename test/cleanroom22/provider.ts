import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Auth, md5hex } from './auth.ts';
import { capillaryHandlers } from './capillary.ts';
import { freshTables } from './data.ts';
import { fabricHandlers } from './fabric.ts';
import { Engine } from './gin.ts';

/**
 * The twenty-second clean-room provider: a Go service built with gin and encoding/json, Capillary at
 * the root and fabric under /api on one server (see the test file for its characters).
 */

export interface Cleanroom22Options {
  /** gin's HandleMethodNotAllowed: a known path with another method is 405, else 404. */
  readonly methodNotAllowed?: boolean;
  /** Points kept in float64 columns instead of decimals (sums carry binary error: `2479.7400000000002`). */
  readonly float64Ledger?: boolean;
  /** Customer IDs issued as snowflake int64s past 2^53 (entityId written exactly, `id` lookups by them). */
  readonly snowflakeIds?: boolean;
}

export interface Cleanroom22Provider {
  readonly url: string;
  close(): Promise<void>;
}

/** The largest body read (http.MaxBytesReader in the service): past it the request is refused. */
const MAX_BODY = 1 << 20;

export async function startCleanroom22Provider(
  options: Cleanroom22Options = {},
): Promise<Cleanroom22Provider> {
  const tables = freshTables(md5hex, options.snowflakeIds ?? false);
  const auth = new Auth(tables);
  const { deduct, balance, unlock } = capillaryHandlers({ float64: options.float64Ledger ?? false });
  const fabric = fabricHandlers(tables, options.float64Ledger ?? false);
  const r = new Engine(options.methodNotAllowed ?? false);
  r.handle('POST', '/v3/oauth/token/generate', auth.generateToken);
  r.handle('POST', '/v2/customers/lookup/negativePointsAdjustment', auth.capillary, auth.pointsGroup, deduct);
  r.handle('GET', '/v2/customers/lookup/points/balance', auth.capillary, balance);
  r.handle('POST', '/v2/points/unlockPromisedPoints', auth.capillary, unlock);
  r.handle('POST', '/api/v1/members/points-adjustment', auth.fabric, fabric.adjust);
  r.handle('GET', '/api/v1/inquire/:profileId/member-points', auth.fabric, fabric.inquire);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        res.writeHead(413, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"error":"http: request body too large"}\n');
        return;
      }
      r.serve(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
