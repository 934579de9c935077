/**
 * Proxies from the environment, as undici's `EnvHttpProxyAgent` reads them: `HTTPS_PROXY` for
 * https targets (else `HTTP_PROXY`), `HTTP_PROXY` for http targets, `NO_PROXY` for the hosts to
 * reach directly; the lower-case form of each wins over the upper-case one. Chosen here per
 * origin (with undici's own matching rules) rather than inside an `EnvHttpProxyAgent`, so that
 * the preflight, the client and the messages agree on whether, and through which proxy, an
 * origin is reached, and a direct origin keeps its plain pool.
 */

import { toolError } from '../errors.ts';

/** Variables as `process.env` has them. */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** A proxy an origin is reached through. */
export interface ProxyRoute {
  /** The proxy's URL, credentials included: give it only to undici. */
  readonly url: URL;
  /** The URL for messages: credentials masked (`http://***@proxy:3128`), no path. */
  readonly display: string;
  /** The variable it came from: `HTTPS_PROXY`, `http_proxy`, … */
  readonly variable: string;
}

/** The proxy settings of a run. */
export interface ProxySettings {
  readonly http?: ProxyRoute;
  readonly https?: ProxyRoute;
  /** `NO_PROXY` entries: a host (a leading `.` or `*.` dropped) and a port (0: any). */
  readonly noProxy: readonly { readonly hostname: string; readonly port: number }[];
  /** `NO_PROXY` is `*`: no origin is proxied. */
  readonly noneProxied: boolean;
}

/** No proxy at all. */
export const NO_PROXIES: ProxySettings = { noProxy: [], noneProxied: false };

const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443 };

/**
 * The proxies of `env`. A URL without a scheme (`proxy:3128`) is taken as `http://`.
 * @throws LoyaltyConformanceError `LC_ERR_PROXY_INVALID` for a value that is no http(s) URL
 *   (the message never repeats the value's credentials).
 */
export function readProxySettings(env: ProxyEnv = process.env): ProxySettings {
  const pick = (lower: string, upper: string) => {
    const value = env[lower] ?? env[upper];
    return value === undefined || value.trim() === ''
      ? undefined
      : { name: env[lower] !== undefined ? lower : upper, value };
  };
  const httpVar = pick('http_proxy', 'HTTP_PROXY');
  const httpsVar = pick('https_proxy', 'HTTPS_PROXY');
  const http = httpVar ? parseProxy(httpVar.name, httpVar.value) : undefined;
  const https = httpsVar ? parseProxy(httpsVar.name, httpsVar.value) : http;
  const noProxyValue = (env.no_proxy ?? env.NO_PROXY ?? '').trim();
  const noProxy: { hostname: string; port: number }[] = [];
  for (const entry of noProxyValue.split(/[,\s]/)) {
    if (!entry) continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    noProxy.push({
      hostname: (parsed ? (parsed[1] as string) : entry).replace(/^\*?\./, '').toLowerCase(),
      port: parsed ? Number.parseInt(parsed[2] as string, 10) : 0,
    });
  }
  return {
    ...(http ? { http } : {}),
    ...(https ? { https } : {}),
    noProxy,
    noneProxied: noProxyValue === '*',
  };
}

/** The proxy an origin is reached through, or undefined when it is reached directly. */
export function proxyFor(origin: string, settings: ProxySettings): ProxyRoute | undefined {
  const url = new URL(origin);
  const route = url.protocol === 'https:' ? settings.https : settings.http;
  if (!route || settings.noneProxied) return undefined;
  // As undici: the host with IPv6 brackets kept, the port or the scheme's default.
  const hostname = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const entry of settings.noProxy) {
    if (entry.port !== 0 && entry.port !== port) continue;
    if (hostname === entry.hostname || hostname.endsWith(`.${entry.hostname}`)) return undefined;
  }
  return route;
}

/** A proxy URL for messages: `http://***@host:port` when it carries credentials. */
export function maskProxyUrl(url: URL): string {
  const credentials = url.username !== '' || url.password !== '' ? '***@' : '';
  return `${url.protocol}//${credentials}${url.host}`;
}

function parseProxy(variable: string, value: string): ProxyRoute {
  const text = value.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  const invalid = (reason: string) => toolError('LC_ERR_PROXY_INVALID', { variable, reason });
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid('not a URL (expected http://host:port or http://user:password@host:port)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`the scheme ${url.protocol} is not supported (use an http:// or https:// proxy)`);
  }
  if (url.hostname === '') throw invalid('it names no host');
  return { url, display: maskProxyUrl(url), variable };
}
