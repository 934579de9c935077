/**
 * The seed rows of the clean room's PostgreSQL database: two orgs, their tills and apps, programs,
 * customers, bills with promised points, and one fabric member. Points are thousandths (NUMERIC(14,3)).
 */

export interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

export interface CustomerRow {
  readonly entityId: number;
  readonly mobile: string;
  readonly email: string;
  readonly externalId: string;
  readonly cuid: string;
  readonly primaryUserId: string;
  /** Redeemable points per enrolled program. */
  readonly main: Map<number, bigint>;
  /** Promised points waiting for an external trigger that no bill here releases, per program. */
  readonly standingExternal: Map<number, bigint>;
}

export interface BillLine {
  readonly programId: number;
  readonly points: bigint;
  readonly kind: 'delayed' | 'external';
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { readonly id: number; readonly identifier: string; readonly name: string };
  unlocked: boolean;
}

export interface BillRow {
  readonly billNumber: string;
  readonly entityId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: BillLine[];
}

export interface Credential {
  readonly scheme: 'basic' | 'oauth';
  readonly name: string;
  readonly secret: string;
  /** Whether the till or app is in the Points access group. */
  readonly points: boolean;
}

export interface OrgRow {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: readonly Program[];
  readonly credentials: readonly Credential[];
  readonly promotion: { readonly id: number; readonly identifier: string; readonly programId: number };
  readonly pointsAwardedIds: readonly number[];
  readonly customers: CustomerRow[];
  readonly bills: BillRow[];
  /** The primary identifier when dual eligibility is on. */
  dualPrimary?: string;
}

const pts = (n: number) => BigInt(Math.round(n * 1000));

function customer(
  entityId: number,
  mobile: string,
  email: string,
  externalId: string,
  main: Record<number, number>,
  standing: Record<number, number> = {},
): CustomerRow {
  return {
    entityId,
    mobile,
    email,
    externalId,
    cuid: `cu-${entityId}`,
    primaryUserId: `pu-${entityId}`,
    main: new Map(Object.entries(main).map(([p, v]) => [Number(p), pts(v)])),
    standingExternal: new Map(Object.entries(standing).map(([p, v]) => [Number(p), pts(v)])),
  };
}

const line = (
  programId: number,
  points: number,
  kind: BillLine['kind'],
  extra: Partial<BillLine> = {},
): BillLine => ({
  programId,
  points: pts(points),
  kind,
  unlocked: false,
  ...extra,
});

/** Fresh rows for one provider (each start has its own database). */
export function seedOrgs(): OrgRow[] {
  const spring = { id: 52501, identifier: 'KS-SPRING', name: 'Spring bake-off' };
  const autumn = { id: 52551, identifier: 'LX-AUTUMN', name: 'Autumn trails' };
  return [
    {
      id: 'kestrel',
      negativeBalanceOnReturn: false,
      defaultProgramId: 5201,
      programs: [
        { id: 5201, roundDecimals: 3 },
        { id: 5202, roundDecimals: 0 },
      ],
      credentials: [
        { scheme: 'basic', name: 'kestrel.till03', secret: 'kestrel-till-pass', points: true },
        { scheme: 'oauth', name: 'cr32-kestrel-app', secret: 'kestrel-app-secret', points: true },
        { scheme: 'basic', name: 'kestrel.kiosk', secret: 'kestrel-kiosk-pass', points: false },
      ],
      promotion: { id: spring.id, identifier: spring.identifier, programId: 5201 },
      pointsAwardedIds: [52901],
      customers: [
        customer(
          520001,
          '447700900101',
          'Nadia@Kestrel.example',
          'KS-NADIA',
          { 5201: 3120.5, 5202: 480 },
          { 5201: 0.025 },
        ),
        customer(520002, '447700900102', 'oscar@kestrel.example', 'KS-OSCAR', { 5201: 900 }),
        customer(520003, '447700900103', 'priya@kestrel.example', 'KS-PRIYA', { 5201: 25.25 }),
        customer(520004, '447700900199', 'quentin@kestrel.example', 'KS-QUENTIN', { 5201: 210, 5202: 60 }),
        customer(520005, '447700900199', 'rosa@kestrel.example', 'KS-ROSA', { 5201: 75.5 }),
      ],
      bills: [
        {
          billNumber: 'KB-3001',
          entityId: 520001,
          eventName: 'TransactionAdd',
          eventLogId: 9520101,
          lines: [
            line(5201, 12.5, 'delayed'),
            line(5201, 4.25, 'delayed', { lineItemId: 620011, itemCode: 'CROISSANT' }),
            line(5201, 2.125, 'external', { lineItemId: 620012, itemCode: 'ESPRESSO' }),
            line(5201, 5, 'delayed', { promotion: spring }),
          ],
        },
        {
          billNumber: 'KB-3002',
          entityId: 520001,
          eventName: 'TransactionAdd',
          eventLogId: 9520102,
          lines: [
            line(5202, 30, 'delayed'),
            line(5201, 0.005, 'delayed', { lineItemId: 620021, itemCode: 'TEAPOT' }),
          ],
        },
        {
          billNumber: 'KB-3003',
          entityId: 520002,
          eventName: 'TransactionAdd',
          eventLogId: 9520103,
          lines: [line(5201, 40, 'delayed'), line(5201, 8, 'external', { promotion: spring })],
        },
        {
          billNumber: 'KB-3004',
          entityId: 520004,
          eventName: 'TransactionUpdate',
          eventLogId: 9520104,
          lines: [line(5202, 15, 'delayed')],
        },
      ],
    },
    {
      id: 'lynx',
      negativeBalanceOnReturn: true,
      defaultProgramId: 5251,
      programs: [
        { id: 5251, roundDecimals: 2 },
        { id: 5252, roundDecimals: 0 },
      ],
      credentials: [
        { scheme: 'oauth', name: 'cr32-lynx-app', secret: 'lynx-app-secret', points: true },
        { scheme: 'basic', name: 'lynx.till09', secret: 'lynx-till-pass', points: true },
        { scheme: 'oauth', name: 'cr32-lynx-audit', secret: 'lynx-audit-secret', points: false },
      ],
      promotion: { id: autumn.id, identifier: autumn.identifier, programId: 5251 },
      pointsAwardedIds: [52951],
      customers: [
        customer(525001, '447700900201', 'sven@lynx.example', 'LX-SVEN', { 5251: 640, 5252: 75 }),
        customer(525002, '447700900202', 'tamsin@lynx.example', 'LX-TAMSIN', { 5251: 120.75 }),
        customer(525003, '447700900299', 'ulrich@lynx.example', 'LX-ULRICH', { 5251: 33 }),
        customer(525004, '447700900299', 'vera@lynx.example', 'LX-VERA', { 5251: 4.5 }),
      ],
      bills: [
        {
          billNumber: 'LB-8001',
          entityId: 525001,
          eventName: 'TransactionAdd',
          eventLogId: 9525101,
          lines: [
            line(5251, 20, 'delayed'),
            line(5251, 6.5, 'delayed', { lineItemId: 680011, itemCode: 'HELMET' }),
            line(5251, 3.25, 'external', { lineItemId: 680012, itemCode: 'GLOVES' }),
            line(5251, 10, 'delayed', { promotion: autumn }),
          ],
        },
        {
          billNumber: 'LB-8002',
          entityId: 525001,
          eventName: 'TransactionAdd',
          eventLogId: 9525102,
          lines: [
            line(5252, 12, 'delayed'),
            line(5251, 1.5, 'delayed', { lineItemId: 680021, itemCode: 'LANTERN' }),
          ],
        },
        {
          billNumber: 'LB-8003',
          entityId: 525002,
          eventName: 'TransactionAdd',
          eventLogId: 9525103,
          lines: [line(5251, 18, 'delayed')],
        },
        {
          billNumber: 'LB-8004',
          entityId: 525003,
          eventName: 'TransactionAdd',
          eventLogId: 9525104,
          lines: [line(5251, 9, 'delayed')],
        },
      ],
    },
  ];
}

export const FABRIC_TOKEN = 'cr32-fabric-token';
export const FABRIC_MEMBER = '32c0ffee-b7a2-4c32-9e32-3232feedbeef';

/** The fabric member's row: available and pending points, thousandths. */
export const seedFabric = () => new Map([[FABRIC_MEMBER, { available: pts(5120), pending: 0n }]]);
