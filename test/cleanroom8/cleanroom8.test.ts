import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom8Options, startCleanroom8Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const SECOND_PROFILE = fileURLToPath(new URL('./profile-2.yaml', import.meta.url));

/**
 * The eighth clean-room provider, written from the four documents and DESIGN.md alone, reading the
 * deduction and balance pages to the letter: programs with 0, 1, 2, 3 and 4 round decimals in one
 * org and fractional balances, pointsToBeAdjusted as a number or a string, every documented error
 * code (400/403/404/409/422 by kind, or all in a 200), the balance page's dual-eligibility note (a
 * single non-primary identifier is 8015), fetchDataForAllPrograms/programId by the table, and fabric
 * decimal points with pending points. Its second reading takes the tables' Integer and int
 * literally (pointsAvailable, balance figures and unlock lines whole numbers, decimals dropped toward
 * zero), which found two false verdicts: CAP-NPA-NEGATIVE-ALLOWED failed a pointsAvailable of −9
 * for a balance of r.45 less r + 10 read as r, and CAP-UPP-RESPONSE-SUM failed whole unlock lines
 * summing under the move of whole balances (variants npa-points-available-and-balances-truncated,
 * unlock-lines-and-balances-whole).
 */
const READINGS: {
  name: string;
  options: Cleanroom8Options;
  shows: Record<string, Verdict>;
  profile?: string;
}[] = [
  {
    name: 'string decimals ("670.000"), a string amount\'s decimals counted as written, externalId primary, no member inquiry',
    options: { literalDecimals: true },
    shows: {
      'CAP-NPA-DECIMALS-PROGRAM': 'pass', // 0 to 4 round decimals
      'CAP-NPA-8907': 'pass', // exact, with 409
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass', // loose
      'CAP-NPA-8874': 'pass',
      'CAP-NPA-8877': 'pass',
      // programId "" beside promotionIdentifier is no integer: 1218 "Invalid programId" before
      // the 8887 rule, which only warns (fault hunt 44's probe); null gets 8887.
      'CAP-NPA-8887': 'warn',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'FAB-ADJ-PENDING': 'skip', // no member inquiry
    },
  },
  {
    name: "the tables' Integer and int (whole numbers, decimals dropped toward zero), Status, the balance table's fields only, mobile primary for every lookup, errors in a 200, pointsAvailable over all programs, unlock lines as one object and itemCode a list, fabric pending for 1.5 s and an inquiry entry per pointType",
    options: {
      integerPoints: true,
      statusKey: 'Status',
      tableBalance: true,
      primary: 'mobile',
      strictLookups: true,
      errorsAs200: true,
      availableOverall: true,
      unlockTableForms: true,
      memberInquiry: true,
      pendingMs: 1500,
      fabricTokenMember: true,
    },
    profile: SECOND_PROFILE,
    shows: {
      'CAP-NPA-NEGATIVE-ALLOWED': 'warn', // −9 shown for r.45 − (r + 10)
      'CAP-UPP-RESPONSE-SUM': 'warn', // whole lines under whole balances
      'CAP-NPA-RESPONSE-FIELDS': 'warn', // Status
      'CAP-NPA-8907': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
];

describe('eighth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom8Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 60_000,
  });
});
