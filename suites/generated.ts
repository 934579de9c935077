import type { Exchange } from '../src/client/exchange.ts';
import { errorCodesOf, refusedAs, toAmount } from '../src/engine/context.ts';
import { generateNegativeCases, type NegativeCase } from '../src/engine/negative-cases.ts';
import { AFTER_REFUSAL } from '../src/engine/read-after-write.ts';
import type { MemberPointsReading, ScenarioContext, Suite } from '../src/engine/types.ts';
import {
  answerOf,
  balanceQuery,
  defineScenario,
  identifierOrSkip,
  npaQuery,
  pendingMayHaveMatured,
  probeEventName,
  samePoints,
  succeeded,
  verifyMainUnchanged,
} from './support.ts';

/** What a batch of generated cases showed: the exchanges, and whether every case was refused. */
interface SentCases {
  readonly exchanges: readonly Exchange[];
  /** No case got a 2xx: only then does an unchanged balance say anything about side effects. */
  readonly allRefused: boolean;
  /** The cases that got a 2xx. */
  readonly accepted: readonly NegativeCase[];
}

/**
 * The most points the accepted cases may have moved between them: each counts as the request it was
 * forgiven as (a coercible case as the valid request a lenient parser makes of it, any other as
 * sent), so the sum of their `field` amounts. Undefined when one names no amount (such a case
 * already fails, or says nothing of what should move).
 */
function acceptedMoveBound(accepted: readonly NegativeCase[], field: string): number | undefined {
  let bound = 0;
  for (const c of accepted) {
    const body = c.coercedTo?.body ?? c.body;
    const amount = toAmount(
      body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined,
    );
    if (amount === undefined) return undefined;
    bound += Math.abs(amount);
  }
  return bound;
}

/**
 * Judges that the accepted cases moved at most what they were forgiven as ({@link acceptedMoveBound}):
 * a `true` amount is only a lenient parse if it is read as 1 point, not as the balance or 100
 * (twentieth fault hunt, faults npa-boolean-amount-as-balance and fabric-boolean-points-as-hundred).
 */
function verifyMovedAsForgiven(
  ctx: ScenarioContext,
  sent: SentCases,
  field: string,
  moved: { before: number; after: number; exchanges: readonly Exchange[]; inferred?: string },
): void {
  const bound = acceptedMoveBound(sent.accepted, field);
  if (bound === undefined) return;
  const change = Math.abs(moved.after - moved.before);
  ctx.verify('GEN-INVALID-REJECTED', change <= bound || samePoints(change, bound), {
    expected: `at most ${bound} points moved by the ${sent.accepted.length} accepted invalid cases (each read as the valid request a lenient parser makes of it)`,
    actual: `${moved.before} before, ${moved.after} after`,
    exchanges: [...moved.exchanges],
    ...(moved.inferred ? { inferred: moved.inferred } : {}),
  });
}

/**
 * Sends each generated case and judges: a 4xx (GEN-INVALID-REJECTED). A case a lenient parser may
 * coerce into a valid request, or one that breaks only a constraint the documents do not state,
 * only warns. With `masking`, a refusal carrying that code (e.g. "no
 * bill found" for a probe on an unknown bill) shows the broken field was not checked first; the
 * documents give no validation order, so that warns too.
 */
async function sendCases(
  ctx: ScenarioContext,
  operationId: string,
  base: { query: Record<string, string>; body?: Record<string, unknown> },
  options: {
    pathParams?: Record<string, string>;
    masking?: number;
    /** For an accepted case: why the documents allow it (it then warns), or undefined. */
    lenient?: (c: NegativeCase, exchange: Exchange) => Promise<string | undefined>;
  } = {},
): Promise<SentCases> {
  const { registry, validators } = ctx.specs;
  const cases = generateNegativeCases(registry.getOperation(operationId), validators, base, ctx.seed);
  const exchanges: Exchange[] = [];
  const accepted: NegativeCase[] = [];
  for (const c of cases) {
    const exchange = await ctx.call(operationId, {
      query: c.query,
      ...(base.body ? { body: c.body } : {}),
      ...(options.pathParams ? { pathParams: options.pathParams } : {}),
    });
    const lenient = succeeded(exchange) ? await options.lenient?.(c, exchange) : undefined;
    const inferred = c.coercible ?? c.inferred ?? lenient;
    const refused = ctx.verify('GEN-INVALID-REJECTED', refusedAs(ctx.profile.apiErrorStatus, exchange), {
      expected: `a refusal for ${operationId} with ${c.description}`,
      actual: answerOf(exchange),
      exchanges: [exchange],
      ...(inferred ? { inferred } : {}),
    });
    if (refused && options.masking !== undefined) {
      ctx.verify('GEN-INVALID-REJECTED', !errorCodesOf(exchange).includes(options.masking), {
        expected: `${c.description} refused as invalid, not with ${options.masking}`,
        actual: answerOf(exchange),
        exchanges: [exchange],
        inferred: 'the documents do not say which check comes first',
      });
    }
    exchanges.push(exchange);
    if (succeeded(exchange)) accepted.push(c);
  }
  return { exchanges, allRefused: accepted.length === 0, accepted };
}

/**
 * Where a fabric member's data[] entries together moved by more than `bound` though each moved by
 * at most it: entries that overlap (a member total beside its program: the inquiry, outside the
 * documents, is the target's own shape; variant inquiry-member-total-beside-program), whose sum
 * counts one move twice, as fabric's moves allow (memberPointsMoved's `each`, suites/support.ts). Gives the
 * entry that moved most, to judge instead of the sum (variant hunt 52); undefined otherwise.
 */
function overlappingEntriesWithin(
  before: MemberPointsReading,
  after: MemberPointsReading,
  bound: number,
): { before: number; after: number } | undefined {
  const within = (move: number) => move <= bound || samePoints(move, bound);
  if (within(Math.abs(after.available - before.available))) return undefined;
  if (before.entries.length < 2 || before.entries.length !== after.entries.length) return undefined;
  const moves = after.entries.map((points, i) => Math.abs(points - (before.entries[i] ?? 0)));
  if (!moves.every(within)) return undefined;
  const most = moves.indexOf(Math.max(...moves));
  return { before: before.entries[most] ?? 0, after: after.entries[most] ?? 0 };
}

/** Invalid inputs generated from the specs (seeded): each rejected with a 4xx and no side effect. */
export const generatedSuite: Suite = {
  name: 'generated',
  description:
    'invalid requests derived from the spec schemas (missing fields, wrong types, enums, boundaries)',
  scenarios: [
    defineScenario({
      id: 'generated.negative-points-adjustment',
      title: 'generated invalid deductions are rejected with a 4xx and leave the balance unchanged',
      requirements: ['GEN-INVALID-REJECTED', 'CAP-NPA-NO-SIDE-EFFECT'],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['generated', 'validation'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const programId = customer.programs[0];
        const before = await ctx.balance(customer, { programId });
        const base = {
          query: npaQuery(customer),
          body: { pointsToBeAdjusted: 1, programId, reasonOfReturn: 'conformance check' },
        };
        const sent = await sendCases(ctx, 'negativePointsAdjustment', base);
        const after = await ctx.balance(customer, { programId }, AFTER_REFUSAL);
        // An accepted case is judged above; the balance may then move by what it was forgiven as.
        if (!sent.allRefused) {
          verifyMovedAsForgiven(ctx, sent, 'pointsToBeAdjusted', {
            before: before.mainPoints,
            after: after.mainPoints,
            exchanges: [before.exchange, ...sent.exchanges.filter(succeeded), after.exchange],
          });
          return;
        }
        verifyMainUnchanged(
          ctx,
          'CAP-NPA-NO-SIDE-EFFECT',
          before,
          after,
          [],
          `after ${sent.exchanges.length} refused invalid deductions`,
        );
      },
    }),

    defineScenario({
      id: 'generated.points-balance',
      title: 'generated invalid balance lookups are rejected with a 4xx',
      requirements: ['GEN-INVALID-REJECTED'],
      fixtures: ['deductible'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['generated', 'validation'],
      mutates: false,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        // Under dual eligibility the org's primary identifier (whichever it is: a lone other one is
        // 8015); without it, any identifier the page names that the customer has, not only a mobile.
        const primary = ctx.org?.config.dualEligibility?.enabled
          ? ctx.org.config.dualEligibility.primaryIdentifier
          : undefined;
        const query = primary
          ? {
              identifierName: primary,
              identifierValue: identifierOrSkip(ctx, customer, primary),
              source: 'INSTORE',
            }
          : balanceQuery(ctx, customer);
        // The page names programId only in its note's table and gives it no type: a target may read
        // text that is no program ID as "not passed", or a fraction as its whole part (as parseInt
        // does). Accepted so (the main points of a read without programId, or of one with the whole
        // part), such a case only warns; any other balance still fails.
        const mainOf = (e: Exchange) => toAmount((e.response?.body as { mainPoints?: unknown })?.mainPoints);
        let withoutProgram: number | undefined;
        await sendCases(
          ctx,
          'getPointsBalance',
          { query },
          {
            lenient: async (c, exchange) => {
              if (!c.description.startsWith('query.programId')) return undefined;
              const main = mainOf(exchange);
              if (main === undefined) return undefined;
              withoutProgram ??= mainOf(await ctx.call('getPointsBalance', { query }));
              if (withoutProgram !== undefined && samePoints(main, withoutProgram))
                return 'the page gives programId no type: a value that is no program ID was read as not passed (the default program)';
              const sent = c.query.programId;
              if (sent === undefined || !/^-?\d+\.\d+$/.test(sent)) return undefined;
              const whole = String(Math.trunc(Number(sent)));
              const truncated = mainOf(
                await ctx.call('getPointsBalance', { query: { ...query, programId: whole } }),
              );
              return truncated !== undefined && samePoints(main, truncated)
                ? `the page gives programId no type: the fraction ${sent} was read as program ${whole} (its whole part)`
                : undefined;
            },
          },
        );
      },
    }),

    defineScenario({
      id: 'generated.unlock-promised-points',
      title: 'generated invalid unlocks are rejected with a 4xx',
      requirements: ['GEN-INVALID-REJECTED'],
      fixtures: ['deductible'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['generated', 'validation'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const base = {
          query: npaQuery(customer),
          body: { eventName: probeEventName(ctx), billNumber: `LC-NO-SUCH-BILL-${ctx.seed}` },
        };
        // An unknown bill, so a case wrongly accepted cannot use up a bill other scenarios need.
        await sendCases(ctx, 'unlockPromisedPoints', base, { masking: 82323277 });
      },
    }),

    defineScenario({
      id: 'generated.fabric-points-adjustment',
      title: 'generated invalid fabric adjustments are rejected with a 4xx and leave the points unchanged',
      requirements: ['GEN-INVALID-REJECTED'],
      fixtures: ['member'],
      family: 'fabric',
      tags: ['generated', 'validation', 'fabric'],
      mutates: true,
      async run(ctx) {
        const profileId = ctx.profile.fabric?.fixtures.member.profileId ?? ctx.skip('no fabric member');
        // Without the member inquiry (outside the documents) the refusals are judged, not their side effects.
        const before = ctx.lacks('memberInquiry') ? undefined : await ctx.memberPoints(profileId);
        const sent = await sendCases(ctx, 'adjustMemberPoints', {
          query: {},
          body: { profileId, points: 1 },
        });
        if (!before) return;
        const after = await ctx.memberPoints(profileId, AFTER_REFUSAL);
        if (!sent.allRefused) {
          const bound = acceptedMoveBound(sent.accepted, 'points') ?? 0;
          const exchanges = [before.exchange, ...sent.exchanges.filter(succeeded), after.exchange];
          const overlap = overlappingEntriesWithin(before, after, bound);
          verifyMovedAsForgiven(ctx, sent, 'points', {
            // Entries that overlap are judged by the one that moved most (their sum counts the move twice).
            ...(overlap ?? { before: before.available, after: after.available }),
            exchanges,
            ...pendingMayHaveMatured(before, after, bound),
          });
          if (overlap)
            ctx.verify('GEN-INVALID-REJECTED', false, {
              expected: `the data[] entries' memberPointsAvailable together moved by at most ${bound}`,
              actual: `entries ${before.entries.join(', ')} before, ${after.entries.join(', ')} after`,
              exchanges,
              inferred: `every entry moved by at most ${bound}: the entries overlap, and the inquiry does not say how`,
            });
          return;
        }
        ctx.verify('GEN-INVALID-REJECTED', samePoints(after.available, before.available), {
          ...pendingMayHaveMatured(before, after, 0),
          expected: `memberPointsAvailable unchanged at ${before.available} after ${sent.exchanges.length} refused invalid adjustments`,
          actual: `memberPointsAvailable ${after.available}`,
          exchanges: [before.exchange, after.exchange],
        });
      },
    }),
  ],
};
