import { createHash } from 'node:crypto';

/**
 * The vendor's seed migration (`supabase/seed.sql`) as rows: two orgs, their programs, tills, OAuth
 * apps, customers with balances per program, bills with promised lines, promotions, awards and one
 * fabric member. Amounts are NUMERIC(14,3) thousandths.
 */
export interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

export interface Org {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: readonly Program[];
  /** Dual eligibility on, deciding by this identifier. */
  primaryIdentifier?: string;
}

export interface Credential {
  readonly org: string;
  /** Holds the Points access group. */
  readonly points: boolean;
}

export interface Customer {
  readonly id: number;
  readonly org: string;
  readonly identifiers: Readonly<Record<string, string>>;
  /** program → main points, delayed accrual points (thousandths). */
  readonly accounts: Map<number, { main: bigint; delayed: bigint }>;
}

export interface BillLine {
  readonly lineId: number;
  readonly programId: number;
  readonly points: bigint;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { readonly id: number; readonly identifier: string; readonly name: string };
}

export interface Bill {
  readonly customerId: number;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: readonly BillLine[];
}

export interface Promotion {
  readonly id: number;
  readonly identifier: string;
  readonly programId: number;
  readonly org: string;
}

export const FABRIC_TOKEN = 'cr42-fabric-service-role';
export const FABRIC_MEMBER = '42a1b2c3-d4e5-4f42-9a42-0123456789ab';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const pts = (n: number) => BigInt(Math.round(n * 1000));

export class Tables {
  readonly orgs = new Map<string, Org>([
    [
      'tasman',
      {
        id: 'tasman',
        negativeBalanceOnReturn: false,
        defaultProgramId: 4201,
        programs: [
          { id: 4201, roundDecimals: 2 },
          { id: 4202, roundDecimals: 1 },
        ],
      },
    ],
    [
      'otago',
      {
        id: 'otago',
        negativeBalanceOnReturn: true,
        defaultProgramId: 4251,
        programs: [
          { id: 4251, roundDecimals: 3 },
          { id: 4252, roundDecimals: 0 },
        ],
      },
    ],
  ]);
  /** till username → md5 of its password, as the till table keeps it. */
  readonly tills = new Map<string, { md5: string; credential: Credential }>([
    ['tasman.till42', { md5: md5('tasman-till-pass'), credential: { org: 'tasman', points: true } }],
    ['tasman.kiosk', { md5: md5('tasman-kiosk-pass'), credential: { org: 'tasman', points: false } }],
    ['otago.till11', { md5: md5('otago-till-pass'), credential: { org: 'otago', points: true } }],
  ]);
  readonly apps = new Map<string, { secret: string; credential: Credential }>([
    ['cr42-tasman-app', { secret: 'tasman-app-secret', credential: { org: 'tasman', points: true } }],
    ['cr42-otago-app', { secret: 'otago-app-secret', credential: { org: 'otago', points: true } }],
    ['cr42-otago-audit', { secret: 'otago-audit-secret', credential: { org: 'otago', points: false } }],
  ]);
  readonly customers: Customer[] = [];
  readonly bills: Bill[] = [];
  readonly promotions: Promotion[] = [
    { id: 42501, identifier: 'TS-WINTER', programId: 4201, org: 'tasman' },
    { id: 42551, identifier: 'OT-SPRING', programId: 4251, org: 'otago' },
  ];
  /** pointsAwardedId → customer. */
  readonly awards = new Map<number, number>();
  readonly fabricMembers = new Map<string, { available: bigint; pending: bigint }>([
    [FABRIC_MEMBER, { available: pts(5200), pending: 0n }],
  ]);
  private nextLine = 1;

  constructor() {
    const t = (n: number, org: string, tag: string, email: string, accounts: [number, number, number][]) =>
      this.customers.push({
        id: n,
        org,
        identifiers: {
          mobile: `64210042${String(n).slice(-4)}`,
          email,
          externalId: `${tag}-${n}`,
          id: String(n),
          cuid: `cu-${n}`,
          primaryUserId: `pu-${n}`,
        },
        accounts: new Map(
          accounts.map(([p, main, delayed]) => [p, { main: pts(main), delayed: pts(delayed) }]),
        ),
      });
    t(420001, 'tasman', 'TS', 'ana@tasman.example', [
      [4201, 1250.5, 15.1],
      [4202, 300, 0],
    ]);
    t(420002, 'tasman', 'TS', 'bo@tasman.example', [[4201, 80, 0]]);
    t(420003, 'tasman', 'TS', 'cy@tasman.example', [[4201, 60, 0]]);
    t(420004, 'tasman', 'TS', 'shared@tasman.example', [
      [4201, 410, 0],
      [4202, 20, 0],
    ]);
    t(420005, 'tasman', 'TS', 'shared@tasman.example', [[4201, 90, 0]]);
    t(420006, 'tasman', 'TS', 'fi@tasman.example', [[4201, 200, 0]]);
    t(425001, 'otago', 'OT', 'fe@otago.example', [
      [4251, 900.125, 4],
      [4252, 50, 0],
    ]);
    t(425002, 'otago', 'OT', 'gu@otago.example', [[4251, 40, 0]]);
    t(425003, 'otago', 'OT', 'shared@otago.example', [[4251, 75, 0]]);
    t(425004, 'otago', 'OT', 'shared@otago.example', [[4251, 30, 0]]);
    t(425005, 'otago', 'OT', 'jo@otago.example', [[4251, 120, 0]]);
    this.awards.set(42901, 420001);
    this.awards.set(42951, 425001);
    const winter = { id: 42501, identifier: 'TS-WINTER', name: 'Winter double' };
    const spring = { id: 42551, identifier: 'OT-SPRING', name: 'Spring bonus' };
    this.bill(
      420001,
      'TB-4201',
      'TransactionAdd',
      9420101,
      4201,
      20,
      [
        [842011, 'KIWI-MUG', 12.5],
        [842012, 'FERN-TEE', 6.7],
      ],
      winter,
    );
    this.bill(420001, 'TB-4202', 'TransactionAdd', 9420102, 4202, 9, []);
    this.bill(420002, 'TB-4203', 'TransactionAdd', 9420103, 4201, 31, [], winter);
    this.bill(420004, 'TB-4204', 'TransactionUpdate', 9420104, 4201, 14, []);
    this.bill(420006, 'TB-4205', 'TransactionAdd', 9420105, 4201, 25, []);
    this.bill(
      425001,
      'OB-4251',
      'TransactionAdd',
      9425101,
      4251,
      18.5,
      [
        [842511, 'TUI-CUP', 3.125],
        [842512, 'WEKA-HAT', 2],
      ],
      spring,
    );
    this.bill(425001, 'OB-4252', 'TransactionAdd', 9425102, 4252, 7, []);
    this.bill(425002, 'OB-4253', 'TransactionAdd', 9425103, 4251, 11, []);
    this.bill(425003, 'OB-4254', 'TransactionAdd', 9425104, 4251, 13, []);
    this.bill(425005, 'OB-4255', 'TransactionAdd', 9425105, 4251, 16, []);
  }

  private bill(
    customerId: number,
    billNumber: string,
    eventName: string,
    eventLogId: number,
    programId: number,
    billPoints: number,
    items: [number, string, number][],
    promotion?: BillLine['promotion'],
  ): void {
    const lines: BillLine[] = [{ lineId: this.nextLine++, programId, points: pts(billPoints) }];
    for (const [lineItemId, itemCode, points] of items)
      lines.push({ lineId: this.nextLine++, programId, points: pts(points), lineItemId, itemCode });
    if (promotion) lines.push({ lineId: this.nextLine++, programId, points: pts(6), promotion });
    this.bills.push({ customerId, billNumber, eventName, eventLogId, lines });
  }
}
