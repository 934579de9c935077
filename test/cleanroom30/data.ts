/**
 * The seed rows of the thirtieth clean room's Postgres database (its own data, no other target's):
 * org kestrel (negative balance on return off; programs 3001 of 2 round decimals, the default, and
 * 3002 of 0) and org osprey (on; 3051 of 0, the default, and 3052 of 2); bills over two programs;
 * one fabric member. Amounts are NUMERIC text at the program's decimals, as psql prints them.
 */

export interface ProgramRow {
  readonly id: number;
  readonly decimals: number;
}

export interface CustomerRow {
  readonly id: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Main (redeemable) points per enrolled program, NUMERIC text. */
  readonly main: Readonly<Record<number, string>>;
  /** Promised points waiting for an external trigger, per program (the unlock never moves them). */
  readonly externalTrigger?: Readonly<Record<number, string>>;
}

export interface EntryRow {
  readonly programId: number;
  readonly points: string;
  /** A line item's ID and code; absent on a bill-level or promotion entry. */
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { readonly id: number; readonly identifier: string; readonly name: string };
}

export interface BillRow {
  readonly number: string;
  readonly customerId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly storeId: number;
  readonly tillId: number;
  readonly entries: readonly EntryRow[];
}

export interface Credentials {
  readonly basic: Readonly<Record<string, { password: string; pointsGroup: boolean }>>;
  readonly oauth: Readonly<Record<string, { secret: string; pointsGroup: boolean }>>;
}

export interface OrgRow {
  readonly name: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: readonly ProgramRow[];
  readonly customers: readonly CustomerRow[];
  readonly bills: readonly BillRow[];
  readonly promotion: { readonly id: number; readonly identifier: string; readonly programId: number };
  /** Points awards: ID → the customer and program it credited. */
  readonly awards: Readonly<Record<number, { customerId: number; programId: number }>>;
  /** Stores and their tills. */
  readonly stores: Readonly<Record<number, readonly number[]>>;
  readonly credentials: Credentials;
}

const spring = { id: 30501, identifier: 'KS-SPRING', name: 'Spring roast' };
const autumn = { id: 30551, identifier: 'OS-AUTUMN', name: 'Autumn migration' };

export const KESTREL: OrgRow = {
  name: 'kestrel',
  negativeBalanceOnReturn: false,
  defaultProgramId: 3001,
  programs: [
    { id: 3001, decimals: 2 },
    { id: 3002, decimals: 0 },
  ],
  customers: [
    {
      id: 300001,
      identifiers: {
        mobile: '447700300001',
        email: 'ada@kestrel.test',
        externalId: 'KS-ADA',
        id: '300001',
        cuid: 'cu-300001',
        primaryUserId: 'pu-300001',
      },
      main: { 3001: '1520.50', 3002: '800' },
      externalTrigger: { 3001: '5.25' },
    },
    {
      id: 300002,
      identifiers: { mobile: '447700300002', email: 'ben@kestrel.test', externalId: 'KS-BEN', id: '300002' },
      main: { 3001: '300.00' },
    },
    {
      id: 300003,
      identifiers: {
        mobile: '447700300003',
        email: 'cleo@kestrel.test',
        externalId: 'KS-CLEO',
        id: '300003',
      },
      main: { 3001: '40.00' },
    },
    {
      id: 300004,
      identifiers: { mobile: '447700300099', email: 'dev@kestrel.test', externalId: 'KS-DEV', id: '300004' },
      main: { 3001: '75.00', 3002: '12' },
    },
    {
      id: 300005,
      identifiers: { mobile: '447700300099', email: 'eli@kestrel.test', externalId: 'KS-ELI', id: '300005' },
      main: { 3001: '45.50' },
    },
  ],
  bills: [
    {
      number: 'KB-1001',
      customerId: 300001,
      eventName: 'TransactionAdd',
      eventLogId: 7300101,
      storeId: 71,
      tillId: 711,
      entries: [
        { programId: 3001, points: '10.00' },
        { programId: 3001, points: '12.50', lineItemId: 310011, itemCode: 'ESPRESSO' },
        { programId: 3002, points: '7', lineItemId: 310012, itemCode: 'CROISSANT' },
        { programId: 3001, points: '4.00', promotion: spring },
      ],
    },
    {
      number: 'KB-1002',
      customerId: 300001,
      eventName: 'TransactionAdd',
      eventLogId: 7300102,
      storeId: 71,
      tillId: 712,
      entries: [
        { programId: 3002, points: '30' },
        { programId: 3001, points: '2.75', lineItemId: 310021, itemCode: 'BAGEL' },
      ],
    },
    {
      number: 'KB-1003',
      customerId: 300002,
      eventName: 'TransactionAdd',
      eventLogId: 7300103,
      storeId: 71,
      tillId: 711,
      entries: [
        { programId: 3001, points: '8.00' },
        { programId: 3001, points: '1.50', promotion: spring },
      ],
    },
    {
      number: 'KB-1004',
      customerId: 300004,
      eventName: 'TransactionUpdate',
      eventLogId: 7300104,
      storeId: 72,
      tillId: 721,
      entries: [{ programId: 3001, points: '3.00' }],
    },
  ],
  promotion: { id: spring.id, identifier: spring.identifier, programId: 3001 },
  awards: { 30901: { customerId: 300001, programId: 3001 }, 30902: { customerId: 300002, programId: 3001 } },
  stores: { 71: [711, 712], 72: [721] },
  credentials: {
    basic: {
      'kestrel.till01': { password: 'kestrel-till-pass', pointsGroup: true },
      'kestrel.kiosk': { password: 'kestrel-kiosk-pass', pointsGroup: false },
    },
    oauth: { 'cr30-kestrel-app': { secret: 'kestrel-app-secret', pointsGroup: true } },
  },
};

export const OSPREY: OrgRow = {
  name: 'osprey',
  negativeBalanceOnReturn: true,
  defaultProgramId: 3051,
  programs: [
    { id: 3051, decimals: 0 },
    { id: 3052, decimals: 2 },
  ],
  customers: [
    {
      id: 305001,
      identifiers: {
        mobile: '447700305001',
        email: 'gus@osprey.test',
        externalId: 'OS-GUS',
        id: '305001',
        cuid: 'cu-305001',
        primaryUserId: 'pu-305001',
      },
      main: { 3051: '2000', 3052: '410.25' },
      externalTrigger: { 3052: '3.50' },
    },
    {
      id: 305002,
      identifiers: { mobile: '447700305002', email: 'hana@osprey.test', externalId: 'OS-HANA', id: '305002' },
      main: { 3051: '120' },
    },
    {
      id: 305003,
      identifiers: { mobile: '447700305099', email: 'ivy@osprey.test', externalId: 'OS-IVY', id: '305003' },
      main: { 3051: '60' },
    },
    {
      id: 305004,
      identifiers: { mobile: '447700305099', email: 'jon@osprey.test', externalId: 'OS-JON', id: '305004' },
      main: { 3051: '25' },
    },
  ],
  bills: [
    {
      number: 'OB-2001',
      customerId: 305001,
      eventName: 'TransactionAdd',
      eventLogId: 7305101,
      storeId: 81,
      tillId: 811,
      entries: [
        { programId: 3051, points: '15' },
        { programId: 3051, points: '9', lineItemId: 350011, itemCode: 'WADERS' },
        { programId: 3052, points: '4.25', lineItemId: 350012, itemCode: 'BINOCULARS' },
        { programId: 3051, points: '5', promotion: autumn },
      ],
    },
    {
      number: 'OB-2002',
      customerId: 305001,
      eventName: 'TransactionAdd',
      eventLogId: 7305102,
      storeId: 81,
      tillId: 812,
      entries: [
        { programId: 3052, points: '6.50' },
        { programId: 3051, points: '2', lineItemId: 350021, itemCode: 'FLASK' },
      ],
    },
    {
      number: 'OB-2003',
      customerId: 305002,
      eventName: 'TransactionAdd',
      eventLogId: 7305103,
      storeId: 81,
      tillId: 811,
      entries: [{ programId: 3051, points: '11' }],
    },
    {
      number: 'OB-2004',
      customerId: 305003,
      eventName: 'TransactionAdd',
      eventLogId: 7305104,
      storeId: 81,
      tillId: 811,
      entries: [{ programId: 3051, points: '4' }],
    },
  ],
  promotion: { id: autumn.id, identifier: autumn.identifier, programId: 3051 },
  awards: { 30951: { customerId: 305001, programId: 3051 } },
  stores: { 81: [811, 812] },
  credentials: {
    basic: { 'osprey.till01': { password: 'osprey-till-pass', pointsGroup: true } },
    oauth: {
      'cr30-osprey-app': { secret: 'osprey-app-secret', pointsGroup: true },
      'cr30-osprey-viewer': { secret: 'osprey-viewer-secret', pointsGroup: false },
    },
  },
};

export const ORGS: readonly OrgRow[] = [KESTREL, OSPREY];

export const FABRIC_TOKEN = 'cr30-fabric-token';
export const FABRIC_MEMBER = '30c0ffee-e4c0-4a30-9e30-3030feedf00d';
/** The member's active points at start, NUMERIC(18,2) text. */
export const FABRIC_START = '5000.00';
