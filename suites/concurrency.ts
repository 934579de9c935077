import type { Exchange } from '../src/client/exchange.ts';
import { errorCodesOf, lookupIdentifier, UPP_IDENTIFIERS } from '../src/engine/context.ts';
import type { Suite } from '../src/engine/types.ts';
import { deduct, defineScenario, minus, samePoints } from './support.ts';

/** Parallel deductions: bounded by the profile's concurrency limit times a small factor. */
const parallelDeductions = (concurrency: number) => Math.min(64, Math.max(8, concurrency * 4));

/** Concurrent deductions never overdraw (config off) and never lose an update. */
export const concurrencySuite: Suite = {
  name: 'concurrency',
  description: 'N parallel deductions whose sum exceeds the balance: no overdraw, no lost update',
  scenarios: [
    defineScenario({
      id: 'concurrency.parallel-deductions',
      title:
        'parallel deductions summing to twice the balance never overdraw, and the final balance matches the successes',
      requirements: ['CAP-NPA-CONCURRENT-NO-OVERDRAW', 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE'],
      fixtures: ['drainable'],
      family: 'capillary',
      tags: ['concurrency', 'deduction'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('drainable');
        const programId = customer.programs[0];
        const negativeOn = ctx.org?.config.negativeBalanceOnReturn === 'on';
        const before = await ctx.balance(customer, { programId });
        const n = parallelDeductions(ctx.profile.limits.concurrency);
        // Whole points, so no program's round decimals can reject the amount; one more than an even
        // split, so the deductions that fit usually leave a remainder for the exact-balance scenario.
        const amount = negativeOn ? 1 : Math.max(1, Math.floor((2 * before.mainPoints) / n) + 1);
        if (!negativeOn && before.mainPoints < amount * 2) {
          ctx.skip(`the drainable customer has only ${before.mainPoints} points`);
        }
        const exchanges: Exchange[] = await Promise.all(
          Array.from({ length: n }, () => deduct(ctx, customer, amount)),
        );
        const ok = exchanges.filter(
          (e) => (e.response?.status ?? 0) >= 200 && (e.response?.status ?? 0) < 300,
        );
        const after = await ctx.balance(customer, { programId });
        const expected = minus(before.mainPoints, ok.length * amount);
        ctx.verify('CAP-NPA-CONCURRENT-NO-LOST-UPDATE', samePoints(after.mainPoints, expected), {
          expected: `mainPoints ${expected} = ${before.mainPoints} − ${ok.length} successful × ${amount}`,
          actual: `mainPoints ${after.mainPoints}`,
          exchanges: [before.exchange, after.exchange, ...exchanges.slice(0, 3)],
        });
        if (negativeOn) return;
        const rejectedOtherwise = exchanges.filter((e) => !ok.includes(e) && !errorCodesOf(e).includes(8907));
        ctx.verify(
          'CAP-NPA-CONCURRENT-NO-OVERDRAW',
          ok.length * amount <= before.mainPoints + 1e-6 && after.mainPoints >= -1e-6,
          {
            expected: `at most ${Math.floor(before.mainPoints / amount)} of ${n} deductions of ${amount} succeed; balance never below 0`,
            actual: `${ok.length} succeeded; mainPoints ${after.mainPoints}`,
            exchanges: [before.exchange, after.exchange, ...ok.slice(0, 3)],
          },
        );
        ctx.verify('CAP-NPA-CONCURRENT-NO-OVERDRAW', rejectedOtherwise.length === 0, {
          expected: 'every refused deduction refused with 8907',
          actual: `${rejectedOtherwise.length} refused otherwise`,
          exchanges: rejectedOtherwise.slice(0, 3),
        });
      },
    }),

    defineScenario({
      id: 'concurrency.parallel-unlock',
      title: 'parallel unlocks of the same bill move its promised points exactly once',
      requirements: ['CAP-UPP-CONCURRENT-ONCE'],
      fixtures: ['billSpare'],
      family: 'capillary',
      tags: ['concurrency', 'unlock'],
      mutates: true,
      async run(ctx) {
        const bill = ctx.bill('billSpare');
        const customer = bill.customerFixture;
        const before = await ctx.balance(customer, { fetchDataForAllPrograms: true });
        const [identifierName, identifierValue] = lookupIdentifier(customer, UPP_IDENTIFIERS);
        const n = Math.min(16, Math.max(4, ctx.profile.limits.concurrency * 2));
        const exchanges = await Promise.all(
          Array.from({ length: n }, () =>
            ctx.call('unlockPromisedPoints', {
              query: { identifierName, identifierValue, source: 'INSTORE' },
              body: { eventName: bill.eventName, billNumber: bill.billNumber },
            }),
          ),
        );
        const ok = exchanges.filter(
          (e) => (e.response?.status ?? 0) < 300 && (e.response?.status ?? 0) >= 200,
        );
        if (ok.length === 0 && exchanges.every((e) => errorCodesOf(e).includes(82323282))) {
          ctx.skip(`bill ${bill.billNumber} had nothing left to unlock`);
        }
        const after = await ctx.balance(customer, { fetchDataForAllPrograms: true });
        ctx.verify(
          'CAP-UPP-CONCURRENT-ONCE',
          ok.length === 1 && samePoints(after.totalPoints, before.totalPoints),
          {
            expected: `exactly one of ${n} parallel unlocks succeeds; total points unchanged (${before.totalPoints})`,
            actual: `${ok.length} succeeded; total ${after.totalPoints}`,
            exchanges: [before.exchange, after.exchange, ...ok.slice(0, 3)],
          },
        );
      },
    }),
  ],
};
