/**
 * Clean room seventeen's starting data: two orgs (cedar: negative balances off; delta: on), their
 * credentials, customers, bills and the fabric member. Amounts are kept in thousandths of a point
 * (no program has more than 3 round decimals), so arithmetic stays exact.
 */

export const SCALE = 1000;

export interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

export interface Customer {
  readonly entityId: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Main (redeemable) points per enrolled program, thousandths. */
  readonly main: Map<number, number>;
  readonly awards: readonly number[];
}

export interface BillLine {
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly programId: number;
  readonly points: number;
  readonly category: 'delayed' | 'external';
  unlocked: boolean;
}

export interface Bill {
  readonly customer: Customer;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: BillLine[];
}

export interface Org {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly programs: readonly Program[];
  readonly defaultProgramId: number;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: readonly { id: number; identifier: string; programId: number }[];
}

/** An OAuth client or Basic till: which org, and whether it has the Points access group. */
export interface Principal {
  readonly org: string;
  readonly points: boolean;
}

/** Basic tills: username → md5 hex of the password is checked (DESIGN: username:md5(password)). */
export const TILLS: Record<string, Principal & { password: string }> = {
  'cr17.cedar.till': { org: 'cedar', points: true, password: 'cedar-till-pass' },
};

/** OAuth clients by key. */
export const OAUTH_CLIENTS: Record<string, Principal & { secret: string }> = {
  'cr17-cedar-app': { org: 'cedar', points: true, secret: 'cedar-app-secret' },
  'cr17-cedar-viewer': { org: 'cedar', points: false, secret: 'cedar-viewer-secret' },
  'cr17-delta-app': { org: 'delta', points: true, secret: 'delta-app-secret' },
};

export const FABRIC_TOKEN = 'cr17-fabric-token';
export const FABRIC_MEMBER = 'f17e0a7e-1d2c-4b3a-8e9f-17a0c0ffee17';
/** The fabric member's available points at start, hundredths. */
export const FABRIC_START = 250_000;

const p = (points: number) => Math.round(points * SCALE);

function customer(
  entityId: number,
  identifiers: Record<string, string>,
  main: [number, number][],
  awards: number[] = [],
): Customer {
  return {
    entityId,
    identifiers,
    main: new Map(main.map(([program, points]) => [program, p(points)])),
    awards,
  };
}

function line(
  programId: number,
  points: number,
  category: BillLine['category'],
  item?: [number, string],
): BillLine {
  return {
    programId,
    points: p(points),
    category,
    unlocked: false,
    ...(item ? { lineItemId: item[0], itemCode: item[1] } : {}),
  };
}

/** Fresh data for one provider. */
export function seedOrgs(): Map<string, Org> {
  const cora = customer(
    17001,
    { mobile: '447700170001', externalId: 'C-0001', email: 'cora@cedar.test', id: '17001' },
    [
      [1701, 500],
      [1702, 300],
    ],
    [17901],
  );
  const cyrus = customer(
    17002,
    { mobile: '447700170002', externalId: 'C-0002', id: '17002' },
    [[1701, 120.5]],
    [17902],
  );
  const dana = customer(18001, { mobile: '447700180001', externalId: 'D-0001', id: '18001' }, [
    [1802, 250.5],
    [1801, 75.125],
  ]);
  const dario = customer(18002, { mobile: '447700180002', externalId: 'D-0002', id: '18002' }, [[1802, 40]]);
  const cedar: Org = {
    id: 'cedar',
    negativeBalanceOnReturn: false,
    programs: [
      { id: 1701, roundDecimals: 2 },
      { id: 1702, roundDecimals: 0 },
    ],
    defaultProgramId: 1701,
    customers: [cora, cyrus],
    bills: [
      {
        customer: cora,
        billNumber: 'C-BILL-1',
        eventName: 'TransactionAdd',
        eventLogId: 170001,
        lines: [
          line(1701, 15.5, 'delayed', [17101, 'CA-1']),
          line(1702, 20, 'delayed', [17102, 'CA-2']),
          line(1701, 5, 'external'),
        ],
      },
      {
        customer: cyrus,
        billNumber: 'C-BILL-2',
        eventName: 'TransactionUpdate',
        eventLogId: 170002,
        lines: [line(1701, 12.25, 'delayed')],
      },
      {
        customer: cora,
        billNumber: 'C-BILL-3',
        eventName: 'TransactionAdd',
        eventLogId: 170003,
        lines: [line(1701, 8, 'external'), line(1701, 2, 'delayed', [17103, 'CA-3'])],
      },
    ],
    promotions: [{ id: 17501, identifier: 'AUTUMN-17', programId: 1701 }],
  };
  const delta: Org = {
    id: 'delta',
    negativeBalanceOnReturn: true,
    programs: [
      { id: 1801, roundDecimals: 3 },
      { id: 1802, roundDecimals: 1 },
    ],
    defaultProgramId: 1802,
    customers: [dana, dario],
    bills: [
      {
        customer: dana,
        billNumber: 'D-BILL-1',
        eventName: 'TransactionAdd',
        eventLogId: 180001,
        lines: [line(1802, 10.5, 'delayed', [18101, 'DA-1']), line(1801, 3.375, 'external', [18102, 'DA-2'])],
      },
      {
        customer: dario,
        billNumber: 'D-BILL-2',
        eventName: 'TransactionAdd',
        eventLogId: 180002,
        lines: [line(1802, 6, 'delayed')],
      },
    ],
    promotions: [],
  };
  return new Map([
    ['cedar', cedar],
    ['delta', delta],
  ]);
}
