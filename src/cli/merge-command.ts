import { DEFAULT_REPORTERS } from '../../reporters/registry.ts';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import type { RunResult } from '../engine/types.ts';
import { readReport } from '../report/load-report.ts';
import { mergeShardReports } from '../report/merge.ts';
import { ignoreClosedStdout } from './closed-stdout.ts';
import { prepareOutFolder } from './out-file.ts';
import { resolveOutput } from './output.ts';
import {
  createReporters,
  notJudgedLine,
  prepareReporters,
  reporterNames,
  stdoutReporterNames,
  writtenLine,
} from './reporting.ts';

/** Options of `loyalty-conformance merge`, as commander parses them. */
export interface MergeCommandOptions {
  /** Folder the merged reports are written to; `-` (or `/dev/stdout`): the JSON report on stdout, as for `run`. */
  out: string;
  reporter?: string[];
}

/**
 * `merge <shard reports...>`: one report from the JSON reports of `run --shard k/n`, rendered by
 * the named reporters (default: the same as `run`). Returns the merged run; its exit code is the
 * one an unsharded run would have had.
 */
export async function mergeCommand(
  paths: readonly string[],
  options: MergeCommandOptions,
): Promise<RunResult> {
  const output = resolveOutput({ out: options.out });
  const names = output.toStdout
    ? stdoutReporterNames(options.reporter)
    : reporterNames(options.reporter, DEFAULT_REPORTERS);
  const shards = paths.map((path) => ({ path, result: readReport(path) }));
  const merged = mergeShardReports(shards, loadCatalogue());
  // Shard reports were scrubbed when written; no profile (and so no secret list) is involved here.
  const loaded = await prepareReporters(names);
  if (!output.toStdout) prepareOutFolder(output.out);
  if (output.toStdout) ignoreClosedStdout();
  await createReporters(names, loaded, { outDir: output.out, secrets: [] }).onRunEnd?.(merged);
  // As `run` does: where the reports went without the console, and why an exit 2 is one.
  const written = output.toStdout ? undefined : writtenLine(names, output.out, merged);
  if (written) process.stdout.write(written);
  const whereReports = output.toStdout
    ? 'the merged JSON report on stdout is'
    : `the reports in ${output.out} are`;
  if (merged.stopped) {
    process.stderr.write(
      `loyalty-conformance: ${merged.stopped.code}: ${merged.stopped.message}; ${whereReports} incomplete\n`,
    );
  } else if (merged.exitCode === 2) {
    process.stderr.write(`loyalty-conformance: ${notJudgedLine(merged, whereReports)}\n`);
  }
  return merged;
}
