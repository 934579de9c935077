/**
 * Ruby's BigDecimal as the service's `decimal(15,6)` columns hold it: an exact count of
 * millionths. Rails casts numeric request values (a JSON number or a numeric string) into it, and
 * ActiveSupport writes it in JSON as the string `BigDecimal#to_s` gives in Rails ("100.0", "2.5",
 * "-3.25": no trailing zeros, but one `.0` for whole values).
 */
export const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);

/** A decimal read from a request: its value in millionths and its decimal places counted by value. */
export interface Parsed {
  readonly micros: bigint;
  readonly places: number;
}

// What Kernel#BigDecimal reads from a string (leading and trailing spaces allowed), or a JSON number's text.
const NUMERIC = /^\s*([+-]?)(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;

/** Ruby's `BigDecimal(value)` for a JSON number or a string; `undefined` where it would raise (numericality: "is not a number"). */
export function parseDecimal(value: unknown): Parsed | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  const text = typeof value === 'number' ? numberText(value) : value;
  const m = NUMERIC.exec(text);
  if (!m || (m[2] === undefined && !m[3])) return undefined;
  const exponent = Number(m[4] ?? 0);
  if (Math.abs(exponent) > 40) return undefined;
  let digits = `${m[2] ?? ''}${m[3] ?? ''}`.replace(/^0+(?=\d)/, '');
  let places = (m[3] ?? '').length - exponent;
  // Decimal places counted by value: BigDecimal("100.00") == 100.
  while (places > 0 && digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    places -= 1;
  }
  if (/^0*$/.test(digits)) return { micros: 0n, places: 0 };
  const whole = BigInt(digits);
  const micros =
    places <= SCALE ? whole * 10n ** BigInt(SCALE - places) : whole / 10n ** BigInt(places - SCALE);
  return { micros: m[1] === '-' ? -micros : micros, places: Math.max(places, 0) };
}

/** A JS number's text in plain digits (`1e-7` → `0.0000001`), as Ruby's Float#to_d reads it. */
function numberText(n: number): string {
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(20).replace(/0+$/, '') : text;
}

/** Millionths from a whole or fractional literal of the seed data ("2480.5"). */
export function d(text: string): bigint {
  const parsed = parseDecimal(text);
  if (!parsed) throw new Error(`bad decimal ${text}`);
  return parsed.micros;
}

/** `BigDecimal#to_s` as Rails writes it: "670.0", "12.125", "-0.5". */
export function railsDecimal(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / ONE;
  const fraction = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '') || '0';
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}
