import type { RecordedExchange } from '../src/client/exchange.ts';
import type {
  CheckResult,
  RequirementResult,
  RunResult,
  ScenarioResult,
  Verdict,
} from '../src/engine/types.ts';
import type { ReporterOptions } from './types.ts';

/**
 * Pure helpers every reporter shares: reading order, counts, and the last line of defence against
 * secrets. Nothing here writes.
 */

// --- reading order and counts ---

/** Report order: failures first, then errors, warnings, passes, skips; catalogue order within. */
const ORDER: Record<Verdict, number> = { fail: 0, error: 1, warn: 2, pass: 3, skip: 4 };

/** Every verdict, in report order. */
export const VERDICTS: readonly Verdict[] = ['fail', 'error', 'warn', 'pass', 'skip'];

/** The most severe of some verdicts (fail > error > warn > pass > skip), as the engine folds them. */
export function worstOf(verdicts: readonly Verdict[]): Verdict {
  let worst: Verdict = 'skip';
  for (const v of verdicts) if (SEVERITY[v] > SEVERITY[worst]) worst = v;
  return worst;
}
const SEVERITY: Record<Verdict, number> = { fail: 4, error: 3, warn: 2, pass: 1, skip: 0 };

/** Requirements sorted for reading: what is broken comes first. */
export function requirementsByVerdict(result: RunResult): RequirementResult[] {
  return [...result.requirements].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
}

/** An all-zero verdict tally. */
export const emptyCounts = (): Record<Verdict, number> => ({ pass: 0, fail: 0, warn: 0, skip: 0, error: 0 });

/** How many requirements got each verdict. */
export function verdictCounts(requirements: readonly RequirementResult[]): Record<Verdict, number> {
  const counts = emptyCounts();
  for (const r of requirements) counts[r.verdict] += 1;
  return counts;
}

/** Per operation (endpoint): requirement verdict counts, endpoints with failures first. */
export function byOperation(result: RunResult): Map<string, Record<Verdict, number>> {
  const operationOf = new Map(result.exchanges.map((e) => [e.id, e.operationId]));
  const table = new Map<string, Record<Verdict, number>>();
  for (const r of result.requirements) {
    for (const op of operationsShowing(r, operationOf)) {
      const row = table.get(op) ?? emptyCounts();
      row[r.verdict] += 1;
      table.set(op, row);
    }
  }
  return new Map([...table].sort(([, a], [, b]) => b.fail - a.fail || b.error - a.error || b.warn - a.warn));
}

/**
 * The operations a requirement's verdict is counted under: a requirement of several operations
 * that did not pass, under those its problem checks' exchanges went to (GEN-NO-5XX after one 500
 * on a deduction is the deduction's failure, not every endpoint's: a CI user triages by this
 * table), and under none of its others, of which the run tells nothing apart. Where a problem
 * check cites no exchange of the requirement's operations that the report holds (a scenario's
 * error before any call), under all of them, as the requirement declares.
 */
function operationsShowing(
  r: RequirementResult,
  operationOf: ReadonlyMap<number, string | undefined>,
): readonly string[] {
  if (r.operations.length < 2 || r.verdict === 'pass' || r.verdict === 'skip') return r.operations;
  const shown = new Set<string>();
  for (const check of problems(r)) {
    const ops = check.exchangeIds.map((id) => operationOf.get(id)).filter((op) => op !== undefined);
    const own = ops.filter((op) => r.operations.includes(op));
    if (own.length === 0) return r.operations;
    for (const op of own) shown.add(op);
  }
  return r.operations.filter((op) => shown.has(op));
}

/** The first check of a requirement that carries its verdict: the one a summary shows. */
export const firstProblem = (r: RequirementResult): CheckResult | undefined =>
  r.checks.find((c) => c.verdict === r.verdict);

/** The checks of a requirement that carry its (non-passing) verdict. */
export const problems = (r: RequirementResult): CheckResult[] =>
  r.verdict === 'pass' || r.verdict === 'skip' ? [] : r.checks.filter((c) => c.verdict === r.verdict);

/**
 * Why a check only warns, or could not be judged (`CheckResult.note`): the console and summary.md
 * show expected and actual, and without this line a warning would not say why it is not a failure.
 * A warning of a SHOULD requirement carries no note of its own: its level is the reason.
 */
export function noteOf(check: CheckResult, level?: string): string | undefined {
  if (check.note !== undefined) return check.note;
  return check.verdict === 'warn' && level === 'SHOULD'
    ? 'a SHOULD requirement: a break warns, never fails'
    : undefined;
}

/**
 * What a check's message adds beside its expected and actual: why it warns or was not judged, or
 * the whole message when it says more than `expected …` (universal checks word their own).
 */
export function messageBeyondExpected(check: CheckResult): string | undefined {
  if (check.note !== undefined) return `why ${check.verdict}: ${check.note}`;
  return check.message === `expected ${check.expected}` ? undefined : check.message;
}

/**
 * What the profile declares that a failing check's scenario rests on (`ScenarioResult.premise`),
 * or undefined: a universal check, or a scenario whose expectations no declared setting decides.
 */
export function premiseOf(result: RunResult, check: CheckResult): string | undefined {
  if (check.verdict !== 'fail') return undefined;
  return result.scenarios.find((s) => s.scenarioId === check.checkId && s.principal === check.principal)
    ?.premise;
}

/**
 * The failed requirements whose every failing check rests on a setting the profile declares: if
 * the target is configured otherwise, the profile is wrong, not the target.
 */
export function failuresOnPremises(result: RunResult): RequirementResult[] {
  return result.requirements.filter((r) => {
    const failing = r.checks.filter((c) => c.verdict === 'fail');
    return failing.length > 0 && failing.every((c) => premiseOf(result, c) !== undefined);
  });
}

/**
 * Why a requirement was skipped: no check covers it, or the reason a skipped check gives; first the
 * reason of a scenario that sent a request and then met the target's state (a bill unlocked before
 * this run, which takes fresh bills), then that of a scenario that ran on and left the rule
 * unjudged (an unlock answered 500), over one given before any request (a fixture the profile
 * lacks, found while the scenario chose its fixtures): the first two are what stopped this run from
 * judging the rule, and what a second run against the same target hid behind the last. Reports
 * of earlier versions, which do not count requests, fall back on a scenario that took any time.
 */
export function skipReason(r: RequirementResult, scenarios: readonly ScenarioResult[] = []): string {
  if (r.uncoveredReason !== undefined) return r.uncoveredReason;
  const skipped = r.checks.filter((c) => c.verdict === 'skip');
  const skippedRun = (c: CheckResult, ran: (s: ScenarioResult) => boolean) =>
    scenarios.some(
      (s) => s.scenarioId === c.checkId && s.principal === c.principal && s.verdict === 'skip' && ran(s),
    );
  const countsRequests = scenarios.some((s) => s.requests !== undefined);
  const metTheTarget = skipped.find((c) =>
    skippedRun(c, countsRequests ? (s) => (s.requests ?? 0) > 0 : (s) => s.durationMs > 0),
  );
  // Then a check a scenario that went on judging left unjudged (its unlock got a 500): also what
  // this run met, where a skipped scenario's missing fixture is only what it never tried.
  const leftByARun = skipped.find((c) =>
    scenarios.some((s) => s.scenarioId === c.checkId && s.principal === c.principal && s.verdict !== 'skip'),
  );
  return (metTheTarget ?? leftByARun ?? skipped[0])?.message ?? 'skipped';
}

/** `NON-CONFORMANT`, `NOT JUDGED` or `CONFORMANT`: the run's verdict in words. */
export function verdictHeadline(result: RunResult): string {
  // A run that stopped asking a silent target judged only part of it, whatever it saw before.
  if (result.stopped) return 'NOT JUDGED';
  if (result.verdict === 'fail') return 'NON-CONFORMANT';
  if (result.exitCode === 2) return 'NOT JUDGED';
  return 'CONFORMANT';
}

/** A path as one shell word: as it is when it needs no quoting, else in single quotes. */
const shellWord = (text: string): string =>
  /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * `loyalty-conformance plan --profile <profile>`, with `--env-file <file>` when the run was given
 * one: the command a hint tells the user to paste, which without the env file would stop on the
 * profile's unset variables. Shared by the reports' hints and the dry run's (src/cli/dry-run.ts), so they cannot differ.
 */
export function planCommandLine(profile: string, envFile?: string): string {
  return `loyalty-conformance plan --profile ${shellWord(profile)}${envFile === undefined ? '' : ` --env-file ${shellWord(envFile)}`}`;
}

/**
 * The `plan` command a hint tells the user to paste (`planCommandLine`), for this run's profile and
 * its `--env-file` (`RunManifest.profile.envFile`). `profile` defaults to the manifest's source.
 */
export function planCommand(result: RunResult, profile: string = result.manifest.profile.source): string {
  return planCommandLine(profile, result.manifest.profile.envFile);
}

// --- sources ---

/** The document key of the project's own choices (rules no public page states). */
const OWN_CHOICE = 'choice';

/** How a report names the project's own choice. */
export const OWN_CHOICE_LABEL = "loyalty-conformance's own choice";

/** A requirement's public source as a report shows it: the words, and the page they link to. */
export interface DocumentCitation {
  /** `title — section`, or `loyalty-conformance's own choice — section`. */
  readonly text: string;
  /** The public page (https), when there is one. */
  readonly url?: string;
}

/** The public page of a source, if it is a web address a report may link to. */
const linkable = (url: string | undefined): string | undefined =>
  url !== undefined && /^https?:\/\/[^\s"'<>]+$/.test(url) ? url : undefined;

/** Where a requirement comes from, split into the words and the public page. */
export function documentCitation(r: RequirementResult): DocumentCitation {
  const { document, title, section } = r.source;
  const url = linkable(r.source.url);
  const text = `${document === OWN_CHOICE ? OWN_CHOICE_LABEL : title || document} — ${section}`;
  return url ? { text, url } : { text };
}

/** Where a requirement comes from, as plain text: `title — section (url)`. */
export function documentReference(r: RequirementResult): string {
  const { text, url } = documentCitation(r);
  return url ? `${text} (${url})` : text;
}

// --- secrets ---

/** What replaces a secret in a report. */
const REDACTED = '[REDACTED]';

/**
 * Secrets shorter than this are left alone: a profile password `pw` must not blank out every `pw`
 * of a report. The client has already redacted exchanges whatever the length.
 */
const MIN_SECRET_LENGTH = 4;

/** `scheme://user:pass@host` → `scheme://[REDACTED]@host`: credentials in a URL are never reported. */
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s"'<>]+@/gi;

/** What {@link URL_USER_INFO} takes after a `://`, read at one position (sticky). */
const USER_INFO_AFTER_SCHEME = /[^/?#@\s"'<>]+@/y;

/**
 * Whether {@link URL_USER_INFO} can match: some `://` is followed by what it takes there and an
 * `@`. Exact (every match has such a `://`), and why it is asked: a report holds hundreds of URLs
 * and, nearly always, no credentials in any, and the pattern tried at every word boundary of the
 * whole text (the JSON report alone is most of a megabyte) was the largest cost of scrubbing it.
 */
function mayHoldUserInfo(text: string): boolean {
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 1)) {
    USER_INFO_AFTER_SCHEME.lastIndex = at + 3;
    if (USER_INFO_AFTER_SCHEME.test(text)) return true;
  }
  return false;
}

/**
 * A text redactor for the given secrets: each is matched as is, URL-encoded and JSON-escaped,
 * longest first; credentials in URLs are removed too.
 */
export function createScrubber(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const pattern =
    ordered.length > 0
      ? new RegExp(ordered.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
      : undefined;
  // A text shorter than every form holds none: most strings of a run (IDs, verdicts, keys) are,
  // and the alternation, tried on each of them, cost more than the rest of the scrubbing.
  const shortest = ordered.at(-1)?.length ?? 0;
  return (text) => {
    const out = pattern && text.length >= shortest ? text.replace(pattern, REDACTED) : text;
    return mayHoldUserInfo(out) ? out.replace(URL_USER_INFO, `$1${REDACTED}@`) : out;
  };
}

/** Replaces every secret in a text; reporters pass their whole output through it. */
export function scrub(text: string, secrets: readonly string[]): string {
  return createScrubber(secrets)(text);
}

/** A copy of a JSON-like value with every string (keys included) passed through `text`. */
export function scrubDeep<T>(value: T, text: (value: string) => string): T {
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return text(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item === null || typeof item !== 'object') return item;
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(item)) out[text(key)] = walk(inner);
    return out;
  };
  return walk(value) as T;
}

/** The run as a reporter shows it: secrets scrubbed from every string, each exchange with its curl line. */
export interface ReportView {
  /** The run, every string scrubbed. */
  readonly result: RunResult;
  /** The scrubber used, for text the reporter composes itself. */
  readonly scrub: (text: string) => string;
  /** Kept exchanges by ID. */
  readonly exchanges: ReadonlyMap<number, RecordedExchange>;
  /** The curl line of each kept exchange, by ID. */
  readonly curl: ReadonlyMap<number, string>;
}

/** Views prepared so far, by run: the file reporters of one run share one (see {@link prepareReport}). */
const views = new WeakMap<
  RunResult,
  { secrets: readonly string[]; curl: ReporterOptions['curl']; view: ReportView }[]
>();

/**
 * Prepares a run for formatting: scrubs it once and computes the curl lines. The reporters of one
 * run (same secrets, same curl) get the same view: scrubbing every string of a run is the largest
 * part of writing its reports, and done once it serves all of them.
 */
export function prepareReport(
  result: RunResult,
  options: Pick<ReporterOptions, 'secrets' | 'curl'>,
): ReportView {
  const prepared = views.get(result) ?? [];
  const same = prepared.find(
    (p) =>
      p.curl === options.curl &&
      p.secrets.length === options.secrets.length &&
      p.secrets.every((secret, i) => secret === options.secrets[i]),
  );
  if (same) return same.view;
  const text = createScrubber(options.secrets);
  const clean = scrubDeep(result, text);
  const exchanges = new Map(clean.exchanges.map((e) => [e.id, e]));
  const curl = new Map(clean.exchanges.map((e) => [e.id, text(options.curl(e))]));
  const view: ReportView = { result: clean, scrub: text, exchanges, curl };
  prepared.push({ secrets: [...options.secrets], curl: options.curl, view });
  views.set(result, prepared);
  return view;
}
