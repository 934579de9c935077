/**
 * The fabric tenant: UUID members, reason codes of its own (the example's 7502 is not one), a long
 * pending period (pending points never mature while the provider runs), deductions past the
 * available points refused. FastAPI's HTTPBearer answers a missing Authorization with 403
 * `{"detail": "Not authenticated"}`; a wrong token is the tenant's 401.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { FABRIC } from './data.ts';
import { bool, float, jsonBody, Problems, str } from './pydantic.ts';
import { floatRepr, PyFloat } from './pyjson.ts';
import { type Reply, unprocessable } from './reply.ts';

interface Member {
  available: number;
  pending: number;
}

const fail = (status: number, message: string, errors: Record<string, string>): Reply => ({
  status,
  body: { status, message, errors, data: {} },
});

export class Fabric {
  private readonly members = new Map<string, Member>(
    FABRIC.members.map((m, i) => [m, { available: 250 + i * 100, pending: 0 }]),
  );

  authorize(headers: IncomingHttpHeaders): Reply | undefined {
    const auth = headers.authorization;
    if (auth === undefined) return { status: 403, body: { detail: 'Not authenticated' } };
    const bearer = /^Bearer (.+)$/.exec(auth);
    if (bearer?.[1] === FABRIC.token) return undefined;
    return {
      status: 401,
      body: { detail: 'Invalid authentication credentials' },
      headers: { 'www-authenticate': 'Bearer' },
    };
  }

  adjust(text: string): Reply {
    const p = new Problems();
    const body = jsonBody(p, text);
    if (body.points === undefined && p.items.length === 0)
      p.add(['body', 'points'], 'missing', 'Field required', body);
    if (body.points === null) p.add(['body', 'points'], 'float_type', 'Input should be a valid number', null);
    const points = float(p, ['body', 'points'], body.points);
    const profileId = str(p, ['body', 'profileId'], body.profileId);
    const fields = ['pointType', 'billingEntity', 'reasonCode'].map((f) => {
      const v = str(p, ['body', f], body[f]);
      if (v === '') p.add(['body', f], 'string_too_short', 'String should have at least 1 character', v);
      return v;
    });
    const pending = bool(p, ['body', 'setToPending'], body.setToPending) ?? false;
    if (p.items.length > 0) return unprocessable(p.items);
    const [, billingEntity, reasonCode] = fields;
    if (profileId === undefined) return fail(400, 'profileId is required', { profileId: 'required' });
    const member = this.members.get(profileId);
    if (!member) return fail(404, 'Member not found', { profileId: `no member ${profileId}` });
    if (points === 0 || points === undefined) return fail(400, 'Points must not be zero', { points: 'zero' });
    if (billingEntity !== undefined && !FABRIC.billingEntities.includes(billingEntity))
      return fail(400, 'Unknown billing entity', { billingEntity: `unknown ${billingEntity}` });
    if (reasonCode !== undefined && !FABRIC.reasonCodes.includes(reasonCode))
      return fail(400, 'Unknown reason code', { reasonCode: `unknown reason code ${reasonCode}` });
    if (pending && points < 0)
      return fail(400, 'Only additions can be pending', { setToPending: 'additions only' });
    if (points < 0 && -points > member.available)
      return fail(400, 'Insufficient points', {
        points: `only ${floatRepr(member.available)} points available`,
      });
    if (pending) member.pending += points;
    else member.available += points;
    const verb = points > 0 ? 'added' : 'deducted';
    return {
      status: 200,
      body: {
        message: 'Member points adjusted',
        errors: {},
        data: {
          Message: `${floatRepr(Math.abs(points))} points ${verb}${pending ? ' as pending' : ''}`,
          futureDate: pending,
          ExceptionString: '',
          transactionCode: randomUUID(),
        },
        status: 200,
      },
    };
  }

  inquire(profileId: string): Reply {
    const member = this.members.get(profileId);
    if (!member) return fail(404, 'Member not found', { profileId: `no member ${profileId}` });
    return {
      status: 200,
      body: {
        status: 200,
        message: 'Member points',
        errors: {},
        data: [
          {
            profileId,
            pointsBalance: {
              memberPointsAvailable: new PyFloat(member.available),
              memberPointsPending: new PyFloat(member.pending),
            },
          },
        ],
      },
    };
  }
}
