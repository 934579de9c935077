/**
 * Numbers as the Haskell service holds them: PostgreSQL NUMERIC(14,3) columns read by
 * postgresql-simple into `Scientific` (here: a bigint of thousandths), written by aeson.
 */

/** A decimal as `Scientific` parses it: coefficient × 10^exponent, trailing zeros stripped. */
export interface Decimal {
  readonly coefficient: bigint;
  readonly exponent: number;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([-+]?\d+))?$/;

/** `Data.Scientific`'s reading of a literal (a JSON number's text or a numeric string); undefined if none. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  let digits = `${m[2]}${fraction}`.replace(/^0+(?=\d)/, '');
  let exponent = Number(m[4] ?? 0) - fraction.length;
  if (!Number.isFinite(exponent) || Math.abs(exponent) > 400) return undefined;
  while (digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    exponent += 1;
  }
  const coefficient = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  return { coefficient, exponent: coefficient === 0n ? 0 : exponent };
}

/** Decimal places a value needs (trailing zeros do not count: "100.00" needs none). */
export const placesOf = (d: Decimal): number => Math.max(0, -d.exponent);

/** The largest magnitude NUMERIC(14,3) holds, in thousandths; past it PostgreSQL raises 22003. */
export const NUMERIC_MAX = 99_999_999_999_999n;

/** Thousandths of a decimal of at most three places, or undefined past NUMERIC(14,3). */
export function toMilli(d: Decimal): bigint | undefined {
  if (placesOf(d) > 3 || d.exponent > 14) return undefined;
  const milli = d.coefficient * 10n ** BigInt(d.exponent + 3);
  return milli > NUMERIC_MAX || milli < -NUMERIC_MAX ? undefined : milli;
}

/** NUMERIC(14,3)'s text, as postgresql-simple hands a column to a `Text` field: "670.000". */
export function numericText(milli: bigint): string {
  const sign = milli < 0n ? '-' : '';
  const digits = (milli < 0n ? -milli : milli).toString().padStart(4, '0');
  return `${sign}${digits.slice(0, -3)}.${digits.slice(-3)}`;
}

/**
 * aeson's encoding of a `Scientific` read from NUMERIC(14,3): its base-10 exponent is -3, so aeson
 * falls back to `formatScientific Generic`: fixed notation for 0.1 ≤ |x| < 10^7 ("670.0",
 * "12.675"), scientific below and above ("1.0e-2", "1.23456785e7"); zero is "0.0".
 */
export function aesonNumber(milli: bigint): string {
  if (milli === 0n) return '0.0';
  const sign = milli < 0n ? '-' : '';
  const abs = (milli < 0n ? -milli : milli).toString();
  // value = 0.ds × 10^e, ds without trailing zeros.
  const e = abs.length - 3;
  const ds = abs.replace(/0+$/, '');
  if (e < 0 || e > 7) return `${sign}${ds[0]}.${ds.slice(1) || '0'}e${e - 1}`;
  if (e === 0) return `${sign}0.${ds}`;
  const whole = ds.slice(0, e).padEnd(e, '0');
  return `${sign}${whole}.${ds.slice(e) || '0'}`;
}
