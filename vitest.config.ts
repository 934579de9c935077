import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { HeaviestFirstSequencer } from './test/support/heaviest-first.ts';
import { filesOfTier } from './test/support/tiers.ts';

// `npm test` runs the quick tier, `npm run test:sweep` the sweep (test/support/tiers.ts).
const tier = filesOfTier(process.env['LC_TEST_TIER'], configDefaults.exclude);

export default defineConfig({
  test: {
    include: [...tier.include],
    exclude: [...tier.exclude],
    // One temporary folder per run, removed at its end (test/support/temp-root.ts).
    globalSetup: ['./test/support/temp-root.ts'],
    // One worker more than cores: a third of the files' time is spent waiting (Retry-After waits,
    // replica lags, slow gateways, child processes), and a third worker fills it. On 2 cores, vitest
    // took 205 s with 2 workers (CPU 74 % busy), 169 s with 3 and 191 s with 4 (2026-12-04); with
    // the variants in three shards, 4 workers took the same wall time as 3 and 10-15 % more CPU
    // (two alternating pairs in a clean clone, 2026-12-05: see docs/measured.md, the twentieth sitting).
    maxWorkers: availableParallelism() + 1,
    // One process per worker for all its files, not one per file: the files re-imported the same
    // module graph (ajv, undici, specs, suites) and warmed the JIT again for each in-process
    // conformance run, which cost a quarter of `vitest run` on 2 cores (181 s isolated, 131 s
    // shared, 2026-12-02). Files leave no state behind: env stubs are undone after each test and
    // spies restored where made.
    isolate: false,
    unstubEnvs: true,
    // A harness guard, never a measure: a whole in-process conformance run takes 3-4 s quiet and
    // 15-20 s at load 7-9 (test/cli/vendor-outage.test.ts, 2026-12-06); at load 12 and more beside
    // helpers one passed 30 s and timed out, a flake of the machine's load, not of the code.
    testTimeout: 120_000,
    // A beforeAll that starts Debian's chromium and runs a whole conformance run takes 3-6 s alone and
    // over 10 s (vitest's default hook timeout) when the other worker runs the fault catalogue.
    hookTimeout: 60_000,
    // The slowest files first, so that both workers stay busy to the end on a fresh clone.
    sequence: { sequencer: HeaviestFirstSequencer },
  },
});
