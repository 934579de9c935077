import type { Exchange } from '../src/client/exchange.ts';
import {
  errorCodesOf,
  mayHaveBeenApplied,
  NPA_IDENTIFIERS,
  namedCustomer,
  refusedAs,
  samePoints,
  unreadableBalance,
} from '../src/engine/context.ts';
import { notEnrolledCustomerKey } from '../src/engine/fixtures.ts';
import { AFTER_REFUSAL } from '../src/engine/read-after-write.ts';
import type {
  BalanceReading,
  FixtureNeed,
  NamedCustomer,
  Scenario,
  ScenarioContext,
  Suite,
} from '../src/engine/types.ts';
import type { BalanceExpectation } from './balance-reading.ts';
import {
  movedByUnseen,
  readMainAfter,
  showing,
  verifyBalance,
  verifyMoveConfirmed,
  verifyPointTaken,
  withProgramsNow,
} from './balance-verify.ts';
import { judgeDeductionAnswer, ledgerShownBy } from './points-available.ts';
import {
  answerOf,
  balanceCovering,
  byOwnExternalId,
  deduct,
  deductBy,
  defineScenario,
  dualPrimary,
  identifierTypeOfSource,
  judgeDualRefusal,
  judgeRefusalMovedNothing,
  minus,
  npaQuery,
  onePointAsString,
  otherProgramOf,
  otherProgramScope,
  ownIdentifier,
  programField,
  reasonOfReturn,
  roundDecimalsOf,
  succeeded,
  underOtherNames,
  unknownId,
  unknownIdentifierValue,
  verifyMainUnchanged,
  warnedShortOfShownPoint,
} from './support.ts';

/** What one rejected-deduction case sends and expects. */
interface RejectionCase {
  readonly id: string;
  readonly title: string;
  readonly requirement: string;
  /** Further requirements the same rejection verifies. */
  readonly also?: readonly string[];
  /** The documented code; undefined when no document gives one (any 4xx). */
  readonly code?: number;
  readonly tags?: readonly string[];
  /** Set when the documents do not say it in so many words: a break warns. */
  readonly inferred?: string;
  /** What the case needs to be conclusive about `requirement` (else it is `skip` with what to add). */
  readonly needs?: readonly FixtureNeed[];
  /**
   * Another documented code the probe may meet first when the profile leaves it no way around
   * breaking that rule too: answered with one of them, the requirement warns with the note.
   * Without codes, a refusal with any code but the one expected warns; with codes and `codeless`,
   * a refusal naming no code warns too (a check of the target's own that the documents give no code).
   */
  readonly alsoBroken?: (
    ctx: ScenarioContext,
  ) => { readonly codes?: readonly number[]; readonly codeless?: boolean; readonly note: string } | undefined;
  /**
   * The program the probe names and whose balance is read around it (default, or undefined: the
   * customer's first); `send` is given it.
   */
  readonly program?: (ctx: ScenarioContext, customer: NamedCustomer) => number | undefined;
  /**
   * Why a refusal of this probe cannot be told from another rule's in this profile (a fixture
   * lacking), with what to add: the requirement is then not judged (`skip`) on a refusal, and a
   * success still fails it. Only for cases without a code.
   */
  readonly ambiguous?: (
    ctx: ScenarioContext,
    customer: NamedCustomer,
    programId: number | undefined,
  ) => string | undefined;
  readonly send: (
    ctx: ScenarioContext,
    customer: NamedCustomer,
    programId: number | undefined,
  ) => Promise<Exchange>;
}

const REASON = 'conformance check';

/**
 * 51 characters, a few beyond ASCII: a target counting only the ASCII ones (non-ASCII stripped or
 * skipped before the count) took 51 with accents, and an all-ASCII probe passed it (fault hunt
 * 50). Few enough accents that the probe stays under 60 UTF-8 bytes.
 */
const TOO_LONG_REASON = `${'r'.repeat(46)}${'é'.repeat(5)}`;

/** The profile's promotion identifier, or one no target knows where the profile declares none. */
const promotionIdentifierOf = (ctx: ScenarioContext): string =>
  ctx.org?.fixtures.promotion?.identifier ?? 'LC-PROMOTION';

/** The sources the deduction document lists (INSTORE appears twice there). */
export const NPA_SOURCES: readonly string[] = [
  'INSTORE',
  'MARTJACK',
  'WECHAT',
  'FACEBOOK',
  'WEB_ENGAGE',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'ALL',
];

/** The pointsAwardedRefType values the deduction document lists. */
export const AWARD_REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
] as const;

/**
 * One scenario per case: the deduction is rejected (with its documented code) and the balance is
 * unchanged afterwards.
 */
function rejection(c: RejectionCase): Scenario {
  return defineScenario({
    id: `input-validation.${c.id}`,
    title: c.title,
    requirements: [c.requirement, ...(c.also ?? []), 'CAP-NPA-NO-SIDE-EFFECT'],
    fixtures: ['deductible'],
    ...(c.needs ? { requirementNeeds: { [c.requirement]: c.needs } } : {}),
    family: 'capillary',
    tags: ['validation', ...(c.code ? ['error-code'] : []), ...(c.tags ?? [])],
    mutates: true,
    async run(ctx) {
      const customer = ctx.customer('deductible');
      const programId = c.program?.(ctx, customer) ?? customer.programs[0];
      const scope = c.program && otherProgramScope(ctx, customer, programId);
      // Each case asks for at most 1 point: with less, a target judging the balance first could
      // answer 8907 and say nothing about the rule under test.
      const before = await balanceCovering(ctx, customer, programId, 1);
      const exchange = await c.send(ctx, customer, programId);
      const other = c.alsoBroken?.(ctx);
      const codes = errorCodesOf(exchange);
      // A whole read of a point may hold less (0.6 rounded half up): a target judging the balance
      // first answers 8907 then, as the page says, which tells nothing of the rule (variant hunt 42).
      const expected = c.code === undefined ? 'a refusal' : `error code ${c.code}`;
      if (
        warnedShortOfShownPoint(
          ctx,
          [c.requirement],
          before,
          1,
          programId,
          [exchange],
          `${expected}, read as ${before.mainPoints}`,
        )
      ) {
        // Warned: what the refusal moved is still judged below.
      } else if (
        other &&
        c.code !== undefined &&
        !codes.includes(c.code) &&
        (other.codes === undefined ||
          other.codes.some((code) => codes.includes(code)) ||
          (other.codeless === true && codes.length === 0)) &&
        refusedAs(ctx.profile.apiErrorStatus, exchange)
      ) {
        ctx.verify(c.requirement, false, {
          expected: `error code ${c.code}${scope ? ` (${scope})` : ''}`,
          actual: answerOf(exchange),
          exchanges: [exchange],
          inferred: other.note,
        });
      } else if (c.code === undefined) {
        const ambiguous =
          refusedAs(ctx.profile.apiErrorStatus, exchange) && c.ambiguous?.(ctx, customer, programId);
        if (ambiguous) ctx.notJudged(c.requirement, ambiguous);
        else ctx.expectRejected(c.requirement, exchange, c.inferred, scope);
      } else ctx.expectErrorCode(c.requirement, exchange, c.code, scope);
      for (const also of c.also ?? []) ctx.expectRejected(also, exchange, undefined, scope);
      const after = await ctx.balance(customer, { programId }, AFTER_REFUSAL);
      // The rule is about rejected deductions: an accepted one is already judged above.
      const status = exchange.response?.status ?? 0;
      if (status < 400) return;
      verifyMainUnchanged(ctx, 'CAP-NPA-NO-SIDE-EFFECT', before, after, [exchange]);
    },
  });
}

/**
 * CAP-NPA-IDENTIFIER-NAMES on a deduction naming the customer by its own externalId beside
 * `programId` (not the default) and refused: 8015 says no customer has that externalId, where the
 * profile declares it the customer's, and fails; the page supports externalId whatever the program
 * (fault hunt 61: an externalId index of the default program only, npa-external-id-unknown-outside-
 * default-program). Another refusal stays excused (accepted-inputs judges the name taken alone).
 * Not judged under dual eligibility, where a lone externalId may be 8015 (`ctx.call` already sent
 * it again beside the primary), nor for an externalId another declared customer shares.
 */
function judgeExternalIdFound(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number | undefined,
  exchange: Exchange,
): void {
  const primary = dualPrimary(ctx);
  if (
    (primary !== undefined && primary !== 'externalId') ||
    ownIdentifier(customer, 'externalId') === undefined
  )
    return;
  ctx.verify('CAP-NPA-IDENTIFIER-NAMES', !errorCodesOf(exchange).includes(8015), {
    expected: `customer ${customer.key} found by its own externalId beside program ${programId}: a success, or a refusal other than 8015`,
    actual: answerOf(exchange),
    exchanges: [exchange],
  });
}

/**
 * No programId where the org's default program is the customer's first (the deduction is that
 * program's all the same), else the first program's: what a probe of a rule that a target may
 * check only where a named program is loaded sends.
 */
const programUnlessDefault = (ctx: ScenarioContext, c: NamedCustomer) =>
  ctx.org?.config.defaultProgramId === c.programs[0] ? {} : { programId: c.programs[0] };

/** Zero with as many decimals as `roundDecimals` allow, at least one and at most two ("0.00"). */
const zeroWithDecimals = (roundDecimals: number | undefined) =>
  `0.${'0'.repeat(Math.min(2, Math.max(1, roundDecimals ?? 2)))}`;

/**
 * A deduction of 1 point (`extra` in the body) naming a value no customer has, by the customer's
 * usual identifier type or, `byOtherType`, by the supported type that lookup does not use.
 */
function unknownCustomerDeduction(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  extra: Record<string, unknown> = {},
  byOtherType = false,
): Promise<Exchange> {
  const query = npaQuery(customer);
  const name = byOtherType
    ? (NPA_IDENTIFIERS.find((n) => n !== query.identifierName) ?? 'externalId')
    : (query.identifierName ?? '');
  return npa(
    ctx,
    { ...query, identifierName: name, identifierValue: unknownIdentifierValue(name, ctx.seed) },
    { pointsToBeAdjusted: 1, reasonOfReturn: REASON, ...extra },
  );
}

/**
 * CAP-NPA-REFTYPE-VALUES on a refused deduction carrying a listed pointsAwardedRefType (and no
 * pointsAwardedId): the refusal passes with a code other than 9975 (a target may want the award the
 * type qualifies; the document says nothing of the pair), and fails with 9975. A refusal without a
 * code may be the pair's too, which no document gives a code (variant hunt 53: a framework's
 * codeless 400 for a type without its award failed): the deduction goes again beside the award the
 * profile declares (`again`, given the fields). Taken there, or refused with a code other than
 * 9975, the first refusal warns; refused with 9975, the value itself was refused and it fails.
 * Refused there without a code again, the award goes beside the other listed types in turn: one
 * taken, the type may only not fit the award (the document says nothing of that either) and it
 * warns; none taken, the listed values are refused whatever comes beside them, and it fails.
 * Without a declared award it warns. Returns the deductions sent again.
 */
async function judgeListedRefTypeRefusal(
  ctx: ScenarioContext,
  refType: string,
  exchange: Exchange,
  again: (fields: Record<string, unknown>) => Promise<Exchange>,
  where = '',
): Promise<Exchange[]> {
  const codes = errorCodesOf(exchange);
  const refused = refusedAs(ctx.profile.apiErrorStatus, exchange);
  const expected = `pointsAwardedRefType ${refType} accepted${where}, or refused with a code other than 9975`;
  const awardId = ctx.org?.fixtures.pointsAwardedId;
  if (!refused || codes.length > 0 || awardId === undefined) {
    ctx.verify('CAP-NPA-REFTYPE-VALUES', refused && codes.length > 0 && !codes.includes(9975), {
      expected,
      actual: answerOf(exchange),
      exchanges: [exchange],
      ...(refused && codes.length === 0
        ? {
            inferred: `refused without a code, which may be the pair's (the type without the award it qualifies, of which the document says nothing); the profile declares no pointsAwardedId to send the type beside (add: fixtures.pointsAwardedId)`,
          }
        : {}),
    });
    return [];
  }
  const sent = [await again({ pointsAwardedId: awardId })];
  const paired = sent[0]!;
  const codeless = !succeeded(paired) && errorCodesOf(paired).length === 0;
  for (const other of AWARD_REF_TYPES) {
    if (!codeless || sent.some(succeeded)) break;
    if (other !== refType) sent.push(await again({ pointsAwardedId: awardId, pointsAwardedRefType: other }));
  }
  const valueRefused = errorCodesOf(paired).includes(9975) || (codeless && !sent.some(succeeded));
  ctx.verify('CAP-NPA-REFTYPE-VALUES', false, {
    expected: `${expected}; beside pointsAwardedId ${awardId}, accepted or refused with a code other than 9975`,
    actual: `alone: ${answerOf(exchange)}; beside the award: ${sent.map(answerOf).join('; ')}`,
    exchanges: [exchange, ...sent],
    ...(valueRefused
      ? {}
      : {
          inferred: `refused alone without a code, and beside pointsAwardedId ${awardId} accepted or not refused for the value: the refusal may be the pair's, or the type may not fit the award, of which the document says nothing`,
        }),
  });
  return sent;
}

const npa = (ctx: ScenarioContext, query: Record<string, string | undefined>, body: unknown) =>
  ctx.call('negativePointsAdjustment', { query, body });

/**
 * Reads the customer's balance over all programs, runs `send` (a deduction of 1 point, `what` it
 * carries) and, when it succeeded, judges its answer's fields (CAP-NPA-RESPONSE-FIELDS, its
 * callers' promotion and award deductions included) and that the balance dropped by that point
 * (CAP-NPA-ARITHMETIC). Returns the deduction's answer.
 */
async function deductsOnePoint(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  what: string,
  send: () => Promise<Exchange>,
): Promise<Exchange> {
  const start = await ctx.balance(customer, { fetchDataForAllPrograms: true });
  const exchange = await send();
  const movedTo = (read: BalanceReading) => ({
    plus: [start.mainPoints],
    delta: -1,
    seen: [start, read],
    deductions: ledgerShownBy(ctx, customer, [exchange]),
  });
  const settle = succeeded(exchange)
    ? showing('CAP-NPA-ARITHMETIC', (read) => [[read.mainPoints, movedTo(read)]])
    : AFTER_REFUSAL;
  const after = await ctx.balance(customer, { fetchDataForAllPrograms: true }, settle);
  if (!succeeded(exchange)) {
    // Its callers excuse some refusals (every promotion form refused with 8877 only warns), and a
    // refusal moves nothing: only a move is recorded (fault hunt 27: promotion deductions that
    // took their point, then answered 8877, passed).
    if (!samePoints(after.mainPoints, start.mainPoints))
      ctx.verify('CAP-NPA-ARITHMETIC', false, {
        expected: `mainPoints over all programs ${start.mainPoints} after the refused deduction of 1 point ${what}: a refusal moves nothing`,
        actual: `mainPoints over all programs ${after.mainPoints} after ${answerOf(exchange)}`,
        exchanges: [start.exchange, exchange, after.exchange],
      });
    return exchange;
  }
  judgeDeductionAnswer(ctx, exchange);
  const [moved, checked] = await withProgramsNow(ctx, customer, after.mainPoints, movedTo(after), {
    requirement: 'CAP-NPA-ARITHMETIC',
    deduction: exchange,
  });
  verifyBalance(ctx, 'CAP-NPA-ARITHMETIC', after.mainPoints, moved, {
    expected: `mainPoints over all programs ${minus(start.mainPoints, 1)} after the deduction of 1 point ${what}`,
    actual: `mainPoints over all programs ${after.mainPoints}`,
    exchanges: [start.exchange, exchange, after.exchange, ...checked],
  });
  return exchange;
}

/**
 * Fails CAP-NPA-ARITHMETIC where the balance of `programId` read after the last of `sent` (one
 * point each, refused ones included) is not `start` less one point per success: a refusal moves
 * nothing. Only a move is recorded (a move off by a hidden half's tie confirmed first); read only
 * after a refusal the scenario goes on to retry.
 */
async function judgeOnlySuccessesMoved(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number | undefined,
  start: BalanceReading,
  sent: readonly Exchange[],
): Promise<void> {
  const successes = sent.filter(succeeded);
  const applied = successes.length;
  const after = await ctx.balance(customer, programField(programId), AFTER_REFUSAL);
  if (samePoints(after.mainPoints, minus(start.mainPoints, applied), start.mainPoints)) return;
  const expected = `mainPoints ${start.mainPoints} less the ${applied} point(s) of the deductions accepted; the refused one moves nothing`;
  const exchanges = [start.exchange, ...sent, after.exchange];
  // A program hiding a half (every figure whole, half to even) reads an odd count of points taken
  // one off (111.5 read 112, 1 taken, 110.5 read 110): one more point confirms the tie, as the
  // accepted deductions' moves do (variant pair hunt 67).
  const last = successes[successes.length - 1];
  if (last) {
    const moved = { plus: [start.mainPoints], delta: -applied, seen: [start, after] };
    const deductions = ledgerShownBy(ctx, customer, successes);
    const move = { requirement: 'CAP-NPA-ARITHMETIC', deduction: last };
    await verifyMoveConfirmed(
      ctx,
      customer,
      after,
      { ...moved, deductions },
      move,
      { expected, exchanges },
      { programId },
    );
    return;
  }
  ctx.verify('CAP-NPA-ARITHMETIC', false, {
    expected,
    actual: `mainPoints ${after.mainPoints} after ${answerOf(sent[sent.length - 1]!)}`,
    exchanges,
  });
}

/**
 * A deduction of the number 1 under a listed `source`, refused with neither 8015 nor an 8013 another
 * name got past: the same point sent again as the example's string form (`send`), same name, source
 * and program. Taken, the number form was refused under that source, not the source: CAP-NPA-AMOUNT-NUMBER
 * fails and the caller's CAP-NPA-SOURCE-VALUES only warns with `excuse` (fault hunt 65,
 * npa-number-amount-refused-under-other-sources: a target whose channels other than INSTORE bind
 * the example's string only failed SOURCE-VALUES and passed AMOUNT-NUMBER). Sent after a refusal
 * only, so a target taking every source sees no extra exchange.
 */
async function numberFormRefused(
  ctx: ScenarioContext,
  source: string,
  programId: number | undefined,
  number: Exchange,
  send: (text: string) => Promise<Exchange>,
): Promise<{ twin?: Exchange; excuse?: string }> {
  const text = onePointAsString(ctx, programId);
  const twin = await send(text);
  if (!succeeded(twin)) return { twin };
  ctx.verify('CAP-NPA-AMOUNT-NUMBER', false, {
    expected: `the number 1 deducted under source ${source}, as the string ${text} was`,
    actual: answerOf(number),
    exchanges: [number, twin],
  });
  return {
    twin,
    excuse: `the string ${text} was deducted under source ${source}: the number form was refused there, not the source (CAP-NPA-AMOUNT-NUMBER)`,
  };
}

/** Identifier, source, amount, reason, promotion and reference-type rules of negativePointsAdjustment. */
export const inputValidationSuite: Suite = {
  name: 'input-validation',
  description:
    'documented validations of negativePointsAdjustment, each rejected with its code and no side effect',
  scenarios: [
    rejection({
      id: 'source-8003',
      title: 'a source outside the documented list fails with 8003',
      requirement: 'CAP-NPA-8003',
      code: 8003,
      // By externalId: "Source in which the identifier is available", and a target keeping one
      // index of externalIds for every source may never read it there (fault hunt 58); the empty
      // and the missing source below go by the usual identifier.
      send: (ctx, c) =>
        byOwnExternalId(c, (query) =>
          npa(ctx, { ...query, source: 'NOT_A_SOURCE' }, { pointsToBeAdjusted: 1, reasonOfReturn: REASON }),
        ),
    }),
    rejection({
      id: 'source-empty',
      title: 'a deduction with an empty source is rejected, with 8003 expected',
      requirement: 'CAP-NPA-8003',
      code: 8003,
      // An empty source is none of the list's values: a target binding source= to its default
      // (INSTORE) deducted, and only a value outside the list and none were sent (fault
      // npa-empty-source-read-as-instore). A framework may read an empty parameter as a missing
      // one: another code warns, as for the missing source.
      alsoBroken: () => ({
        note: 'an empty source is no value of the list (8003), but a target may read an empty parameter as a missing one, for which the page gives no code',
      }),
      send: (ctx, c) =>
        npa(ctx, { ...npaQuery(c), source: '' }, { pointsToBeAdjusted: 1, reasonOfReturn: REASON }),
    }),
    rejection({
      id: 'identifier-name-8013',
      title: 'an identifier type the operation does not support fails with 8013',
      requirement: 'CAP-NPA-8013',
      code: 8013,
      // With the customer's externalId where the profile declares one: a target reading an
      // unknown name as externalId for values that are not all digits refused the mobile, and
      // deducted by the externalId (fault hunt 53).
      send: (ctx, c) =>
        npa(
          ctx,
          {
            ...npaQuery(c),
            identifierName: 'notAnIdentifier',
            identifierValue: c.identifiers.externalId ?? npaQuery(c).identifierValue,
          },
          { pointsToBeAdjusted: 1, reasonOfReturn: REASON },
        ),
    }),
    rejection({
      id: 'identifier-name-8013-other-program',
      title:
        "an identifier type the operation does not support fails with 8013 beside the customer's other program",
      requirement: 'CAP-NPA-8013',
      code: 8013,
      // The probes above leave programId out: a target may look a customer up through the named
      // program's enrolments by value, whatever the type (or only in a program other than the
      // default), and deduct (fault hunt 60). The customer's program that is not the default
      // where it has one, beside its externalId as above.
      program: otherProgramOf,
      send: (ctx, c, programId) =>
        npa(
          ctx,
          {
            ...npaQuery(c),
            identifierName: 'notAnIdentifier',
            identifierValue: c.identifiers.externalId ?? npaQuery(c).identifierValue,
          },
          {
            pointsToBeAdjusted: 1,
            reasonOfReturn: REASON,
            ...programField(programId),
          },
        ),
    }),
    rejection({
      id: 'source-missing',
      title: 'a deduction without source is rejected, with 8003 expected',
      requirement: 'CAP-NPA-8003',
      code: 8003,
      // The page marks source mandatory (source*): a target reading a missing source as the
      // example's INSTORE deducted, and only a value outside the list was sent (fault hunt 40).
      alsoBroken: () => ({
        note: 'the page marks source mandatory but gives no code for a missing one: 8003 is for a source "invalid or incorrect"',
      }),
      send: (ctx, c) => {
        const { source: _source, ...query } = npaQuery(c);
        return npa(ctx, query, { pointsToBeAdjusted: 1, reasonOfReturn: REASON });
      },
    }),
    rejection({
      id: 'identifier-name-missing',
      title: 'a deduction without identifierName is rejected, with 8013 expected',
      requirement: 'CAP-NPA-8013',
      code: 8013,
      // The page marks identifierName mandatory: a target reading a missing one as mobile (or
      // looking the value up under any type) deducted, and only an unknown type was sent (fault hunt 40).
      alsoBroken: () => ({
        note: 'the page marks identifierName mandatory but gives no code for a missing one: 8013 is for a type "invalid or incorrect", and a target may look the value up first (8015)',
      }),
      send: (ctx, c) => {
        const { identifierName: _name, ...query } = npaQuery(c);
        return npa(ctx, query, { pointsToBeAdjusted: 1, reasonOfReturn: REASON });
      },
    }),
    rejection({
      id: 'identifier-name-empty',
      title: 'a deduction with an empty identifierName is rejected, with 8013 expected',
      requirement: 'CAP-NPA-8013',
      code: 8013,
      // An empty name is none of the Enum's supported values: a target defaulting a falsy name to
      // mobile (`name || 'mobile'`) deducted, and only an unknown type and no name were sent (fault
      // hunt 44). A framework may read an empty parameter as a missing one: another code warns, as there.
      alsoBroken: () => ({
        note: 'an empty identifierName is no supported type (8013), but a target may read an empty parameter as a missing one, for which the page gives no code, or look the value up first (8015)',
      }),
      send: (ctx, c) =>
        npa(ctx, { ...npaQuery(c), identifierName: '' }, { pointsToBeAdjusted: 1, reasonOfReturn: REASON }),
    }),
    rejection({
      id: 'unknown-customer-8015',
      title: 'an identifier value no customer has fails with 8015',
      requirement: 'CAP-NPA-8015',
      code: 8015,
      send: (ctx, c) => unknownCustomerDeduction(ctx, c),
    }),
    rejection({
      id: 'unknown-customer-8015-with-program',
      title: 'an identifier value no customer has fails with 8015 beside a programId too',
      requirement: 'CAP-NPA-8015',
      code: 8015,
      // The page's example names its program: a customer not found is 8015 then too, not 1218
      // ("not enrolled", which presumes a customer; fault hunt 39).
      send: (ctx, c) => unknownCustomerDeduction(ctx, c, { programId: c.programs[0] }),
    }),
    rejection({
      id: 'unknown-customer-8015-other-identifier',
      title:
        'an identifier value no customer has fails with 8015 under the other supported identifier type too',
      requirement: 'CAP-NPA-8015',
      code: 8015,
      // The document supports externalId and mobile: an unknown value is 8015 under either, not
      // 8013 (the code of an unsupported type) under the one the case above does not send.
      send: (ctx, c) => unknownCustomerDeduction(ctx, c, {}, true),
    }),
    rejection({
      id: 'unknown-customer-8015-other-identifier-with-program',
      title:
        "an identifier value no customer has fails with 8015 under the other supported identifier type beside a programId too (the customer's other program)",
      requirement: 'CAP-NPA-8015',
      code: 8015,
      // A target may look the other type up through the named program's enrolments, or only
      // another program than the default (every customer's) that way, and answer a customer not
      // found there 1218, "not enrolled" (fault hunt 58): the page's example names its program, and
      // 8015 is the code of a customer not found whichever supported type and program it names. The
      // customer's program that is not the default where it has one; the probe above names the first.
      program: otherProgramOf,
      send: (ctx, c, programId) => unknownCustomerDeduction(ctx, c, programField(programId), true),
    }),
    rejection({
      id: 'zero-8888',
      title: "a zero amount fails with 8888 (by externalId, in the customer's other program)",
      requirement: 'CAP-NPA-8888',
      code: 8888,
      // By externalId, in the customer's program that is not the default where it has one: a
      // target may check the amount on its mobile lookup path only, or by a setting of the default
      // program (fault hunt 60); the zero strings below go by the usual identifier and first program.
      program: otherProgramOf,
      send: (ctx, c, programId) =>
        byOwnExternalId(c, (query) => deduct(ctx, c, 0, programField(programId), query)),
    }),
    rejection({
      id: 'zero-8888-string',
      title: 'a zero amount written as a string fails with 8888 too',
      requirement: 'CAP-NPA-8888',
      code: 8888,
      // The page's own example writes the amount as a string ("100.00"): zero in that form is
      // still zero. Written "0", without decimals, so that no round-decimals rule (8906) applies first.
      // Without programId where the default program is the customer's first: a target may check the
      // amount where the program named is loaded, and none is (fault hunt 60).
      send: (ctx, c) =>
        npa(ctx, npaQuery(c), {
          pointsToBeAdjusted: '0',
          reasonOfReturn: REASON,
          ...programUnlessDefault(ctx, c),
        }),
    }),
    rejection({
      id: 'zero-8888-string-decimals',
      title: 'a zero amount written with decimals, as the example writes amounts, fails with 8888 too',
      requirement: 'CAP-NPA-8888',
      code: 8888,
      // "0.00" is zero as "0" is (a zero test on the text, or Java's BigDecimal.equals, which
      // weighs the scale, lets it through: fault hunt 39). Its decimals are those the program's
      // declared round decimals allow, up to the example's two; with none declared (or 0), 8906
      // may answer first.
      alsoBroken: (ctx) =>
        (roundDecimalsOf(ctx, ctx.customer('deductible').programs[0]) ?? 0) > 0
          ? undefined
          : {
              codes: [8906],
              note: 'the profile declares no round decimals above 0 for the program, and 8906 refuses an amount with more decimals than the program allows',
            },
      send: (ctx, c) => deduct(ctx, c, zeroWithDecimals(roundDecimalsOf(ctx, c.programs[0]))),
    }),
    rejection({
      id: 'negative-amount',
      title: "a negative amount is rejected (by externalId, in the customer's other program)",
      requirement: 'CAP-NPA-AMOUNT-POSITIVE',
      // By externalId, in the customer's program that is not the default where it has one: a
      // target may check the sign on its mobile lookup path only, or by a setting of the default
      // program, and add the points elsewhere (fault hunt 60); the probes below go by the usual
      // identifier and first program.
      program: otherProgramOf,
      send: (ctx, c, programId) =>
        byOwnExternalId(c, (query) => deduct(ctx, c, -5, programField(programId), query)),
    }),
    rejection({
      id: 'negative-amount-fraction',
      title: 'a negative amount under one point is rejected too',
      requirement: 'CAP-NPA-AMOUNT-POSITIVE',
      // A sign checked on the whole part (the table types the amount Integer) let -0.5 through,
      // and it added half a point (fault hunt 40). Any refusal will do: 8906 too, where the
      // program allows no decimals. Without programId where the default program is the customer's
      // first: a target may check the sign where the program named is loaded (fault hunt 60).
      send: (ctx, c) =>
        npa(ctx, npaQuery(c), {
          pointsToBeAdjusted: -0.5,
          reasonOfReturn: REASON,
          ...programUnlessDefault(ctx, c),
        }),
    }),
    rejection({
      id: 'negative-amount-string',
      title: 'a negative amount written as a string is rejected too',
      requirement: 'CAP-NPA-AMOUNT-POSITIVE',
      // "(value should be >0)" whatever the form: the example's string form included. Under one
      // point where the program's declared round decimals allow one: a target reading the sign of
      // a string from its whole part (parseInt: "-0.5" is -0) took "-0.5" and added half a point,
      // and refused "-5" and the number -0.5 (fault hunt 53).
      send: (ctx, c) => deduct(ctx, c, (roundDecimalsOf(ctx, c.programs[0]) ?? 0) > 0 ? '-0.5' : '-5'),
    }),
    rejection({
      id: 'missing-amount',
      title: 'a deduction without pointsToBeAdjusted is rejected',
      requirement: 'CAP-NPA-AMOUNT-REQUIRED',
      send: (ctx, c) => npa(ctx, npaQuery(c), { programId: c.programs[0], reasonOfReturn: REASON }),
    }),
    rejection({
      id: 'missing-amount-with-award',
      title: 'a deduction naming a points award without pointsToBeAdjusted is rejected',
      requirement: 'CAP-NPA-AMOUNT-REQUIRED',
      // The amount is required whatever else the body names: a target reversing the whole award
      // when no amount comes passed the probe above, which names none (fault hunt 39).
      // With a listed pointsAwardedRefType beside the award: a target taking the amount as 0
      // when a type names what is reversed passed it without one (fault hunt 53).
      needs: ['pointsAward'],
      send: (ctx, c) =>
        npa(ctx, npaQuery(c), {
          programId: c.programs[0],
          reasonOfReturn: REASON,
          pointsAwardedId: ctx.org?.fixtures.pointsAwardedId ?? unknownId(ctx),
          pointsAwardedRefType: AWARD_REF_TYPES[0],
        }),
    }),
    rejection({
      id: 'missing-amount-with-promotion',
      title: 'a deduction naming a promotion without pointsToBeAdjusted is rejected',
      requirement: 'CAP-NPA-AMOUNT-REQUIRED',
      // As with an award: a target reversing what the promotion gave when no amount comes passed the
      // two probes above, which name none (fault hunt 44).
      needs: ['promotion'],
      send: (ctx, c) => {
        const promotion = ctx.org?.fixtures.promotion;
        return npa(ctx, npaQuery(c), {
          programId: promotion?.programId ?? c.programs[0],
          reasonOfReturn: REASON,
          promotionIdentifier: promotionIdentifierOf(ctx),
        });
      },
    }),
    rejection({
      id: 'empty-amount',
      title: 'a deduction whose pointsToBeAdjusted is an empty string is rejected',
      requirement: 'CAP-NPA-AMOUNT-REQUIRED',
      // An empty amount is no amount (mandatory, "value should be >0"): a target reading "" as 0
      // booked it as a success that moved nothing, and the probes above leave the field out
      // (fault npa-empty-amount-booked-as-zero). The generated invalid cases send only its null.
      send: (ctx, c) =>
        npa(ctx, npaQuery(c), { pointsToBeAdjusted: '', programId: c.programs[0], reasonOfReturn: REASON }),
    }),
    rejection({
      id: 'promotion-identifier-8887',
      title: 'a promotionIdentifier without programId fails with 8887',
      requirement: 'CAP-NPA-8887',
      code: 8887,
      // Without a promotion of the default program in the profile, the identifier sent names none
      // that a target can find without programId, so 8874 applies as well.
      alsoBroken: (ctx) => {
        const promotion = ctx.org?.fixtures.promotion;
        const defaultProgram = ctx.org?.config.defaultProgramId;
        return promotion && defaultProgram !== undefined && promotion.programId === defaultProgram
          ? undefined
          : {
              codes: [8874],
              note: 'the promotionIdentifier sent names no promotion of the default program and the documents give no order between 8874 and 8887',
            };
      },
      send: (ctx, c) =>
        npa(ctx, npaQuery(c), {
          pointsToBeAdjusted: 1,
          reasonOfReturn: REASON,
          promotionIdentifier: promotionIdentifierOf(ctx),
        }),
    }),
    rejection({
      id: 'promotion-identifier-with-award-8887',
      title: 'a promotionIdentifier without programId fails with 8887 beside a points award too',
      requirement: 'CAP-NPA-8887',
      code: 8887,
      // The row asks for programId whatever else the body names: a target taking the program of
      // the award named in its place (8887 given only when no program can be found) passed the
      // probe above, which names no award (fault hunt 50). The page says nothing of a promotion
      // beside an award, so another refusal only warns.
      needs: ['pointsAward'],
      alsoBroken: () => ({
        note: 'the page says nothing of a promotionIdentifier beside a pointsAwardedId: a target may judge the award (8877, or 9975 for its missing pointsAwardedRefType) or look the promotion up before the promotionIdentifier note',
      }),
      send: (ctx, c) =>
        npa(ctx, npaQuery(c), {
          pointsToBeAdjusted: 1,
          reasonOfReturn: REASON,
          promotionIdentifier: promotionIdentifierOf(ctx),
          pointsAwardedId: ctx.org?.fixtures.pointsAwardedId ?? unknownId(ctx),
        }),
    }),
    rejection({
      id: 'promotion-identifier-null-program-8887',
      title: 'a promotionIdentifier with a null programId fails with 8887',
      requirement: 'CAP-NPA-8887',
      code: 8887,
      // The row says "programId can not be empty/null": null is refused as an absent programId is.
      // The table types programId Integer, so a refusal of the null as the wrong type, with a code
      // of the target's own (or 8874, the promotion not found without its program), only warns.
      alsoBroken: () => ({
        note: 'the table types programId Integer: a target may refuse a null as the wrong type, or look the promotion up, before the promotionIdentifier note',
      }),
      send: (ctx, c) =>
        deduct(ctx, c, 1, {
          programId: null,
          promotionIdentifier: promotionIdentifierOf(ctx),
        }),
    }),
    rejection({
      id: 'promotion-identifier-empty-program-8887',
      title: 'a promotionIdentifier with an empty programId fails with 8887',
      requirement: 'CAP-NPA-8887',
      code: 8887,
      // The row's "can not be empty/null" in its first word: "" as programId (a form field left
      // blank) is refused as null is; a target reading it as absent, then as the default program,
      // deducted (fault hunt 44). As for null, a refusal as the wrong type warns.
      alsoBroken: () => ({
        note: 'the table types programId Integer: a target may refuse an empty string as the wrong type, or look the promotion up, before the promotionIdentifier note',
      }),
      send: (ctx, c) =>
        deduct(ctx, c, 1, {
          programId: '',
          promotionIdentifier: promotionIdentifierOf(ctx),
        }),
    }),
    // Each with the customer's programId, then without one (programId is optional): a target
    // looking promotions and awards up only in the program named passed without (fault hunt 39).
    ...[true, false].flatMap((withProgram) => {
      const named = withProgram ? '' : '-without-program';
      const sent = (ctx: ScenarioContext, c: NamedCustomer, reference: Record<string, unknown>) =>
        withProgram
          ? deduct(ctx, c, 1, reference)
          : npa(ctx, npaQuery(c), { pointsToBeAdjusted: 1, reasonOfReturn: REASON, ...reference });
      // Without programId the deduction is the default program's: a customer the profile does not
      // enrol there may be refused as not enrolled (1218) before the reference is looked up. Where
      // the profile names no default program, the customer may be in it or not (variant hunt 56: a
      // default program no one is enrolled in, undeclared, met 1218 and failed 8874 and 8877).
      const notEnrolled = (ctx: ScenarioContext): number[] => {
        const defaultProgram = ctx.org?.config.defaultProgramId;
        const enrolled =
          defaultProgram !== undefined && ctx.customer('deductible').programs.includes(defaultProgram);
        return withProgram || enrolled ? [] : [1218];
      };
      return [
        rejection({
          id: `unknown-promotion-8874${named}`,
          title: `a promotionId that names no promotion fails with 8874${withProgram ? '' : ', without programId too'}`,
          requirement: 'CAP-NPA-8874',
          code: 8874,
          // Sent without a pointsAwardedRefType: a target may want the type of the promotion award a
          // deduction reverses, and with one a target may want the pointsAwardedId it qualifies.
          // Without programId, a target may want the promotion's program as the page's
          // promotionIdentifier row does (8887).
          alsoBroken: (ctx) => ({
            codes: withProgram ? [9975, 8877] : [9975, 8877, 8887, ...notEnrolled(ctx)],
            note: 'the document says nothing of a promotion with or without pointsAwardedRefType, pointsAwardedId or (for a promotionId) programId, nor of an order between 8874 and their codes (nor, without programId, 1218 for a customer not in the default program)',
          }),
          send: (ctx, c) => sent(ctx, c, { promotionId: unknownId(ctx) }),
        }),
        rejection({
          id: `unknown-points-award-8877${named}`,
          title: `a pointsAwardedId that names no award fails with 8877${withProgram ? '' : ', without programId too'}`,
          requirement: 'CAP-NPA-8877',
          code: 8877,
          // Sent without a pointsAwardedRefType: a target may want the type naming the kind of award
          // (known-promotion accepts the declared award with one), and refuse its absence as 9975.
          alsoBroken: (ctx) => ({
            codes: [9975, ...notEnrolled(ctx)],
            note: 'the document says nothing of a pointsAwardedId with or without pointsAwardedRefType, nor of an order between 9975 and 8877 (nor, without programId, 1218 for a customer not in the default program)',
          }),
          send: (ctx, c) => sent(ctx, c, { pointsAwardedId: unknownId(ctx) }),
        }),
      ];
    }),
    rejection({
      id: 'unknown-promotion-identifier',
      title: 'a promotionIdentifier that names no promotion, sent with a programId, is rejected',
      requirement: 'CAP-NPA-8874',
      // With its programId, so 8887 cannot apply. 8874 is "invalid promotion id": the documents
      // give no code for an identifier naming none, so any refusal will do. With a listed
      // pointsAwardedRefType of promotions: a target reading the type as naming where the points
      // came from, and the promotion fields no more, deducted (fault hunt 50); a target wanting the
      // award the type qualifies refuses, which will do as well. In the customer's program that is
      // not the default where it has one: a target may look promotions up in the default program
      // only (fault hunt 58); the unknown promotionId above names the first program.
      program: otherProgramOf,
      send: (ctx, c, programId) =>
        deduct(ctx, c, 1, {
          ...programField(programId),
          promotionIdentifier: `LC-NO-PROMOTION-${ctx.seed % 1000}`,
          pointsAwardedRefType: 'customer_promotions',
        }),
    }),
    rejection({
      id: 'unknown-points-award-with-ref-type',
      title: 'a pointsAwardedId that names no award is rejected beside a listed pointsAwardedRefType',
      requirement: 'CAP-NPA-8877',
      // A target may judge the type against the award first (9975): any refusal will do. By
      // externalId: a target may look awards up on its mobile lookup path only (fault hunt 57,
      // npa-award-unchecked-by-external-id). In the customer's program that is not the default
      // where it has one: a target may look awards up in the default program only (fault hunt 58);
      // the probes above name the first program and none.
      program: otherProgramOf,
      send: (ctx, c, programId) =>
        byOwnExternalId(c, (query) =>
          deduct(
            ctx,
            c,
            1,
            {
              ...programField(programId),
              pointsAwardedId: unknownId(ctx),
              pointsAwardedRefType: AWARD_REF_TYPES[0],
            },
            query,
          ),
        ),
    }),
    rejection({
      id: 'ref-type-9975',
      title: 'a pointsAwardedRefType outside its list fails with 9975',
      requirement: 'CAP-NPA-9975',
      code: 9975,
      // Sent without a pointsAwardedId: a target may want the award the type qualifies (accepted-
      // inputs lets it refuse the listed values so, with 8877 or no code) and ask for it before the
      // value: a cross-field check's codeless 400 failed here (variant hunt 53).
      alsoBroken: () => ({
        codes: [8877],
        codeless: true,
        note: 'the document says nothing of a pointsAwardedRefType with or without pointsAwardedId (nor gives the pair a code), nor of an order between 8877 and 9975',
      }),
      // In the customer's program that is not the default where it has one: a target may keep its
      // list of types for the default program and read any type elsewhere (fault hunt 58); the
      // probe beside the award below names the first program.
      program: otherProgramOf,
      send: (ctx, c, programId) =>
        deduct(ctx, c, 1, {
          ...programField(programId),
          pointsAwardedRefType: 'not_a_ref_type',
        }),
    }),
    rejection({
      id: 'ref-type-9975-with-award',
      title: 'a pointsAwardedRefType outside its list fails with 9975 beside a known award too',
      requirement: 'CAP-NPA-9975',
      code: 9975,
      // With the award the profile declares, 8877 cannot apply: a target reading the type only
      // where no award names the points let it through beside one (fault hunt 40). A target
      // judging the pair (does the type fit the award?) may word it otherwise: another code warns.
      needs: ['pointsAward'],
      alsoBroken: () => ({
        note: 'the document says nothing of a pointsAwardedRefType beside a pointsAwardedId: a target may refuse the pair before the value',
      }),
      // By externalId: a target may check the type on its mobile lookup path only (fault hunt 58),
      // and ref-type-9975 names the customer by mobile.
      send: (ctx, c) =>
        byOwnExternalId(c, (query) =>
          deduct(
            ctx,
            c,
            1,
            {
              pointsAwardedId: ctx.org?.fixtures.pointsAwardedId ?? unknownId(ctx),
              pointsAwardedRefType: 'not_a_ref_type',
            },
            query,
          ),
        ),
    }),
    rejection({
      id: 'missing-reason-8882',
      title: 'a deduction without reasonOfReturn fails with 8882',
      requirement: 'CAP-NPA-8882',
      also: ['CAP-NPA-REASON-REQUIRED'],
      code: 8882,
      // Without programId (optional) where the org's default program is the customer's first, the
      // one whose balance covers the point, as the probes below name one: a target giving a
      // default-program deduction a reason of its own deducted (fault hunt 55,
      // npa-missing-reason-defaulted-without-program). Elsewhere it names the first program, so that
      // no balance or enrolment of another program can answer first.
      send: (ctx, c) => npa(ctx, npaQuery(c), { pointsToBeAdjusted: 1, ...programUnlessDefault(ctx, c) }),
    }),
    rejection({
      id: 'missing-reason-8882-other-program',
      title: "a deduction without reasonOfReturn fails with 8882 in the customer's other program too",
      requirement: 'CAP-NPA-8882',
      also: ['CAP-NPA-REASON-REQUIRED'],
      code: 8882,
      // The reason is mandatory in every program: a target requiring it by a setting of the default
      // program deducted in another one with a reason of its own, and the probe above names the
      // default program or the first (fault hunt 58). The customer's program that is not the
      // default, where it has one (else its first), its balance read around the probe.
      program: otherProgramOf,
      send: (ctx, c, programId) =>
        npa(ctx, npaQuery(c), { pointsToBeAdjusted: 1, ...programField(programId) }),
    }),
    rejection({
      id: 'missing-reason-with-award',
      title: 'a deduction naming a points award without reasonOfReturn is rejected',
      requirement: 'CAP-NPA-REASON-REQUIRED',
      // The reason is mandatory whatever else the body names: a target giving a reversal of an
      // award a reason of its own passed the probe above, which names none (fault hunt 50). Any
      // refusal will do: a target may judge the award before the reason.
      needs: ['pointsAward'],
      send: (ctx, c) =>
        npa(ctx, npaQuery(c), {
          pointsToBeAdjusted: 1,
          programId: c.programs[0],
          pointsAwardedId: ctx.org?.fixtures.pointsAwardedId ?? unknownId(ctx),
        }),
    }),
    rejection({
      id: 'missing-reason-with-promotion',
      title: 'a deduction naming a promotion without reasonOfReturn is rejected',
      requirement: 'CAP-NPA-REASON-REQUIRED',
      // As with an award: a target giving a promotion's reversal a default reason ("manual
      // adjustment") passed the two probes above, which name none (fault hunt 53).
      needs: ['promotion'],
      send: (ctx, c) => {
        const promotion = ctx.org?.fixtures.promotion;
        return npa(ctx, npaQuery(c), {
          pointsToBeAdjusted: 1,
          programId: promotion?.programId ?? c.programs[0],
          promotionIdentifier: promotionIdentifierOf(ctx),
        });
      },
    }),
    rejection({
      id: 'empty-reason',
      title: 'an empty reasonOfReturn is rejected',
      requirement: 'CAP-NPA-REASON-REQUIRED',
      inferred:
        'the document marks reasonOfReturn required but does not say an empty string counts as missing',
      send: (ctx, c) => deduct(ctx, c, 1, { reasonOfReturn: '' }),
    }),
    rejection({
      id: 'reason-too-long',
      title: 'a reasonOfReturn over 50 characters is rejected',
      requirement: 'CAP-NPA-REASON-LENGTH',
      // Without programId where the default program is the customer's first: a target may read
      // the limit from the program named, and none is (fault hunt 61).
      send: (ctx, c) =>
        npa(ctx, npaQuery(c), {
          pointsToBeAdjusted: 1,
          reasonOfReturn: TOO_LONG_REASON,
          ...programUnlessDefault(ctx, c),
        }),
    }),
    rejection({
      id: 'reason-too-long-other-program',
      title:
        "a reasonOfReturn over 50 characters is rejected by externalId in the customer's other program too",
      requirement: 'CAP-NPA-REASON-LENGTH',
      // By externalId, in the customer's program that is not the default where it has one: a
      // target may check the length on its mobile lookup path only, or by a setting of the
      // default program (fault hunt 61); the probe above goes by the usual identifier and the
      // default program.
      program: otherProgramOf,
      send: (ctx, c, programId) =>
        byOwnExternalId(c, (query) =>
          deduct(ctx, c, 1, { ...programField(programId), reasonOfReturn: TOO_LONG_REASON }, query),
        ),
    }),
    rejection({
      id: 'promotion-both',
      title: 'promotionId and promotionIdentifier together are rejected',
      requirement: 'CAP-NPA-PROMOTION-EXCLUSIVE',
      // A real promotion: with an unknown one, any target refuses (8874) and the pair is not tested.
      // By externalId: a target may refuse the pair on its mobile lookup path only (fault hunt 60).
      needs: ['promotion'],
      send: (ctx, c) => {
        const promotion = ctx.org?.fixtures.promotion;
        return byOwnExternalId(c, (query) =>
          deduct(
            ctx,
            c,
            1,
            {
              programId: promotion?.programId ?? c.programs[0],
              promotionId: promotion?.id ?? 1,
              promotionIdentifier: promotionIdentifierOf(ctx),
            },
            query,
          ),
        );
      },
    }),
    rejection({
      id: 'promotion-both-other-program',
      title:
        "promotionId and promotionIdentifier together are rejected beside the customer's other program too",
      requirement: 'CAP-NPA-PROMOTION-EXCLUSIVE',
      // A target may refuse the pair only where promotions are configured (the default program)
      // and elsewhere let promotionId win, found org-wide (fault hunt 60). The promotion's own
      // program where it is one of the customer's other than the default, else the customer's
      // program that is not the default where it has one. There the identifier may name no
      // promotion, and a refusal may be its lookup's (8874; the documents give the pair no code):
      // it is not judged then, and a success still fails (fault hunt 61).
      needs: ['promotion'],
      program: (ctx, c) => {
        const promotion = ctx.org?.fixtures.promotion?.programId;
        return promotion !== ctx.org?.config.defaultProgramId && c.programs.includes(promotion ?? Number.NaN)
          ? promotion
          : otherProgramOf(ctx, c);
      },
      ambiguous: (ctx, c, programId) => {
        const promotion = ctx.org?.fixtures.promotion;
        return promotion === undefined || promotion.programId === programId
          ? undefined
          : `the pair was refused beside program ${programId}, where the promotionIdentifier ${promotion.identifier} (of program ${promotion.programId}) may name no promotion: the refusal may be its lookup's (8874), not the pair's (add: a promotion of program ${programId}, one of customer ${c.key}'s programs other than the default, as fixtures.promotion)`;
      },
      send: (ctx, c, programId) => {
        const promotion = ctx.org?.fixtures.promotion;
        return deduct(ctx, c, 1, {
          ...programField(programId),
          promotionId: promotion?.id ?? 1,
          promotionIdentifier: promotionIdentifierOf(ctx),
        });
      },
    }),
    rejection({
      id: 'promotion-both-without-program',
      title: 'promotionId and promotionIdentifier together are rejected without programId too',
      requirement: 'CAP-NPA-PROMOTION-EXCLUSIVE',
      // The row calls any pair invalid: a target checking the pair only where it resolves the
      // identifier in its program let promotionId win without one and charged the default program
      // (fault hunt 53). A refusal for the identifier's missing programId (8887) will do as well.
      needs: ['promotion'],
      send: (ctx, c) => {
        const promotion = ctx.org?.fixtures.promotion;
        return npa(ctx, npaQuery(c), {
          pointsToBeAdjusted: 1,
          reasonOfReturn: REASON,
          promotionId: promotion?.id ?? 1,
          promotionIdentifier: promotionIdentifierOf(ctx),
        });
      },
    }),
    defineScenario({
      id: 'input-validation.not-enrolled-1218',
      title: 'a deduction in a program the customer is not enrolled in fails with 1218',
      requirements: ['CAP-NPA-1218', 'CAP-NPA-NO-SIDE-EFFECT'],
      fixtures: ['deductible', 'programNotEnrolled'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['validation', 'error-code'],
      mutates: true,
      async run(ctx) {
        // The deductible customer when it declares a program it is not in, else any customer that
        // does (the one the scenario holds: lockKeysOf).
        const chosen = namedCustomer(ctx.org, notEnrolledCustomerKey(ctx.org) ?? '');
        if (!chosen || chosen.programNotEnrolled === undefined) {
          return ctx.skip('no customer of the profile declares programNotEnrolled');
        }
        // The refusal moves no points in the programs the customer is in (read where its balance can be).
        const home = chosen.programs[0];
        const readable = home !== undefined && !unreadableBalance(ctx.org, chosen);
        const before = readable ? await ctx.balance(chosen, { programId: home }) : undefined;
        const exchange = await deduct(ctx, chosen, 1, { programId: chosen.programNotEnrolled });
        if (before && refusedAs(ctx.profile.apiErrorStatus, exchange))
          await judgeRefusalMovedNothing(ctx, chosen, home, before, exchange, `in program ${home}`);
        if (ctx.org?.config.negativeBalanceOnReturn !== 'on' && errorCodesOf(exchange).includes(8907)) {
          // A program the customer is not in holds no points: a target judging the balance first
          // refuses with 8907. The documents give no order between the two, so this only warns.
          ctx.verify('CAP-NPA-1218', false, {
            expected: 'error code 1218 (not enrolled)',
            actual: answerOf(exchange),
            exchanges: [exchange],
            inferred: 'the documents give no order between 1218 and 8907',
          });
          return;
        }
        if (!ctx.expectErrorCode('CAP-NPA-1218', exchange, 1218)) return;
        // Refused, the customer is still not enrolled: the same deduction again is 1218 again. A
        // target enrolling the customer as it looks the program up, then refusing, took the second
        // (negative balance on) or answered 8907 for the empty program (fault hunt 55,
        // npa-1218-refusal-enrols).
        // By the customer's own externalId where it declares one: a target may check enrolment on
        // its mobile lookup path only and charge the default program (fault hunt 61,
        // npa-enrolment-unchecked-by-external-id).
        const again = await byOwnExternalId(chosen, (query) =>
          deduct(ctx, chosen, 1, { programId: chosen.programNotEnrolled }, query),
        );
        ctx.verify('CAP-NPA-1218', !succeeded(again) && !errorCodesOf(again).includes(8907), {
          expected: `error code 1218 again, by externalId where the customer declares its own: the first refusal enrolled customer ${chosen.key} in program ${chosen.programNotEnrolled} no more than it moved points, and enrolment is checked on every lookup path`,
          actual: answerOf(again),
          exchanges: [exchange, again],
        });
      },
    }),
    defineScenario({
      id: 'input-validation.promotion-identifier-one-program-8887',
      title: 'a promotionIdentifier without programId fails with 8887 for a customer of one program too',
      requirements: ['CAP-NPA-8887', 'CAP-NPA-NO-SIDE-EFFECT'],
      // The customer 1218 names (lockKeysOf holds it): a customer the profile declares outside a
      // program, so often in one program only.
      fixtures: ['deductible', 'programNotEnrolled'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['validation', 'error-code', 'promotion'],
      mutates: true,
      async run(ctx) {
        // The row asks for programId whoever the customer is: a target inferring the program of a
        // customer enrolled in one only (no ambiguity left) passed promotion-identifier-8887, whose
        // customer is in two (fault hunt 50).
        const chosen = namedCustomer(ctx.org, notEnrolledCustomerKey(ctx.org) ?? '');
        const home = chosen?.programs[0];
        if (!chosen || home === undefined || chosen.programs.length !== 1) {
          return ctx.skip(
            'no customer of the profile that declares programNotEnrolled is enrolled in one program only',
          );
        }
        const before = unreadableBalance(ctx.org, chosen)
          ? undefined
          : await ctx.balance(chosen, { programId: home });
        const exchange = await npa(ctx, npaQuery(chosen), {
          pointsToBeAdjusted: 1,
          reasonOfReturn: REASON,
          promotionIdentifier: promotionIdentifierOf(ctx),
        });
        if (before && refusedAs(ctx.profile.apiErrorStatus, exchange))
          await judgeRefusalMovedNothing(ctx, chosen, home, before, exchange, `in program ${home}`);
        // Without programId the deduction is the default program's: the customer may be outside it
        // (1218), short of the point (8907) or the promotion not found there (8874) before the
        // promotionIdentifier note is read; the documents give no order between the codes.
        if (refusedAs(ctx.profile.apiErrorStatus, exchange) && !errorCodesOf(exchange).includes(8887)) {
          ctx.verify('CAP-NPA-8887', false, {
            expected: 'error code 8887 (promotionIdentifier without programId)',
            actual: answerOf(exchange),
            exchanges: [exchange],
            inferred:
              'the documents give no order between 8887 and the codes of the default program (1218, 8907, 8874), nor a code for a promotion beside a customer of one program',
          });
          return;
        }
        ctx.expectErrorCode('CAP-NPA-8887', exchange, 8887);
      },
    }),
    defineScenario({
      id: 'input-validation.external-id-other-program',
      title: 'a deduction naming the customer by externalId takes its point from the program it names',
      requirements: ['CAP-NPA-ARITHMETIC', 'CAP-NPA-REFTYPE-VALUES', 'CAP-NPA-IDENTIFIER-NAMES'],
      fixtures: ['twoPrograms'],
      family: 'capillary',
      tags: ['deduction', 'programs'],
      mutates: true,
      async run(ctx) {
        // accepted-inputs names the first program by externalId, the default one where it is: a
        // target charging the default program whatever programId says passes there.
        const customer = ctx.customer('twoPrograms');
        const programId = otherProgramOf(ctx, customer);
        const externalId = customer.identifiers.externalId;
        if (programId === undefined || !externalId) {
          ctx.skip(
            `customer ${customer.key} declares no externalId or no second program (add: identifiers.externalId and a second program in programs on customer ${customer.key} (fixtures.roles.twoPrograms))`,
          );
        }
        // A profile listing the customer's programs with the one that is not the default first
        // (973 before 469): accepted-inputs names that one by externalId already, nothing is left.
        if (programId === customer.programs[0]) {
          ctx.skip(
            `program ${programId}, customer ${customer.key}'s only program other than the default, is its first: the deductions by externalId of input-validation.accepted-inputs name it already`,
          );
        }
        // Over all programs too: a target charging the default program besides the one named
        // (by externalId only) shows the named program right and the customer 2 points poorer.
        const overallBefore = await ctx.balance(customer, { fetchDataForAllPrograms: true });
        const start = await balanceCovering(ctx, customer, programId, 1);
        const exchange = await deductBy(ctx, customer, ['externalId', externalId ?? ''], 1, { programId });
        // Whether externalId is taken alone is judged by accepted-inputs (CAP-NPA-IDENTIFIER-NAMES).
        if (!succeeded(exchange)) {
          // Excused, but a refusal moves nothing (fault hunt 27: one that took its point, then
          // answered 8015 or an empty 400, passed).
          await judgeOnlySuccessesMoved(ctx, customer, programId, start, [exchange]);
          judgeExternalIdFound(ctx, customer, programId, exchange);
          ctx.notJudged(
            'CAP-NPA-ARITHMETIC',
            `the deduction by externalId in program ${programId} was refused`,
          );
          return;
        }
        // The program itself may hold a hidden half (every figure whole, half to even: 120.5 →
        // 119.5 reads 120 → 120): one more point from it confirms the tie (withProgramsNow with
        // oneProgram), and the all-program read then expects that point gone too. A run filtered
        // to CAP-NPA-ARITHMETIC meets the seed's half here (helper scopedvar2).
        const {
          after,
          deducted: programConfirmed,
          checked: programChecked,
        } = await verifyPointTaken(
          ctx,
          customer,
          programId,
          start,
          exchange,
          'CAP-NPA-ARITHMETIC',
          `mainPoints ${minus(start.mainPoints, 1)} in program ${programId} after 1 point deducted there by externalId`,
        );
        const move = { requirement: 'CAP-NPA-ARITHMETIC', deduction: exchange };
        const taken = 1 + programConfirmed;
        const overallMoved = (read: BalanceReading): BalanceExpectation => ({
          plus: [overallBefore.mainPoints],
          delta: -taken,
          seen: [overallBefore, read],
          deductions: ledgerShownBy(ctx, customer, [exchange]),
        });
        const overallAfter = await ctx.balance(
          customer,
          { fetchDataForAllPrograms: true },
          showing('CAP-NPA-ARITHMETIC', (read) => [[read.mainPoints, overallMoved(read)]]),
        );
        const { deducted: confirmed } = await verifyMoveConfirmed(
          ctx,
          customer,
          overallAfter,
          overallMoved(overallAfter),
          move,
          {
            expected: `mainPoints over all programs ${minus(overallBefore.mainPoints, taken)} after 1 point deducted in program ${programId} by externalId${programConfirmed ? `, ${programConfirmed} more to confirm a tie` : ''}`,
            exchanges: [overallBefore.exchange, exchange, overallAfter.exchange, ...programChecked],
            of: 'mainPoints over all programs',
          },
        );
        // A listed pointsAwardedRefType beside programId still names that program: accepted-inputs
        // sends the types without programId, where a target dropping programId beside them passes.
        // Refused without a pointsAwardedId is judged there (the document says nothing of the pair).
        const refType = AWARD_REF_TYPES[0];
        // A tie's confirming deduction (withProgramsNow) moved the program after that reading.
        const from = confirmed || programConfirmed ? await ctx.balance(customer, { programId }) : after;
        const typed = await deduct(ctx, customer, 1, { programId, pointsAwardedRefType: refType });
        if (!succeeded(typed)) {
          // The listed value is no less listed in another program: 9975 refuses it as invalid there
          // (fault hunt 58: a type table kept for the default program only passed).
          const paired = typed.response
            ? await judgeListedRefTypeRefusal(
                ctx,
                refType,
                typed,
                (fields) => deduct(ctx, customer, 1, { programId, pointsAwardedRefType: refType, ...fields }),
                ` in program ${programId}`,
              )
            : undefined;
          // Excused as the pair is, but a refusal moves nothing (fault hunt 29: one that took its
          // point was never read): judged from `from`, since a tie's confirming deduction moved the
          // program after `after` (variant hunt 25: a refusal read against `after` failed). The
          // deduction sent again beside the award takes its point where it is accepted.
          if (typed.response)
            await judgeOnlySuccessesMoved(ctx, customer, programId, from, [typed, ...(paired ?? [])]);
          return;
        }
        // The program read again may hide a half too: its tie is confirmed the same way.
        await verifyPointTaken(
          ctx,
          customer,
          programId,
          from,
          typed,
          'CAP-NPA-ARITHMETIC',
          `mainPoints ${minus(from.mainPoints, 1)} in program ${programId} after 1 point deducted there with pointsAwardedRefType ${refType}`,
        );
      },
    }),
    defineScenario({
      id: 'input-validation.source-values-other-program',
      title: "a listed source other than INSTORE is not refused beside the customer's other program",
      requirements: ['CAP-NPA-SOURCE-VALUES', 'CAP-NPA-AMOUNT-NUMBER'],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['validation', 'programs'],
      mutates: true,
      async run(ctx) {
        // accepted-inputs sends every listed source in the customer's first program, the default
        // one where it is: a target keeping its list of sources as a setting of the default
        // program refused the others with 8003 beside another program (fault hunt 61,
        // npa-source-values-refused-outside-default-program). One listed source other than
        // INSTORE, chosen by the seed, in the customer's program that is not the default.
        const customer = ctx.customer('deductible');
        const programId = otherProgramOf(ctx, customer) ?? customer.programs[0];
        const others = NPA_SOURCES.filter((source) => source !== 'INSTORE');
        const source = others[ctx.seed % others.length] ?? 'MARTJACK';
        await balanceCovering(ctx, customer, programId, 1);
        const exchange = await deduct(ctx, customer, 1, programField(programId), npaQuery(customer, source));
        const codes = errorCodesOf(exchange);
        // The point short after all (a whole read of less than one), or the identifier's type not
        // available in that source: neither says the source itself was refused.
        const inconclusive = codes.includes(8907)
          ? `8907: the point was short in program ${programId}, which says nothing of the source`
          : codes.includes(8013)
            ? `8013 refuses the identifier type ${npaQuery(customer).identifierName} under source ${source}, not the source itself: the source is the one "in which the identifier is available"`
            : undefined;
        const scope = otherProgramScope(ctx, customer, programId);
        const passed = succeeded(exchange) || codes.includes(8015);
        const form =
          passed || inconclusive
            ? {}
            : await numberFormRefused(ctx, source, programId, exchange, (text) =>
                deduct(ctx, customer, text, programField(programId), npaQuery(customer, source)),
              );
        const excuse = inconclusive ?? form.excuse;
        ctx.verify('CAP-NPA-SOURCE-VALUES', passed, {
          expected: `source ${source} accepted beside program ${programId} (a success, or 8015 if the customer is unknown under it)${scope ? ` (${scope})` : ''}`,
          actual: answerOf(exchange),
          exchanges: [exchange, ...(form.twin ? [form.twin] : [])],
          ...(excuse ? { inferred: excuse } : {}),
        });
      },
    }),
    defineScenario({
      id: 'input-validation.accepted-inputs',
      title:
        'documented identifier types, reference types, a 50-character reason and a known promotion are accepted',
      requirements: [
        'CAP-NPA-IDENTIFIER-NAMES',
        'CAP-NPA-REFTYPE-VALUES',
        'CAP-NPA-REASON-LENGTH',
        'CAP-NPA-SOURCE-VALUES',
        'CAP-NPA-AMOUNT-NUMBER',
        'CAP-NPA-ARITHMETIC',
        'CAP-NPA-POINTS-AVAILABLE-FORMAT',
        'CAP-NPA-RESPONSE-FIELDS',
      ],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['validation'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        await balanceCovering(
          ctx,
          customer,
          customer.programs[0],
          5 + AWARD_REF_TYPES.length + NPA_SOURCES.length,
        );
        // Every deduction accepted here takes its point from the program it names, whatever
        // optional field or source it carries: that balance drops by the number of successes.
        const programId = customer.programs[0];
        let start = await ctx.balance(customer, { programId });
        const sent: Exchange[] = [];
        // The identifier names the deduction took alone: the sources below go out under each in turn.
        const taken: ('mobile' | 'externalId')[] = [];
        // Each success's answer is judged too: the table describes every one, whatever it carried.
        const keep = (exchange: Exchange) => {
          sent.push(exchange);
          if (succeeded(exchange)) judgeDeductionAnswer(ctx, exchange);
          return exchange;
        };
        for (const name of ['mobile', 'externalId'] as const) {
          const value = customer.identifiers[name];
          if (!value) {
            ctx.notJudged(
              'CAP-NPA-IDENTIFIER-NAMES',
              `identifierName ${name} not tried: customer ${customer.key} declares no ${name} (add: identifiers.${name} on the deductible customer)`,
            );
            continue;
          }
          // Sent as is: this judges which names the page takes alone (no retry beside the primary).
          const send = (identifierName: string, identifierValue: string) =>
            ctx.call('negativePointsAdjustment', {
              query: { identifierName, identifierValue, source: 'INSTORE' },
              body: {
                pointsToBeAdjusted: 1,
                programId: customer.programs[0],
                reasonOfReturn: reasonOfReturn(ctx, customer),
              },
              asSent: true,
            });
          const exchange = keep(await send(name, value));
          const primary = dualPrimary(ctx);
          if (primary && name !== primary && errorCodesOf(exchange).includes(8015)) {
            // Read before the retry beside the primary resets the count below: the lone refusal
            // moved nothing, so only the successes since `start` show (fault hunt 27: a lone call
            // that deducted, then answered 8015, was absorbed by that reset).
            await judgeOnlySuccessesMoved(ctx, customer, programId, start, sent);
            await judgeDualRefusal(ctx, {
              requirementId: 'CAP-NPA-IDENTIFIER-NAMES',
              page: 'deduction',
              customer,
              name,
              primary,
              lone: exchange,
              expected: `identifierName ${name} accepted`,
              send,
              resolved: succeeded,
            });
            // The retry beside the primary may have deducted: the count starts again after it.
            start = await ctx.balance(customer, { programId });
            sent.length = 0;
            continue;
          }
          ctx.expectSuccess('CAP-NPA-IDENTIFIER-NAMES', exchange);
          if (succeeded(exchange)) taken.push(name);
        }
        // Each of the five listed values, sent without a pointsAwardedId: a target may ask for the
        // award the type qualifies (the document says nothing of the pair), so only 9975 says the
        // value itself was refused.
        for (const refType of AWARD_REF_TYPES) {
          const withRefType = keep(await deduct(ctx, customer, 1, { pointsAwardedRefType: refType }));
          if (succeeded(withRefType)) ctx.expectSuccess('CAP-NPA-REFTYPE-VALUES', withRefType);
          else
            await judgeListedRefTypeRefusal(ctx, refType, withRefType, async (fields) =>
              keep(await deduct(ctx, customer, 1, { pointsAwardedRefType: refType, ...fields })),
            );
        }
        // 50 characters, some beyond ASCII: the limit counts characters, and a target counting
        // UTF-8 bytes refuses it (81 bytes; fault hunt 39). It replaces the ASCII one rather than
        // adding a deduction: an odd count moved from a hidden half, written whole half to even,
        // reads one point off here, where no tie is confirmed (filtered half-even variants).
        ctx.expectSuccess(
          'CAP-NPA-REASON-LENGTH',
          keep(
            await deduct(ctx, customer, 1, { reasonOfReturn: reasonOfReturn(ctx, customer).padEnd(50, 'é') }),
          ),
        );
        // Every documented source must get past validation: a success, or 8015 where the customer
        // is not known under that source; an 8003 or another rejection means the source was refused.
        // Each under a name the deduction took alone, in turn: a target taking a listed source under
        // one identifier name only refuses it under the other (fault hunt 43,
        // npa-source-refused-with-external-id). No other name is sent, so none can stand in for the source.
        const passed = (e: Exchange) => succeeded(e) || errorCodesOf(e).includes(8015);
        for (const [at, source] of NPA_SOURCES.entries()) {
          const sendUnder = async (
            name: (typeof taken)[number] | undefined,
            pointsToBeAdjusted: number | string = 1,
          ) => {
            const value = name && customer.identifiers[name];
            return keep(
              await ctx.call('negativePointsAdjustment', {
                query:
                  name && value
                    ? { identifierName: name, identifierValue: value, source }
                    : npaQuery(customer, source),
                body: {
                  pointsToBeAdjusted,
                  programId: customer.programs[0],
                  reasonOfReturn: reasonOfReturn(ctx, customer),
                },
              }),
            );
          };
          const name = taken[at % Math.max(taken.length, 1)];
          const exchange = await sendUnder(name);
          const others = await underOtherNames(exchange, name, taken, sendUnder, passed);
          // Refused under every name: sent again as the example's string (numberFormRefused).
          const form =
            passed(exchange) || others.passed
              ? {}
              : await numberFormRefused(ctx, source, programId, exchange, (text) => sendUnder(name, text));
          const excuse = others.passed ? identifierTypeOfSource(name, others.passed) : form.excuse;
          ctx.verify('CAP-NPA-SOURCE-VALUES', passed(exchange), {
            expected: `source ${source} accepted (a success, or 8015 if the customer is unknown under it)`,
            actual: answerOf(exchange),
            exchanges: [exchange, ...others.sent, ...(form.twin ? [form.twin] : [])],
            ...(excuse ? { inferred: excuse } : {}),
          });
        }
        const applied = sent.filter(succeeded);
        const unseen = sent.filter(mayHaveBeenApplied).length;
        const [after, moved] = await readMainAfter(
          ctx,
          'CAP-NPA-ARITHMETIC',
          customer,
          { programId },
          (read) => ({
            plus: [start.mainPoints],
            delta: -applied.length,
            seen: [start, read],
            deductions: ledgerShownBy(ctx, customer, applied),
          }),
        );
        const expected = `mainPoints ${minus(start.mainPoints, applied.length)} in program ${programId} after ${applied.length} accepted deductions of 1 point (sources, reference types, identifier types, a 50-character reason)`;
        const exchanges = [start.exchange, ...applied, after.exchange];
        // The program's read may hide a half (every figure whole, half to even): an odd count of
        // points then reads one off (-45.5 read -46, 19 taken, -64.5 read -64), which one more point
        // confirms as the tie (variant pair hunt 65), as the concurrency checks confirm theirs.
        if (unseen === 0 && applied[0])
          await verifyMoveConfirmed(
            ctx,
            customer,
            after,
            moved,
            { requirement: 'CAP-NPA-ARITHMETIC', deduction: applied[0] },
            { expected, exchanges },
            { programId },
          );
        else
          verifyBalance(ctx, 'CAP-NPA-ARITHMETIC', after.mainPoints, moved, {
            expected,
            actual: `mainPoints ${after.mainPoints}`,
            exchanges,
            // A deduction answered 503 or a 200 that is no JSON may have taken its point; a figure no
            // count of them explains (every one charged twice and answered 504) is a failure still.
            ...(unseen > 0 ? { beyondUnseenWrites: !movedByUnseen(after.mainPoints, moved, unseen) } : {}),
          });
        // programId is optional: a deduction without it takes its point too, from a program the
        // document leaves to the target (hence the balance over all programs).
        await deductsOnePoint(ctx, customer, 'without programId', () =>
          npa(ctx, npaQuery(customer), {
            pointsToBeAdjusted: 1,
            reasonOfReturn: reasonOfReturn(ctx, customer),
          }),
        );
      },
    }),
    defineScenario({
      id: 'input-validation.known-promotion',
      title:
        'a deduction tied to a known promotion (by identifier or by id, with programId) and a known award is accepted',
      requirements: [
        'CAP-NPA-8874',
        'CAP-NPA-8877',
        'CAP-NPA-ARITHMETIC',
        'CAP-NPA-POINTS-AVAILABLE-FORMAT',
        'CAP-NPA-RESPONSE-FIELDS',
      ],
      // One of them at least: CAP-NPA-ARITHMETIC and the answer's fields are judged on their deductions.
      fixtures: ['deductible', 'promotionOrPointsAward'],
      requirementNeeds: { 'CAP-NPA-8874': ['promotion'], 'CAP-NPA-8877': ['pointsAward'] },
      family: 'capillary',
      tags: ['validation', 'promotions'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const promotion = ctx.org?.fixtures.promotion;
        const awardId = ctx.org?.fixtures.pointsAwardedId;
        // The document does not say whether a promotion or an award's id stands alone or needs the
        // pointsAwardedRefType naming its kind, and the profile does not give the kind: a refusal
        // without it is retried with each documented type, and one success is enough. That one
        // takes its point (CAP-NPA-ARITHMETIC).
        const withSomeRefType = async (fields: Record<string, unknown>) => {
          const tried: Exchange[] = [];
          const accepted = await deductsOnePoint(
            ctx,
            customer,
            `with ${JSON.stringify(fields)}`,
            async () => {
              tried.push(await deduct(ctx, customer, 1, fields));
              for (const refType of AWARD_REF_TYPES) {
                if (tried.some(succeeded)) break;
                tried.push(await deduct(ctx, customer, 1, { ...fields, pointsAwardedRefType: refType }));
              }
              return tried.find(succeeded) ?? tried[tried.length - 1]!;
            },
          );
          return succeeded(accepted)
            ? { accepted, shown: [accepted] }
            : { accepted: undefined, shown: tried };
        };
        // The page names a promotion either way ("Either of 1 needs to be passed"): by its
        // identifier (with programId, as its row demands) and by its id, each taking its point.
        if (promotion)
          for (const { named, ...reference } of [
            { named: promotion.identifier, promotionIdentifier: promotion.identifier },
            { named: `id ${promotion.id}`, promotionId: promotion.id },
          ]) {
            const before = await balanceCovering(ctx, customer, promotion.programId, 1);
            const { accepted, shown } = await withSomeRefType({
              programId: promotion.programId,
              ...reference,
            });
            // A program read as a whole number may show the point for less (0.6 rounded half up),
            // every try then refused with 8907 as the page says (variant hunt 42).
            if (
              accepted === undefined &&
              warnedShortOfShownPoint(
                ctx,
                ['CAP-NPA-8874'],
                before,
                1,
                promotion.programId,
                shown,
                `promotion ${named} of program ${promotion.programId} accepted, read as ${before.mainPoints}`,
              )
            )
              continue;
            // Refused every time with 8877: a target may want the award the promotion gave (the
            // page says nothing of the pair), and the profile names no award of the promotion.
            const awardWanted = shown.every(
              (e) => refusedAs(ctx.profile.apiErrorStatus, e) && errorCodesOf(e).includes(8877),
            );
            ctx.verify('CAP-NPA-8874', accepted !== undefined, {
              expected: `promotion ${named} of program ${promotion.programId} accepted, alone or with one of the documented pointsAwardedRefType values`,
              actual: answerOf(accepted ?? shown[shown.length - 1]!),
              exchanges: shown,
              ...(accepted === undefined && awardWanted
                ? {
                    inferred:
                      'every attempt was refused with 8877: the target may want the pointsAwardedId of the award the promotion gave (the document says nothing of the pair), and the profile declares none for the promotion',
                  }
                : {}),
            });
          }
        if (awardId !== undefined) {
          const before = await balanceCovering(ctx, customer, customer.programs[0], 1);
          const { accepted, shown } = await withSomeRefType({ pointsAwardedId: awardId });
          if (
            accepted === undefined &&
            warnedShortOfShownPoint(
              ctx,
              ['CAP-NPA-8877'],
              before,
              1,
              customer.programs[0],
              shown,
              `pointsAwardedId ${awardId} accepted, read as ${before.mainPoints}`,
            )
          )
            return;
          ctx.verify('CAP-NPA-8877', accepted !== undefined, {
            expected: `pointsAwardedId ${awardId} accepted, alone or with one of the documented pointsAwardedRefType values`,
            actual: answerOf(accepted ?? shown[shown.length - 1]!),
            exchanges: shown,
          });
        }
      },
    }),
  ],
};
