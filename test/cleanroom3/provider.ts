/**
 * Third clean-room provider: the four documents read independently, with choices of its own where
 * they are silent (404 for unknown customers and bills, 409 for business-rule refusals, 422 for a
 * program the customer is not in, 403/4000 for the Points access group, amounts as JSON numbers,
 * several programs with 0, 2, 3 and 6 round decimals, a default program with 0 decimals, a
 * promotion in a non-default program, points awards with a reference type that must match,
 * fabric pointType / billingEntity / reasonCode from a tenant list, pending fabric points that
 * turn active after a period, no fabric balance below zero).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SCALE = 1_000_000; // amounts are kept in millionths (6 decimals is the finest program)

interface Program {
  id: number;
  roundDecimals: number;
}
interface Award {
  id: number;
  refType: string;
}
interface Customer {
  ids: Record<string, string>;
  main: Map<number, number>;
  awards: Award[];
}
interface Line {
  program: number;
  points: number;
  lineItemId?: number;
  itemCode?: string;
  unlocked: boolean;
}
interface Bill {
  customer: string;
  billNumber: string;
  eventName: string;
  eventLogId: number;
  lines: Line[];
}
interface Promotion {
  id: number;
  identifier: string;
  name: string;
  program: number;
}
interface Org {
  negativeOnReturn: boolean;
  defaultProgram: number;
  programs: Program[];
  primary: string | null;
  customers: Map<string, Customer>;
  bills: Bill[];
  promotions: Promotion[];
  groups: { id: string; primaryUserId: string; members: string[] }[];
}

const pts = (n: number): number => Math.round(n * SCALE);
const out = (m: number): number => m / SCALE;

function customer(ids: Record<string, string>, main: Record<number, number>, awards: Award[] = []): Customer {
  return { ids, main: new Map(Object.entries(main).map(([k, v]) => [Number(k), pts(v)])), awards };
}

/** A bill; each line is [program, promised points] (bill level) or [program, points, lineItemId, itemCode]. */
function bill(
  customer: string,
  billNumber: string,
  eventLogId: number,
  lines: [number, number, number?, string?][],
  eventName = 'TransactionAdd',
): Bill {
  return {
    customer,
    billNumber,
    eventName,
    eventLogId,
    lines: lines.map(([program, points, lineItemId, itemCode]) => ({
      program,
      points: pts(points),
      ...(lineItemId === undefined ? {} : { lineItemId, itemCode }),
      unlocked: false,
    })),
  };
}

function seed(): Record<string, Org> {
  const north: Org = {
    negativeOnReturn: false,
    defaultProgram: 11,
    programs: [
      { id: 11, roundDecimals: 2 },
      { id: 22, roundDecimals: 0 },
      { id: 33, roundDecimals: 6 },
    ],
    primary: 'externalId',
    customers: new Map([
      [
        'N1',
        customer(
          {
            mobile: '917000000001',
            externalId: 'XN-1',
            email: 'n1@north.test',
            id: '5001',
            cuid: 'CN-1',
            primaryUserId: 'PN-1',
          },
          { 11: 5000, 22: 300, 33: 12.5 },
          [
            { id: 9101, refType: 'bill_regular' },
            { id: 9102, refType: 'customer_promotions' },
          ],
        ),
      ],
      ['N2', customer({ mobile: '917000000002', externalId: 'XN-2', id: '5002' }, { 11: 40 })],
      [
        'N3',
        customer(
          { mobile: '917000000003', externalId: 'XN-3', email: 'shared@north.test', id: '5003' },
          { 11: 15 },
        ),
      ],
      [
        'N4',
        customer(
          { mobile: '917000000004', externalId: 'XN-4', email: 'shared@north.test', id: '5004' },
          { 11: 25 },
        ),
      ],
    ]),
    bills: [
      bill('N1', 'NB-1', 610001, [
        [11, 6],
        [11, 24, 7001, 'IC-A'],
        [33, 2.125, 7002, 'IC-B'],
      ]),
      bill('N3', 'NB-2', 610002, [[11, 10]]),
      bill('N2', 'NB-3', 610003, [[11, 5]]),
      bill('N1', 'NB-4', 610004, [[22, 7, 7010, 'IC-C']], 'PointsAward'),
    ],
    promotions: [{ id: 601, identifier: 'SPRING-X', name: 'Spring bonus', program: 22 }],
    groups: [],
  };
  const south: Org = {
    negativeOnReturn: true,
    defaultProgram: 44,
    programs: [
      { id: 44, roundDecimals: 0 },
      { id: 55, roundDecimals: 6 },
      { id: 66, roundDecimals: 3 },
    ],
    primary: null,
    customers: new Map([
      [
        'S1',
        customer(
          {
            mobile: '918000000001',
            externalId: 'XS-1',
            email: 's1@south.test',
            id: '6001',
            cuid: 'CS-1',
            primaryUserId: 'PS-1',
          },
          { 44: 1000, 55: 50.123456 },
          [{ id: 9201, refType: 'line_item_promotions' }],
        ),
      ],
      ['S2', customer({ mobile: '918000000002', externalId: 'XS-2', id: '6002' }, { 44: 0 })],
      [
        'S3',
        customer(
          { mobile: '918000000003', externalId: 'XS-3', id: '6003', primaryUserId: 'PS-3' },
          { 44: 3 },
        ),
      ],
    ]),
    bills: [
      bill('S1', 'SB-1', 620001, [
        [44, 8],
        [44, 3, 8001, 'IC-S1'],
        [55, 1.5, 8002, 'IC-S2'],
      ]),
      bill('S3', 'SB-2', 620002, [[44, 20]]),
      bill('S2', 'SB-3', 620003, [[44, 4]]),
    ],
    promotions: [{ id: 701, identifier: 'AUTUMN-Y', name: 'Autumn', program: 55 }],
    groups: [{ id: 'G-1', primaryUserId: 'PS-1', members: ['S1', 'S3'] }],
  };
  return { north, south };
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const TILLS: Record<string, { org: string; password: string; points: boolean }> = {
  'till.north': { org: 'north', password: 'north-till-pass', points: true },
  'till.north.ro': { org: 'north', password: 'north-ro-pass', points: false },
  'till.south': { org: 'south', password: 'south-till-pass', points: true },
  'till.south.ro': { org: 'south', password: 'south-ro-pass', points: false },
};
const CLIENTS: Record<string, { org: string; secret: string }> = {
  'north-client': { org: 'north', secret: 'north-client-secret' },
  'south-client': { org: 'south', secret: 'south-client-secret' },
};
const FABRIC_TOKEN = 'cleanroom3-fabric-token';
const FABRIC_POINT_TYPES = ['base', 'bonus', 'promotional', 'restricted'];
const FABRIC_BILLING = ['Company_Club', 'Company_Store'];
const FABRIC_REASONS = ['7501', '7502', '7503', '7504'];
const PENDING_MS = 14 * 24 * 3600 * 1000;

const SOURCES_NPA =
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' ');
const SOURCES_UPP =
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' ');
// the balance page names no source list: the union of the other two
const SOURCES_BAL = [...new Set([...SOURCES_NPA, ...SOURCES_UPP])];
const REF_TYPES =
  'bill_regular bill_promotions line_item_regular line_item_promotions customer_promotions'.split(' ');

class ApiError extends Error {
  constructor(
    readonly http: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

let trace: ((line: string) => void) | undefined;

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  trace?.(`  -> ${status} ${text}`);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
function sendError(res: ServerResponse, e: ApiError): void {
  send(res, e.http, { warnings: [], errors: [{ message: e.message, code: e.code, status: false }] });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) throw new ApiError(413, 8890, 'request body too large');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(text: string, code: number): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new ApiError(400, code, 'request body is not valid JSON');
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new ApiError(400, code, 'request body must be a JSON object');
  return v as Record<string, unknown>;
}

/** Decimal places of an amount as written (a string keeps its trailing zeros). */
function decimalsOf(raw: string): number {
  const m = /^\d+(?:\.(\d+))?$/.exec(raw);
  return m?.[1]?.length ?? 0;
}

/** Other readings the documents allow, each switched on by one option. */
export interface Cleanroom3Options {
  /** Amounts answered as decimal strings ("670.000"), as the documents' examples show. */
  stringAmounts?: boolean;
  /** Trailing zeros of an amount are not decimal places ("100.00" has 0). */
  trailingZerosFree?: boolean;
  /** A pointsAwardedRefType names the type of a pointsAwardedId: alone it is refused (8877). */
  refTypeNeedsAwardId?: boolean;
  /** fabric deductions may take a member below zero. */
  fabricBelowZero?: boolean;
  /** How long fabric points stay pending (ms); default 14 days. */
  pendingMs?: number;
  /** The balance and the unlock need the Points access group too. */
  allNeedPoints?: boolean;
  /** The deduction and the unlock look customers up under dual eligibility too. */
  dualEverywhere?: boolean;
  /** An unlock naming a line item or item code the bill does not have is refused (82323282). */
  strictLineItems?: boolean;
  /** A balance for a program the customer is not in is refused (1218). */
  notEnrolledBalanceError?: boolean;
  /** The deduction's pointsAvailable is the customer's total over all programs. */
  pointsAvailableTotal?: boolean;
  /** An unlock naming both lineItemIds and itemCodes takes the lines matching both. */
  filterIntersection?: boolean;
  /** fabric points must be whole numbers. */
  fabricWholePoints?: boolean;
  /** The target has no fabric member inquiry (it answers 404). */
  noInquiry?: boolean;
  /** The fabric member's available points at start (default 250). */
  fabricStart?: number;
  /**
   * Optimistic locking: a deduction or unlock that arrives while another one for the same customer
   * is being written (held a few ms) is refused with 409 and code 8910 (retry), never queued.
   */
  optimisticLock?: boolean;
}

export interface Cleanroom3 {
  url: string;
  close(): Promise<void>;
}

export async function startCleanroom3Provider(opts: Cleanroom3Options = {}): Promise<Cleanroom3> {
  const amount3 = (m: number): number | string => (opts.stringAmounts ? (m / SCALE).toFixed(3) : m / SCALE);
  const pendingMs = opts.pendingMs ?? PENDING_MS;
  const orgs = seed();
  const tokens = new Map<string, { org: string; expires: number }>();
  const busy = new Map<Org, Set<string>>();
  const fabric = new Map<string, { active: number; pending: { amount: number; until: number }[] }>([
    ['a3c1d9e2-5b7f-4c1a-9e0d-2f6b8a4c7d31', { active: pts(opts.fabricStart ?? 250), pending: [] }],
    ['b7e2f0a4-1c3d-4e5f-8a9b-0c1d2e3f4a5b', { active: 0, pending: [] }],
  ]);

  function auth(req: IncomingMessage): { org: Org; points: boolean } {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') {
      const t = tokens.get(token);
      if (!t || t.expires < Date.now()) throw new ApiError(401, 401, 'Invalid or expired OAuth token');
      return { org: orgs[t.org] as Org, points: true };
    }
    const h = req.headers.authorization ?? '';
    const m = /^Basic\s+(\S+)$/i.exec(h);
    if (!m?.[1]) throw new ApiError(401, 401, 'Authentication required');
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const till = TILLS[decoded.slice(0, i)];
    if (i < 0 || !till || md5(till.password) !== decoded.slice(i + 1).toLowerCase())
      throw new ApiError(401, 401, 'Invalid credentials');
    return { org: orgs[till.org] as Org, points: till.points };
  }

  function findCustomer(org: Org, name: string, value: string): [string, Customer] {
    const hits = [...org.customers].filter(([, c]) => c.ids[name] === value);
    if (hits.length !== 1 || !hits[0])
      throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
    return hits[0];
  }

  function notFound(): never {
    throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
  }

  function program(org: Org, id: number): Program {
    const p = org.programs.find((x) => x.id === id);
    if (!p) throw new ApiError(422, 1218, `customer is not enrolled in program ${id}`);
    return p;
  }

  function intParam(v: unknown, code: number, what: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
    throw new ApiError(400, code, `invalid ${what}`);
  }

  function deduct(org: Org, points: boolean, q: URLSearchParams, body: Record<string, unknown>) {
    const source = q.get('source');
    if (!source || !SOURCES_NPA.includes(source)) throw new ApiError(400, 8003, 'Invalid source');
    const name = q.get('identifierName');
    if (name !== 'mobile' && name !== 'externalId')
      throw new ApiError(400, 8013, 'Lookup,Invalid identifier passed');
    const value = q.get('identifierValue');
    if (!value) throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
    if (!points) throw new ApiError(403, 4000, 'Not authorized: the Points access group is required');
    const [, cust] =
      opts.dualEverywhere && org.primary && name !== org.primary
        ? notFound()
        : findCustomer(org, name, value);

    const raw = body.pointsToBeAdjusted;
    let rawText: string;
    if (typeof raw === 'number' && Number.isFinite(raw)) rawText = String(raw);
    else if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) rawText = raw.trim();
    else throw new ApiError(400, 8889, 'pointsToBeAdjusted must be a number greater than 0');
    if (/e/i.test(rawText))
      throw new ApiError(400, 8889, 'pointsToBeAdjusted must be a plain decimal number');
    const amountNum = Number(rawText);
    if (amountNum === 0) throw new ApiError(400, 8888, 'points cannot be zero');
    if (amountNum < 0) throw new ApiError(400, 8889, 'pointsToBeAdjusted must be greater than 0');

    const reason = body.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new ApiError(400, 8882, 'reasonOfReturn is required');
    if ([...reason].length > 50)
      throw new ApiError(400, 8883, 'reasonOfReturn cannot be longer than 50 characters');

    const programIdIn = intParam(body.programId, 8884, 'programId');
    const promotionId = intParam(body.promotionId, 8874, 'promotionId');
    const promotionIdentifier = body.promotionIdentifier;
    if (
      promotionIdentifier !== undefined &&
      promotionIdentifier !== null &&
      typeof promotionIdentifier !== 'string'
    )
      throw new ApiError(400, 8874, 'invalid promotionIdentifier');
    const hasIdentifier = typeof promotionIdentifier === 'string';
    if (promotionId !== undefined && hasIdentifier)
      throw new ApiError(400, 8886, 'promotionId and promotionIdentifier cannot both be passed');
    if (hasIdentifier && programIdIn === undefined)
      throw new ApiError(400, 8887, 'programId is required with promotionIdentifier');

    let programId = programIdIn;
    if (promotionId !== undefined || hasIdentifier) {
      const promo = org.promotions.find((p) =>
        promotionId !== undefined ? p.id === promotionId : p.identifier === promotionIdentifier,
      );
      if (!promo || (programId !== undefined && promo.program !== programId))
        throw new ApiError(400, 8874, 'Invalid promotion id');
      programId = promo.program;
    }
    programId ??= org.defaultProgram;
    const prog = program(org, programId);
    if (!cust.main.has(programId))
      throw new ApiError(422, 1218, `customer is not enrolled in program ${programId}`);

    const awardId = intParam(body.pointsAwardedId, 8877, 'pointsAwardedId');
    const refType = body.pointsAwardedRefType;
    if (
      refType !== undefined &&
      refType !== null &&
      (typeof refType !== 'string' || !REF_TYPES.includes(refType))
    )
      throw new ApiError(400, 9975, 'Invalid pointsAwardedRefType');
    if (opts.refTypeNeedsAwardId && typeof refType === 'string' && awardId === undefined)
      throw new ApiError(400, 8877, 'pointsAwardedRefType needs the pointsAwardedId it describes');
    if (awardId !== undefined) {
      const award = cust.awards.find((a) => a.id === awardId);
      if (!award) throw new ApiError(400, 8877, 'Invalid pointsAwardedId');
      if (typeof refType === 'string' && refType !== award.refType)
        throw new ApiError(
          400,
          9975,
          `pointsAwardedRefType ${refType} does not match points award ${awardId}`,
        );
    }

    const places = decimalsOf(
      opts.trailingZerosFree && rawText.includes('.') ? rawText.replace(/\.?0+$/, '') : rawText,
    );
    if (places > prog.roundDecimals)
      throw new ApiError(
        400,
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${prog.roundDecimals} for programId: ${programId}`,
      );
    const amount = pts(amountNum);
    const available = cust.main.get(programId) ?? 0;
    if (amount > available && !org.negativeOnReturn)
      throw new ApiError(
        409,
        8907,
        `points to be deducted ${rawText} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    cust.main.set(programId, available - amount);
    return {
      warnings: [],
      message: 'points deducted successfully for the user ',
      pointsAvailable: amount3(
        opts.pointsAvailableTotal ? [...cust.main.values()].reduce((a, b) => a + b, 0) : available - amount,
      ),
      status: 'success',
      programId,
      pointsDeducted: amount3(amount),
    };
  }

  function balance(org: Org, q: URLSearchParams) {
    const source = q.get('source');
    if (!source || !SOURCES_BAL.includes(source)) throw new ApiError(400, 8003, 'Invalid source');
    const names = (q.get('identifierName') ?? '').split(',').map((s) => s.trim());
    const values = (q.get('identifierValue') ?? '').split(',').map((s) => s.trim());
    const known = ['mobile', 'email', 'externalId', 'id', 'cuid'];
    if (names.some((n) => !known.includes(n)))
      throw new ApiError(400, 8013, 'Lookup,Invalid identifier passed');
    if (values.length !== names.length || values.some((v) => v === ''))
      throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
    let name: string;
    let value: string;
    if (org.primary) {
      const i = names.indexOf(org.primary);
      if (i < 0) throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
      name = org.primary;
      value = values[i] as string;
    } else {
      if (names.length !== 1) throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
      name = names[0] as string;
      value = values[0] as string;
    }
    const [key, cust] = findCustomer(org, name, value);
    const all = q.get('fetchDataForAllPrograms');
    if (all !== null && all !== 'true' && all !== 'false')
      throw new ApiError(400, 8891, 'fetchDataForAllPrograms must be true or false');
    const pidText = q.get('programId');
    let programs: number[];
    const warnings: unknown[] = [];
    if (all === 'true') programs = [...cust.main.keys()];
    else {
      let pid = org.defaultProgram;
      if (pidText !== null && pidText !== '') {
        if (!/^\d+$/.test(pidText)) throw new ApiError(400, 8884, 'invalid programId');
        pid = Number(pidText);
        program(org, pid);
      }
      if (!cust.main.has(pid) && opts.notEnrolledBalanceError)
        throw new ApiError(422, 1218, `customer is not enrolled in program ${pid}`);
      if (!cust.main.has(pid))
        warnings.push({ code: 1218, message: `customer is not enrolled in program ${pid}`, status: true });
      programs = [pid];
    }
    let main = 0;
    let delayed = 0;
    let external = 0;
    for (const p of programs) main += cust.main.get(p) ?? 0;
    for (const b of org.bills)
      if (b.customer === key)
        for (const l of b.lines)
          if (!l.unlocked && programs.includes(l.program)) {
            if (l.lineItemId === undefined) delayed += l.points;
            else external += l.points;
          }
    return {
      warnings,
      totalPoints: amount3(main + delayed + external),
      promisedPointsBreakup: {
        externalTriggerBasedPoints: amount3(external),
        delayedAccrualPoints: amount3(delayed),
      },
      promisedPoints: amount3(delayed + external),
      mainPoints: amount3(main),
      entityType: 'CUSTOMER',
      entityId: Number(cust.ids.id),
      programIds: programs,
    };
  }

  /** The body's optional fields, typed as the table types them, are checked before the bill is looked up. */
  function checkUnlockTypes(body: Record<string, unknown>): void {
    const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    const bad = (what: string): never => {
      throw new ApiError(400, 82323273, `invalid ${what}`);
    };
    for (const k of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
      if (body[k] !== undefined && body[k] !== null && !isInt(body[k])) bad(k);
    const e = body.eventLogId;
    if (e !== undefined && e !== null && !isInt(e) && !(Array.isArray(e) && e.every(isInt)))
      bad('eventLogId');
    const l = body.lineItemIds;
    if (l !== undefined && l !== null && !(Array.isArray(l) && l.every(isInt))) bad('lineItemIds');
    const c = body.itemCodes;
    if (
      c !== undefined &&
      c !== null &&
      !(Array.isArray(c) && c.every((x) => typeof x === 'string' && x !== ''))
    )
      bad('itemCodes');
    const d = body.billDate;
    if (
      d !== undefined &&
      d !== null &&
      (typeof d !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d)))
    )
      bad('billDate');
  }

  function unlock(org: Org, q: URLSearchParams, body: Record<string, unknown>) {
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source)
      throw new ApiError(400, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
    if (!SOURCES_UPP.includes(source)) throw new ApiError(400, 8003, 'Invalid source');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2')
      throw new ApiError(400, 82323276, 'Entity type invalid.');
    const names = ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'];
    if (!names.includes(name)) throw new ApiError(400, 8013, 'Lookup,Invalid identifier passed');
    let owners: string[];
    if (type === 'USERGROUP2') {
      const g = org.groups.find((x) =>
        name === 'id' ? x.id === value : name === 'primaryUserId' ? x.primaryUserId === value : false,
      );
      if (!g) throw new ApiError(404, 1645, 'Group details passed are not valid.');
      owners = g.members;
    } else if (opts.dualEverywhere && org.primary && name !== org.primary) notFound();
    else owners = [findCustomer(org, name, value)[0]];

    const eventName = body.eventName;
    if (typeof eventName !== 'string' || eventName === '')
      throw new ApiError(400, 82323272, 'Event name not found.');
    const billRaw = body.billNumber;
    if (billRaw === undefined || billRaw === null || billRaw === '')
      throw new ApiError(400, 82323271, 'Bill number missing.');
    if (typeof billRaw !== 'string' && typeof billRaw !== 'number')
      throw new ApiError(400, 82323271, 'Bill number missing.');
    const billNumber = String(billRaw);
    checkUnlockTypes(body);
    const bill = org.bills.find((b) => b.billNumber === billNumber && owners.includes(b.customer));
    if (!bill) throw new ApiError(404, 82323277, 'No bill found for given bill number.');
    if (bill.eventName !== eventName) throw new ApiError(400, 82323272, 'Event name not found.');
    if (body.eventLogId !== undefined && body.eventLogId !== null) {
      const ids = Array.isArray(body.eventLogId) ? body.eventLogId : [body.eventLogId];
      if (!ids.every((x) => String(x) === String(bill.eventLogId)))
        throw new ApiError(404, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    }
    const arr = (v: unknown, what: string): unknown[] | undefined => {
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v)) throw new ApiError(400, 82323282, `${what} must be an array`);
      return v;
    };
    const lineItemIds = arr(body.lineItemIds, 'lineItemIds')?.map(String);
    const itemCodes = arr(body.itemCodes, 'itemCodes')?.map(String);
    if (
      body.billDate !== undefined &&
      (typeof body.billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.billDate))
    )
      throw new ApiError(400, 82323273, 'billDate must be YYYY-MM-DD');
    const sourceProgramId = intParam(body.sourceProgramId, 82323282, 'sourceProgramId');
    const filtered = lineItemIds !== undefined || itemCodes !== undefined;
    const byId = (l: Line) =>
      l.lineItemId !== undefined && (lineItemIds ?? []).includes(String(l.lineItemId));
    const byCode = (l: Line) => l.itemCode !== undefined && (itemCodes ?? []).includes(l.itemCode);
    const matchesAny = (l: Line) => byId(l) || byCode(l);
    const matchesAll = (l: Line) =>
      (lineItemIds === undefined || byId(l)) && (itemCodes === undefined || byCode(l));
    const chosen = bill.lines.filter(
      (l) =>
        !l.unlocked &&
        (sourceProgramId === undefined || l.program === sourceProgramId) &&
        (!filtered || (opts.filterIntersection ? matchesAll(l) : matchesAny(l))),
    );
    const unknownFilter =
      (lineItemIds ?? []).some((id) => !bill.lines.some((l) => String(l.lineItemId) === id)) ||
      (itemCodes ?? []).some((c) => !bill.lines.some((l) => l.itemCode === c));
    if (chosen.length === 0 || (opts.strictLineItems && unknownFilter))
      throw new ApiError(409, 82323282, 'No promise points found to unlock.');
    const owner = org.customers.get(bill.customer) as Customer;
    const entries = chosen.map((l) => {
      l.unlocked = true;
      owner.main.set(l.program, (owner.main.get(l.program) ?? 0) + l.points);
      return l.itemCode === undefined
        ? { programId: l.program, pointsUnlocked: amount3(l.points), billNumber: bill.billNumber }
        : {
            programId: l.program,
            pointsUnlocked: amount3(l.points),
            itemCode: l.itemCode,
            billNumber: bill.billNumber,
          };
    });
    return { warnings: [], pointsUnlocked: entries };
  }

  function fabricAdjust(req: IncomingMessage, text: string) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return fabricError(400, { body: 'request body is not valid JSON' });
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return fabricError(400, { body: 'request body must be an object' });
    const errors: Record<string, string> = {};
    const { points, profileId, pointType, billingEntity, reasonCode, setToPending } = body;
    if (typeof points !== 'number' || !Number.isFinite(points))
      errors.points = 'points is required and must be a number';
    else if (opts.fabricWholePoints && !Number.isInteger(points))
      errors.points = 'points must be a whole number';
    else if (points === 0) errors.points = 'points cannot be zero';
    else if (Math.abs(points) >= 1e12) errors.points = 'points out of range';
    if (typeof profileId !== 'string' || profileId === '') errors.profileId = 'profileId is required';
    if (
      pointType !== undefined &&
      pointType !== null &&
      (typeof pointType !== 'string' || !FABRIC_POINT_TYPES.includes(pointType.toLowerCase()))
    )
      errors.pointType = `pointType must be one of Base, Bonus, Promotional, Restricted`;
    if (
      billingEntity !== undefined &&
      billingEntity !== null &&
      (typeof billingEntity !== 'string' || !FABRIC_BILLING.includes(billingEntity))
    )
      errors.billingEntity = 'unknown billingEntity';
    if (
      reasonCode !== undefined &&
      reasonCode !== null &&
      (typeof reasonCode !== 'string' || !FABRIC_REASONS.includes(reasonCode))
    )
      errors.reasonCode = 'unknown reasonCode';
    if (setToPending !== undefined && setToPending !== null && typeof setToPending !== 'boolean')
      errors.setToPending = 'setToPending must be a boolean';
    if (Object.keys(errors).length > 0) return fabricError(400, errors);
    const member = fabric.get(profileId as string);
    if (!member) return fabricError(404, { profileId: 'member not found' });
    settle(member);
    const amount = pts(points as number);
    const pending = setToPending === true;
    if (pending && amount < 0)
      return fabricError(400, { setToPending: 'only added points can be set to pending' });
    if (amount < 0 && member.active + amount < 0 && !opts.fabricBelowZero)
      return fabricError(409, { points: 'deduction exceeds the available points' });
    if (pending) member.pending.push({ amount, until: Date.now() + pendingMs });
    else member.active += amount;
    void req;
    const abs = Math.abs(points as number);
    const shown = Number.isInteger(abs) ? abs.toFixed(1) : String(abs);
    return {
      status: 200,
      body: {
        status: 200,
        data: {
          transactionCode: randomUUID(),
          Message: `${shown} points ${amount > 0 ? 'added' : 'deducted'}`,
          futureDate: pending,
          ExceptionString: '',
        },
        errors: {},
        message: 'Member points adjusted',
      },
    };
  }

  function fabricError(status: number, errors: Record<string, string>) {
    return { status, body: { status, errors, message: 'Member points not adjusted', data: null } };
  }

  function settle(m: { active: number; pending: { amount: number; until: number }[] }): void {
    const now = Date.now();
    for (const p of m.pending.filter((x) => x.until <= now)) m.active += p.amount;
    m.pending = m.pending.filter((x) => x.until > now);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    trace?.(`${method} ${req.url} ${text}`);

    if (path.startsWith('/api/')) {
      const bearer = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
      const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
      if (path !== '/api/v1/members/points-adjustment' && !inquiry)
        return send(res, 404, { status: 404, message: 'Not found', errors: {}, data: null });
      if (bearer?.[1] !== FABRIC_TOKEN)
        return send(res, 401, {
          status: 401,
          message: 'Unauthorized',
          errors: { authorization: 'invalid bearer token' },
          data: null,
        });
      if (inquiry && opts.noInquiry)
        return send(res, 404, { status: 404, message: 'Not found', errors: {}, data: null });
      if (inquiry) {
        if (method !== 'GET')
          return send(res, 405, { status: 405, message: 'Method not allowed', errors: {}, data: null });
        const id = decodeURIComponent(inquiry[1] as string);
        const m = fabric.get(id);
        if (!m) return send(res, 404, { status: 404, message: 'Member not found', errors: {}, data: null });
        settle(m);
        const pending = m.pending.reduce((s, p) => s + p.amount, 0);
        return send(res, 200, {
          status: 200,
          message: 'Member points',
          errors: {},
          data: [
            {
              profileId: id,
              pointsBalance: {
                memberPointsPending: out(pending),
                memberPointsAvailable: out(m.active),
                pendingUntil: m.pending.map((p) => new Date(p.until).toISOString()),
              },
            },
          ],
        });
      }
      if (method !== 'POST')
        return send(res, 405, { status: 405, message: 'Method not allowed', errors: {}, data: null });
      const r = fabricAdjust(req, text);
      return send(res, r.status, r.body);
    }

    try {
      if (path === '/v3/oauth/token/generate' && method === 'POST') {
        const b = parseJsonObject(text, 401);
        const c = typeof b.key === 'string' ? CLIENTS[b.key] : undefined;
        if (!c || b.secret !== c.secret)
          return send(res, 401, {
            errors: [{ status: false, code: 401, message: 'Invalid client key or secret' }],
            data: null,
          });
        const token = randomUUID();
        tokens.set(token, { org: c.org, expires: Date.now() + 3600_000 });
        return send(res, 200, { errors: null, data: { ttlSeconds: 3600, accessToken: token } });
      }
      const routes: Record<string, string> = {
        '/v2/customers/lookup/negativePointsAdjustment': 'POST',
        '/v2/points/unlockPromisedPoints': 'POST',
        '/v2/customers/lookup/points/balance': 'GET',
      };
      const want = routes[path];
      if (!want) throw new ApiError(404, 404, 'resource not found');
      if (method !== want) throw new ApiError(405, 405, 'method not allowed');
      const { org, points } = auth(req);
      if (opts.allNeedPoints && !points)
        throw new ApiError(403, 4000, 'Not authorized: the Points access group is required');
      if (path === '/v2/customers/lookup/points/balance')
        return send(res, 200, balance(org, url.searchParams));
      const body = parseJsonObject(text, 8890);
      if (opts.optimisticLock) {
        const key = `${path} ${url.searchParams.get('identifierValue')}`;
        if (busy.get(org)?.has(key))
          throw new ApiError(409, 8910, 'another update of this customer is in progress, retry');
        const held = busy.get(org) ?? new Set<string>();
        busy.set(org, held.add(key));
        try {
          await new Promise((resolve) => setTimeout(resolve, 5));
        } finally {
          held.delete(key);
        }
      }
      if (path === '/v2/points/unlockPromisedPoints')
        return send(res, 200, unlock(org, url.searchParams, body));
      return send(res, 200, deduct(org, points, url.searchParams, body));
    } catch (e) {
      if (e instanceof ApiError) return sendError(res, e);
      throw e;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof ApiError) return sendError(res, e);
      if (!res.headersSent)
        send(res, 500, { errors: [{ status: false, code: 500, message: String(e) }], warnings: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  if (process.env.CLEANROOM3_TRACE) trace = (line) => process.stderr.write(`${line}\n`);
  const opts = JSON.parse(process.env.CLEANROOM3_OPTS ?? '{}') as Cleanroom3Options;
  startCleanroom3Provider(opts).then((p) => console.log(p.url));
}
