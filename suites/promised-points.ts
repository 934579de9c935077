import type { Exchange } from '../src/client/exchange.ts';
import {
  errorCodesOf,
  exactBody,
  lookupIdentifier,
  refusedAs,
  UPP_IDENTIFIERS,
  unlockLinesOf,
  unreadableBalance,
  writtenDecimals,
} from '../src/engine/context.ts';
import { AFTER_REFUSAL } from '../src/engine/read-after-write.ts';
import type {
  BalanceReading,
  NamedBill,
  NamedCustomer,
  ScenarioContext,
  Suite,
} from '../src/engine/types.ts';
import { statusAllowedForErrors } from '../src/profile/error-status.ts';
import {
  decimalsShown,
  EXPONENT_FORM_NOTE,
  expectedBalance,
  promisedOf as promisedFigureOf,
  promisedWrittenWhole,
  readAsWholeNumber,
  WHOLE_BALANCE_NOTE,
} from './balance-reading.ts';
import { judgeOnePointRedeemable, showing, verifyBalance } from './balance-verify.ts';
import {
  answerOf,
  billUnknown,
  byOwnExternalId,
  deduct,
  defineScenario,
  dualPrimary,
  identifierTypeOfSource,
  inExponentForm,
  judgeDualRefusal,
  judgeRefusedUnlockMovedNothing,
  minus,
  ownIdentifier,
  probeEventName,
  roundPoints,
  samePoints,
  stopIfBillUnknown,
  succeeded,
  toAmount,
  underOtherNames,
  unknownId,
  verifyPromisedFiguresAgree,
} from './support.ts';
import {
  judgeLinePrograms,
  judgePromotionLines,
  judgePromotionListed,
  linesShowMove,
  type ProgramReadings,
  readProgramMains,
} from './unlock-lines.ts';
import {
  BILL_TOTAL_READINGS,
  claimsUnlock,
  isItemLine,
  type UnlockLine,
  unlockedSum,
  unlockedValues,
  unsummedLines,
} from './unlock-sums.ts';

/** The sources the unlock document lists ("Query parameters", source). */
export const UPP_SOURCES = [
  'INSTORE',
  'FACEBOOK',
  'WEB_ENGAGE',
  'WECHAT',
  'MARTJACK',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'MOBILE_APP',
];

const uppQuery = (customer: NamedCustomer, extra: Record<string, string> = {}) => {
  const [identifierName, identifierValue] = lookupIdentifier(customer, UPP_IDENTIFIERS);
  return { identifierName, identifierValue, source: 'INSTORE', ...extra };
};

const unlock = (ctx: ScenarioContext, customer: NamedCustomer, body: Record<string, unknown>, query = {}) =>
  ctx.call('unlockPromisedPoints', { query: uppQuery(customer, query), body, customerKey: customer.key });

/** An unlock for a user group (type USERGROUP2) no group has: sent as is, no customer named. */
const unlockForUnknownGroup = (ctx: ScenarioContext, body: Record<string, unknown>) =>
  ctx.call('unlockPromisedPoints', {
    query: {
      identifierName: 'id',
      identifierValue: String(unknownId(ctx, 990_000_000)),
      source: 'INSTORE',
      type: 'USERGROUP2',
    },
    body,
  });

const billBody = (bill: NamedBill, extra: Record<string, unknown> = {}) => ({
  eventName: bill.eventName,
  billNumber: bill.billNumber,
  ...extra,
});

/**
 * A reading's promised points: promisedPoints, else its breakup's sum (a breakup given leaves out
 * only zero figures), else totalPoints less mainPoints. The breakup before the total: a total written
 * whole beside main with decimals makes the difference a display's (variant hunt 56: a serializer
 * leaving out a promisedPoints of 0 beside a whole total read 133 - 133.217 as -0.217 promised).
 */
const promisedOf = (r: BalanceReading) => promisedFigureOf(r)?.promised ?? minus(r.totalPoints, r.mainPoints);

/** The decimals a reading's figure is written with: a string's own (its trailing zeros count), a number's. */
const writtenWith = (r: BalanceReading, field: 'mainPoints' | 'totalPoints') => {
  const text = (r.exchange.response?.body as Record<string, unknown> | undefined)?.[field];
  return writtenDecimals(typeof text === 'string' ? text : String(r[field])) ?? 0;
};

/**
 * How far a reading's promised points may lie from totalPoints less mainPoints: one unit of the
 * total's last decimal where no promised figure is given (no promisedPoints, no breakup: a
 * serializer leaving zeros and empty objects out) and the total shows fewer decimals than main is
 * written with (a long on that path, however padded), so the difference is a display's; 0 where a
 * promised figure is given.
 */
function promisedHiddenBy(r: BalanceReading): number {
  if (promisedFigureOf(r) !== undefined) return 0;
  // Zeros a format pads the total with show no decimals ("751.000" beside "673.999": variant pair
  // hunt 65), as CAP-BAL-TOTAL reads them (balance-total.ts, decimalsWritten); main's count.
  const shown = Math.min(writtenWith(r, 'totalPoints'), decimalsShown(r.totalPoints));
  return shown < writtenWith(r, 'mainPoints') ? 10 ** -shown : 0;
}

/** Why an unlock's move that promised points derived from a total shown with fewer decimals can hide only warns. */
const PROMISED_FROM_SHOWN_TOTAL_NOTE =
  "no promised figure was given, so promised points were read as totalPoints less mainPoints, and totalPoints is written with fewer decimals than mainPoints: the balance page's table types its figures int and marks none required, so a difference within one unit of the total's last decimal may be the total's display, not the move";

/** The unlock page's example store and till, sent where the profile declares none (fixtures.source). */
const EXAMPLE_SOURCE = { storeId: 1122, tillId: 323 };

/**
 * Why a refusal of the unlock page's example store (1122) or till (323) only warns: they are the
 * example's values, and the page documents no code for a store or till a target does not know.
 */
const EXAMPLE_SOURCE_VALUES =
  "sourceStoreId 1122 and sourceTillId 323 are the document's example values: a target may refuse a store or till it does not know (no code is documented), which cannot be told from refusing the field (declare fixtures.source, a store and till the org knows, to have such a refusal fail)";

/** Why a refusal of the unlock page's example billDate only warns when a recent one is accepted. */
const EXAMPLE_BILL_DATE =
  "2022-02-12 is the document's example date: a target may refuse a bill date older than it keeps (no code is documented), so a recent date in the same form is judged";

/**
 * A date after the example's billDate whose day (31) can be no month, read in either order, and
 * exists in its month only: a validity check off by one month (a month index not made zero-based)
 * reads it as 31 September and refuses it (fault hunt 43, upp-bill-date-month-not-zero-based). Its
 * month, 08, is no octal number: a parser reading a leading 0 as octal takes it for month 0 (fault
 * hunt 45, upp-bill-date-octal-parse; the example's 02 and 12 read alike either way).
 */
const DAY_PAST_TWELFTH = '2022-08-31';

const isAlreadyUnlocked = (exchange: Exchange) => errorCodesOf(exchange).includes(82323282);

/**
 * Whether a refused unlock of a declared bill may be the other error the domain facts allow for a
 * bill unlocked before: 82323282, "or an 'already unlocked' error whose code is *not found*". A
 * refusal (not of the credentials) whose every code no document gives a meaning may be that error,
 * and the bill may have been unlocked before this run: the suite cannot tell, so it only warns.
 */
async function mayBeAlreadyUnlocked(ctx: ScenarioContext, exchange: Exchange): Promise<boolean> {
  const codes = errorCodesOf(exchange);
  const status = exchange.response?.status;
  if (codes.length === 0 || status === 401 || status === 403) return false;
  if (!refusedAs(ctx.profile.apiErrorStatus, exchange)) return false;
  const known = documentedCodes(ctx);
  return codes.every((code) => !known.has(code));
}

/** Every error code some document gives a meaning, over all operations. */
const documentedCodes = (ctx: ScenarioContext): ReadonlySet<number> =>
  new Set(ctx.specs.registry.operations().flatMap((o) => o.errorCodes.map((e) => e.code)));

/** Why a 403 refusing the bill's own store and till only warns ({@link refusedTheTillThatStore}). */
const SOURCE_NOT_AUTHORISED =
  'the page does not say which stores and tills the credentials may name as sourceStoreId and sourceTillId: a 403 naming no documented code (or 4000, not authorized), or such a code in the 2xx a target answers every error with, or a 401 naming no code where the same unlock without the store and till went through, refuses the authenticated till that store, not the bill';

/** The legacy v2 docs' "Not authorized" (403), the one documented code an authorisation refusal names. */
const NOT_AUTHORISED = 4000;

/**
 * Whether a bill's store and till are the org's `fixtures.source`, which the profile declares the
 * credentials may name as an unlock's source. The declaration, not the unknown bill's probe, says
 * so: a target that looks the bill up before it authorises the source answers an unknown bill
 * 82323277 whatever store and till it names (tenth variant hunt: a till allowed to name only
 * itself, declared with another till of its store, failed CAP-UPP-MOVE).
 */
function namedByDeclaration(ctx: ScenarioContext, source: NonNullable<NamedBill['source']>): boolean {
  const declared = ctx.org?.fixtures.source;
  return declared?.storeId === source.storeId && declared.tillId === source.tillId;
}

/**
 * Whether a refused unlock carrying a bill's store and till (`source`) is a 403 that names no code a
 * document gives a meaning but 4000 (and 403 is not the profile's pinned API error status), a 401
 * naming 4000 alone (401 not pinned either), or such
 * a refusal in the 2xx the profile allows for every error (apiErrorStatus any), whose status tells nothing: the
 * credentials' till not allowed to name that store, an authorisation the documents leave to the
 * target (the v2 facts' 403 is "not authorized"), not a bill looked up under another store
 * (82323277) or a field refused (a 400). Never where they are the store and till the profile declares
 * the credentials may name (fixtures.source, {@link namedByDeclaration}). With `sameCallAccepted`
 * (the same unlock without the store and till went through: the credentials are good), a 401 naming
 * no code at all reads so too, a gateway answering every 401 with a page of its own (nginx's
 * proxy_intercept_errors) hiding the target's 4000 (variant pair hunt 67).
 */
function refusedTheTillThatStore(
  ctx: ScenarioContext,
  exchange: Exchange,
  source: NonNullable<NamedBill['source']>,
  sameCallAccepted = false,
): boolean {
  const pinned = ctx.profile.apiErrorStatus;
  if (namedByDeclaration(ctx, source)) return false;
  const status = exchange.response?.status;
  // A target answering its errors with a 2xx (apiErrorStatus any: legacy v2's 200) says nothing by
  // its status, so its 403 cannot show: a code no document gives a meaning is read as that 403's
  // (variant hunt 54, unlock-source-store-of-credentials-only-refused-in-200).
  const statusSaysNothing = status !== undefined && status < 300 && statusAllowedForErrors(pinned, status);
  const pinnedTo = (code: number) => pinned === code || (Array.isArray(pinned) && pinned.includes(code));
  const codes = errorCodesOf(exchange);
  // A 401 is the v2 facts' "authentication failed" unless it names 4000, "not authorized" whatever
  // its status (the documents tie no status to a code: variant access-group-refused-401; pair hunt 64).
  if (status === 401 && !pinnedTo(401))
    return codes.length > 0 ? codes.every((code) => code === NOT_AUTHORISED) : sameCallAccepted;
  if (!statusSaysNothing && (status !== 403 || pinnedTo(403))) return false;
  const known = documentedCodes(ctx);
  return codes.every((code) => code === NOT_AUTHORISED || !known.has(code));
}

/**
 * Judges a refused unlock of a declared bill that {@link mayBeAlreadyUnlocked} answered: each of
 * `requirements` only warns, as the bill may have been unlocked before this run. The answer alone
 * cannot tell a rerun from a fresh run, whose bill still has its points: with `noted`, each warning
 * is kept on the bill, and a later unlock of it in this run that moves points turns it into a
 * failure ({@link judgeNotesOnBill}; fault upp-own-code-on-a-fresh-bill). Without it where a later
 * move would not show the answer wrong (a filter selecting nothing, which a target may refuse with
 * a code of its own, variant unlock-unknown-item-code-own-code).
 */
function warnMaybeUnlockedBefore(
  ctx: ScenarioContext,
  bill: NamedBill,
  exchange: Exchange,
  requirements: readonly string[],
  {
    expected = `the unlock of bill ${bill.billNumber} succeeds`,
    noted,
  }: { expected?: string; noted: boolean },
): void {
  for (const requirementId of requirements) {
    ctx.verify(requirementId, false, {
      expected,
      actual: answerOf(exchange),
      exchanges: [exchange],
      inferred: `a code no document gives a meaning may be an "already unlocked" error (its code is not found): bill ${bill.billNumber} may have been unlocked before this run`,
    });
    if (noted) ctx.noteOnBill(bill.key, { requirementId, expected, exchange });
  }
}

/**
 * Judges a refusal of an unlock of a declared bill that must carry `code`: without it, a refusal
 * whose every code no document gives a meaning only warns ({@link mayBeAlreadyUnlocked}: the bill
 * may have been unlocked before this run), and, `noted`, fails once a later unlock of the bill in
 * this run moves its points ({@link warnMaybeUnlockedBefore}).
 */
async function expectCodeForDeclaredBill(
  ctx: ScenarioContext,
  bill: NamedBill,
  requirementId: string,
  exchange: Exchange,
  code: number,
  noted = true,
): Promise<void> {
  if (!errorCodesOf(exchange).includes(code) && (await mayBeAlreadyUnlocked(ctx, exchange)))
    warnMaybeUnlockedBefore(ctx, bill, exchange, [requirementId], { expected: `error code ${code}`, noted });
  else ctx.expectErrorCode(requirementId, exchange, code);
}

/**
 * Judges a refusal of an unlock of a declared bill sent with `what` (a field left out or empty),
 * which the page gives its own code (`code`, or one of several). A bill used up before this run (a rerun) meets "no promise points found"
 * (82323282) too, and the page lists its codes in no order: a target that finds the bill empty
 * before it reads the body says 82323282 first, which only warns (rule audit of the unlock, variant
 * unlock-used-bill-answered-before-the-body). The answer alone cannot tell a rerun from a fresh
 * run, whose bill still has its points: the warning is kept on the bill for the run, and a later
 * unlock of the bill that moves points turns it into a failure ({@link judgeNotesOnBill}; twentieth
 * fault hunt, fault upp-82323282-on-a-fresh-bill). Any other answer is judged as ever, and what a
 * refusal moved is judged by CAP-UPP-NO-SIDE-EFFECT.
 */
function expectCodeUnlessUsedUp(
  ctx: ScenarioContext,
  bill: NamedBill,
  requirementId: string,
  exchange: Exchange,
  code: number | readonly number[],
  what: string,
): void {
  const codes = typeof code === 'number' ? [code] : code;
  const documented = codes.some((c) => errorCodesOf(exchange).includes(c));
  const expected = `error code ${codes.join(' or ')} for the unlock with ${what}`;
  if (!isAlreadyUnlocked(exchange) || documented) {
    if (typeof code === 'number') ctx.expectErrorCode(requirementId, exchange, code);
    else
      ctx.verify(requirementId, refusedAs(ctx.profile.apiErrorStatus, exchange) && documented, {
        expected,
        actual: answerOf(exchange),
        exchanges: [exchange],
      });
    return;
  }
  ctx.verify(requirementId, false, {
    expected,
    actual: answerOf(exchange),
    exchanges: [exchange],
    inferred: `bill ${bill.billNumber} (${bill.eventName}) has nothing left to unlock (82323282): the page lists its codes in no order, so a target may say so before it reads ${what}`,
  });
  ctx.noteOnBill(bill.key, { requirementId, expected, exchange });
}

/**
 * Turns the notes an earlier scenario kept on `bill` ({@link expectCodeUnlessUsedUp},
 * {@link judgeEmptyBillNumber}: 82323282 answered where another code is documented, warned because
 * a rerun's used-up bill meets 82323282 too; {@link warnMaybeUnlockedBefore}: a code no document
 * gives, warned as a rerun's "already unlocked"; {@link unlockWithoutEventLog}: 82323282 to the
 * unlock naming the bill's own event log) into failures, now that `unlock` moved `moved` points
 * of it: nothing adds promised points to a bill, so it had them when it was said to have none. A
 * scenario unlocking a declared bill lists the requirements of the notes (CAP-UPP-82323272,
 * CAP-UPP-82323271, CAP-UPP-82323284, CAP-UPP-3918, and CAP-UPP-MOVE and -TYPE-DEFAULT of a refused
 * first unlock): `verify` records a requirement the scenario does not list all the same, but `plan`
 * and `--requirement` would not know the scenario judges it. The filters judge them after their
 * filtered steps, where a bill partly unlocked before this run can show (variant hunt 14).
 */
function judgeNotesOnBill(ctx: ScenarioContext, bill: NamedBill, unlock: Exchange, moved: number): void {
  for (const note of ctx.takeBillNotes(bill.key))
    ctx.verify(note.requirementId, false, {
      expected: `${note.expected}: bill ${bill.billNumber} still had promised points then (this run's later unlock of it moved ${moved})`,
      actual: `${answerOf(note.exchange)} (in ${note.scenarioId}); the later unlock answered ${answerOf(unlock)}`,
      exchanges: [note.exchange, unlock],
    });
}

/**
 * An unlock judged: the amount moved (undefined when it did not succeed) and, when it moved, the
 * reads of each program the profile lists for the customer before and after it.
 */
interface Unlocked {
  exchange: Exchange;
  moved: number | undefined;
  programs?: { before: ProgramReadings; after: ProgramReadings };
  /** The balance read before a refused unlock: what a refusal must leave as it was. */
  refusedFrom?: BalanceReading;
}

/** What a successful unlock's answer is judged for, whatever the unlock is asked to move. */
const UNLOCK_ANSWER_REQUIREMENTS = [
  'CAP-UPP-RESPONSE-NUMERIC',
  'CAP-UPP-RESPONSE-BILL',
  'CAP-UPP-RESPONSE-SUM',
];

/**
 * Unlocks and judges what moved: main points up and promised points down by the sum the answer
 * lists, over all programs. Returns the amount moved (undefined when the unlock did not succeed).
 * With `copies` above 1 the same unlock is sent that many times at once: the promised points move
 * once all the same (main up by what promised points lost, as `requirements` judge), and the answers
 * that move points list together what moved (a target may share a bill's lines out among them); the
 * one judged is the first of those. With `notes` 'keep', a move leaves the bill's notes for the
 * caller to judge ({@link judgeNotesOnBill}).
 */
async function unlockAndJudge(
  ctx: ScenarioContext,
  bill: NamedBill,
  body: Record<string, unknown>,
  requirements: readonly string[],
  query: Record<string, string> = {},
  copies = 1,
  unknownBill: 'stop' | 'return' = 'stop',
  notes: 'judge' | 'keep' = 'judge',
): Promise<Unlocked> {
  const customer = bill.customerFixture;
  const before = await ctx.balance(customer, { fetchDataForAllPrograms: true });
  const programsBefore = await readProgramMains(ctx, customer, before);
  const sent = await Promise.all(Array.from({ length: copies }, () => unlock(ctx, customer, body, query)));
  if (unknownBill === 'stop') stopIfBillUnknown(ctx, bill.key, sent);
  const movers = sent.filter((e) => succeeded(e) && claimsUnlock(e));
  const exchange = movers[0] ?? sent.find(succeeded) ?? sent[0]!;
  const status = exchange.response?.status ?? 0;
  // A refusal in a 2xx envelope (a profile's apiErrorStatus admitting 2xx) moved nothing either.
  if (status < 200 || status >= 300 || refusedAs(ctx.profile.apiErrorStatus, exchange)) {
    if (exchange.response !== undefined)
      await judgeRefusedUnlockMovedNothing(ctx, bill, requirements, before, exchange);
    // A server error (or no answer) is no refusal the page documents, and it leaves the answer's
    // lines unjudged: the report says so, instead of another principal's missing fixture being the
    // only reason it gives (README audit 5: a 500 on every unlock read "skip: no secondProgram bill").
    if (status < 200 || status >= 500)
      for (const requirement of UNLOCK_ANSWER_REQUIREMENTS)
        ctx.notJudged(
          requirement,
          `the unlock of bill ${bill.billNumber} got ${exchange.response ? `a ${status}` : 'no answer'}, no pointsUnlocked lines to judge (CAP-UPP-MOVE judges the unlock itself)`,
        );
    return { exchange, moved: undefined, refusedFrom: before };
  }
  // Under the profile's read-after-write window, read until main points rose as promised points fell.
  const keptFrom = (read: BalanceReading) => ({
    plus: [before.mainPoints, promisedOf(before)],
    less: [promisedOf(read)],
    seen: [before, read],
  });
  const kept = showing(requirements[0] ?? 'CAP-UPP-MOVE', (read) => [[read.mainPoints, keptFrom(read)]]);
  const after = await ctx.balance(
    customer,
    { fetchDataForAllPrograms: true },
    { ...kept, shows: (read) => minus(read.mainPoints, before.mainPoints) > 0 && kept.shows(read) },
  );
  verifyPromisedFiguresAgree(ctx, after);
  const programsAfter = await readProgramMains(ctx, customer, after, {
    requirement: kept.requirement,
    shows: (read) => programsShowUnlock(exchange, programsBefore, read),
    // Where the lines' points went per program is inferred (CAP-UPP-RESPONSE-PROGRAM warns).
    warnsOnly: true,
  });
  // Each program's read after the move too: a figure kept stale at one place shows there as well
  // (fault hunt 41: one-program reads' top-level figures frozen at their first read passed).
  for (const read of programsAfter.byProgram.values()) verifyPromisedFiguresAgree(ctx, read);
  judgeLinePrograms(ctx, customer, exchange, programsBefore, programsAfter, bill.billNumber);
  judgeProgramsAddUp(ctx, programsBefore, programsAfter, exchange);
  judgeMovesWithinPrograms(ctx, exchange, programsBefore.byProgram, programsAfter.byProgram, requirements);
  judgePromotionLines(ctx, exchange);
  const listed =
    movers.length > 1
      ? movers.reduce<number | undefined>((sum, e) => {
          const one = unlockedSum(e);
          return sum === undefined || one === undefined ? undefined : roundPoints(sum + one, sum, one);
        }, 0)
      : unlockedSum(exchange);
  ctx.verify('CAP-UPP-RESPONSE-NUMERIC', listed !== undefined, {
    expected: 'pointsUnlocked lines (a list, or one object) with numeric pointsUnlocked',
    actual: (movers.length > 1 ? movers : [exchange]).map(unsummedLines).join(' | '),
    exchanges: [exchange],
  });
  const amounts = (unlockLinesOf(exchange.response?.body) ?? []).map(
    (line) => (line as UnlockLine)?.pointsUnlocked,
  );
  // Blanks around the digits ("      30.000", a fixed-width format) make no decimal string, though
  // the sums read through them: the spec's Decimal refuses them (fault hunt 41).
  const padded = amounts.filter((v) => typeof v === 'string' && v.trim() !== v);
  ctx.verify('CAP-UPP-RESPONSE-NUMERIC', padded.length === 0, {
    expected: 'pointsUnlocked as numbers or decimal strings, as "10.000", without blanks around them',
    actual: `pointsUnlocked ${padded.map((v) => JSON.stringify(v)).join(', ')}`,
    exchanges: [exchange],
  });
  const exponent = amounts.filter(inExponentForm);
  ctx.verify('CAP-UPP-RESPONSE-NUMERIC', exponent.length === 0, {
    expected: 'pointsUnlocked as numbers or decimal strings, as "10.000"',
    actual: `pointsUnlocked ${exponent.map((v) => JSON.stringify(v)).join(', ')}`,
    exchanges: [exchange],
    inferred: EXPONENT_FORM_NOTE,
  });
  // The response table: a line's billNumber is the "Unique bill number of the transaction", the bill
  // asked for (lines of a promotion carry none). Compared as text: the table types it String, the
  // example writes a number (read with all its digits, however long: exactBody). A list or an
  // object names no bill, even where its text would (["B-1"] reads "B-1"; fault hunt 41).
  const otherBills = (unlockLinesOf(exactBody(exchange)) ?? [])
    .map((line) => (line as UnlockLine)?.billNumber)
    .filter((billNumber) => billNumber !== undefined && billNumber !== null)
    .filter((billNumber) => typeof billNumber === 'object' || String(billNumber) !== String(body.billNumber));
  ctx.verify('CAP-UPP-RESPONSE-BILL', otherBills.length === 0, {
    expected: `every pointsUnlocked line that carries a billNumber names bill ${String(body.billNumber)}`,
    actual: `billNumber ${otherBills.map((v) => JSON.stringify(v)).join(', ')}`,
    exchanges: [exchange],
  });
  const mainUp = minus(after.mainPoints, before.mainPoints);
  if (mainUp > 0 && notes === 'judge') judgeNotesOnBill(ctx, bill, exchange, mainUp);
  const promisedDown = minus(promisedOf(before), promisedOf(after));
  // Main points gain what promised points lose: main after = main + promised before − promised after.
  const seen = [before, after];
  const moved = {
    expected: 'main points up and promised points down by the same positive amount',
    actual: `main +${mainUp}, promised −${promisedDown}`,
    exchanges: [before.exchange, exchange, after.exchange],
  };
  const hidden = Math.max(promisedHiddenBy(before), promisedHiddenBy(after));
  const withinDisplay =
    hidden > 0 && !samePoints(mainUp, promisedDown) && Math.abs(minus(mainUp, promisedDown)) < hidden;
  for (const requirement of requirements) {
    if (mainUp > 0 && withinDisplay)
      ctx.verify(requirement, false, { ...moved, inferred: PROMISED_FROM_SHOWN_TOTAL_NOTE });
    else if (mainUp > 0) verifyBalance(ctx, requirement, after.mainPoints, keptFrom(after), moved);
    else ctx.verify(requirement, false, moved);
  }
  // Promised figures written whole beside main and total with decimals hide up to half a point of
  // what moved (promwhole); totalPoints, which an unlock leaves as it was, shows it with its
  // decimals (fault hunt 36: an unlock moving 12.625 of a 12.675 promise, main +12.62, promised −13).
  // A total that is main plus the promised figure as shown hides the promised decimals too: not judged.
  const totalHides = samePoints(
    before.totalPoints,
    roundPoints(before.mainPoints + promisedOf(before), before.mainPoints, promisedOf(before)),
  );
  if (mainUp > 0 && promisedWrittenWhole(seen) && !totalHides)
    for (const requirement of requirements)
      verifyBalance(
        ctx,
        requirement,
        after.totalPoints,
        { plus: [before.totalPoints], seen },
        {
          ...moved,
          expected: 'totalPoints unchanged by the unlock (main points up by what promised points lose)',
          actual: `totalPoints ${before.totalPoints} → ${after.totalPoints}`,
        },
      );
  if (listed !== undefined) {
    // The page calls pointsUnlocked "Total number of points unlocked for the bill": a target may
    // give the bill's total on its bill line and break it down on item (and promotion) lines. Read
    // that way the answer adds up without them; the documents do not settle which, so that only warns.
    const readings = BILL_TOTAL_READINGS.map((counted) => ({
      sum: unlockedSum(exchange, counted),
      values: unlockedValues(exchange, counted),
    })).filter(
      (reading): reading is { sum: number; values: number[] } =>
        reading.sum !== undefined && reading.values !== undefined && reading.sum !== listed,
    );
    const totals = readings.map(({ sum }) => sum);
    // Shown once each, and without the 0 of a reading that counts no line (an answer of one line):
    // "as the bill's total and its breakdown 0 or 0" told the reader nothing.
    const shownTotals = [...new Set(totals)].filter((sum) => sum !== 0);
    // mainUp is a difference of balances: as exact as they are.
    const isRise = (sum: number) => samePoints(sum, mainUp, before.mainPoints, after.mainPoints);
    const asTotals = isRise(listed) ? undefined : totals.find(isRise);
    const asTotalAndBreakdown = asTotals !== undefined;
    // Balances shown as whole numbers (the balance table's int) hide the decimals of what moved:
    // of the listed sum, or of the bill's total under the reading above. Lines shown as whole
    // numbers too (the page's example writes 6, 24, 12) hide their own decimals, each summed as a
    // figure read.
    const shownWhole = ({ sum, values }: { sum: number; values: readonly number[] }) =>
      readAsWholeNumber(after.mainPoints, { plus: [before.mainPoints], delta: sum, seen }) ||
      readAsWholeNumber(after.mainPoints, { plus: [before.mainPoints, ...values], seen });
    const whole =
      !isRise(listed) &&
      !asTotalAndBreakdown &&
      [{ sum: listed, values: unlockedValues(exchange) ?? [] }, ...readings].some(shownWhole);
    ctx.verify('CAP-UPP-RESPONSE-SUM', isRise(listed), {
      expected: `the listed pointsUnlocked add up to the change in main points (${mainUp})`,
      actual: `listed ${listed}${shownTotals.length > 0 ? `; as the bill's total and its breakdown ${shownTotals.join(' or ')}` : ''}`,
      exchanges: [exchange, after.exchange],
      ...(asTotalAndBreakdown
        ? { inferred: "the bill line may carry the bill's total and the other lines its breakdown" }
        : whole
          ? { inferred: WHOLE_BALANCE_NOTE }
          : {}),
    });
  }
  return { exchange, moved: mainUp, programs: { before: programsBefore, after: programsAfter } };
}

/**
 * The identifier the `nth` real unlock of a customer names it by, when it has one besides the
 * usual (the page lists five): the rarer ones first (primaryUserId, cuid, id, externalId), never a
 * value another declared customer shares. Every identifier the page lists finds the customer for a
 * real bill too, not only for the unknown bills of CAP-UPP-IDENTIFIER-NAMES: an unlock that
 * answers by one of them must move what it lists.
 */
function otherIdentifier(
  customer: NamedCustomer,
  nth: number,
): { identifierName: string; identifierValue: string } | undefined {
  const [usual] = lookupIdentifier(customer, UPP_IDENTIFIERS);
  const others = [...UPP_IDENTIFIERS]
    .reverse()
    .filter((n) => n !== usual && !customer.sharedIdentifiers?.includes(n))
    .flatMap((n) => {
      const value = customer.identifiers[n as keyof NamedCustomer['identifiers']];
      return value ? [{ identifierName: n, identifierValue: value }] : [];
    });
  return others[nth % Math.max(1, others.length)];
}

/**
 * billDate beside the body's other optional fields (`besides`: an eventLogId, and the store and
 * till where the target took them): the same body without the date first, then with `date`, one it
 * took alone. Each reaching the lookups (no bill found, 82323277, or no event log, 3918), a refusal
 * of the second alone is the date's: a target may bind the body on each path apart and read dates
 * on one only (fault hunt 67: every billDate went alone).
 */
async function judgeDateBesideOtherFields(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  date: string,
  besides: Record<string, unknown>,
): Promise<void> {
  const lookedUp = (exchange: Exchange) => [82323277, 3918].some((c) => errorCodesOf(exchange).includes(c));
  const without = await unlock(ctx, customer, besides);
  if (!lookedUp(without)) return;
  const dated = await unlock(ctx, customer, { ...besides, billDate: date });
  ctx.verify('CAP-UPP-BILL-DATE', lookedUp(dated), {
    expected: `billDate ${date} beside ${Object.keys(besides)
      .filter((k) => k !== 'eventName' && k !== 'billNumber')
      .join(', ')} accepted, as the same body without it was (82323277 or 3918, not a validation error)`,
    actual: answerOf(dated),
    exchanges: [without, dated],
  });
}

/**
 * An unlock `what` (type=CUSTOMER given, or no type: the documented default) refused as an invalid
 * entity type (82323276) or for group details (1645) was not taken for a customer unlock, and fails
 * CAP-UPP-TYPE-DEFAULT; any other answer is another rule's to judge.
 */
function judgeCustomerType(ctx: ScenarioContext, exchange: Exchange, what: string): void {
  ctx.verify('CAP-UPP-TYPE-DEFAULT', !errorCodesOf(exchange).some((c) => c === 82323276 || c === 1645), {
    expected: `the unlock ${what}, handled as type=CUSTOMER (not refused with 82323276 or 1645)`,
    actual: answerOf(exchange),
    exchanges: [exchange],
  });
}

/**
 * {@link unlockAndJudge} with the customer named by {@link otherIdentifier}; refused (under dual
 * eligibility a target may refuse a lone secondary with 8015, as the balance page does; any other
 * refusal is CAP-UPP-IDENTIFIER-NAMES' to judge), the same unlock by the usual identifier.
 */
async function unlockByOtherAndJudge(
  ctx: ScenarioContext,
  bill: NamedBill,
  body: Record<string, unknown>,
  requirements: readonly string[],
  nth: number,
  query: Record<string, string> = {},
  unknownBill: 'stop' | 'return' = 'stop',
): Promise<Unlocked> {
  const other = otherIdentifier(bill.customerFixture, nth);
  let byOther: Unlocked | undefined;
  if (other) {
    byOther = await unlockAndJudge(ctx, bill, body, requirements, { ...query, ...other }, 1, unknownBill);
    if (byOther.moved !== undefined || isAlreadyUnlocked(byOther.exchange)) return byOther;
    // 1645 is the page's code for group details: an unlock without type answered so was taken for a
    // USERGROUP2 one, not the documented default CUSTOMER (fault hunt 41: a target defaulting to the
    // group for identifierName id, upp-type-default-group-for-id).
    // 82323276 (invalid entity type) to an unlock that names no type: no default was taken either
    // (fault hunt 52, upp-no-type-refused-off-mobile).
    // type=CUSTOMER given, the supported value, refused so is no customer unlock either (fault hunt
    // 65, upp-explicit-customer-type-refused-by-external-id: only the unlock by another identifier
    // carried it, and its refusal went unjudged before the usual identifier's unlock moved).
    if (
      (query.type === undefined || query.type === 'CUSTOMER') &&
      errorCodesOf(byOther.exchange).some((c) => c === 1645 || c === 82323276)
    )
      ctx.verify('CAP-UPP-TYPE-DEFAULT', false, {
        expected: `the unlock of bill ${bill.billNumber} ${query.type === undefined ? 'without type' : 'with type=CUSTOMER'}, naming customer ${bill.customerFixture.key} by ${other.identifierName}, handled as type=CUSTOMER`,
        actual: answerOf(byOther.exchange),
        exchanges: [byOther.exchange],
      });
  }
  const usual = await unlockAndJudge(ctx, bill, body, requirements, query, 1, unknownBill);
  if (other && byOther && usual.moved !== undefined && errorCodesOf(byOther.exchange).includes(8015))
    judgeRealBillFound(ctx, bill, other.identifierName, byOther.exchange, usual.exchange);
  return usual;
}

/**
 * An identifier the page lists, refused as naming no customer (8015) in the unlock of a real bill
 * that the usual identifier then unlocked, fails CAP-UPP-IDENTIFIER-NAMES: accepted-query's probes
 * unlock an unknown bill, which a target looking the bill up before the customer answers 82323277
 * under any name (fault hunt 62, upp-real-bill-found-by-mobile-only). Under dual eligibility a lone
 * identifier other than the primary refused so only warns, as accepted-query's do.
 */
function judgeRealBillFound(
  ctx: ScenarioContext,
  bill: NamedBill,
  name: string,
  refused: Exchange,
  unlocked: Exchange,
): void {
  const primary = dualPrimary(ctx);
  ctx.verify('CAP-UPP-IDENTIFIER-NAMES', false, {
    expected: `identifierName ${name} resolves customer ${bill.customerFixture.key} in the unlock of its bill ${bill.billNumber}, as the usual identifier did`,
    actual: `${answerOf(refused)}; by the usual identifier the same unlock moved the bill's points`,
    exchanges: [refused, unlocked],
    ...(primary !== undefined && name !== primary
      ? {
          inferred: `dual eligibility is on and ${name} was refused alone with 8015, as the balance page says of its lookup; the unlock page is silent on dual eligibility`,
        }
      : {}),
  });
}

/**
 * {@link unlockByOtherAndJudge} of a bill whose store and till the profile declares (the bill's
 * `source`): the unlock carries them as the table's sourceStoreId and sourceTillId ("where the
 * transaction occurred"), so a target refusing a real bill's own source fields, or looking the bill
 * up under another store (82323277), is seen; the suite otherwise sends them with unknown bills
 * only. Refused, the same unlock goes without them: if that one moves the bill's points, the
 * refusal fails CAP-UPP-MOVE, or warns where it is a 403 of the till's authorisation
 * ({@link refusedTheTillThatStore}) (an "already unlocked" answer is left to the caller's judgement; a
 * second "no bill found" is a bill the target lacks, which stops the scenario as before).
 */
async function unlockWithBillSource(
  ctx: ScenarioContext,
  bill: NamedBill,
  nth: number,
  query: Record<string, string> = {},
): Promise<Unlocked> {
  const judged = ['CAP-UPP-MOVE'];
  if (!bill.source) return unlockByOtherAndJudge(ctx, bill, billBody(bill), judged, nth, query);
  const { storeId, tillId } = bill.source;
  const fields = { sourceStoreId: storeId, sourceTillId: tillId };
  const withSource = await unlockByOtherAndJudge(
    ctx,
    bill,
    billBody(bill, fields),
    judged,
    nth,
    query,
    'return',
  );
  const refused = withSource.exchange;
  if (withSource.moved !== undefined || refused.response === undefined || isAlreadyUnlocked(refused))
    return withSource;
  const without = await unlockByOtherAndJudge(ctx, bill, billBody(bill), judged, nth, query);
  if (without.moved !== undefined)
    ctx.verify('CAP-UPP-MOVE', false, {
      expected: `the unlock of bill ${bill.billNumber} carrying the store and till it was issued at (sourceStoreId ${storeId}, sourceTillId ${tillId}, fixtures.bills.${bill.key}.source${namedByDeclaration(ctx, bill.source) ? '; the profile declares them a store and till the credentials may name, fixtures.source' : ''}) moves its points`,
      actual: `${answerOf(refused)}; the same unlock without the source fields moved them`,
      exchanges: [refused, without.exchange],
      ...(refusedTheTillThatStore(ctx, refused, bill.source, true)
        ? { inferred: SOURCE_NOT_AUTHORISED }
        : {}),
    });
  return without;
}

/**
 * Points unlocked into a program are "redeemable" there (the page's Introduction), in a program
 * other than the default too: where a program the profile lists for the customer showed less than 1
 * main point before the unlock and at least 1 after it, a deduction of 1 point there, which only
 * unlocked points can cover, succeeds with negative balance off (8907 is for an amount "higher than
 * the available points balance") and takes that point only. Where the customer already held a point
 * there, nothing is deducted: only a deduction beyond what it held would tell, and that spends the
 * customer's points.
 */
async function judgeProgramRedeemable(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programs: { before: ProgramReadings; after: ProgramReadings },
): Promise<void> {
  if (ctx.org?.config.negativeBalanceOnReturn !== 'off') return;
  for (const [programId, read] of programs.after.byProgram) {
    const was = programs.before.byProgram.get(programId);
    if (!was || was.mainPoints >= 1 || read.mainPoints < 1) continue;
    await judgeOnePointRedeemable(ctx, customer, programId, read, programs.after.allPrograms, {
      had: `it showed ${was.mainPoints} before`,
      exchanges: [was.exchange],
    });
    return;
  }
}

/**
 * Promised points are redeemable only once unlocked (the page's Introduction converts them "to
 * redeemable points"; the balance page's mainPoints are "the current redeemable points"): with
 * negative balance off, right after a bill's first filtered unlock, one whole point over the main
 * points of a program the unlock moved points into, where that program still shows at least that
 * many promised, is refused with 8907. A target counting the rest of a partly unlocked bill as
 * available takes it (fault hunt 57, npa-promised-of-opened-bill-available): the deductions over the
 * balance met bills untouched or wholly unlocked. The reads are those that showed the unlock's move
 * (a program whose main points did not visibly rise is left: a read-after-write window may hide it).
 */
async function judgeOpenedBillNotRedeemable(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programs: { before: ProgramReadings; after: ProgramReadings },
): Promise<void> {
  if (ctx.org?.config.negativeBalanceOnReturn !== 'off') return;
  for (const [programId, read] of programs.after.byProgram) {
    const was = programs.before.byProgram.get(programId);
    if (!was || !(minus(read.mainPoints, was.mainPoints) > 0)) continue;
    const amount = Math.max(0, Math.floor(read.mainPoints)) + 1;
    // Past a signed 32-bit integer (the table types the amount Integer) a target may refuse it as
    // out of range with a code of its own: negative-balance.over-balance-8907 judges that case.
    if (amount > 2 ** 31 - 1) continue;
    if (minus(read.totalPoints, read.mainPoints) < minus(amount, read.mainPoints)) continue;
    const exchange = await deduct(ctx, customer, amount, { programId });
    // Judged as what the unlock makes redeemable (CAP-UPP-MOVE, as judgeOnePointRedeemable is), so
    // that the scenario declares no requirement of negative balance off in an org where it is on.
    ctx.expectErrorCode('CAP-UPP-MOVE', exchange, 8907);
    return;
  }
}

/**
 * Promised points become main points of their own program: in each program the profile lists for
 * the customer whose main points rose, they rose by no more than its promised points fell (none
 * came from another program). At most, not exactly: a target may show every one-program read the
 * customer's promised points over all programs, which then fall in programs that gain nothing.
 */
function judgeMovesWithinPrograms(
  ctx: ScenarioContext,
  exchange: Exchange,
  before: ReadonlyMap<number, BalanceReading>,
  after: ReadonlyMap<number, BalanceReading>,
  requirements: readonly string[],
): void {
  for (const [programId, was] of before) {
    const now = after.get(programId);
    if (!now) continue;
    const mainUp = minus(now.mainPoints, was.mainPoints);
    const promisedDown = minus(promisedOf(was), promisedOf(now));
    if (mainUp <= 1e-6) continue;
    const kept = { plus: [was.mainPoints, promisedOf(was)], less: [promisedOf(now)], seen: [was, now] };
    const evidence = {
      expected: `in program ${programId}, main points up by no more than its promised points went down (promised points become main points of their own program)`,
      actual: `program ${programId}: main +${mainUp}, promised −${promisedDown}`,
      exchanges: [was.exchange, exchange, now.exchange],
    };
    for (const requirement of requirements) {
      if (mainUp <= promisedDown + 1e-6) ctx.verify(requirement, true, evidence);
      else verifyBalance(ctx, requirement, now.mainPoints, kept, evidence);
    }
  }
}

/**
 * Read right after an unlock, the main points over all programs are the sum of the one-program
 * reads (the balance page's table: "across all programs" beside "for that particular program"). A
 * one-program read that still shows the balance from before the unlock (a cache the unlock did not
 * refresh) breaks it, though no figure of it moved the wrong way. Judged only where the programs
 * the profile lists for the customer held all its points before the unlock (total points over all
 * programs their sum): a profile may list only some of them, and promised points become main points
 * of their own program, so none can then have gone to a program the reads leave out.
 */
function judgeProgramsAddUp(
  ctx: ScenarioContext,
  before: ProgramReadings,
  after: ProgramReadings,
  exchange: Exchange,
): void {
  const sum = programsSum(before, after);
  if (!sum) return;
  const { listedTotal, expectation } = sum;
  const perProgram = [...after.byProgram.entries()];
  const all = after.allPrograms;
  verifyBalance(ctx, 'CAP-UPP-MOVE', all.mainPoints, expectation, {
    expected: `after the unlock, main points over all programs (${all.mainPoints}) equal to the sum of the one-program reads, as before it (total ${listedTotal})`,
    actual: perProgram.map(([programId, r]) => `program ${programId}: ${r.mainPoints}`).join(', '),
    exchanges: [
      exchange,
      before.allPrograms.exchange,
      all.exchange,
      ...perProgram.map(([, r]) => r.exchange),
    ],
  });
}

/**
 * What {@link judgeProgramsAddUp} expects of the main points over all programs after an unlock: the
 * sum of the one-program reads; undefined where the programs listed do not hold all the points.
 */
function programsSum(before: ProgramReadings, after: ProgramReadings) {
  const totals = [...before.byProgram.values()].map((r) => r.totalPoints);
  const listedTotal = roundPoints(
    totals.reduce((a, b) => a + b, 0),
    ...totals,
  );
  if (!samePoints(before.allPrograms.totalPoints, listedTotal, ...totals)) return undefined;
  const perProgram = [...after.byProgram.values()];
  // A sum the target works out itself: read with more or fewer decimals than the one-program reads,
  // it may be the sum of what they show (variant hunt 57: a read without programId served apart).
  const expectation = { plus: perProgram.map((r) => r.mainPoints), seen: perProgram, sumOverPrograms: true };
  return { listedTotal, expectation };
}

/**
 * Whether the one-program reads after an unlock show it, as the checks judging them would accept:
 * they add up to the main points over all programs (read until they showed the unlock), or, where
 * the listed programs do not hold all the points, every line's own program rose.
 */
function programsShowUnlock(exchange: Exchange, before: ProgramReadings, after: ProgramReadings): boolean {
  const sum = programsSum(before, after);
  if (!sum) return linesShowMove(exchange, before, after);
  const all = after.allPrograms.mainPoints;
  return samePoints(all, expectedBalance(sum.expectation)) || readAsWholeNumber(all, sum.expectation);
}

/**
 * Reads the customer's balance over all programs, runs `act` (the unlocks, and any judgement of
 * their answers), reads it again and judges that nothing moved: main and total points as before.
 * `act` returns the calls it made: the evidence, and what this returns.
 */
async function judgeNothingMoves(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  requirementId: string,
  what: string,
  act: () => Promise<readonly Exchange[]>,
  inferred?: (between: readonly Exchange[]) => string | undefined,
): Promise<readonly Exchange[]> {
  const before = await ctx.balance(customer, { fetchDataForAllPrograms: true });
  const between = await act();
  await judgeUnchangedSince(ctx, customer, requirementId, what, before, between, inferred?.(between));
  return between;
}

/**
 * Judges that the balance read `before` is as it was once `between` were answered (read again,
 * waiting out the profile's window after a refusal).
 */
async function judgeUnchangedSince(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  requirementId: string,
  what: string,
  before: BalanceReading,
  between: readonly Exchange[],
  inferred?: string,
): Promise<void> {
  const after = await ctx.balance(customer, { fetchDataForAllPrograms: true }, AFTER_REFUSAL);
  ctx.verify(
    requirementId,
    samePoints(after.mainPoints, before.mainPoints) && samePoints(after.totalPoints, before.totalPoints),
    {
      expected: `balance unchanged by ${what} (main ${before.mainPoints}, total ${before.totalPoints})`,
      actual: `main ${before.mainPoints}→${after.mainPoints}, total ${before.totalPoints}→${after.totalPoints}`,
      exchanges: [before.exchange, ...between, after.exchange],
      ...(inferred ? { inferred } : {}),
    },
  );
}

/**
 * Sends `refusals` of a declared bill and judges that they move nothing (CAP-UPP-NO-SIDE-EFFECT):
 * a bill unlocked or used up by a refusal would only look "unlocked before this run" to the unlocks
 * of later scenarios. Judged where the customer's balance can be read; where it cannot, the
 * refusals are sent for their codes alone.
 */
async function judgeRefusalsOfDeclaredBill(
  ctx: ScenarioContext,
  bill: NamedBill,
  what: string,
  refusals: () => Promise<readonly Exchange[]>,
): Promise<void> {
  if (unreadableBalance(ctx.org, bill.customerFixture)) {
    await refusals();
    return;
  }
  await judgeNothingMoves(ctx, bill.customerFixture, 'CAP-UPP-NO-SIDE-EFFECT', what, refusals);
}

/**
 * Judges a probe that must be refused with `code` for its `what` (the type, the group). Sent with an
 * unknown bill (`declaredKey` undefined: the profile gives none to probe with), an answer "no bill
 * found" (82323277) only warns: the documents give no order between the two checks. Sent with the
 * bill the profile declares under `declaredKey`, that answer cannot be judged: the target does not
 * know the bill (see {@link stopIfBillUnknown}), unless the bill is another customer's than the one
 * `named` (then it only warns); "no promised points found" (82323282: the probe's line item, or the
 * bill already unlocked) only warns, for the same missing order.
 */
function expectCodeBeforeBill(
  ctx: ScenarioContext,
  requirementId: string,
  exchange: Exchange,
  code: number,
  declaredKey: string | undefined,
  what: string,
  named?: string,
): void {
  const codes = errorCodesOf(exchange);
  // The declared bill is another customer's (the one named has none): a target looking bills up
  // among the named customer's own finds none for it, and says so before the query rule.
  const othersBill =
    declaredKey !== undefined &&
    named !== undefined &&
    ctx.org?.fixtures.bills?.[declaredKey]?.customer !== named &&
    codes.includes(82323277);
  const unknown =
    declaredKey === undefined || othersBill ? undefined : billUnknown(ctx, declaredKey, exchange);
  if (unknown !== undefined) {
    ctx.verify(requirementId, false, {
      expected: `error code ${code} for the ${what}`,
      actual: answerOf(exchange),
      exchanges: [exchange],
      cannotJudge: unknown,
    });
    return;
  }
  // Another documented refusal the probe's body meets, answered instead of `code`: the page lists
  // the unlock's codes in no order. Without a declared bill, "no bill found"; with one (restricted to
  // a line item it does not have, or already unlocked), "no promised points found" (82323282): a
  // target judging the body before the query meets it first (variant hunt 5).
  const bodyFirst =
    declaredKey === undefined
      ? codes.includes(82323277) &&
        `the unknown bill may be judged before the ${what} (no declared bill to probe with)`
      : othersBill
        ? `the bill, ${ctx.org?.fixtures.bills?.[declaredKey]?.customer}'s, may be looked up among ${named}'s own before the ${what} (the page gives its codes no order)`
        : codes.includes(82323282) &&
          `the bill's line items or its promised points left may be judged before the ${what} (the page gives its codes no order)`;
  if (codes.includes(code) || !bodyFirst) {
    ctx.expectErrorCode(requirementId, exchange, code);
    return;
  }
  ctx.verify(requirementId, false, {
    expected: `error code ${code} for the ${what}`,
    actual: answerOf(exchange),
    exchanges: [exchange],
    inferred: bodyFirst,
  });
}

/** The text with the case of its letters swapped, or undefined when it has none. */
function inOtherCase(text: string): string | undefined {
  const swapped = [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  return swapped === text ? undefined : swapped;
}

/**
 * Unlocks a bill just unlocked whole again, its number in the other case: the page is silent on
 * the case of bill numbers, so a target may find the bill by it or not, but either way the bill is
 * unlocked already (fault upp-once-per-bill-number-case: a lookup ignoring case, the once-only mark
 * kept under the number as sent). A move whose lines do not name the bill as declared may be another
 * bill's, so numbered: it only warns. Not sent where the profile declares a bill so numbered.
 */
async function judgeRepeatInOtherCase(ctx: ScenarioContext, bill: NamedBill): Promise<void> {
  const billNumber = inOtherCase(String(bill.billNumber));
  const declared = Object.values(ctx.org?.fixtures.bills ?? {}).map((b) => String(b.billNumber));
  if (billNumber === undefined || declared.includes(billNumber)) return;
  const namesTheBill = (exchange: Exchange | undefined) =>
    (exchange ? (unlockLinesOf(exactBody(exchange)) ?? []) : []).some(
      (line) => String((line as UnlockLine)?.billNumber) === String(bill.billNumber),
    );
  await judgeNothingMoves(
    ctx,
    bill.customerFixture,
    'CAP-UPP-ONCE',
    `a second unlock of bill ${bill.billNumber} naming it ${billNumber}`,
    async () => [await unlock(ctx, bill.customerFixture, billBody(bill, { billNumber }))],
    ([exchange]) =>
      namesTheBill(exchange)
        ? undefined
        : `no line of the answer names bill ${bill.billNumber}: a bill numbered ${billNumber} may be another (the page is silent on the case of bill numbers)`,
  );
}

/**
 * Unlocks a bill whose promised points were all unlocked just before, and judges that nothing moves
 * and the call is refused (82323282 preferred): the once-only rule. The repeat naming the bill's own
 * event log names it as `eventLog` makes it: the array the table types, or the one integer of the
 * page's example (each call site one form, so both are repeated with no request added).
 */
async function judgeSecondUnlock(
  ctx: ScenarioContext,
  bill: NamedBill,
  filters: readonly Record<string, unknown>[] = [],
  eventLog: (eventLogId: number) => number | number[] = (eventLogId) => [eventLogId],
): Promise<void> {
  const customer = bill.customerFixture;
  // The customer named by another identifier it has finds nothing either: the once-only mark
  // is the bill's, however the customer is named.
  const [usual] = lookupIdentifier(customer, UPP_IDENTIFIERS);
  const other = UPP_IDENTIFIERS.find(
    (n) => n !== usual && customer.identifiers[n as keyof NamedCustomer['identifiers']],
  );
  if (other) {
    const identifierValue = customer.identifiers[other as keyof NamedCustomer['identifiers']] ?? '';
    const [byOther] = await judgeNothingMoves(
      ctx,
      customer,
      'CAP-UPP-ONCE',
      `a second unlock of bill ${bill.billNumber} naming the customer by ${other}`,
      async () => [await unlock(ctx, customer, billBody(bill), { identifierName: other, identifierValue })],
    );
    // Refused however the customer is named (a lone secondary refused with 8015 is a refusal too).
    if (byOther) ctx.expectRejected('CAP-UPP-ONCE-ERROR', byOther);
  }
  // The bill's filters asked again (an item code, a line item already unlocked) find nothing either,
  // nor do the bill's own event log and the explicit default type: each optional input the page
  // lists may take a path of its own, and the mark is the bill's on every one.
  const repeats: [Record<string, unknown>, Record<string, string>][] = [
    ...filters.map((filter): [Record<string, unknown>, Record<string, string>] => [filter, {}]),
    ...(bill.eventLogId === undefined
      ? []
      : [
          [{ eventLogId: eventLog(bill.eventLogId) }, {}] as [
            Record<string, unknown>,
            Record<string, string>,
          ],
        ]),
    [{}, { type: 'CUSTOMER' }],
  ];
  for (const [filter, query] of repeats) {
    const [repeat] = await judgeNothingMoves(
      ctx,
      customer,
      'CAP-UPP-ONCE',
      `a second unlock of bill ${bill.billNumber} with ${JSON.stringify({ ...filter, ...query })}`,
      async () => [await unlock(ctx, customer, billBody(bill, filter), query)],
    );
    // Unfiltered (the bill's own event log, the explicit type), it is the second unlock of the whole
    // bill, an error on every path (fault upp-repeat-naming-event-log-empty-200).
    if (repeat && !filters.includes(filter)) ctx.expectRejected('CAP-UPP-ONCE-ERROR', repeat);
  }
  await judgeRepeatInOtherCase(ctx, bill);
  const [second] = await judgeNothingMoves(
    ctx,
    customer,
    'CAP-UPP-ONCE',
    `a second unlock of bill ${bill.billNumber}`,
    async () => [await unlock(ctx, customer, billBody(bill))],
  );
  if (!second) return;
  ctx.expectRejected('CAP-UPP-ONCE-ERROR', second);
  // A second unlock is an error: 82323282, or an "already unlocked" error whose code no public
  // page gives; so another code here only warns (the once-only rule itself is CAP-UPP-ONCE).
  ctx.verify('CAP-UPP-82323282', errorCodesOf(second).includes(82323282), {
    expected: 'error code 82323282 on the second unlock of the bill',
    actual: answerOf(second),
    exchanges: [second],
    inferred: 'the documents allow another "already unlocked" code for a second unlock',
  });
}

/**
 * Why a scenario skips on a bill the target says was unlocked already: unlocking is once only, so
 * each run takes fresh bills (a second run against the same staging finds its bills used up).
 */
const usedUp = (bill: NamedBill): string =>
  `bill ${bill.key} (${bill.billNumber}) was unlocked before this run (unlocking is once only): declare a fresh bill under fixtures.bills.${bill.key}, or reset the target`;

/**
 * The unlock naming the bill's own event log answered "no promise points found" (82323282): right
 * on a rerun's used-up bill, wrong on a fresh run, and a target answering it to every unlock that
 * names an event log would leave that input never seen to work (twenty-second fault hunt, fault
 * upp-82323282-naming-the-event-log). The refusal is kept on the bill and the bill is unlocked
 * without the event log: where that moves points, the note fails ({@link judgeNotesOnBill}); a
 * used-up bill meets 82323282 again and the scenario skips as before.
 */
async function unlockWithoutEventLog(
  ctx: ScenarioContext,
  bill: NamedBill,
  refused: Exchange,
): Promise<Unlocked> {
  ctx.noteOnBill(bill.key, {
    requirementId: 'CAP-UPP-MOVE',
    expected: `the unlock naming bill ${bill.billNumber}'s own event log (${bill.eventLogId}) succeeds`,
    exchange: refused,
  });
  return unlockAndJudge(ctx, bill, billBody(bill), ['CAP-UPP-MOVE']);
}

/**
 * Judges the refused first unlock of a declared bill sent without type or with type=CUSTOMER: a skip
 * when the bill was used up before this run, a warning when its code may say so (kept on the bill:
 * a later unlock of it in this run that moves points fails it, {@link judgeNotesOnBill}), else a
 * failure of the move and of the customer type.
 */
async function judgeFirstUnlockRefused(
  ctx: ScenarioContext,
  bill: NamedBill,
  exchange: Exchange,
): Promise<void> {
  if (isAlreadyUnlocked(exchange)) ctx.skip(usedUp(bill));
  if (await mayBeAlreadyUnlocked(ctx, exchange)) {
    warnMaybeUnlockedBefore(ctx, bill, exchange, ['CAP-UPP-MOVE', 'CAP-UPP-TYPE-DEFAULT'], { noted: true });
    return;
  }
  ctx.expectSuccess('CAP-UPP-MOVE', exchange);
  ctx.expectSuccess('CAP-UPP-TYPE-DEFAULT', exchange);
}

/**
 * The customer that shares a secondary identifier with `customer` (the other of the profile's
 * sharedSecondary pair, where the pair holds `customer`), if its balance can be read; else
 * undefined. The billWhole need locks it too (`lockKeysOf`), so no other scenario moves its points
 * while the unlock is judged. Read by its own identifiers, not in the pair's lists: dual eligibility
 * need not be on.
 */
function sharingSecondaryWith(ctx: ScenarioContext, customer: NamedCustomer): NamedCustomer | undefined {
  if (!ctx.org?.fixtures.roles.sharedSecondary?.includes(customer.key)) return undefined;
  const partner = ctx.sharedSecondary().find((c) => c.key !== customer.key);
  return partner && !unreadableBalance(ctx.org, partner) ? partner : undefined;
}

/**
 * The unlock moves the promised points of the customer it names into that customer's main points
 * (Introduction), nobody else's: the customer sharing a secondary identifier with it (an email)
 * keeps its main and total points, read over all programs before and after.
 */
async function judgePartnerKept(
  ctx: ScenarioContext,
  partner: NamedCustomer,
  before: BalanceReading,
  unlock: Exchange,
): Promise<void> {
  const after = await ctx.balance(partner, { fetchDataForAllPrograms: true });
  ctx.verify(
    'CAP-UPP-MOVE',
    samePoints(after.mainPoints, before.mainPoints) && samePoints(after.totalPoints, before.totalPoints),
    {
      expected: `${partner.key}, which shares a secondary identifier with the customer named, unchanged by the unlock (main ${before.mainPoints}, total ${before.totalPoints})`,
      actual: `${partner.key}: main ${before.mainPoints}→${after.mainPoints}, total ${before.totalPoints}→${after.totalPoints}`,
      exchanges: [before.exchange, unlock, after.exchange],
    },
  );
}

/**
 * Unlocks a declared bill with an eventLogId that names no event log and judges the answer (3918).
 * Returns the calls it made.
 */
async function judgeUnknownEventLog(ctx: ScenarioContext, bill: NamedBill): Promise<Exchange[]> {
  const { calls, exchange } = await unlockNamingEventLog(
    ctx,
    bill,
    unknownId(ctx, 990_000_000),
    (eventLogId) => billBody(bill, { eventLogId }),
    3918,
    (first) => {
      if (isAlreadyUnlocked(first)) ctx.skip(`bill ${bill.billNumber} has nothing left to unlock`);
    },
  );
  stopIfBillUnknown(ctx, bill.key, [exchange]);
  await expectCodeForDeclaredBill(ctx, bill, 'CAP-UPP-3918', exchange, 3918);
  // The same unknown event log on the other path of an unlock: by the customer's own externalId
  // (byOwnExternalId: an 8013 or 8015 there sends it again by the usual identifier), filtered to the
  // bill's first line item where it declares one, with type=CUSTOMER (the documented default,
  // given). The probe above went by mobile, whole, without type: a target checking the event log on
  // that path only unlocked the bill elsewhere with any eventLogId (fault hunt 65,
  // upp-event-log-unchecked-off-mobile).
  const lineItem = bill.lineItemIds?.[0];
  const filter = lineItem === undefined ? {} : { lineItemIds: [lineItem] };
  const other: Exchange[] = [];
  const elsewhere = await byOwnExternalId(
    bill.customerFixture,
    async (query) => {
      const sent = await unlockNamingEventLog(
        ctx,
        bill,
        unknownId(ctx, 990_000_000),
        (eventLogId) => billBody(bill, { eventLogId, ...filter }),
        3918,
        undefined,
        query,
      );
      other.push(...sent.calls);
      return sent.exchange;
    },
    uppQuery(bill.customerFixture, { type: 'CUSTOMER' }),
  );
  await expectCodeForDeclaredBill(ctx, bill, 'CAP-UPP-3918', elsewhere, 3918);
  return [...calls, ...other];
}

/**
 * An unlock naming event log `eventLogId` in both forms the page gives: the table types eventLogId
 * as an array (binding), the example sends one integer. The array first, then the integer only
 * when the array was refused with another code than `code`, so that a target reading either form
 * alone reaches its lookup. Gives every call and the answer to judge (the integer's where it
 * carries `code`); `afterFirst` sees the first answer before the second is sent.
 */
async function unlockNamingEventLog(
  ctx: ScenarioContext,
  bill: NamedBill,
  eventLogId: number,
  body: (eventLogId: number | number[]) => Record<string, unknown>,
  code: number,
  afterFirst?: (first: Exchange) => void,
  query: Record<string, string> = {},
): Promise<{ calls: Exchange[]; exchange: Exchange }> {
  const first = await unlock(ctx, bill.customerFixture, body([eventLogId]), query);
  afterFirst?.(first);
  if (!refusedAs(ctx.profile.apiErrorStatus, first) || errorCodesOf(first).includes(code))
    return { calls: [first], exchange: first };
  const single = await unlock(ctx, bill.customerFixture, body(eventLogId), query);
  return { calls: [first, single], exchange: errorCodesOf(single).includes(code) ? single : first };
}

/**
 * Judges an unlock of the bill's own event log with no billNumber: 82323271 is "Raised when
 * billNumber is not included in the request body", so the event log must not stand in for the bill
 * (a target finding the bill through it would unlock it).
 */
async function judgeBillNumberMissingBesideEventLog(
  ctx: ScenarioContext,
  bill: NamedBill,
): Promise<Exchange[]> {
  if (bill.eventLogId === undefined) return [];
  const { calls, exchange } = await unlockNamingEventLog(
    ctx,
    bill,
    bill.eventLogId,
    (eventLogId) => ({ eventName: bill.eventName, eventLogId }),
    82323271,
  );
  expectCodeUnlessUsedUp(ctx, bill, 'CAP-UPP-82323271', exchange, 82323271, 'a missing billNumber');
  return calls;
}

/**
 * Judges an unlock of the bill's customer and event with an empty billNumber (""): the page's
 * 82323271 is for a billNumber "not included", its 82323277 for "an invalid or non-existent
 * billNumber", so either code satisfies it, and nothing moves (a target reading "" as no bill filter
 * unlocks every bill of the event; rule audit of the unlock, fault upp-empty-bill-number-unlocks).
 */
async function judgeEmptyBillNumber(ctx: ScenarioContext, bill: NamedBill): Promise<Exchange> {
  const exchange = await unlock(ctx, bill.customerFixture, { eventName: bill.eventName, billNumber: '' });
  expectCodeUnlessUsedUp(
    ctx,
    bill,
    'CAP-UPP-82323271',
    exchange,
    [82323271, 82323277],
    'an empty billNumber',
  );
  return exchange;
}

/**
 * Unlocks a declared bill, unfiltered, with an empty source, without source, and with an empty
 * identifierName: 82323284 is for these "missing or empty"; and with a type outside the list
 * (82323276). A real bill, as for the invalid source: a target giving such a parameter a default
 * would unlock it, where the query-errors probes (restricted to a line item no bill has) get at most
 * 82323282, which only warns (rule audit of the unlock, faults upp-empty-source-read-as-instore,
 * upp-missing-source-read-as-instore; fault hunt 41, upp-unknown-type-read-as-customer). A bill
 * answering 82323282 (nothing left: a rerun) warns, and fails once a later unlock of the bill in this
 * run moves its points ({@link judgeNotesOnBill}).
 */
async function judgeEmptyQuery(ctx: ScenarioContext, bill: NamedBill): Promise<Exchange[]> {
  const sent: Exchange[] = [];
  const probes: [string, string | undefined, string, number][] = [
    ['source', '', 'CAP-UPP-82323284', 82323284],
    ['source', undefined, 'CAP-UPP-82323284', 82323284],
    ['identifierName', '', 'CAP-UPP-82323284', 82323284],
    // In lower case: a target checking only upper-case tokens against the list reads it as the
    // default CUSTOMER and unlocks; no listed type is one in any case (fault hunt 52,
    // upp-lower-case-type-unchecked); promised-points.query-errors sends NOT_A_TYPE.
    ['type', 'not_a_type', 'CAP-UPP-82323276', 82323276],
  ];
  const customer = bill.customerFixture;
  for (const [name, value, requirementId, code] of probes) {
    const send = (query: Record<string, string | undefined>) => unlock(ctx, customer, billBody(bill), query);
    // The type by the customer's own externalId (byOwnExternalId: an 8013 or 8015 there sends it
    // by the usual identifier): a target reading a type outside the list as CUSTOMER on that
    // lookup path only met query-errors' unknown line item, whose 82323282 warns; here nothing
    // but the type can be refused, so it unlocks and fails (fault hunt 64; no exchange added).
    const exchange =
      name === 'type'
        ? await byOwnExternalId(customer, (query) => send({ ...query, [name]: value }), uppQuery(customer))
        : await send({ [name]: value });
    const what =
      value === undefined ? `a missing ${name}` : value === '' ? `an empty ${name}` : `${name} ${value}`;
    // 82323282 warns as the bill may be used up (a rerun), until a later unlock moves its points.
    if (isAlreadyUnlocked(exchange)) expectCodeUnlessUsedUp(ctx, bill, requirementId, exchange, code, what);
    else await expectCodeForDeclaredBill(ctx, bill, requirementId, exchange, code);
    sent.push(exchange);
  }
  return sent;
}

/** Promised points: what an unlock moves, once, with filters, and the documented errors. */
export const promisedPointsSuite: Suite = {
  name: 'promised-points',
  description: 'unlockPromisedPoints moves promised points to main exactly once; filters; documented errors',
  scenarios: [
    defineScenario({
      id: 'promised-points.unknown-event-log-3918',
      title:
        "an eventLogId that names no event log fails with 3918, and the bill's own event log without its billNumber, or an empty billNumber, with 82323271",
      requirements: ['CAP-UPP-3918', 'CAP-UPP-82323271', 'CAP-UPP-NO-SIDE-EFFECT'],
      // A rejection consumes no bill: anyBill is the bill a later unlock judges (billWithLineItems,
      // else billWhole: chooseBill), so the notes of these probes are judged there (by the filters;
      // move-once, unlocking billWhole whole, leaves them warnings: twenty-eighth fault hunt).
      fixtures: ['anyBill'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['unlock', 'error-code'],
      mutates: true,
      async run(ctx) {
        const bill = ctx.bill('anyBill');
        await judgeRefusalsOfDeclaredBill(
          ctx,
          bill,
          'an unlock with an unknown eventLogId, one without billNumber and one with an empty billNumber',
          async () => [
            ...(await judgeUnknownEventLog(ctx, bill)),
            ...(await judgeBillNumberMissingBesideEventLog(ctx, bill)),
            await judgeEmptyBillNumber(ctx, bill),
          ],
        );
      },
    }),

    defineScenario({
      id: 'promised-points.event-name-82323272',
      title: 'a missing, unknown or empty eventName fails with 82323272',
      requirements: ['CAP-UPP-82323272', 'CAP-UPP-NO-SIDE-EFFECT'],
      fixtures: ['anyBill'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['unlock', 'error-code'],
      mutates: true,
      async run(ctx) {
        const bill = ctx.bill('anyBill');
        const refusals = async () => {
          const missing = await unlock(ctx, bill.customerFixture, { billNumber: bill.billNumber });
          stopIfBillUnknown(ctx, bill.key, [missing]);
          expectCodeUnlessUsedUp(ctx, bill, 'CAP-UPP-82323272', missing, 82323272, 'a missing eventName');
          const wrong = await unlock(
            ctx,
            bill.customerFixture,
            billBody(bill, { eventName: 'LcNoSuchEvent' }),
          );
          stopIfBillUnknown(ctx, bill.key, [wrong]);
          if (!isAlreadyUnlocked(wrong))
            await expectCodeForDeclaredBill(ctx, bill, 'CAP-UPP-82323272', wrong, 82323272);
          // An empty eventName is "missing or invalid" under either reading: 82323272, and the bill
          // keeps its points (a target reading "" as no event filter unlocks it; rule audit of the
          // unlock, fault upp-empty-event-name-unlocks).
          const empty = await unlock(ctx, bill.customerFixture, billBody(bill, { eventName: '' }));
          if (!isAlreadyUnlocked(empty))
            await expectCodeForDeclaredBill(ctx, bill, 'CAP-UPP-82323272', empty, 82323272);
          return [missing, wrong, empty];
        };
        await judgeRefusalsOfDeclaredBill(
          ctx,
          bill,
          'unlocks without an eventName, with an unknown one and with an empty one',
          refusals,
        );
      },
    }),

    defineScenario({
      id: 'promised-points.source-invalid',
      title:
        'an unlock of a real bill with a source outside the Enum, an empty source or identifierName, a type outside the list, or an unknown user group, is refused and moves nothing',
      requirements: [
        'CAP-UPP-SOURCE-INVALID',
        'CAP-UPP-82323284',
        'CAP-UPP-82323276',
        'CAP-UPP-NO-SIDE-EFFECT',
      ],
      // A real bill, so that only the source can be refused (an unknown bill would be refused anyway);
      // a refusal consumes nothing, and it runs before the unlocks below use the bill.
      fixtures: ['anyBill'],
      family: 'capillary',
      tags: ['unlock', 'source', 'validation'],
      mutates: true,
      async run(ctx) {
        const bill = ctx.bill('anyBill');
        const customer = bill.customerFixture;
        await judgeNothingMoves(
          ctx,
          customer,
          'CAP-UPP-NO-SIDE-EFFECT',
          'unlocks with an invalid source, for an unknown user group, with an empty query parameter and with an invalid type',
          async () => {
            const exchange = await unlock(ctx, customer, billBody(bill), { source: 'NOT_A_SOURCE' });
            // Refused for the bill, the answer says nothing of the source.
            stopIfBillUnknown(ctx, bill.key, [exchange]);
            if (isAlreadyUnlocked(exchange)) ctx.skip(`bill ${bill.billNumber} has nothing left to unlock`);
            ctx.expectRejected('CAP-UPP-SOURCE-INVALID', exchange);
            // The customer named another way the page lists too: a target may check the source on
            // one lookup path only (fault hunt 45, upp-source-defaulted-off-mobile). Under dual
            // eligibility a lone secondary refused with 8015 is a refusal as well.
            // Written in lower case there: a target passing lower-case sources unchecked (taken for
            // its own channels) refuses only the upper-case one (fault hunt 48,
            // upp-source-lower-case-unchecked); no listed source is one in any case.
            // Filtered to one of the bill's line items where it declares one: a target may look
            // the customer up in the source on the whole-bill path only, and its line-item path
            // unlock unchecked (fault hunt 55, upp-source-unchecked-on-filtered-unlock).
            const other = otherIdentifier(customer, 0);
            const lineItem = bill.lineItemIds?.[0];
            const filter = lineItem === undefined ? {} : { lineItemIds: [lineItem] };
            const byOther =
              other &&
              (await unlock(ctx, customer, billBody(bill, filter), { ...other, source: 'not_a_source' }));
            if (byOther) ctx.expectRejected('CAP-UPP-SOURCE-INVALID', byOther);
            // By id for the whole bill, where the other identifier was a rarer one: a target may
            // look the customer up by its internal id on a path of its own, the source unchecked
            // there (fault hunt 57, upp-source-unchecked-by-id).
            const id = ownIdentifier(customer, 'id');
            const byId =
              other && other.identifierName !== 'id' && id !== undefined
                ? await unlock(ctx, customer, billBody(bill), {
                    identifierName: 'id',
                    identifierValue: id,
                    source: 'NOT_A_SOURCE',
                  })
                : undefined;
            if (byId) ctx.expectRejected('CAP-UPP-SOURCE-INVALID', byId);
            // The bill unfiltered for a group no group has: a target unlocking the bill before it
            // resolves the group keeps that unlock behind its 1645 (fault
            // upp-group-refusal-unlocks-bill). The code is promised-points.query-errors' to judge.
            const group = await unlockForUnknownGroup(ctx, billBody(bill));
            return [
              exchange,
              ...(byOther ? [byOther] : []),
              ...(byId ? [byId] : []),
              group,
              ...(await judgeEmptyQuery(ctx, bill)),
            ];
          },
        );
      },
    }),

    defineScenario({
      id: 'promised-points.filters',
      title: 'lineItemIds and itemCodes unlock only their line items; the rest stays promised',
      requirements: [
        'CAP-UPP-FILTER-LINE-ITEMS',
        'CAP-UPP-FILTER-ITEM-CODES',
        'CAP-UPP-MOVE',
        'CAP-UPP-RESPONSE-SUM',
        'CAP-UPP-82323282',
        // An earlier refusal of this bill answered 82323282 (a missing eventName or billNumber, an
        // empty query parameter) or a code no document gives (an unknown eventLogId or eventName
        // too) fails once an unlock here moves its points (judgeNotesOnBill): this bill is anyBill's
        // whenever the profile declares it (chooseBill).
        'CAP-UPP-82323272',
        'CAP-UPP-82323271',
        'CAP-UPP-82323284',
        'CAP-UPP-82323276',
        'CAP-UPP-3918',
        'CAP-UPP-NO-SIDE-EFFECT',
        'CAP-UPP-ONCE',
        'CAP-UPP-ONCE-ERROR',
        'CAP-UPP-TYPE-DEFAULT',
        'CAP-UPP-RESPONSE-NUMERIC',
        'CAP-UPP-RESPONSE-BILL',
        'CAP-UPP-RESPONSE-PROGRAM',
        'CAP-UPP-RESPONSE-PROMOTION',
        'CAP-BAL-PROMISED-BREAKUP',
        // A real bill's unlock by another identifier the page lists (judgeRealBillFound).
        'CAP-UPP-IDENTIFIER-NAMES',
      ],
      // One bill with two line items judges every unlock rule but the parallel unlock: the filters
      // unlock an item code (sent twice at once: its points move once all the same), then a line
      // item, then the rest; a last unlock must move nothing.
      fixtures: ['billWithLineItems'],
      requirementNeeds: {
        'CAP-UPP-FILTER-LINE-ITEMS': ['billLineItemIds'],
        'CAP-UPP-FILTER-ITEM-CODES': ['billItemCodes'],
        'CAP-UPP-RESPONSE-PROMOTION': ['billWithLineItemsPromotion'],
      },
      family: 'capillary',
      tags: ['unlock', 'filters'],
      mutates: true,
      async run(ctx) {
        const bill = ctx.bill('billWithLineItems');
        const customer = bill.customerFixture;
        // Different line items by the profile's convention: the first line item, the last item code.
        const lineItem = bill.lineItemIds?.[0];
        const itemCode = bill.itemCodes?.[bill.itemCodes.length - 1];
        if (lineItem !== undefined) {
          // A line item the bill does not have carries no promised points: 82323282, nothing moves
          // (a target that ignores the filter unlocks the whole bill instead).
          let none = unknownId(ctx, 990_000_000);
          while (bill.lineItemIds?.includes(none)) none += 1;
          const what = `an unlock of line item ${none}, which bill ${bill.billNumber} does not have`;
          await judgeNothingMoves(ctx, customer, 'CAP-UPP-NO-SIDE-EFFECT', what, async () => {
            const exchange = await unlock(ctx, customer, billBody(bill, { lineItemIds: [none] }));
            stopIfBillUnknown(ctx, bill.key, [exchange]);
            // Not noted: the documents give a filter selecting nothing no code but 82323282's
            // "e.g.", and a target may refuse it with its own (variant unlock-unknown-item-code-own-code).
            await expectCodeForDeclaredBill(ctx, bill, 'CAP-UPP-82323282', exchange, 82323282, false);
            return [exchange];
          });
        }
        // The item code first, then the line item, then the rest: each next step moving points
        // shows the step before left the bill's other promised points in place.
        const steps: {
          requirement: string;
          body: Record<string, unknown>;
          label: string;
          /** Other line items to try when the first has nothing left (see below). */
          others?: number[];
        }[] = [
          ...(itemCode === undefined
            ? []
            : [
                {
                  requirement: 'CAP-UPP-FILTER-ITEM-CODES',
                  body: { itemCodes: [itemCode] },
                  label: `item code ${itemCode}`,
                },
              ]),
          ...(lineItem === undefined
            ? []
            : [
                {
                  requirement: 'CAP-UPP-FILTER-LINE-ITEMS',
                  body: { lineItemIds: [lineItem] },
                  label: `line item ${lineItem}`,
                  others: bill.lineItemIds?.slice(1) ?? [],
                },
              ]),
        ];
        let previous: { requirement: string; label: string } | undefined;
        let typeDefaultJudged = false;
        // The first filtered unlock that moved points: it turns the bill's notes into failures only
        // once the steps found no sign of the bill partly unlocked before this run (below).
        let firstMove: Unlocked | undefined;
        let partlyUnlockedBefore = false;
        // The item code's unlock listed points moved for another item code, and for every other one
        // the profile gives the bill: the item lines the line-item steps then find empty were emptied
        // by this run, not before it, so that sign does not drop the notes (fault hunt 25: an
        // item-code filter taking every item line, a SHOULD that warns, had excused "already
        // unlocked" on a fresh bill; a profile giving the bill one item code had excused it still).
        let itemLinesTakenNow = false;
        // Every answer of the bill: one of them lists the promotion's points, if the bill has some.
        const answers: Exchange[] = [];
        for (const step of steps) {
          // The first step sent twice at once: a filtered unlock must move its points once too.
          let r = await unlockAndJudge(
            ctx,
            bill,
            billBody(bill, step.body),
            [step.requirement, 'CAP-UPP-MOVE'],
            {},
            previous === undefined ? 2 : 1,
            'stop',
            'keep',
          );
          answers.push(r.exchange);
          // The balance before the step's first refused try: the tries refused "already unlocked"
          // must leave it as it was, whatever drops the bill's notes (fault hunt 23).
          const refusedFrom = r.refusedFrom;
          let label = step.label;
          // The profile does not pair line items with item codes: the line item tried may be the
          // line of the item code unlocked just before. The bill's other line items are tried then.
          for (const other of step.others ?? []) {
            if (!previous || r.moved !== undefined) break;
            if (!isAlreadyUnlocked(r.exchange) && !(await mayBeAlreadyUnlocked(ctx, r.exchange))) break;
            r = await unlockAndJudge(
              ctx,
              bill,
              billBody(bill, { lineItemIds: [other] }),
              [step.requirement, 'CAP-UPP-MOVE'],
              {},
              1,
              'stop',
              'keep',
            );
            answers.push(r.exchange);
            label = `line item ${other}`;
          }
          const unlockedBefore =
            r.moved === undefined &&
            (isAlreadyUnlocked(r.exchange) || (await mayBeAlreadyUnlocked(ctx, r.exchange)));
          if (r.moved !== undefined && r.moved > 0 && firstMove === undefined) {
            firstMove = r;
            if (r.programs) await judgeOpenedBillNotRedeemable(ctx, customer, r.programs);
          }
          // No line item tried had anything left after the item code's unlock: the bill may have
          // been partly unlocked before this run (another run's filtered unlock, the target's own
          // use of the bill). Then an earlier refusal answering "already unlocked" (or, checking the
          // bill line by line, a used line's 82323282) before the body was true of the bill, and
          // no later move of its other lines shows it wrong: its notes only warn, as they did
          // (variant hunt 14, variants unlock-partly-unlocked-bill-refused-whole and
          // unlock-per-line-first-error-partly-unlocked).
          if (previous && unlockedBefore) {
            partlyUnlockedBefore = true;
            // A line with nothing left moves nothing when refused; a target that took the line's
            // points from promised without crediting main (lost them) shows it here, where the
            // notes it may have earned are dropped.
            if (refusedFrom)
              await judgeUnchangedSince(
                ctx,
                customer,
                'CAP-UPP-NO-SIDE-EFFECT',
                `the refused unlock of ${label}`,
                refusedFrom,
                [r.exchange],
              );
          }
          if (previous && unlockedBefore && !step.others?.length) {
            // Its only line item may be the line of the item code unlocked before: nothing to tell apart.
            const reason = `the bill's only line item ${lineItem} had nothing left after the unlock of ${previous.label}, whose line it may be (add: a second line item of bill ${bill.billNumber} to lineItemIds)`;
            ctx.notJudged(step.requirement, reason);
            ctx.notJudged(previous.requirement, reason);
            break;
          }
          if (r.moved === undefined) {
            if (!previous && isAlreadyUnlocked(r.exchange)) ctx.skip(usedUp(bill));
            if (!previous && unlockedBefore) {
              // Not noted: a later move of the bill's other points does not show the filtered
              // unlock had any (the page never says the fields filter; see docs/choices.md).
              warnMaybeUnlockedBefore(ctx, bill, r.exchange, [step.requirement, 'CAP-UPP-TYPE-DEFAULT'], {
                noted: false,
              });
              return;
            }
            ctx.expectSuccess(step.requirement, r.exchange);
          }
          if (!typeDefaultJudged) {
            // `type` is omitted: the documented default CUSTOMER applies, so the unlock succeeds.
            ctx.expectSuccess('CAP-UPP-TYPE-DEFAULT', r.exchange);
            typeDefaultJudged = true;
          }
          if (step.requirement === 'CAP-UPP-FILTER-ITEM-CODES') {
            const lines = unlockLinesOf(exactBody(r.exchange)) ?? [];
            const codesMoved = new Set(
              lines
                .filter((l) => isItemLine(l) && (toAmount(l.pointsUnlocked) ?? 0) > 0)
                .flatMap((l) => [l.itemCode].flat().map(String)),
            );
            const others = bill.itemCodes?.filter((code) => code !== itemCode) ?? [];
            itemLinesTakenNow =
              [...codesMoved].some((code) => code !== itemCode) &&
              others.every((code) => codesMoved.has(code));
            const filtered = ctx.verify(
              step.requirement,
              lines
                // A line of another item that unlocked nothing ("0.000") lists it, not unlocks it.
                .filter((l) => isItemLine(l) && toAmount(l.pointsUnlocked) !== 0)
                // The response table calls itemCode a "List of codes", its example shows one code,
                // a number (read with all its digits, however long: exactBody).
                .every((l) => [l.itemCode].flat().every((code) => String(code) === itemCode)),
              {
                expected: `only lines of item code ${itemCode} unlock points`,
                actual: JSON.stringify(lines).slice(0, 200),
                exchanges: [r.exchange],
              },
            );
            // The target filters by item code: an item code the bill does not have then selects
            // nothing (82323282) and moves nothing, rather than the rest of the bill. (A target that
            // reads no itemCodes unlocked the whole bill just before: nothing is left to move.)
            if (filtered && r.moved !== undefined && r.moved > 0) {
              let n = ctx.seed % 1000;
              while (bill.itemCodes?.includes(`lc-none-${n}`)) n += 1;
              const code = `lc-none-${n}`;
              const what = `an unlock of item code ${code}, which bill ${bill.billNumber} does not have, after item code ${itemCode} unlocked only its line`;
              await judgeNothingMoves(ctx, customer, 'CAP-UPP-NO-SIDE-EFFECT', what, async () => {
                const probe = await unlock(ctx, customer, billBody(bill, { itemCodes: [code] }));
                ctx.verify('CAP-UPP-82323282', errorCodesOf(probe).includes(82323282), {
                  expected: `error code 82323282 for ${what}`,
                  actual: answerOf(probe),
                  exchanges: [probe],
                  inferred: 'the documents give no code for an item code the bill does not have',
                });
                return [probe];
              });
            }
          }
          if (previous) {
            ctx.verify(previous.requirement, r.moved !== undefined && r.moved > 0, {
              expected: `the unlock of ${label} afterwards still finds promised points (the unlock of ${previous.label} did not unlock the whole bill)`,
              actual: r.moved === undefined ? answerOf(r.exchange) : `moved ${r.moved}`,
              exchanges: [r.exchange],
            });
          }
          previous = { requirement: step.requirement, label };
        }
        if (partlyUnlockedBefore && !itemLinesTakenNow) ctx.takeBillNotes(bill.key);
        else if (firstMove?.moved !== undefined)
          judgeNotesOnBill(ctx, bill, firstMove.exchange, firstMove.moved);
        // The rest of the bill (bill-level points, other items), if any; a bill with exactly the two
        // items above has nothing left, and the target says so by refusing.
        answers.push((await unlockByOtherAndJudge(ctx, bill, billBody(bill), ['CAP-UPP-MOVE'], 0)).exchange);
        judgePromotionListed(ctx, bill, answers);
        // Everything of the bill is unlocked now: a further unlock must move nothing, with the
        // filters used above as without.
        await judgeSecondUnlock(
          ctx,
          bill,
          steps.map((step) => step.body),
        );
      },
    }),

    defineScenario({
      id: 'promised-points.bill-of-another-customer',
      title: "an unlock naming a customer with another customer's bill is refused and moves nobody's points",
      requirements: ['CAP-UPP-82323277', 'CAP-UPP-NO-SIDE-EFFECT'],
      // Before the bill's own unlock (move-once), so that the bill still has promised points to move.
      // billWholeOfAnother: the bill is not the deductible customer's own (plan and dry run say so).
      fixtures: ['deductible', 'billWhole', 'billWholeOfAnother'],
      family: 'capillary',
      tags: ['unlock', 'error-code'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const bill = ctx.bill('billWhole');
        const owner = bill.customerFixture;
        const what = `an unlock of customer ${owner.key}'s bill ${bill.billNumber} naming customer ${customer.key}`;
        // The bill is "a billNumber that matches none of their bills" for the customer named: neither
        // that customer's points nor the bill's owner's move.
        const [exchange] = await judgeNothingMoves(ctx, owner, 'CAP-UPP-NO-SIDE-EFFECT', what, () =>
          judgeNothingMoves(ctx, customer, 'CAP-UPP-NO-SIDE-EFFECT', what, async () => [
            await unlock(ctx, customer, billBody(bill)),
          ]),
        );
        if (!exchange || !ctx.expectRejected('CAP-UPP-82323277', exchange)) return;
        // The documents give no order of checks: a target may find the bill used up (by an earlier
        // run) before it finds it is another customer's, and say so; the code is then not judged.
        if (isAlreadyUnlocked(exchange) || (await mayBeAlreadyUnlocked(ctx, exchange))) return;
        ctx.verify('CAP-UPP-82323277', errorCodesOf(exchange).includes(82323277), {
          expected: `error code 82323277 for ${what}`,
          actual: answerOf(exchange),
          exchanges: [exchange],
          inferred: "the page's 82323277 names a bill number with no bill; another customer's bill exists",
        });
      },
    }),

    defineScenario({
      id: 'promised-points.move-once',
      title: 'an unlock moves promised points to main; a second unlock of the bill moves nothing',
      requirements: [
        'CAP-UPP-MOVE',
        'CAP-UPP-RESPONSE-SUM',
        'CAP-UPP-RESPONSE-NUMERIC',
        'CAP-UPP-RESPONSE-BILL',
        'CAP-UPP-RESPONSE-PROGRAM',
        'CAP-UPP-RESPONSE-PROMOTION',
        'CAP-UPP-ONCE',
        'CAP-UPP-ONCE-ERROR',
        'CAP-UPP-82323282',
        'CAP-UPP-TYPE-DEFAULT',
        'CAP-BAL-PROMISED-BREAKUP',
        'CAP-UPP-EVENT-LOG-ID-TYPES',
        // As in promised-points.filters: judgeNotesOnBill.
        'CAP-UPP-82323272',
        'CAP-UPP-82323271',
        'CAP-UPP-82323284',
        'CAP-UPP-82323276',
        'CAP-UPP-3918',
      ],
      fixtures: ['billWhole'],
      requirementNeeds: { 'CAP-UPP-RESPONSE-PROMOTION': ['billWholePromotion'] },
      family: 'capillary',
      tags: ['unlock', 'ledger'],
      mutates: true,
      async run(ctx) {
        const bill = ctx.bill('billWhole');
        // The notes kept on the bill stay the warnings they were: only anyBill's probes leave them
        // here, and anyBill is billWhole only where the profile declares no bill with line items
        // (chooseBill). An unlock of the whole bill cannot tell a fresh bill from one partly
        // unlocked before this run (a line item filtered, an event log named, the target's own use
        // of it), of which the probes' "already unlocked" or 82323282 was true; the filters judge
        // the notes where a run can tell (variant hunt 14). Twenty-eighth fault hunt: variant
        // unlock-per-line-first-error-whole-bill-partly-unlocked failed CAP-UPP-3918 and -82323272.
        ctx.takeBillNotes(bill.key);
        // With the bill's event log where the profile gives it (an optional field that names the
        // event that issued the points: the points move all the same).
        // The table types eventLogId Array, the example sends one integer: the array first, and the
        // integer only when a target refused the array (refused, it moved nothing) with no code of
        // a used-up bill, so that a target reading either form alone unlocks.
        const eventLog = bill.eventLogId === undefined ? {} : { eventLogId: [bill.eventLogId] };
        const partner = sharingSecondaryWith(ctx, bill.customerFixture);
        const partnerBefore = partner && (await ctx.balance(partner, { fetchDataForAllPrograms: true }));
        let first = await unlockAndJudge(ctx, bill, billBody(bill, eventLog), ['CAP-UPP-MOVE']);
        if (
          first.moved === undefined &&
          bill.eventLogId !== undefined &&
          first.exchange.response !== undefined &&
          !isAlreadyUnlocked(first.exchange) &&
          !(await mayBeAlreadyUnlocked(ctx, first.exchange))
        ) {
          const asArray = first.exchange;
          first = await unlockAndJudge(ctx, bill, billBody(bill, { eventLogId: bill.eventLogId }), [
            'CAP-UPP-MOVE',
          ]);
          // The integer moved the bill's points, so its event log exists and is the bill's: the
          // array the table types, refused for the same ID (3918 "no eventLog found", say), was not
          // read as the array of IDs it is (fault hunt 45, upp-event-log-array-refused-as-unknown;
          // an unknown bill's probes in lenient-body cannot tell 3918 from a lookup).
          if (first.moved !== undefined && refusedAs(ctx.profile.apiErrorStatus, asArray))
            ctx.verify('CAP-UPP-EVENT-LOG-ID-TYPES', false, {
              expected: `eventLogId [${bill.eventLogId}] (an array, as the table types it) accepted as bill ${bill.billNumber}'s own event log, as the integer ${bill.eventLogId} was`,
              actual: `${answerOf(asArray)}; the integer form then unlocked the bill`,
              exchanges: [asArray, first.exchange],
            });
        }
        if (first.moved === undefined && bill.eventLogId !== undefined && isAlreadyUnlocked(first.exchange))
          first = await unlockWithoutEventLog(ctx, bill, first.exchange);
        if (first.moved === undefined) {
          // The request omits `type`: refusing it means the documented default CUSTOMER was not applied.
          await judgeFirstUnlockRefused(ctx, bill, first.exchange);
          return;
        }
        // type is omitted above: the documented default CUSTOMER applied if the unlock succeeded.
        ctx.expectSuccess('CAP-UPP-TYPE-DEFAULT', first.exchange);
        if (first.moved === 0) {
          // A success that moved nothing (CAP-UPP-MOVE fails): where type=CUSTOMER, the documented
          // default, then moves the bill's points, the default was not applied (fault hunt 48,
          // upp-no-type-empty-200). Sent only on this path, so a target that moves costs nothing.
          const typed = await unlockAndJudge(ctx, bill, billBody(bill), ['CAP-UPP-MOVE'], {
            type: 'CUSTOMER',
          });
          if ((typed.moved ?? 0) > 0)
            ctx.verify('CAP-UPP-TYPE-DEFAULT', false, {
              expected: `bill ${bill.billNumber} unlocked without type as with type=CUSTOMER, the documented default`,
              actual: `without type a success that moved nothing; with type=CUSTOMER main points +${typed.moved}`,
              exchanges: [first.exchange, typed.exchange],
            });
          if (typed.moved !== undefined) first = typed;
        }
        if (partner && partnerBefore) await judgePartnerKept(ctx, partner, partnerBefore, first.exchange);
        judgePromotionListed(ctx, bill, [first.exchange]);
        // The event log repeated as the example's one integer here (the array after the filters'
        // scenario): a target whose integer path answered a repeat 200 with nothing unlocked passed
        // the array's repeat (fault hunt 53).
        await judgeSecondUnlock(ctx, bill, [], (eventLogId) => eventLogId);
      },
    }),

    defineScenario({
      id: 'promised-points.second-program',
      title:
        "an unlock with type=CUSTOMER of a bill whose promised points lie in a program other than the default moves them to that program's main points, once",
      // CAP-UPP-RESPONSE-SUM: the unlock's judge adds up its lines here too, and this bill's are the
      // only lines with a program's third decimal (a --requirement run must send it). The judge
      // also reads each line's pointsUnlocked and billNumber: listed, so that `plan` counts them
      // judgeable with a secondProgram bill alone (the profile hunt found them judged, planned not).
      requirements: [
        'CAP-UPP-MOVE',
        'CAP-UPP-RESPONSE-PROGRAM',
        'CAP-UPP-RESPONSE-SUM',
        'CAP-UPP-RESPONSE-NUMERIC',
        'CAP-UPP-RESPONSE-BILL',
        'CAP-UPP-TYPE-DEFAULT',
        'CAP-UPP-ONCE',
        'CAP-BAL-PROMISED-BREAKUP',
        // As in promised-points.filters: judgeNotesOnBill.
        'CAP-UPP-82323272',
        'CAP-UPP-82323271',
        'CAP-UPP-82323284',
        'CAP-UPP-82323276',
        'CAP-UPP-3918',
        // A real bill's unlock by another identifier the page lists (judgeRealBillFound).
        'CAP-UPP-IDENTIFIER-NAMES',
      ],
      // The profile's bill secondProgram (never lent to another role: a bill unlocks once): its
      // points judged per program show whether they reached their own program or the default.
      fixtures: ['billSecondProgram'],
      family: 'capillary',
      tags: ['unlock', 'ledger', 'programs'],
      mutates: true,
      async run(ctx) {
        const bill = ctx.bill('billSecondProgram');
        // First an event log no bill has, on this bill of the other program: a target may look event
        // logs up among the default program's bills only (fault hunt 67). Refused, it moves nothing;
        // the unlock below judges what the bill has left.
        const { exchange: unknownLog } = await unlockNamingEventLog(
          ctx,
          bill,
          unknownId(ctx, 990_000_000),
          (eventLogId) => billBody(bill, { eventLogId }),
          3918,
        );
        stopIfBillUnknown(ctx, bill.key, [unknownLog]);
        await expectCodeForDeclaredBill(ctx, bill, 'CAP-UPP-3918', unknownLog, 3918);
        // type=CUSTOMER given explicitly, the documented default: handled as without it. With the
        // store and till the bill was issued at, where the profile declares them.
        const first = await unlockWithBillSource(ctx, bill, 1, { type: 'CUSTOMER' });
        if (first.moved === undefined) {
          await judgeFirstUnlockRefused(ctx, bill, first.exchange);
          return;
        }
        ctx.expectSuccess('CAP-UPP-TYPE-DEFAULT', first.exchange);
        if (first.programs) await judgeProgramRedeemable(ctx, bill.customerFixture, first.programs);
        // Once only, in this program too.
        await judgeNothingMoves(
          ctx,
          bill.customerFixture,
          'CAP-UPP-ONCE',
          `a second unlock of bill ${bill.billNumber}`,
          async () => [await unlock(ctx, bill.customerFixture, billBody(bill))],
        );
      },
    }),

    defineScenario({
      id: 'promised-points.bill-errors',
      title: 'a missing bill number fails with 82323271 and an unknown one with 82323277',
      requirements: ['CAP-UPP-82323271', 'CAP-UPP-82323277', 'CAP-UPP-NO-SIDE-EFFECT'],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['unlock', 'error-code'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        await judgeNothingMoves(ctx, customer, 'CAP-UPP-NO-SIDE-EFFECT', 'rejected unlocks', async () => {
          const missing = await unlock(ctx, customer, { eventName: probeEventName(ctx) });
          ctx.expectErrorCode('CAP-UPP-82323271', missing, 82323271);
          const unknown = await unlock(ctx, customer, {
            eventName: probeEventName(ctx),
            billNumber: `LC-NO-SUCH-BILL-${ctx.seed}`,
          });
          ctx.expectErrorCode('CAP-UPP-82323277', unknown, 82323277);
          return [missing, unknown];
        });
      },
    }),

    defineScenario({
      id: 'promised-points.query-errors',
      title:
        'a bad entity type fails with 82323276, a missing identifier with 82323284, a bad group with 1645',
      requirements: ['CAP-UPP-82323276', 'CAP-UPP-82323284', 'CAP-UPP-1645', 'CAP-UPP-TYPE-DEFAULT'],
      fixtures: ['deductible'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['unlock', 'error-code'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const body = { eventName: probeEventName(ctx), billNumber: `LC-NO-SUCH-BILL-${ctx.seed}` };
        const query = uppQuery(customer);
        // The documents give no order between the type and the bill either: a target may look the
        // bill up in the whole org first. A declared bill (restricted to a line item no bill has,
        // so that nothing could move) leaves only the type to refuse; with none, "no bill found"
        // only warns.
        // The customer's own bill where it has one: a target looking bills up per customer finds
        // another customer's bill for it nowhere, and the probe could not be judged.
        const bills = Object.entries(ctx.org?.fixtures.bills ?? {});
        const [declaredKey, declared] = bills.find(([, b]) => b.customer === customer.key) ?? bills[0] ?? [];
        const declaredBody = declared
          ? {
              eventName: declared.eventName,
              billNumber: declared.billNumber,
              lineItemIds: [unknownId(ctx, 990_000_000)],
            }
          : body;
        const badType = await ctx.call('unlockPromisedPoints', {
          query: { ...query, type: 'NOT_A_TYPE' },
          body: declaredBody,
        });
        expectCodeBeforeBill(ctx, 'CAP-UPP-82323276', badType, 82323276, declaredKey, 'type', customer.key);
        // The documented type, given, by the usual identifier, and none by the customer's own
        // externalId (byOwnExternalId): each a customer unlock, never an invalid entity type or a
        // group's refusal, whatever path names the customer (fault hunt 67: the unlocks that carried
        // type=CUSTOMER went by another identifier, and none without type by externalId was judged).
        // The same body: nothing can move, and any other answer is another rule's.
        judgeCustomerType(
          ctx,
          await ctx.call('unlockPromisedPoints', {
            query: { ...query, type: 'CUSTOMER' },
            body: declaredBody,
          }),
          'with type=CUSTOMER, by the usual identifier',
        );
        judgeCustomerType(
          ctx,
          await byOwnExternalId(
            customer,
            (sent) => ctx.call('unlockPromisedPoints', { query: sent, body: declaredBody }),
            query,
          ),
          "without type, by the customer's own externalId",
        );
        // Nor between a missing query parameter and the bill: a target looking the bill up in the
        // whole org first answers an unknown one 82323277 (variant hunt 4), so these probes carry
        // the declared bill too.
        for (const missing of ['identifierName', 'identifierValue', 'source'] as const) {
          const exchange = await ctx.call('unlockPromisedPoints', {
            query: { ...query, [missing]: undefined },
            body: declaredBody,
          });
          expectCodeBeforeBill(
            ctx,
            'CAP-UPP-82323284',
            exchange,
            82323284,
            declaredKey,
            `missing ${missing}`,
            customer.key,
          );
        }
        expectCodeBeforeBill(
          ctx,
          'CAP-UPP-82323284',
          await ctx.call('unlockPromisedPoints', {
            query: { ...query, identifierValue: '' },
            body: declaredBody,
          }),
          82323284,
          declaredKey,
          'empty identifierValue',
          customer.key,
        );
        // The documents give no order between the group and the bill: a target may look the bill up
        // in the whole org first. A bill the profile declares leaves only the group to refuse (and
        // no group, so nothing to unlock); with none declared, "no bill found" only warns.
        const group = await unlockForUnknownGroup(
          ctx,
          declared ? { eventName: declared.eventName, billNumber: declared.billNumber } : body,
        );
        expectCodeBeforeBill(ctx, 'CAP-UPP-1645', group, 1645, declaredKey, 'group');
        // Again restricted to a line item no bill has and naming the bill's own event log (an
        // array, as the table types it): a target may resolve the group as a customer on the
        // line-item or event-log path alone and answer 8015 there (fault hunt 67).
        if (declared)
          expectCodeBeforeBill(
            ctx,
            'CAP-UPP-1645',
            await unlockForUnknownGroup(ctx, {
              ...declaredBody,
              ...(declared.eventLogId === undefined ? {} : { eventLogId: [declared.eventLogId] }),
            }),
            1645,
            declaredKey,
            'group',
          );
      },
    }),

    defineScenario({
      id: 'promised-points.lenient-body',
      title: 'both till spellings, a numeric bill number, eventLogId forms and billDate are accepted',
      requirements: [
        'CAP-UPP-TILL-ID-SPELLING',
        'CAP-UPP-BILL-NUMBER-TYPES',
        'CAP-UPP-EVENT-LOG-ID-TYPES',
        'CAP-UPP-BILL-DATE',
      ],
      fixtures: ['deductible'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['unlock', 'leniency'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        // An unknown bill: a body the target accepts reaches the bill lookup and answers 82323277;
        // a body it rejects answers with a validation error instead.
        const accepted = (requirement: string, exchange: Exchange, inferred?: string) =>
          ctx.verify(requirement, errorCodesOf(exchange).includes(82323277), {
            expected: 'the body accepted (the answer is "no bill found", 82323277, not a validation error)',
            actual: answerOf(exchange),
            exchanges: [exchange],
            ...(inferred ? { inferred } : {}),
          });
        const bill = unknownId(ctx);
        const base = { eventName: probeEventName(ctx), billNumber: `LC-${bill}` };
        // Refused before the bill lookup, perhaps for an example value the target need not know.
        const refusedEarly = (exchange: Exchange) =>
          !errorCodesOf(exchange).includes(82323277) && refusedAs(ctx.profile.apiErrorStatus, exchange);
        // The till field as the table spells it, with the table's other source fields (the store,
        // and a program of the customer), and as the example does: a target that takes exactly the
        // table's fields may refuse the example's sourceTilId, which only warns. The store and till
        // are the org's own where the profile declares them (fixtures.source), else the example's.
        const sourceProgramId = customer.programs[0];
        const declaredSource = ctx.org?.fixtures.source;
        const { storeId, tillId } = declaredSource ?? EXAMPLE_SOURCE;
        // The example's store or till refused as the credentials' till may not name them: a 403 of
        // its own beside another pinned error status too (variant hunt 56: a target answering its
        // API errors 400 and "Not authorized" 403, 4000, as the v2 facts list them).
        const refusedSource = (exchange: Exchange) =>
          refusedEarly(exchange) ||
          (!errorCodesOf(exchange).includes(82323277) &&
            refusedTheTillThatStore(ctx, exchange, { storeId, tillId }));
        // By the customer's own externalId where it declares one (byOwnExternalId): a target may
        // bind the body on each lookup path apart, and take the table's till field on its mobile
        // path only (fault hunt 62, upp-table-till-refused-by-external-id); the others go by mobile.
        const tableFields = await byOwnExternalId(
          customer,
          (query) =>
            unlock(
              ctx,
              customer,
              {
                ...base,
                sourceTillId: tillId,
                sourceStoreId: storeId,
                ...(sourceProgramId === undefined ? {} : { sourceProgramId }),
              },
              query,
            ),
          uppQuery(customer),
        );
        if (declaredSource || !refusedSource(tableFields)) {
          // A store and till the profile declares the org knows: a refusal is the field's, and fails.
          accepted('CAP-UPP-TILL-ID-SPELLING', tableFields);
        } else {
          // Store 1122 and till 323 are the example's values, which a target that knows its stores
          // and tills may refuse (no code is documented for an unknown one; variant
          // unlock-example-store-and-till-unknown): from outside such a refusal cannot be told from
          // one of the field's name, so it warns, and each field is sent alone. The program is one
          // the profile declares for the customer: refusing it stays a failure.
          accepted('CAP-UPP-TILL-ID-SPELLING', tableFields, EXAMPLE_SOURCE_VALUES);
          if (sourceProgramId !== undefined)
            accepted('CAP-UPP-TILL-ID-SPELLING', await unlock(ctx, customer, { ...base, sourceProgramId }));
          const till = await unlock(ctx, customer, { ...base, sourceTillId: tillId });
          accepted('CAP-UPP-TILL-ID-SPELLING', till, refusedSource(till) ? EXAMPLE_SOURCE_VALUES : undefined);
        }
        accepted(
          'CAP-UPP-TILL-ID-SPELLING',
          await unlock(ctx, customer, { ...base, sourceTilId: tillId }),
          "only the document's example spells the till field sourceTilId; its table lists sourceTillId",
        );
        // billNumber as the table types it (a String: binding) and as the example sends it (a
        // number). Taking the sent number for no bill number (82323271) is wrong whatever the type
        // read; refusing it as malformed follows the table, and only warns.
        accepted('CAP-UPP-BILL-NUMBER-TYPES', await unlock(ctx, customer, base));
        // Ten digits, past 2^31 - 1, as a till's bill numbers run: a target binding the number to a
        // 32-bit integer must not read it as no bill number either (fault hunt 41,
        // upp-long-bill-number-missing; a refusal as malformed still only warns).
        // By the customer's own externalId where it declares one (byOwnExternalId: an 8013 or 8015
        // there sends it again by the usual identifier): a target may bind the body on each lookup
        // path apart, and read the number on its mobile path only (fault hunt 62,
        // upp-numeric-bill-number-missing-by-external-id); the string went by mobile above.
        const numericBill = unknownId(ctx, 9_000_000_000);
        const numeric = await byOwnExternalId(
          customer,
          (query) => unlock(ctx, customer, { ...base, billNumber: numericBill }, query),
          uppQuery(customer),
        );
        // Only a refusal may be the table's String read strictly: a 2xx for a bill that does not
        // exist (an empty success, say) took the number and then found no bill without saying so
        // (fault hunt 48, upp-numeric-bill-number-empty-200).
        const warnsOnly = refusedEarly(numeric) && !errorCodesOf(numeric).includes(82323271);
        ctx.verify('CAP-UPP-BILL-NUMBER-TYPES', errorCodesOf(numeric).includes(82323277), {
          expected: `billNumber ${numericBill} (a number) accepted (the answer is "no bill found", 82323277, not a validation error)`,
          actual: answerOf(numeric),
          exchanges: [numeric],
          ...(!warnsOnly
            ? {}
            : {
                inferred:
                  "only the document's example sends billNumber as a number; its table types a String",
              }),
        });
        const exampleDate = await unlock(ctx, customer, { ...base, billDate: '2022-02-12' });
        // The date sent on: one the run found accepted alone (the answer "no bill found").
        let dateTaken: string | undefined;
        if (!refusedEarly(exampleDate)) {
          accepted('CAP-UPP-BILL-DATE', exampleDate);
          // The example's day, 12, is a month's number too: a parser reading yyyy-dd-MM takes it
          // for 2 December (fault upp-bill-date-day-month-swapped). The next day is kept wherever the
          // example's is, so its refusal is the form's.
          // By the customer's own externalId (byOwnExternalId: an 8013 or 8015 there sends it again
          // by the usual identifier), the example's date having gone by mobile: a target may bind
          // the body on each lookup path apart and parse dates on one only (fault hunt 65,
          // upp-bill-date-refused-by-external-id).
          const later = await byOwnExternalId(
            customer,
            (query) => unlock(ctx, customer, { ...base, billDate: DAY_PAST_TWELFTH }, query),
            uppQuery(customer),
          );
          accepted('CAP-UPP-BILL-DATE', later);
          if (errorCodesOf(later).includes(82323277)) dateTaken = DAY_PAST_TWELFTH;
        } else {
          // The example's date may be past what a target keeps (no code is documented for an old
          // bill date; variant unlock-old-bill-date-refused): it warns, and yesterday's date, which
          // any target keeps, must be accepted in the same form. Computed on the refusal path only
          // (a fixed "recent" date would age), so other runs send the same requests as before.
          accepted('CAP-UPP-BILL-DATE', exampleDate, EXAMPLE_BILL_DATE);
          const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
          const recent = await unlock(ctx, customer, { ...base, billDate: yesterday });
          accepted('CAP-UPP-BILL-DATE', recent);
          if (errorCodesOf(recent).includes(82323277)) dateTaken = yesterday;
        }
        // eventLogId as the table types it (an array: binding, of one ID and of several, which a binder
        // unwrapping a one-element array into one number refuses; fault upp-event-log-ids-unwrapped-single)
        // and as the example sends it (a number).
        // The array of several by the customer's own externalId, as the numeric billNumber (fault
        // hunt 62, upp-event-log-id-array-refused-by-external-id); the others by mobile.
        for (const eventLogId of [[1235315], [1235315, 1235316], 1235315]) {
          const send = (query: Record<string, string>) =>
            unlock(ctx, customer, { ...base, eventLogId }, query);
          const exchange =
            Array.isArray(eventLogId) && eventLogId.length > 1
              ? await byOwnExternalId(customer, send, uppQuery(customer))
              : await send({});
          ctx.verify(
            'CAP-UPP-EVENT-LOG-ID-TYPES',
            [82323277, 3918].some((c) => errorCodesOf(exchange).includes(c)),
            {
              expected: `eventLogId ${JSON.stringify(eventLogId)} accepted (answer 82323277 or 3918, not a validation error)`,
              actual: answerOf(exchange),
              exchanges: [exchange],
              // The integer refused only warns; answered otherwise (a 2xx for a bill that does not
              // exist), it was taken and the bill lookup's 82323277 left unsaid: that fails.
              ...(Array.isArray(eventLogId) || !refusedEarly(exchange)
                ? {}
                : {
                    inferred: "only the document's example sends a single integer; its table types an array",
                  }),
            },
          );
        }
        if (dateTaken !== undefined)
          await judgeDateBesideOtherFields(ctx, customer, dateTaken, {
            ...base,
            eventLogId: [1235315],
            // The store and till where the table's fields were taken (no bill found).
            ...(errorCodesOf(tableFields).includes(82323277)
              ? { sourceStoreId: storeId, sourceTillId: tillId }
              : {}),
          });
      },
    }),
    defineScenario({
      id: 'promised-points.accepted-query',
      title: 'every identifier type and source the document lists reaches the customer lookup',
      requirements: ['CAP-UPP-IDENTIFIER-NAMES', 'CAP-UPP-SOURCE-VALUES'],
      fixtures: ['deductible'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['unlock', 'identifiers'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const body = { eventName: probeEventName(ctx), billNumber: `LC-NO-SUCH-BILL-${ctx.seed}` };
        // An unknown bill: an accepted query reaches the customer and bill lookups (82323277, or 8015
        // where the customer is not known under that source); a refused one is a validation error.
        const reached = (e: Exchange) => [82323277, 8015].some((c) => errorCodesOf(e).includes(c));
        const primary = dualPrimary(ctx);
        // Sent as is: this judges which names the page takes alone (no retry beside the primary).
        const send = (identifierName: string, identifierValue: string) =>
          ctx.call('unlockPromisedPoints', {
            query: { identifierName, identifierValue, source: 'INSTORE' },
            body,
            asSent: true,
          });
        const resolved = (e: Exchange) => errorCodesOf(e).includes(82323277);
        const byName: [string, Exchange][] = [];
        for (const name of UPP_IDENTIFIERS) {
          const value = customer.identifiers[name];
          if (!value) {
            ctx.notJudged(
              'CAP-UPP-IDENTIFIER-NAMES',
              `identifierName ${name} not tried: customer ${customer.key} declares no ${name} (add: identifiers.${name} on the deductible customer)`,
            );
            continue;
          }
          byName.push([name, await send(name, value)]);
        }
        // Under dual eligibility the balance page refuses a lone identifier other than the primary
        // (8015); the unlock page is silent on it. A target refusing every such identifier alike
        // may read it that way: each is retried beside the primary (the same unknown bill, so no
        // bill is spent), as the deduction's are. Refusing some while others resolve fails.
        // Only answered probes count: one lost to the network is an error of its own, and says
        // nothing of how the target reads the others. A value another declared customer shares
        // (the balance page: dual eligibility lets several customers share a secondary) names no
        // one customer alone, so its 8015 is judged beside the primary whatever the others do.
        const shared = (name: string) => customer.sharedIdentifiers?.includes(name) ?? false;
        const secondaries = byName.filter(
          ([name, e]) =>
            primary !== undefined && name !== primary && !shared(name) && e.response !== undefined,
        );
        const secondariesRefused =
          secondaries.length > 0 && secondaries.every(([, e]) => errorCodesOf(e).includes(8015));
        for (const [name, exchange] of byName) {
          const expected = `identifierName ${name} resolves customer ${customer.key}`;
          const refusedShared = shared(name) && errorCodesOf(exchange).includes(8015);
          if (primary !== undefined && (secondariesRefused || refusedShared) && name !== primary) {
            await judgeDualRefusal(ctx, {
              requirementId: 'CAP-UPP-IDENTIFIER-NAMES',
              page: 'unlock',
              customer,
              name,
              primary,
              lone: exchange,
              expected,
              send,
              resolved,
            });
            continue;
          }
          ctx.verify('CAP-UPP-IDENTIFIER-NAMES', resolved(exchange), {
            expected: `${expected} (answer 82323277 for the unknown bill)`,
            actual: answerOf(exchange),
            exchanges: [exchange],
          });
        }
        const fallback = lookupIdentifier(customer, UPP_IDENTIFIERS);
        // The sources go out under the names that resolved alone with INSTORE, in turn: a target
        // taking a listed source under one identifier name only refuses it under another (fault
        // hunt 43, upp-source-refused-by-external-id). No other name is sent, so none can stand in
        // for the source.
        const taken = byName.filter(([, e]) => resolved(e)).map(([name]) => name);
        for (const [at, source] of UPP_SOURCES.entries()) {
          const sendUnder = (name: string | undefined) => {
            const value = name && customer.identifiers[name as keyof typeof customer.identifiers];
            const [identifierName, identifierValue] = name && value ? [name, value] : fallback;
            return ctx.call('unlockPromisedPoints', {
              query: { identifierName, identifierValue, source },
              body,
            });
          };
          const name = taken[at % Math.max(taken.length, 1)];
          const exchange = await sendUnder(name);
          // The platform's lookup codes hold here as on the deduction (8015 above): an 8013 under
          // one name refuses that name in this source, not the source (variant hunt 38).
          const others = await underOtherNames(exchange, name, taken, sendUnder, reached);
          ctx.verify('CAP-UPP-SOURCE-VALUES', reached(exchange), {
            expected: `source ${source} accepted (answer 82323277 or 8015, not a validation error)`,
            actual: answerOf(exchange),
            exchanges: [exchange, ...others.sent],
            ...(others.passed ? { inferred: identifierTypeOfSource(name, others.passed) } : {}),
          });
        }
      },
    }),
  ],
};
