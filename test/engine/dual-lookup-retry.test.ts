import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import { createScenarioContext } from '../../src/engine/context.ts';
import type { CallOptions } from '../../src/engine/types.ts';
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
