import type { Suite } from '../src/engine/types.ts';
import { deduct, defineScenario, minus, verifyBalance } from './support.ts';

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
          const now = await ctx.balance(customer, { programId });
          const seen = [start, now];
          const moved = { plus: [start.mainPoints], delta: -deducted, seen, deductions: [exchange] };
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
  ],
};
