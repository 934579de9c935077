import { formatScaled, type ParsedDecimal, parseDecimal, type Thousandths } from './decimal.ts';

/**
 * System.Text.Json as ASP.NET Core's web defaults use it. Writing: camelCase names in the DTOs'
 * declared order, `null` for an optional member with no value (DefaultIgnoreCondition.Never),
 * decimals with their scale, and the default JavaScriptEncoder, which escapes every non-ASCII
 * character and the HTML-sensitive `<`, `>`, `&`, `'`, `+` and `` ` `` as `\uXXXX`. Reading:
 * property names matched case-insensitively, numbers also from numeric strings
 * (JsonNumberHandling.AllowReadingFromString), strings only from strings, bools only from
 * true/false; each conversion failure is a model-state error keyed by its JSON path.
 */

/** A number literal written as is (a decimal with its scale). */
export class Num {
  constructor(readonly text: string) {}
}

/** A decimal column value, written with three places as the column holds it. */
export const dec = (value: Thousandths, places = 3) => new Num(formatScaled(value, places));

function escapeString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code > 0x7e || `<>&'+\``.includes(ch)) {
      // Astral characters as their UTF-16 surrogate pair, as the encoder writes them.
      for (const unit of ch.length === 2 ? [ch.charCodeAt(0), ch.charCodeAt(1)] : [code])
        out += `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** Serialises compactly, as JsonSerializer.Serialize does without WriteIndented. */
export function serialize(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Num) return value.text;
  if (typeof value === 'string') return escapeString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(serialize).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${escapeString(k)}:${serialize(v)}`).join(',')}}`;
}

/** Model-state errors: key → messages, the `errors` map of a ValidationProblemDetails. */
export type ModelState = Record<string, string[]>;

export function addError(state: ModelState, key: string, message: string): void {
  state[key] = [...(state[key] ?? []), message];
}

const CLR: Record<string, string> = {
  decimal: 'System.Nullable`1[System.Decimal]',
  int: 'System.Nullable`1[System.Int32]',
  long: 'System.Nullable`1[System.Int64]',
  string: 'System.String',
  bool: 'System.Boolean',
  longs: 'System.Int64[]',
  strings: 'System.String[]',
};

function conversionError(state: ModelState, name: string, type: keyof typeof CLR): undefined {
  addError(
    state,
    `$.${name}`,
    `The JSON value could not be converted to ${CLR[type]}. Path: $.${name} | LineNumber: 0 | BytePositionInLine: 1.`,
  );
  return undefined;
}

/** A request body bound to a DTO: the members looked up by name, case-insensitively. */
export class Bound {
  private readonly members = new Map<string, unknown>();
  readonly state: ModelState = {};

  constructor(body: Record<string, unknown>) {
    // The last of members differing only in case wins, as the deserializer overwrites.
    for (const [k, v] of Object.entries(body)) this.members.set(k.toLowerCase(), v);
  }

  raw(name: string): unknown {
    return this.members.get(name.toLowerCase());
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined && this.raw(name) !== null;
  }

  decimal(name: string): ParsedDecimal | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined;
    const d = text === undefined ? undefined : parseDecimal(text);
    return d ?? conversionError(this.state, name, 'decimal');
  }

  integer(name: string, type: 'int' | 'long' = 'int'): number | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    return integerOf(v) ?? conversionError(this.state, name, type);
  }

  string(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : conversionError(this.state, name, 'string');
  }

  bool(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    return typeof v === 'boolean' ? v : conversionError(this.state, name, 'bool');
  }

  longs(name: string): number[] | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    const items = Array.isArray(v) ? v.map(integerOf) : undefined;
    if (!items || items.some((i) => i === undefined)) return conversionError(this.state, name, 'longs');
    return items as number[];
  }

  strings(name: string): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((i) => typeof i !== 'string' && i !== null))
      return conversionError(this.state, name, 'strings');
    return v as string[];
  }
}

/** An integer from a JSON number or a numeric string; undefined for a fraction or anything else. */
export function integerOf(v: unknown): number | undefined {
  const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
