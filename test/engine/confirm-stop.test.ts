import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import type { Called } from '../../src/client/http-client.ts';
import { countedOnce, createStopConfirmation, inputBreaksSchema } from '../../src/engine/confirm-stop.ts';
import type { CallOptions } from '../../src/engine/types.ts';
import { createValidators, loadDefaultSpecs, soleOperationsOf } from '../../src/spec/index.ts';

/** An exchange of `method` on `path` answered `status`. */
const exchangeOf = (method: string, path: string) => (status: number) =>
  ({
    request: { method, url: `http://127.0.0.1:1${path}`, headers: {} },
    response: { status, headers: {}, body: {} },
  }) as unknown as Exchange;
/** A GET balance exchange answered `status`. */
const read = exchangeOf('GET', '/v2/customers/lookup/points/balance');
/** A fabric adjustment (POST) answered `status`. */
const adjustment = exchangeOf('POST', '/api/v1/members/points-adjustment');

/**
 * A confirmation whose requests are answered in turn by `statuses` (503 past them), counting
 * sends (`statuses`: what each got; `sent`: its operation, body or path, and status) and pauses.
 */
function confirmationOf(statuses: number[]) {
  const answeredWith: number[] = [];
  const sent: string[] = [];
  const pauses: number[] = [];
  const confirmation = createStopConfirmation(
    async (operationId, _principal, options) => {
      const status = statuses[sent.length] ?? 503;
      answeredWith.push(status);
      sent.push(`${operationId} ${JSON.stringify(options.body ?? options.pathParams)} ${status}`);
      const exchange = operationId === 'adjustMemberPoints' ? adjustment(status) : read(status);
      return { judged: exchange, recorded: exchange, head: exchange } as unknown as Called;
    },
    () => false,
    500,
    async (ms) => {
      pauses.push(ms);
    },
  );
  return { confirmation, statuses: answeredWith, sent, pauses };
}

/** {@link confirmationOf} for org strict, which read two balances earlier. */
function confirmationAnswering(statuses: number[]) {
  const { confirmation, statuses: sent, pauses } = confirmationOf(statuses);
  confirmation.remember(read(200), 'strict', 'getPointsBalance', { query: { identifierValue: '1' } });
  confirmation.remember(read(200), 'strict', 'getPointsBalance', { query: { identifierValue: '2' } });
  return { confirmation, sent, pauses };
}

describe('stop confirmation', () => {
  it('asks one earlier read at once and does not pause when it is answered as then', async () => {
    const { confirmation, sent, pauses } = confirmationAnswering([200]);
    expect(await confirmation.confirm('strict', 'refused')).toBeUndefined();
    expect(sent).toEqual([200]);
    expect(pauses).toEqual([]);
  });

  it('pauses, then asks every read again, when the first is not answered as then', async () => {
    const { confirmation, sent, pauses } = confirmationAnswering([503, 503, 200]);
    expect(await confirmation.confirm('strict', 'unavailable')).toBeUndefined();
    expect(pauses).toEqual([500]);
    expect(sent).toEqual([503, 503, 200]);
  });

  it('names what the reads got after the pause when none is answered as then', async () => {
    const { confirmation, sent, pauses } = confirmationAnswering([]);
    expect(await confirmation.confirm('strict', 'unavailable')).toBe(
      '2 reads answered earlier in the run, asked again, got GET /v2/customers/lookup/points/balance 503 ×2',
    );
    expect(pauses).toEqual([500]);
    expect(sent).toHaveLength(3);
  });
});

describe('stop confirmation of a one-operation streak (fabric adjustments)', () => {
  const invalid = () => true;
  const valid = () => false;
  /** Remembers a fabric adjustment sent with `options` and answered `status`. */
  const adjusted = (
    confirmation: ReturnType<typeof confirmationOf>['confirmation'],
    status: number,
    options: CallOptions,
    inputInvalid?: () => boolean,
  ) => confirmation.remember(adjustment(status), 'fabric', 'adjustMemberPoints', options, inputInvalid);

  it('asks again a write refused for its input, only for a one-operation outage', async () => {
    const { confirmation, sent, pauses } = confirmationOf([400]);
    adjusted(confirmation, 400, { body: { points: 'x' } }, invalid);
    // An expiry, or an outage spanning two operations and a read, asks reads only: none here.
    expect(await confirmation.confirm('fabric', 'refused')).toBe('no read answered earlier to ask again');
    expect(await confirmation.confirm('fabric', 'unavailable')).toBe('no read answered earlier to ask again');
    expect(sent).toEqual([]);
    expect(await confirmation.confirm('fabric', 'unavailable', true)).toBeUndefined();
    expect(sent).toEqual(['adjustMemberPoints {"points":"x"} 400']);
    expect(pauses).toEqual([]);
  });

  it('never remembers an accepted write, a refusal of a valid input, or one sent with other credentials', async () => {
    const { confirmation, sent, pauses } = confirmationOf([]);
    adjusted(confirmation, 200, { body: { points: 'x' } }, invalid);
    adjusted(confirmation, 404, { body: { points: 5 } }, valid);
    adjusted(confirmation, 400, { body: { points: 5 } });
    adjusted(confirmation, 401, { body: {} }, invalid);
    adjusted(confirmation, 400, { body: { points: 'x' }, auth: 'none' }, invalid);
    // Nothing to ask: the streak is judged (undefined), with no request and no pause.
    expect(await confirmation.confirm('fabric', 'unavailable', true)).toBeUndefined();
    expect(sent).toEqual([]);
    expect(pauses).toEqual([]);
  });

  it('declares the outage when the refused writes and the reads are all answered 503, naming requests', async () => {
    const { confirmation, sent, pauses } = confirmationOf([]);
    adjusted(confirmation, 400, { body: { points: 'x' } }, invalid);
    adjusted(confirmation, 400, { body: {} }, invalid);
    adjusted(confirmation, 400, { body: { points: null } }, invalid);
    confirmation.remember(read(200), 'fabric', 'inquireMemberPoints', { pathParams: { profileId: 'm' } });
    expect(await confirmation.confirm('fabric', 'unavailable', true)).toBe(
      '3 requests answered earlier in the run, asked again, got POST /api/v1/members/points-adjustment 503 ×2, GET /v2/customers/lookup/points/balance 503',
    );
    // The first two refused writes are kept; the first is asked at once, all after the pause.
    expect(sent.map((s) => s.split(' ')[1])).toEqual([
      '{"points":"x"}',
      '{"points":"x"}',
      '{}',
      '{"profileId":"m"}',
    ]);
    expect(pauses).toEqual([500]);
  });

  it('is judged when a read of the family answers as then, the refused write 503 (its backend up, writes down)', async () => {
    const { confirmation, sent } = confirmationOf([503, 503, 200]);
    adjusted(confirmation, 400, { body: {} }, invalid);
    confirmation.remember(read(200), 'fabric', 'inquireMemberPoints', { pathParams: { profileId: 'm' } });
    expect(await confirmation.confirm('fabric', 'unavailable', true)).toBeUndefined();
    expect(sent).toHaveLength(3);
  });
});

describe('inputBreaksSchema and soleOperationsOf (the shipped specs)', () => {
  it('tells a fabric adjustment that breaks the documented schema from one that does not', async () => {
    const registry = await loadDefaultSpecs();
    const validators = createValidators(registry);
    const breaks = (options: Parameters<typeof inputBreaksSchema>[2]) =>
      inputBreaksSchema(validators, 'adjustMemberPoints', options);
    expect(breaks({ body: { profileId: 'm', points: 1 } })).toBe(false);
    // An unknown member is refused for the target's data, not the document's schema.
    expect(breaks({ body: { profileId: 'no-such-member', points: 1 } })).toBe(false);
    expect(breaks({ body: { profileId: 'm' } })).toBe(true);
    expect(breaks({ body: { profileId: 'm', points: '1' } })).toBe(true);
    expect(breaks({ body: { profileId: 'm', points: 1, reasonCode: '' } })).toBe(true);
    expect(breaks({ rawBody: '{"points": 1,' })).toBe(true);
    expect(breaks({ rawBody: '{"points": 1}' })).toBe(false);
    // fabric documents one operation (its inquiry lies outside the documents); Capillary three.
    expect([...soleOperationsOf(registry)]).toEqual([['fabric', 'adjustMemberPoints']]);
  });
});

describe('countedOnce', () => {
  it('names answers alike once with how many, in the order first seen', () => {
    expect(countedOnce(['GET /a 503', 'GET /b 503', 'GET /a 503', 'GET /a 503'])).toEqual([
      'GET /a 503 ×3',
      'GET /b 503',
    ]);
    expect(countedOnce(['GET /a 401'])).toEqual(['GET /a 401']);
    expect(countedOnce([])).toEqual([]);
  });
});
