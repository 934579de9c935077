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

/**
 * Parses a JSON number or numeric string. Returns undefined for anything else or for more decimal
 * places than the ledger keeps (the caller reports those through the program's round-decimals rule
 * first, so a precise 8906 reaches the client).
 */
export function parseAmount(value: unknown): ParsedAmount | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // toString gives the shortest text that round-trips, so 101.54 stays "101.54".
    text = value.toString();
    if (/e/i.test(text)) text = value.toFixed(LEDGER_DECIMALS + 1);
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
