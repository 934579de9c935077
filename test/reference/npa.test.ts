import { describe, expect, it } from 'vitest';
import {
  AUTH,
  byMobile,
  DATA,
  errorCode,
  micro,
  readBalance,
  useReferenceClient,
} from '../support/reference-client.ts';

const { ana, zero, shared2 } = DATA.strict;
const { empty } = DATA.lenient;
const client = useReferenceClient();

/** A deduction from the strict org (default) or the org of `auth`. */
const deduct = (
  mobile: string,
  body: Record<string, unknown>,
  options: { auth?: typeof AUTH.strict | typeof AUTH.lenient; query?: Record<string, string> } = {},
) =>
  client().call('negativePointsAdjustment', {
    query: { ...byMobile(mobile), ...options.query },
    body: { reasonOfReturn: 'return of goods', ...body },
    auth: options.auth ?? AUTH.strict,
  });

/** Deducts, expects the error code, and checks the balance did not move. */
async function expectRejected(
  code: number | 'any',
  body: Record<string, unknown>,
  options: { mobile?: string; query?: Record<string, string>; replaceBody?: boolean } = {},
) {
  const mobile = options.mobile ?? ana.mobile;
  // The balances of the customer named (when it exists) and of ana, over all programs.
  const snapshot = async () => {
    const readings = [];
    for (const m of new Set([ana.mobile, mobile])) {
      readings.push(await readBalance(client(), m, { fetchDataForAllPrograms: true }).catch(() => 'none'));
    }
    return readings;
  };
  const before = await snapshot();
  const exchange = options.replaceBody
    ? await client().call('negativePointsAdjustment', {
        query: { ...byMobile(mobile), ...options.query },
        body,
      })
    : await deduct(mobile, body, { query: options.query ?? {} });
  expect(exchange.status, exchange.text).toBeGreaterThanOrEqual(400);
  expect(exchange.status, exchange.text).toBeLessThan(500);
  if (code !== 'any') expect(errorCode(exchange), exchange.text).toBe(code);
  expect(await snapshot()).toEqual(before);
  return exchange;
}

describe('negativePointsAdjustment', () => {
  it('lowers the balance read back by exactly the amount and reports it as pointsAvailable', async () => {
    const before = await readBalance(client(), ana.mobile, { programId: 469 });
    const exchange = await deduct(ana.mobile, { pointsToBeAdjusted: 101.54, programId: 469 });
    expect(exchange.status).toBe(200);
    const after = await readBalance(client(), ana.mobile, { programId: 469 });
    expect(before.main - after.main).toBe(micro('101.54'));
    expect(after.promised).toBe(before.promised);
    const body = exchange.body as { status: string; pointsAvailable: string };
    expect(body.status).toBe('success');
    expect(micro(body.pointsAvailable)).toBe(after.main);
  });

  it('accepts the amount as the string "100.00" of the document example', async () => {
    const before = await readBalance(client(), ana.mobile);
    const exchange = await deduct(ana.mobile, { pointsToBeAdjusted: '100.00', programId: 469 });
    expect(exchange.status).toBe(200);
    expect((exchange.body as { pointsAvailable: string }).pointsAvailable).toBe('570.000');
    expect(before.main - (await readBalance(client(), ana.mobile)).main).toBe(micro(100));
  });

  it('accepts the amount as a JSON number', async () => {
    const exchange = await deduct(ana.mobile, { pointsToBeAdjusted: 100, programId: 469 });
    expect(exchange.status).toBe(200);
    expect(micro((exchange.body as { pointsAvailable: string }).pointsAvailable)).toBe(micro(570));
  });

  it('deducts from the default program when programId is absent', async () => {
    const before973 = await readBalance(client(), ana.mobile, { programId: 973 });
    expect((await deduct(ana.mobile, { pointsToBeAdjusted: 70 })).status).toBe(200);
    expect((await readBalance(client(), ana.mobile)).main).toBe(micro(600));
    expect(await readBalance(client(), ana.mobile, { programId: 973 })).toEqual(before973);
  });

  it('rejects a deduction above the balance with 8907 and leaves the balance unchanged (org strict)', async () => {
    const exchange = await expectRejected(8907, { pointsToBeAdjusted: 670.01, programId: 469 });
    expect((exchange.body as { errors: { message: string }[] }).errors[0]?.message).toContain('670.01');
  });

  it('rejects any deduction from a zero balance with 8907 (org strict)', async () => {
    const exchange = await deduct(zero.mobile, { pointsToBeAdjusted: 1 });
    expect(errorCode(exchange)).toBe(8907);
    expect((await readBalance(client(), zero.mobile)).main).toBe(0);
  });

  it('deducts exactly the whole balance, leaving 0', async () => {
    const exchange = await deduct(ana.mobile, { pointsToBeAdjusted: 670, programId: 469 });
    expect(exchange.status).toBe(200);
    expect(micro((exchange.body as { pointsAvailable: string }).pointsAvailable)).toBe(0);
    expect((await readBalance(client(), ana.mobile)).main).toBe(0);
    expect(errorCode(await deduct(ana.mobile, { pointsToBeAdjusted: 0.01, programId: 469 }))).toBe(8907);
  });

  it('lets the balance go negative in org lenient and shows the negative value as pointsAvailable', async () => {
    const exchange = await deduct(empty.mobile, { pointsToBeAdjusted: 100 }, { auth: AUTH.lenient });
    expect(exchange.status).toBe(200);
    const { pointsAvailable } = exchange.body as { pointsAvailable: string };
    expect(micro(pointsAvailable)).toBe(micro(-100));
    expect(pointsAvailable).toBe('-100.000');
    const after = await readBalance(client(), empty.mobile, {}, AUTH.lenient);
    expect(after.main).toBe(micro(-100));
    expect(after.total).toBe(after.main + after.promised);
  });

  describe('round decimals (8906)', () => {
    it('accepts 3 decimals on program 973 (3 round decimals)', async () => {
      const before = await readBalance(client(), ana.mobile, { programId: 973 });
      const exchange = await deduct(ana.mobile, { pointsToBeAdjusted: 0.123, programId: 973 });
      expect(exchange.status).toBe(200);
      expect((exchange.body as { pointsAvailable: string }).pointsAvailable).toBe('120.377');
      const after = await readBalance(client(), ana.mobile, { programId: 973 });
      expect(before.main - after.main).toBe(micro('0.123'));
    });

    it('rejects the same 3 decimals on program 469 (2 round decimals) with 8906', async () => {
      const exchange = await expectRejected(8906, { pointsToBeAdjusted: 0.123, programId: 469 });
      expect((exchange.body as { errors: { message: string }[] }).errors[0]?.message).toContain(
        'programId: 469',
      );
    });

    it('checks the decimals against the default program when programId is absent', async () => {
      await expectRejected(8906, { pointsToBeAdjusted: '1.001' });
    });

    it('rejects 3 decimals given as a string on program 469 with 8906', async () => {
      await expectRejected(8906, { pointsToBeAdjusted: '10.125', programId: 469 });
    });

    it('does not count trailing zeros as decimals', async () => {
      const exchange = await deduct(ana.mobile, { pointsToBeAdjusted: '1.1000', programId: 469 });
      expect(exchange.status, exchange.text).toBe(200);
      expect((exchange.body as { pointsAvailable: string }).pointsAvailable).toBe('668.900');
      expect((await deduct(ana.mobile, { pointsToBeAdjusted: '2.000000', programId: 469 })).status).toBe(200);
      expect((await readBalance(client(), ana.mobile)).main).toBe(micro('666.9'));
    });

    it('rejects decimals below the ledger precision (1e-8) with 8906, not as zero', async () => {
      await expectRejected(8906, { pointsToBeAdjusted: 1e-8, programId: 973 });
    });
  });

  describe('validation', () => {
    it('rejects an unsupported source with 8003', async () => {
      await expectRejected(8003, { pointsToBeAdjusted: 1 }, { query: { source: 'CARRIER_PIGEON' } });
    });

    it('rejects an unsupported identifierName with 8013', async () => {
      await expectRejected(8013, { pointsToBeAdjusted: 1 }, { query: { identifierName: 'email' } });
    });

    it('rejects an unknown customer with 8015', async () => {
      await expectRejected(8015, { pointsToBeAdjusted: 1 }, { mobile: '919899999999' });
    });

    it('accepts externalId as identifier', async () => {
      const exchange = await deduct(
        ana.mobile,
        { pointsToBeAdjusted: 1 },
        { query: { identifierName: 'externalId', identifierValue: ana.externalId } },
      );
      expect(exchange.status).toBe(200);
      expect((await readBalance(client(), ana.mobile)).main).toBe(micro(669));
    });

    it('rejects a zero amount with 8888, as a number and as a string', async () => {
      await expectRejected(8888, { pointsToBeAdjusted: 0 });
      await expectRejected(8888, { pointsToBeAdjusted: '0.00' });
    });

    it('rejects a negative amount with a 4xx', async () => {
      await expectRejected('any', { pointsToBeAdjusted: -3 });
      await expectRejected('any', { pointsToBeAdjusted: '-3' });
    });

    it('rejects an amount that is not numeric with a 4xx', async () => {
      await expectRejected('any', { pointsToBeAdjusted: 'abc' });
      await expectRejected('any', { pointsToBeAdjusted: true });
    });

    it('rejects an amount beyond the ledger range with a 4xx, also where negative balances are allowed', async () => {
      const exchange = await deduct(
        empty.mobile,
        { pointsToBeAdjusted: '99999999999999999999999' },
        { auth: AUTH.lenient },
      );
      expect(exchange.status).toBe(400);
      expect((await readBalance(client(), empty.mobile, {}, AUTH.lenient)).main).toBe(0);
    });

    it('rejects promotionIdentifier without programId with 8887', async () => {
      await expectRejected(8887, { pointsToBeAdjusted: 1, promotionIdentifier: 'SUMMER-2024' });
    });

    it('accepts a known promotion, by promotionId or by promotionIdentifier with its programId', async () => {
      expect(
        (await deduct(ana.mobile, { pointsToBeAdjusted: 1, programId: 469, promotionId: 5001 })).status,
      ).toBe(200);
      const exchange = await deduct(ana.mobile, {
        pointsToBeAdjusted: 1,
        programId: 469,
        promotionIdentifier: 'SUMMER-2024',
        pointsAwardedRefType: 'customer_promotions',
      });
      expect(exchange.status).toBe(200);
      expect((await readBalance(client(), ana.mobile)).main).toBe(micro(668));
    });

    it('rejects an unknown promotion with 8874', async () => {
      await expectRejected(8874, { pointsToBeAdjusted: 1, programId: 469, promotionId: 4242 });
      await expectRejected(8874, {
        pointsToBeAdjusted: 1,
        programId: 469,
        promotionIdentifier: 'WINTER-1999',
      });
    });

    it('rejects a promotionIdentifier of another program with 8874', async () => {
      await expectRejected(8874, {
        pointsToBeAdjusted: 1,
        programId: 973,
        promotionIdentifier: 'SUMMER-2024',
      });
    });

    it('rejects promotionId together with promotionIdentifier with a 4xx', async () => {
      await expectRejected('any', {
        pointsToBeAdjusted: 1,
        programId: 469,
        promotionId: 5001,
        promotionIdentifier: 'SUMMER-2024',
      });
    });

    it('accepts a pointsAwardedId of the customer', async () => {
      expect((await deduct(ana.mobile, { pointsToBeAdjusted: 1, pointsAwardedId: 70001 })).status).toBe(200);
    });

    it('rejects an unknown pointsAwardedId with 8877', async () => {
      await expectRejected(8877, { pointsToBeAdjusted: 1, pointsAwardedId: 79999 });
    });

    it('rejects an unsupported pointsAwardedRefType with 9975', async () => {
      await expectRejected(9975, { pointsToBeAdjusted: 1, pointsAwardedRefType: 'bill_imaginary' });
    });

    it('rejects a missing reasonOfReturn with 8882', async () => {
      await expectRejected(8882, { pointsToBeAdjusted: 1 }, { replaceBody: true });
    });

    it('rejects an empty or blank reasonOfReturn with 8882', async () => {
      await expectRejected(8882, { pointsToBeAdjusted: 1, reasonOfReturn: '' });
      await expectRejected(8882, { pointsToBeAdjusted: 1, reasonOfReturn: '   ' });
    });

    it('accepts a reason of 50 characters and rejects one of 51 with a 4xx', async () => {
      expect(
        (await deduct(ana.mobile, { pointsToBeAdjusted: 1, reasonOfReturn: 'r'.repeat(50) })).status,
      ).toBe(200);
      await expectRejected('any', { pointsToBeAdjusted: 1, reasonOfReturn: 'r'.repeat(51) });
    });

    it('rejects a program the customer is not enrolled in with 1218', async () => {
      await expectRejected(1218, { pointsToBeAdjusted: 1, programId: 973 }, { mobile: shared2.mobile });
    });

    it('rejects a program the org does not have with 1218', async () => {
      await expectRejected(1218, { pointsToBeAdjusted: 1, programId: 1 });
    });

    it('rejects a missing body with a 4xx', async () => {
      const exchange = await client().call('negativePointsAdjustment', { query: byMobile(ana.mobile) });
      expect(exchange.status).toBe(400);
    });
  });
});
