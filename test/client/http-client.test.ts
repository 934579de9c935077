import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuthProvider,
  capillaryBasicAuth,
  capillaryBasicValue,
  capillaryOAuthAuth,
  createHttpClient,
  type Exchange,
  fabricBearerAuth,
  type HttpClient,
  md5hex,
  REDACTED,
  toCurl,
} from '../../src/client/index.ts';
import { isToolError, type LoyaltyConformanceError } from '../../src/errors.ts';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { loadDefaultSpecs, type SpecRegistry } from '../../src/spec/index.ts';

// Credentials of the reference dataset (config/datasets/reference.yaml).
const TILL = { username: 'till.strict', password: 'strict-till-secret' };
const OAUTH = { key: 'strict-client', secret: 'strict-client-secret' };
const BEARER = 'fabric-reference-token';
const MEMBER = 'f90a1da5-c072-48b7-a9ea-eb35c5dd506b';
const LIMITS = { timeoutMs: 5_000, retries: 0, requestsPerSecond: 0, concurrency: 4 };

let now = Date.parse('2025-01-01T00:00:00Z');
let server: ReferenceServer;
let registry: SpecRegistry;
let client: HttpClient;
let exchanges: Exchange[];
const balanceQuery = { identifierName: 'mobile', identifierValue: '919800001001' };

beforeAll(async () => {
  registry = await loadDefaultSpecs();
  server = await startReferenceServer({ now: () => now });
});

afterAll(async () => {
  await server.close();
});

beforeEach(async () => {
  server.reset();
  exchanges = [];
  await client?.close();
  client = createHttpClient({
    registry,
    baseUrls: { capillary: server.capillaryBaseUrl, fabric: server.fabricBaseUrl },
    limits: LIMITS,
    secrets: [TILL.password, OAUTH.secret, BEARER],
    onExchange: (exchange) => exchanges.push(exchange),
  });
});

afterAll(async () => {
  await client.close();
});

describe('createHttpClient against the reference provider', () => {
  it('authenticates with Capillary Basic and records the 200', async () => {
    const exchange = await client.call('getPointsBalance', {
      principal: 'strict',
      auth: capillaryBasicAuth(TILL),
      query: balanceQuery,
    });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.body).toMatchObject({ entityType: 'CUSTOMER' });
    expect(exchange).toMatchObject({
      id: 1,
      operationId: 'getPointsBalance',
      family: 'capillary',
      attempts: 1,
    });
    expect(exchange.request.url).toBe(
      `${server.capillaryBaseUrl}/v2/customers/lookup/points/balance?identifierName=mobile&identifierValue=919800001001`,
    );
    expect(exchange.request.headers.authorization).toBe(`Basic ${REDACTED}`);
    expect(exchanges).toEqual([exchange]);
  });

  it('records the 401 of a wrong password as data', async () => {
    const exchange = await client.call('getPointsBalance', {
      principal: 'strict',
      auth: capillaryBasicAuth({ ...TILL, password: 'wrong-password' }),
      query: balanceQuery,
    });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(401);
  });

  it('sends no credentials with auth none, and exactly the given headers with custom auth', async () => {
    const none = await client.call('getPointsBalance', {
      principal: 'strict',
      auth: 'none',
      query: balanceQuery,
    });
    expect(none.response?.status).toBe(401);
    expect(none.request.headers.authorization).toBeUndefined();
    const custom = await client.call('getPointsBalance', {
      principal: 'strict',
      auth: { headers: { Authorization: capillaryBasicValue(TILL.username, TILL.password) } },
      query: balanceQuery,
    });
    expect(custom.response?.status).toBe(200);
  });

  it('keeps the commas of dual-eligibility lists literal', async () => {
    const exchange = await client.call('getPointsBalance', {
      principal: 'strict',
      auth: capillaryBasicAuth(TILL),
      query: { identifierName: 'email,mobile', identifierValue: 'ana@example.com,919800001001' },
    });
    expect(exchange.request.url).toContain(
      'identifierName=email,mobile&identifierValue=ana%40example.com,919800001001',
    );
    expect(exchange.response?.status).toBe(200);
  });

  it('fetches one OAuth token for concurrent calls and a new one after it expires', async () => {
    const auth = capillaryOAuthAuth(OAUTH, { now: () => now });
    const call = () => client.call('getPointsBalance', { principal: 'strict', auth, query: balanceQuery });
    const first = await Promise.all(Array.from({ length: 8 }, call));
    expect(first.map((e) => e.response?.status)).toEqual(Array(8).fill(200));
    const tokenCalls = () => exchanges.filter((e) => e.operationId === 'generateOAuthToken');
    expect(tokenCalls()).toHaveLength(1);
    expect(tokenCalls()[0]?.response?.status).toBe(200);
    expect(first[0]?.request.headers['x-cap-api-oauth-token']).toBe(REDACTED);

    now += 3_600_000; // the reference provider's token lifetime
    expect((await call()).response?.status).toBe(200);
    expect(tokenCalls()).toHaveLength(2);
  });

  it('throws LC_ERR_AUTH_TOKEN for refused OAuth credentials and records the token call', async () => {
    const auth = capillaryOAuthAuth({ key: OAUTH.key, secret: 'not-the-secret' });
    const error = (await client
      .call('getPointsBalance', { principal: 'strict', auth, query: balanceQuery })
      .catch((e: unknown) => e)) as LoyaltyConformanceError;
    expect(isToolError(error, 'LC_ERR_AUTH_TOKEN')).toBe(true);
    expect(error.message).not.toContain('not-the-secret');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]).toMatchObject({ operationId: 'generateOAuthToken', response: { status: 401 } });
    expect(exchanges[0]?.request.body).toEqual({ key: REDACTED, secret: REDACTED });
  });

  it('authenticates fabric with a Bearer token and fills path parameters', async () => {
    const exchange = await client.call('inquireMemberPoints', {
      principal: 'fabric',
      auth: fabricBearerAuth({ token: BEARER }),
      pathParams: { profileId: MEMBER },
    });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.family).toBe('fabric');
    expect(exchange.request.url).toBe(`${server.fabricBaseUrl}/v1/inquire/${MEMBER}/member-points`);
    expect(exchange.request.headers.authorization).toBe(`Bearer ${REDACTED}`);
    const wrong = await client.call('inquireMemberPoints', {
      principal: 'fabric',
      auth: fabricBearerAuth({ token: 'wrong-token' }),
      pathParams: { profileId: MEMBER },
    });
    expect(wrong.response?.status).toBe(401);
  });

  it('sends a raw body as given and records it as text', async () => {
    const exchange = await client.call('negativePointsAdjustment', {
      principal: 'strict',
      auth: capillaryBasicAuth(TILL),
      query: balanceQuery,
      rawBody: '{"pointsToBeAdjusted": ',
    });
    expect(exchange.request.bodyText).toBe('{"pointsToBeAdjusted": ');
    expect(exchange.request.body).toBeUndefined();
    expect(exchange.request.headers['content-type']).toBe('application/json');
    expect(exchange.response?.status).toBe(400);
  });

  it('leaves no password, digest, Basic value, OAuth secret or token in recorded exchanges or curl lines', async () => {
    const oauth: AuthProvider = capillaryOAuthAuth(OAUTH, { now: () => now });
    await client.call('getPointsBalance', {
      principal: 'strict',
      auth: capillaryBasicAuth(TILL),
      query: balanceQuery,
    });
    await client.call('getPointsBalance', { principal: 'strict', auth: oauth, query: balanceQuery });
    await client.call('inquireMemberPoints', {
      principal: 'fabric',
      auth: fabricBearerAuth({ token: BEARER }),
      pathParams: { profileId: MEMBER },
    });
    await client.call('generateOAuthToken', { principal: 'strict', auth: 'none', body: OAUTH });
    const basicValue = capillaryBasicValue(TILL.username, TILL.password);
    const tokens = oauth.secrets().filter((s) => s !== OAUTH.secret && s !== OAUTH.key);
    expect(tokens.length).toBeGreaterThan(0);
    const canaries = [
      TILL.password,
      md5hex(TILL.password),
      basicValue.slice('Basic '.length),
      OAUTH.secret,
      BEARER,
      ...tokens,
    ];
    expect(exchanges).toHaveLength(5);
    const recorded = JSON.stringify(exchanges) + exchanges.map((e) => toCurl(e)).join('\n');
    for (const canary of canaries) expect(recorded).not.toContain(canary);
  });

  it('throws for an unknown operationId, a family without base URL and a missing path parameter', async () => {
    await expect(client.call('noSuchOperation', { principal: 'x', auth: 'none' })).rejects.toSatisfy((e) =>
      isToolError(e, 'LC_ERR_SPEC_OPERATION_UNKNOWN'),
    );
    const capillaryOnly = createHttpClient({ registry, baseUrls: { capillary: server.url }, limits: LIMITS });
    await expect(
      capillaryOnly.call('inquireMemberPoints', {
        principal: 'fabric',
        auth: 'none',
        pathParams: { profileId: 'p' },
      }),
    ).rejects.toSatisfy((e) => isToolError(e, 'LC_ERR_CLIENT_BASE_URL'));
    await capillaryOnly.close();
    await expect(client.call('inquireMemberPoints', { principal: 'fabric', auth: 'none' })).rejects.toSatisfy(
      (e) => isToolError(e, 'LC_ERR_CLIENT_REQUEST'),
    );
    await expect(
      client.call('negativePointsAdjustment', { principal: 'strict', auth: 'none', body: {}, rawBody: '{}' }),
    ).rejects.toSatisfy((e) => isToolError(e, 'LC_ERR_CLIENT_REQUEST'));
    expect(exchanges).toHaveLength(0);
  });

  it('refuses calls after close with LC_ERR_CLIENT_CLOSED', async () => {
    await client.close();
    await expect(client.call('getPointsBalance', { principal: 'strict', auth: 'none' })).rejects.toSatisfy(
      (e) => isToolError(e, 'LC_ERR_CLIENT_CLOSED'),
    );
  });
});

describe('createHttpClient options', () => {
  it('rejects a base URL that is not http(s) or carries credentials', () => {
    for (const capillary of ['ftp://127.0.0.1/', 'http://u:p@127.0.0.1', 'not a url']) {
      expect(() => createHttpClient({ registry, baseUrls: { capillary }, limits: LIMITS })).toThrow(
        expect.objectContaining({ code: 'LC_ERR_CLIENT_BASE_URL' }),
      );
    }
  });

  it('rejects negative or fractional limits with LC_ERR_CLIENT_LIMITS', () => {
    for (const limits of [
      { ...LIMITS, retries: -1 },
      { ...LIMITS, concurrency: 1.5 },
    ]) {
      expect(() => createHttpClient({ registry, baseUrls: {}, limits })).toThrow(
        expect.objectContaining({ code: 'LC_ERR_CLIENT_LIMITS' }),
      );
    }
  });
});
