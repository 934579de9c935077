/**
 * The Decimal library as the Phoenix service uses it: a coefficient and an exponent, so a value
 * keeps the scale it was written with (`Decimal.new("10.00")` stays "10.00") and a sum takes the
 * larger scale of its terms, as PostgreSQL's `numeric` does too. Only what the service needs.
 */
export interface Decimal {
  readonly coef: bigint;
  /** Digits after the point (Decimal's negative exponent); never negative here. */
  readonly scale: number;
}

const NUMERIC = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-]?)\.(\d+)(?:[eE]([+-]?\d+))?$/;

/** Decimal.parse/1 of a string, or Decimal.from_float/1 of a JSON number; undefined when not a number. */
export function parseDecimal(input: unknown): Decimal | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? parseDecimal(String(input)) : undefined;
  if (typeof input !== 'string' || input.length > 64) return undefined;
  const m = NUMERIC.exec(input);
  if (m === null) return undefined;
  const [sign, whole, fraction, exponent] =
    m[2] !== undefined ? [m[1], m[2], m[3] ?? '', m[4]] : [m[5], '0', m[6] ?? '', m[7]];
  const shift = Number(exponent ?? 0);
  if (Math.abs(shift) > 30) return undefined;
  let coef = BigInt(`${whole}${fraction}`);
  let scale = fraction.length - shift;
  if (scale < 0) {
    coef *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { coef: sign === '-' ? -coef : coef, scale };
}

function widen(d: Decimal, scale: number): bigint {
  return d.coef * 10n ** BigInt(scale - d.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { coef: widen(a, scale) + widen(b, scale), scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  return add(a, { coef: -b.coef, scale: b.scale });
}

export function compare(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const d = widen(a, scale) - widen(b, scale);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

export const zero = (scale: number): Decimal => ({ coef: 0n, scale });

/** Decimal.normalize/1's scale: places left once trailing zeros are dropped. */
export function places(d: Decimal): number {
  let { coef, scale } = d;
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale -= 1;
  }
  return scale;
}

/** Rescaled to `scale` places; only called where no digit is lost (places(d) <= scale). */
export function rescale(d: Decimal, scale: number): Decimal {
  if (scale >= d.scale) return { coef: widen(d, scale), scale };
  return { coef: d.coef / 10n ** BigInt(d.scale - scale), scale };
}

/** Decimal.to_string(d, :normal): the scale kept, as Jason writes a Decimal. */
export function toText(d: Decimal): string {
  const negative = d.coef < 0n;
  const digits = (negative ? -d.coef : d.coef).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale > 0 ? `.${digits.slice(digits.length - d.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

export const toFloat = (d: Decimal): number => Number(toText(d));

/** A literal of the seed data. */
export const dec = (text: string): Decimal => parseDecimal(text) as Decimal;
