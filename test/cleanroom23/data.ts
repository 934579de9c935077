import { d } from './decimal.ts';

/**
 * The service's database as its seeds (db/seeds.rb) leave it: two orgs, their programs, customers,
 * memberships, bills with promised points, promotions, points awards, API clients, and a fabric
 * tenant. Every run starts from fresh tables (`freshTables`).
 */

export type Category = 'delayedAccrual' | 'externalTrigger';
export type IdentifierName = 'mobile' | 'email' | 'externalId' | 'id' | 'cuid' | 'primaryUserId';

export interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

export interface Customer {
  readonly entityId: number;
  readonly identifiers: Readonly<Record<Exclude<IdentifierName, 'id'>, string>>;
  /** memberships: program id → main (redeemable) points in millionths. */
  readonly main: Map<number, bigint>;
  /** Points awarded to the customer (pointsAwardedId). */
  readonly awards: readonly number[];
}

/** One row of promised_points: a line item, the bill itself, or a promotion on the bill. */
export interface PromisedEntry {
  readonly key: string;
  readonly programId: number;
  readonly points: bigint;
  readonly category: Category;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { readonly id: number; readonly identifier: string; readonly name: string };
}

export interface Bill {
  readonly billNumber: string;
  readonly entityId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly entries: readonly PromisedEntry[];
}

export interface Promotion {
  readonly id: number;
  readonly identifier: string;
  readonly programId: number;
}

export interface Org {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  /** Dual eligibility: the primary identifier, or undefined when it is off. */
  readonly primary?: IdentifierName;
  readonly defaultProgramId: number;
  readonly programs: readonly Program[];
  readonly customers: readonly Customer[];
  readonly bills: readonly Bill[];
  readonly promotions: readonly Promotion[];
  /** stores: store id → its tills. */
  readonly stores: ReadonlyMap<number, readonly number[]>;
}

/** An API client: a store till (Basic) or an OAuth app, and whether it holds the Points access group. */
export interface Client {
  readonly org: string;
  readonly scheme: 'basic' | 'oauth';
  readonly name: string;
  readonly secret: string;
  readonly points: boolean;
}

export const CLIENTS: readonly Client[] = [
  { org: 'tejo', scheme: 'basic', name: 'tejo.till01', secret: 'tejo-till-secret', points: true },
  { org: 'tejo', scheme: 'oauth', name: 'cr23-tejo-app', secret: 'tejo-app-secret', points: true },
  { org: 'tejo', scheme: 'basic', name: 'tejo.kiosk', secret: 'tejo-kiosk-secret', points: false },
  { org: 'douro', scheme: 'oauth', name: 'cr23-douro-app', secret: 'douro-app-secret', points: true },
  { org: 'douro', scheme: 'basic', name: 'douro.till01', secret: 'douro-till-secret', points: true },
  { org: 'douro', scheme: 'oauth', name: 'cr23-douro-viewer', secret: 'douro-viewer-secret', points: false },
];

export const FABRIC_TOKEN = 'cr23-fabric-token';
export const FABRIC_MEMBER = '0d5e2a23-7c1b-4e23-9a23-23c0ffee2323';
/** The tenant's reason codes (a table of its own; the page's example 7502 among them). */
export const FABRIC_REASON_CODES: readonly string[] = ['7502', 'GOODWILL', 'RETURN-23'];

function customer(
  entityId: number,
  ids: [mobile: string, email: string, externalId: string],
  main: Record<number, string>,
  awards: number[] = [],
): Customer {
  const [mobile, email, externalId] = ids;
  return {
    entityId,
    identifiers: { mobile, email, externalId, cuid: `cu-${entityId}`, primaryUserId: `pu-${entityId}` },
    main: new Map(Object.entries(main).map(([program, points]) => [Number(program), d(points)])),
    awards,
  };
}

function line(lineItemId: number, itemCode: string, programId: number, points: string): PromisedEntry {
  return {
    key: `li-${lineItemId}`,
    lineItemId,
    itemCode,
    programId,
    points: d(points),
    category: 'delayedAccrual',
  };
}

function billLevel(programId: number, points: string, category: Category = 'externalTrigger'): PromisedEntry {
  return { key: `bill-${programId}`, programId, points: d(points), category };
}

function promotion(
  id: number,
  identifier: string,
  name: string,
  programId: number,
  points: string,
): PromisedEntry {
  return {
    key: `promo-${id}`,
    programId,
    points: d(points),
    category: 'externalTrigger',
    promotion: { id, identifier, name },
  };
}

function bill(
  billNumber: string,
  entityId: number,
  eventLogId: number,
  entries: PromisedEntry[],
  eventName = 'TransactionAdd',
): Bill {
  return { billNumber, entityId, eventName, eventLogId, entries };
}

function tejo(): Org {
  return {
    id: 'tejo',
    negativeBalanceOnReturn: false,
    primary: 'email',
    defaultProgramId: 2301,
    programs: [
      { id: 2301, roundDecimals: 2 },
      { id: 2302, roundDecimals: 0 },
      { id: 2303, roundDecimals: 3 },
    ],
    customers: [
      customer(
        230001,
        ['351912300001', 'Ines.Moura@tejo.test', 'TJ-23-INES'],
        { 2301: '2480.5', 2302: '300', 2303: '75.125' },
        [23901],
      ),
      customer(230002, ['351912300002', 'rui.alves@tejo.test', 'TJ-23-RUI'], {
        2301: '120.75',
        2303: '640.25',
      }),
      customer(230003, ['351912300003', 'marta@tejo.test', 'TJ-23-MARTA'], { 2301: '45.75' }),
      customer(230004, ['351912300077', 'paulo@tejo.test', 'TJ-23-PAULO'], { 2301: '510' }),
      customer(230005, ['351912300077', 'sofia@tejo.test', 'TJ-23-SOFIA'], { 2301: '88.8' }),
    ],
    bills: [
      bill('TJ-B-2301', 230001, 9230001, [
        line(923011, 'PT-PASTEL', 2301, '12.5'),
        line(923012, 'PT-BACALHAU', 2301, '20'),
        line(923013, 'PT-AZEITE', 2301, '7.25'),
        billLevel(2301, '10'),
        promotion(23501, 'VERAO-23', 'Verão 2023', 2301, '5'),
      ]),
      bill('TJ-B-2302', 230001, 9230002, [line(923021, 'PT-VINHO', 2303, '6'), billLevel(2303, '4.125')]),
      bill('TJ-B-2303', 230004, 9230003, [
        billLevel(2301, '15'),
        promotion(23502, 'VERAO-23-CASA', 'Verão em casa', 2301, '2.5'),
      ]),
      bill('TJ-B-2304', 230005, 9230004, [billLevel(2301, '8')], 'TransactionUpdate'),
      // Not in the profile: promised points of both kinds in both of rui's programs.
      bill('TJ-B-2399', 230002, 9230099, [
        line(923991, 'PT-CAFE', 2301, '3.5'),
        line(923992, 'PT-CHA', 2303, '2.25'),
        billLevel(2301, '1.5'),
        billLevel(2303, '4'),
      ]),
    ],
    promotions: [{ id: 23501, identifier: 'VERAO-23', programId: 2301 }],
    stores: new Map([[2311, [2312, 2313]]]),
  };
}

function douro(): Org {
  return {
    id: 'douro',
    negativeBalanceOnReturn: true,
    defaultProgramId: 2351,
    programs: [
      { id: 2351, roundDecimals: 1 },
      { id: 2352, roundDecimals: 2 },
    ],
    customers: [
      customer(
        235001,
        ['351962350001', 'tiago@douro.test', 'DO-23-TIAGO'],
        { 2351: '1999.5', 2352: '42.42' },
        [23951],
      ),
      customer(235002, ['351962350002', 'casa@douro.test', 'DO-23-LEONOR'], { 2351: '260' }),
      customer(235003, ['351962350003', 'casa@douro.test', 'DO-23-VERA'], { 2351: '12.3' }),
    ],
    bills: [
      bill('DO-B-2351', 235001, 9235001, [
        line(935011, 'DO-PORTO', 2351, '9.5'),
        line(935012, 'DO-QUEIJO', 2351, '14'),
        line(935013, 'DO-MEL', 2351, '3.2'),
        billLevel(2351, '6', 'delayedAccrual'),
        promotion(23551, 'OUTONO-23', 'Outono 2023', 2351, '4'),
      ]),
      bill('DO-B-2352', 235001, 9235002, [billLevel(2352, '5.5')]),
      bill('DO-B-2353', 235002, 9235003, [billLevel(2351, '11')]),
      bill('DO-B-2354', 235003, 9235004, [billLevel(2351, '3')]),
    ],
    promotions: [{ id: 23551, identifier: 'OUTONO-23', programId: 2351 }],
    stores: new Map([[2361, [2362]]]),
  };
}

/** The fabric tenant's member: active points and points left pending (never matured within a run). */
export interface FabricMember {
  readonly profileId: string;
  available: bigint;
  pending: bigint;
  updatedAt: Date;
}

export interface Tables {
  readonly orgs: ReadonlyMap<string, Org>;
  /** The unique index on unlocks (bill number, promised entry): a row per unlocked entry. */
  readonly unlocks: Set<string>;
  readonly members: Map<string, FabricMember>;
}

export function freshTables(): Tables {
  const orgs = [tejo(), douro()];
  return {
    orgs: new Map(orgs.map((o) => [o.id, o])),
    unlocks: new Set(),
    members: new Map([
      [FABRIC_MEMBER, { profileId: FABRIC_MEMBER, available: d('250'), pending: 0n, updatedAt: new Date(0) }],
    ]),
  };
}
