import { type Bill, type BillLine, type Customer, FABRIC_MEMBERS, ORGS, type Org } from './data.ts';
import { bigDecimal } from './dataweave.ts';
import { type Decimal4, SqlError, SqlServer, toDecimal4 } from './mssql.ts';

/**
 * The application's tables on SQL Server: ledgers (main and external-trigger points per customer
 * and program, DECIMAL(18,4)), bill lines carrying promised points (delayed accrual until
 * unlocked), the UNLOCKED_LINE table with its unique index on the line, and fabric's members.
 */
export interface Ledger {
  main: Decimal4;
  readonly external: Decimal4;
}

export interface LineRow {
  readonly id: number;
  readonly bill: Bill;
  readonly line: BillLine;
  readonly points: Decimal4;
}

export interface MemberRow {
  available: Decimal4;
  pending: Decimal4;
}

export const UNLOCKED_LINE = 'UQ_UNLOCKED_LINE';

/**
 * `=` on an NVARCHAR column under the database's default collation SQL_Latin1_General_CP1_CI_AS:
 * case-insensitive, and blind to trailing spaces (ANSI padding).
 */
export function same(a: string, b: string): boolean {
  const key = (text: string) => text.replace(/ +$/, '').toLowerCase();
  return key(a) === key(b);
}

const UNIQUEIDENTIFIER = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

function decimal4(text: string): Decimal4 {
  const parsed = bigDecimal(text);
  if (!parsed) throw new Error(`bad seed figure ${text}`);
  return toDecimal4(parsed);
}

export class Tables {
  readonly db: SqlServer;
  private readonly ledgers = new Map<string, Ledger>();
  private readonly lines: LineRow[] = [];
  private readonly members = new Map<string, MemberRow>();
  /** `=` on the text columns. */
  readonly same = same;

  constructor() {
    this.db = new SqlServer();
    let id = 1;
    for (const org of ORGS) {
      for (const customer of org.customers)
        for (const [program, [main, external]] of Object.entries(customer.ledgers))
          this.ledgers.set(`${customer.id}:${program}`, {
            main: decimal4(main),
            external: decimal4(external),
          });
      for (const bill of org.bills)
        for (const line of bill.lines)
          this.lines.push({ id: id++, bill, line, points: decimal4(line.points) });
    }
    for (const [profileId, [available, pending]] of Object.entries(FABRIC_MEMBERS))
      this.members.set(profileId.toLowerCase(), {
        available: decimal4(available),
        pending: decimal4(pending),
      });
  }

  /** `SELECT TOP 1 … WHERE <name> = :value ORDER BY id` within the org. */
  customer(org: Org, name: string, value: string): Customer | undefined {
    return org.customers.find((c) => {
      const column = name === 'id' ? String(c.id) : c.identifiers[name];
      return column !== undefined && this.same(column, value);
    });
  }

  /** A member by its UNIQUEIDENTIFIER profileId: any case, braces allowed; other text fails conversion. */
  member(profileId: string): MemberRow | undefined {
    const uuid = UNIQUEIDENTIFIER.exec(profileId)?.[1];
    if (!uuid)
      throw new SqlError(
        8169,
        'Conversion failed when converting from a character string to uniqueidentifier.',
      );
    return this.members.get(uuid.toLowerCase());
  }

  ledger(customerId: number, programId: number): Ledger | undefined {
    return this.ledgers.get(`${customerId}:${programId}`);
  }

  programsOf(customerId: number): number[] {
    return [...this.ledgers.keys()]
      .filter((key) => key.startsWith(`${customerId}:`))
      .map((key) => Number(key.split(':')[1]));
  }

  /** Lines of the customer's bills with this number. */
  billLines(org: Org, customerId: number, billNumber: string): LineRow[] {
    return this.lines.filter(
      (row) =>
        org.bills.includes(row.bill) &&
        row.bill.customerId === customerId &&
        this.same(row.bill.billNumber, billNumber),
    );
  }

  unlocked(row: LineRow): boolean {
    return this.db.hasUnique(UNLOCKED_LINE, String(row.id));
  }

  /** Delayed-accrual points: the customer's bill lines in the program not yet unlocked. */
  delayed(customerId: number, programId: number): Decimal4 {
    return this.lines
      .filter(
        (row) =>
          row.bill.customerId === customerId && row.line.programId === programId && !this.unlocked(row),
      )
      .reduce((sum, row) => sum + row.points, 0n);
  }
}
