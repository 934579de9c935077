import { join } from 'node:path';
import { consoleMode } from '../../reporters/console.ts';
import { JSON_TO_STDOUT } from '../../reporters/json.ts';
import {
  DEFAULT_REPORTERS,
  loadReporters,
  REPORTER_FILES,
  REPORTER_NAMES,
  type ReporterName,
} from '../../reporters/registry.ts';
import { verdictHeadline } from '../../reporters/summary.ts';
import type { ReporterFactory } from '../../reporters/types.ts';
import { createCurl } from '../client/redact.ts';
import { type CoverageGate, coverageGate } from '../coverage/model.ts';
import type { RunEvents, RunResult } from '../engine/types.ts';
import { oneLine, toolError } from '../errors.ts';

/** Reporter names from `--reporter a b` or `--reporter a,b`; the defaults when none is named. */
export function reporterNames(
  names: readonly string[] | undefined,
  defaults: readonly ReporterName[] = DEFAULT_REPORTERS,
): ReporterName[] {
  const chosen = names?.length ? names.flatMap((n) => n.split(',')).filter(Boolean) : [...defaults];
  for (const name of chosen) {
    if (!(REPORTER_NAMES as readonly string[]).includes(name)) {
      throw toolError('LC_ERR_CLI_USAGE', {
        reason: `unknown reporter "${name}" (known: ${REPORTER_NAMES.join(', ')})`,
      });
    }
  }
  return [...new Set(chosen)] as ReporterName[];
}

/** Fans engine events out to several reporters, in order. */
export function fanOut(reporters: readonly RunEvents[]): RunEvents {
  return {
    onRunStart: (info) => {
      for (const r of reporters) r.onRunStart?.(info);
    },
    onScenarioStart: (info) => {
      for (const r of reporters) r.onScenarioStart?.(info);
    },
    onCheckResult: (result) => {
      for (const r of reporters) r.onCheckResult?.(result);
    },
    onScenarioEnd: (result) => {
      for (const r of reporters) r.onScenarioEnd?.(result);
    },
    onRunEnd: async (result) => {
      for (const r of reporters) await r.onRunEnd?.(result);
    },
  };
}

/** The named reporters, loaded (each module only when named): what {@link createReporters} builds from. */
export type LoadedReporters = Readonly<Partial<Record<ReporterName, ReporterFactory>>>;

/** Loads the named reporters' modules; call before the run, so that building them is synchronous. */
export function prepareReporters(names: readonly ReporterName[]): Promise<LoadedReporters> {
  return loadReporters(names);
}

/**
 * `--min-coverage` as the reports show it: for a judged run only (exit 0 or 1), as `run` applies
 * it; a run that could not be judged, or stopped, exits 2 whatever its coverage.
 */
function judgedCoverageGate(floor: number): (run: RunResult) => CoverageGate | undefined {
  return (run) => (run.exitCode === 2 || run.stopped ? undefined : coverageGate(run.coverage, floor));
}

/**
 * Builds the named reporters for stdout and an output folder: live progress and colours decided
 * from the terminal and the environment (CI, NO_COLOR), curl lines from the client's `toCurl`
 * (one redactor for the whole run). With `outDir` `-` ({@link JSON_TO_STDOUT}) stdout is the JSON
 * report's alone: the json reporter writes there and every line reporter writes to stderr
 * (its live progress and colours then decided from stderr).
 */
export function createReporters(
  names: readonly ReporterName[],
  loaded: LoadedReporters,
  options: { readonly outDir: string; readonly secrets: readonly string[]; readonly minCoverage?: number },
): RunEvents {
  const jsonToStdout = options.outDir === JSON_TO_STDOUT;
  const lines = jsonToStdout ? process.stderr : process.stdout;
  const mode = consoleMode(lines.isTTY, process.env);
  const curl = createCurl(options.secrets);
  return fanOut(
    names.map((name) => {
      const factory = loaded[name];
      if (!factory) throw new Error(`reporter ${name} was not loaded`);
      const stream = jsonToStdout && name === 'json' ? process.stdout : lines;
      return factory({
        outDir: options.outDir,
        write: (text) => stream.write(text),
        interactive: mode.interactive,
        color: mode.color,
        secrets: options.secrets,
        curl,
        reporters: names,
        ...(options.minCoverage === undefined
          ? {}
          : { coverageGate: judgedCoverageGate(options.minCoverage) }),
      });
    }),
  );
}

/**
 * The reporters and output folder of `run --out -` (or `--json`): the JSON report on stdout. Named
 * reporters must be json plus any line reporters (they write to stderr); without `--reporter`,
 * json alone. A reporter that writes files has no place to write them: a usage error (exit 2).
 */
export function stdoutReporterNames(names: readonly string[] | undefined): ReporterName[] {
  const chosen = names?.length ? reporterNames(names) : (['json'] as ReporterName[]);
  const files = chosen.filter((name) => name !== 'json' && REPORTER_FILES[name].length > 0);
  if (files.length > 0) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--out - writes the JSON report to stdout; ${files.join(', ')} ${files.length > 1 ? 'write files' : 'writes a file'}: drop ${files.length > 1 ? 'them' : 'it'} from --reporter, or give --out a folder`,
    });
  }
  if (!chosen.includes('json')) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason:
        '--out - writes the JSON report to stdout: name json in --reporter (line reporters then write to stderr)',
    });
  }
  return chosen;
}

/**
 * `wrote reports/conformance.json (CONFORMANT)`: what a run without the console reporter (e.g.
 * `--reporter json`) prints on stdout, so that a CI log says where its reports went and how the
 * run ended. The console's summary says the latter itself; after it, a run with a problem (fail,
 * error or warn) gets `each problem's requests, responses and curl lines: reports/report.html,
 * reports/junit.xml, …` (the files of that kind the run wrote).
 */
export function writtenLine(
  names: readonly ReporterName[],
  outDir: string,
  result: RunResult,
): string | undefined {
  const filesOf = (chosen: readonly ReporterName[]) =>
    chosen.flatMap((name) =>
      names.includes(name) ? REPORTER_FILES[name].map((file) => join(outDir, file)) : [],
    );
  if (!names.includes('console')) {
    const files = filesOf(names);
    return files.length > 0 ? `wrote ${files.join(', ')} (${verdictHeadline(result)})\n` : undefined;
  }
  // The console gives expected and actual; a CI log reader also needs what was sent and what
  // came back in full, which only the files keep: say where, when there is something to look at.
  const evidence = filesOf(EVIDENCE_REPORTERS);
  const problems = result.requirements.some(
    (r) => r.verdict === 'fail' || r.verdict === 'error' || r.verdict === 'warn',
  );
  return problems && evidence.length > 0
    ? `each problem's requests, responses and curl lines: ${evidence.join(', ')}\n`
    : undefined;
}

/** The reports that keep the exchanges behind a problem, the most readable first. */
const EVIDENCE_REPORTERS: readonly ReporterName[] = ['html', 'junit', 'har', 'json'];

/**
 * The stderr line of a complete run that exits 2 because some requirement could not be judged:
 * `NOT JUDGED: 2 requirements could not be judged (error): A, B; first: <check> @<principal>:
 * <reason>; the reports in DIR say why`, on one line.
 */
export function notJudgedLine(result: RunResult, whereReports: string): string {
  const errored = result.requirements.filter((r) => r.verdict === 'error');
  const first = errored.flatMap((r) => r.checks).find((c) => c.verdict === 'error');
  const ids =
    errored.length > 5
      ? `${errored
          .slice(0, 5)
          .map((r) => r.id)
          .join(', ')} and ${errored.length - 5} more`
      : errored.map((r) => r.id).join(', ');
  const reason = first
    ? `; first: ${first.checkId} @${first.principal}: ${oneLine(first.message).slice(0, 300)}`
    : '';
  const where = whereReports.replace(/ is$/, ' says why').replace(/ are$/, ' say why');
  const count = `${errored.length} requirement${errored.length === 1 ? '' : 's'}`;
  return `NOT JUDGED: ${count} could not be judged (error): ${ids}${reason}; ${where}`;
}
