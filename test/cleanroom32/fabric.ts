/**
 * fabric's points adjustment and member inquiry as the same Servant service serves them under
 * /api: the documented 200 envelope, and the same envelope with the error's status where the
 * document shows none.
 */
import { randomUUID } from 'node:crypto';
import { aesonNumber, parseDecimal, toMilli } from './scientific.ts';
import { type Answer, DecodeError, decodeFailed, json, kindOf, optBool, optText } from './servant.ts';

export type Members = Map<string, { available: bigint; pending: bigint }>;

const envelope = (status: number, message: string, errors: Record<string, string>, data: string) =>
  json(
    status,
    `{"message":${JSON.stringify(message)},"errors":${JSON.stringify(errors)},"data":${data},"status":${status}}`,
  );

const refused = (status: number, field: string, why: string) =>
  envelope(status, why, { [field]: why }, 'null');

/** POST /api/v1/members/points-adjustment. */
export function adjustPoints(members: Members, body: Record<string, unknown>): Answer {
  let f: ReturnType<typeof decode>;
  try {
    f = decode(body);
  } catch (e) {
    if (e instanceof DecodeError) return decodeFailed(e);
    throw e;
  }
  for (const key of ['pointType', 'billingEntity', 'reasonCode'] as const)
    if (f[key] === '') return refused(400, key, `${key} must be at least 1 character long`);
  if (f.profileId === undefined || f.profileId === '')
    return refused(400, 'profileId', 'profileId is required');
  const amount = parseDecimal(f.points);
  const milli = amount && toMilli(amount);
  if (milli === undefined)
    return refused(400, 'points', 'points must have at most 3 decimal places and 11 integer digits');
  if (milli === 0n) return refused(400, 'points', 'points cannot be zero');
  if (f.setToPending && milli < 0n) return refused(400, 'points', 'pending points cannot be negative');
  const member = members.get(f.profileId);
  if (!member) return refused(404, 'profileId', 'Member not found');
  // One UPDATE … SET available = available + $1: PostgreSQL's row lock serialises it.
  if (f.setToPending) member.pending += milli;
  else member.available += milli;
  const magnitude = aesonNumber(milli < 0n ? -milli : milli);
  const data = {
    Message: `${magnitude} points ${milli < 0n ? 'deducted' : 'added'}`,
    futureDate: false,
    ExceptionString: '',
    transactionCode: randomUUID(),
  };
  return envelope(200, 'Member points adjusted', {}, JSON.stringify(data));
}

function decode(body: Record<string, unknown>) {
  const points = body.points;
  if (points === undefined) throw new DecodeError('Error in $: key "points" not found');
  if (typeof points !== 'number')
    throw new DecodeError(
      `Error in $.points: parsing Scientific failed, expected Number, but encountered ${kindOf(points)}`,
    );
  return {
    points: String(points),
    profileId: optText(body, 'profileId'),
    pointType: optText(body, 'pointType'),
    billingEntity: optText(body, 'billingEntity'),
    reasonCode: optText(body, 'reasonCode'),
    setToPending: optBool(body, 'setToPending') ?? false,
  };
}

/** GET /api/v1/inquire/{profileId}/member-points. */
export function memberPoints(members: Members, profileId: string): Answer {
  const member = members.get(profileId);
  if (!member) return refused(404, 'profileId', 'Member not found');
  return json(
    200,
    `{"data":[{"profileId":${JSON.stringify(profileId)},"pointsBalance":{"memberPointsAvailable":${aesonNumber(member.available)},"memberPointsPending":${aesonNumber(member.pending)}}}]}`,
  );
}
