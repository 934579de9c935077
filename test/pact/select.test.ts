// Pact's native core sends telemetry unless told not to (TOOLING.md); set it in every Pact test file.
process.env.PACT_DO_NOT_TRACK = 'true';

import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { recordExchange } from '../../src/client/redact.ts';
import type { CallOptions, Verdict } from '../../src/engine/types.ts';
import { type RecordedCall, type SelectionInput, selectCalls } from '../../src/pact/select.ts';
import { loadProfile, REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';

const BASE = 'http://127.0.0.1:9';
const profile = loadProfile(REFERENCE_PROFILE_PATH, {
  overrides: { capillaryBaseUrl: BASE, fabricBaseUrl: `${BASE}/api` },
});
const catalogue = loadCatalogue();
const ANA = 'identifierName=mobile&identifierValue=919800001001&source=INSTORE';

let clock = Date.parse('2026-01-01T00:00:00Z');
/** A start time after every earlier call. */
const later = (gap: number) => {
  clock += gap;
  return clock;
};

/** A recorded call (5 ms long); each starts 20 ms after the previous one unless `at` says otherwise. */
function call(
  scenarioId: string,
  operationId: string,
  status: number,
  options: { query?: string; body?: unknown; response?: unknown; at?: number; call?: CallOptions } = {},
): RecordedCall {
  const start = options.at ?? later(20);
  const method = operationId === 'getPointsBalance' ? 'GET' : 'POST';
  const path =
    operationId === 'getPointsBalance'
      ? '/v2/customers/lookup/points/balance'
      : '/v2/customers/lookup/negativePointsAdjustment';
  const exchange: Exchange = {
    id: start,
    operationId,
    family: 'capillary',
    principal: 'strict',
    request: { method, url: `${BASE}${path}?${options.query ?? ANA}`, headers: {}, body: options.body },
    response: {
      status,
      headers: { 'content-type': 'application/json' },
      bodyText: JSON.stringify(options.response ?? {}),
      body: options.response ?? {},
    },
    startedAt: new Date(start).toISOString(),
    durationMs: 5,
    attempts: 1,
  };
  return { exchange: recordExchange(exchange), scenarioId, principal: 'strict', call: options.call ?? {} };
}

function input(
  calls: RecordedCall[],
  citations: Record<number, string[]>,
  failing: string[] = [],
): SelectionInput {
  const verdicts = new Map<string, Verdict>(
    calls.map((c) => [`${c.scenarioId}@strict`, failing.includes(c.scenarioId) ? 'fail' : 'pass']),
  );
  return {
    calls,
    citations: new Map(Object.entries(citations).map(([id, list]) => [Number(id), new Set(list)])),
    verdicts,
    scenarioRequirements: new Map(),
    catalogue,
    profile,
  };
}

const balance = (points: string) => ({ entityId: 1001, mainPoints: points, totalPoints: points });
const errorBody = (code: number) => ({ errors: [{ status: false, code, message: 'x' }], warnings: [] });

describe('selectCalls', () => {
  it('keeps one call per principal × operation × status × error code, the one evidencing most requirements', () => {
    const a = call('negative-balance.arithmetic', 'negativePointsAdjustment', 200, {
      body: { pointsToBeAdjusted: 1 },
    });
    const b = call('ledger-invariants.sequence', 'negativePointsAdjustment', 200, {
      body: { pointsToBeAdjusted: 1 },
    });
    const selected = selectCalls(
      input([a, b], {
        [a.exchange.id]: ['CAP-NPA-ARITHMETIC'],
        [b.exchange.id]: ['CAP-NPA-ARITHMETIC', 'CAP-BAL-LEDGER'],
      }),
    );
    expect(selected.map((s) => s.scenarioId)).toEqual(['ledger-invariants.sequence']);
    expect(selected[0]?.requirements).toEqual(['CAP-BAL-LEDGER', 'CAP-NPA-ARITHMETIC']);
  });

  it('prefers the call whose requirement is about the very error code it answered', () => {
    const race = call('concurrency.parallel-deductions', 'negativePointsAdjustment', 400, {
      body: { pointsToBeAdjusted: 9 },
      response: errorBody(8907),
    });
    const rule = call('negative-balance.over-balance-8907', 'negativePointsAdjustment', 400, {
      body: { pointsToBeAdjusted: 9 },
      response: errorBody(8907),
    });
    const selected = selectCalls(
      input([race, rule], {
        [race.exchange.id]: ['CAP-NPA-CONCURRENT-NO-OVERDRAW', 'CAP-NPA-ARITHMETIC'],
        [rule.exchange.id]: ['CAP-NPA-8907'],
      }),
    );
    expect(selected.map((s) => s.scenarioId)).toEqual(['negative-balance.over-balance-8907']);
  });

  it('chooses between calls of equal merit by scenario and place in it, whatever order the engine sent them in', () => {
    const reads = (first: string, second: string) => {
      const a = call(first, 'getPointsBalance', 200, { response: balance('1') });
      const b = call(second, 'getPointsBalance', 200, { response: balance('1') });
      return selectCalls(
        input([a, b], { [a.exchange.id]: ['CAP-BAL-TOTAL'], [b.exchange.id]: ['CAP-BAL-TOTAL'] }),
      ).map((s) => s.scenarioId);
    };
    // Scenarios run in parallel: which one's call came first varies from run to run.
    expect(reads('balance.program-table', 'balance.all-programs')).toEqual(['balance.all-programs']);
    expect(reads('balance.all-programs', 'balance.program-table')).toEqual(['balance.all-programs']);
  });

  it('states the balance the run last saw before a deduction, following the target’s answers', () => {
    const read = call('s', 'getPointsBalance', 200, { response: balance('670.000') });
    const first = call('s', 'negativePointsAdjustment', 200, {
      body: { pointsToBeAdjusted: 1, programId: 469 },
      response: { status: 'success', pointsAvailable: '669.000' },
    });
    const second = call('s', 'negativePointsAdjustment', 400, {
      body: { pointsToBeAdjusted: 700, programId: 469 },
      response: errorBody(8907),
    });
    const cite = {
      [read.exchange.id]: ['CAP-BAL-TOTAL'],
      [first.exchange.id]: ['CAP-NPA-ARITHMETIC'],
      [second.exchange.id]: ['CAP-NPA-8907'],
    };
    const selected = selectCalls(input([read, first, second], cite));
    const statesOf = (status: number) =>
      selected.find(
        (s) =>
          s.exchange.operationId === 'negativePointsAdjustment' && s.exchange.response?.status === status,
      )?.states;
    expect(statesOf(200)).toContainEqual({
      kind: 'customer-balance',
      org: 'strict',
      customer: 'customer-1001',
      points: 670,
      programId: 469,
      requires: { atLeast: 1 },
    });
    expect(statesOf(400)).toContainEqual(expect.objectContaining({ kind: 'customer-balance', points: 669 }));
    // What each answer needed of the balance, for targets whose balance cannot be set.
    expect(statesOf(400)).toContainEqual(expect.objectContaining({ requires: { below: 700 } }));
    expect(selected.find((s) => s.exchange.operationId === 'getPointsBalance')?.states).toEqual([
      { kind: 'org', org: 'strict', negativeBalanceOnReturn: 'off' },
      { kind: 'customer', org: 'strict', customer: 'customer-1001' },
    ]);
  });

  it('leaves out calls overlapping a state change, wrong credentials on purpose and failing scenarios', () => {
    const at = later(100);
    const parallelA = call('c', 'negativePointsAdjustment', 200, { body: { pointsToBeAdjusted: 1 }, at });
    const parallelB = call('c', 'negativePointsAdjustment', 400, {
      body: { pointsToBeAdjusted: 1 },
      response: errorBody(8907),
      at: at + 1,
    });
    const wrong = call('w', 'getPointsBalance', 401, {
      response: errorBody(401),
      call: { auth: { headers: { authorization: 'Basic bad' } } },
    });
    const failing = call('f', 'getPointsBalance', 200, { response: balance('1') });
    const selected = selectCalls(
      input(
        [parallelA, parallelB, wrong, failing],
        {
          [parallelA.exchange.id]: ['CAP-NPA-ARITHMETIC'],
          [parallelB.exchange.id]: ['CAP-NPA-8907'],
          [wrong.exchange.id]: ['CAP-AUTH-MISSING'],
          [failing.exchange.id]: ['CAP-BAL-TOTAL'],
        },
        ['f'],
      ),
    );
    expect(selected).toEqual([]);
  });

  it('keeps parallel calls that change nothing (credential probes answered 401)', () => {
    const at = later(100);
    const probes = [0, 1].map((offset) =>
      call('a', offset ? 'negativePointsAdjustment' : 'getPointsBalance', 401, {
        response: errorBody(401),
        at: at + offset,
        call: { auth: 'none' },
        ...(offset ? { body: { pointsToBeAdjusted: 1 } } : {}),
      }),
    );
    const selected = selectCalls(
      input(probes, Object.fromEntries(probes.map((p) => [p.exchange.id, ['CAP-AUTH-MISSING']]))),
    );
    expect(selected.map((s) => [s.exchange.operationId, s.auth])).toEqual([
      ['getPointsBalance', 'none'],
      ['negativePointsAdjustment', 'none'],
    ]);
  });

  it('trusts the engine on concurrency: calls one after the other within a millisecond stay eligible', () => {
    const at = later(100);
    // Timestamps alone say these overlap (same millisecond, 5 ms long); the engine saw them in turn.
    const read = {
      ...call('s', 'getPointsBalance', 200, { response: balance('10'), at }),
      concurrent: false,
    };
    const deduction = {
      ...call('s', 'negativePointsAdjustment', 200, {
        body: { pointsToBeAdjusted: 1 },
        response: { status: 'success', pointsAvailable: '9' },
        at,
      }),
      concurrent: false,
    };
    const cited = { [read.exchange.id]: ['CAP-BAL-LEDGER'], [deduction.exchange.id]: ['CAP-NPA-ARITHMETIC'] };
    expect(selectCalls(input([read, deduction], cited)).map((s) => s.exchange.operationId)).toEqual([
      'getPointsBalance',
      'negativePointsAdjustment',
    ]);
    // The same calls reported as concurrent with a state change: neither may become an interaction.
    const both = [read, deduction].map((c) => ({ ...c, concurrent: true }));
    expect(selectCalls(input(both, cited))).toEqual([]);
  });
});
