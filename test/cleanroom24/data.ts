/**
 * The clean room's own seed rows (its `migrations/0002_seed.sql`): two orgs, their programs,
 * credentials, stores, customers, bills with promised entries, and a fabric tenant.
 */
export interface ProgramRow {
  readonly id: number;
  readonly roundDecimals: number;
}
export interface CredentialRow {
  readonly kind: 'basic' | 'oauth';
  readonly name: string;
  readonly secret: string;
  /** Holds the Points access group (the deduction's prerequisite). */
  readonly points: boolean;
}
export interface CustomerRow {
  readonly id: number;
  readonly mobile: string;
  readonly email: string;
  readonly externalId: string;
  readonly cuid?: string;
  readonly primaryUserId?: string;
  /** Main and external-trigger points per program enrolled, as seed text. */
  readonly programs: Record<number, { main: string; external?: string }>;
}
export interface EntryRow {
  readonly programId: number;
  readonly points: string;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
}
export interface BillRow {
  readonly number: string;
  readonly customerId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly entries: readonly EntryRow[];
}
export interface OrgRow {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: readonly ProgramRow[];
  readonly credentials: readonly CredentialRow[];
  readonly stores: Record<number, readonly number[]>;
  readonly customers: readonly CustomerRow[];
  readonly bills: readonly BillRow[];
  readonly promotions: readonly { id: number; identifier: string; programId: number }[];
  readonly pointsAwardedIds: readonly number[];
}

const FERRIS_PROMO = { id: 24501, identifier: 'FERRIS-24', name: 'Semana do caranguejo' };
const CRAB_PROMO = { id: 24551, identifier: 'CRAB-24', name: 'Mar salgado' };

export const ORGS: readonly OrgRow[] = [
  {
    id: 'ferris',
    negativeBalanceOnReturn: false,
    defaultProgramId: 2401,
    programs: [
      { id: 2401, roundDecimals: 2 },
      { id: 2402, roundDecimals: 0 },
      { id: 2403, roundDecimals: 3 },
    ],
    credentials: [
      { kind: 'basic', name: 'ferris.till01', secret: 'ferris-till-secret', points: true },
      { kind: 'oauth', name: 'cr24-ferris-app', secret: 'ferris-app-secret', points: true },
      { kind: 'basic', name: 'ferris.kiosk', secret: 'ferris-kiosk-secret', points: false },
    ],
    stores: { 2411: [2412, 2413] },
    customers: [
      {
        id: 240001,
        mobile: '351930240001',
        email: 'ana@ferris.test',
        externalId: 'FE-24-ANA',
        cuid: 'cu-240001',
        primaryUserId: 'pu-240001',
        programs: {
          2401: { main: '3210.55', external: '12.25' },
          2402: { main: '480' },
          2403: { main: '75.125' },
        },
      },
      {
        id: 240002,
        mobile: '351930240002',
        email: 'bruno@ferris.test',
        externalId: 'FE-24-BRUNO',
        programs: { 2401: { main: '880.40' }, 2403: { main: '41.500' } },
      },
      {
        id: 240003,
        mobile: '351930240003',
        email: 'carla@ferris.test',
        externalId: 'FE-24-CARLA',
        programs: { 2401: { main: '25.00' } },
      },
      {
        id: 240004,
        mobile: '351930240077',
        email: 'duarte@ferris.test',
        externalId: 'FE-24-DUARTE',
        programs: { 2401: { main: '150.00' } },
      },
      {
        id: 240005,
        mobile: '351930240077',
        email: 'eva@ferris.test',
        externalId: 'FE-24-EVA',
        programs: { 2401: { main: '60.00' } },
      },
    ],
    bills: [
      {
        number: 'FE-B-2401',
        customerId: 240001,
        eventName: 'TransactionAdd',
        eventLogId: 9240001,
        entries: [
          { programId: 2401, points: '5.00' },
          { programId: 2401, points: '40.50', lineItemId: 924011, itemCode: 'RS-CRAB' },
          { programId: 2403, points: '12.375', lineItemId: 924012, itemCode: 'RS-OXIDE' },
          { programId: 2401, points: '3.25', promotion: FERRIS_PROMO },
        ],
      },
      {
        number: 'FE-B-2402',
        customerId: 240001,
        eventName: 'TransactionAdd',
        eventLogId: 9240002,
        entries: [{ programId: 2402, points: '18', lineItemId: 924021, itemCode: 'RS-TOKIO' }],
      },
      {
        number: 'FE-B-2403',
        customerId: 240004,
        eventName: 'TransactionAdd',
        eventLogId: 9240003,
        entries: [
          { programId: 2401, points: '15.00' },
          { programId: 2401, points: '2.50', promotion: FERRIS_PROMO },
        ],
      },
      {
        number: 'FE-B-2404',
        customerId: 240005,
        eventName: 'TransactionUpdate',
        eventLogId: 9240004,
        entries: [{ programId: 2401, points: '7.00' }],
      },
    ],
    promotions: [{ id: FERRIS_PROMO.id, identifier: FERRIS_PROMO.identifier, programId: 2401 }],
    pointsAwardedIds: [24901],
  },
  {
    id: 'crab',
    negativeBalanceOnReturn: true,
    defaultProgramId: 2451,
    programs: [
      { id: 2451, roundDecimals: 1 },
      { id: 2452, roundDecimals: 3 },
    ],
    credentials: [
      { kind: 'oauth', name: 'cr24-crab-app', secret: 'crab-app-secret', points: true },
      { kind: 'basic', name: 'crab.till01', secret: 'crab-till-secret', points: true },
      { kind: 'oauth', name: 'cr24-crab-viewer', secret: 'crab-viewer-secret', points: false },
    ],
    stores: { 2461: [2462] },
    customers: [
      {
        id: 245001,
        mobile: '351960245001',
        email: 'hugo@crab.test',
        externalId: 'CR-24-HUGO',
        cuid: 'cu-245001',
        primaryUserId: 'pu-245001',
        programs: { 2451: { main: '1500.5', external: '3.0' }, 2452: { main: '320.250' } },
      },
      {
        id: 245002,
        mobile: '351960245002',
        email: 'casa@crab.test',
        externalId: 'CR-24-INES',
        programs: { 2451: { main: '40.0' } },
      },
      {
        id: 245003,
        mobile: '351960245003',
        email: 'casa@crab.test',
        externalId: 'CR-24-JOAO',
        programs: { 2451: { main: '12.5' } },
      },
    ],
    bills: [
      {
        number: 'CR-B-2451',
        customerId: 245001,
        eventName: 'TransactionAdd',
        eventLogId: 9245001,
        entries: [
          { programId: 2451, points: '20.5', lineItemId: 945011, itemCode: 'CR-SAL' },
          { programId: 2452, points: '4.125', lineItemId: 945012, itemCode: 'CR-PIMENTA' },
          { programId: 2451, points: '1.5', promotion: CRAB_PROMO },
        ],
      },
      {
        number: 'CR-B-2452',
        customerId: 245001,
        eventName: 'TransactionAdd',
        eventLogId: 9245002,
        entries: [{ programId: 2452, points: '9.750' }],
      },
      {
        number: 'CR-B-2453',
        customerId: 245002,
        eventName: 'TransactionAdd',
        eventLogId: 9245003,
        entries: [{ programId: 2451, points: '8.0' }],
      },
      {
        number: 'CR-B-2454',
        customerId: 245003,
        eventName: 'TransactionAdd',
        eventLogId: 9245004,
        entries: [{ programId: 2451, points: '6.5' }],
      },
    ],
    promotions: [{ id: CRAB_PROMO.id, identifier: CRAB_PROMO.identifier, programId: 2451 }],
    pointsAwardedIds: [24951],
  },
];

/** The fabric tenant: one bearer token, one member, the reason codes it knows. */
export const FABRIC_TOKEN = 'cr24-fabric-token';
export const FABRIC_MEMBER = '5e1f0c24-8a2b-4c24-b024-24fe2215c024';
export const FABRIC_OPENING_POINTS = 500;
export const FABRIC_REASON_CODES: readonly string[] = ['7502', 'GOODWILL'];
