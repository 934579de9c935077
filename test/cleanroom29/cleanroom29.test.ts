import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw, rawHeaderNames } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { asOracleNumber, atScale, bigDecimalText } from './decimal.ts';
import { type Cleanroom29Options, startCleanroom29Provider } from './provider.ts';

/**
 * The twenty-ninth clean-room provider, written from the four documents and DESIGN.md alone: a
 * Scala service on the Play Framework (play-json, Akka HTTP underneath, Slick on Oracle),
 * reproduced in TypeScript. Play's habits where the documents give no code: play-json validation
 * errors as 400 with a top-level map of JSON paths (`{"obj.pointsToBeAdjusted":[{"msg":
 * ["error.expected.jsnumberorjsstring"],"args":[]}]}`: a wrong type, a negative amount, a reason past
 * 50 characters, promotionId beside promotionIdentifier, every unlock field of the wrong type); the
 * default error handler's `{"error":{"requestId":…,"message":…}}` (its HTML page when the client
 * does not prefer JSON) for malformed JSON (400), unknown routes (404), a missing or unparsable
 * balance query parameter (the routes file's binders, 400), a body without a JSON Content-Type (415)
 * and failed credentials (401, from a Filter that runs before the body parser). Every case a page
 * or DESIGN.md gives a code answers in the Capillary envelope with that code: 404 for
 * 8015/82323277/3918, 422 for 8907/82323282/1218, 403 for 4000 (a till without the Points access
 * group, on the deduction), 400 for the rest (8013, 8003, 8882, 8888, 8887, 9975, 8906, 8874, 8877,
 * 82323284, 1645, 82323276, 82323271, 82323272). Akka HTTP: `Server: akka-http/10.2.10`, `Date`,
 * Title-Case header names, `application/json` without a charset, 413 in plain text past the 8 MB
 * `max-content-length`, answers past 2 KiB chunked. play-json writes BigDecimals as numbers with
 * their scale: a program's figures at its round decimals (`1510.50`, `400.000`, `900`, HALF_EVEN),
 * sums over all programs as Oracle's SUM() comes back through JDBC, without trailing zeros (`2.4E+3`),
 * Long ids as numbers, None as an absent field. Slick: NUMBER(18,3) columns, each write a
 * transaction with `SELECT … FOR UPDATE` on the customer (or member) row, so concurrent deductions
 * queue; identifiers compared exactly (the pages never say email ignores case).
 *
 * Data: org lausanne (negative balances off, programs 2901/2902/2903 of 2, 0 and 3 decimals, two
 * customers sharing a mobile, bills over two programs, a promotion line; dual eligibility with email
 * primary in the strict reading) and org lugano (on, programs of 0 and 3 decimals; its deductible
 * customer's 2000 + 400.000 reads `2.4E+3` over all programs); one fabric member.
 *
 * Both readings came out conformant on the first run: no false verdict, no fault of its own.
 * Warnings left, where the documents are silent: GEN-BODY-SCHEMA, GEN-ERROR-ENVELOPE and
 * GEN-UNDOCUMENTED-FIELDS (play-json's codeless error maps), GEN-ERROR-CODE-KNOWN (8013 on the unlock
 * and the balance), GEN-INVALID-REJECTED (Play's Boolean binder reads `fetchDataForAllPrograms=0`).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-NPA-POINTS-AVAILABLE': 'pass',
  'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
  'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass',
  'CAP-UPP-TILL-ID-SPELLING': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-UPP-RESPONSE-PROGRAM': 'pass',
  'CAP-BAL-TOTAL': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'CAP-BAL-ENTITY': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-ADJ-CONCURRENT': 'pass',
  'FAB-INQ-BALANCE': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom29Options>[] = [
  {
    name: 'defaults: dual eligibility off, any 4xx, no store or till declared',
    options: {},
    shows: { ...SHOWS, 'CAP-BAL-DUAL-MULTI': 'skip' },
  },
  {
    name: 'strict: dual eligibility with email primary, statuses pinned [400, 401, 403, 404, 413, 415, 422], store, till, reason code and point type declared',
    options: { dualPrimary: 'email' },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
    },
  },
];

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${createHash('md5').update(password).digest('hex')}`).toString('base64')}`;

describe('twenty-ninth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom29Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 120_000,
  });

  it('writes BigDecimals as java.math.BigDecimal.toString does', () => {
    expect(
      [
        atScale(1_510_500n, 2),
        atScale(900_000n, 0),
        atScale(400_000n, 3),
        atScale(2_125n, 2),
        atScale(2_135n, 2),
        asOracleNumber(2_400_000n),
        asOracleNumber(100_000n),
        asOracleNumber(2_437_625n),
        asOracleNumber(0n),
        asOracleNumber(-5_500n),
      ].map(bigDecimalText),
    ).toEqual(['1510.50', '900', '400.000', '2.12', '2.14', '2.4E+3', '1E+2', '2437.625', '0', '-5.5']);
  });

  it('answers as Play on Akka HTTP does: play-json errors, the error handler, Oracle numbers', async () => {
    const provider = await startCleanroom29Provider({ dualPrimary: 'email' });
    try {
      const till = {
        authorization: basic('lausanne.till01', 'lausanne-till-pass'),
        accept: 'application/json',
      };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=mobile&identifierValue=41790290001&source=INSTORE`;
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.body];
      };
      const ok = await raw(
        npa,
        'POST',
        json,
        '{"pointsToBeAdjusted":"10.00","programId":2901,"reasonOfReturn":"return"}',
      );
      expect([ok.status, ok.headers['content-type'], ok.headers.server, ok.body]).toEqual([
        200,
        'application/json',
        'akka-http/10.2.10',
        '{"status":"success","pointsAvailable":1510.50,"message":"points deducted successfully for the user ","warnings":[]}',
      ]);
      expect(await rawHeaderNames(npa, json, '{"pointsToBeAdjusted":1,"reasonOfReturn":"x"}')).toEqual(
        expect.arrayContaining(['Server', 'Content-Type', 'Content-Length', 'Date']),
      );
      // play-json: every field's error under its path; the documented cases in the envelope.
      expect(
        await answer(npa, 'POST', json, `{"pointsToBeAdjusted":true,"reasonOfReturn":"${'x'.repeat(51)}"}`),
      ).toEqual([
        400,
        '{"obj.pointsToBeAdjusted":[{"msg":["error.expected.jsnumberorjsstring"],"args":[]}],"obj.reasonOfReturn":[{"msg":["error.maxLength"],"args":[50]}]}',
      ]);
      expect(await answer(npa, 'POST', json, '{"pointsToBeAdjusted":-5,"reasonOfReturn":"x"}')).toEqual([
        400,
        '{"obj.pointsToBeAdjusted":[{"msg":["error.min"],"args":[0]}]}',
      ]);
      expect(await answer(npa, 'POST', json, '{"pointsToBeAdjusted":1}')).toEqual([
        400,
        '{"errors":[{"status":false,"code":8882,"message":"reason of return is missing"}],"warnings":[]}',
      ]);
      expect((await raw(npa, 'POST', json, '{"pointsToBeAdjusted":99999,"reasonOfReturn":"x"}')).status).toBe(
        422,
      );
      // The error handler: JSON for a client that prefers it, its HTML page otherwise.
      expect(await answer(npa, 'POST', json, '{"pointsToBeAdjusted":')).toEqual([
        400,
        expect.stringMatching(
          /^\{"error":\{"requestId":\d+,"message":"Invalid Json: Unexpected end-of-input"\}\}$/,
        ),
      ]);
      const html = await raw(npa, 'POST', { ...json, accept: '*/*' }, '{');
      expect([html.status, html.headers['content-type']]).toEqual([400, 'text/html; charset=utf-8']);
      expect(await answer(npa, 'POST', { ...till, 'content-type': 'text/plain' }, '{}')).toEqual([
        415,
        expect.stringContaining('"message":"Expecting text/json or application/json body"'),
      ]);
      expect(await answer(`${provider.url}/v2/nowhere`, 'GET', till)).toEqual([
        404,
        expect.stringMatching(/^\{"error":\{"requestId":\d+,"message":"Not found"\}\}$/),
      ]);
      expect((await raw(npa, 'POST', { 'content-type': 'application/json' }, '{}')).status).toBe(401);
      const kiosk = { authorization: basic('lausanne.kiosk', 'lausanne-kiosk-pass') };
      expect(await answer(npa, 'POST', { ...kiosk, 'content-type': 'application/json' }, '{}')).toEqual([
        403,
        '{"errors":[{"status":false,"code":4000,"message":"Access denied: the Points access group is required"}],"warnings":[]}',
      ]);
      const huge = await raw(npa, 'POST', json, `{"reasonOfReturn":"${'x'.repeat(8 * 1024 * 1024)}"}`);
      expect([huge.status, huge.headers['content-type']]).toEqual([413, 'text/plain; charset=UTF-8']);
      // OAuth: the None `errors` left out; lugano's sum over programs as Oracle returns it.
      const token = await raw(
        `${provider.url}/v3/oauth/token/generate`,
        'POST',
        { 'content-type': 'application/json' },
        '{"key":"cr29-lugano-app","secret":"lugano-app-secret"}',
      );
      expect(Object.keys(JSON.parse(token.body))).toEqual(['data']);
      const oauth = {
        'x-cap-api-oauth-token': JSON.parse(token.body).data.accessToken,
        accept: 'application/json',
      };
      const balance = `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE`;
      expect(
        await answer(
          `${balance}&identifierName=mobile&identifierValue=41910295001&fetchDataForAllPrograms=true`,
          'GET',
          oauth,
        ),
      ).toEqual([
        200,
        '{"entityId":295001,"entityType":"CUSTOMER","totalPoints":2437.625,"mainPoints":2.4E+3,"promisedPoints":37.625,"promisedPointsBreakup":{"delayedAccrualPoints":34.625,"externalTriggerBasedPoints":3},"warnings":[]}',
      ]);
      expect(
        await answer(
          `${balance}&identifierName=mobile&identifierValue=41910295001&programId=2952`,
          'GET',
          oauth,
        ),
      ).toEqual([
        200,
        '{"entityId":295001,"entityType":"CUSTOMER","totalPoints":409.625,"mainPoints":400.000,"promisedPoints":9.625,"promisedPointsBreakup":{"delayedAccrualPoints":9.625,"externalTriggerBasedPoints":0.000},"warnings":[]}',
      ]);
      expect(
        await answer(
          `${balance}&identifierName=mobile&identifierValue=41910295001&programId=x`,
          'GET',
          oauth,
        ),
      ).toEqual([
        400,
        expect.stringContaining(
          '"message":"Cannot parse parameter programId as Long: For input string: \\"x\\""',
        ),
      ]);
      // Dual eligibility in lausanne: email decides; the shared mobile alone is 8015 (404).
      expect(
        (await raw(`${balance}&identifierName=mobile&identifierValue=41790290099`, 'GET', till)).status,
      ).toBe(404);
      const both = await raw(
        `${balance}&identifierName=mobile,email&identifierValue=41790290099,nina@lausanne.test&fetchDataForAllPrograms=true`,
        'GET',
        till,
      );
      expect(JSON.parse(both.body)).toMatchObject({ entityId: 290005, mainPoints: 45.5 });
      expect(
        (await raw(`${balance}&identifierName=email&identifierValue=NINA@lausanne.test`, 'GET', till)).status,
      ).toBe(404);
      // A bill over two programs unlocks whole, once, each line at its program's scale.
      const unlockUrl = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=LS-JONAS&source=INSTORE`;
      const unlockBody = '{"eventName":"TransactionAdd","billNumber":"LS-B-0003","eventLogId":[9290003]}';
      expect(await answer(unlockUrl, 'POST', json, unlockBody)).toEqual([
        200,
        '{"pointsUnlocked":[{"billNumber":"LS-B-0003","pointsUnlocked":8.00,"programId":2901},{"billNumber":"LS-B-0003","pointsUnlocked":1.250,"programId":2903},{"pointsUnlocked":1.50,"programId":2901,"promotionIdentifier":"LS-FETE","promotionId":29501,"promotionName":"Fête des Vignerons"}],"warnings":[]}',
      ]);
      expect((await raw(unlockUrl, 'POST', json, unlockBody)).status).toBe(422);
      expect(
        await answer(
          unlockUrl,
          'POST',
          json,
          '{"eventName":"TransactionAdd","billNumber":1,"lineItemIds":[1,"x"],"billDate":"2022-02-30"}',
        ),
      ).toEqual([
        400,
        '{"obj.lineItemIds[1]":[{"msg":["error.expected.jsnumber"],"args":[]}],"obj.billDate":[{"msg":["error.expected.date.isoformat"],"args":["yyyy-MM-dd"]}]}',
      ]);
      // SELECT … FOR UPDATE: parallel deductions queue, every one applied, none lost.
      const jonas = npa.replace('41790290001', '41790290002');
      const parallel = await Promise.all(
        Array.from({ length: 12 }, () =>
          raw(jonas, 'POST', json, '{"pointsToBeAdjusted":1.5,"reasonOfReturn":"parallel"}'),
        ),
      );
      expect(parallel.map((a) => a.status)).toEqual(Array(12).fill(200));
      const jonasBalance = await raw(
        `${balance}&identifierName=email&identifierValue=jonas@lausanne.test&programId=2901`,
        'GET',
        till,
      );
      expect(JSON.parse(jonasBalance.body).mainPoints).toBe(300 + 8 + 1.5 - 18);
      // fabric: play-json errors in its envelope, the message's amount as a Double.
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
      expect(JSON.parse(String((await adjust({ points: -2.5 }))[1])).data.Message).toBe(
        '2.5 points deducted',
      );
      expect(await adjust({ points: 'x', pointType: '' })).toEqual([
        400,
        '{"message":"Invalid request","errors":{"obj.points":[{"msg":["error.expected.numberformatexception"],"args":[]}],"obj.pointType":[{"msg":["error.minLength"],"args":[1]}]},"status":400}',
      ]);
    } finally {
      await provider.close();
    }
  });
});
