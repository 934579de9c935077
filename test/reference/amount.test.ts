import { describe, expect, it } from 'vitest';
import { formatFixed, parseAmount, toMicro, toNumber } from '../../src/reference/amount.ts';

describe('parseAmount', () => {
  it('parses the document example "100.00" as 100 with no significant decimals', () => {
    expect(parseAmount('100.00')).toEqual({ micro: 100_000_000, decimalPlaces: 0 });
  });

  it('parses the number 101.54 exactly, with 2 decimals', () => {
    expect(parseAmount(101.54)).toEqual({ micro: 101_540_000, decimalPlaces: 2 });
  });

  it('counts the decimals of "0.123" as 3 and drops trailing zeros ("1.230" has 2)', () => {
    expect(parseAmount('0.123')).toEqual({ micro: 123_000, decimalPlaces: 3 });
    expect(parseAmount('1.230')).toEqual({ micro: 1_230_000, decimalPlaces: 2 });
    expect(parseAmount('5.000000000')).toEqual({ micro: 5_000_000, decimalPlaces: 0 });
  });

  it('parses "-3" as a negative amount', () => {
    expect(parseAmount('-3')).toEqual({ micro: -3_000_000, decimalPlaces: 0 });
    expect(parseAmount(-3)).toEqual({ micro: -3_000_000, decimalPlaces: 0 });
  });

  it('reports 1e-7 as 7 decimals (more than the ledger keeps) with a NaN value', () => {
    const parsed = parseAmount(1e-7);
    expect(parsed?.decimalPlaces).toBe(7);
    expect(parsed?.micro).toBeNaN();
  });

  it('expands exponent notation exactly instead of rounding it to zero', () => {
    expect(parseAmount(1e-6)).toEqual({ micro: 1, decimalPlaces: 6 });
    expect(parseAmount(1e-8)?.decimalPlaces).toBe(8);
    expect(parseAmount(1.5e-10)?.decimalPlaces).toBe(11);
    expect(parseAmount(2.5e-7)?.decimalPlaces).toBe(8);
  });

  it('rejects text that is not a plain decimal', () => {
    for (const text of ['abc', '', ' ', '1.', '.5', '+3', '1e3', '1,5', '0x10', 'NaN', '1 000']) {
      expect(parseAmount(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('trims surrounding whitespace of a string', () => {
    expect(parseAmount(' 12.5 ')).toEqual({ micro: 12_500_000, decimalPlaces: 1 });
  });

  it('rejects values that are not numbers or strings, and non-finite numbers', () => {
    for (const value of [null, undefined, true, {}, [], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parseAmount(value)).toBeUndefined();
    }
  });

  it('rejects amounts beyond what the ledger holds exactly', () => {
    expect(parseAmount('9007199254')).toEqual({ micro: 9_007_199_254_000_000, decimalPlaces: 0 });
    expect(parseAmount('9007199255')).toBeUndefined();
    expect(parseAmount(1e25)).toBeUndefined();
    expect(parseAmount('99999999999999999999999')).toBeUndefined();
  });

  it('parses zero, "0.00" and -0 as zero', () => {
    expect(parseAmount(0)).toEqual({ micro: 0, decimalPlaces: 0 });
    expect(parseAmount('0.00')).toEqual({ micro: 0, decimalPlaces: 0 });
    expect(parseAmount(-0)?.micro).toBe(0);
  });
});

describe('formatFixed', () => {
  it('formats with 3 decimals by default, as Capillary does ("670.000")', () => {
    expect(formatFixed(670_000_000)).toBe('670.000');
  });

  it('formats negative amounts, including those between -1 and 0', () => {
    expect(formatFixed(-100_000_000)).toBe('-100.000');
    expect(formatFixed(-500_000)).toBe('-0.500');
  });

  it('formats with the decimals asked for, or none', () => {
    expect(formatFixed(101_540_000, 2)).toBe('101.54');
    expect(formatFixed(100_000_000, 1)).toBe('100.0');
    expect(formatFixed(120_377_000, 0)).toBe('120');
    expect(formatFixed(1, 6)).toBe('0.000001');
  });

  it('formats zero without a sign', () => {
    expect(formatFixed(0)).toBe('0.000');
    expect(formatFixed(-0)).toBe('0.000');
  });
});

describe('toMicro and toNumber', () => {
  it('round-trips the dataset amounts', () => {
    expect(toMicro(120.5)).toBe(120_500_000);
    expect(toMicro('12.25')).toBe(12_250_000);
    expect(toNumber(toMicro('867.75'))).toBe(867.75);
  });

  it('throws a RangeError for what is not an amount', () => {
    expect(() => toMicro('abc')).toThrow(RangeError);
    expect(() => toMicro('1.1234567')).toThrow(RangeError);
  });
});
