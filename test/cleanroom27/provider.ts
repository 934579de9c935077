import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  authenticate,
  generateToken,
  negativePointsAdjustment,
  pointsBalance,
  unlockPromisedPoints,
} from './capillary.ts';
import { type Db, seed } from './data.ts';
import { CapillaryError, ChangesetError } from './ecto.ts';
import { adjustPoints, authenticateFabric, memberPoints } from './fabric.ts';
import { decodeQuery, type Param, PlugError, readBody, sendDetail, sendJson } from './plug.ts';

/**
 * The twenty-seventh clean-room provider: an Elixir Phoenix service (Plug, Ecto on PostgreSQL,
 * Jason, Decimal) on Bandit, reproduced in TypeScript. The endpoint's plugs run first (Plug.Parsers
 * for POST bodies, before any route or credential is looked at), then the router, then a
 * pipeline's AuthPlug, then the controller; the FallbackController renders what a controller
 * refuses.
 */
export interface Cleanroom27Options {
  /** Dual eligibility on in org krakow with this primary identifier. */
  readonly dualPrimary?: 'externalId';
}

export interface Cleanroom27Provider {
  readonly url: string;
  close(): Promise<void>;
}

type Action = (
  db: Db,
  req: IncomingMessage,
  query: Record<string, Param>,
  body: Record<string, unknown>,
) => unknown;

/** The router: method and path to an action; everything else is Phoenix.Router.NoRouteError (404). */
function route(method: string, path: string): Action | undefined {
  const key = `${method} ${path}`;
  switch (key) {
    case 'POST /v3/oauth/token/generate':
      return (db, _req, _q, body) => generateToken(db, body);
    case 'POST /v2/customers/lookup/negativePointsAdjustment':
      return (db, req, q, body) => negativePointsAdjustment(db, authenticate(db, req), q, body);
    case 'POST /v2/points/unlockPromisedPoints':
      return (db, req, q, body) => unlockPromisedPoints(db, authenticate(db, req), q, body);
    case 'GET /v2/customers/lookup/points/balance':
      return (db, req, q) => pointsBalance(db, authenticate(db, req), q);
    case 'POST /api/v1/members/points-adjustment':
      return (db, req, _q, body) => {
        authenticateFabric(req);
        return adjustPoints(db, body);
      };
  }
  const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
  if (method === 'GET' && inquiry !== null)
    return (db, req) => {
      authenticateFabric(req);
      return memberPoints(db, decodeURIComponent(inquiry[1] as string));
    };
  return undefined;
}

const PARSED_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

async function handle(db: Db, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const body = PARSED_METHODS.includes(method) ? await readBody(req) : {};
    const query = decodeQuery(url.search);
    const action = route(method, url.pathname);
    if (action === undefined) throw new PlugError(404, 'Not Found');
    sendJson(res, 200, await action(db, req, query, body));
  } catch (error) {
    if (error instanceof PlugError) sendDetail(res, error);
    else if (error instanceof ChangesetError) sendJson(res, 422, { errors: error.errors });
    else if (error instanceof CapillaryError)
      sendJson(res, error.status, {
        errors: [{ status: false, code: error.code, message: error.message }],
        warnings: [],
      });
    else sendDetail(res, new PlugError(500, 'Internal Server Error'));
  }
}

export async function startCleanroom27Provider(
  options: Cleanroom27Options = {},
): Promise<Cleanroom27Provider> {
  const db = seed(options.dualPrimary);
  const server = createServer((req, res) => {
    void handle(db, req, res);
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
