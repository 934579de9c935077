import type { OperationId } from '../../src/reference/handlers/index.ts';
import type { FaultOptions } from './catalogue.ts';

/** The operations that write: what a till outside the Points access group, or a read-only token, may not call. */
const WRITES: ReadonlySet<OperationId> = new Set([
  'negativePointsAdjustment',
  'unlockPromisedPoints',
  'adjustMemberPoints',
]);

/** A provider whose Basic tills and fabric Bearer tokens may read but not write, and how often it refused them. */
export interface ReadOnlyCredentials {
  readonly options: FaultOptions;
  /** Refusals made so far, by operation. */
  readonly refused: Map<string, number>;
}

/**
 * Not a fault of the catalogue: what a profile whose credentials pass the probe (a balance read)
 * but may not write looks like from outside. Credentials that could write (Basic tills with the
 * Points access group, fabric Bearer tokens) are refused 401 on every write; OAuth tokens (the
 * reference profile's alternate scheme) still write, and credentials refused already, or without
 * the Points group (the restricted till), are answered as before. Each call of the factory counts
 * its own refusals, so that a test can compare the run's count with the provider's.
 */
export function readOnlyCredentials(): ReadOnlyCredentials {
  const refused = new Map<string, number>();
  return {
    refused,
    options: {
      hooks: {
        authenticate: (operationId, result, headers) => {
          if (!result.ok || !WRITES.has(operationId) || headers['x-cap-api-oauth-token']) return result;
          if (!result.accessGroups.includes('Points')) return result;
          refused.set(operationId, (refused.get(operationId) ?? 0) + 1);
          return { ok: false, reason: 'these credentials may read but not write' };
        },
      },
    },
  };
}
