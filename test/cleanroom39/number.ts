/**
 * Oracle NUMBER as the PL/SQL sees it: an exact decimal that keeps no trailing zeros (so "5.00" is
 * 5, with no decimal places), TO_NUMBER's lenient text rules, and a NUMBER(14,3) column rounding
 * half away from zero on store and refusing what its 11 integer digits cannot hold (ORA-01438).
 */
import { OraError } from './errors.ts';

export class OraNumber {
  /** `unscaled × 10^-scale`, normalised: no trailing zero in `unscaled` while `scale > 0`. */
  private constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static of(unscaled: bigint, scale: number): OraNumber {
    let u = unscaled;
    let s = scale;
    while (s < 0) {
      u *= 10n;
      s += 1;
    }
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s -= 1;
    }
    return new OraNumber(u, s);
  }

  static readonly ZERO = OraNumber.of(0n, 0);

  /** TO_NUMBER(text): blanks around the figure and an exponent allowed; anything else ORA-01722. */
  static parse(text: string): OraNumber {
    const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new OraError(1722, 'invalid number');
    const fraction = m[3] ?? '';
    const digits = BigInt(`${m[2]}${fraction}` || '0');
    const exponent = Number(m[4] ?? '0');
    return OraNumber.of(m[1] === '-' ? -digits : digits, fraction.length - exponent);
  }

  /** A JSON number as JSON_OBJECT_T hands it over (its shortest decimal form). */
  static fromJson(value: number): OraNumber {
    if (!Number.isFinite(value)) throw new OraError(1722, 'invalid number');
    return OraNumber.parse(String(value));
  }

  /** Digits after the point: what the vendor compares with a program's round decimals. */
  get decimalPlaces(): number {
    return this.scale;
  }

  private aligned(other: OraNumber): [bigint, bigint, number] {
    const s = Math.max(this.scale, other.scale);
    return [
      this.unscaled * 10n ** BigInt(s - this.scale),
      other.unscaled * 10n ** BigInt(s - other.scale),
      s,
    ];
  }

  plus(other: OraNumber): OraNumber {
    const [a, b, s] = this.aligned(other);
    return OraNumber.of(a + b, s);
  }

  minus(other: OraNumber): OraNumber {
    const [a, b, s] = this.aligned(other);
    return OraNumber.of(a - b, s);
  }

  compare(other: OraNumber): number {
    const [a, b] = this.aligned(other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  get sign(): number {
    return this.unscaled < 0n ? -1 : this.unscaled > 0n ? 1 : 0;
  }

  negate(): OraNumber {
    return OraNumber.of(-this.unscaled, this.scale);
  }

  abs(): OraNumber {
    return this.sign < 0 ? this.negate() : this;
  }

  isInteger(): boolean {
    return this.scale === 0;
  }

  /** Stored into NUMBER(precision, scale): rounded half away from zero, ORA-01438 when too wide. */
  column(precision = 14, scale = 3): OraNumber {
    let u = this.unscaled;
    let s = this.scale;
    if (s > scale) {
      const factor = 10n ** BigInt(s - scale);
      const negative = u < 0n;
      const magnitude = negative ? -u : u;
      let q = magnitude / factor;
      if ((magnitude % factor) * 2n >= factor) q += 1n;
      u = negative ? -q : q;
      s = scale;
    }
    const rounded = OraNumber.of(u, s);
    const integerDigits = (rounded.abs().unscaled / 10n ** BigInt(rounded.scale)).toString().length;
    if (rounded.abs().unscaled >= 10n ** BigInt(rounded.scale) && integerDigits > precision - scale)
      throw new OraError(1438, 'value larger than specified precision allowed for this column');
    return rounded;
  }

  /** As JSON_OBJECT writes a NUMBER: no trailing zeros, a leading 0 before the point. */
  toJson(): string {
    return this.toFixed(this.scale);
  }

  /** TO_CHAR(n, 'FM…0.000'): exactly `places` decimals (the column's, so nothing is rounded). */
  toFixed(places: number): string {
    const padded = this.unscaled * 10n ** BigInt(places - this.scale);
    const negative = padded < 0n;
    const digits = (negative ? -padded : padded).toString().padStart(places + 1, '0');
    const whole = digits.slice(0, digits.length - places);
    const fraction = digits.slice(digits.length - places);
    return `${negative ? '-' : ''}${whole}${places > 0 ? `.${fraction}` : ''}`;
  }
}
