import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom14Options, startCleanroom14Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The fourteenth clean-room provider, written from the four documents and DESIGN.md alone, whose
 * data sits at the edges the documents allow: identifiers that need percent-encoding in a query
 * string (decoded strictly as WHATWG URL does, found only by their exact value, beside decoy
 * customers holding what a wrong encoding would find), balances up to 9,999,999,999.999, programs
 * of 0 to 3 round decimals, a customer in four programs, customers at zero and below zero, bills of
 * 30+ line items with long bill numbers and punctuated item codes, a fabric profileId that needs
 * encoding in a path.
 */
const READINGS: { name: string; options: Cleanroom14Options; shows: Record<string, Verdict> }[] = [
  {
    name: 'edge data, drainable customers holding 9,999,999,999.999, pointsAvailable as the example writes it, union filters, member inquiry',
    options: { memberInquiry: true, drainables: 'huge' },
    shows: {
      'CAP-NPA-8907': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-8906': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'FAB-ADJ-DEDUCT': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    name: 'a rerun: drainable customers at zero, pointsAvailable as numbers, intersected filters, no inquiry',
    options: {
      memberInquiry: false,
      pointsAvailableForm: 'number',
      lineFilter: 'intersection',
      drainables: 'zero',
    },
    shows: {
      'CAP-NPA-8907': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-UPP-MOVE': 'pass',
    },
  },
  {
    name: 'dual eligibility org-wide: a lone non-primary identifier is 8015 on deductions and unlocks too',
    options: { memberInquiry: true, loneSecondary: 'everywhere' },
    shows: {
      // jane's externalId holds a comma: the same call beside the primary cannot be tried, so the
      // refusal of it alone only warns.
      'CAP-NPA-IDENTIFIER-NAMES': 'warn',
      'CAP-UPP-IDENTIFIER-NAMES': 'warn',
      'CAP-BAL-DUAL-ORDER': 'pass',
    },
  },
];

describe('fourteenth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom14Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 90_000,
  });
});
