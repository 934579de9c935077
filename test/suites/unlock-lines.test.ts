import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import type { BalanceReading } from '../../src/engine/types.ts';
import {
  type LineProgramStanding,
  linesShowMove,
  namesPromotion,
  type ProgramReadings,
  programIdOf,
  promotionLinesWithoutId,
  standingOf,
} from '../../suites/unlock-lines.ts';

const reading = (mainPoints: number): BalanceReading =>
  ({ mainPoints, totalPoints: mainPoints }) as BalanceReading;

/** Main points over all programs and per listed program (id → points). */
const readings = (all: number, programs: Record<number, number>): ProgramReadings => ({
  allPrograms: reading(all),
  byProgram: new Map(Object.entries(programs).map(([id, points]) => [Number(id), reading(points)])),
});

describe('programIdOf', () => {
  it.each<[unknown, number | undefined]>([
    [469, 469],
    ['469', 469],
    [' 973 ', 973],
    [undefined, undefined],
    [null, undefined],
  ])('reads %j as %j', (value, expected) => {
    expect(programIdOf(value)).toBe(expected);
  });

  it.each([['P-469'], [''], [true], [{ id: 469 }]])('reads %j as naming no program (NaN)', (value) => {
    expect(programIdOf(value)).toBeNaN();
  });
});

describe('standingOf', () => {
  // customer-1001's programs before an unlock, with decimals and as whole numbers; one program only.
  const two = readings(790.5, { 469: 670, 973: 120.5 });
  const twoWhole = readings(790, { 469: 670, 973: 120 });
  const one = readings(670, { 469: 670 });
  const oneUp10 = readings(680, { 469: 680 });
  const wholeUp10In469 = readings(800, { 469: 680, 973: 120 });
  type Case = [string, number, number, ProgramReadings, ProgramReadings, LineProgramStanding];
  it.each<Case>([
    ['a listed program that rose', 469, 10, two, readings(800.5, { 469: 680, 973: 120.5 }), 'moved'],
    [
      'the other program of a bill over two',
      973,
      7.125,
      two,
      readings(807.625, { 469: 680, 973: 127.625 }),
      'moved',
    ],
    [
      'a listed program that did not rise',
      469,
      12.25,
      two,
      readings(802.75, { 469: 670, 973: 132.75 }),
      'not-moved',
    ],
    [
      'a rise of 0.25 hidden by whole numbers',
      973,
      0.25,
      twoWhole,
      wholeUp10In469,
      'hidden-by-whole-numbers',
    ],
    ['a rise of 5 that whole numbers cannot hide', 973, 5, twoWhole, wholeUp10In469, 'not-moved'],
    ['an unlisted program, the listed ones accounting for the move', 100469, 10, one, oneUp10, 'not-moved'],
    [
      'an unlisted program, the listed ones not accounting for the move',
      973,
      7,
      readings(790, { 469: 670 }),
      readings(807, { 469: 680 }),
      'unread',
    ],
    [
      'a programId that is no number, the listed ones accounting for the move',
      Number.NaN,
      10,
      one,
      oneUp10,
      'not-moved',
    ],
  ])('%s', (_case, programId, amount, before, after, expected) => {
    expect(standingOf(programId, amount, before, after)).toBe(expected);
  });
});

describe('promotion lines', () => {
  const example = {
    pointsUnlocked: 24,
    programId: 12,
    promotionIdentifier: 'id1',
    promotionId: 12,
    promotionName: 'promotion 1',
  };
  const billLine = { billNumber: 374, pointsUnlocked: 6, programId: 56 };

  it('tells a promotion line by any promotion field, a bill line by none', () => {
    expect(namesPromotion(example)).toBe(true);
    expect(namesPromotion({ pointsUnlocked: 5, promotionId: 12 })).toBe(true);
    expect(namesPromotion({ pointsUnlocked: 5, promotionName: 'promotion 1' })).toBe(true);
    expect(namesPromotion(billLine)).toBe(false);
    expect(namesPromotion({ ...billLine, promotionIdentifier: null, promotionName: '' })).toBe(false);
    expect(namesPromotion(null)).toBe(false);
  });

  it('finds the lines named as a promotion yet carrying neither promotionIdentifier nor promotionId', () => {
    const { promotionIdentifier: _identifier, promotionId: _id, ...nameOnly } = example;
    const emptied = { ...example, promotionIdentifier: '', promotionId: null };
    expect(promotionLinesWithoutId({ pointsUnlocked: [billLine, example] })).toEqual([]);
    expect(
      promotionLinesWithoutId({ pointsUnlocked: [{ ...example, promotionIdentifier: undefined }] }),
    ).toEqual([]);
    expect(promotionLinesWithoutId({ pointsUnlocked: [{ ...example, promotionId: undefined }] })).toEqual([]);
    expect(promotionLinesWithoutId({ pointsUnlocked: [billLine, nameOnly] })).toEqual([nameOnly]);
    expect(promotionLinesWithoutId({ pointsUnlocked: emptied })).toEqual([emptied]);
  });
});

describe('linesShowMove (what the one-program reads after an unlock are read again for)', () => {
  const answer = (lines: unknown[]) =>
    ({ response: { body: { pointsUnlocked: lines } } }) as unknown as Exchange;
  const before = readings(790, { 469: 670, 973: 120 });
  const lines = answer([{ programId: 469, pointsUnlocked: 10 }]);

  it("holds once each line's program shows its points, not on a read still showing the old balance", () => {
    expect(linesShowMove(lines, before, readings(800, { 469: 670, 973: 120 }))).toBe(false);
    expect(linesShowMove(lines, before, readings(800, { 469: 680, 973: 120 }))).toBe(true);
  });

  it('holds at once when no line names a program (nothing to read again for)', () => {
    expect(linesShowMove(answer([{ pointsUnlocked: 10 }]), before, before)).toBe(true);
  });
});
