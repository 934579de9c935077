import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonReporter } from '../../reporters/json.ts';
import type { CheckResult, RunResult } from '../../src/engine/types.ts';
import { parseReport } from '../../src/report/load-report.ts';
import { conformAgainst, FAULTY_NPA, faultyNpaRun, reporterOptions, tempDir } from '../reporters/support.ts';
import { runCli } from './capture.ts';

const XSD = fileURLToPath(new URL('../../reporters/schema/junit.xsd', import.meta.url));

let dir: string;
let unsharded: RunResult;
let shardPaths: string[];
let merged: RunResult;
let mergeRun: Awaited<ReturnType<typeof runCli>>;

/** A run against a fresh faulty provider, its JSON report written to `dir/name`. */
async function runTo(name: string, shard?: { index: number; total: number }): Promise<RunResult> {
  const result = await (shard ? conformAgainst(FAULTY_NPA, { shard }) : faultyNpaRun());
  await jsonReporter(reporterOptions(join(dir, name))).onRunEnd?.(result);
  return result;
}

/** Scenario check results as comparable keys (universal checks fold differently per shard). */
const scenarioChecks = (run: RunResult) =>
  run.requirements
    .flatMap((r) => r.checks)
    .filter((c: CheckResult) => !c.checkId.startsWith('universal.'))
    .map((c) => `${c.requirementId} ${c.checkId} @${c.principal} ${c.verdict}`)
    .sort();

beforeAll(async () => {
  dir = tempDir('lc-merge-');
  const runs = await Promise.all([
    runTo('all'),
    runTo('shard-1', { index: 1, total: 3 }),
    runTo('shard-2', { index: 2, total: 3 }),
    runTo('shard-3', { index: 3, total: 3 }),
  ]);
  unsharded = runs[0]!;
  // Given out of order on purpose: merge sorts shards by index.
  shardPaths = ['shard-3', 'shard-1', 'shard-2'].map((name) => join(dir, name, 'conformance.json'));
  mergeRun = await runCli(['merge', ...shardPaths, '--out', join(dir, 'merged')]);
  merged = parseReport(readFileSync(join(dir, 'merged', 'conformance.json'), 'utf8'), 'merged');
});

describe('loyalty-conformance merge', () => {
  it('gives the same per-requirement verdicts as the unsharded run', () => {
    expect(unsharded.requirements.filter((r) => r.verdict === 'fail').length).toBeGreaterThan(5);
    expect(merged.requirements.map((r) => [r.id, r.verdict])).toEqual(
      unsharded.requirements.map((r) => [r.id, r.verdict]),
    );
    expect(merged.verdict).toBe(unsharded.verdict);
    expect(mergeRun.code).toBe(unsharded.exitCode);
  });

  it('holds the union of the shards scenario checks, exactly those of the unsharded run', () => {
    expect(scenarioChecks(merged)).toEqual(scenarioChecks(unsharded));
    expect(merged.scenarios.length).toBe(unsharded.scenarios.length);
  });

  it('lists the shards in its manifest and numbers exchanges once across them', () => {
    expect(merged.manifest.shards?.map((s) => `${s.index}/${s.total}`)).toEqual(['1/3', '2/3', '3/3']);
    expect(merged.manifest.shard).toBeUndefined();
    expect(merged.manifest.scenarioIds).toEqual(unsharded.manifest.scenarioIds);
    const ids = merged.exchanges.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const referenced = merged.requirements.flatMap((r) => r.checks.flatMap((c) => c.exchangeIds));
    for (const id of referenced) expect(ids).toContain(id);
    // The evidence followed the renumbering: the 8907 failure still points at a deduction.
    const check = merged.requirements
      .find((r) => r.id === 'CAP-NPA-8907')!
      .checks.find((c) => c.verdict === 'fail')!;
    expect(merged.exchanges.find((e) => e.id === check.exchangeIds[0])?.operationId).toBe(
      'negativePointsAdjustment',
    );
  });

  it('renders every reporter from the merged result', () => {
    const out = join(dir, 'merged');
    execFileSync('xmllint', ['--noout', '--schema', XSD, join(out, 'junit.xml')], { stdio: 'pipe' });
    const failing = merged.requirements.filter((r) => r.verdict === 'fail').length;
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain(`data-testid="count-fail">${failing}<`);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/merged from 3 shards/);
    expect(mergeRun.stdout).toMatch(/NON-CONFORMANT: .* \(merged from 3 shards\)/);
  });

  it('exits 2 with one line when a shard is missing', async () => {
    const { code, stderr } = await runCli(['merge', shardPaths[0]!, shardPaths[1]!, '--out', join(dir, 'x')]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /LC_ERR_MERGE_INCOMPATIBLE: Cannot merge these shard reports: shard\(s\) 2\/3 missing/,
    );
  });

  it('exits 2 when a report is not a shard report or not a report', async () => {
    const all = join(dir, 'all', 'conformance.json');
    expect((await runCli(['merge', all, '--out', join(dir, 'x')])).stderr).toMatch(/is not a shard report/);
    const invalid = await runCli(['merge', join(dir, 'shard-1', 'missing.json'), '--out', join(dir, 'x')]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/LC_ERR_REPORT_INVALID/);
  });

  it('renders only the reporters named', async () => {
    const out = join(dir, 'json-only');
    const { code, stdout } = await runCli(['merge', ...shardPaths, '--out', out, '--reporter', 'json']);
    expect(code).toBe(1);
    // without the console, one line says where the report went and how the run ended, as run's does
    expect(stdout).toBe(`wrote ${join(out, 'conformance.json')} (NON-CONFORMANT)\n`);
    expect(readFileSync(join(out, 'conformance.json'), 'utf8')).toContain('"shards"');
  });

  it('writes the merged JSON report alone on stdout with --out -, as run does', async () => {
    const alone = await runCli(['merge', ...shardPaths, '--out', '-']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toBe('');
    expect(parseReport(alone.stdout, 'stdout').manifest.shards).toHaveLength(3);
    expect(existsSync('-')).toBe(false);

    const withConsole = await runCli(['merge', ...shardPaths, '--out', '-', '--reporter', 'json', 'console']);
    expect(parseReport(withConsole.stdout, 'stdout').verdict).toBe(merged.verdict);
    expect(withConsole.stderr).toMatch(/NON-CONFORMANT: .* \(merged from 3 shards\)/);

    const withFiles = await runCli(['merge', ...shardPaths, '--out', '-', '--reporter', 'json', 'html']);
    expect(withFiles.code).toBe(2);
    expect(withFiles.stdout).toBe('');
    expect(withFiles.stderr.trim().split('\n')).toEqual([
      'loyalty-conformance: LC_ERR_CLI_USAGE: --out - writes the JSON report to stdout; html writes a file: drop it from --reporter, or give --out a folder',
    ]);
  });
});
