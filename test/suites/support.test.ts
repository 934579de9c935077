import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import type { BalanceReading, NamedCustomer, ScenarioContext } from '../../src/engine/types.ts';
import type { OrgProfile } from '../../src/profile/types.ts';
import {
  type BalanceExpectation,
  PARTS_SHOWN_FEWER_NOTE,
  readAsWholeNumber,
  shownFewerNote,
  WHOLE_BALANCE_NOTE,
} from '../../suites/balance-reading.ts';
import {
  availableReadingNote,
  availableRoundedFewer,
  ledgerShownBy,
  pointsAvailableAccepted,
} from '../../suites/points-available.ts';
import { declaredDecimals, sameBalanceShown, whenNegativeBalance } from '../../suites/support.ts';
import { shownValue, tallyAnswers, unsummedLines } from '../../suites/unlock-sums.ts';
import { fakeProfile } from '../engine/fakes.ts';

const reading = (mainPoints: number, totalPoints = mainPoints): BalanceReading =>
  ({ mainPoints, totalPoints }) as BalanceReading;

const deduction = (bodyText: string): Exchange => ({ response: { bodyText } }) as unknown as Exchange;

describe('readAsWholeNumber', () => {
  it.each<[string, number, BalanceExpectation]>([
    ['a deduction of decimals, dropped', 668, { plus: [670], delta: -1.01 }],
    ['a deduction of decimals, rounded', 669, { plus: [670], delta: -1.01 }],
    ['a whole deduction across zero, dropped (0.37 − 32 shows −31)', -31, { plus: [0], delta: -32 }],
    ['a sum over programs, each figure rounded on its own', 791, { plus: [669, 121] }],
    ['an unlock of 12.25 points showing as 12', 680, { plus: [668], delta: 12.25 }],
    [
      'a deduction of three decimals, every figure shown with two',
      668.99,
      { plus: [670], delta: -1.005, seen: [reading(120.55)] },
    ],
    [
      'a sum over programs written with fewer decimals than its figures',
      868.18,
      { plus: [789.5, 78.675], seen: [reading(789.5), reading(78.675)], sumOverPrograms: true },
    ],
  ])('reads %s as a whole number', (_case, read, expectation) => {
    expect(readAsWholeNumber(read, expectation)).toBe(true);
  });

  it.each<[string, number, BalanceExpectation]>([
    ['one point too many of a whole deduction', 666, { plus: [668], delta: -1 }],
    ['one point too many across zero', -11, { plus: [0], delta: -10 }],
    ['a read with decimals', 668.5, { plus: [670], delta: -1.01 }],
    ['a whole read two points off', 667, { plus: [670], delta: -1.01 }],
    [
      'readings that show more decimals elsewhere',
      669,
      { plus: [670], delta: -1.01, seen: [reading(120.55)] },
    ],
    [
      'one hundredth too many, every figure shown with two decimals',
      668.98,
      { plus: [670], delta: -1.01, seen: [reading(120.55)] },
    ],
    [
      'a sum over programs with fewer decimals, not its own figures summed',
      868.18,
      { plus: [789.5, 78.675], seen: [reading(789.5), reading(78.675)] },
    ],
    [
      'a sum over programs with fewer decimals, off by more than their rounding',
      868.19,
      { plus: [789.5, 78.675], seen: [reading(789.5), reading(78.675)], sumOverPrograms: true },
    ],
    [
      'a deduction whose pointsAvailable writes the read with decimals',
      669,
      { plus: [670], delta: -1.01, deductions: [deduction('{"pointsAvailable":"669.00"}')] },
    ],
    [
      'a whole move whose one deduction answered the predicted figure (fault hunt 33)',
      -9,
      { plus: [47], delta: -57, deductions: [deduction('{"pointsAvailable":"-10.000"}')] },
    ],
  ])('does not read %s as a whole number', (_case, read, expectation) => {
    expect(readAsWholeNumber(read, expectation)).toBe(false);
  });
});

describe('shownFewerNote', () => {
  const wholeReads = { plus: [22, 121], seen: [reading(22), reading(121)], sumOverPrograms: true };

  it('words a sum over programs with more decimals than its whole one-program reads as its parts shown fewer (variant hunt 57)', () => {
    // 21.6 and 120.5 read 22 and 121 (half up), summed exactly by the read without programId.
    expect(shownFewerNote(142.1, wholeReads)).toBe(PARTS_SHOWN_FEWER_NOTE);
    expect(shownFewerNote(142.1, wholeReads)).not.toBe(WHOLE_BALANCE_NOTE);
  });

  it('words a read with fewer decimals than its figures as the read shown whole, and words no figure no display explains', () => {
    const sum = { plus: [789.5, 78.675], seen: [reading(789.5), reading(78.675)], sumOverPrograms: true };
    expect(shownFewerNote(868.18, sum)).toBe(WHOLE_BALANCE_NOTE);
    expect(shownFewerNote(669, { plus: [670], delta: -1.01 })).toBe(WHOLE_BALANCE_NOTE);
    expect(shownFewerNote(145.1, wholeReads)).toBeUndefined();
    expect(shownFewerNote(142.1, { ...wholeReads, sumOverPrograms: false })).toBeUndefined();
  });
});

describe('sameBalanceShown', () => {
  const balance = (entityId: number, mainPoints: number, totalPoints = mainPoints): BalanceReading =>
    ({ entityId, mainPoints, totalPoints }) as BalanceReading;

  it('takes one balance written with fewer decimals in one answer, either way round, as shown the same (variant hunt 54)', () => {
    expect(sameBalanceShown(balance(7, 668.95, 670.25), balance(7, 669, 670))).toBe(true);
    expect(sameBalanceShown(balance(7, 669, 670), balance(7, 668.95, 670.25))).toBe(true);
    expect(sameBalanceShown(balance(7, 668.95), balance(7, 668.9))).toBe(true);
    expect(sameBalanceShown(balance(7, 1.25), balance(7, 1.25))).toBe(true);
  });

  it('refuses another customer, a figure no rounding explains, or two figures of one count of decimals', () => {
    expect(sameBalanceShown(balance(7, 668.95), balance(8, 669))).toBe(false);
    expect(sameBalanceShown(balance(7, 668.95), balance(7, 667))).toBe(false);
    expect(sameBalanceShown(balance(7, 668.95, 670.25), balance(7, 669, 672))).toBe(false);
    expect(sameBalanceShown(balance(7, 668.95), balance(7, 668.94))).toBe(false);
  });
});

describe('availableReadingNote', () => {
  it("takes a program's read with fewer decimals for pointsAvailable with its decimals dropped (variant hunt 28)", () => {
    expect(availableReadingNote(48.45, 48.4, 54.7, 2).inferred).toBeDefined();
    expect(availableReadingNote(-10.55, -10.6, -4.3, 2).inferred).toBeDefined();
  });

  it('refuses it where pointsAvailable has more decimals than the program keeps', () => {
    expect(availableReadingNote(665.991, 665.99, 782.49, 2).inferred).toBeUndefined();
  });

  it('takes any read with fewer decimals as a display where the profile declares none, but no other figure (variant hunt 54)', () => {
    // -1.989 raised to one decimal reads -1.9; no page lists a program's decimals.
    expect(availableReadingNote(-1.989, -1.9, -13.9).inferred).toBeDefined();
    expect(availableReadingNote(48.45, 48.4, 54.7).inferred).toBeDefined();
    // A tenth off is no rounding of it, declared or not.
    expect(availableReadingNote(48.55, 48.4, 54.7).inferred).toBeUndefined();
    expect(availableReadingNote(-2.089, -1.9, -1.9).inferred).toBeUndefined();
  });

  it("takes the read over all programs with fewer decimals for the sum with its finest program's decimals (pafix49)", () => {
    // -1.99 in a 2-decimal program beside 0.001 in a 3-decimal one, read -1.9 (truncated) in both reads.
    expect(availableReadingNote(-1.989, -1.9, -1.9, 2, 3).inferred).toBeDefined();
    expect(availableReadingNote(-1.989, -1.9, -1.9, 2).inferred).toBeUndefined();
    // A tenth off the sum is no display of it; nor is a figure finer than any program keeps.
    expect(availableReadingNote(-2.089, -1.9, -1.9, 2, 3).inferred).toBeUndefined();
    expect(availableReadingNote(-1.9891, -1.9, -1.9, 2, 3).inferred).toBeUndefined();
  });
});

describe('availableRoundedFewer', () => {
  const oneDecimal = [{ plus: [665.0], delta: -1.01, seen: [reading(664), reading(782.5)] }];
  it('takes pointsAvailable written with fewer decimals than the program as a rounding of a ledger figure the reads allow (pafix48)', () => {
    // 663.99 read 664.0 (one decimal) and answered 663 (the table's Integer) or 665.
    expect(availableRoundedFewer(663, 0, [664], oneDecimal, 2)).toBe(true);
    expect(availableRoundedFewer(665, 0, [664], oneDecimal, 2)).toBe(true);
    // 2.998 read 2 (whole) and answered "3.00"; exact reads of 117.499 answered "117.50" or "117.49".
    expect(availableRoundedFewer(3, 2, [2], [{ plus: [3], delta: -1.001, seen: [reading(2)] }], 3)).toBe(
      true,
    );
    expect(availableRoundedFewer(117.5, 2, [117.499], [{ plus: [118.5], seen: [reading(117.499)] }], 3)).toBe(
      true,
    );
    expect(
      availableRoundedFewer(117.49, 2, [117.499], [{ plus: [118.5], seen: [reading(117.499)] }], 3),
    ).toBe(true);
    // No round decimals declared (variant hunt 55): as if the program kept the example's three.
    expect(availableRoundedFewer(663, 0, [664], oneDecimal, undefined)).toBe(true);
  });

  it("refuses a figure past that rounding, the program's decimals written (the example's three where none are declared), or no reading given", () => {
    expect(availableRoundedFewer(662, 0, [664], oneDecimal, 2)).toBe(false);
    expect(
      availableRoundedFewer(117.48, 2, [117.499], [{ plus: [118.5], seen: [reading(117.499)] }], 3),
    ).toBe(false);
    expect(availableRoundedFewer(663.9, 2, [664], oneDecimal, 2)).toBe(false);
    expect(availableRoundedFewer(662, 0, [664], oneDecimal, undefined)).toBe(false);
    // None declared: the ledger may keep the example's three ("670.000"), no more.
    expect(availableRoundedFewer(663, 3, [664], oneDecimal, undefined)).toBe(false);
    expect(availableRoundedFewer(663, 0, [664], [], 2)).toBe(false);
  });
});

describe('pointsAvailableAccepted', () => {
  it('takes the sum over programs written with fewer decimals than its finest program as a rounding of it (variant hunt 48)', () => {
    // -9.495 over all programs (973 keeps 3 decimals), written "-9.50" with 469's 2, read -9.4 truncated.
    const shown = [{ plus: [], seen: [reading(-11.5), reading(-9.4)] }];
    expect(
      pointsAvailableAccepted(-9.5, -11.5, -9.4, { keeps: 2, written: 2, keepsAll: 3, shownBy: shown }),
    ).toBe(true);
    // Against the program's own decimals alone (no finer program), or a hundredth past the rounding, it fails.
    expect(
      pointsAvailableAccepted(-9.5, -11.5, -9.4, { keeps: 2, written: 2, keepsAll: 2, shownBy: shown }),
    ).toBe(false);
    expect(
      pointsAvailableAccepted(-9.51, -11.5, -9.4, { keeps: 2, written: 2, keepsAll: 3, shownBy: shown }),
    ).toBe(false);
  });
});

describe('ledgerShownBy', () => {
  const ctx = {
    org: { config: { defaultProgramId: 469, programs: [{ id: 469, roundDecimals: 2 }, { id: 973 }] } },
  } as unknown as ScenarioContext;
  const success = (pointsAvailable: string, programId?: number): Exchange =>
    ({
      request: { body: programId === undefined ? {} : { programId } },
      response: {
        status: 200,
        body: { status: 'success', pointsAvailable },
        bodyText: JSON.stringify({ status: 'success', pointsAvailable }),
      },
    }) as unknown as Exchange;
  const customer = (programs: number[]) => ({ programs }) as unknown as NamedCustomer;

  it("keeps pointsAvailable written with the program's declared round decimals or more", () => {
    const [two, three] = [success('-31.00', 469), success('-31.000')];
    expect(ledgerShownBy(ctx, customer([469]), [two, three])).toEqual([two, three]);
  });

  it('drops pointsAvailable written with fewer decimals than the program keeps (variant hunt 26)', () => {
    expect(ledgerShownBy(ctx, customer([469]), [success('-31.0', 469)])).toEqual([]);
  });

  it('drops every pointsAvailable of a customer declaring several programs: it may be their sum', () => {
    expect(ledgerShownBy(ctx, customer([469, 973]), [success('-31.00', 469)])).toEqual([]);
  });

  it("keeps a customer declaring several programs' pointsAvailable a point or more from their sum (fault hunt 33)", () => {
    const [far, near] = [success('-10.000', 469), success('-4.500', 469)];
    expect(ledgerShownBy(ctx, customer([469, 973]), [far, near], -4)).toEqual([far]);
  });

  it('drops pointsAvailable of a program whose round decimals the profile does not declare', () => {
    expect(ledgerShownBy(ctx, customer([973]), [success('-31.000', 973)])).toEqual([]);
  });
});

describe('premises: what a failure rests on in the profile', () => {
  const org = fakeProfile().capillary!.orgs[0]!;
  const withConfig = (config: Partial<OrgProfile['config']>): OrgProfile => ({
    ...org,
    config: { ...org.config, ...config },
  });

  it('whenNegativeBalance names the declared setting when it runs the branch, none when unknown', () => {
    expect(whenNegativeBalance('on')(withConfig({ negativeBalanceOnReturn: 'on' }))).toEqual({
      run: true,
      premise: `capillary.orgs[${org.id}].config.negativeBalanceOnReturn: on`,
    });
    const unknown = whenNegativeBalance('on')(withConfig({ negativeBalanceOnReturn: 'unknown' }));
    expect(unknown).not.toHaveProperty('premise');
  });

  it('declaredDecimals names the round decimals declared per program, none when none is', () => {
    const programs = [{ id: 469, roundDecimals: 2 }, { id: 973 }];
    expect(declaredDecimals(withConfig({ programs }))).toEqual({
      run: true,
      premise: `capillary.orgs[${org.id}].config.programs: 469 roundDecimals 2`,
    });
    expect(declaredDecimals(withConfig({ programs: [{ id: 973 }] }))).toEqual({ run: true });
  });
});

describe('evidence texts', () => {
  const answer = (status: number, body: unknown): Exchange =>
    ({ response: { status, body, bodyText: JSON.stringify(body) } }) as unknown as Exchange;

  it('names a field the answer leaves out as missing, not as a JavaScript undefined', () => {
    expect(shownValue(undefined)).toBe('missing');
    expect(shownValue(null)).toBe('null');
    expect(shownValue('10.0 points added')).toBe('"10.0 points added"');
  });

  it('counts refusals by what they were, string codes shown as they came', () => {
    const refusals = [
      answer(409, { errors: [{ code: 9409 }] }),
      answer(409, { errors: [{ code: 9409 }] }),
      answer(400, { errors: [{ code: '8907' }] }),
      { response: undefined } as unknown as Exchange,
    ];
    expect(tallyAnswers(refusals)).toBe(
      '409 code 9409 ×2, 400 code "8907" (a string, not a number) ×1, no answer ×1',
    );
  });

  it("names an unlock's lines that cannot be summed, not the whole body", () => {
    const lines = [
      { pointsUnlocked: 6, billNumber: 'B-1' },
      { pointsUnlocked: true, billNumber: 'B-1' },
    ];
    expect(unsummedLines(answer(200, { pointsUnlocked: lines }))).toBe('line 2 of 2: pointsUnlocked true');
    expect(unsummedLines(answer(200, { status: 'ok' }))).toBe('no pointsUnlocked lines: {"status":"ok"}');
  });
});
