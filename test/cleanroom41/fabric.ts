import { randomUUID } from 'node:crypto';
import { FABRIC_TOKEN } from './data.ts';
import { Decimal } from './decimal.ts';
import { ApexException } from './errors.ts';
import { ApexNumber, asMap, asString, deserializeUntyped, type Serializable, serialize } from './json.ts';
import type { RestRequest, RestResponse } from './platform.ts';
import { numberField, type Storage, soqlEquals } from './storage.ts';

export interface FabricOptions {
  /** `record-id` (default): the inserted Adjustment__c's Id; `uuid`: a UUID the vendor makes. */
  readonly transactionCode?: 'record-id' | 'uuid';
  /** The member inquiry's class deployed (else the platform's 404 answers it). */
  readonly inquiry?: boolean;
  /**
   * The Bearer is a connected app's OAuth token the platform checks itself: a bad one is the
   * platform's 401 INVALID_SESSION_ID array, never the class's envelope.
   */
  readonly sessionAuth?: boolean;
  /** `Decimal.valueOf(String.valueOf(points))`: a numeric string taken as its number. */
  readonly laxPoints?: boolean;
}

/** The platform's session check for the fabric classes, when the reading has one. */
export function fabricSession(options: FabricOptions) {
  return options.sessionAuth
    ? (authorization: string | undefined) => authorization === `Bearer ${FABRIC_TOKEN}`
    : undefined;
}

/** fabric's envelope, the page's only documented shape, for errors too. */
function envelope(status: number, message: string, errors: Serializable, data: Serializable): RestResponse {
  return { statusCode: status, responseBody: serialize({ message, errors, data, status }) };
}

class FabricError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

function bearer(req: RestRequest): void {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m || m[1] !== FABRIC_TOKEN) throw new FabricError(401, 'Unauthorized', 'authorization');
}

/** `(String) body.get(field)` where the page gives minLength 1: null allowed, "" refused. */
function optionalText(body: Map<string, unknown>, field: string): string | null {
  const value = asString(body.get(field) as never);
  if (value === '') throw new FabricError(400, `${field} must not be empty`, field);
  return value;
}

function guarded(work: (req: RestRequest) => Promise<RestResponse>) {
  return async (req: RestRequest): Promise<RestResponse> => {
    try {
      return await work(req);
    } catch (error) {
      if (error instanceof FabricError)
        return envelope(error.status, error.message, { [error.field]: error.message }, null);
      if (error instanceof ApexException)
        return envelope(400, 'Invalid request', { request: `${error.type}: ${error.message}` }, null);
      throw error;
    }
  };
}

/** POST /api/v1/members/points-adjustment (@HttpPost of MemberPointsAdjustment). */
export function adjustmentMethod(storage: Storage, options: FabricOptions) {
  return guarded(async (req) => {
    bearer(req);
    const body = asMap(deserializeUntyped(req.requestBody));
    const raw = body.get('points');
    if (raw === undefined || raw === null) throw new FabricError(400, 'points is required', 'points');
    const number =
      raw instanceof ApexNumber
        ? raw.value
        : options.laxPoints && typeof raw === 'string'
          ? Decimal.valueOf(raw)
          : null;
    if (!number) throw new FabricError(400, 'points must be a number', 'points');
    const points = numberField(number);
    if (points.sign === 0) throw new FabricError(400, 'points must not be zero', 'points');
    for (const field of ['pointType', 'billingEntity', 'reasonCode']) optionalText(body, field);
    const pending = body.get('setToPending') ?? false;
    if (typeof pending !== 'boolean')
      throw new FabricError(400, 'setToPending must be a boolean', 'setToPending');
    const profileId = asString(body.get('profileId'));
    if (profileId === null || profileId === '')
      throw new FabricError(400, 'profileId is required', 'profileId');
    const key = [...storage.members.keys()].find((k) => soqlEquals(k, profileId, false));
    if (key === undefined) throw new FabricError(404, 'Member not found', 'profileId');
    const transactionCode = await storage.forUpdate(`member:${key}`, () => {
      const member = storage.members.get(key);
      if (!member) throw new FabricError(404, 'Member not found', 'profileId');
      if (pending) member.pending = numberField(member.pending.add(points));
      else member.available = numberField(member.available.add(points));
      return options.transactionCode === 'uuid' ? randomUUID() : storage.newId('a0F');
    });
    return envelope(
      200,
      'Member points adjusted',
      {},
      {
        Message: `${points.abs()} points ${points.sign > 0 ? 'added' : 'deducted'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode,
      },
    );
  });
}

/** GET /api/v1/inquire/{profileId}/member-points (@HttpGet of MemberPointsInquiry, urlMapping '/api/v1/inquire/*'). */
export function inquiryMethod(storage: Storage) {
  return guarded(async (req) => {
    bearer(req);
    const m = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(req.requestURI);
    const profileId = decodeURIComponent(m?.[1] ?? '');
    const key = [...storage.members.keys()].find((k) => soqlEquals(k, profileId, false));
    const member = key === undefined ? undefined : storage.members.get(key);
    if (!m || !key || !member) throw new FabricError(404, 'Member not found', 'profileId');
    return envelope(200, 'Member points', {}, [
      {
        profileId: key,
        pointsBalance: { memberPointsAvailable: member.available, memberPointsPending: member.pending },
      },
    ]);
  });
}
