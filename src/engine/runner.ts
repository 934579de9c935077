import type { Catalogue } from '../catalogue/catalogue.ts';
import type { CheckContext, UniversalCheck } from '../checks/index.ts';
import type { TokenResponse } from '../client/auth.ts';
import type { Exchange, RecordedExchange } from '../client/exchange.ts';
import type { Called } from '../client/http-client.ts';
import { createCoverageTally } from '../coverage/tally.ts';
import { toolError } from '../errors.ts';
import type { Profile } from '../profile/types.ts';
import { type SpecRegistry, type SpecValidators, soleOperationsOf } from '../spec/index.ts';
import { createStopConfirmation, inputBreaksSchema } from './confirm-stop.ts';
import { createScenarioContext, rateLimited, ScenarioError, ScenarioSkip } from './context.ts';
import { type Capabilities, describeMissing } from './fixtures.ts';
import { configurationManifest } from './manifest.ts';
import { createOwnRefusals, sentWithOwnCredentials } from './own-refusals.ts';
import { createLagProbe, createReadAfterWrite } from './read-after-write.ts';
import { type ScenarioInstance, type SelectionOptions, selectScenarios } from './selection.ts';
import { createTargetHealth, type TargetHealth } from './target-health.ts';
import type {
  BillNote,
  CallOptions,
  CheckResult,
  EvidenceKept,
  RunEvents,
  RunManifest,
  RunResult,
  Scenario,
  ScenarioResult,
  TokenCredentials,
  Verdict,
} from './types.ts';
import { aggregateRequirements, exitCodeOf, NOT_RUN_BAIL, worstVerdict } from './verdicts.ts';

/** The engine's view of the target: calls by operationId on behalf of an org (or `fabric`). */
export interface TargetClient {
  /**
   * Calls an operation: its exchange as received (`judged`: what scenarios and checks judge), as
   * recorded (`recorded`: redacted, what results, events and reports get; made when first read) and
   * its redacted `head` (what the target health reads of every exchange). Once `signal` aborts, the
   * call is cancelled (or never sent) and rejects with the signal's reason instead.
   */
  call(operationId: string, principal: string, options: CallOptions, signal?: AbortSignal): Promise<Called>;
  /**
   * The latest token request the run's credentials of `principal` (its `auth` or `alternateAuth`)
   * sent for its calls, before this scenario perhaps (the probe); undefined when they sent none.
   */
  tokenRequest?(principal: string, which: TokenCredentials): TokenResponse | undefined;
  /**
   * The run's redactor, for text built from exchanges as received (check messages, reasons): every
   * secret redacted from the exchanges so far.
   */
  redact(text: string): string;
  close(): Promise<void>;
}

/**
 * The abort reason of an interrupted run (what `run` gives the `signal` of `conform` on SIGINT or
 * SIGTERM): `by` names what interrupted it, and the result's `stopped` message repeats it.
 */
export class RunInterrupted extends Error {
  /** What interrupted the run, e.g. `SIGINT`. */
  readonly by: string;

  constructor(by: string) {
    super(`interrupted by ${by}`);
    this.name = 'RunInterrupted';
    this.by = by;
  }
}

/** Why a scenario run that had not started when the run was interrupted has no verdict. */
export const NOT_RUN_INTERRUPTED = 'not run: interrupted';
/** Why a scenario run cut short by an interrupt has no verdict (whatever it saw before). */
export const NOT_JUDGED_INTERRUPTED = 'not judged: interrupted';

/** Everything a run needs. */
export interface RunOptions extends SelectionOptions {
  readonly profile: Profile;
  readonly scenarios: readonly Scenario[];
  readonly catalogue: Catalogue;
  readonly registry: SpecRegistry;
  readonly validators: SpecValidators;
  readonly checks: readonly UniversalCheck[];
  readonly client: TargetClient;
  readonly seed: number;
  /** Stop scheduling new scenarios after the first failure. */
  readonly bail?: boolean;
  /** Scenarios run at once (those sharing a fixture always run one after another). */
  readonly parallelism?: number;
  readonly events?: RunEvents;
  readonly tool: RunManifest['tool'];
  readonly targets: Record<string, string>;
  /** The dotenv file the environment was loaded from, recorded in the manifest (see `RunManifest`). */
  readonly envFile?: string | undefined;
  /** Optional capabilities of the target, as probed before the run (default: all present). */
  readonly capabilities?: Capabilities;
  /** What the profile leaves the run unable to judge (see `src/plan`), copied into the result. */
  readonly notJudgeable?: RunResult['notJudgeable'];
  /**
   * Which exchanges the result keeps: those behind non-passing checks (`failures`, the default:
   * passing checks then name none) or every one a check cites (`all`). Either way an exchange no
   * check kept is let go when its scenario run ends.
   */
  readonly evidence?: EvidenceKept;
  /**
   * Interrupts the run when it aborts: no scenario run starts after it (each is `error`, "not run:
   * interrupted"), the calls in flight are cancelled and their scenario runs are `error` ("not
   * judged: interrupted", never `fail`), and the result's `stopped` is `LC_ERR_RUN_INTERRUPTED`. Its
   * reason may be a {@link RunInterrupted} naming the signal.
   */
  readonly signal?: AbortSignal;
}

/** Non-passing results of one universal check kept per org, so a broken target cannot flood a report. */
const MAX_RESULTS_PER_UNIVERSAL_CHECK = 25;

/** Runs the selected scenarios against the target and judges every requirement. */
export async function runConformance(options: RunOptions): Promise<RunResult> {
  const started = new Date();
  const { profile, catalogue, events } = options;
  const instances = selectScenarios(options.scenarios, profile, options, options.capabilities);
  // One record of acknowledged writes per run (scenarios read customers other scenarios wrote
  // to); none without a window, so that every read is made at once, as the default promises.
  const windowMs = profile.limits.readAfterWriteMs ?? 0;
  const readAfterWrite =
    windowMs > 0 ? { readAfterWrite: createReadAfterWrite(windowMs) } : { lagProbe: createLagProbe() };
  const evidenceKept: EvidenceKept = options.evidence ?? 'failures';
  // What a scenario could only warn of about a declared bill, for a later scenario of the bill to
  // judge (ctx.noteOnBill): those sharing a bill run one after another, in their listed order.
  const billNotes = new Map<string, BillNote[]>();
  // Counts per org and series (a customer's deductions, numbering its reasonOfReturn), from 1 in every run.
  const runCounts = new Map<string, number>();
  const manifestBase = {
    tool: options.tool,
    profile: {
      name: profile.name,
      environment: profile.environment,
      source: profile.source,
      ...(options.envFile ? { envFile: options.envFile } : {}),
    },
    targets: options.targets,
    orgs: profile.capillary?.orgs.map((o) => o.id) ?? [],
    specHashes: options.registry.specHashes,
    seed: options.seed,
    ...(options.shard ? { shard: options.shard } : {}),
    filters: {
      ...(options.grep ? { grep: options.grep } : {}),
      ...(options.tags?.length ? { tags: options.tags } : {}),
      ...(options.requirements?.length ? { requirements: options.requirements } : {}),
    },
    scenarioIds: [...new Set(instances.map((i) => i.scenario.id))],
    evidence: evidenceKept,
    ...configurationManifest(profile, options.capabilities),
  };
  events?.onRunStart?.({ scenarioCount: instances.length, manifest: manifestBase });

  const results: CheckResult[] = [];
  const scenarioResults: ScenarioResult[] = [];
  /** Recorded exchanges by id: those a result cites, recorded when their scenario run ends. */
  const exchanges = new Map<number, RecordedExchange>();
  /** The call of each exchange judged (a scenario's error cites exchanges as received). */
  const callOf = new WeakMap<Exchange, Called>();
  const keptExchangeIds = new Set<number>();
  /** The run's own token requests a scenario judged: each counted and checked once. */
  const countedTokenRequests = new Set<number>();
  const universalTally = new Map<string, { pass: CheckResult | undefined; kept: number; passes: number }>();
  let exchangeCount = 0;
  let bailed = false;
  /** Scenario runs the interrupt left without a verdict (not started, or cut short). */
  let interruptedRuns = 0;
  const { signal } = options;
  const unlessAborted = abortRace(signal);
  const confirmation = createStopConfirmation(
    (operationId, principal, callOptions) =>
      unlessAborted(options.client.call(operationId, principal, callOptions, signal)),
    () => signal?.aborted === true,
  );
  const soleOperations = soleOperationsOf(options.registry);
  const health = createTargetHealth({ confirm: confirmation.confirm, soleOperations });
  // Refusals of the profile's own credentials, said beside the verdicts (a till that may read but not write).
  const ownRefusals = createOwnRefusals();
  const soleOperationIds = new Set(soleOperations.values());
  /**
   * Scenario runs whose verdict cites an answer of a streak not yet settled (a 503 that may be the
   * first of an outage): announced once it settles, with the verdict the report will give, so that
   * live progress never shows WARN or FAIL for what the summary calls an error.
   */
  const held: { at: number; own: readonly CheckResult[] }[] = [];
  const settledVerdict = (own: readonly CheckResult[], verdict: Verdict): Verdict =>
    own.some((r) => unjudgedBy(r, health))
      ? worstVerdict(own.map((r) => (unjudgedBy(r, health) ? 'error' : r.verdict)))
      : verdict;
  const announce = (force = false) => {
    for (let i = 0; i < held.length; ) {
      const entry = held[i] as (typeof held)[number];
      if (!force && entry.own.some((r) => r.exchangeIds.some((id) => health.unsettled(id)))) {
        i += 1;
        continue;
      }
      held.splice(i, 1);
      const scenario = scenarioResults[entry.at] as ScenarioResult;
      const settled = { ...scenario, verdict: settledVerdict(entry.own, scenario.verdict) };
      scenarioResults[entry.at] = settled;
      events?.onScenarioEnd?.(settled);
    }
  };
  // Every exchange of the scenarios, once each (the probe before them is no part of the run's coverage).
  const coverage = createCoverageTally(options.registry);

  // Verdicts judge exchanges as received, so a check's words may quote a secret (a figure equal to
  // a password): every text of a result is redacted here, the one place a check's outcome becomes
  // a result, before any listener or report sees it.
  const redact = (text: string) => options.client.redact(text);
  const record = (outcome: CheckResult): CheckResult => {
    const result: CheckResult = {
      ...outcome,
      message: redact(outcome.message),
      ...(outcome.expected !== undefined ? { expected: redact(outcome.expected) } : {}),
      ...(outcome.actual !== undefined ? { actual: redact(outcome.actual) } : {}),
    };
    results.push(result);
    if (result.verdict !== 'pass' || evidenceKept === 'all') {
      for (const id of result.exchangeIds) keptExchangeIds.add(id);
    }
    events?.onCheckResult?.(result);
    if (result.verdict === 'fail' && options.bail) bailed = true;
    return result;
  };
  /** Takes back the results of a scenario run the interrupt cut short (listeners saw them live). */
  const withdraw = (own: readonly CheckResult[]) => {
    if (own.length === 0) return;
    const taken = new Set(own);
    const kept = results.filter((r) => !taken.has(r));
    results.length = 0;
    results.push(...kept);
  };
  const levelOf = (id: string) => catalogue.get(id)?.level ?? 'MUST';

  /**
   * The tally key of a check and principal, made once: a key built per check and exchange was a
   * new string to hash on every lookup (ten checks per exchange).
   */
  const tallyKeys = new Map<string, Map<UniversalCheck, string>>();
  const tallyKey = (check: UniversalCheck, principal: string): string => {
    let byCheck = tallyKeys.get(principal);
    if (!byCheck) {
      byCheck = new Map();
      tallyKeys.set(principal, byCheck);
    }
    let key = byCheck.get(check);
    if (key === undefined) {
      key = `${check.id}@${principal}`;
      byCheck.set(check, key);
    }
    return key;
  };

  const runUniversalChecks = (exchange: Exchange, principal: string) => {
    // An answer the target gave to shed load says nothing about the operation's contract.
    if (rateLimited(exchange)) return;
    const operation = exchange.operationId ? options.registry.getOperation(exchange.operationId) : undefined;
    const context: CheckContext = { operation, validators: options.validators, profile };
    for (const check of options.checks) {
      let outcome: ReturnType<UniversalCheck['check']>;
      try {
        outcome = check.check(exchange, context);
      } catch (error) {
        // A hostile body (nested too deep for a validator) must not end the run: it cannot be judged.
        outcome = {
          verdict: 'error',
          message: `check could not judge the answer: ${(error as Error).message}`,
        };
      }
      if (!outcome) continue;
      const key = tallyKey(check, principal);
      const tally = universalTally.get(key) ?? { pass: undefined, kept: 0, passes: 0 };
      universalTally.set(key, tally);
      if (outcome.verdict === 'pass') {
        tally.passes += 1;
        continue;
      }
      if (tally.kept >= MAX_RESULTS_PER_UNIVERSAL_CHECK) continue;
      tally.kept += 1;
      // An endpoint outside the four documents (the fabric member inquiry, the token endpoint) is
      // judged by no document: what a universal check finds there is drift, never a failure.
      const outside = operation?.extensions['x-outside-documents'] === true;
      const verdict: Verdict =
        outcome.verdict === 'fail' && (outside || levelOf(check.requirementId) === 'SHOULD')
          ? 'warn'
          : outcome.verdict;
      record({
        requirementId: check.requirementId,
        checkId: `universal.${check.id}`,
        principal,
        verdict,
        message:
          outside && outcome.verdict === 'fail'
            ? `${outcome.message} (on ${exchange.operationId}, an endpoint outside the four documents: drift, not a failure)`
            : outcome.message,
        ...(outcome.expected ? { expected: outcome.expected } : {}),
        ...(outcome.actual ? { actual: outcome.actual } : {}),
        exchangeIds: [exchange.id],
      });
    }
  };

  const runInstance = async (instance: ScenarioInstance): Promise<void> => {
    const { scenario, principal, org } = instance;
    const t0 = performance.now();
    events?.onScenarioStart?.({ scenarioId: scenario.id, principal });
    const own: CheckResult[] = [];
    /** Requests this scenario run sent (its calls and negative cases). */
    let requests = 0;
    const finish = (verdict: Verdict, reason?: string) => {
      const result: ScenarioResult = {
        scenarioId: scenario.id,
        title: scenario.title,
        principal,
        verdict,
        durationMs: Math.round(performance.now() - t0),
        ...(reason ? { reason: redact(reason) } : {}),
        ...(instance.premise && verdict !== 'skip' ? { premise: instance.premise } : {}),
        ...(requests > 0 ? { requests } : {}),
      };
      scenarioResults.push(result);
      const judging = verdict === 'pass' || verdict === 'warn' || verdict === 'fail';
      if (judging && own.some((r) => r.exchangeIds.some((id) => health.unsettled(id)))) {
        held.push({ at: scenarioResults.length - 1, own: [...own] });
        return;
      }
      events?.onScenarioEnd?.(result);
    };
    const skipAll = (verdict: 'skip' | 'error', reason: string, evidence: readonly Exchange[] = []) => {
      const cited = evidence.flatMap((exchange) => callOf.get(exchange)?.recorded ?? []);
      for (const exchange of cited) exchanges.set(exchange.id, exchange);
      for (const requirementId of scenario.requirements) {
        own.push(
          record({
            requirementId,
            checkId: scenario.id,
            principal,
            verdict,
            message: reason,
            exchangeIds: cited.map((e) => e.id),
          }),
        );
      }
    };
    if (instance.skipReason || bailed) {
      const reason = instance.skipReason ?? NOT_RUN_BAIL;
      skipAll('skip', reason);
      return finish('skip', reason);
    }
    // `error`, not `skip`: the run could not judge what it did not run, as for a silent target.
    const interrupted = (reason: string) => {
      interruptedRuns += 1;
      withdraw(own);
      own.length = 0;
      skipAll('error', reason);
      finish('error', reason);
    };
    if (signal?.aborted) return interrupted(NOT_RUN_INTERRUPTED);
    /** Set when the interrupt cut this run short: what it judged before cannot stand alone. */
    let cut = false;
    for (const [requirementId, missing] of instance.unjudgeable) {
      own.push(
        record({
          requirementId,
          checkId: scenario.id,
          principal,
          verdict: 'skip',
          message: describeMissing(missing),
          exchangeIds: [],
        }),
      );
    }
    // A skip the scenario records after its target stopped answering mid-run (a deduction refused
    // with the 429 that spent the wait budget reads to it as a refusal) says nothing about the
    // target: it becomes `error`, as the calls refused after the stop are, so that the requirement
    // does not read `pass` on the checks made before the stop (a false "fixed" in a baseline diff).
    const stoppedNow = () => health.stoppedFor(options.targets[scenario.family] ?? scenario.family);
    const stoppedAtStart = stoppedNow();
    const profileSkips = own.length;
    const stoppedMidRun = () => (stoppedAtStart ? undefined : stoppedNow());
    const notJudgedAfterStop = (stop: { message: string }, reason: string) =>
      `not judged: ${stop.message} (${reason})`;
    /** Calls of this scenario run in flight, each learning whether another overlapped it. */
    const inFlight = new Set<{ concurrent: boolean }>();
    /**
     * Calls of this run by exchange id: those a check kept are recorded when it ends, the rest let
     * go unrecorded (redacting and copying every exchange was the largest cost of ours left).
     */
    const made = new Map<number, Called>();
    const context = createScenarioContext({
      profile,
      org,
      principal,
      scenarioId: scenario.id,
      seed: options.seed,
      specs: { registry: options.registry, validators: options.validators },
      warnOnly: instance.warnOnly,
      unjudgeable: instance.unjudgeable,
      bodyProblem: (exchange) => bodyProblemOf(exchange, options.validators),
      ...(options.capabilities ? { capabilities: options.capabilities } : {}),
      ...readAfterWrite,
      billNotes,
      runCounts,
      levelOf,
      record: (result) => {
        own.push(record(result));
      },
      // The run's own token request, judged by the scenario that asks: kept, counted and checked as
      // its call's would be (not reported to listeners as sent by it: the run sent it for its calls).
      ownTokenRequest: (which) => {
        const request = options.client.tokenRequest?.(principal, which);
        if (!request) return undefined;
        const { exchange: recorded, judged = recorded } = request;
        if (!countedTokenRequests.has(recorded.id)) {
          countedTokenRequests.add(recorded.id);
          const called: Called = { judged, recorded, head: recorded };
          callOf.set(judged, called);
          made.set(recorded.id, called);
          exchangeCount += 1;
          requests += 1;
          coverage.observe(judged);
          runUniversalChecks(judged, principal);
        }
        return { exchange: judged, json: request.json };
      },
      call: async (operationId, callOptions) => {
        const family = options.registry.getOperation(operationId).family;
        const stopped = health.stoppedFor(options.targets[family] ?? family);
        if (stopped) throw new ScenarioError(`not run: ${stopped.message}`);
        if (signal?.aborted) {
          cut = true;
          throw signal.reason;
        }
        // Whether another call of this scenario run was in flight during this one: known here
        // exactly, where timestamps (millisecond start, rounded duration) could only guess.
        const flight = { concurrent: inFlight.size > 0 };
        for (const other of inFlight) other.concurrent = true;
        inFlight.add(flight);
        let called: Called;
        try {
          called = await unlessAborted(options.client.call(operationId, principal, callOptions, signal));
        } catch (error) {
          if (signal?.aborted) cut = true;
          throw error;
        } finally {
          inFlight.delete(flight);
        }
        // Judged as received; the health's words taken from the recorded head, reports from the
        // recorded form (made only for the exchanges kept).
        const { judged, head } = called;
        const settling = health.observe(head, { defaultCredentials: sentWithOwnCredentials(callOptions) });
        ownRefusals.observe(head, callOptions);
        confirmation.remember(
          head,
          principal,
          operationId,
          callOptions ?? {},
          // Only a one-operation family's refused writes are ever asked again (see target-health.ts).
          soleOperationIds.has(operationId)
            ? () => inputBreaksSchema(options.validators, operationId, callOptions ?? {})
            : undefined,
        );
        coverage.observe(judged);
        exchangeCount += 1;
        requests += 1;
        callOf.set(judged, called);
        made.set(head.id, called);
        events?.onExchange?.(called.recorded, scenario.id, principal, callOptions, {
          concurrent: flight.concurrent,
        });
        runUniversalChecks(judged, principal);
        // The answer that made a streak look like an outage waits for its confirmation: the
        // scenario's next call then knows whether the run stopped.
        if (settling) await settling;
        announce();
        return judged;
      },
    });
    // An answer a scenario judges against a documented error code is one it asked for: the code's `sent`.
    const expectErrorCode = context.expectErrorCode;
    context.expectErrorCode = (requirementId, exchange, code, scope) => {
      coverage.expected(exchange, code);
      return expectErrorCode(requirementId, exchange, code, scope);
    };
    try {
      await scenario.run(context);
      if (cut) return interrupted(NOT_JUDGED_INTERRUPTED);
      const stop = stoppedMidRun();
      const skips = stop ? own.slice(profileSkips).filter((r) => r.verdict === 'skip') : [];
      if (stop && skips.length > 0) {
        withdraw(skips);
        for (const skip of skips) {
          own[own.indexOf(skip)] = record({
            ...skip,
            verdict: 'error',
            message: notJudgedAfterStop(stop, skip.message),
          });
        }
      }
      finish(own.length === 0 ? 'error' : worstVerdict(own.map((r) => r.verdict)));
      if (own.length === 0) skipAll('error', 'the scenario judged nothing');
    } catch (error) {
      if (cut) return interrupted(NOT_JUDGED_INTERRUPTED);
      const stop = error instanceof ScenarioSkip ? stoppedMidRun() : undefined;
      if (stop) {
        const reason = notJudgedAfterStop(stop, (error as Error).message);
        skipAll('error', reason);
        return finish('error', reason);
      }
      if (error instanceof ScenarioSkip) {
        skipAll('skip', error.message);
        return finish('skip', error.message);
      }
      const message =
        error instanceof ScenarioError ? error.message : `scenario error: ${(error as Error).message}`;
      skipAll('error', message, error instanceof ScenarioError ? error.exchanges : []);
      finish('error', message);
    } finally {
      // What a check kept is evidence, recorded now (its raw form let go); the rest is not.
      for (const [id, call] of made) if (keptExchangeIds.has(id)) exchanges.set(id, call.recorded);
    }
  };

  await schedule(instances, options.parallelism ?? 4, runInstance);
  outageToErrors(results, scenarioResults, health);
  announce(true);

  const universalPasses: CheckResult[] = [];
  for (const [key, tally] of universalTally) {
    if (tally.passes === 0) continue;
    const [checkId, principal] = key.split('@') as [string, string];
    const check = options.checks.find((c) => c.id === checkId);
    if (!check) continue;
    universalPasses.push({
      requirementId: check.requirementId,
      checkId: `universal.${checkId}`,
      principal,
      verdict: 'pass',
      message: `${check.description}: held on ${tally.passes} exchange(s)`,
      exchangeIds: [],
      occurrences: tally.passes,
    });
  }
  // Without their exchanges, passing checks name none (a report never cites what it does not hold).
  const citing =
    evidenceKept === 'all'
      ? results
      : results.map((r) =>
          r.verdict === 'pass' && r.exchangeIds.length > 0 ? { ...r, exchangeIds: [] } : r,
        );
  const allResults = [...citing, ...universalPasses];
  const ownCredentialsRefused = ownRefusals.summary(results);
  const requirements = aggregateRequirements(catalogue, allResults);
  const verdict = worstVerdict(requirements.map((r) => r.verdict).filter((v) => v !== 'skip'));
  const finished = new Date();
  const totals: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const r of allResults) totals[r.verdict] += 1;
  // A run that judged nothing (every selected scenario skipped) cannot vouch for the target.
  const judged = allResults.some((r) => r.verdict !== 'skip');
  // An interrupt the run outlived (every scenario run had ended) leaves the result whole. Counted:
  // the runs the selection let run (a skip for the profile's sake is no run), and those that ended.
  const runnable = instances.filter((i) => !i.skipReason).length;
  const interruption =
    signal?.aborted && interruptedRuns > 0
      ? toolError('LC_ERR_RUN_INTERRUPTED', {
          signal: signal.reason instanceof RunInterrupted ? signal.reason.by : 'an abort signal',
          done: runnable - interruptedRuns,
          total: runnable,
        })
      : undefined;
  const stopped = interruption
    ? { code: interruption.code, message: interruption.message }
    : health.stopped
      ? { code: health.stopped.code, message: health.stopped.message }
      : judged
        ? undefined
        : {
            code: 'LC_ERR_NOTHING_SELECTED',
            // Not a bare `loyalty-conformance plan`: pasted, it would plan the reference profile. The
            // engine cannot build the exact line (reporters/summary.ts's planCommandLine) without
            // importing a reporter, so it names the options to repeat.
            message: `nothing was judged: all ${instances.length} selected scenario runs were skipped (run loyalty-conformance plan with this run's --profile and --env-file for what the profile lacks)`,
          };
  // Orders as localeCompare does, without building a collator for each comparison.
  const collator = new Intl.Collator();
  const result: RunResult = {
    manifest: {
      ...manifestBase,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
    },
    verdict,
    // A run that stopped asking a silent target cannot vouch for what it did not ask: exit 2.
    exitCode: stopped ? 2 : exitCodeOf(requirements),
    ...(stopped ? { stopped } : {}),
    requirements,
    scenarios: scenarioResults.sort(
      (a, b) => collator.compare(a.scenarioId, b.scenarioId) || collator.compare(a.principal, b.principal),
    ),
    exchanges: [...keptExchangeIds].sort((a, b) => a - b).flatMap((id) => exchanges.get(id) ?? []),
    totals: { exchanges: exchangeCount, checks: totals },
    ...(options.notJudgeable ? { notJudgeable: options.notJudgeable } : {}),
    ...(ownCredentialsRefused ? { ownCredentialsRefused } : {}),
    coverage: coverage.result(),
  };
  await events?.onRunEnd?.(result);
  return result;
}

/**
 * `race(promise)`: `promise`, or a rejection with the signal's reason as soon as it aborts: a
 * client that does not heed the signal at once (an OAuth token shared by several calls) must not
 * hold an interrupted run. One listener on the run's signal serves every call (hundreds of calls
 * listening on it at once would trip Node's MaxListenersExceededWarning; a signal per call costs
 * each call an `AbortSignal.any`).
 */
function abortRace(runSignal: AbortSignal | undefined): <T>(promise: Promise<T>) => Promise<T> {
  if (!runSignal) return (promise) => promise;
  const waiting = new Set<(reason: unknown) => void>();
  runSignal.addEventListener(
    'abort',
    () => {
      for (const reject of waiting) reject(runSignal.reason);
      waiting.clear();
    },
    { once: true },
  );
  return <T>(promise: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (runSignal.aborted) reject(runSignal.reason);
      else waiting.add(reject);
      promise.then(resolve, reject).finally(() => waiting.delete(reject));
    });
}

/**
 * Runs instances with at most `parallelism` at once; instances sharing a lock key (org + fixture)
 * run in their listed order, one after another, because each reads, acts and reads again.
 */
async function schedule(
  instances: readonly ScenarioInstance[],
  parallelism: number,
  run: (instance: ScenarioInstance) => Promise<void>,
): Promise<void> {
  const tails = new Map<string, Promise<void>>();
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (active >= parallelism) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
  };
  const release = () => {
    active -= 1;
    waiting.shift()?.();
  };
  const all = instances.map((instance) => {
    const before = instance.lockKeys.map((key) => tails.get(key) ?? Promise.resolve());
    const done = Promise.all(before).then(async () => {
      await acquire();
      try {
        await run(instance);
      } finally {
        release();
      }
    });
    for (const key of instance.lockKeys) tails.set(key, done);
    return done;
  });
  await Promise.all(all);
}

/** Why a response body is not valid for its status by the spec, or undefined when it is (or is not declared). */
function bodyProblemOf(exchange: Exchange, validators: SpecValidators): string | undefined {
  const response = exchange.response;
  if (!response || !exchange.operationId) return undefined;
  const declared = validators.validateResponse(exchange.operationId, response.status, response.body);
  // A 2xx the spec does not declare (a 202, a 203) is judged against the documented success: its
  // status only warns (GEN-STATUS-DECLARED), but a 2xx that is not the documented JSON is no
  // success (fault auth-fabric-bearer-answered-202-queued passed FAB-AUTH-BEARER unread).
  const result =
    !declared.statusDeclared && response.status >= 200 && response.status < 300
      ? validators.validateResponse(exchange.operationId, 200, response.body)
      : declared;
  if (result.valid || !result.statusDeclared) return undefined;
  const first = result.issues[0];
  return first ? `body not as documented: ${first.message}` : 'body not as documented';
}

/**
 * A check made on the answers of an outage that stopped the run (the streak of 503s, or of refused
 * credentials, and what was answered so after it) judged the outage, not the target: it becomes
 * `error`, as a check of an unanswered request is, and so does its scenario run's verdict when
 * nothing else of it fails. Without this, a vendor down for a night read as newly failing
 * GEN-NO-5XX and every rule the 503s reached (exit 1, a false regression in the diff).
 */
function outageToErrors(results: CheckResult[], scenarios: ScenarioResult[], health: TargetHealth): void {
  if (!health.stopped) return;
  const touched = new Set<string>();
  results.forEach((result, at) => {
    const stop = unjudgedBy(result, health);
    if (!stop) return;
    results[at] = { ...result, verdict: 'error', message: `not judged: ${stop.message} (${result.message})` };
    touched.add(`${result.checkId}@${result.principal}`);
  });
  scenarios.forEach((scenario, at) => {
    if (!touched.has(`${scenario.scenarioId}@${scenario.principal}`)) return;
    const own = results.filter(
      (r) => r.checkId === scenario.scenarioId && r.principal === scenario.principal,
    );
    scenarios[at] = { ...scenario, verdict: worstVerdict(own.map((r) => r.verdict)) };
  });
}

/** The stop a judged check's answers belong to (see {@link outageToErrors}), if any. */
function unjudgedBy(result: CheckResult, health: TargetHealth) {
  if (result.verdict === 'skip' || result.verdict === 'error') return undefined;
  return result.exchangeIds.map((id) => health.unjudged(id)).find(Boolean);
}
