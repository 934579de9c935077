/**
 * Correct variants: the reference provider changed where the documents leave a choice open (or
 * where a real target's data differs from our seed). The conformance run must give none of them a
 * failure: the mirror of the faulty-provider catalogue, guarding against false verdicts.
 */

import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Socket } from 'node:net';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { toAmount } from '../../src/engine/context.ts';
import type { Verdict } from '../../src/engine/types.ts';
import { envelopeCodes } from '../../src/profile/error-status.ts';
import { formatFixed, LEDGER_DECIMALS, parseAmount, toMicro, toNumber } from '../../src/reference/amount.ts';
import { DEFAULT_ACCESS_GROUPS, md5hex } from '../../src/reference/auth.ts';
import { type BillSeed, type CustomerSeed, type Dataset, loadDataset } from '../../src/reference/dataset.ts';
import { capillaryError, fabricReply, type Reply } from '../../src/reference/envelopes.ts';
import { bodyRecord, type Handler, queryValue } from '../../src/reference/handlers/context.ts';
import { HANDLERS, type HandlerContext, type OperationId } from '../../src/reference/handlers/index.ts';
import {
  type Balance,
  type DeductionRequest,
  Ledger,
  type Outcome,
  type UnlockedLine,
  type UnlockRequest,
} from '../../src/reference/ledger.ts';
import { UNMAPPED_VALIDATION_CODE } from '../../src/reference/schema-errors.ts';
import {
  DEFAULT_DATASET_PATH,
  type HandlerOverride,
  type HookRequest,
  type ReferenceHooks,
} from '../../src/reference/server.ts';
import type { ValidationResult } from '../../src/spec/index.ts';
import {
  asBareText,
  asCodelessErrors,
  asEmptyRefusal,
  asFrameworkRefusal,
  asHtmlMessage,
  asValidationProblem,
  atALastDecimal,
  customerOfAnyIdentifier,
  drainingWholeBalance,
  dropIssues,
  type FaultOptions,
  identifierLists,
  identifierNamesOf,
  isRefusal,
  LAST_DECIMAL_HELD,
  noPointsBeforeTheBody,
  refusalMessageOf,
  refusalsAs,
  successesAs,
  withoutPointsGroup,
} from './catalogue.ts';
import {
  balanceAsWholeNumbers,
  balanceBodyAs,
  halfAwayTo,
  halfEvenTo,
  halfPointForEveryoneDeclared,
  halfPointProgramDeclared,
  migratedDebtDeclared,
  raisedTo,
  sumsShownBy,
  tenthsInTwoProgramsDeclared,
  totalOfShownFigures,
  truncatedTo,
  twoDecimalsHalfEven,
  withHalfPointForEveryone,
  withHalfPointProgram,
  withLenientHundredths,
  withMigratedDebt,
  withTenthsInTwoPrograms,
} from './displays.ts';
import {
  declaringMember,
  declaringSource,
  oauthFirst,
  orgsOf,
  type ProfileDocument,
  type ProfileSource,
  profileFile,
} from './profiles.ts';
import { familyHooks, OPERATION_FAMILY } from './variant-scope.ts';

// --- variant hunt 40 (helper, 2026-12-06): fault hunt 44's deduction probes, from correct targets built otherwise ---

/** Spring Boot's default error body (no code) for a deduction. */
const springDefaultError = (message?: string) => ({
  timestamp: '2026-12-06T03:05:00.000+00:00',
  status: 400,
  error: 'Bad Request',
  ...(message ? { message } : {}),
  path: '/v2/customers/lookup/negativePointsAdjustment',
});

/** Whether a deduction's own query names identifierName with an empty value (`identifierName=`). */
const emptyIdentifierName = (request: HookRequest): boolean =>
  request.searchParams.get('identifierName') === '';

/** A reply hook answering each refused deduction whose body carries `programId: ""` with `answer`. */
const emptyProgramIdAnswered =
  (answer: Reply) =>
  (operationId: OperationId, reply: Reply, request: HookRequest): Reply =>
    operationId === 'negativePointsAdjustment' &&
    isRefusal(reply) &&
    bodyRecord(request.body).programId === ''
      ? answer
      : reply;

/**
 * A ledger holding JSON-number amounts in a signed 32-bit int (a numeric string goes to a decimal):
 * a number past 2^31 - 1 is refused as out of range (8888) before the balance is compared.
 */
const numberAmountsInInt32 = (dataset: Dataset) =>
  new (class extends Ledger {
    override deduct(orgId: string, request: DeductionRequest) {
      const amount = request.pointsToBeAdjusted;
      if (typeof amount === 'number' && amount > 2 ** 31 - 1)
        return { ok: false as const, code: 8888, message: 'pointsToBeAdjusted out of range' };
      return super.deduct(orgId, request);
    }
  })(dataset);

/**
 * The drainable customer (1005) at 100000.99 in program 469, every balance figure written with one
 * decimal, raised, and pointsAvailable with one, half to even: made anew on each read of the two
 * entries' options, so no two runs share them.
 */
const drainHalfEvenBehindOneDecimalRaised = (): FaultOptions => ({
  createLedger: (dataset) => new Ledger(holding({ 1005: { 469: 100000.99 } })(dataset)),
  hooks: { reply: drainShownWith(raisedTo(1), halfEvenTo, 1) },
});

/**
 * Variant points-available-all-programs' pointsAvailable (the sum over all programs, 3 decimals)
 * with the lenient twoPrograms customer holding 2.5 in program 469 and 0.5 in 973, every balance
 * figure written whole, half to even: the sum is whole while each program hides a half.
 */
const availableOverHalvesShownHalfEven = (): FaultOptions => ({
  createLedger: (dataset) =>
    new AvailableOverAllPrograms(withCustomerPoints(dataset, 'lenient', 2001, { 469: 2.5, 973: 0.5 })),
  hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(halfEvenTo(0)) }),
});

/**
 * The reference profile declaring no round decimals, no externalId for the customers, no promotion
 * and no points award (what a user integrating a vendor may not know).
 */
const withoutDecimalsOrExtras: ProfileSource = {
  edit: (profile) => {
    withoutRoundDecimals(profile);
    for (const org of orgsOf(profile)) {
      for (const customer of Object.values(org.fixtures.customers) as {
        identifiers: Record<string, string>;
      }[])
        delete customer.identifiers.externalId;
      delete org.fixtures.promotion;
      delete org.fixtures.pointsAwardedId;
    }
  },
};

/**
 * -25.5 per program in the lenient org, each figure written whole, half to even, the total the
 * written main plus the written promised figures (variant hunt 64's DTO, and pair hunt 65's three).
 */
const summedHalfEvenInTheRed = (): FaultOptions => ({
  createLedger: (dataset) => new Ledger(withOrgMainPoints(dataset, ['lenient'], () => -25.5)),
  hooks: familyHooks('capillary', { reply: totalOfShownFigures(halfEvenTo(0)) }),
});

/** One correct-but-different provider. */
export interface Variant {
  readonly id: string;
  /** What it does differently, and why the documents allow it. */
  readonly description: string;
  readonly options: FaultOptions;
  /** The profile a user of such a target would write (default: config/reference.yaml). */
  readonly profile?: ProfileSource;
  /**
   * Verdicts the run must show (per requirement), proving the variant took effect: e.g. an
   * undocumented refusal is reported as `warn`.
   */
  readonly shows?: Readonly<Record<string, Verdict>>;
}

/** How long a refusing handler holds a request, so parallel requests of one customer overlap. */
const HOLD_MS = 20;

/**
 * A handler that refuses a request with 409 while another request for the same identifier value
 * is in flight (a lock a real target may take). No document forbids it; none gives it a code.
 */
const refuseConcurrent = (operationId: OperationId): HandlerOverride => {
  const busy = new Set<string>();
  return async (context) => {
    const key = `${context.principal}:${queryValue(context.query, 'identifierValue') ?? ''}`;
    if (busy.has(key)) return capillaryError(9409, 'another request for this customer is in progress', 409);
    busy.add(key);
    try {
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      return HANDLERS[operationId](context);
    } finally {
      busy.delete(key);
    }
  };
};

/** The shipped dataset with every customer's main points in every program set to `points`. */
const withMainPoints = (dataset: Dataset, points: number): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    customers: org.customers.map((c) => ({
      ...c,
      mainPoints: Object.fromEntries(Object.keys(c.mainPoints).map((p) => [p, points])),
    })),
  })),
});

/** The reference ledger with every fabric member's active points set to `points`. */
const fabricMembersAt = (points: number) => (dataset: Dataset) =>
  new Ledger({
    ...dataset,
    fabric: {
      ...dataset.fabric,
      tenants: dataset.fabric.tenants.map((t) => ({
        ...t,
        members: t.members.map((m) => ({ ...m, activePoints: points })),
      })),
    },
  });

/**
 * A fabric member inquiry answering `data: []` for a member holding nothing, available or pending
 * (no entry until the member's first points), the reference's answer otherwise.
 */
const inquiryWithoutEntriesAtZero: HandlerOverride = (context) => {
  const reply = HANDLERS.inquireMemberPoints(context);
  const body = bodyRecord(reply.body);
  const [entry] = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
  const empty = entry !== undefined && Number(entry.totalPoints) === 0;
  return reply.status === 200 && empty ? { ...reply, body: { ...body, data: [] } } : reply;
};

/**
 * The fabric member inquiry with `memberPointsAvailable` rewritten (the inquiry is outside the four
 * documents: its shape is the target's own choice).
 */
const inquiryWithPoints =
  (rewrite: (points: unknown) => unknown): HandlerOverride =>
  (context) => {
    const reply = HANDLERS.inquireMemberPoints(context);
    if (reply.status !== 200) return reply;
    const body = bodyRecord(reply.body);
    const data = (body.data as Record<string, unknown>[]).map((entry) => {
      const balance = bodyRecord(entry.pointsBalance);
      return {
        ...entry,
        pointsBalance: { ...balance, memberPointsAvailable: rewrite(balance.memberPointsAvailable) },
      };
    });
    return { ...reply, body: { ...body, data } };
  };

/** Every number of `value` (an object or array, however deep) as a string with three decimals. */
const numbersAsDecimalStrings = (value: unknown): unknown => {
  if (typeof value === 'number') return value.toFixed(3);
  if (Array.isArray(value)) return value.map(numbersAsDecimalStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersAsDecimalStrings(v)]));
  return value;
};

/**
 * The other side of each amount's contradiction: a 200 of the balance with string decimals
 * ("290.000", as its sibling APIs answer), a deduction's pointsAvailable and an unlock's
 * pointsUnlocked as JSON numbers (as the tables type them); no `warnings`, an undocumented
 * `requestId`, and `application/json` without a charset.
 */
const amountFormsSwapped = (operationId: OperationId, reply: Reply): Reply => {
  if (
    reply.status !== 200 ||
    !['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'].includes(operationId)
  )
    return reply;
  const { warnings: _warnings, ...body } = bodyRecord(reply.body);
  let swapped: Record<string, unknown> = body;
  if (operationId === 'getPointsBalance') {
    const { entityId, entityType, ...amounts } = body;
    swapped = { entityId, entityType, ...(numbersAsDecimalStrings(amounts) as Record<string, unknown>) };
  } else if (operationId === 'negativePointsAdjustment') {
    swapped = { ...body, pointsAvailable: Number(body.pointsAvailable) };
  } else {
    const unlocked = body.pointsUnlocked as Record<string, unknown>[];
    swapped = {
      ...body,
      pointsUnlocked: unlocked.map((u) => ({ ...u, pointsUnlocked: Number(u.pointsUnlocked) })),
    };
  }
  return {
    ...reply,
    headers: { 'content-type': 'application/json' },
    body: { ...swapped, requestId: 'lc-variant-request' },
  };
};

/**
 * A 200 of the balance with exactly the fields of the page's response table: entityId,
 * promisedPointsBreakup (delayedAccrualPoints, externalTriggerBasedPoints), mainPoints and
 * totalPoints; no promisedPoints, entityType or warnings, which only the vendor's other docs show.
 */
const balanceAsItsTable = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
  const { entityId, promisedPointsBreakup, mainPoints, totalPoints } = bodyRecord(reply.body);
  return { ...reply, body: { entityId, promisedPointsBreakup, mainPoints, totalPoints } };
};

/**
 * An unlock answer whose bill line carries the bill's total per program ("Total number of points
 * unlocked for the bill", as the page describes pointsUnlocked) and whose item lines break it down;
 * with `promotionsInTotal`, the total counts the bill's promotion points too, whose lines stay.
 */
const billTotalWithBreakdown =
  (promotionsInTotal = false) =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
    const body = bodyRecord(reply.body);
    const lines = body.pointsUnlocked as Record<string, unknown>[];
    const isPromotion = (line: Record<string, unknown>) => line.promotionId !== undefined;
    const programs = [...new Set(lines.filter((l) => !isPromotion(l)).map((l) => l.programId))];
    const rewritten = programs.flatMap((programId) => {
      const ofProgram = lines.filter((l) => !isPromotion(l) && l.programId === programId);
      const items = ofProgram.filter((l) => l.itemCode !== undefined);
      const promotions = promotionsInTotal
        ? lines.filter((l) => isPromotion(l) && l.programId === programId)
        : [];
      if (items.length === 0 && promotions.length === 0) return ofProgram;
      const total = [...ofProgram, ...promotions].reduce((sum, l) => sum + Number(l.pointsUnlocked), 0);
      return [
        { billNumber: ofProgram[0]?.billNumber, pointsUnlocked: total.toFixed(3), programId },
        ...items,
      ];
    });
    return { ...reply, body: { ...body, pointsUnlocked: [...rewritten, ...lines.filter(isPromotion)] } };
  };

/** A fabric adjustment's 200 body, rewritten by `change`. */
const fabricSuccess =
  (change: (body: Record<string, unknown>) => Record<string, unknown>) =>
  (operationId: OperationId, reply: Reply): Reply =>
    operationId === 'adjustMemberPoints' && reply.status === 200
      ? { ...reply, body: change(bodyRecord(reply.body)) }
      : reply;

/**
 * An unlock answer whose item lines carry itemCode as a list of one code: the response table
 * describes itemCode as "List of codes or SKUs", its example shows a single code.
 */
const itemCodeAsList = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const lines = (body.pointsUnlocked as Record<string, unknown>[]).map((line) =>
    line.itemCode === undefined ? line : { ...line, itemCode: [line.itemCode] },
  );
  return { ...reply, body: { ...body, pointsUnlocked: lines } };
};

/**
 * A balance read without fetchDataForAllPrograms covers all programs: the page's table says what
 * true and false do, not which applies when the flag is left out.
 */
const allProgramsUnlessFalse: HandlerOverride = (context) =>
  queryValue(context.query, 'fetchDataForAllPrograms') === undefined
    ? HANDLERS.getPointsBalance({ ...context, query: { ...context.query, fetchDataForAllPrograms: 'true' } })
    : HANDLERS.getPointsBalance(context);

/** A deduction's 200 with the status key spelled as the response table writes it ("Status"). */
const statusKeyOfTheTable = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'negativePointsAdjustment' || reply.status !== 200) return reply;
  const { status, ...body } = bodyRecord(reply.body);
  return { ...reply, body: { Status: status, ...body } };
};

/** Promotion identifiers of the seed orgs, for a variant that looks promotions up first. */
const PROMOTION_IDENTIFIERS = new Set(
  loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) => (o.promotions ?? []).map((p) => p.identifier)),
);

/**
 * A deduction whose promotionIdentifier names no promotion of the org is refused with 8874 before
 * the rule that it needs a programId (8887) is looked at: the documents give no order.
 */
const promotionLookedUpFirst = (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  if (operationId !== 'negativePointsAdjustment' || reply.status < 400) return reply;
  const codes = ((bodyRecord(reply.body).errors as { code?: unknown }[] | undefined) ?? []).map(
    (e) => e.code,
  );
  const identifier = bodyRecord(request.body).promotionIdentifier;
  return codes.includes(8887) && typeof identifier === 'string' && !PROMOTION_IDENTIFIERS.has(identifier)
    ? capillaryError(8874, 'invalid promotion id')
    : reply;
};

/** The bills the profile keeps for the parallel-unlock scenario (billSpare), per org. */
const SPARE_BILLS = new Set(['B-1004-1', 'B-2002-1']);

/**
 * The shipped dataset with each spare bill's promised points on three item lines (a bill of three
 * products): the lines are what the unlock document lets a request select (lineItemIds, itemCodes).
 */
const withSpareBillsInLines = (dataset: Dataset): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    customers: org.customers.map((c) => ({
      ...c,
      bills: c.bills?.map((bill) => {
        const [line, ...rest] = bill.promised;
        if (!SPARE_BILLS.has(bill.billNumber) || !line || rest.length > 0) return bill;
        const total = Number(line.points);
        const parts = [Math.ceil(total / 2), Math.ceil(total / 4)];
        parts.push(total - parts[0]! - parts[1]!);
        return {
          ...bill,
          promised: parts.map((points, i) => ({
            ...line,
            points,
            lineItemId: 770_000 + i,
            itemCode: `SPARE-${i + 1}`,
          })),
        };
      }),
    })),
  })),
});

/**
 * An unlock of a whole bill that takes its lines one at a time under a lock per line, skipping a
 * line another request holds: parallel unlocks of one bill share its lines out, each line moving
 * once and each answer listing the lines it moved (82323282 when it moved none).
 */
const unlockLineByLine = (): HandlerOverride => {
  const held = new Set<string>();
  const linesOf = new Map(
    withSpareBillsInLines(loadDataset(DEFAULT_DATASET_PATH)).orgs.flatMap((o) =>
      o.customers.flatMap((c) =>
        (c.bills ?? []).map((b) => [b.billNumber, b.promised.map((p) => p.lineItemId)] as const),
      ),
    ),
  );
  return async (context) => {
    const body = bodyRecord(context.body);
    const ids = linesOf.get(String(body.billNumber));
    const filtered = body.lineItemIds !== undefined || body.itemCodes !== undefined;
    if (filtered || !ids || ids.some((id) => id === undefined)) return HANDLERS.unlockPromisedPoints(context);
    const moved: unknown[] = [];
    let last: Reply | undefined;
    for (const id of ids) {
      const key = `${context.principal}:${String(body.billNumber)}:${id}`;
      if (held.has(key)) continue;
      held.add(key);
      try {
        await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
        last = HANDLERS.unlockPromisedPoints({ ...context, body: { ...body, lineItemIds: [id] } });
        if (last.status === 200) moved.push(...(bodyRecord(last.body).pointsUnlocked as unknown[]));
      } finally {
        held.delete(key);
      }
    }
    if (moved.length > 0) return { status: 200, body: { pointsUnlocked: moved, warnings: [] } };
    return last ?? capillaryError(82323282, 'No promise points found to unlock.');
  };
};

/** The fabric member inquiry with its `data[]` entries rewritten (the inquiry's shape is the target's own). */
const inquiryWithEntries =
  (rewrite: (data: unknown[]) => unknown[]): HandlerOverride =>
  (context) => {
    const reply = HANDLERS.inquireMemberPoints(context);
    if (reply.status !== 200) return reply;
    const body = bodyRecord(reply.body);
    return { ...reply, body: { ...body, data: rewrite(body.data as unknown[]) } };
  };

/** Each seed org's primary identifier when dual eligibility is on, by org id. */
const DUAL_PRIMARY = new Map(
  loadDataset(DEFAULT_DATASET_PATH)
    .orgs.filter((o) => o.dualEligibility.enabled)
    .map((o) => [o.id, o.dualEligibility.primaryIdentifier] as const),
);

/** Each seed org's bill numbers, by org id. */
const ORG_BILLS = new Map(
  loadDataset(DEFAULT_DATASET_PATH).orgs.map(
    (o) => [o.id, new Set(o.customers.flatMap((c) => (c.bills ?? []).map((b) => b.billNumber)))] as const,
  ),
);

/**
 * An unlock that looks the bill number up in the whole org before it reads the entity type: an
 * unknown bill is 82323277 whatever the type, a known one with a type outside the list 82323276.
 */
const billBeforeType: HandlerOverride = (context) => {
  const type = queryValue(context.query, 'type');
  if (!ORG_BILLS.get(context.principal)?.has(String(bodyRecord(context.body).billNumber)))
    return capillaryError(82323277, 'No bill found for given bill number.');
  return type === undefined || type === 'USERGROUP2' || type === 'CUSTOMER'
    ? HANDLERS.unlockPromisedPoints(context)
    : capillaryError(82323276, 'Entity type invalid.');
};

/**
 * A balance read that takes programId only when it is a whole number and reads any other text as
 * "not passed" (the default program): the page names programId only in its note's table and gives
 * it no type.
 */
const programIdIgnoredUnlessNumeric: HandlerOverride = (context) => {
  const programId = queryValue(context.query, 'programId');
  if (programId === undefined || /^\d+$/.test(programId)) return HANDLERS.getPointsBalance(context);
  const { programId: _dropped, ...query } = context.query;
  return HANDLERS.getPointsBalance({ ...context, query });
};

/** The shipped dataset with `edit` applied to each org (a copy: the seed is never changed in place). */
const withOrgs = (
  dataset: Dataset,
  edit: (org: Dataset['orgs'][number]) => Dataset['orgs'][number],
): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => edit(structuredClone(org))),
});

/** Each org of the profile with `edit` applied to its dual-eligibility setting. */
const editDual = (edit: (org: ProfileDocument) => void) => (profile: ProfileDocument) => {
  for (const org of orgsOf(profile)) edit(org);
};

/** The profile does not say which program is the default (its user does not know it). */
const withoutDefaultProgramDeclared = editDual((org) => {
  delete org.config.defaultProgramId;
});

/**
 * A profile declaring no round decimals for any program: a user integrating a vendor may not know
 * them (the deduction page names round decimals, 8906, but no page lists a program's).
 */
const withoutRoundDecimals = (profile: ProfileDocument) => {
  for (const org of orgsOf(profile))
    org.config.programs = org.config.programs.map(({ id }: { id: number }) => ({ id }));
};

/**
 * An org whose customers 2 and 3 share a mobile number instead of an email (a family phone), with
 * email the primary identifier: the balance page lets an org register several users with the same
 * secondary identifier, and names email among the identifiers it resolves.
 */
const SHARED_MOBILE: Record<string, { pair: [number, number]; mobile: string }> = {
  strict: { pair: [1002, 1003], mobile: '919800001002' },
  lenient: { pair: [2002, 2003], mobile: '919800002002' },
};
const sharedMobileDataset = (dataset: Dataset): Dataset =>
  withOrgs(dataset, (org) => {
    const shared = SHARED_MOBILE[org.id];
    org.dualEligibility = { enabled: true, primaryIdentifier: 'email' };
    for (const c of org.customers) {
      if (!shared?.pair.includes(c.id)) continue;
      c.identifiers.mobile = shared.mobile;
      c.identifiers.email = `customer-${c.id}@example.com`;
    }
    return org;
  });

/**
 * {@link sharedMobileDataset}, and in strict the deductible customer (1001) shares its mobile with
 * customer 1004 too (a household): a lone mobile then names no one customer (clean room 18).
 */
const HOUSEHOLD = { pair: [1001, 1004], mobile: '919800001001' } as const;
const householdDataset = (dataset: Dataset): Dataset =>
  withOrgs(sharedMobileDataset(dataset), (org) => {
    if (org.id !== 'strict') return org;
    for (const c of org.customers)
      if ((HOUSEHOLD.pair as readonly number[]).includes(c.id)) c.identifiers.mobile = HOUSEHOLD.mobile;
    return org;
  });

/**
 * The profile of {@link sharedMobileDataset} (email primary, each pair sharing a mobile) or, with
 * `household`, of {@link householdDataset}: what a user of such a target declares.
 */
const sharedMobileProfile = (household: boolean) =>
  editDual((org) => {
    org.config.dualEligibility = { enabled: true, primaryIdentifier: 'email' };
    const shared = SHARED_MOBILE[org.id as string];
    for (const customer of Object.values(org.fixtures.customers) as ProfileDocument[]) {
      const id = Number(customer.identifiers.id);
      if (shared?.pair.includes(id)) {
        customer.identifiers.mobile = shared.mobile;
        customer.identifiers.email = `customer-${id}@example.com`;
      }
      if (household && org.id === 'strict' && (HOUSEHOLD.pair as readonly number[]).includes(id))
        customer.identifiers.mobile = HOUSEHOLD.mobile;
    }
  });

/** The code a variant answers for a bill whose promised points were all unlocked before (no page gives one). */
const ALREADY_UNLOCKED = 82323290;

/**
 * An unlock answer with one line per bill and program, carrying the total of its item lines (the
 * response table: pointsUnlocked is the "Total number of points unlocked for the bill"; itemCode
 * is one of the fields a line may carry, not one it must); promotion lines kept as they are.
 */
const billTotalsOnly = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const lines = body.pointsUnlocked as Record<string, unknown>[];
  const isPromotion = (line: Record<string, unknown>) => line.promotionId !== undefined;
  const totals = new Map<string, { billNumber: unknown; programId: unknown; points: number }>();
  for (const line of lines.filter((l) => !isPromotion(l))) {
    const key = `${String(line.billNumber)}:${String(line.programId)}`;
    const entry = totals.get(key) ?? { billNumber: line.billNumber, programId: line.programId, points: 0 };
    entry.points += Number(line.pointsUnlocked);
    totals.set(key, entry);
  }
  // Promotion lines first: the order of the lines is not documented either.
  const merged = [...totals.values()].map((t) => ({
    billNumber: t.billNumber,
    pointsUnlocked: t.points.toFixed(3),
    programId: t.programId,
  }));
  return { ...reply, body: { ...body, pointsUnlocked: [...lines.filter(isPromotion), ...merged] } };
};

/** A warning of the Capillary envelope on a successful unlock or balance read (the release notes show `warnings`). */
const withWarning = (operationId: OperationId, reply: Reply): Reply =>
  ['unlockPromisedPoints', 'getPointsBalance'].includes(operationId) && reply.status === 200
    ? {
        ...reply,
        body: {
          ...bodyRecord(reply.body),
          warnings: [
            { status: true, code: 8101, message: 'alternate currencies are not part of this answer' },
          ],
        },
      }
    : reply;

/** Every number of `value` as a numeric string without trailing zeros ("290", "120.5"). */
const numbersAsPlainStrings = (value: unknown): unknown => {
  if (typeof value === 'number') return String(Number(value.toFixed(6)));
  if (Array.isArray(value)) return value.map(numbersAsPlainStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbersAsPlainStrings(v)]));
  return value;
};

/** Item codes of each seed bill, by bill number (the lines a bill has). */
const BILL_ITEM_CODES = new Map(
  loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) =>
    o.customers.flatMap((c) =>
      (c.bills ?? []).map(
        (b) =>
          [
            b.billNumber,
            b.promised.flatMap((p) => (p.itemCode === undefined ? [] : [[p.itemCode, p.programId] as const])),
          ] as const,
      ),
    ),
  ),
);

/**
 * An unlock answer that lists every item line of the bill, those this request did not unlock with
 * 0 points ("details of the points unlocked": none for them).
 */
const everyItemLine = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const lines = body.pointsUnlocked as Record<string, unknown>[];
  const billNumber = lines.find((l) => l.billNumber !== undefined)?.billNumber;
  const listed = new Set(lines.map((l) => l.itemCode));
  const untouched = (BILL_ITEM_CODES.get(String(billNumber)) ?? [])
    .filter(([code]) => !listed.has(code))
    .map(([itemCode, programId]) => ({ billNumber, itemCode, pointsUnlocked: '0.000', programId }));
  return { ...reply, body: { ...body, pointsUnlocked: [...lines, ...untouched] } };
};

/** Each seed org's program IDs, highest first. */
const ORG_PROGRAMS = new Map(
  loadDataset(DEFAULT_DATASET_PATH).orgs.map(
    (o) => [o.id, o.programs.map((p) => p.id).sort((a, b) => b - a)] as const,
  ),
);

/**
 * A balance over all programs with an undocumented `programs` list: each program's main and total
 * points, highest program ID first, programs without points left out.
 */
const withProgramBreakdown: HandlerOverride = (context) => {
  const reply = HANDLERS.getPointsBalance(context);
  if (reply.status !== 200 || queryValue(context.query, 'fetchDataForAllPrograms') !== 'true') return reply;
  const programs = (ORG_PROGRAMS.get(context.principal) ?? []).flatMap((programId) => {
    const one = HANDLERS.getPointsBalance({
      ...context,
      query: { ...context.query, programId: String(programId), fetchDataForAllPrograms: 'false' },
    });
    const { mainPoints, totalPoints } = bodyRecord(one.body);
    return one.status === 200 && Number(totalPoints) !== 0 ? [{ programId, mainPoints, totalPoints }] : [];
  });
  return { ...reply, body: { ...bodyRecord(reply.body), programs } };
};

/**
 * An unlock answering `pointsUnlocked` as one object, as the response table types it ("Object
 * containing details of the points unlocked"), when the lines it would list share one program: the
 * bill's number, that program and the points moved in all.
 */
const unlockAsOneObject = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const lines = body.pointsUnlocked as Record<string, unknown>[];
  const programs = new Set(lines.map((l) => l.programId));
  if (programs.size !== 1) return reply;
  const micro = lines.reduce((sum, l) => sum + (parseAmount(String(l.pointsUnlocked))?.micro ?? 0), 0);
  const billLine = lines.find((l) => l.billNumber !== undefined);
  return {
    ...reply,
    body: {
      ...body,
      pointsUnlocked: {
        ...(billLine ? { billNumber: billLine.billNumber } : {}),
        pointsUnlocked: formatFixed(micro, 3),
        programId: lines[0]?.programId,
      },
    },
  };
};

/** The body text of an answer as the provider would send it (its `rawBody`, or its body as JSON). */
const textOf = (reply: Reply): string =>
  typeof reply.rawBody === 'string'
    ? reply.rawBody
    : reply.rawBody !== undefined
      ? Buffer.from(reply.rawBody).toString('utf8')
      : JSON.stringify(reply.body);

/**
 * Every answer compressed with `encoding` (RFC 9110 §12.5.3: a request without Accept-Encoding, as
 * the suite's, leaves the server free to use any content coding).
 */
const compressedWith =
  (encoding: 'gzip' | 'deflate' | 'br') =>
  (_operationId: OperationId, reply: Reply): Reply => {
    const text = Buffer.from(textOf(reply), 'utf8');
    // Brotli at quality 5, not zlib's default 11: 11 took 6–13 ms per small answer here (7–14 s of
    // CPU per run); the client decodes either the same way, which is what these variants are about.
    const compress = {
      gzip: gzipSync,
      deflate: deflateSync,
      br: (input: Buffer) => brotliCompressSync(input, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
    }[encoding];
    return {
      ...reply,
      rawBody: compress(text),
      headers: { ...reply.headers, 'content-encoding': encoding, vary: 'Accept-Encoding' },
    };
  };

/** Every answer on the same JSON, rewritten as text by `rewrite` (the same value, other characters). */
const jsonText =
  (rewrite: (body: unknown) => string) =>
  (_operationId: OperationId, reply: Reply): Reply =>
    reply.rawBody === undefined ? { ...reply, rawBody: rewrite(reply.body) } : reply;

/** A JSON value with every object's keys in reverse order. */
const keysReversed = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(keysReversed);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, keysReversed(v)]),
    );
  return value;
};

/**
 * JSON text with every number written in another form of the same value: integers with a
 * fraction or an exponent (`10.0`, `2E2`), fractions in exponent form (`1205e-1`). RFC 8259 §6
 * allows each; a JSON parser reads the same number.
 */
const numbersRewritten = (value: unknown): string => {
  if (typeof value === 'number') {
    const text = JSON.stringify(value);
    if (/e/i.test(text)) return text;
    if (Number.isInteger(value)) return value !== 0 && value % 100 === 0 ? `${value / 100}E2` : `${text}.0`;
    const decimals = text.split('.')[1]?.length ?? 0;
    return `${Math.round(value * 10 ** decimals)}e-${decimals}`;
  }
  if (Array.isArray(value)) return `[${value.map(numbersRewritten).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${numbersRewritten(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
};

/** How long the tokens of {@link shortLivedTokens} live. */
const SHORT_TOKEN_TTL_SECONDS = 2;

/**
 * OAuth tokens that expire after {@link SHORT_TOKEN_TTL_SECONDS} (announced in ttlSeconds) and are
 * refused with 401 afterwards, as a target whose tokens outlive no run would.
 */
const shortLivedTokens = (): NonNullable<FaultOptions['hooks']> => {
  const issuedAt = new Map<string, number>();
  return {
    reply: (operationId, reply) => {
      if (operationId !== 'generateOAuthToken' || reply.status !== 200) return reply;
      const body = bodyRecord(reply.body);
      const data = bodyRecord(body.data);
      issuedAt.set(String(data.accessToken), Date.now());
      return { ...reply, body: { ...body, data: { ...data, ttlSeconds: SHORT_TOKEN_TTL_SECONDS } } };
    },
    authenticate: (_operationId, result, headers) => {
      const token = headers['x-cap-api-oauth-token'];
      const issued = typeof token === 'string' ? issuedAt.get(token) : undefined;
      return issued !== undefined && Date.now() - issued >= SHORT_TOKEN_TTL_SECONDS * 1000
        ? { ok: false, reason: 'OAuth token expired' }
        : result;
    },
  };
};

/** How long the tokens of {@link wholeSecondTokens} are announced to live. */
const WHOLE_SECOND_TOKEN_TTL_SECONDS = 3;

/**
 * OAuth tokens announced with a ttlSeconds of {@link WHOLE_SECOND_TOKEN_TTL_SECONDS} whose expiry is
 * kept in whole seconds, as a JWT's `exp` claim (the public token page's example token is a JWT with
 * whole-second `iat` and `exp`): a token issued at 12.7 s expires at 15 s, so it lives between
 * ttlSeconds − 1 and ttlSeconds, and is refused with 401 afterwards. Every answer comes 15 ms late, so
 * a run outlives several tokens.
 */
const wholeSecondTokens = (): NonNullable<FaultOptions['hooks']> => {
  const expiresAt = new Map<string, number>();
  return {
    reply: async (operationId, reply) => {
      await new Promise((resolve) => setTimeout(resolve, 15));
      if (operationId !== 'generateOAuthToken' || reply.status !== 200) return reply;
      const body = bodyRecord(reply.body);
      const data = bodyRecord(body.data);
      const issuedSecond = Math.floor(Date.now() / 1000);
      expiresAt.set(String(data.accessToken), (issuedSecond + WHOLE_SECOND_TOKEN_TTL_SECONDS) * 1000);
      return { ...reply, body: { ...body, data: { ...data, ttlSeconds: WHOLE_SECOND_TOKEN_TTL_SECONDS } } };
    },
    authenticate: (_operationId, result, headers) => {
      const token = headers['x-cap-api-oauth-token'];
      const expires = typeof token === 'string' ? expiresAt.get(token) : undefined;
      return expires !== undefined && Date.now() >= expires
        ? { ok: false, reason: 'OAuth token expired' }
        : result;
    },
  };
};

/** How many calls an OAuth token of {@link tokensRevokedAfterUses} authenticates before it is revoked. */
const REVOKED_AFTER_USES = 50;

/**
 * OAuth tokens revoked after their first {@link REVOKED_AFTER_USES} authenticated calls, long
 * before the ttlSeconds they were issued with: refused with 401 from then on, as a target that
 * revokes tokens (a rotation, a session cap, a clock ahead of ours) would. A 401 means the request
 * was not processed; a new token from the token endpoint is accepted.
 */
const tokensRevokedAfterUses = (): NonNullable<FaultOptions['hooks']> => {
  const uses = new Map<string, number>();
  return {
    authenticate: (_operationId, result, headers) => {
      const token = headers['x-cap-api-oauth-token'];
      if (!result.ok || typeof token !== 'string') return result;
      const used = (uses.get(token) ?? 0) + 1;
      uses.set(token, used);
      return used > REVOKED_AFTER_USES ? { ok: false, reason: 'OAuth token revoked' } : result;
    },
  };
};

/** How long the tokens of {@link currentTokenReissued} live. */
const REISSUED_TOKEN_TTL_SECONDS = 2;

/** Failed authentications {@link failedAuthenticationsLimited} lets through per window. */
const AUTH_FAILURE_LIMIT = 8;
/** The window of {@link AUTH_FAILURE_LIMIT}. */
const AUTH_FAILURE_WINDOW_MS = 3_000;

/**
 * {@link tokensRevokedAfterUses} whose revoked token is answered 403 (the envelope's code 401
 * kept), as a gateway answering every failed authentication 403 would (variant `auth-refused-403`).
 */
const tokensRevokedAnswered403 = (): NonNullable<FaultOptions['hooks']> => {
  const revoked = tokensRevokedAfterUses();
  return {
    ...revoked,
    reply: (_operationId, reply) =>
      reply.status === 401 && refusalMessageOf(reply).includes('OAuth token revoked')
        ? { ...reply, status: 403 }
        : reply,
  };
};

/**
 * Every handler, with every `nth` request the handlers see (over all operations) turned away with
 * 429 before it is processed, without Retry-After: a target's rate limit.
 */
const rateLimitedEvery = (nth: number): FaultOptions['handlers'] => {
  let seen = 0;
  return Object.fromEntries(
    (Object.keys(HANDLERS) as OperationId[]).map((operationId) => [
      operationId,
      ((context) => {
        seen += 1;
        return seen % nth === 0
          ? operationId === 'adjustMemberPoints' || operationId === 'inquireMemberPoints'
            ? fabricReply(429, 'Too Many Requests', null, { code: '429', message: 'rate limit exceeded' })
            : capillaryError(429, 'Too Many Requests', 429)
          : HANDLERS[operationId](context);
      }) satisfies HandlerOverride,
    ]),
  );
};

/** A deduction's 200 body, rewritten by `change` (which also sees the request). */
const deductionSuccess =
  (change: (body: Record<string, unknown>, request: HookRequest) => Record<string, unknown>) =>
  (operationId: OperationId, reply: Reply, request: HookRequest): Reply =>
    operationId === 'negativePointsAdjustment' && reply.status === 200
      ? { ...reply, body: change(bodyRecord(reply.body), request) }
      : reply;

/** Rounds half up, away from zero (Java's HALF_UP): 2.5 → 3, −2.5 → −3. */
const roundHalfUp = (points: number) => Math.sign(points) * Math.round(Math.abs(points));

/** The shipped dataset with each customer's main points of the orgs `orgIds` rewritten by `points`. */
const withOrgMainPoints = (
  dataset: Dataset,
  orgIds: readonly string[],
  points: (current: number) => number,
): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) =>
    orgIds.includes(org.id)
      ? {
          ...org,
          customers: org.customers.map((c) => ({
            ...c,
            mainPoints: Object.fromEntries(
              Object.entries(c.mainPoints).map(([p, v]) => [p, points(Number(v))]),
            ),
          })),
        }
      : org,
  ),
});

/** The shipped dataset with the round decimals of program `programId` set to `decimals` in every org. */
const withRoundDecimals = (dataset: Dataset, programId: number, decimals: number): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    programs: org.programs.map((p) => (p.id === programId ? { ...p, roundDecimals: decimals } : p)),
  })),
});

/** Each twoPrograms customer's points in program 973 under {@link wholeAndFourDecimals}. */
const FOUR_DECIMAL_POINTS: Readonly<Record<number, number>> = { 1001: 120.5678, 2001: 10.1235 };

/**
 * The shipped dataset with program 469 counting whole points (figures there rounded down) and 973
 * keeping 4 decimals, in which each twoPrograms customer holds points with 4 of them.
 */
const wholeAndFourDecimals = (dataset: Dataset): Dataset =>
  withOrgs(withRoundDecimals(withRoundDecimals(dataset, 469, 0), 973, 4), (org) => ({
    ...org,
    customers: org.customers.map((c) => ({
      ...c,
      mainPoints: Object.fromEntries(
        Object.entries(c.mainPoints).map(([p, v]) => [
          p,
          p === '973' ? (FOUR_DECIMAL_POINTS[c.id] ?? v) : Math.floor(Number(v)),
        ]),
      ),
    })),
  }));

/** The reference profile declaring round decimals `decimals` for program `programId` in every org. */
const roundDecimalsDeclared = (programId: number, decimals: number): ProfileSource => ({
  edit: (profile) => {
    for (const org of orgsOf(profile))
      org.config.programs = org.config.programs.map((p: { id: number }) =>
        p.id === programId ? { ...p, roundDecimals: decimals } : p,
      );
  },
});

/** Round decimals per org and program of the shipped dataset. */
const ROUND_DECIMALS = new Map<string, number>(
  loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) =>
    o.programs.map((p) => [`${o.id}:${p.id}`, p.roundDecimals] as const),
  ),
);
const DEFAULT_PROGRAM = new Map(
  loadDataset(DEFAULT_DATASET_PATH).orgs.map((o) => [o.id, o.defaultProgramId]),
);

/**
 * A deduction that counts the decimal places of a string amount as written, trailing zeros
 * included ("1.000" has 3): the 8906 message names "decimal places passed", not significant ones.
 */
const decimalsAsWritten: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const amount = body.pointsToBeAdjusted;
  const programId =
    typeof body.programId === 'number' ? body.programId : DEFAULT_PROGRAM.get(context.principal);
  const allowed = ROUND_DECIMALS.get(`${context.principal}:${programId}`);
  const written = typeof amount === 'string' ? (amount.trim().split('.')[1] ?? '').length : 0;
  return allowed !== undefined && written > allowed
    ? capillaryError(
        8906,
        `decimal places passed: ${written} is greater than the configured round decimals: ${allowed} for programId: ${programId}`,
      )
    : HANDLERS.negativePointsAdjustment(context);
};

/** A rate limit's answer: 429 with `Retry-After: 0`, in the Capillary envelope. */
const TOO_MANY_DEDUCTIONS = (): Reply => ({
  ...capillaryError(429, 'too many requests', 429),
  headers: { 'retry-after': '0' },
});

/**
 * A deduction handler that holds each request briefly and answers as `throttled` does (429 with
 * `Retry-After: 0`, by default) while `limit` deductions of the same org are already in flight (the
 * resource table's "Rate limit: NA" does not say there is none).
 */
const throttleDeductions = (limit: number, throttled: () => Reply = TOO_MANY_DEDUCTIONS): HandlerOverride => {
  const inFlight = new Map<string, number>();
  return async (context) => {
    const busy = inFlight.get(context.principal) ?? 0;
    if (busy >= limit) return throttled();
    inFlight.set(context.principal, busy + 1);
    try {
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      return HANDLERS.negativePointsAdjustment(context);
    } finally {
      inFlight.set(context.principal, (inFlight.get(context.principal) ?? 1) - 1);
    }
  };
};

/**
 * A balance answering entityId as a 64-bit integer past 2^53 (2^60 + the customer's id: the table
 * types it `long`), written as digits. Parsed as a JS number every customer's id would be the same.
 */
const entityIdsPast2To53 = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const id = body.entityId as number;
  return {
    ...reply,
    rawBody: JSON.stringify(body).replace(`"entityId":${id}`, `"entityId":${2n ** 60n + BigInt(id)}`),
  };
};

/** The customer (Capillary) or member (fabric) a mutating request is for: the key of its lock or queue. */
const customerKeyOf = (operationId: OperationId, context: Parameters<HandlerOverride>[0]): string =>
  operationId === 'adjustMemberPoints'
    ? `${context.principal}:${String(bodyRecord(context.body).profileId)}`
    : `${context.principal}:${queryValue(context.query, 'identifierValue') ?? ''}`;

/** The mutating operations a concurrency variant serializes or locks. */
const MUTATIONS: readonly OperationId[] = [
  'negativePointsAdjustment',
  'unlockPromisedPoints',
  'adjustMemberPoints',
];

/** Each operation of `operationIds` answered by `handlerFor(operationId)`. */
const handlersOf = (
  operationIds: readonly OperationId[],
  handlerFor: (operationId: OperationId) => HandlerOverride,
): FaultOptions['handlers'] => Object.fromEntries(operationIds.map((id) => [id, handlerFor(id)]));

/**
 * Mutations of `operationIds` sharing a key (`keyOf`: the customer, or the org) queued and served
 * one at a time, each after a pause of `ms` (a target that serializes: later requests simply wait
 * their turn).
 */
const queuedBy = (
  keyOf: (operationId: OperationId, context: Parameters<HandlerOverride>[0]) => string,
  { operationIds = MUTATIONS, ms = 2 }: { operationIds?: readonly OperationId[]; ms?: number } = {},
): FaultOptions['handlers'] => {
  const tails = new Map<string, Promise<unknown>>();
  return handlersOf(operationIds, (operationId) => async (context) => {
    const key = keyOf(operationId, context);
    const turn = (tails.get(key) ?? Promise.resolve()).then(async () => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return HANDLERS[operationId](context);
    });
    const settled = turn.catch(() => undefined);
    tails.set(key, settled);
    try {
      return await turn;
    } finally {
      if (tails.get(key) === settled) tails.delete(key);
    }
  });
};

/** Mutations of one customer queued and served one at a time, each after a short pause. */
const queuedPerCustomer = (): FaultOptions['handlers'] => queuedBy(customerKeyOf);

/**
 * Mutations of one customer refused with `refusal(operationId)` while `limit` others are in flight
 * (a lock or bulkhead per customer, each request held `holdMs`; the documents say nothing of how
 * concurrent requests are refused).
 */
const lockedPerCustomer = (
  operationIds: readonly OperationId[],
  refusal: (operationId: OperationId) => Reply,
  { limit = 1, holdMs = HOLD_MS } = {},
): FaultOptions['handlers'] => {
  const inFlight = new Map<string, number>();
  return handlersOf(operationIds, (operationId) => async (context) => {
    const key = customerKeyOf(operationId, context);
    const busy = inFlight.get(key) ?? 0;
    if (busy >= limit) return refusal(operationId);
    inFlight.set(key, busy + 1);
    try {
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      return HANDLERS[operationId](context);
    } finally {
      inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
    }
  });
};

/** A refusal in the envelope of the operation's API family. */
const refusalOf = (operationId: OperationId, status: number, code: number, message: string): Reply =>
  operationId === 'adjustMemberPoints'
    ? fabricReply(status, message, null, { code: String(code), message })
    : capillaryError(code, message, status);

/**
 * Optimistic concurrency: a mutation reads its customer's version, works for HOLD_MS, and is
 * refused with 412 (an undocumented code) when another mutation of that customer committed in
 * the meantime; a committed success bumps the version.
 */
const optimisticPerCustomer = (): FaultOptions['handlers'] => {
  const versions = new Map<string, number>();
  return handlersOf(MUTATIONS, (operationId) => async (context) => {
    const key = customerKeyOf(operationId, context);
    const read = versions.get(key) ?? 0;
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    if ((versions.get(key) ?? 0) !== read)
      return refusalOf(operationId, 412, 9412, 'the customer changed meanwhile: read again and retry');
    const reply = HANDLERS[operationId](context);
    if (reply.status < 300) versions.set(key, read + 1);
    return reply;
  });
};

/**
 * Mutations of one customer gathered for a few milliseconds and applied newest first (a target
 * that batches writes and applies them in any order).
 */
const batchedNewestFirst = (): FaultOptions['handlers'] => {
  type Waiting = { context: Parameters<HandlerOverride>[0]; done: (reply: Reply) => void };
  const batches = new Map<string, Waiting[]>();
  return handlersOf(
    MUTATIONS,
    (operationId) => (context) =>
      new Promise<Reply>((done) => {
        const key = `${operationId}:${customerKeyOf(operationId, context)}`;
        let batch = batches.get(key);
        if (!batch) {
          const gathered: Waiting[] = [];
          batch = gathered;
          batches.set(key, gathered);
          setTimeout(() => {
            batches.delete(key);
            for (const item of gathered.reverse()) item.done(HANDLERS[operationId](item.context));
          }, 5);
        }
        batch.push({ context, done });
      }),
  );
};

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * A lenient number parser: a numeric string sent for a number or integer body field is read as the
 * number (a spec `type` issue dropped, the value converted before the handler sees it).
 */
const numericStringsAsNumbers: FaultOptions = {
  hooks: {
    validate: dropIssues(
      'any',
      (i) =>
        i.keyword === 'type' &&
        i.where.startsWith('body.') &&
        (i.expected === 'number' || i.expected === 'integer') &&
        /^"-?\d+(\.\d+)?"$/.test(i.actual),
    ),
  },
  handlers: handlersOf(['negativePointsAdjustment', 'adjustMemberPoints'], (operationId) => (context) => {
    const body = bodyRecord(context.body);
    const fields =
      operationId === 'adjustMemberPoints' ? ['points'] : ['programId', 'promotionId', 'pointsAwardedId'];
    const read = Object.fromEntries(
      fields.flatMap((name) => {
        const value = body[name];
        return typeof value === 'string' && NUMERIC_TEXT.test(value) ? [[name, Number(value)]] : [];
      }),
    );
    return HANDLERS[operationId]({ ...context, body: { ...body, ...read } });
  }),
};

/**
 * A fabric adjustment that reads setToPending from a number or numeric string as a C-like flag
 * (0 false, anything else true) instead of refusing it.
 */
const pendingFlagFromNumbers: FaultOptions = {
  hooks: familyHooks('fabric', {
    validate: dropIssues(
      'adjustMemberPoints',
      (i) => i.where === 'body.setToPending' && i.keyword === 'type' && /^"?-?\d+(\.\d+)?"?$/.test(i.actual),
    ),
  }),
  handlers: {
    adjustMemberPoints: (context) => {
      const body = bodyRecord(context.body);
      const flag = body.setToPending;
      const numeric = typeof flag === 'string' && NUMERIC_TEXT.test(flag) ? Number(flag) : flag;
      return HANDLERS.adjustMemberPoints({
        ...context,
        body: typeof numeric === 'number' ? { ...body, setToPending: numeric !== 0 } : body,
      });
    },
  },
};

/**
 * A lenient integer parser: a number with a fraction sent for an integer field (programId,
 * promotionId, pointsAwardedId of a deduction; programId of a balance read) is truncated, as
 * parseInt would, instead of refused.
 */
const integerFractionsTruncated: FaultOptions = {
  hooks: familyHooks('capillary', {
    validate: dropIssues(
      'any',
      (i) => i.keyword === 'type' && i.expected === 'integer' && /^"?-?\d+\.\d+"?$/.test(i.actual),
    ),
  }),
  handlers: {
    negativePointsAdjustment: (context) => {
      const body = bodyRecord(context.body);
      const truncated = Object.fromEntries(
        ['programId', 'promotionId', 'pointsAwardedId'].flatMap((name) => {
          const value = body[name];
          return typeof value === 'number' && !Number.isInteger(value) ? [[name, Math.trunc(value)]] : [];
        }),
      );
      return HANDLERS.negativePointsAdjustment({ ...context, body: { ...body, ...truncated } });
    },
    getPointsBalance: (context) => {
      const programId = queryValue(context.query, 'programId');
      return programId !== undefined && /^-?\d+\.\d+$/.test(programId)
        ? HANDLERS.getPointsBalance({
            ...context,
            query: { ...context.query, programId: String(Math.trunc(Number(programId))) },
          })
        : HANDLERS.getPointsBalance(context);
    },
  },
};

/** A deduction's 200 with `warnings: null` (nothing to warn about, serialised as Jackson or .NET do). */
const deductionWarningsNull = (operationId: OperationId, reply: Reply): Reply =>
  operationId === 'negativePointsAdjustment' && reply.status === 200
    ? { ...reply, body: { ...bodyRecord(reply.body), warnings: null } }
    : reply;

/** `record` with each of `keys` that is absent or empty ([], {}, '') set to null. */
const nullWhereEmpty = (
  record: Record<string, unknown>,
  keys: readonly string[],
): Record<string, unknown> => {
  const isEmpty = (value: unknown) =>
    value === undefined ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
  return { ...record, ...Object.fromEntries(keys.filter((k) => isEmpty(record[k])).map((k) => [k, null])) };
};

/** The optional properties of each answer a DTO serialiser writes as null when it has no value. */
const JACKSON_OPTIONAL: Partial<Record<OperationId, readonly string[]>> = {
  negativePointsAdjustment: ['message', 'warnings'],
  getPointsBalance: ['entityType', 'promisedPoints', 'promisedPointsBreakup', 'warnings'],
  unlockPromisedPoints: ['warnings'],
  adjustMemberPoints: ['message', 'errors'],
  inquireMemberPoints: ['message', 'errors'],
};
const JACKSON_UNLOCK_LINE = [
  'billNumber',
  'itemCode',
  'programId',
  'promotionIdentifier',
  'promotionId',
  'promotionName',
];
const JACKSON_FABRIC_DATA = ['Message', 'futureDate', 'ExceptionString', 'transactionCode'];

/**
 * A Java/Jackson (or .NET) target: every optional response property it has no value for is sent
 * as null instead of being left out or empty: the Capillary error envelope's `warnings`, a
 * success's `warnings` and `message`, the unlock lines' fields of the other kind of line, fabric's
 * empty `errors`, `message` and `ExceptionString`.
 */
const jacksonNulls = (operationId: OperationId, reply: Reply): Reply => {
  const body = bodyRecord(reply.body);
  if (reply.status !== 200) {
    return 'warnings' in body ? { ...reply, body: nullWhereEmpty(body, ['warnings']) } : reply;
  }
  let rewritten = nullWhereEmpty(body, JACKSON_OPTIONAL[operationId] ?? []);
  if (operationId === 'unlockPromisedPoints' && Array.isArray(body.pointsUnlocked)) {
    rewritten = {
      ...rewritten,
      pointsUnlocked: body.pointsUnlocked.map((line) =>
        nullWhereEmpty(bodyRecord(line), JACKSON_UNLOCK_LINE),
      ),
    };
  }
  if (operationId === 'adjustMemberPoints' && typeof body.data === 'object' && body.data !== null) {
    rewritten = { ...rewritten, data: nullWhereEmpty(bodyRecord(body.data), JACKSON_FABRIC_DATA) };
  }
  return { ...reply, body: rewritten };
};

/** The deduction's identifier names (the page's list). */
const NPA_NAMES = new Set(['mobile', 'externalId']);

/** The unlock's identifier names (the page's list). */
const UPP_NAMES = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);

/**
 * The call with its comma-separated identifiers resolved through the org's primary identifier, as
 * the balance page's dual-eligibility lookup does; undefined (8015) for a lone identifier, a list
 * without the primary, or names and values of different counts.
 */
const throughPrimary = (context: HandlerContext, primary: string): HandlerContext | undefined => {
  const names = (queryValue(context.query, 'identifierName') ?? '').split(',').map((n) => n.trim());
  const values = (queryValue(context.query, 'identifierValue') ?? '').split(',').map((v) => v.trim());
  const at = names.indexOf(primary);
  if (names.length === 1 || names.length !== values.length || at < 0) return undefined;
  return { ...context, query: { ...context.query, identifierName: primary, identifierValue: values[at]! } };
};

const notFound = () => capillaryError(8015, 'Customer not found for the given identifiers');

/**
 * A deduction that, in an org with dual eligibility (its primary in `primaries`), applies the
 * balance page's rule: a lone identifier other than the primary is 8015, several comma-separated
 * identifiers resolve through the primary (a list without it is 8015). The deduction page says
 * nothing of dual eligibility.
 */
const deductThroughPrimary =
  (primaries: ReadonlyMap<string, string>): HandlerOverride =>
  (context) => {
    const primary = primaries.get(context.principal);
    const name = queryValue(context.query, 'identifierName') ?? '';
    if (primary === undefined || name === primary) return HANDLERS.negativePointsAdjustment(context);
    if (!name.split(',').every((n) => NPA_NAMES.has(n.trim())))
      return capillaryError(8013, 'Lookup,Invalid identifier passed');
    const resolved = throughPrimary(context, primary);
    return resolved ? HANDLERS.negativePointsAdjustment(resolved) : notFound();
  };
const deductByPrimaryOnly = deductThroughPrimary(DUAL_PRIMARY);

/**
 * An unlock for a customer (not a user group) that, in an org with dual eligibility, applies the
 * balance page's rule as the deduction above: a lone identifier other than the primary is 8015 (a
 * secondary identifier may be shared by several customers), a list resolves through the primary.
 * The unlock page says nothing of dual eligibility.
 */
const unlockThroughPrimary =
  (primaries: ReadonlyMap<string, string>): HandlerOverride =>
  (context) => {
    const primary = primaries.get(context.principal);
    const name = queryValue(context.query, 'identifierName');
    if (
      primary === undefined ||
      queryValue(context.query, 'type') === 'USERGROUP2' ||
      name === undefined ||
      name === primary
    )
      return HANDLERS.unlockPromisedPoints(context);
    const resolved = throughPrimary(context, primary);
    return resolved ? HANDLERS.unlockPromisedPoints(resolved) : notFound();
  };
const unlockByPrimaryOnly = unlockThroughPrimary(DUAL_PRIMARY);

/**
 * Keys whose values are amounts in the answers of the four endpoints and of the fabric inquiry
 * (ids, statuses and codes are not amounts: their forms are judged on their own).
 */
const AMOUNT_KEYS = new Set([
  'mainPoints',
  'totalPoints',
  'promisedPoints',
  'delayedAccrualPoints',
  'externalTriggerBasedPoints',
  'pointsAvailable',
  'pointsUnlocked',
  'points',
  'memberPointsEarned',
  'memberPointsDeducted',
  'memberPointsUsed',
  'memberPointsExpired',
  'memberPointsAvailable',
  'memberPointsLocked',
]);

/**
 * JSON text of `value` with every amount (a number or numeric string under an {@link AMOUNT_KEYS}
 * key) written by `write`, which gets the amount's decimal text and whether it was a string and
 * returns a JSON token; everything else as JSON.stringify writes it.
 */
const amountsWritten =
  (write: (text: string, wasString: boolean) => string) =>
  (value: unknown, key?: string): string => {
    const amount =
      key !== undefined &&
      AMOUNT_KEYS.has(key) &&
      (typeof value === 'number' || (typeof value === 'string' && NUMERIC_TEXT.test(value)));
    if (amount) return write(String(value), typeof value === 'string');
    const recurse = amountsWritten(write);
    if (Array.isArray(value)) return `[${value.map((v) => recurse(v, key)).join(',')}]`;
    if (value && typeof value === 'object')
      return `{${Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${JSON.stringify(k)}:${recurse(v, k)}`)
        .join(',')}}`;
    return JSON.stringify(value);
  };

/** Every answer's amounts rewritten by `write` ({@link amountsWritten}). */
const amountsAs = (write: (text: string, wasString: boolean) => string) => {
  const text = amountsWritten(write);
  return jsonText((body) => text(body));
};

/** Every amount written with `places` decimal places, padded with zeros (trailing zeros change no value). */
const amountsPaddedTo = (places: number) =>
  amountsAs((text, wasString) => {
    const [whole, fraction = ''] = text.split('.');
    const written = `${whole}.${fraction.padEnd(places, '0')}`;
    return wasString ? JSON.stringify(written) : written;
  });

/** The next double above `value` (what a sum of binary fractions lands on: 0.1 + 0.2). */
const nextDoubleUp = (value: number): number => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, value > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
};

/**
 * A decimal's text as Java's `BigDecimal.stripTrailingZeros().toString()` writes it, which Jackson
 * sends as a JSON number: `670.000` → `6.7E+2`, `10` → `1E+1`, `12.25` → `12.25`, `0` → `0`.
 */
const javaStrippedDecimal = (text: string): string => {
  const [, sign = '', whole = '', fraction = ''] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text) ?? [];
  let digits = (whole + fraction).replace(/^0+(?=\d)/, '');
  let scale = fraction.length;
  while (digits.length > 1 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale -= 1;
  }
  if (/^0+$/.test(digits)) return '0';
  if (scale >= 0) {
    const padded = digits.padStart(scale + 1, '0');
    return `${sign}${scale === 0 ? padded : `${padded.slice(0, -scale)}.${padded.slice(-scale)}`}`;
  }
  const exponent = digits.length - 1 - scale;
  return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}E+${exponent}`;
};

/** Points a billion-point variant adds to every non-zero balance (2 decimals: every program's). */
const BILLIONS = 4_400_000_000.12;

/** The shipped dataset with BILLIONS added to every non-zero Capillary balance and fabric member. */
const withBillions = (dataset: Dataset): Dataset => ({
  ...withOrgs(dataset, (org) => {
    for (const c of org.customers)
      c.mainPoints = Object.fromEntries(
        Object.entries(c.mainPoints).map(([p, v]) => [p, Number(v) === 0 ? v : Number(v) + BILLIONS]),
      );
    return org;
  }),
  fabric: {
    tenants: dataset.fabric.tenants.map((t) => ({
      ...t,
      members: t.members.map((m) =>
        m.activePoints === 0 ? m : { ...m, activePoints: m.activePoints + BILLIONS },
      ),
    })),
  },
});

/**
 * fabric refusals whose status `refused` picks sent with HTTP 200 and the refusal in the envelope:
 * `status` the refusal's code ("Status code of call"), `errors` its details, no `data` (the page
 * types it an object, not null).
 */
const fabricRefusalsIn200 =
  (refused: (status: number) => boolean) =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (operationId !== 'adjustMemberPoints' || !refused(reply.status)) return reply;
    const { data: _data, ...body } = bodyRecord(reply.body);
    return { ...reply, status: 200, body: { ...body, status: reply.status } };
  };

/** The amount and direction of a fabric adjustment request, as its `data.Message` might word them. */
const signedMessage = (request: HookRequest): string => {
  const body = bodyRecord(request.body);
  const points = Number(body.points);
  const verb = body.setToPending === true ? 'pending' : points < 0 ? 'deducted' : 'added';
  return `${points < 0 ? '-' : '+'}${Math.abs(points).toFixed(2)} points ${verb}`;
};

/**
 * A decimal's text in exponent form, one digit before the point and trailing zeros stripped, as
 * Java's `BigDecimal.stripTrailingZeros().toString()` writes a round amount: `670.000` → `6.7E+2`,
 * `10.000` → `1E+1`; the others in the same form (`12.525` → `1.2525E+1`, `0.5` → `5E-1`), and a
 * zero with its decimals as the exponent (`0.000` → `0E-3`).
 */
const exponentForm = (text: string): string => {
  const [, sign = '', whole = '', fraction = ''] = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text) ?? [];
  const all = whole + fraction;
  const first = all.search(/[1-9]/);
  if (first < 0) return fraction.length > 0 ? `0E-${fraction.length}` : '0E+0';
  const digits = all.slice(first).replace(/0+$/, '');
  // The point stands after the whole digits: the first significant digit's power of ten.
  const exponent = whole.length - 1 - first;
  const mantissa = `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}`;
  return `${sign}${mantissa}E${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
};

/**
 * A 200 of the balance with delayedAccrualPoints and externalTriggerBasedPoints at the top level,
 * as the page's one flat response table can be read (it lists them next to mainPoints, after
 * promisedPointsBreakup, "Break up details of promised points"). `table`: exactly the table's
 * other fields beside them (entityId, mainPoints, totalPoints; no promisedPoints, entityType,
 * warnings or breakup); `moved`: the answer with the breakup's two fields moved to the top level;
 * `both`: the two at the top level and inside the breakup, equal.
 */
const balanceBreakupAtTopLevel =
  (shape: 'table' | 'moved' | 'both') =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
    const { promisedPointsBreakup, ...body } = bodyRecord(reply.body);
    const { delayedAccrualPoints, externalTriggerBasedPoints } = bodyRecord(promisedPointsBreakup);
    const flat = { delayedAccrualPoints, externalTriggerBasedPoints };
    if (shape === 'table') {
      const { entityId, mainPoints, totalPoints } = body;
      return { ...reply, body: { entityId, mainPoints, totalPoints, ...flat } };
    }
    return { ...reply, body: { ...body, ...flat, ...(shape === 'both' ? { promisedPointsBreakup } : {}) } };
  };

/**
 * The dataset with the bills with line items (B-1001-1, B-2001-1) also promising bill-level
 * `points` in the customer's second program (973): a bill over two programs.
 */
const withBillPointsIn973 = (dataset: Dataset, points: number): Dataset =>
  withOrgs(dataset, (org) => {
    for (const c of org.customers)
      for (const bill of c.bills ?? [])
        if (['B-1001-1', 'B-2001-1'].includes(bill.billNumber))
          bill.promised.push({ programId: 973, points, category: 'externalTrigger' });
    return org;
  });

/** An unlock's 200 answer with each line changed by `change` (the points move as the reference moves them). */
const unlockLines =
  (change: (line: Record<string, unknown>) => Record<string, unknown>) =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
    const body = bodyRecord(reply.body);
    return {
      ...reply,
      body: { ...body, pointsUnlocked: (body.pointsUnlocked as Record<string, unknown>[]).map(change) },
    };
  };

/** The reference's promotion lines (it gives each a promotionId) without `fields`. */
const promotionLinesWithout = (...fields: string[]) =>
  unlockLines((line) =>
    line.promotionId === undefined
      ? line
      : Object.fromEntries(Object.entries(line).filter(([field]) => !fields.includes(field))),
  );

/**
 * An unlock answer with each promotion line's points added to the bill's own line of its program
 * (the table: pointsUnlocked is the "Total number of points unlocked for the bill"), so that no
 * line names a promotion.
 */
const promotionFoldedIntoBillLine = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const lines = (body.pointsUnlocked as Record<string, unknown>[]).map((line) => ({ ...line }));
  const isPromotion = (line: Record<string, unknown>) => line.promotionId !== undefined;
  for (const promotion of lines.filter(isPromotion)) {
    const billLine = lines.find(
      (l) => !isPromotion(l) && l.itemCode === undefined && l.programId === promotion.programId,
    );
    if (!billLine) return reply;
    const micro = [billLine, promotion].reduce(
      (sum, l) => sum + (parseAmount(String(l.pointsUnlocked))?.micro ?? 0),
      0,
    );
    billLine.pointsUnlocked = formatFixed(micro, 3);
  }
  return { ...reply, body: { ...body, pointsUnlocked: lines.filter((l) => !isPromotion(l)) } };
};

/**
 * Like {@link entityIdsPast2To53}, with the balance's entityId repeated in a per-program breakdown
 * beside the sums (extra fields: drift). Only the top-level entityId is the customer's "Unique ID";
 * a reading of the body's text must not fall back to the JS number, in which two customers' ids
 * past 2^53 are one (found by the fifth clean-room provider).
 */
const entityIdsPast2To53Repeated = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const id = body.entityId as number;
  const withBreakdown = { ...body, programs: [{ entityId: id, mainPoints: body.mainPoints }] };
  return {
    ...reply,
    rawBody: JSON.stringify(withBreakdown).replaceAll(
      `"entityId":${id}`,
      `"entityId":${2n ** 60n + BigInt(id)}`,
    ),
  };
};

/**
 * A bill number made of digits past 2^53 (`9007199254740993` + the digits of the shipped one:
 * "B-1001-1" becomes "900719925474099310011"): unique per bill, exact only as text.
 */
const longBillNumber = (billNumber: string) => `9007199254740993${billNumber.replace(/\D/g, '')}`;

/** The shipped dataset with every bill numbered {@link longBillNumber}. */
const withLongBillNumbers = (dataset: Dataset): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    customers: org.customers.map((c) => ({
      ...c,
      bills: c.bills?.map((bill) => ({ ...bill, billNumber: longBillNumber(bill.billNumber) })),
    })),
  })),
});

/**
 * An unlock answer writing each line's all-digit billNumber as a JSON number, as the response
 * example does (`"billNumber": 374`), however long: digits a JS number cannot hold past 2^53.
 */
const billNumbersAsNumbers = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  return {
    ...reply,
    rawBody: JSON.stringify(reply.body).replace(/"billNumber":"(\d+)"/g, '"billNumber":$1'),
  };
};

/**
 * The strict org with cuid as its dual-eligibility primary identifier, every customer given one
 * (`CU-<id>`), and balance lookups by cuid taken: the balance page parses identifiers "for example
 * email, mobile, externalId" and "determines which identifier is configured as the primary key".
 */
const cuidPrimaryDataset = (dataset: Dataset): Dataset =>
  withOrgs(dataset, (org) => {
    if (!org.dualEligibility.enabled) return org;
    org.dualEligibility = { enabled: true, primaryIdentifier: 'cuid' };
    for (const c of org.customers) c.identifiers.cuid ??= `CU-${c.id}`;
    return org;
  });
const BALANCE_NAMES_WITH_CUID = new Set(['mobile', 'email', 'externalId', 'cuid']);
const balanceByCuid = dropIssues('getPointsBalance', (issue) =>
  Boolean(identifierNamesOf(issue)?.every((n) => BALANCE_NAMES_WITH_CUID.has(n))),
);
/** The first member of the tenant the credentials belong to (in the shipped dataset, the fixture member). */
const firstMemberOf = (tenantId: string): string | undefined =>
  loadDataset(DEFAULT_DATASET_PATH).fabric.tenants.find((t) => t.id === tenantId)?.members[0]?.profileId;

/**
 * An adjustment for a profileId no member has is answered 200 with the documented body, as a
 * target that enrols a member on its first adjustment would; no existing member's points move.
 */
const unknownMembersEnrolled: HandlerOverride = (context) => {
  const { profileId, points } = bodyRecord(context.body);
  if (
    typeof profileId !== 'string' ||
    profileId === '' ||
    context.ledger.member(context.principal, profileId)
  )
    return HANDLERS.adjustMemberPoints(context);
  return fabricReply(200, 'Member points adjusted', {
    Message: `${Math.abs(Number(points)).toFixed(1)} points added`,
    futureDate: false,
    ExceptionString: '',
    transactionCode: randomUUID(),
  });
};

/** An adjustment without profileId adjusts the tenant's first member, as one read from a member-bound token. */
const memberFromTokenWithoutProfileId: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const member = firstMemberOf(context.principal);
  return body.profileId === undefined && member !== undefined
    ? HANDLERS.adjustMemberPoints({ ...context, body: { ...body, profileId: member } })
    : HANDLERS.adjustMemberPoints(context);
};

/** A successful adjustment's data.transactionCode names the member's account: the same on each of its adjustments. */
const transactionCodePerMember = (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  if (operationId !== 'adjustMemberPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const account = `account-${String(bodyRecord(request.body).profileId)}`;
  return { ...reply, body: { ...body, data: { ...bodyRecord(body.data), transactionCode: account } } };
};

/**
 * A fabric adjustment whose pointType the member's program does not know (a non-empty name
 * outside `known`) is refused with 400; the others, and the empty or null pointType, go on as in
 * the reference.
 */
const pointTypesOfTheProgram =
  (known: ReadonlySet<string>): HandlerOverride =>
  (context) => {
    const pointType = bodyRecord(context.body).pointType;
    return typeof pointType === 'string' && pointType !== '' && !known.has(pointType)
      ? fabricReply(400, `pointType ${pointType} is not configured for the member's program`, null, {
          pointType: 'not configured',
        })
      : HANDLERS.adjustMemberPoints(context);
  };

/** A balance lookup by email alone answers 8015, as in an org that does not index email. */
const balanceEmailNotIndexed: HandlerOverride = (context) =>
  queryValue(context.query, 'identifierName') === 'email'
    ? capillaryError(8015, 'Customer not found for the given identifiers')
    : HANDLERS.getPointsBalance(context);

/** An unlock that reads no itemCodes: one naming an item code unlocks what one without would. */
const itemCodesIgnored: HandlerOverride = (context) => {
  const { itemCodes: _itemCodes, ...body } = bodyRecord(context.body);
  return HANDLERS.unlockPromisedPoints({ ...context, body });
};

/**
 * Capillary API errors (not those of the credentials) answered with HTTP 200 and the error envelope
 * (legacy v2: "one or more requests have failed").
 */
const apiErrorsAnswered200 = (operationId: OperationId, reply: Reply): Reply => {
  const capillary = ['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'];
  const apiError = reply.status >= 400 && reply.status < 500 && reply.status !== 401 && reply.status !== 403;
  return capillary.includes(operationId) && apiError ? { ...reply, status: 200 } : reply;
};

/**
 * The dataset with the bill-level promised points of every bill that has line items taken out: once
 * its line items are unlocked, only its promotion's points (if any) are left.
 */
const withoutBillLevelPoints = (dataset: Dataset): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    customers: org.customers.map((c) => ({
      ...c,
      bills: c.bills?.map((bill) =>
        bill.promised.some((e) => e.lineItemId !== undefined)
          ? { ...bill, promised: bill.promised.filter((e) => e.lineItemId !== undefined || e.promotion) }
          : bill,
      ),
    })),
  })),
});

/**
 * A ledger whose bills with two line items or more had their first line item unlocked before the
 * run (a filtered unlock by another run, or the target's own use of the bill; the suite's filters
 * unlock the last item code first, so its own interrupted runs leave another line). `serve` answers
 * each unlock: `reference` is the reference's, `unlockedBefore` whether an unlock moved points of
 * the bill before.
 */
const partlyUnlockedBefore =
  (
    serve: (
      reference: () => Outcome<UnlockedLine[]>,
      unlockedBefore: boolean,
      request: UnlockRequest,
    ) => Outcome<UnlockedLine[]>,
  ) =>
  (dataset: Dataset): Ledger => {
    const touched = new Set<string>();
    const ledger = new (class extends Ledger {
      override unlock(orgId: string, request: UnlockRequest) {
        const key = `${orgId}:${request.billNumber}`;
        const outcome = serve(() => super.unlock(orgId, request), touched.has(key), request);
        if (outcome.ok) touched.add(key);
        return outcome;
      }
    })(dataset);
    forEveryBill(dataset, (orgId, request, bill) => {
      const lines = bill.promised.flatMap((e) => (e.lineItemId === undefined ? [] : [e.lineItemId]));
      if (lines.length >= 2) ledger.unlock(orgId, { ...request, lineItemIds: lines.slice(0, 1) });
    });
    return ledger;
  };

/** The "already unlocked" refusal of a variant (a code no document gives, as the domain facts allow). */
const alreadyUnlocked = (message: string) => ({ ok: false as const, code: ALREADY_UNLOCKED, message });

/**
 * {@link partlyUnlockedBefore}'s target checking an unlock line by line and answering the first
 * line's error: a line unlocked before says "already unlocked" before the unknown eventLogId (3918)
 * or eventName (82323272) of the next; a valid unlock moves the lines left.
 */
const perLineFirstErrorPartlyUnlocked = partlyUnlockedBefore((reference, unlockedBefore) => {
  const outcome = reference();
  return !outcome.ok && unlockedBefore && (outcome.code === 3918 || outcome.code === 82323272)
    ? alreadyUnlocked('Promised points already unlocked for a line of the bill.')
    : outcome;
});

/**
 * The reference profile declaring no bill with line items: each org's billWithLineItems is its
 * billWhole, its line items and item codes left out (a team judging whole unlocks only), so
 * anyBill, the invalid-unlock probes' bill, is that bill unlocked whole by move-once.
 */
const lineBillDeclaredWhole: ProfileSource = {
  edit: (profile) => {
    for (const org of orgsOf(profile)) {
      const { lineItemIds: _ids, itemCodes: _codes, ...whole } = org.fixtures.bills.billWithLineItems;
      delete org.fixtures.bills.billWithLineItems;
      org.fixtures.bills.billWhole = whole;
    }
  },
};

/**
 * A ledger whose bills were all unlocked before the run (a rerun on the bills of an earlier one):
 * an unlock of one of them by a customer is refused with an "already unlocked" code of its own
 * before any other check of the body (eventName, eventLogId, filters).
 */
const rerunLedger = (dataset: Dataset): Ledger =>
  new (class extends Ledger {
    readonly #spent = new Set<string>();
    constructor() {
      super(dataset);
      forEveryBill(dataset, (orgId, request) => {
        super.unlock(orgId, request);
        this.#spent.add(`${orgId}:${request.billNumber}`);
      });
    }
    override unlock(orgId: string, request: UnlockRequest) {
      return request.type === 'CUSTOMER' && this.#spent.has(`${orgId}:${request.billNumber}`)
        ? {
            ok: false as const,
            code: ALREADY_UNLOCKED,
            message: 'Promised points already unlocked for the bill.',
          }
        : super.unlock(orgId, request);
    }
  })();

/** The dataset with every bill's promised points rewritten by `points`. */
const withPromisedPoints = (dataset: Dataset, points: (current: number) => number): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    customers: org.customers.map((c) => ({
      ...c,
      bills: c.bills?.map((bill) => ({
        ...bill,
        promised: bill.promised.map((e) => ({ ...e, points: points(Number(e.points)) })),
      })),
    })),
  })),
});

/**
 * A 200 of the unlock with each line's pointsUnlocked shown as a whole number by `whole` (the page's
 * example writes 6, 24, 12), from the ledger's own amount.
 */
const unlockLinesAsWholeNumbers =
  (whole: (points: number) => number) =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
    const body = bodyRecord(reply.body);
    const lines = Array.isArray(body.pointsUnlocked)
      ? (body.pointsUnlocked as Record<string, unknown>[])
      : [];
    return {
      ...reply,
      body: {
        ...body,
        pointsUnlocked: lines.map((line) => ({
          ...line,
          pointsUnlocked: whole(Number(line.pointsUnlocked)),
        })),
      },
    };
  };

/**
 * The shipped dataset with `points` more in every non-zero Capillary balance (both programs of the
 * two-program customer): a sum over programs with more digits than either balance.
 */
const withMainPointsAdded = (dataset: Dataset, points: number): Dataset =>
  withOrgs(dataset, (org) => {
    for (const c of org.customers)
      c.mainPoints = Object.fromEntries(
        Object.entries(c.mainPoints).map(([p, v]) => [p, Number(v) === 0 ? v : Number(v) + points]),
      );
    return org;
  });

/**
 * Reply hooks of a server that closes a connection once it has sat idle `idleMs` after its last
 * answer, without saying so: an explicit `Connection: keep-alive` keeps node:http from announcing
 * `Keep-Alive: timeout=0` (Go's net/http, nginx and many load balancers send no such hint; HTTP
 * lets a server close an idle connection at any time, RFC 9112 §9.5). A client that takes the
 * connection from its pool as the close happens sends its request into a closed connection.
 */
const closedWhenIdle = (idleMs: number): Pick<ReferenceHooks, 'reply'> => {
  const timers = new WeakMap<Socket, ReturnType<typeof setTimeout>>();
  const watched = new WeakSet<Socket>();
  return {
    reply: (_operationId, reply, request) => {
      const { socket } = request;
      if (!watched.has(socket)) {
        watched.add(socket);
        // A request arriving keeps the connection open until its answer.
        socket.on('data', () => clearTimeout(timers.get(socket)));
        socket.on('close', () => clearTimeout(timers.get(socket)));
      }
      clearTimeout(timers.get(socket));
      timers.set(
        socket,
        setTimeout(() => socket.destroy(), idleMs),
      );
      return { ...reply, headers: { ...reply.headers, connection: 'keep-alive' } };
    },
  };
};

/**
 * Unlocks that take a body as the table writes it where the example differs: a body `malformed`
 * finds wrong is refused with `code` (one of the target's own) before anything is looked up.
 */
const unlockAsTheTable =
  (malformed: (body: Record<string, unknown>) => boolean, code: number, message: string): HandlerOverride =>
  (context) =>
    malformed(bodyRecord(context.body))
      ? capillaryError(code, message)
      : HANDLERS.unlockPromisedPoints(context);

/** `eventLogId` only as the table types it, an Array: the example's single integer is refused. */
const unlockEventLogArrayOnly = unlockAsTheTable(
  (body) => body.eventLogId !== undefined && !Array.isArray(body.eventLogId),
  8923,
  'eventLogId must be an array',
);

/** `billNumber` only as the table types it, a String: the example's all-digit number is refused. */
const unlockBillNumberStringOnly = unlockAsTheTable(
  (body) => typeof body.billNumber === 'number',
  8924,
  'billNumber must be a string',
);

/** Exactly the body fields the table lists: the example's `sourceTilId` (the table's `sourceTillId`) is refused. */
const unlockTableFieldsOnly = unlockAsTheTable(
  (body) => 'sourceTilId' in body,
  8925,
  'unknown body field: sourceTilId',
);

/**
 * A deduction whose amount is a JSON number with more decimals than the program allows is refused
 * with a code of the target's own (8926) instead of 8906: the number form is neither the example's
 * string nor the table's Integer, so no document gives its refusal a code. Strings still get 8906.
 */
const numberOverDecimalsOwnCode = (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  if (operationId !== 'negativePointsAdjustment' || reply.status < 400) return reply;
  const codes = ((bodyRecord(reply.body).errors as { code?: unknown }[] | undefined) ?? []).map(
    (e) => e.code,
  );
  return codes.includes(8906) && typeof bodyRecord(request.body).pointsToBeAdjusted === 'number'
    ? capillaryError(8926, 'pointsToBeAdjusted: a number with more decimal places than the program allows')
    : reply;
};

/** The item codes of each bill of the shipped dataset, by bill number (every org). */
const ITEM_CODES_OF_BILL = new Map<string, Set<string>>(
  loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) =>
    o.customers.flatMap((c) =>
      (c.bills ?? []).map(
        (b) =>
          [
            b.billNumber,
            new Set(b.promised.flatMap((line) => (line.itemCode === undefined ? [] : [line.itemCode]))),
          ] as const,
      ),
    ),
  ),
);

/**
 * An unlock naming an item code its bill does not have is refused with a code of the target's own
 * (82323295, "item code not found on the bill") before anything is looked up or moved; the
 * documents give no code for it (82323282 is for promised points the filters find none of).
 */
const unlockUnknownItemCodeOwnCode: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const known = ITEM_CODES_OF_BILL.get(String(body.billNumber));
  const codes = body.itemCodes;
  return known && Array.isArray(codes) && codes.some((code) => typeof code === 'string' && !known.has(code))
    ? capillaryError(82323295, 'Item code not found on the bill.')
    : HANDLERS.unlockPromisedPoints(context);
};

/**
 * A deduction handler that keeps amounts in a signed 32-bit integer, as the table's "Integer" may
 * mean: an amount above 2^31 − 1 is refused as out of range with a code of its own (8996), nothing
 * deducted. The documents give no maximum and no code for one.
 */
const deductionInt32Range: HandlerOverride = (context) => {
  const amount = parseAmount(bodyRecord(context.body).pointsToBeAdjusted);
  return amount && amount.micro > (2 ** 31 - 1) * 1e6
    ? capillaryError(8996, 'points to be adjusted exceed the largest integer allowed')
    : HANDLERS.negativePointsAdjustment(context);
};

/** Both orgs resolving dual-eligibility lookups through externalId (the dataset's side). */
const externalIdPrimaryLedger = (dataset: Dataset) =>
  new Ledger(
    withOrgs(dataset, (org) => ({
      ...org,
      dualEligibility: { enabled: true, primaryIdentifier: 'externalId' },
    })),
  );

/** The profile of such a target: both orgs declare dual eligibility with externalId the primary. */
const externalIdPrimaryProfile: ProfileSource = {
  edit: editDual((org) => {
    org.config.dualEligibility = { enabled: true, primaryIdentifier: 'externalId' };
  }),
};

/** externalId the primary identifier of both orgs. */
const EXTERNAL_ID_PRIMARY = new Map([
  ['strict', 'externalId'],
  ['lenient', 'externalId'],
]);

/** Comma-separated identifier lists accepted by the deduction and the unlock (names of each page's list). */
const deductionAndUnlockLists: NonNullable<ReferenceHooks['validate']> = (operationId, validation) =>
  identifierLists('unlockPromisedPoints', UPP_NAMES)(
    operationId,
    identifierLists('negativePointsAdjustment', NPA_NAMES)(operationId, validation),
  );

/**
 * Capillary error answers carrying what a gateway or framework adds: a request id and a timestamp
 * beside `errors`, a field and a severity on each item, and a warning item in `warnings` (the
 * envelope is confirmed on another page; a client matches on `code`).
 */
const errorEnvelopeExtras = (operationId: OperationId, reply: Reply): Reply => {
  const body = reply.body as { errors?: Record<string, unknown>[] } | undefined;
  if (operationId === 'adjustMemberPoints' || reply.status < 400 || !Array.isArray(body?.errors))
    return reply;
  return {
    ...reply,
    body: {
      requestId: 'lc-variant-request',
      timestamp: '2026-12-03T10:00:00Z',
      ...body,
      errors: body.errors.map((item) => ({ ...item, field: 'request', severity: 'ERROR' })),
      warnings: [{ status: false, code: 9100, message: 'request logged for audit' }],
    },
  };
};

/**
 * An identifier value as a target that normalises it looks it up: a mobile without spaces, dashes
 * or a leading +, an email in lower case, any other identifier (held in upper case) in upper case.
 */
const normalisedValue = (name: string, value: string): string =>
  name === 'mobile'
    ? value.replace(/[\s+-]/g, '')
    : name === 'email'
      ? value.toLowerCase()
      : value.toUpperCase();

/** The operation with each identifier value of the query (a comma list too) normalised first. */
const normalisingIdentifiers =
  (operationId: OperationId): HandlerOverride =>
  (context) => {
    const names = (queryValue(context.query, 'identifierName') ?? '').split(',');
    const values = (queryValue(context.query, 'identifierValue') ?? '').split(',');
    if (names.length !== values.length) return HANDLERS[operationId](context);
    const identifierValue = names.map((name, i) => normalisedValue(name, values[i]!)).join(',');
    return HANDLERS[operationId]({ ...context, query: { ...context.query, identifierValue } });
  };

/** Programs each seed customer is enrolled in, by org id and customer id (its entityId). */
const ENROLMENTS = new Map(
  loadDataset(DEFAULT_DATASET_PATH).orgs.map(
    (o) => [o.id, new Map(o.customers.map((c) => [c.id, new Set(c.programs)] as const))] as const,
  ),
);

/**
 * A balance read naming one program the customer is not enrolled in refused with 1218 (the
 * deduction's "customer not enrolled in program"), instead of a zero balance: the balance page says
 * what a read of "that particular program" shows, not for a program the customer lacks.
 */
const balanceNotEnrolled1218: HandlerOverride = (context) => {
  const reply = HANDLERS.getPointsBalance(context);
  const programId = queryValue(context.query, 'programId');
  if (reply.status !== 200 || programId === undefined) return reply;
  if (queryValue(context.query, 'fetchDataForAllPrograms') === 'true') return reply;
  const entityId = Number((reply.body as { entityId: unknown }).entityId);
  const programs = ENROLMENTS.get(context.principal)?.get(entityId);
  return programs && !programs.has(Number(programId))
    ? capillaryError(1218, 'Customer is not enrolled in the program')
    : reply;
};

/**
 * What a variant refusing malformed requests without the envelope shows: the body warns, the
 * refusals are judged, documented codes still pass (clean rooms twenty and twenty-one).
 */
const REFUSED_WITHOUT_ENVELOPE_SHOWS: Record<string, Verdict> = {
  'GEN-ERROR-ENVELOPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'GEN-INVALID-REJECTED': 'pass',
  'CAP-NPA-8888': 'pass',
  'CAP-NPA-REASON-LENGTH': 'pass',
};

/** The reference profile pinning `apiErrorStatus` to the status of the answers that carry a code. */
const pinningErrorStatus = (status: number): ProfileSource => ({
  edit: (profile) => {
    profile.apiErrorStatus = status;
  },
});

/** The code of a Capillary error answer's first item, if any. */
const errorCodeOf = (reply: Reply): unknown =>
  (reply.body as { errors?: { code?: unknown }[] } | undefined)?.errors?.[0]?.code;

/** Reason codes a fabric tenant knows: its own, not the example's 7502. */
const TENANT_REASON_CODES = new Set(['RET01', 'GOODWILL']);

/** A fabric adjustment naming a reasonCode the tenant does not know refused with 400, nothing moved. */
const reasonCodesOfTheTenant: Handler = (context) => {
  const reasonCode = bodyRecord(context.body).reasonCode;
  return typeof reasonCode === 'string' && reasonCode !== '' && !TENANT_REASON_CODES.has(reasonCode)
    ? fabricReply(400, 'Unknown reasonCode', null, { reasonCode: `unknown: ${reasonCode}` })
    : HANDLERS.adjustMemberPoints(context);
};

// --- second variant hunt ---

/** Stores and tills a target knows: its own, not the unlock example's store 1122 and till 323. */
const KNOWN_STORES_AND_TILLS = new Set([1, 2]);

/**
 * An unlock naming a store or till the target does not know refused with a code of its own, before
 * the bill is looked up (the page describes both fields as where the transaction occurred and
 * documents no code for an unknown one).
 */
const storesAndTillsKnown: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const unknown = ['sourceStoreId', 'sourceTillId', 'sourceTilId'].find(
    (field) => body[field] !== undefined && !KNOWN_STORES_AND_TILLS.has(Number(body[field])),
  );
  return unknown
    ? capillaryError(82323290, `${unknown} ${String(body[unknown])} not found`)
    : HANDLERS.unlockPromisedPoints(context);
};

/** An unlock whose billDate is older than the target keeps refused with a code of its own. */
const oldBillDatesRefused: HandlerOverride = (context) => {
  const billDate = bodyRecord(context.body).billDate;
  return typeof billDate === 'string' && billDate < '2025-01-01'
    ? capillaryError(82323293, 'billDate is older than the retention period')
    : HANDLERS.unlockPromisedPoints(context);
};

/** Point types a fabric tenant knows: the page's four categories, written its own way. */
const TENANT_POINT_TYPES = new Set(['BASE', 'BONUS', 'PROMOTIONAL', 'RESTRICTED']);

/** A fabric adjustment naming a pointType the tenant does not know refused with 400, nothing moved. */
const pointTypesOfTheTenant: HandlerOverride = (context) => {
  const pointType = bodyRecord(context.body).pointType;
  return typeof pointType === 'string' && !TENANT_POINT_TYPES.has(pointType)
    ? fabricReply(400, 'Unknown pointType', null, { pointType: `unknown: ${pointType}` })
    : HANDLERS.adjustMemberPoints(context);
};

/**
 * Deductions and unlocks refused with 409 while another one for the same customer is in flight,
 * whichever identifier names the customer (the lock is taken on the customer the lookup resolves,
 * not on the identifier's value as concurrent-requests-refused-409 does).
 */
const lockedPerResolvedCustomer = (): FaultOptions['handlers'] => {
  const busy = new Set<string>();
  // The customer as the deduction and the unlock find it, by whichever identifier names it. A
  // request naming nobody the target knows locks only itself: keyed "unknown" for all of them, a
  // deduction of customer 1001 by a lone externalId (not resolved by the balance's rules) was
  // refused because another scenario's request for 1002 was in flight (1 run in 3 under load).
  const customerOf = (context: HandlerContext): string => {
    const found = customerOfAnyIdentifier(context);
    return found
      ? `${context.principal}:${found.id}`
      : `${context.principal}:${queryValue(context.query, 'identifierName')}=${queryValue(context.query, 'identifierValue')}`;
  };
  return Object.fromEntries(
    (['negativePointsAdjustment', 'unlockPromisedPoints'] as const).map((operationId) => [
      operationId,
      async (context: HandlerContext) => {
        const key = customerOf(context);
        if (busy.has(key))
          return capillaryError(9409, 'another request for this customer is in progress', 409);
        busy.add(key);
        try {
          await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
          return HANDLERS[operationId](context);
        } finally {
          busy.delete(key);
        }
      },
    ]),
  );
};

/**
 * Without dual eligibility, a lookup by an identifier value two customers share (the profile's
 * sharedSecondary pair) refused with 409 and a code of its own: which customer is meant cannot be
 * told (the balance page describes shared secondaries under dual eligibility only).
 */
const ambiguousLookupsRefused = (): FaultOptions['handlers'] => {
  const orgs = loadDataset(DEFAULT_DATASET_PATH).orgs;
  return Object.fromEntries(
    (['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'] as const).map((operationId) => [
      operationId,
      (context: HandlerContext) => {
        const org = orgs.find((o) => o.id === context.principal);
        const name = queryValue(context.query, 'identifierName') ?? '';
        const value = queryValue(context.query, 'identifierValue') ?? '';
        const matches = org?.customers.filter(
          (c) => (c.identifiers as Record<string, string | undefined>)[name] === value,
        );
        return org && !org.dualEligibility.enabled && (matches?.length ?? 0) > 1
          ? capillaryError(8016, 'More than one customer matches the identifier', 409)
          : HANDLERS[operationId](context);
      },
    ]),
  );
};

/** A fabric tenant refusing a deduction that would take a member's available points below zero. */
const noFabricOverdraft: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const member = context.ledger.member(context.principal, String(body.profileId));
  return member &&
    typeof body.points === 'number' &&
    body.points < 0 &&
    member.active + toMicro(body.points) < 0
    ? fabricReply(400, 'Insufficient points', null, { points: 'insufficient points' })
    : HANDLERS.adjustMemberPoints(context);
};

/** The lenient org refusing (8907) a deduction that would leave a balance more than 100 below zero. */
const creditLimitOf100: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const amount = parseAmount(body.pointsToBeAdjusted as string | number);
  const identifierName = queryValue(context.query, 'identifierName') ?? '';
  if (context.principal === 'lenient' && amount && amount.micro > 0 && !identifierName.includes(',')) {
    const balance = context.ledger.balance(context.principal, {
      identifierName,
      identifierValue: queryValue(context.query, 'identifierValue') ?? '',
      ...(typeof body.programId === 'number' ? { programId: body.programId } : {}),
      fetchDataForAllPrograms: false,
    });
    if (balance.ok && balance.value.mainPoints - amount.micro < toMicro(-100))
      return capillaryError(8907, 'points to be deducted exceed the credit limit of the org');
  }
  return HANDLERS.negativePointsAdjustment(context);
};

/** Basic credentials of a third org, a copy of the strict one with credentials of its own. */
const THIRD_ORG_BASIC = `Basic ${Buffer.from(
  `till.strict2:${createHash('md5').update('strict2-till-secret').digest('hex')}`,
).toString('base64')}`;

// --- third variant hunt ---

/**
 * Capillary refusals of a request no document gives a code for answered 400 with an `errors` that
 * reports none, a form per operation (null beside a message, an empty list, message strings);
 * refusals with a documented code keep the envelope, at 422.
 */
const codelessErrorsForMalformed = (operationId: OperationId, reply: Reply): Reply => {
  const form = (
    { negativePointsAdjustment: 'null', unlockPromisedPoints: 'empty', getPointsBalance: 'messages' } as const
  )[operationId as 'negativePointsAdjustment'];
  if (form === undefined || !isRefusal(reply)) return reply;
  return errorCodeOf(reply) === UNMAPPED_VALIDATION_CODE
    ? asCodelessErrors(form)(reply)
    : { ...reply, status: 422 };
};

/**
 * Refusals of `operation` with `code` answered with two errors: a validation code of the target's
 * own first (`own`), the documented `code` second.
 */
const ownCodeFirst =
  (operation: OperationId, code: number, own: { code: number; message: string }) =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (operationId !== operation || errorCodeOf(reply) !== code) return reply;
    const errors = [{ status: false, ...own }, ...(reply.body as { errors: unknown[] }).errors];
    return { ...reply, body: { errors, warnings: [] } };
  };

/** An unlock refused with 82323271 answered with an own validation code first and 82323271 second. */
const missingBillNumberAmongCodes = ownCodeFirst('unlockPromisedPoints', 82323271, {
  code: 82323299,
  message: 'request body is invalid',
});

/** A deduction naming a promotion refused with 9975 unless its pointsAwardedRefType is customer_promotions. */
const promotionsAsCustomerPromotions: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const promotion = body.promotionId !== undefined || body.promotionIdentifier !== undefined;
  return promotion && body.pointsAwardedRefType !== 'customer_promotions'
    ? capillaryError(9975, 'a promotion is reversed with pointsAwardedRefType customer_promotions')
    : HANDLERS.negativePointsAdjustment(context);
};

/** A fabric adjustment refused with 400 where its pointType or its reasonCode is not the tenant's. */
const reasonCodesAndPointTypesOfTheTenant: HandlerOverride = (context) => {
  const pointType = bodyRecord(context.body).pointType;
  return typeof pointType === 'string' && !TENANT_POINT_TYPES.has(pointType)
    ? pointTypesOfTheTenant(context)
    : reasonCodesOfTheTenant(context);
};

/**
 * Balance answers giving the promised figures at the top level as numbers and inside
 * promisedPointsBreakup as decimal strings of three places (one figure, two writings).
 */
const balanceBreakupWrittenTwice = (operationId: OperationId, reply: Reply): Reply => {
  if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const breakup = bodyRecord(body.promisedPointsBreakup);
  const asText = (value: unknown) => Number(value).toFixed(3);
  return {
    ...reply,
    body: {
      ...body,
      delayedAccrualPoints: breakup.delayedAccrualPoints,
      externalTriggerBasedPoints: breakup.externalTriggerBasedPoints,
      promisedPointsBreakup: {
        delayedAccrualPoints: asText(breakup.delayedAccrualPoints),
        externalTriggerBasedPoints: asText(breakup.externalTriggerBasedPoints),
      },
    },
  };
};

/** Every seed customer of every org (a reply hook is not told which org a request was for). */
const SEED_CUSTOMERS = loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) => o.customers);

/** The one seed customer a request's identifierName and identifierValue name, if exactly one. */
const seedCustomerNamed = (request: HookRequest): CustomerSeed | undefined => {
  const name = queryValue(request.query, 'identifierName');
  const value = queryValue(request.query, 'identifierValue');
  if (!name || !value) return undefined;
  const named = SEED_CUSTOMERS.filter((c) =>
    name === 'id'
      ? String(c.id) === value
      : (c.identifiers as Record<string, string | undefined>)[name] === value,
  );
  return named.length === 1 ? named[0] : undefined;
};

/** Every seed org's bill numbers together (a reply hook is not told which org a request was for). */
const ANY_ORG_BILLS = new Set([...ORG_BILLS.values()].flatMap((bills) => [...bills]));

/**
 * An unlock that looks its bill number up in the whole org before it reads its query: any refusal
 * of an unlock naming a bill no org has (a query parameter missing or empty, a type, group or
 * source outside the lists) is answered 82323277 instead (the documents give no order).
 */
const billBeforeQuery = (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  if (operationId !== 'unlockPromisedPoints' || !isRefusal(reply) || errorCodeOf(reply) === 82323277)
    return reply;
  const billNumber = bodyRecord(request.body).billNumber;
  return billNumber === undefined || ANY_ORG_BILLS.has(String(billNumber))
    ? reply
    : capillaryError(82323277, 'No bill found for given bill number.');
};

/**
 * An unlock without a source that resolves the customer and its bill first: where the customer
 * named has no such bill, 82323277 comes before 82323284 (the documents give no order).
 */
const sourceAfterOwnBill = (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  if (operationId !== 'unlockPromisedPoints' || errorCodeOf(reply) !== 82323284) return reply;
  if (queryValue(request.query, 'source')) return reply;
  const named = seedCustomerNamed(request);
  if (!named) return reply;
  const billNumber = String(bodyRecord(request.body).billNumber);
  return named.bills?.some((b) => b.billNumber === billNumber)
    ? reply
    : capillaryError(82323277, 'No bill found for given bill number.');
};

/** The reference profile with each org's first declared bill moved last (another customer's comes first). */
const firstBillLast: ProfileSource = {
  edit: (profile) => {
    for (const org of orgsOf(profile)) {
      const [first, ...rest] = Object.entries(org.fixtures.bills);
      org.fixtures.bills = Object.fromEntries([...rest, ...(first ? [first] : [])]);
    }
  },
};

/** A deduction whose reasonOfReturn is the empty string taken as it is (the field is there). */
const emptyReasonAccepted: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  return HANDLERS.negativePointsAdjustment(
    body.reasonOfReturn === '' ? { ...context, body: { ...body, reasonOfReturn: 'not given' } } : context,
  );
};

/** The deduction's refusals the page gives no code for, and the code a target gives each. */
const UNDOCUMENTED_DEDUCTION_REFUSALS: readonly [
  number,
  (body: Record<string, unknown>, code: unknown) => boolean,
][] = [
  [9101, (b) => !('pointsToBeAdjusted' in b)],
  [9102, (b) => Number(b.pointsToBeAdjusted) < 0],
  [9103, (b) => b.reasonOfReturn === ''],
  [9104, (b) => typeof b.reasonOfReturn === 'string' && b.reasonOfReturn.length > 50],
  [9105, (b) => b.promotionId !== undefined && b.promotionIdentifier !== undefined],
  [9106, (b, code) => code === 8874 && b.promotionId === undefined],
];

/**
 * A deduction refused where the page gives no code (a missing or negative amount, an empty or too
 * long reason, both promotion fields, a promotionIdentifier naming none) with a code of the
 * target's own for each.
 */
const undocumentedDeductionRefusalsOwnCodes = (
  operationId: OperationId,
  reply: Reply,
  request: HookRequest,
) => {
  if (operationId !== 'negativePointsAdjustment' || !isRefusal(reply)) return reply;
  const body = bodyRecord(request.body);
  const own = UNDOCUMENTED_DEDUCTION_REFUSALS.find(([, applies]) => applies(body, errorCodeOf(reply)));
  return own ? capillaryError(own[0], `request refused (${own[0]})`) : reply;
};

/**
 * The refusal the unlock page gives an unlock body judged against `bill` alone, before its query:
 * no bill (82323277), another event (82323272), line items or item codes the bill does not have
 * (82323282); undefined where the body alone is not refused.
 */
const bodyRefusalOf = (bill: BillSeed | undefined, body: Record<string, unknown>): Reply | undefined => {
  if (!bill) return capillaryError(82323277, 'No bill found for given bill number.');
  if (body.eventName !== bill.eventName) return capillaryError(82323272, 'Event name not found.');
  const lineItemIds = Array.isArray(body.lineItemIds) ? body.lineItemIds.map(Number) : [];
  const itemCodes = Array.isArray(body.itemCodes) ? body.itemCodes : [];
  if (lineItemIds.length === 0 && itemCodes.length === 0) return undefined;
  const matches = bill.promised.some(
    (e) =>
      (e.lineItemId !== undefined && lineItemIds.includes(e.lineItemId)) ||
      (e.itemCode !== undefined && itemCodes.includes(e.itemCode)),
  );
  return matches ? undefined : capillaryError(82323282, 'No promise points found to unlock.');
};

/**
 * An unlock that reads its source last: an unlock without one (or with an empty one) naming a
 * customer is judged on the customer's own bill, event and line items first, and only then refused
 * 82323284 (the page lists its codes in no order).
 */
const sourceCheckedLast = (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  if (operationId !== 'unlockPromisedPoints' || errorCodeOf(reply) !== 82323284) return reply;
  const named = queryValue(request.query, 'source') ? undefined : seedCustomerNamed(request);
  if (!named) return reply;
  const body = bodyRecord(request.body);
  const bill = named.bills?.find((b) => b.billNumber === String(body.billNumber));
  return bodyRefusalOf(bill, body) ?? reply;
};

/**
 * An unlock that judges its body (the bill, looked up in the whole org, its event and line items)
 * before its query: a missing or empty query parameter (82323284) or an entity type outside the
 * list (82323276) is answered with the body's refusal where it has one.
 */
const queryAfterBody = (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  const code = errorCodeOf(reply);
  if (operationId !== 'unlockPromisedPoints' || (code !== 82323284 && code !== 82323276)) return reply;
  const body = bodyRecord(request.body);
  const bill = SEED_CUSTOMERS.flatMap((c) => c.bills ?? []).find(
    (b) => b.billNumber === String(body.billNumber),
  );
  return bodyRefusalOf(bill, body) ?? reply;
};

/**
 * An unlock that answers a bill whose promised points were all unlocked "no promised points found"
 * (82323282) before it judges the query (82323284, 82323276) or the user group (1645). The bills a
 * whole unlock (no line items, no item codes) used up are remembered per server.
 */
const usedBillAnsweredFirst = (): ReferenceHooks['reply'] => {
  const used = new Set<string>();
  return (operationId, reply, request) => {
    if (operationId !== 'unlockPromisedPoints') return reply;
    const body = bodyRecord(request.body);
    const billNumber = String(body.billNumber);
    const filtered = [body.lineItemIds, body.itemCodes].some(
      (list) => Array.isArray(list) && list.length > 0,
    );
    if (reply.status === 200 && !filtered) used.add(billNumber);
    return [82323284, 82323276, 1645].includes(errorCodeOf(reply) as number) && used.has(billNumber)
      ? capillaryError(82323282, 'No promise points found to unlock.')
      : reply;
  };
};

/** The reference profile without the bills of each org's deductible customer (others' bills only). */
const withoutDeductiblesBills: ProfileSource = {
  edit: (profile) => {
    for (const org of orgsOf(profile)) {
      const bills = Object.entries(org.fixtures.bills ?? {});
      org.fixtures.bills = Object.fromEntries(
        bills.filter(
          ([, bill]) => (bill as { customer?: string }).customer !== org.fixtures.roles.deductible,
        ),
      );
    }
  },
};

/** How long reads over all programs lag a write to their customer, and the window the profile allows. */
const AGGREGATE_LAG_MS = 60;
const AGGREGATE_WINDOW_MS = 150;

/**
 * Balance reads served from a copy that shows a write to the customer (a deduction or unlock
 * answered 200) only `lagMs` after it: within that time a read answers what the same read (by
 * `keyOf`, undefined for a read that is current) answered before the write, or what `serve` makes
 * of the current and that earlier answer (some figures from a store of their own). The documents
 * say nothing of when a read shows a write, and the profile declares the window.
 */
const balanceReadsLag = (
  lagMs: number,
  keyOf: (id: number, request: HookRequest) => string | undefined,
  serve: (id: number, current: Reply, stale: Reply) => Reply = (_id, _current, stale) => stale,
): NonNullable<FaultOptions['hooks']> => {
  const lastWrite = new Map<number, number>();
  const served = new Map<string, { reply: Reply; at: number }>();
  return {
    reply: (operationId, reply, request) => {
      const now = performance.now();
      if (operationId !== 'getPointsBalance') {
        const named = seedCustomerNamed(request);
        if (reply.status === 200 && named && operationId !== 'adjustMemberPoints')
          lastWrite.set(named.id, now);
        return reply;
      }
      if (reply.status !== 200) return reply;
      const id = (reply.body as { entityId: number }).entityId;
      const key = keyOf(id, request);
      if (key === undefined) return reply;
      const last = served.get(key);
      const wrote = lastWrite.get(id) ?? Number.NEGATIVE_INFINITY;
      if (last && last.at < wrote && now - wrote < lagMs) return serve(id, reply, last.reply);
      served.set(key, { reply, at: now });
      return reply;
    },
  };
};

/**
 * Reads over all programs served from an aggregate refreshed AGGREGATE_LAG_MS after each write to
 * the customer, while reads of one program are current.
 */
const aggregateReadsLag = () =>
  balanceReadsLag(AGGREGATE_LAG_MS, (id, request) =>
    queryValue(request.query, 'fetchDataForAllPrograms') === 'true' ? String(id) : undefined,
  );

/** Every balance read (one program or all) served from a replica REPLICA_LAG_MS behind writes. */
const REPLICA_LAG_MS = 40;
const replicaReadsLag = () =>
  balanceReadsLag(
    REPLICA_LAG_MS,
    (id, request) =>
      `${id} ${queryValue(request.query, 'programId') ?? ''} ${queryValue(request.query, 'fetchDataForAllPrograms') ?? ''}`,
  );

/** How long mainPoints lags a write behind a whole display (variant balance-whole-half-even-main-lags). */
const MAIN_LAG_MS = 100;

/** How long one figure of a balance read lags a write when main and total are kept apart. */
const FIGURE_LAG_MS = 60;

/**
 * Balance reads one of whose figures (by the customer's org: `figureOf`, undefined for none) comes
 * from a store of its own showing a write to the customer `lagMs` after it: within that time the
 * figure is what the same read answered before the write, the other figures current.
 */
const figureLags = (lagMs: number, figureOf: (orgId: string | undefined) => string | undefined) => {
  const orgOf = new Map(
    loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) => o.customers.map((c) => [c.id, o.id] as const)),
  );
  return balanceReadsLag(
    lagMs,
    (id, request) => `${id} ${request.searchParams}`,
    (id, current, stale) => {
      const figure = figureOf(orgOf.get(id));
      if (figure === undefined) return current;
      const body = current.body as Record<string, unknown>;
      return { ...current, body: { ...body, [figure]: (stale.body as Record<string, unknown>)[figure] } };
    },
  );
};

/**
 * For FIGURE_LAG_MS after a write, totalPoints (in the strict org, a total kept by an aggregate) or
 * mainPoints (in the lenient org, a balance replica) is what the same read answered before it.
 */
const figuresLagApart = () =>
  figureLags(FIGURE_LAG_MS, (orgId) => (orgId === 'strict' ? 'totalPoints' : 'mainPoints'));

/** A ledger whose billWhole bills (B-1002-1, B-2003-1) were unlocked before the run. */
const billWholeUnlockedBefore = (dataset: Dataset): Ledger => {
  const ledger = new Ledger(dataset);
  for (const [orgId, mobile, billNumber] of [
    ['strict', '919800001002', 'B-1002-1'],
    ['lenient', '919800002003', 'B-2003-1'],
  ] as const)
    ledger.unlock(orgId, {
      identifierName: 'mobile',
      identifierValue: mobile,
      type: 'CUSTOMER',
      billNumber,
      eventName: 'TransactionAdd',
      eventLogIds: [],
    });
  return ledger;
};

/** Each org's event names (those of its bills), by org id. */
const ORG_EVENTS = new Map(
  loadDataset(DEFAULT_DATASET_PATH).orgs.map(
    (o) => [o.id, new Set(o.customers.flatMap((c) => (c.bills ?? []).map((b) => b.eventName)))] as const,
  ),
);

/** An unlock that refuses an eventName its org does not know (82323272) before anything else. */
const eventNameFirst: HandlerOverride = (context) =>
  ORG_EVENTS.get(context.principal)?.has(String(bodyRecord(context.body).eventName))
    ? HANDLERS.unlockPromisedPoints(context)
    : capillaryError(82323272, 'Event name not found.');

/** The shipped dataset with customer `customerId` of org `orgId` rewritten by `edit`. */
const withCustomer = (
  dataset: Dataset,
  orgId: string,
  customerId: number,
  edit: (customer: CustomerSeed) => CustomerSeed,
): Dataset =>
  withOrgs(dataset, (org) =>
    org.id !== orgId
      ? org
      : { ...org, customers: org.customers.map((c) => (c.id === customerId ? edit(c) : c)) },
  );

/** The shipped dataset with customer `customerId` of org `orgId` holding `points` in the programs named. */
const withCustomerPoints = (
  dataset: Dataset,
  orgId: string,
  customerId: number,
  points: Record<string, number | string>,
): Dataset =>
  withCustomer(dataset, orgId, customerId, (c) => ({ ...c, mainPoints: { ...c.mainPoints, ...points } }));

/**
 * A deduction refused with a code of its own (8999) when its amount carries more significant
 * decimals than `scale`, the most the target's ledger keeps, before the program's round decimals
 * are counted (no program of the reference allows more than 3).
 */
const amountsBeyondScaleOwnCode =
  (scale: number): HandlerOverride =>
  (context) => {
    const amount = parseAmount(bodyRecord(context.body).pointsToBeAdjusted);
    return amount && amount.decimalPlaces > scale
      ? capillaryError(8999, `points to be adjusted carry more than ${scale} decimals`)
      : HANDLERS.negativePointsAdjustment(context);
  };

/**
 * A deduction of less than one point refused with a code of its own (8998) before its decimals are
 * counted: the table types pointsToBeAdjusted Integer, "(value should be >0)".
 */
const minimumOnePointOwnCode: HandlerOverride = (context) => {
  const amount = parseAmount(bodyRecord(context.body).pointsToBeAdjusted);
  return amount && amount.micro > 0 && amount.micro < toMicro(1)
    ? capillaryError(8998, 'the smallest deduction is one point')
    : HANDLERS.negativePointsAdjustment(context);
};

// --- seventh variant hunt ---

/** The three Capillary operations. */
const CAPILLARY_OPERATIONS: readonly OperationId[] = [
  'negativePointsAdjustment',
  'unlockPromisedPoints',
  'getPointsBalance',
];

/**
 * A reply hook answering the Capillary refusals no document gives a code for as `rewrite` does (a
 * framework's own body, no code), and moving the coded ones to `codedStatus` when given.
 */
const uncodedRefusalsAs =
  (rewrite: (reply: Reply) => Reply, codedStatus?: number) =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (!CAPILLARY_OPERATIONS.includes(operationId) || !isRefusal(reply)) return reply;
    if (errorCodeOf(reply) === UNMAPPED_VALIDATION_CODE) return rewrite(reply);
    return codedStatus === undefined ? reply : { ...reply, status: codedStatus };
  };

/** A JSON answer of `status` (and a media type of its own, if given). */
const jsonAnswer = (status: number, body: unknown, contentType?: string): Reply => ({
  status,
  body,
  ...(contentType ? { headers: { 'content-type': contentType } } : {}),
});

/** A reply hook changing the body of every 200 balance answer. */
const balanceAnswersAs = (change: (body: Record<string, unknown>) => Record<string, unknown>) =>
  successesAs(
    'getPointsBalance',
    () => true,
    (reply) => ({ ...reply, body: change(bodyRecord(reply.body)) }),
  );

/**
 * A balance written as a serializer leaving out fields equal to their default writes it (kotlinx
 * `encodeDefaults = false`, proto3's JSON): a breakup figure of 0 left out, and promisedPoints of 0.
 */
const zeroPromisedFiguresLeftOut = (body: Record<string, unknown>): Record<string, unknown> => {
  const breakup = Object.entries(bodyRecord(body.promisedPointsBreakup)).filter(([, v]) => Number(v) !== 0);
  const { promisedPoints, ...rest } = body;
  return {
    ...rest,
    ...(Number(promisedPoints ?? 0) === 0 ? {} : { promisedPoints }),
    promisedPointsBreakup: Object.fromEntries(breakup),
  };
};

// --- eighth variant hunt: the unlock's source fields, the point unlocked and redeemed, the pair ---

/** Where the reference profile says its bills were issued (`fixtures.bills.secondProgram.source`). */
const BILL_SOURCE = { storeId: 1, tillId: 2 };

/** Whether an unlock names a store or till (either spelling) other than `source`. */
const namesOtherSource = (context: HandlerContext, source: { storeId: number; tillId: number }) => {
  const body = bodyRecord(context.body);
  const till = body.sourceTillId ?? body.sourceTilId;
  return (
    (body.sourceStoreId !== undefined && body.sourceStoreId !== source.storeId) ||
    (till !== undefined && till !== source.tillId)
  );
};

/**
 * An unlock whose source fields, where given, must name `source` (by default the store and till
 * every bill of the seed was issued at, store 1, till 2): a bill the org has, named with another
 * store or till, is answered `answer` (the bill looked up where it was issued, its points filtered
 * by where they were earned, or the till refused once the bill is found); a bill no org has goes
 * on to the reference (82323277).
 */
const unlockAtBillSource =
  (answer: () => Reply, source = BILL_SOURCE): HandlerOverride =>
  (context) =>
    namesOtherSource(context, source) && ANY_ORG_BILLS.has(String(bodyRecord(context.body).billNumber))
      ? answer()
      : HANDLERS.unlockPromisedPoints(context);

/**
 * An unlock whose credentials' till (store 1, till 2, both orgs) may name no other store or till in
 * its source fields: refused 403 with `code` (the page does not say which stores a till may name).
 */
const sourceOfCredentialsOnly =
  (code: number, message: string, status = 403): HandlerOverride =>
  (context) =>
    namesOtherSource(context, BILL_SOURCE)
      ? capillaryError(code, message, status)
      : HANDLERS.unlockPromisedPoints(context);

/** The reference profile with customer 1001's bill B-1001-2 declared issued at `source`. */
const secondProgramIssuedAt = (source: { storeId: number; tillId: number } | undefined): ProfileSource => ({
  edit: (profile) => {
    const bill = orgsOf(profile)[0]!.fixtures.bills.secondProgram;
    if (source) bill.source = { ...source };
    else delete bill.source;
  },
});

/** The bill B-1001-2 declared issued at store 7, till 70, and every API error pinned to 400 (apiErrorStatus). */
const secondProgramAt7ErrorsPinned400: ProfileSource = {
  edit: (profile) => {
    orgsOf(profile)[0]!.fixtures.bills.secondProgram.source = { storeId: 7, tillId: 70 };
    profile.apiErrorStatus = 400;
  },
};

/** Customer 1001 of the strict org holding `points` in program 973 (none there: its unlock is redeemed). */
const strict973 = (points: number | string) => (dataset: Dataset) =>
  new Ledger(withCustomerPoints(dataset, 'strict', 1001, { 973: points }));

/** Customer `customerId` of the strict org holding `points` in program 469 (two round decimals). */
const strict469 = (customerId: number, points: number) => (dataset: Dataset) =>
  withCustomerPoints(dataset, 'strict', customerId, { 469: points });

/**
 * Customer `customerId` of the strict org holding `points` in program 469 behind a balance read
 * showing every figure as `display` rounds it (`ledger` the reference's, or one built on it).
 */
const heldIn469Shown = (
  customerId: number,
  points: number,
  display: (points: number) => number,
  ledger: (dataset: Dataset) => Ledger = (dataset) => new Ledger(dataset),
): FaultOptions => ({
  createLedger: (dataset) => ledger(strict469(customerId, points)(dataset)),
  hooks: { reply: balanceAsWholeNumbers(display) },
});

/** Capillary's 4xx answers sent with HTTP 200, the error envelope kept (legacy v2's "one or more requests have failed"). */
const capillaryErrorsIn200 = (operationId: OperationId, reply: Reply): Reply =>
  ['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'].includes(operationId) &&
  reply.status >= 400 &&
  reply.status < 500
    ? { ...reply, status: 200 }
    : reply;

/** Rounds away from zero to a whole point (Java's RoundingMode.UP): 0.2 → 1, −0.2 → −1. */
const roundUp = (points: number) => Math.sign(points) * Math.ceil(Math.abs(points));

/**
 * A ledger comparing a deduction's amount with the balance before anything else it checks
 * (promotions, awards): 8907 first where negative balance is off (the documents give no order).
 */
const balanceJudgedFirst = (dataset: Dataset): Ledger =>
  new (class extends Ledger {
    override deduct(orgId: string, request: DeductionRequest) {
      const org = dataset.orgs.find((o) => o.id === orgId);
      const found = this.resolveLookup(orgId, request.identifierName, request.identifierValue);
      const amount = parseAmount(request.pointsToBeAdjusted);
      if (!org || !found.ok || !amount || org.allowNegativeBalanceOnReturn)
        return super.deduct(orgId, request);
      const available = found.value.main.get(request.programId ?? org.defaultProgramId) ?? 0;
      return amount.micro > available
        ? {
            ok: false as const,
            code: 8907,
            message: 'points to be deducted are greater than available points',
          }
        : super.deduct(orgId, request);
    }
  })(dataset);

/**
 * An intercept answering the first `count` requests of `operationIds` with 503 and `Retry-After`
 * (a rate limit or a short overload in front of the provider: not processed), the rest let through.
 */
const firstAnsweredBusy = (operationIds: readonly OperationId[], count: number, retryAfter: string) => {
  let seen = 0;
  return (operationId: OperationId): Reply | undefined => {
    if (!operationIds.includes(operationId) || seen >= count) return undefined;
    seen += 1;
    return { status: 503, body: { message: 'Service Unavailable' }, headers: { 'retry-after': retryAfter } };
  };
};

// --- ninth variant hunt ---

/**
 * An intercept answering the first request of `operationId` with a gateway's 504 (no Retry-After),
 * the rest let through: a blip at the run's start, not an outage.
 */
const firstAnsweredGatewayTimeout = (operationId: OperationId) => {
  let answered = false;
  return (op: OperationId): Reply | undefined => {
    if (op !== operationId || answered) return undefined;
    answered = true;
    return { status: 504, body: { message: 'Gateway Timeout' } };
  };
};

/**
 * A balance written by PHP's `json_encode`, where an empty map and an empty list are one array: a
 * customer without promised points gets `"promisedPointsBreakup":[]` (its zero figures left out).
 */
const emptyBreakupAsList = (body: Record<string, unknown>): Record<string, unknown> => {
  const breakup = Object.entries(bodyRecord(body.promisedPointsBreakup)).filter(([, v]) => Number(v) !== 0);
  return { ...body, promisedPointsBreakup: breakup.length === 0 ? [] : Object.fromEntries(breakup) };
};

// --- tenth variant hunt ---

/** The credentials' own store and till for a target letting a till name only itself (another till of store 1). */
const OWN_TILL = { storeId: 1, tillId: 3 };

/**
 * A body as Lua's cjson writes it after decoding (Kong's response-transformer, Kong/kong#1208): an
 * empty table is both an empty list and an empty map, and is encoded as `{}`.
 */
const emptyListsAsMaps = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.length === 0 ? {} : value.map(emptyListsAsMaps);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, emptyListsAsMaps(member)]));
};

/** A deduction naming a promotion without `field` refused with `code`. */
const promotionNeeds =
  (field: 'pointsAwardedRefType' | 'pointsAwardedId', code: number): HandlerOverride =>
  (context) => {
    const body = bodyRecord(context.body);
    const promotion = body.promotionId !== undefined || body.promotionIdentifier !== undefined;
    return promotion && body[field] === undefined
      ? capillaryError(code, `${field} is required with a promotion`)
      : HANDLERS.negativePointsAdjustment(context);
  };

/** 8877 for a pointsAwardedRefType sent without the pointsAwardedId it qualifies. */
const awardNeeded = () => capillaryError(8877, 'pointsAwardedId is required with pointsAwardedRefType');

/** A pointsAwardedRefType without the pointsAwardedId it qualifies refused with 8877. */
const refTypeNeedsAward: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  return body.pointsAwardedRefType !== undefined && body.pointsAwardedId === undefined
    ? awardNeeded()
    : HANDLERS.negativePointsAdjustment(context);
};

/** A pointsAwardedId without the pointsAwardedRefType naming the kind of award refused with `code`. */
const awardNeedsRefType =
  (code: number): HandlerOverride =>
  (context) => {
    const body = bodyRecord(context.body);
    return body.pointsAwardedId !== undefined && body.pointsAwardedRefType === undefined
      ? capillaryError(code, 'pointsAwardedRefType is required with pointsAwardedId')
      : HANDLERS.negativePointsAdjustment(context);
  };

/** A reply hook answering a fabric request without an Authorization header with `answer`. */
const missingTokenAnswered =
  (answer: Reply) =>
  (operationId: OperationId, reply: Reply, request: HookRequest): Reply =>
    ['adjustMemberPoints', 'inquireMemberPoints'].includes(operationId) &&
    reply.status === 401 &&
    request.headers.authorization === undefined
      ? answer
      : reply;

/** fabric refusals (4xx but 401 and 403) answered 400 with `text` in `contentType`, no JSON. */
const fabricRefusalsAsText = (contentType: string, text: string) =>
  refusalsAs('adjustMemberPoints', (reply) => ({
    ...reply,
    status: 400,
    headers: { 'content-type': contentType },
    rawBody: text,
  }));

/**
 * A fabric adjustment that reads `points` sent as true or false as 1 or 0, as pydantic's lax mode
 * (FastAPI's default) does for an int or float field, instead of refusing it.
 */
const pointsFromBooleans: FaultOptions = {
  hooks: familyHooks('fabric', {
    validate: dropIssues(
      'adjustMemberPoints',
      (i) => i.where === 'body.points' && i.keyword === 'type' && /^(true|false)$/.test(i.actual),
    ),
  }),
  handlers: {
    adjustMemberPoints: (context) => {
      const body = bodyRecord(context.body);
      return HANDLERS.adjustMemberPoints({
        ...context,
        body: typeof body.points === 'boolean' ? { ...body, points: Number(body.points) } : body,
      });
    },
  },
};

/**
 * A ledger whose dual-eligibility lists (the primary's name among two identifiers or more) find
 * the customer whose primary identifier is any listed value, whichever name stands beside it: the
 * page's "If one of the provided values matches the primary key, the API uses it for the lookup".
 * A list in order resolves as the reference's; only a list out of order (which the page asks the
 * caller not to send) gets another answer.
 */
const listResolvedByPrimaryValue = (dataset: Dataset): Ledger =>
  new (class extends Ledger {
    override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
      const found = super.resolveLookup(orgId, identifierName, identifierValue);
      const { enabled, primaryIdentifier } = dataset.orgs.find((o) => o.id === orgId)?.dualEligibility ?? {};
      const names = identifierName.split(',').map((n) => n.trim());
      if (
        found.ok ||
        !enabled ||
        !primaryIdentifier ||
        names.length < 2 ||
        !names.includes(primaryIdentifier)
      )
        return found;
      for (const value of identifierValue.split(',')) {
        const byValue = super.resolveLookup(orgId, primaryIdentifier, value.trim());
        if (byValue.ok) return byValue;
      }
      return found;
    }
  })(dataset);

/** How long variants `npa-duplicate-refused-409` and `fabric-duplicate-refused-409` remember a write they took. */
const DUPLICATE_WINDOW_MS = 2000;

/**
 * A write (`operationId`: the deduction, or fabric's adjustment) identical to one taken for the
 * same customer (a deduction's named by any identifier, an adjustment's by its profileId in the
 * body) less than `windowMs` before, body and all, refused with 409 as a duplicate (nothing
 * moved): duplicate detection of the target's own, on which the documents are silent. `answer`
 * answers what is not a duplicate (the reference's handler unless another is given).
 */
const duplicatesRefused = (
  operationId: 'negativePointsAdjustment' | 'adjustMemberPoints',
  windowMs: number,
  answer: Handler = HANDLERS[operationId],
): HandlerOverride => {
  const taken = new Map<string, number>();
  return (context) => {
    const customer =
      operationId === 'negativePointsAdjustment'
        ? (customerOfAnyIdentifier(context)?.id ?? context.query)
        : '';
    const key = JSON.stringify([context.principal, customer, context.body]);
    const at = Date.now();
    const before = taken.get(key);
    if (before !== undefined && at - before < windowMs)
      return refusalOf(operationId, 409, 409, 'duplicate request: the same write was just taken');
    const reply = answer(context);
    if (reply.status === 200) taken.set(key, at);
    return reply;
  };
};

/** Failed Basic attempts after which variant `basic-till-locked-after-failures` locks a till. */
const LOCKOUT_FAILURES = 5;

// --- variant hunt 19 ---

/**
 * ASP.NET Core's refusals of a request no document gives a code for: the deduction's answered 400
 * with the message as a JSON string (`BadRequest("…")`), the unlock's and the balance read's 400
 * with no body (minimal APIs' binding failures in production); coded refusals keep the envelope at 422.
 */
const aspNetUncodedRefusals = (operationId: OperationId, reply: Reply): Reply =>
  uncodedRefusalsAs(
    (refusal) =>
      operationId === 'negativePointsAdjustment'
        ? { ...refusal, status: 400, body: refusalMessageOf(refusal) }
        : asEmptyRefusal(refusal),
    422,
  )(operationId, reply);

// --- variant hunt 22 ---

/** An error page as nginx in front of a service writes it (`text/html`, no Retry-After). */
const nginxPage = (status: number, title: string): Reply => ({
  status,
  body: undefined,
  headers: { 'content-type': 'text/html' },
  rawBody: `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
});

/** An intercept answering the first `count` requests of the fabric member inquiry (default: all) with `page`. */
const inquiryAnswered = (page: Reply, count = Number.POSITIVE_INFINITY) => {
  let seen = 0;
  return (operationId: OperationId): Reply | undefined => {
    if (operationId !== 'inquireMemberPoints' || seen >= count) return undefined;
    seen += 1;
    return page;
  };
};

/** What a fabric tenant refusing in HTML shows once the probe lets it through (as `fabric-html-refusals-no-inquiry`). */
const FABRIC_HTML_REFUSALS_SHOWS = {
  'GEN-CONTENT-TYPE': 'warn',
  'GEN-BODY-SCHEMA': 'warn',
  'FAB-ADJ-POINTS-REQUIRED': 'pass',
} as const;

/**
 * The shipped dataset with the lenient org's program 469 keeping 3 decimals and its drainable
 * customer (2002, at 0) holding 0.999 there: a fraction its earn rules gave it (variant hunt 26).
 */
const drainableHoldingAFraction = (dataset: Dataset): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) =>
    org.id !== 'lenient'
      ? org
      : {
          ...org,
          programs: org.programs.map((p) => (p.id === 469 ? { ...p, roundDecimals: 3 } : p)),
          customers: org.customers.map((c) =>
            c.id === 2002 ? { ...c, mainPoints: { ...c.mainPoints, 469: 0.999 } } : c,
          ),
        },
  ),
});

/** The reference profile declaring {@link drainableHoldingAFraction}'s 3 decimals for the lenient org's 469. */
const lenientDefaultProgramOfThreeDecimals: ProfileSource = {
  edit: (profile) => {
    const lenient = orgsOf(profile).find((org) => org.id === 'lenient')!;
    lenient.config.programs = lenient.config.programs.map((p: { id: number }) =>
      p.id === 469 ? { ...p, roundDecimals: 3 } : p,
    );
  },
};

/** A ledger answering a deduction's pointsAvailable as the balance over all programs, with 3 decimals. */
class AvailableOverAllPrograms extends Ledger {
  override deduct(orgId: string, request: DeductionRequest) {
    const outcome = super.deduct(orgId, request);
    if (!outcome.ok) return outcome;
    const all = this.balance(orgId, { ...request, fetchDataForAllPrograms: true });
    return all.ok
      ? { ok: true as const, value: { pointsAvailable: formatFixed(all.value.mainPoints, 3) } }
      : outcome;
  }
}

/** A fabric addition left pending answered in words of its own, the active ones as the reference. */
const pendingInItsOwnWords = (operationId: OperationId, reply: Reply, request: { body: unknown }): Reply => {
  const { setToPending, points } = bodyRecord(request.body);
  if (setToPending !== true) return reply;
  return fabricSuccess((body) => ({
    ...body,
    message: 'Member points set to pending',
    data: {
      ...bodyRecord(body.data),
      Message: `${Number(points).toFixed(1)} points pending`,
      futureDate: true,
    },
  }))(operationId, reply);
};

/** The first of the member numbers `fabric-member-numbers` gives the tenant's members, in order. */
const FIRST_MEMBER_NUMBER = 100234;

/** The reference ledger with every fabric member's profileId renamed by `rename`. */
const fabricMembersRenamed = (rename: (profileId: string, index: number) => string) => (dataset: Dataset) =>
  new Ledger({
    ...dataset,
    fabric: {
      tenants: dataset.fabric.tenants.map((t) => ({
        ...t,
        members: t.members.map((m, index) => ({ ...m, profileId: rename(m.profileId, index) })),
      })),
    },
  });

/** The profile's fabric fixture member renamed as `fabricMembersRenamed` renames it. */
const fabricFixtureRenamed = (profile: ProfileDocument, rename: (profileId: string) => string) => {
  const member = profile.fabric.fixtures.member;
  member.profileId = rename(member.profileId);
};

/** The reference adjustment with the profileId upper-cased, as a tenant storing ids so would. */
const adjustmentIgnoringCase: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const { profileId } = body;
  return HANDLERS.adjustMemberPoints({
    ...context,
    body: { ...body, profileId: typeof profileId === 'string' ? profileId.toUpperCase() : profileId },
  });
};

/** The reference inquiry with the path's profileId upper-cased. */
const inquiryIgnoringCase: HandlerOverride = (context) =>
  HANDLERS.inquireMemberPoints({
    ...context,
    pathParams: { ...context.pathParams, profileId: (context.pathParams.profileId ?? '').toUpperCase() },
  });

const JWT_SECRET = 'lc-variant-jwt-secret';
const base64urlJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwtSignature = (signed: string) => createHmac('sha256', JWT_SECRET).update(signed).digest('base64url');
const FABRIC_TENANT = loadDataset(DEFAULT_DATASET_PATH).fabric.tenants[0]?.id ?? '';
const FABRIC_JWT = (() => {
  const signed = `${base64urlJson({ alg: 'HS256', typ: 'JWT' })}.${base64urlJson({ sub: FABRIC_TENANT, iat: 1700000000 })}`;
  return `${signed}.${jwtSignature(signed)}`;
})();

/** An `authenticate` hook taking a Bearer JWT whose signature verifies as the tenant its `sub` names. */
const jwtTenantOf: NonNullable<FaultOptions['hooks']>['authenticate'] = (_operationId, _result, headers) => {
  const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '';
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined)
    return { ok: false, reason: 'not a JWT' };
  const expected = Buffer.from(jwtSignature(`${header}.${payload}`));
  const presented = Buffer.from(signature);
  if (expected.length !== presented.length || !timingSafeEqual(expected, presented))
    return { ok: false, reason: 'invalid JWT signature' };
  const { sub } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown };
  return typeof sub === 'string'
    ? { ok: true, principal: sub, accessGroups: DEFAULT_ACCESS_GROUPS }
    : { ok: false, reason: 'no sub' };
};

/** A fabric deduction checked against the member's balance first, then the string fields' minimum length. */
const balanceBeforeFields: HandlerOverride = (context) => {
  const body = bodyRecord(context.body);
  const member = context.ledger.member(context.principal, String(body.profileId ?? ''));
  const points = typeof body.points === 'number' ? body.points : 0;
  if (member && points < 0 && toMicro(-points) > member.active)
    return fabricReply(400, 'insufficient active points', null, { points: 'insufficient' });
  const empty = ['pointType', 'billingEntity', 'reasonCode'].find((field) => body[field] === '');
  if (empty) return fabricReply(400, `${empty} must not be empty`, null, { [empty]: 'minimum length 1' });
  return HANDLERS.adjustMemberPoints(context);
};

/** A fabric tenant's bearer token issued as a UUID, as an API-key table keyed by a uuid column issues it. */
const FABRIC_UUID_TOKEN = '3f6c2a9e-7b41-4d0e-9c58-a2e4b7d1f06c';

/**
 * An `authenticate` hook reading the Bearer token as a UUID (RFC 9562: hex digits, "case-insensitive
 * on input"), as a lookup against a uuid column does: the token in upper case names the same key.
 */
const uuidTokenTenant: NonNullable<FaultOptions['hooks']>['authenticate'] = (
  _operationId,
  _result,
  headers,
) => {
  const token = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '';
  return token.toLowerCase() === FABRIC_UUID_TOKEN
    ? { ok: true, principal: FABRIC_TENANT, accessGroups: DEFAULT_ACCESS_GROUPS }
    : { ok: false, reason: 'unknown API key' };
};

/** An `authenticate` hook taking the fabric tenant's Bearer token where `names` says the presented one names its key. */
const fabricTokenTenant =
  (names: (presented: string) => boolean): NonNullable<FaultOptions['hooks']>['authenticate'] =>
  (_operationId, _result, headers) =>
    names(/^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '')
      ? { ok: true, principal: FABRIC_TENANT, accessGroups: DEFAULT_ACCESS_GROUPS }
      : { ok: false, reason: 'unknown API key' };

/** A fabric bearer token issued as a ULID (Crockford base32, upper case as its spec writes it). */
const FABRIC_ULID_TOKEN = '01HF3K9ZQ8W5X2M7R4T6V1N0BC';
/** Crockford base32 as its decoder reads it: letters in either case, I and L as 1, O as 0. */
const crockfordCanonical = (text: string) => text.toUpperCase().replace(/[IL]/g, '1').replace(/O/g, '0');
/** A fabric bearer token issued in RFC 4648 base32, lower case (as multibase and onion names write it). */
const FABRIC_BASE32_TOKEN = 'mfrggzdfmztwq2lknnwg23tpobyxe43u';
/** A fabric API key of 32 bytes, issued as its padded base64 (44 characters, the last an `=`). */
const FABRIC_KEY_BYTES = Buffer.from('lc-fabric-key-0123456789abcdef-x');
/** The key a base64 token carries, its padding optional (RFC 4648 §3.2), or undefined if it is none. */
const base64Key = (text: string) => {
  const data = text.replace(/=+$/, '');
  return /^[A-Za-z0-9+/]+={0,2}$/.test(text) && data.length % 4 !== 1
    ? Buffer.from(data, 'base64')
    : undefined;
};
/** A fabric bearer token issued as 40 upper-case hex digits (a SHA-1 of the key, say). */
const FABRIC_UPPER_HEX_TOKEN = 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678';

/** Capillary hooks answering an Authorization header holding the word Basic and nothing after it with `answer`, before authentication. */
const bareBasicAnswered = (answer: () => Reply): ReferenceHooks => ({
  intercept: (_operationId, request) =>
    /^Basic\s*$/i.test(request.headers.authorization ?? '') ? answer() : undefined,
});

/**
 * How many later fabric calls variant `fabric-pending-matures-within-the-run`'s pending additions
 * stay pending: counted in calls, not time, so that a loaded machine sees the same run.
 */
const FABRIC_PENDING_CALLS = 3;

/**
 * A ledger whose pending fabric additions become active {@link FABRIC_PENDING_CALLS} fabric calls
 * later ("The time period for Pending state is configurable"), their earned points counted once.
 */
class PendingMaturingLedger extends Ledger {
  #due: { tenantId: string; profileId: string; points: number; at: number }[] = [];
  readonly #matured = new Map<string, number>();
  #calls = 0;

  #mature(): void {
    const now = ++this.#calls;
    for (const due of this.#due.filter((d) => d.at <= now)) {
      super.adjustMember(due.tenantId, { profileId: due.profileId, points: due.points, setToPending: false });
      const key = `${due.tenantId}\u0000${due.profileId}`;
      this.#matured.set(key, (this.#matured.get(key) ?? 0) + toMicro(due.points));
    }
    this.#due = this.#due.filter((d) => d.at > now);
  }

  override adjustMember(
    tenantId: string,
    request: { profileId: string; points: number; setToPending: boolean },
  ): ReturnType<Ledger['adjustMember']> {
    this.#mature();
    const outcome = super.adjustMember(tenantId, request);
    if (outcome.ok && request.setToPending && request.points > 0)
      this.#due.push({ tenantId, ...request, at: this.#calls + FABRIC_PENDING_CALLS });
    return outcome;
  }

  override member(tenantId: string, profileId: string): ReturnType<Ledger['member']> {
    this.#mature();
    const member = super.member(tenantId, profileId);
    const matured = this.#matured.get(`${tenantId}\u0000${profileId}`) ?? 0;
    return member && { ...member, pending: member.pending - matured, earned: member.earned - matured };
  }
}

/** The reference adjustment refusing 400 a profileId that is no UUID, as a tenant whose member ids are UUIDs validates it. */
const adjustmentOfUuidMembers: HandlerOverride = (context) => {
  const { profileId } = bodyRecord(context.body);
  return typeof profileId === 'string' && !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(profileId)
    ? fabricReply(400, 'profileId must be a UUID', null, { profileId: 'must be a UUID' })
    : HANDLERS.adjustMemberPoints(context);
};

/**
 * A gateway answering every 401 with a plain-text page of its own and WWW-Authenticate, whatever
 * the target behind it wrote (nginx's proxy_intercept_errors): no document shows a refusal's body.
 */
const gatewayUnauthorizedPage: NonNullable<ReferenceHooks['reply']> = (_operationId, reply) =>
  reply.status === 401
    ? {
        ...reply,
        headers: { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="api"' },
        rawBody: 'Unauthorized',
      }
    : reply;

/** Every balance figure an int cast (truncated), a deduction's pointsAvailable "-31.00" (2 decimals, half to even). */
const truncatedReadsAvailableInCents = (
  operationId: OperationId,
  reply: Reply,
  request: HookRequest,
): Reply =>
  balanceAsWholeNumbers(Math.trunc)(
    operationId,
    deductionSuccess((body) => ({
      ...body,
      pointsAvailable: twoDecimalsHalfEven(Number(body.pointsAvailable)).toFixed(2),
    }))(operationId, reply, request),
  );

/**
 * Balance figures raised whole, totalPoints their sum, and a deduction's non-zero pointsAvailable a
 * JSON number one binary step off (cents summed over programs as doubles: -16.519999999999996).
 */
const centsSummedAsDoubles = (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  const shown = totalOfShownFigures(Math.ceil)(operationId, reply, request);
  return deductionSuccess((body) => {
    const points = Number(body.pointsAvailable);
    return Number.isFinite(points) && points !== 0
      ? { ...body, pointsAvailable: nextDoubleUp(points) }
      : body;
  })(operationId, shown, request);
};

/** Every balance figure written whole, half up, over the answer `first` gives (a mapper after it). */
const wholeHalfUpAfter =
  (first: (operationId: OperationId, reply: Reply, request: HookRequest) => Reply) =>
  (operationId: OperationId, reply: Reply, request: HookRequest): Reply =>
    balanceAsWholeNumbers(roundHalfUp)(operationId, first(operationId, reply, request));

/** How far variant `fabric-inquiry-replica-lag-declared`'s member inquiry lags the adjustments (variant hunt 37). */
const FABRIC_REPLICA_LAG_MS = 40;

export const VARIANTS: readonly Variant[] = [
  {
    id: 'points-available-all-programs',
    description:
      'a deduction answers pointsAvailable as the balance over all programs (the document does not say which)',
    options: {
      createLedger: (dataset) => new AvailableOverAllPrograms(dataset),
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'pass' },
  },
  {
    id: 'concurrent-requests-refused-409',
    description:
      'a deduction or unlock for a customer with a request in flight is refused with 409 (a lock; the documents are silent)',
    options: {
      handlers: {
        negativePointsAdjustment: refuseConcurrent('negativePointsAdjustment'),
        unlockPromisedPoints: refuseConcurrent('unlockPromisedPoints'),
      },
    },
    shows: { 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'warn', 'CAP-UPP-CONCURRENT-ONCE': 'pass' },
  },
  {
    id: 'low-balances',
    description: 'every customer starts with 1 point per program (a staging target with little data)',
    options: { createLedger: (dataset) => new Ledger(withMainPoints(dataset, 1)) },
    shows: { 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'balance-judged-first',
    description:
      'with 1 point per program, a deduction above the balance is refused with 8907 before decimals, promotions or awards are looked at (the documents give no order)',
    options: { createLedger: (dataset) => balanceJudgedFirst(withMainPoints(dataset, 1)) },
    shows: { 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'inquiry-points-as-numeric-string',
    description:
      'the fabric member inquiry sends memberPointsAvailable as a numeric string ("500"); the vendor examples show a number',
    options: {
      handlers: { inquireMemberPoints: inquiryWithPoints((points) => String(points)) },
    },
    shows: { 'FAB-INQ-BALANCE': 'warn', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'lenient-scalar-parser',
    description:
      'a number or boolean sent for a text field, or a number for a boolean query flag, is read as its text or as true/false (a lenient parser; the documents are silent)',
    options: {
      hooks: {
        validate: dropIssues(
          'any',
          (i) =>
            i.keyword === 'type' &&
            ((i.expected === 'string' && /^(-?\d+(\.\d+)?|true|false)$/.test(i.actual)) ||
              (i.expected === 'boolean' && /^"-?\d+(\.\d+)?"$/.test(i.actual))),
        ),
      },
    },
    shows: { 'GEN-INVALID-REJECTED': 'warn' },
  },
  {
    id: 'all-programs-flag-true-or-false',
    description:
      'a balance read takes fetchDataForAllPrograms as true only when it is "true" and as false for any other text (the document says what true and false do and gives the flag no type)',
    options: {
      hooks: familyHooks('capillary', {
        validate: dropIssues('any', (i) => i.where === 'query.fetchDataForAllPrograms'),
      }),
    },
    shows: { 'GEN-INVALID-REJECTED': 'warn', 'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'pass' },
  },
  {
    id: 'mobile-shape-validated',
    description:
      'a mobile identifier that is not 8 to 15 digits is refused before any customer lookup (the documents are silent)',
    options: {
      handlers: Object.fromEntries(
        (['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'] as const).map((op) => [
          op,
          ((context) => {
            // Comma lists (dual eligibility) pair names and values by position.
            const names = (queryValue(context.query, 'identifierName') ?? '').split(',');
            const values = (queryValue(context.query, 'identifierValue') ?? '').split(',');
            const badMobile = names.some((n, i) => n === 'mobile' && !/^\d{8,15}$/.test(values[i] ?? ''));
            return badMobile ? capillaryError(8010, 'invalid mobile number') : HANDLERS[op](context);
          }) satisfies HandlerOverride,
        ]),
      ),
    },
    shows: { 'CAP-NPA-8015': 'pass', 'CAP-BAL-8015': 'pass' },
  },
  {
    id: 'no-member-inquiry',
    description:
      'the target has no fabric member inquiry (GET /v1/inquire/{profileId}/member-points answers 404): an endpoint outside the four documents',
    options: {
      handlers: {
        inquireMemberPoints: () => fabricReply(404, 'Not Found', null, { message: 'no such route' }),
      },
    },
    // fabric is judged from the adjustment alone; the balance effects are skipped with what to add.
    shows: {
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-PENDING': 'skip',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-ENVELOPE': 'pass',
      'FAB-ADJ-TRANSACTION-CODE': 'pass',
      'FAB-ADJ-POINTS-REQUIRED': 'pass',
      'FAB-AUTH-BEARER': 'pass',
      'FAB-AUTH-MISSING': 'pass',
    },
  },
  {
    id: 'inquiry-one-entry-per-program',
    description:
      "the fabric member inquiry lists one data[] entry per loyalty program, another program's first (data is an array; which entry an adjustment moves is not documented)",
    options: {
      handlers: {
        inquireMemberPoints: inquiryWithEntries((data) => [
          {
            totalPoints: 250,
            pointsByType: [{ pointType: 'Bonus', points: 250, subType: null }],
            pointsBalance: {
              memberPointsEarned: 250,
              memberPointsDeducted: 0,
              memberPointsUsed: 0,
              memberPointsExpired: 0,
              memberPointsAvailable: 250,
              memberPointsLocked: 0,
            },
          },
          ...data,
        ]),
      },
    },
    shows: {
      'FAB-INQ-BALANCE': 'pass',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-DEDUCT': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
  },
  {
    id: 'inquiry-member-total-beside-program',
    description:
      "the fabric member inquiry lists the member's total first and the program's own entry after it (both move with each adjustment; the inquiry's shape is the target's own)",
    options: {
      handlers: { inquireMemberPoints: inquiryWithEntries((data) => [...data, ...data]) },
    },
    // The entries together moved twice the amount: an overlap the inquiry does not explain warns.
    shows: { 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-PENDING': 'pass', 'FAB-ADJ-POINTS-REQUIRED': 'pass' },
  },
  {
    id: 'inquiry-points-as-object',
    description:
      'the fabric member inquiry answers memberPointsAvailable as an object ({"value": 500}): the inquiry is outside the four documents, so nothing fails for it',
    options: {
      handlers: {
        inquireMemberPoints: inquiryWithPoints((points) => ({ value: points })),
      },
    },
    shows: { 'FAB-INQ-BALANCE': 'skip', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'preissued-token-only',
    description:
      'no OAuth token endpoint (POST /v3/oauth/token/generate answers 404); the profile gives a pre-issued token (scheme oauth-token)',
    options: { handlers: { generateOAuthToken: () => capillaryError(404, 'Not Found', 404) } },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile))
          org.alternateAuth = { scheme: 'oauth-token', token: `${org.id}-preissued-token` };
      },
    },
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-TOKEN-GENERATE': 'skip', 'CAP-AUTH-BASIC': 'pass' },
  },
  {
    id: 'minimal-fixtures',
    description:
      'a profile with one customer with points and one bill with two line items per org (test/faults/profiles/minimal.yaml)',
    options: {},
    profile: profileFile('minimal.yaml'),
    shows: {
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-ONCE': 'pass',
      'CAP-UPP-82323282': 'pass',
      'CAP-UPP-3918': 'pass',
      'CAP-UPP-82323272': 'pass',
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
      'CAP-UPP-FILTER-ITEM-CODES': 'pass',
      'CAP-NPA-8907': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-DECIMALS-PROGRAM': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'skip',
      'CAP-NPA-EXACT-BALANCE': 'skip',
      'CAP-AUTH-ACCESS-GROUP': 'skip',
    },
  },
  {
    id: 'errors-answered-200',
    description:
      'Capillary API errors come with HTTP 200 and the error envelope (legacy v2: "one or more requests have failed"); the profile says apiErrorStatus: any',
    options: { hooks: familyHooks('capillary', { reply: apiErrorsAnswered200 }) },
    profile: {
      edit: (profile) => {
        profile.apiErrorStatus = 'any';
      },
    },
    shows: {
      'CAP-NPA-8907': 'pass',
      'CAP-UPP-82323282': 'pass',
      'CAP-BAL-8015': 'pass',
      'GEN-ERROR-ENVELOPE': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
    },
  },
  {
    id: 'auth-refused-in-200-envelope',
    description:
      'Capillary answers every error, failed authentication included, with HTTP 200 and the error envelope (legacy v2: "one or more requests have failed"); the profile says apiErrorStatus: any',
    options: {
      hooks: familyHooks('capillary', {
        reply: capillaryErrorsIn200,
      }),
    },
    profile: {
      edit: (profile) => {
        profile.apiErrorStatus = 'any';
      },
    },
    // Refused in the envelope the profile declares, so the rules hold; the status (401 is a SHOULD) warns.
    shows: { 'CAP-AUTH-MISSING': 'pass', 'CAP-AUTH-WRONG': 'pass', 'CAP-AUTH-HTTP-STATUS': 'warn' },
  },
  {
    id: 'errors-answered-422',
    description:
      'Capillary API errors come with HTTP 422 instead of 400 (no document gives the status); the profile pins apiErrorStatus: 422',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) =>
          ['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'].includes(operationId) &&
          reply.status === 400
            ? { ...reply, status: 422 }
            : reply,
      }),
    },
    profile: {
      edit: (profile) => {
        profile.apiErrorStatus = 422;
      },
    },
    shows: { 'CAP-NPA-8907': 'pass', 'CAP-UPP-82323282': 'pass', 'GEN-INVALID-REJECTED': 'pass' },
  },
  {
    id: 'fabric-message-without-amount',
    description:
      'a fabric adjustment answers data.Message "Member points adjusted" without the amount (the document shows the wording only in an example)',
    options: {
      handlers: {
        adjustMemberPoints: (context) => {
          const reply = HANDLERS.adjustMemberPoints(context);
          if (reply.status !== 200) return reply;
          const body = bodyRecord(reply.body);
          return {
            ...reply,
            body: { ...body, data: { ...bodyRecord(body.data), Message: 'Member points adjusted' } },
          };
        },
      },
    },
    // The amount in data.Message is the suite's reading of an example: it warns, the adjustment still passes.
    shows: { 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-DEDUCT': 'warn', 'FAB-ADJ-ENVELOPE': 'pass' },
  },
  {
    id: 'amount-forms-swapped',
    description:
      'Capillary amounts in the other form each document allows (balance as "290.000", pointsAvailable and pointsUnlocked as numbers), no warnings array, an undocumented requestId, application/json without a charset',
    options: { hooks: familyHooks('capillary', { reply: amountFormsSwapped }) },
    shows: {
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
      'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'GEN-CONTENT-TYPE': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
      'GEN-UNDOCUMENTED-FIELDS': 'warn',
      // Without the warnings array: the table's "Warnings (if any)" leaves it open, so it only warns.
      'CAP-NPA-RESPONSE-FIELDS': 'warn',
    },
  },
  {
    id: 'unlock-bill-total-with-breakdown',
    description:
      'an unlock answers the bill\'s total per program on its bill line and the item lines as its breakdown (the page calls pointsUnlocked "Total number of points unlocked for the bill")',
    options: { hooks: familyHooks('capillary', { reply: billTotalWithBreakdown() }) },
    // The listed lines add up to more than moved, but to what moved without the item lines: the
    // documents allow that reading, so the sum only warns; the points themselves moved right.
    shows: { 'CAP-UPP-RESPONSE-SUM': 'warn', 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-FILTER-ITEM-CODES': 'pass' },
  },
  {
    id: 'balance-fields-of-the-table',
    description:
      "the balance answers exactly the fields of the page's response table (no promisedPoints, entityType or warnings): promised points only through promisedPointsBreakup",
    options: { hooks: familyHooks('capillary', { reply: balanceAsItsTable }) },
    shows: {
      'CAP-BAL-TOTAL': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
    },
  },
  {
    id: 'fabric-success-without-errors',
    description:
      'a successful fabric adjustment leaves out `errors` ("Error details, if any": there are none); the page marks no response field required',
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricSuccess(({ errors: _errors, ...body }) => body),
      }),
    },
    shows: { 'FAB-ADJ-ENVELOPE': 'warn', 'FAB-ADJ-ADD': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'fabric-data-null-strings',
    description:
      'a successful fabric adjustment answers data.ExceptionString null when there is no exception (the page types data only as an object; "" is its example\'s value)',
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricSuccess((body) => ({
          ...body,
          data: { ...bodyRecord(body.data), ExceptionString: null },
        })),
      }),
    },
    shows: { 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-NULLABLE-STRINGS': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'fabric-data-other-forms',
    description:
      'a successful fabric adjustment answers data.futureDate null and data.transactionCode as a number (the page types data only as an object; the forms come from its example)',
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricSuccess((body) => ({
          ...body,
          data: { ...bodyRecord(body.data), futureDate: null, transactionCode: Date.now() },
        })),
      }),
    },
    // transactionCode as a non-empty string is a SHOULD taken from the example: another form warns.
    shows: { 'FAB-ADJ-ADD': 'pass', 'GEN-BODY-SCHEMA': 'pass', 'FAB-ADJ-TRANSACTION-CODE': 'warn' },
  },
  {
    id: 'fabric-refusals-empty-body',
    description:
      'fabric refusals (4xx) come with an empty body and no Content-Type, 401s with WWW-Authenticate: Bearer (the page documents no error answer)',
    options: {
      hooks: familyHooks('fabric', {
        reply: (operationId, reply) =>
          ['adjustMemberPoints', 'inquireMemberPoints'].includes(operationId) &&
          reply.status >= 400 &&
          reply.status < 500
            ? {
                ...reply,
                rawBody: '',
                headers: {
                  'content-type': '',
                  ...(reply.status === 401 ? { 'www-authenticate': 'Bearer realm="loyalty"' } : {}),
                },
              }
            : reply,
      }),
    },
    shows: {
      'FAB-ADJ-POINTS-REQUIRED': 'pass',
      'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass',
      'FAB-AUTH-MISSING': 'pass',
      'FAB-AUTH-WRONG': 'pass',
      'GEN-CONTENT-TYPE': 'pass',
      'GEN-BODY-SCHEMA': 'warn',
    },
  },
  {
    id: 'fabric-missing-token-400',
    description:
      'a fabric request without an Authorization header is refused with 400 ("Authorization header is required"), a wrong token with 401 (the page documents no error status)',
    options: {
      hooks: familyHooks('fabric', {
        reply: missingTokenAnswered(
          fabricReply(400, 'Authorization header is required', null, { authorization: 'required' }),
        ),
      }),
    },
    shows: { 'FAB-AUTH-MISSING': 'pass', 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-HTTP-STATUS': 'warn' },
  },
  {
    id: 'unlock-item-code-as-list',
    description:
      'an unlock answers each item line\'s itemCode as a list of one code (the response table: "List of codes or SKUs"; its example: one code)',
    options: { hooks: familyHooks('capillary', { reply: itemCodeAsList }) },
    shows: { 'CAP-UPP-FILTER-ITEM-CODES': 'pass', 'CAP-UPP-RESPONSE-SUM': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'bill-looked-up-first',
    description:
      'an unlock looks the bill number up in the whole org before the customer or user group, so an unknown bill is 82323277 whatever the identifier (the documents give no order)',
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override unlock(orgId: string, request: UnlockRequest) {
            const org = dataset.orgs.find((o) => o.id === orgId);
            const known = org?.customers.some((c) =>
              (c.bills ?? []).some((b) => b.billNumber === request.billNumber),
            );
            return known
              ? super.unlock(orgId, request)
              : { ok: false as const, code: 82323277, message: 'No bill found for given bill number.' };
          }
        })(dataset),
    },
    shows: { 'CAP-UPP-1645': 'pass', 'CAP-UPP-82323277': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'balance-all-programs-by-default',
    description:
      'a balance read without fetchDataForAllPrograms covers all programs (the table says what true and false do, not what its absence means)',
    options: { handlers: { getPointsBalance: allProgramsUnlessFalse } },
    shows: {
      'CAP-BAL-ONE-PROGRAM': 'pass',
      'CAP-NPA-PROGRAM-SCOPE': 'pass',
      'CAP-BAL-DEFAULT-PROGRAM': 'pass',
    },
  },
  {
    id: 'status-key-of-the-table',
    description:
      'a successful deduction spells the status key "Status", as the response table writes it (the example writes "status")',
    options: { hooks: familyHooks('capillary', { reply: statusKeyOfTheTable }) },
    shows: {
      'CAP-NPA-AMOUNT-NUMBER': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-RESPONSE-FIELDS': 'warn',
      'GEN-BODY-SCHEMA': 'pass',
    },
  },
  {
    id: 'ref-type-needs-award',
    description:
      'a pointsAwardedRefType without the pointsAwardedId it qualifies is refused with 8877 (the document lists both as optional and says nothing of the pair)',
    options: { handlers: { negativePointsAdjustment: refTypeNeedsAward } },
    shows: { 'CAP-NPA-REFTYPE-VALUES': 'pass', 'CAP-NPA-9975': 'pass' },
  },
  {
    id: 'promotion-looked-up-first',
    description:
      'with a profile that declares no promotion, the probe for 8887 carries an unknown promotionIdentifier: the target refuses it with 8874 before asking for programId (the documents give no order)',
    options: { hooks: familyHooks('capillary', { reply: promotionLookedUpFirst }) },
    profile: profileFile('minimal.yaml'),
    shows: { 'CAP-NPA-8887': 'warn' },
  },
  {
    id: 'award-needs-ref-type',
    description:
      'a pointsAwardedId without the pointsAwardedRefType that says which kind of award it names is refused with 8877 (the document lists both as optional and says nothing of the pair)',
    options: { handlers: { negativePointsAdjustment: awardNeedsRefType(8877) } },
    shows: { 'CAP-NPA-8877': 'pass' },
  },
  {
    id: 'auth-refused-403',
    description:
      'every authentication refusal answers 403 instead of 401, body unchanged (the legacy v2 docs name 401 for failed authentication; a gateway may answer 403)',
    options: {
      hooks: { reply: (_operationId, reply) => (reply.status === 401 ? { ...reply, status: 403 } : reply) },
    },
    shows: {
      'CAP-AUTH-MISSING': 'pass',
      'CAP-AUTH-WRONG': 'pass',
      'FAB-AUTH-MISSING': 'pass',
      'FAB-AUTH-WRONG': 'pass',
      'CAP-AUTH-HTTP-STATUS': 'warn',
      'FAB-AUTH-HTTP-STATUS': 'warn',
    },
  },
  {
    id: 'auth-gateway-401',
    description:
      "authentication refusals come from a gateway: 401 with WWW-Authenticate and a plain-text body (no document shows the refusal's body)",
    options: { hooks: { reply: gatewayUnauthorizedPage } },
    shows: { 'CAP-AUTH-MISSING': 'pass', 'CAP-AUTH-WRONG': 'pass', 'FAB-AUTH-MISSING': 'pass' },
  },
  {
    id: 'token-generate-201',
    description:
      'the OAuth token endpoint answers 201 with ttlSeconds as a numeric string (the token endpoint is outside the four documents)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) => {
          if (operationId !== 'generateOAuthToken' || reply.status !== 200) return reply;
          const body = bodyRecord(reply.body);
          const data = bodyRecord(body.data);
          return { status: 201, body: { ...body, data: { ...data, ttlSeconds: String(data.ttlSeconds) } } };
        },
      }),
    },
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-TOKEN-GENERATE': 'warn', 'GEN-STATUS-DECLARED': 'warn' },
  },
  {
    id: 'unlock-lines-shared-in-parallel',
    description:
      'a bill of three item lines, unlocked line by line under a lock per line: parallel unlocks of the bill share its lines out, so several answers each move some lines and every promised point moves once (the document lets an unlock select lines)',
    options: {
      createLedger: (dataset) => new Ledger(withSpareBillsInLines(dataset)),
      handlers: { unlockPromisedPoints: unlockLineByLine() },
    },
    shows: { 'CAP-UPP-CONCURRENT-ONCE': 'pass' },
  },
  {
    id: 'unlock-lone-secondary-8015',
    description:
      'under dual eligibility an unlock by a lone identifier other than the primary is refused with 8015 and a list with the primary resolves through it, as the balance page says of its lookup (the unlock page says nothing of dual eligibility; secondaries may be shared)',
    options: {
      handlers: { unlockPromisedPoints: unlockByPrimaryOnly },
      hooks: familyHooks('capillary', { validate: identifierLists('unlockPromisedPoints', UPP_NAMES) }),
    },
    shows: { 'CAP-UPP-IDENTIFIER-NAMES': 'warn', 'CAP-UPP-SOURCE-VALUES': 'pass' },
  },
  {
    id: 'unlock-bill-before-type',
    description:
      'an unlock looks the bill up in the whole org before it reads the entity type, so an unknown bill is 82323277 even with a type outside the list (the documents give no order)',
    options: {
      handlers: { unlockPromisedPoints: billBeforeType },
      hooks: familyHooks('capillary', {
        validate: dropIssues('unlockPromisedPoints', (i) => i.where === 'query.type'),
      }),
    },
    shows: { 'CAP-UPP-82323276': 'pass', 'CAP-UPP-82323277': 'pass' },
  },
  {
    id: 'balance-program-id-untyped',
    description:
      'a balance read ignores a programId that is not a whole number, reading it as not passed (the page names programId only in its note and gives it no type)',
    options: {
      handlers: { getPointsBalance: programIdIgnoredUnlessNumeric },
      hooks: familyHooks('capillary', {
        validate: dropIssues('getPointsBalance', (i) => i.where === 'query.programId'),
      }),
    },
    shows: { 'GEN-INVALID-REJECTED': 'warn', 'CAP-BAL-ONE-PROGRAM': 'pass' },
  },
  {
    id: 'dual-primary-external-id',
    description:
      'both orgs resolve dual-eligibility lookups through externalId, not mobile (the balance page: the system "determines which identifier is configured as the primary key"); the profile says so',
    options: { createLedger: externalIdPrimaryLedger },
    profile: externalIdPrimaryProfile,
    shows: {
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-NO-PRIMARY': 'pass',
      'CAP-BAL-DUAL-ORDER': 'pass',
      'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass',
      'CAP-BAL-8015': 'pass',
    },
  },
  {
    id: 'dual-primary-email-shared-mobile',
    description:
      'email is the primary identifier and two customers per org share a mobile number (a family phone) instead of an email; email compared without regard to case (the balance page lets users share secondary identifiers and names email first)',
    options: {
      createLedger: (dataset) => new Ledger(sharedMobileDataset(dataset)),
      handlers: {
        getPointsBalance: (context) => {
          const names = (queryValue(context.query, 'identifierName') ?? '').split(',');
          const values = (queryValue(context.query, 'identifierValue') ?? '').split(',');
          const lowered = values.map((v, i) => (names[i] === 'email' ? v.toLowerCase() : v)).join(',');
          return HANDLERS.getPointsBalance({
            ...context,
            query: { ...context.query, identifierValue: lowered },
          });
        },
      },
    },
    profile: { edit: sharedMobileProfile(false) },
    shows: {
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-ONCE': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
      'CAP-NPA-1218': 'pass',
      'CAP-AUTH-BASIC': 'pass',
      // The strict org's drainable customer declares no email: its balance cannot be read, so skipped.
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'skip',
    },
  },
  {
    id: 'dual-eligibility-on-both',
    description:
      'the lenient org has dual eligibility on too (primary mobile), as the strict org (the balance page: "when dual eligibility is enabled in your organisation"); a lone non-primary identifier is 8015 in both, and the profile says so',
    options: {
      createLedger: (dataset) =>
        new Ledger(
          withOrgs(dataset, (org) =>
            org.id === 'lenient'
              ? { ...org, dualEligibility: { enabled: true, primaryIdentifier: 'mobile' } }
              : org,
          ),
        ),
    },
    profile: {
      edit: editDual((org) => {
        if (org.id === 'lenient') org.config.dualEligibility = { enabled: true, primaryIdentifier: 'mobile' };
      }),
    },
    shows: {
      'CAP-BAL-IDENTIFIER-NAMES': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-8015': 'pass',
      'CAP-NPA-IDENTIFIER-NAMES': 'pass',
    },
  },
  {
    id: 'unlock-repeat-own-code',
    description:
      'a second unlock of a bill whose promised points were all unlocked is refused with an "already unlocked" code of its own (82323290); 82323282 stays for filters that select nothing (no page gives the code of a repeat)',
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override unlock(orgId: string, request: UnlockRequest) {
            const outcome = super.unlock(orgId, request);
            const filtered = Boolean(request.lineItemIds?.length || request.itemCodes?.length);
            return !outcome.ok && outcome.code === 82323282 && !filtered
              ? {
                  ok: false as const,
                  code: ALREADY_UNLOCKED,
                  message: 'Promised points already unlocked for the bill.',
                }
              : outcome;
          }
        })(dataset),
    },
    shows: {
      'CAP-UPP-ONCE': 'pass',
      'CAP-UPP-ONCE-ERROR': 'pass',
      'CAP-UPP-82323282': 'warn',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'GEN-ERROR-CODE-KNOWN': 'warn',
    },
  },
  {
    id: 'not-found-404-nothing-left-409',
    description:
      'Capillary errors that find nothing (8015 customer, 82323277 bill, 3918 event log) answer HTTP 404 and "no promise points to unlock" (82323282) 409 (legacy v2 docs: 404 not found; no page ties a status to a code)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) => {
          if (!['unlockPromisedPoints', 'getPointsBalance', 'negativePointsAdjustment'].includes(operationId))
            return reply;
          if (reply.status !== 400) return reply;
          const codes = ((bodyRecord(reply.body).errors as { code?: unknown }[] | undefined) ?? []).map(
            (e) => e.code,
          );
          if (codes.some((c) => c === 8015 || c === 82323277 || c === 3918)) return { ...reply, status: 404 };
          return codes.includes(82323282) ? { ...reply, status: 409 } : reply;
        },
      }),
    },
    shows: {
      'CAP-BAL-8015': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-UPP-82323277': 'pass',
      'CAP-UPP-3918': 'pass',
      'CAP-UPP-82323282': 'pass',
      'CAP-UPP-ONCE-ERROR': 'pass',
      'GEN-STATUS-DECLARED': 'pass',
    },
  },
  {
    id: 'unlock-bill-totals-only',
    description:
      'an unlock answers one line per bill and program with its total, no item lines, promotion lines first (the response table: pointsUnlocked is the "Total number of points unlocked for the bill"; neither itemCode nor an order is required)',
    options: { hooks: familyHooks('capillary', { reply: billTotalsOnly }) },
    shows: {
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-UPP-FILTER-ITEM-CODES': 'pass',
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
    },
  },
  {
    id: 'success-with-warnings',
    description:
      'successful unlocks and balance reads carry a warning in `warnings` (the Capillary envelope has a warnings array of code/message items; a warning is not an error)',
    options: { hooks: familyHooks('capillary', { reply: withWarning }) },
    shows: {
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-TYPE-DEFAULT': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'CAP-BAL-IDENTIFIER-NAMES': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
    },
  },
  {
    id: 'balance-plain-string-amounts',
    description:
      'the balance answers every amount as a numeric string without trailing zeros ("670", "120.5"), and the unlock its pointsUnlocked so (the documents allow numbers and string decimals; neither fixes the decimals)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) => {
          if (reply.status !== 200) return reply;
          const body = bodyRecord(reply.body);
          if (operationId === 'getPointsBalance') {
            const { entityId, entityType, warnings, ...amounts } = body;
            return {
              ...reply,
              body: { entityId, entityType, ...(numbersAsPlainStrings(amounts) as object), warnings },
            };
          }
          if (operationId !== 'unlockPromisedPoints') return reply;
          const lines = (body.pointsUnlocked as Record<string, unknown>[]).map((l) => ({
            ...l,
            pointsUnlocked: String(Number(l.pointsUnlocked)),
          }));
          return { ...reply, body: { ...body, pointsUnlocked: lines } };
        },
      }),
    },
    shows: {
      'CAP-BAL-TOTAL': 'pass',
      'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
    },
  },
  {
    id: 'profile-programs-reversed',
    description:
      "the profile lists each customer's programs and the org's programs in the other order (973 before 469): the order of a list in the profile carries no meaning",
    options: {},
    profile: {
      edit: editDual((org) => {
        org.config.programs.reverse();
        for (const customer of Object.values(org.fixtures.customers) as ProfileDocument[])
          customer.programs.reverse();
      }),
    },
    shows: {
      'CAP-BAL-ONE-PROGRAM': 'pass',
      'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'pass',
      'CAP-BAL-DEFAULT-PROGRAM': 'pass',
      'CAP-NPA-PROGRAM-SCOPE': 'pass',
    },
  },
  {
    id: 'balance-zero-amounts-omitted',
    description:
      'the balance leaves out promisedPoints and each promisedPointsBreakup amount that is zero (the page marks no response field required; its table lists them without saying they are always there)',
    // Without the lenient org's secondProgram bill (fault hunt 65 added it), so that customer-2001's
    // program 973 promises nothing, as before: the read showing the warning below.
    options: {
      hooks: familyHooks('capillary', { reply: zeroPromisedAmountsOmitted }),
      createLedger: (dataset) => new Ledger(withoutBill(dataset, 'B-2001-2')),
    },
    profile: {
      edit: (profile) => {
        const lenient = orgsOf(profile).find((org) => org.id === 'lenient');
        if (lenient) delete lenient.fixtures.bills.secondProgram;
      },
    },
    // Where every promised amount is zero nothing is left to add up: that only warns.
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-CONCURRENT-ONCE': 'pass' },
  },
  {
    id: 'profile-item-codes-reordered',
    description:
      "the profile lists each bill's item codes in another order than its line items (gd123 before gd739): the profile does not say the two lists run in parallel",
    options: {},
    profile: {
      edit: editDual((org) => {
        for (const bill of Object.values(org.fixtures.bills) as ProfileDocument[]) bill.itemCodes?.reverse();
      }),
    },
    shows: {
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
      'CAP-UPP-FILTER-ITEM-CODES': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-ONCE': 'pass',
    },
  },
  {
    id: 'profile-one-line-bill',
    description:
      "the strict org's bill with line items is one of a single line (B-1001-2: line item 64390, item code kw101, 12.675 points in program 973): a profile declares the lines its bills have",
    options: {},
    profile: {
      edit: editDual((org) => {
        if (org.id !== 'strict') return;
        org.fixtures.bills.billWithLineItems = org.fixtures.bills.secondProgram;
        delete org.fixtures.bills.secondProgram;
      }),
    },
    // The lenient org's bill still judges both filters; the strict org's single line cannot tell them apart.
    shows: {
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-ONCE': 'pass',
      'CAP-UPP-82323282': 'pass',
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
      'CAP-UPP-FILTER-ITEM-CODES': 'pass',
    },
  },
  {
    id: 'second-program-empty',
    description:
      "the customers enrolled in two programs hold no points in the second (973): a staging customer's balance is what it is, and a zero-balance program still counts in the sum over all programs",
    options: {
      createLedger: (dataset) =>
        new Ledger(
          withOrgs(dataset, (org) => {
            for (const c of org.customers) if (c.mainPoints['973'] !== undefined) c.mainPoints['973'] = 0;
            return org;
          }),
        ),
    },
    shows: {
      'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'pass',
      'CAP-BAL-ONE-PROGRAM': 'pass',
      'CAP-NPA-PROGRAM-SCOPE': 'pass',
    },
  },
  {
    id: 'profile-without-default-program',
    description:
      'the profile does not say which program is the default (the user does not know it): reads without programId cannot be compared, nothing else changes',
    options: {},
    profile: { edit: withoutDefaultProgramDeclared },
    shows: { 'CAP-BAL-DEFAULT-PROGRAM': 'skip', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass' },
  },
  {
    id: 'profile-without-emails',
    description:
      'the profile declares no email for any customer, so no pair sharing one (mobile is the primary identifier; the balance page names email only as an example)',
    options: {},
    profile: {
      edit: editDual((org) => {
        for (const customer of Object.values(org.fixtures.customers) as ProfileDocument[])
          delete customer.identifiers.email;
        delete org.fixtures.roles.sharedSecondary;
      }),
    },
    shows: { 'CAP-BAL-IDENTIFIER-NAMES': 'pass', 'CAP-BAL-DUAL-ORDER': 'pass' },
  },
  {
    id: 'unlock-lists-every-item',
    description:
      'an unlock lists every item line of the bill, those it did not unlock with pointsUnlocked 0 (the response table: "details of the points unlocked"; no page says lines with nothing unlocked are left out)',
    options: { hooks: familyHooks('capillary', { reply: everyItemLine }) },
    shows: {
      'CAP-UPP-FILTER-ITEM-CODES': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
    },
  },
  {
    id: 'bill-spans-two-programs',
    description:
      "the bill with line items also promised bill-level points in the customer's second program (973): an unlock answers a line per program, and the points move into each program (the response lines carry programId)",
    options: { createLedger: (dataset) => new Ledger(withBillPointsIn973(dataset, 7.125)) },
    shows: {
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'CAP-UPP-RESPONSE-PROGRAM': 'pass',
    },
  },
  {
    id: 'balance-with-program-breakdown',
    description:
      'a balance over all programs adds an undocumented per-program breakdown (programs in descending id order, those without points left out) next to the documented sums: drift, not a failure',
    options: { handlers: { getPointsBalance: withProgramBreakdown } },
    shows: {
      'GEN-UNDOCUMENTED-FIELDS': 'warn',
      'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
    },
  },
  {
    id: 'unlock-lines-as-one-object',
    description:
      'an unlock answers pointsUnlocked as one object (the bill, its program, the points moved in all) when its lines share one program, as the response table types it ("Object"); the examples show a list',
    options: { hooks: familyHooks('capillary', { reply: unlockAsOneObject }) },
    shows: { 'CAP-UPP-RESPONSE-SUM': 'pass', 'CAP-UPP-RESPONSE-NUMERIC': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'transport-charset-forms',
    description:
      'Content-Type spelled as other servers do: application/json;charset=UTF-8 (Capillary), application/json; charset="utf-8" (fabric), Application/JSON (token endpoint); RFC 9110 §8.3: type and charset are case-insensitive, the value may be quoted',
    options: {
      hooks: {
        reply: (operationId, reply) => ({
          ...reply,
          headers: {
            'content-type':
              operationId === 'generateOAuthToken'
                ? 'Application/JSON'
                : ['adjustMemberPoints', 'inquireMemberPoints'].includes(operationId)
                  ? 'application/json; charset="utf-8"'
                  : 'application/json;charset=UTF-8',
            ...reply.headers,
          },
        }),
      },
    },
    shows: { 'GEN-CONTENT-TYPE': 'pass', 'GEN-BODY-SCHEMA': 'pass', 'CAP-AUTH-OAUTH': 'pass' },
  },
  {
    id: 'transport-gzip-unasked',
    description:
      'every answer gzip-compressed (Content-Encoding: gzip, Vary: Accept-Encoding) though the client sent no Accept-Encoding: RFC 9110 §12.5.3 lets a server use any coding then',
    options: { hooks: { reply: compressedWith('gzip') } },
    shows: { 'GEN-CONTENT-TYPE': 'pass', 'GEN-BODY-SCHEMA': 'pass', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'transport-deflate',
    description: 'every answer compressed with Content-Encoding: deflate (zlib-wrapped, RFC 9110 §8.4.1.2)',
    options: { hooks: { reply: compressedWith('deflate') } },
    shows: { 'GEN-BODY-SCHEMA': 'pass', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    id: 'transport-brotli',
    description: 'every answer compressed with Content-Encoding: br (RFC 7932)',
    options: { hooks: { reply: compressedWith('br') } },
    shows: { 'GEN-BODY-SCHEMA': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'transport-chunked',
    description:
      'every answer sent with Transfer-Encoding: chunked instead of Content-Length (RFC 9112 §6.1: a server may stream any answer)',
    options: {
      hooks: {
        reply: (_operationId, reply) => ({ ...reply, headers: { ...reply.headers, 'content-length': '' } }),
      },
    },
    shows: {
      'GEN-BODY-SCHEMA': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
    },
  },
  {
    id: 'transport-connection-close',
    description:
      'every answer carries Connection: close and the server closes the connection after it (RFC 9112 §9.6: no persistent connections)',
    options: {
      hooks: {
        reply: (_operationId, reply) => ({ ...reply, headers: { ...reply.headers, connection: 'close' } }),
      },
    },
    shows: { 'GEN-NO-5XX': 'pass', 'FAB-ADJ-CONCURRENT': 'pass', 'CAP-UPP-CONCURRENT-ONCE': 'pass' },
  },
  {
    id: 'transport-latency-30ms',
    description: 'every answer comes 30 ms late (a target behind a gateway across a network)',
    options: {
      hooks: {
        reply: async (_operationId, reply) => {
          await new Promise((resolve) => setTimeout(resolve, 30));
          return reply;
        },
      },
    },
    shows: {
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
      'CAP-AUTH-OAUTH': 'pass',
    },
  },
  {
    id: 'transport-extra-headers',
    description:
      'every answer carries headers a gateway adds (Server, Cache-Control, X-Request-Id, rate-limit quotas, Strict-Transport-Security, a cookie): no document restricts headers',
    options: {
      hooks: {
        reply: (_operationId, reply) => ({
          ...reply,
          headers: {
            server: 'gateway/1.0',
            'cache-control': 'no-store',
            pragma: 'no-cache',
            'x-request-id': 'lc-variant-request',
            'x-ratelimit-limit': '1000',
            'x-ratelimit-remaining': '999',
            'ratelimit-policy': '1000;w=60',
            'strict-transport-security': 'max-age=31536000',
            'x-content-type-options': 'nosniff',
            'set-cookie': 'AWSALB=lc-variant; Path=/; HttpOnly',
            ...reply.headers,
          },
        }),
      },
    },
    shows: { 'GEN-CONTENT-TYPE': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'transport-json-reordered-pretty',
    description:
      'every JSON answer with its keys in reverse order, indented with tabs, CRLF line ends and a trailing newline (RFC 8259: objects are unordered, whitespace is insignificant)',
    options: {
      hooks: {
        reply: jsonText(
          (body) => `${JSON.stringify(keysReversed(body), null, '\t').replace(/\n/g, '\r\n')}\r\n`,
        ),
      },
    },
    shows: { 'GEN-BODY-SCHEMA': 'pass', 'GEN-ERROR-ENVELOPE': 'pass', 'FAB-ADJ-ENVELOPE': 'pass' },
  },
  {
    id: 'transport-numbers-other-forms',
    description:
      'every JSON number written in another form of the same value: 10.0, 2E2, 1205e-1 (RFC 8259 §6: a number may have a fraction and an exponent; the value is what counts)',
    options: { hooks: { reply: jsonText(numbersRewritten) } },
    shows: {
      'GEN-BODY-SCHEMA': 'pass',
      'GEN-ERROR-ENVELOPE': 'pass',
      'FAB-ADJ-STATUS-MATCHES': 'pass',
      'CAP-AUTH-TOKEN-GENERATE': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    id: 'transport-early-hints',
    description:
      'every answer preceded by a 103 Early Hints (RFC 8297; RFC 9110 §15.2: a client must parse 1xx answers it did not ask for)',
    options: {
      hooks: {
        reply: (_operationId, reply) => ({
          ...reply,
          earlyHints: { link: '</docs>; rel=preload; as=fetch' },
        }),
      },
    },
    shows: { 'GEN-BODY-SCHEMA': 'pass', 'FAB-ADJ-ADD': 'pass', 'CAP-AUTH-MISSING': 'pass' },
  },
  {
    id: 'transport-utf8-bom',
    description:
      'every JSON answer starts with a UTF-8 byte order mark (RFC 8259 §8.1: a sender must not add one, a parser may ignore it; the documents say nothing of it)',
    options: { hooks: { reply: jsonText((body) => `\uFEFF${JSON.stringify(body)}`) } },
    shows: { 'GEN-CONTENT-TYPE': 'warn', 'CAP-NPA-ARITHMETIC': 'pass', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'fabric-errors-problem-json',
    description:
      'fabric refusals (4xx) come as RFC 9457 problem details (application/problem+json: type, title, status, detail), not in the success envelope (the page documents no error answer)',
    options: {
      hooks: familyHooks('fabric', {
        reply: (operationId, reply) =>
          ['adjustMemberPoints', 'inquireMemberPoints'].includes(operationId) &&
          reply.status >= 400 &&
          reply.status < 500
            ? {
                ...reply,
                headers: { 'content-type': 'application/problem+json' },
                body: {
                  type: 'about:blank',
                  title: reply.status === 401 ? 'Unauthorized' : 'Bad Request',
                  status: reply.status,
                  detail: String(bodyRecord(reply.body).message ?? ''),
                },
              }
            : reply,
      }),
    },
    shows: {
      'FAB-ADJ-POINTS-REQUIRED': 'pass',
      'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass',
      'FAB-AUTH-MISSING': 'pass',
      'FAB-AUTH-WRONG': 'pass',
      'GEN-CONTENT-TYPE': 'pass',
    },
  },
  {
    id: 'oauth-tokens-short-lived',
    description:
      'every Capillary call authenticates with an OAuth token (the profile swaps auth and alternateAuth) that lives 2 s, so a run needs several (the token endpoint is outside the four documents; ttlSeconds says how long a token lives)',
    options: { hooks: familyHooks('capillary', shortLivedTokens()) },
    profile: oauthFirst,
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-TOKEN-GENERATE': 'pass', 'CAP-AUTH-BASIC': 'pass' },
  },
  {
    id: 'transport-rate-limited-429',
    description:
      'every 12th request that reaches a handler is turned away with 429 (no Retry-After) before it is processed: a target with a rate limit (the documents say "Rate limit: NA" for Capillary, nothing for fabric)',
    options: { handlers: rateLimitedEvery(12) },
    shows: {
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
    },
  },
  {
    id: 'fabric-no-inquiry-empty-refusals',
    description:
      'no fabric member inquiry (404), and fabric refusals (4xx) come with an empty body and no Content-Type: each allowed on its own (no-member-inquiry, fabric-refusals-empty-body), so together too',
    options: {
      handlers: {
        inquireMemberPoints: () => fabricReply(404, 'Not Found', null, { message: 'no such route' }),
      },
      hooks: familyHooks('fabric', {
        reply: (operationId, reply) =>
          operationId === 'adjustMemberPoints' && reply.status >= 400 && reply.status < 500
            ? { ...reply, rawBody: '', headers: { 'content-type': '' } }
            : reply,
      }),
    },
    shows: {
      'FAB-INQ-BALANCE': 'skip',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-POINTS-REQUIRED': 'pass',
      'FAB-AUTH-MISSING': 'pass',
      'GEN-BODY-SCHEMA': 'warn',
    },
  },
  {
    id: 'transport-gateway-all-at-once',
    description:
      'a gateway doing it all on every answer: 103 Early Hints, 10 ms late, brotli, chunked, Connection: close, Content-Type application/json;charset=UTF-8 (each allowed on its own above)',
    options: {
      hooks: {
        reply: async (operationId, reply) => {
          await new Promise((resolve) => setTimeout(resolve, 10));
          const compressed = compressedWith('br')(operationId, reply);
          return {
            ...compressed,
            earlyHints: { link: '</docs>; rel=preload; as=fetch' },
            headers: {
              ...compressed.headers,
              'content-type': 'application/json;charset=UTF-8',
              'content-length': '',
              connection: 'close',
            },
          };
        },
      },
    },
    shows: {
      'GEN-CONTENT-TYPE': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
      'FAB-ADJ-ADD': 'pass',
      'CAP-AUTH-OAUTH': 'pass',
    },
  },
  {
    id: 'fabric-validation-422',
    description:
      'fabric validation refusals come with HTTP 422 and the envelope status 422 (the page documents no error answer; any 4xx refuses)',
    options: {
      hooks: familyHooks('fabric', {
        reply: (operationId, reply) =>
          operationId === 'adjustMemberPoints' && reply.status === 400
            ? { ...reply, status: 422, body: { ...bodyRecord(reply.body), status: 422 } }
            : reply,
      }),
    },
    shows: {
      'FAB-ADJ-POINTS-REQUIRED': 'pass',
      'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
      'FAB-ADJ-BILLING-ENTITY-MIN-LENGTH': 'pass',
      'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass',
      'GEN-STATUS-DECLARED': 'pass',
    },
  },
  {
    id: 'npa-status-value-uppercase',
    description:
      'a successful deduction answers status "SUCCESS" (the table types Status as a String, "Status of the API call"; only the example shows "success")',
    options: {
      hooks: familyHooks('capillary', {
        reply: deductionSuccess((body) => ({ ...body, status: 'SUCCESS' })),
      }),
    },
    shows: { 'CAP-NPA-RESPONSE-FIELDS': 'warn', 'CAP-NPA-ARITHMETIC': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'npa-points-available-shortest-text',
    description:
      'a deduction answers pointsAvailable as the shortest decimal text of the balance ("669", "118.5", "-10"): the table types it Integer, the example writes "670.000"',
    options: {
      hooks: familyHooks('capillary', {
        reply: deductionSuccess((body) => ({
          ...body,
          pointsAvailable: String(Number(body.pointsAvailable)),
        })),
      }),
    },
    shows: {
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
      'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
    },
  },
  {
    id: 'npa-decimals-counted-as-written',
    description:
      'a string amount\'s decimal places are counted as written, trailing zeros included ("1.000" is 3 for 8906): the document says "decimal places passed"',
    options: { handlers: { negativePointsAdjustment: decimalsAsWritten } },
    shows: {
      'CAP-NPA-AMOUNT-STRING': 'pass',
      'CAP-NPA-DECIMALS-WITHIN': 'pass',
      'CAP-NPA-8906': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
    },
  },
  {
    id: 'npa-fraction-only-as-string',
    description:
      'a JSON number amount must be whole (the table types pointsToBeAdjusted Integer); decimals come as a string, as in the example ("100.00")',
    options: {
      handlers: {
        negativePointsAdjustment: (context) => {
          const amount = bodyRecord(context.body).pointsToBeAdjusted;
          return typeof amount === 'number' && !Number.isInteger(amount)
            ? capillaryError(400, 'pointsToBeAdjusted must be an integer; send decimals as a string')
            : HANDLERS.negativePointsAdjustment(context);
        },
      },
    },
    shows: {
      'CAP-NPA-8906': 'warn',
      'CAP-NPA-DECIMALS-WITHIN': 'pass',
      'CAP-NPA-DECIMALS-PROGRAM': 'warn',
      'CAP-NPA-EXACT-BALANCE': 'pass',
    },
  },
  {
    id: 'npa-negative-config-unknown',
    description:
      "the profile does not know either org's ALLOW_NEGATIVE_BALANCE_ON_RETURN (negativeBalanceOnReturn: unknown): the config is raised by request to the vendor, its state is not published",
    options: {},
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) org.config.negativeBalanceOnReturn = 'unknown';
      },
    },
    shows: { 'CAP-NPA-8907': 'warn', 'CAP-NPA-NEGATIVE-ALLOWED': 'warn', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    id: 'npa-lenient-org-in-the-red',
    description:
      'in the org with negative balances allowed every customer already stands below zero (-25.5 points per program): what a staging org with the config on may hold',
    options: { createLedger: (dataset) => new Ledger(withOrgMainPoints(dataset, ['lenient'], () => -25.5)) },
    shows: {
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-DECIMALS-WITHIN': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
    },
  },
  {
    id: 'npa-lenient-org-zero-balances',
    description:
      "in the org with negative balances allowed every customer starts at 0 points (the document's own example: 100 points deducted from 0)",
    options: { createLedger: (dataset) => new Ledger(withOrgMainPoints(dataset, ['lenient'], () => 0)) },
    shows: { 'CAP-NPA-NEGATIVE-ALLOWED': 'pass', 'CAP-NPA-ARITHMETIC': 'pass', 'CAP-NPA-8874': 'pass' },
  },
  {
    id: 'npa-fractional-balances',
    description:
      "every customer's main points carry decimals (+0.37 per program, within its round decimals): real balances after decimal deductions",
    options: {
      createLedger: (dataset) =>
        new Ledger(withOrgMainPoints(dataset, ['strict', 'lenient'], (p) => p + 0.37)),
    },
    shows: {
      'CAP-NPA-8907': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
    },
  },
  {
    id: 'npa-success-with-errors-and-warnings',
    description:
      'a successful deduction also answers "errors": [] and, when it takes the balance below zero, a warning in warnings[] ("Warnings (if any)"; the envelope\'s items)',
    options: {
      hooks: familyHooks('capillary', {
        reply: deductionSuccess((body) => ({
          ...body,
          errors: [],
          warnings:
            Number(body.pointsAvailable) < 0
              ? [{ status: true, code: 8908, message: 'customer points balance is negative' }]
              : [],
        })),
      }),
    },
    shows: {
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-RESPONSE-FIELDS': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
      'GEN-UNDOCUMENTED-FIELDS': 'warn',
    },
  },
  {
    id: 'npa-customer-not-found-404',
    description:
      'a deduction for an unknown customer answers 8015 with HTTP 404 (legacy v2 docs: 404 not found), other errors 400 (no document ties a status to a code)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) => {
          if (operationId !== 'negativePointsAdjustment') return reply;
          const codes = ((bodyRecord(reply.body).errors as { code?: unknown }[] | undefined) ?? []).map(
            (e) => e.code,
          );
          return codes.includes(8015) ? { ...reply, status: 404 } : reply;
        },
      }),
    },
    shows: { 'CAP-NPA-8015': 'pass', 'CAP-NPA-NO-SIDE-EFFECT': 'pass', 'GEN-STATUS-DECLARED': 'pass' },
  },
  {
    id: 'npa-whole-point-program',
    description:
      'the default program counts whole points only (round decimals 0, as the profile says): "1.1" is 8906 there; the document lets each program configure its decimals',
    options: { createLedger: (dataset) => new Ledger(withRoundDecimals(dataset, 469, 0)) },
    profile: roundDecimalsDeclared(469, 0),
    shows: {
      'CAP-NPA-8906': 'pass',
      'CAP-NPA-DECIMALS-WITHIN': 'pass',
      'CAP-NPA-DECIMALS-PROGRAM': 'pass',
      'CAP-NPA-AMOUNT-STRING': 'pass',
    },
  },
  {
    id: 'npa-customer-known-in-instore',
    description:
      'the deduction finds customers only under the source they are registered in (INSTORE) or ALL; other listed sources give 8015 ("Source in which the identifier is available")',
    options: {
      handlers: {
        negativePointsAdjustment: (context) =>
          ['INSTORE', 'ALL'].includes(queryValue(context.query, 'source') ?? '')
            ? HANDLERS.negativePointsAdjustment(context)
            : capillaryError(8015, 'Customer not found for the given identifiers'),
      },
    },
    shows: { 'CAP-NPA-SOURCE-VALUES': 'pass', 'CAP-NPA-8003': 'pass' },
  },
  {
    id: 'npa-profile-without-decimals-or-extras',
    description:
      'a profile that declares no round decimals, no externalId for the customers, no promotion and no points award (what a user integrating a vendor may not know)',
    options: {},
    profile: withoutDecimalsOrExtras,
    shows: {
      'CAP-NPA-8906': 'skip',
      'CAP-NPA-DECIMALS-WITHIN': 'skip',
      'CAP-NPA-PROMOTION-EXCLUSIVE': 'skip',
      'CAP-NPA-8874': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
    },
  },
  {
    id: 'npa-promotion-needs-ref-type',
    description:
      'a deduction naming a promotion without the pointsAwardedRefType that says which kind of promotion award it reverses is refused with 9975 (the document lists both as optional and says nothing of the pair)',
    options: { handlers: { negativePointsAdjustment: promotionNeeds('pointsAwardedRefType', 9975) } },
    // The probe for 8874 (an unknown promotionId, no type) meets 9975 first: no document orders them.
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass', 'CAP-NPA-8887': 'pass' },
  },
  {
    id: 'npa-points-available-integer',
    description:
      'with balances that carry decimals, a deduction answers pointsAvailable as a JSON integer, the balance truncated (the response table types pointsAvailable Integer)',
    options: {
      createLedger: (dataset) =>
        new Ledger(withOrgMainPoints(dataset, ['strict', 'lenient'], (p) => p + 0.37)),
      hooks: {
        reply: deductionSuccess((body) => ({
          ...body,
          pointsAvailable: Math.trunc(Number(body.pointsAvailable)),
        })),
      },
    },
    shows: {
      'CAP-NPA-POINTS-AVAILABLE': 'warn',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
    },
  },
  {
    id: 'bal-whole-numbers-truncated',
    description:
      "a balance read shows every figure as a whole number, its decimals dropped (the balance page's table types them int), while the ledger keeps decimals (the deduction page's round decimals; +0.37 per program)",
    options: {
      // The lenient org starts 4 points higher, offsetting the deductions of the five listed
      // pointsAwardedRefType values, so that a truncated balance still hides part of what its
      // unlocks move (what CAP-UPP-MOVE and -RESPONSE-SUM must only warn of): with 4 points fewer
      // the figures happen to line up and both pass.
      createLedger: (dataset) =>
        new Ledger(
          withOrgMainPoints(
            withOrgMainPoints(dataset, ['strict'], (p) => p + 0.37),
            ['lenient'],
            (p) => p + 4 + 0.37,
          ),
        ),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    shows: {
      'CAP-NPA-DECIMALS-WITHIN': 'warn',
      'CAP-UPP-MOVE': 'warn',
      'CAP-UPP-RESPONSE-SUM': 'warn',
      'CAP-BAL-TOTAL': 'warn',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'warn',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-8906': 'pass',
    },
  },
  {
    id: 'bal-whole-numbers-rounded',
    description:
      "a balance read shows every figure as a whole number rounded half up (the balance page's table types them int), while the ledger keeps decimals (the deduction page's round decimals; +0.63 per program)",
    options: {
      createLedger: (dataset) =>
        new Ledger(withOrgMainPoints(dataset, ['strict', 'lenient'], (p) => p + 0.63)),
      hooks: { reply: balanceAsWholeNumbers(roundHalfUp) },
    },
    // The drainable customer's 6235.63 points show as 6236: 8907, then 6235 and 0.63 deducted.
    shows: {
      'CAP-NPA-DECIMALS-WITHIN': 'warn',
      'CAP-NPA-EXACT-BALANCE': 'warn',
      'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'warn',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-8906': 'pass',
    },
  },
  {
    id: 'npa-bursts-throttled-429',
    description:
      'more than 4 deductions of one org in flight are answered 429 with Retry-After: 0 (the resource table\'s "Rate limit: NA" does not say there is none)',
    options: { handlers: { negativePointsAdjustment: throttleDeductions(4) } },
    shows: {
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
    },
  },
  {
    id: 'npa-points-available-not-below-zero',
    description:
      'a deduction that takes the balance below zero answers pointsAvailable 0: no points are left to spend, while the balance read shows the negative value (the document does not say what pointsAvailable shows below zero); 5 points per program in the org that allows it',
    options: {
      // 5 points in each program, so that no balance the check accepts is 0 by chance.
      createLedger: (dataset) => new Ledger(withOrgMainPoints(dataset, ['lenient'], () => 5)),
      hooks: {
        reply: deductionSuccess((body) =>
          Number(body.pointsAvailable) < 0 ? { ...body, pointsAvailable: '0.000' } : body,
        ),
      },
    },
    shows: {
      'CAP-NPA-NEGATIVE-ALLOWED': 'warn',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
      // Since the thirteenth fault hunt pointsAvailable is judged below zero too: 0 warns there.
      'CAP-NPA-POINTS-AVAILABLE': 'warn',
    },
  },
  {
    id: 'npa-strict-org-empty',
    description:
      'in the org with negative balances off every customer has 0 points (a staging org with no points to spare): each rule that needs points is skipped with what to add, never failed',
    options: { createLedger: (dataset) => new Ledger(withOrgMainPoints(dataset, ['strict'], () => 0)) },
    shows: { 'CAP-NPA-8907': 'pass', 'CAP-NPA-1218': 'pass', 'CAP-NPA-NEGATIVE-ALLOWED': 'pass' },
  },
  {
    id: 'npa-default-program-973',
    description:
      "the orgs' default program is 973 (3 decimals), not the first of the customers' programs, and the profile says so: deductions name their programId",
    options: {
      createLedger: (dataset) =>
        new Ledger({ ...dataset, orgs: dataset.orgs.map((o) => ({ ...o, defaultProgramId: 973 })) }),
    },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) org.config.defaultProgramId = 973;
      },
    },
    shows: { 'CAP-NPA-ARITHMETIC': 'pass', 'CAP-NPA-8887': 'pass', 'CAP-NPA-8906': 'pass' },
  },
  {
    id: 'npa-balance-finer-than-program',
    description:
      'the drainable customer holds 100000.125 points in a program whose round decimals are 2 (awarded before the program was set to 2): deducting that exact balance is 8906, as the document says of any amount with more decimals',
    options: {
      createLedger: (dataset) =>
        new Ledger({
          ...dataset,
          orgs: dataset.orgs.map((o) => ({
            ...o,
            customers: o.customers.map((c) =>
              c.id === 1005 ? { ...c, mainPoints: { 469: '100000.125' } } : c,
            ),
          })),
        }),
    },
    // Without the customer drained in another program (fault hunt 57), whose drain would pass.
    profile: {
      edit: (profile) => {
        delete orgsOf(profile)[0]!.fixtures.roles.drainableOtherProgram;
      },
    },
    shows: { 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass', 'CAP-NPA-EXACT-BALANCE': 'skip' },
  },
  {
    id: 'npa-balance-finer-than-undeclared-program',
    description:
      'as npa-balance-finer-than-program, with a profile that declares no round decimals: the exact balance is refused with 8906, which the document gives for more decimals than the program allows',
    options: {
      createLedger: (dataset) =>
        new Ledger({
          ...dataset,
          orgs: dataset.orgs.map((o) => ({
            ...o,
            customers: o.customers.map((c) =>
              c.id === 1005 ? { ...c, mainPoints: { 469: '100000.125' } } : c,
            ),
          })),
        }),
    },
    profile: { edit: withoutRoundDecimals },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn', 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass' },
  },
  {
    id: 'balance-entity-ids-past-2-to-53',
    description:
      'the balance answers entityId as a 64-bit integer past 2^53 (the table types it long): digits a JSON number of JavaScript cannot hold, different for every customer',
    options: { hooks: familyHooks('capillary', { reply: entityIdsPast2To53 }) },
    shows: { 'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass', 'CAP-BAL-DUAL-ORDER': 'pass', 'CAP-BAL-ENTITY': 'pass' },
  },
  {
    id: 'concurrency-queued-per-customer',
    description:
      'deductions, unlocks and fabric adjustments of one customer are queued and served one at a time (later requests wait; the documents are silent on concurrency)',
    options: { handlers: queuedPerCustomer() },
    shows: {
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
  },
  {
    id: 'fabric-concurrent-refused-409',
    description:
      'a fabric adjustment of a member with another adjustment in flight is refused with 409 in the fabric envelope (a lock; the page documents no error answer)',
    options: {
      handlers: lockedPerCustomer(['adjustMemberPoints'], (operationId) =>
        refusalOf(operationId, 409, 409, 'another adjustment of this member is in progress'),
      ),
    },
    shows: { 'FAB-ADJ-CONCURRENT': 'warn', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'concurrency-busy-503-retry-after',
    description:
      'an unlock or fabric adjustment of a customer with 2 others in flight is answered 503 with Retry-After: 0 (not processed; the documents say nothing of overload; deductions: npa-bursts-throttled-429)',
    options: {
      handlers: lockedPerCustomer(
        ['unlockPromisedPoints', 'adjustMemberPoints'],
        (operationId) => ({
          ...refusalOf(operationId, 503, 503, 'busy: retry'),
          headers: { 'retry-after': '0' },
        }),
        { limit: 2, holdMs: 10 },
      ),
    },
    shows: { 'CAP-UPP-CONCURRENT-ONCE': 'pass', 'FAB-ADJ-CONCURRENT': 'pass', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'concurrency-optimistic-412',
    description:
      'optimistic concurrency: a deduction, unlock or fabric adjustment is refused with 412 when another one of the same customer committed while it worked (the documents are silent)',
    options: { handlers: optimisticPerCustomer() },
    shows: {
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'warn',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'FAB-ADJ-CONCURRENT': 'warn',
    },
  },
  {
    id: 'concurrency-batched-newest-first',
    description:
      'mutations of one customer arriving within 5 ms are applied together, newest first (any order: the documents do not order simultaneous requests)',
    options: { handlers: batchedNewestFirst() },
    shows: {
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
  },
  {
    id: 'numeric-strings-read-as-numbers',
    description:
      'a numeric string sent for a number field (programId, promotionId, pointsAwardedId of a deduction; points of a fabric adjustment) is read as the number (a lenient parser; the documents are silent)',
    options: numericStringsAsNumbers,
    shows: { 'CAP-NPA-ARITHMETIC': 'pass', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'fabric-pending-flag-from-numbers',
    description:
      'a fabric adjustment reads setToPending sent as a number or numeric string as a flag (0 false, anything else true) instead of refusing it (a lenient parser)',
    options: pendingFlagFromNumbers,
    shows: { 'GEN-INVALID-REJECTED': 'warn', 'FAB-ADJ-PENDING': 'pass' },
  },
  {
    id: 'integer-fractions-truncated',
    description:
      'a number with a fraction sent for an integer field (programId, promotionId, pointsAwardedId of a deduction; programId of a balance read) is truncated as parseInt would (a lenient parser; the documents are silent)',
    options: integerFractionsTruncated,
    shows: { 'GEN-INVALID-REJECTED': 'warn', 'CAP-NPA-ARITHMETIC': 'pass', 'CAP-BAL-ONE-PROGRAM': 'pass' },
  },
  {
    id: 'unlock-in-flight-refused-82323282',
    description:
      'an unlock of a customer with another unlock in flight is refused with 82323282 ("no promise points found to unlock": the bill\'s points are being unlocked; a documented code, the documents are silent on concurrency)',
    options: {
      handlers: lockedPerCustomer(['unlockPromisedPoints'], () =>
        capillaryError(82323282, 'No promise points found to unlock.'),
      ),
    },
    shows: { 'CAP-UPP-CONCURRENT-ONCE': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'npa-warnings-null',
    description:
      'a successful deduction answers "warnings": null (the table lists warnings as "Warnings (if any)"; the documents never say whether an optional field may be null)',
    options: { hooks: familyHooks('capillary', { reply: deductionWarningsNull }) },
    shows: { 'GEN-BODY-SCHEMA': 'warn', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    id: 'jackson-nulls-for-optional-fields',
    description:
      "a Java/Jackson-style target sends null for every optional response property it has no value for (warnings, message, the unlock lines' other fields, fabric's errors and ExceptionString) instead of leaving it out or empty",
    options: { hooks: { reply: jacksonNulls } },
    shows: {
      'GEN-BODY-SCHEMA': 'warn',
      'CAP-UPP-MOVE': 'pass',
      'CAP-BAL-ONE-PROGRAM': 'pass',
      'FAB-ADJ-ADD': 'pass',
    },
  },
  {
    id: 'deduction-lone-secondary-8015',
    description:
      'under dual eligibility a deduction by a lone identifier other than the primary is refused with 8015 and a list with the primary resolves through it, as the balance page says of its lookup (the deduction page says nothing of dual eligibility)',
    options: {
      handlers: { negativePointsAdjustment: deductByPrimaryOnly },
      hooks: familyHooks('capillary', { validate: identifierLists('negativePointsAdjustment', NPA_NAMES) }),
    },
    shows: { 'CAP-NPA-IDENTIFIER-NAMES': 'warn', 'CAP-NPA-8013': 'pass', 'CAP-NPA-8015': 'pass' },
  },
  {
    id: 'transport-unasked-continue',
    description:
      'every answer preceded by a 100 Continue though no request asked for one (RFC 9110 §15.2: a client must parse 1xx answers it did not expect; a POST gets it after its body was read)',
    options: { hooks: { reply: (_operationId, reply) => ({ ...reply, unaskedContinue: true }) } },
    shows: {
      'GEN-BODY-SCHEMA': 'pass',
      'FAB-ADJ-ADD': 'pass',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-AUTH-MISSING': 'pass',
    },
  },
  {
    id: 'amounts-trailing-zeros',
    description:
      'every amount written with six decimal places whatever its program keeps: "670.000000" for string amounts, 290.000000 for JSON numbers (trailing zeros change no value)',
    options: {
      hooks: {
        reply: amountsPaddedTo(6),
      },
    },
    shows: {
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    id: 'amounts-negative-zero',
    description:
      'every zero amount written as negative zero: -0 as a JSON number, "-0.000" as a string (RFC 8259 §6 allows the minus; IEEE 754 arithmetic gives -0.0 for 5 - 5 rounded down)',
    options: {
      hooks: {
        reply: amountsAs((text, wasString) => {
          if (Number(text) !== 0) return wasString ? JSON.stringify(text) : text;
          return wasString ? '"-0.000"' : '-0.0';
        }),
      },
    },
    shows: {
      'CAP-NPA-EXACT-BALANCE': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
    },
  },
  {
    id: 'amounts-java-big-decimal',
    description:
      "every amount sent as a JSON number the way Jackson writes a stripped BigDecimal: 6.7E+2, 1E+1, 12.25 (string amounts too: the tables type them Integer, a number is the table's form)",
    options: { hooks: { reply: amountsAs((text) => javaStrippedDecimal(text)) } },
    shows: {
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
      'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
      'CAP-UPP-RESPONSE-NUMERIC': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    id: 'amounts-float-noise',
    description:
      'every non-zero amount sent as a JSON number one binary step off its decimal (290.00000000000006, as binary floating point sums give 0.1 + 0.2): less than any program decimal away, so the same amount',
    options: {
      hooks: {
        reply: amountsAs((text) =>
          Number(text) === 0 ? JSON.stringify(Number(text)) : JSON.stringify(nextDoubleUp(Number(text))),
        ),
      },
    },
    shows: {
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'FAB-ADJ-ADD': 'pass',
    },
  },
  {
    id: 'amounts-in-the-billions',
    description:
      'every customer and member with points holds 4.4 billion more (a program earning a point per unit of a small currency): doubles keep about 6 decimals there, no more',
    options: { createLedger: (dataset) => new Ledger(withBillions(dataset)) },
    shows: {
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
      'CAP-NPA-DECIMALS-PROGRAM': 'pass',
      'CAP-NPA-8907': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-BAL-TOTAL': 'pass',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
  },
  {
    id: 'fabric-refusals-in-200-envelope',
    description:
      'fabric validation refusals answered with HTTP 200 and the refusal in the envelope (status 400 or 404, errors filled, no data): the page documents no error answer, and its envelope carries the "Status code of call"',
    // Authentication stays with a gateway's 401 (fabric-auth-refused-in-200-envelope moves it too).
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricRefusalsIn200(
          (status) => status >= 400 && status < 500 && status !== 401 && status !== 403,
        ),
      }),
    },
    // Refused in the envelope, so each rule holds; the HTTP status the page does not give warns.
    shows: {
      'FAB-ADJ-POINTS-REQUIRED': 'warn',
      'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'warn',
      'FAB-ADJ-ADD': 'pass',
      'FAB-AUTH-MISSING': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
    },
  },
  {
    id: 'fabric-envelope-extras',
    description:
      'a successful fabric adjustment carries fields and headers the page does not show: timestamp and requestId beside the envelope, the points, type and new balance in data, Location and X-Transaction-Code headers',
    options: {
      hooks: familyHooks('fabric', {
        reply: (operationId, reply, request) => {
          if (operationId !== 'adjustMemberPoints' || reply.status !== 200) return reply;
          const body = bodyRecord(reply.body);
          const data = bodyRecord(body.data);
          const sent = bodyRecord(request.body);
          return {
            ...reply,
            headers: {
              ...reply.headers,
              location: `/v1/members/points-adjustment/${String(data.transactionCode)}`,
              'x-transaction-code': String(data.transactionCode),
            },
            body: {
              timestamp: new Date().toISOString(),
              requestId: 'lc-variant-request',
              ...body,
              data: {
                ...data,
                points: sent.points,
                pointType: sent.pointType ?? 'Base',
                pointsStatus: 'ACTIVE',
              },
            },
          };
        },
      }),
    },
    shows: {
      'FAB-ADJ-ENVELOPE': 'pass',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-STATUS-MATCHES': 'pass',
      'FAB-ADJ-TRANSACTION-CODE': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
      'GEN-UNDOCUMENTED-FIELDS': 'warn',
    },
  },
  {
    id: 'fabric-message-signed-decimals',
    description:
      'a successful fabric adjustment words data.Message with a sign and two decimals and says what happened ("+10.00 points added", "-5.00 points deducted", "+7.00 points pending"): the page shows the wording only in an example',
    options: {
      hooks: familyHooks('fabric', {
        reply: (operationId, reply, request) =>
          operationId === 'adjustMemberPoints' && reply.status === 200
            ? {
                ...reply,
                body: {
                  ...bodyRecord(reply.body),
                  data: { ...bodyRecord(bodyRecord(reply.body).data), Message: signedMessage(request) },
                },
              }
            : reply,
      }),
    },
    shows: { 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-DEDUCT': 'pass', 'FAB-ADJ-PENDING': 'pass' },
  },
  {
    id: 'fabric-data-camel-case',
    description:
      "a successful fabric adjustment spells data's keys in camel case (message, futureDate, exceptionString, transactionCode): the page types data only as an object, its keys come from the example",
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricSuccess((body) => {
          const { Message, ExceptionString, ...data } = bodyRecord(body.data);
          return { ...body, data: { message: Message, exceptionString: ExceptionString, ...data } };
        }),
      }),
    },
    // The amount named in data.Message is read from the example's key: another spelling warns.
    shows: { 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-TRANSACTION-CODE': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'fabric-auth-refused-in-200-envelope',
    description:
      'fabric answers a missing or wrong token with HTTP 200 and the refusal in the envelope (status 401, errors filled, no data): the page documents no error answer, and its envelope carries the "Status code of call"',
    options: { hooks: familyHooks('fabric', { reply: fabricRefusalsIn200((status) => status === 401) }) },
    // Refused in the envelope, so the rule holds; the HTTP status (401 is a SHOULD) warns.
    shows: { 'FAB-AUTH-MISSING': 'pass', 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-HTTP-STATUS': 'warn' },
  },
  {
    id: 'fabric-pending-future-dated',
    description:
      'a pending fabric adjustment (setToPending: true) answers data.futureDate true and a data.Message with the date the points become active ("7.0 points pending until 2026-12-09"): the example shows futureDate only for active points',
    options: {
      hooks: familyHooks('fabric', {
        reply: (operationId, reply, request) => {
          const sent = bodyRecord(request.body);
          if (operationId !== 'adjustMemberPoints' || reply.status !== 200 || sent.setToPending !== true)
            return reply;
          const body = bodyRecord(reply.body);
          const points = Number(sent.points).toFixed(1);
          return {
            ...reply,
            body: {
              ...body,
              data: {
                ...bodyRecord(body.data),
                futureDate: true,
                Message: `${points} points pending until 2026-12-09`,
              },
            },
          };
        },
      }),
    },
    shows: { 'FAB-ADJ-PENDING': 'pass', 'FAB-ADJ-ADD': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'amounts-exponent-strings',
    description:
      'every amount sent as a numeric string written in exponent form, as Java\'s BigDecimal.stripTrailingZeros().toString() writes a round amount: "6.7E+2" for 670.000, "1E+1" for 10.000, the others alike ("1.2525E+1", zero as "0E-3"): the documents never define a numeric string\'s syntax, the value is exactly the amount',
    options: {
      hooks: {
        reply: amountsAs((text, wasString) => (wasString ? JSON.stringify(exponentForm(text)) : text)),
      },
    },
    shows: {
      'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'warn',
      'CAP-UPP-RESPONSE-NUMERIC': 'warn',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
    },
  },
  {
    id: 'balance-flat-table',
    description:
      "the balance answers exactly the page's response table read as one flat object: entityId, mainPoints, totalPoints, delayedAccrualPoints and externalTriggerBasedPoints at the top level; no promisedPointsBreakup, promisedPoints, entityType or warnings",
    options: { hooks: familyHooks('capillary', { reply: balanceBreakupAtTopLevel('table') }) },
    // No promisedPoints: the two promised figures stand in for it (totalPoints = main + both).
    shows: {
      'CAP-BAL-TOTAL': 'pass',
      'GEN-UNDOCUMENTED-FIELDS': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
    },
  },
  {
    id: 'balance-breakup-at-top-level',
    description:
      'the balance answers delayedAccrualPoints and externalTriggerBasedPoints at the top level next to promisedPoints, and no promisedPointsBreakup: the page lists them in one flat response table next to mainPoints and totalPoints',
    options: { hooks: familyHooks('capillary', { reply: balanceBreakupAtTopLevel('moved') }) },
    shows: {
      'CAP-BAL-TOTAL': 'pass',
      'CAP-BAL-PROMISED-BREAKUP': 'pass',
      'GEN-UNDOCUMENTED-FIELDS': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
      'CAP-UPP-MOVE': 'pass',
    },
  },
  {
    id: 'balance-breakup-at-top-level-and-inside',
    description:
      'the balance answers delayedAccrualPoints and externalTriggerBasedPoints both at the top level and inside promisedPointsBreakup, equal (the flat table and its "Break up details of promised points" read together)',
    options: { hooks: familyHooks('capillary', { reply: balanceBreakupAtTopLevel('both') }) },
    shows: {
      'CAP-BAL-TOTAL': 'pass',
      'CAP-BAL-PROMISED-BREAKUP': 'pass',
      'GEN-UNDOCUMENTED-FIELDS': 'pass',
      'GEN-BODY-SCHEMA': 'pass',
    },
  },
  {
    id: 'unlock-promotion-lines-without-program',
    description:
      "an unlock answer's promotion lines carry no programId (the response table marks no field required; the promotion's program is the org's to know)",
    options: { hooks: familyHooks('capillary', { reply: promotionLinesWithout('programId') }) },
    shows: { 'CAP-UPP-RESPONSE-PROGRAM': 'pass', 'CAP-UPP-RESPONSE-PROMOTION': 'pass' },
  },
  {
    id: 'unlock-promotion-lines-id-only',
    description:
      'an unlock answer\'s promotion lines carry promotionId and promotionName but no promotionIdentifier ("Required if promotionId is not provided": promotionId is)',
    options: { hooks: familyHooks('capillary', { reply: promotionLinesWithout('promotionIdentifier') }) },
    shows: { 'CAP-UPP-RESPONSE-PROMOTION': 'pass' },
  },
  {
    id: 'unlock-promotion-lines-identifier-only',
    description:
      "an unlock answer's promotion lines carry promotionIdentifier alone, no promotionId and no promotionName (neither is required when the identifier is given)",
    options: {
      hooks: familyHooks('capillary', { reply: promotionLinesWithout('promotionId', 'promotionName') }),
    },
    shows: { 'CAP-UPP-RESPONSE-PROMOTION': 'pass' },
  },
  {
    id: 'unlock-promotion-folded-into-bill-line',
    description:
      'an unlock answer adds a promotion\'s points to the bill\'s own line of its program and lists no promotion line (the response table: pointsUnlocked is the "Total number of points unlocked for the bill"; the example lists the promotion on a line of its own, so this warns)',
    options: { hooks: familyHooks('capillary', { reply: promotionFoldedIntoBillLine }) },
    shows: { 'CAP-UPP-RESPONSE-PROMOTION': 'warn', 'CAP-UPP-RESPONSE-SUM': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'bill-over-two-programs-balances-whole',
    description:
      "the bill with line items also promises 0.25 points in the customer's second program (973), and every balance figure is read truncated to a whole number (the balance table's int): that program's rise does not show, so its line only warns",
    options: {
      createLedger: (dataset) => new Ledger(withBillPointsIn973(dataset, 0.25)),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    shows: { 'CAP-UPP-RESPONSE-PROGRAM': 'warn' },
  },
  {
    id: 'profile-lists-one-program-of-a-two-program-bill',
    description:
      'the bill with line items also promises points in program 973, which the profile does not list for its customer (it lists 469 only): the line of 973 cannot be read and is not judged, the others are',
    options: { createLedger: (dataset) => new Ledger(withBillPointsIn973(dataset, 7.125)) },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) {
          const bill = org.fixtures.bills.billWithLineItems;
          org.fixtures.customers[bill.customer].programs = [469];
          delete org.fixtures.roles.twoPrograms;
        }
      },
    },
    shows: { 'CAP-UPP-RESPONSE-PROGRAM': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'unlock-ids-as-digit-strings',
    description:
      'an unlock answer writes every programId and promotionId as a string of digits ("469"), as a serializer may write a long (the response table gives them no type; the examples write numbers, so this warns)',
    options: {
      hooks: familyHooks('capillary', {
        reply: unlockLines((line) => ({
          ...line,
          programId: String(line.programId),
          ...(line.promotionId === undefined ? {} : { promotionId: String(line.promotionId) }),
        })),
      }),
    },
    shows: { 'CAP-UPP-RESPONSE-PROGRAM': 'warn', 'CAP-UPP-MOVE': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'balance-entity-ids-past-2-to-53-repeated',
    description:
      "the balance answers entityId as a 64-bit integer past 2^53 and repeats it in a per-program breakdown beside the sums (an undocumented field: drift): the top-level entityId is the customer's, different for every customer",
    options: { hooks: familyHooks('capillary', { reply: entityIdsPast2To53Repeated }) },
    shows: {
      'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass',
      'CAP-BAL-DUAL-ORDER': 'pass',
      'CAP-BAL-ENTITY': 'pass',
      'GEN-UNDOCUMENTED-FIELDS': 'warn',
    },
  },
  {
    id: 'unlock-bill-numbers-past-2-to-53-as-numbers',
    description:
      'bills numbered with digits past 2^53 ("900719925474099310011"; the request table types billNumber String) and unlock answers writing each line\'s billNumber as a JSON number, as the response example does ("billNumber": 374): the JSON text names the bill exactly',
    options: {
      createLedger: (dataset) => new Ledger(withLongBillNumbers(dataset)),
      hooks: { reply: billNumbersAsNumbers },
    },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile))
          for (const bill of Object.values(org.fixtures.bills) as ProfileDocument[])
            bill.billNumber = longBillNumber(bill.billNumber as string);
      },
    },
    shows: { 'CAP-UPP-RESPONSE-BILL': 'pass', 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-ONCE': 'pass' },
  },
  {
    id: 'unlock-lines-name-the-transaction-program',
    description:
      "an unlock answer's lines all name the org's default program (469 in both reference orgs) as the program \"where the transaction occurred\", also for a bill whose points move into program 973 (the strict org unlocks that bill as its billWhole): the table's words allow it, the example shows each line's own program, so this warns",
    options: {
      hooks: familyHooks('capillary', { reply: unlockLines((line) => ({ ...line, programId: 469 })) }),
    },
    profile: {
      edit: (profile) => {
        const strict = orgsOf(profile).find((org) => org.id === 'strict');
        if (!strict) return;
        strict.fixtures.bills.billWhole = strict.fixtures.bills.secondProgram;
        delete strict.fixtures.bills.secondProgram;
      },
    },
    shows: { 'CAP-UPP-RESPONSE-PROGRAM': 'warn', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'dual-primary-cuid',
    description:
      'the dual-eligibility org resolves lookups through cuid, which every customer has (the balance page parses identifiers "for example email, mobile, externalId" and "determines which identifier is configured as the primary key"), and reads balances by cuid; the profile says so. The generated balance cases start from a lookup by cuid, which the spec\'s list of example names leaves out: a valid programId (0) must not be sent as invalid',
    options: {
      createLedger: (dataset) => new Ledger(cuidPrimaryDataset(dataset)),
      hooks: { validate: balanceByCuid },
    },
    profile: {
      edit: editDual((org) => {
        if (!org.config.dualEligibility?.enabled) return;
        org.config.dualEligibility = { enabled: true, primaryIdentifier: 'cuid' };
        for (const customer of Object.values(org.fixtures.customers) as ProfileDocument[])
          customer.identifiers.cuid ??= `CU-${customer.identifiers.id}`;
      }),
    },
    shows: { 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass' },
  },
  {
    id: 'fabric-unknown-member-enrolled',
    description:
      'a fabric adjustment for a profileId no member has is accepted (200, the documented body), as by a target that enrols members on their first adjustment: the page documents no error answer; no existing member moves',
    options: { handlers: { adjustMemberPoints: unknownMembersEnrolled } },
    shows: { 'FAB-ADJ-UNKNOWN-MEMBER': 'warn', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'fabric-member-from-token-without-profile-id',
    description:
      "a fabric adjustment without profileId adjusts the tenant's first member (the fixture member), as a target reading the member from a member-bound token would: the page does not mark profileId required",
    options: { handlers: { adjustMemberPoints: memberFromTokenWithoutProfileId } },
    shows: { 'FAB-ADJ-PROFILE-ID-MISSING': 'warn', 'FAB-ADJ-UNKNOWN-MEMBER': 'pass', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'fabric-transaction-code-per-member',
    description:
      "a successful fabric adjustment's data.transactionCode names the member's account (the same string on each of its adjustments): the page shows the field only in an example, so a repeat warns",
    options: { hooks: familyHooks('fabric', { reply: transactionCodePerMember }) },
    shows: { 'FAB-ADJ-TRANSACTION-CODE-DISTINCT': 'warn', 'FAB-ADJ-TRANSACTION-CODE': 'pass' },
  },
  {
    id: 'fabric-point-types-base-and-bonus',
    description:
      "the member's program knows the point types Base and Bonus only: an adjustment with pointType Promotional or Restricted is refused with 400 and moves nothing. The page names the four in pointType's description but gives the field no enumeration (FAB-ADJ-POINT-TYPE-NAMES: a member's program may not know all four; failures are warnings)",
    options: { handlers: { adjustMemberPoints: pointTypesOfTheProgram(new Set(['Base', 'Bonus'])) } },
    shows: {
      'FAB-ADJ-POINT-TYPE-NAMES': 'warn',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
    },
  },
  {
    id: 'balance-email-not-indexed',
    description:
      'the org does not index email as a lookup identifier: a balance lookup by email alone answers 8015 (mobile and externalId resolve; a list with the primary still resolves through it). The balance page names email, mobile and externalId only as examples of identifiers (CAP-BAL-IDENTIFIER-NAMES is inferred from them)',
    options: { handlers: { getPointsBalance: balanceEmailNotIndexed } },
    shows: { 'CAP-BAL-IDENTIFIER-NAMES': 'warn', 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-8015': 'pass' },
  },
  {
    id: 'unlock-item-codes-ignored',
    description:
      "the unlock reads no itemCodes: an unlock naming an item code unlocks the whole bill, as one without a filter (lineItemIds still select their lines, and a line item the bill lacks still gets 82323282). The unlock page lists itemCodes among the body parameters without saying it restricts the unlock, as the catalogue reads lineItemIds (CAP-UPP-FILTER-LINE-ITEMS: 'the document lists the field without saying it filters'); the item-code unlock then lists other items' lines and leaves the line item after it nothing to unlock, so both filter rules warn",
    options: { handlers: { unlockPromisedPoints: itemCodesIgnored } },
    shows: {
      'CAP-UPP-FILTER-ITEM-CODES': 'warn',
      'CAP-UPP-FILTER-LINE-ITEMS': 'warn',
      'CAP-UPP-82323282': 'pass',
      'CAP-UPP-MOVE': 'pass',
    },
  },
  {
    id: 'errors-answered-200-bill-used-up-by-its-filters',
    description:
      'Capillary API errors come with HTTP 200 and the error envelope (the profile says apiErrorStatus: any), and the bills with line items carry no bill-level promised points: after the filtered unlocks of their line items, the unlock of the rest finds nothing and is refused with 82323282 in a 200, which moved nothing (a refusal, not an unlock that failed to move points)',
    options: {
      createLedger: (dataset) => new Ledger(withoutBillLevelPoints(dataset)),
      hooks: { reply: apiErrorsAnswered200 },
    },
    profile: {
      edit: (profile) => {
        profile.apiErrorStatus = 'any';
      },
    },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-FILTER-LINE-ITEMS': 'pass', 'CAP-UPP-ONCE': 'pass' },
  },
  {
    id: 'unlock-rerun-bills-used-up-own-code',
    description:
      'a rerun on bills an earlier run unlocked: every declared bill has nothing left, and the target refuses its unlock with an "already unlocked" code of its own (82323290; the domain facts: "82323282, or an \'already unlocked\' error whose code is not found") before checking eventName, eventLogId or filters. With 82323282 the unlock scenarios skip; with a code no document gives a meaning the suite cannot tell a used-up bill from a refused unlock, so it warns',
    options: { createLedger: rerunLedger },
    shows: {
      'CAP-UPP-MOVE': 'warn',
      'CAP-UPP-3918': 'warn',
      'CAP-UPP-82323272': 'warn',
      'CAP-UPP-82323277': 'pass',
      'CAP-UPP-SOURCE-INVALID': 'pass',
    },
  },
  {
    id: 'unlock-bill-total-with-promotions',
    description:
      'an unlock answer\'s bill line carries, per program, the total of all the call unlocked for the bill, its promotion\'s points included (the table: pointsUnlocked is the "Total number of points unlocked for the bill"), and its item and promotion lines break it down: read so, the bill lines alone add up to what moved',
    options: { hooks: familyHooks('capillary', { reply: billTotalWithBreakdown(true) }) },
    shows: { 'CAP-UPP-RESPONSE-SUM': 'warn', 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-RESPONSE-PROMOTION': 'pass' },
  },
  {
    id: 'unlock-bill-total-balances-whole',
    description:
      "two readings at once: the unlock answer's bill line carries the bill's total per program, its promotion's points included, broken down by its item and promotion lines (variant unlock-bill-total-with-promotions); and a balance read shows every figure as a whole number, decimals dropped, while the ledger keeps decimals (+0.25 on every promised amount). What moved is hidden by the whole numbers under the total's reading only, which warns",
    options: {
      createLedger: (dataset) => new Ledger(withPromisedPoints(dataset, (p) => p + 0.25)),
      hooks: {
        reply: (operationId, reply) =>
          balanceAsWholeNumbers(Math.trunc)(operationId, billTotalWithBreakdown(true)(operationId, reply)),
      },
    },
    shows: { 'CAP-UPP-RESPONSE-SUM': 'warn', 'CAP-UPP-RESPONSE-PROMOTION': 'pass' },
  },
  {
    id: 'npa-points-available-and-balances-truncated',
    description:
      "the tables' Integer and int read literally with balances that carry decimals (+0.37 per program): a deduction answers pointsAvailable and a balance read shows every figure as a whole number, decimals dropped toward zero. Taken below zero by the negative-allowed deduction, the lenient org's balance of r.37 less r + 10 shows −9 where the whole figure read before less the amount gives −10, which only warns",
    options: {
      createLedger: (dataset) =>
        new Ledger(withOrgMainPoints(dataset, ['strict', 'lenient'], (p) => p + 0.37)),
      hooks: {
        reply: (operationId, reply, request) =>
          balanceAsWholeNumbers(Math.trunc)(
            operationId,
            deductionSuccess((body) => ({
              ...body,
              pointsAvailable: Math.trunc(Number(body.pointsAvailable)),
            }))(operationId, reply, request),
          ),
      },
    },
    shows: { 'CAP-NPA-NEGATIVE-ALLOWED': 'warn', 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'unlock-lines-and-balances-whole',
    description:
      "promised amounts carry decimals (+0.25 each) while every balance figure and every unlock line's pointsUnlocked shows as a whole number, decimals dropped (the balance table's int; the unlock page's example writes 6, 24, 12): the listed lines hide their decimals as the balances do, so their sum off the change in main points by less than one point per line only warns",
    options: {
      createLedger: (dataset) => new Ledger(withPromisedPoints(dataset, (p) => p + 0.25)),
      hooks: {
        reply: (operationId, reply) =>
          balanceAsWholeNumbers(Math.trunc)(
            operationId,
            unlockLinesAsWholeNumbers(Math.trunc)(operationId, reply),
          ),
      },
    },
    shows: { 'CAP-UPP-RESPONSE-SUM': 'warn', 'CAP-UPP-ONCE': 'pass' },
  },
  {
    id: 'oauth-tokens-whole-second-expiry',
    description:
      "every Capillary call authenticates with an OAuth token (the profile swaps auth and alternateAuth) announced to live 3 s whose expiry is kept in whole seconds, as a JWT's exp (the token page's example token is a JWT): it dies up to 1 s before its ttlSeconds have passed, and every answer comes 15 ms late so a run outlives several tokens",
    options: { hooks: familyHooks('capillary', wholeSecondTokens()) },
    profile: oauthFirst,
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-TOKEN-GENERATE': 'pass', 'CAP-UPP-SOURCE-VALUES': 'pass' },
  },
  {
    id: 'unlock-five-decimals-in-ten-billions',
    description:
      'every non-zero balance holds 8 billion points more, program 973 counts 5 decimals (as the profile says) and the bills with line items also promise 7.12345 points there, written with all 5 decimals in the unlock answer: the rise of main points over both programs, read between balances near 1.6 × 10^10, is known to 4 decimals only, so the listed 5-decimal lines match it to 4',
    options: {
      createLedger: (dataset) =>
        new Ledger(
          withBillPointsIn973(
            withRoundDecimals(withMainPointsAdded(dataset, 8_000_000_000), 973, 5),
            7.12345,
          ),
        ),
      hooks: {
        // Only the added 7.12345-point lines of the bills with line items (not bill B-1001-2's own).
        reply: unlockLines((line) =>
          line.programId === 973 && ['B-1001-1', 'B-2001-1'].includes(String(line.billNumber))
            ? { ...line, pointsUnlocked: '7.12345' }
            : line,
        ),
      },
    },
    profile: roundDecimalsDeclared(973, 5),
    shows: { 'CAP-UPP-RESPONSE-SUM': 'pass', 'CAP-UPP-RESPONSE-PROGRAM': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'oauth-tokens-revoked-after-uses',
    description:
      'every Capillary call authenticates with an OAuth token (the profile swaps auth and alternateAuth), and the target revokes each token after its first 50 authenticated calls, long before its ttlSeconds: later calls with it get 401 (not processed), a new token from the token endpoint is accepted',
    options: { hooks: familyHooks('capillary', tokensRevokedAfterUses()) },
    profile: oauthFirst,
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-WRONG': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'idle-connections-closed-unannounced',
    description:
      "every connection is closed 5 ms after its last answer, without a Keep-Alive header saying so (as Go's net/http IdleTimeout, nginx or a load balancer may; HTTP lets a server close an idle connection at any time, RFC 9112 §9.5): a request the client sends on a pooled connection as it closes never reaches the application, and is sent again on a new connection",
    options: { hooks: closedWhenIdle(5) },
    shows: {
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-BAL-LEDGER': 'pass',
      'GEN-NO-5XX': 'pass',
    },
  },
  {
    id: 'unlock-event-log-array-only',
    description:
      'an unlock takes eventLogId only as the table types it, an Array; the example\'s single integer ("eventLogId": 1235315) is refused as malformed with a code of its own, and nothing moves',
    options: { handlers: { unlockPromisedPoints: unlockEventLogArrayOnly } },
    shows: { 'CAP-UPP-EVENT-LOG-ID-TYPES': 'warn', 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-3918': 'pass' },
  },
  {
    id: 'unlock-bill-number-string-only',
    description:
      'an unlock takes billNumber only as the table types it ("billNumber* String"); the example\'s number ("billNumber": 16484) is refused as malformed with a code of its own (not 82323271: a bill number was sent), and nothing moves',
    options: { handlers: { unlockPromisedPoints: unlockBillNumberStringOnly } },
    shows: { 'CAP-UPP-BILL-NUMBER-TYPES': 'warn', 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-82323277': 'pass' },
  },
  {
    id: 'unlock-till-spelling-of-the-table-only',
    description:
      "an unlock takes exactly the body fields its table lists: the example's sourceTilId (the table spells it sourceTillId) is refused as an unknown field with a code of its own, and nothing moves",
    options: { handlers: { unlockPromisedPoints: unlockTableFieldsOnly } },
    shows: { 'CAP-UPP-TILL-ID-SPELLING': 'warn', 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-82323277': 'pass' },
  },
  {
    id: 'npa-number-over-decimals-own-code',
    description:
      'a deduction whose amount is a JSON number with more decimals than the program allows is refused with a code of its own (8926), nothing deducted; the same amount as a string gets 8906. The example sends a string, the table types the field Integer: no document gives a code for a fractional number, so the code only warns',
    options: { hooks: familyHooks('capillary', { reply: numberOverDecimalsOwnCode }) },
    shows: { 'CAP-NPA-8906': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass', 'CAP-NPA-DECIMALS-WITHIN': 'pass' },
  },
  {
    id: 'unlock-unknown-item-code-own-code',
    description:
      'an unlock naming an item code its bill does not have is refused with a code of its own (82323295, "item code not found on the bill") before anything moves; the documents give no code for it (82323282 is "no promise points found to unlock"), so the code only warns',
    options: { handlers: { unlockPromisedPoints: unlockUnknownItemCodeOwnCode } },
    shows: {
      'CAP-UPP-82323282': 'warn',
      'CAP-UPP-FILTER-ITEM-CODES': 'pass',
      'CAP-UPP-NO-SIDE-EFFECT': 'pass',
      'CAP-UPP-ONCE': 'pass',
    },
  },
  {
    id: 'npa-int32-range-own-code',
    description:
      'a deduction keeps its amount in a signed 32-bit integer (the table types it Integer): an amount above 2^31 − 1 is refused as out of range with a code of its own (8996), nothing deducted; the documents give no maximum, and past the balance any refusal will do',
    options: { handlers: { negativePointsAdjustment: deductionInt32Range } },
    shows: { 'CAP-NPA-8907': 'pass', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'dual-deductible-shares-its-mobile',
    description:
      "as dual-primary-email-shared-mobile, and the deductible customer shares its mobile with another declared customer (a household; the balance page lets users share secondary identifiers): an unlock or deduction by that mobile alone names no one customer and is refused with 8015, while the customer's own id, cuid and primaryUserId find it alone, and the mobile beside the primary does (clean room 18)",
    options: {
      createLedger: (dataset) => new Ledger(householdDataset(dataset)),
    },
    profile: { edit: sharedMobileProfile(true) },
    shows: { 'CAP-UPP-IDENTIFIER-NAMES': 'warn', 'CAP-NPA-IDENTIFIER-NAMES': 'warn', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'billions-int32-amounts',
    description:
      'every customer with points holds 4.4 billion more (amounts-in-the-billions) and a deduction keeps its amount in a signed 32-bit integer (npa-int32-range-own-code: the table types it Integer): a deduction over such a balance, or one taking it below zero, is past 2^31 - 1 and refused as out of range with a code of its own before the balance is compared. 8907 and negative balance then only warn (variant hunt 1: both failed)',
    options: {
      createLedger: (dataset) => new Ledger(withBillions(dataset)),
      handlers: { negativePointsAdjustment: deductionInt32Range },
    },
    shows: { 'CAP-NPA-8907': 'warn', 'CAP-NPA-NEGATIVE-ALLOWED': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'fabric-reason-codes-of-the-tenant',
    description:
      "the fabric tenant knows its own reason codes (RET01, GOODWILL), not the example's 7502: an adjustment naming another is refused with 400 and moves nothing. reasonCode is string | null and the page lists no codes, so the suite sends the example's body again without it and only warns (variant hunt 1: FAB-ADJ-ADD, -DEDUCT and -PENDING-DEFAULT failed)",
    options: { handlers: { adjustMemberPoints: reasonCodesOfTheTenant } },
    shows: {
      'FAB-ADJ-ADD': 'warn',
      'FAB-ADJ-DEDUCT': 'warn',
      'FAB-ADJ-PENDING-DEFAULT': 'warn',
      'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass',
    },
  },
  {
    id: 'dual-external-id-lone-secondary-8015',
    description:
      "both orgs resolve dual-eligibility lookups through externalId (dual-primary-external-id), and their deductions and unlocks apply the balance page's rule too: a lone mobile, cuid, id or primaryUserId is 8015, a list with externalId resolves through it. In the org with negative balances the deductions below zero go by externalId then",
    options: {
      createLedger: externalIdPrimaryLedger,
      handlers: {
        negativePointsAdjustment: deductThroughPrimary(EXTERNAL_ID_PRIMARY),
        unlockPromisedPoints: unlockThroughPrimary(EXTERNAL_ID_PRIMARY),
      },
      hooks: { validate: deductionAndUnlockLists },
    },
    profile: externalIdPrimaryProfile,
    shows: {
      'CAP-NPA-IDENTIFIER-NAMES': 'warn',
      'CAP-UPP-IDENTIFIER-NAMES': 'warn',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-UPP-MOVE': 'pass',
    },
  },
  {
    id: 'capillary-error-envelope-extras',
    description:
      'every Capillary error answer carries a requestId and a timestamp beside errors, a field and a severity on each item and a warning item in warnings: the envelope is confirmed on another page, and a client matches on code (drift)',
    options: { hooks: familyHooks('capillary', { reply: errorEnvelopeExtras }) },
    shows: {
      'GEN-UNDOCUMENTED-FIELDS': 'warn',
      'CAP-NPA-8015': 'pass',
      'CAP-UPP-82323277': 'pass',
      'CAP-BAL-8015': 'pass',
    },
  },
  {
    id: 'identifiers-normalised',
    description:
      'identifier values are normalised before the lookup (mobiles without +, spaces or dashes, emails in lower case, other identifiers in upper case), and the profile writes mobiles with a leading + and emails in upper case, as a CRM export may: no document says how a value must be written',
    options: {
      handlers: {
        negativePointsAdjustment: normalisingIdentifiers('negativePointsAdjustment'),
        unlockPromisedPoints: normalisingIdentifiers('unlockPromisedPoints'),
        getPointsBalance: normalisingIdentifiers('getPointsBalance'),
      },
    },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile))
          for (const customer of Object.values(org.fixtures.customers) as ProfileDocument[]) {
            const ids = customer.identifiers;
            if (ids.mobile) ids.mobile = `+${ids.mobile}`;
            if (ids.email) ids.email = String(ids.email).toUpperCase();
          }
      },
    },
    shows: { 'CAP-BAL-ENTITY': 'pass', 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-NPA-8015': 'pass' },
  },
  {
    id: 'access-group-refused-401',
    description:
      'credentials without the Points access group are refused with 401 (code 4000) instead of 403: the documents tie no status to a code, and a refusal is 401 or 403',
    options: {
      hooks: familyHooks('capillary', {
        reply: (_operationId, reply) =>
          reply.status === 403 && errorCodeOf(reply) === 4000 ? { ...reply, status: 401 } : reply,
      }),
    },
    shows: { 'CAP-AUTH-ACCESS-GROUP': 'pass' },
  },
  {
    id: 'restricted-till-refused-everywhere',
    description:
      'credentials without the Points access group are refused on every Capillary endpoint (401), the unlock and the balance too: the unlock page asks for the "Default access group", and the profile\'s restrictedAuth is declared as lacking Points only',
    options: {
      hooks: familyHooks('capillary', {
        authenticate: (_operationId, result) =>
          result.ok && !result.accessGroups.includes('Points')
            ? { ok: false, reason: 'no Points access' }
            : result,
      }),
    },
    shows: { 'CAP-AUTH-ACCESS-GROUP': 'pass' },
  },
  {
    id: 'balance-not-enrolled-1218',
    description:
      'a balance read naming one program the customer is not enrolled in is refused with 1218 instead of answering zero points: the balance page says what a read of "that particular program" shows, not for a program the customer lacks',
    options: { handlers: { getPointsBalance: balanceNotEnrolled1218 } },
    shows: { 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-NPA-1218': 'pass' },
  },
  {
    id: 'npa-lenient-in-the-red-whole-second-program',
    description:
      'program 973 keeps whole points (0 round decimals, as the profile says) and every customer of the org with negative balances stands at -26 points per program: the deduction below zero in the second program is whole points from a balance already below zero',
    options: { createLedger: lenientInTheRedWholeSecondProgram },
    profile: roundDecimalsDeclared(973, 0),
    shows: {
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-DECIMALS-WITHIN': 'pass',
      'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
    },
  },
  {
    id: 'fabric-reason-code-declared',
    description:
      "as fabric-reason-codes-of-the-tenant, and the profile names one of the tenant's own codes (fabric.fixtures.member.reasonCode: RET01): the adjustments built on the example's body carry it, are accepted, and nothing warns of the reason code",
    options: { handlers: { adjustMemberPoints: reasonCodesOfTheTenant } },
    profile: declaringMember({ reasonCode: 'RET01' }),
    shows: { 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-DEDUCT': 'pass', 'FAB-ADJ-PENDING-DEFAULT': 'pass' },
  },
  {
    id: 'unlock-example-store-and-till-unknown',
    description:
      "the target knows its own stores and tills (1 and 2): an unlock naming the example's store 1122 or till 323 is refused with a code of its own before the bill is looked up (no code is documented for an unknown store or till); the program the profile declares is accepted",
    options: { handlers: { unlockPromisedPoints: storesAndTillsKnown } },
    shows: { 'CAP-UPP-TILL-ID-SPELLING': 'warn', 'CAP-UPP-82323277': 'pass' },
  },
  {
    id: 'unlock-old-bill-date-refused',
    description:
      "an unlock whose billDate is before 2025 (the example's 2022-02-12) is refused with a code of its own before the bill is looked up: the target keeps recent bills only (no code or limit is documented); yesterday's date in the same form is accepted",
    options: { handlers: { unlockPromisedPoints: oldBillDatesRefused } },
    shows: { 'CAP-UPP-BILL-DATE': 'warn' },
  },
  {
    id: 'fabric-point-types-of-the-tenant',
    description:
      "the fabric tenant writes its point types in capitals (BASE, BONUS, PROMOTIONAL, RESTRICTED) and refuses the example's Base with 400: pointType is string | null with no enumeration, so the adjustments built on the example's body are sent again without it and warn",
    options: { handlers: { adjustMemberPoints: pointTypesOfTheTenant } },
    shows: {
      'FAB-ADJ-ADD': 'warn',
      'FAB-ADJ-DEDUCT': 'warn',
      'FAB-ADJ-PENDING': 'warn',
      'FAB-ADJ-POINT-TYPE-NAMES': 'warn',
    },
  },
  {
    id: 'locked-per-resolved-customer-409',
    description:
      'deductions and unlocks of one customer are refused with 409 while another is in flight, whichever identifier names the customer (a lock on the customer the lookup resolves; the documents are silent on concurrency)',
    options: { handlers: lockedPerResolvedCustomer() },
    shows: { 'CAP-UPP-CONCURRENT-ONCE': 'pass', 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'warn' },
  },
  {
    id: 'ambiguous-lookup-refused-without-dual',
    description:
      'in the org without dual eligibility, a lookup by an identifier value two customers share (the sharedSecondary email) is refused with 409 and a code of its own on every endpoint (the balance page speaks of shared secondaries under dual eligibility only)',
    options: { handlers: ambiguousLookupsRefused() },
  },
  {
    id: 'oauth-only-basic-refused',
    description:
      'both orgs take OAuth only (the pages say "Basic or OAuth"): Basic is refused with 401, and the profile declares the OAuth client alone (no alternate or restricted credentials)',
    options: {
      hooks: {
        authenticate: (_operationId, result, headers) =>
          String(headers.authorization ?? '').startsWith('Basic ')
            ? { ok: false, reason: 'Basic authentication is disabled for this org' }
            : result,
      },
    },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) {
          org.auth = org.alternateAuth;
          delete org.alternateAuth;
          delete org.restrictedAuth;
        }
      },
    },
    shows: { 'CAP-AUTH-OAUTH': 'pass' },
  },
  {
    id: 'lenient-credit-limit-100',
    description:
      "the org with negative balances allows them down to 100 points below zero and refuses a deduction past that with 8907 (the page's example, 100 points from 0, stays allowed; no floor is documented)",
    options: { handlers: { negativePointsAdjustment: creditLimitOf100 } },
    shows: { 'CAP-NPA-NEGATIVE-ALLOWED': 'pass' },
  },
  {
    id: 'fabric-no-overdraft-from-zero',
    description:
      'the fabric member starts at 0 points and the tenant refuses a deduction that would take its available points below zero (the page is silent on a balance below zero)',
    options: {
      createLedger: fabricMembersAt(0),
      handlers: { adjustMemberPoints: noFabricOverdraft },
    },
    shows: { 'FAB-ADJ-DEDUCT': 'pass' },
  },
  {
    id: 'profile-third-org',
    description:
      'the profile declares a third org (a copy of the strict one with credentials of its own, Basic only) that the target serves: every scenario runs for three orgs',
    options: {
      hooks: {
        authenticate: (_operationId, result, headers) =>
          headers.authorization === THIRD_ORG_BASIC
            ? { ok: true, principal: 'strict2', accessGroups: ['Default', 'Points'] }
            : result,
      },
      createLedger: (dataset) => {
        const strict = dataset.orgs.find((o) => o.id === 'strict')!;
        return new Ledger({ ...dataset, orgs: [...dataset.orgs, { ...strict, id: 'strict2' }] });
      },
    },
    profile: {
      edit: (profile) => {
        const third = structuredClone(orgsOf(profile).find((o) => o.id === 'strict')!);
        third.id = 'strict2';
        third.auth = { scheme: 'basic', username: 'till.strict2', password: 'strict2-till-secret' };
        delete third.alternateAuth;
        delete third.restrictedAuth;
        profile.capillary.orgs.push(third);
      },
    },
  },
  {
    id: 'framework-422-for-malformed-requests',
    description:
      'a Capillary request broken in a way no document gives a code for (a wrong type, a negative amount, a reason over 50 characters) is refused with the web framework\'s own 422 `{"detail": [...]}` (FastAPI), no envelope, while documented cases keep their codes in the envelope with 400; the profile pins apiErrorStatus: 400, the status of the answers that carry a code (clean room twenty)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) =>
          ['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'].includes(operationId) &&
          errorCodeOf(reply) === UNMAPPED_VALIDATION_CODE
            ? asFrameworkRefusal(reply)
            : reply,
      }),
    },
    profile: pinningErrorStatus(400),
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'validation-problem-details-for-malformed-requests',
    description:
      "a Capillary request broken in a way no document gives a code for (a wrong type, a negative amount, a reason over 50 characters) is refused with ASP.NET Core's 400 validation problem details (`application/problem+json`, `errors` an object of messages per member, not the envelope's array), while documented cases keep their codes in the envelope with 422; the profile pins apiErrorStatus: 422, the status of the answers that carry a code (clean room twenty-one)",
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) => {
          if (!['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'].includes(operationId))
            return reply;
          if (errorCodeOf(reply) === UNMAPPED_VALIDATION_CODE) return asValidationProblem(reply);
          return isRefusal(reply) ? { ...reply, status: 422 } : reply;
        },
      }),
    },
    profile: pinningErrorStatus(422),
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'unlock-store-and-till-declared',
    description:
      'as unlock-example-store-and-till-unknown (the target knows its own stores and tills, 1 and 2, and refuses others with a code of its own), and the profile declares store 1 and till 2 (fixtures.source): the unlocks carry them, reach the bill lookup, and nothing warns of the store or till',
    options: { handlers: { unlockPromisedPoints: storesAndTillsKnown } },
    profile: declaringSource({ storeId: 1, tillId: 2 }),
    shows: { 'CAP-UPP-TILL-ID-SPELLING': 'pass', 'CAP-UPP-82323277': 'pass' },
  },
  {
    id: 'fabric-point-type-declared',
    description:
      "as fabric-point-types-of-the-tenant (point types in capitals; the example's Base refused with 400), and the profile names one of the tenant's own (fabric.fixtures.member.pointType: BASE): the adjustments built on the example's body carry it, are accepted, and nothing warns of the point type there",
    options: { handlers: { adjustMemberPoints: pointTypesOfTheTenant } },
    profile: declaringMember({ pointType: 'BASE' }),
    shows: {
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-DEDUCT': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-PENDING-DEFAULT': 'pass',
      'FAB-ADJ-POINT-TYPE-NAMES': 'warn',
    },
  },
  {
    id: 'codeless-errors-for-malformed-requests',
    description:
      "a Capillary request broken in a way no document gives a code for is refused 400 with an `errors` that reports no code beside a message (the deduction `errors: null`, the unlock `errors: []`, the balance a list of message strings), while documented cases keep their coded envelope at 422; the profile pins apiErrorStatus: 422 (the documents show no answer for a request they give no code for; Capillary's own token envelope writes errors null when there is none)",
    options: { hooks: familyHooks('capillary', { reply: codelessErrorsForMalformed }) },
    profile: pinningErrorStatus(422),
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'unlock-missing-bill-number-among-codes',
    description:
      "an unlock without billNumber (with the bill's own eventLogId or without) is refused with two errors, a validation code of the target's own first and 82323271 second (the page does not say an answer carries one error only)",
    options: { hooks: familyHooks('capillary', { reply: missingBillNumberAmongCodes }) },
    shows: { 'CAP-UPP-82323271': 'pass' },
  },
  {
    id: 'promotion-reversed-as-customer-promotions',
    description:
      'a deduction naming a promotion, by promotionIdentifier or by promotionId, is refused with 9975 unless pointsAwardedRefType is customer_promotions, the last of the listed values (the page lists both fields as optional and says nothing of the pair); an unknown promotionId is then answered 9975 before 8874, which warns',
    options: { handlers: { negativePointsAdjustment: promotionsAsCustomerPromotions } },
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    id: 'fabric-reason-codes-and-point-types-of-the-tenant',
    description:
      "a fabric tenant with reason codes and point types of its own (RET01, BASE): the example's 7502 and Base are both refused with 400, the profile declares neither; the adjustments sent again without the example's values are accepted, and the refusals only warn",
    options: { handlers: { adjustMemberPoints: reasonCodesAndPointTypesOfTheTenant } },
    shows: { 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-POINT-TYPE-NAMES': 'warn' },
  },
  {
    id: 'balance-breakup-written-twice',
    description:
      'the balance answers delayedAccrualPoints and externalTriggerBasedPoints at the top level as numbers and inside promisedPointsBreakup as three-place decimal strings, on every read, after each unlock too (one figure written two ways agrees with itself)',
    options: { hooks: familyHooks('capillary', { reply: balanceBreakupWrittenTwice }) },
    shows: { 'CAP-BAL-PROMISED-BREAKUP': 'pass', 'CAP-BAL-TOTAL': 'pass' },
  },
  {
    id: 'unlock-bill-looked-up-before-query-parameters',
    description:
      'an unlock looks its bill number up in the whole org before it reads the query: an unknown bill is 82323277 even with identifierName, identifierValue or source missing or empty, or a type, group or source outside the lists (the page lists its codes in no order)',
    options: { hooks: familyHooks('capillary', { reply: billBeforeQuery }) },
    shows: {
      'CAP-UPP-82323284': 'pass',
      'CAP-UPP-82323276': 'pass',
      'CAP-UPP-1645': 'pass',
      'CAP-UPP-82323277': 'pass',
    },
  },
  {
    id: 'unlock-source-after-own-bill',
    description:
      "an unlock without a source resolves the customer and looks for the bill among the customer's own before it answers 82323284 (no order documented); the profile lists another customer's bill first",
    options: { hooks: familyHooks('capillary', { reply: sourceAfterOwnBill }) },
    profile: firstBillLast,
    shows: { 'CAP-UPP-82323284': 'pass', 'CAP-UPP-82323276': 'pass' },
  },
  {
    id: 'unlock-bill-first-without-declared-bills',
    description:
      'the unlock of unlock-bill-looked-up-before-query-parameters with a profile declaring no bills: the probes of the query rules can name no bill the target has, and their 82323277 only warns',
    options: { hooks: familyHooks('capillary', { reply: billBeforeQuery }) },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) delete org.fixtures.bills;
      },
    },
    shows: { 'CAP-UPP-82323284': 'warn', 'CAP-UPP-82323276': 'warn', 'CAP-UPP-1645': 'warn' },
  },
  {
    id: 'npa-empty-reason-accepted',
    description:
      'a deduction with reasonOfReturn "" is accepted (the field is there; the page marks it required and does not say an empty string counts as missing)',
    options: { handlers: { negativePointsAdjustment: emptyReasonAccepted } },
    shows: { 'CAP-NPA-REASON-REQUIRED': 'warn', 'CAP-NPA-8882': 'pass' },
  },
  {
    id: 'npa-undocumented-refusals-own-codes',
    description:
      'a deduction refused where the page gives no code (a missing or negative amount, an empty or too long reason, both promotion fields, a promotionIdentifier naming no promotion of the program) is answered with a code of the target for each',
    options: { hooks: familyHooks('capillary', { reply: undocumentedDeductionRefusalsOwnCodes }) },
    shows: {
      'CAP-NPA-AMOUNT-REQUIRED': 'pass',
      'CAP-NPA-AMOUNT-POSITIVE': 'pass',
      'CAP-NPA-REASON-REQUIRED': 'pass',
      'CAP-NPA-REASON-LENGTH': 'pass',
      'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass',
      'CAP-NPA-8874': 'pass',
      'GEN-ERROR-CODE-KNOWN': 'warn',
    },
  },
  {
    id: 'npa-missing-reason-among-codes',
    description:
      'a deduction without reasonOfReturn (or with a blank one) is refused with two errors, a validation code of the target first and 8882 second (the page does not say an answer carries one error only)',
    options: {
      hooks: familyHooks('capillary', {
        reply: ownCodeFirst('negativePointsAdjustment', 8882, {
          code: 9400,
          message: 'body.reasonOfReturn: required',
        }),
      }),
    },
    shows: { 'CAP-NPA-8882': 'pass', 'CAP-NPA-REASON-REQUIRED': 'pass' },
  },
  {
    id: 'profile-drainable-is-deductible',
    description:
      'a profile of the strict org alone naming its deductible customer (1001) as the drainable one too (negative balances off): drained to zero first, it left every later deduction skipped (23 rules skipped before the profile hunt); now the two drain scenarios skip, naming another customer to add, and the deductions are judged',
    options: {},
    profile: {
      edit: (profile) => {
        profile.capillary.orgs = orgsOf(profile).filter((org) => org.id === 'strict');
        orgsOf(profile)[0]!.fixtures.roles.drainable = 'customer-1001';
        // The same for the customer drained in another program (fault hunt 57): it skips too.
        orgsOf(profile)[0]!.fixtures.roles.drainableOtherProgram = 'customer-1001';
      },
    },
    shows: {
      'CAP-NPA-EXACT-BALANCE': 'skip',
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'skip',
      'CAP-NPA-8888': 'pass',
      'CAP-NPA-IDENTIFIER-NAMES': 'pass',
    },
  },
  {
    id: 'unlock-source-checked-last',
    description:
      "an unlock without a source (or with an empty one) is judged on the named customer's own bill, event and line items first and refused 82323284 only then: the probe's unknown line item is answered 82323282 (the page lists its codes in no order)",
    options: { hooks: familyHooks('capillary', { reply: sourceCheckedLast }) },
    shows: { 'CAP-UPP-82323284': 'warn', 'CAP-UPP-82323276': 'pass' },
  },
  {
    id: 'unlock-query-checked-after-body',
    description:
      'an unlock judges its body (the bill looked up in the whole org, its event, its line items) before its query: a missing or empty identifierName, identifierValue or source, or a type outside the list, naming a line item the bill does not have is answered 82323282 (no order documented)',
    options: { hooks: familyHooks('capillary', { reply: queryAfterBody }) },
    shows: { 'CAP-UPP-82323284': 'warn', 'CAP-UPP-82323276': 'warn', 'CAP-UPP-1645': 'pass' },
  },
  {
    id: 'unlock-source-checked-last-without-own-bill',
    description:
      "unlock-source-checked-last with a profile declaring no bill of the deductible customer: the probes carry another customer's bill, which the target looks for among the named customer's own and answers 82323277 before 82323284",
    options: { hooks: familyHooks('capillary', { reply: sourceCheckedLast }) },
    profile: withoutDeductiblesBills,
    shows: { 'CAP-UPP-82323284': 'warn' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', { reply: usedBillAnsweredFirst() }) };
    },
    id: 'unlock-used-bill-answered-first',
    description:
      'an unlock naming a bill whose promised points were all unlocked is answered 82323282 before its query (82323284, 82323276) or its user group (1645) is judged (no order documented)',
    shows: { 'CAP-UPP-82323284': 'warn', 'CAP-UPP-82323276': 'warn', 'CAP-UPP-1645': 'warn' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', aggregateReadsLag()) };
    },
    id: 'balance-all-programs-aggregate-lags',
    description: `reads over all programs come from an aggregate refreshed ${AGGREGATE_LAG_MS} ms after a write to the customer while reads of one program are current; the profile allows reads to lag writes by ${AGGREGATE_WINDOW_MS} ms (the documents say nothing of when a read shows a write)`,
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: AGGREGATE_WINDOW_MS }) },
    shows: {
      'CAP-BAL-TOTAL': 'warn',
      'CAP-NPA-ARITHMETIC': 'warn',
      'CAP-NPA-NO-SIDE-EFFECT': 'pass',
      'CAP-UPP-NO-SIDE-EFFECT': 'pass',
    },
  },
  {
    id: 'bill-whole-unlocked-before-run',
    description:
      "the billWhole bills were unlocked before the run (a target's data, not a rule): ledger-invariants.promised-kept skips (its customer holds no promised points) and the unlocks of that bill see it used up",
    options: { createLedger: billWholeUnlockedBefore },
    shows: { 'CAP-NPA-NO-SIDE-EFFECT': 'pass', 'CAP-BAL-TOTAL': 'pass', 'CAP-UPP-ONCE': 'pass' },
  },
  {
    id: 'profile-shared-secondary-reversed',
    description:
      "the profile lists each org's sharedSecondary pair the other way round: ledger-invariants.other-customer deducts from customer-1003 and reads customer-1002, whose promised points are still locked, around it",
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) org.fixtures.roles.sharedSecondary.reverse();
      },
    },
    options: {},
    shows: { 'CAP-NPA-ARITHMETIC': 'pass', 'CAP-BAL-TOTAL': 'pass' },
  },
  {
    id: 'unlock-event-name-checked-first',
    description:
      'an unlock refuses an eventName its org does not know (82323272) before it looks the customer or the bill up (the page lists its codes in no order)',
    options: { handlers: { unlockPromisedPoints: eventNameFirst } },
    shows: { 'CAP-UPP-82323272': 'pass', 'CAP-UPP-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-minimum-one-point-own-code',
    description:
      'a deduction of less than one point is refused with a code of its own (8998) before its decimals are counted (the table types pointsToBeAdjusted Integer, "value should be >0"): 0.001 in a 2-decimal program is refused, not with 8906 (variant hunt 6: CAP-NPA-8906 failed; 1.001 stays 8906)',
    options: { handlers: { negativePointsAdjustment: minimumOnePointOwnCode } },
    shows: { 'CAP-NPA-8906': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass', 'CAP-NPA-DECIMALS-WITHIN': 'pass' },
  },
  {
    id: 'npa-ledger-scale-4-own-code',
    description:
      "a target whose ledger keeps 4 decimals refuses an amount with more (1.000001) with a code of its own (8999) before it counts the program's round decimals; amounts within 4 decimals get 8906 as the page says",
    options: { handlers: { negativePointsAdjustment: amountsBeyondScaleOwnCode(4) } },
    shows: { 'CAP-NPA-8906': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass', 'CAP-NPA-DECIMALS-PROGRAM': 'pass' },
  },
  {
    id: 'npa-program-five-decimals',
    description:
      'program 973 allows 5 round decimals (the page lets each program configure its own), and the profile says so: 0.000001 there is 8906, and no 6-decimal amount is over it',
    options: { createLedger: (dataset) => new Ledger(withRoundDecimals(dataset, 973, 5)) },
    profile: roundDecimalsDeclared(973, 5),
    shows: { 'CAP-NPA-8906': 'pass', 'CAP-NPA-DECIMALS-WITHIN': 'pass', 'CAP-NPA-DECIMALS-PROGRAM': 'pass' },
  },
  {
    id: 'bal-whole-numbers-floored',
    description:
      "a balance read shows every figure as a whole number rounded down (toward minus infinity: -0.13 shows -1), the ledger keeping decimals (+0.37 per program): the lenient org's second program below zero and the read over all programs with its id are whole numbers (the balance table types them int)",
    options: {
      createLedger: (dataset) =>
        new Ledger(withOrgMainPoints(dataset, ['strict', 'lenient'], (points) => points + 0.37)),
      hooks: { reply: balanceAsWholeNumbers(Math.floor) },
    },
    shows: {
      'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'warn',
      'CAP-NPA-NEGATIVE-ALLOWED': 'warn',
      'CAP-NPA-8906': 'pass',
      'CAP-BAL-ENTITY': 'pass',
    },
  },
  {
    id: 'npa-lenient-mixed-decimals-in-the-red',
    description:
      "the lenient org's deductible customer holds 10.25 points in program 469 and -0.125 in program 973 (3 decimals): below zero before the run, the read over all programs with 973's id is the sum of a negative 3-decimal balance and a 2-decimal one",
    options: {
      createLedger: (dataset) =>
        new Ledger(withCustomerPoints(dataset, 'lenient', 2001, { 469: 10.25, 973: '-0.125' })),
    },
    shows: {
      'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-NPA-POINTS-AVAILABLE': 'pass',
    },
  },
  {
    id: 'concurrency-in-flight-limit-8907',
    description:
      'a deduction of a customer with another deduction in flight is refused with 8907 (the documented refusal of a deduction the balance may not cover while another holds it), each held 20 ms: no parallel burst overdraws',
    options: {
      handlers: lockedPerCustomer(['negativePointsAdjustment'], () =>
        capillaryError(
          8907,
          'points to be deducted is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.',
        ),
      ),
    },
    shows: { 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass', 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass' },
  },
  {
    id: 'concurrency-deductions-queued-per-org',
    description:
      "every deduction of an org waits its turn behind the org's others (one lock per org, 5 ms each): a burst of 32 is served one at a time within the profile's timeout",
    options: {
      handlers: queuedBy((_operationId, context) => context.principal, {
        operationIds: ['negativePointsAdjustment'],
        ms: 5,
      }),
    },
    shows: { 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass', 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass' },
  },
  {
    id: 'dual-profile-without-shared-pair',
    description:
      "a profile declaring no sharedSecondary pair in either org: the lists of dual-eligibility.pairs-in-order use the deductible customer's own identifiers, the list with another customer's unshared value is not sent, and the scenarios needing the pair skip with what to add",
    options: {},
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) delete org.fixtures.roles.sharedSecondary;
      },
    },
    shows: { 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-DUAL-ORDER': 'pass' },
  },
  {
    id: 'npa-lenient-three-programs',
    description:
      'the lenient org has a third program (555, 1 round decimal) in which its deductible customer holds 7.5 points, and the profile declares it on the org and the customer: the read over all programs with the id of the program taken below zero sums three programs of three different decimals',
    options: { createLedger: lenientThirdProgramHolding(undefined, 7.5) },
    profile: { edit: declaringLenientThirdProgram },
    shows: {
      'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'pass',
      'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
    },
  },
  {
    id: 'play-json-path-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 400 with Play\'s JSON validation errors, a top-level map of JSON paths to lists of `{msg, args}` objects (`{"obj.pointsToBeAdjusted":[{"msg":["error.expected.jsnumber"],"args":[]}]}`), no `errors` and no code; documented cases keep their coded envelope (the documents show no body for a request they give no code for)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs(() =>
          jsonAnswer(400, { 'obj.pointsToBeAdjusted': [{ msg: ['error.expected.jsnumber'], args: [] }] }),
        ),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'spring-default-error-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused with Spring Boot\'s default error body (400 `{"timestamp","status","error","path"}`), while documented cases keep their codes in the envelope with 422; the profile pins apiErrorStatus: 422, the status of the answers that carry a code',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs(
          () =>
            jsonAnswer(400, {
              timestamp: '2026-12-04T18:00:00.000+00:00',
              status: 400,
              error: 'Bad Request',
              path: '/v2/points/negativePointsAdjustment',
            }),
          422,
        ),
      }),
    },
    profile: pinningErrorStatus(422),
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'rails-full-messages-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 422 with a bare JSON list of messages, as Rails\' `render json: record.errors.full_messages` writes it; documented cases keep their coded envelope (seventh variant hunt: it failed GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE, though it reports no code as `{"errors":["…"]}` does)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) => jsonAnswer(422, [refusalMessageOf(reply)])),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'errors-one-message-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 400 with `errors` one message string (`{"errors":"…"}`, an Express handler writing the exception\'s message); documented cases keep their coded envelope (seventh variant hunt: it failed GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) => jsonAnswer(400, { errors: refusalMessageOf(reply) })),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'ecto-nested-changeset-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 422 with an Ecto changeset\'s errors for an embedded schema, a map of messages in a map (`{"errors":{"customer":{"identifierValue":["can\'t be blank"]}}}`), no code; documented cases keep their coded envelope (seventh variant hunt: it failed GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs(() =>
          jsonAnswer(422, { errors: { customer: { identifierValue: ["can't be blank"] } } }),
        ),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'laravel-422-under-pinned-400',
    description:
      'a Capillary request broken in a way no document gives a code for is refused with Laravel\'s 422 `{"message","errors":{member:[messages]}}`, no code, while the profile pins apiErrorStatus: 400 (the status of the answers that carry a code): a refusal reporting no code is one whatever the setting',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) =>
          jsonAnswer(422, {
            message: refusalMessageOf(reply),
            errors: { points: [refusalMessageOf(reply)] },
          }),
        ),
      }),
    },
    profile: pinningErrorStatus(400),
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'grpc-gateway-status-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 400 with grpc-gateway\'s status body (`{"code":3,"message":"…","details":[]}`: a gRPC status number at the top level, no `errors`); documented cases keep their coded envelope',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) =>
          jsonAnswer(400, { code: 3, message: refusalMessageOf(reply), details: [] }),
        ),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'phoenix-409-lock-under-pinned-400',
    description:
      'a deduction of a customer with another in flight is refused with Phoenix\'s 409 `{"errors":{"detail":"Conflict"}}` (a lock; no code, the documents are silent), while the profile pins apiErrorStatus: 400',
    options: {
      handlers: lockedPerCustomer(['negativePointsAdjustment'], () =>
        jsonAnswer(409, { errors: { detail: 'Conflict' } }),
      ),
    },
    profile: pinningErrorStatus(400),
    shows: { 'GEN-ERROR-ENVELOPE': 'warn', 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'warn' },
  },
  {
    id: 'fabric-refusals-as-plain-text',
    description:
      'fabric refusals (4xx but 401 and 403) answered 400 `text/plain` with a message (the page documents the 200 answer only)',
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricRefusalsAsText('text/plain; charset=utf-8', 'invalid request'),
      }),
    },
    shows: { 'GEN-CONTENT-TYPE': 'warn', 'GEN-BODY-SCHEMA': 'warn', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'fabric-refusals-as-list',
    description:
      'fabric refusals (4xx but 401 and 403) answered 422 with a bare list of `{field, message}` objects, not the success envelope (the page documents the 200 answer only)',
    options: {
      hooks: familyHooks('fabric', {
        reply: refusalsAs('adjustMemberPoints', () =>
          jsonAnswer(422, [{ field: 'points', message: 'must be a number' }]),
        ),
      }),
    },
    shows: { 'GEN-BODY-SCHEMA': 'warn', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'balance-zero-promised-figures-left-out',
    description:
      'the balance is written by a serializer leaving out fields equal to their default (kotlinx `encodeDefaults = false`): a breakup figure of 0 and a promisedPoints of 0 are left out (`"promisedPointsBreakup":{}` for a customer without promised points); the page marks no response field required (seventh variant hunt: CAP-BAL-TOTAL warned that promised points were missing)',
    options: { hooks: familyHooks('capillary', { reply: balanceAnswersAs(zeroPromisedFiguresLeftOut) }) },
    shows: { 'CAP-BAL-TOTAL': 'pass', 'CAP-BAL-PROMISED-BREAKUP': 'pass', 'GEN-BODY-SCHEMA': 'pass' },
  },
  {
    id: 'balance-without-promised-points',
    description:
      "the balance answers the page's table to the letter: no promisedPoints (the table lists promisedPointsBreakup, mainPoints, totalPoints and the two figures), so the breakup stands in for it in totalPoints and the breakup's own sum has nothing to be compared with",
    options: {
      hooks: familyHooks('capillary', { reply: balanceAnswersAs(({ promisedPoints: _, ...rest }) => rest) }),
    },
    shows: { 'CAP-BAL-TOTAL': 'pass', 'CAP-BAL-PROMISED-BREAKUP': 'skip' },
  },
  {
    id: 'balance-breakup-null',
    description:
      'the balance answers promisedPointsBreakup null beside promisedPoints (the page lists the breakup as an obj and marks no response field required)',
    options: {
      hooks: familyHooks('capillary', {
        reply: balanceAnswersAs((body) => ({ ...body, promisedPointsBreakup: null })),
      }),
    },
    shows: { 'GEN-BODY-SCHEMA': 'warn', 'CAP-BAL-TOTAL': 'pass', 'CAP-BAL-PROMISED-BREAKUP': 'skip' },
  },
  {
    id: 'capillary-busy-503-while-fabric-answers',
    description:
      'the first 3 Capillary requests are answered 503 with Retry-After: 1 (not processed: a rate limit or a short overload of the Capillary backend) while fabric, on the same host, answers: resent, not an outage and no 5xx judged',
    options: {
      hooks: familyHooks('capillary', { intercept: firstAnsweredBusy(CAPILLARY_OPERATIONS, 3, '1') }),
    },
    shows: { 'GEN-NO-5XX': 'pass' },
  },
  {
    id: 'fabric-busy-503-retry-after',
    description:
      'the first 2 fabric adjustments are answered 503 with Retry-After: 1 (not processed) while the Capillary family answers',
    options: {
      hooks: familyHooks('fabric', { intercept: firstAnsweredBusy(['adjustMemberPoints'], 2, '1') }),
    },
    shows: { 'GEN-NO-5XX': 'pass', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'npa-bursts-503-retry-after',
    description:
      'more than 4 deductions of one org in flight are answered 503 with Retry-After: 0 by a gateway before the provider (not processed; the documents say nothing of overload)',
    options: {
      handlers: {
        negativePointsAdjustment: throttleDeductions(4, () => ({
          status: 503,
          body: { message: 'Service Unavailable' },
          headers: { 'retry-after': '0' },
        })),
      },
    },
    shows: {
      'GEN-NO-5XX': 'pass',
      'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
    },
  },
  {
    id: 'profile-without-bills-or-drainable',
    description:
      'a profile declaring no bills and no drainable customer (a target whose test data has none yet): the unlocks and the exact-balance rules are skipped, each naming the fixture to add, nothing fails',
    options: {},
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) {
          delete org.fixtures.bills;
          delete org.fixtures.roles.drainable;
          delete org.fixtures.roles.drainableOtherProgram;
        }
      },
    },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'skip', 'CAP-UPP-MOVE': 'skip', 'CAP-UPP-82323272': 'skip' },
  },
  {
    id: 'json-api-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 400 with JSON:API\'s error objects (`{"errors":[{"status":"400","title":"Invalid Attribute","detail":"…","source":{"pointer":"/pointsToBeAdjusted"}}]}`), no code; documented cases keep their coded envelope (seventh variant hunt: an errors list of objects was read as a broken envelope and failed GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) =>
          jsonAnswer(400, {
            errors: [
              {
                status: '400',
                title: 'Invalid Attribute',
                detail: refusalMessageOf(reply),
                source: { pointer: '/pointsToBeAdjusted' },
              },
            ],
          }),
        ),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'express-validator-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 422 with express-validator\'s `{"errors":[{"type":"field","value":…,"msg":"Invalid value","path":…,"location":"body"}]}`, the rejected value echoed, no code; documented cases keep their coded envelope (seventh variant hunt: it failed GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) =>
          jsonAnswer(422, {
            errors: [
              {
                type: 'field',
                value: -5,
                msg: refusalMessageOf(reply),
                path: 'pointsToBeAdjusted',
                location: 'body',
              },
            ],
          }),
        ),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  // --- eighth variant hunt ---
  {
    id: 'upp-second-program-none-held-before',
    description:
      'customer 1001 holds nothing in program 973 before its bill B-1001-2 is unlocked there: promised-points.second-program deducts 1 of the 12.675 points unlocked into 973 (redeemable, negative balance off) and reads main and total over all programs 1 lower (eighth variant hunt: the first correct provider to reach judgeOnePointRedeemable from second-program)',
    options: { createLedger: strict973(0) },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-TYPE-DEFAULT': 'pass' },
  },
  {
    id: 'upp-second-program-none-held-whole-floored',
    description:
      'upp-second-program-none-held-before with every balance figure a whole number rounded down (the balance table types them int): 12.675 unlocked into an empty 973 shows 12, the 1-point deduction 11, and 682 over all programs becomes 681',
    options: { createLedger: strict973(0), hooks: { reply: balanceAsWholeNumbers(Math.floor) } },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-RESPONSE-SUM': 'warn' },
  },
  {
    id: 'upp-second-program-under-one-held-rounded',
    description:
      'customer 1001 holds 0.4 in program 973 before the unlock (under one point: only unlocked points cover a deduction of 1 there) and balances are whole numbers rounded half up: 0.4 shows 0, 13.075 shows 13',
    options: { createLedger: strict973(0.4), hooks: { reply: balanceAsWholeNumbers(roundHalfUp) } },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-RESPONSE-SUM': 'warn' },
  },
  {
    id: 'unlock-bill-looked-up-at-its-source',
    description:
      "an unlock's sourceStoreId and sourceTillId (either spelling), where given, must name the store and till the bill was issued at (store 1, till 2 for every bill, as the reference profile declares for B-1001-2): a bill named with another is not found there (82323277); an unknown bill is 82323277 anyway",
    options: {
      handlers: {
        unlockPromisedPoints: unlockAtBillSource(() =>
          capillaryError(82323277, 'No bill found for given bill number.'),
        ),
      },
    },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-82323277': 'pass', 'CAP-UPP-TILL-ID-SPELLING': 'pass' },
  },
  {
    id: 'unlock-source-filters-promised-points',
    description:
      'the source fields narrow an unlock to the points earned at that store and till, as lineItemIds and itemCodes may: a bill named with another store or till has no promised points there (82323282); its own store and till unlock it all',
    options: {
      handlers: {
        unlockPromisedPoints: unlockAtBillSource(() =>
          capillaryError(82323282, 'No promise points found to unlock.'),
        ),
      },
    },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-TILL-ID-SPELLING': 'pass' },
  },
  {
    id: 'unlock-source-store-of-credentials-only',
    description:
      'a till may name only its own store and till (1, 2) as sourceStoreId/sourceTillId: any other is refused 403 with a code of its own (1102), and the profile declares B-1001-2 issued at store 7, till 70; the unlock without the source fields moves it. The page does not say which stores the credentials may name (eighth variant hunt: it failed CAP-UPP-MOVE; a 403 naming no documented code now warns)',
    options: {
      handlers: {
        unlockPromisedPoints: sourceOfCredentialsOnly(1102, 'the till may not act for another store'),
      },
    },
    profile: secondProgramIssuedAt({ storeId: 7, tillId: 70 }),
    shows: { 'CAP-UPP-MOVE': 'warn', 'CAP-UPP-TILL-ID-SPELLING': 'warn' },
  },
  {
    id: 'unlock-source-store-of-credentials-4000',
    description:
      'unlock-source-store-of-credentials-only answering the legacy v2 docs\' "Not authorized" (403, 4000) for a store or till other than the credentials\' own',
    options: { handlers: { unlockPromisedPoints: sourceOfCredentialsOnly(4000, 'Not authorized') } },
    profile: secondProgramIssuedAt({ storeId: 7, tillId: 70 }),
    shows: { 'CAP-UPP-MOVE': 'warn', 'CAP-UPP-TILL-ID-SPELLING': 'warn' },
  },
  {
    id: 'profile-bill-source-on-every-bill',
    description:
      "the profile declares store 1, till 2 on every bill of both orgs (only secondProgram's unlock carries them) against unlock-bill-looked-up-at-its-source's target",
    options: {
      handlers: {
        unlockPromisedPoints: unlockAtBillSource(() =>
          capillaryError(82323277, 'No bill found for given bill number.'),
        ),
      },
    },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile))
          for (const bill of Object.values(org.fixtures.bills) as ProfileDocument[])
            bill.source = { ...BILL_SOURCE };
      },
    },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-ONCE': 'pass' },
  },
  {
    id: 'profile-bill-source-left-out',
    description:
      "the profile leaves fixtures.bills.secondProgram.source out against unlock-bill-looked-up-at-its-source's target: the real unlocks carry no source fields, and the unknown bills' example store and till are 82323277 as any unknown bill",
    options: {
      handlers: {
        unlockPromisedPoints: unlockAtBillSource(() =>
          capillaryError(82323277, 'No bill found for given bill number.'),
        ),
      },
    },
    profile: secondProgramIssuedAt(undefined),
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-TILL-ID-SPELLING': 'pass' },
  },
  {
    id: 'upp-shared-partner-holds-promised-points',
    description:
      "customer 1003, which shares its email with billWhole's customer 1002, holds 9.5 promised points of a bill of its own (B-1003-9, not in the profile): promised-points.move-once reads its main and total, promised points included, unchanged through 1002's unlock",
    options: {
      createLedger: (dataset) =>
        new Ledger(
          withCustomer(dataset, 'strict', 1003, (c) => ({
            ...c,
            bills: [
              {
                billNumber: 'B-1003-9',
                eventName: 'TransactionAdd',
                eventLogId: 880009,
                promised: [
                  { programId: 469, points: 7, category: 'delayedAccrual' },
                  { programId: 469, points: 2.5, category: 'externalTrigger' },
                ],
              },
            ],
          })),
        ),
    },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-BAL-TOTAL': 'pass' },
  },
  {
    id: 'upp-shared-partner-in-the-red',
    description:
      "the lenient org's customer 2002 (billWhole's partner, billSpare's customer, drainable) holds -15.25 before the run (negative balance on): its negative main and total are read unchanged through 2003's unlock, and its own parallel unlock is not spent on a redeemability deduction",
    options: {
      createLedger: (dataset) => new Ledger(withCustomerPoints(dataset, 'lenient', 2002, { 469: '-15.25' })),
    },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-CONCURRENT-ONCE': 'pass' },
  },
  {
    id: 'concurrency-spare-customer-first-program-empty',
    description:
      "billSpare's customer 1004 is enrolled in program 973 too, with nothing there, and the profile lists 973 first: after the parallel unlock (into 469) its first listed program shows no point, so no redeemability deduction is sent",
    options: {
      createLedger: (dataset) =>
        new Ledger(
          withCustomer(dataset, 'strict', 1004, (c) => ({
            ...c,
            programs: [469, 973],
            mainPoints: { 469: 0, 973: 0 },
          })),
        ),
    },
    profile: {
      edit: (profile) => {
        const c = orgsOf(profile)[0]!.fixtures.customers['customer-1004'];
        c.programs = [973, 469];
        delete c.programNotEnrolled;
      },
    },
    shows: { 'CAP-UPP-CONCURRENT-ONCE': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { createLedger: strict973(0), hooks: replicaReadsLag() };
    },
    id: 'balance-replica-lags-every-read',
    description:
      'every balance read (one program or all) comes from a replica showing a write to the customer 40 ms after it, the profile allowing 150 ms (limits.readAfterWriteMs), and customer 1001 holds nothing in 973: the redeemability deductions of parallel-unlock and second-program and their reads over all programs settle under the window',
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: 150 }) },
    shows: { 'CAP-UPP-NO-SIDE-EFFECT': 'pass', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'profile-lenient-partner-without-mobile',
    description:
      "the profile declares the lenient org's customer-2002 (billWhole's partner) without its mobile (dual eligibility off there): it is read by externalId around the unlock of 2003's bill",
    options: {},
    profile: {
      edit: (profile) => {
        delete orgsOf(profile)[1]!.fixtures.customers['customer-2002'].identifiers.mobile;
      },
    },
    shows: { 'CAP-UPP-MOVE': 'pass' },
  },
  // --- ninth variant hunt ---
  {
    id: 'zod-issues-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 400 with Zod\'s issues (`{"errors":[{"code":"too_small","minimum":0,"type":"number","inclusive":false,"message":"…","path":["pointsToBeAdjusted"]}]}`): `code` names the validator\'s rule, not a numeric code of the v2 error response; documented cases keep their coded envelope (ninth variant hunt: a `code` member of any type was read as the envelope\'s, failing GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) =>
          jsonAnswer(400, {
            errors: [
              {
                code: 'too_small',
                minimum: 0,
                type: 'number',
                inclusive: false,
                message: refusalMessageOf(reply),
                path: ['pointsToBeAdjusted'],
              },
            ],
          }),
        ),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'null-code-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 400 with `{"errors":[{"code":null,"message":"…"}]}` (a serializer writing the unset code of its error class as null, no `status`): no code, as `{"message":"…"}` alone; documented cases keep their coded envelope (ninth variant hunt: it failed GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) =>
          jsonAnswer(400, { errors: [{ code: null, message: refusalMessageOf(reply) }] }),
        ),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'mongoose-validation-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 400 with a Mongoose ValidationError as Express writes it (`{"errors":{"pointsToBeAdjusted":{"name":"ValidatorError","kind":"min","value":-5,"properties":{…}}},"name":"ValidationError","message":"…"}`): a map of validator errors naming no code; documented cases keep their coded envelope (ninth variant hunt: the rejected value in a member failed GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) => {
          const message = refusalMessageOf(reply);
          const properties = { message, type: 'min', min: 1, path: 'pointsToBeAdjusted', value: -5 };
          return jsonAnswer(400, {
            errors: {
              pointsToBeAdjusted: { name: 'ValidatorError', message, properties, kind: 'min', value: -5 },
            },
            _message: 'Adjustment validation failed',
            name: 'ValidationError',
            message,
          });
        }),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'empty-errors-map-refusals',
    description:
      'a Capillary request broken in a way no document gives a code for is refused 400 in the `{status, message, errors:{}, data}` envelope fabric documents (`{"status":"ERROR","message":"…","errors":{},"data":null}`), no code; documented cases keep their coded envelope (ninth variant hunt: an empty map failed GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE where null or an empty list warned)',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) =>
          jsonAnswer(400, { status: 'ERROR', message: refusalMessageOf(reply), errors: {}, data: null }),
        ),
      }),
    },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'balance-empty-breakup-as-list',
    description:
      'the balance is written by PHP\'s json_encode: a customer without promised points gets `"promisedPointsBreakup":[]` (an empty array is one for a map and a list), its zero figures left out elsewhere; the page marks no response field required (ninth variant hunt: GEN-BODY-SCHEMA failed, and with it every rule expecting a documented 200, six requirements)',
    options: { hooks: familyHooks('capillary', { reply: balanceAnswersAs(emptyBreakupAsList) }) },
    shows: {
      'GEN-BODY-SCHEMA': 'warn',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-AUTH-BASIC': 'pass',
      'CAP-BAL-TOTAL': 'pass',
    },
  },
  {
    get options(): FaultOptions {
      return {
        hooks: familyHooks('capillary', { intercept: firstAnsweredGatewayTimeout('getPointsBalance') }),
      };
    },
    id: 'first-balance-read-504',
    description:
      "a gateway answers the run's first balance read 504 (a blip, no Retry-After), every later request as the reference: the run's first request is asked again after the pause and the run goes on (ninth variant hunt: one 504 to it ended the run, exit 2, no scenario ran)",
    shows: { 'GEN-NO-5XX': 'pass', 'CAP-AUTH-BASIC': 'pass' },
  },
  {
    id: 'unlock-source-own-till-checked-after-lookup',
    description:
      "the credentials' till (store 1, till 3) may name no other store or till as an unlock's source, checked once the bill is found: a bill the org has, named with store 1 and till 2 where it was issued, is refused 403 4000, an unknown bill is 82323277 whatever it names; the profile declares the credentials' own till as fixtures.source. The page does not say which tills the credentials may name, nor whether the bill is looked up first (tenth variant hunt: declared with the bill's till 2 as fixtures.source, as its old description allowed, it failed CAP-UPP-MOVE)",
    options: {
      handlers: {
        unlockPromisedPoints: unlockAtBillSource(() => capillaryError(4000, 'Not authorized', 403), OWN_TILL),
      },
    },
    profile: declaringSource(OWN_TILL),
    shows: { 'CAP-UPP-MOVE': 'warn', 'CAP-UPP-TILL-ID-SPELLING': 'pass' },
  },
  {
    id: 'capillary-behind-kong-cjson',
    description:
      "every Capillary answer passes Kong's response-transformer, which re-encodes it with Lua's cjson: each empty list (a balance's or deduction's `warnings`) comes out as `{}` (an empty table is both); no page marks `warnings` required (tenth variant hunt: GEN-BODY-SCHEMA failed, and with it the 15 rules expecting a documented 200)",
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) =>
          CAPILLARY_OPERATIONS.includes(operationId)
            ? { ...reply, body: emptyListsAsMaps(reply.body) }
            : reply,
      }),
    },
    shows: {
      'GEN-BODY-SCHEMA': 'warn',
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-AUTH-BASIC': 'pass',
    },
  },
  {
    id: 'award-needs-ref-type-9975',
    description:
      "a pointsAwardedId without the pointsAwardedRefType naming the kind of award is refused with 9975, the type's own code, before the award is looked up (the page lists both as optional and says nothing of the pair; rule audit of the deduction: CAP-NPA-8877 failed its probe, an unknown award sent without a type)",
    options: { handlers: { negativePointsAdjustment: awardNeedsRefType(9975) } },
    shows: { 'CAP-NPA-8877': 'warn', 'CAP-NPA-REFTYPE-VALUES': 'pass' },
  },
  {
    id: 'ref-type-needs-award-first',
    description:
      'a pointsAwardedRefType without the pointsAwardedId it qualifies is refused with 8877 before its value is checked, so an unlisted type sent alone is 8877, not 9975 (the page says nothing of the pair nor of an order; rule audit of the deduction: CAP-NPA-9975 failed its probe, an unlisted type sent without an award)',
    options: {
      // The value's check (the spec's enum, 9975) comes before any handler: its refusal of a type
      // sent without an award is answered as the handler answers a listed one.
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          envelopeCodes(reply.body)?.includes(9975) &&
          bodyRecord(request.body).pointsAwardedId === undefined
            ? awardNeeded()
            : reply,
      }),
      handlers: { negativePointsAdjustment: refTypeNeedsAward },
    },
    shows: { 'CAP-NPA-9975': 'warn', 'CAP-NPA-REFTYPE-VALUES': 'pass', 'CAP-NPA-8877': 'pass' },
  },
  {
    id: 'promotion-needs-award-8877',
    description:
      'a deduction naming a promotion, by promotionId or by promotionIdentifier, is refused with 8877 unless it carries the pointsAwardedId of the award the promotion gave (the page lists the fields as optional and says nothing of the pair; the profile names no award of its promotion). Rule audit of the deduction: CAP-NPA-8874 failed, on the unknown promotionId answered 8877 and on the declared promotion refused with every type',
    options: { handlers: { negativePointsAdjustment: promotionNeeds('pointsAwardedId', 8877) } },
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-8887': 'pass', 'CAP-NPA-PROMOTION-EXCLUSIVE': 'pass' },
  },
  {
    id: 'unlock-used-bill-answered-before-the-body',
    description:
      'a rerun on bills an earlier run unlocked (every declared bill has nothing left), against a target that looks at what the bill has left before it reads the body: an unlock of a used-up bill without eventName, or naming its event log without billNumber or with an empty one, is answered 82323282 ("No promise points found to unlock") instead of 82323272 or 82323271, and so is one with a query parameter missing or empty (82323284). The page lists its codes in no order (rule audit of the unlock: the first two failed)',
    options: {
      createLedger: everyBillUnlockedBefore,
      hooks: { reply: noPointsBeforeTheBody },
    },
    shows: {
      'CAP-UPP-82323272': 'warn',
      'CAP-UPP-82323271': 'warn',
      'CAP-UPP-82323284': 'warn',
      'CAP-UPP-NO-SIDE-EFFECT': 'pass',
    },
  },
  {
    id: 'fabric-points-boolean-as-number',
    description:
      "a fabric adjustment reads points sent as true or false as 1 or 0 (pydantic's lax mode, FastAPI's default, does so for a float field) instead of refusing it. Rule audit of fabric: GEN-INVALID-REJECTED failed its generated case `body.points: a boolean`",
    options: pointsFromBooleans,
    shows: { 'GEN-INVALID-REJECTED': 'warn', 'FAB-ADJ-ADD': 'pass' },
  },
  {
    id: 'fabric-refusals-as-html-text',
    description:
      "fabric refusals (4xx but 401 and 403) answered 400 `text/html` with a bare message, as Express's `res.status(400).send(message)` writes (the page documents the 200 answer only). Rule audit of fabric: GEN-CONTENT-TYPE failed every refusal",
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricRefusalsAsText('text/html; charset=utf-8', 'points is required'),
      }),
    },
    shows: { 'GEN-CONTENT-TYPE': 'warn', 'GEN-BODY-SCHEMA': 'warn', 'FAB-ADJ-POINTS-REQUIRED': 'pass' },
  },
  {
    id: 'fabric-missing-token-422',
    description:
      'a fabric request without an Authorization header is refused with 422 and a validation detail, as FastAPI answers a required `Header()` left out; a wrong token with 401 (the page documents no error status). Rule audit of fabric: FAB-AUTH-MISSING failed the call without a header',
    options: {
      hooks: familyHooks('fabric', {
        reply: missingTokenAnswered(
          jsonAnswer(422, {
            detail: [
              { type: 'missing', loc: ['header', 'authorization'], msg: 'Field required', input: null },
            ],
          }),
        ),
      }),
    },
    shows: { 'FAB-AUTH-MISSING': 'pass', 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-HTTP-STATUS': 'warn' },
  },
  {
    id: 'dual-list-primary-by-value',
    description:
      'under dual eligibility a list naming the primary identifier finds the customer whose primary value is any of the listed values, whichever name stands beside it ("If one of the provided values matches the primary key, the API uses it for the lookup"), so a list with the values swapped still finds the customer; the page only asks the caller to keep the order. Rule audit of the balance read: CAP-BAL-DUAL-ORDER failed on the swapped values',
    options: { createLedger: listResolvedByPrimaryValue },
    shows: { 'CAP-BAL-DUAL-ORDER': 'warn', 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-DUAL-NO-PRIMARY': 'pass' },
  },
  {
    id: 'bal-sum-over-programs-two-decimals',
    description:
      "a balance read over all programs (fetchDataForAllPrograms=true) writes its sums with two decimals, the default program's round decimals, rounded half even, while one program's read shows its own (the 3-decimal program's 78.675 exactly); no page says which decimals a sum over programs with different round decimals has, and the balance table types the figures int. Variant hunt 11: CAP-BAL-ALL-PROGRAMS-WITH-ID and -NO-ID failed 868.18 for 868.175, CAP-UPP-MOVE and -RESPONSE-SUM the unlock into the second program read over all programs",
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          queryValue(request.query, 'fetchDataForAllPrograms') === 'true'
            ? balanceAsWholeNumbers(twoDecimalsHalfEven)(operationId, reply)
            : reply,
      }),
    },
    shows: {
      'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'warn',
      'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn',
      'CAP-UPP-MOVE': 'warn',
      'CAP-UPP-RESPONSE-SUM': 'warn',
      'CAP-BAL-ONE-PROGRAM': 'pass',
    },
  },
  {
    id: 'bal-figures-two-decimals',
    description:
      "every balance figure is written with two decimals, rounded half even (a DTO's BigDecimal setScale(2, HALF_EVEN), whatever the program's round decimals), while the ledger and a deduction's pointsAvailable keep the program's three: the balance table types the figures int, so a display between int and the ledger's decimals warns as whole numbers do. Variant hunt 11: CAP-NPA-DECIMALS-WITHIN, CAP-NPA-POINTS-AVAILABLE, CAP-UPP-MOVE and -RESPONSE-SUM failed",
    options: { hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(twoDecimalsHalfEven) }) },
    shows: {
      'CAP-NPA-DECIMALS-WITHIN': 'warn',
      'CAP-UPP-MOVE': 'warn',
      'CAP-UPP-RESPONSE-SUM': 'warn',
      'CAP-NPA-ARITHMETIC': 'pass',
    },
  },
  // --- variant hunt 12 ---
  {
    id: 'fabric-inquiry-whole-points',
    description:
      "the fabric member inquiry (outside the four documents) shows memberPointsAvailable as whole points, its decimals dropped, while the tenant keeps the 2.5 points an adjustment adds or deducts: a member at N + 2.5 reads N. Variant hunt 12: FAB-ADJ-ADD and FAB-ADJ-DEDUCT failed the fraction's move (now a warning, and the fraction sent again moves a whole 5, judged exactly)",
    options: { handlers: { inquireMemberPoints: inquiryWithPoints((points) => Math.floor(Number(points))) } },
    shows: { 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-DEDUCT': 'warn', 'FAB-ADJ-NULLABLE-STRINGS': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', figuresLagApart()) };
    },
    id: 'balance-main-and-total-lag-apart',
    description: `a balance read's mainPoints and totalPoints come from stores showing a write to the customer at different times: for ${FIGURE_LAG_MS} ms after it the strict org's totalPoints (an aggregate) and the lenient org's mainPoints (a replica) are what the read answered before, the profile allowing ${AGGREGATE_WINDOW_MS} ms (limits.readAfterWriteMs). Rule audit of the ledger rules: CAP-BAL-TOTAL failed ledger-invariants.sequence (settled on main only) and .promised-kept (settled on total only); both now settle on every figure they judge`,
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: AGGREGATE_WINDOW_MS }) },
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-BAL-LEDGER': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', { authenticate: tillLockedAfterFailures(LOCKOUT_FAILURES) }) };
    },
    id: 'basic-till-locked-after-failures',
    description: `a till whose Basic credentials failed ${LOCKOUT_FAILURES} times is locked for the rest of the run, its right password refused with 401 too (ASP.NET Identity's default lockout; no page or authorisation fact rules a lockout out). Variant hunt 13: CAP-AUTH-WRONG sent 12 failed attempts naming the run's own till, which then locked, and the run stopped (exit 2); each attempt naming the till now goes to one operation (four in all)`,
    shows: { 'CAP-AUTH-WRONG': 'pass', 'CAP-AUTH-ACCESS-GROUP': 'pass', 'CAP-AUTH-BASIC': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { handlers: { generateOAuthToken: oneTokenPerClientPerMinute() } };
    },
    id: 'oauth-one-token-per-client-per-minute',
    description:
      "the token endpoint issues one token per OAuth client per minute: a second request with the same key within 60 s is answered 429 with Retry-After: 60 (the token page gives no rate limit and rules none out). Variant hunt: CAP-AUTH-TOKEN-GENERATE asked for a token of its own beside the run's, met the 429 and the run stopped (exit 2); it now judges the token request the run made for its own calls",
    shows: { 'CAP-AUTH-TOKEN-GENERATE': 'pass', 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-BASIC': 'pass' },
  },
  {
    id: 'unlock-partly-unlocked-bill-refused-whole',
    description:
      "variant hunt 14: the bill with line items had one line item unlocked before the run (another run's filtered unlock, or the target's own use of the bill), and the target refuses any unlock of a bill unlocked before, unless filtered, with an \"already unlocked\" code of its own (82323290) before it reads the body: the domain facts make a second unlock of a bill \"an error (82323282, or an 'already unlocked' error whose code is not found)\", and the page's lineItemIds and itemCodes still unlock the lines left. Its refusals of the unknown eventLogId and eventName were true of the bill, and the item code's later unlock moved points: the bill notes failed CAP-UPP-3918 and -82323272 before the fix (the filters now see no line item left after the item code, a sign of the bill partly unlocked before, and the notes only warn)",
    options: {
      createLedger: partlyUnlockedBefore((reference, unlockedBefore, request) =>
        unlockedBefore &&
        request.type === 'CUSTOMER' &&
        !request.lineItemIds?.length &&
        !request.itemCodes?.length
          ? alreadyUnlocked('Promised points already unlocked for the bill.')
          : reference(),
      ),
    },
    shows: {
      'CAP-UPP-3918': 'warn',
      'CAP-UPP-82323272': 'warn',
      'CAP-UPP-FILTER-ITEM-CODES': 'warn',
      'CAP-UPP-82323277': 'pass',
    },
  },
  {
    id: 'unlock-per-line-first-error-partly-unlocked',
    description:
      'variant hunt 14: the bill with line items had one line item unlocked before the run, and the target checks an unlock line by line, answering the first line\'s error: a line unlocked before says "already unlocked" (a code of its own, 82323290) before the unknown eventLogId (3918) or eventName (82323272) of the next, while a valid unlock moves the lines left (the page lists its codes in no order). The bill notes failed CAP-UPP-3918 and -82323272 when the item code\'s unlock, then the rest of the bill, moved points; now they warn',
    options: { createLedger: perLineFirstErrorPartlyUnlocked },
    shows: {
      'CAP-UPP-3918': 'warn',
      'CAP-UPP-82323272': 'warn',
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-82323277': 'pass',
    },
  },
  // --- variant hunt 15 ---
  {
    get options(): FaultOptions {
      return {
        handlers: {
          negativePointsAdjustment: duplicatesRefused('negativePointsAdjustment', DUPLICATE_WINDOW_MS),
        },
      };
    },
    id: 'npa-duplicate-refused-409',
    description:
      'variant hunt 15: a deduction identical to one the target took from the same customer (by any identifier) in the last 2 s, body and all, is refused as a duplicate with 409 and moves nothing (duplicate detection a team adds; the page says nothing of repeated requests). The suite sent every deduction with the same reasonOfReturn, so the second deduction of 1 point from a customer within 2 s failed CAP-NPA-ARITHMETIC, -DECIMALS-PROGRAM, -AMOUNT-NUMBER, -IDENTIFIER-NAMES, -SOURCE-VALUES and CAP-BAL-LEDGER (and -NEGATIVE-ALLOWED when its deductions fell within the window); each deduction now carries a reason of its own (`reasonOfReturn` in suites/support.ts)',
    shows: {
      'CAP-NPA-ARITHMETIC': 'pass',
      'CAP-NPA-SOURCE-VALUES': 'pass',
      'CAP-NPA-IDENTIFIER-NAMES': 'pass',
      'CAP-BAL-LEDGER': 'pass',
    },
  },
  // --- variant hunt 16 ---
  {
    id: 'balance-read-answered-203',
    description:
      'variant hunt 16: a caching gateway in front of the balance read answers its successes 203 Non-Authoritative Information (RFC 9110 §15.3.4: a 2xx whose content a transforming proxy changed) with a weak ETag and Cache-Control: private, max-age=0; the balance page gives the read no status. The suite read a balance only from a 200, so every scenario reading one stopped (exit 2, 71 requirements `error`); any 2xx with the figures is now read, and GEN-STATUS-DECLARED warns',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) =>
          operationId === 'getPointsBalance' && reply.status === 200
            ? {
                ...reply,
                status: 203,
                headers: {
                  ...reply.headers,
                  etag: `W/"${createHash('sha1').update(JSON.stringify(reply.body)).digest('hex').slice(0, 16)}"`,
                  'cache-control': 'private, max-age=0',
                },
              }
            : reply,
      }),
    },
    shows: {
      'GEN-STATUS-DECLARED': 'warn',
      'CAP-BAL-TOTAL': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-IDENTIFIER-NAMES': 'pass',
      'CAP-BAL-LEDGER': 'pass',
    },
  },
  // --- fabric duplicates and the inquiry's status ---
  {
    get options(): FaultOptions {
      return {
        handlers: { adjustMemberPoints: duplicatesRefused('adjustMemberPoints', DUPLICATE_WINDOW_MS) },
      };
    },
    id: 'fabric-duplicate-refused-409',
    description:
      "a fabric adjustment identical to one the tenant took for the same member in the last 2 s, body and all, is refused as a duplicate with 409 and moves nothing (duplicate detection a team adds; the fabric page says nothing of repeated requests). The suite sent FAB-AUTH-BEARER's `{profileId, points: 1}` right after the parallel additions, all `{points: 1}` too, and the example body twice in fabric.add-and-deduct: FAB-AUTH-BEARER failed (FAB-ADJ-ADD and -CONCURRENT warned). No two adjustments of a run are identical now: the parallel additions each carry an amount of their own (11, 12, …) and the repeated addition is +10 with the example's reasonCode alone",
    shows: {
      'FAB-AUTH-BEARER': 'pass',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
  },
  {
    id: 'fabric-inquiry-answered-201',
    description:
      "the fabric member inquiry (outside the four documents) answers its successes 201, the body unchanged. The suite read member points only from a 200, so every scenario reading them stopped (exit 2); any 2xx with data[].pointsBalance.memberPointsAvailable is now read, as the balance read's, and GEN-STATUS-DECLARED warns",
    options: {
      hooks: familyHooks('fabric', {
        reply: (operationId, reply) =>
          operationId === 'inquireMemberPoints' && reply.status === 200 ? { ...reply, status: 201 } : reply,
      }),
    },
    shows: {
      'GEN-STATUS-DECLARED': 'warn',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
  },
  // --- variant hunt 17 ---
  {
    get options(): FaultOptions {
      return {
        handlers: {
          adjustMemberPoints: duplicatesRefused(
            'adjustMemberPoints',
            DUPLICATE_WINDOW_MS,
            reasonCodesOfTheTenant,
          ),
        },
      };
    },
    id: 'fabric-reason-codes-and-duplicates-refused',
    description:
      "variant hunt 17: the fabric tenant knows its own reason codes, not the example's 7502 (fabric-reason-codes-of-the-tenant: 400, nothing moved), and refuses an adjustment identical to one it took for the member in the last 2 s with 409 (fabric-duplicate-refused-409); the page lists no reason codes and says nothing of repeated requests. fabric.add-and-deduct's −5 with reasonCode 7502, refused and resent as a bare −5, was followed by the bare −5 of FAB-ADJ-DEDUCT, refused as its duplicate: FAB-ADJ-DEDUCT failed (exit 1). That bare deduction is now −4 where the −5 was resent without its reasonCode (−5 still otherwise, so that fault fab-repeat-deduction-deduplicated is caught)",
    shows: {
      'FAB-ADJ-DEDUCT': 'warn',
      'FAB-ADJ-ADD': 'warn',
      'FAB-AUTH-BEARER': 'pass',
    },
  },
  // --- variant hunt 19 ---
  {
    id: 'express-html-refusals',
    description:
      "variant hunt 19: a Capillary request broken in a way no document gives a code for (a wrong type, a negative amount, a reason over 50 characters) is refused 400 `text/html` with its bare message, as Express's `res.status(400).send(message)` writes (Flask's `abort(400)` and nginx's error page are HTML too), while documented cases keep their coded envelope; the documents show no body for such a refusal. GEN-CONTENT-TYPE, GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE failed (only text/plain warned)",
    options: { hooks: familyHooks('capillary', { reply: uncodedRefusalsAs(asHtmlMessage) }) },
    shows: { ...REFUSED_WITHOUT_ENVELOPE_SHOWS, 'GEN-CONTENT-TYPE': 'warn' },
  },
  {
    id: 'aspnet-refusals-without-envelope',
    description:
      "variant hunt 19: ASP.NET Core answers a Capillary request no document gives a code for 400, the deduction's with the message as a JSON string (`BadRequest(\"…\")`), the unlock's and the balance read's with no body (minimal APIs' binding failures in production), while documented cases keep their coded envelope at 422; the profile pins apiErrorStatus: 422. GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE failed, and under the pin the empty 400s were no refusal (GEN-INVALID-REJECTED failed)",
    options: { hooks: familyHooks('capillary', { reply: aspNetUncodedRefusals }) },
    profile: pinningErrorStatus(422),
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  // --- variant hunt 20 ---
  {
    id: 'json-nothing-refusals',
    description:
      "variant hunt 20: a Capillary request no document gives a code for is refused 400 `application/json` with JSON's nothing, while documented cases keep their coded envelope: the deduction's `null` (Rails' `render json: nil, status: :bad_request`; Go encoding a nil error pointer), the unlock's `[]` (Go encoding an empty slice of messages), the balance read's `\"\"` (an empty message as a JSON string). The documents show no body for such a refusal and an empty body already warned; GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE failed all three",
    options: { hooks: familyHooks('capillary', { reply: refusedWithJsonNothing }) },
    shows: REFUSED_WITHOUT_ENVELOPE_SHOWS,
  },
  {
    id: 'go-status-text-refusals',
    description:
      'variant hunt 20\'s open case, closed by the lead: a Capillary request no document gives a code for is refused 400 `text/plain` with the status as its text, as Go\'s `http.Error(w, "400", http.StatusBadRequest)` writes (`400\\n`), while documented cases keep their coded envelope. The text reads as a JSON number, and GEN-CONTENT-TYPE, GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE failed it as JSON in the wrong media type; a message that happens to parse as a JSON scalar is a message',
    options: {
      hooks: familyHooks('capillary', {
        reply: uncodedRefusalsAs((reply) => ({
          ...reply,
          status: 400,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          rawBody: '400\n',
        })),
      }),
    },
    shows: { ...REFUSED_WITHOUT_ENVELOPE_SHOWS, 'GEN-CONTENT-TYPE': 'warn' },
  },
  // --- variant hunt 21 ---
  {
    id: 'node-bare-refusals-without-content-type',
    description:
      "variant hunt 21: a Capillary request no document gives a code for is refused 400 with its bare message and no Content-Type at all, as Node's own `http` module sends `res.statusCode = 400; res.end(message)` (RFC 9110 §8.3 makes the media type a SHOULD), while documented cases keep their coded envelope; the documents show no body for such a refusal. GEN-CONTENT-TYPE, GEN-BODY-SCHEMA and GEN-ERROR-ENVELOPE failed (text/plain and HTML warned)",
    options: { hooks: familyHooks('capillary', { reply: uncodedRefusalsAs(asBareText) }) },
    shows: { ...REFUSED_WITHOUT_ENVELOPE_SHOWS, 'GEN-CONTENT-TYPE': 'warn' },
  },
  // --- the fabric probe's HTML refusal (2026-12-05) ---
  {
    id: 'fabric-html-refusals-no-inquiry',
    description:
      "`fabric-refusals-as-html-text` (fabric refusals answered 400 `text/html`, as Express's `res.status(400).send(message)` writes) under a profile declaring `fabric.memberInquiry: false`: the run's first fabric request is then the adjustment the target must refuse, and its HTML 400 ended the run at the probe as not the API (exit 2, no scenario run)",
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricRefusalsAsText('text/html; charset=utf-8', 'points is required'),
      }),
    },
    profile: { edit: (profile) => Object.assign(profile.fabric, { memberInquiry: false }) },
    shows: FABRIC_HTML_REFUSALS_SHOWS,
  },
  // --- variant hunt 22 ---
  {
    id: 'fabric-html-refusals-inquiry-forbidden',
    description:
      "variant hunt 22: `fabric-refusals-as-html-text` (Express's HTML 400 refusals) behind a gateway that lets this client reach the adjustment only and answers the member inquiry's path (outside the four documents) nginx's HTML 403; the profile leaves `fabric.memberInquiry` at `auto`. The probe read the 403 page as the wrong base URL's and ended the run as not the API (exit 2, no scenario run): a 401 or 403 at the inquiry's path, the adjustment's 400 got past auth with the same token, is that route guarded apart",
    options: {
      hooks: familyHooks('fabric', {
        intercept: inquiryAnswered(nginxPage(403, 'Forbidden')),
        reply: fabricRefusalsAsText('text/html; charset=utf-8', 'points is required'),
      }),
    },
    shows: FABRIC_HTML_REFUSALS_SHOWS,
  },
  {
    id: 'fabric-html-refusals-inquiry-busy-once',
    description:
      "variant hunt 22: `fabric-html-refusals-no-inquiry` (HTML 400 refusals, `fabric.memberInquiry: false`) whose gateway answers the probe's one read of the member inquiry's path nginx's HTML 503 once (an upstream blip; the next answer is the router's). The read was not asked again and the 503 page ended the run as not the API (exit 2): it is asked again once like the probe's other first requests, and an inquiry still unavailable stops the run as unavailable or rate limited, not as not the API",
    options: {
      hooks: familyHooks('fabric', {
        intercept: inquiryAnswered(nginxPage(503, 'Service Temporarily Unavailable'), 1),
        reply: fabricRefusalsAsText('text/html; charset=utf-8', 'points is required'),
      }),
    },
    profile: { edit: (profile) => Object.assign(profile.fabric, { memberInquiry: false }) },
    shows: FABRIC_HTML_REFUSALS_SHOWS,
  },
  // --- fault hunt 28 ---
  {
    id: 'unlock-per-line-first-error-whole-bill-partly-unlocked',
    description:
      "fault hunt 28: variant unlock-per-line-first-error-partly-unlocked's target (a line unlocked before answers \"already unlocked\", 82323290, before the next line's unknown eventLogId or eventName; a valid unlock moves the lines left) under a profile declaring no bill with line items: the bill is billWhole, so anyBill, and its first line item was unlocked before the run. move-once's unlock of the rest moved points and turned the probes' notes into failures of CAP-UPP-3918 and -82323272, though their answers were true of the bill; a whole unlock cannot tell such a bill from a fresh one, so they warn",
    options: { createLedger: perLineFirstErrorPartlyUnlocked },
    profile: lineBillDeclaredWhole,
    shows: {
      'CAP-UPP-3918': 'warn',
      'CAP-UPP-82323272': 'warn',
      'CAP-UPP-MOVE': 'pass',
    },
  },
  // --- variant hunt 23 ---
  {
    get options(): FaultOptions {
      return {
        createLedger: fabricMembersAt(100.5),
        handlers: {
          adjustMemberPoints: duplicatesRefused('adjustMemberPoints', DUPLICATE_WINDOW_MS),
          inquireMemberPoints: inquiryWithPoints((points) => halfEvenTo(0)(Number(points))),
        },
      };
    },
    id: 'fabric-inquiry-half-even-member-holding-a-half',
    description:
      "variant hunt 23: the fabric member holds 100.5 points (a fraction its earn rules gave it) and the member inquiry (outside the four documents) shows whole points rounded half to even, as Python's round or .NET's Math.Round write them: 100.5 reads 100 and, after +3, 103.5 reads 104; the tenant also refuses an adjustment identical to one it took in the last 2 s (409). Every odd move read a point off: FAB-ADJ-ADD, -DEDUCT, -PENDING-DEFAULT and -NULLABLE-STRINGS failed (exit 1). Such a reading now warns once one more odd move of the same sign (1, 3, 5…, a body of its own each time) lands on the tie's even neighbour the reading predicts",
    shows: {
      'FAB-ADJ-PENDING-DEFAULT': 'warn',
      'FAB-ADJ-NULLABLE-STRINGS': 'warn',
      'FAB-ADJ-DEDUCT': 'warn',
      'FAB-AUTH-BEARER': 'pass',
    },
  },
  {
    id: 'fabric-inquiry-one-decimal-half-even',
    description:
      'variant hunt 23: the fabric member holds 100.25 points and the member inquiry shows one decimal, rounded half to even (the adjustment\'s own Message writes one, "100.0 points added"): 100.25 reads 100.2 and, after +2.5, 102.75 reads 102.8. The fraction\'s move read 0.1 off: FAB-ADJ-ADD and -DEDUCT failed (exit 1); the tie rule works in the unit the readings show',
    options: {
      createLedger: fabricMembersAt(100.25),
      handlers: { inquireMemberPoints: inquiryWithPoints((points) => halfEvenTo(1)(Number(points))) },
    },
    shows: { 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-DEDUCT': 'warn', 'FAB-ADJ-PENDING-DEFAULT': 'pass' },
  },
  {
    id: 'fabric-inquiry-no-entries-at-zero',
    description:
      'variant hunt 23: the fabric member starts at 0 points and the member inquiry, which the profile declares (fabric.memberInquiry: true), answers data: [] while the member holds nothing (no entry before its first points; the inquiry is outside the four documents). Every read of it stopped its scenario (19 requirements error, exit 2); an empty data[] now reads 0, and FAB-INQ-BALANCE warns on it',
    options: {
      createLedger: fabricMembersAt(0),
      handlers: { inquireMemberPoints: inquiryWithoutEntriesAtZero },
    },
    profile: { edit: (profile) => Object.assign(profile.fabric, { memberInquiry: true }) },
    shows: {
      'FAB-INQ-BALANCE': 'warn',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-CONCURRENT': 'pass',
    },
  },
  // --- review of the sitting's change (2026-12-05) ---
  {
    id: 'fabric-inquiry-half-even-member-holding-a-half-no-overdraft',
    description:
      "review of the sitting's change: variant fabric-inquiry-half-even-member-holding-a-half's inquiry (whole points rounded half to even) over a member holding only 0.5 points, on a tenant refusing a deduction that would take the member below zero. A tie read after a deduction is confirmed by one more deduction (tieRoundedDisplay), and a refused confirmation leaves the reading a failure: the confirmations must follow the additions each scenario sends before its deductions, so that the member never holds too little for them",
    options: {
      createLedger: fabricMembersAt(0.5),
      handlers: {
        adjustMemberPoints: noFabricOverdraft,
        inquireMemberPoints: inquiryWithPoints((points) => halfEvenTo(0)(Number(points))),
      },
    },
    shows: { 'FAB-ADJ-DEDUCT': 'warn', 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-NULLABLE-STRINGS': 'warn' },
  },
  {
    id: 'bal-sum-whole-half-even-zero-and-four-decimals',
    description:
      "variant hunt 24: program 469 counts whole points and 973 keeps 4 decimals (each twoPrograms customer holds 120.5678 or 10.1235 there), the profile says so; one program's figures are written with its own decimals, the sum over all programs with the default program's none, rounded half to even (BigDecimal's HALF_EVEN): no page gives a sum over programs decimals. The lenient org's read over all programs with the id of the program taken below zero (-12.3765 written -12) failed CAP-BAL-ALL-PROGRAMS-WITH-ID; it warns now, as the program table's sums did",
    options: {
      createLedger: (dataset) => new Ledger(wholeAndFourDecimals(dataset)),
      hooks: { reply: sumsShownBy(halfEvenTo(0)) },
    },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile))
          org.config.programs = org.config.programs.map((p: { id: number }) =>
            p.id === 469 ? { ...p, roundDecimals: 0 } : p.id === 973 ? { ...p, roundDecimals: 4 } : p,
          );
      },
    },
    shows: {
      'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'warn',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-BAL-ONE-PROGRAM': 'pass',
    },
  },
  {
    id: 'bal-sum-whole-half-even-program-holding-a-half',
    description:
      "variant hunt 24: programs 469 and 973 count whole points and each twoPrograms customer holds 0.5 points in a third program of one decimal (555, declared), so its sum over all programs holds half a point whatever whole points move; the sum is written whole, rounded half to even, each program's figures exactly: 790.5 reads 790 and, 1 point deducted, 789.5 reads 790 too. CAP-NPA-ARITHMETIC and CAP-BAL-LEDGER failed such reads; a read one unit off now reads the customer's programs one by one, and warns where both reads are that display of their sum now and before the move (withProgramsNow)",
    options: {
      createLedger: (dataset) => new Ledger(withHalfPointProgram(dataset)),
      hooks: { reply: sumsShownBy(halfEvenTo(0)) },
    },
    profile: halfPointProgramDeclared,
    shows: { 'CAP-NPA-ARITHMETIC': 'warn', 'CAP-BAL-LEDGER': 'warn', 'CAP-NPA-PROGRAM-SCOPE': 'pass' },
  },
  {
    id: 'fabric-member-in-debt-no-overdraft',
    description:
      "variant hunt 24: the declared fabric member is 200 points in debt (100 before fault hunt 65) (a return after its points were spent; the page gives points no floor) and the tenant refuses a deduction beyond the member's active points, as the reference does: the additions before each deduction leave it below zero, so every deduction was refused and FAB-ADJ-DEDUCT failed. A refused deduction the inquiry shows would take the member below zero now warns, as the fraction's second deduction did",
    // 200 in debt since fault hunt 65: add-and-deduct's additions before its deductions came to +25,
    // and to +123 with PENDING-DEFAULT's example-body addition of the example's 100.
    options: { createLedger: fabricMembersAt(-200) },
    shows: { 'FAB-ADJ-DEDUCT': 'warn', 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-PENDING-DEFAULT': 'pass' },
  },
  {
    id: 'bal-whole-half-even-every-figure-program-holding-a-half',
    description:
      "half-even whole figures: variant bal-sum-whole-half-even-program-holding-a-half's ledger (each twoPrograms customer holding 0.5 points in a third program of one decimal, 555, declared) behind a balance read writing every figure whole, rounded half to even (.NET's Math.Round, BigDecimal's HALF_EVEN, Python's round), one-program reads too (the balance table types them int): 555's 0.5 reads 0, so reading each program cannot show the half, and a whole-point deduction reads 0 or 2 units over all programs (790.5 reads 790, 789.5 too). CAP-NPA-ARITHMETIC and CAP-BAL-LEDGER failed such reads; one more point deducted from the same program now confirms the tie (the two moves read exactly 2 units) and warns",
    options: {
      createLedger: (dataset) => new Ledger(withHalfPointProgram(dataset)),
      hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
    },
    profile: halfPointProgramDeclared,
    shows: { 'CAP-NPA-ARITHMETIC': 'warn', 'CAP-BAL-LEDGER': 'warn', 'CAP-NPA-PROGRAM-SCOPE': 'pass' },
  },
  {
    id: 'bal-whole-half-even-ref-type-needs-award',
    description:
      "variant hunt 25: variant bal-whole-half-even-every-figure-program-holding-a-half (every figure whole, half to even, over a hidden half point) refusing a pointsAwardedRefType without its pointsAwardedId with 8877, as variant ref-type-needs-award does (the page lists both as optional and says nothing of the pair). input-validation.external-id-other-program's tie is confirmed by one more deduction in program 973; the ref-type deduction after it, refused, was judged against the read before that confirmation and failed CAP-NPA-ARITHMETIC (a point 'taken by a refusal'); it is judged from the read after it now",
    options: {
      createLedger: (dataset) => new Ledger(withHalfPointProgram(dataset)),
      hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
      handlers: { negativePointsAdjustment: refTypeNeedsAward },
    },
    profile: halfPointProgramDeclared,
    shows: {
      'CAP-NPA-ARITHMETIC': 'warn',
      'CAP-NPA-REFTYPE-VALUES': 'pass',
      'CAP-NPA-NO-SIDE-EFFECT': 'pass',
    },
  },
  {
    id: 'bal-whole-half-even-two-points-per-program',
    description:
      "variant hunt 25: the same display and hidden half point with every customer holding 2 points per program (a staging target with little data; the strict org refuses to go below zero, the page's 8907): a tie read with nothing left in the deduction's program was confirmed there, refused with 8907, and failed CAP-NPA-ARITHMETIC; with no program holding a point it could not be confirmed at all; and promised-points.second-program's read over all programs after redeeming 1 unlocked point (78.5 → 77.5, both read 78) failed CAP-UPP-MOVE. The confirmation now deducts from another program holding the unit, the tie with none to move warns, and the redeemed point's read is confirmed as the others are (main and total)",
    options: {
      createLedger: (dataset) => new Ledger(withHalfPointProgram(withMainPoints(dataset, 2))),
      hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
    },
    profile: halfPointProgramDeclared,
    shows: { 'CAP-NPA-ARITHMETIC': 'warn', 'CAP-UPP-MOVE': 'warn', 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'bal-whole-half-even-every-customer-holding-a-half',
    description:
      'variant hunt 25: the same display with every customer of both orgs holding 0.5 points in program 555 (declared), not the twoPrograms customers alone: ledger-invariants.promised-kept read a deduction of 1 from the bill holder (248.5 → 247.5, both read 248) and failed CAP-BAL-TOTAL, and concurrency.deduction-racing-unlock read 40.5 − 1 + 20 = 59.5 as 60 and failed CAP-BAL-LEDGER. Both reads are now confirmed by one more deduction (a move up by an unlock too) and warn',
    options: {
      createLedger: (dataset) => new Ledger(withHalfPointForEveryone(dataset)),
      hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
    },
    profile: halfPointForEveryoneDeclared,
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-BAL-LEDGER': 'warn', 'CAP-UPP-MOVE': 'warn' },
  },
  // --- variant hunt 26 ---
  {
    id: 'npa-available-two-decimals-over-three-balance-truncated',
    description:
      "variant hunt 26: the lenient org's program 469 keeps 3 decimals (declared) and its drainable customer holds 0.999 there; the balance read writes every figure whole, truncated toward zero (the balance page's table types them int), and a deduction's pointsAvailable is written with 2 decimals, half to even (a DECIMAL(p, 2) column; the deduction page types it Integer and writes \"670.000\"). 32 parallel deductions read -31.001 as -31, the last pointsAvailable \"-31.00\", and fault hunt 30's read took that pointsAvailable as the ledger's own figure: CAP-NPA-CONCURRENT-NO-LOST-UPDATE failed. pointsAvailable now shows the ledger only where written with the program's declared round decimals and the customer declares no other program (ledgerShownBy)",
    options: {
      createLedger: (dataset) => new Ledger(drainableHoldingAFraction(dataset)),
      hooks: familyHooks('capillary', { reply: truncatedReadsAvailableInCents }),
    },
    profile: lenientDefaultProgramOfThreeDecimals,
    shows: {
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'warn',
      'CAP-NPA-NEGATIVE-ALLOWED': 'warn',
      'CAP-NPA-8907': 'pass',
    },
  },
  {
    id: 'bal-whole-half-even-tenths-in-two-programs',
    description:
      "variant hunt 26: every balance figure whole, rounded half to even, over twoPrograms customers holding 2 points in 469 and in 973 (whole points) and 0.7 and 0.8 in two programs of one decimal (555 and 556, declared): the sum over all programs holds half a point, and each tenth-program reads 1. A tie read after 469 and 973 were drained (2.5 → 1.5 read 2 → 2) was confirmed from 555, which showed 1 but held 0.7: the strict org refused it with 8907 (the deduction page's code) and CAP-NPA-ARITHMETIC failed. A confirmation refused with 8907 from a program showing less than two units now leaves the tie as read (it warns)",
    options: {
      createLedger: (dataset) => new Ledger(withTenthsInTwoPrograms(dataset)),
      hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
    },
    profile: tenthsInTwoProgramsDeclared,
    shows: { 'CAP-NPA-ARITHMETIC': 'warn', 'CAP-NPA-8907': 'pass', 'CAP-NPA-PROGRAM-SCOPE': 'pass' },
  },
  {
    id: 'fabric-inquiry-half-away-member-in-debt-by-a-half',
    description:
      "variant hunt 26: the fabric member is 0.5 points in debt (a return after fractional points were spent; the page gives points no floor) and the member inquiry (outside the four documents) shows whole points rounded half away from zero (Java's HALF_UP, .NET's MidpointRounding.AwayFromZero): -0.5 reads -1 and, 10 added, 9.5 reads 10. The move across zero read a point off and FAB-ADJ-ADD failed (the same with the points truncated toward zero: 0, then 9). A reading one unit off a move across zero now warns once one more move of the same sign reads exactly",
    options: {
      createLedger: fabricMembersAt(-0.5),
      handlers: { inquireMemberPoints: inquiryWithPoints((points) => roundHalfUp(Number(points))) },
    },
    shows: { 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-DEDUCT': 'warn', 'FAB-ADJ-PENDING-DEFAULT': 'pass' },
  },
  {
    id: 'bal-whole-half-even-shared-pair-holding-halves',
    description:
      "variant hunt 27: the strict org's first sharedSecondary customer (customer-1002) holds 250.5 main points in its one program, 469 (two round decimals), and its billWhole bill promises 40.5 there; every balance figure is written whole, rounded half to even (the balance page's table types them int): 249.5 reads 250 and, 1 point deducted, 248.5 reads 248. ledger-invariants.other-customer's read of the deducting customer's own program (added by commit 0415ae6) failed CAP-NPA-ARITHMETIC on such a tie, and dual-eligibility.multi-after-deduction's list read CAP-BAL-DUAL-MULTI (250 → 250); one more point deducted from that program and the program read again now confirms the tie (withProgramsNow with oneProgram), which warns. Two hidden halves in main and promised read a totalPoints one off their sum (246 + 40 read as 287): CAP-BAL-TOTAL warns on the promised-kept reads",
    options: {
      ...sharedPairHoldingHalvesWholeHalfEven(),
    },
    shows: {
      'CAP-NPA-ARITHMETIC': 'warn',
      'CAP-BAL-DUAL-MULTI': 'warn',
      'CAP-BAL-TOTAL': 'warn',
      'CAP-BAL-LEDGER': 'pass',
    },
  },
  {
    id: 'bal-whole-half-even-deductibles-holding-a-half',
    description:
      "variant hunt 27: each org's deductible customer holds a hidden half in program 469 (two round decimals: 670.5 in the strict org, 50.5 in the lenient one), its promised points whole, and every balance figure is written whole, rounded half to even (the balance page's table types them int): a 1-point deduction from 668.5 reads 668 → 668, and total, holding the same half, 734 → 732. negative-balance.arithmetic failed CAP-NPA-ARITHMETIC and CAP-BAL-LEDGER, balance.program-scope CAP-BAL-ONE-PROGRAM (\"0 lower\") and the lenient org's second deduction below zero (−9.5 → −10.5 read −10 → −10) CAP-NPA-NEGATIVE-ALLOWED: one-program reads had no tie confirmation. They now go through withProgramsNow with oneProgram (one more point from the program, read again), and a total reading as the same tie as its confirmed main is that tie (mainAndTotalNow)",
    options: {
      createLedger: (dataset) =>
        new Ledger(
          withCustomerPoints(withCustomerPoints(dataset, 'strict', 1001, { 469: 670.5 }), 'lenient', 2001, {
            469: 50.5,
          }),
        ),
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(halfEvenTo(0)) }),
    },
    shows: {
      'CAP-NPA-ARITHMETIC': 'warn',
      'CAP-BAL-LEDGER': 'warn',
      'CAP-BAL-ONE-PROGRAM': 'warn',
      'CAP-NPA-NEGATIVE-ALLOWED': 'warn',
    },
  },
  // --- variant hunt 28 ---
  {
    id: 'bal-whole-half-even-tenths-strict-migrated-debt',
    description:
      "variant hunt 28: variant bal-whole-half-even-tenths-in-two-programs' dataset and display (every figure whole, half to even; 0.7 and 0.8 points in two programs of one decimal) with each twoPrograms customer also owing 1 point in a program of one decimal (557, declared): a balance migrated in below zero, which the strict org's 8907 (the deduction page's rule for a deduction) says nothing of. input-validation.known-promotion's tie (1.5 → 0.5 read 2 → 0) was confirmed from 555, showing 1 and holding 0.7, refused with 8907, and since fault hunt 33 any program below zero in a strict org refused that excuse: CAP-NPA-ARITHMETIC failed. Only the judged deduction's own program below zero refuses it now (that program held what it took)",
    options: {
      createLedger: (dataset) => new Ledger(withMigratedDebt(dataset)),
      hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
    },
    profile: migratedDebtDeclared,
    shows: { 'CAP-NPA-ARITHMETIC': 'warn', 'CAP-NPA-8907': 'pass', 'CAP-NPA-PROGRAM-SCOPE': 'pass' },
  },
  {
    id: 'bal-figures-one-decimal-over-two-decimal-program',
    description:
      "variant hunt 28: every balance figure written with one decimal, the rest dropped toward zero (a DTO's setScale(1, DOWN); the balance page's table types the figures int), while the lenient twoPrograms customer holds 50.45 in program 469 (2 round decimals) and 10.25 in 973, and a deduction's pointsAvailable keeps the program's decimals (\"48.450\"): pointsAvailable 48.45 against the read 48.4, and -10.55 against the -10.6 the move below zero predicts from the read 50.4, failed CAP-NPA-POINTS-AVAILABLE and CAP-NPA-NEGATIVE-ALLOWED, as only a whole-number read was taken for a balance with decimals dropped. A program's read with fewer decimals than pointsAvailable now warns where pointsAvailable has no more decimals than the program keeps",
    options: {
      createLedger: (dataset) => new Ledger(withLenientHundredths(dataset)),
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(truncatedTo(1)) }),
    },
    shows: {
      'CAP-NPA-POINTS-AVAILABLE': 'warn',
      'CAP-NPA-NEGATIVE-ALLOWED': 'warn',
      'CAP-NPA-ARITHMETIC': 'pass',
    },
  },
  // --- a whole display behind a lagging read ---
  {
    get options(): FaultOptions {
      const lag = figureLags(MAIN_LAG_MS, () => 'mainPoints');
      const show = balanceAsWholeNumbers(halfEvenTo(0));
      return {
        hooks: familyHooks('capillary', {
          reply: async (operationId, reply, request) =>
            show(operationId, await (lag.reply?.(operationId, reply, request) ?? reply)),
        }),
      };
    },
    id: 'balance-whole-half-even-main-lags',
    description: `every balance figure written whole, rounded half to even (the balance page's table types them int), and mainPoints from a replica showing a write to the customer ${MAIN_LAG_MS} ms after it, the profile allowing ${AGGREGATE_WINDOW_MS} ms (limits.readAfterWriteMs); each alone is a correct variant. The lenient twoPrograms customer's program 973 (-0.5, read 0) read 0 right after deducting 1.001: its own check takes 0 as a whole display of -1.001 and settled on that stale read, and pointsAvailable -1.501 against 0 (all programs -14) failed CAP-NPA-POINTS-AVAILABLE in decimal-precision.within. Under a window, a program read pointsAvailable does not agree with is now read again until it does (-2: a display with fewer decimals, a warning)`,
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: AGGREGATE_WINDOW_MS }) },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn', 'CAP-NPA-DECIMALS-WITHIN': 'warn', 'CAP-NPA-8906': 'pass' },
  },
  // --- variant hunt 29 ---
  {
    id: 'points-available-all-programs-one-decimal-display',
    description:
      "variant hunt 29: variant points-available-all-programs' pointsAvailable (the balance over all programs, written with 3 decimals) behind variant bal-figures-one-decimal-over-two-decimal-program's display (every balance figure with one decimal, the rest dropped toward zero) and data. The strict twoPrograms customer's deduction of 1.001 from program 973 (3 round decimals) answered 777.289, read 777.2 over all programs (and one from 469, 2 round decimals, 782.450 read 782.4): decimal-precision.within failed CAP-NPA-POINTS-AVAILABLE, as only the program's read was taken for a display with fewer decimals than pointsAvailable. The sum over programs is now taken so too (it warns)",
    options: {
      createLedger: (dataset) => new AvailableOverAllPrograms(withLenientHundredths(dataset)),
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(truncatedTo(1)) }),
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  // --- promised points shown whole ---
  {
    id: 'bal-promised-whole-main-two-decimals',
    description:
      "promisedPoints and its breakup written whole, rounded half to even (the balance page's Response Parameters type them int), while mainPoints and totalPoints keep two decimals, rounded half to even, each figure a display of its own ledger value. Variant hunt 29: the strict twoPrograms customer's program 973 read total 133.18 beside main 120.5 and promised 13 (12.675), all programs 868.18 beside 790.5 and 78, and the unlock into the second program main +12.67 against promised −13: CAP-BAL-TOTAL and CAP-UPP-MOVE failed, as every figure was held to one display's decimals. A promised figure written whole is now within half a point of its ledger value, so the sum warns",
    options: {
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(twoDecimalsHalfEven, halfEvenTo(0)) }),
    },
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-UPP-MOVE': 'warn', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  // --- variant hunt 30 ---
  {
    id: 'bal-whole-half-even-half-across-zero',
    description:
      "variant hunt 30: the lenient twoPrograms customer (customer-2001, also the deductible) holds 2.5 points in program 469 (two round decimals) and every balance figure is written whole, rounded half to even (the balance page's table types them int). negative-balance.arithmetic's deduction of \"1.00\" took 469 from 0.5 to -0.5: main read 0 → 0, which a display dropping decimals toward zero explains (so no tie was confirmed), and total 27.5 → 26.5 read 28 → 26, which only a half-even tie explains: CAP-BAL-LEDGER failed (totalPoints 26 against 27). A total only a tie explains beside a main another display does now has the main's tie confirmed, and the total warns",
    options: {
      createLedger: (dataset) => new Ledger(withCustomerPoints(dataset, 'lenient', 2001, { 469: 2.5 })),
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(halfEvenTo(0)) }),
    },
    shows: { 'CAP-BAL-LEDGER': 'warn', 'CAP-NPA-ARITHMETIC': 'warn', 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
  {
    id: 'points-available-all-programs-whole-half-even-halves',
    description:
      "variant hunt 30: variant points-available-all-programs' pointsAvailable (the balance over all programs, written with 3 decimals) with the lenient twoPrograms customer holding 2.5 points in program 469 and 0.5 in 973, every balance figure written whole, half to even: the sum over programs is whole while 469 hides a half. negative-balance.arithmetic's \"1.00\" deduction (-1.5 → -2.5 read -2 → -2) had its tie confirmed by one more point before pointsAvailable was judged, so the sum over programs read after the confirmation (-7) stood against the deduction's -6.000: CAP-NPA-POINTS-AVAILABLE failed there and in negative-balance.negative-allowed (-18.000 against -19). pointsAvailable is now judged before a tie's confirmation moves the balance again",
    options: availableOverHalvesShownHalfEven(),
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn', 'CAP-BAL-LEDGER': 'warn', 'CAP-NPA-ARITHMETIC': 'warn' },
  },
  {
    id: 'points-available-all-programs-whole-half-even-halves-undeclared-decimals',
    description:
      "variant hunt 55's open point (dfix55): points-available-all-programs-whole-half-even-halves under a profile declaring no round decimals (no page lists a program's, and a user may not know them). negative-balance.negative-allowed's deduction in the second program took a whole point, not the half a declared decimal allows: 973 at -1.5 read -2, half to even, and 1 more deducted, -2.5 read -2 again, a tie taken as the exact ledger: CAP-NPA-NEGATIVE-ALLOWED failed (\"mainPoints -3 after deducting 1\"). Such a read is now confirmed as negative-balance.arithmetic confirms one (one more point from 973 reads -4), and warns",
    options: availableOverHalvesShownHalfEven(),
    profile: { edit: withoutRoundDecimals },
    shows: { 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
  // --- variant hunt 31 ---
  {
    id: 'dual-pair-two-programs-half-even-all-by-default',
    description:
      "variant hunt 31: the sharedSecondary customers are enrolled in program 973 too, holding 7.5 points there (declared), every balance figure is written whole, rounded half to even (the balance page's table types them int), and a read without fetchDataForAllPrograms covers all programs (the table says what true and false do, not what its absence means): each is a correct variant. dual-eligibility.multi-after-deduction read the list with programId alone, so 257.5 read 258 and, 1 point deducted from 469, 256.5 read 256; its tie confirmation read program 469 alone (248, not 256) and CAP-BAL-DUAL-MULTI failed. The list read sends fetchDataForAllPrograms=false now, as every one-program read does",
    options: { ...pairHoldingHalvesShownHalfEven(), handlers: { getPointsBalance: allProgramsUnlessFalse } },
    profile: { edit: declarePairInTwoPrograms },
    shows: { 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    id: 'dual-pair-973-first-half-even',
    description:
      'variant hunt 31: the sharedSecondary customers hold 7.5 points in program 973 too, which the profile lists first for them, and every balance figure is written whole, half to even: dual-eligibility.multi-after-deduction deducts from 973 (7.5 → 6.5 read 8 → 6) and ledger-invariants.other-customer reads that program, so a one-program tie is confirmed there',
    options: pairHoldingHalvesShownHalfEven(),
    profile: {
      edit: (profile) => {
        declarePairInTwoPrograms(profile);
        for (const org of orgsOf(profile))
          for (const key of org.fixtures.roles.sharedSecondary)
            org.fixtures.customers[key].programs = [973, 469];
      },
    },
    shows: { 'CAP-BAL-DUAL-MULTI': 'warn', 'CAP-NPA-ARITHMETIC': 'warn', 'CAP-BAL-DUAL-ORDER': 'pass' },
  },
  {
    id: 'email-special-use-refused',
    description:
      "variant hunt 31: an email identifier (alone or in a dual-eligibility list) whose domain is special-use (.invalid, .test, .local, RFC 6761) is refused 400 before any lookup, as a FastAPI target's EmailStr (email-validator) refuses it: no page says how a malformed identifier is refused. judgeOtherSecondaryIgnored's list beside the primary carried no-such-customer@example.invalid, 'well formed, so that no shape rule applies', and CAP-BAL-DUAL-MULTI failed; the unknown email is at example.com now (RFC 2606, which email-validator takes)",
    options: { handlers: emailShapeValidated() },
    shows: { 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-8015': 'pass', 'CAP-BAL-DUAL-ORDER': 'pass' },
  },
  {
    id: 'email-special-use-refused-email-primary',
    description:
      "variant hunt 31: variant email-special-use-refused's email check under variant dual-primary-email-shared-mobile's orgs (email the primary identifier, a mobile shared by two customers): the unknown primary beside a secondary, which must be 8015 (CAP-BAL-DUAL-MULTI), and the unknown primary alone (CAP-BAL-8015) were refused as malformed emails and failed; an unknown email at example.com is well formed and not found",
    options: {
      createLedger: (dataset) => new Ledger(sharedMobileDataset(dataset)),
      handlers: emailShapeValidated(),
    },
    profile: { edit: sharedMobileProfile(false) },
    shows: { 'CAP-BAL-DUAL-MULTI': 'pass', 'CAP-BAL-8015': 'pass', 'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass' },
  },
  {
    id: 'bal-total-whole-beside-decimals',
    description:
      "variant hunt 31: the balance writes totalPoints as a whole number, its decimals dropped toward zero (a DTO typing it long, as the Response Parameters type it int, and BigDecimal.longValue()), while mainPoints and promisedPoints keep the program's decimals; the strict twoPrograms customer holds 670.9 in program 469 (two round decimals). Program 973 read total 133 beside 120.5 + 12.675, all programs 869 beside 791.4 + 77.675: CAP-BAL-TOTAL failed balance.totals and ledger-invariants.sequence (as promised points written whole beside main with decimals had, variant bal-promised-whole-main-two-decimals), and CAP-BAL-ALL-PROGRAMS-WITH-ID and -NO-ID the sum over programs 869 against the programs' displays 735 + 133. A total written whole within a point of main plus promised now warns, and a sum over programs is judged against its programs' exact totals",
    options: {
      createLedger: (dataset) => new Ledger(withCustomerPoints(dataset, 'strict', 1001, { 469: 670.9 })),
      hooks: familyHooks('capillary', {
        reply: balanceAnswersAs((body) => ({
          ...body,
          totalPoints: truncatedTo(0)(Number(body.totalPoints)),
        })),
      }),
    },
    shows: {
      'CAP-BAL-TOTAL': 'warn',
      'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn',
      'CAP-BAL-LEDGER': 'pass',
      'CAP-UPP-MOVE': 'pass',
    },
  },
  {
    id: 'bal-total-whole-written-with-three-zero-places',
    description:
      "the lead, from variant pair hunt 64's compositions: bal-total-whole-beside-decimals' DTO (totalPoints a long, its decimals dropped toward zero, beside main and promised figures keeping the program's decimals) behind a gateway writing every Capillary amount with three decimal places, as the deduction page's own example writes its Integer-typed pointsAvailable (\"670.000\"): the whole total reads \"803.000\" beside 790.9 + 12.675. The zeros are the gateway's format, not the ledger's decimals; CAP-BAL-TOTAL (balance.totals, ledger-invariants.sequence) and CAP-BAL-ALL-PROGRAMS-WITH-ID/-NO-ID (balance.program-table: 735 + 133 = 868 beside 869) failed, judging a total written with the sum's decimals as no display. The decimals a figure shows now leave padding zeros out (decimalsWritten)",
    options: {
      createLedger: (dataset) => new Ledger(withCustomerPoints(dataset, 'strict', 1001, { 469: 670.9 })),
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          amountsPaddedTo(3)(
            operationId,
            balanceAnswersAs((body) => ({ ...body, totalPoints: truncatedTo(0)(Number(body.totalPoints)) }))(
              operationId,
              reply,
              request,
            ),
          ),
      }),
    },
    shows: { 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    id: 'bal-total-two-decimals-beside-three',
    description:
      "variant hunt 31: the balance writes totalPoints with two decimals, rounded half to even (a DECIMAL(p, 2) total, the default program's decimals), while mainPoints and promisedPoints keep their program's: program 973 (three round decimals) read total 133.18 beside 120.5 + 12.675, and all programs 868.18 beside 790.5 + 77.675, which failed CAP-BAL-TOTAL in balance.totals. A total written with fewer decimals than main plus promised, a display of that sum, now warns",
    options: {
      hooks: familyHooks('capillary', {
        reply: balanceAnswersAs((body) => ({
          ...body,
          totalPoints: twoDecimalsHalfEven(Number(body.totalPoints)),
        })),
      }),
    },
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'warn', 'CAP-UPP-MOVE': 'pass' },
  },
  // --- fault hunt 38 ---
  {
    id: 'unlock-bill-numbers-differing-in-case',
    description:
      "fault hunt 38: the billWhole customers also hold a bill the profile does not declare, numbered as billWhole in lower case (b-1002-1, b-2003-1), with promised points of its own: bill numbers are case-sensitive (the page is silent on case). move-once's second unlock of billWhole naming it in the other case unlocks that other bill, whose lines name it: the repeat's move only warns",
    options: { createLedger: (dataset) => new Ledger(withBillWholeInLowerCase(dataset)) },
    shows: { 'CAP-UPP-ONCE': 'warn' },
  },
  // --- variant hunt 32 ---
  {
    id: 'fabric-success-nulls-omitted',
    description:
      'a successful fabric adjustment leaves out message and errors, both null for it (a serializer dropping nulls, Jackson NON_NULL): the page marks no response field required, and a message null already passed. FAB-ADJ-ENVELOPE failed a success without the message key',
    options: {
      hooks: familyHooks('fabric', { reply: fabricSuccess(({ message: _m, errors: _e, ...body }) => body) }),
    },
    shows: {
      'FAB-ADJ-ENVELOPE': 'warn',
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-STATUS-MATCHES': 'pass',
    },
  },
  {
    id: 'fabric-success-message-and-errors-null',
    description:
      'a successful fabric adjustment answers message and errors null (the same tenant serializing nulls): the envelope keeps its keys, GEN-BODY-SCHEMA only warns about a null',
    options: {
      hooks: familyHooks('fabric', {
        reply: fabricSuccess((body) => ({ ...body, message: null, errors: null })),
      }),
    },
    shows: { 'FAB-ADJ-ENVELOPE': 'pass', 'FAB-ADJ-PENDING': 'pass', 'GEN-BODY-SCHEMA': 'warn' },
  },
  {
    id: 'fabric-pending-answered-in-its-own-words',
    description:
      'a fabric addition left pending answers its own message ("Member points set to pending") and data ("1.0 points pending", futureDate true: the points become active later); the page shows the example of an active addition only',
    options: { hooks: familyHooks('fabric', { reply: pendingInItsOwnWords }) },
    shows: { 'FAB-ADJ-ENVELOPE': 'pass', 'FAB-ADJ-PENDING': 'pass', 'FAB-ADJ-STATUS-MATCHES': 'pass' },
  },
  {
    id: 'fabric-member-ids-upper-case',
    description:
      "a fabric tenant whose members' profileIds are upper-case UUIDs, the profile naming its member so: the page's example is lower-case, and the one digit changed of FAB-ADJ-UNKNOWN-MEMBER is no member either",
    options: { createLedger: fabricMembersRenamed((id) => id.toUpperCase()) },
    profile: { edit: (profile) => fabricFixtureRenamed(profile, (id) => id.toUpperCase()) },
    shows: { 'FAB-ADJ-UNKNOWN-MEMBER': 'pass', 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-PENDING': 'pass' },
  },
  {
    id: 'fabric-member-ids-matched-ignoring-case',
    description:
      'a fabric tenant storing profileIds as upper-case UUIDs and matching them ignoring case (UUIDs are case-insensitive, RFC 4122 §3), the profile naming its member in lower case as the example',
    options: {
      createLedger: fabricMembersRenamed((id) => id.toUpperCase()),
      handlers: { adjustMemberPoints: adjustmentIgnoringCase, inquireMemberPoints: inquiryIgnoringCase },
    },
    shows: { 'FAB-ADJ-UNKNOWN-MEMBER': 'pass', 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-DEDUCT': 'pass' },
  },
  {
    id: 'fabric-member-numbers',
    description:
      'a fabric tenant naming its members by number ("100234"), not UUID (the page types profileId as a string; a UUID is its example only): the one digit changed is not judged, a neighbour may be a member',
    options: { createLedger: fabricMembersRenamed((_id, index) => String(FIRST_MEMBER_NUMBER + index)) },
    profile: { edit: (profile) => fabricFixtureRenamed(profile, () => String(FIRST_MEMBER_NUMBER)) },
    shows: { 'FAB-ADJ-UNKNOWN-MEMBER': 'pass', 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-PENDING': 'pass' },
  },
  {
    id: 'fabric-jwt-bearer',
    description:
      'a fabric tenant whose bearer token is an HS256 JWT naming the tenant, verified by its signature ("<token> is your auth token": its form is open); the token with 0 appended carries another signature and is refused',
    options: { hooks: familyHooks('fabric', { authenticate: jwtTenantOf }) },
    profile: { edit: (profile) => Object.assign(profile.fabric.auth, { token: FABRIC_JWT }) },
    shows: { 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-BEARER': 'pass', 'FAB-AUTH-MISSING': 'pass' },
  },
  {
    id: 'fabric-balance-checked-before-fields',
    description:
      'a fabric tenant whose members hold nothing checks a deduction against the balance before the string fields: a deduction of 1 with an empty pointType is refused as insufficient points, not for the empty string (the page documents no error answer, so no order)',
    options: {
      createLedger: fabricMembersAt(0),
      hooks: familyHooks('fabric', {
        validate: dropIssues('adjustMemberPoints', (i) => i.keyword === 'minLength'),
      }),
      handlers: { adjustMemberPoints: balanceBeforeFields },
    },
    shows: {
      'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
      'FAB-ADJ-BILLING-ENTITY-MIN-LENGTH': 'pass',
      'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass',
    },
  },
  // --- variant hunt 33: the deduction and unlock checks of fault hunts 38 and 39 ---
  {
    id: 'npa-message-empty-on-success',
    description:
      'variant hunt 33: every successful deduction answers message "" (the table types message a String, "Note for the point deduction", and gives no wording): the answer is now judged on every success, below zero and with a promotion or award too',
    options: {
      hooks: familyHooks('capillary', { reply: deductionSuccess((body) => ({ ...body, message: '' })) }),
    },
    shows: { 'CAP-NPA-RESPONSE-FIELDS': 'pass', 'CAP-NPA-NEGATIVE-ALLOWED': 'pass' },
  },
  {
    id: 'npa-unknown-customer-with-program-1218-beside-8015',
    description:
      'variant hunt 33: a deduction for an unknown customer that names a programId is refused with 1218 (not enrolled) first and 8015 second, both true of a customer that does not exist; 8015, the row the page gives an invalid identifier value, is there (the page does not say an answer carries one error only)',
    options: { hooks: familyHooks('capillary', { reply: notEnrolledBesideNotFound }) },
    shows: { 'CAP-NPA-8015': 'pass' },
  },
  {
    id: 'npa-reason-latin1-column',
    description:
      'variant hunt 33: reasonOfReturn is stored in a latin1 column of 50 characters, so a reason with a character outside latin1 is refused with a code of the target; the 50-character reason padded with "é" (within latin1) is accepted: the limit the page states is in characters',
    options: { handlers: { negativePointsAdjustment: reasonInLatin1 } },
    shows: { 'CAP-NPA-REASON-LENGTH': 'pass' },
  },
  {
    id: 'npa-zero-decimals-first-in-whole-point-program',
    description:
      'variant hunt 33: as npa-whole-point-program (469 counts whole points, as the profile says), but the decimals test comes before the zero test: "0.0" sent to 469 is 8906, one decimal more than the program keeps (the documents give no order between 8906 and 8888): the zero-with-decimals probe warns',
    options: {
      createLedger: (dataset) => new Ledger(withRoundDecimals(dataset, 469, 0)),
      hooks: familyHooks('capillary', { reply: decimalsBeforeZeroIn469 }),
    },
    profile: roundDecimalsDeclared(469, 0),
    shows: { 'CAP-NPA-8888': 'warn', 'CAP-NPA-8906': 'pass' },
  },
  {
    id: 'npa-promotion-id-needs-program-8887',
    description:
      'variant hunt 33: a promotionId without programId is refused with 8887, as the page says of a promotionIdentifier (a target that finds promotions only within a program): the unknown-promotion probe without programId warns',
    options: { handlers: { negativePointsAdjustment: promotionIdNeedsProgram } },
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-8887': 'pass' },
  },
  {
    id: 'unlock-bill-numbers-case-insensitive',
    description:
      "variant hunt 33: bill numbers are looked up whatever the case of their letters and the once-only mark is the bill's (a case-insensitive collation throughout): the repeat of B-1002-1 named b-1002-1 is the already-unlocked bill, refused with 82323282, nothing moves (the page is silent on case)",
    options: { handlers: { unlockPromisedPoints: billNumberInUpperCase } },
    shows: { 'CAP-UPP-ONCE': 'pass', 'CAP-UPP-ONCE-ERROR': 'pass' },
  },
  {
    id: 'unlock-repeat-by-event-log-3918',
    description:
      "variant hunt 33: an unlock naming an event log whose promised points were all unlocked is refused with 3918 (the event log is consumed by its unlock, so none is found for it) instead of 82323282: the unfiltered repeat naming the bill's own eventLogId is refused all the same",
    options: { hooks: familyHooks('capillary', { reply: consumedEventLog3918 }) },
    shows: { 'CAP-UPP-ONCE-ERROR': 'pass', 'CAP-UPP-82323282': 'pass' },
  },
  {
    id: 'unlock-event-logs-checked-before-bill-3918',
    description:
      "variant hunt 33: every eventLogId is looked up before the bill, and one the org does not have is refused with 3918 whatever the bill: the example's [1235315, 1235316] on an unknown bill is 3918, not 82323277 (the documents give no order)",
    options: { handlers: { unlockPromisedPoints: eventLogsCheckedFirst } },
    shows: { 'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass', 'CAP-UPP-3918': 'pass' },
  },
  // --- the lead, twenty-third sitting ---
  {
    id: 'npa-default-program-no-customer-enrolled',
    description:
      "the orgs' default program is 555 (whole points), in which no customer is enrolled, and the profile says so: a deduction without programId is the default program's, so the unknown promotion and award probes sent without one meet 1218 (not enrolled) before the reference is looked up. The documents give no order between 1218 and 8874 or 8877: they warned, where they failed before",
    options: { createLedger: (dataset) => new Ledger(withDefaultProgramNoOneIsIn(dataset)) },
    profile: { edit: declaringDefaultProgramNoOneIsIn },
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-8877': 'warn', 'CAP-BAL-DEFAULT-PROGRAM': 'skip' },
  },
  // --- fault hunt 40 (helper, 2026-12-06): the relaxations of its new probes ---
  {
    id: 'npa-missing-query-parameters-own-codes',
    description:
      'fault hunt 40: a deduction without source is refused by the framework\'s required-parameter check with its generic code 400, and one without identifierName looks the value up under no type first and is refused with 8015 (customer not found): the page marks both mandatory but gives no code for a missing one (8003 and 8013 are for a value "invalid or incorrect", still answered so)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) => {
          if (operationId !== 'negativePointsAdjustment' || !isRefusal(reply)) return reply;
          if (request.query.source === undefined)
            return capillaryError(400, 'Required parameter source is missing');
          return request.query.identifierName === undefined
            ? capillaryError(8015, 'Customer not found for the given identifiers')
            : reply;
        },
      }),
    },
    shows: { 'CAP-NPA-8003': 'warn', 'CAP-NPA-8013': 'warn' },
  },
  {
    id: 'npa-ref-type-beside-award-8877',
    description:
      'fault hunt 40: an award named with a pointsAwardedRefType is looked up as an award of that type, so an unlisted type beside a known pointsAwardedId is refused with 8877 (no such award) before the type is judged; an unlisted type sent alone is still 9975 (the page says nothing of the pair nor of an order)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          envelopeCodes(reply.body)?.includes(9975) &&
          bodyRecord(request.body).pointsAwardedId !== undefined
            ? capillaryError(8877, 'invalid pointsAwardedId')
            : reply,
      }),
    },
    shows: { 'CAP-NPA-9975': 'warn' },
  },
  // --- variant hunt 35 (helper, 2026-12-06): fault hunt 40's deduction checks, from correct targets built otherwise ---
  {
    id: 'npa-missing-parameter-spring-default-error',
    description:
      'variant hunt 35: a deduction without source or without identifierName is refused by Spring\'s @RequestParam binding (MissingServletRequestParameterException) before any business code, with Spring Boot\'s default error body (400 `{"timestamp","status","error","path"}`, no code), after authentication as Spring Security\'s filters run first: the page marks both mandatory but gives no code for a missing one',
    options: {
      hooks: familyHooks('capillary', {
        reply: missingNpaParameterAnswered((reply) => ({
          ...reply,
          status: 400,
          headers: { 'content-type': 'application/json' },
          body: {
            timestamp: '2026-12-06T00:19:46.123+00:00',
            status: 400,
            error: 'Bad Request',
            path: '/v2/customers/lookup/negativePointsAdjustment',
          },
        })),
      }),
    },
    shows: { 'CAP-NPA-8003': 'warn', 'CAP-NPA-8013': 'warn' },
  },
  {
    id: 'npa-missing-parameter-fastapi-query-422',
    description:
      'variant hunt 35: a deduction without source or without identifierName is refused by FastAPI\'s query validation before the handler runs: 422 `{"detail":[{"type":"missing","loc":["query",name],...}]}`, no code (the page gives none for a missing parameter)',
    options: {
      hooks: familyHooks('capillary', {
        reply: missingNpaParameterAnswered((reply, name) => ({
          ...reply,
          status: 422,
          body: { detail: [{ type: 'missing', loc: ['query', name], msg: 'Field required', input: null }] },
        })),
      }),
    },
    shows: { 'CAP-NPA-8003': 'warn', 'CAP-NPA-8013': 'warn' },
  },
  {
    id: 'npa-missing-parameter-problem-details-beside-422',
    description:
      'variant hunt 35: Capillary API errors carry their codes with HTTP 422 (the profile pins apiErrorStatus: 422), but a deduction without source or identifierName never reaches the code that writes them: Spring Boot 3\'s ProblemDetail answers 400 `application/problem+json` `{"type":"about:blank","title","status","detail","instance"}`, no code (the documents give none for a missing parameter, nor its status)',
    options: {
      hooks: familyHooks('capillary', {
        reply: codedErrorsIn422(
          missingNpaParameterAnswered((reply, name) => ({
            ...reply,
            status: 400,
            headers: { 'content-type': 'application/problem+json' },
            body: {
              type: 'about:blank',
              title: 'Bad Request',
              status: 400,
              detail: `Required parameter '${name}' is not present.`,
              instance: '/v2/customers/lookup/negativePointsAdjustment',
            },
          })),
        ),
      }),
    },
    profile: pinningErrorStatus(422),
    shows: { 'CAP-NPA-8003': 'warn', 'CAP-NPA-8013': 'warn', 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'npa-missing-parameter-gateway-before-200-envelope',
    description:
      'variant hunt 35: a legacy v2 target answers its API errors with HTTP 200 and the error envelope (the profile says apiErrorStatus: any) behind an API gateway whose request validator refuses a deduction without source or identifierName first, as AWS API Gateway does: 400 `{"message":"Missing required request parameters: [source]"}`, no code (the page gives none for a missing parameter)',
    options: {
      hooks: familyHooks('capillary', {
        // The gateway answers first: the target's 200 envelope never sees such a request.
        reply: (operationId, reply, request) => {
          const gateway = gatewayRefusal(operationId, reply, request);
          return gateway === reply ? apiErrorsAnswered200(operationId, reply) : gateway;
        },
      }),
    },
    profile: {
      edit: (profile) => {
        profile.apiErrorStatus = 'any';
      },
    },
    shows: { 'CAP-NPA-8003': 'warn', 'CAP-NPA-8013': 'warn', 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'npa-missing-identifier-name-8015-404',
    description:
      'variant hunt 35: a deduction without identifierName looks the value up under no type and finds no customer: 8015 ("Customer not found for the given identifiers"), and every 8015 comes with HTTP 404 (legacy v2: not found; no document ties a status to a code), other errors 400',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) => {
          if (operationId !== 'negativePointsAdjustment') return reply;
          const answer =
            isRefusal(reply) && request.query.identifierName === undefined
              ? capillaryError(8015, 'Customer not found for the given identifiers')
              : reply;
          return envelopeCodes(answer.body)?.includes(8015) ? { ...answer, status: 404 } : answer;
        },
      }),
    },
    shows: { 'CAP-NPA-8013': 'warn', 'CAP-NPA-8015': 'pass' },
  },
  {
    id: 'npa-non-positive-amounts-8888',
    description:
      'variant hunt 35: one test refuses every amount that is not above zero with the zero code 8888 ("value should be >0"), negative ones and -0.5 included (the page gives no code for a negative amount)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) => {
          const amount = Number(bodyRecord(request.body).pointsToBeAdjusted);
          return operationId === 'negativePointsAdjustment' && isRefusal(reply) && amount < 0
            ? capillaryError(8888, 'pointsToBeAdjusted should be greater than 0')
            : reply;
        },
      }),
    },
    shows: { 'CAP-NPA-AMOUNT-POSITIVE': 'pass', 'CAP-NPA-8888': 'pass' },
  },
  {
    id: 'npa-negative-fraction-8906-whole-point-program',
    description:
      'variant hunt 35: the default program 469 counts whole points (round decimals 0, as the profile says) and the decimals are tested before the sign: -0.5 sent to 469 is 8906, one decimal more than the program keeps (the page gives no order between 8906 and the positive-amount rule)',
    options: {
      createLedger: (dataset) => new Ledger(withRoundDecimals(dataset, 469, 0)),
      hooks: familyHooks('capillary', { reply: decimalsBeforeSignIn469 }),
    },
    profile: roundDecimalsDeclared(469, 0),
    shows: { 'CAP-NPA-AMOUNT-POSITIVE': 'pass', 'CAP-NPA-8906': 'pass' },
  },
  {
    id: 'npa-ref-type-beside-award-every-error-listed',
    description:
      "variant hunt 35: the request's validator lists every error it finds, so an unlisted pointsAwardedRefType beside a known pointsAwardedId is refused with 8877 (the award is no award of that type) and 9975 (the type) in one envelope (the page says nothing of the pair)",
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          envelopeCodes(reply.body)?.includes(9975) &&
          bodyRecord(request.body).pointsAwardedId !== undefined
            ? {
                ...reply,
                body: {
                  ...bodyRecord(reply.body),
                  errors: [
                    { status: false, code: 8877, message: 'invalid pointsAwardedId' },
                    { status: false, code: 9975, message: 'invalid pointsAwardedRefType' },
                  ],
                },
              }
            : reply,
      }),
    },
    shows: { 'CAP-NPA-9975': 'pass' },
  },
  {
    id: 'npa-points-available-negative-zero',
    description:
      'variant hunt 35: balances are doubles formatted with the program\'s decimals (`String.format("%.3f")`), and the exact-balance deduction leaves a residue of binary noise below zero: pointsAvailable "-0.000", a zero with a sign (a numeric string by JSON\'s number grammar; the page says nothing of a signed zero)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) => {
          const available = bodyRecord(reply.body).pointsAvailable;
          return operationId === 'negativePointsAdjustment' && reply.status === 200 && Number(available) === 0
            ? {
                ...reply,
                body: {
                  ...bodyRecord(reply.body),
                  pointsAvailable: `-${Math.abs(Number(available)).toFixed(3)}`,
                },
              }
            : reply;
        },
      }),
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass', 'CAP-NPA-EXACT-BALANCE': 'pass' },
  },
  {
    id: 'npa-points-available-thousandths-times-double',
    description:
      "variant hunt 35: the ledger counts thousandths of a point and writes a deduction's pointsAvailable as a JSON number by multiplying them by 0.001 in doubles, so some carry binary noise (115499 × 0.001 is written 115.49900000000001, 1501 × 0.001 1.5010000000000001); the table types the field Integer and the documents fix no precision of a number",
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) => {
          const available = toAmount(bodyRecord(reply.body).pointsAvailable);
          return operationId === 'negativePointsAdjustment' && reply.status === 200 && available !== undefined
            ? {
                ...reply,
                body: { ...bodyRecord(reply.body), pointsAvailable: Math.round(available * 1000) * 0.001 },
              }
            : reply;
        },
      }),
    },
    shows: {
      'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
    },
  },
  // --- variant hunt 34: authentication and the OAuth token ---
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', tokensRevokedAnswered403()) };
    },
    id: 'oauth-tokens-revoked-answered-403',
    description:
      'every Capillary call authenticates with an OAuth token (the profile swaps auth and alternateAuth), each token is revoked after its first 50 authenticated calls (as `oauth-tokens-revoked-after-uses`), and a revoked token is answered 403 (as `auth-refused-403`: a gateway may answer failed authentication 403). Variant hunt 34: the client resent only after a 401, so the strict org\'s calls met five 403s in a row and the run stopped (exit 2, "stopped accepting the credentials"); a 403 naming no 4000 to a token the target accepted before is now resent once with a new token',
    profile: oauthFirst,
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-WRONG': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return restrictedOAuthClients();
    },
    id: 'oauth-restricted-client-refused-by-gateway',
    description:
      'each org\'s restrictedAuth is an OAuth client of its own without the Points scope (its tokens carry the Default access group only), the token endpoint issues one token per client per minute (as `oauth-one-token-per-client-per-minute`), and the access-group refusal comes from a gateway: 403 {"message":"Forbidden"}, no envelope, no 4000 (the page asks for the Points access group and gives no refusal\'s body). Variant hunt 34: a client resending every 403 to its own token asked for a second token, met the 429 and the run stopped (exit 2); a token refused 403 from its first use is not resent',
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile))
          org.restrictedAuth = {
            scheme: 'oauth',
            key: `${org.alternateAuth.key}${READ_ONLY_CLIENT}`,
            secret: `${org.alternateAuth.secret}${READ_ONLY_CLIENT}`,
          };
      },
    },
    shows: { 'CAP-AUTH-ACCESS-GROUP': 'pass', 'CAP-AUTH-OAUTH': 'pass', 'GEN-BODY-SCHEMA': 'warn' },
  },
  {
    id: 'auth-behind-aws-api-gateway',
    description:
      'both APIs sit behind a gateway whose authorizer answers a request without credentials 401 {"message":"Unauthorized"} and one with credentials it refuses 403 {"message":"User is not authorized to access this resource"} with x-amzn-ErrorType (AWS API Gateway with a Lambda authorizer): no envelope, and 403 for a wrong password or token (no page shows a refusal\'s body or status)',
    options: { hooks: { reply: awsGatewayRefusals } },
    shows: {
      'CAP-AUTH-MISSING': 'pass',
      'CAP-AUTH-WRONG': 'pass',
      'FAB-AUTH-MISSING': 'pass',
      'FAB-AUTH-WRONG': 'pass',
      'CAP-AUTH-HTTP-STATUS': 'warn',
      'FAB-AUTH-HTTP-STATUS': 'warn',
    },
  },
  {
    get options(): FaultOptions {
      return currentTokenReissued();
    },
    id: 'oauth-token-endpoint-returns-current-token',
    description: `every Capillary call authenticates with an OAuth token (the profile swaps auth and alternateAuth) that lives ${REISSUED_TOKEN_TTL_SECONDS} s; while a client's token lives, the token endpoint answers it again with the seconds it has left (rounded up) instead of issuing a new one, as a token cache in front of the issuer does (the token endpoint is outside the four documents); every answer comes 15 ms late so a run outlives several tokens`,
    profile: oauthFirst,
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-TOKEN-GENERATE': 'pass', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: { reply: failedAuthenticationsLimited() } };
    },
    id: 'auth-failures-rate-limited-429',
    description: `failed authentications are limited per client address: after ${AUTH_FAILURE_LIMIT} refusals within ${AUTH_FAILURE_WINDOW_MS / 1000} s, a request whose credentials fail is answered 429 with Retry-After: 1 instead of 401 until the window clears (brute-force protection; no page rules a rate limit out), valid credentials answered as ever. A 429 is no refusal: the suite waits and judges the 401 it then gets`,
    shows: { 'CAP-AUTH-WRONG': 'pass', 'CAP-AUTH-MISSING': 'pass', 'FAB-AUTH-WRONG': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', longJwtTokens()) };
    },
    id: 'oauth-long-jwt-tokens',
    description:
      "every Capillary call authenticates with an OAuth token (the profile swaps auth and alternateAuth) that is a signed JWT of about 4.6 KB carrying its claims (dots and base64url: the token page's example token is a JWT; no page limits its length)",
    profile: oauthFirst,
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-TOKEN-GENERATE': 'pass', 'CAP-AUTH-BASIC': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        handlers: {
          generateOAuthToken: oneTokenPerClientPerMinute(),
          unlockPromisedPoints: sourceOfCredentialsOnly(1102, 'the till may not act for another store'),
        },
      };
    },
    id: 'oauth-source-refused-one-token-per-minute',
    description:
      "every Capillary call authenticates with an OAuth token (the profile swaps auth and alternateAuth) from a token endpoint issuing one token per client per minute, and an unlock naming a store or till other than the credentials' own is refused 403 with a code of its own, 1102 (as `unlock-source-store-of-credentials-only`: the profile declares B-1001-2 issued at store 7, till 70). Variant hunt 34: a client resending every 403 to a token the target had accepted asked for a second token, met the 429 and the run stopped (exit 2); a 403 naming a code but 401 or 403 is not resent",
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) [org.auth, org.alternateAuth] = [org.alternateAuth, org.auth];
        orgsOf(profile)[0]!.fixtures.bills.secondProgram.source = { storeId: 7, tillId: 70 };
      },
    },
    shows: { 'CAP-UPP-MOVE': 'warn', 'CAP-AUTH-OAUTH': 'pass', 'CAP-AUTH-TOKEN-GENERATE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', { authenticate: tillsMatchedIgnoringCase() }) };
    },
    id: 'basic-till-names-and-digests-any-case',
    description:
      "Basic credentials are matched ignoring case in the till's username (a directory's lookup) and in the md5 hex digest, and the profile writes each till's username in upper case (TILL.STRICT): the authorisation page names the till's username and the md5 of its password, not how they are compared; a wrong, plain, empty or other till's password is refused all the same",
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile))
          for (const auth of [org.auth, org.restrictedAuth]) auth.username = auth.username.toUpperCase();
      },
    },
    shows: { 'CAP-AUTH-WRONG': 'pass', 'CAP-AUTH-ACCESS-GROUP': 'pass', 'CAP-AUTH-BASIC': 'pass' },
  },
  {
    id: 'fabric-refusals-rfc6750',
    description:
      'fabric refuses a request without a usable Bearer token 401 with WWW-Authenticate: Bearer and an OAuth error body ({"error":"invalid_request"}), an unknown token 401 with error="invalid_token" (RFC 6750 §3; the page documents the 200 answer only)',
    options: { hooks: familyHooks('fabric', { reply: bearerChallenges }) },
    shows: { 'FAB-AUTH-MISSING': 'pass', 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-HTTP-STATUS': 'pass' },
  },
  {
    get options(): FaultOptions {
      const revoked = tokensRevokedAfterUses();
      return {
        hooks: familyHooks('capillary', {
          ...revoked,
          reply: (operationId, reply) =>
            CAPILLARY_OPERATIONS.includes(operationId) && reply.status >= 400 && reply.status < 500
              ? { ...reply, status: 200 }
              : reply,
        }),
      };
    },
    id: 'oauth-tokens-revoked-answered-200-envelope',
    description:
      "every Capillary call authenticates with an OAuth token (the profile swaps auth and alternateAuth), each token is revoked after its first 50 authenticated calls (as `oauth-tokens-revoked-after-uses`), and every error, the revoked token's included, is answered HTTP 200 with the envelope, code 401 (as `auth-refused-in-200-envelope`: legacy v2, the profile says apiErrorStatus: any). Variant hunt 34: no 200 was resent, and about 20 unlock requirements failed on the refused calls (exit 1); a 2xx naming codes but 401 or 403 none, to a token the target accepted before, is now resent once with a new token",
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) [org.auth, org.alternateAuth] = [org.alternateAuth, org.auth];
        profile.apiErrorStatus = 'any';
      },
    },
    shows: { 'CAP-AUTH-OAUTH': 'pass', 'CAP-UPP-1645': 'pass', 'CAP-AUTH-HTTP-STATUS': 'warn' },
  },
  {
    id: 'upp-type-checked-after-the-bill',
    description:
      'variant hunt 36: an unlock reads the entity type only after it has found the bill and what the bill has left: with a type outside the list, a bill no customer has is 82323277 and a bill unlocked whole earlier in the run is 82323282; a bill with points left is refused 82323276 (the page gives its codes in no order)',
    get options(): FaultOptions {
      return typeAfterTheBill();
    },
    shows: { 'CAP-UPP-82323276': 'warn', 'CAP-UPP-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'upp-promotion-id-zero-beside-identifier',
    description:
      'variant hunt 36: a promotion line names its promotion by promotionIdentifier and writes promotionId 0, a Java primitive long never set (the page: promotionIdentifier is "Required if promotionId is not provided"; the identifier is there)',
    options: {
      hooks: familyHooks('capillary', {
        reply: unlockLines((line) => (line.promotionId === undefined ? line : { ...line, promotionId: 0 })),
      }),
    },
    shows: { 'CAP-UPP-RESPONSE-PROMOTION': 'pass' },
  },
  {
    id: 'upp-promotion-identifier-empty-beside-digit-id',
    description:
      'variant hunt 36: a promotion line writes promotionIdentifier "" (a .NET string never set, String.Empty) beside its promotionId as a string of digits (a long written as text): the id names the promotion, so the identifier is not required',
    options: {
      hooks: familyHooks('capillary', {
        reply: unlockLines((line) =>
          line.promotionId === undefined
            ? line
            : { ...line, promotionIdentifier: '', promotionId: String(line.promotionId) },
        ),
      }),
    },
    shows: { 'CAP-UPP-RESPONSE-PROMOTION': 'pass' },
  },
  {
    id: 'upp-promotion-id-long-without-identifier',
    description:
      'variant hunt 36: promotions are numbered with 64-bit ids past 2^53 (9007199254740993), and a promotion line names its promotion by promotionId alone, a JSON number, without promotionIdentifier ("Required if promotionId is not provided")',
    options: { hooks: familyHooks('capillary', { reply: promotionIdsPast2To53 }) },
    shows: { 'CAP-UPP-RESPONSE-PROMOTION': 'pass' },
  },
  {
    id: 'upp-points-unlocked-double-noise',
    description:
      'variant hunt 36: the ledger keeps promised points as doubles in tens of points and writes each pointsUnlocked as a JSON number, that figure times ten, so some carry binary noise (7 is written 7.000000000000001, 3 as 3.0000000000000004); the table gives pointsUnlocked no precision',
    options: {
      hooks: familyHooks('capillary', {
        reply: unlockLines((line) => ({
          ...line,
          pointsUnlocked: (toAmount(line.pointsUnlocked) ?? 0) * 0.1 * 10,
        })),
      }),
    },
    shows: { 'CAP-UPP-RESPONSE-NUMERIC': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'upp-ten-digit-bill-number-int32-refused-codeless',
    description:
      'variant hunt 36: a billNumber sent as a JSON number is bound to a 32-bit int, and one past 2^31 - 1 fails the binding before any business code: Spring Boot\'s default 400 `{"timestamp","status","error","path"}`, no code (the table types billNumber String; refusing the number form as malformed is allowed)',
    options: { hooks: familyHooks('capillary', { reply: longBillNumbersRefusedBySpring }) },
    shows: { 'CAP-UPP-BILL-NUMBER-TYPES': 'warn' },
  },
  {
    id: 'bal-breakup-strings-zero-figures-left-out',
    description:
      "variant hunt 36: the balance gives delayedAccrualPoints and externalTriggerBasedPoints at the top level as numbers, and in promisedPointsBreakup as three-place strings with the zero ones left out (Jackson's NON_DEFAULT on the breakup only), on every read, each program's after an unlock too",
    options: { hooks: familyHooks('capillary', { reply: breakupWithoutZeroFigures }) },
    shows: { 'CAP-BAL-PROMISED-BREAKUP': 'pass' },
  },
  {
    id: 'bal-breakup-empty-when-nothing-promised',
    description:
      'variant hunt 36: the balance gives the promised figures at the top level, and promisedPointsBreakup as an empty object where both are zero (a program whose promised points were all unlocked, say), as them inside it otherwise (the page marks no field required)',
    options: { hooks: familyHooks('capillary', { reply: breakupEmptyWhenNothingPromised }) },
    shows: { 'CAP-BAL-PROMISED-BREAKUP': 'pass' },
  },
  {
    id: 'bal-default-program-read-written-otherwise',
    description:
      "variant hunt 36: a read without programId (the default program's balance) goes through another code path than a read naming the program, which writes mainPoints as a three-place string and computes totalPoints in doubles from tens of points (735 may come out 735.0000000000001); the same balance written otherwise",
    options: { hooks: familyHooks('capillary', { reply: defaultProgramReadWrittenOtherwise }) },
    shows: { 'CAP-BAL-DEFAULT-PROGRAM': 'pass' },
  },
  {
    id: 'dual-list-lookup-entity-id-float-text',
    description:
      "variant hunt 36: a lookup with several identifiers goes through a dual-eligibility service that re-serialises the answer from doubles, writing the entityId as `1002.0`: the same JSON number as the single lookup's `1002` (JSON has one number type)",
    options: { hooks: familyHooks('capillary', { reply: listLookupEntityIdAsFloatText }) },
    shows: { 'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass', 'CAP-BAL-DUAL-MULTI': 'pass' },
  },
  {
    id: 'npa-external-id-outside-instore-8013',
    description:
      'variant hunt 38: externalId is an identifier type of the store (INSTORE, and ALL over every source) only; a deduction naming the customer by externalId under another listed source is answered 8013 (the page: "Type of identifier is invalid or incorrect"), while mobile is taken under every source. The source is the one "in which the identifier is available": the name is refused there, not the source',
    options: {
      handlers: { negativePointsAdjustment: storeIdentifierOnly('negativePointsAdjustment', 8013) },
    },
    shows: { 'CAP-NPA-SOURCE-VALUES': 'warn' },
  },
  {
    id: 'upp-identifier-names-outside-instore-8013',
    description:
      "variant hunt 38: the unlock takes every listed identifier name under INSTORE but only mobile under the other listed sources, answering 8013 for the others there as the platform's lookup does (an identifier type not available in that source); the source is not refused, the name is",
    options: { handlers: { unlockPromisedPoints: storeIdentifierOnly('unlockPromisedPoints', 8013) } },
    shows: { 'CAP-UPP-SOURCE-VALUES': 'warn' },
  },
  {
    id: 'npa-external-id-outside-instore-8015',
    description:
      'variant hunt 38: externalId names a customer of the store (INSTORE, and ALL) only; under another listed source the deduction by externalId finds no customer, 8015, nothing moved (the customer is "unknown under that source"), mobile being taken under every source',
    options: {
      handlers: { negativePointsAdjustment: storeIdentifierOnly('negativePointsAdjustment', 8015) },
    },
    shows: { 'CAP-NPA-SOURCE-VALUES': 'pass' },
  },
  {
    id: 'upp-identifier-names-outside-instore-8015',
    description:
      'variant hunt 38: the unlock resolves every listed identifier name under INSTORE but only mobile under the other listed sources, where any other name finds no customer (8015)',
    options: { handlers: { unlockPromisedPoints: storeIdentifierOnly('unlockPromisedPoints', 8015) } },
    shows: { 'CAP-UPP-SOURCE-VALUES': 'pass' },
  },
  {
    id: 'upp-bill-date-before-registration-refused',
    description:
      "variant hunt 38: an unlock whose billDate is before the customer's registration (2022-03-15 for every customer here, between the example's 2022-02-12 and the suite's 2022-08-31) is refused with a code of its own before the bill is looked up: no bill can predate its customer (no code is documented); yesterday's date is accepted",
    options: { handlers: { unlockPromisedPoints: billDatesFrom('2022-03-15') } },
    shows: { 'CAP-UPP-BILL-DATE': 'warn' },
  },
  {
    id: 'upp-bill-date-calendar-checked-ahead-of-utc',
    description:
      "variant hunt 38: billDate is validated strictly before the bill lookup: YYYY-MM-DD, optionally with a time part, a day its month has (a zero-based month index built right), and not after today where the target keeps its clock, UTC+14 (Kiritimati): the example's 2022-02-12 and 2022-08-31 both pass; a bill from the future is refused with a code of its own",
    options: { handlers: { unlockPromisedPoints: billDateOnTheCalendar } },
    shows: { 'CAP-UPP-BILL-DATE': 'pass' },
  },
  {
    id: 'upp-bill-date-kept-a-year-ahead-of-utc',
    description:
      "variant hunt 38: the unlock keeps bills of the last 365 days, read on the target's UTC+14 clock: an older billDate (the example's) or one after its today is refused with a code of its own before the bill is looked up; yesterday's date in UTC is today or yesterday there, so it is kept",
    options: { handlers: { unlockPromisedPoints: billDatesOfTheLastYear } },
    shows: { 'CAP-UPP-BILL-DATE': 'warn' },
  },
  {
    id: 'npa-points-available-in-the-amount-form',
    description:
      'variant hunt 38: the deduction answers pointsAvailable in the form its amount came in: a JSON number for a number amount, a three-place string (the example\'s "670.000") for a string amount; the table types it Integer, the example writes a string',
    options: { hooks: familyHooks('capillary', { reply: availableInTheAmountForm }) },
    shows: { 'CAP-NPA-AMOUNT-STRING': 'pass', 'CAP-NPA-POINTS-AVAILABLE': 'pass' },
  },
  // --- variant hunt 37 ---
  {
    get options(): FaultOptions {
      return { handlers: { adjustMemberPoints: commandDuplicatesRefused(DUPLICATE_WINDOW_MS) } };
    },
    id: 'fabric-duplicates-keyed-on-the-command',
    description:
      "variant hunt 37: the tenant refuses (409) an adjustment equal to one it took for the member in the last 2 s, compared as the parsed adjustment, not as bytes: a null string and an absent one are the same (string | null), and so are setToPending false and none (its default), as a duplicate key hashed from a deserialised command is. Only identical bodies were kept apart (docs/choices.md), and fabric.validation's +1 with the three nulls equalled FAB-AUTH-BEARER's bare +1 sent seconds later: FAB-AUTH-BEARER failed (exit 1); it sends +6 now, an amount no other adjustment of a run sends",
    shows: { 'FAB-AUTH-BEARER': 'pass', 'FAB-ADJ-NULLABLE-STRINGS': 'pass', 'FAB-ADJ-DEDUCT': 'pass' },
  },
  {
    id: 'fabric-reason-looked-up-before-lengths',
    description:
      "variant hunt 37: the tenant's own validation order: the reasonCode is looked up first among the tenant's codes (RET01, GOODWILL) and an unknown one answered 404 \"Reason code 7502 not found\", then the strings' minimum lengths answered 422 with a map of field errors (no schema layer in front). Fault hunt 42's empty strings sent in the example's body (reasonCode 7502 beside them) are refused for the reason, not for the empty string: any refusal is the rule's, and nothing moved",
    options: {
      handlers: { adjustMemberPoints: reasonLookedUpBeforeLengths },
      hooks: familyHooks('fabric', { validate: withoutMinLengths }),
    },
    shows: {
      'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
      'FAB-ADJ-BILLING-ENTITY-MIN-LENGTH': 'pass',
      'FAB-ADJ-ADD': 'warn',
    },
  },
  {
    id: 'fabric-deductions-answered-in-own-words',
    description:
      'variant hunt 37: a deduction (negative points) is answered 200 in words of its own: message "Member points redeemed", errors null, data {Message: "1.0 points redeemed", ExceptionString: null, transactionCode} without futureDate (the page marks no response field required and its example is an addition). Fault hunt 42\'s deduction of 1 with the three nulls is judged on its answer: a success all the same',
    options: { hooks: familyHooks('fabric', { reply: deductionsInOwnWords }) },
    shows: { 'FAB-ADJ-NULLABLE-STRINGS': 'pass', 'FAB-ADJ-ENVELOPE': 'pass', 'GEN-BODY-SCHEMA': 'warn' },
  },
  {
    id: 'fabric-empty-strings-refused-by-gateway',
    description:
      'variant hunt 37: an API gateway\'s request validator in front of the tenant refuses a body with an empty pointType, billingEntity or reasonCode before the tenant sees it: 400 {"message": "Invalid request body"}, no fabric envelope (the page documents no error answer). Fault hunt 42\'s example body with one string emptied: refused, nothing moved',
    options: { hooks: familyHooks('fabric', { reply: emptyStringsRefusedByGateway }) },
    shows: {
      'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
      'FAB-ADJ-BILLING-ENTITY-MIN-LENGTH': 'pass',
      'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass',
    },
  },
  {
    id: 'npa-points-available-stripped-plain',
    description:
      'variant hunt 37: a deduction\'s pointsAvailable written as Java\'s BigDecimal.stripTrailingZeros().toPlainString() writes it, a string without trailing zeros: "0" after the exact balance, "99979.5" or "670" on a three-decimal program (the example writes "670.000"; the documents define no numeric string\'s syntax). Fault hunt 40\'s form checks at zero and in the parallel deductions read them as amounts',
    options: { hooks: familyHooks('capillary', { reply: pointsAvailableStrippedPlain }) },
    shows: {
      'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass',
      'CAP-NPA-EXACT-BALANCE': 'pass',
      'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass',
    },
  },
  {
    get options(): FaultOptions {
      const replica = fabricInquiryReplica(FABRIC_REPLICA_LAG_MS);
      return { handlers: { adjustMemberPoints: replica.adjust, inquireMemberPoints: replica.inquire } };
    },
    id: 'fabric-inquiry-replica-lag-declared',
    description: `variant hunt 37: the member inquiry (outside the four documents) is served by a replica showing each member as it was ${FABRIC_REPLICA_LAG_MS} ms before, the profile allowing 150 ms (limits.readAfterWriteMs). Fault hunt 42's +4 to the fixture member, not judged, lands just before the unknown ids' reads: they wait the window out, and nothing reads as moved`,
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: 150 }) },
    // No FAB-ADJ-ADD warning asserted: it shows only where a read comes within the 40 ms lag of its
    // write, which load decides (at load ~20 it passed; with a 1 ms lag it passes every time).
    shows: { 'FAB-ADJ-UNKNOWN-MEMBER': 'pass', 'FAB-ADJ-NULLABLE-STRINGS': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: fabricMembersAt(100.5),
        handlers: {
          adjustMemberPoints: commandDuplicatesRefused(DUPLICATE_WINDOW_MS),
          inquireMemberPoints: inquiryWithPoints((points) => halfEvenTo(0)(Number(points))),
        },
      };
    },
    id: 'fabric-half-even-half-command-duplicates',
    description:
      "variant hunt 37: variant fabric-inquiry-half-even-member-holding-a-half (a member holding 100.5 points, the inquiry showing whole points half to even) on a tenant telling duplicates as variant fabric-duplicates-keyed-on-the-command does. A tie's confirmation sends {points, setToPending: false}, the same adjustment as a bare one of that amount: the third (−5) was refused as FAB-ADJ-DEDUCT's bare −5 taken just before, and fabric.validation's +1 of nulls as the first (+1): FAB-ADJ-DEDUCT and -NULLABLE-STRINGS failed (exit 1). The confirmations skip the amounts fabric's scenarios send bare now",
    shows: { 'FAB-ADJ-DEDUCT': 'warn', 'FAB-ADJ-NULLABLE-STRINGS': 'warn', 'FAB-AUTH-BEARER': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: fabricMembersAt(0.5),
        handlers: {
          adjustMemberPoints: commandDuplicatesRefused(DUPLICATE_WINDOW_MS, noFabricOverdraft),
          inquireMemberPoints: inquiryWithPoints((points) => halfEvenTo(0)(Number(points))),
        },
      };
    },
    id: 'fabric-half-even-half-command-duplicates-no-overdraft',
    description:
      "variant hunt 37: the same over a member holding only 0.5 points on a tenant refusing a deduction beyond the member's active points (as fabric-inquiry-half-even-member-holding-a-half-no-overdraft): the deducting confirmations, larger now that they skip the amounts sent bare (−3, −7, …), still follow enough additions, and fault hunt 42's deduction of 1 with nulls is sent once the inquiry reads 2 or more",
    shows: { 'FAB-ADJ-DEDUCT': 'warn', 'FAB-ADJ-NULLABLE-STRINGS': 'warn', 'FAB-ADJ-ADD': 'warn' },
  },
  {
    id: 'fabric-uuid-token-compared-as-uuid',
    description:
      'a fabric tenant issuing its bearer token as a UUID and looking it up in a uuid column: a UUID\'s hex digits are case-insensitive on input (RFC 9562), so the token in upper case names the same key and is taken ("<token> is your auth token": its form is open); the token without its last digit, or with a digit more, is no UUID and is refused',
    options: { hooks: familyHooks('fabric', { authenticate: uuidTokenTenant }) },
    profile: { edit: (profile) => Object.assign(profile.fabric.auth, { token: FABRIC_UUID_TOKEN }) },
    shows: { 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-BEARER': 'pass', 'FAB-AUTH-MISSING': 'pass' },
  },
  {
    id: 'dual-list-lookup-amounts-as-decimal-strings',
    description:
      'variant hunt 41: a lookup with several identifiers goes through a dual-eligibility service that writes every amount as a three-place decimal string ("290.000", as the sibling APIs answer) while the primary alone answers JSON numbers: the same balance written otherwise, which CAP-BAL-DUAL-SINGLE-PROFILE now compares',
    options: { hooks: familyHooks('capillary', { reply: listLookupAmountsAsDecimalStrings }) },
    shows: { 'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass', 'CAP-BAL-DUAL-MULTI': 'pass' },
  },
  {
    id: 'dual-list-lookup-promised-split-otherwise',
    description:
      "variant hunt 41: a lookup with several identifiers answers the same main and total points as the primary alone, its promised points all as external-trigger points and promisedPoints left out (the page's table has no promisedPoints): the breakup is not what CAP-BAL-DUAL-SINGLE-PROFILE compares, the balance is",
    options: { hooks: familyHooks('capillary', { reply: listLookupPromisedSplitOtherwise }) },
    shows: { 'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass', 'CAP-BAL-DUAL-MULTI': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: listLookupsLag() };
    },
    id: 'dual-list-lookups-index-lag-declared',
    description: `variant hunt 41: lookups with several identifiers are served from a search index showing a write to the customer ${REPLICA_LAG_MS} ms after it (the primary alone is current), the profile allowing 150 ms (limits.readAfterWriteMs): move-once unlocks a bill of customer-1002, one of the pair sharing a secondary, so a list lookup just after it would answer the balance before it, unlike its primary-alone read; the suite's raw reads wait the window out`,
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: 150 }) },
    shows: { 'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass', 'CAP-BAL-DUAL-MULTI': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: balanceReadsCachedUntilWrite() };
    },
    id: 'bal-reads-cached-per-query-until-a-write',
    description:
      "variant hunt 41: every balance read is answered from a cache keyed by the credentials and the whole query (programId and fetchDataForAllPrograms included), dropped on any acknowledged write: never stale, yet the read without programId after the all-program read naming another program (balance.program-table's order since fault hunt 45) is a key of its own, the default program's",
    shows: { 'CAP-BAL-DEFAULT-PROGRAM': 'pass', 'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'pass' },
  },
  {
    id: 'upp-bill-date-checked-on-a-clock-behind-utc',
    description:
      "variant hunt 41: billDate is validated before the bill lookup on the target's clock, UTC-10 (Honolulu): the form YYYY-MM-DD with two-digit parts read as decimals, a day its month has (31 August is), and not after today there, a bill from the future refused with a code of its own; the example's 2022-02-12 and the suite's 2022-08-31 both pass",
    options: { handlers: { unlockPromisedPoints: billDateBehindUtc } },
    shows: { 'CAP-UPP-BILL-DATE': 'pass' },
  },
  {
    id: 'upp-lone-secondary-8015-before-the-source',
    description:
      'variant hunt 41: under dual eligibility the unlock resolves the customer as the balance page\'s lookup does, a lone identifier other than the primary refused with 8015 before the source or the bill is read ("If you provide only one identifier that is not the primary identifier, the system will return an error, 8015"); an invalid source by the other identifier is refused so, not by its source',
    options: { handlers: { unlockPromisedPoints: loneSecondaryRefusedFirst } },
    shows: { 'CAP-UPP-SOURCE-INVALID': 'pass' },
  },
  {
    id: 'upp-source-outside-the-enum-403',
    description:
      'variant hunt 41: a source outside the Enum is answered 403 with a code of its own ("source not enabled for this org"), checked after the customer and before the bill, by whichever identifier names the customer: a refusal in the profile\'s error status (any 4xx), no document giving a code',
    options: { handlers: { unlockPromisedPoints: unknownSourceForbidden } },
    shows: { 'CAP-UPP-SOURCE-INVALID': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: billWholeUnlockedBefore,
        handlers: { unlockPromisedPoints: usedEventLogUnknown },
      };
    },
    id: 'upp-used-event-log-array-3918-on-a-rerun',
    description:
      "variant hunt 41: a rerun (the billWhole bills unlocked before it) against a target whose event logs are spent by their unlock: the bill's own event log as an array is answered 3918 (no eventLog found for it now), the integer form and the bill without it 82323282; the array refused while the integer moves nothing is no type error (move-once judges CAP-UPP-EVENT-LOG-ID-TYPES only where the integer moves the bill)",
    shows: { 'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass' },
  },
  // --- variant hunt 39: fault hunt 46's tightened fabric and authentication checks, targets built otherwise ---
  {
    id: 'fabric-ulid-token-read-ignoring-case',
    description:
      'a fabric tenant issuing its bearer token as a ULID and decoding it as Crockford base32, which reads letters in either case ("<token> is your auth token": its form is open): the token in lower case, or with its letters\' case swapped, names the same key; the token without its last character, or with a 0 appended, is no ULID and is refused',
    options: {
      hooks: familyHooks('fabric', {
        authenticate: fabricTokenTenant((token) => crockfordCanonical(token) === FABRIC_ULID_TOKEN),
      }),
    },
    profile: { edit: (profile) => Object.assign(profile.fabric.auth, { token: FABRIC_ULID_TOKEN }) },
    shows: { 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-BEARER': 'pass', 'FAB-AUTH-MISSING': 'pass' },
  },
  {
    id: 'fabric-base32-token-lower-case',
    description:
      'a fabric tenant issuing its bearer token in RFC 4648 base32 written in lower case and decoding it ignoring case (base32 has one letter per value): the token in upper case names the same key; the token without its last character or with a 0 appended is another key',
    options: {
      hooks: familyHooks('fabric', {
        authenticate: fabricTokenTenant((token) => token.toLowerCase() === FABRIC_BASE32_TOKEN),
      }),
    },
    profile: { edit: (profile) => Object.assign(profile.fabric.auth, { token: FABRIC_BASE32_TOKEN }) },
    shows: { 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-BEARER': 'pass', 'FAB-AUTH-MISSING': 'pass' },
  },
  {
    id: 'fabric-base64-token-padding-optional',
    description:
      'a fabric tenant issuing its bearer token as the padded base64 of a 32-byte key and comparing the key it decodes, padding optional (RFC 4648 §3.2): the token without its trailing = carries the same key and is taken; without a character that carries data, with a 0 after the padding, or with its case swapped, it is refused',
    options: {
      hooks: familyHooks('fabric', {
        authenticate: fabricTokenTenant((token) => base64Key(token)?.equals(FABRIC_KEY_BYTES) ?? false),
      }),
    },
    profile: {
      edit: (profile) => Object.assign(profile.fabric.auth, { token: FABRIC_KEY_BYTES.toString('base64') }),
    },
    shows: { 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-BEARER': 'pass', 'FAB-AUTH-MISSING': 'pass' },
  },
  {
    id: 'fabric-upper-hex-token-read-ignoring-case',
    description:
      'a fabric tenant issuing its bearer token as 40 upper-case hex digits and comparing the digits ignoring case, as a hex decoder reads them: the token in lower case names the same key; without its last digit or with a 0 appended it is another key',
    options: {
      hooks: familyHooks('fabric', {
        authenticate: fabricTokenTenant((token) => token.toUpperCase() === FABRIC_UPPER_HEX_TOKEN),
      }),
    },
    profile: { edit: (profile) => Object.assign(profile.fabric.auth, { token: FABRIC_UPPER_HEX_TOKEN }) },
    shows: { 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-BEARER': 'pass', 'FAB-AUTH-MISSING': 'pass' },
  },
  {
    id: 'auth-bare-basic-answered-400-text',
    description:
      'a Capillary target whose HTTP layer answers an Authorization header holding the word Basic and no credentials with 400 and a plain-text body ("Bad Request: malformed Authorization header") before its own authentication: a malformed header is a bad request, and no page shows that refusal\'s body',
    options: {
      hooks: familyHooks(
        'capillary',
        bareBasicAnswered(() => ({
          status: 400,
          body: undefined,
          rawBody: 'Bad Request: malformed Authorization header',
          headers: { 'content-type': 'text/plain' },
        })),
      ),
    },
    shows: { 'CAP-AUTH-MISSING': 'pass', 'CAP-AUTH-HTTP-STATUS': 'warn' },
  },
  {
    id: 'auth-bare-basic-gateway-html-401',
    description:
      "a gateway in front of Capillary answers an Authorization header holding the word Basic and no credentials with its own HTML 401 page and a WWW-Authenticate: Basic challenge (RFC 9110 §11.6.1): no page shows the refusal's body",
    options: {
      hooks: familyHooks(
        'capillary',
        bareBasicAnswered(() => ({
          status: 401,
          body: undefined,
          rawBody: '<html><body><h1>401 Authorization Required</h1></body></html>',
          headers: { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="api"' },
        })),
      ),
    },
    shows: { 'CAP-AUTH-MISSING': 'pass', 'CAP-AUTH-HTTP-STATUS': 'pass' },
  },
  {
    id: 'auth-bare-basic-anonymous-403',
    description:
      'a Capillary target reading an Authorization header holding the word Basic and no credentials as an anonymous caller, refused 403 with the access-group code 4000 (an anonymous caller has no Points access group)',
    options: {
      hooks: familyHooks(
        'capillary',
        bareBasicAnswered(() =>
          capillaryError(4000, 'Not authorized: an anonymous caller lacks the Points access group', 403),
        ),
      ),
    },
    shows: { 'CAP-AUTH-MISSING': 'pass', 'CAP-AUTH-HTTP-STATUS': 'warn' },
  },
  {
    id: 'auth-bare-basic-400-text-before-200-envelopes',
    description:
      'a legacy v2 Capillary target answering its API errors, failed authentication included, with HTTP 200 and the error envelope (the profile says apiErrorStatus: any), behind an HTTP layer answering a bare `Authorization: Basic` with 400 and a plain-text body before the target sees it',
    options: {
      hooks: familyHooks('capillary', {
        ...bareBasicAnswered(() => ({
          status: 400,
          body: undefined,
          rawBody: 'Bad Request',
          headers: { 'content-type': 'text/plain' },
        })),
        reply: capillaryErrorsIn200,
      }),
    },
    profile: {
      edit: (profile) => {
        profile.apiErrorStatus = 'any';
      },
    },
    shows: { 'CAP-AUTH-MISSING': 'pass', 'CAP-AUTH-WRONG': 'pass', 'CAP-AUTH-HTTP-STATUS': 'warn' },
  },
  {
    id: 'fabric-pending-matures-within-the-run',
    description: `a fabric tenant whose pending period is short ("The time period for Pending state is configurable"): a pending addition, fault hunt 46's +14 with nulls among them, becomes available ${FABRIC_PENDING_CALLS} fabric calls later, within the run`,
    options: { createLedger: (dataset) => new PendingMaturingLedger(dataset) },
    // Readings off by points that became available meanwhile only warn; since fabric.validation
    // sends its +14 first (at the merge), the pending points turn available between its readings
    // and every fabric requirement passes (clean room 4 likewise).
    shows: {
      'FAB-ADJ-NULLABLE-STRINGS': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-POINTS-REQUIRED': 'pass',
      'FAB-ADJ-ADD': 'pass',
    },
  },
  {
    id: 'fabric-member-ids-validated-as-uuid',
    description:
      'a fabric tenant whose profileIds are UUIDs refuses 400 a profileId that is no UUID ("profileId must be a UUID") before looking the member up, the fixture\'s UUID without its last digit among them: the page types profileId as a string, its example a UUID, and documents no error answer',
    options: { handlers: { adjustMemberPoints: adjustmentOfUuidMembers } },
    shows: { 'FAB-ADJ-UNKNOWN-MEMBER': 'pass', 'FAB-ADJ-ADD': 'pass' },
  },
  // --- variant hunt 40 (helper, 2026-12-06): fault hunt 44's tightened deduction checks ---
  {
    id: 'npa-empty-identifier-name-spring-enum-null',
    description:
      'variant hunt 40: identifierName bound by Spring as a required enum @RequestParam: the empty value (`identifierName=`) converts to null, and Spring (5.3+) refuses a required parameter "present but converted to null" with its default 400 body, no code, before any business code. The page\'s Enum lists two values and gives no code but 8013 for an invalid type: input-validation.identifier-name-empty warns',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' && isRefusal(reply) && emptyIdentifierName(request)
            ? { status: 400, body: springDefaultError() }
            : reply,
      }),
    },
    shows: { 'CAP-NPA-8013': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-empty-identifier-name-looked-up-first-8015',
    description:
      'variant hunt 40: the customer is looked up before the identifier type is judged, and a lookup by an empty type finds no one: 8015 "Customer not found for the given identifiers" (the page lists its codes in no order)',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' && isRefusal(reply) && emptyIdentifierName(request)
            ? capillaryError(8015, 'Customer not found for the given identifiers')
            : reply,
      }),
    },
    shows: { 'CAP-NPA-8013': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-empty-query-value-refused-by-gateway',
    description:
      'variant hunt 40: a gateway in front of the deduction refuses any empty query value (`identifierName=` here) with 400 and a bare text body, before the target sees the request: a refusal with no code, nothing moved',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          isRefusal(reply) &&
          [...request.searchParams.values()].includes('')
            ? {
                status: 400,
                headers: { 'content-type': 'text/plain' },
                body: null,
                rawBody: 'empty query value',
              }
            : reply,
      }),
    },
    shows: { 'CAP-NPA-8013': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-empty-program-id-jackson-no-coercion',
    description:
      'variant hunt 40: the body bound by Jackson with scalar coercion off: `programId: ""` beside promotionIdentifier is refused as the wrong type ("Cannot coerce empty String") with Spring\'s default 400 body, no code, before the promotionIdentifier note is read (the table types programId Integer)',
    options: {
      hooks: familyHooks('capillary', {
        reply: emptyProgramIdAnswered({
          status: 400,
          body: springDefaultError(
            'JSON parse error: Cannot coerce empty String ("") to `java.lang.Integer` value (but could if coercion was enabled using `CoercionConfig`)',
          ),
        }),
      }),
    },
    shows: { 'CAP-NPA-8887': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-empty-program-id-read-as-zero-8874',
    description:
      'variant hunt 40: programId bound to a primitive int, `""` coerced to 0 (Jackson\'s default for a primitive), and the promotion looked up in program 0 first: 8874, no such promotion there. Refused, nothing moved; the page orders no codes',
    options: {
      hooks: familyHooks('capillary', {
        reply: emptyProgramIdAnswered(capillaryError(8874, 'invalid promotion for programId: 0')),
      }),
    },
    shows: { 'CAP-NPA-8887': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-missing-amount-bodiless-400',
    description:
      "variant hunt 40: a deduction without pointsToBeAdjusted (a plain body, one naming an award or the profile's promotion) is refused by bean validation with 400 and no body at all (JAX-RS's default for a constraint violation): the page gives no code for a missing amount",
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          isRefusal(reply) &&
          bodyRecord(request.body).pointsToBeAdjusted === undefined
            ? asEmptyRefusal(reply)
            : reply,
      }),
    },
    shows: { 'CAP-NPA-AMOUNT-REQUIRED': 'pass', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-whole-drain-in-billions-int32-numbers',
    description:
      "variant hunt 40: the strict org's drainable customer holds a whole 3,000,000,000 points (the profile names customer 1003), and the target holds a JSON-number amount in a signed 32-bit int (a numeric string in a decimal): the exact balance, now sent as a JSON number where it is whole, is refused as out of range (8888). Past the table's Integer, so it warns (seen filtered: in a full run the parallel deductions leave the balance with decimals, sent as a string)",
    options: {
      createLedger: (dataset) =>
        numberAmountsInInt32(withCustomerPoints(dataset, 'strict', 1003, { 469: 3e9 })),
    },
    profile: drainingWholeBalance,
    shows: { 'CAP-NPA-EXACT-BALANCE': 'pass', 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'npa-whole-drain-hidden-decimals-rounded-up',
    description:
      "variant hunt 40: the strict org's drainable customer holds 89.6 points (the profile names customer 1003) and every balance figure is shown whole, rounded half up: the exact balance is read as 90, sent as the JSON number 90 and refused with 8907 (more than the 89.6 held), 89 leaves pointsAvailable 0.6, which is then deducted",
    options: {
      createLedger: (dataset) => new Ledger(withCustomerPoints(dataset, 'strict', 1003, { 469: 89.6 })),
      hooks: { reply: balanceAsWholeNumbers(roundHalfUp) },
    },
    profile: drainingWholeBalance,
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn', 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'npa-second-program-under-one-shown-one',
    description:
      "variant hunt 40: customer 1001 holds 0.6 points in program 973 (three decimals) and every balance figure is shown whole, rounded half up: 973 reads 1, and ledger-invariants.other-program's JSON-number deduction of 1 there is refused with 8907 (negative balance off), as the page says. CAP-NPA-AMOUNT-NUMBER, judged there since fault hunt 44, and CAP-BAL-LEDGER failed (exit 1); such a refusal now warns",
    options: { createLedger: strict973(0.6), hooks: { reply: balanceAsWholeNumbers(roundHalfUp) } },
    shows: { 'CAP-NPA-AMOUNT-NUMBER': 'warn', 'CAP-BAL-LEDGER': 'warn' },
  },
  {
    id: 'npa-second-program-one-and-six-tenths-shown-two',
    description:
      "variant hunt 40: customer 1001 holds 1.6 points in program 973 and balances are shown whole, rounded half up (1.6 reads 2): a full run's earlier deduction of a point there leaves 0.6, read 1, and other-program's point is refused with 8907 as in npa-second-program-under-one-shown-one; a run filtered to CAP-NPA-AMOUNT-NUMBER takes the point from 1.6",
    options: { createLedger: strict973(1.6), hooks: { reply: balanceAsWholeNumbers(roundHalfUp) } },
    shows: { 'CAP-NPA-AMOUNT-NUMBER': 'warn', 'CAP-BAL-LEDGER': 'warn' },
  },
  {
    id: 'npa-shared-pair-under-one-shown-one',
    description:
      "variant hunt 40: customer 1002 (the strict org's shared-secondary pair's deducted customer) holds 0.6 points in program 469 and balances are shown whole, rounded half up: 469 reads 1, and ledger-invariants.other-customer's point is refused with 8907 (negative balance off), as the page says. CAP-NPA-ARITHMETIC failed (exit 1, filtered to it and in a full run alike); it warns now, as other-program's point does",
    options: {
      createLedger: (dataset) => new Ledger(withCustomerPoints(dataset, 'strict', 1002, { 469: 0.6 })),
      hooks: { reply: balanceAsWholeNumbers(roundHalfUp) },
    },
    shows: { 'CAP-NPA-ARITHMETIC': 'warn' },
  },
  // --- variant hunt 42 (helper, 2026-12-06): whole balance reads over decimals, at balanceCovering's callers ---
  {
    id: 'npa-known-promotion-under-one-shown-one',
    description:
      "variant hunt 42: customer 1001 (deductible) holds 0.6 points in program 469 (two decimals) and every balance figure is shown whole, rounded half up: 469 reads 1, and input-validation.known-promotion's deductions of 1 by the promotion and by the award are refused with 8907 (negative balance off), as the page says. CAP-NPA-8874 and -8877 failed (exit 1); such a refusal warns now",
    options: heldIn469Shown(1001, 0.6, roundHalfUp),
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-8877': 'warn' },
  },
  {
    id: 'npa-balance-first-under-one-shown-one',
    description:
      "variant hunt 42: as npa-known-promotion-under-one-shown-one (0.6 in 469, read 1 half up), and the ledger compares the amount with the balance before it looks at the promotion or award (balance-judged-first): the rejections' unknown promotion and unknown award, each a deduction of 1, are answered 8907 before 8874 or 8877. Their CAP-NPA-8874 and -8877 failed once known-promotion's warned; a whole read of a point warns there now",
    options: heldIn469Shown(1001, 0.6, roundHalfUp, balanceJudgedFirst),
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-8877': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-balance-first-two-tenths-shown-one-rounded-up',
    description:
      'variant hunt 42: customer 1001 holds 0.2 points in program 469, every balance figure shown whole rounded away from zero (RoundingMode.UP: 0.2 reads 1), and the balance judged first (balance-judged-first): as npa-balance-first-under-one-shown-one, the deductions of 1 by an unknown or known promotion or award are refused with 8907',
    options: heldIn469Shown(1001, 0.2, roundUp, balanceJudgedFirst),
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-8877': 'warn', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-below-display-nine-and-six-tenths-shown-whole',
    description:
      "variant hunt 42: customer 1001 holds 9.6 points in program 469 and every balance figure is shown whole, rounded half up: in a full run decimal-precision.within's probe below the display (1.5 deducted 4 times, 6 in all) starts from a whole read covering 6 over less, and its last 1.5 is refused with 8907 as the page says. CAP-NPA-DECIMALS-WITHIN failed (exit 1); it warns now",
    options: heldIn469Shown(1001, 9.6, roundHalfUp),
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-sequence-step-short-of-whole-read',
    description:
      "variant hunt 42: customer 1001 holds 21.6 points in program 469 and every balance figure is shown whole, rounded half up: in a full run ledger-invariants.sequence (2, 1, then 3) starts from a whole read, and its 3 is refused with 8907 from 2.6 read 3, as the page says. CAP-NPA-ARITHMETIC failed (exit 1); it warns now. The holding is tuned to what the full run deducts from program 469 before the sequence (19.6 until fault hunt 47's burst sent two deductions of 1 there): `shows` fails when an added exchange moves it, and the holding is then moved with it",
    options: heldIn469Shown(1001, 21.6, roundHalfUp),
    shows: { 'CAP-NPA-ARITHMETIC': 'warn' },
  },
  {
    id: 'npa-drain-under-one-shown-one',
    description:
      "variant hunt 42: the strict org's drainable customer (1005) holds 0.6 points and every balance figure is shown whole, rounded half up: the exact balance is read as 1, sent as the JSON number 1 and refused with 8907 (more than the 0.6 held), and no whole amount below 1 probes the fraction (npa-whole-drain-hidden-decimals-rounded-up deducts one point less). CAP-NPA-EXACT-BALANCE failed (exit 1); it warns now",
    options: heldIn469Shown(1005, 0.6, roundHalfUp),
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'npa-drain-two-tenths-shown-one-rounded-up',
    description:
      'variant hunt 42: the drainable customer (1005) holds 0.2 points, every figure shown whole rounded away from zero (0.2 reads 1): the exact balance sent as 1 is refused with 8907, as in npa-drain-under-one-shown-one',
    options: heldIn469Shown(1005, 0.2, roundUp),
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'npa-drain-one-decimal-display-shown-above',
    description:
      "variant hunt 42: the drainable customer (1005) holds 4.16 points in program 469 (two decimals) and every balance figure is shown with one decimal, rounded half to even (4.16 reads 4.2, as variant hunt 28's one-decimal displays): the exact balance read, 4.2, is sent as a string and refused with 8907 (more than the 4.16 held), as the page says. CAP-NPA-EXACT-BALANCE failed (exit 1, filtered and whole): emptyHiddenDecimals probed whole reads only; it now deducts 0.1 less (4.1), pointsAvailable 0.06, and drains that",
    options: heldIn469Shown(1005, 4.16, halfEvenTo(1)),
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  // --- variant hunt 43 (helper, 2026-12-06): fault hunts 47 and 48's tightened checks ---
  {
    id: 'unlock-item-line-in-second-program',
    description:
      "variant hunt 43: the strict org's bill with line items has item gd123's points in program 973, the rest in 469 (one bill's points in two programs, as the page's example's three programIds); each line names its own points' program. The filtered unlocks name 469 and 973 for one bill",
    options: {
      createLedger: (dataset) =>
        new Ledger(withBillLines(dataset, 'B-1001-1', (line) => line.itemCode === 'gd123')),
    },
    shows: {
      'CAP-UPP-RESPONSE-PROGRAM': 'pass',
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
    },
  },
  {
    id: 'unlock-bill-lines-name-bill-program-items-their-own',
    description:
      "variant hunt 43: the strict org's bill with line items keeps item gd739's points in 469 and the rest (gd123, the bill's own 30, the promotion's 5) in 973; an unlock filtered by item names each item line's own program, an unfiltered unlock names the bill's transaction program, 469, on every line (the table's \"program where the transaction occurred\"). CAP-UPP-RESPONSE-PROGRAM failed since fault hunt 48 (the item lines' 973 beside the bill's 469 taken for a second transaction program); it warns",
    options: {
      createLedger: (dataset) =>
        new Ledger(withBillLines(dataset, 'B-1001-1', (line) => line.itemCode !== 'gd739')),
      hooks: familyHooks('capillary', { reply: unfilteredUnlockLinesNaming(469) }),
    },
    shows: { 'CAP-UPP-RESPONSE-PROGRAM': 'warn', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'unlock-every-line-names-bill-program-items-elsewhere',
    description:
      "variant hunt 43: as unlock-bill-lines-name-bill-program-items-their-own, but every unlock of the bill, filtered or not, names the bill's transaction program 469 on each line, though all but gd739's points go to 973: one program named for the bill, which warns",
    options: {
      createLedger: (dataset) =>
        new Ledger(withBillLines(dataset, 'B-1001-1', (line) => line.itemCode !== 'gd739')),
      hooks: familyHooks('capillary', { reply: unlockLines((line) => ({ ...line, programId: 469 })) }),
    },
    shows: { 'CAP-UPP-RESPONSE-PROGRAM': 'warn', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'unlock-number-forms-refused-as-type-errors',
    description:
      "variant hunt 43: the unlock body bound strictly as the table types it, billNumber a String and eventLogId an Array: a JSON number in either is refused by the framework with Spring's default 400 body, no code, before any bill lookup (the example's forms): warns",
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) => {
          const body = bodyRecord(request.body);
          return operationId === 'unlockPromisedPoints' &&
            (typeof body.billNumber === 'number' || typeof body.eventLogId === 'number')
            ? { status: 400, body: springDefaultError('JSON parse error: Cannot deserialize value') }
            : reply;
        },
      }),
    },
    shows: { 'CAP-UPP-BILL-NUMBER-TYPES': 'warn', 'CAP-UPP-EVENT-LOG-ID-TYPES': 'warn' },
  },
  {
    id: 'unlock-unknown-bill-404',
    description:
      'variant hunt 43: a bill that does not exist (82323277) is answered with HTTP 404 and the error envelope, as a REST resource not found, for the number forms of billNumber and eventLogId too (the documents give no status; the profile admits any 4xx)',
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const reply = HANDLERS.unlockPromisedPoints(context);
          return (envelopeCodes(reply.body) ?? []).includes(82323277) ? { ...reply, status: 404 } : reply;
        },
      },
    },
    shows: {
      'CAP-UPP-BILL-NUMBER-TYPES': 'pass',
      'CAP-UPP-EVENT-LOG-ID-TYPES': 'pass',
      'CAP-UPP-82323277': 'pass',
    },
  },
  {
    id: 'unlock-source-upper-cased-before-check',
    description:
      "variant hunt 43: the unlock upper-cases source before checking it against the page's Enum (instore is INSTORE): not_a_source is still no listed source, and refused as the upper-case one is",
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const source = queryValue(context.query, 'source');
          return HANDLERS.unlockPromisedPoints(
            source === undefined
              ? context
              : { ...context, query: { ...context.query, source: source.toUpperCase() } },
          );
        },
      },
    },
    shows: { 'CAP-UPP-SOURCE-INVALID': 'pass' },
  },
  {
    id: 'unlock-lower-case-source-refused-400',
    description:
      "variant hunt 43: a source not written in upper case, as every value of the page's Enum is, is refused by the framework with Spring's default 400 body, no code, before the customer is looked up: not_a_source (by any identifier) is refused all the same",
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) => {
          const source = request.searchParams.get('source');
          return operationId === 'unlockPromisedPoints' && source !== null && source !== source.toUpperCase()
            ? { status: 400, body: springDefaultError('source must be one of the listed values') }
            : reply;
        },
      }),
    },
    shows: { 'CAP-UPP-SOURCE-INVALID': 'pass' },
  },
  {
    id: 'npa-two-programs-first-program-empty',
    description:
      "variant hunt 43: the strict org's twoPrograms customer is a customer of its own (1007) holding 0 points in its first program, 469, and 50 in 973, negative balance off: the two deductions of the lost-update burst sent to 469 since fault hunt 47 are refused with 8907, as the page says; only 973's balance is judged",
    options: { createLedger: (dataset) => new Ledger(withTwoProgramsCustomer(dataset)) },
    profile: {
      edit: (profile) => {
        const strict = orgsOf(profile).find((org) => org.id === 'strict');
        if (!strict) return;
        strict.fixtures.customers['customer-1007'] = {
          identifiers: {
            mobile: '919800001007',
            email: 'two@example.com',
            externalId: 'EXT-1007',
            id: '1007',
          },
          programs: [469, 973],
        };
        strict.fixtures.roles.twoPrograms = 'customer-1007';
      },
    },
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass', 'CAP-NPA-8907': 'pass' },
  },
  {
    id: 'npa-deductions-of-an-org-serialised',
    description:
      "variant hunt 43: every deduction of an org waits in one queue and is applied 10 ms after the one before (a single writer): a burst's deductions to two programs of one customer are all applied, one at a time",
    options: { handlers: { negativePointsAdjustment: deductionsQueuedPerOrg(10) } },
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass', 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass' },
  },
  {
    id: 'npa-bursts-throttled-beyond-two-in-flight',
    description:
      "variant hunt 43: more than 2 deductions of one org in flight are answered 429 with Retry-After: 0, so half the twoPrograms customer's burst of four over two programs (fault hunt 47) is throttled and sent again: a 429 is no refusal, and each deduction applied once",
    options: { handlers: { negativePointsAdjustment: throttleDeductions(2) } },
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass', 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass' },
  },
  {
    id: 'bal-one-program-three-programs-cancel',
    description:
      "variant hunt 44: the lenient org's twoPrograms customer (2001) is also in a third program (555, 1 round decimal, declared on the org and the customer) holding -10 points (negative balance on), so 973's 10 and 555's -10 cancel and the read over all programs equals program 469's alone (50): the other reads hold 0 together, which fault hunt 49's each-read check leaves unjudged, and 973's read still differs from the sum",
    options: { createLedger: lenientThirdProgramHolding(10, -10) },
    profile: { edit: declaringLenientThirdProgram },
    shows: { 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass' },
  },
  {
    id: 'bal-one-program-second-program-in-the-red',
    description:
      "variant hunt 44: the lenient org's twoPrograms customer (2001) holds -10 points in program 973 (a return after the points were spent; negative balance on): the read over all programs (40) is below program 469's (50), and the other program's read, 10 points from zero, keeps each one-program read apart from it",
    options: { createLedger: lenientSecondProgramHolding(-10) },
    shows: { 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass' },
  },
  {
    id: 'bal-one-program-two-programs-cancel-out',
    description:
      "variant hunt 44: the lenient org's twoPrograms customer (2001) holds 3 points in program 469 and -3 in 973: the read over all programs is 0, neither program's read",
    options: { createLedger: lenientTwoProgramsHolding(3, -3) },
    shows: { 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass' },
  },
  {
    id: 'bal-one-program-sum-whole-half-even-hides-a-half',
    description:
      "variant hunt 44: the strict org's twoPrograms customer (1001) holds 0.5 points in program 973 and a read over all programs writes its figures whole, rounded half to even (the table's int), one program's with its decimals: 670.5 reads 670, program 469's own read. The other program holds less than the two points a display can round away, so the each-read check leaves it unjudged (the sum of the reads still differs from 469's read)",
    options: {
      createLedger: strictSecondProgramHolding(0.5),
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          queryValue(request.query, 'fetchDataForAllPrograms') === 'true'
            ? balanceAsWholeNumbers(halfEvenTo(0))(operationId, reply)
            : reply,
      }),
    },
    shows: { 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn' },
  },
  {
    id: 'bal-one-program-whole-truncated-second-in-the-red',
    description:
      "variant hunt 44: every balance figure written whole, truncated toward zero (the table's int), with the lenient org's twoPrograms customer (2001) holding -2.9 points in program 973: it reads -2, two points from zero as the each-read check asks of two reads, while the read over all programs (47.1) reads 47, not program 469's 50",
    options: {
      createLedger: lenientSecondProgramHolding(-2.9),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    shows: { 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn' },
  },
  {
    id: 'bal-one-program-whole-raised-second-just-over-a-point',
    description:
      "variant hunt 44: every balance figure written whole, raised to the next whole number (the table's int; a display of Math.ceil), with the lenient org's twoPrograms customer (2001) holding 1.1 points in program 973: it reads 2, the two points the each-read check asks of two reads, while the ledger holds 1.1; the read over all programs (51.1) reads 52, the sum of the reads, not program 469's 50",
    options: {
      createLedger: lenientSecondProgramHolding(1.1),
      hooks: { reply: balanceAsWholeNumbers(Math.ceil) },
    },
    shows: { 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: lenientSecondProgramHolding(-10),
        hooks: familyHooks('capillary', aggregateReadsLag()),
      };
    },
    id: 'bal-one-program-aggregate-lags-second-in-the-red',
    description: `variant hunt 44: as balance-all-programs-aggregate-lags (reads over all programs ${AGGREGATE_LAG_MS} ms behind a write, the profile allowing ${AGGREGATE_WINDOW_MS} ms), with the lenient org's twoPrograms customer, also its deductible one, holding -10 points in program 973: balance.program-table holds the customer's lock, so no deduction lands between its one-program reads and its read over all programs`,
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: AGGREGATE_WINDOW_MS }) },
    shows: { 'CAP-BAL-ONE-PROGRAM': 'pass', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass' },
  },
  {
    id: 'npa-decimals-within-truncated-read-hides-a-debt',
    description:
      "dfix45 (variant hunt 44's open false verdict): every balance figure written whole, truncated toward zero (the table's int), with the lenient org's twoPrograms customer (2001) holding -0.9 points in a declared third program (555, 1 round decimal; 3 in 973): 555 reads 0, decimal-precision.within deducts 1.1 there, the ledger goes to -2.0, read -2 and answered pointsAvailable \"-2.0\": the ledger holds the read exactly, but the read before it hid -0.9",
    options: {
      createLedger: lenientThirdProgramHolding(3, -0.9),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    profile: { edit: declaringLenientThirdProgram },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-half-up-read-hides-a-tenth',
    description:
      'dfix45: every balance figure written whole, rounded half away from zero (the table\'s int), with the lenient org\'s twoPrograms customer (2001) holding 0.1 points in a declared third program (555, 1 round decimal; 3 in 973): 555 reads 0, 1.1 deducted there leaves exactly -1.0, read -1 and answered "-1.000", a point short of 0 - 1.1 only for the tenth the read before hid',
    options: {
      createLedger: lenientThirdProgramHolding(3, 0.1),
      hooks: { reply: balanceAsWholeNumbers(roundHalfUp) },
    },
    profile: { edit: declaringLenientThirdProgram },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-half-even-read-hides-a-tenth-above',
    description:
      'dfix45: every balance figure written whole, rounded half to even (the table\'s int), with the lenient org\'s twoPrograms customer (2001) holding 1.1 points in a declared third program (555, 1 round decimal; 3 in 973): 555 reads 1, 1.1 deducted there leaves exactly 0.0, read 0 and answered "0.000", not 1 - 1.1, for the tenth above the read',
    options: {
      createLedger: lenientThirdProgramHolding(3, 1.1),
      hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
    },
    profile: { edit: declaringLenientThirdProgram },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-raised-read-hides-nine-tenths',
    description:
      'dfix45: every balance figure written whole, raised to the next whole number (a display of Math.ceil), with the lenient org\'s twoPrograms customer (2001) holding 2.1 points in a declared third program (555, 1 round decimal; 3 in 973): 555 reads 3, 1.1 deducted there leaves exactly 1.0, read 1 and answered "1.000", not 3 - 1.1, for the nine tenths the read before added',
    options: {
      createLedger: lenientThirdProgramHolding(3, 2.1),
      hooks: { reply: balanceAsWholeNumbers(Math.ceil) },
    },
    profile: { edit: declaringLenientThirdProgram },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-strict-truncated-read-hides-a-tenth',
    description:
      'dfix45: every balance figure written whole, truncated toward zero, in the strict org (no balance below zero), whose twoPrograms customer (1001) holds 5.1 points in a declared third program (555, 1 round decimal): 555 reads 5, 1.1 deducted there leaves exactly 4.0, read 4 and answered "4.000", not 5 - 1.1; the amount deducted again from 4 (2.9, read 2) is judged',
    options: {
      createLedger: strictThirdProgramHolding(5.1),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    profile: { edit: declaringStrictThirdProgram },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-strict-floored-read-hides-a-tenth-left-short',
    description:
      'dfix45: every balance figure written whole, rounded down, in the strict org (no balance below zero), whose twoPrograms customer (1001) holds 2.1 points in a declared third program (555, 1 round decimal): 555 reads 2, 1.1 deducted there leaves exactly 1.0, read 1 and answered "1.000", not 2 - 1.1; 1 is short of the amount, so nothing is deducted again and the move warns',
    options: {
      createLedger: strictThirdProgramHolding(2.1),
      hooks: { reply: balanceAsWholeNumbers(Math.floor) },
    },
    profile: { edit: declaringStrictThirdProgram },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  // --- variant hunt 45 (helper, 2026-12-06): number forms the pages leave open ---
  {
    id: 'npa-string-amounts-plain-decimal-only',
    description:
      'variant hunt 45: a string amount is taken only in the plain decimal form of the example ("100.00": digits, no leading zero, an optional point and digits); "+1", "01.00", "1e0", ".5" and "1." are refused with a code of its own. The pages never define a numeric string\'s syntax, so a target may keep to the example\'s; the suite sends only that form',
    options: { handlers: { negativePointsAdjustment: stringAmountsOnlyAsPlainDecimals } },
    shows: { 'CAP-NPA-AMOUNT-STRING': 'pass', 'CAP-NPA-8906': 'pass' },
  },
  {
    id: 'npa-string-amounts-big-decimal-grammar',
    description:
      'variant hunt 45: a string amount is read as Java\'s new BigDecimal(String) reads it ("+1", "01.00", ".5", "1.", "1e0" and "6.7E+2" are amounts, their decimals counted on the plain form): the pages never define a numeric string\'s syntax, so a target may take more forms than the example\'s; the suite expects no refusal of such a form',
    options: {
      hooks: familyHooks('capillary', { validate: bigDecimalAmountsValid }),
      handlers: { negativePointsAdjustment: stringAmountsReadAsBigDecimal },
    },
    shows: { 'CAP-NPA-AMOUNT-STRING': 'pass', 'CAP-NPA-8906': 'pass' },
  },
  {
    id: 'bal-figures-written-as-doubles',
    description:
      'variant hunt 45: the balance figures are Java doubles written by Jackson, a whole one with its point (`"mainPoints":5.0`, `"totalPoints":670.0`) beside the fractional ones (`48.45`): the table\'s int is the same number either way',
    options: { hooks: familyHooks('capillary', { reply: balanceFiguresWrittenAsDoubles }) },
    shows: { 'CAP-BAL-TOTAL': 'pass', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    id: 'npa-points-available-written-as-double',
    description:
      'variant hunt 45: a deduction\'s pointsAvailable is a JSON number (the table types it Integer), a Java double written by Jackson: a whole balance with its point (`670.0`), a fractional one as it is (`665.99`), not the example\'s string "670.000"',
    options: { hooks: familyHooks('capillary', { reply: pointsAvailableWrittenAsDouble }) },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'pass', 'CAP-NPA-POINTS-AVAILABLE-FORMAT': 'pass' },
  },
  {
    id: 'upp-points-unlocked-written-as-doubles',
    description:
      'variant hunt 45: an unlock\'s line amounts are JSON numbers (the example writes `"pointsUnlocked": 6`), Java doubles written by Jackson: `10.0` for a whole amount, not the release notes\' string "10.000"',
    options: { hooks: familyHooks('capillary', { reply: pointsUnlockedWrittenAsDoubles }) },
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-UPP-RESPONSE-NUMERIC': 'pass', 'CAP-UPP-RESPONSE-SUM': 'pass' },
  },
  {
    id: 'bal-figures-one-decimal-raised-every-customer-at-a-hundredth',
    description:
      "variant hunt 45: every Capillary customer holds 5.04 in each of its programs, and every balance figure is written with one decimal, raised (a DTO's setScale(1, CEILING); the table types the figures int): reads of 5.1 that are no whole number, a hundredth above whole amounts the suite deducts and 0.06 above what the customer holds. No whole amount lies between a ledger and its one-decimal raised read, so only the exact-balance drain (5.1, refused with 8907) meets a shortage, and it warns",
    options: {
      createLedger: (dataset) => new Ledger(withMainPoints(dataset, 5.04)),
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(raisedTo(1)) }),
    },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    id: 'npa-just-over-one-decimal-display-over-two',
    description:
      "variant hunt 45: every Capillary customer holds 100.47 in each of its programs (469 keeps 2 round decimals, 973 3), and every balance figure is written with one decimal, the rest dropped toward zero (a DTO's setScale(1, DOWN), as in bal-figures-one-decimal-over-two-decimal-program): the strict org's over-balance scenario read 99.4 of 99.47 and sent 99.41 as just over the balance, which the target rightly took (CAP-NPA-8907 and CAP-NPA-NO-SIDE-EFFECT failed); the amount is now one shown unit over the read where no read shows the program's decimals",
    options: {
      createLedger: (dataset) => new Ledger(withMainPoints(dataset, 100.47)),
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(truncatedTo(1)) }),
    },
    shows: { 'CAP-NPA-8907': 'pass', 'CAP-NPA-NO-SIDE-EFFECT': 'pass' },
  },
  {
    id: 'npa-drain-one-tenth-shown-over-hundredths',
    description:
      "variant hunt 45: the strict org's drainable customer (1005) holds 0.06 points in program 469 (two decimals) and every balance figure is shown with one decimal, raised (setScale(1, CEILING); 0.06 reads 0.1): the exact balance read, 0.1, is refused with 8907 (more than the 0.06 held), and no amount a unit below it (0.0) probes the fraction, as npa-drain-under-one-shown-one's read of 1. CAP-NPA-EXACT-BALANCE failed (exit 1); it warns now",
    options: heldIn469Shown(1005, 0.06, raisedTo(1)),
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  // --- variant hunt 47 (helper, 2026-12-06): fault hunt 51's tightened checks, from correct targets built otherwise ---
  {
    get options(): FaultOptions {
      return { handlers: { adjustMemberPoints: pointsHeldPerBillingEntity() } };
    },
    id: 'fabric-points-held-per-billing-entity',
    description:
      "variant hunt 47: a member's points are held per billing entity (a coalition's clubs each bill their own): a deduction naming a billingEntity takes only what additions beside it brought, and is refused 422 when that is short; one naming none takes from the member's points as ever. The page says nothing of points per billing entity. Fault hunt 51's deduction of nulls beside the profile's billingEntity met none on a run filtered to fabric.validation's requirements (no fabric.add-and-deduct first) and failed FAB-ADJ-NULLABLE-STRINGS; it warns now, and the nulls are judged again after an addition beside it",
    shows: { 'FAB-ADJ-NULLABLE-STRINGS': 'pass', 'FAB-ADJ-DEDUCT': 'pass' },
  },
  {
    id: 'fabric-unknown-member-400-on-additions-422-on-deductions',
    description:
      'variant hunt 47: an adjustment for a profileId no member has is refused 400 ("unknown profileId") when it adds, 422 ("insufficient points": an unknown member holds none) when it deducts: the page documents no error answer, and fault hunt 51\'s near-miss UUID is now a deduction',
    options: { hooks: familyHooks('fabric', { reply: unknownMemberRefusedByDirection }) },
    shows: { 'FAB-ADJ-UNKNOWN-MEMBER': 'pass' },
  },
  {
    id: 'fabric-empty-authorization-refused-by-http-layer',
    description:
      'variant hunt 47: an Authorization header present but empty is refused by the HTTP layer in front of the tenant, before routing: 400 text/plain "Bad Request", no envelope (the page requires the header and documents no error answer). Fault hunt 51 sends it on a deduction of 6',
    options: {
      hooks: familyHooks('fabric', {
        intercept: (_operationId, request) =>
          request.headers.authorization === ''
            ? { status: 400, body: null, rawBody: 'Bad Request', headers: { 'content-type': 'text/plain' } }
            : undefined,
      }),
    },
    shows: { 'FAB-AUTH-MISSING': 'pass' },
  },
  {
    id: 'fabric-empty-strings-refused-422-error-list',
    description:
      'variant hunt 47: an adjustment with pointType, billingEntity or reasonCode "" is refused 422 with the envelope\'s errors as a list of field errors (a bean validator\'s "size must be between 1 and 255"), fault hunt 51\'s bare `{points: 1, pointType: ""}` included: the page gives "Minimum length: 1" and no error answer',
    options: { hooks: familyHooks('fabric', { reply: emptyStringsRefused422 }) },
    shows: {
      'FAB-ADJ-POINT-TYPE-MIN-LENGTH': 'pass',
      'FAB-ADJ-BILLING-ENTITY-MIN-LENGTH': 'pass',
      'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass',
    },
  },
  {
    id: 'fabric-adjustments-answered-201-pending-202',
    description:
      "variant hunt 47: a successful adjustment is answered HTTP 201 (a transaction created), 202 when left pending, the envelope's status the same and its body the documented one: fault hunt 51 judges the body of a 2xx the spec does not declare against the documented 200 body, which these are; the status only warns",
    options: { hooks: familyHooks('fabric', { reply: adjustmentsAnsweredCreated }) },
    shows: {
      'GEN-STATUS-DECLARED': 'warn',
      'FAB-AUTH-BEARER': 'pass',
      'FAB-ADJ-NULLABLE-STRINGS': 'pass',
      'FAB-ADJ-STATUS-MATCHES': 'pass',
    },
  },
  {
    id: 'npa-and-unlock-answered-201',
    description:
      'variant hunt 47: a successful deduction or unlock (a POST) is answered HTTP 201 with the documented body: no page gives the success status, and fault hunt 51 judges the body of a 2xx the spec does not declare against the documented 200 body, which these are; the status only warns',
    options: {
      hooks: familyHooks('capillary', {
        reply: (operationId, reply) =>
          (operationId === 'negativePointsAdjustment' || operationId === 'unlockPromisedPoints') &&
          reply.status === 200
            ? { ...reply, status: 201 }
            : reply,
      }),
    },
    shows: { 'GEN-STATUS-DECLARED': 'warn', 'CAP-NPA-ARITHMETIC': 'pass', 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'dual-lists-of-three-answered-with-a-warning',
    description:
      'variant hunt 47: a balance lookup listing three identifiers (the page\'s example lists two) is answered from the primary with a warning item (8016, "identifiers beside the primary ignored"): fault hunt 51\'s lookup of the two secondaries beside the primary, before the lists without it, is not judged, and the lists without the primary are still 8015',
    options: { hooks: familyHooks('capillary', { reply: listsOfThreeWarned }) },
    shows: { 'CAP-BAL-DUAL-NO-PRIMARY': 'pass' },
  },
  {
    id: 'access-group-checked-after-the-program-no-one-is-in',
    description:
      "variant hunt 47: the orgs' default program is 555, in which no customer is enrolled (as npa-default-program-no-customer-enrolled), and a deduction's customer and program are resolved before its access group is checked: fault hunt 51's second restricted deduction, naming no programId, meets 1218 (not enrolled in the default program), the first, naming the customer's program, 403 (4000). Both are refusals, and the balance is read in the customer's first program",
    options: {
      ...withoutPointsGroup(programResolvedBeforeAccessGroup),
      createLedger: (dataset) => new Ledger(withDefaultProgramNoOneIsIn(dataset)),
    },
    profile: { edit: declaringDefaultProgramNoOneIsIn },
    shows: { 'CAP-AUTH-ACCESS-GROUP': 'pass', 'CAP-BAL-DEFAULT-PROGRAM': 'skip' },
  },
  // --- variant hunt 46 (helper, 2026-12-06): this morning's deduction checks, from targets built otherwise ---
  {
    id: 'npa-drain-available-one-decimal-like-the-read',
    description:
      "variant hunt 46: the strict org's drainable customer (1005) holds 0.16 points in program 469 (two decimals), and every balance figure and a deduction's pointsAvailable are written with one decimal, rounded half up (one DTO's setScale(1, HALF_UP) on every amount; the tables type them int and Integer): the exact balance read, 0.2, is refused with 8907 (more than the 0.16 held), 0.1 is taken, and pointsAvailable \"0.1\" cannot show the 0.06 left. CAP-NPA-EXACT-BALANCE failed (exit 1), as the refusal stood; it warns now",
    options: {
      ...heldIn469Shown(1005, 0.16, halfUpTo(1)),
      hooks: { reply: shownWithAvailable(halfUpTo(1), (points) => halfUpTo(1)(points).toFixed(1)) },
    },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'npa-drain-available-one-decimal-raised-like-the-read',
    description:
      'variant hunt 46: as npa-drain-available-one-decimal-like-the-read, raised (setScale(1, CEILING) on every amount) over 1.01 held by the drainable customer (1005) in program 469: read 1.1, refused with 8907; 1.0 taken, and pointsAvailable "0.1" for the 0.01 left. CAP-NPA-EXACT-BALANCE failed (exit 1); it warns now',
    options: {
      ...heldIn469Shown(1005, 1.01, raisedTo(1)),
      hooks: { reply: shownWithAvailable(raisedTo(1), (points) => raisedTo(1)(points).toFixed(1)) },
    },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'npa-whole-drain-available-integer-truncated',
    description:
      "variant hunt 46: the strict org's drainable customer (1005) holds 2.6 points in program 469, every balance figure is shown whole, rounded half up, and a deduction's pointsAvailable is a JSON integer, truncated (the tables' int and Integer, as npa-points-available-integer): the exact balance read, 3, is refused with 8907, 2 is taken, and pointsAvailable 0 cannot show the 0.6 left. A run filtered to CAP-NPA-EXACT-BALANCE failed it (the full run's other scenarios take the balance first); it warns now",
    options: {
      ...heldIn469Shown(1005, 2.6, roundHalfUp),
      hooks: { reply: shownWithAvailable(roundHalfUp, Math.trunc) },
    },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'npa-promotion-beside-award-own-code',
    description:
      'variant hunt 46: a deduction naming a promotion (promotionIdentifier or promotionId) beside a pointsAwardedId is refused with a code of its own (8899, "a promotion and a points award cannot be reversed together") before programId is read, as the page refuses promotionId beside promotionIdentifier: the page says nothing of a promotion beside an award. Fault hunt 50\'s promotion-identifier-with-award-8887 warns on it',
    options: { hooks: familyHooks('capillary', { reply: promotionBesideAwardRefused }) },
    shows: { 'CAP-NPA-8887': 'warn', 'CAP-NPA-8874': 'pass' },
  },
  {
    id: 'npa-decimals-within-truncated-read-hides-a-debt-available-over-all-programs',
    description:
      "variant hunt 46: npa-decimals-within-truncated-read-hides-a-debt (every balance figure whole, truncated; the lenient twoPrograms customer holding -0.9 in a declared third program, 555, 1 round decimal) with a deduction's pointsAvailable the balance over all programs, with 3 decimals (points-available-all-programs; the page does not say which): that sum is no proof of the program's read, so dfix45's second deduction from a proven read is not sent, and the move warns as a display of the read before",
    options: {
      createLedger: thirdProgramHolding('lenient', 2001, 3, -0.9, AvailableOverAllPrograms),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    profile: { edit: declaringLenientThirdProgram },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-available-in-cents-truncated',
    description:
      'variant hunt 46: every balance figure written whole, truncated toward zero (the table\'s int), and a deduction\'s pointsAvailable written with two decimals, truncated (a DECIMAL(p, 2) column; the page types it Integer and writes "670.000"), with the lenient twoPrograms customer (2001) holding 0.999 in program 973 (3 round decimals): 973 reads 0, 1.001 deducted leaves -0.002, read 0 and answered "0.00"; decimal-precision.within took that pointsAvailable as proof that the ledger held 0 exactly, and a run filtered to CAP-NPA-DECIMALS-WITHIN failed (earlier scenarios of a full run move 973 first). Only a pointsAvailable with the program\'s round decimals proves the read now, as ledgerShownBy asks',
    options: {
      createLedger: lenientTwoProgramsHolding(50, 0.999),
      hooks: { reply: shownWithAvailable(Math.trunc, (points) => truncatedTo(2)(points).toFixed(2)) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-one-decimal-half-away-tie-across-zero',
    description:
      "every balance figure written with one decimal, rounded half away from zero (a DTO's setScale(1, HALF_UP)), with the lenient org's twoPrograms customer (2001) holding 99.95 in program 469 (two round decimals): a tie belongs to the side away from zero, so 94.95 reads 95.0 and, 105 deducted, -10.05 reads -10.1, which the ends of 95.0's interval allow on that display only at the end it shows (variant hunt 46)",
    options: {
      createLedger: lenientTwoProgramsHolding(99.95, 10),
      hooks: { reply: balanceAsWholeNumbers(halfAwayTo(1)) },
    },
    shows: { 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
  {
    id: 'bal-main-and-total-whole-promised-with-decimals-truncated',
    description:
      "main and total written whole, truncated toward zero (the balance table's int, an int column), while promisedPoints and its breakup keep the ledger's decimals (12.675, a decimal column of their own): the reverse of promised written whole beside main with decimals; the promised figures enter the sums exactly (variant hunt 45's open point)",
    options: {
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(Math.trunc, (points) => points) }),
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn', 'CAP-UPP-MOVE': 'warn', 'CAP-UPP-RESPONSE-SUM': 'warn' },
  },
  {
    id: 'bal-main-and-total-whole-promised-with-decimals-rounded',
    description:
      'as bal-main-and-total-whole-promised-with-decimals-truncated, main and total rounded half up to whole numbers',
    options: {
      hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(Math.round, (points) => points) }),
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn', 'CAP-UPP-MOVE': 'warn', 'CAP-UPP-RESPONSE-SUM': 'warn' },
  },
  {
    id: 'npa-available-two-decimals-over-three-decimal-program',
    description:
      "pafix48, the catalogue's former fault npa-points-available-two-decimals: a deduction's pointsAvailable written with two decimals whatever the program's round decimals (JavaScript's toFixed(2); 117.499 answered \"117.50\" in program 973 of three) while every balance figure keeps the ledger's decimals. The page types pointsAvailable Integer and writes \"670.000\", three decimals for a deduction whose example amount has two: it ties the written decimals to no program's, so a rounding to fewer warns as the Integer does",
    options: {
      hooks: familyHooks('capillary', {
        reply: deductionSuccess((body) => ({
          ...body,
          pointsAvailable: Number(body.pointsAvailable).toFixed(2),
        })),
      }),
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-integer-beside-one-decimal-reads-raised',
    description:
      "every balance figure written with one decimal, raised (a DTO's setScale(1, CEILING)), and a deduction's pointsAvailable written whole, truncated (the table's Integer): the strict customer's 663.99 reads 664.0 and is answered 663, which decimal-precision.within failed as no display of 664.0 (variant hunt 46's open point (a)); pointsAvailable with fewer decimals than the reads is judged as a rounding of any ledger figure they show",
    options: { hooks: familyHooks('capillary', { reply: shownWithAvailable(raisedTo(1), Math.trunc) }) },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-integer-floored-beside-one-decimal-reads-half-even',
    description:
      "as npa-available-integer-beside-one-decimal-reads-raised, the balance figures written with one decimal half to even (BigDecimal's setScale(1, HALF_EVEN)) and pointsAvailable floored to a whole number: 663.99 reads 664.0 and is answered 663",
    options: { hooks: familyHooks('capillary', { reply: shownWithAvailable(halfEvenTo(1), Math.floor) }) },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-cents-half-even-behind-truncated-whole-reads',
    description:
      "every balance figure written whole, truncated (the balance table's int), and a deduction's pointsAvailable written with two decimals half to even (a DECIMAL(p, 2) column), with the strict twoPrograms customer (1001) holding 3.999 in program 973 (three round decimals): 1.001 deducted leaves 2.998, read 2 and answered \"3.00\", which CAP-NPA-POINTS-AVAILABLE failed on a full run (variant hunt 46's open point (b))",
    options: {
      createLedger: strictSecondProgramHolding(3.999),
      hooks: { reply: shownWithAvailable(Math.trunc, (points) => twoDecimalsHalfEven(points).toFixed(2)) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-cents-half-even-behind-floored-whole-reads-lenient',
    description:
      'as npa-available-cents-half-even-behind-truncated-whole-reads, the figures floored and the lenient twoPrograms customer (2001) holding 1.999 in program 973: 0.998 reads 0 and is answered "1.00"; a run filtered to CAP-NPA-DECIMALS-WITHIN failed CAP-NPA-POINTS-AVAILABLE (a full run moves 973 first)',
    options: {
      createLedger: lenientSecondProgramHolding(1.999),
      hooks: { reply: shownWithAvailable(Math.floor, (points) => twoDecimalsHalfEven(points).toFixed(2)) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-integer-half-even-behind-truncated-whole-reads',
    description:
      "every balance figure written whole, truncated (an int cast), and a deduction's pointsAvailable whole too but rounded half to even (BigDecimal's setScale(0, HALF_EVEN)), with the strict twoPrograms customer (1001) holding 3.999 in program 973: 2.998 reads 2 and is answered 3, which CAP-NPA-POINTS-AVAILABLE failed on a full run, judged as if the answer rounded as the reads do",
    options: {
      createLedger: strictSecondProgramHolding(3.999),
      hooks: { reply: shownWithAvailable(Math.trunc, halfEvenTo(0)) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-one-decimal-truncated-beside-raised-one-decimal-reads',
    description:
      'evidence around pafix48\'s edge (conformant before and after): every balance figure with one decimal, raised, and pointsAvailable with one decimal too, truncated (two DTOs of one scale and two rounding modes): 663.99 reads 664.0 and is answered "663.9"',
    options: {
      hooks: familyHooks('capillary', {
        reply: shownWithAvailable(raisedTo(1), (points) => truncatedTo(1)(points).toFixed(1)),
      }),
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-cents-truncated-behind-truncated-whole-reads',
    description:
      'evidence around pafix48\'s edge (conformant before and after): as npa-available-cents-half-even-behind-truncated-whole-reads, pointsAvailable truncated to two decimals: 2.998 reads 2 and is answered "2.99", a figure the reads\' own display leaves possible',
    options: {
      createLedger: strictSecondProgramHolding(3.999),
      hooks: { reply: shownWithAvailable(Math.trunc, (points) => truncatedTo(2)(points).toFixed(2)) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  // --- dfix48 (helper, 2026-12-06): variant hunt 45's customers at 2.01 and 2.001 under reduced displays ---
  {
    id: 'npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated',
    description:
      'variant hunt 45: every Capillary customer holds 2.01 in program 469 (2 round decimals) and 2.001 in 973 (3), and every balance figure is written whole, truncated toward zero (the table\'s int); pointsAvailable as the reference writes it ("1.000"). 2 read, 1.01 deducted, 1 read and answered "1.000": before dfix45 decimal-precision.within judged 1 against 2 - 1.01 exactly and failed CAP-NPA-DECIMALS-WITHIN (the read before hides the hundredth); it warns now, and 1.01 is deducted again from the proven 1 where the org allows it',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-every-customer-at-a-last-decimal-whole-half-even-available-with-program-decimals',
    description:
      'as npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated, every balance figure whole, rounded half to even, and pointsAvailable written with the round decimals of the program the deduction names ("1.00" in 469, "1.000" in 973: a DECIMAL column per program). Failed CAP-NPA-DECIMALS-WITHIN before dfix45',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailableInProgramDecimals(halfEvenTo(0), 0) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-every-customer-at-a-last-decimal-whole-raised-available-with-program-decimals',
    description:
      'as npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated, every balance figure whole, raised (3 for 2.01), and pointsAvailable written with the round decimals of the program the deduction names. Failed CAP-NPA-DECIMALS-WITHIN before dfix45',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailableInProgramDecimals(Math.ceil, 0) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-every-customer-at-a-last-decimal-one-decimal-truncated',
    description:
      "as npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated, every balance figure written with one decimal, truncated (a DTO's setScale(1, DOWN): 2.0 for 2.01 and 2.001). Failed CAP-NPA-DECIMALS-WITHIN before dfix45",
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: balanceAsWholeNumbers(truncatedTo(1)) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-every-customer-at-a-last-decimal-one-decimal-raised-available-one-decimal-fewer',
    description:
      'as npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated, every balance figure written with one decimal, raised (setScale(1, CEILING): 2.1), and pointsAvailable with one decimal fewer than the program keeps, truncated. Failed CAP-NPA-DECIMALS-WITHIN before dfix45',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailableInProgramDecimals(raisedTo(1), 1) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-every-customer-at-a-last-decimal-one-decimal-half-even-available-with-program-decimals',
    description:
      'as npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated, every balance figure written with one decimal, rounded half to even, and pointsAvailable with the round decimals of the program the deduction names. Failed CAP-NPA-DECIMALS-WITHIN before dfix45',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailableInProgramDecimals(halfEvenTo(1), 0) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-every-customer-at-a-last-decimal-two-decimals-half-even',
    description:
      'as npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated, every balance figure written with two decimals, rounded half to even (a DECIMAL(p, 2) column: 2.00 for 2.001 in 973, 469\'s figures as they are). Failed CAP-NPA-DECIMALS-WITHIN before dfix45 (variant hunt 45\'s "two-decimal half-even one")',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: balanceAsWholeNumbers(twoDecimalsHalfEven) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  // --- pafix49 (helper, 2026-12-06): dfix48's matrix, the false verdicts pafix48's change left ---
  {
    id: 'npa-available-sum-over-programs-behind-one-decimal-truncated-reads',
    description:
      'dfix48\'s matrix: every Capillary customer holds 2.01 in program 469 and 2.001 in 973, every balance figure is written with one decimal, truncated, and a deduction\'s pointsAvailable is the customer\'s sum over all programs with 3 decimals (the page allows the sum; 973 keeps 3): -1.99 in 469 beside 0.001 in 973 reads -1.9 in both reads and answers "-1.989". Failed CAP-NPA-POINTS-AVAILABLE (negative-balance.arithmetic) and -NEGATIVE-ALLOWED ("-12.989" against -12.9): pointsAvailable had more decimals than the 2-decimal program keeps, so the coarser read was not taken as a display of it',
    options: {
      createLedger: everyCustomerAtALastDecimalSummed,
      hooks: { reply: balanceAsWholeNumbers(truncatedTo(1)) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn', 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
  {
    id: 'npa-available-sum-over-programs-behind-one-decimal-raised-reads',
    description:
      'as npa-available-sum-over-programs-behind-one-decimal-truncated-reads, the figures raised to one decimal (setScale(1, CEILING)): 0 in 469 beside 2.001 in 973 reads 0 and 2.1 over all programs and answers "2.001" (decimal-precision.within). Failed CAP-NPA-POINTS-AVAILABLE and -NEGATIVE-ALLOWED',
    options: {
      createLedger: everyCustomerAtALastDecimalSummed,
      hooks: { reply: balanceAsWholeNumbers(raisedTo(1)) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn', 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
  {
    id: 'npa-available-sum-over-programs-behind-one-decimal-raised-reads-undeclared-decimals',
    description:
      "variant hunt 54's pair: npa-available-sum-over-programs-behind-one-decimal-raised-reads (balance figures raised to one decimal, the ledger keeping three: the balance page types them int, the deduction page's round decimals let the ledger keep decimals) under the profile of npa-profile-without-decimals-or-extras (no round decimals declared: no page lists a program's, and a user may not know them): -1.989 answered beside reads of -1.9. Failed CAP-NPA-POINTS-AVAILABLE, -NEGATIVE-ALLOWED and -EXACT-BALANCE, the reads taken as the exact ledger",
    options: {
      createLedger: everyCustomerAtALastDecimalSummed,
      hooks: { reply: balanceAsWholeNumbers(raisedTo(1)) },
    },
    profile: { edit: withoutRoundDecimals },
    shows: {
      'CAP-NPA-POINTS-AVAILABLE': 'warn',
      'CAP-NPA-NEGATIVE-ALLOWED': 'warn',
      'CAP-NPA-EXACT-BALANCE': 'warn',
    },
  },
  {
    id: 'npa-available-sum-over-programs-behind-two-decimal-half-even-reads',
    description:
      'as npa-available-sum-over-programs-behind-one-decimal-truncated-reads, the figures written with two decimals, half to even (a DECIMAL(p, 2) column): the sum "-1.989" beside reads of -1.99. Failed CAP-NPA-POINTS-AVAILABLE and -NEGATIVE-ALLOWED',
    options: {
      createLedger: everyCustomerAtALastDecimalSummed,
      hooks: { reply: balanceAsWholeNumbers(twoDecimalsHalfEven) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn', 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
  {
    id: 'npa-available-one-decimal-fewer-half-even-behind-truncated-whole-reads',
    description:
      'dfix48\'s matrix: as npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated, every balance figure whole, truncated, and pointsAvailable written with one decimal fewer than the program keeps, half to even: -1.99 reads -1 and answers "-2.0", both a rounding of the ledger. Failed CAP-NPA-POINTS-AVAILABLE in negative-balance.arithmetic, which judged pointsAvailable exactly against the read (no readings given to availableRoundedFewer)',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailableInProgramDecimals(Math.trunc, 1, halfEvenTo) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-one-decimal-fewer-half-even-behind-raised-whole-reads',
    description:
      'as npa-available-one-decimal-fewer-half-even-behind-truncated-whole-reads, the whole figures raised (Math.ceil). Failed CAP-NPA-POINTS-AVAILABLE in negative-balance.arithmetic',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailableInProgramDecimals(Math.ceil, 1, halfEvenTo) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-integer-truncated-behind-floored-whole-reads',
    description:
      "dfix48's matrix: as npa-decimals-within-every-customer-at-a-last-decimal-whole-truncated, every balance figure whole, floored, and pointsAvailable an integer truncated toward zero (the table's Integer): -1.99 reads -2 and answers -1. Failed CAP-NPA-POINTS-AVAILABLE in negative-balance.arithmetic",
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailable(Math.floor, Math.trunc) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-integer-truncated-behind-floored-whole-reads-undeclared-decimals',
    description:
      "variant hunt 55: npa-available-integer-truncated-behind-floored-whole-reads (-1.99 reads -2, floored, and answers -1, truncated: the table's Integer) under a profile declaring no round decimals (no page lists a program's, and a user may not know them). Failed CAP-NPA-POINTS-AVAILABLE in negative-balance.arithmetic and CAP-NPA-NEGATIVE-ALLOWED, pointsAvailable judged exactly against the reads since availableRoundedFewer needed the program's decimals",
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailable(Math.floor, Math.trunc) },
    },
    profile: { edit: withoutRoundDecimals },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn', 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
  {
    id: 'npa-available-integer-truncated-behind-one-decimal-half-even-reads',
    description:
      'as npa-available-integer-truncated-behind-floored-whole-reads, every balance figure with one decimal, half to even: -1.99 reads -2.0 and answers -1. Failed CAP-NPA-POINTS-AVAILABLE in negative-balance.arithmetic',
    options: {
      createLedger: everyCustomerAtALastDecimal,
      hooks: { reply: shownWithAvailable(halfEvenTo(1), Math.trunc) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  // --- the lead (2026-12-06, twenty-eighth sitting): decimal-precision.within's second deduction from a pointsAvailable showing hidden decimals ---
  {
    id: 'npa-decimals-within-available-over-programs-behind-whole-truncated-reads',
    description:
      'every Capillary customer holds 2.01 in program 469 and 2.001 in 973, every balance figure is written whole, truncated toward zero, and a deduction\'s pointsAvailable is the customer\'s sum over all programs with 3 decimals (the page allows the sum): 1.01 deducted from 469 reads 1 and answers "3.001", decimals no read shows, so decimal-precision.within deducts 1.01 again; the strict org refuses it with 8907 (469 holds 1.00), which warns, and the lenient one answers "1.991", 3.001 less 1.01',
    options: {
      createLedger: everyCustomerAtALastDecimalSummed,
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  // --- variant hunt 48 (2026-12-06): pointsAvailable as the page allows it, met by the last sitting's tightenings ---
  {
    id: 'npa-decimals-within-available-not-below-zero-behind-whole-truncated-reads',
    description:
      'the lenient twoPrograms customer holds 1.25 in program 469 and 1.875 in 973, every balance figure is written whole, truncated toward zero, and a deduction taking a balance below zero answers pointsAvailable "0.000" (no points left to spend; the page does not say what it shows below zero): 1.01 from 469 answers "0.240", decimals no read shows, so decimal-precision.within deducts 1.01 again, and "0.000" for -0.77 failed CAP-NPA-DECIMALS-WITHIN filtered',
    options: {
      createLedger: availableWrittenBy(false, undefined, true, holding({ 2001: { 469: 1.25, 973: 1.875 } })),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
  },
  {
    id: 'npa-decimals-within-available-not-below-zero-every-customer-at-a-last-decimal',
    description:
      'every Capillary customer holds 2.01 in program 469 and 2.001 in 973, every balance figure is written whole, truncated toward zero, and pointsAvailable below zero is "0.000" (no points left): the lenient org\'s 1.01 from 2.01 answers "1.000", proof of the read 1, and deducted again reads 0 for -0.01 with pointsAvailable "0.000", which decimal-precision.within took as proof the ledger held 0 (CAP-NPA-DECIMALS-WITHIN failed filtered)',
    options: {
      createLedger: availableWrittenBy(false, undefined, true, atALastDecimal),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
  },
  {
    id: 'npa-decimals-within-available-over-programs-in-program-decimals-half-even',
    description:
      'a deduction\'s pointsAvailable is the customer\'s points over all programs (the page allows them) written with the named program\'s round decimals, half to even (a DTO\'s setScale), the twoPrograms customers holding 3.75 and 1.25 in program 469 beside 2.125 and 1.875 in 973 (3 decimals), every balance figure written whole, truncated: 2.74 beside 2.125 is 4.865, answered "4.86", and 1.01 less, 3.855, "3.86", one hundredth off 4.86 less 1.01 (CAP-NPA-DECIMALS-WITHIN failed whole)',
    options: {
      createLedger: availableOverProgramsHalfEven(),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-decimals-within-available-over-programs-in-program-decimals-truncated-across-zero',
    description:
      'pointsAvailable the customer\'s points over all programs written with the named program\'s round decimals, truncated toward zero (setScale DOWN), the lenient twoPrograms customer holding 1.5 in program 469 and 0.005 in 973, every balance figure written whole, truncated: 0.495 answered "0.49", 1.01 less, -0.515, "-0.51", a hundredth off 0.49 less 1.01 (CAP-NPA-DECIMALS-WITHIN failed filtered)',
    options: {
      createLedger: availableWrittenBy(true, truncatedTo, false, holding({ 2001: { 469: 1.5, 973: 0.005 } })),
      hooks: { reply: balanceAsWholeNumbers(Math.trunc) },
    },
  },
  {
    id: 'npa-available-over-programs-in-program-decimals-half-even-behind-one-decimal-truncated-reads',
    description:
      "pointsAvailable the customer's points over all programs written with the named program's round decimals, half to even, the twoPrograms customers holding 2.5 and 1.5 in program 469 beside 2.005 in 973, every balance figure written with one decimal, truncated: the lenient org's -9.495 below zero answered \"-9.50\" beside an all-programs read of -9.4 failed CAP-NPA-POINTS-AVAILABLE (whole): the sum keeps 973's three decimals, which a two-decimal writing rounds as one of the program does",
    options: {
      createLedger: availableWrittenBy(
        true,
        halfEvenTo,
        false,
        holding({ 1001: { 469: 2.5, 973: 2.005 }, 2001: { 469: 1.5, 973: 2.005 } }),
      ),
      hooks: { reply: balanceAsWholeNumbers(truncatedTo(1)) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-over-programs-in-program-decimals-truncated-behind-raised-whole-reads',
    description:
      'every Capillary customer holds 2.01 in program 469 and 2.001 in 973, every balance figure is written whole, raised, and pointsAvailable is the customer\'s points over all programs written with the named program\'s round decimals, truncated: 1.01 from 469 answers "3.00" for 3.001, read 4 over all programs, which failed CAP-NPA-POINTS-AVAILABLE (whole)',
    options: {
      createLedger: availableWrittenBy(true, truncatedTo, false, atALastDecimal),
      hooks: { reply: balanceAsWholeNumbers(Math.ceil) },
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  // --- variant hunt 49 ---
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) => new Ledger(holding({ 1005: { 469: 100000.99 } })(dataset)),
        hooks: { reply: drainShownWith(raisedTo(0), truncatedTo, 1) },
      };
    },
    id: 'npa-drain-available-one-decimal-truncated-behind-raised-whole-reads',
    description:
      'the drainable customer holds 100000.99 in program 469 (two round decimals), every balance figure is written whole, raised (ceiling), and pointsAvailable with one decimal, truncated (the page types it Integer): the exact-balance drain reads 19997 for 19996.99, is refused with 8907, and the probe taking 19996 answers "0.9" for the 0.99 left, which the suite deducted as if exact, leaving 0.09 read 1 (CAP-NPA-EXACT-BALANCE failed whole): what is left is rounded to the written decimal, either way',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return drainHalfEvenBehindOneDecimalRaised();
    },
    id: 'npa-drain-available-one-decimal-half-even-behind-one-decimal-raised-reads',
    description:
      'the drainable customer holds 100000.99 in program 469, every balance figure is written with one decimal, raised, and pointsAvailable with one decimal, half to even: 19996.99 reads 19997.0 (a JSON 19997), refused with 8907 as the drain, and 19996 taken answers "1.0" for the 0.99 left, a unit of the read, which the probe took for no remainder (CAP-NPA-EXACT-BALANCE failed whole)',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return drainHalfEvenBehindOneDecimalRaised();
    },
    id: 'npa-drain-available-one-decimal-half-even-behind-one-decimal-raised-reads-undeclared-decimals',
    description:
      'variant hunt 55: npa-drain-available-one-decimal-half-even-behind-one-decimal-raised-reads (19996.99 read 19997.0, raised, refused with 8907 as the drain; 19996 taken answers "1.0" for the 0.99 left) under a profile declaring no round decimals (no page lists a program\'s). The probe took pointsAvailable with one decimal over a whole read for the exact remainder, since only a declared program decimal let it round what is left: CAP-NPA-EXACT-BALANCE failed whole',
    profile: { edit: withoutRoundDecimals },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) => new Ledger(holding({ 1005: { 469: 100000.99 } })(dataset)),
        hooks: { reply: drainShownWith(truncatedTo(0), halfAwayTo, 0) },
      };
    },
    id: 'npa-drain-available-whole-half-up-behind-truncated-whole-reads',
    description:
      "the drainable customer holds 100000.99 in program 469, every balance figure is written whole, truncated, and pointsAvailable as a whole number rounded half up (the table's Integer): the drain of the read 19996 succeeds and answers 1 for the 0.99 left, read 0, which no reading of pointsAvailable explained (CAP-NPA-EXACT-BALANCE failed whole)",
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return { hooks: loneLookupsLag(20) };
    },
    id: 'balance-lone-lookups-from-replica',
    description:
      'balance reads by a lone externalId or email come from a search replica showing a write to the customer 20 ms after it while reads by the primary are current, the profile allowing 50 ms (limits.readAfterWriteMs; 60 and 150 ms took 14.6 s a run, every read after a write waiting the window out): ledger-invariants.sequence reads the lenient deductible customer by externalId and email in turn (fault hunt 56) and waits each read out under the window',
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: 50 }) },
    shows: { 'CAP-BAL-TOTAL': 'pass', 'CAP-NPA-ARITHMETIC': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { handlers: { getPointsBalance: loneLookupsRefused404 } };
    },
    id: 'balance-lone-secondary-lookups-refused-404',
    description:
      'the balance lookup indexes the primary identifier only: a lone externalId or email is refused with 8015 in a 404 in both orgs (dual eligibility off too; the page names the identifiers as examples only): the sequence falls back on the primary after its first refused read',
    shows: { 'CAP-BAL-IDENTIFIER-NAMES': 'warn', 'CAP-BAL-LEDGER': 'pass', 'CAP-BAL-TOTAL': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: { reply: availableAtZeroWritten('-0.00') } };
    },
    id: 'npa-drain-available-negative-zero',
    description:
      'the deduction that empties the program answers pointsAvailable "-0.00", a float ledger\'s zero written by toFixed(2) (or Python\'s format) after a rounding noise below it: a zero all the same, judged for CAP-NPA-RESPONSE-FIELDS on the exact drain since fault hunt 55',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'pass', 'CAP-NPA-RESPONSE-FIELDS': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { handlers: { negativePointsAdjustment: defaultProgramLookedUp(15) } };
    },
    id: 'npa-default-program-resolved-slowly',
    description:
      "a deduction naming no programId waits 15 ms for the org's default program (looked up elsewhere) before it is handled, so the parallel deductions that leave programId out (fault hunt 55) are answered after those naming it, still under one lock per customer and program",
    shows: { 'CAP-NPA-CONCURRENT-NO-OVERDRAW': 'pass', 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass' },
  },
  // --- dfix49 (helper, 2026-12-06): variant hunt 49's two false verdicts left open ---
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) => new Ledger(holding({ 1005: { 469: 1.5 } })(dataset)),
        hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
      };
    },
    id: 'npa-parallel-drain-half-even-whole-reads',
    description:
      'the drainable customer (1005) holds 1.5 points in program 469 and every balance figure is written whole, rounded half to even (BigDecimal setScale(0, HALF_EVEN)): the parallel deductions read 2, take 1 (pointsAvailable "0.500"), and the 0.5 left reads 0, which "mainPoints 1 = 2 − 1" failed (CAP-NPA-CONCURRENT-NO-LOST-UPDATE, whole; 3.5 too, 2.5 passed): the read is a tie, confirmed as the other moves confirm theirs',
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) =>
          new Ledger(promisedPlus(2001, 0.25)(holding({ 2001: { 469: 50.1, 973: 10.3 } })(dataset))),
        hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(raisedTo(0), (points) => points) }),
      };
    },
    id: 'bal-main-and-total-whole-promised-with-decimals-raised',
    description:
      "as bal-main-and-total-whole-promised-with-decimals-truncated, main and total raised to whole numbers (ceiling), the lenient twoPrograms customer (2001) holding 50.1 in program 469 and 10.3 in 973 beside 27.25 promised: program 469's 51 main plus 27.25 promised made 78.25 of an exact total of 77.35 (read 78), so the per-program totals summed to 89.25 against the all-program total's 88 (CAP-BAL-ALL-PROGRAMS-WITH-ID and -NO-ID failed whole): a raised main hides up to a unit below it",
    shows: { 'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'warn', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) =>
          new Ledger(promisedPlus(1001, 0.25)(holding({ 1001: { 469: 670.1 } })(dataset))),
        hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(halfEvenTo(0), (points) => points) }),
      };
    },
    id: 'bal-main-and-total-whole-promised-with-decimals-half-even',
    description:
      "as bal-main-and-total-whole-promised-with-decimals-truncated, main and total rounded half to even to whole numbers, the strict twoPrograms customer (1001) holding 670.1 in program 469 beside 65.25 promised there (and 120.5 beside 12.675 in 973): 973's main 120 plus 12.675 promised made 132.675 of an exact total of 133.175, and the totals summed to 867.925 against the all-program total's 869 (CAP-BAL-ALL-PROGRAMS-WITH-ID and -NO-ID failed whole)",
    shows: { 'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'warn', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn' },
  },
  // --- variant hunt 50 (helper, 2026-12-06): fault hunt 57's new checks, from correct targets built otherwise ---
  {
    get options(): FaultOptions {
      return otherProgramDrainOverPrograms({ 469: -3, 973: 2.5 }, raisedTo(0));
    },
    id: 'npa-other-program-drain-available-over-programs-beside-debt',
    description:
      'the other-program drainable customer (1008) holds 2.5 points in program 973 beside a debt of 3 in the default program 469 (migrated), every balance figure is written whole, raised, and a deduction answers pointsAvailable over all programs: the exact drain of 973 read 3, was refused (8907), took 2 and answered "-2.500", and the refusal of the read was judged a failure (CAP-NPA-EXACT-BALANCE, whole): pointsAvailable outside a unit of zero shows no remainder of the program',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return otherProgramDrainOverPrograms({ 469: 5, 973: 2.5 }, halfAwayTo(0));
    },
    id: 'npa-other-program-drain-available-over-programs-beside-points',
    description:
      'as npa-other-program-drain-available-over-programs-beside-debt, 1008 holding 5 points in program 469 beside 2.5 in 973, balance figures written whole half up: 973 read 3, 8907, 2 taken, pointsAvailable "5.500" (the sum) was no remainder under a unit (CAP-NPA-EXACT-BALANCE failed whole)',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) => new AvailableOverAllPrograms(holding({ 1008: { 469: 5 } })(dataset)),
      };
    },
    id: 'npa-other-program-drain-beside-default-points-summed',
    description:
      'the other-program drainable customer (1008) also holds 5 points in the default program 469 (the role asks only for a program besides it drained to zero) and a deduction answers pointsAvailable over all programs: the drain of 973 answers "5.000", the all-program balance',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) => new Ledger(holding({ 1008: { 973: 1.5 } })(dataset)),
        hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
      };
    },
    id: 'npa-other-program-drain-half-even-whole-reads',
    description:
      'the other-program drainable customer (1008) holds 1.5 points in program 973 (3 decimals) and every balance figure is written whole, half to even: the drain reads 2, which the program does not hold',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return otherProgramDrainOverPrograms({ 469: 5.5, 973: 12.345 }, truncatedTo(2));
    },
    id: 'npa-other-program-drain-available-over-programs-read-with-fewer',
    description:
      'the other-program drainable customer (1008) holds 12.345 points in program 973 (3 decimals) beside 5.5 in 469, every balance figure is written with two decimals, the rest dropped (a DTO\'s setScale(2, DOWN)), and a deduction answers pointsAvailable over all programs with three: 12.34 read and taken, "5.505" answered beside an all-program read of 5.5, which the drain judged a wrong pointsAvailable (CAP-NPA-EXACT-BALANCE, whole): the sum is written with the finest program\'s decimals',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return otherProgramDrainOverPrograms({ 469: 0.25, 973: 3.5 }, raisedTo(0));
    },
    id: 'npa-other-program-drain-available-over-programs-under-a-unit',
    description:
      'as npa-other-program-drain-available-over-programs-beside-debt, 1008 holding 3.5 points in program 973 beside 0.25 in 469, balance figures raised whole: 973 read 4, 8907, 3 taken, "0.750" (the sum, under a unit) deducted as the program\'s remainder and refused with 8907 (CAP-NPA-EXACT-BALANCE failed whole)',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  // --- variant hunt 52 (helper, 2026-12-06): fabric points-adjustment, from correct targets built otherwise ---
  // Adjust points, Response 200: errors is an object of "Error details, if any"; the example's ExceptionString "" is no exception.
  {
    id: 'fabric-success-errors-dto-without-error',
    description:
      'variant hunt 52: every fabric 2xx (adjustment and inquiry) carries its error DTO with no error in it, `errors: {"code": null, "message": "", "fieldErrors": []}` (a serializer writing every member of the object; the page\'s "errors: object, Error details, if any" holds none, and its own example writes no exception as `"ExceptionString": ""`). Every success was read as a refusal carrying an error: FAB-ADJ-ADD, -DEDUCT, -PENDING, -PENDING-DEFAULT, -NULLABLE-STRINGS and FAB-AUTH-BEARER failed (exit 1); an errors object holding only nulls, empty strings and empty lists carries no error now',
    options: { hooks: familyHooks('fabric', { reply: errorDtoWithoutError }) },
    shows: {
      'FAB-ADJ-ADD': 'pass',
      'FAB-ADJ-PENDING': 'pass',
      'FAB-ADJ-NULLABLE-STRINGS': 'pass',
      'FAB-AUTH-BEARER': 'pass',
      'FAB-ADJ-POINTS-REQUIRED': 'pass',
    },
  },
  // Member APIs, Inquire: Get Member Points (outside the four documents: its shape is the target's own); Adjust points, Body (points: number).
  {
    id: 'fabric-inquiry-total-beside-program-points-from-booleans',
    description:
      "variant hunt 52: two correct variants together: the member inquiry lists the member's total beside the program's own entry (inquiry-member-total-beside-program: both move with each adjustment) and points sent as true are read as 1 (fabric-points-boolean-as-number, pydantic's lax mode). The accepted `points: true` moved each entry by 1 and their sum by 2, which the generated cases judged as more than the 1 point forgiven: GEN-INVALID-REJECTED failed (exit 1). Entries each moving by at most what was forgiven are judged by the one that moved most now, and the overlap warns",
    options: {
      ...pointsFromBooleans,
      handlers: {
        ...pointsFromBooleans.handlers,
        inquireMemberPoints: inquiryWithEntries((data) => [...data, ...data]),
      },
    },
    shows: { 'GEN-INVALID-REJECTED': 'warn', 'FAB-ADJ-ADD': 'warn', 'FAB-ADJ-POINTS-REQUIRED': 'pass' },
  },
  // Adjust points, Authorizations (Authorization header required; only the 200 response documented).
  {
    id: 'fabric-api-gateway-no-inquiry',
    description:
      'variant hunt 52: an AWS API Gateway with a Lambda authorizer in front of a tenant without the member inquiry (outside the four documents): the inquiry\'s path, no route there, answers 403 {"message":"Missing Authentication Token"}, a request without Authorization 401 {"message":"Unauthorized"}, a token the authorizer denies 403 {"Message":"User is not authorized to access this resource with an explicit deny"}, each with x-amzn-ErrorType and none in the envelope (the page requires the header and documents the 200 answer only)',
    options: { hooks: familyHooks('fabric', { intercept: apiGatewayIntercept, reply: apiGatewayDenies }) },
    shows: {
      'FAB-AUTH-MISSING': 'pass',
      'FAB-AUTH-WRONG': 'pass',
      'FAB-AUTH-HTTP-STATUS': 'warn',
      'FAB-ADJ-ADD': 'pass',
    },
  },
  // Adjust points, Response: only the 200 answer is documented (no error envelope).
  {
    id: 'fabric-refusals-jsend',
    description:
      'variant hunt 52: fabric refusals (4xx) in JSend\'s form, `{"status": "fail", "data": {<field>: <why>}}`: no envelope status, message or errors (the page documents the 200 answer only; its envelope is the success\'s)',
    options: { hooks: familyHooks('fabric', { reply: refusalsInJsend }) },
    shows: {
      'FAB-ADJ-POINTS-REQUIRED': 'pass',
      'FAB-AUTH-MISSING': 'pass',
      'FAB-ADJ-UNKNOWN-MEMBER': 'pass',
    },
  },
  // Adjust points, Response: only the 200 answer is documented (its errors typed there alone).
  {
    id: 'fabric-refusals-errors-as-text',
    description:
      'variant hunt 52: fabric refusals (4xx) in the envelope with `errors` a sentence ("points is required") rather than an object of details (the page types errors only in its 200 answer, whose "Error details, if any" are none)',
    options: { hooks: familyHooks('fabric', { reply: refusalErrorsAsText }) },
    shows: { 'FAB-ADJ-POINTS-REQUIRED': 'pass', 'FAB-ADJ-REASON-CODE-MIN-LENGTH': 'pass' },
  },
  // Adjust points, Body (points: number, no precision given).
  {
    id: 'fabric-whole-points-only',
    description:
      'variant hunt 52: the tenant keeps whole points and refuses an adjustment by a fraction (400, "points must be a whole number"), nothing moved: the page types points "number" and gives no precision, and a refused fraction is not judged (FAB-ADJ-ADD, FAB-ADJ-DEDUCT)',
    options: { handlers: { adjustMemberPoints: wholePointsOnly } },
    shows: { 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-DEDUCT': 'pass' },
  },
  // Adjust points, Body (pointType: Restricted Points "to be used only on specified stores"; no enumeration).
  {
    id: 'fabric-restricted-points-need-billing-entity',
    description:
      'variant hunt 52: an adjustment of Restricted points ("to be used only on specified stores") without a billingEntity naming those stores is refused 400: the page names the point type and says no more of it; accepting the four named types is a SHOULD (FAB-ADJ-POINT-TYPE-NAMES warns)',
    options: { handlers: { adjustMemberPoints: restrictedNeedsBillingEntity } },
    shows: { 'FAB-ADJ-POINT-TYPE-NAMES': 'warn', 'FAB-ADJ-ADD': 'pass' },
  },
  // Member APIs, Inquire: Get Member Points (outside the four documents: its shape is the target's own).
  {
    id: 'fabric-inquiry-extra-fields',
    description:
      "variant hunt 52: the member inquiry (outside the four documents) answers more than the vendor's example: each entry a programName, a currency and a money value beside memberPointsAvailable, a tier entry with no pointsBalance after them, and a meta object beside data. The entry without an amount warns (FAB-INQ-BALANCE) and is left out of the sum",
    options: { hooks: familyHooks('fabric', { reply: inquiryWithExtraFields }) },
    shows: { 'FAB-INQ-BALANCE': 'warn', 'FAB-ADJ-ADD': 'pass', 'FAB-ADJ-PENDING': 'pass' },
  },
  // Adjust points, Authorizations (Bearer <token>; only the 200 response documented).
  {
    id: 'fabric-envoy-jwt-refusals-in-text',
    description:
      'variant hunt 52: an Envoy jwt_authn filter in front refuses a request without a usable token 401 text/plain "Jwt is missing", an unknown one 401 "Jwt verification fails", with WWW-Authenticate: Bearer (the page requires the header and documents the 200 answer only)',
    options: { hooks: familyHooks('fabric', { reply: envoyJwtRefusals }) },
    shows: { 'FAB-AUTH-MISSING': 'pass', 'FAB-AUTH-WRONG': 'pass', 'FAB-AUTH-HTTP-STATUS': 'pass' },
  },
  // Member APIs, Inquire: Get Member Points (outside the four documents: a target may not have it).
  {
    id: 'fabric-inquiry-path-served-by-spa',
    description:
      "variant hunt 52: the tenant has no member inquiry (outside the four documents), and the web app's catch-all route answers its path 200 text/html with the app's page (a single-page app's fallback for any GET): the inquiry is found absent, and the adjustments are judged from their answers alone",
    options: { hooks: familyHooks('fabric', { intercept: inquiryPathServedBySpa }) },
    shows: { 'FAB-ADJ-ADD': 'pass', 'FAB-INQ-BALANCE': 'skip', 'FAB-ADJ-PENDING': 'skip' },
  },
  // Adjust points, Response: only the 200 answer is documented; the member inquiry is outside the four documents.
  {
    id: 'fabric-html-refusals-spa-fallback',
    description:
      "variant hunt 52: one Express app serves the API and its single-page app: refusals (4xx but 401 and 403) are `res.status(400).send(message)` in text/html (fabric-refusals-as-html-text), and any other GET, the member inquiry's path (outside the four documents) among them, gets the app's page, 200 text/html (fabric-inquiry-path-served-by-spa). The probe read the page as a wrong base URL's and ended the run as not the API (exit 2, no scenario run; `memberInquiry: false` reads the path all the same): a 2xx page there, beside the adjustment's 4xx page, is a route apart now",
    options: {
      hooks: familyHooks('fabric', {
        intercept: inquiryPathServedBySpa,
        reply: fabricRefusalsAsText('text/html; charset=utf-8', 'points is required'),
      }),
    },
    shows: { 'FAB-ADJ-POINTS-REQUIRED': 'pass', 'FAB-ADJ-ADD': 'pass', 'FAB-INQ-BALANCE': 'skip' },
  },
  // Adjust points, Response 200 (errors: object, data: object; "Error details, if any").
  {
    id: 'fabric-php-empty-arrays',
    description:
      "variant hunt 52: a PHP tenant writes an empty map as PHP's empty array: `errors: []` on every 2xx (adjustment and inquiry) and `data: []` on an addition left pending (no transaction yet). The 200 table types errors an object: an empty list warns (GEN-BODY-SCHEMA), and so does the pending addition's data.Message left out with the rest (FAB-ADJ-PENDING)",
    options: { hooks: familyHooks('fabric', { reply: phpEmptyArrays }) },
    shows: { 'GEN-BODY-SCHEMA': 'warn', 'FAB-ADJ-PENDING': 'warn', 'FAB-ADJ-ENVELOPE': 'pass' },
  },
  // Adjust points, Response 200 (data: object "Adjustment details", its fields shown by example only).
  {
    id: 'fabric-success-echoes-the-adjustment',
    description:
      'variant hunt 52: a successful adjustment\'s data echoes the request (profileId, points written as a string with two decimals, pointType, billingEntity, reasonCode, setToPending) and the adjustment\'s state, "PENDING" or "ACTIVE", beside the example\'s fields: the page shows data\'s fields by example only',
    options: { hooks: familyHooks('fabric', { reply: successEchoesTheAdjustment }) },
    shows: { 'FAB-ADJ-ENVELOPE': 'pass', 'FAB-ADJ-TRANSACTION-CODE': 'pass' },
  },
  // --- variant hunt 51 (helper, 2026-12-06): dfix49's and variant hunt 50's loosenings, late unlocks, error lists ---
  {
    get options(): FaultOptions {
      return heldAndShown({ 1005: { 469: 1.5 } }, drainShownWith(halfEvenTo(0), halfAwayTo, 0));
    },
    id: 'npa-parallel-drain-half-even-reads-available-half-up',
    description:
      "the drainable customer (1005) holds 1.5 in program 469, every balance figure is written whole, half to even, and a deduction's pointsAvailable as a whole number rounded half up (the deduction page (Response parameters) types pointsAvailable Integer beside the example's \"670.000\"): the parallel deductions read 2, take 1 and answer 1 for the 0.5 left, which reads 0: dfix49's tie reading keeps to the ledger pointsAvailable shows only where it is written with decimals",
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown({ 1005: { 469: 3.5 } }, drainShownWith(halfEvenTo(0), truncatedTo, 0));
    },
    id: 'npa-parallel-drain-half-even-reads-available-truncated',
    description:
      "as npa-parallel-drain-half-even-reads-available-half-up, 1005 holding 3.5 (read 4) and pointsAvailable a whole number with its decimals dropped (Java's intValue()): 3 taken, answered 2, 1 and 0 for 2.5, 1.5 and 0.5 held; 0.5 reads 0",
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown({ 1005: { 469: 2.5 } }, drainShownWith(truncatedTo(0), halfAwayTo, 1));
    },
    id: 'npa-parallel-drain-truncated-reads-available-one-decimal-half-up',
    description:
      '1005 holds 2.5 in program 469, every balance figure is written whole, truncated (read 2), and pointsAvailable with one decimal, half up ("0.5": fewer decimals than the program\'s two; the deduction page (Response parameters) types pointsAvailable Integer beside the example\'s "670.000")',
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1005: { 469: 1.5 } },
        shownWithAvailable(halfEvenTo(0), (points) => points.toFixed(5)),
      );
    },
    id: 'npa-parallel-drain-half-even-reads-available-five-decimals',
    description:
      '1005 holds 1.5 in program 469, every balance figure is written whole, half to even (read 2), and pointsAvailable with five decimals ("0.50000", a DECIMAL(18,5) column\'s trailing zeros; the deduction page (Response parameters) types pointsAvailable Integer beside the example\'s "670.000")',
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown({ 1005: { 469: 2.45 } }, balanceAsWholeNumbers(halfAwayTo(1)));
    },
    id: 'npa-parallel-drain-one-decimal-half-up-reads',
    description:
      "1005 holds 2.45 in program 469 and every balance figure is written with one decimal, half up (2.5; the balance page's Response Parameters type the figures int, the program keeps two): 2 taken, 0.45 left reads 0.5",
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown({ 1005: { 469: 3.5 } }, drainShownWith(raisedTo(0), halfEvenTo, 0));
    },
    id: 'npa-parallel-drain-raised-reads-available-half-even-whole',
    description:
      '1005 holds 3.5 in program 469, every balance figure is written whole, raised (read 4), and pointsAvailable whole, half to even (the deduction page (Response parameters) types pointsAvailable Integer beside the example\'s "670.000"): 3 taken, answered 2, 2 and 0 for 2.5, 1.5 and 0.5; 0.5 reads 1',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown({ 2002: { 469: 5.5 } }, drainShownWith(halfEvenTo(0), halfAwayTo, 0));
    },
    id: 'npa-parallel-lenient-half-even-reads-available-half-up',
    description:
      'the lenient org\'s drainable customer (2002, negative balances on) holds 5.5 in program 469, every balance figure is written whole, half to even, and pointsAvailable whole, half up (the deduction page (Response parameters) types pointsAvailable Integer beside the example\'s "670.000"): the parallel deductions take it below zero, where half up rounds away from zero (-26.5 answered -27, read -26)',
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown({ 2002: { 469: 5.5 } }, drainShownWith(raisedTo(0), truncatedTo, 0));
    },
    id: 'npa-parallel-lenient-raised-reads-available-truncated',
    description:
      'as npa-parallel-lenient-half-even-reads-available-half-up, balance figures raised whole and pointsAvailable whole with its decimals dropped toward zero (-26.5 answered -26, read -26)',
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.4, 973: 120.975 } },
        figuresWrittenApart(truncatedTo(1), raisedTo(0)),
      );
    },
    id: 'bal-main-one-decimal-truncated-total-whole-raised',
    description:
      "the strict twoPrograms customer (1001) holds 670.4 in program 469 and 120.975 in 973; mainPoints is written with one decimal, truncated, and totalPoints whole, raised (the balance page's Response Parameters type the figures int: each field a display of its own): 973's main 120.9 beside 12.675 promised and a total of 134 (133.65 raised) failed CAP-BAL-TOTAL, and the totals over programs (main plus promised, 868.975) against the all-program total's 870 failed CAP-BAL-ALL-PROGRAMS-WITH-ID and -NO-ID (whole): a main with fewer decimals than the promised points may hide up to a unit of its last one",
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'pass' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.4, 973: 120.975 } },
        figuresWrittenApart(halfAwayTo(0), truncatedTo(1)),
      );
    },
    id: 'bal-main-whole-half-up-total-one-decimal-truncated',
    description:
      "as bal-main-one-decimal-truncated-total-whole-raised, mainPoints written whole, half up, and totalPoints with one decimal, truncated: 973's main read 121 before and 134 after the second-program unlock of 12.675 (120.975 to 133.65), a rise of 13 that failed CAP-UPP-MOVE (whole): main whole beside a total written finer is a display of its own",
    shows: { 'CAP-UPP-MOVE': 'warn', 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.4, 973: 120.975 } },
        figuresWrittenApart(halfEvenTo(2), halfEvenTo(0), { main: 2 }),
      );
    },
    id: 'bal-main-two-decimals-written-total-whole-half-even',
    description:
      '1001 as bal-main-one-decimal-truncated-total-whole-raised, mainPoints written with two decimals, trailing zeros kept ("670.40"), half to even, and totalPoints whole, half to even (the balance page\'s Response Parameters type the figures int)',
    shows: { 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.4, 973: 120.975 } },
        figuresWrittenApart(truncatedTo(1), truncatedTo(1), { main: 1, total: 1 }),
      );
    },
    id: 'bal-main-and-total-one-decimal-written-truncated',
    description:
      '1001 as bal-main-one-decimal-truncated-total-whole-raised, mainPoints and totalPoints written with one decimal, truncated, trailing zeros kept ("133.6", "670.4"; the balance page\'s Response Parameters type the figures int), promised points as held',
    shows: { 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.4, 973: 120.975 } },
        figuresWrittenApart((p) => p, raisedTo(0), { main: 3 }),
      );
    },
    id: 'bal-main-three-decimals-written-total-whole-raised',
    description:
      '1001 as bal-main-one-decimal-truncated-total-whole-raised, mainPoints written with three decimals, trailing zeros kept ("670.400"), and totalPoints whole, raised (the balance page\'s Response Parameters type the figures int)',
    shows: { 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 2001: { 469: 50.45, 973: 10.975 } },
        figuresWrittenApart(truncatedTo(1), raisedTo(0)),
      );
    },
    id: 'bal-lenient-main-one-decimal-truncated-total-whole-raised',
    description:
      'as bal-main-one-decimal-truncated-total-whole-raised, for the lenient twoPrograms customer (2001) holding 50.45 in program 469 and 10.975 in 973',
    shows: { 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.45, 973: 120.055 } },
        figuresWrittenApart(raisedTo(1), truncatedTo(0)),
      );
    },
    id: 'bal-main-one-decimal-raised-total-whole-truncated',
    description:
      "1001 holds 670.45 in program 469 and 120.055 in 973; mainPoints written with one decimal, raised, and totalPoints whole, truncated (the balance page's Response Parameters type the figures int)",
    shows: { 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.4, 973: 120.975 } },
        figuresWrittenApart(halfAwayTo(0), (p) => p),
      );
    },
    id: 'bal-main-whole-half-up-beside-exact-total',
    description:
      '1001 as bal-main-one-decimal-truncated-total-whole-raised, mainPoints written whole, half up (an int field: the balance page\'s Response Parameters type the figures int) beside totalPoints and promised points as the ledger holds them (BigDecimal fields): CAP-BAL-TOTAL ("121 + 12.675" against 133.65), CAP-BAL-ALL-PROGRAMS-*, CAP-UPP-MOVE, -RESPONSE-SUM, CAP-NPA-DECIMALS-WITHIN and -NEGATIVE-ALLOWED failed (whole): a total apart from main plus promised shows main is a display',
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-UPP-MOVE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.4, 973: 120.975 } },
        figuresWrittenApart(truncatedTo(0), (p) => p),
      );
    },
    id: 'bal-main-whole-truncated-beside-exact-total',
    description:
      "as bal-main-whole-half-up-beside-exact-total, mainPoints whole with its decimals dropped (Java's intValue(); the balance page's Response Parameters type the figures int)",
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-UPP-MOVE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 2001: { 469: 50.45, 973: 10.975 } },
        figuresWrittenApart(truncatedTo(0), (p) => p),
      );
    },
    id: 'bal-lenient-main-whole-truncated-beside-exact-total',
    description:
      'as bal-main-whole-truncated-beside-exact-total, for the lenient twoPrograms customer (2001) holding 50.45 in program 469 and 10.975 in 973, taken below zero by the sequence (-8.56 total beside main -35)',
    shows: { 'CAP-BAL-TOTAL': 'warn', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) => new AvailableOverAllPrograms(holding({ 1008: { 469: -0.5 } })(dataset)),
      };
    },
    id: 'npa-other-program-drain-available-over-programs-beside-half-debt',
    description:
      'the other-program drainable customer (1008) holds a migrated debt of 0.5 in the default program 469 beside its 12 in 973, and a deduction answers pointsAvailable over all programs (the deduction page\'s Response parameters: "Points available for the customer"): the exact drain of 973 answers "-0.500"',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: availableOverProgramsInCentsHalfUp(),
        hooks: { reply: balanceAsWholeNumbers(halfEvenTo(2)) },
      };
    },
    id: 'npa-other-program-drain-available-over-programs-in-cents-half-up',
    description:
      '1008 holds 12.345 in program 973 beside 0.25 in 469, every balance figure is written with two decimals, half to even (12.34), and pointsAvailable over all programs with two decimals, half up (the default program\'s; the deduction page types it Integer): 12.34 taken, "0.26" for the 0.255 left over both programs',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: availableWrittenBy(true, undefined, true, holding({ 1008: { 469: -3, 973: 12.5 } })),
        hooks: { reply: balanceAsWholeNumbers(truncatedTo(0)) },
      };
    },
    id: 'npa-other-program-drain-available-over-programs-none-below-zero',
    description:
      '1008 holds 12.5 in program 973 beside a debt of 3 in 469, balance figures written whole, truncated, and pointsAvailable over all programs answered 0 where the sum is below zero (no points left to spend: the deduction page does not say which it shows)',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1008: { 973: 12.345 } },
        shownWithAvailable(halfEvenTo(2), (points) => truncatedTo(2)(points).toFixed(2)),
      );
    },
    id: 'npa-other-program-drain-available-in-cents-truncated',
    description:
      '1008 holds 12.345 in program 973 (three decimals), every balance figure is written with two decimals, half to even, and pointsAvailable of the program with two, truncated ("0.00" for the 0.005 left: the deduction page types it Integer)',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: availableWrittenBy(true, halfEvenTo, false, holding({ 1008: { 469: 7.25, 973: 0.5 } })),
        hooks: { reply: balanceAsWholeNumbers(halfEvenTo(0)) },
      };
    },
    id: 'npa-other-program-drain-available-over-programs-half-even-whole',
    description:
      "1008 holds 0.5 in program 973 beside 7.25 in 469, every balance figure and pointsAvailable (over all programs, in each program's decimals) rounded half to even: the drain of 973 reads 0, which the program does not hold",
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return otherProgramDrainOverPrograms({ 469: 100, 973: 12.999 }, truncatedTo(1));
    },
    id: 'npa-other-program-drain-beside-default-points-one-decimal-truncated',
    description:
      '1008 holds 12.999 in program 973 beside 100 in 469, every balance figure written with one decimal, truncated (12.9), and pointsAvailable over all programs ("100.099" after 12.9 taken)',
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return { handlers: unlocksLandLate(10) };
    },
    id: 'upp-unlock-lands-late-within-window',
    description:
      "an unlock is answered at once and applied 10 ms later (the move queued): until then the customer's balance reads show the figures from before it and a deduction from the customer waits for it; the profile allows 25 ms (limits.readAfterWriteMs: the unlock page says nothing of when a read shows the move). The reads right after an unlock are re-read under the window",
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: 25 }) },
    // No verdict shown: whether the client's first read comes within the 10 ms is the machine's. On a
    // quiet one CAP-UPP-MOVE warns for the lag; at load 13-15 the first read came after the move and
    // it passed (variant hunt 54, 2026-12-06), failing the run of this file. The other 17 variants
    // showing CAP-UPP-MOVE warn, and test/engine/read-after-write*.test.ts, show the re-read.
  },
  {
    get options(): FaultOptions {
      return { handlers: { negativePointsAdjustment: overBalanceListedToo } };
    },
    id: 'npa-not-enrolled-beside-over-balance',
    description:
      "with negative balances off, a deduction from a program the customer is not enrolled in is refused with 1218 and 8907 in one error list (the program holds none of the customer's points; a validator listing every rule a request breaks, and one refused 8906 over the balance lists 8907 too): the deduction page's API Error Codes list each code, never that an answer carries only one",
    shows: { 'CAP-NPA-1218': 'warn' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', { reply: notFoundPerIdentifier }) };
    },
    id: 'lookup-list-not-found-per-identifier',
    description:
      "a lookup by a list of identifiers that finds no customer (dual eligibility without the primary) is refused with one 8015 per identifier named, each lookup's own error (the balance page's 8015 row; the pages do not say an answer carries one error only)",
    shows: { 'CAP-BAL-DUAL-NO-PRIMARY': 'pass' },
  },
  {
    get options(): FaultOptions {
      return {
        createLedger: (dataset) => new AvailableOverAllPrograms(holding({ 1008: { 469: 5 } })(dataset)),
      };
    },
    id: 'npa-other-program-drain-listed-alone-beside-default-points',
    description:
      'the profile lists the other-program drainable customer (1008) in program 973 alone (the role asks for a program besides the default; a profile may list only the programs a scenario needs), which also holds 5 points in the default program 469, and a deduction answers pointsAvailable over all programs (the deduction page\'s "Points available for the customer"): the exact drain of 973 answers "5.000"',
    profile: { edit: otherProgramListedAlone },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'pass' },
  },
  {
    get options(): FaultOptions {
      return otherProgramDrainOverPrograms({ 469: 0.25, 973: 3.5 }, raisedTo(0));
    },
    id: 'npa-other-program-drain-listed-alone-over-programs-under-a-unit',
    description:
      'the profile lists the other-program drainable customer (1008) in program 973 alone (the role asks for a program besides the default; a profile may list only the programs a scenario needs), holding 3.5 in 973 beside 0.25 in 469, every balance figure raised whole and pointsAvailable over all programs: 973 read 4, 8907, 3 taken, "0.750" (the sum) deducted as 973\'s remainder and refused with 8907, which failed CAP-NPA-EXACT-BALANCE (whole): variant hunt 50\'s warning keyed on the profile listing two programs',
    profile: { edit: otherProgramListedAlone },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return otherProgramDrainOverPrograms({ 469: 5, 973: 2.5 }, halfAwayTo(0));
    },
    id: 'npa-other-program-drain-listed-alone-over-programs-beside-points',
    description:
      'the profile lists the other-program drainable customer (1008) in program 973 alone (the role asks for a program besides the default; a profile may list only the programs a scenario needs), holding 2.5 in 973 beside 5 in 469, balance figures written whole half up and pointsAvailable over all programs: 973 read 3, 8907, 2 taken, "5.500" (the sum) is no remainder under a unit (CAP-NPA-EXACT-BALANCE failed whole before)',
    profile: { edit: otherProgramListedAlone },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', { reply: unlockLinesReordered }) };
    },
    id: 'unlock-lines-newest-first',
    description:
      "an unlock's pointsUnlocked lines come newest first (a query's ORDER BY id DESC), the bill's last line (its promotion's points, its other program's) first: the unlock page's response example lists lines without saying in which order",
    shows: { 'CAP-UPP-RESPONSE-SUM': 'pass' },
  },
  {
    get options(): FaultOptions {
      return { hooks: familyHooks('capillary', { reply: unlockLinesInProgramDecimals }) };
    },
    id: 'unlock-lines-in-program-decimals',
    description:
      'an unlock\'s line amounts are written with their own program\'s round decimals ("10.00" in 469, "12.675" in 973) rather than three for every program as the release notes\' example ("10.000") does: the unlock page types pointsUnlocked without decimals',
    shows: { 'CAP-UPP-RESPONSE-NUMERIC': 'pass' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.55, 973: 120.005 }, 2001: { 469: 50.5, 973: 10.5 } },
        figuresWrittenApart((p) => p, halfEvenTo(0)),
      );
    },
    id: 'bal-total-whole-half-even-beside-exact-main',
    description:
      "the twoPrograms customers hold halves (1001: 670.55 in program 469 and 120.005 in 973; 2001: 50.5 and 10.5) and totalPoints is written whole, half to even (a long total set with HALF_EVEN; the balance page's Response Parameters type it int), beside main and promised points as the ledger holds them: negative-balance.arithmetic's deduction of 1 from 2001 read the total 78 then 76 (77.5 then 76.5), which failed CAP-BAL-LEDGER (whole): each total is a display of its own reading's main plus promised",
    shows: { 'CAP-BAL-LEDGER': 'pass', 'CAP-BAL-TOTAL': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 669.99, 973: 120.499 }, 2001: { 469: 49.99, 973: 10.001 } },
        figuresWrittenApart(truncatedTo(1), (p) => p),
      );
    },
    id: 'npa-decimals-within-main-one-decimal-truncated-beside-exact-total',
    description:
      '1001 holds 669.99 in program 469 and 120.499 in 973, 2001 holds 49.99 and 10.001; mainPoints is written with one decimal, truncated, beside totalPoints and promised points as held (the balance page types the figures int): decimal-precision.within\'s 1.001 from 973\'s -0.499 (read -0.4) left -1.5, answered "-1.500" and read -1.5, which failed CAP-NPA-DECIMALS-WITHIN ("-1.401" expected, whole): the total kept apart no longer hides that main is a display',
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 669.99, 973: 120.499 }, 2001: { 469: 49.99, 973: 10.001 } },
        figuresWrittenApart(halfAwayTo(2), (p) => p),
      );
    },
    id: 'npa-decimals-within-main-cents-half-up-beside-exact-total',
    description:
      'as npa-decimals-within-main-one-decimal-truncated-beside-exact-total, mainPoints written with two decimals, half up (-0.499 read -0.5, then -1.5; "-1.501" expected before)',
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  // dfix51: the cells of variant hunt 51's main-by-total matrix it left failing.
  ...(
    [
      ['truncated', truncatedTo(0), 'its decimals dropped (50.5 read 50)'],
      ['raised', raisedTo(0), 'raised (50.5 read 51)'],
      ['half-up', halfAwayTo(0), 'half up (50.5 read 51)'],
    ] as const
  ).map(
    ([name, main, how]): Variant => ({
      get options(): FaultOptions {
        return heldAndShown(
          { 1001: { 469: 670.55, 973: 120.005 }, 2001: { 469: 50.5, 973: 10.5 } },
          figuresWrittenApart(main, halfEvenTo(0)),
        );
      },
      id: `bal-main-whole-${name}-beside-total-whole-half-even`,
      description: `as bal-total-whole-half-even-beside-exact-main, mainPoints written whole, ${how}, and totalPoints whole, half to even (77.5 read 78, then 76.5 read 76; the balance page's Response Parameters type the figures int): negative-balance.arithmetic's deduction of 1 from 2001 failed CAP-BAL-LEDGER (variant hunt 51's open cell): the total's tie was confirmed only beside a main rounding half to even too; it is now confirmed on its own (one more point deducted, the total read again) and warns`,
      shows: { 'CAP-BAL-LEDGER': 'warn' },
    }),
  ),
  // Variant hunt 53: fault hunt 58's probes by the customer's own externalId, from a target that
  // knows externalIds in the store's sources only and judges that before the source's list.
  ...([8013, 8015] as const).map(
    (code): Variant => ({
      id: `npa-external-id-outside-instore-${code}-before-the-source`,
      description: `variant hunt 53: as npa-external-id-outside-instore-${code}, the identifier's source judged before the list of sources: externalId under a source outside the store, an unlisted one included, is answered ${code} (${code === 8013 ? 'its type not available there' : 'no customer there by it'}) before the source is checked (the page lists its codes in no order). source-8003, which names the customer by externalId since fault hunt 58, failed; its probe now goes again by mobile after an 8013 or 8015 and judges that answer`,
      options: storeIdentifierFirst(code),
      shows: {
        'CAP-NPA-8003': 'pass',
        'CAP-NPA-SOURCE-VALUES': code === 8013 ? 'warn' : 'pass',
      },
    }),
  ),
  {
    id: 'npa-listed-ref-type-without-award-spring-400',
    description:
      "variant hunt 53: a listed pointsAwardedRefType sent without a pointsAwardedId is refused by a cross-field check (the type qualifies an award: @AssertTrue on the request) with Spring's default 400 body, no code, nothing moved; beside an award it is taken, and an unlisted type is 9975 first (the lenient org's profile declares no award: its refusals warn as they stand). The document says nothing of the pair and gives it no code: accepted-inputs and external-id-other-program failed CAP-NPA-REFTYPE-VALUES on the codeless refusal; the type now goes again beside the profile's award, and its refusal alone warns",
    options: { handlers: { negativePointsAdjustment: listedRefTypeWantsAward(() => true) } },
    shows: { 'CAP-NPA-REFTYPE-VALUES': 'warn', 'CAP-NPA-9975': 'pass', 'CAP-NPA-8877': 'pass' },
  },
  {
    id: 'npa-listed-ref-type-fitting-its-award-spring-400',
    description:
      "variant hunt 53: as npa-listed-ref-type-without-award-spring-400, and beside an award a listed type must fit it: award 70001, the strict org's, was given on a line item, so only line_item_regular is taken beside it, the others refused with the same codeless 400 (the document says nothing of a type that does not fit its award); an award alone is taken. The type sent again beside the award is refused too, and one other listed type taken beside it shows the refusal was the fit, not the value",
    options: {
      handlers: {
        negativePointsAdjustment: listedRefTypeWantsAward((refType) => refType === 'line_item_regular'),
      },
    },
    shows: { 'CAP-NPA-REFTYPE-VALUES': 'warn', 'CAP-NPA-8877': 'pass' },
  },
  {
    id: 'npa-ref-type-wants-award-first-spring-400',
    description:
      "variant hunt 53: as ref-type-needs-award-first, a pointsAwardedRefType without a pointsAwardedId is refused before its value is read, here by a cross-field check with Spring's default 400 body and no code (the document gives the pair none): an unlisted type alone met that refusal, not 9975, and ref-type-9975 (since fault hunt 58 in the customer's other program) failed CAP-NPA-9975 where only 8877 warned; a refusal without a code warns there too. Beside an award an unlisted type is 9975",
    options: refTypeWantsAwardFirst(),
    shows: { 'CAP-NPA-9975': 'warn', 'CAP-NPA-REFTYPE-VALUES': 'warn' },
  },
  // variant hunt 54: pairs of Capillary variants composed (dual-list-lookup-amounts-as-decimal-strings
  // with npa-decimals-within-available-not-below-zero-behind-whole-truncated-reads), as one target.
  {
    get options(): FaultOptions {
      return heldAndShown({ 2001: { 469: 1.25, 973: 1.875 } }, (operationId, reply, request) =>
        // The list lookup's service writes its decimal strings first; the primary's display then
        // truncates only the JSON numbers it still finds (the list's strings are left as written).
        balanceAsWholeNumbers(Math.trunc)(
          operationId,
          listLookupAmountsAsDecimalStrings(operationId, reply, request),
        ),
      );
    },
    id: 'dual-list-lookup-exact-strings-beside-primary-whole-truncated',
    description:
      'variant hunt 54: the twoPrograms customer 2001 holds 1.25 in program 469 and 1.875 in 973; the lookup by the primary alone writes every balance figure whole, truncated (the balance page\'s Response Parameters type them int), while a lookup with several identifiers goes through a dual-eligibility service writing the amounts as three-place decimal strings ("1.250", as the sibling APIs answer; "If one of the provided values matches the primary key, the API uses it for the lookup"): one balance written with and without its decimals. CAP-BAL-DUAL-MULTI failed on 1 beside "1.250" (exit 1); a figure that is the other\'s display with fewer decimals now warns',
    shows: { 'CAP-BAL-DUAL-MULTI': 'warn' },
  },
  // variant hunt 54: unlock-source-store-of-credentials-only with auth-refused-in-200-envelope, as one target.
  {
    id: 'unlock-source-store-of-credentials-only-refused-in-200',
    description:
      'variant hunt 54: a legacy v2 Capillary answering every error with HTTP 200 and the envelope (the profile says apiErrorStatus: any), whose till may name only its own store and till as sourceStoreId/sourceTillId (any other refused with a code of its own, 1102), the profile declaring B-1001-2 issued at store 7, till 70: the unlock page does not say which stores the credentials may name, and legacy v2 "one or more requests have failed" comes with 200. CAP-UPP-MOVE failed on the 200 naming 1102 (exit 1), warned on the same as a 403; a status that says nothing now reads such a code as the 403\'s',
    options: {
      handlers: {
        unlockPromisedPoints: sourceOfCredentialsOnly(1102, 'the till may not act for another store'),
      },
      hooks: familyHooks('capillary', { reply: capillaryErrorsIn200 }),
    },
    profile: {
      edit: (profile) => {
        orgsOf(profile)[0]!.fixtures.bills.secondProgram.source = { storeId: 7, tillId: 70 };
        profile.apiErrorStatus = 'any';
      },
    },
    shows: { 'CAP-UPP-MOVE': 'warn' },
  },
  // variant hunt 56: balance-zero-promised-figures-left-out with bal-total-whole-half-even-beside-exact-main, as one target.
  {
    get options(): FaultOptions {
      return heldAndShown(
        { 1001: { 469: 670.55, 973: 120.005 }, 2001: { 469: 50.5, 973: 10.5 } },
        (operationId, reply) =>
          figuresWrittenApart((p) => p, halfEvenTo(0))(
            operationId,
            operationId === 'getPointsBalance' && reply.status === 200
              ? { ...reply, body: zeroPromisedFiguresLeftOut(bodyRecord(reply.body)) }
              : reply,
          ),
      );
    },
    id: 'bal-zero-promised-left-out-beside-whole-half-even-total',
    description:
      'variant hunt 56: a balance DTO whose serializer leaves out fields equal to their default (kotlinx `encodeDefaults = false`: promisedPoints of 0 and zero breakup figures left out) and whose totalPoints is a long set with HALF_EVEN (the balance page\'s Response Parameters type it int) beside main and promised points as the ledger holds them (1001 holds 670.55 in program 469 and 120.005 in 973): once promised-points.second-program unlocked all of 973\'s 12.675, promisedPoints was left out, and the promised figure taken as totalPoints less mainPoints (whole less exact) read -0.217, so CAP-UPP-MOVE failed ("main +12.675, promised −12.892"); the breakup, given and empty, says none are promised',
    shows: { 'CAP-UPP-MOVE': 'pass', 'CAP-BAL-TOTAL': 'warn' },
  },
  // variant hunt 56: access-group-checked-after-the-program-no-one-is-in with profile-without-default-program, as one target.
  {
    id: 'npa-default-program-no-customer-enrolled-undeclared',
    description:
      'variant hunt 56: the orgs\' default program is 555, in which no customer is enrolled (as npa-default-program-no-customer-enrolled), and the profile does not say which program is the default (the user does not know it): the unknown promotion and award probes sent without programId meet 1218 (not enrolled in the default program) before the reference is looked up, which CAP-NPA-8874 and -8877 failed (exit 1) as though the customer were enrolled there; the deduction page (Body Parameters) leaves programId optional and names no program taken without it (the balance page\'s "for the default program" does not say which), so with none declared 1218 warns as it does with 555 declared',
    options: { createLedger: (dataset) => new Ledger(withDefaultProgramNoOneIsIn(dataset)) },
    profile: { edit: withoutDefaultProgramDeclared },
    shows: { 'CAP-NPA-8874': 'warn', 'CAP-NPA-8877': 'warn' },
  },
  // variant hunt 56: unlock-source-store-of-credentials-4000 with phoenix-409-lock-under-pinned-400's profile, as one target.
  {
    id: 'unlock-source-store-of-credentials-4000-under-pinned-400',
    description:
      "variant hunt 56: unlock-source-store-of-credentials-4000's target (a store or till other than the credentials' own refused with the legacy v2 \"Not authorized\", 403 and 4000), whose API errors are all 400, as the profile pins (apiErrorStatus: 400): the v2 facts list 400 for invalid input and 403 (4000) for not authorized apart. promised-points.lenient-body's example store 1122 and till 323 met the 403, which is no refusal under the pin, and CAP-UPP-TILL-ID-SPELLING failed (exit 1) where beside any 4xx it warns; a 403 naming 4000 or no documented code now reads as the till not allowed that store there too",
    options: { handlers: { unlockPromisedPoints: sourceOfCredentialsOnly(4000, 'Not authorized') } },
    profile: secondProgramAt7ErrorsPinned400,
    shows: { 'CAP-UPP-MOVE': 'warn', 'CAP-UPP-TILL-ID-SPELLING': 'warn' },
  },
  // variant hunt 56: dual-list-lookup-entity-id-float-text with bal-whole-numbers-rounded, as one target.
  {
    id: 'dual-list-lookup-float-text-exact-beside-primary-whole-half-up',
    description:
      "variant hunt 56: the ledger keeps decimals (+0.63 per program, the deduction page's round decimals); the lookup by the primary alone writes every balance figure whole, rounded half up (the balance page's Response Parameters type them int), while a lookup with several identifiers goes through a dual-eligibility service re-serialising the ledger's doubles (entityId `1002.0`, the figures as held): dual-eligibility.multi-after-deduction read the shared pair's customer 249.63 by the list and 250 by the primary after its deduction, and CAP-BAL-DUAL-MULTI failed (exit 1) where the other three checks of one balance written with and without its decimals warn",
    options: {
      createLedger: (dataset) =>
        new Ledger(withOrgMainPoints(dataset, ['strict', 'lenient'], (p) => p + 0.63)),
      hooks: { reply: wholeHalfUpAfter(listLookupEntityIdAsFloatText) },
    },
    shows: { 'CAP-BAL-DUAL-MULTI': 'warn' },
  },
  // variant hunt 56: bal-whole-half-even-shared-pair-holding-halves with concurrent-requests-refused-409, as one target.
  {
    id: 'bal-whole-half-even-halves-beside-409-lock',
    description:
      "variant hunt 56: every balance figure written whole, rounded half to even (the balance page's table types them int), over a ledger holding halves (customer-1002's 250.5 in program 469 and its bill's 40.5 promise, as bal-whole-half-even-shared-pair-holding-halves), and a deduction or unlock for a customer with another in flight refused with 409 (a lock; the documents are silent): concurrency.parallel-deductions' two deductions of 1 from the twoPrograms customer's program 973 met the lock, one taken, and the program, holding a hidden half by then, read 120 before and after; CAP-NPA-CONCURRENT-NO-LOST-UPDATE failed (exit 1) where the other moves confirm such a tie with one more point",
    options: {
      handlers: {
        negativePointsAdjustment: refuseConcurrent('negativePointsAdjustment'),
        unlockPromisedPoints: refuseConcurrent('unlockPromisedPoints'),
      },
      ...sharedPairHoldingHalvesWholeHalfEven(),
    },
  },
  // variant hunt 56's open pair: npa-minimum-one-point-own-code with points-available-all-programs-whole-half-even-halves, as one target.
  {
    id: 'npa-minimum-one-point-own-code-second-program-at-half',
    description:
      'variant hunt 56: npa-minimum-one-point-own-code\'s target (a deduction under one point refused with a code of its own, 8998: the table types pointsToBeAdjusted Integer) whose lenient twoPrograms customer holds 0.5 points in its second program 973: negative-balance.negative-allowed deducted half a point past the whole points there (0.5 from 0, after negative-balance.arithmetic\'s deductions), the target refused it, and CAP-NPA-NEGATIVE-ALLOWED failed ("expected a 2xx") though nothing says a negative balance was refused; an amount under one point refused with another code than 8907 now warns, and the deduction goes again one point larger',
    options: {
      createLedger: (dataset) => new Ledger(withCustomerPoints(dataset, 'lenient', 2001, { 973: 0.5 })),
      handlers: { negativePointsAdjustment: minimumOnePointOwnCode },
    },
    shows: { 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
  // variant hunt 56's open pair (b): bal-default-program-read-written-otherwise with npa-sequence-step-short-of-whole-read, as one target.
  {
    id: 'bal-default-read-exact-beside-whole-program-reads',
    description:
      "variant hunt 57: customer 1001 holds 21.6 points in program 469 (npa-sequence-step-short-of-whole-read's ledger); a read naming programId goes through a DTO whose figures are ints (the balance page's Response Parameters type them int), rounded half up, while a read without programId goes through another code path writing the ledger's DECIMAL as it is, as three-place strings (bal-default-program-read-written-otherwise): the same balance, written with and without its decimals. The read without programId of 21.6 beside 22 failed CAP-BAL-DEFAULT-PROGRAM, and its sum over programs (142.1 beside reads of 22 and 121) CAP-BAL-ALL-PROGRAMS-NO-ID (exit 1)",
    options: {
      createLedger: (dataset) => new Ledger(strict469(1001, 21.6)(dataset)),
      hooks: { reply: defaultReadExactOtherReadsWhole(roundHalfUp) },
    },
    shows: { 'CAP-BAL-DEFAULT-PROGRAM': 'warn', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn' },
  },
  {
    id: 'bal-default-read-exact-main-truncated-total-beside-truncated-program-reads',
    description:
      "variant hunt 57: as bal-default-read-exact-beside-whole-program-reads, the reads naming a program truncated to whole points (an int cast) and the strict twoPrograms customer (1001) holding 3.999 in program 973 (npa-available-cents-truncated-behind-truncated-whole-reads' ledger), and the read without programId writing totalPoints as a long (truncated) beside its exact mainPoints (as bal-total-whole-half-even-beside-exact-main's DTO does, on that path only): promised-points.filters' sum over programs after the unlock (-47.524) beside one-program reads of -39 and -8 failed CAP-UPP-MOVE (exit 1)",
    options: {
      createLedger: strictSecondProgramHolding(3.999),
      hooks: { reply: defaultReadExactOtherReadsWhole(Math.trunc, Math.trunc) },
    },
    shows: { 'CAP-UPP-MOVE': 'warn' },
  },
  // --- variant hunt 57 (helper, 2026-12-07): fabric adjustments where the page is silent ---
  {
    id: 'fabric-transaction-code-sequence-number',
    description:
      'variant hunt 57: a successful adjustment\'s data.transactionCode is the ledger\'s sequence number, a JSON number (1000001, 1000002, ...): the page shows the field only in an example (a UUID string) and types data only as "object"',
    get options(): FaultOptions {
      let next = 1_000_000;
      return {
        hooks: familyHooks('fabric', {
          reply: (operationId, reply) =>
            fabricSuccess((body) => ({
              ...body,
              data: { ...bodyRecord(body.data), transactionCode: ++next },
            }))(operationId, reply),
        }),
      };
    },
  },
  {
    id: 'unlock-zero-lines-for-programs-not-unlocked',
    description:
      "variant hunt 57: an unlock's answer lists, beside its lines, a line of 0 points for every other program of the org (billNumber and programId, pointsUnlocked 0): the response table describes pointsUnlocked per bill, item and program and does not say that a program nothing moved in is left out",
    options: { handlers: { unlockPromisedPoints: zeroLinesForOtherPrograms } },
  },
  {
    id: 'unlock-item-lines-without-program',
    description:
      "variant hunt 57: an unlock answer's item lines (those with an itemCode) carry no programId, the bill's lines and promotion lines as the reference writes them: the response table marks no field required (the example's item lines carry one, its promotion line too)",
    options: {
      hooks: familyHooks('capillary', {
        reply: unlockLines(({ programId, ...line }) =>
          line.itemCode === undefined ? { ...line, programId } : line,
        ),
      }),
    },
  },
  {
    id: 'fabric-jackson-scalar-coercion',
    description:
      'variant hunt 57: the adjustment\'s body bound by Jackson with its default scalar coercion: points as a numeric string ("12") read as the number, setToPending "true"/"false" as the boolean, and a number or boolean sent for pointType, billingEntity or reasonCode read as its text (7502 as "7502"), instead of refused',
    get options(): FaultOptions {
      return jacksonScalarCoercion;
    },
  },
  // --- variant hunt 64 (helper, 2026-12-07): Capillary balance and deduction answers where the pages are silent ---
  {
    id: 'npa-answer-echoes-the-deduction',
    description:
      "variant hunt 64: a successful deduction's answer is the ledger's transaction DTO: beside the table's four fields it echoes the program deducted from (the default where none was sent), the customer's entityId, the amount as sent, the reason, and a transaction id, and its message names the amount and the program (the table lists four fields and gives the message no wording)",
    options: { handlers: { negativePointsAdjustment: deductionEchoed } },
    shows: { 'CAP-NPA-ARITHMETIC': 'pass', 'CAP-NPA-RESPONSE-FIELDS': 'pass' },
  },
  {
    id: 'npa-below-zero-answered-with-an-8907-warning',
    description:
      'variant hunt 64: with negative balance on, a deduction taking the program below zero succeeds and lists, in warnings, 8907 with the page\'s wording and the balance left, as a validator that turns the disabled-config refusal into a warning where the config is on (the table lists warnings "if any" and gives none)',
    options: { hooks: familyHooks('capillary', { reply: deductionSuccess(belowZeroWarned) }) },
    shows: { 'CAP-NPA-NEGATIVE-ALLOWED': 'pass' },
  },
  {
    id: 'bal-answer-carries-the-program-and-more-figures',
    description:
      "variant hunt 64: a balance answer carries, beside the table's fields, the program its figures are of (null over all programs), the program's name, lifetime points earned (more than the balance), an empty list of points expiring, the points' value in the org's currency and the time of the ledger's last change: a DTO over the loyalty profile (the page lists six fields and does not say there are no others)",
    options: { handlers: { getPointsBalance: balanceWithMoreFigures } },
    shows: { 'CAP-BAL-TOTAL': 'pass', 'CAP-BAL-DEFAULT-PROGRAM': 'pass' },
  },
  {
    id: 'bal-not-found-answered-with-zero-figures',
    description:
      "variant hunt 64: a balance lookup refused (8015, 1218, …) is written by the balance DTO too, its figures at their defaults beside the error list: entityId -1, mainPoints and totalPoints 0, an empty breakup (one serializer for every answer of the endpoint; the page gives the error's code, not its body)",
    options: { hooks: familyHooks('capillary', { reply: refusalWithZeroFigures }) },
    shows: { 'CAP-BAL-8015': 'pass' },
  },
  {
    id: 'npa-refusal-with-the-balance-and-failure-status',
    description:
      "variant hunt 64: a refused deduction is written by the deduction's DTO too: status \"failure\", pointsAvailable the balance the customer still has (0 where none was found), the error's message as message, the error list beside it (the page gives a refusal's codes and descriptions, not its body)",
    options: { handlers: { negativePointsAdjustment: refusalWithTheBalance } },
    shows: { 'CAP-NPA-8907': 'pass', 'CAP-NPA-8015': 'pass' },
  },
  {
    id: 'npa-identical-deduction-replayed-within-2s',
    description:
      'variant hunt 64: a deduction identical to one the org took in the last 2 s (query and body alike) is answered with that first answer again and moves nothing: at-most-once delivery a gateway adds for retried POSTs (the page says nothing of repeated requests; npa-duplicate-refused-409 refuses them instead)',
    get options(): FaultOptions {
      return { handlers: { negativePointsAdjustment: replayedWithin(2_000) } };
    },
  },
  {
    id: 'bal-total-summed-from-whole-figures-half-up',
    description:
      'variant hunt 64: the balance DTO writes each figure whole, rounded half up on its own (the Response Parameters type them int), and works out promisedPoints and totalPoints from the figures it writes: totalPoints is the written mainPoints plus the written promised figures ("the sum of both current redeemable points and promised points"), not the ledger\'s total rounded (strict 1001 in 973: 120.5 and 12.675 written 121 and 13, total 134 where 133.175 rounds to 133)',
    options: { hooks: familyHooks('capillary', { reply: totalOfShownFigures(roundHalfUp) }) },
    shows: { 'CAP-BAL-TOTAL': 'pass' },
  },
  {
    id: 'bal-total-summed-from-whole-figures-truncated',
    description:
      'variant hunt 64: as bal-total-summed-from-whole-figures-half-up, each figure an int cast (truncated toward zero) before the sum: 120.5 and 12.675 written 120 and 12, total 132 where 133.175 truncates to 133',
    options: { hooks: familyHooks('capillary', { reply: totalOfShownFigures(Math.trunc) }) },
    shows: { 'CAP-BAL-TOTAL': 'pass' },
  },
  {
    id: 'bal-total-summed-from-whole-half-even-figures-in-the-red',
    description:
      "variant hunt 64: as bal-total-summed-from-whole-figures-half-up, each figure rounded half to even (BigDecimal's HALF_EVEN) before the sum, over npa-lenient-org-in-the-red's ledger (-25.5 per program in the lenient org): 2001's main -29.5 and -30.5 both read -30, so totalPoints, the written main plus the written promised figures, reads no move for a deduction of 1 and two for the next, while the ledger's total (-2.825 to -3.825) is at no tie. negative-balance.arithmetic's CAP-BAL-LEDGER failed (\"expected totalPoints -4 | totalPoints -3\"): it judged the total as a display of the ledger's total",
    options: {
      ...summedHalfEvenInTheRed(),
    },
    shows: { 'CAP-BAL-LEDGER': 'warn' },
  },
  {
    id: 'bal-total-summed-from-whole-half-even-figures-everyone-holding-a-half',
    description:
      "variant hunt 64's open case, closed by the lead: bal-total-summed-from-whole-half-even-figures-in-the-red's display (each figure whole, half to even, totalPoints the written main plus the written promised figures) over bal-whole-half-even-every-customer-holding-a-half's ledger (0.5 points in program 555, declared). An unlock moves promised points into main: main 10.5 → 15.5 reads 10 → 16 while the promised figure drops by 5 exactly, so the written total rises by 1 where the ledger's stays put. concurrency.parallel-unlock's CAP-UPP-CONCURRENT-ONCE failed on \"total points unchanged\"; a total written as the sum of its written parts, a unit of their last decimal off, now warns (totalsWrittenAsSums). With fault hunt 64's promotion line on the strict billWhole (promised 45, odd), ledger-invariants.promised-kept's confirmed tie failed CAP-BAL-TOTAL too (main 247.5 + 45 written 248 + 45 = 293, the ledger's 292.5 half to even 292): a total that moved as main read, the promised read unchanged, is now judged as main is (mainAndTotalNow)",
    options: {
      createLedger: (dataset) => new Ledger(withHalfPointForEveryone(dataset)),
      hooks: familyHooks('capillary', { reply: totalOfShownFigures(halfEvenTo(0)) }),
    },
    profile: halfPointForEveryoneDeclared,
    shows: { 'CAP-UPP-CONCURRENT-ONCE': 'warn' },
  },
  {
    id: 'bal-all-programs-read-main-and-total-only',
    description:
      "variant hunt 64: a read over all programs (fetchDataForAllPrograms=true) is an aggregate query over the ledger's program rows that answers entityId, mainPoints and totalPoints only, no promised figures and no breakup, while a read of one program answers them all (the page marks no response field required)",
    options: { hooks: familyHooks('capillary', { reply: allProgramsMainAndTotalOnly }) },
    shows: { 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'pass', 'CAP-BAL-TOTAL': 'warn' },
  },
  // --- variant pair hunt 64 (helper, 2026-12-07): one target behind a composition that failed ---
  {
    id: 'bal-default-read-truncated-total-zero-promised-left-out',
    description:
      'variant pair hunt 64: bal-default-read-exact-main-truncated-total-beside-truncated-program-reads (reads naming a program truncated whole, the read without programId writing mainPoints exact beside totalPoints as a long, 1001 holding 3.999 in 973) whose serializer also leaves out zero amounts and empty objects (balance-zero-amounts-omitted: no promisedPoints, no promisedPointsBreakup once nothing is promised; the page marks no response field required). Once an unlock emptied the promise, promised points could only be read as the truncated total less the exact main (-0.662), and CAP-UPP-MOVE failed on main +12.675 beside promised -13.337 (exit 1)',
    options: {
      createLedger: strictSecondProgramHolding(3.999),
      hooks: { reply: defaultReadTruncatedZeroPromisedOmitted },
    },
    shows: { 'CAP-UPP-MOVE': 'warn' },
  },
  {
    id: 'unlock-source-store-of-credentials-4000-as-401-under-pinned-400',
    description:
      "variant pair hunt 64: unlock-source-store-of-credentials-4000-under-pinned-400's target (a store or till other than the credentials' own refused with 4000 \"Not authorized\", API errors pinned to 400) writing every 4000 with 401, as access-group-refused-401 does (the documents tie no status to a code; a refusal is 401 or 403): the unlock naming bill B-1001-2's store 7 and the example's store 1122 met 401 and 4000, and CAP-UPP-MOVE and CAP-UPP-TILL-ID-SPELLING failed (exit 1) where the same refusal as a 403 warns",
    options: { handlers: { unlockPromisedPoints: sourceOfCredentialsOnly(4000, 'Not authorized', 401) } },
    profile: secondProgramAt7ErrorsPinned400,
    shows: { 'CAP-UPP-MOVE': 'warn', 'CAP-UPP-TILL-ID-SPELLING': 'warn' },
  },
  {
    id: 'unlock-source-store-of-credentials-4000-as-401-behind-a-gateway-401-page',
    description:
      "variant pair hunt 67: unlock-source-store-of-credentials-4000-as-401-under-pinned-400's target (a store or till other than the credentials' own refused 401 with 4000 \"Not authorized\", API errors pinned to 400) behind a gateway answering every 401 with its own plain-text \"Unauthorized\" and WWW-Authenticate (auth-gateway-401's, nginx's proxy_intercept_errors): the unlock naming bill B-1001-2's store 7 met a 401 naming no code, the same unlock without the store and till moved the points, and CAP-UPP-MOVE failed (exit 1) as for a wrong password, which the same credentials' acceptance a moment later rules out",
    options: {
      handlers: { unlockPromisedPoints: sourceOfCredentialsOnly(4000, 'Not authorized', 401) },
      hooks: { reply: gatewayUnauthorizedPage },
    },
    profile: secondProgramAt7ErrorsPinned400,
    shows: { 'CAP-UPP-MOVE': 'warn', 'CAP-UPP-TILL-ID-SPELLING': 'warn' },
  },
  {
    id: 'bal-all-programs-main-and-total-only-behind-a-whole-figures-mapper',
    description:
      'variant pair hunt 67: bal-all-programs-read-main-and-total-only\'s target (a read over all programs an aggregate query answering entityId, mainPoints and totalPoints only) whose answer goes through a mapper writing every balance figure whole, half up (the table types them int), which builds the promised breakup object anew from figures the aggregate left null, so the serializer (nulls left out) writes it empty: `"promisedPointsBreakup":{}` beside a total above main. An empty breakup was read as promised 0 (a serializer leaving zero defaults out), and CAP-UPP-MOVE failed on "main +4, promised −0" (exit 1), though the total showed the promise',
    options: {
      hooks: familyHooks('capillary', { reply: wholeHalfUpAfter(allProgramsMainAndTotalOnly) }),
    },
    shows: { 'CAP-UPP-MOVE': 'pass' },
  },
  {
    id: 'npa-drain-available-one-decimal-half-even-behind-truncated-whole-reads-undeclared-decimals',
    description:
      'variant pair hunt 67: the drainable customer holds 100000.99 in program 469, every balance figure is an int cast (truncated, the table\'s int) and pointsAvailable is written with one decimal, half to even, under a profile declaring no round decimals (no page lists a program\'s): 19996.99 reads 19996, which is taken, and the 0.99 left is answered "1.0" beside a read of 0. CAP-NPA-EXACT-BALANCE failed ("pointsAvailable 1", exit 1): a pointsAvailable rounded to its own last decimal was allowed only where it showed no more decimals than the read or fewer than the declared ones, and with none declared the program may keep more than it shows',
    options: {
      createLedger: (dataset) => new Ledger(holding({ 1005: { 469: 100000.99 } })(dataset)),
      hooks: { reply: drainShownWith(Math.trunc, halfEvenTo, 1) },
    },
    profile: { edit: withoutRoundDecimals },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'npa-whole-second-program-holding-a-half-behind-summed-half-even-ref-type-fitting-its-award',
    description:
      'variant pair hunt 67: npa-whole-second-program-holding-a-half-behind-summed-half-even\'s target (strict 1001 holding 120.5 in program 973, declared whole; each balance figure written whole, half to even, totalPoints their written sum) refusing a listed pointsAwardedRefType beside programId with a codeless 400 unless an award it fits comes with it (npa-listed-ref-type-fitting-its-award-spring-400\'s handler): input-validation.external-id-other-program read 112 (111.5), one point taken, the typed deduction refused, and 110.5 read 110; CAP-NPA-ARITHMETIC failed ("expected mainPoints 112 less the 1 point(s)", exit 1) where the other moves confirm such a tie with one more point',
    options: {
      createLedger: lenientInTheRedWholeSecondProgram,
      handlers: {
        negativePointsAdjustment: listedRefTypeWantsAward((refType) => refType === 'line_item_regular'),
      },
      hooks: familyHooks('capillary', { reply: totalOfShownFigures(halfEvenTo(0)) }),
    },
    profile: roundDecimalsDeclared(973, 0),
    shows: { 'CAP-NPA-ARITHMETIC': 'warn' },
  },
  {
    id: 'npa-available-two-decimals-over-three-balance-truncated-behind-six-place-padding',
    description:
      'variant pair hunt 67: npa-available-two-decimals-over-three-balance-truncated\'s target (the lenient drainable customer holding 0.999 in its default program of 3 decimals, declared; balance figures int casts, pointsAvailable with 2 decimals) behind a gateway writing every Capillary amount with six places (amounts-trailing-zeros\'): the 32 parallel deductions read "0.000000" then "-31.000000" for -31.001, and the last pointsAvailable "-31.000000" was taken for the ledger (six decimals, past the program\'s three), so CAP-NPA-CONCURRENT-NO-LOST-UPDATE failed ("expected mainPoints -32", exit 1); the zeros past what the padded read beside it shows are the format\'s (the lead\'s padded-zero ruling, padded66\'s paddingReads)',
    options: {
      createLedger: (dataset) => new Ledger(drainableHoldingAFraction(dataset)),
      hooks: {
        reply: (operationId, reply, request) =>
          OPERATION_FAMILY[operationId] === 'capillary'
            ? amountsPaddedTo(6)(operationId, truncatedReadsAvailableInCents(operationId, reply, request))
            : reply,
      },
    },
    profile: lenientDefaultProgramOfThreeDecimals,
    shows: { 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE': 'warn' },
  },
  {
    id: 'npa-other-program-drain-available-over-programs-in-cents-summed-as-doubles',
    description:
      "variant pair hunt 67: npa-other-program-drain-available-over-programs-in-cents-half-up-behind-summed-raised-figures' target (1008 holding 12.345 in program 973 beside 0.25 in 469, pointsAvailable the customer's points over all programs in cents half up, balance figures raised whole, totalPoints their sum) summing the programs' cents as doubles, so pointsAvailable is a JSON number one binary step off its cents (-16.519999999999996, as 0.1 + 0.2 gives; amounts-float-noise's form): decimal-precision.within read it as 15 decimals, past the program's 3, so judged the next answer exactly against -17.521, and CAP-NPA-DECIMALS-WITHIN failed (exit 1) where the same cents written exactly warn",
    options: {
      createLedger: availableOverProgramsInCentsHalfUp(),
      hooks: familyHooks('capillary', { reply: centsSummedAsDoubles }),
    },
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-minimum-one-point-own-code-behind-whole-half-up-reads',
    description:
      "variant pair hunt 64: npa-minimum-one-point-own-code's target (a deduction under one point refused with a code of its own, 8998: the table types pointsToBeAdjusted Integer) over a ledger keeping decimals (+0.63 per program, the deduction page's round decimals) whose balance figures are written whole, rounded half up (the balance page's table types them int), as dual-list-lookup-float-text-exact-beside-primary-whole-half-up's primary does: negative-balance.exact-balance-other-program's read of a whole balance was refused 8907, the probe a point less took it, and the 0.63 left, under one point, was refused 8998; CAP-NPA-EXACT-BALANCE failed (\"expected a 2xx\", exit 1) where nothing says a balance was refused",
    options: {
      createLedger: (dataset) =>
        new Ledger(withOrgMainPoints(dataset, ['strict', 'lenient'], (p) => p + 0.63)),
      handlers: { negativePointsAdjustment: minimumOnePointOwnCode },
      hooks: { reply: balanceAsWholeNumbers(roundHalfUp) },
    },
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  // --- variant hunt 65 (helper, 2026-12-07): ledgers behind summed balance displays ---
  {
    id: 'npa-whole-second-program-holding-a-half-behind-summed-half-even',
    description:
      "variant hunt 65, from variant hunt 64's ledger sweep: npa-lenient-in-the-red-whole-second-program's target (program 973 configured with 0 round decimals, as the profile declares, while strict 1001 still holds the 120.5 it had there: round decimals bound the amounts a deduction may carry, 8906, not a balance earned or migrated in) whose balance DTO writes each figure whole half to even and totalPoints as their written sum (bal-total-summed-from-whole-half-even-figures-in-the-red's display): decimal-precision.within's deduction of 1 from 116.5 reads 116 before and after (115.5 a tie too), and CAP-NPA-DECIMALS-WITHIN failed (\"expected mainPoints 115\", exit 1). A read one unit off a move by an odd number of units, both even, is now confirmed by one more point deducted, as the other moves' ties are",
    options: {
      createLedger: lenientInTheRedWholeSecondProgram,
      hooks: familyHooks('capillary', { reply: totalOfShownFigures(halfEvenTo(0)) }),
    },
    profile: roundDecimalsDeclared(973, 0),
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
  },
  {
    id: 'npa-whole-point-program-drain-behind-summed-raised-figures',
    description:
      "variant hunt 65, from the ledger sweep: npa-whole-point-program's target (the default program 469 configured with 0 round decimals, as the profile declares, while the drainable customer 1005 still holds the 19996.99 it had there: round decimals bound a deduction's amount, 8906, not a balance) whose balance DTO writes each figure whole, raised (setScale(0, CEILING)), and totalPoints as their written sum: the exact balance read, 19997, was refused with 8907 and CAP-NPA-EXACT-BALANCE failed (exit 1), the probe a point less never sent for a whole program. It is sent now, and pointsAvailable showing the fraction left (0.99) warns",
    options: {
      createLedger: (dataset) => new Ledger(withRoundDecimals(dataset, 469, 0)),
      hooks: familyHooks('capillary', { reply: totalOfShownFigures(Math.ceil) }),
    },
    profile: roundDecimalsDeclared(469, 0),
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'bal-default-read-truncated-total-zero-promised-left-out-written-as-three-place-strings',
    description:
      "variant pair hunt 65 (bal-default-read-truncated-total-zero-promised-left-out with amount-forms-swapped): that target (the read without programId writing mainPoints exact beside totalPoints as a long, truncated; no promised figure once nothing is promised) writing every balance amount as a string with three decimal places (\"290.000\", as the vendor's sibling APIs answer) and the other amounts in amount-forms-swapped's forms: once the unlock emptied 973's promise, the whole total read with three zero places beside main's three decimals, and CAP-UPP-MOVE failed (promised-points.second-program: main +12.675, promised −13.327; .filters: main +15, promised −14.476; exit 1) where the same total written whole warns. The zeros are the format's (the deduction page writes its Integer-typed pointsAvailable \"670.000\"; the lead's ruling of bal-total-whole-written-with-three-zero-places), not the ledger's decimals",
    options: {
      createLedger: strictSecondProgramHolding(3.999),
      hooks: {
        reply: (operationId, reply, request) =>
          amountFormsSwapped(
            operationId,
            defaultReadTruncatedZeroPromisedOmitted(operationId, reply, request),
          ),
      },
    },
    shows: { 'CAP-UPP-MOVE': 'warn' },
  },
  {
    id: 'bal-total-summed-from-whole-half-even-figures-zero-promised-left-out',
    description:
      'variant pair hunt 65 (bal-total-summed-from-whole-half-even-figures-everyone-holding-a-half with balance-zero-amounts-omitted): that DTO (each figure whole, half to even, totalPoints the written main plus the written promised figures, over 0.5 points held in program 555, declared) whose serializer leaves out zero amounts and empty objects (no promisedPoints, no breakup once nothing is promised; the page marks no response field required): concurrency.parallel-unlock\'s unlock emptied the promise, the answers listed 25 points moved, the main read rose 26 (halves shown whole, half to even) and the written total with it, to 26 beside no promised figure, and CAP-UPP-CONCURRENT-ONCE failed on "total points unchanged (25)" (exit 1) where the same reading with promisedPoints 0 warns',
    options: {
      createLedger: (dataset) => new Ledger(withHalfPointForEveryone(dataset)),
      hooks: familyHooks('capillary', {
        reply: (operationId, reply, request) =>
          zeroPromisedAmountsOmitted(
            operationId,
            totalOfShownFigures(halfEvenTo(0))(operationId, reply, request),
          ),
      }),
    },
    profile: halfPointForEveryoneDeclared,
    shows: { 'CAP-UPP-CONCURRENT-ONCE': 'warn' },
  },
  {
    id: 'bal-total-summed-from-whole-half-even-figures-in-the-red-412-lock',
    description:
      'variant pair hunt 65 (bal-total-summed-from-whole-half-even-figures-in-the-red with concurrency-optimistic-412): that DTO (each figure whole, half to even, the total their sum, over -25.5 per program in the lenient org) with optimistic concurrency, a deduction or unlock refused with 412 when another one of the customer committed while it worked (the documents are silent): concurrency.deduction-racing-unlock\'s unlock was refused, one deduction of 1 taken, and main read -26 before and after (-25.5, then -26.5, both half to even -26); CAP-BAL-LEDGER failed ("mainPoints -27", exit 1) where the other concurrency checks confirm such a tie with one more point',
    options: {
      ...summedHalfEvenInTheRed(),
      handlers: optimisticPerCustomer(),
    },
  },
  {
    id: 'bal-total-summed-from-whole-half-even-figures-in-the-red-undeclared',
    description:
      'variant pair hunt 65 (bal-total-summed-from-whole-half-even-figures-in-the-red with npa-profile-without-decimals-or-extras): that DTO (each figure whole, half to even, the total their sum, over -25.5 per program in the lenient org) under a profile that declares no round decimals, no externalId, no promotion and no points award: input-validation.accepted-inputs took 19 points from -45.5 (read -46) to -64.5 (read -64, half to even), and CAP-NPA-ARITHMETIC failed on "mainPoints -65" (exit 1) where one more point confirms the tie',
    options: {
      ...summedHalfEvenInTheRed(),
    },
    profile: withoutDecimalsOrExtras,
  },
  // --- ptable66 (helper, 2026-12-07): variant hunt 65's open ledgers behind summed raised figures ---
  {
    id: 'bal-summed-raised-figures-program-totals-over-promised-decimals',
    description:
      "ptable66, variant hunt 65's open case: bal-main-and-total-whole-promised-with-decimals-half-even's ledger (strict 1001 holding 670.1 in program 469 beside 65.25 promised, 120.5 beside 12.675 in 973) behind a balance DTO writing each figure whole, raised (setScale(0, CEILING); the Response Parameters type them int), and totalPoints as the written mainPoints plus the written promised figures (\"the sum of both current redeemable points and promised points\"): a read over all programs sums the ledger per figure first. Each program's total then sits up to a unit per written figure above its exact total (737 for 735.35, 134 for 133.175) and the all-programs total 869 (868.525) lay two units under their sum, 871: balance.program-table's CAP-BAL-ALL-PROGRAMS-WITH-ID and -NO-ID failed (exit 1) judging each total as one display. Totals each written as the sum of their written figures now warn where, for one way of showing every figure, the ledger totals behind them can agree (programTotalsWrittenAsSums)",
    options: {
      createLedger: (dataset) =>
        new Ledger(promisedPlus(1001, 0.25)(holding({ 1001: { 469: 670.1 } })(dataset))),
      hooks: familyHooks('capillary', { reply: totalOfShownFigures(Math.ceil) }),
    },
    shows: { 'CAP-BAL-ALL-PROGRAMS-WITH-ID': 'warn', 'CAP-BAL-ALL-PROGRAMS-NO-ID': 'warn' },
  },
  {
    id: 'npa-other-program-drain-available-over-programs-in-cents-half-up-behind-summed-raised-figures',
    description:
      'ptable66, variant hunt 65\'s sweep: npa-other-program-drain-available-over-programs-in-cents-half-up\'s target (1008 holding 12.345 in program 973 beside 0.25 in 469, a deduction\'s pointsAvailable the sum over all programs with two decimals, half up) behind a balance DTO writing each figure whole, raised, and totalPoints as their written sum: with no read showing decimals, decimal-precision.within deducted 1.001 from 973 again after pointsAvailable "-14.520" (the sum rounded to the default program\'s cents, written with 973\'s three places) and CAP-NPA-DECIMALS-WITHIN failed on "-15.520" where -15.521 was expected (exit 1; it failed at 676403b too). Two answers padded past the decimals they show now warn where some ledger figure on the finest program\'s grid and that figure less the amount show as them under one way of showing (-14.515 and -15.516 half up); "1.010" then "0.010" after 1.01 still fails',
    shows: { 'CAP-NPA-DECIMALS-WITHIN': 'warn' },
    options: {
      createLedger: availableOverProgramsInCentsHalfUp(),
      hooks: familyHooks('capillary', { reply: totalOfShownFigures(Math.ceil) }),
    },
  },
  // --- padded66 (helper, 2026-12-07): variant hunt 65's drains behind a gateway padding every amount ---
  {
    id: 'npa-drain-raised-one-decimal-behind-three-place-gateway',
    description:
      'variant hunt 65: npa-drain-available-one-decimal-raised-like-the-read\'s target (1005 holding 1.01 in program 469, every balance figure and pointsAvailable setScale(1, CEILING)) behind a gateway writing every Capillary amount with three decimal places, as the deduction page\'s own example writes its Integer-typed pointsAvailable ("670.000"): the raised 0.1 left reads "0.100", the balance "1.100". CAP-NPA-EXACT-BALANCE and -DECIMALS-WITHIN failed (exit 1) on "0.100" taken for the ledger; pointsAvailable\'s zeros past what the padded reads beside it show are now the format\'s (padded66)',
    options: drainBehindThreePlaces(1.01, raisedTo(1), raisedTo(1)),
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'npa-drain-half-up-one-decimal-behind-three-place-gateway',
    description:
      'variant hunt 65: npa-drain-available-one-decimal-like-the-read\'s target (1005 holding 0.16 in program 469, every figure and pointsAvailable setScale(1, HALF_UP)) behind the three-place gateway: the balance reads "0.200", the 0.06 left "0.100". CAP-NPA-EXACT-BALANCE and -DECIMALS-WITHIN failed (exit 1); they warn now (padded66)',
    options: drainBehindThreePlaces(0.16, halfUpTo(1), halfUpTo(1)),
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  {
    id: 'npa-whole-drain-truncated-behind-three-place-gateway',
    description:
      'variant hunt 65: npa-whole-drain-available-integer-truncated\'s target (1005 holding 2.6 in program 469, every balance figure whole half up, pointsAvailable a truncated long) behind the three-place gateway: the balance reads "3.000", the 0.6 left "0.000", whole figures written as the example writes "670.000". CAP-NPA-EXACT-BALANCE, -DECIMALS-WITHIN and -POINTS-AVAILABLE failed (exit 1); they warn now (padded66)',
    options: drainBehindThreePlaces(2.6, roundHalfUp, Math.trunc),
    shows: { 'CAP-NPA-EXACT-BALANCE': 'warn' },
  },
  // --- padded67 (helper, 2026-12-07): sums over programs in program decimals behind the padding ---
  {
    id: 'npa-available-over-programs-in-program-decimals-half-even-behind-three-place-gateway',
    description:
      "variant hunt 65's sweep, re-run by padded67: npa-decimals-within-available-over-programs-in-program-decimals-half-even's ledger (a deduction's pointsAvailable the customer's points over all programs written with the named program's round decimals, half to even; the twoPrograms customers holding 3.75 and 1.25 in program 469 beside 2.125 and 1.875 in 973) behind a gateway writing every Capillary amount with three places, as the deduction page's example writes \"670.000\": 2.865 over all programs answered \"2.860\" beside a read of \"1.740\" in 469, and -14.875 \"-14.880\". CAP-NPA-POINTS-AVAILABLE and -NEGATIVE-ALLOWED failed (exit 1), taking the padded third zero for the finest program's exact decimal; beside reads padded past their program's decimals it is now the format's (padded67)",
    options: {
      createLedger: availableOverProgramsHalfEven(),
      hooks: familyHooks('capillary', { reply: amountsPaddedTo(3) }),
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  // --- pavail67 (helper, 2026-12-07): the same sums over programs, pointsAvailable alone padded ---
  {
    id: 'npa-available-over-programs-in-program-decimals-half-even-padded-alone',
    description:
      "padded67's sweep, rebuilt by pavail67: npa-decimals-within-available-over-programs-in-program-decimals-half-even's ledger (pointsAvailable the customer's points over all programs written with the named program's round decimals, half to even; the twoPrograms customers holding 3.75 and 1.25 in program 469 beside 2.125 and 1.875 in 973) answering pointsAvailable with three places, as the deduction page's example writes \"670.000\", its balance figures written shortest: 2.865 over all programs answered \"2.860\" beside a read of 1.74 in 469, and -15.875 \"-15.880\". CAP-NPA-POINTS-AVAILABLE and -NEGATIVE-ALLOWED failed (exit 1), taking the third zero for 973's exact decimal; against the sum over programs, zeros of a three-place pointsAvailable past the coarsest program's decimals are now the format's (writtenOverPrograms)",
    options: availablePaddedAlone(availableOverProgramsHalfEven()),
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-over-programs-in-program-decimals-truncated-padded-alone',
    description:
      'pavail67: npa-available-over-programs-in-program-decimals-truncated-behind-raised-whole-reads\'s ledger (every Capillary customer holding 2.01 in program 469 and 2.001 in 973, pointsAvailable their points over all programs with the named program\'s round decimals, truncated) with its balance figures written shortest and pointsAvailable alone with three places ("670.000"): 3.001 over all programs answered "3.000" failed CAP-NPA-POINTS-AVAILABLE and -NEGATIVE-ALLOWED (exit 1); it warns now (writtenOverPrograms)',
    options: availablePaddedAlone(availableWrittenBy(true, truncatedTo, false, atALastDecimal)),
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-over-programs-in-cents-half-up-padded-alone',
    description:
      "pavail67: npa-other-program-drain-available-over-programs-in-cents-half-up's ledger (pointsAvailable the customer's points over all programs with two decimals, half up, the default program's, whatever program the deduction names; 1008 holding 12.345 in 973 beside 0.25 in 469) with its balance figures written shortest and pointsAvailable alone with three places (\"670.000\"): a deduction from 973 answered \"780.490\" for 780.489 over all programs, and decimal-precision.within failed CAP-NPA-POINTS-AVAILABLE (exit 1), the third zero taken for 973's; the coarsest program's decimals of the customer (469's two) now bound it (writtenOverPrograms)",
    options: availablePaddedAlone(availableOverProgramsInCentsHalfUp()),
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  // --- gate67 (helper, 2026-12-07): the same sum behind a gateway's fixed places other than three ---
  {
    id: 'npa-available-over-programs-in-cents-half-up-behind-four-place-gateway',
    description:
      "gate67: npa-other-program-drain-available-over-programs-in-cents-half-up's ledger (pointsAvailable the customer's points over all programs with two decimals, half up, the default program's, whatever program the deduction names; 1008 holding 12.345 in 973 beside 0.25 in 469) behind a gateway writing every Capillary amount with four places (a DECIMAL(p, 4) column; no page says how many places an amount is written with): a deduction from 973 answered \"780.4900\" for 780.489 over all programs beside reads of \"116.4990\" in 973, and decimal-precision.within failed CAP-NPA-POINTS-AVAILABLE (exit 1), pavail67's reading applying to the example's three places only; where every padded read writes as many places as pointsAvailable, they are a gateway's format (writtenOverPrograms)",
    options: {
      createLedger: availableOverProgramsInCentsHalfUp(),
      hooks: familyHooks('capillary', { reply: amountsPaddedTo(4) }),
    },
    shows: { 'CAP-NPA-POINTS-AVAILABLE': 'warn' },
  },
  {
    id: 'npa-available-over-programs-in-program-decimals-half-even-behind-four-place-gateway',
    description:
      'gate67: npa-decimals-within-available-over-programs-in-program-decimals-half-even\'s ledger (a deduction\'s pointsAvailable the customer\'s points over all programs written with the named program\'s round decimals, half to even; the twoPrograms customers holding 3.75 and 1.25 in program 469 beside 2.125 and 1.875 in 973) behind a gateway writing every Capillary amount with four places: the sum over programs written "-14.8800" for -14.875 (negative-allowed) and "2.8600" for 2.865 beside a read of "1.7400" in 469 (decimal-precision.within) failed CAP-NPA-NEGATIVE-ALLOWED and -POINTS-AVAILABLE (exit 1), the padded reads making the written decimals 973\'s three; where every padded read writes as many places as pointsAvailable, they are a gateway\'s format (writtenOverPrograms)',
    options: {
      createLedger: availableOverProgramsHalfEven(),
      hooks: familyHooks('capillary', { reply: amountsPaddedTo(4) }),
    },
    shows: { 'CAP-NPA-NEGATIVE-ALLOWED': 'warn' },
  },
];

/**
 * The reference ledger with every Capillary customer holding one unit of each program's last
 * decimal over 2 points ({@link LAST_DECIMAL_HELD}): a display with fewer decimals than the program
 * hides it in every read (variant hunt 45).
 */
function everyCustomerAtALastDecimal(dataset: Dataset): Ledger {
  return new Ledger(atALastDecimal(dataset));
}

/**
 * {@link everyCustomerAtALastDecimal} answering a deduction's pointsAvailable as the customer's sum
 * over all programs, with 3 decimals (the finest program's): 2.01 less 1 and 1 in 469 beside 0.001
 * in 973 answers "0.011", then "-1.989".
 */
function everyCustomerAtALastDecimalSummed(dataset: Dataset): Ledger {
  return new AvailableOverAllPrograms(atALastDecimal(dataset));
}

/**
 * Every balance figure shown by `display`, and a deduction's pointsAvailable written with `fewer`
 * decimals less than the program it names keeps ({@link LAST_DECIMAL_HELD}; 469 without one), the
 * rest dropped toward zero (or as `rounded` rounds): a DECIMAL column per program, or one scale short of it.
 */
function shownWithAvailableInProgramDecimals(
  display: (points: number) => number,
  fewer: number,
  rounded: (decimals: number) => (points: number) => number = truncatedTo,
): (operationId: OperationId, reply: Reply, request: HookRequest) => Reply {
  const availableAs = deductionSuccess((body, request) => {
    const decimals = LAST_DECIMAL_HELD[Number(bodyRecord(request.body).programId ?? 469)]?.decimals ?? 2;
    const places = decimals - fewer;
    return { ...body, pointsAvailable: rounded(places)(Number(body.pointsAvailable)).toFixed(places) };
  });
  return (operationId, reply, request) =>
    balanceAsWholeNumbers(display)(operationId, availableAs(operationId, reply, request));
}

/**
 * The strict org with a third program (555, 1 round decimal) whose twoPrograms customer (1001) is
 * in it too, holding `points` there.
 */
function strictThirdProgramHolding(points: number): (dataset: Dataset) => Ledger {
  return thirdProgramHolding('strict', 1001, undefined, points);
}

/** The profile declaring {@link strictThirdProgramHolding}'s program on the org and its customer. */
function declaringStrictThirdProgram(profile: ProfileDocument): void {
  declaringThirdProgram(profile, 'strict', 1001);
}

/**
 * The lenient org with a third program (555, 1 round decimal) whose twoPrograms customer (2001) is
 * in it too, holding `points` there and `second` in 973 (its seed's where undefined).
 */
function lenientThirdProgramHolding(
  second: number | undefined,
  points: number,
): (dataset: Dataset) => Ledger {
  return thirdProgramHolding('lenient', 2001, second, points);
}

/** The profile declaring {@link lenientThirdProgramHolding}'s program on the org and its customer. */
function declaringLenientThirdProgram(profile: ProfileDocument): void {
  declaringThirdProgram(profile, 'lenient', 2001);
}

/**
 * Org `orgId` with a third program (555, 1 round decimal) whose customer `customerId` is in it too,
 * holding `points` there and `second` in 973 (its seed's where undefined), in a ledger of `Kind`.
 */
function thirdProgramHolding(
  orgId: string,
  customerId: number,
  second: number | undefined,
  points: number,
  Kind: typeof Ledger = Ledger,
): (dataset: Dataset) => Ledger {
  return (dataset) =>
    new Kind(
      withOrgs(dataset, (org) =>
        org.id !== orgId
          ? org
          : {
              ...org,
              programs: [...org.programs, { id: 555, name: 'Extra', roundDecimals: 1 }],
              customers: org.customers.map((c) =>
                c.id === customerId
                  ? {
                      ...c,
                      programs: [...c.programs, 555],
                      mainPoints: {
                        ...c.mainPoints,
                        ...(second === undefined ? {} : { 973: second }),
                        555: points,
                      },
                    }
                  : c,
              ),
            },
      ),
    );
}

/** The profile declaring {@link thirdProgramHolding}'s program on org `orgId` and its customer. */
function declaringThirdProgram(profile: ProfileDocument, orgId: string, customerId: number): void {
  const org = orgsOf(profile).find((candidate) => candidate.id === orgId);
  org?.config.programs.push({ id: 555, roundDecimals: 1 });
  org?.fixtures.customers[`customer-${customerId}`].programs.push(555);
}

/** The lenient org's twoPrograms customer (2001) holding `main` in 469 and `second` in 973. */
function lenientTwoProgramsHolding(main: number, second: number): (dataset: Dataset) => Ledger {
  return (dataset) =>
    new Ledger(
      withOrgs(dataset, (org) =>
        org.id !== 'lenient'
          ? org
          : {
              ...org,
              customers: org.customers.map((c) =>
                c.id === 2001 ? { ...c, mainPoints: { ...c.mainPoints, 469: main, 973: second } } : c,
              ),
            },
      ),
    );
}

/** The lenient org's twoPrograms customer (2001) holding `points` in program 973, 50 in 469 as seeded. */
function lenientSecondProgramHolding(points: number): (dataset: Dataset) => Ledger {
  return lenientTwoProgramsHolding(50, points);
}

/** The strict org's twoPrograms customer (1001) holding `points` in program 973. */
function strictSecondProgramHolding(points: number): (dataset: Dataset) => Ledger {
  return (dataset) =>
    new Ledger(
      withOrgs(dataset, (org) =>
        org.id !== 'strict'
          ? org
          : {
              ...org,
              customers: org.customers.map((c) =>
                c.id === 1001 ? { ...c, mainPoints: { ...c.mainPoints, 973: points } } : c,
              ),
            },
      ),
    );
}

/**
 * A handler of the store's identifiers: every listed name under INSTORE (and ALL, the deduction's
 * "every source"), only mobile under the other sources, where another name is answered `code`
 * (8013, its type unknown in that source, or 8015, no customer there by it).
 */
function storeIdentifierOnly(
  operationId: 'negativePointsAdjustment' | 'unlockPromisedPoints',
  code: 8013 | 8015,
): HandlerOverride {
  return (context) => {
    const source = queryValue(context.query, 'source') ?? '';
    const name = queryValue(context.query, 'identifierName') ?? '';
    if (!outsideStore(source, name)) return HANDLERS[operationId](context);
    return code === 8013
      ? capillaryError(8013, 'Lookup,Invalid identifier passed')
      : capillaryError(8015, 'Customer not found for the given identifiers');
  };
}

/** Whether a request names an identifier other than mobile under a source outside the store (INSTORE, ALL, none). */
const outsideStore = (source: string, name: string): boolean =>
  !['INSTORE', 'ALL', ''].includes(source) && !name.split(',').every((n) => n === 'mobile');

/** An unlock refusing, before the bill lookup, a billDate before `registered` (every customer's registration). */
function billDatesFrom(registered: string): HandlerOverride {
  return (context) => {
    const billDate = bodyRecord(context.body).billDate;
    return typeof billDate === 'string' && billDate.slice(0, 10) < registered
      ? capillaryError(82323294, 'billDate is before the customer registration date')
      : HANDLERS.unlockPromisedPoints(context);
  };
}

/** Today's date on a clock 14 hours ahead of UTC (Kiritimati), `days` back. */
const kiritimatiDate = (days = 0) =>
  new Date(Date.now() + 14 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);

/** An unlock validating billDate strictly (form, calendar day, not in the future on a UTC+14 clock). */
function billDateOnTheCalendar(context: HandlerContext): Reply {
  const billDate = bodyRecord(context.body).billDate;
  if (typeof billDate !== 'string') return HANDLERS.unlockPromisedPoints(context);
  const parts = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$/.exec(billDate);
  const [year, month, day] = (parts ?? []).slice(1).map(Number) as [number, number, number];
  const date = parts ? new Date(Date.UTC(year, month - 1, day)) : undefined;
  const onCalendar =
    date?.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  if (!onCalendar) return capillaryError(82323296, 'billDate must be a valid date in YYYY-MM-DD');
  return billDate.slice(0, 10) > kiritimatiDate()
    ? capillaryError(82323295, 'billDate is in the future')
    : HANDLERS.unlockPromisedPoints(context);
}

/** An unlock keeping bills of the last 365 days on a UTC+14 clock, refusing other billDates first. */
function billDatesOfTheLastYear(context: HandlerContext): Reply {
  const billDate = bodyRecord(context.body).billDate;
  const day = typeof billDate === 'string' ? billDate.slice(0, 10) : undefined;
  return day !== undefined && (day > kiritimatiDate() || day < kiritimatiDate(365))
    ? capillaryError(82323293, 'billDate is outside the retention period')
    : HANDLERS.unlockPromisedPoints(context);
}

/** pointsAvailable as a JSON number where the amount came as one, a three-place string otherwise. */
function availableInTheAmountForm(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (operationId !== 'negativePointsAdjustment' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const available = toAmount(body.pointsAvailable);
  if (available === undefined) return reply;
  const asString = typeof bodyRecord(request.body).pointsToBeAdjusted === 'string';
  return { ...reply, body: { ...body, pointsAvailable: asString ? available.toFixed(3) : available } };
}

/** Top-level domains email-validator (pydantic's EmailStr) refuses as special-use (RFC 6761, 6762, 7686). */
const SPECIAL_USE_TLDS = ['arpa', 'invalid', 'local', 'localhost', 'onion', 'test'];

/**
 * Handlers refusing, before any lookup, an email identifier (alone or in a list) that a FastAPI
 * target's EmailStr refuses: its domain under a special-use top-level domain.
 */
function emailShapeValidated(): Partial<Record<OperationId, HandlerOverride>> {
  return Object.fromEntries(
    (['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'] as const).map((op) => [
      op,
      ((context) => {
        const names = (queryValue(context.query, 'identifierName') ?? '').split(',');
        const values = (queryValue(context.query, 'identifierValue') ?? '').split(',');
        const tldOf = (value: string) => value.split('.').at(-1)?.toLowerCase() ?? '';
        const refused = names.some(
          (n, i) => n === 'email' && SPECIAL_USE_TLDS.includes(tldOf(values[i] ?? '')),
        );
        return refused
          ? capillaryError(
              UNMAPPED_VALIDATION_CODE,
              'value is not a valid email address: the domain name is a special-use or reserved name',
            )
          : HANDLERS[op](context);
      }) satisfies HandlerOverride,
    ]),
  );
}

/** The sharedSecondary pairs (1002/1003, 2002/2003) enrolled in 973 too, holding `points` there. */
function pairInTwoPrograms(dataset: Dataset, points: number): Dataset {
  return withOrgs(dataset, (org) => ({
    ...org,
    customers: org.customers.map((c) =>
      [1002, 1003, 2002, 2003].includes(c.id)
        ? { ...c, programs: [469, 973], mainPoints: { ...c.mainPoints, 973: points } }
        : c,
    ),
  }));
}

/** {@link pairInTwoPrograms} holding 7.5 points in 973, every balance figure written whole, half to even. */
function pairHoldingHalvesShownHalfEven(): FaultOptions {
  return {
    createLedger: (dataset) => new Ledger(pairInTwoPrograms(dataset, 7.5)),
    hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(halfEvenTo(0)) }),
  };
}

/** The profile of {@link pairInTwoPrograms}: the pair declares both programs. */
function declarePairInTwoPrograms(profile: ProfileDocument): void {
  for (const org of orgsOf(profile))
    for (const key of org.fixtures.roles.sharedSecondary) {
      const c = org.fixtures.customers[key];
      c.programs = [469, 973];
      delete c.programNotEnrolled;
    }
}

/**
 * The dataset with a second bill of each billWhole customer (B-1002-1, B-2003-1), numbered as the
 * first in lower case: the same event and promises, another event log.
 */
const withBillWholeInLowerCase = (dataset: Dataset): Dataset =>
  withOrgs(dataset, (org) => {
    for (const c of org.customers) {
      const bill = (c.bills ?? []).find((b) => ['B-1002-1', 'B-2003-1'].includes(b.billNumber));
      if (bill)
        c.bills?.push({
          ...structuredClone(bill),
          billNumber: bill.billNumber.toLowerCase(),
          eventLogId: bill.eventLogId + 500_000,
        });
    }
    return org;
  });

/** What a serializer writes for a refusal with nothing to say, per operation ({@link refusedWithJsonNothing}). */
const JSON_NOTHING: Partial<Record<OperationId, unknown>> = {
  negativePointsAdjustment: null,
  unlockPromisedPoints: [],
  getPointsBalance: '',
};

/** A refusal no document gives a code for answered with JSON's nothing: `null`, `[]` or `""`. */
function refusedWithJsonNothing(operationId: OperationId, reply: Reply): Reply {
  return uncodedRefusalsAs((refusal) => ({ ...refusal, body: JSON_NOTHING[operationId] ?? null }))(
    operationId,
    reply,
  );
}

/** Seconds a client of {@link oneTokenPerClientPerMinute} waits between two tokens. */
const TOKEN_INTERVAL_SECONDS = 60;

/**
 * A token handler issuing one token per OAuth client (its key) per {@link TOKEN_INTERVAL_SECONDS}:
 * a request within that time of the client's last token is answered 429 with `Retry-After`.
 */
function oneTokenPerClientPerMinute(issue: Handler = HANDLERS.generateOAuthToken): HandlerOverride {
  const issuedAt = new Map<string, number>();
  return (context) => {
    const key = String(bodyRecord(context.body).key ?? '');
    const last = issuedAt.get(key);
    if (last !== undefined && Date.now() - last < TOKEN_INTERVAL_SECONDS * 1000)
      return {
        ...capillaryError(429, 'Too Many Requests', 429),
        headers: { 'retry-after': String(TOKEN_INTERVAL_SECONDS) },
      };
    const reply = issue(context);
    if (reply.status === 200) issuedAt.set(key, Date.now());
    return reply;
  };
}

/** The dataset's ledger with every bill unlocked before the run (a rerun): the page's 82323282 after. */
function everyBillUnlockedBefore(dataset: Dataset): Ledger {
  const ledger = new Ledger(dataset);
  forEveryBill(dataset, (orgId, request) => ledger.unlock(orgId, request));
  return ledger;
}

/** Calls `unlock` with the whole-bill unlock of every bill of `dataset`, its customer named by its first identifier. */
function forEveryBill(
  dataset: Dataset,
  unlock: (orgId: string, request: UnlockRequest, bill: BillSeed) => void,
): void {
  for (const org of dataset.orgs)
    for (const customer of org.customers) {
      const [identifierName, identifierValue] = Object.entries(customer.identifiers)[0] ?? [];
      if (identifierName === undefined || identifierValue === undefined) continue;
      for (const bill of customer.bills ?? [])
        unlock(
          org.id,
          {
            identifierName,
            identifierValue,
            type: 'CUSTOMER',
            billNumber: bill.billNumber,
            eventName: bill.eventName,
            eventLogIds: [],
          },
          bill,
        );
    }
}

/**
 * An `authenticate` hook locking a known till's username once its Basic credentials have failed
 * `failures` times: from then on every request naming it is refused, right password or not.
 */
function tillLockedAfterFailures(failures: number): NonNullable<FaultOptions['hooks']>['authenticate'] {
  const failed = new Map<string, number>();
  const known = new Set(
    loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) => o.credentials.tills.map((t) => t.username)),
  );
  return (_operationId, result, headers) => {
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (!basic?.[1] || headers['x-cap-api-oauth-token']) return result;
    const username = Buffer.from(basic[1], 'base64').toString('utf8').split(':')[0] ?? '';
    if (!known.has(username)) return result;
    const count = failed.get(username) ?? 0;
    if (count >= failures) return { ok: false, reason: 'the till is locked after repeated failures' };
    if (!result.ok) failed.set(username, count + 1);
    return result;
  };
}

/** The error codes of an answer, in order. */
function replyCodes(reply: Reply): unknown[] {
  return ((bodyRecord(reply.body).errors as { code?: unknown }[] | undefined) ?? []).map((e) => e.code);
}

/** A deduction's 8015 beside a programId answered with 1218 first: an unknown customer is enrolled nowhere. */
function notEnrolledBesideNotFound(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (operationId !== 'negativePointsAdjustment' || bodyRecord(request.body).programId === undefined)
    return reply;
  if (!replyCodes(reply).includes(8015)) return reply;
  const body = bodyRecord(reply.body);
  const notEnrolled = { status: false, code: 1218, message: 'Customer is not enrolled in the program' };
  return { ...reply, body: { ...body, errors: [notEnrolled, ...(body.errors as unknown[])] } };
}

/** A deduction whose reason a latin1 column cannot hold is refused (a code of the target). */
function reasonInLatin1(context: HandlerContext): ReturnType<Handler> {
  const reason = bodyRecord(context.body).reasonOfReturn;
  return typeof reason === 'string' && [...reason].some((c) => (c.codePointAt(0) ?? 0) > 0xff)
    ? capillaryError(9401, 'reasonOfReturn has characters outside latin1')
    : HANDLERS.negativePointsAdjustment(context);
}

/**
 * A zero with decimals named to whole-point program 469 (or none: the default, 469) is 8906: the
 * decimals are tested before the zero (8888 comes from request validation, so the answer is rewritten).
 */
function decimalsBeforeZeroIn469(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const body = bodyRecord(request.body);
  const amount = body.pointsToBeAdjusted;
  const in469 = body.programId === undefined || Number(body.programId) === 469;
  return operationId === 'negativePointsAdjustment' &&
    in469 &&
    typeof amount === 'string' &&
    /^0\.0+$/.test(amount) &&
    replyCodes(reply).includes(8888)
    ? capillaryError(
        8906,
        `decimal places passed: ${amount.length - 2} is greater than the configured round decimals: 0 for programId: 469`,
        reply.status,
      )
    : reply;
}

/** A promotionId without programId is refused with 8887, as the page's promotionIdentifier note says of the identifier. */
function promotionIdNeedsProgram(context: HandlerContext): ReturnType<Handler> {
  const body = bodyRecord(context.body);
  return body.promotionId !== undefined && body.programId === undefined
    ? capillaryError(8887, 'programId is required with a promotion')
    : HANDLERS.negativePointsAdjustment(context);
}

/** An unlock with its bill number in upper case: a lookup and once-only mark that ignore case. */
function billNumberInUpperCase(context: HandlerContext): ReturnType<Handler> {
  const body = bodyRecord(context.body);
  return HANDLERS.unlockPromisedPoints(
    typeof body.billNumber === 'string'
      ? { ...context, body: { ...body, billNumber: body.billNumber.toUpperCase() } }
      : context,
  );
}

/** The eventLogIds an unlock names, as numbers. */
function eventLogIdsOf(body: Record<string, unknown>): number[] {
  const ids = body.eventLogId;
  return (Array.isArray(ids) ? ids : ids === undefined ? [] : [ids]).map(Number);
}

/** An unlock naming an event log with nothing left to unlock answers 3918 (the log was consumed) instead of 82323282. */
function consumedEventLog3918(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  return operationId === 'unlockPromisedPoints' &&
    eventLogIdsOf(bodyRecord(request.body)).length > 0 &&
    replyCodes(reply).includes(82323282)
    ? capillaryError(3918, 'Error unlocking points: no eventLog found for given eventLogId', reply.status)
    : reply;
}

/** The event logs of the shipped dataset's bills. */
const KNOWN_EVENT_LOGS = new Set(
  loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) =>
    o.customers.flatMap((c) => (c.bills ?? []).map((b) => Number(b.eventLogId))),
  ),
);

/** An unlock naming an event log the org does not have is 3918 before its bill is looked up. */
function eventLogsCheckedFirst(context: HandlerContext): ReturnType<Handler> {
  return eventLogIdsOf(bodyRecord(context.body)).some((id) => !KNOWN_EVENT_LOGS.has(id))
    ? capillaryError(3918, 'Error unlocking points: no eventLog found for given eventLogId')
    : HANDLERS.unlockPromisedPoints(context);
}

/** The mandatory query parameter (source, then identifierName) a hook's request leaves out, if any. */
function missingNpaParameter(request: HookRequest): string | undefined {
  return ['source', 'identifierName'].find((name) => request.query[name] === undefined);
}

/**
 * A reply hook answering each refused deduction that leaves out source or identifierName as
 * `answer` does: a framework's required-parameter check, run before any business code but after
 * authentication (the reference fills the query only once the caller is authenticated).
 */
function missingNpaParameterAnswered(
  answer: (reply: Reply, name: string) => Reply,
): (operationId: OperationId, reply: Reply, request: HookRequest) => Reply {
  return (operationId, reply, request) => {
    const name =
      operationId === 'negativePointsAdjustment' && isRefusal(reply)
        ? missingNpaParameter(request)
        : undefined;
    return name ? answer(reply, name) : reply;
  };
}

/** `hook`, then every Capillary 400 it leaves carrying the envelope's code moved to 422. */
function codedErrorsIn422(
  hook: (operationId: OperationId, reply: Reply, request: HookRequest) => Reply,
): (operationId: OperationId, reply: Reply, request: HookRequest) => Reply {
  return (operationId, reply, request) => {
    const answer = hook(operationId, reply, request);
    return answer.status === 400 && envelopeCodes(answer.body)?.length ? { ...answer, status: 422 } : answer;
  };
}

/**
 * A deduction sent to whole-point program 469 (or to none: the default, 469) with decimals and
 * refused is 8906, whatever its sign: the decimals are tested before the sign.
 */
function decimalsBeforeSignIn469(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const body = bodyRecord(request.body);
  const amount = toAmount(body.pointsToBeAdjusted);
  const in469 = body.programId === undefined || Number(body.programId) === 469;
  return operationId === 'negativePointsAdjustment' &&
    in469 &&
    isRefusal(reply) &&
    amount !== undefined &&
    !Number.isInteger(amount)
    ? capillaryError(
        8906,
        'decimal places passed: 1 is greater than the configured round decimals: 0 for programId: 469',
        reply.status,
      )
    : reply;
}

/** AWS API Gateway's request validator refusing a deduction without source or identifierName. */
function gatewayRefusal(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  return missingNpaParameterAnswered((answer, name) => ({
    ...answer,
    status: 400,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'BadRequestException' },
    body: { message: `Missing required request parameters: [${name}]` },
  }))(operationId, reply, request);
}

// --- variant hunt 34: authentication and the OAuth token ---

/** The suffix of the key and secret of the OAuth clients without the Points scope ({@link restrictedOAuthClients}). */
const READ_ONLY_CLIENT = '-readonly';

/**
 * Beside each org's OAuth client, a client `<key>-readonly` (secret `<secret>-readonly`) whose
 * tokens carry the Default access group only; one token per client per minute; and the access
 * group's refusal answered by a gateway, 403 `{"message":"Forbidden"}` without the envelope.
 */
function restrictedOAuthClients(): FaultOptions {
  const readOnlyTokens = new Set<string>();
  const issue: Handler = (context) => {
    const { key, secret } = bodyRecord(context.body);
    const client = String(key ?? '');
    if (!client.endsWith(READ_ONLY_CLIENT)) return HANDLERS.generateOAuthToken(context);
    const unsuffixed = (text: unknown) => String(text ?? '').slice(0, -READ_ONLY_CLIENT.length);
    const reply = HANDLERS.generateOAuthToken({
      ...context,
      body: { key: unsuffixed(key), secret: unsuffixed(secret) },
    });
    if (reply.status === 200) readOnlyTokens.add(String(bodyRecord(bodyRecord(reply.body).data).accessToken));
    return reply;
  };
  return {
    handlers: { generateOAuthToken: oneTokenPerClientPerMinute(issue) },
    hooks: familyHooks('capillary', {
      authenticate: (_operationId, result, headers) => {
        const token = headers['x-cap-api-oauth-token'];
        return result.ok && typeof token === 'string' && readOnlyTokens.has(token)
          ? { ...result, accessGroups: ['Default'] }
          : result;
      },
      reply: (operationId, reply) =>
        CAPILLARY_OPERATIONS.includes(operationId) && reply.status === 403
          ? jsonAnswer(403, { message: 'Forbidden' })
          : reply,
    }),
  };
}

/**
 * An AWS API Gateway authorizer's refusals, both families: no credentials 401
 * `{"message":"Unauthorized"}`, credentials it refuses 403 with its own message.
 */
function awsGatewayRefusals(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (operationId === 'generateOAuthToken' || reply.status !== 401) return reply;
  const sent =
    request.headers.authorization !== undefined || request.headers['x-cap-api-oauth-token'] !== undefined;
  return sent
    ? {
        status: 403,
        body: { message: 'User is not authorized to access this resource' },
        headers: { 'x-amzn-errortype': 'AccessDeniedException' },
      }
    : {
        status: 401,
        body: { message: 'Unauthorized' },
        headers: { 'x-amzn-errortype': 'UnauthorizedException' },
      };
}

/**
 * A token endpoint answering a client's token again while it lives, with the whole seconds it has
 * left rounded up, and a new one only once it has expired; expired tokens refused with 401.
 */
function currentTokenReissued(): FaultOptions {
  const current = new Map<string, { token: string; expiresAt: number }>();
  return {
    handlers: {
      generateOAuthToken: (context) => {
        const key = String(bodyRecord(context.body).key ?? '');
        const live = current.get(key);
        const now = Date.now();
        if (live && live.expiresAt > now)
          return {
            status: 200,
            body: {
              data: { accessToken: live.token, ttlSeconds: Math.ceil((live.expiresAt - now) / 1000) },
              errors: null,
            },
          };
        const reply = HANDLERS.generateOAuthToken(context);
        if (reply.status !== 200) return reply;
        const token = String(bodyRecord(bodyRecord(reply.body).data).accessToken);
        current.set(key, { token, expiresAt: now + REISSUED_TOKEN_TTL_SECONDS * 1000 });
        return {
          status: 200,
          body: { data: { accessToken: token, ttlSeconds: REISSUED_TOKEN_TTL_SECONDS }, errors: null },
        };
      },
    },
    hooks: familyHooks('capillary', {
      authenticate: (_operationId, result, headers) => {
        const token = headers['x-cap-api-oauth-token'];
        const expired = [...current.values()].some((c) => c.token === token && c.expiresAt <= Date.now());
        return expired ? { ok: false, reason: 'OAuth token expired' } : result;
      },
      reply: async (_operationId, reply) => {
        await new Promise((resolve) => setTimeout(resolve, 15));
        return reply;
      },
    }),
  };
}

/**
 * A reply hook answering a failed authentication 429 (Retry-After: 1) once {@link AUTH_FAILURE_LIMIT}
 * failures were refused within {@link AUTH_FAILURE_WINDOW_MS}; the 429s themselves are not counted.
 */
function failedAuthenticationsLimited(): NonNullable<ReferenceHooks['reply']> {
  const refusedAt: number[] = [];
  return (operationId, reply) => {
    if (reply.status !== 401) return reply;
    const now = Date.now();
    while (refusedAt.length > 0 && now - refusedAt[0]! > AUTH_FAILURE_WINDOW_MS) refusedAt.shift();
    if (refusedAt.length < AUTH_FAILURE_LIMIT) {
      refusedAt.push(now);
      return reply;
    }
    const limited =
      OPERATION_FAMILY[operationId] === 'fabric'
        ? fabricReply(429, 'Too Many Requests', null, { code: '429', message: 'too many failed attempts' })
        : capillaryError(429, 'Too many failed authentication attempts', 429);
    return { ...limited, headers: { 'retry-after': '1' } };
  };
}

/**
 * OAuth tokens issued as a JWT of about 4.6 KB (a header, claims padded to that size, and the
 * reference's own token as its signature), mapped back to the reference's token before it
 * authenticates.
 */
function longJwtTokens(): NonNullable<FaultOptions['hooks']> {
  const issued = new Map<string, string>();
  const claims = Buffer.from(JSON.stringify({ iss: 'intouch', scope: 'x'.repeat(3_400) })).toString(
    'base64url',
  );
  return {
    reply: (operationId, reply) => {
      if (operationId !== 'generateOAuthToken' || reply.status !== 200) return reply;
      const body = bodyRecord(reply.body);
      const data = bodyRecord(body.data);
      const jwt = `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.${claims}.${String(data.accessToken)}`;
      issued.set(jwt, String(data.accessToken));
      return { ...reply, body: { ...body, data: { ...data, accessToken: jwt } } };
    },
    intercept: (_operationId, request) => {
      const token = request.headers['x-cap-api-oauth-token'];
      const own = typeof token === 'string' ? issued.get(token) : undefined;
      if (own) request.headers['x-cap-api-oauth-token'] = own;
      return undefined;
    },
  };
}

/**
 * An authenticate hook matching Basic credentials the reference refused against the dataset's
 * tills ignoring case, in the username and in the md5 hex digest.
 */
function tillsMatchedIgnoringCase(): NonNullable<ReferenceHooks['authenticate']> {
  const tills = new Map(
    loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((org) =>
      org.credentials.tills.map((till) => [till.username.toLowerCase(), { org: org.id, till }] as const),
    ),
  );
  return (_operationId, result, headers) => {
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (result.ok || !basic?.[1] || headers['x-cap-api-oauth-token'] !== undefined) return result;
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const known = tills.get(decoded.slice(0, colon).toLowerCase());
    return known && colon >= 0 && decoded.slice(colon + 1).toLowerCase() === md5hex(known.till.password)
      ? { ok: true, principal: known.org, accessGroups: known.till.accessGroups ?? DEFAULT_ACCESS_GROUPS }
      : result;
  };
}

/** fabric's 401s as RFC 6750 challenges: `invalid_request` without a usable token, `invalid_token` with one. */
function bearerChallenges(_operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (reply.status !== 401) return reply;
  const token = /^Bearer\s+\S/i.test(request.headers.authorization ?? '');
  const error = token ? 'invalid_token' : 'invalid_request';
  return {
    status: 401,
    body: { error, error_description: token ? 'The access token is invalid' : 'A bearer token is required' },
    headers: { 'www-authenticate': `Bearer realm="loyalty"${token ? ', error="invalid_token"' : ''}` },
  };
}

/**
 * An unlock that reads its type only after the bill: with a type outside the list (the spec's
 * validation answers 82323276 first, so the answer is rewritten), a bill of no customer is 82323277
 * and a bill this run unlocked whole is 82323282. What was unlocked is kept per provider started.
 */
function typeAfterTheBill(): FaultOptions {
  // The shipped dataset's bill numbers are unique over its orgs.
  const bills = new Set(
    loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) =>
      o.customers.flatMap((c) => (c.bills ?? []).map((b) => b.billNumber)),
    ),
  );
  const usedUp = new Set<string>();
  return {
    createLedger: (dataset) => {
      usedUp.clear();
      return new Ledger(dataset);
    },
    hooks: familyHooks('capillary', {
      reply: (operationId, reply, request) => {
        if (operationId !== 'unlockPromisedPoints') return reply;
        const body = bodyRecord(request.body);
        const bill = String(body.billNumber);
        const whole = ['lineItemIds', 'itemCodes', 'eventLogId'].every((field) => body[field] === undefined);
        if (reply.status === 200 && whole) usedUp.add(bill);
        if (!replyCodes(reply).includes(82323276) || body.billNumber === undefined) return reply;
        if (!bills.has(bill))
          return capillaryError(82323277, 'No bill found for given bill number.', reply.status);
        return usedUp.has(bill)
          ? capillaryError(82323282, 'No promise points found to unlock.', reply.status)
          : reply;
      },
    }),
  };
}

/** An unlock answer whose promotion lines carry a promotionId past 2^53 (as digits) and no promotionIdentifier. */
function promotionIdsPast2To53(operationId: OperationId, reply: Reply): Reply {
  const marker = 424_242;
  const answer = unlockLines((line) => {
    if (line.promotionId === undefined) return line;
    const { promotionIdentifier: _identifier, ...rest } = line;
    return { ...rest, promotionId: marker };
  })(operationId, reply);
  if (answer === reply) return reply;
  const text = JSON.stringify(answer.body);
  return text.includes(`"promotionId":${marker}`)
    ? { ...answer, rawBody: text.replaceAll(`"promotionId":${marker}`, '"promotionId":9007199254740993') }
    : reply;
}

/** An unlock naming a JSON-number billNumber past 2^31 - 1 refused by Spring Boot's binding, no code. */
function longBillNumbersRefusedBySpring(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const billNumber = bodyRecord(request.body).billNumber;
  return operationId === 'unlockPromisedPoints' && typeof billNumber === 'number' && billNumber > 2 ** 31 - 1
    ? {
        status: 400,
        body: {
          timestamp: '2026-12-06T00:00:00.000+00:00',
          status: 400,
          error: 'Bad Request',
          path: '/v2/points/unlockPromisedPoints',
        },
      }
    : reply;
}

/** The promised figures at the top level (numbers) and in the breakup as strings, its zero ones left out. */
function breakupWithoutZeroFigures(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  return balanceBodyAs((body) => {
    const breakup = bodyRecord(body.promisedPointsBreakup);
    return {
      ...body,
      ...breakup,
      promisedPointsBreakup: Object.fromEntries(
        Object.entries(breakup)
          .filter(([, value]) => Number(value) !== 0)
          .map(([field, value]) => [field, Number(value).toFixed(3)]),
      ),
    };
  })(operationId, reply, request);
}

/** The promised figures at the top level, and an empty breakup where they are both zero. */
function breakupEmptyWhenNothingPromised(
  operationId: OperationId,
  reply: Reply,
  request: HookRequest,
): Reply {
  return balanceBodyAs((body) => {
    const breakup = bodyRecord(body.promisedPointsBreakup);
    const nothing = Object.values(breakup).every((value) => Number(value) === 0);
    return { ...body, ...breakup, promisedPointsBreakup: nothing ? {} : breakup };
  })(operationId, reply, request);
}

/** A read without programId: mainPoints a three-place string, totalPoints computed from tens of points in doubles. */
function defaultProgramReadWrittenOtherwise(
  operationId: OperationId,
  reply: Reply,
  request: HookRequest,
): Reply {
  return balanceBodyAs((body, hook) =>
    hook.query.programId === undefined
      ? {
          ...body,
          mainPoints: Number(body.mainPoints).toFixed(3),
          totalPoints: Number(body.totalPoints) * 0.1 * 10,
        }
      : undefined,
  )(operationId, reply, request);
}

/**
 * A read without programId writing mainPoints as a three-place string of the ledger's figure and
 * totalPoints as `total` writes it; a read naming a program every figure whole, as `whole` rounds it.
 */
function defaultReadExactOtherReadsWhole(
  whole: (points: number) => number,
  total = (points: number): number | string => points.toFixed(3),
) {
  return (operationId: OperationId, reply: Reply, request: HookRequest): Reply =>
    request.query.programId === undefined
      ? balanceBodyAs((body) => ({
          ...body,
          mainPoints: Number(body.mainPoints).toFixed(3),
          totalPoints: total(Number(body.totalPoints)),
        }))(operationId, reply, request)
      : balanceAsWholeNumbers(whole)(operationId, reply);
}

/**
 * A read without programId writing mainPoints exact and totalPoints as a long (truncated), reads
 * naming a program truncated whole, and no promised figure where it is zero (a serializer leaving
 * zeros and empty objects out): variant pair hunt 64's target, and 65's behind a padding gateway.
 */
function defaultReadTruncatedZeroPromisedOmitted(
  operationId: OperationId,
  reply: Reply,
  request: HookRequest,
): Reply {
  return zeroPromisedAmountsOmitted(
    operationId,
    defaultReadExactOtherReadsWhole(Math.trunc, Math.trunc)(operationId, reply, request),
  );
}

/**
 * A balance answer without promisedPoints and each promisedPointsBreakup amount that is zero (the
 * breakup itself left out where all are): a serializer leaving zeros and empty objects out.
 */
function zeroPromisedAmountsOmitted(operationId: OperationId, reply: Reply): Reply {
  if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
  const { promisedPoints, promisedPointsBreakup, ...body } = bodyRecord(reply.body);
  const breakup = Object.fromEntries(
    Object.entries(bodyRecord(promisedPointsBreakup)).filter(([, v]) => Number(v) !== 0),
  );
  return {
    ...reply,
    body: {
      ...body,
      ...(Number(promisedPoints) === 0 ? {} : { promisedPoints }),
      ...(Object.keys(breakup).length ? { promisedPointsBreakup: breakup } : {}),
    },
  };
}

/** A lookup with several identifiers answering its entityId written as a double (`1002.0`). */
function listLookupEntityIdAsFloatText(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const names = request.query.identifierName;
  if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
  if (typeof names !== 'string' || !names.includes(',')) return reply;
  const body = bodyRecord(reply.body);
  if (typeof body.entityId !== 'number' || !Number.isSafeInteger(body.entityId)) return reply;
  return {
    ...reply,
    rawBody: JSON.stringify(body).replace(`"entityId":${body.entityId}`, `"entityId":${body.entityId}.0`),
  };
}

// --- variant hunt 37 ---

/** The string fields of a fabric adjustment (string | null, minimum length 1). */
const FABRIC_STRINGS = ['pointType', 'billingEntity', 'reasonCode'] as const;

/** An adjustment as its parsed command: a null string as an absent one, setToPending's default applied. */
function commandOf(body: unknown): string {
  const b = bodyRecord(body);
  return JSON.stringify([
    b.profileId,
    Number(b.points),
    ...FABRIC_STRINGS.map((field) => b[field] ?? null),
    b.setToPending === true,
  ]);
}

/**
 * {@link duplicatesRefused} for fabric's adjustment, a duplicate told by {@link commandOf} rather
 * than by the body's bytes.
 */
function commandDuplicatesRefused(
  windowMs: number,
  answer: HandlerOverride = HANDLERS.adjustMemberPoints,
): HandlerOverride {
  const taken = new Map<string, number>();
  return async (context) => {
    const key = `${context.principal}:${commandOf(context.body)}`;
    const at = Date.now();
    const before = taken.get(key);
    if (before !== undefined && at - before < windowMs)
      return fabricReply(409, 'duplicate adjustment', null, {
        code: '409',
        message: 'the same adjustment was just taken',
      });
    const reply = await answer(context);
    if (reply.status === 200) taken.set(key, at);
    return reply;
  };
}

/** The spec's minimum lengths left to the tenant's own validation ({@link reasonLookedUpBeforeLengths}). */
function withoutMinLengths(operationId: OperationId, validation: ValidationResult): ValidationResult {
  return dropIssues('adjustMemberPoints', (issue) => issue.keyword === 'minLength')(operationId, validation);
}

/** The reasonCode looked up first (404 for one the tenant lacks), then the strings' lengths (422). */
function reasonLookedUpBeforeLengths(context: HandlerContext): Reply {
  const body = bodyRecord(context.body);
  const { reasonCode } = body;
  if (typeof reasonCode === 'string' && reasonCode !== '' && !TENANT_REASON_CODES.has(reasonCode))
    return fabricReply(404, `Reason code ${reasonCode} not found`, null, { reasonCode: 'not found' });
  const blank = FABRIC_STRINGS.filter((field) => body[field] === '');
  if (blank.length > 0)
    return fabricReply(
      422,
      'Validation failed',
      null,
      Object.fromEntries(blank.map((field) => [field, 'must not be blank'])),
    );
  return HANDLERS.adjustMemberPoints(context);
}

/** A deduction's 200 in its own words: message, errors null, data without futureDate. */
function deductionsInOwnWords(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const points = Number(bodyRecord(request.body).points);
  if (operationId !== 'adjustMemberPoints' || reply.status !== 200 || !(points < 0)) return reply;
  const body = bodyRecord(reply.body);
  return {
    ...reply,
    body: {
      ...body,
      message: 'Member points redeemed',
      errors: null,
      data: {
        Message: `${formatFixed(toMicro(-points), 1)} points redeemed`,
        ExceptionString: null,
        transactionCode: bodyRecord(body.data).transactionCode,
      },
    },
  };
}

/** A gateway's refusal of an adjustment naming an empty string, whatever the tenant would answer. */
function emptyStringsRefusedByGateway(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const body = bodyRecord(request.body);
  return operationId === 'adjustMemberPoints' && FABRIC_STRINGS.some((field) => body[field] === '')
    ? { status: 400, body: { message: 'Invalid request body' } }
    : reply;
}

/** pointsAvailable as BigDecimal.stripTrailingZeros().toPlainString() writes it. */
function pointsAvailableStrippedPlain(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  return deductionSuccess((body) => ({ ...body, pointsAvailable: String(Number(body.pointsAvailable) + 0) }))(
    operationId,
    reply,
    request,
  );
}

type MemberState = NonNullable<ReturnType<Ledger['member']>>;

/**
 * A member inquiry served by a replica: each member as it stood `lagMs` before (the state after
 * the last adjustment at least that old), the adjustments answered by the reference.
 */
function fabricInquiryReplica(lagMs: number): { adjust: HandlerOverride; inquire: HandlerOverride } {
  const history = new Map<string, { at: number; member: MemberState }[]>();
  const keyOf = (principal: string, profileId: string) => `${principal}:${profileId}`;
  return {
    adjust: (context) => {
      const profileId = String(bodyRecord(context.body).profileId);
      const before = context.ledger.member(context.principal, profileId);
      const reply = HANDLERS.adjustMemberPoints(context);
      const after = context.ledger.member(context.principal, profileId);
      if (before && after) {
        const key = keyOf(context.principal, profileId);
        const states = history.get(key) ?? [{ at: -Infinity, member: before }];
        history.set(key, [...states, { at: performance.now(), member: after }]);
      }
      return reply;
    },
    inquire: (context) => {
      const reply = HANDLERS.inquireMemberPoints(context);
      const states = history.get(keyOf(context.principal, context.pathParams.profileId ?? ''));
      if (reply.status !== 200 || !states) return reply;
      const now = performance.now();
      const shown = [...states].reverse().find((state) => state.at <= now - lagMs)?.member;
      if (!shown) return reply;
      const body = bodyRecord(reply.body);
      const [entry] = body.data as Record<string, unknown>[];
      return {
        ...reply,
        body: {
          ...body,
          data: [
            {
              ...entry,
              totalPoints: toNumber(shown.active + shown.pending),
              pointsByType: [{ pointType: 'Base', points: toNumber(shown.active), subType: null }],
              pointsBalance: {
                ...bodyRecord(entry?.pointsBalance),
                memberPointsEarned: toNumber(shown.earned),
                memberPointsDeducted: toNumber(shown.deducted),
                memberPointsAvailable: toNumber(shown.active),
                memberPointsLocked: toNumber(shown.pending),
              },
            },
          ],
        },
      };
    },
  };
}

// --- variant hunt 41 ---

/** Whether a request is a balance lookup with several identifiers (a dual-eligibility list). */
const isListLookup = (request: HookRequest): boolean => {
  const names = request.query.identifierName;
  return typeof names === 'string' && names.includes(',');
};

/** A list lookup's amounts as three-place decimal strings, its entityId a number as ever. */
function listLookupAmountsAsDecimalStrings(
  operationId: OperationId,
  reply: Reply,
  request: HookRequest,
): Reply {
  return balanceBodyAs((body, hook) => {
    if (!isListLookup(hook)) return undefined;
    const { entityId, entityType, ...amounts } = body;
    return { entityId, entityType, ...(numbersAsDecimalStrings(amounts) as Record<string, unknown>) };
  })(operationId, reply, request);
}

/** A list lookup's promised points all in the breakup's external-trigger figure, promisedPoints left out. */
function listLookupPromisedSplitOtherwise(
  operationId: OperationId,
  reply: Reply,
  request: HookRequest,
): Reply {
  return balanceBodyAs((body, hook) => {
    if (!isListLookup(hook)) return undefined;
    const { promisedPoints, ...rest } = body;
    const breakup = bodyRecord(body.promisedPointsBreakup);
    const promised =
      Number(breakup.delayedAccrualPoints ?? 0) + Number(breakup.externalTriggerBasedPoints ?? 0);
    return {
      ...rest,
      promisedPointsBreakup: { delayedAccrualPoints: 0, externalTriggerBasedPoints: promised },
    };
  })(operationId, reply, request);
}

/** List lookups served from an index REPLICA_LAG_MS behind writes to the customer; other reads current. */
function listLookupsLag(): NonNullable<FaultOptions['hooks']> {
  return familyHooks(
    'capillary',
    balanceReadsLag(REPLICA_LAG_MS, (id, request) =>
      isListLookup(request) ? `${id} ${request.searchParams}` : undefined,
    ),
  );
}

/** Balance reads cached by credentials and query, the whole cache dropped on an acknowledged write. */
function balanceReadsCachedUntilWrite(): NonNullable<FaultOptions['hooks']> {
  const cache = new Map<string, Reply>();
  return familyHooks('capillary', {
    reply: (operationId, reply, request) => {
      if (operationId !== 'getPointsBalance') {
        if (reply.status === 200 && operationId !== 'generateOAuthToken') cache.clear();
        return reply;
      }
      if (reply.status !== 200) return reply;
      const key = `${request.headers.authorization ?? ''} ${request.searchParams}`;
      const cached = cache.get(key);
      if (cached) return cached;
      cache.set(key, reply);
      return reply;
    },
  });
}

/** Today's date on a clock 10 hours behind UTC (Honolulu). */
const honoluluDate = () => new Date(Date.now() - 10 * 3_600_000).toISOString().slice(0, 10);

/** An unlock validating billDate before the bill lookup: decimal parts, a calendar day, not after today in Honolulu. */
function billDateBehindUtc(context: HandlerContext): Reply {
  const billDate = bodyRecord(context.body).billDate;
  if (typeof billDate !== 'string') return HANDLERS.unlockPromisedPoints(context);
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(billDate);
  const [year, month, day] = (parts ?? []).slice(1).map((p) => Number.parseInt(p, 10)) as [
    number,
    number,
    number,
  ];
  const daysInMonth = parts ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  if (!parts || month < 1 || month > 12 || day < 1 || day > daysInMonth)
    return capillaryError(82323296, 'billDate must be a valid date in YYYY-MM-DD');
  return billDate > honoluluDate()
    ? capillaryError(82323295, 'billDate is in the future')
    : HANDLERS.unlockPromisedPoints(context);
}

/**
 * Under dual eligibility, an unlock naming the customer by one identifier other than the primary
 * is 8015 first (a group's unlock, named by the group's id, aside).
 */
function loneSecondaryRefusedFirst(context: HandlerContext): Reply {
  const primary = DUAL_PRIMARY.get(context.principal);
  const name = queryValue(context.query, 'identifierName');
  // A user group is named by its own id, not a customer's identifier: no lookup of a customer.
  const group = queryValue(context.query, 'type') === 'USERGROUP2';
  if (primary !== undefined && !group && name && !name.includes(',') && name !== primary)
    return capillaryError(8015, 'Customer not found for the given identifiers');
  return HANDLERS.unlockPromisedPoints(context);
}

/** The unlock page's source Enum. */
const UNLOCK_SOURCES = new Set(
  'INSTORE,FACEBOOK,WEB_ENGAGE,WECHAT,MARTJACK,TMALL,TAOBAO,JD,ECOMMERCE,WEBSITE,LINE,MOBILE_APP'.split(','),
);

/** An unlock answering a source outside the Enum 403 with a code of its own, after the customer is found. */
function unknownSourceForbidden(context: HandlerContext): Reply {
  const source = queryValue(context.query, 'source');
  if (source === undefined || source === '' || UNLOCK_SOURCES.has(source))
    return HANDLERS.unlockPromisedPoints(context);
  const name = queryValue(context.query, 'identifierName') ?? '';
  const value = queryValue(context.query, 'identifierValue') ?? '';
  const found = context.ledger.resolveLookup(context.principal, name, value);
  return found.ok
    ? capillaryError(82323298, 'source not enabled for this org', 403)
    : HANDLERS.unlockPromisedPoints(context);
}

/** An unlock whose event logs are spent by their unlock: an array naming one of a used-up bill is 3918. */
function usedEventLogUnknown(context: HandlerContext): Reply {
  const reply = HANDLERS.unlockPromisedPoints(context);
  const eventLogId = bodyRecord(context.body).eventLogId;
  return Array.isArray(eventLogId) && (envelopeCodes(reply.body) ?? []).includes(82323282)
    ? capillaryError(3918, 'Error unlocking points: no eventLog found for given eventLogId.')
    : reply;
}

// --- variant hunt 43 ---

/** The dataset without bill `billNumber`. */
function withoutBill(dataset: Dataset, billNumber: string): Dataset {
  return withOrgs(dataset, (org) => ({
    ...org,
    customers: org.customers.map((customer) => ({
      ...customer,
      bills: customer.bills?.filter((bill) => bill.billNumber !== billNumber),
    })),
  }));
}

/** The dataset with the lines of bill `billNumber` that `moved` selects promised in program 973. */
function withBillLines(
  dataset: Dataset,
  billNumber: string,
  moved: (line: BillSeed['promised'][number]) => boolean,
): Dataset {
  return withOrgs(dataset, (org) => ({
    ...org,
    customers: org.customers.map((customer) => ({
      ...customer,
      bills: customer.bills?.map((bill) =>
        bill.billNumber !== billNumber
          ? bill
          : {
              ...bill,
              promised: bill.promised.map((line) => (moved(line) ? { ...line, programId: 973 } : line)),
            },
      ),
    })),
  }));
}

/** An unlock answer's lines, for an unlock filtered by neither line item nor item code, naming `programId`. */
function unfilteredUnlockLinesNaming(programId: number) {
  const named = unlockLines((line) => ({ ...line, programId }));
  return (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
    const body = bodyRecord(request.body);
    return body.lineItemIds === undefined && body.itemCodes === undefined ? named(operationId, reply) : reply;
  };
}

/** The strict org with customer 1007: programs 469 (0 points) and 973 (50 points), no bills. */
function withTwoProgramsCustomer(dataset: Dataset): Dataset {
  return withOrgs(dataset, (org) =>
    org.id !== 'strict'
      ? org
      : {
          ...org,
          customers: [
            ...org.customers,
            {
              id: 1007,
              identifiers: { mobile: '919800001007', email: 'two@example.com', externalId: 'EXT-1007' },
              programs: [469, 973],
              mainPoints: { 469: 0, 973: 50 },
            },
          ],
        },
  );
}

/** Deductions applied one at a time per org, each `ms` after the one before it. */
function deductionsQueuedPerOrg(ms: number): HandlerOverride {
  const queues = new Map<string, Promise<unknown>>();
  return (context) => {
    const next = (queues.get(context.principal) ?? Promise.resolve())
      .then(() => new Promise((resolve) => setTimeout(resolve, ms)))
      .then(() => HANDLERS.negativePointsAdjustment(context));
    queues.set(
      context.principal,
      next.catch(() => undefined),
    );
    return next;
  };
}

// --- variant hunt 45 ---

/** The plain decimal form of the deduction example's string amount ("100.00"). */
const PLAIN_DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;

/** A deduction refusing a string amount in any form but the example's plain decimal one. */
function stringAmountsOnlyAsPlainDecimals(context: HandlerContext): Reply | Promise<Reply> {
  const amount = bodyRecord(context.body).pointsToBeAdjusted;
  return typeof amount === 'string' && !PLAIN_DECIMAL.test(amount)
    ? capillaryError(8888, 'pointsToBeAdjusted must be written as digits with an optional decimal point')
    : HANDLERS.negativePointsAdjustment(context);
}

/** The grammar of Java's `new BigDecimal(String)`: a sign, digits around an optional point, an exponent. */
const BIG_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** `text` in BigDecimal's grammar written plainly (`"+1"` → `"1"`, `"6.7E+2"` → `"670"`), else undefined. */
function plainOfBigDecimal(text: string): string | undefined {
  const match = BIG_DECIMAL.exec(text);
  if (!match) return undefined;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  if (whole === '' && fraction === '') return undefined;
  let digits = whole + fraction;
  let point = whole.length + Number(exponent);
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  digits = digits.padEnd(point, '0');
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const decimals = digits.slice(point);
  return `${sign === '-' ? '-' : ''}${integer}${decimals ? `.${decimals}` : ''}`;
}

/** The spec's refusal of a string amount BigDecimal reads, dropped (the handler writes it plainly). */
function bigDecimalAmountsValid(operationId: OperationId, validation: ValidationResult): ValidationResult {
  return dropIssues('negativePointsAdjustment', (issue) => {
    if (!issue.where.startsWith('body.pointsToBeAdjusted')) return false;
    try {
      const value: unknown = JSON.parse(issue.actual);
      return typeof value === 'string' && plainOfBigDecimal(value) !== undefined;
    } catch {
      return false;
    }
  })(operationId, validation);
}

/** A deduction reading a string amount as BigDecimal does, then as the reference reads its plain form. */
function stringAmountsReadAsBigDecimal(context: HandlerContext): Reply | Promise<Reply> {
  const body = bodyRecord(context.body);
  const amount = body.pointsToBeAdjusted;
  const plain = typeof amount === 'string' ? plainOfBigDecimal(amount) : undefined;
  return HANDLERS.negativePointsAdjustment(
    plain === undefined ? context : { ...context, body: { ...body, pointsToBeAdjusted: plain } },
  );
}

/** `value` as the double a Java service holds for it (a numeric string or a number), else as it is. */
const asDouble = (value: unknown): unknown =>
  typeof value === 'number' || (typeof value === 'string' && value.trim() !== '') ? Number(value) : value;

/** JSON text with each whole number of the members `names` written with a point, as Jackson writes a double. */
const wholeDoublesIn = (text: string, names: readonly string[]) =>
  text.replace(new RegExp(`"(${names.join('|')})":(-?\\d+)(?=[,}])`, 'g'), '"$1":$2.0');

/** The balance figures written as doubles (`5.0`). */
function balanceFiguresWrittenAsDoubles(operationId: OperationId, reply: Reply): Reply {
  if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
  return {
    ...reply,
    rawBody: wholeDoublesIn(JSON.stringify(reply.body), [
      'mainPoints',
      'totalPoints',
      'promisedPoints',
      'delayedAccrualPoints',
      'externalTriggerBasedPoints',
    ]),
  };
}

/** A deduction's pointsAvailable written as a double (`670.0`). */
function pointsAvailableWrittenAsDouble(operationId: OperationId, reply: Reply): Reply {
  if (operationId !== 'negativePointsAdjustment' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const doubled = { ...body, pointsAvailable: asDouble(body.pointsAvailable) };
  return { ...reply, body: doubled, rawBody: wholeDoublesIn(JSON.stringify(doubled), ['pointsAvailable']) };
}

/** An unlock's line amounts written as doubles (`10.0`). */
function pointsUnlockedWrittenAsDoubles(operationId: OperationId, reply: Reply): Reply {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  if (!Array.isArray(body.pointsUnlocked)) return reply;
  const lines = body.pointsUnlocked.map((line: unknown) => {
    const record = bodyRecord(line);
    return { ...record, pointsUnlocked: asDouble(record.pointsUnlocked) };
  });
  const doubled = { ...body, pointsUnlocked: lines };
  return { ...reply, body: doubled, rawBody: wholeDoublesIn(JSON.stringify(doubled), ['pointsUnlocked']) };
}

// --- variant hunt 47 ---

/**
 * A fabric adjustment handler holding a member's points per billing entity: an active adjustment
 * naming one adds to or takes from what additions beside it brought (a deduction refused 422 when
 * that is short); one naming none, or left pending, is the reference's.
 */
function pointsHeldPerBillingEntity(): Handler {
  const held = new Map<string, number>();
  return (context) => {
    const body = bodyRecord(context.body);
    const { billingEntity, points } = body;
    if (
      typeof billingEntity !== 'string' ||
      billingEntity === '' ||
      typeof points !== 'number' ||
      body.setToPending === true
    )
      return HANDLERS.adjustMemberPoints(context);
    const key = `${String(body.profileId)}/${billingEntity}`;
    const holding = held.get(key) ?? 0;
    if (points < 0 && holding < -points)
      return fabricReply(422, `billing entity ${billingEntity} holds ${holding} points of the member`, null, {
        billingEntity: 'insufficient points',
      });
    const reply = HANDLERS.adjustMemberPoints(context);
    if (reply.status === 200) held.set(key, holding + points);
    return reply;
  };
}

/** The reference's 404 for an unknown member, as 400 on an addition and 422 on a deduction. */
function unknownMemberRefusedByDirection(
  operationId: OperationId,
  reply: Reply,
  request: HookRequest,
): Reply {
  if (operationId !== 'adjustMemberPoints' || reply.status !== 404) return reply;
  const points = bodyRecord(request.body).points;
  return typeof points === 'number' && points < 0
    ? fabricReply(422, 'insufficient points', null, { points: 'the member holds 0 points' })
    : fabricReply(400, 'unknown profileId', null, { profileId: 'unknown' });
}

/** A fabric refusal of a body holding an empty string field, as 422 with a list of field errors. */
function emptyStringsRefused422(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (operationId !== 'adjustMemberPoints' || !isRefusal(reply)) return reply;
  const body = bodyRecord(request.body);
  const empty = ['pointType', 'billingEntity', 'reasonCode'].filter((field) => body[field] === '');
  if (empty.length === 0) return reply;
  const errors = empty.map((field) => ({ field, message: 'size must be between 1 and 255' }));
  return { status: 422, body: { status: 422, message: 'Validation failed', errors, data: null } };
}

/** A successful fabric adjustment answered 201, or 202 when left pending, its envelope's status the same. */
function adjustmentsAnsweredCreated(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (operationId !== 'adjustMemberPoints' || reply.status !== 200) return reply;
  const status = bodyRecord(request.body).setToPending === true ? 202 : 201;
  return { ...reply, status, body: { ...bodyRecord(reply.body), status } };
}

/** A successful balance lookup listing three identifiers or more, answered with a warning item. */
function listsOfThreeWarned(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const names = request.searchParams.get('identifierName') ?? '';
  if (operationId !== 'getPointsBalance' || reply.status !== 200 || names.split(',').length < 3) return reply;
  const warning = { status: false, code: 8016, message: 'identifiers beside the primary ignored' };
  return { ...reply, body: { ...bodyRecord(reply.body), warnings: [warning] } };
}

/** The dataset with a default program 555 (whole points) in every org, in which no customer is enrolled. */
function withDefaultProgramNoOneIsIn(dataset: Dataset): Dataset {
  return withOrgs(dataset, (org) => ({
    ...org,
    defaultProgramId: 555,
    programs: [...org.programs, { id: 555, name: 'Whole Points', roundDecimals: 0 }],
  }));
}

/** The profile of {@link withDefaultProgramNoOneIsIn}'s orgs. */
function declaringDefaultProgramNoOneIsIn(profile: ProfileDocument): void {
  for (const org of orgsOf(profile)) {
    org.config.defaultProgramId = 555;
    org.config.programs.push({ id: 555, roundDecimals: 0 });
  }
}

/**
 * The access-group check of {@link withoutPointsGroup} after the deduction's customer and program
 * are resolved: 8015 or 1218 first, as for any caller, then 403 (4000); nothing is deducted.
 */
function programResolvedBeforeAccessGroup(context: HandlerContext): Reply {
  const name = queryValue(context.query, 'identifierName') ?? '';
  const value = queryValue(context.query, 'identifierValue') ?? '';
  const found = context.ledger.resolveLookup(context.principal, name, value);
  if (!found.ok) return capillaryError(8015, 'Customer not found for the given identifiers');
  const programId = Number(bodyRecord(context.body).programId ?? 555);
  return found.value.programs.has(programId)
    ? capillaryError(4000, 'Not authorized: the credentials lack the Points access group', 403)
    : capillaryError(1218, `customer is not enrolled in programId: ${programId}`);
}

// --- variant hunt 46 ---

/** Points with `decimals` decimals, rounded half up, away from zero (setScale(decimals, HALF_UP)): to one, 0.16 → 0.2. */
function halfUpTo(decimals: number): (points: number) => number {
  const unit = 10 ** (LEDGER_DECIMALS - decimals);
  return (points) => (Math.sign(points) * Math.round(Math.abs(toMicro(points)) / unit)) / 10 ** decimals;
}

/** Every balance figure shown by `display`, and a deduction's pointsAvailable written as `available` writes it. */
function shownWithAvailable(
  display: (points: number) => number,
  available: (points: number) => unknown,
): (operationId: OperationId, reply: Reply, request: HookRequest) => Reply {
  const availableAs = deductionSuccess((body) => ({
    ...body,
    pointsAvailable: available(Number(body.pointsAvailable)),
  }));
  return (operationId, reply, request) =>
    balanceAsWholeNumbers(display)(operationId, availableAs(operationId, reply, request));
}

/** A refused deduction naming a promotion beside a pointsAwardedId answered with a code of its own. */
function promotionBesideAwardRefused(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const body = bodyRecord(request.body);
  const promotion = body.promotionIdentifier !== undefined || body.promotionId !== undefined;
  return operationId === 'negativePointsAdjustment' &&
    isRefusal(reply) &&
    promotion &&
    body.pointsAwardedId !== undefined
    ? capillaryError(8899, 'a promotion and a points award cannot be reversed together')
    : reply;
}

// --- variant hunt 48 ---

/**
 * The twoPrograms customers holding 3.75 and 1.25 in program 469 beside 2.125 and 1.875 in 973, a
 * deduction's pointsAvailable their points over all programs with the named program's round
 * decimals, half to even ({@link availableWrittenBy}).
 */
function availableOverProgramsHalfEven(): (dataset: Dataset) => Ledger {
  return availableWrittenBy(
    true,
    halfEvenTo,
    false,
    holding({ 1001: { 469: 3.75, 973: 2.125 }, 2001: { 469: 1.25, 973: 1.875 } }),
  );
}

/**
 * Customer 1008 holding 12.345 in program 973 beside 0.25 in 469, a deduction's pointsAvailable their
 * points over all programs with two decimals, half up, whatever program it names ({@link availableWrittenBy}).
 */
function availableOverProgramsInCentsHalfUp(): (dataset: Dataset) => Ledger {
  return availableWrittenBy(true, () => halfAwayTo(2), false, holding({ 1008: { 469: 0.25, 973: 12.345 } }));
}

/**
 * A ledger over `seed(dataset)` answering a deduction's pointsAvailable as the program's balance or,
 * `overPrograms`, the customer's over all programs (the page allows either), written with 3
 * decimals as the reference does or, given `round`, with the named program's round decimals,
 * rounded so (a DTO's setScale); `noneBelowZero` answers 0 for a figure below zero (no points left
 * to spend: the page does not say which it shows).
 */
function availableWrittenBy(
  overPrograms: boolean,
  round: ((decimals: number) => (points: number) => number) | undefined,
  noneBelowZero: boolean,
  seed: (dataset: Dataset) => Dataset,
): (dataset: Dataset) => Ledger {
  return (dataset) => {
    const seeded = seed(dataset);
    const decimalsOf = (orgId: string, programId: number | undefined) => {
      const org = seeded.orgs.find((o) => o.id === orgId);
      return org?.programs.find((p) => p.id === (programId ?? org.defaultProgramId))?.roundDecimals ?? 3;
    };
    return new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const outcome = super.deduct(orgId, request);
        if (!outcome.ok) return outcome;
        const read = this.balance(orgId, { ...request, fetchDataForAllPrograms: overPrograms });
        if (!read.ok) return outcome;
        const decimals = round ? decimalsOf(orgId, request.programId) : 3;
        const points = toNumber(read.value.mainPoints);
        const shown = round ? round(decimals)(points) : points;
        const available = noneBelowZero && shown < 0 ? 0 : shown;
        return { ok: true as const, value: { pointsAvailable: formatFixed(toMicro(available), decimals) } };
      }
    })(seeded);
  };
}

/** The dataset with each customer `held` names holding those main points in those programs. */
function holding(
  held: Readonly<Record<number, Readonly<Record<number, number>>>>,
): (dataset: Dataset) => Dataset {
  return (dataset) =>
    withOrgs(dataset, (org) => ({
      ...org,
      customers: org.customers.map((c) => {
        const points = held[c.id];
        return points ? { ...c, mainPoints: { ...c.mainPoints, ...points } } : c;
      }),
    }));
}

// --- variant hunt 49 (helper, 2026-12-06): fault hunts 55 and 56's tightenings, from correct targets built otherwise ---

/** Whether a balance lookup's query names its customer by one externalId or email alone (no list). */
function loneSecondaryLookup(query: HookRequest['query']): boolean {
  const name = queryValue(query, 'identifierName') ?? '';
  return name === 'externalId' || name === 'email';
}

/**
 * Balance reads by a lone externalId or email served from a search replica that shows a write to
 * the customer `lagMs` after it (the primary's reads are current).
 */
function loneLookupsLag(lagMs: number): NonNullable<FaultOptions['hooks']> {
  return balanceReadsLag(lagMs, (id, request) =>
    loneSecondaryLookup(request.query) ? `${id} ${request.searchParams}` : undefined,
  );
}

/** A balance lookup by a lone externalId or email refused with 8015 in a 404 (the lookup indexes the primary only). */
const loneLookupsRefused404: HandlerOverride = (context) =>
  loneSecondaryLookup(context.query)
    ? capillaryError(8015, 'Customer not found for the given identifiers', 404)
    : HANDLERS.getPointsBalance(context);

/** A deduction leaving 0 whose pointsAvailable is written `written` (a float ledger's "-0.00", say). */
function availableAtZeroWritten(written: unknown) {
  return deductionSuccess((body) =>
    Number(body.pointsAvailable) === 0 ? { ...body, pointsAvailable: written } : body,
  );
}

/** A deduction naming no programId handled `delayMs` later (the org's default program looked up first). */
function defaultProgramLookedUp(delayMs: number): HandlerOverride {
  return async (context) => {
    if (bodyRecord(context.body).programId === undefined) await new Promise((r) => setTimeout(r, delayMs));
    return HANDLERS.negativePointsAdjustment(context);
  };
}

/**
 * Every balance figure written as `display` writes it, and a deduction's pointsAvailable with
 * `decimals` (fewer than program 469 keeps) as `round` rounds it, a JSON number when whole (each the
 * page allows: the balance table's int, the deduction table's Integer beside the example's "670.000").
 */
function drainShownWith(
  display: (points: number) => number,
  round: (decimals: number) => (points: number) => number,
  decimals: number,
): (operationId: OperationId, reply: Reply, request: HookRequest) => Reply {
  const available = round(decimals);
  return shownWithAvailable(display, (points) =>
    decimals === 0 ? available(points) : available(points).toFixed(decimals),
  );
}

/** The dataset with the first promised line of customer `id`'s first bill holding `extra` points more. */
function promisedPlus(id: number, extra: number): (dataset: Dataset) => Dataset {
  return (dataset) =>
    withOrgs(dataset, (org) => ({
      ...org,
      customers: org.customers.map((c) =>
        c.id === id
          ? {
              ...c,
              bills: c.bills?.map((bill, i) =>
                i === 0
                  ? {
                      ...bill,
                      promised: bill.promised.map((line, j) =>
                        j === 0 ? { ...line, points: Number(line.points) + extra } : line,
                      ),
                    }
                  : bill,
              ),
            }
          : c,
      ),
    }));
}

// --- variant hunt 52 ---

/**
 * Every fabric 2xx with its error DTO written out empty (`errors: {code: null, message: "",
 * fieldErrors: []}`): what a serializer that writes every member of the object sends when there
 * is no error (Jackson without NON_NULL, a list initialised empty).
 */
function errorDtoWithoutError(_operationId: OperationId, reply: Reply): Reply {
  const body = bodyRecord(reply.body);
  // A refusal's details stay as they are: only the DTO with no error in it is written out empty.
  if (reply.status < 200 || reply.status >= 300 || Object.keys(bodyRecord(body.errors)).length > 0)
    return reply;
  return { ...reply, body: { ...body, errors: { code: null, message: '', fieldErrors: [] } } };
}

/** An AWS API Gateway's answers: no route at the inquiry's path (403), no Authorization (401). */
function apiGatewayIntercept(operationId: OperationId, request: HookRequest): Reply | undefined {
  if (operationId === 'inquireMemberPoints')
    return gatewayError(
      403,
      { message: 'Missing Authentication Token' },
      'MissingAuthenticationTokenException',
    );
  if (request.headers.authorization === undefined)
    return gatewayError(401, { message: 'Unauthorized' }, 'UnauthorizedException');
  return undefined;
}

/** The tenant's 401 for a token its authorizer denies, as API Gateway's explicit deny (403). */
function apiGatewayDenies(_operationId: OperationId, reply: Reply): Reply {
  if (reply.status !== 401) return reply;
  const deny = { Message: 'User is not authorized to access this resource with an explicit deny' };
  return gatewayError(403, deny, 'AccessDeniedException');
}

/** A gateway's own answer (not the tenant's envelope), its kind in x-amzn-ErrorType. */
function gatewayError(status: number, body: object, errorType: string): Reply {
  return { status, body, headers: { 'x-amzn-errortype': errorType } };
}

/** A fabric refusal in JSend's form: `{status: "fail", data: <the envelope's errors>}`. */
function refusalsInJsend(_operationId: OperationId, reply: Reply): Reply {
  if (reply.status < 400) return reply;
  return { ...reply, body: { status: 'fail', data: bodyRecord(reply.body).errors ?? {} } };
}

/** A fabric refusal in the envelope with its errors written as the message's sentence. */
function refusalErrorsAsText(_operationId: OperationId, reply: Reply): Reply {
  if (reply.status < 400) return reply;
  const body = bodyRecord(reply.body);
  return { ...reply, body: { ...body, errors: String(body.message) } };
}

/** The reference's adjustment, an amount that is not whole refused before anything moves. */
function wholePointsOnly(context: HandlerContext): Reply {
  const { points } = bodyRecord(context.body);
  return typeof points === 'number' && !Number.isInteger(points)
    ? fabricReply(400, 'points must be a whole number', null, { points: 'must be a whole number' })
    : HANDLERS.adjustMemberPoints(context);
}

/** The reference's adjustment, Restricted points without a billingEntity refused before anything moves. */
function restrictedNeedsBillingEntity(context: HandlerContext): Reply {
  const body = bodyRecord(context.body);
  return body.pointType === 'Restricted' &&
    (typeof body.billingEntity !== 'string' || body.billingEntity === '')
    ? fabricReply(400, 'Restricted points need the billing entity of their stores', null, {
        billingEntity: 'required for Restricted points',
      })
    : HANDLERS.adjustMemberPoints(context);
}

/** The member inquiry's 200 with more than the vendor's example: fields, a tier entry, meta. */
function inquiryWithExtraFields(operationId: OperationId, reply: Reply): Reply {
  if (operationId !== 'inquireMemberPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const entries = (Array.isArray(body.data) ? body.data : []).map((entry) => {
    const record = bodyRecord(entry);
    const balance = bodyRecord(record.pointsBalance);
    return {
      ...record,
      programName: 'Company Club',
      currency: 'POINTS',
      pointsBalance: { ...balance, memberPointsAvailableValue: { amount: 0, currency: 'USD' } },
    };
  });
  const tier = { tier: 'Gold', tierPoints: 1200 };
  return { ...reply, body: { ...body, data: [...entries, tier], meta: { requestId: randomUUID() } } };
}

/** Envoy jwt_authn's refusals: 401 text/plain, "Jwt is missing" or "Jwt verification fails". */
function envoyJwtRefusals(_operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (reply.status !== 401) return reply;
  const presented = /^Bearer \S/.test(request.headers.authorization ?? '');
  return {
    status: 401,
    body: null,
    rawBody: presented ? 'Jwt verification fails' : 'Jwt is missing',
    headers: {
      'content-type': 'text/plain',
      'www-authenticate': `Bearer realm="api", error="${presented ? 'invalid_token' : 'invalid_request'}"`,
    },
  };
}

/** A single-page app's catch-all answering the member inquiry's path (a GET) with its page. */
function inquiryPathServedBySpa(operationId: OperationId): Reply | undefined {
  if (operationId !== 'inquireMemberPoints') return undefined;
  const page =
    '<!doctype html><html><head><title>Loyalty</title></head><body><div id="root"></div></body></html>';
  return { status: 200, body: null, rawBody: page, headers: { 'content-type': 'text/html; charset=utf-8' } };
}

/** PHP's empty array for an empty map: `errors: []` on every 2xx, `data: []` on an addition left pending. */
function phpEmptyArrays(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  const body = bodyRecord(reply.body);
  // Only an empty map is written so: errors holding details stay an object.
  if (reply.status !== 200 || Object.keys(bodyRecord(body.errors)).length > 0) return reply;
  const pending = operationId === 'adjustMemberPoints' && bodyRecord(request.body).setToPending === true;
  return { ...reply, body: { ...body, errors: [], ...(pending ? { data: [] } : {}) } };
}

/** A successful adjustment's data with the request echoed and the adjustment's state beside the example's fields. */
function successEchoesTheAdjustment(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (operationId !== 'adjustMemberPoints' || reply.status !== 200) return reply;
  const sent = bodyRecord(request.body);
  const body = bodyRecord(reply.body);
  const echo = {
    profileId: sent.profileId,
    points: Number(sent.points).toFixed(2),
    pointType: sent.pointType ?? null,
    billingEntity: sent.billingEntity ?? null,
    reasonCode: sent.reasonCode ?? null,
    setToPending: sent.setToPending === true,
    state: sent.setToPending === true ? 'PENDING' : 'ACTIVE',
  };
  return { ...reply, body: { ...body, data: { ...bodyRecord(body.data), ...echo } } };
}

// --- variant hunt 51 (helper, 2026-12-06): dfix49's and variant hunt 50's loosenings, late unlocks, error lists ---

/**
 * Balance figures written each its own way: `main` and `total` as those displays round them, the
 * promised figures as the ledger holds them, each figure's JSON text given `decimals` (so
 * "670.40" keeps its trailing zero), as a DTO of fields of different scales writes them.
 */
function figuresWrittenApart(
  main: (points: number) => number,
  total: (points: number) => number,
  decimals: { readonly main?: number; readonly total?: number } = {},
): (operationId: OperationId, reply: Reply) => Reply {
  return (operationId, reply) => {
    if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
    const body = bodyRecord(reply.body);
    const figures = {
      mainPoints: main(Number(body.mainPoints)),
      totalPoints: total(Number(body.totalPoints)),
    };
    const shown = { ...body, ...figures };
    let rawBody = JSON.stringify(shown);
    for (const [field, places] of [
      ['mainPoints', decimals.main],
      ['totalPoints', decimals.total],
    ] as const)
      if (places !== undefined)
        rawBody = rawBody.replace(
          `"${field}":${JSON.stringify(figures[field])}`,
          `"${field}":${figures[field].toFixed(places)}`,
        );
    return { ...reply, body: shown, rawBody };
  };
}

/** Which of a customer's balance reads a read is: over all programs, or of one program (the default when none is named). */
const balanceReadKey = (query: HandlerContext['query']): string =>
  queryValue(query, 'fetchDataForAllPrograms') === 'true'
    ? 'all'
    : (queryValue(query, 'programId') ?? 'default');

/**
 * An unlock applied `lagMs` after it is answered (its lines worked out and answered at once, the
 * move queued): until then the customer's balance reads show the figures from before it, and a
 * deduction from the customer waits for it (writes of one customer stay in order). The documents say
 * nothing of when a read shows a write; the profile declares the window (limits.readAfterWriteMs).
 */
function unlocksLandLate(lagMs: number): FaultOptions['handlers'] {
  const pending = new Map<number, { until: number; before: Map<string, Balance> }>();
  const landing = (id: number) => {
    const entry = pending.get(id);
    return entry && performance.now() < entry.until ? entry : undefined;
  };
  const customerOf = ({ principal, query, ledger }: HandlerContext) => {
    const found = ledger.resolveLookup(
      principal,
      queryValue(query, 'identifierName') ?? '',
      queryValue(query, 'identifierValue') ?? '',
    );
    return found.ok ? found.value : undefined;
  };
  const readsOf = (context: HandlerContext) => {
    const reads = new Map<string, Balance>();
    const customer = customerOf(context);
    if (!customer) return reads;
    const lookup = {
      identifierName: queryValue(context.query, 'identifierName') ?? '',
      identifierValue: queryValue(context.query, 'identifierValue') ?? '',
    };
    const keys: [string, { programId?: number; fetchDataForAllPrograms?: boolean }][] = [
      ['all', { fetchDataForAllPrograms: true }],
      ['default', {}],
      ...[...customer.programs].map((p): [string, { programId: number }] => [String(p), { programId: p }]),
    ];
    for (const [key, query] of keys) {
      const read = context.ledger.balance(context.principal, { ...lookup, ...query });
      if (read.ok) reads.set(key, read.value);
    }
    return reads;
  };
  return {
    unlockPromisedPoints: async (context) => {
      const customer = customerOf(context);
      const held = customer && landing(customer.id);
      if (held) await new Promise((resolve) => setTimeout(resolve, held.until - performance.now()));
      const before = readsOf(context);
      const reply = HANDLERS.unlockPromisedPoints(context);
      if (reply.status === 200 && customer)
        pending.set(customer.id, { until: performance.now() + lagMs, before });
      return reply;
    },
    negativePointsAdjustment: async (context) => {
      const customer = customerOf(context);
      const held = customer && landing(customer.id);
      if (held) await new Promise((resolve) => setTimeout(resolve, held.until - performance.now()));
      return HANDLERS.negativePointsAdjustment(context);
    },
    getPointsBalance: (context) => {
      const reply = HANDLERS.getPointsBalance(context);
      if (reply.status !== 200) return reply;
      const body = bodyRecord(reply.body);
      const before = landing(Number(body.entityId))?.before.get(balanceReadKey(context.query));
      if (!before) return reply;
      const promised = before.delayedAccrualPoints + before.externalTriggerBasedPoints;
      return {
        ...reply,
        body: {
          ...body,
          totalPoints: toNumber(before.mainPoints + promised),
          mainPoints: toNumber(before.mainPoints),
          promisedPoints: toNumber(promised),
          promisedPointsBreakup: {
            delayedAccrualPoints: toNumber(before.delayedAccrualPoints),
            externalTriggerBasedPoints: toNumber(before.externalTriggerBasedPoints),
          },
        },
      };
    },
  };
}

/** The seed's orgs with negative balances off. */
const NEGATIVE_OFF = new Set(
  loadDataset(DEFAULT_DATASET_PATH)
    .orgs.filter((o) => !o.allowNegativeBalanceOnReturn)
    .map((o) => o.id),
);

/**
 * A deduction validator listing every rule the request breaks, with negative balances off: one
 * refused 1218 (not enrolled in the program, which so holds none of the customer's points) or 8906
 * (too many decimals) also lists 8907 where the amount is over what the program holds (the page
 * lists the codes, never that an answer carries only one).
 */
const overBalanceListedToo: HandlerOverride = (context) => {
  const reply = HANDLERS.negativePointsAdjustment(context);
  const code = errorCodeOf(reply);
  if ((code !== 1218 && code !== 8906) || !NEGATIVE_OFF.has(context.principal)) return reply;
  const amount = parseAmount(bodyRecord(context.body).pointsToBeAdjusted);
  const programId = bodyRecord(context.body).programId;
  const read = context.ledger.balance(context.principal, {
    identifierName: queryValue(context.query, 'identifierName') ?? '',
    identifierValue: queryValue(context.query, 'identifierValue') ?? '',
    ...(typeof programId === 'number' ? { programId } : {}),
  });
  if (!amount || !read.ok || amount.micro <= (code === 1218 ? 0 : read.value.mainPoints)) return reply;
  const overBalance = {
    status: false,
    code: 8907,
    message: `points to be deducted ${toNumber(amount.micro)} is greater than available points for program`,
  };
  const errors = (reply.body as { errors: unknown[] }).errors;
  return { ...reply, body: { ...bodyRecord(reply.body), errors: [...errors, overBalance] } };
};

/**
 * A lookup by a list of identifiers that finds no customer refused with one 8015 per identifier
 * named (each lookup's own error), on every operation.
 */
const notFoundPerIdentifier = (_operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
  const names = (queryValue(request.query, 'identifierName') ?? '').split(',');
  if (names.length < 2 || !envelopeCodes(reply.body)?.includes(8015)) return reply;
  const errors = names.map((name) => ({
    status: false,
    code: 8015,
    message: `Customer not found for the given identifiers: ${name}`,
  }));
  return { ...reply, body: { ...bodyRecord(reply.body), errors } };
};

/** The reference profile's other-program drainable customer (1008) listed in program 973 alone. */
function otherProgramListedAlone(profile: ProfileDocument): void {
  orgsOf(profile)[0]!.fixtures.customers['customer-1008'].programs = [973];
}

/**
 * The other-program drainable customer (1008) holding `held` (points by program), every balance
 * figure shown by `display`, and a deduction answering pointsAvailable over all programs.
 */
function otherProgramDrainOverPrograms(
  held: Readonly<Record<number, number>>,
  display: (points: number) => number,
): FaultOptions {
  return {
    createLedger: (dataset) => new AvailableOverAllPrograms(holding({ 1008: held })(dataset)),
    hooks: { reply: balanceAsWholeNumbers(display) },
  };
}

/** An unlock's lines listed newest first (a query's ORDER BY id DESC): the bill's last line first. */
function unlockLinesReordered(operationId: OperationId, reply: Reply): Reply {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  if (!Array.isArray(body.pointsUnlocked)) return reply;
  return { ...reply, body: { ...body, pointsUnlocked: [...body.pointsUnlocked].reverse() } };
}

/** The round decimals of each seed program (469: 2, 973: 3). */
const PROGRAM_DECIMALS = new Map(
  loadDataset(DEFAULT_DATASET_PATH).orgs.flatMap((o) =>
    o.programs.map((p) => [p.id, p.roundDecimals] as const),
  ),
);

/** An unlock's line amounts written with their program's round decimals ("10.00" in 469, "12.675" in 973). */
function unlockLinesInProgramDecimals(operationId: OperationId, reply: Reply): Reply {
  if (operationId !== 'unlockPromisedPoints' || reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  if (!Array.isArray(body.pointsUnlocked)) return reply;
  const lines = body.pointsUnlocked.map((line: unknown) => {
    const record = bodyRecord(line);
    const decimals = PROGRAM_DECIMALS.get(Number(record.programId));
    return decimals === undefined
      ? record
      : { ...record, pointsUnlocked: Number(record.pointsUnlocked).toFixed(decimals) };
  });
  return { ...reply, body: { ...body, pointsUnlocked: lines } };
}

/** The reference ledger with the customers `held` names holding those points, its answers shown by `reply`. */
function heldAndShown(
  held: Readonly<Record<number, Readonly<Record<number, number>>>>,
  reply: NonNullable<ReferenceHooks['reply']>,
): FaultOptions {
  return { createLedger: (dataset) => new Ledger(holding(held)(dataset)), hooks: { reply } };
}

// --- variant hunt 53 (helper, 2026-12-06 night): fault hunt 58's tightenings from correct targets ---

/**
 * {@link storeIdentifierOnly}'s deduction judged before the request's fields: a name other than
 * mobile under a source outside the store (an unlisted one included) is answered `code` where the
 * schema (8003 for the source, say) would have refused first, and the handler refuses the rest.
 */
function storeIdentifierFirst(code: 8013 | 8015): FaultOptions {
  const answer =
    code === 8013
      ? capillaryError(8013, 'Lookup,Invalid identifier passed')
      : capillaryError(8015, 'Customer not found for the given identifiers');
  return {
    handlers: { negativePointsAdjustment: storeIdentifierOnly('negativePointsAdjustment', code) },
    hooks: familyHooks('capillary', {
      reply: (operationId, reply, request) =>
        operationId === 'negativePointsAdjustment' &&
        isRefusal(reply) &&
        outsideStore(
          request.searchParams.get('source') ?? '',
          request.searchParams.get('identifierName') ?? '',
        )
          ? answer
          : reply,
    }),
  };
}

/** The pointsAwardedRefType values the deduction page lists. */
const LISTED_REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

/**
 * A deduction refusing, with Spring's codeless 400, a listed pointsAwardedRefType without a
 * pointsAwardedId, or beside one it does not `fit`.
 */
function listedRefTypeWantsAward(fits: (refType: string) => boolean): HandlerOverride {
  return (context) => {
    const body = bodyRecord(context.body);
    const refType = String(body.pointsAwardedRefType);
    if (!LISTED_REF_TYPES.has(refType)) return HANDLERS.negativePointsAdjustment(context);
    if (body.pointsAwardedId === undefined)
      return { status: 400, body: springDefaultError('pointsAwardedRefType requires pointsAwardedId') };
    return fits(refType)
      ? HANDLERS.negativePointsAdjustment(context)
      : { status: 400, body: springDefaultError(`pointsAwardedRefType ${refType} does not fit the award`) };
  };
}

/** A deduction refusing any pointsAwardedRefType without a pointsAwardedId, before the schema, with Spring's codeless 400. */
function refTypeWantsAwardFirst(): FaultOptions {
  const unpaired = (body: unknown) => {
    const record = bodyRecord(body);
    return record.pointsAwardedRefType !== undefined && record.pointsAwardedId === undefined;
  };
  const answer = { status: 400, body: springDefaultError('pointsAwardedRefType requires pointsAwardedId') };
  return {
    handlers: {
      negativePointsAdjustment: (context) =>
        unpaired(context.body) ? answer : HANDLERS.negativePointsAdjustment(context),
    },
    hooks: familyHooks('capillary', {
      reply: (operationId, reply, request) =>
        operationId === 'negativePointsAdjustment' && isRefusal(reply) && unpaired(request.body)
          ? answer
          : reply,
    }),
  };
}

/**
 * Customer-1002 (the strict org's first sharedSecondary customer) holding 250.5 main points in
 * program 469 and its bill promising 40.5 there, every balance figure written whole, half to even.
 */
function sharedPairHoldingHalvesWholeHalfEven(): FaultOptions {
  return {
    createLedger: (dataset) =>
      new Ledger(
        withCustomer(dataset, 'strict', 1002, (c) => ({
          ...c,
          mainPoints: { ...c.mainPoints, 469: 250.5 },
          // The bill's own line; its promotion's keeps its whole points.
          bills: c.bills?.map((b) => ({
            ...b,
            promised: b.promised.map((e) => (e.promotion ? e : { ...e, points: 40.5 })),
          })),
        })),
      ),
    hooks: familyHooks('capillary', { reply: balanceAsWholeNumbers(halfEvenTo(0)) }),
  };
}

// --- variant hunt 57 ---

/** Scalars Jackson coerces by default, per field of the adjustment: the issue's JSON text and its reading. */
const JACKSON_COERCED: Readonly<Record<string, (json: unknown) => unknown>> = {
  points: (v) => (typeof v === 'string' && NUMERIC_TEXT.test(v) ? Number(v) : undefined),
  setToPending: (v) => (v === 'true' ? true : v === 'false' ? false : undefined),
  pointType: (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined),
  billingEntity: (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined),
  reasonCode: (v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined),
};

/** The fields of an adjustment's body as Jackson's default coercion reads them (those it cannot, as sent). */
const jacksonRead = (body: unknown): Record<string, unknown> => {
  const record = bodyRecord(body);
  return Object.fromEntries(
    Object.entries(record).map(([field, value]) => [field, JACKSON_COERCED[field]?.(value) ?? value]),
  );
};

/** A fabric adjustment bound with Jackson's default scalar coercion (see fabric-jackson-scalar-coercion). */
const jacksonScalarCoercion: FaultOptions = {
  hooks: familyHooks('fabric', {
    validate: dropIssues('adjustMemberPoints', (i) => {
      const field = i.where.replace(/^body\./, '');
      if (!['type', 'oneOf', 'anyOf'].includes(i.keyword) || !(field in JACKSON_COERCED)) return false;
      let sent: unknown;
      try {
        sent = JSON.parse(i.actual);
      } catch {
        return false;
      }
      return JACKSON_COERCED[field]!(sent) !== undefined;
    }),
  }),
  handlers: {
    adjustMemberPoints: (context) =>
      HANDLERS.adjustMemberPoints({ ...context, body: jacksonRead(context.body) }),
  },
};

/** The reference's unlock, a line of 0 points added for every program of the org no line names. */
function zeroLinesForOtherPrograms(context: HandlerContext): Reply {
  const reply = HANDLERS.unlockPromisedPoints(context);
  if (reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const lines = Array.isArray(body.pointsUnlocked) ? (body.pointsUnlocked as Record<string, unknown>[]) : [];
  const billNumber = lines.find((line) => line.billNumber !== undefined)?.billNumber;
  if (billNumber === undefined) return reply;
  const named = new Set(lines.map((line) => line.programId));
  const zeros = (ORG_PROGRAMS.get(context.principal) ?? [])
    .filter((programId) => !named.has(programId))
    .map((programId) => ({ billNumber, pointsUnlocked: 0, programId }));
  return { ...reply, body: { ...body, pointsUnlocked: [...lines, ...zeros] } };
}

/** The reference's deduction, its success written as the ledger's transaction: the request echoed beside the table's fields. */
function deductionEchoed(context: HandlerContext): Reply {
  const reply = HANDLERS.negativePointsAdjustment(context);
  if (reply.status !== 200) return reply;
  const body = bodyRecord(context.body);
  const programId =
    typeof body.programId === 'number' ? body.programId : DEFAULT_PROGRAM.get(context.principal);
  const read = context.ledger.balance(context.principal, {
    identifierName: queryValue(context.query, 'identifierName') ?? '',
    identifierValue: queryValue(context.query, 'identifierValue') ?? '',
    fetchDataForAllPrograms: false,
  });
  return {
    ...reply,
    body: {
      ...bodyRecord(reply.body),
      message: `${String(body.pointsToBeAdjusted)} points deducted from program ${programId}`,
      programId,
      ...(read.ok ? { entityId: read.value.entityId } : {}),
      pointsDeducted: body.pointsToBeAdjusted,
      reasonOfReturn: body.reasonOfReturn,
      transactionId: randomUUID(),
    },
  };
}

/** A successful deduction leaving the balance below zero, 8907 listed as a warning with what is left. */
function belowZeroWarned(body: Record<string, unknown>, request: HookRequest): Record<string, unknown> {
  const left = Number(body.pointsAvailable);
  if (!(left < 0)) return body;
  const sent = bodyRecord(request.body).pointsToBeAdjusted;
  const warning = {
    status: true,
    code: 8907,
    message: `points to be deducted ${String(sent)} is greater than available points; NegativeBalanceOnReturn config is enabled for org, balance now ${String(body.pointsAvailable)}`,
  };
  return { ...body, warnings: [warning] };
}

/** The reference's balance with the profile's program, lifetime, expiry, value and last change beside the figures. */
function balanceWithMoreFigures(context: HandlerContext): Reply {
  const reply = HANDLERS.getPointsBalance(context);
  if (reply.status !== 200) return reply;
  const body = bodyRecord(reply.body);
  const all = queryValue(context.query, 'fetchDataForAllPrograms') === 'true';
  const named = queryValue(context.query, 'programId');
  const programId = all ? null : named === undefined ? DEFAULT_PROGRAM.get(context.principal) : Number(named);
  const total = Number(body.totalPoints);
  return {
    ...reply,
    body: {
      ...body,
      programId,
      programName: programId === null ? null : `Program ${programId}`,
      lifetimePoints: Math.max(total, 0) + 1000,
      expiringPoints: [],
      pointsValue: { currency: 'INR', value: Math.max(total, 0) / 4 },
      lastUpdatedOn: new Date().toISOString(),
    },
  };
}

/** A refused balance lookup written by the balance DTO: its figures at their defaults beside the errors. */
function refusalWithZeroFigures(operationId: OperationId, reply: Reply): Reply {
  if (operationId !== 'getPointsBalance' || reply.status < 400) return reply;
  const zeros = {
    entityId: -1,
    totalPoints: 0,
    mainPoints: 0,
    promisedPointsBreakup: { delayedAccrualPoints: 0, externalTriggerBasedPoints: 0 },
  };
  return { ...reply, body: { ...zeros, ...bodyRecord(reply.body) } };
}

/** The reference's deduction, a refusal written by the deduction's DTO: status, the balance left, a message. */
function refusalWithTheBalance(context: HandlerContext): Reply {
  const reply = HANDLERS.negativePointsAdjustment(context);
  if (reply.status < 400) return reply;
  const body = bodyRecord(context.body);
  const read = context.ledger.balance(context.principal, {
    identifierName: queryValue(context.query, 'identifierName') ?? '',
    identifierValue: queryValue(context.query, 'identifierValue') ?? '',
    ...(typeof body.programId === 'number' ? { programId: body.programId } : {}),
    fetchDataForAllPrograms: false,
  });
  const refusal = bodyRecord(reply.body);
  const [first] = Array.isArray(refusal.errors) ? (refusal.errors as Record<string, unknown>[]) : [];
  return {
    ...reply,
    body: {
      status: 'failure',
      pointsAvailable: read.ok ? formatFixed(read.value.mainPoints, 3) : '0.000',
      message: first?.message ?? '',
      ...refusal,
    },
  };
}

/** The reference's deduction behind a cache of answers: a repeat of one taken in the last `ms` gets its answer again. */
function replayedWithin(ms: number): Handler {
  const answered = new Map<string, { at: number; reply: Reply }>();
  return (context) => {
    const key = JSON.stringify([context.principal, context.query, context.body]);
    const now = Date.now();
    const seen = answered.get(key);
    if (seen && now - seen.at < ms) return seen.reply;
    const reply = HANDLERS.negativePointsAdjustment(context);
    if (reply.status === 200) answered.set(key, { at: now, reply });
    return reply;
  };
}

/** A read over all programs answered with entityId, mainPoints and totalPoints alone. */
function allProgramsMainAndTotalOnly(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  return balanceBodyAs(({ entityId, mainPoints, totalPoints }, hook) =>
    queryValue(hook.query, 'fetchDataForAllPrograms') === 'true'
      ? { entityId, mainPoints, totalPoints }
      : undefined,
  )(operationId, reply, request);
}

// --- variant hunt 65 ---

/**
 * The shipped ledger with program 973 counting whole points (0 round decimals) and every customer of
 * the lenient org at -26 points per program; strict 1001 keeps the 120.5 it holds in 973.
 */
function lenientInTheRedWholeSecondProgram(dataset: Dataset): Ledger {
  return new Ledger(
    withRoundDecimals(
      withOrgMainPoints(dataset, ['lenient'], () => -26),
      973,
      0,
    ),
  );
}

// --- padded66: variant hunt 65's padded pointsAvailable ---

/**
 * The strict org's drainable customer (1005) holding `held` in program 469, every balance figure
 * shown by `display` and pointsAvailable written by `available`, behind a gateway writing every
 * Capillary amount with three decimal places, as the deduction page's example writes its
 * Integer-typed pointsAvailable ("670.000"): the zeros are the gateway's format, not the ledger's.
 */
function drainBehindThreePlaces(
  held: number,
  display: (points: number) => number,
  available: (points: number) => number,
): FaultOptions {
  const shown = shownWithAvailable(display, available);
  return {
    ...heldIn469Shown(1005, held, display),
    hooks: {
      reply: (operationId, reply, request) => {
        const answered = shown(operationId, reply, request);
        return OPERATION_FAMILY[operationId] === 'capillary'
          ? amountsPaddedTo(3)(operationId, answered)
          : answered;
      },
    },
  };
}

/**
 * `createLedger` with a deduction's pointsAvailable alone written with three decimal places, padded
 * with zeros, as the deduction page's example writes it ("670.000" for an Integer-typed figure);
 * every other amount as the ledger writes it (shortest).
 */
function availablePaddedAlone(createLedger: NonNullable<FaultOptions['createLedger']>): FaultOptions {
  const padded = deductionSuccess((body) => {
    const text = String(body.pointsAvailable);
    const [whole, fraction = ''] = text.split('.');
    return fraction.length >= 3 || !/^-?\d+(\.\d+)?$/.test(text)
      ? body
      : { ...body, pointsAvailable: `${whole}.${fraction.padEnd(3, '0')}` };
  });
  return { createLedger, hooks: familyHooks('capillary', { reply: padded }) };
}
