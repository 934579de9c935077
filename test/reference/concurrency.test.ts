import { describe, expect, it } from 'vitest';
import {
  AUTH,
  byMobile,
  DATA,
  type Exchange,
  errorCode,
  micro,
  readBalance,
  useReferenceClient,
} from '../support/reference-client.ts';

const { rich, ana } = DATA.strict;
const { empty } = DATA.lenient;
// One pool of 64 connections: 1,000 requests in flight at most 64 at a time on the wire.
const client = useReferenceClient({ connections: 64 });

const deduct = (
  mobile: string,
  amount: number,
  auth: typeof AUTH.strict | typeof AUTH.lenient = AUTH.strict,
) =>
  client().call('negativePointsAdjustment', {
    query: byMobile(mobile),
    body: { pointsToBeAdjusted: amount, programId: 469, reasonOfReturn: 'concurrency' },
    auth,
    timeoutMs: 30_000,
  });

describe('concurrent requests', () => {
  it('never overdraws under 1,000 concurrent deductions when negative balances are off', async ({
    annotate,
  }) => {
    const amount = 150;
    const requests = 1_000;
    const start = (await readBalance(client(), rich.mobile)).main;
    expect(start).toBe(micro('100000.5'));
    expect(requests * micro(amount)).toBeGreaterThan(start);

    const started = performance.now();
    const results = await Promise.all(Array.from({ length: requests }, () => deduct(rich.mobile, amount)));
    const elapsed = performance.now() - started;

    const successes = results.filter((r) => r.status === 200);
    const failures = results.filter((r) => r.status !== 200);
    expect(failures.map(errorCode).filter((code) => code !== 8907)).toEqual([]);
    expect(successes.length * micro(amount)).toBeLessThanOrEqual(start);
    expect(successes.length).toBe(Math.floor(start / micro(amount)));
    const final = await readBalance(client(), rich.mobile);
    expect(final.main).toBe(start - successes.length * micro(amount));
    expect(final.main).toBeGreaterThanOrEqual(0);
    // Each success reports a distinct balance: the deductions were applied one after another.
    const reported = successes.map((r) => micro((r.body as { pointsAvailable: string }).pointsAvailable));
    expect(new Set(reported).size).toBe(successes.length);
    expect(Math.min(...reported)).toBe(final.main);
    await annotate(`${requests} deductions in ${elapsed.toFixed(0)} ms: ${successes.length} succeeded`);
  });

  it('loses no update under 200 concurrent deductions when negative balances are on', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, () => deduct(empty.mobile, 1.25, AUTH.lenient)),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await readBalance(client(), empty.mobile, {}, AUTH.lenient)).main).toBe(micro(-250));
  });

  it('unlocks a bill exactly once under 20 concurrent unlocks', async () => {
    const before = await readBalance(client(), ana.mobile);
    const results: Exchange[] = await Promise.all(
      Array.from({ length: 20 }, () =>
        client().call('unlockPromisedPoints', {
          query: byMobile(ana.mobile),
          body: { eventName: 'TransactionAdd', billNumber: 'B-1001-1' },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).map(errorCode)).toEqual(Array(19).fill(82323282));
    const after = await readBalance(client(), ana.mobile);
    expect(after.main - before.main).toBe(before.promised);
    expect(after.promised).toBe(0);
  });
});
