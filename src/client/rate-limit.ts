/**
 * Pacing of the suite's traffic: a token bucket (requests per second) and a concurrency gate
 * (requests in flight). Both queue waiters first-in first-out, bound their queues, let a waiter
 * leave through an AbortSignal, and sleep on one timer at most: no polling.
 */

import { toolError } from '../errors.ts';
import type { AbortLike } from './call-abort.ts';

/** The time source of the limiters; tests inject a fake one. */
export interface Clock {
  /** Milliseconds from an arbitrary origin, never decreasing. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real clock (`performance.now` and the timers of Node). */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Waiters queued beyond this are refused unless the options say otherwise. */
export const DEFAULT_MAX_WAITING = 10_000;

interface Waiter {
  grant(): void;
  fail(reason: unknown): void;
}

/** A FIFO of waiters, each removable when its signal aborts. */
class WaitQueue {
  readonly #items: Waiter[] = [];

  get length(): number {
    return this.#items.length;
  }

  /**
   * Queues a waiter; `onLeave` runs after an aborted waiter left, so the owner can reschedule.
   * Resolves when granted, rejects with the signal's reason or the owner's failure.
   */
  wait<T>(value: () => T, signal: AbortLike | undefined, onLeave: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#items.indexOf(waiter);
        if (index >= 0) this.#items.splice(index, 1);
        reject(signal?.reason);
        onLeave();
      };
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(value());
        },
        fail: (reason) => {
          signal?.removeEventListener('abort', onAbort);
          reject(reason);
        },
      };
      this.#items.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  shift(): Waiter | undefined {
    return this.#items.shift();
  }

  failAll(reason: unknown): void {
    for (const waiter of this.#items.splice(0)) waiter.fail(reason);
  }
}

// --- token bucket ---

/** Options of {@link createRateLimiter}. */
export interface RateLimiterOptions {
  /** Sustained rate; 0 (or less) means unlimited. */
  requestsPerSecond: number;
  /** Requests that may start back to back after an idle period; default 1 (evenly spaced). */
  burst?: number;
  /** Largest queue; one more waiter is refused with `LC_ERR_CLIENT_OVERLOADED`. Default 10,000. */
  maxWaiting?: number;
  clock?: Clock;
}

/** A token bucket: `acquire` resolves when the request may start. */
export interface RateLimiter {
  /**
   * Waits for a token. Rejects with the signal's reason when it aborts, with
   * `LC_ERR_CLIENT_OVERLOADED` when the queue is full, `LC_ERR_CLIENT_CLOSED` after `close`.
   */
  acquire(signal?: AbortLike): Promise<void>;
  /** Requests waiting for a token. */
  readonly waiting: number;
  /** Refuses every waiter and every later request. */
  close(): void;
}

/**
 * A token bucket holding at most `burst` tokens, refilled at `requestsPerSecond`. With the
 * default burst of 1, N requests take at least (N-1)/rate seconds.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rate = options.requestsPerSecond;
  const clock = options.clock ?? systemClock;
  const maxWaiting = options.maxWaiting ?? DEFAULT_MAX_WAITING;
  const burst = options.burst ?? 1;
  if (!Number.isFinite(rate)) {
    throw toolError('LC_ERR_CLIENT_LIMITS', {
      field: 'requestsPerSecond',
      reason: 'must be a finite number',
    });
  }
  if (!(burst >= 1) || !Number.isFinite(burst)) {
    throw toolError('LC_ERR_CLIENT_LIMITS', { field: 'burst', reason: 'must be a number ≥ 1' });
  }
  const queue = new WaitQueue();
  let tokens = burst;
  let refilledAt = clock.now();
  let timer: unknown;
  let closed = false;
  // Float sums of rate × elapsed can fall short of 1 by a rounding error; that is a whole token.
  const EPSILON = 1e-9;

  const refill = () => {
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - refilledAt) * rate) / 1000);
    refilledAt = now;
  };

  const pump = () => {
    if (timer !== undefined) {
      clock.clearTimeout(timer);
      timer = undefined;
    }
    refill();
    while (queue.length > 0 && tokens >= 1 - EPSILON) {
      tokens = Math.max(0, tokens - 1);
      queue.shift()?.grant();
    }
    if (queue.length > 0) {
      const waitMs = Math.max(1, Math.ceil(((1 - tokens) * 1000) / rate));
      timer = clock.setTimeout(() => {
        timer = undefined;
        pump();
      }, waitMs);
    }
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (closed) return Promise.reject(closedError('rate limiter'));
      if (rate <= 0) return Promise.resolve();
      refill();
      if (queue.length === 0 && tokens >= 1 - EPSILON) {
        tokens = Math.max(0, tokens - 1);
        return Promise.resolve();
      }
      if (queue.length >= maxWaiting) {
        return Promise.reject(toolError('LC_ERR_CLIENT_OVERLOADED', { maxWaiting, limiter: 'rate limiter' }));
      }
      const granted = queue.wait(() => undefined, signal, pump);
      if (timer === undefined) pump();
      return granted;
    },
    get waiting() {
      return queue.length;
    },
    close() {
      closed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      queue.failAll(closedError('rate limiter'));
    },
  };
}

// --- concurrency gate ---

/** Options of {@link createConcurrencyGate}. */
export interface ConcurrencyGateOptions {
  /** Most requests in flight at once; 0 (or less) means unlimited. */
  max: number;
  /** Largest queue; one more waiter is refused with `LC_ERR_CLIENT_OVERLOADED`. Default 10,000. */
  maxWaiting?: number;
}

/** Gives back a slot; calling it again does nothing. */
export type Release = () => void;

/** A counting semaphore for requests in flight. */
export interface ConcurrencyGate {
  /**
   * Waits for a slot and returns its release function. Rejects with the signal's reason when it
   * aborts, with `LC_ERR_CLIENT_OVERLOADED` when the queue is full, `LC_ERR_CLIENT_CLOSED` after `close`.
   */
  acquire(signal?: AbortLike): Promise<Release>;
  /** Slots taken. */
  readonly inFlight: number;
  /** Requests waiting for a slot. */
  readonly waiting: number;
  /** Refuses every waiter and every later request (slots taken stay valid until released). */
  close(): void;
}

/** A gate that lets at most `max` holders through at once, the others in arrival order. */
export function createConcurrencyGate(options: ConcurrencyGateOptions): ConcurrencyGate {
  const max = options.max > 0 ? options.max : Number.POSITIVE_INFINITY;
  if (Number.isNaN(options.max)) {
    throw toolError('LC_ERR_CLIENT_LIMITS', { field: 'concurrency', reason: 'must be a number' });
  }
  const maxWaiting = options.maxWaiting ?? DEFAULT_MAX_WAITING;
  const queue = new WaitQueue();
  let inFlight = 0;
  let closed = false;

  const grantNext = () => {
    while (inFlight < max && queue.length > 0) {
      inFlight += 1;
      queue.shift()?.grant();
    }
  };

  const release = (): Release => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight -= 1;
      grantNext();
    };
  };

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (closed) return Promise.reject(closedError('concurrency gate'));
      if (queue.length === 0 && inFlight < max) {
        inFlight += 1;
        return Promise.resolve(release());
      }
      if (queue.length >= maxWaiting) {
        return Promise.reject(
          toolError('LC_ERR_CLIENT_OVERLOADED', { maxWaiting, limiter: 'concurrency gate' }),
        );
      }
      return queue.wait(release, signal, grantNext);
    },
    get inFlight() {
      return inFlight;
    },
    get waiting() {
      return queue.length;
    },
    close() {
      closed = true;
      queue.failAll(closedError('concurrency gate'));
    },
  };
}

/**
 * Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as it aborts.
 * Used for backoff between retries.
 */
export function sleep(ms: number, signal?: AbortLike, clock: Clock = systemClock): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function closedError(limiter: string) {
  return toolError('LC_ERR_CLIENT_CLOSED', { reason: `the ${limiter} no longer admits requests` });
}
