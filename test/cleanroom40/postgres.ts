import { setImmediate as tick } from 'node:timers/promises';

/**
 * PostgreSQL 16 as the Drogon ORM's `DbClient` meets it: NUMERIC(14,3) columns (kept here as
 * thousandths), read back in text format ("670.000"), errors carrying their SQLSTATE, and
 * transactions whose `SELECT … FOR UPDATE` holds a row until commit.
 */
export class SqlError extends Error {
  constructor(
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

const SCALE = 3;
const MAX = 10n ** 14n - 1n; // NUMERIC(14,3): 11 digits before the point, 3 after.

/** Postgres numeric input of a string the vendor already matched, rounded half away from zero to scale 3. */
export function toNumeric(text: string): bigint {
  const match = /^\s*([+-]?)([0-9]*)(?:\.([0-9]*))?\s*$/.exec(text);
  if (!match || (match[2] === '' && !match[3]))
    throw new SqlError('22P02', `invalid input syntax for type numeric: "${text}"`);
  const fraction = (match[3] ?? '').padEnd(SCALE + 1, '0');
  let units = BigInt((match[2] || '0') + fraction.slice(0, SCALE));
  if (Number(fraction[SCALE]) >= 5) units += 1n;
  const value = match[1] === '-' ? -units : units;
  return checkRange(value);
}

export function checkRange(value: bigint): bigint {
  if (value > MAX || value < -MAX)
    throw new SqlError(
      '22003',
      'numeric field overflow: A field with precision 14, scale 3 must round to an absolute value less than 10^11.',
    );
  return value;
}

/** The column's text format, as `row["x"].as<std::string>()` reads it: always three decimals. */
export function numericText(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const whole = abs / 10n ** BigInt(SCALE);
  const fraction = (abs % 10n ** BigInt(SCALE)).toString().padStart(SCALE, '0');
  return `${sign}${whole}.${fraction}`;
}

/** What the vendor's `std::stod(row["x"].as<std::string>())` hands jsoncpp. */
export const numericDouble = (value: bigint): number => Number.parseFloat(numericText(value));

/**
 * Row locks of `SELECT … FOR UPDATE`: a transaction that asks for a row another holds waits for
 * its commit or rollback. Each statement is a round trip to the server (an event-loop turn here),
 * so transactions of concurrent requests do interleave.
 */
export class Database {
  private readonly held = new Map<string, Promise<void>>();

  async transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const tx = new Transaction(this.held);
    await tick(); // BEGIN
    try {
      return await work(tx);
    } finally {
      tx.release(); // COMMIT or ROLLBACK: both free the rows.
    }
  }
}

export class Transaction {
  private readonly releases: (() => void)[] = [];
  private readonly mine = new Set<string>();

  constructor(private readonly held: Map<string, Promise<void>>) {}

  /** `SELECT … FOR UPDATE` on one row, named by its table and key. */
  async lock(row: string): Promise<void> {
    if (this.mine.has(row)) return;
    for (;;) {
      const other = this.held.get(row);
      if (!other) break;
      await other;
    }
    let release = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.held.set(row, done);
    this.mine.add(row);
    this.releases.push(() => {
      if (this.held.get(row) === done) this.held.delete(row);
      release();
    });
    await tick();
  }

  /** Any other statement: one round trip. */
  statement(): Promise<void> {
    return tick().then(() => undefined);
  }

  release(): void {
    for (const release of this.releases.splice(0)) release();
  }
}
