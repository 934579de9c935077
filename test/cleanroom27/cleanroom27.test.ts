import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { parseDecimal, places, toText } from './decimal.ts';
import { decodeQuery } from './plug.ts';
import { type Cleanroom27Options, startCleanroom27Provider } from './provider.ts';

/**
 * The twenty-seventh clean-room provider, written from the four documents and DESIGN.md alone: an
 * Elixir Phoenix service (Plug, Ecto on PostgreSQL, Jason, the Decimal library) on Bandit,
 * reproduced in TypeScript without Elixir. Its habits: Plug.Parsers before the router (415 for a
 * body that is not JSON, 400 `{"errors":{"detail":"Bad Request"}}` for malformed JSON), Phoenix's
 * ErrorJSON `{"errors":{"detail":…}}` for 401, 403 (the deduction's Points access group), 404
 * (unknown routes and methods, an unknown fabric member) and 409 (Ecto.StaleEntryError); Ecto
 * changesets answering fields the pages give no code for with 422 `{"errors":{"field":["is
 * invalid"]}}` ("can't be blank", "should be at most 50 character(s)", "must be greater than 0");
 * the documented cases in the Capillary envelope with the page's code (404 for 8015, 82323277 and
 * 3918; 422 for 8907, 82323282 and 1218; 400 the rest). Jason writes map keys sorted, Decimals as
 * strings keeping the scale of each program's `numeric` column (`"1510.25"`, `"900"`,
 * `"12.500"`; sums at the widest), nil as null (the inquiry's `subType`). Plug's query decoding:
 * `a[]=` lists (refused where a string belongs), repeated keys last-wins; booleans only
 * "true"/"false" (a StrictBoolean type: Ecto's own :boolean would take "1"/"0"). Ecto's
 * optimistic lock on the customer row: a deduction whose row changed between read and update is
 * retried once, then refused 409.
 *
 * Data: org krakow (negative balances off, programs 2701/2702/2703 of 2, 0 and 3 round decimals,
 * two customers sharing an email, a bill whose promised lines fall in two programs; dual
 * eligibility with externalId primary in the strict reading) and org gdansk (on, 0 and 2, its
 * default program the whole-point one); Basic and OAuth in each, a kiosk till and a viewer app
 * without the Points access group; one fabric member.
 *
 * It found one false verdict of the suite: GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE failed the 409
 * `{"errors":{"detail":"Conflict"}}` of a deduction that lost its lock twice, a refusal the
 * documents give no code for: `errors` as a map of one message now reads as reporting no code,
 * as a map of message lists did (a `code` member still is an envelope).
 *
 * Warnings left, where the documents are silent:
 * - GEN-BODY-SCHEMA, GEN-ERROR-ENVELOPE: changesets' and ErrorJSON's codeless bodies;
 * - GEN-ERROR-CODE-KNOWN: 8013 on the unlock (an identifier name outside its list);
 * - CAP-NPA-CONCURRENT-NO-OVERDRAW: concurrent deductions refused 409 (when a race is lost twice).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-ERROR-CODE-KNOWN': 'warn',
  'GEN-INVALID-REJECTED': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-NPA-AMOUNT-REQUIRED': 'pass',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass',
  'CAP-UPP-TILL-ID-SPELLING': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'FAB-ADJ-POINTS-REQUIRED': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-INQ-BALANCE': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom27Options>[] = [
  {
    name: 'defaults: dual eligibility off, any 4xx, no store or till declared',
    options: {},
    shows: { ...SHOWS, 'CAP-BAL-DUAL-MULTI': 'skip' },
  },
  {
    name: 'strict: dual eligibility with externalId primary, statuses pinned [400, 401, 403, 404, 409, 415, 422], store, till, reason code and point type declared',
    options: { dualPrimary: 'externalId' },
    profile: STRICT_PROFILE,
    shows: { ...SHOWS, 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass' },
  },
];

describe('twenty-seventh clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom27Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 120_000,
  });

  it('keeps a Decimal scale as the numeric column gives it, and counts places without trailing zeros', () => {
    const text = (s: string) => toText(parseDecimal(s) as never);
    expect([text('100.50'), text('900'), text('1.2525E+1'), text('-0.5'), text('.25')]).toEqual([
      '100.50',
      '900',
      '12.525',
      '-0.5',
      '0.25',
    ]);
    expect([places(parseDecimal('100.00') as never), places(parseDecimal(1.001) as never)]).toEqual([0, 3]);
    expect([parseDecimal('12abc'), parseDecimal('NaN'), parseDecimal(true)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('decodes a query as Plug does: lists with [], maps with [key], plain keys last-wins', () => {
    expect(decodeQuery('?a[]=1&a[]=2&b=x&b=y&c[d]=e&f')).toEqual({
      a: ['1', '2'],
      b: 'y',
      c: { d: 'e' },
      f: '',
    });
  });

  it('answers as Phoenix on Bandit does: sorted keys, changesets, ErrorJSON details, documented envelopes', async () => {
    const provider = await startCleanroom27Provider({ dualPrimary: 'externalId' });
    try {
      const md5 = createHash('md5').update('krakow-kasa-pass').digest('hex');
      const auth = { authorization: `Basic ${Buffer.from(`krakow.kasa01:${md5}`).toString('base64')}` };
      const headers = { ...auth, 'content-type': 'application/json' };
      const npa = `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=mobile&identifierValue=48270000001&source=INSTORE`;
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.body];
      };
      const ok = await raw(npa, 'POST', headers, '{"pointsToBeAdjusted":"10.00","reasonOfReturn":"zwrot"}');
      expect([
        ok.status,
        ok.headers.server,
        ok.headers['content-type'],
        ok.headers['cache-control'],
        ok.body,
      ]).toEqual([
        200,
        undefined,
        'application/json; charset=utf-8',
        'max-age=0, private, must-revalidate',
        '{"message":"points deducted successfully for the user ","pointsAvailable":"1500.25","status":"success","warnings":[]}',
      ]);
      expect(String(ok.headers['x-request-id'])).toMatch(/^[A-Za-z0-9_-]{20}$/);
      expect(
        await answer(
          npa,
          'POST',
          headers,
          `{"pointsToBeAdjusted":"abc","reasonOfReturn":"${'x'.repeat(51)}"}`,
        ),
      ).toEqual([
        422,
        '{"errors":{"pointsToBeAdjusted":["is invalid"],"reasonOfReturn":["should be at most 50 character(s)"]}}',
      ]);
      // "" is an empty value to Ecto's cast: the reason is missing, a documented code.
      expect(await answer(npa, 'POST', headers, '{"pointsToBeAdjusted":1,"reasonOfReturn":""}')).toEqual([
        400,
        '{"errors":[{"code":8882,"message":"reason of return is missing","status":false}],"warnings":[]}',
      ]);
      expect(await answer(npa, 'POST', headers, '{"pointsToBeAdjusted":1,}')).toEqual([
        400,
        '{"errors":{"detail":"Bad Request"}}',
      ]);
      expect(await answer(npa, 'POST', { ...auth, 'content-type': 'text/plain' }, 'points')).toEqual([
        415,
        '{"errors":{"detail":"Unsupported Media Type"}}',
      ]);
      expect(await answer(npa, 'POST', { 'content-type': 'application/json' }, '{}')).toEqual([
        401,
        '{"errors":{"detail":"Unauthorized"}}',
      ]);
      const kiosk = createHash('md5').update('krakow-kiosk-pass').digest('hex');
      const kioskAuth = `Basic ${Buffer.from(`krakow.kiosk:${kiosk}`).toString('base64')}`;
      expect(
        await answer(npa, 'POST', { authorization: kioskAuth, 'content-type': 'application/json' }, '{}'),
      ).toEqual([403, '{"errors":{"detail":"Forbidden"}}']);
      expect(await answer(`${provider.url}/x`, 'GET', auth)).toEqual([
        404,
        '{"errors":{"detail":"Not Found"}}',
      ]);
      expect(await answer(npa, 'GET', auth)).toEqual([404, '{"errors":{"detail":"Not Found"}}']);
      const token = await raw(
        `${provider.url}/v3/oauth/token/generate`,
        'POST',
        { 'content-type': 'application/json' },
        '{"key":"cr27-krakow-app","secret":"krakow-app-secret"}',
      );
      expect(token.body).toMatch(
        /^\{"data":\{"accessToken":"[A-Za-z0-9_-]+","ttlSeconds":3600\},"errors":null\}$/,
      );

      // Dual eligibility: externalId decides; a lone email is 8015 (404); "1" is no boolean here.
      const balance = `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE`;
      const both = await raw(
        `${balance}&identifierName=email,externalId&identifierValue=rodzina@krakow.test,KR-DOROTA&fetchDataForAllPrograms=true`,
        'GET',
        auth,
      );
      expect(both.body).toBe(
        '{"entityId":270004,"entityType":"CUSTOMER","mainPoints":"240.00","promisedPoints":"19.50","promisedPointsBreakup":{"delayedAccrualPoints":"19.50","externalTriggerBasedPoints":"0.00"},"totalPoints":"259.50","warnings":[]}',
      );
      const lone = `${balance}&identifierName=email&identifierValue=rodzina@krakow.test`;
      expect((await raw(lone, 'GET', auth)).status).toBe(404);
      const byId = `${balance}&identifierName=externalId&identifierValue=KR-NOBODY&identifierValue=KR-DOROTA`;
      expect([
        (await raw(`${byId}&fetchDataForAllPrograms=1`, 'GET', auth)).body,
        (await raw(`${byId}&programId=2702`, 'GET', auth)).body,
      ]).toEqual([
        '{"errors":{"fetchDataForAllPrograms":["is invalid"]}}',
        '{"entityId":270004,"entityType":"CUSTOMER","mainPoints":"30","promisedPoints":"6","promisedPointsBreakup":{"delayedAccrualPoints":"6","externalTriggerBasedPoints":"0"},"totalPoints":"36","warnings":[]}',
      ]);
      expect(
        (await raw(`${balance}&identifierName[]=externalId&identifierValue=KR-DOROTA`, 'GET', auth)).body,
      ).toBe('{"errors":{"identifierName":["is invalid"]}}');

      // A bill over two programs unlocks whole; a second unlock finds nothing (422).
      const unlockUrl = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=KR-DOROTA&source=INSTORE`;
      const unlockBody = '{"eventName":"TransactionAdd","billNumber":"KR-P-0003","eventLogId":[9270003]}';
      expect((await raw(unlockUrl, 'POST', headers, unlockBody)).body).toBe(
        '{"pointsUnlocked":[{"billNumber":"KR-P-0003","pointsUnlocked":"11.50","programId":2701},{"billNumber":"KR-P-0003","itemCode":"OSCYPEK","pointsUnlocked":"6","programId":2702},{"billNumber":"KR-P-0003","pointsUnlocked":"2.00","programId":2701,"promotionId":27501,"promotionIdentifier":"KRAKOW-LATO","promotionName":"Lato w Krakowie"}],"warnings":[]}',
      );
      expect((await raw(unlockUrl, 'POST', headers, unlockBody)).status).toBe(422);

      // The optimistic lock: parallel deductions are each applied or refused 409, never lost.
      const celina = `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=externalId&identifierValue=KR-CELINA&source=INSTORE`;
      const answers = await Promise.all(
        Array.from({ length: 6 }, () =>
          raw(celina, 'POST', headers, '{"pointsToBeAdjusted":1,"reasonOfReturn":"zwrot"}'),
        ),
      );
      const applied = answers.filter((a) => a.status === 200).length;
      expect(answers.every((a) => a.status === 200 || a.body === '{"errors":{"detail":"Conflict"}}')).toBe(
        true,
      );
      const after = await raw(
        `${balance}&identifierName=externalId&identifierValue=KR-CELINA&programId=2701`,
        'GET',
        auth,
      );
      expect(JSON.parse(after.body).mainPoints).toBe(`${60 - applied}.00`);

      const fabric = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        answer(
          `${provider.url}/api/v1/members/points-adjustment`,
          'POST',
          fabric,
          JSON.stringify({ profileId: FABRIC_MEMBER, ...body }),
        );
      const [status, body] = await adjust({ points: -2.5, pointType: 'Base' });
      expect([status, JSON.parse(String(body)).data.Message]).toEqual([200, '2.5 points deducted']);
      expect(JSON.parse(String((await adjust({ points: 100 }))[1])).data.Message).toBe('100.0 points added');
      expect(await adjust({ pointType: '' })).toEqual([
        422,
        '{"errors":{"pointType":["should be at least 1 character(s)"],"points":["can\'t be blank"]}}',
      ]);
      expect(
        (await raw(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', fabric)).body,
      ).toBe(
        '{"data":[{"pointsBalance":{"memberPointsAvailable":1347.5,"memberPointsLocked":0},"pointsByType":[{"pointType":"Base","points":1347.5,"subType":null}],"totalPoints":1347.5}],"errors":{},"message":"Member points","status":200}',
      );
    } finally {
      await provider.close();
    }
  });
});
