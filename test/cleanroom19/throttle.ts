/**
 * The rate limiter in front of each server: rate-limit headers on every answer (the legacy
 * `X-RateLimit-*` pair and the IETF `RateLimit-Policy`), and, seeded, a few requests refused with
 * 429 and `Retry-After: 0` or `1` (or an HTTP-date) and `Connection: close` before the service sees them (at most `max` a run, so a run's wait
 * stays far inside the client's budget).
 */
import type { ServerResponse } from 'node:http';
// A generic seeded generator (mulberry32), so a reading's 429s fall on the same requests each run.
import { seededRandom } from '../../src/engine/negative-cases.ts';

export interface Throttle {
  /** Sets the headers; true when the request was refused with a 429 (the answer is sent). */
  refuse(res: ServerResponse, body: string, contentType: string): boolean;
  readonly stats: { requests: number; refused: number };
}

const LIMIT = 1200;

export interface ThrottleOptions {
  readonly seed: number;
  /** Share of requests refused (after the first few), at most `max` a server. */
  readonly rate: number;
  readonly max: number;
  /** Retry-After as an HTTP-date a second ahead (RFC 9110 §10.2.3) instead of 0 or 1 seconds. */
  readonly asDate: boolean;
  /** Once a run, this many requests in a row refused (the window spent), `X-RateLimit-Remaining: 0`. */
  readonly burst: number;
}

export function throttle({ seed, rate, max, asDate, burst }: ThrottleOptions): Throttle {
  const random = seededRandom(seed);
  // Where the burst starts: between the 100th and the 400th request.
  const burstAt = 100 + Math.floor(random() * 300);
  const stats = { requests: 0, refused: 0 };
  const windowStart = Date.now();
  return {
    stats,
    refuse(res, body, contentType) {
      stats.requests += 1;
      const elapsed = Math.floor((Date.now() - windowStart) / 1000);
      res.setHeader('X-RateLimit-Limit', String(LIMIT));
      const inBurst = stats.requests >= burstAt && stats.requests < burstAt + burst;
      res.setHeader('X-RateLimit-Remaining', inBurst ? '0' : String(Math.max(0, LIMIT - stats.requests)));
      res.setHeader('X-RateLimit-Reset', String(60 - (elapsed % 60)));
      res.setHeader('RateLimit-Policy', `${LIMIT};w=60`);
      // The first requests of a run (the OAuth token, the first reads) are let through.
      const refused = inBurst || (stats.requests >= 4 && stats.refused < max && random() < rate);
      if (!refused) return false;
      stats.refused += 1;
      res.statusCode = 429;
      const seconds = random() < 0.5 ? 0 : 1;
      res.setHeader('Retry-After', asDate ? new Date(Date.now() + 1000).toUTCString() : String(seconds));
      // As nginx's limit_req does, the refused connection is not kept.
      res.setHeader('Connection', 'close');
      res.setHeader('Content-Type', contentType);
      res.end(body);
      return true;
    },
  };
}
