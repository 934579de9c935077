import {
  type BillSeed,
  type CustomerSeed,
  FABRIC_MEMBER,
  FABRIC_START_POINTS,
  ORGS,
  type OrgSeed,
} from './data.ts';
import { Table } from './dynamo.ts';

/** A balance item, `PK = customer#program`: points in thousandths (a DynamoDB Number, scale 3). */
export interface Balance {
  readonly main: number;
  readonly delayed: number;
  readonly external: number;
}

/** A bill's promised entry, `PK = bill#index`. */
export interface EntryState {
  readonly unlocked: boolean;
}

/** A fabric member, `PK = profileId`: the service keeps fabric points as Kotlin Doubles. */
export interface Member {
  readonly available: number;
  readonly pending: number;
}

export const milli = (points: number): number => Math.round(points * 1000);
export const points = (thousandths: number): number => thousandths / 1000;

export const balanceKey = (customerId: number, programId: number) => `${customerId}#${programId}`;
export const entryKey = (bill: BillSeed, index: number) => `${bill.billNumber}#${index}`;

/** The service's tables, seeded per start (each reading of the test has its own). */
export interface Store {
  readonly balances: Table<Balance>;
  readonly entries: Table<EntryState>;
  readonly members: Table<Member>;
}

export function seedStore(): Store {
  const store: Store = { balances: new Table(), entries: new Table(), members: new Table() };
  for (const org of ORGS) {
    for (const c of org.customers)
      for (const [program, main] of Object.entries(c.main))
        store.balances.seed(balanceKey(c.id, Number(program)), {
          main: milli(main),
          delayed: 0,
          external: 0,
        });
    for (const bill of org.bills)
      bill.entries.forEach((entry, index) => {
        store.entries.seed(entryKey(bill, index), { unlocked: false });
        const key = balanceKey(bill.customerId, entry.programId);
        const row = store.balances.current(key)!.item;
        const promised = milli(entry.points);
        store.balances.seed(
          key,
          entry.category === 'delayed'
            ? { ...row, delayed: row.delayed + promised }
            : { ...row, external: row.external + promised },
        );
      });
  }
  store.members.seed(FABRIC_MEMBER, { available: FABRIC_START_POINTS, pending: 0 });
  return store;
}

/** The GSI lookups by identifier: every customer of the org whose attribute holds the value. */
export function customersBy(org: OrgSeed, name: string, value: string): CustomerSeed[] {
  const attribute: Record<string, (c: CustomerSeed) => string> = {
    mobile: (c) => c.mobile,
    email: (c) => c.email,
    externalId: (c) => c.externalId,
    id: (c) => String(c.id),
    cuid: (c) => c.cuid,
    primaryUserId: (c) => c.primaryUserId,
  };
  const read = attribute[name];
  return read ? org.customers.filter((c) => read(c) === value) : [];
}

export const enrolled = (c: CustomerSeed, programId: number): boolean => programId in c.main;
export const programsOf = (c: CustomerSeed): number[] => Object.keys(c.main).map(Number);
