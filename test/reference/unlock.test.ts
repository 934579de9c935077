import { describe, expect, it } from 'vitest';
import {
  byMobile,
  DATA,
  defaultDataset,
  type Exchange,
  errorCode,
  micro,
  readBalance,
  useReferenceClient,
} from '../support/reference-client.ts';

const { ana, shared1 } = DATA.strict;
const client = useReferenceClient();

const unlock = (
  body: Record<string, unknown>,
  query: Record<string, string | undefined> = byMobile(ana.mobile),
) => client().call('unlockPromisedPoints', { query, body });

const BILL = { eventName: 'TransactionAdd', billNumber: 'B-1001-1' };

interface UnlockedLine {
  billNumber?: string;
  itemCode?: string;
  pointsUnlocked: string;
  programId: number;
  promotionIdentifier?: string;
}
const lines = (exchange: Exchange) => (exchange.body as { pointsUnlocked: UnlockedLine[] }).pointsUnlocked;
const unlockedSum = (exchange: Exchange) =>
  lines(exchange).reduce((sum, l) => sum + micro(l.pointsUnlocked), 0);

/** Expects the error code and that no point moved (ana, every program). */
async function expectRejected(
  code: number,
  body: Record<string, unknown>,
  query?: Record<string, string | undefined>,
) {
  const before = await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: true });
  const exchange = await unlock(body, query);
  expect(exchange.status, exchange.text).toBe(400);
  expect(errorCode(exchange), exchange.text).toBe(code);
  expect(await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: true })).toEqual(before);
}

describe('unlockPromisedPoints', () => {
  it('moves the promised points of a bill to main points, exactly the sum of pointsUnlocked', async () => {
    const before = await readBalance(client(), ana.mobile, { programId: 469 });
    const exchange = await unlock(BILL);
    expect(exchange.status).toBe(200);
    const after = await readBalance(client(), ana.mobile, { programId: 469 });
    const sum = unlockedSum(exchange);
    expect(sum).toBe(micro(65));
    expect(after.main - before.main).toBe(sum);
    expect(before.promised - after.promised).toBe(sum);
    expect(after.promised).toBe(0);
    expect(after.total).toBe(before.total);
  });

  it('lists bill-level, line-item and promotion lines with string decimals', async () => {
    const exchange = await unlock(BILL);
    expect(lines(exchange)).toEqual([
      { billNumber: 'B-1001-1', pointsUnlocked: '30.000', programId: 469 },
      { billNumber: 'B-1001-1', itemCode: 'gd739', pointsUnlocked: '10.000', programId: 469 },
      { billNumber: 'B-1001-1', itemCode: 'gd123', pointsUnlocked: '20.000', programId: 469 },
      {
        pointsUnlocked: '5.000',
        programId: 469,
        promotionIdentifier: 'SUMMER-2024',
        promotionId: 5001,
        promotionName: 'Summer bonus',
      },
    ]);
  });

  it('credits the program of the bill (973) and leaves the other program alone', async () => {
    const before469 = await readBalance(client(), ana.mobile, { programId: 469 });
    const before973 = await readBalance(client(), ana.mobile, { programId: 973 });
    const exchange = await unlock({ eventName: 'TransactionAdd', billNumber: 'B-1001-2' });
    expect(lines(exchange)).toEqual([
      { billNumber: 'B-1001-2', itemCode: 'kw101', pointsUnlocked: '12.675', programId: 973 },
    ]);
    const after973 = await readBalance(client(), ana.mobile, { programId: 973 });
    expect(after973.main - before973.main).toBe(micro('12.675'));
    expect(after973.delayed).toBe(0);
    expect(await readBalance(client(), ana.mobile, { programId: 469 })).toEqual(before469);
  });

  it('rejects a second unlock of the same bill with 82323282 and moves nothing', async () => {
    expect((await unlock(BILL)).status).toBe(200);
    await expectRejected(82323282, BILL);
  });

  it('unlocks only the entries of the given lineItemIds', async () => {
    const before = await readBalance(client(), ana.mobile);
    const exchange = await unlock({ ...BILL, lineItemIds: [64384] });
    expect(exchange.status).toBe(200);
    expect(lines(exchange)).toEqual([
      { billNumber: 'B-1001-1', itemCode: 'gd739', pointsUnlocked: '10.000', programId: 469 },
    ]);
    const after = await readBalance(client(), ana.mobile);
    expect(after.main - before.main).toBe(micro(10));
    expect(before.delayed - after.delayed).toBe(micro(10));
    expect(after.external).toBe(before.external);
  });

  it('unlocks only the entries of the given itemCodes', async () => {
    const before = await readBalance(client(), ana.mobile);
    const exchange = await unlock({ ...BILL, itemCodes: ['gd123'] });
    expect(lines(exchange).map((l) => l.itemCode)).toEqual(['gd123']);
    const after = await readBalance(client(), ana.mobile);
    expect(after.main - before.main).toBe(micro(20));
    expect(before.external - after.external).toBe(micro(20));
    expect(after.delayed).toBe(before.delayed);
  });

  it('unlocks the rest of a partly unlocked bill once, then nothing', async () => {
    expect(unlockedSum(await unlock({ ...BILL, lineItemIds: [64384] }))).toBe(micro(10));
    const rest = await unlock(BILL);
    expect(unlockedSum(rest)).toBe(micro(55));
    expect(lines(rest).some((l) => l.itemCode === 'gd739')).toBe(false);
    await expectRejected(82323282, BILL);
    expect((await readBalance(client(), ana.mobile)).promised).toBe(0);
  });

  it('rejects filters that match no promised entry with 82323282', async () => {
    await expectRejected(82323282, { ...BILL, lineItemIds: [1] });
    await expectRejected(82323282, { ...BILL, itemCodes: ['no-such-sku'] });
  });

  it('rejects a request without billNumber with 82323271', async () => {
    await expectRejected(82323271, { eventName: 'TransactionAdd' });
  });

  it('rejects an unknown bill, or a bill of another customer, with 82323277', async () => {
    await expectRejected(82323277, { eventName: 'TransactionAdd', billNumber: 'B-0000-0' });
    await expectRejected(82323277, { eventName: 'TransactionAdd', billNumber: 'B-1002-1' });
  });

  it('rejects a missing, empty or wrong eventName with 82323272', async () => {
    await expectRejected(82323272, { billNumber: 'B-1001-1' });
    await expectRejected(82323272, { ...BILL, eventName: '' });
    await expectRejected(82323272, { ...BILL, eventName: 'TransactionUpdate' });
  });

  it('rejects an entity type other than CUSTOMER and USERGROUP2 with 82323276', async () => {
    await expectRejected(82323276, BILL, { ...byMobile(ana.mobile), type: 'STORE' });
  });

  it('accepts type=CUSTOMER explicitly', async () => {
    expect((await unlock(BILL, { ...byMobile(ana.mobile), type: 'CUSTOMER' })).status).toBe(200);
  });

  it('rejects an unknown eventLogId with 3918', async () => {
    await expectRejected(3918, { ...BILL, eventLogId: 123 });
    await expectRejected(3918, { ...BILL, eventLogId: [880001, 123] });
  });

  it('accepts the eventLogId of the bill as a number, a string or an array', async () => {
    expect((await unlock({ ...BILL, eventLogId: 880001, lineItemIds: [64384] })).status).toBe(200);
    expect((await unlock({ ...BILL, eventLogId: '880001', lineItemIds: [64743] })).status).toBe(200);
    expect((await unlock({ ...BILL, eventLogId: [880001] })).status).toBe(200);
  });

  it('rejects a missing or empty identifierName, identifierValue or source with 82323284', async () => {
    const full = byMobile(ana.mobile);
    for (const name of ['identifierName', 'identifierValue', 'source'] as const) {
      await expectRejected(82323284, BILL, { ...full, [name]: undefined });
      await expectRejected(82323284, BILL, { ...full, [name]: '' });
    }
  });

  it('rejects an unknown customer with 8015', async () => {
    await expectRejected(8015, BILL, byMobile('919899999999'));
  });

  it('unlocks through a valid USERGROUP2 group (its primary customer)', async () => {
    const before = await readBalance(client(), ana.mobile);
    const exchange = await unlock(BILL, {
      identifierName: 'id',
      identifierValue: String(DATA.strict.userGroup),
      source: 'INSTORE',
      type: 'USERGROUP2',
    });
    expect(exchange.status).toBe(200);
    expect((await readBalance(client(), ana.mobile)).main - before.main).toBe(micro(65));
  });

  it('rejects an invalid USERGROUP2 group with 1645', async () => {
    await expectRejected(1645, BILL, {
      identifierName: 'id',
      identifierValue: '9999',
      source: 'INSTORE',
      type: 'USERGROUP2',
    });
    await expectRejected(1645, BILL, { ...byMobile(ana.mobile), type: 'USERGROUP2' });
  });

  it('accepts the till as sourceTilId (the example) and as sourceTillId (the table)', async () => {
    const extras = { billDate: '2022-02-12', sourceStoreId: 1122, sourceProgramId: 2121 };
    const first = await unlock({ ...BILL, ...extras, sourceTilId: 323, lineItemIds: [64384] });
    expect(first.status, first.text).toBe(200);
    const second = await unlock({ ...BILL, ...extras, sourceTillId: 323, lineItemIds: [64743] });
    expect(second.status, second.text).toBe(200);
  });

  it('accepts billNumber as an integer (as the document example sends it)', async () => {
    const dataset = defaultDataset();
    const customer = dataset.orgs[0]?.customers.find((c) => c.id === shared1.id);
    customer?.bills?.push({
      billNumber: '16484',
      eventName: 'TransactionAdd',
      eventLogId: 1235315,
      promised: [{ programId: 469, points: 7, category: 'delayedAccrual' }],
    });
    client().server?.reset(dataset);
    const before = await readBalance(client(), shared1.mobile);
    const exchange = await unlock(
      { eventName: 'TransactionAdd', billNumber: 16484, eventLogId: 1235315 },
      byMobile(shared1.mobile),
    );
    expect(exchange.status, exchange.text).toBe(200);
    expect((await readBalance(client(), shared1.mobile)).main - before.main).toBe(micro(7));
  });
});
