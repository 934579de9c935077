import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * NestJS's habits on Express: HttpException bodies (`statusCode`, `message`, `error`), the
 * ValidationPipe's array of constraint messages, Express's ETag, charset and X-Powered-By.
 */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** A thrown HttpException; the global filter renders its body as it is. */
export class HttpException extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

/** ValidationPipe: every failed constraint, one message each, 400 Bad Request. */
export function badRequest(messages: readonly string[]): HttpException {
  return new HttpException(400, { statusCode: 400, message: messages, error: 'Bad Request' });
}

export const unauthorized = (): HttpException =>
  new HttpException(401, { statusCode: 401, message: 'Unauthorized' });

export const forbidden = (): HttpException =>
  new HttpException(403, { statusCode: 403, message: 'Forbidden resource', error: 'Forbidden' });

export const notFoundRoute = (method: string, path: string): Answer => ({
  status: 404,
  body: { statusCode: 404, message: `Cannot ${method} ${path}`, error: 'Not Found' },
});

/**
 * The exception filter for the documented cases: the Capillary envelope with the page's code.
 * Status by the Nest exception class the service throws: NotFoundException for a customer or a
 * bill that is not there, UnprocessableEntityException for ledger refusals, BadRequest otherwise.
 */
const STATUS_BY_CODE: Record<number, number> = {
  8015: 404,
  82323277: 404,
  3918: 404,
  8907: 422,
  82323282: 422,
};
export function capillaryError(code: number, message: string): HttpException {
  return new HttpException(STATUS_BY_CODE[code] ?? 400, {
    errors: [{ status: false, code, message }],
    warnings: [],
  });
}

/** Express's `etag` module: weak, length in hex and the SHA-1 in base64, 27 characters. */
function etag(text: string): string {
  const length = Buffer.byteLength(text).toString(16);
  const hash = createHash('sha1').update(text, 'utf8').digest('base64').slice(0, 27);
  return `W/"${length}-${hash}"`;
}

export function send(res: ServerResponse, answer: Answer): void {
  const text = JSON.stringify(answer.body);
  res.writeHead(answer.status, {
    'x-powered-by': 'Express',
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    etag: etag(text),
  });
  res.end(text);
}

/** body-parser's JSON: a syntax error is a 400 with V8's message. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpException(400, {
      statusCode: 400,
      message: (error as Error).message,
      error: 'Bad Request',
    });
  }
}

export function asRecord(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw badRequest(['body must be an object']);
  return value as Record<string, unknown>;
}

/** class-transformer's implicit conversion of a query string to the DTO's boolean. */
export function queryBoolean(value: string | null, name: string): boolean | undefined {
  if (value === null) return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw badRequest([`${name} must be a boolean value`]);
}

/** `@IsInt()` after implicit conversion: a number, or digits in a string. */
export function intField(value: unknown, name: string, messages: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
  messages.push(`${name} must be an integer number`);
  return undefined;
}

/** DECIMAL(15,3) as the mysql2 driver hands it over: a string with the column's three places. */
export function decimal(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(milli);
  return `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
}
