/**
 * Points as the Go service keeps them: shopspring/decimal-like values, held here as integers of
 * millionths (no program has more than 3 round decimals; an amount finer than that is refused with
 * 8906 before it is ever added). `places` is what `Exponent()` says after trailing zeros are
 * stripped: `"100.00"` has none, `"1.2525E+1"` three.
 */
export interface Dec {
  readonly micros: bigint;
  readonly places: number;
  /** The same amount kept as a float64 ledger keeps it: parsed once, then added and subtracted as doubles. */
  readonly f: number;
}

const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);

/** decimal.NewFromString: plain or exponent form; null for anything else (`"lots"`, `""`, `"NaN"`). */
export function parseDec(text: string): Dec | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || `${m[2]}${m[3] ?? ''}` === '') return null;
  const digits = `${m[2]}${m[3] ?? ''}`.replace(/^0+(?=\d)/, '');
  const exponent = Number(m[4] ?? 0) - (m[3] ?? '').length;
  if (Math.abs(exponent) > 400) return null;
  const stripped = digits.replace(/0+$/, '');
  const trailing = digits.length - stripped.length;
  const places = stripped === '' ? 0 : Math.max(0, -(exponent + trailing));
  const shift = exponent + SCALE;
  let micros = BigInt(digits);
  micros = shift >= 0 ? micros * 10n ** BigInt(shift) : micros / 10n ** BigInt(-shift);
  return { micros: m[1] === '-' ? -micros : micros, places, f: Number(text) };
}

export const dec = (text: string): Dec => parseDec(text) as Dec;
export const ZERO: Dec = { micros: 0n, places: 0, f: 0 };

export const add = (a: Dec, b: Dec): Dec => ({ micros: a.micros + b.micros, places: 0, f: a.f + b.f });
export const sub = (a: Dec, b: Dec): Dec => ({ micros: a.micros - b.micros, places: 0, f: a.f - b.f });
export const sum = (values: Dec[]): Dec => values.reduce(add, ZERO);

/** decimal.String(): no exponent, trailing zeros stripped (`670`, `1249.5`, `-12.25`). */
export function decString(value: Dec): string {
  const negative = value.micros < 0n;
  const abs = negative ? -value.micros : value.micros;
  const whole = (abs / ONE).toString();
  const fraction = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * The float64 a balance field is written with: decimal.Float64() (the nearest double) for a decimal
 * ledger, or the double a float64 ledger accumulated (`2479.7400000000002` after 2480.75 − 1.01).
 */
export const decFloat = (value: Dec, float64Ledger = false): number =>
  float64Ledger ? value.f : Number(decString(value));

/** How an amount is written as a string: decimal.String(), or strconv.FormatFloat(f, 'f', -1, 64). */
export const amountString = (value: Dec, float64Ledger = false): string =>
  float64Ledger ? fixedShortest(value.f) : decString(value);

/** strconv.FormatFloat(f, 'f', -1, 64): the shortest digits that read back as f, never an exponent. */
export function fixedShortest(f: number): string {
  const text = String(f);
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = `${m[2]}${m[3] ?? ''}`;
  const point = 1 + Number(m[4]);
  const body = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : digits.padEnd(point, '0');
  return `${m[1]}${body}`;
}
