import { beforeAll, describe, expect, it } from 'vitest';
import { UNIVERSAL_CHECKS } from '../src/checks/index.ts';
import { conform } from '../src/engine/conform.ts';
import type { RunResult, Suite } from '../src/engine/types.ts';
import { type ReferenceServer, startReferenceServer } from '../src/reference/server.ts';
import { brokenChecksOf, skipNoteOf } from '../src/vitest.ts';
import { SUITES } from '../suites/index.ts';
import { FAULTS } from './faults/catalogue.ts';
import { referenceRun } from './reporters/support.ts';

/**
 * What the vitest integration's `it`s would fail with, for every test it registers, in a run of
 * `suites` only: the universal checks judge every exchange of any suite, and a whole run of the
 * faulty provider sent some 1,400 requests more than the unlocks the assertions below read.
 */
async function findingsAgainst(
  options: Parameters<typeof startReferenceServer>[0],
  suites: readonly Suite[],
): Promise<RunResult> {
  const server: ReferenceServer = await startReferenceServer({ ...options, port: 0 });
  try {
    return await conform({ capillaryUrl: server.capillaryBaseUrl, fabricUrl: server.fabricBaseUrl, suites });
  } finally {
    await server.close();
  }
}

describe('the vitest integration sees universal checks', () => {
  let faulty: RunResult;
  let reference: RunResult;
  beforeAll(async () => {
    const fault = FAULTS.find((f) => f.id === 'upp-text-plain');
    if (!fault) throw new Error('fault upp-text-plain is gone from the catalogue');
    // The fault answers the unlock with text/plain: the suite of the unlocks meets it.
    const unlocks = SUITES.filter((suite) => suite.name === 'promised-points');
    [faulty, reference] = [await findingsAgainst(fault.options, unlocks), await referenceRun()];
  }, 60_000);

  it('fails the content-type test against a provider answering text/plain, naming GEN-CONTENT-TYPE', () => {
    const broken = brokenChecksOf(faulty, 'universal.content-type');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken[0]).toMatch(/^GEN-CONTENT-TYPE \[MUST\] @\w+: expected .*; actual /);
  });

  it("gives a skipped scenario's test the reason of each principal's skip (what to add)", () => {
    const skipped = reference.scenarios.filter((s) => s.verdict === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    const [first] = skipped;
    const runs = reference.scenarios.filter((s) => s.scenarioId === first!.scenarioId);
    const note = skipNoteOf(runs.filter((s) => s.verdict === 'skip'));
    expect(note).toContain(`@${first!.principal}: ${first!.reason}`);
    expect(first!.reason).toBeTruthy();
    expect(skipNoteOf([])).toBe('not run: the run selection left it out');
  });

  it('fails no universal test against the reference provider', () => {
    for (const check of UNIVERSAL_CHECKS) {
      expect(brokenChecksOf(reference, `universal.${check.id}`), check.id).toEqual([]);
    }
  });
});
