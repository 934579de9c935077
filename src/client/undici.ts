/**
 * The parts of undici the client uses, loaded without the rest of the library: `require('undici')`
 * loads every dispatcher, fetch, WebSocket, the mock agents and the caches (about 100 ms and 19 MB
 * of a run's start-up); the pool, the request API, the header parser, the error classes and
 * the connector alone take a third of that. They are undici's own modules (the ones its entry
 * point re-exports), so instances and error classes are the same whichever way they are loaded.
 * Should a future undici move them, the full entry point is used instead.
 *
 * The proxy agent (and the CONNECT API its tunnels need) is loaded apart, by
 * {@link undiciProxy}, only when a proxy applies to a target: a run without one loads nothing more.
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
  /** undici's parser of raw response headers (what its own handlers make a headers object with). */
  readonly parseHeaders: typeof Undici.util.parseHeaders;
  readonly errors: typeof Undici.errors;
  /** undici's connector (TCP, then TLS for https), which every client loads anyway. */
  readonly buildConnector: typeof Undici.buildConnector;
}

/** What a proxied origin needs of undici besides {@link UndiciParts}. */
export interface UndiciProxyParts {
  readonly ProxyAgent: typeof Undici.ProxyAgent;
  /**
   * undici's `connect` API (an HTTP CONNECT), to install on the dispatcher a `ProxyAgent` talks to
   * the proxy through: loading the agent alone leaves `Dispatcher.prototype.connect` unset (the
   * library's entry point sets it), and the agent calls it for every tunnel.
   */
  readonly connect: (
    this: Undici.Dispatcher,
    options: Undici.Dispatcher.ConnectOptions,
  ) => Promise<Undici.Dispatcher.ConnectData>;
}

const requireCjs = createRequire(import.meta.url);
let parts: UndiciParts | undefined;
let proxyParts: UndiciProxyParts | undefined;

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
      parseHeaders: (requireCjs('undici/lib/core/util.js') as typeof Undici.util).parseHeaders,
      errors: requireCjs('undici/lib/core/errors.js') as UndiciParts['errors'],
      buildConnector: requireCjs('undici/lib/core/connect.js') as UndiciParts['buildConnector'],
    };
  } catch {
    const full = requireCjs('undici') as typeof Undici;
    return {
      Pool: full.Pool,
      request: full.Dispatcher.prototype.request as UndiciParts['request'],
      parseHeaders: full.util.parseHeaders,
      errors: full.errors,
      buildConnector: full.buildConnector,
    };
  }
}

/** The proxy agent and the CONNECT API, loaded on first use (only when a proxy applies). */
export function undiciProxy(): UndiciProxyParts {
  proxyParts ??= loadProxyParts();
  return proxyParts;
}

function loadProxyParts(): UndiciProxyParts {
  try {
    return {
      ProxyAgent: requireCjs('undici/lib/dispatcher/proxy-agent.js') as UndiciProxyParts['ProxyAgent'],
      connect: requireCjs('undici/lib/api/api-connect.js') as UndiciProxyParts['connect'],
    };
  } catch {
    const full = requireCjs('undici') as typeof Undici;
    return {
      ProxyAgent: full.ProxyAgent,
      connect: full.Dispatcher.prototype.connect as UndiciProxyParts['connect'],
    };
  }
}
