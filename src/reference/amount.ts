/**
 * Exact decimal amounts for the reference ledger.
 *
 * Points are kept as integers of micro-points so that `670.000 - 100.55` is exact; a JS number
 * holds integers exactly up to 2^53, i.e. about 9 × 10^9 points at this scale, far above any
 * balance the reference dataset holds.
 */

/** Decimal places the ledger keeps; program round decimals may not exceed it. */
export const LEDGER_DECIMALS = 6;
const SCALE = 10 ** LEDGER_DECIMALS;

/** An amount in micro-points (an integer). */
export type Micro = number;

/** A parsed request amount: its exact value and the number of significant decimal places. */
export interface ParsedAmount {
  micro: Micro;
  /** Decimal places after dropping trailing zeros: "100.00" has 0, "1.230" has 2. */
  decimalPlaces: number;
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;
const EXPONENT_TEXT = /^(-?)(\d+)(?:\.(\d+))?e([+-]?\d+)$/i;

/**
 * The plain decimal text of a number's shortest round-trip text, exponent notation expanded
 * exactly: `1e-8` → `"0.00000001"`, `1.5e+21` → `"1500000000000000000000"`. (`toFixed` would round
 * `1e-8` to zero and leaves numbers ≥ 1e21 in exponent notation.)
 */
function plainDecimalText(value: number): string {
  // toString gives the shortest text that round-trips, so 101.54 stays "101.54".
  const text = value.toString();
  const match = EXPONENT_TEXT.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/**
 * Parses a JSON number or numeric string. Returns undefined for anything else, and for amounts
 * beyond what the ledger holds exactly (|micro| > 2^53). More decimal places than the ledger keeps
 * give `micro: NaN` with the true `decimalPlaces`, so that the caller reports them through the
 * program's round-decimals rule first and a precise 8906 reaches the client.
 */
export function parseAmount(value: unknown): ParsedAmount | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = plainDecimalText(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return undefined;
  }
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const significant = fraction.replace(/0+$/, '');
  if (significant.length > LEDGER_DECIMALS) {
    return { micro: Number.NaN, decimalPlaces: significant.length };
  }
  const micro = Number(whole) * SCALE + Number(significant.padEnd(LEDGER_DECIMALS, '0') || '0');
  if (micro > Number.MAX_SAFE_INTEGER) return undefined;
  return { micro: sign === '-' ? -micro : micro, decimalPlaces: significant.length };
}

/** Micro-points from a whole or decimal number written in a dataset. */
export function toMicro(points: number | string): Micro {
  const parsed = parseAmount(points);
  if (!parsed || Number.isNaN(parsed.micro)) throw new RangeError(`not an amount: ${String(points)}`);
  return parsed.micro;
}

/** Formats micro-points with a fixed number of decimals, as Capillary does ("670.000"). */
export function formatFixed(micro: Micro, decimals = 3): string {
  const negative = micro < 0;
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / SCALE);
  const fraction = String(abs % SCALE).padStart(LEDGER_DECIMALS, '0');
  const shown = decimals > 0 ? `.${fraction.slice(0, decimals).padEnd(decimals, '0')}` : '';
  return `${negative ? '-' : ''}${whole}${shown}`;
}

/** Micro-points as a JSON number (exact for the decimals the ledger keeps). */
export function toNumber(micro: Micro): number {
  return micro / SCALE;
}
