import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import {
  type CapillaryContext,
  negativePointsAdjustment,
  pointsBalance,
  unlockPromisedPoints,
} from './capillary.ts';
import { FABRIC_TOKEN, ORGS, type OrgSeed, type Principal } from './data.ts';
import { adjustMemberPoints, inquireMemberPoints } from './fabric.ts';
import {
  capillaryAuthorizer,
  fabricAuthorizer,
  gateway,
  type Identity,
  LambdaPool,
  noAuthorizer,
  type Route,
} from './gateway.ts';
import { Decoder, kString } from './kotlin.ts';
import { type Answer, type Call, PlainError, requireJson, respond, statusPages } from './ktor.ts';
import { seedStore } from './store.ts';

/**
 * The twenty-eighth clean-room provider: a Kotlin Ktor service (kotlinx.serialization, Exposed on
 * DynamoDB-style storage) behind AWS API Gateway with Lambda proxy integration, reproduced in
 * TypeScript. Capillary at the root, fabric under /api, one gateway.
 */
export interface Cleanroom28Options {
  /** Dual eligibility on in org tidewater, with this primary identifier. */
  readonly dualPrimary?: 'externalId' | 'email';
  /** Seed of the cold-start and backoff jitter. */
  readonly seed?: number;
  /** Lambda start-up latency (cold 150–400 ms, warm 2–15 ms); on unless false. */
  readonly latency?: boolean;
}

/** mulberry32: the seeded jitter of cold starts and retry backoff. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Session = { org: OrgSeed; principal: Principal };

/** POST /v3/oauth/token/generate: `{"key","secret"}` of an OAuth app → a token for an hour. */
function tokenEndpoint(tokens: Map<string, Session>) {
  return async (call: Call): Promise<Answer> => {
    requireJson(call);
    const d = Decoder.of('com.tidewave.loyalty.capillary.dto.TokenRequest', call.body);
    const key = d.required('key', kString);
    const secret = d.required('secret', kString);
    for (const org of ORGS)
      for (const principal of org.principals)
        if (principal.scheme === 'oauth' && principal.name === key && principal.secret === secret) {
          const accessToken = randomBytes(24).toString('base64url');
          tokens.set(accessToken, { org, principal });
          // `errors: List<ApiError>? = null`: explicitNulls = false leaves it out.
          return respond(200, { data: { accessToken, ttlSeconds: 3600 }, errors: null });
        }
    throw new PlainError(401, 'UNAUTHORIZED', 'Invalid key or secret');
  };
}

export async function startCleanroom28Provider(options: Cleanroom28Options = {}): Promise<LoopbackServer> {
  const random = seeded(options.seed ?? 2028);
  const store = seedStore();
  const tokens = new Map<string, Session>();
  const context = (identity: Identity): CapillaryContext => {
    if (identity.family !== 'capillary') throw new Error('a Capillary route without its authorizer');
    const dualPrimary = identity.org.id === 'tidewater' ? options.dualPrimary : undefined;
    return { store, org: identity.org, random, ...(dualPrimary ? { dualPrimary } : {}) };
  };
  const capillary = (needsPointsGroup: boolean) => capillaryAuthorizer(ORGS, tokens, needsPointsGroup);
  const routes: Route[] = [
    {
      method: 'POST',
      path: /^\/v2\/customers\/lookup\/negativePointsAdjustment$/,
      // The page's prerequisite: "Access to Points access group resource".
      authorizer: capillary(true),
      handler: (call, identity) => negativePointsAdjustment(context(identity), call),
    },
    {
      method: 'POST',
      path: /^\/v2\/points\/unlockPromisedPoints$/,
      // The page's prerequisite: the default access group, which every till has.
      authorizer: capillary(false),
      handler: (call, identity) => unlockPromisedPoints(context(identity), call),
    },
    {
      method: 'GET',
      path: /^\/v2\/customers\/lookup\/points\/balance$/,
      authorizer: capillary(false),
      handler: (call, identity) => pointsBalance(context(identity), call),
    },
    {
      method: 'POST',
      path: /^\/v3\/oauth\/token\/generate$/,
      authorizer: noAuthorizer,
      handler: tokenEndpoint(tokens),
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/members\/points-adjustment$/,
      authorizer: fabricAuthorizer(FABRIC_TOKEN),
      handler: (call) => adjustMemberPoints(store, random, call),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/inquire\/([^/]+)\/member-points$/,
      authorizer: fabricAuthorizer(FABRIC_TOKEN),
      handler: (_call, _identity, match) => inquireMemberPoints(store, decodeURIComponent(match[1]!)),
    },
  ];
  const lambda = new LambdaPool(random, options.latency !== false);
  const handle = gateway(routes, lambda, statusPages);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"message":"Internal server error"}');
    });
  });
  return listenOnLoopback(server);
}
