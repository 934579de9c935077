import { describe, expect, it } from 'vitest';
import type { OperationId } from '../../src/reference/handlers/index.ts';
import {
  AUTH,
  type Auth,
  byMobile,
  type CallOptions,
  CREDENTIALS,
  DATA,
  defaultDataset,
  errorCode,
  micro,
  readBalance,
  useReferenceClient,
} from '../support/reference-client.ts';

const { ana, zero } = DATA.strict;
const { bo } = DATA.lenient;

/** The fake clock of the server: token expiry is judged against it. */
let clock = Date.UTC(2026, 0, 1);
const client = useReferenceClient({ server: { now: () => clock } });

/** A valid request of each authenticated Capillary operation (ana, org strict). */
const CAPILLARY: Record<string, { operationId: OperationId; options: CallOptions }> = {
  negativePointsAdjustment: {
    operationId: 'negativePointsAdjustment',
    options: { query: byMobile(ana.mobile), body: { pointsToBeAdjusted: 10, reasonOfReturn: 'auth test' } },
  },
  unlockPromisedPoints: {
    operationId: 'unlockPromisedPoints',
    options: { query: byMobile(ana.mobile), body: { eventName: 'TransactionAdd', billNumber: 'B-1001-1' } },
  },
  getPointsBalance: { operationId: 'getPointsBalance', options: { query: byMobile(ana.mobile) } },
};

const basicHeader = (userPass: string) => ({
  authorization: `Basic ${Buffer.from(userPass).toString('base64')}`,
});

/** Credentials that must all be refused by every Capillary operation. */
const REFUSED: Record<string, { auth: Auth; headers?: Record<string, string> }> = {
  'no credentials': { auth: AUTH.none },
  'a wrong password': {
    auth: { kind: 'basic', username: CREDENTIALS.tills.strict.username, password: 'wrong' },
  },
  'an unknown username': { auth: { kind: 'basic', username: 'till.nobody', password: 'strict-till-secret' } },
  'the password not md5-hashed': {
    auth: AUTH.none,
    headers: basicHeader(`${CREDENTIALS.tills.strict.username}:${CREDENTIALS.tills.strict.password}`),
  },
  'an unknown OAuth token': { auth: { kind: 'oauth', token: 'not-a-token' } },
  'a fabric bearer token': { auth: AUTH.fabric },
};

describe('Capillary authentication', () => {
  for (const [name, { operationId, options }] of Object.entries(CAPILLARY)) {
    for (const [label, refused] of Object.entries(REFUSED)) {
      it(`refuses ${name} with ${label}: 401 and no side effect`, async () => {
        const before = await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: true });
        const exchange = await client().call(operationId, { ...options, ...refused });
        expect(exchange.status, exchange.text).toBe(401);
        expect(errorCode(exchange)).toBeDefined();
        expect(await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: true })).toEqual(before);
      });
    }

    it(`accepts ${name} with the till's Basic credentials`, async () => {
      expect((await client().call(operationId, { ...options, auth: AUTH.strict })).status).toBe(200);
    });

    it(`accepts ${name} with an OAuth token`, async () => {
      const token = await client().oauthToken('strict');
      expect((await client().call(operationId, { ...options, auth: { kind: 'oauth', token } })).status).toBe(
        200,
      );
    });
  }

  it('issues a token with its lifetime for a known client', async () => {
    const exchange = await client().call('generateOAuthToken', { body: CREDENTIALS.oauthClients.strict });
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({ data: { ttlSeconds: 3600 }, errors: null });
  });

  it('refuses to issue a token for a wrong secret or an unknown key with 401', async () => {
    const wrongSecret = { key: CREDENTIALS.oauthClients.strict.key, secret: 'wrong' };
    expect((await client().call('generateOAuthToken', { body: wrongSecret })).status).toBe(401);
    const unknownKey = { key: 'nobody', secret: CREDENTIALS.oauthClients.strict.secret };
    expect((await client().call('generateOAuthToken', { body: unknownKey })).status).toBe(401);
  });

  it('refuses an OAuth token once its TTL has passed', async () => {
    const token = await client().oauthToken('strict');
    const auth: Auth = { kind: 'oauth', token };
    const balance = () => client().call('getPointsBalance', { query: byMobile(ana.mobile), auth });
    clock += 3_599_000;
    expect((await balance()).status).toBe(200);
    clock += 1_000;
    expect((await balance()).status).toBe(401);
    clock -= 10_000;
    expect((await balance()).status, 'an expired token stays expired').toBe(401);
  });

  it('selects the org of the OAuth client', async () => {
    const token = await client().oauthToken('lenient');
    const auth: Auth = { kind: 'oauth', token };
    expect((await client().call('getPointsBalance', { query: byMobile(bo.mobile), auth })).status).toBe(200);
    const other = await client().call('getPointsBalance', { query: byMobile(ana.mobile), auth });
    expect(errorCode(other)).toBe(8015);
  });

  it('selects the org by the Basic credentials: the same lookup finds a customer in one org only', async () => {
    const query = byMobile(ana.mobile);
    expect((await client().call('getPointsBalance', { query, auth: AUTH.strict })).status).toBe(200);
    expect(errorCode(await client().call('getPointsBalance', { query, auth: AUTH.lenient }))).toBe(8015);
  });

  it('selects the org by the Basic credentials: the same over-balance deduction fails in strict and succeeds in lenient', async () => {
    // The same customer (mobile, 0 points) in both orgs.
    const dataset = defaultDataset();
    const strict = dataset.orgs.find((o) => o.id === 'strict')!;
    const lenient = dataset.orgs.find((o) => o.id === 'lenient')!;
    const twin = structuredClone(strict.customers.find((c) => c.id === zero.id)!);
    lenient.customers.push({ ...twin, id: 2999 });
    client().server?.reset(dataset);

    const request: CallOptions = {
      query: byMobile(zero.mobile),
      body: { pointsToBeAdjusted: 100, reasonOfReturn: 'same request' },
    };
    const inStrict = await client().call('negativePointsAdjustment', { ...request, auth: AUTH.strict });
    expect(errorCode(inStrict)).toBe(8907);
    const inLenient = await client().call('negativePointsAdjustment', { ...request, auth: AUTH.lenient });
    expect(inLenient.status).toBe(200);
    expect((inLenient.body as { pointsAvailable: string }).pointsAvailable).toBe('-100.000');
    expect((await readBalance(client(), zero.mobile, {}, AUTH.strict)).main).toBe(0);
    expect((await readBalance(client(), zero.mobile, {}, AUTH.lenient)).main).toBe(micro(-100));
  });
});

describe('Capillary access groups', () => {
  const noPoints: Auth = { kind: 'basic', ...CREDENTIALS.tills.strictNoPoints };

  it('refuses a deduction to a till without the Points access group with 403 (4000) and deducts nothing', async () => {
    const before = await readBalance(client(), ana.mobile);
    const exchange = await client().call('negativePointsAdjustment', {
      ...CAPILLARY.negativePointsAdjustment!.options,
      auth: noPoints,
    });
    expect(exchange.status, exchange.text).toBe(403);
    expect(errorCode(exchange)).toBe(4000);
    expect(await readBalance(client(), ana.mobile)).toEqual(before);
  });

  it('lets the same till use the operations of the Default access group', async () => {
    for (const name of ['unlockPromisedPoints', 'getPointsBalance'] as const) {
      const { operationId, options } = CAPILLARY[name]!;
      const exchange = await client().call(operationId, { ...options, auth: noPoints });
      expect(exchange.status, `${name}: ${exchange.text}`).toBe(200);
    }
  });
});

describe('fabric authentication', () => {
  const adjust: CallOptions = { body: { profileId: DATA.fabric.member, points: 10 } };
  const inquire: CallOptions = { pathParams: { profileId: DATA.fabric.member } };
  const operations: [OperationId, CallOptions][] = [
    ['adjustMemberPoints', adjust],
    ['inquireMemberPoints', inquire],
  ];
  const refused: Record<string, CallOptions> = {
    'no credentials': { auth: AUTH.none },
    'a wrong bearer token': { auth: { kind: 'bearer', token: 'wrong-token' } },
    'Capillary Basic credentials': { auth: AUTH.strict },
    'a bare token without the Bearer scheme': {
      auth: AUTH.none,
      headers: { authorization: CREDENTIALS.fabricToken },
    },
  };

  for (const [operationId, options] of operations) {
    for (const [label, auth] of Object.entries(refused)) {
      it(`refuses ${operationId} with ${label}: 401`, async () => {
        const exchange = await client().call(operationId, { ...options, ...auth });
        expect(exchange.status, exchange.text).toBe(401);
      });
    }
    it(`accepts ${operationId} with the bearer token`, async () => {
      expect((await client().call(operationId, { ...options, auth: AUTH.fabric })).status).toBe(200);
    });
  }

  it('leaves the points unchanged when refusing an adjustment', async () => {
    await client().call('adjustMemberPoints', { ...adjust, auth: AUTH.none });
    const exchange = await client().call('inquireMemberPoints', inquire);
    expect(
      (exchange.body as { data: { pointsBalance: { memberPointsAvailable: number } }[] }).data[0]
        ?.pointsBalance,
    ).toMatchObject({ memberPointsAvailable: 500 });
  });

  it('refuses a Capillary operation with the fabric bearer token', async () => {
    const exchange = await client().call('getPointsBalance', {
      query: byMobile(ana.mobile),
      auth: AUTH.fabric,
    });
    expect(exchange.status).toBe(401);
  });
});
