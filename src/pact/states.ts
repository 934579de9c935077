import type { OrgProfile, Profile } from '../profile/types.ts';
import type { AdminStateParams } from '../reference/admin-state.ts';

/**
 * The provider states of exported contracts: a small vocabulary whose names are sentences naming
 * the profile's fixtures ("customer customer-1001 of org strict has 670 points in program 469").
 * Each kind is one entry of {@link STATE_KINDS}: how its name reads and parses, which fixtures it
 * needs from the target's profile, which values it injects into requests (Pact
 * `fromProviderState` expressions such as `${customer.customer-1001.mobile}`), and how the
 * reference provider is put into it (`POST /__reference/state`).
 */

/** A JSON value a state handler may return or a state may carry as a parameter. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An unlock that happened before the interaction (a filter, or the whole bill). */
export interface PriorUnlock {
  readonly lineItemIds?: readonly number[];
  readonly itemCodes?: readonly string[];
}

/** One provider state, parsed. */
export type PactState =
  | { readonly kind: 'org'; readonly org: string; readonly negativeBalanceOnReturn: 'on' | 'off' | 'unknown' }
  | { readonly kind: 'customer'; readonly org: string; readonly customer: string }
  | {
      readonly kind: 'customer-balance';
      readonly org: string;
      readonly customer: string;
      readonly points: number;
      readonly programId: number;
      /** What the call needs of the balance (checked on targets whose state cannot be set). */
      readonly requires?: PointsRequirement;
    }
  | { readonly kind: 'bill'; readonly org: string; readonly bill: string }
  | {
      readonly kind: 'bill-unlocked';
      readonly org: string;
      readonly bill: string;
      readonly unlocks: readonly PriorUnlock[];
    }
  | { readonly kind: 'member'; readonly member: string }
  | {
      readonly kind: 'member-points';
      readonly member: string;
      readonly points: number;
      readonly requires?: PointsRequirement;
    }
  | { readonly kind: 'fabric' };

/**
 * What an interaction needs of a balance, whatever its exact value: a deduction that succeeds
 * needs at least its amount, one refused with 8907 needs less than it.
 */
export interface PointsRequirement {
  readonly atLeast?: number;
  readonly below?: number;
}

/**
 * What a state means on a target whose state cannot be set (not the reference provider): a
 * balance to check against the interaction's needs, or an unlock to make through the API.
 */
export type TargetAction =
  | {
      readonly kind: 'check-balance';
      readonly org: string;
      readonly identifierName: string;
      readonly identifierValue: string;
      readonly programId: number;
      readonly requires: PointsRequirement;
    }
  | { readonly kind: 'check-member-points'; readonly profileId: string; readonly requires: PointsRequirement }
  | { readonly kind: 'unlock-bill'; readonly unlock: Extract<AdminStateParams, { action: 'unlock-bill' }> };

/** A state as a pact file holds it. */
export interface NamedState {
  readonly name: string;
  readonly params: Record<string, JsonValue>;
}

/** What a state means for one target profile. */
export interface ResolvedState {
  /** Values for `fromProviderState` expressions, by key (`customer.customer-1001.mobile`). */
  readonly values: Record<string, JsonValue>;
  /** What the reference provider must do to be in this state (ignored for other targets). */
  readonly referenceActions: readonly AdminStateParams[];
  /** What other targets must check or do for it; none when the state needs nothing there. */
  readonly targetActions?: readonly TargetAction[];
}

/** One kind of state: its name, its parser and its meaning for a profile. */
interface StateKind<K extends PactState['kind']> {
  readonly kind: K;
  readonly pattern: RegExp;
  readonly name: (state: Extract<PactState, { kind: K }>) => string;
  readonly parse: (
    match: RegExpExecArray,
    params: Record<string, JsonValue>,
  ) => Extract<PactState, { kind: K }>;
  /** Returns the state's meaning, or throws {@link StateProblem} naming what the profile lacks. */
  readonly resolve: (state: Extract<PactState, { kind: K }>, profile: Profile) => ResolvedState;
}

/** Why a profile cannot provide a state (becomes `LC_ERR_PACT_STATE_UNKNOWN`). */
export class StateProblem extends Error {}

const AMOUNT = '(-?\\d+(?:\\.\\d+)?)';
const NAME = '(\\S+)';

const define = <K extends PactState['kind']>(kind: StateKind<K>): StateKind<K> => kind;

/** The state vocabulary, one entry per kind. */
export const STATE_KINDS = [
  // --- Capillary ---
  define({
    kind: 'org',
    pattern: new RegExp(`^org ${NAME} has negative balance on return (on|off|unknown)$`),
    name: (s) => `org ${s.org} has negative balance on return ${s.negativeBalanceOnReturn}`,
    parse: (m) => ({ kind: 'org', org: m[1]!, negativeBalanceOnReturn: m[2] as 'on' | 'off' | 'unknown' }),
    resolve: (s, profile) => {
      const org = findOrg(profile, s.org);
      const actual = org.config.negativeBalanceOnReturn;
      if (s.negativeBalanceOnReturn !== 'unknown' && actual !== s.negativeBalanceOnReturn) {
        throw new StateProblem(
          `needs negative balance on return ${s.negativeBalanceOnReturn}, but the profile's org ${s.org} has it ${actual}`,
        );
      }
      const { promotion, pointsAwardedId } = org.fixtures;
      return {
        values: {
          ...(promotion
            ? {
                'org.promotion.id': promotion.id,
                'org.promotion.identifier': promotion.identifier,
                'org.promotion.programId': promotion.programId,
              }
            : {}),
          ...(pointsAwardedId !== undefined ? { 'org.pointsAwardedId': pointsAwardedId } : {}),
        },
        referenceActions: [],
      };
    },
  }),
  define({
    kind: 'customer-balance',
    pattern: new RegExp(`^customer ${NAME} of org ${NAME} has ${AMOUNT} points in program (\\d+)$`),
    name: (s) => `customer ${s.customer} of org ${s.org} has ${s.points} points in program ${s.programId}`,
    parse: (m, params) => ({
      kind: 'customer-balance',
      customer: m[1]!,
      org: m[2]!,
      points: Number(m[3]),
      programId: Number(m[4]),
      ...requirementOf(params),
    }),
    resolve: (s, profile) => {
      const { values, identifier } = customerValues(profile, s.org, s.customer);
      const org = findOrg(profile, s.org);
      if (!org.config.programs.some((p) => p.id === s.programId)) {
        throw new StateProblem(
          `names program ${s.programId}, which the profile's org ${s.org} does not declare`,
        );
      }
      const customer = { org: s.org, identifierName: identifier[0], identifierValue: identifier[1] };
      return {
        values,
        referenceActions: [{ action: 'set-balance', ...customer, programId: s.programId, points: s.points }],
        targetActions: s.requires
          ? [{ kind: 'check-balance', ...customer, programId: s.programId, requires: s.requires }]
          : [],
      };
    },
  }),
  define({
    kind: 'customer',
    pattern: new RegExp(`^customer ${NAME} of org ${NAME}$`),
    name: (s) => `customer ${s.customer} of org ${s.org}`,
    parse: (m) => ({ kind: 'customer', customer: m[1]!, org: m[2]! }),
    resolve: (s, profile) => ({
      values: customerValues(profile, s.org, s.customer).values,
      referenceActions: [],
    }),
  }),
  define({
    kind: 'bill-unlocked',
    pattern: new RegExp(`^bill ${NAME} of org ${NAME} was unlocked before$`),
    name: (s) => `bill ${s.bill} of org ${s.org} was unlocked before`,
    parse: (m, params) => ({
      kind: 'bill-unlocked',
      bill: m[1]!,
      org: m[2]!,
      unlocks: Array.isArray(params.unlocks) ? (params.unlocks as PriorUnlock[]) : [{}],
    }),
    resolve: (s, profile) => {
      const { values, bill, identifier } = billValues(profile, s.org, s.bill);
      const unlocks = s.unlocks.map((unlock) => ({
        action: 'unlock-bill' as const,
        org: s.org,
        identifierName: identifier[0],
        identifierValue: identifier[1],
        billNumber: bill.billNumber,
        eventName: bill.eventName,
        ...(unlock.lineItemIds?.length ? { lineItemIds: unlock.lineItemIds } : {}),
        ...(unlock.itemCodes?.length ? { itemCodes: unlock.itemCodes } : {}),
      }));
      return {
        values,
        referenceActions: unlocks,
        targetActions: unlocks.map((unlock) => ({ kind: 'unlock-bill' as const, unlock })),
      };
    },
  }),
  define({
    kind: 'bill',
    pattern: new RegExp(`^bill ${NAME} of org ${NAME} has promised points$`),
    name: (s) => `bill ${s.bill} of org ${s.org} has promised points`,
    parse: (m) => ({ kind: 'bill', bill: m[1]!, org: m[2]! }),
    resolve: (s, profile) => ({ values: billValues(profile, s.org, s.bill).values, referenceActions: [] }),
  }),

  // --- fabric ---
  define({
    kind: 'member-points',
    pattern: new RegExp(`^fabric member ${NAME} has ${AMOUNT} available points$`),
    name: (s) => `fabric member ${s.member} has ${s.points} available points`,
    parse: (m, params) => ({
      kind: 'member-points',
      member: m[1]!,
      points: Number(m[2]),
      ...requirementOf(params),
    }),
    resolve: (s, profile) => {
      const profileId = memberProfileId(profile, s.member);
      return {
        values: { [`member.${s.member}.profileId`]: profileId },
        referenceActions: [{ action: 'set-member-points', profileId, points: s.points }],
        targetActions: s.requires ? [{ kind: 'check-member-points', profileId, requires: s.requires }] : [],
      };
    },
  }),
  define({
    kind: 'member',
    pattern: new RegExp(`^fabric member ${NAME} exists$`),
    name: (s) => `fabric member ${s.member} exists`,
    parse: (m) => ({ kind: 'member', member: m[1]! }),
    resolve: (s, profile) => ({
      values: { [`member.${s.member}.profileId`]: memberProfileId(profile, s.member) },
      referenceActions: [],
    }),
  }),
  define({
    kind: 'fabric',
    pattern: /^fabric API of the profile$/,
    name: () => 'fabric API of the profile',
    parse: () => ({ kind: 'fabric' }),
    resolve: (_s, profile) => {
      if (!profile.fabric) throw new StateProblem('needs the fabric API, which the profile does not declare');
      return { values: {}, referenceActions: [] };
    },
  }),
] as const;

/** The name of a state. */
export function stateName(state: PactState): string {
  const kind = STATE_KINDS.find((k) => k.kind === state.kind) as StateKind<PactState['kind']>;
  return kind.name(state as never);
}

/** The parameters written next to a state's name (what the name says, as data). */
export function stateParams(state: PactState): Record<string, JsonValue> {
  return JSON.parse(JSON.stringify(state)) as Record<string, JsonValue>;
}

/**
 * Parses a state by its name (the parameters add what a name cannot say, such as earlier
 * unlocks). Returns undefined for a name outside the vocabulary.
 */
export function parseState(state: NamedState): PactState | undefined {
  for (const kind of STATE_KINDS) {
    const match = kind.pattern.exec(state.name);
    if (match) return kind.parse(match, state.params);
  }
  return undefined;
}

/** What a parsed state means for a profile; throws {@link StateProblem} when it cannot hold there. */
export function resolveState(state: PactState, profile: Profile): ResolvedState {
  const kind = STATE_KINDS.find((k) => k.kind === state.kind) as StateKind<PactState['kind']>;
  return kind.resolve(state as never, profile);
}

/** A sentence listing the state names the vocabulary knows, for error messages. */
export const STATE_FORMS =
  '"org O has negative balance on return on|off|unknown", "customer C of org O", "customer C of org O has N points in program P", "bill B of org O has promised points", "bill B of org O was unlocked before", "fabric member M exists", "fabric member M has N available points", "fabric API of the profile"';

/** `{ requires }` from a state's parameters, when they hold a usable one. */
function requirementOf(params: Record<string, JsonValue>): { requires?: PointsRequirement } {
  const given = params.requires;
  if (typeof given !== 'object' || given === null || Array.isArray(given)) return {};
  const requires: { atLeast?: number; below?: number } = {};
  if (typeof given.atLeast === 'number') requires.atLeast = given.atLeast;
  if (typeof given.below === 'number') requires.below = given.below;
  return Object.keys(requires).length ? { requires } : {};
}

// --- fixtures of the profile ---

function findOrg(profile: Profile, id: string): OrgProfile {
  const org = profile.capillary?.orgs.find((o) => o.id === id);
  if (!org) {
    const known = profile.capillary?.orgs.map((o) => o.id).join(', ') || 'none';
    throw new StateProblem(`names org ${id}, which the profile does not declare (orgs: ${known})`);
  }
  return org;
}

/** Identifier names in the order a state set-up uses them to find the customer. */
const SETUP_IDENTIFIERS = ['mobile', 'externalId', 'email', 'cuid', 'primaryUserId', 'id'] as const;

function customerValues(
  profile: Profile,
  orgId: string,
  key: string,
): { values: Record<string, JsonValue>; identifier: [string, string] } {
  const org = findOrg(profile, orgId);
  const customer = org.fixtures.customers[key];
  if (!customer) {
    throw new StateProblem(
      `names customer ${key}, which the profile's org ${orgId} does not declare (customers: ${Object.keys(org.fixtures.customers).join(', ')})`,
    );
  }
  const values: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(customer.identifiers)) {
    if (value !== undefined) values[`customer.${key}.${name}`] = value;
  }
  const name = SETUP_IDENTIFIERS.find((n) => customer.identifiers[n]);
  if (!name) throw new StateProblem(`names customer ${key}, which has no identifier in the profile`);
  return { values, identifier: [name, customer.identifiers[name] as string] };
}

function billValues(profile: Profile, orgId: string, key: string) {
  const org = findOrg(profile, orgId);
  const bill = org.fixtures.bills?.[key];
  if (!bill) {
    throw new StateProblem(
      `names bill ${key}, which the profile's org ${orgId} does not declare (bills: ${Object.keys(org.fixtures.bills ?? {}).join(', ') || 'none'})`,
    );
  }
  const { identifier } = customerValues(profile, orgId, bill.customer);
  const values: Record<string, JsonValue> = {
    [`bill.${key}.billNumber`]: bill.billNumber,
    [`bill.${key}.eventName`]: bill.eventName,
    ...(bill.eventLogId !== undefined ? { [`bill.${key}.eventLogId`]: bill.eventLogId } : {}),
  };
  return { values, bill, identifier };
}

function memberProfileId(profile: Profile, key: string): string {
  if (!profile.fabric)
    throw new StateProblem('names a fabric member, but the profile declares no fabric API');
  const fixtures = profile.fabric.fixtures as Record<string, { profileId: string } | undefined>;
  const member = fixtures[key];
  if (!member) {
    throw new StateProblem(
      `names fabric member ${key}, which the profile does not declare (members: ${Object.keys(fixtures).join(', ')})`,
    );
  }
  return member.profileId;
}
