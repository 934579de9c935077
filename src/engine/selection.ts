import type { Catalogue } from '../catalogue/catalogue.ts';
import { type LoyaltyConformanceError, toolError } from '../errors.ts';
import type { OrgProfile, Profile } from '../profile/types.ts';
import { namedCustomer, unreadableBalance } from './context.ts';
import {
  type Capabilities,
  describeMissing,
  lockKeysOf,
  type MissingNeed,
  missingNeeds,
} from './fixtures.ts';
import type { Applicability, FixtureNeed, Scenario } from './types.ts';

/** Filters and sharding of a run. */
export interface SelectionOptions {
  /** Substring or /regex/ matched against scenario ID and title. */
  readonly grep?: string | undefined;
  /** Scenarios with at least one of these tags (or suite names). */
  readonly tags?: readonly string[] | undefined;
  /** Scenarios verifying at least one of these requirement IDs. */
  readonly requirements?: readonly string[] | undefined;
  /** Run only the k-th of n deterministic slices (1-based). */
  readonly shard?: { readonly index: number; readonly total: number } | undefined;
  /**
   * The `--allow-mutations` flag: a production profile runs mutating scenarios only with it AND
   * `safety.allowMutations: true` (see {@link mutationsRefused}).
   */
  readonly allowMutations?: boolean | undefined;
}

/** One scenario for one principal (an org, or `fabric`), with its locks and its applicability. */
export interface ScenarioInstance {
  readonly scenario: Scenario;
  readonly principal: string;
  readonly org: OrgProfile | undefined;
  /** Fixtures it holds while it runs, per org. */
  readonly lockKeys: readonly string[];
  /** Set when the instance is skipped without running. */
  readonly skipReason?: string;
  /**
   * Why it is skipped: the profile's safety (`read-only`: a mutating scenario the profile or the
   * command line does not allow), the org's configuration (the rule does not apply), or needs the
   * profile or target lack (`missing` says what to add).
   */
  readonly skipKind?: 'read-only' | 'not-applicable' | 'missing';
  /** The needs that are missing, when `skipKind` is `missing`. */
  readonly missing?: readonly MissingNeed[];
  /** Set when its failures only warn (e.g. the org's configuration is unknown). */
  readonly warnOnly?: string;
  /** What the profile declares that its expectations rest on (`Applicability.premise`). */
  readonly premise?: string;
  /** Requirements it cannot judge for this principal (their `requirementNeeds` are missing), with what to add. */
  readonly unjudgeable: ReadonlyMap<string, readonly MissingNeed[]>;
}

const matcher = (grep: string): ((text: string) => boolean) => {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(grep);
  if (regex) {
    let re: RegExp;
    try {
      re = new RegExp(regex[1]!, regex[2]);
    } catch (error) {
      throw toolError('LC_ERR_CLI_USAGE', {
        reason: `--grep ${grep} is not a valid regular expression: ${(error as Error).message}`,
      });
    }
    return (text) => re.test(text);
  }
  const needle = grep.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
};

/**
 * Why the profile's safety keeps mutating scenarios from running, or undefined when they may run.
 * `safety.allowMutations: false` holds in every environment; a production profile also needs the
 * command line's consent: `safety.allowMutations: true` AND `--allow-mutations`, either alone is
 * not enough (the reason names what is missing).
 */
export function mutationsRefused(profile: Profile, options: SelectionOptions): string | undefined {
  const inProfile = profile.safety.allowMutations;
  if (profile.environment !== 'production') {
    return inProfile ? undefined : 'safety.allowMutations is false: mutating scenario not run';
  }
  const flag = options.allowMutations === true;
  if (inProfile && flag) return undefined;
  const missing =
    !inProfile && !flag
      ? 'safety.allowMutations: true in the profile and --allow-mutations are missing'
      : !inProfile
        ? 'safety.allowMutations: true in the profile is missing (--allow-mutations alone is not enough)'
        : '--allow-mutations is missing (safety.allowMutations: true alone is not enough)';
  return `production profile: mutating scenario not run: ${missing}`;
}

/** Whether the profile declares the API family of a scenario. */
const declaresFamily = (profile: Pick<Profile, 'capillary' | 'fabric'>, scenario: Scenario): boolean =>
  Boolean(scenario.family === 'fabric' ? profile.fabric : profile.capillary);

/**
 * The scenarios the filters and the shard pick, in registry order. With a profile, the shard
 * slices the scenarios of the API families it declares only, so that n shards of a one-family
 * profile are n parts (the other family's scenarios would run nowhere).
 */
export function filterScenarios(
  scenarios: readonly Scenario[],
  options: SelectionOptions,
  profile?: Pick<Profile, 'capillary' | 'fabric'>,
): Scenario[] {
  const grep = options.grep ? matcher(options.grep) : undefined;
  let chosen = scenarios.filter(
    (s) =>
      (!grep || grep(s.id) || grep(s.title)) &&
      (!options.tags?.length ||
        s.tags.some((t) => options.tags!.includes(t)) ||
        options.tags.includes(s.id.split('.')[0]!)) &&
      (!options.requirements?.length || s.requirements.some((r) => options.requirements!.includes(r))),
  );
  if (options.shard) {
    const { index, total } = options.shard;
    // Sharded by position in the registry order, so every shard of every machine agrees.
    if (profile) chosen = chosen.filter((s) => declaresFamily(profile, s));
    chosen = chosen.filter((_, i) => i % total === index - 1);
  }
  return chosen;
}

/**
 * The customers of `needs` whose balance a run cannot read ({@link unreadableBalance}), each as
 * the need it meets with what to add: a scenario reading their balance would skip when it did.
 */
function unreadableCustomers(
  needs: readonly FixtureNeed[],
  principal: string,
  org: OrgProfile | undefined,
): MissingNeed[] {
  const seen = new Set<string>();
  const prefix = `${principal}:customer:`;
  return needs.flatMap((need) =>
    lockKeysOf([need], principal, org).flatMap((lock) => {
      const key = lock.startsWith(prefix) ? lock.slice(prefix.length) : undefined;
      if (key === undefined || seen.has(key)) return [];
      seen.add(key);
      const customer = namedCustomer(org, key);
      const unreadable = customer && unreadableBalance(org, customer);
      return unreadable ? [{ need, ...unreadable }] : [];
    }),
  );
}

/**
 * Picks the scenarios of a run and expands them over the profile's orgs, in a stable order. A
 * scenario whose fixtures the profile (or the target's capabilities) lacks is skipped with what to
 * add; `capabilities` is undefined before the target was probed (the `plan` command).
 */
export function selectScenarios(
  scenarios: readonly Scenario[],
  profile: Profile,
  options: SelectionOptions,
  capabilities?: Capabilities,
): ScenarioInstance[] {
  const chosen = filterScenarios(scenarios, options, profile);
  const refused = mutationsRefused(profile, options);
  const instances: ScenarioInstance[] = [];
  const overdrawing = new Set<ScenarioInstance>();
  for (const scenario of chosen) {
    const principals: { principal: string; org: OrgProfile | undefined }[] =
      scenario.family === 'fabric'
        ? profile.fabric
          ? [{ principal: 'fabric', org: undefined }]
          : []
        : (profile.capillary?.orgs ?? []).map((org) => ({ principal: org.id, org }));
    for (const { principal, org } of principals) {
      const allNeeds = [...scenario.fixtures, ...Object.values(scenario.requirementNeeds ?? {}).flat()];
      const lockKeys = lockKeysOf(allNeeds as FixtureNeed[], principal, org);
      let skipReason: string | undefined;
      let skipKind: ScenarioInstance['skipKind'];
      let warnOnly: string | undefined;
      let premise: string | undefined;
      const gaps = missingNeeds(scenario.fixtures, org, profile, capabilities);
      if (gaps.length === 0 && scenario.usesBalanceLookup !== false) {
        gaps.push(...unreadableCustomers(scenario.fixtures, principal, org));
      }
      const applicability: Applicability =
        org && scenario.appliesTo ? scenario.appliesTo(org, profile) : { run: true };
      if (refused && scenario.mutates) {
        skipReason = refused;
        skipKind = 'read-only';
      } else if (!applicability.run) {
        skipReason = applicability.reason;
        skipKind = 'not-applicable';
      } else if (gaps.length > 0) {
        skipReason = describeMissing(gaps);
        skipKind = 'missing';
      } else {
        warnOnly = applicability.warnOnly;
        premise = applicability.premise;
      }
      const overdraws = applicability.run && applicability.overdraws === true;
      const unjudgeable = new Map<string, readonly MissingNeed[]>();
      for (const [requirementId, needs] of Object.entries(scenario.requirementNeeds ?? {})) {
        const missing = missingNeeds(needs ?? [], org, profile, capabilities);
        if (missing.length > 0) unjudgeable.set(requirementId, missing);
      }
      instances.push({
        scenario,
        principal,
        org,
        lockKeys,
        unjudgeable,
        ...(skipReason ? { skipReason } : {}),
        ...(skipKind ? { skipKind } : {}),
        ...(skipKind === 'missing' ? { missing: gaps } : {}),
        ...(warnOnly ? { warnOnly } : {}),
        ...(premise ? { premise } : {}),
      });
      if (warnOnly && overdraws) overdrawing.add(instances.at(-1)!);
    }
  }
  // A profile that leaves negative balance on return unknown has both branches probed, and a
  // deduction past the balance may succeed: run those probes after the other scenarios sharing
  // their customer, which would otherwise find it below zero and skip (listed order is run order
  // for instances sharing a fixture), and the probes that take it below zero last of all.
  const probes = instances.filter((i) => i.warnOnly && i.scenario.mutates);
  if (probes.length === 0) return instances;
  return [
    ...instances.filter((i) => !probes.includes(i)),
    ...probes.filter((i) => !overdrawing.has(i)),
    ...probes.filter((i) => overdrawing.has(i)),
  ];
}

/**
 * Whether {@link selectScenarios} would give any instance: one per principal of each scenario
 * the filters pick, none dropped, so this needs neither the fixtures nor the skips it works out.
 */
export function selectsAny(
  scenarios: readonly Scenario[],
  profile: Profile,
  options: SelectionOptions,
): boolean {
  return filterScenarios(scenarios, options, profile).some((scenario) =>
    scenario.family === 'fabric' ? Boolean(profile.fabric) : (profile.capillary?.orgs.length ?? 0) > 0,
  );
}

/**
 * Refuses requirement IDs the catalogue does not have (a typo in `--requirement`): one unknown ID
 * beside known ones would otherwise be dropped without a word, and the run would look as if it
 * had judged it.
 */
export function assertKnownRequirements(ids: readonly string[] | undefined, catalogue: Catalogue): void {
  const unknown = (ids ?? []).filter((id) => !catalogue.get(id));
  if (unknown.length > 0) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--requirement ${unknown.join(', ')}: not in the catalogue (see loyalty-conformance list)`,
    });
  }
}

/**
 * The tool error of a selection that picks nothing (exit 2): a CI gate whose filters select no
 * scenario must not pass. Names the filters, and requirement IDs no scenario verifies.
 */
export function nothingSelected(
  options: SelectionOptions,
  scenarios: readonly Scenario[],
  profile: Profile,
): LoyaltyConformanceError {
  const filters = [
    options.grep ? `--grep ${options.grep}` : '',
    options.tags?.length ? `--tag ${options.tags.join(' ')}` : '',
    options.requirements?.length ? `--requirement ${options.requirements.join(' ')}` : '',
    options.shard ? `--shard ${options.shard.index}/${options.shard.total}` : '',
  ].filter(Boolean);
  const verified = new Set(scenarios.flatMap((s) => s.requirements));
  const unknown = (options.requirements ?? []).filter((id) => !verified.has(id));
  const families = [profile.capillary ? 'capillary' : '', profile.fabric ? 'fabric' : ''].filter(Boolean);
  // More shards than the other filters leave scenarios: say so, and how many shards would do.
  const unsharded = options.shard
    ? filterScenarios(scenarios, { ...options, shard: undefined }).filter((s) => declaresFamily(profile, s))
    : [];
  const tooManyShards =
    options.shard && unsharded.length > 0 && unsharded.length < options.shard.total
      ? `: the run has ${unsharded.length} ${unsharded.length === 1 ? 'scenario' : 'scenarios'}, fewer than ${options.shard.total} shards (give at most ${unsharded.length})`
      : '';
  return toolError('LC_ERR_NOTHING_SELECTED', {
    reason:
      `no scenario of profile ${profile.name} (${families.join(' and ') || 'no API family'}) matches ${filters.join(' and ') || 'the run'}` +
      tooManyShards +
      (filters.length > 1 ? ' (filters combine: a scenario must match all of them)' : '') +
      (unknown.length ? `; no scenario verifies ${unknown.join(', ')}` : ''),
  });
}
