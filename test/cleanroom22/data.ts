import { add, type Dec, dec, ZERO } from './decimal.ts';

/**
 * Clean room twenty-two's own data (declared in profile.yaml): org tisza (negative balances off,
 * dual eligibility with mobile as the primary identifier, programs of 2, 1 and 0 round decimals)
 * and org drava (negative balances on, no dual eligibility, programs of 3 and 0), and one fabric
 * member. Built fresh for each provider: the ledger is mutated by the handlers.
 */

export type Category = 'delayed' | 'external';

export interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

/** One program's points of a customer: main (redeemable) and the two kinds of promised points. */
export interface Account {
  main: Dec;
  delayed: Dec;
  external: Dec;
}

export interface Customer {
  /** An int64: in the strictest reading a snowflake ID past 2^53, written exactly. */
  readonly entityId: bigint;
  /** identifierName → value, as stored (compared with ==, as a Go map lookup does). */
  readonly identifiers: Readonly<Record<string, string>>;
  readonly accounts: Map<number, Account>;
}

export interface Promotion {
  readonly id: number;
  readonly identifier: string;
  readonly name: string;
  readonly programId: number;
}

/** A line of promised points: an item line, the bill's own points (no item), or a promotion's. */
export interface BillLine {
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly programId: number;
  readonly points: Dec;
  readonly category: Category;
  readonly promotion?: Promotion;
  locked: boolean;
}

export interface Bill {
  readonly billNumber: string;
  readonly customer: Customer;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: BillLine[];
}

export interface Credential {
  readonly org: Org;
  /** Tills and apps without the Points access group may read and unlock, not deduct. */
  readonly points: boolean;
}

export interface Org {
  readonly id: string;
  readonly negativeOnReturn: boolean;
  /** The primary identifier when dual eligibility is on. */
  readonly primary?: string;
  readonly programs: readonly Program[];
  readonly defaultProgram: number;
  readonly customers: readonly Customer[];
  readonly bills: readonly Bill[];
  readonly promotions: readonly Promotion[];
  readonly pointsAwardedIds: readonly number[];
}

export interface Tables {
  readonly orgs: readonly Org[];
  /** Basic: username → md5hex(password) and what it may do. */
  readonly tills: ReadonlyMap<string, { md5: string; cred: Credential }>;
  /** OAuth clients: key → secret and what it may do. */
  readonly apps: ReadonlyMap<string, { secret: string; cred: Credential }>;
  readonly fabric: { token: string; members: Map<string, { available: Dec; pending: Dec }> };
}

/** A program's points: main, and promised points of no declared bill (external trigger, delayed accrual). */
type Seed = [program: number, main: string, external?: string, delayed?: string];
type LineSeed = [
  lineItemId: number | null,
  itemCode: string | null,
  program: number,
  points: string,
  category?: Category,
];

/** Customer IDs as the service issues them: its own sequence, or snowflake IDs (past 2^53). */
type IdOf = (sequence: number) => bigint;
const SNOWFLAKE_EPOCH = 1866412345600000000n;

function customer(entityId: bigint, identifiers: Record<string, string>, seeds: Seed[]): Customer {
  const accounts = new Map<number, Account>();
  for (const [program, main, external, delayed] of seeds)
    accounts.set(program, { main: dec(main), delayed: dec(delayed ?? '0'), external: dec(external ?? '0') });
  return { entityId, identifiers: { id: String(entityId), ...identifiers }, accounts };
}

function bill(
  who: Customer,
  billNumber: string,
  eventName: string,
  eventLogId: number,
  seeds: LineSeed[],
  promo?: [Promotion, string, Category],
): Bill {
  const lines: BillLine[] = seeds.map(([lineItemId, itemCode, programId, points, category]) => ({
    ...(lineItemId === null ? {} : { lineItemId }),
    ...(itemCode === null ? {} : { itemCode }),
    programId,
    points: dec(points),
    category: category ?? 'delayed',
    locked: true,
  }));
  if (promo)
    lines.push({
      programId: promo[0].programId,
      points: dec(promo[1]),
      category: promo[2],
      promotion: promo[0],
      locked: true,
    });
  // The promised balance is what the bills still hold, plus any promised points of no declared bill.
  for (const line of lines) {
    const account = who.accounts.get(line.programId) as Account;
    account[line.category] = add(account[line.category], line.points);
  }
  return { billNumber, customer: who, eventName, eventLogId, lines };
}

function tisza(id: IdOf): Org {
  const anna = customer(
    id(7100000001),
    {
      mobile: '36201220001',
      email: 'anna.kovacs@tisza.test',
      externalId: 'TZ-22-ANNA',
      cuid: 'cu-22-anna',
      primaryUserId: 'pu-22-anna',
    },
    [
      [7101, '2480.75', '7.5'],
      [7102, '310.5'],
      [7103, '95'],
    ],
  );
  const bela = customer(
    id(7100000002),
    { mobile: '36201220002', email: 'bela@tisza.test', externalId: 'TZ-22-BELA' },
    [
      [7102, '640.5', '12.5', '6.5'],
      [7101, '150.25', '3', '20.25'],
    ],
  );
  const csilla = customer(
    id(7100000003),
    { mobile: '36201220003', email: 'csalad@tisza.test', externalId: 'TZ-22-CSILLA' },
    [[7101, '500']],
  );
  const dora = customer(
    id(7100000004),
    { mobile: '36201220004', email: 'csalad@tisza.test', externalId: 'TZ-22-DORA' },
    [[7101, '275.5']],
  );
  const emil = customer(
    id(7100000005),
    { mobile: '36201220005', email: 'emil@tisza.test', externalId: 'TZ-22-EMIL' },
    [[7101, '88.8']],
  );
  const tavasz: Promotion = { id: 71501, identifier: 'TAVASZ-22', name: 'Tavasz 22', programId: 7101 };
  return {
    id: 'tisza',
    negativeOnReturn: false,
    primary: 'mobile',
    programs: [
      { id: 7101, roundDecimals: 2 },
      { id: 7102, roundDecimals: 1 },
      { id: 7103, roundDecimals: 0 },
    ],
    defaultProgram: 7101,
    customers: [anna, bela, csilla, dora, emil],
    bills: [
      bill(
        anna,
        'TZ-B-2201',
        'TransactionAdd',
        7220001,
        [
          [722011, 'HU-PAPRIKA', 7101, '40.5'],
          [722012, 'HU-TOKAJ', 7101, '25'],
          [null, null, 7101, '12.25'],
        ],
        [tavasz, '15', 'external'],
      ),
      bill(anna, 'TZ-B-2202', 'TransactionAdd', 7220002, [
        [722021, 'HU-SALAMI', 7102, '30.5'],
        [722022, 'HU-PALINKA', 7102, '8', 'external'],
      ]),
      bill(csilla, 'TZ-B-2203', 'TransactionAdd', 7220003, [
        [null, null, 7101, '45'],
        [722031, 'HU-LANGOS', 7101, '5.5'],
      ]),
      bill(dora, 'TZ-B-2204', 'TransactionUpdate', 7220004, [[722041, 'HU-GULYAS', 7101, '20', 'external']]),
    ],
    promotions: [tavasz],
    pointsAwardedIds: [71901],
  };
}

function drava(id: IdOf): Org {
  const jozsef = customer(
    id(7200000001),
    { mobile: '36301220001', email: 'jozsef@drava.test', externalId: 'DR-22-JOZSEF' },
    [
      [7201, '1200.125', '2.5'],
      [7202, '400', '7'],
    ],
  );
  const kata = customer(
    id(7200000002),
    { mobile: '36301220002', email: 'otthon@drava.test', externalId: 'DR-22-KATA' },
    [[7201, '60']],
  );
  const lili = customer(
    id(7200000003),
    { mobile: '36301220003', email: 'otthon@drava.test', externalId: 'DR-22-LILI' },
    [[7201, '33.3']],
  );
  const osz: Promotion = { id: 72501, identifier: 'OSZ-22', name: 'Osz 22', programId: 7201 };
  return {
    id: 'drava',
    negativeOnReturn: true,
    programs: [
      { id: 7201, roundDecimals: 3 },
      { id: 7202, roundDecimals: 0 },
    ],
    defaultProgram: 7201,
    customers: [jozsef, kata, lili],
    bills: [
      bill(
        jozsef,
        'DR-B-2201',
        'TransactionAdd',
        7320001,
        [
          [732011, 'DR-KAVE', 7201, '18.5'],
          [732012, 'DR-TEA', 7201, '6.25'],
        ],
        [osz, '4', 'delayed'],
      ),
      bill(jozsef, 'DR-B-2202', 'TransactionAdd', 7320002, [[732021, 'DR-BOR', 7202, '10']]),
      bill(kata, 'DR-B-2203', 'TransactionAdd', 7320003, [[null, null, 7201, '22']]),
      bill(lili, 'DR-B-2204', 'TransactionAdd', 7320004, [[null, null, 7201, '9', 'external']]),
    ],
    promotions: [osz],
    pointsAwardedIds: [72901],
  };
}

export const FABRIC_TOKEN = 'cr22-fabric-token';
export const FABRIC_MEMBER = '5b0c9e4d-2222-4c22-b222-0e22c0ffee22';

export function freshTables(md5: (text: string) => string, snowflakeIds = false): Tables {
  const id: IdOf = snowflakeIds ? (sequence) => SNOWFLAKE_EPOCH + BigInt(sequence) : BigInt;
  const [t, d] = [tisza(id), drava(id)];
  return {
    orgs: [t, d],
    tills: new Map([
      ['tisza.till01', { md5: md5('tisza-till-secret'), cred: { org: t, points: true } }],
      ['tisza.kiosk', { md5: md5('tisza-kiosk-secret'), cred: { org: t, points: false } }],
      ['drava.till01', { md5: md5('drava-till-secret'), cred: { org: d, points: true } }],
    ]),
    apps: new Map([
      ['cr22-tisza-app', { secret: 'tisza-app-secret', cred: { org: t, points: true } }],
      ['cr22-drava-app', { secret: 'drava-app-secret', cred: { org: d, points: true } }],
      ['cr22-drava-viewer', { secret: 'drava-viewer-secret', cred: { org: d, points: false } }],
    ]),
    fabric: {
      token: FABRIC_TOKEN,
      members: new Map([[FABRIC_MEMBER, { available: dec('5000'), pending: ZERO }]]),
    },
  };
}
