/**
 * Balance displays shared by the fault catalogue and the correct variants: a target showing the
 * balance figures with fewer decimals than its ledger keeps (the balance page's table types them int).
 */
import { LEDGER_DECIMALS, toMicro } from '../../src/reference/amount.ts';
import type { Dataset } from '../../src/reference/dataset.ts';
import type { Reply } from '../../src/reference/envelopes.ts';
import { bodyRecord, queryValue } from '../../src/reference/handlers/context.ts';
import type { OperationId } from '../../src/reference/handlers/index.ts';
import type { HookRequest } from '../../src/reference/server.ts';
import { orgsOf, type ProfileDocument, type ProfileSource } from './profiles.ts';

/**
 * A 200 of the balance with every figure (main, total, promised and its breakup) shown as a whole
 * number by `whole`, each from the ledger's own value: the balance page's response table types
 * them int, while the ledger keeps the decimals the program's round decimals allow. `promised`
 * shows promisedPoints and its breakup another way (a target writing only those int, as the
 * table types them, and main and total with decimals).
 */
export const balanceAsWholeNumbers =
  (whole: (points: number) => number, promised = whole) =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
    const wholeOf = (value: unknown): unknown => (typeof value === 'number' ? whole(value) : value);
    const promisedOf = (value: unknown): unknown => (typeof value === 'number' ? promised(value) : value);
    const body = bodyRecord(reply.body);
    const breakup = bodyRecord(body.promisedPointsBreakup);
    return {
      ...reply,
      body: {
        ...body,
        totalPoints: wholeOf(body.totalPoints),
        mainPoints: wholeOf(body.mainPoints),
        promisedPoints: promisedOf(body.promisedPoints),
        promisedPointsBreakup: {
          ...breakup,
          delayedAccrualPoints: promisedOf(breakup.delayedAccrualPoints),
          externalTriggerBasedPoints: promisedOf(breakup.externalTriggerBasedPoints),
        },
      },
    };
  };

/** A balance answer rewritten by `change` (200 answers only). */
export const balanceBodyAs =
  (change: (body: Record<string, unknown>, request: HookRequest) => Record<string, unknown> | undefined) =>
  (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
    if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
    const body = change(bodyRecord(reply.body), request);
    return body ? { ...reply, body } : reply;
  };

/**
 * Every balance figure written whole through `display`, each on its own, and promisedPoints and
 * totalPoints the sums of the figures written (a DTO adding its own int fields).
 */
export function totalOfShownFigures(display: (points: number) => number) {
  return (operationId: OperationId, reply: Reply, request: HookRequest): Reply =>
    balanceBodyAs((body) => {
      const breakup = bodyRecord(body.promisedPointsBreakup);
      const delayedAccrualPoints = display(Number(breakup.delayedAccrualPoints ?? 0)) + 0;
      const externalTriggerBasedPoints = display(Number(breakup.externalTriggerBasedPoints ?? 0)) + 0;
      const mainPoints = display(Number(body.mainPoints)) + 0;
      const promisedPoints = delayedAccrualPoints + externalTriggerBasedPoints;
      return {
        ...body,
        mainPoints,
        promisedPoints,
        totalPoints: mainPoints + promisedPoints,
        promisedPointsBreakup: { delayedAccrualPoints, externalTriggerBasedPoints },
      };
    })(operationId, reply, request);
}

/**
 * Points with `decimals` decimals, rounded half even on their exact micro-points (as BigDecimal's
 * setScale(decimals, HALF_EVEN), Python's `round` or .NET's `Math.Round` write them): to two,
 * 78.675 → 78.68 and 12.665 → 12.66; to none, 100.5 → 100 and 103.5 → 104.
 */
export const halfEvenTo =
  (decimals: number) =>
  (points: number): number => {
    const unit = 10 ** (LEDGER_DECIMALS - decimals);
    const micro = toMicro(points);
    const low = Math.floor(micro / unit);
    const rest = micro - low * unit;
    return (rest * 2 > unit || (rest * 2 === unit && low % 2 !== 0) ? low + 1 : low) / 10 ** decimals;
  };

/** Points with two decimals, rounded half even (a DECIMAL(p, 2) column): {@link halfEvenTo}(2). */
export const twoDecimalsHalfEven = halfEvenTo(2);

/**
 * {@link balanceAsWholeNumbers} for the balance over all programs only (fetchDataForAllPrograms=true):
 * a target writing each program's figures with its own round decimals and the sum it works out
 * with fewer (the default program's), by `whole`.
 */
export const sumsShownBy =
  (whole: (points: number) => number) =>
  (operationId: OperationId, reply: Reply, request: HookRequest): Reply =>
    queryValue(request.query, 'fetchDataForAllPrograms') === 'true'
      ? balanceAsWholeNumbers(whole)(operationId, reply)
      : reply;

/**
 * The shipped dataset with the lenient org's first customer (its twoPrograms and deductible) holding
 * 50.45 in program 469 (two round decimals) and 10.25 in 973 (variant hunt 28): a display of one
 * decimal hides the hundredths.
 */
export const withLenientHundredths = (dataset: Dataset): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    customers: org.customers.map((c) =>
      org.id === 'lenient' && c.id === 2001
        ? { ...c, mainPoints: { ...c.mainPoints, 469: 50.45, 973: 10.25 } }
        : c,
    ),
  })),
});

/** The half point's program of {@link withHalfPointProgram}. */
export const HALF_POINT_PROGRAM = { id: 555, name: 'Extra', roundDecimals: 1 };
/** The customers holding the half point: each org's twoPrograms customer. */
const HALF_POINT_HOLDERS = new Set([1001, 2001]);
const WHOLE_POINT_PROGRAMS = new Set([469, 973]);

/**
 * The shipped dataset with programs 469 and 973 counting whole points (the figures held there
 * rounded down, promised points rounded) and a third program, 555 of one round decimal, in which
 * each org's twoPrograms customer holds 0.5 points: its sum over all programs holds half a point
 * whatever whole points the run moves.
 */
export const withHalfPointProgram = (dataset: Dataset): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    programs: [
      ...org.programs.map((p) => (WHOLE_POINT_PROGRAMS.has(p.id) ? { ...p, roundDecimals: 0 } : p)),
      HALF_POINT_PROGRAM,
    ],
    customers: org.customers.map((c) => ({
      ...c,
      mainPoints: {
        ...Object.fromEntries(Object.entries(c.mainPoints).map(([p, v]) => [p, Math.floor(Number(v))])),
        ...(HALF_POINT_HOLDERS.has(c.id) ? { [HALF_POINT_PROGRAM.id]: 0.5 } : {}),
      },
      programs: HALF_POINT_HOLDERS.has(c.id) ? [...c.programs, HALF_POINT_PROGRAM.id] : c.programs,
      bills: c.bills?.map((b) => ({
        ...b,
        promised: b.promised.map((e) => ({ ...e, points: Math.round(Number(e.points)) })),
      })),
    })),
  })),
});

/** The reference profile declaring {@link withHalfPointProgram}'s programs and holders. */
export const halfPointProgramDeclared: ProfileSource = {
  edit: (profile) => declareHalfPointProgram(profile),
};

function declareHalfPointProgram(profile: ProfileDocument): void {
  for (const org of orgsOf(profile)) {
    org.config.programs = [
      ...org.config.programs.map((p: { id: number }) =>
        WHOLE_POINT_PROGRAMS.has(p.id) ? { ...p, roundDecimals: 0 } : p,
      ),
      { id: HALF_POINT_PROGRAM.id, roundDecimals: HALF_POINT_PROGRAM.roundDecimals },
    ];
    for (const [key, customer] of Object.entries(org.fixtures.customers) as [
      string,
      { programs: number[] },
    ][])
      if (HALF_POINT_HOLDERS.has(Number(key.replace('customer-', ''))))
        customer.programs.push(HALF_POINT_PROGRAM.id);
  }
}

/**
 * {@link withHalfPointProgram} with every customer of both orgs holding the half point in program
 * 555, not the twoPrograms customers alone: every read over all programs holds half a point
 * (the deduction racing an unlock, a promised-points holder's deductions).
 */
export const withHalfPointForEveryone = (dataset: Dataset): Dataset => {
  const half = withHalfPointProgram(dataset);
  return {
    ...half,
    orgs: half.orgs.map((org) => ({
      ...org,
      customers: org.customers.map((c) =>
        c.programs.includes(HALF_POINT_PROGRAM.id)
          ? c
          : {
              ...c,
              mainPoints: { ...c.mainPoints, [HALF_POINT_PROGRAM.id]: 0.5 },
              programs: [...c.programs, HALF_POINT_PROGRAM.id],
            },
      ),
    })),
  };
};

/** The reference profile declaring {@link withHalfPointForEveryone}'s programs and holders. */
export const halfPointForEveryoneDeclared: ProfileSource = {
  edit: (profile) => {
    declareHalfPointProgram(profile);
    for (const org of orgsOf(profile))
      for (const customer of Object.values(org.fixtures.customers) as { programs: number[] }[])
        if (!customer.programs.includes(HALF_POINT_PROGRAM.id)) customer.programs.push(HALF_POINT_PROGRAM.id);
  },
};

/** Programs of one decimal in which {@link withTenthsInTwoPrograms} puts 0.7 and 0.8 points. */
const TENTHS_PROGRAMS = [
  { id: 555, name: 'Extra', roundDecimals: 1 },
  { id: 556, name: 'Bonus', roundDecimals: 1 },
];

/**
 * The shipped dataset with programs 469 and 973 counting whole points (figures held there rounded
 * down) and each org's twoPrograms customer holding 2 points in each and 0.7 and 0.8 points in two
 * programs of one decimal ({@link TENTHS_PROGRAMS}): its sum over all programs holds half a point,
 * and each tenth-program, shown whole half to even, reads 1 while holding less.
 */
export const withTenthsInTwoPrograms = (dataset: Dataset): Dataset => ({
  ...dataset,
  orgs: dataset.orgs.map((org) => ({
    ...org,
    programs: [...org.programs.map((p) => ({ ...p, roundDecimals: 0 })), ...TENTHS_PROGRAMS],
    customers: org.customers.map((c) =>
      c.id === 1001 || c.id === 2001
        ? { ...c, mainPoints: { 469: 2, 973: 2, 555: 0.7, 556: 0.8 }, programs: [469, 973, 555, 556] }
        : {
            ...c,
            mainPoints: Object.fromEntries(
              Object.entries(c.mainPoints).map(([p, v]) => [p, Math.floor(Number(v))]),
            ),
          },
    ),
  })),
});

/** The reference profile declaring {@link withTenthsInTwoPrograms}'s programs and holders. */
export const tenthsInTwoProgramsDeclared: ProfileSource = {
  edit: (profile) => declareTenthsInTwoPrograms(profile),
};

function declareTenthsInTwoPrograms(profile: ProfileDocument): void {
  for (const org of orgsOf(profile)) {
    org.config.programs = [
      ...org.config.programs.map((p: { id: number }) => ({ ...p, roundDecimals: 0 })),
      ...TENTHS_PROGRAMS.map(({ id, roundDecimals }) => ({ id, roundDecimals })),
    ];
    org.fixtures.customers[org.fixtures.roles.twoPrograms].programs = [
      469,
      973,
      ...TENTHS_PROGRAMS.map((p) => p.id),
    ];
  }
}

/** A program of one decimal in which {@link withMigratedDebt} leaves each twoPrograms customer a debt. */
const DEBT_PROGRAM = { id: 557, name: 'Migrated', roundDecimals: 1 };

/**
 * {@link withTenthsInTwoPrograms} with each org's twoPrograms customer also owing 1 point in a
 * program of its own ({@link DEBT_PROGRAM}): a balance migrated in below zero, which no deduction
 * made and the strict org's 8907 (a deduction's rule) says nothing of (variant hunt 28).
 */
export const withMigratedDebt = (dataset: Dataset): Dataset => {
  const tenths = withTenthsInTwoPrograms(dataset);
  return {
    ...tenths,
    orgs: tenths.orgs.map((org) => ({
      ...org,
      programs: [...org.programs, DEBT_PROGRAM],
      customers: org.customers.map((c) =>
        c.id === 1001 || c.id === 2001
          ? {
              ...c,
              mainPoints: { ...c.mainPoints, [DEBT_PROGRAM.id]: -1 },
              programs: [...c.programs, DEBT_PROGRAM.id],
            }
          : c,
      ),
    })),
  };
};

/** The reference profile declaring {@link withMigratedDebt}'s programs and holders. */
export const migratedDebtDeclared: ProfileSource = {
  edit: (profile) => {
    declareTenthsInTwoPrograms(profile);
    for (const org of orgsOf(profile)) {
      org.config.programs.push({ id: DEBT_PROGRAM.id, roundDecimals: DEBT_PROGRAM.roundDecimals });
      org.fixtures.customers[org.fixtures.roles.twoPrograms].programs.push(DEBT_PROGRAM.id);
    }
  },
};

/**
 * Points with `decimals` decimals, the rest dropped toward zero on their exact micro-points (a
 * DTO's setScale(decimals, DOWN)): to one, 50.45 → 50.4 and -10.55 → -10.5.
 */
export const truncatedTo =
  (decimals: number) =>
  (points: number): number => {
    const unit = 10 ** (LEDGER_DECIMALS - decimals);
    return Math.trunc(toMicro(points) / unit) / 10 ** decimals;
  };

/**
 * Points with `decimals` decimals, raised on their exact micro-points (a DTO's setScale(decimals,
 * CEILING)): to one, 5.04 → 5.1 and -10.55 → -10.5.
 */
export const raisedTo =
  (decimals: number) =>
  (points: number): number => {
    const unit = 10 ** (LEDGER_DECIMALS - decimals);
    return Math.ceil(toMicro(points) / unit) / 10 ** decimals;
  };

/**
 * Points with `decimals` decimals, rounded half away from zero on their exact micro-points (a DTO's
 * setScale(decimals, HALF_UP)): to one, 99.95 → 100.0 and -10.05 → -10.1.
 */
export const halfAwayTo =
  (decimals: number) =>
  (points: number): number => {
    const unit = 10 ** (LEDGER_DECIMALS - decimals);
    const micro = toMicro(points);
    return (Math.sign(micro) * Math.round(Math.abs(micro) / unit)) / 10 ** decimals;
  };
