import { createHash } from 'node:crypto';
import { toNumeric } from './postgres.ts';

/**
 * The vendor's PostgreSQL rows at the start of every run: two orgs (negative balance on return off
 * in kea, on in ruru), their programs, tills and apps, customers, bills with promised points, and
 * one fabric member. Figures are NUMERIC(14,3) thousandths.
 */
export interface Org {
  readonly id: string;
  readonly negativeBalanceOnReturn: boolean;
  readonly defaultProgramId: number;
  /** Program → round decimals. */
  readonly programs: ReadonlyMap<number, number>;
  readonly primaryIdentifier?: string;
}

export interface Customer {
  readonly entityId: bigint;
  readonly org: string;
  readonly identifiers: Readonly<Record<string, string>>;
}

export interface Enrolment {
  main: bigint;
  /** Time-based promised points (delayed accrual): none of them unlockable by the API. */
  readonly delayed: bigint;
}

export interface BillLine {
  readonly lineItemId?: bigint;
  readonly itemCode?: string;
  readonly programId: number;
  readonly points: bigint;
  readonly promotion?: { readonly id: number; readonly identifier: string; readonly name: string };
}

export interface Bill {
  readonly org: string;
  readonly customer: bigint;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: bigint;
  readonly lines: readonly BillLine[];
}

export interface Credential {
  readonly org: string;
  /** Whether the till or app is in the Points access group. */
  readonly points: boolean;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const n = toNumeric;

export const FABRIC_TOKEN = 'cr40-fabric-token';
export const FABRIC_MEMBER = '40e0c1a2-5b6d-4e40-8c40-a1b2c3d44040';

export class Tables {
  readonly orgs = new Map<string, Org>([
    [
      'kea',
      {
        id: 'kea',
        negativeBalanceOnReturn: false,
        defaultProgramId: 4001,
        programs: new Map([
          [4001, 2],
          [4002, 1],
        ]),
      },
    ],
    [
      'ruru',
      {
        id: 'ruru',
        negativeBalanceOnReturn: true,
        defaultProgramId: 4051,
        programs: new Map([
          [4051, 3],
          [4052, 0],
        ]),
      },
    ],
  ]);

  /** Basic: username → md5 of the password; OAuth: key → secret. */
  readonly tills = new Map<string, Credential & { readonly passwordMd5: string }>([
    ['kea.till07', { org: 'kea', points: true, passwordMd5: md5('kea-till-pass') }],
    ['kea.kiosk', { org: 'kea', points: false, passwordMd5: md5('kea-kiosk-pass') }],
    ['ruru.till03', { org: 'ruru', points: true, passwordMd5: md5('ruru-till-pass') }],
  ]);
  readonly apps = new Map<string, Credential & { readonly secret: string }>([
    ['cr40-kea-app', { org: 'kea', points: true, secret: 'kea-app-secret' }],
    ['cr40-ruru-app', { org: 'ruru', points: true, secret: 'ruru-app-secret' }],
    ['cr40-ruru-audit', { org: 'ruru', points: false, secret: 'ruru-audit-secret' }],
  ]);

  readonly customers: Customer[] = [
    customer(400001n, 'kea', '642100400001', 'ana@kea.example', 'KE-ANA'),
    customer(400002n, 'kea', '642100400002', 'bo@kea.example', 'KE-BO'),
    customer(400003n, 'kea', '642100400003', 'cy@kea.example', 'KE-CY'),
    customer(400004n, 'kea', '642100400004', 'shared@kea.example', 'KE-DI'),
    customer(400005n, 'kea', '642100400005', 'shared@kea.example', 'KE-ED'),
    customer(400006n, 'kea', '642100400006', 'fi@kea.example', 'KE-FI'),
    customer(405001n, 'ruru', '642100405001', 'fe@ruru.example', 'RU-FE'),
    customer(405002n, 'ruru', '642100405002', 'gu@ruru.example', 'RU-GU'),
    customer(405003n, 'ruru', '642100405003', 'shared@ruru.example', 'RU-HU'),
    customer(405004n, 'ruru', '642100405004', 'shared@ruru.example', 'RU-IO'),
    customer(405005n, 'ruru', '642100405005', 'jo@ruru.example', 'RU-JO'),
  ];

  /** `${entityId}:${programId}` → the customer's row in that program. */
  readonly enrolments = new Map<string, Enrolment>([
    ['400001:4001', { main: n('1245.5'), delayed: n('12') }],
    ['400001:4002', { main: n('300'), delayed: n('0') }],
    ['400002:4001', { main: n('820'), delayed: n('4.25') }],
    ['400003:4001', { main: n('60'), delayed: n('0') }],
    ['400004:4001', { main: n('510'), delayed: n('0') }],
    ['400004:4002', { main: n('75.5'), delayed: n('0') }],
    ['400005:4001', { main: n('230'), delayed: n('0') }],
    ['400006:4001', { main: n('140'), delayed: n('0') }],
    ['405001:4051', { main: n('980.125'), delayed: n('3.5') }],
    ['405001:4052', { main: n('150'), delayed: n('0') }],
    ['405002:4051', { main: n('415'), delayed: n('0') }],
    ['405003:4051', { main: n('90'), delayed: n('0') }],
    ['405004:4051', { main: n('35'), delayed: n('0') }],
    ['405005:4051', { main: n('64.5'), delayed: n('0') }],
  ]);

  readonly bills: Bill[] = [
    bill('kea', 400001n, 'KB-4001', 'TransactionAdd', 9400101n, [
      { lineItemId: 840011n, itemCode: 'PAUA-BOWL', programId: 4001, points: n('22.5') },
      { lineItemId: 840012n, itemCode: 'FLAX-MAT', programId: 4001, points: n('8') },
      {
        programId: 4001,
        points: n('5'),
        promotion: { id: 40501, identifier: 'KE-AUTUMN', name: 'Autumn double' },
      },
    ]),
    bill('kea', 400001n, 'KB-4002', 'TransactionAdd', 9400102n, [{ programId: 4002, points: n('14.5') }]),
    bill('kea', 400002n, 'KB-4003', 'TransactionAdd', 9400103n, [
      { programId: 4001, points: n('31') },
      {
        programId: 4001,
        points: n('6'),
        promotion: { id: 40501, identifier: 'KE-AUTUMN', name: 'Autumn double' },
      },
    ]),
    bill('kea', 400004n, 'KB-4004', 'TransactionUpdate', 9400104n, [{ programId: 4001, points: n('17') }]),
    bill('kea', 400006n, 'KB-4005', 'TransactionAdd', 9400105n, [{ programId: 4001, points: n('18.75') }]),
    bill('ruru', 405001n, 'RB-4051', 'TransactionAdd', 9405101n, [
      { lineItemId: 840511n, itemCode: 'KAURI-BOX', programId: 4051, points: n('40.125') },
      { lineItemId: 840512n, itemCode: 'TOTARA-CUP', programId: 4051, points: n('9') },
      {
        programId: 4051,
        points: n('4'),
        promotion: { id: 40551, identifier: 'RU-SPRING', name: 'Spring bonus' },
      },
    ]),
    bill('ruru', 405001n, 'RB-4052', 'TransactionAdd', 9405102n, [{ programId: 4052, points: n('20') }]),
    bill('ruru', 405002n, 'RB-4053', 'TransactionAdd', 9405103n, [{ programId: 4051, points: n('27.5') }]),
    bill('ruru', 405003n, 'RB-4054', 'TransactionAdd', 9405104n, [{ programId: 4051, points: n('11') }]),
    bill('ruru', 405005n, 'RB-4055', 'TransactionAdd', 9405105n, [{ programId: 4051, points: n('12.125') }]),
  ];

  /** The unique index `unlocked_lines (bill_number, line_no)`. */
  readonly unlocked = new Set<string>();

  readonly promotions = [
    { id: 40501, identifier: 'KE-AUTUMN', programId: 4001, org: 'kea' },
    { id: 40551, identifier: 'RU-SPRING', programId: 4051, org: 'ruru' },
  ];
  /** Points awards: id → the customer it was awarded to. */
  readonly awards = new Map<bigint, bigint>([
    [40901n, 400001n],
    [40951n, 405001n],
  ]);

  /** fabric's `members` table: a uuid column, available and pending NUMERIC(14,3). */
  readonly members = new Map<string, { available: bigint; pending: bigint }>([
    [FABRIC_MEMBER, { available: n('5200'), pending: n('0') }],
  ]);

  /** promised points of a customer in a program still locked on bills (external trigger based). */
  promisedOnBills(entityId: bigint, programId: number): bigint {
    let sum = 0n;
    for (const b of this.bills)
      if (b.customer === entityId)
        b.lines.forEach((line, i) => {
          if (line.programId === programId && !this.unlocked.has(`${b.billNumber}#${i}`)) sum += line.points;
        });
    return sum;
  }
}

function customer(
  entityId: bigint,
  org: string,
  mobile: string,
  email: string,
  externalId: string,
): Customer {
  return {
    entityId,
    org,
    identifiers: {
      mobile,
      email,
      externalId,
      id: String(entityId),
      cuid: `cu-${entityId}`,
      primaryUserId: `pu-${entityId}`,
    },
  };
}

function bill(
  org: string,
  customer: bigint,
  billNumber: string,
  eventName: string,
  eventLogId: bigint,
  lines: BillLine[],
): Bill {
  return { org, customer, billNumber, eventName, eventLogId, lines };
}
