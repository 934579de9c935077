/**
 * The clean room's own seed rows, as the Worker's D1 migrations would insert them: two orgs (one
 * Basic-first, one OAuth-first), programs of 2, 0, 0 and 2 round decimals, customers with INTEGER
 * entity ids (D1 hands them back as JS numbers), bills whose promised points sit on lines of two
 * programs and a promotion's. Points are REAL columns (JS doubles), every write rounded to the
 * program's round decimals. Public test credentials of this provider, not secrets.
 */
export type Category = 'delayed' | 'external';

export interface Credential {
  readonly scheme: 'basic' | 'oauth';
  /** Till username, or OAuth client key. */
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

/** A row of promised_lines: one bill's promised points in one program. */
export interface PromisedLineRow {
  readonly lineId: number;
  readonly programId: number;
  readonly points: number;
  readonly category: Category;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: PromotionRow;
  /** unlocked_at: null until a batch marks it. */
  unlockedAt: string | null;
}

export interface BillRow {
  /** TEXT column: a JSON integer billNumber compares equal through SQLite's text affinity. */
  readonly billNumber: string;
  readonly entityId: number;
  readonly eventName: string;
  readonly eventLogIds: readonly number[];
  readonly lines: PromisedLineRow[];
}

export interface CustomerRow {
  readonly entityId: number;
  /** identifier name → value; `email` is COLLATE NOCASE, the others BINARY. */
  readonly identifiers: Readonly<Record<string, string>>;
  /** balances.main per enrolled program (REAL). */
  readonly main: Map<number, number>;
}

export interface AwardRow {
  readonly id: number;
  readonly entityId: number;
}

export interface OrgRow {
  readonly id: string;
  readonly negativeOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly roundDecimals: ReadonlyMap<number, number>;
  /** Dual eligibility's primary identifier, when the org has it on (a Workers env var). */
  dualPrimary?: string;
  readonly credentials: readonly Credential[];
  readonly customers: CustomerRow[];
  readonly bills: BillRow[];
  readonly promotions: readonly PromotionRow[];
  readonly awards: readonly AwardRow[];
}

export interface FabricMemberRow {
  readonly profileId: string;
  available: number;
  pending: number;
}

export const FABRIC_TOKEN = 'cr34-fabric-token';
export const FABRIC_MEMBER = '34cf1a2e-7b0d-4d34-9c34-d1d1d1d13434';

const customer = (
  entityId: number,
  identifiers: Record<string, string>,
  main: Record<number, number>,
): CustomerRow => ({
  entityId,
  identifiers,
  main: new Map(Object.entries(main).map(([program, points]) => [Number(program), points])),
});

let nextLine = 1;
const line = (
  programId: number,
  points: number,
  category: Category,
  extra: Partial<Pick<PromisedLineRow, 'lineItemId' | 'itemCode' | 'promotion'>> = {},
): PromisedLineRow => ({ lineId: nextLine++, programId, points, category, ...extra, unlockedAt: null });

/** Fresh rows for one provider (each started provider owns its database). */
export function seedOrgs(): OrgRow[] {
  nextLine = 1;
  const winterTea: PromotionRow = {
    id: 34501,
    identifier: 'WR-WINTER-TEA',
    name: 'Winter tea',
    programId: 3401,
  };
  const riverRun: PromotionRow = {
    id: 34551,
    identifier: 'OT-RIVER-RUN',
    name: 'River run',
    programId: 3451,
  };
  const wren: OrgRow = {
    id: 'wren',
    negativeOnReturn: false,
    defaultProgramId: 3401,
    roundDecimals: new Map([
      [3401, 2],
      [3402, 0],
    ]),
    credentials: [
      { scheme: 'basic', name: 'wren.till03', secret: 'wren-till-pass', points: true },
      { scheme: 'oauth', name: 'cr34-wren-app', secret: 'wren-app-secret', points: true },
      { scheme: 'basic', name: 'wren.kiosk', secret: 'wren-kiosk-pass', points: false },
    ],
    customers: [
      customer(
        340001,
        {
          mobile: '447700900341',
          // Stored as the customer typed it; the column is COLLATE NOCASE.
          email: 'Amara.Okafor@Wren.example',
          externalId: 'WR-AMARA',
          id: '340001',
          cuid: 'cu-340001',
          primaryUserId: 'pu-340001',
        },
        { 3401: 2480.35, 3402: 900 },
      ),
      customer(
        340002,
        { mobile: '447700900342', email: 'bas@wren.example', externalId: 'WR-BAS', id: '340002' },
        { 3401: 615.5 },
      ),
      customer(
        340003,
        { mobile: '447700900343', email: 'cleo@wren.example', externalId: 'WR-CLEO', id: '340003' },
        { 3401: 30.3 },
      ),
      customer(
        340004,
        { mobile: '447700900399', email: 'dev@wren.example', externalId: 'WR-DEV', id: '340004' },
        { 3401: 120.1, 3402: 40 },
      ),
      customer(
        340005,
        { mobile: '447700900399', email: 'esme@wren.example', externalId: 'WR-ESME', id: '340005' },
        { 3401: 77.7 },
      ),
    ],
    bills: [
      {
        billNumber: 'WB-3401',
        entityId: 340001,
        eventName: 'TransactionAdd',
        eventLogIds: [9340101],
        lines: [
          line(3401, 12.5, 'delayed'),
          line(3401, 8.25, 'delayed', { lineItemId: 834011, itemCode: 'CHAI-LATTE' }),
          line(3401, 4.1, 'delayed', { lineItemId: 834012, itemCode: 'OAT-BAR' }),
          line(3401, 6, 'external', { promotion: winterTea }),
        ],
      },
      {
        billNumber: 'WB-3402',
        entityId: 340001,
        eventName: 'TransactionAdd',
        eventLogIds: [9340102],
        lines: [
          line(3402, 35, 'delayed'),
          line(3401, 2.2, 'delayed', { lineItemId: 834021, itemCode: 'MUG' }),
        ],
      },
      {
        billNumber: 'WB-3403',
        entityId: 340002,
        eventName: 'TransactionAdd',
        eventLogIds: [9340103],
        lines: [line(3401, 10.1, 'delayed'), line(3401, 3.3, 'external', { promotion: winterTea })],
      },
      {
        billNumber: 'WB-3404',
        entityId: 340004,
        eventName: 'TransactionUpdate',
        eventLogIds: [9340104],
        lines: [line(3401, 7.7, 'delayed'), line(3402, 5, 'delayed')],
      },
      {
        // Digits only: a JSON integer billNumber finds it (TEXT affinity turns 34017 into '34017').
        billNumber: '34017',
        entityId: 340003,
        eventName: 'TransactionAdd',
        eventLogIds: [9340107],
        lines: [line(3401, 1.5, 'delayed')],
      },
      {
        // No fixture names it: standing external-trigger points, so the breakup has two parts.
        billNumber: 'WB-3390',
        entityId: 340001,
        eventName: 'TransactionAdd',
        eventLogIds: [9340090],
        lines: [line(3401, 0.4, 'external'), line(3402, 3, 'external')],
      },
    ],
    promotions: [winterTea],
    awards: [
      { id: 34901, entityId: 340001 },
      { id: 34902, entityId: 340002 },
    ],
  };
  const otter: OrgRow = {
    id: 'otter',
    negativeOnReturn: true,
    defaultProgramId: 3451,
    roundDecimals: new Map([
      [3451, 0],
      [3452, 2],
    ]),
    credentials: [
      { scheme: 'oauth', name: 'cr34-otter-app', secret: 'otter-app-secret', points: true },
      { scheme: 'basic', name: 'otter.till01', secret: 'otter-till-pass', points: true },
      { scheme: 'oauth', name: 'cr34-otter-audit', secret: 'otter-audit-secret', points: false },
    ],
    customers: [
      customer(
        345001,
        {
          mobile: '447700900451',
          email: 'femi@otter.example',
          externalId: 'OT-FEMI',
          id: '345001',
          cuid: 'cu-345001',
          primaryUserId: 'pu-345001',
        },
        { 3451: 1500, 3452: 250.75 },
      ),
      customer(
        345002,
        { mobile: '447700900452', email: 'gus@otter.example', externalId: 'OT-GUS', id: '345002' },
        { 3451: 300 },
      ),
      customer(
        345003,
        { mobile: '447700900499', email: 'hana@otter.example', externalId: 'OT-HANA', id: '345003' },
        { 3451: 80 },
      ),
      customer(
        345004,
        { mobile: '447700900499', email: 'ivo@otter.example', externalId: 'OT-IVO', id: '345004' },
        { 3451: 45 },
      ),
    ],
    bills: [
      {
        billNumber: 'OB-7701',
        entityId: 345001,
        eventName: 'TransactionAdd',
        eventLogIds: [9345101],
        lines: [
          line(3451, 20, 'delayed'),
          line(3451, 9, 'delayed', { lineItemId: 845011, itemCode: 'DRY-BAG' }),
          line(3451, 4, 'delayed', { lineItemId: 845012, itemCode: 'PADDLE-LEASH' }),
          line(3451, 10, 'external', { promotion: riverRun }),
        ],
      },
      {
        billNumber: 'OB-7702',
        entityId: 345001,
        eventName: 'TransactionAdd',
        eventLogIds: [9345102],
        lines: [
          line(3452, 12.75, 'delayed'),
          line(3451, 3, 'delayed', { lineItemId: 845021, itemCode: 'MAP' }),
        ],
      },
      {
        billNumber: 'OB-7703',
        entityId: 345002,
        eventName: 'TransactionAdd',
        eventLogIds: [9345103],
        lines: [line(3451, 15, 'delayed')],
      },
      {
        billNumber: 'OB-7704',
        entityId: 345003,
        eventName: 'TransactionAdd',
        eventLogIds: [9345104],
        lines: [line(3451, 6, 'delayed'), line(3451, 2, 'external')],
      },
    ],
    promotions: [riverRun],
    awards: [{ id: 34951, entityId: 345001 }],
  };
  return [wren, otter];
}

export function seedFabricMembers(): FabricMemberRow[] {
  return [
    { profileId: FABRIC_MEMBER, available: 4200, pending: 0 },
    { profileId: '34cf1a2e-0000-4d34-9c34-0000000000b2', available: 75, pending: 0 },
  ];
}
