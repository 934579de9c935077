import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import {
  type ComparisonInput,
  compareExitCode,
  compareReports,
  linkTo,
  reportAnchor,
} from '../../src/compare/model.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { referenceRun, tempDir } from '../reporters/support.ts';
import { inputs, named, withManifest, withoutPrincipal, withVerdict } from './support.ts';

let reference: RunResult;
let dir: string;
const order = () => loadCatalogue().requirements.map((r) => r.id);
const compare = (runs: Record<string, RunResult>, out = join(dir, 'out')) =>
  compareReports(inputs(dir, runs), { outDir: out, order: order() });
const row = (comparison: ReturnType<typeof compare>, id: string) => comparison.rows.find((r) => r.id === id)!;

beforeAll(async () => {
  // The reference run the files of this test process share (a whole run of its own gave the same).
  reference = await referenceRun();
  dir = tempDir('lc-compare-model-');
});

describe('compareReports', () => {
  it('finds nothing to report between two identical runs: every row the same, exit 0 under every policy', () => {
    const comparison = compare({ a: reference, b: reference });
    expect(comparison.counts).toEqual({
      difference: 0,
      failing: 0,
      coverage: 0,
      same: reference.requirements.length,
    });
    expect(comparison.rows.map((r) => r.id)).toEqual(
      order().filter((id) => reference.requirements.some((r) => r.id === id)),
    );
    expect(comparison.columns.map((c) => c.label)).toEqual(
      [
        'reference (reference) [a] @strict',
        'reference (reference) [a] @lenient',
        'reference (reference) [a] @fabric',
        'reference (reference) [b] @strict',
        'reference (reference) [b] @lenient',
        'reference (reference) [b] @fabric',
      ].map((label) => label.replace('[a]', `[${join(dir, 'a')}]`).replace('[b]', `[${join(dir, 'b')}]`)),
    );
    for (const policy of ['any', 'differences', 'none'] as const)
      expect(compareExitCode(comparison, policy)).toBe(0);
  });

  it('lists a requirement one target fails and another passes first, as a difference', () => {
    const faulty = named(withVerdict(reference, 'CAP-NPA-8907', 'strict', 'fail'), 'faulty');
    const comparison = compare({ reference, faulty });
    const first = comparison.rows[0]!;
    expect(first).toMatchObject({ id: 'CAP-NPA-8907', kind: 'difference', failing: true });
    expect(first.targetVerdicts).toEqual(['pass', 'fail']);
    expect(first.reasons).toEqual([
      'reference (reference): pass; faulty (test): fail',
      '@strict: reference (reference): pass; faulty (test): fail',
    ]);
    const strict = comparison.columns.findIndex((c) => c.target === 1 && c.principal === 'strict');
    expect(first.cells[strict]!.verdict).toBe('fail');
    // The first of its failing checks: exact-balance judges 8907 too (one point more once at zero),
    // and since fault hunt 57 so does the exact balance of another program, the last 8907 scenario.
    expect(first.cells[strict]!.evidence?.checkId).toBe('negative-balance.exact-balance-other-program');
    expect(comparison.counts.difference).toBe(1);
    expect(compareExitCode(comparison, 'any')).toBe(1);
    expect(compareExitCode(comparison, 'differences')).toBe(1);
    expect(compareExitCode(comparison, 'none')).toBe(0);
  });

  it('puts failing differences before other differences, then failures alike, coverage, the rest', () => {
    let a = withVerdict(reference, 'CAP-NPA-ARITHMETIC', 'strict', 'warn');
    let b = withVerdict(reference, 'CAP-UPP-ONCE', 'lenient', 'fail');
    // Failing alike on both targets.
    a = withVerdict(a, 'CAP-NPA-8906', 'strict', 'fail');
    b = withVerdict(b, 'CAP-NPA-8906', 'strict', 'fail');
    // Judged on one, not run on the other.
    b = withoutPrincipal(b, 'CAP-BAL-LEDGER', 'lenient');
    const comparison = compare({ a, b });
    expect(comparison.rows.slice(0, 4).map((r) => [r.id, r.kind])).toEqual([
      ['CAP-UPP-ONCE', 'difference'],
      ['CAP-NPA-ARITHMETIC', 'difference'],
      ['CAP-NPA-8906', 'failing'],
      ['CAP-BAL-LEDGER', 'coverage'],
    ]);
    expect(row(comparison, 'CAP-NPA-ARITHMETIC').failing).toBe(false);
    expect(comparison.counts).toMatchObject({ difference: 2, failing: 1, coverage: 1 });
    expect(comparison.failing).toBe(2);
  });

  it('counts a failure on every target alike as failing, not as a difference', () => {
    const broken = withVerdict(reference, 'CAP-NPA-8907', 'strict', 'fail');
    const comparison = compare({ a: broken, b: broken });
    expect(row(comparison, 'CAP-NPA-8907').kind).toBe('failing');
    expect(compareExitCode(comparison, 'differences')).toBe(0);
    expect(compareExitCode(comparison, 'any')).toBe(1);
  });

  it('treats skip against a judged verdict as a coverage difference, and error against pass as a difference', () => {
    const skipped = withVerdict(reference, 'CAP-NPA-8907', 'strict', 'skip');
    const errored = withVerdict(reference, 'CAP-NPA-ARITHMETIC', 'lenient', 'error');
    const comparison = compare({ reference, skipped, errored });
    expect(row(comparison, 'CAP-NPA-8907')).toMatchObject({
      kind: 'coverage',
      targetVerdicts: ['pass', undefined, 'pass'],
    });
    expect(row(comparison, 'CAP-NPA-ARITHMETIC')).toMatchObject({ kind: 'difference', failing: false });
    expect(compareExitCode(comparison, 'any')).toBe(0);
    expect(compareExitCode(comparison, 'differences')).toBe(1);
  });

  it('sees a difference when two targets fail different orgs, though each target fails the requirement', () => {
    const a = named(withVerdict(reference, 'CAP-NPA-ARITHMETIC', 'strict', 'fail'), 'a');
    const b = named(withVerdict(reference, 'CAP-NPA-ARITHMETIC', 'lenient', 'fail'), 'b');
    const r = row(compare({ a, b }), 'CAP-NPA-ARITHMETIC');
    expect(r.targetVerdicts).toEqual(['fail', 'fail']);
    expect(r.kind).toBe('difference');
    expect(r.reasons).toEqual([
      '@strict: a (test): fail; b (test): pass',
      '@lenient: a (test): pass; b (test): fail',
    ]);
  });

  it('keeps the strict/lenient split of one target from being a difference: other orgs are coverage', () => {
    const strictOnly = withManifest(reference, { orgs: ['strict'] });
    const lenientOnly = withManifest(reference, { orgs: ['lenient'] });
    const strict = {
      ...strictOnly,
      requirements: strictOnly.requirements.map((r) => ({
        ...r,
        checks: r.checks.filter((c) => c.principal !== 'lenient'),
      })),
    };
    const lenient = {
      ...lenientOnly,
      requirements: lenientOnly.requirements.map((r) => ({
        ...r,
        checks: r.checks.filter((c) => c.principal !== 'strict'),
      })),
    };
    const comparison = compare({ strict, lenient });
    expect(comparison.columns.map((c) => c.principal)).toEqual(['strict', 'fabric', 'lenient', 'fabric']);
    expect(row(comparison, 'CAP-NPA-8907').kind).toBe('coverage');
    expect(row(comparison, 'CAP-NPA-NEGATIVE-ALLOWED').kind).toBe('coverage');
    expect(comparison.counts.difference).toBe(0);
  });

  it('notes other suite versions and spec hashes, never silently', () => {
    const older = withManifest(reference, {
      tool: { name: 'loyalty-conformance', version: '0.0.9' },
      specHashes: Object.fromEntries(
        Object.entries(reference.manifest.specHashes).map(([path, hash], i) => [
          path,
          i === 0 ? 'f'.repeat(64) : hash,
        ]),
      ),
    });
    const comparison = compare({ current: reference, older });
    const capillary = Object.keys(reference.manifest.specHashes)[0]!.split('/').pop()!;
    expect(comparison.notes).toEqual([
      'the reports come from different suite versions: 0.1.0 (reference (reference) [' +
        join(dir, 'current') +
        ']); 0.0.9 (reference (reference) [' +
        join(dir, 'older') +
        ']); a requirement may be judged by other checks in each',
      expect.stringContaining(`the targets were judged against different versions of ${capillary}: `),
    ]);
    expect(comparison.notes[1]).toContain('ffffffffffff (reference (reference) [');
  });

  it('names targets by profile and environment, then by folder, then by position', () => {
    const acme = withManifest(reference, {
      profile: { name: 'acme', environment: 'staging', source: 'acme.yaml' },
    });
    const labels = (list: ComparisonInput[]) =>
      compareReports(list, { outDir: dir }).targets.map((t) => t.label);
    expect(labels(inputs(dir, { x: acme, y: reference }))).toEqual([
      'acme (staging)',
      'reference (reference)',
    ]);
    const same = { path: 'runs/a/conformance.json', result: reference };
    expect(labels([same, same])).toEqual([
      'reference (reference) [runs/a] #1',
      'reference (reference) [runs/a] #2',
    ]);
    expect(compareReports([same, same], { outDir: dir }).notes).toContain(
      'the same report is compared more than once: runs/a/conformance.json',
    );
  });

  it("links each cell to the requirement in the target's report.html, with its anchor when the page has it", () => {
    const out = join(dir, 'cmp');
    const withAnchors: ComparisonInput = {
      path: join(dir, 'a', 'conformance.json'),
      result: reference,
      html: { path: join(dir, 'a', 'report.html'), ids: new Set([reportAnchor('CAP-NPA-8907')]) },
    };
    const withoutAnchors: ComparisonInput = {
      path: join(dir, 'b c', 'conformance.json'),
      result: reference,
      html: { path: join(dir, 'b c', 'report.html'), ids: new Set() },
    };
    const jsonOnly: ComparisonInput = { path: join(dir, 'c', 'conformance.json'), result: reference };
    const comparison = compareReports([withAnchors, withoutAnchors, jsonOnly], {
      outDir: out,
      order: order(),
    });
    const cells = row(comparison, 'CAP-NPA-8907').cells;
    const strict = (t: number) =>
      cells[comparison.columns.findIndex((c) => c.target === t && c.principal === 'strict')]!;
    expect(strict(0).href).toBe('../a/report.html#req-CAP-NPA-8907');
    expect(strict(1).href).toBe('../b%20c/report.html');
    expect(strict(1).hrefTitle).toContain('CAP-NPA-8907 @strict in the report.html of');
    expect(strict(2).href).toBe('../c/conformance.json');
    expect(comparison.targets.map((t) => t.links)).toEqual([
      { json: '../a/conformance.json', html: '../a/report.html' },
      { json: '../b%20c/conformance.json', html: '../b%20c/report.html' },
      { json: '../c/conformance.json' },
    ]);
  });

  it('encodes each segment of a link and never lets a folder name become a scheme', () => {
    expect(linkTo('/r/out', '/r/javascript:alert(1)/conformance.json')).toBe(
      '../javascript%3Aalert(1)/conformance.json',
    );
    expect(linkTo('/r', '/r/a#b/report.html')).toBe('a%23b/report.html');
  });

  it('keeps the check and exchange IDs behind each cell', () => {
    const faulty = withVerdict(reference, 'CAP-NPA-8907', 'strict', 'fail');
    const comparison = compare({ reference, faulty });
    const r = row(comparison, 'CAP-NPA-8907');
    const strict = comparison.columns.findIndex((c) => c.target === 1 && c.principal === 'strict');
    const original = reference.requirements
      .find((x) => x.id === 'CAP-NPA-8907')!
      .checks.filter((c) => c.principal === 'strict');
    expect(r.cells[strict]!.checks).toEqual(
      original.map((c) => ({
        checkId: c.checkId,
        verdict: 'fail',
        exchangeIds: c.exchangeIds,
        ...(c.occurrences ? { occurrences: c.occurrences } : {}),
      })),
    );
  });
});
