import type { BalanceReading, Suite } from '../src/engine/types.ts';
import {
  balanceCovering,
  deduct,
  defineScenario,
  minus,
  otherProgramOf,
  readMainAfter,
  showing,
  verifyBalance,
  verifyBalances,
} from './support.ts';

/** Balances add up across a sequence of operations. */
export const ledgerInvariantsSuite: Suite = {
  name: 'ledger-invariants',
  description: 'a sequence of deductions, read after each step: balances add up and totals stay consistent',
  scenarios: [
    defineScenario({
      id: 'ledger-invariants.sequence',
      title:
        'after each deduction of a sequence the balance equals the start minus everything deducted so far',
      requirements: ['CAP-BAL-LEDGER', 'CAP-NPA-ARITHMETIC', 'CAP-BAL-TOTAL'],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['ledger'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const programId = customer.programs[0];
        const start = await ctx.balance(customer, { programId });
        const steps = [2, 1, 3];
        const needed = steps.reduce((a, b) => a + b, 0);
        if (ctx.org?.config.negativeBalanceOnReturn !== 'on' && start.mainPoints < needed) {
          ctx.skip(`the deductible customer has only ${start.mainPoints} points`);
        }
        let deducted = 0;
        for (const amount of steps) {
          const exchange = await deduct(ctx, customer, amount);
          if (!ctx.expectSuccess('CAP-NPA-ARITHMETIC', exchange)) return;
          deducted += amount;
          const [now, moved] = await readMainAfter(
            ctx,
            'CAP-BAL-LEDGER',
            customer,
            { programId },
            (read) => ({
              plus: [start.mainPoints],
              delta: -deducted,
              seen: [start, read],
              deductions: [exchange],
            }),
          );
          const seen = [start, now];
          verifyBalance(ctx, 'CAP-BAL-LEDGER', now.mainPoints, moved, {
            expected: `mainPoints ${minus(start.mainPoints, deducted)} after deducting ${deducted} in total`,
            actual: `mainPoints ${now.mainPoints}`,
            exchanges: [start.exchange, exchange, now.exchange],
          });
          // Total moves as main moved (promised points kept): the move of main, a difference of two
          // reads of one figure by whole points, is exact even where a target shows whole numbers.
          const promisedKept = {
            plus: [start.totalPoints],
            delta: minus(now.mainPoints, start.mainPoints),
            seen,
          };
          verifyBalance(ctx, 'CAP-BAL-TOTAL', now.totalPoints, promisedKept, {
            expected: 'promised points untouched by deductions (totalPoints − mainPoints constant)',
            actual: `${start.totalPoints - start.mainPoints} then ${now.totalPoints - now.mainPoints}`,
            exchanges: [start.exchange, now.exchange],
          });
        }
      },
    }),

    defineScenario({
      id: 'ledger-invariants.other-program',
      title:
        'a deduction from the program that is not the default lowers that program and the all-program balance by the amount',
      requirements: ['CAP-BAL-LEDGER'],
      fixtures: ['twoPrograms', 'secondProgram'],
      family: 'capillary',
      tags: ['ledger', 'programs'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('twoPrograms');
        const programId = otherProgramOf(ctx, customer);
        const amount = 1;
        // Every figure read before the deduction: whichever read a target serves from a store of its
        // own, the next read after the deduction must show the amount gone.
        const overallBefore = await ctx.balance(customer, { fetchDataForAllPrograms: true });
        const before = await balanceCovering(ctx, customer, programId, amount);
        const exchange = await deduct(ctx, customer, amount, { programId });
        if (!ctx.expectSuccess('CAP-BAL-LEDGER', exchange)) return;
        const movedFrom = (from: BalanceReading) =>
          showing('CAP-BAL-LEDGER', (read) => [
            [
              read.mainPoints,
              { plus: [from.mainPoints], delta: -amount, seen: [overallBefore, before, read] },
            ],
          ]);
        const after = await ctx.balance(customer, { programId }, movedFrom(before));
        const overallAfter = await ctx.balance(
          customer,
          { fetchDataForAllPrograms: true },
          movedFrom(overallBefore),
        );
        const seen = [overallBefore, before, after, overallAfter];
        // The all-program balance is the sum over the programs: whichever program a target takes the
        // points from, the customer's points are `amount` fewer, never twice that or none.
        verifyBalances(
          ctx,
          'CAP-BAL-LEDGER',
          [
            [after.mainPoints, { plus: [before.mainPoints], delta: -amount, seen, deductions: [exchange] }],
            [overallAfter.mainPoints, { plus: [overallBefore.mainPoints], delta: -amount, seen }],
          ],
          {
            expected: `program ${programId}: mainPoints ${minus(before.mainPoints, amount)}; all programs: mainPoints ${minus(overallBefore.mainPoints, amount)} (${amount} deducted with programId ${programId})`,
            actual: `program ${programId}: ${after.mainPoints}; all programs: ${overallAfter.mainPoints}`,
            exchanges: [
              overallBefore.exchange,
              before.exchange,
              exchange,
              after.exchange,
              overallAfter.exchange,
            ],
          },
        );
      },
    }),
  ],
};
