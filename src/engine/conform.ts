import { readFileSync } from 'node:fs';
import { SUITES } from '../../suites/index.ts';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import { UNIVERSAL_CHECKS } from '../checks/index.ts';
import { toolError } from '../errors.ts';
import { notJudgeableOf, planRequirements } from '../plan/plan.ts';
import {
  assertRedactable,
  loadProfile,
  REFERENCE_PROFILE_PATH,
  secretsOf,
  targetOverrides,
} from '../profile/index.ts';
import type { Profile } from '../profile/types.ts';
import { type ReferenceServer, startReferenceServer } from '../reference/server.ts';
import { createValidators, loadDefaultSpecs, operationFamiliesOf, serverPathPrefix } from '../spec/index.ts';
import type { Capabilities } from './fixtures.ts';
import { checkReachable } from './preflight.ts';
import { type DocumentedCodes, probeTarget } from './probe.ts';
import { runConformance, type TargetClient } from './runner.ts';
import { loadScenarios } from './scenario-registry.ts';
import { assertKnownRequirements, nothingSelected, type SelectionOptions, selectsAny } from './selection.ts';
import { createTargetClient } from './target-client.ts';
import type { EvidenceKept, RunEvents, RunResult, Suite } from './types.ts';

/** Where the target is: a profile file, URL overrides, or neither (the embedded reference provider). */
export interface ConformOptions extends SelectionOptions {
  /** A target profile; default: `config/reference.yaml`. */
  readonly profilePath?: string | undefined;
  /** Base URL of the target: Capillary as is, fabric with its `/api` prefix added. */
  readonly target?: string | undefined;
  readonly capillaryUrl?: string | undefined;
  readonly fabricUrl?: string | undefined;
  /**
   * The dotenv file the caller loaded the environment from (the CLI's `--env-file`): recorded in
   * the manifest, so that the reports' `plan --profile` hint repeats it. `conform()` does not load it.
   */
  readonly envFile?: string | undefined;
  readonly seed?: number | undefined;
  readonly bail?: boolean | undefined;
  /** Which exchanges the result keeps (see `RunOptions.evidence`); default `failures`. */
  readonly evidence?: EvidenceKept | undefined;
  readonly events?: RunEvents | undefined;
  /** Scenario suites; default: every suite of `suites/`. */
  readonly suites?: readonly Suite[] | undefined;
  /** Called once the profile is known and before any request, e.g. to build reporters with its secrets. */
  readonly onProfile?: (profile: Profile, secrets: readonly string[]) => RunEvents | undefined;
  /**
   * Interrupts the run (see `RunOptions.signal`): the probe's requests and the scenarios' calls in
   * flight are cancelled, and the reports are still written, saying `LC_ERR_RUN_INTERRUPTED`. An
   * interrupt before the first scenario gives a result in which no scenario ran.
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * The target's capabilities, probed with the run's signal; undefined when the interrupt came
 * first (the run then starts no scenario, so nothing depends on them).
 */
async function probe(
  client: TargetClient,
  profile: Profile,
  signal: AbortSignal | undefined,
  documented: DocumentedCodes,
): Promise<Capabilities | undefined> {
  if (!signal) return probeTarget(client, profile, documented);
  if (signal.aborted) return undefined;
  const interruptible: TargetClient = {
    call: (operationId, principal, callOptions) => client.call(operationId, principal, callOptions, signal),
    redact: (text) => client.redact(text),
    close: () => client.close(),
  };
  try {
    return await probeTarget(interruptible, profile, documented);
  } catch (error) {
    if (signal.aborted) return undefined;
    throw error;
  }
}

/** The seed of a run when none is given. */
export const DEFAULT_SEED = 20261122;

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

/** Every option {@link conform} reads (a compile error when ConformOptions gains one not listed). */
const CONFORM_OPTIONS: Record<keyof ConformOptions, true> = {
  grep: true,
  tags: true,
  requirements: true,
  shard: true,
  allowMutations: true,
  profilePath: true,
  target: true,
  capillaryUrl: true,
  fabricUrl: true,
  envFile: true,
  seed: true,
  bail: true,
  evidence: true,
  events: true,
  suites: true,
  onProfile: true,
  signal: true,
};

/** Options a caller may mean by a name conform() does not read (the CLI's spelling). */
const MEANT: Readonly<Record<string, keyof ConformOptions>> = {
  profile: 'profilePath',
  tag: 'tags',
  requirement: 'requirements',
  capillaryBaseUrl: 'capillaryUrl',
  fabricBaseUrl: 'fabricUrl',
  url: 'target',
  baseUrl: 'target',
};

/**
 * An option conform() does not read is refused rather than ignored: from plain JavaScript,
 * `conform({ profile: 'staging.yaml' })` would otherwise judge the embedded reference provider
 * and resolve with exit code 0, as if the caller's target were conformant.
 */
function assertKnownOptions(options: object): void {
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(CONFORM_OPTIONS, key));
  if (unknown.length === 0) return;
  const named = unknown.map((key) => {
    const meant = MEANT[key];
    return meant ? `${key} (did you mean ${meant}?)` : key;
  });
  throw toolError('LC_ERR_CLI_USAGE', {
    reason: `conform(): unknown option${unknown.length > 1 ? 's' : ''} ${named.join(', ')}; it reads ${Object.keys(CONFORM_OPTIONS).join(', ')}`,
  });
}

/**
 * Runs the suites against a target. Without a profile or target URL it starts the embedded
 * reference provider (both orgs) and stops it afterwards.
 */
export async function conform(options: ConformOptions = {}): Promise<RunResult> {
  assertKnownOptions(options);
  const catalogue = loadCatalogue();
  assertKnownRequirements(options.requirements, catalogue);
  const scenarios = loadScenarios(options.suites ?? SUITES, catalogue);
  const registry = await loadDefaultSpecs();
  const validators = createValidators(registry);

  const overrides = targetOverrides(serverPathPrefix(registry, 'fabric'), options);

  let server: ReferenceServer | undefined;
  try {
    let profile: Profile;
    if (options.profilePath || overrides.capillaryBaseUrl || overrides.fabricBaseUrl) {
      // A TODO left in a profile would be sent to the target as a fixture: refuse it up front.
      profile = loadProfile(options.profilePath ?? REFERENCE_PROFILE_PATH, {
        overrides,
        rejectPlaceholders: true,
      });
    } else {
      server = await startReferenceServer();
      profile = loadProfile(REFERENCE_PROFILE_PATH, {
        overrides: { capillaryBaseUrl: server.capillaryBaseUrl, fabricBaseUrl: server.fabricBaseUrl },
      });
    }
    if (!selectsAny(scenarios, profile, options)) throw nothingSelected(options, scenarios, profile);
    assertRedactable(profile);
    await checkReachable(profile);
    const secrets = secretsOf(profile);
    const client = createTargetClient(profile, registry, secrets);
    try {
      const capabilities = await probe(
        client,
        profile,
        options.signal,
        (operationId) => new Set(registry.getOperation(operationId).errorCodes.map((e) => e.code)),
      );
      // What this profile, with the capabilities just probed, leaves the run unable to judge.
      const notJudgeable = notJudgeableOf(
        planRequirements({
          catalogue,
          scenarios,
          profile,
          universalRequirementIds: UNIVERSAL_CHECKS.map((c) => c.requirementId),
          selection: options,
          capabilities,
          operationFamilies: operationFamiliesOf(registry),
        }),
      );
      const events = options.onProfile?.(profile, secrets) ?? options.events;
      return await runConformance({
        ...(capabilities ? { capabilities } : {}),
        notJudgeable,
        ...options,
        profile,
        scenarios,
        catalogue,
        registry,
        validators,
        checks: UNIVERSAL_CHECKS,
        client,
        seed: options.seed ?? DEFAULT_SEED,
        ...(events ? { events } : {}),
        tool: { name: 'loyalty-conformance', version: packageVersion() },
        targets: {
          ...(profile.capillary ? { capillary: profile.capillary.baseUrl } : {}),
          ...(profile.fabric ? { fabric: profile.fabric.baseUrl } : {}),
        },
      });
    } finally {
      await client.close();
    }
  } finally {
    await server?.close();
  }
}
