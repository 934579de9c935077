import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import { authenticate, issueToken } from './auth.ts';
import { type Answer, json, jsonExtractor, Rejection, send } from './axum.ts';
import {
  type CapillaryConfig,
  type Incoming,
  negativePointsAdjustment,
  pointsBalance,
  unlockPromisedPoints,
} from './capillary.ts';
import { adjustPoints, bearerRefused, memberPoints, openMembers } from './fabric.ts';
import { openOrgs } from './store.ts';

/**
 * The twenty-fourth clean room: a Rust service (axum, serde, rust_decimal on SQLite) reproduced
 * in TypeScript. One process serves Capillary at the root and fabric under /api.
 */
export interface Cleanroom24Options extends CapillaryConfig {}

export type Cleanroom24Provider = LoopbackServer;

/** axum's `DefaultBodyLimit`: 2 MiB, then `413 Failed to buffer the request body`. */
const BODY_LIMIT = 2 * 1024 * 1024;

type Handler = (req: IncomingMessage, incoming: Incoming, path: string) => Answer;

/** `Router::new().route(…)`: a path, its methods; path parameters only for the member inquiry. */
function route(routes: Record<string, Record<string, Handler>>, path: string) {
  if (routes[path]) return routes[path];
  return /^\/api\/v1\/inquire\/[^/]+\/member-points$/.test(path)
    ? routes['/api/v1/inquire/:profileId/member-points']
    : undefined;
}

export async function startCleanroom24Provider(
  options: Cleanroom24Options = {},
): Promise<Cleanroom24Provider> {
  const orgs = openOrgs();
  const members = openMembers();
  const capillary =
    (handle: (caller: NonNullable<ReturnType<typeof authenticate>>, incoming: Incoming) => Answer): Handler =>
    (req, incoming) => {
      const caller = authenticate(orgs, req.headers);
      if (!caller)
        return json(401, { errors: [{ status: false, code: 401, message: 'Unauthorized' }], warnings: [] });
      return handle(caller, incoming);
    };
  const fabric =
    (handle: (incoming: Incoming, path: string) => Answer): Handler =>
    (req, incoming, path) =>
      bearerRefused(req.headers) ?? handle(incoming, path);
  const routes: Record<string, Record<string, Handler>> = {
    '/v2/customers/lookup/negativePointsAdjustment': { POST: capillary(negativePointsAdjustment) },
    '/v2/points/unlockPromisedPoints': { POST: capillary(unlockPromisedPoints) },
    '/v2/customers/lookup/points/balance': {
      GET: capillary((caller, incoming) => pointsBalance(caller, incoming, options)),
    },
    '/v3/oauth/token/generate': {
      POST: (_req, incoming) => {
        const body = jsonExtractor(
          incoming.contentType,
          incoming.body,
          { key: { type: 'String' }, secret: { type: 'String' } },
          'TokenRequest',
        );
        const token = issueToken(orgs, String(body.key), String(body.secret));
        return token
          ? json(200, { data: { accessToken: token, ttlSeconds: 3600 }, errors: null })
          : json(401, {
              data: null,
              errors: [{ status: false, code: 401, message: 'Invalid key or secret' }],
            });
      },
    },
    '/api/v1/members/points-adjustment': {
      POST: fabric((incoming) => adjustPoints(members, incoming.contentType, incoming.body)),
    },
    '/api/v1/inquire/:profileId/member-points': {
      GET: fabric((_incoming, path) => memberPoints(members, decodeURIComponent(path.split('/')[4] ?? ''))),
    },
  };

  const serve = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const methods = route(routes, url.pathname);
    // Unknown routes: axum's fallback, 404 with nothing in it; a known one with another method: 405.
    if (!methods) return send(res, { status: 404, body: '' });
    const handler = methods[req.method ?? ''];
    if (!handler)
      return send(res, { status: 405, body: '', headers: { allow: Object.keys(methods).join(',') } });
    const incoming = { query: url.searchParams, contentType: req.headers['content-type'], body };
    try {
      send(res, handler(req, incoming, url.pathname));
    } catch (error) {
      if (error instanceof Rejection) return send(res, error.answer());
      throw error;
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (over)
        return send(
          res,
          new Rejection(413, 'Failed to buffer the request body: length limit exceeded').answer(),
        );
      serve(req, res, Buffer.concat(chunks).toString());
    });
  });
  return listenOnLoopback(server);
}
