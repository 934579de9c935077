import { type BillRow, type CustomerRow, type EntryRow, ORGS, type OrgRow } from './data.ts';
import { type Decimal, dec, rescale, ZERO } from './decimal.ts';

/** A `points` row: one customer in one program, each figure at the program's round decimals. */
export interface Points {
  main: Decimal;
  external: Decimal;
}

/** A promised entry of a bill, and whether its points were converted already. */
export interface Entry extends EntryRow {
  readonly amount: Decimal;
  unlocked: boolean;
}

/** One org's tables. Node runs one handler at a time: each is one `BEGIN IMMEDIATE` transaction. */
export interface OrgState {
  readonly org: OrgRow;
  readonly points: Map<string, Points>;
  readonly entries: Map<string, Entry[]>;
  /** Issued OAuth tokens (`oauth_tokens`), to the credential name. */
  readonly tokens: Map<string, string>;
}

const key = (customerId: number, programId: number) => `${customerId}/${programId}`;

export function roundDecimals(org: OrgRow, programId: number): number | undefined {
  return org.programs.find((p) => p.id === programId)?.roundDecimals;
}

export function openOrgs(): OrgState[] {
  return ORGS.map((org) => {
    const points = new Map<string, Points>();
    for (const customer of org.customers)
      for (const [program, row] of Object.entries(customer.programs)) {
        const scale = roundDecimals(org, Number(program)) ?? 0;
        points.set(key(customer.id, Number(program)), {
          main: rescale(dec(row.main), scale),
          external: rescale(dec(row.external ?? '0'), scale),
        });
      }
    const entries = new Map<string, Entry[]>();
    for (const bill of org.bills)
      entries.set(
        bill.number,
        bill.entries.map((e) => ({
          ...e,
          amount: rescale(dec(e.points), roundDecimals(org, e.programId) ?? 0),
          unlocked: false,
        })),
      );
    return { org, points, entries, tokens: new Map() };
  });
}

export function pointsOf(state: OrgState, customerId: number, programId: number): Points | undefined {
  return state.points.get(key(customerId, programId));
}

/** Promised points still waiting on the customer's bills in a program (delayed accrual). */
export function delayedOf(state: OrgState, customerId: number, programId: number): Decimal {
  const scale = roundDecimals(state.org, programId) ?? 0;
  let sum = rescale(ZERO, scale);
  for (const bill of state.org.bills.filter((b) => b.customerId === customerId))
    for (const entry of state.entries.get(bill.number) ?? [])
      if (!entry.unlocked && entry.programId === programId)
        sum = { mantissa: sum.mantissa + rescale(entry.amount, scale).mantissa, scale };
  return sum;
}

/** `SELECT … WHERE <column> = $1 ORDER BY id LIMIT 1`, the columns a lookup may name. */
export function findCustomer(org: OrgRow, name: string, value: string): CustomerRow | undefined {
  const column: Record<string, (c: CustomerRow) => string | undefined> = {
    mobile: (c) => c.mobile,
    email: (c) => c.email,
    externalId: (c) => c.externalId,
    id: (c) => String(c.id),
    cuid: (c) => c.cuid,
    primaryUserId: (c) => c.primaryUserId,
  };
  const read = column[name];
  return read ? org.customers.find((c) => read(c) === value) : undefined;
}

export function findBill(org: OrgRow, number: string, customerId: number): BillRow | undefined {
  return org.bills.find((b) => b.number === number && b.customerId === customerId);
}
