/**
 * Points as a Java vendor keeps them: exact decimals (BigDecimal), here a bigint of ten-thousandths
 * (no program of this vendor has more than 4 round decimals), written with a scale of their own.
 */

/** Ten-thousandths per point. */
export const UNIT = 10_000n;
const PLACES = 4;

/** A parsed amount: its value in ten-thousandths and its decimal places counted by value. */
export interface Amount {
  readonly units: bigint;
  /** Places after stripTrailingZeros(): `100.00` has 0, `0.500` has 1 (as Java counts them). */
  readonly places: number;
}

/**
 * An amount sent as a JSON number or a numeric string (the deduction page's example sends
 * `"100.00"`, which Jackson reads into a BigDecimal); undefined when it is neither. Amounts with
 * more than 4 places keep `places` (so 8906 can name them) but lose the digits past the fourth.
 */
export function parseAmount(value: unknown): Amount | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // Exponent forms of tiny numbers (1e-7) have more places than any program allows.
    text = Math.abs(value) < 1e-4 && value !== 0 ? value.toFixed(20) : String(value);
    if (/e/i.test(text)) text = BigInt(Math.trunc(value)).toString();
  } else if (typeof value === 'string') text = value.trim();
  else return undefined;
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  const stripped = fraction.replace(/0+$/, '');
  const units = BigInt(whole) * UNIT + BigInt(stripped.slice(0, PLACES).padEnd(PLACES, '0') || '0');
  return { units: sign === '-' ? -units : units, places: stripped.length };
}

/** Points from a whole-and-fraction literal of the fixtures (`'1250.5'`). */
export function points(text: string): bigint {
  const amount = parseAmount(text);
  if (!amount) throw new Error(`not an amount: ${text}`);
  return amount.units;
}

/**
 * The figure with at least `scale` places, more when the value needs them (setScale never rounds
 * here): 100 at scale 2 is `100.00`, 0.5 at scale 3 `0.500`, 0.1234 at scale 2 `0.1234`.
 */
export function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / UNIT;
  let fraction = (abs % UNIT).toString().padStart(PLACES, '0').replace(/0+$/, '');
  if (fraction.length < scale) fraction = fraction.padEnd(scale, '0');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}
