import { expect, it } from 'vitest';
import { FAULTS } from '../faults/catalogue.ts';
import { runProvider } from '../faults/kill-score.ts';

/**
 * `ledger-invariants.other-program` behind a display writing every figure whole, half to even: a
 * target losing half a point a deduction shows the loss at one parity of the deductions before the
 * scenario only, and which parity a whole run meets depends on the scenarios run earlier (fault hunt
 * 62's string-amount-other-path, one deduction more, hid it: CAP-BAL-LEDGER then failed only in a
 * run filtered to it). The scenario's second pass, made where every figure read whole, meets the
 * other parity. A whole run, as `npm run mutation` judges it; mutation.test judges it filtered.
 */
it('fails CAP-BAL-LEDGER in a whole run of a target losing half a point a deduction behind whole half-even figures', async () => {
  const fault = FAULTS.find((f) => f.id === 'bal-every-figure-half-even-half-point-lost-per-deduction');
  if (!fault) throw new Error('fault bal-every-figure-half-even-half-point-lost-per-deduction is gone');
  const run = await runProvider(fault.options, fault.profile);
  expect(run.exitCode).toBe(1);
  expect(run.failing).toContain('CAP-BAL-LEDGER');
});
