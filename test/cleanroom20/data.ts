/**
 * The vendor's back office: two orgs of five and six programs (0–4 round decimals), customers with
 * points in one program only, promised points only in a non-default program, a bill whose lines
 * span three programs, and a fabric tenant with UUID members and reason codes of its own. Amounts
 * are integer ten-thousandths (the finest program has 4 decimals), as a NUMERIC(18,4) column.
 */

/** Ten-thousandths per point. */
export const UNIT_SCALE = 4;
export const pts = (text: string): number => Math.round(Number(text) * 10 ** UNIT_SCALE);

export type Category = 'delayed' | 'external';

/** One promised line of a bill. */
export interface BillLine {
  programId: number;
  units: number;
  category: Category;
  lineItemId?: number;
  itemCode?: string;
  promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

export interface Bill {
  billNumber: string;
  customer: string;
  eventName: string;
  eventLogId: number;
  lines: BillLine[];
}

export interface Customer {
  key: string;
  entityId: number;
  identifiers: Record<string, string>;
  /** main points by program; a program listed here is one the customer is enrolled in. */
  main: Map<number, number>;
}

export interface Org {
  id: string;
  negativeAllowed: boolean;
  /** the primary identifier, when dual eligibility is on */
  primary?: string;
  defaultProgram: number;
  decimals: Map<number, number>;
  customers: Customer[];
  bills: Bill[];
  promotion: { id: number; identifier: string; programId: number };
  awards: Map<number, string>;
}

const line = (
  programId: number,
  amount: string,
  category: Category,
  extra: Partial<BillLine> = {},
): BillLine => ({
  programId,
  units: pts(amount),
  category,
  unlocked: false,
  ...extra,
});

function customer(
  key: string,
  entityId: number,
  identifiers: Record<string, string>,
  main: [number, string][],
): Customer {
  return { key, entityId, identifiers, main: new Map(main.map(([p, a]) => [p, pts(a)])) };
}

const SAALE_PROGRAMS: [number, string][] = [
  [2001, '0'],
  [2002, '0'],
  [2003, '0'],
  [2004, '0'],
  [2005, '0'],
  [2006, '0'],
];
const HAVEL_PROGRAMS: [number, string][] = [
  [2101, '0'],
  [2102, '0'],
  [2103, '0'],
  [2104, '0'],
  [2105, '0'],
];
const withPoints = (base: [number, string][], points: Record<number, string>): [number, string][] =>
  base.map(([p, a]) => [p, points[p] ?? a]);

/** A fresh copy of both orgs (every provider owns its state). */
export function makeOrgs(): Org[] {
  const saale: Org = {
    id: 'saale',
    negativeAllowed: false,
    primary: 'mobile',
    defaultProgram: 2001,
    decimals: new Map([
      [2001, 2],
      [2002, 0],
      [2003, 1],
      [2004, 3],
      [2005, 4],
      [2006, 2],
    ]),
    customers: [
      customer(
        'anja',
        20000001,
        {
          mobile: '4930200001',
          email: 'anja@saale.test',
          externalId: 'S20-ANJA',
          id: '20000001',
          cuid: 'cu-20-anja',
          primaryUserId: 'pu-20-anja',
        },
        withPoints(SAALE_PROGRAMS, {
          2001: '1250.75',
          2002: '300',
          2003: '80.5',
          2004: '12.125',
          2005: '9.8765',
          2006: '40.00',
        }),
      ),
      // Points in one program only, zero in the five others.
      customer(
        'bernd',
        20000002,
        { mobile: '4930200002', email: 'bernd@saale.test', externalId: 'S20-BERND', id: '20000002' },
        withPoints(SAALE_PROGRAMS, { 2001: '500.00' }),
      ),
      customer(
        'carla',
        20000003,
        { mobile: '4930200003', email: 'family@saale.test', externalId: 'S20-CARLA', id: '20000003' },
        [[2001, '75.25']],
      ),
      customer(
        'dirk',
        20000004,
        { mobile: '4930200004', email: 'family@saale.test', externalId: 'S20-DIRK', id: '20000004' },
        [[2001, '20.00']],
      ),
      customer('emil', 20000005, { mobile: '4930200005', externalId: 'S20-EMIL', id: '20000005' }, [
        [2001, '55.55'],
      ]),
    ],
    bills: [
      {
        billNumber: 'S20/B/0001',
        customer: 'anja',
        eventName: 'TransactionAdd',
        eventLogId: 200001,
        lines: [
          line(2001, '10.00', 'delayed'),
          line(2003, '4.5', 'delayed', { lineItemId: 200011, itemCode: 'SKU-20-A' }),
          line(2004, '2.125', 'external', { lineItemId: 200012, itemCode: 'SKU-20-B' }),
          line(2001, '3.00', 'delayed', { lineItemId: 200013, itemCode: 'SKU-20-C' }),
          line(2001, '5.00', 'external', {
            promotion: { id: 20501, identifier: 'SPRING-20', name: 'Frühling 20' },
          }),
        ],
      },
      // Promised points only in a program other than the default.
      {
        billNumber: 'S20/B/0002',
        customer: 'anja',
        eventName: 'TransactionAdd',
        eventLogId: 200002,
        lines: [line(2005, '1.2345', 'delayed', { lineItemId: 200021, itemCode: 'SKU-20-D' })],
      },
      {
        billNumber: 'S20/B/0003',
        customer: 'carla',
        eventName: 'TransactionAdd',
        eventLogId: 200003,
        lines: [line(2001, '7.50', 'delayed')],
      },
      {
        billNumber: 'S20/B/0004',
        customer: 'dirk',
        eventName: 'TransactionUpdate',
        eventLogId: 200004,
        lines: [line(2001, '6.25', 'external')],
      },
    ],
    promotion: { id: 20501, identifier: 'SPRING-20', programId: 2001 },
    awards: new Map([[20901, 'anja']]),
  };
  const havel: Org = {
    id: 'havel',
    negativeAllowed: true,
    defaultProgram: 2101,
    decimals: new Map([
      [2101, 0],
      [2102, 4],
      [2103, 3],
      [2104, 1],
      [2105, 2],
    ]),
    customers: [
      customer(
        'greta',
        21000001,
        {
          mobile: '4933100001',
          email: 'greta@havel.test',
          externalId: 'H20-GRETA',
          id: '21000001',
          cuid: 'cu-21-greta',
        },
        withPoints(HAVEL_PROGRAMS, { 2101: '900', 2102: '15.5' }),
      ),
      customer(
        'hans',
        21000002,
        { mobile: '4933100002', email: 'home@havel.test', externalId: 'H20-HANS', id: '21000002' },
        [[2101, '40']],
      ),
      customer(
        'ida',
        21000003,
        { mobile: '4933100003', email: 'home@havel.test', externalId: 'H20-IDA', id: '21000003' },
        [[2101, '12']],
      ),
    ],
    bills: [
      {
        billNumber: 'H20-0001',
        customer: 'greta',
        eventName: 'TransactionAdd',
        eventLogId: 210001,
        lines: [
          line(2101, '8', 'delayed'),
          line(2102, '1.0625', 'delayed', { lineItemId: 210011, itemCode: 'HV-20-A' }),
          line(2105, '2.50', 'external', { lineItemId: 210012, itemCode: 'HV-20-B' }),
          line(2101, '4', 'external', {
            promotion: { id: 21501, identifier: 'HERBST-20', name: 'Herbst 20' },
          }),
        ],
      },
      {
        billNumber: 'H20-0002',
        customer: 'greta',
        eventName: 'TransactionAdd',
        eventLogId: 210002,
        lines: [line(2103, '3.333', 'external')],
      },
      {
        billNumber: 'H20-0003',
        customer: 'hans',
        eventName: 'TransactionAdd',
        eventLogId: 210003,
        lines: [line(2101, '6', 'delayed')],
      },
      {
        billNumber: 'H20-0004',
        customer: 'ida',
        eventName: 'TransactionAdd',
        eventLogId: 210004,
        lines: [line(2101, '5', 'delayed')],
      },
    ],
    promotion: { id: 21501, identifier: 'HERBST-20', programId: 2101 },
    awards: new Map([[21901, 'greta']]),
  };
  return [saale, havel];
}

/** Credentials: till usernames are matched case-insensitively (till codes are at this vendor). */
export const TILLS = [
  { username: 'Till.Saale.01', password: 'saale-till-pw', org: 'saale', points: true },
  { username: 'Till.Saale.View', password: 'saale-view-pw', org: 'saale', points: false },
  { username: 'Till.Havel.01', password: 'havel-till-pw', org: 'havel', points: true },
];
export const OAUTH_CLIENTS = [
  { key: 'cr20-saale-app', secret: 'saale-app-secret', org: 'saale', points: true },
  { key: 'cr20-havel-app', secret: 'havel-app-secret', org: 'havel', points: true },
  { key: 'cr20-havel-viewer', secret: 'havel-viewer-secret', org: 'havel', points: false },
];

/** The fabric tenant: UUID members, its own reason codes, one billing entity. */
export const FABRIC = {
  token: 'cr20-fabric-token',
  members: ['3b7e5f0a-2020-4c20-9d20-c0ffee002020', '8d1c2b3a-2020-4f20-8e20-feed00202020'],
  reasonCodes: ['GOODWILL', 'RETURN-20', 'SERVICE-20'],
  billingEntities: ['Company_Club'],
};
