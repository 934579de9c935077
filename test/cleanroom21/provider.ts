import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CapillaryAuth } from './auth.ts';
import { Capillary, type CodedStatus } from './capillary.ts';
import { FABRIC_TOKEN, freshTables } from './data.ts';
import { Fabric } from './fabric.ts';

/**
 * The twenty-first clean-room provider: an "ASP.NET Core / Kestrel" vendor, Capillary at the root
 * and fabric under /api on one server. Routes match as endpoint routing matches them: paths in any
 * case, a trailing slash allowed; an unknown path is Kestrel's bare 404, a known path with another
 * method a bare 405 with Allow.
 */

export interface Cleanroom21Options {
  /** Seeds tokens, transaction codes and timestamps' ticks. */
  readonly seed?: number;
  /** The status of answers carrying a documented code (see {@link CodedStatus}). */
  readonly codedStatus?: CodedStatus;
}

export interface Cleanroom21Provider {
  readonly url: string;
  /** Answers by kind: ProblemDetails given, 401 challenges. */
  stats(): { problems: number; challenges: number; answers: number };
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, rest: string) => void | Promise<void>;

export async function startCleanroom21Provider(
  options: Cleanroom21Options = {},
): Promise<Cleanroom21Provider> {
  const seed = options.seed ?? 21;
  const tables = freshTables();
  const auth = new CapillaryAuth(tables, seed);
  const capillary = new Capillary(auth, options.codedStatus ?? 'by-kind');
  const fabric = new Fabric(tables, FABRIC_TOKEN, seed);
  const counts = { problems: 0, challenges: 0, answers: 0 };
  const routes: [RegExp, string, Handler][] = [
    [/^\/v2\/customers\/lookup\/negativepointsadjustment$/, 'POST', (q, s) => capillary.deduct(q, s)],
    [/^\/v2\/customers\/lookup\/points\/balance$/, 'GET', (q, s) => capillary.balance(q, s)],
    [/^\/v2\/points\/unlockpromisedpoints$/, 'POST', (q, s) => capillary.unlock(q, s)],
    [/^\/v3\/oauth\/token\/generate$/, 'POST', (q, s) => auth.generate(q, s)],
    [/^\/api\/v1\/members\/points-adjustment$/, 'POST', (q, s) => fabric.adjust(q, s)],
    [
      /^\/api\/v1\/inquire\/([^/]+)\/member-points$/,
      'GET',
      (q, s, id) => fabric.inquire(q, s, decodeURIComponent(id)),
    ],
  ];
  const server = createServer((req, res) => {
    res.on('finish', () => {
      counts.answers += 1;
      if (String(res.getHeader('content-type') ?? '').startsWith('application/problem+json'))
        counts.problems += 1;
      if (res.statusCode === 401) counts.challenges += 1;
    });
    const rawPath = new URL(req.url ?? '/', 'http://x').pathname.replace(/(.)\/$/, '$1');
    // The path's case is ignored, the captured profileId keeps its own.
    const match = routes
      .map(([re, method, handler]) => ({ m: re.exec(rawPath.toLowerCase()), method, handler }))
      .filter((r) => r.m);
    const route = match.find((r) => r.method === req.method);
    res.setHeader('Server', 'Kestrel');
    if (!route) {
      req.resume();
      res.statusCode = match.length > 0 ? 405 : 404;
      if (match.length > 0) res.setHeader('Allow', match.map((r) => r.method).join(', '));
      res.setHeader('Content-Length', '0');
      res.end();
      return;
    }
    const captured = route.m?.[1] ? (re_capture(rawPath, route.m[1]) ?? route.m[1]) : '';
    Promise.resolve(route.handler(req, res, captured)).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The captured segment in its original case (the match ran on the lower-cased path). */
function re_capture(path: string, lowered: string): string | undefined {
  const at = path.toLowerCase().indexOf(lowered);
  return at < 0 ? undefined : path.slice(at, at + lowered.length);
}
