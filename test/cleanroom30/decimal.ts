/**
 * Postgres NUMERIC arithmetic as the service's pgx driver sees it: an amount is an integer of units
 * at a scale (the program's round decimals), printed as psql prints NUMERIC(18, scale).
 */

/** Plain decimal text, or a JSON number's text (Go's strconv may write an exponent). */
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Digits and the power of ten they are scaled by, or undefined for text that is not a decimal. */
function parse(text: string): { sign: bigint; digits: bigint; exponent: number } | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const fraction = m[3] ?? '';
  return {
    sign: m[1] === '-' ? -1n : 1n,
    digits: BigInt(`${m[2]}${fraction}`),
    exponent: Number(m[4] ?? '0') - fraction.length,
  };
}

/** Decimal places an amount carries, trailing zeros not counted (`"100.00"` has none). */
export function placesOf(text: string): number | undefined {
  const p = parse(text);
  if (!p) return undefined;
  let { digits, exponent } = p;
  while (exponent < 0 && digits % 10n === 0n && digits !== 0n) {
    digits /= 10n;
    exponent += 1;
  }
  return digits === 0n ? 0 : Math.max(0, -exponent);
}

/** The amount in units of 10^-scale; the caller has checked it carries no more places. */
export function toUnits(text: string, scale: number): bigint {
  const p = parse(text);
  if (!p) throw new Error(`not a decimal: ${text}`);
  const shift = p.exponent + scale;
  const units = shift >= 0 ? p.digits * 10n ** BigInt(shift) : p.digits / 10n ** BigInt(-shift);
  return p.sign * units;
}

/** NUMERIC(18, scale) as text: `1520.50`, `800`, `-3.00`. */
export function numericText(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${whole}` : whole;
}

/** The double a `double` proto field carries (protojson writes it in its shortest form). */
export function toDouble(units: bigint, scale: number): number {
  return Number(numericText(units, scale));
}

/** A JSON number's text without exponent, so its places can be counted. */
export function numberText(n: number): string {
  const text = String(n);
  return /e/i.test(text) ? n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : text;
}
