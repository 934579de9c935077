/**
 * The clean room's own data, as rows of its Oracle schema would hold them: two orgs (Basic and
 * OAuth), programs with 4, 0, 1 and 3 round decimals, customers with Java `long` entity ids, bills
 * with promised points on lines of two programs and a promotion's. Amounts in ten-thousandths
 * (NUMBER(15,4)). Public test credentials of this provider, not secrets.
 */
export type CategoryName = 'delayed' | 'external';

export interface Credential {
  readonly scheme: 'basic' | 'oauth';
  /** Till username, or OAuth client key. */
  readonly name: string;
  readonly secret: string;
  /** Whether the till's access groups include Points. */
  readonly points: boolean;
}

export interface Promotion {
  readonly id: number;
  readonly identifier: string;
  readonly name: string;
  readonly programId: number;
}

export interface PromisedLine {
  readonly programId: number;
  readonly points: bigint;
  readonly category: CategoryName;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: Promotion;
  unlocked: boolean;
}

export interface Bill {
  readonly billNumber: string;
  readonly entityId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: PromisedLine[];
}

export interface Customer {
  readonly entityId: number;
  /** Identifier name → value, compared case-sensitively (VARCHAR2 columns). */
  readonly identifiers: Readonly<Record<string, string>>;
  /** Main points per enrolled program. */
  readonly main: Map<number, bigint>;
}

export interface Org {
  readonly id: string;
  readonly negativeOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly roundDecimals: ReadonlyMap<number, number>;
  /** Dual eligibility's primary identifier, when the org has it on. */
  dualPrimary?: string;
  readonly credentials: readonly Credential[];
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: readonly Promotion[];
  readonly awardIds: ReadonlySet<number>;
}

export interface FabricMember {
  readonly profileId: string;
  available: bigint;
  pending: bigint;
}

const pts = (text: string): bigint => {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * 10_000n + BigInt(fraction.padEnd(4, '0'));
};

const customer = (
  entityId: number,
  identifiers: Record<string, string>,
  main: Record<number, string>,
): Customer => ({
  entityId,
  identifiers: { id: String(entityId), ...identifiers },
  main: new Map(Object.entries(main).map(([p, v]) => [Number(p), pts(v)])),
});

const line = (
  programId: number,
  points: string,
  more: Partial<Omit<PromisedLine, 'programId' | 'points' | 'unlocked'>> = {},
): PromisedLine => ({ programId, points: pts(points), category: 'delayed', ...more, unlocked: false });

export const FABRIC_TOKEN = 'cr33-fabric-token';
export const FABRIC_MEMBER = '33ab0d1e-5c2f-4e33-a033-0d33feed3333';

function heron(): Org {
  const winter: Promotion = {
    id: 73501,
    identifier: 'HR-WINTER',
    name: 'Winter double points',
    programId: 7301,
  };
  return {
    id: 'heron',
    negativeOnReturn: false,
    defaultProgramId: 7301,
    roundDecimals: new Map([
      [7301, 4],
      [7302, 0],
    ]),
    credentials: [
      { scheme: 'basic', name: 'heron.till07', secret: 'heron-till-pass', points: true },
      { scheme: 'oauth', name: 'cr33-heron-app', secret: 'heron-app-secret', points: true },
      { scheme: 'basic', name: 'heron.kiosk', secret: 'heron-kiosk-pass', points: false },
    ],
    customers: [
      customer(
        730001,
        {
          mobile: '447911000101',
          email: 'ada@heron.example',
          externalId: 'HR-ADA',
          cuid: 'cu-730001',
          primaryUserId: 'pu-730001',
        },
        { 7301: '4820.5', 7302: '310' },
      ),
      customer(
        730002,
        { mobile: '447911000102', email: 'bruno@heron.example', externalId: 'HR-BRUNO' },
        { 7301: '96.1234' },
      ),
      customer(
        730003,
        { mobile: '447911000103', email: 'chloe@heron.example', externalId: 'HR-CHLOE' },
        { 7301: '40.5' },
      ),
      customer(
        730004,
        { mobile: '447911000199', email: 'dario@heron.example', externalId: 'HR-DARIO' },
        { 7301: '150', 7302: '25' },
      ),
      customer(
        730005,
        { mobile: '447911000199', email: 'elena@heron.example', externalId: 'HR-ELENA' },
        { 7301: '75.25' },
      ),
    ],
    bills: [
      {
        billNumber: 'HB-5001',
        entityId: 730001,
        eventName: 'TransactionAdd',
        eventLogId: 9730101,
        lines: [
          line(7301, '20'),
          line(7301, '6.25', { lineItemId: 830011, itemCode: 'OAT-LATTE' }),
          line(7301, '3.125', { lineItemId: 830012, itemCode: 'SCONE' }),
          line(7301, '5', { category: 'external', promotion: winter }),
        ],
      },
      {
        billNumber: 'HB-5002',
        entityId: 730001,
        eventName: 'TransactionAdd',
        eventLogId: 9730102,
        lines: [line(7302, '40'), line(7301, '12.6755', { lineItemId: 830021, itemCode: 'KETTLE' })],
      },
      {
        billNumber: 'HB-5003',
        entityId: 730002,
        eventName: 'TransactionAdd',
        eventLogId: 9730103,
        lines: [line(7301, '15.5'), line(7301, '3', { category: 'external', promotion: winter })],
      },
      {
        billNumber: 'HB-5004',
        entityId: 730004,
        eventName: 'TransactionUpdate',
        eventLogId: 9730104,
        lines: [line(7301, '8')],
      },
    ],
    promotions: [winter],
    awardIds: new Set([73901]),
  };
}

function ibis(): Org {
  const harvest: Promotion = { id: 73551, identifier: 'IB-HARVEST', name: 'Harvest bonus', programId: 7351 };
  return {
    id: 'ibis',
    negativeOnReturn: true,
    defaultProgramId: 7351,
    roundDecimals: new Map([
      [7351, 1],
      [7352, 3],
    ]),
    credentials: [
      { scheme: 'oauth', name: 'cr33-ibis-app', secret: 'ibis-app-secret', points: true },
      { scheme: 'basic', name: 'ibis.till02', secret: 'ibis-till-pass', points: true },
      { scheme: 'oauth', name: 'cr33-ibis-audit', secret: 'ibis-audit-secret', points: false },
    ],
    customers: [
      customer(
        735001,
        {
          mobile: '447911000201',
          email: 'finn@ibis.example',
          externalId: 'IB-FINN',
          cuid: 'cu-735001',
          primaryUserId: 'pu-735001',
        },
        { 7351: '2200.5', 7352: '64.125' },
      ),
      customer(
        735002,
        { mobile: '447911000202', email: 'greta@ibis.example', externalId: 'IB-GRETA' },
        { 7351: '88' },
      ),
      customer(
        735003,
        { mobile: '447911000299', email: 'hugo@ibis.example', externalId: 'IB-HUGO' },
        { 7351: '31.5' },
      ),
      customer(
        735004,
        { mobile: '447911000299', email: 'iris@ibis.example', externalId: 'IB-IRIS' },
        { 7351: '12.5' },
      ),
    ],
    bills: [
      {
        billNumber: 'IB-9001',
        entityId: 735001,
        eventName: 'TransactionAdd',
        eventLogId: 9735101,
        lines: [
          line(7351, '14.5'),
          line(7351, '2.5', { lineItemId: 880011, itemCode: 'TRAIL-MIX' }),
          line(7351, '7', { lineItemId: 880012, itemCode: 'FLASK' }),
          line(7351, '4', { category: 'external', promotion: harvest }),
        ],
      },
      {
        billNumber: 'IB-9002',
        entityId: 735001,
        eventName: 'TransactionAdd',
        eventLogId: 9735102,
        lines: [line(7352, '9.875'), line(7351, '3.5', { lineItemId: 880021, itemCode: 'LANTERN' })],
      },
      {
        billNumber: 'IB-9003',
        entityId: 735002,
        eventName: 'TransactionAdd',
        eventLogId: 9735103,
        lines: [line(7351, '21')],
      },
      {
        billNumber: 'IB-9004',
        entityId: 735003,
        eventName: 'TransactionAdd',
        eventLogId: 9735104,
        lines: [line(7351, '6.5')],
      },
    ],
    promotions: [harvest],
    awardIds: new Set([73951]),
  };
}

/** A fresh schema: both orgs and the fabric member. */
export function seed(): { orgs: Org[]; member: FabricMember } {
  return {
    orgs: [heron(), ibis()],
    member: { profileId: FABRIC_MEMBER, available: pts('5000'), pending: 0n },
  };
}
