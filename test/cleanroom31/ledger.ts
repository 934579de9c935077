import type { Customer, Org } from './data.ts';

/**
 * `SELECT … FOR UPDATE` on the customer's row under REPEATABLE READ: a transaction holds the row
 * until it commits, and a second one on the same customer waits its turn, so deductions queue and
 * none is lost. Each transaction yields once between its read and its write, as a round trip to
 * MySQL would.
 */
export class RowLocks {
  private readonly tails = new Map<number, Promise<void>>();

  async forUpdate<T>(entityId: number, work: () => T): Promise<T> {
    const before = this.tails.get(entityId) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const tail = before.then(() => mine);
    this.tails.set(entityId, tail);
    await before;
    try {
      await new Promise((r) => setImmediate(r));
      return work();
    } finally {
      release();
      if (this.tails.get(entityId) === tail) this.tails.delete(entityId);
    }
  }
}

/** Identifier columns: email is utf8mb4_0900_ai_ci (case-insensitive), the others are binary. */
function sameIdentifier(name: string, stored: string | undefined, given: string): boolean {
  if (stored === undefined) return false;
  return name === 'email' ? stored.toLowerCase() === given.toLowerCase() : stored === given;
}

/** `SELECT … WHERE <name> = <value>`: every customer of the org the identifier names. */
export function lookup(org: Org, name: string, value: string): Customer[] {
  return org.customers.filter((c) => sameIdentifier(name, c.identifiers[name], value));
}
