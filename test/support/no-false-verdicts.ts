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
): Promise<{ readonly exchanges: number }> {
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
  return { exchanges: result.totals.exchanges };
}

/** One reading of a clean-room provider: its options, and the verdicts that show they took effect. */
export interface Reading<Options, Provider = unknown> {
  readonly name: string;
  readonly options: Options;
  readonly shows: Record<string, Verdict>;
  /** Another profile of the provider than its own. */
  readonly profile?: string;
  /**
   * A gateway's rate limit the reading exists for: the 429s it answered, counted after the run, and
   * its limit in words.
   */
  readonly gateway?: { readonly refused: (provider: Provider) => number; readonly limit: string };
}

/**
 * What a gateway reading whose run met no 429 reports: the run stayed under the gateway's limit,
 * which a machine busy with other work keeps it under (README, "No test's verdict rests on how busy
 * the machine is"). Its verdicts were judged conformant all the same; what the run did not show is
 * the client waiting out a 429, so the test is skipped with its pace rather than failed or passed.
 */
export function noGateway429(exchanges: number, seconds: number, limit: string): string {
  const pace = Math.round(exchanges / seconds);
  return `conformant, but met no 429 of the gateway's ${limit}: ${exchanges} requests in ${seconds.toFixed(1)} s (${pace}/s on average), a pace this machine's load kept under it; the client's waiting out of 429s was not exercised in this run`;
}

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
    it.concurrent(`${reading.name}: conformant`, { timeout: provider.timeoutMs }, async (context) => {
      const started = await provider.start(reading.options);
      try {
        const startedAt = performance.now();
        const { exchanges } = await expectNoFalseVerdicts(
          reading.profile ?? provider.profile,
          provider.urlOf(started),
          reading.shows,
        );
        const seconds = (performance.now() - startedAt) / 1000;
        if (reading.gateway && reading.gateway.refused(started) === 0)
          context.skip(noGateway429(exchanges, seconds, reading.gateway.limit));
      } finally {
        await started.close();
      }
    });
  }
}
