import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCurl } from '../src/client/index.ts';
import type { RunResult } from '../src/engine/types.ts';
import { scrub } from './summary.ts';
import type { ReporterFactory } from './types.ts';

/** Version of the JSON report format (`reporters/schema/report.schema.json`). */
export const JSON_REPORT_VERSION = 1;

/** The JSON document for a run: the result, each kept exchange with its curl line. */
export function renderJsonReport(result: RunResult, secrets: readonly string[]): string {
  const document = {
    reportVersion: JSON_REPORT_VERSION,
    ...result,
    exchanges: result.exchanges.map((exchange) => ({ ...exchange, curl: toCurl(exchange, secrets) })),
  };
  return scrub(JSON.stringify(document, null, 2), secrets);
}

/** Writes `conformance.json` at the end of the run. */
export const jsonReporter: ReporterFactory = ({ outDir, secrets }) => ({
  onRunEnd(result) {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'conformance.json'), renderJsonReport(result, secrets));
  },
});
