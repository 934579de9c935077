import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import {
  dec,
  decimalFromNumber,
  decimalText,
  f64Text,
  parseDecimalText,
  significantPlaces,
} from './decimal.ts';
import { type Cleanroom24Options, startCleanroom24Provider } from './provider.ts';
import { F64, toJson } from './serde.ts';

/**
 * The twenty-fourth clean-room provider, written from the four documents and DESIGN.md alone: a
 * Rust service built with axum, serde and rust_decimal on SQLite, reproduced in TypeScript.
 * serde_json's habits: struct field order, `f64` figures with a point when whole (fabric's
 * `100.0`, the member inquiry's figures), integers as integers, rust_decimal `serde-with-str`
 * strings keeping the program's scale (`"70.000"`, `"480"`), an unlock line's `itemCode` skipped
 * when `None` (`skip_serializing_if`) but its promotion fields written as `null`, no trailing
 * newline. axum's habits: the `Json` extractor refusing a body before the handler (415 text/plain
 * without `Content-Type: application/json`, 400 "Failed to parse the request body as JSON: …" for
 * syntax, 422 "Failed to deserialize the JSON body into the target type: …" for a missing
 * `pointsToBeAdjusted` or fabric `points`, a value of the wrong type, or a fabric `pointType`
 * outside the page's four names, a serde enum), the `Query` extractor's 400 "Failed to
 * deserialize query string: …" (a missing identifierValue on the deduction, a balance's
 * `programId` or `fetchDataForAllPrograms` that does not parse), unknown routes 404 and wrong
 * methods 405 with `allow`, both empty; lower-case header names and `content-length` always.
 * Fields the pages give a code for are `Option`s checked in the handler, answered with the
 * Capillary envelope: the deduction's identifierName (8013), source (8003), reasonOfReturn
 * (8882), pointsAwardedRefType (9975), the unlock's query (82323284), type (82323276),
 * billNumber (82323271) and eventName (82323272). Status per code: 404 not found (8015,
 * 82323277), 409 ledger refusals (8907, 82323282), 403 for 4000, 400 the rest.
 *
 * Data: org ferris (negative balances off, programs of 2, 0 and 3 round decimals, a store with
 * two tills, two customers sharing a mobile, a bill whose lines fall in two programs; dual
 * eligibility with externalId primary in the strict reading) and org crab (on, programs of 1 and
 * 3); Basic and OAuth in each, a kiosk till and a viewer app without the Points access group; a
 * fabric tenant knowing reason codes 7502 and GOODWILL.
 *
 * It found one false verdict of the suite: a plain-text refusal (axum's extractor rejections of a
 * request the documents give no code for: a missing amount, a value of the wrong type) failed
 * GEN-CONTENT-TYPE, GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE, while the same refusal as a codeless
 * JSON object only warned; the documents show no body for such a refusal. A client error with a
 * non-empty `text/plain` body that is not JSON is now a refusal whose media type and body only
 * warn (`refusedWithoutJson`; since variant hunt 19 HTML and an empty body too); documented error
 * paths are judged as before.
 *
 * Warnings left, where the documents are silent:
 * - GEN-CONTENT-TYPE, GEN-BODY-SCHEMA, GEN-ERROR-ENVELOPE: the extractors' plain-text refusals,
 *   the unlock lines' null promotion fields;
 * - GEN-ERROR-CODE-KNOWN: codes of its own for a negative amount (8908), a reason over 50
 *   characters (8883), promotionId with promotionIdentifier (8875), an unknown store, till or
 *   program on the unlock (82323290–82323292), and 8003/8013 on the unlock;
 * - CAP-UPP-TILL-ID-SPELLING (without a declared store and till): the example's 1122/323 refused.
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'warn',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-INVALID-REJECTED': 'pass',
  'CAP-NPA-AMOUNT-REQUIRED': 'pass',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'FAB-ADJ-POINTS-REQUIRED': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-INQ-BALANCE': 'pass',
};

/** Two readings, side by side: about 1,190–1,220 exchanges each. */
const READINGS: Reading<Cleanroom24Options>[] = [
  {
    name: 'defaults: dual eligibility off, any 4xx, no store or till declared',
    options: {},
    shows: { ...SHOWS, 'CAP-UPP-TILL-ID-SPELLING': 'warn', 'CAP-BAL-DUAL-MULTI': 'skip' },
  },
  {
    name: 'strict: dual eligibility with externalId primary, statuses pinned [400, 401, 403, 404, 409, 415, 422], store, till, reason code and point type declared',
    options: { dualPrimary: 'externalId' },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'CAP-UPP-TILL-ID-SPELLING': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
    },
  },
];

describe('twenty-fourth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom24Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 120_000,
  });

  it('reads decimals as rust_decimal and writes JSON as serde_json does', () => {
    expect([
      parseDecimalText('100.00'),
      parseDecimalText('1e2'),
      parseDecimalText('.'),
      decimalFromNumber(1.5e2),
    ]).toEqual([{ mantissa: 10_000n, scale: 2 }, undefined, undefined, { mantissa: 150n, scale: 0 }]);
    expect(decimalFromNumber(1e-7)).toEqual({ mantissa: 1n, scale: 7 });
    expect([significantPlaces(dec('100.00')), significantPlaces(dec('1.010'))]).toEqual([0, 2]);
    expect([decimalText(dec('670.000')), decimalText(dec('-0.05')), decimalText(dec('480'))]).toEqual([
      '670.000',
      '-0.05',
      '480',
    ]);
    expect([f64Text(100), f64Text(-2.5), f64Text(1e21)]).toEqual(['100.0', '-2.5', '1e21']);
    expect(toJson({ a: new F64(7), b: 3, c: null, d: undefined, e: ['x'] })).toBe(
      '{"a":7.0,"b":3,"c":null,"e":["x"]}',
    );
  });

  it('answers as axum does: extractor rejections, handler envelopes, empty 404 and 405, scales kept', async () => {
    const provider = await startCleanroom24Provider({ dualPrimary: 'externalId' });
    try {
      const md5 = createHash('md5').update('ferris-till-secret').digest('hex');
      const auth = { authorization: `Basic ${Buffer.from(`ferris.till01:${md5}`).toString('base64')}` };
      const headers = { ...auth, 'content-type': 'application/json' };
      const query = 'identifierName=mobile&identifierValue=351930240001&source=INSTORE';
      const npa = `${provider.url}/v2/customers/lookup/negativePointsAdjustment`;
      const done = await raw(
        `${npa}?${query}`,
        'POST',
        headers,
        '{"pointsToBeAdjusted":"100.00","reasonOfReturn":"x","note":1}',
      );
      expect([done.status, done.headers['content-type'], done.headers['content-length'], done.body]).toEqual([
        200,
        'application/json',
        '117',
        '{"status":"success","pointsAvailable":"3110.55","message":"points deducted successfully for the user ","warnings":[]}',
      ]);
      // Program 2403 keeps three places: the page's "670.000" habit.
      const scaled = await raw(
        `${npa}?${query}`,
        'POST',
        headers,
        '{"pointsToBeAdjusted":5.125,"programId":2403,"reasonOfReturn":"x"}',
      );
      expect(JSON.parse(scaled.body).pointsAvailable).toBe('70.000');
      const plain = (status: number, body: string) => ({
        status,
        body,
        contentType: 'text/plain; charset=utf-8',
      });
      const shape = (a: { status: number; body: string; headers: Record<string, unknown> }) => ({
        status: a.status,
        body: a.body,
        contentType: a.headers['content-type'],
      });
      expect(shape(await raw(`${npa}?${query}`, 'POST', headers, '{"reasonOfReturn":"x"}'))).toEqual(
        plain(
          422,
          'Failed to deserialize the JSON body into the target type: missing field `pointsToBeAdjusted` at line 1 column 22',
        ),
      );
      expect(
        shape(await raw(`${npa}?${query}`, 'POST', headers, '{"pointsToBeAdjusted":1,"programId":"2401"}')),
      ).toEqual(
        plain(
          422,
          'Failed to deserialize the JSON body into the target type: invalid type: string "2401", expected i64 at line 1 column 43',
        ),
      );
      expect(shape(await raw(`${npa}?${query}`, 'POST', auth, '{"pointsToBeAdjusted":1}'))).toEqual(
        plain(415, 'Expected request with `Content-Type: application/json`'),
      );
      expect(shape(await raw(`${npa}?${query}`, 'POST', headers, '{"pointsToBeAdjusted":'))).toEqual(
        plain(400, 'Failed to parse the request body as JSON: EOF while parsing a value at line 1 column 22'),
      );
      expect(shape(await raw(`${npa}?source=INSTORE&identifierName=mobile`, 'POST', headers, '{}'))).toEqual(
        plain(400, 'Failed to deserialize query string: missing field `identifierValue`'),
      );
      // A field the page gives a code for is the handler's: the envelope, not the extractor.
      const noReason = await raw(`${npa}?${query}`, 'POST', headers, '{"pointsToBeAdjusted":1}');
      expect([noReason.status, noReason.body]).toEqual([
        400,
        '{"errors":[{"status":false,"code":8882,"message":"reason of return is missing"}],"warnings":[]}',
      ]);
      const wrongMethod = await raw(`${npa}?${query}`, 'GET', auth);
      expect([
        wrongMethod.status,
        wrongMethod.headers.allow,
        wrongMethod.body,
        wrongMethod.headers['content-type'],
      ]).toEqual([405, 'POST', '', undefined]);
      const unknown = await raw(`${provider.url}/v2/customers/lookup/points`, 'GET', auth);
      expect([unknown.status, unknown.body, unknown.headers['content-length']]).toEqual([404, '', '0']);
      const balanceUrl = `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE`;
      expect(
        shape(
          await raw(
            `${balanceUrl}&identifierName=externalId&identifierValue=FE-24-ANA&fetchDataForAllPrograms=yes`,
            'GET',
            auth,
          ),
        ),
      ).toEqual(plain(400, 'Failed to deserialize query string: provided string was not `true` or `false`'));
      // Dual eligibility: the primary (externalId) decides; a lone mobile is 8015.
      const balance = await raw(
        `${balanceUrl}&identifierName=mobile,externalId&identifierValue=351930240001,FE-24-ANA&fetchDataForAllPrograms=true`,
        'GET',
        auth,
      );
      expect(balance.body).toBe(
        '{"entityId":240001,"entityType":"CUSTOMER","totalPoints":"3751.925","mainPoints":"3660.550","promisedPoints":"91.375","promisedPointsBreakup":{"delayedAccrualPoints":"79.125","externalTriggerBasedPoints":"12.250"},"warnings":[]}',
      );
      expect(
        (await raw(`${balanceUrl}&identifierName=mobile&identifierValue=351930240001`, 'GET', auth)).status,
      ).toBe(404);
      // Two unlocks of one bill at once: one converts it, the other finds nothing left.
      const unlock = () =>
        raw(
          `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=FE-24-DUARTE&source=INSTORE`,
          'POST',
          headers,
          '{"eventName":"TransactionAdd","billNumber":"FE-B-2403","eventLogId":9240003}',
        );
      const both = await Promise.all([unlock(), unlock()]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(both.map((a) => a.body).sort()).toEqual([
        '{"errors":[{"status":false,"code":82323282,"message":"No promise points found to unlock."}],"warnings":[]}',
        '{"pointsUnlocked":[{"billNumber":"FE-B-2403","pointsUnlocked":"15.00","programId":2401,"promotionIdentifier":null,"promotionId":null,"promotionName":null},{"billNumber":"FE-B-2403","pointsUnlocked":"2.50","programId":2401,"promotionIdentifier":"FERRIS-24","promotionId":24501,"promotionName":"Semana do caranguejo"}],"warnings":[]}',
      ]);
      const fabric = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        raw(
          `${provider.url}/api/v1/members/points-adjustment`,
          'POST',
          fabric,
          JSON.stringify({ profileId: FABRIC_MEMBER, ...body }),
        );
      const added = JSON.parse((await adjust({ points: 100, reasonCode: '7502', pointType: 'Base' })).body);
      expect(added).toMatchObject({
        message: 'Member points adjusted',
        errors: {},
        data: { Message: '100.0 points added', futureDate: false, ExceptionString: '' },
        status: 200,
      });
      expect(shape(await adjust({ points: 1, pointType: 'Gold' }))).toEqual(
        plain(
          422,
          'Failed to deserialize the JSON body into the target type: unknown variant `Gold`, expected one of `Base`, `Bonus`, `Promotional`, `Restricted` at line 1 column 82',
        ),
      );
      const inquiry = await raw(
        `${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`,
        'GET',
        fabric,
      );
      expect(inquiry.body).toContain(
        '"pointsBalance":{"memberPointsAvailable":600.0,"memberPointsLocked":0.0,"totalPoints":600.0}',
      );
    } finally {
      await provider.close();
    }
  });
});
