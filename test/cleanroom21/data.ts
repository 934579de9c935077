import { type Thousandths, th } from './decimal.ts';

/**
 * The vendor's tables, fresh for each start. Org tiber: negative balances off, dual eligibility with
 * email as the primary (emails stored as given, with capitals; SQL Server's default collation
 * matches them case-insensitively), three programs: 3101 (2 round decimals, the default), 3102 (0),
 * 3103 (3). Org arno: negative balances on, dual eligibility off, programs 3201 (1, default) and
 * 3202 (2). Promised points live on bill lines (a bill-level line, one line per line item, a
 * promotion line); a customer's promised balance is the sum of its bills' lines not yet unlocked.
 */

export interface ProgramPoints {
  main: Thousandths;
}

export interface Customer {
  readonly entityId: number;
  readonly identifiers: Readonly<Record<string, string>>;
  readonly programs: Map<number, ProgramPoints>;
}

export interface BillLine {
  readonly programId: number;
  readonly points: Thousandths;
  readonly category: 'delayed' | 'external';
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
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
  /** Whether the credential's access group includes the Points resource. */
  readonly points: boolean;
}

export interface Org {
  readonly id: string;
  readonly negativeBalance: boolean;
  /** The primary identifier under dual eligibility, undefined when it is off. */
  readonly primary?: string;
  readonly defaultProgramId: number;
  readonly roundDecimals: ReadonlyMap<number, number>;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: { id: number; identifier: string; programId: number }[];
  /** pointsAwardedId → the customer it was awarded to. */
  readonly awards: Map<number, Customer>;
}

export interface Tables {
  readonly orgs: Org[];
  /** Basic: username → md5 hex of the password and the credential. */
  readonly tills: Map<string, { md5: string; credential: Credential }>;
  /** OAuth: key → secret and the credential. */
  readonly clients: Map<string, { secret: string; credential: Credential }>;
  readonly fabricMembers: Map<string, FabricMember>;
}

export interface FabricMember {
  readonly profileId: string;
  available: Thousandths;
  pending: Thousandths;
  earned: Thousandths;
  deducted: Thousandths;
}

function customer(
  entityId: number,
  identifiers: Record<string, string>,
  points: [number, string][],
): Customer {
  return { entityId, identifiers, programs: new Map(points.map(([p, v]) => [p, { main: th(v) }])) };
}

const line = (
  programId: number,
  points: string,
  category: BillLine['category'],
  extra: Partial<BillLine> = {},
) => ({ programId, points: th(points), category, unlocked: false, ...extra }) as BillLine;

function tiber(): Org {
  const marta = customer(
    31000001,
    {
      mobile: '393331000001',
      email: 'Marta.Rossi@Tiber.TEST',
      externalId: 'T21-MARTA',
      id: '31000001',
      cuid: 'cu-21-marta',
      primaryUserId: 'pu-21-marta',
    },
    [
      [3101, '1250.5'],
      [3102, '800'],
      [3103, '40.125'],
    ],
  );
  const paolo = customer(
    31000002,
    { mobile: '393331000002', email: 'PAOLO@tiber.test', externalId: 'T21-PAOLO', id: '31000002' },
    [
      [3102, '300'],
      [3101, '75.25'],
    ],
  );
  const lucia = customer(
    31000003,
    { mobile: '393331000099', email: 'Lucia@Tiber.TEST', externalId: 'T21-LUCIA', id: '31000003' },
    [[3101, '90']],
  );
  const giulia = customer(
    31000004,
    { mobile: '393331000099', email: 'Giulia@Tiber.TEST', externalId: 'T21-GIULIA', id: '31000004' },
    [[3101, '60.5']],
  );
  const enzo = customer(
    31000005,
    { mobile: '393331000005', email: 'Enzo@Tiber.TEST', externalId: 'T21-ENZO', id: '31000005' },
    [[3101, '35.75']],
  );
  const summer = { id: 31501, identifier: 'ESTATE-21', name: 'Estate 2026' };
  return {
    id: 'tiber',
    negativeBalance: false,
    primary: 'email',
    defaultProgramId: 3101,
    roundDecimals: new Map([
      [3101, 2],
      [3102, 0],
      [3103, 3],
    ]),
    customers: [marta, paolo, lucia, giulia, enzo],
    bills: [
      {
        billNumber: 'T21-B-0001',
        customer: marta,
        eventName: 'TransactionAdd',
        eventLogId: 310001,
        // The same item code on two lines: unlocking CX-9 unlocks both.
        lines: [
          line(3101, '6', 'external'),
          line(3101, '10', 'delayed', { lineItemId: 310011, itemCode: 'AB-1' }),
          line(3101, '5.5', 'delayed', { lineItemId: 310012, itemCode: 'CX-9' }),
          line(3101, '4.25', 'delayed', { lineItemId: 310013, itemCode: 'CX-9' }),
          line(3101, '12', 'delayed', { promotion: summer }),
        ],
      },
      {
        billNumber: 'T21-B-0002',
        customer: marta,
        eventName: 'TransactionAdd',
        eventLogId: 310002,
        lines: [line(3103, '7.125', 'delayed', { lineItemId: 310021, itemCode: 'DE-3' })],
      },
      {
        billNumber: 'T21-B-0003',
        customer: lucia,
        eventName: 'TransactionAdd',
        eventLogId: 310003,
        lines: [line(3101, '20', 'delayed')],
      },
      {
        billNumber: 'T21-B-0004',
        customer: giulia,
        eventName: 'TransactionUpdate',
        eventLogId: 310004,
        lines: [line(3101, '15', 'external')],
      },
    ],
    promotions: [{ id: summer.id, identifier: summer.identifier, programId: 3101 }],
    awards: new Map([[31901, marta]]),
  };
}

function arno(): Org {
  const rosa = customer(
    32000001,
    { mobile: '393332000001', email: 'Rosa@Arno.TEST', externalId: 'A21-ROSA', id: '32000001' },
    [
      [3201, '500.5'],
      [3202, '120.75'],
    ],
  );
  const sara = customer(
    32000002,
    { mobile: '393332000002', email: 'Casa@Arno.TEST', externalId: 'A21-SARA', id: '32000002' },
    [[3201, '40']],
  );
  const tina = customer(
    32000003,
    { mobile: '393332000003', email: 'Casa@Arno.TEST', externalId: 'A21-TINA', id: '32000003' },
    [[3201, '25.5']],
  );
  const autumn = { id: 32501, identifier: 'AUTUNNO-21', name: 'Autunno' };
  return {
    id: 'arno',
    negativeBalance: true,
    defaultProgramId: 3201,
    roundDecimals: new Map([
      [3201, 1],
      [3202, 2],
    ]),
    customers: [rosa, sara, tina],
    bills: [
      {
        billNumber: 'A21-B-0001',
        customer: rosa,
        eventName: 'TransactionAdd',
        eventLogId: 320001,
        lines: [
          line(3201, '3.5', 'delayed'),
          line(3201, '8', 'delayed', { lineItemId: 320011, itemCode: 'ZZ-1' }),
          line(3201, '2.5', 'external', { lineItemId: 320012, itemCode: 'ZZ-2' }),
          line(3201, '5', 'external', { promotion: autumn }),
        ],
      },
      {
        billNumber: 'A21-B-0002',
        customer: rosa,
        eventName: 'TransactionAdd',
        eventLogId: 320002,
        lines: [line(3202, '9.25', 'delayed', { lineItemId: 320021, itemCode: 'ZZ-3' })],
      },
      {
        billNumber: 'A21-B-0003',
        customer: sara,
        eventName: 'TransactionAdd',
        eventLogId: 320003,
        lines: [line(3201, '11', 'delayed')],
      },
      {
        billNumber: 'A21-B-0004',
        customer: tina,
        eventName: 'TransactionAdd',
        eventLogId: 320004,
        lines: [line(3201, '4', 'delayed')],
      },
    ],
    promotions: [{ id: autumn.id, identifier: autumn.identifier, programId: 3201 }],
    awards: new Map([[32901, rosa]]),
  };
}

/** md5 hex of the fixture passwords, as the till table stores them. */
import { createHash } from 'node:crypto';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

export const FABRIC_TOKEN = 'cr21-fabric-token';
export const FABRIC_MEMBER = '7c0e2a51-2121-4d21-8e21-c0ffee002121';

export function freshTables(): Tables {
  const [t, a] = [tiber(), arno()];
  const tills = new Map([
    ['Till.Tiber.01', { md5: md5('tiber-till-pw'), credential: { org: t, points: true } }],
    ['Till.Tiber.View', { md5: md5('tiber-view-pw'), credential: { org: t, points: false } }],
    ['Till.Arno.01', { md5: md5('arno-till-pw'), credential: { org: a, points: true } }],
  ]);
  const clients = new Map([
    ['cr21-tiber-app', { secret: 'tiber-app-secret', credential: { org: t, points: true } }],
    ['cr21-arno-app', { secret: 'arno-app-secret', credential: { org: a, points: true } }],
    ['cr21-arno-viewer', { secret: 'arno-viewer-secret', credential: { org: a, points: false } }],
  ]);
  const member: FabricMember = {
    profileId: FABRIC_MEMBER,
    available: th('250'),
    pending: 0n,
    earned: th('250'),
    deducted: 0n,
  };
  return { orgs: [t, a], tills, clients, fabricMembers: new Map([[FABRIC_MEMBER, member]]) };
}
