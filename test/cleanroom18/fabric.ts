/**
 * Clean room eighteen's fabric points adjustment and member inquiry. Choices where the page is
 * silent: `profileId` is required (400 without it: the page marks only `points` required, but this
 * vendor adjusts no member it is not told), zero points refused (an adjustment that adjusts
 * nothing), points only as a JSON number, available points never below zero (422), pending points
 * stay pending through a run. Errors use the success envelope with `errors` filled in.
 */
import { randomUUID } from 'node:crypto';
import type { Reply } from './capillary.ts';
import { Milli, oneDecimal } from './json.ts';

export interface Member {
  available: number;
  pending: number;
}

function fabError(status: number, field: string, message: string): Reply {
  return { status, body: { status, message, errors: { [field]: message }, data: null } };
}

const optionalString = (x: unknown) =>
  x === undefined || x === null || (typeof x === 'string' && x.length >= 1);

export function adjust(members: Map<string, Member>, raw: string): Reply {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
  } catch {
    return fabError(400, 'body', 'Body must be a JSON object');
  }
  const { points, profileId, setToPending } = body;
  if (typeof points !== 'number' || !Number.isFinite(points))
    return fabError(400, 'points', 'points must be a number');
  if (points === 0) return fabError(400, 'points', 'points must not be zero');
  for (const field of ['pointType', 'billingEntity', 'reasonCode'])
    if (!optionalString(body[field]))
      return fabError(400, field, `${field} must be a non-empty string or null`);
  if (setToPending !== undefined && typeof setToPending !== 'boolean')
    return fabError(400, 'setToPending', 'setToPending must be true or false');
  if (typeof profileId !== 'string' || profileId === '')
    return fabError(400, 'profileId', 'profileId is required');
  const member = members.get(profileId);
  if (!member) return fabError(404, 'profileId', 'No member with this profileId');
  const milli = Math.round(points * 1000);
  const pending = setToPending === true;
  const next = (pending ? member.pending : member.available) + milli;
  if (next < 0) return fabError(422, 'points', 'The member does not hold that many points');
  if (pending) member.pending = next;
  else member.available = next;
  const verb = milli > 0 ? 'added' : 'deducted';
  return {
    status: 200,
    body: {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${oneDecimal(Math.abs(milli))} points ${verb}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    },
  };
}

export function inquire(members: Map<string, Member>, profileId: string): Reply {
  const member = members.get(profileId);
  if (!member) return fabError(404, 'profileId', 'No member with this profileId');
  return {
    status: 200,
    body: {
      status: 200,
      message: 'Member points',
      errors: {},
      data: [
        {
          programName: 'Fjord Club',
          pointsBalance: {
            memberPointsAvailable: new Milli(member.available),
            memberPointsPending: new Milli(member.pending),
          },
        },
      ],
    },
  };
}
