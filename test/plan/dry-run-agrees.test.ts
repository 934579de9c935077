import { describe, expect, it } from 'vitest';
import { planDryRun } from '../../src/cli/dry-run.ts';
import type { RunCommandOptions } from '../../src/cli/run-command.ts';
import { conform } from '../../src/engine/conform.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { oauthFirst, type ProfileSource, profilePathOf } from '../faults/profiles.ts';

/**
 * `run --dry-run` predicts which scenario runs a run skips: for a profile (an edit of the
 * reference), the runs the dry run would skip and those a run against the reference provider
 * skipped, each `scenario@principal`.
 */
async function skippedBoth(source: ProfileSource, only: RegExp) {
  const profilePath = profilePathOf(source);
  const reference = await startReferenceServer({ port: 0 });
  try {
    const urls = { capillaryUrl: reference.capillaryBaseUrl, fabricUrl: reference.fabricBaseUrl };
    const result = await conform({ profilePath, ...urls });
    const dry = await planDryRun({ profile: profilePath, ...urls } as RunCommandOptions);
    const of = (id: string) => only.test(id);
    return {
      exitCode: result.exitCode,
      run: result.scenarios
        .filter((s) => s.verdict === 'skip' && of(s.scenarioId))
        .map((s) => `${s.scenarioId}@${s.principal}`),
      dry: dry.runs.filter((r) => r.skip && of(r.scenarioId)).map((r) => `${r.scenarioId}@${r.principal}`),
      reasons: Object.fromEntries(
        dry.runs.filter((r) => r.skip).map((r) => [`${r.scenarioId}@${r.principal}`, r.skip?.reason]),
      ),
    };
  } finally {
    await reference.close();
  }
}

const OPERATIONS = /^authentication\.capillary-(basic|oauth)-operations$/;

describe('run --dry-run agrees with the run on what it skips', () => {
  it("skips the operations scenario of the scheme that is the org's own auth, as the run does (Basic first)", async () => {
    const { exitCode, run, dry, reasons } = await skippedBoth({ edit: () => {} }, OPERATIONS);
    expect(exitCode).toBe(0);
    expect(run.sort()).toEqual([
      'authentication.capillary-basic-operations@lenient',
      'authentication.capillary-basic-operations@strict',
    ]);
    expect(dry.sort()).toEqual(run);
    expect(reasons['authentication.capillary-basic-operations@strict']).toMatch(/Basic is the org's auth/);
  });

  it('and with OAuth first, the OAuth one', async () => {
    const { exitCode, run, dry } = await skippedBoth(oauthFirst, OPERATIONS);
    expect(exitCode).toBe(0);
    expect(run.sort()).toEqual([
      'authentication.capillary-oauth-operations@lenient',
      'authentication.capillary-oauth-operations@strict',
    ]);
    expect(dry.sort()).toEqual(run);
  });

  it('skips the known-promotion deduction, with what to add, for an org with neither a promotion nor an award', async () => {
    // The lenient org declares no points award: without its promotion the scenario has nothing to deduct with.
    const { exitCode, run, dry, reasons } = await skippedBoth(
      { edit: (profile) => void delete profile.capillary.orgs[1].fixtures.promotion },
      /^input-validation\.known-promotion$/,
    );
    expect(exitCode).toBe(0);
    expect(run).toEqual(['input-validation.known-promotion@lenient']);
    expect(dry).toEqual(run);
    expect(reasons['input-validation.known-promotion@lenient']).toMatch(
      /\(add: fixtures\.promotion .*or fixtures\.pointsAwardedId/,
    );
  });

  it("skips the second-program unlock when the profile enrols the bill's customer in one program only", async () => {
    // customer-1001 declared in 469 alone (no twoPrograms role then): its secondProgram bill cannot
    // show points moving into another program the profile knows of.
    const { exitCode, run, dry, reasons } = await skippedBoth(
      {
        edit: (profile) => {
          const strict = profile.capillary.orgs[0];
          strict.fixtures.customers['customer-1001'].programs = [469];
          delete strict.fixtures.roles.twoPrograms;
        },
      },
      /^promised-points\.second-program$/,
    );
    expect(exitCode).toBe(0);
    expect(dry.sort()).toEqual([
      'promised-points.second-program@lenient',
      'promised-points.second-program@strict',
    ]);
    expect(run.sort()).toEqual(dry);
    expect(reasons['promised-points.second-program@strict']).toMatch(
      /customer-1001, .*one program.*\(add: .*customer-1001/,
    );
  });
});
