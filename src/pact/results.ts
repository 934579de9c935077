import type { Catalogue } from '../catalogue/catalogue.ts';
import type { CheckResult, RunManifest, RunResult, ScenarioResult, Verdict } from '../engine/types.ts';
import { aggregateRequirements, exitCodeOf, worstVerdict } from '../engine/verdicts.ts';
import type { PactFile, PactInteraction } from './pact-file.ts';

/**
 * Pact verification results as conformance results: each interaction becomes a check
 * (`pact.<description>`) of the requirements it names, passing or failing with Pact's own
 * mismatch text, so that reporters show contracts like any other check.
 */

/** Requirements of an interaction that names none (a hand-written consumer contract). */
export const CONTRACT_FALLBACK_REQUIREMENTS: readonly string[] = ['GEN-BODY-SCHEMA'];

/** The JSON the Pact verifier reports (`pactffi_verifier_json`), as far as it is read here. */
export interface VerifierReport {
  readonly result?: boolean;
  readonly interactionResults?: readonly { description?: string; duration?: string; result?: string }[];
  readonly errors?: readonly { interaction?: string; mismatch?: VerifierMismatch }[];
  readonly pendingErrors?: readonly { interaction?: string; mismatch?: VerifierMismatch }[];
  readonly output?: readonly string[];
}

/** One failure of an interaction: mismatches, or an error that stopped it. */
export type VerifierMismatch =
  | {
      readonly type: 'mismatches';
      readonly mismatches?: readonly {
        type?: string;
        path?: string;
        key?: string;
        mismatch?: string;
        expected?: unknown;
        actual?: unknown;
      }[];
    }
  | { readonly type: 'error'; readonly message?: string };

/** The outcome of one interaction. */
export interface InteractionOutcome {
  readonly file: PactFile;
  readonly interaction: PactInteraction;
  /**
   * `pass`, `fail` (mismatches), `skip` (the target cannot be put into its provider states, e.g.
   * a fixture's balance does not allow the call) or `error` (not verified: a state set-up failed,
   * the target was unreachable, ...).
   */
  readonly verdict: 'pass' | 'fail' | 'skip' | 'error';
  /** Pact's mismatch text, one line per mismatch. */
  readonly mismatches: readonly string[];
  readonly expected: readonly string[];
  readonly durationMs: number;
}

/** Matches the verifier's report to the file's interactions. */
export function outcomesOf(file: PactFile, report: VerifierReport): InteractionOutcome[] {
  const failures = [...(report.errors ?? []), ...(report.pendingErrors ?? [])];
  return file.interactions.map((interaction) => {
    const result = report.interactionResults?.find((r) => r.description === interaction.description);
    const durationMs = parseDuration(result?.duration);
    // The verifier names a failure "Verifying a pact between C and P Given S - <description>".
    const failure = failures.find((f) => f.interaction?.endsWith(` - ${interaction.description}`) ?? false);
    if (failure?.mismatch?.type === 'error') {
      return outcome(
        file,
        interaction,
        'error',
        [failure.mismatch.message ?? 'the verifier gave no reason'],
        [],
        durationMs,
      );
    }
    if (failure?.mismatch?.type === 'mismatches') {
      const list = failure.mismatch.mismatches ?? [];
      return outcome(
        file,
        interaction,
        'fail',
        list.map(
          (m) =>
            `${m.type ?? 'Mismatch'}${m.path || m.key ? ` ${m.path ?? m.key}` : ''}: ${m.mismatch ?? ''}`,
        ),
        list.map((m) => `${m.path ?? m.key ?? m.type ?? ''} ${JSON.stringify(m.expected ?? null)}`.trim()),
        durationMs,
      );
    }
    if (result?.result === 'OK') return outcome(file, interaction, 'pass', [], [], durationMs);
    if (result)
      return outcome(file, interaction, 'fail', [`verification result ${result.result}`], [], durationMs);
    return outcome(file, interaction, 'error', ['the verifier reported nothing for this interaction'], [], 0);
  });
}

/** A provider state that could not be set up: not applicable on this target (`skip`) or broken (`error`). */
export interface StateFailure {
  readonly verdict: 'skip' | 'error';
  readonly message: string;
}

/**
 * Marks interactions whose provider states could not be set up as not judged: `skip` when the
 * target only cannot meet them, `error` otherwise. `failures[k]` belongs to the k-th interaction
 * *with states* in the verifier's execution order (its `interactionResults`): the verifier sets
 * up one interaction's states at a time.
 */
export function withStateFailures(
  outcomes: readonly InteractionOutcome[],
  report: VerifierReport,
  failures: readonly (readonly StateFailure[])[],
): InteractionOutcome[] {
  const withStates = new Set(
    outcomes.filter((o) => o.interaction.states.length > 0).map((o) => o.interaction.description),
  );
  const executed = (report.interactionResults ?? [])
    .map((r) => r.description ?? '')
    .filter((description) => withStates.has(description));
  const byDescription = new Map(executed.map((description, index) => [description, failures[index] ?? []]));
  return outcomes.map((o) => {
    const problems = byDescription.get(o.interaction.description) ?? [];
    if (problems.length === 0) return o;
    const verdict = problems.some((p) => p.verdict === 'error') ? 'error' : 'skip';
    return { ...o, verdict, mismatches: problems.map((p) => p.message), expected: [] };
  });
}

function outcome(
  file: PactFile,
  interaction: PactInteraction,
  verdict: InteractionOutcome['verdict'],
  mismatches: string[],
  expected: string[],
  durationMs: number,
): InteractionOutcome {
  return { file, interaction, verdict, mismatches, expected, durationMs };
}

/** `"93ms"`, `"1s 20ms"` → milliseconds. */
function parseDuration(text: string | undefined): number {
  if (!text) return 0;
  let ms = 0;
  for (const [, value, unit] of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m)\b/g)) {
    ms += Number(value) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
  }
  return Math.round(ms);
}

/** The check ID of an interaction. */
export const checkIdOf = (interaction: PactInteraction) => `pact.${interaction.description}`;

/** The check results of one interaction, one per requirement it names. */
export function checkResultsOf(
  outcome: InteractionOutcome,
  catalogue: Catalogue,
  principal: string,
): CheckResult[] {
  const { interaction, file } = outcome;
  const requirements = interaction.requirements.length
    ? interaction.requirements
    : CONTRACT_FALLBACK_REQUIREMENTS;
  const contract = `${file.consumer} → ${file.provider}`;
  return requirements.map((requirementId) => {
    const level = catalogue.requirements.find((r) => r.id === requirementId)?.level ?? 'MUST';
    const verdict: Verdict = outcome.verdict === 'fail' && level === 'SHOULD' ? 'warn' : outcome.verdict;
    const base = { requirementId, checkId: checkIdOf(interaction), principal, exchangeIds: [] as number[] };
    if (outcome.verdict === 'pass') {
      return { ...base, verdict, message: `Pact interaction verified (${contract})` };
    }
    const what =
      outcome.verdict === 'fail'
        ? 'failed'
        : outcome.verdict === 'skip'
          ? 'not applicable'
          : 'could not be verified';
    return {
      ...base,
      verdict,
      message: `Pact interaction ${what} (${contract}): ${outcome.mismatches.join('; ')}`,
      expected: outcome.expected.length
        ? `the response of the contract: ${outcome.expected.join('; ')}`
        : 'the response of the contract',
      actual: outcome.mismatches.join('\n'),
    };
  });
}

/** What the run result needs besides the outcomes. */
export interface PactRunContext {
  readonly catalogue: Catalogue;
  readonly tool: RunManifest['tool'];
  readonly profile: RunManifest['profile'];
  readonly targets: Readonly<Record<string, string>>;
  readonly orgs: readonly string[];
  readonly specHashes: Readonly<Record<string, string>>;
  readonly startedAt: Date;
  readonly finishedAt: Date;
}

/** The principal an interaction is verified for. */
export const principalOf = (outcome: Pick<InteractionOutcome, 'file' | 'interaction'>) =>
  outcome.interaction.principal ?? outcome.file.family;

/** The scenario-like result of one interaction (reporters list them as runs). */
export function scenarioResultOf(outcome: InteractionOutcome): ScenarioResult {
  return {
    scenarioId: checkIdOf(outcome.interaction),
    title: outcome.interaction.description,
    principal: principalOf(outcome),
    verdict: outcome.verdict,
    durationMs: outcome.durationMs,
    ...(outcome.verdict === 'pass' ? {} : { reason: outcome.mismatches[0] ?? outcome.verdict }),
  };
}

/** The run result of a verification, as `run` produces one. */
export function pactRunResult(outcomes: readonly InteractionOutcome[], context: PactRunContext): RunResult {
  const checks = outcomes.flatMap((o) => checkResultsOf(o, context.catalogue, principalOf(o)));
  // A requirement every endpoint shares (GEN-BODY-SCHEMA, the one a contract naming none checks)
  // is shown under the endpoints the contracts called: a pact of one interaction must not read as
  // six endpoints verified in the reports' "by endpoint" table.
  const called = new Set(outcomes.map((o) => o.interaction.operation.operationId));
  const requirements = aggregateRequirements(context.catalogue, checks).map((r) => {
    const shown = r.operations.filter((operation) => called.has(operation));
    return shown.length > 0 && shown.length < r.operations.length ? { ...r, operations: shown } : r;
  });
  const totals: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const check of checks) totals[check.verdict] += 1;
  const scenarios = outcomes.map(scenarioResultOf);
  return {
    manifest: {
      tool: context.tool,
      startedAt: context.startedAt.toISOString(),
      finishedAt: context.finishedAt.toISOString(),
      durationMs: context.finishedAt.getTime() - context.startedAt.getTime(),
      profile: context.profile,
      targets: context.targets,
      orgs: context.orgs,
      specHashes: context.specHashes,
      seed: 0,
      filters: {},
      scenarioIds: scenarios.map((s) => s.scenarioId),
    },
    verdict: worstVerdict(requirements.map((r) => r.verdict).filter((v) => v !== 'skip')),
    exitCode: exitCodeOf(requirements),
    requirements,
    scenarios,
    exchanges: [],
    totals: { exchanges: outcomes.length, checks: totals },
  };
}
