import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { expectNoFalseVerdicts } from '../support/no-false-verdicts.ts';
import { type Cleanroom18Options, startCleanroom18Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const FULL_PROFILE = fileURLToPath(new URL('./profile-full.yaml', import.meta.url));

/**
 * The eighteenth clean-room provider, written from the four documents and DESIGN.md alone, in a
 * "different stack": its HTTP/1.1 is hand-rolled on `node:net` (no `node:http`): requests parsed by
 * it, keep-alive with at most 4 requests per connection (the last answer says `Connection: close`,
 * as nginx's keepalive_requests does; 1 in one reading) and a `Keep-Alive: timeout=5, max=N`
 * countdown, successes chunked in 3–5 chunks with chunk extensions (`000A;seq=0;note="…"`) and an
 * `X-Body-Sha256` trailer, errors with a Content-Length, `Date` and `Server` on every answer, HEAD
 * and OPTIONS answered, 405 with `Allow`, no 1xx. JSON as Go writes it (`<`, `>`, `&` as `\u003c`,
 * `\u003e`, `\u0026`: the bill's item codes are `KW&101` and `KW<102>`); in one reading the first
 * letter of every key escaped too (`"\u0065ntityId"`, RFC 8259 §7). One org with the fewest
 * fixtures its profile format allows (two customers of one household sharing a mobile, who are the
 * deductible, the drainable and the dual-eligibility pair; one bill; OAuth only; no promotion, award
 * or restricted client), externalId primary, programs of 0 (default) and 3 round decimals, amounts
 * as strings with three decimals where the pages' examples write strings, decimal places counted
 * by value. Errors carry `requestId` and `timestamp` beside `errors`, whose items carry `field` and
 * `severity`, in wording of its own; 404 for not-found codes, 422 for business refusals, 400 for the
 * rest. OAuth tokens of 5 s (2 s in one reading), several valid at once. The strictest reading
 * declares every fixture it has and the exact statuses (`apiErrorStatus: [400, 404, 422]`).
 *
 * It found one false verdict: the strictest profile failed CAP-UPP-IDENTIFIER-NAMES, because the
 * deductible customer's mobile, which another declared customer shares, was refused alone with 8015
 * (it names no one customer) while its id, cuid and primaryUserId found it; the suite forgave a lone
 * 8015 only when every non-primary identifier was refused. A shared value's 8015 is now judged beside
 * the primary whatever the others do (variant `dual-deductible-shares-its-mobile`).
 *
 * Warnings left, where the documents are silent:
 * - CAP-NPA-IDENTIFIER-NAMES, CAP-UPP-IDENTIFIER-NAMES: that shared mobile refused alone with 8015,
 *   resolved beside the primary (the deduction and unlock pages say nothing of dual eligibility);
 * - GEN-UNDOCUMENTED-FIELDS: `requestId` and `timestamp` in its error answers;
 * - GEN-ERROR-CODE-KNOWN: its own codes 8961–8966 on the deduction and balance where the pages give
 *   none (amount not a number, negative amount, reason over 50 characters, bad programId, promotionId
 *   with promotionIdentifier, bad fetchDataForAllPrograms), and 8013 on the balance.
 */
const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-BODY-SCHEMA': 'pass',
  'CAP-AUTH-OAUTH': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-ARITHMETIC': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-BAL-DUAL-MULTI': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'CAP-NPA-IDENTIFIER-NAMES': 'warn',
  'CAP-UPP-IDENTIFIER-NAMES': 'warn',
  'GEN-UNDOCUMENTED-FIELDS': 'warn',
  'GEN-ERROR-CODE-KNOWN': 'warn',
};

const READINGS: {
  name: string;
  options: Cleanroom18Options;
  profile: string;
  shows: Record<string, Verdict>;
}[] = [
  { name: 'fewest fixtures, 4 requests a connection', options: { seed: 18 }, profile: PROFILE, shows: {} },
  {
    name: 'keys escaped, one request a connection',
    options: { seed: 1818, escapeKeys: true, maxPerConnection: 1 },
    profile: PROFILE,
    shows: {},
  },
  {
    name: 'every fixture and the exact statuses, tokens of 2 s',
    options: { seed: 181818, tokenTtlSeconds: 2, maxPerConnection: 2 },
    profile: FULL_PROFILE,
    shows: { 'CAP-AUTH-ACCESS-GROUP': 'pass', 'CAP-UPP-CONCURRENT-ONCE': 'pass', 'CAP-NPA-1218': 'pass' },
  },
];

/** One raw request to the provider (node:http on the client side only). */
function raw(url: string, method: string, path: string) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request(`${url}${path}`, { method }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('eighteenth clean-room provider (no false verdicts)', () => {
  for (const reading of READINGS) {
    it.concurrent(`${reading.name}: conformant`, { timeout: 120_000 }, async () => {
      const provider = await startCleanroom18Provider(reading.options);
      try {
        await expectNoFalseVerdicts(reading.profile, provider.url, { ...SHOWS, ...reading.shows });
        // The reading took effect: connections were closed after their last allowed request, and
        // tokens were renewed (more than one issued) without a call sent on an expired one. Only
        // tokens of 2 s are sure to be renewed: a run of 3 s outlives no 5 s token, and since
        // 2026-12-05 CAP-AUTH-TOKEN-GENERATE asks for no second token of its own.
        const stats = provider.stats();
        const max = reading.options.maxPerConnection ?? 4;
        expect(stats.closedAtMax).toBeGreaterThanOrEqual(Math.floor(stats.requests / max / 2));
        expect(stats.connections).toBeGreaterThan(stats.requests / max / 2);
        expect(stats.tokens).toBeGreaterThan(reading.options.tokenTtlSeconds ? 1 : 0);
        expect(stats.expired).toBe(0);
      } finally {
        await provider.close();
      }
    });
  }

  it('answers HEAD and OPTIONS, and a wrong method with 405 and Allow', async () => {
    const provider = await startCleanroom18Provider({ seed: 1 });
    try {
      const head = await raw(provider.url, 'HEAD', '/v2/customers/lookup/points/balance');
      expect(head.status).toBe(401);
      expect(head.body).toBe('');
      expect(head.headers.server).toMatch(/Loyal18/);
      const options = await raw(provider.url, 'OPTIONS', '/v2/points/unlockPromisedPoints');
      expect(options.status).toBe(204);
      expect(options.headers.allow).toBe('POST, OPTIONS');
      const wrong = await raw(provider.url, 'GET', '/v2/points/unlockPromisedPoints');
      expect(wrong.status).toBe(405);
      expect(wrong.headers.allow).toBe('POST, OPTIONS');
    } finally {
      await provider.close();
    }
  });
});
