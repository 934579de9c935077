/**
 * The clean room's own data: two orgs of a Swiss retailer (lausanne with negative balances off,
 * lugano with them on), their programs, tills and apps, customers, bills with promised points over
 * two programs, promotions and awards, and one fabric member. Amounts are written as the seed
 * script's SQL literals; the store reads them into NUMBER(18,3) thousandths.
 */

export type IdentifierName = 'mobile' | 'email' | 'externalId' | 'id' | 'cuid' | 'primaryUserId';

export interface CustomerSeed {
  readonly id: number;
  readonly identifiers: Readonly<Record<IdentifierName, string>>;
  /** Main (redeemable) points per program the customer is enrolled in. */
  readonly points: Readonly<Record<number, string>>;
}

/** One promised entry of a bill: the bill's own, a line item's, or a promotion's. */
export type EntrySeed =
  | { readonly kind: 'bill'; readonly programId: number; readonly points: string }
  | {
      readonly kind: 'line';
      readonly programId: number;
      readonly points: string;
      readonly lineItemId: number;
      readonly itemCode: string;
    }
  | {
      readonly kind: 'promotion';
      readonly programId: number;
      readonly points: string;
      readonly promotionId: number;
    };

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

/** A till (Basic) or an app (OAuth) of an org; `points: false` lacks the Points access group. */
export interface PrincipalSeed {
  readonly kind: 'till' | 'app';
  readonly name: string;
  readonly secret: string;
  readonly points: boolean;
}

export interface OrgSeed {
  readonly name: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  /** Round decimals per program. */
  readonly programs: Readonly<Record<number, number>>;
  readonly principals: readonly PrincipalSeed[];
  readonly customers: readonly CustomerSeed[];
  readonly bills: readonly BillSeed[];
  readonly promotions: readonly PromotionSeed[];
  /** Points awards: id → the customer it was awarded to. */
  readonly awards: Readonly<Record<number, number>>;
}

const customer = (
  id: number,
  mobile: string,
  email: string,
  externalId: string,
  points: Record<number, string>,
): CustomerSeed => ({
  id,
  identifiers: { mobile, email, externalId, id: String(id), cuid: `cu-${id}`, primaryUserId: `pu-${id}` },
  points,
});

export const LAUSANNE: OrgSeed = {
  name: 'lausanne',
  negativeBalanceOnReturn: false,
  defaultProgramId: 2901,
  programs: { 2901: 2, 2902: 0, 2903: 3 },
  principals: [
    { kind: 'till', name: 'lausanne.till01', secret: 'lausanne-till-pass', points: true },
    { kind: 'app', name: 'cr29-lausanne-app', secret: 'lausanne-app-secret', points: true },
    { kind: 'till', name: 'lausanne.kiosk', secret: 'lausanne-kiosk-pass', points: false },
  ],
  customers: [
    customer(290001, '41790290001', 'elodie@lausanne.test', 'LS-ELODIE', {
      2901: '1520.50',
      2902: '800',
      2903: '75.125',
    }),
    customer(290002, '41790290002', 'jonas@lausanne.test', 'LS-JONAS', { 2901: '300.00', 2903: '42.500' }),
    customer(290003, '41790290003', 'lea@lausanne.test', 'LS-LEA', { 2901: '25.00' }),
    // Marc and Nina share a household mobile: under dual eligibility (email primary) it names neither.
    customer(290004, '41790290099', 'marc@lausanne.test', 'LS-MARC', { 2901: '60.00', 2902: '10' }),
    customer(290005, '41790290099', 'nina@lausanne.test', 'LS-NINA', { 2901: '45.50' }),
  ],
  bills: [
    {
      billNumber: 'LS-B-0001',
      customerId: 290001,
      eventName: 'TransactionAdd',
      eventLogId: 9290001,
      entries: [
        { kind: 'bill', programId: 2901, points: '10.50' },
        { kind: 'line', programId: 2901, points: '4.25', lineItemId: 929011, itemCode: 'GRUYERE' },
        { kind: 'line', programId: 2902, points: '3', lineItemId: 929012, itemCode: 'CHASSELAS' },
        { kind: 'promotion', programId: 2901, points: '2.00', promotionId: 29501 },
      ],
    },
    {
      billNumber: 'LS-B-0002',
      customerId: 290001,
      eventName: 'TransactionAdd',
      eventLogId: 9290002,
      entries: [{ kind: 'bill', programId: 2903, points: '12.375' }],
    },
    {
      billNumber: 'LS-B-0003',
      customerId: 290002,
      eventName: 'TransactionAdd',
      eventLogId: 9290003,
      entries: [
        { kind: 'bill', programId: 2901, points: '8.00' },
        { kind: 'bill', programId: 2903, points: '1.250' },
        { kind: 'promotion', programId: 2901, points: '1.50', promotionId: 29501 },
      ],
    },
    {
      billNumber: 'LS-B-0004',
      customerId: 290004,
      eventName: 'TransactionUpdate',
      eventLogId: 9290004,
      entries: [
        { kind: 'bill', programId: 2901, points: '5.00' },
        { kind: 'line', programId: 2902, points: '2', lineItemId: 929041, itemCode: 'VACHERIN' },
      ],
    },
  ],
  promotions: [{ id: 29501, identifier: 'LS-FETE', name: 'Fête des Vignerons', programId: 2901 }],
  awards: { 29901: 290001, 29902: 290002 },
};

export const LUGANO: OrgSeed = {
  name: 'lugano',
  negativeBalanceOnReturn: true,
  defaultProgramId: 2951,
  programs: { 2951: 0, 2952: 3 },
  principals: [
    { kind: 'app', name: 'cr29-lugano-app', secret: 'lugano-app-secret', points: true },
    { kind: 'till', name: 'lugano.till01', secret: 'lugano-till-pass', points: true },
    { kind: 'app', name: 'cr29-lugano-viewer', secret: 'lugano-viewer-secret', points: false },
  ],
  customers: [
    // 2000 + 400.000 over both programs: the sum comes back from Oracle as 2.4E+3.
    customer(295001, '41910295001', 'sofia@lugano.test', 'LG-SOFIA', { 2951: '2000', 2952: '400.000' }),
    customer(295002, '41910295002', 'luca@lugano.test', 'LG-LUCA', { 2951: '150' }),
    customer(295003, '41910295003', 'famiglia@lugano.test', 'LG-GIANNA', { 2951: '90' }),
    customer(295004, '41910295004', 'famiglia@lugano.test', 'LG-PAOLO', { 2951: '40' }),
  ],
  bills: [
    {
      billNumber: 'LG-B-0001',
      customerId: 295001,
      eventName: 'TransactionAdd',
      eventLogId: 9295001,
      entries: [
        { kind: 'bill', programId: 2951, points: '20' },
        { kind: 'line', programId: 2951, points: '5', lineItemId: 995011, itemCode: 'PANETTONE' },
        { kind: 'line', programId: 2952, points: '2.500', lineItemId: 995012, itemCode: 'GRAPPA' },
        { kind: 'promotion', programId: 2951, points: '3', promotionId: 29551 },
      ],
    },
    {
      billNumber: 'LG-B-0002',
      customerId: 295001,
      eventName: 'TransactionAdd',
      eventLogId: 9295002,
      entries: [{ kind: 'bill', programId: 2952, points: '7.125' }],
    },
    {
      billNumber: 'LG-B-0003',
      customerId: 295002,
      eventName: 'TransactionAdd',
      eventLogId: 9295003,
      entries: [{ kind: 'bill', programId: 2951, points: '30' }],
    },
    {
      billNumber: 'LG-B-0004',
      customerId: 295003,
      eventName: 'TransactionAdd',
      eventLogId: 9295004,
      entries: [{ kind: 'bill', programId: 2951, points: '12' }],
    },
  ],
  promotions: [{ id: 29551, identifier: 'LG-CARNEVALE', name: 'Carnevale', programId: 2951 }],
  awards: { 29951: 295001 },
};

export const ORGS: readonly OrgSeed[] = [LAUSANNE, LUGANO];

export const FABRIC_TOKEN = 'cr29-fabric-token';
export const FABRIC_MEMBER = '29c0ffee-5ca1-4a29-9e29-2929deadbeef';
export const FABRIC_POINTS = '5000';
