/**
 * The abort of one call, taken from a signal many calls share (a run's).
 *
 * Why not `AbortSignal.any([shared])` per call, as before: in a fresh process that was about 10 µs
 * a call (a new AbortSignal, a WeakRef and a registration on the shared signal), and every wait of
 * the call (its slot, its token, the attempt) then added and removed a listener on an EventTarget:
 * ~1.5 % of the main job's engine, for an abort that almost never comes. A call's abort is a plain
 * object instead; it joins one listener per shared signal (so hundreds of waiting calls never pile
 * listeners onto it: Node's MaxListenersExceededWarning) only while one of its waits listens.
 */

/** What the client's waits read of an abort: an AbortSignal has it, and so has a call's abort. */
export interface AbortLike {
  readonly aborted: boolean;
  readonly reason: unknown;
  /** Every listener is called at most once (the waits all ask `{ once: true }`). */
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The calls of one shared signal whose waits listen now; its one listener aborts them. */
type Listening = Set<CallAbort>;

class CallAbort implements AbortLike {
  readonly #source: AbortSignal;
  readonly #listening: (shared: AbortSignal) => Listening;
  #listeners: (() => void)[] = [];

  constructor(source: AbortSignal, listening: (shared: AbortSignal) => Listening) {
    this.#source = source;
    this.#listening = listening;
  }

  get aborted(): boolean {
    return this.#source.aborted;
  }

  get reason(): unknown {
    return this.#source.reason;
  }

  addEventListener(type: 'abort', listener: () => void): void {
    // As an EventTarget: a listener added after the abort is never called.
    if (type !== 'abort' || this.#source.aborted) return;
    if (this.#listeners.length === 0) this.#listening(this.#source).add(this);
    this.#listeners.push(listener);
  }

  removeEventListener(type: 'abort', listener: () => void): void {
    if (type !== 'abort') return;
    const at = this.#listeners.indexOf(listener);
    if (at < 0) return;
    this.#listeners.splice(at, 1);
    if (this.#listeners.length === 0) this.#listening(this.#source).delete(this);
  }

  /** Called once, by the shared signal's listener: each listener in the order it was added. */
  abort(): void {
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }
}

/**
 * A maker of call aborts (one per client): `abortOf(shared)` is a new call's abort, aborted when
 * `shared` is, with the reason `shared` gives.
 */
export function createCallAborts(): (shared: AbortSignal) => AbortLike {
  const listeningOf = new WeakMap<AbortSignal, Listening>();
  const listening = (shared: AbortSignal): Listening => {
    let calls = listeningOf.get(shared);
    if (!calls) {
      const made: Listening = new Set();
      calls = made;
      listeningOf.set(shared, made);
      shared.addEventListener(
        'abort',
        () => {
          const aborted = [...made];
          made.clear();
          for (const call of aborted) call.abort();
        },
        { once: true },
      );
    }
    return calls;
  };
  return (shared) => new CallAbort(shared, listening);
}
