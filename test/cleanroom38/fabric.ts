import { randomUUID } from 'node:crypto';
import type { MuleResponse, Operation, Validated } from './apikit.ts';
import { asNumber, plain, signum } from './dataweave.ts';
import { fabricError, handleFabric, json } from './errors.ts';
import { asJsonNumber, checked, toDecimal4 } from './mssql.ts';
import { FABRIC_BODY } from './oas.ts';
import type { Tables } from './tables.ts';

/**
 * fabric's points adjustment behind its own APIkit router (listener path `/api/*`): a positive
 * `points` adds, a negative one deducts (refused past the available points: the page does not say a
 * member may go below zero), `setToPending` books into the pending column, and the answer is the
 * page's envelope, its Message built by DataWeave from the number as sent ("100 points added").
 * Routed only in deployments that added it to the spec: the member inquiry.
 */
export interface FabricOptions {
  /** Whether this deployment's spec has GET /v1/inquire/{profileId}/member-points. */
  readonly inquiry?: boolean;
}

export class FabricFlows {
  constructor(
    private readonly tables: Tables,
    private readonly options: FabricOptions,
  ) {}

  operations(): Operation[] {
    const operations: Operation[] = [
      {
        method: 'POST',
        path: '/api/v1/members/points-adjustment',
        body: FABRIC_BODY,
        flow: (input) => this.adjust(input),
        handle: handleFabric,
      },
    ];
    if (this.options.inquiry)
      operations.push({
        method: 'GET',
        path: '/api/v1/inquire/{profileId}/member-points',
        flow: async (input) => this.inquire(input),
        handle: handleFabric,
      });
    return operations;
  }

  private async adjust(input: Validated): Promise<MuleResponse> {
    const { body } = input;
    const points = asNumber(body.points, 'points');
    if (signum(points) === 0) throw fabricError(400, 'Invalid points', { points: 'points cannot be zero' });
    if (typeof body.profileId !== 'string')
      throw fabricError(400, 'Invalid member', { profileId: 'required' });
    const member = this.tables.member(body.profileId);
    if (!member) throw fabricError(404, 'Member not found', { profileId: body.profileId });
    const units = toDecimal4(points);
    const pending = body.setToPending === true;
    await this.tables.db.transaction(`member:${body.profileId.toLowerCase()}`, () => {
      const current = pending ? member.pending : member.available;
      if (current + units < 0n)
        throw fabricError(400, 'Insufficient points', { points: 'exceeds available points' });
      if (pending) member.pending = checked(member.pending + units);
      else member.available = checked(member.available + units);
    });
    const size =
      signum(points) < 0 ? plain({ unscaled: -points.unscaled, scale: points.scale }) : plain(points);
    return json(200, {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${size} points ${signum(points) < 0 ? 'deducted' : 'added'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    });
  }

  private inquire(input: Validated): MuleResponse {
    const profileId = input.uriParams.profileId ?? '';
    const member = this.tables.member(profileId);
    if (!member) throw fabricError(404, 'Member not found', { profileId });
    return json(200, {
      data: [
        {
          profileId,
          pointsBalance: {
            memberPointsAvailable: asJsonNumber(member.available),
            memberPointsPending: asJsonNumber(member.pending),
          },
        },
      ],
    });
  }
}
