import type { Exchange } from '../src/client/exchange.ts';
import { errorCodesOf, refusedAs, writtenDecimals } from '../src/engine/context.ts';
import type { BalanceReading, NamedCustomer, ScenarioContext, Suite } from '../src/engine/types.ts';
import {
  decimalsShown,
  halfEvenUnits,
  pointsAvailableDecimals,
  provenAfterHiddenBefore,
  readAsWholeNumber,
  readShows,
  showsDecimalsBeyond,
  WHOLE_NUMBER_DISPLAYS,
} from './balance-reading.ts';
import { readMainAfter, verifyBalance, verifyMoveConfirmed } from './balance-verify.ts';
import {
  availableKeepsProgramDecimals,
  finestDecimalsOf,
  judgePointsAvailable,
  NO_POINTS_LEFT_NOTE,
  pointsAvailableOf,
} from './points-available.ts';
import {
  amountBelowOne,
  amountWithDecimals,
  answerOf,
  balanceCovering,
  byOwnExternalId,
  declaredDecimals,
  deduct,
  defineScenario,
  judgeRefusalMovedNothing,
  minus,
  npaQuery,
  programField,
  reasonOfReturn,
  roundDecimalsOf,
  samePoints,
  succeeded,
  warnedShortOfShownPoint,
} from './support.ts';

/**
 * The most decimals mainPoints is written with in `readings`, where each writes it as a string (the
 * deduction page's example writes amounts as "670.000"); undefined where one is a JSON number,
 * whose text the parsed body no longer shows.
 */
function writtenMainDecimals(readings: readonly BalanceReading[]): number | undefined {
  let most = 0;
  for (const reading of readings) {
    const text = (reading.exchange.response?.body as { mainPoints?: unknown } | undefined)?.mainPoints;
    const decimals = typeof text === 'string' ? writtenDecimals(text) : undefined;
    if (decimals === undefined) return undefined;
    most = Math.max(most, decimals);
  }
  return most;
}

/**
 * Whether `read` differs from `expected` (computed from a balance read before) by what rounding
 * both balances to `shown` decimals on display can account for, and by more than
 * {@link samePoints} allows: a 6-decimal program written with 3 decimals reads -2.877 where
 * -2.877001 is expected.
 */
const offByDisplay = (read: number, expected: number, shown: number) =>
  !samePoints(read, expected) && Math.abs(read - expected) < 10 ** -shown + 1e-9;

/** Programs of the customer with declared round decimals, fewest decimals first. */
function programsWithDecimals(ctx: ScenarioContext, programs: readonly number[]) {
  const declared = programs
    .map((id) => ({ id, decimals: roundDecimalsOf(ctx, id) }))
    .filter((p): p is { id: number; decimals: number } => p.decimals !== undefined);
  if (declared.length === 0) ctx.skip("the profile declares no round decimals for the customer's programs");
  return declared.sort((a, b) => a.decimals - b.decimals);
}

/**
 * Whether a deduction's pointsAvailable is 0 where the org may go below zero: the page does not
 * say whether pointsAvailable then shows the debt or no points left, so 0 proves no read of 0
 * (variant hunt 48: -0.996 read 0 truncated, answered "0.000", taken as proof the ledger held 0).
 */
const noPointsLeft = (ctx: ScenarioContext, exchange: Exchange) =>
  ctx.org?.config.negativeBalanceOnReturn !== 'off' && samePoints(pointsAvailableOf(exchange), 0);

/**
 * Reads the program's main points after `deductions` of `total` points in all, with what
 * CAP-NPA-DECIMALS-WITHIN expects of them from `before` (the scenario's other `readings` seen).
 * Only a deduction whose pointsAvailable is written with at least the program's round decimals
 * ({@link availableKeepsProgramDecimals}, as `ledgerShownBy` asks) can show the ledger holds the
 * read: one rounded to fewer (`"0.00"` for -0.002 in a 3-decimal program, a DECIMAL(p, 2) column
 * truncating) showed a whole read of 0 exact and failed a correct target (variant hunt 46,
 * `npa-decimals-within-available-in-cents-truncated`), and neither can 0 where the org may go below
 * zero ({@link noPointsLeft}).
 */
const readAfterDeducting = (
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number,
  before: BalanceReading,
  total: number,
  readings: readonly BalanceReading[],
  deductions: readonly Exchange[],
) =>
  readMainAfter(ctx, 'CAP-NPA-DECIMALS-WITHIN', customer, { programId }, (read) => ({
    plus: [before.mainPoints],
    delta: -total,
    seen: [...readings, before, read],
    deductions: deductions.filter(
      (exchange) =>
        availableKeepsProgramDecimals(ctx, exchange, [...readings, before, read]) &&
        !noPointsLeft(ctx, exchange),
    ),
  }));

/** How many times {@link deductBelowTheDisplay} deducts its amount. */
const BELOW_DISPLAY_TIMES = 4;

/**
 * The decimals of the balance figures read as JSON numbers, the most any shows: what a target
 * showing fewer decimals than its ledger keeps writes them with ({@link writtenMainDecimals} where
 * every figure is a string, whose trailing zeros count).
 */
const shownDecimals = (readings: readonly BalanceReading[]) =>
  Math.max(0, ...readings.map((r) => writtenDecimals(String(r.mainPoints)) ?? 0));

/**
 * After a deduction within the program's round decimals read only as a display with fewer
 * decimals (`shown`, a warning), deducts 1 and half a unit of the last decimal shown (1.005 where
 * two are shown) {@link BELOW_DISPLAY_TIMES} times and judges the move exactly: the amounts add up
 * to a figure the display shows without rounding, while a ledger keeping only the decimals shown
 * (rounding or truncating each amount to them, 1.005 booked 1.00 or 1.01) is two units of the
 * display off, more than rounding the two reads can hide. A ledger keeping decimals between the
 * shown and the program's is not reached (fault hunt 21). The amount has at most the program's
 * decimals, so it is deducted exactly by the same rule.
 */
async function deductBelowTheDisplay(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  program: { readonly id: number; readonly decimals: number },
  readings: readonly BalanceReading[],
  before: BalanceReading,
): Promise<boolean> {
  const shown = writtenMainDecimals([...readings, before]) ?? shownDecimals([...readings, before]);
  if (shown >= program.decimals) return false;
  const amount = `1.${'0'.repeat(shown)}5`;
  const total = BELOW_DISPLAY_TIMES * Number(amount);
  if (before.mainPoints < total) return false;
  const exchanges: Exchange[] = [];
  for (let i = 0; i < BELOW_DISPLAY_TIMES; i++) {
    const exchange = await deduct(ctx, customer, amount, { programId: program.id });
    // A whole read covering the total may hold less (9.6 read 10 before 6 in all), the last
    // amount then refused with 8907 as the page says (variant hunt 42).
    const sofar = minus(Number(amount) * (i + 1), 0);
    const expected = `${amount} deducted ${i + 1} times from program ${program.id}, read as ${before.mainPoints}`;
    if (
      warnedShortOfShownPoint(
        ctx,
        ['CAP-NPA-DECIMALS-WITHIN'],
        before,
        sofar,
        program.id,
        [exchange],
        expected,
      )
    )
      return true;
    if (!ctx.expectSuccess('CAP-NPA-DECIMALS-WITHIN', exchange)) return true;
    exchanges.push(exchange);
  }
  const [after, expectation] = await readAfterDeducting(
    ctx,
    customer,
    program.id,
    before,
    total,
    readings,
    exchanges,
  );
  verifyBalance(ctx, 'CAP-NPA-DECIMALS-WITHIN', after.mainPoints, expectation, {
    expected: `program ${program.id} (${program.decimals} decimals): mainPoints ${minus(before.mainPoints, total)} after deducting ${amount} ${BELOW_DISPLAY_TIMES} times (${total}, a figure shown with ${shown} decimals)`,
    actual: `mainPoints ${after.mainPoints}`,
    exchanges: [before.exchange, ...exchanges, after.exchange],
  });
  return true;
}

/**
 * Where the deduction's pointsAvailable, written with the program's decimals, shows decimals no
 * reading shows (a ledger figure behind a display with fewer: "1.010" beside reads of 2 and 1),
 * the amount is deducted once more and the second pointsAvailable judged exactly against the
 * first less the amount: the page lets it be the program's balance or the customer's over all
 * programs, the same one both times, so the difference is what the ledger booked. A ledger booking
 * 1.01 as 1 behind a truncating display, every customer at 2.01, answers "1.010" then "0.010",
 * while the move read alone only warns as a display (dfix48). Not sent where the org refuses to go
 * below zero and the figure is short of the amount; a refusal with 8907 there warns (the figure may
 * be the sum over programs, the program's own balance short of the amount).
 */
async function deductFromShownAvailable(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number,
  amount: string,
  exchange: Exchange,
  readings: readonly BalanceReading[],
): Promise<void> {
  const first = pointsAvailableOf(exchange);
  if (first === undefined || !availableKeepsProgramDecimals(ctx, exchange)) return;
  if (!showsDecimalsBeyond(first, readings)) return;
  const strict = ctx.org?.config.negativeBalanceOnReturn !== 'on';
  if (strict && first < Number(amount)) return;
  const again = await deduct(ctx, customer, amount, { programId });
  const expected = `pointsAvailable ${minus(first, Number(amount))} after deducting ${amount} again from program ${programId}, the deduction before having answered ${first}`;
  if (strict && !succeeded(again) && errorCodesOf(again).includes(8907)) {
    ctx.verify('CAP-NPA-DECIMALS-WITHIN', false, {
      expected,
      actual: answerOf(again),
      exchanges: [exchange, again],
      inferred: `pointsAvailable ${first} may be the customer's points over all programs, the program's own short of ${amount}: refused with 8907 as the page says`,
    });
    return;
  }
  if (!ctx.expectSuccess('CAP-NPA-DECIMALS-WITHIN', again) || !availableKeepsProgramDecimals(ctx, again))
    return;
  const second = pointsAvailableOf(again);
  const left = minus(first, Number(amount));
  ctx.verify('CAP-NPA-DECIMALS-WITHIN', samePoints(second, left), {
    expected,
    actual: `pointsAvailable ${second}`,
    exchanges: [exchange, again],
    ...secondAvailableNote(ctx, customer, [exchange, again], second, left),
  });
}

/**
 * Why {@link deductFromShownAvailable}'s second pointsAvailable, `second` where `left` was
 * expected, only warns; nothing where it fails. 0 below zero: the page does not say what
 * pointsAvailable shows there, no points left or the debt (variant hunt 48: "0.000" after "0.490"
 * less 1.01). A unit of the decimals both answers are written with off, where those are fewer than
 * the customer's finest program keeps: the page lets pointsAvailable be the customer's points over
 * all programs, which such a writing rounds, each answer by less than a unit, so their difference
 * by up to one (variant hunt 48: 3.495 and 2.485 written half to even "3.50" then "2.48"; 0.495
 * and -0.515 truncated "0.49" then "-0.51"). Written with the finest program's decimals (the
 * reference's "1.010"), the figure is exact and the difference judged exactly.
 */
function secondAvailableNote(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  answers: readonly Exchange[],
  second: number | undefined,
  left: number,
): { inferred?: string } {
  if (second === undefined) return {};
  if (left < 0 && samePoints(second, 0)) return { inferred: NO_POINTS_LEFT_NOTE };
  const written = Math.min(...answers.map((answer) => pointsAvailableDecimals(answer) ?? 0));
  const finest = finestDecimalsOf(ctx, customer);
  if (finest === undefined) return {};
  if (written >= finest) return paddedPairNote(pointsAvailableOf(answers[0]!), second, left, finest);
  if (Math.abs(second - left) > 10 ** -written + 1e-9) return {};
  return {
    inferred: `pointsAvailable is written with ${written} decimals, fewer than the ${finest} of the customer's finest program: as the customer's points over all programs (the page allows them), each answer may be rounded by less than a unit of the last decimal written, the two apart by up to one`,
  };
}

/**
 * Ways of showing a figure, in units of the last decimal shown, with fewer decimals than it has:
 * those a whole balance is read under, and half to even.
 */
const UNIT_DISPLAYS: readonly ((units: number) => number)[] = [
  ...WHOLE_NUMBER_DISPLAYS.map((display) => display.of),
  halfEvenUnits,
];

/**
 * {@link secondAvailableNote} where both answers are written with the finest program's decimals or
 * more, whose last ones are zeros: "-14.520" then "-15.520" after deducting 1.001 (ptable66: the
 * sum over all programs rounded half up to the default program's two decimals, then written with
 * the named program's three). Such an answer is the sum shown with fewer decimals, padded, only
 * where some ledger figure on the finest program's grid and that figure less the amount both show
 * as the two answers under one way of showing them; a ledger booking 1.01 as 1 ("1.010" then
 * "0.010") has none and still fails.
 */
function paddedPairNote(
  first: number | undefined,
  second: number,
  left: number,
  finest: number,
): { inferred?: string } {
  if (first === undefined) return {};
  const shown = Math.max(decimalsShown(first), decimalsShown(second));
  if (shown >= finest) return {};
  // Ledger figures in steps of the finest program's last decimal; answers in units of the shown one.
  const [unit, step] = [10 ** shown, 10 ** finest];
  const per = step / unit;
  const amount = Math.round((first - left) * step);
  const [firstUnits, secondUnits] = [Math.round(first * unit), Math.round(second * unit)];
  const firstSteps = Math.round(first * step);
  // Each ledger figure shown as `first` lies within a unit of it, `per` grid steps; every display
  // is non-decreasing, so the figures it shows as each answer are one run of steps, found by
  // bisection however many steps a unit holds (ptable66's scan gave up past 10^4: padded67).
  const held = (display: (units: number) => number) => {
    const [lo, hi] = [firstSteps - per, firstSteps + per];
    const [from, to] = stepsShownAs(display, per, firstUnits, lo, hi);
    const [after, until] = stepsShownAs(display, per, secondUnits, lo - amount, hi - amount);
    return Math.max(from, after + amount) <= Math.min(to, until + amount);
  };
  if (!UNIT_DISPLAYS.some(held)) return {};
  return {
    inferred: `pointsAvailable shows ${shown} decimals, written with the finest program's ${finest} (the last ones zeros): as the customer's points over all programs (the page allows them) shown with ${shown} decimals, a ledger figure and that figure less the amount show as these two answers`,
  };
}

/**
 * The first and last grid steps in [lo, hi] that the non-decreasing `display` (of steps / `per`, in
 * units) shows as `units`; the first above the last where none does.
 */
function stepsShownAs(
  display: (units: number) => number,
  per: number,
  units: number,
  lo: number,
  hi: number,
): [number, number] {
  let [a, b] = [lo, hi + 1];
  while (a < b) {
    const m = Math.floor((a + b) / 2);
    if (display(m / per) >= units) b = m;
    else a = m + 1;
  }
  let [c, d] = [lo - 1, hi];
  while (c < d) {
    const m = Math.ceil((c + d) / 2);
    if (display(m / per) <= units) c = m;
    else d = m - 1;
  }
  return [a, c];
}

/**
 * Where the deduction's pointsAvailable shows the ledger holds the read after it exactly while the
 * read before may have hidden a fraction ({@link provenAfterHiddenBefore}), the move only warns
 * (decimal-precision.within), and the amount is deducted once more from that exact figure and
 * judged as any move (one deduction and one read more): a ledger booking the amount wrong (1.01
 * taken as 1, read 669 and answered "669.000" after 670) books it wrong again, while the first
 * move alone cannot tell it from a correct ledger that held 670.01. Not sent where the org refuses
 * to go below zero and the figure is short of the amount: the warning stands.
 */
async function deductFromProvenRead(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  programId: number,
  amount: string,
  after: BalanceReading,
  readings: BalanceReading[],
): Promise<void> {
  if (ctx.org?.config.negativeBalanceOnReturn !== 'on' && after.mainPoints < Number(amount)) return;
  const again = await deduct(ctx, customer, amount, { programId });
  if (!ctx.expectSuccess('CAP-NPA-DECIMALS-WITHIN', again)) return;
  const [next, expectation] = await readAfterDeducting(
    ctx,
    customer,
    programId,
    after,
    Number(amount),
    readings,
    [again],
  );
  readings.push(next);
  verifyBalance(ctx, 'CAP-NPA-DECIMALS-WITHIN', next.mainPoints, expectation, {
    expected: `program ${programId}: mainPoints ${minus(after.mainPoints, Number(amount))} after deducting ${amount} again from ${after.mainPoints}, the figure the deduction before showed the ledger held`,
    actual: `mainPoints ${next.mainPoints}`,
    exchanges: [after.exchange, again, next.exchange],
  });
}

/** A deduction of `amount` that names no programId: the org's default program's. */
function deductFromDefaultProgram(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  amount: string,
): Promise<Exchange> {
  return ctx.call('negativePointsAdjustment', {
    query: npaQuery(customer),
    body: { pointsToBeAdjusted: amount, reasonOfReturn: reasonOfReturn(ctx, customer) },
    customerKey: customer.key,
  });
}

/** Decimal places of pointsToBeAdjusted against each program's round decimals (8906). */
export const decimalPrecisionSuite: Suite = {
  name: 'decimal-precision',
  description: 'amounts within and over the round decimals of the program named by programId',
  scenarios: [
    defineScenario({
      id: 'decimal-precision.within',
      title: "an amount with exactly the program's round decimals is deducted exactly",
      requirements: ['CAP-NPA-DECIMALS-WITHIN', 'CAP-NPA-POINTS-AVAILABLE'],
      fixtures: ['twoPrograms', 'roundDecimals'],
      appliesTo: declaredDecimals,
      family: 'capillary',
      tags: ['decimals', 'deduction'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('twoPrograms');
        const programs = programsWithDecimals(ctx, customer.programs);
        // Every program read first: a balance shown with decimals in any of them shows that the
        // target keeps decimals on display, so none of its whole numbers is a display of decimals.
        const readings: BalanceReading[] = [];
        for (const program of programs) {
          readings.push(
            await balanceCovering(ctx, customer, program.id, Number(amountWithDecimals(program.decimals))),
          );
        }
        for (const [i, program] of programs.entries()) {
          const amount = amountWithDecimals(program.decimals);
          const before = i === 0 ? readings[0]! : await ctx.balance(customer, { programId: program.id });
          const exchange = await deduct(ctx, customer, amount, { programId: program.id });
          if (!ctx.expectSuccess('CAP-NPA-DECIMALS-WITHIN', exchange)) continue;
          const [after, expectation] = await readAfterDeducting(
            ctx,
            customer,
            program.id,
            before,
            Number(amount),
            readings,
            [exchange],
          );
          readings.push(before, after);
          const expected = minus(before.mainPoints, Number(amount));
          const evidence = {
            expected: `program ${program.id} (${program.decimals} decimals): mainPoints ${expected} after deducting ${amount}`,
            actual: `mainPoints ${after.mainPoints}`,
            exchanges: [before.exchange, exchange, after.exchange],
          };
          const shown = writtenMainDecimals(readings);
          let confirmed = 0;
          const displayed =
            shown !== undefined &&
            shown < program.decimals &&
            offByDisplay(after.mainPoints, expected, shown);
          const hidden =
            !displayed &&
            !readShows(after.mainPoints, expectation) &&
            provenAfterHiddenBefore(before.mainPoints, after.mainPoints, Number(amount), exchange, readings);
          if (displayed)
            ctx.verify('CAP-NPA-DECIMALS-WITHIN', false, {
              ...evidence,
              inferred: `every balance is written with ${shown} decimals, fewer than the program's ${program.decimals}: the read and the one before may each be rounded on display`,
            });
          else if (hidden)
            ctx.verify('CAP-NPA-DECIMALS-WITHIN', false, {
              ...evidence,
              inferred: `the deduction's pointsAvailable shows the ledger holds ${after.mainPoints} exactly, but the read before it, with no more decimals than a display shows, may hide a fraction of the ledger before the move: ${amount} is deducted again from ${after.mainPoints} and that move judged`,
            });
          // The declared round decimals bound amounts (8906), not balances: a program of none may
          // hold a half (earned or migrated in), which a read written whole half to even hides,
          // a move of 1 reading no move or two (variant hunt 65: 116.5 and 115.5 both read 116).
          // Such a read is confirmed by one more point deducted ({@link verifyMoveConfirmed});
          // the steps reading on from `exchange` are then not taken.
          else
            ({ deducted: confirmed } = await verifyMoveConfirmed(
              ctx,
              customer,
              after,
              expectation,
              { requirement: 'CAP-NPA-DECIMALS-WITHIN', deduction: exchange },
              evidence,
              programField(program.id),
            ));
          // Read as a display with fewer decimals than the program's (a warning), the amount's last
          // decimal is hidden: the ledger may have kept fewer decimals than the program's.
          const warned =
            !samePoints(after.mainPoints, expected) &&
            (displayed || readAsWholeNumber(after.mainPoints, expectation));
          // pointsAvailable of a deduction in the program named by programId, which need not be
          // the default one: that program's balance (or the customer's over all programs). Below
          // zero it is CAP-NPA-NEGATIVE-ALLOWED's to judge (read all the same: a run's requests do
          // not depend on the state an earlier scenario left).
          await judgePointsAvailable(
            ctx,
            customer,
            exchange,
            program.id,
            after,
            [expectation],
            after.mainPoints >= 0,
            readings,
          );
          if (confirmed > 0) continue;
          const probed =
            warned && (await deductBelowTheDisplay(ctx, customer, program, [...readings], after));
          // After pointsAvailable's reads over all programs, which judge the move before this one.
          if (hidden) await deductFromProvenRead(ctx, customer, program.id, amount, after, readings);
          else if (!probed)
            await deductFromShownAvailable(ctx, customer, program.id, amount, exchange, readings);
        }
      },
    }),

    defineScenario({
      id: 'decimal-precision.over-8906',
      title: 'an amount with one decimal more than the program allows fails with 8906 and changes nothing',
      requirements: ['CAP-NPA-8906', 'CAP-NPA-NO-SIDE-EFFECT'],
      fixtures: ['twoPrograms', 'decimalsToExceed'],
      appliesTo: declaredDecimals,
      family: 'capillary',
      tags: ['decimals', 'error-code'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('twoPrograms');
        // 6 decimals is the most a profile declares: no amount with one more is meaningful there.
        const below = programsWithDecimals(ctx, customer.programs).filter((p) => p.decimals < 6);
        if (below.length === 0)
          ctx.skip(
            'every program of the customer with declared round decimals allows 6, the most: declare one with fewer',
          );
        for (const program of below) {
          const text = amountWithDecimals(program.decimals + 1);
          // In the org's default program the string goes without programId (optional: the default
          // program's), as a deduction naming none does: a target may read the decimals of the
          // program the body names only, and count none there (fault hunt 60).
          const unnamed = program.id === ctx.org?.config.defaultProgramId;
          // Sent as the example's string, then as a JSON number: a number with too many decimals
          // must not be deducted either (8906 expected; the table types the field Integer, so a
          // target refusing any fractional number with another code only warns).
          for (const amount of [text, Number(text)]) {
            // Covered, so that a target judging the balance before the decimals cannot answer 8907.
            const before = await balanceCovering(ctx, customer, program.id, Number(text));
            const exchange =
              unnamed && typeof amount === 'string'
                ? await deductFromDefaultProgram(ctx, customer, amount)
                : await deduct(ctx, customer, amount, { programId: program.id });
            if (typeof amount === 'string') ctx.expectErrorCode('CAP-NPA-8906', exchange, 8906);
            else if (ctx.expectRejected('CAP-NPA-8906', exchange))
              ctx.verify('CAP-NPA-8906', errorCodesOf(exchange).includes(8906), {
                expected: `error code 8906 for the JSON number ${amount}`,
                actual: answerOf(exchange),
                exchanges: [exchange],
                inferred:
                  'the table types pointsToBeAdjusted Integer: a target may refuse any fractional JSON number before counting its decimals',
              });
            const form = typeof amount === 'string' ? 'a string' : 'a number';
            const also = `in program ${program.id} (amount sent as ${form})`;
            await judgeRefusalMovedNothing(ctx, customer, program.id, before, exchange, also);
          }
          // 8906 counts the decimals of any amount: one below a point (0.001 where 2 are allowed),
          // and one with 6 decimals, the most a profile declares (a target that rounds amounts to
          // a scale of its own before counting lets 1.000001 through as 1 where 3 are allowed):
          // neither may be deducted.
          const others = [amountBelowOne(program.decimals + 1)];
          if (program.decimals + 1 < 6) others.push(amountWithDecimals(6));
          for (const amount of others) {
            const before = await balanceCovering(ctx, customer, program.id, Number(amount));
            // By externalId: a target may count decimals on its mobile lookup path only (fault hunt 60).
            const exchange = await byOwnExternalId(customer, (query) =>
              deduct(ctx, customer, amount, { programId: program.id }, query),
            );
            const places = writtenDecimals(amount) ?? 0;
            // Refused, and 8906 expected; another code only warns. With 6 decimals, a target may
            // refuse more decimals than its ledger keeps with a code of its own before it counts
            // them; below one point, the table's "Integer ... (value should be >0)" lets a target
            // refuse an amount under one point as such before its decimals (variant hunt 6: a
            // minimum deduction of one point failed). The page's own case (1.001) stays 8906 above.
            if (ctx.expectRejected('CAP-NPA-8906', exchange))
              ctx.verify('CAP-NPA-8906', errorCodesOf(exchange).includes(8906), {
                expected: `error code 8906 for ${amount} (${places} decimals) in program ${program.id}`,
                actual: answerOf(exchange),
                exchanges: [exchange],
                inferred:
                  Number(amount) < 1
                    ? 'the table types pointsToBeAdjusted Integer (value should be >0): a target may refuse an amount below one point as such before it counts its decimals'
                    : 'a target may refuse more decimals than its ledger keeps with a code of its own',
              });
            const also = `in program ${program.id} (${amount})`;
            await judgeRefusalMovedNothing(ctx, customer, program.id, before, exchange, also);
          }
        }
      },
    }),

    defineScenario({
      id: 'decimal-precision.per-program',
      title: 'decimals are checked against the program named by programId, not another one',
      requirements: ['CAP-NPA-DECIMALS-PROGRAM'],
      fixtures: ['twoPrograms', 'differentDecimals'],
      appliesTo: declaredDecimals,
      family: 'capillary',
      tags: ['decimals'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('twoPrograms');
        const programs = programsWithDecimals(ctx, customer.programs);
        const fewer = programs[0]!;
        const more = programs[programs.length - 1]!;
        if (fewer.decimals === more.decimals)
          ctx.skip("the customer's programs declare the same round decimals");
        const amount = amountWithDecimals(more.decimals);
        // One whole point (every program keeps it, and it leaves no fraction behind) deducted from
        // the stricter program first where its balance covers that and the finer amount after: a
        // target that counts decimals against the program the customer last deducted from, not
        // the one named, then refuses the finer amount on the other (fault
        // npa-decimals-of-previous-program; without it only a full run, whose earlier scenarios
        // deduct from the stricter program, showed that).
        const stricter = await ctx.balance(customer, { programId: fewer.id });
        if (ctx.org?.config.negativeBalanceOnReturn === 'on' || stricter.mainPoints >= 1 + Number(amount))
          await deduct(ctx, customer, '1', { programId: fewer.id });
        await balanceCovering(ctx, customer, more.id, Number(amount));
        const onMore = await deduct(ctx, customer, amount, { programId: more.id });
        ctx.verify('CAP-NPA-DECIMALS-PROGRAM', succeeded(onMore), {
          expected: `${amount} accepted on program ${more.id} (${more.decimals} decimals)`,
          actual: answerOf(onMore),
          exchanges: [onMore],
        });
        // The same amount once as a JSON number, the table's form: a target converting a number on
        // another path counted its decimals against the default program's and refused it with 8906
        // (fault npa-number-amount-decimals-of-default-program; only strings were sent). The table
        // types the amount Integer, so a fractional number refused with another code only warns
        // (variant npa-fraction-only-as-string); 8906 there counts decimals against another program.
        await balanceCovering(ctx, customer, more.id, Number(amount));
        const asNumber = await deduct(ctx, customer, Number(amount), { programId: more.id });
        const refusedAsFraction =
          refusedAs(ctx.profile.apiErrorStatus, asNumber) && !errorCodesOf(asNumber).includes(8906);
        ctx.verify('CAP-NPA-DECIMALS-PROGRAM', succeeded(asNumber), {
          expected: `${amount} as a JSON number accepted on program ${more.id} (${more.decimals} decimals)`,
          actual: answerOf(asNumber),
          exchanges: [asNumber],
          ...(refusedAsFraction
            ? {
                inferred:
                  'the table types pointsToBeAdjusted Integer: a target may refuse any fractional JSON number, with a code other than 8906',
              }
            : {}),
        });
        await balanceCovering(ctx, customer, fewer.id, Number(amount));
        const onFewer = await deduct(ctx, customer, amount, { programId: fewer.id });
        ctx.expectErrorCode('CAP-NPA-DECIMALS-PROGRAM', onFewer, 8906);
      },
    }),
  ],
};
