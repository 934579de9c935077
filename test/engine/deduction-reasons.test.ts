import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/engine/types.ts';
import { reasonOfReturn } from '../../suites/support.ts';
import { runWithFakes } from './fake-run.ts';
import { fakeProfile } from './fakes.ts';

/** A scenario numbering two deductions of the deductible customer, the reasons pushed to `reasons`. */
const numbering = (reasons: string[]): Scenario => ({
  id: 's.two-deductions',
  title: 'two deductions',
  requirements: ['CAP-NPA-ARITHMETIC'],
  fixtures: ['deductible'],
  family: 'capillary',
  tags: [],
  mutates: false,
  async run(ctx) {
    const customer = ctx.customer('deductible');
    reasons.push(reasonOfReturn(ctx, customer), reasonOfReturn(ctx, customer));
  },
});

/** One run of the scenario with `profile` (the engine's run, as `conform()` makes it). */
async function reasonsOfOneRun(profile: ReturnType<typeof fakeProfile>): Promise<string[]> {
  const reasons: string[] = [];
  await runWithFakes([numbering(reasons)], { profile });
  return reasons;
}

describe("the run's deduction counter (reasonOfReturn)", () => {
  // The counter was a module-level map keyed by the profile object: a second run in the same
  // process with the same profile went on from the first run's count.
  it('numbers each run from 1, two runs in one process sharing one profile object', async () => {
    const profile = fakeProfile();
    const first = await reasonsOfOneRun(profile);
    const second = await reasonsOfOneRun(profile);
    // Each of the two orgs' deductible customer, twice: 1 and 2 (pushed together) in either run.
    const fromOne = ['conformance check 1', 'conformance check 2'];
    expect(first).toEqual([...fromOne, ...fromOne]);
    expect(second).toEqual(first);
  });
});
