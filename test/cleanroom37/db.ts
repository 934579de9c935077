import { BILLS, type BillRow, CUSTOMERS, FABRIC_MEMBERS } from './data.ts';
import { BigDec } from './jackson.ts';

/**
 * PostgreSQL 16 as next.jdbc over a HikariCP pool sees it: NUMERIC(14, 4) columns read back as
 * BigDecimal with scale 4 (a write rounded half up to 4 places), `jdbc/with-transaction` at READ
 * COMMITTED with `SELECT … FOR UPDATE` row locks held to commit (a write undone on rollback),
 * each statement a millisecond's round trip, and a unique index on
 * `unlocked_line(line_id)` whose second insert waits for the first transaction and then fails with
 * SQLState 23505.
 */
export class UniqueViolation extends Error {
  readonly code = 'PG_23505';
}

/** PSQLException 22003: the value does not fit the column. */
export class NumericOverflow extends Error {
  readonly code = 'PG_22003';
}

/** `NUMERIC(14, 4)`: what a write stores (ten digits before the point at most). */
export const numeric = (value: BigDec): BigDec => {
  const stored = value.setScale(4);
  const limit = 10n ** 14n;
  if (stored.unscaled >= limit || stored.unscaled <= -limit)
    throw new NumericOverflow('numeric field overflow');
  return stored;
};

type Release = () => void;

/** One statement's round trip to the server (a millisecond): other requests run meanwhile. */
const roundTrip = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

class RowLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async lock(key: string): Promise<Release> {
    const before = this.tails.get(key) ?? Promise.resolve();
    let release: Release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.tails.set(key, tail);
    await before;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}

export interface Tx {
  /** `SELECT … FOR UPDATE` on a row, held until the transaction ends. */
  forUpdate(table: string, id: string): Promise<void>;
  /** Undoes a write if the transaction rolls back. */
  onRollback(undo: () => void): void;
}

export class Database {
  /** main_points(customer_id, program_id, points NUMERIC(14,4)). */
  readonly mainPoints = new Map<string, BigDec>();
  /** unlocked_line(line_id UNIQUE). */
  private readonly unlocked = new Set<number>();
  /** fabric_member(profile_id, available NUMERIC(14,4), pending NUMERIC(14,4)). */
  readonly fabric = new Map<string, { available: BigDec; pending: BigDec }>();
  private readonly locks = new RowLocks();
  constructor() {
    for (const customer of CUSTOMERS)
      for (const [program, points] of Object.entries(customer.balances))
        this.mainPoints.set(`${customer.id}:${program}`, numeric(BigDec.of(points) ?? BigDec.long(0)));
    for (const member of FABRIC_MEMBERS)
      this.fabric.set(member.profileId, {
        available: numeric(BigDec.of(member.available) ?? BigDec.long(0)),
        pending: numeric(BigDec.long(0)),
      });
  }

  /** `jdbc/with-transaction`: locks taken inside are released at commit or rollback. */
  async transaction<T>(body: (tx: Tx) => Promise<T>): Promise<T> {
    const held: Release[] = [];
    const mine = new Set<string>();
    const undo: (() => void)[] = [];
    await roundTrip(); // BEGIN
    const tx: Tx = {
      // A row lock is re-entrant: the transaction that holds it takes it again at once.
      forUpdate: async (table, id) => {
        const key = `${table}:${id}`;
        if (mine.has(key)) return;
        mine.add(key);
        await roundTrip();
        held.push(await this.locks.lock(key));
      },
      onRollback: (fn) => {
        undo.push(fn);
      },
    };
    try {
      return await body(tx);
    } catch (error) {
      for (const fn of undo.reverse()) fn();
      throw error;
    } finally {
      for (const release of held.reverse()) release();
    }
  }

  main(customer: number, program: number): BigDec | undefined {
    return this.mainPoints.get(`${customer}:${program}`);
  }

  setMain(tx: Tx, customer: number, program: number, value: BigDec): void {
    const key = `${customer}:${program}`;
    const before = this.mainPoints.get(key);
    this.mainPoints.set(key, numeric(value));
    tx.onRollback(() =>
      before === undefined ? this.mainPoints.delete(key) : this.mainPoints.set(key, before),
    );
  }

  isUnlocked(line: number): boolean {
    return this.unlocked.has(line);
  }

  /** INSERT INTO unlocked_line: the unique index refuses a line twice. */
  async insertUnlocked(tx: Tx, line: number): Promise<void> {
    // The index entry's lock: a second inserter waits for the first transaction's end.
    await tx.forUpdate('unlocked_line', String(line));
    if (this.unlocked.has(line)) throw new UniqueViolation('duplicate key value violates unique constraint');
    this.unlocked.add(line);
    tx.onRollback(() => this.unlocked.delete(line));
  }

  /** Promised points of a customer's bills not yet unlocked, per program and kind. */
  promised(customer: number, program: number | undefined): { delayed: BigDec; external: BigDec } {
    let delayed = numeric(BigDec.long(0));
    let external = numeric(BigDec.long(0));
    for (const bill of BILLS as readonly BillRow[]) {
      if (bill.customer !== customer) continue;
      for (const line of bill.lines) {
        if (this.unlocked.has(line.id) || (program !== undefined && line.programId !== program)) continue;
        const points = numeric(BigDec.of(line.points) ?? BigDec.long(0));
        if (line.kind === 'delayed') delayed = delayed.add(points);
        else external = external.add(points);
      }
    }
    return { delayed, external };
  }
}
