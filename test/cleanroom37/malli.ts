import { BigDec, JDouble, JLong, type Json } from './jackson.ts';
import { RequestCoercion } from './ring.ts';

/**
 * The few malli schemas the routes declare, with malli's humanized messages. Body maps are open
 * (`:closed false`, malli's default): unknown keys are kept and ignored. Body coercion runs the
 * json-transformer, which turns no string into a number; query coercion runs the
 * string-transformer, which reads `"12"` as an int and only `"true"`/`"false"` as booleans.
 */
export type Schema = (value: Json) => Json | undefined;

export const isNumber = (v: Json): v is JLong | BigDec | JDouble =>
  v instanceof JLong || v instanceof BigDec || v instanceof JDouble;

export const string =
  (props: { min?: number; max?: number } = {}): Schema =>
  (v) => {
    if (typeof v !== 'string') return ['should be a string'];
    // malli counts a String as Clojure's `count` does: UTF-16 code units.
    if (props.min !== undefined && v.length < props.min)
      return [`should be at least ${props.min} character${props.min === 1 ? '' : 's'}`];
    if (props.max !== undefined && v.length > props.max) return [`should be at most ${props.max} characters`];
    return undefined;
  };

export const int: Schema = (v) =>
  v instanceof JLong && v.value >= -(2n ** 63n) && v.value < 2n ** 63n ? undefined : ['should be an int'];

export const number: Schema = (v) => (isNumber(v) ? undefined : ['should be a number']);

export const boolean: Schema = (v) => (typeof v === 'boolean' ? undefined : ['should be a boolean']);

export const orNil =
  (schema: Schema): Schema =>
  (v) =>
    v === null ? undefined : schema(v);

export const or =
  (...schemas: Schema[]): Schema =>
  (v) => {
    const errors = schemas.map((s) => s(v));
    return errors.some((e) => e === undefined) ? undefined : errors[0];
  };

export const vectorOf =
  (schema: Schema): Schema =>
  (v) => {
    if (!Array.isArray(v)) return ['invalid type'];
    const errors = v.map(schema);
    return errors.every((e) => e === undefined) ? undefined : errors.map((e) => e ?? null);
  };

/** `[:map {:closed false} [k {:optional …} schema] …]` on the body, or reitit's 400. */
export function coerceBody(
  body: Json | undefined,
  fields: Record<string, { schema: Schema; optional?: boolean }>,
): Record<string, Json> {
  if (
    body === undefined ||
    body === null ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    isNumber(body)
  )
    throw new RequestCoercion(body ?? null, 'body-params', ['invalid type']);
  const map = body as Record<string, Json>;
  const humanized: Record<string, Json> = {};
  for (const [key, field] of Object.entries(fields)) {
    const value = map[key];
    if (value === undefined) {
      if (!field.optional) humanized[key] = ['missing required key'];
      continue;
    }
    const error = field.schema(value);
    if (error !== undefined) humanized[key] = error;
  }
  if (Object.keys(humanized).length > 0) throw new RequestCoercion(map, 'body-params', humanized);
  return map;
}

/** The string-transformer's reading of optional query parameters. */
export function coerceQuery(
  query: URLSearchParams,
  fields: Record<string, 'int' | 'boolean'>,
): Record<string, bigint | boolean | undefined> {
  const out: Record<string, bigint | boolean | undefined> = {};
  const humanized: Record<string, Json> = {};
  for (const [key, kind] of Object.entries(fields)) {
    const text = query.get(key);
    if (text === null) continue;
    if (kind === 'int' && /^-?\d{1,18}$/.test(text)) out[key] = BigInt(text);
    else if (kind === 'boolean' && (text === 'true' || text === 'false')) out[key] = text === 'true';
    else humanized[key] = [kind === 'int' ? 'should be an int' : 'should be a boolean'];
  }
  if (Object.keys(humanized).length > 0) {
    const value: Record<string, Json> = {};
    for (const [k, v] of query) value[k] = v;
    throw new RequestCoercion(value, 'query-params', humanized);
  }
  return out;
}
