/**
 * The clean room's own rows, as a MySQL seed script would insert them: two orgs, their programs
 * (round decimals 3, 0 and 2), tills and apps, customers with a DECIMAL(12,3) balance per program,
 * bills whose promised points span two programs, a promotion, an award, a fabric member. Amounts
 * are thousandths.
 */

export interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

export interface Credential {
  readonly kind: 'basic' | 'oauth';
  /** Till username or app key. */
  readonly name: string;
  readonly secret: string;
  /** Holds the Points access group (a deduction needs it). */
  readonly points: boolean;
}

export interface Row {
  main: number;
  delayed: number;
  external: number;
}

export interface Customer {
  readonly entityId: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** program id → row; a program absent here is one the customer is not enrolled in. */
  readonly rows: Map<number, Row>;
}

export interface BillLine {
  readonly programId: number;
  readonly points: number;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

export interface Bill {
  readonly billNumber: string;
  readonly entityId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: BillLine[];
}

export interface Org {
  readonly id: string;
  readonly negativeOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: readonly Program[];
  readonly credentials: readonly Credential[];
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotion: { id: number; identifier: string; programId: number };
  readonly pointsAwardedIds: readonly number[];
  readonly eventNames: readonly string[];
  /** The org's primary identifier under dual eligibility; undefined while it is off. */
  dualPrimary?: string;
}

const row = (main: number, delayed = 0, external = 0): Row => ({ main, delayed, external });

function customer(entityId: number, ids: Record<string, string>, rows: [number, Row][]): Customer {
  return { entityId, identifiers: { id: String(entityId), ...ids }, rows: new Map(rows) };
}

const line = (programId: number, points: number, extra: Partial<BillLine> = {}): BillLine => ({
  programId,
  points,
  unlocked: false,
  ...extra,
});

/** Fresh rows for one provider (every start seeds its own database). */
export function seed(): Org[] {
  const wren = { id: 41501, identifier: 'HR-WINTER', name: 'Winter double points' };
  const heron: Org = {
    id: 'heron',
    negativeOnReturn: false,
    defaultProgramId: 4101,
    programs: [
      { id: 4101, roundDecimals: 3 },
      { id: 4102, roundDecimals: 0 },
    ],
    credentials: [
      { kind: 'basic', name: 'heron.pos07', secret: 'heron-pos-pass', points: true },
      { kind: 'oauth', name: 'cr31-heron-app', secret: 'heron-app-secret', points: true },
      { kind: 'basic', name: 'heron.lobby', secret: 'heron-lobby-pass', points: false },
    ],
    customers: [
      customer(
        410001,
        {
          mobile: '353861410001',
          email: 'Aoife@Heron.test',
          externalId: 'HR-AOIFE',
          cuid: 'cu-410001',
          primaryUserId: 'pu-410001',
        },
        [
          [4101, row(2750_125, 60_750, 4_250)],
          [4102, row(900_000, 40_000)],
        ],
      ),
      customer(410002, { mobile: '353861410002', email: 'brendan@heron.test', externalId: 'HR-BRENDAN' }, [
        [4101, row(480_000, 25_000)],
      ]),
      customer(410003, { mobile: '353861410003', email: 'ciara@heron.test', externalId: 'HR-CIARA' }, [
        [4101, row(36_000)],
      ]),
      customer(410004, { mobile: '353861419999', email: 'declan@heron.test', externalId: 'HR-DECLAN' }, [
        [4101, row(120_000, 8_000)],
        [4102, row(15_000)],
      ]),
      customer(410005, { mobile: '353861419999', email: 'eimear@heron.test', externalId: 'HR-EIMEAR' }, [
        [4101, row(77_750)],
      ]),
    ],
    bills: [
      {
        billNumber: 'HB-5001',
        entityId: 410001,
        eventName: 'TransactionAdd',
        eventLogId: 8410101,
        lines: [
          line(4101, 12_000),
          line(4101, 9_250, { lineItemId: 510011, itemCode: 'SCONE' }),
          line(4101, 14_500, { lineItemId: 510012, itemCode: 'FLATWHITE' }),
          line(4101, 6_000, { promotion: wren }),
        ],
      },
      {
        billNumber: 'HB-5002',
        entityId: 410001,
        eventName: 'TransactionAdd',
        eventLogId: 8410102,
        lines: [line(4102, 40_000), line(4101, 19_000, { lineItemId: 510021, itemCode: 'TEAPOT' })],
      },
      {
        billNumber: 'HB-5003',
        entityId: 410002,
        eventName: 'TransactionAdd',
        eventLogId: 8410103,
        lines: [line(4101, 20_000), line(4101, 5_000, { promotion: wren })],
      },
      {
        billNumber: 'HB-5004',
        entityId: 410004,
        eventName: 'TransactionUpdate',
        eventLogId: 8410104,
        lines: [line(4101, 8_000)],
      },
    ],
    promotion: { id: wren.id, identifier: wren.identifier, programId: 4101 },
    pointsAwardedIds: [41901],
    eventNames: ['TransactionAdd', 'TransactionUpdate'],
  };
  const lark = { id: 41551, identifier: 'MT-HARVEST', name: 'Harvest bonus' };
  const marten: Org = {
    id: 'marten',
    negativeOnReturn: true,
    defaultProgramId: 4151,
    programs: [
      { id: 4151, roundDecimals: 0 },
      { id: 4152, roundDecimals: 2 },
    ],
    credentials: [
      { kind: 'oauth', name: 'cr31-marten-app', secret: 'marten-app-secret', points: true },
      { kind: 'basic', name: 'marten.pos02', secret: 'marten-pos-pass', points: true },
      { kind: 'oauth', name: 'cr31-marten-report', secret: 'marten-report-secret', points: false },
    ],
    customers: [
      customer(
        415001,
        {
          mobile: '353871415001',
          email: 'fionn@marten.test',
          externalId: 'MT-FIONN',
          cuid: 'cu-415001',
          primaryUserId: 'pu-415001',
        },
        [
          [4151, row(1500_000, 30_000, 3_000)],
          [4152, row(210_500, 12_750)],
        ],
      ),
      customer(415002, { mobile: '353871415002', email: 'grainne@marten.test', externalId: 'MT-GRAINNE' }, [
        [4151, row(0, 6_000)],
      ]),
      customer(415003, { mobile: '353871419999', email: 'hugh@marten.test', externalId: 'MT-HUGH' }, [
        [4151, row(64_000, 10_000)],
      ]),
      customer(415004, { mobile: '353871419999', email: 'iseult@marten.test', externalId: 'MT-ISEULT' }, [
        [4151, row(5_000)],
      ]),
    ],
    bills: [
      {
        billNumber: 'MB-7001',
        entityId: 415001,
        eventName: 'TransactionAdd',
        eventLogId: 8415101,
        lines: [
          line(4151, 10_000),
          line(4151, 8_000, { lineItemId: 570011, itemCode: 'KAYAK' }),
          line(4151, 7_000, { lineItemId: 570012, itemCode: 'PADDLE' }),
          line(4151, 5_000, { promotion: lark }),
        ],
      },
      {
        billNumber: 'MB-7002',
        entityId: 415001,
        eventName: 'TransactionAdd',
        eventLogId: 8415102,
        lines: [line(4152, 12_750), line(4151, 3_000)],
      },
      {
        billNumber: 'MB-7003',
        entityId: 415002,
        eventName: 'TransactionAdd',
        eventLogId: 8415103,
        lines: [line(4151, 6_000)],
      },
      {
        billNumber: 'MB-7004',
        entityId: 415003,
        eventName: 'TransactionAdd',
        eventLogId: 8415104,
        lines: [line(4151, 10_000)],
      },
    ],
    promotion: { id: lark.id, identifier: lark.identifier, programId: 4151 },
    pointsAwardedIds: [41951],
    eventNames: ['TransactionAdd', 'TransactionUpdate'],
  };
  return [heron, marten];
}

/** fabric: one bearer token, one member (available and pending, thousandths). */
export const FABRIC_TOKEN = 'cr31-fabric-token';
export const FABRIC_MEMBER = '31c0ffee-a2e1-4b31-9f31-3131beadf00d';
export interface Member {
  available: number;
  pending: number;
}
export function seedMembers(): Map<string, Member> {
  return new Map([[FABRIC_MEMBER, { available: 7200_000, pending: 0 }]]);
}
