/**
 * The Capillary error envelope as the service's ApiError DTO serializes it (fields in declaration
 * order: code, message, status), and the HTTP status its exception handlers give each code:
 * not found (8015, 82323277, 3918) 404, a business rule refused (8907, 82323282) 422, a row lock
 * not had in time 409, authentication 401, the access group 403; the other codes 400.
 */
import { writeJson } from './jackson.ts';
import { type Answer, json } from './micronaut.ts';

const NOT_FOUND = new Set([8015, 82323277, 3918]);
const UNPROCESSABLE = new Set([8907, 82323282]);

export function statusOf(code: number): number {
  if (code === 401) return 401;
  if (code === 4000) return 403;
  if (code === 30006) return 409;
  if (NOT_FOUND.has(code)) return 404;
  if (UNPROCESSABLE.has(code)) return 422;
  return 400;
}

/** A documented (or the service's own) error, thrown by the services as a typed value. */
export class CapError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function capAnswer(error: CapError): Answer {
  return json(
    statusOf(error.errorCode),
    writeJson({ errors: [{ code: error.errorCode, message: error.message, status: false }], warnings: [] }),
  );
}
