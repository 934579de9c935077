import { randomUUID } from 'node:crypto';
import { fabricBearer } from './auth.ts';
import { fromNumeric, NUMERIC_LIMIT, numericOfDouble } from './decimal.ts';
import type { Database } from './fluent.ts';
import { Keyed, number, swiftDouble } from './foundation.ts';
import { Abort, content, type Request } from './vapor.ts';

/**
 * fabric's adjustment as a Vapor controller: `points` a Swift `Double` (so the answer's Message reads
 * "100.0 points added"), the nullable strings validated `count >= 1` by Vapor's Validatable (400
 * `{"error":true,…}`: the page gives no error body), a deduction past what the member has refused,
 * `transactionCode` a Foundation `UUID().uuidString` (upper case). The member inquiry, outside the
 * four documents, is routed only where a deployment has it.
 */
export interface FabricOptions {
  /** The member's points in DOUBLE PRECISION columns, added as Doubles and encoded as Doubles. */
  readonly fabricDouble?: boolean;
}

export class FabricController {
  constructor(
    private readonly db: Database,
    private readonly options: FabricOptions = {},
  ) {}

  /** POST /api/v1/members/points-adjustment */
  async adjust(req: Request) {
    fabricBearer(req);
    const body = Keyed.of(content(req));
    const points = body.double('points');
    const profileId = body.string('profileId');
    const optional = ['pointType', 'billingEntity', 'reasonCode'].map(
      (key) => [key, body.string(key)] as const,
    );
    const pending = body.bool('setToPending') ?? false;
    if (points === undefined) throw new Abort(400, "Value required for key 'points'.");
    for (const [key, value] of optional)
      if (value !== undefined && value.length < 1)
        throw new Abort(400, `${key} is less than minimum of 1 character(s)`);
    if (points === 0) throw new Abort(400, 'points must not be zero');
    if (!profileId) throw new Abort(400, 'profileId is required');
    const amount = numericOfDouble(points);
    if (amount === 0n || amount >= NUMERIC_LIMIT || amount <= -NUMERIC_LIMIT)
      throw new Abort(400, 'points is out of range');
    await this.db.transaction(`member:${profileId}`, () =>
      this.options.fabricDouble
        ? this.applyDouble(profileId, points, pending)
        : this.apply(profileId, amount, pending),
    );
    const verb = points > 0 ? 'added' : 'deducted';
    return {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${swiftDouble(Math.abs(points))} points ${verb}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID().toUpperCase(),
      },
      status: 200,
    };
  }

  private async apply(profileId: string, amount: bigint, pending: boolean): Promise<void> {
    const member = await this.db.member(profileId);
    if (!member) throw new Abort(404, 'Member not found');
    const balance = pending ? member.pending : member.available;
    if (balance + amount < 0n) throw new Abort(400, 'Insufficient points');
    if (balance + amount >= NUMERIC_LIMIT) throw new Abort(400, 'points is out of range');
    if (pending) member.pending += amount;
    else member.available += amount;
  }

  /** Double arithmetic: 4200.3 + 0.1 is 4200.400000000001, and so it is stored. */
  private async applyDouble(profileId: string, points: number, pending: boolean): Promise<void> {
    const member = await this.db.memberDouble(profileId);
    if (!member) throw new Abort(404, 'Member not found');
    const balance = pending ? member.pending : member.available;
    if (balance + points < 0) throw new Abort(400, 'Insufficient points');
    if (pending) member.pending += points;
    else member.available += points;
  }

  /** GET /api/v1/inquire/:profileId/member-points */
  async inquire(req: Request) {
    fabricBearer(req);
    const profileId = req.params.profileId ?? '';
    if (this.options.fabricDouble) {
      const member = await this.db.memberDouble(profileId);
      if (!member) throw new Abort(404, 'Member not found');
      return {
        data: [
          {
            profileId,
            pointsBalance: { memberPointsAvailable: member.available, memberPointsPending: member.pending },
          },
        ],
      };
    }
    const member = await this.db.member(profileId);
    if (!member) throw new Abort(404, 'Member not found');
    return {
      data: [
        {
          profileId,
          pointsBalance: {
            memberPointsAvailable: number(fromNumeric(member.available)),
            memberPointsPending: number(fromNumeric(member.pending)),
          },
        },
      ],
    };
  }
}
