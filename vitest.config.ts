import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { HeaviestFirstSequencer } from './test/support/heaviest-first.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary folder per run, removed at its end (test/support/temp-root.ts).
    globalSetup: ['./test/support/temp-root.ts'],
    // Two workers more than cores: a third of the files' time is spent waiting (Retry-After waits,
    // replica lags, slow gateways, child processes), and more workers fill it. On 2 cores, vitest
    // took 205 s with 2 workers (CPU 74 % busy), 169 s with 3 and 191 s with 4 (2026-12-04, the
    // variants in one file of 80 s of CPU, slowed by a fourth worker); with 3 workers the cores
    // were 68 % busy (2026-12-05, clean rooms 31-33 rate limited, each 20-25 s of waiting) and the
    // variants in three shards: see docs/measured.md, "npm test's wall time".
    maxWorkers: availableParallelism() + 2,
    // One process per worker for all its files, not one per file: the files re-imported the same
    // module graph (ajv, undici, specs, suites) and warmed the JIT again for each in-process
    // conformance run, which cost a quarter of `vitest run` on 2 cores (181 s isolated, 131 s
    // shared, 2026-12-02). Files leave no state behind: env stubs are undone after each test and
    // spies restored where made.
    isolate: false,
    unstubEnvs: true,
    testTimeout: 30_000,
    // A beforeAll that starts Debian's chromium and runs a whole conformance run takes 3-6 s alone and
    // over 10 s (vitest's default hook timeout) when the other worker runs the fault catalogue.
    hookTimeout: 60_000,
    // The slowest files first, so that both workers stay busy to the end on a fresh clone.
    sequence: { sequencer: HeaviestFirstSequencer },
  },
});
