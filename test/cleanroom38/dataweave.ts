/**
 * DataWeave 2's JSON reader and writer and its `as Number`, as the Mule runtime has them: a JSON
 * number is read as Java's BigDecimal and passed through with the text it was written with (100.50
 * stays 100.50, its scale 2), `as Number` parses a string as `new BigDecimal(s)` ("1e2" is 100, ""
 * throws MULE:EXPRESSION), and `output application/json` writes keys in the order the script wrote
 * them, indented by two spaces, and `null` fields unless `skipNullOn="everywhere"`.
 */

/** A JSON number kept as written, as DataWeave keeps a BigDecimal. */
export class DwNumber {
  constructor(readonly text: string) {}
}

export type DwValue = null | boolean | string | DwNumber | DwValue[] | { [key: string]: DwValue };

/** A Mule error: its `type` (e.g. MULE:EXPRESSION) picks the error handler's branch. */
export class MuleError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly detail: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Java's BigDecimal: unscaled × 10^-scale (a negative scale for "1e2"). */
export interface BigDec {
  readonly unscaled: bigint;
  readonly scale: number;
}

const BIG_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `new BigDecimal(text)`, or undefined where Java would throw NumberFormatException. */
export function bigDecimal(text: string): BigDec | undefined {
  const m = BIG_DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, whole = '', fraction = '', exponent = '0'] = m;
  if (whole === '' && fraction === '') return undefined;
  const digits = BigInt(`${whole}${fraction}` || '0');
  return { unscaled: sign === '-' ? -digits : digits, scale: fraction.length - Number(exponent) };
}

/** `value as Number`. */
export function asNumber(value: DwValue | undefined, field: string): BigDec {
  const text = value instanceof DwNumber ? value.text : typeof value === 'string' ? value : undefined;
  const parsed = text === undefined ? undefined : bigDecimal(text);
  if (!parsed)
    throw new MuleError('MULE:EXPRESSION', `Cannot coerce ${describe(value)} to Number`, { field });
  return parsed;
}

function describe(value: DwValue | undefined): string {
  if (value === undefined || value === null) return 'Null (null)';
  if (typeof value === 'string') return `String (${JSON.stringify(value)})`;
  return Array.isArray(value) ? 'Array' : typeof value === 'object' ? 'Object' : 'Boolean';
}

/** Decimal places as BigDecimal.scale() counts them (trailing zeros included, never below 0). */
export function decimalPlaces(value: BigDec): number {
  return Math.max(0, value.scale);
}

/** The sign of a BigDecimal: -1, 0 or 1. */
export function signum(value: BigDec): number {
  return value.unscaled === 0n ? 0 : value.unscaled < 0n ? -1 : 1;
}

/** BigDecimal.toPlainString(). */
export function plain(value: BigDec): string {
  if (value.scale <= 0) return (value.unscaled * 10n ** BigInt(-value.scale)).toString();
  const negative = value.unscaled < 0n;
  const digits = (negative ? -value.unscaled : value.unscaled).toString().padStart(value.scale + 1, '0');
  const cut = digits.length - value.scale;
  return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** `value as String {format: "0.####"}`: at most four decimals, trailing zeros dropped. */
export function formatted(value: BigDec): string {
  const text = plain(value);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** APIkit's parse of the request body; undefined for anything that is not JSON. */
export function read(text: string): DwValue | undefined {
  const reader = new Reader(text);
  try {
    reader.space();
    const value = reader.value();
    reader.space();
    return reader.done() ? value : undefined;
  } catch {
    return undefined;
  }
}

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at === this.text.length;
  }

  space(): void {
    while (/[ \t\r\n]/.test(this.text[this.at] ?? '')) this.at++;
  }

  value(): DwValue {
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.at));
    if (!m) throw new SyntaxError(`unexpected ${c} at ${this.at}`);
    this.at += m[0].length;
    return new DwNumber(m[0]);
  }

  private object(): { [key: string]: DwValue } {
    const out: { [key: string]: DwValue } = {};
    this.at++;
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      const key = this.string();
      this.space();
      this.expect(':');
      this.space();
      const value = this.value();
      // DataWeave keeps a repeated key; `payload.key` selects its first occurrence.
      if (!(key in out)) out[key] = value;
      this.space();
      if (this.text[this.at] === '}') {
        this.at++;
        return out;
      }
      this.expect(',');
    }
  }

  private array(): DwValue[] {
    const out: DwValue[] = [];
    this.at++;
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value());
      this.space();
      if (this.text[this.at] === ']') {
        this.at++;
        return out;
      }
      this.expect(',');
    }
  }

  private string(): string {
    if (this.text[this.at] !== '"') throw new SyntaxError(`expected a string at ${this.at}`);
    let end = this.at + 1;
    while (end < this.text.length && this.text[end] !== '"') end += this.text[end] === '\\' ? 2 : 1;
    // JSON.parse refuses what JSON refuses inside a string: raw control characters, bad escapes.
    const value = JSON.parse(this.text.slice(this.at, end + 1)) as string;
    this.at = end + 1;
    return value;
  }

  private expect(c: string): void {
    if (this.text[this.at] !== c) throw new SyntaxError(`expected ${c} at ${this.at}`);
    this.at++;
  }
}

/** What a script writes: a DwValue, a number literal, or an undefined field the script left out. */
export type Out = DwValue | number | undefined | Out[] | { [key: string]: Out };

/** `output application/json` (indent 2, `"key": value`), nulls written unless skipped. */
export function write(value: Out, skipNulls = false, indent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof DwNumber) return value.text;
  if (typeof value !== 'object') return JSON.stringify(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    const items = value.filter((v) => v !== undefined && !(skipNulls && v === null));
    if (items.length === 0) return '[]';
    return `[\n${items.map((v) => inner + write(v, skipNulls, inner)).join(',\n')}\n${indent}]`;
  }
  const fields = Object.entries(value).filter(([, v]) => v !== undefined && !(skipNulls && v === null));
  if (fields.length === 0) return '{}';
  return `{\n${fields.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${write(v, skipNulls, inner)}`).join(',\n')}\n${indent}}`;
}
