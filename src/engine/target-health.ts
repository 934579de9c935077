import { type Exchange, requestUrlParts } from '../client/exchange.ts';
import { type LoyaltyConformanceError, toolError } from '../errors.ts';

/**
 * Requests in a row to one origin that got no response before the origin counts as not
 * answering. A correct target answers every request; a few lost ones in a burst are tolerated.
 */
export const UNRESPONSIVE_AFTER = 5;

/**
 * Watches the exchanges of a run for a target origin that stopped answering (every request timing
 * out or reset). Without it a target that accepts connections and never answers keeps a run busy
 * for `timeoutMs` per request, for many minutes; with it the run stops asking that origin. Kept per
 * origin, not per API family: two families served by one host share its fate.
 */
export interface TargetHealth {
  /** Counts an exchange's outcome towards its origin's streak of unanswered requests. */
  observe(exchange: Exchange): void;
  /** Why the origin of `url` is no longer asked, or undefined while it answers. */
  stoppedFor(url: string): LoyaltyConformanceError | undefined;
  /** The first origin that stopped answering, if any. */
  readonly stopped: LoyaltyConformanceError | undefined;
}

/** A 429 or 503 the client stopped waiting on: its run's rate-limit wait budget is spent. */
const budgetExhausted = (exchange: Exchange): boolean => exchange.rateLimited?.budgetExhausted === true;

/** Origins by the scheme-and-authority prefix of a URL: a run asks few origins, many URLs. */
const origins = new Map<string, string>();

const originOf = (url: string): string => {
  const prefix = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i.exec(url)?.[0];
  const known = prefix === undefined ? undefined : origins.get(prefix);
  if (known !== undefined) return known;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return url;
  }
  if (prefix !== undefined && origins.size < 256) origins.set(prefix, origin);
  return origin;
};

export function createTargetHealth(threshold = UNRESPONSIVE_AFTER): TargetHealth {
  const streaks = new Map<string, number>();
  const stops = new Map<string, LoyaltyConformanceError>();
  let first: LoyaltyConformanceError | undefined;
  return {
    observe(exchange) {
      const origin = originOf(exchange.request.url);
      if (stops.has(origin)) return;
      if (budgetExhausted(exchange)) {
        // The client waited as long as the profile allows: asking on would only collect 429s.
        const stop = toolError('LC_ERR_RATE_LIMITED', {
          url: origin,
          answer: `${exchange.response?.status} on ${exchange.request.method} ${requestUrlParts(exchange.request.url).pathname}`,
        });
        stops.set(origin, stop);
        first ??= stop;
        return;
      }
      if (exchange.response || !exchange.error) {
        streaks.set(origin, 0);
        return;
      }
      const streak = (streaks.get(origin) ?? 0) + 1;
      streaks.set(origin, streak);
      if (streak < threshold) return;
      const stop = toolError('LC_ERR_TARGET_UNRESPONSIVE', {
        url: origin,
        count: String(streak),
        reason: `${exchange.error.code}: ${exchange.error.message}`,
      });
      stops.set(origin, stop);
      first ??= stop;
    },
    stoppedFor: (url) => stops.get(originOf(url)),
    get stopped() {
      return first;
    },
  };
}
