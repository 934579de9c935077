import { describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import {
  AUTH,
  authHeaders,
  byMobile,
  DATA,
  micro,
  readBalance,
  useReferenceClient,
} from '../support/reference-client.ts';

const { ana } = DATA.strict;
const client = useReferenceClient();

/** Arms a fault over HTTP; returns the answer as sent. */
async function arm(fault: unknown, url = client().url): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/__reference/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  return { status: response.status, body: await response.json() };
}

const listFaults = async (url = client().url) =>
  (
    (await (await fetch(`${url}/__reference/faults`)).json()) as {
      faults: { id: number; remaining: number | null }[];
    }
  ).faults;

/**
 * A deduction of `points` from Ana over plain fetch (an injected answer is off the spec by design,
 * so it does not go through the validating client).
 */
function deduct(points: number, init: { signal?: AbortSignal } = {}, url = client().url) {
  const query = new URLSearchParams(byMobile(ana.mobile));
  return fetch(`${url}/v2/customers/lookup/negativePointsAdjustment?${query}`, {
    method: 'POST',
    headers: { ...authHeaders(AUTH.strict), 'content-type': 'application/json' },
    body: JSON.stringify({ pointsToBeAdjusted: points, reasonOfReturn: 'faults test' }),
    ...init,
  });
}

const anaMain = async () => (await readBalance(client(), ana.mobile)).main;

describe('POST /__reference/faults', () => {
  it('injects a status in the vendor error envelope before the ledger sees the request, for `times` requests', async () => {
    expect(await arm({ operationId: 'negativePointsAdjustment', status: 503, times: 2 })).toEqual({
      status: 201,
      body: { status: 'armed', id: expect.any(Number) },
    });
    for (const remaining of [1, null]) {
      const answer = await deduct(10);
      expect(answer.status).toBe(503);
      const body = (await answer.json()) as { errors: { code: number; message: string }[] };
      expect(body.errors[0]).toMatchObject({ code: 503, message: expect.stringContaining('injected') });
      expect((await listFaults())[0]?.remaining ?? null).toBe(remaining);
    }
    expect(await anaMain(), 'no injected answer was applied').toBe(micro(670));
    expect((await deduct(10)).status, 'the third request reaches the provider').toBe(200);
    expect(await anaMain()).toBe(micro(660));
  });

  it("answers a fabric operation in fabric's envelope, and a given body as given", async () => {
    await arm({ operationId: 'inquireMemberPoints', status: 500, times: 1 });
    await arm({ operationId: 'inquireMemberPoints', status: 429, body: { retry: 'later' }, times: 1 });
    const inquire = () =>
      fetch(`${client().url}/api/v1/inquire/${DATA.fabric.member}/member-points`, {
        headers: authHeaders(AUTH.fabric),
      });
    const first = await inquire();
    expect(first.status).toBe(500);
    expect(await first.json()).toMatchObject({ status: 500, data: null, errors: { code: '500' } });
    const second = await inquire();
    expect(second.status).toBe(429);
    expect(await second.json()).toEqual({ retry: 'later' });
    expect((await inquire()).status, 'both faults are spent, in the order armed').toBe(200);
  });

  it('replaces only the body when no status is given: the provider applies the request', async () => {
    await arm({ operationId: 'negativePointsAdjustment', body: { surprise: true }, times: 1 });
    const answer = await deduct(20);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ surprise: true });
    expect(await anaMain()).toBe(micro(650));
  });

  it('answers late with the real answer on delayMs', async () => {
    await arm({ operationId: 'negativePointsAdjustment', delayMs: 400, times: 1 });
    const started = performance.now();
    const answer = await deduct(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'success' });
    expect(await anaMain()).toBe(micro(665));
  });

  it('a delay beyond the client timeout: the client times out, the write is applied, the server serves on', async () => {
    await arm({ operationId: 'negativePointsAdjustment', delayMs: 60_000, times: 1 });
    const error = await deduct(7, { signal: AbortSignal.timeout(300) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
    expect(await anaMain(), 'applied at once, only its answer is late').toBe(micro(663));
    expect((await deduct(1)).status).toBe(200);
  });

  it('drops the connection without an answer on drop, the ledger untouched', async () => {
    await arm({ operationId: 'negativePointsAdjustment', drop: true, times: 1 });
    const error = await deduct(10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(await anaMain()).toBe(micro(670));
    expect((await deduct(10)).status).toBe(200);
  });

  it('drops late on drop with delayMs', async () => {
    await arm({ operationId: 'getPointsBalance', drop: true, delayMs: 200, times: 1 });
    const started = performance.now();
    const query = new URLSearchParams(byMobile(ana.mobile));
    const error = await fetch(`${client().url}/v2/customers/lookup/points/balance?${query}`, {
      headers: authHeaders(AUTH.strict),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('applies until cleared without times; GET lists, DELETE and POST /__reference/reset clear', async () => {
    const { body } = await arm({ operationId: 'negativePointsAdjustment', status: 502 });
    for (let i = 0; i < 3; i += 1) expect((await deduct(1)).status).toBe(502);
    expect(await listFaults()).toEqual([
      {
        id: (body as { id: number }).id,
        operationId: 'negativePointsAdjustment',
        status: 502,
        remaining: null,
      },
    ]);
    const cleared = await fetch(`${client().url}/__reference/faults`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ status: 'cleared', cleared: 1 });
    expect((await deduct(1)).status).toBe(200);

    await arm({ operationId: 'negativePointsAdjustment', status: 502 });
    await client().reset();
    expect(await listFaults()).toEqual([]);
    expect((await deduct(1)).status).toBe(200);
  });

  it('refuses with 409 a fault queued behind one armed until cleared, which would never apply', async () => {
    // Seen in the consumer audit: the README's delay line (no times) then a 429 for the same
    // operation answered 201 "armed", and every read kept the delay and never saw the 429.
    const { body } = await arm({ operationId: 'getPointsBalance', delayMs: 10 });
    const blocker = (body as { id: number }).id;
    const refused = await arm({ operationId: 'getPointsBalance', status: 429, times: 1 });
    expect(refused.status).toBe(409);
    const message = (refused.body as { error: string }).error;
    expect(message).toContain(`fault ${blocker} applies to every getPointsBalance request until cleared`);
    expect(message).toContain('DELETE /__reference/faults');
    expect(message).not.toContain('\n');
    expect((await listFaults()).map((fault) => fault.id)).toEqual([blocker]);
    // Another operation, or the same one behind a fault with times, is armed as before.
    expect((await arm({ operationId: 'unlockPromisedPoints', status: 500 })).status).toBe(201);
    await fetch(`${client().url}/__reference/faults`, { method: 'DELETE' });
    expect((await arm({ operationId: 'getPointsBalance', status: 503, times: 1 })).status).toBe(201);
    expect((await arm({ operationId: 'getPointsBalance', status: 429, times: 1 })).status).toBe(201);
  });

  it('sends a 204 with no body and no content headers', async () => {
    await arm({ operationId: 'getPointsBalance', status: 204, times: 1 });
    const query = new URLSearchParams(byMobile(ana.mobile));
    const answer = await fetch(`${client().url}/v2/customers/lookup/points/balance?${query}`);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('content-type')).toBeNull();
    expect(await answer.text()).toBe('');
  });

  it('sends a 1xx as an interim answer with no final one: the client waits until its timeout', async () => {
    await arm({ operationId: 'getPointsBalance', status: 102, times: 1 });
    const query = new URLSearchParams(byMobile(ana.mobile));
    const error = await fetch(`${client().url}/v2/customers/lookup/points/balance?${query}`, {
      headers: authHeaders(AUTH.strict),
      signal: AbortSignal.timeout(300),
    }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  const bad: [string, unknown, string][] = [
    ['not an object', [1], 'expected a JSON object'],
    ['no operationId', { status: 500 }, 'operationId: must be one of'],
    ['an unknown operationId', { operationId: 'refund', status: 500 }, 'operationId: must be one of'],
    ['an unknown field', { operationId: 'getPointsBalance', stauts: 500 }, 'stauts: unknown field'],
    [
      'status 600',
      { operationId: 'getPointsBalance', status: 600 },
      'status: must be an integer from 100 to 599',
    ],
    ['status as text', { operationId: 'getPointsBalance', status: '500' }, 'status: must be an integer'],
    [
      'delayMs 60001',
      { operationId: 'getPointsBalance', delayMs: 60_001 },
      'delayMs: must be an integer from 0',
    ],
    ['delayMs -1', { operationId: 'getPointsBalance', delayMs: -1 }, 'delayMs: must be an integer'],
    ['drop "yes"', { operationId: 'getPointsBalance', drop: 'yes' }, 'drop: must be true or false'],
    [
      'times 0',
      { operationId: 'getPointsBalance', status: 500, times: 0 },
      'times: must be an integer from 1',
    ],
    ['times 1.5', { operationId: 'getPointsBalance', status: 500, times: 1.5 }, 'times: must be an integer'],
    ['drop with a status', { operationId: 'getPointsBalance', drop: true, status: 500 }, 'drop: '],
    ['a body on a 304', { operationId: 'getPointsBalance', status: 304, body: {} }, 'body: a 304 answer'],
    ['nothing to inject', { operationId: 'getPointsBalance', times: 2 }, 'nothing to inject'],
  ];
  for (const [name, fault, error] of bad) {
    it(`refuses ${name} with 400 and one error line naming the field`, async () => {
      const answer = await arm(fault);
      expect(answer.status).toBe(400);
      const message = (answer.body as { error: string }).error;
      expect(message).toContain(error);
      expect(message).not.toContain('\n');
      expect(await listFaults()).toEqual([]);
    });
  }

  it('refuses a body that is not JSON with 400', async () => {
    const answer = await fetch(`${client().url}/__reference/faults`, { method: 'POST', body: '{status:' });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: string }).error).toContain('not JSON');
  });
});

describe('faults armed over HTTP with in-process hooks', () => {
  it('compose with hooks.reply (a body fault on top of it; a status fault before it) and clear on reset()', async () => {
    const seen: string[] = [];
    const server: ReferenceServer = await startReferenceServer({
      port: 0,
      hooks: {
        reply: (operationId, reply) => {
          seen.push(operationId);
          return { ...reply, headers: { 'x-hooked': 'yes' } };
        },
      },
    });
    try {
      expect(
        (await arm({ operationId: 'negativePointsAdjustment', body: { over: 'hook' }, times: 1 }, server.url))
          .status,
      ).toBe(201);
      const replaced = await deduct(1, {}, server.url);
      expect(await replaced.json()).toEqual({ over: 'hook' });
      expect(seen).toEqual(['negativePointsAdjustment']);

      await arm({ operationId: 'negativePointsAdjustment', status: 500 }, server.url);
      const injected = await deduct(1, {}, server.url);
      expect(injected.status).toBe(500);
      expect(injected.headers.get('x-hooked'), 'an injected status is answered before the hooks').toBeNull();
      expect(seen).toHaveLength(1);

      server.reset();
      expect(await listFaults(server.url)).toEqual([]);
      const after = await deduct(1, {}, server.url);
      expect(after.status).toBe(200);
      expect(after.headers.get('x-hooked')).toBe('yes');
    } finally {
      await server.close();
    }
  });
});
