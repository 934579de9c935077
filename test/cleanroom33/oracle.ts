/**
 * `SELECT … FOR UPDATE WAIT 5` per customer row: writers of one customer (deductions, unlocks)
 * queue; one that has waited 5 s gives up (ORA-30006), which the service answers 409.
 */
export const LOCK_WAIT_MS = 5_000;

/** A typed lock-wait timeout, ORA-30006. */
export class ResourceBusy extends Error {
  readonly code = 'ORA-30006';
  constructor() {
    super('ORA-30006: resource busy; acquire with WAIT timeout expired');
  }
}

export class RowLocks {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `work` holding the row's lock, after the writers before it. */
  async forUpdate<T>(row: string, work: () => T | Promise<T>): Promise<T> {
    const before = this.#tails.get(row) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = before.then(() => mine);
    this.#tails.set(row, tail);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), LOCK_WAIT_MS);
    });
    try {
      if ((await Promise.race([before.then(() => 'locked' as const), timedOut])) === 'timeout')
        throw new ResourceBusy();
      return await work();
    } finally {
      clearTimeout(timer);
      release();
      if (this.#tails.get(row) === tail) this.#tails.delete(row);
    }
  }
}
