/**
 * A clean-room loyalty provider, written from the four vendor documents (and the domain facts of
 * DESIGN.md) alone, before reading the reference provider or the suites. It exists to prove that
 * the suite gives no false verdict to an implementation whose choices differ from ours wherever
 * the documents allow. Its own choices:
 * - amounts are JSON numbers in answers and kept as integer millionths; decimals of an amount are
 *   counted without trailing zeros;
 * - errors: 400 validation (8906 included), 401 authentication, 403 access group (4000),
 *   404 not found (8015, 82323277, 3918), 422 business rule (8907, 1218, 82323282);
 * - codes the documents do not give are its own (8919 negative amount, 8920 amount not a number,
 *   8921 programId not an integer, 8922 fetchDataForAllPrograms not a boolean, 8923 unlock body
 *   types, 8886 promotionId with promotionIdentifier);
 * - promised points awaiting the unlock API are "external trigger based"; a separate
 *   "delayed accrual" pool (time-based) is never touched by the API;
 * - unlock filters select line items by id or by code (union); without filters every promised line
 *   of the bill moves; promotion lines are listed without billNumber, as in the example;
 * - north org: programs with 1 and 3 decimals, negative balances off, dual eligibility with
 *   externalId primary; south org: 0 and 2 decimals, negative balances on, mobile primary;
 * - OAuth: a client key/secret at POST /v3/oauth/token/generate (north) and a pre-issued token
 *   (south), both sent as X-CAP-API-OAUTH-TOKEN;
 * - fabric: deductions may not take the balance below zero (422), pending points are kept apart,
 *   the inquiry answers data[].pointsBalance.memberPointsAvailable.
 * CleanroomOptions switch on other readings the documents allow, one at a time.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SCALE = 1_000_000n;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Body = { [key: string]: Json };

interface PromisedLine {
  programId: number;
  amount: bigint;
  lineItemId?: number;
  itemCode?: string;
  promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

interface Bill {
  billNumber: string;
  customerId: number;
  eventName: string;
  eventLogId: number;
  lines: PromisedLine[];
}

interface Customer {
  id: number;
  mobile: string;
  externalId: string;
  email?: string;
  cuid?: string;
  primaryUserId?: string;
  /** program → redeemable points */
  main: Map<number, bigint>;
  /** program → delayed accrual points (released by time, never by this API) */
  delayed: Map<number, bigint>;
  awards: number[];
}

interface Org {
  name: string;
  negativeOnReturn: boolean;
  programs: Map<number, number>;
  defaultProgram: number;
  primary: 'mobile' | 'externalId' | 'email';
  tills: Map<string, { passwordMd5: string; points: boolean }>;
  tokens: Set<string>;
  clients: Map<string, string>;
  customers: Customer[];
  bills: Bill[];
  promotions: { id: number; identifier: string; programId: number }[];
}

interface FabricMember {
  profileId: string;
  available: bigint;
  pending: bigint;
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');
const pts = (n: number): bigint => BigInt(Math.round(n * 1_000_000));
const out = (v: bigint): number => Number(v) / 1_000_000;

function seed(): { orgs: Org[]; fabric: Map<string, FabricMember>; fabricTokens: Set<string> } {
  const north: Org = {
    name: 'north',
    negativeOnReturn: false,
    programs: new Map([
      [310, 1],
      [520, 3],
    ]),
    defaultProgram: 310,
    primary: 'externalId',
    tills: new Map([
      ['north.till', { passwordMd5: md5('north-pass-77'), points: true }],
      ['north.kiosk', { passwordMd5: md5('kiosk-pass-77'), points: false }],
    ]),
    tokens: new Set(['north-vault-token']),
    clients: new Map([['north-client', 'north-client-secret']]),
    customers: [
      {
        id: 7001,
        mobile: '447700900001',
        externalId: 'N-7001',
        email: 'iris@north.test',
        cuid: 'NC-7001',
        primaryUserId: 'NP-7001',
        main: new Map([
          [310, pts(5000.5)],
          [520, pts(1200.125)],
        ]),
        delayed: new Map([[310, pts(40)]]),
        awards: [44001],
      },
      {
        id: 7002,
        mobile: '447700900002',
        externalId: 'N-7002',
        email: 'family@north.test',
        main: new Map([[310, pts(800)]]),
        delayed: new Map(),
        awards: [],
      },
      {
        id: 7003,
        mobile: '447700900003',
        externalId: 'N-7003',
        email: 'Family@north.test',
        main: new Map([[310, pts(300)]]),
        delayed: new Map(),
        awards: [44003],
      },
      {
        id: 7004,
        mobile: '447700900004',
        externalId: 'N-7004',
        main: new Map([[310, pts(250)]]),
        delayed: new Map(),
        awards: [],
      },
    ],
    bills: [
      {
        billNumber: 'NB-100',
        customerId: 7001,
        eventName: 'TransactionAdd',
        eventLogId: 5551,
        lines: [
          { programId: 310, amount: pts(12.5), unlocked: false },
          { programId: 310, amount: pts(20), lineItemId: 901, itemCode: 'SKU-A', unlocked: false },
          { programId: 310, amount: pts(7.5), lineItemId: 902, itemCode: 'SKU-B', unlocked: false },
          {
            programId: 310,
            amount: pts(5),
            promotion: { id: 61, identifier: 'AUTUMN-25', name: 'Autumn double' },
            unlocked: false,
          },
        ],
      },
      {
        billNumber: 'NB-200',
        customerId: 7002,
        eventName: 'TransactionAdd',
        eventLogId: 5552,
        lines: [{ programId: 310, amount: pts(30), unlocked: false }],
      },
      {
        billNumber: 'NB-300',
        customerId: 7004,
        eventName: 'TransactionAdd',
        eventLogId: 5553,
        lines: [
          { programId: 310, amount: pts(15), unlocked: false },
          { programId: 310, amount: pts(4), lineItemId: 931, itemCode: 'SKU-Z', unlocked: false },
        ],
      },
      {
        billNumber: 'NB-400',
        customerId: 7001,
        eventName: 'TransactionAdd',
        eventLogId: 5554,
        lines: [{ programId: 520, amount: pts(9.875), lineItemId: 903, itemCode: 'SKU-C', unlocked: false }],
      },
    ],
    promotions: [{ id: 61, identifier: 'AUTUMN-25', programId: 310 }],
  };
  const south: Org = {
    name: 'south',
    negativeOnReturn: true,
    programs: new Map([
      [610, 0],
      [720, 2],
    ]),
    defaultProgram: 610,
    primary: 'mobile',
    tills: new Map([
      ['south.till', { passwordMd5: md5('south-pass-88'), points: true }],
      ['south.kiosk', { passwordMd5: md5('kiosk-pass-88'), points: false }],
    ]),
    tokens: new Set(['south-vault-token']),
    clients: new Map([['south-client', 'south-client-secret']]),
    customers: [
      {
        id: 8001,
        mobile: '61400100001',
        externalId: 'S-8001',
        email: 'oli@south.test',
        cuid: 'SC-8001',
        primaryUserId: 'SP-8001',
        main: new Map([
          [610, pts(900)],
          [720, pts(45.5)],
        ]),
        delayed: new Map([[720, pts(3.25)]]),
        awards: [45001],
      },
      {
        id: 8002,
        mobile: '61400100002',
        externalId: 'S-8002',
        email: 'pair@south.test',
        main: new Map([[610, 0n]]),
        delayed: new Map(),
        awards: [],
      },
      {
        id: 8003,
        mobile: '61400100003',
        externalId: 'S-8003',
        email: 'pair@south.test',
        main: new Map([[610, pts(70)]]),
        delayed: new Map(),
        awards: [],
      },
    ],
    bills: [
      {
        billNumber: 'SB-10',
        customerId: 8001,
        eventName: 'TransactionAdd',
        eventLogId: 6661,
        lines: [
          { programId: 610, amount: pts(8), unlocked: false },
          { programId: 610, amount: pts(11), lineItemId: 811, itemCode: 'ITM-1', unlocked: false },
          { programId: 720, amount: pts(2.5), lineItemId: 812, itemCode: 'ITM-2', unlocked: false },
        ],
      },
      {
        billNumber: 'SB-20',
        customerId: 8003,
        eventName: 'PurchaseEvent',
        eventLogId: 6662,
        lines: [{ programId: 610, amount: pts(25), unlocked: false }],
      },
      {
        billNumber: 'SB-30',
        customerId: 8002,
        eventName: 'TransactionAdd',
        eventLogId: 6663,
        lines: [{ programId: 610, amount: pts(6), unlocked: false }],
      },
    ],
    promotions: [{ id: 62, identifier: 'WINTER-9', programId: 610 }],
  };
  const fabric = new Map<string, FabricMember>([
    [
      '3c9d2b1e-7a41-4e55-9f0b-2d8e6c1a7b90',
      { profileId: '3c9d2b1e-7a41-4e55-9f0b-2d8e6c1a7b90', available: pts(1500), pending: 0n },
    ],
  ]);
  return { orgs: [north, south], fabric, fabricTokens: new Set(['cleanroom-fabric-token']) };
}

// ---------------------------------------------------------------------------------------------
// helpers

class ApiError extends Error {
  constructor(
    readonly httpStatus: number,
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

function capError(res: ServerResponse, e: ApiError): void {
  send(res, e.httpStatus, { errors: [{ status: false, code: e.code, message: e.message }], warnings: [] });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new ApiError(413, 413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJsonObject(text: string, code: number): Body {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, code, 'Request body is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(400, code, 'Request body must be a JSON object');
  }
  return value as Body;
}

/** A decimal amount (number or numeric string) → [scaled value, decimal places without trailing zeros]. */
function parseAmount(v: Json | undefined): { value: bigint; decimals: number } | undefined {
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return undefined;
    text = Math.abs(v) < 1e-6 && v !== 0 ? v.toFixed(20) : String(v);
    if (/e/i.test(text)) text = v.toFixed(12);
  } else if (typeof v === 'string') {
    text = v.trim();
    if (text !== v || text === '') return undefined;
  } else {
    return undefined;
  }
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const decimals = frac.length;
  if (decimals > 6) return { value: 0n, decimals };
  const value =
    (BigInt(m[2] ?? '0') * SCALE + BigInt(`${frac}000000`.slice(0, 6))) * (m[1] === '-' ? -1n : 1n);
  return { value, decimals };
}

/** An integer given as a JSON integer or a string of digits. */
function parseInteger(v: Json | undefined): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v)) return Number(v);
  return undefined;
}

const NPA_SOURCES = new Set([
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
const UPP_SOURCES = new Set([
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
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

/** Our own codes for the rules whose code only DESIGN.md's vendor facts give (option ownCodes). */
const OWN_CODES = new Map([
  [8888, 8940],
  [8887, 8941],
  [8874, 8942],
  [8877, 8943],
  [9975, 8944],
  [8882, 8945],
  [1218, 8946],
  [4000, 8947],
]);

// ---------------------------------------------------------------------------------------------
// the provider

export interface CleanroomProvider {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Other readings the documents allow, switched on one at a time to probe the suite for false
 * verdicts (the default is the provider's own reading).
 */
export interface CleanroomOptions {
  /** lineItemIds and itemCodes both given: lines matching both (default: either). */
  filterIntersection?: boolean;
  /** Promised points of bills counted as delayed accrual (default: external trigger based). */
  promisedAsDelayed?: boolean;
  /** fabric lets a deduction take the balance below zero (default: refused with 422). */
  fabricNegative?: boolean;
  /** Capillary bodies with a field neither the table nor the example names are refused. */
  strictFields?: boolean;
  /** A deduction's body is validated before its query and customer. */
  bodyFirst?: boolean;
  /** 8907 is checked before 8906. */
  balanceBeforeDecimals?: boolean;
  /** An unlock's eventLogId is checked before the bill's event name. */
  eventLogFirst?: boolean;
  /** An unlock answers one line per bill and program (the bill's total), promotions apart. */
  unlockTotals?: boolean;
  /** fabric refuses setToPending with a negative amount (pending applies to additions). */
  pendingAddsOnly?: boolean;
  /** An unlock with sourceProgramId moves only that program's promised points. */
  sourceProgramFilter?: boolean;
  /** The fabric inquiry answers a flat { memberPointsAvailable } without the data array. */
  inquiryFlat?: boolean;
  /** A balance reads the response table literally: breakup amounts at the top level. */
  balanceTableOnly?: boolean;
  /** Capillary error envelopes carry no warnings array. */
  errorNoWarnings?: boolean;
  /** Every request waits 0–20 ms before it is handled (reordering concurrent requests). */
  latency?: boolean;
  /** Deductions and unlocks refuse a lone non-primary identifier with 8015, as the balance does. */
  dualEverywhere?: boolean;
  /** A balance of a program the customer is not in is all zeros (default: 1218). */
  balanceZeroUnenrolled?: boolean;
  /** Codes the four documents do not give (8888, 8887, 8874, 8877, 9975, 8882, 1218, 4000) are our own. */
  ownCodes?: boolean;
  /** reasonOfReturn has no length limit (the documents give none). */
  noReasonLimit?: boolean;
  /** Integers typed Integer by the tables must be JSON integers (no digit strings). */
  strictTypes?: boolean;
  /** eventLogId must be an array, as the table types it. */
  eventLogArrayOnly?: boolean;
  /** fabric pointType must be one of the four categories the page names. */
  pointTypeEnum?: boolean;
  /** A string amount's decimals are counted as written ("100.00" has 2), not without trailing zeros. */
  literalDecimals?: boolean;
  /** An unlock without filters moves bill-level and promotion points only; item lines need a filter. */
  unfilteredBillLevelOnly?: boolean;
  /** A filter naming a line item or item code the bill does not have refuses the whole unlock. */
  unknownFilterRefused?: boolean;
  /**
   * The south org has dual eligibility off (profile-dual-off.yaml): a balance takes one identifier
   * of any kind, and a value two customers share finds no single customer (8015).
   */
  southDualOff?: boolean;
}

export async function startCleanroomProvider(options: CleanroomOptions = {}): Promise<CleanroomProvider> {
  const state = seed();
  const integer = (v: Json | undefined) =>
    options.strictTypes && typeof v === 'string' ? undefined : parseInteger(v);

  function authenticate(req: IncomingMessage): Org {
    const oauth = req.headers['x-cap-api-oauth-token'];
    if (typeof oauth === 'string' && oauth !== '') {
      const org = state.orgs.find((o) => o.tokens.has(oauth));
      if (!org) throw new ApiError(401, 401, 'Invalid OAuth token');
      return org;
    }
    const header = req.headers.authorization;
    const m = header ? /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header) : null;
    if (!m) throw new ApiError(401, 401, 'Authentication required');
    const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new ApiError(401, 401, 'Invalid credentials');
    const user = decoded.slice(0, colon);
    const pass = decoded.slice(colon + 1).toLowerCase();
    for (const org of state.orgs) {
      const till = org.tills.get(user);
      if (till && till.passwordMd5 === pass) {
        if (!till.points)
          throw new ApiError(403, 4000, 'Not authorized: the till lacks the Points access group');
        return org;
      }
    }
    throw new ApiError(401, 401, 'Invalid credentials');
  }

  function balanceOf(c: Customer, programId: number): bigint {
    return c.main.get(programId) ?? 0n;
  }

  function promisedOf(org: Org, c: Customer, programs: number[]): bigint {
    let sum = 0n;
    for (const bill of org.bills) {
      if (bill.customerId !== c.id) continue;
      for (const line of bill.lines)
        if (!line.unlocked && programs.includes(line.programId)) sum += line.amount;
    }
    return sum;
  }

  // --- negativePointsAdjustment --------------------------------------------------------------
  const NPA_FIELDS = new Set([
    'pointsToBeAdjusted',
    'programId',
    'reasonOfReturn',
    'pointsAwardedId',
    'promotionId',
    'promotionIdentifier',
    'pointsAwardedRefType',
  ]);
  const UPP_FIELDS = new Set([
    'eventName',
    'billNumber',
    'eventLogId',
    'lineItemIds',
    'itemCodes',
    'billDate',
    'sourceStoreId',
    'sourceTilId',
    'sourceTillId',
    'sourceProgramId',
  ]);
  function checkFields(body: Body, allowed: Set<string>, code: number): void {
    if (!options.strictFields) return;
    for (const key of Object.keys(body)) {
      if (!allowed.has(key)) throw new ApiError(400, code, `unknown field ${key}`);
    }
  }

  function deduct(org: Org, q: URLSearchParams, body: Body): Body {
    checkFields(body, NPA_FIELDS, 8924);
    if (options.bodyFirst) validateDeductionBody(body);
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (name !== 'mobile' && name !== 'externalId')
      throw new ApiError(400, 8013, 'Lookup,Invalid identifier passed');
    if (source === null || !NPA_SOURCES.has(source)) throw new ApiError(400, 8003, 'Invalid source');
    const customer = value ? org.customers.find((c) => c[name] === value) : undefined;
    if (!customer || (options.dualEverywhere && name !== org.primary)) {
      throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
    }
    const amount = validateDeductionBody(body);
    return applyDeduction(org, customer, amount, body);
  }

  function validateDeductionBody(body: Body): { value: bigint; decimals: number } {
    if (body.reasonOfReturn === undefined || body.reasonOfReturn === null || body.reasonOfReturn === '') {
      throw new ApiError(400, 8882, 'reasonOfReturn is required');
    }
    if (typeof body.reasonOfReturn !== 'string')
      throw new ApiError(400, 8882, 'reasonOfReturn must be a string');
    if (!options.noReasonLimit && body.reasonOfReturn.length > 50)
      throw new ApiError(400, 8882, 'reasonOfReturn is limited to 50 characters');

    const parsed = parseAmount(body.pointsToBeAdjusted);
    if (!parsed) throw new ApiError(400, 8920, 'pointsToBeAdjusted must be a number');
    const written =
      typeof body.pointsToBeAdjusted === 'string' ? /\.(\d+)$/.exec(body.pointsToBeAdjusted) : null;
    const amount =
      options.literalDecimals && written ? { ...parsed, decimals: written[1]?.length ?? 0 } : parsed;
    if (amount.value === 0n && amount.decimals <= 6) throw new ApiError(400, 8888, 'points cannot be zero');
    if (amount.value < 0n) throw new ApiError(400, 8919, 'pointsToBeAdjusted must be greater than 0');
    return amount;
  }

  function applyDeduction(
    org: Org,
    customer: Customer,
    amount: { value: bigint; decimals: number },
    body: Body,
  ): Body {
    let programId = org.defaultProgram;
    const hasProgram = body.programId !== undefined && body.programId !== null;
    if (hasProgram) {
      const p = integer(body.programId);
      if (p === undefined) throw new ApiError(400, 8921, 'programId must be an integer');
      programId = p;
    }

    const hasPromoId = body.promotionId !== undefined && body.promotionId !== null;
    const hasPromoIdentifier = body.promotionIdentifier !== undefined && body.promotionIdentifier !== null;
    if (hasPromoId && hasPromoIdentifier) {
      throw new ApiError(400, 8886, 'promotionId and promotionIdentifier are an invalid input combination');
    }
    if (hasPromoIdentifier && !hasProgram)
      throw new ApiError(400, 8887, 'promotionIdentifier needs a programId');

    if (!customer.main.has(programId)) {
      throw new ApiError(422, 1218, `customer is not enrolled in program ${programId}`);
    }

    if (hasPromoId) {
      const id = integer(body.promotionId);
      if (id === undefined || !org.promotions.some((p) => p.id === id && p.programId === programId)) {
        throw new ApiError(400, 8874, 'Invalid promotion id');
      }
    }
    if (hasPromoIdentifier) {
      const ident = body.promotionIdentifier;
      if (
        typeof ident !== 'string' ||
        !org.promotions.some((p) => p.identifier === ident && p.programId === programId)
      ) {
        throw new ApiError(400, 8874, 'Invalid promotion identifier');
      }
    }
    if (body.pointsAwardedRefType !== undefined && body.pointsAwardedRefType !== null) {
      if (typeof body.pointsAwardedRefType !== 'string' || !REF_TYPES.has(body.pointsAwardedRefType)) {
        throw new ApiError(400, 9975, 'Invalid pointsAwardedRefType');
      }
    }
    if (body.pointsAwardedId !== undefined && body.pointsAwardedId !== null) {
      const id = integer(body.pointsAwardedId);
      if (id === undefined || !customer.awards.includes(id))
        throw new ApiError(400, 8877, 'Invalid pointsAwardedId');
    }

    const round = org.programs.get(programId) ?? 0;
    const before = balanceOf(customer, programId);
    const decimals = () => {
      if (amount.decimals > round) {
        throw new ApiError(
          400,
          8906,
          `decimal places passed: ${amount.decimals} is greater than the configured round decimals: ${round} for programId: ${programId}`,
        );
      }
    };
    if (!options.balanceBeforeDecimals) decimals();
    if (!org.negativeOnReturn && amount.value > before) {
      throw new ApiError(
        422,
        8907,
        `points to be deducted ${out(amount.value)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    }
    decimals();
    const after = before - amount.value;
    customer.main.set(programId, after);
    return {
      status: 'success',
      pointsAvailable: out(after),
      message: 'points deducted successfully for the user',
      warnings: [],
    };
  }

  // --- points balance --------------------------------------------------------------------------
  function balance(org: Org, q: URLSearchParams): Body {
    const source = q.get('source');
    if (source !== null && !NPA_SOURCES.has(source)) throw new ApiError(400, 8003, 'Invalid source');
    const names = (q.get('identifierName') ?? '').split(',').map((s) => s.trim());
    const values = (q.get('identifierValue') ?? '').split(',').map((s) => s.trim());
    const notFound = new ApiError(404, 8015, 'Customer not found for given identifiers');
    if (names.length !== values.length) throw notFound;
    const matches = (c: Customer, name: string, value: string) =>
      name === 'email'
        ? c.email?.toLowerCase() === value.toLowerCase()
        : c[name as 'mobile' | 'externalId'] === value;
    let customer: Customer | undefined;
    if (options.southDualOff && org.name === 'south') {
      // no dual eligibility: one identifier, which must name one customer
      const [name = '', value = ''] = [names[0], values[0]];
      if (names.length !== 1 || !['mobile', 'email', 'externalId'].includes(name) || value === '')
        throw notFound;
      const found = org.customers.filter((c) => matches(c, name, value));
      if (found.length !== 1) throw notFound;
      customer = found[0];
    } else {
      // dual eligibility: the org's primary identifier decides, whatever else is passed
      const wanted = values[names.indexOf(org.primary)] ?? '';
      if (wanted === '') throw notFound;
      customer = org.customers.find((c) => matches(c, org.primary, wanted));
    }
    if (!customer) throw notFound;

    const all = q.get('fetchDataForAllPrograms');
    if (all !== null && all !== 'true' && all !== 'false') {
      throw new ApiError(400, 8922, 'fetchDataForAllPrograms must be true or false');
    }
    const rawProgram = q.get('programId');
    let programs: number[];
    if (all === 'true') {
      programs = [...customer.main.keys()];
    } else {
      let programId = org.defaultProgram;
      if (rawProgram !== null && rawProgram !== '') {
        if (!/^\d{1,15}$/.test(rawProgram)) throw new ApiError(400, 8921, 'programId must be an integer');
        programId = Number(rawProgram);
      }
      if (!customer.main.has(programId) && !options.balanceZeroUnenrolled)
        throw new ApiError(422, 1218, `customer is not enrolled in program ${programId}`);
      programs = [programId];
    }
    let main = 0n;
    let delayed = 0n;
    for (const p of programs) {
      main += customer.main.get(p) ?? 0n;
      delayed += customer.delayed.get(p) ?? 0n;
    }
    let external = promisedOf(org, customer, programs);
    if (options.promisedAsDelayed) {
      delayed += external;
      external = 0n;
    }
    const promised = delayed + external;
    if (options.balanceTableOnly) {
      const perProgram: Body = {};
      for (const p of programs)
        perProgram[String(p)] = out(promisedOf(org, customer, [p]) + (customer.delayed.get(p) ?? 0n));
      return {
        entityId: customer.id,
        promisedPointsBreakup: perProgram,
        mainPoints: out(main),
        totalPoints: out(main + promised),
        delayedAccrualPoints: out(delayed),
        externalTriggerBasedPoints: out(external),
      };
    }
    return {
      entityId: customer.id,
      entityType: 'CUSTOMER',
      totalPoints: out(main + promised),
      mainPoints: out(main),
      promisedPoints: out(promised),
      promisedPointsBreakup: {
        delayedAccrualPoints: out(delayed),
        externalTriggerBasedPoints: out(external),
      },
      warnings: [],
    };
  }

  // --- unlockPromisedPoints ----------------------------------------------------------------------
  function unlock(org: Org, q: URLSearchParams, body: Body): Body {
    checkFields(body, UPP_FIELDS, 8923);
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source) {
      throw new ApiError(400, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
    }
    const type = q.get('type') ?? 'CUSTOMER';
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2')
      throw new ApiError(400, 82323276, 'Entity type invalid.');
    if (!UPP_SOURCES.has(source)) throw new ApiError(400, 8003, 'Invalid source');
    if (!['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'].includes(name)) {
      throw new ApiError(400, 8013, 'Lookup,Invalid identifier passed');
    }
    // this org has no user groups: every USERGROUP2 identifier is invalid group details
    if (type === 'USERGROUP2') throw new ApiError(400, 1645, 'Group details passed are not valid.');
    const customer = org.customers.find((c) =>
      name === 'id'
        ? String(c.id) === value
        : c[name as 'mobile' | 'externalId' | 'cuid' | 'primaryUserId'] === value,
    );
    if (!customer || (options.dualEverywhere && name !== org.primary)) {
      throw new ApiError(404, 8015, 'Customer not found for the given identifiers');
    }

    const billNumber = body.billNumber;
    if (billNumber === undefined || billNumber === null || billNumber === '') {
      throw new ApiError(400, 82323271, 'Bill number missing.');
    }
    if (typeof billNumber !== 'string' && typeof billNumber !== 'number') {
      throw new ApiError(400, 82323271, 'Bill number must be a string');
    }
    const eventName = body.eventName;
    if (typeof eventName !== 'string' || eventName === '')
      throw new ApiError(400, 82323272, 'Event name not found.');

    const lineItemIds = body.lineItemIds;
    if (lineItemIds !== undefined && lineItemIds !== null) {
      if (
        !Array.isArray(lineItemIds) ||
        !lineItemIds.every((x) => typeof x === 'number' && Number.isSafeInteger(x))
      ) {
        throw new ApiError(400, 8923, 'lineItemIds must be a list of integers');
      }
    }
    const itemCodes = body.itemCodes;
    if (itemCodes !== undefined && itemCodes !== null) {
      if (!Array.isArray(itemCodes) || !itemCodes.every((x) => typeof x === 'string')) {
        throw new ApiError(400, 8923, 'itemCodes must be a list of strings');
      }
    }
    let eventLogIds: number[] | undefined;
    if (body.eventLogId !== undefined && body.eventLogId !== null) {
      if (options.eventLogArrayOnly && !Array.isArray(body.eventLogId)) {
        throw new ApiError(400, 8923, 'eventLogId must be a list of integers');
      }
      const raw = Array.isArray(body.eventLogId) ? body.eventLogId : [body.eventLogId];
      if (!raw.every((x) => typeof x === 'number' && Number.isSafeInteger(x))) {
        throw new ApiError(400, 8923, 'eventLogId must be a list of integers');
      }
      eventLogIds = raw as number[];
    }
    if (body.billDate !== undefined && body.billDate !== null) {
      if (typeof body.billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.billDate)) {
        throw new ApiError(400, 8923, 'billDate must be YYYY-MM-DD');
      }
    }
    for (const key of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId']) {
      const v = body[key];
      if (v !== undefined && v !== null && integer(v) === undefined) {
        throw new ApiError(400, 8923, `${key} must be an integer`);
      }
    }

    const bill = org.bills.find((b) => b.billNumber === String(billNumber) && b.customerId === customer.id);
    if (!bill) throw new ApiError(404, 82323277, 'No bill found for given bill number.');
    const eventLog = () => {
      if (eventLogIds && !eventLogIds.every((id) => id === bill.eventLogId)) {
        throw new ApiError(404, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
      }
    };
    if (options.eventLogFirst) eventLog();
    if (bill.eventName !== eventName) throw new ApiError(400, 82323272, 'Event name not found.');
    eventLog();

    const ids = (lineItemIds as number[] | undefined | null) ?? [];
    const codes = (itemCodes as string[] | undefined | null) ?? [];
    const filtered = ids.length > 0 || codes.length > 0;
    const sourceProgram = integer(body.sourceProgramId ?? undefined);
    const chosen = bill.lines.filter((line) => {
      if (line.unlocked) return false;
      if (options.sourceProgramFilter && sourceProgram !== undefined && line.programId !== sourceProgram) {
        return false;
      }
      if (!filtered) return !(options.unfilteredBillLevelOnly && line.itemCode !== undefined);
      const byId = line.lineItemId !== undefined && ids.includes(line.lineItemId);
      const byCode = line.itemCode !== undefined && codes.includes(line.itemCode);
      if (options.filterIntersection && ids.length > 0 && codes.length > 0) return byId && byCode;
      return byId || byCode;
    });
    if (
      options.unknownFilterRefused &&
      (ids.some((id) => !bill.lines.some((l) => l.lineItemId === id)) ||
        codes.some((code) => !bill.lines.some((l) => l.itemCode === code)))
    ) {
      throw new ApiError(422, 82323282, 'No promise points found to unlock.');
    }
    if (chosen.length === 0) throw new ApiError(422, 82323282, 'No promise points found to unlock.');

    const entries: Body[] = [];
    const totals = new Map<number, bigint>();
    for (const line of chosen) {
      line.unlocked = true;
      customer.main.set(line.programId, balanceOf(customer, line.programId) + line.amount);
      if (options.unlockTotals && !line.promotion) {
        totals.set(line.programId, (totals.get(line.programId) ?? 0n) + line.amount);
      } else if (line.promotion) {
        entries.push({
          pointsUnlocked: out(line.amount),
          programId: line.programId,
          promotionIdentifier: line.promotion.identifier,
          promotionId: line.promotion.id,
          promotionName: line.promotion.name,
        });
      } else if (line.itemCode !== undefined) {
        entries.push({
          billNumber: bill.billNumber,
          itemCode: line.itemCode,
          pointsUnlocked: out(line.amount),
          programId: line.programId,
        });
      } else {
        entries.push({
          billNumber: bill.billNumber,
          pointsUnlocked: out(line.amount),
          programId: line.programId,
        });
      }
    }
    for (const [programId, sum] of totals) {
      entries.unshift({ billNumber: bill.billNumber, pointsUnlocked: out(sum), programId });
    }
    return { pointsUnlocked: entries, warnings: [] };
  }

  // --- fabric ------------------------------------------------------------------------------------
  function fabricError(res: ServerResponse, status: number, message: string, errors: Body): void {
    send(res, status, { message, errors, data: null, status });
  }

  function fabricAuth(req: IncomingMessage): boolean {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    return m !== null && state.fabricTokens.has(m[1] ?? '');
  }

  function fabricAdjust(res: ServerResponse, body: Body) {
    const invalid = (field: string, why: string) =>
      fabricError(res, 400, 'Invalid request', { [field]: why });
    const amount = parseAmount(typeof body.points === 'number' ? body.points : undefined);
    if (body.points === undefined || body.points === null) return invalid('points', 'points is required');
    if (!amount || amount.decimals > 6) return invalid('points', 'points must be a number');
    if (amount.value === 0n) return invalid('points', 'points must not be 0');
    if (typeof body.profileId !== 'string' || body.profileId === '') {
      return invalid('profileId', 'profileId is required');
    }
    for (const key of ['pointType', 'billingEntity', 'reasonCode']) {
      const v = body[key];
      if (v !== undefined && v !== null && (typeof v !== 'string' || v.length < 1)) {
        return invalid(key, `${key} must be a non-empty string or null`);
      }
    }
    if (
      options.pointTypeEnum &&
      body.pointType != null &&
      !['Base', 'Bonus', 'Promotional', 'Restricted'].includes(String(body.pointType))
    ) {
      return invalid('pointType', 'pointType must be Base, Bonus, Promotional or Restricted');
    }
    const pending = body.setToPending ?? false;
    if (typeof pending !== 'boolean') return invalid('setToPending', 'setToPending must be a boolean');
    const member = state.fabric.get(body.profileId);
    if (!member)
      return fabricError(res, 404, 'Member not found', { profileId: 'no member with this profileId' });
    if (pending && options.pendingAddsOnly && amount.value < 0n) {
      return invalid('setToPending', 'only additions can be set to pending');
    }
    if (pending) {
      if (member.pending + amount.value < 0n) {
        return fabricError(res, 422, 'Insufficient pending points', { points: 'not enough pending points' });
      }
      member.pending += amount.value;
    } else {
      if (!options.fabricNegative && member.available + amount.value < 0n) {
        return fabricError(res, 422, 'Insufficient points', { points: 'not enough points to deduct' });
      }
      member.available += amount.value;
    }
    const abs = out(amount.value < 0n ? -amount.value : amount.value);
    const shown = Number.isInteger(abs) ? abs.toFixed(1) : String(abs);
    send(res, 200, {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${shown} points ${amount.value < 0n ? 'deducted' : 'added'}${pending ? ' (pending)' : ''}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    });
  }

  function fabricInquire(res: ServerResponse, profileId: string) {
    const member = state.fabric.get(profileId);
    if (!member)
      return fabricError(res, 404, 'Member not found', { profileId: 'no member with this profileId' });
    if (options.inquiryFlat) {
      return send(res, 200, {
        memberPointsAvailable: out(member.available),
        memberPointsPending: out(member.pending),
      });
    }
    send(res, 200, {
      message: 'Member points',
      errors: {},
      data: [
        {
          profileId: member.profileId,
          pointsBalance: {
            memberPointsAvailable: out(member.available),
            memberPointsPending: out(member.pending),
          },
        },
      ],
      status: 200,
    });
  }

  // --- routing -----------------------------------------------------------------------------------
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://cleanroom.invalid');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    const text = await readBody(req);
    if (options.latency) await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));

    if (path === '/v3/oauth/token/generate') {
      if (method !== 'POST') throw new ApiError(405, 405, 'Method not allowed');
      const body = parseJsonObject(text, 400);
      const org = state.orgs.find(
        (o) =>
          typeof body.key === 'string' &&
          o.clients.get(body.key) === body.secret &&
          body.secret !== undefined,
      );
      if (!org) throw new ApiError(401, 401, 'Invalid client key or secret');
      const token = randomUUID();
      org.tokens.add(token);
      return send(res, 200, { data: { accessToken: token, ttlSeconds: 900 }, errors: null });
    }

    if (path.startsWith('/api/v1/')) {
      if (!fabricAuth(req))
        return fabricError(res, 401, 'Unauthorized', { authorization: 'a valid Bearer token is required' });
      if (path === '/api/v1/members/points-adjustment') {
        if (method !== 'POST') return fabricError(res, 405, 'Method not allowed', {});
        let body: Body;
        try {
          body = parseJsonObject(text, 400);
        } catch {
          return fabricError(res, 400, 'Invalid request', { body: 'a JSON object is required' });
        }
        return fabricAdjust(res, body);
      }
      const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
      if (inquiry) {
        if (method !== 'GET') return fabricError(res, 405, 'Method not allowed', {});
        return fabricInquire(res, decodeURIComponent(inquiry[1] ?? ''));
      }
      return fabricError(res, 404, 'Not found', {});
    }

    const routes: Record<string, string> = {
      '/v2/customers/lookup/negativePointsAdjustment': 'POST',
      '/v2/points/unlockPromisedPoints': 'POST',
      '/v2/customers/lookup/points/balance': 'GET',
    };
    const expected = routes[path];
    if (!expected) throw new ApiError(404, 404, 'Resource not found');
    if (method !== expected) throw new ApiError(405, 405, 'Method not allowed');
    const org = authenticate(req);
    if (path === '/v2/customers/lookup/points/balance') return send(res, 200, balance(org, url.searchParams));
    const body = parseJsonObject(text, path.includes('unlock') ? 82323271 : 8920);
    if (path === '/v2/points/unlockPromisedPoints')
      return send(res, 200, unlock(org, url.searchParams, body));
    return send(res, 200, deduct(org, url.searchParams, body));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof ApiError && options.ownCodes && OWN_CODES.has(e.code)) {
        const own = new ApiError(e.httpStatus, OWN_CODES.get(e.code) ?? e.code, e.message);
        return capError(res, own);
      }
      if (e instanceof ApiError) {
        if (options.errorNoWarnings) {
          return send(res, e.httpStatus, { errors: [{ status: false, code: e.code, message: e.message }] });
        }
        return capError(res, e);
      }
      send(res, 500, { errors: [{ status: false, code: 500, message: 'Internal error' }], warnings: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
