import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runExitCode } from '../../src/cli/run-command.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { diffReports } from '../../src/report/diff.ts';
import { FAULTY_NPA, leakyRun, tempDir } from '../reporters/support.ts';
import { runCli, runCliAgainst } from './capture.ts';

interface Report {
  requirements: { id: string; verdict: string }[];
}
const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Report;
const failing = (report: Report) => report.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id);

let dir: string;
let faultyJson: string;
let referenceJson: string;
/** What `run --baseline faulty.json --fail-on new` against the reference provider gave. */
let referenceRun: Awaited<ReturnType<typeof runCli>>;

/** `run` against a fresh faulty provider, JSON report only. */
const runFaulty = (out: string, extra: string[] = []) =>
  runCliAgainst({ handlers: FAULTY_NPA }, ['--reporter', 'json', '--out', out, ...extra]);

beforeAll(async () => {
  dir = tempDir('lc-diff-');
  const faulty = await runFaulty(join(dir, 'faulty'));
  expect(faulty.code).toBe(1);
  faultyJson = join(dir, 'faulty', 'conformance.json');
  // The reference run doubles as the `run --baseline` case: everything the faulty provider broke is fixed.
  referenceRun = await runCli([
    'run',
    '--reporter',
    'json',
    '--out',
    join(dir, 'reference'),
    '--baseline',
    faultyJson,
    '--fail-on',
    'new',
  ]);
  referenceJson = join(dir, 'reference', 'conformance.json');
});

describe('loyalty-conformance diff', () => {
  it('lists the faulty provider failures as newly failing against a reference baseline, exit 1', async () => {
    const broken = failing(read(faultyJson));
    expect(broken.length).toBeGreaterThan(5);
    const { code, stdout, stderr } = await runCli(['diff', referenceJson, faultyJson]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toContain(`Newly failing (${broken.length})`);
    const section = stdout.slice(
      stdout.indexOf('Newly failing'),
      stdout.indexOf('\n\n', stdout.indexOf('Newly failing')),
    );
    for (const id of broken) expect(section).toContain(`  ${id} [`);
    expect(section).toMatch(
      /@strict pass → fail — negative-balance\.over-balance-8907: expected a 4xx with error code 8907; actual 200/,
    );
    expect(stdout).not.toContain('Fixed (');
  });

  it('lists them as fixed the other way round, exit 0', async () => {
    const broken = failing(read(faultyJson));
    const { code, stdout } = await runCli(['diff', faultyJson, referenceJson]);
    expect(code).toBe(0);
    expect(stdout).toContain(`Fixed (${broken.length})`);
    expect(stdout).not.toContain('Newly failing');
    expect(stdout).toMatch(new RegExp(`0 newly failing, ${broken.length} fixed, 0 still failing`));
  });

  it('follows --fail-on: none never fails, any fails on old failures too, new only on new ones', async () => {
    expect((await runCli(['diff', referenceJson, faultyJson, '--fail-on', 'none'])).code).toBe(0);
    expect((await runCli(['diff', faultyJson, faultyJson, '--fail-on', 'new'])).code).toBe(0);
    const any = await runCli(['diff', faultyJson, faultyJson, '--fail-on', 'any']);
    expect(any.code).toBe(1);
    expect(any.stdout).toContain('Still failing (');
  });

  it('writes Markdown or JSON to a file with --format and --out', async () => {
    const md = join(dir, 'out', 'diff.md');
    const { code, stdout } = await runCli(['diff', referenceJson, faultyJson, '--format', 'md', '--out', md]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\d+ newly failing, 0 fixed, .*; wrote /);
    expect(readFileSync(md, 'utf8')).toMatch(/^## Conformance baseline diff: ❌ new failures/);
    const json = await runCli(['diff', referenceJson, faultyJson, '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { categories: { newlyFailing: unknown[] }; exitCode: number };
    expect(parsed.categories.newlyFailing).toHaveLength(failing(read(faultyJson)).length);
    expect(parsed.exitCode).toBe(1);
  });

  it.each([
    [
      'a missing file',
      () => join(dir, 'nope.json'),
      /LC_ERR_REPORT_INVALID: Report .*nope\.json is invalid: cannot be read \(no such file\)\n/,
    ],
    ['a file that is not JSON', () => write('junk.json', '<testsuites/>'), /not JSON/],
    ['a JSON file that is not a report', () => write('other.json', '{"name":"x"}'), /no reportVersion/],
    [
      'a report that breaks the schema',
      () => {
        const report = JSON.parse(readFileSync(faultyJson, 'utf8')) as { manifest: { seed: unknown } };
        report.manifest.seed = 'forty-two';
        return write('bad.json', JSON.stringify(report));
      },
      /\/manifest\/seed must be integer/,
    ],
  ])('exits 2 with one line on %s', async (_what, path, message) => {
    const { code, stderr, stdout } = await runCli(['diff', path(), referenceJson]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it('exits 2 on an unknown --fail-on policy', async () => {
    const { code, stderr } = await runCli(['diff', referenceJson, faultyJson, '--fail-on', 'sometimes']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--fail-on must be one of new, any, none/);
  });
});

const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loyalty-conformance run --baseline', () => {
  it('prints the diff, writes baseline-diff.md and exits 0 when nothing newly fails', () => {
    expect(referenceRun.code).toBe(0);
    expect(referenceRun.stdout).toContain(`Baseline diff (${faultyJson})`);
    expect(referenceRun.stdout).toMatch(/Fixed \(\d+\)/);
    expect(readFileSync(join(dir, 'reference', 'baseline-diff.md'), 'utf8')).toContain('### Fixed');
    expect(referenceRun.stdout).toContain(`wrote ${join(dir, 'reference', 'baseline-diff.md')}\n`);
  });

  it('exits 1 with --fail-on new when the target newly fails', async () => {
    const { code, stdout } = await runFaulty(join(dir, 'faulty-2'), [
      '--baseline',
      referenceJson,
      '--fail-on',
      'new',
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/Newly failing \(\d+\)/);
    expect(existsSync(join(dir, 'faulty-2', 'baseline-diff.md'))).toBe(true);
  });

  it('exits 2 before running when the baseline is not a valid report', async () => {
    const { code, stdout, stderr } = await runCli([
      'run',
      '--baseline',
      write('empty.json', '{}'),
      '--out',
      dir,
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^loyalty-conformance: LC_ERR_REPORT_INVALID: Report .*empty\.json is invalid: no reportVersion/,
    );
    // Before running: no scenario's line and no report's (told by output, not by a clock).
    expect(stdout).toBe('');
  });

  it('exits 2 on --fail-on without --baseline', async () => {
    const { code, stderr } = await runCli(['run', '--fail-on', 'new']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--fail-on needs --baseline/);
  });
});

describe('runExitCode', () => {
  const failingRun = leakyRun();
  const same = diffReports(failingRun, failingRun);

  it("keeps the run's own exit code without --fail-on", () => {
    expect(runExitCode(failingRun, same, undefined)).toBe(1);
  });

  it('exits 0 with --fail-on new when the failures are all old, or 2 when something newly could not be judged', () => {
    const judged: RunResult = {
      ...failingRun,
      requirements: failingRun.requirements.filter((r) => r.verdict !== 'error'),
    };
    expect(runExitCode(judged, diffReports(judged, judged), 'new')).toBe(0);
    // judged by the baseline, not now: 2
    expect(runExitCode(failingRun, diffReports(judged, failingRun), 'new')).toBe(2);
    // not judged on either night (a profile or target that never serves it): nothing new under `new`
    expect(runExitCode(failingRun, same, 'new')).toBe(0);
    expect(runExitCode(failingRun, same, 'any')).toBe(1);
    expect(runExitCode(failingRun, same, 'none')).toBe(0);
  });
});

describe('diff: a requirement no longer judged', () => {
  /** One requirement of `leakyRun()` whose checks for `main` are the given (checkId, verdict, message). */
  const runOf = (checks: [string, 'pass' | 'skip', string][]): RunResult => {
    const base = leakyRun();
    const shape = base.requirements[0]!;
    return {
      ...base,
      requirements: [
        {
          ...shape,
          id: 'CAP-UPP-ONCE',
          verdict: checks.some(([, v]) => v === 'pass') ? 'pass' : 'skip',
          checks: checks.map(([checkId, verdict, message]) => ({
            requirementId: 'CAP-UPP-ONCE',
            checkId,
            principal: 'main',
            verdict,
            message,
            exchangeIds: [],
          })),
        },
      ],
    };
  };

  it('gives the skip reason that is new in the current run, not one skipped in both runs', () => {
    // The journey of the README: a profile without secondProgram, run twice against one target;
    // the second run finds the bill unlocked. The reason to show is the bill's, not secondProgram's.
    const neverDeclared = 'the profile declares no bill whose promised points lie in another program';
    const baseline = runOf([
      ['promised-points.second-program', 'skip', neverDeclared],
      ['promised-points.filters', 'pass', 'moved nothing'],
    ]);
    const unlocked = 'bill billWithLineItems (…) was unlocked before this run';
    const current = runOf([
      ['promised-points.second-program', 'skip', neverDeclared],
      ['promised-points.filters', 'skip', unlocked],
    ]);
    const [change] = diffReports(baseline, current).categories.noLongerJudged;
    expect(change?.principals[0]?.evidence).toEqual({
      checkId: 'promised-points.filters',
      message: unlocked,
    });
  });
});
