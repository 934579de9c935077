import { ApexException } from './errors.ts';

/**
 * Apex `Decimal`: an unscaled BigInt and the scale it was given. `Decimal.valueOf('100.50')` keeps
 * two places and serialises as 100.50; arithmetic keeps the larger scale, as Java's BigDecimal
 * under it does.
 */
export class Decimal {
  private constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static ZERO = new Decimal(0n, 0);

  /** `Decimal.valueOf(String)`: Java's BigDecimal grammar (exponent taken, no blanks), else TypeException. */
  static valueOf(text: string): Decimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m || (m[2] === '' && (m[3] ?? '') === ''))
      throw new ApexException('System.TypeException', `Invalid decimal: ${text}`);
    const fraction = m[3] ?? '';
    const exponent = Number(m[4] ?? '0');
    let unscaled = BigInt(`${m[2]}${fraction}` || '0');
    let scale = fraction.length - exponent;
    // A negative scale (1e2) is written out as Apex prints it, plainly: 100, scale 0.
    if (scale < 0) {
      unscaled *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return new Decimal(m[1] === '-' ? -unscaled : unscaled, scale);
  }

  static of(n: number): Decimal {
    return Decimal.valueOf(String(n));
  }

  get sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  private rescaled(scale: number): bigint {
    return this.unscaled * 10n ** BigInt(scale - this.scale);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.rescaled(scale) + other.rescaled(scale), scale);
  }

  subtract(other: Decimal): Decimal {
    return this.add(other.negate());
  }

  negate(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  abs(): Decimal {
    return this.sign < 0 ? this.negate() : this;
  }

  compareTo(other: Decimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.rescaled(scale);
    const b = other.rescaled(scale);
    return a === b ? 0 : a < b ? -1 : 1;
  }

  /** `setScale(n)`: Apex rounds half even when it must drop digits (its documented default). */
  setScale(scale: number): Decimal {
    if (scale >= this.scale) return new Decimal(this.rescaled(scale), scale);
    const divisor = 10n ** BigInt(this.scale - scale);
    const magnitude = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    let quotient = magnitude / divisor;
    const twice = (magnitude % divisor) * 2n;
    if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) quotient += 1n;
    return new Decimal(this.unscaled < 0n ? -quotient : quotient, scale);
  }

  /** `stripTrailingZeros()`: the same value at the smallest scale (never below 0, as Apex prints it). */
  stripTrailingZeros(): Decimal {
    let { unscaled, scale } = this;
    while (scale > 0 && unscaled % 10n === 0n) {
      unscaled /= 10n;
      scale -= 1;
    }
    return new Decimal(unscaled, scale);
  }

  /** `Integer.valueOf(decimal)`-free test: no fraction at all. */
  isWhole(): boolean {
    return this.setScale(0).compareTo(this) === 0;
  }

  /** `String.valueOf(decimal)`: plain digits, the scale kept (670.000 stays 670.000). */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = this.scale > 0 ? `.${digits.slice(digits.length - this.scale)}` : '';
    return `${negative ? '-' : ''}${whole}${fraction}`;
  }
}
