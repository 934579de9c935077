import {
  type BillRow,
  type CustomerRow,
  type EntryRow,
  FABRIC_MEMBER,
  FABRIC_START,
  type OrgRow,
} from './data.ts';
import { toUnits } from './decimal.ts';

/**
 * The Postgres ledger: NUMERIC balances at each program's scale, written only inside a transaction
 * that holds `SELECT … FOR UPDATE` on the customer's (or member's) row, so concurrent writes of one
 * customer queue behind each other and none is lost.
 */

export interface Customer {
  readonly org: OrgRow;
  readonly row: CustomerRow;
  /** Main points per enrolled program, in units of the program's scale. */
  readonly main: Map<number, bigint>;
  readonly externalTrigger: Map<number, bigint>;
}

export interface Entry extends EntryRow {
  unlocked: boolean;
}

export interface Bill extends Omit<BillRow, 'entries'> {
  readonly entries: Entry[];
}

export interface Member {
  /** Active and pending points, NUMERIC(18,2) units. */
  available: bigint;
  pending: bigint;
}

/** A round trip to Postgres: other transactions run meanwhile. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

export const scaleOf = (org: OrgRow, programId: number) =>
  org.programs.find((p) => p.id === programId)?.decimals;

export class Ledger {
  readonly customers: Customer[];
  readonly bills = new Map<OrgRow, Bill[]>();
  readonly members = new Map<string, Member>([
    [FABRIC_MEMBER, { available: toUnits(FABRIC_START, 2), pending: 0n }],
  ]);
  private readonly locks = new Map<string, Promise<void>>();

  constructor(orgs: readonly OrgRow[]) {
    this.customers = orgs.flatMap((org) =>
      org.customers.map((row) => ({
        org,
        row,
        main: programUnits(org, row.main),
        externalTrigger: programUnits(org, row.externalTrigger ?? {}),
      })),
    );
    for (const org of orgs)
      this.bills.set(
        org,
        org.bills.map((b) => ({ ...b, entries: b.entries.map((e) => ({ ...e, unlocked: false })) })),
      );
  }

  /** BEGIN; SELECT … FOR UPDATE on the row `key`; fn; COMMIT. One transaction at a time per row. */
  async forUpdate<T>(key: string, fn: () => T): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const queue = before.then(() => held);
    this.locks.set(key, queue);
    await before;
    try {
      await roundTrip();
      const result = fn();
      await roundTrip();
      return result;
    } finally {
      release();
      if (this.locks.get(key) === queue) this.locks.delete(key);
    }
  }

  /** Promised points of a customer's bills not yet unlocked, per program, in the program's units. */
  delayedAccrual(customer: Customer, programId: number): bigint {
    const scale = scaleOf(customer.org, programId) ?? 0;
    return (this.bills.get(customer.org) ?? [])
      .filter((b) => b.customerId === customer.row.id)
      .flatMap((b) => b.entries)
      .filter((e) => !e.unlocked && e.programId === programId)
      .reduce((sum, e) => sum + toUnits(e.points, scale), 0n);
  }
}

function programUnits(org: OrgRow, amounts: Readonly<Record<number, string>>): Map<number, bigint> {
  return new Map(
    Object.entries(amounts).map(([id, text]) => [Number(id), toUnits(text, scaleOf(org, Number(id)) ?? 0)]),
  );
}
