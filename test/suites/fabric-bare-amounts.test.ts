import { describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import { sentBare } from '../../suites/fabric.ts';
import { suitesOf } from '../faults/variant-scope.ts';

/** A fabric adjustment body with nothing but the member, the points and nulls (setToPending not true). */
function bareAmountOf(body: unknown): number | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { profileId: _member, points, setToPending, ...rest } = body as Record<string, unknown>;
  if (typeof points !== 'number' || setToPending === true) return undefined;
  if (setToPending !== undefined && setToPending !== null && setToPending !== false) return undefined;
  return Object.values(rest).every((value) => value === null) ? points : undefined;
}

/** Whether `amount` is an odd number of some decimal display unit (1, 0.1, 0.01, …): its last digit is odd. */
const oddInSomeUnit = (amount: number) => /[13579]$/.test(String(Math.abs(amount)));

describe('fabric bare amounts (sentBare)', () => {
  it('names every odd amount a run adjusts a member by bare, which a tie confirmation must not repeat', async () => {
    const result = await conform({ evidence: 'all', suites: suitesOf('fabric') });
    expect(result.exitCode).toBe(0);
    const bare = result.exchanges
      .filter((e) => e.operationId === 'adjustMemberPoints' && (e.response?.status ?? 0) < 300)
      .flatMap((e) => bareAmountOf(e.request.body) ?? []);
    // The nulls' ±1, PENDING-DEFAULT's +3, FAB-ADJ-DEDUCT's −5 and the parallel additions at least.
    expect(bare.length).toBeGreaterThanOrEqual(6);
    expect(bare.filter(oddInSomeUnit).filter((amount) => !sentBare(amount))).toEqual([]);
  });

  it('reads an amount sent with a string, or as pending, as not bare', () => {
    expect(bareAmountOf({ profileId: 'm', points: 3 })).toBe(3);
    expect(bareAmountOf({ profileId: 'm', points: -1, pointType: null, reasonCode: null })).toBe(-1);
    expect(bareAmountOf({ profileId: 'm', points: 7, setToPending: true })).toBeUndefined();
    expect(bareAmountOf({ profileId: 'm', points: -5, reasonCode: '7502' })).toBeUndefined();
    expect(oddInSomeUnit(2.5)).toBe(true);
    expect(oddInSomeUnit(14)).toBe(false);
  });
});
