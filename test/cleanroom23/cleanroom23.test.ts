import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { parseDecimal, railsDecimal } from './decimal.ts';
import { type Cleanroom23Options, startCleanroom23Provider } from './provider.ts';
import { encodeJson } from './rails.ts';

/**
 * The twenty-third clean-room provider, written from the four documents and DESIGN.md alone: a
 * Ruby on Rails API-mode application (ActiveRecord on PostgreSQL), reproduced in TypeScript.
 * Rails routing: a `.json` format suffix and a trailing slash accepted, `params` merged from the
 * JSON body and the query string (the query wins, as ActionDispatch merges them), strong
 * parameters dropping unknown keys silently. Answers as `render json:` writes them: decimal
 * columns as BigDecimal strings (`"2380.5"`, `"15.0"`: one `.0` for whole values) where the
 * documents allow a string (pointsAvailable, balance figures, pointsUnlocked, the member
 * inquiry's figures), integers where they type one (entityId, programId, fabric `status`), `nil`
 * as `null` (an unlock line's itemCode and promotion fields when it has none: `as_json` leaves
 * nothing out), keys in the serializer's order, `<>&` escaped as `\u003c`…, timestamps ISO 8601
 * with milliseconds and `Z`, Rails' default headers (X-Request-Id, X-Runtime, ETag, nosniff…).
 * Errors: validation failures the pages give no code for (a missing amount or query parameter, a
 * negative amount, a reason over 50 characters, promotionId with promotionIdentifier, a value of
 * the wrong form, an unknown store or till) are the model's 422 `{"errors":{"field":["can't be
 * blank"]}}`; documented codes keep the Capillary envelope (404 not found, 403 for 4000, 422 for
 * 8907, 82323282 and 1218, 400 the rest); a body that is not JSON is ActionDispatch's 400
 * `{"status":400,"error":"Bad Request"}`, an unknown route or a record not found 404
 * `{"status":404,"error":"Not Found"}`; a refused credential 401 `{"error":"HTTP Basic: Access
 * denied."}` from `rescue_from` (or, in the strictest reading, Rails' own text challenge with
 * `WWW-Authenticate: Basic realm="Application"`, and the query parameters and fabric's `points`
 * read with `params.require`: a missing one is ActionController::ParameterMissing's 400). Writes to a customer take its row lock; unlocks
 * insert a row per promised entry under a unique index, so a concurrent second unlock of a bill
 * fails the insert and is answered 82323282.
 *
 * Data: org tejo (negative balances off, dual eligibility with email primary, matched
 * case-insensitively; programs of 2, 0 and 3 round decimals; two customers sharing a mobile; a
 * bill with three item lines, a bill-level line and a promotion line; a store with two tills) and
 * org douro (on, no dual eligibility, programs of 1 and 2; two customers sharing an email); Basic
 * and OAuth in each, tills and apps without the Points access group; a fabric tenant with reason
 * codes of its own (7502 among them) and pending points that never mature within a run.
 *
 * It found no false verdict of the suite. It found one fault of its own: strong parameters alone
 * dropped a listed key sent in a form its attribute cannot take (`"programId": [2301]`, an object
 * for `pointsAwardedId` or fabric's `billingEntity`) and a word for `setToPending` was cast to
 * true, so the request was carried out as one the client did not send (the default program
 * charged, points left pending): GEN-INVALID-REJECTED rightly failed 22 generated cases (the
 * documents type those fields); such a value is now the model's 422 `is invalid`.
 *
 * Warnings left, where the documents are silent:
 * - GEN-ERROR-ENVELOPE, GEN-BODY-SCHEMA, GEN-UNDOCUMENTED-FIELDS: the model's 422 `{"errors":{…}}`,
 *   Rails' `{"status","error"}` 400/404 and the 401 `{"error"}` (text/html in the strictest
 *   reading: GEN-CONTENT-TYPE), the unlock lines' nulls, fabric's `data.createdAt`;
 * - CAP-UPP-TILL-ID-SPELLING: without a declared store and till, the example's 1122/323 refused;
 * - FAB-INQ-BALANCE: the inquiry's figures as numeric strings;
 * - GEN-INVALID-REJECTED: lenient reads (`fetchDataForAllPrograms` cast as Rails casts booleans,
 *   a number read as text) and refusals of probes on an unknown bill with 82323277;
 * - GEN-ERROR-CODE-KNOWN: 8013 and 8003 on the unlock.
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'CAP-NPA-AMOUNT-POSITIVE': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-BAL-DUAL-MULTI': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'FAB-ADJ-ADD': 'pass',
};

/** Two readings, side by side: about 1,090–1,160 exchanges each. */
const READINGS: Reading<Cleanroom23Options>[] = [
  {
    name: 'rescue_from JSON 401s, no member inquiry (probed)',
    options: { memberInquiry: false },
    shows: {
      ...SHOWS,
      'GEN-CONTENT-TYPE': 'pass',
      'CAP-UPP-TILL-ID-SPELLING': 'warn',
      'FAB-INQ-BALANCE': 'skip',
    },
  },
  {
    name: "strictest: Rails' text 401 challenge, params.require, statuses pinned [400, 403, 404, 422], inquiry, store, till, reason code and point type declared",
    options: { authFailure: 'text', requireParams: true },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'GEN-CONTENT-TYPE': 'warn',
      'CAP-UPP-TILL-ID-SPELLING': 'pass',
      'FAB-INQ-BALANCE': 'warn',
    },
  },
];

describe('twenty-third clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom23Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 120_000,
  });

  it('reads and writes decimals as BigDecimal and JSON as ActiveSupport does', () => {
    expect([
      parseDecimal('100.00'),
      parseDecimal(' 1.5e2 '),
      parseDecimal('abc'),
      parseDecimal(true),
    ]).toEqual([
      { micros: 100_000_000n, places: 0 },
      { micros: 150_000_000n, places: 0 },
      undefined,
      undefined,
    ]);
    expect(parseDecimal(0.125)).toEqual({ micros: 125_000n, places: 3 });
    expect([
      railsDecimal(670_000_000n),
      railsDecimal(2_500_000n),
      railsDecimal(-250_000n),
      railsDecimal(0n),
    ]).toEqual(['670.0', '2.5', '-0.25', '0.0']);
    expect(encodeJson({ a: '<b>&\u2028', n: null })).toBe('{"a":"\\u003cb\\u003e\\u0026\\u2028","n":null}');
  });

  it('answers as Rails does: routes, merged params, 422 validation errors, 400, 404, 401, a unique index', async () => {
    const provider = await startCleanroom23Provider({
      authFailure: 'text',
      memberInquiry: false,
      requireParams: true,
    });
    try {
      const md5 = createHash('md5').update('tejo-till-secret').digest('hex');
      const headers = {
        authorization: `Basic ${Buffer.from(`tejo.till01:${md5}`).toString('base64')}`,
        'content-type': 'application/json',
      };
      const query = 'identifierName=mobile&identifierValue=351912300001&source=INSTORE';
      const npa = `${provider.url}/v2/customers/lookup/negativePointsAdjustment`;
      // The `.json` suffix, an unknown key dropped, the amount as the page's example string.
      const done = await raw(
        `${npa}.json?${query}`,
        'POST',
        headers,
        '{"pointsToBeAdjusted":"100.00","reasonOfReturn":"x","note":1}',
      );
      expect([done.status, done.headers['content-type'], done.body]).toEqual([
        200,
        'application/json; charset=utf-8',
        '{"status":"success","pointsAvailable":"2380.5","message":"points deducted successfully for the user ","warnings":[]}',
      ]);
      expect(done.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      // A trailing slash; the query's pointsToBeAdjusted wins over the body's.
      const merged = await raw(
        `${npa}/?${query}&pointsToBeAdjusted=1`,
        'POST',
        headers,
        '{"pointsToBeAdjusted":100,"reasonOfReturn":"x"}',
      );
      expect(JSON.parse(merged.body).pointsAvailable).toBe('2379.5');
      const invalid = await raw(
        `${npa}?${query}`,
        'POST',
        headers,
        '{"reasonOfReturn":"x","programId":[2301]}',
      );
      expect([invalid.status, invalid.body]).toEqual([
        422,
        '{"errors":{"programId":["is invalid"],"pointsToBeAdjusted":["can\'t be blank"]}}',
      ]);
      const zero = await raw(
        `${npa}?${query}`,
        'POST',
        headers,
        '{"pointsToBeAdjusted":0,"reasonOfReturn":"x"}',
      );
      expect([zero.status, JSON.parse(zero.body)]).toEqual([
        400,
        { errors: [{ status: false, code: 8888, message: 'points cannot be zero' }], warnings: [] },
      ]);
      expect(await raw(`${npa}?${query}`, 'POST', headers, '{"pointsToBeAdjusted":')).toMatchObject({
        status: 400,
        body: '{"status":400,"error":"Bad Request"}',
      });
      // params.require(:source): ActionController::ParameterMissing.
      expect(
        await raw(`${npa}?${query.replace('&source=INSTORE', '')}`, 'POST', headers, '{}'),
      ).toMatchObject({
        status: 400,
        body: '{"status":400,"error":"Bad Request"}',
      });
      expect(await raw(`${npa}?${query}`, 'GET', headers)).toMatchObject({
        status: 404,
        body: '{"status":404,"error":"Not Found"}',
      });
      const denied = await raw(`${npa}?${query}`, 'POST', { 'content-type': 'application/json' }, '{}');
      expect([denied.status, denied.body, denied.headers['www-authenticate']]).toEqual([
        401,
        'HTTP Basic: Access denied.\n',
        'Basic realm="Application"',
      ]);
      const balance = await raw(
        `${provider.url}/v2/customers/lookup/points/balance?identifierName=mobile,email&identifierValue=351912300001,INES.MOURA%40tejo.test&source=INSTORE`,
        'GET',
        headers,
      );
      expect(balance.body).toBe(
        '{"entityId":230001,"entityType":"CUSTOMER","totalPoints":"2434.25","mainPoints":"2379.5","promisedPoints":"54.75","promisedPointsBreakup":{"delayedAccrualPoints":"39.75","externalTriggerBasedPoints":"15.0"},"warnings":[]}',
      );
      // Two unlocks of one bill at once: the unique index lets one insert its rows.
      const unlock = () =>
        raw(
          `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=TJ-23-PAULO&source=INSTORE`,
          'POST',
          headers,
          '{"eventName":"TransactionAdd","billNumber":"TJ-B-2303","eventLogId":9230003}',
        );
      const both = await Promise.all([unlock(), unlock()]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 422]);
      expect(both.map((a) => a.body).sort()).toEqual([
        '{"errors":[{"status":false,"code":82323282,"message":"No promise points found to unlock."}],"warnings":[]}',
        '{"pointsUnlocked":[{"billNumber":"TJ-B-2303","itemCode":null,"pointsUnlocked":"15.0","programId":2301,"promotionIdentifier":null,"promotionId":null,"promotionName":null},{"billNumber":"TJ-B-2303","itemCode":null,"pointsUnlocked":"2.5","programId":2301,"promotionIdentifier":"VERAO-23-CASA","promotionId":23502,"promotionName":"Verão em casa"}],"warnings":[]}',
      ]);
      const fabric = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        raw(
          `${provider.url}/api/v1/members/points-adjustment`,
          'POST',
          fabric,
          JSON.stringify({ profileId: FABRIC_MEMBER, ...body }),
        );
      const added = JSON.parse((await adjust({ points: 100, reasonCode: '7502' })).body);
      expect(added).toMatchObject({
        errors: {},
        data: { Message: '100.0 points added', futureDate: false },
        status: 200,
      });
      expect(added.data.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await adjust({ points: 1, setToPending: 'maybe' })).toMatchObject({
        status: 422,
        body: '{"errors":{"setToPending":["is not included in the list"]}}',
      });
      expect(
        await raw(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', fabric),
      ).toMatchObject({
        status: 404,
        body: '{"status":404,"error":"Not Found"}',
      });
    } finally {
      await provider.close();
    }
  });
});
