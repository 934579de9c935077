import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { asRecord, badRequest, HttpException, unauthorized } from './nest.ts';

/** fabric's member points: available and pending per member, numbers as the DTO types them. */
export interface Members {
  readonly available: Map<string, number>;
  readonly pending: Map<string, number>;
}

export const openMembers = (): Members => ({
  available: new Map([[FABRIC_MEMBER, 1260]]),
  pending: new Map([[FABRIC_MEMBER, 0]]),
});

/** The Bearer guard (passport-http-bearer's habit: anything else is 401). */
export function bearer(headers: IncomingHttpHeaders): void {
  if (headers.authorization !== `Bearer ${FABRIC_TOKEN}`) throw unauthorized();
}

const optionalText = (body: Record<string, unknown>, key: string, messages: string[]) => {
  const value = body[key];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') messages.push(`${key} must be a string`);
  else if (value.length < 1) messages.push(`${key} must be longer than or equal to 1 characters`);
};

/** Python-like "100.0": the data.Message of the page's example. */
const pointsText = (n: number) => (Number.isInteger(n) ? `${n}.0` : String(n));

export function adjustPoints(members: Members, raw: unknown): unknown {
  const body = asRecord(raw);
  const messages: string[] = [];
  const points = body.points;
  if (points === undefined || points === null) messages.push('points should not be empty');
  else if (typeof points !== 'number' || !Number.isFinite(points))
    messages.push('points must be a number conforming to the specified constraints');
  const profileId = body.profileId;
  if (profileId !== undefined && typeof profileId !== 'string') messages.push('profileId must be a string');
  for (const key of ['pointType', 'billingEntity', 'reasonCode']) optionalText(body, key, messages);
  if (body.setToPending !== undefined && body.setToPending !== null && typeof body.setToPending !== 'boolean')
    messages.push('setToPending must be a boolean value');
  if (messages.length > 0) throw badRequest(messages);
  const member = typeof profileId === 'string' ? profileId : undefined;
  if (member === undefined || !members.available.has(member))
    throw new HttpException(404, { statusCode: 404, message: 'Member not found', error: 'Not Found' });
  const value = points as number;
  const table = body.setToPending === true ? members.pending : members.available;
  table.set(member, (table.get(member) ?? 0) + value);
  return {
    message: 'Member points adjusted',
    errors: {},
    data: {
      Message: `${pointsText(Math.abs(value))} points ${value < 0 ? 'deducted' : 'added'}`,
      futureDate: false,
      ExceptionString: '',
      transactionCode: randomUUID(),
    },
    status: 200,
  };
}

export function memberPoints(members: Members, profileId: string): unknown {
  const available = members.available.get(profileId);
  if (available === undefined)
    throw new HttpException(404, { statusCode: 404, message: 'Member not found', error: 'Not Found' });
  return {
    data: [
      {
        profileId,
        pointsBalance: {
          memberPointsAvailable: available,
          memberPointsPending: members.pending.get(profileId) ?? 0,
        },
      },
    ],
  };
}
