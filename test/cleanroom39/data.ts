/**
 * The rows the vendor's Oracle schema is seeded with (figures NUMBER(14,3), written as text here):
 * two Capillary orgs (negative balance on return off and on) with the credentials its auth tables
 * hold, programs and their round decimals, customers, ledgers, awards, promotions and bills with
 * promised points; one fabric tenant with its token and a member.
 */
export interface TillCredential {
  readonly scheme: 'basic' | 'oauth';
  /** Till username or OAuth client key. */
  readonly name: string;
  /** Plain password or client secret. */
  readonly secret: string;
  /** Granted the Points access group. */
  readonly points: boolean;
}

export interface CustomerRow {
  readonly id: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Program → [main, delayed accrual, external trigger based]. */
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
  /** DATE without time zone, as the till sent it. */
  readonly billDate: string;
  readonly lines: readonly BillLineRow[];
}

export interface OrgRow {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  /** Program → round decimals. */
  readonly programs: Readonly<Record<number, number>>;
  readonly credentials: readonly TillCredential[];
  readonly customers: readonly CustomerRow[];
  readonly bills: readonly BillRow[];
  readonly promotions: readonly {
    readonly id: number;
    readonly identifier: string;
    readonly programId: number;
  }[];
}

export const FABRIC_TOKEN = 'cr39-fabric-token';
export const FABRIC_MEMBER = '39f1d2e3-6c7b-4a39-9d39-b2c3d4e53939';

export const ORGS: readonly OrgRow[] = [
  {
    id: 'kite',
    negativeBalanceOnReturn: false,
    defaultProgramId: 3901,
    programs: { 3901: 2, 3902: 0 },
    credentials: [
      { scheme: 'basic', name: 'kite.till07', secret: 'kite-till-pass', points: true },
      { scheme: 'oauth', name: 'cr39-kite-app', secret: 'kite-app-secret', points: true },
      { scheme: 'basic', name: 'kite.kiosk', secret: 'kite-kiosk-pass', points: false },
    ],
    customers: [
      {
        id: 390001,
        identifiers: {
          mobile: '447700900391',
          email: 'nia@kite.example',
          externalId: 'KT-NIA',
          id: '390001',
          cuid: 'cu-390001',
          primaryUserId: 'pu-390001',
        },
        ledgers: { 3901: ['1250.5', '20', '64.25'], 3902: ['800', '0', '40'] },
        awards: [39901],
      },
      {
        id: 390002,
        identifiers: {
          mobile: '447700900392',
          email: 'otto@kite.example',
          externalId: 'KT-OTTO',
          id: '390002',
        },
        ledgers: { 3901: ['310', '0', '21.5'] },
      },
      {
        id: 390003,
        identifiers: {
          mobile: '447700900393',
          email: 'pia@kite.example',
          externalId: 'KT-PIA',
          id: '390003',
        },
        ledgers: { 3901: ['95.75', '5', '0'] },
      },
      {
        id: 390004,
        identifiers: {
          mobile: '447700900394',
          email: 'shared@kite.example',
          externalId: 'KT-QUIN',
          id: '390004',
        },
        ledgers: { 3901: ['420', '0', '12'], 3902: ['60', '0', '0'] },
      },
      {
        id: 390005,
        identifiers: {
          mobile: '447700900395',
          email: 'shared@kite.example',
          externalId: 'KT-RHEA',
          id: '390005',
        },
        ledgers: { 3901: ['77', '3', '0'] },
      },
    ],
    bills: [
      {
        customerId: 390001,
        billNumber: 'KB-3901',
        eventName: 'TransactionAdd',
        eventLogId: 9390101,
        billDate: '2026-11-28',
        lines: [
          { points: '6.5', programId: 3901 },
          { points: '14', programId: 3901, lineItemId: 839011, itemCode: 'ESPRESSO' },
          { points: '9.75', programId: 3901, lineItemId: 839012, itemCode: 'BAGEL' },
          {
            points: '10',
            programId: 3901,
            promotion: { id: 39501, identifier: 'KT-HARVEST', name: 'Harvest bonus' },
          },
        ],
      },
      {
        customerId: 390001,
        billNumber: 'KB-3902',
        eventName: 'TransactionAdd',
        eventLogId: 9390102,
        billDate: '2026-11-29',
        lines: [{ points: '40', programId: 3902 }],
      },
      {
        customerId: 390002,
        billNumber: 'KB-3903',
        eventName: 'TransactionAdd',
        eventLogId: 9390103,
        billDate: '2026-11-30',
        lines: [
          { points: '16.5', programId: 3901 },
          {
            points: '5',
            programId: 3901,
            promotion: { id: 39501, identifier: 'KT-HARVEST', name: 'Harvest bonus' },
          },
        ],
      },
      {
        customerId: 390004,
        billNumber: 'KB-3904',
        eventName: 'TransactionUpdate',
        eventLogId: 9390104,
        billDate: '2026-12-01',
        lines: [{ points: '12', programId: 3901 }],
      },
    ],
    promotions: [{ id: 39501, identifier: 'KT-HARVEST', programId: 3901 }],
  },
  {
    id: 'puffin',
    negativeBalanceOnReturn: true,
    defaultProgramId: 3951,
    programs: { 3951: 0, 3952: 3 },
    credentials: [
      { scheme: 'oauth', name: 'cr39-puffin-app', secret: 'puffin-app-secret', points: true },
      { scheme: 'basic', name: 'puffin.till03', secret: 'puffin-till-pass', points: true },
      { scheme: 'oauth', name: 'cr39-puffin-audit', secret: 'puffin-audit-secret', points: false },
    ],
    customers: [
      {
        id: 395001,
        identifiers: {
          mobile: '447700900491',
          email: 'sol@puffin.example',
          externalId: 'PF-SOL',
          id: '395001',
          cuid: 'cu-395001',
          primaryUserId: 'pu-395001',
        },
        ledgers: { 3951: ['540', '0', '48'], 3952: ['120.125', '0', '30'] },
        awards: [39951],
      },
      {
        id: 395002,
        identifiers: {
          mobile: '447700900492',
          email: 'tam@puffin.example',
          externalId: 'PF-TAM',
          id: '395002',
        },
        ledgers: { 3951: ['75', '10', '22'] },
      },
      {
        id: 395003,
        identifiers: {
          mobile: '447700900493',
          email: 'shared@puffin.example',
          externalId: 'PF-UMA',
          id: '395003',
        },
        ledgers: { 3951: ['33', '0', '18'] },
      },
      {
        id: 395004,
        identifiers: {
          mobile: '447700900494',
          email: 'shared@puffin.example',
          externalId: 'PF-VIK',
          id: '395004',
        },
        ledgers: { 3951: ['12', '0', '0'] },
      },
    ],
    bills: [
      {
        customerId: 395001,
        billNumber: 'PB-7901',
        eventName: 'TransactionAdd',
        eventLogId: 9395101,
        billDate: '2026-11-27',
        lines: [
          { points: '8', programId: 3951 },
          { points: '20', programId: 3951, lineItemId: 895011, itemCode: 'KITE-RENT' },
          { points: '12', programId: 3951, lineItemId: 895012, itemCode: 'WETSUIT' },
          {
            points: '8',
            programId: 3951,
            promotion: { id: 39551, identifier: 'PF-GALE', name: 'Gale week' },
          },
        ],
      },
      {
        customerId: 395001,
        billNumber: 'PB-7902',
        eventName: 'TransactionAdd',
        eventLogId: 9395102,
        billDate: '2026-11-28',
        lines: [{ points: '30', programId: 3952 }],
      },
      {
        customerId: 395002,
        billNumber: 'PB-7903',
        eventName: 'TransactionAdd',
        eventLogId: 9395103,
        billDate: '2026-11-29',
        lines: [{ points: '22', programId: 3951 }],
      },
      {
        customerId: 395003,
        billNumber: 'PB-7904',
        eventName: 'TransactionAdd',
        eventLogId: 9395104,
        billDate: '2026-11-30',
        lines: [{ points: '18', programId: 3951 }],
      },
    ],
    promotions: [{ id: 39551, identifier: 'PF-GALE', programId: 3951 }],
  },
];

/** The fabric tenant's one member: points available and pending. */
export const FABRIC_MEMBERS: readonly { profileId: string; available: string; pending: string }[] = [
  { profileId: FABRIC_MEMBER, available: '3902.5', pending: '0' },
];
