import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom5Options, startCleanroom5Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The fifth clean-room provider, written from the four documents and DESIGN.md alone: email as
 * the primary identifier under dual eligibility, negative balances on in one org and off in the
 * other, programs with 4 and 1 round decimals, HTTP 200 for every success and 400 for every
 * Capillary API error, chunked answers, ids and bill numbers past 2^53, balances summed over all
 * programs beside per-program entries, unlock answers with a bill line and one line per line
 * item, non-empty warnings on successes, several entries in `errors`, 20–40 ms unlocks.
 */
const READINGS: {
  name: string;
  options: Cleanroom5Options;
  shows: Record<string, Verdict>;
}[] = [
  {
    name: 'its own reading',
    options: {},
    shows: {
      // two customers sharing a mobile, with entityIds 2^53 + 1 and 2^53 (one JS number), each
      // repeated in the per-program breakdown: told apart by the top-level entityId's digits
      'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass', // north: balances below zero, shown negative
      'CAP-NPA-8907': 'pass', // south
      'CAP-UPP-RESPONSE-PROMOTION': 'pass', // north's billWhole: a promotion line with both ids
      'CAP-UPP-RESPONSE-PROGRAM': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
      'CAP-NPA-DECIMALS-PROGRAM': 'pass', // 4 and 1 round decimals
      'CAP-UPP-RESPONSE-SUM': 'pass', // a bill line (0 when filtered) and one line per line item
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass', // south only: north's line items are past 2^53
      'CAP-BAL-PROMISED-BREAKUP': 'pass', // delayed and external-trigger points both non-zero
      'FAB-INQ-BALANCE': 'pass',
      'GEN-UNDOCUMENTED-FIELDS': 'warn', // the per-program breakdown, lineItemId on unlock lines
    },
  },
  {
    name: 'amounts as strings, pointsAvailable over all programs, line filters intersected, bill numbers and item codes past 2^53 as JSON numbers, no fabric inquiry',
    options: {
      amountsAsStrings: true,
      availableOverAll: true,
      unlockFilters: 'intersection',
      numericIds: true,
      noInquiry: true,
    },
    shows: {
      // "billNumber": 90071992547409930001 and "itemCode": 4006381333931123456 written as the
      // response example writes them (numbers): read with all their digits
      'CAP-UPP-RESPONSE-BILL': 'pass',
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-UPP-FILTER-ITEM-CODES': 'pass',
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-ADD': 'pass',
    },
  },
];

describe('fifth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom5Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 60_000,
  });
});
