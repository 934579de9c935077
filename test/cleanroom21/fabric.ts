import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FabricMember, Tables } from './data.ts';
import { formatScaled, toThousandths } from './decimal.ts';
import { bindBody, sendChallenge, sendJson, sendProblem } from './kestrel.ts';
import { addError, Bound, dec, type ModelState } from './stj.ts';

/**
 * fabric's adjustment and member inquiry behind ASP.NET Core's JwtBearer handler: no token is a
 * bare `WWW-Authenticate: Bearer` challenge, a wrong one `Bearer error="invalid_token"`, both 401
 * with no body. The body is validated as a DTO ([Required] points, [MinLength(1)] strings, a JSON
 * boolean setToPending; 0 points refused): 400 ValidationProblemDetails. profileIds are GUIDs,
 * parsed as Guid.TryParse does (any case, with or without braces). Balances are decimal(18,3) and
 * may go below zero (the page sets no floor: "Can be positive or negative"); pending points stay
 * pending for the whole run. Timestamps as DateTimeOffset writes them: seven fractional digits
 * and `+00:00`.
 */

function guidOf(text: string): string | undefined {
  const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(text.trim());
  return m?.[1]?.toLowerCase();
}

/** DateTimeOffset.UtcNow in the round-trip format: `2026-12-03T17:40:56.1234567+00:00`. */
export function roundTrip(now: Date, ticks: number): string {
  const iso = now.toISOString().slice(0, 23);
  return `${iso}${String(ticks % 10_000).padStart(4, '0')}+00:00`;
}

export class Fabric {
  private count = 0;

  constructor(
    private readonly tables: Tables,
    private readonly token: string,
    private readonly seed: number,
  ) {}

  private authorised(req: IncomingMessage, res: ServerResponse): boolean {
    const m = /^bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (m && m[1] === this.token) return true;
    sendChallenge(res, m ? 'Bearer error="invalid_token"' : 'Bearer');
    return false;
  }

  private member(res: ServerResponse, profileId: string): FabricMember | undefined {
    const guid = guidOf(profileId);
    const member = guid ? this.tables.fabricMembers.get(guid) : undefined;
    if (!member)
      sendJson(res, 404, {
        message: 'Member not found',
        errors: { profileId: `No member with profileId ${profileId}` },
        data: null,
        status: 404,
      });
    return member;
  }

  /** POST v1/members/points-adjustment */
  async adjust(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.authorised(req, res)) return;
    const body = await bindBody(req, res);
    if (!body) return;
    const b = new Bound(body);
    const points = b.decimal('points');
    const profileId = b.string('profileId');
    const pointType = b.string('pointType');
    const texts = ['pointType', 'billingEntity', 'reasonCode'].map((n) => [n, b.string(n)] as const);
    const pending = b.bool('setToPending') ?? false;
    const state: ModelState = { ...b.state };
    if (!b.has('points')) addError(state, 'Points', 'The Points field is required.');
    else if (points && points.units === 0n) addError(state, 'Points', 'The field Points must not be zero.');
    if (points && points.scale > 3)
      addError(state, 'Points', 'The field Points must have at most 3 decimal places.');
    if (!profileId) addError(state, 'ProfileId', 'The ProfileId field is required.');
    for (const [name, value] of texts)
      if (value === '') {
        const field = name.charAt(0).toUpperCase() + name.slice(1);
        addError(
          state,
          field,
          `The field ${field} must be a string or array type with a minimum length of '1'.`,
        );
      }
    if (Object.keys(state).length > 0 || !points || !profileId) return sendProblem(res, 400, state);
    const member = this.member(res, profileId);
    if (!member) return;
    const value = toThousandths(points);
    if (pending) member.pending += value;
    else {
      member.available += value;
      if (value > 0n) member.earned += value;
      else member.deducted -= value;
    }
    this.count += 1;
    const abs = value < 0n ? -value : value;
    const shown = formatScaled(abs, 3).replace(/0{1,2}$/, '');
    sendJson(res, 200, {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${shown} points ${value > 0n ? 'added' : 'deducted'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: this.transactionCode(),
        pointType: pointType ?? null,
        createdAt: roundTrip(new Date(), this.seed * 7919 + this.count * 104_729),
      },
      status: 200,
    });
  }

  /** GET v1/inquire/{profileId}/member-points */
  inquire(req: IncomingMessage, res: ServerResponse, profileId: string): void {
    if (!this.authorised(req, res)) return;
    const member = this.member(res, profileId);
    if (!member) return;
    sendJson(res, 200, {
      message: '',
      errors: {},
      data: [
        {
          totalPoints: dec(member.available + member.pending),
          pointsByType: [{ pointType: 'Base', points: dec(member.available), subType: null }],
          pointsBalance: {
            memberPointsEarned: dec(member.earned),
            memberPointsDeducted: dec(member.deducted),
            memberPointsUsed: dec(0n),
            memberPointsExpired: dec(0n),
            memberPointsAvailable: dec(member.available),
            memberPointsLocked: dec(0n),
            memberPointsPending: dec(member.pending),
          },
        },
      ],
      status: 200,
    });
  }

  /** A Guid-shaped transaction code, derived from the seed so a reading repeats. */
  private transactionCode(): string {
    const h = createHash('sha1').update(`${this.seed}:${this.count}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
