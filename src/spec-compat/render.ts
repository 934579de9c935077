import { type CompatReport, compatExitCode } from './compare.ts';
import type { CompatFinding } from './findings.ts';

/** A compatibility report as text, Markdown or JSON: pure functions from the report to what is printed. */

/** Requirement IDs shown per finding in text before `and N more` (JSON and Markdown list all). */
const TEXT_REQUIREMENTS = 8;

/** `COMPATIBLE: 0 breaking, 2 warnings, 1 info` */
export function compatSummaryLine(report: CompatReport): string {
  const c = report.counts;
  const verdict = report.compatible ? 'COMPATIBLE' : 'NOT COMPATIBLE';
  return `${verdict}: ${c.breaking} breaking, ${c.warning} ${c.warning === 1 ? 'warning' : 'warnings'}, ${c.info} info`;
}

function scopeLine(report: CompatReport): string {
  const matched = report.operations.filter((o) => o.theirs !== undefined).length;
  const prefix = report.pathPrefix ? `; path prefix removed: ${report.pathPrefix}` : '';
  return `compared ${report.families.join(' and ')}: ${matched} of our ${report.operations.length} operations matched${prefix}`;
}

function hintLine(report: CompatReport): string | undefined {
  if (report.suggestedPrefix === undefined) return undefined;
  return `none of their operations matched ours; their paths look prefixed: try --path-prefix ${report.suggestedPrefix}`;
}

function documentLine(report: CompatReport): string {
  const title = report.title ? `, "${report.title}"` : '';
  return `${report.input} (OpenAPI ${report.openapi}${title}) against the suite's specs`;
}

function requirementsText(ids: readonly string[]): string {
  if (ids.length === 0) return 'none named';
  const shown = ids.slice(0, TEXT_REQUIREMENTS).join(', ');
  return ids.length > TEXT_REQUIREMENTS ? `${shown} and ${ids.length - TEXT_REQUIREMENTS} more` : shown;
}

/** Groups findings under their operation, keeping the report's order. */
function groups(report: CompatReport): { heading: string; findings: CompatFinding[] }[] {
  const out: { heading: string; findings: CompatFinding[] }[] = [];
  for (const f of report.findings) {
    const heading =
      f.operationId === undefined
        ? 'their operations that are none of ours'
        : headingOf(report, f.operationId);
    const last = out.at(-1);
    if (last?.heading === heading) last.findings.push(f);
    else out.push({ heading, findings: [f] });
  }
  return out;
}

function headingOf(report: CompatReport, operationId: string): string {
  const op = report.operations.find((o) => o.operationId === operationId);
  if (!op) return operationId;
  const theirs = op.theirs && op.theirs !== op.ours ? ` (theirs: ${op.theirs})` : '';
  return `${operationId}  ${op.ours}${theirs}`;
}

/** The report as the terminal shows it. */
export function renderCompatText(report: CompatReport): string {
  const lines = [`spec-compat: ${documentLine(report)}`, scopeLine(report)];
  const hint = hintLine(report);
  if (hint) lines.push(hint);
  lines.push(compatSummaryLine(report));
  if (report.findings.length === 0) {
    lines.push('', 'no finding: every operation, field and error code compared agrees with ours');
  }
  for (const group of groups(report)) {
    lines.push('', group.heading);
    for (const f of group.findings) {
      // An operation of theirs that is none of ours has no heading of its own: it names itself.
      const at = f.operationId === undefined ? `${f.operation}: ` : f.at ? `${f.at}: ` : '';
      lines.push(`  ${f.severity.padEnd(8)}  ${f.kind.padEnd(26)}  ${at}${f.message}`);
      if (f.operationId !== undefined)
        lines.push(`  ${''.padEnd(8)}  ${'at risk:'.padEnd(26)}  ${requirementsText(f.requirements)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The report as Markdown (a pull request comment, a job summary). */
export function renderCompatMarkdown(report: CompatReport): string {
  const lines = [
    `# spec-compat: ${cell(report.input)}`,
    '',
    `${cell(documentLine(report))}; ${scopeLine(report)}.`,
    '',
  ];
  const hint = hintLine(report);
  if (hint) lines.push(`> ${hint}`, '');
  lines.push(`**${compatSummaryLine(report)}**`, '');
  if (report.findings.length === 0) {
    lines.push('No finding: every operation, field and error code compared agrees with ours.');
    return `${lines.join('\n')}\n`;
  }
  lines.push(
    '| severity | kind | operation | at | finding | requirements at risk |',
    '|---|---|---|---|---|---|',
  );
  for (const f of report.findings) {
    lines.push(
      `| ${f.severity} | \`${f.kind}\` | ${cell(f.operationId ?? f.operation)} | ${cell(f.at ?? '')} | ${cell(f.message)} | ${f.requirements.join(', ')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The report as JSON, with the exit code it leads to. */
export function renderCompatJson(report: CompatReport): string {
  return `${JSON.stringify({ command: 'spec-compat', ...report, exitCode: compatExitCode(report) }, null, 2)}\n`;
}
