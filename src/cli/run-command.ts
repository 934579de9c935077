import { appendFileSync, existsSync, mkdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JSON_TO_STDOUT } from '../../reporters/json.ts';
import { REPORTER_FILES, type ReporterName } from '../../reporters/registry.ts';
import { createScrubber } from '../../reporters/summary.ts';
import { JUNIT_WARN_AS, type JunitWarnAs, type ReporterOptions } from '../../reporters/types.ts';
import { coverageGate } from '../coverage/model.ts';
import { conform } from '../engine/conform.ts';
import { RunInterrupted } from '../engine/runner.ts';
import type { EvidenceKept, RunResult } from '../engine/types.ts';
import { toolError } from '../errors.ts';
import { plainHttpCredentialWarnings } from '../profile/plain-http.ts';
import {
  diffExitCode,
  diffReports,
  type FailOn,
  type ReportDiff,
  renderDiffMarkdown,
  renderDiffText,
} from '../report/diff.ts';
import { ignoreClosedStdout } from './closed-stdout.ts';
import { parseFailOn } from './fail-on.ts';
import { prepareOutFolder } from './out-file.ts';
import { type RunOutput, resolveOutput } from './output.ts';
import {
  createReporters,
  type LoadedReporters,
  notJudgedLine,
  prepareReporters,
  reporterNames,
  stdoutReporterNames,
  writtenLine,
} from './reporting.ts';
import { parseSeed, parseShard } from './run-options.ts';
import type { SelectionCliOptions, TargetCliOptions } from './shared-options.ts';

export { parseSeed, parseShard } from './run-options.ts';

/** Options of `loyalty-conformance run`, as commander parses them. */
export interface RunCommandOptions extends TargetCliOptions, SelectionCliOptions {
  profile?: string;
  seed?: string;
  shard?: string;
  bail?: boolean;
  allowMutations?: boolean;
  /**
   * Folder for report files (default {@link DEFAULT_OUT_DIR}); `-` (or `/dev/stdout`) writes the
   * JSON report to stdout and nothing else there (see {@link resolveOutput}).
   */
  out?: string;
  /** `--json`: the JSON report on stdout, as `--out -` (json alone unless `--reporter` names more). */
  json?: boolean;
  /** `--dry-run`: handled by `dry-run.ts` before this module loads; refused here. */
  dryRun?: boolean;
  /** `--format` of `--dry-run`; refused without it. */
  format?: string;
  reporter?: string[];
  /** A JSON report of an earlier run to diff this run against. */
  baseline?: string;
  /** With `baseline`: `new` exits 1 only on new failures, `any` on any failure, `none` never. */
  failOn?: string;
  /** Exchanges kept in the reports: `failures` (behind non-passing checks, default) or `all`. */
  evidence?: string;
  /** What a warning is in junit.xml: `pass` (default), `failure` or `skipped`. */
  junitWarnAs?: string;
  /** `--min-coverage N`: exit 1 when less than N % of the declared statuses and error codes was exercised. */
  minCoverage?: string;
  /**
   * The global `--env-file` (loaded before the command ran): recorded in the reports' manifest so
   * that their `plan --profile` hint repeats it.
   */
  envFile?: string;
}

/** What `run` did: the run, and its diff against the baseline when one was given. */
export interface RunCommandOutcome {
  readonly result: RunResult;
  readonly diff?: ReportDiff;
  /** The process exit code (see {@link runExitCode}). */
  readonly exitCode: number;
  /** The signal that interrupted the run, if one did (the exit code is then 2). */
  readonly interruptedBy?: InterruptSignal;
}

export { DEFAULT_OUT_DIR } from './output.ts';

/** The file `run --baseline` writes the diff to, in the output folder. */
export const BASELINE_DIFF_FILE = 'baseline-diff.md';

/** The signals that interrupt `run`. */
const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A signal that interrupts `run`. */
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/**
 * The exit code of an interrupted run: a tool outcome like any other run that did not judge the
 * whole target (2), not 128 + the signal's number, so that a CI gate reads 0/1 as the verdict and
 * 2 as "not judged" whatever stopped it. The stderr line names the signal.
 */
export const INTERRUPTED_EXIT_CODE = 2;

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
  const handlers = INTERRUPT_SIGNALS.map((name) => {
    const handler = () => {
      if (received === undefined) {
        received = name;
        controller.abort(new RunInterrupted(name));
        return;
      }
      process.stderr.write(
        `loyalty-conformance: LC_ERR_RUN_INTERRUPTED: interrupted again by ${name} while winding down after ${received}; exited at once: ${whereReports} missing or incomplete\n`,
      );
      process.exit(INTERRUPTED_EXIT_CODE);
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

/** Whether two paths name one file (both resolved, through symbolic links when they exist). */
function sameFile(a: string, b: string): boolean {
  const real = (path: string) => {
    try {
      return realpathSync(path);
    } catch {
      return resolve(path);
    }
  };
  return real(a) === real(b);
}

/**
 * Removes from the output folder the files this run will write (those of the selected reporters,
 * and the baseline diff with `--baseline`), so that a report of an earlier run never stays beside
 * this run's when this one ends early. Other files are left alone, and so is the baseline when it
 * is one of them (a nightly job's `--out reports --baseline reports/conformance.json`): it is an
 * input, replaced only by a report this run writes, so a run that ends before writing one (a
 * target that does not answer) leaves the next run its baseline.
 */
export function removeEarlierReports(
  outDir: string,
  names: readonly ReporterName[],
  baselinePath: string | undefined,
): void {
  const files = [
    ...names.flatMap((name) => REPORTER_FILES[name]),
    ...(baselinePath !== undefined ? [BASELINE_DIFF_FILE] : []),
  ];
  for (const file of files) {
    const path = join(outDir, file);
    if (baselinePath !== undefined && sameFile(path, baselinePath)) continue;
    try {
      rmSync(path, { force: true });
    } catch (error) {
      throw toolError('LC_ERR_CLI_USAGE', {
        reason: `--out ${outDir}: cannot remove ${path} of an earlier run (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      });
    }
  }
}

/**
 * Whether `--baseline` names the JSON report this very run writes (`--out reports --baseline
 * reports/conformance.json`, a rolling baseline) and that file does not exist yet: the first run
 * of a fresh `--out` folder, which has nothing to diff against and creates the baseline of the
 * next. Any other missing baseline stays an error: a mistyped path must not turn a regression gate
 * into a run without a gate.
 */
export function isFirstRollingRun(
  baselinePath: string,
  output: RunOutput,
  names: readonly ReporterName[],
): boolean {
  if (baselinePath === '' || output.toStdout || !names.includes('json')) return false;
  if (existsSync(baselinePath)) return false;
  return sameFile(baselinePath, join(output.out, REPORTER_FILES.json[0]));
}

/** `--evidence failures|all`. */
export function parseEvidence(text: string | undefined): EvidenceKept {
  if (text === undefined || text === 'failures' || text === 'all') return text ?? 'failures';
  throw toolError('LC_ERR_CLI_USAGE', { reason: `--evidence must be failures or all, got "${text}"` });
}

/** `--junit-warn-as pass|failure|skipped` (undefined: the JUnit reporter's default). */
export function parseJunitWarnAs(text: string | undefined): JunitWarnAs | undefined {
  if (text === undefined || (JUNIT_WARN_AS as readonly string[]).includes(text)) {
    return text as JunitWarnAs | undefined;
  }
  throw toolError('LC_ERR_CLI_USAGE', {
    reason: `--junit-warn-as must be ${JUNIT_WARN_AS.join(', ')}, got "${text}"`,
  });
}

/** `--min-coverage N`: a percentage from 0 to 100 (decimals allowed), or undefined when not given. */
export function parseMinCoverage(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const floor = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(floor >= 0 && floor <= 100)) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--min-coverage must be a percentage from 0 to 100, got "${text}"`,
    });
  }
  return floor;
}

/**
 * `--min-coverage`, applied after the run's own exit code: a run that would exit 0 exits 1 when
 * the declared statuses and error codes it exercised fall below the floor (compared exactly, not
 * on the rounded percentage); 1 stays 1 and 2 stays 2. `line` says so (for stderr) whenever a
 * judged run (exit 0 or 1) is below the floor.
 */
export function applyMinCoverage(
  result: RunResult,
  exitCode: number,
  floor: number | undefined,
): { exitCode: number; line?: string } {
  const gate = coverageGate(result.coverage, floor);
  if (!gate || gate.met || (exitCode !== 0 && exitCode !== 1)) return { exitCode };
  return { exitCode: 1, line: gate.line };
}

/** The loaded reporters, each built with `junitWarnAs` in its options (the JUnit reporter reads it). */
function withJunitWarnAs(loaded: LoadedReporters, junitWarnAs: JunitWarnAs | undefined): LoadedReporters {
  if (junitWarnAs === undefined) return loaded;
  return Object.fromEntries(
    Object.entries(loaded).map(([name, factory]) => [
      name,
      (options: ReporterOptions) => factory({ ...options, junitWarnAs }),
    ]),
  );
}

/**
 * The exit code of `run`: without `--fail-on`, the run's own (0 conformant, 1 non-conformant, 2
 * not judged). With `--fail-on` and a baseline, the diff's, as `diff` gives it (see
 * {@link diffExitCode}): 1 when the policy trips, else 2 when the run is incomplete or could not
 * judge some requirement (the baseline cannot vouch for it), else 0.
 */
export function runExitCode(
  result: RunResult,
  diff: ReportDiff | undefined,
  failOn: FailOn | undefined,
): number {
  if (!diff || !failOn) return result.exitCode;
  return diffExitCode(diff, failOn);
}

/** `run`: the suites against a target (default: the embedded reference provider), with reports. */
export async function runCommand(options: RunCommandOptions): Promise<RunCommandOutcome> {
  if (options.dryRun || options.format !== undefined) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: options.dryRun
        ? '--dry-run is handled by the dry-run command (src/cli/dry-run.ts)'
        : '--format applies to --dry-run only (the reports are chosen with --reporter)',
    });
  }
  const seed = parseSeed(options.seed);
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const output = resolveOutput(options);
  const names = output.toStdout ? stdoutReporterNames(options.reporter) : reporterNames(options.reporter);
  const evidence = parseEvidence(options.evidence);
  const failOn = options.failOn === undefined ? undefined : parseFailOn(options.failOn);
  const minCoverage = parseMinCoverage(options.minCoverage);
  if (failOn && options.baseline === undefined) {
    throw toolError('LC_ERR_CLI_USAGE', { reason: '--fail-on needs --baseline <report.json>' });
  }
  // Read the baseline first: a bad file should end the command before the run, not after it (and
  // before its folder is cleared: the baseline is often the last run's conformance.json).
  // An empty path (`--baseline "$LAST_REPORT"` with the variable unset) is an error, not "no baseline".
  const firstRun = options.baseline !== undefined && isFirstRollingRun(options.baseline, output, names);
  const baseline =
    options.baseline !== undefined && !firstRun
      ? (await import('../report/load-report.ts')).readReport(options.baseline)
      : undefined;
  const loaded = withJunitWarnAs(await prepareReporters(names), parseJunitWarnAs(options.junitWarnAs));
  if (!output.toStdout) {
    prepareOutFolder(output.out);
    removeEarlierReports(output.out, names, baseline ? options.baseline : undefined);
  }
  const writesFiles = names.some((name) => REPORTER_FILES[name].length > 0);
  const whereReports = output.toStdout
    ? 'the JSON report on stdout is'
    : writesFiles
      ? `the reports in ${output.out} are`
      : "the run's results are";
  const interrupts = listenForInterrupts(whereReports);
  if (output.toStdout) ignoreClosedStdout();
  try {
    return await runAndReport(
      options,
      {
        names,
        loaded,
        evidence,
        baseline,
        failOn,
        seed,
        shard,
        whereReports,
        output,
        minCoverage,
        firstRun,
      },
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
  /** The output folder, or the JSON report on stdout. */
  readonly output: RunOutput;
  /** `--min-coverage`, in percent. */
  readonly minCoverage: number | undefined;
  /** The first run of a rolling baseline: `--baseline` names the report this run writes, not there yet. */
  readonly firstRun: boolean;
}

/** The run itself, its stderr line and the baseline diff; interrupted by `interrupts.signal`. */
async function runAndReport(
  options: RunCommandOptions,
  setup: RunSetup,
  interrupts: Interrupts,
): Promise<RunCommandOutcome> {
  const { names, loaded, evidence, baseline, failOn, seed, shard, whereReports, output } = setup;
  let secrets: readonly string[] = [];
  const result = await conform({
    ...(options.profile ? { profilePath: options.profile } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.capillaryUrl ? { capillaryUrl: options.capillaryUrl } : {}),
    ...(options.fabricUrl ? { fabricUrl: options.fabricUrl } : {}),
    ...(options.envFile === undefined ? {} : { envFile: options.envFile }),
    ...(seed === undefined ? {} : { seed }),
    ...(shard ? { shard } : {}),
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.tag?.length ? { tags: options.tag } : {}),
    ...(options.requirement?.length ? { requirements: options.requirement } : {}),
    ...(options.bail ? { bail: true } : {}),
    ...(options.allowMutations ? { allowMutations: true } : {}),
    evidence,
    onProfile: (profile, profileSecrets) => {
      secrets = profileSecrets;
      for (const line of plainHttpCredentialWarnings(profile))
        process.stderr.write(`loyalty-conformance: ${line}\n`);
      return createReporters(names, loaded, {
        outDir: output.out,
        secrets,
        ...(setup.minCoverage === undefined ? {} : { minCoverage: setup.minCoverage }),
      });
    },
    signal: interrupts.signal,
  });
  const written = output.toStdout ? undefined : writtenLine(names, output.out, result);
  if (written) process.stdout.write(written);
  const by = interrupts.received;
  if (by) {
    // Interrupted: the reports say so; no baseline diff of a partial run. A signal that came
    // once every scenario run had ended leaves complete reports, and still ends the process so.
    const line =
      result.stopped?.code === 'LC_ERR_RUN_INTERRUPTED'
        ? `${result.stopped.code}: ${result.stopped.message}; ${whereReports} incomplete`
        : `LC_ERR_RUN_INTERRUPTED: interrupted by ${by} after the last scenario run had ended; ${whereReports} complete`;
    process.stderr.write(`loyalty-conformance: ${line}\n`);
    return { result, exitCode: INTERRUPTED_EXIT_CODE, interruptedBy: by };
  }
  // The reports are written; the reason the run is incomplete also goes where errors go.
  if (result.stopped)
    process.stderr.write(`loyalty-conformance: ${result.stopped.code}: ${result.stopped.message}\n`);
  else if (result.exitCode === 2)
    process.stderr.write(
      `loyalty-conformance: ${createScrubber(secrets)(notJudgedLine(result, whereReports))}\n`,
    );
  const floored = (exitCode: number) => {
    const outcome = applyMinCoverage(result, exitCode, setup.minCoverage);
    // The reports already say whether the gate was met (ReporterOptions.coverageGate).
    if (outcome.line) process.stderr.write(`loyalty-conformance: ${outcome.line}\n`);
    return outcome.exitCode;
  };
  // No baseline (none given, or the first run of a rolling one): every failure is new, so the run's
  // own exit code is the gate's; `--fail-on none` stays a report-only job.
  if (!baseline) {
    // Said once the report is written: a run that ended before writing one (an unreachable target)
    // leaves its one error line alone, and the next run is the first again.
    if (setup.firstRun) {
      // Against no baseline every failure is new: worth saying for `new`; `any` trips on them anyway.
      const gate = failOn === 'new' ? ' (--fail-on new: every failure counts as new)' : '';
      process.stderr.write(
        `loyalty-conformance: no baseline yet: ${options.baseline} did not exist; this run's report is the baseline from now on, with nothing to diff this time${gate}\n`,
      );
    }
    return { result, exitCode: floored(failOn === 'none' ? 0 : result.exitCode) };
  }

  const diff = diffReports(baseline, result);
  const scrub = createScrubber(secrets);
  // With the JSON report on stdout, the diff is for people: stderr, and no baseline-diff.md.
  const lines = output.toStdout ? process.stderr : process.stdout;
  lines.write(`\nBaseline diff (${options.baseline})\n${scrub(renderDiffText(diff))}`);
  const markdown = scrub(renderDiffMarkdown(diff));
  if (!output.toStdout) {
    mkdirSync(output.out, { recursive: true });
    writeFileSync(join(output.out, BASELINE_DIFF_FILE), markdown);
    // The reporters' own `wrote` line came before the diff: say where the diff went too.
    lines.write(`wrote ${join(output.out, BASELINE_DIFF_FILE)}\n`);
  }
  if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  return { result, diff, exitCode: floored(runExitCode(result, diff, failOn)) };
}

// --- several targets: `run --profile a.yaml --profile b.yaml [--parallel-targets]` ---

/** Options of `run` with several `--profile`: those of one run, and whether the runs overlap. */
export interface RunTargetsOptions extends Omit<RunCommandOptions, 'profile'> {
  /** Run the targets at once instead of one after another. */
  parallelTargets?: boolean | undefined;
}

/** One target's run: its profile, the folder its reports went to, and what the run gave. */
export interface TargetRun {
  readonly profile: string;
  readonly folder: string;
  readonly outcome: RunCommandOutcome;
}

/** What `run` with several profiles did: each target's run, their comparison and the exit code. */
export interface RunTargetsOutcome {
  readonly runs: readonly TargetRun[];
  /** Absent when a run was interrupted (nothing is compared then). */
  readonly comparison?: import('../compare/model.ts').Comparison;
  readonly exitCode: number;
}

/** A profile name as a folder name: letters, digits, `.`, `_` and `-` (others become `-`), never `..`. */
export function targetFolderName(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[.-]+/, '')
      .replace(/-+$/, '') || 'target'
  );
}

/** One folder name per profile name; a name already taken gets `-2`, `-3`, … */
export function targetFolderNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = targetFolderName(name);
    let folder = base;
    for (let n = 2; taken.has(folder.toLowerCase()); n++) folder = `${base}-${n}`;
    taken.add(folder.toLowerCase());
    return folder;
  });
}

/** Options a multi-target run cannot take, with why: checked before any run. */
function refuseForTargets(options: RunTargetsOptions, count: number): void {
  const usage = (reason: string) => toolError('LC_ERR_CLI_USAGE', { reason });
  if (count < 2)
    throw usage('--parallel-targets runs two or more --profile at once; give one --profile per target');
  if (options.dryRun) throw usage('--dry-run shows one run: give it one --profile');
  if (options.json || options.out === JSON_TO_STDOUT || options.out === '/dev/stdout') {
    throw usage(
      'several --profile write a report folder per target and a comparison: --out must be a folder (default reports), not stdout',
    );
  }
  if (options.baseline !== undefined) {
    throw usage(
      "--baseline diffs one run: give one --profile, or diff a target's conformance.json afterwards (loyalty-conformance diff)",
    );
  }
  if (options.target || options.capillaryUrl || options.fabricUrl) {
    throw usage(
      "--target, --capillary-url and --fabric-url would send every profile to one base URL: put each target's base URL in its profile",
    );
  }
}

/**
 * `run` with several profiles: each target's run exactly as `run --profile` does it (its reporters,
 * with `json` added, since the comparison reads it), into `--out/<profile name>/`, one after another
 * or, with `--parallel-targets`, at once (the console reporter is then left out unless named: the
 * progress lines of several runs would interleave); then the comparison of their reports into
 * `--out` (see `compare`). The exit code is the comparison's under `--fail-on` (`any` by default,
 * `differences`, `none`), but 2 when a target could not be judged and the comparison found nothing
 * to fail on; an interrupted run ends the command with its own code, comparing nothing.
 */
export async function runTargetsCommand(
  profiles: readonly string[],
  options: RunTargetsOptions,
): Promise<RunTargetsOutcome> {
  refuseForTargets(options, profiles.length);
  const { parseCompareFailOn, removeEarlierComparison, writeComparison } = await import(
    './compare-command.ts'
  );
  const { DEFAULT_COMPARE_FAIL_ON } = await import('../compare/model.ts');
  const failOn = parseCompareFailOn(options.failOn ?? DEFAULT_COMPARE_FAIL_ON);
  const { out } = resolveOutput(options);
  const chosen = options.reporter?.length
    ? reporterNames(options.reporter)
    : reporterNames(undefined).filter((name) => !(options.parallelTargets && name === 'console'));
  const names: string[] = chosen.includes('json') ? chosen : [...chosen, 'json'];
  // Every profile is read first: a broken second profile ends the command before the first run.
  const { loadProfile } = await import('../profile/index.ts');
  const folders = targetFolderNames(profiles.map((p) => loadProfile(p, { rejectPlaceholders: true }).name));
  prepareOutFolder(out);
  removeEarlierComparison(out);
  const { parallelTargets, failOn: _comparisonPolicy, ...single } = options;
  const runOne = async (profile: string, i: number): Promise<TargetRun> => {
    const folder = join(out, folders[i]!);
    return {
      profile,
      folder,
      outcome: await runCommand({ ...single, profile, out: folder, reporter: names }),
    };
  };
  const interrupted = (run: TargetRun) => run.outcome.interruptedBy !== undefined;
  const runs: TargetRun[] = [];
  if (parallelTargets) {
    process.stdout.write(
      `running ${profiles.length} targets at once: ${profiles.map((p, i) => `${p} → ${join(out, folders[i]!)}`).join(', ')}\n`,
    );
    const settled = await Promise.allSettled(profiles.map(runOne));
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    runs.push(...settled.map((s) => (s as PromiseFulfilledResult<TargetRun>).value));
  } else {
    for (const [i, profile] of profiles.entries()) {
      process.stdout.write(
        `${i > 0 ? '\n' : ''}target ${i + 1}/${profiles.length}: ${profile} → ${join(out, folders[i]!)}\n`,
      );
      runs.push(await runOne(profile, i));
      if (interrupted(runs[i]!)) return { runs, exitCode: runs[i]!.outcome.exitCode };
    }
  }
  const stopped = runs.find(interrupted);
  if (stopped) return { runs, exitCode: stopped.outcome.exitCode };
  process.stdout.write('\n');
  const compared = await writeComparison(
    runs.map((run) => join(run.folder, REPORTER_FILES.json[0])),
    out,
    failOn,
  );
  if (process.env.GITHUB_STEP_SUMMARY)
    appendFileSync(process.env.GITHUB_STEP_SUMMARY, `${compared.markdown}\n`);
  const notJudged = failOn !== 'none' && runs.some((run) => run.outcome.exitCode === 2);
  return {
    runs,
    comparison: compared.comparison,
    exitCode: compared.exitCode === 0 && notJudged ? 2 : compared.exitCode,
  };
}
