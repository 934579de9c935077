import { describe, expect, it } from 'vitest';
import { createScenarioContext } from '../../src/engine/context.ts';
import { AFTER_REFUSAL, createReadAfterWrite } from '../../src/engine/read-after-write.ts';
import type { CheckResult } from '../../src/engine/types.ts';
import type { OrgProfile } from '../../src/profile/types.ts';
import { fakeContextHost, fakeExchange } from './fakes.ts';

const org = {
  id: 'tenant',
  auth: { scheme: 'basic', username: 'u', password: 'p' },
  config: {
    negativeBalanceOnReturn: 'off',
    programs: [
      { id: 1, roundDecimals: 2 },
      { id: 2, roundDecimals: 2 },
    ],
  },
  fixtures: {
    customers: { amy: { identifiers: { mobile: '100' }, programs: [1, 2] } },
    roles: { deductible: 'amy' },
  },
} as unknown as OrgProfile;

/**
 * A target whose deduction of 1 point, refused with 8907 or acknowledged (`acknowledge`), reaches
 * program 1's balance `lateMs` after the answer; reads show the balance as it is then.
 */
function contextFor(windowMs: number, lateMs: number, acknowledge = false) {
  let id = 0;
  let points = 10;
  const sent: string[] = [];
  const results: CheckResult[] = [];
  const answer = (status: number, body: unknown) => fakeExchange(status, body, ++id);
  const host = fakeContextHost(
    org,
    async (operationId, options) => {
      sent.push(operationId);
      if (operationId === 'negativePointsAdjustment') {
        setTimeout(() => {
          points -= 1;
        }, lateMs);
        return acknowledge
          ? answer(200, { pointsAvailable: points - 1, warnings: [] })
          : answer(400, { errors: [{ status: false, code: 8907, message: 'refused' }] });
      }
      const main = options.query?.programId === '2' ? 5 : points;
      return answer(200, { mainPoints: main, totalPoints: main });
    },
    {
      record: (result) => results.push(result),
      ...(windowMs > 0 ? { readAfterWrite: createReadAfterWrite(windowMs) } : {}),
    },
  );
  return { ctx: createScenarioContext(host), sent, results };
}

const deduction = { query: { identifierName: 'mobile', identifierValue: '100' }, customerKey: 'amy' };

describe('reads after a refused call, under the window', () => {
  it('judge the refusal on a read made after the window, where a late-applied refusal shows', async () => {
    const { ctx } = contextFor(150, 60);
    const customer = ctx.customer('deductible');
    await ctx.call('negativePointsAdjustment', deduction);
    // Any other read goes at once (a refusal opens the window only for reads judging it).
    expect((await ctx.balance(customer, { programId: 1 })).mainPoints).toBe(10);
    expect((await ctx.balance(customer, { programId: 1 }, AFTER_REFUSAL)).mainPoints).toBe(9);
  });

  it('are made at once with the window 0, as before', async () => {
    const { ctx, sent } = contextFor(0, 60);
    await ctx.call('negativePointsAdjustment', deduction);
    const after = await ctx.balance(ctx.customer('deductible'), { programId: 1 }, AFTER_REFUSAL);
    expect(after.mainPoints).toBe(10);
    // One read, no re-read (a lag probe's would be a second): counted, not timed, so no load
    // of the machine can make it look otherwise (it was "under 450 ms" against the probe's 500).
    expect(sent).toEqual(['negativePointsAdjustment', 'getPointsBalance']);
  });
});

describe('balances: several reads judged together', () => {
  it('are read again together until they show the write, and warn with the lag', async () => {
    const { ctx, sent, results } = contextFor(1_000, 60, true);
    const customer = ctx.customer('deductible');
    await ctx.call('negativePointsAdjustment', deduction);
    const readings = await ctx.balances(customer, [{ programId: 1 }, { programId: 2 }], {
      requirement: 'R',
      shows: ([one]) => one?.mainPoints === 9,
    });
    expect(readings.map((r) => r.mainPoints)).toEqual([9, 5]);
    // Each re-read reads both programs.
    expect((sent.length - 1) % 2).toBe(0);
    expect(sent.length).toBeGreaterThan(3);
    expect(results.map((r) => [r.requirementId, r.verdict])).toEqual([['R', 'warn']]);
    expect(results[0]?.actual).toMatch(/^shown \d+ ms after the write, on re-read \d+$/);
  });
});
