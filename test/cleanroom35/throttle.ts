/**
 * `throttle:api` (Illuminate\Routing\Middleware\ThrottleRequests) over the array or Redis cache:
 * per client IP, a fixed window opened by its first hit. The hit counter and the `:timer` key expire
 * a decay after that hit to the millisecond, while the timer's value is a whole-second Unix time
 * (availableAt()), so Retry-After (availableIn(): the timer minus now, in whole seconds, at least 0)
 * is 0 when a window opened late in one second is still full early in the next. Every answer
 * carries X-RateLimit-Limit and -Remaining; past the limit, 429 `{"message":"Too Many Attempts."}`
 * with Retry-After and X-RateLimit-Reset.
 */
import { type HttpAnswer, httpError } from './laravel.ts';

export class ThrottleApi {
  private readonly windows = new Map<string, { hits: number; expiresAt: number; timer: number }>();
  refused = 0;

  constructor(
    private readonly maxAttempts: number,
    private readonly decaySeconds: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The 429 for a request past the limit, or the headers to add to its answer. */
  hit(key: string): { refusal: HttpAnswer } | { headers: Record<string, string> } {
    const now = this.now();
    const seconds = Math.floor(now / 1000);
    let window = this.windows.get(key);
    if (!window || now >= window.expiresAt) {
      window = { hits: 0, expiresAt: now + this.decaySeconds * 1000, timer: seconds + this.decaySeconds };
      this.windows.set(key, window);
    }
    if (window.hits >= this.maxAttempts) {
      this.refused += 1;
      return {
        refusal: httpError(429, 'Too Many Attempts.', {
          'X-RateLimit-Limit': String(this.maxAttempts),
          'X-RateLimit-Remaining': '0',
          'Retry-After': String(Math.max(0, window.timer - seconds)),
          'X-RateLimit-Reset': String(window.timer),
        }),
      };
    }
    window.hits += 1;
    return {
      headers: {
        'X-RateLimit-Limit': String(this.maxAttempts),
        'X-RateLimit-Remaining': String(this.maxAttempts - window.hits),
      },
    };
  }
}
