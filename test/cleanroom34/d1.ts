/**
 * How the Worker talks to D1, reduced to what its handlers rely on: every statement is one await
 * (a round trip to the database's Durable Object, where statements run one at a time), and
 * `batch()` runs its statements as one implicit transaction. There are no interactive
 * transactions, so a read-then-write across two awaits can interleave with another request: the
 * handlers write conditional single statements (`UPDATE … WHERE main >= ?`, `changes()` checked)
 * and batches instead.
 */
export interface RunResult {
  readonly meta: { readonly changes: number };
}

/** One statement's round trip: the handler's request yields here, as it does to the network. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

export class D1 {
  /** A read (`.first()`, `.all()`): its answer as of the moment it ran. */
  async read<T>(statement: () => T): Promise<T> {
    await roundTrip();
    return statement();
  }

  /** A write (`.run()`): the statement reports the rows it changed. */
  async run(statement: () => number): Promise<RunResult> {
    await roundTrip();
    return { meta: { changes: statement() } };
  }

  /** `db.batch([...])`: the statements run in order with no other statement between them. */
  async batch<T>(statements: readonly (() => T)[]): Promise<T[]> {
    await roundTrip();
    return statements.map((statement) => statement());
  }
}

/**
 * SQLite's `round(x, digits)` on a REAL, as the handlers apply it on every write so that a stored
 * balance is the double nearest its decimal value (no `0.1 + 0.2` drift accumulates).
 */
export function sqliteRound(value: number, digits: number): number {
  const rounded = Number(value.toFixed(digits));
  return Object.is(rounded, -0) ? 0 : rounded;
}
