/**
 * kotlinx.serialization as the service configures it (`Json { encodeDefaults = false;
 * explicitNulls = false; ignoreUnknownKeys = true }`), reproduced: the writer leaves out a property
 * holding `undefined` (a default the DTO chose to leave out) or `null`, writes a {@link KDouble} as
 * Java's `Double.toString` does (`100.0`, `1.25000005E7`), and the readers accept what the decoder
 * accepts in non-lenient mode: numbers in quotes for numeric fields, never a number for a String.
 * A body it cannot read becomes a {@link ConvertFailure}, which Ktor's StatusPages answers 400.
 */

/** A Kotlin `Double` property: written with its decimal point or exponent. */
export class KDouble {
  constructor(readonly value: number) {}
}

export const dbl = (value: number): KDouble => new KDouble(value);

/** Java's `Double.toString`: plain between 10^-3 and 10^7 (always with a decimal point), else `d.dddE±n`. */
export function javaDouble(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    const plain = String(value);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** The encoder: `undefined` and `null` properties are left out (encodeDefaults/explicitNulls false). */
export function encode(value: unknown): string {
  if (value instanceof KDouble) return javaDouble(value.value);
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
    return `{${members.map(([k, v]) => `${JSON.stringify(k)}:${encode(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `encodeDefaults = false`: a property equal to its declared default is not written. */
export const unlessDefault = <T>(value: T, defaultValue: T): T | undefined =>
  value === defaultValue ? undefined : value;

/** Ktor's `BadRequestException("Failed to convert request body to class …")`, with the cause. */
export class ConvertFailure extends Error {
  constructor(
    readonly className: string,
    readonly reason: string,
  ) {
    super(`Failed to convert request body to class ${className}`);
  }
}

/** One DTO being decoded: its class name and the JSON object read. */
export class Decoder {
  private constructor(
    readonly className: string,
    private readonly object: Record<string, unknown>,
  ) {}

  static of(className: string, body: string): Decoder {
    let parsed: unknown;
    try {
      parsed = body.trim() === '' ? undefined : JSON.parse(body);
    } catch (e) {
      throw new ConvertFailure(className, `Unexpected JSON token: ${(e as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new ConvertFailure(className, 'Expected start of the object');
    return new Decoder(className, parsed as Record<string, unknown>);
  }

  fail(field: string, why: string): never {
    throw new ConvertFailure(this.className, `${why} at path: $.${field}`);
  }

  /** The raw element under `field` or under one of its `@JsonNames` alternatives. */
  raw(field: string, ...alternatives: string[]): unknown {
    for (const name of [field, ...alternatives])
      if (this.object[name] !== undefined) return this.object[name];
    return undefined;
  }

  /** A property without a default: absent is `MissingFieldException`. */
  required<T>(field: string, read: (d: Decoder, f: string, v: unknown) => T): T {
    const value = this.object[field];
    if (value === undefined)
      this.fail(
        field,
        `Field '${field}' is required for type with serial name '${this.className}', but it was missing`,
      );
    if (value === null) this.fail(field, 'Expected non-null value');
    return read(this, field, value);
  }

  /** A nullable property defaulting to null. */
  optional<T>(
    field: string,
    read: (d: Decoder, f: string, v: unknown) => T,
    ...alternatives: string[]
  ): T | null {
    const value = this.raw(field, ...alternatives);
    return value === undefined || value === null ? null : read(this, field, value);
  }
}

/** `String`: a JSON string only (non-lenient mode refuses an unquoted literal). */
export const kString = (d: Decoder, field: string, value: unknown): string =>
  typeof value === 'string' ? value : d.fail(field, "Expected quotation mark '\"'");

/** `String` with `@Serializable(with = LenientStringSerializer)`: a JSON primitive's content. */
export const kPrimitiveString = (d: Decoder, field: string, value: unknown): string =>
  typeof value === 'string' || typeof value === 'number'
    ? String(value)
    : d.fail(field, 'Expected JsonPrimitive');

const INTEGER = /^-?\d+$/;

function integral(d: Decoder, field: string, value: unknown, bits: 32 | 64): number {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value) : '';
  if (!INTEGER.test(text))
    d.fail(field, `Unexpected JSON token: expected numeric literal, got '${String(value)}'`);
  const n = Number(text);
  const limit = bits === 32 ? 2 ** 31 : 2 ** 63;
  if (n >= limit || n < -limit || !Number.isSafeInteger(n)) d.fail(field, `Numeric value overflow: ${text}`);
  return n;
}

export const kInt = (d: Decoder, f: string, v: unknown): number => integral(d, f, v, 32);
export const kLong = (d: Decoder, f: string, v: unknown): number => integral(d, f, v, 64);

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** `Double`: a number or a number in quotes; NaN and Infinity refused (no special values allowed). */
export function kDouble(d: Decoder, field: string, value: unknown): number {
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  if (!DECIMAL.test(text)) d.fail(field, `Unexpected JSON token: expected double, got '${String(value)}'`);
  const n = Number(text);
  if (!Number.isFinite(n)) d.fail(field, 'Unexpected special floating-point value');
  return n;
}

/** `BigDecimal` with the service's own serializer: the primitive's text kept for its scale. */
export function kBigDecimal(d: Decoder, field: string, value: unknown): string {
  kDouble(d, field, value);
  return String(value).trim();
}

/** `Boolean`: `true`/`false`, quoted or not. */
export function kBoolean(d: Decoder, field: string, value: unknown): boolean {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return d.fail(field, `Unexpected JSON token: expected boolean literal, got '${String(value)}'`);
}

/** `List<T>`; with `single`, the service's serializer also takes one element without brackets. */
export const kList =
  <T>(item: (d: Decoder, f: string, v: unknown) => T, single = false) =>
  (d: Decoder, field: string, value: unknown): T[] => {
    if (Array.isArray(value)) return value.map((v, i) => item(d, `${field}[${i}]`, v));
    if (single) return [item(d, field, value)];
    return d.fail(field, "Expected start of the array '['");
  };

/** The scale of a BigDecimal after `stripTrailingZeros()`, never below 0: `"100.00"` 0, `"1.2525E+1"` 3. */
export function decimalPlaces(text: string): number {
  const [mantissa = '', exponent = '0'] = text.toLowerCase().split('e');
  const fraction = (mantissa.split('.')[1] ?? '').replace(/0+$/, '');
  return Math.max(0, fraction.length - Number(exponent));
}
