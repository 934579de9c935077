import { type Bill, type Customer, type Entry, ORGS, type Org, type Program } from './data.ts';
import { micros } from './decimal.ts';

/**
 * The tables as Django models see them (PostgreSQL rows): per org, each customer's main and
 * external-trigger points per program, promised entries not yet unlocked, issued OAuth tokens.
 * Handlers run to completion on one thread, so each view is one `transaction.atomic()` block.
 */
export interface Wallet {
  main: bigint;
  external: bigint;
}
export interface OrgState {
  readonly org: Org;
  readonly wallets: Map<string, Wallet>;
  readonly promised: Map<string, Entry[]>;
  readonly tokens: Map<string, string>;
}

export const walletKey = (customerId: number, programId: number) => `${customerId}/${programId}`;
export const billKey = (bill: Bill) => `${bill.customerId}/${bill.number}`;

export function openLedger(): OrgState[] {
  return ORGS.map((org) => {
    const wallets = new Map<string, Wallet>();
    for (const c of org.customers)
      for (const [program, w] of Object.entries(c.programs))
        wallets.set(walletKey(c.id, Number(program)), { main: micros(w.main), external: micros(w.external) });
    const promised = new Map(org.bills.map((b) => [billKey(b), [...b.entries]]));
    return { org, wallets, promised, tokens: new Map() };
  });
}

export const programOf = (org: Org, id: number): Program | undefined => org.programs.find((p) => p.id === id);

/** Delayed-accrual points of a customer in a program: their entries not yet unlocked. */
export function delayed(state: OrgState, customer: Customer, programId: number): bigint {
  let sum = 0n;
  for (const bill of state.org.bills) {
    if (bill.customerId !== customer.id) continue;
    for (const e of state.promised.get(billKey(bill)) ?? [])
      if (e.programId === programId) sum += micros(e.points);
  }
  return sum;
}

/** `Customer.objects.filter(**{name: value}).first()` over the identifiers a customer has. */
export function findCustomer(org: Org, name: string, value: string): Customer | undefined {
  const field: Record<string, (c: Customer) => string> = {
    mobile: (c) => c.mobile,
    email: (c) => c.email,
    externalId: (c) => c.externalId,
    id: (c) => String(c.id),
    cuid: (c) => c.cuid,
    primaryUserId: (c) => c.primaryUserId,
  };
  const read = field[name];
  return read ? org.customers.find((c) => read(c) === value) : undefined;
}
