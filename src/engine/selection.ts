import { toolError } from '../errors.ts';
import type { OrgProfile, Profile } from '../profile/types.ts';
import type { Scenario } from './types.ts';

/** Filters and sharding of a run. */
export interface SelectionOptions {
  /** Substring or /regex/ matched against scenario ID and title. */
  readonly grep?: string;
  /** Scenarios with at least one of these tags (or suite names). */
  readonly tags?: readonly string[];
  /** Scenarios verifying at least one of these requirement IDs. */
  readonly requirements?: readonly string[];
  /** Run only the k-th of n deterministic slices (1-based). */
  readonly shard?: { readonly index: number; readonly total: number };
  /** Run mutating scenarios even on a production profile. */
  readonly allowMutations?: boolean;
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
  /** Set when its failures only warn (e.g. the org's configuration is unknown). */
  readonly warnOnly?: string;
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

/** Picks the scenarios of a run and expands them over the profile's orgs, in a stable order. */
export function selectScenarios(
  scenarios: readonly Scenario[],
  profile: Profile,
  options: SelectionOptions,
): ScenarioInstance[] {
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
    chosen = chosen.filter((_, i) => i % total === index - 1);
  }
  const readOnly =
    profile.environment === 'production' && !profile.safety.allowMutations && !options.allowMutations;
  const instances: ScenarioInstance[] = [];
  for (const scenario of chosen) {
    const principals: { principal: string; org: OrgProfile | undefined }[] =
      scenario.family === 'fabric'
        ? profile.fabric
          ? [{ principal: 'fabric', org: undefined }]
          : []
        : (profile.capillary?.orgs ?? []).map((org) => ({ principal: org.id, org }));
    for (const { principal, org } of principals) {
      const lockKeys = lockKeysOf(scenario, principal, org);
      let skipReason: string | undefined;
      let warnOnly: string | undefined;
      if (readOnly && scenario.mutates) {
        skipReason = 'production profile: mutating scenario not run (use --allow-mutations)';
      } else if (org && scenario.appliesTo) {
        const applicability = scenario.appliesTo(org, profile);
        if (!applicability.run) skipReason = applicability.reason;
        else warnOnly = applicability.warnOnly;
      }
      instances.push({
        scenario,
        principal,
        org,
        lockKeys,
        ...(skipReason ? { skipReason } : {}),
        ...(warnOnly ? { warnOnly } : {}),
      });
    }
  }
  return instances;
}

/**
 * What a scenario holds while it runs: the customers (and bills) its fixtures resolve to, not the
 * role names, since one customer may play several roles and an unlock changes its balance too.
 */
function lockKeysOf(scenario: Scenario, principal: string, org: OrgProfile | undefined): string[] {
  const keys = new Set<string>();
  const roles = (org?.fixtures.roles ?? {}) as Record<string, string | string[] | undefined>;
  for (const need of scenario.fixtures) {
    if (need === 'member') keys.add('fabric:member');
    const role = roles[need];
    for (const customer of Array.isArray(role) ? role : role ? [role] : [])
      keys.add(`${principal}:customer:${customer}`);
    if (need.startsWith('bill')) {
      const bill = org?.fixtures.bills?.[need];
      keys.add(`${principal}:bill:${need}`);
      if (bill) keys.add(`${principal}:customer:${bill.customer}`);
      // Without an explicit bill of that name the bill is chosen by shape: hold every bill's customer.
      if (!bill)
        for (const b of Object.values(org?.fixtures.bills ?? {}))
          keys.add(`${principal}:customer:${b.customer}`);
    }
  }
  return [...keys];
}
