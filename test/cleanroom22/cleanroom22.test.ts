import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER } from './data.ts';
import { fixedShortest } from './decimal.ts';
import { GoMap, marshal, omitEmpty } from './gojson.ts';
import { type Cleanroom22Options, startCleanroom22Provider } from './provider.ts';

/**
 * The twenty-second clean-room provider, written from the four documents and DESIGN.md alone: a Go
 * service built with gin and encoding/json. Requests are bound as gin binds them: a body decoded
 * by encoding/json (keys matched to struct fields exactly, else in any case; unknown keys ignored;
 * `null` leaves a field at its zero value; only the first JSON value read, what follows ignored; a
 * wrong JSON type an UnmarshalTypeError), then go-playground/validator's `binding` tags; every
 * failure the pages give no code for (a missing query parameter of the deduction or the balance, a
 * missing amount, a negative one, a reason over 50 characters, promotionId with
 * promotionIdentifier, `programId: "7101"`, a bool that strconv.ParseBool cannot read, an empty
 * body) is gin's 400 `{"error":"Key: 'NegativePointsAdjustmentRequest.PointsToBeAdjusted'
 * Error:Field validation for 'PointsToBeAdjusted' failed on the 'required' tag"}`; documented cases
 * keep their codes in the envelope (404 for not found, 403 for 4000, 400 for the rest). Answers as
 * encoding/json writes them: struct field order, nil slices and maps as `null` (the deduction's,
 * the balance's and the error envelope's `warnings`, fabric's `errors` on success), `omitempty`
 * fields left out (unlock lines' itemCode, promotion fields, the promotion line's billNumber,
 * fabric's ExceptionString and a false futureDate, the balance's promised figures when zero),
 * float64 balances in the shortest form, int64 entityIds (past 2^31; snowflake IDs past 2^53 in
 * the strictest reading, written exactly),
 * `<>&` as `\u003c`…, a newline after the body, `application/json; charset=utf-8`; the deduction's
 * pointsAvailable as shopspring/decimal's MarshalJSON quotes it (`"2380.75"`). gin: `404 page not
 * found` as text/plain, a wrong method 404 (the default) or 405 with Allow (HandleMethodNotAllowed),
 * a trailing slash redirected (301/307). Readings of its own: eventLogId read only as the table's
 * array (`[]int64`, the example's single integer refused); fabric's `Points float64
 * binding:"required"` refuses a zero adjustment; a balance of a program the customer lacks is
 * 1218; in the strictest reading, points kept in float64 columns (`"pointsAvailable":
 * "4.799999999999997"`, a drained balance `-2.6645352591003757e-15`). Data: org tisza (negative
 * balances off, dual eligibility with mobile primary, programs of 2, 1 and 0 round decimals, a bill
 * with an item line, a bill-level line and a promotion line, promised points of both kinds) and org
 * drava (on, no dual eligibility, programs of 3 and 0); Basic and OAuth in each, tills and apps
 * without the Points access group; a fabric member whose deductions may not overdraw.
 *
 * It found no false verdict of the suite. It found one fault of its own: with the float64 ledger,
 * deducting exactly the balance it showed (4.8, held as 4.799999999999997) was refused with 8907
 * (CAP-NPA-EXACT-BALANCE failed, rightly: the page refuses only an amount above the balance); the
 * service now compares at the program's round decimals. With `omitempty` on the promised figures
 * and a twoPrograms customer holding no promised points, CAP-BAL-TOTAL warned (`leaves out
 * promisedPoints`) and CAP-BAL-PROMISED-BREAKUP went unjudged: not a false verdict (a left-out
 * zero cannot be told from a figure not reported), so that customer holds promised points of both
 * kinds in both programs and the rule is judged.
 *
 * Warnings left, where the documents are silent:
 * - GEN-ERROR-ENVELOPE, GEN-UNDOCUMENTED-FIELDS: gin's `{"error": …}` binding refusals (no code);
 * - GEN-BODY-SCHEMA, CAP-NPA-RESPONSE-FIELDS: `warnings` and fabric's `errors` written as null;
 * - CAP-UPP-EVENT-LOG-ID-TYPES: the example's single eventLogId refused (the table types an Array);
 * - GEN-INVALID-REJECTED: `fetchDataForAllPrograms=0` read as false by strconv.ParseBool;
 * - GEN-ERROR-CODE-KNOWN: 8013 on the balance and the unlock, 8003 on the unlock.
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-NO-5XX': 'pass',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-UNDOCUMENTED-FIELDS': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'CAP-NPA-RESPONSE-FIELDS': 'warn',
  'CAP-NPA-AMOUNT-POSITIVE': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-EXACT-BALANCE': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'warn',
  'CAP-UPP-MOVE': 'pass',
  'CAP-BAL-DUAL-MULTI': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-INQ-BALANCE': 'pass',
};

/** Two readings, side by side: about 1,150 exchanges and 1.4–1.8 s of CPU each. */
const READINGS: Reading<Cleanroom22Options>[] = [
  { name: 'decimal ledger, a wrong method 404 (gin default), inquiry probed', options: {}, shows: SHOWS },
  {
    name: 'strictest: float64 ledger, snowflake IDs, 405 with Allow, statuses pinned [400, 403, 404], store, till, reason code and inquiry declared',
    options: { methodNotAllowed: true, float64Ledger: true, snowflakeIds: true },
    profile: STRICT_PROFILE,
    shows: SHOWS,
  },
];

describe('twenty-second clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom22Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 120_000,
  });

  it('writes JSON as encoding/json does', () => {
    expect(
      marshal({
        a: 100,
        b: 1e21,
        c: '<&>\u2028\b',
        d: null,
        e: omitEmpty(''),
        m: new GoMap({ z: 1, a: 2 }),
        n: -0,
        f: 1.5e-7,
      }),
    ).toBe(
      '{"a":100,"b":1e+21,"c":"\\u003c\\u0026\\u003e\\u2028\\b","d":null,"m":{"a":2,"z":1},"n":-0,"f":1.5e-7}',
    );
    expect([fixedShortest(2480.75 - 1.01), fixedShortest(-2.5e-15)]).toEqual([
      '2479.74',
      '-0.0000000000000025',
    ]);
  });

  it('answers as gin does: binding errors, the envelope, text/plain 404 and 405, a newline after the body', async () => {
    const provider = await startCleanroom22Provider({
      methodNotAllowed: true,
      float64Ledger: true,
      snowflakeIds: true,
    });
    try {
      const md5 = createHash('md5').update('tisza-till-secret').digest('hex');
      const headers = {
        authorization: `Basic ${Buffer.from(`tisza.till01:${md5}`).toString('base64')}`,
        'content-type': 'application/json',
      };
      const url = `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=mobile&identifierValue=36201220001&source=INSTORE`;
      const post = (body: string) => raw(url, 'POST', headers, body);
      const done = await post('{"PointsToBeAdjusted":"100.00","REASONOFRETURN":"x"} and more');
      expect([done.headers['content-type'], done.body]).toEqual([
        'application/json; charset=utf-8',
        '{"status":"success","pointsAvailable":"2380.75","message":"points deducted successfully for the user ","warnings":null}\n',
      ]);
      expect(JSON.parse((await post('{"reasonOfReturn":"x"}')).body).error).toBe(
        "Key: 'NegativePointsAdjustmentRequest.PointsToBeAdjusted' Error:Field validation for 'PointsToBeAdjusted' failed on the 'required' tag",
      );
      expect((await post('{"pointsToBeAdjusted":"<b>","reasonOfReturn":"x"}')).body).toBe(
        '{"error":"can\'t convert \\u003cb\\u003e to decimal"}\n',
      );
      const zero = await post('{"pointsToBeAdjusted":0,"reasonOfReturn":"x"}');
      expect([zero.status, JSON.parse(zero.body).errors[0].code]).toEqual([400, 8888]);
      expect(await raw(`${provider.url}/v2/nowhere`, 'GET', {})).toMatchObject({
        status: 404,
        body: '404 page not found',
      });
      const wrongMethod = await raw(url, 'GET', headers);
      expect([wrongMethod.status, wrongMethod.body, wrongMethod.headers.allow]).toEqual([
        405,
        '405 method not allowed',
        'POST',
      ]);
      const slash = await raw(url.replace('?', '/?'), 'POST', headers, '{}');
      expect([slash.status, slash.headers.location]).toEqual([307, url.slice(provider.url.length)]);
      const unlock = await raw(
        `${provider.url}/v2/points/unlockPromisedPoints?identifierName=mobile&identifierValue=36201220001&source=INSTORE`,
        'POST',
        headers,
        '{"eventName":"TransactionAdd","billNumber":"TZ-B-2202","eventLogId":7220002}',
      );
      expect(JSON.parse(unlock.body).error).toBe(
        'json: cannot unmarshal number into Go struct field UnlockRequest.eventLogId of type []int64',
      );
      const balance = await raw(
        `${provider.url}/v2/customers/lookup/points/balance?identifierName=email,mobile&identifierValue=emil%40tisza.test,36201220005&source=INSTORE`,
        'GET',
        headers,
      );
      expect(balance.body).toBe(
        '{"entityId":1866412352700000005,"entityType":"CUSTOMER","mainPoints":88.8,"totalPoints":88.8,"promisedPointsBreakup":{},"warnings":null}\n',
      );
      const fabric = { authorization: 'Bearer cr22-fabric-token', 'content-type': 'application/json' };
      const adjust = (points: number) =>
        raw(
          `${provider.url}/api/v1/members/points-adjustment`,
          'POST',
          fabric,
          JSON.stringify({ profileId: FABRIC_MEMBER, points }),
        );
      expect((await adjust(0)).status).toBe(400);
      expect(JSON.parse((await adjust(100)).body)).toMatchObject({
        errors: null,
        data: { Message: '100 points added' },
      });
    } finally {
      await provider.close();
    }
  });
});
