import { describe, expect, it } from 'vitest';
import type { CheckResult, RequirementResult, RunResult, Verdict } from '../../src/engine/types.ts';
import {
  categorize,
  diffExitCode,
  diffNotJudgedLine,
  diffReports,
  renderDiffMarkdown,
  renderDiffText,
} from '../../src/report/diff.ts';
import { leakyRun } from '../reporters/support.ts';

/** A run whose requirements have the given verdict per principal (one check each). */
function runWith(
  verdicts: Record<string, Record<string, Verdict>>,
  overrides: Partial<RunResult['manifest']> = {},
): RunResult {
  const base = leakyRun();
  const severity: Verdict[] = ['skip', 'pass', 'warn', 'error', 'fail'];
  const requirements: RequirementResult[] = Object.entries(verdicts).map(([id, byPrincipal]) => {
    const checks: CheckResult[] = Object.entries(byPrincipal).map(([principal, verdict]) => ({
      requirementId: id,
      checkId: `suite.${id.toLowerCase()}`,
      principal,
      verdict,
      message: `${verdict} for ${principal}`,
      expected: 'a 4xx',
      actual: verdict === 'fail' ? '200' : 'a 4xx',
      exchangeIds: [],
    }));
    const verdict = checks.reduce<Verdict>(
      (worst, c) => (severity.indexOf(c.verdict) > severity.indexOf(worst) ? c.verdict : worst),
      'skip',
    );
    return { ...base.requirements[0]!, id, title: `Rule ${id}`, verdict, checks };
  });
  return { ...base, manifest: { ...base.manifest, ...overrides }, requirements, exchanges: [] };
}

describe('categorize', () => {
  it.each([
    ['pass', 'fail', 'newlyFailing'],
    [undefined, 'fail', 'newlyFailing'],
    ['warn', 'fail', 'newlyFailing'],
    ['fail', 'fail', 'stillFailing'],
    ['fail', 'pass', 'fixed'],
    ['fail', 'warn', 'fixed'],
    ['pass', 'warn', 'newWarnings'],
    ['warn', 'warn', undefined],
    ['pass', 'error', 'newErrors'],
    ['fail', 'error', 'newErrors'],
    ['pass', 'skip', 'noLongerJudged'],
    ['fail', undefined, 'noLongerJudged'],
    ['pass', 'pass', undefined],
    ['warn', 'pass', 'warningsResolved'],
    ['error', 'pass', 'newlyJudged'],
    ['skip', 'pass', 'newlyJudged'],
    [undefined, 'pass', 'newlyJudged'],
    ['error', 'warn', 'newWarnings'],
    ['error', 'skip', undefined],
    // where the baseline did not reach it (it stopped, or --bail skipped it): unknown before
    ['error', 'fail', 'failingNotReached', true],
    [undefined, 'fail', 'failingNotReached', true],
    ['skip', 'fail', 'failingNotReached', true],
    ['fail', 'fail', 'stillFailing', true],
    ['error', 'pass', 'newlyJudged', true],
    ['error', 'warn', 'newlyJudged', true],
    [undefined, 'warn', 'newlyJudged', true],
    ['pass', 'warn', 'newWarnings', true],
  ] as const)('%s → %s is %s (not reached: %s)', (before, after, category, notReached?: boolean) => {
    expect(categorize(before, after, notReached)).toBe(category);
  });
});

describe('diffReports', () => {
  const baseline = runWith({
    'CAP-A': { strict: 'pass', lenient: 'pass' },
    'CAP-B': { strict: 'fail', lenient: 'pass' },
    'CAP-C': { strict: 'fail' },
    'CAP-D': { strict: 'pass' },
  });
  const current = runWith({
    'CAP-A': { strict: 'fail', lenient: 'pass' },
    'CAP-B': { strict: 'fail', lenient: 'fail' },
    'CAP-C': { strict: 'pass' },
    'CAP-D': { strict: 'warn' },
  });
  const diff = diffReports(baseline, current);

  it('finds newly failing requirements per principal, also where another principal already failed', () => {
    expect(diff.categories.newlyFailing.map((r) => [r.id, r.principals.map((p) => p.principal)])).toEqual([
      ['CAP-A', ['strict']],
      ['CAP-B', ['lenient']],
    ]);
    expect(diff.categories.newlyFailing[0]!.principals[0]!.evidence).toMatchObject({
      expected: 'a 4xx',
      actual: '200',
    });
  });

  it('finds fixed, still failing and new warnings', () => {
    expect(diff.categories.fixed.map((r) => r.id)).toEqual(['CAP-C']);
    expect(diff.categories.stillFailing.map((r) => [r.id, r.principals.map((p) => p.principal)])).toEqual([
      ['CAP-B', ['strict']],
    ]);
    expect(diff.categories.newWarnings.map((r) => r.id)).toEqual(['CAP-D']);
  });

  it('gates on new failures, any failure, or nothing', () => {
    expect(diffExitCode(diff, 'new')).toBe(1);
    expect(diffExitCode(diff, 'none')).toBe(0);
    const noNew = diffReports(current, current);
    expect(diffExitCode(noNew, 'new')).toBe(0);
    expect(diffExitCode(noNew, 'any')).toBe(1);
  });

  it('notes when the runs are not comparable', () => {
    const other = runWith(
      { 'CAP-A': { strict: 'pass' } },
      { seed: 2, profile: { name: 'x', environment: 'staging', source: 'x' } },
    );
    expect(diffReports(baseline, other).notes).toEqual([
      'the runs used different profiles (canary → x)',
      'the seeds differ (1 → 2): generated inputs differ',
    ]);
  });

  it('renders text and Markdown with each category and the evidence', () => {
    const text = renderDiffText(diff);
    expect(text).toContain('Newly failing (2)\n  CAP-A [MUST] Rule CAP-A\n');
    expect(text).toContain('    @strict pass → fail — suite.cap-a: expected a 4xx; actual 200\n');
    expect(text).toContain('Fixed (1)');
    expect(text).toContain('New warnings (drift) (1)');
    expect(text).toMatch(
      /2 newly failing, 1 fixed, 1 still failing, 0 failing not reached by the incomplete baseline, 0 failing not in the baseline's catalogue, 1 new warnings, 0 warnings resolved, 0 new errors/,
    );
    const md = renderDiffMarkdown(diff);
    expect(md).toMatch(/^## Conformance baseline diff: ❌ new failures/);
    expect(md).toContain(
      "| newly failing | fixed | still failing | failing not reached by the incomplete baseline | failing not in the baseline's catalogue | new warnings | warnings resolved | new errors | no longer judged | newly judged |",
    );
    expect(md).toContain('| 2 | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 0 | 0 |');
  });
});

describe("a target's text in the evidence", () => {
  it('is shown on one line with its control characters as escapes (no terminal escape reaches the log)', () => {
    const baseline = runWith({ 'CAP-A': { strict: 'pass' } });
    const current = runWith({ 'CAP-A': { strict: 'fail' } });
    const check = current.requirements[0]!.checks[0]!;
    (check as { actual?: string }).actual = '400 text/plain: \u001b[2J\u001b]0;pwned\u0007bad\u0085x\u2028y';
    const text = renderDiffText(diffReports(baseline, current));
    expect(text).toContain('actual 400 text/plain: \\u001b[2J\\u001b]0;pwned\\u0007bad x y');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character but LF may be printed
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
  });
});

describe('the runs compared', () => {
  it('are named by how each ended, as its summary says, not by its worst requirement verdict', () => {
    const baseline = {
      ...runWith({ 'CAP-A': { strict: 'fail' } }),
      verdict: 'fail' as const,
      exitCode: 1 as const,
    };
    const current = {
      ...runWith({ 'CAP-A': { strict: 'warn' } }),
      verdict: 'warn' as const,
      exitCode: 0 as const,
    };
    const text = renderDiffText(diffReports(baseline, current));
    expect(text).toMatch(/^baseline: profile .*: NON-CONFORMANT$/m);
    expect(text).toMatch(/^current: {2}profile .*: CONFORMANT$/m);
  });
});

describe('requirements no longer judged', () => {
  it("show why the current run skipped them, not the baseline's passing check", () => {
    const baseline = runWith({ 'CAP-A': { strict: 'pass' }, 'CAP-B': { strict: 'pass' } });
    const current = runWith({ 'CAP-A': { strict: 'skip' } });
    // a skipped check carries its reason as its message, with no expected or actual
    const { expected: _e, actual: _a, ...skip } = current.requirements[0]!.checks[0]!;
    const reason = 'alice has -1 points in program 469, below 1.001';
    const withReason = {
      ...current,
      requirements: [{ ...current.requirements[0]!, checks: [{ ...skip, message: reason }] }],
    };
    const diff = diffReports(baseline, withReason);
    const [a, b] = diff.categories.noLongerJudged;
    expect(a!.principals[0]!.evidence).toEqual({ checkId: 'suite.cap-a', message: reason });
    expect(renderDiffText(diff)).toContain(`    @strict pass → skip — suite.cap-a: ${reason}\n`);
    expect(renderDiffMarkdown(diff)).toContain(`| strict pass → skip | suite.cap-a: ${reason} |`);
    // absent from the current run (an unfiltered run of a later catalogue): said so, not the
    // baseline's passing check
    expect(b!.principals[0]!.evidence).toEqual({
      checkId: 'suite.cap-b',
      message: "not in the current run's catalogue (suite 0.1.0): not a verdict about the target",
    });
  });
});

describe('configuration changes', () => {
  const strict = {
    negativeBalanceOnReturn: 'off' as const,
    defaultProgramId: 469,
    programs: [
      { id: 469, roundDecimals: 2 },
      { id: 973, roundDecimals: 3 },
    ],
    dualEligibility: { enabled: true, primaryIdentifier: 'mobile' },
  };
  const fixtures = {
    customers: ['customer-1001', 'customer-1005'],
    roles: { deductible: 'customer-1001', drainable: 'customer-1005' },
    bills: ['billWithLineItems', 'billWhole'],
    promotion: true,
    pointsAward: true,
    credentials: { auth: 'basic' as const, alternateAuth: 'oauth' as const },
  };
  const manifest = (over: Partial<RunResult['manifest']> = {}): Partial<RunResult['manifest']> => ({
    apiErrorStatus: 'any-4xx',
    orgConfig: { strict },
    fabric: { memberInquiry: { declared: 'auto', present: true } },
    fixtures: { orgs: { strict: fixtures }, fabric: { member: true } },
    ...over,
  });
  const verdicts = { 'CAP-NPA-8907': { strict: 'pass' as Verdict } };

  it('notes a negativeBalanceOnReturn that changed, in text, Markdown and JSON', () => {
    const baseline = runWith(verdicts, manifest());
    const current = runWith(
      { 'CAP-NPA-8907': { strict: 'skip' } },
      manifest({ orgConfig: { strict: { ...strict, negativeBalanceOnReturn: 'on' } } }),
    );
    const diff = diffReports(baseline, current);
    expect(diff.configChanges).toEqual([
      {
        scope: 'org strict',
        setting: 'negativeBalanceOnReturn',
        before: 'off',
        after: 'on',
        text: 'org strict: negativeBalanceOnReturn off → on',
      },
    ]);
    const text = renderDiffText(diff);
    expect(text).toContain('\nconfig: org strict: negativeBalanceOnReturn off → on\n');
    // Beside the notes, before the categories (the rule now skipped is explained by it).
    expect(text.indexOf('config: ')).toBeLessThan(text.indexOf('No longer judged'));
    expect(renderDiffMarkdown(diff)).toContain('\n- org strict: negativeBalanceOnReturn off → on\n');
    expect(JSON.parse(JSON.stringify(diff)).configChanges[0].text).toBe(
      'org strict: negativeBalanceOnReturn off → on',
    );
  });

  it('notes every other configuration difference', () => {
    const baseline = runWith(verdicts, {
      ...manifest(),
      orgs: ['strict', 'gone'],
    });
    const current = runWith(verdicts, {
      ...manifest({
        apiErrorStatus: [400, 422],
        orgConfig: {
          strict: {
            ...strict,
            defaultProgramId: 973,
            programs: [{ id: 469, roundDecimals: 2 }, { id: 973 }, { id: 111, roundDecimals: 0 }],
            dualEligibility: { enabled: false },
          },
          added: strict,
        },
        fabric: { memberInquiry: { declared: 'auto', present: false } },
        fixtures: {
          orgs: {
            strict: {
              ...fixtures,
              customers: ['customer-1001', 'customer-1009'],
              roles: { deductible: 'customer-1001' },
              bills: ['billWithLineItems'],
              pointsAward: false,
              credentials: { auth: 'oauth-token' },
            },
          },
          fabric: { member: true },
        },
      }),
      orgs: ['strict', 'added'],
      profile: { name: 'canary', environment: 'production', source: 'canary.yaml' },
    });
    expect(diffReports(baseline, current).configChanges.map((c) => c.text)).toEqual([
      'profile: environment staging → production',
      'profile: apiErrorStatus any-4xx → [400, 422]',
      'org added: added',
      'org gone: removed',
      'org strict: defaultProgramId 469 → 973',
      'org strict: program 973 roundDecimals 3 → unknown',
      'org strict: program 111 roundDecimals absent → 0',
      'org strict: dualEligibility on (primary mobile) → off',
      'org strict: fixtures.customers +customer-1009, -customer-1005',
      'org strict: fixtures.bills -billWhole',
      'org strict: roles.drainable customer-1005 → (none)',
      'org strict: pointsAward declared → absent',
      'org strict: auth basic → oauth-token',
      'org strict: alternateAuth oauth → (none)',
      'fabric: member inquiry present → absent',
    ]);
  });

  it('notes nothing between identical configurations, and says when one report records none', () => {
    const run = runWith(verdicts, manifest());
    expect(diffReports(run, run).configChanges).toEqual([]);
    const old = runWith(verdicts);
    const diff = diffReports(old, run);
    expect(diff.configChanges).toEqual([]);
    expect(diff.notes).toContain(
      'the baseline report records no configuration (an earlier version): only its orgs and environment are compared',
    );
  });
});

describe('what a nightly job reads when the runs differ in conditions', () => {
  it('names the filters of each run, and says a requirement the current run did not select is no verdict', () => {
    const baseline = runWith({ 'CAP-A': { strict: 'pass' }, 'CAP-B': { strict: 'pass' } });
    // a filtered run lists every requirement; those it did not select have no check
    const current = runWith(
      { 'CAP-A': { strict: 'pass' }, 'CAP-B': {} },
      { filters: { requirements: ['CAP-A'], tags: ['smoke'] } },
    );
    const diff = diffReports(baseline, current);
    expect(diff.notes).toEqual([
      'the runs used different filters (none → --tag smoke --requirement CAP-A): a requirement one of them did not select is not a verdict about the target',
    ]);
    expect(diff.categories.noLongerJudged[0]!.principals[0]!.evidence).toEqual({
      checkId: 'suite.cap-b',
      message:
        'not selected by the current run (filters --tag smoke --requirement CAP-A): not a verdict about the target',
    });
    const sharded = diffReports(baseline, {
      ...current,
      manifest: { ...current.manifest, filters: {}, shard: { index: 1, total: 2 } },
    });
    expect(sharded.categories.noLongerJudged[0]!.principals[0]!.evidence?.message).toBe(
      'not selected by the current run (shard 1/2): not a verdict about the target',
    );
  });

  it('lists what passes now and was not judged before (an error, a skip, a new requirement) as newly judged', () => {
    const baseline = runWith({ 'CAP-A': { strict: 'error', lenient: 'skip' }, 'CAP-B': { strict: 'pass' } });
    const current = runWith({
      'CAP-A': { strict: 'pass', lenient: 'pass' },
      'CAP-B': { strict: 'pass' },
      'CAP-NEW': { strict: 'pass' },
    });
    const diff = diffReports(baseline, current);
    expect(diff.categories.newlyJudged.map((r) => [r.id, r.principals.map(arrowOf)])).toEqual([
      ['CAP-A', ['strict error → pass', 'lenient skip → pass']],
      ['CAP-NEW', ['strict undefined → pass']],
    ]);
    const text = renderDiffText(diff);
    expect(text).toContain(
      'Newly judged (passes now, not judged before) (2)\n  CAP-A [MUST] Rule CAP-A\n    @strict error → pass, @lenient skip → pass\n',
    );
    expect(text).toContain('0 no longer judged, 2 newly judged (requirements)');
    const md = renderDiffMarkdown(diff);
    expect(md).toContain('| 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 |');
    expect(md).toContain('\nNewly judged (pass now): CAP-A, CAP-NEW.\n');
    expect(diffExitCode(diff, 'any')).toBe(0);
  });

  it('notes another target, but not the new port of a loopback provider', () => {
    const at = (capillary: string) => runWith({ 'CAP-A': { strict: 'pass' } }, { targets: { capillary } });
    const vendor = diffReports(at('https://staging.vendor.example'), at('https://prod.vendor.example'));
    expect(vendor.configChanges.map((c) => c.text)).toEqual([
      'profile: target capillary https://staging.vendor.example → https://prod.vendor.example',
    ]);
    expect(diffReports(at('http://127.0.0.1:40001'), at('http://127.0.0.1:40002')).configChanges).toEqual([]);
    expect(diffReports(at('http://[::1]:40001'), at('http://[::1]:40002')).configChanges).toEqual([]);
    expect(diffReports(at('http://127.0.0.2:40001'), at('http://127.0.0.2:40002')).configChanges).toEqual([]);
  });
});

describe('an incomplete baseline (interrupted, or stopped by a silent or rate-limiting target)', () => {
  const stopped = { code: 'LC_ERR_RATE_LIMITED', message: 'Rate limited by the target' };
  const baseline = {
    ...runWith({ 'CAP-A': { strict: 'error' }, 'CAP-B': { strict: 'pass' } }),
    stopped,
  };
  const current = runWith({
    'CAP-A': { strict: 'fail' },
    'CAP-B': { strict: 'fail' },
    'CAP-C': { strict: 'fail' },
  });
  const diff = diffReports(baseline, current);

  it('lists a failure it did not reach (an error or absent there) apart from the new ones', () => {
    expect(diff.categories.failingNotReached.map((r) => [r.id, r.principals.map(arrowOf)])).toEqual([
      ['CAP-A', ['strict error → fail']],
      ['CAP-C', ['strict undefined → fail']],
    ]);
    // what it reached and passed is a regression all the same
    expect(diff.categories.newlyFailing.map((r) => r.id)).toEqual(['CAP-B']);
  });

  it('does not trip --fail-on new on them alone; --fail-on any does', () => {
    const notReached = diffReports(
      baseline,
      runWith({ 'CAP-A': { strict: 'fail' }, 'CAP-B': { strict: 'pass' } }),
    );
    expect(diffExitCode(notReached, 'new')).toBe(0);
    expect(diffExitCode(notReached, 'any')).toBe(1);
    expect(diffExitCode(notReached, 'none')).toBe(0);
  });

  it('shows them in text and Markdown with the evidence, under their own headline', () => {
    const text = renderDiffText(diff);
    expect(text).toContain(
      'Failing, not reached by the incomplete baseline (2)\n  CAP-A [MUST] Rule CAP-A\n',
    );
    expect(text).toContain('    @strict error → fail — suite.cap-a: expected a 4xx; actual 200\n');
    expect(text).toContain(
      'note: the baseline run is incomplete (LC_ERR_RATE_LIMITED: Rate limited by the target): what it did not judge shows as newly judged if it passes or warns now, or as failing, not reached by the incomplete baseline if it fails now',
    );
    const onlyNotReached = renderDiffMarkdown(
      diffReports(baseline, runWith({ 'CAP-A': { strict: 'fail' }, 'CAP-B': { strict: 'pass' } })),
    );
    expect(onlyNotReached).toMatch(
      /^## Conformance baseline diff: ⚠️ no new failures among what the incomplete baseline reached\n/,
    );
    expect(onlyNotReached).toContain('### Failing, not reached by the incomplete baseline\n');
    expect(onlyNotReached).toContain(
      '| **CAP-A** Rule CAP-A | strict error → fail | suite.cap-a: expected a 4xx; actual 200 |',
    );
  });

  it('a complete baseline with an error keeps the failure newly failing', () => {
    const complete = diffReports({ ...baseline, stopped: undefined }, current);
    expect(complete.categories.newlyFailing.map((r) => r.id)).toEqual(['CAP-A', 'CAP-B']);
    expect(complete.categories.failingNotReached).toEqual([]);
    // CAP-C is not in that baseline at all: a rule of a newer suite (see below)
    expect(complete.categories.failingNewRequirement.map((r) => r.id)).toEqual(['CAP-C']);
  });
});

describe('a baseline run with --bail', () => {
  it('lists a failure it did not run (skipped by --bail) as not reached, not as newly failing', () => {
    const bailed = runWith({
      'CAP-A': { strict: 'fail' },
      'CAP-B': { strict: 'skip' },
      'CAP-C': { strict: 'skip' },
    });
    const baseline: RunResult = {
      ...bailed,
      requirements: bailed.requirements.map((r) =>
        r.id === 'CAP-B'
          ? {
              ...r,
              checks: r.checks.map((c) => ({ ...c, message: 'not run: --bail after an earlier failure' })),
            }
          : r,
      ),
    };
    const current = runWith({
      'CAP-A': { strict: 'fail' },
      'CAP-B': { strict: 'fail' },
      'CAP-C': { strict: 'fail' },
    });
    const diff = diffReports(baseline, current);
    expect(diff.categories.failingNotReached.map((r) => r.id)).toEqual(['CAP-B']);
    // a skip for the profile's sake (a fixture it lacked) is no "not reached"
    expect(diff.categories.newlyFailing.map((r) => r.id)).toEqual(['CAP-C']);
    expect(diff.notes).toContain(
      'the baseline run stopped at its first failure (--bail): what it did not run shows as newly judged if it passes or warns now, or as failing, not reached by the incomplete baseline if it fails now',
    );
  });
});

describe('warnings resolved (warn → pass)', () => {
  const diff = diffReports(
    runWith({ 'CAP-A': { strict: 'warn', lenient: 'pass' } }),
    runWith({ 'CAP-A': { strict: 'pass', lenient: 'pass' } }),
  );

  it('are listed with the warning they had, in text, Markdown and JSON', () => {
    expect(diff.categories.warningsResolved.map((r) => [r.id, r.principals.map(arrowOf)])).toEqual([
      ['CAP-A', ['strict warn → pass']],
    ]);
    expect(diff.categories.warningsResolved[0]!.principals[0]!.evidence?.message).toBe('warn for strict');
    expect(renderDiffText(diff)).toContain(
      'Warnings resolved (pass now) (1)\n  CAP-A [MUST] Rule CAP-A\n    document: ',
    );
    expect(renderDiffText(diff)).toContain(
      '    @strict warn → pass — suite.cap-a: expected a 4xx; actual a 4xx\n',
    );
    const md = renderDiffMarkdown(diff);
    expect(md).toContain('### Warnings resolved (pass now)\n');
    expect(md).toContain('| **CAP-A** Rule CAP-A | strict warn → pass |');
    expect(JSON.parse(JSON.stringify(diff)).categories.warningsResolved[0].id).toBe('CAP-A');
    expect(diffExitCode(diff, 'any')).toBe(0);
  });
});

describe('diffExitCode with a current run that could not be judged', () => {
  it('is 2 under new and any for an incomplete run or a requirement in error, 1 when the policy trips, 0 under none', () => {
    const judged = runWith({ 'CAP-A': { strict: 'pass' } });
    const incomplete = {
      ...judged,
      stopped: { code: 'LC_ERR_RUN_INTERRUPTED', message: 'interrupted by SIGINT' },
    };
    expect(diffExitCode(diffReports(judged, incomplete), 'new')).toBe(2);
    expect(diffExitCode(diffReports(judged, incomplete), 'any')).toBe(2);
    expect(diffExitCode(diffReports(judged, incomplete), 'none')).toBe(0);
    const inError = runWith({ 'CAP-A': { strict: 'pass' }, 'CAP-B': { strict: 'error' } });
    expect(diffExitCode(diffReports(judged, inError), 'new')).toBe(2);
    const failing = { ...runWith({ 'CAP-A': { strict: 'fail' } }), stopped: incomplete.stopped };
    expect(diffExitCode(diffReports(judged, failing), 'new')).toBe(1);
    expect(diffExitCode(diffReports(judged, judged), 'new')).toBe(0);
  });
});

const arrowOf = (p: { principal: string; before: Verdict | undefined; after: Verdict | undefined }) =>
  `${p.principal} ${String(p.before)} → ${String(p.after)}`;

describe('a target URL with user-info', () => {
  it('is shown without it in a target change', () => {
    const at = (capillary: string) => runWith({ 'CAP-A': { strict: 'pass' } }, { targets: { capillary } });
    const diff = diffReports(at('https://u:s3cret@a.example/v2'), at('https://u:s3cret@b.example/v2'));
    expect(diff.configChanges.map((c) => c.text)).toEqual([
      'profile: target capillary https://a.example/v2 → https://b.example/v2',
    ]);
  });
});

describe('a newer suite: a requirement the baseline report does not have at all', () => {
  // Night 1 ran suite 0.0.9, without CAP-NEW; night 2 runs a newer suite, whose CAP-NEW fails.
  const older = runWith(
    { 'CAP-A': { strict: 'pass' } },
    { tool: { name: 'loyalty-conformance', version: '0.0.9' } },
  );
  const newer = runWith({ 'CAP-A': { strict: 'pass' }, 'CAP-NEW': { strict: 'fail', lenient: 'pass' } });
  const diff = diffReports(older, newer);

  it('is failing, not in the baseline catalogue, never newly failing: --fail-on new does not trip, any does', () => {
    expect(categorize(undefined, 'fail', false, true)).toBe('failingNewRequirement');
    expect(categorize('pass', 'fail', false, false)).toBe('newlyFailing');
    expect(diff.categories.newlyFailing).toEqual([]);
    expect(diff.categories.failingNewRequirement.map((r) => [r.id, r.principals.map(arrowOf)])).toEqual([
      ['CAP-NEW', ['strict undefined → fail']],
    ]);
    expect(diff.categories.newlyJudged.map((r) => r.id)).toEqual(['CAP-NEW']);
    expect(diffExitCode(diff, 'new')).toBe(0);
    expect(diffExitCode(diff, 'any')).toBe(1);
    expect(diff.notes).toContain(`suite version 0.0.9 → ${newer.manifest.tool.version}`);
  });

  it('is listed with its evidence under its own headline', () => {
    expect(renderDiffText(diff)).toContain(
      "Failing, not in the baseline's catalogue (new in this suite version) (1)\n  CAP-NEW [MUST] Rule CAP-NEW\n",
    );
    const md = renderDiffMarkdown(diff);
    expect(md).toMatch(
      /^## Conformance baseline diff: ⚠️ no new failures among the requirements the baseline's suite had\n/,
    );
    expect(md).toContain(
      '| **CAP-NEW** Rule CAP-NEW | strict — → fail | suite.cap-new: expected a 4xx; actual 200 |',
    );
  });
});

describe('a requirement not judged on either night (the known leftover: exit 2 every night)', () => {
  const night = runWith({ 'CAP-A': { strict: 'pass' }, 'CAP-OAUTH': { strict: 'error', lenient: 'pass' } });

  it('does not make --fail-on new exit 2 again when a complete baseline could not judge it either; any does', () => {
    const diff = diffReports(night, night);
    expect(diff.stillNotJudged).toEqual(['CAP-OAUTH']);
    expect(diffExitCode(diff, 'new')).toBe(0);
    expect(diffExitCode(diff, 'any')).toBe(2);
    expect(diff.notes).toContain(
      '1 requirement could not be judged in either run (CAP-OAUTH): nothing new, so --fail-on new does not count it (--fail-on any does); the reports say why',
    );
  });

  it('still exits 2 when it newly could not be judged, for another principal too, or after an incomplete baseline', () => {
    const judged = runWith({ 'CAP-A': { strict: 'pass' }, 'CAP-OAUTH': { strict: 'pass', lenient: 'pass' } });
    expect(diffExitCode(diffReports(judged, night), 'new')).toBe(2);
    const both = runWith({ 'CAP-A': { strict: 'pass' }, 'CAP-OAUTH': { strict: 'error', lenient: 'error' } });
    const other = diffReports(night, both);
    expect(other.stillNotJudged).toEqual([]);
    expect(diffExitCode(other, 'new')).toBe(2);
    const stopped = {
      ...night,
      stopped: { code: 'LC_ERR_RATE_LIMITED', message: 'Rate limited by the target' },
    };
    expect(diffExitCode(diffReports(stopped, night), 'new')).toBe(2);
    const twoNew = runWith({
      'CAP-A': { strict: 'error' },
      'CAP-OAUTH': { strict: 'error', lenient: 'pass' },
    });
    expect(diffNotJudgedLine(diffReports(night, twoNew), 'new')).toBe(
      'NOT JUDGED: 1 requirement could not be judged (error) in the current report (and 1 more not judged in the baseline either, not counted): --fail-on new cannot vouch for it',
    );
  });
});

describe('universal checks in an incomplete run (they judge only the exchanges the run made)', () => {
  const stopped = { code: 'LC_ERR_RATE_LIMITED', message: 'Rate limited by the target' };
  /** GEN-NO-5XX judged by its universal check alone, and CAP-A by a scenario. */
  const night = (no5xx: Verdict, capA: Verdict, incomplete = false): RunResult => {
    const run = runWith({ 'GEN-NO-5XX': { fabric: no5xx }, 'CAP-A': { strict: capA } });
    const requirements = run.requirements.map((r) =>
      r.id === 'GEN-NO-5XX'
        ? { ...r, checks: r.checks.map((c) => ({ ...c, checkId: 'universal.no-5xx' })) }
        : r,
    );
    return { ...run, requirements, ...(incomplete ? { stopped } : {}) };
  };

  it('a failure after an incomplete baseline where the check passed on fewer exchanges is not newly failing', () => {
    // night 1 fails GEN-NO-5XX on a late request; night 2 stops before it; night 3 fails it again
    const diff = diffReports(night('pass', 'pass', true), night('fail', 'fail'));
    expect(diff.categories.newlyFailing.map((r) => r.id)).toEqual(['CAP-A']);
    expect(diff.categories.failingNotReached.map((r) => r.id)).toEqual(['GEN-NO-5XX']);
    // a complete baseline's pass stays a regression
    expect(
      diffReports(night('pass', 'pass'), night('fail', 'pass')).categories.newlyFailing.map((r) => r.id),
    ).toEqual(['GEN-NO-5XX']);
  });

  it('an incomplete current run does not call its failure or warning fixed or resolved', () => {
    const diff = diffReports(night('fail', 'fail'), night('pass', 'pass', true));
    expect(diff.categories.fixed.map((r) => r.id)).toEqual(['CAP-A']);
    const warned = diffReports(night('warn', 'pass'), night('pass', 'pass', true));
    expect(warned.categories.warningsResolved).toEqual([]);
    expect(
      diffReports(night('warn', 'pass'), night('pass', 'pass')).categories.warningsResolved,
    ).toHaveLength(1);
  });
});
