import { writtenDecimals } from '../src/engine/context.ts';
import type { BalanceReading, ScenarioContext } from '../src/engine/types.ts';
import {
  decimalsShowing,
  decimalsShown,
  figureWritten,
  promisedOf,
  WHOLE_BALANCE_NOTE,
  WHOLE_NUMBER_DISPLAYS,
} from './balance-reading.ts';
import { verifyBalance } from './balance-verify.ts';
import { roundPoints, samePoints } from './support.ts';

/**
 * CAP-BAL-TOTAL on one balance answer: totalPoints is "the sum of both current redeemable points
 * and promised points" (the balance page's Response Parameters), whichever customer, program or
 * moment the read is of. Judged as the ledger checks judge a move ({@link verifyBalance}): main
 * and promised shown as whole numbers (the table's int) over hidden fractions may sum to a total a
 * point off, and a total written with fewer decimals than their sum may be its display: both only
 * warn; a reading with a figure the display cannot explain fails. An answer
 * with neither promisedPoints nor its breakup constrains nothing here and is not judged, unless
 * `absent` says why that warns (the scenario judging the answer's fields); promised points from
 * the breakup only warn. Returns the promised points used, or undefined where none was read.
 */
export function verifyTotalAddsUp(
  ctx: ScenarioContext,
  reading: BalanceReading,
  absent?: 'warn',
): ReturnType<typeof promisedOf> {
  const found = promisedOf(reading);
  if (found === undefined) {
    if (absent === 'warn')
      ctx.verify('CAP-BAL-TOTAL', false, {
        expected: 'promisedPoints (or its breakup) next to totalPoints and mainPoints',
        actual: 'no promised points in the answer',
        exchanges: [reading.exchange],
        inferred: 'the answer leaves out promisedPoints, which the spec does not require',
      });
    return undefined;
  }
  const { promised, fromBreakup } = found;
  const evidence = {
    expected: `totalPoints = ${reading.mainPoints} + ${promised}${fromBreakup ? ' (promised from its breakup)' : ''}`,
    actual: `totalPoints ${reading.totalPoints}`,
    exchanges: [reading.exchange],
    ...(fromBreakup ? { inferred: 'promisedPoints is absent; its breakup stands in for it (inferred)' } : {}),
  };
  if (totalShownRounded(reading, promised, true))
    ctx.verify('CAP-BAL-TOTAL', false, { ...evidence, inferred: WHOLE_BALANCE_NOTE });
  else
    verifyBalance(
      ctx,
      'CAP-BAL-TOTAL',
      reading.totalPoints,
      { plus: [reading.mainPoints, promised], seen: [reading] },
      evidence,
    );
  return found;
}

/**
 * The total behind a reading's totalPoints: its main plus promised points where the total is
 * their sum written with fewer decimals ({@link totalShownRounded}), so that a sum over programs is
 * judged against the exact totals of its programs, not against their displays (each program's
 * display may drop a unit the sum's display keeps); the total read otherwise. Not where main is
 * written with the total's decimals (both whole, say): main may then be a display itself (raised,
 * it hides up to a unit below it; half to even, half a unit either way), so main plus promised is
 * no exact total, and the total read is judged as the display it is (dfix49: 50.1 main raised to
 * 51 beside 27.25 promised made 78.25 of a total of 77.35, failing the all-program sum's 88). A
 * main with fewer decimals than the total (120.5 beside 133.18) is exact, as written.
 */
export function totalBehind(reading: BalanceReading): number {
  const promised = promisedOf(reading)?.promised;
  return promised !== undefined && totalShownRounded(reading, promised) && !mainShownLikeTotal(reading)
    ? roundPoints(reading.mainPoints + promised, reading.mainPoints, promised)
    : reading.totalPoints;
}

/**
 * The exact totals behind two readings around a move ({@link totalBehind}), where each total is
 * written with fewer decimals than its own main plus promised points and is their display; undefined
 * otherwise. Such totals move as those sums do, which a display rounding half to even hides (77.5
 * read 78, then 76.5 read 76, beside main 50.5 and 49.5: variant hunt 51), so a total's move is
 * judged on them.
 */
export function totalsBehind(before: BalanceReading, after: BalanceReading): [number, number] | undefined {
  const [was, now] = [totalBehind(before), totalBehind(after)];
  return was !== before.totalPoints && now !== after.totalPoints ? [was, now] : undefined;
}

/**
 * Whether two readings around a move write totalPoints as their own mainPoints plus the promised
 * points they write, exactly, with the same promised points in both: a DTO adding its figures as it
 * writes them (each a whole display of its own, the Response Parameters' int), so that the total
 * moves as the main read moves and hides what main hides (variant hunt 64: -29.5 and -30.5 both
 * read -30 half to even, the total a constant 27 above them, while the ledger's total is at no tie).
 */
export function totalFollowsMain(before: BalanceReading, after: BalanceReading): boolean {
  const [was, now] = [promisedSummed(before), promisedSummed(after)];
  return was !== undefined && now !== undefined && samePoints(was, now);
}

/**
 * The promised points a reading writes where its totalPoints is exactly its mainPoints plus them;
 * undefined otherwise. A reading writing no promised figure at all, its total exactly its main, is
 * one whose serializer left a promise of 0 out (variant pair hunt 65: after an unlock emptied it).
 */
function promisedSummed(reading: BalanceReading): number | undefined {
  const { mainPoints: main, totalPoints: total } = reading;
  const promised = promisedOf(reading)?.promised ?? (samePoints(total, main) ? 0 : undefined);
  return promised !== undefined && samePoints(total, roundPoints(main + promised, main, promised))
    ? promised
    : undefined;
}

/** Why a total written as the sum of its written parts, a unit off across a move into main, only warns. */
export const TOTAL_WRITTEN_AS_SUM_NOTE =
  "totalPoints is written as the written mainPoints plus the written promised points, each a display of its own (the balance page's Response Parameters type the figures int): a move from promised into main that leaves the ledger's total where it was shows as a written total one unit of the figures' last decimal off";

/**
 * Whether two readings each write totalPoints as their own mainPoints plus the promised points they
 * write, exactly, and the two totals lie one unit of the figures' last written decimal apart: a DTO
 * adding its figures as it writes them, each a display of its own (the Response Parameters' int),
 * shows an unlock's move from promised into main, which leaves the ledger's total where it was, as a
 * written total moved by that unit (main 10.5 → 15.5 read 10 → 16 half to even, promised 15 → 10:
 * the total 25 → 26). Each written figure is within a unit of its own, so two such sums of one
 * ledger total never lie two units apart.
 */
export function totalsWrittenAsSums(before: BalanceReading, after: BalanceReading): boolean {
  const promised = [before, after].map(promisedSummed);
  if (promised.includes(undefined)) return false;
  const decimals = decimalsShowing(
    [before, after].flatMap(({ mainPoints, totalPoints }, i) => [mainPoints, totalPoints, promised[i]!]),
  );
  if (decimals === undefined) return false;
  const unit = 10 ** -decimals;
  return samePoints(Math.abs(after.totalPoints - before.totalPoints), unit, unit);
}

/** Why a sum over programs' totals, each written as the sum of its written parts, only warns. */
export const PROGRAM_TOTALS_WRITTEN_AS_SUMS_NOTE =
  "totalPoints is written as the written mainPoints plus the written promised points, in each one-program read and in the read over all programs, each figure a display of its own (the balance page's Response Parameters type them int): each total then lies up to a unit of the figures' last decimal per figure written from the ledger's total behind it, and the programs' totals may sum to a figure that many units from the all-programs total";

/**
 * The figures a reading writes its totalPoints as the sum of ({@link promisedSummed}): mainPoints and
 * promisedPoints, or the breakup where promisedPoints is its written sum (a DTO adding its own int
 * fields: each a display of its own); undefined where the total is no such sum.
 */
function partsSummed(reading: BalanceReading): number[] | undefined {
  const promised = promisedSummed(reading);
  if (promised === undefined) return undefined;
  const { delayed, external } = promisedOf(reading) ?? {};
  const breakup =
    delayed !== undefined &&
    external !== undefined &&
    samePoints(promised, roundPoints(delayed + external, delayed, external));
  return [reading.mainPoints, ...(breakup ? [delayed, external] : [promised])];
}

/**
 * Whether a read over all programs and the one-program reads each write totalPoints as the sum of
 * the figures they write ({@link partsSummed}), with fewer decimals than the customer's finest
 * program keeps (`finest`; undefined: none declared), and for one way of showing those figures
 * (dropping, raising or rounding their decimals, the same in every read) the ledger totals behind
 * the programs' reads sum to one behind the all-programs read: each written figure hides up to a
 * unit of its own, so a total of three figures lies up to three units from the ledger's (ptable66:
 * 670.1 main beside 65.25 promised and 120.5 beside 12.675, raised: program totals 737 + 134 = 871
 * beside an all-programs total of 869).
 */
export function programTotalsWrittenAsSums(
  all: BalanceReading,
  programs: readonly BalanceReading[],
  finest: number | undefined,
): boolean {
  const parts = [all, ...programs].map(partsSummed);
  if (parts.some((figures) => figures === undefined)) return false;
  const written = parts as number[][];
  const decimals = decimalsShowing([
    ...written.flat(),
    all.totalPoints,
    ...programs.map((r) => r.totalPoints),
  ]);
  if (decimals === undefined || (finest !== undefined && decimals >= finest)) return false;
  const scale = 10 ** decimals;
  return WHOLE_NUMBER_DISPLAYS.some(({ shows }) => {
    // The ledger values a written figure shows lie between its ends, in units of the last decimal.
    const ends = (figures: readonly number[]): [number, number] => {
      let [low, high] = [0, 0];
      for (const figure of figures) {
        const [from, to] = shows(Math.round(figure * scale));
        [low, high] = [low + from, high + to];
      }
      return [low, high];
    };
    const [allLow, allHigh] = ends(written[0]!);
    const perProgram = written.slice(1).map(ends);
    const low = perProgram.reduce((total, [from]) => total + from, 0);
    const high = perProgram.reduce((total, [, to]) => total + to, 0);
    return low <= allHigh && allLow <= high;
  });
}

/**
 * The decimals a balance figure shows as written: its written decimals less zeros a format pads it
 * with ("803.000" shows none, as the deduction page's example writes its Integer-typed pointsAvailable
 * "670.000"; a long total behind a gateway writing every amount with three places: variant pair hunt
 * 64's compositions). Undefined where the figure is not written as an amount.
 */
function decimalsWritten(reading: BalanceReading, field: 'mainPoints' | 'totalPoints'): number | undefined {
  const written = figureWritten(reading.exchange, field);
  const decimals = written === undefined ? undefined : writtenDecimals(written);
  return decimals === undefined ? undefined : Math.min(decimals, decimalsShown(reading[field]));
}

/** Whether a reading's mainPoints is written with as many decimals as its totalPoints (both whole, say). */
function mainShownLikeTotal(reading: BalanceReading): boolean {
  const main = decimalsWritten(reading, 'mainPoints');
  return main !== undefined && main === decimalsWritten(reading, 'totalPoints');
}

/**
 * Whether a reading's totalPoints is the sum of its main and `promised` points written with fewer
 * decimals than that sum has (its last ones dropped, raised or rounded): the Response Parameters
 * type totalPoints int, while main and promised points may keep the program's decimals, as promised
 * points written whole beside main with decimals may (variant hunt 31: a `long totalPoints`, or a
 * DECIMAL(p, 2) total over a 3-decimal program, beside BigDecimal figures; variants
 * bal-total-whole-beside-decimals and bal-total-two-decimals-beside-three). Such a display is never
 * a unit of its last decimal off the sum, and a total showing the sum's decimals or more ("133.175",
 * "133.1750") is no such display; zeros a format pads it with show none ({@link decimalsWritten}).
 */
function totalShownRounded(reading: BalanceReading, promised: number, mainMayHide = false): boolean {
  const { exchange, totalPoints: total, mainPoints: main } = reading;
  const sum = roundPoints(main + promised, main, promised);
  const decimals = decimalsWritten(reading, 'totalPoints');
  if (decimals === undefined || decimalsShown(sum) <= decimals) return false;
  const scale = 10 ** decimals;
  const hidden = mainMayHide ? mainHides(exchange, promised) : 0;
  // The total's units lie between the sum's lowest end dropped and its highest raised.
  const units = Math.round(total * scale);
  return (
    samePoints(total, units / scale) &&
    Math.floor(roundPoints((sum - hidden) * scale)) <= units &&
    units <= Math.ceil(roundPoints((sum + hidden) * scale))
  );
}

/**
 * How far a reading's mainPoints may lie from the ledger's figure behind it: under a unit of its
 * last written decimal where it is written with fewer decimals than `promised` shows (the ledger
 * keeps at least those: main may be a display of its own, truncated or raised, beside a total
 * written whole; variant hunt 51: 120.975 written 120.9 beside a total of 133.65 raised to 134),
 * none otherwise.
 */
function mainHides(exchange: BalanceReading['exchange'], promised: number): number {
  const written = figureWritten(exchange, 'mainPoints');
  const decimals = written === undefined ? undefined : writtenDecimals(written);
  return decimals !== undefined && decimals < decimalsShown(promised) ? 10 ** -decimals : 0;
}
