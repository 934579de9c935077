import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { capillaryOAuthTokenAuth } from '../../src/client/auth.ts';
import { capillaryBasicAuth, capillaryOAuthAuth, type Exchange } from '../../src/client/index.ts';
import { readText, useClientTargets } from './helpers.ts';

const GET = 'getPointsBalance';
const POST = 'negativePointsAdjustment';
const TOKEN = 'generateOAuthToken';
const query = { identifierName: 'mobile', identifierValue: '1' };
const body = { pointsToBeAdjusted: 5 };
const SECRET = 'refused-secret';

const targets = useClientTargets({ concurrent: true });

const answer = (res: ServerResponse, status: number, body: unknown = { status }) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** How a target refuses a token: 401 by default. */
interface Refusal {
  readonly status: number;
  readonly body?: unknown;
}

/**
 * A Capillary target issuing tokens `token-1`, `token-2`, … (an hour of life each), accepting a
 * token while `accepts(token, uses)` says so (`uses`: calls made with it, this one included), and
 * counting every call's token (or its absence) in `sentWith`.
 */
async function tokenTarget(
  accepts: (token: string, uses: number) => boolean,
  refusal: Refusal = { status: 401 },
) {
  let issued = 0;
  const uses = new Map<string, number>();
  const sentWith: string[] = [];
  const bodies: string[] = [];
  const started = await targets.target(async (req: IncomingMessage, res: ServerResponse) => {
    const text = await readText(req);
    if (req.url?.startsWith('/v3/oauth/token/generate')) {
      issued += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { accessToken: `token-${issued}`, ttlSeconds: 3600 } }));
      return;
    }
    const token = req.headers['x-cap-api-oauth-token'];
    const sent = typeof token === 'string' ? token : String(req.headers.authorization ?? 'none');
    sentWith.push(sent);
    bodies.push(text);
    const used = (uses.get(sent) ?? 0) + 1;
    uses.set(sent, used);
    if (sent.startsWith('token-') && accepts(sent, used)) answer(res, 200);
    else answer(res, refusal.status, refusal.body);
  });
  return { ...started, sentWith, bodies, issued: () => issued };
}

const operations = (exchanges: readonly Exchange[]) => exchanges.map((e) => e.operationId);

describe.concurrent('createHttpClient when the target refuses a token the suite fetched', () => {
  it('resends a POST once with a new token when the target revoked the first after 2 calls', async () => {
    const { client, exchanges, sentWith, bodies } = await tokenTarget((_token, uses) => uses <= 2);
    const auth = capillaryOAuthAuth({ key: 'refused-key', secret: SECRET });
    for (let i = 0; i < 2; i += 1) {
      expect((await client.call(GET, { principal: 'strict', auth, query })).response?.status).toBe(200);
    }
    const exchange = await client.call(POST, { principal: 'strict', auth, query, body });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.attempts).toBe(2);
    expect(exchange.refusedTokenResends).toBe(1);
    expect(sentWith).toEqual(['token-1', 'token-1', 'token-1', 'token-2']);
    // The POST was sent twice, the same body both times (a 401 means it was not processed).
    expect(bodies.slice(2)).toEqual([JSON.stringify(body), JSON.stringify(body)]);
    // Both token requests recorded, each before the exchange it served; the resend is redacted.
    expect(operations(exchanges)).toEqual([TOKEN, GET, GET, TOKEN, POST]);
    expect(exchange.request.headers['x-cap-api-oauth-token']).not.toContain('token-2');
    expect(JSON.stringify(exchanges)).not.toContain(SECRET);
    // The new token serves the next calls without another token request.
    expect((await client.call(GET, { principal: 'strict', auth, query })).attempts).toBe(1);
    expect(sentWith.at(-1)).toBe('token-2');
  });

  it('resends exactly once when the target refuses every token, and the 401 stands', async () => {
    const { client, exchanges, sentWith, issued } = await tokenTarget(() => false);
    const auth = capillaryOAuthAuth({ key: 'refused-key', secret: SECRET });
    const exchange = await client.call(POST, { principal: 'strict', auth, query, body });
    expect(exchange.response?.status).toBe(401);
    expect(exchange.attempts).toBe(2);
    expect(exchange.refusedTokenResends).toBe(1);
    expect(sentWith).toEqual(['token-1', 'token-2']);
    expect(issued()).toBe(2);
    expect(operations(exchanges)).toEqual([TOKEN, TOKEN, POST]);
  });

  it('resends once with a new token when the target answers a revoked token 403 (variant hunt 34)', async () => {
    const revoked = { errors: [{ status: false, code: 401, message: 'token revoked' }], warnings: [] };
    const { client, sentWith } = await tokenTarget((_token, uses) => uses <= 1, {
      status: 403,
      body: revoked,
    });
    const auth = capillaryOAuthAuth({ key: 'refused-key', secret: SECRET });
    expect((await client.call(GET, { principal: 'strict', auth, query })).response?.status).toBe(200);
    const exchange = await client.call(POST, { principal: 'strict', auth, query, body });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.refusedTokenResends).toBe(1);
    expect(sentWith).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it('resends once with a new token when the target answers a revoked token 200 with the envelope, code 401', async () => {
    const revoked = { errors: [{ status: false, code: 401, message: 'token revoked' }], warnings: [] };
    const { client, sentWith } = await tokenTarget((_token, uses) => uses <= 1, {
      status: 200,
      body: revoked,
    });
    const auth = capillaryOAuthAuth({ key: 'refused-key', secret: SECRET });
    expect((await client.call(GET, { principal: 'strict', auth, query })).response?.status).toBe(200);
    const exchange = await client.call(POST, { principal: 'strict', auth, query, body });
    expect(exchange.refusedTokenResends).toBe(1);
    expect(sentWith).toEqual(['token-1', 'token-1', 'token-2']);
  });

  it.each([
    [4000, 'the access group: a new token carries the same groups'],
    [1102, "a code of the target's own, e.g. a store the credentials may not name"],
  ])('does not resend a 403 naming code %i (%s), even to a token accepted before', async (code) => {
    const refusal = { errors: [{ status: false, code, message: 'Not authorized' }], warnings: [] };
    const { client, sentWith, issued } = await tokenTarget((_token, uses) => uses <= 1, {
      status: 403,
      body: refusal,
    });
    const auth = capillaryOAuthAuth({ key: 'refused-key', secret: SECRET });
    expect((await client.call(GET, { principal: 'strict', auth, query })).response?.status).toBe(200);
    const exchange = await client.call(POST, { principal: 'strict', auth, query, body });
    expect(exchange.response?.status).toBe(403);
    expect(exchange.attempts).toBe(1);
    expect(exchange.refusedTokenResends).toBeUndefined();
    expect(sentWith).toEqual(['token-1', 'token-1']);
    expect(issued()).toBe(1);
  });

  it('does not resend a 403 to a token the target never accepted (its access group, by a gateway naming no code)', async () => {
    const { client, sentWith, issued } = await tokenTarget(() => false, {
      status: 403,
      body: { message: 'Forbidden' },
    });
    const auth = capillaryOAuthAuth({ key: 'refused-key', secret: SECRET });
    const exchange = await client.call(POST, { principal: 'strict', auth, query, body });
    expect(exchange.response?.status).toBe(403);
    expect(exchange.refusedTokenResends).toBeUndefined();
    expect(sentWith).toEqual(['token-1']);
    expect(issued()).toBe(1);
  });

  it('resends concurrent calls refused with one token after a single token request', async () => {
    const { client, sentWith, issued } = await tokenTarget((token) => token !== 'token-1');
    const auth = capillaryOAuthAuth({ key: 'refused-key', secret: SECRET });
    // The first call fetches token-1; the next four share it, are refused, and share token-2.
    expect((await client.call(GET, { principal: 'strict', auth, query })).response?.status).toBe(200);
    const all = await Promise.all(
      Array.from({ length: 4 }, () => client.call(GET, { principal: 'strict', auth, query })),
    );
    expect(all.map((e) => e.response?.status)).toEqual([200, 200, 200, 200]);
    expect(issued()).toBe(2);
    expect(sentWith.filter((t) => t === 'token-2')).toHaveLength(5);
  });

  it('does not resend calls that send no credentials or wrong ones on purpose, Basic, or a pre-issued token', async () => {
    const { client, exchanges, sentWith, issued } = await tokenTarget(() => false);
    const calls = [
      client.call(POST, { principal: 'strict', auth: 'none', query, body }),
      client.call(POST, {
        principal: 'strict',
        auth: { headers: { 'X-CAP-API-OAUTH-TOKEN': 'lc-invalid-1' } },
        query,
        body,
      }),
      client.call(POST, {
        principal: 'strict',
        auth: capillaryBasicAuth({ username: 'till', password: 'wrong' }),
        query,
        body,
      }),
      client.call(POST, {
        principal: 'strict',
        auth: capillaryOAuthTokenAuth({ token: 'vault-1' }),
        query,
        body,
      }),
    ];
    for (const exchange of await Promise.all(calls)) {
      expect(exchange.response?.status).toBe(401);
      expect(exchange.attempts).toBe(1);
      expect(exchange.refusedTokenResends).toBeUndefined();
    }
    expect(sentWith).toHaveLength(4);
    expect(issued()).toBe(0);
    expect(operations(exchanges)).toEqual([POST, POST, POST, POST]);
  });
});
