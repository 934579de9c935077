import { describe, expect, it } from 'vitest';
import { planDryRun } from '../../src/cli/dry-run.ts';
import type { RunCommandOptions } from '../../src/cli/run-command.ts';
import { conform } from '../../src/engine/conform.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { oauthFirst, type ProfileSource, profilePathOf } from '../faults/profiles.ts';
import { entry, loadWorld, planOf } from './support.ts';

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
      profilePath,
      result,
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
    // The lenient org's secondProgram bill (customer-2001, in 469 and 973) runs (fault hunt 65).
    expect(dry.sort()).toEqual(['promised-points.second-program@strict']);
    expect(run.sort()).toEqual(dry);
    expect(reasons['promised-points.second-program@strict']).toMatch(
      /customer-1001, .*one program.*\(add: .*customer-1001/,
    );
  });

  it('lends no bill named for a role to another: without billWithLineItems the filters skip, saying so, and secondProgram keeps its bill', async () => {
    // The strict org's bills: billWhole, billSpare, secondProgram (one line: 64390, kw101), billRace
    // and billSecondBurst (two lines, since fault hunt 67: named for its role, not lent either). Lent
    // by its shape, the secondProgram bill left the filters unjudged at run time (its only line
    // item had nothing left after its item code) and the second-program unlock without a bill.
    const PROMISED = /^promised-points\.(filters|second-program)$/;
    const { profilePath, result, exitCode, run, dry, reasons } = await skippedBoth(
      { edit: (profile) => void delete profile.capillary.orgs[0].fixtures.bills.billWithLineItems },
      PROMISED,
    );
    expect(exitCode).toBe(0);
    // (The lenient org's own bills are untouched: its secondProgram bill runs, since fault hunt 65.)
    expect(dry.sort()).toEqual(['promised-points.filters@strict']);
    expect(run.sort()).toEqual(dry);
    expect(reasons['promised-points.filters@strict']).toMatch(
      /no bill with line items; bills secondProgram, billSecondBurst are named for their own roles, and a bill named for a role is not lent to another \(add: fixtures\.bills: a bill with lineItemIds and itemCodes/,
    );
    // The second-program unlock ran with its own bill, and judged.
    const second = result.scenarios.find(
      (s) => s.scenarioId === 'promised-points.second-program' && s.principal === 'strict',
    );
    expect(second?.verdict).toBe('pass');
    // plan and the run agree: the filter rules are not judgeable @strict, and skipped there (never judged).
    const plan = planOf(await loadWorld(), profilePath);
    for (const id of ['CAP-UPP-FILTER-LINE-ITEMS', 'CAP-UPP-FILTER-ITEM-CODES']) {
      const strict = entry(plan, id).principals.find((p) => p.principal === 'strict');
      expect(strict?.status, id).toBe('not-judgeable');
      const checks = result.requirements
        .find((r) => r.id === id)!
        .checks.filter((c) => c.principal === 'strict');
      expect(
        checks.map((c) => c.verdict),
        id,
      ).toEqual(['skip']);
    }
  });

  it('still lends a bill under a name of its own by its shape', async () => {
    // The strict org's bill with line items under another name: the filters use it.
    const { exitCode, run, dry } = await skippedBoth(
      {
        edit: (profile) => {
          const bills = profile.capillary.orgs[0].fixtures.bills;
          bills['bill-two-lines'] = bills.billWithLineItems;
          delete bills.billWithLineItems;
        },
      },
      /^promised-points\./,
    );
    expect(exitCode).toBe(0);
    // Nothing skipped: the filters take the renamed bill (the lenient org's secondProgram bill
    // runs too, since fault hunt 65).
    expect(dry).toEqual([]);
    expect(run).toEqual(dry);
  });

  it('skips the two drain scenarios, naming another customer to add, when the drainable customer is the deductible one (negative balances off)', async () => {
    // Profile hunt: drained to zero first, customer-1001 left every later deduction of the strict
    // org skipped at run time only (22 scenarios; 23 rules skipped in a strict-only profile, 7 now).
    const { exitCode, run, dry, reasons } = await skippedBoth(
      {
        edit: (profile) => {
          profile.capillary.orgs[0].fixtures.roles.drainable = 'customer-1001';
        },
      },
      /^(concurrency|negative-balance|input-validation|ledger-invariants|decimal-precision)\./,
    );
    expect(exitCode).toBe(0);
    const strict = (ids: string[]) => ids.filter((id) => id.endsWith('@strict')).sort();
    expect(strict(run)).toEqual(strict(dry));
    expect(strict(run)).toEqual(
      expect.arrayContaining([
        'concurrency.parallel-deductions@strict',
        'negative-balance.exact-balance@strict',
      ]),
    );
    expect(
      strict(run).filter((id) => /^(input-validation|ledger-invariants|decimal-precision)\./.test(id)),
    ).toEqual([]);
    expect(reasons['negative-balance.exact-balance@strict']).toMatch(
      /customer-1001 is also the deductible customer.*\(add: fixtures\.roles\.drainable: another customer than customer-1001/,
    );
  });

  it("skips the unlock naming another customer's bill, with what to add, when the deductible customer owns billWhole", async () => {
    // customer-1002 owns the strict org's billWhole (B-1002-1); the points award is customer-1001's.
    const { exitCode, run, dry, reasons } = await skippedBoth(
      {
        edit: (profile) => {
          const strict = profile.capillary.orgs[0];
          strict.fixtures.roles.deductible = 'customer-1002';
          delete strict.fixtures.pointsAwardedId;
        },
      },
      /^promised-points\.bill-of-another-customer$/,
    );
    expect(exitCode).toBe(0);
    expect(run).toEqual(['promised-points.bill-of-another-customer@strict']);
    expect(dry).toEqual(run);
    expect(reasons['promised-points.bill-of-another-customer@strict']).toMatch(
      /\(add: fixtures\.bills\.billWhole: a bill of another customer than customer-1002\)/,
    );
  });

  it('counts the unlock answer rules judgeable with a secondProgram bill alone, as the run judges them', async () => {
    // Profile hunt: the second-program unlock judged CAP-UPP-RESPONSE-NUMERIC and -BILL while plan
    // said `not judgeable` (they were missing from its scenario's requirements).
    const { profilePath, result, exitCode } = await skippedBoth(
      {
        edit: (profile) => {
          for (const org of profile.capillary.orgs) {
            for (const key of Object.keys(org.fixtures.bills))
              if (key !== 'secondProgram') delete org.fixtures.bills[key];
          }
        },
      },
      /^promised-points\./,
    );
    expect(exitCode).toBe(0);
    const plan = planOf(await loadWorld(), profilePath);
    for (const id of ['CAP-UPP-RESPONSE-NUMERIC', 'CAP-UPP-RESPONSE-BILL']) {
      expect(entry(plan, id).status, id).toBe('judgeable');
      expect(result.requirements.find((r) => r.id === id)?.verdict, id).toBe('pass');
    }
  });
});
