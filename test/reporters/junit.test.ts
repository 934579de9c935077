import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { create } from 'xmlbuilder2';
import { JUNIT_FILE, junitReporter, renderJunit } from '../../reporters/junit.ts';
import type { JunitWarnAs } from '../../reporters/types.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { runCli } from '../cli/capture.ts';
import { CANARY_SECRETS, faultyNpaRun, leakyRun, reporterOptions, tempDir } from './support.ts';

/** The DOM an xmlbuilder2 parse gives, as far as these tests read it. */
interface Element {
  readonly tagName: string;
  readonly nodeType: number;
  readonly childNodes: Iterable<Element>;
  readonly attributes: { readonly length: number };
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  getElementsByTagName(name: string): Iterable<Element>;
}

/** The document element of a JUnit text, as a DOM (xmlbuilder2's parser). */
const parse = (xml: string) => create(xml).root().node as unknown as Element;
const elements = (parent: Element, name: string) => [...parent.getElementsByTagName(name)];
const children = (parent: Element) => [...parent.childNodes].filter((n) => n.nodeType === 1 /* element */);
const attribute = (el: Element, name: string) => el.getAttribute(name) ?? undefined;

let faulty: RunResult;
let xml: string;
let root: Element;
/** The same run with each `junitWarnAs`. */
const byMode = {} as Record<JunitWarnAs, Element>;
let passText: string;

beforeAll(async () => {
  faulty = await faultyNpaRun();
  const outDir = tempDir();
  await junitReporter(reporterOptions(outDir)).onRunEnd?.(faulty);
  xml = readFileSync(join(outDir, JUNIT_FILE), 'utf8');
  root = parse(xml);
  for (const mode of ['pass', 'failure', 'skipped'] as const) {
    const text = renderJunit(faulty, reporterOptions(outDir, [], { junitWarnAs: mode }));
    if (mode === 'pass') passText = text;
    byMode[mode] = parse(text);
  }
});

describe('JUnit reporter', () => {
  it('writes one testcase per requirement, check and principal, classname <operation>.<requirement>', () => {
    const cases = elements(root, 'testcase');
    const keys = new Set(
      faulty.requirements.flatMap((r) =>
        r.checks.length === 0
          ? [`${r.id} · no check`]
          : r.checks.map((c) => `${r.id} · ${c.checkId} @${c.principal}`),
      ),
    );
    expect(cases.map((c) => attribute(c, 'name')).sort()).toEqual([...keys].sort());
    const failing = cases.find(
      (c) => attribute(c, 'name') === 'CAP-NPA-8907 · negative-balance.over-balance-8907 @strict',
    );
    expect(failing && attribute(failing, 'classname')).toBe('negativePointsAdjustment.CAP-NPA-8907');
  });

  it('gives every testcase a unique name without a counter', () => {
    const names = elements(root, 'testcase').map((c) => attribute(c, 'name')!);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => /\(\d+\)/.test(n))).toEqual([]);
    // The faulty run does judge requirements twice per check and principal: they were folded.
    expect(faulty.requirements.reduce((n, r) => n + r.checks.length, 0)).toBeGreaterThan(names.length * 2);
  });

  it('folds the checks of one testcase into its worst verdict, with every check in the body', () => {
    const checks = faulty.requirements
      .find((r) => r.id === 'CAP-NPA-ARITHMETIC')!
      .checks.filter((c) => c.checkId === 'negative-balance.arithmetic' && c.principal === 'strict');
    expect(checks.map((c) => c.verdict)).toEqual(['fail', 'fail']);
    const c = elements(root, 'testcase').find(
      (t) => attribute(t, 'name') === 'CAP-NPA-ARITHMETIC · negative-balance.arithmetic @strict',
    )!;
    const failure = children(c);
    expect(failure.map((f) => f.tagName)).toEqual(['failure']);
    expect(attribute(failure[0]!, 'message')).toMatch(/\(and 1 more check\)$/);
    expect(
      failure[0]!.textContent?.match(/^check: negative-balance\.arithmetic @strict → fail$/gm),
    ).toHaveLength(2);
  });

  it('gives every testcase and testsuite a time in seconds: its exchanges, and the sum of its testcases', () => {
    const durations = new Map(faulty.exchanges.map((e) => [e.id, e.durationMs]));
    for (const suite of elements(root, 'testsuite')) {
      const cases = elements(suite, 'testcase');
      for (const c of cases) expect(attribute(c, 'time')).toMatch(/^\d+\.\d{3}$/);
      const sum = cases.reduce((s, c) => s + Math.round(Number(attribute(c, 'time')) * 1000), 0);
      expect(Math.round(Number(attribute(suite, 'time')) * 1000)).toBe(sum);
    }
    // The scenario judges 8907 once per program of the customer: the testcase's time is that of
    // every exchange its checks cite, each counted once.
    const ids = new Set(
      faulty.requirements
        .find((r) => r.id === 'CAP-NPA-8907')!
        .checks.filter((k) => k.principal === 'strict' && k.checkId === 'negative-balance.over-balance-8907')
        .flatMap((k) => k.exchangeIds),
    );
    const ms = [...ids].reduce((s, id) => s + (durations.get(id) ?? 0), 0);
    const c = elements(root, 'testcase').find(
      (t) => attribute(t, 'name') === 'CAP-NPA-8907 · negative-balance.over-balance-8907 @strict',
    )!;
    expect(attribute(c, 'time')).toBe((Math.round(ms) / 1000).toFixed(3));
    const total = elements(root, 'testsuite').reduce((s, t) => s + Number(attribute(t, 'time')), 0);
    expect(total).toBeGreaterThan(0);
  });

  it('gives a failure its expected and actual as message and its curl line in the body', () => {
    const c = elements(root, 'testcase').find(
      (t) => attribute(t, 'name') === 'CAP-NPA-8907 · negative-balance.over-balance-8907 @strict',
    )!;
    const failure = children(c)[0]!;
    expect(failure.tagName).toBe('failure');
    expect(attribute(failure, 'type')).toBe('MUST');
    // One check per program of the customer (two), one just over the balance and one 2^31 over it:
    // the first's expected and actual, the others counted.
    expect(attribute(failure, 'message')).toBe(
      'expected a 4xx with error code 8907; actual 200 with no error code (and 3 more checks)',
    );
    const body = failure.textContent ?? '';
    expect(body).toContain(
      'document: Capillary docs: Deduct points from user — API Error Codes (8907) (https://docs.capillarytech.com/reference/deduct-points-from-user)',
    );
    expect(body).toMatch(
      /^curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/v2\/customers\/lookup\/negativePointsAdjustment/m,
    );
    expect(body).toContain('$LC_CAPILLARY_BASIC');
  });

  it('marks uncovered requirements skipped with their reason', () => {
    const c = elements(root, 'testcase').find(
      (t) => attribute(t, 'name') === 'CAP-NPA-NO-RATE-LIMIT · no check',
    )!;
    expect(attribute(c, 'classname')).toBe('negativePointsAdjustment.CAP-NPA-NO-RATE-LIMIT');
    expect(attribute(children(c)[0]!, 'message')).toMatch(/^not testable black-box/);
  });

  it('gives every <skipped> its reason as text too (GitLab shows the text, not the message)', () => {
    for (const mode of ['pass', 'skipped'] as const) {
      const skipped = elements(byMode[mode], 'skipped');
      expect(skipped.length).toBeGreaterThan(0);
      for (const el of skipped) {
        const message = attribute(el, 'message') ?? '';
        const text = el.textContent ?? '';
        if (message.startsWith('warning: ')) expect(text).toMatch(/^GEN-|^CAP-|^FAB-/);
        else expect(text).toBe(message);
      }
    }
  });

  it('counts and lists the warnings of each testsuite at suite level (property and system-out)', () => {
    let total = 0;
    for (const suite of elements(root, 'testsuite')) {
      // A testcase folds the checks of one requirement, check and principal: it is a warning when
      // its worst check warns (one that also failed is a failure).
      const warned = elements(suite, 'testcase').filter((c) => {
        const name = attribute(c, 'name')!;
        const verdicts = faulty.requirements.flatMap((r) =>
          r.checks.filter((k) => name === `${r.id} · ${k.checkId} @${k.principal}`).map((k) => k.verdict),
        );
        return verdicts.includes('warn') && !verdicts.some((v) => v === 'fail' || v === 'error');
      });
      const property = elements(suite, 'property').find((p) => attribute(p, 'name') === 'warnings');
      expect(attribute(property!, 'value')).toBe(String(warned.length));
      const out = children(suite).find((e) => e.tagName === 'system-out')!.textContent ?? '';
      for (const c of warned) expect(out).toContain(`WARN ${attribute(c, 'name')}: expected `);
      total += warned.length;
    }
    expect(total).toBeGreaterThan(3);
  });

  it('keeps a warning a passing testcase by default (--junit-warn-as pass)', () => {
    const warned = elements(byMode.pass, 'testcase').find(
      (c) => attribute(c, 'name') === 'CAP-NPA-REASON-REQUIRED · input-validation.empty-reason @strict',
    )!;
    expect(children(warned)).toEqual([]);
    expect(passText).toBe(xml);
  });

  it('makes a warning a <failure type="warning"> with --junit-warn-as failure, counted as a failure', () => {
    const warned = elements(byMode.failure, 'testcase').find(
      (c) => attribute(c, 'name') === 'CAP-NPA-REASON-REQUIRED · input-validation.empty-reason @strict',
    )!;
    const failure = children(warned)[0]!;
    expect(failure.tagName).toBe('failure');
    expect(attribute(failure, 'type')).toBe('warning');
    expect(attribute(failure, 'message')).toMatch(/^expected a refusal: a 4xx; actual 200/);
    const failures = (mode: JunitWarnAs) =>
      elements(byMode[mode], 'testsuite').reduce((n, s) => n + Number(attribute(s, 'failures')), 0);
    const warnings = elements(byMode.pass, 'property')
      .filter((p) => attribute(p, 'name') === 'warnings')
      .reduce((n, p) => n + Number(attribute(p, 'value')), 0);
    expect(failures('failure')).toBe(failures('pass') + warnings);
  });

  it('makes a warning <skipped message="warning: …"> with --junit-warn-as skipped, counted as skipped', () => {
    const warned = elements(byMode.skipped, 'testcase').find(
      (c) => attribute(c, 'name') === 'CAP-NPA-REASON-REQUIRED · input-validation.empty-reason @strict',
    )!;
    const skipped = children(warned)[0]!;
    expect(skipped.tagName).toBe('skipped');
    expect(attribute(skipped, 'message')).toMatch(/^warning: expected a refusal: a 4xx; actual 200/);
    const skips = (mode: JunitWarnAs) =>
      elements(byMode[mode], 'testsuite').reduce((n, s) => n + Number(attribute(s, 'skipped')), 0);
    expect(skips('skipped')).toBeGreaterThan(skips('pass'));
  });

  it('writes no attribute on <testsuites> and only properties, testcases, system-out and system-err in a testsuite', () => {
    expect(root.tagName).toBe('testsuites');
    expect(root.attributes.length).toBe(0);
    for (const suite of elements(root, 'testsuite')) {
      const names = children(suite).map((e) => e.tagName);
      expect(names[0]).toBe('properties');
      expect(names.slice(-2)).toEqual(['system-out', 'system-err']);
      expect(new Set(names.slice(1, -2))).toEqual(new Set(['testcase']));
    }
    for (const c of elements(root, 'testcase')) expect(children(c).length).toBeLessThanOrEqual(1);
  });

  it("names the profile's declaration a failure rests on in the failure's body, one line after actual", () => {
    const run = leakyRun();
    const premise = 'capillary.orgs[strict].config.negativeBalanceOnReturn: off';
    const failureOf = (r: RunResult) =>
      elements(parse(renderJunit(r, reporterOptions(tempDir()))), 'failure')[0]!;
    expect(failureOf(run).textContent).not.toContain('premise');
    const body =
      failureOf({ ...run, scenarios: run.scenarios.map((s) => ({ ...s, premise })) }).textContent ?? '';
    expect(body).toMatch(
      /\nactual: [^\n]*\npremise: the profile declares capillary\.orgs\[strict\]\.config\.negativeBalanceOnReturn: off\n/,
    );
    // A premise of another principal's run of the scenario is not this failure's.
    const other = { ...run, scenarios: run.scenarios.map((s) => ({ ...s, principal: 'lenient', premise })) };
    expect(failureOf(other).textContent).not.toContain('premise');
  });

  it("gives a warning's body why it only warns, from the check's note, beside expected and actual", () => {
    const run = leakyRun();
    const note = 'the documents do not say how concurrent requests may be refused';
    const warned = {
      ...run,
      requirements: run.requirements.map((r) =>
        r.id === 'GEN-UNDOCUMENTED-FIELDS'
          ? {
              ...r,
              checks: r.checks.map((c) => ({ ...c, message: `${note}: expected ${c.expected}`, note })),
            }
          : r,
      ),
    };
    const text = renderJunit(warned, reporterOptions(tempDir(), [], { junitWarnAs: 'failure' }));
    const body = elements(parse(text), 'failure').find(
      (f) => attribute(f, 'type') === 'warning',
    )!.textContent;
    expect(body).toContain(`\nwhy warn: ${note}\nexpected: `);
    // The message's own wording of the same is not repeated.
    expect(body).not.toContain(`${note}: expected`);
  });

  it('keeps hostile values as text and the canary secrets out', () => {
    const text = renderJunit(leakyRun(), reporterOptions(tempDir(), CANARY_SECRETS));
    const doc = parse(text);
    const error = elements(doc, 'error')[0]!;
    expect(attribute(error, 'message')).toBe('scenario error: Basic [REDACTED] refused');
    const out = elements(doc, 'system-out')[0]!.textContent ?? '';
    expect(out).toMatch(
      /^WARN GEN-UNDOCUMENTED-FIELDS · universal\.undocumented-fields @strict: expected only status/,
    );
    expect(out).toContain('<img src=x onerror=');
    expect(text).not.toContain('<img');
    expect(text).not.toContain('\u0000');
    for (const secret of CANARY_SECRETS) expect(text).not.toContain(secret);
  });
});

describe('run --junit-warn-as', () => {
  it('passes the choice to junit.xml (a reference run warns on GEN-ERROR-CODE-KNOWN)', async () => {
    const outDir = tempDir();
    const { code } = await runCli([
      'run',
      '--grep',
      'balance',
      '--reporter',
      'junit',
      '--out',
      outDir,
      '--junit-warn-as',
      'failure',
    ]);
    expect(code).toBe(0);
    const doc = parse(readFileSync(join(outDir, JUNIT_FILE), 'utf8'));
    const warnings = elements(doc, 'failure').filter((f) => attribute(f, 'type') === 'warning');
    expect(warnings.length).toBeGreaterThan(0);
    expect(
      elements(doc, 'property')
        .find((p) => attribute(p, 'name') === 'junit.warn-as')
        ?.getAttribute('value'),
    ).toBe('failure');
  });

  it('refuses another value with a usage error (exit 2)', async () => {
    const { code, stderr } = await runCli([
      'run',
      '--reporter',
      'junit',
      '--out',
      tempDir(),
      '--junit-warn-as',
      'ignore',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--junit-warn-as/);
  });
});
