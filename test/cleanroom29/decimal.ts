/**
 * java.math.BigDecimal as the service's Scala code uses it, over the NUMBER(18,3) columns of its
 * Oracle schema: every amount is kept as thousandths (a bigint), read from the JSON number or
 * string a client sends, and written back as BigDecimal.toString writes it (`100.50`, `900`,
 * `2.4E+3`), which play-json puts on the wire as a JSON number.
 */

/** A decimal as BigDecimal holds it: an unscaled integer and a scale (digits after the point). */
export interface BigDec {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** Scale of the ledger's columns: NUMBER(18,3). */
export const LEDGER_SCALE = 3;
/** NUMBER(18,3) holds 15 integer digits: 10^18 thousandths is out of range (ORA-01438). */
const COLUMN_LIMIT = 10n ** 18n;

// new java.math.BigDecimal(String): sign, digits with an optional point, optional exponent.
const BIG_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,9}))?$/;

/** `new BigDecimal(text)`, or undefined where Java throws NumberFormatException. */
export function parseBigDecimal(text: string): BigDec | undefined {
  const m = BIG_DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  if (whole === '' && fraction === '') return undefined;
  const digits = BigInt(`${whole}${fraction}` || '0');
  return { unscaled: sign === '-' ? -digits : digits, scale: fraction.length - Number(exponent) };
}

/** A JSON number as Jackson hands it to play-json: its shortest decimal form (1.001, 1e-7). */
export function numberToBigDecimal(n: number): BigDec | undefined {
  return Number.isFinite(n) ? parseBigDecimal(String(n)) : undefined;
}

/** BigDecimal.stripTrailingZeros(): zero becomes plain 0 (Java 8+). */
export function stripTrailingZeros(d: BigDec): BigDec {
  if (d.unscaled === 0n) return { unscaled: 0n, scale: 0 };
  let { unscaled, scale } = d;
  while (unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale -= 1;
  }
  return { unscaled, scale };
}

/** Decimal places a client wrote, trailing zeros not counted (`"100.00"` has none). */
export function decimalPlaces(d: BigDec): number {
  return Math.max(0, stripTrailingZeros(d).scale);
}

/** The amount in thousandths, or undefined when it does not fit a NUMBER(18,3) exactly. */
export function toMilli(d: BigDec): bigint | undefined {
  const s = stripTrailingZeros(d);
  if (s.scale > LEDGER_SCALE) return undefined;
  const milli = s.unscaled * 10n ** BigInt(LEDGER_SCALE - s.scale);
  return milli <= -COLUMN_LIMIT || milli >= COLUMN_LIMIT ? undefined : milli;
}

/**
 * A column value set to `scale` places with RoundingMode.HALF_EVEN (Scala's default), as the
 * service writes a program's figures. Every write keeps the program's decimals (8906 refuses
 * more), so the rounding only shows on seeded or summed values.
 */
export function atScale(milli: bigint, scale: number): BigDec {
  if (scale >= LEDGER_SCALE) return { unscaled: milli * 10n ** BigInt(scale - LEDGER_SCALE), scale };
  const divisor = 10n ** BigInt(LEDGER_SCALE - scale);
  let q = milli / divisor;
  const r = milli % divisor;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > divisor || (twice === divisor && q % 2n !== 0n)) q += milli < 0n ? -1n : 1n;
  return { unscaled: q, scale };
}

/** An Oracle SUM() read back through JDBC: NUMBER keeps no trailing zeros, so 2400 is 2.4E+3. */
export function asOracleNumber(milli: bigint): BigDec {
  return stripTrailingZeros({ unscaled: milli, scale: LEDGER_SCALE });
}

/** BigDecimal.toString(): plain unless the scale is negative or the exponent below -6. */
export function bigDecimalText(d: BigDec): string {
  const negative = d.unscaled < 0n;
  const coefficient = (negative ? -d.unscaled : d.unscaled).toString();
  const sign = negative ? '-' : '';
  const adjusted = -d.scale + (coefficient.length - 1);
  if (d.scale >= 0 && adjusted >= -6) {
    if (d.scale === 0) return sign + coefficient;
    const padded = coefficient.padStart(d.scale + 1, '0');
    return `${sign}${padded.slice(0, -d.scale)}.${padded.slice(-d.scale)}`;
  }
  const mantissa = coefficient.length > 1 ? `${coefficient[0]}.${coefficient.slice(1)}` : coefficient;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** Double.toString of a value the service converts for a message (`100.0`, `2.5`). */
export function javaDoubleText(milli: bigint): string {
  const n = Number(milli) / 1000;
  const text = String(n);
  return Number.isInteger(n) && Math.abs(n) < 1e7 ? `${text}.0` : text;
}
