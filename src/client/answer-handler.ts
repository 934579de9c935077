/**
 * One attempt's answer, taken from the dispatcher through a handler of ours: its status, its
 * headers, and its body's bytes up to the cap.
 *
 * Why not undici's `request` API, as before: it made every answer an async resource
 * (`RequestHandler extends AsyncResource`) and a Readable stream (its state, buffer and
 * listeners), which the client only drained into one buffer; cold, Node's stream machinery was
 * among the largest items of the engine (see docs/measured.md, "The cold engine"). This handler
 * does what the client used of them, as they did it: a 1xx answer is passed over, an abort before
 * the answer rejects it with the abort's reason and one during the body rejects the body with a
 * {@link BodyReadError}, a body over the cap is cut there and its connection closed (undici's
 * readable aborts the request so when destroyed before its end).
 */

import type { Dispatcher } from 'undici';
import type { AttemptAbort } from './attempt-abort.ts';
import { BodyReadError, declaredLength, type RawBody } from './response-body.ts';
import { undici } from './undici.ts';

/** An answer's head, with its body still coming. */
export interface Answer {
  readonly statusCode: number;
  /** undici's parse of the raw headers (a list for a repeated name). */
  readonly headers: Record<string, string | string[] | undefined>;
  /** The body's bytes up to the cap; rejects with a {@link BodyReadError}. */
  readonly body: Promise<RawBody>;
}

const ignore = () => {};

/**
 * Sends `options` through `dispatcher` and resolves with the answer's head once it comes; the
 * request ends when `cancel` aborts (before the head: rejected with the abort's reason).
 */
export function requestAnswer(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  cancel: AttemptAbort,
  maxBytes: number,
): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const handler = new AnswerHandler(cancel, maxBytes, resolve, reject);
    try {
      dispatcher.dispatch(options, handler as unknown as Dispatcher.DispatchHandler);
    } catch (error) {
      handler.onError(error as Error);
    }
  });
}

/** undici's legacy handler interface (the one its `request` API's handler speaks). */
class AnswerHandler {
  readonly #cancel: AttemptAbort;
  readonly #maxBytes: number;
  #resolveHead: ((answer: Answer) => void) | undefined;
  #rejectHead: ((error: unknown) => void) | undefined;
  #abort: ((reason?: Error) => void) | undefined;
  /** Set once the head came: the body's settlement. */
  #body: { resolve: (raw: RawBody) => void; reject: (error: unknown) => void } | undefined;
  #declared: number | undefined;
  readonly #chunks: Buffer[] = [];
  #kept = 0;
  #bytes = 0;
  /** The body settled (read whole, cut, or failed): later chunks are not counted. */
  #done = false;

  constructor(
    cancel: AttemptAbort,
    maxBytes: number,
    resolve: (answer: Answer) => void,
    reject: (error: unknown) => void,
  ) {
    this.#cancel = cancel;
    this.#maxBytes = maxBytes;
    this.#resolveHead = resolve;
    this.#rejectHead = reject;
    cancel.once('abort', this.#onCancel);
  }

  /**
   * As undici's request handler: an abort ends the request with its reason (before the head,
   * undici's `onError` then rejects the head with it); during the body, the body is rejected first.
   */
  readonly #onCancel = () => {
    const reason = this.#cancel.reason ?? new (undici().errors.RequestAbortedError)();
    if (this.#body) this.#settleBody(undefined, new BodyReadError(reason, this.#bytes, this.#declared));
    this.#abort?.(reason as Error);
  };

  onConnect(abort: (reason?: Error) => void): void {
    if (this.#cancel.aborted) {
      abort((this.#cancel.reason ?? new (undici().errors.RequestAbortedError)()) as Error);
      return;
    }
    this.#abort = abort;
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): void {
    // An interim answer (100 Continue, 103 Early Hints): the final one follows.
    if (statusCode < 200 || !this.#resolveHead) return;
    const headers = undici().parseHeaders(rawHeaders) as Answer['headers'];
    const length = headers['content-length'];
    this.#declared = declaredLength(Array.isArray(length) ? length.join(', ') : length);
    const body = new Promise<RawBody>((resolve, reject) => {
      this.#body = { resolve, reject };
    });
    // Awaited by the attempt on its next step; never an unhandled rejection meanwhile.
    body.catch(ignore);
    const resolveHead = this.#resolveHead;
    this.#resolveHead = undefined;
    this.#rejectHead = undefined;
    resolveHead({ statusCode, headers, body });
  }

  onData(chunk: Buffer): boolean {
    if (!this.#body || this.#done) return true;
    this.#bytes += chunk.length;
    if (this.#kept + chunk.length > this.#maxBytes) {
      // Cut at the cap; the rest is never read (the connection is closed, as a destroyed body's).
      this.#chunks.push(chunk.subarray(0, this.#maxBytes - this.#kept));
      this.#kept = this.#maxBytes;
      this.#settleBody({ data: Buffer.concat(this.#chunks, this.#kept), bytes: this.#bytes, cut: true });
      this.#abort?.();
      return false;
    }
    this.#chunks.push(chunk);
    this.#kept += chunk.length;
    return true;
  }

  onComplete(): void {
    const chunks = this.#chunks;
    const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.#kept);
    this.#settleBody({ data, bytes: this.#bytes, cut: false });
  }

  onError(error: Error): void {
    if (this.#rejectHead) {
      const reject = this.#rejectHead;
      this.#resolveHead = undefined;
      this.#rejectHead = undefined;
      this.#cancel.removeListener('abort', this.#onCancel);
      reject(error);
      return;
    }
    this.#settleBody(undefined, new BodyReadError(error, this.#bytes, this.#declared));
  }

  #settleBody(raw: RawBody | undefined, error?: unknown): void {
    const body = this.#body;
    // Settled once: what undici reports after a cut or an abort is no news.
    if (!body || this.#done) return;
    this.#done = true;
    this.#cancel.removeListener('abort', this.#onCancel);
    if (raw) body.resolve(raw);
    else body.reject(error);
  }
}
