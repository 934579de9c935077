import { toolError } from '../errors.ts';
import {
  diffCountsLine,
  diffExitCode,
  diffNotJudgedLine,
  diffReports,
  renderDiffMarkdown,
  renderDiffText,
} from '../report/diff.ts';
import { readReport } from '../report/load-report.ts';
import { parseFailOn } from './fail-on.ts';
import { writeOutFile } from './out-file.ts';

export { DEFAULT_DIFF_FAIL_ON } from './defaults.ts';
export { parseFailOn } from './fail-on.ts';

/** Options of `loyalty-conformance diff`, as commander parses them. */
export interface DiffCommandOptions {
  /** `new` (default): exit 1 only on new failures; `any`: on any failure; `none`: never. */
  failOn: string;
  /** `text` (default), `md` or `json`. */
  format: string;
  /** Write the diff to this file instead of stdout. */
  out?: string;
}

const FORMATS = ['text', 'md', 'json'] as const;

/**
 * `diff <old.json> <new.json>`: the changes by requirement and principal (see `DIFF_CATEGORIES`).
 * Returns the exit code of the `--fail-on` policy, as `run --baseline` does: 1 when it trips, else
 * 2 (with one line on stderr) when the current report is incomplete or could not judge a
 * requirement; a report that is unreadable or not a valid report is a tool error (exit 2).
 */
export function diffCommand(oldPath: string, newPath: string, options: DiffCommandOptions): number {
  const failOn = parseFailOn(options.failOn);
  if (!(FORMATS as readonly string[]).includes(options.format)) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--format must be one of ${FORMATS.join(', ')}, got "${options.format}"`,
    });
  }
  const diff = diffReports(readReport(oldPath), readReport(newPath));
  const text =
    options.format === 'json'
      ? `${JSON.stringify({ ...diff, failOn, exitCode: diffExitCode(diff, failOn) }, null, 2)}\n`
      : options.format === 'md'
        ? renderDiffMarkdown(diff)
        : renderDiffText(diff);
  if (options.out) {
    writeOutFile(options.out, text);
    process.stdout.write(`${diffCountsLine(diff)}; wrote ${options.out}\n`);
  } else {
    process.stdout.write(text);
  }
  const notJudged = diffNotJudgedLine(diff, failOn);
  if (notJudged) process.stderr.write(`loyalty-conformance: ${notJudged}\n`);
  return diffExitCode(diff, failOn);
}
