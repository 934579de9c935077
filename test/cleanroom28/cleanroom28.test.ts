import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { javaDouble } from './kotlin.ts';
import { type Cleanroom28Options, startCleanroom28Provider } from './provider.ts';

/**
 * The twenty-eighth clean-room provider, written from the four documents and DESIGN.md alone: a
 * Kotlin Ktor service behind AWS API Gateway (REST API, Lambda proxy integration), with
 * kotlinx.serialization and Exposed on DynamoDB-style storage, reproduced in TypeScript. Gateway
 * habits before the service sees a request: an unknown resource or method is 403 `{"message":
 * "Missing Authentication Token"}` (never 404); a Lambda TOKEN authorizer answers 401 `{"message":
 * "Unauthorized"}` to missing or unknown credentials and 403 "User is not authorized to access this
 * resource" to a till without the Points access group (on the deduction, the page's prerequisite;
 * the unlock needs the default group, the balance none); a web ACL answers 403 `{"message":
 * "Forbidden"}` to `<script`; bodies past 10 MB are 413 "Request Too Long"; lower-case
 * `x-amzn-requestid`, `x-amz-apigw-id`, `x-amzn-trace-id` and `application/json` on every answer;
 * Lambda containers start cold (150–400 ms, seeded) when none is warm, then answer in 2–15 ms.
 * kotlinx.serialization (`encodeDefaults = false`, `explicitNulls = false`, `ignoreUnknownKeys`):
 * the balance leaves out `entityType` ("CUSTOMER", its default), a zero promised figure and empty
 * `warnings`; the unlock leaves out empty `warnings` and absent line fields; fabric leaves out
 * `futureDate: false` and `ExceptionString: ""` (the deduction's `warnings: []` and fabric's
 * `errors: {}` are kept with `@EncodeDefault`, as the examples show them). Doubles are written as
 * Java writes them (`100.0`, `1.25000005E7`), Long ids as numbers; quoted numbers are read for
 * numeric fields, a number is refused for a String, and a body it cannot read is 400
 * `{"error":"Failed to convert request body to class …","code":"BAD_REQUEST"}`. The documented
 * cases answer in the Capillary envelope with the page's code (404 for 8015/82323277/3918, 409 for
 * 8907/82323282, 400 the rest); Content-Type other than JSON is Ktor's 415. Balances are DynamoDB
 * items with a version attribute: every write is a conditional TransactWriteItems, a lost condition
 * retried three times with jittered backoff, then 409 (never a lost update). Reads are strongly
 * consistent: neither DESIGN.md nor the pages let a balance read miss an acknowledged write.
 *
 * Data: org tidewater (negative balances off, programs 2801/2802/2803 of 2, 0 and 1 round decimals,
 * two customers sharing an email, bills whose promised entries fall in two programs; dual
 * eligibility with externalId primary in the strict reading) and org highland (on, 3 and 1; its
 * deductible customer holds 12,500,000.5 points, written `1.25000005E7`); one fabric member.
 *
 * Both readings came out conformant on the first run. It found one gap of the suite, not a false
 * verdict: CAP-BAL-PROMISED-BREAKUP was `skip` ("no scenario covers it"), the breakup's sum being
 * judged only when both figures were given; a figure left out of a breakup the answer gives now
 * counts as 0 in that inferred sum. Warnings left, where the documents are silent:
 * GEN-BODY-SCHEMA, GEN-ERROR-ENVELOPE, GEN-UNDOCUMENTED-FIELDS (StatusPages' codeless bodies),
 * GEN-ERROR-CODE-KNOWN (8013 and 8003 on the unlock), and, when a conditional write loses four
 * times, FAB-ADJ-CONCURRENT (a parallel addition refused 409).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'pass',
  'GEN-ERROR-ENVELOPE': 'warn',
  'CAP-NPA-AMOUNT-STRING': 'pass',
  'CAP-NPA-8906': 'pass',
  'CAP-NPA-8907': 'pass',
  'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
  'CAP-NPA-POINTS-AVAILABLE': 'pass',
  'CAP-AUTH-ACCESS-GROUP': 'pass',
  'CAP-UPP-MOVE': 'pass',
  'CAP-UPP-ONCE': 'pass',
  'CAP-UPP-CONCURRENT-ONCE': 'pass',
  'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass',
  'CAP-UPP-TILL-ID-SPELLING': 'pass',
  'CAP-UPP-RESPONSE-PROMOTION': 'pass',
  'CAP-BAL-TOTAL': 'pass',
  'CAP-BAL-PROMISED-BREAKUP': 'pass',
  'FAB-ADJ-ADD': 'pass',
  'FAB-INQ-BALANCE': 'pass',
};

/** Two readings, side by side. */
const READINGS: Reading<Cleanroom28Options>[] = [
  {
    name: 'defaults: dual eligibility off, any 4xx, no store or till declared',
    options: {},
    shows: { ...SHOWS, 'CAP-BAL-DUAL-MULTI': 'skip' },
  },
  {
    name: 'strict: dual eligibility with externalId primary, statuses pinned [400, 401, 403, 404, 409, 413, 415], store, till, reason code and point type declared',
    options: { dualPrimary: 'externalId', seed: 2805 },
    profile: STRICT_PROFILE,
    shows: { ...SHOWS, 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass' },
  },
];

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${createHash('md5').update(password).digest('hex')}`).toString('base64')}`;

describe('twenty-eighth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom28Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 120_000,
  });

  it("writes Doubles as Java's Double.toString does", () => {
    expect([100, 1510.25, 12_500_000.5, 0.0005, 0, 0.001, -2.5].map(javaDouble)).toEqual([
      '100.0',
      '1510.25',
      '1.25000005E7',
      '5.0E-4',
      '0.0',
      '0.001',
      '-2.5',
    ]);
  });

  it('answers as API Gateway in front of Ktor does: gateway refusals, authorizer, kotlinx bodies', async () => {
    const provider = await startCleanroom28Provider({ dualPrimary: 'externalId', latency: false });
    try {
      const till = { authorization: basic('tidewater.till01', 'tidewater-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=mobile&identifierValue=447028000001&source=INSTORE`;
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.body];
      };
      const ok = await raw(npa, 'POST', json, '{"pointsToBeAdjusted":"10.00","reasonOfReturn":"return"}');
      expect([ok.status, ok.headers['content-type'], ok.body]).toEqual([
        200,
        'application/json',
        '{"status":"success","pointsAvailable":1490.25,"message":"points deducted successfully for the user ","warnings":[]}',
      ]);
      expect(String(ok.headers['x-amzn-requestid'])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
      expect(String(ok.headers['x-amzn-trace-id'])).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      expect(String(ok.headers['x-amz-apigw-id'])).toMatch(/^[A-Za-z0-9]{16}$/);
      // The gateway: no resource or no method is "Missing Authentication Token", never 404.
      const missing = [403, '{"message":"Missing Authentication Token"}'];
      expect(await answer(`${provider.url}/x`, 'GET', till)).toEqual(missing);
      expect(await answer(npa, 'GET', till)).toEqual(missing);
      expect(await answer(npa, 'POST', { 'content-type': 'application/json' }, '{}')).toEqual([
        401,
        '{"message":"Unauthorized"}',
      ]);
      const kiosk = { authorization: basic('tidewater.kiosk', 'tidewater-kiosk-pass') };
      expect(await answer(npa, 'POST', { ...kiosk, 'content-type': 'application/json' }, '{}')).toEqual([
        403,
        '{"message":"User is not authorized to access this resource"}',
      ]);
      expect(
        await answer(npa, 'POST', json, '{"pointsToBeAdjusted":1,"reasonOfReturn":"<script>x</script>"}'),
      ).toEqual([403, '{"message":"Forbidden"}']);
      expect(await answer(npa, 'POST', json, `{"reasonOfReturn":"${'x'.repeat(10 * 1024 * 1024)}"}`)).toEqual(
        [413, '{"message":"Request Too Long"}'],
      );
      // Ktor: what kotlinx cannot read is codeless; the documented cases carry the page's code.
      expect(await answer(npa, 'POST', json, '{"pointsToBeAdjusted":1,"reasonOfReturn":7}')).toEqual([
        400,
        '{"error":"Failed to convert request body to class com.tidewave.loyalty.capillary.dto.NegativePointsAdjustmentRequest","code":"BAD_REQUEST"}',
      ]);
      expect(await answer(npa, 'POST', json, '{"pointsToBeAdjusted":1}')).toEqual([
        400,
        '{"errors":[{"status":false,"code":8882,"message":"reason of return is missing"}],"warnings":[]}',
      ]);
      expect((await raw(npa, 'POST', { ...till, 'content-type': 'text/plain' }, '{}')).status).toBe(415);
      // OAuth: `errors: null` left out; highland's balance past 10^7 in Java's notation, defaults left out.
      const token = await raw(
        `${provider.url}/v3/oauth/token/generate`,
        'POST',
        { 'content-type': 'application/json' },
        '{"key":"cr28-highland-app","secret":"highland-app-secret"}',
      );
      const { data } = JSON.parse(token.body) as { data: { accessToken: string; ttlSeconds: number } };
      expect(Object.keys(JSON.parse(token.body))).toEqual(['data']);
      const oauth = { 'x-cap-api-oauth-token': data.accessToken };
      const balance = `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE`;
      expect(
        await answer(
          `${balance}&identifierName=mobile&identifierValue=447028500001&fetchDataForAllPrograms=true`,
          'GET',
          oauth,
        ),
      ).toEqual([
        200,
        '{"entityId":285001,"totalPoints":1.2500063625E7,"mainPoints":1.2500045E7,"promisedPoints":18.625,"promisedPointsBreakup":{"delayedAccrualPoints":18.625}}',
      ]);
      // Dual eligibility in tidewater: externalId decides; a lone shared email is 8015 (404).
      expect(
        (await raw(`${balance}&identifierName=email&identifierValue=crew@tidewater.test`, 'GET', kiosk))
          .status,
      ).toBe(404);
      const both = await raw(
        `${balance}&identifierName=email,externalId&identifierValue=crew@tidewater.test,TW-ANA&fetchDataForAllPrograms=true`,
        'GET',
        kiosk,
      );
      expect(both.body).toBe(
        '{"entityId":280004,"totalPoints":359.75,"mainPoints":340.0,"promisedPoints":19.75,"promisedPointsBreakup":{"delayedAccrualPoints":13.75,"externalTriggerBasedPoints":6.0}}',
      );
      // A bill over two programs unlocks whole, once; the example's numeric billNumber is read.
      const unlockUrl = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=TW-ANA&source=INSTORE`;
      const unlockBody = '{"eventName":"TransactionAdd","billNumber":"TW-B-0003","eventLogId":9280003}';
      expect(await answer(unlockUrl, 'POST', json, unlockBody)).toEqual([
        200,
        '{"pointsUnlocked":[{"billNumber":"TW-B-0003","pointsUnlocked":11.75,"programId":2801},{"billNumber":"TW-B-0003","pointsUnlocked":6.0,"programId":2802},{"pointsUnlocked":2.0,"programId":2801,"promotionIdentifier":"TW-SPRING-TIDE","promotionId":28501,"promotionName":"Spring tide"}]}',
      ]);
      expect((await raw(unlockUrl, 'POST', json, unlockBody)).status).toBe(409);
      expect(
        (await raw(unlockUrl, 'POST', json, '{"eventName":"TransactionAdd","billNumber":16484}')).status,
      ).toBe(404);
      // Conditional writes under contention: every refusal is a 409 and no update is lost.
      const kai = npa.replace('447028000001', '447028000002');
      const parallel = await Promise.all(
        Array.from({ length: 12 }, () =>
          raw(kai, 'POST', json, '{"pointsToBeAdjusted":1,"reasonOfReturn":"parallel"}'),
        ),
      );
      const statuses = parallel.map((a) => a.status);
      expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
      const kaiBalance = await raw(
        `${balance}&identifierName=externalId&identifierValue=TW-KAI&programId=2801`,
        'GET',
        till,
      );
      const taken = statuses.filter((s) => s === 200).length;
      expect(JSON.parse(kaiBalance.body).mainPoints).toBe(640.5 - taken);
      // fabric: Doubles in the message, `futureDate`/`ExceptionString` left out as defaults.
      const fabric = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        answer(
          `${provider.url}/api/v1/members/points-adjustment`,
          'POST',
          fabric,
          JSON.stringify({ profileId: FABRIC_MEMBER, ...body }),
        );
      const [status, body] = await adjust({ points: 100, pointType: 'Base' });
      const envelope = JSON.parse(String(body));
      expect([status, Object.keys(envelope), Object.keys(envelope.data), envelope.data.Message]).toEqual([
        200,
        ['message', 'errors', 'data', 'status'],
        ['Message', 'transactionCode'],
        '100.0 points added',
      ]);
      expect(JSON.parse(String((await adjust({ points: -2.5 }))[1])).data.Message).toBe(
        '2.5 points deducted',
      );
      expect(await adjust({ points: 1, pointType: '' })).toEqual([
        400,
        '{"error":"Failed to convert request body to class com.tidewave.loyalty.fabric.dto.PointsAdjustmentRequest","code":"BAD_REQUEST"}',
      ]);
    } finally {
      await provider.close();
    }
  });
});
