/**
 * The seed rows of the service's Postgres database, as a Fluent migration's seed would insert them:
 * two orgs (negative balance on return off and on), their credentials, programs, customers, ledgers
 * (NUMERIC(14, 4) figures written here as decimal text), bills with promised points, promotions,
 * awards, and one fabric tenant.
 */
export interface CredentialRow {
  readonly scheme: 'basic' | 'oauth';
  /** Till username or OAuth client key. */
  readonly name: string;
  /** Till password or client secret. */
  readonly secret: string;
  /** Holds the Points access group. */
  readonly points: boolean;
}

export interface ProgramRow {
  readonly id: number;
  readonly roundDecimals: number;
}

export interface CustomerRow {
  readonly id: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Program → [main, delayed accrual not from bills, external trigger]. */
  readonly ledgers: Readonly<Record<number, readonly [string, string, string]>>;
  readonly awards?: readonly number[];
}

export interface BillLineRow {
  readonly points: string;
  readonly programId: number;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { readonly id: number; readonly identifier: string; readonly name: string };
}

export interface BillRow {
  readonly customerId: number;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly storeId: number;
  readonly tillId: number;
  readonly lines: readonly BillLineRow[];
}

export interface OrgRow {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: readonly ProgramRow[];
  readonly credentials: readonly CredentialRow[];
  readonly customers: readonly CustomerRow[];
  readonly bills: readonly BillRow[];
  readonly promotions: readonly {
    readonly id: number;
    readonly identifier: string;
    readonly programId: number;
  }[];
}

const bill = (
  customerId: number,
  billNumber: string,
  eventLogId: number,
  lines: BillLineRow[],
  eventName = 'TransactionAdd',
): BillRow => ({ customerId, billNumber, eventName, eventLogId, storeId: 3610, tillId: 36103, lines });

export const ORGS: readonly OrgRow[] = [
  {
    id: 'heron',
    negativeBalanceOnReturn: false,
    defaultProgramId: 3601,
    programs: [
      { id: 3601, roundDecimals: 2 },
      { id: 3602, roundDecimals: 0 },
    ],
    credentials: [
      { scheme: 'basic', name: 'heron.till07', secret: 'heron-till-pass', points: true },
      { scheme: 'oauth', name: 'cr36-heron-app', secret: 'heron-app-secret', points: true },
      { scheme: 'basic', name: 'heron.kiosk', secret: 'heron-kiosk-pass', points: false },
    ],
    customers: [
      {
        id: 360001,
        identifiers: {
          mobile: '447700900361',
          email: 'ada.lovell@heron.example',
          externalId: 'HR-ADA',
          id: '360001',
          cuid: 'cu-360001',
          primaryUserId: 'pu-360001',
        },
        ledgers: { 3601: ['2480.35', '0', '12.5'], 3602: ['300', '0', '0'] },
        awards: [36901],
      },
      {
        id: 360002,
        identifiers: {
          mobile: '447700900362',
          email: 'ben@heron.example',
          externalId: 'HR-BEN',
          id: '360002',
        },
        ledgers: { 3601: ['120', '0', '0'] },
      },
      {
        id: 360003,
        identifiers: {
          mobile: '447700900363',
          email: 'cai@heron.example',
          externalId: 'HR-CAI',
          id: '360003',
        },
        ledgers: { 3601: ['30.25', '0', '0'] },
      },
      {
        id: 360004,
        identifiers: {
          mobile: '447700900399',
          email: 'dora@heron.example',
          externalId: 'HR-DORA',
          id: '360004',
        },
        ledgers: { 3601: ['50', '0', '0'], 3602: ['7', '0', '0'] },
      },
      {
        id: 360005,
        identifiers: {
          mobile: '447700900399',
          email: 'eli@heron.example',
          externalId: 'HR-ELI',
          id: '360005',
        },
        ledgers: { 3601: ['75', '0', '0'] },
      },
    ],
    bills: [
      bill(360001, 'HB-3601', 9360101, [
        { points: '6', programId: 3601 },
        { points: '24', programId: 3601, lineItemId: 836011, itemCode: 'FLAT-WHITE' },
        { points: '12.5', programId: 3601, lineItemId: 836012, itemCode: 'SCONE' },
        {
          points: '10',
          programId: 3601,
          promotion: { id: 36501, identifier: 'HR-AUTUMN', name: 'Autumn double' },
        },
      ]),
      bill(360001, 'HB-3602', 9360102, [{ points: '40', programId: 3602 }]),
      bill(360002, 'HB-3603', 9360103, [
        { points: '15.5', programId: 3601 },
        {
          points: '5',
          programId: 3601,
          promotion: { id: 36501, identifier: 'HR-AUTUMN', name: 'Autumn double' },
        },
      ]),
      bill(360004, 'HB-3604', 9360104, [{ points: '8', programId: 3601 }], 'TransactionUpdate'),
    ],
    promotions: [{ id: 36501, identifier: 'HR-AUTUMN', programId: 3601 }],
  },
  {
    id: 'lark',
    negativeBalanceOnReturn: true,
    defaultProgramId: 3651,
    programs: [
      { id: 3651, roundDecimals: 0 },
      { id: 3652, roundDecimals: 3 },
    ],
    credentials: [
      { scheme: 'oauth', name: 'cr36-lark-app', secret: 'lark-app-secret', points: true },
      { scheme: 'basic', name: 'lark.till02', secret: 'lark-till-pass', points: true },
      { scheme: 'oauth', name: 'cr36-lark-audit', secret: 'lark-audit-secret', points: false },
    ],
    customers: [
      {
        id: 365001,
        identifiers: {
          mobile: '447700900461',
          email: 'fay@lark.example',
          externalId: 'LK-FAY',
          id: '365001',
          cuid: 'cu-365001',
          primaryUserId: 'pu-365001',
        },
        ledgers: { 3651: ['900', '0', '3'], 3652: ['45.125', '0', '0'] },
        awards: [36951],
      },
      {
        id: 365002,
        identifiers: {
          mobile: '447700900462',
          email: 'gil@lark.example',
          externalId: 'LK-GIL',
          id: '365002',
        },
        ledgers: { 3651: ['60', '0', '0'] },
      },
      {
        id: 365003,
        identifiers: {
          mobile: '447700900499',
          email: 'hal@lark.example',
          externalId: 'LK-HAL',
          id: '365003',
        },
        ledgers: { 3651: ['10', '0', '0'] },
      },
      {
        id: 365004,
        identifiers: {
          mobile: '447700900499',
          email: 'ines@lark.example',
          externalId: 'LK-INES',
          id: '365004',
        },
        ledgers: { 3651: ['25', '0', '0'] },
      },
    ],
    bills: [
      bill(365001, 'LB-7701', 9365101, [
        { points: '9', programId: 3651 },
        { points: '30', programId: 3651, lineItemId: 865011, itemCode: 'KAYAK-DAY' },
        { points: '14', programId: 3651, lineItemId: 865012, itemCode: 'LIFE-VEST' },
        {
          points: '20',
          programId: 3651,
          promotion: { id: 36551, identifier: 'LK-SPRING', name: 'Spring paddle' },
        },
      ]),
      bill(365001, 'LB-7702', 9365102, [{ points: '12.75', programId: 3652 }]),
      bill(365002, 'LB-7703', 9365103, [{ points: '18', programId: 3651 }]),
      bill(365003, 'LB-7704', 9365104, [{ points: '4', programId: 3651 }]),
    ],
    promotions: [{ id: 36551, identifier: 'LK-SPRING', programId: 3651 }],
  },
];

export const FABRIC_TOKEN = 'cr36-fabric-token';
export const FABRIC_MEMBER = '36cf1a2e-7b0d-4d36-9c36-d1d1d1d13636';
/** [available, pending]. */
export const FABRIC_MEMBERS: Readonly<Record<string, readonly [string, string]>> = {
  [FABRIC_MEMBER]: ['4200.3', '0'],
};
