import { describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { profilePathOf } from '../faults/profiles.ts';

/**
 * A second run against the same staging finds the bills of the first one unlocked (unlocking is
 * once only). The scenarios that need them skip, and the reason names the bill by its profile key
 * and says what to do, as the requirement's skip reason a user reads in the summary.
 */
describe('a run whose bills an earlier run used up', () => {
  it('skips the unlocks saying which fixture to replace, and fails nothing', async () => {
    const server = await startReferenceServer({ port: 0 });
    try {
      const run = () =>
        conform({
          profilePath: profilePathOf({ edit: () => {} }),
          capillaryUrl: server.capillaryBaseUrl,
          fabricUrl: server.fabricBaseUrl,
          grep: 'promised-points.move-once',
        });
      expect((await run()).exitCode).toBe(0);
      const again = await run();
      expect(again.requirements.filter((r) => r.verdict === 'fail')).toEqual([]);
      const strict = again.scenarios.find((s) => s.principal === 'strict')!;
      expect(strict.verdict).toBe('skip');
      expect(strict.reason).toBe(
        'bill billWhole (B-1002-1) was unlocked before this run (unlocking is once only): declare a fresh bill under fixtures.bills.billWhole, or reset the target',
      );
    } finally {
      await server.close();
    }
  }, 60_000);
});
