import { randomUUID } from 'node:crypto';
import { FABRIC_TOKEN, type Member } from './data.ts';
import { pyFloat } from './decimal.ts';
import { INVALID_JSON, json, type Reply, webargsError } from './flask.ts';
import type { RowLocks } from './ledger.ts';
import { PyFloat } from './pyjson.ts';
import { load } from './webargs.ts';

/** The fabric blueprint: Bearer only, the {status, message, errors, data} envelope. */
export class FabricViews {
  constructor(
    private readonly members: Map<string, Member>,
    private readonly locks: RowLocks,
  ) {}

  /** The 401 to answer, or undefined for the tenant's token. */
  refuse(authorization: string | undefined): Reply | undefined {
    if (authorization === `Bearer ${FABRIC_TOKEN}`) return undefined;
    return json(401, {
      data: {},
      errors: { authorization: ['Missing or invalid bearer token.'] },
      message: 'Unauthorized',
      status: 401,
    });
  }

  /** POST /api/v1/members/points-adjustment */
  async adjust(body: unknown): Promise<Reply> {
    if (body === undefined) return INVALID_JSON;
    const parsed = load(
      {
        profileId: { kind: 'str', required: true },
        points: { kind: 'number', required: true },
        pointType: { kind: 'str', allowNone: true, minLength: 1 },
        billingEntity: { kind: 'str', allowNone: true, minLength: 1 },
        reasonCode: { kind: 'str', allowNone: true, minLength: 1 },
        setToPending: { kind: 'bool' },
      },
      body,
    );
    if (!parsed.ok) return webargsError('json', parsed.errors);
    const d = parsed.data;
    const member = this.members.get(d.profileId as string);
    if (!member)
      return json(404, {
        data: {},
        errors: { profileId: ['Member not found.'] },
        message: 'Member not found',
        status: 404,
      });
    const points = d.points as number;
    const millis = Math.round(points * 1000);
    const pending = d.setToPending === true;
    return this.locks.forUpdate(0, () => {
      if (pending) member.pending += millis;
      else member.available += millis;
      const verb = points < 0 ? 'deducted' : 'added';
      return json(200, {
        message: 'Member points adjusted',
        errors: {},
        data: {
          Message: `${pyFloat(Math.abs(millis) / 1000)} points ${verb}`,
          futureDate: pending,
          ExceptionString: '',
          transactionCode: randomUUID(),
        },
        status: 200,
      });
    });
  }

  /** GET /api/v1/inquire/{profileId}/member-points */
  inquire(profileId: string): Reply {
    const member = this.members.get(profileId);
    if (!member)
      return json(404, {
        data: [],
        errors: { profileId: ['Member not found.'] },
        message: 'Member not found',
        status: 404,
      });
    return json(200, {
      data: [
        {
          profileId,
          pointsBalance: {
            memberPointsAvailable: new PyFloat(member.available / 1000),
            memberPointsPending: new PyFloat(member.pending / 1000),
          },
        },
      ],
    });
  }
}
