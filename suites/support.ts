import type { Exchange } from '../src/client/exchange.ts';
import {
  answeredCodes,
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
  unlockLinesOf,
  writtenDecimals,
} from '../src/engine/context.ts';
import { listable } from '../src/engine/fixtures.ts';
import { AFTER_REFUSAL, type Settle } from '../src/engine/read-after-write.ts';
import type {
  Applicability,
  BalanceOptions,
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

/**
 * The unlock converts promised points "to redeemable points": a deduction of 1 point in
 * `programId`, which the caller found only unlocked points can cover there (`had` says why, with
 * the reads that show it), succeeds with negative balance off (8907 is for an amount "higher than
 * the available points balance") and takes that point only: read over all programs after it, main
 * and total points are 1 lower than `unlocked`, the read right after the unlock (a target that
 * promises the unlocked points again, or charges them back, shows main points lower by more).
 * `program` is the read of `programId` after the unlock.
 */
export async function judgeOnePointRedeemable(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number,
  program: BalanceReading,
  unlocked: BalanceReading,
  why: { had: string; exchanges: readonly Exchange[] },
): Promise<void> {
  const exchange = await deduct(ctx, customer, 1, { programId });
  const redeemed = ctx.verify('CAP-UPP-MOVE', succeeded(exchange), {
    expected: `1 of the ${program.mainPoints} points program ${programId} shows after the unlock (${why.had}) deducted: unlocked points are redeemable`,
    actual: answerOf(exchange),
    exchanges: [...why.exchanges, program.exchange, exchange],
  });
  if (!redeemed) return;
  const oneLess = (read: BalanceReading) =>
    (['mainPoints', 'totalPoints'] as const).map(
      (figure) => [read[figure], { plus: [unlocked[figure]], delta: -1, seen: [unlocked, read] }] as const,
    );
  const after = await ctx.balance(
    customer,
    { fetchDataForAllPrograms: true },
    showing('CAP-UPP-MOVE', oneLess),
  );
  // A sum over programs written whole, half to even, over a hidden half point reads a move of 1
  // as 0 or 2 (variant hunt 25: CAP-UPP-MOVE failed such a read).
  const [figures, checked] = await mainAndTotalNow(ctx, customer, oneLess(after), {
    requirement: 'CAP-UPP-MOVE',
    deduction: exchange,
  });
  verifyBalances(ctx, 'CAP-UPP-MOVE', figures, {
    expected: `main and total points 1 lower than after the unlock (main ${unlocked.mainPoints}, total ${unlocked.totalPoints}): the deduction takes its point only, the unlocked points stay redeemable`,
    actual: `main ${unlocked.mainPoints}→${after.mainPoints}, total ${unlocked.totalPoints}→${after.totalPoints}`,
    exchanges: [unlocked.exchange, exchange, after.exchange, ...checked],
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
 * Whether `pointsAvailable` matches a balance read afterwards: the document does not say whether it
 * is the program's points or the customer's over all programs, so either is accepted.
 */
export const availableMatches = (available: number | undefined, program: number, allPrograms: number) =>
  samePoints(available, program) || samePoints(available, allPrograms);

/** Why pointsAvailable 0 where the balance went below zero only warns. */
export const NO_POINTS_LEFT_NOTE =
  'the document does not say whether pointsAvailable shows a balance below zero or no points left (0)';

/**
 * The note that turns a mismatch of `pointsAvailable` into a warning when the document allows the
 * value another reading: a whole number that is a balance with its decimals dropped or rounded (the
 * response table types pointsAvailable Integer; the example writes "670.000"), or 0 for a balance
 * below zero (no points left to spend: the document does not say what it shows below zero). Empty
 * otherwise, so any other value fails. With `keeps`, the round decimals of the program `program`
 * was read from, a program balance shown with fewer decimals than pointsAvailable is written with
 * also warns, where pointsAvailable has no more decimals than the program keeps (a display hides
 * only decimals the ledger holds: fault npa-points-available-off-behind-two-decimal-display).
 * `keepsAll`, the most round decimals among the customer's programs, bounds the same for the sum
 * over programs: the page lets pointsAvailable be that sum ({@link availableMatches}), which keeps
 * the decimals of its finest program (dfix48's matrix: "-1.989", 2.01 less 1 and 1 in 469 beside
 * 0.001 in 973, read -1.9 truncated in both reads). Without `keeps` (the profile declares none),
 * any read with fewer decimals than pointsAvailable may be a display of it.
 */
export function availableReadingNote(
  available: number | undefined,
  program: number,
  allPrograms: number,
  keeps?: number,
  keepsAll = keeps,
): { inferred?: string } {
  if (available === undefined) return {};
  const balances = [program, allPrograms];
  if (samePoints(available, 0) && balances.some((balance) => balance < 0))
    return { inferred: NO_POINTS_LEFT_NOTE };
  if (balances.some((balance) => wholeOf(available, balance))) {
    return {
      inferred:
        'the response table types pointsAvailable Integer: a balance with decimals may come as a whole number',
    };
  }
  // The other way round: pointsAvailable with decimals, the balance read as a whole number, or the
  // program's (or the sum over programs, pointsAvailable being the customer's) with fewer decimals
  // than it keeps (variant hunts 28 and 29: every figure written with one decimal over a 2- or
  // 3-decimal program).
  // Where the profile declares no round decimals for the program, any read with fewer decimals
  // than pointsAvailable may be such a display: no page lists a program's decimals (variant hunt
  // 54: -1.989 answered beside reads of -1.9, raised, under a profile declaring none).
  const shownWithFewer =
    keeps === undefined
      ? balances.some((balance) => roundedOf(balance, available))
      : (hasAtMost(available, keeps) && balances.some((balance) => roundedOf(balance, available))) ||
        (keepsAll !== undefined && hasAtMost(available, keepsAll) && roundedOf(allPrograms, available));
  return shownWithFewer || balances.some((balance) => wholeOf(balance, available))
    ? { inferred: WHOLE_BALANCE_NOTE }
    : {};
}

/** Whether `whole` is `exact` with its decimals dropped or rounded (`exact` having decimals). */
export const wholeOf = (whole: number, exact: number) =>
  Number.isInteger(whole) &&
  !samePoints(exact, Math.round(exact)) &&
  WHOLE_NUMBER_DISPLAYS.some((display) => display.of(exact) === whole);

/**
 * Whether `shown` is `exact` with decimals dropped or rounded: to a whole number, or to fewer
 * decimals than `exact` has (a sum over a 2-decimal and a 3-decimal program written with 2).
 */
const roundedOf = (shown: number, exact: number) =>
  DISPLAY_DECIMALS.some(
    (decimals) =>
      hasAtMost(shown, decimals) &&
      !hasAtMost(exact, decimals) &&
      WHOLE_NUMBER_DISPLAYS.some((display) =>
        samePoints(display.of(exact * 10 ** decimals) / 10 ** decimals, shown),
      ),
  );

/**
 * The decimals a target may show balance figures with, fewer than its ledger keeps: none (the
 * balance table's int, pointsAvailable's Integer) or a fixed few (a DTO writing every amount with
 * two decimals, whatever the program's round decimals): the pages give the figures no decimals.
 */
const DISPLAY_DECIMALS = [0, 1, 2, 3, 4, 5] as const;

/** Whether `points` has at most `decimals` decimals (within a double's noise). */
const hasAtMost = (points: number, decimals: number) => {
  const scaled = points * 10 ** decimals;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
};

/** The fewest decimals a display writes every one of `figures` exactly with (none past the most a display has). */
export const decimalsShowing = (figures: readonly number[]) =>
  DISPLAY_DECIMALS.find((decimals) => figures.every((points) => hasAtMost(points, decimals)));

/**
 * How a target may show a balance with decimals as a whole number — decimals dropped (toward zero,
 * or down), raised, rounded half up or half away from zero — each with the ends of the ledger
 * values it shows as the whole number `r`.
 */
const WHOLE_NUMBER_DISPLAYS: readonly {
  of: (points: number) => number;
  shows: (r: number) => readonly [number, number];
}[] = [
  { of: Math.trunc, shows: (r) => (r > 0 ? [r, r + 1] : r < 0 ? [r - 1, r] : [-1, 1]) },
  { of: Math.floor, shows: (r) => [r, r + 1] },
  { of: Math.ceil, shows: (r) => [r - 1, r] },
  { of: Math.round, shows: (r) => [r - 0.5, r + 0.5] },
  {
    of: (points) => Math.sign(points) * Math.round(Math.abs(points)),
    shows: (r) => (r === 0 ? [-0.5, 0.5] : [r - 0.5, r + 0.5]),
  },
];

/** Why a balance read as a whole number where decimals were expected only warns. */
export const WHOLE_BALANCE_NOTE =
  "the balance page's response table types the balance figures int, while the program's round decimals (the deduction page, 8906) let the ledger keep decimals: a whole number that is the expected balance with its decimals dropped or rounded follows the table, and one with fewer decimals than the ledger keeps (the pages give the figures no decimals) lies between the two";

/** Why a sum over programs written with more decimals than the one-program reads it sums only warns. */
export const PARTS_SHOWN_FEWER_NOTE =
  "the balance page's response table types the balance figures int, while the program's round decimals (the deduction page, 8906) let the ledger keep decimals, and nothing says a read over all programs and a read of one program are written alike: a sum over programs written with the ledger's decimals beside one-program reads written whole, or with fewer decimals, is a sum of ledger values those reads show, each of them hiding part of a unit of its own";

/** Why an amount sent as a numeric string in exponent form ("6.7E+2") only warns. */
export const EXPONENT_FORM_NOTE =
  'the documents never define a numeric string\'s syntax: their examples write decimals ("670.000", "10.000"), and a string in exponent form, as Java\'s BigDecimal.toString() writes a round amount, is still exactly the amount';

/**
 * What a balance figure read from the target should be: the sum of figures read before (`plus`,
 * less those in `less`) moved by an exact `delta` (a deduction negative, an unlock positive).
 */
export interface BalanceExpectation {
  readonly plus: readonly number[];
  readonly less?: readonly number[];
  readonly delta?: number;
  /**
   * Other readings of the scenario: one with a figure with decimals shows that the target keeps
   * decimals on display, so its whole numbers are judged as they are.
   */
  readonly seen?: readonly BalanceReading[];
  /**
   * The deductions behind the move: one whose pointsAvailable is written with decimals ("669.00")
   * and equals the read shows the ledger holds the read exactly, so it is judged as it is.
   */
  readonly deductions?: readonly Exchange[];
  /**
   * The read is a sum over programs the target works out itself: written with fewer decimals than
   * the sum of the figures read has (the default program's round decimals, say), it is shown as
   * the balance table allows whatever the other readings show ({@link roundedOf}).
   */
  readonly sumOverPrograms?: boolean;
  /**
   * The exact sum of the customer's one-program reads taken after the read of a sum over programs
   * ({@link withProgramsNow}): a sum written with fewer decimals than its programs keep, rounded
   * half to even, shows a whole move 0 or 2 units off when the sum holds half a unit; the read
   * and the one before it must then both be that display of the ledger now and before the move.
   * Where the one-program reads hide the half too, the sum a confirming deduction showed the
   * ledger held ({@link confirmedTie}).
   */
  readonly programsNow?: number;
}

/** The value a {@link BalanceExpectation} expects, at the ledger's precision ({@link roundPoints}). */
export const expectedBalance = ({ plus, less = [], delta = 0 }: BalanceExpectation): number =>
  roundPoints(
    plus.reduce((sum, points) => sum + points, 0) - less.reduce((sum, points) => sum + points, 0) + delta,
    ...plus,
    ...less,
    delta,
  );

const promisedFiguresOf = (reading: BalanceReading) =>
  [reading.promisedPoints, reading.delayedAccrualPoints, reading.externalTriggerBasedPoints].filter(
    (points): points is number => points !== undefined,
  );

const figuresOf = (reading: BalanceReading) => [
  reading.mainPoints,
  reading.totalPoints,
  ...promisedFiguresOf(reading),
];

/** Whether `seen` write every promised figure whole beside a main or total with decimals (promwhole). */
export const promisedWrittenWhole = (seen: readonly BalanceReading[]) =>
  seen.some((r) => !hasAtMost(r.mainPoints, 0) || !hasAtMost(r.totalPoints, 0)) &&
  seen.every((r) => promisedFiguresOf(r).every((points) => hasAtMost(points, 0)));

/**
 * Whether `read` is what a target showing every balance figure as a whole number (the balance
 * table's int), or with a fixed number of decimals fewer than its ledger keeps, would show for
 * `expectation`: the read and every figure it rests on have at most those decimals, none of the
 * scenario's other readings shows more, and for one way of showing them (dropping or rounding
 * decimals) some ledger values behind the figures read before, moved by the exact delta, show as
 * `read`. An amount moved with no more decimals than shown, without crossing zero, must so still
 * match exactly, and a deduction's pointsAvailable written with more decimals that equals the read
 * shows the ledger holds that figure.
 */
export const readAsWholeNumber = (read: number, expectation: BalanceExpectation): boolean =>
  shownFewerNote(read, expectation) !== undefined;

/**
 * Why {@link readAsWholeNumber} takes `read` as shown with fewer decimals (the note a check warns
 * with), or undefined where it does not: a sum over programs written with more decimals than the
 * one-program reads it sums ({@link partsShownFewer}) has words of its own, the read there being
 * exact and its parts the displays.
 */
export function shownFewerNote(read: number, expectation: BalanceExpectation): string | undefined {
  if (expectation.sumOverPrograms && roundedOf(read, expectedBalance(expectation))) return WHOLE_BALANCE_NOTE;
  if (shownHalfEven(read, expectation)) return WHOLE_BALANCE_NOTE;
  if (DISPLAY_DECIMALS.some((decimals) => readAsShownWith(decimals, read, expectation)))
    return WHOLE_BALANCE_NOTE;
  if (expectation.sumOverPrograms && partsShownFewer(read, expectation)) return PARTS_SHOWN_FEWER_NOTE;
  return undefined;
}

/**
 * Whether a sum over programs read with more decimals than its one-program reads (and every other
 * reading of the scenario) show is a sum of ledger values those reads may show, for one way of
 * showing them: a read without programId served by another code path than the one-program reads
 * (variant hunt 57) may write the ledger's decimals while the one-program DTO keeps the balance
 * table's int, and each one-program read then hides up to a unit of its own.
 */
function partsShownFewer(
  read: number,
  { plus, less = [], delta = 0, seen = [] }: BalanceExpectation,
): boolean {
  if (less.length > 0 || delta !== 0 || plus.length === 0) return false;
  const decimals = decimalsShowing([...plus, ...seen.flatMap(figuresOf)]);
  if (decimals === undefined || hasAtMost(read, decimals)) return false;
  const scale = 10 ** decimals;
  return WHOLE_NUMBER_DISPLAYS.some(({ shows }) => {
    const ends = plus.map((part) => shows(Math.round(part * scale)));
    const low = ends.reduce((total, [from]) => total + from, 0) / scale;
    const high = ends.reduce((total, [, to]) => total + to, 0) / scale;
    return read > low && read < high;
  });
}

/** Whether `read` is `expectation` exactly or as a display with fewer decimals shows it. */
export const readShows = (read: number, expectation: BalanceExpectation): boolean =>
  samePoints(read, expectedBalance(expectation)) || readAsWholeNumber(read, expectation);

/** `units` (a figure in units of the last decimal shown) rounded half to even. */
const halfEvenUnits = (units: number) => {
  const low = Math.floor(units + 1e-9);
  return Math.abs(units - low - 0.5) < 1e-6 ? (low % 2 === 0 ? low : low + 1) : Math.round(units);
};

/**
 * Whether a move of one figure read before (`plus`, by `delta`) reads as `read` because both reads
 * are the sum over programs read now ({@link BalanceExpectation.programsNow}), before and after
 * the move, written with fewer decimals and rounded half to even (BigDecimal's HALF_EVEN, .NET's
 * Math.Round, Python's round): a tie, which the displays of {@link WHOLE_NUMBER_DISPLAYS} do not
 * meet, since each rounds a tie one way.
 */
function shownHalfEven(
  read: number,
  { plus, less = [], delta = 0, programsNow }: BalanceExpectation,
): boolean {
  const [before] = plus;
  if (programsNow === undefined || before === undefined || plus.length !== 1 || less.length > 0) return false;
  return DISPLAY_DECIMALS.some((decimals) => {
    const scale = 10 ** decimals;
    const shows = (exact: number, shown: number) =>
      hasAtMost(shown, decimals) && halfEvenUnits(exact * scale) === Math.round(shown * scale);
    return (
      !hasAtMost(programsNow, decimals) &&
      shows(programsNow, read) &&
      shows(roundPoints(programsNow - delta, programsNow, delta), before)
    );
  });
}

/**
 * `expectation` of a read over all programs, with {@link BalanceExpectation.programsNow} where the
 * read is neither the expected figure nor accepted as a display of it: the customer's declared
 * programs read one by one (read-only; a correct target's exact read sends none). Where those reads
 * hide the half too (every figure whole, half to even), a read one unit off a move by an odd number
 * of units is confirmed by one more move ({@link confirmedTie}). Returns the exchanges it sent, for
 * the evidence, and the points that confirmation deducted after `read` (0: none sent), for a
 * caller reading on from a reading taken before it.
 *
 * With `oneProgram`, `read` is of that program alone (the one `move.deduction` named; no programId:
 * the default program), which may itself hold a hidden half: written whole, half to even, a move
 * by an odd number of units reads one unit off (variant hunt 27: 249.5 reads 250, 248.5 reads
 * 248). Nothing finer than the program's own read shows its ledger, so such a read goes straight
 * to the confirmation, the program read again. `tieEvenIfShown` confirms a tie even where another
 * display accounts for the read (a total beside it only a tie explains: {@link mainAndTotalNow}).
 */
export async function withProgramsNow(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  read: number,
  expectation: BalanceExpectation,
  move: TieMove,
  oneProgram?: { programId?: number },
  tieEvenIfShown = false,
): Promise<[BalanceExpectation, Exchange[], number]> {
  if (
    samePoints(read, expectedBalance(expectation)) ||
    (!tieEvenIfShown && readAsWholeNumber(read, expectation))
  )
    return [expectation, [], 0];
  const [holdings, exchanges] = await mainHoldings(ctx, customer, read, oneProgram);
  if (oneProgram) {
    const tie = await confirmedTie(ctx, customer, read, expectation, move, holdings, oneProgram);
    if (!tie) return [expectation, [], 0];
    const ledger = tie.ledger === undefined ? expectation : { ...expectation, programsNow: tie.ledger };
    return [ledger, tie.exchanges, tie.deducted];
  }
  const figures = holdings.map((points) => points ?? 0);
  const programsNow = roundPoints(
    figures.reduce((sum, points) => sum + points, 0),
    ...figures,
  );
  const withParts = { ...expectation, programsNow };
  if (shownHalfEven(read, withParts)) return [withParts, exchanges, 0];
  const tie = await confirmedTie(ctx, customer, read, expectation, move, figures);
  if (!tie) return [withParts, exchanges, 0];
  return [
    tie.ledger === undefined ? withParts : { ...expectation, programsNow: tie.ledger },
    [...exchanges, ...tie.exchanges],
    tie.deducted,
  ];
}

/**
 * One balance read judged as a move under `move.requirement` ({@link verifyBalance}), any half-even
 * tie it reads as confirmed first ({@link withProgramsNow}, whose requests join `exchanges` as
 * evidence). Returns the points that confirmation deducted after `read` (0: none), for a caller
 * reading on, and the requests it sent.
 */
export async function verifyMoveConfirmed(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  read: BalanceReading,
  expectation: BalanceExpectation,
  move: TieMove,
  {
    expected,
    exchanges,
    of = 'mainPoints',
  }: { expected: string; exchanges: readonly Exchange[]; of?: string },
  oneProgram?: { programId?: number },
): Promise<{ deducted: number; checked: Exchange[] }> {
  const [moved, checked, deducted] = await withProgramsNow(
    ctx,
    customer,
    read.mainPoints,
    expectation,
    move,
    oneProgram,
  );
  verifyBalance(ctx, move.requirement, read.mainPoints, moved, {
    expected,
    actual: `${of} ${read.mainPoints}`,
    exchanges: [...exchanges, ...checked],
  });
  return { deducted, checked };
}

/**
 * Reads `programId` after `exchange`, a deduction of one point that succeeded with `start` the
 * program's read before it, and judges the point taken under `requirement` (`expected` names it): a
 * hidden half's tie confirmed by {@link verifyMoveConfirmed}. Returns the read, the points that
 * confirmation deducted after it (0: none) and the requests it sent.
 */
export async function verifyPointTaken(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number | undefined,
  start: BalanceReading,
  exchange: Exchange,
  requirement: string,
  expected: string,
): Promise<{ after: BalanceReading; deducted: number; checked: Exchange[] }> {
  const [after, expectation] = await readMainAfter(
    ctx,
    requirement,
    customer,
    programField(programId),
    (read) => ({
      plus: [start.mainPoints],
      delta: -1,
      seen: [start, read],
      deductions: ledgerShownBy(ctx, customer, [exchange]),
    }),
  );
  const { deducted, checked } = await verifyMoveConfirmed(
    ctx,
    customer,
    after,
    expectation,
    { requirement, deduction: exchange },
    { expected, exchanges: [start.exchange, exchange, after.exchange] },
    programField(programId),
  );
  return { after, deducted, checked };
}

/** A figure read and what it should be, as {@link verifyBalances} takes them. */
type Figure = readonly [number, BalanceExpectation];

/**
 * {@link withProgramsNow} for main and total points read over all programs after one move
 * (`figures`: main's, then total's): main as that judges it, total with main's
 * {@link BalanceExpectation.programsNow} plus the promised points between them where those read
 * unchanged (a hidden half in main shows in total too). Where they do not, because main and total
 * each rounded their half to a different even neighbour (668.5 and 733.5 read 668 and 734, then
 * 667.5 and 732.5 read 668 and 732: variant hunt 27), a total reading as the same tie as the main
 * accepted with it is that tie. Either way the read's promisedPoints must show the points the two
 * ledgers leave between them ({@link promisedShownAs}). Returns the figures to verify, the exchanges
 * sent and the points a tie confirmation deducted (0: none). With
 * `oneProgram`, both figures are of that program's read ({@link withProgramsNow}).
 */
export async function mainAndTotalNow(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  figures: readonly Figure[],
  move: TieMove,
  oneProgram?: { programId?: number },
): Promise<[[Figure, Figure], Exchange[], number]> {
  const [[mainRead, mainMoved], [totalRead, totalMoved]] = figures as [Figure, Figure];
  // A main another display accounts for (0.5 → -0.5 read 0 → 0, as dropped toward zero) beside a
  // total only a half-even tie does (27.5 → 26.5 read 28 → 26) is confirmed as the tie both read
  // as (variant hunt 30).
  const totalOnlyTie =
    !samePoints(totalRead, expectedBalance(totalMoved)) &&
    !readAsWholeNumber(totalRead, totalMoved) &&
    readAsTie(totalRead, totalMoved) !== undefined;
  const [main, checked, deducted] = await withProgramsNow(
    ctx,
    customer,
    mainRead,
    mainMoved,
    move,
    oneProgram,
    totalOnlyTie,
  );
  if (totalOnlyTie && checked.length === 0 && samePoints(mainRead, expectedBalance(mainMoved)))
    return totalTieBesideExactMain(ctx, customer, figures as [Figure, Figure], move, oneProgram);
  const promised = (main: number, total: number) => minus(total, main);
  const [mainBefore, totalBefore] = [mainMoved.plus[0], totalMoved.plus[0]];
  const now = promised(mainRead, totalRead);
  const totalTie = readAsTie(totalRead, totalMoved);
  const mainNow = main.programsNow;
  const ledger =
    mainNow === undefined || mainBefore === undefined || totalBefore === undefined
      ? undefined
      : samePoints(now, promised(mainBefore, totalBefore))
        ? roundPoints(mainNow + now, mainNow, now)
        : totalTie !== undefined && shownHalfEven(mainRead, main)
          ? totalTie
          : undefined;
  // Either way the promised points the total's ledger leaves beside main's must be what the read
  // shows (fault hunt 34: a total unmoved beside a main moved by 2 reads as a tie of its own).
  const total =
    ledger !== undefined &&
    mainNow !== undefined &&
    promisedShownAs(minus(ledger, mainNow), totalMoved, totalRead, totalBefore ?? totalRead)
      ? { ...totalMoved, programsNow: ledger }
      : totalMoved;
  return [
    [
      [mainRead, main],
      [totalRead, total],
    ],
    checked,
    deducted,
  ];
}

/**
 * {@link mainAndTotalNow} where main reads exactly as its move and the total only as a half-even tie
 * of its own (dfix51: main written whole another way, 50.5 → 49.5 truncated to 50 → 49, beside a
 * total half to even, 77.5 → 76.5 read 78 → 76): main shows no tie to confirm, so the total's is
 * confirmed on its own, one more unit deducted and the total read again ({@link confirmedTie}).
 * Taken only where the promisedPoints read leave, beside main's read, the tie's ledger within less
 * than a unit of main's display (a display hides less than a unit of its ledger): a total that lags
 * a deduction behind reads as a tie its next move "confirms", but leaves a promised figure a unit
 * and a half off (fault `bal-total-misses-string-deduction-half-even`'s shape, beside a main read
 * exactly).
 */
async function totalTieBesideExactMain(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  [[mainRead, mainMoved], [totalRead, totalMoved]]: readonly [Figure, Figure],
  move: TieMove,
  oneProgram?: { programId?: number },
): Promise<[[Figure, Figure], Exchange[], number]> {
  const [holdings, exchanges] = await mainHoldings(ctx, customer, mainRead, oneProgram);
  const tie = await confirmedTie(
    ctx,
    customer,
    totalRead,
    totalMoved,
    move,
    holdings,
    oneProgram,
    (reading) => reading.totalPoints,
  );
  const read = totalMoved.seen?.at(-1)?.promisedPoints;
  const withinMain = (ledger: number) =>
    read === undefined ||
    Math.abs(minus(read, minus(ledger, mainRead))) < 10 ** -decimalsShown(mainRead) - 1e-9;
  const total =
    tie?.ledger !== undefined && withinMain(tie.ledger)
      ? { ...totalMoved, programsNow: tie.ledger }
      : totalMoved;
  return [
    [
      [mainRead, mainMoved],
      [totalRead, total],
    ],
    [...exchanges, ...(tie?.exchanges ?? [])],
    tie?.deducted ?? 0,
  ];
}

/**
 * The main points each of the customer's programs holds now, in its program order, for
 * {@link confirmingProgram}: with `oneProgram`, `read` is that program's and the others are not
 * read; else each program is read (read-only), those reads returned as evidence.
 */
async function mainHoldings(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  read: number,
  oneProgram?: { programId?: number },
): Promise<[(number | undefined)[], Exchange[]]> {
  if (oneProgram) return [customer.programs.map((p) => (p === oneProgram.programId ? read : undefined)), []];
  const parts: BalanceReading[] = [];
  for (const programId of customer.programs) parts.push(await ctx.balance(customer, { programId }));
  return [parts.map((r) => r.mainPoints), parts.map((r) => r.exchange)];
}

/**
 * Whether the promisedPoints of the read judged (the last reading `seen`) can show `promised`, the
 * points a total's own tie and its main's tie leave between them, within half a display unit of the
 * totals read (`shown`; absent promisedPoints constrains nothing). A total that never moved while
 * its main moved by two reads as a tie of its own too, but leaves a promised figure two units off
 * the one the read shows, which no display of a ledger holding the promised points does (fault hunt 34).
 */
function promisedShownAs(promised: number, { seen = [] }: BalanceExpectation, ...shown: number[]): boolean {
  const read = seen.at(-1)?.promisedPoints;
  const unit = 10 ** -Math.max(...shown.map(decimalsShown));
  return read === undefined || Math.abs(minus(read, promised)) <= unit / 2 + 1e-9;
}

/**
 * The ledger figure behind `read` where it reads as a half-even tie of a move of one figure
 * ({@link halfEvenTie}: the half between the read and the even neighbour it rounded to), else undefined.
 */
function readAsTie(read: number, { plus, less = [], delta = 0 }: BalanceExpectation): number | undefined {
  const [before] = plus;
  if (before === undefined || plus.length !== 1 || less.length > 0) return undefined;
  const tie = halfEvenTie(before, read, delta);
  return tie && roundPoints(read - tie.off / 2, read, tie.off);
}

/** The move a read over all programs judges: the requirement judging it, and the deduction that made it. */
export interface TieMove {
  readonly requirement: string;
  readonly deduction: Exchange;
}

/** How many decimals a figure is written with (0 for a whole number). */
export const decimalsShown = (value: number) => (String(value).split('.')[1] ?? '').length;

/**
 * Whether `after`, read after a move of `delta` from `before`, reads as a display rounding half to
 * even shows an exact ledger holding a hidden half unit: one display unit off a move by an odd
 * number of units, both readings an even number of units (a tie shows as its even neighbour;
 * 790.5 reads 790 and, 1 deducted, 789.5 reads 790 too). Returns the display unit and how far
 * `after` is off the move, or undefined when it is no such reading. Only a further odd move can
 * tell it from a ledger a unit off ({@link confirmedTie}; fabric's `tieRoundedDisplay`).
 */
export function halfEvenTie(
  before: number,
  after: number,
  delta: number,
): { unit: number; off: number } | undefined {
  const unit = 10 ** -Math.max(decimalsShown(before), decimalsShown(after));
  const units = (x: number) => Math.round(x / unit);
  const off = roundPoints(after - before - delta, after, before, delta);
  const tie =
    samePoints(units(delta) * unit, delta) &&
    Math.abs(units(delta)) % 2 === 1 &&
    samePoints(Math.abs(off), unit) &&
    units(after) % 2 === 0 &&
    units(before) % 2 === 0;
  return tie ? { unit, off } : undefined;
}

/**
 * A read over all programs that reads as a half-even tie ({@link halfEvenTie}) where the
 * one-program reads hide the half as well (a target writing every figure with fewer decimals,
 * rounded half to even). A ledger a unit off reads so too, so one more unit is deducted from the program
 * `deduction` named (a systematic fault of that path repeats) and the sum read again: over the
 * hidden half it lands on a tie again, at the even neighbour (the two moves read exactly 2 units
 * in all), while a ledger holding whole units reads it a unit off that, as fabric's
 * `tieRoundedDisplay` confirms an inquiry's tie. `ledger` (the sum the confirmation shows the
 * ledger held after the move) is set only where the prediction held, or where nothing could confirm
 * it (no program shows the unit, or one showing less than two units refused it with 8907); another
 * refused confirmation returns its answer alone. Undefined where no tie was read (nothing sent).
 * `holdings` are the customer's programs' main points now, in its program order (undefined where
 * not read); `scope` is the read judged, read again (over all programs, or the one program
 * {@link withProgramsNow} judges with `oneProgram`).
 */
async function confirmedTie(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  read: number,
  { plus, less = [], delta = 0 }: BalanceExpectation,
  { requirement, deduction }: TieMove,
  holdings: readonly (number | undefined)[],
  scope: BalanceOptions = { fetchDataForAllPrograms: true },
  figure: (reading: BalanceReading) => number = (reading) => reading.mainPoints,
): Promise<{ exchanges: Exchange[]; deducted: number; ledger?: number } | undefined> {
  const [before] = plus;
  if (before === undefined || plus.length !== 1 || less.length > 0) return undefined;
  const tie = halfEvenTie(before, read, delta);
  if (!tie) return undefined;
  const { unit, off } = tie;
  const { programId } = (deduction.request.body ?? {}) as { programId?: unknown };
  const from = confirmingProgram(ctx, customer, programId, unit, holdings);
  // No program holds a unit to move and the org refuses to go below zero: nothing can confirm or
  // refute the tie, and the pages give the figures no rounding, so the read is taken as the tie it
  // reads as (it warns, as a whole-number display does).
  // Nor where a one-program read (`scope` without fetchDataForAllPrograms) would be confirmed by a
  // unit from another program: the program read again cannot move, so its prediction is the read
  // itself and "confirms" any read (fault hunt 35).
  if (from === NO_PROGRAM || (!scope.fetchDataForAllPrograms && from !== programId))
    return { exchanges: [], deducted: 0, ledger: roundPoints(read - off / 2, read, off) };
  const sent = await deduct(ctx, customer, unit, { programId: from });
  // Refused as more than the program holds where it showed less than two units: a display may show
  // a unit for a holding of less (half to even shows 0.7 as 1; variant hunt 26: a customer holding
  // 0.7 and 0.8 in two programs of one decimal, the others drained), so the tie stays unconfirmed,
  // as where no program shows a unit.
  // Not where the org refuses to go below zero and the judged deduction's own program reads below
  // it: that program held the amount it took, and no display shows a balance of zero or more so
  // (fault hunt 33: one booked twice, from 1 to -1, and its tie "confirmed" by 0.7 points refusing
  // a unit). Another program may read below zero in such an org (variant hunt 28: a debt migrated
  // in, which the 8907 the page gives deductions says nothing of).
  const judged = customer.programs.indexOf(Number(programId ?? ctx.org?.config.defaultProgramId));
  if (
    !succeeded(sent) &&
    errorCodesOf(sent).includes(8907) &&
    showsUnderTwoUnits(customer, from, unit, holdings) &&
    !(ctx.org?.config.negativeBalanceOnReturn === 'off' && (holdings[judged] ?? 0) < 0)
  )
    return { exchanges: [sent], deducted: 0, ledger: roundPoints(read - off / 2, read, off) };
  if (!succeeded(sent)) return { exchanges: [sent], deducted: 0 };
  const predicted = roundPoints(read - unit - off, read, unit, off);
  const again = await ctx.balance(customer, scope, {
    requirement,
    shows: (r) => samePoints(figure(r), predicted),
  });
  // The read that refuted the tie is evidence too: it is why the read was not forgiven.
  const confirmation = { exchanges: [sent, again.exchange], deducted: unit };
  return samePoints(figure(again), predicted)
    ? { ...confirmation, ledger: roundPoints(read - off / 2, read, off) }
    : confirmation;
}

/**
 * The program {@link confirmedTie} deducts its unit from: the one the judged deduction named, or,
 * where its main points now (`holdings`, in the customer's program order) show less than the unit,
 * the first other program showing at least that (variant hunt 25: a customer left with nothing in
 * the named program, a strict org refused the confirmation with 8907 and the tie failed; any
 * program's unit moves the sum over programs by one unit). {@link NO_PROGRAM} where none does and
 * the org does not go below zero (config.negativeBalanceOnReturn not on).
 */
function confirmingProgram(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  named: unknown,
  unit: number,
  holdings: readonly (number | undefined)[],
): unknown {
  const holds = (i: number) => (holdings[i] ?? 0) >= unit;
  const at = customer.programs.indexOf(Number(named));
  if (at < 0 || holds(at)) return named;
  const other = customer.programs.findIndex((_, i) => i !== at && holds(i));
  if (other >= 0) return customer.programs[other];
  return ctx.org?.config.negativeBalanceOnReturn === 'on' ? named : NO_PROGRAM;
}

/** Whether `program`'s main points among `holdings` (in the customer's program order) show less than two units. */
const showsUnderTwoUnits = (
  customer: NamedCustomer,
  program: unknown,
  unit: number,
  holdings: readonly (number | undefined)[],
) => (holdings[customer.programs.indexOf(Number(program))] ?? 0) < 2 * unit;

/** {@link confirmingProgram}'s answer where no program can take the unit. */
const NO_PROGRAM = Symbol('no program holds a unit');

/** {@link readAsWholeNumber} for figures shown with `decimals` decimals (0: whole numbers). */
function readAsShownWith(decimals: number, read: number, expectation: BalanceExpectation): boolean {
  const { plus, less = [], delta = 0, seen = [], deductions = [] } = expectation;
  // Main written with these decimals in every reading while the promised figures, or the total,
  // show more in some: those come from a column of their own, written as the ledger holds them,
  // and enter the sums exactly (promised points beside main and total written whole, the reverse
  // of promisedWrittenWhole; a total beside a main written whole, the table's int, as a DTO of an
  // int main and a BigDecimal total writes them: variant hunt 51).
  const { exact, shownOf, readExact } = exactColumns(decimals, read, seen);
  const figures = [
    ...(readExact ? [] : [read]),
    ...[...plus, ...less].filter((r) => !exact(r)),
    ...seen.flatMap(shownOf),
  ];
  if (!figures.every((points) => hasAtMost(points, decimals))) return false;
  if (deductions.some((exchange) => samePoints(pointsAvailableWrittenWithDecimals(exchange, decimals), read)))
    return false;
  // The one deduction behind the move answered the very figure the move predicts, with no more
  // decimals than shown: the ledger holds it exactly, which every such display shows as it is
  // (fault hunt 33: a deduction across zero answered as booked and booked a point short).
  const predicted = expectedBalance(expectation);
  const [only] = deductions;
  if (
    deductions.length === 1 &&
    only &&
    hasAtMost(predicted, decimals) &&
    samePoints(pointsAvailableWrittenWithDecimals(only, decimals), predicted)
  )
    return false;
  // Judged in units of the last decimal shown, where the figures are whole numbers.
  const unit = (points: number) => Math.round(points * 10 ** decimals);
  // A promised figure written whole, rounded, beside main and total with decimals (the balance
  // table types promisedPoints int; variant hunt 29) is within half a point of its ledger value:
  // each figure by the decimals it is written with, so the sum only warns.
  const promisedWhole = decimals > 0 && promisedWrittenWhole(seen);
  const writtenWhole = (r: number) =>
    promisedWhole && seen.some((s) => promisedFiguresOf(s).some((points) => samePoints(points, r)));
  const margin = 1e-6;
  // Within a double's noise of the units' grid, so that an end the display shows is met exactly.
  const snap = (units: number) => Math.round(units * 1e6) / 1e6;
  return WHOLE_NUMBER_DISPLAYS.some(({ of, shows }) => {
    // Each figure's ends, and whether the display shows each end as the figure itself: a tie
    // belongs to one side (99.95 written half away from zero with one decimal is 100.0, -10.05
    // is -10.1; variant hunt 46), so a sum of shown ends is a ledger value the target may hold.
    const ends = (r: number) => {
      if (exact(r)) return { lo: r * 10 ** decimals, hi: r * 10 ** decimals, loShown: true, hiShown: true };
      if (writtenWhole(r)) return { lo: unit(r - 0.5), hi: unit(r + 0.5), loShown: false, hiShown: false };
      const [lo, hi] = shows(unit(r));
      return { lo, hi, loShown: of(lo) === unit(r), hiShown: of(hi) === unit(r) };
    };
    let low = delta * 10 ** decimals;
    let high = low;
    let lowHeld = true;
    let highHeld = true;
    for (const r of plus) {
      const { lo, hi, loShown, hiShown } = ends(r);
      low += lo;
      high += hi;
      lowHeld &&= loShown;
      highHeld &&= hiShown;
    }
    for (const r of less) {
      const { lo, hi, loShown, hiShown } = ends(r);
      low -= hi;
      high -= lo;
      lowHeld &&= hiShown;
      highHeld &&= loShown;
    }
    // An exact read (a total from a column of its own) lies between the ends the figures allow.
    if (readExact) {
      const scaled = snap(read * 10 ** decimals);
      return (
        (lowHeld ? snap(low) <= scaled : low < scaled) && (highHeld ? scaled <= snap(high) : scaled < high)
      );
    }
    // The display only ever grows with the ledger value: every figure between the ends shows.
    const lowest = of(lowHeld ? snap(low) : low + margin);
    const highest = of(highHeld ? snap(high) : high - margin);
    return lowest <= unit(read) && unit(read) <= highest;
  });
}

/**
 * The promised points of a balance answer: promisedPoints, or its breakup where it is left out
 * (`fromBreakup`, inferred: promised = delayed + external is DESIGN's inference). A serializer
 * leaving out fields equal to their default (kotlinx `encodeDefaults = false`, proto3's JSON) writes
 * a zero figure as nothing: inside a breakup the answer gives, a figure left out counts as 0
 * (clean room 28, variant hunt 7). Undefined where neither is there.
 */
export function promisedOf(
  reading: BalanceReading,
): { promised: number; fromBreakup: boolean; delayed?: number; external?: number } | undefined {
  const { delayedAccrualPoints: delayed, externalTriggerBasedPoints: external } = reading;
  const [inSumDelayed, inSumExternal] = [delayed, external].map(
    (figure) => figure ?? (reading.promisedBreakupGiven ? 0 : undefined),
  );
  const parts = inSumDelayed !== undefined && inSumExternal !== undefined;
  const figures = parts ? { delayed: inSumDelayed, external: inSumExternal } : {};
  if (reading.promisedPoints !== undefined)
    return { promised: reading.promisedPoints, fromBreakup: false, ...figures };
  if (!parts) return undefined;
  return {
    promised: roundPoints(inSumDelayed + inSumExternal, inSumDelayed, inSumExternal),
    fromBreakup: true,
    ...figures,
  };
}

/**
 * The figures of `seen` that enter a sum exactly under a display with `decimals` decimals: where
 * main is written with those decimals in every reading and the total or the promised figures
 * show more in some, those fields come from columns of their own written as the ledger holds
 * them (`exact`: a figure of such a field with more decimals; `readExact`: `read` itself has more,
 * so is no main of that display); `shownOf` gives a reading's figures the display must show.
 */
function exactColumns(
  decimals: number,
  read: number,
  seen: readonly BalanceReading[],
): {
  exact: (points: number) => boolean;
  shownOf: (reading: BalanceReading) => number[];
  readExact: boolean;
} {
  const mainShown = seen.length > 0 && seen.every((r) => hasAtMost(r.mainPoints, decimals));
  const finer = (figuresOfField: (r: BalanceReading) => readonly number[]) =>
    mainShown && seen.some((r) => figuresOfField(r).some((points) => !hasAtMost(points, decimals)));
  // A total is a column of its own only where some reading shows it apart from main plus promised:
  // a main written with few decimals that are all it holds (120.5 of 133.175) adds up exactly (fault
  // upp-rounded-to-default-decimals: 12.675 unlocked as 12.68, read 133.18, is no display).
  const totalExact =
    finer((r) => [r.totalPoints]) &&
    seen.some((r) => {
      const promised = promisedOf(r)?.promised ?? 0;
      return !samePoints(r.totalPoints, roundPoints(r.mainPoints + promised, r.mainPoints, promised));
    });
  // Promised figures are exact beside such a total, and beside a total written with the display's
  // decimals too (promexact).
  const promisedExact =
    totalExact || (finer(promisedFiguresOf) && seen.every((r) => hasAtMost(r.totalPoints, decimals)));
  const exactFiguresOf = (r: BalanceReading) => [
    ...(totalExact ? [r.totalPoints] : []),
    ...(promisedExact ? promisedFiguresOf(r) : []),
  ];
  return {
    exact: (points) =>
      !hasAtMost(points, decimals) &&
      seen.some((s) => exactFiguresOf(s).some((figure) => samePoints(figure, points))),
    shownOf: (r) =>
      totalExact || promisedExact
        ? [
            r.mainPoints,
            ...(totalExact ? [] : [r.totalPoints]),
            ...(promisedExact ? [] : promisedFiguresOf(r)),
          ]
        : figuresOf(r),
    readExact: totalExact && !hasAtMost(read, decimals),
  };
}

/**
 * Whether `points` shows decimals that no figure of `readings` shows: a ledger figure behind a
 * display with fewer decimals (pointsAvailable "1.010" beside reads of 2 and 1, truncated).
 */
export function showsDecimalsBeyond(points: number, readings: readonly BalanceReading[]): boolean {
  const shown = decimalsShowing(readings.flatMap(figuresOf));
  return shown !== undefined && !hasAtMost(points, shown);
}

/**
 * Whether `after`, read after one deduction of `amount` from a program read as `before`, is the
 * ledger's exact figure (the deduction's pointsAvailable writes it with more decimals than the
 * reads show) while `before` may be a display hiding a fraction of the ledger before the move:
 * `before`, `after` and the scenario's other readings (`seen`) show no more decimals than some
 * display of {@link WHOLE_NUMBER_DISPLAYS}, under which the ledger the exact read implies before
 * the move (`after` + `amount`) shows as `before` (variant hunt 44: -0.9 truncated reads 0, 1.1
 * deducted, -2.0 read -2 and answered "-2.000"). {@link readAsShownWith} then judges the read
 * exactly against the read before, which a correct target fails; only a move from a figure the
 * ledger is known to hold tells.
 */
export function provenAfterHiddenBefore(
  before: number,
  after: number,
  amount: number,
  deduction: Exchange,
  seen: readonly BalanceReading[],
): boolean {
  const ledgerBefore = roundPoints(after + amount, after, amount);
  return DISPLAY_DECIMALS.some((decimals) => {
    // Scaled from whole micro-points, so that no double's noise crosses a display's boundary.
    const scaled = Math.round(ledgerBefore * 10 ** 6) / 10 ** (6 - decimals);
    return (
      [before, after, ...seen.flatMap(exactColumns(decimals, after, seen).shownOf)].every((points) =>
        hasAtMost(points, decimals),
      ) &&
      samePoints(pointsAvailableWrittenWithDecimals(deduction, decimals), after) &&
      !hasAtMost(ledgerBefore, decimals) &&
      WHOLE_NUMBER_DISPLAYS.some(({ of }) => samePoints(of(scaled) / 10 ** decimals, before))
    );
  });
}

/**
 * Judges a balance figure read from the target against what it should be (exact, within a
 * millionth). A whole number that is the expected balance with its decimals dropped or rounded
 * ({@link readAsWholeNumber}) only warns: the balance table types the figures int.
 */
export function verifyBalance(
  ctx: ScenarioContext,
  requirementId: string,
  read: number,
  expectation: BalanceExpectation,
  evidence: Omit<Evidence, 'inferred'>,
): boolean {
  return verifyBalances(ctx, requirementId, [[read, expectation]], evidence);
}

/**
 * Whether `read` is what `expectation` gives had 1 to `unseen` more writes moved it by `step` each
 * (writes that may have been applied unseen: no answer, a 503, a 200 that is no JSON), exactly or
 * read as a whole number; a figure none of them explains fails whatever became of them.
 */
export function movedByUnseen(
  read: number,
  expectation: BalanceExpectation,
  unseen: number,
  step = -1,
): boolean {
  for (let more = 1; more <= unseen; more += 1) {
    const moved = { ...expectation, delta: (expectation.delta ?? 0) + more * step };
    if (samePoints(read, expectedBalance(moved)) || readAsWholeNumber(read, moved)) return true;
  }
  return false;
}

/**
 * {@link verifyBalance} for several figures judged as one statement: it passes when all match, and
 * only warns when each of the others is read as a whole number.
 */
export function verifyBalances(
  ctx: ScenarioContext,
  requirementId: string,
  reads: readonly (readonly [number, BalanceExpectation])[],
  evidence: Omit<Evidence, 'inferred'>,
): boolean {
  const exact = reads.map(([read, expectation]) => samePoints(read, expectedBalance(expectation)));
  const notes = reads.flatMap(([read, expectation], i) =>
    exact[i] ? [] : [shownFewerNote(read, expectation)],
  );
  const whole = notes.every((note) => note !== undefined);
  return ctx.verify(requirementId, exact.every(Boolean), {
    ...evidence,
    ...(whole ? { inferred: [...new Set(notes)].join('; ') || WHOLE_BALANCE_NOTE } : {}),
  });
}

/**
 * What a balance read judging a write's effect looks for under the profile's read-after-write
 * window (`limits.readAfterWriteMs`): each figure of the reading meeting its expectation as
 * {@link verifyBalances} would accept it (exactly, or as a whole number), so that a read the check
 * passes is never re-read. `expect` gets the reading, for expectations that rest on it.
 */
export function showing(
  requirement: string,
  expect: (reading: BalanceReading) => readonly (readonly [number, BalanceExpectation])[],
): Settle<BalanceReading> {
  return {
    requirement,
    shows: (reading) => expect(reading).every(([read, expectation]) => readShows(read, expectation)),
  };
}

/**
 * Reads `customer`'s balance after a write whose effect on mainPoints `expectationOf` (given the
 * reading) describes, read again under the profile's read-after-write window until it shows it
 * ({@link showing}); returns the reading and its expectation, for {@link verifyBalance}.
 */
export async function readMainAfter(
  ctx: ScenarioContext,
  requirement: string,
  customer: NamedCustomer,
  options: { programId?: number; fetchDataForAllPrograms?: boolean },
  expectationOf: (reading: BalanceReading) => BalanceExpectation,
): Promise<[BalanceReading, BalanceExpectation]> {
  const settle = showing(requirement, (read) => [[read.mainPoints, expectationOf(read)]]);
  const after = await ctx.balance(customer, options, settle);
  return [after, expectationOf(after)];
}

/**
 * How a deduction's pointsAvailable is written and what the reads around it show, for the judges of
 * pointsAvailable ({@link verifyPointsAvailable}, {@link pointsAvailableAccepted}).
 */
export interface AvailableWriting {
  /** How the balances it is judged against were worked out from figures read before the deduction. */
  readonly from?: readonly BalanceExpectation[];
  /** The round decimals of the deduction's program. */
  readonly keeps?: number | undefined;
  /** The decimals pointsAvailable is written with ({@link pointsAvailableDecimals}). */
  readonly written?: number | undefined;
  /** The most round decimals among the customer's programs ({@link finestDecimalsOf}); default `keeps`. */
  readonly keepsAll?: number | undefined;
  /** The readings telling the display the reads are written with ({@link availableRoundedFewer}); default `from`. */
  readonly shownBy?: readonly BalanceExpectation[];
}

/**
 * Judges a deduction's `pointsAvailable` against the program's and the all-program balance
 * ({@link availableMatches}); a mismatch the document allows another reading of only warns
 * ({@link availableReadingNote}). When those balances were worked out from figures read before the
 * deduction, `from` gives how ({@link BalanceExpectation}): read as whole numbers, they may hide
 * decimals that the deduction then shows (a whole pointsAvailable with the decimals dropped toward
 * zero across it, say), so a whole number that one of them may show only warns ({@link readAsWholeNumber}).
 */
export function verifyPointsAvailable(
  ctx: ScenarioContext,
  requirementId: string,
  available: number | undefined,
  program: number,
  allPrograms: number,
  evidence: Omit<Evidence, 'inferred'>,
  writing: AvailableWriting = {},
): boolean {
  const { from = [], keeps, keepsAll } = writing;
  const note = availableReadingNote(available, program, allPrograms, keeps, keepsAll);
  const whole =
    note.inferred === undefined &&
    available !== undefined &&
    from.some((expectation) => readAsWholeNumber(available, expectation));
  const rounded =
    note.inferred === undefined && !whole && availableRoundsEither(available, program, allPrograms, writing);
  return ctx.verify(requirementId, availableMatches(available, program, allPrograms), {
    ...evidence,
    ...(whole ? { inferred: WHOLE_BALANCE_NOTE } : rounded ? { inferred: AVAILABLE_ROUNDED_NOTE } : note),
  });
}

/**
 * Whether {@link verifyPointsAvailable} would pass or only warn: `available` is a balance read
 * afterwards, or another reading the document allows of one, or a whole number `from` may show.
 */
export const pointsAvailableAccepted = (
  available: number | undefined,
  program: number,
  allPrograms: number,
  writing: AvailableWriting = {},
): boolean =>
  availableMatches(available, program, allPrograms) ||
  availableReadingNote(available, program, allPrograms, writing.keeps, writing.keepsAll).inferred !==
    undefined ||
  (available !== undefined &&
    (writing.from ?? []).some((expectation) => readAsWholeNumber(available, expectation))) ||
  availableRoundsEither(available, program, allPrograms, writing);

/**
 * {@link availableRoundedFewer} of the program's balance against the program's round decimals
 * `keeps`, or of the customer's over all programs against `keepsAll`, its finest program's: the
 * page lets pointsAvailable be that sum, which a writing with the named program's decimals rounds
 * (variant hunt 48: 1.00 in 469 beside 2.001 in 973 answered "3.00", read 4 raised; -9.495 answered
 * "-9.50" half to even, read -9.4 truncated).
 */
const availableRoundsEither = (
  available: number | undefined,
  program: number,
  allPrograms: number,
  { from = [], keeps, written, keepsAll = keeps, shownBy = from }: AvailableWriting,
) =>
  availableRoundedFewer(available, written, [program], shownBy, keeps) ||
  availableRoundedFewer(available, written, [allPrograms], shownBy, keepsAll);

/**
 * Whether `available`, written with `written` decimals, fewer than the round decimals `keeps` of the
 * deduction's program, is one of `balances` rounded to those decimals one way or the other: the
 * response table types pointsAvailable Integer and the example writes "670.000", so the page ties
 * its written decimals to no program's (a DECIMAL(p, 2) column, an int). A balance that it and the
 * scenario's readings (`from`'s) show with fewer decimals than the program keeps stands for any
 * ledger figure within one unit of the decimals shown, as the reads' own display may round either
 * way; exact otherwise (and where no reading is given). Variant hunt 46: 663.99 read 664.0 (one
 * decimal, raised) and answered 663 (the table's Integer); 2.998 read 2 (truncated) and answered
 * "3.00" (two decimals, half to even) in a 3-decimal program.
 */
export function availableRoundedFewer(
  available: number | undefined,
  written: number | undefined,
  balances: readonly number[],
  from: readonly BalanceExpectation[],
  keeps: number | undefined,
): boolean {
  // Where the profile declares no round decimals (no page lists a program's), the ledger may keep
  // as many as the example's "670.000" writes, more than pointsAvailable or the reads show
  // (variant hunt 55: -1.99 read -1 truncated and answered "-2.0" under a profile declaring none).
  const kept = keeps ?? EXAMPLE_AVAILABLE_DECIMALS;
  if (available === undefined || written === undefined || written >= kept) return false;
  const seen = from.flatMap((expectation) => (expectation.seen ?? []).flatMap(figuresOf));
  const scale = 10 ** written;
  return balances.some((balance) => {
    const shown = from.length === 0 ? kept : (decimalsShowing([balance, ...seen]) ?? kept);
    const unit = shown < kept ? 10 ** -shown : 0;
    // Within a double's noise of the written grid, so that a figure on it is its own rounding.
    const lowest = Math.floor((balance - unit) * scale + 1e-6) / scale;
    const highest = Math.ceil((balance + unit) * scale - 1e-6) / scale;
    return lowest - 1e-9 <= available && available <= highest + 1e-9;
  });
}

/** The decimals the deduction page's example writes pointsAvailable with ("670.000"). */
export const EXAMPLE_AVAILABLE_DECIMALS = 3;

/** Why {@link availableRoundedFewer}'s pointsAvailable only warns. */
export const AVAILABLE_ROUNDED_NOTE =
  'the response table types pointsAvailable Integer and the example writes "670.000": pointsAvailable written with fewer decimals than the program keeps may be the balance rounded to them either way, and balances read with fewer decimals hide up to a unit of them';

/**
 * Reads the customer's balance over all programs and judges a successful deduction's
 * `pointsAvailable` against it and `after`, the balance of `programId` read after the deduction
 * ({@link verifyPointsAvailable}); `judged` false reads without judging (the run's requests stay
 * the same whatever the state). Without `from`, `readings` (the scenario's reads around the
 * deduction) tell {@link availableRoundedFewer} the display the reads are written with, and nothing
 * else: a pointsAvailable written with fewer decimals than the program keeps may round the ledger
 * another way than a coarser read does (dfix48's matrix: -1.99 read -1 truncated, answered "-2.0";
 * read -2 floored, answered -1).
 */
export async function judgePointsAvailable(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  exchange: Exchange,
  programId: number | undefined,
  after: BalanceReading,
  from: readonly BalanceExpectation[] = [],
  judged = true,
  readings: readonly BalanceReading[] = [],
): Promise<void> {
  const available = pointsAvailableOf(exchange);
  const writing: AvailableWriting = {
    from,
    keeps: roundDecimalsOf(ctx, programId ?? ctx.org?.config.defaultProgramId),
    written: pointsAvailableDecimals(exchange),
    keepsAll: finestDecimalsOf(ctx, customer),
    shownBy: from.length > 0 || readings.length === 0 ? from : [{ plus: [], seen: readings }],
  };
  const accepted = (programPoints: number, allPrograms: number) =>
    pointsAvailableAccepted(available, programPoints, allPrograms, writing);
  // Under the profile's read-after-write window, read until the balance over all programs agrees
  // with pointsAvailable as the check accepts it (at once when the program's balance already does).
  const overall = await ctx.balance(
    customer,
    { fetchDataForAllPrograms: true },
    judged
      ? {
          requirement: 'CAP-NPA-POINTS-AVAILABLE',
          shows: (read) => accepted(after.mainPoints, read.mainPoints),
        }
      : undefined,
  );
  if (!judged) return;
  // `after` settled on what its own check accepts, and a whole number may be the write's effect
  // or the read before it (a lagging replica behind a whole display: 0 for -1.501 and for -0.5):
  // under the window, a program read pointsAvailable does not agree with is read again until it
  // does (variant balance-whole-half-even-main-lags).
  // The later read stands for `after` only where it too shows the write (fault hunt 36: a
  // deduction booked again late, pointsAvailable answering both, agreed with the read after it).
  const again =
    (ctx.profile.limits.readAfterWriteMs ?? 0) > 0 && !accepted(after.mainPoints, overall.mainPoints)
      ? await ctx.balance(customer, programField(programId), {
          requirement: 'CAP-NPA-POINTS-AVAILABLE',
          shows: (read) => accepted(read.mainPoints, overall.mainPoints),
        })
      : undefined;
  const showsWrite = (read: BalanceReading) =>
    from.length === 0 || from.some((e) => readShows(read.mainPoints, e));
  const program = again && (showsWrite(again) || !showsWrite(after)) ? again : after;
  const sum = await programsSumExactly(
    ctx,
    customer,
    program.mainPoints,
    overall.mainPoints,
    available,
    writing,
  );
  const allPrograms = sum?.points ?? overall.mainPoints;
  verifyPointsAvailable(
    ctx,
    'CAP-NPA-POINTS-AVAILABLE',
    available,
    program.mainPoints,
    allPrograms,
    {
      expected: `pointsAvailable equal to the balance read afterwards (program ${programId}: ${program.mainPoints}; all programs: ${allPrograms}${sum ? ', the sum of its programs read each with their decimals' : ''})`,
      actual: `pointsAvailable ${available}`,
      exchanges: [exchange, program.exchange, overall.exchange, ...(sum?.exchanges ?? [])],
    },
    writing,
  );
}

/**
 * The most round decimals the profile declares among `customer`'s programs (undefined where it
 * declares none): what a sum over them may be written with ({@link availableReadingNote}).
 */
export function finestDecimalsOf(ctx: ScenarioContext, customer: NamedCustomer): number | undefined {
  const declared = customer.programs.flatMap((id) => roundDecimalsOf(ctx, id) ?? []);
  return declared.length > 0 ? Math.max(...declared) : undefined;
}

/**
 * The customer's sum over programs where only the read over all programs, written with fewer
 * decimals, lets pointsAvailable warn (variant hunt 29) and every program read written with its
 * program's last decimal proves the sum exactly (fault hunt 36: pointsAvailable a few hundredths
 * off behind a coarser all-programs read). Undefined, sending nothing, on every other path.
 */
async function programsSumExactly(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  program: number,
  overall: number,
  available: number | undefined,
  { from, keeps, written }: AvailableWriting,
): Promise<{ points: number; exchanges: Exchange[] } | undefined> {
  if (available === undefined || keeps === undefined || customer.programs.length < 2) return undefined;
  if (availableMatches(available, program, overall) || !roundedOf(overall, available)) return undefined;
  // The program's own figure alone: neither the sum's decimals nor a display other than `from`'s.
  if (pointsAvailableAccepted(available, program, program, { from, keeps, written })) return undefined;
  const reads = await Promise.all(customer.programs.map((id) => ctx.balance(customer, { programId: id })));
  const exact = reads.every((read, i) => {
    const decimals = roundDecimalsOf(ctx, customer.programs[i]) ?? 0;
    return decimals > 0 && hasAtMost(read.mainPoints, decimals) && !hasAtMost(read.mainPoints, decimals - 1);
  });
  const points = reads.reduce((total, read) => total + read.mainPoints, 0);
  // A sum the all-programs read does not show leaves a program out: nothing proven.
  return exact && (samePoints(points, overall) || roundedOf(overall, points))
    ? { points, exchanges: reads.map((read) => read.exchange) }
    : undefined;
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

/** The pattern of each field {@link figureWritten} has read: built once per field, not per answer. */
const FIGURE_PATTERNS = new Map<string, RegExp>();

/** A figure of an answer as its body writes it ("669.00", 669.00, "6.6912E+2"), the first of that name. */
export function figureWritten(exchange: Exchange, field: string): string | undefined {
  let pattern = FIGURE_PATTERNS.get(field);
  if (!pattern) {
    pattern = new RegExp(`"${field}"\\s*:\\s*"?\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`);
    FIGURE_PATTERNS.set(field, pattern);
  }
  return pattern.exec(exchange.response?.bodyText ?? '')?.[1];
}

/** `pointsAvailable` of a deduction answer as its body writes it. */
const pointsAvailableWritten = (exchange: Exchange) => figureWritten(exchange, 'pointsAvailable');

/** The decimals a deduction answer writes `pointsAvailable` with ("669.00": 2), where it writes one. */
export const pointsAvailableDecimals = (exchange: Exchange): number | undefined => {
  const written = pointsAvailableWritten(exchange);
  return written === undefined ? undefined : writtenDecimals(written);
};

/**
 * `pointsAvailable` of a deduction answer when written with more than `shown` decimals ("669.00",
 * 669.00, "6.6912E+2"; not "6.7E+2", which is 670), parsed.
 */
function pointsAvailableWrittenWithDecimals(exchange: Exchange, shown = 0): number | undefined {
  const written = pointsAvailableWritten(exchange);
  return written !== undefined && (writtenDecimals(written) ?? 0) > shown ? Number(written) : undefined;
}

/**
 * CAP-NPA-POINTS-AVAILABLE across two successful deductions from one program (`previous`, then
 * `exchange` of `amount`, with `between` points deducted between them and nothing else): where both
 * write pointsAvailable above zero with more decimals than the balance reads show (`shown`), figures
 * the reads cannot check, the second is the first less what was deducted since, as "points available
 * after the deduction" (the deduction page's Response parameters) of one ledger are. Whole amounts
 * keep that under a pointsAvailable rounded to fewer decimals than the ledger keeps (fault hunt 34:
 * a hundredth lost behind a one-decimal display).
 */
export function verifyAvailableFollows(
  ctx: ScenarioContext,
  previous: Exchange | undefined,
  exchange: Exchange,
  { amount, between, shown }: { amount: number; between: number; shown: number },
): void {
  if (!previous) return;
  const [before, now] = [previous, exchange].map((e) => pointsAvailableWrittenWithDecimals(e, shown));
  const finer = (points: number | undefined): points is number =>
    points !== undefined && points > 0 && !hasAtMost(points, shown);
  if (!finer(before) || !finer(now) || !Number.isInteger(amount) || !Number.isInteger(between)) return;
  const expected = roundPoints(before - amount - between, before, amount, between);
  ctx.verify('CAP-NPA-POINTS-AVAILABLE', samePoints(now, expected), {
    expected: `pointsAvailable ${expected}: the previous deduction's ${before} less ${amount}${between ? ` and the ${between} deducted between` : ''}`,
    actual: `pointsAvailable ${now}`,
    exchanges: [previous, exchange],
  });
}

/**
 * The successful deductions among `exchanges` whose pointsAvailable can show what the ledger holds
 * ({@link BalanceExpectation.deductions}): only where `customer` declares one program, since the
 * page allows pointsAvailable to be the program's balance or the customer's over all programs
 * ({@link availableMatches}), so with several it may be a sum the read's program is only part of;
 * and only where it is written with at least the round decimals the profile declares for the
 * deduction's program, since the page types it Integer and writes "670.000", so a target may write
 * it rounded to fewer decimals than the ledger keeps (variant hunt 26: a hidden 0.99 or 0.999, 32
 * points deducted, read -31 truncated, and pointsAvailable written "-31.0" or "-31.00", or the
 * customer's sum over a second program holding 0.6, failed CAP-NPA-CONCURRENT-NO-LOST-UPDATE).
 * With several programs, a deduction counts where `overall` (the customer's sum over programs the
 * move predicts from a read over all programs) is given and its pointsAvailable lies at least a
 * point from it, which a sum whose display hides less than a point cannot (fault hunt 33).
 */
export function ledgerShownBy(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  exchanges: readonly Exchange[],
  overall?: number,
): Exchange[] {
  const notTheSum = (exchange: Exchange) =>
    overall !== undefined && Math.abs(Number(pointsAvailableWritten(exchange)) - overall) >= 1;
  return exchanges.filter(
    (exchange) =>
      (customer.programs.length <= 1 || notTheSum(exchange)) && availableKeepsProgramDecimals(ctx, exchange),
  );
}

/**
 * Whether a successful deduction's pointsAvailable is written with at least the round decimals the
 * profile declares for the deduction's program (its programId, else the org's default): the page
 * types the figure Integer and writes "670.000", so one with fewer decimals may be rounded short of
 * what the ledger keeps and proves no read ({@link ledgerShownBy}; decimal-precision's reads after
 * a deduction, variant hunt 46's "0.00" for -0.002 in a 3-decimal program).
 */
export function availableKeepsProgramDecimals(ctx: ScenarioContext, exchange: Exchange): boolean {
  const { programId } = (exchange.request.body ?? {}) as { programId?: unknown };
  const decimals = roundDecimalsOf(
    ctx,
    typeof programId === 'number' ? programId : ctx.org?.config.defaultProgramId,
  );
  const written = pointsAvailableWritten(exchange);
  return (
    succeeded(exchange) &&
    decimals !== undefined &&
    written !== undefined &&
    (writtenDecimals(written) ?? 0) >= decimals
  );
}

/** `pointsAvailable` of a deduction answer, parsed. */
export const pointsAvailableOf = (exchange: Exchange) =>
  toAmount((exchange.response?.body as { pointsAvailable?: unknown } | undefined)?.pointsAvailable);

/**
 * CAP-NPA-POINTS-AVAILABLE-FORMAT over the successes `exchanges` (one check each way, citing the
 * first that breaks it): pointsAvailable a number or a numeric string, exponent form warning. Also
 * judged where a deduction leaves zero (the exact balance) or thousands of points (the parallel
 * deductions): a serializer leaving a zero out, or grouping thousands ("99,979.500"), passed the
 * deductible customer's hundreds (fault hunt 40).
 */
export function judgePointsAvailableForm(ctx: ScenarioContext, exchanges: readonly Exchange[]): void {
  const written = (exchange: Exchange) =>
    (exchange.response?.body as Record<string, unknown> | undefined)?.pointsAvailable;
  const notAmount = exchanges.find((exchange) => pointsAvailableOf(exchange) === undefined);
  const [first] = exchanges;
  if (!first) return;
  ctx.verify('CAP-NPA-POINTS-AVAILABLE-FORMAT', notAmount === undefined, {
    expected: 'pointsAvailable as a number or a numeric string',
    actual: JSON.stringify(written(notAmount ?? first)),
    exchanges: [notAmount ?? first],
  });
  const exponent = exchanges.find((exchange) => inExponentForm(written(exchange)));
  ctx.verify('CAP-NPA-POINTS-AVAILABLE-FORMAT', exponent === undefined, {
    expected: 'pointsAvailable as a number or a decimal string, as the example\'s "670.000"',
    actual: JSON.stringify(written(exponent ?? first)),
    exchanges: [exponent ?? first],
    inferred: EXPONENT_FORM_NOTE,
  });
}

/**
 * The documented fields of a deduction's answer: pointsAvailable as an amount, status, message,
 * warnings (warns only). Judged on every kind of success the suites make (below zero, another
 * program, each source and optional field), not only the first: the response table describes every
 * success (fault hunt 39: a message dropped below zero or in the second program passed).
 */
export function judgeDeductionAnswer(ctx: ScenarioContext, exchange: Exchange): void {
  const body = exchange.response?.body as Record<string, unknown> | undefined;
  const available = pointsAvailableOf(exchange);
  judgePointsAvailableForm(ctx, [exchange]);
  const actual = JSON.stringify(body).slice(0, 200);
  // The table spells the key "Status", the example "status": the value is judged under either.
  const status = body?.status ?? body?.Status;
  ctx.verify(
    'CAP-NPA-RESPONSE-FIELDS',
    typeof status === 'string' && available !== undefined && typeof body?.message === 'string',
    {
      expected: 'a status string, pointsAvailable and a message string in the answer',
      actual,
      exchanges: [exchange],
    },
  );
  // The table types Status as a String ("Status of the API call") and gives no values: "success"
  // comes from the example only, so another wording warns.
  ctx.verify('CAP-NPA-RESPONSE-FIELDS', typeof status !== 'string' || status === 'success', {
    expected: 'status "success", as in the example',
    actual,
    exchanges: [exchange],
    inferred: 'the response table gives Status no values; "success" is the example\'s',
  });
  ctx.verify('CAP-NPA-RESPONSE-FIELDS', body?.status !== undefined || body?.Status === undefined, {
    expected: 'the status key spelled "status", as in the example',
    actual,
    exchanges: [exchange],
    inferred: 'the response table spells the key "Status", the example "status"',
  });
  // The table lists warnings as "Warnings (if any)" and the example sends []: a target that leaves
  // the array out when there is nothing to warn about reads the table otherwise, so this only warns.
  ctx.verify('CAP-NPA-RESPONSE-FIELDS', Array.isArray(body?.warnings), {
    expected: 'a warnings array in the answer ([] when there is nothing to warn about, as in the example)',
    actual,
    exchanges: [exchange],
    inferred: 'the table\'s "Warnings (if any)" may mean the field appears only when there are warnings',
  });
}

/** The round decimals the profile declares for a program, if any. */
export function roundDecimalsOf(ctx: ScenarioContext, programId: number | undefined): number | undefined {
  return ctx.org?.config.programs.find((p) => p.id === programId)?.roundDecimals;
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

/** One line of an unlock answer, as far as the sums read it. */
export type UnlockLine = { pointsUnlocked?: unknown; itemCode?: unknown; billNumber?: unknown } | null;

/** The sum of `pointsUnlocked` over the lines of an unlock answer (those `counted`, default all). */
export const unlockedSum = (
  exchange: Exchange,
  counted: (line: UnlockLine) => boolean = () => true,
): number | undefined => {
  const values = unlockedValues(exchange, () => true);
  const summed = unlockedValues(exchange, counted);
  if (!values || !summed) return undefined;
  return roundPoints(
    summed.reduce((total, value) => total + value, 0),
    ...values,
  );
};

/** The `pointsUnlocked` of the lines of an unlock answer (those `counted`), parsed. */
export const unlockedValues = (
  exchange: Exchange,
  counted: (line: UnlockLine) => boolean = () => true,
): number[] | undefined => {
  const lines = unlockLinesOf(exchange.response?.body);
  if (!lines) return undefined;
  const values: number[] = [];
  for (const line of lines as UnlockLine[]) {
    const value = toAmount(line?.pointsUnlocked);
    if (value === undefined) return undefined;
    if (counted(line)) values.push(value);
  }
  return values;
};

/**
 * How a set of answers went, counted: `409 code 9409 ×16, 503 ×1`. The number that matters beside
 * a count of refusals is what they were, which the reader otherwise finds only in report.html.
 */
export function tallyAnswers(exchanges: readonly Exchange[]): string {
  const counts = new Map<string, number>();
  for (const e of exchanges) {
    const codes = answeredCodes(e);
    const key = e.response
      ? `${e.response.status}${codes.length ? ` code ${codes.join(', ')}` : ''}`
      : 'no answer';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} ×${n}`).join(', ');
}

/**
 * A field's value for evidence: its JSON, or `missing` when the answer leaves it out (JSON.stringify
 * gives undefined there, which read as a JavaScript value, or dropped the actual altogether).
 */
export const shownValue = (value: unknown): string => JSON.stringify(value) ?? 'missing';

/**
 * What keeps an unlock answer's lines from being summed, for evidence: the lines whose
 * pointsUnlocked is not a number (`line 1 of 2: pointsUnlocked true`), or, without lines, the
 * start of the body. Not the whole body: the summaries cut it before the value that matters.
 */
export const unsummedLines = (exchange: Exchange): string => {
  const lines = unlockLinesOf(exchange.response?.body);
  if (!lines) return `no pointsUnlocked lines: ${exchange.response?.bodyText.slice(0, 200) ?? 'no answer'}`;
  const bad = (lines as UnlockLine[])
    .map((line, i) => ({ i, value: line?.pointsUnlocked }))
    .filter(({ value }) => toAmount(value) === undefined)
    .map(({ i, value }) => `line ${i + 1} of ${lines.length}: pointsUnlocked ${shownValue(value)}`);
  return bad.length > 0 ? bad.join('; ') : `${lines.length} numeric line(s)`;
};

/** Whether an unlock answer claims to have moved points (a listed positive pointsUnlocked, or no list). */
export const claimsUnlock = (exchange: Exchange) => {
  const lines = unlockLinesOf(exchange.response?.body);
  if (!lines) return true;
  return lines.some((l) => (toAmount((l as { pointsUnlocked?: unknown } | null)?.pointsUnlocked) ?? 1) > 0);
};

export const isItemLine = (line: UnlockLine) => line?.itemCode !== undefined && line?.itemCode !== null;

/** A line of the bill itself: it carries a billNumber and no itemCode. */
const isBillLine = (line: UnlockLine) =>
  !isItemLine(line) && line?.billNumber !== undefined && line?.billNumber !== null;

/**
 * The page calls pointsUnlocked the "Total number of points unlocked for the bill": a target may give
 * the bill's total on its bill line and break it down on the other lines, its item lines only or its
 * promotion lines too. The lines counted under each reading: all but the item lines, the bill's alone.
 */
export const BILL_TOTAL_READINGS: readonly ((line: UnlockLine) => boolean)[] = [
  (line) => !isItemLine(line),
  isBillLine,
];

/** Points `fabric.pending` leaves pending on the fabric member. */
export const FABRIC_PENDING_POINTS = 7;

/**
 * A fabric member's points read `delta` off by a whole number of the suite's own pending additions
 * (this run's or an earlier run's): they become available when the tenant's pending period ends,
 * at any moment ("The time period for Pending state is configurable"), so such a reading only
 * warns. Spread into a check of the move; adds nothing when the reading is otherwise off.
 */
export function pendingMayHaveMatured(
  before: MemberPointsReading,
  after: MemberPointsReading,
  delta: number,
): { inferred?: string } {
  const pending = (after.available - before.available - delta) / FABRIC_PENDING_POINTS;
  return pending >= 1 - 1e-9 && samePoints(pending, Math.round(pending))
    ? {
        inferred: `${Math.round(pending) * FABRIC_PENDING_POINTS} points more: the suite's pending additions (${FABRIC_PENDING_POINTS} each) may have become available, as the pending period is configurable`,
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
