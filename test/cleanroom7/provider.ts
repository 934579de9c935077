/**
 * The seventh clean-room provider: the four endpoints written from the four vendor documents and
 * DESIGN.md's domain facts alone, with its effort on unlockPromisedPoints. Its bills carry promised
 * points at three levels, as the document's response example shows them: the bill itself (a line
 * with billNumber and no itemCode), its line items (several lines may share an itemCode, and one
 * bill spreads its points over two programs) and promotions (a line with promotionId,
 * promotionIdentifier and promotionName, no billNumber). A bill may already be partly unlocked
 * when the run starts. `lineItemIds`, `itemCodes` and `sourceProgramId` narrow an unlock; given
 * together, lineItemIds and itemCodes are read as an intersection or a union (an option).
 * `eventLogId` is accepted as the table's Array, the example's number, or a string of digits.
 * `type=USERGROUP2` unlocks the bills of a user group's members (1645 for an unknown group);
 * billDate, sourceStoreId and sourceTillId (or sourceTilId), when given, must match the bill
 * (82323277 otherwise). API errors are 400 (invalid input, 82323271, 82323272, 82323284, 82323276,
 * 1645), 403 (4000), 404 (8015, 82323277, 3918) or 409 (8907, 82323282), unless an option says 200.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Cleanroom7Options {
  /** How lineItemIds and itemCodes given together select line items (default intersection). */
  readonly combineFilters?: 'intersection' | 'union';
  /** One unlock line per line item (default: one per item code and program, shared codes summed). */
  readonly linePerLineItem?: boolean;
  /** Amounts as JSON numbers rather than the release notes' string decimals ("10.000"). */
  readonly numericAmounts?: boolean;
  /** Errors answered HTTP 200 with the error envelope (the legacy v2 reading), not 4xx. */
  readonly errorsWithStatus200?: boolean;
  /** Balances as the balance table types them, int: each field rounded down to a whole number. */
  readonly wholeBalances?: boolean;
  /**
   * The code of an "already unlocked" error (DESIGN.md: its code is not found), answered 409 when
   * everything the request selects was promised and is unlocked already; without it, 82323282.
   */
  readonly alreadyUnlockedCode?: number;
  /**
   * externalTriggerBasedPoints read as the table words it, "Promised points converted to regular
   * points upon receipt of an external trigger": the points unlocks have converted so far (a
   * record, already in mainPoints), while every promised point still locked counts as delayed
   * accrual. promisedPoints is then the delayed accrual points alone.
   */
  readonly externalTriggerAsConverted?: boolean;
  /** The balance answer without promisedPoints (the balance page's table does not list it). */
  readonly omitPromisedPoints?: boolean;
  /**
   * The bill line of each program carries the "Total number of points unlocked for the bill" there
   * (bill, item and promotion points of the call), the item and promotion lines its breakdown.
   */
  readonly billLineTotal?: boolean;
  /** The orgs whose bills' promised points were all unlocked before the run (a rerun without fresh bills). */
  readonly spentOrgs?: readonly string[];
  /** A bill with nothing left is refused before its eventName and eventLogId are checked. */
  readonly spentCheckedFirst?: boolean;
}

export interface Cleanroom7Provider {
  readonly url: string;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;

interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

interface Promised {
  /** undefined: points of the bill itself. */
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  readonly programId: number;
  points: number;
  unlocked: boolean;
}

interface Bill {
  readonly billNumber: string;
  readonly customer: string;
  readonly eventName: string;
  readonly eventLogIds: readonly number[];
  readonly billDate: string;
  readonly storeId: number;
  readonly tillId: number;
  readonly sourceProgramId: number;
  readonly promised: Promised[];
}

interface Customer {
  readonly key: string;
  readonly entityId: number;
  readonly identifiers: Record<string, string>;
  readonly programs: number[];
  /** Main (redeemable) points per program. */
  readonly main: Map<number, number>;
  /** Delayed-accrual promised points per program (not tied to an unlockable bill). */
  readonly delayed: Map<number, number>;
  readonly awards: number[];
}

interface Org {
  readonly id: string;
  readonly negativeAllowed: boolean;
  readonly defaultProgramId: number;
  readonly programs: Map<number, Program>;
  readonly dual?: string;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly groups: Map<string, string[]>;
  readonly promotions: { id: number; identifier: string; programId: number }[];
}

interface Credential {
  readonly org: Org;
  readonly pointsAccess: boolean;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** The source lists of the deduction and unlock pages; the balance page lists none. */
const SOURCES_DEDUCT = new Set(
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' '),
);
const SOURCES_UNLOCK = new Set(
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' '),
);
const SOURCES_BALANCE = new Set([...SOURCES_DEDUCT, ...SOURCES_UNLOCK]);
const NAMES_DEDUCT = new Set(['externalId', 'mobile']);
const NAMES_UNLOCK = new Set('mobile id externalId cuid primaryUserId'.split(' '));
const NAMES_BALANCE = new Set('mobile email externalId id cuid primaryUserId'.split(' '));
const REF_TYPES = new Set(
  'bill_regular bill_promotions line_item_regular line_item_promotions customer_promotions'.split(' '),
);
const EVENTS = new Set(['TransactionAdd', 'TransactionUpdate', 'ReturnBill']);

function customer(
  key: string,
  entityId: number,
  identifiers: Record<string, string>,
  main: Record<number, number>,
  delayed: Record<number, number> = {},
  awards: number[] = [],
): Customer {
  const programs = Object.keys(main).map(Number);
  return {
    key,
    entityId,
    identifiers,
    programs,
    main: new Map(Object.entries(main).map(([p, v]) => [Number(p), v])),
    delayed: new Map(Object.entries(delayed).map(([p, v]) => [Number(p), v])),
    awards,
  };
}

const p = (
  programId: number,
  points: number,
  line?: { lineItemId: number; itemCode: string },
  unlocked = false,
): Promised => ({ programId, points, unlocked, ...line });

const promo = (
  programId: number,
  points: number,
  id: number,
  identifier: string,
  name: string,
): Promised => ({
  programId,
  points,
  unlocked: false,
  promotion: { id, identifier, name },
});

/** A TransactionAdd bill: its event logs, [billDate, storeId, tillId, sourceProgramId] and promised points. */
const bill = (
  billNumber: string,
  customer: string,
  eventLogIds: number | number[],
  [billDate, storeId, tillId, sourceProgramId]: [string, number, number, number],
  promised: Promised[],
): Bill => ({
  billNumber,
  customer,
  eventName: 'TransactionAdd',
  eventLogIds: [eventLogIds].flat(),
  billDate,
  storeId,
  tillId,
  sourceProgramId,
  promised,
});

function seed(): Org[] {
  const ledger: Org = {
    id: 'ledger',
    negativeAllowed: false,
    defaultProgramId: 702,
    programs: new Map([
      [702, { id: 702, roundDecimals: 2 }],
      [701, { id: 701, roundDecimals: 1 }],
    ]),
    customers: [
      customer(
        'alice',
        770001,
        { mobile: '447700900001', email: 'alice@cr7.test', externalId: 'SEV-1', id: '770001', cuid: 'C7-A' },
        { 702: 1000, 701: 250 },
        { 702: 15 },
        [97001],
      ),
      customer(
        'bob',
        770002,
        { mobile: '447700900002', email: 'bob@cr7.test', externalId: 'SEV-2', id: '770002', cuid: 'C7-B' },
        { 702: 80 },
      ),
      customer(
        'carol',
        770003,
        { mobile: '447700900003', email: 'carol@cr7.test', externalId: 'SEV-3', id: '770003', cuid: 'C7-C' },
        { 702: 40, 701: 10 },
      ),
      customer(
        'dave',
        770004,
        { mobile: '447700900004', externalId: 'SEV-4', id: '770004', primaryUserId: 'PU-D' },
        { 702: 30 },
      ),
    ],
    bills: [
      bill(
        'CR7-L-100',
        'alice',
        [880001, 880002],
        ['2026-11-20', 1122, 323, 702],
        [
          p(702, 6),
          p(701, 3),
          p(702, 12, { lineItemId: 8101, itemCode: 'sku-a' }),
          p(702, 7.5, { lineItemId: 8102, itemCode: 'sku-b' }),
          p(702, 4, { lineItemId: 8103, itemCode: 'sku-b' }),
          p(701, 9, { lineItemId: 8104, itemCode: 'sku-c' }),
          p(701, 2, { lineItemId: 8105, itemCode: 'sku-b' }),
          promo(702, 5, 7701, 'AUTUMN-CR7', 'autumn double points'),
        ],
      ),
      // partly unlocked before the run: line 8201 and the bill's own points are gone already
      bill(
        'CR7-L-200',
        'bob',
        880010,
        ['2026-11-21', 1122, 324, 702],
        [
          p(702, 10, undefined, true),
          p(702, 8, { lineItemId: 8201, itemCode: 'sku-x' }, true),
          p(702, 14.25, { lineItemId: 8202, itemCode: 'sku-y' }),
          p(702, 3, { lineItemId: 8203, itemCode: 'sku-y' }),
        ],
      ),
      // promised points over two programs of one bill, and a promotion
      bill(
        'CR7-L-300',
        'carol',
        880020,
        ['2026-11-22', 1130, 12, 701],
        [
          p(702, 4),
          p(701, 6),
          p(702, 5, { lineItemId: 8301, itemCode: 'sku-q' }),
          p(701, 5, { lineItemId: 8302, itemCode: 'sku-q' }),
          promo(701, 2, 7702, 'WINTER-CR7', 'winter bonus'),
        ],
      ),
      bill(
        'CR7-L-400',
        'dave',
        880030,
        ['2026-11-23', 1122, 323, 702],
        [p(702, 9), p(702, 11, { lineItemId: 8401, itemCode: 'sku-z' })],
      ),
    ],
    groups: new Map([['G7-1', ['carol', 'dave']]]),
    promotions: [
      { id: 7701, identifier: 'AUTUMN-CR7', programId: 702 },
      { id: 7702, identifier: 'WINTER-CR7', programId: 701 },
    ],
  };
  const credit: Org = {
    id: 'credit',
    negativeAllowed: true,
    defaultProgramId: 801,
    programs: new Map([[801, { id: 801, roundDecimals: 3 }]]),
    dual: 'email',
    customers: [
      customer(
        'erin',
        780001,
        { mobile: '447700910001', email: 'erin@cr7.test', externalId: 'SEC-1', id: '780001' },
        { 801: 500 },
        { 801: 2.5 },
      ),
      customer(
        'finn',
        780002,
        { mobile: '447700910999', email: 'finn@cr7.test', externalId: 'SEC-2', id: '780002' },
        {
          801: 20,
        },
      ),
      customer(
        'gwen',
        780003,
        { mobile: '447700910999', email: 'gwen@cr7.test', externalId: 'SEC-3', id: '780003' },
        {
          801: 20,
        },
      ),
    ],
    bills: [
      bill(
        'CR7-C-100',
        'erin',
        890001,
        ['2026-11-24', 2001, 1, 801],
        [
          p(801, 1.5),
          p(801, 2.125, { lineItemId: 9101, itemCode: 'c-1' }),
          p(801, 3, { lineItemId: 9102, itemCode: 'c-2' }),
          p(801, 1, { lineItemId: 9103, itemCode: 'c-2' }),
        ],
      ),
      bill(
        'CR7-C-200',
        'finn',
        890010,
        ['2026-11-24', 2001, 2, 801],
        [p(801, 4), p(801, 6, { lineItemId: 9201, itemCode: 'c-9' })],
      ),
    ],
    groups: new Map(),
    promotions: [],
  };
  return [ledger, credit];
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

function decimalsOf(raw: string): number {
  const m = /\.(\d+)$/.exec(raw);
  return m ? m[1]!.replace(/0+$/, '').length : 0;
}

export async function startCleanroom7Provider(options: Cleanroom7Options = {}): Promise<Cleanroom7Provider> {
  const orgs = seed();
  for (const org of orgs.filter((o) => options.spentOrgs?.includes(o.id)))
    for (const bill of org.bills) for (const x of bill.promised) x.unlocked = true;
  const [ledger, credit] = orgs as [Org, Org];
  const credentials = new Map<string, Credential>([
    [`cr7.ledger.till:${md5('ledger-seven')}`, { org: ledger, pointsAccess: true }],
    [`cr7.ledger.viewer:${md5('viewer-seven')}`, { org: ledger, pointsAccess: false }],
    [`cr7.credit.till:${md5('credit-seven')}`, { org: credit, pointsAccess: true }],
  ]);
  const oauthClients = new Map<string, { secret: string; org: Org }>([
    ['cr7-ledger-app', { secret: 'ledger-app-seven', org: ledger }],
  ]);
  const tokens = new Map<string, Credential>();
  const fabricToken = 'cr7-fabric-token';
  const fabricMembers = new Map<string, { active: number; pending: number }>([
    ['7b1e0c3a-2f4d-4e8a-9c61-cr7member0001', { active: 0, pending: 0 }],
  ]);
  const amount = (n: number): number | string => (options.numericAmounts ? round(n) : round(n).toFixed(3));

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };
  const capError = (res: ServerResponse, error: ApiError) =>
    send(res, options.errorsWithStatus200 && error.status !== 401 ? 200 : error.status, {
      errors: [{ status: false, code: error.code, message: error.message }],
      warnings: [],
    });

  const authenticate = (req: IncomingMessage): Credential => {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string') {
      const found = tokens.get(token);
      if (!found) throw new ApiError(401, 401, 'Invalid or expired OAuth token');
      return found;
    }
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+(\S+)$/i.exec(header);
    if (!m) throw new ApiError(401, 401, 'Authentication failed');
    const found = credentials.get(Buffer.from(m[1]!, 'base64').toString('utf8'));
    if (!found) throw new ApiError(401, 401, 'Authentication failed');
    return found;
  };

  const lookup = (
    org: Org,
    query: URLSearchParams,
    names: Set<string>,
    sources: Set<string>,
    emptyCode: number,
    dual = false,
  ): Customer => {
    const name = query.get('identifierName') ?? '';
    const value = query.get('identifierValue') ?? '';
    const source = query.get('source') ?? '';
    if (!name || !value || !source)
      throw new ApiError(400, emptyCode, 'identifierName, identifierValue, or source cannot be empty');
    if (!sources.has(source)) throw new ApiError(400, 8003, 'Invalid source');
    const nameList = name.split(',').map((s) => s.trim());
    const valueList = value.split(',').map((s) => s.trim());
    if (nameList.some((n) => !names.has(n)))
      throw new ApiError(400, 8013, 'Lookup,Invalid identifier passed');
    if (nameList.length !== valueList.length)
      throw new ApiError(400, 8013, 'Lookup,Invalid identifier passed');
    if (nameList.length > 1 && !(dual && org.dual))
      throw new ApiError(400, 8013, 'Lookup,Invalid identifier passed');
    let useName = nameList[0]!;
    let useValue = valueList[0]!;
    if (dual && org.dual) {
      const at = nameList.indexOf(org.dual);
      if (at === -1) throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
      useName = org.dual;
      useValue = valueList[at]!;
    }
    const matches = org.customers.filter((c) => c.identifiers[useName] === useValue);
    if (matches.length !== 1) throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
    return matches[0]!;
  };

  const billPoints = (org: Org, c: Customer, programId: number, unlocked: boolean) =>
    org.bills
      .filter((b) => b.customer === c.key)
      .flatMap((b) => b.promised)
      .filter((x) => x.unlocked === unlocked && x.programId === programId)
      .reduce((s, x) => s + x.points, 0);

  // ---- balance -------------------------------------------------------------------------------
  const balance = (cred: Credential, query: URLSearchParams) => {
    const org = cred.org;
    const c = lookup(org, query, NAMES_BALANCE, SOURCES_BALANCE, 8015, true);
    const all = (query.get('fetchDataForAllPrograms') ?? '').toLowerCase() === 'true';
    const rawProgram = query.get('programId');
    let programs: number[];
    if (all) programs = c.programs;
    else if (rawProgram !== null && rawProgram !== '') {
      if (!/^\d+$/.test(rawProgram)) throw new ApiError(400, 8101, 'programId must be an integer');
      programs = [Number(rawProgram)];
    } else programs = [org.defaultProgramId];
    let main = 0;
    let delayed = 0;
    let external = 0;
    for (const id of programs) {
      main += c.main.get(id) ?? 0;
      delayed += c.delayed.get(id) ?? 0;
      if (!options.externalTriggerAsConverted) external += billPoints(org, c, id, false);
      else {
        delayed += billPoints(org, c, id, false);
        external += billPoints(org, c, id, true);
      }
    }
    const promised = options.externalTriggerAsConverted ? delayed : delayed + external;
    const shown = (n: number) => (options.wholeBalances ? Math.floor(round(n)) : round(n));
    return {
      entityId: c.entityId,
      entityType: 'CUSTOMER',
      totalPoints: shown(main + promised),
      mainPoints: shown(main),
      ...(options.omitPromisedPoints ? {} : { promisedPoints: shown(promised) }),
      promisedPointsBreakup: {
        delayedAccrualPoints: shown(delayed),
        externalTriggerBasedPoints: shown(external),
      },
      warnings: [],
    };
  };

  // ---- negativePointsAdjustment ------------------------------------------------------------------
  const deduct = (cred: Credential, query: URLSearchParams, body: Json) => {
    const org = cred.org;
    if (!cred.pointsAccess) throw new ApiError(403, 4000, 'Not authorized: Points access group required');
    const c = lookup(org, query, NAMES_DEDUCT, SOURCES_DEDUCT, 8013);
    const raw = body.pointsToBeAdjusted;
    let text: string;
    if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
    else if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) text = raw.trim();
    else throw new ApiError(400, 8101, 'pointsToBeAdjusted is required and must be a number');
    const points = Number(text);
    if (points === 0) throw new ApiError(400, 8888, 'points cannot be zero');
    if (points < 0) throw new ApiError(400, 8888, 'points to be adjusted must be greater than zero');
    const reason = body.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new ApiError(400, 8882, 'reasonOfReturn is required');
    if (reason.length > 50) throw new ApiError(400, 8882, 'reasonOfReturn cannot exceed 50 characters');
    const intOrAbsent = (key: string) => {
      const v = body[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
      throw new ApiError(400, 8101, `${key} must be an integer`);
    };
    const programId = intOrAbsent('programId');
    const promotionId = intOrAbsent('promotionId');
    const awardId = intOrAbsent('pointsAwardedId');
    const promotionIdentifier = body.promotionIdentifier;
    if (
      promotionIdentifier !== undefined &&
      promotionIdentifier !== null &&
      typeof promotionIdentifier !== 'string'
    )
      throw new ApiError(400, 8101, 'promotionIdentifier must be a string');
    if (promotionId !== undefined && promotionIdentifier)
      throw new ApiError(400, 8874, 'promotionId and promotionIdentifier cannot both be passed');
    if (promotionIdentifier && programId === undefined)
      throw new ApiError(400, 8887, 'programId cannot be empty when promotionIdentifier is passed');
    const refType = body.pointsAwardedRefType;
    if (refType !== undefined && refType !== null && (typeof refType !== 'string' || !REF_TYPES.has(refType)))
      throw new ApiError(400, 9975, 'Invalid pointsAwardedRefType');
    const program = programId ?? org.defaultProgramId;
    if (!org.programs.has(program) || !c.programs.includes(program))
      throw new ApiError(400, 1218, 'Customer is not enrolled in the program');
    if (promotionId !== undefined && !org.promotions.some((x) => x.id === promotionId))
      throw new ApiError(400, 8874, 'Invalid promotion id');
    if (promotionIdentifier && !org.promotions.some((x) => x.identifier === promotionIdentifier))
      throw new ApiError(400, 8874, 'Invalid promotion id');
    if (awardId !== undefined && !c.awards.includes(awardId))
      throw new ApiError(400, 8877, 'Invalid pointsAwardedId');
    const decimals = org.programs.get(program)!.roundDecimals;
    if (decimalsOf(text) > decimals)
      throw new ApiError(
        400,
        8906,
        `decimal places passed: ${decimalsOf(text)} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
      );
    const available = c.main.get(program) ?? 0;
    if (!org.negativeAllowed && points > available + 1e-9)
      throw new ApiError(
        409,
        8907,
        `points to be deducted ${text} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    c.main.set(program, round(available - points));
    return {
      status: 'success',
      pointsAvailable: amount(available - points),
      message: 'points deducted successfully for the user ',
      warnings: [],
    };
  };

  // ---- unlockPromisedPoints -------------------------------------------------------------------
  const unlock = (cred: Credential, query: URLSearchParams, body: Json) => {
    const org = cred.org;
    const name = query.get('identifierName') ?? '';
    const value = query.get('identifierValue') ?? '';
    const source = query.get('source') ?? '';
    if (!name || !value || !source)
      throw new ApiError(400, 82323284, 'identifierName, identifierValue, or source cannot be empty');
    const type = (query.get('type') ?? 'CUSTOMER').toUpperCase();
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2')
      throw new ApiError(400, 82323276, 'Entity type invalid');
    let owners: string[];
    if (type === 'USERGROUP2') {
      if (!SOURCES_UNLOCK.has(source)) throw new ApiError(400, 8003, 'Invalid source');
      const members = org.groups.get(value);
      if (!members || !['id', 'externalId'].includes(name))
        throw new ApiError(400, 1645, 'Group details passed are not valid');
      owners = members;
    } else owners = [lookup(org, query, NAMES_UNLOCK, SOURCES_UNLOCK, 82323284).key];

    const eventName = body.eventName;
    if (typeof eventName !== 'string' || eventName.trim() === '')
      throw new ApiError(400, 82323272, 'Event name not found');
    const rawBill = body.billNumber;
    if (rawBill === undefined || rawBill === null || rawBill === '')
      throw new ApiError(400, 82323271, 'Bill number missing');
    if (typeof rawBill !== 'string' && typeof rawBill !== 'number')
      throw new ApiError(400, 82323271, 'Bill number missing');
    const billNumber = String(rawBill);

    const intList = (key: string): number[] | undefined => {
      const v = body[key];
      if (v === undefined || v === null) return undefined;
      const list = Array.isArray(v) ? v : [v];
      return list.map((x) => {
        if (typeof x === 'number' && Number.isInteger(x)) return x;
        if (typeof x === 'string' && /^\d+$/.test(x)) return Number(x);
        throw new ApiError(400, 8101, `${key} must hold integers`);
      });
    };
    const eventLogIds = intList('eventLogId');
    const lineItemIds = intList('lineItemIds');
    const sourceProgramId = intList('sourceProgramId')?.[0];
    const storeId = intList('sourceStoreId')?.[0];
    const tillId = intList('sourceTillId')?.[0] ?? intList('sourceTilId')?.[0];
    let itemCodes: string[] | undefined;
    if (body.itemCodes !== undefined && body.itemCodes !== null) {
      const list = Array.isArray(body.itemCodes) ? body.itemCodes : [body.itemCodes];
      itemCodes = list.map((x) => {
        if (typeof x === 'string' || typeof x === 'number') return String(x);
        throw new ApiError(400, 8101, 'itemCodes must hold strings');
      });
    }
    const billDate = body.billDate;
    if (
      billDate !== undefined &&
      billDate !== null &&
      (typeof billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(billDate))
    )
      throw new ApiError(400, 8101, 'billDate must be YYYY-MM-DD');

    const bill = org.bills.find(
      (b) =>
        b.billNumber === billNumber &&
        owners.includes(b.customer) &&
        (billDate === undefined || billDate === null || (billDate as string).slice(0, 10) === b.billDate) &&
        (storeId === undefined || storeId === b.storeId) &&
        (tillId === undefined || tillId === b.tillId),
    );
    if (!bill) throw new ApiError(404, 82323277, 'No bill found for given bill number');
    if (options.spentCheckedFirst && bill.promised.every((x) => x.unlocked))
      throw options.alreadyUnlockedCode === undefined
        ? new ApiError(409, 82323282, 'No promise points found to unlock')
        : new ApiError(409, options.alreadyUnlockedCode, 'Promised points of this bill are already unlocked');
    if (!EVENTS.has(eventName) || bill.eventName !== eventName)
      throw new ApiError(400, 82323272, 'Event name not found');
    if (eventLogIds && (eventLogIds.length === 0 || eventLogIds.some((id) => !bill.eventLogIds.includes(id))))
      throw new ApiError(404, 3918, 'Error unlocking points: no eventLog found for given eventLogId');

    const byLine = lineItemIds && lineItemIds.length > 0 ? lineItemIds : undefined;
    const byCode = itemCodes && itemCodes.length > 0 ? itemCodes : undefined;
    const matching = bill.promised.filter((x) => {
      if (sourceProgramId !== undefined && x.programId !== sourceProgramId) return false;
      if (!byLine && !byCode) return true;
      if (x.lineItemId === undefined) return false;
      const inLine = byLine ? byLine.includes(x.lineItemId) : undefined;
      const inCode = byCode ? byCode.includes(x.itemCode!) : undefined;
      if (inLine !== undefined && inCode !== undefined)
        return options.combineFilters === 'union' ? inLine || inCode : inLine && inCode;
      return (inLine ?? inCode) as boolean;
    });
    const selected = matching.filter((x) => !x.unlocked);
    if (selected.length === 0 && matching.length > 0 && options.alreadyUnlockedCode !== undefined)
      throw new ApiError(
        409,
        options.alreadyUnlockedCode,
        'Promised points of this bill are already unlocked',
      );
    if (selected.length === 0) throw new ApiError(409, 82323282, 'No promise points found to unlock');

    const owner = org.customers.find((c) => c.key === bill.customer)!;
    const lines: Json[] = [];
    const itemLines = new Map<string, Json & { sum: number }>();
    for (const x of selected) {
      x.unlocked = true;
      owner.main.set(x.programId, round((owner.main.get(x.programId) ?? 0) + x.points));
      if (x.promotion) {
        lines.push({
          pointsUnlocked: x.points,
          programId: x.programId,
          promotionIdentifier: x.promotion.identifier,
          promotionId: x.promotion.id,
          promotionName: x.promotion.name,
        });
      } else if (x.itemCode === undefined) {
        const key = `bill:${x.programId}`;
        const line = itemLines.get(key);
        if (line) line.sum += x.points;
        else {
          const fresh = { billNumber: bill.billNumber, sum: x.points, programId: x.programId };
          itemLines.set(key, fresh);
          lines.push(fresh);
        }
      } else {
        const key = options.linePerLineItem ? `line:${x.lineItemId}` : `code:${x.itemCode}:${x.programId}`;
        const line = itemLines.get(key);
        if (line) line.sum += x.points;
        else {
          const fresh = {
            billNumber: bill.billNumber,
            itemCode: x.itemCode,
            sum: x.points,
            programId: x.programId,
          };
          itemLines.set(key, fresh);
          lines.push(fresh);
        }
      }
    }
    if (options.billLineTotal) {
      const totals = new Map<number, number>();
      for (const x of selected) totals.set(x.programId, (totals.get(x.programId) ?? 0) + x.points);
      for (const [programId, total] of totals) {
        const line = itemLines.get(`bill:${programId}`);
        if (line) line.sum = total;
        else lines.unshift({ billNumber: bill.billNumber, sum: total, programId });
      }
    }
    return {
      pointsUnlocked: lines.map((line) => {
        const { sum, ...rest } = line as Json & { sum?: number };
        const points = sum ?? (rest.pointsUnlocked as number);
        const out: Json = {};
        if (rest.billNumber !== undefined) out.billNumber = rest.billNumber;
        if (rest.itemCode !== undefined) out.itemCode = rest.itemCode;
        out.pointsUnlocked = amount(points);
        out.programId = rest.programId;
        for (const k of ['promotionIdentifier', 'promotionId', 'promotionName'])
          if (rest[k] !== undefined) out[k] = rest[k];
        return out;
      }),
      warnings: [],
    };
  };

  // ---- fabric ---------------------------------------------------------------------------------
  const fabricError = (res: ServerResponse, status: number, message: string, errors: Json) =>
    send(res, status, { message, errors, data: null, status });

  const fabricAdjust = (req: IncomingMessage, res: ServerResponse, body: unknown) => {
    if (req.headers.authorization !== `Bearer ${fabricToken}`)
      return fabricError(res, 401, 'Unauthorized', { authorization: 'Bearer token missing or invalid' });
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fabricError(res, 400, 'Invalid request', { body: 'must be a JSON object' });
    const b = body as Json;
    if (typeof b.points !== 'number' || !Number.isFinite(b.points))
      return fabricError(res, 400, 'Invalid request', { points: 'points is required and must be a number' });
    if (b.points === 0) return fabricError(res, 400, 'Invalid request', { points: 'points cannot be zero' });
    for (const key of ['pointType', 'billingEntity', 'reasonCode'])
      if (
        b[key] !== undefined &&
        b[key] !== null &&
        (typeof b[key] !== 'string' || (b[key] as string).length < 1)
      )
        return fabricError(res, 400, 'Invalid request', { [key]: 'must be a non-empty string or null' });
    if (b.setToPending !== undefined && typeof b.setToPending !== 'boolean')
      return fabricError(res, 400, 'Invalid request', { setToPending: 'must be a boolean' });
    if (typeof b.profileId !== 'string' || b.profileId === '')
      return fabricError(res, 400, 'Invalid request', {
        profileId: 'profileId is required to find the member',
      });
    const member = fabricMembers.get(b.profileId);
    if (!member)
      return fabricError(res, 404, 'Member not found', { profileId: 'no member with this profileId' });
    const pending = b.setToPending === true;
    if (pending) member.pending = round(member.pending + b.points);
    else member.active = round(member.active + b.points);
    const verb = b.points > 0 ? 'added' : 'deducted';
    return send(res, 200, {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${Math.abs(b.points).toFixed(1)} points ${verb}${pending ? ' (pending)' : ''}`,
        futureDate: pending,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    });
  };

  const fabricInquire = (req: IncomingMessage, res: ServerResponse, profileId: string) => {
    if (req.headers.authorization !== `Bearer ${fabricToken}`)
      return fabricError(res, 401, 'Unauthorized', { authorization: 'Bearer token missing or invalid' });
    const member = fabricMembers.get(profileId);
    if (!member)
      return fabricError(res, 404, 'Member not found', { profileId: 'no member with this profileId' });
    return send(res, 200, {
      message: 'Member points',
      errors: {},
      data: [
        { pointsBalance: { memberPointsAvailable: member.active, memberPointsPending: member.pending } },
      ],
      status: 200,
    });
  };

  // ---- routing --------------------------------------------------------------------------------
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= 1_000_000) chunks.push(chunk);
      });
      req.on('end', () =>
        resolve(size > 1_000_000 ? '\u0000too-large' : Buffer.concat(chunks).toString('utf8')),
      );
      req.on('error', reject);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        badJson = true;
      }
    }
    if (path === '/api/v1/members/points-adjustment') {
      if (method !== 'POST') return fabricError(res, 405, 'Method not allowed', {});
      if (badJson) return fabricError(res, 400, 'Invalid request', { body: 'malformed JSON' });
      return fabricAdjust(req, res, body);
    }
    const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (inquiry) {
      if (method !== 'GET') return fabricError(res, 405, 'Method not allowed', {});
      return fabricInquire(req, res, decodeURIComponent(inquiry[1]!));
    }
    if (path === '/v3/oauth/token/generate') {
      if (method !== 'POST')
        return send(res, 405, { data: null, errors: [{ code: 405, message: 'Method not allowed' }] });
      const b = (body ?? {}) as Json;
      const client = typeof b.key === 'string' ? oauthClients.get(b.key) : undefined;
      if (badJson || !client || client.secret !== b.secret)
        return send(res, 401, {
          data: null,
          errors: [{ status: false, code: 401, message: 'Invalid key or secret' }],
        });
      const accessToken = randomUUID();
      tokens.set(accessToken, { org: client.org, pointsAccess: true });
      return send(res, 200, { data: { accessToken, ttlSeconds: 3600 }, errors: null });
    }
    const routes: Record<
      string,
      { method: string; run: (c: Credential, q: URLSearchParams, b: Json) => unknown }
    > = {
      '/v2/customers/lookup/points/balance': { method: 'GET', run: (c, q) => balance(c, q) },
      '/v2/customers/lookup/negativePointsAdjustment': { method: 'POST', run: deduct },
      '/v2/points/unlockPromisedPoints': { method: 'POST', run: unlock },
    };
    const route = routes[path];
    if (!route)
      return send(res, 404, { errors: [{ status: false, code: 404, message: 'Not found' }], warnings: [] });
    if (method !== route.method)
      return send(res, 405, {
        errors: [{ status: false, code: 405, message: 'Method not allowed' }],
        warnings: [],
      });
    try {
      const cred = authenticate(req);
      if (route.method === 'POST') {
        if (badJson || typeof body !== 'object' || body === null || Array.isArray(body))
          throw new ApiError(400, 8101, 'Request body must be a JSON object');
      }
      return send(res, 200, route.run(cred, url.searchParams, (body ?? {}) as Json));
    } catch (error) {
      if (error instanceof ApiError) return capError(res, error);
      throw error;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 500, { errors: [{ status: false, code: 500, message: 'Internal error' }] });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
