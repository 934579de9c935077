/**
 * `SELECT … FOR UPDATE` on one customer's row under READ COMMITTED: a second transaction on the
 * same row waits for the first to commit, then reads the committed value, so deductions queue
 * and none is lost. Each transaction waits a turn of the event loop (the round trip to PostgreSQL)
 * before it reads and writes, so transactions on other rows interleave with it.
 */
export class RowLocks {
  readonly #tails = new Map<string, Promise<unknown>>();

  async forUpdate<T>(row: string, transaction: () => T): Promise<T> {
    const before = this.#tails.get(row) ?? Promise.resolve();
    const run = before.then(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return transaction();
    });
    const tail = run.catch(() => undefined);
    this.#tails.set(row, tail);
    try {
      return await run;
    } finally {
      if (this.#tails.get(row) === tail) this.#tails.delete(row);
    }
  }
}
