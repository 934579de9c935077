import { describe, expect, it } from 'vitest';
import { consoleMode, consoleReporter, formatConsoleSummary, visible } from '../../reporters/console.ts';
import type { RunResult, ScenarioResult } from '../../src/engine/types.ts';
import { leakyRun, reporterOptions, tempDir } from './support.ts';

const ESC = '\u001b';

const scenario = (id: string, verdict: ScenarioResult['verdict']): ScenarioResult => ({
  scenarioId: id,
  title: id,
  principal: 'strict',
  verdict,
  durationMs: 5,
});

/** Feeds a reporter the events of a small run: three scenarios (one failing), then the end. */
async function play(options: ReturnType<typeof reporterOptions>): Promise<string> {
  const reporter = consoleReporter(options);
  reporter.onRunStart?.({ scenarioCount: 3, manifest: {} });
  for (const [id, verdict] of [
    ['balance.totals', 'pass'],
    ['negative-balance.over-balance-8907', 'fail'],
    ['fabric.pending', 'pass'],
  ] as const) {
    reporter.onScenarioStart?.({ scenarioId: id, principal: 'strict' });
    reporter.onScenarioEnd?.(scenario(id, verdict));
  }
  await reporter.onRunEnd?.(leakyRun());
  return options.lines.join('');
}

describe('consoleMode', () => {
  it.each([
    [true, {}, { interactive: true, color: true }],
    [true, { CI: 'true' }, { interactive: false, color: true }],
    [true, { NO_COLOR: '1' }, { interactive: true, color: false }],
    [true, { NO_COLOR: '' }, { interactive: true, color: true }],
    [false, {}, { interactive: false, color: false }],
    [undefined, { FORCE_COLOR: '1' }, { interactive: false, color: false }],
  ])('on a TTY %s with %j: %j', (isTTY, env, mode) => {
    expect(consoleMode(isTTY, env)).toEqual(mode);
  });
});

describe('console reporter', () => {
  it('prints one plain line per scenario run when not interactive, without escape codes', async () => {
    const out = await play(reporterOptions(tempDir()));
    expect(out).not.toContain(ESC);
    expect(out).toContain('running 3 scenario runs\n');
    expect(out).toContain('PASS [1/3] balance.totals @strict (5 ms)\n');
    expect(out).toContain('FAIL [2/3] negative-balance.over-balance-8907 @strict (5 ms)\n');
  });

  it('rewrites one progress line on a terminal and prints only failing scenarios above it', async () => {
    const out = await play(reporterOptions(tempDir(), [], { interactive: true, color: false }));
    expect(out).toContain('\r\u001b[2K[1/3]');
    expect(out).not.toContain('PASS [1/3]');
    expect(out).toContain('FAIL [2/3] negative-balance.over-balance-8907');
    // The summary starts on a cleared line; no colour codes without colour.
    const summary = out.slice(out.indexOf('\nRequirements'));
    expect(summary).not.toContain(ESC);
  });

  it('colours verdicts only when colour is on (NO_COLOR off)', async () => {
    const coloured = await play(reporterOptions(tempDir(), [], { interactive: false, color: true }));
    expect(coloured).toContain(`${ESC}[31mFAIL${ESC}[39m`);
  });

  it('summarises by requirement (failures first, with document, expected and actual) and by endpoint', () => {
    const text = formatConsoleSummary(leakyRun());
    const marks = [...text.matchAll(/^(FAIL|ERR |WARN) (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(marks).toEqual(['FAIL CAP-NPA-8907', 'ERR  CAP-NPA-8015', 'WARN GEN-UNDOCUMENTED-FIELDS']);
    expect(text).toContain(
      '     document: Capillary docs: Deduct points from user — API Error Codes (https://docs.capillarytech.com/reference/deduct-points-from-user)\n',
    );
    expect(text).toContain('       expected: a 4xx with error code 8907\n');
    expect(text).toMatch(/ {7}actual: {3}200 \{"echo":/);
    expect(text).toContain('By endpoint (failures first)\n  negativePointsAdjustment');
    expect(text).toMatch(
      /NON-CONFORMANT: 1 passed, 1 failed, 1 warned, 1 errors, 2 skipped of 6 requirements/,
    );
  });

  it("says why a warning only warns, from the check's own reason, once for checks that repeat it", () => {
    const run = leakyRun();
    expect(formatConsoleSummary(run)).not.toContain('why warn');
    const note = 'the documents do not say how concurrent requests may be refused';
    const requirements = run.requirements.map((r) =>
      r.id === 'GEN-UNDOCUMENTED-FIELDS'
        ? {
            ...r,
            checks: ['strict', 'lenient'].map((principal) => ({
              ...r.checks[0]!,
              principal,
              message: `${note}: expected ${r.checks[0]!.expected}`,
              note,
            })),
          }
        : r,
    );
    const text = formatConsoleSummary({ ...run, requirements });
    expect(text).toContain(`       why warn: ${note}\n`);
    expect(text.split(`why warn: ${note}`)).toHaveLength(2);
  });

  it("names the profile's declaration a failure rests on, and says which failures could be the profile's", () => {
    const run = leakyRun();
    expect(formatConsoleSummary(run)).not.toContain('premise');
    const premise = 'capillary.orgs[strict].config.negativeBalanceOnReturn: off';
    const text = formatConsoleSummary({
      ...run,
      scenarios: run.scenarios.map((s) => ({ ...s, premise })),
    });
    expect(text).toContain(`       expected: a 4xx with error code 8907\n${' '.repeat(7)}actual:`);
    expect(text).toContain(`       premise:  the profile declares ${premise}\n`);
    expect(text).toContain(
      "1 of 1 failed requirement(s) (CAP-NPA-8907) rest on what the profile declares (the premise lines above): if the target's org is set otherwise, the profile is wrong, not the target; confirm those settings with the target's admin before reporting them to the vendor\n",
    );
    // A premise of another principal's run of the scenario is not this failure's.
    const other = formatConsoleSummary({
      ...run,
      scenarios: run.scenarios.map((s) => ({ ...s, principal: 'lenient', premise })),
    });
    expect(other).not.toContain('premise');
  });

  it("gives as a skipped requirement's reason first the one a scenario met while running (a used-up bill)", () => {
    const run = leakyRun();
    const skippedCheck = (checkId: string, message: string) => ({
      requirementId: 'CAP-UPP-MOVE',
      checkId,
      principal: 'strict',
      verdict: 'skip' as const,
      message,
      exchangeIds: [],
    });
    const lacking =
      'the profile declares no bill whose promised points lie in a program other than the default';
    const usedUp =
      'bill billWhole (B-1002-1) was unlocked before this run (unlocking is once only): declare a fresh bill under fixtures.bills.billWhole, or reset the target';
    const requirement = {
      ...run.requirements[5]!,
      id: 'CAP-UPP-MOVE',
      uncoveredReason: undefined,
      checks: [
        skippedCheck('promised-points.second-program', lacking),
        skippedCheck('promised-points.move-once', usedUp),
      ],
    };
    const scenarios = [
      {
        scenarioId: 'promised-points.second-program',
        title: 't',
        principal: 'strict',
        verdict: 'skip' as const,
        durationMs: 0,
        reason: lacking,
      },
      {
        scenarioId: 'promised-points.move-once',
        title: 't',
        principal: 'strict',
        verdict: 'skip' as const,
        durationMs: 108,
        reason: usedUp,
      },
    ];
    const text = formatConsoleSummary({ ...run, requirements: [requirement], scenarios });
    expect(text).toContain(`  CAP-UPP-MOVE: ${usedUp}\n`);
    // Without a scenario that ran, the first skipped check's reason, as before.
    expect(formatConsoleSummary({ ...run, requirements: [requirement], scenarios: [] })).toContain(
      `  CAP-UPP-MOVE: ${lacking}\n`,
    );
    // A run that counts requests: the profile's lack found while the scenario chose its bill took a
    // millisecond but sent nothing; the used-up bill was met by a request (a second run against one
    // target hid it behind the other org's lack).
    const counted = [
      { ...scenarios[0]!, durationMs: 1 },
      { ...scenarios[1]!, durationMs: 9, requests: 2 },
    ];
    expect(formatConsoleSummary({ ...run, requirements: [requirement], scenarios: counted })).toContain(
      `  CAP-UPP-MOVE: ${usedUp}\n`,
    );
  });

  it("lists skipped requirements by their reason (a skipped check's, or why nothing covers it), five reasons at most", () => {
    const run = leakyRun();
    expect(formatConsoleSummary(run)).toContain(
      [
        'Skipped (2)',
        '  CAP-NPA-NEGATIVE-ALLOWED: negative balance is off for this org',
        '  CAP-NPA-NO-RATE-LIMIT: not testable black-box: rate limits',
        '',
      ].join('\n'),
    );
    const seven = Array.from({ length: 7 }, (_, i) => ({
      ...run.requirements[5]!,
      id: `GEN-SKIPPED-${i}`,
      uncoveredReason: `reason ${i}`,
    }));
    const text = formatConsoleSummary({ ...run, requirements: seven });
    expect(text.match(/^ {2}GEN-SKIPPED-\d: reason \d$/gm)).toHaveLength(5);
    expect(text).toContain('Skipped (7)\n');
    expect(text).toContain('  … and 2 more\n');
    expect(text).not.toMatch(/HTML report/);
    // Requirements skipped for one reason share its line (a used-up bill skips a dozen).
    const alike = seven.map((r, i) => ({
      ...r,
      uncoveredReason: i < 6 ? 'bill B-1 was unlocked before this run' : 'other',
    }));
    const grouped = formatConsoleSummary({ ...run, requirements: alike });
    expect(grouped).toContain(
      [
        'Skipped (7)',
        '  GEN-SKIPPED-0, GEN-SKIPPED-1, GEN-SKIPPED-2 and 3 more: bill B-1 was unlocked before this run',
        '  GEN-SKIPPED-6: other',
        '',
      ].join('\n'),
    );
    expect(grouped).not.toContain('… and');
  });

  it('says how many requirements the profile cannot judge and how to learn what to add, only when some', () => {
    const line =
      '2 requirement(s) not judgeable with this profile (run loyalty-conformance plan --profile canary.yaml for what to add)';
    const notJudgeable = [
      { id: 'CAP-NPA-EXACT-BALANCE', principals: ['strict'], add: ['fixtures.roles.drainable'] },
      { id: 'CAP-NPA-1218', principals: ['strict'], add: ['programNotEnrolled on a customer'] },
    ];
    const text = formatConsoleSummary({ ...leakyRun(), notJudgeable });
    expect(text.split('\n')).toContain(line);
    // Before the endpoint table, with the other requirement counts.
    expect(text.indexOf(line)).toBeLessThan(text.indexOf('By endpoint'));
    expect(formatConsoleSummary({ ...leakyRun(), notJudgeable: [] })).not.toContain('not judgeable');
    expect(formatConsoleSummary(leakyRun())).not.toContain('not judgeable');
  });

  it("repeats the run's --env-file in the plan hint, and quotes a path a shell would split, so it can be pasted", () => {
    const notJudgeable = [
      { id: 'CAP-NPA-1218', principals: ['strict'], add: ['programNotEnrolled on a customer'] },
    ];
    const run = leakyRun();
    const withEnv = (source: string, envFile: string): RunResult => ({
      ...run,
      notJudgeable,
      manifest: { ...run.manifest, profile: { ...run.manifest.profile, source, envFile } },
    });
    expect(formatConsoleSummary(withEnv('canary.yaml', '.env.staging'))).toContain(
      '(run loyalty-conformance plan --profile canary.yaml --env-file .env.staging for what to add)',
    );
    expect(formatConsoleSummary(withEnv('my profiles/canary.yaml', "it's.env"))).toContain(
      "(run loyalty-conformance plan --profile 'my profiles/canary.yaml' --env-file 'it'\\''s.env' for what to add)",
    );
  });

  it('shows control characters of a target answer as escapes, so they cannot drive the terminal', () => {
    expect(visible(`a${ESC}[2Jb\u0000c\u009bd`)).toBe('a\\u001b[2Jb\\u0000c\\u009bd');
    expect(visible('a\u202eb\u2067c')).toBe('a\\u202eb\\u2067c');
    const summary = formatConsoleSummary(leakyRun());
    expect(summary).not.toContain('\u0000');
    expect(summary).not.toContain(ESC);
  });
});
