/**
 * JSON as a Python service writes it (`json.dumps(obj, sort_keys=True)`): `", "` and `": "`
 * separators, keys sorted, non-ASCII escaped as `\uXXXX` (ensure_ascii), floats by `repr` (whole
 * values keep `.0`, exponents below 1e-4 and from 1e16: `1e-05`, `1e+16`), and decimal.Decimal
 * values as strings keeping their scale. Written apart from the handlers so that every answer of
 * the vendor shares one writer, as one framework would.
 */

/** A float column: written by Python's float repr. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Decimal column quantised to `scale` places, written as a string (`"670.00"`). */
export class PyDecimal {
  constructor(
    readonly units: number,
    readonly unitScale: number,
    readonly scale: number,
  ) {}
}

/** Python's float repr: the shortest round-tripping digits, with Python's exponent thresholds. */
export function floatRepr(x: number): string {
  if (!Number.isFinite(x)) throw new Error('not finite');
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${whole}.${frac === '' ? '0' : frac}`;
}

/** A Decimal's text: integer units of 10^-unitScale shown with exactly `scale` places. */
export function decimalText(d: PyDecimal): string {
  const negative = d.units < 0;
  let units = BigInt(Math.abs(d.units));
  // Quantise (ROUND_HALF_EVEN is never needed: amounts never carry more places than the program).
  const shift = d.unitScale - d.scale;
  if (shift > 0) units /= 10n ** BigInt(shift);
  else if (shift < 0) units *= 10n ** BigInt(-shift);
  const text = units.toString().padStart(d.scale + 1, '0');
  const body = d.scale === 0 ? text : `${text.slice(0, -d.scale)}.${text.slice(-d.scale)}`;
  return negative && units !== 0n ? `-${body}` : body;
}

function str(s: string): string {
  return JSON.stringify(s).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `json.dumps(value, sort_keys=True)`. */
export function dumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (value instanceof PyDecimal) return str(decimalText(value));
  if (typeof value === 'string') return str(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new Error('a float must be a PyFloat');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(dumps).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${str(k)}: ${dumps(v)}`).join(', ')}}`;
}
