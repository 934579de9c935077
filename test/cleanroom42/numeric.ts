/**
 * PostgreSQL's NUMERIC(14,3) as the vendor's columns hold it: thousandths in a bigint. Text comes in
 * as PostgreSQL's numeric input reads it (an exponent allowed, as JSON.stringify writes small
 * doubles) and is rounded half away from zero to the column's scale; past 11 integer digits is
 * 22003, as the column would raise.
 */
export class NumericError extends Error {
  constructor(
    readonly code: '22P02' | '22003',
    message: string,
  ) {
    super(message);
  }
}

const NUMERIC_TEXT = /^\s*([+-]?)(\d+\.?\d*|\.\d+)(?:[eE]([+-]?\d+))?\s*$/;
const LIMIT = 10n ** 14n; // NUMERIC(14,3): 11 integer digits

/** The digits and scale PostgreSQL keeps for `text::numeric`, before any typmod. */
export function parseNumeric(text: string): { sign: bigint; digits: string; scale: number } {
  const m = NUMERIC_TEXT.exec(text);
  if (!m) throw new NumericError('22P02', `invalid input syntax for type numeric: "${text}"`);
  const [intPart = '', fracPart = ''] = (m[2] as string).split('.');
  let digits = `${intPart}${fracPart}`.replace(/^0+(?=\d)/, '') || '0';
  let scale = fracPart.length - Number(m[3] ?? 0);
  if (scale < 0) {
    digits = `${digits}${'0'.repeat(-scale)}`;
    scale = 0;
  }
  return { sign: m[1] === '-' ? -1n : 1n, digits, scale };
}

/** `trim_scale(scale(x))`: the decimals that carry a digit (100.00 has none). */
export function significantScale(text: string): number {
  const { digits, scale } = parseNumeric(text);
  let s = scale;
  let d = digits;
  while (s > 0 && d.endsWith('0')) {
    d = d.slice(0, -1);
    s--;
  }
  return s;
}

/** `text::numeric(14,3)` as thousandths. */
export function toMilli(text: string): bigint {
  const { sign, digits, scale } = parseNumeric(text);
  const value = BigInt(digits);
  let milli: bigint;
  if (scale <= 3) milli = value * 10n ** BigInt(3 - scale);
  else {
    const div = 10n ** BigInt(scale - 3);
    milli = value / div + ((value % div) * 2n >= div ? 1n : 0n);
  }
  if (milli >= LIMIT) throw new NumericError('22003', 'numeric field overflow');
  return sign * milli;
}

/** How PostgreSQL prints a NUMERIC(14,3): always three decimals ("670.500"). */
export function numericText(milli: bigint): string {
  const sign = milli < 0n ? '-' : '';
  const abs = milli < 0n ? -milli : milli;
  return `${sign}${abs / 1000n}.${(abs % 1000n).toString().padStart(3, '0')}`;
}
