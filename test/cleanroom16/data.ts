/**
 * The sixteenth clean room's orgs, customers, bills and fabric member, chosen from what the
 * documents allow (see profile.yaml). Amounts are integers in thousandths of a point.
 */

export const SCALE = 1000;

export type Category = 'delayed' | 'external';

export interface Line {
  /** Null for the bill's own line (points of the bill, not of an item). */
  readonly lineItemId: number | null;
  readonly itemCode: string | null;
  readonly programId: number;
  readonly category: Category;
  readonly points: number;
  unlocked: boolean;
}

export interface Bill {
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: Line[];
}

export interface Customer {
  readonly entityId: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Main points per enrolled program. */
  readonly main: Map<number, number>;
  readonly bills: Bill[];
  /** Points award id → its program. */
  readonly awards: ReadonlyMap<number, number>;
}

export interface Org {
  readonly id: string;
  readonly negativeOnReturn: boolean;
  /** Program id → round decimals. */
  readonly programs: ReadonlyMap<number, number>;
  readonly defaultProgram: number;
  readonly promotion?: { readonly id: number; readonly identifier: string; readonly programId: number };
  readonly customers: Customer[];
}

const pts = (points: number) => Math.round(points * SCALE);

const line = (
  lineItemId: number | null,
  itemCode: string | null,
  programId: number,
  category: Category,
  points: number,
): Line => ({ lineItemId, itemCode, programId, category, points: pts(points), unlocked: false });

const customer = (
  entityId: number,
  identifiers: Record<string, string>,
  main: [number, number][],
  bills: Bill[],
  awards: [number, number][] = [],
): Customer => ({
  entityId,
  identifiers: { ...identifiers, id: String(entityId) },
  main: new Map(main.map(([program, points]) => [program, pts(points)])),
  bills,
  awards: new Map(awards),
});

/** Fresh data for one provider: bills unlock once, so every start gets its own. */
export function seedOrgs(): Org[] {
  return [
    {
      id: 'harbor',
      negativeOnReturn: false,
      programs: new Map([
        [1601, 2],
        [1602, 1],
      ]),
      defaultProgram: 1601,
      promotion: { id: 16501, identifier: 'SPRING-16', programId: 1601 },
      customers: [
        customer(
          16001,
          { mobile: '447911160001', externalId: 'H-0001', email: 'h1@harbor.test' },
          [
            [1601, 2400.5],
            [1602, 310],
          ],
          [
            {
              billNumber: 'H-BILL-1',
              eventName: 'TransactionAdd',
              eventLogId: 160001,
              lines: [
                line(null, null, 1601, 'delayed', 12.25),
                line(16101, 'HB-A', 1601, 'delayed', 8.5),
                line(16102, 'HB-B', 1602, 'external', 4),
              ],
            },
            {
              billNumber: 'H-BILL-3',
              eventName: 'TransactionAdd',
              eventLogId: 160003,
              lines: [line(null, null, 1601, 'delayed', 5)],
            },
          ],
          [[16901, 1601]],
        ),
        customer(
          16002,
          { mobile: '447911160002', externalId: 'H-0002' },
          [[1601, 75.25]],
          [
            {
              billNumber: 'H-BILL-2',
              eventName: 'TransactionUpdate',
              eventLogId: 160002,
              lines: [line(null, null, 1601, 'external', 20), line(16201, 'HC-1', 1601, 'delayed', 3.75)],
            },
          ],
        ),
      ],
    },
    {
      id: 'quay',
      negativeOnReturn: true,
      programs: new Map([
        [1701, 3],
        [1702, 0],
      ]),
      defaultProgram: 1702,
      customers: [
        customer(
          17001,
          { mobile: '447922170001', externalId: 'Q-0001' },
          [
            [1702, 40],
            [1701, 12.125],
          ],
          [
            {
              billNumber: 'Q-BILL-1',
              eventName: 'TransactionAdd',
              eventLogId: 170001,
              lines: [
                line(null, null, 1702, 'delayed', 6),
                line(17101, 'QA-1', 1702, 'external', 9),
                line(17102, 'QA-2', 1701, 'delayed', 1.5),
              ],
            },
          ],
        ),
        customer(
          17002,
          { mobile: '447922170002', externalId: 'Q-0002' },
          [[1702, 0]],
          [
            {
              billNumber: 'Q-BILL-2',
              eventName: 'TransactionAdd',
              eventLogId: 170002,
              lines: [line(null, null, 1702, 'delayed', 14)],
            },
          ],
        ),
      ],
    },
  ];
}

/** Basic credentials (username → password, org, Points access group). */
export const TILLS = new Map<string, { password: string; org: string; points: boolean }>([
  ['cr16.harbor.till', { password: 'harbor-pass', org: 'harbor', points: true }],
  ['cr16.harbor.viewer', { password: 'harbor-viewer', org: 'harbor', points: false }],
  ['cr16.quay.till', { password: 'quay-pass', org: 'quay', points: true }],
]);

/** OAuth clients (key → secret, org, Points access group). */
export const OAUTH_CLIENTS = new Map<string, { secret: string; org: string; points: boolean }>([
  ['cr16-harbor-app', { secret: 'harbor-app-secret', org: 'harbor', points: true }],
]);

export const FABRIC_TOKEN = 'cr16-fabric-token';
export const FABRIC_MEMBER = 'c16e0a7e-0f3b-4d1c-9a55-16a0c0ffee16';
/** The member's available points at start, in hundredths. */
export const FABRIC_START = 500_000;
