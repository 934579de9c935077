import pc from 'picocolors';
import type { CheckResult, RunResult, ScenarioResult, Verdict } from '../src/engine/types.ts';
import { showControls } from './control.ts';
import { ownCredentialsRefusedLine } from './profile-refusals.ts';
import {
  byOperation,
  createScrubber,
  documentReference,
  failuresOnPremises,
  noteOf,
  planCommand,
  premiseOf,
  problems,
  requirementsByVerdict,
  skipReason,
  verdictCounts,
  verdictHeadline,
} from './summary.ts';
import type { ReporterFactory } from './types.ts';

const MARK: Record<Verdict, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  warn: 'WARN',
  skip: 'SKIP',
  error: 'ERR ',
};

/** Checks shown per requirement in the summary; the rest are counted. */
const CHECKS_SHOWN = 3;
/** Reasons of skipped requirements listed, each with the requirements it skipped; the rest are counted. */
const SKIPS_SHOWN = 5;
/** Requirements named on one reason's line; the rest are counted. */
const SKIPPED_NAMED = 4;

/** `A, B, C` or, past {@link SKIPPED_NAMED}, `A, B, C and 4 more`. */
const namesOf = (ids: readonly string[]): string =>
  ids.length <= SKIPPED_NAMED
    ? ids.join(', ')
    : `${ids.slice(0, SKIPPED_NAMED - 1).join(', ')} and ${ids.length - SKIPPED_NAMED + 1} more`;

/** How the console reporter may write to a stream. */
export interface ConsoleMode {
  /** Rewrite one progress line in place (a terminal, not a CI log). */
  readonly interactive: boolean;
  /** Use colours (a terminal, `NO_COLOR` unset or empty). */
  readonly color: boolean;
}

/**
 * Decides the console mode from the stream and the environment: live progress only on a terminal
 * outside CI; colours only on a terminal and never with `NO_COLOR` (https://no-color.org).
 */
export function consoleMode(
  isTTY: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ConsoleMode {
  const tty = Boolean(isTTY);
  const ci = Boolean(env.CI) && env.CI !== 'false';
  return { interactive: tty && !ci, color: tty && !env.NO_COLOR };
}

type Paint = (verdict: Verdict, text: string) => string;

const painter = (enabled: boolean): Paint => {
  const c = pc.createColors(enabled);
  const byVerdict: Record<Verdict, (text: string) => string> = {
    pass: c.green,
    fail: c.red,
    warn: c.yellow,
    skip: c.dim,
    error: c.magenta,
  };
  return (verdict, text) => byVerdict[verdict](text);
};

/** One line of progress for a finished scenario run. */
export function formatScenarioLine(
  result: ScenarioResult,
  done: number,
  total: number,
  paint: Paint,
): string {
  const reason = result.reason ? ` — ${oneLine(result.reason)}` : '';
  return `${paint(result.verdict, MARK[result.verdict])} [${done}/${total}] ${visible(result.scenarioId)} @${visible(result.principal)} (${result.durationMs} ms)${reason}\n`;
}

/**
 * The end-of-run summary: non-passing requirements (failures first) with their document
 * reference and expected versus actual, then verdicts by endpoint, then the verdict line.
 */
export function formatConsoleSummary(result: RunResult, paint: Paint = (_v, text) => text): string {
  const lines: string[] = ['', 'Requirements (failures first)'];
  const shown = requirementsByVerdict(result).filter((r) => r.verdict !== 'pass' && r.verdict !== 'skip');
  if (shown.length === 0) lines.push('  none failed, errored or warned');
  for (const r of shown) {
    lines.push(`${paint(r.verdict, MARK[r.verdict])} ${visible(r.id)} [${r.level}] ${oneLine(r.title)}`);
    lines.push(`     document: ${oneLine(documentReference(r))}`);
    const groups = groupProblems(problems(r));
    let lastNote: string | undefined;
    for (const { check, times } of groups.slice(0, CHECKS_SHOWN)) {
      lines.push(
        `     ${visible(check.checkId)} @${visible(check.principal)}${times > 1 ? ` (×${times})` : ''}`,
      );
      if (check.expected !== undefined || check.actual !== undefined) {
        lines.push(`       expected: ${oneLine(check.expected ?? '-')}`);
        lines.push(`       actual:   ${oneLine(check.actual ?? check.message)}`);
      } else {
        lines.push(`       ${oneLine(check.message)}`);
      }
      // Why it only warns (or was not judged), once per run of checks saying the same; a SHOULD's
      // level is on the requirement's line above. Beside expected and actual only: a message alone says it.
      const note = noteOf(check);
      if (note !== undefined && note !== lastNote) lines.push(`       why ${r.verdict}: ${oneLine(note)}`);
      lastNote = note;
      const premise = premiseOf(result, check);
      if (premise !== undefined) lines.push(`       premise:  the profile declares ${oneLine(premise)}`);
    }
    if (groups.length > CHECKS_SHOWN) lines.push(`     … and ${groups.length - CHECKS_SHOWN} more check(s)`);
  }
  const counts = verdictCounts(result.requirements);
  const skipped = result.requirements.filter((r) => r.verdict === 'skip');
  if (skipped.length > 0) lines.push('', `Skipped (${skipped.length})`);
  // One line per reason, the requirements it skipped named on it: a second run against one target
  // skips a dozen requirements for the same used-up bill, which listed one by one hid the others.
  const byReason = new Map<string, string[]>();
  for (const r of skipped) {
    const reason = oneLine(skipReason(r, result.scenarios));
    byReason.set(reason, [...(byReason.get(reason) ?? []), visible(r.id)]);
  }
  let listed = 0;
  for (const [reason, ids] of [...byReason].slice(0, SKIPS_SHOWN)) {
    lines.push(`  ${namesOf(ids)}: ${reason}`);
    listed += ids.length;
  }
  if (skipped.length > listed) lines.push(`  … and ${skipped.length - listed} more`);
  const notJudgeable = notJudgeableLine(result);
  if (notJudgeable) lines.push(notJudgeable);

  lines.push('', 'By endpoint (failures first)');
  const width = Math.max(10, ...[...byOperation(result).keys()].map((op) => op.length)) + 2;
  for (const [op, row] of byOperation(result)) {
    lines.push(
      `  ${visible(op).padEnd(width)} fail ${row.fail}  error ${row.error}  warn ${row.warn}  pass ${row.pass}  skip ${row.skip}`,
    );
  }
  const merged = result.manifest.shards ? ` (merged from ${result.manifest.shards.length} shards)` : '';
  lines.push(
    '',
    `${paint(result.verdict, verdictHeadline(result))}: ${counts.pass} passed, ${counts.fail} failed, ${counts.warn} warned, ${counts.error} errors, ${counts.skip} skipped of ${result.requirements.length} requirements; ${result.totals.exchanges} exchanges in ${(result.manifest.durationMs / 1000).toFixed(1)} s${merged}`,
  );
  const onPremises = failuresOnPremises(result);
  if (onPremises.length > 0) {
    lines.push(
      `${onPremises.length} of ${counts.fail} failed requirement(s) (${onPremises.map((r) => visible(r.id)).join(', ')}) rest on what the profile declares (the premise lines above): if the target's org is set otherwise, the profile is wrong, not the target; confirm those settings with the target's admin before reporting them to the vendor`,
    );
  }
  const refused = ownCredentialsRefusedLine(result, visible);
  if (refused) lines.push(refused);
  if (result.stopped) lines.push(result.stopped.message);
  return `${lines.join('\n')}\n`;
}

/**
 * `N requirement(s) not judgeable with this profile (run loyalty-conformance plan --profile <source>
 * [--env-file <file>] for what to add)`, or undefined when the profile lets the run judge every requirement it selected.
 * `source` makes the profile's path safe for the output (terminal escapes, Markdown).
 */
export function notJudgeableLine(
  result: RunResult,
  source: (text: string) => string = visible,
): string | undefined {
  const count = result.notJudgeable?.length ?? 0;
  if (count === 0) return undefined;
  return `${count} requirement(s) not judgeable with this profile (run ${source(planCommand(result))} for what to add)`;
}

/** Identical problems (same check, principal, expected and actual) counted once. */
function groupProblems(checks: readonly CheckResult[]): { check: CheckResult; times: number }[] {
  const groups = new Map<string, { check: CheckResult; times: number }>();
  for (const check of checks) {
    const key = [check.checkId, check.principal, check.expected, check.actual ?? check.message].join(
      '\u0000',
    );
    const group = groups.get(key);
    if (group) group.times += 1;
    else groups.set(key, { check, times: 1 });
  }
  // One line per principal first, so that a problem of every org shows before repeats of one.
  const list = [...groups.values()];
  const firstOfPrincipal = list.filter(
    (g, i) => list.findIndex((o) => o.check.principal === g.check.principal) === i,
  );
  return [...firstOfPrincipal, ...list.filter((g) => !firstOfPrincipal.includes(g))];
}

/**
 * Terminal control characters of a target's answer shown as escapes: a hostile body must not
 * move the cursor, clear the screen or retitle the terminal.
 */
export function visible(text: string): string {
  return showControls(text);
}

const oneLine = (text: string, max = 300): string => {
  const flat = visible(text.replace(/\s*\n\s*/g, ' '));
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/** Clears the current terminal line. */
const CLEAR_LINE = '\r\u001b[2K';

/**
 * Progress while the run goes, then a summary, failures first. On a terminal (outside CI) the
 * progress is one line rewritten in place, with failing scenarios printed above it; otherwise
 * one plain line per scenario run.
 */
export const consoleReporter: ReporterFactory = ({ write, interactive, color, secrets }) => {
  const paint = painter(color ?? interactive);
  const clean = createScrubber(secrets);
  const out = (text: string) => write(clean(text));
  let done = 0;
  let total = 0;
  let failed = 0;
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) write(CLEAR_LINE);
    statusShown = false;
  };
  const drawStatus = (last: string) => {
    const problems = failed > 0 ? paint('fail', ` ${failed} failing`) : '';
    write(`${CLEAR_LINE}[${done}/${total}]${problems} ${visible(clean(last)).slice(0, 80)}`);
    statusShown = true;
  };
  return {
    onRunStart({ scenarioCount }) {
      total = scenarioCount;
      out(`running ${scenarioCount} scenario runs\n`);
    },
    onScenarioStart(info) {
      if (interactive) drawStatus(`${info.scenarioId} @${info.principal}`);
    },
    onScenarioEnd(result) {
      done += 1;
      if (result.verdict === 'fail' || result.verdict === 'error') failed += 1;
      if (!interactive) {
        out(formatScenarioLine(result, done, total, paint));
        return;
      }
      if (result.verdict === 'fail' || result.verdict === 'error') {
        clearStatus();
        out(formatScenarioLine(result, done, total, paint));
      }
      drawStatus(`${result.scenarioId} @${result.principal}`);
    },
    onRunEnd(result) {
      clearStatus();
      out(formatConsoleSummary(result, paint));
    },
  };
};
