import { type Dec, parseDec } from './decimal.ts';
import { decodeFirst, goKind, type JsonNode, JsonSyntaxError } from './gojson.ts';

/**
 * gin's binding as clean room twenty-two's Go service uses it: `c.ShouldBindJSON(&req)` decodes a
 * body into a struct with encoding/json's rules (keys matched to fields exactly, else ignoring
 * case; unknown keys ignored; `null` leaves a value field at its zero value and a pointer nil; a
 * type mismatch is an UnmarshalTypeError), then go-playground/validator checks the `binding` tags.
 * `c.ShouldBindQuery` does the same with the query (gin reads an empty int as 0, an empty bool as
 * false). Every failure is a {@link BindError} whose text is the one gin's handler puts in
 * `{"error": err.Error()}`.
 */

export class BindError extends Error {}

/** A Go field type: `amount` is a decimal with its own UnmarshalJSON (a number or a numeric string). */
export type GoType = 'amount' | 'int64' | 'float64' | 'string' | 'flexString' | 'bool' | 'int64s' | 'strings';

export interface Field {
  /** The Go field name (validator messages), and its `json:"…"`/`form:"…"` name. */
  readonly go: string;
  readonly json: string;
  readonly type: GoType;
  /** A pointer field: nil when absent or null, so `required` tells absence from zero. */
  readonly pointer?: boolean;
  /** validator tags: `required`, `max=50`, `min=1` (with omitempty on a pointer), `excluded_with=Go`. */
  readonly tags?: readonly string[];
}

export interface GoStruct {
  readonly name: string;
  readonly fields: readonly Field[];
}

export type Bound = Record<string, unknown>;

const INT64 = /^-?\d+$/;
const MAX_INT64 = 2n ** 63n;

function zero(type: GoType): unknown {
  if (type === 'amount') return null;
  if (type === 'int64' || type === 'float64') return 0;
  if (type === 'bool') return false;
  if (type === 'int64s' || type === 'strings') return null;
  return '';
}

function typeError(node: JsonNode, where: string, type: string): BindError {
  return new BindError(
    `json: cannot unmarshal ${goKind(node).split(' ')[0]} into Go struct field ${where} of type ${type}`,
  );
}

function int64(node: JsonNode, where: string): number {
  if (node.kind !== 'number' || !INT64.test(node.raw))
    throw node.kind === 'number'
      ? new BindError(`json: cannot unmarshal ${goKind(node)} into Go struct field ${where} of type int64`)
      : typeError(node, where, 'int64');
  const big = BigInt(node.raw);
  if (big >= MAX_INT64 || big < -MAX_INT64)
    throw new BindError(`json: cannot unmarshal ${goKind(node)} into Go struct field ${where} of type int64`);
  return Number(big);
}

function amount(node: JsonNode): Dec {
  const text =
    node.kind === 'string'
      ? node.value
      : node.kind === 'number'
        ? node.raw
        : node.kind === 'bool'
          ? String(node.value)
          : node.kind;
  const value = parseDec(text);
  if (!value) throw new BindError(`can't convert ${text} to decimal`);
  return value;
}

function convert(field: Field, node: JsonNode, where: string): unknown {
  switch (field.type) {
    case 'amount':
      return amount(node);
    case 'int64':
      return int64(node, where);
    case 'float64': {
      if (node.kind !== 'number') throw typeError(node, where, 'float64');
      const value = Number(node.raw);
      if (!Number.isFinite(value))
        throw new BindError(
          `json: cannot unmarshal ${goKind(node)} into Go struct field ${where} of type float64`,
        );
      return value;
    }
    case 'string':
      if (node.kind !== 'string') throw typeError(node, where, 'string');
      return node.value;
    case 'flexString':
      // BillNumber's own UnmarshalJSON: the table types a String, the example sends a number.
      if (node.kind === 'string') return node.value;
      if (node.kind === 'number') return node.raw;
      throw new BindError(`billNumber: want a string or a number, got ${goKind(node)}`);
    case 'bool':
      if (node.kind !== 'bool') throw typeError(node, where, 'bool');
      return node.value;
    case 'int64s':
    case 'strings': {
      if (node.kind !== 'array')
        throw typeError(node, where, field.type === 'int64s' ? '[]int64' : '[]string');
      return node.items.map((item) =>
        field.type === 'int64s' ? int64(item, where) : convert({ ...field, type: 'string' }, item, where),
      );
    }
  }
}

function tagFailure(struct: GoStruct, field: Field, tag: string): string {
  return `Key: '${struct.name}.${field.go}' Error:Field validation for '${field.go}' failed on the '${tag.split('=')[0]}' tag`;
}

function isZero(value: unknown): boolean {
  return value === null || value === undefined || value === '' || value === 0 || value === false;
}

/** go-playground/validator over the `binding` tags; all failures joined by newlines, as its ValidationErrors. */
export function validate(struct: GoStruct, bound: Bound): void {
  const failures: string[] = [];
  for (const field of struct.fields) {
    const value = bound[field.json];
    for (const tag of field.tags ?? []) {
      const [name, arg] = tag.split('=') as [string, string | undefined];
      let ok = true;
      if (name === 'required') ok = field.pointer ? value !== null && value !== undefined : !isZero(value);
      else if (name === 'max' || name === 'min') {
        if (value === null || value === undefined) continue; // omitempty on a nil pointer
        const length = [...String(value)].length;
        ok = name === 'max' ? length <= Number(arg) : length >= Number(arg);
      } else if (name === 'excluded_with') {
        const other = struct.fields.find((f) => f.go === arg) as Field;
        ok = isZero(bound[other.json]) || isZero(value);
      }
      if (!ok) {
        failures.push(tagFailure(struct, field, tag));
        break;
      }
    }
  }
  if (failures.length > 0) throw new BindError(failures.join('\n'));
}

/** A failure as validator words it for one field and tag (a handler's own `gt` check reuses it). */
export const fieldFailure = (struct: GoStruct, go: string, tag: string): BindError =>
  new BindError(tagFailure(struct, struct.fields.find((f) => f.go === go) as Field, tag));

/** c.ShouldBindJSON(&req). */
export function bindJson(struct: GoStruct, body: string): Bound {
  let node: JsonNode;
  try {
    node = decodeFirst(body);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new BindError(e.message);
    throw e;
  }
  const bound: Bound = {};
  for (const field of struct.fields) bound[field.json] = field.pointer ? null : zero(field.type);
  if (node.kind !== 'object' && node.kind !== 'null')
    throw new BindError(
      `json: cannot unmarshal ${goKind(node).split(' ')[0]} into Go value of type main.${struct.name}`,
    );
  for (const [key, value] of node.kind === 'object' ? node.entries : []) {
    const field =
      struct.fields.find((f) => f.json === key) ??
      struct.fields.find((f) => f.json.toLowerCase() === key.toLowerCase());
    if (!field) continue;
    if (value.kind === 'null') {
      if (field.pointer || field.type === 'int64s' || field.type === 'strings') bound[field.json] = null;
      continue;
    }
    bound[field.json] = convert(field, value, `${struct.name}.${key}`);
  }
  validate(struct, bound);
  return bound;
}

/** c.ShouldBindQuery(&q): the first value of each name; ints and bools parsed as strconv does. */
export function bindQuery(struct: GoStruct, query: URLSearchParams): Bound {
  const bound: Bound = {};
  for (const field of struct.fields) {
    const text = query.get(field.json);
    if (text === null) {
      bound[field.json] = zero(field.type);
      continue;
    }
    if (field.type === 'int64') {
      const value = text === '' ? '0' : text;
      if (!/^[+-]?\d+$/.test(value) || BigInt(value) >= MAX_INT64 || BigInt(value) < -MAX_INT64)
        throw new BindError(
          `strconv.ParseInt: parsing ${JSON.stringify(value)}: ${/^[+-]?\d+$/.test(value) ? 'value out of range' : 'invalid syntax'}`,
        );
      bound[field.json] = Number(value);
    } else if (field.type === 'bool') {
      const value = text === '' ? 'false' : text;
      const truth = ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
      if (!truth && !['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value))
        throw new BindError(`strconv.ParseBool: parsing ${JSON.stringify(value)}: invalid syntax`);
      bound[field.json] = truth;
    } else bound[field.json] = text;
  }
  validate(struct, bound);
  return bound;
}
