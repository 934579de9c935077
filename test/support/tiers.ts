/**
 * The test files in two tiers, chosen by `LC_TEST_TIER`:
 * - `quick` (`npm test`): everything but the sweep; under 3 minutes on 2 cores.
 * - `sweep` (`npm run test:sweep`): the runs of the catalogues, each a conformance run per
 *   provider: the correct variants (their shards and their runs filtered to one requirement) and
 *   the clean-room providers, the guards against false verdicts; the kill score (every fault must
 *   fail), the guard against checks that cannot fail; the hostile battery (42 misbehaving targets).
 *   They are most of the suite's CPU, spent in loopback exchanges that no per-run saving removes.
 * CI runs both (.ci/run), as the README's test command does. Unset, vitest runs every file, so that
 * `npx vitest run <path>` finds any of them.
 */
export const SWEEP_FILES: readonly string[] = [
  'test/faults/variants.test.ts',
  'test/faults/variants-*.test.ts',
  'test/faults/filtered-variants.test.ts',
  'test/faults/mutation.test.ts',
  'test/cleanroom*/**/*.test.ts',
  'test/hostile/**/*.test.ts',
];

const ALL_FILES = ['test/**/*.test.ts'];

export type TestTier = 'quick' | 'sweep';

export interface TierFiles {
  readonly include: readonly string[];
  readonly exclude: readonly string[];
}

/** The files `tier` runs (every file when it is unset or empty), on top of vitest's own excludes. */
export function filesOfTier(tier: string | undefined, defaultExclude: readonly string[]): TierFiles {
  if (tier === undefined || tier === '') return { include: ALL_FILES, exclude: defaultExclude };
  if (tier === 'quick') return { include: ALL_FILES, exclude: [...defaultExclude, ...SWEEP_FILES] };
  if (tier === 'sweep') return { include: SWEEP_FILES, exclude: defaultExclude };
  throw new Error(
    `LC_TEST_TIER must be quick or sweep (or unset for every test file), got ${JSON.stringify(tier)}`,
  );
}
