/**
 * The fabric controllers (routes/api.php, under /api, behind auth:sanctum). A FormRequest
 * validates the adjustment: `profileId` must exist in members, `points` is `numeric` (a numeric
 * string passes, as Laravel's rule lets it) and not zero; pointType, billingEntity and reasonCode
 * are `nullable|string|min:1` plus an implicit rule refusing "": the page's "Minimum length: 1",
 * which Laravel alone would not keep (ConvertEmptyStringsToNull makes "" a null, and the validator
 * skips `min:1` for an empty string), so /api/* is exempt from ConvertEmptyStringsToNull. The member row is locked for the update; a deduction past what is available (or
 * pending) is refused with a 422 on `points`. members.points is DECIMAL(14,3): MySQL rounds a value
 * with more places on write.
 */
import { randomUUID } from 'node:crypto';
import { type SanctumGuard, unauthenticated } from './auth.ts';
import type { MemberRow } from './data.ts';
import { type AppRequest, type HttpAnswer, httpError, json, validate, validationFailed } from './laravel.ts';
import { type RowLocks, roundTrip } from './mysql.ts';
import { decimalFloat, isNumeric, PhpObject } from './php.ts';

/** number_format($n, 1): one place, a comma between thousands. */
const numberFormat = (n: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: true });

export class FabricControllers {
  constructor(
    private readonly guard: SanctumGuard,
    private readonly members: MemberRow[],
    private readonly locks: RowLocks,
  ) {}

  /** POST /api/v1/members/points-adjustment */
  async adjust(req: AppRequest): Promise<HttpAnswer> {
    if (!this.guard.check(req)) return unauthenticated();
    const body = req.input;
    const failures = validate(body, {
      profileId: [
        'required',
        'string',
        (v) =>
          this.members.some((m) => m.profileId === v) ? undefined : 'The selected profile id is invalid.',
      ],
      points: [
        'required',
        'numeric',
        (v) => (isNumeric(v) && Number(v) === 0 ? 'The selected points is invalid.' : undefined),
        (v) =>
          !isNumeric(v) || Math.abs(Number(v)) < 1e11
            ? undefined
            : 'The points field must be between -99999999999 and 99999999999.',
      ],
      pointType: ['nullable', 'filled_if_present', 'string', 'min:1'],
      billingEntity: ['nullable', 'filled_if_present', 'string', 'min:1'],
      reasonCode: ['nullable', 'filled_if_present', 'string', 'min:1'],
      setToPending: ['nullable', 'boolean'],
    });
    if (failures.length > 0) return validationFailed(failures);
    const member = this.members.find((m) => m.profileId === body.profileId)!;
    const points = Number(body.points);
    const pending = body.setToPending === true || body.setToPending === 1 || body.setToPending === '1';
    // MySQL rounds half away from zero to the column's three places.
    const milli = Math.sign(points) * Math.round(Math.abs(points) * 1000);
    return this.locks.transaction([`member:${member.profileId}`], async () => {
      await roundTrip();
      const column = pending ? 'pending' : 'available';
      if (member[column] + milli < 0)
        return validationFailed([
          {
            field: 'points',
            rule: 'custom',
            message: 'The points field exceeds the points available to deduct.',
          },
        ]);
      member[column] += milli;
      await roundTrip();
      return json({
        message: 'Member points adjusted',
        errors: new PhpObject(),
        data: {
          Message: `${numberFormat(Math.abs(points))} points ${points > 0 ? 'added' : 'deducted'}`,
          futureDate: false,
          ExceptionString: '',
          transactionCode: randomUUID(),
        },
        status: 200,
      });
    });
  }

  /** GET /api/v1/inquire/{profileId}/member-points (routed in one deployment only). */
  async inquire(req: AppRequest, params: Record<string, string>): Promise<HttpAnswer> {
    if (!this.guard.check(req)) return unauthenticated();
    await roundTrip();
    const member = this.members.find((m) => m.profileId === params.profileId);
    if (!member) return httpError(404, 'No query results for model [App\\Models\\Member].');
    return json({
      data: [
        {
          profileId: member.profileId,
          pointsBalance: {
            memberPointsAvailable: decimalFloat(member.available),
            memberPointsPending: decimalFloat(member.pending),
          },
        },
      ],
    });
  }
}
