import { type BigDec, DwNumber } from './dataweave.ts';

/**
 * The Database connector on Microsoft SQL Server 2022, reduced to what the flows use: DECIMAL(18,4)
 * columns (a figure held as ten-thousandths, rounded half away from zero on the way in as SQL Server
 * converts, error 8115 past 14 integer digits), transactions that run one at a time on the rows they
 * touch (`<try transactionalAction="ALWAYS_BEGIN">` with `UPDATE … WHERE balance >= :amt` taking
 * the row's update lock), and a unique index whose violation is error 2627.
 */
export class SqlError extends Error {
  constructor(
    readonly number: number,
    message: string,
  ) {
    super(message);
  }
}

const SCALE = 4;
const LIMIT = 10n ** 18n;

/** A DECIMAL(18,4) value: ten-thousandths. */
export type Decimal4 = bigint;

/**
 * A parameter as ten-thousandths, rounded as SQL Server converts it. The driver binds a BigDecimal
 * as DECIMAL(38, s), so a comparison (`main >= :amt`) never overflows; storing it does
 * ({@link checked}).
 */
export function toDecimal4(value: BigDec): Decimal4 {
  const shift = SCALE - value.scale;
  let units: bigint;
  if (shift >= 0) units = value.unscaled * 10n ** BigInt(shift);
  else {
    const divisor = 10n ** BigInt(-shift);
    const negative = value.unscaled < 0n;
    const magnitude = negative ? -value.unscaled : value.unscaled;
    const rounded = (magnitude + divisor / 2n) / divisor;
    units = negative ? -rounded : rounded;
  }
  return units;
}

/** Column arithmetic, checked as SQL Server checks the column's precision. */
export function checked(units: Decimal4): Decimal4 {
  if (units >= LIMIT || units <= -LIMIT)
    throw new SqlError(8115, 'Arithmetic overflow error converting numeric to data type numeric.');
  return units;
}

/** The column as the JDBC driver hands it to DataWeave: a BigDecimal of scale 4. */
export function column(units: Decimal4): BigDec {
  return { unscaled: units, scale: SCALE };
}

/** The column written by DataWeave as it came: 670.0000. */
export function asJsonNumber(units: Decimal4): DwNumber {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(SCALE + 1, '0');
  const cut = digits.length - SCALE;
  return new DwNumber(`${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`);
}

/** One database: transactions on the same row wait for each other's update lock. */
export class SqlServer {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly unique = new Map<string, Set<string>>();

  /** A transaction holding the update lock of `row` (one row per transaction: no deadlock). */
  transaction<T>(row: string, work: () => Promise<T> | T): Promise<T> {
    const run = (this.locks.get(row) ?? Promise.resolve()).then(async () => {
      // The round trip to the database between the statements of one transaction.
      await new Promise((resolve) => setTimeout(resolve, 2));
      return work();
    });
    const released = run.catch(() => undefined);
    this.locks.set(row, released);
    void released.then(() => {
      if (this.locks.get(row) === released) this.locks.delete(row);
    });
    return run;
  }

  /** One INSERT of `keys` into a table with a unique index: all rows, or error 2627 and none. */
  insertUnique(index: string, keys: readonly string[]): void {
    const known = this.unique.get(index) ?? new Set<string>();
    this.unique.set(index, known);
    const duplicate = keys.find((key) => known.has(key));
    if (duplicate !== undefined)
      throw new SqlError(
        2627,
        `Violation of UNIQUE KEY constraint '${index}'. Cannot insert duplicate key (${duplicate}).`,
      );
    for (const key of keys) known.add(key);
  }

  hasUnique(index: string, key: string): boolean {
    return this.unique.get(index)?.has(key) ?? false;
  }
}
