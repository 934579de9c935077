import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import { negativePointsAdjustment, pointsBalance, unlockPromisedPoints } from './capillary.ts';
import { type Credential, type Org, type Store, seed } from './data.ts';
import { adjustPoints, bearer, memberPoints, openMembers } from './fabric.ts';
import {
  type Answer,
  asRecord,
  forbidden,
  HttpException,
  notFoundRoute,
  parseJson,
  send,
  unauthorized,
} from './nest.ts';

/**
 * The twenty-sixth clean room: a NestJS service (class-validator, class-transformer, TypeORM on
 * MySQL) on Express, reproduced in TypeScript. One process: Capillary at the root, fabric under /api.
 */
export interface Cleanroom26Options {
  /** Dual eligibility on in org shinano, with this identifier primary. */
  readonly dualPrimary?: string;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** The auth guard: Basic `till:md5(password)` or an OAuth token; the Points access group for the ledger. */
function authenticate(store: Store, headers: IncomingHttpHeaders): Credential {
  const token = headers['x-cap-api-oauth-token'];
  if (typeof token === 'string') {
    const credential = store.tokens.get(token);
    if (!credential) throw unauthorized();
    return credential;
  }
  const header = headers.authorization ?? '';
  if (!header.startsWith('Basic ')) throw unauthorized();
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const till = store.tills.get(decoded.slice(0, colon));
  if (colon < 0 || !till || till.md5 !== decoded.slice(colon + 1).toLowerCase()) throw unauthorized();
  return till.credential;
}

function issueToken(store: Store, raw: unknown): unknown {
  const body = asRecord(raw);
  const app = typeof body.key === 'string' ? store.apps.get(body.key) : undefined;
  if (!app || app.secret !== body.secret) throw unauthorized();
  const token = `cr26.${md5(`${body.key}:${store.tokens.size}:${Math.random()}`)}`;
  store.tokens.set(token, app.credential);
  return { data: { accessToken: token, ttlSeconds: 3600 }, errors: null };
}

type Route = (req: IncomingMessage, query: URLSearchParams, body: () => unknown, path: string) => unknown;

export async function startCleanroom26Provider(options: Cleanroom26Options = {}): Promise<LoopbackServer> {
  const store = seed(md5, options.dualPrimary);
  const members = openMembers();
  const ledger =
    (handler: (org: Org, query: URLSearchParams, body: () => unknown) => unknown): Route =>
    (req, query, body) => {
      const credential = authenticate(store, req.headers);
      // RolesGuard: a till without the Points access group is refused every points resource.
      if (!credential.points) throw forbidden();
      return handler(credential.org, query, body);
    };
  const routes: Record<string, Route> = {
    'POST /v3/oauth/token/generate': (_req, _q, body) => issueToken(store, body()),
    'POST /v2/customers/lookup/negativePointsAdjustment': ledger((org, q, body) =>
      negativePointsAdjustment(org, q, body()),
    ),
    'POST /v2/points/unlockPromisedPoints': ledger((org, q, body) => unlockPromisedPoints(org, q, body())),
    'GET /v2/customers/lookup/points/balance': ledger((org, q) => pointsBalance(org, q)),
    'POST /api/v1/members/points-adjustment': (req, _q, body) => {
      bearer(req.headers);
      return adjustPoints(members, body());
    },
  };
  const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 102_400) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const method = req.method ?? 'GET';
      let answer: Answer;
      try {
        // body-parser's default limit: 100kb.
        if (size > 102_400)
          throw new HttpException(413, {
            statusCode: 413,
            message: 'request entity too large',
            error: 'Payload Too Large',
          });
        const text = Buffer.concat(chunks).toString('utf8');
        const json = (req.headers['content-type'] ?? '').includes('json');
        const body = () => (json ? parseJson(text) : {});
        const route = routes[`${method} ${url.pathname}`];
        const member = method === 'GET' ? inquiry.exec(url.pathname) : null;
        if (route)
          // @HttpCode(200) on every POST: the pages document 200, not Nest's default 201.
          answer = { status: 200, body: route(req, url.searchParams, body, url.pathname) };
        else if (member) {
          bearer(req.headers);
          answer = { status: 200, body: memberPoints(members, decodeURIComponent(member[1] as string)) };
        } else answer = notFoundRoute(method, url.pathname);
      } catch (error) {
        if (!(error instanceof HttpException)) throw error;
        answer = { status: error.status, body: error.body };
      }
      send(res, answer);
    });
  });
  return listenOnLoopback(server);
}
