import type { Exchange } from '../src/client/exchange.ts';
import { unlockLinesOf } from '../src/engine/context.ts';
import type { BalanceReading, NamedBill, NamedCustomer, ScenarioContext } from '../src/engine/types.ts';
import { readAsWholeNumber, WHOLE_BALANCE_NOTE } from './balance-reading.ts';
import { minus, samePoints, toAmount } from './support.ts';
import { isItemLine } from './unlock-sums.ts';

/**
 * What an unlock answer's lines say besides their amounts: the program of each line's points
 * (CAP-UPP-RESPONSE-PROGRAM) and the promotion of a promotion's line (CAP-UPP-RESPONSE-PROMOTION).
 */

/** The customer's main points per program the profile lists for it, and over all programs. */
export interface ProgramReadings {
  readonly allPrograms: BalanceReading;
  readonly byProgram: ReadonlyMap<number, BalanceReading>;
}

/**
 * Reads the customer's balance in each program the profile lists for it (the balance page's
 * programId). After an unlock, `shows` judges them together (as the checks will) and, under the
 * profile's read-after-write window, all are read again until it holds ({@link ScenarioContext.balances}).
 */
export async function readProgramMains(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  allPrograms: BalanceReading,
  settle?: { requirement: string; shows: (readings: ProgramReadings) => boolean; warnsOnly?: boolean },
): Promise<ProgramReadings> {
  const programs = customer.programs;
  const readingsOf = (readings: readonly BalanceReading[]): ProgramReadings => ({
    allPrograms,
    byProgram: new Map(programs.map((programId, i) => [programId, readings[i]!])),
  });
  const readings = await ctx.balances(
    customer,
    programs.map((programId) => ({ programId })),
    settle && {
      requirement: settle.requirement,
      shows: (read) => settle.shows(readingsOf(read)),
      ...(settle.warnsOnly ? { warnsOnly: true } : {}),
    },
  );
  return readingsOf(readings);
}

/** Exchanges of the readings, for evidence. */
const exchangesOf = (readings: ProgramReadings): Exchange[] => [
  readings.allPrograms.exchange,
  ...[...readings.byProgram.values()].map((r) => r.exchange),
];

/**
 * A line's programId as the profile writes program IDs: a JSON number or a numeric string ("469");
 * NaN for any other value (it names no program the profile can read); undefined when absent.
 */
export function programIdOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*\d+(\.0+)?\s*$/.test(value)) return Number(value);
  return Number.NaN;
}

/** How one line's programId stands against the programs whose points moved. */
export type LineProgramStanding =
  /** Its program's main points rose. */
  | 'moved'
  /** Its program's main points did not visibly rise, but balances shown as whole numbers may hide it. */
  | 'hidden-by-whole-numbers'
  /** No points moved in its program. */
  | 'not-moved'
  /** Its program is not read (the profile does not list it for the customer) and the listed ones do not account for the whole move. */
  | 'unread';

/**
 * Where a line's points went: `programId` among the programs read before and after the unlock.
 * `amount` is the line's own pointsUnlocked (more than 0): the least its program must have gained.
 */
export function standingOf(
  programId: number,
  amount: number,
  before: ProgramReadings,
  after: ProgramReadings,
): LineProgramStanding {
  const seen = [before.allPrograms, after.allPrograms];
  const programBefore = before.byProgram.get(programId);
  const programAfter = after.byProgram.get(programId);
  if (programBefore && programAfter) {
    if (minus(programAfter.mainPoints, programBefore.mainPoints) > 1e-6) return 'moved';
    return readAsWholeNumber(programAfter.mainPoints, {
      plus: [programBefore.mainPoints],
      delta: amount,
      seen: [...seen, programBefore, programAfter],
    })
      ? 'hidden-by-whole-numbers'
      : 'not-moved';
  }
  // A program the profile does not list: only when the listed ones account for the whole move over
  // all programs is it known that none of the points went there.
  const allRise = minus(after.allPrograms.mainPoints, before.allPrograms.mainPoints);
  let listedRise = 0;
  for (const [id, reading] of after.byProgram) {
    listedRise += minus(reading.mainPoints, before.byProgram.get(id)?.mainPoints ?? reading.mainPoints);
  }
  const operands = [after.allPrograms.mainPoints, before.allPrograms.mainPoints];
  if (!samePoints(listedRise, allRise, ...operands)) return 'unread';
  return readAsWholeNumber(after.allPrograms.mainPoints, {
    plus: [before.allPrograms.mainPoints],
    delta: allRise + amount,
    seen,
  })
    ? 'hidden-by-whole-numbers'
    : 'not-moved';
}

type Line = { pointsUnlocked?: unknown; programId?: unknown } | null;

/** The standing of each line that unlocked points and names its program. */
function lineStandings(exchange: Exchange, before: ProgramReadings, after: ProgramReadings) {
  const standings: { programId: unknown; standing: LineProgramStanding }[] = [];
  for (const line of (unlockLinesOf(exchange.response?.body) ?? []) as Line[]) {
    const programId = programIdOf(line?.programId);
    const amount = toAmount(line?.pointsUnlocked);
    if (programId === undefined || amount === undefined || amount <= 0) continue;
    standings.push({ programId: line?.programId, standing: standingOf(programId, amount, before, after) });
  }
  return standings;
}

/** Whether every line that unlocked points into a program read shows them there (or may, as whole numbers). */
export const linesShowMove = (exchange: Exchange, before: ProgramReadings, after: ProgramReadings) =>
  lineStandings(exchange, before, after).every(({ standing }) => standing !== 'not-moved');

/**
 * Judges that each line unlocking points names, by its programId, a program whose main points rose
 * (the response table: "Unique ID of the loyalty program where the transaction occurred"; the
 * example gives one bill's lines three programIds, so it is the program of the line's own points).
 * Lines without a programId (no field is required) or of 0 points say nothing to judge.
 */
export function judgeLinePrograms(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  exchange: Exchange,
  before: ProgramReadings,
  after: ProgramReadings,
  billNumber?: string,
): void {
  const lines = (unlockLinesOf(exchange.response?.body) ?? []) as Line[];
  const by: Record<LineProgramStanding, string[]> = {
    moved: [],
    'hidden-by-whole-numbers': [],
    'not-moved': [],
    unread: [],
  };
  for (const { programId, standing } of lineStandings(exchange, before, after))
    by[standing].push(JSON.stringify(programId));
  // The table gives programId no type and the examples write numbers: digits in a string name the
  // same program, a form the documents do not show.
  const quoted = lines.filter((line) => typeof line?.programId === 'string').map((line) => line?.programId);
  if (quoted.length > 0) {
    ctx.verify('CAP-UPP-RESPONSE-PROGRAM', false, {
      expected: "programId as the document's examples write it, a JSON number",
      actual: `programId ${quoted.map((id) => JSON.stringify(id)).join(', ')}`,
      exchanges: [exchange],
      inferred:
        'the response table names programId without a type: a string of digits names the same program',
    });
  }
  const listed = customer.programs.join(', ');
  if (by.unread.length > 0) {
    ctx.notJudged(
      'CAP-UPP-RESPONSE-PROGRAM',
      `unlock lines name programId ${by.unread.join(', ')}, which the profile does not list for customer ${customer.key} (programs ${listed}), and the listed programs do not account for the whole move: its points cannot be read (add: program ${by.unread.join(', ')} to the programs of customer ${customer.key}, and to config.programs)`,
    );
  }
  const judged = by.moved.length + by['hidden-by-whole-numbers'].length + by['not-moved'].length;
  if (judged === 0) return;
  const rises = [...after.byProgram]
    .map(([id, r]) => `${id} +${minus(r.mainPoints, before.byProgram.get(id)?.mainPoints ?? r.mainPoints)}`)
    .join(', ');
  const wrong = [...by['not-moved'], ...by['hidden-by-whole-numbers']];
  const named = billNumber === undefined ? undefined : programsNamedFor(ctx, `${customer.key}|${billNumber}`);
  for (const id of programsClaimed(lines, before, after)) named?.programs.add(id);
  // One bill's transaction occurred in one program: unlocks of the bill naming several for it cannot
  // all name it, so the reading that excuses a line's program no longer holds.
  const mixed = (named?.programs.size ?? 0) > 1;
  const oneOfTheOrg = by['not-moved'].length > 0 && namesOneProgramOfTheOrg(ctx, lines);
  const inferred =
    by['not-moved'].length === 0
      ? WHOLE_BALANCE_NOTE
      : oneOfTheOrg && !mixed
        ? TRANSACTION_PROGRAM_NOTE
        : undefined;
  if (inferred === TRANSACTION_PROGRAM_NOTE) named?.excused.push(exchange);
  ctx.verify('CAP-UPP-RESPONSE-PROGRAM', wrong.length === 0, {
    expected: `every pointsUnlocked line with points names a program whose main points rose (customer ${customer.key}: ${rises}; all programs +${minus(after.allPrograms.mainPoints, before.allPrograms.mainPoints)})`,
    actual: `programId ${wrong.join(', ')}`,
    exchanges: [
      ...exchangesOf(before),
      ...(mixed ? (named?.excused ?? []) : []),
      exchange,
      ...exchangesOf(after),
    ],
    ...(inferred ? { inferred } : {}),
  });
  if (!mixed || !named || named.excused.length === 0 || inferred === TRANSACTION_PROGRAM_NOTE) return;
  // An earlier unlock of this bill was excused as naming the bill's program; this one names another.
  ctx.verify('CAP-UPP-RESPONSE-PROGRAM', false, {
    expected: `the unlocks of bill ${billNumber} name the one program of its transaction, or each line's own (whose main points rose)`,
    actual: `its unlocks name programs ${[...named.programs].join(', ')}, and an earlier one named only a program whose main points did not rise`,
    exchanges: [...named.excused, exchange],
  });
  named.excused = [];
}

/**
 * The programs the unlocks of each bill (key: customer and bill) named in one scenario run, and
 * the unlocks excused as naming the bill's transaction program (fault hunt 48: item lines naming
 * another program than the bill's, unlocked by line item, went as "the bill's program").
 */
const namedPerRun = new WeakMap<
  ScenarioContext,
  Map<string, { programs: Set<number>; excused: Exchange[] }>
>();

function programsNamedFor(ctx: ScenarioContext, key: string) {
  const perBill = namedPerRun.get(ctx) ?? new Map<string, { programs: Set<number>; excused: Exchange[] }>();
  namedPerRun.set(ctx, perBill);
  const named = perBill.get(key) ?? { programs: new Set<number>(), excused: [] };
  perBill.set(key, named);
  return named;
}

/**
 * The programs the lines unlocking points name as the bill's (a programId that is no number left
 * out). An item's or a promotion's line naming a program whose points rose names its own points'
 * program, as the example's lines do, not the bill's: a target may name the bill's transaction
 * program on the bill's lines and each item's own on its lines (variant hunt 43,
 * unlock-bill-lines-name-bill-program-items-their-own, failed when every named program counted).
 */
function programsClaimed(lines: readonly Line[], before: ProgramReadings, after: ProgramReadings): number[] {
  return lines.flatMap((line) => {
    const amount = toAmount(line?.pointsUnlocked) ?? 0;
    const id = programIdOf(line?.programId);
    if (amount <= 0 || id === undefined || Number.isNaN(id)) return [];
    const ownLine = isItemLine(line) || namesPromotion(line);
    return ownLine && standingOf(id, amount, before, after) !== 'not-moved' ? [] : [id];
  });
}

/**
 * Why lines that all name one program of the org only warn when its points did not move: the table
 * calls programId the program "where the transaction occurred", which a target may read as the
 * bill's own program for every line; only the example (one bill, three programIds) shows it per line.
 */
const TRANSACTION_PROGRAM_NOTE =
  "the response table calls programId the \"Unique ID of the loyalty program where the transaction occurred\": every line naming one program the profile declares for the org reads as the program of the bill's transaction; the example, one bill's lines with three programIds, shows the program of each line's own points";

/** Whether every line unlocking points names the same program, one the profile declares for the org. */
function namesOneProgramOfTheOrg(ctx: ScenarioContext, lines: readonly Line[]): boolean {
  const named = new Set(
    lines
      .filter((line) => (toAmount(line?.pointsUnlocked) ?? 0) > 0)
      .map((line) => programIdOf(line?.programId))
      .filter((id) => id !== undefined),
  );
  const [only] = named;
  return named.size === 1 && (ctx.org?.config.programs ?? []).some((program) => program.id === only);
}

/** The promotion fields of the response table (promotionId only in its example). */
type PromotionLine = { promotionName?: unknown; promotionIdentifier?: unknown; promotionId?: unknown };

/** Whether a field carries a value: neither absent, null nor an empty string. */
const carries = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * Whether a field carries an identifier: a number, or a string with more than blanks. An object in
 * its place (`{"present":true}`, a Java Optional serialized without its module) names nothing
 * (fault hunt 41, upp-promotion-ids-as-optional-objects).
 */
const carriesId = (value: unknown) =>
  (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '');

/** Whether a line names a promotion by any of the table's promotion fields. */
export const namesPromotion = (line: unknown): boolean => {
  const l = (line ?? {}) as PromotionLine;
  return carries(l.promotionName) || carries(l.promotionIdentifier) || carries(l.promotionId);
};

/**
 * The lines of an answer that are a promotion's by the table's own field (promotionName, the
 * "Unique name of the promotion") yet carry neither promotionIdentifier nor promotionId. A line
 * with no promotion field cannot be told from a bill's line, so it is never among them.
 */
export const promotionLinesWithoutId = (body: unknown): unknown[] =>
  (unlockLinesOf(body) ?? []).filter((line) => {
    const l = (line ?? {}) as PromotionLine;
    return carries(l.promotionName) && !carriesId(l.promotionIdentifier) && !carriesId(l.promotionId);
  });

/** Judges each promotion line of an answer: "promotionIdentifier ... Required if promotionId is not provided". */
export function judgePromotionLines(ctx: ScenarioContext, exchange: Exchange): void {
  const lines = unlockLinesOf(exchange.response?.body) ?? [];
  if (!lines.some(namesPromotion)) return;
  const without = promotionLinesWithoutId(exchange.response?.body);
  ctx.verify('CAP-UPP-RESPONSE-PROMOTION', without.length === 0, {
    expected: 'every promotion line (one with a promotionName) carries promotionIdentifier or promotionId',
    actual: JSON.stringify(without).slice(0, 200),
    exchanges: [exchange],
  });
}

/**
 * After every unlock of a bill the profile declares with promotion points: some answer must have
 * listed a promotion's line, as the document's example does. Only warns: the table calls
 * pointsUnlocked the "Total number of points unlocked for the bill", so a target may fold the
 * promotion's points into the bill's line.
 */
export function judgePromotionListed(
  ctx: ScenarioContext,
  bill: NamedBill,
  answers: readonly Exchange[],
): void {
  const unlocked = answers.filter((e) => unlockLinesOf(e.response?.body) !== undefined);
  if (!bill.promotionPoints || unlocked.length === 0) return;
  const listed = unlocked.some((e) => (unlockLinesOf(e.response?.body) ?? []).some(namesPromotion));
  ctx.verify('CAP-UPP-RESPONSE-PROMOTION', listed, {
    expected: `the unlocks of bill ${bill.billNumber}, declared with promotion points, list a promotion's line (promotionIdentifier or promotionId)`,
    actual: 'no pointsUnlocked line names a promotion',
    exchanges: unlocked,
    inferred:
      'the response table calls pointsUnlocked the "Total number of points unlocked for the bill": a target may fold the promotion\'s points into the bill\'s line, where the example lists them on a line of their own',
  });
}
