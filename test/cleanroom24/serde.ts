import { f64Text } from './decimal.ts';

/** An `f64` field: serde_json writes it with a point when whole (`100.0`). */
export class F64 {
  constructor(readonly value: number) {}
}

/**
 * serde_json's `to_string` of the service's structs: keys in field order (the object's own order
 * here), `f64` fields as {@link F64}, integers as integers, `None` as `null` unless the field was
 * left out (`skip_serializing_if`), no whitespace and no trailing newline.
 */
export function toJson(value: unknown): string {
  if (value instanceof F64) return f64Text(value.value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Where serde_json reports an error: 1-based line, column of the last character read. */
export function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1);
  return `line ${line} column ${column}`;
}

/**
 * The end of a document, where serde_json notices a missing field (the closing brace). The clean
 * room places every data error there; serde_json places a wrong type at its value, a column the
 * suite never reads.
 */
export function endPosition(text: string): string {
  return position(text, text.trimEnd().length);
}

/** serde's names for a JSON value of the wrong type (`invalid type: string "x", expected …`). */
export function unexpected(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'sequence';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'boolean') return `boolean \`${value}\``;
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (typeof value === 'number')
    return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${f64Text(value)}\``;
  return 'unit value';
}
