import type { MuleResponse } from './apikit.ts';
import { MuleError, type Out, write } from './dataweave.ts';
import { SqlError } from './mssql.ts';

/**
 * The application's global error handler: the `on-error-propagate` branches APIkit's scaffolding
 * generates (400 `{"message":"Bad request"}`, 404 `Resource not found`, 405, 406, 415), with the
 * vendor's additions that turn a BAD_REQUEST naming a parameter the pages give a code for into the
 * page's envelope, a raised `APP:CAPILLARY` into the envelope with its code (404 for "not found"
 * codes, 403 for the access group's 4000, else 400), a DataWeave coercion failure or a SQL Server
 * overflow (8115) into the 400 of a bad request, and anything else into a 500.
 */
export function capillaryError(code: number, message: string): MuleError {
  return new MuleError('APP:CAPILLARY', message, { code });
}

/** A fabric business error: the page's envelope with its status. */
export function fabricError(status: number, message: string, errors: Record<string, string>): MuleError {
  return new MuleError('APP:FABRIC', message, { status, errors });
}

const NOT_FOUND_CODES = new Set([8015, 82323277, 3918]);

/**
 * Which code a flow's BAD_REQUEST maps to, by `location field keyword` or `location field`:
 * `query parameter source` → 8003.
 */
export type FieldCodes = Readonly<Record<string, readonly [number, string]>>;

export function json(status: number, value: Out, skipNulls = false): MuleResponse {
  return { status, body: write(value, skipNulls) };
}

function envelope(code: number, message: string): MuleResponse {
  const status = code === 4000 ? 403 : NOT_FOUND_CODES.has(code) ? 404 : 400;
  return json(status, { errors: [{ code, message, status: false }], warnings: [] });
}

const APIKIT: Readonly<Record<string, readonly [number, string]>> = {
  'APIKIT:BAD_REQUEST': [400, 'Bad request'],
  'APIKIT:NOT_FOUND': [404, 'Resource not found'],
  'APIKIT:METHOD_NOT_ALLOWED': [405, 'Method not allowed'],
  'APIKIT:NOT_ACCEPTABLE': [406, 'Not acceptable'],
  'APIKIT:UNSUPPORTED_MEDIA_TYPE': [415, 'Unsupported media type'],
  'MULE:EXPRESSION': [400, 'Bad request'],
};

/** The handler of one Capillary flow, with the codes its BAD_REQUESTs map to. */
export function handleCapillary(error: unknown, fields: FieldCodes = {}): MuleResponse {
  if (error instanceof MuleError) {
    if (error.type === 'APP:CAPILLARY') return envelope(Number(error.detail.code), error.message);
    if (error.type === 'APIKIT:BAD_REQUEST') {
      const at = `${error.detail.location} ${error.detail.field}`;
      const mapped = fields[`${at} ${error.detail.keyword}`] ?? fields[at];
      if (mapped) return envelope(...mapped);
    }
  }
  return generic(error);
}

/** The handler of the fabric flow: business errors in the page's envelope, the rest APIkit's. */
export function handleFabric(error: unknown): MuleResponse {
  if (error instanceof MuleError && error.type === 'APP:FABRIC') {
    const status = Number(error.detail.status);
    return json(status, {
      message: error.message,
      errors: error.detail.errors as Record<string, string>,
      data: null,
      status,
    });
  }
  return generic(error);
}

function generic(error: unknown): MuleResponse {
  if (error instanceof MuleError) {
    const known = APIKIT[error.type];
    if (known) return json(known[0], { message: known[1] });
  }
  // DB:QUERY_EXECUTION of a value the column cannot hold: an overflow (8115), a uniqueidentifier (8169).
  if (error instanceof SqlError && (error.number === 8115 || error.number === 8169))
    return json(400, { message: 'Bad request' });
  return json(500, { message: 'Internal server error' });
}
