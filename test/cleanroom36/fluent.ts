import { type BillLineRow, type BillRow, type CustomerRow, FABRIC_MEMBERS, ORGS } from './data.ts';
import { type Numeric, parseDecimal, toNumeric } from './decimal.ts';

/**
 * Fluent on PostgreSQL 16, reduced to the rows the service touches and the guarantees it relies on:
 * `ledgers` (customer, program) with NUMERIC(14, 4) columns, `bill_lines` with a unique
 * `unlocks(bill_line_id)`, `fabric_members`. `db.transaction` with `SELECT … FOR UPDATE` is a
 * row lock held to commit; between statements the connection yields, as a round trip to the
 * database does, so a handler that skipped the lock would lose updates here as it would there.
 */
export interface Ledger {
  main: Numeric;
  delayed: Numeric;
  external: Numeric;
}

export interface BillLine extends BillLineRow {
  readonly id: number;
  readonly amount: Numeric;
}

export interface FabricMember {
  available: Numeric;
  pending: Numeric;
}

/** The same member where the migration typed the columns DOUBLE PRECISION (Swift `Double`). */
export interface FabricMemberDouble {
  available: number;
  pending: number;
}

const numeric = (text: string) => toNumeric(parseDecimal(text) ?? { mantissa: 0n, exponent: 0 });
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Database {
  private readonly ledgers = new Map<string, Ledger>();
  private readonly lines = new Map<string, BillLine[]>();
  /** The unique index of `unlocks`: bill line ids. */
  private readonly unlocked = new Set<number>();
  private readonly members = new Map<string, FabricMember>();
  private readonly doubleMembers = new Map<string, FabricMemberDouble>();
  private readonly locks = new Map<string, Promise<void>>();

  constructor() {
    let lineId = 1;
    for (const org of ORGS) {
      for (const customer of org.customers)
        for (const [program, [main, delayed, external]] of Object.entries(customer.ledgers))
          this.ledgers.set(ledgerKey(customer.id, Number(program)), {
            main: numeric(main),
            delayed: numeric(delayed),
            external: numeric(external),
          });
      for (const bill of org.bills) {
        const lines = bill.lines.map((line) => ({ ...line, id: lineId++, amount: numeric(line.points) }));
        this.lines.set(billKey(bill), lines);
        // A bill's promised points are the customer's delayed accrual in the line's program.
        for (const line of lines) {
          const ledger = this.ledgers.get(ledgerKey(bill.customerId, line.programId));
          if (ledger) ledger.delayed += line.amount;
        }
      }
    }
    for (const [id, [available, pending]] of Object.entries(FABRIC_MEMBERS)) {
      this.members.set(id, { available: numeric(available), pending: numeric(pending) });
      this.doubleMembers.set(id, { available: Number(available), pending: Number(pending) });
    }
  }

  /** `db.transaction { … }` whose first statement is `SELECT … FOR UPDATE` on `row`. */
  async transaction<T>(row: string, body: () => Promise<T>): Promise<T> {
    const before = this.locks.get(row) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = before.then(() => mine);
    this.locks.set(row, chained);
    await before;
    try {
      await roundTrip();
      return await body();
    } finally {
      release();
      if (this.locks.get(row) === chained) this.locks.delete(row);
    }
  }

  /** One statement: a round trip, then the row. */
  async ledger(customerId: number, programId: number): Promise<Ledger | undefined> {
    await roundTrip();
    return this.ledgers.get(ledgerKey(customerId, programId));
  }

  async ledgersOf(customer: CustomerRow): Promise<[number, Ledger][]> {
    await roundTrip();
    return Object.keys(customer.ledgers).flatMap((program) => {
      const ledger = this.ledgers.get(ledgerKey(customer.id, Number(program)));
      return ledger ? [[Number(program), ledger] as [number, Ledger]] : [];
    });
  }

  async linesOf(bill: BillRow): Promise<{ line: BillLine; unlocked: boolean }[]> {
    await roundTrip();
    return (this.lines.get(billKey(bill)) ?? []).map((line) => ({
      line,
      unlocked: this.unlocked.has(line.id),
    }));
  }

  /** INSERT INTO unlocks: a duplicate violates the unique index. */
  async insertUnlock(lineId: number): Promise<void> {
    await roundTrip();
    if (this.unlocked.has(lineId))
      throw new Error('duplicate key value violates unique constraint "uq:unlocks.line"');
    this.unlocked.add(lineId);
  }

  async member(profileId: string): Promise<FabricMember | undefined> {
    await roundTrip();
    return this.members.get(profileId);
  }

  async memberDouble(profileId: string): Promise<FabricMemberDouble | undefined> {
    await roundTrip();
    return this.doubleMembers.get(profileId);
  }
}

export const ledgerKey = (customerId: number, programId: number) => `ledger:${customerId}:${programId}`;
export const billKey = (bill: BillRow) => `bill:${bill.customerId}:${bill.billNumber}`;
