import type { Handler } from './context.ts';
import { adjustMemberPoints, inquireMemberPoints } from './member-points.ts';
import { negativePointsAdjustment } from './negative-points-adjustment.ts';
import { generateOAuthToken } from './oauth-token.ts';
import { getPointsBalance } from './points-balance.ts';
import { unlockPromisedPoints } from './unlock-promised-points.ts';

export type { Handler, HandlerContext } from './context.ts';

/** The operationIds the reference provider serves (every operation of the shipped specs). */
export type OperationId =
  | 'negativePointsAdjustment'
  | 'unlockPromisedPoints'
  | 'getPointsBalance'
  | 'generateOAuthToken'
  | 'adjustMemberPoints'
  | 'inquireMemberPoints';

/** The one registration point of handlers: operationId → handler. A faulty provider overrides entries. */
export const HANDLERS: Readonly<Record<OperationId, Handler>> = {
  // --- Capillary ---
  negativePointsAdjustment,
  unlockPromisedPoints,
  getPointsBalance,
  generateOAuthToken,
  // --- fabric ---
  adjustMemberPoints,
  inquireMemberPoints,
};
