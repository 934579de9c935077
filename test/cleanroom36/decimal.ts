/**
 * Foundation's `Decimal`, reduced to what the service uses: exact parsing of a JSON number's text
 * (up to 38 significant digits, as Swift's mantissa holds), the normalised `description` (trailing
 * zeros dropped: `Decimal(string: "100.00")` prints `100`), and Postgres `NUMERIC(14, 4)` columns,
 * kept here as integers of ten-thousandths (the column rounds half away from zero on write).
 */
export interface Decimal {
  /** value = mantissa × 10^exponent, mantissa without trailing zeros (0 has exponent 0). */
  readonly mantissa: bigint;
  readonly exponent: number;
}

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

function normalised(mantissa: bigint, exponent: number): Decimal {
  if (mantissa === 0n) return { mantissa: 0n, exponent: 0 };
  let m = mantissa;
  let e = exponent;
  while (m % 10n === 0n) {
    m /= 10n;
    e += 1;
  }
  return { mantissa: m, exponent: e };
}

/** `Decimal(string:)` on a strict numeric text; undefined where Swift would not get an exact value. */
export function parseDecimal(text: string): Decimal | undefined {
  const match = NUMBER.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exp = '0'] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits.replace(/0+$/, '').length > 38) return undefined;
  const exponent = Number(exp) - fraction.length;
  if (Math.abs(exponent) > 120) return undefined;
  const mantissa = BigInt(digits === '' ? '0' : digits);
  return normalised(sign === '-' ? -mantissa : mantissa, exponent);
}

/** Decimal places after normalisation: what `-amount.exponent` gives a Swift developer. */
export const decimalPlaces = (d: Decimal) => Math.max(0, -d.exponent);

export const isZero = (d: Decimal) => d.mantissa === 0n;
export const isNegative = (d: Decimal) => d.mantissa < 0n;

/** Swift's `Decimal.description`: plain digits, no exponent, no trailing zeros. */
export function describe(d: Decimal): string {
  const negative = d.mantissa < 0n;
  const digits = (negative ? -d.mantissa : d.mantissa).toString();
  let text: string;
  if (d.exponent >= 0) text = digits + '0'.repeat(d.exponent);
  else {
    const places = -d.exponent;
    const padded = digits.padStart(places + 1, '0');
    text = `${padded.slice(0, padded.length - places)}.${padded.slice(padded.length - places)}`;
  }
  return negative ? `-${text}` : text;
}

/** |d| < 10^power. */
export function below(d: Decimal, power: number): boolean {
  const digits = (d.mantissa < 0n ? -d.mantissa : d.mantissa).toString().length;
  return d.mantissa === 0n || digits + d.exponent <= power;
}

// ---- NUMERIC(14, 4) ------------------------------------------------------------------------

/** A NUMERIC(14, 4) value: ten-thousandths. */
export type Numeric = bigint;
const SCALE = 4;

/** The column's cast on write: rounded half away from zero to four places. */
export function toNumeric(d: Decimal): Numeric {
  const shift = d.exponent + SCALE;
  if (shift >= 0) return d.mantissa * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const negative = d.mantissa < 0n;
  const abs = negative ? -d.mantissa : d.mantissa;
  const rounded = (abs + divisor / 2n) / divisor;
  return negative ? -rounded : rounded;
}

/** PostgresNIO's NUMERIC → Decimal (through its text, as Fluent reads it). */
export const fromNumeric = (n: Numeric): Decimal => normalised(n, -SCALE);

/** What a Swift Double becomes in the column: `Decimal(double)` cast to NUMERIC(14, 4). */
export function numericOfDouble(x: number): Numeric {
  return toNumeric(parseDecimal(x.toFixed(6)) ?? { mantissa: 0n, exponent: 0 });
}

/** NUMERIC(14, 4) holds ten integer digits. */
export const NUMERIC_LIMIT: Numeric = 10n ** 14n;
