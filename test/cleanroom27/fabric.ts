import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Db, FABRIC_TOKEN } from './data.ts';
import { add, compare, type Decimal, toFloat, zero } from './decimal.ts';
import { addError, applyOrRaise, cast } from './ecto.ts';
import { PlugError } from './plug.ts';

/**
 * The fabric controllers of the Phoenix service, under /api: the points adjustment the page
 * documents, and the member inquiry beside it. The page documents the 200 answer only, so every
 * refusal takes Phoenix's own forms (422 changeset, 404 and 401 details).
 */

export function authenticateFabric(req: IncomingMessage): void {
  if (req.headers.authorization !== `Bearer ${FABRIC_TOKEN}`) throw new PlugError(401, 'Unauthorized');
}

/** Float.to_string/1 of the amount: `100.0`, `2.5`. */
const floatText = (d: Decimal): string => {
  const n = Math.abs(toFloat(d));
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
};

/** POST /api/v1/members/points-adjustment. */
export function adjustPoints(db: Db, body: Record<string, unknown>): unknown {
  // Strings keep "" (no empty_values): the page gives them "Minimum length: 1".
  const c = cast(
    body,
    {
      points: 'decimal',
      profileId: 'string',
      pointType: 'string',
      billingEntity: 'string',
      reasonCode: 'string',
      setToPending: 'boolean',
    },
    [],
  );
  const points = c.changes.points as Decimal | undefined;
  if (points === undefined && c.errors.points === undefined) addError(c.errors, 'points', "can't be blank");
  if (points !== undefined && compare(points, zero(0)) === 0)
    addError(c.errors, 'points', 'must not be zero');
  if (c.changes.profileId === undefined && c.errors.profileId === undefined)
    addError(c.errors, 'profileId', "can't be blank");
  for (const field of ['profileId', 'pointType', 'billingEntity', 'reasonCode'])
    if (c.changes[field] === '') addError(c.errors, field, 'should be at least 1 character(s)');
  const params = applyOrRaise(c);
  const member = db.fabricMembers.get(params.profileId as string);
  if (member === undefined) throw new PlugError(404, 'Not Found');
  const amount = points as Decimal;
  const adding = compare(amount, zero(0)) > 0;
  if (!adding && compare(add(member.available, amount), zero(0)) < 0)
    applyOrRaise({ changes: {}, errors: { points: ['is greater than the points available'] } });
  if (adding && params.setToPending === true) member.pending = add(member.pending, amount);
  else member.available = add(member.available, amount);
  return {
    message: 'Member points adjusted',
    errors: {},
    data: {
      Message: `${floatText(amount)} points ${adding ? 'added' : 'deducted'}`,
      futureDate: false,
      ExceptionString: '',
      transactionCode: randomUUID(),
    },
    status: 200,
  };
}

/** GET /api/v1/inquire/:profileId/member-points. */
export function memberPoints(db: Db, profileId: string): unknown {
  const member = db.fabricMembers.get(profileId);
  if (member === undefined) throw new PlugError(404, 'Not Found');
  const available = toFloat(member.available);
  return {
    message: 'Member points',
    errors: {},
    data: [
      {
        totalPoints: toFloat(add(member.available, member.pending)),
        // A nil column is written as null: the inquiry's schema allows it for subType.
        pointsByType: [{ pointType: 'Base', points: available, subType: null }],
        pointsBalance: { memberPointsAvailable: available, memberPointsLocked: toFloat(member.pending) },
      },
    ],
    status: 200,
  };
}
