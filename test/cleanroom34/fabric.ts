import { randomUUID } from 'node:crypto';
import { type D1, sqliteRound } from './d1.ts';
import type { FabricMemberRow } from './data.ts';
import { json, jsonTarget, validate, type WorkerRequest, type WorkerResponse, z } from './hono.ts';

/**
 * fabric's points adjustment (and, where the deployment has it, the member inquiry, an endpoint
 * outside the four documents). Points are REAL, each write rounded to six places so no double
 * drift shows; a member unknown is 404 in the page's envelope; the schema's refusals are zod's.
 */
const adjustment = z.object({
  points: z.number({ nonZero: true }),
  profileId: z.string({ min: 1 }),
  pointType: z.nullish(z.string({ min: 1 })),
  billingEntity: z.nullish(z.string({ min: 1 })),
  reasonCode: z.nullish(z.string({ min: 1 })),
  setToPending: z.optional(z.boolean()),
});

const unknownMember = (profileId: string) =>
  json(
    {
      message: 'Member not found',
      errors: { profileId: `No member with profileId ${profileId}` },
      data: {},
      status: 404,
    },
    404,
  );

/** `100.0` as the page's example writes a whole amount; others as JS prints them. */
const shown = (points: number) => (Number.isInteger(points) ? points.toFixed(1) : String(points));

export class FabricHandlers {
  constructor(
    private readonly db: D1,
    private readonly members: FabricMemberRow[],
  ) {}

  async adjust(req: WorkerRequest): Promise<WorkerResponse> {
    const parsed = jsonTarget(req);
    if ('refused' in parsed) return parsed.refused;
    const refused = validate(adjustment, parsed.value);
    if (refused) return refused;
    const body = parsed.value as { points: number; profileId: string; setToPending?: boolean };
    // UPDATE members SET available = round(available + ?, 6) WHERE profile_id = ? — changes() says
    // whether the member exists; one statement, so parallel adjustments all land.
    const { meta } = await this.db.run(() => {
      const member = this.members.find((m) => m.profileId === body.profileId);
      if (!member) return 0;
      if (body.setToPending) member.pending = sqliteRound(member.pending + body.points, 6);
      else member.available = sqliteRound(member.available + body.points, 6);
      return 1;
    });
    if (meta.changes === 0) return unknownMember(body.profileId);
    const verb = body.points < 0 ? 'deducted' : 'added';
    return json({
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${shown(Math.abs(body.points))} points ${verb}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    });
  }

  async inquire(profileId: string): Promise<WorkerResponse> {
    const member = await this.db.read(() => this.members.find((m) => m.profileId === profileId));
    if (!member) return unknownMember(profileId);
    return json({
      data: [
        {
          profileId,
          pointsBalance: { memberPointsAvailable: member.available, memberPointsPending: member.pending },
        },
      ],
    });
  }
}
