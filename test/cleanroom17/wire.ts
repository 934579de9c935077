/**
 * How clean room seventeen's answers look on the wire: JSON numbers written in forms JSON allows but
 * people rarely use (`1.5E2`, `1500e-1`, `150.000`, `-0` for zero: the value stays the documented
 * one), header names in odd case, `Connection: close`, chunked bodies in 1–7-byte chunks (so a
 * multi-byte UTF-8 character is split across chunks), reason phrases of its own, and errors under
 * `application/json;charset=UTF-8` beside successes under `application/json`.
 */
import type { ServerResponse } from 'node:http';

// The project's seeded PRNG (mulberry32): only its numbers are used, nothing of the suite's logic.
export { seededRandom } from '../../src/engine/negative-cases.ts';

/** A number the documents type as one, kept as an exact decimal: `units` × 10^-`scale`. */
export class Num {
  constructor(
    readonly units: number,
    readonly scale = 0,
  ) {}
}

/** Digits and scale of `num` with trailing fractional zeros removed (150.500 → 1505, 1). */
function reduced(num: Num): { negative: boolean; digits: string; scale: number } {
  let digits = String(Math.abs(num.units));
  let scale = num.scale;
  while (scale > 0 && digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale--;
  }
  return { negative: num.units < 0, digits, scale };
}

/** The plain decimal text of digits × 10^-scale. */
function plain(digits: string, scale: number): string {
  if (scale === 0) return digits;
  const padded = digits.padStart(scale + 1, '0');
  return `${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/** One of several rare JSON forms of `num`, chosen by `random`; all parse to the same value. */
export function rareNumber(num: Num, random: () => number): string {
  if (num.units === 0) return ['-0', '-0.0', '0E0', '0.000', '-0e+3'][Math.floor(random() * 5)]!;
  const { negative, digits, scale } = reduced(num);
  const sign = negative ? '-' : '';
  const exponent = digits.length - 1 - scale;
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const forms = [
    `${sign}${mantissa}E${exponent}`, // 1.5E2
    `${sign}${mantissa}e${exponent < 0 ? '' : '+'}${exponent}`, // 1.5e+2, 5e-1
    `${sign}${digits}0E-${scale + 1}`, // 1500E-1
    `${sign}${plain(digits, scale)}${scale === 0 ? '.0' : '00'}`, // 150.0, 12.500
  ];
  return forms[Math.floor(random() * forms.length)]!;
}

/** JSON text of `value`, every {@link Num} in a rare form. */
export function toJson(value: unknown, random: () => number): string {
  if (value instanceof Num) return rareNumber(value, random);
  if (Array.isArray(value)) return `[${value.map((v) => toJson(v, random)).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v, random)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const REASONS: Record<number, string> = {
  200: 'Fine',
  400: 'Not Like That',
  401: 'Who Are You',
  403: 'Not For You',
  404: 'Nobody Here',
  409: 'Already Done',
  422: 'Cannot Do That',
  503: 'Shedding Load',
};

/**
 * Writes an answer: odd-case header names, `Connection: close`, chunked transfer encoding in 1–7
 * byte chunks (no Content-Length), a reason phrase of the vendor's own.
 */
export function writeAnswer(
  res: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  random: () => number,
  extraHeaders: Record<string, string> = {},
): void {
  res.statusCode = status;
  res.statusMessage = REASONS[status] ?? 'Whatever';
  res.setHeader('cOnTeNt-TyPe', contentType);
  res.setHeader('cOnNeCtIoN', 'close');
  res.setHeader('tRaNsFeR-eNcOdInG', 'chunked');
  res.setHeader('x-ReQuEsT-iD', `cr17-${Math.floor(random() * 1e9).toString(36)}`);
  for (const [name, value] of Object.entries(extraHeaders)) res.setHeader(name, value);
  const bytes = Buffer.from(text, 'utf8');
  const sizes: number[] = [];
  for (let at = 0; at < bytes.length; at += sizes[sizes.length - 1]!)
    sizes.push(1 + Math.floor(random() * 7));
  // Each chunk in a turn of its own (the server sets TCP_NODELAY), so chunks reach the client in
  // separate reads and a character split between two chunks is split between two reads too.
  void (async () => {
    let at = 0;
    for (const size of sizes) {
      res.write(bytes.subarray(at, at + size));
      at += size;
      await new Promise((resolve) => setImmediate(resolve));
    }
    res.end();
  })();
}
