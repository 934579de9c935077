import { connect } from 'node:net';
import { createOriginDispatcher } from '../client/connection.ts';
import { startDeadline } from '../client/deadline.ts';
import { type ProxyEnv, type ProxyRoute, proxyFor, readProxySettings } from '../client/proxy.ts';
import {
  type ClientTls,
  describeClosedAfterHandshake,
  describeTlsFailure,
  isTlsCode,
  loadClientTls,
  type TlsContext,
} from '../client/tls.ts';
import { undici } from '../client/undici.ts';
import { toolError } from '../errors.ts';
import type { Profile, TlsSettings } from '../profile/types.ts';

/**
 * Checks that every base URL of the profile can be reached before any scenario runs, so an
 * unreachable target ends the run at once with one clear line (exit 2) instead of a report full
 * of errors:
 *
 * - an http base URL reached directly: a TCP connection, nothing sent (`LC_ERR_TARGET_UNREACHABLE`);
 * - an https base URL, or any base URL a proxy applies to (`HTTPS_PROXY`, `HTTP_PROXY`,
 *   `NO_PROXY`): one `HEAD` of the base URL through a dispatcher built as the client's (the same
 *   proxy, the same `capillary.tls` / `fabric.tls`). A TCP connection proves nothing there: the
 *   proxy's tunnel, the server's certificate and, under TLS 1.3, the acceptance of the client
 *   certificate (refused only after the handshake, when the server reads the first request) are
 *   known only once a request has been sent. A TLS failure is `LC_ERR_TARGET_TLS` naming its
 *   cause and what to change, a proxy that cannot be reached, wants credentials or refuses the
 *   tunnel `LC_ERR_TARGET_PROXY`, no connection `LC_ERR_TARGET_UNREACHABLE`. Any answer, whatever
 *   its status, or none within the timeout once connected, passes: what the target answers is
 *   judged by the probe's first requests.
 *
 * Files of the `tls` settings are read here first (`LC_ERR_PROFILE_TLS`), and a proxy variable
 * that is no URL is `LC_ERR_PROXY_INVALID`.
 */
export async function checkReachable(
  profile: Profile,
  timeoutMs = Math.min(profile.limits.timeoutMs, 5000),
  env: ProxyEnv = process.env,
): Promise<void> {
  const proxies = readProxySettings(env);
  const families: { family: 'capillary' | 'fabric'; baseUrl: string; tls: TlsSettings | undefined }[] = [];
  if (profile.capillary) {
    families.push({ family: 'capillary', baseUrl: profile.capillary.baseUrl, tls: profile.capillary.tls });
  }
  if (profile.fabric)
    families.push({ family: 'fabric', baseUrl: profile.fabric.baseUrl, tls: profile.fabric.tls });
  // Equal settings give the same object: both families on one origin with them are checked once.
  const checked = new Map<string, Set<ClientTls | undefined>>();
  for (const { family, baseUrl, tls: settings } of families) {
    const url = new URL(baseUrl);
    const tls = loadClientTls(settings, `${family}.tls`, profile.source);
    const seen = checked.get(url.origin) ?? new Set();
    if (seen.has(tls)) continue;
    checked.set(url.origin, seen.add(tls));
    const proxy = proxyFor(url.origin, proxies);
    if (!proxy && url.protocol === 'http:') {
      await checkTcp(url, timeoutMs, `${family}.baseUrl`);
    } else {
      const context: TlsContext = { field: `${family}.tls`, baseUrlField: `${family}.baseUrl`, tls };
      await checkThroughDispatcher(url, { timeoutMs, tls, proxy, context });
    }
  }
}

/** A TCP connection to the base URL's host and port, closed at once. */
async function checkTcp(url: URL, timeoutMs: number, field: string): Promise<void> {
  const { hostname, port, protocol } = url;
  const reason = await new Promise<string | undefined>((resolve) => {
    const socket = connect({
      host: hostname.replace(/^\[|\]$/g, ''),
      port: Number(port || (protocol === 'https:' ? 443 : 80)),
    });
    const done = (why: string | undefined) => {
      cancel();
      socket.destroy();
      resolve(why);
    };
    // Not `socket.setTimeout`: after a stall of this process it fired before the connection made
    // meanwhile was seen, and a target that accepted at once was "unreachable" (see deadline.ts).
    const cancel = startDeadline(timeoutMs, () => done(`no connection within ${timeoutMs} ms`));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
  if (reason) throw toolError('LC_ERR_TARGET_UNREACHABLE', { url: url.origin, reason, field });
}

/** Codes of a connection that could not be made at all. */
const CONNECT_FAILURES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** Codes of a connection the other side closed. */
const CLOSED = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

type CodedError = { code?: unknown; message?: unknown; cause?: unknown; name?: unknown };

const codeOf = (error: unknown): string | undefined => {
  const code = (error as CodedError | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
};
const messageOf = (error: unknown): string => {
  const message = (error as CodedError | undefined)?.message;
  return typeof message === 'string' ? message.replace(/\s+/g, ' ').trim() : String(error);
};

/** A HEAD of the base URL through the client's route; see {@link checkReachable}. */
async function checkThroughDispatcher(
  url: URL,
  options: {
    timeoutMs: number;
    tls: ClientTls | undefined;
    proxy: ProxyRoute | undefined;
    context: TlsContext;
  },
): Promise<void> {
  const { timeoutMs, proxy, context } = options;
  const origin = url.origin;
  let connected = false;
  let socketError: unknown;
  const route = createOriginDispatcher({
    origin,
    timeoutMs,
    connections: 1,
    tls: options.tls,
    proxy,
    onConnect: (error, socket) => {
      if (error || !socket) return;
      connected = true;
      // An alert after the handshake (a refused client certificate, TLS 1.3) arrives as an error
      // of the socket; undici reports only that the connection closed.
      socket.on('error', (socketFailure) => {
        socketError ??= socketFailure;
      });
    },
  });
  // Connecting (to the proxy, its tunnel, TLS) and the headers each have `timeoutMs`; the whole
  // check ends within twice that, whatever undici does meanwhile.
  const DEADLINE = Symbol('deadline');
  let cancel: (() => void) | undefined;
  const deadline = new Promise<typeof DEADLINE>((resolve) => {
    cancel = startDeadline(2 * timeoutMs, () => resolve(DEADLINE));
  });
  const head = (async () => {
    const response = await undici().request.call(route.dispatcher, {
      origin,
      path: url.pathname === '' ? '/' : url.pathname,
      method: 'HEAD',
      headers: { 'user-agent': 'loyalty-conformance' },
    });
    await response.body.dump().catch(() => undefined);
  })();
  let failure: unknown;
  let late = false;
  try {
    late = (await Promise.race([head, deadline])) === DEADLINE;
  } catch (error) {
    failure = error;
  } finally {
    cancel?.();
    head.catch(() => undefined);
    await route.destroy().catch(() => undefined);
  }
  if (late) {
    if (connected) return;
    if (proxy) {
      throw toolError('LC_ERR_TARGET_PROXY', {
        proxy: proxy.display,
        variable: proxy.variable,
        url: origin,
        reason: `no connection through the proxy within ${2 * timeoutMs} ms`,
      });
    }
    throw toolError('LC_ERR_TARGET_UNREACHABLE', {
      url: origin,
      reason: `no connection within ${2 * timeoutMs} ms`,
      field: context.baseUrlField,
    });
  }
  if (failure === undefined) return;

  const code = codeOf(failure);
  const cause = (failure as CodedError).cause;
  const timedOut = code === 'UND_ERR_CONNECT_TIMEOUT';
  const noConnection = timedOut ? `no connection within ${timeoutMs} ms` : (code ?? messageOf(failure));
  const proxyError = (reason: string) =>
    toolError('LC_ERR_TARGET_PROXY', {
      proxy: proxy?.display,
      variable: proxy?.variable,
      url: origin,
      reason,
    });

  // The proxy's own certificate (an https:// proxy), which undici wraps.
  if (proxy && code === 'UND_ERR_PRX_TLS') {
    throw proxyError(`the TLS connection to the proxy failed (${codeOf(cause) ?? messageOf(cause)})`);
  }
  const tlsFailure = [failure, cause, socketError].find((error) => isTlsCode(codeOf(error)));
  if (tlsFailure !== undefined) {
    const reason = describeTlsFailure(codeOf(tlsFailure), messageOf(tlsFailure), context) as string;
    throw toolError('LC_ERR_TARGET_TLS', { url: origin, reason });
  }
  // Closed with no alert (Node's own https server refuses a client certificate so): after the
  // handshake, or during it (`… before secure TLS connection was established`).
  const duringHandshake = !connected && /before secure TLS connection/i.test(messageOf(failure));
  if (url.protocol === 'https:' && CLOSED.has(code ?? '') && !timedOut && (connected || duringHandshake)) {
    throw toolError('LC_ERR_TARGET_TLS', {
      url: origin,
      reason: describeClosedAfterHandshake(code as string, context, connected ? 'right after' : 'during'),
    });
  }
  if (proxy) {
    const message = messageOf(failure);
    const status =
      /Proxy response \((\d{3})\)/.exec(message)?.[1] ?? (/\(407\)/.test(message) ? '407' : undefined);
    if (status === '407') {
      throw proxyError(
        proxy.url.username !== ''
          ? `the proxy refused the credentials in ${proxy.variable} (407 Proxy Authentication Required)`
          : `the proxy requires credentials (407 Proxy Authentication Required): give them in ${proxy.variable} as http://user:password@host:port`,
      );
    }
    if (status) throw proxyError(`the proxy opened no tunnel to ${url.host} (CONNECT answered ${status})`);
    if (!connected) {
      throw proxyError(
        timedOut
          ? `no connection through the proxy within ${timeoutMs} ms`
          : CONNECT_FAILURES.has(code ?? '')
            ? `the proxy cannot be reached (${code})`
            : `no connection through the proxy (${code ?? 'error'}: ${message})`,
      );
    }
  }
  if (!proxy && !connected)
    throw toolError('LC_ERR_TARGET_UNREACHABLE', {
      url: origin,
      reason: noConnection,
      field: context.baseUrlField,
    });
  // Connected, and the answer is late or malformed: the probe's first requests judge it.
}
