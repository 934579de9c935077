/**
 * The operations layer in front of clean room seventeen: it sheds load before the vendor sees a
 * request (so nothing is processed), answering 503 with `Retry-After` from its own HTML page.
 * About `rate` of requests (1 %) are shed at random (seeded), and once a run, at the first balance read
 * after request `burstAfter`, that read and the requests after it are all shed until 6 in a row
 * across two operations or more were (the suite's outage pattern, but each answer says when to
 * come back). A 503 with Retry-After says "come back": a rate limit.
 */
import { seededRandom } from './wire.ts';

export interface ShedderOptions {
  readonly seed: number;
  /**
   * Share of requests shed at random (0.01): a deployment choice. It was 0.03 until 2026-12-05;
   * each shed answer is a pause of up to a second in a run of seconds, and 1 % still sheds some
   * requests in every reading (the clean room's test asks for them), in less wall time.
   */
  readonly rate?: number;
  /** The burst starts at the first balance read after this many requests (60). */
  readonly burstAfter?: number;
  /** Share of OAuth token requests shed (the token service sheds apart; default: `rate`). */
  readonly tokenRate?: number;
}

/** What the layer did, for the test to show the reading took effect. */
export interface ShedLog {
  requests: number;
  shed: number;
  /** `METHOD path` of each request of the burst, in order. */
  burst: string[];
  /** `METHOD path` of every request shed, in order. */
  all: string[];
  /** The `Retry-After` of each shed answer, in order (`1` or `0`). */
  retryAfter: string[];
}

export interface Shedder {
  /** Whether to shed this request, and the Retry-After to send if so. */
  decide(method: string, path: string): { retryAfter: string } | undefined;
  readonly log: ShedLog;
}

const BURST = 6;

export function createShedder(options: ShedderOptions): Shedder {
  const random = seededRandom(options.seed * 7919 + 17);
  const rate = options.rate ?? 0.01;
  const burstAfter = options.burstAfter ?? 60;
  const log: ShedLog = { requests: 0, shed: 0, burst: [], all: [], retryAfter: [] };
  let burst: 'before' | 'on' | 'done' = 'before';
  return {
    log,
    decide(method, path) {
      log.requests++;
      if (
        burst === 'before' &&
        log.requests > burstAfter &&
        method === 'GET' &&
        path.endsWith('/points/balance')
      )
        burst = 'on';
      let shed = false;
      if (burst === 'on') {
        log.burst.push(`${method} ${path}`);
        // At least 6 in a row, and on until two operations were shed (a read being the first), or 12.
        const operations = new Set(log.burst).size;
        if ((log.burst.length >= BURST && operations >= 2) || log.burst.length >= 2 * BURST) burst = 'done';
        shed = true;
      } else shed = random() < (path === '/v3/oauth/token/generate' ? (options.tokenRate ?? rate) : rate);
      if (!shed) return undefined;
      log.shed++;
      log.all.push(`${method} ${path}`);
      const retryAfter = random() < 0.7 ? '1' : '0';
      log.retryAfter.push(retryAfter);
      return { retryAfter };
    },
  };
}

export const SHED_PAGE =
  '<!DOCTYPE html>\n<html><head><title>503 Service Temporarily Unavailable</title></head>' +
  '<body><h1>Busy — please retry</h1><p>ops-gateway/2.4</p></body></html>\n';
