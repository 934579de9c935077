/**
 * One request/response pair. The client hands out each exchange twice: as received (an
 * {@link Exchange}, what scenarios and checks judge) and as recorded (a {@link RecordedExchange},
 * secrets redacted, the only form that may go into a report, a log or a callback).
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

/**
 * Characters of a response body kept as evidence in `bodyText`. A check quotes the start of a
 * body, never all of it; 16 KiB of every exchange is what a report of a few hundred exchanges can
 * carry (a target streaming megabytes to every request must not make reports that large).
 */
export const BODY_TEXT_MAX_CHARS = 16_384;

/**
 * Characters kept of a body cut at `limits.maxBodyBytes` or with a `bodyIssue`: it was never
 * judged as a whole, so its start only shows what the target sent; a report of hundreds of such
 * exchanges stays small.
 */
export const CUT_BODY_TEXT_MAX_CHARS = 2_048;

/**
 * Bytes of a cut body decoded into text (then redacted and shortened to the kept prefix): more
 * than the prefix, so that a secret straddling its end is still found and removed.
 */
export const CUT_BODY_DECODED_BYTES = 64 * 1024;

/**
 * Nesting depth past which a parsed JSON body is not kept as `body`. The documents' deepest
 * answer nests about 5 levels; a deeper body is hostile or broken, and every later recursive walk
 * (schema validation, redaction, reports) would be at its mercy.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * U+FEFF, a byte order mark, as the first character of a body's text. RFC 8259 §8.1: a sender
 * must not add one to JSON, a parser may ignore it; the client does (the body is still parsed)
 * and keeps it in `bodyText`, where a check can name it.
 */
export const BYTE_ORDER_MARK = '\uFEFF';

/** The response half. */
export interface RecordedResponse {
  status: number;
  /** Header names in lower case; a repeated header's values joined with `, `. */
  headers: Record<string, string>;
  /**
   * The body as text: decoded from its `Content-Encoding` and from UTF-8 (with U+FFFD in place
   * of invalid bytes), at most {@link BODY_TEXT_MAX_CHARS} characters (see `truncated`).
   */
  bodyText: string;
  /**
   * The parsed JSON body. Undefined when the body is not JSON, and whenever the client could not
   * vouch for it: cut (`cut`), undecodable (`bodyIssue`), or nested deeper than
   * {@link MAX_JSON_DEPTH}. A body longer than `bodyText` is still parsed in full: checks judge
   * the whole answer, evidence quotes its start (a {@link RecordedExchange} leaves the parsed body
   * out where its `bodyText` is `truncated`, so that a report stays bounded).
   */
  body?: unknown;
  /**
   * `bodyText` holds only the start of the body: the body was longer than
   * {@link BODY_TEXT_MAX_CHARS} characters, or `cut`. Absent when `bodyText` is the whole body.
   */
  truncated?: boolean;
  /**
   * The client stopped reading past `limits.maxBodyBytes` (and closed the connection), so it has
   * never seen the whole body: memory stays bounded whatever a target streams, and the body is
   * never parsed (`bodyIssue` says "body over N bytes, cut").
   */
  cut?: boolean;
  /**
   * Bytes of the body received on the wire (before `Content-Encoding` decoding); present when
   * `bodyText` is not the whole body or the body has an issue, so the evidence says how much there
   * was.
   */
  bodyBytes?: number;
  /** The `content-length` the target declared, when it declared one and `bodyBytes` is present. */
  declaredBytes?: number;
  /**
   * Why the body could not be taken as sent, in words a check can quote: `body over 1048576
   * bytes, cut`, `Content-Encoding gzip but the body is not gzip (...)`, `invalid UTF-8 ...`,
   * `JSON nested deeper than 64 levels`. A target fault the checks should name rather than
   * report as "not JSON"; read it through {@link describeBodyIssue}, which also names redirects.
   */
  bodyIssue?: string;
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

/**
 * A rate-limit answer (429, or 503 with `Retry-After`) the client returned instead of waiting it
 * out. Such an answer says nothing about the rule a check judges: the engine makes those checks
 * `error` ("rate limited by the target"), never `fail`.
 */
export interface RateLimitMark {
  /** Milliseconds this exchange had already waited out earlier rate-limit answers. */
  waitedMs: number;
  /** The wait the answer asked for (`Retry-After`) or the backoff would have made. */
  nextWaitMs: number;
  /**
   * True: the run's waiting budget (`limits.rateLimitWaitMs`) had less left than `nextWaitMs`.
   * False: the exchange reached the client's cap of rate-limit retries per exchange.
   */
  budgetExhausted: boolean;
}

/**
 * An exchange. `response` is absent when the call failed (timeout, refused, reset). As the client
 * returns it to be judged it is *as received*: it may hold secrets (a target's figure can equal a
 * password), so it never leaves the run; see {@link RecordedExchange}.
 */
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
  /**
   * From sending the first attempt to the end of the last one (backoff between retries and
   * rate-limit waits included).
   */
  durationMs: number;
  /**
   * Requests sent: retries of idempotent reads, resends after rate-limit answers, and resends of a
   * request lost to a pooled connection the target closed while idle (`stale-connection.ts`) add to it.
   */
  attempts: number;
  /**
   * Resends after rate-limit answers (429, 503 with `Retry-After`), any method: such an answer
   * means the request was not processed. Absent: none. Tells a slow exchange from a slow target.
   */
  rateLimitRetries?: number;
  /** Milliseconds spent waiting out rate-limit answers (part of `durationMs`). Absent: none. */
  rateLimitWaitMs?: number;
  /**
   * Resends with a new OAuth token after the target answered 401 (or a 403 naming no other code)
   * to one the suite had fetched itself and held valid (revoked early, or the target's clock
   * ahead): such a refusal means the request was not processed, so any method is resent, at most
   * once. `request` and `response` are
   * the resend's; the new token's request is an exchange of its own, recorded before this one.
   * Absent: none.
   */
  refusedTokenResends?: number;
  /**
   * Sends again after an attempt lost to a reused connection that closed before any byte of its
   * answer (`stale-connection.ts`: the target closed it while idle). For a POST that is a reset,
   * which a target that read the request, applied it and then reset the connection gives too: a
   * write resent so may have been applied twice, and the engine judges no later failure of its
   * scenario (as after a write that got no response). `request` and `response` are the last
   * send's. Absent: none.
   */
  lostConnectionResends?: number;
  /** Set when `response` is a rate-limit answer the client gave up waiting out. */
  rateLimited?: RateLimitMark;
}

declare const RECORDED: unique symbol;

/**
 * An exchange as written out: redacted (every secret of the run, by header name, JSON key and
 * value) and its body text cut to the evidence kept. Only `recordExchange` (redact.ts) makes one,
 * and what leaves a run (results, reports, logs, `onExchange` callbacks, pact files, curl lines)
 * takes this type: an exchange as received cannot be handed there by mistake, the compiler refuses
 * it. A recorded exchange is still an `Exchange`, so anything that reads exchanges reads it.
 */
export type RecordedExchange = Exchange & { readonly [RECORDED]: true };

/**
 * What a run reads of every exchange, reported or not: the target health counts streaks and words
 * its stops from it, the stop confirmation remembers reads by it. Its URL and error message are
 * redacted like a {@link RecordedExchange}'s; the rest holds no text. Only `recordHead` (redact.ts)
 * makes one: the whole recorded form is made only for an exchange something reports (most never
 * are), and a full `Exchange` (as received) can still be read as one where no text leaves the run.
 */
export interface RecordedHead
  extends Pick<Exchange, 'id' | 'operationId' | 'family' | 'principal' | 'rateLimited' | 'error'> {
  readonly request: Pick<RecordedRequest, 'method' | 'url'>;
  readonly response?: Pick<RecordedResponse, 'status'>;
}

/**
 * Keeps the first {@link BODY_TEXT_MAX_CHARS} characters of the response body (the first
 * {@link CUT_BODY_TEXT_MAX_CHARS} of one cut or unreadable), in a string of their own (a slice
 * would keep the whole body alive in memory). Applied alike to the exchange judged and, after
 * redaction, to the one recorded, so that checks see the body text the evidence shows. Redact
 * before cutting, never after: a secret straddling the cut would leave its first half.
 */
export function keepEvidence<E extends Exchange>(exchange: E): E {
  const response = exchange.response;
  if (!response) return exchange;
  const cut = response.cut === true;
  // A body cut or unreadable (too deep, not UTF-8, not decodable) was never judged as a whole:
  // its start is evidence enough, and hundreds of them must not make a report large.
  const max = cut || response.bodyIssue !== undefined ? CUT_BODY_TEXT_MAX_CHARS : BODY_TEXT_MAX_CHARS;
  if (response.bodyText.length <= max && !cut) return exchange;
  let text = response.bodyText;
  if (text.length > max) {
    text = text.slice(0, max);
    // Never half a surrogate pair: the kept text must stay valid Unicode.
    if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  }
  return {
    ...exchange,
    response: { ...response, bodyText: Buffer.from(text, 'utf8').toString('utf8'), truncated: true },
  };
}

/**
 * The origin and path of a recorded request's URL. Recorded URLs are redacted, and a short secret
 * (a password `1` or `http`) may land in the scheme or host, where `new URL` throws: the text up to
 * the path then stands for the origin, as written (redacted), never an internal error.
 */
export function requestUrlParts(url: string): { readonly origin: string; readonly pathname: string } {
  try {
    const parsed = new URL(url);
    return { origin: parsed.origin, pathname: parsed.pathname };
  } catch {
    const prefix = /^[^/?#]*\/\/[^/?#]*/.exec(url)?.[0];
    if (prefix === undefined) return { origin: url, pathname: '/' };
    return { origin: prefix, pathname: url.slice(prefix.length).split(/[?#]/)[0] || '/' };
  }
}

/** Whether an exchange failed because the target was too slow. */
export function isTimeout(exchange: Exchange): boolean {
  return exchange.error !== undefined && TIMEOUT_CODES.has(exchange.error.code);
}

/**
 * Whether an exchange ended on a rate-limit answer the client did not wait out: no check may
 * judge the rule from it (make it `error`, see {@link describeRateLimit}).
 */
export function isRateLimited(exchange: Pick<Exchange, 'rateLimited'>): boolean {
  return exchange.rateLimited !== undefined;
}

/**
 * `rate limited by the target (429 after waiting 1500 ms; the run's waiting budget is spent)`, or
 * undefined when the exchange was not left rate limited. Words for an `error` verdict's message.
 */
export function describeRateLimit(exchange: Pick<Exchange, 'rateLimited' | 'response'>): string | undefined {
  const mark = exchange.rateLimited;
  if (!mark) return undefined;
  const status = exchange.response?.status ?? 429;
  const why = mark.budgetExhausted
    ? `the run's waiting budget (limits.rateLimitWaitMs) has less than the ${mark.nextWaitMs} ms asked for`
    : 'too many rate-limit answers for one request';
  return `rate limited by the target (${status} after waiting ${Math.round(mark.waitedMs)} ms; ${why})`;
}

/**
 * The one most important thing wrong with a response's body or form, as text for a check's
 * `actual`: a redirect (`redirect to <Location>`: the client never follows one), then the body's
 * issue (cut, undecodable, invalid UTF-8, nested too deep). Undefined when there is none; a body
 * that is simply not JSON is for the checks to name.
 */
export function describeBodyIssue(
  response: Pick<RecordedResponse, 'status' | 'headers' | 'bodyIssue'> | undefined,
): string | undefined {
  if (!response) return undefined;
  return describeRedirect(response) ?? response.bodyIssue;
}

/**
 * `redirect to <Location>` for a 3xx (`302 without a Location header` when it names none); a 304
 * is no redirect but a cache's "use your copy" to a request that named none (the client sends no
 * `If-None-Match` or `If-Modified-Since`): a caching gateway's answer, with no body to judge.
 */
export function describeRedirect(
  response: Pick<RecordedResponse, 'status' | 'headers'> | undefined,
): string | undefined {
  if (!response || response.status < 300 || response.status > 399) return undefined;
  if (response.status === 304) return '304 Not Modified to a request that named no cached copy';
  const location = response.headers.location;
  return location ? `redirect to ${location}` : `${response.status} without a Location header`;
}
