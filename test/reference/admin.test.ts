import { describe, expect, it } from 'vitest';
import {
  byMobile,
  DATA,
  defaultDataset,
  micro,
  readBalance,
  useReferenceClient,
} from '../support/reference-client.ts';

const { ana } = DATA.strict;
const client = useReferenceClient();

const deduct = (amount: number) =>
  client().call('negativePointsAdjustment', {
    query: byMobile(ana.mobile),
    body: { pointsToBeAdjusted: amount, reasonOfReturn: 'admin test' },
  });

describe('admin endpoints (/__reference)', () => {
  it('reports health with GET /__reference/health', async () => {
    const exchange = await client().raw('GET', '/__reference/health');
    expect(exchange.status).toBe(200);
    expect(exchange.body).toEqual({ status: 'ok' });
  });

  it('restores balances and promised points with POST /__reference/reset', async () => {
    const before = await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: true });
    expect((await deduct(100)).status).toBe(200);
    const unlock = await client().call('unlockPromisedPoints', {
      query: byMobile(ana.mobile),
      body: { eventName: 'TransactionAdd', billNumber: 'B-1001-1' },
    });
    expect(unlock.status).toBe(200);
    expect(await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: true })).not.toEqual(before);

    await client().reset();
    expect(await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: true })).toEqual(before);
    const again = await client().call('unlockPromisedPoints', {
      query: byMobile(ana.mobile),
      body: { eventName: 'TransactionAdd', billNumber: 'B-1001-1' },
    });
    expect(again.status, 'the bill is unlockable again after a reset').toBe(200);
  });

  it('restores the fabric members with POST /__reference/reset', async () => {
    const profileId = DATA.fabric.member;
    expect((await client().call('adjustMemberPoints', { body: { profileId, points: 50 } })).status).toBe(200);
    await client().reset();
    const exchange = await client().call('inquireMemberPoints', { pathParams: { profileId } });
    expect(exchange.body).toMatchObject({ data: [{ pointsBalance: { memberPointsAvailable: 500 } }] });
  });

  it('loads another dataset with PUT /__reference/dataset, which later resets restore', async () => {
    const dataset = defaultDataset();
    const customer = dataset.orgs[0]!.customers.find((c) => c.id === ana.id)!;
    customer.mainPoints = { 469: 5, 973: 1 };
    const exchange = await client().raw('PUT', '/__reference/dataset', { body: dataset });
    expect(exchange.status, exchange.text).toBe(200);
    expect(exchange.body).toEqual({ status: 'loaded' });
    expect((await readBalance(client(), ana.mobile)).main).toBe(micro(5));

    expect((await deduct(2)).status).toBe(200);
    await client().reset();
    expect((await readBalance(client(), ana.mobile)).main).toBe(micro(5));
  });

  it('refuses a dataset with a wrong field with 400, naming the field, and keeps the current state', async () => {
    expect((await deduct(70)).status).toBe(200);
    const dataset = defaultDataset() as unknown as { orgs: { allowNegativeBalanceOnReturn: unknown }[] };
    dataset.orgs[0]!.allowNegativeBalanceOnReturn = 'sometimes';
    const exchange = await client().raw('PUT', '/__reference/dataset', { body: dataset });
    expect(exchange.status).toBe(400);
    const { error } = exchange.body as { error: string };
    expect(error).toContain('/orgs/0/allowNegativeBalanceOnReturn');
    expect(error).toMatch(/boolean/);
    expect((await readBalance(client(), ana.mobile)).main).toBe(micro(600));
  });

  it('refuses a dataset whose parts name nothing (a default program the org lacks, a customer id used twice) and keeps the current state', async () => {
    expect((await deduct(70)).status).toBe(200);
    const noProgram = defaultDataset();
    noProgram.orgs[0]!.defaultProgramId = 1;
    const twice = defaultDataset();
    twice.orgs[0]!.customers[1]!.id = twice.orgs[0]!.customers[0]!.id;
    for (const [dataset, field, problem] of [
      [noProgram, '/orgs/0/defaultProgramId', "program 1 is not one of the org's programs (469, 973)"],
      [twice, '/orgs/0/customers/1/id', 'customer id 1001 is used twice in org strict'],
    ] as const) {
      const exchange = await client().raw('PUT', '/__reference/dataset', { body: dataset });
      expect(exchange.status, field).toBe(400);
      expect(exchange.body).toEqual({
        error: `Reference dataset request body is invalid at ${field}: ${problem}`,
      });
    }
    // Before, both were loaded: the first answered balances of 0, the second answered customer
    // 1002's mobile with customer 1001's id. Now the state is the one before the refusals.
    expect((await readBalance(client(), ana.mobile)).main).toBe(micro(600));
  });

  it('refuses a body that is not a JSON dataset with 400 and a message', async () => {
    for (const rawBody of ['{not json', '', '[]']) {
      const exchange = await client().raw('PUT', '/__reference/dataset', { rawBody });
      expect(exchange.status, rawBody).toBe(400);
      expect((exchange.body as { error: string }).error).toEqual(expect.any(String));
    }
    // Each says what is wrong with it, not one line for all (a consumer's typo read as "expected JSON").
    const errorOf = async (rawBody: string) =>
      ((await client().raw('PUT', '/__reference/dataset', { rawBody })).body as { error: string }).error;
    expect(await errorOf('')).toBe('expected a dataset as a JSON body; the body is empty');
    expect(await errorOf('{not json')).toMatch(/^expected a dataset as a JSON body; it is not JSON: \S/);
    const large = await client().raw('PUT', '/__reference/dataset', {
      rawBody: `"${'x'.repeat(1024 * 1024)}"`,
    });
    expect(large.status).toBe(413);
    expect((large.body as { error: string }).error).toMatch(
      /^the dataset is 1048578 bytes, above the 1048576 a request may carry; start serve with --dataset FILE instead$/,
    );
  });

  it('answers a HEAD as its GET without the body: the health probe and a balance read', async () => {
    const health = await fetch(`${client().url}/__reference/health`, { method: 'HEAD' });
    expect(health.status).toBe(200);
    expect(health.headers.get('content-type')).toContain('application/json');
    expect(Number(health.headers.get('content-length'))).toBe(JSON.stringify({ status: 'ok' }).length);
    expect(await health.text()).toBe('');
    // An operation too: the same status as its GET (here the 401 of a read without credentials), no body.
    const path = `/v2/customers/lookup/points/balance?identifierName=mobile&identifierValue=${ana.mobile}`;
    const [get, head] = [await client().raw('GET', path), await client().raw('HEAD', path)];
    expect(get.status).toBe(401);
    expect(head.status).toBe(get.status);
    expect(head.text).toBe('');
  });

  it('answers an unknown admin route with 404', async () => {
    const exchange = await client().raw('GET', '/__reference/nothing');
    expect(exchange.status).toBe(404);
    expect((exchange.body as { error: string }).error).toContain('/__reference/nothing');
  });

  it('answers a known admin route under another method with 405, its Allow header and the routes', async () => {
    // A dataset POSTed (the README says PUT) is told the method to use and which routes there are.
    const posted = await client().raw('POST', '/__reference/dataset', { body: defaultDataset() });
    expect(posted.status).toBe(405);
    expect(posted.body).toEqual({
      error:
        'POST /__reference/dataset is not allowed: use PUT; there are GET /__reference/health, POST /__reference/reset, PUT /__reference/dataset, POST /__reference/state and GET, POST, DELETE /__reference/faults',
    });
    for (const [method, path, allow] of [
      ['POST', '/__reference/dataset', 'PUT'],
      ['GET', '/__reference/reset', 'POST'],
      ['PATCH', '/__reference/faults', 'GET, HEAD, POST, DELETE'],
    ] as const) {
      const answer = await fetch(`${client().url}${path}`, { method });
      expect(answer.status, `${method} ${path}`).toBe(405);
      expect(answer.headers.get('allow'), `${method} ${path}`).toBe(allow);
      await answer.body?.cancel();
    }
  });
});
