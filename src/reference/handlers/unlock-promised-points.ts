import { capillaryError, type Reply } from '../envelopes.ts';
import { bodyRecord, type HandlerContext, queryValue } from './context.ts';

const asIds = (value: unknown): number[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(Number).filter(Number.isFinite);

/** POST v2/points/unlockPromisedPoints */
export function unlockPromisedPoints({ principal, query, body, ledger }: HandlerContext): Reply {
  const b = bodyRecord(body);
  const outcome = ledger.unlock(principal, {
    identifierName: queryValue(query, 'identifierName') ?? '',
    identifierValue: queryValue(query, 'identifierValue') ?? '',
    type: queryValue(query, 'type') === 'USERGROUP2' ? 'USERGROUP2' : 'CUSTOMER',
    billNumber: String(b.billNumber),
    eventName: String(b.eventName),
    eventLogIds: asIds(b.eventLogId),
    ...(Array.isArray(b.lineItemIds) ? { lineItemIds: b.lineItemIds as number[] } : {}),
    ...(Array.isArray(b.itemCodes) ? { itemCodes: b.itemCodes as string[] } : {}),
  });
  if (!outcome.ok) return capillaryError(outcome.code, outcome.message);
  return { status: 200, body: { pointsUnlocked: outcome.value, warnings: [] } };
}
