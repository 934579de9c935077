/**
 * Sixteenth clean-room provider, written from the four documents and DESIGN.md alone: a vendor
 * whose reads lag its writes. A deduction, an unlock or a fabric adjustment is checked against
 * and applied to the write side at once, and its answer says so (pointsAvailable is the write
 * side's), but the points balance and the fabric member inquiry are served by a read replica that
 * shows each write 25–200 ms later (seeded), in write order. The documents say nothing about when
 * a read shows a write. Otherwise an ordinary reading: two orgs chosen by Basic credentials
 * (`harbor`: negative balances off, programs of 2 and 1 round decimals; `quay`: on, 3 and 0, the
 * default program listed second), API errors as 400, 404 (not found) and 409 (state), amounts as
 * JSON numbers in balances and as strings elsewhere.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Customer,
  FABRIC_MEMBER,
  FABRIC_START,
  FABRIC_TOKEN,
  OAUTH_CLIENTS,
  type Org,
  SCALE,
  seedOrgs,
  TILLS,
} from './data.ts';
import { createReplica, seededRandom } from './replica.ts';

const NPA_SOURCES = new Set(
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' '),
);
const UPP_SOURCES = new Set(
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' '),
);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const BALANCE_NAMES = new Set(['mobile', 'externalId', 'email', 'id']);
const UNLOCK_NAMES = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const NOT_FOUND = 'Customer not found for the given identifiers';

type Json = Record<string, unknown>;

/** A program's figures as reads show them (thousandths). */
interface Figures {
  main: number;
  delayed: number;
  external: number;
}
/** What reads show: per org and entity, per program; the fabric member's points (hundredths). */
interface View {
  balances: Map<string, Map<number, Figures>>;
  member: { available: number; pending: number };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Not-found codes answer 404, state conflicts 409, the access group 403, the rest 400. */
const STATUS_OF_CODE = new Map<number, number>([
  [8015, 404],
  [82323277, 404],
  [3918, 404],
  [8907, 409],
  [82323282, 409],
  [4000, 403],
]);

function capError(res: ServerResponse, code: number, message: string): void {
  send(res, STATUS_OF_CODE.get(code) ?? 400, { errors: [{ code, message, status: false }], warnings: [] });
}

/** A thousandths amount as a string with `decimals` places. */
function text(thousandths: number, decimals: number): string {
  const fixed = (Math.abs(thousandths) / SCALE).toFixed(decimals);
  return thousandths < 0 && Number(fixed) !== 0 ? `-${fixed}` : fixed;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseObject(body: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const given = (v: unknown) => v !== undefined && v !== null;

/** A positive amount (number or decimal string) in thousandths with its significant decimals. */
function parseAmount(v: unknown): { value: number; decimals: number } | 'zero' | 'negative' | undefined {
  const written = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
  if (typeof written !== 'string' || !/^-?\d+(\.\d+)?$/.test(written)) return undefined;
  const [whole = '0', fraction = ''] = written.replace('-', '').split('.');
  const significant = fraction.replace(/0+$/, '');
  if (/^0*$/.test(whole) && significant === '') return 'zero';
  if (written.startsWith('-')) return 'negative';
  // More than thousandths: kept so that 8906 can name the decimals.
  const value = Number(whole) * SCALE + Number(significant.slice(0, 3).padEnd(3, '0'));
  return Number.isSafeInteger(value) ? { value, decimals: significant.length } : undefined;
}

export interface Cleanroom16Options {
  /** Reads served by the lagging replica (default true); false: reads show every write at once. */
  readonly lag?: boolean;
  /** Seed of the replica's lags. */
  readonly seed?: number;
  /** Whether the fabric member inquiry exists (default true). */
  readonly memberInquiry?: boolean;
}

export interface Cleanroom16Provider {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startCleanroom16Provider(
  options: Cleanroom16Options = {},
  port = 0,
): Promise<Cleanroom16Provider> {
  const orgs = seedOrgs();
  const tokens = new Map<string, { org: string; points: boolean }>();
  const member = { available: FABRIC_START, pending: 0 };

  const figuresOf = (c: Customer, programId: number): Figures => {
    const figures = { main: c.main.get(programId) ?? 0, delayed: 0, external: 0 };
    for (const bill of c.bills)
      for (const l of bill.lines)
        if (!l.unlocked && l.programId === programId) figures[l.category] += l.points;
    return figures;
  };
  /** The write side as reads would show it now. */
  const currentView = (): View => {
    const balances = new Map<string, Map<number, Figures>>();
    for (const org of orgs)
      for (const c of org.customers)
        balances.set(
          `${org.id}:${c.entityId}`,
          new Map([...org.programs.keys()].map((p) => [p, figuresOf(c, p)])),
        );
    return { balances, member: { ...member } };
  };
  const random = seededRandom(options.seed ?? 16);
  const replica = createReplica(currentView(), () => (options.lag === false ? 0 : 25 + random() * 175));
  const wrote = () => replica.publish(currentView());

  /** Capillary auth: Basic `username:md5(password)` or an OAuth token; the org and its access group. */
  function capAuth(req: IncomingMessage, res: ServerResponse): { org: Org; points: boolean } | undefined {
    const token = req.headers['x-cap-api-oauth-token'];
    let found: { org: string; points: boolean } | undefined;
    if (typeof token === 'string') found = tokens.get(token);
    else {
      const match = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
      const [user, hash] = Buffer.from(match?.[1] ?? '', 'base64')
        .toString('utf8')
        .split(':');
      const till = TILLS.get(user ?? '');
      if (till && hash === createHash('md5').update(till.password).digest('hex')) found = till;
    }
    const org = orgs.find((o) => o.id === found?.org);
    if (!found || !org) {
      send(res, 401, {
        errors: [{ code: 401, message: 'authentication failed', status: false }],
        warnings: [],
      });
      return undefined;
    }
    return { org, points: found.points };
  }

  const lookup = (org: Org, name: string, value: string) =>
    org.customers.filter((c) => c.identifiers[name] === value);

  function balance(org: Org, q: URLSearchParams, res: ServerResponse) {
    const name = q.get('identifierName') ?? '';
    const value = q.get('identifierValue') ?? '';
    if (!name || !value) return capError(res, 8015, NOT_FOUND);
    if (!BALANCE_NAMES.has(name)) return capError(res, 8013, 'Lookup,Invalid identifier passed');
    const source = q.get('source');
    if (given(source) && !NPA_SOURCES.has(source as string) && !UPP_SOURCES.has(source as string))
      return capError(res, 8003, 'Invalid source');
    const all = q.get('fetchDataForAllPrograms');
    if (all !== null && all !== 'true' && all !== 'false')
      return capError(res, 8931, 'fetchDataForAllPrograms must be true or false');
    const programText = q.get('programId');
    if (programText !== null && (!/^\d+$/.test(programText) || !org.programs.has(Number(programText))))
      return capError(res, 8932, 'programId is not a program of the org');
    const [c, other] = lookup(org, name, value);
    if (!c || other) return capError(res, 8015, NOT_FOUND);
    const programs =
      all === 'true'
        ? [...org.programs.keys()]
        : [programText === null ? org.defaultProgram : Number(programText)];
    const shown = replica.read().balances.get(`${org.id}:${c.entityId}`);
    const sum = { main: 0, delayed: 0, external: 0 };
    for (const p of programs) {
      const f = shown?.get(p);
      sum.main += f?.main ?? 0;
      sum.delayed += f?.delayed ?? 0;
      sum.external += f?.external ?? 0;
    }
    const n = (thousandths: number) => thousandths / SCALE;
    send(res, 200, {
      entityId: c.entityId,
      entityType: 'CUSTOMER',
      totalPoints: n(sum.main + sum.delayed + sum.external),
      mainPoints: n(sum.main),
      promisedPoints: n(sum.delayed + sum.external),
      promisedPointsBreakup: {
        delayedAccrualPoints: n(sum.delayed),
        externalTriggerBasedPoints: n(sum.external),
      },
      warnings: [],
    });
  }

  /** The deduction's checks in the page's order of concern; undefined when the body is acceptable. */
  function deductionProblem(body: Json): [number, string] | undefined {
    if (!given(body.reasonOfReturn) || body.reasonOfReturn === '') return [8882, 'reason missing'];
    if (typeof body.reasonOfReturn !== 'string') return [8933, 'reasonOfReturn must be a string'];
    if (body.reasonOfReturn.length > 50) return [8934, 'reasonOfReturn is limited to 50 characters'];
    for (const field of ['programId', 'pointsAwardedId', 'promotionId'])
      if (given(body[field]) && !isInt(body[field])) return [8935, `${field} must be an integer`];
    if (given(body.promotionIdentifier) && typeof body.promotionIdentifier !== 'string')
      return [8935, 'promotionIdentifier must be a string'];
    if (given(body.promotionId) && given(body.promotionIdentifier))
      return [8936, 'promotionId and promotionIdentifier together are an invalid input combination'];
    if (given(body.promotionIdentifier) && !given(body.programId))
      return [8887, 'programId is required when promotionIdentifier is passed'];
    const refType = body.pointsAwardedRefType;
    if (given(refType) && (typeof refType !== 'string' || !REF_TYPES.has(refType)))
      return [9975, 'invalid pointsAwardedRefType'];
    return undefined;
  }

  function deduct(org: Org, points: boolean, q: URLSearchParams, raw: string, res: ServerResponse) {
    if (!points) return capError(res, 4000, 'Not authorized: the Points access group is required');
    const name = q.get('identifierName') ?? '';
    if (name !== 'externalId' && name !== 'mobile')
      return capError(res, 8013, 'Lookup,Invalid identifier passed');
    if (!NPA_SOURCES.has(q.get('source') ?? '')) return capError(res, 8003, 'Invalid source');
    const body = parseObject(raw);
    if (!body) return capError(res, 8937, 'the body must be a JSON object');
    if (!given(body.pointsToBeAdjusted)) return capError(res, 8938, 'pointsToBeAdjusted is required');
    const amount = parseAmount(body.pointsToBeAdjusted);
    if (amount === undefined) return capError(res, 8938, 'pointsToBeAdjusted must be a number');
    if (amount === 'zero') return capError(res, 8888, 'points cannot be zero');
    if (amount === 'negative') return capError(res, 8939, 'points to be deducted must be greater than zero');
    const problem = deductionProblem(body);
    if (problem) return capError(res, ...problem);
    const [c, other] = lookup(org, name, q.get('identifierValue') ?? '');
    if (!c || other) return capError(res, 8015, NOT_FOUND);
    let program = given(body.programId) ? (body.programId as number) : org.defaultProgram;
    if (given(body.promotionId) || given(body.promotionIdentifier)) {
      const promotion = org.promotion;
      const named = given(body.promotionId)
        ? body.promotionId === promotion?.id
        : body.promotionIdentifier === promotion?.identifier;
      if (!promotion || !named || (program !== promotion.programId && given(body.programId)))
        return capError(res, 8874, 'invalid promotion id');
      program = promotion.programId;
    }
    const decimals = org.programs.get(program);
    if (decimals === undefined || !c.main.has(program))
      return capError(res, 1218, 'customer not enrolled in program');
    if (amount.decimals > decimals)
      return capError(
        res,
        8906,
        `decimal places passed: ${amount.decimals} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
      );
    if (given(body.pointsAwardedId) && c.awards.get(body.pointsAwardedId as number) !== program)
      return capError(res, 8877, 'invalid pointsAwardedId');
    const available = c.main.get(program) ?? 0;
    if (!org.negativeOnReturn && amount.value > available)
      return capError(
        res,
        8907,
        `points to be deducted ${text(amount.value, decimals)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    c.main.set(program, available - amount.value);
    wrote();
    send(res, 200, {
      status: 'success',
      pointsAvailable: text(available - amount.value, 3),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  }

  /** The unlock body's optional fields, each of its table's type; a message when one is not. */
  function unlockTypeProblem(body: Json): string | undefined {
    const logs = body.eventLogId;
    if (given(logs) && !(isInt(logs) || (Array.isArray(logs) && logs.every(isInt))))
      return 'eventLogId must be a list of integers';
    if (given(body.lineItemIds) && !(Array.isArray(body.lineItemIds) && body.lineItemIds.every(isInt)))
      return 'lineItemIds must be a list of integers';
    const codes = body.itemCodes;
    if (given(codes) && !(Array.isArray(codes) && codes.every((c) => typeof c === 'string')))
      return 'itemCodes must be a list of strings';
    for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
      if (given(body[field]) && !isInt(body[field])) return `${field} must be an integer`;
    const date = body.billDate;
    if (
      given(date) &&
      (typeof date !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
        Number.isNaN(Date.parse(`${date}T00:00:00Z`)) ||
        new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date)
    )
      return 'billDate must be YYYY-MM-DD';
    return undefined;
  }

  function unlock(org: Org, points: boolean, q: URLSearchParams, raw: string, res: ServerResponse) {
    if (!points) return capError(res, 4000, 'Not authorized: the Points access group is required');
    const name = q.get('identifierName') ?? '';
    const value = q.get('identifierValue') ?? '';
    const source = q.get('source') ?? '';
    if (!name || !value || !source)
      return capError(res, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2') return capError(res, 82323276, 'Entity type invalid.');
    if (!UNLOCK_NAMES.has(name)) return capError(res, 8013, 'Lookup,Invalid identifier passed');
    if (!UPP_SOURCES.has(source)) return capError(res, 8003, 'Invalid source');
    if (type === 'USERGROUP2') return capError(res, 1645, 'Group details passed are not valid.');
    const body = parseObject(raw);
    if (!body) return capError(res, 82323290, 'the body must be a JSON object');
    if (typeof body.eventName !== 'string' || body.eventName === '')
      return capError(res, 82323272, 'Event name not found.');
    if (!given(body.billNumber) || body.billNumber === '')
      return capError(res, 82323271, 'Bill number missing.');
    if (typeof body.billNumber !== 'string' && !isInt(body.billNumber))
      return capError(res, 82323290, 'billNumber must be a string');
    const typeProblem = unlockTypeProblem(body);
    if (typeProblem) return capError(res, 82323290, typeProblem);
    const [c, other] = lookup(org, name, value);
    if (!c || other) return capError(res, 8015, NOT_FOUND);
    const bill = c.bills.find((b) => b.billNumber === String(body.billNumber));
    if (!bill) return capError(res, 82323277, 'No bill found for given bill number.');
    if (bill.eventName !== body.eventName) return capError(res, 82323272, 'Event name not found.');
    const logs = given(body.eventLogId) ? [body.eventLogId].flat() : [];
    if (logs.some((l) => l !== bill.eventLogId))
      return capError(res, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    const ids = (body.lineItemIds as number[] | null | undefined) ?? [];
    const codes = (body.itemCodes as string[] | null | undefined) ?? [];
    const filtered = ids.length > 0 || codes.length > 0;
    // Either filter names a line (their union); the bill's own points move only when unfiltered.
    const chosen = bill.lines.filter(
      (l) =>
        !l.unlocked &&
        (!filtered ||
          (l.lineItemId !== null && ids.includes(l.lineItemId)) ||
          (l.itemCode !== null && codes.includes(l.itemCode))),
    );
    if (chosen.length === 0) return capError(res, 82323282, 'No promise points found to unlock.');
    for (const l of chosen) {
      l.unlocked = true;
      c.main.set(l.programId, (c.main.get(l.programId) ?? 0) + l.points);
    }
    wrote();
    send(res, 200, {
      pointsUnlocked: chosen.map((l) => ({
        billNumber: bill.billNumber,
        ...(l.itemCode === null ? {} : { itemCode: l.itemCode }),
        pointsUnlocked: text(l.points, org.programs.get(l.programId) ?? 3),
        programId: l.programId,
      })),
      warnings: [],
    });
  }

  function token(raw: string, res: ServerResponse) {
    const body = parseObject(raw);
    const client = typeof body?.key === 'string' ? OAUTH_CLIENTS.get(body.key) : undefined;
    if (!client || body?.secret !== client.secret)
      return send(res, 401, {
        errors: [{ code: 401, message: 'invalid key or secret', status: false }],
        warnings: [],
      });
    const issued = randomUUID();
    tokens.set(issued, { org: client.org, points: client.points });
    send(res, 200, { data: { accessToken: issued, ttlSeconds: 7200 }, errors: null });
  }

  const envelope = (status: number, message: string, data: unknown = null, errors: Json = {}) => ({
    status,
    message,
    errors,
    data,
  });

  function adjust(raw: string, res: ServerResponse) {
    const body = parseObject(raw);
    const refuse = (message: string, status = 400) =>
      send(res, status, envelope(status, message, null, { message }));
    if (!body) return refuse('the body must be a JSON object');
    if (typeof body.points !== 'number' || !Number.isFinite(body.points))
      return refuse('points must be a number');
    for (const field of ['pointType', 'billingEntity', 'reasonCode'])
      if (given(body[field]) && (typeof body[field] !== 'string' || body[field] === ''))
        return refuse(`${field} must be a non-empty string`);
    if (given(body.setToPending) && typeof body.setToPending !== 'boolean')
      return refuse('setToPending must be a boolean');
    if (typeof body.profileId !== 'string' || body.profileId === '') return refuse('profileId is required');
    if (body.profileId !== FABRIC_MEMBER) return refuse('member not found', 404);
    const hundredths = Math.round(body.points * 100);
    if (hundredths === 0 || Math.abs(hundredths - body.points * 100) > 1e-6)
      return refuse('points must be non-zero with at most 2 decimals');
    if (body.setToPending === true) {
      if (hundredths < 0) return refuse('pending points cannot be deducted');
      member.pending += hundredths;
    } else {
      if (member.available + hundredths < 0) return refuse('not enough available points');
      member.available += hundredths;
    }
    wrote();
    send(
      res,
      200,
      envelope(200, 'Member points adjusted', {
        Message: `${(Math.abs(hundredths) / 100).toFixed(1)} points ${hundredths > 0 ? 'added' : 'deducted'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      }),
    );
  }

  function inquire(profileId: string, res: ServerResponse) {
    if (profileId !== FABRIC_MEMBER) return send(res, 404, envelope(404, 'member not found'));
    const shown = replica.read().member;
    send(
      res,
      200,
      envelope(200, 'Member points', [
        {
          pointsBalance: {
            memberPointsAvailable: shown.available / 100,
            memberPointsPending: shown.pending / 100,
          },
        },
      ]),
    );
  }

  const CAPILLARY = new Map([
    ['/v2/customers/lookup/negativePointsAdjustment', 'POST'],
    ['/v2/points/unlockPromisedPoints', 'POST'],
    ['/v2/customers/lookup/points/balance', 'GET'],
  ]);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    const raw = req.method === 'POST' ? await readBody(req) : '';
    if (path === '/v3/oauth/token/generate' && req.method === 'POST') return token(raw, res);
    const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    const fabric =
      path === '/api/v1/members/points-adjustment' || (inquiry && options.memberInquiry !== false);
    if (fabric) {
      if (req.headers.authorization !== `Bearer ${FABRIC_TOKEN}`)
        return send(
          res,
          401,
          envelope(401, 'Unauthorized', null, { message: 'a valid Bearer token is required' }),
        );
      if (inquiry && req.method === 'GET') return inquire(decodeURIComponent(inquiry[1] ?? ''), res);
      if (!inquiry && req.method === 'POST') return adjust(raw, res);
      return send(res, 405, envelope(405, 'method not allowed'));
    }
    const method = CAPILLARY.get(path);
    if (method === undefined) return send(res, 404, envelope(404, 'no such resource'));
    if (method !== req.method)
      return send(res, 405, {
        errors: [{ code: 405, message: 'method not allowed', status: false }],
        warnings: [],
      });
    const principal = capAuth(req, res);
    if (!principal) return;
    const { org, points } = principal;
    if (path.endsWith('/balance')) return balance(org, url.searchParams, res);
    if (path.endsWith('/negativePointsAdjustment')) return deduct(org, points, url.searchParams, raw, res);
    return unlock(org, points, url.searchParams, raw, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent)
        send(res, 400, { errors: [{ code: 400, message: 'bad request', status: false }], warnings: [] });
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
