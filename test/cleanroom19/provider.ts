/**
 * The nineteenth clean-room provider: a Capillary-like Java/Spring service and a fabric tenant on
 * two servers (two ports), each behind its own seeded rate limiter. See cleanroom19.test.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Capillary19 } from './capillary.ts';
import { orgs } from './data.ts';
import { FABRIC_BASE, Fabric19 } from './fabric.ts';
import { type Throttle, throttle } from './throttle.ts';

export interface Cleanroom19Options {
  readonly seed: number;
  /** Share of requests refused with 429 (after the first few), at most `maxRefused` a server. */
  readonly refuseRate?: number;
  readonly maxRefused?: number;
  /** Retry-After written as an HTTP-date instead of seconds. */
  readonly retryAfterDate?: boolean;
  /** Once a run, this many Capillary requests in a row refused with 429 (default 0). */
  readonly burst?: number;
}

export interface Cleanroom19Provider {
  readonly capillaryUrl: string;
  readonly fabricUrl: string;
  stats(): { requests: number; refused: number; replayed: number };
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function listen(
  limit: Throttle,
  tooMany: string,
  contentType: string,
  handler: Handler,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (limit.refuse(res, tooMany, contentType)) {
      req.resume();
      return;
    }
    handler(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

export async function startCleanroom19Provider(options: Cleanroom19Options): Promise<Cleanroom19Provider> {
  const rate = options.refuseRate ?? 0.03;
  const max = options.maxRefused ?? 3;
  const capillary = new Capillary19(orgs());
  const fabric = new Fabric19();
  const asDate = options.retryAfterDate ?? false;
  const capLimit = throttle({ seed: options.seed, rate, max, asDate, burst: options.burst ?? 0 });
  // fabric sees a tenth of the requests: a higher share gives it a few 429s too.
  const fabLimit = throttle({ seed: options.seed * 7 + 1, rate: rate * 3, max, asDate, burst: 0 });
  const tooMany = JSON.stringify({
    warnings: [],
    errors: [{ message: 'Too many requests', code: 429, status: false }],
  });
  const capServer = await listen(capLimit, tooMany, 'application/json', (req, res) =>
    capillary.handle(req, res),
  );
  const fabServer = await listen(
    fabLimit,
    JSON.stringify({ status: 429, message: 'Too Many Requests' }),
    'application/json; charset=utf-8',
    (req, res) => fabric.handle(req, res),
  );
  const servers = [capServer, fabServer];
  const port = (s: Server) => (s.address() as AddressInfo).port;
  return {
    capillaryUrl: `http://127.0.0.1:${port(capServer)}`,
    fabricUrl: `http://127.0.0.1:${port(fabServer)}${FABRIC_BASE}`,
    stats: () => ({
      requests: capLimit.stats.requests + fabLimit.stats.requests,
      refused: capLimit.stats.refused + fabLimit.stats.refused,
      replayed: fabric.stats.replayed,
    }),
    close: async () => {
      for (const s of servers) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
}
