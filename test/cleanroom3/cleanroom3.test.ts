import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom3Options, startCleanroom3Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
/** The same provider described by a profile that leaves open what it may not know. */
const OPEN_PROFILE = fileURLToPath(new URL('./profile-open.yaml', import.meta.url));

/**
 * The third clean-room provider, written from the four documents alone, strongest on the
 * deduction's optional fields and on fabric: promotions in a non-default program, points awards
 * whose reference type must match, 0/2/3/6 round decimals (trailing zeros count as decimals),
 * 404/409/422/403 statuses, amounts as JSON numbers, extra response fields, fabric pointType /
 * billingEntity / reasonCode from tenant lists, no fabric balance below zero. Each further
 * reading is one the documents allow; none may give a fail or an error, nor may a profile that
 * leaves the org's configuration open.
 */
const READINGS: {
  name: string;
  options: Cleanroom3Options;
  profile?: string;
  shows: Record<string, Verdict>;
}[] = [
  {
    name: 'its own reading',
    options: {},
    shows: {
      'CAP-NPA-1218': 'pass', // 422
      'CAP-NPA-8907': 'pass', // 409
      'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass', // an undocumented code of its own (8886)
      'CAP-NPA-REASON-LENGTH': 'pass', // 8883
      'CAP-AUTH-ACCESS-GROUP': 'pass', // 403/4000 on the deduction only
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-POINT-TYPE-NAMES': 'pass', // only the four named types are accepted
    },
  },
  {
    name: 'thirteen other readings at once',
    options: {
      stringAmounts: true,
      trailingZerosFree: true,
      refTypeNeedsAwardId: true,
      fabricBelowZero: true,
      allNeedPoints: true,
      strictLineItems: true,
      notEnrolledBalanceError: true,
      filterIntersection: true,
      fabricWholePoints: true,
      pointsAvailableTotal: true,
      pendingMs: 300,
      fabricStart: 0,
      optimisticLock: true, // parallel deductions of one customer refused with 8910 (a warning)
    },
    shows: {
      'CAP-NPA-REFTYPE-VALUES': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
      'FAB-ADJ-PENDING': 'pass',
    },
  },
  {
    name: 'dual eligibility on every lookup',
    options: { dualEverywhere: true },
    shows: { 'CAP-NPA-IDENTIFIER-NAMES': 'warn', 'CAP-UPP-IDENTIFIER-NAMES': 'warn' },
  },
  {
    name: 'no member inquiry, a profile with negative balance unknown and round decimals left out',
    options: { noInquiry: true },
    profile: OPEN_PROFILE,
    shows: {
      'CAP-NPA-AMOUNT-STRING': 'warn', // "1.00" refused with 8906 by program 44 (0 decimals, undeclared)
      'CAP-NPA-8906': 'pass', // judged in program 11; south has no program with declared decimals below 6
      'CAP-NPA-8907': 'warn',
      'FAB-ADJ-PENDING': 'skip',
    },
  },
];

describe('third clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom3Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    // Its four readings run at once: 18 s alone, past 30 s on a machine with a load average of 7-8
    // (2026-12-03, four agents' test runs); a bound, as the other clean rooms' 60 s, not a speed test.
    timeoutMs: 60_000,
  });
});
