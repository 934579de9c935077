import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { expectNoFalseVerdicts } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { type Cleanroom19Options, startCleanroom19Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

/**
 * The nineteenth clean-room provider, written from the four documents and DESIGN.md alone: a
 * "Java/Spring" vendor. Capillary and fabric are two servers on two ports, fabric under a deeper
 * base path (`/tenant-eu/api`), each with its own habits. Capillary answers as a Spring Boot
 * service: figures as BigDecimal JSON numbers keeping their scale (`1250.5000`, `0.50`, more places
 * than the program's round decimals), `pointsAvailable` a number in one org and a string in the
 * other, keys in the DTOs' order (not the pages'), Spring Security's default headers, Spring's own
 * error body with a `+05:30` timestamp for a path it has no handler for; requests read with
 * Jackson's defaults (numeric strings into Integer fields, any scalar into a String field,
 * fractions into Integer fields by dropping their decimals, `""` as null), decimal places counted
 * by value (`100.00` is whole), `fetchDataForAllPrograms` converted as Spring does (on/off, yes/no,
 * 1/0). Identifiers are normalised: values trimmed, emails case-insensitive, mobiles matched by
 * their digits (stored as `+49 151 1900 0001`), profileIds case-insensitive (stored upper-case).
 * fabric answers as Express (`; charset=utf-8`, `X-Powered-By`, weak ETags, `data.createdAt` with
 * a `+01:00` offset) and replays an adjustment sent again with the same `Idempotency-Key` from a
 * cache (the page defines no idempotency; without the header every call adjusts). Both servers
 * carry rate-limit headers on every answer (`X-RateLimit-*`, `RateLimit-Policy`) and, seeded, refuse
 * a few requests with 429, `Retry-After: 0` or `1` and `Connection: close`; one reading adds a burst
 * of 8 refusals in a row (`X-RateLimit-Remaining: 0`) and writes Retry-After as an HTTP-date.
 * Orgs: rhine (negative balance off, dual eligibility with externalId primary, programs of 4 and 1
 * round decimals, Basic with OAuth alternate), douro (negative balance on, dual eligibility off,
 * programs of 1 and 4, OAuth with Basic alternate). The strictest reading declares the identifiers
 * in the back office's forms (`+49 151 1900 0001`, `Lena.Berg@Rhine.TEST`, an upper-case
 * profileId), the exact statuses (`apiErrorStatus: [400, 404]`) and the member inquiry.
 *
 * It found no false verdict. One probe outside the profile's contract: with the deductible
 * customer also enrolled in a program the profile does not list, CAP-BAL-ALL-PROGRAMS-WITH-ID and
 * -NO-ID fail (the all-program sum is larger than the declared programs' sum); both apply only
 * when the profile declares every program the customer is in, as their catalogue entries say. A
 * second: the balance's entityId written as a string of digits (Jackson's ToStringSerializer for
 * longs) fails GEN-BODY-SCHEMA and, as the answers are then not the documented body,
 * CAP-AUTH-BASIC, CAP-AUTH-OAUTH, CAP-BAL-DUAL-MULTI and CAP-BAL-DUAL-ORDER; the project reads the
 * table's `long` as a JSON integer (README, "Levels from the documents' own words"), so by that
 * reading such a vendor is not correct, and this one writes integers.
 *
 * Warnings left, where the documents are silent:
 * - GEN-INVALID-REJECTED: a number or boolean reasonOfReturn read as its text, `0` for
 *   fetchDataForAllPrograms read as false, and an unlock with an ill-typed eventName (or, Jackson
 *   dropping a fraction's decimals, a fractional sourceTilId or sourceProgramId) for an unknown
 *   bill answered 82323277 (the bill is looked up before the event name is compared);
 * - GEN-ERROR-CODE-KNOWN: its own codes on the deduction (8931 amount not a number, 8932 negative
 *   amount, 8934 reason over 50 characters, 8935 programId not an integer, 8936 promotionId with
 *   promotionIdentifier), on the balance (8935, 8937 fetchDataForAllPrograms not a boolean, and
 *   8013) and on the unlock (82323290 an ill-typed body field).
 */
const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-BODY-SCHEMA': 'pass',
  'CAP-AUTH-OAUTH': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-NPA-ARITHMETIC': 'pass',
  'CAP-NPA-POINTS-AVAILABLE': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-BAL-DUAL-MULTI': 'pass',
  'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'GEN-INVALID-REJECTED': 'warn',
  'GEN-ERROR-CODE-KNOWN': 'warn',
};

const READINGS: { name: string; options: Cleanroom19Options; profile: string; minRefused: number }[] = [
  { name: 'a 429 now and then', options: { seed: 19 }, profile: PROFILE, minRefused: 1 },
  {
    name: 'a burst of 429s, Retry-After as an HTTP-date',
    options: { seed: 1919, burst: 8, retryAfterDate: true },
    profile: PROFILE,
    minRefused: 8,
  },
  {
    name: 'strictest: back-office identifier forms, exact statuses, more 429s',
    options: { seed: 191919, refuseRate: 0.06, maxRefused: 8 },
    profile: STRICT_PROFILE,
    minRefused: 4,
  },
];

describe('nineteenth clean-room provider (no false verdicts)', () => {
  for (const reading of READINGS) {
    it.concurrent(`${reading.name}: conformant`, { timeout: 120_000 }, async () => {
      const provider = await startCleanroom19Provider(reading.options);
      try {
        await expectNoFalseVerdicts(reading.profile, provider, SHOWS);
        // The reading took effect: requests were refused with 429 and the suite waited them out.
        expect(provider.stats().refused).toBeGreaterThanOrEqual(reading.minRefused);
      } finally {
        await provider.close();
      }
    });
  }

  it('replays a fabric adjustment sent again with its Idempotency-Key, and says its rate limit', async () => {
    const provider = await startCleanroom19Provider({ seed: 1, refuseRate: 0 });
    try {
      const url = `${provider.fabricUrl}/v1/members/points-adjustment`;
      const headers = { authorization: 'Bearer cr19-fabric-token', 'content-type': 'application/json' };
      const body = JSON.stringify({ profileId: '9e1f0c2a-19ab-4cde-8f19-0000c0ffee19', points: 10 });
      const keyed = { ...headers, 'idempotency-key': 'cr19-once' };
      const first = await raw(url, 'POST', keyed, body);
      const again = await raw(url, 'POST', keyed, body);
      expect(first.status).toBe(200);
      expect(again.body).toBe(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(provider.stats().replayed).toBe(1);
      const other = await raw(
        url,
        'POST',
        keyed,
        JSON.stringify({ profileId: '9e1f0c2a-19ab-4cde-8f19-0000c0ffee19', points: 11 }),
      );
      expect(other.status).toBe(422);
      const unkeyed = await raw(url, 'POST', headers, body);
      expect(JSON.parse(unkeyed.body).data.transactionCode).not.toBe(
        JSON.parse(first.body).data.transactionCode,
      );
      const inquiry = await raw(
        `${provider.fabricUrl}/v1/inquire/9E1F0C2A-19AB-4CDE-8F19-0000C0FFEE19/member-points`,
        'GET',
        headers,
      );
      expect(JSON.parse(inquiry.body).data[0].pointsBalance.memberPointsAvailable).toBe(5020);
      expect(inquiry.headers['ratelimit-policy']).toBe('1200;w=60');
      expect(inquiry.headers['x-ratelimit-remaining']).toBeDefined();
    } finally {
      await provider.close();
    }
  });
});
