/**
 * PHP 8.3's habits the Laravel app meets on every answer: json_encode with Laravel's JsonResponse
 * options (0: `/` escaped as `\/`, non-ASCII as `\uXXXX`), floats with serialize_precision = -1
 * (shortest round-trip, an integral float keeps `.0`), is_numeric and FILTER_VALIDATE_INT as the
 * validator uses them, mb_strlen counting code points, and MySQL DECIMAL(14,3) values kept as whole
 * thousandths (what PDO hands back as a string such as "670.000").
 */

/** A PHP float: what a `float` model cast or `(float)` gives, encoded with its `.0`. */
export class PhpFloat {
  constructor(readonly value: number) {}
}

export const float = (value: number): PhpFloat => new PhpFloat(value);

/** A PHP stdClass (or `(object) []`): encoded `{}` even when empty, where an empty array gives `[]`. */
export class PhpObject {
  constructor(readonly fields: Record<string, unknown> = {}) {}
}

function floatRepr(value: number): string {
  const shortest = String(value);
  if (/e/.test(shortest)) {
    const [mantissa, exponent] = shortest.split('e');
    return `${mantissa?.includes('.') ? mantissa : `${mantissa}.0`}e${exponent}`;
  }
  return Number.isInteger(value) ? `${shortest}.0` : shortest;
}

function encodeString(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '/') out += '\\/';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e)
      for (let i = 0; i < char.length; i += 1)
        out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** json_encode($value) as Laravel's JsonResponse calls it. A JS number is a PHP int. */
export function jsonEncode(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return String(Math.trunc(value));
  if (typeof value === 'string') return encodeString(value);
  if (value instanceof PhpFloat) return floatRepr(value.value);
  if (Array.isArray(value)) return `[${value.map(jsonEncode).join(',')}]`;
  const fields = value instanceof PhpObject ? value.fields : (value as Record<string, unknown>);
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${encodeString(k)}:${jsonEncode(v)}`).join(',')}}`;
}

/** is_numeric(): numbers, and strings PHP 8 reads as a number (whitespace around allowed). */
export function isNumeric(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'string') return false;
  return /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/.test(value);
}

/** filter_var($value, FILTER_VALIDATE_INT) !== false: PHP casts to string first, so `true` is 1. */
export function isPhpInt(value: unknown): boolean {
  if (typeof value === 'number') return Number.isSafeInteger(value);
  if (value === true) return true;
  return (
    typeof value === 'string' &&
    /^\s*[+-]?(0|[1-9]\d*)\s*$/.test(value) &&
    Number.isSafeInteger(Number(value))
  );
}

/** mb_strlen($value): code points, not UTF-16 units. */
export const mbStrlen = (text: string): number => [...text].length;

/** The value a numeric input stands for, as a plain decimal string ("1e3" → "1000", 0.5 → "0.5"). */
export function decimalText(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (/^[+-]?\d+(\.\d+)?$/.test(text)) return text;
  const n = Number(text);
  if (/e/i.test(String(n))) return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
  return String(n);
}

/** Decimal places of the value (trailing zeros are not places: "100.00" has none). */
export function decimalPlaces(value: string | number): number {
  const fraction = decimalText(value).split('.')[1] ?? '';
  return fraction.replace(/0+$/, '').length;
}

/** (string) $float under `precision = 14`: 1.0E-7, 100.5, 1.0E+25. */
function phpFloatString(value: number): string {
  const text = Number(value.toPrecision(14)).toString();
  const exponent = /e/.test(text) || (value !== 0 && Math.abs(value) < 1e-4) || Math.abs(value) >= 1e15;
  if (!exponent) return text;
  const [mantissa = '', power = '0'] = value.toExponential(13).split('e');
  const trimmed = mantissa.replace(/0+$/, '').replace(/\.$/, '.0');
  return `${trimmed}E${Number(power) < 0 ? '-' : '+'}${Math.abs(Number(power))}`;
}

/**
 * The PHP snippet's count: `strlen(substr(strrchr((string) $value, '.'), 1))`, the string as sent
 * ("100.00" has 2) and a float as PHP prints it (1.0E-7 has 4: "0E-7").
 */
export function phpDecimalPlaces(value: string | number): number {
  const text = typeof value === 'number' ? phpFloatString(value) : value.trim();
  const dot = text.lastIndexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** DECIMAL(14,3): whole thousandths of a value with at most three places. */
export function toThousandths(value: string | number): number {
  const text = decimalText(value);
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const milli = Number(whole) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3));
  return negative ? -milli : milli;
}

/** What PDO hands back for a DECIMAL(14,3) column: a string with three places, "670.000". */
export function decimalColumn(thousandths: number): string {
  const sign = thousandths < 0 ? '-' : '';
  const abs = Math.abs(thousandths);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}

/** A `float` cast of a DECIMAL column: (float) "670.000". */
export const decimalFloat = (thousandths: number): PhpFloat => float(Number(decimalColumn(thousandths)));
