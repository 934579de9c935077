import { describe, expect, it } from 'vitest';
import { DATA, errorCode, micro, readBalance, useReferenceClient } from '../support/reference-client.ts';

const { ana, shared1, shared2 } = DATA.strict;
const client = useReferenceClient();

/** A balance lookup with the raw identifierName/identifierValue lists. */
const lookup = (identifierName: string, identifierValue: string) =>
  client().call('getPointsBalance', { query: { identifierName, identifierValue, source: 'INSTORE' } });

const entityOf = (exchange: { body: unknown }) => (exchange.body as { entityId: unknown }).entityId;

describe('getPointsBalance', () => {
  it('returns the flat body with totalPoints = mainPoints + promisedPoints', async () => {
    const exchange = await lookup('mobile', ana.mobile);
    expect(exchange.status).toBe(200);
    expect(exchange.body).toMatchObject({ entityId: ana.id, entityType: 'CUSTOMER', warnings: [] });
    const b = await readBalance(client(), ana.mobile);
    expect(b.total).toBe(b.main + b.promised);
    expect(b).toMatchObject({ main: micro(670), promised: micro(65), total: micro(735) });
  });

  it('returns promisedPoints = delayedAccrualPoints + externalTriggerBasedPoints', async () => {
    const variants: Record<string, number | boolean>[] = [
      {},
      { programId: 973 },
      { fetchDataForAllPrograms: true },
    ];
    for (const extra of variants) {
      const b = await readBalance(client(), ana.mobile, extra);
      expect(b.promised).toBe(b.delayed + b.external);
      expect(b.total).toBe(b.main + b.promised);
    }
    expect(await readBalance(client(), ana.mobile)).toMatchObject({
      delayed: micro(40),
      external: micro(25),
    });
  });

  describe('programId × fetchDataForAllPrograms', () => {
    const all = async () => {
      const p469 = await readBalance(client(), ana.mobile, { programId: 469 });
      const p973 = await readBalance(client(), ana.mobile, { programId: 973 });
      return {
        main: p469.main + p973.main,
        total: p469.total + p973.total,
        promised: p469.promised + p973.promised,
      };
    };

    it('programId passed, fetchDataForAllPrograms=false: that program only', async () => {
      const b = await readBalance(client(), ana.mobile, { programId: 973, fetchDataForAllPrograms: false });
      expect(b).toMatchObject({ main: micro('120.5'), promised: micro('12.675'), total: micro('133.175') });
    });

    it('programId passed, fetchDataForAllPrograms=true: the sum over all programs', async () => {
      const b = await readBalance(client(), ana.mobile, { programId: 973, fetchDataForAllPrograms: true });
      expect(b).toMatchObject(await all());
      expect(b.total).toBe(micro('868.175'));
    });

    it('programId absent, fetchDataForAllPrograms=false: the default program', async () => {
      const b = await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: false });
      expect(b).toEqual(await readBalance(client(), ana.mobile, { programId: 469 }));
      expect(b.main).toBe(micro(670));
    });

    it('programId absent, fetchDataForAllPrograms=true: the sum over all programs', async () => {
      const b = await readBalance(client(), ana.mobile, { fetchDataForAllPrograms: true });
      expect(b).toMatchObject(await all());
    });
  });

  it('rejects an unknown customer with 8015', async () => {
    const exchange = await lookup('mobile', '919899999999');
    expect(exchange.status).toBe(400);
    expect(errorCode(exchange)).toBe(8015);
  });

  describe('dual eligibility (primary identifier: mobile)', () => {
    it('resolves several identifiers through the primary mobile, in either order', async () => {
      expect(entityOf(await lookup('email,mobile', `${ana.email},${ana.mobile}`))).toBe(ana.id);
      expect(entityOf(await lookup('mobile,email', `${ana.mobile},${ana.email}`))).toBe(ana.id);
      expect(
        entityOf(await lookup('externalId,email,mobile', `${ana.externalId},${ana.email},${ana.mobile}`)),
      ).toBe(ana.id);
    });

    it('tells apart customers sharing a secondary email by their mobile', async () => {
      expect(entityOf(await lookup('email,mobile', `${shared1.email},${shared1.mobile}`))).toBe(shared1.id);
      expect(entityOf(await lookup('email,mobile', `${shared2.email},${shared2.mobile}`))).toBe(shared2.id);
    });

    it('pairs names and values by position: swapping the value order is 8015', async () => {
      const swapped = await lookup('email,mobile', `${ana.mobile},${ana.email}`);
      expect(errorCode(swapped)).toBe(8015);
    });

    it('pairs names and values by position: the value in the mobile position decides, so a swap can name another customer', async () => {
      const names = 'email,mobile';
      expect(entityOf(await lookup(names, `${shared2.mobile},${shared1.mobile}`))).toBe(shared1.id);
      expect(entityOf(await lookup(names, `${shared1.mobile},${shared2.mobile}`))).toBe(shared2.id);
    });

    it('rejects a single identifier that is not the primary with 8015', async () => {
      expect(errorCode(await lookup('email', ana.email))).toBe(8015);
      expect(errorCode(await lookup('externalId', ana.externalId))).toBe(8015);
    });

    it('rejects a list without the primary identifier with 8015', async () => {
      expect(errorCode(await lookup('email,externalId', `${ana.email},${ana.externalId}`))).toBe(8015);
    });

    it('rejects the shared secondary email alone with 8015', async () => {
      expect(errorCode(await lookup('email', shared1.email))).toBe(8015);
    });

    it('rejects lists of different lengths with 8015', async () => {
      expect(errorCode(await lookup('email,mobile', ana.mobile))).toBe(8015);
    });

    it('accepts the primary identifier alone', async () => {
      expect(entityOf(await lookup('mobile', shared2.mobile))).toBe(shared2.id);
    });
  });
});
