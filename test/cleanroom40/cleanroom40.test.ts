import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue as basic } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { JsonInt, JsonReal, parseJson, writeJson } from './jsoncpp.ts';
import { type Cleanroom40Options, type Cleanroom40Provider, startCleanroom40Provider } from './provider.ts';

/**
 * The fortieth clean-room provider, written from the four documents and DESIGN.md alone: a C++20
 * service on Drogon 1.9 (jsoncpp for JSON, the Drogon ORM on PostgreSQL 16 with NUMERIC(14,3)
 * columns) behind HAProxy 2.8, reproduced as a plain Node server. jsoncpp as Drogon drives it:
 * `getJsonObject()` only for an application/json body, the CharReaderBuilder's defaults (comments
 * allowed, text after the root ignored, a repeated key's last value), integers as Int64 and the rest
 * as doubles, `isNumeric()` false for `"100.5"`; `newHttpJsonResponse` compact with members in
 * `std::map` order and the vendor's `setFloatPrecisionInJson(3, "decimal")` (the library's 17
 * significant digits wrote 670.1 as 670.10000000000002 to a customer; the strict reading is the
 * service before that fix). Drogon: exact paths, a known path's wrong method its own empty 405, an
 * unknown path its HTML 404 (the vendor added no handler), `getParameter` the last of a repeated
 * name, `Server: drogon/1.9.1`, Content-Length framing, 413 past `client_max_body_size` 1M. The
 * vendor's code: amounts matched by a regex before `$1::numeric` (std::stod would take "12abc" and
 * "0x1A"), a JSON number's decimals counted on its `std::to_chars` shortest form (a JSON `5.00` is
 * the double 5), deductions and unlocks in ORM transactions under `SELECT … FOR UPDATE`, a unique
 * index on unlocked lines mapped to 82323282, `reasonOfReturn` a VARCHAR(50) (characters counted
 * by Postgres), NUMERIC overflow (22003) mapped to 8888, pointsAvailable and pointsUnlocked the
 * column's text ("1240.500") and balances through `std::stod`, `id` a bigint column (leading zeros
 * read away), a fabric `uuid` profileId (any case, braces, no hyphens; a non-UUID 22P02 → 400).
 * Filters: Capillary Basic and OAuth refused 401 in Capillary's envelope, the Points access group
 * on the deduction and the balance (403, 4000), fabric's bearer refused 401 in fabric's envelope.
 * HAProxy: keep-alive to the client for `timeout client 30s`, `X-Request-ID` from its unique-id, its
 * own 400 page for a URI with characters it refuses.
 *
 * Both readings came out conformant on the first run: no false verdict. Two bugs of mine, neither
 * shown by the suite, fixed on reading my own code: an unlock marked its lines unlocked before the
 * points moved, so a balance read in between saw a dirty total (Postgres under READ COMMITTED shows
 * neither before COMMIT); the auth filters' code and status written as doubles
 * (`401.0`). A choice made on the way: a line filter that is no list of its type (jsoncpp would
 * iterate a scalar as an empty range, unlocking the whole bill) is refused with 400; clean rooms 10,
 * 11 and 13 read such a filter as none, which the documents leave open. Habits tried besides on
 * scratch runs, each conformant: jsoncpp's 17 significant
 * digits with figures through std::stod in the default reading, a repeated query
 * parameter's first value, bill points reported as delayed accrual. Warnings left, where the
 * documents are silent: GEN-ERROR-CODE-KNOWN (8013 and 1218 on the balance, 8013, 8003 and the
 * vendor's 400 code for a body that is no JSON object on the unlock), GEN-INVALID-REJECTED (an unlock
 * judging its bill before an invalid optional field; fetchDataForAllPrograms other than "true" read
 * as false; in the strict reading `asString()` taking a number or a bool as reasonOfReturn and
 * `getOptionalParameter` reading a programId that is no number as none), CAP-NPA-8887 (an empty
 * programId refused as no program, 1218, before the promotionIdentifier's note).
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
  'CAP-NPA-8887': 'warn',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-8888': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-AMOUNT-NUMBER': 'pass',
  'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
  'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
  'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-RESPONSE-NUMERIC': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
  'CAP-UPP-FILTER-ITEM-CODES': 'pass',
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
const READINGS: Reading<Cleanroom40Options, Cleanroom40Provider>[] = [
  {
    name: 'defaults: dual eligibility off, pointsAvailable "1240.500", 3-decimal doubles, any 4xx, Drogon\'s HTML 404 for the fabric inquiry',
    options: {},
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'skip',
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-PENDING': 'skip',
    },
  },
  {
    name: "strict: externalId primary in kea and mobile in ruru, jsoncpp's 17 significant digits, figures through std::stod, bill points as delayed accrual, getOptionalParameter, case-insensitive enums, asString(), statuses pinned [400, 401, 403, 404], the inquiry routed",
    options: {
      dualPrimary: { kea: 'externalId', ruru: 'mobile' },
      inquiry: true,
      figures: 'double',
      precision: 'significant17',
      billPromised: 'delayed',
      optionalParameters: true,
      enumsAnyCase: true,
      asString: true,
    },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
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

describe('fortieth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom40Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('reads and writes JSON as jsoncpp does under Drogon: comments, trailing text, last key; sorted members, 3 decimals', () => {
    const body = parseJson(
      '{"a":100.50,/* note */"a":7,"b":"100.5","c":12345678901234567890} trailing',
    ) as Record<string, unknown>;
    expect(body.a).toEqual(new JsonInt(7n));
    expect(body.b).toBe('100.5');
    expect(body.c).toEqual(new JsonInt(12345678901234567890n));
    expect(parseJson('1e2')).toEqual(new JsonReal(100));
    expect(() => parseJson('{"billDate": 2022-02-12}')).toThrow("'2022-02-12' is not a number.");
    expect(writeJson({ b: 670.1, a: 670, C: 7n, é: null })).toBe('{"C":7,"a":670.0,"b":670.1,"é":null}');
    expect(writeJson({ b: 670.1, e: 0.1 }, 'significant17')).toBe(
      '{"b":670.10000000000002,"e":0.10000000000000001}',
    );
  });

  it('answers as a Drogon service on PostgreSQL behind HAProxy does', async () => {
    const provider = await startCleanroom40Provider({ inquiry: true });
    try {
      const till = { authorization: basic('kea.till07', 'kea-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (query: string) => `${provider.url}/v2/customers/lookup/negativePointsAdjustment?${query}`;
      // Drogon's getParameter: the last of a repeated name.
      const ana = 'identifierName=email&identifierName=externalId&identifierValue=KE-ANA&source=INSTORE';
      const ok = await raw(
        npa(ana),
        'POST',
        json,
        '{"pointsToBeAdjusted":"5.5","reasonOfReturn":"r"} // till 7',
      );
      expect([ok.status, ok.body]).toEqual([
        200,
        '{"message":"points deducted successfully for the user ","pointsAvailable":"1240.000","status":"success","warnings":[]}',
      ]);
      expect(ok.headers).toMatchObject({
        'content-type': 'application/json; charset=utf-8',
        server: 'drogon/1.9.1',
        'x-request-id': expect.stringMatching(/^7F000001:/),
        'content-length': String(ok.body.length),
      });
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.headers['content-type'], a.body.slice(0, 60)];
      };
      // A JSON 5.10 is the double 5.1: one decimal; 4002 allows one, so only "5.10" as a string is refused.
      const program2 = (amount: string) =>
        `{"pointsToBeAdjusted":${amount},"programId":4002,"reasonOfReturn":"r"}`;
      expect((await raw(npa(ana), 'POST', json, program2('5.10'))).status).toBe(200);
      expect(JSON.parse((await raw(npa(ana), 'POST', json, program2('"5.10"'))).body).errors[0].code).toBe(
        8906,
      );
      // Drogon's and HAProxy's own answers; the vendor's filters.
      expect([
        await answer(npa(ana), 'GET', till),
        await answer(`${provider.url}/v2/points/unlockpromisedpoints`, 'POST', json, '{}'),
        await answer(npa(ana), 'POST', { 'content-type': 'application/json' }, '{}'),
        await answer(
          `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE&identifierName=id&identifierValue=0400001`,
          'GET',
          till,
        ),
      ]).toEqual([
        [405, 'text/html; charset=utf-8', ''],
        [404, 'text/html; charset=utf-8', '<html><head><title>404 Not Found</title></head><body bgcolor'],
        [
          401,
          'application/json; charset=utf-8',
          '{"errors":[{"code":401,"message":"Authentication failed: inv',
        ],
        [
          200,
          'application/json; charset=utf-8',
          '{"entityId":400001,"entityType":"CUSTOMER","mainPoints":1240',
        ],
      ]);
      // The unlock: once, under the bill's lock; the unique index's refusal as 82323282.
      const unlock = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=mobile&identifierValue=642100400002&source=INSTORE`;
      const bill = '{"eventName":"TransactionAdd","billNumber":"KB-4003","eventLogId":[9400103]}';
      const both = await Promise.all([raw(unlock, 'POST', json, bill), raw(unlock, 'POST', json, bill)]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 400]);
      expect(both.find((a) => a.status === 200)?.body).toBe(
        '{"pointsUnlocked":[{"billNumber":"KB-4003","pointsUnlocked":"31.000","programId":4001},{"pointsUnlocked":"6.000","programId":4001,"promotionId":40501,"promotionIdentifier":"KE-AUTUMN","promotionName":"Autumn double"}],"warnings":[]}',
      );
      // fabric: a uuid in any case and without hyphens; NUMERIC(14,3) rounds a fourth decimal away.
      const bearer = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const fabric = `${provider.url}/api/v1/members/points-adjustment`;
      const profileId = FABRIC_MEMBER.toUpperCase().replace(/-/g, '');
      expect((await raw(fabric, 'POST', bearer, JSON.stringify({ profileId, points: 1.0005 }))).status).toBe(
        200,
      );
      expect(JSON.parse((await raw(fabric, 'POST', bearer, '{"profileId":"m-1","points":1}')).body)).toEqual({
        data: {},
        errors: { points: 'invalid input syntax for type uuid: "m-1"' },
        message: 'Bad request',
        status: 400,
      });
      const inquiry = await raw(
        `${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`,
        'GET',
        bearer,
      );
      expect(JSON.parse(inquiry.body).data[0].pointsBalance).toEqual({
        memberPointsAvailable: 5201.001,
        memberPointsPending: 0,
      });
    } finally {
      await provider.close();
    }
  });
});
