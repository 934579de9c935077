import type { Exchange } from '../src/client/exchange.ts';
import { errorCodesOf, lookupIdentifier, NPA_IDENTIFIERS, UPP_IDENTIFIERS } from '../src/engine/context.ts';
import { AFTER_REFUSAL, type Settle } from '../src/engine/read-after-write.ts';
import type { BalanceReading, NamedCustomer, ScenarioContext, Suite } from '../src/engine/types.ts';
import { expectedBalance, readAsWholeNumber, WHOLE_BALANCE_NOTE } from './balance-reading.ts';
import { TOTAL_WRITTEN_AS_SUM_NOTE, totalsWrittenAsSums, verifyTotalAddsUp } from './balance-total.ts';
import {
  judgeOnePointRedeemable,
  readMainAfter,
  verifyBalance,
  verifyMoveConfirmed,
  withProgramsNow,
} from './balance-verify.ts';
import { judgePointsAvailableForm, ledgerShownBy, pointsAvailableOf } from './points-available.ts';
import {
  answerOf,
  deduct,
  deductBy,
  defineScenario,
  judgeRefusedUnlockMovedNothing,
  minus,
  otherProgramOf,
  samePoints,
  stopIfBillUnknown,
  succeeded,
  whenNegativeBalance,
} from './support.ts';
import { BILL_TOTAL_READINGS, claimsUnlock, tallyAnswers, unlockedSum } from './unlock-sums.ts';

const NO_LOST_UPDATE = 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE';

/**
 * The unlock converts promised points "to redeemable points": where the customer had no main points
 * before it (over all programs) and its first listed program now shows at least one, a deduction of
 * 1 point there draws on unlocked points only ({@link judgeOnePointRedeemable}). Read first: a
 * profile may list a program other than the one the bill's points went to.
 */
async function judgeUnlockedRedeemable(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  before: BalanceReading,
  unlocked: BalanceReading,
  mainUp: number,
): Promise<void> {
  const programId = customer.programs[0];
  if (ctx.org?.config.negativeBalanceOnReturn !== 'off' || programId === undefined) return;
  if (!samePoints(before.mainPoints, 0) || mainUp < 1) return;
  const program = await ctx.balance(customer, { programId, fetchDataForAllPrograms: false });
  if (program.mainPoints < 1) return;
  await judgeOnePointRedeemable(ctx, customer, programId, program, unlocked, {
    had: 'the customer had none before',
    exchanges: [before.exchange],
  });
}

/** Requests that got no answer: their effect is unknown, so a check they bear on cannot be judged. */
const unanswered = (exchanges: readonly Exchange[]) => exchanges.filter((e) => !e.response);

/**
 * The customer's other identifier an operation takes (`accepted`: externalId beside mobile for a
 * deduction), if declared and not shared with another customer: a target must serialize a
 * customer's deductions and unlocks however the request names the customer.
 */
function otherIdentifier(
  customer: NamedCustomer,
  accepted: readonly string[] = NPA_IDENTIFIERS,
): [string, string] | undefined {
  const [first] = lookupIdentifier(customer, accepted, undefined, 'use');
  const name = accepted.find(
    (n) =>
      n !== first &&
      customer.identifiers[n as keyof NamedCustomer['identifiers']] &&
      !customer.sharedIdentifiers?.includes(n),
  );
  return name ? [name, customer.identifiers[name as keyof NamedCustomer['identifiers']]!] : undefined;
}

/** Parallel deductions: bounded by the profile's concurrency limit times a small factor. */
const parallelDeductions = (concurrency: number) => Math.min(64, Math.max(8, concurrency * 4));

/** How many of the parallel deductions fit the balance (negative balances off): see judgeParallelDeductions. */
const DEDUCTIONS_THAT_FIT = 4;

/**
 * Parallel deductions from the program of the twoPrograms customer that deductions name least
 * often (not the default), where the profile declares one: a lock kept per program, or only on the
 * default one, loses updates there. Four of 1 point (whole points: no round decimals refuse them, and
 * a double tells them apart at any balance), so the customer keeps most of its points; not judged
 * when the balance does not cover them (negative balance not on). Every other one names the
 * customer's first program instead: a lock taken per program over a record kept per customer lets
 * a deduction there write back the other program's points as it read them (fault hunt 47,
 * npa-lost-update-across-programs); only the other program's balance is judged, as before.
 */
async function judgeOtherProgramDeductions(ctx: ScenarioContext): Promise<void> {
  if (ctx.lacks('secondProgram')) return;
  const customer = ctx.customer('twoPrograms');
  const programId = otherProgramOf(ctx, customer);
  const n = 4;
  const amount = 1;
  const before = await ctx.balance(customer, { programId });
  if (ctx.org?.config.negativeBalanceOnReturn !== 'on' && before.mainPoints < n * amount) return;
  const first = customer.programs[0];
  // Per program: the number first, then the string (i % 4 < 2 the other program).
  const programOf = (i: number) => (i % 4 < 2 || first === undefined ? programId : first);
  const exchanges = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      deduct(ctx, customer, i % 2 ? String(amount) : amount, { programId: programOf(i) }),
    ),
  );
  const ok = exchanges.filter((e, i) => succeeded(e) && programOf(i) === programId);
  const taken = ok.length * amount;
  const [after, moved] = await readMainAfter(ctx, NO_LOST_UPDATE, customer, { programId }, (read) => ({
    plus: [before.mainPoints],
    delta: -taken,
    seen: [before, read],
  }));
  // The program's read may hide a half (every figure whole, half to even): a move by an odd number
  // of points then reads one off, which one more point from the program confirms as the tie
  // (variant hunt 56: 120.5 read 120, one of the pair taken and the other refused by a lock, 119.5
  // read 120 again), as judgeParallelDeductions confirms its own.
  await verifyMoveConfirmed(
    ctx,
    customer,
    after,
    moved,
    { requirement: NO_LOST_UPDATE, deduction: ok[0] ?? exchanges[0]! },
    {
      expected: `program ${programId}: mainPoints ${minus(before.mainPoints, taken)} = ${before.mainPoints} − ${ok.length} successful × ${amount}`,
      exchanges: [before.exchange, after.exchange, ...unanswered(exchanges), ...exchanges.slice(0, 3)],
    },
    { programId },
  );
}

/**
 * Parallel deductions from one customer, judged on the points moved: no lost update, and with
 * negative balances off no overdraw (each deduction takes more than a fifth of the balance: at most
 * four fit).
 */
async function judgeParallelDeductions(ctx: ScenarioContext, negativeOn: boolean): Promise<void> {
  await judgeOtherProgramDeductions(ctx);
  const customer = ctx.customer('drainable');
  const programId = customer.programs[0];
  const before = await ctx.balance(customer, { programId });
  // Judged on the read before the deductions only, as negative-balance.exact-balance judges its own:
  // the read after settles on mainPoints alone (variant balance-main-and-total-lag-apart).
  verifyTotalAddsUp(ctx, before);
  const n = parallelDeductions(ctx.profile.limits.concurrency);
  // Whole points, so no program's round decimals can reject the amount; more than a fifth of the
  // balance, so that at most DEDUCTIONS_THAT_FIT fit and a few checked before the others are applied
  // overdraw, whichever requests the client's slots send together: with an even split (15 of 32
  // fitting) a racy target was seen only when a whole wave of 8 overlapped at the end
  // (npa-race-overdraw went unseen when the first wave had 7); with one fitting, a target racing
  // only some requests (strings, another identifier) was not seen when an atomic one came first.
  // What is left is a remainder for the exact-balance scenario.
  const amount = negativeOn ? 1 : Math.floor(before.mainPoints / (DEDUCTIONS_THAT_FIT + 1)) + 1;
  if (!negativeOn && before.mainPoints < amount * 2) {
    ctx.skip(
      `the drainable customer has only ${before.mainPoints} points (add: fixtures.roles.drainable: a customer with at least 2 points in program ${programId} the suite may deduct from)`,
    );
  }
  // Every other amount as a string (the document's example form), the others as numbers (the
  // table's type): both readings are documented, and each must be as atomic as the other.
  // Every other pair names the customer by its other identifier, where the profile declares one:
  // a lock taken on the identifier rather than the customer lets those race the others.
  const other = otherIdentifier(customer);
  const byOther = (i: number) => other !== undefined && i % 4 >= 2;
  // Every other four leave programId out where the org's default program is the only one the
  // profile lists for the customer (so the point can come from no other): a lock keyed on the
  // request's programId rather than the program it resolves to lets those race the ones naming
  // it (fault hunt 55, npa-lock-keyed-on-named-program).
  const defaulted =
    customer.programs.length === 1 && ctx.org?.config.defaultProgramId === programId
      ? { programId: undefined }
      : {};
  const extra = (i: number) => (Math.floor(i / 4) % 2 ? defaulted : {});
  const exchanges: Exchange[] = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const sent = i % 2 ? String(amount) : amount;
      return byOther(i) && other
        ? deductBy(ctx, customer, other, sent, extra(i))
        : deduct(ctx, customer, sent, extra(i));
    }),
  );
  const ok = exchanges.filter(succeeded);
  judgePointsAvailableForm(ctx, ok);
  const lost = unanswered(exchanges);
  const expected = minus(before.mainPoints, ok.length * amount);
  // The successes' pointsAvailable, where written with decimals, show what the ledger holds: a
  // whole read one point off from 0 is then no display of a hidden fraction (fault hunt 30: one
  // success of 32 from a balance of 0 that moved nothing only warned). The lowest is what the last
  // success left: where the reads hide a half (every figure whole, half to even: 1.5 read 2, 1
  // taken, 0.5 read 0; variant hunt 49) both reads must show that ledger and it plus what was taken.
  // Zeros a gateway pads every amount with, past what the read before shows, show nothing (variant
  // pair hunt 67: "-31.000000" for -31.001 beside a read of "0.000000").
  const shownBy = ledgerShownBy(ctx, customer, ok, undefined, [before]);
  const left = shownBy.map(pointsAvailableOf).filter((points) => points !== undefined);
  const programsNow = left.length > 0 ? { programsNow: Math.min(...left) } : {};
  const [after, moved] = await readMainAfter(ctx, NO_LOST_UPDATE, customer, { programId }, (read) => ({
    plus: [before.mainPoints],
    delta: -ok.length * amount,
    seen: [before, read],
    deductions: shownBy,
    ...programsNow,
  }));
  const evidence = {
    expected: `mainPoints ${expected} = ${before.mainPoints} − ${ok.length} successful × ${amount}`,
    exchanges: [before.exchange, after.exchange, ...lost, ...exchanges.slice(0, 3)],
  };
  // No pointsAvailable shows the ledger: a read a unit off a move by an odd number of units may be
  // such a tie, confirmed as the other moves confirm theirs.
  if (left.length > 0)
    verifyBalance(ctx, NO_LOST_UPDATE, after.mainPoints, moved, {
      ...evidence,
      actual: `mainPoints ${after.mainPoints}`,
    });
  else
    await verifyMoveConfirmed(
      ctx,
      customer,
      after,
      moved,
      { requirement: NO_LOST_UPDATE, deduction: exchanges[0]! },
      evidence,
      { programId },
    );
  if (negativeOn) return;
  ctx.verify(
    'CAP-NPA-CONCURRENT-NO-OVERDRAW',
    ok.length * amount <= before.mainPoints + 1e-6 && after.mainPoints >= -1e-6,
    {
      expected: `at most ${Math.floor(before.mainPoints / amount)} of ${n} deductions of ${amount} succeed; balance never below 0`,
      actual: `${ok.length} succeeded; mainPoints ${after.mainPoints}`,
      exchanges: [before.exchange, after.exchange, ...ok.slice(0, 3)],
    },
  );
  // The documents give 8907 for an over-balance deduction; they do not say how a target may
  // refuse concurrent requests (409, 429): another refusal is reported, not failed.
  // A deduction naming the customer by the other identifier may be refused as such (8015 under dual
  // eligibility, which the deduction page is silent on; 8013): CAP-NPA-IDENTIFIER-NAMES judges that.
  const refusedOtherwise = exchanges.filter(
    (e, i) =>
      e.response &&
      !succeeded(e) &&
      !errorCodesOf(e).includes(8907) &&
      !(byOther(i) && [8015, 8013].some((code) => errorCodesOf(e).includes(code))),
  );
  ctx.verify('CAP-NPA-CONCURRENT-NO-OVERDRAW', refusedOtherwise.length === 0, {
    expected: 'every refused deduction refused with 8907',
    actual: `${refusedOtherwise.length} refused otherwise: ${tallyAnswers(refusedOtherwise)}`,
    exchanges: refusedOtherwise.slice(0, 3),
    inferred: 'the documents do not say how concurrent requests may be refused',
  });
}

const LEDGER = 'CAP-BAL-LEDGER';

/**
 * Deductions of {@link RACING_AMOUNT} sent with the unlock: more than one, so that one overlaps the
 * unlock on a target that serves them in any order; few, so that a small balance covers them
 * (whole points: no program's round decimals refuse them).
 */
const RACING_DEDUCTIONS = 3;
const RACING_AMOUNT = 1;

/** Points promised but not yet main, as a reading shows them. */
const promisedOf = (reading: BalanceReading) => minus(reading.totalPoints, reading.mainPoints);

/**
 * What the unlock moved, by the target's own word: its answer's pointsUnlocked (summed, or read as
 * a bill total and its breakdown), and the fall in promised points between two reads. Only amounts
 * above 0: a race that loses the unlock leaves main as if it moved 0, which must not match.
 */
function unlockedAmounts(unlock: Exchange, before: BalanceReading, after: BalanceReading): number[] {
  const listed = [unlockedSum(unlock), ...BILL_TOTAL_READINGS.map((counted) => unlockedSum(unlock, counted))];
  const amounts = [...listed, minus(promisedOf(before), promisedOf(after))].filter(
    (amount): amount is number => amount !== undefined && amount > 0,
  );
  return amounts.length > 0 ? [...new Set(amounts)] : [unlockedSum(unlock) ?? 0];
}

/**
 * The ledger invariant under an interleaving: an unlock of billRace and {@link RACING_DEDUCTIONS}
 * deductions from its customer, sent at once, leave main points (over all programs) at the start
 * minus what the successful deductions took plus what the unlock moved. A target that reads the
 * balance, computes and writes it back without a lock or version check covering both operations
 * loses one of them. Refusals are judged as the parallel deductions judge them: 8907 takes nothing,
 * another refusal only warns; nothing is judged unless the unlock and a deduction succeeded.
 */
async function judgeDeductionRacingUnlock(ctx: ScenarioContext): Promise<void> {
  const bill = ctx.bill('billRace');
  const customer = bill.customerFixture;
  const before = await ctx.balance(customer, { fetchDataForAllPrograms: true });
  const [identifierName, identifierValue] = lookupIdentifier(customer, UPP_IDENTIFIERS);
  // Every other amount as a string, as the parallel deductions send them.
  const racing = Array.from(
    { length: RACING_DEDUCTIONS },
    (_, i) => () => deduct(ctx, customer, i % 2 ? String(RACING_AMOUNT) : RACING_AMOUNT),
  );
  // One deduction is sent just before the unlock, the others just after: an unlock landing in a
  // deduction's read-modify-write is lost as surely as a deduction landing in the unlock's (fault
  // hunt 23, fault race-deduction-overwrites-unlock).
  const sentFirst = racing[0]!();
  const unlocking = ctx.call('unlockPromisedPoints', {
    query: { identifierName, identifierValue, source: 'INSTORE' },
    body: { eventName: bill.eventName, billNumber: bill.billNumber },
    customerKey: customer.key,
  });
  const [firstDeduction, unlock, later] = await Promise.all([
    sentFirst,
    unlocking,
    Promise.all(racing.slice(1).map((send) => send())),
  ]);
  const deductions = [firstDeduction, ...later];
  stopIfBillUnknown(ctx, bill.key, [unlock]);
  const ok = deductions.filter(succeeded);
  // A refused unlock moves nothing: main ends at the start less what the successful deductions
  // took (fault hunt 29: an unlock that moved the bill's points, then answered a refusal, only
  // warned, or was skipped as used up with 82323282, and nothing was read). Read only then: a run
  // whose unlock succeeds adds no request.
  const judgeRefused =
    unlock.response !== undefined && !succeeded(unlock) && unanswered(deductions).length === 0;
  if (errorCodesOf(unlock).includes(82323282)) {
    if (!judgeRefused || (await judgeRefusedRacingUnlock(ctx, customer, before, unlock, ok, true)))
      ctx.skip(
        `bill ${bill.billNumber} had nothing left to unlock: declare under fixtures.bills.billRace a bill still to unlock, or reset the target`,
      );
    return;
  }
  const sent = [unlock, ...deductions];
  const refusedOtherwise = sent.filter(
    (e) => e.response && !succeeded(e) && !(e !== unlock && errorCodesOf(e).includes(8907)),
  );
  ctx.verify(LEDGER, refusedOtherwise.length === 0, {
    expected: `the unlock of bill ${bill.billNumber} and ${RACING_DEDUCTIONS} deductions sent at once served, a deduction refused only with 8907`,
    actual: `${refusedOtherwise.length} refused otherwise: ${tallyAnswers(refusedOtherwise)}`,
    exchanges: refusedOtherwise.slice(0, 3),
    inferred: 'the documents do not say how concurrent requests may be refused',
  });
  if (judgeRefused) {
    await judgeRefusedRacingUnlock(ctx, customer, before, unlock, ok, false);
    return;
  }
  // A 2xx without the documented lines has moved nothing the suite can count on.
  if (!succeeded(unlock) || unlockedSum(unlock) === undefined || ok.length === 0) return;
  const taken = ok.length * RACING_AMOUNT;
  const expectationOf = (read: BalanceReading, unlocked: number) => ({
    plus: [before.mainPoints],
    delta: minus(unlocked, taken),
    seen: [before, read],
  });
  const matches = (read: BalanceReading, unlocked: number, exact: boolean) => {
    const expectation = expectationOf(read, unlocked);
    return (
      samePoints(read.mainPoints, expectedBalance(expectation)) ||
      (!exact && readAsWholeNumber(read.mainPoints, expectation))
    );
  };
  const settle: Settle<BalanceReading> = {
    requirement: LEDGER,
    shows: (read) => unlockedAmounts(unlock, before, read).some((unlocked) => matches(read, unlocked, false)),
  };
  const after = await ctx.balance(customer, { fetchDataForAllPrograms: true }, settle);
  const amounts = unlockedAmounts(unlock, before, after);
  const unlocked =
    amounts.find((amount) => matches(after, amount, true)) ??
    amounts.find((amount) => matches(after, amount, false)) ??
    amounts[0]!;
  // A hidden half point under figures written whole, half to even, reads the move a unit off: it is
  // confirmed by one more deduction (variant hunt 25: CAP-BAL-LEDGER failed such a read).
  const [expectation, checked] = await withProgramsNow(
    ctx,
    customer,
    after.mainPoints,
    expectationOf(after, unlocked),
    { requirement: LEDGER, deduction: ok[0]! },
  );
  verifyBalance(ctx, LEDGER, after.mainPoints, expectation, {
    expected: `mainPoints ${expectedBalance(expectation)} = ${before.mainPoints} − ${ok.length} successful × ${RACING_AMOUNT} + ${unlocked} unlocked from bill ${bill.billNumber}, all sent at once`,
    actual: `mainPoints ${after.mainPoints}`,
    exchanges: [before.exchange, unlock, after.exchange, ...unanswered(sent), ...ok.slice(0, 2), ...checked],
  });
}

/**
 * The racing deductions' {@link LEDGER} when the unlock was refused: main points end at the start
 * less what the successful deductions took, read over all programs after the refusal (a refused
 * unlock and a refused deduction move nothing). With `onlyMove` (an unlock refused as used up,
 * then skipped) only a move is recorded. Returns whether main points are as expected.
 */
async function judgeRefusedRacingUnlock(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  before: BalanceReading,
  unlock: Exchange,
  ok: readonly Exchange[],
  onlyMove: boolean,
): Promise<boolean> {
  const taken = ok.length * RACING_AMOUNT;
  const after = await ctx.balance(customer, { fetchDataForAllPrograms: true }, AFTER_REFUSAL);
  const expectation = { plus: [before.mainPoints], delta: -taken, seen: [before, after] };
  const kept =
    samePoints(after.mainPoints, expectedBalance(expectation)) ||
    readAsWholeNumber(after.mainPoints, expectation);
  if (onlyMove && kept) return true;
  const evidence = {
    expected: `mainPoints ${expectedBalance(expectation)} = ${before.mainPoints} − ${ok.length} successful × ${RACING_AMOUNT}, the unlock refused (${answerOf(unlock)}): a refusal moves nothing`,
    exchanges: [before.exchange, unlock, after.exchange, ...ok.slice(0, 2)],
  };
  // Figures written whole, half to even, over a hidden half read an odd move one unit off (-25.5
  // read -26, one point taken, -26.5 read -26 again): one more point confirms the tie, as the
  // parallel deductions' reads are confirmed (variant pair hunt 65, a 412 lock refusing the unlock).
  const deduction = ok[0];
  if (deduction)
    await verifyMoveConfirmed(
      ctx,
      customer,
      after,
      expectation,
      { requirement: LEDGER, deduction },
      evidence,
    );
  else
    verifyBalance(ctx, LEDGER, after.mainPoints, expectation, {
      ...evidence,
      actual: `mainPoints ${after.mainPoints}`,
    });
  return kept;
}

/** Concurrent deductions never overdraw (config off) and never lose an update. */
/**
 * How one burst of parallel unlocks names its request i: by the customer's other identifier (where
 * the profile declares one), with the bill's eventLogId (where declared), selecting the bill's
 * first line item (where declared). A target racing on one path alone races only when a request
 * by that path is served first: the first burst's first request (by the other identifier, with the
 * event log) settled its bill before any racy path by the usual identifier, by billNumber alone or
 * filtered was probed (fault hunt 67), so a second bill's burst begins with those.
 */
interface UnlockBurst {
  readonly role: 'billSpare' | 'billSecondBurst';
  readonly byOther: (i: number) => boolean;
  readonly withEventLog: (i: number) => boolean;
  readonly filtered: (i: number) => boolean;
}

/**
 * Every other pair, the first one included, names the event log, under either identifier: a target
 * taking no lock on that path unlocked the bill twice, once each way, when an unlock by that path
 * came first (fault hunt 53).
 */
const FIRST_BURST: UnlockBurst = {
  role: 'billSpare',
  byOther: (i) => i % 2 === 0,
  withEventLog: (i) => Math.floor(i / 2) % 2 === 0,
  filtered: () => false,
};

/** The first burst's mirror, every fourth request (the first one included) filtered to a line item. */
const SECOND_BURST: UnlockBurst = {
  role: 'billSecondBurst',
  byOther: (i) => i % 2 === 1,
  withEventLog: (i) => Math.floor(i / 2) % 2 === 1,
  filtered: (i) => i % 4 === 0,
};

/** Parallel unlocks of one bill, shaped by `burst`: its promised points move once, and are redeemable. */
async function judgeParallelUnlocks(ctx: ScenarioContext, burst: UnlockBurst): Promise<void> {
  const bill = ctx.bill(burst.role);
  const customer = bill.customerFixture;
  const before = await ctx.balance(customer, { fetchDataForAllPrograms: true });
  const usual = lookupIdentifier(customer, UPP_IDENTIFIERS);
  // Some requests name the customer by another identifier the page lists, where the profile
  // declares one: the bill is unlocked once whoever names its customer how.
  const other = otherIdentifier(customer, UPP_IDENTIFIERS);
  const n = Math.min(16, Math.max(4, ctx.profile.limits.concurrency * 2));
  // Some also name the bill's own event log where the profile declares it (an array, as the
  // table types it), and some select its first line item where it declares one.
  const eventLog = bill.eventLogId === undefined ? {} : { eventLogId: [bill.eventLogId] };
  const lineItem = bill.lineItemIds?.[0];
  const filter = lineItem === undefined ? {} : { lineItemIds: [lineItem] };
  const byOther = (i: number) => burst.byOther(i) && other !== undefined;
  const exchanges = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const [identifierName, identifierValue] = byOther(i) && other ? other : usual;
      return ctx.call('unlockPromisedPoints', {
        query: { identifierName, identifierValue, source: 'INSTORE' },
        body: {
          eventName: bill.eventName,
          billNumber: bill.billNumber,
          ...(burst.withEventLog(i) ? eventLog : {}),
          ...(burst.filtered(i) ? filter : {}),
        },
        customerKey: customer.key,
      });
    }),
  );
  stopIfBillUnknown(ctx, bill.key, exchanges);
  const ok = exchanges.filter(succeeded);
  // Under dual eligibility a target may refuse a lone secondary identifier with 8015, as the
  // balance page does: those refusals say nothing of the bill.
  const named = exchanges.filter((e, i) => !(byOther(i) && errorCodesOf(e).includes(8015)));
  if (ok.length === 0 && named.length > 0 && named.every((e) => errorCodesOf(e).includes(82323282))) {
    // Used up before this run, unless one of the refusals moved the bill's points (fault hunt
    // 27: the unlock that moved answered 82323282 too, and the bill was skipped as used up).
    if (await judgeRefusedUnlockMovedNothing(ctx, bill, ['CAP-UPP-MOVE'], before, named[0]!))
      ctx.skip(`bill ${bill.billNumber} had nothing left to unlock`);
    return;
  }
  const lost = unanswered(exchanges);
  const after = await ctx.balance(
    customer,
    { fetchDataForAllPrograms: true },
    ok.length === 0 ? AFTER_REFUSAL : undefined,
  );
  // Every unlock refused, not all as used up (above), yet the bill's points moved: a refusal
  // moves nothing, and one of them did (fault hunt 29: only warned that none served).
  if (ok.length === 0 && lost.length === 0) {
    const refused = exchanges.find((e) => !errorCodesOf(e).includes(82323282)) ?? exchanges[0]!;
    if (!(await judgeRefusedUnlockMovedNothing(ctx, bill, ['CAP-UPP-MOVE'], before, refused, after))) return;
  }
  // Judged by what moved, not by how many answers were 2xx: a repeat may answer 200 with
  // nothing unlocked. The unlock document lets a request select a bill's lines, so a target
  // may share the lines of one bill out among parallel unlocks: moving once means total points
  // unchanged and, when several answers claim points, what they list adds up to main's rise.
  const movers = ok.filter(claimsUnlock);
  const mainUp = minus(after.mainPoints, before.mainPoints);
  const totalKept = samePoints(after.totalPoints, before.totalPoints);
  // Figures each written whole (or with fewer decimals than the ledger keeps) and a total
  // written as their sum may show the ledger's unchanged total a unit off (variant hunt 64).
  const totalShownAsSums = !totalKept && totalsWrittenAsSums(before, after);
  const listedBy = (counted?: Parameters<typeof unlockedSum>[1]) =>
    movers.reduce<number | undefined>((sum, e) => {
      const listed = unlockedSum(e, counted);
      return sum === undefined || listed === undefined ? undefined : sum + listed;
    }, 0);
  const listed = listedBy();
  const shared = movers.length > 1;
  // mainUp is a difference of balances: as exact as they are.
  const isRise = (sum: number | undefined) => samePoints(sum, mainUp, before.mainPoints, after.mainPoints);
  const addsUp = !shared || isRise(listed);
  // Balances shown as whole numbers (the balance table's int) hide the decimals of what moved
  // (as listed, or as the bills' totals read below).
  const wholeMain =
    shared &&
    !addsUp &&
    [listed, ...BILL_TOTAL_READINGS.map(listedBy)].some(
      (sum) =>
        sum !== undefined &&
        readAsWholeNumber(after.mainPoints, {
          plus: [before.mainPoints],
          delta: sum,
          seen: [before, after],
        }),
    );
  // The page also calls pointsUnlocked the bill's total: each answer's bill line may carry
  // what it moved and its other lines the breakdown (as CAP-UPP-RESPONSE-SUM reads it).
  const addsUpAsTotals =
    shared && !addsUp && BILL_TOTAL_READINGS.some((counted) => isRise(listedBy(counted)));
  ctx.verify('CAP-UPP-CONCURRENT-ONCE', totalKept && addsUp, {
    expected: `of ${n} parallel unlocks, the answers that move points list together what moved (main +${mainUp}); total points unchanged (${before.totalPoints})`,
    actual: `${movers.length} answers moved points, listing ${listed ?? 'no amounts'}; main +${mainUp}; total ${after.totalPoints}`,
    exchanges: [before.exchange, after.exchange, ...lost, ...movers.slice(0, 3)],
    ...((totalKept || totalShownAsSums) && addsUpAsTotals
      ? { inferred: "each answer's bill line may carry its total and its other lines the breakdown" }
      : (totalKept || totalShownAsSums) && wholeMain
        ? { inferred: WHOLE_BALANCE_NOTE }
        : totalShownAsSums && addsUp
          ? { inferred: TOTAL_WRITTEN_AS_SUM_NOTE }
          : {}),
  });
  ctx.verify('CAP-UPP-CONCURRENT-ONCE', movers.length >= 1 && mainUp > 0, {
    expected: `the ${n} parallel unlocks move the bill's promised points`,
    actual: `${movers.length} answers moved points; main +${mainUp}`,
    exchanges: [before.exchange, after.exchange, ...lost, ...exchanges.slice(0, 3)],
    inferred: 'the documents do not say a target must serve one of several simultaneous unlocks',
  });
  if (totalKept) await judgeUnlockedRedeemable(ctx, customer, before, after, mainUp);
}

export const concurrencySuite: Suite = {
  name: 'concurrency',
  description: 'N parallel deductions whose sum exceeds the balance: no overdraw, no lost update',
  scenarios: [
    defineScenario({
      id: 'concurrency.parallel-deductions',
      title:
        'parallel deductions of which at most four fit the balance never overdraw, and the final balance matches the successes',
      requirements: [
        'CAP-NPA-CONCURRENT-NO-OVERDRAW',
        'CAP-NPA-CONCURRENT-NO-LOST-UPDATE',
        'CAP-BAL-TOTAL',
        'CAP-NPA-POINTS-AVAILABLE-FORMAT',
      ],
      fixtures: ['drainable', 'twoPrograms'],
      family: 'capillary',
      tags: ['concurrency', 'deduction'],
      mutates: true,
      appliesTo: whenNegativeBalance('off'),
      run: (ctx) => judgeParallelDeductions(ctx, false),
    }),

    defineScenario({
      id: 'concurrency.parallel-deductions-negative-allowed',
      title: 'with negative balances on, parallel deductions of 1 point are all counted',
      requirements: ['CAP-NPA-CONCURRENT-NO-LOST-UPDATE', 'CAP-BAL-TOTAL', 'CAP-NPA-POINTS-AVAILABLE-FORMAT'],
      // Nothing is drained: the deductible customer serves when no drainable one is declared.
      fixtures: ['drainable', 'twoPrograms'],
      family: 'capillary',
      tags: ['concurrency', 'deduction'],
      mutates: true,
      appliesTo: whenNegativeBalance('on'),
      run: (ctx) => judgeParallelDeductions(ctx, true),
    }),

    defineScenario({
      id: 'concurrency.deduction-racing-unlock',
      title:
        'deductions sent at once with the unlock of a bill of the same customer: main points end at the start minus the deductions that succeeded plus what the unlock moved',
      requirements: [LEDGER],
      fixtures: ['billRace'],
      family: 'capillary',
      tags: ['concurrency', 'ledger', 'unlock', 'deduction'],
      mutates: true,
      run: judgeDeductionRacingUnlock,
    }),

    defineScenario({
      id: 'concurrency.parallel-unlock',
      title:
        'parallel unlocks of the same bill move its promised points exactly once, and they are redeemable',
      requirements: ['CAP-UPP-CONCURRENT-ONCE', 'CAP-UPP-MOVE'],
      fixtures: ['billSpare'],
      family: 'capillary',
      tags: ['concurrency', 'unlock'],
      mutates: true,
      run: (ctx) => judgeParallelUnlocks(ctx, FIRST_BURST),
    }),

    defineScenario({
      id: 'concurrency.parallel-unlock-second-burst',
      title:
        'parallel unlocks of a second bill, the first by the usual identifier, by billNumber alone and filtered to a line item, move its promised points exactly once',
      requirements: ['CAP-UPP-CONCURRENT-ONCE', 'CAP-UPP-MOVE'],
      fixtures: ['billSecondBurst'],
      family: 'capillary',
      tags: ['concurrency', 'unlock'],
      mutates: true,
      run: (ctx) => judgeParallelUnlocks(ctx, SECOND_BURST),
    }),
  ],
};
