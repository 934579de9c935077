/**
 * The service's fabric controllers: POST /api/v1/members/points-adjustment (Bearer only; the
 * page's envelope `{message, errors, data, status}`) and the member inquiry outside the four
 * documents. The page documents no error answer: bean-validation failures are Micronaut's 400,
 * an unknown member the envelope with status 404.
 */
import { randomUUID } from 'node:crypto';
import { columnText, doubleText, fitsColumn, toColumn } from './bigdecimal.ts';
import { decimal, flag, objectBody, text } from './binding.ts';
import type { FabricMember } from './data.ts';
import { type JsonValue, RawNumber, writeJson } from './jackson.ts';
import { type Answer, constraintViolated, json } from './micronaut.ts';
import type { RowLocks } from './oracle.ts';

const OPTIONAL_TEXTS = ['pointType', 'billingEntity', 'reasonCode'] as const;

export class FabricService {
  constructor(
    private readonly member: FabricMember,
    private readonly locks: RowLocks,
  ) {}

  async adjust(raw: JsonValue): Promise<Answer> {
    const body = objectBody(raw);
    const amount = decimal(body, 'points');
    const profileId = text(body, 'profileId');
    const pending = flag(body, 'setToPending') ?? false;
    if (!amount) throw constraintViolated('request.points', 'must not be null');
    if (profileId === undefined || profileId === '')
      throw constraintViolated('request.profileId', 'must not be blank');
    for (const field of OPTIONAL_TEXTS) {
      const value = text(body, field);
      if (value === '') throw constraintViolated(`request.${field}`, 'size must be between 1 and 2147483647');
    }
    const points = toColumn(amount);
    if (points === 0n) throw constraintViolated('request.points', 'must not be zero');
    if (!fitsColumn(points))
      throw constraintViolated(
        'request.points',
        'numeric value out of bounds (<11 digits>.<4 digits> expected)',
      );
    if (profileId !== this.member.profileId) return memberNotFound(profileId);
    return this.locks.forUpdate(`fabric:${profileId}`, () => {
      if (pending) this.member.pending += points;
      else this.member.available += points;
      const magnitude = points < 0n ? -points : points;
      return json(
        200,
        writeJson({
          message: 'Member points adjusted',
          errors: {},
          data: {
            Message: `${doubleText(magnitude)} points ${points < 0n ? 'deducted' : 'added'}`,
            futureDate: false,
            ExceptionString: '',
            transactionCode: randomUUID(),
          },
          status: 200,
        }),
      );
    });
  }

  inquire(profileId: string): Answer {
    if (profileId !== this.member.profileId) return memberNotFound(profileId);
    return json(
      200,
      writeJson({
        data: [
          {
            profileId,
            pointsBalance: {
              memberPointsAvailable: new RawNumber(columnText(this.member.available)),
              memberPointsPending: new RawNumber(columnText(this.member.pending)),
            },
          },
        ],
      }),
    );
  }
}

function memberNotFound(profileId: string): Answer {
  return json(
    404,
    writeJson({
      message: 'Member not found',
      errors: { profileId: `No member with profileId ${profileId}` },
      data: null,
      status: 404,
    }),
  );
}
