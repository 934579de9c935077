import type { Exchange } from '../src/client/exchange.ts';
import {
  balanceIdentifier,
  describeAnswer,
  errorCodesOf,
  inExponentForm,
  lookupIdentifier,
  NPA_IDENTIFIERS,
  roundPoints,
  ScenarioError,
  samePoints,
  succeeded,
  toAmount,
} from '../src/engine/context.ts';
import { listable } from '../src/engine/fixtures.ts';
import { AFTER_REFUSAL } from '../src/engine/read-after-write.ts';
import type {
  Applicability,
  BalanceReading,
  Evidence,
  MemberPointsReading,
  NamedBill,
  NamedCustomer,
  Scenario,
  ScenarioContext,
} from '../src/engine/types.ts';
import { dualPrimaryOf } from '../src/profile/dual-eligibility.ts';
import type { OrgProfile } from '../src/profile/types.ts';
import { roundedOf, WHOLE_BALANCE_NOTE } from './balance-reading.ts';

export { inExponentForm, roundPoints, samePoints, succeeded, toAmount };

/**
 * A balance answer's entityId as text ("Unique ID of the customer"; the table types it long, so
 * a number and its digits are one id), undefined where the answer carries none.
 */
export const entityOf = (reading: { entityId?: unknown }): string | undefined =>
  reading.entityId === undefined || reading.entityId === null ? undefined : String(reading.entityId);

/** `{ programId }` for a request or balance read naming a program, `{}` for one naming none. */
export const programField = (programId: number | undefined): { programId?: number } =>
  programId === undefined ? {} : { programId };

/** Whether two balance answers show one customer's balance: one entityId, main and total points. */
export const sameBalance = (a: BalanceReading, b: BalanceReading): boolean =>
  entityOf(a) === entityOf(b) &&
  samePoints(a.mainPoints, b.mainPoints) &&
  samePoints(a.totalPoints, b.totalPoints);

/**
 * Whether two balance answers of one customer show one balance, one writing a figure with fewer
 * decimals than the other (1 beside "1.250"): a lookup served by another service (the dual lookup
 * of several identifiers, say) may keep the balance table's int while the other writes decimals.
 */
export const sameBalanceShown = (a: BalanceReading, b: BalanceReading): boolean => {
  const shown = (x: number, y: number) => samePoints(x, y) || roundedOf(x, y) || roundedOf(y, x);
  return (
    entityOf(a) === entityOf(b) && shown(a.mainPoints, b.mainPoints) && shown(a.totalPoints, b.totalPoints)
  );
};

/** Why two readings of one balance, one a display of the other with fewer decimals, only warn. */
export const BALANCE_SHOWN_OTHERWISE_NOTE =
  "the balance page's Response Parameters type the figures int while the ledger may keep decimals: one balance written whole (or with fewer decimals) in one answer and with its decimals in another may be the same balance";

/**
 * The evidence of {@link sameBalance} between `reading` and `single`, a break only warning where
 * one is the other written with fewer decimals ({@link sameBalanceShown}).
 */
export const sameBalanceEvidence = (
  reading: BalanceReading,
  single: BalanceReading,
  evidence: Evidence,
): Evidence =>
  sameBalanceShown(reading, single) ? { ...evidence, inferred: BALANCE_SHOWN_OTHERWISE_NOTE } : evidence;

/** `entityId 7, mainPoints 10, totalPoints 12`, for the evidence of {@link sameBalance}. */
export const balanceText = (reading: BalanceReading): string =>
  `entityId ${String(reading.entityId)}, mainPoints ${reading.mainPoints}, totalPoints ${reading.totalPoints}`;

/** An answer in one line, for the `actual` of evidence. */
export const answerOf = describeAnswer;

/** The unlock document's "no bill found" (82323277). */
export const NO_BILL_FOUND = 82323277;

/**
 * Ends a scenario as not judgeable when the target answered "no bill found" (82323277) to an
 * unlock naming a bill the profile declares (its key under `fixtures.bills`), and none of
 * `exchanges` got through: from outside, the profile describes another environment or the target
 * was reset since, as `LC_ERR_PROFILE_FIXTURE_UNKNOWN` says of customers. Every requirement of
 * the scenario is then `error` (exit 2) with one line naming the bill's key, never its number, and
 * what to do; never a failure of the target. A target answering so for a bill it has is reported
 * the same way, never passed.
 */
export function stopIfBillUnknown(
  ctx: ScenarioContext,
  billKey: string,
  exchanges: readonly Exchange[],
): void {
  if (exchanges.some(succeeded)) return;
  const refused = exchanges.find((e) => billUnknown(ctx, billKey, e) !== undefined);
  if (refused) throw new ScenarioError(`cannot judge: ${billUnknown(ctx, billKey, refused)}`, [refused]);
}

/**
 * Why an unlock of the bill the profile declares under `billKey` cannot be judged when `exchange`
 * says "no bill found" (undefined when it does not): the words of {@link stopIfBillUnknown}, for a
 * check judged alone (`Evidence.cannotJudge`).
 */
export function billUnknown(ctx: ScenarioContext, billKey: string, exchange: Exchange): string | undefined {
  if (!errorCodesOf(exchange).includes(NO_BILL_FOUND)) return undefined;
  const status = exchange.response?.status ?? 'with no status';
  return `the target answered ${status} with code ${NO_BILL_FOUND} (no bill found) to an unlock of bill ${billKey} of org ${ctx.org?.id ?? '?'} (fixtures.bills.${billKey}): declare a bill the target has under fixtures.bills, or reset the target`;
}

/** Declares a scenario with its types checked (suites list these). */
export const defineScenario = (scenario: Scenario): Scenario => scenario;

/**
 * A number no target is expected to know as an id (a promotion, an award, an event log, a line
 * item, a bill): `base` plus the run's seed, so one run sends the same and another run another.
 */
export const unknownId = (ctx: ScenarioContext, base = 900_000_000): number => base + (ctx.seed % 1000);

/** Applies when the org's negative-balance configuration is `want`; warns only when it is unknown. */
export const whenNegativeBalance =
  (want: 'on' | 'off') =>
  (org: OrgProfile): Applicability => {
    const actual = org.config.negativeBalanceOnReturn;
    if (actual === want) {
      return { run: true, premise: `capillary.orgs[${org.id}].config.negativeBalanceOnReturn: ${want}` };
    }
    if (actual === 'unknown') {
      return {
        run: true,
        warnOnly: `negativeBalanceOnReturn is unknown in the profile; judged as if ${want}`,
        ...(want === 'on' ? { overdraws: true } : {}),
      };
    }
    return { run: false, reason: `negativeBalanceOnReturn is ${actual} for this org` };
  };

/**
 * Runs everywhere; the expectations rest on the round decimals the profile declares per program
 * (an amount with more must fail with 8906, one with as many must be deducted).
 */
export const declaredDecimals = (org: OrgProfile): Applicability => {
  const declared = org.config.programs
    .filter((p) => p.roundDecimals !== undefined)
    .map((p) => `${p.id} roundDecimals ${p.roundDecimals}`);
  if (declared.length === 0) return { run: true };
  return { run: true, premise: `capillary.orgs[${org.id}].config.programs: ${declared.join(', ')}` };
};

/** The org's primary identifier when the profile declares dual eligibility on, else undefined. */
export const dualPrimary = (ctx: ScenarioContext): string | undefined => dualPrimaryOf(ctx.org);

/** A call by a lone identifier other than the primary, refused with 8015, and how to retry it. */
export interface DualRefusal {
  readonly requirementId: string;
  /** The page of the operation, for the evidence ("deduction", "unlock"). */
  readonly page: string;
  readonly customer: NamedCustomer;
  readonly name: string;
  readonly primary: string;
  /** The lone call, refused with 8015. */
  readonly lone: Exchange;
  /** What the lone call should have done, e.g. "identifierName externalId accepted". */
  readonly expected: string;
  /** Sends the same call with this identifierName and identifierValue (the comma list). */
  readonly send: (identifierName: string, identifierValue: string) => Promise<Exchange>;
  /** Whether the list's answer shows it named the customer (as `expected` asks of the lone call). */
  readonly resolved: (pair: Exchange) => boolean;
}

/**
 * A call by a lone identifier other than the primary, refused with 8015 in an org the profile
 * declares with dual eligibility: the balance page's rule for its lookup, which a target may apply
 * org-wide (the deduction and unlock pages are silent on dual eligibility). That only warns when
 * the same call with the primary beside it (a comma list, as the balance page's lookup takes)
 * resolves the customer, or is refused otherwise than as not found (those pages document no list);
 * refused with 8015 there too, the identifier names no customer at all and the rule fails.
 */
export async function judgeDualRefusal(ctx: ScenarioContext, refusal: DualRefusal): Promise<void> {
  const { requirementId, page, customer, name, primary, lone, expected } = refusal;
  const primaryValue = customer.identifiers[primary as keyof NamedCustomer['identifiers']];
  const value = customer.identifiers[name as keyof NamedCustomer['identifiers']];
  if (!primaryValue || !value) {
    // The profile lacks the customer's primary: the list cannot be tried, so the refusal may be
    // the balance page's rule as much as an identifier the target ignores. That is not the target's.
    ctx.verify(requirementId, false, {
      expected,
      actual: answerOf(lone),
      exchanges: [lone],
      inferred: `dual eligibility is on and ${name} was refused alone with 8015, as the balance page says of its lookup; the profile declares no ${primary} for customer ${customer.key}, so the same call beside the primary could not be tried (add: identifiers.${primary} on customer ${customer.key})`,
    });
    return;
  }
  if (!listable(value) || !listable(primaryValue)) {
    // A comma-separated list pairs names and values by position: a value holding a comma cannot be
    // one of them, so the same call beside the primary cannot be tried either.
    const holder = listable(value) ? primary : name;
    ctx.verify(requirementId, false, {
      expected,
      actual: answerOf(lone),
      exchanges: [lone],
      inferred: `dual eligibility is on and ${name} was refused alone with 8015, as the balance page says of its lookup; the ${holder} of customer ${customer.key} holds a comma, which a comma-separated identifierValue list cannot carry, so the same call beside the primary could not be tried`,
    });
    return;
  }
  const pair = await refusal.send(`${name},${primary}`, `${value},${primaryValue}`);
  const actual = `alone: ${answerOf(lone)}; with ${primary}: ${answerOf(pair)}`;
  // The pair is refused as not found: the identifier names no customer even beside the primary.
  if (!refusal.resolved(pair) && errorCodesOf(pair).includes(8015)) {
    ctx.verify(requirementId, false, {
      expected: `${expected} alone or, under dual eligibility, beside the primary ${primary}`,
      actual,
      exchanges: [lone, pair],
    });
    return;
  }
  ctx.verify(requirementId, false, {
    expected: `${expected} alone`,
    actual: refusal.resolved(pair) ? answerOf(lone) : actual,
    exchanges: [lone, pair],
    inferred: refusal.resolved(pair)
      ? customer.sharedIdentifiers?.includes(name)
        ? `dual eligibility is on and customer ${customer.key}'s ${name}, which another declared customer shares, was refused alone with 8015 (it names no one customer) but named the customer beside the primary ${primary}; the ${page} page is silent on dual eligibility`
        : `dual eligibility is on and ${name} was refused alone with 8015 but named the customer beside the primary ${primary}, as the balance page says of its lookup; the ${page} page is silent on dual eligibility`
      : `dual eligibility is on and ${name} was refused alone with 8015; the list with the primary ${primary} was refused otherwise than as not found, and the ${page} page documents no identifier list, so whether ${name} names the customer cannot be told`,
  });
}

/** The customer's value of one identifier when no other declared customer shares it (it names this one alone). */
export function ownIdentifier(customer: NamedCustomer, name: string): string | undefined {
  return customer.sharedIdentifiers?.includes(name)
    ? undefined
    : customer.identifiers[name as keyof NamedCustomer['identifiers']];
}

/**
 * Sends a probe (`send`, given the deduction's query) naming the customer by its externalId where
 * it declares one no other customer shares and its usual lookup is another: a target may check a
 * field on its mobile lookup path only. A lone externalId may meet 8015 (dual eligibility, or a
 * target knowing externalIds under some sources only) or 8013 (a type not available in the source
 * sent), either before the field is read: that says nothing of the field, so the probe then goes
 * again by the usual identifier, and that answer is the one judged (variant hunt 53: a source-8003
 * probe answered 8013 or 8015 by externalId failed; the documents give no order between the
 * codes). Whether a customer's own externalId is taken is judged by accepted-inputs. Elsewhere the
 * probe goes by the usual identifier alone: the deduction's unless `usual` gives the operation's own
 * (an unlock's: an org whose primary the unlock page lists but the deduction's does not, fault hunt
 * 62's clean-room 15 reading).
 */
export async function byOwnExternalId(
  customer: NamedCustomer,
  send: (query: Record<string, string>) => Promise<Exchange>,
  usual: Record<string, string> = npaQuery(customer),
): Promise<Exchange> {
  const externalId = ownIdentifier(customer, 'externalId');
  if (externalId !== undefined && customer.primaryIdentifier !== 'externalId') {
    const byExternalId = await send({ ...usual, identifierName: 'externalId', identifierValue: externalId });
    const codes = errorCodesOf(byExternalId);
    if (succeeded(byExternalId) || !(codes.includes(8013) || codes.includes(8015))) return byExternalId;
  }
  return send(usual);
}

/** The customer's value of one identifier; skips the scenario, naming what to add, when it has none. */
export function identifierOrSkip(ctx: ScenarioContext, customer: NamedCustomer, name: string): string {
  return (
    customer.identifiers[name as keyof NamedCustomer['identifiers']] ??
    ctx.skip(`customer ${customer.key} has no ${name} (add: identifiers.${name} on customer ${customer.key})`)
  );
}

/**
 * A listed source answered 8013 under one identifier name: the deduction page's code for an
 * identifier type "invalid or incorrect", where its source is the one "in which the identifier is
 * available", so a target may know a name under some sources only (variant hunt 38). That refuses
 * the name, not the source: the source goes out again under the scenario's other names taken alone,
 * in turn, until one gets past validation. Any other answer sends nothing more.
 */
export async function underOtherNames<Name extends string>(
  exchange: Exchange,
  name: Name | undefined,
  taken: readonly Name[],
  send: (name: Name) => Promise<Exchange>,
  passed: (exchange: Exchange) => boolean,
): Promise<{ sent: Exchange[]; passed?: Name }> {
  const sent: Exchange[] = [];
  if (!errorCodesOf(exchange).includes(8013)) return { sent };
  for (const other of taken) {
    if (other === name) continue;
    const retry = await send(other);
    sent.push(retry);
    if (passed(retry)) return { sent, passed: other };
  }
  return { sent };
}

/** Why a source refused with 8013 under `name` while `other` took it only warns ({@link underOtherNames}). */
export const identifierTypeOfSource = (name: string | undefined, other: string) =>
  `8013 refuses the identifier type ${name ?? ''} under this source, not the source, which ${other} got past validation: the source is the one "in which the identifier is available", and a target may know ${name ?? 'a name'} under some sources only`;

/** The query of a deduction for a customer (an identifier the operation accepts). */
export function npaQuery(customer: NamedCustomer, source = 'INSTORE'): Record<string, string> {
  const [identifierName, identifierValue] = lookupIdentifier(customer, NPA_IDENTIFIERS);
  return { identifierName, identifierValue, source };
}

/**
 * The query of a balance lookup of one customer by one identifier (the balance page's names; the
 * org's primary identifier first, since under dual eligibility a lone secondary is 8015). Skips the
 * scenario, naming what to add, when the customer's balance cannot be read (as `ctx.balance`).
 */
export function balanceQuery(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  source = 'INSTORE',
): Record<string, string> {
  const [identifierName, identifierValue] = balanceIdentifier(ctx.org, customer);
  return { identifierName, identifierValue, source };
}

/**
 * The customer's program that a deduction names least often: not the org's default (what a
 * deduction without programId takes) nor the first program (what the suites' deductions name).
 */
export function otherProgramOf(ctx: ScenarioContext, customer: NamedCustomer): number | undefined {
  const defaultId = ctx.org?.config.defaultProgramId;
  const [first, second] = customer.programs;
  return (
    customer.programs.find((p) => p !== defaultId && p !== first) ??
    customer.programs.find((p) => p !== defaultId) ??
    second
  );
}

/**
 * What a probe meant for the customer's program that is not the default ({@link otherProgramOf})
 * judged when the customer holds no such program: it falls back to `programId`, the default (or,
 * with none declared, the first), and the check says the rule was judged there only (fault hunt
 * 60 left such runs silent). Undefined when `programId` is another program.
 */
export function otherProgramScope(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number | undefined,
): string | undefined {
  const defaultId = ctx.org?.config.defaultProgramId;
  const fallback = defaultId === undefined ? customer.programs[0] : defaultId;
  if (programId !== undefined && programId !== fallback) return undefined;
  return `judged in program ${programId ?? fallback} only, ${defaultId === undefined ? "the customer's first" : "the org's default"}: customer ${customer.key} holds no other program (add a second program to its programs to judge the rule beside one)`;
}

/**
 * A reasonOfReturn of the deduction's own (`conformance check 7`: the seventh the run numbered for
 * that customer; a number is taken even where the caller sends its own reason, and
 * ledger-invariants.sequence sends one for its three deductions of distinct amounts). A target may
 * refuse a request identical to one it took seconds ago as a duplicate, or answer it again without
 * deducting (an idempotent replay): the documents are silent on both, so no two deductions of one
 * customer in a run are identical. Deterministic: scenarios sharing a customer run one after
 * another, and parallel calls number in call order.
 * The count is the run's own (`ctx.countInRun`): every run numbers from 1, however many runs
 * one process makes with one profile object.
 */
export function reasonOfReturn(ctx: ScenarioContext, customer: NamedCustomer): string {
  return `conformance check ${ctx.countInRun(customer.key)}`;
}

/** Deducts points; `amount` is sent as given (number or string), the customer named by `query` (default: its usual identifier). */
export function deduct(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  amount: number | string,
  extra: Record<string, unknown> = {},
  query: Record<string, string> = npaQuery(customer),
): Promise<Exchange> {
  return ctx.call('negativePointsAdjustment', {
    query,
    body: {
      pointsToBeAdjusted: amount,
      programId: customer.programs[0],
      reasonOfReturn: reasonOfReturn(ctx, customer),
      ...extra,
    },
    customerKey: customer.key,
  });
}

/** A deduction naming the customer by `identifier` ([name, value]) instead of its usual one. */
export function deductBy(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  [identifierName, identifierValue]: readonly [string, string],
  amount: number | string,
  extra: Record<string, unknown> = {},
): Promise<Exchange> {
  return deduct(ctx, customer, amount, extra, { identifierName, identifierValue, source: 'INSTORE' });
}

/**
 * Reads the balance in `programId` and skips the scenario when a deduction of `amount` could only
 * fail with 8907 (negative balance not on): a short fixture says nothing about the rule under test.
 */
export async function balanceCovering(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number | undefined,
  amount: number,
): Promise<BalanceReading> {
  const before = await ctx.balance(customer, programField(programId));
  if (ctx.org?.config.negativeBalanceOnReturn !== 'on' && before.mainPoints < amount) {
    ctx.skip(
      `${customer.key} has ${before.mainPoints} points in program ${programId ?? '(default)'}, below ${amount} (add: at least ${amount} points in that program for customer ${customer.key}, or another customer that has them in its role in fixtures.roles)`,
    );
  }
  return before;
}

/**
 * Whether a deduction of `amount` from `programId` was refused with 8907 where the org keeps no
 * balance below zero and the program's read before ({@link balanceCovering}'s) was a whole number
 * under `amount` + 1: a display rounding the ledger's decimals up shows `amount` for less (variant
 * hunt 40). Not where the program keeps no decimals (its read hides none). Asked through
 * {@link warnedShortOfShownPoint} wherever a whole read was taken to cover a deduction (variant
 * hunt 42): ledger-invariants' other-program, other-customer and sequence (each step, from the
 * read before it), input-validation's rejections (a target judging the balance first answers
 * 8907) and known-promotion's promotion and award, decimal-precision's deductions below the
 * display, and negative-balance.exact-balance's drain of a read of 1. The other callers of
 * balanceCovering take the read at face value: decimal-precision's amounts (1.01, 1.001 and finer)
 * need a whole read of 2, which no rounding shows for less than they are; by-externalId and
 * promised-kept excuse a refusal already; accepted-inputs met no short read in that hunt's sweep.
 */
export function shortOfShownPoint(
  ctx: ScenarioContext,
  before: BalanceReading,
  amount: number,
  programId: number | undefined,
  exchange: Exchange,
): boolean {
  return (
    ctx.org?.config.negativeBalanceOnReturn !== 'on' &&
    !succeeded(exchange) &&
    errorCodesOf(exchange).includes(8907) &&
    Number.isInteger(before.mainPoints) &&
    before.mainPoints < amount + 1 &&
    roundDecimalsOf(ctx, programId) !== 0
  );
}

/** Why {@link shortOfShownPoint}'s refusal only warns. */
export const shortOfShownPointNote = (before: BalanceReading, amount: number) =>
  `${WHOLE_BALANCE_NOTE}: a read of ${before.mainPoints} may be less than ${amount} in the ledger, and 8907 refuses "points to deduct higher than the available points"`;

/**
 * Where every one of `exchanges` (deductions of `amount` from `programId`, none taken) is
 * {@link shortOfShownPoint}'s refusal after the read `before`: warns on each of `requirements`
 * (what the deduction was to show) and returns true, the caller then judging nothing more of it.
 */
export function warnedShortOfShownPoint(
  ctx: ScenarioContext,
  requirements: readonly string[],
  before: BalanceReading,
  amount: number,
  programId: number | undefined,
  exchanges: readonly Exchange[],
  expected: string,
): boolean {
  const last = exchanges[exchanges.length - 1];
  if (!last || !exchanges.every((e) => shortOfShownPoint(ctx, before, amount, programId, e))) return false;
  for (const requirement of requirements)
    ctx.verify(requirement, false, {
      expected,
      actual: answerOf(last),
      exchanges: [before.exchange, ...exchanges],
      inferred: shortOfShownPointNote(before, amount),
    });
  return true;
}

/**
 * The eventName of probes about unknown bills: the profile's own bills' event, so a target that
 * checks the event before the bill answers about the bill; the document's example otherwise.
 */
export const probeEventName = (ctx: ScenarioContext): string =>
  Object.values(ctx.org?.fixtures.bills ?? {})[0]?.eventName ?? 'TransactionAdd';

/**
 * An identifier value no customer has, well-formed for its name (a target may validate a mobile's
 * or an email's shape before looking the customer up, and answer that with another code). The
 * email's domain is RFC 2606's example.com: email-validator (pydantic's EmailStr) refuses the
 * special-use .invalid, .test and .local as no email address (variant email-special-use-refused).
 */
export function unknownIdentifierValue(name: string, seed: number): string {
  if (name === 'mobile') return `9199${String(seed % 100_000_000).padStart(8, '0')}`;
  if (name === 'email') return `no-such-customer-${seed}@example.com`;
  return `LC-NO-SUCH-${seed}`;
}

/** The round decimals the profile declares for a program, if any. */
export function roundDecimalsOf(ctx: ScenarioContext, programId: number | undefined): number | undefined {
  return ctx.org?.config.programs.find((p) => p.id === programId)?.roundDecimals;
}

/**
 * One point as the document's example writes an amount ("100.00"), with as many decimals as
 * `programId`'s declared round decimals allow, up to two (two where none are declared), so that
 * 8906 cannot stand in the way of the string form.
 */
export function onePointAsString(ctx: ScenarioContext, programId: number | undefined): string {
  const decimals = roundDecimalsOf(ctx, programId) ?? 2;
  return decimals === 0 ? '1' : `1.${'0'.repeat(Math.min(decimals, 2))}`;
}

/** An amount written with exactly `decimals` decimal places, the last one non-zero: 1.01, 1.001, 1. */
export function amountWithDecimals(decimals: number): string {
  return decimals === 0 ? '1' : `1.${'0'.repeat(decimals - 1)}1`;
}

/** An amount below one point with exactly `decimals` decimal places (at least 1): 3 gives "0.001". */
export const amountBelowOne = (decimals: number): string => `0.${'0'.repeat(Math.max(decimals, 1) - 1)}1`;

/** Formats a number for a request without float noise (at most 6 decimals, trailing zeros dropped). */
export const decimalText = (value: number) => String(roundPoints(value));

/** `a - b` without float noise, so 670.1 - 0.1 compares as 670 ({@link roundPoints}). */
export const minus = (a: number, b: number) => roundPoints(a - b, a, b);

/**
 * Judges that main points did not move between two reads (a rejected call has no side effect).
 * `also` names what happened in between, for the message.
 */
export function verifyMainUnchanged(
  ctx: ScenarioContext,
  requirementId: string,
  before: BalanceReading,
  after: BalanceReading,
  between: readonly Exchange[],
  also = '',
): boolean {
  return ctx.verify(requirementId, samePoints(after.mainPoints, before.mainPoints), {
    expected: `mainPoints unchanged at ${before.mainPoints}${also ? ` ${also}` : ''}`,
    actual: `mainPoints ${after.mainPoints}`,
    exchanges: [before.exchange, ...between, after.exchange],
  });
}

/**
 * Reads the balance of `programId` after a refused deduction and judges that it did not move from
 * `before` (CAP-NPA-NO-SIDE-EFFECT); `also` names the case, for the message.
 */
export async function judgeRefusalMovedNothing(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number | undefined,
  before: BalanceReading,
  refused: Exchange,
  also: string,
): Promise<void> {
  const after = await ctx.balance(customer, programField(programId), AFTER_REFUSAL);
  verifyMainUnchanged(ctx, 'CAP-NPA-NO-SIDE-EFFECT', before, after, [refused], also);
}

/**
 * Fails `requirements` where a refused unlock of `bill` moved the customer's points (main or total
 * points, read over all programs, changed since `before`): an unlock that moves the bill's points
 * is no refusal and answers the documented 2xx, and a refusal moves nothing. The callers excuse a
 * refusal (a retry in another form, "unlocked before this run", a code that may mean so); with the
 * move seen, the bill was not used up before this run (fault hunt 26: a first unlock answered an
 * empty 400, 82323282 or a code no document gives, after moving the points, only skipped or warned;
 * fault hunt 27: parallel unlocks all answered 82323282, one after moving, skipped). `read`, when
 * given, is the caller's own read over all programs made after the refusal.
 * Only a move is recorded: a refusal that moved nothing is judged by its caller as before. Returns
 * whether nothing moved.
 */
export async function judgeRefusedUnlockMovedNothing(
  ctx: ScenarioContext,
  bill: NamedBill,
  requirements: readonly string[],
  before: BalanceReading,
  refused: Exchange,
  read?: BalanceReading,
): Promise<boolean> {
  const after =
    read ?? (await ctx.balance(bill.customerFixture, { fetchDataForAllPrograms: true }, AFTER_REFUSAL));
  if (samePoints(after.mainPoints, before.mainPoints) && samePoints(after.totalPoints, before.totalPoints))
    return true;
  for (const requirementId of requirements)
    ctx.verify(requirementId, false, {
      expected: `the unlock of bill ${bill.billNumber} moves its points with the documented 2xx answer, or is refused and moves nothing`,
      actual: `${answerOf(refused)}, yet main ${before.mainPoints}→${after.mainPoints}, total ${before.totalPoints}→${after.totalPoints}`,
      exchanges: [before.exchange, refused, after.exchange],
    });
  return false;
}

/** Points `fabric.pending` leaves pending on the fabric member. */
export const FABRIC_PENDING_POINTS = 7;

/**
 * The fraction below 5 points `fabric.pending` leaves pending on its own (fault hunt 67). A sum of
 * it and sevens is a multiple of 1.4 (5.6, 8.4, 9.8, …), never whole but for the sevens' and never
 * a half, so a wrong move by whole or half points is not excused as these maturing.
 */
export const FABRIC_PENDING_FRACTION = 2.8;

/**
 * Every amount the suite leaves pending is a sum of these (the validation's 14 is two sevens); the
 * sevens last, as {@link pendingSum} counts them without bound.
 */
const FABRIC_PENDING_AMOUNTS = [FABRIC_PENDING_FRACTION, FABRIC_PENDING_POINTS] as const;

/**
 * Whether `total` is a sum of `amounts` (the suite's pending additions by default), each taken any
 * number of times, one at least: the last without bound, each other up to a thousand times (a loop,
 * where the last is a division).
 */
export function pendingSum(total: number, amounts: readonly number[] = FABRIC_PENDING_AMOUNTS): boolean {
  const [first, ...rest] = amounts;
  if (first === undefined || !(total > 0) || samePoints(total, 0)) return false;
  if (rest.length === 0) return samePoints(total / first, Math.round(total / first));
  for (let taken = 1; taken <= 1000 && taken * first <= total + 1e-9; taken++) {
    const left = roundPoints(total - taken * first, total);
    if (samePoints(left, 0) || pendingSum(left, rest)) return true;
  }
  return pendingSum(total, rest);
}

/**
 * A fabric member's points read `delta` off by a sum of the suite's own pending additions (this
 * run's or an earlier run's): they become available when the tenant's pending period ends, at any
 * moment ("The time period for Pending state is configurable"), so such a reading only warns.
 * Spread into a check of the move; adds nothing when the reading is otherwise off.
 */
export function pendingMayHaveMatured(
  before: MemberPointsReading,
  after: MemberPointsReading,
  delta: number,
): { inferred?: string } {
  const more = roundPoints(after.available - before.available - delta);
  return pendingSum(more)
    ? {
        inferred: `${more} points more: the suite's pending additions (${FABRIC_PENDING_AMOUNTS.join(' or ')} each) may have become available, as the pending period is configurable`,
      }
    : {};
}

/**
 * Judges that a fabric member's available points, read `before` a call that must have moved none
 * of them (a refusal, or an adjustment of another member), are unchanged now; a reading off by the
 * suite's own pending additions warns. Without the member inquiry (outside the documents, `before`
 * then undefined) the effect is `skip` with what to add.
 */
export async function judgeMemberUnchanged(
  ctx: ScenarioContext,
  requirement: string,
  profileId: string,
  before: MemberPointsReading | undefined,
  exchange: Exchange,
  what: string,
): Promise<void> {
  if (!before) {
    ctx.notJudged(requirement, `the member's points after ${what}: ${ctx.lacks('memberInquiry')}`);
    return;
  }
  const after = await ctx.memberPoints(profileId, AFTER_REFUSAL);
  ctx.verify(requirement, samePoints(after.available, before.available), {
    ...pendingMayHaveMatured(before, after, 0),
    expected: `memberPointsAvailable unchanged at ${before.available} after ${what}`,
    actual: `memberPointsAvailable ${after.available}`,
    exchanges: [before.exchange, exchange, after.exchange],
  });
}

/**
 * How a fabric member's available points moved by `delta` between two inquiries: `sum` when the
 * data[] entries together moved by it (one entry per program, the adjusted one moved); `each` when
 * they did not but every entry moved by 0 or `delta`, at least one by `delta` (entries that overlap,
 * a member total beside its parts: the inquiry's shape is the target's own); undefined otherwise.
 */
export function memberPointsMoved(
  before: MemberPointsReading,
  after: MemberPointsReading,
  delta: number,
): 'sum' | 'each' | undefined {
  if (samePoints(after.available, before.available + delta)) return 'sum';
  if (delta === 0 || before.entries.length < 2 || before.entries.length !== after.entries.length)
    return undefined;
  const moves = after.entries.map((points, i) => points - (before.entries[i] ?? 0));
  return moves.every((m) => samePoints(m, 0) || samePoints(m, delta)) &&
    moves.some((m) => samePoints(m, delta))
    ? 'each'
    : undefined;
}

/**
 * CAP-BAL-PROMISED-BREAKUP on one balance answer: the page's flat table allows each promised
 * figure at the top level or inside promisedPointsBreakup; given at both, the two are one figure
 * and must agree (not an inference: the answer would state two amounts for one field). Judged on
 * the reads after unlocks too, where a figure kept at one place only would show.
 */
export function verifyPromisedFiguresAgree(ctx: ScenarioContext, reading: BalanceReading): void {
  const twice = reading.promisedFiguresTwice;
  if (twice.length === 0) return;
  ctx.verify(
    'CAP-BAL-PROMISED-BREAKUP',
    twice.every((t) => samePoints(t.topLevel, t.inBreakup)),
    {
      expected: `${twice.map((t) => t.field).join(' and ')} the same at the top level and in promisedPointsBreakup`,
      actual: twice
        .map((t) => `${t.field} ${t.topLevel} at the top level, ${t.inBreakup} in promisedPointsBreakup`)
        .join('; '),
      exchanges: [reading.exchange],
    },
  );
}
