import type { Catalogue, Requirement, RequirementLevel } from '../catalogue/catalogue.ts';
import { namedCustomer, unreadableBalance } from '../engine/context.ts';
import { type Capabilities, decidedAtRunStart, type MissingNeed, missingNeeds } from '../engine/fixtures.ts';
import {
  filterScenarios,
  type ScenarioInstance,
  type SelectionOptions,
  selectScenarios,
} from '../engine/selection.ts';
import type { FixtureNeed, RunResult, Scenario } from '../engine/types.ts';
import type { Profile } from '../profile/types.ts';

/**
 * What a profile lets the suite judge, per requirement of the catalogue and per principal (an org,
 * or `fabric`), and what to add for what it cannot: read from the scenario selection alone, no
 * request ever sent. `plan` prints it; a run counts the requirements it cannot judge.
 */

// --- the plan's types ---

/**
 * What a profile lets the suite do with one requirement for one principal:
 * - `judgeable`: a scenario that judges it runs;
 * - `judgeable-if-probed`: only if the target has the fabric member inquiry, which the run probes
 *   when it starts (`fabric.memberInquiry: auto`);
 * - `not-applicable`: the org's configuration makes the rule moot (e.g. the other branch of
 *   negative balance);
 * - `read-only`: only mutating scenarios judge it and the profile is a production one;
 * - `not-judgeable`: the profile (or the target) lacks something; `options` says what to add.
 */
export type PrincipalStatus =
  | 'judgeable'
  | 'judgeable-if-probed'
  | 'not-applicable'
  | 'read-only'
  | 'not-judgeable';

/**
 * A requirement's status over its principals (the best of them), or why no profile can help:
 * `untestable` (catalogue `blackBox: false`) or `uncovered` (no scenario or universal check verifies it).
 */
export type RequirementStatus = PrincipalStatus | 'untestable' | 'uncovered';

/** Every requirement status, in the order reports count them. */
export const REQUIREMENT_STATUSES: readonly RequirementStatus[] = [
  'judgeable',
  'judgeable-if-probed',
  'not-judgeable',
  'not-applicable',
  'read-only',
  'untestable',
  'uncovered',
];

/** One thing to add: the need it meets (`section` for an API family the profile lacks), why it is missing, what to add. */
export interface PlanNeed {
  readonly need: FixtureNeed | 'section';
  readonly reason: string;
  readonly add: string;
}

/** A requirement for one principal. */
export interface PrincipalPlan {
  /** The org ID, or `fabric` (or the family's name when the profile has no section for it). */
  readonly principal: string;
  readonly status: PrincipalStatus;
  /** Why: the condition of `judgeable-if-probed`, the skip reason of `not-applicable` and `read-only`. */
  readonly reason?: string;
  /**
   * Ways to make it judgeable, cheapest first: each one a scenario's gap (all its needs are
   * needed together); any one of them is enough. Empty unless `not-judgeable` or `judgeable-if-probed`.
   */
  readonly options: readonly (readonly PlanNeed[])[];
  /** The distinct `add` texts of `options`, cheapest option first. */
  readonly add: readonly string[];
}

/** One requirement of the catalogue, as this profile lets the suite judge it. */
export interface RequirementPlan {
  readonly id: string;
  readonly title: string;
  readonly level: RequirementLevel;
  /** The best status of its principals, or `untestable` / `uncovered`. */
  readonly status: RequirementStatus;
  /** Why it is `untestable` or `uncovered` (or why no principal is left to judge it for). */
  readonly reason?: string;
  /** Per principal it concerns (fabric operations: `fabric`; the others: every org), in profile order. */
  readonly principals: readonly PrincipalPlan[];
}

/**
 * A declared customer whose balance the run cannot read (under dual eligibility, one without the
 * org's primary identifier): the scenarios that read it skip. Names the customer by its profile
 * key, never an identifier's value.
 */
export interface PlanWarning {
  /** The org ID. */
  readonly principal: string;
  /** The customer's key in `fixtures.customers`. */
  readonly customer: string;
  readonly reason: string;
  /** What to add to the profile. */
  readonly add: string;
}

/** What a profile lets the suite judge: per requirement, and how many requirements have each status. */
export interface Plan {
  readonly profile: { readonly name: string; readonly source: string };
  readonly requirements: readonly RequirementPlan[];
  readonly totals: Readonly<Record<RequirementStatus, number>>;
  /** What the profile declares but a run cannot use (see {@link PlanWarning}), in profile order. */
  readonly warnings: readonly PlanWarning[];
}

/** What {@link planRequirements} reads. */
export interface PlanInput {
  readonly catalogue: Catalogue;
  readonly scenarios: readonly Scenario[];
  readonly profile: Profile;
  /** Requirement IDs the universal checks verify (`UNIVERSAL_CHECKS[].requirementId`). */
  readonly universalRequirementIds: readonly string[];
  /**
   * The run's filters: the plan then covers the requirements of the scenarios they select, the
   * universal ones, and the IDs `requirements` names. Default: the whole catalogue.
   */
  readonly selection?: SelectionOptions;
  /**
   * The target's capabilities as probed at run start; undefined before a run (the `plan`
   * command): what the probe decides is then `judgeable-if-probed`.
   */
  readonly capabilities?: Capabilities;
  /**
   * The API family of each operationId (see `operationFamiliesOf` in `src/spec`), which says which
   * principals a requirement concerns. Without it, a requirement concerns the families of the
   * scenarios that verify it (every family for a universal check's requirement).
   */
  readonly operationFamilies?: Readonly<Record<string, string>>;
}

// --- one pass over the selection ---

const FAMILIES = ['capillary', 'fabric'] as const;
type Family = (typeof FAMILIES)[number];

const IF_PROBED = 'if the target has the fabric member inquiry (probed at run start)';

const ASSUMED_PRESENT: Capabilities = { memberInquiry: { present: true, reason: 'assumed' } };
const ASSUMED_ABSENT: Capabilities = {
  memberInquiry: { present: false, reason: 'not probed yet: known when a run starts' },
};

/** One principal's status for one requirement in one pass (one set of capabilities). */
interface PassStatus {
  readonly status: Exclude<PrincipalStatus, 'judgeable-if-probed'>;
  readonly reason?: string;
  readonly options: readonly (readonly PlanNeed[])[];
}

/** What a family lacking from the profile needs. */
function missingSection(family: Family, profile: Profile): PlanNeed {
  if (family === 'fabric') {
    const member = missingNeeds(['member'], undefined, profile)[0];
    return {
      need: 'section',
      reason: member?.reason ?? 'the profile has no fabric section',
      add: 'a fabric section: fabric.baseUrl, fabric.auth and fabric.fixtures.member',
    };
  }
  return {
    need: 'section',
    reason: 'the profile has no capillary section',
    add: 'a capillary section: capillary.baseUrl and capillary.orgs (an org with its auth, config and fixtures)',
  };
}

/** The principals of a family in this profile; the family's name when the profile has no section for it. */
function principalsOf(family: Family, profile: Profile): string[] {
  if (family === 'fabric') return ['fabric'];
  return profile.capillary ? profile.capillary.orgs.map((org) => org.id) : ['capillary'];
}

const hasSection = (family: Family, profile: Profile) =>
  family === 'fabric' ? profile.fabric !== undefined : profile.capillary !== undefined;

/** The needs of a gap, deduplicated by need, in the order met. */
function distinctNeeds(gaps: readonly MissingNeed[]): PlanNeed[] {
  const seen = new Map<string, PlanNeed>();
  for (const gap of gaps) if (!seen.has(gap.need)) seen.set(gap.need, gap);
  return [...seen.values()];
}

/**
 * Gaps as options, cheapest first: identical gaps merged, and a gap that contains another one
 * dropped (adding the smaller one is enough).
 */
function cheapestFirst(gaps: readonly (readonly PlanNeed[])[]): PlanNeed[][] {
  const sorted = gaps.map((g) => [...g]).sort((a, b) => a.length - b.length);
  const kept: PlanNeed[][] = [];
  for (const gap of sorted) {
    const needs = new Set(gap.map((n) => n.need));
    if (kept.some((k) => k.every((n) => needs.has(n.need)))) continue;
    kept.push(gap);
  }
  return kept;
}

/**
 * Why the org's configuration makes an instance moot, or undefined. Production safety skips an
 * instance before its applicability is asked: asked here, so that a rule moot for an org does
 * not read as one `--allow-mutations` would let the run judge.
 */
function mootReason(instance: ScenarioInstance, profile: Profile): string | undefined {
  if (instance.skipKind === 'not-applicable') return instance.skipReason;
  if (instance.skipKind !== 'read-only' || !instance.org || !instance.scenario.appliesTo) return undefined;
  const applicability = instance.scenario.appliesTo(instance.org, profile);
  return applicability.run ? undefined : applicability.reason;
}

/**
 * A principal's status from the instances that could judge the requirement: judgeable when one
 * runs and can judge it; not applicable when the org's configuration makes them all moot;
 * read-only when production safety skips the others; else not judgeable, with each instance's gap.
 */
function statusOver(
  instances: readonly ScenarioInstance[],
  profile: Profile,
  judges: (instance: ScenarioInstance) => boolean,
  gapOf: (instance: ScenarioInstance) => readonly MissingNeed[],
): PassStatus {
  if (instances.some((i) => !i.skipReason && judges(i))) return { status: 'judgeable', options: [] };
  const moot = instances.map((i) => mootReason(i, profile));
  const applicable = instances.filter((_, index) => moot[index] === undefined);
  if (instances.length > 0 && applicable.length === 0) {
    return { status: 'not-applicable', reason: distinct(moot), options: [] };
  }
  if (applicable.length > 0 && applicable.every((i) => i.skipKind === 'read-only')) {
    return { status: 'read-only', reason: distinct(applicable.map((i) => i.skipReason)), options: [] };
  }
  const gaps = applicable
    .filter((i) => i.skipKind !== 'read-only')
    .map((i) => distinctNeeds(gapOf(i)))
    .filter((g) => g.length > 0);
  return { status: 'not-judgeable', options: cheapestFirst(gaps) };
}

const distinct = (reasons: readonly (string | undefined)[]): string =>
  [...new Set(reasons)].filter(Boolean).join('; ');

/** The statuses of one pass: requirement ID → principal → status. */
type PassStatuses = Map<string, Map<string, PassStatus>>;

interface PassContext {
  readonly input: PlanInput;
  readonly universal: ReadonlySet<string>;
  /** Requirement ID → the families it concerns. */
  readonly families: ReadonlyMap<string, readonly Family[]>;
  readonly covered: readonly Requirement[];
  /** The scenarios the filters select, for every principal. */
  readonly selected: readonly Scenario[];
}

function planPass(context: PassContext, capabilities: Capabilities | undefined): PassStatuses {
  const { input, universal, families, covered } = context;
  const instances = selectScenarios(input.scenarios, input.profile, input.selection ?? {}, capabilities);
  const byPrincipal = new Map<string, ScenarioInstance[]>();
  for (const instance of instances) {
    const list = byPrincipal.get(instance.principal) ?? [];
    list.push(instance);
    byPrincipal.set(instance.principal, list);
  }
  const statuses: PassStatuses = new Map();
  for (const requirement of covered) {
    const perPrincipal = new Map<string, PassStatus>();
    const id = requirement.id;
    for (const family of families.get(id) ?? []) {
      // Only families the selection asks: a universal check needs any scenario of the family.
      const asked = context.selected.some(
        (s) => s.family === family && (universal.has(id) || s.requirements.includes(id)),
      );
      if (!asked) continue;
      if (!hasSection(family, input.profile)) {
        perPrincipal.set(family, {
          status: 'not-judgeable',
          options: [[missingSection(family, input.profile)]],
        });
        continue;
      }
      for (const principal of principalsOf(family, input.profile)) {
        const own = byPrincipal.get(principal) ?? [];
        const listing = own.filter((i) => i.scenario.requirements.includes(id));
        // Filters may leave a principal no scenario for this requirement: the run would not ask.
        if (own.length === 0 || (!universal.has(id) && listing.length === 0)) continue;
        perPrincipal.set(
          principal,
          // A universal check judges every exchange: any scenario that runs for the principal will do.
          universal.has(id)
            ? statusOver(
                own,
                input.profile,
                () => true,
                (i) => i.missing ?? [],
              )
            : statusOver(
                listing,
                input.profile,
                (i) => !i.unjudgeable.has(id),
                (i) => [...(i.missing ?? []), ...(i.unjudgeable.get(id) ?? [])],
              ),
        );
      }
    }
    statuses.set(id, perPrincipal);
  }
  return statuses;
}

// --- the plan ---

/** The families a requirement concerns: those of its operations, else those of its scenarios. */
function familiesOfRequirement(
  requirement: Requirement,
  input: PlanInput,
  universal: ReadonlySet<string>,
): Family[] {
  const known = (family: string | undefined): family is Family =>
    family !== undefined && (FAMILIES as readonly string[]).includes(family);
  const byOperations = input.operationFamilies
    ? requirement.operations.map((op) => input.operationFamilies?.[op]).filter(known)
    : [];
  const byScenarios = universal.has(requirement.id)
    ? [...FAMILIES]
    : input.scenarios.filter((s) => s.requirements.includes(requirement.id)).map((s) => s.family);
  const chosen = new Set(byOperations.length > 0 ? byOperations : byScenarios);
  return FAMILIES.filter((f) => chosen.has(f));
}

/**
 * The requirements a plan covers: the whole catalogue, or what the run's filters select (with the
 * universal rules, which every exchange judges); a requirement named outright that no scenario
 * verifies too, so that the plan says why.
 */
function inScope(
  input: PlanInput,
  universal: ReadonlySet<string>,
  verified: ReadonlySet<string>,
): Requirement[] {
  const selection = input.selection ?? {};
  const filtered = Boolean(
    selection.grep || selection.tags?.length || selection.requirements?.length || selection.shard,
  );
  if (!filtered) return [...input.catalogue.requirements];
  const picked = filterScenarios(input.scenarios, selection, input.profile);
  const ids = new Set([
    ...picked.flatMap((s) => s.requirements),
    ...(picked.length > 0 ? universal : []),
    ...(selection.requirements ?? []).filter((id) => !verified.has(id)),
  ]);
  return input.catalogue.requirements.filter((r) => ids.has(r.id));
}

/** Folds the two passes (inquiry assumed present, assumed absent) into one principal's status. */
function principalPlan(
  principal: string,
  present: PassStatus,
  absent: PassStatus | undefined,
): PrincipalPlan {
  const probed = present.status === 'judgeable' && absent !== undefined && absent.status !== 'judgeable';
  const chosen = probed ? absent : present;
  const options = chosen.options;
  return {
    principal,
    status: probed ? 'judgeable-if-probed' : present.status,
    ...(probed ? { reason: IF_PROBED } : present.reason ? { reason: present.reason } : {}),
    options,
    add: [...new Set(options.flat().map((n) => n.add))],
  };
}

/** The best status of a requirement's principals. */
const BEST_FIRST: readonly PrincipalStatus[] = [
  'judgeable',
  'judgeable-if-probed',
  'not-judgeable',
  'read-only',
  'not-applicable',
];

/**
 * Per requirement of the catalogue (or of the run's selection), whether this profile lets the
 * suite judge it for each principal, and what to add where it does not. Pure: reads the
 * selection of scenarios, sends nothing.
 */
export function planRequirements(input: PlanInput): Plan {
  const universal = new Set(input.universalRequirementIds);
  const verified = new Set([...input.scenarios.flatMap((s) => s.requirements), ...universal]);
  const scope = inScope(input, universal, verified);
  const covered = scope.filter((r) => r.blackBox && verified.has(r.id));
  const families = new Map(covered.map((r) => [r.id, familiesOfRequirement(r, input, universal)]));
  const selected = filterScenarios(input.scenarios, input.selection ?? {}, input.profile);
  const context: PassContext = { input, universal, families, covered, selected };
  // Without probed capabilities, the member inquiry of `memberInquiry: auto` is decided when a run
  // starts: judged with it and without it, what only the first judges is `judgeable-if-probed`.
  const undecided =
    input.capabilities === undefined &&
    input.profile.fabric !== undefined &&
    decidedAtRunStart('memberInquiry', input.profile);
  const present = planPass(context, input.capabilities ?? ASSUMED_PRESENT);
  const absent = undecided ? planPass(context, ASSUMED_ABSENT) : undefined;

  const requirements = scope.map((r): RequirementPlan => {
    const base = { id: r.id, title: r.title, level: r.level };
    if (!r.blackBox)
      return { ...base, status: 'untestable', reason: r.whyNot ?? 'not testable black-box', principals: [] };
    if (!verified.has(r.id))
      return { ...base, status: 'uncovered', reason: 'no scenario covers it yet', principals: [] };
    const principals = [...(present.get(r.id) ?? new Map<string, PassStatus>())].map(([principal, status]) =>
      principalPlan(principal, status, absent?.get(r.id)?.get(principal)),
    );
    const status = BEST_FIRST.find((s) => principals.some((p) => p.status === s));
    // Defensive: the selection gave it no principal to be judged for.
    if (!status)
      return { ...base, status: 'not-applicable', reason: 'no selected scenario judges it', principals };
    return { ...base, status, principals };
  });
  const totals = Object.fromEntries(REQUIREMENT_STATUSES.map((s) => [s, 0])) as Record<
    RequirementStatus,
    number
  >;
  for (const r of requirements) totals[r.status] += 1;
  return {
    profile: { name: input.profile.name, source: input.profile.source },
    requirements,
    totals,
    warnings: unreadableBalances(input.profile),
  };
}

/** The declared customers whose balance a run cannot read, each with what to add. */
export function unreadableBalances(profile: Profile): PlanWarning[] {
  return (profile.capillary?.orgs ?? []).flatMap((org) =>
    Object.keys(org.fixtures.customers).flatMap((key) => {
      const customer = namedCustomer(org, key);
      const unreadable = customer && unreadableBalance(org, customer);
      return unreadable ? [{ principal: org.id, customer: key, ...unreadable }] : [];
    }),
  );
}

/**
 * The requirements a plan says cannot be judged, as a run records them (`RunResult.notJudgeable`):
 * the principals it cannot be judged for and what to add, cheapest first.
 */
export function notJudgeableOf(plan: Plan): NonNullable<RunResult['notJudgeable']> {
  return plan.requirements
    .filter((r) => r.status === 'not-judgeable')
    .map((r) => {
      const principals = r.principals.filter((p) => p.status === 'not-judgeable');
      return {
        id: r.id,
        principals: principals.map((p) => p.principal),
        add: [...new Set(principals.flatMap((p) => p.add))],
      };
    });
}
