import { randomUUID } from 'node:crypto';
import { type AuthFailureForm, accessDenied } from './auth.ts';
import { FABRIC_REASON_CODES, FABRIC_TOKEN, type Tables } from './data.ts';
import { parseDecimal, railsDecimal } from './decimal.ts';
import {
  blank,
  booleanField,
  Errors,
  Halt,
  ParameterMissing,
  permit,
  RecordNotFound,
  type Rendered,
  type Request,
} from './rails.ts';

/**
 * fabric's MembersController: `authenticate_or_request_with_http_token` (Bearer or Token, the
 * tenant's one API token), the adjustment (`Member.find_by!(profile_id:)` → 404 for a member no
 * one has, the model's 422 for `points` missing or not a number and for an empty string in a
 * `length: { minimum: 1 }, allow_nil: true` column, a reason code outside the tenant's table) and the member inquiry (outside the four
 * documents; left out in one reading: Rails' 404 for an unknown route). Points are decimals:
 * `data.Message` interpolates the BigDecimal ("100.0 points added", as the page's example), the
 * inquiry's figures are BigDecimal strings, timestamps ISO 8601 with milliseconds and `Z`.
 */
/** `requireParams`: `params.require(:points)`, a missing amount ActionController::ParameterMissing's 400. */
export function fabricControllers(tables: Tables, form: AuthFailureForm, requireParams: boolean) {
  const authenticate = (req: Request) => {
    const m = /^(?:Bearer|Token)\s+(?:token=)?"?([^"\s]+)"?$/i.exec(req.headers.authorization ?? '');
    if (m?.[1] !== FABRIC_TOKEN) throw new Halt(accessDenied(form, 'Token'));
  };

  function adjust(req: Request): Rendered {
    authenticate(req);
    if (requireParams && blank(req.params().points))
      throw new ParameterMissing('param is missing or the value is empty: points');
    const errors = new Errors();
    const body = permit(req.params(), errors, [
      'profileId',
      'pointType',
      'billingEntity',
      'points',
      'reasonCode',
      'setToPending',
    ]);
    const pending = booleanField(errors, body, 'setToPending') ?? false;
    const points = blank(body.points) ? undefined : parseDecimal(body.points);
    if (blank(body.points)) errors.add('points', "can't be blank");
    else if (!points || typeof body.points === 'boolean') errors.add('points', 'is not a number');
    for (const field of ['pointType', 'billingEntity', 'reasonCode'])
      if (body[field] !== undefined && body[field] !== null && String(body[field]).length < 1)
        errors.add(field, 'is too short (minimum is 1 character)');
    if (!blank(body.reasonCode) && !FABRIC_REASON_CODES.includes(String(body.reasonCode)))
      errors.add('reasonCode', 'is not included in the list');
    errors.validate();
    const member = tables.members.get(String(body.profileId ?? ''));
    if (!member || !points) throw new RecordNotFound();
    if (pending) member.pending += points.micros;
    else member.available += points.micros;
    member.updatedAt = new Date();
    const amount = railsDecimal(points.micros < 0n ? -points.micros : points.micros);
    const verb = points.micros < 0n ? 'deducted' : pending ? 'added as pending' : 'added';
    return {
      status: 200,
      json: {
        message: 'Member points adjusted',
        errors: {},
        data: {
          Message: `${amount} points ${verb}`,
          futureDate: false,
          ExceptionString: '',
          transactionCode: randomUUID(),
          createdAt: member.updatedAt.toISOString(),
        },
        status: 200,
      },
    };
  }

  function inquire(req: Request): Rendered {
    authenticate(req);
    const member = tables.members.get(req.pathParams.profileId ?? '');
    if (!member) throw new RecordNotFound();
    return {
      status: 200,
      json: {
        message: 'Member points',
        errors: {},
        data: [
          {
            profileId: member.profileId,
            pointsBalance: {
              memberPointsAvailable: railsDecimal(member.available),
              memberPointsPending: railsDecimal(member.pending),
            },
            updatedAt: member.updatedAt.toISOString(),
          },
        ],
        status: 200,
      },
    };
  }

  return { adjust, inquire };
}
