import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue as basic } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { asNumber, bigDecimal, DwNumber, decimalPlaces, read, write } from './dataweave.ts';
import { type Cleanroom38Options, type Cleanroom38Provider, startCleanroom38Provider } from './provider.ts';

/**
 * The thirty-eighth clean-room provider, written from the four documents and DESIGN.md alone: a
 * MuleSoft Mule 4 application on CloudHub 2.0 behind its shared load balancer, reproduced as a plain
 * Node server. APIkit routers scaffolded from the vendor's own OAS 3 spec (Capillary at `/*`,
 * fabric at `/api/*`): case-sensitive enums, an Integer field refusing a string, `pointsToBeAdjusted`
 * untyped (the example sends "100.00"), `billNumber` and `eventLogId` in every shape the page shows,
 * an empty reasonOfReturn let through (`required` only); APIkit's errors answered by the scaffolded
 * handler (400 `{"message":"Bad request"}`, 404 `Resource not found`, 405, 406, 415) except where the
 * vendor maps a parameter to a page's code (identifierName 8013, source 8003, reasonOfReturn 8882,
 * pointsAwardedRefType 9975 on the deduction; a missing or empty query parameter 82323284, a missing
 * billNumber 82323271 or eventName 82323272, a bad type 82323276 on the unlock); the page's codes in
 * the envelope with 404 for 8015, 82323277 and 3918, 403 for 4000, else 400. DataWeave 2: numbers
 * read as BigDecimals and passed through as written, `as Number` on a string amount ("1e2" is 100,
 * "" a MULE:EXPRESSION error mapped to 400), decimal places as `BigDecimal.scale()` counts them (so
 * "5.00" has two), a repeated key's first occurrence selected, output indented with keys in the
 * script's order. SQL Server 2022 behind the Database connector: DECIMAL(18,4) columns written back
 * as read (pointsAvailable `as String`, "1245.5000"; the balance and the unlock as 670.0000-style
 * numbers), the default collation SQL_Latin1_General_CP1_CI_AS (identifier values, bill numbers,
 * event names, item codes and promotion identifiers compared case-insensitively, trailing spaces
 * ignored), a uniqueidentifier profileId (a non-UUID a conversion error mapped to 400), a deduction
 * one transaction under the ledger row's update lock, an unlock one transaction under the bill's
 * with a unique index on unlocked lines (its duplicate-key error mapped to 82323282), an overflow
 * (8115) mapped to 400. API Manager: a custom policy for Capillary's Basic and OAuth and a bearer
 * policy for fabric, both answering 401 `{"error":"Authentication denied."}`. CloudHub: chunked
 * bodies, `application/json; charset=UTF-8`, an `x-correlation-id` on every answer.
 *
 * Both readings came out conformant on the first run, no false verdict and no bug of mine the suite
 * showed. Habits tried besides on scratch runs, each conformant: pointsAvailable as a DECIMAL number
 * or a formatted string, pointsUnlocked as a DECIMAL string or a formatted number, every Capillary
 * error answered 200 under `apiErrorStatus: any` (the legacy v2 habit), a warning item on a
 * deduction leaving a negative balance, the access group refused by a policy's 403 `{"error"}`,
 * SERIALIZABLE transactions whose deadlock victims answer 409 (CAP-NPA-CONCURRENT-NO-OVERDRAW warns;
 * left out, the victims depending on the machine's pace). The strict reading closes the spec's
 * request bodies (`additionalProperties: false`): the suite sends no field the pages do not name. Warnings left, where the documents are silent: GEN-BODY-SCHEMA
 * (APIkit's `{"message"}` bodies without `errors`; in the default reading the unlock's NULL columns
 * written as null), GEN-ERROR-ENVELOPE and GEN-UNDOCUMENTED-FIELDS (those bodies and the policy's
 * `{"error"}`), GEN-ERROR-CODE-KNOWN (8013 on the balance for an identifier name it does not take),
 * GEN-INVALID-REJECTED (eventLogId as a word or "0" taken by the spec's string, then 82323277),
 * CAP-NPA-8887 (a null or empty programId refused by APIkit as the wrong type before the 8887 check)
 * and CAP-NPA-REASON-REQUIRED (an empty reasonOfReturn accepted). In the strict reading API Manager's
 * HTTP Caching policy keeps a balance or member inquiry for 40 ms, so reads after a write may show
 * the balance before it within the profile's 120 ms readAfterWriteMs: the requirements judged on
 * such reads warn or pass with the machine's pace, and are not listed in its shows.
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-STATUS-DECLARED': 'pass',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-UNDOCUMENTED-FIELDS': 'warn',
  'GEN-ERROR-CODE-KNOWN': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'CAP-NPA-8887': 'warn',
  'CAP-NPA-REASON-REQUIRED': 'warn',
  'CAP-NPA-8003': 'pass',
  'CAP-NPA-8013': 'pass',
  'CAP-NPA-8882': 'pass',
  'CAP-NPA-9975': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-AMOUNT-NUMBER': 'pass',
  'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
  'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-AUTH-TOKEN-GENERATE': 'pass',
  'CAP-AUTH-HTTP-STATUS': 'pass',
  'CAP-UPP-82323284': 'pass',
  'CAP-UPP-82323271': 'pass',
  'CAP-UPP-82323272': 'pass',
  'CAP-UPP-82323276': 'pass',
  'CAP-UPP-RESPONSE-NUMERIC': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-UPP-BILL-NUMBER-TYPES': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass',
  'CAP-UPP-BILL-DATE': 'pass',
  'CAP-UPP-TILL-ID-SPELLING': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'CAP-BAL-ENTITY': 'pass',
  'FAB-ADJ-ENVELOPE': 'pass',
  'FAB-ADJ-UNKNOWN-MEMBER': 'pass',
  'FAB-AUTH-HTTP-STATUS': 'pass',
};

/**
 * SHOWS for a reading behind the 40 ms HTTP cache, without CAP-NPA-AMOUNT-STRING: since fault hunt
 * 62 that requirement reads the balance after a string deduction of its own
 * (negative-balance.string-amount-other-path), and a read within the cache's 40 ms of the write
 * warns of the lag, one later passes: how busy the machine is decides, so it is not asserted.
 */
const { 'CAP-NPA-AMOUNT-STRING': _readBehindTheCache, ...SHOWS_CACHED } = SHOWS;

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom38Options, Cleanroom38Provider>[] = [
  {
    name: 'defaults: dual eligibility off, pointsAvailable "1245.5000", NULL columns written, any 4xx, no fabric inquiry',
    options: {},
    shows: {
      ...SHOWS,
      // Judged on reads right after a write: in the strict reading the cache may make them warn.
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
      'CAP-UPP-ONCE': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'FAB-ADJ-ADD': 'pass',
      'CAP-BAL-DUAL-MULTI': 'skip',
      // APIkit's 404 for the inquiry: fabric judged from the adjustment alone.
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-PENDING': 'skip',
    },
  },
  {
    name: 'strict: externalId primary in wren, formatted figures, nulls skipped, whole bills grouped per program, strict query parameters and closed bodies, a 40 ms HTTP cache, statuses pinned [400, 401, 403, 404], the inquiry routed',
    options: {
      dualPrimary: { wren: 'externalId' },
      pointsAvailable: 'formatted-number',
      pointsUnlocked: 'formatted-text',
      skipNulls: true,
      groupByProgram: true,
      strictQuery: true,
      strictBody: true,
      cacheTtlMs: 40,
      inquiry: true,
    },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS_CACHED,
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
      'CAP-BAL-DUAL-ORDER': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
];

describe('thirty-eighth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom38Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('reads and writes as DataWeave does: BigDecimals as written, first of a repeated key, indented output', () => {
    const body = read('{"a":100.50,"a":7,"b":"1e2","c":""}') as Record<string, DwNumber | string>;
    expect(body.a).toEqual(new DwNumber('100.50'));
    expect(decimalPlaces(asNumber(body.a, 'a'))).toBe(2);
    expect(asNumber(body.b, 'b')).toEqual({ unscaled: 1n, scale: -2 });
    expect(() => asNumber(body.c, 'c')).toThrow('Cannot coerce String ("") to Number');
    expect(bigDecimal('5.00')).toEqual({ unscaled: 500n, scale: 2 });
    expect(write({ b: new DwNumber('670.0000'), a: null, c: [] })).toBe(
      '{\n  "b": 670.0000,\n  "a": null,\n  "c": []\n}',
    );
    expect(write({ a: null, b: [1, null] }, true)).toBe('{\n  "b": [\n    1\n  ]\n}');
  });

  it('answers as a Mule app with APIkit on SQL Server behind CloudHub does', async () => {
    const provider = await startCleanroom38Provider({ inquiry: true });
    try {
      const till = { authorization: basic('wren.till04', 'wren-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (query: string) => `${provider.url}/v2/customers/lookup/negativePointsAdjustment?${query}`;
      const ada = 'identifierName=externalId&identifierValue=wr-ada%20%20&source=INSTORE';
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, JSON.parse(a.body)];
      };
      // The CI_AS collation finds WR-ADA under "wr-ada  "; the figure comes back as the column holds it.
      const ok = await raw(npa(ada), 'POST', json, '{"pointsToBeAdjusted":"5","reasonOfReturn":"r"}');
      expect([ok.status, JSON.parse(ok.body)]).toEqual([
        200,
        {
          status: 'success',
          pointsAvailable: '1245.5000',
          message: 'points deducted successfully for the user ',
          warnings: [],
        },
      ]);
      expect(ok.headers).toMatchObject({
        'content-type': 'application/json; charset=UTF-8',
        'transfer-encoding': 'chunked',
        'x-correlation-id': expect.any(String),
      });
      // BigDecimal's scale: "5.00" has two decimals, program 3802 rounds to none.
      expect(
        await answer(
          npa(ada),
          'POST',
          json,
          '{"pointsToBeAdjusted":"5.00","programId":3802,"reasonOfReturn":"r"}',
        ),
      ).toEqual([
        400,
        {
          errors: [
            {
              code: 8906,
              message:
                'decimal places passed: 2 is greater than the configured round decimals: 0 for programId: 3802',
              status: false,
            },
          ],
          warnings: [],
        },
      ]);
      // APIkit's scaffolded answers, the vendor's mapping to a page's code, the gateway's 401.
      const refusals = [
        await answer(npa(ada), 'POST', json, '{"pointsToBeAdjusted":"","reasonOfReturn":"r"}'),
        await answer(npa(ada), 'GET', till),
        await answer(npa(ada), 'POST', till, '{}'),
        await answer(npa(ada), 'POST', { ...json, accept: 'text/html' }, '{}'),
        await answer(npa(ada.replace('INSTORE', 'instore')), 'POST', json, '{}'),
        await answer(`${provider.url}/v2/points/unlockpromisedpoints`, 'POST', json, '{}'),
        await answer(npa(ada), 'POST', { 'content-type': 'application/json' }, '{}'),
      ];
      expect(refusals).toEqual([
        [400, { message: 'Bad request' }],
        [405, { message: 'Method not allowed' }],
        [415, { message: 'Unsupported media type' }],
        [406, { message: 'Not acceptable' }],
        [400, { errors: [{ code: 8003, message: 'Invalid source', status: false }], warnings: [] }],
        [404, { message: 'Resource not found' }],
        [401, { error: 'Authentication denied.' }],
      ]);
      // The unlock: once, under the bill's lock; NULL columns written.
      const unlock = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=mobile&identifierValue=447700900382&source=INSTORE`;
      const bill = '{"eventName":"transactionadd","billNumber":"WB-3803","eventLogId":[9380103]}';
      const both = await Promise.all([raw(unlock, 'POST', json, bill), raw(unlock, 'POST', json, bill)]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 400]);
      expect(JSON.parse(both.find((a) => a.status === 200)?.body ?? '')).toEqual({
        pointsUnlocked: [
          {
            billNumber: 'WB-3803',
            itemCode: null,
            pointsUnlocked: 15.5,
            programId: 3801,
            promotionIdentifier: null,
            promotionId: null,
            promotionName: null,
          },
          {
            billNumber: null,
            itemCode: null,
            pointsUnlocked: 5,
            programId: 3801,
            promotionIdentifier: 'WR-WINTER',
            promotionId: 38501,
            promotionName: 'Winter double',
          },
        ],
        warnings: [],
      });
      // fabric: the amount as sent in the Message; a uniqueidentifier in any case; a non-UUID a 400.
      const bearer = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const fabric = `${provider.url}/api/v1/members/points-adjustment`;
      const added = await answer(
        fabric,
        'POST',
        bearer,
        JSON.stringify({ profileId: FABRIC_MEMBER.toUpperCase(), points: 100.5 }),
      );
      expect([added[0], added[1].data.Message]).toEqual([200, '100.5 points added']);
      expect(await answer(fabric, 'POST', bearer, '{"profileId":"m-1","points":1}')).toEqual([
        400,
        { message: 'Bad request' },
      ]);
      expect(
        await answer(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', bearer),
      ).toEqual([
        200,
        {
          data: [
            {
              profileId: FABRIC_MEMBER,
              pointsBalance: { memberPointsAvailable: 4401, memberPointsPending: 0 },
            },
          ],
        },
      ]);
    } finally {
      await provider.close();
    }
  });
});
