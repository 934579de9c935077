import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunManifest } from '../../src/engine/types.ts';
import { parseReport } from '../../src/report/load-report.ts';
import { runCli } from './capture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/loyalty-conformance.js');
/**
 * Two scenarios (the exact balance in the default program and, since fault hunt 57, in another),
 * judged for strict and skipped for lenient: a run of a fraction of a second.
 */
const ONE = ['--requirement', 'CAP-NPA-EXACT-BALANCE'];

afterEach(() => vi.restoreAllMocks());

const oneLine = (stderr: string) => expect(stderr.trim().split('\n')).toHaveLength(1);

describe('run --out - and --json: the JSON report on stdout, nothing else there', () => {
  it('writes exactly the JSON report to stdout, valid against the report schema, and nothing to stderr', async () => {
    const { code, stdout, stderr } = await runCli(['run', '--json', ...ONE]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const report = parseReport(stdout, 'stdout');
    expect(report.verdict).toBe('pass');
    expect(report.manifest.scenarioIds).toEqual([
      'negative-balance.exact-balance',
      'negative-balance.exact-balance-other-program',
    ]);
    // One document and its newline: no progress line, summary or file line around it.
    expect(stdout.startsWith('{\n  "reportVersion": 1,')).toBe(true);
    expect(stdout.endsWith('}\n')).toBe(true);
  });

  it('is the same document as conformance.json (timings and ports aside)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-stdout-'));
    const file = await runCli(['run', '--reporter', 'json', '--out', out, ...ONE]);
    expect(file.code).toBe(0);
    const piped = await runCli(['run', '--out', '-', ...ONE]);
    const strip = (text: string) =>
      text
        .replace(/"(startedAt|finishedAt)": "[^"]+"/g, '"$1": "T"')
        .replace(/"durationMs": \d+/g, '"durationMs": 0')
        .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
        .replace(/"(date|x-request-id)": "[^"]+"/g, '"$1": "X"');
    expect(strip(piped.stdout)).toBe(strip(readFileSync(join(out, 'conformance.json'), 'utf8')));
  });

  it('takes --out /dev/stdout as --out -', async () => {
    const { code, stdout, stderr } = await runCli(['run', '--out', '/dev/stdout', ...ONE]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(parseReport(stdout, 'stdout').verdict).toBe('pass');
  });

  it('sends the console reporter to stderr when it is named beside json', async () => {
    const { code, stdout, stderr } = await runCli([
      'run',
      '--reporter',
      'console',
      'json',
      '--out',
      '-',
      ...ONE,
    ]);
    expect(code).toBe(0);
    expect(parseReport(stdout, 'stdout').verdict).toBe('pass');
    expect(stderr).toMatch(/^running 4 scenario runs\n/);
    expect(stderr).toMatch(/CONFORMANT: \d+ passed, 0 failed/);
  });

  it('holds in a real process too: stdout piped to a JSON parser, nothing else on it', () => {
    const run = spawnSync(process.execPath, [BIN, 'run', '--json', ...ONE], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).reportVersion).toBe(1);
  });

  it('refuses --out - with a reporter that writes files: exit 2, one line, nothing run', async () => {
    const { code, stdout, stderr } = await runCli([
      'run',
      '--out',
      '-',
      '--reporter',
      'json',
      'junit',
      'html',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    oneLine(stderr);
    expect(stderr).toMatch(
      /LC_ERR_CLI_USAGE: --out - writes the JSON report to stdout; junit, html write files: drop them from --reporter, or give --out a folder/,
    );
  });

  it('refuses --out - without the json reporter', async () => {
    const { code, stderr } = await runCli(['run', '--out', '-', '--reporter', 'console']);
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toMatch(/--out - writes the JSON report to stdout: name json in --reporter/);
  });

  it('refuses --json with an output folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-json-dir-'));
    const { code, stderr } = await runCli(['run', '--json', '--out', dir]);
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toMatch(/--json writes the JSON report to stdout and takes no --out folder/);
  });

  it('refuses an --out that is a file with a usage error, not "internal error: EEXIST"', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lc-out-file-')), 'report.json');
    writeFileSync(file, 'x');
    const { code, stderr } = await runCli(['run', '--reporter', 'json', '--out', file]);
    expect(code).toBe(2);
    oneLine(stderr);
    expect(stderr).toContain(
      `LC_ERR_CLI_USAGE: --out ${file} is a file, not a folder (for the JSON report on stdout: --out - or --json)`,
    );
    expect(stderr).not.toMatch(/internal error|EEXIST/);
  });

  it('still reports a tool error on stderr with exit 2 and an empty stdout', async () => {
    const { code, stdout, stderr } = await runCli(['run', '--json', '--grep', 'no-such-scenario']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    oneLine(stderr);
    expect(stderr).toMatch(/LC_ERR_NOTHING_SELECTED/);
  });

  it('refuses --format without --dry-run', async () => {
    const { code, stderr } = await runCli(['run', '--format', 'json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--format applies to --dry-run only/);
  });
});

describe('run without a line reporter', () => {
  it('prints one line naming the files written and the verdict', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-wrote-'));
    const { code, stdout, stderr } = await runCli([
      'run',
      '--reporter',
      'json',
      'junit',
      '--out',
      out,
      ...ONE,
    ]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(`wrote ${join(out, 'conformance.json')}, ${join(out, 'junit.xml')} (CONFORMANT)\n`);
    expect(existsSync(join(out, 'junit.xml'))).toBe(true);
  });
});

describe('the run manifest', () => {
  it("records each org's configuration, fabric's member inquiry, the fixtures by name and the probed capabilities", async () => {
    const { stdout } = await runCli(['run', '--json', ...ONE]);
    const manifest: RunManifest = parseReport(stdout, 'stdout').manifest;
    expect(manifest.apiErrorStatus).toBe('any-4xx');
    expect(manifest.orgConfig?.strict).toEqual({
      negativeBalanceOnReturn: 'off',
      defaultProgramId: 469,
      programs: [
        { id: 469, roundDecimals: 2 },
        { id: 973, roundDecimals: 3 },
      ],
      dualEligibility: { enabled: true, primaryIdentifier: 'mobile' },
    });
    expect(manifest.orgConfig?.lenient?.negativeBalanceOnReturn).toBe('on');
    expect(manifest.fabric).toEqual({ memberInquiry: { declared: 'auto', present: true } });
    expect(manifest.capabilities?.memberInquiry).toMatchObject({ present: true });
    expect(manifest.fixtures?.orgs.strict).toMatchObject({
      customers: [
        'customer-1001',
        'customer-1002',
        'customer-1003',
        'customer-1004',
        'customer-1005',
        'customer-1006',
        'customer-1008',
        'customer-1009',
      ],
      roles: { deductible: 'customer-1001', sharedSecondary: ['customer-1002', 'customer-1003'] },
      bills: expect.arrayContaining(['billWithLineItems', 'billWhole', 'billSpare']),
      credentials: { auth: 'basic', alternateAuth: 'oauth', restrictedAuth: 'basic' },
    });
    expect(manifest.fixtures?.fabric).toEqual({ member: true });
    // Names only: no customer identifier, bill number, member ID or credential.
    const text = JSON.stringify(manifest);
    for (const value of [
      '919800001001',
      'ana@example.com',
      'B-1001-1',
      'f90a1da5',
      'till.strict',
      'strict-till-secret',
    ]) {
      expect(text).not.toContain(value);
    }
  });

  it('lets diff note a configuration change between two report files, in every format', async () => {
    const { stdout } = await runCli(['run', '--json', ...ONE]);
    const dir = mkdtempSync(join(tmpdir(), 'lc-config-diff-'));
    const before = join(dir, 'before.json');
    const after = join(dir, 'after.json');
    writeFileSync(before, stdout);
    const changed = JSON.parse(stdout) as { manifest: RunManifest };
    const strict = changed.manifest.orgConfig?.strict;
    writeFileSync(
      after,
      JSON.stringify({
        ...changed,
        manifest: {
          ...changed.manifest,
          orgConfig: { ...changed.manifest.orgConfig, strict: { ...strict, negativeBalanceOnReturn: 'on' } },
        },
      }),
    );
    const text = await runCli(['diff', before, after]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('config: org strict: negativeBalanceOnReturn off → on\n');
    const md = await runCli(['diff', before, after, '--format', 'md']);
    expect(md.stdout).toContain('- org strict: negativeBalanceOnReturn off → on\n');
    const json = await runCli(['diff', before, after, '--format', 'json']);
    expect(JSON.parse(json.stdout).configChanges).toEqual([
      expect.objectContaining({
        scope: 'org strict',
        setting: 'negativeBalanceOnReturn',
        before: 'off',
        after: 'on',
      }),
    ]);
  });

  it('keeps reports without these fields (earlier versions) readable', async () => {
    const { stdout } = await runCli(['run', '--json', ...ONE]);
    const document = JSON.parse(stdout) as { manifest: Record<string, unknown> };
    for (const field of ['apiErrorStatus', 'orgConfig', 'fabric', 'fixtures', 'capabilities']) {
      delete document.manifest[field];
    }
    expect(parseReport(JSON.stringify(document), 'old.json').manifest.orgConfig).toBeUndefined();
  });
});
