/**
 * java.math.BigDecimal as the service uses it: an unscaled integer and a scale. Amounts arrive as
 * JSON text (Jackson reads floats as BigDecimal, USE_BIG_DECIMAL_FOR_FLOATS, and coerces numeric
 * strings), are judged on their own decimals, and are stored in NUMBER(15,4) columns, which round
 * half up beyond four decimals as Oracle does on insert.
 */
export interface BigDecimal {
  readonly unscaled: bigint;
  readonly scale: number;
}

/** The column's scale: NUMBER(15,4). */
export const COLUMN_SCALE = 4;
/** NUMBER(15,4) holds 11 digits before the point. */
const COLUMN_LIMIT = 10n ** 15n;

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d{1,4}))?$/;

/** `new BigDecimal(text)`; undefined where Java would throw NumberFormatException. */
export function parseBigDecimal(text: string): BigDecimal | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  let unscaled = BigInt(whole + fraction);
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    unscaled *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { unscaled: sign === '-' ? -unscaled : unscaled, scale };
}

/** Decimal places that carry a digit: `stripTrailingZeros().scale()`, at least 0. */
export function placesOf(d: BigDecimal): number {
  let { unscaled, scale } = d;
  while (scale > 0 && unscaled % 10n === 0n) {
    unscaled /= 10n;
    scale -= 1;
  }
  return scale;
}

/** `setScale(4, RoundingMode.HALF_UP)` as the column stores it, in ten-thousandths. */
export function toColumn(d: BigDecimal): bigint {
  if (d.scale <= COLUMN_SCALE) return d.unscaled * 10n ** BigInt(COLUMN_SCALE - d.scale);
  const divisor = 10n ** BigInt(d.scale - COLUMN_SCALE);
  const magnitude = d.unscaled < 0n ? -d.unscaled : d.unscaled;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return d.unscaled < 0n ? -rounded : rounded;
}

/** Whether a stored value fits NUMBER(15,4) (ORA-01438 otherwise). */
export const fitsColumn = (tenThousandths: bigint): boolean =>
  tenThousandths < COLUMN_LIMIT && tenThousandths > -COLUMN_LIMIT;

/** `toPlainString()` of a NUMBER(15,4) read back: always four decimals ("670.0000"). */
export function columnText(tenThousandths: bigint): string {
  const negative = tenThousandths < 0n;
  const digits = (negative ? -tenThousandths : tenThousandths).toString().padStart(COLUMN_SCALE + 1, '0');
  const cut = digits.length - COLUMN_SCALE;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/**
 * `Double.toString` of the amount, as the service's message text formats it ("100.0 points
 * added", the page's example): a whole number keeps ".0", others their shortest decimals.
 */
export function doubleText(tenThousandths: bigint): string {
  const value = Number(tenThousandths) / 10 ** COLUMN_SCALE;
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}
