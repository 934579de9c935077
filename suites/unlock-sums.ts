/** The unlock answer's lines: their sums, and which of them a target writes for the bill. */
import type { Exchange } from '../src/client/exchange.ts';
import { answeredCodes, roundPoints, toAmount, unlockLinesOf } from '../src/engine/context.ts';

/** One line of an unlock answer, as far as the sums read it. */
export type UnlockLine = { pointsUnlocked?: unknown; itemCode?: unknown; billNumber?: unknown } | null;

/** The sum of `pointsUnlocked` over the lines of an unlock answer (those `counted`, default all). */
export const unlockedSum = (
  exchange: Exchange,
  counted: (line: UnlockLine) => boolean = () => true,
): number | undefined => {
  const values = unlockedValues(exchange, () => true);
  const summed = unlockedValues(exchange, counted);
  if (!values || !summed) return undefined;
  return roundPoints(
    summed.reduce((total, value) => total + value, 0),
    ...values,
  );
};

/** The `pointsUnlocked` of the lines of an unlock answer (those `counted`), parsed. */
export const unlockedValues = (
  exchange: Exchange,
  counted: (line: UnlockLine) => boolean = () => true,
): number[] | undefined => {
  const lines = unlockLinesOf(exchange.response?.body);
  if (!lines) return undefined;
  const values: number[] = [];
  for (const line of lines as UnlockLine[]) {
    const value = toAmount(line?.pointsUnlocked);
    if (value === undefined) return undefined;
    if (counted(line)) values.push(value);
  }
  return values;
};

/**
 * How a set of answers went, counted: `409 code 9409 ×16, 503 ×1`. The number that matters beside
 * a count of refusals is what they were, which the reader otherwise finds only in report.html.
 */
export function tallyAnswers(exchanges: readonly Exchange[]): string {
  const counts = new Map<string, number>();
  for (const e of exchanges) {
    const codes = answeredCodes(e);
    const key = e.response
      ? `${e.response.status}${codes.length ? ` code ${codes.join(', ')}` : ''}`
      : 'no answer';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, n]) => `${key} ×${n}`).join(', ');
}

/**
 * A field's value for evidence: its JSON, or `missing` when the answer leaves it out (JSON.stringify
 * gives undefined there, which read as a JavaScript value, or dropped the actual altogether).
 */
export const shownValue = (value: unknown): string => JSON.stringify(value) ?? 'missing';

/**
 * What keeps an unlock answer's lines from being summed, for evidence: the lines whose
 * pointsUnlocked is not a number (`line 1 of 2: pointsUnlocked true`), or, without lines, the
 * start of the body. Not the whole body: the summaries cut it before the value that matters.
 */
export const unsummedLines = (exchange: Exchange): string => {
  const lines = unlockLinesOf(exchange.response?.body);
  if (!lines) return `no pointsUnlocked lines: ${exchange.response?.bodyText.slice(0, 200) ?? 'no answer'}`;
  const bad = (lines as UnlockLine[])
    .map((line, i) => ({ i, value: line?.pointsUnlocked }))
    .filter(({ value }) => toAmount(value) === undefined)
    .map(({ i, value }) => `line ${i + 1} of ${lines.length}: pointsUnlocked ${shownValue(value)}`);
  return bad.length > 0 ? bad.join('; ') : `${lines.length} numeric line(s)`;
};

/** Whether an unlock answer claims to have moved points (a listed positive pointsUnlocked, or no list). */
export const claimsUnlock = (exchange: Exchange) => {
  const lines = unlockLinesOf(exchange.response?.body);
  if (!lines) return true;
  return lines.some((l) => (toAmount((l as { pointsUnlocked?: unknown } | null)?.pointsUnlocked) ?? 1) > 0);
};

export const isItemLine = (line: UnlockLine) => line?.itemCode !== undefined && line?.itemCode !== null;

/** A line of the bill itself: it carries a billNumber and no itemCode. */
const isBillLine = (line: UnlockLine) =>
  !isItemLine(line) && line?.billNumber !== undefined && line?.billNumber !== null;

/**
 * The page calls pointsUnlocked the "Total number of points unlocked for the bill": a target may give
 * the bill's total on its bill line and break it down on the other lines, its item lines only or its
 * promotion lines too. The lines counted under each reading: all but the item lines, the bill's alone.
 */
export const BILL_TOTAL_READINGS: readonly ((line: UnlockLine) => boolean)[] = [
  (line) => !isItemLine(line),
  isBillLine,
];
