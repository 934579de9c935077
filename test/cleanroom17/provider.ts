/**
 * Seventeenth clean-room provider, written from the four documents and DESIGN.md alone: a vendor
 * running in production behind an operations layer (test/cleanroom17/shedder.ts sheds about 1 % of
 * requests, and once a run 6 in a row, with 503 + Retry-After), every answer `Connection: close`
 * and chunked in 1–7-byte chunks with odd-case header names (wire.ts), OAuth tokens of 60 s where a
 * new token revokes the client's previous one, Basic md5 tills for org cedar only, numbers the
 * documents type written as `1.5E2`, `150.0`, `-0`, and errors under
 * `application/json;charset=UTF-8`. Two orgs chosen by credentials: cedar (negative balances off,
 * programs 1701 of 2 round decimals, default, and 1702 of 0) and delta (on, 1801 of 3 and 1802 of
 * 1, default). API errors: 400 (invalid input), 404 (8015, 82323277), 409 (82323282), 422 (8907).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Bill,
  type Customer,
  FABRIC_MEMBER,
  FABRIC_START,
  FABRIC_TOKEN,
  OAUTH_CLIENTS,
  type Org,
  type Principal,
  SCALE,
  seedOrgs,
  TILLS,
} from './data.ts';
import { createShedder, SHED_PAGE, type ShedLog } from './shedder.ts';
import { Num, seededRandom, toJson, writeAnswer } from './wire.ts';

const NPA_SOURCES = new Set(
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' '),
);
const UPP_SOURCES = new Set(
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' '),
);
const ALL_SOURCES = new Set([...NPA_SOURCES, ...UPP_SOURCES]);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
// The deduction page lists externalId and mobile; id and email are looked up too (a lenient reading).
const NPA_NAMES = new Set(['mobile', 'externalId', 'id', 'email']);
const BALANCE_NAMES = new Set(['mobile', 'externalId', 'id', 'email', 'cuid']);
const UPP_NAMES = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);

type Json = Record<string, unknown>;

/** An API error: HTTP status, Capillary code, message (non-ASCII on purpose: chunks split it). */
class ApiError {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
  ) {}
}
const fail = (status: number, code: number, message: string): never => {
  throw new ApiError(status, code, message);
};

export interface Cleanroom17Options {
  readonly seed?: number;
  /** Share of requests shed at random (0.01, shedder.ts). */
  readonly shedRate?: number;
  /** The burst of 6 starts at the first balance read after this many requests (60). */
  readonly burstAfter?: number;
  /** Share of OAuth token requests shed (default: shedRate). */
  readonly tokenShedRate?: number;
  /** Each answer (not a shed one) is sent 0 to this many ms late, seeded (0). */
  readonly latencyMs?: number;
  /** Lifetime of an OAuth token, in seconds (60). */
  readonly tokenTtlSeconds?: number;
}

export interface Cleanroom17Provider {
  readonly url: string;
  readonly shed: ShedLog;
  /** Tokens a later token of the same client revoked, and calls refused for carrying one. */
  readonly tokens: () => { revoked: number; refusedRevoked: number };
  close(): Promise<void>;
}

/** An amount as written: its value in thousandths and its significant decimal places. */
function parseAmount(value: unknown): { units: number; decimals: number } | undefined {
  const text =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? String(value)
        : ''
      : typeof value === 'string'
        ? value
        : '';
  const m = /^([+-]?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  let digits = (m[2]! + (m[3] ?? '')).replace(/^0+(?=\d)/, '');
  let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
  while (scale > 0 && digits.endsWith('0') && digits.length > 1) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  const sign = m[1] === '-' ? -1 : 1;
  const units = scale <= 3 ? sign * Number(digits) * 10 ** (3 - scale) : Number.NaN;
  return { units: digits === '0' ? 0 : units, decimals: scale };
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const thousandths = (units: number) => new Num(units, 3);

export async function startCleanroom17Provider(
  options: Cleanroom17Options = {},
): Promise<Cleanroom17Provider> {
  const seed = options.seed ?? 17;
  const random = seededRandom(seed);
  const shedder = createShedder({
    seed,
    rate: options.shedRate,
    burstAfter: options.burstAfter,
    tokenRate: options.tokenShedRate,
  });
  const orgs = seedOrgs();
  const member = { available: FABRIC_START * 10, pending: 0 }; // thousandths
  const tokenTtlMs = (options.tokenTtlSeconds ?? 60) * 1000;
  const tokens = new Map<string, { client: string; expires: number }>();
  const latestOfClient = new Map<string, string>();
  const revokedTokens = new Set<string>();
  let refusedRevoked = 0;

  function principalOf(req: IncomingMessage): Principal | undefined {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string') {
      const held = tokens.get(token);
      if (revokedTokens.has(token)) refusedRevoked++;
      if (!held || held.expires < Date.now()) return undefined;
      return OAUTH_CLIENTS[held.client];
    }
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !/^basic /i.test(auth)) return undefined;
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const till = TILLS[decoded.slice(0, colon)];
    if (colon < 0 || !till) return undefined;
    return createHash('md5').update(till.password).digest('hex') === decoded.slice(colon + 1)
      ? till
      : undefined;
  }

  function customerOf(org: Org, names: Set<string>, query: URLSearchParams): Customer {
    const name = query.get('identifierName') ?? '';
    const value = query.get('identifierValue') ?? '';
    if (!names.has(name)) fail(400, 8013, 'Lookup,Invalid identifier passed — 識別子が無効です');
    const found = org.customers.find((c) => c.identifiers[name] === value && value !== '');
    return found ?? fail(404, 8015, 'Customer not found for the given identifiers — 顧客が見つかりません');
  }

  function lockedLines(org: Org, customer: Customer) {
    return org.bills
      .filter((b) => b.customer === customer)
      .flatMap((b) => b.lines.filter((l) => !l.unlocked));
  }

  function balance(org: Org, query: URLSearchParams): Json {
    const source = query.get('source') ?? '';
    if (!ALL_SOURCES.has(source)) fail(400, 8003, 'Invalid source — ソースが無効です');
    const customer = customerOf(org, BALANCE_NAMES, query);
    const all = query.get('fetchDataForAllPrograms');
    if (all !== null && all !== 'true' && all !== 'false')
      fail(400, 8955, 'fetchDataForAllPrograms must be true or false');
    const programParam = query.get('programId');
    if (programParam !== null && !/^\d+$/.test(programParam)) fail(400, 8955, 'programId must be an integer');
    const programs =
      all === 'true'
        ? [...customer.main.keys()]
        : [programParam === null ? org.defaultProgramId : Number(programParam)];
    let main = 0;
    let delayed = 0;
    let external = 0;
    for (const program of programs) main += customer.main.get(program) ?? 0;
    for (const line of lockedLines(org, customer))
      if (programs.includes(line.programId)) {
        if (line.category === 'delayed') delayed += line.points;
        else external += line.points;
      }
    return {
      entityId: new Num(customer.entityId),
      entityType: 'CUSTOMER',
      totalPoints: thousandths(main + delayed + external),
      mainPoints: thousandths(main),
      promisedPoints: thousandths(delayed + external),
      promisedPointsBreakup: {
        delayedAccrualPoints: thousandths(delayed),
        externalTriggerBasedPoints: thousandths(external),
      },
      warnings: [],
    };
  }

  function deduct(org: Org, principal: Principal, query: URLSearchParams, body: Json): Json {
    // The deduction page asks for the Points access group; the other two pages do not.
    if (!principal.points) fail(403, 4000, 'Not authorized: Points access group missing — 権限がありません');
    if (!NPA_SOURCES.has(query.get('source') ?? '')) fail(400, 8003, 'Invalid source — ソースが無効です');
    const customer = customerOf(org, NPA_NAMES, query);
    const reason = body.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '')
      fail(400, 8882, 'reasonOfReturn is required — 理由が必要です');
    if ((reason as string).length > 50) fail(400, 8952, 'reasonOfReturn is longer than 50 characters');
    if (body.pointsToBeAdjusted === undefined || body.pointsToBeAdjusted === null)
      fail(400, 8950, 'pointsToBeAdjusted is required');
    const amount =
      parseAmount(body.pointsToBeAdjusted) ?? fail(400, 8950, 'pointsToBeAdjusted is not a number');
    if (amount.units === 0) fail(400, 8888, 'points cannot be zero — ポイントはゼロにできません');
    if (amount.units < 0) fail(400, 8951, 'points to be deducted must be greater than 0');
    for (const field of ['programId', 'promotionId', 'pointsAwardedId'])
      if (body[field] !== undefined && body[field] !== null && !isInt(body[field]))
        fail(400, 8950, `${field} must be an integer`);
    const hasPromotionId = body.promotionId !== undefined && body.promotionId !== null;
    const hasPromotionIdentifier =
      body.promotionIdentifier !== undefined && body.promotionIdentifier !== null;
    if (hasPromotionId && hasPromotionIdentifier)
      fail(400, 8954, 'promotionId and promotionIdentifier cannot both be passed');
    const programGiven = isInt(body.programId);
    if (hasPromotionIdentifier && !programGiven) fail(400, 8887, 'promotionIdentifier needs programId');
    const programId = programGiven ? (body.programId as number) : org.defaultProgramId;
    const program =
      org.programs.find((p) => p.id === programId) ?? fail(400, 8953, `Invalid programId ${programId}`);
    if (!customer.main.has(programId)) fail(400, 1218, 'Customer is not enrolled in the program — 未登録');
    if (hasPromotionId && !org.promotions.some((p) => p.id === body.promotionId))
      fail(400, 8874, 'Invalid promotion id');
    if (
      hasPromotionIdentifier &&
      !org.promotions.some((p) => p.identifier === body.promotionIdentifier && p.programId === programId)
    )
      fail(400, 8874, 'Invalid promotion id');
    if (isInt(body.pointsAwardedId) && !customer.awards.includes(body.pointsAwardedId))
      fail(400, 8877, 'Invalid pointsAwardedId');
    if (body.pointsAwardedRefType !== undefined && !REF_TYPES.has(body.pointsAwardedRefType as string))
      fail(400, 9975, 'Invalid pointsAwardedRefType');
    if (amount.decimals > program.roundDecimals)
      fail(
        400,
        8906,
        `decimal places passed: ${amount.decimals} is greater than the configured round decimals: ${program.roundDecimals} for programId: ${programId}`,
      );
    const available = customer.main.get(programId)!;
    if (!org.negativeBalanceOnReturn && amount.units > available)
      fail(
        422,
        8907,
        'points to be deducted is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.',
      );
    customer.main.set(programId, available - amount.units);
    return {
      status: 'success',
      pointsAvailable: thousandths(available - amount.units),
      message: 'points deducted successfully for the user — ポイントを差し引きました ✓',
      warnings: [],
    };
  }

  function unlock(org: Org, query: URLSearchParams, body: Json): Json {
    for (const name of ['identifierName', 'identifierValue', 'source'])
      if (!query.get(name))
        fail(400, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = query.get('type');
    if (type !== null && type !== 'CUSTOMER' && type !== 'USERGROUP2')
      fail(400, 82323276, 'Entity type invalid.');
    if (!UPP_SOURCES.has(query.get('source')!)) fail(400, 8003, 'Invalid source — ソースが無効です');
    if (type === 'USERGROUP2') fail(400, 1645, 'Group details passed are not valid.'); // this org has no groups
    const customer = customerOf(org, UPP_NAMES, query);
    if (typeof body.eventName !== 'string' || body.eventName === '')
      fail(400, 82323272, 'Event name not found.');
    const billNumber = body.billNumber;
    if (billNumber === undefined || billNumber === null || billNumber === '')
      fail(400, 82323271, 'Bill number missing.');
    if (typeof billNumber !== 'string' && typeof billNumber !== 'number')
      fail(400, 8956, 'billNumber must be a string');
    for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
      if (body[field] !== undefined && body[field] !== null && !isInt(body[field]))
        fail(400, 8956, `${field} must be an integer`);
    if (
      body.billDate !== undefined &&
      (typeof body.billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.billDate))
    )
      fail(400, 8956, 'billDate must be YYYY-MM-DD');
    for (const field of ['lineItemIds', 'itemCodes'])
      if (body[field] !== undefined && !Array.isArray(body[field]))
        fail(400, 8956, `${field} must be an array`);
    const bill: Bill =
      org.bills.find((b) => b.customer === customer && b.billNumber === String(billNumber)) ??
      fail(404, 82323277, 'No bill found for given bill number.');
    if (body.eventName !== bill.eventName) fail(400, 82323272, 'Event name not found.');
    if (body.eventLogId !== undefined && body.eventLogId !== null) {
      const given = Array.isArray(body.eventLogId) ? body.eventLogId : [body.eventLogId];
      if (!given.some((id) => String(id) === String(bill.eventLogId)))
        fail(400, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    }
    const lineIds = ((body.lineItemIds as unknown[]) ?? []).map(String);
    const codes = ((body.itemCodes as unknown[]) ?? []).map(String);
    const filtered = lineIds.length > 0 || codes.length > 0;
    const chosen = bill.lines.filter(
      (l) =>
        !l.unlocked &&
        (!filtered ||
          (l.lineItemId !== undefined && lineIds.includes(String(l.lineItemId))) ||
          (l.itemCode !== undefined && codes.includes(l.itemCode))),
    );
    if (chosen.length === 0) fail(409, 82323282, 'No promise points found to unlock.');
    for (const l of chosen) {
      l.unlocked = true;
      customer.main.set(l.programId, (customer.main.get(l.programId) ?? 0) + l.points);
    }
    return {
      pointsUnlocked: chosen.map((l) => ({
        billNumber: bill.billNumber,
        itemCode: l.itemCode,
        pointsUnlocked: thousandths(l.points),
        programId: new Num(l.programId),
      })),
      warnings: [],
    };
  }

  function issueToken(body: Json): Json | ApiError {
    const client = typeof body.key === 'string' ? OAUTH_CLIENTS[body.key] : undefined;
    if (!client || client.secret !== body.secret) return new ApiError(401, 401, 'Invalid key or secret');
    const key = body.key as string;
    const previous = latestOfClient.get(key);
    // Only the latest token of a client is valid.
    if (previous && tokens.delete(previous)) revokedTokens.add(previous);
    const token = randomUUID().replace(/-/g, '');
    tokens.set(token, { client: key, expires: Date.now() + tokenTtlMs });
    latestOfClient.set(key, token);
    return { data: { accessToken: token, ttlSeconds: new Num(tokenTtlMs / 1000) }, errors: null };
  }

  function fabricError(status: number, message: string, field: string): { status: number; body: Json } {
    return { status, body: { message, errors: { [field]: message }, data: null, status: new Num(status) } };
  }

  function fabric(
    req: IncomingMessage,
    path: string,
    body: Json | undefined,
  ): { status: number; body: Json } {
    if (req.headers.authorization !== `Bearer ${FABRIC_TOKEN}`)
      return fabricError(401, 'Unauthorized', 'authorization');
    const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (inquiry && req.method === 'GET') {
      if (decodeURIComponent(inquiry[1]!) !== FABRIC_MEMBER)
        return fabricError(404, 'Member not found', 'profileId');
      return {
        status: 200,
        body: {
          message: 'Member points',
          errors: {},
          data: [{ pointsBalance: { memberPointsAvailable: thousandths(member.available) } }],
          status: new Num(200),
        },
      };
    }
    if (path !== '/api/v1/members/points-adjustment' || req.method !== 'POST')
      return fabricError(404, 'Not found', 'path');
    if (!body) return fabricError(400, 'Body must be a JSON object', 'body');
    if (typeof body.points !== 'number' || !Number.isFinite(body.points))
      return fabricError(400, 'points must be a number', 'points');
    for (const field of ['pointType', 'billingEntity', 'reasonCode'])
      if (
        body[field] !== undefined &&
        body[field] !== null &&
        (typeof body[field] !== 'string' || body[field] === '')
      )
        return fabricError(400, `${field} must be a non-empty string or null`, field);
    if (body.setToPending !== undefined && typeof body.setToPending !== 'boolean')
      return fabricError(400, 'setToPending must be a boolean', 'setToPending');
    if (typeof body.profileId !== 'string') return fabricError(400, 'profileId is required', 'profileId');
    if (body.profileId !== FABRIC_MEMBER) return fabricError(404, 'Member not found', 'profileId');
    const units = Math.round(body.points * SCALE);
    if (body.setToPending === true) member.pending += units;
    else member.available += units;
    const shown = Math.abs(body.points);
    return {
      status: 200,
      body: {
        message: 'Member points adjusted',
        errors: {},
        data: {
          Message: `${Number.isInteger(shown) ? shown.toFixed(1) : shown} points ${body.points < 0 ? 'deducted' : 'added'}`,
          futureDate: false,
          ExceptionString: '',
          transactionCode: randomUUID(),
        },
        status: new Num(200),
      },
    };
  }

  /** The vendor behind the operations layer. */
  function handle(req: IncomingMessage, raw: string): { status: number; body: Json } {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    let body: Json | undefined;
    try {
      const parsed = raw === '' ? undefined : JSON.parse(raw);
      body = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : undefined;
    } catch {
      body = undefined;
    }
    if (path.startsWith('/api/')) return fabric(req, path, body);
    try {
      if (path === '/v3/oauth/token/generate' && req.method === 'POST') {
        const issued = issueToken(body ?? {});
        if (issued instanceof ApiError) throw issued;
        return { status: 200, body: issued };
      }
      const routes: Record<string, string> = {
        '/v2/customers/lookup/negativePointsAdjustment': 'POST',
        '/v2/points/unlockPromisedPoints': 'POST',
        '/v2/customers/lookup/points/balance': 'GET',
      };
      if (routes[path] !== req.method) fail(404, 404, `No route ${req.method} ${path}`);
      const principal = principalOf(req) ?? fail(401, 401, 'Authentication failed — 認証に失敗しました');
      const org = orgs.get(principal.org)!;
      if (path.endsWith('/balance')) return { status: 200, body: balance(org, url.searchParams) };
      if (!body) fail(400, 8950, 'Request body must be a JSON object');
      if (path.endsWith('/negativePointsAdjustment'))
        return { status: 200, body: deduct(org, principal, url.searchParams, body!) };
      return { status: 200, body: unlock(org, url.searchParams, body!) };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return {
        status: error.status,
        body: {
          errors: [{ status: false, code: new Num(error.code), message: error.message }],
          warnings: [],
        },
      };
    }
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    // The whole request is read before answering, shed or not: closing on unread bytes would reset.
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const shed = shedder.decide(req.method ?? 'GET', path);
      if (shed) {
        writeAnswer(res, 503, 'text/html', SHED_PAGE, random, { 'rEtRy-AfTeR': shed.retryAfter });
        return;
      }
      // Handled at once (so a request's effect follows arrival order), answered after the latency.
      const { status, body } = handle(req, Buffer.concat(chunks).toString('utf8'));
      const type = status < 300 ? 'application/json' : 'application/json;charset=UTF-8';
      // JSON text may begin and end with whitespace (RFC 8259 §2: JSON-text = ws value ws).
      const text = `\r\n \t${toJson(body, random)}\n\r\n`;
      setTimeout(
        () => writeAnswer(res, status, type, text, random),
        Math.floor(random() * (options.latencyMs ?? 0)),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    shed: shedder.log,
    tokens: () => ({ revoked: revokedTokens.size, refusedRevoked }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
