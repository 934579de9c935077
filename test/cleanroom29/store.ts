/**
 * The Slick repository over Oracle: CUSTOMER_POINTS rows with NUMBER(18,3) balances, PROMISED_POINTS
 * rows per bill entry, a FABRIC_MEMBER row. A write runs as Slick's `.transactionally` with
 * `SELECT … FOR UPDATE` on the row it changes: a second transaction on the same row waits for the
 * first to commit (each statement is a round trip, so the wait is real), so concurrent deductions
 * queue and an update is never lost.
 */

import type { BillSeed, CustomerSeed, EntrySeed, IdentifierName, OrgSeed, PromotionSeed } from './data.ts';
import { parseBigDecimal, toMilli } from './decimal.ts';

export interface CustomerRow {
  readonly seed: CustomerSeed;
  /** Main points per enrolled program, in thousandths. */
  readonly main: Map<number, bigint>;
}

export type EntryRow = EntrySeed & { readonly milli: bigint; unlocked: boolean };

export interface BillRow {
  readonly seed: BillSeed;
  readonly entries: readonly EntryRow[];
}

export interface OrgRows {
  readonly seed: OrgSeed;
  readonly customers: readonly CustomerRow[];
  readonly bills: readonly BillRow[];
}

export interface MemberRow {
  available: bigint;
  pending: bigint;
}

/** A literal of the seed script as the column stores it. */
export function milliOf(literal: string): bigint {
  const parsed = parseBigDecimal(literal);
  const milli = parsed && toMilli(parsed);
  if (milli === undefined) throw new Error(`seed amount ${literal} does not fit NUMBER(18,3)`);
  return milli;
}

/** One round trip to the database. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

export class OracleStore {
  readonly orgs: readonly OrgRows[];
  readonly member: MemberRow;
  private readonly rowLocks = new Map<object, Promise<void>>();

  constructor(orgs: readonly OrgSeed[], memberPoints: string) {
    this.orgs = orgs.map((seed) => ({
      seed,
      customers: seed.customers.map((c) => ({
        seed: c,
        main: new Map(Object.entries(c.points).map(([p, v]) => [Number(p), milliOf(v)])),
      })),
      bills: seed.bills.map((b) => ({
        seed: b,
        entries: b.entries.map((e) => ({ ...e, milli: milliOf(e.points), unlocked: false })),
      })),
    }));
    this.member = { available: milliOf(memberPoints), pending: 0n };
  }

  org(name: string): OrgRows {
    const org = this.orgs.find((o) => o.seed.name === name);
    if (!org) throw new Error(`no org ${name}`);
    return org;
  }

  /** `WHERE <identifier> = ?`: exact comparison (the pages never say an identifier ignores case). */
  customersBy(org: OrgRows, name: IdentifierName, value: string): readonly CustomerRow[] {
    return org.customers.filter((c) => c.seed.identifiers[name] === value);
  }

  billsOf(org: OrgRows, customer: CustomerRow, billNumber: string): BillRow | undefined {
    return org.bills.find((b) => b.seed.customerId === customer.seed.id && b.seed.billNumber === billNumber);
  }

  promotion(org: OrgRows, match: (p: PromotionSeed) => boolean): PromotionSeed | undefined {
    return org.seed.promotions.find(match);
  }

  /**
   * `db.run((for { row <- q.forUpdate.result; … } yield …).transactionally)`: waits for the row's
   * lock, reads it in one round trip and writes in another, then commits and lets the next in.
   */
  async forUpdate<T>(row: object, body: () => T): Promise<T> {
    const before = this.rowLocks.get(row) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.rowLocks.set(row, tail);
    await before;
    try {
      await roundTrip(); // SELECT … FOR UPDATE
      const result = body();
      await roundTrip(); // UPDATE …; COMMIT
      return result;
    } finally {
      release();
      if (this.rowLocks.get(row) === tail) this.rowLocks.delete(row);
    }
  }
}
