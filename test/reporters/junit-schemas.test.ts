import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderJunit } from '../../reporters/junit.ts';
import { JUNIT_WARN_AS } from '../../reporters/types.ts';
import { coverageCount, coverageGate } from '../../src/coverage/model.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { CANARY_SECRETS, faultyNpaRun, leakyRun, reporterOptions, tempDir } from './support.ts';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * The schemas junit.xml must satisfy: ours (shipped), and copies of the two CI consumers validate
 * against, vendored with their licence and source in a header comment (never downloaded here).
 */
const SCHEMAS = {
  'reporters/schema/junit.xsd': path('../../reporters/schema/junit.xsd'),
  'Jenkins xunit junit-10.xsd': path('fixtures/junit-xsd/jenkins-xunit-junit-10.xsd'),
  'Apache Ant JUnit (windyroad/JUnit-Schema)': path('fixtures/junit-xsd/ant-junit-windyroad.xsd'),
} as const;
type SchemaName = keyof typeof SCHEMAS;
const SCHEMA_NAMES = Object.keys(SCHEMAS) as SchemaName[];

/** xmllint's complaint about a file against a schema, or '' when it validates. */
function xmllint(schema: SchemaName, file: string): string {
  try {
    execFileSync('xmllint', ['--noout', '--schema', SCHEMAS[schema], file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    const e = error as { code?: string; stderr?: Buffer };
    if (e.code === 'ENOENT')
      throw new Error('xmllint is missing: run scripts/ensure-system-deps.sh (libxml2-utils)');
    return String(e.stderr);
  }
}

/** Writes a text to a fresh file and returns its path. */
function fileOf(text: string, name = 'junit.xml'): string {
  const file = join(tempDir('lc-junit-'), name);
  writeFileSync(file, text);
  return file;
}

let faulty: RunResult;

beforeAll(async () => {
  // Failures, warnings, skips and (uncovered) skipped requirements; leakyRun adds an error.
  faulty = await faultyNpaRun();
});

describe('junit.xml against the JUnit schemas CI consumers use', () => {
  const cases = SCHEMA_NAMES.flatMap((schema) => JUNIT_WARN_AS.map((mode) => [schema, mode] as const));

  it.each(cases)(
    'a faulty-provider run validates against %s (xmllint, --junit-warn-as %s)',
    (schema, mode) => {
      const verdicts = new Set(faulty.requirements.flatMap((r) => r.checks.map((c) => c.verdict)));
      expect([...verdicts].sort()).toEqual(['fail', 'pass', 'skip', 'warn']);
      const file = fileOf(renderJunit(faulty, reporterOptions(tempDir(), [], { junitWarnAs: mode })));
      expect(xmllint(schema, file)).toBe('');
    },
  );

  it.each(cases)(
    'a run with an error, hostile text, a premise and secrets validates against %s (xmllint, --junit-warn-as %s)',
    (schema, mode) => {
      // The failure's body names what the profile declares (the premise), markup in it kept as text.
      const premise = 'capillary.orgs[<main & "x">].config.negativeBalanceOnReturn: on';
      const run = { ...leakyRun(), scenarios: leakyRun().scenarios.map((s) => ({ ...s, premise })) };
      expect(new Set(run.requirements.map((r) => r.verdict))).toEqual(
        new Set(['fail', 'error', 'warn', 'pass', 'skip']),
      );
      const file = fileOf(
        renderJunit(run, reporterOptions(tempDir(), CANARY_SECRETS, { junitWarnAs: mode })),
      );
      expect(readFileSync(file, 'utf8')).toContain('premise: the profile declares capillary.orgs[&lt;main');
      expect(xmllint(schema, file)).toBe('');
    },
  );

  it.each([
    [90, 'failed'],
    [80, 'met'],
  ])(
    'a run with a --min-coverage %d gate (%s: its own testsuite) validates against every schema',
    (floor, how) => {
      const coverage = {
        exchanges: 2,
        totals: { statusesAndCodes: coverageCount(34, 42), parameters: coverageCount(3, 4) },
        operations: [],
      };
      const run = { ...leakyRun(), exitCode: 0, verdict: 'pass', coverage } as RunResult;
      const file = fileOf(
        renderJunit(
          run,
          reporterOptions(tempDir(), CANARY_SECRETS, {
            coverageGate: (r: RunResult) => coverageGate(r.coverage, floor),
          }),
        ),
      );
      const xml = readFileSync(file, 'utf8');
      expect(xml).toContain(`name="--min-coverage"`);
      if (how === 'failed')
        expect(xml).toContain(
          '<failure message="coverage 80.9% below --min-coverage 90 (34 of 42 declared statuses and error codes exercised)" type="gate">',
        );
      else expect(xml).toContain('<system-out>coverage 80.9% meets --min-coverage 80 (34 of 42');
      for (const schema of SCHEMA_NAMES) expect(xmllint(schema, file), schema).toBe('');
    },
  );

  it('an interrupted merged shard run (stopped, shard properties) validates against every schema', () => {
    const run: RunResult = {
      ...leakyRun(),
      stopped: { code: 'LC_ERR_TARGET_UNRESPONSIVE', message: '5 requests in a row unanswered' },
      manifest: { ...leakyRun().manifest, shard: { index: 2, total: 4 } },
    };
    const file = fileOf(renderJunit(run, reporterOptions(tempDir(), CANARY_SECRETS)));
    for (const schema of SCHEMA_NAMES) expect(xmllint(schema, file), schema).toBe('');
  });
});

describe('the vendored schemas refuse what the earlier junit.xml had (they are not vacuous)', () => {
  const suite = (attributes: string, body: string) =>
    `<?xml version="1.0" encoding="UTF-8"?>
<testsuites${attributes}>
  <testsuite name="op" id="0" package="loyalty-conformance" tests="1" failures="0" errors="0" skipped="0" time="0.000" timestamp="2026-01-01T00:00:00" hostname="localhost">
    <properties/>
    ${body}
    <system-out/>
    <system-err/>
  </testsuite>
</testsuites>
`;
  const valid = suite('', '<testcase classname="op.R" name="R · c @p" time="0.001"/>');

  it('accepts a minimal file of the new shape (all three)', () => {
    for (const schema of SCHEMA_NAMES) expect(xmllint(schema, fileOf(valid)), schema).toBe('');
  });

  it.each([
    [
      'skipped on testsuites',
      suite(' skipped="0"', '<testcase classname="op.R" name="R" time="0.001"/>'),
      ['Jenkins xunit junit-10.xsd', 'Apache Ant JUnit (windyroad/JUnit-Schema)'],
    ],
    [
      'a testcase without time',
      suite('', '<testcase classname="op.R" name="R"/>'),
      ['Apache Ant JUnit (windyroad/JUnit-Schema)'],
    ],
    [
      'system-out inside a testcase',
      suite('', '<testcase classname="op.R" name="R" time="0.001"><system-out>WARN</system-out></testcase>'),
      ['Apache Ant JUnit (windyroad/JUnit-Schema)'],
    ],
    [
      'a time with four decimals',
      suite('', '<testcase classname="op.R" name="R" time="0.001"/>').replace(
        'time="0.000"',
        'time="0.0001"',
      ),
      ['Jenkins xunit junit-10.xsd'],
    ],
  ] as const)('refuses %s', (_what, text, refusedBy) => {
    const file = fileOf(text);
    for (const schema of refusedBy) expect(xmllint(schema, file), schema).not.toBe('');
    // Ours is at least as strict as both.
    expect(xmllint('reporters/schema/junit.xsd', file)).not.toBe('');
  });
});
