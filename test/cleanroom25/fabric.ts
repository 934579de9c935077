import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { floatText } from './decimal.ts';
import { type Answer, asObject, detail, invalid, MESSAGES, respond } from './drf.ts';

/**
 * fabric's adjustment (and the member inquiry beside it) as a DRF app: `TokenAuthentication`
 * with the `Bearer` keyword, a serializer for the body, float points (`FloatField`).
 */
export interface Member {
  available: number;
  pending: number;
}

export const openMembers = () => new Map<string, Member>([[FABRIC_MEMBER, { available: 640, pending: 0 }]]);

const CHALLENGE = { 'WWW-Authenticate': 'Bearer' };

export function bearer(headers: IncomingHttpHeaders): void {
  const header = headers.authorization ?? '';
  if (!/^bearer /i.test(header))
    throw detail(401, 'Authentication credentials were not provided.', CHALLENGE);
  if (header.slice(7).trim() !== FABRIC_TOKEN) throw detail(401, 'Invalid token.', CHALLENGE);
}

/** `CharField(allow_null=True, min_length=1)`. */
function charField(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return [MESSAGES.string];
  return value === '' ? [MESSAGES.blank] : undefined;
}

/** POST /v1/members/points-adjustment */
export function adjustPoints(members: Map<string, Member>, data: unknown): Answer {
  const body = asObject(data);
  const errors: Record<string, string[]> = {};
  const points = body.points;
  if (points === undefined || points === null) errors.points = [MESSAGES.required];
  else if (typeof points !== 'number' || !Number.isFinite(points)) errors.points = [MESSAGES.number];
  if (body.profileId !== undefined && typeof body.profileId !== 'string')
    errors.profileId = [MESSAGES.string];
  for (const field of ['pointType', 'billingEntity', 'reasonCode']) {
    const problem = charField(body[field]);
    if (problem) errors[field] = problem;
  }
  if (body.setToPending !== undefined && typeof body.setToPending !== 'boolean')
    errors.setToPending = [MESSAGES.boolean];
  if (Object.keys(errors).length > 0) throw invalid(errors);
  if (body.profileId === undefined) throw invalid({ profileId: [MESSAGES.required] });
  const member = members.get(body.profileId as string);
  if (!member) throw detail(404, 'Not found.');
  const amount = points as number;
  if (body.setToPending === true) member.pending += amount;
  else member.available += amount;
  const verb = amount < 0 ? 'deducted' : 'added';
  return respond(200, {
    message: 'Member points adjusted',
    errors: {},
    data: {
      Message: `${floatText(Math.abs(amount))} points ${verb}`,
      futureDate: false,
      ExceptionString: '',
      transactionCode: randomUUID(),
    },
    status: 200,
  });
}

/** GET /v1/inquire/{profileId}/member-points: `get_object_or_404`, then the balance. */
export function memberPoints(members: Map<string, Member>, profileId: string): Answer {
  const member = members.get(profileId);
  if (!member) throw detail(404, 'Not found.');
  return respond(200, {
    data: [
      {
        profileId,
        pointsBalance: {
          memberPointsAvailable: member.available,
          memberPointsLocked: member.pending,
          totalPoints: member.available + member.pending,
        },
      },
    ],
  });
}
