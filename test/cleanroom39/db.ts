import { FABRIC_MEMBERS, ORGS, type OrgRow } from './data.ts';
import { OraError } from './errors.ts';
import { OraNumber } from './number.ts';

/** A LOYALTY_LEDGER row: one customer in one program, NUMBER(14,3) figures. */
export interface Ledger {
  readonly main: OraNumber;
  readonly delayed: OraNumber;
  readonly external: OraNumber;
}

/** A FABRIC_MEMBER_POINTS row. */
export interface MemberPoints {
  readonly available: OraNumber;
  readonly pending: OraNumber;
}

export interface DatabaseOptions {
  /**
   * Active Data Guard: the GET handlers read a standby this many milliseconds behind the primary
   * (0: they read the primary).
   */
  readonly standbyLagMs?: number;
}

/** Rows as the primary holds them. */
class Rows {
  readonly ledgers = new Map<string, Ledger>();
  readonly members = new Map<string, MemberPoints>();
}

/**
 * The standby's view: every committed version of a row with its commit time, a read at `now`
 * seeing the last one committed at least the apply lag before (by the clock, not a timer: a busy
 * event loop never holds redo back past the lag).
 */
class Standby {
  private readonly versions = new Map<string, { at: number; row: unknown }[]>();

  constructor(private readonly lagMs: number) {}

  apply(key: string, row: unknown, at: number): void {
    const list = this.versions.get(key) ?? [];
    list.push({ at, row });
    this.versions.set(key, list);
  }

  read<T>(key: string, seed: T | undefined): T | undefined {
    const horizon = performance.now() - this.lagMs;
    let seen = seed;
    for (const version of this.versions.get(key) ?? []) if (version.at <= horizon) seen = version.row as T;
    return seen;
  }
}

/**
 * The vendor's schema in Oracle Database 23ai: seeded tables, `SELECT … FOR UPDATE` row locks that
 * queue the second session until the first commits, the unique constraint on unlocked bill lines
 * (ORA-00001), and, where the reading has one, the Active Data Guard standby the GETs read.
 */
export class Database {
  readonly orgs: readonly OrgRow[] = ORGS;
  private readonly primary = new Rows();
  private readonly seed = new Rows();
  private readonly standby: Standby | undefined;
  private readonly locks = new Map<string, Promise<void>>();
  private readonly unlockedLines = new Set<string>();

  constructor(options: DatabaseOptions = {}) {
    const lag = options.standbyLagMs ?? 0;
    this.standby = lag > 0 ? new Standby(lag) : undefined;
    for (const rows of [this.primary, this.seed]) {
      for (const org of ORGS)
        for (const customer of org.customers)
          for (const [program, [main, delayed, external]] of Object.entries(customer.ledgers))
            rows.ledgers.set(ledgerKey(customer.id, Number(program)), {
              main: OraNumber.parse(main),
              delayed: OraNumber.parse(delayed),
              external: OraNumber.parse(external),
            });
      for (const m of FABRIC_MEMBERS)
        rows.members.set(m.profileId, {
          available: OraNumber.parse(m.available),
          pending: OraNumber.parse(m.pending),
        });
    }
  }

  /** A read: the primary, or the standby for a GET where Data Guard is in the reading. */
  ledger(customerId: number, programId: number, fromStandby = false): Ledger | undefined {
    const key = ledgerKey(customerId, programId);
    if (fromStandby && this.standby) return this.standby.read(key, this.seed.ledgers.get(key));
    return this.primary.ledgers.get(key);
  }

  member(profileId: string, fromStandby = false): MemberPoints | undefined {
    if (fromStandby && this.standby) return this.standby.read(profileId, this.seed.members.get(profileId));
    return this.primary.members.get(profileId);
  }
  /**
   * One transaction holding the rows `keys` FOR UPDATE (locked in a fixed order, so two sessions
   * never deadlock): `work` runs alone on them, and what it writes commits when it returns.
   */
  async transaction<T>(keys: readonly string[], work: (tx: Transaction) => T | Promise<T>): Promise<T> {
    const ordered = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    for (const key of ordered) releases.push(await this.lock(key));
    const tx = new Transaction(this.primary, this.unlockedLines);
    try {
      // The SELECT … FOR UPDATE's round trip to the database: a racing session queues on the row.
      await new Promise((resolve) => setTimeout(resolve, 1));
      const result = await work(tx);
      this.commit(tx);
      return result;
    } finally {
      for (const release of releases.reverse()) release();
    }
  }

  private async lock(key: string): Promise<() => void> {
    const before = this.locks.get(key) ?? Promise.resolve();
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chained = before.then(() => held);
    this.locks.set(key, chained);
    await before;
    return () => {
      release();
      if (this.locks.get(key) === chained) this.locks.delete(key);
    };
  }

  private commit(tx: Transaction): void {
    const at = performance.now();
    for (const [key, row] of tx.ledgers) {
      this.primary.ledgers.set(key, row);
      this.standby?.apply(key, row, at);
    }
    for (const [key, row] of tx.members) {
      this.primary.members.set(key, row);
      this.standby?.apply(key, row, at);
    }
    for (const line of tx.lines) this.unlockedLines.add(line);
  }
}

/** What one session wrote, seen by itself before it commits. */
export class Transaction {
  readonly ledgers = new Map<string, Ledger>();
  readonly members = new Map<string, MemberPoints>();
  readonly lines = new Set<string>();

  constructor(
    private readonly rows: Rows,
    private readonly unlocked: ReadonlySet<string>,
  ) {}

  ledger(customerId: number, programId: number): Ledger | undefined {
    const key = ledgerKey(customerId, programId);
    return this.ledgers.get(key) ?? this.rows.ledgers.get(key);
  }

  /** UPDATE loyalty_ledger: figures stored into NUMBER(14,3). */
  updateLedger(customerId: number, programId: number, row: Ledger): void {
    this.ledgers.set(ledgerKey(customerId, programId), {
      main: row.main.column(),
      delayed: row.delayed.column(),
      external: row.external.column(),
    });
  }

  member(profileId: string): MemberPoints | undefined {
    return this.members.get(profileId) ?? this.rows.members.get(profileId);
  }

  updateMember(profileId: string, row: MemberPoints): void {
    this.members.set(profileId, { available: row.available.column(), pending: row.pending.column() });
  }

  isUnlocked(line: string): boolean {
    return this.unlocked.has(line) || this.lines.has(line);
  }

  /** INSERT INTO unlocked_bill_lines: its primary key refuses a line already there (ORA-00001). */
  insertUnlocked(line: string): void {
    if (this.isUnlocked(line))
      throw new OraError(1, 'unique constraint (LOYALTY.UNLOCKED_BILL_LINES_PK) violated');
    this.lines.add(line);
  }
}

export function ledgerKey(customerId: number, programId: number): string {
  return `ledger:${customerId}:${programId}`;
}

export function billKey(billNumber: string): string {
  return `bill:${billNumber}`;
}
