import type { Exchange } from '../client/exchange.ts';
import { samePoints, toAmount } from '../engine/context.ts';
import type { TargetClient } from '../engine/runner.ts';
import type { Profile } from '../profile/types.ts';
import type { AdminStateParams } from '../reference/admin-state.ts';

/**
 * Provider states on a target that is not the reference provider: nothing can be set there, so a
 * state is *checked* through the vendor operations instead (the balance the contract assumes is
 * read and compared), and a bill the contract needs unlocked is unlocked through the API when the
 * profile allows mutations. A state that does not hold fails the state set-up, which the report
 * shows as `error` (the interaction could not be judged), never as a contract failure.
 */
export async function arrangeOnTarget(action: AdminStateParams, client: TargetClient, profile: Profile): Promise<void> {
  switch (action.action) {
    case 'none':
      return;
    case 'set-balance': {
      const exchange = await client.call('getPointsBalance', action.org, {
        query: {
          identifierName: action.identifierName,
          identifierValue: action.identifierValue,
          source: 'INSTORE',
          programId: String(action.programId),
        },
      });
      const points = toAmount((exchange.response?.body as { mainPoints?: unknown } | undefined)?.mainPoints);
      if (!samePoints(points, Number(action.points))) {
        throw new Error(
          `the contract assumes ${action.points} points in program ${action.programId} for ${action.identifierName} ${action.identifierValue}; the target has ${describe(points, exchange)} (states can be set only on the reference provider)`,
        );
      }
      return;
    }
    case 'set-member-points': {
      const exchange = await client.call('inquireMemberPoints', 'fabric', { pathParams: { profileId: action.profileId } });
      const data = (exchange.response?.body as { data?: unknown } | undefined)?.data;
      const first = Array.isArray(data) ? (data[0] as { pointsBalance?: { memberPointsAvailable?: unknown } }) : undefined;
      const points = toAmount(first?.pointsBalance?.memberPointsAvailable);
      if (!samePoints(points, action.points)) {
        throw new Error(
          `the contract assumes ${action.points} available points for member ${action.profileId}; the target has ${describe(points, exchange)} (states can be set only on the reference provider)`,
        );
      }
      return;
    }
    case 'unlock-bill': {
      if (!profile.safety.allowMutations) {
        throw new Error(
          `the contract needs bill ${action.billNumber} unlocked before; the profile does not allow mutations (safety.allowMutations)`,
        );
      }
      const exchange = await client.call('unlockPromisedPoints', action.org, {
        query: { identifierName: action.identifierName, identifierValue: action.identifierValue, source: 'INSTORE' },
        body: {
          eventName: action.eventName,
          billNumber: action.billNumber,
          ...(action.lineItemIds ? { lineItemIds: [...action.lineItemIds] } : {}),
          ...(action.itemCodes ? { itemCodes: [...action.itemCodes] } : {}),
        },
      });
      // Unlocked now, or already before (82323282): either way the state holds.
      const status = exchange.response?.status ?? 0;
      if (status >= 500 || status === 0) throw new Error(`unlocking bill ${action.billNumber} failed: ${describe(undefined, exchange)}`);
      return;
    }
  }
}

function describe(points: number | undefined, exchange: Exchange): string {
  if (points !== undefined) return `${points}`;
  return exchange.response
    ? `an answer ${exchange.response.status} ${exchange.response.bodyText.slice(0, 120)}`
    : `no answer (${exchange.error?.code ?? 'error'})`;
}
