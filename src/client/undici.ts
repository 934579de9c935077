/**
 * The parts of undici the client uses, loaded without the rest of the library: `require('undici')`
 * loads every dispatcher, fetch, WebSocket, the mock agents and the caches (about 100 ms and 19 MB
 * of a run's start-up); the pool, the request API, the retry interceptor and the error classes
 * alone take a third of that. They are undici's own modules (the ones its entry point re-exports),
 * so instances and error classes are the same whichever way they are loaded. Should a future
 * undici move them, the full entry point is used instead.
 */

import { createRequire } from 'node:module';
import type * as Undici from 'undici';

/** What the client needs of undici. */
export interface UndiciParts {
  readonly Pool: typeof Undici.Pool;
  /** undici's `request` API, to call with a dispatcher as `this` (as `Dispatcher.prototype.request`). */
  readonly request: (
    this: Undici.Dispatcher,
    options: Undici.Dispatcher.RequestOptions,
  ) => Promise<Undici.Dispatcher.ResponseData>;
  readonly retryInterceptor: typeof Undici.interceptors.retry;
  readonly errors: typeof Undici.errors;
}

const requireCjs = createRequire(import.meta.url);
let parts: UndiciParts | undefined;

/** The undici parts, loaded on first use (never when a module of the suite is imported). */
export function undici(): UndiciParts {
  parts ??= loadParts();
  return parts;
}

function loadParts(): UndiciParts {
  try {
    return {
      Pool: requireCjs('undici/lib/dispatcher/pool.js') as UndiciParts['Pool'],
      request: requireCjs('undici/lib/api/api-request.js') as UndiciParts['request'],
      retryInterceptor: requireCjs('undici/lib/interceptor/retry.js') as UndiciParts['retryInterceptor'],
      errors: requireCjs('undici/lib/core/errors.js') as UndiciParts['errors'],
    };
  } catch {
    const full = requireCjs('undici') as typeof Undici;
    return {
      Pool: full.Pool,
      request: full.Dispatcher.prototype.request as UndiciParts['request'],
      retryInterceptor: full.interceptors.retry,
      errors: full.errors,
    };
  }
}
