/**
 * The eighteenth clean-room provider: routes, authentication and the connection to its hand-rolled
 * HTTP/1.1 (wire.ts). Capillary at the root and fabric under /api on one port. Capillary takes
 * OAuth only (no Basic: the pages allow either): tokens from POST /v3/oauth/token/generate live
 * `tokenTtlSeconds` (5 s by default) and stay valid until then, several at once per client. The
 * viewer client lacks the Points access group, which only the deduction's page asks for (403,
 * code 4000 as the legacy docs give it).
 */
import { randomBytes } from 'node:crypto';
// The project's seeded PRNG (mulberry32): only its numbers are used, nothing of the suite's logic.
import { seededRandom } from '../../src/engine/negative-cases.ts';
import { balance, capError, deduct, type Reply, unlock } from './capillary.ts';
import { fjord } from './data.ts';
import { adjust, inquire, type Member } from './fabric.ts';
import { toJson } from './json.ts';
import { listenWire, type WireAnswer, type WireRequest } from './wire.ts';

export interface Cleanroom18Options {
  readonly seed: number;
  /** Requests a connection carries before its answer says `Connection: close` (default 4). */
  readonly maxPerConnection?: number;
  readonly tokenTtlSeconds?: number;
  /** Escape the first letter of every JSON key (`"\u0065ntityId"`). */
  readonly escapeKeys?: boolean;
}

export interface Cleanroom18Provider {
  readonly url: string;
  /** Requests served, tokens issued, and calls refused for an expired token. */
  stats(): {
    requests: number;
    heads: number;
    tokens: number;
    expired: number;
    connections: number;
    closedAtMax: number;
  };
  close(): Promise<void>;
}

const CLIENTS: Record<string, { secret: string; points: boolean }> = {
  'cr18-fjord-app': { secret: 'fjord-app-secret', points: true },
  'cr18-fjord-viewer': { secret: 'fjord-viewer-secret', points: false },
};
const FABRIC_TOKEN = 'cr18-fabric-token';
const MEMBER = 'f18a7c2e-0b1d-4e5f-9a18-18c0ffee0018';

const ROUTES: Record<string, string> = {
  '/v3/oauth/token/generate': 'POST',
  '/v2/customers/lookup/negativePointsAdjustment': 'POST',
  '/v2/customers/lookup/points/balance': 'GET',
  '/v2/points/unlockPromisedPoints': 'POST',
  '/api/v1/members/points-adjustment': 'POST',
};
const INQUIRY = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/;

export async function startCleanroom18Provider(options: Cleanroom18Options): Promise<Cleanroom18Provider> {
  const org = fjord();
  const members = new Map<string, Member>([[MEMBER, { available: 1_000_000, pending: 0 }]]);
  const tokens = new Map<string, { client: string; expires: number }>();
  const ttl = options.tokenTtlSeconds ?? 5;
  const counts = { requests: 0, heads: 0, tokens: 0, expired: 0 };

  const json = (reply: Reply, headers?: Record<string, string>): WireAnswer => ({
    status: reply.status,
    body: toJson(reply.body, options.escapeKeys),
    headers,
  });

  const issue = (raw: string): Reply => {
    let body: { key?: unknown; secret?: unknown } = {};
    try {
      body = JSON.parse(raw);
    } catch {
      // an unreadable body is wrong credentials
    }
    const client = typeof body?.key === 'string' ? CLIENTS[body.key] : undefined;
    if (!client || client.secret !== body.secret)
      return {
        status: 401,
        body: { data: null, errors: [{ code: 401, status: false, message: 'Unknown client' }] },
      };
    const accessToken = randomBytes(24).toString('base64url');
    tokens.set(accessToken, { client: body.key as string, expires: Date.now() + ttl * 1000 });
    counts.tokens++;
    return { status: 200, body: { data: { accessToken, ttlSeconds: ttl }, errors: null } };
  };

  /** The client a Capillary call authenticates as, or the refusal. */
  const authenticate = (request: WireRequest): string | Reply => {
    const token = request.headers.get('x-cap-api-oauth-token');
    const held = token ? tokens.get(token) : undefined;
    if (held && held.expires > Date.now()) return held.client;
    if (held) counts.expired++;
    return { ...capError(401, 'Sign in with an OAuth token from /v3/oauth/token/generate'), status: 401 };
  };

  const capillary = (path: string, request: WireRequest, query: URLSearchParams): Reply => {
    const client = authenticate(request);
    if (typeof client !== 'string') return client;
    if (path.endsWith('/balance')) return balance(org, query);
    if (path.endsWith('/unlockPromisedPoints')) return unlock(org, query, request.body);
    if (!CLIENTS[client]!.points) return { ...capError(4000, 'This client may not use Points'), status: 403 };
    return deduct(org, query, request.body);
  };

  const fabric = (path: string, request: WireRequest): Reply => {
    if (request.headers.get('authorization') !== `Bearer ${FABRIC_TOKEN}`)
      return {
        status: 401,
        body: { status: 401, message: 'Unauthorized', errors: { auth: 'Bearer token' }, data: null },
      };
    const inquiry = INQUIRY.exec(path);
    if (inquiry) return inquire(members, decodeURIComponent(inquiry[1]!));
    return adjust(members, request.body);
  };

  const handle = async (request: WireRequest): Promise<WireAnswer> => {
    counts.requests++;
    const url = new URL(request.target, 'http://cr18.invalid');
    const path = url.pathname;
    const method = INQUIRY.test(path) ? 'GET' : ROUTES[path];
    if (!method) return json({ status: 404, body: { message: 'No such resource', path } });
    const allow = method === 'GET' ? 'GET, HEAD, OPTIONS' : `${method}, OPTIONS`;
    if (request.method === 'OPTIONS') return { status: 204, headers: { Allow: allow } };
    if (request.method === 'HEAD' && method === 'GET') counts.heads++;
    else if (request.method !== method)
      return json({ status: 405, body: { message: `Use ${method}` } }, { Allow: allow });
    if (path === '/v3/oauth/token/generate') return json(issue(request.body));
    if (path.startsWith('/api/')) return json(fabric(path, request));
    return json(capillary(path, request, url.searchParams));
  };

  const server = await listenWire(handle, {
    maxPerConnection: options.maxPerConnection ?? 4,
    random: seededRandom(options.seed),
  });
  return {
    url: server.url,
    stats: () => ({
      ...counts,
      connections: server.connections.accepted,
      closedAtMax: server.connections.closedAtMax,
    }),
    close: () => server.close(),
  };
}
