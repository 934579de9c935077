import { markdownText } from '../../reporters/markdown.ts';
import { verdictHeadline } from '../../reporters/summary.ts';
import { OWN_CHOICE_DOCUMENT } from '../catalogue/catalogue.ts';
import type {
  CheckResult,
  OrgConfigManifest,
  OrgFixturesManifest,
  RequirementResult,
  RequirementSource,
  RunManifest,
  RunResult,
  Verdict,
} from '../engine/types.ts';
import { NOT_RUN_BAIL, worstVerdict } from '../engine/verdicts.ts';
import { oneLine as lineOf } from '../errors.ts';
import { isLoopbackHost } from '../loopback.ts';
import { maskUserInfo } from '../profile/shown-url.ts';

/**
 * Baseline diff: what changed between two runs, by requirement and principal (org or `fabric`).
 * Pure functions from two run results to a diff, and from a diff to text; no file access.
 */

/** When a diff makes the process fail: on new failures only, on any failure, or never. */
export const FAIL_ON = ['new', 'any', 'none'] as const;
/** One of {@link FAIL_ON}. */
export type FailOn = (typeof FAIL_ON)[number];

/** The categories of a diff, in the order reports show them. */
export const DIFF_CATEGORIES = [
  'newlyFailing',
  'fixed',
  'stillFailing',
  'failingNotReached',
  'failingNewRequirement',
  'newWarnings',
  'warningsResolved',
  'newErrors',
  'noLongerJudged',
  'newlyJudged',
] as const;
/** One of {@link DIFF_CATEGORIES}. */
export type DiffCategory = (typeof DIFF_CATEGORIES)[number];

/** Headings of the categories. */
export const CATEGORY_TITLES: Record<DiffCategory, string> = {
  newlyFailing: 'Newly failing',
  fixed: 'Fixed',
  stillFailing: 'Still failing',
  failingNotReached: 'Failing, not reached by the incomplete baseline',
  failingNewRequirement: "Failing, not in the baseline's catalogue (new in this suite version)",
  newWarnings: 'New warnings (drift)',
  warningsResolved: 'Warnings resolved (pass now)',
  newErrors: 'New errors (could not judge)',
  noLongerJudged: 'No longer judged',
  newlyJudged: 'Newly judged (passes now, not judged before)',
};

/** The categories as the counts line and the Markdown table name them. */
export const CATEGORY_COUNT_LABELS: Record<DiffCategory, string> = {
  newlyFailing: 'newly failing',
  fixed: 'fixed',
  stillFailing: 'still failing',
  // No comma: the counts line is comma-separated.
  failingNotReached: 'failing not reached by the incomplete baseline',
  failingNewRequirement: "failing not in the baseline's catalogue",
  newWarnings: 'new warnings',
  warningsResolved: 'warnings resolved',
  newErrors: 'new errors',
  noLongerJudged: 'no longer judged',
  newlyJudged: 'newly judged',
};

/** The verdict of one requirement for one principal, before and after, with the check that shows it. */
export interface PrincipalChange {
  readonly principal: string;
  readonly before: Verdict | undefined;
  readonly after: Verdict | undefined;
  /** The check carrying the verdict that matters: the new one, or the old one for a fix. */
  readonly evidence?: Pick<CheckResult, 'checkId' | 'message' | 'expected' | 'actual'>;
}

/** One requirement in one category, with the principals concerned. */
export interface RequirementChange {
  readonly id: string;
  readonly title: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly operations: readonly string[];
  /** The requirement's public source as text (see {@link sourceText}). */
  readonly document: string;
  /** The requirement's overall verdict in each run (undefined: not in that run's catalogue). */
  readonly before: Verdict | undefined;
  readonly after: Verdict | undefined;
  readonly principals: readonly PrincipalChange[];
}

/** What identifies a run in a diff. */
export interface RunSummary {
  readonly profile: string;
  readonly environment: string;
  readonly startedAt: string;
  readonly seed: number;
  readonly toolVersion: string;
  /** The worst requirement verdict (`warn` for a conformant run with warnings). */
  readonly verdict: Verdict;
  /** How the run ended, as its own summary says: CONFORMANT, NON-CONFORMANT or NOT JUDGED. */
  readonly headline: string;
  /** Set when the run is incomplete (interrupted, or it stopped asking a target): why, as the run said. */
  readonly stopped?: { readonly code: string; readonly message: string };
  /** Requirements the run could not judge (verdict `error`). */
  readonly notJudged: number;
}

/**
 * One difference between the configurations the two runs declared or found (from their
 * manifests): `org strict: negativeBalanceOnReturn off → on`.
 */
export interface ConfigChange {
  /** What it is about: `profile`, `org <id>` or `fabric`. */
  readonly scope: string;
  /** The setting, e.g. `negativeBalanceOnReturn`, `program 973 roundDecimals`, `member inquiry`. */
  readonly setting: string;
  /** Its value in each run as text; `absent` for something one run does not have. */
  readonly before: string;
  readonly after: string;
  /** The whole change in words, as the text and Markdown renderings show it. */
  readonly text: string;
}

/** The difference between a baseline run and a current one. */
export interface ReportDiff {
  readonly baseline: RunSummary;
  readonly current: RunSummary;
  /** Why the two runs may not be comparable (another profile, other specs, other filters). */
  readonly notes: readonly string[];
  /**
   * Every configuration difference the manifests show: orgs added or removed, each org's
   * configuration, fixtures and credential schemes, fabric's member inquiry, `apiErrorStatus`,
   * the environment. A verdict that changed with its configuration is not a regression of the target.
   */
  readonly configChanges: readonly ConfigChange[];
  readonly categories: Readonly<Record<DiffCategory, readonly RequirementChange[]>>;
  /**
   * Requirements the current run could not judge (verdict `error`) that a complete baseline could
   * not judge either, for the same principals: nothing new (a profile or target that cannot serve
   * them, night after night). `--fail-on new` does not exit 2 for them, as it does not exit 1 for
   * what is still failing; `any` does.
   */
  readonly stillNotJudged: readonly string[];
}

/** A requirement's verdict per principal: the worst verdict of its checks for that principal. */
export function verdictsByPrincipal(requirement: RequirementResult | undefined): Map<string, Verdict> {
  const grouped = new Map<string, Verdict[]>();
  for (const check of requirement?.checks ?? []) {
    grouped.set(check.principal, [...(grouped.get(check.principal) ?? []), check.verdict]);
  }
  return new Map([...grouped].map(([principal, verdicts]) => [principal, worstVerdict(verdicts)]));
}

const JUDGED: ReadonlySet<Verdict | undefined> = new Set(['pass', 'fail', 'warn']);

/**
 * The category of one (requirement, principal) change, if it is one worth reporting.
 * `notReached`: the baseline run never got that far for this principal (it stopped early, or
 * `--bail` kept the scenario runs from running), so its verdict says nothing about the target.
 * `newRequirement`: the baseline's report has no such requirement at all (its suite predates it).
 */
export function categorize(
  before: Verdict | undefined,
  after: Verdict | undefined,
  notReached = false,
  newRequirement = false,
): DiffCategory | undefined {
  if (after === 'fail') {
    if (before === 'fail') return 'stillFailing';
    // Whether it failed before is unknown: not a regression to report as new.
    if (notReached) return 'failingNotReached';
    // The baseline's suite had no such rule (a newer suite's): it may have failed all along.
    if (newRequirement) return 'failingNewRequirement';
    return 'newlyFailing';
  }
  if (before === 'fail' && (after === 'pass' || after === 'warn')) return 'fixed';
  if (after === 'warn' && before !== 'warn') {
    // Whether it warned before is unknown where the baseline never judged it (it stopped short):
    // newly judged, as a pass would be, not drift (the operator journey audit).
    return notReached && !JUDGED.has(before) ? 'newlyJudged' : 'newWarnings';
  }
  if (before === 'warn' && after === 'pass') return 'warningsResolved';
  if (after === 'error' && before !== 'error') return 'newErrors';
  if (JUDGED.has(before) && (after === undefined || after === 'skip')) return 'noLongerJudged';
  // An improvement that is not a fix: judged now, not before (skipped, an error such as a rate
  // limit or an interrupted baseline, or a requirement the baseline's run did not have).
  if (after === 'pass' && !JUDGED.has(before)) return 'newlyJudged';
  return undefined;
}

/** Categories that say a failure or warning went away. */
const RESOLVED: ReadonlySet<DiffCategory> = new Set(['fixed', 'warningsResolved']);

/** Whether a requirement's verdict for a principal rests on universal checks alone (`universal.*`). */
const onlyUniversal = (requirement: RequirementResult | undefined, principal: string): boolean => {
  const checks = requirement?.checks.filter((c) => c.principal === principal) ?? [];
  return checks.length > 0 && checks.every((c) => c.checkId.startsWith('universal.'));
};

/** Categories whose evidence is the baseline's check: what failed or warned then, what was judged then. */
const FROM_BASELINE: ReadonlySet<DiffCategory> = new Set(['fixed', 'warningsResolved', 'noLongerJudged']);

/** Compares two runs requirement by requirement and principal by principal. */
export function diffReports(baseline: RunResult, current: RunResult): ReportDiff {
  const before = new Map(baseline.requirements.map((r) => [r.id, r]));
  const after = new Map(current.requirements.map((r) => [r.id, r]));
  const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
  const categories = Object.fromEntries(DIFF_CATEGORIES.map((c) => [c, []])) as unknown as Record<
    DiffCategory,
    RequirementChange[]
  >;
  const baselineIncomplete = baseline.stopped !== undefined;
  const currentIncomplete = current.stopped !== undefined;
  for (const id of ids) {
    const old = before.get(id);
    const now = after.get(id);
    const shown = (now ?? old) as RequirementResult;
    const oldVerdicts = verdictsByPrincipal(old);
    const newVerdicts = verdictsByPrincipal(now);
    const principals = [...newVerdicts.keys(), ...[...oldVerdicts.keys()].filter((p) => !newVerdicts.has(p))];
    const changes = new Map<DiffCategory, PrincipalChange[]>();
    for (const principal of principals) {
      const b = oldVerdicts.get(principal);
      const a = newVerdicts.get(principal);
      // An incomplete baseline's error or absence may only mean it stopped before; a skip is the
      // profile's doing, unless every check of it is one `--bail` did not run.
      const baselineChecks = old?.checks.filter((c) => c.principal === principal) ?? [];
      // A universal check's pass in an incomplete run held on the exchanges it made, not on
      // those it never reached: its failure the next night may be one known all along.
      const notReached =
        (baselineIncomplete && (b === undefined || b === 'error' || onlyUniversal(old, principal))) ||
        (b === 'skip' && baselineChecks.every((c) => c.message === NOT_RUN_BAIL));
      const category = categorize(b, a, notReached, old === undefined);
      if (!category) continue;
      // Likewise an incomplete current run has not shown a universal check's failure or warning
      // gone: the exchange it was on may be one the run did not reach.
      if (currentIncomplete && RESOLVED.has(category) && onlyUniversal(now, principal)) continue;
      // A fixed requirement shows what failed before (a resolved warning what warned); one no longer judged shows why it is skipped
      // now (the current run's skip reason), else, when the current run has no check of it, what
      // the baseline judged.
      // Among several skips, the one the baseline judged says what changed (a bill unlocked since);
      // one skipped in both runs (a fixture the profile never had) would send the reader astray.
      const skips =
        category === 'noLongerJudged'
          ? (now?.checks.filter((c) => c.principal === principal && c.verdict === 'skip') ?? [])
          : [];
      const skippedBefore = new Set(baselineChecks.filter((c) => c.verdict === 'skip').map((c) => c.checkId));
      const skipped = skips.find((c) => !skippedBefore.has(c.checkId)) ?? skips[0];
      const source = FROM_BASELINE.has(category) ? old : now;
      const verdict = FROM_BASELINE.has(category) ? b : a;
      const check = skipped ?? source?.checks.find((c) => c.principal === principal && c.verdict === verdict);
      // No check of the current run for this principal: not the target's doing; say why instead
      // of showing the baseline's check.
      const evidence =
        category === 'noLongerJudged' && a === undefined && check
          ? { checkId: check.checkId, message: absenceReason(baseline, current, now !== undefined) }
          : check
            ? evidenceOf(check)
            : undefined;
      changes.set(category, [
        ...(changes.get(category) ?? []),
        { principal, before: b, after: a, ...(evidence ? { evidence } : {}) },
      ]);
    }
    for (const [category, list] of changes) {
      categories[category].push({
        id,
        title: shown.title,
        level: shown.level,
        operations: shown.operations,
        document: sourceText(shown.source),
        before: old?.verdict,
        after: now?.verdict,
        principals: list,
      });
    }
  }
  const stillNotJudged = baselineIncomplete
    ? []
    : current.requirements
        .filter((r) => r.verdict === 'error')
        .filter((r) => {
          const was = verdictsByPrincipal(before.get(r.id));
          return [...verdictsByPrincipal(r)].every(([p, v]) => v !== 'error' || was.get(p) === 'error');
        })
        .map((r) => r.id);
  const notes = comparabilityNotes(baseline, current);
  if (stillNotJudged.length > 0) {
    notes.push(
      `${countOf(stillNotJudged.length)} could not be judged in either run (${listOf(stillNotJudged)}): nothing new, so --fail-on new does not count ${stillNotJudged.length === 1 ? 'it' : 'them'} (--fail-on any does); the reports say why`,
    );
  }
  return {
    baseline: summaryOf(baseline),
    current: summaryOf(current),
    notes,
    configChanges: configChanges(baseline.manifest, current.manifest),
    categories,
    stillNotJudged,
  };
}

const countOf = (n: number) => `${n} requirement${n === 1 ? '' : 's'}`;

/** Up to five IDs, then how many more. */
const listOf = (ids: readonly string[]) =>
  ids.length > 5 ? `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more` : ids.join(', ');

/**
 * A requirement's source as text: `title — section (url)`, or `loyalty-conformance's own choice —
 * section` (the reporters word it the same way).
 */
export function sourceText(source: RequirementSource): string {
  const words = `${source.document === OWN_CHOICE_DOCUMENT ? "loyalty-conformance's own choice" : source.title || source.document} — ${source.section}`;
  return source.url ? `${words} (${source.url})` : words;
}

const evidenceOf = (check: CheckResult): PrincipalChange['evidence'] => ({
  checkId: check.checkId,
  message: check.message,
  ...(check.expected !== undefined ? { expected: check.expected } : {}),
  ...(check.actual !== undefined ? { actual: check.actual } : {}),
});

const summaryOf = (run: RunResult): RunSummary => ({
  profile: run.manifest.profile.name,
  environment: run.manifest.profile.environment,
  startedAt: run.manifest.startedAt,
  seed: run.manifest.seed,
  toolVersion: run.manifest.tool.version,
  verdict: run.verdict,
  headline: verdictHeadline(run),
  ...(run.stopped ? { stopped: run.stopped } : {}),
  notJudged: run.requirements.filter((r) => r.verdict === 'error').length,
});

/** `--grep x --tag a b --requirement R`, or `none`: a run's filters as its command line gave them. */
export function filtersText(filters: RunManifest['filters']): string {
  const parts = [
    ...(filters.grep !== undefined ? [`--grep ${filters.grep}`] : []),
    ...(filters.tags?.length ? [`--tag ${filters.tags.join(' ')}`] : []),
    ...(filters.requirements?.length ? [`--requirement ${filters.requirements.join(' ')}`] : []),
  ];
  return parts.length > 0 ? parts.join(' ') : 'none';
}

const sliceText = (m: RunManifest) => (m.shard ? `${m.shard.index}/${m.shard.total}` : 'all');

/**
 * Why the current run has no check of a requirement for a principal the baseline judged: it
 * selected less (filters or a shard); or, having selected everything, its catalogue no longer
 * has the requirement, or it ran nothing for that principal (an org the profile no longer has).
 */
function absenceReason(baseline: RunResult, current: RunResult, inCatalogue: boolean): string {
  const m = current.manifest;
  if (filtersText(m.filters) !== 'none' || m.shard) {
    const selection = [
      ...(filtersText(m.filters) !== 'none' ? [`filters ${filtersText(m.filters)}`] : []),
      ...(m.shard ? [`shard ${sliceText(m)}`] : []),
    ].join(', ');
    return `not selected by the current run (${selection}): not a verdict about the target`;
  }
  if (inCatalogue) return 'the current run has no check of it for this principal';
  const version =
    baseline.manifest.tool.version === m.tool.version
      ? `suite ${m.tool.version}`
      : `suite ${baseline.manifest.tool.version} → ${m.tool.version}`;
  return `not in the current run's catalogue (${version}): not a verdict about the target`;
}

function comparabilityNotes(baseline: RunResult, current: RunResult): string[] {
  const a = baseline.manifest;
  const b = current.manifest;
  const notes: string[] = [];
  if (a.profile.name !== b.profile.name) {
    notes.push(`the runs used different profiles (${a.profile.name} → ${b.profile.name})`);
  }
  const specs = (m: typeof a) => Object.values(m.specHashes).sort().join(',');
  if (specs(a) !== specs(b)) notes.push('the specs changed between the runs');
  if (a.tool.version !== b.tool.version) notes.push(`suite version ${a.tool.version} → ${b.tool.version}`);
  if (filtersText(a.filters) !== filtersText(b.filters)) {
    notes.push(
      `the runs used different filters (${filtersText(a.filters)} → ${filtersText(b.filters)}): a requirement one of them did not select is not a verdict about the target`,
    );
  }
  if (sliceText(a) !== sliceText(b)) {
    notes.push(`the runs judged different shards (${sliceText(a)} → ${sliceText(b)})`);
  }
  if (a.seed !== b.seed) notes.push(`the seeds differ (${a.seed} → ${b.seed}): generated inputs differ`);
  if ((a.orgConfig === undefined) !== (b.orgConfig === undefined)) {
    notes.push(
      `the ${a.orgConfig ? 'current' : 'baseline'} report records no configuration (an earlier version): only its orgs and environment are compared`,
    );
  }
  // An incomplete run (interrupted, or stopped asking a rate-limiting or silent target): what it
  // did not reach is an error there, a fact about the run and not about the target.
  if (baseline.stopped) {
    notes.push(
      `the baseline run is incomplete (${baseline.stopped.code}: ${baseline.stopped.message}): what it did not judge shows as newly judged if it passes or warns now, or as failing, not reached by the incomplete baseline if it fails now (not newly failing: whether it failed before is unknown; diff an earlier complete report to tell)`,
    );
  }
  if (baseline.requirements.some((r) => r.checks.some((c) => c.message === NOT_RUN_BAIL))) {
    notes.push(
      'the baseline run stopped at its first failure (--bail): what it did not run shows as newly judged if it passes or warns now, or as failing, not reached by the incomplete baseline if it fails now',
    );
  }
  if (current.stopped) {
    notes.push(
      `the current run is incomplete (${current.stopped.code}: ${current.stopped.message}): what it did not reach shows as new errors, not as a verdict about the target; run it again`,
    );
  }
  return notes;
}

// --- configuration differences ---

const change = (scope: string, setting: string, before: string, after: string): ConfigChange => ({
  scope,
  setting,
  before,
  after,
  text: `${scope}: ${setting} ${before} → ${after}`,
});

/** A presence change: `org lenient: added` / `removed`. */
const presence = (scope: string, added: boolean): ConfigChange => ({
  scope,
  setting: 'presence',
  before: added ? 'absent' : 'present',
  after: added ? 'present' : 'absent',
  text: `${scope}: ${added ? 'added' : 'removed'}`,
});

const statusText = (status: RunManifest['apiErrorStatus']) =>
  Array.isArray(status) ? `[${status.join(', ')}]` : String(status);

const dualText = (dual: OrgConfigManifest['dualEligibility']) =>
  dual?.enabled ? `on (primary ${dual.primaryIdentifier ?? 'unknown'})` : 'off';

const valueText = (value: unknown): string =>
  value === undefined ? '(none)' : Array.isArray(value) ? value.join(', ') : String(value);

/** `+a, -b`: what a list gained and lost, or undefined when it is the same set. */
function listChange(before: readonly string[], after: readonly string[]): string | undefined {
  const gained = after.filter((x) => !before.includes(x)).map((x) => `+${x}`);
  const lost = before.filter((x) => !after.includes(x)).map((x) => `-${x}`);
  return gained.length + lost.length > 0 ? [...gained, ...lost].join(', ') : undefined;
}

/** One org's configuration, before and after. */
function orgConfigChanges(scope: string, a: OrgConfigManifest, b: OrgConfigManifest): ConfigChange[] {
  const found: ConfigChange[] = [];
  if (a.negativeBalanceOnReturn !== b.negativeBalanceOnReturn) {
    found.push(
      change(scope, 'negativeBalanceOnReturn', a.negativeBalanceOnReturn, b.negativeBalanceOnReturn),
    );
  }
  if (a.defaultProgramId !== b.defaultProgramId) {
    found.push(
      change(scope, 'defaultProgramId', valueText(a.defaultProgramId), valueText(b.defaultProgramId)),
    );
  }
  const decimals = (p: { roundDecimals?: number } | undefined) =>
    p === undefined ? 'absent' : p.roundDecimals === undefined ? 'unknown' : String(p.roundDecimals);
  const ids = [...new Set([...a.programs, ...b.programs].map((p) => p.id))];
  for (const id of ids) {
    const before = a.programs.find((p) => p.id === id);
    const after = b.programs.find((p) => p.id === id);
    if (decimals(before) !== decimals(after)) {
      found.push(change(scope, `program ${id} roundDecimals`, decimals(before), decimals(after)));
    }
  }
  if (dualText(a.dualEligibility) !== dualText(b.dualEligibility)) {
    found.push(change(scope, 'dualEligibility', dualText(a.dualEligibility), dualText(b.dualEligibility)));
  }
  return found;
}

/** One org's fixtures (by name) and credential schemes, before and after. */
function orgFixtureChanges(scope: string, a: OrgFixturesManifest, b: OrgFixturesManifest): ConfigChange[] {
  const found: ConfigChange[] = [];
  for (const list of ['customers', 'bills'] as const) {
    const delta = listChange(a[list], b[list]);
    if (delta)
      found.push({
        ...change(scope, `fixtures.${list}`, a[list].join(', '), b[list].join(', ')),
        text: `${scope}: fixtures.${list} ${delta}`,
      });
  }
  for (const role of new Set([...Object.keys(a.roles), ...Object.keys(b.roles)])) {
    const before = valueText(a.roles[role]);
    const after = valueText(b.roles[role]);
    if (before !== after) found.push(change(scope, `roles.${role}`, before, after));
  }
  for (const field of ['promotion', 'pointsAward'] as const) {
    if (a[field] !== b[field]) {
      const words = (declared: boolean) => (declared ? 'declared' : 'absent');
      found.push(change(scope, field, words(a[field]), words(b[field])));
    }
  }
  for (const field of ['auth', 'alternateAuth', 'restrictedAuth'] as const) {
    const before = valueText(a.credentials[field]);
    const after = valueText(b.credentials[field]);
    if (before !== after) found.push(change(scope, field, before, after));
  }
  return found;
}

/** The member inquiry as a run went by it: `present`, `absent`, or the setting when not probed. */
const inquiryText = (m: RunManifest) => {
  const inquiry = m.fabric?.memberInquiry;
  if (!inquiry) return 'absent';
  return inquiry.present === undefined
    ? `not probed (${String(inquiry.declared)})`
    : inquiry.present
      ? 'present'
      : 'absent';
};

/**
 * Whether two base URLs name the same target. Loopback URLs that differ only in their port count
 * as the same: the embedded reference provider listens on a new port every run.
 */
function sameTarget(a: string, b: string): boolean {
  if (a === b) return true;
  try {
    const [x, y] = [new URL(a), new URL(b)];
    const portless = (u: URL) => `${u.protocol}//${u.hostname}${u.pathname}`;
    return isLoopbackHost(x.hostname) && isLoopbackHost(y.hostname) && portless(x) === portless(y);
  } catch {
    return false;
  }
}

/**
 * Every configuration difference between two manifests. Orgs and the environment are in every
 * report; the rest only in reports that record it (a report of an earlier version records none:
 * a note says so).
 */
export function configChanges(a: RunManifest, b: RunManifest): ConfigChange[] {
  const found: ConfigChange[] = [];
  if (a.profile.environment !== b.profile.environment) {
    found.push(change('profile', 'environment', a.profile.environment, b.profile.environment));
  }
  for (const family of Object.keys(b.targets).filter((f) => a.targets[f] !== undefined)) {
    const before = a.targets[family]!;
    const after = b.targets[family]!;
    if (!sameTarget(before, after)) {
      found.push(change('profile', `target ${family}`, maskUserInfo(before, ''), maskUserInfo(after, '')));
    }
  }
  if (a.apiErrorStatus !== undefined && b.apiErrorStatus !== undefined) {
    const before = statusText(a.apiErrorStatus);
    const after = statusText(b.apiErrorStatus);
    if (before !== after) found.push(change('profile', 'apiErrorStatus', before, after));
  }
  for (const org of b.orgs.filter((o) => !a.orgs.includes(o))) found.push(presence(`org ${org}`, true));
  for (const org of a.orgs.filter((o) => !b.orgs.includes(o))) found.push(presence(`org ${org}`, false));
  for (const org of b.orgs.filter((o) => a.orgs.includes(o))) {
    const configs = [a.orgConfig?.[org], b.orgConfig?.[org]] as const;
    if (configs[0] && configs[1]) found.push(...orgConfigChanges(`org ${org}`, configs[0], configs[1]));
    const fixtures = [a.fixtures?.orgs[org], b.fixtures?.orgs[org]] as const;
    if (fixtures[0] && fixtures[1]) found.push(...orgFixtureChanges(`org ${org}`, fixtures[0], fixtures[1]));
  }
  if (a.orgConfig && b.orgConfig) {
    const fabric = (m: RunManifest) => m.fabric !== undefined || m.targets.fabric !== undefined;
    if (fabric(a) !== fabric(b)) {
      found.push(presence('fabric', fabric(b)));
    } else if (a.fabric && b.fabric) {
      const before = String(a.fabric.memberInquiry.declared);
      const after = String(b.fabric.memberInquiry.declared);
      if (before !== after) found.push(change('fabric', 'memberInquiry setting', before, after));
      if (inquiryText(a) !== inquiryText(b)) {
        found.push(change('fabric', 'member inquiry', inquiryText(a), inquiryText(b)));
      }
    }
  }
  return found;
}

/**
 * The exit code of a diff under a `--fail-on` policy, for `diff` and `run --baseline` alike: 1 when
 * the policy trips (`new`: something newly fails; `any`: anything fails, including what an
 * incomplete baseline did not reach); else, under `new` and `any`, 2 when the current run is
 * incomplete or could not judge some requirement (a gate cannot vouch for what was not judged, the
 * run's own exit code says the same); else 0. `none` is always 0.
 */
export function diffExitCode(diff: ReportDiff, failOn: FailOn): 0 | 1 | 2 {
  if (failOn === 'none') return 0;
  const { newlyFailing, stillFailing, failingNotReached, failingNewRequirement } = diff.categories;
  const trips =
    failOn === 'new'
      ? newlyFailing.length
      : newlyFailing.length + stillFailing.length + failingNotReached.length + failingNewRequirement.length;
  if (trips > 0) return 1;
  return diff.current.stopped || unvouched(diff, failOn) > 0 ? 2 : 0;
}

/** Requirements the current run could not judge that the policy counts: under `new`, not those still so. */
const unvouched = (diff: ReportDiff, failOn: FailOn) =>
  diff.current.notJudged - (failOn === 'new' ? diff.stillNotJudged.length : 0);

/**
 * Why a diff exits 2 under its policy, as one line for stderr (`run` prints the run's own line
 * instead): the current run is incomplete, or some of its requirements could not be judged.
 */
export function diffNotJudgedLine(diff: ReportDiff, failOn: FailOn): string | undefined {
  if (diffExitCode(diff, failOn) !== 2) return undefined;
  const { stopped } = diff.current;
  const notJudged = unvouched(diff, failOn);
  return stopped
    ? `${stopped.code}: the current report is incomplete (${oneLine(stopped.message, 300)}): --fail-on ${failOn} cannot vouch for what it did not reach; run it again`
    : `NOT JUDGED: ${countOf(notJudged)} could not be judged (error) in the current report${failOn === 'new' && diff.stillNotJudged.length > 0 ? ` (and ${diff.stillNotJudged.length} more not judged in the baseline either, not counted)` : ''}: --fail-on ${failOn} cannot vouch for ${notJudged === 1 ? 'it' : 'them'}`;
}

/** `3 newly failing, 1 fixed, 2 still failing, 0 failing not reached by the incomplete baseline, …, 0 newly judged (requirements)` */
export function diffCountsLine(diff: ReportDiff): string {
  const counts = DIFF_CATEGORIES.map((c) => `${diff.categories[c].length} ${CATEGORY_COUNT_LABELS[c]}`);
  return `${counts.join(', ')} (requirements)`;
}

const runLine = (label: string, s: RunSummary) =>
  `${label} profile ${s.profile} (${s.environment}), started ${s.startedAt}, seed ${s.seed}, suite ${s.toolVersion}: ${s.headline}`;

const arrow = (change: PrincipalChange) => `${change.before ?? '—'} → ${change.after ?? '—'}`;

/** A target's text (an answer's `actual`) on one line, its control characters shown, cut. */
const oneLine = (text: string, max = 240) => {
  const flat = lineOf(text);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/**
 * An evidence message without the current run's stop reason, which the notes give once: a run
 * stopped by a rate limit has a hundred requirements "not run: Rate limited by the target … (429
 * on POST …); checks it affected are errors, not failures", each for every principal.
 */
function briefer(diff: ReportDiff, message: string): string {
  const stop = diff.current.stopped?.message;
  return stop && message.includes(stop)
    ? message.replace(stop, 'the current run stopped (see the note)')
    : message;
}

/** The diff as plain text for a terminal or a CI log. */
export function renderDiffText(diff: ReportDiff): string {
  const lines = [runLine('baseline:', diff.baseline), runLine('current: ', diff.current)];
  for (const note of diff.notes) lines.push(`note: ${note}`);
  for (const c of diff.configChanges) lines.push(`config: ${c.text}`);
  for (const category of DIFF_CATEGORIES) {
    const list = diff.categories[category];
    if (list.length === 0) continue;
    lines.push('', `${CATEGORY_TITLES[category]} (${list.length})`);
    for (const r of list) {
      lines.push(`  ${r.id} [${r.level}] ${r.title}`);
      // A requirement that passes now needs no document or evidence: which principals, from what.
      if (category === 'newlyJudged') {
        lines.push(`    ${r.principals.map((p) => `@${p.principal} ${arrow(p)}`).join(', ')}`);
        continue;
      }
      lines.push(`    document: ${r.document}`);
      for (const p of r.principals) {
        const e = p.evidence;
        const detail = e
          ? e.expected !== undefined || e.actual !== undefined
            ? `${e.checkId}: expected ${oneLine(e.expected ?? '-')}; actual ${oneLine(e.actual ?? '-')}`
            : `${e.checkId}: ${oneLine(briefer(diff, e.message))}`
          : '';
        lines.push(`    @${p.principal} ${arrow(p)}${detail ? ` — ${detail}` : ''}`);
      }
    }
  }
  lines.push('', diffCountsLine(diff));
  return `${lines.join('\n')}\n`;
}

/** Text for a Markdown table cell or line, escaped, on one line, cut at `max` characters. */
const mdCell = markdownText;

/** The diff as Markdown (a pull-request comment or a CI step summary). */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const c = diff.categories;
  const gate =
    c.newlyFailing.length > 0
      ? '❌ new failures'
      : diff.current.stopped
        ? '⚠️ no new failures in an incomplete run'
        : c.failingNotReached.length > 0
          ? '⚠️ no new failures among what the incomplete baseline reached'
          : c.failingNewRequirement.length > 0
            ? "⚠️ no new failures among the requirements the baseline's suite had"
            : '✅ no new failures';
  const lines = [
    `## Conformance baseline diff: ${gate}`,
    '',
    `Baseline ${mdCell(diff.baseline.profile)} started ${diff.baseline.startedAt} → current started ${diff.current.startedAt}.`,
    // Notes and configuration changes whole: their end says how to read the diff.
    ...diff.notes.map((note) => `> note: ${mdCell(note, 1000)}`),
    ...(diff.configChanges.length > 0
      ? [
          '',
          `**Configuration changes** (${diff.configChanges.length}): a verdict that changed with them is not a regression of the target.`,
          '',
          ...diff.configChanges.map((c) => `- ${mdCell(c.text, 1000)}`),
        ]
      : []),
    '',
    `| ${DIFF_CATEGORIES.map((k) => CATEGORY_COUNT_LABELS[k]).join(' | ')} |`,
    `|${DIFF_CATEGORIES.map(() => '---|').join('')}`,
    `| ${DIFF_CATEGORIES.map((k) => c[k].length).join(' | ')} |`,
  ];
  for (const category of DIFF_CATEGORIES) {
    const list = c[category];
    if (list.length === 0 || category === 'stillFailing' || category === 'newlyJudged') continue;
    lines.push(
      '',
      `### ${CATEGORY_TITLES[category]}`,
      '',
      '| requirement | principals | evidence |',
      '|---|---|---|',
    );
    for (const r of list) {
      const principals = r.principals.map((p) => `${mdCell(p.principal)} ${arrow(p)}`).join('<br>');
      const e = r.principals.find((p) => p.evidence)?.evidence;
      const evidence = e
        ? e.expected !== undefined || e.actual !== undefined
          ? `${mdCell(e.checkId)}: expected ${mdCell(e.expected ?? '-')}; actual ${mdCell(e.actual ?? e.message)}`
          : `${mdCell(e.checkId)}: ${mdCell(briefer(diff, e.message))}`
        : '';
      lines.push(`| **${mdCell(r.id)}** ${mdCell(r.title)} | ${principals} | ${evidence} |`);
    }
  }
  if (c.stillFailing.length > 0) {
    lines.push('', `Still failing: ${c.stillFailing.map((r) => mdCell(r.id)).join(', ')}.`);
  }
  if (c.newlyJudged.length > 0) {
    lines.push('', `Newly judged (pass now): ${c.newlyJudged.map((r) => mdCell(r.id)).join(', ')}.`);
  }
  return `${lines.join('\n')}\n`;
}
