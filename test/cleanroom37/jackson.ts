/**
 * Jackson underneath jsonista, as muuntaja configures it with `:bigdecimals true`: a JSON number
 * with a fraction or exponent becomes a `java.math.BigDecimal` with the number's own scale
 * (`100.50` keeps scale 2), one without becomes a `Long` (a `BigInteger` past 64 bits), or, with
 * `:bigdecimals false`, a `Double` (so `1.0000000000000001` is read as `1.0`). Writing: a Long
 * plainly, a BigDecimal by `toString()` (its scale kept: 670.0000), a Double by Java's
 * `Double.toString` (`100.0`, `1.0E7`), maps in their own key order, nil as null.
 */

/** A java.math.BigDecimal: unscaled × 10^-scale. */
export class BigDec {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static of(text: string): BigDec | undefined {
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
    if (!m) return undefined;
    const digits = `${m[2]}${m[3] ?? ''}`;
    const scale = (m[3]?.length ?? 0) - Number(m[4] ?? 0);
    return new BigDec(BigInt(`${m[1]}${digits}`), scale);
  }

  static long(value: bigint | number): BigDec {
    return new BigDec(BigInt(value), 0);
  }

  setScale(scale: number): BigDec {
    if (scale >= this.scale) return new BigDec(this.unscaled * 10n ** BigInt(scale - this.scale), scale);
    // RoundingMode.HALF_UP, as PostgreSQL rounds a NUMERIC on assignment.
    const div = 10n ** BigInt(this.scale - scale);
    const negative = this.unscaled < 0n;
    const abs = negative ? -this.unscaled : this.unscaled;
    const rounded = (abs + div / 2n) / div;
    return new BigDec(negative ? -rounded : rounded, scale);
  }

  /** `.stripTrailingZeros().scale()`, floored at 0: the decimals a figure really carries. */
  decimals(): number {
    if (this.unscaled === 0n) return 0;
    let u = this.unscaled;
    let s = this.scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s -= 1;
    }
    return Math.max(s, 0);
  }

  private aligned(other: BigDec): [bigint, bigint, number] {
    const scale = Math.max(this.scale, other.scale);
    return [this.setScale(scale).unscaled, other.setScale(scale).unscaled, scale];
  }

  add(other: BigDec): BigDec {
    const [a, b, scale] = this.aligned(other);
    return new BigDec(a + b, scale);
  }

  subtract(other: BigDec): BigDec {
    const [a, b, scale] = this.aligned(other);
    return new BigDec(a - b, scale);
  }

  compareTo(other: BigDec): number {
    const [a, b] = this.aligned(other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  signum(): number {
    return this.unscaled < 0n ? -1 : this.unscaled > 0n ? 1 : 0;
  }

  /** BigDecimal.toString(): plain unless the scale is negative or the adjusted exponent below -6. */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const adjusted = digits.length - 1 - this.scale;
    let body: string;
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) body = digits;
      else if (digits.length > this.scale)
        body = `${digits.slice(0, digits.length - this.scale)}.${digits.slice(digits.length - this.scale)}`;
      else body = `0.${'0'.repeat(this.scale - digits.length)}${digits}`;
    } else {
      const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
      body = `${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
    }
    return negative ? `-${body}` : body;
  }

  toNumber(): number {
    return Number(this.toString());
  }
}

/** A java.lang.Long (or BigInteger) as decoded. */
export class JLong {
  constructor(readonly value: bigint) {}
}

/** A java.lang.Double. */
export class JDouble {
  constructor(readonly value: number) {}
}

/** A JS `number` is a Clojure literal in the handlers: a Long when whole, else a Double. */
export type Json =
  | null
  | boolean
  | number
  | string
  | JLong
  | BigDec
  | JDouble
  | Json[]
  | { [key: string]: Json };

/** Jackson's JsonParseException, which muuntaja turns into `:muuntaja/decode`. */
export class DecodeError extends Error {
  readonly code = 'MUUNTAJA_DECODE';
}

/** Java's Double.toString. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '', exponent = '0'] = value.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${Number(exponent)}`;
}

/** Decodes as jsonista's object mapper does: strict JSON, last duplicate key wins. */
export function decode(text: string, bigdecimals: boolean): Json {
  let i = 0;
  const fail = (what: string): never => {
    throw new DecodeError(`Unexpected ${what} at ${i}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i += 1;
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i += 1;
      const out: { [key: string]: Json } = {};
      ws();
      if (text[i] === '}') {
        i += 1;
        return out;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('token');
        const key = string();
        ws();
        if (text[i] !== ':') fail('token');
        i += 1;
        out[key] = value();
        ws();
        if (text[i] === ',') i += 1;
        else if (text[i] === '}') {
          i += 1;
          return out;
        } else fail('token');
      }
    }
    if (c === '[') {
      i += 1;
      const out: Json[] = [];
      ws();
      if (text[i] === ']') {
        i += 1;
        return out;
      }
      for (;;) {
        out.push(value());
        ws();
        if (text[i] === ',') i += 1;
        else if (text[i] === ']') {
          i += 1;
          return out;
        } else fail('token');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) return fail('character');
    i += m[0].length;
    if (!m[1] && !m[2]) return new JLong(BigInt(m[0]));
    if (bigdecimals) return BigDec.of(m[0]) ?? fail('number');
    return new JDouble(Number(m[0]));
  };
  const string = (): string => {
    const start = i;
    i += 1;
    let out = '';
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i += 1;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('escape');
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail('control character');
      out += c;
      i += 1;
    }
    i = start;
    return fail('end of input');
  };
  const out = value();
  ws();
  if (i !== text.length) fail('trailing token');
  return out;
}

/** Encodes as jsonista's object mapper does. */
export function encode(value: Json | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : javaDouble(value);
  if (value instanceof JLong) return value.value.toString();
  if (value instanceof BigDec) return value.toString();
  if (value instanceof JDouble) return javaDouble(value.value);
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${encode(v)}`)
    .join(',')}}`;
}
