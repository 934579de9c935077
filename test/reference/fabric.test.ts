import { describe, expect, it } from 'vitest';
import { DATA, useReferenceClient } from '../support/reference-client.ts';

const { member, emptyMember } = DATA.fabric;
const client = useReferenceClient();

const adjust = (body: Record<string, unknown>) => client().call('adjustMemberPoints', { body });

interface Points {
  totalPoints: number;
  available: number;
  locked: number;
}

async function points(profileId: string): Promise<Points> {
  const exchange = await client().call('inquireMemberPoints', { pathParams: { profileId } });
  expect(exchange.status, exchange.text).toBe(200);
  const entry = (
    exchange.body as {
      data: {
        totalPoints: number;
        pointsBalance: { memberPointsAvailable: number; memberPointsLocked: number };
      }[];
    }
  ).data[0]!;
  return {
    totalPoints: entry.totalPoints,
    available: entry.pointsBalance.memberPointsAvailable,
    locked: entry.pointsBalance.memberPointsLocked,
  };
}

/** Expects a 4xx in the fabric envelope and no change to the member's points. */
async function expectRejected(body: Record<string, unknown>, profileId: string = member) {
  const before = await points(profileId);
  const exchange = await adjust(body);
  expect(exchange.status, exchange.text).toBeGreaterThanOrEqual(400);
  expect(exchange.status, exchange.text).toBeLessThan(500);
  expect(await points(profileId)).toEqual(before);
}

describe('adjustMemberPoints', () => {
  it('adds positive points to the available points', async () => {
    const before = await points(member);
    const exchange = await adjust({
      profileId: member,
      pointType: 'Base',
      billingEntity: 'Company_Club',
      points: 100,
      reasonCode: '7502',
      setToPending: false,
    });
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({
      status: 200,
      message: 'Member points adjusted',
      errors: {},
      data: { Message: '100.0 points added', futureDate: false, ExceptionString: '' },
    });
    const after = await points(member);
    expect(after.available - before.available).toBe(100);
    expect(after.totalPoints - before.totalPoints).toBe(100);
  });

  it('deducts negative points from the available points', async () => {
    const before = await points(member);
    const exchange = await adjust({ profileId: member, points: -25, reasonCode: '7502' });
    expect(exchange.status).toBe(200);
    expect((exchange.body as { data: { Message: string } }).data.Message).toBe('25.0 points deducted');
    expect(before.available - (await points(member)).available).toBe(25);
  });

  it('keeps setToPending points out of memberPointsAvailable but counts them in totalPoints', async () => {
    const before = await points(member);
    expect((await adjust({ profileId: member, points: 40, setToPending: true })).status).toBe(200);
    const after = await points(member);
    expect(after.available).toBe(before.available);
    expect(after.totalPoints - before.totalPoints).toBe(40);
    expect(after.locked - before.locked).toBe(40);
  });

  it('makes points active when setToPending is absent (default false)', async () => {
    const before = await points(member);
    expect((await adjust({ profileId: member, points: 15 })).status).toBe(200);
    const after = await points(member);
    expect(after.available - before.available).toBe(15);
    expect(after.locked).toBe(before.locked);
  });

  it('accepts fractional points', async () => {
    const before = await points(member);
    expect((await adjust({ profileId: member, points: 2.5 })).status).toBe(200);
    expect((await points(member)).available - before.available).toBe(2.5);
  });

  it('requires points', async () => {
    await expectRejected({ profileId: member, reasonCode: '7502' });
  });

  it('rejects points that are not a number', async () => {
    await expectRejected({ profileId: member, points: '100' });
  });

  it('rejects empty strings in pointType, billingEntity and reasonCode', async () => {
    await expectRejected({ profileId: member, points: 10, pointType: '' });
    await expectRejected({ profileId: member, points: 10, billingEntity: '' });
    await expectRejected({ profileId: member, points: 10, reasonCode: '' });
  });

  it('rejects a missing or empty profileId', async () => {
    await expectRejected({ points: 10 });
    await expectRejected({ profileId: '', points: 10 });
  });

  it('rejects an unknown profileId with a 4xx', async () => {
    const exchange = await adjust({ profileId: 'no-such-member', points: 10 });
    expect(exchange.status).toBe(404);
  });

  it('rejects a deduction above the available points and leaves them unchanged', async () => {
    await expectRejected({ profileId: emptyMember, points: -1 }, emptyMember);
  });

  it('rejects zero points', async () => {
    await expectRejected({ profileId: member, points: 0 });
  });
});

describe('inquireMemberPoints', () => {
  it('returns the seeded points of a member', async () => {
    expect(await points(member)).toEqual({ totalPoints: 500, available: 500, locked: 0 });
  });

  it('answers 404 for an unknown member', async () => {
    const exchange = await client().call('inquireMemberPoints', {
      pathParams: { profileId: 'no-such-member' },
    });
    expect(exchange.status).toBe(404);
  });
});
