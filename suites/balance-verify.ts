/** Judging balance reads against what they should be, and confirming the ties a display leaves open with one more move. */
import type { Exchange } from '../src/client/exchange.ts';
import { errorCodesOf, roundPoints, samePoints, succeeded } from '../src/engine/context.ts';
import type { Settle } from '../src/engine/read-after-write.ts';
import type {
  BalanceOptions,
  BalanceReading,
  Evidence,
  NamedCustomer,
  ScenarioContext,
} from '../src/engine/types.ts';
import {
  type BalanceExpectation,
  decimalsShown,
  expectedBalance,
  readAsWholeNumber,
  readShows,
  shownFewerNote,
  shownHalfEven,
  WHOLE_BALANCE_NOTE,
} from './balance-reading.ts';
import { ledgerShownBy } from './points-available.ts';
import { answerOf, deduct, minus, programField } from './support.ts';

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
  // A total written as the main read plus the promised points read, in both readings, moved as
  // main read: where main's reading holds and the total's as a display of the ledger's total would
  // not, it is judged as main is (a DTO summing figures it writes whole, half to even: 247.5 + 45
  // written 248 + 45 = 293, the ledger's 292.5 half to even 292; variant hunt 64).
  const movedAsMain =
    mainBefore !== undefined &&
    totalBefore !== undefined &&
    samePoints(now, promised(mainBefore, totalBefore)) &&
    readShows(mainRead, main) &&
    !readShows(totalRead, total);
  return [[[mainRead, main], movedAsMain ? [mainRead, main] : [totalRead, total]], checked, deducted];
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
