import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw, rawHeaderNames } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { numericText, placesOf, toUnits } from './decimal.ts';
import { syntaxErrorIndex } from './jsonsyntax.ts';
import { type Cleanroom30Options, startCleanroom30Provider } from './provider.ts';

/**
 * The thirtieth clean-room provider, written from the four documents and DESIGN.md alone: a Go
 * gRPC service exposed as REST by grpc-gateway (protojson) behind an Envoy sidecar, Postgres
 * underneath, reproduced in TypeScript. protojson with `EmitUnpopulated: false`, decided per field:
 * a row of a page's response table is written always (proto3 `optional`: the balance's entityId,
 * totalPoints, mainPoints and breakup figures), a field only an example or DESIGN.md shows is left
 * out at its zero value (the deduction's and unlock's empty `warnings`, promisedPoints, fabric's
 * `futureDate: false` and `ExceptionString: ""`, the error item's `status: false`); int64 fields
 * the pages document as numbers (entityId, programId, promotionId) written as numbers, the token's
 * undocumented ttlSeconds as protojson's default string; amounts as NUMERIC text where the page
 * shows a string (pointsAvailable `"1518.50"`, pointsUnlocked `"8.00"`) and as doubles on the
 * balance. grpc-gateway's errors where the documents give no code, as google.rpc.Status
 * (`{"code":3,"message":…,"details":[]}`, 400/401/403/404/405/409/412): protojson's own decoding
 * errors (a wrong type, a scalar eventLogId, promotionId beside promotionIdentifier as a second
 * oneof member, malformed JSON without `details`), protoc-gen-validate's (a negative amount, a
 * reason past 50 characters, fabric's empty strings); the documented codes in the Capillary
 * envelope (404 for 8015/82323277/3918/8874/8877, 412 for 8907/82323282/1218, 403 for 4000, 400
 * for the rest). Envoy: lower-case header names, `server: envoy`, `x-envoy-upstream-service-time`,
 * `x-request-id`, content-length, its 413 in plain text past 1 MiB. Postgres: `SELECT … FOR UPDATE`
 * per customer row, NUMERIC at the program's decimals.
 *
 * Both readings came out conformant on the first run: no false verdict, no fault of its own.
 * Warnings left, where the documents are silent: CAP-NPA-RESPONSE-FIELDS (no empty `warnings`),
 * CAP-UPP-EVENT-LOG-ID-TYPES (the example's scalar eventLogId refused), CAP-AUTH-TOKEN-GENERATE
 * (ttlSeconds a string), GEN-BODY-SCHEMA, GEN-ERROR-ENVELOPE and GEN-UNDOCUMENTED-FIELDS (codeless
 * google.rpc.Status), GEN-ERROR-CODE-KNOWN (8013 and 8003 where their page lists neither),
 * GEN-INVALID-REJECTED (Go's strconv.ParseBool reads `fetchDataForAllPrograms=0`).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-INVALID-REJECTED': 'warn',
  'CAP-NPA-RESPONSE-FIELDS': 'warn',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-NPA-POINTS-AVAILABLE': 'pass',
  'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass',
  'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
  'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-AUTH-TOKEN-GENERATE': 'warn',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'warn',
  'CAP-UPP-TILL-ID-SPELLING': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-UPP-RESPONSE-PROGRAM': 'pass',
  'CAP-UPP-RESPONSE-NUMERIC': 'pass',
  'CAP-BAL-TOTAL': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'CAP-BAL-ENTITY': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-ADJ-PENDING': 'pass',
  'FAB-ADJ-ENVELOPE': 'pass',
  'FAB-ADJ-CONCURRENT': 'pass',
  'FAB-INQ-BALANCE': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom30Options>[] = [
  {
    name: 'defaults: dual eligibility off, any 4xx, no store or till declared',
    options: {},
    shows: { ...SHOWS, 'CAP-BAL-DUAL-MULTI': 'skip' },
  },
  {
    name: 'strict: dual eligibility with externalId primary, statuses pinned [400, 401, 403, 404, 405, 409, 412, 413], stores, tills, reason code and point type declared',
    options: { dualPrimary: 'externalId' },
    profile: STRICT_PROFILE,
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
    },
  },
];

const basic = capillaryBasicValue;

describe('thirtieth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom30Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 120_000,
  });

  it('counts places and prints NUMERIC as Postgres does; finds where protojson stops', () => {
    expect(['100.00', '1.001', '1.2525E+1', '0', '-5.50'].map(placesOf)).toEqual([0, 3, 3, 0, 1]);
    expect(
      [
        [toUnits('1520.5', 2), 2],
        [toUnits('800', 0), 0],
        [toUnits('-0.5', 2), 2],
      ].map(([u, s]) => numericText(u as bigint, s as number)),
    ).toEqual(['1520.50', '800', '-0.50']);
    expect(['{"a":}', '{"a":', '{x}', '{"a":[1,2]}', '{"a":1} x'].map(syntaxErrorIndex)).toEqual([
      5, 5, 1, -1, 8,
    ]);
  });

  it('answers as grpc-gateway behind Envoy does: protojson, google.rpc.Status, the envelope', async () => {
    const provider = await startCleanroom30Provider({ dualPrimary: 'externalId' });
    try {
      const till = { authorization: basic('kestrel.till01', 'kestrel-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (id: string) =>
        `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=externalId&identifierValue=${id}&source=INSTORE`;
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.body];
      };
      // A deduction: pointsAvailable as NUMERIC text, the empty warnings left out; Envoy's headers.
      const ok = await raw(
        npa('KS-ADA'),
        'POST',
        json,
        '{"pointsToBeAdjusted":"2.00","reasonOfReturn":"return"}',
      );
      expect([ok.status, ok.body]).toEqual([
        200,
        '{"status":"success","pointsAvailable":"1518.50","message":"points deducted successfully for the user "}',
      ]);
      expect(ok.headers).toMatchObject({
        'content-type': 'application/json',
        server: 'envoy',
        'x-envoy-upstream-service-time': '3',
        'grpc-metadata-content-type': 'application/grpc',
      });
      expect(ok.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const names = await rawHeaderNames(npa('KS-ADA'), json, '{}');
      expect(names.every((n) => n === n.toLowerCase())).toBe(true);
      expect(names).toEqual(expect.arrayContaining(['content-length', 'date', 'x-request-id']));
      expect(names).not.toContain('transfer-encoding');
      // The documented codes in the envelope, status false and empty warnings left out.
      expect(
        await answer(npa('KS-ADA'), 'POST', json, '{"pointsToBeAdjusted":99999,"reasonOfReturn":"x"}'),
      ).toEqual([
        412,
        '{"errors":[{"code":8907,"message":"points to be deducted 99999 is greater than available points for program and NegativeBalanceOnReturn config is disabled for org."}]}',
      ]);
      expect(
        await answer(npa('KS-ADA'), 'POST', json, '{"pointsToBeAdjusted":1.001,"reasonOfReturn":"x"}'),
      ).toEqual([
        400,
        '{"errors":[{"code":8906,"message":"decimal places passed: 3 is greater than the configured round decimals: 2 for programId: 3001"}]}',
      ]);
      expect(
        await answer(npa('KS-NOBODY'), 'POST', json, '{"pointsToBeAdjusted":1,"reasonOfReturn":"x"}'),
      ).toEqual([404, '{"errors":[{"code":8015,"message":"Customer not found for the given identifiers"}]}']);
      // An absent amount is proto3's zero: 8888.
      expect(await answer(npa('KS-ADA'), 'POST', json, '')).toEqual([
        400,
        '{"errors":[{"code":8888,"message":"points cannot be zero"}]}',
      ]);
      // protojson and protoc-gen-validate where no code is documented.
      expect(
        await answer(npa('KS-ADA'), 'POST', json, '{"pointsToBeAdjusted":-5,"reasonOfReturn":"x"}'),
      ).toEqual([
        400,
        '{"code":3,"message":"invalid NegativePointsAdjustmentRequest.PointsToBeAdjusted: value must be greater than 0","details":[]}',
      ]);
      expect(
        await answer(npa('KS-ADA'), 'POST', json, '{"promotionId":30501,"promotionIdentifier":"KS-SPRING"}'),
      ).toEqual([
        400,
        '{"code":3,"message":"proto: (line 1:22): error parsing \\"promotionIdentifier\\", oneof promotion is already set","details":[]}',
      ]);
      expect(await answer(npa('KS-ADA'), 'POST', json, '{"programId":true}')).toEqual([
        400,
        '{"code":3,"message":"proto: (line 1:2): invalid value for int64 type: true","details":[]}',
      ]);
      expect(await answer(npa('KS-ADA'), 'POST', json, '{"pointsToBeAdjusted":}')).toEqual([
        400,
        '{"code":3,"message":"proto: syntax error (line 1:23): unexpected token }"}',
      ]);
      // The mux: an unknown path, a known path with another method; the interceptors.
      expect(await answer(`${provider.url}/v2/nowhere`, 'GET', till)).toEqual([
        404,
        '{"code":5,"message":"Not Found","details":[]}',
      ]);
      expect((await raw(npa('KS-ADA'), 'GET', till)).status).toBe(405);
      expect(await answer(npa('KS-ADA'), 'POST', { 'content-type': 'application/json' }, '{}')).toEqual([
        401,
        '{"code":16,"message":"missing credentials","details":[]}',
      ]);
      const kiosk = { authorization: basic('kestrel.kiosk', 'kestrel-kiosk-pass') };
      expect((await answer(npa('KS-ADA'), 'POST', kiosk, '{}'))[0]).toBe(403);
      const huge = await raw(npa('KS-ADA'), 'POST', json, `{"reasonOfReturn":"${'x'.repeat(1024 * 1024)}"}`);
      expect([
        huge.status,
        huge.headers['content-type'],
        huge.headers['x-envoy-upstream-service-time'],
      ]).toEqual([413, 'text/plain', undefined]);
      // OAuth: the unset `errors` left out, ttlSeconds as protojson's int64 string.
      const token = await raw(
        `${provider.url}/v3/oauth/token/generate`,
        'POST',
        { 'content-type': 'application/json' },
        '{"key":"cr30-osprey-app","secret":"osprey-app-secret"}',
      );
      const issued = JSON.parse(token.body);
      expect([Object.keys(issued), issued.data.ttlSeconds]).toEqual([['data'], '3600']);
      const oauth = { 'x-cap-api-oauth-token': issued.data.accessToken };
      const balance = `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE`;
      const osprey = (query: string) => answer(`${balance}&${query}`, 'GET', oauth);
      // osprey: over all programs (Go's ParseBool reads T), the table's rows written at zero too.
      expect(
        await osprey('identifierName=mobile&identifierValue=447700305001&fetchDataForAllPrograms=T'),
      ).toEqual([
        200,
        '{"entityId":305001,"entityType":"CUSTOMER","totalPoints":2455.5,"mainPoints":2410.25,"promisedPoints":45.25,"promisedPointsBreakup":{"delayedAccrualPoints":41.75,"externalTriggerBasedPoints":3.5}}',
      ]);
      expect(await osprey('identifierName=mobile&identifierValue=447700305002&programId=3052')).toEqual([
        200,
        '{"entityId":305002,"entityType":"CUSTOMER","totalPoints":0,"mainPoints":0,"promisedPointsBreakup":{"delayedAccrualPoints":0,"externalTriggerBasedPoints":0}}',
      ]);
      expect(await osprey('identifierName=mobile&identifierValue=447700305002&programId=x')).toEqual([
        400,
        '{"code":3,"message":"type mismatch, parameter: programId, error: strconv.ParseInt: parsing \\"x\\": invalid syntax","details":[]}',
      ]);
      // Dual eligibility in kestrel, externalId primary: the shared mobile alone is 8015.
      expect(
        (await raw(`${balance}&identifierName=mobile&identifierValue=447700300099`, 'GET', till)).status,
      ).toBe(404);
      const pair = await raw(
        `${balance}&identifierName=mobile,externalId&identifierValue=447700300099,KS-ELI`,
        'GET',
        till,
      );
      expect(JSON.parse(pair.body)).toMatchObject({ entityId: 300005, mainPoints: 45.5 });
      // A bill over two programs, found only at the store and till it was issued at; once.
      const unlockUrl = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=KS-ADA&source=INSTORE`;
      const unlockBody = (store: number, tillId: number) =>
        `{"eventName":"TransactionAdd","billNumber":"KB-1002","eventLogId":[7300102],"sourceStoreId":${store},"sourceTilId":${tillId}}`;
      expect((await raw(unlockUrl, 'POST', json, unlockBody(72, 721))).status).toBe(404);
      expect(await answer(unlockUrl, 'POST', json, unlockBody(71, 712))).toEqual([
        200,
        '{"pointsUnlocked":[{"billNumber":"KB-1002","pointsUnlocked":"30","programId":3002},{"billNumber":"KB-1002","itemCode":"BAGEL","pointsUnlocked":"2.75","programId":3001}]}',
      ]);
      expect(await answer(unlockUrl, 'POST', json, unlockBody(71, 712))).toEqual([
        412,
        '{"errors":[{"code":82323282,"message":"No promise points found to unlock."}]}',
      ]);
      expect(
        await answer(
          unlockUrl,
          'POST',
          json,
          '{"eventName":"TransactionAdd","billNumber":"KB-1001","eventLogId":7300101}',
        ),
      ).toEqual([
        400,
        '{"code":3,"message":"proto: (line 1:54): invalid value for list: 7300101","details":[]}',
      ]);
      // SELECT … FOR UPDATE: parallel deductions queue, every one applied, none lost.
      const parallel = await Promise.all(
        Array.from({ length: 12 }, () =>
          raw(npa('KS-CLEO'), 'POST', json, '{"pointsToBeAdjusted":1.5,"reasonOfReturn":"parallel"}'),
        ),
      );
      expect(parallel.map((a) => a.status)).toEqual(Array(12).fill(200));
      const cleo = await raw(`${balance}&identifierName=externalId&identifierValue=KS-CLEO`, 'GET', till);
      expect(JSON.parse(cleo.body).mainPoints).toBe(40 - 18);
      // fabric: zero values left out (futureDate false, ExceptionString ""), validate's min_len.
      const fabric = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        answer(
          `${provider.url}/api/v1/members/points-adjustment`,
          'POST',
          fabric,
          JSON.stringify({ profileId: FABRIC_MEMBER, ...body }),
        );
      const [status, body] = await adjust({ points: 100, pointType: 'Base' });
      expect([status, JSON.parse(String(body))]).toEqual([
        200,
        {
          message: 'Member points adjusted',
          errors: {},
          data: { Message: '100.0 points added', transactionCode: expect.any(String) },
          status: 200,
        },
      ]);
      expect(JSON.parse(String((await adjust({ points: 5, setToPending: true }))[1])).data.futureDate).toBe(
        true,
      );
      expect(await adjust({ points: 1, pointType: '' })).toEqual([
        400,
        '{"code":3,"message":"invalid AdjustPointsRequest.PointType: value length must be at least 1 runes","details":[]}',
      ]);
      expect(
        await answer(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', fabric),
      ).toEqual([
        200,
        `{"data":[{"profileId":"${FABRIC_MEMBER}","pointsBalance":{"memberPointsAvailable":5100,"memberPointsPending":5}}]}`,
      ]);
    } finally {
      await provider.close();
    }
  });
});
