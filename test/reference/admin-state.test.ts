import { describe, expect, it } from 'vitest';
import { AUTH, byMobile, DATA, micro, readBalance, useReferenceClient } from '../support/reference-client.ts';

const { ana } = DATA.strict;
const client = useReferenceClient();

const setState = (params: Record<string, unknown>) =>
  client().raw('POST', '/__reference/state', { body: { state: 'test state', params } });

describe('POST /__reference/state (reference-only provider states)', () => {
  it('sets a customer’s main points in one program with set-balance', async () => {
    const answer = await setState({
      action: 'set-balance',
      org: 'strict',
      identifierName: 'mobile',
      identifierValue: ana.mobile,
      programId: 469,
      points: 12.5,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'applied', state: 'test state' });
    expect((await readBalance(client(), ana.mobile, { programId: 469 })).main).toBe(micro('12.5'));
  });

  it('unlocks a bill as unlockPromisedPoints would with unlock-bill', async () => {
    const params = {
      action: 'unlock-bill',
      org: 'strict',
      identifierName: 'mobile',
      identifierValue: ana.mobile,
      billNumber: 'B-1001-1',
      eventName: 'TransactionAdd',
    };
    expect((await setState(params)).status).toBe(200);
    const again = await client().call('unlockPromisedPoints', {
      query: byMobile(ana.mobile),
      body: { eventName: 'TransactionAdd', billNumber: 'B-1001-1' },
      auth: AUTH.strict,
    });
    expect(again.status).toBe(400);
    expect((again.body as { errors: { code: number }[] }).errors[0]?.code).toBe(82323282);
  });

  it('sets a fabric member’s active points with set-member-points', async () => {
    const profileId = 'f90a1da5-c072-48b7-a9ea-eb35c5dd506b';
    expect((await setState({ action: 'set-member-points', profileId, points: 42 })).status).toBe(200);
    const read = await client().call('inquireMemberPoints', { pathParams: { profileId }, auth: AUTH.fabric });
    const data = (read.body as { data: { pointsBalance: { memberPointsAvailable: number } }[] }).data;
    expect(data[0]?.pointsBalance.memberPointsAvailable).toBe(42);
  });

  it('answers 400 naming the problem for an unknown customer, org or action', async () => {
    const unknownCustomer = await setState({
      action: 'set-balance',
      org: 'strict',
      identifierName: 'mobile',
      identifierValue: '0000',
      programId: 469,
      points: 1,
    });
    expect(unknownCustomer.status).toBe(400);
    expect(JSON.stringify(unknownCustomer.body)).toContain('no customer with mobile 0000');
    const unknownOrg = await setState({
      action: 'set-balance',
      org: 'nowhere',
      identifierName: 'mobile',
      identifierValue: ana.mobile,
      programId: 469,
      points: 1,
    });
    expect(unknownOrg.status).toBe(400);
    expect((await setState({ action: 'teleport' })).status).toBe(400);
    expect((await client().raw('POST', '/__reference/state', { body: { state: 'no params' } })).status).toBe(
      400,
    );
  });
});
