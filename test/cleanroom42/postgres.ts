import { NumericError, numericText } from './numeric.ts';

/**
 * What PostgreSQL gives the vendor's PL/pgSQL functions: an error with SQLSTATE, detail and hint
 * (`RAISE EXCEPTION USING ERRCODE = 'P0001', HINT = '<page code>'`), row locks held to COMMIT
 * (`SELECT … FOR UPDATE`), one transaction per RPC call whose writes another session sees only
 * after COMMIT, and numerics as json_build_object writes them (a NUMERIC(14,3) keeps its three
 * decimals on the wire: `670.500`).
 */
export class PgError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: string | null = null,
    readonly hint: string | null = null,
  ) {
    super(message);
  }
}

/** RAISE EXCEPTION with the page's code in HINT, as the vendor's functions do. */
export const raise = (pageCode: number | string, message: string, details: string | null = null): never => {
  throw new PgError('P0001', message, details, String(pageCode));
};

/** The SQLSTATEs of the build that raises PostgREST's `PTxyz` (answered with HTTP xyz) for these codes. */
export const PT_STATES: Readonly<Record<string, string>> = {
  8015: 'PT404',
  82323277: 'PT404',
  82323282: 'PT409',
  8907: 'PT422',
};

/** A NUMERIC column's value on the JSON wire: its text, written as a JSON number literal. */
export class Numeric {
  constructor(readonly milli: bigint) {}
}

/** json_build_object / to_json: numerics keep their scale (`10.000`), the rest as JSON.stringify. */
export function toJsonText(value: unknown): string {
  if (value instanceof Numeric) return numericText(value.milli);
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Row locks: each key a FIFO queue; a transaction takes its keys in sorted order (no deadlock). */
class RowLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(keys: readonly string[]): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const key of [...new Set(keys)].sort()) {
      const previous = this.tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => mine);
      this.tails.set(key, tail);
      await previous;
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
    return () => {
      for (const release of releases.reverse()) release();
    };
  }
}

/** A round trip to the database, so concurrent RPC calls interleave as separate sessions do. */
export const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One transaction: the writes it queues (applied together at COMMIT, dropped on ROLLBACK) and its row locks. */
export interface Transaction {
  readonly writes: (() => void)[];
  /** `SELECT … FOR UPDATE` of these rows: waits for other sessions' locks, held to the end. */
  forUpdate(keys: readonly string[]): Promise<void>;
}

export class Database {
  private readonly locks = new RowLocks();

  /** `sqlstates`: the SQLSTATE each page code is raised with, where not P0001. */
  constructor(private readonly sqlstates: Readonly<Record<string, string>> = {}) {}

  /** BEGIN; the function body; COMMIT applies its writes at once, an exception rolls them back. */
  async transaction<T>(body: (tx: Transaction) => Promise<T> | T): Promise<T> {
    await roundTrip();
    const releases: (() => void)[] = [];
    const tx: Transaction = {
      writes: [],
      forUpdate: async (keys) => {
        releases.push(await this.locks.acquire(keys));
        await roundTrip();
      },
    };
    try {
      const result = await body(tx);
      for (const write of tx.writes) write();
      return result;
    } catch (error) {
      if (error instanceof NumericError) throw new PgError(error.code, error.message);
      const state =
        error instanceof PgError && error.code === 'P0001' ? this.sqlstates[error.hint ?? ''] : undefined;
      if (state && error instanceof PgError)
        throw new PgError(state, error.message, error.details, error.hint);
      throw error;
    } finally {
      for (const release of releases.reverse()) release();
    }
  }
}
