import { beforeAll, describe, expect, it } from 'vitest';
import { mapConcurrently, type ProviderRun, runProvider } from './kill-score.ts';
import { VARIANTS } from './variants.ts';

describe('correct variants (no false verdicts)', () => {
  const runs = new Map<string, ProviderRun | Error>();

  // Three at a time, as the kill score runs its faults: the variants that delay answers or are
  // rate limited spend most of their run waiting, which the others' runs fill.
  beforeAll(async () => {
    await mapConcurrently(VARIANTS, 3, async (variant) => {
      const run = await runProvider(variant.options, variant.profile).catch((error: unknown) =>
        error instanceof Error ? error : new Error(String(error)),
      );
      runs.set(variant.id, run);
    });
  }, 240_000);

  it.each(VARIANTS.map((v) => [v.id, v] as const))('%s: no failure, no error', (_id, variant) => {
    const run = runs.get(variant.id);
    if (run instanceof Error) throw run;
    expect(run, `${variant.id} did not run`).toBeDefined();
    expect(run!.failing, variant.description).toEqual([]);
    expect(run!.errors, variant.description).toEqual([]);
    expect(run!.exitCode).toBe(0);
    for (const [requirement, verdict] of Object.entries(variant.shows ?? {})) {
      expect(run!.verdicts[requirement], `${variant.id}: ${requirement}`).toBe(verdict);
    }
  });
});
