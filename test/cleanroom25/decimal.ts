/**
 * Python's `Decimal` as the service uses it: amounts held as integer micro-points (no program
 * has more than 3 places), read from DRF `DecimalField` input and written with a program's fixed
 * places, as `COERCE_DECIMAL_TO_STRING` does.
 */
const SCALE = 6;
const UNIT = 10n ** BigInt(SCALE);

export interface Parsed {
  readonly micros: bigint;
  /** Places after the point as written (`"100.00"` → 2, `"1.50"` → 2). */
  readonly places: number;
}

/**
 * DRF DecimalField input: a JSON number or a numeric string, `Decimal(str(data).strip())`, so
 * exponents read too (`"1e2"`, `"2.5E-1"`); NaN, infinities, booleans and the rest are "A valid
 * number is required.". Places past micro-points are counted (for 8906) but not kept.
 */
export function parseDecimal(value: unknown): Parsed | undefined {
  if (typeof value !== 'number' && typeof value !== 'string') return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(String(value).trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  const digits = `${match[2]}${match[3] ?? ''}`.replace(/^0+(?=\d)/, '');
  // The value is digits × 10^-scale.
  const scale = (match[3] ?? '').length - Number(match[4] ?? 0);
  const shifted =
    scale <= SCALE
      ? BigInt(digits) * 10n ** BigInt(SCALE - scale)
      : BigInt(digits) / 10n ** BigInt(scale - SCALE);
  const fraction = scale > 0 ? digits.padStart(scale, '0').slice(-scale).replace(/0+$/, '') : '';
  return { micros: match[1] === '-' ? -shifted : shifted, places: fraction.length };
}

export const micros = (text: string): bigint => parseDecimal(text)?.micros ?? 0n;

/** `"{:.{places}f}"` of a micro amount; rounding is never needed (places are validated first). */
export function fixed(amount: bigint, places: number): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const whole = abs / UNIT;
  const fraction = (abs % UNIT).toString().padStart(SCALE, '0').slice(0, places);
  return `${negative ? '-' : ''}${whole}${places > 0 ? `.${fraction}` : ''}`;
}

/** Python's `repr(float)` for fabric's float figures: `100.0`, `-2.5`. */
export function floatText(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? `${value}.0` : String(value);
}
