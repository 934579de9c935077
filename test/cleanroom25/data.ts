/**
 * The clean room's own fixtures (its `loyalty/fixtures/seed.json`, loaded by `manage.py loaddata`):
 * two orgs, programs, API users, customers and bills with promised entries, and a fabric tenant.
 * Amounts are seed text, read by the decimal module into micro-points.
 */
export interface Program {
  readonly id: number;
  readonly decimals: number;
}
export interface ApiUser {
  readonly kind: 'basic' | 'oauth';
  readonly name: string;
  readonly secret: string;
  /** Member of the Points access group (the deduction's prerequisite). */
  readonly points: boolean;
}
export interface Customer {
  readonly id: number;
  readonly mobile: string;
  readonly email: string;
  readonly externalId: string;
  readonly cuid: string;
  readonly primaryUserId: string;
  /** Main and external-trigger points per program enrolled. */
  readonly programs: Record<number, { main: string; external: string }>;
  readonly awards: readonly number[];
}
export interface Entry {
  readonly programId: number;
  readonly points: string;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
}
export interface Bill {
  readonly number: string;
  readonly customerId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly entries: readonly Entry[];
}
export interface Org {
  readonly id: string;
  readonly negativeOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: readonly Program[];
  readonly users: readonly ApiUser[];
  readonly customers: readonly Customer[];
  readonly bills: readonly Bill[];
  readonly promotions: readonly { id: number; identifier: string; programId: number }[];
}

const TEJO_PROMO = { id: 25501, identifier: 'TEJO-VERAO', name: 'Verão no Tejo' };
const DOURO_PROMO = { id: 25551, identifier: 'DOURO-VINDIMA', name: 'Vindima' };

export const ORGS: readonly Org[] = [
  {
    id: 'tejo',
    negativeOnReturn: false,
    defaultProgramId: 2501,
    programs: [
      { id: 2501, decimals: 2 },
      { id: 2502, decimals: 0 },
      { id: 2503, decimals: 3 },
    ],
    users: [
      { kind: 'basic', name: 'tejo.caixa01', secret: 'tejo-caixa-pass', points: true },
      { kind: 'oauth', name: 'cr25-tejo-app', secret: 'tejo-app-secret', points: true },
      { kind: 'basic', name: 'tejo.quiosque', secret: 'tejo-quiosque-pass', points: false },
    ],
    customers: [
      {
        id: 250001,
        mobile: '351912500001',
        email: 'rita@tejo.test',
        externalId: 'TJ-RITA',
        cuid: 'cu-250001',
        primaryUserId: 'pu-250001',
        programs: {
          2501: { main: '2480.50', external: '12.25' },
          2502: { main: '900', external: '0' },
          2503: { main: '75.125', external: '1.500' },
        },
        awards: [25901],
      },
      {
        id: 250002,
        mobile: '351912500002',
        email: 'tiago@tejo.test',
        externalId: 'TJ-TIAGO',
        cuid: 'cu-250002',
        primaryUserId: 'pu-250002',
        programs: { 2501: { main: '310.00', external: '0' }, 2503: { main: '44.000', external: '0' } },
        awards: [],
      },
      {
        id: 250003,
        mobile: '351912500003',
        email: 'sara@tejo.test',
        externalId: 'TJ-SARA',
        cuid: 'cu-250003',
        primaryUserId: 'pu-250003',
        programs: { 2501: { main: '60.00', external: '0' } },
        awards: [],
      },
      {
        id: 250004,
        mobile: '351912500004',
        email: 'familia@tejo.test',
        externalId: 'TJ-VASCO',
        cuid: 'cu-250004',
        primaryUserId: 'pu-250004',
        programs: { 2501: { main: '120.00', external: '0' }, 2502: { main: '10', external: '0' } },
        awards: [],
      },
      {
        id: 250005,
        mobile: '351912500005',
        email: 'familia@tejo.test',
        externalId: 'TJ-LUISA',
        cuid: 'cu-250005',
        primaryUserId: 'pu-250005',
        programs: { 2501: { main: '85.00', external: '0' } },
        awards: [],
      },
    ],
    bills: [
      {
        number: 'TJ-F-0001',
        customerId: 250001,
        eventName: 'TransactionAdd',
        eventLogId: 9250001,
        entries: [
          { programId: 2501, points: '20.00', lineItemId: 925011, itemCode: 'PASTEL' },
          { programId: 2501, points: '7.50', lineItemId: 925012, itemCode: 'BICA' },
          { programId: 2501, points: '3.00', promotion: TEJO_PROMO },
        ],
      },
      {
        number: 'TJ-F-0002',
        customerId: 250001,
        eventName: 'TransactionAdd',
        eventLogId: 9250002,
        entries: [{ programId: 2503, points: '4.250' }],
      },
      {
        // Lines over two programs: one bill, promised points in 2501 and 2502.
        number: 'TJ-F-0003',
        customerId: 250004,
        eventName: 'TransactionAdd',
        eventLogId: 9250003,
        entries: [
          { programId: 2501, points: '11.00' },
          { programId: 2502, points: '5' },
          { programId: 2501, points: '2.00', promotion: TEJO_PROMO },
        ],
      },
      {
        number: 'TJ-F-0004',
        customerId: 250005,
        eventName: 'TransactionUpdate',
        eventLogId: 9250004,
        entries: [{ programId: 2501, points: '9.00' }],
      },
    ],
    promotions: [{ id: TEJO_PROMO.id, identifier: TEJO_PROMO.identifier, programId: 2501 }],
  },
  {
    id: 'douro',
    negativeOnReturn: true,
    defaultProgramId: 2551,
    programs: [
      { id: 2551, decimals: 3 },
      { id: 2552, decimals: 0 },
    ],
    users: [
      { kind: 'oauth', name: 'cr25-douro-app', secret: 'douro-app-secret', points: true },
      { kind: 'basic', name: 'douro.caixa01', secret: 'douro-caixa-pass', points: true },
      { kind: 'oauth', name: 'cr25-douro-leitor', secret: 'douro-leitor-secret', points: false },
    ],
    customers: [
      {
        id: 255001,
        mobile: '351962550001',
        email: 'nuno@douro.test',
        externalId: 'DR-NUNO',
        cuid: 'cu-255001',
        primaryUserId: 'pu-255001',
        programs: { 2551: { main: '512.750', external: '3.000' }, 2552: { main: '40', external: '0' } },
        awards: [25951],
      },
      {
        id: 255002,
        mobile: '351962550002',
        email: 'quinta@douro.test',
        externalId: 'DR-MARTA',
        cuid: 'cu-255002',
        primaryUserId: 'pu-255002',
        programs: { 2551: { main: '80.000', external: '0' } },
        awards: [],
      },
      {
        id: 255003,
        mobile: '351962550003',
        email: 'quinta@douro.test',
        externalId: 'DR-PEDRO',
        cuid: 'cu-255003',
        primaryUserId: 'pu-255003',
        programs: { 2551: { main: '15.000', external: '0' } },
        awards: [],
      },
    ],
    bills: [
      {
        number: 'DR-F-0001',
        customerId: 255001,
        eventName: 'TransactionAdd',
        eventLogId: 9255001,
        entries: [
          { programId: 2551, points: '6.125', lineItemId: 955011, itemCode: 'PORTO-10' },
          { programId: 2551, points: '2.000', lineItemId: 955012, itemCode: 'ROLHA' },
          { programId: 2551, points: '1.500', promotion: DOURO_PROMO },
        ],
      },
      {
        number: 'DR-F-0002',
        customerId: 255001,
        eventName: 'TransactionAdd',
        eventLogId: 9255002,
        entries: [{ programId: 2552, points: '8' }],
      },
      {
        number: 'DR-F-0003',
        customerId: 255002,
        eventName: 'TransactionAdd',
        eventLogId: 9255003,
        entries: [{ programId: 2551, points: '4.000' }],
      },
      {
        number: 'DR-F-0004',
        customerId: 255003,
        eventName: 'TransactionAdd',
        eventLogId: 9255004,
        entries: [{ programId: 2551, points: '3.250' }],
      },
    ],
    promotions: [{ id: DOURO_PROMO.id, identifier: DOURO_PROMO.identifier, programId: 2551 }],
  },
];

/** The fabric tenant: one bearer token, one member. */
export const FABRIC_TOKEN = 'cr25-fabric-token';
export const FABRIC_MEMBER = '7c1d2e25-3f4a-4b25-9c25-25ab0c25d025';
