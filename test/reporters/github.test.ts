import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ANNOTATIONS_PER_KIND,
  escapeData,
  escapeProperty,
  githubReporter,
  renderAnnotations,
} from '../../reporters/github.ts';
import { DEFAULT_REPORTERS, type ReporterName } from '../../reporters/registry.ts';
import { toCurl } from '../../src/client/redact.ts';
import type { RequirementResult, RunResult } from '../../src/engine/types.ts';
import { runCliAgainst } from '../cli/capture.ts';
import {
  CANARY,
  CANARY_FORMS,
  CANARY_SECRETS,
  FAULTY_NPA,
  faultyNpaRun,
  leakyRun,
  reporterOptions,
  tempDir,
} from './support.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** One workflow command, split: `::command props::message`. */
interface Command {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** Reads workflow-command lines back (GitHub's unescaping). */
function commands(text: string): Command[] {
  const decode = (s: string) =>
    s
      .replaceAll('%3A', ':')
      .replaceAll('%2C', ',')
      .replaceAll('%0D', '\r')
      .replaceAll('%0A', '\n')
      .replaceAll('%25', '%');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
      if (!match) throw new Error(`not a workflow command: ${line}`);
      const properties = Object.fromEntries(
        match[2]!.split(',').map((p) => {
          const [key, value] = p.split('=') as [string, string];
          return [key, decode(value)];
        }),
      );
      return { command: match[1]!, properties, message: decode(match[3]!) };
    });
}

const WORKSPACE = '/home/runner/work/app/app';
/** A run's options: by default every reporter, writing into `reports/`. */
const options = (
  secrets: readonly string[] = [],
  reporters: readonly ReporterName[] = DEFAULT_REPORTERS,
  outDir = 'reports',
) => ({
  secrets,
  curl: (e: Parameters<typeof toCurl>[0]) => toCurl(e, secrets),
  workspace: WORKSPACE,
  reporters,
  outDir,
});

let faulty: RunResult;

beforeAll(async () => {
  faulty = await faultyNpaRun();
});

describe('GitHub reporter', () => {
  it('writes one ::error per failing requirement and one ::warning per warning requirement, with expected vs actual, principal and document', () => {
    const out = commands(renderAnnotations(faulty, options()));
    const errors = out.filter((c) => c.command === 'error');
    const warnings = out.filter((c) => c.command === 'warning');
    const failing = faulty.requirements.filter((r) => r.verdict === 'fail');
    const warning = faulty.requirements.filter((r) => r.verdict === 'warn');
    expect(errors).toHaveLength(Math.min(ANNOTATIONS_PER_KIND, failing.length));
    expect(warnings).toHaveLength(Math.min(ANNOTATIONS_PER_KIND, warning.length));
    for (const e of errors) expect(e.properties.title).toMatch(/^[A-Z][A-Z0-9-]+ \(MUST\) fails$/);
    for (const w of warnings) expect(w.properties.title).toMatch(/^[A-Z][A-Z0-9-]+ \((MUST|SHOULD)\) warns$/);

    const npa8015 = errors.find((e) => e.properties.title === 'CAP-NPA-8015 (MUST) fails');
    expect(npa8015?.message.split('\n')).toEqual([
      'A deduction for an identifier value no customer has fails with 8015',
      'expected a 4xx with error code 8015; actual 200 with no error code',
      // The orgs' scenario runs go in parallel: principals and checks come in the order they ended.
      expect.stringMatching(/^principal\(s\): (strict, lenient|lenient, strict); check\(s\): /),
      '8 checks; reports/junit.xml and reports/report.html list each',
      'document: Capillary docs: Deduct points from user — API Error Codes (8015) (https://docs.capillarytech.com/reference/deduct-points-from-user)',
    ]);
    const checks = npa8015?.message.split('\n')[2]?.split('; check(s): ')[1]?.split(', ');
    expect(checks?.sort()).toEqual([
      'input-validation.unknown-customer-8015',
      'input-validation.unknown-customer-8015-other-identifier',
      'input-validation.unknown-customer-8015-other-identifier-with-program',
      'input-validation.unknown-customer-8015-with-program',
    ]);
  });

  it('caps each kind at 10 (most principals and checks first) and says in one notice what it left out', () => {
    const failing = faulty.requirements.filter((r) => r.verdict === 'fail');
    expect(failing.length).toBeGreaterThan(ANNOTATIONS_PER_KIND);
    const out = commands(renderAnnotations(faulty, options()));
    const notices = out.filter((c) => c.command === 'notice');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.message).toContain(
      `${failing.length - ANNOTATIONS_PER_KIND} more error(s) and 0 more warning(s)`,
    );
    // Requirements failing for every principal with the most checks come first.
    const first = out.find((c) => c.command === 'error')!;
    const top = failing.find((r) => first.properties.title === `${r.id} (MUST) fails`)!;
    const fails = (r: RequirementResult) => r.checks.filter((c) => c.verdict === 'fail').length;
    expect(fails(top)).toBe(Math.max(...failing.map(fails)));
  });

  it('points an incomplete run and the not-judgeable requirements at the profile file, relative to the workspace', () => {
    const run: RunResult = {
      ...leakyRun(),
      manifest: {
        ...leakyRun().manifest,
        profile: { name: 'p', environment: 'staging', source: join(WORKSPACE, 'config/vendor.yaml') },
      },
      stopped: {
        code: 'LC_ERR_TARGET_UNRESPONSIVE',
        message: 'http://127.0.0.1:9 left 5 requests in a row unanswered',
      },
      notJudgeable: [{ id: 'CAP-NPA-8877', principals: ['strict'], add: ['fixtures.pointsAwardedId'] }],
    };
    const out = commands(renderAnnotations(run, options()));
    expect(out[0]).toEqual({
      command: 'error',
      properties: { file: 'config/vendor.yaml', title: 'LC_ERR_TARGET_UNRESPONSIVE: the run is incomplete' },
      message:
        'http://127.0.0.1:9 left 5 requests in a row unanswered\nThe reports are written and say what was not run.',
    });
    const notJudgeable = out.find(
      (c) => c.properties.title === '1 requirement(s) not judgeable with this profile',
    );
    expect(notJudgeable).toMatchObject({ command: 'notice', properties: { file: 'config/vendor.yaml' } });
    expect(notJudgeable?.message).toContain('CAP-NPA-8877 (strict): add fixtures.pointsAwardedId');
    expect(notJudgeable?.message).toContain(
      'loyalty-conformance plan --profile config/vendor.yaml says what to add.',
    );
    // A run given --env-file: the command to paste loads it too.
    const withEnv = {
      ...run,
      manifest: { ...run.manifest, profile: { ...run.manifest.profile, envFile: '.env.ci' } },
    };
    expect(
      commands(renderAnnotations(withEnv, options())).find((c) => c.command === 'notice')?.message,
    ).toContain('loyalty-conformance plan --profile config/vendor.yaml --env-file .env.ci says what to add.');
    // A requirement that could not be judged is an error too.
    expect(out.map((c) => c.properties.title)).toContain('CAP-NPA-8015 (MUST) could not be judged');
  });

  it('names no file outside the workspace (the embedded reference profile of an installed package)', () => {
    const run: RunResult = {
      ...leakyRun(),
      manifest: {
        ...leakyRun().manifest,
        profile: { name: 'reference', environment: 'reference', source: '/opt/lc/config/reference.yaml' },
      },
      stopped: { code: 'LC_ERR_RATE_LIMITED', message: 'wait budget spent' },
    };
    for (const c of commands(renderAnnotations(run, options()))) expect(c.properties.file).toBeUndefined();
  });

  it('escapes %, CR and LF in messages, and : and , in properties, so that a target cannot start a command', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a: b, c%')).toBe('a%3A b%2C c%25');
    expect(escapeData('\u001b[2J\u0000 \u2028')).toBe('\\u{1b}[2J\\u{0} \\u{2028}');

    const hostile = '50%\r\n::error title=forged::owned\n::add-mask::x';
    const run = leakyRun();
    const requirements = run.requirements.map((r) =>
      r.id === 'CAP-NPA-8907'
        ? { ...r, title: `a, b: c ${hostile}`, checks: r.checks.map((c) => ({ ...c, actual: hostile })) }
        : r,
    );
    const text = renderAnnotations({ ...run, requirements }, options());
    const lines = text.split('\n').filter(Boolean);
    expect(lines.every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
    expect(lines.filter((l) => l.includes('forged'))).toHaveLength(1);
    expect(text).toContain('50%25%0D%0A::error title=forged::owned%0A::add-mask::x');
    const back = commands(text).find((c) => c.properties.title === 'CAP-NPA-8907 (MUST) fails')!;
    expect(back.message).toContain(`actual ${hostile}`);
  });

  it('writes no canary secret, even one with characters escaping would change', () => {
    const secrets = [...CANARY_SECRETS, 'pa%ss,wo:rd-1234'];
    const run = leakyRun();
    const requirements = run.requirements.map((r) =>
      r.id === 'GEN-UNDOCUMENTED-FIELDS'
        ? { ...r, checks: r.checks.map((c) => ({ ...c, actual: `pa%ss,wo:rd-1234 and ${CANARY.token}` })) }
        : r,
    );
    const text = renderAnnotations({ ...run, requirements }, options(secrets));
    for (const form of [...CANARY_FORMS, 'pa%ss,wo:rd-1234', escapeData('pa%ss,wo:rd-1234')]) {
      expect(text).not.toContain(form);
    }
    expect(text).toContain('[REDACTED]');
  });

  it('names only the report files the run writes (the selected reporters), by path', () => {
    const messages = (reporters: readonly ReporterName[]) => {
      const out = commands(renderAnnotations(faulty, options([], reporters)));
      return {
        npa8015: out.find((c) => c.properties.title === 'CAP-NPA-8015 (MUST) fails')!.message.split('\n')[3],
        notice: out.find((c) => c.properties.title === 'More problems than GitHub annotates')!.message,
      };
    };
    expect(messages(DEFAULT_REPORTERS)).toEqual({
      npa8015: '8 checks; reports/junit.xml and reports/report.html list each',
      notice: expect.stringMatching(
        /per step\): see the run's summary, reports\/junit\.xml or reports\/report\.html\.$/,
      ),
    });
    expect(messages(['console', 'html'])).toEqual({
      npa8015: '8 checks; reports/report.html lists each',
      notice: expect.stringMatching(/per step\): see the run's summary or reports\/report\.html\.$/),
    });
    expect(messages(['github', 'junit'])).toEqual({
      npa8015: '8 checks; reports/junit.xml lists each',
      notice: expect.stringMatching(/per step\): see reports\/junit\.xml\.$/),
    });
    // `--reporter github json --out -`, or a caller that does not say: no file named.
    for (const reporters of [['github', 'json'], []] as ReporterName[][]) {
      expect(messages(reporters)).toEqual({
        npa8015: '8 checks',
        notice: expect.stringMatching(/\(GitHub shows 10 of each per step\)\.$/),
      });
    }
  });

  it('writes the annotations to its output when GITHUB_ACTIONS=true', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    vi.stubEnv('GITHUB_WORKSPACE', WORKSPACE);
    const outDir = tempDir();
    const reporterOpts = reporterOptions(outDir, CANARY_SECRETS, { reporters: DEFAULT_REPORTERS });
    await githubReporter(reporterOpts).onRunEnd?.(faulty);
    const text = reporterOpts.lines.join('');
    expect(text).toBe(renderAnnotations(faulty, options(CANARY_SECRETS, DEFAULT_REPORTERS, outDir)));
    expect(text).toContain(`${join(outDir, 'junit.xml')} and ${join(outDir, 'report.html')} list each`);
  });

  it('is told by run which reporters it runs with (--reporter github html: report.html only)', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    const out = tempDir();
    const run = await runCliAgainst({ handlers: FAULTY_NPA }, ['--reporter', 'github', 'html', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`; ${join(out, 'report.html')} lists each`);
    expect(run.stdout).toContain(`: see ${join(out, 'report.html')}.`);
    expect(run.stdout).not.toContain('junit.xml');
  });

  it('names no report file when its options do not say which reporters run', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    vi.stubEnv('GITHUB_WORKSPACE', WORKSPACE);
    const reporterOpts = reporterOptions(tempDir(), CANARY_SECRETS);
    await githubReporter(reporterOpts).onRunEnd?.(leakyRun());
    const text = reporterOpts.lines.join('');
    expect(text).toBe(renderAnnotations(leakyRun(), options(CANARY_SECRETS, [])));
    expect(commands(text).map((c) => c.command)).toEqual(['error', 'error', 'warning']);
  });

  it.each([undefined, 'false', '1'])('prints nothing when GITHUB_ACTIONS is %s', async (value) => {
    if (value === undefined) vi.stubEnv('GITHUB_ACTIONS', undefined);
    else vi.stubEnv('GITHUB_ACTIONS', value);
    const reporterOpts = reporterOptions(tempDir(), CANARY_SECRETS);
    await githubReporter(reporterOpts).onRunEnd?.(faulty);
    expect(reporterOpts.lines).toEqual([]);
  });
});
