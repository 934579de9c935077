import { randomUUID } from 'node:crypto';
import { bindJson, type GoStruct } from './binding.ts';
import type { Tables } from './data.ts';
import { add, type Dec, decFloat, parseDec } from './decimal.ts';
import { bound } from './envelope.ts';
import type { HandlerFunc } from './gin.ts';
import { GoMap, goFloat, omitEmpty } from './gojson.ts';

/**
 * Clean room twenty-two's fabric handlers. The adjustment binds `Points float64 binding:"required"`,
 * so a zero adjustment is refused as a missing one (validator's `required` is "not the zero
 * value"), and `profileId` is required too (the member to adjust); the optional strings are
 * pointers with `omitempty,min=1` (the page's "Minimum length: 1"). A deduction may not take the
 * member below zero (422 in the envelope). The answer's `errors` is a nil map (`null`) on success,
 * `ExceptionString` is `omitempty`, `data.Message` formats the amount with `%v`. The member inquiry
 * (`/v1/inquire/{profileId}/member-points`) lists one entry; pending points are not available.
 */

const ADJUST: GoStruct = {
  name: 'PointsAdjustmentRequest',
  fields: [
    { go: 'Points', json: 'points', type: 'float64', tags: ['required'] },
    { go: 'ProfileID', json: 'profileId', type: 'string', tags: ['required'] },
    { go: 'PointType', json: 'pointType', type: 'string', pointer: true, tags: ['min=1'] },
    { go: 'BillingEntity', json: 'billingEntity', type: 'string', pointer: true, tags: ['min=1'] },
    { go: 'ReasonCode', json: 'reasonCode', type: 'string', pointer: true, tags: ['min=1'] },
    { go: 'SetToPending', json: 'setToPending', type: 'bool' },
  ],
};

const envelope = (status: number, message: string, errors: GoMap | null, data: unknown) => ({
  message,
  errors,
  data,
  status,
});

export function fabricHandlers(
  tables: Tables,
  float64Ledger: boolean,
): { adjust: HandlerFunc; inquire: HandlerFunc } {
  const members = tables.fabric.members;
  const adjust: HandlerFunc = (c) =>
    bound(c, () => {
      const req = bindJson(ADJUST, c.body);
      const member = members.get(req.profileId as string);
      if (!member)
        return c.json(
          404,
          envelope(404, 'Member not found', new GoMap({ profileId: 'no member with this profileId' }), null),
        );
      const points = parseDec(goFloat(req.points as number)) as Dec;
      const pending = req.setToPending === true;
      if (
        !pending &&
        points.micros < 0n &&
        (float64Ledger ? member.available.f + points.f < 0 : member.available.micros + points.micros < 0n)
      )
        return c.json(
          422,
          envelope(
            422,
            'Insufficient points',
            new GoMap({ points: 'deduction exceeds the available points' }),
            null,
          ),
        );
      if (pending) member.pending = add(member.pending, points);
      else member.available = add(member.available, points);
      const magnitude = goFloat(Math.abs(req.points as number));
      c.json(
        200,
        envelope(200, 'Member points adjusted', null, {
          Message: `${magnitude} points ${(req.points as number) < 0 ? 'deducted' : 'added'}`,
          futureDate: omitEmpty(false), // `json:"futureDate,omitempty"`
          ExceptionString: undefined,
          transactionCode: randomUUID(),
        }),
      );
    });
  const inquire: HandlerFunc = (c) => {
    const member = members.get(c.params.profileId as string);
    if (!member)
      return c.json(
        404,
        envelope(404, 'Member not found', new GoMap({ profileId: 'no member with this profileId' }), null),
      );
    const available = decFloat(member.available, float64Ledger);
    c.json(
      200,
      envelope(200, '', null, [
        {
          totalPoints: decFloat(add(member.available, member.pending), float64Ledger),
          pointsBalance: {
            memberPointsAvailable: available,
            memberPointsPending: decFloat(member.pending, float64Ledger),
          },
        },
      ]),
    );
  };
  return { adjust, inquire };
}
