/**
 * The kill score: runs the conformance suites against the reference provider and against each
 * faulty provider of the catalogue, and judges whether the suites caught each fault on one of the
 * requirements it declares. Shared by `npm run mutation` and `test/faults/mutation.test.ts`.
 */
import { conform } from '../../src/engine/conform.ts';
import type { RunResult, Suite, Verdict } from '../../src/engine/types.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { SUITES } from '../../suites/index.ts';
import type { Fault, FaultOptions } from './catalogue.ts';
import { type ProfileSource, profilePathOf } from './profiles.ts';

/** What one conformance run against one provider showed. */
export interface ProviderRun {
  readonly exitCode: RunResult['exitCode'];
  /** Requirement IDs whose verdict is `fail`, in catalogue order. */
  readonly failing: readonly string[];
  /** Requirement IDs whose verdict is `error` (the suite could not judge). */
  readonly errors: readonly string[];
  /** Suites (the part of a scenario ID before the dot) with at least one failed check. */
  readonly failingSuites: readonly string[];
  /** Orgs (and `fabric`) for which at least one scenario ran to a verdict other than skip. */
  readonly principals: readonly string[];
  /** The verdict of every requirement of the catalogue. */
  readonly verdicts: Readonly<Record<string, Verdict>>;
  /** Why a skipped requirement was skipped (its first skip message), e.g. what the profile lacks. */
  readonly skipReasons: Readonly<Record<string, string>>;
  readonly seconds: number;
}

/** The judgement of one fault. */
export interface FaultOutcome extends ProviderRun {
  readonly fault: Fault;
  /** At least one declared requirement failed. */
  readonly caught: boolean;
  /** Declared requirements that did not fail (the declaration is imprecise when not empty). */
  readonly declaredNotFailing: readonly string[];
  /** The provider could not be started or the run threw: neither caught nor missed. */
  readonly crash?: string;
}

/**
 * Starts the reference provider with `options` on a free port, runs every suite against it with
 * the reference profile (or `profile`) and the default seed (or `seed`), stops it. Some faults'
 * and variants' options keep state in closures made once per catalogue entry (a per-customer lock,
 * issued tokens): never run one entry twice at once (e.g. under two seeds), or the runs interfere.
 * With `suites`, only their scenarios run (a correct variant's scoped run, see variant-scope.ts).
 */
export async function runProvider(
  options: FaultOptions = {},
  profile?: ProfileSource,
  requirements?: readonly string[],
  seed?: number,
  suites?: readonly Suite[],
): Promise<ProviderRun> {
  const started = performance.now();
  const server = await startReferenceServer({ ...options, port: 0 });
  try {
    const result = await conform({
      capillaryUrl: server.capillaryBaseUrl,
      fabricUrl: server.fabricBaseUrl,
      ...(profile ? { profilePath: profilePathOf(profile) } : {}),
      ...(requirements ? { requirements } : {}),
      ...(seed === undefined ? {} : { seed }),
      ...(suites ? { suites } : {}),
    });
    const ids = (verdict: string) =>
      result.requirements.filter((r) => r.verdict === verdict).map((r) => r.id);
    // A scenario's failed check names the scenario (`<suite>.<name>`); universal checks are `universal.*`.
    const failingSuites = new Set(
      result.requirements
        .flatMap((r) => r.checks)
        .filter((c) => c.verdict === 'fail' && !c.checkId.startsWith('universal.'))
        .map((c) => c.checkId.split('.')[0] ?? ''),
    );
    const principals = new Set(result.scenarios.filter((s) => s.verdict !== 'skip').map((s) => s.principal));
    return {
      exitCode: result.exitCode,
      failing: ids('fail'),
      errors: ids('error'),
      failingSuites: [...failingSuites].sort(),
      principals: [...principals].sort(),
      verdicts: Object.fromEntries(result.requirements.map((r) => [r.id, r.verdict])),
      skipReasons: Object.fromEntries(
        result.requirements.flatMap((r) => {
          const skipped = r.checks.find((c) => c.verdict === 'skip');
          return r.verdict === 'skip' && skipped ? [[r.id, skipped.message]] : [];
        }),
      ),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await server.close();
  }
}

/** Requirement IDs some scenario of the suites verifies (the others only universal checks judge). */
const scenarioJudged = new Set(SUITES.flatMap((suite) => suite.scenarios.flatMap((s) => s.requirements)));

/**
 * Runs the suites against one faulty provider (with its own profile, or `profile`) and judges it.
 * With `onlyDeclared`, only the scenarios verifying the requirements the fault declares run (all of
 * them when one is judged by universal checks alone): enough to tell whether those fail, not
 * whether others do too.
 */
export async function judgeFault(
  fault: Fault,
  profile = fault.profile,
  onlyDeclared = false,
): Promise<FaultOutcome> {
  const started = performance.now();
  const selection =
    onlyDeclared && fault.catches.every((id) => scenarioJudged.has(id)) ? fault.catches : undefined;
  try {
    const run = await runProvider(fault.options, profile, selection);
    return {
      ...run,
      fault,
      caught: fault.catches.some((id) => run.failing.includes(id)),
      declaredNotFailing: fault.catches.filter((id) => !run.failing.includes(id)),
    };
  } catch (error) {
    return {
      fault,
      exitCode: 2,
      failing: [],
      errors: [],
      failingSuites: [],
      principals: [],
      verdicts: {},
      skipReasons: {},
      seconds: (performance.now() - started) / 1000,
      caught: false,
      declaredNotFailing: [...fault.catches],
      crash: (error as Error).stack ?? String(error),
    };
  }
}

/**
 * Judges every fault, `concurrency` at a time; results in catalogue order. With `profile`, every
 * fault runs with that profile instead of its own (e.g. the minimal profile's kill score).
 */
export async function judgeFaults(
  faults: readonly Fault[],
  concurrency = 2,
  onOutcome?: (outcome: FaultOutcome) => void,
  profile?: ProfileSource,
  onlyDeclared = false,
): Promise<FaultOutcome[]> {
  return mapConcurrently(faults, concurrency, async (fault) => {
    const outcome = await judgeFault(fault, profile ?? fault.profile, onlyDeclared);
    onOutcome?.(outcome);
    return outcome;
  });
}

/**
 * `run` over `items`, at most `concurrency` at once, results in the items' order. Runs overlap
 * where one waits (a provider's delays, a rate limit's backoff) while another computes.
 */
export function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  return Promise.all(startConcurrently(items, concurrency, run));
}

/**
 * Starts `run` over `items`, at most `concurrency` at once, in the items' order, and returns one
 * promise per item at once: a test can await its own item's run, under its own timeout, while the
 * later ones go on (no hook has to wait for them all).
 */
export function startConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  run: (item: T) => Promise<R>,
): Promise<R>[] {
  const settle: Array<(outcome: Promise<R>) => void> = [];
  const results = items.map(() => new Promise<R>((resolve) => settle.push(resolve)));
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      const outcome = Promise.resolve().then(() => run(item));
      settle[index]!(outcome);
      await outcome.catch(() => undefined);
    }
  };
  for (let i = 0; i < Math.max(1, Math.min(concurrency, items.length)); i++) void worker();
  return results;
}

/** Why a fault's outcome breaks the catalogue's promise, or undefined when it holds. */
export function problemOf(outcome: FaultOutcome): string | undefined {
  if (outcome.crash) return `could not be judged: ${outcome.crash.split('\n')[0]}`;
  if (outcome.caught && outcome.declaredNotFailing.length === 0) return undefined;
  if (outcome.caught) return `declared but not failing: ${outcome.declaredNotFailing.join(', ')}`;
  return outcome.failing.length > 0
    ? `caught only by undeclared requirements: ${outcome.failing.join(', ')}`
    : 'missed: no requirement fails';
}
