/**
 * rust_decimal as the clean room's service uses it: a 96-bit mantissa and a scale, kept here as a
 * bigint and a count of places. `Decimal::from_str` takes plain notation only (no exponent), and
 * deserializing a JSON number goes through its shortest decimal text, as serde_json's
 * arbitrary-precision feature hands it over.
 */
export interface Decimal {
  readonly mantissa: bigint;
  readonly scale: number;
}

/** rust_decimal refuses more than 28 places and mantissas past 96 bits. */
const MAX_SCALE = 28;
const MAX_MANTISSA = (1n << 96n) - 1n;

function checked(mantissa: bigint, scale: number): Decimal | undefined {
  if (scale > MAX_SCALE || mantissa > MAX_MANTISSA || -mantissa > MAX_MANTISSA) return undefined;
  return { mantissa, scale };
}

/** `Decimal::from_str`: an optional sign, digits, an optional point and digits; nothing else. */
export function parseDecimalText(text: string): Decimal | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match || `${match[2]}${match[3] ?? ''}` === '') return undefined;
  const places = match[3] ?? '';
  const mantissa = BigInt(`${match[2]}${places}` || '0');
  return checked(match[1] === '-' ? -mantissa : mantissa, places.length);
}

/** A JSON number as rust_decimal's visitor reads it: its shortest text, exponent applied. */
export function decimalFromNumber(value: number): Decimal | undefined {
  if (!Number.isFinite(value)) return undefined;
  const [digits = '', exponentText = '0'] = String(value).split('e');
  const plain = parseDecimalText(digits);
  if (!plain) return undefined;
  const exponent = Number(exponentText);
  if (exponent >= 0) {
    const shift = Math.min(exponent, plain.scale);
    return checked(plain.mantissa * 10n ** BigInt(exponent - shift), plain.scale - shift);
  }
  return checked(plain.mantissa, plain.scale - exponent);
}

/** `Decimal::normalize().scale()`: places without trailing zeros (`100.00` has none). */
export function significantPlaces(value: Decimal): number {
  let { mantissa, scale } = value;
  while (scale > 0 && mantissa % 10n === 0n) {
    mantissa /= 10n;
    scale -= 1;
  }
  return scale;
}

/** `Decimal::rescale`: to `scale` places (only ever widened or exact here). */
export function rescale(value: Decimal, scale: number): Decimal {
  if (scale >= value.scale) return { mantissa: value.mantissa * 10n ** BigInt(scale - value.scale), scale };
  return { mantissa: value.mantissa / 10n ** BigInt(value.scale - scale), scale };
}

/** Addition keeps the larger scale, as rust_decimal's does. */
export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { mantissa: rescale(a, scale).mantissa + rescale(b, scale).mantissa, scale };
}

export function negate(a: Decimal): Decimal {
  return { mantissa: -a.mantissa, scale: a.scale };
}

export function compare(a: Decimal, b: Decimal): number {
  const difference = add(a, negate(b)).mantissa;
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

export const ZERO: Decimal = { mantissa: 0n, scale: 0 };

/** `Display` (and so `serde-with-str`): every place of the scale kept, `670.000`. */
export function decimalText(value: Decimal): string {
  const negative = value.mantissa < 0n;
  const digits = (negative ? -value.mantissa : value.mantissa).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = value.scale > 0 ? `.${digits.slice(digits.length - value.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** A decimal from a literal of the seed data (a number of places is part of it). */
export function dec(text: string): Decimal {
  const parsed = parseDecimalText(text);
  if (!parsed) throw new Error(`not a decimal: ${text}`);
  return parsed;
}

/** `f64` as `{:?}` and serde_json (ryu) write it: `100.0`, `-2.5`, `1e21`. */
export function f64Text(value: number): string {
  const text = String(value).replace('e+', 'e');
  return /[.e]|inf|NaN/i.test(text) ? text : `${text}.0`;
}
