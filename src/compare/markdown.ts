import { markdownText } from '../../reporters/markdown.ts';
import type { Verdict } from '../engine/types.ts';
import { comparisonHeadline, targetFacts, targetHeadline } from './describe.ts';
import {
  type ComparedCell,
  type ComparedRow,
  type Comparison,
  cellText,
  comparisonCountsLine,
  DIFFERENCE_DEFINITION,
  ROW_KIND_TITLES,
  ROW_KINDS,
} from './model.ts';

/** The file `compare` writes the Markdown comparison to. */
export const COMPARISON_MARKDOWN_FILE = 'comparison.md';

/**
 * A table cell (or list item) from hostile text: one line, cut, escaped as the summary's cells
 * are (see {@link markdownText}).
 */
export const mdText = markdownText;

/** Reasons shown per row; the JSON has them all. */
const REASONS_SHOWN = 2;

/** A link destination: already encoded by the model; parentheses encoded too (they end it). */
const destination = (href: string) => href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');

/** `[text](href)`: `text` already Markdown, `href` relative and encoded. */
const link = (text: string, href: string) => `[${text}](${destination(href)})`;

const VERDICT_MARK: Record<Verdict, string> = { fail: '❌', error: '⛔', warn: '⚠️', pass: '✅', skip: '⏭️' };

/**
 * A verdict linking to its evidence; for an absent one (nothing to link to) `n/a` where the
 * requirement cannot apply to the principal, else `—` (not run there).
 */
const cellMarkdown = (cell: ComparedCell) =>
  cell.verdict === undefined
    ? cellText(cell)
    : link(`${VERDICT_MARK[cell.verdict]} ${cell.verdict}`, cell.href);

/** Why a row is shown where it is: reasons (differences, coverage) and the first failing evidence. */
function detail(row: ComparedRow, comparison: Comparison): string {
  const parts = row.reasons.slice(0, REASONS_SHOWN).map((r) => mdText(r));
  if (row.reasons.length > REASONS_SHOWN) parts.push(`(+${row.reasons.length - REASONS_SHOWN} more)`);
  const index = row.cells.findIndex((c) => c.verdict === 'fail' || c.verdict === 'error');
  const cell = row.cells[index];
  if (cell?.evidence) {
    const column = comparison.columns[index]!;
    const e = cell.evidence;
    const words =
      e.expected !== undefined || e.actual !== undefined
        ? `expected ${e.expected ?? '-'}; actual ${e.actual ?? '-'}`
        : e.message;
    parts.push(`T${column.target + 1} @${mdText(column.principal)} ${mdText(e.checkId)}: ${mdText(words)}`);
  }
  return parts.join('<br>');
}

/**
 * The comparison as Markdown (a pull request, a CI step summary): the targets with their
 * manifests, the notes, then one table per kind of row (differences first), each cell linking to
 * the requirement in that target's report.
 */
export function renderComparisonMarkdown(comparison: Comparison): string {
  const gate = comparison.counts.difference > 0 || comparison.failing > 0 ? '❌' : '✅';
  const lines = [
    `## Loyalty API comparison: ${gate} ${comparisonHeadline(comparison)}`,
    '',
    ...comparison.notes.map((note) => `> note: ${mdText(note, 600)}`),
    ...(comparison.notes.length > 0 ? [''] : []),
    `${comparisonCountsLine(comparison)}.`,
    '',
    `A **difference** is ${DIFFERENCE_DEFINITION.difference}. A **coverage difference** is ${DIFFERENCE_DEFINITION.coverage}.`,
    '',
    '### Targets',
    '',
  ];
  for (const t of comparison.targets) {
    const reports = [
      ...(t.links.html ? [link('report.html', t.links.html)] : []),
      link('conformance.json', t.links.json),
    ];
    lines.push(`**T${t.index} · ${mdText(t.label)}**: ${targetHeadline(t)} · ${reports.join(' · ')}`, '');
    for (const fact of targetFacts(t)) lines.push(`- ${mdText(fact.name)}: ${mdText(fact.value, 400)}`);
    lines.push('');
  }
  const header = comparison.columns.map((c) => `T${c.target + 1} @${mdText(c.principal)}`);
  for (const kind of ROW_KINDS) {
    const rows = comparison.rows.filter((r) => r.kind === kind);
    if (rows.length === 0) continue;
    const title = `${ROW_KIND_TITLES[kind]} (${rows.length})`;
    // What agrees everywhere is folded (GitHub renders details in Markdown).
    lines.push(kind === 'same' ? `<details><summary>${title}</summary>` : `### ${title}`, '');
    const withDetail = kind !== 'same';
    lines.push(
      `| requirement | ${header.join(' | ')} |${withDetail ? ' detail |' : ''}`,
      `|---|${header.map(() => '---|').join('')}${withDetail ? '---|' : ''}`,
    );
    for (const row of rows) {
      const cells = row.cells.map(cellMarkdown).join(' | ');
      lines.push(
        `| **${mdText(row.id)}** [${row.level}] ${mdText(row.title, 100)} | ${cells} |${withDetail ? ` ${detail(row, comparison)} |` : ''}`,
      );
    }
    lines.push('', ...(kind === 'same' ? ['</details>', ''] : []));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
