import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult, RequirementResult, RunResult, Verdict } from '../src/engine/types.ts';
import { documentReference, emptyCounts, prepareReport, type ReportView } from './summary.ts';
import type { ReporterFactory, ReporterOptions } from './types.ts';
import { type XmlElement, xmlDocument } from './xml.ts';

/** The file the JUnit reporter writes in the output folder. */
export const JUNIT_FILE = 'junit.xml';

/** Name of the testsuite of requirements that name no operation. */
const NO_OPERATION = 'general';

/** Exchanges (curl line, status) shown in a failure's body; the JSON and HTML reports have all. */
const EXCHANGES_SHOWN = 5;

/** Characters of a response body shown per exchange in a failure's body. */
const BODY_SHOWN = 500;

/**
 * JUnit XML of a run, valid against `reporters/schema/junit.xsd` (the Jenkins/Ant structure).
 *
 * - one `<testsuite>` per operation (a requirement's first operation), properties from the manifest;
 * - one `<testcase>` per check result: `classname` the requirement ID, `name` the check and its
 *   principal (`negative-balance.over-balance-8907 @strict`);
 * - `fail` → `<failure>` (message: expected versus actual; body: the document reference and the
 *   curl lines of its exchanges), `error` → `<error>`, `skip` → `<skipped>`, `warn` → a passing
 *   testcase with the warning in `<system-out>` (warnings do not fail a build);
 * - a requirement no check covered → one skipped testcase with the reason;
 * - an incomplete run (`stopped`: interrupted, or a silent target) → a `stopped` property in every
 *   testsuite with its code and message.
 */
export function renderJunit(result: RunResult, options: Pick<ReporterOptions, 'secrets' | 'curl'>): string {
  const view = prepareReport(result, options);
  const run = view.result;
  const groups = new Map<string, RequirementResult[]>();
  for (const r of run.requirements) {
    const key = r.operations[0] ?? NO_OPERATION;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }

  const total = emptyCounts();
  const suites: { name: string; cases: TestCase[] }[] = [];
  for (const [operation, requirements] of groups) {
    const cases = requirements.flatMap((r) => testCases(r));
    for (const c of cases) total[c.verdict] += 1;
    suites.push({ name: operation, cases });
  }

  const doc = xmlDocument();
  const root = doc.ele('testsuites', {
    name: `loyalty-conformance ${run.manifest.profile.name}`,
    tests: String(sum(total)),
    failures: String(total.fail),
    errors: String(total.error),
    skipped: String(total.skip),
    time: seconds(run.manifest.durationMs),
  });
  suites.forEach((suite, index) => {
    const counts = emptyCounts();
    for (const c of suite.cases) counts[c.verdict] += 1;
    const el = root.ele('testsuite', {
      name: suite.name,
      id: String(index),
      package: 'loyalty-conformance',
      tests: String(suite.cases.length),
      failures: String(counts.fail),
      errors: String(counts.error),
      skipped: String(counts.skip),
      timestamp: run.manifest.startedAt.replace(/\.\d+Z$|Z$/, ''),
      hostname: 'localhost',
    });
    writeProperties(el, run);
    for (const c of suite.cases) writeCase(el, c, view);
  });
  return view.scrub(doc.end());
}

/** One testcase to write. */
interface TestCase {
  readonly requirement: RequirementResult;
  readonly check: CheckResult | undefined;
  readonly name: string;
  readonly verdict: Verdict;
}

function testCases(requirement: RequirementResult): TestCase[] {
  if (requirement.checks.length === 0) {
    return [{ requirement, check: undefined, name: 'no check', verdict: 'skip' }];
  }
  // Universal checks may report one requirement several times for one principal: number repeats
  // so that every testcase has its own name.
  const seen = new Map<string, number>();
  return requirement.checks.map((check) => {
    const base = `${check.checkId} @${check.principal}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { requirement, check, name: n === 1 ? base : `${base} (${n})`, verdict: check.verdict };
  });
}

function writeProperties(suite: XmlElement, run: RunResult): void {
  const m = run.manifest;
  const props = suite.ele('properties');
  const add = (name: string, value: string) => props.ele('property', { name, value });
  add('tool.version', m.tool.version);
  add('profile', m.profile.name);
  add('environment', m.profile.environment);
  add('seed', String(m.seed));
  for (const [family, url] of Object.entries(m.targets)) add(`target.${family}`, url);
  if (m.shard) add('shard', `${m.shard.index}/${m.shard.total}`);
  if (m.shards) add('merged.shards', m.shards.map((s) => `${s.index}/${s.total}`).join(','));
  // An incomplete run (interrupted, or a target that stopped answering): its not-run checks are errors.
  if (run.stopped) add('stopped', `${run.stopped.code}: ${run.stopped.message}`);
}

function writeCase(suite: XmlElement, c: TestCase, view: ReportView): void {
  const { requirement: r, check } = c;
  // No time: a check result has no duration of its own (a scenario judges several requirements).
  const el = suite.ele('testcase', { classname: r.id, name: c.name });
  if (!check) {
    el.ele('skipped', { message: r.uncoveredReason ?? 'not covered' });
    return;
  }
  const verdictLine =
    check.expected !== undefined || check.actual !== undefined
      ? `expected ${check.expected ?? '-'}; actual ${check.actual ?? '-'}`
      : check.message;
  const body = () => evidenceText(r, check, view);
  switch (check.verdict) {
    case 'fail':
      el.ele('failure', { message: verdictLine, type: r.level }).txt(body());
      break;
    case 'error':
      el.ele('error', { message: check.message, type: 'error' }).txt(body());
      break;
    case 'skip':
      el.ele('skipped', { message: check.message });
      break;
    case 'warn':
      el.ele('system-out').txt(`WARN ${verdictLine}\n${body()}`);
      break;
    case 'pass':
      break;
  }
}

/** The body of a failure: requirement, document, expected versus actual, and the exchanges' curl lines. */
function evidenceText(r: RequirementResult, check: CheckResult, view: ReportView): string {
  const lines = [
    `${r.id} [${r.level}] ${r.title}`,
    `document: ${documentReference(r)}`,
    `check: ${check.checkId} @${check.principal}`,
  ];
  // Scenario checks word their message as `expected …`; keep it only when it says more.
  if (check.message !== `expected ${check.expected}`) lines.push(check.message);
  if (check.expected !== undefined) lines.push(`expected: ${check.expected}`);
  if (check.actual !== undefined) lines.push(`actual: ${check.actual}`);
  for (const id of check.exchangeIds.slice(0, EXCHANGES_SHOWN)) {
    const exchange = view.exchanges.get(id);
    const answer = exchange?.response
      ? `${exchange.response.status}`
      : exchange?.error
        ? `no response (${exchange.error.code})`
        : 'not kept';
    lines.push('', `exchange #${id} ${exchange?.operationId ?? ''} → ${answer}`);
    const curl = view.curl.get(id);
    if (curl) lines.push(curl);
    const text = exchange?.response?.bodyText;
    if (text) lines.push(`response: ${text.length > BODY_SHOWN ? `${text.slice(0, BODY_SHOWN)}…` : text}`);
  }
  if (check.exchangeIds.length > EXCHANGES_SHOWN) {
    lines.push(`… ${check.exchangeIds.length - EXCHANGES_SHOWN} more exchange(s) in conformance.json`);
  }
  return lines.join('\n');
}

const sum = (counts: Record<Verdict, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** Writes `junit.xml` at the end of the run. */
export const junitReporter: ReporterFactory = (options) => ({
  onRunEnd(result) {
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, JUNIT_FILE), renderJunit(result, options));
  },
});
