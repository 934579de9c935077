import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  capillaryOAuthAuth,
  createRateLimitBudget,
  describeRateLimit,
  type HttpClientOptions,
  isRateLimited,
  parseRetryAfter,
} from '../../src/client/index.ts';
import { type ClientTarget, createFakeClock, readText, TEST_LIMITS, useClientTargets } from './helpers.ts';

const GET = 'getPointsBalance';
const POST = 'negativePointsAdjustment';
const query = { identifierName: 'mobile', identifierValue: '1' };
const body = { pointsToBeAdjusted: 5 };

// Concurrent: most tests here wait out a real Retry-After of a second, which side by side costs one.
const targets = useClientTargets({ concurrent: true });

/** A local target and a client with the test limits, some of them overridden. */
const target = (
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  limits: Partial<HttpClientOptions['limits']> = {},
): Promise<ClientTarget> => targets.target(handler, { limits: { ...TEST_LIMITS, ...limits } });

const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ status }));
};

describe.concurrent('createHttpClient on a rate-limiting target', () => {
  it('resends a POST answered 429 with Retry-After 1 once, after about a second, and records one exchange', async () => {
    const seen: string[] = [];
    // No upper bound on the wall time (a loaded machine sleeps longer): a budget of 1.1 s pays the
    // 1 s asked for and no longer wait the client might have chosen.
    const { client, exchanges } = await target(
      async (req, res) => {
        seen.push(await readText(req));
        if (seen.length === 1) answer(res, 429, { 'retry-after': '1' });
        else answer(res, 200);
      },
      { rateLimitWaitMs: 1_100 },
    );
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.attempts).toBe(2);
    expect(exchange.rateLimitRetries).toBe(1);
    expect(exchange.rateLimitWaitMs).toBeGreaterThanOrEqual(950);
    expect(exchange.durationMs).toBeGreaterThanOrEqual(exchange.rateLimitWaitMs ?? 0);
    expect(isRateLimited(exchange)).toBe(false);
    expect(seen).toEqual([JSON.stringify(body), JSON.stringify(body)]);
    expect(exchanges).toEqual([exchange]);
  });

  it('sends a POST again with a new token when its token expired while a 429 was waited out', async () => {
    let issued = 0;
    const sentWith: string[] = [];
    const { client, exchanges } = await target(async (req, res) => {
      await readText(req);
      if (req.url?.startsWith('/v3/oauth/token/generate')) {
        issued += 1;
        // A second of life (refreshed 100 ms before its end): it dies during the 1 s wait.
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data: { accessToken: `token-${issued}`, ttlSeconds: 1 } }));
        return;
      }
      const token = String(req.headers['x-cap-api-oauth-token']);
      sentWith.push(token);
      if (sentWith.length === 1) answer(res, 429, { 'retry-after': '1' });
      else answer(res, token === `token-${issued}` ? 200 : 401);
    });
    const auth = capillaryOAuthAuth({ key: 'rate-key', secret: 'rate-secret' });
    const exchange = await client.call(POST, { principal: 'strict', auth, query, body });
    expect(exchange.response?.status).toBe(200);
    expect(sentWith).toEqual(['token-1', 'token-2']);
    expect(exchange.attempts).toBe(2);
    expect(exchange.rateLimitWaitMs).toBeGreaterThanOrEqual(950);
    expect(isRateLimited(exchange)).toBe(false);
    // The two token requests, then the one exchange of the call.
    expect(exchanges.map((e) => e.operationId)).toEqual(['generateOAuthToken', 'generateOAuthToken', POST]);
  });

  it('backs off 250 ms, then 500 ms, after 429s without Retry-After', async () => {
    let hits = 0;
    // A budget of 800 ms pays 250 + 500 and no longer backoff (the wall time has no upper bound).
    const { client } = await target(
      (_req, res) => {
        hits += 1;
        answer(res, hits <= 2 ? 429 : 200);
      },
      { rateLimitWaitMs: 800 },
    );
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.rateLimitRetries).toBe(2);
    expect(exchange.rateLimitWaitMs).toBeGreaterThanOrEqual(700);
    expect(hits).toBe(3);
  });

  it('returns a 429 that never ends, marked budget-exhausted, once the budget cannot pay the next wait', async () => {
    let hits = 0;
    const { client } = await target(
      (req, res) => {
        hits += 1;
        req.resume();
        answer(res, 429, { 'retry-after': '1' });
      },
      { rateLimitWaitMs: 1_500 },
    );
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body });
    expect(exchange.response?.status).toBe(429);
    expect(exchange.rateLimited).toMatchObject({ budgetExhausted: true, nextWaitMs: 1_000 });
    expect(exchange.rateLimited?.waitedMs).toBeGreaterThanOrEqual(950);
    expect(exchange.response?.body).toEqual({ status: 429 });
    expect(describeRateLimit(exchange)).toMatch(/^rate limited by the target \(429 after waiting \d+ ms; /);
    // One wait, not two: counted (it was also "under 2 s" for a 1 s wait, a loaded machine's margin).
    expect(hits).toBe(2);
  });

  it('never waits with rateLimitWaitMs 0: the first 429 comes back marked', async () => {
    let hits = 0;
    const { client } = await target(
      (_req, res) => {
        hits += 1;
        answer(res, 429, { 'retry-after': '1' });
      },
      { rateLimitWaitMs: 0 },
    );
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(429);
    expect(exchange.rateLimited).toEqual({ waitedMs: 0, nextWaitMs: 1_000, budgetExhausted: true });
    expect(exchange.attempts).toBe(1);
    expect(exchange.rateLimitRetries).toBeUndefined();
    expect(hits).toBe(1);
  });

  it('draws every wait of the client from one budget', async () => {
    const { client } = await target((_req, res) => answer(res, 429, { 'retry-after': '1' }), {
      rateLimitWaitMs: 1_500,
    });
    const first = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(first.rateLimitWaitMs).toBeGreaterThanOrEqual(950);
    const second = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(second.attempts).toBe(1);
    expect(second.rateLimited?.budgetExhausted).toBe(true);
  });

  it('counts requests waiting at the same time once against the budget', async () => {
    const answered = new Set<string>();
    const { client } = await target(
      (req, res) => {
        const key = req.headers['x-request'] as string;
        req.resume();
        if (answered.has(key)) answer(res, 200);
        else {
          answered.add(key);
          answer(res, 429, { 'retry-after': '1' });
        }
      },
      { rateLimitWaitMs: 1_500 },
    );
    const all = await Promise.all(
      ['a', 'b', 'c', 'd'].map((key) =>
        client.call(POST, { principal: 'strict', auth: 'none', query, body, headers: { 'x-request': key } }),
      ),
    );
    expect(all.map((e) => e.response?.status)).toEqual([200, 200, 200, 200]);
    expect(all.every((e) => e.rateLimitRetries === 1)).toBe(true);
  });

  it('resends a POST answered 503 with Retry-After', async () => {
    let hits = 0;
    const { client } = await target((req, res) => {
      hits += 1;
      req.resume();
      answer(res, hits === 1 ? 503 : 201, hits === 1 ? { 'retry-after': '1' } : {});
    });
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body });
    expect(exchange.response?.status).toBe(201);
    expect(exchange.rateLimitRetries).toBe(1);
    expect(hits).toBe(2);
  });

  it('resends a POST answered 503 with Retry-After 0 at once, as asked', async () => {
    let hits = 0;
    // A budget below the first backoff (250 ms): the resend is made only if the wait the client
    // chose is the 0 asked for. (Wall time would say the same on a quiet machine only.)
    const { client } = await target(
      (req, res) => {
        hits += 1;
        req.resume();
        answer(res, hits === 1 ? 503 : 201, hits === 1 ? { 'retry-after': '0' } : {});
      },
      { rateLimitWaitMs: 100 },
    );
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body });
    expect(exchange.response?.status).toBe(201);
    expect(exchange.rateLimitRetries).toBe(1);
    expect(hits).toBe(2);
  });

  it('backs off when Retry-After 0 comes again for the same request (no tight loop)', async () => {
    let hits = 0;
    const { client } = await target((req, res) => {
      hits += 1;
      req.resume();
      answer(res, hits <= 2 ? 429 : 201, hits <= 2 ? { 'retry-after': '0' } : {});
    });
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body });
    expect(exchange.response?.status).toBe(201);
    expect(exchange.rateLimitWaitMs).toBeGreaterThanOrEqual(200);
    expect(hits).toBe(3);
  });

  it('never resends a POST answered 503 without Retry-After (it may have been processed)', async () => {
    let hits = 0;
    const { client } = await target(
      (req, res) => {
        hits += 1;
        req.resume();
        answer(res, 503);
      },
      { retries: 3 },
    );
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body });
    expect(exchange.response?.status).toBe(503);
    expect(exchange.attempts).toBe(1);
    expect(exchange.rateLimited).toBeUndefined();
    expect(hits).toBe(1);
  });

  it('does not retry a GET whose 503 with Retry-After outlasts the budget as a plain 503', async () => {
    let hits = 0;
    const { client } = await target(
      (_req, res) => {
        hits += 1;
        answer(res, 503, { 'retry-after': '120' });
      },
      { retries: 2 },
    );
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(503);
    expect(exchange.rateLimited).toMatchObject({ budgetExhausted: true, nextWaitMs: 120_000 });
    expect(hits).toBe(1);
  });

  it('does not count the wait against the per-request timeout', async () => {
    let hits = 0;
    const { client } = await target(
      (_req, res) => {
        hits += 1;
        answer(res, hits === 1 ? 429 : 200, hits === 1 ? { 'retry-after': '1' } : {});
      },
      // Below the 1 s wait, with room for a loaded machine: each attempt alone must fit in it.
      { timeoutMs: 900 },
    );
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
  });

  it('still resends after the rate-limit answer’s connection closed during the wait', async () => {
    let hits = 0;
    const { client } = await target((req, res) => {
      hits += 1;
      req.resume();
      if (hits === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        res.write('{"slow":');
        setTimeout(() => res.destroy(), 50);
      } else answer(res, 200);
    });
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body });
    expect(exchange.response?.status).toBe(200);
    expect(hits).toBe(2);
  });

  it('rejects with the abort reason when the caller cancels during a wait', async () => {
    const { client } = await target((_req, res) => answer(res, 429, { 'retry-after': '30' }));
    const controller = new AbortController();
    const call = client.call(GET, { principal: 'strict', auth: 'none', query, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    const started = performance.now();
    await expect(call).rejects.toThrow('run cancelled');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  // The wait's connection failed, so no attempt was under way to abort: `request` never settled
  // and a run interrupted during such a wait exited 13 without its line (before the fix: the test
  // times out).
  for (const how of ['reset', 'closed'] as const)
    it(`rejects with the abort reason when the caller cancels during a wait whose connection was ${how}`, async () => {
      const controller = new AbortController();
      const { client } = await target((req, res) => {
        req.resume();
        answer(res, 429, { 'retry-after': '30' });
        // The connection fails once the client is waiting (the answer read), and the call is
        // cancelled once the client has heard of that (a late timer errs toward passing only).
        req.socket.on('close', () => setTimeout(() => controller.abort(new Error('run cancelled')), 300));
        setTimeout(() => (how === 'reset' ? req.socket.resetAndDestroy() : req.socket.end()), 100);
      });
      const call = client.call(POST, {
        principal: 'strict',
        auth: 'none',
        query,
        body,
        signal: controller.signal,
      });
      await expect(call).rejects.toThrow('run cancelled');
    });

  it('reads the final answer after a 103 Early Hints, first and resent', async () => {
    let hits = 0;
    const { client, exchanges } = await target((req, res) => {
      hits += 1;
      req.resume();
      res.writeEarlyHints({ link: '</docs>; rel=preload' });
      if (hits === 1) answer(res, 429, { 'retry-after': '0' });
      else answer(res, 200);
    });
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.body).toEqual({ status: 200 });
    expect(exchange.rateLimitRetries).toBe(1);
    const read = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(read.response?.body).toEqual({ status: 200 });
    expect(exchanges).toHaveLength(2);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3_000);
  });

  it('gives nothing for absent and unreadable values (the backoff applies), 0 for now and past dates', () => {
    for (const value of [undefined, '', 'soon', '-1', '1.5']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBeUndefined();
  });
});

describe('createRateLimitBudget', () => {
  it('charges overlapping waits once and refuses a wait it cannot pay', async () => {
    const fake = createFakeClock();
    const budget = createRateLimitBudget(1_500, fake.clock);
    expect(budget.reserve(1_000)).toBe(true);
    await fake.advance(200);
    expect(budget.reserve(1_000)).toBe(true); // covers 200..1200: only 200 ms more
    expect(budget.leftMs).toBe(300);
    await fake.advance(1_000);
    expect(budget.reserve(1_000)).toBe(false);
    expect(budget.leftMs).toBe(300);
    expect(budget.reserve(300)).toBe(true);
    expect(budget.leftMs).toBe(0);
  });

  it('pays nothing with a budget of 0', () => {
    expect(createRateLimitBudget(0).reserve(1)).toBe(false);
  });
});
