import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import { createScenarioContext, errorCodesOf } from '../../src/engine/context.ts';
import type { CallOptions, CheckResult } from '../../src/engine/types.ts';
import type { OrgProfile } from '../../src/profile/types.ts';
import { fakeContextHost, fakeExchange } from './fakes.ts';

/** An org with dual eligibility whose primary is `primary`; ada and avi share a mobile. */
const org = (primary: 'email' | 'mobile'): OrgProfile =>
  ({
    id: 'tenant',
    auth: { scheme: 'basic', username: 'u', password: 'p' },
    config: {
      negativeBalanceOnReturn: 'off',
      programs: [{ id: 1, roundDecimals: 2 }],
      dualEligibility: { enabled: true, primaryIdentifier: primary },
    },
    fixtures: {
      customers: {
        amy: { identifiers: { mobile: '100', email: 'amy@x', externalId: 'E-AMY' }, programs: [1] },
        ada: { identifiers: { mobile: '999', email: 'ada@x' }, programs: [1] },
        avi: { identifiers: { mobile: '999', email: 'avi@x' }, programs: [1] },
      },
      roles: { deductible: 'amy' },
    },
  }) as OrgProfile;

/**
 * A target answering 8015 to any lookup without the primary email, 200 otherwise; with `noLists`,
 * 8013 to a comma-separated list.
 */
function contextFor(primary: 'email' | 'mobile', noLists = false) {
  const sent: string[] = [];
  let id = 0;
  const host = fakeContextHost(
    org(primary),
    async (_operationId: string, options: CallOptions): Promise<Exchange> => {
      const name = String(options.query?.identifierName);
      sent.push(`${name}=${options.query?.identifierValue}`);
      const list = name.includes(',');
      const found = name.split(',').includes('email') && !(noLists && list);
      const code = noLists && list ? 8013 : 8015;
      const body = found ? { status: 'success' } : { errors: [{ status: false, code, message: 'refused' }] };
      return fakeExchange(found ? 200 : 400, body, ++id);
    },
  );
  return { ctx: createScenarioContext(host), sent };
}

const deduction = (identifierName: string, identifierValue: string, extra: Partial<CallOptions> = {}) => ({
  query: { identifierName, identifierValue, source: 'INSTORE' },
  body: { pointsToBeAdjusted: 1, reasonOfReturn: 'r' },
  ...extra,
});

describe('a lone identifier refused with 8015 where the page does not list the primary', () => {
  it('is sent again beside the primary, and that answer is the call’s', async () => {
    const { ctx, sent } = contextFor('email');
    const exchange = await ctx.call('negativePointsAdjustment', deduction('mobile', '100'));
    expect(exchange.response?.status).toBe(200);
    expect(sent).toEqual(['mobile=100', 'mobile,email=100,amy@x']);
  });

  it('is sent with the primary alone when the page refuses the list as an invalid identifier (8013)', async () => {
    const { ctx, sent } = contextFor('email', true);
    const exchange = await ctx.call('negativePointsAdjustment', deduction('externalId', 'E-AMY'));
    expect(exchange.response?.status).toBe(200);
    expect(sent).toEqual(['externalId=E-AMY', 'externalId,email=E-AMY,amy@x', 'email=amy@x']);
  });

  it('names the customer the scenario means when another declared customer shares the value', async () => {
    const { ctx, sent } = contextFor('email');
    await ctx.call('unlockPromisedPoints', deduction('mobile', '999'));
    expect(sent).toEqual(['mobile=999']);
    await ctx.call('unlockPromisedPoints', deduction('mobile', '999', { customerKey: 'avi' }));
    expect(sent.slice(1)).toEqual(['mobile=999', 'mobile,email=999,avi@x']);
  });

  it('is not sent again when asked as sent, for an undeclared value, or where the page lists the primary', async () => {
    const email = contextFor('email');
    await email.ctx.call('negativePointsAdjustment', deduction('mobile', '100', { asSent: true }));
    await email.ctx.call('negativePointsAdjustment', deduction('mobile', '12345'));
    await email.ctx.call('getPointsBalance', { query: { identifierName: 'mobile', identifierValue: '100' } });
    expect(email.sent).toEqual(['mobile=100', 'mobile=12345', 'mobile=100']);
    const mobile = contextFor('mobile');
    await mobile.ctx.call('negativePointsAdjustment', deduction('externalId', 'E-AMY'));
    expect(mobile.sent).toEqual(['externalId=E-AMY']);
  });
});

describe('a lookup sent again beside the primary that gets no answer', () => {
  it('leaves a later failure of the scenario `error`: the retry may have been applied', async () => {
    const recorded: CheckResult[] = [];
    let id = 0;
    // The lone mobile is refused (8015); the list beside the primary gets no answer at all, so the
    // call's answer is the refusal and only the note of that send says a write may have landed.
    const host = fakeContextHost(
      org('email'),
      async (operationId: string, options: CallOptions): Promise<Exchange> => {
        id += 1;
        if (!String(options.query?.identifierName).includes(',')) {
          return fakeExchange(400, { errors: [{ status: false, code: 8015, message: 'refused' }] }, id);
        }
        const lost = fakeExchange(0, undefined, id);
        const error = { code: 'ECONNRESET', message: 'socket hang up' };
        return { ...lost, operationId, response: undefined, error } as Exchange;
      },
      { record: (result) => recorded.push(result) },
    );
    const ctx = createScenarioContext(host);
    const exchange = await ctx.call('negativePointsAdjustment', deduction('mobile', '100'));
    expect(errorCodesOf(exchange)).toEqual([8015]);
    ctx.verify('CAP-NPA-ARITHMETIC', false, {
      expected: 'the balance unmoved',
      actual: 'moved',
      exchanges: [],
    });
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.verdict).toBe('error');
    expect(recorded[0]?.note).toMatch(
      /^cannot judge: an earlier negativePointsAdjustment of this scenario got no response/,
    );
    expect(recorded[0]?.exchangeIds).toEqual([2]);
  });
});
