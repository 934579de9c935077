/**
 * Waiting out a target's rate limits: a resender of ours in front of each pool
 * ({@link rateLimitDispatcher}), with a callback deciding each resend ({@link rateLimitRetry}).
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
  /** Decides each resend (undici's `RetryHandler.RetryCallback` form). */
  retry: RetryHandler.RetryCallback;
  /** Told of each dispatch of the request (the first and every resend). */
  onDispatch(): void;
}

/**
 * The hooks of one request: resends after a rate-limit answer within the budget, and hands
 * everything else back unchanged (a response that is not resent reaches the caller as it is, body
 * included).
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
 * The dispatcher the client sends through: `dispatcher` with each request that brings a
 * {@link rateLimitRetry} callback (`retryOptions.retry`) wrapped in a {@link RateLimitResender}; a
 * request without one goes to `dispatcher` as it is and is never resent. Only `dispatch` is given:
 * the client's answer handler (answer-handler.ts) dispatches through it and needs nothing else. A
 * handler of undici's newer interface (`onResponseStart`) would go through unresent: the answer
 * handler speaks the legacy one, and the rate-limit tests of `test/client` would tell were it
 * changed.
 */
export function rateLimitDispatcher(dispatcher: Dispatcher): Dispatcher {
  const dispatch = dispatcher.dispatch.bind(dispatcher);
  return {
    dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
      const retry = (opts as Partial<RateLimitedRequestOptions>).retryOptions?.retry;
      if (!retry || !isLegacyHandler(handler)) return dispatch(opts, handler);
      return new RateLimitResender(dispatch, opts, handler, retry).send();
    },
  } as Dispatcher;
}

/**
 * undici's handler interface as its pools call it and the client's answer handler implements it
 * (the "legacy" one of undici 7: raw headers, `resume` callbacks), which this module speaks so that
 * headers are neither parsed into objects nor made raw again between the pool and the handler.
 */
interface LegacyHandler {
  onConnect(abort: (reason?: Error) => void, context?: object): void;
  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean;
  onData(chunk: Buffer): boolean;
  onComplete(trailers: Buffer[] | null): void;
  onError(error: Error): void;
  onUpgrade?(statusCode: number, rawHeaders: Buffer[], socket: unknown): void;
  onResponseStarted?(): void;
  onBodySent?(chunk: unknown): void;
  onRequestSent?(): void;
}

function isLegacyHandler(handler: unknown): handler is LegacyHandler {
  return typeof (handler as LegacyHandler).onHeaders === 'function';
}

/**
 * One request and its resends after rate-limit answers: what undici's `RetryHandler` (7.x) did for
 * the client through its `retry` interceptor, with the same callback deciding each resend, for
 * the answers it can resend only. The interceptor built a `RequestRetryError` and asked the callback
 * (pausing the response) for every answer of 300 or more, and turned every answer's headers into
 * an object and back into raw ones on the way to the client's handler: 3–4 % of a warm run, for the 4xx answers
 * of a run's invalid inputs most of all. Here an answer other than 429 and 503 goes to the handler as
 * the pool gave it; the callback hears of a 429 or 503 (as a `RequestRetryError`, status and
 * headers) and of an error before any answer was passed on, as it did from the interceptor. While it
 * decides, the answer's body is held (the connection paused); a resend drops the body and sends the
 * request again through the same dispatcher; an answer not resent reaches the handler whole. 1xx
 * answers are kept from it (the client uses none of them).
 */
class RateLimitResender implements LegacyHandler {
  /** The answer being dropped for a resend (its body is read to its end, then the request is sent again). */
  private resending = false;
  /**
   * The body of a rate-limit answer the callback is still deciding on, held here: the pause asked
   * by `onHeaders` does not stop what the connection already delivered (through a proxy's tunnel
   * it does not), and the chunks would otherwise reach the handler before any answer had. An error
   * of the connection meanwhile is held too, and heard once the callback has decided, as if it had
   * come after the decision (heard at once, it asked the callback a second time while the first
   * was deciding: the handler heard the 429's head alone, or the request was resent twice).
   */
  private held: { chunks: Buffer[]; trailers: Buffer[] | null | undefined; error?: Error } | undefined;
  /** An answer (or an error) was passed on: nothing is resent after that. */
  private passedOn = false;
  private aborted = false;
  /** The handler was told of an error: it hears of none again. */
  private failed = false;
  private reason: Error | undefined;
  private abortAttempt: ((reason?: Error) => void) | undefined;
  private attempts = 0;
  private readonly abort = (reason?: Error) => {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    if (this.abortAttempt) this.abortAttempt(reason);
    else if (!this.passedOn) {
      // No attempt is under way: the last one failed and its resend is being waited out. Nothing
      // would call `onError` then (the callback is not called once the signal is aborted), and
      // the answer never settled: a run interrupted during such a wait exited 13 (a promise left
      // unsettled), without its line or reports.
      this.fail(reason ?? new (undici().errors.RequestAbortedError)());
    }
  };

  constructor(
    private readonly dispatch: Dispatcher['dispatch'],
    private readonly opts: Dispatcher.DispatchOptions,
    private readonly handler: LegacyHandler,
    private readonly retry: RetryHandler.RetryCallback,
  ) {}

  /** Dispatches the request (again); the request's `ON_DISPATCH` hook hears of it. */
  send(): boolean {
    this.attempts += 1;
    (this.opts as { [ON_DISPATCH]?: () => void })[ON_DISPATCH]?.();
    return this.dispatch(this.opts, this as unknown as Dispatcher.DispatchHandler);
  }

  onConnect(abort: (reason?: Error) => void, context?: object): void {
    this.abortAttempt = abort;
    if (this.aborted) {
      abort(this.reason);
      return;
    }
    // Every attempt's start, as undici's RetryHandler told its handler (it aborts through `this.abort`).
    this.handler.onConnect(this.abort, context);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    if (statusCode < 200) return true;
    if (statusCode !== 429 && statusCode !== 503) {
      this.passedOn = true;
      return this.handler.onHeaders(statusCode, rawHeaders, resume, statusText);
    }
    const headers = undici().parseHeaders(rawHeaders) as Record<string, string | string[] | undefined>;
    // Its declared constructor (undici 7's types) is not the one its code has: `(message, code, { headers, data })`.
    const RequestRetryError = undici().errors.RequestRetryError as unknown as new (
      message: string,
      code: number,
      options: { headers: Record<string, string | string[] | undefined>; data: { count: number } },
    ) => Error;
    const error = withoutStackTraces(
      () => new RequestRetryError('Request failed', statusCode, { headers, data: { count: this.attempts } }),
    );
    let decided = false;
    let waited = false;
    this.held = { chunks: [], trailers: undefined };
    this.retry(error, this.context(), (passed) => {
      decided = true;
      const held = this.held;
      this.held = undefined;
      if (passed) {
        this.passedOn = true;
        this.handler.onHeaders(statusCode, rawHeaders, resume, statusText);
        for (const chunk of held?.chunks ?? []) this.handler.onData(chunk);
        if (held?.trailers !== undefined) this.handler.onComplete(held.trailers);
      } else if (held?.trailers !== undefined) this.resend();
      else this.resending = true;
      if (held?.error) this.onError(held.error);
      else if (waited) resume();
    });
    waited = !decided;
    // Held (the connection paused) until the callback decides.
    return decided;
  }

  onData(chunk: Buffer): boolean {
    if (this.resending) return true;
    if (this.held) {
      this.held.chunks.push(chunk);
      return true;
    }
    return this.handler.onData(chunk);
  }

  onComplete(trailers: Buffer[] | null): void {
    if (this.held) {
      this.held.trailers = trailers;
      return;
    }
    if (!this.resending) {
      this.handler.onComplete(trailers);
      return;
    }
    this.resending = false;
    this.resend();
  }

  onError(error: Error): void {
    // Aborted, the callback is not called again: the error is heard now (see `abort`).
    if (this.held && !this.aborted) {
      this.held.error = error;
      // This attempt is over: an abort while the callback waits is told to the handler by `abort`.
      this.abortAttempt = undefined;
      return;
    }
    // Before anything was passed on (an attempt failed, or the connection of an answer being
    // waited out or dropped), the callback decides; it resends only what a rate-limit answer said
    // was not processed.
    if (this.aborted || this.passedOn) {
      this.fail(error);
      return;
    }
    this.resending = false;
    this.held = undefined;
    // This attempt is over: an abort from now on is told to the handler by `abort` itself.
    this.abortAttempt = undefined;
    this.retry(error, this.context(), (returned) => {
      // Aborted meanwhile: the handler has heard of it already.
      if (this.passedOn) return;
      if (returned) this.fail(returned);
      else this.resend();
    });
  }

  onUpgrade(statusCode: number, rawHeaders: Buffer[], socket: unknown): void {
    this.handler.onUpgrade?.(statusCode, rawHeaders, socket);
  }

  onResponseStarted(): void {
    this.handler.onResponseStarted?.();
  }

  onBodySent(chunk: unknown): void {
    this.handler.onBodySent?.(chunk);
  }

  onRequestSent(): void {
    this.handler.onRequestSent?.();
  }

  private resend(): void {
    try {
      this.send();
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /**
   * Ends the request with `error`, once: an abort told to the handler between attempts is heard
   * again from the attempt it then aborts (`onConnect`).
   */
  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.passedOn = true;
    this.handler.onError(error);
  }

  /** The callback's context, as undici's RetryHandler gave it (the client's callback reads none of it). */
  private context(): RetryHandler.RetryContext {
    return {
      state: { counter: this.attempts },
      opts: { ...this.opts, retryOptions: {} },
    } as RetryHandler.RetryContext;
  }
}

/**
 * Runs `fn` with V8's stack capture off: the `RequestRetryError` of a rate-limit answer is read for
 * its status and headers only. Synchronous only, and restored whatever `fn` does, so no other
 * error of the process loses its stack.
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
