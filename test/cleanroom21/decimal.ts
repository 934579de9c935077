/**
 * C#'s `decimal` as this vendor's columns hold it: a value in thousandths (the SQL column is
 * decimal(18,3)), written with the column's scale as System.Text.Json writes a decimal (`1250.500`,
 * `800.000` even in a 0-decimal program). A bigint, so balances never pass through a double.
 */
export type Thousandths = bigint;

/** A decimal read from request text: its value and the places it carries once trailing zeros go. */
export interface ParsedDecimal {
  readonly units: bigint;
  readonly scale: number;
  readonly negative: boolean;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal from JSON-number or numeric-string text (exponents as decimal.Parse with
 * NumberStyles.Float reads them). The scale is counted by value: `100.00` is whole, because the
 * vendor compares a normalised decimal with the program's round decimals. Undefined when not a number.
 */
export function parseDecimal(text: string): ParsedDecimal | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  let digits = `${m[2]}${m[3] ?? ''}`;
  let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  let units = BigInt(digits);
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale, negative: m[1] === '-' && units !== 0n };
}

/** The value in thousandths; only for a decimal whose scale is at most 3 (checked by the caller). */
export function toThousandths(d: ParsedDecimal): Thousandths {
  const value = d.units * 10n ** BigInt(3 - d.scale);
  return d.negative ? -value : value;
}

/** Writes thousandths with `places` decimals (3 for the Capillary columns, 2 for fabric's). */
export function formatScaled(value: Thousandths, places = 3): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const shifted = places >= 3 ? abs * 10n ** BigInt(places - 3) : abs / 10n ** BigInt(3 - places);
  const text = shifted.toString().padStart(places + 1, '0');
  const whole = places === 0 ? text : `${text.slice(0, -places)}.${text.slice(-places)}`;
  return negative ? `-${whole}` : whole;
}

/** Parses a literal in thousandths for the fixture data (`'1250.5'` → 1250500n). */
export function th(text: string): Thousandths {
  const d = parseDecimal(text);
  if (!d || d.scale > 3) throw new Error(`not a 3-place decimal: ${text}`);
  return toThousandths(d);
}
