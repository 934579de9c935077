/**
 * Jackson's binding of request fields to the service's Java types, with its default coercions:
 * a String field takes a JSON string or number; an Integer/Long a JSON integer or a string of
 * digits (ACCEPT_FLOAT_AS_INT turned off: a fraction does not bind); a BigDecimal a number or a
 * numeric string; a List a JSON array only (ACCEPT_SINGLE_VALUE_AS_ARRAY off). What does not bind
 * is Micronaut's 400 "Failed to convert argument [body]".
 */
import { type BigDecimal, parseBigDecimal } from './bigdecimal.ts';
import { isObject, JsonNumber, type JsonValue } from './jackson.ts';
import { type BadRequest, bodyUnreadable } from './micronaut.ts';

type Body = { readonly [key: string]: JsonValue };

const mismatch = (field: string, type: string, value: JsonValue): BadRequest =>
  bodyUnreadable(
    `Cannot deserialize value of type \`${type}\` from ${describe(value)} at [Source: REDACTED; line: 1] (through reference chain: ${field})`,
  );

function describe(value: JsonValue): string {
  if (value === null) return 'Null value';
  if (typeof value === 'boolean') return 'Boolean value';
  if (typeof value === 'string') return `String "${value.slice(0, 20)}"`;
  if (value instanceof JsonNumber) return `Number value (${value.text})`;
  return Array.isArray(value)
    ? 'Array value (token `JsonToken.START_ARRAY`)'
    : 'Object value (token `JsonToken.START_OBJECT`)';
}

/** The body as a JSON object, else 400. */
export function objectBody(body: JsonValue): Body {
  if (!isObject(body)) throw mismatch('request', 'Request', body);
  return body;
}

/** String: undefined when absent or null. */
export function text(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (v instanceof JsonNumber) return v.text;
  throw mismatch(field, 'java.lang.String', v);
}

const INTEGER = /^-?\d{1,19}$/;

/** Integer (32-bit) or Long: undefined when absent or null. */
export function integer(body: Body, field: string, long = false): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  return integerOf(v, field, long);
}

function integerOf(v: JsonValue, field: string, long: boolean): number {
  const type = long ? 'java.lang.Long' : 'java.lang.Integer';
  const digits = v instanceof JsonNumber ? v.text : typeof v === 'string' ? v.trim() : undefined;
  if (digits === undefined || !INTEGER.test(digits)) throw mismatch(field, type, v);
  const n = BigInt(digits);
  const limit = long ? 2n ** 63n : 2n ** 31n;
  if (n >= limit || n < -limit) throw mismatch(field, type, v);
  return Number(n);
}

/** List<Long>: undefined when absent or null. */
export function longs(body: Body, field: string): number[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw mismatch(field, 'java.util.ArrayList<java.lang.Long>', v);
  return v.map((item: JsonValue) => integerOf(item, field, true));
}

/** List<String>: undefined when absent or null. */
export function texts(body: Body, field: string): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw mismatch(field, 'java.util.ArrayList<java.lang.String>', v);
  return v.map((item: JsonValue) => {
    if (typeof item === 'string') return item;
    if (item instanceof JsonNumber) return item.text;
    throw mismatch(field, 'java.lang.String', item);
  });
}

/** BigDecimal: undefined when absent or null. */
export function decimal(body: Body, field: string): BigDecimal | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  const parsed =
    v instanceof JsonNumber
      ? parseBigDecimal(v.text)
      : typeof v === 'string'
        ? parseBigDecimal(v.trim())
        : undefined;
  if (!parsed) throw mismatch(field, 'java.math.BigDecimal', v);
  return parsed;
}

/** Boolean: undefined when absent or null. */
export function flag(body: Body, field: string): boolean | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  throw mismatch(field, 'java.lang.Boolean', v);
}

/** LocalDate from "yyyy-MM-dd". */
export function localDate(body: Body, field: string): string | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !isIsoDate(v)) throw mismatch(field, 'java.time.LocalDate', v);
  return v;
}

function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().startsWith(value);
}
