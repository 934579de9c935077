import { readFileSync } from 'node:fs';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import { checkReachable } from '../engine/preflight.ts';
import { probeTarget } from '../engine/probe.ts';
import type { TargetClient } from '../engine/runner.ts';
import { createTargetClient } from '../engine/target-client.ts';
import type { RunEvents, RunResult } from '../engine/types.ts';
import { isToolError, toolError } from '../errors.ts';
import { loadProfile, REFERENCE_PROFILE_PATH, secretsOf, targetOverrides } from '../profile/index.ts';
import type { Profile } from '../profile/types.ts';
import type { AdminStateParams } from '../reference/admin-state.ts';
import { ADMIN_PREFIX, type ReferenceServer, startReferenceServer } from '../reference/server.ts';
import { loadDefaultSpecs, type SpecRegistry, serverPathPrefix } from '../spec/index.ts';
import { createCredentialFilter } from './credentials.ts';
import {
  brokerCredentialsInEnv,
  findPactFiles,
  isPactUrl,
  type PactFile,
  type PactInteraction,
  readPactSource,
} from './pact-file.ts';
import { loadPact } from './pact-lib.ts';
import {
  checkResultsOf,
  type InteractionOutcome,
  outcomesOf,
  pactRunResult,
  principalOf,
  type StateFailure,
  scenarioResultOf,
  type VerifierReport,
  withStateFailures,
} from './results.ts';
import {
  type JsonValue,
  parseState,
  type ResolvedState,
  resolveState,
  STATE_FORMS,
  StateProblem,
} from './states.ts';
import { arrangeOnTarget, StateUnmet } from './target-states.ts';
import { withVerifierProcess } from './verifier-process.ts';

/** Options of {@link verifyPacts}. */
export interface PactVerifyOptions {
  /** Pact files, or folders of them. */
  readonly pacts: readonly string[];
  /** A target profile; without it (and without URLs) the embedded reference provider is started. */
  readonly profilePath?: string;
  /** Base URL of the target: Capillary as is, fabric with its `/api` prefix added. */
  readonly target?: string;
  readonly capillaryUrl?: string;
  readonly fabricUrl?: string;
  /** Engine events (reporters): one scenario run per interaction, one check per requirement. */
  readonly events?: RunEvents;
  /** Called once the profile is known and before any request, e.g. to build reporters with its secrets. */
  readonly onProfile?: (profile: Profile, secrets: readonly string[]) => RunEvents | undefined;
  /** As `run --allow-mutations`: a production profile that allows mutations may replay mutating interactions. */
  readonly allowMutations?: boolean;
  /** Pact's own log level; default `error`. */
  readonly logLevel?: 'trace' | 'debug' | 'info' | 'warn' | 'error' | undefined;
  /** The version of the provider (the target) verified, as the broker should know it (Pact's `providerVersion`). */
  readonly providerVersion?: string | undefined;
  /** The branch of that version (Pact's `providerVersionBranch`). */
  readonly providerBranch?: string | undefined;
  /**
   * The Pact Broker the pacts come from (`pacts` are then its pact URLs, read with
   * `PACT_BROKER_TOKEN`, or `PACT_BROKER_USERNAME` and `PACT_BROKER_PASSWORD`).
   */
  readonly brokerUrl?: string | undefined;
  /**
   * Publish the verification results to {@link brokerUrl}: needs `providerVersion`, broker
   * credentials in the environment and every pact given as a URL of that broker (the verifier
   * publishes each result to the link the broker put in its pact; a local file has none). Never
   * by default: without it nothing is published, whatever `PACT_BROKER_PUBLISH_VERIFICATION_RESULTS` says.
   */
  readonly publish?: boolean | undefined;
  /**
   * Keep the ANSI colours of the verifier's progress output. Default: as the console reporter
   * (picocolors: off with `NO_COLOR`, or when stdout is not a terminal outside CI).
   */
  readonly colour?: boolean | undefined;
}

/** A state-change call: what the verifier's state handler does for one named state. */
type StateHandler = { setup: (params?: unknown) => Promise<Record<string, JsonValue>> };

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

/**
 * Verifies pact files against a target with the Pact verifier and returns the result as a
 * conformance run. Every file and every provider state is checked against the profile before any
 * request is sent (`LC_ERR_PACT_INVALID`, `LC_ERR_PACT_STATE_UNKNOWN`). On a reference target,
 * each interaction starts from a reset dataset and its states are set through
 * `POST /__reference/state`. On other targets nothing can be set: a state is checked through the
 * vendor operations (what a deduction needed of the balance), and an interaction whose state does
 * not hold there is skipped. Everywhere, requests take fixture values from the target's profile
 * (`fromProviderState`) and its credentials (request filter).
 */
export async function verifyPacts(options: PactVerifyOptions): Promise<RunResult> {
  const startedAt = new Date();
  checkPublishing(options);
  // Before anything else: without Pact installed, fail at once (not after starting a server).
  const pact = await loadPact('pact verify');
  const catalogue = loadCatalogue();
  const registry = await loadDefaultSpecs();
  const files: PactFile[] = [];
  for (const source of findPactFiles(options.pacts)) files.push(await readPactSource(source, registry));
  for (const file of files) {
    for (const interaction of file.interactions) {
      const unknown = interaction.requirements.find((id) => !catalogue.requirements.some((r) => r.id === id));
      if (unknown) {
        throw toolError('LC_ERR_PACT_INVALID', {
          path: file.path,
          reason: `interaction "${interaction.description}" names requirement ${unknown}, which the catalogue does not know`,
        });
      }
    }
  }

  let server: ReferenceServer | undefined;
  let client: TargetClient | undefined;
  try {
    const embedded = !options.profilePath && !options.target && !options.capillaryUrl && !options.fabricUrl;
    if (embedded) server = await startReferenceServer();
    const profile = loadTargetProfile(options, registry, server);
    refuseUnsafeReplay(files, profile, options.allowMutations === true);
    const baseUrls = files.map((file) => {
      const baseUrl = baseUrlFor(file, profile);
      refuseProfileTls(file, profile, baseUrl);
      return baseUrl;
    });
    const principals = files.map((file) => checkStates(file, profile));
    await checkReachable(profile);

    const secrets = secretsOf(profile);
    // As run does before any scenario: credentials the target refuses (or fixture customers it does
    // not know) end the command with LC_ERR_AUTH_REJECTED (or LC_ERR_PROFILE_FIXTURE_UNKNOWN), exit 2,
    // instead of every interaction failing as if the target broke the contract (exit 1).
    client = createTargetClient(profile, registry, secrets);
    await probeTarget(client, profile);
    const events = options.onProfile?.(profile, secrets) ?? options.events;
    const outcomes: InteractionOutcome[] = [];
    const total = files.reduce((n, f) => n + f.interactions.length, 0);
    events?.onRunStart?.({ scenarioCount: total, manifest: { profile: profileInfo(profile) } });
    const adminUrl = profile.environment === 'reference' ? adminUrlOf(profile) : undefined;
    // Elsewhere states are checked (and bills unlocked) through the vendor operations.
    const target = client;
    const setUp: StateSetUp = async (name, resolved) => {
      if (adminUrl) {
        for (const action of resolved.referenceActions)
          await admin(adminUrl, '/state', { state: name, params: action });
      } else {
        for (const action of resolved.targetActions ?? []) await arrangeOnTarget(action, target, profile);
      }
    };
    for (const [index, file] of files.entries()) {
      const failures: StateFailure[][] = [];
      const report = await runVerifier(pact, options, {
        providerBaseUrl: baseUrls[index] as string,
        pactUrls: [file.path],
        logLevel: options.logLevel ?? 'error',
        ...(options.providerVersion ? { providerVersion: options.providerVersion } : {}),
        ...(options.providerBranch ? { providerVersionBranch: options.providerBranch } : {}),
        ...(options.publish ? { publishVerificationResult: true } : {}),
        stateHandlers: stateHandlers(file, profile, setUp, failures) as never,
        // Runs before the first state set-up of each interaction that has states.
        beforeEach: async () => {
          failures.push([]);
          if (adminUrl) await recordFailure(failures, 'reset', () => admin(adminUrl, '/reset', {}));
        },
        requestFilter: createCredentialFilter(profile, principals[index]) as never,
      });
      for (const outcome of withStateFailures(outcomesOf(file, report), report, failures)) {
        outcomes.push(outcome);
        const principal = principalOf(outcome);
        events?.onScenarioStart?.({ scenarioId: `pact.${outcome.interaction.description}`, principal });
        for (const check of checkResultsOf(outcome, catalogue, principal)) events?.onCheckResult?.(check);
        events?.onScenarioEnd?.(scenarioResultOf(outcome));
      }
    }
    const result = pactRunResult(outcomes, {
      catalogue,
      tool: { name: 'loyalty-conformance', version: packageVersion() },
      profile: profileInfo(profile),
      targets: {
        ...(profile.capillary ? { capillary: profile.capillary.baseUrl } : {}),
        ...(profile.fabric ? { fabric: profile.fabric.baseUrl } : {}),
      },
      orgs: profile.capillary?.orgs.map((o) => o.id) ?? [],
      specHashes: registry.specHashes,
      startedAt,
      finishedAt: new Date(),
    });
    await events?.onRunEnd?.(result);
    return result;
  } finally {
    await client?.close();
    await server?.close();
  }
}

function profileInfo(profile: Profile) {
  return { name: profile.name, environment: profile.environment, source: profile.source };
}

function loadTargetProfile(
  options: PactVerifyOptions,
  registry: SpecRegistry,
  server: ReferenceServer | undefined,
) {
  if (server) {
    return loadProfile(REFERENCE_PROFILE_PATH, {
      overrides: { capillaryBaseUrl: server.capillaryBaseUrl, fabricBaseUrl: server.fabricBaseUrl },
    });
  }
  return loadProfile(options.profilePath ?? REFERENCE_PROFILE_PATH, {
    rejectPlaceholders: true,
    overrides: targetOverrides(serverPathPrefix(registry, 'fabric'), options),
  });
}

/**
 * The verifier replays every interaction of a file, so a pact with mutating interactions (a
 * deduction, an unlock, an adjustment) is refused outright where `run` would not mutate: a profile
 * with `safety.allowMutations: false`, or production without `--allow-mutations` as well.
 */
function refuseUnsafeReplay(files: readonly PactFile[], profile: Profile, allowMutations: boolean): void {
  const allowed = profile.safety.allowMutations && (profile.environment !== 'production' || allowMutations);
  if (allowed) return;
  const mutating = files.flatMap((file) =>
    file.interactions.filter((i) => i.method.toUpperCase() !== 'GET').map(() => file.path),
  );
  if (mutating.length === 0) return;
  throw toolError('LC_ERR_PACT_UNSAFE', {
    count: String(mutating.length),
    path: mutating[0] ?? '',
    reason: profile.safety.allowMutations
      ? 'the profile is production: add --allow-mutations to replay them'
      : 'the profile says safety.allowMutations: false',
  });
}

/**
 * The Pact verifier connects to the provider itself, without the client of `run`: a family's
 * `tls` (an extra CA, a client certificate) would be silently left out, and the verifier's TLS
 * failure would read as the provider's. Refused before anything is sent.
 */
function refuseProfileTls(file: PactFile, profile: Profile, baseUrl: string): void {
  if (!baseUrl.startsWith('https:')) return;
  const tls = file.family === 'fabric' ? profile.fabric?.tls : profile.capillary?.tls;
  const fields = (['ca', 'cert', 'key'] as const).filter((field) => tls?.[field] !== undefined);
  if (fields.length === 0) return;
  throw toolError('LC_ERR_PACT_TLS', {
    path: file.path,
    field: fields.map((field) => `${file.family}.tls.${field}`).join(', '),
  });
}

/** The base URL of the API family a file's interactions call. */
function baseUrlFor(file: PactFile, profile: Profile): string {
  const baseUrl = file.family === 'fabric' ? profile.fabric?.baseUrl : profile.capillary?.baseUrl;
  if (!baseUrl) {
    throw toolError('LC_ERR_PACT_INVALID', {
      path: file.path,
      reason: `its interactions call the ${file.family} API, for which the profile gives no base URL`,
    });
  }
  return baseUrl;
}

/**
 * Checks every interaction of a file against the profile before anything is sent: its principal,
 * each state (known to the vocabulary, its fixtures declared by the profile) and every value its
 * request takes from a state. Returns the principal requests without `X-LC-Principal` act for.
 */
function checkStates(file: PactFile, profile: Profile): string | undefined {
  const fail = (interaction: PactInteraction, state: string, reason: string) =>
    toolError('LC_ERR_PACT_STATE_UNKNOWN', {
      path: file.path,
      interaction: interaction.description,
      state,
      reason,
    });
  let fallback: string | undefined = file.family === 'fabric' ? 'fabric' : undefined;
  for (const interaction of file.interactions) {
    const values: Record<string, JsonValue> = {};
    for (const named of interaction.states) {
      const state = parseState(named);
      if (!state)
        throw fail(
          interaction,
          named.name,
          `is not a state this suite can set up (known forms: ${STATE_FORMS})`,
        );
      try {
        Object.assign(values, resolveState(state, profile).values);
      } catch (error) {
        if (error instanceof StateProblem) throw fail(interaction, named.name, error.message);
        throw error;
      }
      if (state.kind !== 'fabric' && 'org' in state) fallback ??= state.org;
    }
    const principal = interaction.principal ?? fallback;
    const knownPrincipal =
      principal === 'fabric'
        ? Boolean(profile.fabric)
        : profile.capillary?.orgs.some((o) => o.id === principal);
    if (!principal || !knownPrincipal) {
      throw fail(
        interaction,
        interaction.states.map((s) => s.name).join(' + ') || '(none)',
        principal
          ? `is for principal ${principal}, which the profile does not declare`
          : 'names no org: give the request an X-LC-Principal header or a state naming the org',
      );
    }
    const missing = interaction.expressions.find((key) => !(key in values));
    if (missing) {
      throw fail(
        interaction,
        interaction.states.map((s) => s.name).join(' + ') || '(none)',
        `provides no value for \${${missing}}, which the request takes from a provider state`,
      );
    }
  }
  return fallback;
}

/** Puts the target into a state (reference: the admin route; elsewhere: checks through the API). */
type StateSetUp = (name: string, resolved: ResolvedState) => Promise<void>;

/**
 * State handlers for every state name of a file; each parses its name and parameters at call
 * time. A set-up that fails is recorded for the interaction under way (Pact's proxy would only log
 * it and verify the interaction anyway), so that it is reported as not judged.
 */
function stateHandlers(
  file: PactFile,
  profile: Profile,
  setUp: StateSetUp,
  failures: StateFailure[][],
): Record<string, StateHandler> {
  const names = new Set(file.interactions.flatMap((i) => i.states.map((s) => s.name)));
  return Object.fromEntries(
    [...names].map((name) => [
      name,
      {
        setup: async (params?: unknown) => {
          const state = parseState({ name, params: (params ?? {}) as Record<string, JsonValue> });
          if (!state) {
            await recordFailure(failures, name, async () => {
              throw new Error('not a state of the vocabulary');
            });
            return {};
          }
          const resolved = resolveState(state, profile);
          await recordFailure(failures, name, () => setUp(name, resolved));
          return resolved.values;
        },
      },
    ]),
  );
}

/** Runs a set-up step; a failure is added to the current interaction's list instead of thrown. */
async function recordFailure(
  failures: StateFailure[][],
  what: string,
  step: () => Promise<void>,
): Promise<void> {
  try {
    await step();
  } catch (error) {
    if (failures.length === 0) failures.push([]);
    const unmet = error instanceof StateUnmet;
    failures[failures.length - 1]?.push({
      verdict: unmet ? 'skip' : 'error',
      message: `provider state "${what}" ${unmet ? 'does not hold on this target' : 'could not be set up'}: ${(error as Error).message}`,
    });
  }
}

function adminUrlOf(profile: Profile): string {
  const base = profile.capillary?.baseUrl ?? profile.fabric?.baseUrl;
  return `${new URL(base as string).origin}${ADMIN_PREFIX}`;
}

/** Calls an admin route of the reference provider; a refusal fails the state set-up. */
async function admin(
  adminUrl: string,
  path: string,
  body: { state?: string; params?: AdminStateParams } | object,
): Promise<void> {
  const response = await fetch(`${adminUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${ADMIN_PREFIX}${path} answered ${response.status}: ${text}`);
}

/**
 * What publishing needs, checked before anything is read or sent: a broker, the provider version,
 * credentials for the broker, and every pact from that broker.
 */
function checkPublishing(options: PactVerifyOptions): void {
  const usage = (reason: string) => toolError('LC_ERR_CLI_USAGE', { reason });
  const broker = options.brokerUrl;
  if (broker !== undefined && !isPactUrl(broker)) {
    throw usage(`--broker-url must be an http(s) URL, got "${broker}"`);
  }
  if (!options.publish) return;
  if (!broker) throw usage('--publish needs --broker-url <url>: the Pact Broker the results go to');
  if (!options.providerVersion) {
    throw usage(
      '--publish needs --provider-version <version>: the version of the target the results are for',
    );
  }
  if (!brokerCredentialsInEnv()) {
    throw usage(
      '--publish needs the broker credentials in the environment: PACT_BROKER_TOKEN (or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD)',
    );
  }
  const base = broker.replace(/\/+$/, '');
  const foreign = options.pacts.find((pact) => !isPactUrl(pact) || !pact.startsWith(`${base}/`));
  if (foreign !== undefined) {
    throw usage(
      `--publish needs every pact from the broker ${base} (give --pact its pact URLs; a local file carries no link to publish its results to), got "${foreign}"`,
    );
  }
}

/**
 * Runs the Pact verifier (its native part in a child process, see verifier-process.ts); its
 * report comes back whether the verification passed or failed.
 */
async function runVerifier(
  pact: Awaited<ReturnType<typeof loadPact>>,
  verifyOptions: PactVerifyOptions,
  options: ConstructorParameters<Awaited<ReturnType<typeof loadPact>>['Verifier']>[0],
): Promise<VerifierReport> {
  let text: string;
  try {
    text = await withVerifierProcess(
      {
        publish: verifyOptions.publish === true,
        ...(verifyOptions.colour !== undefined ? { colour: verifyOptions.colour } : {}),
      },
      () => new pact.Verifier(options).verifyProvider(),
    );
  } catch (error) {
    if (isToolError(error)) throw error;
    text = (error as Error).message;
  }
  try {
    return JSON.parse(text) as VerifierReport;
  } catch {
    throw toolError('LC_ERR_PACT_VERIFIER', { reason: text.slice(0, 500) });
  }
}
