/**
 * The service's seed items, as a deployment script would write them into its DynamoDB tables:
 * two orgs (negative balances off and on), programs of 2, 0, 1 and 3, 1 round decimals, customers,
 * bills whose promised entries fall in two programs, a promotion and a points award per org, one
 * fabric member. Amounts here are plain numbers; the tables keep points in thousandths.
 */
export type Category = 'delayed' | 'external';

export interface CustomerSeed {
  /** The customer's numeric id (DynamoDB partition key, a Kotlin `Long` on the wire). */
  readonly id: number;
  readonly mobile: string;
  readonly email: string;
  readonly externalId: string;
  readonly cuid: string;
  readonly primaryUserId: string;
  /** Main (redeemable) points per enrolled program. */
  readonly main: Readonly<Record<number, number>>;
}

/** One promised entry of a bill: the bill's own, a line item's, or a promotion's. */
export interface EntrySeed {
  readonly programId: number;
  readonly points: number;
  readonly category: Category;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotionId?: number;
}

export interface BillSeed {
  readonly billNumber: string;
  readonly customerId: number;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly entries: readonly EntrySeed[];
}

export interface PromotionSeed {
  readonly id: number;
  readonly identifier: string;
  readonly name: string;
  readonly programId: number;
}

/** A store till (Basic) or an OAuth app; `pointsGroup` false: no Points access group. */
export interface Principal {
  readonly scheme: 'basic' | 'oauth';
  readonly name: string;
  readonly secret: string;
  readonly pointsGroup: boolean;
}

export interface OrgSeed {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly roundDecimals: Readonly<Record<number, number>>;
  readonly customers: readonly CustomerSeed[];
  readonly bills: readonly BillSeed[];
  readonly promotions: readonly PromotionSeed[];
  /** pointsAwardedId → the customer the points were awarded to. */
  readonly awards: Readonly<Record<number, number>>;
  readonly principals: readonly Principal[];
}

const customer = (
  id: number,
  mobile: string,
  email: string,
  externalId: string,
  main: Record<number, number>,
): CustomerSeed => ({ id, mobile, email, externalId, cuid: `cu-${id}`, primaryUserId: `pu-${id}`, main });

/** Negative balances off; two customers share the email crew@tidewater.test. */
const TIDEWATER: OrgSeed = {
  id: 'tidewater',
  negativeBalanceOnReturn: false,
  defaultProgramId: 2801,
  roundDecimals: { 2801: 2, 2802: 0, 2803: 1 },
  customers: [
    customer(280001, '447028000001', 'moana@tidewater.test', 'TW-MOANA', {
      2801: 1500.25,
      2802: 120,
      2803: 80.5,
    }),
    customer(280002, '447028000002', 'kai@tidewater.test', 'TW-KAI', { 2801: 640.5, 2803: 33 }),
    customer(280003, '447028000003', 'nalu@tidewater.test', 'TW-NALU', { 2801: 75.25 }),
    customer(280004, '447028000004', 'crew@tidewater.test', 'TW-ANA', { 2801: 300, 2802: 40 }),
    customer(280005, '447028000005', 'crew@tidewater.test', 'TW-IRA', { 2801: 210 }),
  ],
  bills: [
    {
      billNumber: 'TW-B-0001',
      customerId: 280001,
      eventName: 'TransactionAdd',
      eventLogId: 9280001,
      entries: [
        { programId: 2801, points: 5.25, category: 'delayed' },
        { programId: 2801, points: 10.5, category: 'delayed', lineItemId: 928011, itemCode: 'KELP' },
        { programId: 2802, points: 4, category: 'delayed', lineItemId: 928012, itemCode: 'OYSTER' },
        { programId: 2801, points: 2, category: 'external', promotionId: 28501 },
      ],
    },
    {
      billNumber: 'TW-B-0002',
      customerId: 280001,
      eventName: 'TransactionAdd',
      eventLogId: 9280002,
      entries: [{ programId: 2803, points: 6.5, category: 'delayed' }],
    },
    {
      billNumber: 'TW-B-0003',
      customerId: 280004,
      eventName: 'TransactionAdd',
      eventLogId: 9280003,
      entries: [
        { programId: 2801, points: 11.75, category: 'delayed' },
        { programId: 2802, points: 6, category: 'external' },
        { programId: 2801, points: 2, category: 'delayed', promotionId: 28501 },
      ],
    },
    {
      billNumber: 'TW-B-0004',
      customerId: 280005,
      eventName: 'TransactionUpdate',
      eventLogId: 9280004,
      entries: [
        { programId: 2801, points: 1, category: 'delayed' },
        { programId: 2801, points: 3.5, category: 'delayed', lineItemId: 928041, itemCode: 'NORI' },
        { programId: 2801, points: 4.25, category: 'delayed', lineItemId: 928042, itemCode: 'CLAM' },
      ],
    },
  ],
  promotions: [{ id: 28501, identifier: 'TW-SPRING-TIDE', name: 'Spring tide', programId: 2801 }],
  awards: { 28901: 280001 },
  principals: [
    { scheme: 'basic', name: 'tidewater.till01', secret: 'tidewater-till-pass', pointsGroup: true },
    { scheme: 'oauth', name: 'cr28-tidewater-app', secret: 'tidewater-app-secret', pointsGroup: true },
    { scheme: 'basic', name: 'tidewater.kiosk', secret: 'tidewater-kiosk-pass', pointsGroup: false },
  ],
};

/** Negative balances on; its deductible customer's balance is past 10^7 (Java writes 1.25E7). */
const HIGHLAND: OrgSeed = {
  id: 'highland',
  negativeBalanceOnReturn: true,
  defaultProgramId: 2851,
  roundDecimals: { 2851: 3, 2852: 1 },
  customers: [
    customer(285001, '447028500001', 'tui@highland.test', 'HL-TUI', { 2851: 12_500_000.5, 2852: 44.5 }),
    customer(285002, '447028500002', 'whanau@highland.test', 'HL-RUA', { 2851: 90 }),
    customer(285003, '447028500003', 'whanau@highland.test', 'HL-MERE', { 2851: 55.125 }),
  ],
  bills: [
    {
      billNumber: 'HL-B-0001',
      customerId: 285001,
      eventName: 'TransactionAdd',
      eventLogId: 9285001,
      entries: [
        { programId: 2851, points: 2, category: 'delayed' },
        { programId: 2851, points: 7.125, category: 'delayed', lineItemId: 985011, itemCode: 'HAGGIS' },
        { programId: 2851, points: 3.5, category: 'delayed', lineItemId: 985012, itemCode: 'OATS' },
        { programId: 2851, points: 1.5, category: 'delayed', promotionId: 28551 },
      ],
    },
    {
      billNumber: 'HL-B-0002',
      customerId: 285001,
      eventName: 'TransactionAdd',
      eventLogId: 9285002,
      entries: [{ programId: 2852, points: 4.5, category: 'delayed' }],
    },
    {
      billNumber: 'HL-B-0003',
      customerId: 285002,
      eventName: 'TransactionAdd',
      eventLogId: 9285003,
      entries: [{ programId: 2851, points: 12, category: 'external' }],
    },
    {
      billNumber: 'HL-B-0004',
      customerId: 285003,
      eventName: 'TransactionAdd',
      eventLogId: 9285004,
      entries: [
        { programId: 2851, points: 2.25, category: 'delayed', lineItemId: 985041, itemCode: 'NEEPS' },
        { programId: 2851, points: 1.75, category: 'delayed', lineItemId: 985042, itemCode: 'TATTIES' },
      ],
    },
  ],
  promotions: [{ id: 28551, identifier: 'HL-HOGMANAY', name: 'Hogmanay', programId: 2851 }],
  awards: { 28951: 285001 },
  principals: [
    { scheme: 'oauth', name: 'cr28-highland-app', secret: 'highland-app-secret', pointsGroup: true },
    { scheme: 'basic', name: 'highland.till01', secret: 'highland-till-pass', pointsGroup: true },
    { scheme: 'oauth', name: 'cr28-highland-viewer', secret: 'highland-viewer-secret', pointsGroup: false },
  ],
};

export const ORGS: readonly OrgSeed[] = [TIDEWATER, HIGHLAND];

export const FABRIC_TOKEN = 'cr28-fabric-token';
export const FABRIC_MEMBER = '28c0ffee-a7b2-4d28-9e28-2828deadbeef';
export const FABRIC_START_POINTS = 500;
