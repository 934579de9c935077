import { expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import type { Verdict } from '../../src/engine/types.ts';

/** Where a provider listens: one base URL (fabric under /api), or one per family. */
type ProviderUrl = string | { capillaryUrl: string; fabricUrl: string };

/**
 * Runs the conformance suite with `profilePath` against a provider listening at `url` (Capillary at
 * the root, fabric under /api; or each family at its own base URL) and asserts what a correct implementation must get: no `fail`, no
 * `error`, exit code 0, and the verdict `shows` names for each listed requirement.
 */
export async function expectNoFalseVerdicts(
  profilePath: string,
  url: ProviderUrl,
  shows: Record<string, Verdict>,
): Promise<void> {
  // Only the two URLs: conform() refuses options it does not read, and a provider's own handle may carry more.
  const urls =
    typeof url === 'string'
      ? { capillaryUrl: url, fabricUrl: `${url}/api` }
      : { capillaryUrl: url.capillaryUrl, fabricUrl: url.fabricUrl };
  const result = await conform({ profilePath, ...urls });
  const verdicts = new Map(result.requirements.map((r) => [r.id, r.verdict]));
  const withVerdict = (verdict: Verdict) => [...verdicts].filter(([, v]) => v === verdict).map(([id]) => id);
  expect(withVerdict('fail')).toEqual([]);
  expect(withVerdict('error')).toEqual([]);
  expect(result.exitCode).toBe(0);
  for (const [requirement, verdict] of Object.entries(shows))
    expect(verdicts.get(requirement), requirement).toBe(verdict);
}

/** One reading of a clean-room provider: its options, and the verdicts that show they took effect. */
export interface Reading<Options, Provider = unknown> {
  readonly name: string;
  readonly options: Options;
  readonly shows: Record<string, Verdict>;
  /** Another profile of the provider than its own. */
  readonly profile?: string;
  /**
   * Asserts, after the run, what the provider saw that the verdicts cannot show: that the
   * behaviour the reading is there for (a gateway's 429s, say) happened in this run.
   */
  readonly exercised?: (provider: Provider) => void;
}

/**
 * The message of a gateway reading's `exercised` assertion that met no 429: its run stayed under
 * the gateway's limit, which a machine busy with other work can keep it under (README, "No test's
 * verdict rests on how busy the machine is").
 */
export const NO_429_MET =
  'no 429 in the reading: the run stayed under the gateway limit (on a busy machine the pace falls below it)';

/**
 * One test per reading: the provider started with the reading's options and judged with its
 * profile must get no false verdict ({@link expectNoFalseVerdicts}).
 */
export function itJudgesEachReadingConformant<Options, Provider extends { close(): Promise<void> }>(
  readings: readonly Reading<Options, Provider>[],
  provider: {
    start(options: Options): Promise<Provider>;
    urlOf(started: Provider): ProviderUrl;
    profile: string;
    timeoutMs: number;
  },
): void {
  // Side by side: each reading has a provider of its own, and some wait (latency, delayed unlocks).
  for (const reading of readings) {
    it.concurrent(`${reading.name}: conformant`, { timeout: provider.timeoutMs }, async () => {
      const started = await provider.start(reading.options);
      try {
        await expectNoFalseVerdicts(
          reading.profile ?? provider.profile,
          provider.urlOf(started),
          reading.shows,
        );
        reading.exercised?.(started);
      } finally {
        await started.close();
      }
    });
  }
}
