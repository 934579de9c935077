import type { RecordedHead } from '../client/exchange.ts';
import type { CallOptions, CheckResult, OwnCredentialsRefused } from './types.ts';

/** Statuses that refuse credentials (the target health's refusals too). */
const REFUSED = new Set([401, 403]);

/**
 * Whether a call was sent with its principal's own credentials (the org's `auth`, fabric's token):
 * not the alternate, restricted, wrong or missing ones a scenario sends on purpose.
 */
export const sentWithOwnCredentials = (call: CallOptions | undefined): boolean =>
  call?.auth === undefined || call.auth === 'default';

/** Operations with their counts, most refused first (then by name, so that reports compare). */
const byCount = (perOperation: ReadonlyMap<string, number>): OwnCredentialsRefused['operations'] =>
  [...perOperation]
    .map(([operationId, calls]) => ({ operationId, calls }))
    .sort((a, b) => b.calls - a.calls || (a.operationId < b.operationId ? -1 : 1));

/** One refused call: what {@link OwnRefusals.summary} counts. */
interface Refused {
  readonly operationId: string;
  readonly principal: string;
  readonly status: number;
}

/** The run's refusals of its own credentials (see `RunResult.ownCredentialsRefused`). */
export interface OwnRefusals {
  /** Notes a scenario's call, if it was sent with the principal's own credentials and refused. */
  observe(head: RecordedHead, call: CallOptions | undefined): void;
  /** The refused calls that failing (or unjudged) results cite, or undefined when there are none. */
  summary(results: readonly CheckResult[]): OwnCredentialsRefused | undefined;
}

/**
 * Keeps, by exchange ID, the scenario calls sent with the profile's own credentials that the target
 * refused (401/403). Only a few are ever kept: a run refused nothing on its own credentials on a
 * target it can judge, and on one that refuses every write, one per write it sent.
 */
export function createOwnRefusals(): OwnRefusals {
  const refused = new Map<number, Refused>();
  return {
    observe(head, call) {
      const status = head.response?.status;
      if (status === undefined || !REFUSED.has(status) || !sentWithOwnCredentials(call)) return;
      refused.set(head.id, {
        operationId: head.operationId ?? head.request.method,
        principal: head.principal,
        status,
      });
    },
    summary(results) {
      if (refused.size === 0) return undefined;
      const cited = new Map<number, Refused>();
      for (const result of results) {
        // A warning is the target's own choice judged as allowed (a 403 refusing its till a store):
        // only what failed, or could not be judged, may be the profile's.
        if (result.verdict !== 'fail' && result.verdict !== 'error') continue;
        for (const id of result.exchangeIds) {
          const call = refused.get(id);
          if (call) cited.set(id, call);
        }
      }
      if (cited.size === 0) return undefined;
      const calls = [...cited.values()];
      const perOperation = new Map<string, number>();
      for (const { operationId } of calls)
        perOperation.set(operationId, (perOperation.get(operationId) ?? 0) + 1);
      return {
        calls: calls.length,
        statuses: [...new Set(calls.map((c) => c.status))].sort((a, b) => a - b),
        principals: [...new Set(calls.map((c) => c.principal))].sort(),
        operations: byCount(perOperation),
      };
    },
  };
}

/** The shards' refusals as one run's (`merge`): counts summed, or undefined when no shard had any. */
export function mergeOwnRefusals(
  shards: readonly (OwnCredentialsRefused | undefined)[],
): OwnCredentialsRefused | undefined {
  const present = shards.filter((s): s is OwnCredentialsRefused => s !== undefined && s.calls > 0);
  if (present.length === 0) return undefined;
  const perOperation = new Map<string, number>();
  for (const { operations } of present)
    for (const o of operations)
      perOperation.set(o.operationId, (perOperation.get(o.operationId) ?? 0) + o.calls);
  return {
    calls: present.reduce((sum, s) => sum + s.calls, 0),
    statuses: [...new Set(present.flatMap((s) => s.statuses))].sort((a, b) => a - b),
    principals: [...new Set(present.flatMap((s) => s.principals))].sort(),
    operations: byCount(perOperation),
  };
}
