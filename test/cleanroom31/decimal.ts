/**
 * MySQL DECIMAL(12,3) as SQLAlchemy hands it to Python: every amount is kept in thousandths (an
 * integer), and written back either as `str(Decimal)` (always three places, as the column stores
 * it) or as Python's `repr(float(...))` where the service converts to float.
 */

/** A numeric string Python's Decimal() would read (no NaN/Infinity: marshmallow refuses them). */
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Whether `text` is a finite decimal literal. */
export function isNumericText(text: string): boolean {
  return NUMERIC.test(text.trim());
}

/**
 * Decimal places of an amount once trailing zeros are dropped (Decimal.normalize()): "100.00" has
 * none, so the page's own example fits a program of 0 round decimals.
 */
export function placesOf(text: string): number {
  const t = text.trim().toLowerCase();
  const [mantissa = '', exp = '0'] = t.split('e');
  const fraction = (mantissa.split('.')[1] ?? '').replace(/0+$/, '');
  return Math.max(0, fraction.length - Number(exp));
}

/** Thousandths of an amount of at most three places (checked by the caller). */
export function toMillis(text: string): number {
  return Math.round(Number(text.trim()) * 1000);
}

/** `str(Decimal)` of a DECIMAL(12,3) value: always three places. */
export function decimalText(millis: number): string {
  const sign = millis < 0 ? '-' : '';
  const abs = Math.abs(millis);
  return `${sign}${Math.trunc(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/**
 * Python's repr of a float: the shortest round-trip digits, scientific below 1e-4 and from 1e16,
 * always a `.0` on whole numbers, a two-digit exponent at least (`1e-05`, `1e+16`).
 */
export function pyFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [digits = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const sign = exp < 0 ? '-' : '+';
    return `${digits}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const text = String(x);
  return text.includes('.') ? text : `${text}.0`;
}

/** A DECIMAL(12,3) value read back as a float. */
export function millisFloat(millis: number): number {
  return millis / 1000;
}
