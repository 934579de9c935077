import { randomUUID } from 'node:crypto';
import { transactWrite, withConditionalRetry } from './dynamo.ts';
import { Decoder, dbl, javaDouble, kBoolean, kDouble, kString } from './kotlin.ts';
import { type Answer, type Call, FabricError, requireJson, respond } from './ktor.ts';
import type { Store } from './store.ts';

const DTO = 'com.tidewave.loyalty.fabric.dto.PointsAdjustmentRequest';

/** `@Serializable data class` with `@field:Size(min = 1)` checks in its init block. */
function decodeAdjustment(body: string) {
  const d = Decoder.of(DTO, body);
  const adjustment = {
    points: d.required('points', kDouble),
    profileId: d.optional('profileId', kString),
    pointType: d.optional('pointType', kString),
    billingEntity: d.optional('billingEntity', kString),
    reasonCode: d.optional('reasonCode', kString),
    setToPending: d.optional('setToPending', kBoolean) ?? false,
  };
  for (const field of ['pointType', 'billingEntity', 'reasonCode'] as const)
    if (adjustment[field] === '') d.fail(field, `${field} must have at least 1 character`);
  return adjustment;
}

/** POST /api/v1/members/points-adjustment */
export async function adjustMemberPoints(store: Store, random: () => number, call: Call): Promise<Answer> {
  requireJson(call);
  const a = decodeAdjustment(call.body);
  if (a.profileId === null)
    throw new FabricError(400, 'Member points not adjusted', { profileId: 'profileId is required' });
  if (a.points === 0)
    throw new FabricError(400, 'Member points not adjusted', { points: 'points must not be 0' });
  if (a.setToPending && a.points < 0)
    throw new FabricError(400, 'Member points not adjusted', {
      setToPending: 'only an addition can be pending',
    });
  const profileId = a.profileId;
  await withConditionalRetry(async () => {
    const row = await store.members.get(profileId);
    if (!row) throw new FabricError(404, 'Member not found', { profileId: `no member ${profileId}` });
    if (a.points < 0 && row.item.available + a.points < 0)
      throw new FabricError(400, 'Member points not adjusted', { points: 'insufficient points' });
    const item = a.setToPending
      ? { ...row.item, pending: row.item.pending + a.points }
      : { ...row.item, available: row.item.available + a.points };
    await transactWrite([{ table: store.members, key: profileId, expected: row.version, item }]);
  }, random);
  return respond(200, {
    message: 'Member points adjusted',
    // @EncodeDefault: the page's example writes `{}`.
    errors: {},
    data: {
      Message: `${javaDouble(Math.abs(a.points))} points ${a.points < 0 ? 'deducted' : 'added'}`,
      // `futureDate: Boolean = false` and `ExceptionString: String = ""` keep their defaults: left out.
      transactionCode: randomUUID(),
    },
    status: 200,
  });
}

/** GET /api/v1/inquire/{profileId}/member-points */
export async function inquireMemberPoints(store: Store, profileId: string): Promise<Answer> {
  const row = await store.members.get(profileId);
  if (!row) throw new FabricError(404, 'Member not found', { profileId: `no member ${profileId}` });
  return respond(200, {
    message: 'Member points',
    errors: {},
    data: [
      {
        profileId,
        pointsBalance: {
          memberPointsAvailable: dbl(row.item.available),
          memberPointsPending: row.item.pending === 0 ? undefined : dbl(row.item.pending),
        },
      },
    ],
    status: 200,
  });
}
