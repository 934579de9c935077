import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { consoleReporter } from '../../reporters/console.ts';
import { renderJsonReport } from '../../reporters/json.ts';
import { renderMarkdown } from '../../reporters/markdown.ts';
import { conform } from '../../src/engine/conform.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { isToolError } from '../../src/errors.ts';
import { capillaryError, fabricReply } from '../../src/reference/envelopes.ts';
import { type ReferenceServerOptions, startReferenceServer } from '../../src/reference/server.ts';
import { parseReport } from '../../src/report/load-report.ts';
import type { ProfileDocument } from '../faults/profiles.ts';
import { referenceDocument } from '../profile/support.ts';
import { reporterOptions, tempDir } from '../reporters/support.ts';
import { idsWith, loadWorld, MINIMAL_PROFILE, type PlanWorld, planOf, REFERENCE_PROFILE } from './support.ts';

/** A run of a profile against a fresh embedded reference provider, with the console reporter's output. */
async function runProfile(
  profilePath: string,
  server: ReferenceServerOptions = {},
): Promise<{ result: RunResult; console: string }> {
  const reference = await startReferenceServer({ ...server, port: 0 });
  const options = reporterOptions(tempDir('lc-plan-run-'));
  try {
    const result = await conform({
      profilePath,
      capillaryUrl: reference.capillaryBaseUrl,
      fabricUrl: reference.fabricBaseUrl,
      events: consoleReporter(options),
    });
    return { result, console: options.lines.join('') };
  } finally {
    await reference.close();
  }
}

const LINE =
  /^(\d+) requirement\(s\) not judgeable with this profile \(run loyalty-conformance plan --profile (.+) for what to add\)$/m;

let world: PlanWorld;
beforeAll(async () => {
  world = await loadWorld();
});

describe('a run counts what its profile cannot judge', () => {
  it('lists the rules the minimal profile cannot judge, as plan does, and says so in every summary', async () => {
    const { result, console } = await runProfile(MINIMAL_PROFILE);
    const notJudgeable = result.notJudgeable ?? [];
    // The embedded provider has the member inquiry: what the plan left to the probe is judged.
    expect(notJudgeable.map((r) => r.id).sort()).toEqual(
      idsWith(planOf(world, MINIMAL_PROFILE), 'not-judgeable').sort(),
    );
    expect(notJudgeable).toHaveLength(9);
    expect(notJudgeable.find((r) => r.id === 'CAP-UPP-CONCURRENT-ONCE')).toEqual({
      id: 'CAP-UPP-CONCURRENT-ONCE',
      principals: ['strict', 'lenient'],
      add: [
        'a third bill in fixtures.bills (billSpare)',
        'fixtures.bills.billSecondBurst: a bill still to unlock, with lineItemIds, of a customer no other role names',
      ],
    });
    // Each is a skip in the run, never a pass.
    for (const { id } of notJudgeable) {
      expect(result.requirements.find((r) => r.id === id)?.verdict, id).toBe('skip');
    }
    expect(console.match(LINE)?.slice(1)).toEqual(['9', MINIMAL_PROFILE]);
    expect(renderMarkdown(result)).toContain(
      `9 requirement(s) not judgeable with this profile (run loyalty-conformance plan --profile ${MINIMAL_PROFILE} for what to add)`,
    );
    // The JSON report carries the list and still validates against its schema when read back.
    const json = renderJsonReport(result, reporterOptions(tempDir()));
    expect(parseReport(json, 'conformance.json').notJudgeable).toEqual(notJudgeable);
  });

  it('counts what plan counts for the reference profile: nothing, and prints no line', async () => {
    const { result, console } = await runProfile(REFERENCE_PROFILE);
    expect(result.notJudgeable).toEqual([]);
    expect(result.notJudgeable).toHaveLength(planOf(world, REFERENCE_PROFILE).totals['not-judgeable']);
    expect(console).toMatch(/CONFORMANT: /);
    expect(console).not.toMatch(/not judgeable with this profile/);
    expect(renderMarkdown(result)).not.toMatch(/not judgeable with this profile/);
  });

  it('counts the rules plan left to the probe when the target has no member inquiry', async () => {
    const { result, console } = await runProfile(REFERENCE_PROFILE, {
      handlers: {
        inquireMemberPoints: () => fabricReply(404, 'Not Found', null, { message: 'no such route' }),
      },
    });
    const probed = idsWith(planOf(world, REFERENCE_PROFILE), 'judgeable-if-probed');
    expect(probed).toHaveLength(3);
    expect((result.notJudgeable ?? []).map((r) => r.id).sort()).toEqual([...probed].sort());
    expect(result.notJudgeable?.[0]?.principals).toEqual(['fabric']);
    expect(result.notJudgeable?.[0]?.add).toEqual([
      expect.stringMatching(/^a target with GET \/v1\/inquire\//),
    ]);
    expect(console.match(LINE)?.[1]).toBe('3');
  });
});

/**
 * A run of the reference profile with `edit` applied to its document: its checks, after expecting
 * that none failed or erred (what a profile lacks is a skip, never a verdict on the target).
 */
async function checksOfEdited(edit: (document: ProfileDocument) => void) {
  const document = referenceDocument() as ProfileDocument;
  edit(document);
  const path = join(tempDir('lc-plan-run-'), 'edited.yaml');
  writeFileSync(path, stringify(document));
  const { result } = await runProfile(path);
  const checks = result.requirements.flatMap((r) => r.checks);
  expect(checks.filter((c) => c.verdict === 'fail' || c.verdict === 'error')).toEqual([]);
  expect(result.exitCode).toBe(0);
  return checks;
}

/** The customers of each org of a profile document, for edits. */
const customersOf = (org: ProfileDocument) => Object.values(org.fixtures.customers) as ProfileDocument[];

/** The message of one check (by scenario and principal) of a run, after expecting it skipped. */
function skipMessage(
  checks: readonly { checkId: string; principal: string; verdict: string; message: string }[],
  checkId: string,
  principal: string,
) {
  const check = checks.find((c) => c.checkId === checkId && c.principal === principal);
  expect(check?.verdict, `${checkId} @${principal}`).toBe('skip');
  return check?.message;
}

describe('a run of a profile a user might write', () => {
  it('skips, never fails, what reads the balance of a customer without the primary identifier (dual eligibility)', async () => {
    // A strict-org deductible customer declared without its mobile, the org's primary identifier.
    const checks = await checksOfEdited((document) => {
      delete document.capillary.orgs[0].fixtures.customers['customer-1001'].identifiers.mobile;
    });
    for (const id of ['CAP-AUTH-BASIC', 'CAP-AUTH-OAUTH']) {
      // Bar the scenario that does not apply (Basic is the org's own auth), whatever the customer.
      const strict = checks.filter(
        (c) =>
          c.requirementId === id &&
          c.principal === 'strict' &&
          c.checkId !== 'authentication.capillary-basic-operations',
      );
      expect(strict.length, id).toBeGreaterThan(0);
      for (const check of strict) {
        expect(check.verdict, id).toBe('skip');
        expect(check.message, id).toContain('add: identifiers.mobile on customer customer-1001');
      }
    }
    // Every skip that names the customer says what to add.
    const named = checks.filter((c) => c.verdict === 'skip' && c.message.includes('customer-1001'));
    expect(named.length).toBeGreaterThan(0);
    for (const check of named) expect(check.message, check.checkId).toMatch(/\(add: /);
    expect(skipMessage(checks, 'generated.points-balance', 'strict')).toBe(
      'customer customer-1001 has no mobile (add: identifiers.mobile on customer customer-1001)',
    );
  });

  it('skips with what to add, and never stops on an internal error, when customers declare only identifiers the lookups do not take', async () => {
    // Every customer declared by its Capillary `id` alone (the unlock takes it; the balance and the deduction do not).
    const checks = await checksOfEdited((document) => {
      for (const org of document.capillary.orgs) {
        delete org.fixtures.roles.sharedSecondary;
        for (const customer of customersOf(org)) customer.identifiers = { id: customer.identifiers.id };
      }
    });
    expect(skipMessage(checks, 'authentication.capillary-basic', 'strict')).toBe(
      'customer customer-1001 declares no mobile, email or externalId, the identifiers the balance lookup takes: its balance cannot be read (add: a mobile, email or externalId on customer customer-1001)',
    );
  });

  it('skips, never errs, what reads the balance of a customer known only by a value another customer has too', async () => {
    // The lenient org's customers by email alone: customer-2002 and customer-2003 share theirs.
    const checks = await checksOfEdited((document) => {
      const lenient = document.capillary.orgs[1];
      delete lenient.fixtures.roles.sharedSecondary;
      for (const customer of customersOf(lenient))
        customer.identifiers = { email: customer.identifiers.email };
    });
    expect(skipMessage(checks, 'concurrency.parallel-deductions-negative-allowed', 'lenient')).toBe(
      'customer customer-2002 is looked up by its email, which customer customer-2003 has too: its balance cannot be read (add: a mobile, email or externalId of its own on customer customer-2002)',
    );
  });

  it('probes both branches of negativeBalanceOnReturn unknown after the other scenarios of the customer, so none is skipped for the balance the probe left', async () => {
    const checks = await checksOfEdited((document) => {
      for (const org of document.capillary.orgs) org.config.negativeBalanceOnReturn = 'unknown';
    });
    // The deductible customer is not left below zero for the scenarios after the probes (the lenient
    // org's drainable customer starts at zero: draining it to zero exactly cannot be tried there).
    expect(
      checks
        .filter((c) => c.verdict === 'skip' && /points left|below \d|only -?\d+ points/.test(c.message))
        .map((c) => c.message)
        .filter((message) => !message.startsWith('the drainable customer has')),
    ).toEqual([]);
    // The lenient org lets a deduction go below zero: judged as if off, that warns.
    const overBalance = (c: (typeof checks)[number]) =>
      c.requirementId === 'CAP-NPA-8907' &&
      c.principal === 'lenient' &&
      c.checkId === 'negative-balance.over-balance-8907';
    expect(checks.find(overBalance)?.verdict).toBe('warn');
  });

  it('skips with what to add the default-program rule of orgs without defaultProgramId, exact draining of a drainable customer without points, and the dual-eligibility rules of an org that does not declare it', async () => {
    // Found by the profile-removal sweep: without defaultProgramId the rule was left without a
    // check (plan called it judgeable), and a drainable customer without points skipped with no
    // word of what to add (the lenient org's drainable customer starts at zero), as did the
    // dual-eligibility rules of an org without config.dualEligibility.
    const checks = await checksOfEdited((document) => {
      for (const org of document.capillary.orgs) delete org.config.defaultProgramId;
      document.capillary.orgs[1].config.negativeBalanceOnReturn = 'unknown';
      delete document.capillary.orgs[1].config.dualEligibility;
    });
    const defaultProgram = checks.filter((c) => c.requirementId === 'CAP-BAL-DEFAULT-PROGRAM');
    expect(defaultProgram.map((c) => [c.principal, c.verdict, c.message]).sort()).toEqual(
      ['lenient', 'strict'].map((principal) => [
        principal,
        'skip',
        'the org declares no default program (add: config.defaultProgramId (the program a balance read without programId shows))',
      ]),
    );
    expect(skipMessage(checks, 'negative-balance.exact-balance', 'lenient')).toMatch(
      /^the drainable customer has -?\d+ points left \(add: fixtures\.roles\.drainable: a customer with points in program 469 /,
    );
    // An org whose dual eligibility the profile leaves out: its rules skip, saying what to declare.
    expect(skipMessage(checks, 'dual-eligibility.no-primary-8015', 'lenient')).toContain(
      '(add: config.dualEligibility: { enabled: true, primaryIdentifier } when the org has it',
    );
  });

  it('ends before any scenario when the target does not know a fixture customer (a profile error, not a verdict)', async () => {
    // The strict org's deductible customer declared with a mobile the target has no customer for.
    const path = join(tempDir('lc-plan-run-'), 'unknown-mobile.yaml');
    const document = referenceDocument() as ProfileDocument;
    document.capillary.orgs[0].fixtures.customers['customer-1001'].identifiers.mobile = '919800009999';
    writeFileSync(path, stringify(document));
    const error = await runProfile(path).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isToolError(error, 'LC_ERR_PROFILE_FIXTURE_UNKNOWN')).toBe(true);
    expect((error as Error).message).toContain('customer customer-1001 of org strict');
  });

  it("does not fail the target's OAuth when its balance read says past authentication that the customer is unknown", async () => {
    // The fixture customers are found with the org's Basic credentials (the run starts), but a
    // read with the OAuth token is answered 8015: the token passed, the scenario cannot judge it.
    const { result } = await runProfile(REFERENCE_PROFILE, {
      hooks: {
        reply: (operationId, reply, request) =>
          operationId === 'getPointsBalance' &&
          request.headers['x-cap-api-oauth-token'] &&
          reply.status === 200
            ? capillaryError(8015, 'Customer not found for the given identifiers')
            : reply,
      },
    });
    const checks = result.requirements.flatMap((r) => r.checks);
    const check = checks.find((c) => c.requirementId === 'CAP-AUTH-OAUTH' && c.principal === 'strict');
    expect(check?.verdict).toBe('error');
    expect(check?.message).toMatch(
      /^cannot judge the credentials: the balance read of customer customer-1001 was answered past authentication with code 8015 \(check the customer's identifiers in the profile\): 400 /,
    );
  });
});
