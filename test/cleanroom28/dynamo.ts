/**
 * The DynamoDB tables behind Exposed's DAO layer, reproduced: items keyed by string, each with a
 * `version` attribute; reads hop the event loop as a network call does (so parallel requests
 * interleave between read and write), and writes are `TransactWriteItems` whose every item carries
 * `ConditionExpression: version = :expected`. A lost condition is retried by
 * {@link withConditionalRetry} up to three times; a caller never overwrites a version it did not read.
 */

export interface Versioned<T> {
  readonly item: T;
  readonly version: number;
}

export class ConditionalCheckFailed extends Error {
  constructor() {
    super('The conditional request failed');
  }
}

/** Three retries lost too: the service answers 409 rather than writing over another's update. */
export class TransactionConflict extends Error {
  constructor() {
    super(
      'Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]',
    );
  }
}

const hop = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Table<T> {
  private readonly rows = new Map<string, Versioned<T>>();

  /** Seeding (the deployment's BatchWriteItem), outside any request. */
  seed(key: string, item: T): void {
    this.rows.set(key, { item, version: 1 });
  }

  /**
   * GetItem with `ConsistentRead: true` on every read: neither DESIGN.md nor the pages allow a
   * balance read to miss an acknowledged write, so the service never reads eventually consistent.
   */
  async get(key: string): Promise<Versioned<T> | undefined> {
    await hop();
    return this.rows.get(key);
  }

  /** @internal for {@link transactWrite} only. */
  current(key: string): Versioned<T> | undefined {
    return this.rows.get(key);
  }

  /** @internal for {@link transactWrite} only. */
  replace(key: string, item: T, version: number): void {
    this.rows.set(key, { item, version });
  }
}

export interface Write<T> {
  readonly table: Table<T>;
  readonly key: string;
  /** The version read; the write holds only if the item still has it. */
  readonly expected: number;
  readonly item: T;
}

/** TransactWriteItems: all conditions hold and every item is written, or nothing is. */
export async function transactWrite(
  writes: readonly Write<never>[] | readonly Write<unknown>[],
): Promise<void> {
  await hop();
  for (const w of writes as readonly Write<unknown>[])
    if (w.table.current(w.key)?.version !== w.expected) throw new ConditionalCheckFailed();
  for (const w of writes as readonly Write<unknown>[]) w.table.replace(w.key, w.item, w.expected + 1);
}

export const RETRIES = 3;

/** Runs `attempt` (read, decide, conditional write) again after a lost condition, with jittered backoff. */
export async function withConditionalRetry<R>(attempt: () => Promise<R>, random: () => number): Promise<R> {
  for (let round = 0; round <= RETRIES; round += 1) {
    try {
      return await attempt();
    } catch (e) {
      if (!(e instanceof ConditionalCheckFailed)) throw e;
      const backoff = Math.floor(random() * (4 << round));
      await new Promise((resolve) => setTimeout(resolve, backoff));
    }
  }
  throw new TransactionConflict();
}
