import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue as basic } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { OraError } from './errors.ts';
import { jsonObject } from './json.ts';
import { OraNumber } from './number.ts';
import { type Cleanroom39Options, type Cleanroom39Provider, startCleanroom39Provider } from './provider.ts';

/**
 * The thirty-ninth clean-room provider, written from the four documents and DESIGN.md alone: an
 * Oracle REST Data Services 24 module whose handlers are PL/SQL blocks over Oracle Database 23ai
 * (NUMBER(14,3) columns), behind an Oracle Cloud load balancer, reproduced as a plain Node server.
 * ORDS: query parameters bound by their exact, case-sensitive names into VARCHAR2 binds, the body
 * read from `:body_text` with JSON_OBJECT_T, `:status_code` set by the handler, ORDS' own
 * problem+json pages for an unknown route (404, so the fabric inquiry probe finds none), a method a
 * template lacks (405) and an exception a handler lets out (555; every handler wraps its work in an
 * exception block mapping the vendor's codes and the ORA- errors of bad input — ORA-01722,
 * ORA-01438, ORA-12899, ORA-01861, ORA-40441 — to the page's envelope, code 400 where no page gives
 * one). Oracle: '' IS NULL, so an empty query parameter or body string is a missing one (an empty
 * reasonOfReturn 8882, `source=` 8003 or 82323284, an empty billNumber 82323271, an empty amount
 * 8888) — except fabric's pointType, billingEntity and reasonCode, whose `minLength: 1` the page
 * gives, so the vendor tells "" from null before the VARCHAR2; NUMBER keeps no trailing zeros, so
 * "100.00" has no decimal places (accepted in a program of 0) and "1e2" is 100 (TO_NUMBER);
 * NUMBER(14,3) rounds half away from zero on store (fabric's 0.0004 is refused as zero);
 * identifiers, bill numbers, event names and item codes compared as stored (case and blanks count);
 * JSON_OBJECT with quoted aliases writing NUMBER bare (670.5, 0.5) and NULL as null (ABSENT ON NULL
 * in the strict reading), pointsAvailable `TO_CHAR(main, 'FM99999999990.000')` ("670.000", the
 * page's form) or the bare NUMBER; fabric's empty ExceptionString written null ('' is NULL), its
 * transactionCode `RAWTOHEX(SYS_GUID())`. The deduction one transaction over the ledger row `SELECT
 * … FOR UPDATE` (a 1 ms round trip, so racing sessions really queue); the unlock one over the
 * bill's row, each unlocked line inserted into a table whose primary key refuses a second
 * (ORA-00001 mapped to 82323282), its points moved from external-trigger promised to main. Auth:
 * Basic `username:md5hex(password)` checked in PL/SQL (the digest in either case, as RAWTOHEX
 * writes it), Capillary's token exchange over ORDS' client-credentials clients (an hour's tokens in
 * X-CAP-API-OAUTH-TOKEN), 401 in the page's envelope, 403 with 4000 for a till without the Points
 * group on the deduction only (the unlock page names the Default group, the balance page none);
 * fabric's Bearer token. Statuses: 404 for 8015/82323277/3918, 403 for 4000, 400 else (every code
 * 400 in the strict reading). The strict reading's GETs read an Active Data Guard standby 10 ms
 * behind the primary (a version is visible by the clock once the lag has passed, never held back by
 * a busy event loop), the profile allowing reads 30 ms.
 *
 * Both readings came out conformant on the first run: no false verdict, no bug of mine the suite
 * showed. Habits tried besides on scratch runs, each conformant: identifiers, bill numbers and
 * event names compared with UPPER() on both sides; every Capillary error answered 200 under
 * `apiErrorStatus: any`; a bill date filtering the bill (82323277 for another day); ORDS' own 401
 * problem+json for failed credentials and its 403 problem+json for a client without the Points
 * group on every endpoint; the balance's dual-eligibility lookup shared by the deduction and the
 * unlock (a lone non-primary identifier 8015 there too); fabric's points read with JSON_VALUE's lax
 * conversion (a numeric string taken), a member's points allowed below zero, and `FOR UPDATE
 * NOWAIT` with ORA-00054 answered 409 (an 8 ms round trip: 32 deductions and 17 unlocks refused;
 * CAP-NPA-CONCURRENT-NO-OVERDRAW warns). Not conformant, rightly: pointsAvailable with group
 * separators (`'FM999G999G990D000'`, "1,250.500") fails CAP-NPA-POINTS-AVAILABLE-FORMAT and eleven
 * more — the page types it Integer, and no client reads the comma as a figure. Warnings left, where
 * the documents are silent: GEN-BODY-SCHEMA (the unlock lines' NULL columns written null in the
 * default reading), GEN-ERROR-CODE-KNOWN (the vendor's 400 for ORA- errors of bad input, 8013 and
 * 1218 on the balance), GEN-INVALID-REJECTED (a number or boolean reasonOfReturn read as its text
 * by get_string, fetchDataForAllPrograms other than "true" read as false, and unlock fields of the
 * wrong type reaching the bill lookup's 82323277, as NUMBER takes a fraction). In the strict
 * reading the requirements judged on reads right after a write warn or pass with the machine's pace
 * (the standby's lag within the profile's window), and are not listed in its shows.
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-STATUS-DECLARED': 'pass',
  'GEN-ERROR-ENVELOPE': 'pass',
  'GEN-UNDOCUMENTED-FIELDS': 'pass',
  'GEN-ERROR-CODE-KNOWN': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-AUTH-TOKEN-GENERATE': 'pass',
  'CAP-AUTH-HTTP-STATUS': 'pass',
  'CAP-NPA-8003': 'pass',
  'CAP-NPA-8013': 'pass',
  'CAP-NPA-8882': 'pass',
  'CAP-NPA-8887': 'pass',
  'CAP-NPA-8888': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-AMOUNT-NUMBER': 'pass',
  'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
  'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-NPA-REASON-REQUIRED': 'pass',
  'CAP-UPP-82323284': 'pass',
  'CAP-UPP-82323271': 'pass',
  'CAP-UPP-82323272': 'pass',
  'CAP-UPP-82323276': 'pass',
  'CAP-UPP-82323282': 'pass',
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
  'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
  'FAB-ADJ-NULLABLE-STRINGS': 'pass',
  'FAB-ADJ-TRANSACTION-CODE': 'pass',
  'FAB-AUTH-HTTP-STATUS': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom39Options, Cleanroom39Provider>[] = [
  {
    name: 'defaults: dual eligibility off, pointsAvailable as "670.000", NULL columns written, any 4xx, no fabric inquiry',
    options: {},
    shows: {
      ...SHOWS,
      // NULL columns of the unlock's lines written null (JSON_OBJECT's NULL ON NULL).
      'GEN-BODY-SCHEMA': 'warn',
      // Judged on reads right after a write: in the strict reading the standby may make them warn
      // (CAP-NPA-AMOUNT-STRING since fault hunt 62's string-amount-other-path: a clean clone's
      // strict reading warned it once, 2026-12-07).
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-AMOUNT-STRING': 'pass',
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
      'CAP-UPP-ONCE': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'FAB-ADJ-ADD': 'pass',
      'CAP-BAL-DUAL-MULTI': 'skip',
      // ORDS' 404 for the inquiry: fabric judged from the adjustment alone.
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-PENDING': 'skip',
    },
  },
  {
    name: 'strict: externalId primary in kite, bare NUMBER figures, "10.000" unlocked, ABSENT ON NULL, every code 400, a Data Guard standby 10 ms behind, the inquiry defined',
    options: {
      dualPrimary: { kite: 'externalId' },
      pointsAvailable: 'number',
      pointsUnlocked: 'text',
      absentOnNull: true,
      errorStatus: 'bad-request',
      standbyLagMs: 10,
      inquiry: true,
    },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'GEN-BODY-SCHEMA': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
      'CAP-BAL-DUAL-ORDER': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
];

describe('thirty-ninth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom39Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('counts and writes NUMBER as Oracle does: no trailing zeros, TO_NUMBER, NUMBER(14,3), JSON_OBJECT', () => {
    expect(OraNumber.parse('5.00').decimalPlaces).toBe(0);
    expect(OraNumber.parse(' 1e2 ').toJson()).toBe('100');
    expect(OraNumber.parse('.5').toJson()).toBe('0.5');
    expect(() => OraNumber.parse('')).toThrow(OraError);
    expect(OraNumber.parse('1.0005').column().toJson()).toBe('1.001');
    expect(OraNumber.parse('-1.0005').column().toJson()).toBe('-1.001');
    expect(OraNumber.parse('0.0004').column().sign).toBe(0);
    expect(() => OraNumber.parse('123456789012').column()).toThrow('ORA-01438');
    expect(OraNumber.parse('-0.5').toFixed(3)).toBe('-0.500');
    expect(jsonObject({ a: OraNumber.parse('670.000'), b: null, c: [] })).toBe('{"a":670,"b":null,"c":[]}');
    expect(jsonObject({ a: OraNumber.parse('0.50'), b: null }, { absentOnNull: true })).toBe('{"a":0.5}');
  });

  it('answers as an ORDS module of PL/SQL handlers over Oracle does', async () => {
    const provider = await startCleanroom39Provider();
    try {
      const till = { authorization: basic('kite.till07', 'kite-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (query: string) => `${provider.url}/v2/customers/lookup/negativePointsAdjustment?${query}`;
      const nia = 'identifierName=externalId&identifierValue=KT-NIA&source=INSTORE';
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.headers['content-type'], JSON.parse(a.body)];
      };
      // NUMBER keeps no trailing zeros: "100.00" has no decimals in program 3902, which rounds to none.
      expect(
        await answer(
          npa(nia),
          'POST',
          json,
          '{"pointsToBeAdjusted":"100.00","programId":3902,"reasonOfReturn":"r"}',
        ),
      ).toEqual([
        200,
        'application/json',
        {
          status: 'success',
          pointsAvailable: '700.000',
          message: 'points deducted successfully for the user ',
          warnings: [],
        },
      ]);
      // '' IS NULL: an empty reason is a missing one, an empty source none; identifiers as stored.
      const codes = [
        await answer(npa(nia), 'POST', json, '{"pointsToBeAdjusted":1,"reasonOfReturn":""}'),
        await answer(npa(nia.replace('INSTORE', '')), 'POST', json, '{}'),
        await answer(npa(nia.replace('KT-NIA', 'kt-nia')), 'POST', json, '{}'),
        await answer(npa(nia), 'POST', json, '{"pointsToBeAdjusted":"1e14","reasonOfReturn":"r"}'),
      ].map(([status, , body]) => [status, body.errors[0].code]);
      expect(codes).toEqual([
        [400, 8882],
        [400, 8003],
        [404, 8015],
        [400, 8907],
      ]);
      // FOR UPDATE: five racing deductions of 30 from 95.75 queue on the row; three go through.
      const pia = npa('identifierName=mobile&identifierValue=447700900393&source=INSTORE');
      const race = await Promise.all(
        Array.from({ length: 5 }, () =>
          answer(pia, 'POST', json, '{"pointsToBeAdjusted":30,"reasonOfReturn":"r"}'),
        ),
      );
      expect(race.map(([, , body]) => body.pointsAvailable ?? body.errors[0].code).sort()).toEqual([
        '35.750',
        '5.750',
        '65.750',
        8907,
        8907,
      ]);
      // ORDS' own pages: an unknown route, a method the template lacks.
      const unknown = await answer(`${provider.url}/v2/points/unlockpromisedpoints`, 'POST', json, '{}');
      expect(unknown).toEqual([
        404,
        'application/problem+json',
        expect.objectContaining({ code: 'NotFound', type: 'tag:oracle.com,2020:error/NotFound' }),
      ]);
      expect((await answer(npa(nia), 'GET', till))[0]).toBe(405);
      expect(await answer(npa(nia), 'POST', { 'content-type': 'application/json' }, '{}')).toEqual([
        401,
        'application/json',
        { errors: [{ status: false, code: 401, message: expect.any(String) }], warnings: [] },
      ]);
      // The unlock: once under the bill's lock and the lines' primary key; NULL columns written.
      const unlock = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=KT-OTTO&source=INSTORE`;
      const bill = '{"eventName":"TransactionAdd","billNumber":"KB-3903","eventLogId":[9390103]}';
      const both = await Promise.all([raw(unlock, 'POST', json, bill), raw(unlock, 'POST', json, bill)]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 400]);
      expect(JSON.parse(both.find((a) => a.status === 200)?.body ?? '')).toEqual({
        pointsUnlocked: [
          {
            billNumber: 'KB-3903',
            itemCode: null,
            pointsUnlocked: 16.5,
            programId: 3901,
            promotionIdentifier: null,
            promotionId: null,
            promotionName: null,
          },
          {
            billNumber: 'KB-3903',
            itemCode: null,
            pointsUnlocked: 5,
            programId: 3901,
            promotionIdentifier: 'KT-HARVEST',
            promotionId: 39501,
            promotionName: 'Harvest bonus',
          },
        ],
        warnings: [],
      });
      // fabric: "" told from null where the page gives minLength 1; '' written null; SYS_GUID's hex.
      const bearer = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const fabric = `${provider.url}/api/v1/members/points-adjustment`;
      const adjust = (body: object) =>
        answer(fabric, 'POST', bearer, JSON.stringify({ profileId: FABRIC_MEMBER, ...body }));
      const added = await adjust({ points: 100.25, pointType: null });
      expect([added[0], added[2].data]).toEqual([
        200,
        {
          Message: '100.25 points added',
          futureDate: false,
          ExceptionString: null,
          transactionCode: expect.stringMatching(/^[0-9A-F]{32}$/),
        },
      ]);
      expect((await adjust({ points: 1, pointType: '' })).slice(0, 1)).toEqual([400]);
      expect((await adjust({ points: 0.0004 })).slice(0, 1)).toEqual([400]);
      expect(
        (await answer(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', bearer))[0],
      ).toBe(404);
    } finally {
      await provider.close();
    }
  });
});
