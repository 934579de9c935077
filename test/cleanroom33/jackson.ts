/**
 * Jackson's two habits the service shows on the wire. Reading: floats as BigDecimal
 * (DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS), so a number's own text decides its
 * decimals; here numbers are kept as {@link JsonNumber} holding that text. Writing: a BigDecimal as
 * a JSON number with its scale (`670.0000`, WRITE_BIGDECIMAL_AS_PLAIN), fields in declaration
 * order, and `null` fields written (Include.ALWAYS).
 */

/** A JSON number as its text. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

/** A number written as this exact text. */
export class RawNumber {
  constructor(readonly text: string) {}
}

export type JsonValue =
  | null
  | boolean
  | string
  | JsonNumber
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

// JSON's number grammar: a leading zero is refused, as Jackson refuses it (ALLOW_LEADING_ZEROS off).
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MARK = '\u0000n:';

/**
 * Parses JSON keeping each number's text. Throws SyntaxError as JSON.parse does. Numbers are
 * quoted with a marker before JSON.parse; a string that already holds the marker is refused.
 */
export function readJson(text: string): JsonValue {
  if (text.includes('\\u0000')) throw new SyntaxError('NUL character not accepted');
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') {
        out += text[i + 1] ?? '';
        i += 1;
      } else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) throw new SyntaxError(`Unexpected character ('${c}')`);
      out += JSON.stringify(MARK + m[0]);
      i += m[0].length - 1;
      continue;
    }
    out += c;
  }
  return revive(JSON.parse(out));
}

function revive(value: unknown): JsonValue {
  if (typeof value === 'string')
    return value.startsWith(MARK) ? new JsonNumber(value.slice(MARK.length)) : value;
  if (Array.isArray(value)) return value.map(revive);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  return value as JsonValue;
}

export type Writable =
  | null
  | undefined
  | boolean
  | number
  | string
  | RawNumber
  | readonly Writable[]
  | { readonly [key: string]: Writable };

/** ObjectMapper.writeValueAsString: undefined written as null too (Include.ALWAYS). */
export function writeJson(value: Writable): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof RawNumber) return value.text;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v as Writable)}`)
    .join(',')}}`;
}

export const isObject = (v: JsonValue | undefined): v is { readonly [key: string]: JsonValue } =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber);
