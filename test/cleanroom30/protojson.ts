import { syntaxErrorIndex } from './jsonsyntax.ts';
import { Code, invalid, RpcError } from './status.ts';

/**
 * protojson as grpc-gateway's JSONPb marshaler runs it for this service: `DiscardUnknown: true`,
 * `EmitUnpopulated: false`, `UseProtoNames: false` (lowerCamelCase out, either name in).
 */

export type Kind = 'int64' | 'string' | 'bool' | 'double' | 'value' | 'int64[]' | 'string[]';

export interface Field {
  readonly json: string;
  readonly proto: string;
  readonly kind: Kind;
  /** The oneof the field belongs to: a second member set is an error. */
  readonly oneof?: string;
}

/** Line and column of a character of the body, as protojson's decoder reports them. */
function position(text: string, index: number): string {
  const before = text.slice(0, Math.max(0, index));
  const line = before.split('\n').length;
  return `line ${line}:${index - before.lastIndexOf('\n')}`;
}

/** The decoder's own error: the gateway writes it without the `details` of an RPC's status. */
function syntaxError(text: string): RpcError {
  const index = Math.max(0, syntaxErrorIndex(text));
  const token = text.slice(index).match(/^(\w+|\S)/)?.[0] ?? '';
  const message = `proto: syntax error (${position(text, index)}): unexpected token ${token}`.trimEnd();
  return new RpcError(Code.INVALID_ARGUMENT, message, undefined, false);
}

const INT = /^-?\d+$/;
const FLOAT = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** One field's value read as its kind, or undefined when protojson would refuse it. */
function read(kind: Kind, value: unknown): unknown {
  switch (kind) {
    case 'int64':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      if (typeof value === 'string' && INT.test(value)) return Number(value);
      return undefined;
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'string' && (FLOAT.test(value) || /^-?Infinity$|^NaN$/.test(value)))
        return Number(value);
      return undefined;
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'value':
      return value;
    case 'int64[]':
    case 'string[]': {
      if (!Array.isArray(value)) return undefined;
      const items = value.map((v) => read(kind === 'int64[]' ? 'int64' : 'string', v));
      return items.includes(undefined) ? undefined : items;
    }
  }
}

/**
 * The request message from a body: an empty body is the empty message (the gateway ignores io.EOF),
 * `null` leaves a field unset, unknown fields are dropped; a wrong type or a second oneof member is
 * INVALID_ARGUMENT with protojson's message.
 */
export function decode(text: string, fields: readonly Field[]): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw syntaxError(text);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    const index = text.search(/\S/);
    const token = text.slice(index).match(/^(\w+|\S)/)?.[0] ?? '';
    throw new RpcError(
      Code.INVALID_ARGUMENT,
      `proto: syntax error (${position(text, index)}): unexpected token ${token}`,
      undefined,
      false,
    );
  }
  const message: Record<string, unknown> = {};
  const oneofs = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    const field = fields.find((f) => f.json === key || f.proto === key);
    if (!field || value === null) continue;
    const at = position(text, text.indexOf(JSON.stringify(key)));
    if (field.oneof) {
      if (oneofs.has(field.oneof))
        throw invalid(`proto: (${at}): error parsing "${key}", oneof ${field.oneof} is already set`);
      oneofs.set(field.oneof, key);
    }
    const typed = read(field.kind, value);
    if (typed === undefined) {
      const type = field.kind.endsWith('[]') ? 'list' : `${field.kind} type`;
      throw invalid(`proto: (${at}): invalid value for ${type}: ${JSON.stringify(value)}`);
    }
    message[field.json] = typed;
  }
  return message;
}

/** A query parameter bound to an int64 field, as the gateway's PopulateQueryParameters does. */
export function queryInt64(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!INT.test(value))
    throw invalid(
      `type mismatch, parameter: ${name}, error: strconv.ParseInt: parsing "${value}": invalid syntax`,
    );
  return Number(value);
}

/** A query parameter bound to a bool field: Go's strconv.ParseBool (1, t, T, TRUE, true, True, …). */
export function queryBool(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  if (value === null || value === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  throw invalid(
    `type mismatch, parameter: ${name}, error: strconv.ParseBool: parsing "${value}": invalid syntax`,
  );
}

const unpopulated = (v: unknown) =>
  v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0);

/**
 * A response message as protojson writes it with `EmitUnpopulated: false`: scalars at their zero
 * value and empty lists left out, except the fields named in `present` (wrappers or proto3
 * `optional` in the .proto, which carry presence). Keys come in field-number order.
 */
export function message(
  fields: Record<string, unknown>,
  present: readonly string[] = [],
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).filter(([k, v]) => v !== undefined && (present.includes(k) || !unpopulated(v))),
  );
}
