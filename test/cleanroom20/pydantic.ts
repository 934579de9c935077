/**
 * Request reading as FastAPI + pydantic v2 (lax mode) does it: ints from numeric strings and whole
 * floats, bools from `true/1/yes/on/t/y` and their opposites, strings only from strings, every
 * problem of one request collected into one 422 `{"detail": [...]}`. The vendor keeps this answer
 * for malformed requests the documents give no code for; documented cases keep their codes.
 */

export interface DetailItem {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

/** Collects the problems of one request, as pydantic's ValidationError does. */
export class Problems {
  readonly items: DetailItem[] = [];
  add(loc: (string | number)[], type: string, msg: string, input: unknown): undefined {
    this.items.push({ type, loc, msg, input });
    return undefined;
  }
}

const INT_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function int(p: Problems, loc: (string | number)[], v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'number')
    return p.add(
      loc,
      'int_from_float',
      'Input should be a valid integer, got a number with a fractional part',
      v,
    );
  if (typeof v === 'string' && INT_TEXT.test(v.trim())) return Number(v.trim());
  if (typeof v === 'string')
    return p.add(
      loc,
      'int_parsing',
      'Input should be a valid integer, unable to parse string as an integer',
      v,
    );
  return p.add(loc, 'int_type', 'Input should be a valid integer', v);
}

export function str(
  p: Problems,
  loc: (string | number)[],
  v: unknown,
  maxLength?: number,
): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return p.add(loc, 'string_type', 'Input should be a valid string', v);
  if (maxLength !== undefined && [...v].length > maxLength)
    return p.add(loc, 'string_too_long', `String should have at most ${maxLength} characters`, v);
  return v;
}

const TRUE = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const FALSE = new Set(['false', '0', 'no', 'off', 'f', 'n']);

export function bool(p: Problems, loc: (string | number)[], v: unknown): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string' && TRUE.has(v.toLowerCase())) return true;
  if (typeof v === 'string' && FALSE.has(v.toLowerCase())) return false;
  return p.add(loc, 'bool_parsing', 'Input should be a valid boolean, unable to interpret input', v);
}

/** A decimal.Decimal field: a JSON number or numeric text, kept as text (its value's digits). */
export function decimal(p: Problems, loc: (string | number)[], v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && NUMBER_TEXT.test(v.trim())) return v.trim();
  return p.add(loc, 'decimal_parsing', 'Input should be a valid decimal', v);
}

/** A float field. */
export function float(p: Problems, loc: (string | number)[], v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER_TEXT.test(v.trim())) return Number(v.trim());
  return p.add(
    loc,
    typeof v === 'string' ? 'float_parsing' : 'float_type',
    'Input should be a valid number',
    v,
  );
}

export function list<T>(
  p: Problems,
  loc: (string | number)[],
  v: unknown,
  item: (p: Problems, loc: (string | number)[], v: unknown) => T | undefined,
): T[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return p.add(loc, 'list_type', 'Input should be a valid list', v);
  return v.map((x, i) =>
    x === null ? p.add([...loc, i], 'missing', 'Field required', x) : item(p, [...loc, i], x),
  ) as T[];
}

/** The body as JSON, or the problem FastAPI reports for it. */
export function jsonBody(p: Problems, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = text === '' ? undefined : JSON.parse(text);
  } catch {
    p.add(['body', 0], 'json_invalid', 'JSON decode error', {});
    return {};
  }
  if (value === undefined) {
    p.add(['body'], 'missing', 'Field required', null);
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    p.add(
      ['body'],
      'model_attributes_type',
      'Input should be a valid dictionary or object to extract fields from',
      value,
    );
    return {};
  }
  return value as Record<string, unknown>;
}

/** Decimal places of a decimal text by value (`100.00` has none), and its value in 10^-scale units when it fits. */
export function decimalPlaces(text: string): number {
  const [mantissa = '', exp = '0'] = text.toLowerCase().split('e');
  const [, frac = ''] = mantissa.split('.');
  const places = frac.replace(/0+$/, '').length - Number(exp);
  return Math.max(0, places);
}

export function toUnits(text: string, scale: number): number {
  return Math.round(Number(text) * 10 ** scale);
}
