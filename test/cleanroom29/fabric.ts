/**
 * The fabric controllers: the Bearer token checked by a Filter, the body read with play-json and
 * its errors put in fabric's own envelope (`{"message","errors","status"}`, 400), the member row
 * locked for each adjustment. Amounts are BigDecimals kept at three places; the message writes
 * them as a Double, as the page's example does (`100.0 points added`).
 */
import { randomUUID } from 'node:crypto';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { asOracleNumber, javaDoubleText, toMilli } from './decimal.ts';
import { jsonResult, type PlayRequest, type PlayResult } from './play.ts';
import {
  asObject,
  type Js,
  JsDecimal,
  JsErrors,
  readBigDecimal,
  readBoolean,
  readString,
} from './playjson.ts';
import type { OracleStore } from './store.ts';

const envelope = (status: number, message: string, errors: { [key: string]: Js }, data?: Js) =>
  jsonResult(status, { message, errors, data, status });

export class FabricControllers {
  constructor(private readonly store: OracleStore) {}

  /** The Filter: `Authorization: Bearer <token>` and nothing else. */
  authenticate(request: PlayRequest): PlayResult | undefined {
    if (request.headers.authorization === `Bearer ${FABRIC_TOKEN}`) return undefined;
    return envelope(401, 'Unauthorized', { Authorization: ['a valid Bearer token is required'] });
  }

  /** POST /api/v1/members/points-adjustment */
  async adjust(json: unknown): Promise<PlayResult> {
    const errors = new JsErrors();
    const body = asObject(json, errors);
    const points = readBigDecimal(body, 'points', errors);
    const profileId = readString(body, 'profileId', errors, { min: 1 });
    for (const field of ['pointType', 'billingEntity', 'reasonCode'])
      readString(body, field, errors, { min: 1 });
    const pending = readBoolean(body, 'setToPending', errors, false);
    const milli = points && toMilli(points);
    if (points && milli === undefined) errors.add('points', 'error.maxScale', 3);
    if (milli === 0n) errors.add('points', 'error.nonZero');
    if (profileId === undefined && !('profileId' in body)) errors.add('profileId', 'error.path.missing');
    if (!errors.empty || milli === undefined || profileId === undefined)
      return envelope(400, 'Invalid request', errors.toJson());
    if (profileId !== FABRIC_MEMBER)
      return envelope(404, 'Member not found', { profileId: [`no member with profileId ${profileId}`] });
    if (pending && milli < 0n)
      return envelope(400, 'Invalid request', { setToPending: ['a deduction cannot be left pending'] });

    const member = this.store.member;
    const applied = await this.store.forUpdate(member, () => {
      if (pending) member.pending += milli;
      else if (member.available + milli < 0n) return false;
      else member.available += milli;
      return true;
    });
    if (!applied)
      return envelope(422, 'Insufficient points', { points: ['more than the member has available'] });
    const magnitude = milli < 0n ? -milli : milli;
    return envelope(
      200,
      'Member points adjusted',
      {},
      {
        Message: `${javaDoubleText(magnitude)} points ${milli < 0n ? 'deducted' : 'added'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
    );
  }

  /** GET /api/v1/inquire/{profileId}/member-points (outside the four documents). */
  inquire(profileId: string): PlayResult {
    if (profileId !== FABRIC_MEMBER)
      return envelope(404, 'Member not found', { profileId: [`no member with profileId ${profileId}`] });
    const { available, pending } = this.store.member;
    return envelope(200, 'Member points retrieved', {}, [
      {
        billingEntity: 'Company_Club',
        pointsBalance: {
          memberPointsAvailable: new JsDecimal(asOracleNumber(available)),
          memberPointsLocked: new JsDecimal(asOracleNumber(pending)),
          totalPoints: new JsDecimal(asOracleNumber(available + pending)),
        },
      },
    ]);
  }
}
