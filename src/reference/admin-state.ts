import type { IncomingMessage } from 'node:http';
import type { Dataset } from './dataset.ts';
import type { Reply } from './envelopes.ts';
import { readJsonBody } from './http.ts';
import type { Ledger } from './ledger.ts';

/**
 * `POST /__reference/state` (reference-only): puts the provider into a named state, for Pact
 * provider states and other test set-ups. The body is `{ state, params }`; `state` is a label
 * echoed in the answer, `params.action` says what to do. Actions apply to the current ledger
 * (reset first with `POST /__reference/reset` for a clean start):
 *
 * - `set-balance` `{ org, identifierName, identifierValue, programId, points }`: the customer's
 *   main points in that program become `points`;
 * - `unlock-bill` `{ org, identifierName, identifierValue, billNumber, eventName, lineItemIds?,
 *   itemCodes? }`: unlocks the bill (or the given line items) as `unlockPromisedPoints` would;
 * - `set-member-points` `{ profileId, points }`: the fabric member's active points become `points`;
 * - `none`: nothing (a state that needs no set-up).
 *
 * It is no vendor operation: a real target has nothing like it, and the suite's scenarios never
 * use it.
 */
export type AdminStateParams =
  | {
      readonly action: 'set-balance';
      readonly org: string;
      readonly identifierName: string;
      readonly identifierValue: string;
      readonly programId: number;
      readonly points: number | string;
    }
  | {
      readonly action: 'unlock-bill';
      readonly org: string;
      readonly identifierName: string;
      readonly identifierValue: string;
      readonly billNumber: string;
      readonly eventName: string;
      readonly lineItemIds?: readonly number[];
      readonly itemCodes?: readonly string[];
    }
  | { readonly action: 'set-member-points'; readonly profileId: string; readonly points: number }
  | { readonly action: 'none' };

/** Handles `POST /__reference/state`. */
export async function handleStateRequest(
  req: IncomingMessage,
  ledger: Ledger,
  dataset: Dataset,
): Promise<Reply> {
  const parsed = await readJsonBody(req);
  if (parsed.kind !== 'json' || !isRecord(parsed.value) || !isRecord(parsed.value.params)) {
    return { status: 400, body: { error: 'expected a JSON body { state, params: { action, ... } }' } };
  }
  const state = typeof parsed.value.state === 'string' ? parsed.value.state : '';
  const outcome = applyState(parsed.value.params as AdminStateParams, ledger, dataset);
  return outcome.ok
    ? { status: 200, body: { status: 'applied', state } }
    : { status: 400, body: { error: outcome.error, state } };
}

/** Applies one action to the ledger. */
export function applyState(
  params: AdminStateParams,
  ledger: Ledger,
  dataset: Dataset,
): { ok: true } | { ok: false; error: string } {
  try {
    switch (params.action) {
      case 'none':
        return { ok: true };
      case 'set-balance': {
        const result = ledger.setMainPoints(
          params.org,
          params.identifierName,
          params.identifierValue,
          Number(params.programId),
          params.points,
        );
        return result.ok ? { ok: true } : { ok: false, error: result.message };
      }
      case 'unlock-bill': {
        const result = ledger.unlock(params.org, {
          identifierName: params.identifierName,
          identifierValue: params.identifierValue,
          type: 'CUSTOMER',
          billNumber: params.billNumber,
          eventName: params.eventName,
          eventLogIds: [],
          ...(params.lineItemIds ? { lineItemIds: [...params.lineItemIds] } : {}),
          ...(params.itemCodes ? { itemCodes: [...params.itemCodes] } : {}),
        });
        return result.ok ? { ok: true } : { ok: false, error: `${result.code} ${result.message}` };
      }
      case 'set-member-points': {
        const tenant = dataset.fabric.tenants.find((t) =>
          t.members.some((m) => m.profileId === params.profileId),
        );
        if (!tenant) return { ok: false, error: `no fabric member ${params.profileId}` };
        const result = ledger.setMemberPoints(tenant.id, params.profileId, Number(params.points));
        return result.ok ? { ok: true } : { ok: false, error: result.message };
      }
      default:
        return {
          ok: false,
          error: `unknown action ${JSON.stringify((params as { action?: unknown }).action)}`,
        };
    }
  } catch (error) {
    // An unknown org or an amount the ledger cannot hold: the set-up is wrong, not the server.
    return { ok: false, error: (error as Error).message };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
