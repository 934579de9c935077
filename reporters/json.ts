import { mkdirSync, writeFileSync } from 'node:fs';
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

/** Writes `conformance.json` at the end of the run. */
export const jsonReporter: ReporterFactory = (options) => ({
  onRunEnd(result) {
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, JSON_REPORT_FILE), renderJsonReport(result, options));
  },
});
