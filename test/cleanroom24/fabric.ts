import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type Answer, json, jsonExtractor, type Struct } from './axum.ts';
import { FABRIC_MEMBER, FABRIC_OPENING_POINTS, FABRIC_REASON_CODES, FABRIC_TOKEN } from './data.ts';
import { f64Text } from './decimal.ts';
import { F64 } from './serde.ts';

/** The member's `member_points` row: `f64` columns (REAL in SQLite), as the service keeps them. */
export interface Member {
  available: number;
  pending: number;
}

export function openMembers(): Map<string, Member> {
  return new Map([[FABRIC_MEMBER, { available: FABRIC_OPENING_POINTS, pending: 0 }]]);
}

/** fabric's envelope for an error: the HTTP status repeated, `data` None written as null. */
function fabricError(status: number, message: string, errors: Record<string, string>): Answer {
  return json(status, { message, errors, data: null, status });
}

export function bearerRefused(headers: IncomingHttpHeaders): Answer | undefined {
  if (headers.authorization === `Bearer ${FABRIC_TOKEN}`) return undefined;
  return fabricError(401, 'Unauthorized', { authorization: 'missing or invalid bearer token' });
}

/**
 * `AdjustBody`: `points: f64` and `setToPending: Option<bool>` read by serde (missing or of the
 * wrong type: the extractor's 422); `pointType` a serde enum of the page's four names, so any
 * other text is the extractor's 422 too; the other strings `Option<String>`, checked for their
 * minimum length in the handler.
 */
const ADJUST_BODY: Struct = {
  points: { type: 'f64' },
  profileId: { type: 'String', optional: true },
  pointType: { type: ['Base', 'Bonus', 'Promotional', 'Restricted'], optional: true },
  billingEntity: { type: 'String', optional: true },
  reasonCode: { type: 'String', optional: true },
  setToPending: { type: 'bool', optional: true },
};

export function adjustPoints(
  members: Map<string, Member>,
  contentType: string | undefined,
  text: string,
): Answer {
  const body = jsonExtractor(contentType, text, ADJUST_BODY, 'AdjustBody');
  for (const field of ['billingEntity', 'reasonCode'])
    if (body[field] === '')
      return fabricError(400, 'Validation failed', { [field]: 'must be at least 1 character' });
  const reason = body.reasonCode as string | undefined;
  if (reason !== undefined && !FABRIC_REASON_CODES.includes(reason))
    return fabricError(400, 'Validation failed', { reasonCode: `unknown reason code ${reason}` });
  const profileId = body.profileId as string | undefined;
  if (profileId === undefined) return fabricError(400, 'Validation failed', { profileId: 'is required' });
  const member = members.get(profileId);
  if (!member) return fabricError(404, 'Member not found', { profileId: `no member ${profileId}` });
  const points = body.points as number;
  if (points === 0) return fabricError(400, 'Validation failed', { points: 'must not be zero' });
  if (points < 0 && member.available + points < 0)
    return fabricError(400, 'Insufficient points', { points: 'deduction exceeds available points' });
  if (body.setToPending === true && points > 0) member.pending += points;
  else member.available += points;
  const verb = points > 0 ? 'added' : 'deducted';
  return json(200, {
    message: 'Member points adjusted',
    errors: {},
    data: {
      Message: `${f64Text(Math.abs(points))} points ${verb}`,
      futureDate: false,
      ExceptionString: '',
      transactionCode: randomUUID(),
    },
    status: 200,
  });
}

/** `GET /v1/inquire/{profileId}/member-points`: the member's figures as `f64`s. */
export function memberPoints(members: Map<string, Member>, profileId: string): Answer {
  const member = members.get(profileId);
  if (!member) return fabricError(404, 'Member not found', { profileId: `no member ${profileId}` });
  return json(200, {
    message: 'Member points',
    errors: {},
    data: [
      {
        profileId,
        pointsBalance: {
          memberPointsAvailable: new F64(member.available),
          memberPointsLocked: new F64(member.pending),
          totalPoints: new F64(member.available + member.pending),
        },
      },
    ],
    status: 200,
  });
}
