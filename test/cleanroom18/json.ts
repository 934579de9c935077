/**
 * How clean room eighteen writes JSON: as Go's encoding/json does by default, `<`, `>` and `&` in
 * strings escaped as `\u003c`, `\u003e`, `\u0026` (HTML-safe), and U+2028/U+2029 escaped; in one
 * reading the first letter of every object key is escaped too (`"\u0065ntityId"`), which RFC 8259
 * §7 allows for any character. Amounts the pages' examples write as strings are strings with three
 * decimals (`"670.000"`); other figures are JSON numbers. Points are kept as integer thousandths.
 */

/** A figure kept as integer thousandths, written as a JSON number without trailing zeros. */
export class Milli {
  constructor(readonly value: number) {}
}

/** A figure kept as integer thousandths, written as a string with three decimals (`"670.000"`). */
export class MilliString {
  constructor(readonly value: number) {}
}

function decimalText(milli: number, fixed: boolean): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  const whole = Math.floor(abs / 1000);
  const frac = String(abs % 1000).padStart(3, '0');
  if (fixed) return `${sign}${whole}.${frac}`;
  const trimmed = frac.replace(/0+$/, '');
  return trimmed ? `${sign}${whole}.${trimmed}` : `${sign}${whole}`;
}

/** The points `milli` as the fabric page writes them in `data.Message` (`100.0`). */
export function oneDecimal(milli: number): string {
  const text = decimalText(milli, false);
  return text.includes('.') ? text : `${text}.0`;
}

function escapeString(text: string, escapeFirst: boolean): string {
  let out = JSON.stringify(text)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  if (escapeFirst && text.length > 0 && /^[A-Za-z]$/.test(text[0]!)) {
    out = `"\\u${text.charCodeAt(0).toString(16).padStart(4, '0')}${out.slice(2)}`;
  }
  return out;
}

/** `value` as JSON text; `escapeKeys` escapes the first letter of every key. */
export function toJson(value: unknown, escapeKeys = false): string {
  if (value instanceof Milli) return decimalText(value.value, false);
  if (value instanceof MilliString) return `"${decimalText(value.value, true)}"`;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return escapeString(value, false);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => toJson(v, escapeKeys)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${escapeString(k, escapeKeys)}:${toJson(v, escapeKeys)}`).join(',')}}`;
}

/** Parses a decimal amount (a JSON number or a numeric string) to thousandths and its decimals. */
export function readAmount(raw: unknown): { milli: number; decimals: number; negative: boolean } | undefined {
  let text: string;
  if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (typeof raw === 'string') text = raw.trim();
  else return undefined;
  if (/e/i.test(text))
    text = Number(text)
      .toFixed(20)
      .replace(/\.?0+$/, '');
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) return undefined;
  // Decimal places counted by value: "100.00" has none (the page's own example in a program of 0).
  const frac = (match[3] ?? '').replace(/0+$/, '');
  const milli = Number(match[2]) * 1000 + Number(frac.slice(0, 3).padEnd(3, '0'));
  return { milli, decimals: frac.length, negative: match[1] === '-' && (milli > 0 || frac.length > 0) };
}
