import type { ServerResponse } from 'node:http';

/**
 * Django REST Framework's habits, as this service meets them: `Response` bodies rendered by
 * `JSONRenderer` (compact, `application/json`), `APIException`s as `{"detail": …}`, serializer
 * `ValidationError`s as field → list of messages, parsers that refuse a body before the view.
 */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export const respond = (status: number, body: unknown, headers?: Record<string, string>): Answer => ({
  status,
  body,
  ...(headers ? { headers } : {}),
});

/** An `APIException` raised anywhere in a view: the handler turns it into its answer. */
export class ApiException extends Error {
  constructor(readonly answer: Answer) {
    super(`drf ${answer.status}`);
  }
}

export const detail = (status: number, text: string, headers?: Record<string, string>) =>
  new ApiException(respond(status, { detail: text }, headers));

/** `serializers.ValidationError({field: [message]})`: 400, field → messages. */
export const invalid = (errors: Record<string, string[]>) => new ApiException(respond(400, errors));

export const MESSAGES = {
  required: 'This field is required.',
  blank: 'This field may not be blank.',
  integer: 'A valid integer is required.',
  number: 'A valid number is required.',
  string: 'Not a valid string.',
  boolean: 'Must be a valid boolean.',
  list: (type: string) => `Expected a list of items but got type "${type}".`,
  maxLength: (n: number) => `Ensure this field has no more than ${n} characters.`,
} as const;

/** Python's type names, for DRF's "got type" messages. */
export const pyType = (value: unknown): string =>
  value === null
    ? 'NoneType'
    : Array.isArray(value)
      ? 'list'
      : typeof value === 'string'
        ? 'str'
        : typeof value === 'boolean'
          ? 'bool'
          : typeof value === 'number'
            ? Number.isInteger(value)
              ? 'int'
              : 'float'
            : 'dict';

/**
 * `JSONParser` behind `request.data`: only `application/json` (else 415), syntax errors as
 * Python's json module words them, the first one only (we do not track lines for the rest).
 */
export function parseJsonBody(contentType: string | undefined, body: string): unknown {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (media !== 'application/json')
    throw detail(415, `Unsupported media type "${contentType ?? ''}" in request.`);
  if (body.trim() === '') throw detail(400, 'JSON parse error - Expecting value: line 1 column 1 (char 0)');
  try {
    return JSON.parse(body);
  } catch {
    throw detail(400, `JSON parse error - Expecting value: line 1 column 1 (char 0)`);
  }
}

/** A serializer's `to_internal_value` on a non-dict: DRF's `non_field_errors`. */
export function asObject(data: unknown): Record<string, unknown> {
  if (data !== null && typeof data === 'object' && !Array.isArray(data))
    return data as Record<string, unknown>;
  throw invalid({ non_field_errors: [`Invalid data. Expected a dictionary, but got ${pyType(data)}.`] });
}

/**
 * `IntegerField.to_internal_value`: `int(re.sub(r'\.0*\s*$', '', str(data)))`, so `2401`,
 * `"2401"`, `" 2401 "` and `2401.0` all read as 2401; booleans (`str(True)` is "True") and
 * `1.5` do not.
 */
export function integerField(value: unknown): number | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' && typeof value !== 'string') return 'invalid';
  const text = String(value)
    .replace(/\.0*\s*$/, '')
    .trim();
  if (!/^[+-]?\d+$/.test(text)) return 'invalid';
  const read = Number(text);
  return Number.isSafeInteger(read) ? read : 'invalid';
}

const TRUE = new Set([
  't',
  'T',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  '1',
]);
const FALSE = new Set([
  'f',
  'F',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
  '0',
]);

/** `BooleanField.to_internal_value` on query text. */
export function booleanText(text: string): boolean | undefined {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return undefined;
}

/** `request.query_params[name]`: a QueryDict gives the last value of a repeated key. */
export const queryParam = (query: URLSearchParams, name: string): string | undefined =>
  query.getAll(name).at(-1);

/** `JSONRenderer`: compact JSON, `application/json`, a Content-Length. */
export function render(res: ServerResponse, answer: Answer): void {
  const text = answer.status === 204 ? '' : JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'Content-Type': 'application/json',
    Vary: 'Accept, Cookie',
    'X-Frame-Options': 'DENY',
    'Content-Length': Buffer.byteLength(text),
    ...answer.headers,
  });
  res.end(text);
}
