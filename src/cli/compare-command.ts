import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import { COMPARISON_HTML_FILE, renderComparisonHtml } from '../compare/html.ts';
import { COMPARISON_JSON_FILE, renderComparisonJson } from '../compare/json.ts';
import { COMPARISON_MARKDOWN_FILE, renderComparisonMarkdown } from '../compare/markdown.ts';
import {
  COMPARE_FAIL_ON,
  type CompareFailOn,
  type Comparison,
  type ComparisonInput,
  compareExitCode,
  compareReports,
} from '../compare/model.ts';
import { renderComparisonText } from '../compare/text.ts';
import { toolError } from '../errors.ts';
import { readReport } from '../report/load-report.ts';
import { loadDefaultSpecs, operationFamiliesOf } from '../spec/index.ts';
import { prepareOutFolder } from './out-file.ts';

/** Options of `loyalty-conformance compare`, as commander parses them. */
export interface CompareCommandOptions {
  /** Folder for `comparison.html`, `comparison.md` and `comparison.json`. */
  out: string;
  /** `any` (default): exit 1 when a requirement fails on any target; `differences`: only where targets disagree; `none`: never. */
  failOn: string;
}

/** The files a comparison writes in its folder. */
export const COMPARISON_FILES = [
  COMPARISON_HTML_FILE,
  COMPARISON_MARKDOWN_FILE,
  COMPARISON_JSON_FILE,
] as const;

/** The HTML report the `html` reporter writes beside `conformance.json`. */
const HTML_REPORT_FILE = 'report.html';

/** `--fail-on any|differences|none` (`compare`, `run` with several `--profile`). */
export function parseCompareFailOn(text: string): CompareFailOn {
  if (!(COMPARE_FAIL_ON as readonly string[]).includes(text)) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--fail-on must be one of ${COMPARE_FAIL_ON.join(', ')} when comparing targets, got "${text}"`,
    });
  }
  return text as CompareFailOn;
}

/** The element IDs of the requirement rows in a `report.html` (none when it has no such anchors). */
function anchorsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\bid="(req-[^"]+)"/g)].map((m) => m[1]!));
}

/** A report to compare, with the `report.html` beside it when there is one. */
function inputOf(path: string): ComparisonInput {
  const result = readReport(path);
  const htmlPath = join(dirname(path), HTML_REPORT_FILE);
  if (!existsSync(htmlPath)) return { path, result };
  return { path, result, html: { path: htmlPath, ids: anchorsOf(readFileSync(htmlPath, 'utf8')) } };
}

/** `--out` must be a folder (or not exist yet). */
function checkFolder(out: string): void {
  let isFolder = true;
  try {
    isFolder = statSync(out).isDirectory();
  } catch {
    // Not there yet: created when writing.
  }
  if (!isFolder) throw toolError('LC_ERR_CLI_USAGE', { reason: `--out ${out} is a file, not a folder` });
}

/** Removes the comparison files of an earlier run from a folder (before runs that end in a new one). */
export function removeEarlierComparison(out: string): void {
  for (const file of COMPARISON_FILES) rmSync(join(out, file), { force: true });
}

/** What a comparison gave: the model, the policy's exit code and its Markdown (for a step summary). */
export interface ComparisonOutcome {
  readonly comparison: Comparison;
  readonly exitCode: 0 | 1;
  readonly markdown: string;
}

/**
 * Reads the reports (each must be a valid JSON report: `LC_ERR_REPORT_INVALID` otherwise),
 * compares them, writes `comparison.html`, `comparison.md` and `comparison.json` into `out`, and
 * prints the comparison as text on stdout.
 */
export async function writeComparison(
  paths: readonly string[],
  out: string,
  failOn: CompareFailOn,
): Promise<ComparisonOutcome> {
  if (paths.length < 2) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `compare needs two or more reports (conformance.json), got ${paths.length}`,
    });
  }
  checkFolder(out);
  const inputs = paths.map(inputOf);
  const comparison = compareReports(inputs, {
    outDir: out,
    order: loadCatalogue().requirements.map((r) => r.id),
    // Which principals each requirement can apply to (a Capillary rule is n/a @fabric).
    operationFamilies: operationFamiliesOf(await loadDefaultSpecs()),
  });
  const exitCode = compareExitCode(comparison, failOn);
  const markdown = renderComparisonMarkdown(comparison);
  prepareOutFolder(out);
  writeFileSync(join(out, COMPARISON_HTML_FILE), renderComparisonHtml(comparison));
  writeFileSync(join(out, COMPARISON_MARKDOWN_FILE), markdown);
  writeFileSync(join(out, COMPARISON_JSON_FILE), renderComparisonJson(comparison, failOn, exitCode));
  process.stdout.write(
    `${renderComparisonText(comparison)}wrote ${COMPARISON_FILES.map((f) => join(out, f)).join(', ')}\n`,
  );
  return { comparison, exitCode, markdown };
}

/**
 * `compare <reports...>`: the JSON reports of several targets side by side (see
 * `src/compare/model.ts`). Returns the exit code of the `--fail-on` policy: 1 when a requirement
 * fails on some target (`any`) or targets disagree (`differences`), else 0; a report that is
 * unreadable or not a valid report is a tool error (exit 2).
 */
export async function compareCommand(
  paths: readonly string[],
  options: CompareCommandOptions,
): Promise<number> {
  return (await writeComparison(paths, options.out, parseCompareFailOn(options.failOn))).exitCode;
}
