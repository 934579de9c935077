/**
 * Google Apigee X in front of the service: one API proxy per base path (/v2 and /v3 for the
 * Capillary API, /api/v1 for fabric), each with a SpikeArrest policy, its own 404 fault where no
 * proxy's base path matches, and the headers its AssignMessage policy adds. No VerifyAPIKey or
 * OAuthV2 policy sits in front: the documents name Basic, X-CAP-API-OAUTH-TOKEN and Bearer, none
 * of which Apigee can verify, so the proxies pass them through and the service checks them.
 */
import { randomUUID } from 'node:crypto';
import { type Answer, json } from './micronaut.ts';

/** The proxies' base paths, longest first, and their names. */
const PROXIES: readonly (readonly [string, string])[] = [
  ['/api/v1/', 'fabric-loyalty-v1'],
  ['/v3/oauth/', 'capillary-oauth-v3'],
  ['/v2/', 'capillary-points-v2'],
];

export const proxyOf = (path: string): string | undefined =>
  PROXIES.find(([base]) => path.startsWith(base))?.[1];

/** Apigee writes "/" escaped in its fault strings. */
const faultText = (text: string) => JSON.stringify(text).replaceAll('/', '\\/');

/** messaging.adaptors.http.flow.ApplicationNotFound, Apigee's answer where no base path matches. */
export function applicationNotFound(host: string, path: string): Answer {
  return json(
    404,
    `{"fault":{"faultstring":${faultText(`Unable to identify proxy for host: ${host} and url: ${path}`)},"detail":{"errorcode":"messaging.adaptors.http.flow.ApplicationNotFound"}}}`,
  );
}

/**
 * SpikeArrest at `rate` messages a second, smoothed as Apigee does: time cut into 100 ms windows,
 * each admitting its share of the rate (fractions carried to the next window, so 45ps admits 4
 * and 5 in turn). A message over its window's share is refused 429 with the policy's fault and no
 * Retry-After (SpikeArrest sends none). One per proxy, as the policy counts per proxy.
 */
export class SpikeArrest {
  #window = -1;
  #admitted = 0;
  /** Refusals so far, for the clean room's own test. */
  refused = 0;

  constructor(
    readonly rate: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Undefined when admitted, else the 429. */
  admit(): Answer | undefined {
    const window = Math.floor(this.now() / 100);
    if (window !== this.#window) {
      this.#window = window;
      this.#admitted = 0;
    }
    const share = Math.floor(((window + 1) * this.rate) / 10) - Math.floor((window * this.rate) / 10);
    if (this.#admitted < Math.max(1, share)) {
      this.#admitted += 1;
      return undefined;
    }
    this.refused += 1;
    return json(
      429,
      `{"fault":{"faultstring":"Spike arrest violation. Allowed rate : MessageRate{messagesPerPeriod=${this.rate}, periodInMicroseconds=1000000, maxBurstMessageCount=${(this.rate / 10).toFixed(1)}}","detail":{"errorcode":"policies.ratelimit.SpikeArrestViolation"}}}`,
    );
  }
}

/** Headers the proxies' AssignMessage policy adds to every answer. */
export function apigeeHeaders(proxy: string): Record<string, string> {
  return {
    'X-Apigee-Proxy': `${proxy}/rev/7`,
    'X-Apigee-Message-Id': randomUUID(),
    Via: '1.1 google',
  };
}
