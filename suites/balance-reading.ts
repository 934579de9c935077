/** How a target may write a balance figure: the displays a read may show a ledger figure through, and what a read is expected to be. */
import type { Exchange } from '../src/client/exchange.ts';
import { roundPoints, samePoints, writtenDecimals } from '../src/engine/context.ts';
import type { BalanceReading } from '../src/engine/types.ts';

/** Whether `whole` is `exact` with its decimals dropped or rounded (`exact` having decimals). */
export const wholeOf = (whole: number, exact: number) =>
  Number.isInteger(whole) &&
  !samePoints(exact, Math.round(exact)) &&
  WHOLE_NUMBER_DISPLAYS.some((display) => display.of(exact) === whole);

/**
 * Whether `shown` is `exact` with decimals dropped or rounded: to a whole number, or to fewer
 * decimals than `exact` has (a sum over a 2-decimal and a 3-decimal program written with 2).
 */
export const roundedOf = (shown: number, exact: number) =>
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
export const hasAtMost = (points: number, decimals: number) => {
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
export const WHOLE_NUMBER_DISPLAYS: readonly {
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

export const figuresOf = (reading: BalanceReading) => [
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
export const halfEvenUnits = (units: number) => {
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
export function shownHalfEven(
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

/** How many decimals a figure is written with (0 for a whole number). */
export const decimalsShown = (value: number) => (String(value).split('.')[1] ?? '').length;

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
 * Whether a reading's total lies less than one unit of the last decimal the coarser of total and
 * main shows away from main, as a promise of 0 written through a display does (a long total beside an exact
 * main: variant bal-zero-promised-left-out-beside-whole-half-even-total).
 */
function totalShowsNoPromise({ totalPoints: total, mainPoints: main }: BalanceReading): boolean {
  return Math.abs(total - main) < 10 ** -Math.min(decimalsShown(total), decimalsShown(main));
}

/**
 * The promised points of a balance answer: promisedPoints, or its breakup where it is left out
 * (`fromBreakup`, inferred: promised = delayed + external is DESIGN's inference). A serializer
 * leaving out fields equal to their default (kotlinx `encodeDefaults = false`, proto3's JSON) writes
 * a zero figure as nothing: inside a breakup the answer gives, a figure left out counts as 0
 * (clean room 28, variant hunt 7). A breakup with neither figure states no zeros, though, where the
 * total shows a promise ({@link totalShowsNoPromise} false): a mapper building the nested object
 * anew from figures a read left null writes it empty (variant pair hunt 67: an aggregate read over
 * all programs answering main and total only). Undefined where neither is there.
 */
export function promisedOf(
  reading: BalanceReading,
): { promised: number; fromBreakup: boolean; delayed?: number; external?: number } | undefined {
  const { delayedAccrualPoints: delayed, externalTriggerBasedPoints: external } = reading;
  const zerosLeftOut =
    reading.promisedBreakupGiven &&
    (delayed !== undefined || external !== undefined || totalShowsNoPromise(reading));
  const [inSumDelayed, inSumExternal] = [delayed, external].map(
    (figure) => figure ?? (zerosLeftOut ? 0 : undefined),
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
export const pointsAvailableWritten = (exchange: Exchange) => figureWritten(exchange, 'pointsAvailable');

/** The most decimals a program may use (round decimals, the deduction page's 8906). */
const PROGRAM_DECIMALS_AT_MOST = 6;

/** `text`'s written decimals, or past {@link PROGRAM_DECIMALS_AT_MOST} the fewest its value holds within a double's noise. */
function noiselessDecimals(text: string): number | undefined {
  const decimals = writtenDecimals(text);
  if (decimals === undefined || decimals <= PROGRAM_DECIMALS_AT_MOST) return decimals;
  const value = Number(text);
  const fewest = Array.from({ length: PROGRAM_DECIMALS_AT_MOST + 1 }, (_, k) => k).find((k) =>
    hasAtMost(value, k),
  );
  return fewest ?? decimals;
}

/**
 * The decimals a deduction answer writes `pointsAvailable` with ("669.00": 2), where it writes one.
 * Beside `padded`, balance reads of the scenario that write zeros no ledger figure can carry
 * ({@link paddingReads}: "1.100" in a two-decimal program), the target pads its amounts to a fixed
 * scale (a gateway writing every Capillary amount with three places, as the deduction page's example
 * writes its Integer-typed pointsAvailable "670.000"), so pointsAvailable's zeros past what it and
 * those reads show are that format's, not the ledger's ("0.100" beside "1.100" shows one decimal:
 * padded66, variant hunt 65's padded drains). With none, every written zero counts: pointsAvailable's
 * own zeros do not tell a padded "0.100" from an exact one (the reference writes its amounts with
 * three places too; faults npa-exact-balance-refused and kin). Past the 6 decimals a program may
 * use, the digits are a double's noise (cents summed as doubles: -16.519999999999996), so the
 * fewest decimals the figure holds within that noise count (variant pair hunt 67).
 */
export function pointsAvailableDecimals(
  exchange: Exchange,
  padded: readonly BalanceReading[] = [],
): number | undefined {
  const written = pointsAvailableWritten(exchange);
  const decimals = written === undefined ? undefined : noiselessDecimals(written);
  if (decimals === undefined || padded.length === 0) return decimals;
  const shown = Math.max(
    decimalsShown(Number(written)),
    ...padded.map((read) => decimalsShown(read.mainPoints)),
  );
  return Math.min(decimals, shown);
}

/**
 * `pointsAvailable` of a deduction answer when written with more than `shown` decimals ("669.00",
 * 669.00, "6.6912E+2"; not "6.7E+2", which is 670), parsed.
 */
export function pointsAvailableWrittenWithDecimals(exchange: Exchange, shown = 0): number | undefined {
  const written = pointsAvailableWritten(exchange);
  return written !== undefined && (writtenDecimals(written) ?? 0) > shown ? Number(written) : undefined;
}
