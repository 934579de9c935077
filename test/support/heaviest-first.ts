import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that take longest (measured on 2 cores, 2026-12-02), in that order. On a fresh clone
 * vitest has no timings and starts larger files first, so these small but slow files would start
 * last and leave one worker idle at the end.
 */
const HEAVIEST = [
  'test/faults/variants.test.ts',
  'test/package/package.test.ts',
  'test/hostile/battery.test.ts',
  'test/pact/pact.test.ts',
  'test/cleanroom/cleanroom.test.ts',
  'test/client/rate-limit-retry.test.ts',
  'test/cli/interrupt.test.ts',
  'test/faults/mutation.test.ts',
  'test/pact/ci.test.ts',
  'test/cli/compare.test.ts',
  'test/cleanroom2/cleanroom2.test.ts',
  'test/cleanroom3/cleanroom3.test.ts',
  'test/cleanroom4/cleanroom4.test.ts',
  'test/cleanroom5/cleanroom5.test.ts',
  'test/reporters/html.test.ts',
];

const rankOf = (file: TestSpecification) => {
  const rank = HEAVIEST.findIndex((heavy) => file.moduleId.endsWith(heavy));
  return rank === -1 ? HEAVIEST.length : rank;
};

/** vitest's order (failed first, then longest first when known), with the known-heaviest files ahead. */
export class HeaviestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...(await super.sort(files))].sort((a, b) => rankOf(a) - rankOf(b));
  }
}
