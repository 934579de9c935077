/**
 * Clean room eighteen's one org, `fjord`: negative balance on return off, dual eligibility on with
 * externalId primary, program 1810 (0 round decimals, the default) and 1820 (3). Two customers of
 * one household share a mobile (and so cannot be told apart by it). Points are thousandths.
 * Bills: FJ-1001 is the one the smallest profile declares; the others only the full profile.
 */

export interface Customer {
  readonly entityId: number;
  readonly identifiers: Readonly<Record<string, string>>;
  /** Main points per program (thousandths); a key is an enrolment. */
  readonly main: Map<number, number>;
  readonly awards: readonly number[];
}

export interface BillLine {
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly programId: number;
  readonly milli: number;
  unlocked: boolean;
}

export interface Bill {
  readonly customer: number;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: BillLine[];
}

export interface Org {
  readonly negativeOnReturn: boolean;
  readonly primary: string;
  readonly defaultProgram: number;
  readonly roundDecimals: ReadonlyMap<number, number>;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: readonly { id: number; identifier: string; programId: number }[];
}

export function fjord(): Org {
  const ingrid: Customer = {
    entityId: 18000001,
    identifiers: {
      externalId: 'F18-INGRID',
      mobile: '4790018001',
      email: 'ingrid@fjord.test',
      id: '18000001',
      cuid: 'cu-18-ingrid',
      primaryUserId: 'pu-18-ingrid',
    },
    main: new Map([
      [1810, 5_000_000],
      [1820, 1_234_567],
    ]),
    awards: [18901],
  };
  const olav: Customer = {
    entityId: 18000002,
    identifiers: { externalId: 'F18-OLAV', mobile: '4790018001', email: 'olav@fjord.test', id: '18000002' },
    main: new Map([[1810, 300_000]]),
    awards: [],
  };
  const line = (
    lineItemId: number | undefined,
    itemCode: string | undefined,
    programId: number,
    milli: number,
  ) => ({
    lineItemId,
    itemCode,
    programId,
    milli,
    unlocked: false,
  });
  return {
    negativeOnReturn: false,
    primary: 'externalId',
    defaultProgram: 1810,
    roundDecimals: new Map([
      [1810, 0],
      [1820, 3],
    ]),
    customers: [ingrid, olav],
    bills: [
      // Item codes with `&` and `<…>`: written back escaped (`\u0026`), as Go does.
      {
        customer: ingrid.entityId,
        billNumber: 'FJ-1001',
        eventName: 'TransactionAdd',
        eventLogId: 181001,
        lines: [line(18101, 'KW&101', 1810, 40_000), line(18102, 'KW<102>', 1820, 7_125)],
      },
      {
        customer: olav.entityId,
        billNumber: 'FJ-1002',
        eventName: 'TransactionAdd',
        eventLogId: 181002,
        lines: [line(undefined, undefined, 1810, 60_000)],
      },
      {
        customer: ingrid.entityId,
        billNumber: 'FJ-1003',
        eventName: 'TransactionUpdate',
        eventLogId: 181003,
        lines: [line(18131, 'KW-131', 1810, 15_000)],
      },
      {
        customer: ingrid.entityId,
        billNumber: 'FJ-1004',
        eventName: 'TransactionAdd',
        eventLogId: 181004,
        lines: [line(undefined, undefined, 1820, 9_875)],
      },
    ],
    promotions: [{ id: 18501, identifier: 'WINTER-18', programId: 1820 }],
  };
}
