/**
 * marshmallow schemas as webargs parses them for a Flask view: each field's own message, all of a
 * location's errors at once, answered 422 as `{"errors":{"json":{"points":["Not a valid number."]}}}`
 * (webargs' nested location map). Unknown fields are excluded (Meta.unknown = EXCLUDE), so a
 * client sending more than the schema knows is not refused.
 */

export type Kind = 'int' | 'number' | 'amount' | 'str' | 'bool' | 'date' | 'ints' | 'strs' | 'intOrInts';

export interface Field {
  readonly kind: Kind;
  readonly required?: boolean;
  readonly allowNone?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Range(min=0): a negative number is refused. */
  readonly nonNegative?: boolean;
}

export type Errors = Record<string, unknown>;

const TRUTHY = new Set([
  't',
  'T',
  'true',
  'True',
  'TRUE',
  '1',
  'on',
  'On',
  'ON',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
]);
const FALSY = new Set([
  'f',
  'F',
  'false',
  'False',
  'FALSE',
  '0',
  'off',
  'Off',
  'OFF',
  'n',
  'N',
  'no',
  'No',
  'NO',
]);
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const MAX = 999999999.999;
const INTEGER = /^\s*[+-]?\d+\s*$/;

type Load = { ok: true; value: unknown } | { ok: false; error: unknown };
const bad = (error: unknown): Load => ({ ok: false, error: [error] });
const good = (value: unknown): Load => ({ ok: true, value });

function integer(v: unknown): Load {
  if (typeof v === 'number' && Number.isInteger(v)) return good(v);
  if (typeof v === 'string' && INTEGER.test(v)) return good(Number(v));
  return bad('Not a valid integer.');
}

function list(v: unknown, item: (x: unknown) => Load): Load {
  if (!Array.isArray(v)) return bad('Not a valid list.');
  const errors: Record<string, unknown> = {};
  const out = v.map((x, i) => {
    const r = item(x);
    if (!r.ok) errors[String(i)] = r.error;
    return r.ok ? r.value : undefined;
  });
  return Object.keys(errors).length ? { ok: false, error: errors } : good(out);
}

function text(v: unknown): Load {
  return typeof v === 'string' ? good(v) : bad('Not a valid string.');
}

function loadKind(kind: Kind, v: unknown): Load {
  switch (kind) {
    case 'int':
      return integer(v);
    case 'number':
      return typeof v === 'number' || (typeof v === 'string' && DECIMAL.test(v.trim()))
        ? good(Number(v))
        : bad('Not a valid number.');
    case 'amount':
      // fields.Decimal: the JSON number's text or the string as sent, so places can be counted.
      if (typeof v === 'number') return good(String(v));
      if (typeof v === 'string' && DECIMAL.test(v.trim())) return good(v.trim());
      return bad('Not a valid number.');
    case 'str':
      return text(v);
    case 'bool':
      if (typeof v === 'boolean') return good(v);
      if (TRUTHY.has(String(v))) return good(true);
      if (FALSY.has(String(v))) return good(false);
      return bad('Not a valid boolean.');
    case 'date':
      return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v))
        ? good(v)
        : bad('Not a valid date.');
    case 'ints':
      return list(v, integer);
    case 'strs':
      return list(v, text);
    case 'intOrInts':
      // eventLogId: the table says Array, the example sends one number; a custom field takes both.
      return Array.isArray(v)
        ? list(v, integer)
        : integer(v).ok
          ? good([Number(v)])
          : bad('Not a valid integer.');
  }
}

function validate(field: Field, value: unknown): unknown | undefined {
  if (field.kind === 'amount' || field.kind === 'number') {
    // DECIMAL(12,3) holds up to 999999999.999: Range keeps MySQL's out-of-range error (a 500) away.
    const n = Number(value);
    const min = field.nonNegative ? 0 : -MAX;
    if (n < min || n > MAX)
      return [`Must be greater than or equal to ${min} and less than or equal to ${MAX}.`];
  }
  if (typeof value === 'string' && field.kind === 'str') {
    if (field.minLength !== undefined && value.length < field.minLength)
      return [`Shorter than minimum length ${field.minLength}.`];
    if (field.maxLength !== undefined && value.length > field.maxLength)
      return [`Longer than maximum length ${field.maxLength}.`];
  }
  return undefined;
}

/** `schema.load(data)`: the loaded fields, or the errors keyed by field. */
export function load(
  schema: Record<string, Field>,
  data: unknown,
): { ok: true; data: Record<string, unknown> } | { ok: false; errors: Errors } {
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    return { ok: false, errors: { _schema: ['Invalid input type.'] } };
  const input = data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const errors: Errors = {};
  for (const [name, field] of Object.entries(schema)) {
    if (!(name in input)) {
      if (field.required) errors[name] = ['Missing data for required field.'];
      continue;
    }
    const raw = input[name];
    if (raw === null) {
      if (field.allowNone) out[name] = null;
      else errors[name] = ['Field may not be null.'];
      continue;
    }
    const r = loadKind(field.kind, raw);
    if (!r.ok) {
      errors[name] = r.error;
      continue;
    }
    const invalid = validate(field, r.value);
    if (invalid) errors[name] = invalid;
    else out[name] = r.value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, data: out };
}
