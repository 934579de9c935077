import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { FABRIC_TOKEN } from './data.ts';
import { numberText, placesOf, toDouble, toUnits } from './decimal.ts';
import type { Ledger, Member } from './ledger.ts';
import { decode, type Field, message } from './protojson.ts';
import { Code, invalid, RpcError } from './status.ts';

/**
 * The Go service's fabric RPCs under /api. pointType, billingEntity and reasonCode are proto3
 * `optional string` so that `""` can be told from an absent field and refused (the page's
 * "Minimum length: 1"); `points` is a plain double, so an absent one reads as 0 and is refused.
 */

const SCALE = 2;

const ADJUST_FIELDS: readonly Field[] = [
  { json: 'profileId', proto: 'profile_id', kind: 'string' },
  { json: 'pointType', proto: 'point_type', kind: 'string' },
  { json: 'billingEntity', proto: 'billing_entity', kind: 'string' },
  { json: 'points', proto: 'points', kind: 'double' },
  { json: 'reasonCode', proto: 'reason_code', kind: 'string' },
  { json: 'setToPending', proto: 'set_to_pending', kind: 'bool' },
];

const pgv = (field: string, rule: string) => invalid(`invalid AdjustPointsRequest.${field}: ${rule}`);

/** The bearer token, checked by the service's interceptor. */
export function checkBearer(headers: IncomingHttpHeaders): void {
  if (headers.authorization !== `Bearer ${FABRIC_TOKEN}`)
    throw new RpcError(Code.UNAUTHENTICATED, 'invalid or missing bearer token');
}

function memberOf(ledger: Ledger, profileId: string): Member {
  const member = ledger.members.get(profileId);
  if (!member) throw new RpcError(Code.NOT_FOUND, `member ${profileId} not found`);
  return member;
}

/** POST /api/v1/members/points-adjustment */
export async function adjust(ledger: Ledger, headers: IncomingHttpHeaders, body: string): Promise<unknown> {
  checkBearer(headers);
  const request = decode(body, ADJUST_FIELDS);
  for (const [json, field] of [
    ['profileId', 'ProfileId'],
    ['pointType', 'PointType'],
    ['billingEntity', 'BillingEntity'],
    ['reasonCode', 'ReasonCode'],
  ] as const)
    if (request[json] === '') throw pgv(field, 'value length must be at least 1 runes');
  if (request.profileId === undefined) throw pgv('ProfileId', 'value length must be at least 1 runes');
  const points = (request.points as number | undefined) ?? 0;
  if (!Number.isFinite(points)) throw pgv('Points', 'value must be a finite number');
  if (points === 0) throw pgv('Points', 'value must not be equal to 0');
  const text = numberText(points);
  if ((placesOf(text) ?? 0) > SCALE) throw pgv('Points', `value must have at most ${SCALE} decimal places`);
  const member = memberOf(ledger, String(request.profileId));
  const pending = request.setToPending === true;
  const units = toUnits(text, SCALE);
  return ledger.forUpdate(`member/${request.profileId}`, () => {
    const bucket = pending ? 'pending' : 'available';
    if (member[bucket] + units < 0n)
      throw new RpcError(Code.FAILED_PRECONDITION, 'points to deduct exceed the member points available');
    member[bucket] += units;
    const amount = Math.abs(points).toFixed(1);
    // futureDate (bool) and ExceptionString ("") are left out at their zero values; `Message` and
    // `ExceptionString` carry json_name options, the example's capitals.
    return message({
      message: 'Member points adjusted',
      errors: {},
      data: message({
        Message: `${amount} points ${points > 0 ? 'added' : 'deducted'}`,
        futureDate: pending,
        ExceptionString: '',
        transactionCode: randomUUID(),
      }),
      status: 200,
    });
  });
}

/** GET /api/v1/inquire/{profileId}/member-points */
export async function inquire(
  ledger: Ledger,
  headers: IncomingHttpHeaders,
  profileId: string,
): Promise<unknown> {
  checkBearer(headers);
  const member = memberOf(ledger, profileId);
  return {
    data: [
      message({
        profileId,
        pointsBalance: message(
          {
            memberPointsAvailable: toDouble(member.available, SCALE),
            memberPointsPending: toDouble(member.pending, SCALE),
          },
          ['memberPointsAvailable'],
        ),
      }),
    ],
  };
}
