import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue as basic } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { numericText, significantScale, toMilli } from './numeric.ts';
import { Numeric, toJsonText } from './postgres.ts';
import { type Cleanroom42Options, type Cleanroom42Provider, startCleanroom42Provider } from './provider.ts';

/**
 * The forty-second clean-room provider, written from the four documents and DESIGN.md alone: a
 * Supabase project. The endpoints are two Deno Edge Functions (`capillary`, `fabric`; `Deno.serve`,
 * supabase-js) deployed with `--no-verify-jwt` behind Kong 2.8 at /functions/v1/<name>, calling
 * PL/pgSQL functions through PostgREST's /rpc on PostgreSQL 15 with NUMERIC(14,3) columns,
 * reproduced as one Node server. Deno: `searchParams.get()` the first of a repeated name,
 * `req.json()` whatever the content type (an empty or malformed body caught and refused),
 * `Response.json()`'s `application/json`, the path seen from `/<function>` on. Kong: its own JSON 404
 * off /functions/v1, `via: kong/2.8.1`; the runtime's own 404 for a function not deployed; no
 * apikey asked (the pages' own credentials are checked in the functions). supabase-js: arguments
 * JSON.stringify'd (integer fields sent as they came, so PostgREST casts "4201" and refuses "" or
 * "abc" with 22P02), answers JSON.parse'd (a NUMERIC's `670.500` arrives as the double 670.5), errors
 * as `{ code, details, hint, message }`. PL/pgSQL: `RAISE EXCEPTION USING HINT = '<page code>'`,
 * one transaction per call under `SELECT … FOR UPDATE`, a unique index on unlocked lines mapped to
 * 82323282, decimals counted as `scale(trim_scale(x))` ("100.00" has none), a VARCHAR(50) reason
 * (22001 → 8882), NUMERIC overflow (22003) → 8888, `boolin` for fetchDataForAllPrograms ("0", "yes"
 * read, "abc" 22P02), a `uuid` profileId (any case, braces, no hyphens). Balance figures summed in
 * the function on doubles (0.1-style sums such as 60.300000000000004 reach the client). Bill
 * promised points are external-trigger-based; dual eligibility, where on, governs every lookup.
 *
 * Both readings came out conformant on the first run: no false verdict. One bug of mine, shown by
 * the suite as a warning of CAP-NPA-8906: the deduction rounded the amount to NUMERIC(14,3) before
 * judging it, so 0.0001 was refused as zero (8888) before its four decimals were counted; a
 * function parameter's typmod is discarded in PostgreSQL, so the real function judges it unrounded
 * (fixed: 8906). Another found on reading my code: an unlock meeting the unique index half-way
 * through its writes (impossible under the bill's lock, now checked before any write). Habits tried
 * besides on scratch runs, each conformant: pointsAvailable and pointsUnlocked as `toFixed(3)` text
 * with every error PostgREST's 400; a bill line's `itemCode: null` as PostgREST hands a NULL column
 * (a warning of GEN-BODY-SCHEMA); pointsAvailable as the customer's main points over all programs;
 * fabric points as numeric text and a zero adjustment accepted (a warning of GEN-INVALID-REJECTED);
 * identifier lists resolved by the deduction and the unlock too; both line filters intersected and
 * sourceProgramId narrowing an unlock to its program.
 * With PostgREST's 409/422 passed through, the strict profile's pinned statuses fail the 8907 and
 * 82323282 paths, rightly: a vendor that answers 409 pins it. Warnings left, where the documents
 * are silent: GEN-ERROR-CODE-KNOWN (the vendor's 400 for a PostgREST cast error or a body that is no
 * JSON object, 8013 for a name the balance lookup does not know, 8015 on the unlock when dual
 * eligibility refuses a non-primary identifier), GEN-INVALID-REJECTED (fetchDataForAllPrograms=0
 * read as false by `boolin`), CAP-NPA-8887 (an empty programId refused by PostgREST's integer cast
 * before the function body reaches the promotionIdentifier's note), and in the strict reading
 * CAP-NPA-IDENTIFIER-NAMES and CAP-UPP-IDENTIFIER-NAMES (dual eligibility refusing a non-primary
 * identifier alone with 8015).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-STATUS-DECLARED': 'pass',
  'GEN-BODY-SCHEMA': 'pass',
  'GEN-ERROR-ENVELOPE': 'pass',
  'GEN-ERROR-CODE-KNOWN': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8887': 'warn',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-8888': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-AMOUNT-NUMBER': 'pass',
  'CAP-NPA-DECIMALS-WITHIN': 'pass',
  'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
  'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
  'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-ONCE-ERROR': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-RESPONSE-NUMERIC': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
  'CAP-UPP-FILTER-ITEM-CODES': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass',
  'CAP-BAL-TOTAL': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'CAP-BAL-ENTITY': 'pass',
  'CAP-BAL-LEDGER': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-AUTH-TOKEN-GENERATE': 'pass',
  'CAP-AUTH-HTTP-STATUS': 'pass',
  'FAB-ADJ-ENVELOPE': 'pass',
  'FAB-ADJ-UNKNOWN-MEMBER': 'pass',
  'FAB-AUTH-HTTP-STATUS': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom42Options, Cleanroom42Provider>[] = [
  {
    name: 'defaults: dual eligibility off, PostgREST\'s 404/409/422 passed through, figures as String() of the double ("1212.47"), any 4xx, no fabric inquiry',
    options: { figures: 'string', postgrestStatus: true },
    shows: {
      ...SHOWS,
      'CAP-NPA-IDENTIFIER-NAMES': 'pass',
      'CAP-BAL-DUAL-MULTI': 'skip',
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-PENDING': 'skip',
    },
  },
  {
    name: 'strict: externalId primary in tasman and mobile in otago, figures as the JSON numbers PostgREST gave, only the names and sources each page lists, every function error a 400, statuses pinned [400, 401, 403, 404], the inquiry deployed',
    options: {
      dualPrimary: { tasman: 'externalId', otago: 'mobile' },
      figures: 'number',
      strictLists: true,
      inquiry: true,
    },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'CAP-NPA-IDENTIFIER-NAMES': 'warn',
      'CAP-UPP-IDENTIFIER-NAMES': 'warn',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
      'CAP-BAL-DUAL-ORDER': 'pass',
      'FAB-INQ-BALANCE': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
  },
];

describe('forty-second clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom42Provider,
    urlOf: (p) => ({ capillaryUrl: p.capillaryUrl, fabricUrl: p.fabricUrl }),
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('holds numerics as PostgreSQL and PostgREST do: NUMERIC(14,3), trim_scale, 10.000 on the wire', () => {
    expect(numericText(toMilli('1.0005'))).toBe('1.001');
    expect(numericText(toMilli('-2.5e-1'))).toBe('-0.250');
    expect(() => toMilli('100000000000')).toThrow('numeric field overflow');
    expect(() => toMilli('12abc')).toThrow('invalid input syntax for type numeric');
    expect([significantScale('100.00'), significantScale('5.10'), significantScale('1e-4')]).toEqual([
      0, 1, 4,
    ]);
    const wire = toJsonText({ a: new Numeric(10000n), b: [new Numeric(670500n)], c: null });
    expect(wire).toBe('{"a":10.000,"b":[670.500],"c":null}');
    expect(JSON.parse(wire)).toEqual({ a: 10, b: [670.5], c: null });
  });

  it('answers as Deno Edge Functions behind Kong over PostgREST do', async () => {
    const provider = await startCleanroom42Provider({ postgrestStatus: true, figures: 'string' });
    try {
      const till = { authorization: basic('tasman.till42', 'tasman-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (query: string) =>
        `${provider.capillaryUrl}/v2/customers/lookup/negativePointsAdjustment?${query}`;
      // Deno's searchParams.get(): the first of a repeated name.
      const ana = 'identifierName=externalId&identifierName=email&identifierValue=TS-420001&source=INSTORE';
      const ok = await raw(npa(ana), 'POST', json, '{"pointsToBeAdjusted":"5.50","reasonOfReturn":"r"}');
      expect([ok.status, ok.body]).toEqual([
        200,
        '{"status":"success","pointsAvailable":"1245","message":"points deducted successfully for the user ","warnings":[]}',
      ]);
      expect(ok.headers).toMatchObject({ 'content-type': 'application/json', via: 'kong/2.8.1' });
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.body.slice(0, 70)];
      };
      expect([
        await answer(`${provider.url}/rest/v1/rpc/points_balance`, 'POST', json, '{}'),
        await answer(`${provider.url}/functions/v1/loyalty/v2/points`, 'GET', till),
        await answer(npa(ana), 'POST', json, ''),
        await answer(npa(ana), 'POST', json, '{"pointsToBeAdjusted":1,"programId":"x","reasonOfReturn":"r"}'),
        await answer(npa(ana), 'POST', json, '{"pointsToBeAdjusted":99999,"reasonOfReturn":"r"}'),
        await answer(
          npa(ana.replace('TS-420001', 'TS-9')),
          'POST',
          json,
          '{"pointsToBeAdjusted":1,"reasonOfReturn":"r"}',
        ),
      ]).toEqual([
        [404, '{"message":"no Route matched with those values"}'],
        [404, '{"code":"NOT_FOUND","message":"Requested function was not found"}'],
        [400, '{"errors":[{"status":false,"code":400,"message":"Request body must be '],
        [400, '{"errors":[{"status":false,"code":400,"message":"Invalid input: invali'],
        [422, '{"errors":[{"status":false,"code":8907,"message":"points to be deducte'],
        [404, '{"errors":[{"status":false,"code":8015,"message":"Customer not found f'],
      ]);
      // Two unlocks of one bill at once: one moves the points under the bill's lock, one meets 82323282.
      const unlock = `${provider.capillaryUrl}/v2/points/unlockPromisedPoints?identifierName=mobile&identifierValue=642100420002&source=INSTORE`;
      const bill = '{"eventName":"TransactionAdd","billNumber":"TB-4203","eventLogId":9420103}';
      const both = await Promise.all([raw(unlock, 'POST', json, bill), raw(unlock, 'POST', json, bill)]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(both.find((a) => a.status === 200)?.body).toBe(
        '{"pointsUnlocked":[{"billNumber":"TB-4203","pointsUnlocked":"31","programId":4201},{"pointsUnlocked":"6","programId":4201,"promotionId":42501,"promotionIdentifier":"TS-WINTER","promotionName":"Winter double"}],"warnings":[]}',
      );
      // The balance summed on doubles; fetchDataForAllPrograms read by boolin.
      const balance = await raw(
        `${provider.capillaryUrl}/v2/customers/lookup/points/balance?source=INSTORE&identifierName=id&identifierValue=420001&fetchDataForAllPrograms=no`,
        'GET',
        till,
      );
      expect(JSON.parse(balance.body)).toMatchObject({
        mainPoints: 1245,
        promisedPoints: 60.300000000000004,
      });
      // fabric: a uuid in any case and without hyphens; a non-uuid is 22P02, refused 400.
      const bearer = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const fabric = `${provider.fabricUrl}/v1/members/points-adjustment`;
      const profileId = `{${FABRIC_MEMBER.toUpperCase().replace(/-/g, '')}}`;
      const added = await raw(fabric, 'POST', bearer, JSON.stringify({ profileId, points: 100 }));
      expect(JSON.parse(added.body)).toMatchObject({ status: 200, data: { Message: '100.0 points added' } });
      expect(JSON.parse((await raw(fabric, 'POST', bearer, '{"profileId":"m-1","points":1}')).body)).toEqual({
        status: 400,
        message: 'Bad request',
        errors: { profileId: 'invalid input syntax for type uuid: "m-1"' },
        data: {},
      });
    } finally {
      await provider.close();
    }
  });
});
