/**
 * jsoncpp 1.9 as Drogon drives it: `CharReaderBuilder` defaults for `req->getJsonObject()` and the
 * `StreamWriterBuilder` of `newHttpJsonResponse`, with the vendor's `setFloatPrecisionInJson(3,
 * "decimal")` (the default 17 significant digits wrote 670.1 as 670.10000000000002 to a customer).
 */

/** An integer literal: jsoncpp keeps it as Int64 (or UInt64) when it fits. */
export class JsonInt {
  constructor(readonly value: bigint) {}
}

/** A literal with a fraction or an exponent, or an integer past 64 bits: a double. */
export class JsonReal {
  constructor(readonly value: number) {}
}

export type JsonValue = null | boolean | string | JsonInt | JsonReal | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export class JsonParseError extends Error {
  readonly code = 'JSONCPP_PARSE';
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/**
 * `Json::CharReader::parse` with the builder's defaults: comments allowed, text after the root
 * ignored (`failIfExtra` false), a repeated key's last value kept (`rejectDupKeys` false), a
 * leading byte order mark skipped.
 */
export function parseJson(text: string): JsonValue {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fail = (what: string): never => {
    throw new JsonParseError(`* Line 1, Column ${i + 1}\n  ${what}`);
  };
  const skip = () => {
    for (;;) {
      while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
      if (text.startsWith('//', i)) {
        while (i < text.length && text[i] !== '\n') i++;
      } else if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2);
        if (end < 0) fail('Missing */ to close a comment');
        i = end + 2;
      } else return;
    }
  };
  const string = (): string => {
    i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail("Missing '\"' to close a string");
      const c = text[i++] as string;
      if (c === '"') return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = text[i++];
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
      if (e !== undefined && e in simple) out += simple[e];
      else if (e === 'u') {
        const hex = text.slice(i, i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Bad unicode escape sequence in string');
        out += String.fromCharCode(Number.parseInt(hex, 16));
        i += 4;
      } else fail('Bad escape sequence in string');
    }
  };
  const number = (): JsonValue => {
    const start = i;
    // readNumber: the run of characters a number may hold, judged as a whole afterwards.
    while (i < text.length && /[0-9.eE+-]/.test(text[i] as string)) i++;
    const token = text.slice(start, i);
    if (/^-?[0-9]+$/.test(token)) {
      const n = BigInt(token);
      if (n >= INT64_MIN && n <= UINT64_MAX) return new JsonInt(n);
      return new JsonReal(Number(token));
    }
    if (!/^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(token)) fail(`'${token}' is not a number.`);
    return new JsonReal(Number(token));
  };
  const value = (depth: number): JsonValue => {
    if (depth > 1000) fail('Exceeded stackLimit in readValue().');
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const object: JsonObject = Object.create(null);
      skip();
      if (text[i] === '}') {
        i++;
        return object;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail("Missing '}' or object member name");
        const key = string();
        skip();
        if (text[i++] !== ':') fail("Missing ':' after object member name");
        object[key] = value(depth + 1);
        skip();
        const next = text[i++];
        if (next === '}') return object;
        if (next !== ',') fail("Missing ',' or '}' in object declaration");
      }
    }
    if (c === '[') {
      i++;
      const array: JsonValue[] = [];
      skip();
      if (text[i] === ']') {
        i++;
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        skip();
        const next = text[i++];
        if (next === ']') return array;
        if (next !== ',') fail("Missing ',' or ']' in array declaration");
      }
    }
    if (c === '"') return string();
    if (c !== undefined && /[-0-9]/.test(c)) return number();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const)
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    return fail('Syntax error: value, object or array expected.');
  };
  return value(0);
}

export const isObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  !(v instanceof JsonInt) &&
  !(v instanceof JsonReal);

/** `Value::isNumeric()`: an Int64, UInt64 or double; never a string, never a bool. */
export const isNumeric = (v: JsonValue | undefined): v is JsonInt | JsonReal =>
  v instanceof JsonInt || v instanceof JsonReal;

/** `Value::isIntegral()`: an integer, or a double without a fraction. */
export function isIntegral(v: JsonValue | undefined): v is JsonInt | JsonReal {
  if (v instanceof JsonInt) return true;
  return v instanceof JsonReal && Number.isInteger(v.value) && Math.abs(v.value) < 2 ** 63;
}

export function asInt64(v: JsonInt | JsonReal): bigint {
  return v instanceof JsonInt ? v.value : BigInt(Math.trunc(v.value));
}

/** A value to write: numbers are doubles (`Json::Value(double)`) unless wrapped as an Int64. */
export type OutValue = null | boolean | string | number | bigint | OutValue[] | { [key: string]: OutValue };

/**
 * `Json::writeString` with Drogon's builder (no indentation, `emitUTF8`) and the vendor's
 * precision: a double as `%.3f` with the trailing zeros stripped but one (670 → `670.0`), an Int64
 * as written, object members in `std::map` order (jsoncpp sorts them by byte).
 */
export function writeJson(value: OutValue, precision: Precision = 'decimal3'): string {
  const write = (v: OutValue): string => {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return String(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'number') return precision === 'decimal3' ? writeDouble(v) : writeSignificant17(v);
    if (typeof v === 'string') return quote(v);
    if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
    const keys = Object.keys(v).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((k) => `${quote(k)}:${write(v[k] as OutValue)}`).join(',')}}`;
  };
  return write(value);
}

/**
 * `setFloatPrecisionInJson(3, "decimal")` (the vendor's) or jsoncpp's default 17 significant
 * digits (`%.17g`: 670.1 is 670.10000000000002), a ".0" added to a whole double either way.
 */
export type Precision = 'decimal3' | 'significant17';

function writeSignificant17(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '1e+9999' : value < 0 ? '-1e+9999' : 'null';
  let text = value.toPrecision(17);
  if (text.includes('e')) {
    const [m, e] = text.split('e') as [string, string];
    const mant = m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m;
    const exp = Number(e);
    text = `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return text;
  }
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return text.includes('.') ? text : `${text}.0`;
}

function writeDouble(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? '1e+9999' : value < 0 ? '-1e+9999' : 'null';
  let text = value.toFixed(3);
  // fixZerosInTheEnd: strip the padding, keep the zero right after the point.
  text = text.replace(/0+$/, '');
  if (text.endsWith('.')) text += '0';
  return text === '-0.0' ? '-0.0' : text;
}

function quote(s: string): string {
  let out = '"';
  for (const c of s) {
    const code = c.codePointAt(0) as number;
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return `${out}"`;
}
