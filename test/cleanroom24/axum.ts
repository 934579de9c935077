import type { ServerResponse } from 'node:http';
import { type Decimal, decimalFromNumber, parseDecimalText } from './decimal.ts';
import { endPosition, position, toJson, unexpected } from './serde.ts';

/** An answer as the handler returns it (`impl IntoResponse`). */
export interface Answer {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** `(StatusCode, Json(value))`: `application/json`, serde_json's bytes. */
export function json(status: number, value: unknown): Answer {
  return { status, body: toJson(value), contentType: 'application/json' };
}

/** An extractor's rejection: plain text, as axum's rejections render themselves. */
export class Rejection {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {}
  answer(): Answer {
    return { status: this.status, body: this.text, contentType: 'text/plain; charset=utf-8' };
  }
}

/** hyper writes lower-case names and always a length; an empty body has no content type. */
export function send(res: ServerResponse, answer: Answer): void {
  const body = Buffer.from(answer.body);
  const headers: Record<string, string | number> = { 'content-length': body.length, ...answer.headers };
  if (answer.contentType) headers['content-type'] = answer.contentType;
  res.writeHead(answer.status, headers);
  res.end(body);
}

/** One field of a `#[derive(Deserialize)]` struct: its type, and whether it is an `Option`. */
export type FieldType =
  | 'String'
  | 'i64'
  | 'bool'
  | 'f64'
  | 'Decimal'
  | 'Vec<i64>'
  | 'Vec<String>'
  | 'NaiveDate'
  | 'BillNumber'
  | 'EventLogIds'
  | readonly string[];
export interface Field {
  readonly type: FieldType;
  readonly optional?: boolean;
}
export type Struct = Record<string, Field>;

/** What serde expects, named as its errors name it. */
function expected(type: FieldType): string {
  if (Array.isArray(type)) return `one of ${type.map((v) => `\`${v}\``).join(', ')}`;
  const names: Record<string, string> = {
    String: 'a string',
    i64: 'i64',
    bool: 'a boolean',
    f64: 'f64',
    Decimal: 'a Decimal type representing a fixed-point number',
    'Vec<i64>': 'a sequence',
    'Vec<String>': 'a sequence',
    NaiveDate: 'a formatted date string',
  };
  return names[type as string] ?? 'a string';
}

/** One value read as `type`, or the reason serde gives for refusing it. */
function read(type: FieldType, value: unknown): { ok: unknown } | { error: string } {
  const wrong = { error: `invalid type: ${unexpected(value)}, expected ${expected(type)}` };
  if (Array.isArray(type)) {
    if (typeof value !== 'string') return wrong;
    return type.includes(value)
      ? { ok: value }
      : { error: `unknown variant \`${value}\`, expected ${expected(type)}` };
  }
  switch (type) {
    case 'String':
      return typeof value === 'string' ? { ok: value } : wrong;
    case 'i64':
      return Number.isSafeInteger(value) ? { ok: value } : wrong;
    case 'bool':
      return typeof value === 'boolean' ? { ok: value } : wrong;
    case 'f64':
      return typeof value === 'number' ? { ok: value } : wrong;
    case 'Decimal': {
      const decimal: Decimal | undefined =
        typeof value === 'number'
          ? decimalFromNumber(value)
          : typeof value === 'string'
            ? parseDecimalText(value)
            : undefined;
      if (decimal) return { ok: decimal };
      return typeof value === 'string' || typeof value === 'number'
        ? { error: 'Invalid decimal: unknown character' }
        : wrong;
    }
    case 'Vec<i64>':
    case 'Vec<String>': {
      if (!Array.isArray(value)) return wrong;
      const items = value.map((item) => read(type === 'Vec<i64>' ? 'i64' : 'String', item));
      const bad = items.find((item) => 'error' in item);
      return bad ?? { ok: items.map((item) => (item as { ok: unknown }).ok) };
    }
    case 'NaiveDate':
      if (typeof value !== 'string') return wrong;
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
        ? { ok: value }
        : { error: 'input contains invalid characters' };
    case 'BillNumber':
      // #[serde(untagged)] enum BillNumber { Text(String), Number(i64) }
      return typeof value === 'string' || Number.isSafeInteger(value)
        ? { ok: String(value) }
        : { error: 'data did not match any variant of untagged enum BillNumber' };
    case 'EventLogIds':
      // #[serde(untagged)] enum EventLogIds { One(i64), Many(Vec<i64>) }
      if (Number.isSafeInteger(value)) return { ok: [value] };
      if (Array.isArray(value) && value.every((v) => Number.isSafeInteger(v))) return { ok: value };
      return { error: 'data did not match any variant of untagged enum EventLogIds' };
  }
  return wrong;
}

/** `serde_json::from_value::<T>`: unknown keys ignored, `null` is `None` for an `Option`. */
function deserialize(
  struct: Struct,
  name: string,
  value: unknown,
): { ok: Record<string, unknown> } | { error: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { error: `invalid type: ${unexpected(value)}, expected struct ${name}` };
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(struct)) {
    const given = Object.hasOwn(object, key) ? object[key] : undefined;
    if (given === undefined || (given === null && field.optional)) {
      if (!field.optional) return { error: `missing field \`${key}\`` };
      continue;
    }
    const result = read(field.type, given);
    if ('error' in result) return result;
    out[key] = result.ok;
  }
  return { ok: out };
}

/** `application/json` or any `+json` type, parameters allowed, as axum's `json_content_type`. */
function isJson(contentType: string | undefined): boolean {
  const essence = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const [type, subtype = ''] = essence.split('/');
  return type === 'application' && (subtype === 'json' || subtype.endsWith('+json'));
}

/** serde_json's message for a syntax error, placed as it places it. */
function syntaxError(text: string, error: unknown): string {
  if (text.trim() === '') return `EOF while parsing a value at ${position(text, text.length)}`;
  const at = /position (\d+)/.exec(String(error));
  const offset = at ? Number(at[1]) + 1 : text.length;
  return offset >= text.length
    ? `EOF while parsing a value at ${position(text, text.length)}`
    : `expected value at ${position(text, offset)}`;
}

/** axum's `Json<T>` extractor: 415, then 400 for syntax, then 422 for the data. */
export function jsonExtractor(
  contentType: string | undefined,
  text: string,
  struct: Struct,
  name: string,
): Record<string, unknown> {
  if (!isJson(contentType))
    throw new Rejection(415, 'Expected request with `Content-Type: application/json`');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Rejection(400, `Failed to parse the request body as JSON: ${syntaxError(text, error)}`);
  }
  const result = deserialize(struct, name, value);
  if ('error' in result)
    throw new Rejection(
      422,
      `Failed to deserialize the JSON body into the target type: ${result.error} at ${endPosition(text)}`,
    );
  return result.ok;
}

/** A query field: text, or a number or flag parsed from its text as serde_urlencoded does. */
export type QueryType = 'String' | 'i64' | 'bool';

/** axum's `Query<T>` extractor: serde_urlencoded into a struct of Options or Strings. */
export function queryExtractor(
  search: URLSearchParams,
  fields: Record<string, { type: QueryType; optional?: boolean }>,
): Record<string, string | number | boolean | undefined> {
  const fail = (why: string) => new Rejection(400, `Failed to deserialize query string: ${why}`);
  const out: Record<string, string | number | boolean | undefined> = {};
  for (const [key, field] of Object.entries(fields)) {
    const values = search.getAll(key);
    if (values.length > 1) throw fail(`duplicate field \`${key}\``);
    const text = values[0];
    if (text === undefined) {
      if (!field.optional) throw fail(`missing field \`${key}\``);
      continue;
    }
    if (field.type === 'i64') {
      if (!/^[+-]?\d+$/.test(text))
        throw fail(text === '' ? 'cannot parse integer from empty string' : 'invalid digit found in string');
      const number = Number(text);
      if (!Number.isSafeInteger(number)) throw fail('number too large to fit in target type');
      out[key] = number;
    } else if (field.type === 'bool') {
      if (text !== 'true' && text !== 'false') throw fail('provided string was not `true` or `false`');
      out[key] = text === 'true';
    } else out[key] = text;
  }
  return out;
}
