/**
 * encoding/json as a Go service writes and reads it, for clean room twenty-two.
 *
 * Writing: values are built in struct field order; `undefined` is an `omitempty` field left out,
 * `null` a nil slice, map or pointer; numbers as `float64` (shortest form, `1e+21` past 1e21,
 * `-0` kept); strings with `<`, `>`, `&`, U+2028 and U+2029 escaped as `\u003c`…; a {@link GoMap}
 * (gin.H, `map[string]…`) with its keys sorted, as encoding/json sorts map keys.
 *
 * Reading: a tree that keeps each number's text (`469.0` is not an int64 in Go, and a decimal's
 * places are counted as written), read as `json.Decoder.Decode` reads one value: what follows the
 * first value is left unread.
 */

/** A Go map: encoding/json writes its keys sorted. */
export class GoMap {
  constructor(readonly entries: Record<string, unknown>) {}
}

/** A value whose MarshalJSON writes `text` as it is (shopspring decimal writes a quoted string). */
export class RawJson {
  constructor(readonly text: string) {}
}

/** `omitempty`: the zero value of its type is left out. */
export function omitEmpty<T>(value: T): T | undefined {
  if (value === null || value === undefined || value === '' || value === 0 || value === false)
    return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  return value;
}

/** strconv.AppendFloat(f, 'f' or 'e', -1, 64) as encoding/json picks it: JS's shortest digits agree. */
export function goFloat(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`json: unsupported value: ${value}`);
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

const SHORT: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** encodeState.string with escapeHTML on (what json.Marshal and gin's c.JSON use). */
export function goString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = text.charCodeAt(i);
    if (SHORT[ch] !== undefined) out += SHORT[ch];
    else if (code < 0x20 || ch === '<' || ch === '>' || ch === '&' || code === 0x2028 || code === 0x2029)
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text.slice(i, i + 2);
        i++;
      } else out += '\\ufffd';
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

export function marshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'number') return goFloat(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map(marshal).join(',')}]`;
  if (value instanceof GoMap) {
    const keys = Object.keys(value.entries).sort();
    return `{${keys.map((k) => `${goString(k)}:${marshal(value.entries[k])}`).join(',')}}`;
  }
  const fields = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${fields.map(([k, v]) => `${goString(k)}:${marshal(v)}`).join(',')}}`;
}

/** A JSON value as read, numbers kept as written. */
export type JsonNode =
  | { kind: 'object'; entries: [string, JsonNode][] }
  | { kind: 'array'; items: JsonNode[] }
  | { kind: 'string'; value: string }
  | { kind: 'number'; raw: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null' };

/** A syntax error with Go's wording (`invalid character 'x' looking for beginning of value`). */
export class JsonSyntaxError extends Error {}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

/** json.NewDecoder(body).Decode: one value; an empty body is `EOF`, a cut one `unexpected EOF`. */
export function decodeFirst(text: string): JsonNode {
  let at = 0;
  const skip = () => {
    while (at < text.length && ' \t\r\n'.includes(text[at] as string)) at++;
  };
  const fail = (context: string): never => {
    if (at >= text.length) throw new JsonSyntaxError('unexpected EOF');
    const ch = text[at] as string;
    throw new JsonSyntaxError(`invalid character ${JSON.stringify(ch).replace(/^"|"$/g, "'")} ${context}`);
  };
  const str = (): string => {
    // Find the closing quote past escapes; JSON.parse then checks the escapes and control characters.
    let end = at + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) {
      at = text.length;
      fail('in string literal');
    }
    const literal = text.slice(at, end + 1);
    at = end + 1;
    try {
      return JSON.parse(literal) as string;
    } catch {
      throw new JsonSyntaxError('invalid character in string literal');
    }
  };
  const value = (depth: number): JsonNode => {
    if (depth > 10_000) throw new JsonSyntaxError('exceeded max depth');
    skip();
    const ch = text[at];
    if (ch === '{') {
      at++;
      const entries: [string, JsonNode][] = [];
      skip();
      if (text[at] === '}') {
        at++;
        return { kind: 'object', entries };
      }
      for (;;) {
        skip();
        if (text[at] !== '"') fail('looking for beginning of object key string');
        const key = str();
        skip();
        if (text[at] !== ':') fail('after object key');
        at++;
        entries.push([key, value(depth + 1)]);
        skip();
        if (text[at] === ',') at++;
        else if (text[at] === '}') {
          at++;
          return { kind: 'object', entries };
        } else fail('after object key:value pair');
      }
    }
    if (ch === '[') {
      at++;
      const items: JsonNode[] = [];
      skip();
      if (text[at] === ']') {
        at++;
        return { kind: 'array', items };
      }
      for (;;) {
        items.push(value(depth + 1));
        skip();
        if (text[at] === ',') at++;
        else if (text[at] === ']') {
          at++;
          return { kind: 'array', items };
        } else fail('after array element');
      }
    }
    if (ch === '"') return { kind: 'string', value: str() };
    for (const [word, node] of [
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['null', { kind: 'null' }],
    ] as const)
      if (text.startsWith(word, at)) {
        at += word.length;
        return node;
      }
    const num = NUMBER.exec(text.slice(at));
    if (num) {
      at += num[0].length;
      return { kind: 'number', raw: num[0] };
    }
    return fail('looking for beginning of value');
  };
  skip();
  if (at >= text.length) throw new JsonSyntaxError('EOF');
  return value(0);
}

/** Go's name for a JSON value's kind in an UnmarshalTypeError (`cannot unmarshal string into …`). */
export function goKind(node: JsonNode): string {
  if (node.kind === 'number') return `number ${node.raw}`;
  return node.kind === 'bool' ? 'bool' : node.kind;
}
