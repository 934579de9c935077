import { randomUUID } from 'node:crypto';
import type { Buddy } from './auth.ts';
import type { Database } from './db.ts';
import { BigDec, type JDouble, JLong, type Json } from './jackson.ts';
import { boolean, coerceBody, number, orNil, string } from './malli.ts';
import { HttpResponse, ok, type RingRequest, type RingResponse } from './ring.ts';

/**
 * fabric's points adjustment in the same service (an `/api` context behind nginx): the page's
 * envelope `{message, errors, data, status}` on success, the same envelope for the service's own
 * refusals (no page gives one), points kept in NUMERIC(14, 4) columns and echoed as Clojure writes a
 * `(double points)`: `100.0 points added`. The member inquiry is routed only where the deployment
 * has it.
 */
const refuse = (status: number, message: string, errors: Record<string, Json>): never => {
  throw new HttpResponse({
    status,
    body: { message, errors, data: null, status: new JLong(BigInt(status)) },
  });
};

const decimalOf = (value: Json): BigDec =>
  value instanceof JLong
    ? BigDec.long(value.value)
    : value instanceof BigDec
      ? value
      : (BigDec.of(String((value as JDouble).value)) ?? BigDec.long(0));

/** Java's `(str (double x))` of a BigDecimal amount. */
const doubleText = (value: BigDec): string => {
  const d = value.toNumber();
  if (Math.abs(d) >= 1e-3 && Math.abs(d) < 1e7) {
    const t = String(d);
    return t.includes('.') ? t : `${t}.0`;
  }
  const [m = '', e = '0'] = d.toExponential().split('e');
  return `${m.includes('.') ? m : `${m}.0`}E${Number(e)}`;
};

export class Fabric {
  constructor(
    private readonly db: Database,
    private readonly buddy: Buddy,
  ) {}

  /** POST /api/v1/members/points-adjustment. */
  async adjust(req: RingRequest): Promise<RingResponse> {
    this.buddy.fabric(req);
    const body = coerceBody(req.bodyParams, {
      points: { schema: number },
      profileId: { schema: string({ min: 1 }), optional: true },
      pointType: { schema: orNil(string({ min: 1 })), optional: true },
      billingEntity: { schema: orNil(string({ min: 1 })), optional: true },
      reasonCode: { schema: orNil(string({ min: 1 })), optional: true },
      setToPending: { schema: boolean, optional: true },
    });
    const points = decimalOf(body.points as Json);
    if (points.signum() === 0) refuse(400, 'Points cannot be zero', { points: 'must not be zero' });
    if (body.profileId === undefined) refuse(400, 'profileId is required', { profileId: 'is required' });
    const profileId = body.profileId as string;
    const pending = body.setToPending === true;
    if (pending && points.signum() < 0)
      refuse(400, 'Only an addition can be set to pending', { setToPending: 'not allowed for a deduction' });
    await this.db.transaction(async (tx) => {
      await tx.forUpdate('fabric_member', profileId);
      const member =
        this.db.fabric.get(profileId) ?? refuse(404, 'Member not found', { profileId: 'not found' });
      const before = { ...member };
      tx.onRollback(() => Object.assign(member, before));
      if (pending) member.pending = member.pending.add(points).setScale(4);
      else {
        if (member.available.add(points).signum() < 0)
          refuse(422, 'Insufficient points', { points: 'exceeds the points available' });
        member.available = member.available.add(points).setScale(4);
      }
    });
    const abs = points.signum() < 0 ? points.subtract(points).subtract(points) : points;
    return ok({
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${doubleText(abs)} points ${points.signum() < 0 ? 'deducted' : 'added'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: new JLong(200n),
    });
  }

  /** GET /api/v1/inquire/:profileId/member-points (outside the four pages). */
  async inquire(req: RingRequest): Promise<RingResponse> {
    this.buddy.fabric(req);
    const profileId = req.pathParams.profileId ?? '';
    const member =
      this.db.fabric.get(profileId) ?? refuse(404, 'Member not found', { profileId: 'not found' });
    return ok({
      message: 'Member points',
      errors: {},
      data: [
        {
          profileId,
          pointsBalance: { memberPointsAvailable: member.available, memberPointsPending: member.pending },
        },
      ],
      status: new JLong(200n),
    });
  }
}
