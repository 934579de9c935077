/**
 * One request/response pair as the suite saw it: the evidence behind every verdict. Recorded by
 * the client with secrets already redacted, so it can go into any report or log as it is.
 */

/** The API families the client can address, each with its own base URL. */
export type ApiFamily = 'capillary' | 'fabric';

/** The request half, redacted (Authorization, X-CAP-API-OAUTH-TOKEN, passwords, secrets). */
export interface RecordedRequest {
  method: string;
  /** Full URL including the query string. */
  url: string;
  /** The headers the client set, names in lower case (undici adds `host` and `content-length`). */
  headers: Record<string, string>;
  /** The JSON body sent, if any (already redacted where it holds secrets). */
  body?: unknown;
  /**
   * The body text as sent when the caller gave a raw body instead of a JSON value (malformed-input
   * tests); absent for JSON bodies, whose text is `JSON.stringify(body)`.
   */
  bodyText?: string;
}

/** The response half. */
export interface RecordedResponse {
  status: number;
  /** Header names in lower case; a repeated header's values joined with `, `. */
  headers: Record<string, string>;
  /** The raw body text (truncated past a limit; see `truncated`). */
  bodyText: string;
  /** The parsed JSON body, or undefined when the body is not JSON (or was truncated). */
  body?: unknown;
  /** Whether `bodyText` is only the first part of the body. */
  truncated?: boolean;
}

/** Why an exchange has no response. */
export interface ExchangeError {
  /**
   * A client error code: undici's (`UND_ERR_HEADERS_TIMEOUT`, `UND_ERR_SOCKET`, ...), the
   * system's (`ECONNREFUSED`, `ECONNRESET`, ...), or {@link DEADLINE_CODE} when the whole attempt
   * overran `limits.timeoutMs`.
   */
  code: string;
  /** A one-line description, redacted like the rest of the exchange. */
  message: string;
  /** The status line's code when headers arrived before the body failed. */
  status?: number;
}

/**
 * The code of an attempt that did not complete within `limits.timeoutMs` (headers and body
 * together). Named like the system's own timeout code so that logs read naturally.
 */
export const DEADLINE_CODE = 'ETIMEDOUT';

/** Codes that mean "the target was too slow" rather than "the target was unreachable". */
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  DEADLINE_CODE,
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** A recorded exchange. `response` is absent when the call failed (timeout, refused, reset). */
export interface Exchange {
  /** Sequence number within a run. */
  id: number;
  /** The spec operation called; absent for calls outside the specs. */
  operationId?: string;
  /** The API family of the target. */
  family: ApiFamily;
  /** The org (profile `capillary.orgs[].id`) or `fabric`. */
  principal: string;
  request: RecordedRequest;
  response?: RecordedResponse;
  /** Why there is no response: a client error code (`UND_ERR_CONNECT_TIMEOUT`, `ECONNREFUSED`, ...). */
  error?: ExchangeError;
  /** When the first attempt was sent (ISO 8601); waiting for a rate-limit token or a slot comes before. */
  startedAt: string;
  /** From sending the first attempt to the end of the last one (backoff between retries included). */
  durationMs: number;
  /** Number of attempts (retries of idempotent reads add to it). */
  attempts: number;
}

/** Whether an exchange failed because the target was too slow. */
export function isTimeout(exchange: Exchange): boolean {
  return exchange.error !== undefined && TIMEOUT_CODES.has(exchange.error.code);
}
