import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue as basic } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { bearerToken } from './auth.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { cleanInput, parseInput, validate } from './laravel.ts';
import { decimalPlaces, float, jsonEncode, mbStrlen, PhpObject, phpDecimalPlaces } from './php.ts';
import { type Cleanroom35Options, type Cleanroom35Provider, startCleanroom35Provider } from './provider.ts';
import { ThrottleApi } from './throttle.ts';

/**
 * The thirty-fifth clean-room provider, written from the four documents and DESIGN.md alone: a PHP
 * 8.3 Laravel 11 API on MySQL 8 behind nginx + php-fpm, reproduced as a plain Node server. Laravel:
 * the global TrimStrings and ConvertEmptyStringsToNull on query and JSON body (a reason of spaces is
 * null, so 8882; fabric's routes exempt from the second, so its "" meets the page's minimum length
 * 1), a malformed JSON body read as no input, FormRequest 422 `{"message", "errors": {field: [..]}}`
 * where no page gives a code (a negative amount, a reason over 50 characters counted by mb_strlen,
 * promotionId with promotionIdentifier, wrong types, a missing amount, fabric's whole body),
 * failedValidation mapping the documented ones into the page's envelope (8882, 8888, 9975, 82323271,
 * 82323272); the validator's own leniencies (`integer` takes `true`, `numeric` a numeric string,
 * `boolean` 0 and 1), `date_format` read back (2022-02-30 refused), `$request->filled()` (an empty
 * lineItemIds filters nothing), json_decode refusing bytes that are not UTF-8 (no input);
 * Request::bearerToken() (the last `Bearer ` in the header, any case, up to a comma); JSON 404 and 405 with Allow for unrouted paths, a trailing slash ignored;
 * `{"message":"Unauthenticated."}` 401 from both guards (Capillary Basic with md5 or the OAuth token
 * header; fabric Sanctum `{id}|{plain}`); 403 with 4000 (deduction only); 8015, 82323277, 3918, 8874,
 * 8877 → 404, the rest 400. PHP: json_encode with `\/` and `\uXXXX`, floats with serialize_precision
 * -1 (`108.0`), `(object) []` for fabric's `errors`. MySQL: DECIMAL(14,3) points, pointsAvailable and
 * unlock figures the column's string ("2443.330" in a 2-decimal program), the balance model cast
 * `float` (numbers) or, in the strict reading, `decimal:3` (strings); decimal places counted on the
 * value ("100.00" has none) or, strict, as PHP's strrchr snippet counts them on the string as sent
 * ("100.00" has 2; a float as PHP prints it); dual eligibility on the balance lookup or, strict,
 * applied by one CustomerLookup to every endpoint (lists too); utf8mb4_0900_ai_ci identifier
 * lookups; a deduction a DB::transaction with lockForUpdate; an unlock one point_unlocks row per
 * promised line under a UNIQUE index; bills' promised points counted as external-trigger based. nginx:
 * `Server: nginx/1.24.0`, its HTML 413 past client_max_body_size 1m and 414 past one 8k header
 * buffer; php-fpm's five workers (a sixth
 * request waits in the backlog). throttle:api (strict reading):
 * Limit::perSecond(100) by IP, 429 `{"message":"Too Many Attempts."}` with X-RateLimit-* and the
 * whole-second Retry-After of availableIn(), 0 when a window opened late in a second is still full
 * early in the next.
 *
 * First run: one fault of its own, no false verdict. Laravel's defaults accepted fabric's empty
 * pointType, billingEntity and reasonCode (ConvertEmptyStringsToNull made them null, and the
 * validator skips `min:1` for ""), failing FAB-ADJ-*-MIN-LENGTH and GEN-INVALID-REJECTED; the page
 * states "Minimum length: 1" for each, so the provider was wrong: fabric's routes are now exempt
 * from the conversion and an implicit rule refuses "". Warnings left, where the documents are
 * silent: GEN-BODY-SCHEMA, GEN-ERROR-ENVELOPE and GEN-UNDOCUMENTED-FIELDS (Laravel's 422 body),
 * GEN-ERROR-CODE-KNOWN (8013 on the balance and the unlock, 8003 on the unlock), GEN-INVALID-REJECTED
 * (`boolean` takes 0 for setToPending, fetchDataForAllPrograms read as filter_var does, `integer`
 * takes `true` for sourceProgramId so the bill's 82323277 comes first), and in the strict reading
 * CAP-NPA-IDENTIFIER-NAMES and CAP-UPP-IDENTIFIER-NAMES (a non-primary identifier alone is 8015 on
 * the deduction and the unlock, whose pages say nothing of dual eligibility).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-UNDOCUMENTED-FIELDS': 'warn',
  'GEN-ERROR-CODE-KNOWN': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'FAB-AUTH-HTTP-STATUS': 'pass',
  'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
  'FAB-ADJ-BILLING-ENTITY-MIN-LENGTH': 'pass',
  'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass',
  'FAB-ADJ-NULLABLE-STRINGS': 'pass',
  'CAP-NPA-8887': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-8882': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
  'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
  'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-AUTH-TOKEN-GENERATE': 'pass',
  'CAP-AUTH-HTTP-STATUS': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-BILL-NUMBER-TYPES': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-UPP-RESPONSE-NUMERIC': 'pass',
  'CAP-UPP-BILL-DATE': 'pass',
  'CAP-BAL-TOTAL': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'CAP-BAL-ENTITY': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-ADJ-ENVELOPE': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom35Options, Cleanroom35Provider>[] = [
  {
    name: 'defaults: no throttle on the api group, dual eligibility off, any 4xx, balances cast float, no fabric inquiry',
    options: {},
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'skip',
      'CAP-NPA-IDENTIFIER-NAMES': 'pass',
      'CAP-UPP-IDENTIFIER-NAMES': 'pass',
      // Laravel's JSON 404 for the inquiry: fabric judged from the adjustment alone.
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-PENDING': 'skip',
    },
  },
  {
    name: 'strict: throttle:api at 100 a second under a run at 200/s (its 429s waited out), mobile primary applied by every lookup, statuses pinned [400, 401, 403, 404, 422], balances cast decimal:3 (strings), decimal places counted as sent, store and till, reason code and point type declared, the inquiry routed',
    options: {
      dualPrimary: 'mobile',
      inquiry: true,
      throttlePerSecond: 100,
      decimalCast: true,
      literalDecimals: true,
      dualEverywhere: true,
    },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
      'CAP-BAL-DUAL-ORDER': 'pass',
      // The one CustomerLookup: externalId alone is 8015 under dual eligibility, named beside mobile.
      'CAP-NPA-IDENTIFIER-NAMES': 'warn',
      'CAP-UPP-IDENTIFIER-NAMES': 'warn',
      'FAB-INQ-BALANCE': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
    // 59–62 429s measured alone, most with Retry-After: 0 (48 of 59 in one run).
    gateway: { refused: (provider) => provider.refused(), limit: 'throttle:api of 100 requests a second' },
  },
];

describe('thirty-fifth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom35Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('encodes as PHP json_encode does, reads input as Laravel and its middleware do, counts as mb_strlen', () => {
    expect(jsonEncode({ a: float(108), b: float(2443.33), c: 7, d: 'x/é', e: [], f: new PhpObject() })).toBe(
      '{"a":108.0,"b":2443.33,"c":7,"d":"x\\/\\u00e9","e":[],"f":{}}',
    );
    expect(cleanInput({ r: '   ', s: ' a ', n: [''] })).toEqual({ r: null, s: 'a', n: [null] });
    expect(cleanInput({ p: '' }, false)).toEqual({ p: '' });
    expect(
      parseInput('application/json', Buffer.from([0x7b, 0x22, 0x72, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])),
    ).toEqual({});
    expect(
      validate({ d: '2022-02-30', e: '2024-02-29' }, { d: ['date_format:Y-m-d'], e: ['date_format:Y-m-d'] }),
    ).toEqual([{ field: 'd', rule: 'date_format', message: 'The d field must match the format Y-m-d.' }]);
    expect([
      bearerToken('Basic eA==, bearer 35|abc'),
      bearerToken('Bearer 35|abc,x'),
      bearerToken('Basic eA=='),
    ]).toEqual(['35|abc', '35|abc', undefined]);
    expect([
      phpDecimalPlaces('100.00'),
      phpDecimalPlaces(100.5),
      phpDecimalPlaces(1e-7),
      phpDecimalPlaces(0.0001),
    ]).toEqual([2, 1, 4, 4]);
    expect([
      mbStrlen('🙂'.repeat(50)),
      decimalPlaces('100.00'),
      decimalPlaces(1.001),
      decimalPlaces('1e-3'),
    ]).toEqual([50, 0, 3, 3]);
  });

  it('admits per window from its first hit and answers Too Many Attempts with whole-second Retry-After, 0 included', () => {
    let now = 5_000_700;
    const throttle = new ThrottleApi(2, 1, () => now);
    const answer = () => {
      const hit = throttle.hit('ip');
      return 'refusal' in hit
        ? [429, hit.refusal.headers['Retry-After']]
        : [200, hit.headers['X-RateLimit-Remaining']];
    };
    expect([answer(), answer(), answer()]).toEqual([
      [200, '1'],
      [200, '0'],
      [429, '1'],
    ]);
    // The next whole second, the window (opened at .700) still full: the timer says 0 seconds.
    now = 5_001_100;
    expect(answer()).toEqual([429, '0']);
    now = 5_001_700;
    expect(answer()).toEqual([200, '1']);
    expect(throttle.refused).toBe(2);
  });

  it('answers as a Laravel app on MySQL behind nginx does', async () => {
    const provider = await startCleanroom35Provider({ inquiry: true });
    try {
      const till = { authorization: basic('heron.till05', 'heron-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (id: string) =>
        `${provider.url}/v2/customers/lookup/negativePointsAdjustment/?identifierName=externalId&identifierValue=${id}&source=INSTORE`;
      // A trailing slash ignored; the DECIMAL(14,3) column's string though the program keeps 2 places.
      const ok = await raw(
        npa('hr-cy'),
        'POST',
        json,
        '{"pointsToBeAdjusted":"1.50","reasonOfReturn":" r "}',
      );
      expect([ok.status, ok.body]).toEqual([
        200,
        '{"status":"success","pointsAvailable":"43.500","message":"points deducted successfully for the user ","warnings":[]}',
      ]);
      expect(ok.headers).toMatchObject({ server: 'nginx/1.24.0', 'content-type': 'application/json' });
      // A reason of spaces is trimmed to "", then null: required, 8882.
      const spaces = await raw(npa('HR-CY'), 'POST', json, '{"pointsToBeAdjusted":1,"reasonOfReturn":"   "}');
      expect([spaces.status, JSON.parse(spaces.body).errors[0].code]).toEqual([400, 8882]);
      const negative = await raw(
        npa('HR-CY'),
        'POST',
        json,
        '{"pointsToBeAdjusted":-1,"reasonOfReturn":"r"}',
      );
      expect([negative.status, JSON.parse(negative.body)]).toEqual([
        422,
        {
          message: 'The points to be adjusted field must be greater than 0.',
          errors: { pointsToBeAdjusted: ['The points to be adjusted field must be greater than 0.'] },
        },
      ]);
      const wrongMethod = await raw(npa('HR-CY'), 'GET', till);
      expect([wrongMethod.status, wrongMethod.headers.allow]).toEqual([405, 'POST']);
      const lost = await raw(`${provider.url}/v9/anything`, 'GET', till);
      expect([lost.status, lost.body]).toEqual([
        404,
        '{"message":"The route v9\\/anything could not be found."}',
      ]);
      // One locked row per deduction: of eight parallel 5s from 43.5, eight land only while points last.
      const parallel = await Promise.all(
        Array.from({ length: 10 }, () =>
          raw(npa('HR-CY'), 'POST', json, '{"pointsToBeAdjusted":5,"reasonOfReturn":"c"}'),
        ),
      );
      expect(parallel.map((a) => a.status).sort()).toEqual([
        200, 200, 200, 200, 200, 200, 200, 200, 400, 400,
      ]);
      // float cast: an integral float keeps its .0.
      const balance = await raw(
        `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE&identifierName=mobile&identifierValue=447700900503`,
        'GET',
        till,
      );
      expect(balance.body).toBe(
        '{"entityId":350003,"entityType":"CUSTOMER","totalPoints":3.5,"mainPoints":3.5,"promisedPoints":0.0,"promisedPointsBreakup":{"delayedAccrualPoints":0.0,"externalTriggerBasedPoints":0.0},"warnings":[]}',
      );
      // The UNIQUE index: two parallel unlocks of one bill, one moves it.
      const unlock = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=HR-DEE&source=INSTORE`;
      const bill = '{"eventName":"TransactionUpdate","billNumber":"HB-3504","eventLogId":9350104}';
      const both = await Promise.all([raw(unlock, 'POST', json, bill), raw(unlock, 'POST', json, bill)]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 400]);
      expect(both.find((a) => a.status === 200)?.body).toBe(
        '{"pointsUnlocked":[{"billNumber":"HB-3504","pointsUnlocked":"18.000","programId":3501}],"warnings":[]}',
      );
      // fabric: Sanctum's 401, "" kept and refused, the stdClass errors.
      const fabric = `${provider.url}/api/v1/members/points-adjustment`;
      const noToken = await raw(
        fabric,
        'POST',
        { 'content-type': 'application/json', accept: 'application/json' },
        '{}',
      );
      expect([noToken.status, noToken.body]).toEqual([401, '{"message":"Unauthenticated."}']);
      const bearer = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        raw(fabric, 'POST', bearer, JSON.stringify({ profileId: FABRIC_MEMBER, ...body }));
      expect((await adjust({ points: 1, pointType: '' })).status).toBe(422);
      const added = await adjust({ points: 1000, pointType: null });
      expect([added.status, JSON.parse(added.body).data.Message, added.body.includes('"errors":{}')]).toEqual(
        [200, '1,000.0 points added', true],
      );
      const inquiry = await raw(
        `${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`,
        'GET',
        bearer,
      );
      expect(inquiry.body).toBe(
        `{"data":[{"profileId":"${FABRIC_MEMBER}","pointsBalance":{"memberPointsAvailable":6120.5,"memberPointsPending":0.0}}]}`,
      );
      // nginx refuses a body past client_max_body_size before PHP sees it.
      const huge = await raw(fabric, 'POST', bearer, 'x'.repeat(1024 * 1024 + 1));
      expect([huge.status, huge.headers['content-type']]).toEqual([413, 'text/html']);
      const long = await raw(npa('x'.repeat(9000)), 'POST', json, '{}');
      expect([long.status, long.headers['content-type']]).toEqual([414, 'text/html']);
      const encoded = await raw(`${provider.url}/v9/caf%C3%A9/`, 'GET', till);
      expect([encoded.status, encoded.body]).toEqual([
        404,
        '{"message":"The route v9\\/caf%C3%A9 could not be found."}',
      ]);
    } finally {
      await provider.close();
    }
  });
});
