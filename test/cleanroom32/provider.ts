/**
 * The thirty-second clean-room provider: a Haskell Servant service (aeson, postgresql-simple on
 * PostgreSQL 16 NUMERIC(14,3) columns) behind a Kong 3.6 gateway, reproduced in TypeScript and
 * written from the four documents and DESIGN.md alone. One host: Capillary at the root, fabric
 * under /api. Kong first (kong.ts), then servant's routing, auth, content type and decoding
 * (servant.ts, auth.ts), then the handlers (capillary.ts, fabric.ts).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator, type Caller, notInPointsGroup } from './auth.ts';
import {
  type Capillary,
  negativePointsAdjustment,
  pointsBalance,
  unlockPromisedPoints,
} from './capillary.ts';
import { FABRIC_TOKEN, seedFabric, seedOrgs } from './data.ts';
import { adjustPoints, type Members, memberPoints } from './fabric.ts';
import { Kong } from './kong.ts';
import { RowLocks } from './ledger.ts';
import { type Answer, empty, json, readBody } from './servant.ts';

export interface Cleanroom32Options {
  /** Dual eligibility on in kestrel with this primary identifier (off when absent). */
  readonly dualPrimary?: string;
  /** Kong's rate-limiting plugin: calls a second per client IP. Default 400. */
  readonly callsPerSecond?: number;
}

export interface Cleanroom32Provider {
  readonly url: string;
  readonly kong: Kong;
  close(): Promise<void>;
}

const WARP = 'Warp/3.3.31';

/** Bodies past this are refused by warp before the service reads them (Kong's default is larger). */
const MAX_BODY = 1 << 20;

interface Service {
  readonly auth: Authenticator;
  readonly locks: RowLocks;
  readonly members: Members;
}

export async function startCleanroom32Provider(
  options: Cleanroom32Options = {},
): Promise<Cleanroom32Provider> {
  const orgs = seedOrgs();
  const kestrel = orgs.find((o) => o.id === 'kestrel');
  if (kestrel && options.dualPrimary) kestrel.dualPrimary = options.dualPrimary;
  const service: Service = { auth: new Authenticator(orgs), locks: new RowLocks(), members: seedFabric() };
  const kong = new Kong(options.callsPerSecond ?? 400);
  const server = createServer((req, res) => {
    read(req)
      .then(async (text) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (!kong.routes(url.pathname)) return kong.noRoute();
        const admitted = kong.admit(url.pathname);
        if ('answer' in admitted) return admitted.answer;
        const started = Date.now();
        const answer = await serve(service, req, url, text);
        // warp names itself on every answer; Kong passes the upstream's Server through.
        const warp = { ...answer, headers: { ...answer.headers, Server: WARP } };
        return kong.proxied(warp, admitted.headers, Date.now() - started);
      })
      // warp: a body past its limit is 413; an exception escaping a handler its plain 500 (none does in a correct reading).
      .catch((e: unknown) =>
        e instanceof BodyTooLarge
          ? empty(413)
          : {
              status: 500,
              headers: { 'Content-Type': 'text/plain; charset=utf-8' },
              body: 'Something went wrong',
            },
      )
      .then((answer) => {
        res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) });
        res.end(answer.body);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    kong,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

class BodyTooLarge extends Error {
  readonly code = 'BODY_TOO_LARGE';
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () =>
      size > MAX_BODY ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

type Route = {
  method: string;
  handle: (s: Service, req: IncomingMessage, url: URL, text: string) => Answer | Promise<Answer>;
};

const ROUTES: Record<string, Route> = {
  '/v2/customers/lookup/negativePointsAdjustment': {
    method: 'POST',
    handle: (s, req, url, text) =>
      withCapillary(s, req, true, (c) =>
        withBody(req, text, (body) => negativePointsAdjustment(c, url.searchParams, body)),
      ),
  },
  '/v2/points/unlockPromisedPoints': {
    method: 'POST',
    handle: (s, req, url, text) =>
      withCapillary(s, req, false, (c) =>
        withBody(req, text, (body) => unlockPromisedPoints(c, url.searchParams, body)),
      ),
  },
  '/v2/customers/lookup/points/balance': {
    method: 'GET',
    handle: (s, req, url) => withCapillary(s, req, false, (c) => balance(c, url.searchParams)),
  },
  '/v3/oauth/token/generate': {
    method: 'POST',
    handle: (s, req, _url, text) => withBody(req, text, (body) => s.auth.generate(body)),
  },
  '/api/v1/members/points-adjustment': {
    method: 'POST',
    handle: (s, req, _url, text) =>
      withFabric(req, () => withBody(req, text, (body) => adjustPoints(s.members, body))),
  },
};

const INQUIRY = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/;

async function serve(s: Service, req: IncomingMessage, url: URL, text: string): Promise<Answer> {
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
  const inquiry = INQUIRY.exec(path);
  const route: Route | undefined = inquiry
    ? {
        method: 'GET',
        handle: () => withFabric(req, () => memberPoints(s.members, decodeURIComponent(inquiry[1] ?? ''))),
      }
    : ROUTES[path];
  if (!route) return empty(404);
  if (req.method !== route.method) return empty(405);
  return route.handle(s, req, url, text);
}

function withCapillary(
  s: Service,
  req: IncomingMessage,
  pointsGroup: boolean,
  next: (c: Capillary) => Answer | Promise<Answer>,
): Answer | Promise<Answer> {
  const caller: Caller | Answer = s.auth.capillary(req.headers);
  if ('status' in caller) return caller;
  if (pointsGroup && !caller.credential.points) return notInPointsGroup();
  return next({ org: caller.org, locks: s.locks });
}

function withFabric(req: IncomingMessage, next: () => Answer | Promise<Answer>): Answer | Promise<Answer> {
  if (req.headers.authorization !== `Bearer ${FABRIC_TOKEN}`)
    return json(
      401,
      '{"message":"Unauthorized","errors":{"authorization":"a valid Bearer token is required"},"data":null,"status":401}',
    );
  return next();
}

function withBody(
  req: IncomingMessage,
  text: string,
  next: (body: Record<string, unknown>) => Answer | Promise<Answer>,
): Answer | Promise<Answer> {
  const read = readBody(req.headers['content-type'], text);
  return 'answer' in read ? read.answer : next(read.body);
}

/** servant's `QueryParam "programId" Int` and `QueryParam "fetchDataForAllPrograms" Bool`: 400 in plain text. */
function balance(c: Capillary, q: URLSearchParams): Answer {
  const programId = q.get('programId');
  if (programId !== null && !/^-?\d+$/.test(programId))
    return queryParamFailed('programId', programId, 'input does not start with a digit');
  const all = q.get('fetchDataForAllPrograms');
  if (all !== null && !/^(true|false)$/i.test(all))
    return queryParamFailed('fetchDataForAllPrograms', all, 'expected a boolean');
  return pointsBalance(c, q);
}

const queryParamFailed = (name: string, value: string, why: string): Answer => ({
  status: 400,
  headers: { 'Content-Type': 'text/plain;charset=utf-8' },
  body: `Error parsing query parameter ${name} failed: could not parse: \`${value}' (${why})`,
});
