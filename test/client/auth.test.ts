import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capillaryOAuthTokenAuth } from '../../src/client/auth.ts';
import {
  type AuthTransport,
  authFromProfile,
  capillaryBasicAuth,
  capillaryOAuthAuth,
  createHttpClient,
  customHeadersAuth,
  type Exchange,
  fabricBearerAuth,
  md5hex,
  noAuth,
  REDACTED,
  recordExchange,
  type TokenResponse,
  toCurl,
} from '../../src/client/index.ts';
import { isToolError, type LoyaltyConformanceError } from '../../src/errors.ts';
import { md5hex as referenceMd5hex } from '../../src/reference/auth.ts';
import { loadDefaultSpecs } from '../../src/spec/index.ts';
import { readText, startTestServer, type TestServer } from './helpers.ts';

const KEY = 'canary-client';
const SECRET = 'canary-oauth-secret-7f3a';

/** A token endpoint in memory: counts requests, answers what `answer` returns. */
function fakeTransport(answer: (n: number) => { status?: number; json?: unknown; error?: string }) {
  let requests = 0;
  const transport: AuthTransport = {
    async requestOAuthToken(credentials): Promise<TokenResponse> {
      requests += 1;
      expect(credentials).toEqual({ key: KEY, secret: SECRET });
      await new Promise((resolve) => setImmediate(resolve));
      const { status, json, error } = answer(requests);
      const exchange: Exchange = {
        id: requests,
        operationId: 'generateOAuthToken',
        family: 'capillary',
        principal: 'strict',
        request: { method: 'POST', url: 'http://127.0.0.1:1/v3/oauth/token/generate', headers: {} },
        startedAt: new Date(0).toISOString(),
        durationMs: 1,
        attempts: 1,
        ...(error
          ? { error: { code: error, message: `${error} while connecting` } }
          : { response: { status: status ?? 200, headers: {}, bodyText: '{}' } }),
      };
      return { exchange: recordExchange(exchange), json };
    },
  };
  return {
    transport,
    get requests() {
      return requests;
    },
  };
}

const tokenBody = (n: number, ttlSeconds = 3600) => ({
  data: { accessToken: `token-${n}`, ttlSeconds },
  errors: null,
});

describe('capillaryBasicAuth', () => {
  it('sends Basic base64(username:md5hex(password))', async () => {
    const auth = capillaryBasicAuth({ username: 'till.strict', password: 'strict-till-secret' });
    const expected = Buffer.from(`till.strict:${referenceMd5hex('strict-till-secret')}`).toString('base64');
    expect(await auth.headers(fakeTransport(() => ({})).transport)).toEqual({
      authorization: `Basic ${expected}`,
    });
    expect(md5hex('strict-till-secret')).toBe(referenceMd5hex('strict-till-secret'));
  });

  it('names the password, its digest and the header value as secrets', () => {
    const auth = capillaryBasicAuth({ username: 'u', password: 'p4ss' });
    expect(auth.secrets()).toEqual(expect.arrayContaining(['p4ss', md5hex('p4ss')]));
    expect(auth.secrets().some((s) => s.startsWith('Basic '))).toBe(true);
  });
});

describe('capillaryOAuthAuth', () => {
  it('fetches one token for many concurrent requests', async () => {
    const endpoint = fakeTransport((n) => ({ json: tokenBody(n) }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET }, { now: () => 0 });
    const all = await Promise.all(Array.from({ length: 10 }, () => auth.headers(endpoint.transport)));
    expect(endpoint.requests).toBe(1);
    for (const headers of all) expect(headers).toEqual({ 'x-cap-api-oauth-token': 'token-1' });
  });

  it('keeps its latest token request, answered with a token or not, for CAP-AUTH-TOKEN-GENERATE to judge', async () => {
    const endpoint = fakeTransport((n) => (n === 1 ? { json: { data: {} } } : { json: tokenBody(n) }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET }, { now: () => 0 });
    expect(auth.tokenRequest?.()).toBeUndefined();
    await expect(auth.headers(endpoint.transport)).rejects.toMatchObject({ code: 'LC_ERR_AUTH_TOKEN' });
    expect(auth.tokenRequest?.()).toMatchObject({ exchange: { id: 1 }, json: { data: {} } });
    await auth.headers(endpoint.transport);
    await auth.headers(endpoint.transport);
    expect(endpoint.requests).toBe(2);
    expect(auth.tokenRequest?.()).toMatchObject({ exchange: { id: 2 }, json: tokenBody(2) });
  });

  it('reuses the token until the refresh margin before expiry, then fetches a new one', async () => {
    let now = 1_000_000;
    const endpoint = fakeTransport((n) => ({ json: tokenBody(n, 3600) }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET }, { now: () => now });
    await auth.headers(endpoint.transport);
    now += 3_569_000;
    expect(await auth.headers(endpoint.transport)).toEqual({ 'x-cap-api-oauth-token': 'token-1' });
    now += 1_000; // 30 s before expiry: the default margin for a one-hour token
    expect(await auth.headers(endpoint.transport)).toEqual({ 'x-cap-api-oauth-token': 'token-2' });
    expect(endpoint.requests).toBe(2);
  });

  it('refreshes a short-lived token a tenth of its lifetime and a second early', async () => {
    let now = 0;
    const endpoint = fakeTransport((n) => ({ json: tokenBody(n, 10) }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET }, { now: () => now });
    await auth.headers(endpoint.transport);
    now = 7_999;
    await auth.headers(endpoint.transport);
    expect(endpoint.requests).toBe(1);
    // An expiry kept in whole seconds (a JWT's exp) may come up to 1 s before the ttlSeconds.
    now = 8_000;
    await auth.headers(endpoint.transport);
    expect(endpoint.requests).toBe(2);
  });

  it('fetches again after invalidate', async () => {
    const endpoint = fakeTransport((n) => ({ json: tokenBody(n) }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET }, { now: () => 0 });
    await auth.headers(endpoint.transport);
    auth.invalidate();
    expect(await auth.headers(endpoint.transport)).toEqual({ 'x-cap-api-oauth-token': 'token-2' });
  });

  it('fails with LC_ERR_AUTH_TOKEN, without the secret, when the endpoint refuses the credentials', async () => {
    const endpoint = fakeTransport(() => ({ status: 401, json: { errors: [{ code: 401 }] } }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET });
    const error = (await auth
      .headers(endpoint.transport)
      .catch((e: unknown) => e)) as LoyaltyConformanceError;
    expect(isToolError(error, 'LC_ERR_AUTH_TOKEN')).toBe(true);
    expect(error.message).toContain('HTTP 401');
    expect(error.details).toMatchObject({ status: 401, exchangeId: 1 });
    expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(SECRET);
  });

  it('shares one failure among concurrent requests and tries again on the next request', async () => {
    const endpoint = fakeTransport((n) => (n === 1 ? { error: 'ECONNREFUSED' } : { json: tokenBody(n) }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET }, { now: () => 0 });
    const results = await Promise.allSettled([
      auth.headers(endpoint.transport),
      auth.headers(endpoint.transport),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(endpoint.requests).toBe(1);
    const reason = (results[0] as PromiseRejectedResult).reason as LoyaltyConformanceError;
    expect(reason.code).toBe('LC_ERR_AUTH_TOKEN');
    expect(reason.message).toContain('ECONNREFUSED');
    expect(await auth.headers(endpoint.transport)).toEqual({ 'x-cap-api-oauth-token': 'token-2' });
  });

  it('fails with LC_ERR_AUTH_TOKEN when the response has no access token', async () => {
    const endpoint = fakeTransport(() => ({ json: { data: {} } }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET });
    await expect(auth.headers(endpoint.transport)).rejects.toSatisfy((e) =>
      isToolError(e, 'LC_ERR_AUTH_TOKEN'),
    );
  });

  // Tool-outcome audit 2026-12-05: such a token was used, undici refused the header, and the run
  // read it as a target that did not answer (LC_ERR_TARGET_NO_ANSWER, or checks in `error`).
  it('fails with LC_ERR_AUTH_TOKEN when the access token cannot be sent as a header', async () => {
    const endpoint = fakeTransport(() => ({ json: { data: { accessToken: 'tok-1\r\nX-Evil: 1' } } }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET });
    await expect(auth.headers(endpoint.transport)).rejects.toSatisfy(
      (e) =>
        isToolError(e, 'LC_ERR_AUTH_TOKEN') &&
        e.message.includes('cannot carry') &&
        !e.message.includes('tok-1'),
    );
  });

  it('lists the secret and every token obtained as secrets', async () => {
    const endpoint = fakeTransport((n) => ({ json: tokenBody(n) }));
    const auth = capillaryOAuthAuth({ key: KEY, secret: SECRET }, { now: () => 0 });
    await auth.headers(endpoint.transport);
    expect(auth.secrets()).toEqual(expect.arrayContaining([SECRET, 'token-1']));
  });
});

describe('capillaryOAuthTokenAuth (a pre-issued token)', () => {
  const TOKEN = 'vault-issued-token-9b2c';

  it('sends exactly X-CAP-API-OAUTH-TOKEN with the token and never asks the token endpoint', async () => {
    const endpoint = fakeTransport((n) => ({ json: tokenBody(n) }));
    const auth = capillaryOAuthTokenAuth({ token: TOKEN });
    expect(auth.scheme).toBe('capillary-oauth-token');
    for (let i = 0; i < 3; i++) {
      expect(await auth.headers(endpoint.transport)).toEqual({ 'x-cap-api-oauth-token': TOKEN });
    }
    auth.invalidate();
    expect(await auth.headers(endpoint.transport)).toEqual({ 'x-cap-api-oauth-token': TOKEN });
    expect(endpoint.requests).toBe(0);
  });

  it('names the token as its only secret', () => {
    expect(capillaryOAuthTokenAuth({ token: TOKEN }).secrets()).toEqual([TOKEN]);
  });

  describe('through the HTTP client', () => {
    let server: TestServer;
    const seen: { method?: string; url?: string; headers: Record<string, unknown>; body: string }[] = [];

    beforeAll(async () => {
      server = await startTestServer(async (req, res) => {
        seen.push({
          method: req.method,
          url: req.url,
          headers: { ...req.headers },
          body: await readText(req),
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echoed: req.headers['x-cap-api-oauth-token'] }));
      });
    });

    afterAll(async () => {
      await server.close();
    });

    it('sends one request carrying the token, none to /v3/oauth/token/generate, and records it redacted', async () => {
      const exchanges: Exchange[] = [];
      const client = createHttpClient({
        registry: await loadDefaultSpecs(),
        baseUrls: { capillary: server.url },
        limits: { timeoutMs: 5_000, retries: 0, requestsPerSecond: 0, concurrency: 1 },
        onExchange: (exchange) => exchanges.push(exchange),
      });
      try {
        await client.call('getPointsBalance', {
          principal: 'strict',
          auth: authFromProfile({ scheme: 'oauth-token', token: TOKEN }),
          query: { identifierName: 'mobile', identifierValue: '919800001001' },
        });
      } finally {
        await client.close();
      }
      expect(seen).toHaveLength(1);
      expect(seen[0]?.url).not.toContain('/oauth/');
      expect(seen[0]?.headers['x-cap-api-oauth-token']).toBe(TOKEN);
      expect(seen[0]?.headers.authorization).toBeUndefined();
      expect(exchanges.map((e) => e.operationId)).toEqual(['getPointsBalance']);
      const [exchange] = exchanges;
      expect(exchange?.request.headers['x-cap-api-oauth-token']).toBe(REDACTED);
      const curl = toCurl(exchange!);
      expect(curl).toContain('$LC_CAPILLARY_OAUTH_TOKEN');
      expect(JSON.stringify(exchange) + curl).not.toContain(TOKEN);
    });
  });
});

describe('fabricBearerAuth, noAuth, customHeadersAuth', () => {
  const transport = fakeTransport(() => ({})).transport;

  it('sends Authorization: Bearer <token>', async () => {
    expect(await fabricBearerAuth({ token: 'tok-1' }).headers(transport)).toEqual({
      authorization: 'Bearer tok-1',
    });
  });

  it('sends no credentials with noAuth', async () => {
    expect(await noAuth().headers(transport)).toEqual({});
  });

  it('sends exactly the headers given, names in lower case', async () => {
    const auth = customHeadersAuth({ Authorization: 'Basic not-base64!' });
    expect(await auth.headers(transport)).toEqual({ authorization: 'Basic not-base64!' });
  });
});

describe('authFromProfile', () => {
  it('picks the provider of each profile scheme', () => {
    expect(authFromProfile({ scheme: 'basic', username: 'u', password: 'p' }).scheme).toBe('capillary-basic');
    expect(authFromProfile({ scheme: 'oauth', key: 'k', secret: 's' }).scheme).toBe('capillary-oauth');
    expect(authFromProfile({ scheme: 'oauth-token', token: 't' }).scheme).toBe('capillary-oauth-token');
    expect(authFromProfile({ scheme: 'bearer', token: 't' }).scheme).toBe('fabric-bearer');
  });
});
