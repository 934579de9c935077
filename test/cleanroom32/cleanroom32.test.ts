import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue as basic } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { Kong } from './kong.ts';
import { type Cleanroom32Options, type Cleanroom32Provider, startCleanroom32Provider } from './provider.ts';
import { aesonNumber, numericText, parseDecimal, placesOf, toMilli } from './scientific.ts';

/**
 * The thirty-second clean-room provider, written from the four documents and DESIGN.md alone: a
 * Haskell Servant service (aeson, postgresql-simple on PostgreSQL 16 NUMERIC(14,3) columns) behind
 * a Kong 3.6 gateway, reproduced in TypeScript. Kong: the rate-limiting plugin on each route (fixed
 * one-second windows per client IP; 429 `{"message":"API rate limit exceeded"}` with RateLimit-*,
 * X-RateLimit-*-Second and Retry-After), `Via: kong/3.6.1` and the latency headers, its own JSON 404
 * where no route matches; no key-auth or ACL plugin (a profile cannot send an apikey: the documents
 * name only Basic, the OAuth header and Bearer, which the service checks itself). Servant: a body
 * that does not decode is 400 with aeson's message in text/plain, a non-JSON content type 415 and
 * an undeclared method 405 with empty bodies, a billDate that is not YYYY-MM-DD a decode failure, a query parameter that does not parse (programId,
 * fetchDataForAllPrograms) 400 in text; the documented cases in the Capillary envelope (8015,
 * 82323277, 3918 → 404; other codes 400; 401; 403 with 4000). aeson: records' keys in declaration
 * order, `Maybe` fields omitted (omitNothingFields: a promotion's unlock line has no billNumber);
 * pointsAvailable the NUMERIC's text ("670.000", as the page's example); the balance, the unlock's
 * pointsUnlocked and fabric's inquiry as aeson writes a NUMERIC(14,3) Scientific ("3120.0",
 * "12.675", "5.0e-3", "0.0"). PostgreSQL: `SELECT … FOR UPDATE` per customer row (deductions and
 * unlocks queue); email a citext column (case-insensitive: the documents do not define an email's
 * case), other identifiers text.
 *
 * Both readings came out conformant on the first run: no false verdict, no fault of its own.
 * Warnings left, where the documents are silent: GEN-CONTENT-TYPE, GEN-BODY-SCHEMA and
 * GEN-ERROR-ENVELOPE (servant's plain-text 400s and empty 415s), GEN-ERROR-CODE-KNOWN (8013, 8003
 * where their page lists neither). billDate is read as aeson's `Day` and eventLogId as digits, so
 * a word in either is a decode failure (first, billDate read as any text, it warned
 * GEN-INVALID-REJECTED: the unknown bill's 82323277 came first).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-ERROR-CODE-KNOWN': 'warn',
  'GEN-INVALID-REJECTED': 'pass',
  'CAP-NPA-RESPONSE-FIELDS': 'pass',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-NPA-POINTS-AVAILABLE': 'pass',
  'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass',
  'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
  'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-AUTH-TOKEN-GENERATE': 'pass',
  'CAP-AUTH-HTTP-STATUS': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass',
  'CAP-UPP-TILL-ID-SPELLING': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-UPP-RESPONSE-NUMERIC': 'pass',
  'CAP-BAL-TOTAL': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'CAP-BAL-ENTITY': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-ADJ-PENDING': 'pass',
  'FAB-ADJ-ENVELOPE': 'pass',
  'FAB-ADJ-CONCURRENT': 'pass',
  'FAB-INQ-BALANCE': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom32Options, Cleanroom32Provider>[] = [
  {
    name: 'defaults: Kong at 400 calls/s per route, the run at 200/s, dual eligibility off, any 4xx',
    options: {},
    shows: { ...SHOWS, 'CAP-BAL-DUAL-MULTI': 'skip' },
  },
  {
    name: 'strict: Kong at 75 calls/s per route under a run at 200/s (429s waited out), externalId primary, statuses pinned [400, 401, 403, 404], stores and tills, reason code and point type declared',
    options: { dualPrimary: 'externalId', callsPerSecond: 75 },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
      'CAP-BAL-DUAL-ORDER': 'pass',
    },
    // The plugin bit (9–12 429s a run measured; 40 under 50/s until 2026-12-05 gave 1–4 in 25 s).
    gateway: { refused: (provider) => provider.kong.throttled, limit: '75 calls a second per route' },
  },
];

describe('thirty-second clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom32Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('reads decimals as Data.Scientific does and writes NUMERIC(14,3) as postgresql-simple and aeson do', () => {
    const read = (text: string) => {
      const d = parseDecimal(text);
      return d && [placesOf(d), toMilli(d)];
    };
    expect(['100.00', '1.0001', '1.2675e1', '1e-3', '0', 'x', '1e12'].map(read)).toEqual([
      [0, 100_000n],
      [4, undefined],
      [3, 12_675n],
      [3, 1n],
      [0, 0n],
      undefined,
      [0, undefined],
    ]);
    expect([670_000n, -500n, 0n].map(numericText)).toEqual(['670.000', '-0.500', '0.000']);
    expect([670_000n, 12_675n, 10n, 5n, 500n, 0n, -2_500n, 12_345_678_500n].map(aesonNumber)).toEqual([
      '670.0',
      '12.675',
      '1.0e-2',
      '5.0e-3',
      '0.5',
      '0.0',
      '-2.5',
      '1.23456785e7',
    ]);
  });

  it("answers Kong's 429 once a route's calls this second are spent, and forwards again the next second", () => {
    let now = 7_000;
    const kong = new Kong(2, () => now);
    const deduct = '/v2/customers/lookup/negativePointsAdjustment';
    expect([
      kong.admit(deduct),
      kong.admit(deduct),
      kong.admit('/v2/customers/lookup/points/balance'),
    ]).toEqual([
      { headers: expect.objectContaining({ 'RateLimit-Remaining': '1' }) },
      { headers: expect.objectContaining({ 'RateLimit-Remaining': '0' }) },
      { headers: expect.objectContaining({ 'RateLimit-Remaining': '1' }) },
    ]);
    const refused = kong.admit(deduct);
    expect(
      'answer' in refused && [
        refused.answer.status,
        refused.answer.headers['Retry-After'],
        JSON.parse(refused.answer.body),
      ],
    ).toEqual([429, '1', { message: 'API rate limit exceeded' }]);
    now = 8_000;
    expect(['headers' in kong.admit(deduct), kong.throttled]).toEqual([true, 1]);
  });

  it('answers as Servant behind Kong does: aeson numbers, plain-text decode errors, empty 415/405, the envelope', async () => {
    const provider = await startCleanroom32Provider({ dualPrimary: 'externalId' });
    try {
      const till = { authorization: basic('kestrel.till03', 'kestrel-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (id: string) =>
        `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=externalId&identifierValue=${id}&source=INSTORE`;
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.headers['content-type'], a.body];
      };
      const ok = await raw(
        npa('KS-NADIA'),
        'POST',
        json,
        '{"pointsToBeAdjusted":"0.5","reasonOfReturn":"r"}',
      );
      expect([ok.status, ok.body]).toEqual([
        200,
        '{"status":"success","pointsAvailable":"3120.000","message":"points deducted successfully for the user ","warnings":[]}',
      ]);
      expect(ok.headers).toMatchObject({
        'content-type': 'application/json;charset=utf-8',
        server: 'Warp/3.3.31',
        via: 'kong/3.6.1',
        'ratelimit-limit': '400',
        'x-kong-proxy-latency': '0',
      });
      expect(ok.headers['x-kong-upstream-latency']).toMatch(/^\d+$/);
      expect(
        await answer(npa('KS-NADIA'), 'POST', json, '{"pointsToBeAdjusted":1.0001,"reasonOfReturn":"r"}'),
      ).toEqual([
        400,
        'application/json;charset=utf-8',
        '{"errors":[{"status":false,"code":8906,"message":"decimal places passed: 4 is greater than the configured round decimals: 3 for programId: 5201"}],"warnings":[]}',
      ]);
      expect(await answer(npa('KS-NADIA'), 'POST', json, '{"pointsToBeAdjusted":1,"programId":"x"}')).toEqual(
        [
          400,
          'text/plain;charset=utf-8',
          'Error in $.programId: parsing Int failed, expected Number, but encountered String',
        ],
      );
      expect(await answer(npa('KS-NADIA'), 'POST', { ...till, 'content-type': 'text/plain' }, '{}')).toEqual([
        415,
        undefined,
        '',
      ]);
      expect(await answer(npa('KS-NADIA'), 'GET', till)).toEqual([405, undefined, '']);
      const lost = await raw(`${provider.url}/v2/nowhere`, 'GET', till);
      expect([lost.status, lost.headers.server, JSON.parse(lost.body)]).toEqual([
        404,
        'kong/3.6.1',
        { message: 'no Route matched with those values' },
      ]);
      expect((await raw(npa('KS-NADIA'), 'POST', { 'content-type': 'application/json' }, '{}')).status).toBe(
        401,
      );
      const kiosk = {
        authorization: basic('kestrel.kiosk', 'kestrel-kiosk-pass'),
        'content-type': 'application/json',
      };
      expect((await answer(npa('KS-NADIA'), 'POST', kiosk, '{}')).slice(0, 1)).toEqual([403]);
      expect((await answer(npa('KS-NADIA'), 'POST', kiosk, '{}'))[2]).toContain('"code":4000');
      // Balance: externalId primary, email read through citext, numbers as aeson writes NUMERIC.
      const balance = `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE`;
      expect(
        (
          await answer(
            `${balance}&identifierName=email,externalId&identifierValue=NADIA@kestrel.example,KS-NADIA`,
            'GET',
            till,
          )
        )[2],
      ).toBe(
        '{"entityId":520001,"entityType":"CUSTOMER","totalPoints":3143.905,"mainPoints":3120.0,"promisedPoints":23.905,"promisedPointsBreakup":{"delayedAccrualPoints":21.755,"externalTriggerBasedPoints":2.15},"warnings":[]}',
      );
      expect(
        (await raw(`${balance}&identifierName=mobile&identifierValue=447700900101`, 'GET', till)).status,
      ).toBe(404);
      expect(
        (
          await answer(
            `${balance}&identifierName=externalId&identifierValue=KS-NADIA&fetchDataForAllPrograms=yes`,
            'GET',
            till,
          )
        )[1],
      ).toBe('text/plain;charset=utf-8');
      // A bill over two programs, once; 0.005 points written as aeson does.
      const unlock = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=KS-NADIA&source=INSTORE`;
      const bill = '{"eventName":"TransactionAdd","billNumber":"KB-3002","eventLogId":9520102}';
      expect((await answer(unlock, 'POST', json, bill))[2]).toBe(
        '{"pointsUnlocked":[{"billNumber":"KB-3002","pointsUnlocked":30.0,"programId":5202},{"billNumber":"KB-3002","itemCode":"TEAPOT","pointsUnlocked":5.0e-3,"programId":5201}],"warnings":[]}',
      );
      expect((await answer(unlock, 'POST', json, bill))[2]).toContain('"code":82323282');
      // FOR UPDATE: parallel deductions queue, none lost (priya: 25.25).
      const parallel = await Promise.all(
        Array.from({ length: 10 }, () =>
          raw(npa('KS-PRIYA'), 'POST', json, '{"pointsToBeAdjusted":2.5,"reasonOfReturn":"p"}'),
        ),
      );
      expect(parallel.map((a) => a.status)).toEqual(Array(10).fill(200));
      const priya = await raw(`${balance}&identifierName=externalId&identifierValue=KS-PRIYA`, 'GET', till);
      expect(JSON.parse(priya.body).mainPoints).toBe(0.25);
      expect(
        (await answer(npa('KS-PRIYA'), 'POST', json, '{"pointsToBeAdjusted":1,"reasonOfReturn":"p"}'))[2],
      ).toContain('"code":8907');
      // fabric: the envelope, min length 1, the inquiry's aeson numbers.
      const fabric = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        answer(
          `${provider.url}/api/v1/members/points-adjustment`,
          'POST',
          fabric,
          JSON.stringify({ profileId: FABRIC_MEMBER, ...body }),
        );
      const [status, , body] = await adjust({ points: 12.675, pointType: 'Base' });
      expect([status, JSON.parse(String(body)).data.Message]).toEqual([200, '12.675 points added']);
      expect((await adjust({ points: 1, billingEntity: '' }))[0]).toBe(400);
      expect(
        (await answer(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', fabric))[2],
      ).toBe(
        `{"data":[{"profileId":"${FABRIC_MEMBER}","pointsBalance":{"memberPointsAvailable":5132.675,"memberPointsPending":0.0}}]}`,
      );
    } finally {
      await provider.close();
    }
  });
});
