import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { type CleanroomOptions, startCleanroomProvider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
/** The same, with dual eligibility off in the south org (option southDualOff). */
const PROFILE_DUAL_OFF = fileURLToPath(new URL('./profile-dual-off.yaml', import.meta.url));

/**
 * Starts a fresh clean-room provider (unlocks are once only), runs every suite against it (with
 * the default seed, or `seed`).
 */
async function runCleanroom(options: CleanroomOptions = {}, profilePath = PROFILE, seed?: number) {
  const provider = await startCleanroomProvider(options);
  try {
    const result = await conform({
      profilePath,
      capillaryUrl: provider.url,
      fabricUrl: `${provider.url}/api`,
      ...(seed === undefined ? {} : { seed }),
    });
    const ids = (verdict: Verdict) =>
      result.requirements.filter((r) => r.verdict === verdict).map((r) => r.id);
    return {
      exitCode: result.exitCode,
      failing: ids('fail'),
      errors: ids('error'),
      verdicts: Object.fromEntries(result.requirements.map((r) => [r.id, r.verdict])),
      /** The message of each failed check, by requirement. */
      failedChecks: (requirement: string) =>
        (result.requirements.find((r) => r.id === requirement)?.checks ?? [])
          .filter((c) => c.verdict === 'fail')
          .map((c) => c.message),
    };
  } finally {
    await provider.close();
  }
}

/**
 * Readings that change how the provider behaves but none of the suite's verdicts: each alone gave
 * every check the verdict this combination gives (measured 2026-12-02, check by check), so one run
 * with all of them on judges what one run each did (18 runs, 10 s of a test worker) and more: a
 * real provider differs from ours in many ways at once. A false verdict here names its requirement;
 * to find the reading behind it, run the readings one by one again.
 */
const SIDE_BY_SIDE: Partial<Record<keyof CleanroomOptions, string>> = {
  filterIntersection: 'line filters intersected',
  promisedAsDelayed: 'promised points counted as delayed accrual',
  fabricNegative: 'fabric balances may go below zero',
  strictFields: 'fields neither table nor example names refused',
  bodyFirst: "a deduction's body validated before its customer",
  balanceBeforeDecimals: '8907 judged before 8906',
  eventLogFirst: 'eventLogId judged before the event name',
  unlockTotals: "an unlock's bill line as the bill's total",
  pendingAddsOnly: 'only fabric additions may be pending',
  sourceProgramFilter: 'sourceProgramId narrows an unlock',
  errorNoWarnings: 'error envelopes without warnings',
  latency: 'latency reordering concurrent requests',
  balanceZeroUnenrolled: 'a zero balance for a program the customer is not in',
  strictTypes: 'integers the tables type Integer only as JSON integers',
  literalDecimals: "a string amount's decimals counted as written",
  unfilteredBillLevelOnly: 'unfiltered unlocks leave item lines',
  unknownFilterRefused: 'a filter naming no line of the bill refuses the unlock',
  pointTypeEnum: 'fabric pointType limited to the four named categories',
};

/**
 * The clean-room provider was written from the four documents alone, with its own data, programs,
 * status codes and readings; each option is another reading the documents allow. None may fail.
 * `shows` proves that the reading took effect where it changes a verdict.
 */
const READINGS: {
  name: string;
  options: CleanroomOptions;
  profile?: string;
  shows?: Record<string, Verdict>;
}[] = [
  {
    name: 'its own reading',
    options: {},
    shows: {
      'CAP-AUTH-TOKEN-GENERATE': 'pass',
      'CAP-NPA-IDENTIFIER-NAMES': 'pass',
      'FAB-INQ-BALANCE': 'pass',
      'CAP-UPP-RESPONSE-PROGRAM': 'pass',
      'CAP-UPP-RESPONSE-PROMOTION': 'pass', // bill NB-100's promotion line
    },
  },
  {
    name: `${Object.keys(SIDE_BY_SIDE).length} readings at once (${Object.values(SIDE_BY_SIDE).join('; ')})`,
    options: Object.fromEntries(Object.keys(SIDE_BY_SIDE).map((option) => [option, true])),
  },
  {
    name: 'a flat fabric inquiry (read as no inquiry)',
    options: { inquiryFlat: true },
    shows: { 'FAB-INQ-BALANCE': 'skip', 'FAB-ADJ-STATUS-MATCHES': 'pass' },
  },
  {
    name: "the balance table's fields at the top level",
    options: { balanceTableOnly: true },
    shows: { 'CAP-BAL-TOTAL': 'pass', 'CAP-BAL-READ-ONLY': 'pass' },
  },
  { name: 'dual eligibility off in one org', options: { southDualOff: true }, profile: PROFILE_DUAL_OFF },
  {
    name: 'eventLogId only as the array the table types',
    options: { eventLogArrayOnly: true },
    shows: { 'CAP-UPP-EVENT-LOG-ID-TYPES': 'warn', 'CAP-UPP-3918': 'pass' },
  },
  {
    name: 'lone secondary identifiers refused with 8015 by deductions and unlocks',
    options: { dualEverywhere: true },
    shows: { 'CAP-NPA-IDENTIFIER-NAMES': 'warn', 'CAP-UPP-IDENTIFIER-NAMES': 'warn' },
  },
];

/**
 * Readings of the four seed texts alone that DESIGN.md's confirmed vendor facts overrule: the codes
 * 8888, 8887, 8874, 8877, 9975, 8882 and 1218 and the 50-character reasonOfReturn are on the
 * vendor's public page (DESIGN.md, "Domain facts the documents leave out"), not in the seed text.
 * Pinned so that a change of that policy is a decision, not an accident.
 */
const OVERRULED: {
  name: string;
  options: CleanroomOptions;
  failing: string[];
  /**
   * A requirement that fails too when the run's seed samples a generated invalid input breaking
   * the same fact (GEN-INVALID-REJECTED sends 40 of its cases, chosen by the seed): only with
   * checks whose message matches. Seeds 0, 1, 2, 7 and 4294967295 sample the 51-character
   * reasonOfReturn, the default seed does not (sweep of 2026-12-02).
   */
  sampled?: { requirement: string; message: RegExp };
  /**
   * Seeds to run it with besides the default one: seeds that sample such a case, so that `sampled`
   * must fail there (if the generator changes and one no longer does, pick another).
   */
  seeds?: number[];
}[] = [
  {
    name: 'codes of our own where the seed text gives none',
    options: { ownCodes: true },
    failing: [
      'CAP-NPA-1218',
      'CAP-NPA-8874',
      'CAP-NPA-8877',
      'CAP-NPA-8882',
      'CAP-NPA-8887',
      'CAP-NPA-8888',
      'CAP-NPA-9975',
    ],
  },
  {
    name: 'no length limit on reasonOfReturn',
    options: { noReasonLimit: true },
    failing: ['CAP-NPA-REASON-LENGTH'],
    sampled: { requirement: 'GEN-INVALID-REJECTED', message: /body\.reasonOfReturn: 51 characters$/ },
    seeds: [7],
  },
];

describe('clean-room provider (no false verdicts)', () => {
  it.each(READINGS.map((r) => [r.name, r] as const))(
    '%s: conformant',
    async (_name, reading) => {
      const run = await runCleanroom(reading.options, reading.profile);
      expect(run.failing).toEqual([]);
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      for (const [requirement, verdict] of Object.entries(reading.shows ?? {})) {
        expect(run.verdicts[requirement], requirement).toBe(verdict);
      }
    },
    60_000,
  );
  it.each(
    OVERRULED.flatMap((r) =>
      [undefined, ...(r.seeds ?? [])].map((seed) => [r.name, seed ?? 'default', seed, r] as const),
    ),
  )(
    '%s (seed %s): fails only what DESIGN.md confirms beyond the seed text',
    async (_name, _label, seed, reading) => {
      const run = await runCleanroom(reading.options, PROFILE, seed);
      const sampled = reading.sampled;
      const failing = sampled ? run.failing.filter((id) => id !== sampled.requirement) : run.failing;
      expect(failing.sort()).toEqual(reading.failing);
      if (sampled) {
        if (seed !== undefined) expect(run.failing, `seed ${seed} samples it`).toContain(sampled.requirement);
        for (const message of run.failedChecks(sampled.requirement))
          expect(message, sampled.requirement).toMatch(sampled.message);
      }
      expect(run.errors).toEqual([]);
    },
    60_000,
  );
});
