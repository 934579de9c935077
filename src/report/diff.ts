import { OWN_CHOICE_DOCUMENT } from '../catalogue/catalogue.ts';
import type {
  CheckResult,
  RequirementResult,
  RequirementSource,
  RunResult,
  Verdict,
} from '../engine/types.ts';
import { worstVerdict } from '../engine/verdicts.ts';

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
  'newWarnings',
  'newErrors',
  'noLongerJudged',
] as const;
/** One of {@link DIFF_CATEGORIES}. */
export type DiffCategory = (typeof DIFF_CATEGORIES)[number];

/** Headings of the categories. */
export const CATEGORY_TITLES: Record<DiffCategory, string> = {
  newlyFailing: 'Newly failing',
  fixed: 'Fixed',
  stillFailing: 'Still failing',
  newWarnings: 'New warnings (drift)',
  newErrors: 'New errors (could not judge)',
  noLongerJudged: 'No longer judged',
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
  readonly verdict: Verdict;
}

/** The difference between a baseline run and a current one. */
export interface ReportDiff {
  readonly baseline: RunSummary;
  readonly current: RunSummary;
  /** Why the two runs may not be comparable (another profile, other specs, other filters). */
  readonly notes: readonly string[];
  readonly categories: Readonly<Record<DiffCategory, readonly RequirementChange[]>>;
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

/** The category of one (requirement, principal) change, if it is one worth reporting. */
export function categorize(
  before: Verdict | undefined,
  after: Verdict | undefined,
): DiffCategory | undefined {
  if (after === 'fail') return before === 'fail' ? 'stillFailing' : 'newlyFailing';
  if (before === 'fail' && (after === 'pass' || after === 'warn')) return 'fixed';
  if (after === 'warn' && before !== 'warn') return 'newWarnings';
  if (after === 'error' && before !== 'error') return 'newErrors';
  if (JUDGED.has(before) && (after === undefined || after === 'skip')) return 'noLongerJudged';
  return undefined;
}

/** Compares two runs requirement by requirement and principal by principal. */
export function diffReports(baseline: RunResult, current: RunResult): ReportDiff {
  const before = new Map(baseline.requirements.map((r) => [r.id, r]));
  const after = new Map(current.requirements.map((r) => [r.id, r]));
  const ids = [...after.keys(), ...[...before.keys()].filter((id) => !after.has(id))];
  const categories: Record<DiffCategory, RequirementChange[]> = {
    newlyFailing: [],
    fixed: [],
    stillFailing: [],
    newWarnings: [],
    newErrors: [],
    noLongerJudged: [],
  };
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
      const category = categorize(b, a);
      if (!category) continue;
      const source = category === 'fixed' || category === 'noLongerJudged' ? old : now;
      const verdict = category === 'fixed' || category === 'noLongerJudged' ? b : a;
      const check = source?.checks.find((c) => c.principal === principal && c.verdict === verdict);
      changes.set(category, [
        ...(changes.get(category) ?? []),
        {
          principal,
          before: b,
          after: a,
          ...(check ? { evidence: evidenceOf(check) } : {}),
        },
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
  return {
    baseline: summaryOf(baseline),
    current: summaryOf(current),
    notes: comparabilityNotes(baseline, current),
    categories,
  };
}

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
});

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
  if (JSON.stringify(a.filters) !== JSON.stringify(b.filters)) notes.push('the runs used different filters');
  const slice = (m: typeof a) => (m.shard ? `${m.shard.index}/${m.shard.total}` : 'all');
  if (slice(a) !== slice(b)) notes.push(`the runs judged different shards (${slice(a)} → ${slice(b)})`);
  if (a.seed !== b.seed) notes.push(`the seeds differ (${a.seed} → ${b.seed}): generated inputs differ`);
  return notes;
}

/** The exit code a diff gives under a `--fail-on` policy: 1 when the policy trips, else 0. */
export function diffExitCode(diff: ReportDiff, failOn: FailOn): 0 | 1 {
  if (failOn === 'none') return 0;
  const { newlyFailing, stillFailing } = diff.categories;
  if (failOn === 'new') return newlyFailing.length > 0 ? 1 : 0;
  return newlyFailing.length + stillFailing.length > 0 ? 1 : 0;
}

/** `3 newly failing, 1 fixed, 2 still failing, 0 new warnings, 0 new errors, 0 no longer judged` */
export function diffCountsLine(diff: ReportDiff): string {
  const c = diff.categories;
  return `${c.newlyFailing.length} newly failing, ${c.fixed.length} fixed, ${c.stillFailing.length} still failing, ${c.newWarnings.length} new warnings, ${c.newErrors.length} new errors, ${c.noLongerJudged.length} no longer judged (requirements)`;
}

const runLine = (label: string, s: RunSummary) =>
  `${label} profile ${s.profile} (${s.environment}), started ${s.startedAt}, seed ${s.seed}, suite ${s.toolVersion}: ${s.verdict}`;

const arrow = (change: PrincipalChange) => `${change.before ?? '—'} → ${change.after ?? '—'}`;

const oneLine = (text: string, max = 240) => {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/** The diff as plain text for a terminal or a CI log. */
export function renderDiffText(diff: ReportDiff): string {
  const lines = [runLine('baseline:', diff.baseline), runLine('current: ', diff.current)];
  for (const note of diff.notes) lines.push(`note: ${note}`);
  for (const category of DIFF_CATEGORIES) {
    const list = diff.categories[category];
    if (list.length === 0) continue;
    lines.push('', `${CATEGORY_TITLES[category]} (${list.length})`);
    for (const r of list) {
      lines.push(`  ${r.id} [${r.level}] ${r.title}`);
      lines.push(`    document: ${r.document}`);
      for (const p of r.principals) {
        const e = p.evidence;
        const detail = e
          ? e.expected !== undefined || e.actual !== undefined
            ? `${e.checkId}: expected ${oneLine(e.expected ?? '-')}; actual ${oneLine(e.actual ?? '-')}`
            : `${e.checkId}: ${oneLine(e.message)}`
          : '';
        lines.push(`    @${p.principal} ${arrow(p)}${detail ? ` — ${detail}` : ''}`);
      }
    }
  }
  lines.push('', diffCountsLine(diff));
  return `${lines.join('\n')}\n`;
}

const mdCell = (text: string) =>
  oneLine(text, 160).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');

/** The diff as Markdown (a pull-request comment or a CI step summary). */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const c = diff.categories;
  const gate = c.newlyFailing.length > 0 ? '❌ new failures' : '✅ no new failures';
  const lines = [
    `## Conformance baseline diff: ${gate}`,
    '',
    `Baseline ${mdCell(diff.baseline.profile)} started ${diff.baseline.startedAt} → current started ${diff.current.startedAt}.`,
    ...diff.notes.map((note) => `> note: ${mdCell(note)}`),
    '',
    '| newly failing | fixed | still failing | new warnings | new errors | no longer judged |',
    '|---|---|---|---|---|---|',
    `| ${c.newlyFailing.length} | ${c.fixed.length} | ${c.stillFailing.length} | ${c.newWarnings.length} | ${c.newErrors.length} | ${c.noLongerJudged.length} |`,
  ];
  for (const category of DIFF_CATEGORIES) {
    const list = c[category];
    if (list.length === 0 || category === 'stillFailing') continue;
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
        ? `${mdCell(e.checkId)}: expected ${mdCell(e.expected ?? '-')}; actual ${mdCell(e.actual ?? e.message)}`
        : '';
      lines.push(`| **${mdCell(r.id)}** ${mdCell(r.title)} | ${principals} | ${evidence} |`);
    }
  }
  if (c.stillFailing.length > 0) {
    lines.push('', `Still failing: ${c.stillFailing.map((r) => mdCell(r.id)).join(', ')}.`);
  }
  return `${lines.join('\n')}\n`;
}
