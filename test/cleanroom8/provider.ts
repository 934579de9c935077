import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The eighth clean-room provider: the four endpoints written from the four documents and
 * DESIGN.md's domain facts alone, reading the deduction and balance pages to the letter where a
 * typical implementation would not. Capillary at the root, fabric under /api, one port.
 *
 * - Org `exact`: negative balance off, programs with 0, 1, 2, 3 and 4 round decimals, fractional
 *   balances, dual eligibility on with externalId as primary (a single non-primary identifier on the
 *   balance lookup is 8015, as the balance page's note says).
 * - Org `loose`: negative balance on, one program with 2 round decimals, no dual eligibility.
 * - Every documented error code, answered 400, 404, 409 or 422 by kind.
 * - `integerPoints`: the tables' Integer/int read literally: pointsAvailable and the balance fields
 *   whole numbers (truncated); otherwise the examples' string decimals ("670.000").
 * - `statusKey`: the response table's `Status` or the example's `status`.
 * - `tableBalance`: the balance table's fields where the table puts them (delayedAccrualPoints and
 *   externalTriggerBasedPoints at the top level as well, no promisedPoints, which the table omits).
 * - `literalDecimals`: decimal places of a string amount counted as written ("5.00" has 2).
 * - fabric: decimal points, pending points that turn active after `pendingMs` (never when 0),
 *   deductions past the available points allowed (the document is silent), the member inquiry
 *   present or absent.
 */
export interface Cleanroom8Options {
  readonly integerPoints?: boolean;
  readonly statusKey?: 'Status' | 'status';
  readonly tableBalance?: boolean;
  readonly literalDecimals?: boolean;
  readonly pendingMs?: number;
  readonly memberInquiry?: boolean;
  /** The identifier that decides lookups in org `exact` (externalId by default). */
  readonly primary?: string;
  /** The balance page's dual-eligibility note applied to every lookup, the deduction's too. */
  readonly strictLookups?: boolean;
  /** Errors answered HTTP 200 with the error envelope (the legacy v2 documents' "some failed"). */
  readonly errorsAs200?: boolean;
  /** pointsAvailable as the customer's points over all programs. */
  readonly availableOverall?: boolean;
  /** Balance figures and pointsAvailable rounded half up rather than truncated, when whole. */
  readonly roundHalfUp?: boolean;
  /** The unlock answer's pointsUnlocked one object when one line (the table's "Object"), itemCode a list. */
  readonly unlockTableForms?: boolean;
  /** fabric: an adjustment without profileId is the token's member; the inquiry lists one entry per pointType. */
  readonly fabricTokenMember?: boolean;
}

export interface Cleanroom8Provider {
  readonly url: string;
  close(): Promise<void>;
}

/** Points are held in units of 1/10000 (the finest program has 4 round decimals). */
const SCALE = 10_000;

interface Program {
  readonly id: number;
  readonly roundDecimals: number;
}

interface Customer {
  readonly entityId: number;
  readonly identifiers: Record<string, string>;
  /** Redeemable points per program, in units. */
  readonly main: Map<number, number>;
  /** Promised points released by an external trigger, per program, in units. */
  readonly external: Map<number, number>;
  readonly awards: Set<number>;
}

interface BillPart {
  readonly kind: 'bill' | 'item' | 'promotion';
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  readonly points: number;
  unlocked: boolean;
}

interface Bill {
  readonly billNumber: string;
  readonly customer: Customer;
  readonly programId: number;
  readonly eventName: string;
  readonly eventLogId?: number;
  readonly parts: BillPart[];
}

interface Org {
  readonly id: string;
  readonly negativeBalance: boolean;
  readonly defaultProgramId: number;
  readonly programs: Map<number, Program>;
  readonly primary?: string;
  readonly customers: Customer[];
  readonly bills: Map<string, Bill>;
  readonly promotions: { id: number; identifier: string; programId: number }[];
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

function customer(
  entityId: number,
  identifiers: Record<string, string>,
  main: [number, number][],
  external: [number, number][] = [],
  awards: number[] = [],
): Customer {
  return {
    entityId,
    identifiers,
    main: new Map(main.map(([p, v]) => [p, Math.round(v * SCALE)])),
    external: new Map(external.map(([p, v]) => [p, Math.round(v * SCALE)])),
    awards: new Set(awards),
  };
}

function part(kind: BillPart['kind'], points: number, extra: Partial<BillPart> = {}): BillPart {
  return { kind, points: Math.round(points * SCALE), unlocked: false, ...extra };
}

function buildOrgs(primary: string): Org[] {
  const alice = customer(
    880001,
    { externalId: 'EX-ALICE', mobile: '447700900001', email: 'alice@cr8.test', id: '880001', cuid: 'CU8-A' },
    [
      [83, 5000.375],
      [80, 4000],
      [81, 3000.5],
      [82, 2000.25],
      [84, 1000.1234],
    ],
    [[83, 7.5]],
    [5501],
  );
  const bob = customer(
    880002,
    { externalId: 'EX-BOB', mobile: '447700900002', email: 'shared@cr8.test', id: '880002' },
    [[83, 250.125]],
  );
  const carol = customer(
    880003,
    { externalId: 'EX-CAROL', mobile: '447700900003', email: 'shared@cr8.test', id: '880003' },
    [[83, 75.5]],
  );
  const dave = customer(880004, { externalId: 'EX-DAVE', mobile: '447700900004', id: '880004' }, [
    [83, 60.25],
  ]);
  const exact: Org = {
    id: 'exact',
    negativeBalance: false,
    defaultProgramId: 83,
    programs: new Map(
      (
        [
          [80, 0],
          [81, 1],
          [82, 2],
          [83, 3],
          [84, 4],
        ] as const
      ).map(([id, roundDecimals]): [number, Program] => [id, { id, roundDecimals }]),
    ),
    primary,
    customers: [alice, bob, carol, dave],
    bills: new Map(),
    promotions: [{ id: 8101, identifier: 'AUTUMN-CR8', programId: 83 }],
  };
  const bills: Bill[] = [
    {
      billNumber: 'CR8-B-1',
      customer: alice,
      programId: 83,
      eventName: 'TransactionAdd',
      eventLogId: 770001,
      parts: [
        part('bill', 12.25),
        part('item', 4.5, { lineItemId: 9101, itemCode: 'sku-a1' }),
        part('item', 6.125, { lineItemId: 9102, itemCode: 'sku-a2' }),
        part('promotion', 3, { promotion: { id: 8101, identifier: 'AUTUMN-CR8', name: 'Autumn' } }),
      ],
    },
    {
      billNumber: 'CR8-B-2',
      customer: bob,
      programId: 83,
      eventName: 'TransactionAdd',
      parts: [part('bill', 20.5), part('item', 5, { lineItemId: 9201, itemCode: 'sku-b1' })],
    },
    {
      billNumber: 'CR8-B-3',
      customer: carol,
      programId: 83,
      eventName: 'TransactionAdd',
      parts: [part('bill', 9.75)],
    },
  ];
  for (const b of bills) exact.bills.set(b.billNumber, b);

  const erin = customer(880101, { externalId: 'LO-ERIN', mobile: '447700910001', id: '880101' }, [
    [90, 120.45],
  ]);
  const frank = customer(880102, { externalId: 'LO-FRANK', mobile: '447700910002', id: '880102' }, [
    [90, 30.3],
  ]);
  const loose: Org = {
    id: 'loose',
    negativeBalance: true,
    defaultProgramId: 90,
    programs: new Map([[90, { id: 90, roundDecimals: 2 }]]),
    customers: [erin, frank],
    bills: new Map(),
    promotions: [],
  };
  const looseBills: Bill[] = [
    {
      billNumber: 'CR8-L-1',
      customer: erin,
      programId: 90,
      eventName: 'TransactionAdd',
      eventLogId: 770101,
      parts: [
        part('bill', 8.2),
        part('item', 2.5, { lineItemId: 9301, itemCode: 'sku-l1' }),
        part('item', 1.25, { lineItemId: 9302, itemCode: 'sku-l2' }),
      ],
    },
    {
      billNumber: 'CR8-L-2',
      customer: frank,
      programId: 90,
      eventName: 'TransactionAdd',
      parts: [part('bill', 11.11)],
    },
  ];
  for (const b of looseBills) loose.bills.set(b.billNumber, b);
  return [exact, loose];
}

const TILLS: Record<string, { org: string; password: string; points: boolean }> = {
  'cr8.exact.till': { org: 'exact', password: 'exact-till-pw', points: true },
  'cr8.exact.viewer': { org: 'exact', password: 'exact-view-pw', points: false },
  'cr8.loose.till': { org: 'loose', password: 'loose-till-pw', points: true },
};
const APPS: Record<string, { org: string; secret: string }> = {
  'cr8-exact-app': { org: 'exact', secret: 'exact-app-secret' },
  'cr8-loose-app': { org: 'loose', secret: 'loose-app-secret' },
};
const FABRIC_TOKEN = 'cr8-fabric-token';
const MEMBER = 'a8c1f3e2-0b7d-4e59-9c61-cr8member0001';

const DEDUCT_SOURCES = new Set([
  'INSTORE',
  'MARTJACK',
  'WECHAT',
  'FACEBOOK',
  'WEB_ENGAGE',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'ALL',
]);
const UNLOCK_SOURCES = new Set([
  'INSTORE',
  'FACEBOOK',
  'WEB_ENGAGE',
  'WECHAT',
  'MARTJACK',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'MOBILE_APP',
]);
const BALANCE_SOURCES = new Set([...DEDUCT_SOURCES, 'MOBILE_APP']);
const DEDUCT_NAMES = new Set(['externalId', 'mobile']);
const UNLOCK_NAMES = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BALANCE_NAMES = new Set(['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

/** HTTP status of each error code: the provider's choice (the documents name none). */
const STATUS_OF: Record<number, number> = {
  8015: 404,
  8013: 400,
  8003: 400,
  8906: 422,
  8907: 409,
  8888: 400,
  8887: 400,
  8874: 404,
  8877: 404,
  9975: 400,
  8882: 400,
  1218: 422,
  1645: 400,
  82323284: 400,
  82323277: 404,
  82323271: 400,
  82323272: 400,
  82323276: 400,
  3918: 404,
  82323282: 409,
  4000: 403,
  401: 401,
};

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: ApiError, as200: boolean): void {
  send(res, as200 && e.code !== 401 && e.code !== 4000 ? 200 : (STATUS_OF[e.code] ?? 400), {
    warnings: [],
    errors: [{ code: e.code, message: e.message, status: false }],
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The JSON object a request body holds; `refusal` is thrown for anything else. */
function objectOf(raw: string, refusal: ApiError): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw refusal;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refusal;
  return body as Record<string, unknown>;
}

/** Decimal places of an amount: as written for a string when `literal`, else significant ones. */
function decimalsOf(value: number | string, literal: boolean): number {
  const text = typeof value === 'string' ? value.trim() : String(value);
  if (/e/i.test(text)) {
    const n = Number(text);
    const s = n.toFixed(20).replace(/0+$/, '');
    return (s.split('.')[1] ?? '').length;
  }
  const frac = text.split('.')[1] ?? '';
  return literal && typeof value === 'string' ? frac.length : frac.replace(/0+$/, '').length;
}

export async function startCleanroom8Provider(options: Cleanroom8Options = {}): Promise<Cleanroom8Provider> {
  const orgs = buildOrgs(options.primary ?? 'externalId');
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const tokens = new Map<string, string>();
  const statusKey = options.statusKey ?? 'status';
  const fabric = {
    available: new Map<string, number>([['Base', 0]]),
    pending: [] as { units: number; at: number; type: string }[],
  };
  const credit = (type: string, units: number) =>
    fabric.available.set(type, (fabric.available.get(type) ?? 0) + units);

  const fmt = (units: number, decimals: number): number | string => {
    if (options.integerPoints) return (options.roundHalfUp ? Math.round : Math.trunc)(units / SCALE);
    return (units / SCALE).toFixed(Math.max(3, decimals));
  };

  function authenticate(req: IncomingMessage): { org: Org; points: boolean } {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string') {
      const org = tokens.get(token);
      if (org) return { org: orgById.get(org) as Org, points: true };
      throw new ApiError(401, 'Invalid or expired token');
    }
    const auth = req.headers.authorization ?? '';
    const m = /^Basic\s+(.+)$/i.exec(auth);
    if (m) {
      const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      const till = TILLS[decoded.slice(0, i)];
      if (i > 0 && till && decoded.slice(i + 1).toLowerCase() === md5(till.password))
        return { org: orgById.get(till.org) as Org, points: till.points };
    }
    throw new ApiError(401, 'Authentication failed');
  }

  /** Finds the customer of a lookup; `balance` applies the balance page's dual-eligibility note. */
  function lookup(
    org: Org,
    q: URLSearchParams,
    names: Set<string>,
    sources: Set<string>,
    balance: boolean,
  ): Customer {
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (!sources.has(source)) throw new ApiError(8003, 'Invalid source');
    const nameList = name.split(',').map((s) => s.trim());
    const valueList = value.split(',').map((s) => s.trim());
    for (const n of nameList) if (!names.has(n)) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (nameList.length !== valueList.length || valueList.some((v) => v === ''))
      throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    let pick: [string, string];
    if (nameList.length > 1 || ((balance || options.strictLookups) && org.primary)) {
      if (!org.primary) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
      const at = nameList.indexOf(org.primary);
      if (at < 0) throw new ApiError(8015, 'Customer not found for the given identifiers');
      pick = [org.primary, valueList[at] ?? ''];
    } else pick = [nameList[0] ?? '', valueList[0] ?? ''];
    const found = org.customers.filter((c) => c.identifiers[pick[0]] === pick[1]);
    const [only] = found;
    if (found.length !== 1 || !only) throw new ApiError(8015, 'Customer not found for the given identifiers');
    return only;
  }

  function deduct(org: Org, q: URLSearchParams, raw: string, points: boolean): unknown {
    if (!points) throw new ApiError(4000, 'Not authorized: Points access group required');
    const c = lookup(org, q, DEDUCT_NAMES, DEDUCT_SOURCES, false);
    const body = objectOf(raw, new ApiError(8888, 'Invalid request body'));
    const amountRaw = body.pointsToBeAdjusted;
    if (typeof amountRaw !== 'number' && typeof amountRaw !== 'string')
      throw new ApiError(8888, 'pointsToBeAdjusted is required');
    if (typeof amountRaw === 'string' && !/^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(amountRaw))
      throw new ApiError(8888, 'pointsToBeAdjusted is invalid');
    const amount = Number(amountRaw);
    if (!Number.isFinite(amount)) throw new ApiError(8888, 'pointsToBeAdjusted is invalid');
    if (amount === 0) throw new ApiError(8888, 'points cannot be zero');
    if (amount < 0) throw new ApiError(8888, 'points to be adjusted should be greater than 0');
    const reason = body.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new ApiError(8882, 'reasonOfReturn is required');
    if (reason.length > 50) throw new ApiError(8882, 'reasonOfReturn can be at most 50 characters');
    const intField = (key: string): number | undefined => {
      const v = body[key];
      if (v === undefined || v === null) return undefined;
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
      return Number.NaN;
    };
    let programId = intField('programId');
    if (Number.isNaN(programId)) throw new ApiError(1218, 'Invalid programId');
    const promotionId = intField('promotionId');
    const promotionIdentifier = body.promotionIdentifier;
    if (promotionId !== undefined && promotionIdentifier !== undefined && promotionIdentifier !== null)
      throw new ApiError(8874, 'promotionId and promotionIdentifier cannot both be passed');
    if (Number.isNaN(promotionId)) throw new ApiError(8874, 'Invalid promotion id');
    if (promotionIdentifier !== undefined && promotionIdentifier !== null) {
      if (programId === undefined) throw new ApiError(8887, 'programId is required with promotionIdentifier');
      const p = org.promotions.find((x) => x.identifier === promotionIdentifier && x.programId === programId);
      if (!p) throw new ApiError(8874, 'Invalid promotion id');
    }
    if (promotionId !== undefined) {
      const p = org.promotions.find((x) => x.id === promotionId);
      if (!p || (programId !== undefined && p.programId !== programId))
        throw new ApiError(8874, 'Invalid promotion id');
      programId = p.programId;
    }
    const refType = body.pointsAwardedRefType;
    if (refType !== undefined && refType !== null && (typeof refType !== 'string' || !REF_TYPES.has(refType)))
      throw new ApiError(9975, 'Invalid pointsAwardedRefType');
    const awardId = intField('pointsAwardedId');
    if (awardId !== undefined && (Number.isNaN(awardId) || !c.awards.has(awardId)))
      throw new ApiError(8877, 'Invalid pointsAwardedId');
    const pid = programId ?? org.defaultProgramId;
    const program = org.programs.get(pid);
    if (!program || !c.main.has(pid)) throw new ApiError(1218, `customer not enrolled in program ${pid}`);
    const places = decimalsOf(amountRaw, options.literalDecimals ?? false);
    if (places > program.roundDecimals)
      throw new ApiError(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${program.roundDecimals} for programId: ${pid}`,
      );
    const units = Math.round(amount * SCALE);
    const have = c.main.get(pid) ?? 0;
    if (units > have && !org.negativeBalance)
      throw new ApiError(
        8907,
        `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    c.main.set(pid, have - units);
    return {
      [statusKey]: 'success',
      pointsAvailable: options.availableOverall
        ? fmt(
            [...c.main.values()].reduce((sum, u) => sum + u, 0),
            Math.max(...[...c.main.keys()].map((id) => org.programs.get(id)?.roundDecimals ?? 0)),
          )
        : fmt(have - units, program.roundDecimals),
      message: 'points deducted successfully for the user ',
      warnings: [],
    };
  }

  function balance(org: Org, q: URLSearchParams): unknown {
    const c = lookup(org, q, BALANCE_NAMES, BALANCE_SOURCES, true);
    const all = q.get('fetchDataForAllPrograms') === 'true';
    const pidText = q.get('programId');
    let pids: number[];
    if (all) pids = [...c.main.keys()];
    else if (pidText !== null && pidText !== '') {
      if (!/^\d+$/.test(pidText)) throw new ApiError(1218, 'Invalid programId');
      const pid = Number(pidText);
      if (!org.programs.has(pid) || !c.main.has(pid))
        throw new ApiError(1218, `customer not enrolled in program ${pid}`);
      pids = [pid];
    } else pids = [org.defaultProgramId];
    let main = 0;
    let delayed = 0;
    let external = 0;
    let decimals = 0;
    for (const pid of pids) {
      main += c.main.get(pid) ?? 0;
      external += c.external.get(pid) ?? 0;
      for (const b of org.bills.values())
        if (b.customer === c && b.programId === pid)
          for (const p of b.parts) if (!p.unlocked) delayed += p.points;
      decimals = Math.max(decimals, org.programs.get(pid)?.roundDecimals ?? 0);
    }
    const f = (u: number) => fmt(u, decimals);
    const breakup = { delayedAccrualPoints: f(delayed), externalTriggerBasedPoints: f(external) };
    const body: Record<string, unknown> = {
      entityId: c.entityId,
      entityType: 'CUSTOMER',
      totalPoints: f(main + delayed + external),
      mainPoints: f(main),
    };
    if (options.tableBalance) {
      // Only the table's fields, where the table lists them.
      delete body.entityType;
      body.promisedPointsBreakup = breakup;
      Object.assign(body, breakup);
      return body;
    }
    body.promisedPoints = f(delayed + external);
    body.promisedPointsBreakup = breakup;
    body.warnings = [];
    return body;
  }

  function unlock(org: Org, q: URLSearchParams, raw: string): unknown {
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source)
      throw new ApiError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2') throw new ApiError(82323276, 'Entity type invalid.');
    if (type === 'USERGROUP2') throw new ApiError(1645, 'Group details passed are not valid.');
    const c = lookup(org, q, UNLOCK_NAMES, UNLOCK_SOURCES, false);
    const body = objectOf(raw, new ApiError(82323271, 'Bill number missing.'));
    const billNumber = body.billNumber;
    if (billNumber === undefined || billNumber === null || billNumber === '')
      throw new ApiError(82323271, 'Bill number missing.');
    if (typeof billNumber !== 'string' && typeof billNumber !== 'number')
      throw new ApiError(82323277, 'No bill found for given bill number.');
    const eventName = body.eventName;
    if (typeof eventName !== 'string' || eventName === '')
      throw new ApiError(82323272, 'Event name not found.');
    const bill = org.bills.get(String(billNumber));
    if (!bill || bill.customer !== c) throw new ApiError(82323277, 'No bill found for given bill number.');
    if (eventName !== bill.eventName) throw new ApiError(82323272, 'Event name not found.');
    const logs = body.eventLogId;
    if (logs !== undefined && logs !== null) {
      const list = Array.isArray(logs) ? logs : [logs];
      if (list.length === 0 || list.some((l) => String(l) !== String(bill.eventLogId)))
        throw new ApiError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    }
    const listOf = (key: string): unknown[] | undefined => {
      const v = body[key];
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v)) throw new ApiError(82323282, 'No promise points found to unlock.');
      return v;
    };
    const lineItemIds = listOf('lineItemIds');
    const itemCodes = listOf('itemCodes');
    const filtered = (lineItemIds?.length ?? 0) + (itemCodes?.length ?? 0) > 0;
    const chosen = bill.parts.filter(
      (p) =>
        !p.unlocked &&
        (!filtered ||
          (p.kind === 'item' &&
            ((lineItemIds ?? []).some((x) => String(x) === String(p.lineItemId)) ||
              (itemCodes ?? []).some((x) => String(x) === p.itemCode)))),
    );
    if (chosen.length === 0) throw new ApiError(82323282, 'No promise points found to unlock.');
    const decimals = org.programs.get(bill.programId)?.roundDecimals ?? 3;
    const pointsUnlocked = chosen.map((p) => {
      p.unlocked = true;
      bill.customer.main.set(bill.programId, (bill.customer.main.get(bill.programId) ?? 0) + p.points);
      const pts = fmt(p.points, decimals);
      if (p.kind === 'promotion')
        return {
          pointsUnlocked: pts,
          programId: bill.programId,
          promotionIdentifier: p.promotion?.identifier,
          promotionId: p.promotion?.id,
          promotionName: p.promotion?.name,
        };
      if (p.kind === 'item')
        return {
          billNumber: bill.billNumber,
          itemCode: options.unlockTableForms ? [p.itemCode] : p.itemCode,
          pointsUnlocked: pts,
          programId: bill.programId,
        };
      return { billNumber: bill.billNumber, pointsUnlocked: pts, programId: bill.programId };
    });
    if (options.unlockTableForms && pointsUnlocked.length === 1)
      return { pointsUnlocked: pointsUnlocked[0], warnings: [] };
    return { pointsUnlocked, warnings: [] };
  }

  const settle = () => {
    const now = Date.now();
    if (!options.pendingMs) return;
    fabric.pending = fabric.pending.filter((p) => {
      if (p.at > now) return true;
      credit(p.type, p.units);
      return false;
    });
  };

  function fabricEnvelope(
    res: ServerResponse,
    status: number,
    message: string,
    errors: object,
    data: unknown,
  ) {
    send(res, status, { status, message, errors, data });
  }

  async function handleFabric(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${FABRIC_TOKEN}`)
      return fabricEnvelope(res, 401, 'Unauthorized', { authorization: 'Bearer token required' }, null);
    settle();
    const inquiry = /^\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (inquiry && options.memberInquiry) {
      if (req.method !== 'GET') return fabricEnvelope(res, 405, 'Method not allowed', {}, null);
      if (decodeURIComponent(inquiry[1] ?? '') !== MEMBER)
        return fabricEnvelope(res, 404, 'Member not found', { profileId: 'not found' }, null);
      const pendingOf = (type?: string) =>
        fabric.pending
          .filter((p) => type === undefined || p.type === type)
          .reduce((sum, p) => sum + p.units, 0);
      const entries = options.fabricTokenMember
        ? [...fabric.available].map(([type, units]) => ({
            pointType: type,
            pointsBalance: {
              memberPointsAvailable: units / SCALE,
              memberPointsPending: pendingOf(type) / SCALE,
            },
          }))
        : [
            {
              pointsBalance: {
                memberPointsAvailable: [...fabric.available.values()].reduce((sum, u) => sum + u, 0) / SCALE,
                memberPointsPending: pendingOf() / SCALE,
              },
            },
          ];
      return fabricEnvelope(res, 200, 'Member points', {}, entries);
    }
    if (path !== '/v1/members/points-adjustment') return fabricEnvelope(res, 404, 'Not found', {}, null);
    if (req.method !== 'POST') return fabricEnvelope(res, 405, 'Method not allowed', {}, null);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return fabricEnvelope(res, 400, 'Invalid request body', { body: 'not JSON' }, null);
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fabricEnvelope(res, 400, 'Invalid request body', { body: 'not an object' }, null);
    const points = body.points;
    if (typeof points !== 'number' || !Number.isFinite(points))
      return fabricEnvelope(res, 400, 'Invalid request', { points: 'a number is required' }, null);
    if (points === 0) return fabricEnvelope(res, 400, 'Invalid request', { points: 'cannot be zero' }, null);
    if (decimalsOf(points, false) > 4)
      return fabricEnvelope(res, 400, 'Invalid request', { points: 'at most 4 decimal places' }, null);
    for (const key of ['pointType', 'billingEntity', 'reasonCode'] as const) {
      const v = body[key];
      if (v !== undefined && v !== null && (typeof v !== 'string' || v.length < 1))
        return fabricEnvelope(res, 400, 'Invalid request', { [key]: 'a non-empty string' }, null);
    }
    const pending = body.setToPending ?? false;
    if (typeof pending !== 'boolean')
      return fabricEnvelope(res, 400, 'Invalid request', { setToPending: 'a boolean' }, null);
    const profileId = body.profileId;
    if (profileId !== undefined && typeof profileId !== 'string')
      return fabricEnvelope(res, 400, 'Invalid request', { profileId: 'a string' }, null);
    if (profileId !== MEMBER && !(profileId === undefined && options.fabricTokenMember))
      return fabricEnvelope(res, 404, 'Member not found', { profileId: 'not found' }, null);
    const units = Math.round(points * SCALE);
    const type = options.fabricTokenMember && typeof body.pointType === 'string' ? body.pointType : 'Base';
    if (pending)
      fabric.pending.push({
        units,
        type,
        at: options.pendingMs ? Date.now() + options.pendingMs : Number.POSITIVE_INFINITY,
      });
    else credit(type, units);
    const shown = (Math.abs(units) / SCALE).toFixed(1).replace(/\.0$/, '.0');
    return fabricEnvelope(
      res,
      200,
      'Member points adjusted',
      {},
      {
        Message: `${shown} points ${units > 0 ? 'added' : 'deducted'}${pending ? ' (pending)' : ''}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path.startsWith('/api/')) return handleFabric(req, res, path.slice(4));
    if (path === '/v3/oauth/token/generate') {
      if (req.method !== 'POST')
        return send(res, 405, { data: null, errors: [{ code: 405, message: 'POST only' }] });
      let body: { key?: unknown; secret?: unknown } = {};
      try {
        body = JSON.parse(await readBody(req));
      } catch {}
      const app = typeof body?.key === 'string' ? APPS[body.key] : undefined;
      if (!app || body.secret !== app.secret)
        return send(res, 401, {
          data: null,
          errors: [{ code: 401, message: 'Invalid key or secret', status: false }],
        });
      const token = randomUUID();
      tokens.set(token, app.org);
      return send(res, 200, { data: { accessToken: token, ttlSeconds: 3600 }, errors: null });
    }
    const routes: Record<string, string> = {
      '/v2/customers/lookup/negativePointsAdjustment': 'POST',
      '/v2/points/unlockPromisedPoints': 'POST',
      '/v2/customers/lookup/points/balance': 'GET',
    };
    const method = routes[path];
    if (!method)
      return send(res, 404, { errors: [{ code: 404, message: 'Not found', status: false }], warnings: [] });
    if (req.method !== method)
      return send(res, 405, {
        errors: [{ code: 405, message: 'Method not allowed', status: false }],
        warnings: [],
      });
    const raw = method === 'POST' ? await readBody(req) : '';
    try {
      const { org, points } = authenticate(req);
      const q = url.searchParams;
      if (path.endsWith('negativePointsAdjustment')) return send(res, 200, deduct(org, q, raw, points));
      if (path.endsWith('unlockPromisedPoints')) return send(res, 200, unlock(org, q, raw));
      return send(res, 200, balance(org, q));
    } catch (e) {
      if (e instanceof ApiError) return sendError(res, e, options.errorsAs200 ?? false);
      throw e;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 400, { errors: [{ code: 400, message: 'Bad request', status: false }] });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
