import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CoverageGate, OperationCoverage, SpecCoverage } from '../src/coverage/model.ts';
import type { RequirementResult, RunResult } from '../src/engine/types.ts';
import { notJudgeableLine, visible } from './console.ts';
import { ownCredentialsRefusedLine } from './profile-refusals.ts';
import {
  byOperation,
  documentCitation,
  failuresOnPremises,
  firstProblem,
  noteOf,
  premiseOf,
  prepareReport,
  problems,
  requirementsByVerdict,
  skipReason,
  verdictCounts,
} from './summary.ts';
import type { ReporterFactory, ReporterOptions } from './types.ts';

/** The file the Markdown reporter writes in the output folder. */
export const MARKDOWN_FILE = 'summary.md';

/** Problem rows in the summary; the rest are counted. */
const ROWS_SHOWN = 30;

/** Characters of a cell; longer values are cut. */
const CELL_SHOWN = 160;

/**
 * Markdown text (a table cell, a list item, a note) from hostile text: one line, cut at `max`
 * characters; control characters (NUL, ANSI escapes) shown as `\u001b`; HTML and pipes escaped
 * (GitHub renders some HTML in Markdown, a pipe would split the table's row); backslashes,
 * brackets and emphasis escaped (no link or image a target's answer could make GitHub fetch or
 * show as ours); backticks neutralised. The summary, the baseline diff and the comparison all go
 * to `$GITHUB_STEP_SUMMARY`: one escaper for the three.
 */
export function markdownText(text: string, max = CELL_SHOWN): string {
  const flat = visible(text.replace(/\s*[\r\n]+\s*/g, ' '));
  const short = flat.length > max ? `${flat.slice(0, max)}…` : flat;
  return short
    .replace(/[\\[\]*_]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'");
}

/** A table cell of the summary (see {@link markdownText}). */
export const markdownCell = (text: string): string => markdownText(text);
const cell = markdownCell;

/** A requirement's source as a Markdown link `[title — section](url)` (plain text without a page). */
export function markdownSource(r: RequirementResult): string {
  const { text, url } = documentCitation(r);
  const words = cell(text);
  return url ? `[${words}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : words;
}

/** The `--min-coverage` line under the heading: a failed gate in bold (the job exits 1 on it). */
function gateLines(gate: CoverageGate | undefined): string[] {
  if (!gate) return [];
  return [gate.met ? `Gate met: ${cell(gate.line)}.` : `**❌ Gate failed: ${cell(gate.line)}; exit 1**`, ''];
}

/** A compact pull-request summary: verdict, counts, the problems (failures first), endpoints. */
export function renderMarkdown(result: RunResult, gate?: CoverageGate): string {
  const counts = verdictCounts(result.requirements);
  const m = result.manifest;
  const title = result.stopped
    ? '⚠️ Not judged'
    : result.verdict === 'fail'
      ? '❌ Non-conformant'
      : result.exitCode === 2
        ? '⚠️ Not judged'
        : '✅ Conformant';
  const slice = m.shard ? `; shard ${m.shard.index}/${m.shard.total}` : '';
  const merged = m.shards ? `; merged from ${m.shards.length} shards` : '';
  const lines = [
    `## Loyalty API conformance: ${title}`,
    '',
    ...(result.stopped ? [`**${cell(result.stopped.message)}**`, ''] : []),
    ...gateLines(gate),
    `Profile **${cell(m.profile.name)}** (${cell(m.profile.environment)}), orgs ${cell(m.orgs.join(', ') || '—')}; seed ${m.seed}${slice}${merged}.`,
    '',
    '| requirements | ❌ fail | ⛔ error | ⚠️ warn | ✅ pass | ⏭️ skip | exchanges | time |',
    '|---|---|---|---|---|---|---|---|',
    `| ${result.requirements.length} | ${counts.fail} | ${counts.error} | ${counts.warn} | ${counts.pass} | ${counts.skip} | ${result.totals.exchanges} | ${(m.durationMs / 1000).toFixed(1)} s |`,
    '',
  ];
  const notJudgeable = notJudgeableLine(result, cell);
  if (notJudgeable) lines.push(notJudgeable, '');
  const shown = requirementsByVerdict(result).filter((r) => problems(r).length > 0);
  if (shown.length > 0) {
    lines.push(
      '| verdict | requirement | document | check | expected | actual | note |',
      '|---|---|---|---|---|---|---|',
    );
    for (const r of shown.slice(0, ROWS_SHOWN)) {
      const p = firstProblem(r);
      const others = problems(r).length - 1;
      const check = p ? `${p.checkId} @${p.principal}${others > 0 ? ` (+${others})` : ''}` : '';
      // Why a warning is not a failure (or what a failure rests on): the reader of a red gate
      // must not have to open report.html to learn whether the target or the profile is at fault.
      const premise = p ? premiseOf(result, p) : undefined;
      const why =
        (p && noteOf(p, r.level)) ??
        (premise === undefined ? '' : `rests on what the profile declares: ${premise}`);
      lines.push(
        `| ${r.verdict} | **${cell(r.id)}** ${cell(r.title)} | ${markdownSource(r)} | ${cell(check)} | ${cell(p?.expected ?? '')} | ${cell(p?.actual ?? p?.message ?? '')} | ${cell(why)} |`,
      );
    }
    if (shown.length > ROWS_SHOWN) {
      lines.push('', `… and ${shown.length - ROWS_SHOWN} more.`);
    }
    lines.push('');
  }
  const onPremises = failuresOnPremises(result);
  if (onPremises.length > 0) {
    const which = onPremises.map((r) => {
      const failing = r.checks.find((c) => c.verdict === 'fail');
      return `**${cell(r.id)}** (the profile declares ${cell(failing ? (premiseOf(result, failing) ?? '') : '')})`;
    });
    lines.push(
      `${onPremises.length} of ${counts.fail} failed requirement(s) rest on what the profile declares: ${which.join('; ')}. If the target's org is set otherwise, the profile is wrong, not the target: confirm those settings with the target's admin before reporting them to the vendor.`,
      '',
    );
  }
  const refused = ownCredentialsRefusedLine(result, (text) => markdownText(text, Number.POSITIVE_INFINITY));
  if (refused) lines.push(`${refused}.`, '');
  // Skips with their reasons, folded: a CI gate whose run judged less than before (bills used up,
  // a fixture left out) says so on the page people read, not only in counts.
  const skipped = result.requirements.filter((r) => r.verdict === 'skip');
  if (skipped.length > 0) {
    lines.push(
      `<details><summary>⏭️ ${skipped.length} requirement${skipped.length === 1 ? '' : 's'} skipped: why</summary>`,
      '',
      '| requirement | why |',
      '|---|---|',
      ...skipped
        .slice(0, ROWS_SHOWN)
        .map((r) => `| **${cell(r.id)}** ${cell(r.title)} | ${cell(skipReason(r, result.scenarios))} |`),
      ...(skipped.length > ROWS_SHOWN ? ['', `… and ${skipped.length - ROWS_SHOWN} more.`] : []),
      '',
      '</details>',
      '',
    );
  }
  lines.push('| endpoint | fail | error | warn | pass | skip |', '|---|---|---|---|---|---|');
  for (const [op, row] of byOperation(result)) {
    lines.push(`| ${cell(op)} | ${row.fail} | ${row.error} | ${row.warn} | ${row.pass} | ${row.skip} |`);
  }
  if (result.coverage) lines.push('', ...coverageMarkdown(result.coverage));
  return `${lines.join('\n')}\n`;
}

/** `statuses 404, 4XX; codes 8906`: what an operation declares and the run did not exercise. */
function unexercised(operation: OperationCoverage): string {
  const statuses = operation.statuses.filter((s) => !s.received).map((s) => cell(s.status));
  const codes = operation.errorCodes.filter((c) => !c.received).map((c) => String(c.code));
  const parameters = operation.parameters.filter((p) => !p.sent).map((p) => cell(`${p.in}.${p.name}`));
  return [
    statuses.length ? `status${statuses.length > 1 ? 'es' : ''} ${statuses.join(', ')}` : '',
    codes.length ? `code${codes.length > 1 ? 's' : ''} ${codes.join(', ')}` : '',
    parameters.length ? `not sent: ${parameters.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * The spec coverage section: the run's figures, then one line per operation with its percentage
 * and what it did not exercise (endpoints outside the four documents marked as not counted).
 */
export function coverageMarkdown(coverage: SpecCoverage): string[] {
  const { statusesAndCodes: sc, parameters: p } = coverage.totals;
  const lines = [
    `### Spec coverage: ${sc.percent}% of declared statuses and error codes exercised (${sc.exercised} of ${sc.declared}); parameters sent ${p.percent}% (${p.exercised} of ${p.declared})`,
    '',
  ];
  for (const operation of coverage.operations) {
    const count = operation.totals.statusesAndCodes;
    const missing = unexercised(operation);
    lines.push(
      `- \`${cell(operation.operationId)}\`${operation.counted ? '' : ' (outside the four documents, not counted)'}: ${count.percent}% (${count.exercised} of ${count.declared})${missing ? ` — not exercised: ${missing}` : ''}`,
    );
  }
  return lines;
}

/** The Markdown summary of a run, secrets scrubbed. */
export function renderMarkdownReport(
  result: RunResult,
  options: Pick<ReporterOptions, 'secrets' | 'curl' | 'coverageGate'>,
): string {
  const view = prepareReport(result, options);
  return view.scrub(renderMarkdown(view.result, options.coverageGate?.(view.result)));
}

/** Writes `summary.md`, and appends it to `$GITHUB_STEP_SUMMARY` when that is set. */
export const markdownReporter: ReporterFactory = (options) => ({
  onRunEnd(result) {
    const text = renderMarkdownReport(result, options);
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, MARKDOWN_FILE), text);
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    if (stepSummary) appendFileSync(stepSummary, `${text}\n`);
  },
});
