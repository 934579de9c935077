/**
 * The thirteenth clean-room provider, written from the four documents and DESIGN.md alone (node:http
 * only): a forward-compatible vendor, as if serving a later version of the same APIs. Each choice
 * below is one the documents allow:
 *
 * - Extra fields at every level of every answer: a `status` object `{success, code, message}` beside
 *   the documented fields of the balance and unlock answers (the deduction's documented `status`
 *   string and fabric's documented integer `status` are kept as documented), `meta` (API version,
 *   request id, ISO `timestamp`) and `links` everywhere, a per-program list with `programName` in the
 *   balance, `programName`/`unlockedAt` on each unlock line, extra keys inside fabric's `data`.
 * - Extra response headers (`X-Api-Version`, `X-Request-Id`, `Link`, `Cache-Control`).
 * - Extra entries where lists leave room: an unlock of a whole bill also lists a line of 0 points for
 *   the bill's line item of another kind (a gift line with no promised points); the balance breakup
 *   carries extra point categories (`tierBonusPoints`, `referralPoints`, both 0) beside the two
 *   documented ones.
 * - Numbers the tables type int (pointsAvailable, mainPoints, totalPoints, delayedAccrualPoints,
 *   externalTriggerBasedPoints, pointsUnlocked, fabric's `status`) are written as floats with `.0`.
 * - An empty `warnings` array in every answer, errors included.
 * - Otherwise a faithful reading: Basic `username:md5(password)` or `X-CAP-API-OAUTH-TOKEN` from
 *   POST /v3/oauth/token/generate; the v2 error envelope with 400 (404 for "not found" codes);
 *   401 bad credentials, 403/4000 credentials without the Points access group. Two orgs: `ash`
 *   (negative balance off, dual eligibility with mobile primary, programs of 2 and 3 round decimals)
 *   and `birch` (negative balance on, 0 round decimals). Decimal places counted on the value (trailing
 *   zeros of "100.00" do not count). Promised points unlock once (a second unlock: 82323282, nothing
 *   moves), filtered by line item ids and/or item codes, `billNumber` string or number, `eventLogId`
 *   number, string or array, `sourceTillId` and `sourceTilId` both accepted. fabric: Bearer only,
 *   `points` a non-zero number, positive adds, negative deducts (refused past the available balance),
 *   `setToPending: true` keeps added points pending; the member inquiry when `memberInquiry`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Cleanroom13Options {
  /** Whether GET /api/v1/inquire/{profileId}/member-points exists. */
  readonly memberInquiry: boolean;
  /** Whether the 0-point line comes first and also in unlocks filtered by line item or item code. */
  readonly zeroLineFirst?: boolean;
  /** Whether Content-Type carries a `version` parameter beside `charset`. */
  readonly versionedMediaType?: boolean;
  /** Whether an unlock of a whole bill also lists a 0-point line of the alternate currency it converted. */
  readonly alternateCurrencyLine?: boolean;
  /** Promised points of a category beyond the two documented ones, held by every customer in every program. */
  readonly tierBonusPoints?: number;
  /** Where the member inquiry lists a second program's balance (constant) beside the adjusted one. */
  readonly inquirySecondProgram?: 'first' | 'last';
}

export interface Cleanroom13Provider {
  readonly url: string;
  close(): Promise<void>;
}

interface Balance {
  main: number;
  delayed: number;
  external: number;
}
interface Customer {
  readonly ids: Record<string, string>;
  readonly entityId: number;
  readonly balances: Map<number, Balance>;
  readonly awards: number[];
}
interface Line {
  readonly id: number;
  readonly itemCode: string;
  points: number;
}
interface Bill {
  readonly customer: Customer;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly programId: number;
  billPoints: number;
  readonly lines: Line[];
  readonly gift?: Line;
  promotion?: { id: number; identifier: string; name: string; points: number };
}
interface Org {
  readonly name: string;
  readonly negativeOn: boolean;
  readonly dualPrimary?: string;
  readonly programs: Map<number, { decimals: number; name: string }>;
  readonly defaultProgram: number;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: { id: number; identifier: string; programId: number }[];
}

const NPA_SOURCES =
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' ');
const UPP_SOURCES =
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' ');
const REF_TYPES =
  'bill_regular bill_promotions line_item_regular line_item_promotions customer_promotions'.split(' ');
const NOT_FOUND = new Set([8015, 82323277, 3918]);
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** A number written with `.0` when whole (the tables' int written as a float). */
class Float {
  constructor(readonly value: number) {}
}
const f = (n: number) => new Float(n);
const round = (n: number) => Math.round(n * 1e6) / 1e6;

function serialize(body: unknown): string {
  const text = JSON.stringify(body, (_k, v) => (v instanceof Float ? `\u0000F${round(v.value)}` : v));
  return text.replace(/"\\u0000F(-?[0-9.e+-]+)"/g, (_m, n: string) => (/[.e]/.test(n) ? n : `${n}.0`));
}

function customer(
  entityId: number,
  ids: Record<string, string>,
  programs: [number, number, number][],
  awards: number[] = [],
): Customer {
  return {
    ids,
    entityId,
    awards,
    balances: new Map(programs.map(([p, main, delayed]) => [p, { main, delayed, external: 0 }])),
  };
}

function makeOrgs(): Map<string, Org> {
  const ada = customer(
    13000001,
    { mobile: '447933000001', email: 'ada@cr13.test', externalId: 'AS-ADA', id: '13000001', cuid: 'CU-ADA' },
    [
      [1311, 1000, 52],
      [1312, 250.125, 7.5],
    ],
    [71311],
  );
  const ben = customer(
    13000002,
    { mobile: '447933000002', email: 'shared@cr13.test', externalId: 'AS-BEN' },
    [[1311, 400, 30]],
  );
  const cal = customer(
    13000003,
    { mobile: '447933000003', email: 'shared@cr13.test', externalId: 'AS-CAL' },
    [[1311, 400, 20]],
  );
  const dot = customer(13000004, { mobile: '447933000004', externalId: 'AS-DOT' }, [[1311, 50, 0]]);
  const ash: Org = {
    name: 'ash',
    negativeOn: false,
    dualPrimary: 'mobile',
    programs: new Map([
      [1311, { decimals: 2, name: 'Ash Rewards' }],
      [1312, { decimals: 3, name: 'Ash Partners' }],
    ]),
    defaultProgram: 1311,
    customers: [ada, ben, cal, dot],
    bills: [
      {
        customer: ada,
        billNumber: 'CR13-A-1',
        eventName: 'TransactionAdd',
        eventLogId: 881311,
        programId: 1311,
        billPoints: 6,
        lines: [
          { id: 9631, itemCode: 'cr13-sku-1', points: 24 },
          { id: 9632, itemCode: 'cr13-sku-2', points: 12 },
        ],
        gift: { id: 9633, itemCode: 'cr13-gift', points: 0 },
        promotion: { id: 5131, identifier: 'CR13-SPRING', name: 'Spring double points', points: 10 },
      },
      {
        customer: ben,
        billNumber: 'CR13-A-2',
        eventName: 'TransactionAdd',
        eventLogId: 881312,
        programId: 1311,
        billPoints: 30,
        lines: [],
      },
      {
        customer: cal,
        billNumber: 'CR13-A-3',
        eventName: 'TransactionAdd',
        eventLogId: 881313,
        programId: 1311,
        billPoints: 20,
        lines: [],
      },
      {
        customer: ada,
        billNumber: 'CR13-A-4',
        eventName: 'TransactionAdd',
        eventLogId: 881314,
        programId: 1312,
        billPoints: 7.5,
        lines: [],
      },
    ],
    promotions: [{ id: 5131, identifier: 'CR13-SPRING', programId: 1311 }],
  };
  const eve = customer(
    13000101,
    { mobile: '447933000101', externalId: 'BI-EVE', email: 'eve@cr13.test' },
    [[1321, 300, 40]],
    [71321],
  );
  const fay = customer(13000102, { mobile: '447933000102', externalId: 'BI-FAY' }, [[1321, 200, 25]]);
  const birch: Org = {
    name: 'birch',
    negativeOn: true,
    programs: new Map([[1321, { decimals: 0, name: 'Birch Club' }]]),
    defaultProgram: 1321,
    customers: [eve, fay],
    bills: [
      {
        customer: eve,
        billNumber: 'CR13-B-1',
        eventName: 'TransactionAdd',
        eventLogId: 881321,
        programId: 1321,
        billPoints: 15,
        lines: [{ id: 9731, itemCode: 'cr13-b-sku', points: 25 }],
      },
      {
        customer: fay,
        billNumber: 'CR13-B-2',
        eventName: 'TransactionAdd',
        eventLogId: 881322,
        programId: 1321,
        billPoints: 25,
        lines: [],
      },
    ],
    promotions: [{ id: 5231, identifier: 'CR13-BIRCH', programId: 1321 }],
  };
  return new Map([
    ['ash', ash],
    ['birch', birch],
  ]);
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = NOT_FOUND.has(code) ? 404 : 400,
  ) {
    super(message);
  }
}

function decimalsOf(value: number | string): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (/e/i.test(text)) return 0;
  const frac = text.split('.')[1] ?? '';
  return frac.replace(/0+$/, '').length;
}

export async function startCleanroom13Provider(options: Cleanroom13Options): Promise<Cleanroom13Provider> {
  const orgs = makeOrgs();
  const basic = new Map<string, { org: string; restricted: boolean }>([
    [`cr13.ash.till:${md5('ash-till-pass')}`, { org: 'ash', restricted: false }],
    [`cr13.ash.viewer:${md5('ash-viewer-pass')}`, { org: 'ash', restricted: true }],
    [`cr13.birch.till:${md5('birch-till-pass')}`, { org: 'birch', restricted: false }],
  ]);
  const apps = new Map([
    ['cr13-ash-app:ash-app-secret', 'ash'],
    ['cr13-birch-app:birch-app-secret', 'birch'],
  ]);
  const tokens = new Map<string, string>();
  const fabricToken = 'cr13-fabric-token';
  const members = new Map([['7a2e4c1d-13bb-4c0e-9d13-000000000013', { available: 500, pending: 0 }]]);

  const meta = (requestId: string) => ({ apiVersion: '2.1', requestId, timestamp: new Date().toISOString() });

  function send(
    res: ServerResponse,
    status: number,
    body: Record<string, unknown>,
    requestId: string,
    path: string,
  ): void {
    const text = serialize({
      ...body,
      meta: meta(requestId),
      links: { self: path, docs: 'https://docs.example.test/v2.1' },
    });
    res.writeHead(status, {
      'Content-Type': options.versionedMediaType
        ? 'application/json; charset=utf-8; version=2.1'
        : 'application/json; charset=utf-8',
      'X-Api-Version': '2.1',
      'X-Request-Id': requestId,
      Link: '<https://docs.example.test/v2.1>; rel="describedby"',
      'Cache-Control': 'no-store',
      Vary: 'Accept, Authorization',
      ETag: `"${createHash('sha1').update(text).digest('hex').slice(0, 16)}"`,
      'Content-Language': 'en',
    });
    res.write(text.slice(0, 10));
    res.end(text.slice(10));
  }

  const capError = (e: ApiError) => ({
    status: { success: false, code: e.status, message: e.message },
    errors: [
      {
        status: false,
        code: f(e.code),
        message: e.message,
        type: e.status === 404 ? 'NOT_FOUND' : 'INVALID_INPUT',
        occurredAt: new Date().toISOString(),
      },
    ],
    warnings: [],
  });

  function authOrg(req: IncomingMessage): Org {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') {
      const org = tokens.get(token);
      if (!org) throw new ApiError(401, 'Invalid or expired OAuth token', 401);
      return orgs.get(org) as Org;
    }
    const auth = req.headers.authorization ?? '';
    const m = /^Basic\s+(\S+)$/i.exec(auth);
    if (!m) throw new ApiError(401, 'Authentication failed', 401);
    const who = basic.get(Buffer.from(m[1] as string, 'base64').toString('utf8'));
    if (!who) throw new ApiError(401, 'Authentication failed', 401);
    if (who.restricted) throw new ApiError(4000, 'Not authorized: no access to the Points access group', 403);
    return orgs.get(who.org) as Org;
  }

  function findCustomer(org: Org, name: string, value: string): Customer {
    const c = org.customers.find((x) => x.ids[name] !== undefined && x.ids[name] === value);
    if (!c) throw new ApiError(8015, 'Customer not found for the given identifiers');
    return c;
  }

  /** Lookup by one identifier, or a comma-separated list decided by the org's primary identifier. */
  function lookup(org: Org, q: URLSearchParams, allowed: string[], dualAlways: boolean): Customer {
    const names = (q.get('identifierName') ?? '').split(',').map((s) => s.trim());
    const values = (q.get('identifierValue') ?? '').split(',').map((s) => s.trim());
    for (const n of names)
      if (!allowed.includes(n)) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (names.length !== values.length)
      throw new ApiError(8015, 'Customer not found for the given identifiers');
    if (names.length === 1 && !(dualAlways && org.dualPrimary))
      return findCustomer(org, names[0] as string, values[0] as string);
    if (!org.dualPrimary) throw new ApiError(8015, 'Customer not found for the given identifiers');
    const i = names.indexOf(org.dualPrimary);
    if (i < 0) throw new ApiError(8015, 'Customer not found for the given identifiers');
    return findCustomer(org, org.dualPrimary, values[i] as string);
  }

  function deduct(org: Org, q: URLSearchParams, body: Record<string, unknown>) {
    const source = q.get('source');
    if (!q.get('identifierName')) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (!source || !NPA_SOURCES.includes(source)) throw new ApiError(8003, 'Invalid source');
    const c = lookup(org, q, ['externalId', 'mobile'], false);
    const raw = body.pointsToBeAdjusted;
    if (raw === undefined || raw === null || raw === '')
      throw new ApiError(8888, 'Points to be adjusted cannot be empty or zero');
    if (typeof raw !== 'number' && !(typeof raw === 'string' && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(raw)))
      throw new ApiError(8888, 'Invalid pointsToBeAdjusted');
    const points = Number(raw);
    if (!Number.isFinite(points)) throw new ApiError(8888, 'Invalid pointsToBeAdjusted');
    if (points === 0) throw new ApiError(8888, 'Points cannot be zero');
    if (points < 0) throw new ApiError(8888, 'Points to be adjusted should be greater than 0');
    const reason = body.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new ApiError(8882, 'Reason of return is missing');
    if (reason.length > 50) throw new ApiError(8882, 'Reason of return cannot exceed 50 characters');
    for (const k of ['programId', 'pointsAwardedId', 'promotionId'])
      if (
        body[k] !== undefined &&
        body[k] !== null &&
        !Number.isInteger(typeof body[k] === 'string' ? Number(body[k]) : body[k])
      )
        throw new ApiError(k === 'programId' ? 1218 : k === 'promotionId' ? 8874 : 8877, `Invalid ${k}`);
    const programId =
      body.programId === undefined || body.programId === null ? undefined : Number(body.programId);
    if (body.promotionId != null && body.promotionIdentifier != null)
      throw new ApiError(8874, 'Either promotionId or promotionIdentifier may be passed, not both');
    if (body.promotionIdentifier != null && programId === undefined)
      throw new ApiError(8887, 'promotionIdentifier needs a programId');
    if (body.pointsAwardedRefType != null && !REF_TYPES.includes(String(body.pointsAwardedRefType)))
      throw new ApiError(9975, 'Invalid pointsAwardedRefType');
    const program = programId ?? org.defaultProgram;
    const bal = c.balances.get(program);
    if (!org.programs.has(program) || !bal)
      throw new ApiError(1218, `Customer is not enrolled in program ${program}`);
    if (body.promotionId != null && !org.promotions.some((p) => p.id === Number(body.promotionId)))
      throw new ApiError(8874, 'Invalid promotion id');
    if (
      body.promotionIdentifier != null &&
      !org.promotions.some((p) => p.identifier === body.promotionIdentifier && p.programId === program)
    )
      throw new ApiError(8874, 'Invalid promotion identifier');
    if (body.pointsAwardedId != null && !c.awards.includes(Number(body.pointsAwardedId)))
      throw new ApiError(8877, 'Invalid pointsAwardedId');
    const decimals = (org.programs.get(program) as { decimals: number }).decimals;
    const places = decimalsOf(raw as number | string);
    if (places > decimals)
      throw new ApiError(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
      );
    if (!org.negativeOn && points > bal.main)
      throw new ApiError(
        8907,
        `points to be deducted ${points} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    bal.main = round(bal.main - points);
    return {
      status: 'success',
      pointsAvailable: f(bal.main),
      message: `${points} points deducted successfully for the user`,
      warnings: [],
      programId: program,
      programName: org.programs.get(program)?.name,
      pointsDeducted: f(points),
      adjustedAt: new Date().toISOString(),
    };
  }

  function balance(org: Org, q: URLSearchParams) {
    const source = q.get('source');
    if (source !== null && ![...NPA_SOURCES, ...UPP_SOURCES].includes(source))
      throw new ApiError(8003, 'Invalid source');
    if (!q.get('identifierName') || !q.get('identifierValue'))
      throw new ApiError(8015, 'Customer not found for the given identifiers');
    const c = lookup(org, q, ['mobile', 'email', 'externalId', 'id', 'cuid'], true);
    const all = (q.get('fetchDataForAllPrograms') ?? '').toLowerCase() === 'true';
    const pid = q.get('programId');
    if (pid !== null && pid !== '' && !/^\d+$/.test(pid))
      throw new ApiError(1218, `Invalid programId: ${pid}`);
    const programs = all
      ? [...c.balances.keys()]
      : [pid !== null && pid !== '' ? Number(pid) : org.defaultProgram];
    const sum = { main: 0, delayed: 0, external: 0 };
    const perProgram = programs.map((p) => {
      const b = c.balances.get(p) ?? { main: 0, delayed: 0, external: 0 };
      sum.main += b.main;
      sum.delayed += b.delayed;
      sum.external += b.external;
      return {
        programId: p,
        programName: org.programs.get(p)?.name ?? null,
        mainPoints: f(b.main),
        promisedPoints: f(
          round(b.delayed + b.external + (c.balances.has(p) ? (options.tierBonusPoints ?? 0) : 0)),
        ),
      };
    });
    const tier = (options.tierBonusPoints ?? 0) * programs.filter((p) => c.balances.has(p)).length;
    const promised = round(sum.delayed + sum.external + tier);
    return {
      status: { success: true, code: 200, message: 'Success' },
      entityId: c.entityId,
      entityType: 'CUSTOMER',
      totalPoints: f(round(sum.main + promised)),
      mainPoints: f(round(sum.main)),
      promisedPoints: f(promised),
      promisedPointsBreakup: {
        delayedAccrualPoints: f(round(sum.delayed)),
        externalTriggerBasedPoints: f(round(sum.external)),
        tierBonusPoints: f(tier),
        referralPoints: f(0),
      },
      programs: perProgram,
      asOf: new Date().toISOString(),
      warnings: [],
    };
  }

  function unlock(org: Org, q: URLSearchParams, body: Record<string, unknown>) {
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source)
      throw new ApiError(82323284, 'identifierName, identifierValue, or source cannot be empty');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2') throw new ApiError(82323276, 'Entity type invalid');
    if (!UPP_SOURCES.includes(source)) throw new ApiError(8003, 'Invalid source');
    if (type === 'USERGROUP2') throw new ApiError(1645, 'Group details passed are not valid');
    const c = lookup(org, q, ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'], false);
    const billNumber = body.billNumber;
    if (billNumber === undefined || billNumber === null || billNumber === '')
      throw new ApiError(82323271, 'Bill number missing');
    const eventName = body.eventName;
    if (typeof eventName !== 'string' || eventName === '')
      throw new ApiError(82323272, 'Event name not found');
    const bill = org.bills.find((b) => b.customer === c && b.billNumber === String(billNumber));
    if (!bill) throw new ApiError(82323277, 'No bill found for given bill number');
    if (bill.eventName !== eventName) throw new ApiError(82323272, 'Event name not found');
    const logIds = body.eventLogId;
    if (logIds !== undefined && logIds !== null) {
      const list = (Array.isArray(logIds) ? logIds : [logIds]).map((x) => String(x));
      if (!list.includes(String(bill.eventLogId)))
        throw new ApiError(3918, 'Error unlocking points: no eventLog found for given eventLogId');
    }
    const sp = body.sourceProgramId;
    if (sp !== undefined && sp !== null && Number(sp) !== bill.programId)
      throw new ApiError(82323282, 'No promise points found to unlock');
    const byIds = Array.isArray(body.lineItemIds) ? body.lineItemIds.map(Number) : undefined;
    const byCodes = Array.isArray(body.itemCodes) ? body.itemCodes.map(String) : undefined;
    const filtered = (byIds && byIds.length > 0) || (byCodes && byCodes.length > 0);
    const now = new Date().toISOString();
    const programName = org.programs.get(bill.programId)?.name;
    const lines: Record<string, unknown>[] = [];
    let moved = 0;
    if (!filtered && bill.billPoints > 0) {
      lines.push({
        billNumber: bill.billNumber,
        pointsUnlocked: f(bill.billPoints),
        programId: bill.programId,
        programName,
        unlockedAt: now,
      });
      moved += bill.billPoints;
      bill.billPoints = 0;
    }
    for (const line of bill.lines) {
      const chosen = !filtered || byIds?.includes(line.id) || byCodes?.includes(line.itemCode);
      if (!chosen || line.points <= 0) continue;
      lines.push({
        billNumber: bill.billNumber,
        itemCode: line.itemCode,
        lineItemId: line.id,
        pointsUnlocked: f(line.points),
        programId: bill.programId,
        programName,
        unlockedAt: now,
      });
      moved += line.points;
      line.points = 0;
    }
    if (!filtered && bill.promotion && bill.promotion.points > 0) {
      const p = bill.promotion;
      lines.push({
        pointsUnlocked: f(p.points),
        programId: bill.programId,
        promotionIdentifier: p.identifier,
        promotionId: p.id,
        promotionName: p.name,
        programName,
        unlockedAt: now,
      });
      moved += p.points;
      p.points = 0;
    }
    if (lines.length === 0) throw new ApiError(82323282, 'No promise points found to unlock');
    if ((!filtered || options.zeroLineFirst) && bill.gift)
      lines[options.zeroLineFirst ? 'unshift' : 'push']({
        billNumber: bill.billNumber,
        itemCode: bill.gift.itemCode,
        lineItemId: bill.gift.id,
        pointsUnlocked: f(0),
        programId: bill.programId,
        programName,
        unlockedAt: now,
      });
    if (options.alternateCurrencyLine && !filtered)
      lines.push({
        billNumber: bill.billNumber,
        pointsUnlocked: f(0),
        programId: bill.programId,
        alternateCurrency: { name: 'Stars', unlocked: f(3) },
        programName,
        unlockedAt: now,
      });
    const bal = c.balances.get(bill.programId) as Balance;
    bal.delayed = round(bal.delayed - moved);
    bal.main = round(bal.main + moved);
    return {
      status: { success: true, code: 200, message: 'Success' },
      pointsUnlocked: lines,
      totalUnlocked: f(moved),
      warnings: [],
    };
  }

  function inquiryData(m: { available: number; pending: number }): Record<string, unknown>[] {
    const main = {
      programName: 'fabric Club',
      pointsBalance: {
        memberPointsAvailable: f(m.available),
        memberPointsPending: f(m.pending),
        asOf: new Date().toISOString(),
      },
    };
    const other = {
      programName: 'fabric Partners',
      pointsBalance: {
        memberPointsAvailable: f(40),
        memberPointsPending: f(0),
        asOf: new Date().toISOString(),
      },
    };
    if (options.inquirySecondProgram === 'first') return [other, main];
    if (options.inquirySecondProgram === 'last') return [main, other];
    return [main];
  }

  function fabric(req: IncomingMessage, path: string, body: unknown): [number, Record<string, unknown>] {
    const fail = (
      status: number,
      message: string,
      errors: Record<string, unknown>,
    ): [number, Record<string, unknown>] => [
      status,
      { message, errors, data: null, status: f(status), warnings: [] },
    ];
    const auth = req.headers.authorization ?? '';
    if (auth !== `Bearer ${fabricToken}`)
      return fail(401, 'Unauthorized', { authorization: 'A valid Bearer token is required' });
    const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (inquiry) {
      if (!options.memberInquiry || req.method !== 'GET')
        return fail(404, 'Not found', { path: 'No such endpoint' });
      const m = members.get(decodeURIComponent(inquiry[1] as string));
      if (!m) return fail(404, 'Member not found', { profileId: 'Unknown member' });
      return [
        200,
        {
          message: 'Member points',
          errors: {},
          data: inquiryData(m),
          status: f(200),
          warnings: [],
        },
      ];
    }
    if (path !== '/api/v1/members/points-adjustment')
      return fail(404, 'Not found', { path: 'No such endpoint' });
    if (req.method !== 'POST') return fail(405, 'Method not allowed', { method: 'Use POST' });
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return fail(400, 'Invalid request', { body: 'A JSON object is required' });
    const b = body as Record<string, unknown>;
    if (typeof b.points !== 'number' || !Number.isFinite(b.points) || b.points === 0)
      return fail(400, 'Invalid request', { points: 'A non-zero number is required' });
    for (const k of ['pointType', 'billingEntity', 'reasonCode'])
      if (b[k] !== undefined && b[k] !== null && (typeof b[k] !== 'string' || (b[k] as string).length < 1))
        return fail(400, 'Invalid request', { [k]: 'A string of at least 1 character, or null' });
    if (b.setToPending !== undefined && typeof b.setToPending !== 'boolean')
      return fail(400, 'Invalid request', { setToPending: 'A boolean' });
    if (typeof b.profileId !== 'string' || b.profileId === '')
      return fail(400, 'Invalid request', { profileId: 'The member to adjust is required' });
    const m = members.get(b.profileId);
    if (!m) return fail(404, 'Member not found', { profileId: 'Unknown member' });
    const points = b.points;
    const pending = b.setToPending === true;
    if (points < 0 && -points > m.available)
      return fail(400, 'Insufficient points', { points: 'More than the available points' });
    if (points > 0 && pending) m.pending = round(m.pending + points);
    else m.available = round(m.available + points);
    const shown = Number.isInteger(Math.abs(points)) ? `${Math.abs(points)}.0` : String(Math.abs(points));
    return [
      200,
      {
        message: 'Member points adjusted',
        errors: {},
        data: {
          Message: `${shown} points ${points > 0 ? (pending ? 'added as pending' : 'added') : 'subtracted'}`,
          futureDate: false,
          ExceptionString: '',
          transactionCode: randomUUID(),
          pointStatus: pending && points > 0 ? 'PENDING' : 'ACTIVE',
          adjustedAt: new Date().toISOString(),
        },
        status: f(200),
        warnings: [],
      },
    ];
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const requestId = randomUUID();
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      let badJson = false;
      if (text.trim() !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          badJson = true;
        }
      }
      if (path.startsWith('/api/')) {
        if (badJson) {
          send(
            res,
            400,
            {
              message: 'Invalid JSON',
              errors: { body: 'Malformed JSON' },
              data: null,
              status: f(400),
              warnings: [],
            },
            requestId,
            path,
          );
          return;
        }
        const [status, out] = fabric(req, path, body);
        send(res, status, out, requestId, path);
        return;
      }
      try {
        if (path === '/v3/oauth/token/generate') {
          if (req.method !== 'POST') throw new ApiError(405, 'Method not allowed', 405);
          const b = (body ?? {}) as Record<string, unknown>;
          const org = apps.get(`${String(b.key)}:${String(b.secret)}`);
          if (!org) {
            send(
              res,
              401,
              {
                data: null,
                errors: [{ status: false, code: 401, message: 'Invalid key or secret' }],
                warnings: [],
              },
              requestId,
              path,
            );
            return;
          }
          const token = randomUUID();
          tokens.set(token, org);
          send(
            res,
            200,
            {
              data: {
                accessToken: token,
                ttlSeconds: 3600,
                expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
              },
              errors: null,
              warnings: [],
            },
            requestId,
            path,
          );
          return;
        }
        const routes: Record<string, string> = {
          '/v2/customers/lookup/negativePointsAdjustment': 'POST',
          '/v2/customers/lookup/points/balance': 'GET',
          '/v2/points/unlockPromisedPoints': 'POST',
        };
        const method = routes[path];
        if (!method) throw new ApiError(404, 'Resource not found', 404);
        const org = authOrg(req);
        if (req.method !== method) throw new ApiError(405, 'Method not allowed', 405);
        if (
          method === 'POST' &&
          (badJson || typeof body !== 'object' || body === null || Array.isArray(body))
        )
          throw new ApiError(400, 'Invalid JSON body', 400);
        const b = body as Record<string, unknown>;
        const out =
          path === '/v2/customers/lookup/negativePointsAdjustment'
            ? deduct(org, url.searchParams, b)
            : path === '/v2/points/unlockPromisedPoints'
              ? unlock(org, url.searchParams, b)
              : balance(org, url.searchParams);
        send(res, 200, out, requestId, path);
      } catch (e) {
        if (e instanceof ApiError) send(res, e.status, capError(e), requestId, path);
        else send(res, 500, capError(new ApiError(500, 'Internal error', 500)), requestId, path);
      }
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
