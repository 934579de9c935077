import { randomBytes } from 'node:crypto';
import { fabricAuthorized } from './auth.ts';
import { parseBody } from './capillary.ts';
import type { Database } from './db.ts';
import { OraError, VendorError } from './errors.ts';
import { jsonObject, type OraJson } from './json.ts';
import { OraNumber } from './number.ts';
import type { Handler, OrdsRequest, OrdsResponse } from './ords.ts';

export interface FabricOptions {
  /** JSON_OBJECT … ABSENT ON NULL: the empty ExceptionString ('' is NULL) left out, not written null. */
  readonly absentOnNull?: boolean;
}

function answer(status: number, body: OraJson, absentOnNull = false): OrdsResponse {
  return { status, contentType: 'application/json', body: jsonObject(body, { absentOnNull }) };
}

function refusal(status: number, message: string, field: string, detail: string): OrdsResponse {
  return answer(status, {
    status: OraNumber.of(BigInt(status), 0),
    message,
    errors: { [field]: detail },
    data: null,
  });
}

function invalid(field: string, detail: string): never {
  throw new VendorError(400, `${field}: ${detail}`, 400);
}

/** The bearer check and the exception block every fabric handler shares. */
function fabricHandler(work: (request: OrdsRequest) => Promise<OrdsResponse>): Handler {
  return async (request) => {
    if (!fabricAuthorized(request.headers))
      return refusal(401, 'Unauthorized', 'authorization', 'a valid Bearer token is required');
    try {
      return await work(request);
    } catch (error) {
      if (error instanceof VendorError) {
        const [field = 'request', detail = error.message] = error.message.split(': ');
        return refusal(
          error.status,
          error.status === 404 ? 'Member not found' : 'Bad request',
          field,
          detail,
        );
      }
      if (error instanceof OraError) return refusal(400, 'Bad request', 'request', error.message);
      throw error;
    }
  };
}

/** A `string | null` member with minLength 1: the vendor tells "" (NULL to Oracle) from null. */
function optionalText(body: Record<string, unknown>, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') invalid(field, 'must be a string or null');
  if (value.length === 0) invalid(field, 'must not be empty');
  return value;
}

/**
 * `POST /v1/members/points-adjustment`: the member's row FOR UPDATE, points added to active or (with
 * setToPending) pending points, a deduction never taking active points below zero; the amount
 * stored into NUMBER(14,3), the Message written with TO_CHAR's 'FM99999999990.099'.
 */
export function adjustmentHandler(db: Database, options: FabricOptions): Handler {
  return fabricHandler(async (request) => {
    const body = parseBody(request.bodyText);
    if (typeof body.points !== 'number') invalid('points', 'is required and must be a number');
    const points = OraNumber.fromJson(body.points).column();
    if (points.sign === 0) invalid('points', 'must not be zero');
    const profileId = body.profileId;
    if (typeof profileId !== 'string' || profileId === '') invalid('profileId', 'is required');
    for (const field of ['pointType', 'billingEntity', 'reasonCode']) optionalText(body, field);
    const pending = body.setToPending ?? false;
    if (typeof pending !== 'boolean') invalid('setToPending', 'must be a boolean');
    await db.transaction([`member:${profileId}`], (tx) => {
      const row = tx.member(profileId);
      if (!row) throw new VendorError(404, `profileId: no member ${profileId}`, 404);
      const next = pending
        ? { ...row, pending: row.pending.plus(points) }
        : { ...row, available: row.available.plus(points) };
      if (next.available.sign < 0 || next.pending.sign < 0) invalid('points', 'exceeds the points available');
      tx.updateMember(profileId, next);
    });
    const figure = points.abs().toFixed(Math.max(1, points.decimalPlaces));
    return answer(
      200,
      {
        message: 'Member points adjusted',
        errors: {},
        data: {
          Message: `${figure} points ${points.sign > 0 ? 'added' : 'deducted'}`,
          futureDate: false,
          // '' is NULL in Oracle: JSON_OBJECT writes it null (or leaves it out, ABSENT ON NULL).
          ExceptionString: null,
          transactionCode: randomBytes(16).toString('hex').toUpperCase(),
        },
        status: OraNumber.of(200n, 0),
      },
      options.absentOnNull,
    );
  });
}

/** `GET /v1/inquire/:profileId/member-points`, where the reading routes it. */
export function inquiryHandler(db: Database, standby: boolean): Handler {
  return fabricHandler(async (request) => {
    const profileId = request.params.profileId ?? '';
    const row = db.member(profileId, standby);
    if (!row) throw new VendorError(404, `profileId: no member ${profileId}`, 404);
    return answer(200, {
      status: OraNumber.of(200n, 0),
      message: 'Member points',
      errors: {},
      data: [
        {
          profileId,
          pointsBalance: { memberPointsAvailable: row.available, memberPointsPending: row.pending },
        },
      ],
    });
  });
}
