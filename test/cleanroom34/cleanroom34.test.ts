import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capillaryBasicValue as basic } from '../../src/client/auth.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { rawRequest as raw } from '../support/raw-request.ts';
import { decimalsOf } from './capillary.ts';
import { sqliteRound } from './d1.ts';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { RateLimitRule } from './edge.ts';
import { type Cleanroom34Options, type Cleanroom34Provider, startCleanroom34Provider } from './provider.ts';

/**
 * The thirty-fourth clean-room provider, written from the four documents and DESIGN.md alone: a
 * TypeScript Hono app on Cloudflare Workers with D1 (SQLite) storage behind Cloudflare's edge,
 * reproduced as a plain Node server. Edge: a rate limiting rule (throttle behaviour, per client IP,
 * one-second periods scaled from Cloudflare's ten) answering 429 `error code: 1015` as text/plain
 * (its HTML page to a browser) with the rule's dynamic `Retry-After: 1`; `server: cloudflare`,
 * `cf-ray`, `cf-cache-status: DYNAMIC` on what the Worker answers. Hono: `c.json()`, the router's
 * plain-text `404 Not Found` for any unrouted path or method (no 405; the default deployment routes
 * no fabric member inquiry), the json validator's `Malformed JSON in request body` 400 (a non-JSON
 * Content-Type validates `{}`), @hono/zod-validator's 400 `{"success":false,"error":{"issues",
 * "name":"ZodError"}}` where no page gives a code (a negative amount, a reason over 50 characters,
 * promotionId with promotionIdentifier, a null or string programId, fabric's empty strings, a zero
 * or missing amount, a missing profileId), hono/bearer-auth's plain-text 401/400 on fabric. The
 * documented cases in the envelope: 8015, 82323277, 3918, 8874, 8877 → 404; 8907 → 422;
 * 82323282 → 409; 401; 403 with 4000 (deduction only); others 400. D1: points REAL, each write
 * `round(x, decimals)` so no double drift is stored; pointsAvailable `toFixed(decimals)` (a string,
 * as the page's example); balance and unlock figures JS numbers; entity ids INTEGER (JSON
 * integers); a deduction one conditional `UPDATE … WHERE main >= ?` with changes() checked, an
 * unlock one `batch()`; email COLLATE NOCASE, other identifiers BINARY; a JSON integer billNumber
 * matched through TEXT affinity.
 *
 * Both readings came out conformant on the first run: no false verdict, no fault of its own.
 * Warnings left, where the documents are silent: GEN-CONTENT-TYPE, GEN-BODY-SCHEMA (Hono's plain
 * text: bearer-auth, malformed JSON), GEN-ERROR-ENVELOPE and GEN-UNDOCUMENTED-FIELDS (zod's
 * `success`, `error`), GEN-ERROR-CODE-KNOWN (8013 on the balance and the unlock, 8003 on the
 * unlock), FAB-AUTH-HTTP-STATUS (bearer-auth's 400 for a header that is not `Bearer <token>`),
 * CAP-NPA-8887 (zod refuses a null programId before the handler's 8887).
 */
const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const STRICT_PROFILE = fileURLToPath(new URL('./profile-strict.yaml', import.meta.url));

const SHOWS: Record<string, Verdict> = {
  'GEN-NO-5XX': 'pass',
  'GEN-CONTENT-TYPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-UNDOCUMENTED-FIELDS': 'warn',
  'GEN-ERROR-CODE-KNOWN': 'warn',
  'FAB-AUTH-HTTP-STATUS': 'warn',
  'CAP-NPA-8887': 'warn',
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
const READINGS: Reading<Cleanroom34Options, Cleanroom34Provider>[] = [
  {
    name: 'defaults: the edge rule at 400 a second, the run at 200/s, dual eligibility off, any 4xx, no fabric inquiry',
    options: {},
    shows: {
      ...SHOWS,
      'CAP-BAL-DUAL-MULTI': 'skip',
      // Hono's 404 for the inquiry: fabric judged from the adjustment alone.
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-PENDING': 'skip',
    },
  },
  {
    name: 'strict: the edge rule at 100 a second under a run at 200/s (its 1015s waited out), email primary, statuses pinned [400, 401, 403, 404, 409, 422], stores and tills, reason code and point type declared, the inquiry routed',
    options: { dualPrimary: 'email', inquiry: true, ruleRate: 100 },
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
    // The rule bit: 18 429s measured alone, 17–20 with three runs at once at load average 10.
    gateway: { refused: (provider) => provider.refused(), limit: 'edge rule of 100 requests a second' },
  },
];

describe('thirty-fourth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom34Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 150_000,
  });

  it('counts decimals of the JS number an amount becomes, and rounds REAL writes as SQLite round() does', () => {
    expect([100, Number('100.00'), 1.01, 0.001, 1e-7, 12.5e3].map(decimalsOf)).toEqual([0, 0, 2, 3, 7, 0]);
    expect([0.1 + 0.2, 2480.35 - 1.01]).toEqual([0.30000000000000004, 2479.3399999999997]);
    expect(sqliteRound(0.1 + 0.2, 2)).toBe(0.3);
    expect([sqliteRound(-0.001, 2), sqliteRound(2480.35 - 1.01, 2)]).toEqual([0, 2479.34]);
  });

  it("answers the rule's 1015 past a period's share, with the rule's Retry-After, and admits again the next period", () => {
    let now = 5_000;
    const rule = new RateLimitRule(3, 1000, () => now);
    expect([rule.admit(), rule.admit(), rule.admit(), rule.admit()]).toEqual([
      undefined,
      undefined,
      undefined,
      1,
    ]);
    now += 999;
    expect(rule.admit()).toBe(1);
    now += 1;
    expect(rule.admit()).toBeUndefined();
    expect(rule.refused).toBe(2);
  });

  it('answers as a Hono Worker on D1 behind Cloudflare does', async () => {
    const provider = await startCleanroom34Provider({ dualPrimary: 'email', inquiry: true, ruleRate: 40 });
    try {
      const till = { authorization: basic('wren.till03', 'wren-till-pass') };
      const json = { ...till, 'content-type': 'application/json' };
      const npa = (id: string) =>
        `${provider.url}/v2/customers/lookup/negativePointsAdjustment?identifierName=externalId&identifierValue=${id}&source=INSTORE`;
      const answer = async (url: string, method: string, h: Record<string, string>, body?: string) => {
        const a = await raw(url, method, h, body);
        return [a.status, a.body];
      };
      // REAL points rounded on every write; pointsAvailable toFixed(2), a string as the page shows.
      await raw(npa('WR-CLEO'), 'POST', json, '{"pointsToBeAdjusted":0.1,"reasonOfReturn":"r"}');
      const ok = await raw(
        npa('WR-CLEO'),
        'POST',
        json,
        '{"pointsToBeAdjusted":"0.20","reasonOfReturn":"r"}',
      );
      expect([ok.status, ok.body]).toEqual([
        200,
        '{"status":"success","pointsAvailable":"30.00","message":"points deducted successfully for the user ","warnings":[]}',
      ]);
      expect(ok.headers).toMatchObject({
        'content-type': 'application/json',
        server: 'cloudflare',
        'cf-cache-status': 'DYNAMIC',
      });
      expect(ok.headers['cf-ray']).toMatch(/^[0-9a-f]{16}-LHR$/);
      expect(
        await answer(npa('WR-CLEO'), 'POST', json, '{"pointsToBeAdjusted":1.001,"reasonOfReturn":"r"}'),
      ).toEqual([
        400,
        '{"errors":[{"status":false,"code":8906,"message":"decimal places passed: 3 is greater than the configured round decimals: 2 for programId: 3401"}],"warnings":[]}',
      ]);
      // zod where no page gives a code; Hono's own text for malformed JSON and unrouted paths.
      const zod = await raw(npa('WR-CLEO'), 'POST', json, '{"pointsToBeAdjusted":-1,"reasonOfReturn":"r"}');
      expect([zod.status, JSON.parse(zod.body)]).toEqual([
        400,
        {
          success: false,
          error: {
            issues: [expect.objectContaining({ code: 'too_small', path: ['pointsToBeAdjusted'] })],
            name: 'ZodError',
          },
        },
      ]);
      expect(await answer(npa('WR-CLEO'), 'POST', json, '{"pointsToBeAdjusted":')).toEqual([
        400,
        'Malformed JSON in request body',
      ]);
      const lost = await raw(npa('WR-CLEO'), 'GET', till);
      expect([lost.status, lost.headers['content-type'], lost.body]).toEqual([
        404,
        'text/plain; charset=UTF-8',
        '404 Not Found',
      ]);
      const kiosk = {
        authorization: basic('wren.kiosk', 'wren-kiosk-pass'),
        'content-type': 'application/json',
      };
      const denied = await answer(npa('WR-CLEO'), 'POST', kiosk, '{}');
      expect([denied[0], String(denied[1]).includes('"code":4000')]).toEqual([403, true]);
      // One conditional UPDATE per deduction: of eight parallel 5s from 30, six land.
      const parallel = await Promise.all(
        Array.from({ length: 8 }, () =>
          raw(npa('WR-CLEO'), 'POST', json, '{"pointsToBeAdjusted":5,"reasonOfReturn":"c"}'),
        ),
      );
      expect(parallel.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 422, 422]);
      // Dual eligibility with email primary, compared COLLATE NOCASE; externalId BINARY.
      const balance = `${provider.url}/v2/customers/lookup/points/balance?source=INSTORE`;
      expect(
        await answer(
          `${balance}&identifierName=mobile,email&identifierValue=447700900343,CLEO@WREN.EXAMPLE`,
          'GET',
          till,
        ),
      ).toEqual([
        200,
        '{"entityId":340003,"entityType":"CUSTOMER","totalPoints":1.5,"mainPoints":0,"promisedPoints":1.5,"promisedPointsBreakup":{"delayedAccrualPoints":1.5,"externalTriggerBasedPoints":0},"warnings":[]}',
      ]);
      expect(
        (await raw(`${balance}&identifierName=mobile&identifierValue=447700900343`, 'GET', till)).status,
      ).toBe(404);
      // A JSON integer billNumber meets the TEXT column; the batch moves it once.
      const unlock = `${provider.url}/v2/points/unlockPromisedPoints?identifierName=externalId&identifierValue=WR-CLEO&source=INSTORE`;
      const bill = '{"eventName":"TransactionAdd","billNumber":34017,"eventLogId":[9340107]}';
      const both = await Promise.all([raw(unlock, 'POST', json, bill), raw(unlock, 'POST', json, bill)]);
      expect(both.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(both.find((a) => a.status === 200)?.body).toBe(
        '{"pointsUnlocked":[{"billNumber":"34017","pointsUnlocked":1.5,"programId":3401}],"warnings":[]}',
      );
      // fabric: bearer-auth's plain text, the envelope, REAL rounded on write.
      const fabric = `${provider.url}/api/v1/members/points-adjustment`;
      const noToken = await raw(fabric, 'POST', { 'content-type': 'application/json' }, '{}');
      expect([noToken.status, noToken.headers['www-authenticate'], noToken.body]).toEqual([
        401,
        'Bearer realm=""',
        'Unauthorized',
      ]);
      const bearer = { authorization: `Bearer ${FABRIC_TOKEN}`, 'content-type': 'application/json' };
      const adjust = (body: object) =>
        raw(fabric, 'POST', bearer, JSON.stringify({ profileId: FABRIC_MEMBER, ...body }));
      await adjust({ points: 0.1 });
      const added = await adjust({ points: 0.2 });
      expect([added.status, JSON.parse(added.body).data.Message]).toEqual([200, '0.2 points added']);
      expect((await adjust({ points: 1, pointType: '' })).status).toBe(400);
      expect(
        await answer(`${provider.url}/api/v1/inquire/${FABRIC_MEMBER}/member-points`, 'GET', bearer),
      ).toEqual([
        200,
        `{"data":[{"profileId":"${FABRIC_MEMBER}","pointsBalance":{"memberPointsAvailable":4200.3,"memberPointsPending":0}}]}`,
      ]);
      // The edge's rule (40 a second here): past it, 1015 in HTML to a browser, in text to the rest.
      const limited = async (headers: Record<string, string>) => {
        let a = await raw(`${provider.url}/v9/anything`, 'GET', headers);
        for (let i = 0; i < 200 && a.status !== 429; i += 1)
          a = await raw(`${provider.url}/v9/anything`, 'GET', headers);
        return [a.status, a.headers['content-type'], a.headers['retry-after'], a.body];
      };
      expect(await limited({ accept: 'text/html' })).toEqual([
        429,
        'text/html; charset=UTF-8',
        '1',
        expect.stringContaining('<span class="cf-error-code">1015</span>'),
      ]);
      expect(await limited({})).toEqual([429, 'text/plain; charset=UTF-8', '1', 'error code: 1015']);
      expect(provider.refused()).toBeGreaterThanOrEqual(2);
    } finally {
      await provider.close();
    }
  });
});
