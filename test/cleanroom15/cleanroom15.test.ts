import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom15Options, startCleanroom15Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The fifteenth clean-room provider, written from the four documents and DESIGN.md alone: a
 * multi-tenant vendor whose five orgs, chosen by credentials, cover every combination of
 * ALLOW_NEGATIVE_BALANCE_ON_RETURN on/off × dual eligibility on/off in one profile and one run,
 * each with its own default program, round decimals, primary identifier (email, externalId,
 * primaryUserId), auth schemes, HTTP status for API errors (400, 422, 200 with the envelope, or
 * 404/409/400 by kind), amount form and promised-points category; the same mobile, bill number,
 * promotion id, points award and program ids live in several orgs with other data.
 *
 * It found one false verdict: org `aurora` applies the balance page's dual-eligibility rule on
 * every endpoint (a lone non-primary identifier is 8015) with email as its primary, which neither
 * the deduction page ("Supported values: externalId, mobile") nor the unlock page lists. The suite
 * named customers there by a lone mobile only, so every deduction and unlock of the org was refused
 * with 8015 and 28 requirements failed (8906, 8907, 8888, …, CAP-UPP-MOVE), though it already
 * judged that reading a warning (CAP-NPA-IDENTIFIER-NAMES). A deduction or unlock naming a declared
 * customer by a lone identifier its page lists, refused with 8015 in an org whose primary that page
 * does not list, is now sent again with the primary beside it (the balance page's list). A third
 * reading, aurora refusing such lists on those pages (8013, as they document none) and taking its
 * primary email alone there, failed 30 requirements the same way: a list refused with 8013 is now
 * followed by the primary alone.
 *
 * Warnings left, where the documents are silent:
 * - CAP-NPA-IDENTIFIER-NAMES, CAP-UPP-IDENTIFIER-NAMES: a lone non-primary identifier refused
 *   with 8015 on deductions and unlocks (the balance page's rule applied org-wide);
 * - GEN-ERROR-CODE-KNOWN: the provider's own codes (8919 negative amount, 8920 amount not a
 *   number, 8921 programId not an integer, 8922 fetchDataForAllPrograms not a boolean, 8923 unlock
 *   body types, 8951 a programId the org lacks), 8013 and 8003 on the balance and the unlock, 8015
 *   on the unlock;
 * - GEN-INVALID-REJECTED: an unlock with an ill-typed optional field for an unknown bill is
 *   answered 82323277 (the bill is looked up before the optional fields are checked).
 * Org `ember` declares primaryUserId as its primary, which the balance page does not name, so the
 * scenarios reading its balance skip, saying what to add; it has no bills, promotion or award.
 */
const READINGS: { name: string; options: Cleanroom15Options; shows: Record<string, Verdict> }[] = [
  {
    name: 'five tenants, each its own amount form, dual eligibility org-wide in aurora only, member inquiry',
    options: { memberInquiry: true },
    shows: {
      'CAP-NPA-IDENTIFIER-NAMES': 'warn',
      'CAP-UPP-IDENTIFIER-NAMES': 'warn',
      'CAP-NPA-8907': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-8906': 'pass',
      'CAP-NPA-1218': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-AUTH-ACCESS-GROUP': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    name: 'amount forms swapped, dual eligibility org-wide in every dual tenant, ember with negative balances on, no member inquiry',
    options: { memberInquiry: false, swapAmountForms: true, dualEverywhere: true, emberNegative: 'on' },
    shows: {
      'CAP-NPA-IDENTIFIER-NAMES': 'warn',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
      'CAP-UPP-RESPONSE-NUMERIC': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'FAB-INQ-BALANCE': 'skip',
    },
  },
  {
    name: 'aurora refuses comma-separated lists on deductions and unlocks, whose pages document none, and takes its primary email alone there',
    options: { memberInquiry: true, auroraListsOnBalanceOnly: true },
    shows: {
      'CAP-NPA-IDENTIFIER-NAMES': 'warn',
      'CAP-UPP-IDENTIFIER-NAMES': 'warn',
      'CAP-NPA-8906': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
    },
  },
];

describe('fifteenth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom15Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 120_000,
  });
});
