import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { JUNIT_FILE, junitReporter, renderJunit } from '../../reporters/junit.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { CANARY_SECRETS, conformAgainst, FAULTY_NPA, leakyRun, reporterOptions, tempDir } from './support.ts';

const XSD = fileURLToPath(new URL('../../reporters/schema/junit.xsd', import.meta.url));

/** Validates a file with xmllint against the shipped XSD; returns xmllint's complaint, or '' when valid. */
function xmllint(file: string): string {
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    const e = error as { code?: string; stderr?: Buffer };
    if (e.code === 'ENOENT')
      throw new Error('xmllint is missing: run scripts/ensure-system-deps.sh (libxml2-utils)');
    return String(e.stderr);
  }
}

let faulty: RunResult;
let xml: string;
let file: string;

beforeAll(async () => {
  faulty = await conformAgainst(FAULTY_NPA);
  const outDir = tempDir();
  await junitReporter(reporterOptions(outDir)).onRunEnd?.(faulty);
  file = join(outDir, JUNIT_FILE);
  xml = readFileSync(file, 'utf8');
});

describe('JUnit reporter', () => {
  it('writes junit.xml that validates against reporters/schema/junit.xsd (xmllint)', () => {
    expect(xmllint(file)).toBe('');
  });

  it('writes one testcase per requirement check, classname the requirement, name the check @principal', () => {
    const cases = [...xml.matchAll(/<testcase classname="([^"]+)" name="([^"]+)"/g)];
    const checks = faulty.requirements.reduce((n, r) => n + Math.max(1, r.checks.length), 0);
    expect(cases).toHaveLength(checks);
    expect(cases.map((c) => `${c[1]} ${c[2]}`)).toContain(
      'CAP-NPA-8907 negative-balance.over-balance-8907 @strict',
    );
    const fails = faulty.requirements.flatMap((r) => r.checks).filter((c) => c.verdict === 'fail').length;
    expect(xml).toMatch(new RegExp(`<testsuites [^>]*failures="${fails}"`));
  });

  it('gives a failure its expected and actual as message and its curl line in the body', () => {
    const failure =
      /<testcase classname="CAP-NPA-8907" name="negative-balance.over-balance-8907 @strict"[^>]*>\s*<failure message="([^"]*)" type="MUST">([\s\S]*?)<\/failure>/.exec(
        xml,
      );
    expect(failure?.[1]).toBe('expected a 4xx with error code 8907; actual 200 with no error code');
    expect(failure?.[2]).toContain(
      'document: Capillary docs: Deduct points from user — API Error Codes (8907) (https://docs.capillarytech.com/reference/deduct-points-from-user)',
    );
    expect(failure?.[2]).toMatch(
      /^curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/v2\/customers\/lookup\/negativePointsAdjustment/m,
    );
    expect(failure?.[2]).toContain('$LC_CAPILLARY_BASIC');
  });

  it('marks uncovered requirements skipped with their reason', () => {
    expect(xml).toMatch(
      /<testcase classname="CAP-NPA-NO-RATE-LIMIT" name="no check"[^>]*>\s*<skipped message="not testable black-box/,
    );
  });

  it('stays valid with hostile values: markup, CDATA ends, NUL and escape characters, errors and skips', () => {
    const outDir = tempDir();
    const text = renderJunit(leakyRun(), reporterOptions(outDir, CANARY_SECRETS));
    const path = join(outDir, 'hostile.xml');
    writeFileSync(path, text);
    expect(xmllint(path)).toBe('');
    expect(text).toMatch(/<error message="scenario error/);
    expect(text).toMatch(/<system-out>WARN expected only status/);
    expect(text).not.toContain('<img');
    expect(text).not.toContain('\u0000');
  });
});
