import { describe, expect, it } from 'vitest';
import { chooseBill } from '../../src/engine/fixtures.ts';
import type { OrgProfile } from '../../src/profile/types.ts';
import { FAULTS } from '../faults/catalogue.ts';
import { runProvider } from '../faults/kill-score.ts';
import { orgsOf, type ProfileSource } from '../faults/profiles.ts';

/** The reference provider run with `profile`: no failure, no error, exit 0. */
async function expectReferenceConformant(profile: ProfileSource): Promise<void> {
  const run = await runProvider({}, profile);
  expect({ failing: run.failing, errors: run.errors, exitCode: run.exitCode }).toEqual({
    failing: [],
    errors: [],
    exitCode: 0,
  });
}

/** An org declaring `bills` in the given order (chooseBill reads nothing else). */
const orgWith = (bills: Record<string, object>) => ({ fixtures: { bills } }) as unknown as OrgProfile;

const withItems = { customer: 'c1', billNumber: 'B-1', eventName: 'TransactionAdd', lineItemIds: [1] };
const whole = { customer: 'c2', billNumber: 'B-2', eventName: 'TransactionAdd' };
const spare = { customer: 'c3', billNumber: 'B-3', eventName: 'TransactionAdd' };
const race = { customer: 'c4', billNumber: 'B-4', eventName: 'TransactionAdd' };

describe('anyBill: the bill of the invalid-unlock probes, whose notes a later unlock judges', () => {
  it('is the bill with line items (the filters judge its notes) whatever the profile lists first', () => {
    const org = orgWith({ billSpare: spare, billRace: race, billWhole: whole, billWithLineItems: withItems });
    expect(chooseBill(org, 'anyBill')?.[0]).toBe('billWithLineItems');
  });

  it('is the whole bill (move-once judges its notes) when no bill has line items', () => {
    expect(chooseBill(orgWith({ billRace: race, billSpare: spare, billWhole: whole }), 'anyBill')?.[0]).toBe(
      'billWhole',
    );
  });

  it("is the profile's first bill when neither is declared, as before", () => {
    expect(chooseBill(orgWith({ billRace: race, billSpare: spare }), 'anyBill')?.[0]).toBe('billRace');
    expect(chooseBill(orgWith({}), 'anyBill')).toBeUndefined();
  });
});

/** The reference profile with `first` listed first among each org's bills. */
const listingFirst = (first: string): ProfileSource => ({
  edit: (profile) => {
    for (const org of orgsOf(profile)) {
      const bills = org.fixtures.bills;
      if (bills?.[first]) org.fixtures.bills = { [first]: bills[first], ...bills };
    }
  },
});

// Before: anyBill was the profile's first bill, and with billSpare or billRace first no later scenario
// judged the probes' notes, so these faults only warned.
describe.each(['billSpare', 'billRace'])('a profile listing %s first', (first) => {
  it.each(['upp-82323282-on-a-fresh-bill', 'upp-own-code-on-a-fresh-bill'])(
    'fails fault %s on its declared requirements',
    async (id) => {
      const fault = FAULTS.find((f) => f.id === id)!;
      const run = await runProvider(fault.options, listingFirst(first), fault.catches);
      expect(run.failing.filter((r) => fault.catches.includes(r))).not.toEqual([]);
    },
    60_000,
  );

  it('keeps the reference provider conformant', () => expectReferenceConformant(listingFirst(first)), 60_000);
});

/** The reference profile with each org's billWithLineItems giving only its `which` item code. */
const oneItemCode = (which: 'first' | 'last'): ProfileSource => ({
  edit: (profile) => {
    for (const org of orgsOf(profile)) {
      const bill = org.fixtures.bills?.billWithLineItems;
      if (bill?.itemCodes)
        bill.itemCodes = which === 'first' ? bill.itemCodes.slice(0, 1) : bill.itemCodes.slice(-1);
    }
  },
});

// The probes' notes ride on billWithLineItems, whose filters drop them on a sign of the bill partly
// unlocked before. Before the review of 2026-12-05, an item-code unlock taking every item line was
// told from that sign only through the other item codes the profile gives: with one given, the
// fault only warned.
describe.each(['first', 'last'] as const)(
  'a profile giving the bill with line items its %s item code only',
  (which) => {
    it('fails fault upp-own-code-on-a-fresh-bill-item-codes-take-every-line on its declared requirements', async () => {
      const fault = FAULTS.find((f) => f.id === 'upp-own-code-on-a-fresh-bill-item-codes-take-every-line')!;
      const run = await runProvider(fault.options, oneItemCode(which), fault.catches);
      expect(run.failing.filter((r) => fault.catches.includes(r)).sort()).toEqual([...fault.catches].sort());
    }, 60_000);

    it(
      'keeps the reference provider conformant',
      () => expectReferenceConformant(oneItemCode(which)),
      60_000,
    );
  },
);
