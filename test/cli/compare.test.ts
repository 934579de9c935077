import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { FAULTS } from '../faults/catalogue.ts';
import { orgsOf, type ProfileDocument, profilePathOf } from '../faults/profiles.ts';
import { tempDir } from '../reporters/support.ts';
import { modulesLoadedBy } from '../support/modules-loaded.ts';
import { runCli } from './capture.ts';

/** The fault whose column must stand out: ALLOW_NEGATIVE_BALANCE_ON_RETURN off is ignored (8907 missing). */
const FAULT = FAULTS.find((f) => f.id === 'npa-8907-missing')!;

/** The parts of comparison.json these tests read. */
interface ComparisonJson {
  exitCode: number;
  failOn: string;
  notes: string[];
  counts: Record<string, number>;
  targets: { label: string; path: string; links: { json: string; html?: string } }[];
  columns: { target: number; principal: string; label: string }[];
  rows: {
    id: string;
    kind: string;
    failing: boolean;
    cells: {
      column: number;
      verdict: string | null;
      notApplicable?: string;
      href: string;
      checks: { checkId: string; exchangeIds: number[] }[];
    }[];
  }[];
}
const readComparison = (out: string) =>
  JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) as ComparisonJson;

const servers: ReferenceServer[] = [];

/** A fresh reference provider (a fault's options, or none): unlocking bills is once only, so one per run. */
async function server(options = {}): Promise<ReferenceServer> {
  const started = await startReferenceServer({ ...options, port: 0 });
  servers.push(started);
  return started;
}

/** The reference profile named `name`, pointed at `target`, with only the orgs `keep` (default: all). */
function profileFor(name: string, target: ReferenceServer, keep?: string): string {
  return profilePathOf({
    edit: (profile: ProfileDocument) => {
      profile.name = name;
      profile.capillary.baseUrl = target.capillaryBaseUrl;
      profile.fabric.baseUrl = target.fabricBaseUrl;
      if (keep) profile.capillary.orgs = orgsOf(profile).filter((org) => org.id === keep);
    },
  });
}

let dir: string;
const report = (name: string) => join(dir, name, 'conformance.json');
/** `compare` of the reference and the faulty report, exiting 0 whatever differs, written to `out`. */
const referenceAgainstFaulty = (out: string) => [
  'compare',
  report('reference'),
  report('faulty'),
  '--fail-on',
  'none',
  '--out',
  join(dir, out),
];

/** The exit code of each run of the beforeAll, by folder. */
const exitCodes = new Map<string, number>();

/** `run` of one profile into `dir/<folder>`, JSON and HTML reports. */
async function runInto(folder: string, args: string[]): Promise<void> {
  const { code, stderr } = await runCli([
    'run',
    ...args,
    '--reporter',
    'json',
    'html',
    '--out',
    join(dir, folder),
  ]);
  expect(stderr).toBe('');
  expect(code).toBeLessThan(2);
  exitCodes.set(folder, code);
}

beforeAll(async () => {
  dir = tempDir('lc-compare-cli-');
  await runInto('reference', []);
  await runInto('reference-again', []);
  await runInto('strict', ['--profile', profileFor('strict-only', await server(), 'strict')]);
  await runInto('lenient', ['--profile', profileFor('lenient-only', await server(), 'lenient')]);
  const faulty = await server(FAULT.options);
  await runInto('faulty', ['--capillary-url', faulty.capillaryBaseUrl, '--fabric-url', faulty.fabricBaseUrl]);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('loyalty-conformance compare', () => {
  it("lists the faulty column's failing requirement first, as a difference, and exits 1", async () => {
    const out = join(dir, 'cmp-all');
    const { code, stdout, stderr } = await runCli([
      'compare',
      report('reference'),
      report('strict'),
      report('lenient'),
      report('faulty'),
      '--out',
      out,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const json = readComparison(out);
    expect(json.exitCode).toBe(1);
    expect(json.targets.map((t) => t.label)).toEqual([
      `reference (reference) [${join(dir, 'reference')}]`,
      'strict-only (reference)',
      'lenient-only (reference)',
      `reference (reference) [${join(dir, 'faulty')}]`,
    ]);
    expect(json.columns.map((c) => `${c.target}@${c.principal}`)).toEqual([
      '0@strict',
      '0@lenient',
      '0@fabric',
      '1@strict',
      '1@fabric',
      '2@lenient',
      '2@fabric',
      '3@strict',
      '3@lenient',
      '3@fabric',
    ]);
    const faultyStrict = json.columns.findIndex((c) => c.target === 3 && c.principal === 'strict');
    const first = json.rows[0]!;
    expect(first).toMatchObject({ kind: 'difference', failing: true });
    expect(FAULT.catches).toContain(first.id);
    expect(first.cells[faultyStrict]).toMatchObject({ verdict: 'fail' });
    expect(first.cells[faultyStrict]!.href.startsWith('../faulty/report.html')).toBe(true);
    expect(first.cells[faultyStrict]!.checks.some((c) => c.exchangeIds.length > 0)).toBe(true);
    // The strict/lenient split of the profiles is coverage, not a difference.
    const allowed = json.rows.find((r) => r.id === 'CAP-NPA-NEGATIVE-ALLOWED')!;
    expect(allowed.kind).toBe('coverage');
    // A Capillary rule cannot apply to fabric: n/a in each @fabric column, in every output (a dash
    // would read as "not run"); an org column always has a verdict here.
    json.columns.forEach((c, i) => {
      if (c.principal === 'fabric')
        expect(allowed.cells[i]).toMatchObject({
          verdict: null,
          notApplicable: 'a capillary requirement: it does not apply to @fabric (fabric)',
        });
      else expect(allowed.cells[i]!.verdict).not.toBeNull();
    });
    expect(stdout).toMatch(
      /\n {2}CAP-NPA-NEGATIVE-ALLOWED \[MUST\][^\n]*\n {4}T1 @strict skip · T1 @lenient pass · T1 @fabric n\/a · T2 @strict skip · T2 @fabric n\/a · /,
    );
    const allowedMd = readFileSync(join(out, 'comparison.md'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('| **CAP-NPA-NEGATIVE-ALLOWED**'))!;
    expect(allowedMd.match(/\| n\/a \|/g)).toHaveLength(4);
    expect(allowedMd).not.toContain('—');
    expect(json.rows.filter((r) => r.kind === 'difference').every((r) => r.failing)).toBe(true);
    expect(stdout).toMatch(/^Comparison of 4 targets: \d+ differences?, \d+ failing on some target\n/);
    expect(stdout).toContain(`  ${first.id} [MUST]`);
    expect(stdout).toContain(
      `wrote ${join(out, 'comparison.html')}, ${join(out, 'comparison.md')}, ${join(out, 'comparison.json')}`,
    );
    const md = readFileSync(join(out, 'comparison.md'), 'utf8');
    expect(md.indexOf('### Differences')).toBeLessThan(md.indexOf('### Coverage differences'));
    expect(md).toMatch(/\[❌ fail\]\(\.\.\/faulty\/report\.html(#req-[A-Z0-9-]+)?\)/);
    const html = readFileSync(join(out, 'comparison.html'), 'utf8');
    expect(html).not.toMatch(/<(?:link|img|iframe|script)\b|\bsrc=|@import|url\(/i);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/,
    );
  });

  it('with --fail-on differences exits 0 for two identical reports and 1 when they differ', async () => {
    const same = await runCli([
      'compare',
      report('reference'),
      report('reference-again'),
      '--fail-on',
      'differences',
      '--out',
      join(dir, 'cmp-same'),
    ]);
    expect(same.code).toBe(0);
    expect(readComparison(join(dir, 'cmp-same')).counts).toMatchObject({
      difference: 0,
      failing: 0,
      coverage: 0,
    });
    const differ = await runCli([
      'compare',
      report('reference'),
      report('faulty'),
      '--fail-on',
      'differences',
      '--out',
      join(dir, 'cmp-differ'),
    ]);
    expect(differ.code).toBe(1);
    const none = await runCli(referenceAgainstFaulty('cmp-none'));
    expect(none.code).toBe(0);
    // Both targets skip and pass the same requirements, and nothing fails: 0 under the default policy too.
    expect(
      (await runCli(['compare', report('strict'), report('strict'), '--out', join(dir, 'cmp-twice')])).code,
    ).toBe(0);
  });

  it('notes a report of another suite version and spec hash in every output, and escapes a hostile profile name', async () => {
    const document = JSON.parse(readFileSync(report('reference'), 'utf8'));
    document.manifest.tool.version = '0.0.1';
    const firstSpec = Object.keys(document.manifest.specHashes)[0]!;
    document.manifest.specHashes[firstSpec] = '0'.repeat(64);
    document.manifest.profile.name = '<img src=x onerror=alert(1)>';
    mkdirSync(join(dir, 'older'), { recursive: true });
    writeFileSync(report('older'), JSON.stringify(document));
    const out = join(dir, 'cmp-older');
    const { code, stdout } = await runCli(['compare', report('reference'), report('older'), '--out', out]);
    expect(code).toBe(0);
    const version =
      /the reports come from different suite versions: 0\.1\.0 \(reference \(reference\)\); 0\.0\.1 \(/;
    const spec = /the targets were judged against different versions of [\w.-]+\.yaml: /;
    expect(stdout).toMatch(new RegExp(`note: ${version.source}`));
    expect(stdout).toMatch(new RegExp(`note: ${spec.source}`));
    const json = readComparison(out);
    expect(json.notes.some((n) => version.test(n))).toBe(true);
    expect(json.notes.some((n) => spec.test(n))).toBe(true);
    const md = readFileSync(join(out, 'comparison.md'), 'utf8');
    expect(md).toMatch(new RegExp(`> note: ${version.source}`));
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const html = readFileSync(join(out, 'comparison.html'), 'utf8');
    expect(html).toMatch(new RegExp(`<li>note: ${version.source}`));
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(html).not.toMatch(/<img\b/);
  });

  it('refuses a report of another reportVersion or an invalid one, and fewer than two reports (exit 2, one line)', async () => {
    const document = JSON.parse(readFileSync(report('reference'), 'utf8'));
    const path = join(dir, 'v2.json');
    writeFileSync(path, JSON.stringify({ ...document, reportVersion: 2 }));
    const other = await runCli(['compare', report('reference'), path, '--out', join(dir, 'cmp-bad')]);
    expect(other.code).toBe(2);
    expect(other.stdout).toBe('');
    expect(other.stderr).toMatch(
      /^loyalty-conformance: LC_ERR_REPORT_INVALID: .*reportVersion 2 is not one this tool reads[^\n]*\n$/,
    );
    expect(existsSync(join(dir, 'cmp-bad'))).toBe(false);
    writeFileSync(path, JSON.stringify({ ...document, verdict: 'maybe' }));
    expect((await runCli(['compare', report('reference'), path])).stderr).toMatch(/LC_ERR_REPORT_INVALID/);
    const one = await runCli(['compare', report('reference')]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/^loyalty-conformance: LC_ERR_CLI_USAGE: .*two or more reports/);
    const policy = await runCli(['compare', report('reference'), report('faulty'), '--fail-on', 'new']);
    expect(policy.code).toBe(2);
    expect(policy.stderr).toMatch(/--fail-on must be one of any, differences, none/);
  });

  it('loads neither ajv, undici nor the suites', () => {
    const { status, stderr, modules } = modulesLoadedBy(referenceAgainstFaulty('cmp-lazy'));
    expect(status, stderr).toBe(0);
    expect(modules).toContain('src/compare/model.ts');
    expect(modules.filter((m) => /node_modules\/(ajv|undici)\/|^suites\//.test(m))).toEqual([]);
  });
});

describe('loyalty-conformance run with several --profile', () => {
  /** Per requirement, the verdict of each column: what two multi-target runs must agree on. */
  const verdicts = (json: ComparisonJson) =>
    Object.fromEntries(json.rows.map((r) => [r.id, r.cells.map((c) => c.verdict)]));

  let sequential: ComparisonJson;

  it('runs each target into --out/<profile name>/ and writes the comparison into --out, exit as compare', async () => {
    const out = join(dir, 'multi');
    const good = profileFor('strict-only', await server(), 'strict');
    const bad = profileFor('vendor <b>', await server(FAULT.options), 'strict');
    const { code, stdout, stderr } = await runCli([
      'run',
      '--profile',
      good,
      '--profile',
      bad,
      '--reporter',
      'json',
      '--out',
      out,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    for (const file of [
      'strict-only/conformance.json',
      'vendor-b/conformance.json',
      'comparison.html',
      'comparison.md',
      'comparison.json',
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(stdout).toContain(`target 1/2: ${good} → ${join(out, 'strict-only')}\n`);
    expect(stdout).toContain(`target 2/2: ${bad} → ${join(out, 'vendor-b')}\n`);
    sequential = readComparison(out);
    expect(sequential.targets.map((t) => t.label)).toEqual([
      'strict-only (reference)',
      'vendor <b> (reference)',
    ]);
    expect(sequential.targets[0]!.links).toEqual({ json: 'strict-only/conformance.json' });
    expect(sequential.rows[0]).toMatchObject({ kind: 'difference', failing: true });
    expect(FAULT.catches).toContain(sequential.rows[0]!.id);
    expect(sequential.exitCode).toBe(1);
  });

  it('gives the same verdicts with --parallel-targets', async () => {
    const out = join(dir, 'multi-parallel');
    const good = profileFor('strict-only', await server(), 'strict');
    const bad = profileFor('vendor <b>', await server(FAULT.options), 'strict');
    const { code, stdout } = await runCli([
      'run',
      '--profile',
      good,
      '--profile',
      bad,
      '--parallel-targets',
      '--out',
      out,
      '--reporter',
      'json',
      '--fail-on',
      'differences',
    ]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^running 2 targets at once: /);
    const parallel = readComparison(out);
    expect(parallel.failOn).toBe('differences');
    expect(verdicts(parallel)).toEqual(verdicts(sequential));
    expect(parallel.rows.map((r) => r.id)).toEqual(sequential.rows.map((r) => r.id));
  });

  it('refuses what one run takes alone (exit 2, one line, nothing run)', async () => {
    const a = profileFor('a', await server(), 'strict');
    const cases: [string[], RegExp][] = [
      [['--profile', a, '--parallel-targets'], /--parallel-targets runs two or more --profile/],
      [['--profile', a, '--profile', a, '--json'], /--out must be a folder/],
      [['--profile', a, '--profile', a, '--dry-run'], /--dry-run shows one run/],
      [
        ['--profile', a, '--profile', a, '--target', 'http://127.0.0.1:1'],
        /put each target's base URL in its profile/,
      ],
      [['--profile', a, '--profile', a, '--baseline', report('reference')], /--baseline diffs one run/],
      [
        ['--profile', a, '--profile', a, '--fail-on', 'new'],
        /--fail-on must be one of any, differences, none/,
      ],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runCli(['run', ...args, '--out', join(dir, 'refused')]);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        new RegExp(`^loyalty-conformance: LC_ERR_CLI_USAGE: .*${message.source}[^\\n]*\\n$`),
      );
    }
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  });

  it('keeps one --profile as before: the reports straight into --out, no comparison', () => {
    // The beforeAll's strict-only run is a run of one --profile: a whole run of its own here gave
    // this test nothing more to read.
    const out = join(dir, 'strict');
    expect(exitCodes.get('strict')).toBe(0);
    expect(existsSync(join(out, 'conformance.json'))).toBe(true);
    expect(existsSync(join(out, 'comparison.json'))).toBe(false);
  });
});
