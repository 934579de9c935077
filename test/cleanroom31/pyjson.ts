import { pyFloat } from './decimal.ts';

/** A value Flask writes as a Python float (repr), not an int. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * Flask 3's `jsonify`: keys sorted (DefaultJSONProvider.sort_keys), compact separators outside
 * debug mode, floats by Python's repr, a trailing newline.
 */
export function jsonify(value: unknown): string {
  return `${dump(value)}\n`;
}

function dump(value: unknown): string {
  if (value instanceof PyFloat) return pyFloat(value.value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(dump).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${dump(k)}:${dump(v)}`).join(',')}}`;
  }
  // ensure_ascii: Python escapes every non-ASCII character.
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
