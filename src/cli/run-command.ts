import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORTER_FILES, type ReporterName } from '../../reporters/registry.ts';
import { createScrubber } from '../../reporters/summary.ts';
import { conform } from '../engine/conform.ts';
import { RunInterrupted } from '../engine/runner.ts';
import type { EvidenceKept, RunResult } from '../engine/types.ts';
import { toolError } from '../errors.ts';
import {
  diffExitCode,
  diffReports,
  type FailOn,
  type ReportDiff,
  renderDiffMarkdown,
  renderDiffText,
} from '../report/diff.ts';
import { parseFailOn } from './fail-on.ts';
import { createReporters, type LoadedReporters, prepareReporters, reporterNames } from './reporting.ts';

/** Options of `loyalty-conformance run`, as commander parses them. */
export interface RunCommandOptions {
  profile?: string;
  target?: string;
  capillaryUrl?: string;
  fabricUrl?: string;
  grep?: string;
  tag?: string[];
  requirement?: string[];
  seed?: string;
  shard?: string;
  bail?: boolean;
  allowMutations?: boolean;
  out: string;
  reporter?: string[];
  /** A JSON report of an earlier run to diff this run against. */
  baseline?: string;
  /** With `baseline`: `new` exits 1 only on new failures, `any` on any failure, `none` never. */
  failOn?: string;
  /** Exchanges kept in the reports: `failures` (behind non-passing checks, default) or `all`. */
  evidence?: string;
}

/** What `run` did: the run, and its diff against the baseline when one was given. */
export interface RunCommandOutcome {
  readonly result: RunResult;
  readonly diff?: ReportDiff;
  /** The process exit code (see {@link runExitCode}). */
  readonly exitCode: number;
}

/** The file `run --baseline` writes the diff to, in the output folder. */
export const BASELINE_DIFF_FILE = 'baseline-diff.md';

/** Exit codes of a run a signal interrupted: 128 + the signal's number, as shells report it. */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** A signal that interrupts `run`. */
export type InterruptSignal = keyof typeof SIGNAL_EXIT_CODES;

/** The interrupt handlers of one `run`. */
interface Interrupts {
  /** Aborts at the first signal, with a `RunInterrupted` reason naming it. */
  readonly signal: AbortSignal;
  /** The first signal received, if any. */
  readonly received: InterruptSignal | undefined;
  /** Removes the handlers (`main` may run again in the same process, e.g. in tests). */
  remove(): void;
}

/**
 * Handles SIGINT and SIGTERM while `run` lasts. The first aborts the run's signal: no scenario run
 * starts after it, the calls in flight are cancelled and the reports are written, marked
 * incomplete. A second one ends the process at once, with one line on stderr and its exit code.
 */
function listenForInterrupts(whereReports: string): Interrupts {
  const controller = new AbortController();
  let received: InterruptSignal | undefined;
  const handlers = (Object.keys(SIGNAL_EXIT_CODES) as InterruptSignal[]).map((name) => {
    const handler = () => {
      if (received === undefined) {
        received = name;
        controller.abort(new RunInterrupted(name));
        return;
      }
      process.stderr.write(
        `loyalty-conformance: LC_ERR_RUN_INTERRUPTED: interrupted again by ${name} while winding down after ${received}; exited at once: ${whereReports} missing or incomplete\n`,
      );
      process.exit(SIGNAL_EXIT_CODES[name]);
    };
    process.on(name, handler);
    return { name, handler };
  });
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    remove() {
      for (const { name, handler } of handlers) process.off(name, handler);
    },
  };
}

/**
 * Removes from the output folder the files this run will write (those of the selected reporters,
 * and the baseline diff with `--baseline`), so that a report of an earlier run never stays beside
 * this run's when this one ends early. Other files are left alone.
 */
export function removeEarlierReports(
  outDir: string,
  names: readonly ReporterName[],
  withBaseline: boolean,
): void {
  const files = [
    ...names.flatMap((name) => REPORTER_FILES[name]),
    ...(withBaseline ? [BASELINE_DIFF_FILE] : []),
  ];
  for (const file of files) {
    const path = join(outDir, file);
    try {
      rmSync(path, { force: true });
    } catch (error) {
      throw toolError('LC_ERR_CLI_USAGE', {
        reason: `--out ${outDir}: cannot remove ${path} of an earlier run (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      });
    }
  }
}

/** `--shard 2/4` → { index: 2, total: 4 }. */
export function parseShard(text: string): { index: number; total: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) {
    throw toolError('LC_ERR_CLI_USAGE', { reason: `--shard must be k/n with 1 ≤ k ≤ n, got "${text}"` });
  }
  return { index, total };
}

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--seed must be an integer from 0 to 4294967295, got "${text}"`,
    });
  }
  return seed;
}

/** `--evidence failures|all`. */
export function parseEvidence(text: string | undefined): EvidenceKept {
  if (text === undefined || text === 'failures' || text === 'all') return text ?? 'failures';
  throw toolError('LC_ERR_CLI_USAGE', { reason: `--evidence must be failures or all, got "${text}"` });
}

/**
 * The exit code of `run`: without `--fail-on`, the run's own (0 conformant, 1 non-conformant, 2
 * not judged). With `--fail-on` and a baseline: 1 when the policy trips (`new`: a requirement
 * newly fails for some principal; `any`: anything fails), else 2 when some requirement could not
 * be judged (the baseline cannot vouch for it), else 0.
 */
export function runExitCode(
  result: RunResult,
  diff: ReportDiff | undefined,
  failOn: FailOn | undefined,
): number {
  if (!diff || !failOn) return result.exitCode;
  if (diffExitCode(diff, failOn) === 1) return 1;
  if (failOn !== 'none' && result.requirements.some((r) => r.verdict === 'error')) return 2;
  return 0;
}

/** `run`: the suites against a target (default: the embedded reference provider), with reports. */
export async function runCommand(options: RunCommandOptions): Promise<RunCommandOutcome> {
  const seed = parseSeed(options.seed);
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const names = reporterNames(options.reporter);
  const evidence = parseEvidence(options.evidence);
  const failOn = options.failOn === undefined ? undefined : parseFailOn(options.failOn);
  if (failOn && !options.baseline) {
    throw toolError('LC_ERR_CLI_USAGE', { reason: '--fail-on needs --baseline <report.json>' });
  }
  // Read the baseline first: a bad file should end the command before the run, not after it (and
  // before its folder is cleared: the baseline is often the last run's conformance.json).
  const baseline = options.baseline
    ? (await import('../report/load-report.ts')).readReport(options.baseline)
    : undefined;
  const loaded = await prepareReporters(names);
  removeEarlierReports(options.out, names, baseline !== undefined);
  const writesFiles = names.some((name) => REPORTER_FILES[name].length > 0);
  const whereReports = writesFiles ? `the reports in ${options.out} are` : "the run's results are";
  const interrupts = listenForInterrupts(whereReports);
  try {
    return await runAndReport(
      options,
      { names, loaded, evidence, baseline, failOn, seed, shard, whereReports },
      interrupts,
    );
  } finally {
    interrupts.remove();
  }
}

/** What `run` made of its options before the run: each checked, so the run cannot fail on them. */
interface RunSetup {
  readonly names: readonly ReporterName[];
  /** The named reporters' modules, loaded before the run. */
  readonly loaded: LoadedReporters;
  readonly evidence: EvidenceKept;
  readonly baseline: RunResult | undefined;
  readonly failOn: FailOn | undefined;
  readonly seed: number | undefined;
  readonly shard: { index: number; total: number } | undefined;
  /** `the reports in DIR are` (or the run's results, without file reporters), for stderr lines. */
  readonly whereReports: string;
}

/** The run itself, its stderr line and the baseline diff; interrupted by `interrupts.signal`. */
async function runAndReport(
  options: RunCommandOptions,
  { names, loaded, evidence, baseline, failOn, seed, shard, whereReports }: RunSetup,
  interrupts: Interrupts,
): Promise<RunCommandOutcome> {
  let secrets: readonly string[] = [];
  const result = await conform({
    ...(options.profile ? { profilePath: options.profile } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.capillaryUrl ? { capillaryUrl: options.capillaryUrl } : {}),
    ...(options.fabricUrl ? { fabricUrl: options.fabricUrl } : {}),
    ...(seed === undefined ? {} : { seed }),
    ...(shard ? { shard } : {}),
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.tag?.length ? { tags: options.tag } : {}),
    ...(options.requirement?.length ? { requirements: options.requirement } : {}),
    ...(options.bail ? { bail: true } : {}),
    ...(options.allowMutations ? { allowMutations: true } : {}),
    evidence,
    onProfile: (_profile, profileSecrets) => {
      secrets = profileSecrets;
      return createReporters(names, loaded, { outDir: options.out, secrets });
    },
    signal: interrupts.signal,
  });
  const by = interrupts.received;
  if (by) {
    // Interrupted: the reports say so; no baseline diff of a partial run. A signal that came
    // once every scenario run had ended leaves complete reports, and still ends the process so.
    const line =
      result.stopped?.code === 'LC_ERR_RUN_INTERRUPTED'
        ? `${result.stopped.code}: ${result.stopped.message}; ${whereReports} incomplete`
        : `LC_ERR_RUN_INTERRUPTED: interrupted by ${by} after the last scenario run had ended; ${whereReports} complete`;
    process.stderr.write(`loyalty-conformance: ${line}\n`);
    return { result, exitCode: SIGNAL_EXIT_CODES[by] };
  }
  // The reports are written; the reason the run is incomplete also goes where errors go.
  if (result.stopped)
    process.stderr.write(`loyalty-conformance: ${result.stopped.code}: ${result.stopped.message}\n`);
  if (!baseline) return { result, exitCode: result.exitCode };

  const diff = diffReports(baseline, result);
  const scrub = createScrubber(secrets);
  process.stdout.write(`\nBaseline diff (${options.baseline})\n${scrub(renderDiffText(diff))}`);
  const markdown = scrub(renderDiffMarkdown(diff));
  mkdirSync(options.out, { recursive: true });
  writeFileSync(join(options.out, BASELINE_DIFF_FILE), markdown);
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  return { result, diff, exitCode: runExitCode(result, diff, failOn) };
}
