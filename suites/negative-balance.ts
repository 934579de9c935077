import type { Exchange } from '../src/client/exchange.ts';
import { errorCodesOf, refusedAs } from '../src/engine/context.ts';
import { drainedOtherProgramOf } from '../src/engine/fixtures.ts';
import { AFTER_REFUSAL } from '../src/engine/read-after-write.ts';
import type { BalanceReading, NamedCustomer, ScenarioContext, Suite } from '../src/engine/types.ts';
import {
  decimalsShown,
  expectedBalance,
  pointsAvailableDecimals,
  pointsAvailableWritten,
  readAsWholeNumber,
  readShows,
  WHOLE_BALANCE_NOTE,
} from './balance-reading.ts';
import { totalFollowsMain, totalsBehind, verifyTotalAddsUp } from './balance-total.ts';
import {
  mainAndTotalNow,
  showing,
  verifyBalance,
  verifyMoveConfirmed,
  verifyPointTaken,
} from './balance-verify.ts';
import {
  availableMatches,
  availableReadingNote,
  availableWriting,
  EXAMPLE_AVAILABLE_DECIMALS,
  finestDecimalsOf,
  judgeDeductionAnswer,
  judgePointsAvailable,
  ledgerShownBy,
  paddingReads,
  pointsAvailableOf,
  verifyAvailableFollows,
  verifyPointsAvailable,
} from './points-available.ts';
import {
  answerOf,
  balanceCovering,
  byOwnExternalId,
  decimalText,
  deduct,
  deductBy,
  defineScenario,
  judgeRefusalMovedNothing,
  minus,
  npaQuery,
  onePointAsString,
  otherProgramOf,
  otherProgramScope,
  ownIdentifier,
  programField,
  roundDecimalsOf,
  roundPoints,
  samePoints,
  succeeded,
  verifyMainUnchanged,
  warnedShortOfShownPoint,
  whenNegativeBalance,
} from './support.ts';

/** {@link emptyHiddenDecimals}'s answer where it warned and nothing it can send shows what is left. */
const LEFT_UNSHOWN = Symbol('what is left is not shown');

/**
 * When a balance read as a whole number, or with fewer decimals than the program keeps (any, where
 * the profile declares none: variant hunt 54), is refused with 8907 as the amount of a deduction,
 * the ledger may hold less, its decimals rounded up on display (the balance table types the figures
 * int; round decimals let the ledger keep decimals). Deducts one unit of the display less (a point,
 * or 0.1 for a read with one decimal): when that answer's pointsAvailable shows what is left, under
 * that unit, deducts it and returns that answer, after warning that the balance read could not be
 * deducted. Undefined when the refusal stands (and is judged as it is: a target that shows the
 * program's decimals refused its exact balance). A display of one decimal over two (4.16 read 4.2)
 * failed a correct target (variant hunt 42, `npa-drain-one-decimal-display-shown-above`). Where
 * that answer's pointsAvailable is written with no more decimals than the read (`"0.1"` beside a
 * read of 0.2, `"0"` beside 2: the table types it Integer) and lies within a unit of zero, it
 * cannot show what is left: the warning stands alone and nothing more is judged, {@link
 * LEFT_UNSHOWN} (variant hunt 46: 0.16 shown 0.2 half up, pointsAvailable with one decimal too,
 * failed `npa-drain-available-one-decimal-like-the-read`); so where it is written with fewer
 * decimals than the program keeps and lies under a unit of its own last one (fault hunt 55: 2.01
 * read 3 raised, 2 taken, "0.0" with one decimal of 469's two, failed
 * `npa-available-one-decimal-fewer-half-even-behind-raised-whole-reads` on a filtered run), or up
 * to a unit of the read or of its own last decimal, what is left rounded up or short of it (variant
 * hunt 49: 0.99 left written "1.0" was taken for none, "0.9" deducted as exact).
 */
async function emptyHiddenDecimals(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  before: BalanceReading,
  refused: Exchange,
  decimals: number | undefined,
  programId: number,
): Promise<Exchange | typeof LEFT_UNSHOWN | undefined> {
  const shown = before.mainPoints;
  const places = decimalText(shown).split('.')[1]?.length ?? 0;
  const unit = 10 ** -places;
  if (
    !errorCodesOf(refused).includes(8907) ||
    (places > 0 && decimals !== undefined && places >= decimals) ||
    shown < 2 * unit
  )
    return undefined;
  const less = minus(shown, unit);
  const probe = await deduct(ctx, customer, places === 0 ? less : decimalText(less), { programId });
  const left = pointsAvailableOf(probe);
  if (!succeeded(probe) || left === undefined) return undefined;
  if (await toldByAUnitMore(ctx, customer, before, refused, probe, decimals, programId)) return LEFT_UNSHOWN;
  // Written with no more decimals than the read, or with fewer than the program keeps, pointsAvailable
  // rounds what is left (under a unit of the read) to its own last decimal, either way: down to 0,
  // or up to that unit or the read's (variant hunt 49: 19996.99 read 19997 raised, 19996 taken,
  // 0.99 written "0.9" truncated or "1.0" half to even, or a whole 1 rounded half up).
  // Where the profile declares no round decimals, the program may keep the example's three
  // ("670.000"), more than pointsAvailable writes (variant hunt 55).
  const written = pointsAvailableDecimals(probe, paddingReads(ctx, [before])) ?? 0;
  const unshown =
    (written <= places || written < (decimals ?? EXAMPLE_AVAILABLE_DECIMALS)) &&
    left > -1e-9 &&
    left < Math.max(unit, 10 ** -written) + 1e-9;
  // At or below zero, or past a unit, pointsAvailable is no remainder of this program (it took
  // `less` after refusing `shown`, so more than none is left): for a customer of more than one
  // program it may be the balance over them all (variant points-available-all-programs), another
  // program's points or debt beside it (variant hunt 50: 2.5 read 3 raised, 2 taken, "-2.500"
  // beside a debt of 3 failed npa-other-program-drain-available-over-programs-beside-debt). A lone
  // program's stays judged.
  const overPrograms = mayHoldOtherPrograms(ctx, customer, programId) && (left < 1e-9 || left > unit + 1e-9);
  const shownLeft = left > 0 && left < unit;
  // A program of no round decimals may still hold a fraction (awarded before they changed, as the
  // drain's skip says), which a whole read hides: only a pointsAvailable showing it tells, and it
  // cannot be deducted, having more decimals than the program allows (8906; variant hunt 65:
  // 19996.99 in 469 declared whole, read 19997 raised).
  const wholeProgram = decimals === 0;
  if (wholeProgram ? !shownLeft : !unshown && !overPrograms && !shownLeft) return undefined;
  ctx.verify('CAP-NPA-EXACT-BALANCE', false, {
    expected: `the balance read, ${shown}, deducted`,
    actual: `${answerOf(refused)}; ${less} deducted, then pointsAvailable ${left}`,
    exchanges: [before.exchange, refused, probe],
    inferred: overPrograms
      ? `${WHOLE_BALANCE_NOTE} (here ${shown} shows less, more than ${less}; pointsAvailable, outside a unit of zero, may be the balance over the customer's programs and does not show what is left in program ${programId})`
      : unshown
        ? `${WHOLE_BALANCE_NOTE} (here ${shown} shows less, more than ${less}; pointsAvailable, written with no more decimals than the read or fewer than the program keeps, does not show what is left)`
        : `${WHOLE_BALANCE_NOTE} (here ${shown} shows ${minus(less, -left)})`,
  });
  if (unshown || overPrograms || wholeProgram) return LEFT_UNSHOWN;
  const rest = await deduct(ctx, customer, decimalText(left), { programId });
  // Under a unit too, pointsAvailable may be the sum over the customer's programs, more than this
  // one holds (variant hunt 50: 3.5 read 4 raised, 3 taken, "0.750" with 0.25 in 469): its 8907
  // then refuses no balance shown, and the warning above stands alone.
  const overThisProgram =
    mayHoldOtherPrograms(ctx, customer, programId) && !succeeded(rest) && errorCodesOf(rest).includes(8907);
  return overThisProgram ? LEFT_UNSHOWN : rest;
}

/**
 * After {@link emptyHiddenDecimals}' probe took a unit of the read less, a pointsAvailable of that
 * unit written with zeros past the decimals it shows, fewer than the program keeps ("0.100" in a
 * program of two, beside a read of 100000.5 or 1.1), is either an exact ledger's 0.1 (its refusal of
 * the read was wrong) or a remainder under it rounded up (raised, half up) and written by a format
 * padding amounts to a fixed scale, as the deduction page's example writes its Integer-typed
 * pointsAvailable "670.000". Where the balance figures are written shortest, or padded only within
 * the program's decimals ("1.10"), nothing written tells the two apart (padded67; padded66 read the
 * padding off balance figures with zeros no program figure can carry, which let a refusal behind such
 * a gateway through). One unit of the program's decimals more does: the exact ledger answers that
 * unit less, showing more decimals ("0.090"), a rounded remainder a figure of its display ("0.000",
 * "0.100"). Fails on the former, warns otherwise, and the drain stops (what the probe left is
 * unknown or taken). Whether it applied: to a customer of this one program only (a sum over
 * programs moves by the unit either way), whose program declares decimals.
 */
async function toldByAUnitMore(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  before: BalanceReading,
  refused: Exchange,
  probe: Exchange,
  decimals: number | undefined,
  programId: number,
): Promise<boolean> {
  const left = pointsAvailableOf(probe);
  const shown = before.mainPoints;
  const unit = 10 ** -decimalsShown(shown);
  const written = pointsAvailableDecimals(probe) ?? 0;
  if (
    left === undefined ||
    decimals === undefined ||
    mayHoldOtherPrograms(ctx, customer, programId) ||
    !samePoints(left, unit) ||
    decimalsShown(left) >= Math.min(written, decimals)
  )
    return false;
  const step = 10 ** -decimals;
  const more = await deduct(ctx, customer, decimalText(step), { programId });
  const after = pointsAvailableOf(more);
  const exact =
    succeeded(more) &&
    after !== undefined &&
    samePoints(after, minus(left, step)) &&
    decimalsShown(after) > decimalsShown(left);
  const less = minus(shown, unit);
  ctx.verify('CAP-NPA-EXACT-BALANCE', false, {
    expected: `the balance read, ${shown}, deducted`,
    actual: `${answerOf(refused)}; ${less} deducted, then pointsAvailable ${pointsAvailableWritten(probe)}; ${step} more, then ${succeeded(more) ? `pointsAvailable ${pointsAvailableWritten(more)}` : answerOf(more)}`,
    exchanges: [before.exchange, refused, probe, more],
    ...(!exact && {
      inferred: `${WHOLE_BALANCE_NOTE} (here pointsAvailable ${pointsAvailableWritten(probe)}, written with zeros past what it shows, may be a remainder under ${unit} rounded up and padded: ${step} more did not leave ${minus(left, step)})`,
    }),
  });
  return true;
}

/**
 * Whether `customer` may hold points in a program besides `programId`, which a pointsAvailable over
 * all programs then counts: the profile lists it in more than one, or `programId` is not the org's
 * default, in which a customer of another program is too as far as the profile can tell (a profile
 * may list only the programs a scenario needs: variant hunt 51, the other-program drainable
 * customer listed in 973 alone beside 5 points in 469, failed as hunt 50's variants had).
 */
function mayHoldOtherPrograms(ctx: ScenarioContext, customer: NamedCustomer, programId: number): boolean {
  return customer.programs.length > 1 || programId !== ctx.org?.config.defaultProgramId;
}

/** The largest amount a signed 32-bit integer holds: the table types pointsToBeAdjusted "Integer". */
const INT32_MAX = 2 ** 31 - 1;

/** Why an amount past INT32_MAX may be refused otherwise than the rule at hand asks. */
const INT32_NOTE =
  'the table types pointsToBeAdjusted Integer: a target holding it in 32 bits may refuse an amount past 2^31 - 1 as out of range before it compares the balance (variant billions-int32-amounts)';

/**
 * 8907 for a deduction over the balance. Past INT32_MAX (a balance in the billions) any refusal
 * will do and its code only warns: the amount is then outside the table's Integer as well, and the
 * documents give no order between the two.
 */
function expect8907(ctx: ScenarioContext, exchange: Exchange, amount: number): void {
  if (amount <= INT32_MAX) {
    ctx.expectErrorCode('CAP-NPA-8907', exchange, 8907);
    return;
  }
  if (ctx.expectRejected('CAP-NPA-8907', exchange))
    ctx.verify('CAP-NPA-8907', errorCodesOf(exchange).includes(8907), {
      expected: `error code 8907 for ${amount}, over the balance`,
      actual: answerOf(exchange),
      exchanges: [exchange],
      inferred: INT32_NOTE,
    });
}

/**
 * A deduction below zero accepted (CAP-NPA-NEGATIVE-ALLOWED). One refused whose amount is past
 * INT32_MAX only warns: a balance in the billions cannot be taken below zero by one Integer.
 */
function acceptedBelowZero(ctx: ScenarioContext, exchange: Exchange, amount: number): boolean {
  if (succeeded(exchange)) judgeDeductionAnswer(ctx, exchange);
  if (amount <= INT32_MAX || succeeded(exchange))
    return ctx.expectSuccess('CAP-NPA-NEGATIVE-ALLOWED', exchange);
  return ctx.verify('CAP-NPA-NEGATIVE-ALLOWED', false, {
    expected: `the deduction of ${amount} accepted (negative balance on)`,
    actual: answerOf(exchange),
    exchanges: [exchange],
    inferred: INT32_NOTE,
  });
}

/**
 * A deduction over the balance by the smallest amount the round decimals of the customer's first
 * program with decimals allow (the balance read 664 or 663.99: 664.01 or 664): still 8907, however
 * little it is over. A target comparing whole points, say, lets it through. Sent only when one of
 * `seen`, the balances read before, shows decimals: the target then keeps decimals on display, so the
 * balance read is the ledger's (a whole number read otherwise may hide decimals the ledger holds).
 * Where no read shows as many decimals as the program keeps, a display with fewer (one over two:
 * 99.47 read 99.4) may hide up to one of its units, so the amount is one shown unit over the read
 * (99.5): 99.41 was a correct deduction (variant hunt 45,
 * `npa-just-over-one-decimal-display-over-two`).
 */
async function judgeJustOverBalance(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  seen: readonly BalanceReading[],
): Promise<void> {
  const programId = customer.programs.slice(0, 2).find((p) => (roundDecimalsOf(ctx, p) ?? 0) > 0);
  if (programId === undefined || seen.every((r) => Number.isInteger(r.mainPoints))) return;
  const decimals = roundDecimalsOf(ctx, programId) ?? 0;
  const before = await ctx.balance(customer, { programId });
  const shown = Math.max(...[...seen, before].map((r) => decimalsShown(r.mainPoints)));
  const scale = 10 ** Math.min(decimals, shown);
  const amount = roundPoints((Math.floor(roundPoints(before.mainPoints * scale)) + 1) / scale);
  if (amount <= 0) return;
  const exchange = await deduct(ctx, customer, decimalText(amount), { programId });
  expect8907(ctx, exchange, amount);
  const also = `after the deduction of ${amount}, just over the balance of ${before.mainPoints}, in program ${programId}`;
  await judgeRefusalMovedNothing(ctx, customer, programId, before, exchange, also);
}

/** 2^31: the first amount a signed 32-bit integer cannot hold. */
const INT32_SPAN = 2 ** 31;

/**
 * A deduction over the balance by more than a signed 32-bit integer holds (2^31 points above the
 * whole balance): refused all the same, and nothing moves. The table types the amount "Integer": a
 * target holding it in 32 bits after validating it wraps it to a negative amount, which passes the
 * balance check and adds points. Any refusal will do, its code unjudged: an amount beyond the
 * target's integer range is refused as invalid input before the balance is compared by a target
 * that keeps a Java int (a clean room does, with a code of its own), and 8907 is judged above.
 */
async function judgeFarOverBalance(ctx: ScenarioContext, customer: NamedCustomer): Promise<void> {
  const programId = customer.programs[0];
  const before = await ctx.balance(customer, { programId });
  const amount = Math.max(0, Math.floor(before.mainPoints)) + INT32_SPAN;
  const exchange = await deduct(ctx, customer, amount, { programId });
  ctx.expectRejected('CAP-NPA-8907', exchange);
  const also = `after the deduction of ${amount}, 2^31 over the balance, in program ${programId}`;
  await judgeRefusalMovedNothing(ctx, customer, programId, before, exchange, also);
}

/**
 * CAP-NPA-NEGATIVE-ALLOWED in the default program (the deduction names none): below zero, then one
 * point more from there.
 */
async function judgeBelowZeroInDefault(ctx: ScenarioContext, customer: NamedCustomer): Promise<void> {
  const programId = customer.programs[0];
  const before = await ctx.balance(customer, { programId });
  const overallBefore = await ctx.balance(customer, { fetchDataForAllPrograms: true });
  const amount = Math.max(0, Math.ceil(before.mainPoints)) + 10;
  const expected = minus(before.mainPoints, amount);
  const expectedOverall = minus(overallBefore.mainPoints, amount);
  const exchange = await deduct(ctx, customer, amount);
  if (!acceptedBelowZero(ctx, exchange, amount)) return;
  const moved = {
    plus: [before.mainPoints],
    delta: -amount,
    seen: [overallBefore],
    deductions: ledgerShownBy(ctx, customer, [exchange], expectedOverall),
  };
  // Settled on the total too: the answer below zero is judged for CAP-BAL-TOTAL, and a total kept
  // by an aggregate may show the deduction later than main does.
  const totalMoved = { plus: [before.totalPoints], delta: -amount, seen: [before] };
  const after = await ctx.balance(
    customer,
    { programId },
    showing('CAP-NPA-NEGATIVE-ALLOWED', (read) => [
      [read.mainPoints, moved],
      [read.totalPoints, totalMoved],
    ]),
  );
  // totalPoints is "the sum of both current redeemable points and promised points" below zero as
  // above it: a total leaving the debt out was judged only on balances an earlier scenario had left
  // below zero, so a run filtered to CAP-BAL-TOTAL passed it (fault hunt 56).
  verifyTotalAddsUp(ctx, after);
  verifyPointsAvailable(
    ctx,
    'CAP-NPA-NEGATIVE-ALLOWED',
    pointsAvailableOf(exchange),
    expected,
    expectedOverall,
    {
      expected: `pointsAvailable ${decimalText(expected)} (program ${programId}, below zero) or ${decimalText(expectedOverall)} (all programs)`,
      actual: `pointsAvailable ${pointsAvailableOf(exchange)}`,
      exchanges: [before.exchange, overallBefore.exchange, exchange],
    },
    {
      from: [before.mainPoints, overallBefore.mainPoints].map((points) => ({
        plus: [points],
        delta: -amount,
        seen: [before, overallBefore],
      })),
      ...availableWriting(ctx, customer, exchange, programId, [before, overallBefore, after]),
    },
  );
  verifyBalance(ctx, 'CAP-NPA-NEGATIVE-ALLOWED', after.mainPoints, moved, {
    expected: `mainPoints ${decimalText(expected)} read afterwards`,
    actual: `mainPoints ${after.mainPoints}`,
    exchanges: [exchange, after.exchange],
  });
  // The document's own example deducts from 0 points: a balance at or below zero still takes
  // a deduction. The balance is below zero now: one point more.
  if (after.mainPoints > 0) return;
  // The config is the org's, whatever names the customer: by externalId where the profile
  // declares one (the page's other identifier), so a target allowing it by mobile only fails.
  // A lone externalId refused as not the primary (8015) is CAP-NPA-IDENTIFIER-NAMES' to judge:
  // the usual identifier then.
  const externalId = customer.identifiers.externalId;
  const byExternalId = externalId && (await deductBy(ctx, customer, ['externalId', externalId], 1));
  const again =
    byExternalId && !errorCodesOf(byExternalId).includes(8015)
      ? byExternalId
      : await deduct(ctx, customer, 1);
  if (!ctx.expectSuccess('CAP-NPA-NEGATIVE-ALLOWED', again)) return;
  judgeDeductionAnswer(ctx, again);
  const further = {
    plus: [after.mainPoints],
    delta: -1,
    seen: [after],
    deductions: ledgerShownBy(ctx, customer, [again]),
  };
  const last = await ctx.balance(
    customer,
    { programId },
    showing('CAP-NPA-NEGATIVE-ALLOWED', (read) => [[read.mainPoints, further]]),
  );
  // "Points available for the customer after the points deduction": below zero as above it, on
  // the deduction that goes further below zero too (one clamped at 0 can match a sum over all
  // programs that happens to be 0 after the first); judged before a tie's confirmation moves the
  // balance again (variant hunt 30).
  await judgePointsAvailable(ctx, customer, again, programId, last, [further]);
  // A hidden half written whole, half to even, reads the point as 0 or 2 (−9.5 → −10.5 read −10
  // → −10; variant hunt 27): one more point there confirms it.
  await verifyMoveConfirmed(
    ctx,
    customer,
    last,
    further,
    { requirement: 'CAP-NPA-NEGATIVE-ALLOWED', deduction: again },
    {
      expected: `mainPoints ${decimalText(minus(after.mainPoints, 1))}: 1 point deducted from a balance below zero`,
      exchanges: [after.exchange, again, last.exchange],
    },
    { programId },
  );
}

/**
 * CAP-NPA-NEGATIVE-ALLOWED in the customer's second program, named by programId: the configuration
 * is the org's (8907: "NegativeBalanceOnReturn config is disabled for org"), not one program's, so
 * a target allowing it in the default program only fails. Whole points past the balance read.
 */
async function judgeBelowZeroInOtherProgram(ctx: ScenarioContext, customer: NamedCustomer): Promise<void> {
  const programId = customer.programs[1];
  if (programId === undefined) return;
  const before = await ctx.balance(customer, { programId });
  // Half a point past the whole points where the program's declared round decimals allow one, so
  // the balance may land between -1 and 0 (a sign lost or a floor to whole points shows there);
  // sent as the example's string, as the over-balance deduction's fraction is.
  const decimals = roundDecimalsOf(ctx, programId);
  const half = (decimals ?? 0) > 0;
  let amount = Math.max(0, Math.ceil(before.mainPoints)) + (half ? 0.5 : 1);
  let exchange = await deduct(ctx, customer, half ? decimalText(amount) : amount, { programId });
  if (
    amount < 1 &&
    !errorCodesOf(exchange).includes(8907) &&
    refusedAs(ctx.profile.apiErrorStatus, exchange)
  ) {
    // Half a point from a balance at zero or below: the table types pointsToBeAdjusted Integer, so a
    // target may refuse an amount under one point whatever the balance (variant hunt 56,
    // npa-minimum-one-point-own-code beside a second program at 0.5). Nothing says a balance below
    // zero was refused: that warns, and the deduction goes again a point larger.
    ctx.verify('CAP-NPA-NEGATIVE-ALLOWED', false, {
      expected: `the deduction of ${amount} accepted (negative balance on)`,
      actual: answerOf(exchange),
      exchanges: [exchange],
      inferred: UNDER_ONE_POINT_NOTE,
    });
    amount += 1;
    exchange = await deduct(ctx, customer, decimalText(amount), { programId });
  }
  if (!acceptedBelowZero(ctx, exchange, amount)) return;
  const moved = {
    plus: [before.mainPoints],
    delta: -amount,
    seen: [before],
    deductions: ledgerShownBy(ctx, customer, [exchange]),
  };
  const after = await ctx.balance(
    customer,
    { programId },
    showing('CAP-NPA-NEGATIVE-ALLOWED', (read) => [[read.mainPoints, moved]]),
  );
  const evidence = {
    expected: `program ${programId}: mainPoints ${decimalText(minus(before.mainPoints, amount))} after deducting ${amount} (below zero)`,
    exchanges: [before.exchange, exchange, after.exchange],
  };
  if (decimals !== undefined) {
    verifyBalance(ctx, 'CAP-NPA-NEGATIVE-ALLOWED', after.mainPoints, moved, {
      ...evidence,
      actual: `mainPoints ${after.mainPoints}`,
    });
    await judgePointsAvailable(ctx, customer, exchange, programId, after, [moved]);
    await judgeAllProgramsBelowZero(ctx, customer, programId, after);
    return;
  }
  // No round decimals declared (no page lists a program's): the whole point may move a hidden
  // half, which a display rounding half to even shows as a tie (-1.5 → -2.5 read -2 → -2), so
  // the read is confirmed as negative-balance.arithmetic confirms one, pointsAvailable judged
  // first (the confirmation moves the balance again), the sum over programs read after it.
  await judgePointsAvailable(ctx, customer, exchange, programId, after, [moved]);
  const { deducted } = await verifyMoveConfirmed(
    ctx,
    customer,
    after,
    moved,
    { requirement: 'CAP-NPA-NEGATIVE-ALLOWED', deduction: exchange },
    evidence,
    { programId },
  );
  const now = deducted > 0 ? await ctx.balance(customer, { programId }) : after;
  await judgeAllProgramsBelowZero(ctx, customer, programId, now);
}

/**
 * The balance page's table holds below zero as above it: with the id of the program now below zero
 * and fetchDataForAllPrograms=true, the balance is the sum over the customer's programs, the one
 * below zero counted with its sign and its decimals (CAP-BAL-ALL-PROGRAMS-WITH-ID; the other reads
 * of the table come before any balance is below zero).
 */
async function judgeAllProgramsBelowZero(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number,
  after: BalanceReading,
): Promise<void> {
  if (after.mainPoints >= 0) return;
  const parts = [after];
  for (const other of customer.programs)
    if (other !== programId) parts.push(await ctx.balance(customer, { programId: other }));
  const all = await ctx.balance(customer, { programId, fetchDataForAllPrograms: true });
  // A sum the target works out itself: written with fewer decimals than its parts (no page gives
  // a sum over programs decimals), it warns as the program table's sums do (variant hunt 24).
  const sum = { plus: parts.map((r) => r.mainPoints), seen: parts, sumOverPrograms: true };
  verifyBalance(ctx, 'CAP-BAL-ALL-PROGRAMS-WITH-ID', all.mainPoints, sum, {
    expected: `mainPoints ${decimalText(expectedBalance(sum))}, the sum over programs ${customer.programs.join(', ')} (program ${programId} below zero at ${after.mainPoints})`,
    actual: `mainPoints ${all.mainPoints} with programId ${programId} and fetchDataForAllPrograms=true`,
    exchanges: [...parts.map((r) => r.exchange), all.exchange],
  });
}

/** Why an amount under one point refused with a code other than 8907 only warns. */
const UNDER_ONE_POINT_NOTE =
  'the table types pointsToBeAdjusted Integer: a target may refuse an amount under one point';

/**
 * With negative balance off, deducting exactly the balance of `customer` in `programId` (named in
 * every deduction) succeeds and leaves zero; one point more is then 8907. `role` is the profile's
 * role of the customer, for what to add when its balance cannot be drained.
 */
async function judgeExactBalance(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number,
  role: 'drainable' | 'drainableOtherProgram',
): Promise<void> {
  const before = await ctx.balance(customer, { programId });
  if (before.mainPoints <= 0)
    ctx.skip(
      `the ${role} customer has ${before.mainPoints} points left (add: fixtures.roles.${role}: a customer with points in program ${programId} the suite may deduct to zero)`,
    );
  // A balance may carry more decimals than its program now allows (awarded before the round
  // decimals changed): the document refuses any such amount with 8906, so none deducts it exactly.
  const balance = decimalText(before.mainPoints);
  const places = balance.split('.')[1]?.length ?? 0;
  const decimals = roundDecimalsOf(ctx, programId);
  if (decimals !== undefined && places > decimals) {
    ctx.skip(
      `the ${role} customer's ${balance} points carry ${places} decimals, more than program ${programId} allows (${decimals}): an exact deduction would be 8906 (add: fixtures.roles.${role}: a customer whose balance in program ${programId} has at most ${decimals} decimals)`,
    );
  }
  // Judged on the read before the deduction only: those after it settle on mainPoints alone,
  // and under a read-after-write window a total kept apart (an aggregate) may still show the
  // balance before (variant balance-main-and-total-lag-apart).
  verifyTotalAddsUp(ctx, before);
  // A whole balance goes as a JSON number (the table's Integer), one with decimals as the
  // example's string: a target may refuse a fractional number (variant npa-fraction-only-as-string),
  // and a target refusing the exact balance in one form only is seen in the other (fault hunt 44).
  const first = await deduct(ctx, customer, places === 0 ? Number(balance) : balance, { programId });
  const probed = await emptyHiddenDecimals(ctx, customer, before, first, decimals, programId);
  if (probed === LEFT_UNSHOWN) return;
  const exchange = probed ?? first;
  // A refusal of the exact balance (or of what the probe left, `amount`) that only warns, for `inferred`.
  const warnRefused = (inferred: string, amount: number | string = balance): void => {
    ctx.verify('CAP-NPA-EXACT-BALANCE', false, {
      expected: `the exact balance ${amount} deducted`,
      actual: answerOf(exchange),
      exchanges: [before.exchange, exchange],
      inferred,
    });
  };
  // A read of 1 may show a fraction under it (0.6 rounded half up) that no whole amount
  // below it probes: 8907 to that point only warns (variant hunt 42).
  if (
    before.mainPoints < 2 &&
    warnedShortOfShownPoint(
      ctx,
      ['CAP-NPA-EXACT-BALANCE'],
      before,
      Number(balance),
      programId,
      [exchange],
      `the exact balance ${balance} deducted`,
    )
  )
    return;
  // So may a read of one unit of a display with fewer decimals than the program keeps (0.1
  // over two: 0.06 raised or rounded half up), which no amount a unit below probes either
  // (variant hunt 45, npa-drain-one-tenth-shown-over-hundredths), and where the profile declares
  // no round decimals, which the program may keep more of than the read shows (variant hunt 54).
  if (
    places > 0 &&
    (decimals === undefined || places < decimals) &&
    samePoints(before.mainPoints, 10 ** -places) &&
    !succeeded(exchange) &&
    errorCodesOf(exchange).includes(8907)
  )
    return warnRefused(
      `${WHOLE_BALANCE_NOTE}: a read of ${balance} may be less in the ledger, and 8907 refuses "points to deduct higher than the available points"`,
    );
  if (decimals === undefined && places > 0 && errorCodesOf(exchange).includes(8906))
    return warnRefused(
      `the profile declares no round decimals for program ${programId}, and 8906 refuses an amount with more decimals than the program's`,
    );
  // A balance in the billions is past the table's Integer: a refusal of it as one amount only
  // warns (a run filtered to this scenario meets the seed's balance whole; variant
  // billions-int32-amounts).
  if (Number(balance) > INT32_MAX && !succeeded(exchange)) return warnRefused(INT32_NOTE);
  // Under one point (what a display hid, left after the probe): the table types pointsToBeAdjusted
  // Integer, so a target may refuse such an amount with a code of its own whatever the balance
  // (pair hunt 64: npa-minimum-one-point-own-code beside 0.63 left under a whole display). 8907
  // refuses the balance and stays judged.
  const sent = Number(
    (exchange.request.body as { pointsToBeAdjusted?: unknown } | undefined)?.pointsToBeAdjusted,
  );
  if (sent < 1 && !errorCodesOf(exchange).includes(8907) && refusedAs(ctx.profile.apiErrorStatus, exchange))
    return warnRefused(UNDER_ONE_POINT_NOTE, sent);
  // Before the success is judged: a body without pointsAvailable is no documented success.
  // Its other fields too: a target filling the message only while points remain (a falsy
  // 0) answered the emptying deduction without one (fault hunt 55, npa-message-dropped-at-zero).
  if (succeeded(exchange)) judgeDeductionAnswer(ctx, exchange);
  if (!ctx.expectSuccess('CAP-NPA-EXACT-BALANCE', exchange)) return;
  const available = pointsAvailableOf(exchange);
  // A read with fewer decimals than the program keeps may hide a remainder under a unit of it,
  // left once the read is deducted; pointsAvailable written with fewer decimals than the program
  // keeps (or no more than the read) rounds that to its own last decimal, up to that unit or the
  // read's (variant hunt 49: 1.99 read 1 truncated, 1 taken, 0.99 answered 1 half up or "1.0"
  // half to even beside a read of 0). With no round decimals declared, the program may keep more
  // than pointsAvailable shows (variant pair hunt 67: 19996.99 read 19996 truncated, taken, 0.99
  // answered "1.0").
  const written = pointsAvailableDecimals(exchange, paddingReads(ctx, [before]));
  // pointsAvailable over all programs keeps the finest program's decimals, which a read over them
  // all may drop (variant hunt 50: 12.345 read 12.34 truncated beside 5.5 in 469, 12.34 taken,
  // "5.505" answered beside an all-program read of 5.5, failed
  // npa-other-program-drain-available-over-programs-read-with-fewer).
  const keepsAll = finestDecimalsOf(ctx, customer);
  const leftRounded =
    available !== undefined &&
    written !== undefined &&
    (decimals === undefined || places < decimals) &&
    (written <= places || decimals === undefined || written < decimals) &&
    available > -1e-9 &&
    available < Math.max(10 ** -places, 10 ** -written) + 1e-9;
  // Under the profile's read-after-write window, read until the program shows the balance
  // gone (or a whole number that may hide what is left), then until the balance over all
  // programs agrees with pointsAvailable as the check accepts it.
  const after = await ctx.balance(
    customer,
    { programId },
    {
      requirement: 'CAP-NPA-EXACT-BALANCE',
      shows: (read) =>
        samePoints(read.mainPoints, 0) ||
        readAsWholeNumber(read.mainPoints, {
          plus: [before.mainPoints],
          delta: -Number(balance),
          seen: [before, read],
        }),
    },
  );
  const overall = await ctx.balance(
    customer,
    { fetchDataForAllPrograms: true },
    {
      requirement: 'CAP-NPA-EXACT-BALANCE',
      shows: (read) =>
        leftRounded ||
        availableMatches(available, 0, read.mainPoints) ||
        availableReadingNote(available, after.mainPoints, read.mainPoints, decimals, keepsAll).inferred !==
          undefined,
    },
  );
  const zero = samePoints(after.mainPoints, 0);
  const availableZero = availableMatches(available, 0, overall.mainPoints);
  // A balance shown as a whole number hides its decimals: what is left may be them.
  const emptied = { plus: [before.mainPoints], delta: -Number(balance), seen: [overall] };
  const availableNote = availableReadingNote(
    available,
    after.mainPoints,
    overall.mainPoints,
    decimals,
    keepsAll,
  ).inferred;
  const whole =
    (zero || readAsWholeNumber(after.mainPoints, emptied)) && (availableZero || availableNote || leftRounded);
  ctx.verify('CAP-NPA-EXACT-BALANCE', zero && availableZero, {
    expected: `mainPoints 0 and pointsAvailable 0 (or the all-program balance, ${overall.mainPoints})`,
    actual: `mainPoints ${after.mainPoints}, pointsAvailable ${available}`,
    exchanges: [before.exchange, exchange, after.exchange, overall.exchange],
    ...(whole ? { inferred: availableNote ?? WHOLE_BALANCE_NOTE } : {}),
  });
  // At zero, one point more is "greater than available points" (8907): a target that checks
  // the balance only while it is above zero lets the customer go below it here.
  if (!zero) return;
  const over = await deduct(ctx, customer, 1, { programId });
  expect8907(ctx, over, 1);
  await judgeRefusalMovedNothing(ctx, customer, programId, after, over, 'after 1 point deducted from 0');
}

/**
 * Where the profile declares no round decimals for `programId`, "1.00" passes 2 decimal places,
 * which 8906 refuses in a program with fewer (the document's message counts the places passed):
 * such a refusal of the string `sent` warns on CAP-NPA-AMOUNT-STRING. Whether it did.
 */
function warnedUndeclaredDecimals(
  ctx: ScenarioContext,
  programId: number | undefined,
  sent: string,
  exchange: Exchange,
): boolean {
  if (roundDecimalsOf(ctx, programId) !== undefined || !errorCodesOf(exchange).includes(8906)) return false;
  ctx.verify('CAP-NPA-AMOUNT-STRING', false, {
    expected: `the amount ${sent} deducted`,
    actual: answerOf(exchange),
    exchanges: [exchange],
    inferred: `the profile declares no round decimals for program ${programId}, and 8906 refuses an amount with more decimals than the program's`,
  });
  return true;
}

/** What an exact drain judges, in the default program and in another one alike. */
const EXACT_BALANCE_REQUIREMENTS = [
  'CAP-NPA-EXACT-BALANCE',
  'CAP-NPA-8907',
  'CAP-NPA-NO-SIDE-EFFECT',
  'CAP-BAL-TOTAL',
  'CAP-NPA-POINTS-AVAILABLE-FORMAT',
  'CAP-NPA-RESPONSE-FIELDS',
];

/** Deductions and ALLOW_NEGATIVE_BALANCE_ON_RETURN, on and off. */
export const negativeBalanceSuite: Suite = {
  name: 'negative-balance',
  description: 'balance arithmetic of deductions, 8907 with the config off, negative balances with it on',
  scenarios: [
    defineScenario({
      id: 'negative-balance.arithmetic',
      title: 'a deduction lowers the balance by exactly the amount, sent as a number or as a string',
      requirements: [
        'CAP-NPA-ARITHMETIC',
        'CAP-NPA-POINTS-AVAILABLE',
        'CAP-NPA-POINTS-AVAILABLE-FORMAT',
        'CAP-NPA-RESPONSE-FIELDS',
        'CAP-NPA-AMOUNT-NUMBER',
        'CAP-NPA-AMOUNT-STRING',
        'CAP-BAL-LEDGER',
      ],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['deduction', 'ledger'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const programId = customer.programs[0];
        const before = await ctx.balance(customer, { programId });
        const negativeOff = ctx.org?.config.negativeBalanceOnReturn !== 'on';
        if (negativeOff && before.mainPoints < 3)
          ctx.skip(
            `the deductible customer has only ${before.mainPoints} points (add: fixtures.roles.deductible: a customer with at least 3 points in program ${programId})`,
          );

        const text = onePointAsString(ctx, programId);
        // The previous deduction of the loop and what a tie confirmation took after it.
        let previous: { exchange: Exchange; between: number } | undefined;
        for (const [requirement, amount, sent] of [
          ['CAP-NPA-AMOUNT-NUMBER', 1, 1],
          ['CAP-NPA-AMOUNT-STRING', 1, text],
        ] as const) {
          const start = await ctx.balance(customer, { programId });
          // The number goes without programId where the first program is the default (the same
          // program's deduction): a target binding the table's Integer on the path naming a program
          // only refused it there, and every number probe named one (fault hunt 64).
          const unnamed = typeof sent === 'number' && ctx.org?.config.defaultProgramId === programId;
          const exchange = await deduct(ctx, customer, sent, unnamed ? { programId: undefined } : {});
          if (typeof sent === 'string' && warnedUndeclaredDecimals(ctx, programId, sent, exchange)) continue;
          // The answer's shape is judged on its own rules whenever the call went through, so that a
          // malformed answer fails them, not only the acceptance of the amount.
          ctx.expectSuccess(requirement, exchange);
          if (!succeeded(exchange)) continue;
          judgeDeductionAnswer(ctx, exchange);
          const movedTo = (read: BalanceReading) => ({
            plus: [start.mainPoints],
            delta: -amount,
            seen: [start, read],
            deductions: ledgerShownBy(ctx, customer, [exchange]),
          });
          const totalTo = (read: BalanceReading) => ({
            plus: [start.totalPoints],
            delta: -amount,
            seen: [start, read],
          });
          const after = await ctx.balance(
            customer,
            { programId },
            showing('CAP-NPA-ARITHMETIC', (read) => [
              [read.mainPoints, movedTo(read)],
              [read.totalPoints, totalTo(read)],
            ]),
          );
          const expected = minus(start.mainPoints, amount);
          // pointsAvailable before a tie's confirmation moves the balance again: a sum over programs
          // read after it is a point past the deduction's (variant hunt 30). The move's readings
          // show the display, not what the move predicts (a deduction never booked answers that).
          await judgePointsAvailable(ctx, customer, exchange, programId, after, [], true, [start, after]);
          // The program holding a hidden half, written whole half to even, reads the point's move
          // as 0 or 2, in main and total alike (variant hunt 27): one more point there confirms it.
          const [[[, moved], [, totalMoved]], checked, confirmed] = await mainAndTotalNow(
            ctx,
            customer,
            [
              [after.mainPoints, movedTo(after)],
              [after.totalPoints, totalTo(after)],
            ],
            { requirement: 'CAP-NPA-ARITHMETIC', deduction: exchange },
            { programId },
          );
          const evidence = [start.exchange, exchange, after.exchange, ...checked];
          verifyBalance(ctx, 'CAP-NPA-ARITHMETIC', after.mainPoints, moved, {
            expected: `mainPoints ${decimalText(expected)} (${start.mainPoints} − ${amount})`,
            actual: `mainPoints ${after.mainPoints}`,
            exchanges: evidence,
          });
          // The string's rule is the number's move ("deducts the same amount the equivalent number
          // would"): a string read otherwise ("1.00" as 100, its point dropped) fails it too, not only
          // the arithmetic (fault hunt 43's open point; npa-string-amount-decimal-point-dropped).
          if (requirement === 'CAP-NPA-AMOUNT-STRING')
            verifyBalance(ctx, requirement, after.mainPoints, moved, {
              expected: `mainPoints ${decimalText(expected)}: the string ${sent} deducts what the number ${amount} does`,
              actual: `mainPoints ${after.mainPoints}`,
              exchanges: evidence,
            });
          // Totals each a display of its own reading's main plus promised move as those sums do.
          const behind = totalsBehind(start, after);
          // A total written as the main read plus the same promised points read moves as main reads
          // (a whole half-even main hides a half the ledger's total does not): judged as main's move.
          const followsMain =
            !behind && !readShows(after.totalPoints, totalMoved) && totalFollowsMain(start, after);
          verifyBalance(
            ctx,
            'CAP-BAL-LEDGER',
            followsMain ? after.mainPoints : behind ? behind[1] : after.totalPoints,
            followsMain ? moved : behind ? { plus: [behind[0]], delta: -amount } : totalMoved,
            {
              expected: `totalPoints ${decimalText(minus(behind ? behind[0] : start.totalPoints, amount))}${behind ? ', main plus promised points behind the totals written' : followsMain ? `, the main read plus the promised points read (${minus(after.totalPoints, after.mainPoints)}) as main moves` : ''}`,
              actual: `totalPoints ${after.totalPoints}${behind ? ` (main plus promised ${behind[1]})` : ''}`,
              exchanges: evidence,
            },
          );
          verifyAvailableFollows(ctx, previous?.exchange, exchange, {
            amount,
            between: previous?.between ?? 0,
            shown: decimalsShown(after.mainPoints),
          });
          previous = { exchange, between: confirmed };
        }
      },
    }),

    defineScenario({
      id: 'negative-balance.string-amount-other-path',
      title: "a numeric string amount is deducted by externalId in the customer's other program too",
      requirements: ['CAP-NPA-AMOUNT-STRING'],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['deduction', 'programs'],
      mutates: true,
      async run(ctx) {
        // arithmetic sends its string by the usual identifier in the customer's first program, the
        // default one where it is: a target parsing the body with the table's Integer type on its
        // externalId lookup path, or beside another program, refused the string there and passed
        // (fault hunt 61's leftovers). Judged on a deduction of its own, one whole point, so that
        // arithmetic's half-even confirmations are left as they are (fault hunt 61 sent arithmetic's
        // string by externalId: two half-even variants failed). By the customer's own externalId
        // (byOwnExternalId: an 8013 or 8015 there sends it again by the usual identifier) in its
        // program that is not the default.
        const customer = ctx.customer('deductible');
        const other = otherProgramOf(ctx, customer);
        const externalId = ownIdentifier(customer, 'externalId');
        const byExternalId = externalId !== undefined && customer.primaryIdentifier !== 'externalId';
        const programId = other ?? customer.programs[0];
        const scope = otherProgramScope(ctx, customer, programId);
        if (scope !== undefined && !byExternalId)
          ctx.skip(
            `customer ${customer.key} declares no externalId of its own and no program other than the default: arithmetic judges the string there already (add: identifiers.externalId, or a second program in programs, on customer ${customer.key} (fixtures.roles.deductible))`,
          );
        const path = [
          byExternalId
            ? 'by its own externalId where taken alone'
            : `by ${npaQuery(customer).identifierName} (customer ${customer.key} declares no externalId of its own)`,
          scope ?? `in program ${programId}`,
        ].join(', ');
        const start = await balanceCovering(ctx, customer, programId, 1);
        const sent = onePointAsString(ctx, programId);
        const exchange = await byOwnExternalId(customer, (query) =>
          deduct(ctx, customer, sent, programField(programId), query),
        );
        if (warnedUndeclaredDecimals(ctx, programId, sent, exchange)) return;
        const expected = `the string ${sent} deducted ${path}, as the number 1 would be`;
        if (
          warnedShortOfShownPoint(ctx, ['CAP-NPA-AMOUNT-STRING'], start, 1, programId, [exchange], expected)
        )
          return;
        const taken = ctx.verify('CAP-NPA-AMOUNT-STRING', succeeded(exchange), {
          expected,
          actual: answerOf(exchange),
          exchanges: [start.exchange, exchange],
        });
        if (!taken) return;
        // "deducts the same amount the equivalent number would": one point, a hidden half's tie
        // confirmed as arithmetic's moves are.
        await verifyPointTaken(
          ctx,
          customer,
          programId,
          start,
          exchange,
          'CAP-NPA-AMOUNT-STRING',
          `mainPoints ${decimalText(minus(start.mainPoints, 1))} in program ${programId}: ${expected}`,
        );
      },
    }),

    defineScenario({
      id: 'negative-balance.over-balance-8907',
      title: 'with negative balance off, a deduction above the balance fails with 8907 and changes nothing',
      requirements: ['CAP-NPA-8907', 'CAP-NPA-NO-SIDE-EFFECT'],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['deduction', 'negative-balance'],
      mutates: true,
      appliesTo: whenNegativeBalance('off'),
      async run(ctx) {
        const customer = ctx.customer('deductible');
        // The rule holds per program ("greater than available points for program"): every program
        // of the customer is judged (at most two), the second one with an amount carrying a decimal
        // where its declared round decimals allow one (the document's own message deducts 101.54).
        const seen: BalanceReading[] = [];
        // A refusal may still write an entry that only the sum over all programs shows.
        const overallBefore = await ctx.balance(customer, { fetchDataForAllPrograms: true });
        const refusals: Exchange[] = [];
        for (const [index, programId] of customer.programs.slice(0, 2).entries()) {
          const before = await ctx.balance(customer, { programId });
          seen.push(before);
          const fraction = index > 0 && (roundDecimalsOf(ctx, programId) ?? 0) > 0 ? 0.5 : 0;
          const amount = Math.max(0, Math.floor(before.mainPoints)) + 1 + fraction;
          // A fraction goes as the example's string ("100.00"): the table types the field Integer.
          const sent = fraction > 0 ? decimalText(amount) : amount;
          const exchange = await deduct(ctx, customer, sent, { programId });
          expect8907(ctx, exchange, amount);
          refusals.push(exchange);
          const also = `after the rejected deduction of ${amount} in program ${programId}`;
          await judgeRefusalMovedNothing(ctx, customer, programId, before, exchange, also);
        }
        // Only when every deduction was refused: an accepted one is judged by CAP-NPA-8907 above.
        if (refusals.every((exchange) => (exchange.response?.status ?? 0) >= 400)) {
          const overallAfter = await ctx.balance(customer, { fetchDataForAllPrograms: true }, AFTER_REFUSAL);
          verifyMainUnchanged(
            ctx,
            'CAP-NPA-NO-SIDE-EFFECT',
            overallBefore,
            overallAfter,
            refusals,
            'over all programs after the rejected deductions',
          );
        }
        await judgeJustOverBalance(ctx, customer, seen);
        await judgeFarOverBalance(ctx, customer);
      },
    }),

    defineScenario({
      id: 'negative-balance.negative-allowed',
      title:
        'with negative balance on, a deduction may take the balance below zero and pointsAvailable says so',
      requirements: [
        'CAP-NPA-NEGATIVE-ALLOWED',
        'CAP-NPA-POINTS-AVAILABLE',
        'CAP-NPA-POINTS-AVAILABLE-FORMAT',
        'CAP-NPA-RESPONSE-FIELDS',
        'CAP-BAL-ALL-PROGRAMS-WITH-ID',
        'CAP-BAL-TOTAL',
      ],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['deduction', 'negative-balance'],
      mutates: true,
      appliesTo: whenNegativeBalance('on'),
      async run(ctx) {
        const customer = ctx.customer('deductible');
        await judgeBelowZeroInDefault(ctx, customer);
        await judgeBelowZeroInOtherProgram(ctx, customer);
      },
    }),

    defineScenario({
      id: 'negative-balance.exact-balance',
      title: 'with negative balance off, deducting exactly the balance succeeds and leaves zero',
      requirements: EXACT_BALANCE_REQUIREMENTS,
      fixtures: ['drainable'],
      family: 'capillary',
      tags: ['deduction', 'negative-balance'],
      mutates: true,
      appliesTo: whenNegativeBalance('off'),
      async run(ctx) {
        const customer = ctx.customer('drainable');
        await judgeExactBalance(ctx, customer, customer.programs[0]!, 'drainable');
      },
    }),

    defineScenario({
      id: 'negative-balance.exact-balance-other-program',
      title:
        'with negative balance off, deducting exactly the balance of a program other than the default, named by programId, succeeds and leaves zero',
      requirements: EXACT_BALANCE_REQUIREMENTS,
      // A target may compare the balance of a program it looks up by the programId named otherwise
      // than the default program's (fault hunt 57, npa-exact-balance-refused-in-other-program): the
      // drainable customer's drain names the default program, and draining the two-program
      // customer's other program would leave the other deductions there without points.
      fixtures: ['drainableOtherProgram'],
      family: 'capillary',
      tags: ['deduction', 'negative-balance'],
      mutates: true,
      appliesTo: whenNegativeBalance('off'),
      async run(ctx) {
        const customer = ctx.customer('drainableOtherProgram');
        const programId = drainedOtherProgramOf(ctx.org, customer);
        if (programId === undefined)
          return ctx.skip(ctx.lacks('drainableOtherProgram') ?? 'no program but the default');
        await judgeExactBalance(ctx, customer, programId, 'drainableOtherProgram');
      },
    }),
  ],
};
