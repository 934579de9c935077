import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that take longest (measured on 2 cores, 2026-12-03), in that order. On a fresh clone
 * vitest has no timings and starts larger files first, so these small but slow files would start
 * last and leave one worker idle at the end. The variants' shards (CPU-bound) alternate with the
 * clean rooms that mostly wait (rate limits, sheds), so that the first files of the run do not all
 * wait at once while a core idles (2026-12-05).
 */
const HEAVIEST = [
  'test/faults/variants.test.ts',
  'test/faults/mutation.test.ts',
  'test/cleanroom17/cleanroom17.test.ts',
  'test/faults/variants-1.test.ts',
  'test/cleanroom31/cleanroom31.test.ts',
  'test/cleanroom32/cleanroom32.test.ts',
  'test/faults/variants-2.test.ts',
  'test/cleanroom33/cleanroom33.test.ts',
  'test/cleanroom34/cleanroom34.test.ts',
  'test/pact/pact.test.ts',
  'test/package/package.test.ts',
  'test/hostile/battery.test.ts',
  'test/cleanroom/cleanroom.test.ts',
  'test/cleanroom16/cleanroom16.test.ts',
  'test/cli/compare.test.ts',
  'test/cli/vendor-outage.test.ts',
  'test/pact/ci.test.ts',
  'test/cleanroom7/cleanroom7.test.ts',
  'test/cleanroom11/cleanroom11.test.ts',
  'test/cleanroom19/cleanroom19.test.ts',
  'test/cleanroom6/cleanroom6.test.ts',
  'test/reporters/html.test.ts',
];

const rankOf = (file: TestSpecification) => {
  const rank = HEAVIEST.findIndex((heavy) => file.moduleId.endsWith(heavy));
  return rank === -1 ? HEAVIEST.length : rank;
};

/**
 * The files in an order drawn from `seed` (mulberry32): workers share one process across their
 * files, so a file that depends on what ran before it shows up under another order.
 */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * vitest's order (failed first, then longest first when known), with the known-heaviest files ahead;
 * with LC_TEST_SHUFFLE_SEED=<n>, a shuffled order instead (vitest's own `--sequence.shuffle` does
 * not apply to a custom sequencer).
 */
export class HeaviestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seed = process.env.LC_TEST_SHUFFLE_SEED;
    if (seed !== undefined && seed !== '') return shuffled(files, Number(seed));
    return [...(await super.sort(files))].sort((a, b) => rankOf(a) - rankOf(b));
  }
}
