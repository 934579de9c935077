import type { Exchange } from '../src/client/exchange.ts';
import { readBalance } from '../src/engine/context.ts';
import type { BalanceReading, NamedCustomer, ScenarioContext, Suite } from '../src/engine/types.ts';
import { type BalanceExpectation, expectedBalance, readShows } from './balance-reading.ts';
import {
  PROGRAM_TOTALS_WRITTEN_AS_SUMS_NOTE,
  programTotalsWrittenAsSums,
  totalBehind,
  verifyTotalAddsUp,
} from './balance-total.ts';
import { showing, verifyBalance, verifyBalances, withProgramsNow } from './balance-verify.ts';
import { finestDecimalsOf, ledgerShownBy, pointsAvailableOf } from './points-available.ts';
import {
  balanceText,
  deduct,
  defineScenario,
  entityOf,
  judgeRefusalMovedNothing,
  minus,
  ownIdentifier,
  roundPoints,
  sameBalance,
  sameBalanceEvidence,
  samePoints,
  verifyPromisedFiguresAgree,
} from './support.ts';

const sum = (values: number[]) =>
  roundPoints(
    values.reduce((a, b) => a + b, 0),
    ...values,
  );

/**
 * Each lookup names its customer (an entityId), and lookups of one customer by each of its
 * identifiers, one after the other, read one balance: the same entityId ("Unique ID of the
 * customer") and the same figures. A value another declared customer shares names no one customer,
 * and is left out of the comparison.
 */
function judgeSameCustomer(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  found: readonly [string, BalanceReading][],
): void {
  for (const [name, reading] of found)
    ctx.verify('CAP-BAL-ENTITY', entityOf(reading) !== undefined, {
      expected: `entityId (not null) in the balance of customer ${customer.key} by ${name}`,
      actual: JSON.stringify(reading.exchange.response?.body).slice(0, 160),
      exchanges: [reading.exchange],
    });
  const own = found.filter(([name]) => !customer.sharedIdentifiers?.includes(name));
  const [first, ...others] = own;
  if (!first) return;
  const [firstName, reading] = first;
  for (const [name, other] of others) {
    // Without an entityId in the first read (judged above), the points alone are compared.
    const same =
      entityOf(reading) === undefined
        ? samePoints(other.mainPoints, reading.mainPoints) &&
          samePoints(other.totalPoints, reading.totalPoints)
        : sameBalance(other, reading);
    ctx.verify('CAP-BAL-ENTITY', same, {
      expected: `customer ${customer.key} by ${name} as by ${firstName}: ${balanceText(reading)}`,
      actual: balanceText(other),
      exchanges: [reading.exchange, other.exchange],
    });
  }
}

/**
 * The reads of one customer carry one entityId ("Unique ID of the customer"), whichever program
 * they read and whatever was deducted in between; reads without one are left out (compared as
 * text: the table types it long).
 */
function judgeOneEntity(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  readings: readonly BalanceReading[],
  what: string,
): void {
  const carrying = readings.filter((r) => entityOf(r) !== undefined);
  const entities = carrying.map(entityOf);
  if (carrying.length < 2) return;
  ctx.verify('CAP-BAL-ENTITY', new Set(entities).size === 1, {
    expected: `one entityId for customer ${customer.key} in its reads of ${what}`,
    actual: `entityIds ${entities.join(', ')}`,
    exchanges: carrying.map((r) => r.exchange),
  });
}

/** The balance endpoint: totals, the programId × fetchDataForAllPrograms table, program scope. */
export const balanceSuite: Suite = {
  name: 'balance',
  description: 'balance totals and which program(s) a balance covers',
  scenarios: [
    defineScenario({
      id: 'balance.totals',
      title: 'totalPoints is mainPoints plus promisedPoints, and promised points add up from their breakup',
      requirements: ['CAP-BAL-TOTAL', 'CAP-BAL-PROMISED-BREAKUP', 'CAP-BAL-READ-ONLY'],
      fixtures: ['twoPrograms'],
      family: 'capillary',
      tags: ['balance'],
      mutates: false,
      async run(ctx) {
        const customer = ctx.customer('twoPrograms');
        for (const options of [
          ...customer.programs.map((programId) => ({ programId })),
          { fetchDataForAllPrograms: true },
        ]) {
          const reading = await ctx.balance(customer, options);
          verifyPromisedFiguresAgree(ctx, reading);
          // Without promisedPoints or its breakup, nothing to add up: the spec does not require it (warns).
          const found = verifyTotalAddsUp(ctx, reading, 'warn');
          if (
            reading.promisedPoints !== undefined &&
            found?.delayed !== undefined &&
            found.external !== undefined
          ) {
            const { delayed: inSumDelayed, external: inSumExternal } = found;
            const parts = expectedBalance({ plus: [inSumDelayed, inSumExternal] });
            const leftOut =
              reading.delayedAccrualPoints === undefined || reading.externalTriggerBasedPoints === undefined
                ? ' (left out of the breakup: read as 0)'
                : '';
            // promised = delayed + external is inferred from the field descriptions: a break warns.
            ctx.verify('CAP-BAL-PROMISED-BREAKUP', samePoints(reading.promisedPoints, parts), {
              expected: `promisedPoints = ${inSumDelayed} + ${inSumExternal}${leftOut}`,
              actual: `promisedPoints ${reading.promisedPoints}`,
              exchanges: [reading.exchange],
              inferred:
                'promisedPoints = delayedAccrualPoints + externalTriggerBasedPoints is not stated (inferred)',
            });
          }
          const again = await ctx.balance(customer, options);
          ctx.verify(
            'CAP-BAL-READ-ONLY',
            samePoints(again.mainPoints, reading.mainPoints) &&
              samePoints(again.totalPoints, reading.totalPoints),
            {
              expected: 'two reads in a row give the same balance',
              actual: `${reading.mainPoints}/${reading.totalPoints} then ${again.mainPoints}/${again.totalPoints}`,
              exchanges: [reading.exchange, again.exchange],
            },
          );
        }
      },
    }),

    defineScenario({
      id: 'balance.program-table',
      title: 'programId × fetchDataForAllPrograms: all programs summed, one program, or the default program',
      requirements: [
        'CAP-BAL-ALL-PROGRAMS-WITH-ID',
        'CAP-BAL-ALL-PROGRAMS-NO-ID',
        'CAP-BAL-ONE-PROGRAM',
        'CAP-BAL-DEFAULT-PROGRAM',
      ],
      fixtures: ['twoPrograms', 'secondProgram'],
      requirementNeeds: { 'CAP-BAL-DEFAULT-PROGRAM': ['defaultProgram'] },
      family: 'capillary',
      tags: ['balance', 'programs'],
      mutates: false,
      async run(ctx) {
        const customer = ctx.customer('twoPrograms');
        // The first program's read names the customer by its own externalId, the second's by its
        // own email, where the org lets a secondary stand alone: a target reading false as true on
        // one lookup path only passed while every one-program read went by mobile (fault hunt 64;
        // no exchange added).
        const perProgram: BalanceReading[] = [];
        for (const [index, programId] of customer.programs.entries()) {
          perProgram.push(await programReadBy(ctx, customer, ONE_PROGRAM_NAMES[index], programId));
        }
        const expectedAll = sum(perProgram.map((r) => r.mainPoints));
        const defaultId = ctx.org?.config.defaultProgramId;
        // With the default's own id where the customer is in it, then with the id of a program
        // other than the default where the customer has one (a target that lets a programId win
        // over the flag shows it there): the table makes no exception for either. In that order, so
        // that the read without programId below follows one naming another program: a target
        // taking the last programId a customer's reads named for the default shows it there
        // (fault hunt 45, bal-default-program-last-named).
        const idsSent = new Set([
          ...customer.programs.filter((p) => p === defaultId),
          customer.programs.find((p) => p !== defaultId) ?? customer.programs[0],
        ]);
        const allWithIds: BalanceReading[] = [];
        for (const programId of idsSent)
          allWithIds.push(await ctx.balance(customer, { programId, fetchDataForAllPrograms: true }));
        const programs = {
          plus: perProgram.map((r) => r.mainPoints),
          seen: perProgram,
          sumOverPrograms: true,
        };
        for (const allWithId of allWithIds)
          verifyBalance(ctx, 'CAP-BAL-ALL-PROGRAMS-WITH-ID', allWithId.mainPoints, programs, {
            expected: `mainPoints ${expectedAll}, the sum over programs ${customer.programs.join(', ')}`,
            actual: `mainPoints ${allWithId.mainPoints}`,
            exchanges: [...perProgram.map((r) => r.exchange), allWithId.exchange],
          });
        const allNoId = await ctx.balance(customer, { fetchDataForAllPrograms: true });
        verifyBalance(ctx, 'CAP-BAL-ALL-PROGRAMS-NO-ID', allNoId.mainPoints, programs, {
          expected: `mainPoints ${expectedAll}, the sum over programs ${customer.programs.join(', ')}`,
          actual: `mainPoints ${allNoId.mainPoints}`,
          exchanges: [...perProgram.map((r) => r.exchange), allNoId.exchange],
        });
        const allPrograms = [
          ...allWithIds.map((r) => ['CAP-BAL-ALL-PROGRAMS-WITH-ID', r] as const),
          ['CAP-BAL-ALL-PROGRAMS-NO-ID', allNoId] as const,
        ];
        // It is this customer's balance: an entityId, where the answers carry one, is the one the
        // one-program reads carry.
        const ownRead = perProgram.find((r) => entityOf(r) !== undefined);
        const own = ownRead && entityOf(ownRead);
        for (const [requirement, reading] of allPrograms) {
          const entity = entityOf(reading);
          if (!ownRead || own === undefined || entity === undefined) continue;
          ctx.verify(requirement, entity === own, {
            expected: `entityId ${own}, the customer's own (as its one-program reads carry)`,
            actual: `entityId ${entity}`,
            exchanges: [ownRead.exchange, reading.exchange],
          });
        }
        // The balance across all programs is all of it, promised points too: totalPoints sums as well
        // (each program's exact total where it is written whole beside figures with decimals).
        // Where main is itself a display (written with fewer decimals than promised points, and
        // truncated or raised beside a total written whole: variant hunt 51), main plus promised is
        // no exact total either: the totals as read, each a display of its own, then stand in.
        const programTotals = perProgram.map(totalBehind);
        const behind = { plus: programTotals, seen: perProgram, sumOverPrograms: true };
        const asRead = { ...behind, plus: perProgram.map((r) => r.totalPoints) };
        const finest = finestDecimalsOf(ctx, customer);
        for (const [requirement, reading] of allPrograms) {
          const read = reading.totalPoints;
          const totals = readShows(read, behind) || !readShows(read, asRead) ? behind : asRead;
          const expectedTotal = sum(totals.plus);
          const evidence = {
            expected: `totalPoints ${expectedTotal}, the sum over programs ${customer.programs.join(', ')}`,
            actual: `totalPoints ${reading.totalPoints}`,
            exchanges: [...perProgram.map((r) => r.exchange), reading.exchange],
          };
          // Totals each written as the sum of figures written whole (or with fewer decimals than
          // the ledger) carry a unit of slack per figure: such a sum only warns.
          if (!readShows(read, totals) && programTotalsWrittenAsSums(reading, perProgram, finest))
            ctx.verify(requirement, false, { ...evidence, inferred: PROGRAM_TOTALS_WRITTEN_AS_SUMS_NOTE });
          else verifyBalance(ctx, requirement, read, totals, evidence);
        }
        // Only judged when two programs hold points: otherwise one program's balance equals the sum.
        const distinct = perProgram.some((r) => !samePoints(r.mainPoints, expectedAll));
        const funded = perProgram.filter((r) => !samePoints(r.mainPoints, 0)).length;
        // Each one-program read, not one of them: a read that is the target's own sum over all
        // programs while the others hold points is no one-program read, and the sum of the reads
        // cannot show it (fault hunt 49: the default program's id answered with the sum, so the
        // other program's read still differed from the reads' sum). Judged where the other reads
        // hold more points than their displays can have rounded away (half a point each, and the
        // sum's own half).
        const asSum = perProgram.findIndex((read) => {
          const others = sum(perProgram.filter((r) => r !== read).map((r) => r.mainPoints));
          return Math.abs(others) >= perProgram.length && samePoints(read.mainPoints, allNoId.mainPoints);
        });
        if (funded >= 2)
          ctx.verify('CAP-BAL-ONE-PROGRAM', distinct && asSum < 0, {
            expected:
              'each one-program balance apart from the all-program sum (the customer has points in several programs)',
            actual: `${perProgram.map((r, i) => `${customer.programs[i]}: ${r.mainPoints}`).join(', ')}${asSum < 0 ? '' : `; program ${customer.programs[asSum]} read as the sum over all programs, ${allNoId.mainPoints}`}`,
            exchanges: [...perProgram.map((r) => r.exchange), allNoId.exchange],
          });
        // Judged when the org declares its default program and the customer is enrolled in it
        // (requirementNeeds: the engine records the skip with what to add otherwise).
        if (!ctx.judgeable('CAP-BAL-DEFAULT-PROGRAM') || defaultId === undefined) return;
        const index = customer.programs.indexOf(defaultId);
        if (index < 0) return;
        const noId = await ctx.balance(customer, { fetchDataForAllPrograms: false });
        const defaultRead = perProgram[index]!;
        // The table's "points balance ... for the default program" is all of it, promised points
        // too: totalPoints as well (fault hunt 41: the default program's main points beside the
        // promised points of every program passed).
        // One written with fewer decimals than the other only warns: a read without programId may
        // go through another code path than the one naming the program (variant hunt 57).
        ctx.verify(
          'CAP-BAL-DEFAULT-PROGRAM',
          samePoints(noId.mainPoints, defaultRead.mainPoints) &&
            samePoints(noId.totalPoints, defaultRead.totalPoints),
          sameBalanceEvidence(noId, defaultRead, {
            expected: `mainPoints ${defaultRead.mainPoints} and totalPoints ${defaultRead.totalPoints} of the default program ${defaultId}`,
            actual: `mainPoints ${noId.mainPoints}, totalPoints ${noId.totalPoints}`,
            exchanges: [defaultRead.exchange, noId.exchange],
          }),
        );
      },
    }),

    defineScenario({
      id: 'balance.program-scope',
      title: "a deduction in one program changes that program's balance and no other",
      requirements: [
        'CAP-NPA-PROGRAM-SCOPE',
        'CAP-BAL-ONE-PROGRAM',
        'CAP-BAL-ENTITY',
        'CAP-NPA-NO-SIDE-EFFECT',
      ],
      fixtures: ['twoPrograms', 'secondProgram'],
      family: 'capillary',
      tags: ['balance', 'programs', 'deduction'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('twoPrograms');
        const [first, second] = customer.programs;
        if (second === undefined || first === undefined)
          ctx.skip('the twoPrograms customer declares fewer than two programs');
        const before = [
          await ctx.balance(customer, { programId: first }),
          await ctx.balance(customer, { programId: second }),
        ];
        if (ctx.org?.config.negativeBalanceOnReturn !== 'on' && before[0]!.mainPoints < 1) {
          ctx.skip(`program ${first} has ${before[0]!.mainPoints} points`);
        }
        const exchange = await deduct(ctx, customer, 1, { programId: first });
        if (!ctx.expectSuccess('CAP-NPA-PROGRAM-SCOPE', exchange)) {
          // Refused, which only warns here (a SHOULD), it moved nothing (fault hunt 29: a refusal
          // that took its point was never read).
          if (exchange.response)
            await judgeRefusalMovedNothing(ctx, customer, first, before[0]!, exchange, `in program ${first}`);
          return;
        }
        // The deducted program's read waits for the deduction to show (limits.readAfterWriteMs);
        // the other's, judged unchanged, waits out the window.
        const after = [
          await ctx.balance(
            customer,
            { programId: first },
            showing('CAP-NPA-PROGRAM-SCOPE', (read) => [
              [read.mainPoints, { plus: [before[0]!.mainPoints], delta: -1, seen: [...before, read] }],
            ]),
          ),
          await ctx.balance(customer, { programId: second }),
        ];
        const evidence = [...before.map((r) => r.exchange), exchange, ...after.map((r) => r.exchange)];
        const seenReadings = [...before, ...after];
        verifyBalances(
          ctx,
          'CAP-NPA-PROGRAM-SCOPE',
          [
            [after[0]!.mainPoints, { plus: [before[0]!.mainPoints], delta: -1, seen: seenReadings }],
            [after[1]!.mainPoints, { plus: [before[1]!.mainPoints], seen: seenReadings }],
          ],
          {
            expected: `program ${first}: ${minus(before[0]!.mainPoints, 1)}, program ${second}: ${before[1]!.mainPoints} unchanged`,
            actual: `program ${first}: ${after[0]!.mainPoints}, program ${second}: ${after[1]!.mainPoints}`,
            exchanges: evidence,
          },
        );
        // Whichever program the deduction came from, two one-program reads must between them
        // show one point gone: a read that covers other programs shows it twice or not at all.
        const seen = minus(
          before[0]!.mainPoints + before[1]!.mainPoints,
          after[0]!.mainPoints + after[1]!.mainPoints,
        );
        // As a move of the first read: what the second read moved is a difference of two reads of
        // one figure moved by whole points, exact even where a target shows whole numbers.
        const together = {
          plus: [before[0]!.mainPoints],
          delta: minus(-1, minus(after[1]!.mainPoints, before[1]!.mainPoints)),
          seen: seenReadings,
        };
        // A deduction whose pointsAvailable is the read, written with the program's decimals and a
        // point or more from the sum over programs (so the program's own), shows the ledger holds
        // the read exactly: no hidden half to confirm (fault hunt 35: 2 → 0 "confirmed" by a unit
        // from 973 while 469, which it could not move, was read again).
        const [proof, sumRead] = await ledgerReadExactly(ctx, customer, exchange, after[0]!, together);
        // The first program holding a hidden half, written whole half to even, reads the point's
        // move as 0 or 2 (variant hunt 27): one more point there confirms it.
        const [moved, checked] =
          proof.length > 0
            ? [{ ...together, deductions: proof }, sumRead]
            : await withProgramsNow(
                ctx,
                customer,
                after[0]!.mainPoints,
                together,
                { requirement: 'CAP-BAL-ONE-PROGRAM', deduction: exchange },
                { programId: first },
              );
        verifyBalance(ctx, 'CAP-BAL-ONE-PROGRAM', after[0]!.mainPoints, moved, {
          expected: `the reads of programs ${first} and ${second} together 1 point lower`,
          actual: `${seen} lower`,
          exchanges: [...evidence, ...checked],
        });
        judgeOneEntity(
          ctx,
          customer,
          seenReadings,
          `programs ${first} and ${second}, before and after a deduction`,
        );
      },
    }),

    defineScenario({
      id: 'balance.identifier-names',
      title: 'a balance can be looked up by the identifier types the document shows',
      requirements: ['CAP-BAL-IDENTIFIER-NAMES', 'CAP-BAL-ENTITY'],
      fixtures: ['deductible'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['balance', 'identifiers'],
      mutates: false,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        const dual = ctx.org?.config.dualEligibility;
        // With dual eligibility on, a lone secondary identifier is 8015 by design: only the primary may stand alone.
        const names =
          dual?.enabled && dual.primaryIdentifier
            ? [dual.primaryIdentifier]
            : (['mobile', 'email', 'externalId'] as const);
        const found: [string, BalanceReading][] = [];
        for (const name of names) {
          const value = customer.identifiers[name];
          if (!value) {
            ctx.notJudged(
              'CAP-BAL-IDENTIFIER-NAMES',
              `identifierName ${name} not tried: customer ${customer.key} declares no ${name} (add: identifiers.${name} on the deductible customer)`,
            );
            continue;
          }
          const exchange = await ctx.call('getPointsBalance', {
            // Over all programs: the figure that tells a customer's whole balance from a part of it.
            query: {
              identifierName: name,
              identifierValue: value,
              source: 'INSTORE',
              fetchDataForAllPrograms: 'true',
            },
          });
          if (ctx.expectSuccess('CAP-BAL-IDENTIFIER-NAMES', exchange))
            found.push([name, readBalance(exchange)]);
        }
        judgeSameCustomer(ctx, customer, found);
      },
    }),
  ],
};

/** The identifiers the balance page shows that name the twoPrograms customer's one-program reads, in turn. */
const ONE_PROGRAM_NAMES = ['externalId', 'email'] as const;

/**
 * A one-program read (fetchDataForAllPrograms=false) of `programId` naming the customer by its own
 * value of `name` (one no other declared customer shares) where dual eligibility is off (a lone
 * secondary is 8015 there). Any answer but a balance reads by the usual identifier instead: the
 * page's list of names is a SHOULD (CAP-BAL-IDENTIFIER-NAMES judges it), so a refusal says nothing
 * of the program's balance.
 */
async function programReadBy(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  name: string | undefined,
  programId: number,
): Promise<BalanceReading> {
  const usual = () => ctx.balance(customer, { programId, fetchDataForAllPrograms: false });
  const value = name && ownIdentifier(customer, name);
  if (!name || !value || ctx.org?.config.dualEligibility?.enabled || customer.primaryIdentifier === name)
    return usual();
  const exchange = await ctx.call('getPointsBalance', {
    query: {
      identifierName: name,
      identifierValue: value,
      source: 'INSTORE',
      programId: String(programId),
      fetchDataForAllPrograms: 'false',
    },
  });
  try {
    return readBalance(exchange);
  } catch {
    return usual();
  }
}

/**
 * Where a one-program read is not the move it should show, the judged deduction if its
 * pointsAvailable equals the read and {@link ledgerShownBy} takes it as the program's own ledger:
 * the customer's sum over programs is read once (only then, so an exact read sends nothing more)
 * as the `overall` a sum would answer. Returns the proving deductions and the sum read sent.
 */
async function ledgerReadExactly(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  deduction: Exchange,
  read: BalanceReading,
  expectation: BalanceExpectation,
): Promise<[Exchange[], Exchange[]]> {
  if (samePoints(read.mainPoints, expectedBalance(expectation))) return [[], []];
  if (!samePoints(pointsAvailableOf(deduction) ?? Number.NaN, read.mainPoints)) return [[], []];
  const sum = await ctx.balance(customer, { fetchDataForAllPrograms: true });
  return [ledgerShownBy(ctx, customer, [deduction], sum.mainPoints), [sum.exchange]];
}
