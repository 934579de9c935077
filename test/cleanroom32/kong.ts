/**
 * Kong 3.6 in front of the service: the rate-limiting plugin on each route (a fixed one-second
 * window per route and client IP, `limit_by: ip`, local policy), its RateLimit-* and
 * X-RateLimit-*-Second headers, 429 `{"message":"API rate limit exceeded"}` with Retry-After;
 * `Via` and the latency headers on what it proxies; its own 404 where no route matches. Kong's
 * key-auth and ACL plugins are not configured: they would ask for an `apikey` the documents never
 * name, and the service checks the documented Basic, OAuth and Bearer credentials itself.
 */
import type { Answer } from './servant.ts';

const KONG = 'kong/3.6.1';
const KONG_JSON = 'application/json; charset=utf-8';

/** Route prefixes of the one service (strip_path off, any method: the service answers 405 itself). */
const ROUTES = [
  '/v2/customers/lookup/negativePointsAdjustment',
  '/v2/customers/lookup/points/balance',
  '/v2/points/unlockPromisedPoints',
  '/v3/oauth/token/generate',
  '/api/v1/members/points-adjustment',
  '/api/v1/inquire/',
];

export class Kong {
  /** Per route: the current window's second and the calls counted in it. */
  readonly #windows = new Map<string, { second: number; used: number }>();
  /** 429s answered so far. */
  throttled = 0;

  constructor(
    readonly perSecond: number,
    readonly now: () => number = Date.now,
  ) {}

  routes(path: string): boolean {
    return ROUTES.some((r) =>
      r.endsWith('/') ? path.startsWith(r) : path === r || path.startsWith(`${r}/`),
    );
  }

  noRoute(): Answer {
    return {
      status: 404,
      headers: { 'Content-Type': KONG_JSON, Server: KONG },
      body: '{\n  "message":"no Route matched with those values"\n}',
    };
  }

  /** Counts one call in its route's window this second: headers to add, or the 429 that replaces the call. */
  admit(path: string): { headers: Record<string, string> } | { answer: Answer } {
    const route = ROUTES.find((r) => path.startsWith(r)) ?? path;
    const second = Math.floor(this.now() / 1000);
    let window = this.#windows.get(route);
    if (window?.second !== second) {
      window = { second, used: 0 };
      this.#windows.set(route, window);
    }
    // Seconds to the window's end, rounded up: always 1 for a one-second window.
    const reset = '1';
    const limits = (remaining: number) => ({
      'X-RateLimit-Limit-Second': String(this.perSecond),
      'X-RateLimit-Remaining-Second': String(remaining),
      'RateLimit-Limit': String(this.perSecond),
      'RateLimit-Remaining': String(remaining),
      'RateLimit-Reset': reset,
    });
    if (window.used >= this.perSecond) {
      this.throttled += 1;
      return {
        answer: {
          status: 429,
          headers: { ...limits(0), 'Retry-After': reset, 'Content-Type': KONG_JSON, Server: KONG },
          body: '{\n  "message":"API rate limit exceeded"\n}',
        },
      };
    }
    window.used += 1;
    return { headers: limits(this.perSecond - window.used) };
  }

  /** What Kong adds to a proxied answer. */
  proxied(answer: Answer, limits: Record<string, string>, upstreamMs: number): Answer {
    return {
      ...answer,
      headers: {
        ...answer.headers,
        ...limits,
        Via: KONG,
        'X-Kong-Upstream-Latency': String(upstreamMs),
        'X-Kong-Proxy-Latency': '0',
      },
    };
  }
}
