import { createHash } from 'node:crypto';
import { type Decimal, dec, zero } from './decimal.ts';

/**
 * The Phoenix service's seeds (priv/repo/seeds.exs): two orgs, their programs, tills, OAuth apps,
 * customers with their points per program, bills carrying promised points, and one fabric member.
 * Points are `numeric` columns rounded to the program's decimals, so each keeps that scale.
 */
export interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

export interface Org {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly programs: readonly Program[];
  /** The primary identifier when dual eligibility is on. */
  dualPrimary?: 'externalId' | 'mobile' | 'email';
  readonly promotions: readonly { id: number; identifier: string; programId: number; name: string }[];
}

export interface Points {
  main: Decimal;
  delayed: Decimal;
  external: Decimal;
}

export interface Customer {
  readonly id: number;
  readonly org: string;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Ecto's optimistic lock on the customer row. */
  lockVersion: number;
  readonly points: Map<number, Points>;
  readonly awards: readonly number[];
}

export interface BillLine {
  readonly programId: number;
  readonly points: Decimal;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotionId?: number;
  unlocked: boolean;
}

export interface Bill {
  readonly org: string;
  readonly customerId: number;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: BillLine[];
}

export interface Credential {
  readonly org: string;
  /** Whether the till or app holds the Points access group. */
  readonly points: boolean;
}

export interface FabricMember {
  available: Decimal;
  pending: Decimal;
}

export interface Db {
  readonly orgs: Map<string, Org>;
  readonly customers: Customer[];
  readonly bills: Bill[];
  /** `username:md5(password)` → till. */
  readonly tills: Map<string, Credential>;
  /** OAuth key → secret and app. */
  readonly apps: Map<string, { secret: string; credential: Credential }>;
  readonly tokens: Map<string, Credential>;
  readonly fabricMembers: Map<string, FabricMember>;
}

export const FABRIC_TOKEN = 'cr27-fabric-token';
export const FABRIC_MEMBER = '27d0e1f2-a3b4-4c27-9d27-2727c0ffee27';

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

function programs(org: Org, entries: Record<number, [string, string?, string?]>): Map<number, Points> {
  const points = new Map<number, Points>();
  for (const [id, [main, delayed, external]] of Object.entries(entries)) {
    const scale = org.programs.find((p) => p.id === Number(id))?.roundDecimals ?? 0;
    points.set(Number(id), {
      main: dec(main),
      delayed: delayed === undefined ? zero(scale) : dec(delayed),
      external: external === undefined ? zero(scale) : dec(external),
    });
  }
  return points;
}

const line = (programId: number, points: string, more: Partial<BillLine> = {}): BillLine => ({
  programId,
  points: dec(points),
  unlocked: false,
  ...more,
});

export function seed(dualPrimary?: 'externalId'): Db {
  const krakow: Org = {
    id: 'krakow',
    negativeBalanceOnReturn: false,
    defaultProgramId: 2701,
    programs: [
      { id: 2701, roundDecimals: 2 },
      { id: 2702, roundDecimals: 0 },
      { id: 2703, roundDecimals: 3 },
    ],
    promotions: [{ id: 27501, identifier: 'KRAKOW-LATO', programId: 2701, name: 'Lato w Krakowie' }],
    ...(dualPrimary === undefined ? {} : { dualPrimary }),
  };
  const gdansk: Org = {
    id: 'gdansk',
    negativeBalanceOnReturn: true,
    defaultProgramId: 2751,
    programs: [
      { id: 2751, roundDecimals: 0 },
      { id: 2752, roundDecimals: 2 },
    ],
    promotions: [{ id: 27551, identifier: 'GDANSK-JESIEN', programId: 2751, name: 'Jesien nad morzem' }],
  };
  const who = (
    id: number,
    org: Org,
    ids: Record<string, string>,
    points: Map<number, Points>,
    awards: number[] = [],
  ) =>
    ({
      id,
      org: org.id,
      identifiers: { id: String(id), ...ids },
      lockVersion: 1,
      points,
      awards,
    }) satisfies Customer;
  const customers: Customer[] = [
    who(
      270001,
      krakow,
      {
        mobile: '48270000001',
        email: 'ania@krakow.test',
        externalId: 'KR-ANIA',
        cuid: 'cu-270001',
        primaryUserId: 'pu-270001',
      },
      programs(krakow, { 2701: ['1510.25', '17.50', '5.00'], 2702: ['900', '40'], 2703: ['12.500'] }),
      [27901],
    ),
    who(
      270002,
      krakow,
      { mobile: '48270000002', email: 'bartek@krakow.test', externalId: 'KR-BARTEK' },
      programs(krakow, { 2701: ['320.40'], 2703: ['75.125'] }),
    ),
    who(
      270003,
      krakow,
      { mobile: '48270000003', email: 'celina@krakow.test', externalId: 'KR-CELINA' },
      programs(krakow, { 2701: ['60.00'] }),
    ),
    who(
      270004,
      krakow,
      { mobile: '48270000004', email: 'rodzina@krakow.test', externalId: 'KR-DOROTA' },
      programs(krakow, { 2701: ['210.00', '13.50'], 2702: ['30', '6'] }),
    ),
    who(
      270005,
      krakow,
      { mobile: '48270000005', email: 'rodzina@krakow.test', externalId: 'KR-EDYTA' },
      programs(krakow, { 2701: ['95.75', '26.00'] }),
    ),
    who(
      275001,
      gdansk,
      {
        mobile: '48275000001',
        email: 'franek@gdansk.test',
        externalId: 'GD-FRANEK',
        cuid: 'cu-275001',
        primaryUserId: 'pu-275001',
      },
      programs(gdansk, { 2751: ['2400', '35'], 2752: ['180.60', '12.00'] }),
      [27951],
    ),
    who(
      275002,
      gdansk,
      { mobile: '48275000002', email: 'dom@gdansk.test', externalId: 'GD-GOSIA' },
      programs(gdansk, { 2751: ['500', '20'] }),
    ),
    who(
      275003,
      gdansk,
      { mobile: '48275000003', email: 'dom@gdansk.test', externalId: 'GD-HENRYK' },
      programs(gdansk, { 2751: ['40', '15'] }),
    ),
  ];
  const bills: Bill[] = [
    {
      org: 'krakow',
      customerId: 270001,
      billNumber: 'KR-P-0001',
      eventName: 'TransactionAdd',
      eventLogId: 9270001,
      lines: [
        line(2701, '3.00'),
        line(2701, '8.50', { lineItemId: 927011, itemCode: 'PIEROGI' }),
        line(2701, '4.00', { lineItemId: 927012, itemCode: 'BIGOS' }),
        line(2701, '2.00', { promotionId: 27501 }),
      ],
    },
    {
      org: 'krakow',
      customerId: 270001,
      billNumber: 'KR-P-0002',
      eventName: 'TransactionAdd',
      eventLogId: 9270002,
      lines: [line(2702, '40')],
    },
    {
      org: 'krakow',
      customerId: 270004,
      billNumber: 'KR-P-0003',
      eventName: 'TransactionAdd',
      eventLogId: 9270003,
      lines: [
        line(2701, '11.50'),
        line(2702, '6', { lineItemId: 927031, itemCode: 'OSCYPEK' }),
        line(2701, '2.00', { promotionId: 27501 }),
      ],
    },
    {
      org: 'krakow',
      customerId: 270005,
      billNumber: 'KR-P-0004',
      eventName: 'TransactionUpdate',
      eventLogId: 9270004,
      lines: [
        line(2701, '10.00'),
        line(2701, '9.50', { lineItemId: 927041, itemCode: 'OBWARZANEK' }),
        line(2701, '6.50', { lineItemId: 927042, itemCode: 'KAWA' }),
      ],
    },
    {
      org: 'gdansk',
      customerId: 275001,
      billNumber: 'GD-P-0001',
      eventName: 'TransactionAdd',
      eventLogId: 9275001,
      lines: [
        line(2751, '5'),
        line(2751, '12', { lineItemId: 927511, itemCode: 'SLEDZ' }),
        line(2751, '8', { lineItemId: 927512, itemCode: 'BURSZTYN' }),
        line(2751, '10', { promotionId: 27551 }),
      ],
    },
    {
      org: 'gdansk',
      customerId: 275001,
      billNumber: 'GD-P-0002',
      eventName: 'TransactionAdd',
      eventLogId: 9275002,
      lines: [line(2752, '12.00')],
    },
    {
      org: 'gdansk',
      customerId: 275002,
      billNumber: 'GD-P-0003',
      eventName: 'TransactionAdd',
      eventLogId: 9275003,
      lines: [line(2751, '20')],
    },
    {
      org: 'gdansk',
      customerId: 275003,
      billNumber: 'GD-P-0004',
      eventName: 'TransactionAdd',
      eventLogId: 9275004,
      lines: [line(2751, '15')],
    },
  ];
  const k = (points: boolean): Credential => ({ org: 'krakow', points });
  const g = (points: boolean): Credential => ({ org: 'gdansk', points });
  return {
    orgs: new Map([
      ['krakow', krakow],
      ['gdansk', gdansk],
    ]),
    customers,
    bills,
    tills: new Map([
      [`krakow.kasa01:${md5('krakow-kasa-pass')}`, k(true)],
      [`krakow.kiosk:${md5('krakow-kiosk-pass')}`, k(false)],
      [`gdansk.kasa01:${md5('gdansk-kasa-pass')}`, g(true)],
    ]),
    apps: new Map([
      ['cr27-krakow-app', { secret: 'krakow-app-secret', credential: k(true) }],
      ['cr27-gdansk-app', { secret: 'gdansk-app-secret', credential: g(true) }],
      ['cr27-gdansk-viewer', { secret: 'gdansk-viewer-secret', credential: g(false) }],
    ]),
    tokens: new Map(),
    fabricMembers: new Map([[FABRIC_MEMBER, { available: dec('1250.0'), pending: dec('0.0') }]]),
  };
}
