import { lstatSync, mkdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../src/engine/types.ts';
import { prepareReport } from './summary.ts';
import type { ReporterFactory, ReporterOptions } from './types.ts';

/** Version of the JSON report format; its schema is `reporters/schema/report.v1.schema.json`. */
export const JSON_REPORT_VERSION = 1;

/** The `$id` of the JSON Schema of {@link JSON_REPORT_VERSION}. */
export const JSON_REPORT_SCHEMA_ID = 'urn:loyalty-conformance:report:v1';

/** The file the JSON reporter writes in the output folder. */
export const JSON_REPORT_FILE = 'conformance.json';

/**
 * The JSON document of a run: the run manifest, per-requirement verdicts with their checks, the
 * scenario runs, and each kept exchange (redacted) with a curl line. Checks refer to exchanges by
 * `id`. Secrets are scrubbed from every string.
 */
export function renderJsonReport(
  result: RunResult,
  options: Pick<ReporterOptions, 'secrets' | 'curl'>,
): string {
  const view = prepareReport(result, options);
  const document = {
    reportVersion: JSON_REPORT_VERSION,
    ...view.result,
    exchanges: view.result.exchanges.map((exchange) => ({
      ...exchange,
      curl: view.curl.get(exchange.id) ?? '',
    })),
  };
  return view.scrub(`${JSON.stringify(document, null, 2)}\n`);
}

/**
 * The output "folder" that sends the JSON report to stdout (`run --out -`, `run --json`): the
 * reporter then writes the document through `write`, which the CLI points at stdout (and every
 * line reporter at stderr), so that stdout holds nothing but the report.
 */
export const JSON_TO_STDOUT = '-';

/** The file a write to `path` lands in: the target of a symbolic link, so that renaming keeps the link. */
function writtenThrough(path: string): string {
  try {
    return lstatSync(path).isSymbolicLink() ? realpathSync(path) : path;
  } catch {
    return path;
  }
}

/** Writes `conformance.json` at the end of the run (or, with `outDir` `-`, the same text through `write`). */
export const jsonReporter: ReporterFactory = (options) => ({
  onRunEnd(result) {
    const text = renderJsonReport(result, options);
    if (options.outDir === JSON_TO_STDOUT) {
      options.write(text);
      return;
    }
    mkdirSync(options.outDir, { recursive: true });
    // Written beside, then renamed over the earlier report: a process killed mid-write (a CI
    // job's timeout) leaves the earlier report whole, never a truncated one that the next
    // `run --baseline` or `diff` cannot read. The earlier file itself is never truncated.
    const path = writtenThrough(join(options.outDir, JSON_REPORT_FILE));
    const partial = `${path}.${process.pid}.partial`;
    try {
      writeFileSync(partial, text);
      renameSync(partial, path);
    } finally {
      rmSync(partial, { force: true });
    }
  },
});
