/**
 * Waiting out a target's rate limits, through undici's own retry machinery: the `retry`
 * interceptor (a `RetryHandler` per request) with a callback of ours deciding each resend.
 *
 * A 429, and a 503 with `Retry-After` (whatever its value), say the request was not processed, so
 * any request is resent, mutations included: after `Retry-After` (seconds or an HTTP date) when it
 * names a time to come, else after a backoff of 250 ms doubling up to 5 s. Every wait of a run draws from one budget
 * (`limits.rateLimitWaitMs`); a wait the budget cannot pay is not made, and the answer is returned
 * marked (`Exchange.rateLimited`) so that no check judges a rule from it.
 *
 * Everything else (network errors, timeouts, a 503 without `Retry-After`) passes through
 * untouched to the client's own loop, which retries idempotent reads only: a mutation that may
 * have been processed is never resent, and undici's `RetryHandler` cannot tell "429 for every
 * method" from "network errors for GET only" through its `methods`/`statusCodes`/`errorCodes`
 * options, which apply to both at once.
 */

import type { Dispatcher, RetryHandler } from 'undici';
import type { RateLimitMark } from './exchange.ts';
import { type Clock, sleep, systemClock } from './rate-limit.ts';
import { undici } from './undici.ts';

/** The default of `limits.rateLimitWaitMs`: a run may lose at most a minute to rate limits. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/** First wait after a rate-limit answer without `Retry-After`; each next one doubles. */
export const RATE_LIMIT_BACKOFF_MS = 250;
/** Longest wait of the backoff without `Retry-After`. */
export const MAX_RATE_LIMIT_BACKOFF_MS = 5_000;
/**
 * Resends of one exchange after rate-limit answers, whatever the budget: a target answering
 * `Retry-After: 1` forever to a run with a large budget still ends each exchange.
 */
export const MAX_RATE_LIMIT_RETRIES = 50;

/**
 * The run's waiting budget, in wall-clock time during which at least one request was waiting
 * out a rate limit: eight requests waiting the same second together cost one second, because
 * the budget bounds how much longer the run takes, not the sum of the requests' waits.
 */
export interface RateLimitBudget {
  /** Takes a wait of `ms` starting now out of the budget; false (nothing taken) when it cannot pay. */
  reserve(ms: number): boolean;
  /** What is left, in milliseconds. */
  readonly leftMs: number;
}

/** A budget of `totalMs` (0: never wait). */
export function createRateLimitBudget(totalMs: number, clock: Clock = systemClock): RateLimitBudget {
  let left = totalMs;
  let coveredUntil = Number.NEGATIVE_INFINITY;
  return {
    reserve(ms) {
      const now = clock.now();
      const end = now + ms;
      const cost = Math.max(0, end - Math.max(now, coveredUntil));
      if (cost > left) return false;
      left -= cost;
      coveredUntil = Math.max(coveredUntil, end);
      return true;
    },
    get leftMs() {
      return left;
    },
  };
}

/**
 * Milliseconds a `Retry-After` value asks to wait: delay-seconds (0: now) or an HTTP date to come.
 * Undefined when absent, unreadable or a date passed (the backoff applies then).
 */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  let ms: number;
  if (/^\d+$/.test(text)) ms = Number(text) * 1000;
  else {
    const at = Date.parse(text);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** What one exchange waited out, across its attempts. */
export interface RateLimitTally {
  /** Resends after rate-limit answers. */
  retries: number;
  /** Milliseconds waited before them. */
  waitedMs: number;
  /** Set when the exchange ends on a rate-limit answer the client did not wait out. */
  mark?: RateLimitMark;
  /**
   * Set when a rate-limit answer was waited out but not resent: the request's credentials expired
   * during the wait. The caller sends the request again with fresh ones (it was not processed).
   */
  credentialsExpired?: boolean;
}

/** The per-request side of {@link rateLimitRetry}. */
export interface RateLimitRetryOptions {
  budget: RateLimitBudget;
  tally: RateLimitTally;
  /**
   * Aborts a wait; undici then ends the request with the signal's reason. Read only when a
   * rate-limit answer comes (a getter may make it then: `attempt-abort.ts`).
   */
  readonly signal: AbortSignal;
  /** Called when a wait starts: the attempt's deadline must not run during it. */
  onWait(): void;
  /** Awaited after the wait, before the resend: pacing (a token of the bucket), a new deadline. */
  beforeResend(): Promise<void>;
  /**
   * Asked after the wait: true when the request's credentials expired during it (an OAuth token
   * past its lifetime). The answer then goes back to the caller instead of a resend that the
   * target would refuse as unauthenticated: undici resends the same headers, and a new token
   * cannot be fetched here, inside the request's concurrency slot.
   */
  credentialsExpired?(): boolean;
  clock?: Clock;
}

/** The two hooks of one request sent through {@link rateLimitInterceptor}. */
export interface RateLimitHooks {
  /** undici's `retry` callback: decides each resend. */
  retry: RetryHandler.RetryCallback;
  /** Told of each dispatch of the request (the first and every resend). */
  onDispatch(): void;
}

/**
 * The hooks of one request: resends after a rate-limit answer within the budget, and hands
 * everything else back to undici unchanged (with `throwOnError: false`, a response that is not
 * resent reaches the caller as it is, body included).
 */
export function rateLimitRetry(options: RateLimitRetryOptions): RateLimitHooks {
  const { budget, tally } = options;
  const clock = options.clock ?? systemClock;
  // The callback of the answer being waited out; undici calls again if that answer's connection
  // fails meanwhile, and the resend then goes through the newer callback.
  let waiting: RetryHandler.OnRetryCallback | undefined;
  let dispatches = 0;
  let resentAfter = -1;
  const retry: RetryHandler.RetryCallback = (err, _context, callback) => {
    if (waiting) {
      waiting = callback;
      return;
    }
    if (!(err instanceof undici().errors.RequestRetryError)) {
      // The connection of a rate-limit answer we chose to wait out failed while its body was
      // being drained, before the resend went out: the answer still said "not processed".
      return callback(resentAfter === dispatches ? null : err);
    }
    const retryAfter = headerValue(err.headers?.['retry-after'])?.trim();
    const retryAfterMs = parseRetryAfter(retryAfter);
    // A 503 asking to come back (`Retry-After`, even 0 or unreadable) did not process the request.
    const limited = err.statusCode === 429 || (err.statusCode === 503 && Boolean(retryAfter));
    if (!limited || options.signal.aborted) return callback(err);
    // `Retry-After: 0` is honoured once; asked again at once, the backoff applies, so that a target
    // answering it forever is not asked in a tight loop.
    const backoffMs = Math.min(MAX_RATE_LIMIT_BACKOFF_MS, RATE_LIMIT_BACKOFF_MS * 2 ** tally.retries);
    const waitMs =
      retryAfterMs !== undefined && (retryAfterMs > 0 || tally.retries === 0) ? retryAfterMs : backoffMs;
    if (tally.retries >= MAX_RATE_LIMIT_RETRIES || !budget.reserve(waitMs)) {
      tally.mark = {
        waitedMs: Math.round(tally.waitedMs),
        nextWaitMs: Math.round(waitMs),
        budgetExhausted: tally.retries < MAX_RATE_LIMIT_RETRIES,
      };
      return callback(err);
    }
    waiting = callback;
    options.onWait();
    const started = clock.now();
    sleep(waitMs, options.signal, clock)
      .then(() => {
        tally.waitedMs += clock.now() - started;
        if (options.credentialsExpired?.()) return false;
        return options.beforeResend().then(() => true);
      })
      .then(
        (resending) => {
          const resume = waiting;
          waiting = undefined;
          if (!resending) {
            tally.credentialsExpired = true;
            return resume?.(err);
          }
          tally.retries += 1;
          resentAfter = dispatches;
          resume?.(null);
        },
        (error: unknown) => {
          const pending = waiting;
          waiting = undefined;
          // Aborted (the caller's signal): undici's request ends with that reason on its own.
          // Otherwise (the client closed while waiting) the answer goes back as it is.
          if (!options.signal.aborted) pending?.(error instanceof Error ? error : new Error(String(error)));
        },
      );
  };
  return {
    retry,
    onDispatch: () => {
      dispatches += 1;
    },
  };
}

/**
 * The retry interceptor the client composes onto each pool. Each request brings its own
 * {@link rateLimitRetry} callback (`retryOptions.retry`); a request without one is never resent.
 */
export function rateLimitInterceptor(): Dispatcher.DispatcherComposeInterceptor {
  const retry = undici().retryInterceptor({
    // Answers not resent reach the caller as responses, not as RequestRetryError.
    throwOnError: false,
    // Documentation of intent; the per-request `retry` callback decides, method by method.
    methods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'PATCH', 'DELETE', 'TRACE'],
    statusCodes: [429, 503],
    errorCodes: [],
    retry: (err, _context, callback) => callback(err),
  });
  // The RetryHandler dispatches through what it is given, resends included: the request's
  // `ON_DISPATCH` hook (kept in its options, which undici copies to every resend) hears of each.
  return (dispatch) =>
    retry((opts, handler) => {
      (opts as { [ON_DISPATCH]?: () => void })[ON_DISPATCH]?.();
      return dispatch(opts, withoutInterimAnswers(handler));
    });
}

/**
 * The handler with 1xx answers (a 103 Early Hints; an unasked 100 Continue never gets this far,
 * see `unasked-continue.ts`) kept from it, so its `onResponseStart` sees only the final answer.
 * Undici's RetryHandler (7.x) takes the first answer it hears of for the final one: after an
 * interim answer it drops the real one and the request fails (`Cannot read properties of null`),
 * though RFC 9110 §15.2 has a client parse any number of 1xx answers before the final one. The
 * client uses none of them.
 */
function withoutInterimAnswers(handler: Dispatcher.DispatchHandler): Dispatcher.DispatchHandler {
  if (typeof handler.onResponseStart !== 'function') return handler;
  return {
    onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
    onRequestUpgrade: (controller, statusCode, headers, socket) =>
      handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
    onResponseStart: (controller, statusCode, headers, statusMessage) => {
      if (statusCode < 200) return undefined;
      if (statusCode < 300) return handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      return withoutStackTraces(() =>
        handler.onResponseStart?.(controller, statusCode, headers, statusMessage),
      );
    },
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
  };
}

/**
 * Runs `fn` with V8's stack capture off. Undici's RetryHandler (7.x) builds a `RequestRetryError`
 * for every answer of status 300 or more, before asking whether to resend it: an error the
 * client only reads the status and headers of (the 400s of a run's invalid inputs included),
 * whose stack capture was the costliest line of an exchange's client side. Synchronous only, and
 * restored whatever `fn` does, so no other error of the process loses its stack.
 */
function withoutStackTraces<T>(fn: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** The options key of a request's {@link RateLimitHooks.onDispatch}. */
export const ON_DISPATCH: unique symbol = Symbol('loyalty-conformance.onDispatch');

/** The options of one request sent through {@link rateLimitInterceptor}. */
export type RateLimitedRequestOptions = Dispatcher.RequestOptions & {
  retryOptions: Pick<RetryHandler.RetryOptions, 'retry'>;
  [ON_DISPATCH]: () => void;
};

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
