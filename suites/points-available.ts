/** A deduction's pointsAvailable: how it is written, and judging it against the balances read around it. */
import type { Exchange } from '../src/client/exchange.ts';
import {
  inExponentForm,
  roundPoints,
  samePoints,
  succeeded,
  toAmount,
  writtenDecimals,
} from '../src/engine/context.ts';
import type { BalanceReading, Evidence, NamedCustomer, ScenarioContext } from '../src/engine/types.ts';
import {
  type BalanceExpectation,
  decimalsShowing,
  decimalsShown,
  EXPONENT_FORM_NOTE,
  figuresOf,
  figureWritten,
  hasAtMost,
  pointsAvailableDecimals,
  pointsAvailableWritten,
  pointsAvailableWrittenWithDecimals,
  readAsWholeNumber,
  readShows,
  roundedOf,
  WHOLE_BALANCE_NOTE,
  wholeOf,
} from './balance-reading.ts';
import { programField, roundDecimalsOf } from './support.ts';

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
  /** The decimals it is written with as the customer's sum over programs ({@link writtenOverPrograms}); default `written`. */
  readonly writtenAsSum?: number | undefined;
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
  { from = [], keeps, written, keepsAll = keeps, shownBy = from, writtenAsSum = written }: AvailableWriting,
) =>
  availableRoundedFewer(available, written, [program], shownBy, keeps) ||
  availableRoundedFewer(available, writtenAsSum, [allPrograms], shownBy, keepsAll);

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
 * read -2 floored, answered -1). With or without `from`, they and `after` also tell whether the
 * target pads its amounts ({@link paddingReads}): beside a padded read, pointsAvailable's zeros past
 * what it and those reads show are not decimals it is written with (padded67: "2.860" for a sum
 * over programs of 2.865 rounded to program 469's two decimals, beside "1.740" read in 469).
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
    ...availableWriting(ctx, customer, exchange, programId ?? ctx.org?.config.defaultProgramId, [
      after,
      ...readings,
    ]),
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
  return finestDeclared(customer.programs.map((id) => roundDecimalsOf(ctx, id)));
}

/**
 * What a deduction's pointsAvailable for `programId` is judged with, whoever judges it: the round
 * decimals of the program and of the customer's finest, and the decimals it is written with, for
 * the program and as the sum over programs, beside the scenario's `reads` (padded ones among them
 * tell the target's format: {@link paddingReads}).
 */
export function availableWriting(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  exchange: Exchange,
  programId: number | undefined,
  reads: readonly BalanceReading[],
): Pick<AvailableWriting, 'keeps' | 'written' | 'keepsAll' | 'writtenAsSum'> {
  const padded = paddingReads(ctx, reads);
  const written = pointsAvailableDecimals(exchange, padded);
  return {
    keeps: roundDecimalsOf(ctx, programId),
    written,
    keepsAll: finestDecimalsOf(ctx, customer),
    writtenAsSum: writtenOverPrograms(ctx, customer, exchange, written, padded),
  };
}

/**
 * The decimals a deduction's pointsAvailable is written with as the customer's sum over programs:
 * `written` ({@link pointsAvailableDecimals}), except that written with the deduction page's three
 * places ("670.000", whatever the program keeps), its zeros past the fewest round decimals the
 * profile declares among the customer's programs are that format's. The page lets pointsAvailable
 * be the sum ({@link availableMatches}), which a target may round to one program's decimals (the
 * named or the default program's) and write as the example does (pavail67: 2.865 over 469 and 973
 * rounded half to even to 469's cents, "2.860"; 780.489 half up, "780.490", for a deduction in 973).
 * Zeros within those decimals still count: taking every zero past what pointsAvailable shows for the
 * format's let a deduction answered but never booked ("669.000" after one point, beside a read of
 * 670 still) pass for a balance rounded to whole points (fault npa-not-persisted, through
 * CAP-NPA-POINTS-AVAILABLE filtered; padded67 and pavail67 both tried it). Against the sum only: no
 * reason has a program's own figure rounded to another program's decimals. The same holds for a
 * gateway's fixed places other than three where every one of `padded`, the scenario's reads padded
 * past their program's decimals ({@link paddingReads}), writes mainPoints with as many places as
 * pointsAvailable (gate67: the same ledger behind a gateway writing every Capillary amount with four
 * or six places answered "780.4900" beside "116.4990" read in 973 and "0.2500" in 469).
 */
function writtenOverPrograms(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  exchange: Exchange,
  written: number | undefined,
  padded: readonly BalanceReading[] = [],
): number | undefined {
  const declared = customer.programs
    .map((id) => roundDecimalsOf(ctx, id))
    .filter((d): d is number => d !== undefined);
  const available = pointsAvailableWritten(exchange);
  if (written === undefined || available === undefined || declared.length === 0) return written;
  const places = writtenDecimals(available);
  if (places !== EXAMPLE_AVAILABLE_DECIMALS && !gatewayPlaces(padded, places)) return written;
  return Math.min(written, Math.max(Math.min(...declared), decimalsShown(Number(available))));
}

/** Whether `padded` ({@link paddingReads}) is not empty and each writes mainPoints with `places` places. */
const gatewayPlaces = (padded: readonly BalanceReading[], places: number | undefined): boolean =>
  padded.length > 0 &&
  padded.every((read) => {
    const written = figureWritten(read.exchange, 'mainPoints');
    return written !== undefined && writtenDecimals(written) === places;
  });

/** The most round decimals among those declared; undefined where none is. */
const finestDeclared = (decimals: readonly (number | undefined)[]): number | undefined => {
  const declared = decimals.filter((d): d is number => d !== undefined);
  return declared.length > 0 ? Math.max(...declared) : undefined;
};

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
 * point from it, which a sum whose display hides less than a point cannot (fault hunt 33). Zeros
 * past what `reads` show count only where none of them pads ({@link availableKeepsProgramDecimals}).
 */
export function ledgerShownBy(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  exchanges: readonly Exchange[],
  overall?: number,
  reads: readonly BalanceReading[] = [],
): Exchange[] {
  const notTheSum = (exchange: Exchange) =>
    overall !== undefined && Math.abs(Number(pointsAvailableWritten(exchange)) - overall) >= 1;
  return exchanges.filter(
    (exchange) =>
      (customer.programs.length <= 1 || notTheSum(exchange)) &&
      availableKeepsProgramDecimals(ctx, exchange, reads),
  );
}

/**
 * Whether a successful deduction's pointsAvailable is written with at least the round decimals the
 * profile declares for the deduction's program (its programId, else the org's default): the page
 * types the figure Integer and writes "670.000", so one with fewer decimals may be rounded short of
 * what the ledger keeps and proves no read ({@link ledgerShownBy}; decimal-precision's reads after
 * a deduction, variant hunt 46's "0.00" for -0.002 in a 3-decimal program). Its zeros past what
 * `reads` show count only where none of those reads pads its figures ({@link paddingReads}).
 */
export function availableKeepsProgramDecimals(
  ctx: ScenarioContext,
  exchange: Exchange,
  reads: readonly BalanceReading[] = [],
): boolean {
  const { programId } = (exchange.request.body ?? {}) as { programId?: unknown };
  const decimals = roundDecimalsOf(
    ctx,
    typeof programId === 'number' ? programId : ctx.org?.config.defaultProgramId,
  );
  const written = pointsAvailableDecimals(exchange, paddingReads(ctx, reads));
  return succeeded(exchange) && decimals !== undefined && written !== undefined && written >= decimals;
}

/**
 * The reads among `reads` that write mainPoints with a zero past both the decimals it shows and the
 * round decimals declared for what it reads ("1.100" or "3.000" in a program of two: a place no
 * figure of the program can use, so the target pads its amounts; {@link pointsAvailableDecimals}).
 * A read without programId reads the org's default program; one over all programs, the finest the
 * org declares. Zeros within the declared decimals ("100000.50" in a program of two) may be the
 * ledger's and make no read padded (fault npa-exact-balance-refused-behind-two-place-balances), nor
 * do any where nothing is declared.
 */
export function paddingReads(ctx: ScenarioContext, reads: readonly BalanceReading[]): BalanceReading[] {
  const programs = ctx.org?.config.programs ?? [];
  const keepsOf = (read: BalanceReading): number | undefined => {
    const query = new URL(read.exchange.request.url).searchParams;
    if (query.get('fetchDataForAllPrograms') === 'true')
      return finestDeclared(programs.map((p) => p.roundDecimals));
    const programId = query.get('programId');
    return roundDecimalsOf(ctx, programId === null ? ctx.org?.config.defaultProgramId : Number(programId));
  };
  return reads.filter((read) => {
    const written = figureWritten(read.exchange, 'mainPoints');
    const decimals = written === undefined ? undefined : writtenDecimals(written);
    const keeps = keepsOf(read);
    return (
      decimals !== undefined &&
      keeps !== undefined &&
      decimals > Math.max(keeps, decimalsShown(read.mainPoints))
    );
  });
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
