import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageGate } from '../src/coverage/model.ts';
import type { CheckResult, RequirementResult, RunResult, Verdict } from '../src/engine/types.ts';
import {
  documentReference,
  messageBeyondExpected,
  premiseOf,
  prepareReport,
  type ReportView,
  worstOf,
} from './summary.ts';
import {
  DEFAULT_JUNIT_WARN_AS,
  type JunitWarnAs,
  type ReporterFactory,
  type ReporterOptions,
} from './types.ts';
import { type XmlElement, xmlDocument } from './xml.ts';

/** The file the JUnit reporter writes in the output folder. */
export const JUNIT_FILE = 'junit.xml';

/** Name of the testsuite of requirements that name no operation. */
const NO_OPERATION = 'general';

/** Exchanges (curl line, status) shown per check in a testcase's body; the JSON and HTML reports have all. */
const EXCHANGES_SHOWN = 5;

/** Characters of a response body shown per exchange in a testcase's body. */
const BODY_SHOWN = 500;

/** Between a requirement ID and its check in a testcase name. */
const SEPARATOR = ' · ';

/**
 * JUnit XML of a run, valid against both schemas CI consumers use: Jenkins xunit's `junit-10.xsd`
 * and the Apache Ant JUnit schema (their intersection is `reporters/schema/junit.xsd`).
 *
 * - `<testsuites>` carries no attribute (Ant allows none); one `<testsuite>` per operation (a
 *   requirement's first operation), with `time`, the manifest's properties, a `warnings` property
 *   and, in `<system-out>`, every warning of the suite (what a CI view shows at suite level);
 * - one `<testcase>` per requirement × check × principal: `classname` `<operation>.<requirement>`
 *   (CI views group by what comes before the last dot: endpoint, then requirement), `name`
 *   `<requirement> · <check> @<principal>`. Checks of one scenario or universal check that judge
 *   the same requirement for the same principal are folded into one testcase: its worst verdict,
 *   every check in its body. `time`: the seconds of the exchanges its checks cite (0 when none);
 * - `fail` → `<failure type="MUST">` (message: expected versus actual; body: the document
 *   reference and the curl lines of its exchanges), `error` → `<error>`, `skip` → `<skipped>`,
 *   `warn` → what `junitWarnAs` says (default: passes; see {@link DEFAULT_JUNIT_WARN_AS});
 * - a requirement no check covered → one skipped testcase with the reason;
 * - an incomplete run (`stopped`: interrupted, or a silent target) → a `stopped` property in every
 *   testsuite with its code and message;
 * - a coverage floor (`options.coverageGate`, `--min-coverage`) → a last testsuite
 *   `loyalty-conformance` with one testcase `--min-coverage`, failing when the run is below it.
 */
export function renderJunit(
  result: RunResult,
  options: Pick<ReporterOptions, 'secrets' | 'curl' | 'junitWarnAs' | 'coverageGate'>,
): string {
  const view = prepareReport(result, options);
  const run = view.result;
  const warnAs = options.junitWarnAs ?? DEFAULT_JUNIT_WARN_AS;
  const groups = new Map<string, TestCase[]>();
  for (const r of run.requirements) {
    const operation = r.operations[0] ?? NO_OPERATION;
    const cases = groups.get(operation) ?? [];
    cases.push(...testCases(operation, r, view));
    groups.set(operation, cases);
  }

  const doc = xmlDocument();
  const root = doc.ele('testsuites');
  [...groups].forEach(([operation, cases], index) => {
    writeSuite(root, { name: operation, id: index, cases, warnAs }, view);
  });
  const gate = options.coverageGate?.(run);
  if (gate) writeGateSuite(root, gate, groups.size, view, warnAs);
  return view.scrub(doc.end());
}

/** The testsuite and testcase of the coverage gate (`--min-coverage`): {@link GATE_SUITE} / {@link GATE_CASE}. */
export const GATE_SUITE = 'loyalty-conformance';
export const GATE_CASE = '--min-coverage';

/**
 * The coverage gate (`ReporterOptions.coverageGate`): one testsuite with one testcase, failing when
 * the run is below the floor, so that the CI view shows why the job is red (and, when met, that
 * the gate was applied); the requirements' testcases stand.
 */
function writeGateSuite(
  root: XmlElement,
  gate: CoverageGate,
  id: number,
  view: ReportView,
  warnAs: JunitWarnAs,
): void {
  const run = view.result;
  const el = root.ele('testsuite', {
    name: GATE_SUITE,
    id: String(id),
    package: 'loyalty-conformance',
    tests: '1',
    failures: gate.met ? '0' : '1',
    errors: '0',
    skipped: '0',
    time: seconds(0),
    timestamp: run.manifest.startedAt.replace(/\.\d+Z$|Z$/, ''),
    hostname: 'localhost',
  });
  writeProperties(el, run, { warnings: 0, warnAs });
  const testcase = el.ele('testcase', { classname: GATE_SUITE, name: GATE_CASE, time: seconds(0) });
  if (!gate.met)
    testcase
      .ele('failure', { message: gate.line, type: 'gate' })
      .txt(`${gate.line}\nThe run exits 1; each requirement's verdict is in the other testsuites.`);
  // A testcase may hold no system-out in the Jenkins schema: a met gate's line is the suite's.
  const out = el.ele('system-out');
  if (gate.met) out.txt(gate.line);
  el.ele('system-err');
}

/** One testcase to write: the checks of one requirement, check ID and principal. */
interface TestCase {
  readonly requirement: RequirementResult;
  /** Empty for a requirement no check covers. */
  readonly checks: readonly CheckResult[];
  readonly classname: string;
  readonly name: string;
  /** The worst verdict of its checks. */
  readonly verdict: Verdict;
  /** Whole milliseconds of the exchanges its checks cite. */
  readonly ms: number;
}

/** What a testcase counts as in its testsuite, once `junitWarnAs` is applied. */
type Outcome = 'pass' | 'failure' | 'error' | 'skipped';

function outcomeOf(verdict: Verdict, warnAs: JunitWarnAs): Outcome {
  switch (verdict) {
    case 'fail':
      return 'failure';
    case 'error':
      return 'error';
    case 'skip':
      return 'skipped';
    case 'warn':
      return warnAs;
    case 'pass':
      return 'pass';
  }
}

function testCases(operation: string, r: RequirementResult, view: ReportView): TestCase[] {
  const classname = `${operation}.${r.id}`;
  if (r.checks.length === 0) {
    return [
      { requirement: r, checks: [], classname, name: `${r.id}${SEPARATOR}no check`, verdict: 'skip', ms: 0 },
    ];
  }
  // A scenario may judge one requirement several times for one principal (and a universal check
  // judges it on every exchange): one testcase per check and principal, never a counter.
  const folded = new Map<string, CheckResult[]>();
  for (const check of r.checks) {
    const key = `${check.checkId} @${check.principal}`;
    folded.set(key, [...(folded.get(key) ?? []), check]);
  }
  return [...folded].map(([key, checks]) => {
    const ids = new Set(checks.flatMap((c) => c.exchangeIds));
    let ms = 0;
    for (const id of ids) ms += view.exchanges.get(id)?.durationMs ?? 0;
    return {
      requirement: r,
      checks,
      classname,
      name: `${r.id}${SEPARATOR}${key}`,
      verdict: worstOf(checks.map((c) => c.verdict)),
      ms: Math.round(ms),
    };
  });
}

/** One testsuite: its operation, position and testcases. */
interface Suite {
  readonly name: string;
  readonly id: number;
  readonly cases: readonly TestCase[];
  readonly warnAs: JunitWarnAs;
}

function writeSuite(root: XmlElement, suite: Suite, view: ReportView): void {
  const run = view.result;
  const counts: Record<Outcome, number> = { pass: 0, failure: 0, error: 0, skipped: 0 };
  let ms = 0;
  for (const c of suite.cases) {
    counts[outcomeOf(c.verdict, suite.warnAs)] += 1;
    ms += c.ms;
  }
  const warnings = suite.cases.filter((c) => c.verdict === 'warn');
  const el = root.ele('testsuite', {
    name: suite.name,
    id: String(suite.id),
    package: 'loyalty-conformance',
    tests: String(suite.cases.length),
    failures: String(counts.failure),
    errors: String(counts.error),
    skipped: String(counts.skipped),
    time: seconds(ms),
    timestamp: run.manifest.startedAt.replace(/\.\d+Z$|Z$/, ''),
    hostname: 'localhost',
  });
  writeProperties(el, run, { warnings: warnings.length, warnAs: suite.warnAs });
  for (const c of suite.cases) writeCase(el, c, suite.warnAs, view);
  // Both schemas allow output at suite level only (Ant: not in a testcase): the warnings go here,
  // whatever `junitWarnAs` made of their testcases, so that every CI view can show them.
  el.ele('system-out').txt(
    warnings.map((c) => `WARN ${c.name}: ${verdictLine(c)}\n${evidenceText(c, view)}\n`).join('\n'),
  );
  el.ele('system-err');
}

function writeProperties(
  suite: XmlElement,
  run: RunResult,
  extra: { readonly warnings: number; readonly warnAs: JunitWarnAs },
): void {
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
  add('warnings', String(extra.warnings));
  add('junit.warn-as', extra.warnAs);
}

function writeCase(suite: XmlElement, c: TestCase, warnAs: JunitWarnAs, view: ReportView): void {
  const el = suite.ele('testcase', { classname: c.classname, name: c.name, time: seconds(c.ms) });
  const r = c.requirement;
  if (c.checks.length === 0) {
    const reason = r.uncoveredReason ?? 'not covered';
    el.ele('skipped', { message: reason }).txt(reason);
    return;
  }
  // Both schemas allow at most one child here: the worst verdict, with every check in its body.
  switch (outcomeOf(c.verdict, warnAs)) {
    case 'failure':
      el.ele('failure', {
        message: verdictLine(c),
        type: c.verdict === 'warn' ? 'warning' : r.level,
      }).txt(evidenceText(c, view));
      break;
    case 'error':
      el.ele('error', { message: headline(c).message, type: 'error' }).txt(evidenceText(c, view));
      break;
    case 'skipped':
      // The reason as text too: GitLab's parser shows a skipped testcase's text, not its message.
      if (c.verdict === 'warn') {
        el.ele('skipped', { message: `warning: ${verdictLine(c)}` }).txt(evidenceText(c, view));
      } else {
        el.ele('skipped', { message: headline(c).message }).txt(headline(c).message);
      }
      break;
    case 'pass':
      break;
  }
}

/** The first check carrying the testcase's verdict: the one its message shows. */
const headline = (c: TestCase): CheckResult => c.checks.find((k) => k.verdict === c.verdict) ?? c.checks[0]!;

/** `expected …; actual …` of the headline check (its message without either), and how many more say so. */
function verdictLine(c: TestCase): string {
  const check = headline(c);
  const line =
    check.expected !== undefined || check.actual !== undefined
      ? `expected ${check.expected ?? '-'}; actual ${check.actual ?? '-'}`
      : check.message;
  const more = c.checks.filter((k) => k.verdict === c.verdict).length - 1;
  return more > 0 ? `${line} (and ${more} more check${more === 1 ? '' : 's'})` : line;
}

/** The body of a testcase: requirement, document, then each check's expected versus actual and curl lines. */
function evidenceText(c: TestCase, view: ReportView): string {
  const r = c.requirement;
  const lines = [`${r.id} [${r.level}] ${r.title}`, `document: ${documentReference(r)}`];
  for (const check of c.checks) {
    if (check.verdict === 'pass' && c.verdict !== 'pass') continue;
    lines.push('', `check: ${check.checkId} @${check.principal} → ${check.verdict}`);
    const beyond = messageBeyondExpected(check);
    if (beyond !== undefined) lines.push(beyond);
    if (check.expected !== undefined) lines.push(`expected: ${check.expected}`);
    if (check.actual !== undefined) lines.push(`actual: ${check.actual}`);
    // What the expectation rests on: a failure the profile's declaration explains is not the target's.
    const premise = premiseOf(view.result, check);
    if (premise !== undefined) lines.push(`premise: the profile declares ${premise}`);
    for (const id of check.exchangeIds.slice(0, EXCHANGES_SHOWN)) {
      const exchange = view.exchanges.get(id);
      const answer = exchange?.response
        ? `${exchange.response.status}`
        : exchange?.error
          ? `no response (${exchange.error.code})`
          : 'not kept';
      lines.push(`exchange #${id} ${exchange?.operationId ?? ''} → ${answer}`);
      const curl = view.curl.get(id);
      if (curl) lines.push(curl);
      const text = exchange?.response?.bodyText;
      if (text) lines.push(`response: ${text.length > BODY_SHOWN ? `${text.slice(0, BODY_SHOWN)}…` : text}`);
    }
    if (check.exchangeIds.length > EXCHANGES_SHOWN) {
      lines.push(`… ${check.exchangeIds.length - EXCHANGES_SHOWN} more exchange(s) in conformance.json`);
    }
  }
  const passed = c.verdict === 'pass' ? 0 : c.checks.filter((k) => k.verdict === 'pass').length;
  if (passed > 0) lines.push('', `${passed} more check(s) of it passed`);
  return lines.join('\n');
}

/** Whole milliseconds as seconds with three decimals (Jenkins reads at most three). */
const seconds = (ms: number) => (ms / 1000).toFixed(3);

/** Writes `junit.xml` at the end of the run. */
export const junitReporter: ReporterFactory = (options) => ({
  onRunEnd(result) {
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, JUNIT_FILE), renderJunit(result, options));
  },
});
