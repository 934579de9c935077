import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { Gateway } from './apim.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { decimalText, placesOf, pyFloat } from './decimal.ts';
import { type Cleanroom31Options, type Cleanroom31Provider, startCleanroom31Provider } from './provider.ts';
import { jsonify, PyFloat } from './pyjson.ts';

/**
 * The thirty-first clean-room provider, written from the four documents and DESIGN.md alone: a
 * Flask app (marshmallow schemas parsed by webargs, SQLAlchemy on MySQL 8) on Azure App Service
 * behind Azure API Management, reproduced in TypeScript. APIM: a rate-limit policy (fixed
 * one-second windows, 429 `{"statusCode":429,"message":"Rate limit is exceeded. Try again in 1
 * seconds."}` with Retry-After: 1), `x-ms-request-id` on every answer, `ocp-apim-trace-location`
 * when a trace is asked for, its own 500 with an activityId when the backend throws (never in a
 * correct reading); no subscription key required (a profile cannot send one: the documents name
 * only Basic and the OAuth header). Flask: jsonify's sorted keys and trailing newline, floats by
 * Python's repr on the balance and the fabric inquiry, `Server: Werkzeug/3.0.1 Python/3.12.1`
 * passed through, Werkzeug's HTML 404/405 pages. webargs: 422 `{"errors":{"json":{…}}}` where no
 * code is documented (a wrong type, a missing amount, a negative one, a reason past 50 characters,
 * promotionId beside promotionIdentifier, fabric's empty strings), 400 for a body that is not JSON,
 * unknown fields excluded. The documented codes in the Capillary envelope (404 not found, 422 the
 * ledger refuses, 400 else; 401, 403 with 4000). MySQL: DECIMAL(12,3) (pointsAvailable and
 * pointsUnlocked as `str(Decimal)`, three places), `SELECT … FOR UPDATE` per customer row, email
 * compared case-insensitively (utf8mb4_0900_ai_ci; the documents do not define an email's case),
 * other identifiers binary.
 *
 * Both readings came out conformant on the first run: no false verdict, no fault of its own.
 * Warnings left, where the documents are silent: GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE (webargs'
 * codeless 422), GEN-ERROR-CODE-KNOWN (8013, 8003 where their page lists neither),
 * GEN-INVALID-REJECTED (marshmallow reads "0" as a Float and 0 as a Boolean).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
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
const READINGS: Reading<Cleanroom31Options, Cleanroom31Provider>[] = [
  {
    name: 'defaults: APIM at 400 calls/s per operation, the run at 200/s, dual eligibility off, any 4xx',
    options: {},
    shows: { ...SHOWS, 'CAP-BAL-DUAL-MULTI': 'skip' },
  },
  {
    name: 'strict: APIM at 75 calls/s per operation under a run at 200/s (429s waited out), email primary, statuses pinned [400, 401, 403, 404, 422], stores, tills, reason code and point type declared',
    options: { dualPrimary: 'email', callsPerSecond: 75 },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
      'CAP-BAL-DUAL-ORDER': 'pass',
    },
    // The policy bit (9–12 429s a run measured; 40 under 80/s until 2026-12-05 gave 25 in twice the time).
    gateway: { refused: (provider) => provider.throttled(), limit: '75 calls a second per operation' },
  },
];

const basic = capillaryBasicValue;

describe('thirty-first clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom31Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('writes floats as Python does, decimals as MySQL does, keys as jsonify does', () => {
    expect([1.1, 100, 0, 1e-5, 2455.5, 1e16, 0.0001].map(pyFloat)).toEqual([
      '1.1',
      '100.0',
      '0.0',
      '1e-05',
      '2455.5',
      '1e+16',
      '0.0001',
    ]);
    expect([670000, 1518500, -500, 0].map(decimalText)).toEqual(['670.000', '1518.500', '-0.500', '0.000']);
    expect(['100.00', '1.001', '1.2525E+1', '0', '1e-3'].map(placesOf)).toEqual([0, 3, 3, 0, 3]);
    expect(jsonify({ b: new PyFloat(2), a: 'é', c: [{ z: 1, y: null }] })).toBe(
      '{"a":"\\u00e9","b":2.0,"c":[{"y":null,"z":1}]}\n',
    );
  });

  it("answers 429 with Retry-After once an operation's calls this second are spent, and forwards again the next second", () => {
    let now = 5_000;
    const gateway = new Gateway(2, () => now);
    const deduct = 'POST /v2/customers/lookup/negativePointsAdjustment';
    expect([gateway.throttle(deduct), gateway.throttle(deduct), gateway.throttle('GET /balance')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const refused = gateway.throttle(deduct);
    expect([refused?.status, refused?.headers['Retry-After'], refused?.body]).toEqual([
      429,
      '1',
      '{"statusCode":429,"message":"Rate limit is exceeded. Try again in 1 seconds."}',
    ]);
    now = 6_000;
    expect([gateway.throttle(deduct), gateway.throttled]).toEqual([undefined, 1]);
  });

  it("answers APIM's own 500 with an activityId when the backend throws (a timeout; no correct reading meets it)", async () => {
    const failed = await new Gateway(1).forward(() => Promise.reject(new Error('backend timed out')));
    expect([failed.status, Object.keys(JSON.parse(failed.body))]).toEqual([
      500,
      ['statusCode', 'message', 'activityId'],
    ]);
  });

  it('answers as Flask behind APIM does: jsonify, webargs, Werkzeug pages, the envelope', async () => {
    const provider = await startCleanroom31Provider({ dualPrimary: 'email' });
    try {
      const till = { authorization: basic('heron.pos07', 'heron-pos-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (id: string) =>
        `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=externalId&identifierValue=${id}&source=INSTORE`;
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.body];
      };
      const ok = await raw(
        npa('HR-AOIFE'),
        'POST',
        { ...json, 'ocp-apim-trace': 'true' },
        '{"pointsToBeAdjusted":"0.125","reasonOfReturn":"r"}',
      );
      expect([ok.status, ok.body]).toEqual([
        200,
        '{"message":"points deducted successfully for the user ","pointsAvailable":"2750.000","status":"success","warnings":[]}\n',
      ]);
      expect(ok.headers).toMatchObject({
        'content-type': 'application/json',
        server: 'Werkzeug/3.0.1 Python/3.12.1',
      });
      expect(ok.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(String(ok.headers['ocp-apim-trace-location'])).toContain(String(ok.headers['x-ms-request-id']));
      expect(
        await answer(npa('HR-AOIFE'), 'POST', json, '{"pointsToBeAdjusted":1.0001,"reasonOfReturn":"r"}'),
      ).toEqual([
        400,
        '{"errors":[{"code":8906,"message":"decimal places passed: 4 is greater than the configured round decimals: 3 for programId: 4101","status":false}],"warnings":[]}\n',
      ]);
      expect(
        (await answer(npa('HR-CIARA'), 'POST', json, '{"pointsToBeAdjusted":99999,"reasonOfReturn":"r"}'))[0],
      ).toBe(422);
      expect(
        await answer(npa('HR-AOIFE'), 'POST', json, '{"pointsToBeAdjusted":true,"programId":"x"}'),
      ).toEqual([
        422,
        '{"errors":{"json":{"pointsToBeAdjusted":["Not a valid number."],"programId":["Not a valid integer."]}}}\n',
      ]);
      expect(await answer(npa('HR-AOIFE'), 'POST', json, '{"pointsToBeAdjusted":')).toEqual([
        400,
        '{"errors":{"json":["Invalid JSON body."]}}\n',
      ]);
      const lost = await raw(`${provider.url}/v2/nowhere`, 'GET', till);
      expect([lost.status, lost.headers['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
      const wrong = await raw(npa('HR-AOIFE'), 'GET', till);
      expect([wrong.status, wrong.headers.allow]).toEqual([405, 'POST, OPTIONS']);
      expect((await raw(npa('HR-AOIFE'), 'POST', { 'content-type': 'application/json' }, '{}')).status).toBe(
        401,
      );
      const lobby = {
        authorization: basic('heron.lobby', 'heron-lobby-pass'),
        'content-type': 'application/json',
      };
      expect((await answer(npa('HR-AOIFE'), 'POST', lobby, '{}'))[1]).toContain('"code":4000');
      // Balance: floats by repr; email primary, compared case-insensitively; a lone mobile is 8015.
      const balance = `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE`;
      expect(
        await answer(
          `${balance}&identifierName=mobile,email&identifierValue=353861410001,aoife@heron.TEST`,
          'GET',
          till,
        ),
      ).toEqual([
        200,
        '{"entityId":410001,"entityType":"CUSTOMER","mainPoints":2750.0,"promisedPoints":65.0,"promisedPointsBreakup":{"delayedAccrualPoints":60.75,"externalTriggerBasedPoints":4.25},"totalPoints":2815.0,"warnings":[]}\n',
      ]);
      expect(
        (await raw(`${balance}&identifierName=mobile&identifierValue=353861410001`, 'GET', till)).status,
      ).toBe(404);
      // A bill over two programs, once; DECIMAL text in the lines.
      const unlock = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=HR-AOIFE&source=INSTORE`;
      const bill = '{"eventName":"TransactionAdd","billNumber":"HB-5002","eventLogId":8410102}';
      expect(await answer(unlock, 'POST', json, bill)).toEqual([
        200,
        '{"pointsUnlocked":[{"billNumber":"HB-5002","pointsUnlocked":"40.000","programId":4102},{"billNumber":"HB-5002","itemCode":"TEAPOT","pointsUnlocked":"19.000","programId":4101}],"warnings":[]}\n',
      ]);
      expect((await answer(unlock, 'POST', json, bill))[1]).toContain('"code":82323282');
      // FOR UPDATE: parallel deductions queue, none lost.
      const parallel = await Promise.all(
        Array.from({ length: 12 }, () =>
          raw(npa('HR-CIARA'), 'POST', json, '{"pointsToBeAdjusted":1.5,"reasonOfReturn":"p"}'),
        ),
      );
      expect(parallel.map((a) => a.status)).toEqual(Array(12).fill(200));
      const ciara = await raw(
        `${balance}&identifierName=email&identifierValue=ciara@heron.test`,
        'GET',
        till,
      );
      expect(JSON.parse(ciara.body).mainPoints).toBe(18);
      // fabric: the envelope, marshmallow's Length on empty strings, the inquiry's floats.
      const fabric = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        answer(
          `${provider.url}/api/v1/members/points-adjustment`,
          'POST',
          fabric,
          JSON.stringify({ profileId: FABRIC_MEMBER, ...body }),
        );
      const [status, body] = await adjust({ points: 100, pointType: 'Base' });
      expect([status, JSON.parse(String(body)).data.Message]).toEqual([200, '100.0 points added']);
      expect(await adjust({ points: 1, billingEntity: '' })).toEqual([
        422,
        '{"errors":{"json":{"billingEntity":["Shorter than minimum length 1."]}}}\n',
      ]);
      expect(
        await answer(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', fabric),
      ).toEqual([
        200,
        `{"data":[{"pointsBalance":{"memberPointsAvailable":7300.0,"memberPointsPending":0.0},"profileId":"${FABRIC_MEMBER}"}]}\n`,
      ]);
    } finally {
      await provider.close();
    }
  });
});
