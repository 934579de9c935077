/**
 * The rows the application's SQL Server database is seeded with (DECIMAL(18,4) figures written as
 * text): two Capillary orgs (negative balance on return off and on) with their credentials as API
 * Manager's client store holds them, programs, customers, ledgers, bills with promised points,
 * promotions and awards, and one fabric tenant.
 */
export interface Credential {
  readonly scheme: 'basic' | 'oauth';
  readonly name: string;
  readonly secret: string;
  /** Granted the Points access group. */
  readonly points: boolean;
}

export interface Customer {
  readonly id: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Program → [main, external trigger based]. */
  readonly ledgers: Readonly<Record<number, readonly [string, string]>>;
  readonly awards?: readonly number[];
}

export interface BillLine {
  readonly points: string;
  readonly programId: number;
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

export interface Org {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: Readonly<Record<number, number>>;
  readonly credentials: readonly Credential[];
  readonly customers: readonly Customer[];
  readonly bills: readonly Bill[];
  readonly promotions: readonly {
    readonly id: number;
    readonly identifier: string;
    readonly programId: number;
  }[];
}

export const FABRIC_TOKEN = 'cr38-fabric-token';
export const FABRIC_MEMBER = '38e0c1a2-5b6d-4e38-8c38-a1b2c3d43838';

export const ORGS: readonly Org[] = [
  {
    id: 'wren',
    negativeBalanceOnReturn: false,
    defaultProgramId: 3801,
    programs: { 3801: 2, 3802: 0 },
    credentials: [
      { scheme: 'basic', name: 'wren.till04', secret: 'wren-till-pass', points: true },
      { scheme: 'oauth', name: 'cr38-wren-app', secret: 'wren-app-secret', points: true },
      { scheme: 'basic', name: 'wren.kiosk', secret: 'wren-kiosk-pass', points: false },
    ],
    customers: [
      {
        id: 380001,
        identifiers: {
          mobile: '447700900381',
          email: 'ada@wren.example',
          externalId: 'WR-ADA',
          cuid: 'cu-380001',
          primaryUserId: 'pu-380001',
        },
        ledgers: { 3801: ['1250.50', '20'], 3802: ['400', '0'] },
        awards: [38901],
      },
      {
        id: 380002,
        identifiers: { mobile: '447700900382', email: 'ben@wren.example', externalId: 'WR-BEN' },
        ledgers: { 3801: ['310.25', '0'] },
      },
      {
        id: 380003,
        identifiers: { mobile: '447700900383', email: 'cai@wren.example', externalId: 'WR-CAI' },
        ledgers: { 3801: ['30', '0'] },
      },
      {
        id: 380004,
        identifiers: { mobile: '447700900384', email: 'shared@wren.example', externalId: 'WR-DORA' },
        ledgers: { 3801: ['75', '5'], 3802: ['10', '0'] },
      },
      {
        id: 380005,
        identifiers: { mobile: '447700900385', email: 'shared@wren.example', externalId: 'WR-ELI' },
        ledgers: { 3801: ['42.40', '0'] },
      },
    ],
    bills: [
      {
        customerId: 380001,
        billNumber: 'WB-3801',
        eventName: 'TransactionAdd',
        eventLogId: 9380101,
        lines: [
          { points: '12.5', programId: 3801, lineItemId: 838011, itemCode: 'FLAT-WHITE' },
          { points: '7.25', programId: 3801, lineItemId: 838012, itemCode: 'SCONE' },
          { points: '3', programId: 3801 },
          {
            points: '5',
            programId: 3801,
            promotion: { id: 38501, identifier: 'WR-WINTER', name: 'Winter double' },
          },
        ],
      },
      {
        customerId: 380001,
        billNumber: 'WB-3802',
        eventName: 'TransactionAdd',
        eventLogId: 9380102,
        lines: [{ points: '40', programId: 3802 }],
      },
      {
        customerId: 380002,
        billNumber: 'WB-3803',
        eventName: 'TransactionAdd',
        eventLogId: 9380103,
        lines: [
          { points: '15.5', programId: 3801 },
          {
            points: '5',
            programId: 3801,
            promotion: { id: 38501, identifier: 'WR-WINTER', name: 'Winter double' },
          },
        ],
      },
      {
        customerId: 380004,
        billNumber: 'WB-3804',
        eventName: 'TransactionUpdate',
        eventLogId: 9380104,
        lines: [{ points: '8', programId: 3801 }],
      },
    ],
    promotions: [{ id: 38501, identifier: 'WR-WINTER', programId: 3801 }],
  },
  {
    id: 'tern',
    negativeBalanceOnReturn: true,
    defaultProgramId: 3851,
    programs: { 3851: 0, 3852: 3 },
    credentials: [
      { scheme: 'oauth', name: 'cr38-tern-app', secret: 'tern-app-secret', points: true },
      { scheme: 'basic', name: 'tern.till02', secret: 'tern-till-pass', points: true },
      { scheme: 'oauth', name: 'cr38-tern-audit', secret: 'tern-audit-secret', points: false },
    ],
    customers: [
      {
        id: 385001,
        identifiers: {
          mobile: '447700900481',
          email: 'fay@tern.example',
          externalId: 'TN-FAY',
          cuid: 'cu-385001',
          primaryUserId: 'pu-385001',
        },
        ledgers: { 3851: ['900', '0'], 3852: ['120.125', '0'] },
        awards: [38951],
      },
      {
        id: 385002,
        identifiers: { mobile: '447700900482', email: 'gil@tern.example', externalId: 'TN-GIL' },
        ledgers: { 3851: ['60', '0'] },
      },
      {
        id: 385003,
        identifiers: { mobile: '447700900483', email: 'shared@tern.example', externalId: 'TN-HAL' },
        ledgers: { 3851: ['15', '0'] },
      },
      {
        id: 385004,
        identifiers: { mobile: '447700900484', email: 'shared@tern.example', externalId: 'TN-INES' },
        ledgers: { 3851: ['5', '0'] },
      },
    ],
    bills: [
      {
        customerId: 385001,
        billNumber: 'TB-7801',
        eventName: 'TransactionAdd',
        eventLogId: 9385101,
        lines: [
          { points: '20', programId: 3851, lineItemId: 885011, itemCode: 'KAYAK-DAY' },
          { points: '6', programId: 3851, lineItemId: 885012, itemCode: 'LIFE-VEST' },
          {
            points: '4',
            programId: 3851,
            promotion: { id: 38551, identifier: 'TN-SPRING', name: 'Spring bonus' },
          },
        ],
      },
      {
        customerId: 385001,
        billNumber: 'TB-7802',
        eventName: 'TransactionAdd',
        eventLogId: 9385102,
        lines: [{ points: '2.5', programId: 3852 }],
      },
      {
        customerId: 385002,
        billNumber: 'TB-7803',
        eventName: 'TransactionAdd',
        eventLogId: 9385103,
        lines: [{ points: '11', programId: 3851 }],
      },
      {
        customerId: 385003,
        billNumber: 'TB-7804',
        eventName: 'TransactionAdd',
        eventLogId: 9385104,
        lines: [{ points: '9', programId: 3851 }],
      },
    ],
    promotions: [{ id: 38551, identifier: 'TN-SPRING', programId: 3851 }],
  },
];

/** The fabric tenant's member: available and pending points. */
export const FABRIC_MEMBERS: Readonly<Record<string, readonly [string, string]>> = {
  [FABRIC_MEMBER]: ['4300.50', '0'],
};
