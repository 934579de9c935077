import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom12Options, startCleanroom12Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The twelfth clean-room provider, written from the four documents and DESIGN.md alone: a
 * literal-minded, strict validator (unknown body fields and query parameters refused, a JSON
 * Content-Type required, 405 for a wrong method, names and enums case-sensitive, nothing trimmed,
 * decimal places counted as written, where a table and its example disagree the table binds). It
 * found two false verdicts, both on the unlock: the example's numeric `billNumber` (the table types
 * it String) and the example's `sourceTilId` (the table lists `sourceTillId`) refused as malformed
 * failed CAP-UPP-BILL-NUMBER-TYPES and CAP-UPP-TILL-ID-SPELLING; such refusals now warn, as the
 * example's integer `eventLogId` already did (variants unlock-bill-number-string-only and
 * unlock-till-spelling-of-the-table-only).
 */
const READINGS: { name: string; options: Cleanroom12Options; shows: Record<string, Verdict> }[] = [
  {
    name: 'strict validator with the fabric member inquiry',
    options: { memberInquiry: true },
    shows: {
      'CAP-NPA-8907': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-8906': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-UPP-1645': 'pass',
      'CAP-UPP-BILL-NUMBER-TYPES': 'warn',
      'CAP-UPP-TILL-ID-SPELLING': 'warn',
      'CAP-UPP-EVENT-LOG-ID-TYPES': 'warn',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    name: 'strict validator without the fabric member inquiry',
    options: { memberInquiry: false },
    shows: {
      'CAP-NPA-EXACT-BALANCE': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'FAB-ADJ-DEDUCT': 'pass',
      'FAB-INQ-BALANCE': 'skip',
    },
  },
];

describe('twelfth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom12Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 60_000,
  });
});
