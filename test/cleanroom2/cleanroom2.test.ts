import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { type Cleanroom2Options, startCleanroom2Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The second clean-room provider, written from the four documents alone with choices of its own
 * (errors in HTTP 200/422 envelopes, authentication failures included; OAuth only; one org; string
 * amounts with 0 and 3 decimals; a default program that is not the first; bills over two programs
 * split between delayed-accrual and external-trigger lines; externalId as the primary identifier,
 * an email shared by three customers and a mobile by two; unlock entries grouped per program with
 * itemCode lists, a lone entry as an object; a balance with only the table's fields; fabric pending
 * points never available, an inquiry with two entries; its own validation order). Each further
 * option is another reading the documents allow. None may fail; `shows` proves a reading took
 * effect where it changes a verdict.
 */
const READINGS: { name: string; options: Cleanroom2Options; shows: Record<string, Verdict> }[] = [
  {
    name: 'its own reading',
    options: {},
    shows: {
      'CAP-AUTH-MISSING': 'pass', // refused in a 200 envelope, as apiErrorStatus [200, 422] admits
      'CAP-AUTH-WRONG': 'pass',
      'CAP-AUTH-HTTP-STATUS': 'warn',
      'CAP-AUTH-BASIC': 'skip', // OAuth only
      'CAP-BAL-PROMISED-BREAKUP': 'skip', // no promisedPoints field
      'CAP-UPP-FILTER-ITEM-CODES': 'pass', // the item code's line is in the non-default program
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-UPP-RESPONSE-PROGRAM': 'pass', // a bill's lines name each of its two programs
      'FAB-ADJ-PENDING': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    name: "the deduction answers the response table's `Status`",
    options: { statusAsTable: true },
    shows: { 'CAP-NPA-RESPONSE-FIELDS': 'warn', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    name: 'balances need the Points access group too',
    options: { balanceNeedsPoints: true },
    shows: { 'CAP-AUTH-ACCESS-GROUP': 'pass' },
  },
];

describe('second clean-room provider (no false verdicts)', () => {
  it.each(READINGS.map((r) => [r.name, r] as const))(
    '%s: conformant',
    async (_name, reading) => {
      const provider = await startCleanroom2Provider(reading.options);
      try {
        const result = await conform({
          profilePath: PROFILE,
          capillaryUrl: provider.url,
          fabricUrl: `${provider.url}/api`,
        });
        const ids = (verdict: Verdict) =>
          result.requirements.filter((r) => r.verdict === verdict).map((r) => r.id);
        expect(ids('fail')).toEqual([]);
        expect(ids('error')).toEqual([]);
        expect(result.exitCode).toBe(0);
        const verdicts = Object.fromEntries(result.requirements.map((r) => [r.id, r.verdict]));
        for (const [requirement, verdict] of Object.entries(reading.shows)) {
          expect(verdicts[requirement], requirement).toBe(verdict);
        }
      } finally {
        await provider.close();
      }
    },
    30_000,
  );
});
