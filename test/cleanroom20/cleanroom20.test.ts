import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { expectNoFalseVerdicts } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { type Cleanroom20Options, startCleanroom20Provider } from './provider.ts';
import { dumps, floatRepr, PyDecimal, PyFloat } from './pyjson.ts';

/**
 * The twentieth clean-room provider, written from the four documents and DESIGN.md alone: a
 * "Python/FastAPI + SQL" vendor behind uvicorn. Requests are read as pydantic v2 in lax mode reads
 * them (ints from numeric strings, bools from `yes`/`off`/`0`, strings only from strings) and every
 * malformed request the documents give no code for (a wrong type, a negative amount, a reason over
 * 50 characters, promotionId with promotionIdentifier, a missing query parameter of the deduction
 * or the balance, a body that is not JSON) is refused with the framework's own 422
 * `{"detail": [{"type", "loc", "msg", "input"}]}`, no envelope; documented cases keep their codes in
 * the envelope (400). fabric's HTTPBearer answers a missing Authorization with 403
 * `{"detail": "Not authenticated"}`. JSON as `json.dumps(sort_keys=True)` writes it: `", "` and
 * `": "`, keys sorted, non-ASCII escaped (`Fr\u00fchling 20`), floats by Python's repr (balances
 * `300.0`; its `1e-05` form is unit-tested, no balance reaches it), Decimal columns as strings quantised to the program's round decimals
 * (`pointsAvailable` `"1249.75"`, `"300"` in a 0-decimal program; unlock lines the same). About a
 * third of the answers (half in the strictest reading) carry neither Content-Length nor chunking and
 * end by closing the connection (`Connection: close`, a body delimited by the close). Unlock lines
 * come sorted by program descending (not the example's order), optional fields omitted (no
 * `itemCode` on a bill line, no `billNumber` on a promotion line). Data: org saale (negative
 * balances off, dual eligibility with **mobile** as the primary) has six programs of 0–4 round
 * decimals, a customer with points in one program only and zero in five, promised points only in a
 * non-default program (4 decimals), a bill whose lines span three programs; org havel (on, no dual
 * eligibility) five programs. Till usernames are matched case-insensitively (the strictest
 * reading declares them upper-case), passwords' md5 compared in constant time. The fabric tenant
 * has UUID members, reason codes of its own (GOODWILL, RETURN-20: the example's 7502 is refused;
 * declared in one profile, left out in the other), pending points that never mature during a run,
 * pending deductions and deductions past the available points refused.
 *
 * It found one false verdict: the framework's 422s failed GEN-ERROR-ENVELOPE and GEN-BODY-SCHEMA
 * (no `errors[]`), and, with `apiErrorStatus: 400` (the status of the answers that carry a code),
 * were not taken for refusals at all: CAP-NPA-AMOUNT-POSITIVE, -AMOUNT-REQUIRED, -REASON-LENGTH,
 * -PROMOTION-EXCLUSIVE and GEN-INVALID-REJECTED failed. The documents give the envelope for errors
 * with a code and are silent on a refusal without one: a 4xx JSON object with no `errors` member is
 * now a refusal whatever the pinned status and its body only warns (variant
 * framework-422-for-malformed-requests; fault npa-documented-codes-in-framework-422 shows a
 * documented code answered so still fails).
 *
 * Its own first run also failed GEN-INVALID-REJECTED, rightly: a null pointsToBeAdjusted was read
 * as no amount and answered 200 (a provider bug, fixed: pydantic's 422 decimal_type).
 *
 * Warnings left, where the documents are silent:
 * - GEN-ERROR-ENVELOPE, GEN-BODY-SCHEMA, GEN-UNDOCUMENTED-FIELDS: the 422 `detail` answers;
 * - FAB-AUTH-HTTP-STATUS: 403 for a missing Bearer token (FastAPI's HTTPBearer);
 * - GEN-INVALID-REJECTED: `0` read as false for setToPending and fetchDataForAllPrograms (lax bools);
 * - GEN-ERROR-CODE-KNOWN: 8013 on the balance and the unlock, 8003 on the unlock;
 * - FAB-ADJ-ADD, -DEDUCT, -PENDING, -PENDING-DEFAULT (strictest reading, no reasonCode declared):
 *   the example's 7502 refused, the adjustment accepted without it.
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'FAB-AUTH-HTTP-STATUS': 'warn',
  'CAP-AUTH-BASIC': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-NPA-AMOUNT-POSITIVE': 'pass',
  'CAP-NPA-POINTS-AVAILABLE': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-BAL-DUAL-MULTI': 'pass',
  'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
};

/**
 * Two readings (a third, another seed of the first, measured no other verdict and cost 3 s of CPU:
 * the six-program org makes each run about 1,200 exchanges).
 */
const READINGS: {
  name: string;
  options: Cleanroom20Options;
  profile: string;
  shows: Record<string, Verdict>;
}[] = [
  {
    name: "a third of the answers close-delimited, the tenant's reason code declared",
    options: { seed: 20, closeRate: 0.3 },
    profile: PROFILE,
    shows: { ...SHOWS, 'FAB-ADJ-ADD': 'pass' },
  },
  {
    name: 'strictest: apiErrorStatus 400, upper-case tills, inquiry declared, no reason code, half the answers close-delimited',
    options: { seed: 2020, closeRate: 0.5 },
    profile: STRICT_PROFILE,
    shows: { ...SHOWS, 'FAB-ADJ-ADD': 'warn' },
  },
];

describe('twentieth clean-room provider (no false verdicts)', () => {
  for (const reading of READINGS) {
    it.concurrent(`${reading.name}: conformant`, { timeout: 120_000 }, async () => {
      const provider = await startCleanroom20Provider(reading.options);
      try {
        await expectNoFalseVerdicts(reading.profile, provider.url, reading.shows);
        // The reading took effect: answers ended by closing the connection were read whole.
        expect(provider.stats().closeDelimited).toBeGreaterThan(200);
      } finally {
        await provider.close();
      }
    });
  }

  it('writes JSON as Python does', () => {
    expect([1e-5, 100, 0.1, 1e16, 1234.5].map(floatRepr)).toEqual([
      '1e-05',
      '100.0',
      '0.1',
      '1e+16',
      '1234.5',
    ]);
    expect(dumps({ b: new PyDecimal(12_497_500, 4, 2), a: [new PyFloat(300)], c: 'Frühling' })).toBe(
      '{"a": [300.0], "b": "1249.75", "c": "Fr\\u00fchling"}',
    );
  });

  it('answers a malformed deduction with the framework 422, a documented case with its code, on close-delimited answers', async () => {
    const provider = await startCleanroom20Provider({ closeRate: 1 });
    try {
      const md5 = createHash('md5').update('saale-till-pw').digest('hex');
      const headers = {
        authorization: `Basic ${Buffer.from(`TILL.SAALE.01:${md5}`).toString('base64')}`,
        'content-type': 'application/json',
      };
      const url = `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=mobile&identifierValue=4930200001&source=INSTORE`;
      const negative = await raw(
        url,
        'POST',
        headers,
        JSON.stringify({ pointsToBeAdjusted: -5, reasonOfReturn: 'x' }),
      );
      expect(negative.status).toBe(422);
      expect(JSON.parse(negative.body).detail[0].type).toBe('greater_than');
      expect(negative.headers['content-length']).toBeUndefined();
      expect(negative.headers['transfer-encoding']).toBeUndefined();
      expect(negative.headers.connection).toBe('close');
      const zero = await raw(
        url,
        'POST',
        headers,
        JSON.stringify({ pointsToBeAdjusted: '0', reasonOfReturn: 'x' }),
      );
      expect(JSON.parse(zero.body).errors[0].code).toBe(8888);
      const done = await raw(
        url,
        'POST',
        headers,
        JSON.stringify({ pointsToBeAdjusted: '1.00', reasonOfReturn: 'x' }),
      );
      expect(done.body).toBe(
        '{"message": "points deducted successfully for the user ", "pointsAvailable": "1249.75", "status": "success", "warnings": []}',
      );
      const fabric = `${provider.url}/api/v1/members/points-adjustment`;
      const body = JSON.stringify({
        profileId: '3b7e5f0a-2020-4c20-9d20-c0ffee002020',
        points: 5,
        reasonCode: '7502',
      });
      expect((await raw(fabric, 'POST', { 'content-type': 'application/json' }, body)).status).toBe(403);
      const refused = await raw(fabric, 'POST', { authorization: 'Bearer cr20-fabric-token' }, body);
      expect(JSON.parse(refused.body).errors.reasonCode).toContain('7502');
    } finally {
      await provider.close();
    }
  });
});
