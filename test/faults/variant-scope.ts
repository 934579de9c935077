/**
 * Scoped runs of the correct variants. A variant that changes only one API family (only fabric
 * handlers, hooks and profile fields, or only Capillary ones) cannot change what a scenario of the
 * other family judges: the reference keeps the families' state apart (the ledger's Capillary orgs
 * and fabric members are separate maps, the authenticator's Capillary credentials and fabric bearer
 * tokens too), and every scenario sends requests of its declared family only (variant-scope.test.ts
 * checks that on a reference run). Such a variant's run selects only its family's scenarios (the
 * probe and the universal checks on their exchanges run as ever); any other runs whole.
 *
 * The family is derived from what the variant overrides, never declared by hand: a handler's
 * operation, hooks made by {@link familyHooks} (which cannot see another family's requests), the
 * sections of the reference profile its profile changes. A ledger it builds, or hooks made any
 * other way, cannot be told apart: the variant runs whole. What a scoped variant's handlers reach
 * of the other family's state (a fabric handler deducting a Capillary customer's points) is recorded
 * as a trespass, which its test fails on.
 */
import type { ApiFamily } from '../../src/client/exchange.ts';
import type { Suite } from '../../src/engine/types.ts';
import type { Authenticator } from '../../src/reference/auth.ts';
import type { OperationId } from '../../src/reference/handlers/index.ts';
import type { Ledger } from '../../src/reference/ledger.ts';
import type { HandlerOverride, ReferenceHooks } from '../../src/reference/server.ts';
import { SUITES } from '../../suites/index.ts';
import type { FaultOptions } from './catalogue.ts';
import { type ProviderRun, runProvider } from './kill-score.ts';
import { documentOf, type ProfileDocument, type ProfileSource, referenceDocument } from './profiles.ts';

/**
 * The family of each operation the reference serves (the specs' `family`; variant-scope.test.ts
 * compares them). An operation added to OperationId is a compile error here until placed.
 */
export const OPERATION_FAMILY: Readonly<Record<OperationId, ApiFamily>> = {
  negativePointsAdjustment: 'capillary',
  unlockPromisedPoints: 'capillary',
  getPointsBalance: 'capillary',
  generateOAuthToken: 'capillary',
  adjustMemberPoints: 'fabric',
  inquireMemberPoints: 'fabric',
};

type MethodOf<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/**
 * Whose state each ledger method reads or writes: Capillary orgs (`#orgs`) or fabric members
 * (`#members`). A method added to Ledger is a compile error here until placed.
 */
const LEDGER_FAMILY: Readonly<Record<MethodOf<Ledger>, ApiFamily>> = {
  resolveLookup: 'capillary',
  deduct: 'capillary',
  unlock: 'capillary',
  balance: 'capillary',
  setMainPoints: 'capillary',
  setMemberPoints: 'fabric',
  adjustMember: 'fabric',
  member: 'fabric',
};

/** Whose credentials each authenticator method reads or writes (Basic, OAuth: Capillary; bearer: fabric). */
const AUTH_FAMILY: Readonly<Record<MethodOf<Authenticator>, ApiFamily>> = {
  issueToken: 'capillary',
  capillary: 'capillary',
  fabric: 'fabric',
};

/** Hooks made by {@link familyHooks}, with the family they are confined to. */
const confinedHooks = new WeakMap<ReferenceHooks, ApiFamily>();

/**
 * `hooks` called for the operations of `family` only: another family's requests pass them by
 * untouched (no intercept, the authentication, validation and answer as they were), so a variant
 * built on them changes that family alone, and its runs may be scoped to it.
 */
export function familyHooks(family: ApiFamily, hooks: ReferenceHooks): ReferenceHooks {
  const ours = (operationId: OperationId) => OPERATION_FAMILY[operationId] === family;
  const { intercept, authenticate, validate, reply } = hooks;
  const confined: ReferenceHooks = {
    ...(intercept && { intercept: (op, request) => (ours(op) ? intercept(op, request) : undefined) }),
    ...(authenticate && {
      authenticate: (op, result, headers) => (ours(op) ? authenticate(op, result, headers) : result),
    }),
    ...(validate && { validate: (op, validation) => (ours(op) ? validate(op, validation) : validation) }),
    ...(reply && { reply: (op, answer, request) => (ours(op) ? reply(op, answer, request) : answer) }),
  };
  confinedHooks.set(confined, family);
  return confined;
}

/** The top-level sections in which two profile documents differ. */
function sectionsChanged(document: ProfileDocument, reference: ProfileDocument): string[] {
  const keys = new Set([...Object.keys(document), ...Object.keys(reference)]);
  return [...keys].filter((key) => JSON.stringify(document[key]) !== JSON.stringify(reference[key]));
}

/**
 * The families a profile source changes the reference profile in: its `capillary` or `fabric`
 * section; undefined when it changes another one (limits, safety, its name: those reach both).
 */
function profileFamilies(source: ProfileSource | undefined): ApiFamily[] | undefined {
  if (!source) return [];
  const changed = sectionsChanged(documentOf(source), referenceDocument());
  return changed.every((key): key is ApiFamily => key === 'capillary' || key === 'fabric')
    ? changed
    : undefined;
}

/** What of a variant its scope is derived from. */
export interface Scopable {
  readonly options: FaultOptions;
  readonly profile?: ProfileSource;
}

/**
 * The one API family `variant` changes, derived from what it overrides; undefined when it changes
 * both, none, or something whose family cannot be told (a ledger it builds, hooks not made by
 * {@link familyHooks}, a profile section other than `capillary` and `fabric`).
 */
export function scopeOf(variant: Scopable): ApiFamily | undefined {
  const { handlers, hooks, createLedger } = variant.options;
  if (createLedger) return undefined;
  const hooksFamily = hooks ? confinedHooks.get(hooks) : undefined;
  if (hooks && !hooksFamily) return undefined;
  const fromProfile = profileFamilies(variant.profile);
  if (!fromProfile) return undefined;
  const families = new Set<ApiFamily>([
    ...Object.keys(handlers ?? {}).map((op) => OPERATION_FAMILY[op as OperationId]),
    ...(hooksFamily ? [hooksFamily] : []),
    ...fromProfile,
  ]);
  return families.size === 1 ? [...families][0] : undefined;
}

/** The suites with only the scenarios of `family` (the suites left with none dropped). */
export function suitesOf(family: ApiFamily): Suite[] {
  return SUITES.map((suite) => ({
    ...suite,
    scenarios: suite.scenarios.filter((s) => s.family === family),
  })).filter((suite) => suite.scenarios.length > 0);
}

/**
 * `object` as its methods of `family` see it; a call of another family's method is carried out
 * all the same (the run is the variant's) and named in `trespasses`.
 */
function watched<T extends object>(
  object: T,
  families: Readonly<Record<string, ApiFamily>>,
  family: ApiFamily,
  trespasses: Set<string>,
): T {
  return new Proxy(object, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name, target);
      if (typeof value !== 'function') return value;
      if (families[String(name)] !== family) trespasses.add(String(name));
      return (value as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

/** `handler` with the ledger and authenticator it is given watched for another family's methods. */
const confine =
  (handler: HandlerOverride, family: ApiFamily, trespasses: Set<string>): HandlerOverride =>
  (context) =>
    handler({
      ...context,
      ledger: watched(context.ledger, LEDGER_FAMILY, family, trespasses),
      auth: watched(context.auth, AUTH_FAMILY, family, trespasses),
    });

/** A variant's run: scoped to its family (`scope`) or whole (`scope` undefined). */
export interface VariantRun extends ProviderRun {
  readonly scope: ApiFamily | undefined;
  /** Methods of the other family's state its handlers called (`ledger.deduct`): none for a scoped variant. */
  readonly trespasses: readonly string[];
}

/**
 * Runs `variant` against the suites: only its family's scenarios when {@link scopeOf} tells one,
 * its handlers then watched for another family's state; every scenario otherwise.
 */
export async function runVariant(variant: Scopable): Promise<VariantRun> {
  // Read once: an entry's options may be a getter making its closures' state anew on each read.
  const given = variant.options;
  const scope = scopeOf({ options: given, ...(variant.profile && { profile: variant.profile }) });
  if (!scope) return { ...(await runProvider(given, variant.profile)), scope, trespasses: [] };
  const trespasses = new Set<string>();
  const { handlers, ...rest } = given;
  const options: FaultOptions = {
    ...rest,
    ...(handlers && {
      handlers: Object.fromEntries(
        Object.entries(handlers).map(([op, handler]) => [op, confine(handler, scope, trespasses)]),
      ),
    }),
  };
  const run = await runProvider(options, variant.profile, undefined, undefined, suitesOf(scope));
  return {
    ...run,
    scope,
    trespasses: [...trespasses].map((method) => `${method} (${scope} variant)`),
  };
}
