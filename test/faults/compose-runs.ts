/**
 * Runs compositions of correct variants (compose.ts), a few at a time, never one variant in two
 * runs at once: a variant's options may keep state in closures made once per catalogue entry (a
 * per-customer lock, issued tokens), which two runs at once would share.
 */
import type { ApiFamily } from '../../src/client/exchange.ts';
import { compose, type Member } from './compose.ts';
import { runProvider } from './kill-score.ts';
import { runVariant, suitesOf } from './variant-scope.ts';

/** What one composition's run showed, or why it did not run. */
export interface ComposedRun {
  readonly ids: readonly string[];
  /** Why the members do not compose (then nothing ran). */
  readonly notComposable?: string;
  readonly exitCode?: number;
  readonly failing?: readonly string[];
  readonly errors?: readonly string[];
  /** The run threw. */
  readonly crash?: string;
  readonly seconds?: number;
}

/** Whether a run shows the composition conformant: no failure, no error, exit 0. */
export const conformant = (run: ComposedRun): boolean =>
  run.notComposable === undefined &&
  run.crash === undefined &&
  run.exitCode === 0 &&
  (run.failing ?? []).length === 0 &&
  (run.errors ?? []).length === 0;

/**
 * Composes `members` (reading their options now) and runs the suites against it: only `family`'s
 * scenarios when given, else as `runVariant` scopes a single variant.
 */
export async function runComposed(members: readonly Member[], family?: ApiFamily): Promise<ComposedRun> {
  const composition = compose(members);
  const { ids } = composition;
  if (!composition.composable) return { ids, notComposable: composition.reason };
  const { options, profile } = composition.variant;
  try {
    const run = family
      ? await runProvider(options, profile, undefined, undefined, suitesOf(family))
      : await runVariant(composition.variant);
    const { exitCode, failing, errors, seconds } = run;
    return { ids, exitCode, failing, errors, seconds };
  } catch (error) {
    return { ids, crash: (error as Error).stack ?? String(error) };
  }
}

/** One job: the members to compose, and the family to scope the run to (whole when undefined). */
export interface ComposedJob {
  readonly members: readonly Member[];
  readonly family?: ApiFamily;
}

/**
 * Runs `jobs` at most `concurrency` at once, each when none of its members is in a running job
 * (a job whose members are busy waits, the next free one goes first); `onRun` hears each as it
 * ends. `shouldStop` is asked before each start: the runs under way finish, no other starts.
 */
export async function runJobs(
  jobs: readonly ComposedJob[],
  concurrency: number,
  onRun: (run: ComposedRun) => void,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const waiting = [...jobs];
  const busy = new Set<string>();
  const running = new Set<Promise<void>>();
  const free = (job: ComposedJob) => job.members.every((m) => !busy.has(m.id));
  while (waiting.length > 0 && !shouldStop()) {
    const index = running.size < concurrency ? waiting.findIndex(free) : -1;
    if (index < 0) {
      if (running.size === 0) break;
      await Promise.race(running);
      continue;
    }
    const [job] = waiting.splice(index, 1);
    for (const m of job!.members) busy.add(m.id);
    const done: Promise<void> = runComposed(job!.members, job!.family).then((run) => {
      for (const m of job!.members) busy.delete(m.id);
      running.delete(done);
      onRun(run);
    });
    running.add(done);
  }
  await Promise.all(running);
}
