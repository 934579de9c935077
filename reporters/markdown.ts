import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../src/engine/types.ts';
import { byOperation, firstProblem, requirementsByVerdict, scrub, verdictCounts } from './summary.ts';
import type { ReporterFactory } from './types.ts';

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A compact pull-request summary. */
export function renderMarkdown(result: RunResult): string {
  const counts = verdictCounts(result.requirements);
  const title =
    result.verdict === 'fail'
      ? '❌ Non-conformant'
      : result.exitCode === 2
        ? '⚠️ Not judged'
        : '✅ Conformant';
  const lines = [
    `## Loyalty API conformance: ${title}`,
    '',
    `Profile **${result.manifest.profile.name}** (${result.manifest.profile.environment}), orgs ${result.manifest.orgs.join(', ') || '—'}; seed ${result.manifest.seed}.`,
    '',
    `| pass | fail | warn | error | skip | exchanges | time |`,
    `|---|---|---|---|---|---|---|`,
    `| ${counts.pass} | ${counts.fail} | ${counts.warn} | ${counts.error} | ${counts.skip} | ${result.totals.exchanges} | ${(result.manifest.durationMs / 1000).toFixed(1)} s |`,
    '',
  ];
  const problems = requirementsByVerdict(result).filter(
    (r) => r.verdict === 'fail' || r.verdict === 'error' || r.verdict === 'warn',
  );
  if (problems.length > 0) {
    lines.push('| verdict | requirement | source | expected | actual |', '|---|---|---|---|---|');
    for (const r of problems) {
      const p = firstProblem(r);
      lines.push(
        `| ${r.verdict} | **${r.id}** ${cell(r.title)} | ${cell(`${r.source.file} — ${r.source.section}`)} | ${cell(p?.expected ?? '')} | ${cell(p?.actual ?? p?.message ?? '')} |`,
      );
    }
    lines.push('');
  }
  lines.push('| endpoint | pass | fail | warn | error | skip |', '|---|---|---|---|---|---|');
  for (const [op, row] of byOperation(result))
    lines.push(`| ${op} | ${row.pass} | ${row.fail} | ${row.warn} | ${row.error} | ${row.skip} |`);
  return `${lines.join('\n')}\n`;
}

/** Writes `summary.md`, and appends it to `$GITHUB_STEP_SUMMARY` when that is set. */
export const markdownReporter: ReporterFactory = ({ outDir, secrets }) => ({
  onRunEnd(result) {
    const text = scrub(renderMarkdown(result), secrets);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'summary.md'), text);
    const stepSummary = process.env.GITHUB_STEP_SUMMARY;
    if (stepSummary) appendFileSync(stepSummary, text);
  },
});
