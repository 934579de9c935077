/**
 * The vendor's data: two orgs of a Java/Spring Capillary-like service and one fabric tenant. Stored
 * identifiers are written as the vendor's own back office keeps them (mixed-case emails, mobiles
 * with `+` and spaces, an upper-case profileId); the profiles declare the plain forms, which the
 * vendor finds by its normalisation (identify.ts).
 */
import { points } from './decimal.ts';

export type Category = 'delayed' | 'external';

/** One promised entry of a bill: bill-level, a line item's, or a promotion's. */
export interface Promise19 {
  readonly programId: number;
  readonly points: bigint;
  readonly category: Category;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

export interface Bill19 {
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly entries: Promise19[];
}

export interface Customer19 {
  readonly id: string;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Main points per enrolled program. */
  readonly main: Map<number, bigint>;
  readonly bills: Bill19[];
}

export interface Org19 {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  /** Primary identifier under dual eligibility; undefined when it is off. */
  readonly primary?: string;
  readonly defaultProgramId: number;
  readonly roundDecimals: ReadonlyMap<number, number>;
  /** The scale its figures are written with (BigDecimal setScale), and pointsAvailable's form. */
  readonly scale: number;
  readonly pointsAvailableAsString: boolean;
  readonly customers: Customer19[];
  readonly promotion: { id: number; identifier: string; programId: number };
  readonly pointsAwardedId: number;
}

/** Credentials of a till (Basic) or an OAuth client, the org they open, and their access groups. */
export interface Client19 {
  readonly org: string;
  readonly points: boolean;
  readonly basic?: { username: string; password: string };
  readonly oauth?: { key: string; secret: string };
}

export const CLIENTS: readonly Client19[] = [
  { org: 'rhine', points: true, basic: { username: 'till.rhine', password: 'rhine-till-pw' } },
  { org: 'rhine', points: true, oauth: { key: 'cr19-rhine-app', secret: 'rhine-app-secret' } },
  { org: 'rhine', points: false, basic: { username: 'till.rhine.ro', password: 'rhine-ro-pw' } },
  { org: 'douro', points: true, oauth: { key: 'cr19-douro-app', secret: 'douro-app-secret' } },
  { org: 'douro', points: true, basic: { username: 'till.douro', password: 'douro-till-pw' } },
  { org: 'douro', points: false, oauth: { key: 'cr19-douro-viewer', secret: 'douro-viewer-secret' } },
];

function entry(
  programId: number,
  amount: string,
  category: Category,
  more: Partial<Promise19> = {},
): Promise19 {
  return { programId, points: points(amount), category, unlocked: false, ...more };
}

function customer(
  id: string,
  identifiers: Record<string, string>,
  main: Record<number, string>,
  bills: Bill19[] = [],
): Customer19 {
  const balances = new Map(Object.entries(main).map(([p, v]) => [Number(p), points(v)] as const));
  return { id, identifiers: { id, ...identifiers }, main: balances, bills };
}

function rhine(): Org19 {
  const autumn = { id: 19501, identifier: 'AUTUMN-19', name: 'Autumn double points' };
  return {
    id: 'rhine',
    negativeBalanceOnReturn: false,
    primary: 'externalId',
    defaultProgramId: 1901,
    roundDecimals: new Map([
      [1901, 4],
      [1902, 1],
    ]),
    scale: 4,
    pointsAvailableAsString: false,
    promotion: { id: 19501, identifier: 'AUTUMN-19', programId: 1901 },
    pointsAwardedId: 19901,
    customers: [
      customer(
        '19000001',
        {
          externalId: 'R19-LENA',
          mobile: '+49 151 1900 0001',
          email: 'Lena.Berg@Rhine.TEST',
          cuid: 'cu-19-lena',
          primaryUserId: 'pu-19-lena',
        },
        { 1901: '1250.5', 1902: '300' },
        [
          {
            billNumber: 'RH/2026/0001',
            eventName: 'TransactionAdd',
            eventLogId: 190001,
            entries: [
              entry(1901, '12.5', 'delayed'),
              entry(1901, '20.25', 'delayed', { lineItemId: 190011, itemCode: 'sku-19a' }),
              entry(1901, '7.0005', 'external', { lineItemId: 190012, itemCode: 'sku-19b' }),
              entry(1901, '5', 'external', { promotion: autumn }),
            ],
          },
          {
            billNumber: 'RH/2026/0002',
            eventName: 'TransactionAdd',
            eventLogId: 190002,
            entries: [
              entry(1901, '3', 'delayed'),
              entry(1902, '15.5', 'external', { lineItemId: 190021, itemCode: 'sku-19c' }),
            ],
          },
        ],
      ),
      customer(
        '19000002',
        { externalId: 'R19-JONAS', mobile: '+49 151 1900 0099', email: 'Jonas@rhine.test' },
        { 1901: '400.75' },
        [
          {
            billNumber: 'RH/2026/0003',
            eventName: 'TransactionAdd',
            eventLogId: 190003,
            entries: [entry(1901, '30', 'delayed')],
          },
        ],
      ),
      customer(
        '19000003',
        { externalId: 'R19-MIA', mobile: '+49 151 1900 0099', email: 'MIA@rhine.test' },
        { 1901: '95' },
        [
          {
            billNumber: 'RH/2026/0004',
            eventName: 'TransactionUpdate',
            eventLogId: 190004,
            entries: [entry(1901, '8.25', 'external')],
          },
        ],
      ),
      customer('19000004', { externalId: 'R19-DRAIN', mobile: '+49 151 1900 0004' }, { 1901: '42.1234' }),
    ],
  };
}

function douro(): Org19 {
  const verao = { id: 19601, identifier: 'VERAO-19', name: 'Verão em dobro' };
  return {
    id: 'douro',
    negativeBalanceOnReturn: true,
    defaultProgramId: 1911,
    roundDecimals: new Map([
      [1911, 1],
      [1912, 4],
    ]),
    scale: 2,
    pointsAvailableAsString: true,
    promotion: { id: 19601, identifier: 'VERAO-19', programId: 1911 },
    pointsAwardedId: 19902,
    customers: [
      customer(
        '19100001',
        { externalId: 'D19-RUI', mobile: '351 912 190 001', email: 'Rui.Sousa@Douro.Test' },
        { 1911: '80.5', 1912: '10.1234' },
        [
          {
            billNumber: 'DO-19-0001',
            eventName: 'TransactionAdd',
            eventLogId: 191001,
            entries: [
              entry(1911, '4.5', 'external'),
              entry(1911, '11', 'delayed', { lineItemId: 191011, itemCode: 'PT-19-A' }),
              entry(1911, '2.5', 'delayed', { lineItemId: 191012, itemCode: 'PT-19-B' }),
              entry(1911, '6', 'delayed', { promotion: verao }),
            ],
          },
        ],
      ),
      customer(
        '19100002',
        { externalId: 'D19-INES', mobile: '351 912 190 002', email: 'FAMILY@Douro.test' },
        { 1911: '60' },
        [
          {
            billNumber: 'DO-19-0002',
            eventName: 'TransactionAdd',
            eventLogId: 191002,
            entries: [entry(1911, '9.5', 'external')],
          },
        ],
      ),
      customer(
        '19100003',
        { externalId: 'D19-TIAGO', mobile: '351 912 190 003', email: 'family@douro.TEST' },
        { 1911: '5.5' },
        [
          {
            billNumber: 'DO-19-0003',
            eventName: 'TransactionAdd',
            eventLogId: 191003,
            entries: [entry(1911, '3.5', 'delayed')],
          },
        ],
      ),
    ],
  };
}

/** Fresh state for one provider. */
export function orgs(): Map<string, Org19> {
  return new Map([rhine(), douro()].map((o) => [o.id, o]));
}

/** The fabric tenant's one member, its id stored upper-case (UUIDs are case-insensitive). */
export const FABRIC_TOKEN = 'cr19-fabric-token';
export const FABRIC_MEMBER = '9E1F0C2A-19AB-4CDE-8F19-0000C0FFEE19';
