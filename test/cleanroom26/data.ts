/**
 * The service's MySQL rows, seeded per start: two orgs (negative balances off and on), programs of
 * 2, 0 and 3 round decimals, customers, bills whose promised lines fall in two programs. Points
 * are held in thousandths (DECIMAL(15,3)); TypeORM's bigint ids are strings here, numbers on the wire.
 */
export type Identifiers = Readonly<Record<string, string>>;

export interface Customer {
  readonly id: string;
  readonly identifiers: Identifiers;
  readonly programs: readonly number[];
  readonly main: Map<number, number>;
  readonly delayed: Map<number, number>;
  readonly external: Map<number, number>;
}

export interface Line {
  readonly programId: number;
  readonly points: number;
  readonly itemCode?: string;
  readonly lineItemId?: number;
  readonly promotion?: { readonly id: number; readonly identifier: string; readonly name: string };
  unlocked: boolean;
}

export interface Bill {
  readonly billNumber: string;
  readonly customerId: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: Line[];
}

export interface Org {
  readonly id: string;
  readonly negativeBalance: boolean;
  readonly defaultProgram: number;
  readonly decimals: ReadonlyMap<number, number>;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotion: { readonly id: number; readonly identifier: string; readonly programId: number };
  readonly pointsAwardedId: number;
  dualPrimary?: string;
}

export interface Credential {
  readonly org: Org;
  /** Whether the till's access groups hold Points. */
  readonly points: boolean;
}

export const FABRIC_TOKEN = 'cr26-fabric-token';
export const FABRIC_MEMBER = '26b1c0de-4e5f-4a26-8b26-2626c0ffee26';

const customer = (
  id: string,
  identifiers: Identifiers,
  balances: Record<number, [number, number, number]>,
): Customer => {
  const entries = Object.entries(balances).map(([p, v]) => [Number(p), v] as const);
  return {
    id,
    identifiers: { ...identifiers, id },
    programs: entries.map(([p]) => p),
    main: new Map(entries.map(([p, [m]]) => [p, m])),
    delayed: new Map(entries.map(([p, [, d]]) => [p, d])),
    external: new Map(entries.map(([p, [, , e]]) => [p, e])),
  };
};

const line = (programId: number, points: number, extra: Omit<Partial<Line>, 'unlocked'> = {}): Line => ({
  programId,
  points,
  unlocked: false,
  ...extra,
});

function shinano(): Org {
  const promotion = { id: 26501, identifier: 'SHINANO-HARU', name: 'Spring at Shinano' };
  return {
    id: 'shinano',
    negativeBalance: false,
    defaultProgram: 2601,
    decimals: new Map([
      [2601, 2],
      [2602, 0],
      [2603, 3],
    ]),
    customers: [
      customer(
        '260001',
        {
          mobile: '819026000001',
          email: 'aoi@shinano.test',
          externalId: 'SN-AOI',
          cuid: 'cu-260001',
          primaryUserId: 'pu-260001',
        },
        { 2601: [1520_250, 33_000, 4_000], 2602: [300_000, 12_000, 0], 2603: [88_125, 0, 0] },
      ),
      customer(
        '260002',
        { mobile: '819026000002', email: 'ren@shinano.test', externalId: 'SN-REN' },
        {
          2601: [640_000, 0, 0],
          2603: [75_500, 0, 0],
        },
      ),
      customer(
        '260003',
        { mobile: '819026000003', email: 'yui@shinano.test', externalId: 'SN-YUI' },
        {
          2601: [42_750, 0, 0],
        },
      ),
      customer(
        '260004',
        { mobile: '819026000004', email: 'kazoku@shinano.test', externalId: 'SN-HARU' },
        {
          2601: [210_000, 13_500, 0],
          2602: [90_000, 6_000, 0],
        },
      ),
      customer(
        '260005',
        { mobile: '819026000005', email: 'kazoku@shinano.test', externalId: 'SN-MEI' },
        {
          2601: [55_000, 8_000, 0],
        },
      ),
    ],
    bills: [
      {
        billNumber: 'SN-R-0001',
        customerId: '260001',
        eventName: 'TransactionAdd',
        eventLogId: 9260001,
        lines: [
          line(2601, 6_000),
          line(2601, 12_500, { itemCode: 'SOBA', lineItemId: 926011 }),
          line(2601, 9_500, { itemCode: 'MISO', lineItemId: 926012 }),
          line(2601, 5_000, { promotion }),
        ],
      },
      {
        billNumber: 'SN-R-0002',
        customerId: '260001',
        eventName: 'TransactionAdd',
        eventLogId: 9260002,
        lines: [line(2602, 12_000)],
      },
      {
        billNumber: 'SN-R-0003',
        customerId: '260004',
        eventName: 'TransactionAdd',
        eventLogId: 9260003,
        lines: [line(2601, 11_500), line(2602, 6_000), line(2601, 2_000, { promotion })],
      },
      {
        billNumber: 'SN-R-0004',
        customerId: '260005',
        eventName: 'TransactionUpdate',
        eventLogId: 9260004,
        lines: [line(2601, 8_000)],
      },
    ],
    promotion: { id: promotion.id, identifier: promotion.identifier, programId: 2601 },
    pointsAwardedId: 26901,
  };
}

function hokuriku(): Org {
  const promotion = { id: 26551, identifier: 'HOKURIKU-AKI', name: 'Autumn in Hokuriku' };
  return {
    id: 'hokuriku',
    negativeBalance: true,
    defaultProgram: 2651,
    decimals: new Map([
      [2651, 3],
      [2652, 0],
    ]),
    customers: [
      customer(
        '265001',
        {
          mobile: '819026500001',
          email: 'sora@hokuriku.test',
          externalId: 'HK-SORA',
          cuid: 'cu-265001',
          primaryUserId: 'pu-265001',
        },
        { 2651: [980_125, 21_000, 0], 2652: [150_000, 7_000, 0] },
      ),
      customer(
        '265002',
        { mobile: '819026500002', email: 'ie@hokuriku.test', externalId: 'HK-RIKU' },
        {
          2651: [120_000, 9_250, 0],
        },
      ),
      customer(
        '265003',
        { mobile: '819026500003', email: 'ie@hokuriku.test', externalId: 'HK-NAO' },
        {
          2651: [30_000, 4_000, 0],
        },
      ),
    ],
    bills: [
      {
        billNumber: 'HK-R-0001',
        customerId: '265001',
        eventName: 'TransactionAdd',
        eventLogId: 9265001,
        lines: [
          line(2651, 4_000),
          line(2651, 7_250, { itemCode: 'KANI', lineItemId: 965011 }),
          line(2651, 6_750, { itemCode: 'SAKE', lineItemId: 965012 }),
          line(2651, 3_000, { promotion }),
        ],
      },
      {
        billNumber: 'HK-R-0002',
        customerId: '265001',
        eventName: 'TransactionAdd',
        eventLogId: 9265002,
        lines: [line(2652, 7_000)],
      },
      {
        billNumber: 'HK-R-0003',
        customerId: '265002',
        eventName: 'TransactionAdd',
        eventLogId: 9265003,
        lines: [line(2651, 9_250)],
      },
      {
        billNumber: 'HK-R-0004',
        customerId: '265003',
        eventName: 'TransactionAdd',
        eventLogId: 9265004,
        lines: [line(2651, 4_000)],
      },
    ],
    promotion: { id: promotion.id, identifier: promotion.identifier, programId: 2651 },
    pointsAwardedId: 26951,
  };
}

export interface Store {
  readonly orgs: readonly Org[];
  /** Basic username → md5 of the password, and the till's rights. */
  readonly tills: ReadonlyMap<string, { readonly md5: string; readonly credential: Credential }>;
  /** OAuth app key → secret and rights. */
  readonly apps: ReadonlyMap<string, { readonly secret: string; readonly credential: Credential }>;
  readonly tokens: Map<string, Credential>;
}

export function seed(md5: (text: string) => string, dualPrimary?: string): Store {
  const a = shinano();
  const b = hokuriku();
  if (dualPrimary) a.dualPrimary = dualPrimary;
  const till = (org: Org, password: string, points = true) => ({
    md5: md5(password),
    credential: { org, points },
  });
  const app = (org: Org, secret: string, points = true) => ({ secret, credential: { org, points } });
  return {
    orgs: [a, b],
    tills: new Map([
      ['shinano.register01', till(a, 'shinano-register-pass')],
      ['shinano.kiosk', till(a, 'shinano-kiosk-pass', false)],
      ['hokuriku.register01', till(b, 'hokuriku-register-pass')],
    ]),
    apps: new Map([
      ['cr26-shinano-app', app(a, 'shinano-app-secret')],
      ['cr26-hokuriku-app', app(b, 'hokuriku-app-secret')],
      ['cr26-hokuriku-viewer', app(b, 'hokuriku-viewer-secret', false)],
    ]),
    tokens: new Map(),
  };
}
