import { posix, relative, sep } from 'node:path';
import type {
  CheckResult,
  OrgConfigManifest,
  RequirementResult,
  RunManifest,
  RunResult,
  Verdict,
} from '../engine/types.ts';
import { worstVerdict } from '../engine/verdicts.ts';
import { sourceText, verdictsByPrincipal } from '../report/diff.ts';

/**
 * Vendor comparison: the JSON reports of several targets side by side, one row per requirement and
 * one column per target × principal (org or `fabric`), differences first. Pure functions from
 * reports already read to a comparison; the renderers (text, Markdown, JSON, HTML) and the
 * `compare` command live beside this file. Nothing here reads or writes files.
 */

/** When a comparison makes the process fail: a failure on any target, a difference, or never. */
export const COMPARE_FAIL_ON = ['any', 'differences', 'none'] as const;
/** One of {@link COMPARE_FAIL_ON}. */
export type CompareFailOn = (typeof COMPARE_FAIL_ON)[number];

/** The default `--fail-on` of `compare`: any failure on any target fails the comparison. */
export const DEFAULT_COMPARE_FAIL_ON: CompareFailOn = 'any';

/**
 * The kinds of row, in the order every output shows them:
 * - `difference`: two targets judged the requirement and disagree (see {@link DIFFERENCE_DEFINITION});
 * - `failing`: no disagreement, but it fails on some target (every target that judged it fails it);
 * - `coverage`: no disagreement and no failure, but a target judged it and another did not;
 * - `same`: every target gives the same verdict, or none judged it.
 */
export const ROW_KINDS = ['difference', 'failing', 'coverage', 'same'] as const;
/** One of {@link ROW_KINDS}. */
export type RowKind = (typeof ROW_KINDS)[number];

/** Headings of the row kinds. */
export const ROW_KIND_TITLES: Record<RowKind, string> = {
  difference: 'Differences',
  failing: 'Failing alike',
  coverage: 'Coverage differences',
  same: 'Same on every target',
};

/** The definitions every output states, so that a reader knows what a "difference" is. */
export const DIFFERENCE_DEFINITION: Readonly<Record<Exclude<RowKind, 'same'>, string>> = {
  difference:
    "a requirement two targets both judged (pass, fail, warn or error) with different verdicts: each target's verdict over the principals it judged (the worst of them) differs, or an org both targets name (or fabric) got different verdicts; skip and absent are not verdicts here",
  failing:
    'no difference, but a requirement fails on at least one target (the same on every target that judged it)',
  coverage:
    'no difference and no failure, but one target judged a requirement (or an org both name) that another skipped or did not run',
};

/** Verdicts that judge a target: `skip` and an absent cell do not. */
const JUDGED: ReadonlySet<Verdict> = new Set(['pass', 'fail', 'warn', 'error']);

/** Whether a verdict (or an absent cell) judged the target. */
export const isJudged = (verdict: Verdict | undefined): verdict is Verdict =>
  verdict !== undefined && JUDGED.has(verdict);

/** The anchor of a requirement's row in a target's `report.html` (`report.html#req-CAP-NPA-8907`). */
export const reportAnchor = (requirementId: string): string => `req-${requirementId}`;

/** A report to compare: where it was read from, what it holds, and the HTML report beside it. */
export interface ComparisonInput {
  /** The path of its `conformance.json`, as given. */
  readonly path: string;
  readonly result: RunResult;
  /**
   * The `report.html` in the same folder, when there is one: its path and the element IDs it
   * holds (a cell links to {@link reportAnchor} of its requirement only when the page has it).
   */
  readonly html?: { readonly path: string; readonly ids: ReadonlySet<string> };
}

/** One target (one report) of a comparison, with what its manifest says about it. */
export interface ComparedTarget {
  /** 1-based position, as given on the command line. */
  readonly index: number;
  /** `profile (environment)`, with the report's folder when two targets share it. */
  readonly label: string;
  /** The report's path, as given. */
  readonly path: string;
  /** Its reports, relative to the comparison's folder: `conformance.json`, and `report.html` when present. */
  readonly links: { readonly json: string; readonly html?: string };
  readonly profile: RunManifest['profile'];
  /** Base URL per API family. */
  readonly targets: Readonly<Record<string, string>>;
  readonly orgs: readonly string[];
  /** Its columns: orgs in manifest order, then `fabric`, then any other principal with checks. */
  readonly principals: readonly string[];
  /** Each org's configuration (absent in reports of earlier versions). */
  readonly orgConfig?: Readonly<Record<string, OrgConfigManifest>>;
  readonly apiErrorStatus?: RunManifest['apiErrorStatus'];
  /** fabric's member inquiry: declared setting and probed presence. */
  readonly memberInquiry?: NonNullable<RunManifest['fabric']>['memberInquiry'];
  readonly suiteVersion: string;
  /** Spec file name → hash (the manifest keys them by path; the file name is what compares). */
  readonly specHashes: Readonly<Record<string, string>>;
  readonly startedAt: string;
  readonly seed: number;
  readonly shard?: RunManifest['shard'];
  readonly verdict: Verdict;
  /** The run's own exit code: 0 conformant, 1 non-conformant, 2 not judged. */
  readonly exitCode: 0 | 1 | 2;
  /** Set when the run stopped early (its report is incomplete). */
  readonly stopped?: RunResult['stopped'];
}

/** One column: a principal of a target. */
export interface ComparedColumn {
  /** Index into {@link Comparison.targets}. */
  readonly target: number;
  readonly principal: string;
  /** `reference (reference) @strict`. */
  readonly label: string;
}

/** A check behind a cell, as the target's report names it. */
export interface ComparedCheck {
  readonly checkId: string;
  readonly verdict: Verdict;
  /** Exchange IDs in that target's `conformance.json` (passing checks cite none unless run with `--evidence all`). */
  readonly exchangeIds: readonly number[];
  readonly occurrences?: number;
}

/** One cell: a requirement's verdict for one principal of one target, with what shows it. */
export interface ComparedCell {
  /**
   * The worst verdict of the principal's checks; undefined when the report has none: `n/a` when
   * {@link notApplicable}, else `—` (not run for that principal: skipped scenario, filter, shard).
   */
  readonly verdict: Verdict | undefined;
  /**
   * Set on a cell without checks whose requirement cannot apply to the principal: its operations
   * all belong to another API family (a Capillary rule in a fabric column, or the reverse). Why, in
   * words. Rendered `n/a`, never `—`, which would read as "not run".
   */
  readonly notApplicable?: string;
  readonly checks: readonly ComparedCheck[];
  /** The first check carrying a non-passing verdict: what it expected and what it saw. */
  readonly evidence?: Pick<CheckResult, 'checkId' | 'message' | 'expected' | 'actual'>;
  /**
   * Where to read the evidence, relative to the comparison's folder: the requirement in the
   * target's `report.html` (with its anchor when the page has one), else its `conformance.json`.
   */
  readonly href: string;
  /** What the link opens, in words (the requirement ID and the file). */
  readonly hrefTitle: string;
}

/** One requirement across every column. */
export interface ComparedRow {
  readonly id: string;
  readonly title: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly operations: readonly string[];
  /** Its public source as text (see `sourceText`). */
  readonly document: string;
  readonly kind: RowKind;
  /** A cell fails. */
  readonly failing: boolean;
  /** Each target's verdict over the principals it judged (the worst); undefined where it judged none. */
  readonly targetVerdicts: readonly (Verdict | undefined)[];
  /** Aligned with {@link Comparison.columns}. */
  readonly cells: readonly ComparedCell[];
  /** Why it is a difference or a coverage difference, in words; empty otherwise. */
  readonly reasons: readonly string[];
}

/** Rows of each kind. */
export type RowCounts = Readonly<Record<RowKind, number>>;

/** The comparison of several reports. */
export interface Comparison {
  readonly targets: readonly ComparedTarget[];
  readonly columns: readonly ComparedColumn[];
  /** Differences first (failing ones first among them), then failing alike, coverage, same; catalogue order within. */
  readonly rows: readonly ComparedRow[];
  /** What makes the reports less comparable: other suite versions, spec hashes, filters, shards, incomplete runs. */
  readonly notes: readonly string[];
  readonly counts: RowCounts;
  /** Requirements that fail on some target (whatever their kind). */
  readonly failing: number;
}

/** Options of {@link compareReports}. */
export interface CompareOptions {
  /** The folder the comparison is written to: links are relative to it. */
  readonly outDir: string;
  /** Requirement IDs in catalogue order; a report's IDs not in it come after, in report order. */
  readonly order?: readonly string[];
  /**
   * The API family of each operationId (`operationFamiliesOf` of the shipped specs): a cell whose
   * requirement's operations all belong to another family than its principal's is
   * {@link ComparedCell.notApplicable}. Without it (or for an operation it lacks) every cell applies.
   */
  readonly operationFamilies?: Readonly<Record<string, string>>;
}

/** The text of a cell by itself: its verdict, `n/a` where the requirement cannot apply, else `—` (not run). */
export const cellText = (cell: Pick<ComparedCell, 'verdict' | 'notApplicable'>): string =>
  cell.verdict ?? (cell.notApplicable ? 'n/a' : '—');

/** Compares reports requirement by requirement, principal by principal. */
export function compareReports(inputs: readonly ComparisonInput[], options: CompareOptions): Comparison {
  const labels = labelsOf(inputs);
  const targets = inputs.map((input, i) => targetOf(input, i, labels[i]!, options.outDir));
  const columns = targets.flatMap((target, t) =>
    target.principals.map((principal) => ({
      target: t,
      principal,
      label: `${target.label} @${principal}`,
    })),
  );
  const byId = inputs.map((input) => new Map(input.result.requirements.map((r) => [r.id, r])));
  const rows = requirementIds(inputs, options.order).map((id) =>
    rowOf(
      id,
      byId.map((m) => m.get(id)),
      inputs,
      targets,
      columns,
      options.operationFamilies,
    ),
  );
  const rank = new Map(ROW_KINDS.map((kind, i) => [kind, i]));
  const position = new Map(rows.map((row, i) => [row.id, i]));
  const sorted = [...rows].sort(
    (a, b) =>
      rank.get(a.kind)! - rank.get(b.kind)! ||
      // Among differences, those where a target fails come first.
      (a.kind === 'difference' ? Number(b.failing) - Number(a.failing) : 0) ||
      position.get(a.id)! - position.get(b.id)!,
  );
  const counts = Object.fromEntries(
    ROW_KINDS.map((kind) => [kind, rows.filter((r) => r.kind === kind).length]),
  ) as Record<RowKind, number>;
  return {
    targets,
    columns,
    rows: sorted,
    notes: comparabilityNotes(inputs, targets),
    counts,
    failing: rows.filter((r) => r.failing).length,
  };
}

/** The exit code a comparison gives under a `--fail-on` policy: 1 when it trips, else 0. */
export function compareExitCode(comparison: Comparison, failOn: CompareFailOn): 0 | 1 {
  if (failOn === 'none') return 0;
  if (failOn === 'differences') return comparison.counts.difference > 0 ? 1 : 0;
  return comparison.failing > 0 ? 1 : 0;
}

/** `2 differences, 1 failing alike, 4 coverage differences, 105 same (requirements)`. */
export function comparisonCountsLine(comparison: Comparison): string {
  const c = comparison.counts;
  return `${c.difference} differences, ${c.failing} failing alike, ${c.coverage} coverage differences, ${c.same} same (requirements); ${comparison.failing} failing on some target`;
}

// --- targets ---

/** `profile (environment)`, with the report's folder (then its position) where two would read alike. */
function labelsOf(inputs: readonly ComparisonInput[]): string[] {
  const base = inputs.map(
    ({ result }) => `${result.manifest.profile.name} (${result.manifest.profile.environment})`,
  );
  const withFolder = base.map((label, i) =>
    base.filter((other) => other === label).length > 1 ? `${label} [${folderOf(inputs[i]!.path)}]` : label,
  );
  return withFolder.map((label, i) =>
    withFolder.filter((other) => other === label).length > 1 ? `${label} #${i + 1}` : label,
  );
}

/** The folder of a report as given (`runs/a` of `runs/a/conformance.json`), or the path itself. */
function folderOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts.length > 1 ? parts.slice(0, -1).join('/') || '/' : path;
}

/** A relative link from the comparison's folder to a file: forward slashes, each segment encoded. */
export function linkTo(outDir: string, file: string): string {
  const rel = relative(outDir, file).split(sep).join(posix.sep) || '.';
  return rel
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}

/** The principals of a run: orgs in manifest order, `fabric`, then any other, each only with checks. */
function principalsOf(run: RunResult): string[] {
  const seen = new Set<string>();
  for (const r of run.requirements) for (const c of r.checks) seen.add(c.principal);
  const ordered = [...run.manifest.orgs, 'fabric'].filter((p) => seen.has(p));
  return [...ordered, ...[...seen].filter((p) => !ordered.includes(p)).sort()];
}

/** Spec hashes by file name (the manifest keys them by path, which differs between machines). */
function specsByName(hashes: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(hashes)
      .map(([path, hash]) => [path.split(/[\\/]/).pop() ?? path, hash] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

function targetOf(input: ComparisonInput, index: number, label: string, outDir: string): ComparedTarget {
  const { result } = input;
  const m = result.manifest;
  return {
    index: index + 1,
    label,
    path: input.path,
    links: {
      json: linkTo(outDir, input.path),
      ...(input.html ? { html: linkTo(outDir, input.html.path) } : {}),
    },
    profile: m.profile,
    targets: m.targets,
    orgs: m.orgs,
    principals: principalsOf(result),
    ...(m.orgConfig ? { orgConfig: m.orgConfig } : {}),
    ...(m.apiErrorStatus !== undefined ? { apiErrorStatus: m.apiErrorStatus } : {}),
    ...(m.fabric ? { memberInquiry: m.fabric.memberInquiry } : {}),
    suiteVersion: m.tool.version,
    specHashes: specsByName(m.specHashes),
    startedAt: m.startedAt,
    seed: m.seed,
    ...(m.shard ? { shard: m.shard } : {}),
    verdict: result.verdict,
    exitCode: result.exitCode,
    ...(result.stopped ? { stopped: result.stopped } : {}),
  };
}

// --- rows ---

/** Every requirement of any report: catalogue order, then those the catalogue lacks, in report order. */
function requirementIds(inputs: readonly ComparisonInput[], order: readonly string[] | undefined): string[] {
  const present = new Set(inputs.flatMap(({ result }) => result.requirements.map((r) => r.id)));
  const known = (order ?? []).filter((id) => present.has(id));
  const rest = [...present].filter((id) => !known.includes(id));
  return [...known, ...rest];
}

/**
 * The API families a requirement's operations belong to; undefined when one is unknown (a report
 * of another version, no families given), so that nothing is called inapplicable on a guess.
 */
function familiesOf(
  operations: readonly string[],
  operationFamilies: Readonly<Record<string, string>> | undefined,
): ReadonlySet<string> | undefined {
  const families = operations.map((op) => operationFamilies?.[op]);
  if (families.length === 0 || families.some((f) => f === undefined)) return undefined;
  return new Set(families as string[]);
}

/** A principal's API family: `fabric`, or `capillary` for an org of the target; else undefined. */
const familyOfPrincipal = (principal: string, target: ComparedTarget): string | undefined =>
  principal === 'fabric' ? 'fabric' : target.orgs.includes(principal) ? 'capillary' : undefined;

/** Why a requirement of `families` cannot apply to `principal`, or undefined when it may. */
function notApplicableReason(
  families: ReadonlySet<string> | undefined,
  principal: string,
  target: ComparedTarget,
): string | undefined {
  const family = familyOfPrincipal(principal, target);
  if (!families || family === undefined || families.has(family)) return undefined;
  return `a ${[...families].sort().join('/')} requirement: it does not apply to @${principal} (${family})`;
}

function cellOf(
  requirement: RequirementResult | undefined,
  id: string,
  principal: string,
  input: ComparisonInput,
  target: ComparedTarget,
  families: ReadonlySet<string> | undefined,
): ComparedCell {
  const checks = (requirement?.checks ?? []).filter((c) => c.principal === principal);
  const notApplicable = checks.length === 0 ? notApplicableReason(families, principal, target) : undefined;
  const verdict = checks.length > 0 ? worstVerdict(checks.map((c) => c.verdict)) : undefined;
  const shown = checks.find((c) => c.verdict === verdict && verdict !== 'pass' && verdict !== 'skip');
  const anchor = reportAnchor(id);
  const href = target.links.html
    ? input.html?.ids.has(anchor)
      ? `${target.links.html}#${encodeURIComponent(anchor)}`
      : target.links.html
    : target.links.json;
  const file = target.links.html ? 'report.html' : 'conformance.json';
  return {
    verdict,
    ...(notApplicable ? { notApplicable } : {}),
    checks: checks.map((c) => ({
      checkId: c.checkId,
      verdict: c.verdict,
      exchangeIds: c.exchangeIds,
      ...(c.occurrences !== undefined ? { occurrences: c.occurrences } : {}),
    })),
    ...(shown
      ? {
          evidence: {
            checkId: shown.checkId,
            message: shown.message,
            ...(shown.expected !== undefined ? { expected: shown.expected } : {}),
            ...(shown.actual !== undefined ? { actual: shown.actual } : {}),
          },
        }
      : {}),
    href,
    hrefTitle: `${id} @${principal} in the ${file} of ${target.label}`,
  };
}

function rowOf(
  id: string,
  requirements: readonly (RequirementResult | undefined)[],
  inputs: readonly ComparisonInput[],
  targets: readonly ComparedTarget[],
  columns: readonly ComparedColumn[],
  operationFamilies: Readonly<Record<string, string>> | undefined,
): ComparedRow {
  const shown = requirements.find((r) => r !== undefined)!;
  const families = familiesOf(shown.operations, operationFamilies);
  const cells = columns.map((column) =>
    cellOf(
      requirements[column.target],
      id,
      column.principal,
      inputs[column.target]!,
      targets[column.target]!,
      families,
    ),
  );
  const perPrincipal = requirements.map((r) => verdictsByPrincipal(r));
  const targetVerdicts = perPrincipal.map((verdicts) => {
    const judged = [...verdicts.values()].filter(isJudged);
    return judged.length > 0 ? worstVerdict(judged) : undefined;
  });
  const { differences, coverage } = disagreements(targets, perPrincipal, targetVerdicts);
  const failing = cells.some((c) => c.verdict === 'fail');
  const kind: RowKind =
    differences.length > 0 ? 'difference' : failing ? 'failing' : coverage.length > 0 ? 'coverage' : 'same';
  return {
    id,
    title: shown.title,
    level: shown.level,
    operations: shown.operations,
    document: sourceText(shown.source),
    kind,
    failing,
    targetVerdicts,
    cells,
    reasons: kind === 'same' ? [] : [...differences, ...coverage],
  };
}

/**
 * Where targets disagree on one requirement, pair by pair: their verdicts over judged principals
 * differ, or an org both name got different judged verdicts (differences); one judged what the
 * other skipped or did not run, overall or for an org both name (coverage).
 */
function disagreements(
  targets: readonly ComparedTarget[],
  perPrincipal: readonly ReadonlyMap<string, Verdict>[],
  targetVerdicts: readonly (Verdict | undefined)[],
): { differences: string[]; coverage: string[] } {
  const differences: string[] = [];
  const coverage: string[] = [];
  const say = (v: Verdict | undefined) => v ?? 'not run';
  for (let t = 0; t < targets.length; t++) {
    for (let u = t + 1; u < targets.length; u++) {
      const [a, b] = [targets[t]!, targets[u]!];
      const [va, vb] = [targetVerdicts[t], targetVerdicts[u]];
      if (isJudged(va) && isJudged(vb) && va !== vb) {
        differences.push(`${a.label}: ${va}; ${b.label}: ${vb}`);
      } else if (isJudged(va) !== isJudged(vb)) {
        coverage.push(`${a.label}: ${say(va)}; ${b.label}: ${say(vb)}`);
      }
      for (const principal of a.principals.filter((p) => b.principals.includes(p))) {
        const pa = perPrincipal[t]!.get(principal);
        const pb = perPrincipal[u]!.get(principal);
        if (isJudged(pa) && isJudged(pb) && pa !== pb) {
          differences.push(`@${principal}: ${a.label}: ${pa}; ${b.label}: ${pb}`);
        } else if (isJudged(pa) !== isJudged(pb)) {
          coverage.push(`@${principal}: ${a.label}: ${say(pa)}; ${b.label}: ${say(pb)}`);
        }
      }
    }
  }
  return { differences, coverage };
}

// --- notes ---

const list = (targets: readonly ComparedTarget[]) => targets.map((t) => t.label).join(', ');

/** Groups targets by a key: `0.1.0 (A, B); 0.2.0 (C)`, or undefined when all share it. */
function groupsOf(
  targets: readonly ComparedTarget[],
  key: (t: ComparedTarget) => string,
): string | undefined {
  const groups = new Map<string, ComparedTarget[]>();
  for (const t of targets) groups.set(key(t), [...(groups.get(key(t)) ?? []), t]);
  if (groups.size < 2) return undefined;
  return [...groups].map(([value, members]) => `${value} (${list(members)})`).join('; ');
}

/**
 * Why the reports may not compare like for like: other suite versions or spec hashes (the same
 * requirement may be judged by other checks or against another document), filters, shards,
 * seeds, incomplete runs, reports recording no configuration. Listed in every output, never silent.
 */
function comparabilityNotes(
  inputs: readonly ComparisonInput[],
  targets: readonly ComparedTarget[],
): string[] {
  const notes: string[] = [];
  const versions = groupsOf(targets, (t) => t.suiteVersion);
  if (versions) {
    notes.push(
      `the reports come from different suite versions: ${versions}; a requirement may be judged by other checks in each`,
    );
  }
  const files = [...new Set(targets.flatMap((t) => Object.keys(t.specHashes)))].sort();
  for (const file of files) {
    const hashes = groupsOf(targets, (t) => (t.specHashes[file] ?? 'absent').slice(0, 12));
    if (hashes) notes.push(`the targets were judged against different versions of ${file}: ${hashes}`);
  }
  const filters = groupsOf(targets, (t) => filterText(inputs[t.index - 1]!.result.manifest.filters));
  if (filters) notes.push(`the runs selected different scenarios: ${filters}`);
  const shards = targets.filter((t) => t.shard);
  if (shards.length > 0) {
    notes.push(
      `${list(shards)}: one shard of a run (${shards.map((t) => `${t.shard!.index}/${t.shard!.total}`).join(', ')}): merge the shards first for a whole run`,
    );
  }
  const seeds = groupsOf(targets, (t) => String(t.seed));
  if (seeds) notes.push(`the runs used different seeds: ${seeds}; generated inputs differ`);
  for (const t of targets.filter((x) => x.stopped)) {
    notes.push(`${t.label}: the run is incomplete (${t.stopped!.code}: ${t.stopped!.message})`);
  }
  const unrecorded = targets.filter((t) => !t.orgConfig);
  if (unrecorded.length > 0) {
    notes.push(`${list(unrecorded)}: the report records no org configuration (an earlier version)`);
  }
  const paths = inputs.map((i) => i.path);
  const repeated = [...new Set(paths.filter((p, i) => paths.indexOf(p) !== i))];
  if (repeated.length > 0) notes.push(`the same report is compared more than once: ${repeated.join(', ')}`);
  return notes;
}

const filterText = (filters: RunManifest['filters']) => {
  const parts = [
    filters.grep !== undefined ? `--grep ${filters.grep}` : '',
    filters.tags?.length ? `--tag ${filters.tags.join(' ')}` : '',
    filters.requirements?.length ? `--requirement ${filters.requirements.join(' ')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : 'every scenario';
};
