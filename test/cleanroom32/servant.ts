/**
 * Servant's habits where the documents give no code: a body that does not decode is 400 with
 * aeson's message in plain text, a request body that is not JSON 415 with an empty body, a method
 * the API does not declare 405 with an empty body, a path under a route it does not serve 404
 * with an empty body. Bodies are decoded as aeson's generic `FromJSON` does: unknown keys
 * ignored, `Maybe` fields absent or null.
 */

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export const JSON_TYPE = 'application/json;charset=utf-8';

export const json = (status: number, body: string): Answer => ({
  status,
  headers: { 'Content-Type': JSON_TYPE },
  body,
});

export const empty = (status: number): Answer => ({ status, headers: {}, body: '' });

/** aeson's failure, answered by servant as it is: `Error in $.path: message`. */
export class DecodeError extends Error {
  readonly code = 'AESON_DECODE';
}

export const decodeFailed = (e: DecodeError): Answer => ({
  status: 400,
  headers: { 'Content-Type': 'text/plain;charset=utf-8' },
  body: e.message,
});

/** servant's `ReqBody '[JSON]`: the content type first (415), then the JSON itself (400). */
export function readBody(
  contentType: string | undefined,
  text: string,
): { body: Record<string, unknown> } | { answer: Answer } {
  const media = (contentType ?? 'application/octet-stream').split(';')[0]?.trim().toLowerCase();
  if (media !== 'application/json') return { answer: empty(415) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const why = text.trim() === '' ? 'not enough input' : 'Failed reading: not a valid json value';
    return { answer: decodeFailed(new DecodeError(`Error in $: ${why}`)) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const why = `parsing object failed, expected Object, but encountered ${kindOf(value)}`;
    return { answer: decodeFailed(new DecodeError(`Error in $: ${why}`)) };
  }
  return { body: value as Record<string, unknown> };
}

export function kindOf(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  return (
    ({ string: 'String', number: 'Number', boolean: 'Boolean', object: 'Object' } as Record<string, string>)[
      typeof value
    ] ?? 'Value'
  );
}

const fail = (path: string, what: string, value: unknown): never => {
  throw new DecodeError(
    `Error in $.${path}: parsing ${what} failed, expected ${what === 'Text' ? 'String' : 'Number'}, but encountered ${kindOf(value)}`,
  );
};

/** `Maybe Int`: absent or null is Nothing; a fraction or a string does not decode. */
export function optInt(body: Record<string, unknown>, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') return fail(key, 'Int', v);
  if (!Number.isInteger(v))
    throw new DecodeError(`Error in $.${key}: parsing Int failed, unexpected floating number ${v}`);
  return v;
}

/** `Maybe Text`. */
export function optText(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : fail(key, 'Text', v);
}

/** `Maybe Bool`. */
export function optBool(body: Record<string, unknown>, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean')
    throw new DecodeError(
      `Error in $.${key}: parsing Bool failed, expected Boolean, but encountered ${kindOf(v)}`,
    );
  return v;
}

/** `Maybe [a]` of one element type. */
export function optList<T>(
  body: Record<string, unknown>,
  key: string,
  item: (v: unknown, path: string) => T,
): T[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v))
    throw new DecodeError(
      `Error in $.${key}: parsing [] failed, expected Array, but encountered ${kindOf(v)}`,
    );
  return v.map((x, i) => item(x, `${key}[${i}]`));
}

export const intItem = (v: unknown, path: string): number =>
  typeof v === 'number' && Number.isInteger(v) ? v : fail(path, 'Int', v);
export const textItem = (v: unknown, path: string): string =>
  typeof v === 'string' ? v : fail(path, 'Text', v);

/** A field the service's own `FromJSON` reads from a String or a Number (its text kept). */
export function optTextOrNumber(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  throw new DecodeError(`Error in $.${key}: expected String or Number, but encountered ${kindOf(v)}`);
}
