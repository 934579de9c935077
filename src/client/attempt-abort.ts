/**
 * The abort of one attempt (its deadline, or the caller's signal): an emitter of one `abort` event
 * with `aborted` and `reason`, which the attempt's answer handler (`answer-handler.ts`) hears
 * through `once`/`removeListener`, as undici's request API, which the client used before, heard
 * an EventEmitter given as its `signal`.
 *
 * Why not an AbortController per attempt: creating one's signal and adding and removing undici's
 * listener on it (an EventTarget) was about 2 % of a conformance run's CPU, for an abort that almost
 * never happens. An AbortSignal is still made, on first use, for what needs one: the waits of a
 * rate-limited request (`rate-limit-retry.ts`) and its pacing before a resend.
 */
export class AttemptAbort {
  aborted = false;
  reason: unknown = undefined;
  #listeners: (() => void)[] = [];
  #controller: AbortController | undefined;

  /** Listens for the abort (the answer handler's `once`: the event fires at most once anyway). */
  on(event: string, listener: () => void): this {
    if (event === 'abort' && !this.aborted) this.#listeners.push(listener);
    return this;
  }

  once(event: string, listener: () => void): this {
    return this.on(event, listener);
  }

  removeListener(event: string, listener: () => void): this {
    if (event !== 'abort') return this;
    const at = this.#listeners.indexOf(listener);
    if (at >= 0) this.#listeners.splice(at, 1);
    return this;
  }

  /**
   * Aborts once: undici's listener first, then the signal's (a wait's), in the order one shared
   * AbortSignal called them (undici's was added when the request started, a wait's later).
   */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const listener of this.#listeners.splice(0)) listener();
    this.#controller?.abort(reason);
  }

  /** An AbortSignal that aborts with this attempt, made on first use. */
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }
}
