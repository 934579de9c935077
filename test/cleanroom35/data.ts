/**
 * The clean room's seeders: the rows `php artisan db:seed` would insert into a fresh MySQL schema.
 * Points are DECIMAL(14,3) columns kept as whole thousandths; customers.id is a BIGINT (an integer in
 * JSON); identifiers are varchar columns under utf8mb4_0900_ai_ci. Public test credentials of this
 * provider, not secrets.
 */

export interface Credential {
  readonly scheme: 'basic' | 'oauth';
  /** The till's username, or the OAuth client key. */
  readonly name: string;
  readonly secret: string;
  /** Whether the till's or app's access groups include Points. */
  readonly points: boolean;
}

export interface PromotionRow {
  readonly id: number;
  readonly identifier: string;
  readonly name: string;
  readonly programId: number;
}

/** promised_points: one line of a bill's promised points (bill, line item or promotion). */
export interface PromisedRow {
  readonly id: number;
  readonly programId: number;
  readonly points: number;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: PromotionRow;
  unlockedAt: Date | null;
}

export interface BillRow {
  /** varchar(64): a JSON integer billNumber is compared as its string. */
  readonly billNumber: string;
  readonly customerId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly promised: PromisedRow[];
}

export interface PointsRow {
  /** main_points, delayed_points: DECIMAL(14,3) in thousandths. */
  main: number;
  delayed: number;
}

export interface CustomerRow {
  readonly id: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** customer_points rows by program: a row is the enrolment. */
  readonly points: Map<number, PointsRow>;
}

export interface OrgRow {
  readonly slug: string;
  readonly negativeOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly roundDecimals: ReadonlyMap<number, number>;
  dualPrimary?: string;
  readonly credentials: readonly Credential[];
  readonly customers: CustomerRow[];
  readonly bills: BillRow[];
  readonly promotions: readonly PromotionRow[];
  /** points_awards: id → customer id. */
  readonly awards: ReadonlyMap<number, number>;
}

export interface MemberRow {
  readonly profileId: string;
  available: number;
  pending: number;
}

export const FABRIC_TOKEN = '35|Xr7Kq2LmN9pW4tVz8bC1dF6gH3jS5aE0uY2iO7kL';
export const FABRIC_MEMBER = '35e1b7c2-4f0a-4d35-8e35-7a7a7a7a3535';

const k = (points: number): number => Math.round(points * 1000);

function customer(
  id: number,
  identifiers: Record<string, string>,
  points: Record<number, [number, number]>,
): CustomerRow {
  const rows = new Map<number, PointsRow>();
  for (const [program, [main, delayed]] of Object.entries(points))
    rows.set(Number(program), { main: k(main), delayed: k(delayed) });
  return { id, identifiers, points: rows };
}

let nextPromised = 1;
function bill(
  billNumber: string,
  customerId: number,
  eventName: string,
  eventLogId: number,
  lines: Omit<PromisedRow, 'id' | 'unlockedAt'>[],
): BillRow {
  const promised = lines.map((line) => ({
    ...line,
    points: k(line.points),
    id: nextPromised++,
    unlockedAt: null,
  }));
  return { billNumber, customerId, eventName, eventLogId, promised };
}

function heron(): OrgRow {
  const autumn = { id: 35501, identifier: 'HR-AUTUMN-BREW', name: 'Autumn brew', programId: 3501 };
  return {
    slug: 'heron',
    negativeOnReturn: false,
    defaultProgramId: 3501,
    roundDecimals: new Map([
      [3501, 2],
      [3502, 0],
    ]),
    credentials: [
      { scheme: 'basic', name: 'heron.till05', secret: 'heron-till-pass', points: true },
      { scheme: 'oauth', name: 'cr35-heron-app', secret: 'heron-app-secret', points: true },
      { scheme: 'basic', name: 'heron.kiosk', secret: 'heron-kiosk-pass', points: false },
    ],
    customers: [
      customer(
        350001,
        {
          mobile: '447700900501',
          email: 'ada.lovelace@heron.example',
          externalId: 'HR-ADA',
          id: '350001',
          cuid: 'cu-350001',
          primaryUserId: 'pu-350001',
        },
        { 3501: [2480.35, 12.5], 3502: [900, 0] },
      ),
      customer(
        350002,
        { mobile: '447700900502', email: 'bo@heron.example', externalId: 'HR-BO', id: '350002' },
        {
          3501: [310, 0],
        },
      ),
      customer(
        350003,
        { mobile: '447700900503', email: 'cy@heron.example', externalId: 'HR-CY', id: '350003' },
        {
          3501: [45, 0],
        },
      ),
      customer(
        350004,
        { mobile: '447700900504', email: 'shared@heron.example', externalId: 'HR-DEE', id: '350004' },
        { 3501: [60, 0], 3502: [10, 0] },
      ),
      customer(
        350005,
        { mobile: '447700900505', email: 'shared@heron.example', externalId: 'HR-ELI', id: '350005' },
        { 3501: [70, 0] },
      ),
      customer(
        350006,
        { mobile: '447700900506', email: 'fay@heron.example', externalId: 'HR-FAY', id: '350006' },
        {
          3501: [200, 0],
        },
      ),
    ],
    bills: [
      bill('HB-3501', 350001, 'TransactionAdd', 9350101, [
        { programId: 3501, points: 40 },
        { programId: 3501, points: 15.5, lineItemId: 835011, itemCode: 'ESPRESSO-BEANS' },
        { programId: 3501, points: 30, lineItemId: 835012, itemCode: 'GRINDER' },
        { programId: 3501, points: 10, promotion: autumn },
      ]),
      bill('HB-3502', 350001, 'TransactionAdd', 9350102, [{ programId: 3502, points: 120 }]),
      bill('HB-3503', 350002, 'TransactionAdd', 9350103, [
        { programId: 3501, points: 25.75 },
        { programId: 3501, points: 5, promotion: autumn },
      ]),
      bill('HB-3504', 350004, 'TransactionUpdate', 9350104, [{ programId: 3501, points: 18 }]),
      bill('HB-3505', 350006, 'TransactionAdd', 9350105, [{ programId: 3501, points: 60 }]),
    ],
    promotions: [autumn, { id: 35502, identifier: 'HR-WHOLE-BEAN', name: 'Whole bean', programId: 3502 }],
    awards: new Map([[35901, 350001]]),
  };
}

function lark(): OrgRow {
  const spring = { id: 35551, identifier: 'LK-SPRING-PADDLE', name: 'Spring paddle', programId: 3551 };
  return {
    slug: 'lark',
    negativeOnReturn: true,
    defaultProgramId: 3551,
    roundDecimals: new Map([
      [3551, 3],
      [3552, 0],
    ]),
    credentials: [
      { scheme: 'oauth', name: 'cr35-lark-app', secret: 'lark-app-secret', points: true },
      { scheme: 'basic', name: 'lark.till01', secret: 'lark-till-pass', points: true },
      { scheme: 'oauth', name: 'cr35-lark-audit', secret: 'lark-audit-secret', points: false },
    ],
    customers: [
      customer(
        355001,
        {
          mobile: '447700900551',
          email: 'gil@lark.example',
          externalId: 'LK-GIL',
          id: '355001',
          cuid: 'cu-355001',
          primaryUserId: 'pu-355001',
        },
        { 3551: [1500.125, 3.25], 3552: [80, 0] },
      ),
      customer(
        355002,
        { mobile: '447700900552', email: 'hal@lark.example', externalId: 'LK-HAL', id: '355002' },
        {
          3551: [75, 0],
        },
      ),
      customer(
        355003,
        { mobile: '447700900553', email: 'team@lark.example', externalId: 'LK-INES', id: '355003' },
        {
          3551: [20, 0],
        },
      ),
      customer(
        355004,
        { mobile: '447700900554', email: 'team@lark.example', externalId: 'LK-JON', id: '355004' },
        {
          3551: [30, 0],
        },
      ),
    ],
    bills: [
      bill('LB-7701', 355001, 'TransactionAdd', 9355101, [
        { programId: 3551, points: 11.125 },
        { programId: 3551, points: 22.5, lineItemId: 845011, itemCode: 'KAYAK-RENTAL' },
        { programId: 3551, points: 7.25, lineItemId: 845012, itemCode: 'LIFE-VEST' },
        { programId: 3551, points: 6, promotion: spring },
      ]),
      bill('LB-7702', 355001, 'TransactionAdd', 9355102, [{ programId: 3552, points: 50 }]),
      bill('LB-7703', 355002, 'TransactionAdd', 9355103, [{ programId: 3551, points: 9.5 }]),
      bill('LB-7704', 355003, 'TransactionAdd', 9355104, [{ programId: 3551, points: 14 }]),
    ],
    promotions: [spring],
    awards: new Map([[35951, 355001]]),
  };
}

/** A fresh database: `migrate:fresh --seed`. */
export function seed(): { orgs: OrgRow[]; members: MemberRow[] } {
  return {
    orgs: [heron(), lark()],
    members: [{ profileId: FABRIC_MEMBER, available: k(5120.5), pending: 0 }],
  };
}
