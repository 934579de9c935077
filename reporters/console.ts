import pc from 'picocolors';
import type { Verdict } from '../src/engine/types.ts';
import { byOperation, firstProblem, requirementsByVerdict, scrub, verdictCounts } from './summary.ts';
import type { ReporterFactory } from './types.ts';

const MARK: Record<Verdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
  error: 'ERR ',
};

/** Progress while the run goes (one line per scenario), then a summary: failures first. */
export const consoleReporter: ReporterFactory = ({ write, interactive, secrets }) => {
  const color = (verdict: Verdict, text: string) => {
    if (!interactive) return text;
    return { pass: pc.green, fail: pc.red, warn: pc.yellow, skip: pc.dim, error: pc.magenta }[verdict](text);
  };
  const out = (text: string) => write(scrub(text, secrets));
  let done = 0;
  let total = 0;
  return {
    onRunStart({ scenarioCount }) {
      total = scenarioCount;
      out(`running ${scenarioCount} scenario runs\n`);
    },
    onScenarioEnd(result) {
      done += 1;
      const reason = result.reason ? ` — ${result.reason}` : '';
      out(
        `${color(result.verdict, MARK[result.verdict])} [${done}/${total}] ${result.scenarioId} @${result.principal} (${result.durationMs} ms)${reason}\n`,
      );
    },
    onRunEnd(result) {
      const requirements = requirementsByVerdict(result);
      const counts = verdictCounts(result.requirements);
      out('\nRequirements (failures first)\n');
      for (const r of requirements) {
        if (r.verdict === 'pass' || r.verdict === 'skip') continue;
        const problem = firstProblem(r);
        out(`${color(r.verdict, MARK[r.verdict])} ${r.id} [${r.level}] ${r.title}\n`);
        out(`     source: ${r.source.file} — ${r.source.section}\n`);
        if (problem) {
          out(
            `     ${problem.checkId} @${problem.principal}: expected ${problem.expected ?? '-'}; actual ${problem.actual ?? problem.message}\n`,
          );
        }
      }
      out('\nBy endpoint\n');
      for (const [op, row] of byOperation(result)) {
        out(
          `  ${op.padEnd(28)} pass ${row.pass}  fail ${row.fail}  warn ${row.warn}  error ${row.error}  skip ${row.skip}\n`,
        );
      }
      const verdictLine = `${result.verdict === 'fail' ? 'NON-CONFORMANT' : result.exitCode === 2 ? 'NOT JUDGED' : 'CONFORMANT'}`;
      out(
        `\n${color(result.verdict, verdictLine)}: ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warned, ${counts.error} errors, ${counts.skip} skipped of ${result.requirements.length} requirements; ${result.totals.exchanges} exchanges in ${(result.manifest.durationMs / 1000).toFixed(1)} s\n`,
      );
    },
  };
};
