import { setTimeout as sleep } from 'node:timers/promises';
import { type RecordedHead, requestUrlParts } from '../client/exchange.ts';
import type { Called } from '../client/http-client.ts';
import type { SpecValidators } from '../spec/index.ts';
import { rateLimited } from './context.ts';
import type { StopKind } from './target-health.ts';
import type { CallOptions } from './types.ts';

/**
 * How long a run waits before asking earlier reads again, to confirm an outage or an expiry (a
 * gateway's blip or a restart may be over by then: the run then goes on, judging what it saw).
 */
export const CONFIRM_PAUSE_MS = 500;

/**
 * Reads kept per principal, distinct ones: the first {@link FIRST_READS} the target accepted (2xx:
 * customers the run had not yet changed), the latest {@link LATEST_READS} it accepted (its state
 * now), and the first {@link FIRST_READS} it refused for their input (an unknown customer's 8015:
 * answered so whatever the run did to its data). Several, because a target crashing on a state
 * (every read of a customer after an unlock) may have reached it for the accepted ones: a suite
 * working through the customers an unlock concerns saw 36 such 502s in a row, and its first and
 * latest accepted reads were of those customers.
 */
const FIRST_READS = 2;
const LATEST_READS = 3;
/**
 * Writes kept per principal: the first ones the target refused (4xx) whose input breaks the
 * documented request schema. A correct target refused it whatever its data, so it moved nothing
 * and asked again it moves nothing: the one request of a one-operation family (fabric's
 * adjustment) a run may send again to confirm an outage.
 */
const REFUSED_WRITES = 2;

/** A plain read answered earlier in the run, or a write refused for its input. */
interface KnownRead {
  /** The read's identity: its operation and options. */
  readonly key: string;
  readonly operationId: string;
  readonly options: CallOptions;
  readonly status: number;
}

/** Sends a call as the scenarios do (the run's client, its signal). */
export type Send = (operationId: string, principal: string, options: CallOptions) => Promise<Called>;

/**
 * Confirms a stop the target's health is about to declare: the reads it answered earlier, asked
 * again (same principal, same credentials). One answered as then says the target is up (and, for
 * an expiry, the credentials good): the streak's 5xx or 401s are its own, specific to the state the
 * run brought it to, and judged (GEN-NO-5XX, CAP-AUTH-*). The first read is asked at once; only when
 * it is not answered as then does the run wait {@link CONFIRM_PAUSE_MS} (for a blip to pass) and ask
 * them all: a till whose deductions are refused after its first one made 29 streaks a run, each
 * paying the pause although its reads were answered every time.
 */
export interface StopConfirmation {
  /**
   * Remembers a call's exchange when it is a plain read (GET, the principal's own credentials), or
   * a write sent so that the target refused (4xx) and whose input breaks the documented schema.
   */
  remember(
    exchange: RecordedHead,
    principal: string,
    operationId: string,
    options: CallOptions,
    /** Whether the request breaks its operation's documented request schema (asked of refused writes only). */
    inputInvalid?: () => boolean,
  ): void;
  /**
   * Undefined when an earlier read answers as then; else what was seen, in words. For an expiry
   * only accepted reads count: a read refused for its input (a 400 before authentication) would be
   * answered so again with expired credentials. `oneOperation` (a streak over the only operation
   * its family documents): the writes refused for their input are asked too, after the refused
   * reads; with nothing to ask the answer is undefined, so the streak is judged: such a streak
   * stops the run only when confirmed (docs/choices.md).
   */
  confirm(principal: string, kind: StopKind, oneOperation?: boolean): Promise<string | undefined>;
}

export function createStopConfirmation(
  send: Send,
  aborted: () => boolean,
  pauseMs = CONFIRM_PAUSE_MS,
  wait: (ms: number) => Promise<unknown> = sleep,
): StopConfirmation {
  const accepted = new Map<string, KnownRead[]>();
  const refused = new Map<string, KnownRead[]>();
  const refusedWrites = new Map<string, KnownRead[]>();
  const listOf = (map: Map<string, KnownRead[]>, principal: string) => {
    const list = map.get(principal) ?? [];
    map.set(principal, list);
    return list;
  };
  return {
    remember(exchange, principal, operationId, options, inputInvalid) {
      const status = exchange.response?.status;
      if (options.auth !== undefined || options.headers !== undefined) return;
      if (status === undefined || status >= 500 || status === 401 || status === 403 || rateLimited(exchange))
        return;
      const key = JSON.stringify([operationId, options]);
      const read = { key, operationId, options, status };
      /** Keeps `read` among the first `limit` distinct ones of `map`'s list for the principal. */
      const keepFirst = (map: Map<string, KnownRead[]>, limit: number) => {
        const reads = listOf(map, principal);
        if (reads.length < limit && !reads.some((r) => r.key === key)) reads.push(read);
      };
      if (exchange.request.method !== 'GET') {
        // A 2xx, or a refusal of a well-formed write, may have moved points or may not be refused again.
        if (status >= 400 && inputInvalid?.() === true) keepFirst(refusedWrites, REFUSED_WRITES);
        return;
      }
      if (status >= 300) {
        keepFirst(refused, FIRST_READS);
        return;
      }
      const reads = listOf(accepted, principal);
      const known = reads.findIndex((r) => r.key === key);
      if (known >= 0 && known < FIRST_READS) return;
      if (known >= 0) reads.splice(known, 1);
      reads.push(read);
      if (reads.length > FIRST_READS + LATEST_READS) reads.splice(FIRST_READS, 1);
    },
    async confirm(principal, kind, oneOperation = false) {
      // Refused ones first for an outage (state cannot change their answer), then the latest accepted.
      const writes = kind === 'unavailable' && oneOperation ? (refusedWrites.get(principal) ?? []) : [];
      const reads = [
        ...(kind === 'unavailable' ? (refused.get(principal) ?? []) : []),
        ...writes,
        ...[...(accepted.get(principal) ?? [])].reverse(),
      ];
      // A one-operation streak with nothing to confirm it by is judged: see `confirm`.
      if (reads.length === 0) return oneOperation ? undefined : 'no read answered earlier to ask again';
      const seen: string[] = [];
      /** Whether `read`, asked again, is answered as then; what it got goes to `seen` otherwise. */
      const answeredAsThen = async (read: KnownRead) => {
        try {
          // The head, as the health reads every exchange: the recorded form is made only if reported.
          const { head } = await send(read.operationId, principal, read.options);
          const status = head.response?.status;
          if (status === read.status) return true;
          seen.push(
            `${head.request.method} ${requestUrlParts(head.request.url).pathname} ${status ?? 'no answer'}`,
          );
        } catch (error) {
          seen.push(`no answer (${(error as Error).message})`);
        }
        return false;
      };
      if (!aborted() && (await answeredAsThen(reads[0]!))) return undefined;
      await wait(pauseMs);
      // The stop's line tells what the reads got after the pause, as it did before the first ask.
      seen.length = 0;
      for (const read of reads) {
        if (aborted()) break;
        if (await answeredAsThen(read)) return undefined;
      }
      // Reads, unless a refused write was among them (a one-operation streak's confirmation).
      const noun = writes.length > 0 ? 'request' : 'read';
      const asked = seen.length === 1 ? `a ${noun}` : `${seen.length} ${noun}s`;
      return `${asked} answered earlier in the run, asked again, got ${countedOnce(seen).join(', ')}`;
    },
  };
}

/**
 * Whether a call's input breaks its operation's documented request schema (a body that is no JSON
 * included): a correct target refuses it whatever its data, so a refusal of it can be asked again.
 */
export function inputBreaksSchema(
  validators: SpecValidators,
  operationId: string,
  options: CallOptions,
): boolean {
  let body = options.body;
  if (options.rawBody !== undefined) {
    try {
      body = JSON.parse(options.rawBody);
    } catch {
      return true;
    }
  }
  const query = Object.fromEntries(
    Object.entries(options.query ?? {}).filter(
      (entry): entry is [string, string | string[]] => entry[1] !== undefined,
    ),
  );
  return !validators.validateRequest(operationId, {
    query,
    ...(options.pathParams ? { path: options.pathParams } : {}),
    body,
  }).valid;
}

/**
 * The answers as the stop's line names them: one alike as itself, several alike once with how many
 * (`GET /v2/… 503 ×7`), in the order first seen, so that a line about seven reads of one endpoint
 * does not repeat it seven times (seen by the operator journey audit).
 */
export function countedOnce(answers: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const answer of answers) counts.set(answer, (counts.get(answer) ?? 0) + 1);
  return [...counts].map(([answer, n]) => (n === 1 ? answer : `${answer} ×${n}`));
}
