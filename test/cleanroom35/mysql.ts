/**
 * What the app relies on from MySQL 8 (InnoDB), reproduced: each query is a round trip (the handler
 * yields, so requests interleave as php-fpm workers do), `SELECT … FOR UPDATE` takes a row lock held
 * to the end of the transaction, a UNIQUE index refuses a second row, and varchar columns compare
 * under utf8mb4_0900_ai_ci (case- and accent-insensitive, NO PAD).
 */

/** One round trip to the database. */
export const roundTrip = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Row locks by key: `lockForUpdate()` inside `DB::transaction()`. */
export class RowLocks {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `work` holding the locks of `keys` (taken in sorted order, as InnoDB's index order would). */
  async transaction<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    for (const key of sorted) {
      const previous = this.tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => held);
      this.tails.set(key, tail);
      await previous;
      await roundTrip();
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
    try {
      return await work();
    } finally {
      for (const release of releases.reverse()) release();
    }
  }
}

/** Duplicate entry for a UNIQUE index (SQLSTATE 23000, error 1062). */
export class DuplicateEntry extends Error {
  readonly code = 'ER_DUP_ENTRY';
}

/** A UNIQUE index over one column. */
export class UniqueIndex {
  private readonly keys = new Set<string>();

  insert(key: string): void {
    if (this.keys.has(key))
      throw new DuplicateEntry(`Duplicate entry '${key}' for key 'point_unlocks_line_unique'`);
    this.keys.add(key);
  }
}

/** The key utf8mb4_0900_ai_ci compares by: case and accents folded, trailing spaces significant. */
export const collationKey = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export const sameUnderCollation = (a: string, b: string): boolean => collationKey(a) === collationKey(b);
