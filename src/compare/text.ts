import { comparisonHeadline, targetHeadline } from './describe.ts';
import {
  type Comparison,
  cellText,
  comparisonCountsLine,
  DIFFERENCE_DEFINITION,
  ROW_KIND_TITLES,
} from './model.ts';

/** Rows listed per kind in the text; the files list them all. */
const ROWS_SHOWN = 30;

/** One line of hostile text: line breaks and other control characters shown as escapes, cut. */
export function oneLine(text: string, max = 200): string {
  const flat = text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it escapes
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/**
 * The comparison as plain text for a terminal or a CI log: the targets, the notes, then the
 * differences, failures and coverage differences with each column's verdict.
 */
export function renderComparisonText(comparison: Comparison): string {
  const lines = [`Comparison of ${comparison.targets.length} targets: ${comparisonHeadline(comparison)}`];
  for (const t of comparison.targets) {
    lines.push(
      `  T${t.index} ${oneLine(t.label)}: ${targetHeadline(t)}, suite ${oneLine(t.suiteVersion)}, started ${oneLine(t.startedAt)} — ${oneLine(t.path)}`,
    );
  }
  for (const note of comparison.notes) lines.push(`note: ${oneLine(note, 400)}`);
  for (const kind of ['difference', 'failing', 'coverage'] as const) {
    const rows = comparison.rows.filter((r) => r.kind === kind);
    if (rows.length === 0) continue;
    lines.push('', `${ROW_KIND_TITLES[kind]} (${rows.length}): ${DIFFERENCE_DEFINITION[kind]}`);
    for (const row of rows.slice(0, ROWS_SHOWN)) {
      lines.push(`  ${row.id} [${row.level}] ${oneLine(row.title)}`);
      const cells = comparison.columns.map(
        (column, i) => `T${column.target + 1} @${oneLine(column.principal, 60)} ${cellText(row.cells[i]!)}`,
      );
      lines.push(`    ${cells.join(' · ')}`);
      for (const [i, cell] of row.cells.entries()) {
        const e = cell.evidence;
        if (!e) continue;
        const column = comparison.columns[i]!;
        const detail =
          e.expected !== undefined || e.actual !== undefined
            ? `expected ${oneLine(e.expected ?? '-')}; actual ${oneLine(e.actual ?? '-')}`
            : oneLine(e.message);
        lines.push(
          `    T${column.target + 1} @${oneLine(column.principal, 60)} ${oneLine(e.checkId)}: ${detail}`,
        );
      }
    }
    if (rows.length > ROWS_SHOWN) lines.push(`  … and ${rows.length - ROWS_SHOWN} more (see the files)`);
  }
  lines.push('', comparisonCountsLine(comparison));
  return `${lines.join('\n')}\n`;
}
