import { toNumber } from '../amount.ts';
import { capillaryError, type Reply } from '../envelopes.ts';
import { type HandlerContext, queryValue } from './context.ts';

/** GET v2/customers/lookup/points/balance */
export function getPointsBalance({ principal, query, ledger }: HandlerContext): Reply {
  const programId = queryValue(query, 'programId');
  const outcome = ledger.balance(principal, {
    identifierName: queryValue(query, 'identifierName') ?? '',
    identifierValue: queryValue(query, 'identifierValue') ?? '',
    ...(programId === undefined ? {} : { programId: Number(programId) }),
    fetchDataForAllPrograms: queryValue(query, 'fetchDataForAllPrograms') === 'true',
  });
  if (!outcome.ok) return capillaryError(outcome.code, outcome.message);
  const b = outcome.value;
  const promised = b.delayedAccrualPoints + b.externalTriggerBasedPoints;
  return {
    status: 200,
    body: {
      entityId: b.entityId,
      entityType: 'CUSTOMER',
      totalPoints: toNumber(b.mainPoints + promised),
      mainPoints: toNumber(b.mainPoints),
      promisedPoints: toNumber(promised),
      promisedPointsBreakup: {
        delayedAccrualPoints: toNumber(b.delayedAccrualPoints),
        externalTriggerBasedPoints: toNumber(b.externalTriggerBasedPoints),
      },
      warnings: [],
    },
  };
}
