import { describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import { type ReferenceServerOptions, startReferenceServer } from '../../src/reference/server.ts';
import { ownUnlockedCodeBeforeTheBody } from '../faults/catalogue.ts';
import { profilePathOf } from '../faults/profiles.ts';

/**
 * Runs the scenarios `grep` selects twice against one reference provider (with `options`): the
 * second run finds the bills of the first unlocked (unlocking is once only).
 */
async function runTwice(grep: string, options: Omit<ReferenceServerOptions, 'port'> = {}) {
  const server = await startReferenceServer({ ...options, port: 0 });
  try {
    const run = () =>
      conform({
        profilePath: profilePathOf({ edit: () => {} }),
        capillaryUrl: server.capillaryBaseUrl,
        fabricUrl: server.fabricBaseUrl,
        grep,
      });
    const first = await run();
    return { first, again: await run() };
  } finally {
    await server.close();
  }
}

/**
 * A second run against the same staging finds the bills of the first one unlocked (unlocking is
 * once only). The scenarios that need them skip, and the reason names the bill by its profile key
 * and says what to do, as the requirement's skip reason a user reads in the summary.
 */
describe('a run whose bills an earlier run used up', () => {
  it('skips the unlocks saying which fixture to replace, and fails nothing', async () => {
    const { first, again } = await runTwice('promised-points.move-once');
    expect(first.exitCode).toBe(0);
    expect(again.requirements.filter((r) => r.verdict === 'fail')).toEqual([]);
    const strict = again.scenarios.find((s) => s.principal === 'strict')!;
    expect(strict.verdict).toBe('skip');
    expect(strict.reason).toBe(
      'bill billWhole (B-1002-1) was unlocked before this run (unlocking is once only): declare a fresh bill under fixtures.bills.billWhole, or reset the target',
    );
  }, 60_000);

  /**
   * An "already unlocked" code no document gives, answered to an invalid unlock of a declared bill,
   * only warns (the bill may be used up). A later unlock of the same bill in the run that moves its
   * points shows the bill had them: the warning becomes a failure citing both answers (fault
   * upp-own-code-on-a-fresh-bill). On the rerun the later unlock finds nothing, the warning stands.
   */
  it('warns of a code no document gives, and fails it in a fresh run whose later unlock moves the bill', async () => {
    const { first, again } = await runTwice(
      '/^promised-points\\.(unknown-event-log-3918|filters|move-once|second-program)$/',
      { hooks: { reply: ownUnlockedCodeBeforeTheBody } },
    );
    const failed = first.requirements.find((r) => r.id === 'CAP-UPP-3918')!;
    expect(failed.verdict).toBe('fail');
    const check = failed.checks.find((c) => c.verdict === 'fail')!;
    expect(check.message).toMatch(/still had promised points then/);
    expect(check.exchangeIds).toHaveLength(2);
    expect(again.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id)).toEqual([]);
    expect(again.requirements.find((r) => r.id === 'CAP-UPP-3918')?.verdict).toBe('warn');
  }, 60_000);
});
