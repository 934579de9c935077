import { beforeAll, describe, expect, it } from 'vitest';
import { startConcurrently } from './kill-score.ts';
import { runVariant, type VariantRun } from './variant-scope.ts';
import { VARIANTS, type Variant } from './variants.ts';

/**
 * How many test files the correct variants' runs are spread over: `variants.test.ts` runs shard 0,
 * `variants-<k>.test.ts` shard k. One file of all of them was a third of the suite's CPU on one
 * worker (96 s of a 170 s run, 2026-12-05) and could not share the machine with the other workers;
 * a shard is a third of that, so the workers stay balanced as variants are added. A variant's shard
 * is its index in VARIANTS modulo this count: one appended at the end of VARIANTS lands in one on
 * its own.
 */
export const VARIANT_SHARDS = 3;

/**
 * `LC_TEST_VARIANTS=<regex>` runs only the variants whose id it matches, all of them in shard 0
 * (`variants.test.ts`), so that `npx vitest run test/faults/variants.test.ts` runs the whole
 * selection; the other shards then run none. vitest's `-t` would skip the others' tests but not
 * their runs, all started in the hook below, so a filtered test waited for every run before its own
 * and timed out.
 */
function variantsOf(shard: number): readonly Variant[] {
  const selected = process.env.LC_TEST_VARIANTS;
  if (selected) return shard === 0 ? VARIANTS.filter((v) => new RegExp(selected).test(v.id)) : [];
  return VARIANTS.filter((_, index) => index % VARIANT_SHARDS === shard);
}

/**
 * Registers the conformance run of each correct variant of `shard`, one test per variant: scoped to
 * the scenarios of the one API family it changes, or whole (see variant-scope.ts).
 */
export function describeVariantShard(shard: number): void {
  const variants = variantsOf(shard);
  describe(`correct variants, shard ${shard} of ${VARIANT_SHARDS} (no false verdicts)`, () => {
    if (variants.length === 0) {
      it.skip('runs no variant here: LC_TEST_VARIANTS runs what it selects in variants.test.ts', () => {});
      return;
    }
    const runs = new Map<string, Promise<VariantRun | Error>>();

    // Three at a time, as the kill score runs its faults: the variants that delay answers or are
    // rate limited spend most of their run waiting, which the others' runs fill. Started here and
    // awaited one per test, so each variant's run has a test's timeout of its own (one hook awaiting
    // all 160 took 183 s of its 240 s on a slow sitting).
    beforeAll(() => {
      const started = startConcurrently(variants, 3, (variant) =>
        runVariant(variant).catch((error: unknown) =>
          error instanceof Error ? error : new Error(String(error)),
        ),
      );
      for (const [index, variant] of variants.entries()) runs.set(variant.id, started[index]!);
    });

    // Each test's timeout: the slowest variant (30 ms of latency on every answer) took 13 s beside two
    // other runs.
    it.each(variants.map((v) => [v.id, v] as const))(
      '%s: no failure, no error',
      async (_id, variant) => {
        const run = await runs.get(variant.id);
        if (run instanceof Error) throw run;
        expect(run, `${variant.id} did not run`).toBeDefined();
        expect(run!.failing, variant.description).toEqual([]);
        expect(run!.errors, variant.description).toEqual([]);
        expect(run!.exitCode).toBe(0);
        expect(run!.trespasses, `${variant.id} reaches the other family's state`).toEqual([]);
        for (const [requirement, verdict] of Object.entries(variant.shows ?? {})) {
          expect(run!.verdicts[requirement], `${variant.id}: ${requirement}`).toBe(verdict);
        }
      },
      120_000,
    );
  });
}
