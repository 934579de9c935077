import { randomBytes } from 'node:crypto';
import type { WorkerRequest, WorkerResponse } from './hono.ts';

/**
 * Cloudflare's edge in front of the Worker: a WAF rate limiting rule on the API hostname (counted
 * per client IP and data centre, the "throttle" behaviour of Advanced Rate Limiting: requests over
 * the rate are blocked, those under it pass) and the headers the edge puts on what it serves.
 *
 * Cloudflare's periods are 10 s and more; the rule here counts one-second periods with a tenth of
 * the requests, the same rate in the wall time a test can afford. Past it the edge answers its
 * 1015 error itself, never reaching the Worker: `error code: 1015` as text/plain to an API client,
 * its HTML page to a browser (Accept: text/html), no JSON. Since 2026-03-12 retryable 1xxx errors
 * carry `Retry-After`, and a rate limiting rule's own dynamic value (the seconds until its counter
 * admits again, rounded up) takes precedence over 1015's fixed 30
 * (https://developers.cloudflare.com/changelog/post/2026-03-12-retry-after-header-for-1xxx-errors).
 */
export class RateLimitRule {
  private windowStart = 0;
  private counted = 0;
  /** 429s answered. */
  refused = 0;

  constructor(
    private readonly requestsPerPeriod: number,
    private readonly periodMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Undefined when the request may pass; else the seconds the edge's Retry-After names. */
  admit(): number | undefined {
    const now = this.now();
    const start = now - (now % this.periodMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counted = 0;
    }
    if (this.counted < this.requestsPerPeriod) {
      this.counted += 1;
      return undefined;
    }
    this.refused += 1;
    return Math.max(1, Math.ceil((start + this.periodMs - now) / 1000));
  }
}

/** A Ray ID: 16 hex digits and the data centre that answered. */
export const rayId = () => `${randomBytes(8).toString('hex')}-LHR`;

/** The headers the edge adds to what the Worker answers (nothing is cached: DYNAMIC). */
export function fromEdge(response: WorkerResponse): WorkerResponse {
  return {
    ...response,
    headers: { ...response.headers, server: 'cloudflare', 'cf-ray': rayId(), 'cf-cache-status': 'DYNAMIC' },
  };
}

/** Cloudflare's 1015 answer, as an API client or a browser gets it. */
export function rateLimited(req: WorkerRequest, retryAfter: number): WorkerResponse {
  const ray = rayId();
  const browser = (req.headers.accept ?? '').includes('text/html');
  const host = req.headers.host ?? 'loyalty.example';
  const body = browser
    ? `<!DOCTYPE html>\n<html lang="en-US"><head><title>${host} | Access denied</title></head><body>` +
      `<div id="cf-wrapper"><h1><span class="cf-error-type">Error</span> <span class="cf-error-code">1015</span></h1>` +
      `<h2>You are being rate limited</h2><p>The owner of this website (${host}) has banned you temporarily from accessing this website.</p>` +
      `<p>Cloudflare Ray ID: <strong>${ray.split('-')[0]}</strong></p></div></body></html>\n`
    : 'error code: 1015';
  return {
    status: 429,
    headers: {
      'content-type': browser ? 'text/html; charset=UTF-8' : 'text/plain; charset=UTF-8',
      'retry-after': String(retryAfter),
      'cache-control': 'private, max-age=0, no-store, no-cache, must-revalidate, post-check=0, pre-check=0',
      expires: 'Thu, 01 Jan 1970 00:00:01 GMT',
      'referrer-policy': 'same-origin',
      'x-frame-options': 'SAMEORIGIN',
      server: 'cloudflare',
      'cf-ray': ray,
    },
    body,
  };
}
