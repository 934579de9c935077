import { describe, expect, it } from 'vitest';
import { runProvider } from './kill-score.ts';
import { VARIANTS } from './variants.ts';

/**
 * Correct variants writing every balance figure whole, half to even, over hidden halves, run as a
 * user filtering with `--requirement` runs them: only the requirement's scenarios, each from
 * another ledger state than on the full run, so a hidden half can sit where no full run puts it.
 * ledger-invariants.sequence and .other-program failed CAP-BAL-LEDGER and CAP-BAL-TOTAL so, with no
 * tie confirmation of the program read (helper scopedvar, 2026-12-05); input-validation.
 * external-id-other-program failed CAP-NPA-ARITHMETIC so (helper scopedvar2). Twenty runs, about
 * 0.6 s each.
 */
const HALF_EVEN = [
  'bal-whole-half-even-half-across-zero',
  'points-available-all-programs-whole-half-even-halves',
  'bal-whole-half-even-deductibles-holding-a-half',
  'bal-whole-half-even-shared-pair-holding-halves',
] as const;

const FILTERED: readonly (readonly [string, string])[] = [
  ...HALF_EVEN.flatMap((id) =>
    ['CAP-BAL-LEDGER', 'CAP-BAL-TOTAL'].map((requirement) => [id, requirement] as const),
  ),
  ...[...HALF_EVEN, 'balance-whole-half-even-main-lags'].map((id) => [id, 'CAP-NPA-ARITHMETIC'] as const),
  // The seed's drainable balance in the billions, past the table's Integer, met whole by
  // negative-balance.exact-balance when no other scenario ran first (the lead, 2026-12-05).
  ['billions-int32-amounts', 'CAP-NPA-NO-SIDE-EFFECT'],
  // A point of program 973 shown for 0.6 held (whole figures, half up), refused with 8907: failed
  // CAP-NPA-AMOUNT-NUMBER, judged there since fault hunt 44 (variant hunt 40); and a whole drainable
  // balance in the billions sent as a JSON number, met only when no other scenario ran first.
  ['npa-second-program-under-one-shown-one', 'CAP-NPA-AMOUNT-NUMBER'],
  ['npa-shared-pair-under-one-shown-one', 'CAP-NPA-ARITHMETIC'],
  ['npa-whole-drain-in-billions-int32-numbers', 'CAP-NPA-EXACT-BALANCE'],
  // Points held per billing entity: fabric.validation's deduction of nulls beside the profile's
  // billingEntity met none where fabric.add-and-deduct did not add beside it first (variant hunt 47).
  ['fabric-points-held-per-billing-entity', 'FAB-ADJ-NULLABLE-STRINGS'],
  // The drainable customer's 2.6 read 3 and refused, met only when no other scenario ran first: 2
  // taken, pointsAvailable a truncated integer (0) that cannot show the 0.6 left (variant hunt 46).
  ['npa-whole-drain-available-integer-truncated', 'CAP-NPA-EXACT-BALANCE'],
  // 973's 0.999 read 0 before 1.001 is deducted, met only when no other scenario ran first:
  // pointsAvailable "0.00" (two decimals, truncated) for -0.002 is no proof of a read of 0.
  ['npa-decimals-within-available-in-cents-truncated', 'CAP-NPA-DECIMALS-WITHIN'],
  // 973's 1.999 read 1 (floored), 1.001 deducted and answered "1.00" (two decimals, half to even)
  // for 0.998 read 0, met only when no other scenario ran first: a rounding of the ledger (pafix48).
  ['npa-available-cents-half-even-behind-floored-whole-reads-lenient', 'CAP-NPA-DECIMALS-WITHIN'],
  // The lenient twoPrograms customer below zero in decimal-precision.within's second deduction (or
  // its read after a proven one), met only when no other scenario ran first: pointsAvailable "0.000"
  // (no points left) and the sum over programs truncated across zero (variant hunt 48).
  ['npa-decimals-within-available-not-below-zero-behind-whole-truncated-reads', 'CAP-NPA-DECIMALS-WITHIN'],
  [
    'npa-decimals-within-available-not-below-zero-every-customer-at-a-last-decimal',
    'CAP-NPA-DECIMALS-WITHIN',
  ],
  [
    'npa-decimals-within-available-over-programs-in-program-decimals-truncated-across-zero',
    'CAP-NPA-DECIMALS-WITHIN',
  ],
  // The drainable customer's 2.01 read 3 (raised) and refused, met only when no other scenario ran
  // first: 2 taken, pointsAvailable "0.0" (one decimal of 469's two, half to even) cannot show the
  // 0.01 left (fault hunt 55 found it; the lead, 2026-12-06).
  ['npa-available-one-decimal-fewer-half-even-behind-raised-whole-reads', 'CAP-NPA-EXACT-BALANCE'],
  // Every customer at a last decimal behind whole reads truncated toward zero, met only when no
  // other scenario ran first: ledger-invariants.sequence takes the lenient customer across zero,
  // where main's reads move a point less than the ledger and the total's by the amount (fault hunt
  // 56 found it; the lead, 2026-12-06).
  ...[
    'npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated',
    'npa-available-one-decimal-fewer-half-even-behind-truncated-whole-reads',
    'npa-decimals-within-available-over-programs-behind-whole-truncated-reads',
  ].map((id) => [id, 'CAP-BAL-LEDGER'] as const),
  // Totals written whole, half to even, beside main and promised points as held: on a run filtered
  // to CAP-BAL-LEDGER or CAP-NPA-ARITHMETIC, ledger-invariants.sequence met 2001's 77.5 read 78, then
  // 76.5 read 76, judged as promised points moved (CAP-BAL-TOTAL; variant hunt 51).
  ...['CAP-BAL-LEDGER', 'CAP-NPA-ARITHMETIC'].map(
    (requirement) => ['bal-total-whole-half-even-beside-exact-main', requirement] as const,
  ),
  // Main written whole another way (truncated, raised, half up) beside those totals: 2001's main
  // read exactly as its move (50 → 49) beside the total's 78 → 76, so no tie of main confirmed the
  // total's; filtered to each, ledger-invariants.sequence failed CAP-BAL-TOTAL too (dfix51).
  ...['truncated', 'raised', 'half-up'].flatMap((name) =>
    ['CAP-BAL-LEDGER', 'CAP-NPA-ARITHMETIC', 'CAP-BAL-TOTAL'].map(
      (requirement) => [`bal-main-whole-${name}-beside-total-whole-half-even`, requirement] as const,
    ),
  ),
];

describe('correct variants on a requirement-filtered run', () => {
  it.each(FILTERED)('%s filtered to %s is conformant', async (id, requirement) => {
    const variant = VARIANTS.find((v) => v.id === id);
    expect(variant, id).toBeDefined();
    if (!variant) return;
    const run = await runProvider(variant.options, variant.profile, [requirement]);
    expect({ failing: run.failing, errors: run.errors, exitCode: run.exitCode }).toEqual({
      failing: [],
      errors: [],
      exitCode: 0,
    });
  });
});
