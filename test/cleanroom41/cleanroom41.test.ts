import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue as basic } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { Decimal } from './decimal.ts';
import { ApexNumber, deserializeUntyped, serialize } from './json.ts';
import { type Cleanroom41Options, type Cleanroom41Provider, startCleanroom41Provider } from './provider.ts';

/**
 * The forty-first clean-room provider, written from the four documents and DESIGN.md alone: a
 * Salesforce org's Apex REST classes (`@RestResource`, one per endpoint) over custom objects
 * (Customer__c, Ledger__c with Number(16,3) fields, Bill__c, Unlocked_Line__c), served to a Site's
 * guest user at /services/apexrest, reproduced as a plain Node server. Apex: `Decimal` keeps the
 * scale it was given (100.50 stays 100.50; a Number(16,3) field reads back 670.000, written by
 * JSON.serialize as the bare 670.000), `setScale` rounds half even, `JSON.deserializeUntyped` hands
 * over Integer/Long/Decimal and Strings (a string amount parsed by `Decimal.valueOf`, Java's
 * grammar: "1e2" taken, " 5" a TypeException), `JSON.serialize` writes nulls (the unlock lines'
 * unset promotion fields) unless `suppressApexObjectNulls`; `RestContext.request.params` a
 * case-sensitive Map keeping a repeated parameter's first value (the last in the strict reading);
 * the platform's own arrays for what reaches no class (404 NOT_FOUND "Could not find a match for
 * URL", so the fabric inquiry probe finds none; 405 METHOD_NOT_ALLOWED; 500 APEX_ERROR for an
 * escaped exception, never met: every method maps TypeException, JSONException and DML errors to
 * the page's envelope, code 400 where no page gives one); every answer
 * `application/json;charset=UTF-8` with the Site's BrowserId cookie and no-store headers. SOQL's `=`
 * is case-insensitive: identifiers, the till's username, bill numbers, event names and item codes
 * match in any case (compared exactly in the strict reading); the enumerations (source,
 * identifierName, type) checked with `Set.contains` (case counts), or in the strict reading with
 * Apex's `==`, which ignores case. The deduction is one transaction over `SELECT … FROM Ledger__c
 * WHERE Customer__c = :id FOR UPDATE` (a 1 ms round trip, so racing requests queue; a wait past ten
 * seconds UNABLE_TO_LOCK_ROW, answered 409); decimal places are the scale as given ("100.00" has
 * two), or after `stripTrailingZeros()` in the strict reading; the reason checked with
 * `String.isBlank`; pointsAvailable `String.valueOf` of the field ("670.000") or the Decimal. The
 * unlock locks the bill's row, each unlocked line inserted with a unique, case-insensitive External
 * ID (DUPLICATE_VALUE mapped to 82323282), its points moved from delayed accrual to main. Auth:
 * Basic `username:md5hex(password)` compared with Apex's `==` (either case of the digest),
 * Capillary's token exchange (an hour's tokens in a Platform Cache partition), 401 in the page's
 * envelope, 403 with 4000 for a till or app without the Points group on the deduction only; fabric's
 * Bearer checked by the class (its envelope, 401), or in the strict reading by the platform as a
 * connected app's session (the platform's 401 INVALID_SESSION_ID array); fabric's transactionCode
 * the inserted Adjustment__c's 18-character Id (a UUID in the strict reading), points read as a
 * JSON number only (a numeric string too in the strict reading), stored half even at three places
 * (0.0004 refused as zero). Statuses: 404 for 8015/82323277/3918, 403 for 4000, 400 else (every
 * code 400 in the strict reading).
 *
 * Both readings came out conformant on the first run: no false verdict, no bug of mine the suite
 * showed. Every habit above that a reading does not take was tried on scratch runs besides, and
 * these: pointsAvailable as the sum over the customer's programs (`SUM(Main__c)`) or at the
 * program's round decimals ("4900.00"); the promised points held as external-trigger points, not
 * delayed accrual; every query parameter `trim()`med; a body with text after its JSON taken; each
 * conformant. Warnings left, where the documents are silent: CAP-NPA-8887 (an empty-string
 * programId with a promotionIdentifier is `Integer.valueOf('')`'s TypeException, 400, before the
 * note's 8887), GEN-ERROR-CODE-KNOWN (code 400 for Apex exceptions of bad input, 8013 on the
 * balance), GEN-INVALID-REJECTED (fetchDataForAllPrograms read by `Boolean.valueOf`, anything but
 * "true" false; unlock fields of the wrong type reaching the bill lookup's 82323277), GEN-BODY-SCHEMA
 * (the unlock lines' nulls in the default reading; the platform's 401 array for fabric in the
 * strict one).
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
  'GEN-BODY-SCHEMA': 'warn',
  'CAP-AUTH-BASIC': 'pass',
  'CAP-AUTH-OAUTH': 'pass',
  'CAP-AUTH-WRONG': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-AUTH-TOKEN-GENERATE': 'pass',
  'CAP-NPA-8003': 'pass',
  'CAP-NPA-8013': 'pass',
  'CAP-NPA-8015': 'pass',
  'CAP-NPA-8882': 'pass',
  'CAP-NPA-8887': 'warn',
  'CAP-NPA-8888': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-AMOUNT-NUMBER': 'pass',
  'CAP-NPA-DECIMALS-WITHIN': 'pass',
  'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
  'CAP-NPA-SOURCE-VALUES': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
  'CAP-NPA-ARITHMETIC': 'pass',
  'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
  'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
  'CAP-UPP-82323282': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-FILTER-ITEM-CODES': 'pass',
  'CAP-UPP-RESPONSE-NUMERIC': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-UPP-BILL-NUMBER-TYPES': 'pass',
  'CAP-UPP-TYPE-DEFAULT': 'pass',
  'CAP-BAL-TOTAL': 'pass',
  'CAP-BAL-ENTITY': 'pass',
  'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-ADJ-ENVELOPE': 'pass',
  'FAB-ADJ-TRANSACTION-CODE': 'pass',
  'FAB-ADJ-UNKNOWN-MEMBER': 'pass',
  'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
  'FAB-AUTH-WRONG': 'pass',
  'FAB-AUTH-HTTP-STATUS': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom41Options, Cleanroom41Provider>[] = [
  {
    name: 'defaults: SOQL case-insensitive lookups, scale as given, "670.000", nulls written, record Ids, the platform\'s 404 for the inquiry',
    options: {},
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'skip',
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-PENDING': 'skip',
    },
  },
  {
    name: 'strict: externalId primary in tern, every code 400, exact lookups, Apex == on enumerations, last repeated parameter, stripTrailingZeros, bare Decimals, nulls suppressed, platform session for fabric, the inquiry deployed, a bill race',
    options: {
      dualPrimary: { tern: 'externalId' },
      errorStatus: 'bad-request',
      exactIdentifiers: true,
      apexEquals: true,
      repeatedParam: 'last',
      stripTrailingZeros: true,
      pointsAvailable: 'number',
      suppressNulls: true,
      sessionAuth: true,
      laxPoints: true,
      transactionCode: 'uuid',
      inquiry: true,
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

describe('forty-first clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom41Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('keeps, rounds and writes Decimal as Apex does', () => {
    expect(Decimal.valueOf('100.50').toString()).toBe('100.50');
    expect(Decimal.valueOf('100.00').scale).toBe(2);
    expect(Decimal.valueOf('100.00').stripTrailingZeros().scale).toBe(0);
    expect(Decimal.valueOf('1e2').toString()).toBe('100');
    expect(() => Decimal.valueOf(' 5')).toThrow('Invalid decimal');
    expect(Decimal.valueOf('0.0005').setScale(3).toString()).toBe('0.000');
    expect(Decimal.valueOf('0.0015').setScale(3).toString()).toBe('0.002');
    expect(Decimal.valueOf('-1.0025').setScale(3).toString()).toBe('-1.002');
    const body = deserializeUntyped('{"a":100,"b":100.50,"c":"100.00","d":9999999999}');
    expect(
      body instanceof Map && [...body.values()].map((v) => (v instanceof ApexNumber ? v.type : v)),
    ).toEqual(['Integer', 'Decimal', '100.00', 'Long']);
    expect(serialize({ a: Decimal.valueOf('670.000'), b: null })).toBe('{"a":670.000,"b":null}');
    expect(serialize({ a: Decimal.valueOf('0.50'), b: null }, true)).toBe('{"a":0.50}');
  });

  it('answers as Apex REST classes behind a Salesforce Site do', async () => {
    const provider = await startCleanroom41Provider();
    try {
      const till = {
        authorization: basic('tern.till04', 'tern-till-pass'),
        'content-type': 'application/json',
      };
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.headers['content-type'], JSON.parse(a.body)];
      };
      const npa = (query: string) => `${provider.url}/v2/customers/lookup/negativePointsAdjustment?${query}`;
      // SOQL's = ignores case; "100.00" keeps two places, within program 4101's two.
      expect(
        await answer(
          npa('identifierName=externalId&identifierValue=tn-ada&source=INSTORE'),
          'POST',
          till,
          '{"pointsToBeAdjusted":"100.00","reasonOfReturn":"r"}',
        ),
      ).toEqual([
        200,
        'application/json;charset=UTF-8',
        {
          status: 'success',
          pointsAvailable: '4900.000',
          message: 'points deducted successfully for the user ',
          warnings: [],
        },
      ]);
      // FOR UPDATE: five racing deductions of 30 from 95.750 queue on the ledger; three go through.
      const cy = npa('identifierName=mobile&identifierValue=447700900413&source=INSTORE');
      const race = await Promise.all(
        Array.from({ length: 5 }, () =>
          answer(cy, 'POST', till, '{"pointsToBeAdjusted":30,"reasonOfReturn":"r"}'),
        ),
      );
      expect(race.map(([, , b]) => b.pointsAvailable ?? b.errors[0].code).sort()).toEqual([
        '35.750',
        '5.750',
        '65.750',
        8907,
        8907,
      ]);
      // The platform's own arrays: an unmapped URL (mappings are case-sensitive), a method the class lacks.
      expect(await answer(`${provider.url}/v2/points/unlockpromisedpoints`, 'POST', till, '{}')).toEqual([
        404,
        'application/json;charset=UTF-8',
        [{ errorCode: 'NOT_FOUND', message: 'Could not find a match for URL' }],
      ]);
      const [status, , body] = await answer(cy, 'GET', till);
      expect([status, body[0].errorCode]).toEqual([405, 'METHOD_NOT_ALLOWED']);
      // The unlock: once, the unset promotion fields written null; a second unlock 82323282.
      const unlock = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=TN-BO&source=INSTORE`;
      const bill = '{"eventName":"transactionadd","billNumber":"tb-4103"}';
      const both = await Promise.all([raw(unlock, 'POST', till, bill), raw(unlock, 'POST', till, bill)]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 400]);
      expect(both.find((a) => a.status === 200)?.body).toBe(
        '{"pointsUnlocked":[{"billNumber":"TB-4103","itemCode":null,"pointsUnlocked":16.500,"programId":4101,"promotionIdentifier":null,"promotionId":null,"promotionName":null},{"billNumber":"TB-4103","itemCode":null,"pointsUnlocked":5.000,"programId":4101,"promotionIdentifier":"TN-SPRING","promotionId":41501,"promotionName":"Spring bonus"}],"warnings":[]}',
      );
      // fabric: the record Id as transactionCode; 0.0004 rounds to zero and is refused.
      const bearer = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const fabric = `${provider.url}/api/v1/members/points-adjustment`;
      const adjust = (b: object) =>
        answer(fabric, 'POST', bearer, JSON.stringify({ profileId: FABRIC_MEMBER, ...b }));
      const added = await adjust({ points: 100.5 });
      expect([added[0], added[2].data]).toEqual([
        200,
        {
          Message: '100.500 points added',
          futureDate: false,
          ExceptionString: '',
          transactionCode: 'a0F5g0000000001AQE',
        },
      ]);
      expect((await adjust({ points: 0.0004 }))[0]).toBe(400);
      expect(
        (await answer(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', bearer))[0],
      ).toBe(404);
    } finally {
      await provider.close();
    }
  });
});
