import { BILLS, type BillLineSeed, CUSTOMERS, FABRIC_MEMBER, ORGS, type OrgSeed } from './data.ts';
import { Decimal } from './decimal.ts';
import { ApexException } from './errors.ts';

/** Ledger__c: one row per customer and program, Number(16,3) fields. */
export interface Ledger {
  main: Decimal;
  delayed: Decimal;
  external: Decimal;
}

export interface Customer {
  readonly id: number;
  readonly org: string;
  readonly identifiers: Readonly<Record<string, string>>;
  readonly ledgers: Map<number, Ledger>;
  readonly awards: readonly number[];
}

export interface BillLine extends BillLineSeed {
  /** The External ID (unique, case-insensitive) an Unlocked_Line__c takes: bill and line. */
  readonly externalId: string;
}

export interface Bill {
  readonly org: string;
  readonly customer: number;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: readonly BillLine[];
}

export interface Member {
  available: Decimal;
  pending: Decimal;
}

/** Number(16,3): thirteen digits before the point; a value past them is NUMBER_OUTSIDE_VALID_RANGE. */
export function numberField(value: Decimal): Decimal {
  const stored = value.setScale(3);
  if (stored.abs().compareTo(Decimal.valueOf('9999999999999.999')) > 0)
    throw new ApexException(
      'System.DmlException',
      'number outside valid range',
      'NUMBER_OUTSIDE_VALID_RANGE',
    );
  return stored;
}

/**
 * SOQL's `=` on a text field: case-insensitive, as the platform compares (blanks count). The
 * `exact` reading stands for a vendor that wrapped each identifier in a case-sensitive Apex check.
 */
export function soqlEquals(a: string, b: string, exact: boolean): boolean {
  return exact ? a === b : a.toLowerCase() === b.toLowerCase();
}

const LOCK_WAIT_MS = 10_000;

/**
 * The org's custom objects in memory, with `SELECT … FOR UPDATE`: a row locked by one transaction
 * makes the next wait (UNABLE_TO_LOCK_ROW after ten seconds), and each DML a round trip long.
 */
export class Storage {
  readonly orgs = new Map<string, OrgSeed>(ORGS.map((o) => [o.id, o]));
  readonly customers: Customer[];
  readonly bills: Bill[];
  /** Unlocked_Line__c.External_Id__c, lower-cased: the field is unique and case-insensitive. */
  readonly unlockedLines = new Set<string>();
  readonly members = new Map<string, Member>([
    [FABRIC_MEMBER, { available: Decimal.valueOf('250.000'), pending: Decimal.ZERO }],
  ]);
  private recordCounter = 0;
  private readonly locks = new Map<string, Promise<void>>();

  constructor() {
    this.customers = CUSTOMERS.map((c) => ({
      id: c.id,
      org: c.org,
      identifiers: c.identifiers,
      awards: c.awards ?? [],
      ledgers: new Map(
        Object.entries(c.ledgers).map(([program, [main, delayed, external]]) => [
          Number(program),
          {
            main: Decimal.valueOf(main),
            delayed: Decimal.valueOf(delayed),
            external: Decimal.valueOf(external),
          },
        ]),
      ),
    }));
    this.bills = BILLS.map((b) => ({
      ...b,
      lines: b.lines.map((line, i) => ({ ...line, externalId: `${b.org}:${b.billNumber}:${i}` })),
    }));
    // The promised points of every bill sit in its customer's delayed accrual until unlocked.
    for (const bill of this.bills)
      for (const line of bill.lines) {
        const ledger = this.customers.find((c) => c.id === bill.customer)?.ledgers.get(line.programId);
        if (ledger) ledger.delayed = ledger.delayed.add(Decimal.valueOf(line.points));
      }
  }

  /** A Salesforce record Id of an object's key prefix (18 characters, the case-safe form). */
  newId(prefix: string): string {
    this.recordCounter += 1;
    return `${prefix}5g00000${String(this.recordCounter).padStart(5, '0')}AQE`;
  }

  /** Runs `work` holding the row `key` as `FOR UPDATE` does, until the transaction commits. */
  async forUpdate<T>(key: string, work: () => Promise<T> | T): Promise<T> {
    const before = this.locks.get(key) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chain = before.then(() => mine);
    this.locks.set(key, chain);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ApexException('System.QueryException', 'Record Currently Unavailable', 'UNABLE_TO_LOCK_ROW'),
          ),
        LOCK_WAIT_MS,
      );
    });
    try {
      await Promise.race([before, timeout]);
      clearTimeout(timer);
      await roundTrip();
      return await work();
    } finally {
      clearTimeout(timer);
      release();
      if (this.locks.get(key) === chain) this.locks.delete(key);
    }
  }
}

/** One DML or query's round trip to the database, so racing transactions really interleave. */
export function roundTrip(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}
