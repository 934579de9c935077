/**
 * The undici dispatcher of one target origin, with its TLS and, when one applies, its proxy:
 *
 * - reached directly: a `Pool` whose connector uses the family's secure context (the same pool
 *   as without TLS settings: nothing more is loaded or run per request);
 * - through a proxy: a `ProxyAgent` (loaded only then) whose agent creates that same `Pool` per
 *   origin (`factory`): an https origin through a CONNECT tunnel with the family's secure context
 *   (`requestTls`), an http origin as absolute-URI requests to the proxy (`proxyTunnel: false`,
 *   what curl does, and what proxies that allow CONNECT to port 443 only accept).
 *
 * Either way the caller wraps the result in its rate-limit resender (`rateLimitDispatcher`), so
 * it sees every request, resends included, whatever route it takes. Timeouts,
 * connection limits and the skipping of unasked `100 Continue` answers (`unasked-continue.ts`)
 * are the same on both routes.
 */

import type { Socket } from 'node:net';
import type { Dispatcher } from 'undici';
import type { ProxyRoute } from './proxy.ts';
import type { ClientTls } from './tls.ts';
import { skipUnaskedContinue } from './unasked-continue.ts';
import { undici, undiciProxy } from './undici.ts';

/** What one origin's dispatcher is built from. */
export interface OriginDispatcherOptions {
  /** `https://host:port`. */
  readonly origin: string;
  /**
   * Milliseconds for each phase, 0: none: connecting (TCP, the proxy's tunnel, the TLS
   * handshake), waiting for the response headers, each gap in the body.
   */
  readonly timeoutMs: number;
  /** Connections to the origin (and to the proxy for it); 0: unlimited. */
  readonly connections: number;
  /** The family's TLS; Node's defaults without it. */
  readonly tls?: ClientTls | undefined;
  /** The proxy the origin is reached through; directly without it. */
  readonly proxy?: ProxyRoute | undefined;
  /**
   * Told of each connection: its socket once connected (after the proxy's tunnel and the TLS
   * handshake; for an http origin through a proxy, the proxy's socket), or the error.
   */
  readonly onConnect?: ((error: Error | null, socket?: Socket) => void) | undefined;
}

/** One origin's dispatcher and how to end it. */
export interface OriginDispatcher {
  readonly dispatcher: Dispatcher;
  /** Lets requests in flight finish, then closes every connection. */
  close(): Promise<void>;
  /** Closes every connection now, failing requests in flight. */
  destroy(): Promise<void>;
}

type ConnectCallback = (error: Error | null, socket: Socket | null) => void;
type Connector = (options: object, callback: ConnectCallback) => unknown;

/**
 * A proxy that closes the connection instead of answering the CONNECT makes the tunnel fail with
 * undici's `UND_ERR_SOCKET`, which a client takes for a socket error it may recover from: it
 * keeps the request queued and connects again at once, for ever (the request's abort signal
 * waits for a connection that never comes). As `ECONNRESET` (what it is: the proxy reset the
 * connection) the queued requests fail with it, as after any other failed connection.
 */
function finalTunnelErrors(connect: Connector): Connector {
  return (connectOptions, callback) =>
    connect(connectOptions, (error, socket) => {
      if ((error as { code?: unknown } | null)?.code !== 'UND_ERR_SOCKET') return callback(error, socket);
      const reset = new Error(
        `the proxy closed the connection before opening the tunnel (${error?.message})`,
        {
          cause: error,
        },
      );
      callback(Object.assign(reset, { code: 'ECONNRESET' }), null);
    });
}

/** Creates the dispatcher of an origin; no connection is opened before its first request. */
export function createOriginDispatcher(options: OriginDispatcherOptions): OriginDispatcher {
  const { Pool, buildConnector } = undici();
  const poolOptions = {
    connections: options.connections > 0 ? options.connections : null,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  };
  const tlsOptions = {
    ...(options.timeoutMs > 0 ? { timeout: options.timeoutMs } : {}),
    ...(options.tls ? { secureContext: options.tls.secureContext } : {}),
  };
  const { onConnect } = options;
  const observed =
    (connect: Connector): Connector =>
    (connectOptions, callback) =>
      connect(connectOptions, (error, socket) => {
        onConnect?.(error, socket ?? undefined);
        callback(error, socket && skipUnaskedContinue(socket));
      });

  if (!options.proxy) {
    const connect = observed(buildConnector(tlsOptions) as unknown as Connector);
    const pool = new Pool(options.origin, { ...poolOptions, connect } as never);
    return { dispatcher: pool, close: () => pool.close(), destroy: () => pool.destroy() };
  }

  const { ProxyAgent, connect: connectApi } = undiciProxy();
  const proxyConnect = options.timeoutMs > 0 ? { timeout: options.timeoutMs } : {};
  const agent = new ProxyAgent({
    uri: options.proxy.url.href,
    ...poolOptions,
    requestTls: tlsOptions,
    proxyTls: proxyConnect,
    proxyTunnel: new URL(options.origin).protocol === 'https:',
    // The dispatcher to the proxy that opens the tunnels: loaded apart, undici's pool has no
    // `connect` API until the library's entry point installs it, so it gets one of its own.
    clientFactory: (url: URL, clientOptions: object) => {
      const pool = new Pool(url, { ...clientOptions, headersTimeout: options.timeoutMs } as never);
      Object.defineProperty(pool, 'connect', { value: connectApi, configurable: true, writable: true });
      return pool;
    },
    // Per origin (or, for an http origin, to the proxy): the pool the direct route would use.
    factory: (origin: string | URL, agentOptions: object) => {
      const { connect } = agentOptions as { connect?: Connector };
      return new Pool(origin, {
        ...agentOptions,
        ...poolOptions,
        ...(connect ? { connect: observed(finalTunnelErrors(connect)) } : {}),
      } as never);
    },
  } as never);
  return { dispatcher: agent, close: () => agent.close(), destroy: () => agent.destroy() };
}
