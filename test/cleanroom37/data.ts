/**
 * The seed rows of the clean room's PostgreSQL database (a Flyway-style `V2__seed.sql`, here as
 * rows): two orgs, their programs, tills and OAuth clients, customers with their identifiers,
 * program balances in NUMERIC(14, 4), bills with promised lines, a promotion and an award each,
 * and one fabric member.
 */
export interface ProgramRow {
  readonly id: number;
  readonly roundDecimals: number;
}

export interface OrgRow {
  readonly id: string;
  readonly negativeOnReturn: boolean;
  readonly defaultProgram: number;
  readonly programs: readonly ProgramRow[];
}

export interface CredentialRow {
  readonly org: string;
  readonly kind: 'basic' | 'oauth';
  readonly name: string;
  readonly secret: string;
  /** Member of the Points access group. */
  readonly points: boolean;
}

export interface CustomerRow {
  readonly id: number;
  readonly org: string;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Program → main points, as the seed writes them. */
  readonly balances: Readonly<Record<number, string>>;
}

export interface LineRow {
  readonly id: number;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly programId: number;
  readonly points: string;
  readonly kind: 'delayed' | 'external';
  readonly promotionId?: number;
}

export interface BillRow {
  readonly id: number;
  readonly org: string;
  readonly customer: number;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: readonly LineRow[];
}

export interface PromotionRow {
  readonly id: number;
  readonly org: string;
  readonly identifier: string;
  readonly programId: number;
  readonly name: string;
}

export interface AwardRow {
  readonly id: number;
  readonly customer: number;
  readonly programId: number;
}

export const ORGS: readonly OrgRow[] = [
  {
    id: 'wren',
    negativeOnReturn: false,
    defaultProgram: 3701,
    programs: [
      { id: 3701, roundDecimals: 2 },
      { id: 3702, roundDecimals: 0 },
    ],
  },
  {
    id: 'kite',
    negativeOnReturn: true,
    defaultProgram: 3751,
    programs: [
      { id: 3751, roundDecimals: 0 },
      { id: 3752, roundDecimals: 3 },
    ],
  },
];

export const CREDENTIALS: readonly CredentialRow[] = [
  { org: 'wren', kind: 'basic', name: 'wren.till11', secret: 'wren-till-pass', points: true },
  { org: 'wren', kind: 'oauth', name: 'cr37-wren-app', secret: 'wren-app-secret', points: true },
  { org: 'wren', kind: 'basic', name: 'wren.kiosk', secret: 'wren-kiosk-pass', points: false },
  { org: 'kite', kind: 'oauth', name: 'cr37-kite-app', secret: 'kite-app-secret', points: true },
  { org: 'kite', kind: 'basic', name: 'kite.till03', secret: 'kite-till-pass', points: true },
  { org: 'kite', kind: 'oauth', name: 'cr37-kite-audit', secret: 'kite-audit-secret', points: false },
];

const ids = (n: number, org: string, name: string, mobile: string) => ({
  mobile,
  email: `${name}@${org}.example`,
  externalId: `${org === 'wren' ? 'WR' : 'KT'}-${name.toUpperCase()}`,
  id: String(n),
  cuid: `cu-${n}`,
  primaryUserId: `pu-${n}`,
});

export const CUSTOMERS: readonly CustomerRow[] = [
  {
    id: 370001,
    org: 'wren',
    identifiers: ids(370001, 'wren', 'amy', '447700900371'),
    balances: { 3701: '1200.50', 3702: '300' },
  },
  {
    id: 370002,
    org: 'wren',
    identifiers: ids(370002, 'wren', 'bob', '447700900372'),
    balances: { 3701: '80' },
  },
  {
    id: 370003,
    org: 'wren',
    identifiers: ids(370003, 'wren', 'cat', '447700900373'),
    balances: { 3701: '30' },
  },
  {
    id: 370004,
    org: 'wren',
    identifiers: ids(370004, 'wren', 'dan', '447700900379'),
    balances: { 3701: '500', 3702: '20' },
  },
  {
    id: 370005,
    org: 'wren',
    identifiers: ids(370005, 'wren', 'eve', '447700900379'),
    balances: { 3701: '75' },
  },
  {
    id: 375001,
    org: 'kite',
    identifiers: ids(375001, 'kite', 'gus', '447700900471'),
    balances: { 3751: '900', 3752: '45.125' },
  },
  {
    id: 375002,
    org: 'kite',
    identifiers: ids(375002, 'kite', 'hana', '447700900472'),
    balances: { 3751: '60' },
  },
  {
    id: 375003,
    org: 'kite',
    identifiers: ids(375003, 'kite', 'ivo', '447700900479'),
    balances: { 3751: '10' },
  },
  {
    id: 375004,
    org: 'kite',
    identifiers: ids(375004, 'kite', 'jo', '447700900479'),
    balances: { 3751: '25' },
  },
];

export const PROMOTIONS: readonly PromotionRow[] = [
  { id: 37501, org: 'wren', identifier: 'WR-WINTER', programId: 3701, name: 'Winter double' },
  { id: 37551, org: 'kite', identifier: 'KT-SUMMER', programId: 3751, name: 'Summer paddle' },
];

export const AWARDS: readonly AwardRow[] = [
  { id: 37901, customer: 370001, programId: 3701 },
  { id: 37951, customer: 375001, programId: 3751 },
];

export const BILLS: readonly BillRow[] = [
  {
    id: 1,
    org: 'wren',
    customer: 370001,
    billNumber: 'WB-3701',
    eventName: 'TransactionAdd',
    eventLogId: 9370101,
    lines: [
      { id: 11, programId: 3701, points: '20', kind: 'delayed' },
      { id: 12, lineItemId: 837011, itemCode: 'LATTE', programId: 3701, points: '8.50', kind: 'delayed' },
      { id: 13, lineItemId: 837012, itemCode: 'CROISSANT', programId: 3701, points: '4.25', kind: 'delayed' },
      { id: 14, programId: 3701, points: '5', kind: 'external', promotionId: 37501 },
    ],
  },
  {
    id: 2,
    org: 'wren',
    customer: 370001,
    billNumber: 'WB-3702',
    eventName: 'TransactionAdd',
    eventLogId: 9370102,
    lines: [{ id: 21, programId: 3702, points: '40', kind: 'delayed' }],
  },
  {
    id: 3,
    org: 'wren',
    customer: 370002,
    billNumber: 'WB-3703',
    eventName: 'TransactionAdd',
    eventLogId: 9370103,
    lines: [
      { id: 31, programId: 3701, points: '15.50', kind: 'delayed' },
      { id: 32, programId: 3701, points: '5', kind: 'external', promotionId: 37501 },
    ],
  },
  {
    id: 4,
    org: 'wren',
    customer: 370004,
    billNumber: 'WB-3704',
    eventName: 'TransactionUpdate',
    eventLogId: 9370104,
    lines: [{ id: 41, programId: 3701, points: '12', kind: 'delayed' }],
  },
  {
    id: 5,
    org: 'kite',
    customer: 375001,
    billNumber: 'KB-3751',
    eventName: 'TransactionAdd',
    eventLogId: 9375101,
    lines: [
      { id: 51, programId: 3751, points: '30', kind: 'delayed' },
      { id: 52, lineItemId: 875011, itemCode: 'PADDLE', programId: 3751, points: '12', kind: 'delayed' },
      { id: 53, lineItemId: 875012, itemCode: 'HELMET', programId: 3751, points: '6', kind: 'external' },
      { id: 54, programId: 3751, points: '10', kind: 'external', promotionId: 37551 },
    ],
  },
  {
    id: 6,
    org: 'kite',
    customer: 375001,
    billNumber: 'KB-3752',
    eventName: 'TransactionAdd',
    eventLogId: 9375102,
    lines: [{ id: 61, programId: 3752, points: '7.5', kind: 'delayed' }],
  },
  {
    id: 7,
    org: 'kite',
    customer: 375002,
    billNumber: '375303',
    eventName: 'TransactionAdd',
    eventLogId: 9375103,
    lines: [{ id: 71, programId: 3751, points: '30', kind: 'delayed' }],
  },
  {
    id: 8,
    org: 'kite',
    customer: 375003,
    billNumber: 'KB-3754',
    eventName: 'TransactionAdd',
    eventLogId: 9375104,
    lines: [{ id: 81, programId: 3751, points: '9', kind: 'delayed' }],
  },
];

export const FABRIC_TOKEN = 'cr37-fabric-token';
export const FABRIC_MEMBER = '37cf1a2e-7b0d-4d37-9c37-d1d1d1d13737';
export const FABRIC_MEMBERS: readonly { profileId: string; available: string }[] = [
  { profileId: FABRIC_MEMBER, available: '2500.5' },
];
