import type { RecordedExchange } from '../client/exchange.ts';
import { memberPointsOf, toAmount } from '../engine/context.ts';
import type { TargetClient } from '../engine/runner.ts';
import type { Profile } from '../profile/types.ts';
import type { PointsRequirement, TargetAction } from './states.ts';

/** A state the target does not meet and cannot be put into: the interaction does not apply there. */
export class StateUnmet extends Error {}

/**
 * Provider states on a target that is not the reference provider: nothing can be set there, so a
 * state is *checked* through the vendor operations — the balance must allow what the interaction
 * does (a deduction that succeeded needs at least its amount, one refused with 8907 less than it),
 * as the suites judge relative to the balance they read — and a bill the contract needs unlocked
 * is unlocked through the API when the profile allows mutations. A state the target does not meet
 * ({@link StateUnmet}) makes the interaction `skip` (not applicable, as a used-up fixture makes a
 * scenario skip); any other failure makes it `error`; never a contract failure.
 */
export async function arrangeOnTarget(
  action: TargetAction,
  client: TargetClient,
  profile: Profile,
): Promise<void> {
  switch (action.kind) {
    case 'check-balance': {
      const { judged: exchange, recorded } = await client.call('getPointsBalance', action.org, {
        query: {
          identifierName: action.identifierName,
          identifierValue: action.identifierValue,
          source: 'INSTORE',
          programId: String(action.programId),
        },
      });
      const points = toAmount((exchange.response?.body as { mainPoints?: unknown } | undefined)?.mainPoints);
      const problem = unmet(points, action.requires);
      if (problem) {
        throw new StateUnmet(
          `${action.identifierName} ${action.identifierValue} needs ${problem} in program ${action.programId}; the target has ${describe(points, recorded)}`,
        );
      }
      return;
    }
    case 'check-member-points': {
      const { judged: exchange, recorded } = await client.call('inquireMemberPoints', 'fabric', {
        pathParams: { profileId: action.profileId },
      });
      // Read as the suites read it: the sum over the inquiry's data[] entries.
      const points = memberPointsOf(exchange)?.available;
      const problem = unmet(points, action.requires);
      if (problem) {
        throw new StateUnmet(
          `member ${action.profileId} needs ${problem}; the target has ${describe(points, recorded)}`,
        );
      }
      return;
    }
    case 'unlock-bill': {
      const { unlock } = action;
      if (!profile.safety.allowMutations) {
        throw new StateUnmet(
          `the contract needs bill ${unlock.billNumber} unlocked before, and the profile does not allow mutations (safety.allowMutations)`,
        );
      }
      const { judged: exchange, recorded } = await client.call('unlockPromisedPoints', unlock.org, {
        query: {
          identifierName: unlock.identifierName,
          identifierValue: unlock.identifierValue,
          source: 'INSTORE',
        },
        body: {
          eventName: unlock.eventName,
          billNumber: unlock.billNumber,
          ...(unlock.lineItemIds ? { lineItemIds: [...unlock.lineItemIds] } : {}),
          ...(unlock.itemCodes ? { itemCodes: [...unlock.itemCodes] } : {}),
        },
      });
      // Unlocked now, or already before (82323282): either way the state holds.
      const status = exchange.response?.status ?? 0;
      if (status === 0 || status >= 500) {
        throw new Error(`unlocking bill ${unlock.billNumber} failed: ${describe(undefined, recorded)}`);
      }
      return;
    }
  }
}

/** What of a requirement a balance does not meet, in words; undefined when it meets it. */
function unmet(points: number | undefined, requires: PointsRequirement): string | undefined {
  const wanted = [
    requires.atLeast !== undefined ? `at least ${requires.atLeast} points` : undefined,
    requires.below !== undefined ? `fewer than ${requires.below} points` : undefined,
  ]
    .filter(Boolean)
    .join(' and ');
  if (points === undefined) return wanted;
  if (requires.atLeast !== undefined && points < requires.atLeast) return wanted;
  if (requires.below !== undefined && points >= requires.below) return wanted;
  return undefined;
}

/** A balance, or the answer in words from the recorded (redacted) exchange: the words go out. */
function describe(points: number | undefined, exchange: RecordedExchange): string {
  if (points !== undefined) return `${points}`;
  return exchange.response
    ? `an answer ${exchange.response.status} ${exchange.response.bodyText.slice(0, 120)}`
    : `no answer (${exchange.error?.code ?? 'error'})`;
}
