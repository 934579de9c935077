/**
 * The org's records as the vendor's sandbox was seeded (the profile's fixtures name them): two
 * Capillary orgs, their tills and connected apps, customers with a Ledger__c row per program
 * (Number(16,3) fields), promised points on bill lines, and one fabric member. Public test values.
 */
export const FABRIC_TOKEN = 'cr41-fabric-token';
export const FABRIC_MEMBER = '41a7c2d4-5e6f-4a41-8b41-c1d2e3f44141';

export interface OrgSeed {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  /** Program id → round decimals. */
  readonly programs: ReadonlyMap<number, number>;
  /** The primary identifier when dual eligibility is on. */
  readonly dualPrimary?: string;
  readonly tills: readonly { username: string; password: string; points: boolean }[];
  readonly apps: readonly { key: string; secret: string; points: boolean }[];
  readonly promotions: readonly { id: number; identifier: string; programId: number; name: string }[];
}

export interface CustomerSeed {
  readonly id: number;
  readonly org: string;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Program id → [main, delayed accrual, external trigger] as the Number(16,3) text. */
  readonly ledgers: Readonly<Record<number, readonly [string, string, string]>>;
  readonly awards?: readonly number[];
}

export interface BillLineSeed {
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly programId: number;
  readonly points: string;
  readonly promotionId?: number;
}

export interface BillSeed {
  readonly org: string;
  readonly customer: number;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: readonly BillLineSeed[];
}

export const ORGS: readonly OrgSeed[] = [
  {
    id: 'tern',
    negativeBalanceOnReturn: false,
    defaultProgramId: 4101,
    programs: new Map([
      [4101, 2],
      [4102, 0],
    ]),
    tills: [
      { username: 'tern.till04', password: 'tern-till-pass', points: true },
      { username: 'tern.kiosk', password: 'tern-kiosk-pass', points: false },
    ],
    apps: [{ key: 'cr41-tern-app', secret: 'tern-app-secret', points: true }],
    promotions: [{ id: 41501, identifier: 'TN-SPRING', programId: 4101, name: 'Spring bonus' }],
  },
  {
    id: 'otter',
    negativeBalanceOnReturn: true,
    defaultProgramId: 4151,
    programs: new Map([
      [4151, 0],
      [4152, 3],
    ]),
    tills: [{ username: 'otter.till02', password: 'otter-till-pass', points: true }],
    apps: [
      { key: 'cr41-otter-app', secret: 'otter-app-secret', points: true },
      { key: 'cr41-otter-audit', secret: 'otter-audit-secret', points: false },
    ],
    promotions: [{ id: 41551, identifier: 'OT-RIVER', programId: 4151, name: 'River week' }],
  },
];

const ids = (n: string, mobile: string, email: string, ext: string) => ({
  mobile,
  email,
  externalId: ext,
  id: n,
  cuid: `cu-${n}`,
  primaryUserId: `pu-${n}`,
});

export const CUSTOMERS: readonly CustomerSeed[] = [
  {
    id: 410001,
    org: 'tern',
    identifiers: ids('410001', '447700900411', 'ada@tern.example', 'TN-ADA'),
    ledgers: { 4101: ['5000.000', '0.000', '0.000'], 4102: ['800.000', '0.000', '0.000'] },
    awards: [41901],
  },
  {
    id: 410002,
    org: 'tern',
    identifiers: ids('410002', '447700900412', 'bo@tern.example', 'TN-BO'),
    ledgers: { 4101: ['300.000', '0.000', '0.000'] },
  },
  {
    id: 410003,
    org: 'tern',
    identifiers: ids('410003', '447700900413', 'cy@tern.example', 'TN-CY'),
    ledgers: { 4101: ['95.750', '0.000', '0.000'] },
  },
  {
    id: 410004,
    org: 'tern',
    identifiers: ids('410004', '447700900414', 'shared@tern.example', 'TN-DEE'),
    ledgers: { 4101: ['200.000', '0.000', '0.000'], 4102: ['50.000', '0.000', '0.000'] },
  },
  {
    id: 410005,
    org: 'tern',
    identifiers: ids('410005', '447700900415', 'shared@tern.example', 'TN-ELI'),
    ledgers: { 4101: ['120.000', '0.000', '0.000'] },
  },
  {
    id: 410006,
    org: 'tern',
    identifiers: ids('410006', '447700900416', 'flo@tern.example', 'TN-FLO'),
    ledgers: { 4101: ['60.000', '0.000', '0.000'] },
  },
  {
    id: 415001,
    org: 'otter',
    identifiers: ids('415001', '447700900511', 'fay@otter.example', 'OT-FAY'),
    ledgers: { 4151: ['3000.000', '0.000', '0.000'], 4152: ['400.000', '0.000', '0.000'] },
    awards: [41951],
  },
  {
    id: 415002,
    org: 'otter',
    identifiers: ids('415002', '447700900512', 'gil@otter.example', 'OT-GIL'),
    ledgers: { 4151: ['150.000', '0.000', '0.000'] },
  },
  {
    id: 415003,
    org: 'otter',
    identifiers: ids('415003', '447700900513', 'shared@otter.example', 'OT-HAL'),
    ledgers: { 4151: ['60.000', '0.000', '0.000'] },
  },
  {
    id: 415004,
    org: 'otter',
    identifiers: ids('415004', '447700900514', 'shared@otter.example', 'OT-IVY'),
    ledgers: { 4151: ['80.500', '0.000', '0.000'] },
  },
];

export const BILLS: readonly BillSeed[] = [
  {
    org: 'tern',
    customer: 410001,
    billNumber: 'TB-4101',
    eventName: 'TransactionAdd',
    eventLogId: 9410101,
    lines: [
      { programId: 4101, points: '6.000' },
      { lineItemId: 841011, itemCode: 'LATTE', programId: 4101, points: '24.000' },
      { lineItemId: 841012, itemCode: 'MUFFIN', programId: 4101, points: '12.500' },
      { programId: 4101, points: '8.000', promotionId: 41501 },
    ],
  },
  {
    org: 'tern',
    customer: 410001,
    billNumber: 'TB-4102',
    eventName: 'TransactionAdd',
    eventLogId: 9410102,
    lines: [{ programId: 4102, points: '30.000' }],
  },
  {
    org: 'tern',
    customer: 410002,
    billNumber: 'TB-4103',
    eventName: 'TransactionAdd',
    eventLogId: 9410103,
    lines: [
      { programId: 4101, points: '16.500' },
      { programId: 4101, points: '5.000', promotionId: 41501 },
    ],
  },
  {
    org: 'tern',
    customer: 410004,
    billNumber: 'TB-4104',
    eventName: 'TransactionUpdate',
    eventLogId: 9410104,
    lines: [{ programId: 4101, points: '40.000' }],
  },
  {
    org: 'tern',
    customer: 410006,
    billNumber: 'TB-4105',
    eventName: 'TransactionAdd',
    eventLogId: 9410105,
    lines: [{ programId: 4101, points: '25.000' }],
  },
  {
    org: 'otter',
    customer: 415001,
    billNumber: 'OB-4151',
    eventName: 'TransactionAdd',
    eventLogId: 9415101,
    lines: [
      { programId: 4151, points: '10.000' },
      { lineItemId: 841511, itemCode: 'PADDLE', programId: 4151, points: '30.000' },
      { lineItemId: 841512, itemCode: 'HELMET', programId: 4151, points: '15.000' },
      { programId: 4151, points: '4.000', promotionId: 41551 },
    ],
  },
  {
    org: 'otter',
    customer: 415001,
    billNumber: 'OB-4152',
    eventName: 'TransactionAdd',
    eventLogId: 9415102,
    lines: [{ programId: 4152, points: '7.250' }],
  },
  {
    org: 'otter',
    customer: 415002,
    billNumber: 'OB-4153',
    eventName: 'TransactionAdd',
    eventLogId: 9415103,
    lines: [{ programId: 4151, points: '20.000' }],
  },
  {
    org: 'otter',
    customer: 415003,
    billNumber: 'OB-4154',
    eventName: 'TransactionAdd',
    eventLogId: 9415104,
    lines: [{ programId: 4151, points: '9.000' }],
  },
];
