/**
 * Second clean-room provider: the four documented endpoints (plus fabric's member inquiry and
 * Capillary's OAuth token endpoint), written from the vendor documents alone, choosing
 * differently from the obvious wherever the documents leave room:
 * - every Capillary API error is HTTP 200 with the error envelope (auth failures alone are 401);
 * - OAuth tokens only (no Basic); one org, negative balance on return off;
 * - amounts always strings with the program's round decimals (0 for one program, 3 for the other);
 * - the default program is not the first one; bills carry lines in two programs, split between
 *   delayed accrual and external trigger promised points;
 * - dual eligibility with externalId as the primary identifier; three customers share an email;
 * - fabric pending points never count as available; the inquiry lists two entries (Base / other);
 * - its own validation order.
 * Amounts are kept as integers in thousandths (the largest round decimals of the org is 3).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const SCALE = 1000;
const PROGRAMS = new Map<number, number>([
  [310, 0],
  [520, 3],
]);
const DEFAULT_PROGRAM = 520;

const OAUTH_CLIENTS = new Map<string, { secret: string; points: boolean }>([
  ['cr2-client', { secret: 'cr2-client-secret', points: true }],
  ['cr2-viewer', { secret: 'cr2-viewer-secret', points: false }],
]);
const FABRIC_TOKEN = 'cr2-fabric-token';

type Category = 'delayed' | 'external';
interface Line {
  lineItemId: number | null;
  itemCode: string | null;
  programId: number;
  category: Category;
  points: number;
  unlocked: boolean;
}
interface Bill {
  billNumber: string;
  eventName: string;
  eventLogId: number;
  lines: Line[];
}
interface Customer {
  entityId: number;
  identifiers: Record<string, string>;
  main: Map<number, number>;
  bills: Bill[];
  awards: Map<number, number>;
}

const ORG_SOURCES_NPA = new Set(
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' '),
);
const ORG_SOURCES_UPP = new Set(
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' '),
);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const PROMOTION = { id: 9001, identifier: 'WINTER-7', programId: 310 };

function line(
  lineItemId: number | null,
  itemCode: string | null,
  programId: number,
  category: Category,
  points: number,
): Line {
  return { lineItemId, itemCode, programId, category, points: Math.round(points * SCALE), unlocked: false };
}

const bill = (billNumber: string, eventName: string, eventLogId: number, ...lines: Line[]): Bill => ({
  billNumber,
  eventName,
  eventLogId,
  lines,
});

function seed(): Customer[] {
  const c = (
    entityId: number,
    identifiers: Record<string, string>,
    main: [number, number][],
    bills: Bill[] = [],
    awards: [number, number][] = [],
  ): Customer => ({
    entityId,
    identifiers,
    main: new Map(main.map(([p, v]) => [p, Math.round(v * SCALE)])),
    bills,
    awards: new Map(awards),
  });
  return [
    c(
      40001,
      {
        externalId: 'X-40001',
        mobile: '447700900001',
        email: 'pool@example.org',
        id: '40001',
        cuid: 'CU-40001',
        primaryUserId: 'PU-40001',
      },
      [
        [520, 5000.25],
        [310, 800],
      ],
      [
        bill(
          'B-77-1',
          'TransactionAdd',
          7700001,
          line(null, null, 520, 'external', 3.25),
          line(501, 'sku-a', 520, 'delayed', 12.5),
          line(502, 'sku-b', 310, 'external', 7),
          line(503, 'sku-c', 310, 'delayed', 4),
        ),
      ],
      [[60001, 520]],
    ),
    c(
      40002,
      { externalId: 'X-40002', mobile: '447700900002', email: 'pool@example.org', id: '40002' },
      [[520, 150]],
      [
        bill(
          'B-77-2',
          'TransactionUpdate',
          7700002,
          line(null, null, 520, 'delayed', 20),
          line(601, 'sku-z', 520, 'external', 5.125),
        ),
      ],
    ),
    c(
      40003,
      { externalId: 'X-40003', mobile: '447700900002', email: 'pool@example.org', id: '40003' },
      [[520, 0]],
      [bill('B-77-3', 'TransactionAdd', 7700003, line(null, null, 520, 'delayed', 9))],
    ),
    c(40004, { externalId: 'X-40004', mobile: '447700900004', id: '40004' }, [[520, 200]]),
  ];
}

interface State {
  customers: Customer[];
  tokens: Map<string, boolean>;
  fabric: { activeBase: number; activeOther: number; pending: number };
}

function fmt(thousandths: number, decimals: number): string {
  const neg = thousandths < 0;
  const abs = Math.abs(thousandths);
  const unit = 10 ** (3 - decimals);
  const rounded = Math.round(abs / unit);
  const whole = Math.floor(rounded / 10 ** decimals);
  const frac = rounded % 10 ** decimals;
  const text = decimals === 0 ? String(whole) : `${whole}.${String(frac).padStart(decimals, '0')}`;
  return neg && rounded !== 0 ? `-${text}` : text;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Codes of a request that is malformed on its face: answered 422. */
const INPUT_CODES = new Set([
  8003, 8010, 8011, 8013, 8882, 8883, 8884, 8885, 8886, 8887, 8888, 8889, 8890, 9975, 82323270, 82323271,
  82323272, 82323276, 82323284,
]);

/**
 * A Capillary API error, always with the error envelope: HTTP 422 for a malformed request, HTTP 200
 * for everything else (the legacy v2 "one or more requests have failed" convention), failed
 * authentication included.
 */
function capError(res: ServerResponse, code: number, message: string): void {
  send(res, INPUT_CODES.has(code) ? 422 : 200, { warnings: [], errors: [{ code, message, status: false }] });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1_000_000) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

type Json = Record<string, unknown>;
function parseObject(text: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a positive amount into thousandths and its significant decimal places. */
function parseAmount(v: unknown): { value: number; decimals: number } | 'zero' | 'negative' | undefined {
  let text: string;
  if (typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else if (typeof v === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(v)) text = v;
  else return undefined;
  if (/e/i.test(text)) return undefined;
  const neg = text.startsWith('-');
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  const sig = frac.replace(/0+$/, '');
  if (/^0*$/.test(whole) && sig === '') return 'zero';
  if (neg) return 'negative';
  if (sig.length > 3) return { value: Number.NaN, decimals: sig.length };
  const value = Number(whole) * SCALE + Number(sig.padEnd(3, '0'));
  if (!Number.isSafeInteger(value)) return undefined;
  return { value, decimals: sig.length };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export interface Cleanroom2Provider {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Further readings the documents allow, each off by default. */
export interface Cleanroom2Options {
  /** The deduction answers `Status`, the response table's spelling, instead of the example's `status`. */
  statusAsTable?: boolean;
  /** Credentials without the Points access group may not read balances either. */
  balanceNeedsPoints?: boolean;
}

export async function startCleanroom2Provider(
  options: Cleanroom2Options = {},
  port = 0,
): Promise<Cleanroom2Provider> {
  const state: State = {
    customers: seed(),
    tokens: new Map(),
    fabric: { activeBase: 1000, activeOther: 250, pending: 0 },
  };

  const findBy = (name: string, value: string): Customer[] =>
    state.customers.filter((c) => c.identifiers[name] !== undefined && c.identifiers[name] === value);

  /** Capillary auth: OAuth token only. Returns whether the principal has the Points access group. */
  function capAuth(req: IncomingMessage, res: ServerResponse): boolean | undefined {
    const token = req.headers['x-cap-api-oauth-token'];
    const access = typeof token === 'string' ? state.tokens.get(token) : undefined;
    if (access === undefined) {
      capError(res, 401, 'Invalid or missing OAuth token');
      return undefined;
    }
    return access;
  }

  function balanceFor(c: Customer, programs: number[]): Json {
    let main = 0;
    let delayed = 0;
    let external = 0;
    for (const p of programs) {
      main += c.main.get(p) ?? 0;
      for (const b of c.bills)
        for (const l of b.lines)
          if (!l.unlocked && l.programId === p) {
            if (l.category === 'delayed') delayed += l.points;
            else external += l.points;
          }
    }
    const d = Math.max(...programs.map((p) => PROGRAMS.get(p) ?? 3));
    return {
      // only the fields the document's table names (no entityType, promisedPoints or warnings)
      entityId: c.entityId,
      totalPoints: fmt(main + delayed + external, d),
      mainPoints: fmt(main, d),
      promisedPointsBreakup: {
        delayedAccrualPoints: fmt(delayed, d),
        externalTriggerBasedPoints: fmt(external, d),
      },
    };
  }

  function balance(q: URLSearchParams, res: ServerResponse) {
    const names = q.get('identifierName');
    const values = q.get('identifierValue');
    if (!names || !values) return capError(res, 8015, 'Customer not found for the given identifiers');
    const nameList = names.split(',');
    const valueList = values.split(',');
    if (nameList.some((n) => !['email', 'mobile', 'externalId'].includes(n)))
      return capError(res, 8013, 'Lookup,Invalid identifier passed');
    const source = q.get('source');
    if (source !== null && !ORG_SOURCES_NPA.has(source) && !ORG_SOURCES_UPP.has(source))
      return capError(res, 8003, 'Invalid source');
    const all = q.get('fetchDataForAllPrograms');
    if (all !== null && all !== 'true' && all !== 'false')
      return capError(res, 8010, 'fetchDataForAllPrograms must be true or false');
    const pid = q.get('programId');
    if (pid !== null && !/^[0-9]+$/.test(pid)) return capError(res, 8011, 'Invalid programId');
    if (pid !== null && !PROGRAMS.has(Number(pid)))
      return capError(res, 1218, 'customer not enrolled in program');
    if (nameList.length !== valueList.length || valueList.some((v) => v === ''))
      return capError(res, 8015, 'Customer not found for the given identifiers');
    const at = nameList.indexOf('externalId');
    if (at < 0) return capError(res, 8015, 'Customer not found for the given identifiers');
    const found = findBy('externalId', valueList[at] ?? '');
    const c = found[0];
    if (found.length !== 1 || c === undefined)
      return capError(res, 8015, 'Customer not found for the given identifiers');
    const programs = all === 'true' ? [...PROGRAMS.keys()] : [pid !== null ? Number(pid) : DEFAULT_PROGRAM];
    send(res, 200, balanceFor(c, programs));
  }

  function deduct(q: URLSearchParams, bodyText: string, access: boolean, res: ServerResponse) {
    if (!access) return capError(res, 4000, 'Not authorized: the Points access group is required');
    const name = q.get('identifierName');
    if (name !== 'externalId' && name !== 'mobile')
      return capError(res, 8013, 'Lookup,Invalid identifier passed');
    const source = q.get('source');
    if (source === null || !ORG_SOURCES_NPA.has(source)) return capError(res, 8003, 'Invalid source');
    const value = q.get('identifierValue');
    if (!value) return capError(res, 8015, 'Customer not found for the given identifiers');
    const body = parseObject(bodyText);
    if (!body) return capError(res, 8890, 'request body must be a JSON object');
    if (!('reasonOfReturn' in body) || body.reasonOfReturn === null || body.reasonOfReturn === '')
      return capError(res, 8882, 'reason missing');
    if (typeof body.reasonOfReturn !== 'string')
      return capError(res, 8883, 'reasonOfReturn must be a string');
    if (body.reasonOfReturn.length > 50)
      return capError(res, 8884, 'reasonOfReturn is longer than 50 characters');
    if (!('pointsToBeAdjusted' in body) || body.pointsToBeAdjusted === null)
      return capError(res, 8889, 'pointsToBeAdjusted is required');
    const amount = parseAmount(body.pointsToBeAdjusted);
    if (amount === undefined) return capError(res, 8889, 'pointsToBeAdjusted must be a positive number');
    if (amount === 'zero') return capError(res, 8888, 'points cannot be zero');
    if (amount === 'negative') return capError(res, 8886, 'points to be deducted must be greater than zero');
    for (const f of ['programId', 'pointsAwardedId', 'promotionId'] as const)
      if (f in body && body[f] !== null && !isInt(body[f]))
        return capError(res, 8885, `${f} must be an integer`);
    if (
      'promotionIdentifier' in body &&
      body.promotionIdentifier !== null &&
      typeof body.promotionIdentifier !== 'string'
    )
      return capError(res, 8885, 'promotionIdentifier must be a string');
    const hasPromoId = body.promotionId !== undefined && body.promotionId !== null;
    const hasPromoIdent = body.promotionIdentifier !== undefined && body.promotionIdentifier !== null;
    const hasProgram = body.programId !== undefined && body.programId !== null;
    if (hasPromoId && hasPromoIdent)
      return capError(res, 8874, 'pass either promotionId or promotionIdentifier, not both');
    if (hasPromoIdent && !hasProgram)
      return capError(res, 8887, 'programId is required when promotionIdentifier is passed');
    if ('pointsAwardedRefType' in body && body.pointsAwardedRefType !== null) {
      if (typeof body.pointsAwardedRefType !== 'string' || !REF_TYPES.has(body.pointsAwardedRefType))
        return capError(res, 9975, 'invalid pointsAwardedRefType');
    }
    const found = findBy(name, value);
    const c = found[0];
    if (found.length !== 1 || c === undefined)
      return capError(res, 8015, 'Customer not found for the given identifiers');
    let program = hasProgram ? (body.programId as number) : DEFAULT_PROGRAM;
    if (hasPromoId || hasPromoIdent) {
      const ok = hasPromoId
        ? body.promotionId === PROMOTION.id
        : body.promotionIdentifier === PROMOTION.identifier;
      if (!ok || (hasProgram && program !== PROMOTION.programId))
        return capError(res, 8874, 'invalid promotion id');
      program = PROMOTION.programId;
    }
    if (!PROGRAMS.has(program) || !c.main.has(program))
      return capError(res, 1218, 'customer not enrolled in program');
    const decimals = PROGRAMS.get(program) ?? 0;
    if (amount.decimals > decimals)
      return capError(
        res,
        8906,
        `decimal places passed: ${amount.decimals} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
      );
    if (body.pointsAwardedId !== undefined && body.pointsAwardedId !== null) {
      const awardProgram = c.awards.get(body.pointsAwardedId as number);
      if (awardProgram === undefined || awardProgram !== program)
        return capError(res, 8877, 'invalid pointsAwardedId');
    }
    const available = c.main.get(program) ?? 0;
    if (amount.value > available)
      return capError(
        res,
        8907,
        `points to be deducted ${fmt(amount.value, decimals)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    c.main.set(program, available - amount.value);
    send(res, 200, {
      [options.statusAsTable ? 'Status' : 'status']: 'success',
      pointsAvailable: fmt(available - amount.value, decimals),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  }

  function unlock(q: URLSearchParams, bodyText: string, res: ServerResponse) {
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source)
      return capError(res, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2') return capError(res, 82323276, 'Entity type invalid.');
    if (!['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'].includes(name))
      return capError(res, 8013, 'Lookup,Invalid identifier passed');
    if (!ORG_SOURCES_UPP.has(source)) return capError(res, 8003, 'Invalid source');
    if (type === 'USERGROUP2') return capError(res, 1645, 'Group details passed are not valid.');
    const body = parseObject(bodyText);
    if (!body) return capError(res, 82323270, 'request body must be a JSON object');
    if (typeof body.eventName !== 'string' || body.eventName === '')
      return capError(res, 82323272, 'Event name not found.');
    if (!('billNumber' in body) || body.billNumber === null || body.billNumber === '')
      return capError(res, 82323271, 'Bill number missing.');
    if (typeof body.billNumber !== 'string' && !isInt(body.billNumber))
      return capError(res, 82323270, 'billNumber must be a string');
    const logs = body.eventLogId;
    const logList = logs === undefined || logs === null ? [] : Array.isArray(logs) ? logs : [logs];
    if (!logList.every((l) => isInt(l) || (typeof l === 'string' && /^[0-9]+$/.test(l))))
      return capError(res, 82323270, 'eventLogId must be an integer or a list of integers');
    const ints = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.every(isInt));
    const strs = (v: unknown) =>
      v === undefined || v === null || (Array.isArray(v) && v.every((s) => typeof s === 'string'));
    if (!ints(body.lineItemIds)) return capError(res, 82323270, 'lineItemIds must be a list of integers');
    if (!strs(body.itemCodes)) return capError(res, 82323270, 'itemCodes must be a list of strings');
    for (const f of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
      if (body[f] !== undefined && body[f] !== null && !isInt(body[f]))
        return capError(res, 82323270, `${f} must be an integer`);
    if (body.billDate !== undefined && body.billDate !== null) {
      const d = body.billDate;
      if (
        typeof d !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}$/.test(d) ||
        Number.isNaN(Date.parse(`${d}T00:00:00Z`)) ||
        new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d
      )
        return capError(res, 82323270, 'billDate must be YYYY-MM-DD');
    }
    const found = findBy(name, value);
    const c = found[0];
    if (found.length !== 1 || c === undefined)
      return capError(res, 8015, 'Customer not found for the given identifiers');
    const bill = c.bills.find((b) => b.billNumber === String(body.billNumber));
    if (!bill) return capError(res, 82323277, 'No bill found for given bill number.');
    if (bill.eventName !== body.eventName) return capError(res, 82323272, 'Event name not found.');
    if (logList.some((l) => Number(l) !== bill.eventLogId))
      return capError(res, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    const ids = (body.lineItemIds as number[] | undefined | null) ?? [];
    const codes = (body.itemCodes as string[] | undefined | null) ?? [];
    const filtered = ids.length > 0 || codes.length > 0;
    // Union of the two filters; bill-level points only move in an unfiltered unlock.
    const chosen = bill.lines.filter(
      (l) =>
        !l.unlocked &&
        (!filtered ||
          (l.lineItemId !== null && ids.includes(l.lineItemId)) ||
          (l.itemCode !== null && codes.includes(l.itemCode))),
    );
    if (chosen.length === 0) return capError(res, 82323282, 'No promise points found to unlock.');
    // One entry per program of the bill: its total, with the item codes of the lines it covers.
    const byProgram = new Map<number, { points: number; codes: string[] }>();
    for (const l of chosen) {
      l.unlocked = true;
      c.main.set(l.programId, (c.main.get(l.programId) ?? 0) + l.points);
      const g = byProgram.get(l.programId) ?? { points: 0, codes: [] };
      g.points += l.points;
      if (l.itemCode !== null) g.codes.push(l.itemCode);
      byProgram.set(l.programId, g);
    }
    const out: Json[] = [...byProgram].map(([programId, g]) => ({
      billNumber: bill.billNumber,
      // the response table calls itemCode a "List of codes or SKUs"
      ...(g.codes.length > 0 ? { itemCode: g.codes } : {}),
      pointsUnlocked: fmt(g.points, PROGRAMS.get(programId) ?? 3),
      programId,
    }));
    // The response table types pointsUnlocked "Object": a lone entry is sent as that object.
    if (out.length === 1) return send(res, 200, { pointsUnlocked: out[0] });
    send(res, 200, { pointsUnlocked: out }); // as the document's example: no warnings
  }

  function token(bodyText: string, res: ServerResponse) {
    const body = parseObject(bodyText);
    const key = body?.key;
    const client = typeof key === 'string' ? OAUTH_CLIENTS.get(key) : undefined;
    if (!client || body?.secret !== client.secret)
      return send(res, 401, {
        errors: [{ status: false, code: 401, message: 'invalid client' }],
        warnings: [],
      });
    const t = randomUUID();
    state.tokens.set(t, client.points);
    send(res, 200, { data: { accessToken: t, ttlSeconds: 3600 }, errors: null });
  }

  const fabricEnvelope = (status: number, message: string, data: unknown = null) => ({
    status,
    message,
    errors: {},
    data,
  });

  function fabricAuth(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.headers.authorization !== `Bearer ${FABRIC_TOKEN}`) {
      send(res, 401, {
        status: 401,
        message: 'Unauthorized',
        errors: { auth: 'a valid Bearer token is required' },
        data: null,
      });
      return false;
    }
    return true;
  }

  const MEMBER = 'b3c1e2f4-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

  function adjust(bodyText: string, res: ServerResponse) {
    const body = parseObject(bodyText);
    const bad = (m: string) => send(res, 422, fabricEnvelope(422, m));
    if (!body) return bad('body must be a JSON object');
    if (typeof body.points !== 'number' || !Number.isFinite(body.points))
      return bad('points is required and must be a number');
    for (const f of ['pointType', 'billingEntity', 'reasonCode'])
      if (body[f] !== undefined && body[f] !== null && (typeof body[f] !== 'string' || body[f] === ''))
        return bad(`${f} must be a non-empty string`);
    if (body.setToPending !== undefined && typeof body.setToPending !== 'boolean')
      return bad('setToPending must be a boolean');
    if (typeof body.profileId !== 'string') return bad('profileId is required');
    if (body.profileId !== MEMBER) return send(res, 404, fabricEnvelope(404, 'member not found'));
    const pts = Math.round(body.points * 100);
    if (pts === 0) return bad('points cannot be zero');
    if (pts !== body.points * 100) return bad('points may carry at most 2 decimals');
    const base = body.pointType === undefined || body.pointType === null || body.pointType === 'Base';
    const f = state.fabric;
    if (body.setToPending === true) {
      if (pts < 0) return bad('pending points cannot be deducted');
      f.pending += pts;
    } else if (pts > 0) {
      if (base) f.activeBase += pts;
      else f.activeOther += pts;
    } else {
      // a deduction takes from the entry of its point type first, then from the other; never below zero
      if (f.activeBase + f.activeOther + pts < 0) return bad('not enough available points');
      let left = -pts;
      const first = base ? 'activeBase' : 'activeOther';
      const second = base ? 'activeOther' : 'activeBase';
      const take = Math.min(left, f[first]);
      f[first] -= take;
      left -= take;
      f[second] -= left;
    }
    const shown = (Math.abs(pts) / 100).toFixed(1);
    send(
      res,
      200,
      fabricEnvelope(200, 'Member points adjusted', {
        Message: `${shown} points ${pts > 0 ? 'added' : 'deducted'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      }),
    );
  }

  function inquire(profileId: string, res: ServerResponse) {
    if (profileId !== MEMBER) return send(res, 404, fabricEnvelope(404, 'member not found'));
    const f = state.fabric;
    const entry = (pointType: string, available: number, pending: number) => ({
      totalPoints: (available + pending) / 100,
      pointsByType: [{ pointType, points: available / 100, subType: null }],
      pointsBalance: { memberPointsAvailable: available / 100, memberPointsLocked: pending / 100 },
    });
    send(res, 200, {
      status: 200,
      message: '',
      errors: {},
      data: [entry('Base', f.activeBase, f.pending), entry('Bonus', f.activeOther, 0)],
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const body = req.method === 'POST' ? await readBody(req) : '';
    if (path === '/v3/oauth/token/generate' && req.method === 'POST') return token(body, res);
    if (path === '/api/v1/members/points-adjustment' && req.method === 'POST') {
      if (!fabricAuth(req, res)) return;
      return adjust(body, res);
    }
    const inq = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (inq && req.method === 'GET') {
      if (!fabricAuth(req, res)) return;
      return inquire(decodeURIComponent(inq[1] ?? ''), res);
    }
    const capPaths: Record<string, string> = {
      '/v2/customers/lookup/negativePointsAdjustment': 'POST',
      '/v2/points/unlockPromisedPoints': 'POST',
      '/v2/customers/lookup/points/balance': 'GET',
    };
    const method = capPaths[path];
    if (method === undefined)
      return send(res, 404, {
        errors: [{ status: false, code: 404, message: 'no such resource' }],
        warnings: [],
      });
    if (method !== req.method)
      return send(res, 405, {
        errors: [{ status: false, code: 405, message: 'method not allowed' }],
        warnings: [],
      });
    const access = capAuth(req, res);
    if (access === undefined) return;
    if (path.endsWith('/balance')) {
      if (options.balanceNeedsPoints && !access)
        return capError(res, 4000, 'Not authorized: the Points access group is required');
      return balance(url.searchParams, res);
    }
    if (path.endsWith('/negativePointsAdjustment')) return deduct(url.searchParams, body, access, res);
    return unlock(url.searchParams, body, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 400, { errors: [{ status: false, code: 400, message: 'bad request' }], warnings: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const p = await startCleanroom2Provider(
    {
      statusAsTable: process.env.CR2_STATUS_AS_TABLE === '1',
      balanceNeedsPoints: process.env.CR2_BALANCE_NEEDS_POINTS === '1',
    },
    Number(process.env.PORT ?? 0),
  );
  console.log(p.url);
}
