/**
 * Fourth clean-room provider: the four documented endpoints (plus the fabric member inquiry),
 * written from the vendor documents and DESIGN.md alone, deployed as a production gateway might
 * deploy them: Capillary under /capillary and fabric under /fabric/api, request IDs and rate-limit
 * headers on every answer, 429 with Retry-After beyond a burst, gzip when accepted, keep-alive off,
 * pretty-printed JSON, fabric errors as application/problem+json, fabric decimals, a short pending
 * period and one inquiry entry per point type.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface Cleanroom4Options {
  /** Requests allowed per rate-limit window (default 400). */
  burst?: number;
  /** Length of the rate-limit window in ms (default 1000). */
  windowMs?: number;
  /** How long fabric points stay pending, in ms (default 1500). */
  pendingMs?: number;
  /**
   * Instead of a time: pending points become available once this many more fabric requests of
   * the member have been answered. A period counted in requests lands at the same place in every
   * run, however loaded the machine (a few milliseconds may pass before the suite's own reading).
   */
  pendingRequests?: number;
}

export interface Cleanroom4Provider {
  server: Server;
  capillaryUrl: string;
  fabricUrl: string;
  close(): Promise<void>;
}

const SCALE = 1000; // Capillary amounts in thousandths (programs have at most 3 decimals)
const SOURCES = new Set([
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
  'MOBILE_APP',
]);
const NPA_IDENTIFIERS = new Set(['mobile', 'externalId']);
const UPP_IDENTIFIERS = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BAL_IDENTIFIERS = new Set(['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

interface Customer {
  entityId: number;
  identifiers: Record<string, string>;
  /** program id → main points (thousandths) */
  main: Map<number, number>;
  /** program id → delayed accrual points not tied to a bill (thousandths) */
  delayed: Map<number, number>;
  awards: number[];
}

interface PromisedLine {
  programId: number;
  amount: number;
  lineItemId?: number;
  itemCode?: string;
  promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

interface Bill {
  customer: Customer;
  billNumber: string;
  eventName: string;
  eventLogId: number;
  lines: PromisedLine[];
}

interface Org {
  name: string;
  negativeAllowed: boolean;
  programs: Map<number, number>; // id → round decimals
  defaultProgram: number;
  dualPrimary?: string;
  customers: Customer[];
  bills: Bill[];
  promotions: { id: number; identifier: string; programId: number }[];
}

interface Member {
  /** point type → available (hundredths) */
  available: Map<string, number>;
  /** pending additions */
  pending: { pointType: string; amount: number; until: number; untilRequest?: number }[];
  /** fabric requests of the member answered so far */
  requests?: number;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const k = (points: number) => Math.round(points * SCALE);

function customer(
  entityId: number,
  identifiers: Record<string, string>,
  main: [number, number][],
  delayed: [number, number][] = [],
  awards: number[] = [],
): Customer {
  return {
    entityId,
    identifiers,
    main: new Map(main.map(([p, v]) => [p, k(v)])),
    delayed: new Map(delayed.map(([p, v]) => [p, k(v)])),
    awards,
  };
}

function line(programId: number, amount: number, extra: Partial<PromisedLine> = {}): PromisedLine {
  return { programId, amount: k(amount), unlocked: false, ...extra };
}

function seed(): { orgs: Org[]; tills: Map<string, { org: Org; restricted: boolean }> } {
  const programs = new Map([
    [469, 2],
    [973, 3],
  ]);
  const a1 = customer(
    501001,
    {
      mobile: '15550001001',
      email: 'Ana.Lima@Example.COM',
      externalId: 'X-1001',
      id: '501001',
      cuid: 'CU-1001',
      primaryUserId: 'PU-1001',
    },
    [
      [469, 5000.5],
      [973, 1200.125],
    ],
    [[469, 15]],
    [70001],
  );
  const a2 = customer(
    501002,
    { mobile: '15550001002', email: 'Shared@Acme.test', externalId: 'X-1002', id: '501002' },
    [[469, 800]],
  );
  const a3 = customer(
    501003,
    { mobile: '15550001003', email: 'shared@acme.TEST', externalId: 'X-1003', id: '501003' },
    [[469, 300]],
  );
  const a4 = customer(501004, { mobile: '15550001004', externalId: 'X-1004', id: '501004' }, [[469, 0]]);
  const a5 = customer(501005, { mobile: '15550001005', externalId: 'X-1005', id: '501005' }, [[469, 5000]]);
  const strict: Org = {
    name: 'strict',
    negativeAllowed: false,
    programs,
    defaultProgram: 469,
    dualPrimary: 'mobile',
    customers: [a1, a2, a3, a4, a5],
    bills: [
      {
        customer: a1,
        billNumber: 'INV-1001-A',
        eventName: 'TransactionAdd',
        eventLogId: 770001,
        lines: [
          line(469, 6),
          line(469, 24, { lineItemId: 64384, itemCode: 'gd739' }),
          line(469, 12, { lineItemId: 64743, itemCode: 'gd123' }),
          line(469, 24, { promotion: { id: 5001, identifier: 'SUMMER-2024', name: 'promotion 1' } }),
        ],
      },
      {
        customer: a1,
        billNumber: 'INV-1001-B',
        eventName: 'TransactionAdd',
        eventLogId: 770002,
        lines: [line(973, 10.5, { lineItemId: 64390, itemCode: 'kw101' })],
      },
      {
        customer: a2,
        billNumber: 'INV-1002-A',
        eventName: 'TransactionAdd',
        eventLogId: 770003,
        lines: [line(469, 40), line(469, 10, { lineItemId: 64400, itemCode: 'zz100' })],
      },
      {
        customer: a4,
        billNumber: 'INV-1004-A',
        eventName: 'TransactionAdd',
        eventLogId: 770004,
        lines: [line(469, 30), line(469, 20, { lineItemId: 64500, itemCode: 'zz200' })],
      },
    ],
    promotions: [{ id: 5001, identifier: 'SUMMER-2024', programId: 469 }],
  };
  const b1 = customer(
    602001,
    { mobile: '15550002001', email: 'Bo.Chen@Example.com', externalId: 'Y-2001', id: '602001' },
    [
      [469, 2500],
      [973, 700.25],
    ],
  );
  const b2 = customer(
    602002,
    { mobile: '15550002002', email: 'Twin@Lenient.test', externalId: 'Y-2002', id: '602002' },
    [[469, 0]],
  );
  const b3 = customer(
    602003,
    { mobile: '15550002003', email: 'twin@lenient.test', externalId: 'Y-2003', id: '602003' },
    [[469, 150]],
  );
  const lenient: Org = {
    name: 'lenient',
    negativeAllowed: true,
    programs,
    defaultProgram: 469,
    customers: [b1, b2, b3],
    bills: [
      {
        customer: b1,
        billNumber: 'INV-2001-A',
        eventName: 'TransactionAdd',
        eventLogId: 880001,
        lines: [
          line(469, 5),
          line(469, 15, { lineItemId: 74001, itemCode: 'sk001' }),
          line(469, 25, { lineItemId: 74002, itemCode: 'sk002' }),
        ],
      },
      {
        customer: b3,
        billNumber: 'INV-2003-A',
        eventName: 'TransactionAdd',
        eventLogId: 880003,
        lines: [line(469, 33)],
      },
      {
        customer: b2,
        billNumber: 'INV-2002-A',
        eventName: 'TransactionAdd',
        eventLogId: 880002,
        lines: [line(469, 18), line(469, 7, { lineItemId: 74100, itemCode: 'sk100' })],
      },
    ],
    promotions: [{ id: 5001, identifier: 'SUMMER-2024', programId: 469 }],
  };
  const tills = new Map<string, { org: Org; restricted: boolean }>([
    [`pos.strict:${md5('strict-pos-pass')}`, { org: strict, restricted: false }],
    [`pos.strict.ro:${md5('strict-ro-pass')}`, { org: strict, restricted: true }],
    [`pos.lenient:${md5('lenient-pos-pass')}`, { org: lenient, restricted: false }],
    [`pos.lenient.ro:${md5('lenient-ro-pass')}`, { org: lenient, restricted: true }],
  ]);
  return { orgs: [strict, lenient], tills };
}

const OAUTH_CLIENTS = new Map([
  ['strict-app', { secret: 'strict-app-secret', org: 'strict' }],
  ['lenient-app', { secret: 'lenient-app-secret', org: 'lenient' }],
]);
const FABRIC_TOKEN = 'cleanroom4-fabric-token';
const POINT_TYPES = ['Base', 'Bonus', 'Promotional', 'Restricted'];

class HttpError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
  ) {}
}

const fmt = (thousandths: number) => (thousandths / SCALE).toFixed(3);
const num = (thousandths: number) => thousandths / SCALE;

/** Decimal places of an amount as written (a number or a numeric string). */
function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot === -1 ? 0 : text.length - dot - 1;
}

export async function startCleanroom4Provider(options: Cleanroom4Options = {}): Promise<Cleanroom4Provider> {
  const burst = options.burst ?? 400;
  const windowMs = options.windowMs ?? 1000;
  const pendingMs = options.pendingMs ?? 1500;
  const { orgs, tills } = seed();
  const tokens = new Map<string, { org: Org; expires: number }>();
  const members = new Map<string, Member>([
    [
      '3c6f0e2a-9b1d-4e57-8a2f-6d0c7b9e1a44',
      {
        available: new Map([
          ['Base', 125050],
          ['Bonus', 2000],
        ]),
        pending: [],
      },
    ],
  ]);
  let windowStart = Date.now();
  let windowCount = 0;

  function send(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    body: unknown,
    type = 'application/json; charset=utf-8',
    extra: Record<string, string> = {},
  ) {
    let payload: Buffer = Buffer.from(`${JSON.stringify(body, null, 2)}\n`);
    const headers: Record<string, string> = { 'content-type': type, vary: 'Accept-Encoding', ...extra };
    // RFC 9110 §12.5.3: without Accept-Encoding any content coding is acceptable.
    const accepted = req.headers['accept-encoding'];
    if (accepted === undefined || /\bgzip\b(?!\s*;\s*q=0(\.0*)?\b)/i.test(accepted)) {
      payload = gzipSync(payload);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(payload.length);
    res.writeHead(status, headers);
    res.end(payload);
  }

  const capError = (e: HttpError) => ({
    errors: [{ status: false, code: e.code, message: e.message }],
    warnings: [],
  });

  function authenticate(req: IncomingMessage): { org: Org; restricted: boolean } {
    const oauth = req.headers['x-cap-api-oauth-token'];
    if (typeof oauth === 'string' && oauth !== '') {
      const entry = tokens.get(oauth);
      if (!entry || entry.expires < Date.now())
        throw new HttpError(401, 401, 'Invalid or expired OAuth token');
      return { org: entry.org, restricted: false };
    }
    const auth = String(req.headers.authorization ?? '');
    const match = /^Basic\s+(\S+)$/i.exec(auth);
    if (!match) throw new HttpError(401, 401, 'Authentication required');
    const till = tills.get(Buffer.from(match[1] ?? '', 'base64').toString('utf8'));
    if (!till) throw new HttpError(401, 401, 'Invalid credentials');
    return till;
  }

  function lookup(
    org: Org,
    query: URLSearchParams,
    allowed: Set<string>,
    dual: boolean,
    missing: HttpError | undefined,
  ): Customer {
    const namesText = query.get('identifierName');
    const valuesText = query.get('identifierValue');
    const source = query.get('source');
    if (missing && (!namesText || !valuesText || !source)) throw missing;
    if (!source || !SOURCES.has(source)) throw new HttpError(400, 8003, 'Invalid source');
    if (!namesText) throw new HttpError(400, 8013, 'Lookup,Invalid identifier passed');
    if (!valuesText) throw new HttpError(404, 8015, 'Customer not found for the given identifiers');
    const names = namesText.split(',').map((n) => n.trim());
    const values = valuesText.split(',').map((v) => v.trim());
    if (names.some((n) => !allowed.has(n)))
      throw new HttpError(400, 8013, 'Lookup,Invalid identifier passed');
    if (names.length !== values.length)
      throw new HttpError(404, 8015, 'Customer not found for the given identifiers');
    const find = (name: string, value: string) => {
      const same = (stored: string | undefined) =>
        stored !== undefined &&
        (name === 'email' ? stored.toLowerCase() === value.toLowerCase() : stored === value);
      const found = org.customers.filter((c) => same(c.identifiers[name]));
      return found.length === 1 ? found[0] : undefined;
    };
    let found: Customer | undefined;
    if (org.dualPrimary && (dual || names.length > 1)) {
      const at = names.indexOf(org.dualPrimary);
      if (at !== -1) found = find(org.dualPrimary, values[at] ?? '');
    } else {
      const each = names.map((n, i) => find(n, values[i] ?? ''));
      found = each[0];
      if (each.some((c) => c !== found)) found = undefined;
    }
    if (!found) throw new HttpError(404, 8015, 'Customer not found for the given identifiers');
    return found;
  }

  const promisedOf = (org: Org, c: Customer, programId: number) =>
    org.bills
      .filter((b) => b.customer === c)
      .flatMap((b) => b.lines)
      .filter((l) => !l.unlocked && l.programId === programId)
      .reduce((sum, l) => sum + l.amount, 0);

  function balance(org: Org, query: URLSearchParams) {
    const c = lookup(org, query, BAL_IDENTIFIERS, true, undefined);
    const allText = query.get('fetchDataForAllPrograms');
    if (allText !== null && !/^(true|false)$/i.test(allText))
      throw new HttpError(400, 8010, 'fetchDataForAllPrograms must be true or false');
    const programText = query.get('programId');
    if (programText !== null && !/^\d+$/.test(programText))
      throw new HttpError(400, 8011, 'Invalid programId');
    let programs: number[];
    if (allText?.toLowerCase() === 'true') programs = [...c.main.keys()];
    else {
      const programId = programText === null ? org.defaultProgram : Number(programText);
      if (!c.main.has(programId)) throw new HttpError(400, 1218, 'Customer is not enrolled in the program');
      programs = [programId];
    }
    let main = 0;
    let delayed = 0;
    let external = 0;
    for (const p of programs) {
      main += c.main.get(p) ?? 0;
      delayed += c.delayed.get(p) ?? 0;
      external += promisedOf(org, c, p);
    }
    return {
      entityId: c.entityId,
      entityType: 'CUSTOMER',
      totalPoints: num(main + delayed + external),
      mainPoints: num(main),
      promisedPoints: num(delayed + external),
      promisedPointsBreakup: {
        delayedAccrualPoints: num(delayed),
        externalTriggerBasedPoints: num(external),
      },
      warnings: [],
    };
  }

  function deduct(org: Org, query: URLSearchParams, body: Record<string, unknown>) {
    const c = lookup(org, query, NPA_IDENTIFIERS, false, undefined);
    const raw = body.pointsToBeAdjusted;
    if (raw === undefined || raw === null || raw === '')
      throw new HttpError(400, 8881, 'pointsToBeAdjusted is required');
    const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
    if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(Number(text)))
      throw new HttpError(400, 8880, 'pointsToBeAdjusted must be a number');
    const amount = Number(text);
    if (amount === 0) throw new HttpError(400, 8888, 'points cannot be zero');
    if (amount < 0) throw new HttpError(400, 8889, 'points to be adjusted should be greater than 0');
    const reason = body.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new HttpError(400, 8882, 'reasonOfReturn is required');
    if (reason.length > 50) throw new HttpError(400, 8883, 'reasonOfReturn exceeds 50 characters');
    for (const field of ['programId', 'promotionId', 'pointsAwardedId']) {
      const v = body[field];
      if (v !== undefined && v !== null && !Number.isInteger(v))
        throw new HttpError(400, 8884, `${field} must be an integer`);
    }
    if (
      body.promotionIdentifier !== undefined &&
      body.promotionIdentifier !== null &&
      typeof body.promotionIdentifier !== 'string'
    )
      throw new HttpError(400, 8884, 'promotionIdentifier must be a string');
    if (body.pointsAwardedRefType !== undefined && body.pointsAwardedRefType !== null) {
      if (typeof body.pointsAwardedRefType !== 'string' || !REF_TYPES.has(body.pointsAwardedRefType))
        throw new HttpError(400, 9975, 'Invalid pointsAwardedRefType');
    }
    const hasId = body.promotionId !== undefined && body.promotionId !== null;
    const hasIdentifier = body.promotionIdentifier !== undefined && body.promotionIdentifier !== null;
    const hasProgram = body.programId !== undefined && body.programId !== null;
    if (hasId && hasIdentifier)
      throw new HttpError(400, 8886, 'promotionId and promotionIdentifier cannot both be passed');
    if (hasIdentifier && !hasProgram) throw new HttpError(400, 8887, 'promotionIdentifier needs programId');
    const programId = hasProgram ? (body.programId as number) : org.defaultProgram;
    const decimals = org.programs.get(programId);
    if (decimals === undefined || !c.main.has(programId))
      throw new HttpError(400, 1218, 'Customer is not enrolled in the program');
    if (hasId && !org.promotions.some((p) => p.id === body.promotionId && p.programId === programId))
      throw new HttpError(400, 8874, 'Invalid promotion id');
    if (
      hasIdentifier &&
      !org.promotions.some((p) => p.identifier === body.promotionIdentifier && p.programId === programId)
    )
      throw new HttpError(400, 8874, 'Invalid promotion id');
    if (
      body.pointsAwardedId !== undefined &&
      body.pointsAwardedId !== null &&
      !c.awards.includes(body.pointsAwardedId as number)
    )
      throw new HttpError(400, 8877, 'Invalid pointsAwardedId');
    if (decimalsOf(text) > decimals)
      throw new HttpError(
        400,
        8906,
        `decimal places passed: ${decimalsOf(text)} is greater than the configured round decimals: ${decimals} for programId: ${programId}`,
      );
    const thousandths = k(amount);
    const available = c.main.get(programId) ?? 0;
    if (!org.negativeAllowed && thousandths > available)
      throw new HttpError(
        400,
        8907,
        `points to be deducted ${text} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    c.main.set(programId, available - thousandths);
    return {
      status: 'success',
      pointsAvailable: fmt(available - thousandths),
      message: 'points deducted successfully for the user ',
      warnings: [],
    };
  }

  function unlock(org: Org, query: URLSearchParams, body: Record<string, unknown>) {
    const missing = new HttpError(
      400,
      82323284,
      'identifierName, identifierValue, or source cannot be empty',
    );
    const type = query.get('type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') {
      if (!query.get('identifierName') || !query.get('identifierValue') || !query.get('source'))
        throw missing;
      throw new HttpError(400, 1645, 'Group details passed are not valid');
    }
    if (type !== 'CUSTOMER') throw new HttpError(400, 82323276, 'Entity type invalid');
    const c = lookup(org, query, UPP_IDENTIFIERS, false, missing);
    const billRaw = body.billNumber;
    if (billRaw === undefined || billRaw === null || billRaw === '')
      throw new HttpError(400, 82323271, 'Bill number missing');
    if (typeof billRaw !== 'string' && typeof billRaw !== 'number')
      throw new HttpError(400, 82323271, 'Bill number missing');
    const eventName = body.eventName;
    if (typeof eventName !== 'string' || eventName === '')
      throw new HttpError(400, 82323272, 'Event name not found');
    const logIds = Array.isArray(body.eventLogId)
      ? body.eventLogId
      : body.eventLogId === undefined || body.eventLogId === null
        ? []
        : [body.eventLogId];
    if (logIds.some((v) => !Number.isInteger(v)))
      throw new HttpError(400, 8884, 'eventLogId must be an integer or a list of integers');
    for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId']) {
      const v = body[field];
      if (v !== undefined && v !== null && !Number.isInteger(v))
        throw new HttpError(400, 8884, `${field} must be an integer`);
    }
    const lineItemIds = body.lineItemIds;
    const itemCodes = body.itemCodes;
    if (lineItemIds !== undefined && lineItemIds !== null) {
      if (!Array.isArray(lineItemIds) || lineItemIds.some((v) => !Number.isInteger(v)))
        throw new HttpError(400, 8884, 'lineItemIds must be a list of integers');
    }
    if (itemCodes !== undefined && itemCodes !== null) {
      if (!Array.isArray(itemCodes) || itemCodes.some((v) => typeof v !== 'string'))
        throw new HttpError(400, 8884, 'itemCodes must be a list of strings');
    }
    if (body.billDate !== undefined && body.billDate !== null) {
      if (typeof body.billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.billDate))
        throw new HttpError(400, 8884, 'billDate must be YYYY-MM-DD');
    }
    const bill = org.bills.find((b) => b.customer === c && b.billNumber === String(billRaw));
    if (!bill) throw new HttpError(404, 82323277, 'No bill found for given bill number');
    if (bill.eventName !== eventName) throw new HttpError(400, 82323272, 'Event name not found');
    if (logIds.length > 0 && !logIds.includes(bill.eventLogId))
      throw new HttpError(400, 3918, 'Error unlocking points: no eventLog found for given eventLogId');
    const ids = (lineItemIds as number[] | undefined) ?? [];
    const codes = (itemCodes as string[] | undefined) ?? [];
    const filtered = ids.length > 0 || codes.length > 0;
    const sourceProgram = body.sourceProgramId as number | undefined | null;
    const chosen = bill.lines.filter(
      (l) =>
        !l.unlocked &&
        (sourceProgram === undefined || sourceProgram === null || l.programId === sourceProgram) &&
        (!filtered ||
          (l.lineItemId !== undefined && ids.includes(l.lineItemId)) ||
          (l.itemCode !== undefined && codes.includes(l.itemCode))),
    );
    if (chosen.length === 0) throw new HttpError(400, 82323282, 'No promise points found to unlock');
    for (const l of chosen) {
      l.unlocked = true;
      c.main.set(l.programId, (c.main.get(l.programId) ?? 0) + l.amount);
    }
    return {
      pointsUnlocked: chosen.map((l) => ({
        billNumber: bill.billNumber,
        ...(l.itemCode !== undefined ? { itemCode: l.itemCode } : {}),
        pointsUnlocked: fmt(l.amount),
        programId: l.programId,
        ...(l.promotion
          ? {
              promotionIdentifier: l.promotion.identifier,
              promotionId: l.promotion.id,
              promotionName: l.promotion.name,
            }
          : {}),
      })),
      warnings: [],
    };
  }

  function settle(member: Member) {
    const now = Date.now();
    member.requests = (member.requests ?? 0) + 1;
    const served = member.requests;
    member.pending = member.pending.filter((p) => {
      if (p.untilRequest !== undefined ? p.untilRequest > served : p.until > now) return true;
      member.available.set(p.pointType, (member.available.get(p.pointType) ?? 0) + p.amount);
      return false;
    });
  }

  class Problem {
    constructor(
      readonly status: number,
      readonly title: string,
      readonly detail: string,
    ) {}
  }

  function fabricAuth(req: IncomingMessage) {
    const auth = String(req.headers.authorization ?? '');
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) throw new Problem(401, 'Unauthorized', 'A Bearer token is required');
    if (match[1] !== FABRIC_TOKEN) throw new Problem(401, 'Unauthorized', 'The token is not valid');
  }

  function optionalText(body: Record<string, unknown>, field: string): string | undefined {
    const v = body[field];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.length < 1)
      throw new Problem(400, 'Bad Request', `${field} must be a non-empty string`);
    return v;
  }

  function adjust(body: Record<string, unknown>) {
    const points = body.points;
    if (typeof points !== 'number' || !Number.isFinite(points))
      throw new Problem(400, 'Bad Request', 'points must be a number');
    if (points === 0) throw new Problem(400, 'Bad Request', 'points cannot be zero');
    const hundredths = Math.round(points * 100);
    if (Math.abs(hundredths / 100 - points) > 1e-9 || Math.abs(points) > 1e9)
      throw new Problem(400, 'Bad Request', 'points may carry at most 2 decimals');
    const profileId = body.profileId;
    if (typeof profileId !== 'string' || profileId === '')
      throw new Problem(400, 'Bad Request', 'profileId is required');
    const pointType = optionalText(body, 'pointType') ?? 'Base';
    optionalText(body, 'billingEntity');
    optionalText(body, 'reasonCode');
    const pending = body.setToPending;
    if (pending !== undefined && typeof pending !== 'boolean')
      throw new Problem(400, 'Bad Request', 'setToPending must be a boolean');
    const member = members.get(profileId);
    if (!member) throw new Problem(404, 'Not Found', 'No member with this profileId');
    settle(member);
    if (pending === true) {
      if (hundredths < 0) throw new Problem(400, 'Bad Request', 'a deduction cannot be pending');
      member.pending.push({
        pointType,
        amount: hundredths,
        until: Date.now() + pendingMs,
        ...(options.pendingRequests !== undefined
          ? { untilRequest: (member.requests ?? 0) + options.pendingRequests }
          : {}),
      });
    } else {
      const now = member.available.get(pointType) ?? 0;
      if (now + hundredths < 0) throw new Problem(400, 'Bad Request', 'not enough points of this type');
      member.available.set(pointType, now + hundredths);
    }
    const magnitude = (Math.abs(hundredths) / 100).toFixed(Math.abs(hundredths) % 100 === 0 ? 1 : 2);
    return {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${magnitude} points ${hundredths > 0 ? (pending === true ? 'added as pending' : 'added') : 'deducted'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    };
  }

  function inquire(profileId: string) {
    const member = members.get(profileId);
    if (!member) throw new Problem(404, 'Not Found', 'No member with this profileId');
    settle(member);
    const types = new Set([
      ...POINT_TYPES,
      ...member.available.keys(),
      ...member.pending.map((p) => p.pointType),
    ]);
    return {
      message: 'Member points',
      errors: {},
      data: [...types].map((pointType) => {
        const available = member.available.get(pointType) ?? 0;
        const locked = member.pending
          .filter((p) => p.pointType === pointType)
          .reduce((s, p) => s + p.amount, 0);
        return {
          pointType,
          pointsBalance: {
            memberPointsAvailable: available / 100,
            memberPointsLocked: locked / 100,
            totalPoints: (available + locked) / 100,
          },
        };
      }),
      status: 200,
    };
  }

  async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > 1 << 20) return undefined;
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (text.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, extra: Record<string, string>) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.replace(/\/+$/, '');
    const method = req.method ?? 'GET';
    if (path.startsWith('/fabric/api/')) {
      const problem = (p: Problem) =>
        send(
          req,
          res,
          p.status,
          { type: 'about:blank', title: p.title, status: p.status, detail: p.detail, instance: path },
          'application/problem+json',
          extra,
        );
      try {
        const route = path.slice('/fabric/api'.length);
        const inquiry = /^\/v1\/inquire\/([^/]+)\/member-points$/.exec(route);
        if (route === '/v1/members/points-adjustment') {
          if (method !== 'POST') throw new Problem(405, 'Method Not Allowed', 'Use POST');
          fabricAuth(req);
          const body = await readJson(req);
          if (!body) throw new Problem(400, 'Bad Request', 'The body must be a JSON object');
          return send(req, res, 200, adjust(body), undefined, extra);
        }
        if (inquiry) {
          if (method !== 'GET') throw new Problem(405, 'Method Not Allowed', 'Use GET');
          fabricAuth(req);
          return send(req, res, 200, inquire(decodeURIComponent(inquiry[1] ?? '')), undefined, extra);
        }
        throw new Problem(404, 'Not Found', 'No such resource');
      } catch (e) {
        if (e instanceof Problem) return problem(e);
        throw e;
      }
    }
    if (path.startsWith('/capillary/')) {
      try {
        const route = path.slice('/capillary'.length);
        if (route === '/v3/oauth/token/generate' && method === 'POST') {
          const body = await readJson(req);
          const client = OAUTH_CLIENTS.get(String(body?.key ?? ''));
          if (!client || client.secret !== body?.secret)
            throw new HttpError(401, 401, 'Invalid key or secret');
          const org = orgs.find((o) => o.name === client.org) as Org;
          const token = randomUUID();
          tokens.set(token, { org, expires: Date.now() + 3600_000 });
          return send(
            req,
            res,
            200,
            { data: { accessToken: token, ttlSeconds: 3600 }, errors: null },
            undefined,
            extra,
          );
        }
        const known = {
          '/v2/customers/lookup/points/balance': 'GET',
          '/v2/customers/lookup/negativePointsAdjustment': 'POST',
          '/v2/points/unlockPromisedPoints': 'POST',
        }[route];
        if (!known) throw new HttpError(404, 404, 'No such resource');
        if (known !== method) throw new HttpError(405, 405, 'Method not allowed');
        const { org, restricted } = authenticate(req);
        if (restricted)
          throw new HttpError(403, 4000, 'Not authorized: the till lacks the Points access group');
        const query = url.searchParams;
        if (method === 'GET') return send(req, res, 200, balance(org, query), undefined, extra);
        const body = await readJson(req);
        if (!body) throw new HttpError(400, 400, 'The body must be a JSON object');
        const answer =
          route === '/v2/points/unlockPromisedPoints' ? unlock(org, query, body) : deduct(org, query, body);
        return send(req, res, 200, answer, undefined, extra);
      } catch (e) {
        if (e instanceof HttpError) return send(req, res, e.status, capError(e), undefined, extra);
        throw e;
      }
    }
    return send(req, res, 404, capError(new HttpError(404, 404, 'No such resource')), undefined, extra);
  }

  const server = createServer({ keepAlive: false }, (req, res) => {
    const requestId = randomUUID();
    res.setHeader('connection', 'close');
    const now = Date.now();
    if (now - windowStart >= windowMs) {
      windowStart = now;
      windowCount = 0;
    }
    windowCount += 1;
    const resetSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
    const extra: Record<string, string> = {
      'x-request-id': requestId,
      'x-ratelimit-limit': String(burst),
      'x-ratelimit-remaining': String(Math.max(0, burst - windowCount)),
      'x-ratelimit-reset': String(resetSeconds),
    };
    if (windowCount > burst) {
      req.resume();
      const body = { errors: [{ status: false, code: 429, message: 'Too many requests' }], warnings: [] };
      send(req, res, 429, body, undefined, { ...extra, 'retry-after': String(resetSeconds) });
      return;
    }
    handle(req, res, extra).catch((error: unknown) => {
      if (!res.headersSent)
        send(
          req,
          res,
          500,
          { errors: [{ status: false, code: 500, message: String(error) }], warnings: [] },
          undefined,
          extra,
        );
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    capillaryUrl: `http://127.0.0.1:${port}/capillary`,
    fabricUrl: `http://127.0.0.1:${port}/fabric/api`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const env = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
  const provider = await startCleanroom4Provider({
    burst: env('LC_CR4_BURST'),
    windowMs: env('LC_CR4_WINDOW_MS'),
    pendingMs: env('LC_CR4_PENDING_MS'),
  });
  console.log(`${provider.capillaryUrl} ${provider.fabricUrl}`);
}
