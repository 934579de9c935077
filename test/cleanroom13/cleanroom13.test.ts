import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom13Options, startCleanroom13Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The thirteenth clean-room provider, written from the four documents and DESIGN.md alone: a
 * forward-compatible vendor (a later API version) adding fields at every level, response headers,
 * list entries the documents leave room for (a 0-point unlock line, extra breakup categories), ints
 * written as floats with `.0` and empty `warnings` everywhere. It found no false verdict: with every
 * choice at once (0-point unlock lines first and in filtered unlocks, an alternate-currency line, a
 * versioned media type, chunked answers, promised points of an undocumented breakup category, a
 * second program in the member inquiry, error codes written as floats) the suite still gives no
 * `fail`; the undocumented breakup category warns (promised = delayed + external is inferred).
 */
const READINGS: { name: string; options: Cleanroom13Options; shows: Record<string, Verdict> }[] = [
  {
    name: 'forward-compatible vendor, every choice at once, with the fabric member inquiry',
    options: {
      memberInquiry: true,
      zeroLineFirst: true,
      versionedMediaType: true,
      alternateCurrencyLine: true,
      tierBonusPoints: 5,
      inquirySecondProgram: 'first',
    },
    shows: {
      'CAP-NPA-8907': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-8906': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'FAB-ADJ-DEDUCT': 'pass',
      'FAB-INQ-BALANCE': 'pass',
      'CAP-BAL-PROMISED-BREAKUP': 'warn',
    },
  },
];

describe('thirteenth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom13Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 60_000,
  });
});
