import { TransactionConflict } from './dynamo.ts';
import { ConvertFailure, encode } from './kotlin.ts';

/** The Lambda proxy event as the Ktor adapter hands it to a route: header names lower-cased. */
export interface Call {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The Lambda proxy result. */
export interface Answer {
  readonly statusCode: number;
  readonly body: string;
}

export const respond = (statusCode: number, value: unknown): Answer => ({ statusCode, body: encode(value) });

/** A documented Capillary refusal: the envelope with the page's code. */
export class CapillaryError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** A refusal the pages give no code for: StatusPages' own `{"error","code"}` body. */
export class PlainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A fabric refusal: the fabric envelope, `errors` naming the field. */
export class FabricError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

// Status per exception class, as the StatusPages plugin maps them.
export const notFound = (code: number, message: string) => new CapillaryError(404, code, message);
export const invalid = (code: number, message: string) => new CapillaryError(400, code, message);
export const conflict = (code: number, message: string) => new CapillaryError(409, code, message);

/** `install(StatusPages) { exception<…> { … } }`: every known exception to its answer. */
export function statusPages(e: unknown): Answer {
  if (e instanceof CapillaryError)
    return respond(e.status, { errors: [{ status: false, code: e.code, message: e.message }], warnings: [] });
  if (e instanceof FabricError)
    return respond(e.status, { message: e.message, errors: e.errors, status: e.status });
  if (e instanceof PlainError) return respond(e.status, { error: e.message, code: e.code });
  if (e instanceof ConvertFailure) return respond(400, { error: e.message, code: 'BAD_REQUEST' });
  if (e instanceof TransactionConflict)
    return respond(409, { error: e.message, code: 'TRANSACTION_CONFLICT' });
  return respond(500, { error: 'Internal Server Error', code: 'INTERNAL_ERROR' });
}

/** `call.receive<T>()` needs `Content-Type: application/json`; anything else is 415 before decoding. */
export function requireJson(call: Call): void {
  const type = (call.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    throw new PlainError(415, 'UNSUPPORTED_MEDIA_TYPE', `Content type ${type || '*/*'} is not supported`);
}
