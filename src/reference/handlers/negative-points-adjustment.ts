import { capillaryError, type Reply } from '../envelopes.ts';
import { bodyRecord, type HandlerContext, queryValue } from './context.ts';

/** POST v2/customers/lookup/negativePointsAdjustment */
export function negativePointsAdjustment({ principal, query, body, ledger }: HandlerContext): Reply {
  const b = bodyRecord(body);
  // A required reason given as blanks is still no reason.
  if (typeof b.reasonOfReturn === 'string' && b.reasonOfReturn.trim() === '') {
    return capillaryError(8882, 'reasonOfReturn is required');
  }
  const outcome = ledger.deduct(principal, {
    identifierName: queryValue(query, 'identifierName') ?? '',
    identifierValue: queryValue(query, 'identifierValue') ?? '',
    pointsToBeAdjusted: b.pointsToBeAdjusted as number | string,
    ...(typeof b.programId === 'number' ? { programId: b.programId } : {}),
    ...(typeof b.promotionId === 'number' ? { promotionId: b.promotionId } : {}),
    ...(typeof b.promotionIdentifier === 'string' ? { promotionIdentifier: b.promotionIdentifier } : {}),
    ...(typeof b.pointsAwardedId === 'number' ? { pointsAwardedId: b.pointsAwardedId } : {}),
  });
  if (!outcome.ok) return capillaryError(outcome.code, outcome.message);
  return {
    status: 200,
    body: {
      status: 'success',
      pointsAvailable: outcome.value.pointsAvailable,
      message: 'points deducted successfully for the user ',
      warnings: [],
    },
  };
}
