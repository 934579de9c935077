/**
 * Response bodies in each vendor's envelope. Capillary errors: `{errors:[{status,code,message}],
 * warnings:[]}` (DESIGN.md, confirmed). fabric: `{status, message, errors, data}`.
 */

/** What a handler answers: an HTTP status and a JSON body. */
export interface Reply {
  status: number;
  body: unknown;
  /**
   * Reference-only (fault hooks): headers set on top of the JSON defaults, names case-insensitive,
   * e.g. `{ 'content-type': 'text/plain' }`. The provider's own handlers never set it.
   */
  headers?: Record<string, string>;
  /**
   * Reference-only (fault hooks): the exact body to send instead of `JSON.stringify(body)`, as
   * text or as bytes (e.g. compressed, with the matching `content-encoding` in `headers`).
   */
  rawBody?: string | Uint8Array;
  /**
   * Reference-only (fault hooks): a 103 Early Hints answer with these headers (a `link` at least)
   * sent before the final one (RFC 8297).
   */
  earlyHints?: Record<string, string | string[]>;
  /**
   * Reference-only (fault hooks): a `100 Continue` sent before the final answer (after any 103),
   * though the request asked for none (RFC 9110 §15.2).
   */
  unaskedContinue?: boolean;
  /**
   * Reference-only: the id of the fault armed over HTTP (`/__reference/faults`) that made or
   * changed this answer, named in serve's log line so an injected 503 is never read as the
   * provider's own.
   */
  faultId?: number;
}

/** HTTP status the reference provider uses for Capillary API errors (the documents give none). */
export const CAPILLARY_ERROR_STATUS = 400;

/** A Capillary API error. */
export function capillaryError(code: number, message: string, status = CAPILLARY_ERROR_STATUS): Reply {
  return { status, body: { errors: [{ status: false, code, message }], warnings: [] } };
}

/** A fabric answer in its envelope. */
export function fabricReply(status: number, message: string, data: unknown, errors: object = {}): Reply {
  return { status, body: { status, message, errors, data } };
}

/** The API family an unmatched path belongs to, so that even a 404 comes in the right envelope. */
export function errorReply(
  family: 'capillary' | 'fabric',
  status: number,
  code: number,
  message: string,
): Reply {
  return family === 'fabric'
    ? fabricReply(status, message, null, { code: String(code), message })
    : capillaryError(code, message, status);
}
