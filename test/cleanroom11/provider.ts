/**
 * The eleventh clean-room provider: the three Capillary v2 points endpoints and the fabric points
 * adjustment (with the member inquiry), written from the four documents and DESIGN.md alone with
 * node:http. Its effort is on timing, ordering and connection churn, each a choice the documents
 * leave open:
 *
 * - every answer is delayed by a seeded pseudo-random 0–12 ms, so answers to parallel requests
 *   come back out of order;
 * - writes to one customer (deduction, unlock; a fabric adjustment per member) take a
 *   per-customer lock, like a row lock: they are serialised in arrival order and each takes its
 *   delay inside the lock; balance reads and the member inquiry do not wait for the lock and see
 *   the last committed state (read after their own delay);
 * - idle keep-alive connections are closed after 5–20 ms (`server.keepAliveTimeout`, seeded); with
 *   `silentIdleClose` without announcing it (no `Keep-Alive: timeout=` header, as Go's net/http
 *   sends none), and with `closeEveryThird` every third answer carries `Connection: close`;
 * - writes settle in the order they commit; parallel deductions that together overdraw a customer
 *   whose org has ALLOW_NEGATIVE_BALANCE_ON_RETURN off: the later ones are refused with 8907
 *   ("points to be deducted … is greater than available points … config is disabled for org").
 *
 * Other free choices, each allowed by the documents:
 * - Capillary at the root, fabric under /api, one port. Two orgs chosen by credentials: `cedar`
 *   (negative balances off, dual eligibility with mobile as the primary identifier, programs 1101
 *   with 2 and 1102 with 3 round decimals) and `birch` (negative balances on, no dual eligibility,
 *   program 1201 with 1 round decimal).
 * - Auth: Basic `base64(username:md5hex(password))` or `X-CAP-API-OAUTH-TOKEN` from
 *   POST /v3/oauth/token/generate (tokens live an hour); missing or wrong credentials 401 (code
 *   401), a till without the Points access group 403 with code 4000.
 * - API errors: HTTP 404 for "not found" codes (8015, 82323277, 3918), 400 for every other code;
 *   the v2 envelope `{"errors":[{"status":false,"code","message"}],"warnings":[]}`.
 * - Lookups: identifier names mobile, email, externalId, id, cuid (others 8013); under dual
 *   eligibility comma-separated names and values in matching order, the primary decides, a lookup
 *   without the primary is 8015 ("If you provide only one identifier that is not the primary
 *   identifier, the system will return an error, 8015") on every endpoint. Sources: each page's
 *   own list (the balance page has none: the union); an unknown source is 8003.
 * - Deduction: pointsToBeAdjusted as a JSON number or a decimal string; decimals counted by value
 *   (`"100.00"` has none); zero or less is 8888; a missing/blank reason 8882, more than 50
 *   characters 8882 too; promotionId with promotionIdentifier 8874 (the page calls it invalid, no
 *   code); promotionIdentifier without programId 8887; an unknown promotion 8874; an award of
 *   another customer 8877; an out-of-enum ref type 9975; a program the customer is not in 1218.
 *   Points come off the program's main points; `pointsAvailable` is that program's main points
 *   after it, a string with the program's decimals (as the page's example `"670.000"`).
 * - Balance: the flat body DESIGN.md gives, figures as JSON numbers; bill promised points are
 *   external-trigger based (an unlock is the trigger), other promised points delayed accruals that
 *   no unlock moves. `fetchDataForAllPrograms=true` sums every program; `programId` one program;
 *   neither, the default program. A programId the org does not have is 400 (code 1218).
 * - Unlock: a bill line (bill-level points), one line per line item with its itemCode, one line per
 *   promotion; lineItemIds and itemCodes together select the union of the lines they name;
 *   sourceProgramId keeps the lines of that program; eventLogId as an array, a number or digits,
 *   each must be the bill's (else 3918); amounts as strings with the program's decimals.
 *   USERGROUP2 groups: none exist (1645).
 * - fabric: Bearer only (401 otherwise); `points` a non-zero number; blank pointType,
 *   billingEntity or reasonCode 400; profileId required here (400) and unknown 404; setToPending
 *   applies to additions (pending for the whole run), deductions come off available points and
 *   may go below zero. Errors `{message, errors:{field: text}, data:null, status}`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A connection's idle-close timer and its requests in flight. */
interface Idle {
  inFlight: number;
  timer?: NodeJS.Timeout;
}

export interface Cleanroom11Options {
  /** Seed of the delays and keep-alive timeout. */
  readonly seed?: number;
  /** Largest delay of an answer, ms (default 12). */
  readonly maxDelayMs?: number;
  /** `Connection: close` on every third answer. */
  readonly closeEveryThird?: boolean;
  /**
   * No `Keep-Alive: timeout=…` hint (as Go's net/http and many proxies send none): the client
   * cannot know that an idle connection is closed after 5–20 ms.
   */
  readonly silentIdleClose?: boolean;
}

export interface Cleanroom11Provider {
  readonly url: string;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- amounts (micro-points)

const MICRO = 1_000_000;

/** Parses a non-negative or negative decimal written as a JSON number or a string; micro-points and decimals by value. */
function parseAmount(value: unknown): { micro: number; decimals: number } | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
    if (/e/i.test(text)) text = value.toFixed(12);
  } else if (typeof value === 'string') text = value.trim();
  else return undefined;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > 6) return { micro: Number.NaN, decimals: frac.length };
  const micro = Number(m[2]) * MICRO + Number(frac.padEnd(6, '0') || '0');
  if (!Number.isSafeInteger(micro)) return undefined;
  return { micro: m[1] === '-' ? -micro : micro, decimals: frac.length };
}

function formatFixed(micro: number, decimals: number): string {
  const sign = micro < 0 ? '-' : '';
  const abs = Math.abs(micro);
  const whole = Math.floor(abs / MICRO);
  const frac = String(abs % MICRO)
    .padStart(6, '0')
    .slice(0, decimals);
  return decimals > 0 ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

const toNumber = (micro: number): number => Number(formatFixed(micro, 6));
const P = (points: number): number => Math.round(points * MICRO);

// ---------------------------------------------------------------- data

type IdName = 'mobile' | 'email' | 'externalId' | 'id' | 'cuid';
const ID_NAMES: readonly string[] = ['mobile', 'email', 'externalId', 'id', 'cuid'];

interface ProgramBalance {
  main: number;
  delayed: number;
}

interface Customer {
  readonly key: string;
  readonly ids: Partial<Record<IdName, string>>;
  readonly entityId: number;
  readonly balances: Map<number, ProgramBalance>;
}

interface UnlockLine {
  readonly kind: 'bill' | 'item' | 'promotion';
  readonly programId: number;
  readonly points: number;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

interface Bill {
  readonly customer: string;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: UnlockLine[];
}

interface Org {
  readonly id: string;
  readonly negativeAllowed: boolean;
  readonly primary?: IdName;
  readonly programs: Map<number, number>; // id → round decimals
  readonly defaultProgram: number;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: { id: number; identifier: string; programId: number; name: string }[];
  readonly awards: Map<number, string>; // pointsAwardedId → customer key
}

function customer(
  key: string,
  entityId: number,
  ids: Customer['ids'],
  balances: [number, number, number][],
): Customer {
  return {
    key,
    entityId,
    ids,
    balances: new Map(balances.map(([p, main, delayed]) => [p, { main: P(main), delayed: P(delayed) }])),
  };
}

function line(
  kind: UnlockLine['kind'],
  programId: number,
  points: number,
  extra: Partial<UnlockLine> = {},
): UnlockLine {
  return { kind, programId, points: P(points), unlocked: false, ...extra };
}

function seedOrgs(): Org[] {
  const autumn = { id: 5111, identifier: 'CR11-AUTUMN', name: 'Autumn double points' };
  const cedar: Org = {
    id: 'cedar',
    negativeAllowed: false,
    primary: 'mobile',
    programs: new Map([
      [1101, 2],
      [1102, 3],
    ]),
    defaultProgram: 1101,
    customers: [
      customer(
        'ivy',
        11000001,
        {
          mobile: '447911000001',
          email: 'ivy@cr11.test',
          externalId: 'CE-IVY',
          id: '11000001',
          cuid: 'CU-IVY',
        },
        [
          [1101, 1000, 25.5],
          [1102, 500.125, 0],
        ],
      ),
      customer('jon', 11000002, { mobile: '447911000002', email: 'shared@cr11.test', externalId: 'CE-JON' }, [
        [1101, 200, 0],
      ]),
      customer('kim', 11000003, { mobile: '447911000003', email: 'shared@cr11.test', externalId: 'CE-KIM' }, [
        [1101, 150, 3],
      ]),
      customer('lea', 11000004, { mobile: '447911000004', externalId: 'CE-LEA' }, [[1101, 61, 0]]),
    ],
    bills: [
      {
        customer: 'ivy',
        billNumber: 'CR11-C-1',
        eventName: 'TransactionAdd',
        eventLogId: 881101,
        lines: [
          line('bill', 1101, 12.5),
          line('item', 1101, 8.25, { lineItemId: 9611, itemCode: 'cr11-sku-1' }),
          line('item', 1102, 4.125, { lineItemId: 9612, itemCode: 'cr11-sku-2' }),
          line('promotion', 1101, 6, { promotion: autumn }),
        ],
      },
      {
        customer: 'jon',
        billNumber: 'CR11-C-2',
        eventName: 'TransactionAdd',
        eventLogId: 881102,
        lines: [line('bill', 1101, 20)],
      },
      {
        customer: 'kim',
        billNumber: 'CR11-C-3',
        eventName: 'TransactionAdd',
        eventLogId: 881103,
        lines: [line('bill', 1101, 5), line('item', 1101, 2.5, { lineItemId: 9631, itemCode: 'cr11-sku-3' })],
      },
    ],
    promotions: [{ ...autumn, programId: 1101 }],
    awards: new Map([
      [71101, 'ivy'],
      [71102, 'jon'],
    ]),
  };
  const birch: Org = {
    id: 'birch',
    negativeAllowed: true,
    programs: new Map([[1201, 1]]),
    defaultProgram: 1201,
    customers: [
      customer('max', 12000001, { mobile: '447911000101', externalId: 'BI-MAX', email: 'max@cr11.test' }, [
        [1201, 300, 0],
      ]),
      customer('ned', 12000002, { mobile: '447911000102', externalId: 'BI-NED' }, [[1201, 40, 1.5]]),
    ],
    bills: [
      {
        customer: 'max',
        billNumber: 'CR11-B-1',
        eventName: 'TransactionAdd',
        eventLogId: 881201,
        lines: [
          line('bill', 1201, 10),
          line('item', 1201, 3.5, { lineItemId: 9711, itemCode: 'cr11-b-sku' }),
        ],
      },
      {
        customer: 'ned',
        billNumber: 'CR11-B-2',
        eventName: 'TransactionAdd',
        eventLogId: 881202,
        lines: [line('bill', 1201, 7.5)],
      },
    ],
    promotions: [{ id: 5211, identifier: 'CR11-BIRCH', programId: 1201, name: 'Birch welcome' }],
    awards: new Map([[71201, 'max']]),
  };
  return [cedar, birch];
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

interface Credential {
  readonly org: string;
  readonly points: boolean; // Points access group
}

const BASIC: Record<string, { password: string } & Credential> = {
  'cr11.cedar.till': { password: 'cedar-till-pass', org: 'cedar', points: true },
  'cr11.cedar.viewer': { password: 'cedar-viewer-pass', org: 'cedar', points: false },
  'cr11.birch.till': { password: 'birch-till-pass', org: 'birch', points: true },
};
const OAUTH_CLIENTS: Record<string, { secret: string } & Credential> = {
  'cr11-cedar-app': { secret: 'cedar-app-secret', org: 'cedar', points: true },
  'cr11-birch-app': { secret: 'birch-app-secret', org: 'birch', points: true },
};
const FABRIC_TOKEN = 'cr11-fabric-token';
const FABRIC_MEMBER = '5d1f7c2e-11aa-4b0e-9c11-000000000011';

const DEDUCT_SOURCES = [
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
];
const UNLOCK_SOURCES = [
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
];
const BALANCE_SOURCES = [...new Set([...DEDUCT_SOURCES, ...UNLOCK_SOURCES])];
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

// ---------------------------------------------------------------- HTTP helpers

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

const capError = (e: ApiError): Answer => ({
  status: e.status,
  body: { errors: [{ status: false, code: e.code, message: e.message }], warnings: [] },
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------- the provider

export async function startCleanroom11Provider(
  options: Cleanroom11Options = {},
): Promise<Cleanroom11Provider> {
  const random = mulberry32(options.seed ?? 1111);
  const maxDelay = options.maxDelayMs ?? 12;
  const orgs = new Map(seedOrgs().map((o) => [o.id, o]));
  const tokens = new Map<string, Credential>();
  const fabric = { available: P(250), pending: 0 };
  const locks = new Map<string, Promise<void>>();
  let answered = 0;

  /** Runs `work` after every earlier write to `key` (arrival order), holding the key meanwhile. */
  function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = locks.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    locks.set(key, settled);
    void settled.then(() => {
      if (locks.get(key) === settled) locks.delete(key);
    });
    return result;
  }

  const delay = (): Promise<void> => sleep(Math.floor(random() * (maxDelay + 1)));

  // ------------------------------------------------------------ Capillary

  function authenticate(req: IncomingMessage): Org {
    let credential: Credential | undefined;
    const token = req.headers['x-cap-api-oauth-token'];
    const authorization = req.headers.authorization;
    if (typeof token === 'string' && token !== '') credential = tokens.get(token);
    else if (typeof authorization === 'string' && /^basic /i.test(authorization)) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const till = colon > 0 ? BASIC[decoded.slice(0, colon)] : undefined;
      if (till && md5(till.password) === decoded.slice(colon + 1).toLowerCase()) credential = till;
    }
    if (!credential) throw new ApiError(401, 'Authentication failed', 401);
    if (!credential.points)
      throw new ApiError(4000, 'Not authorized: no access to the Points access group', 403);
    const org = orgs.get(credential.org);
    if (!org) throw new ApiError(401, 'Authentication failed', 401);
    return org;
  }

  function lookup(org: Org, query: URLSearchParams): Customer {
    const names = (query.get('identifierName') ?? '').split(',').map((s) => s.trim());
    const values = (query.get('identifierValue') ?? '').split(',').map((s) => s.trim());
    if (names.some((n) => !ID_NAMES.includes(n)))
      throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (names.length > 1 && !org.primary) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (names.length !== values.length) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    let name = names[0] as IdName;
    let value = values[0] ?? '';
    if (org.primary) {
      const at = names.indexOf(org.primary);
      if (at < 0) throw new ApiError(8015, 'Customer not found for the given identifiers', 404);
      name = org.primary;
      value = values[at] ?? '';
    }
    const found = org.customers.find((c) => value !== '' && c.ids[name] === value);
    if (!found) throw new ApiError(8015, 'Customer not found for the given identifiers', 404);
    return found;
  }

  function checkSource(query: URLSearchParams, allowed: readonly string[]): void {
    const source = query.get('source');
    if (source === null || !allowed.includes(source)) throw new ApiError(8003, 'Invalid source');
  }

  function programOf(org: Org, c: Customer, programId: number): ProgramBalance {
    const b = c.balances.get(programId);
    if (!org.programs.has(programId) || !b)
      throw new ApiError(1218, `Customer is not enrolled in the program ${programId}`);
    return b;
  }

  function promisedOf(org: Org, c: Customer, programId: number): number {
    let sum = 0;
    for (const bill of org.bills)
      if (bill.customer === c.key)
        for (const l of bill.lines) if (!l.unlocked && l.programId === programId) sum += l.points;
    return sum;
  }

  function balance(org: Org, query: URLSearchParams): Answer {
    checkSource(query, BALANCE_SOURCES);
    const c = lookup(org, query);
    const all = query.get('fetchDataForAllPrograms') === 'true';
    const rawProgram = query.get('programId');
    let programIds: number[];
    if (all) programIds = [...c.balances.keys()];
    else if (rawProgram !== null && rawProgram !== '') {
      if (!/^\d+$/.test(rawProgram) || !org.programs.has(Number(rawProgram)))
        throw new ApiError(1218, `Invalid program ${rawProgram}`);
      programIds = [Number(rawProgram)];
    } else programIds = [org.defaultProgram];
    let main = 0;
    let delayed = 0;
    let external = 0;
    for (const p of programIds) {
      const b = c.balances.get(p);
      if (!b) continue;
      main += b.main;
      delayed += b.delayed;
      external += promisedOf(org, c, p);
    }
    return {
      status: 200,
      body: {
        entityId: c.entityId,
        entityType: 'CUSTOMER',
        totalPoints: toNumber(main + delayed + external),
        mainPoints: toNumber(main),
        promisedPoints: toNumber(delayed + external),
        promisedPointsBreakup: {
          delayedAccrualPoints: toNumber(delayed),
          externalTriggerBasedPoints: toNumber(external),
        },
        warnings: [],
      },
    };
  }

  function parseJson(text: string): Record<string, unknown> {
    let body: unknown;
    try {
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new ApiError(400, 'Invalid JSON in the request body');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ApiError(400, 'The request body must be a JSON object');
    return body as Record<string, unknown>;
  }

  const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

  function deduct(org: Org, query: URLSearchParams, text: string): Promise<Answer> {
    if (!query.get('identifierName')) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    checkSource(query, DEDUCT_SOURCES);
    const c = lookup(org, query);
    const body = parseJson(text);
    return withLock(`${org.id}/${c.key}`, async () => {
      await delay();
      const raw = body.pointsToBeAdjusted;
      if (raw === undefined || raw === null || raw === '')
        throw new ApiError(8888, 'pointsToBeAdjusted is required');
      const amount = parseAmount(raw);
      if (!amount) throw new ApiError(8888, `Invalid points to be adjusted: ${String(raw)}`);
      if (amount.micro === 0) throw new ApiError(8888, 'Points cannot be zero');
      if (amount.micro < 0) throw new ApiError(8888, 'Points to be adjusted must be greater than 0');
      const reason = body.reasonOfReturn;
      if (typeof reason !== 'string' || reason.trim() === '')
        throw new ApiError(8882, 'reasonOfReturn is missing');
      if (reason.length > 50) throw new ApiError(8882, 'reasonOfReturn cannot be longer than 50 characters');
      if (body.programId !== undefined && body.programId !== null && !isInt(body.programId))
        throw new ApiError(1218, 'Invalid programId');
      const hasProgram = isInt(body.programId);
      const programId = hasProgram ? (body.programId as number) : org.defaultProgram;
      const account = programOf(org, c, programId);
      const decimals = org.programs.get(programId) ?? 0;
      if (amount.decimals > decimals)
        throw new ApiError(
          8906,
          `decimal places passed: ${amount.decimals} is greater than the configured round decimals: ${decimals} for programId: ${programId}`,
        );
      const hasPromotionId = body.promotionId !== undefined && body.promotionId !== null;
      const hasPromotionIdentifier =
        body.promotionIdentifier !== undefined && body.promotionIdentifier !== null;
      if (hasPromotionId && hasPromotionIdentifier)
        throw new ApiError(8874, 'Invalid input: pass either promotionId or promotionIdentifier, not both');
      if (hasPromotionIdentifier && !hasProgram)
        throw new ApiError(8887, 'programId is required with promotionIdentifier');
      if (hasPromotionId && !org.promotions.some((p) => p.id === body.promotionId))
        throw new ApiError(8874, 'Invalid promotion id');
      if (
        hasPromotionIdentifier &&
        !org.promotions.some((p) => p.identifier === body.promotionIdentifier && p.programId === programId)
      )
        throw new ApiError(8874, 'Invalid promotion identifier');
      if (body.pointsAwardedRefType !== undefined && !REF_TYPES.includes(body.pointsAwardedRefType as string))
        throw new ApiError(9975, 'Invalid pointsAwardedRefType');
      if (body.pointsAwardedId !== undefined && body.pointsAwardedId !== null) {
        if (!isInt(body.pointsAwardedId) || org.awards.get(body.pointsAwardedId) !== c.key)
          throw new ApiError(8877, 'Invalid pointsAwardedId');
      }
      if (!org.negativeAllowed && amount.micro > account.main)
        throw new ApiError(
          8907,
          `points to be deducted ${formatFixed(amount.micro, amount.decimals)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      account.main -= amount.micro;
      return {
        status: 200,
        body: {
          status: 'success',
          pointsAvailable: formatFixed(account.main, decimals),
          message: 'points deducted successfully for the user ',
          warnings: [],
        },
      };
    });
  }

  function eventLogIds(value: unknown): number[] | undefined {
    const list = Array.isArray(value) ? value : [value];
    const ids: number[] = [];
    for (const v of list) {
      if (isInt(v)) ids.push(v);
      else if (typeof v === 'string' && /^\d+$/.test(v)) ids.push(Number(v));
      else return undefined;
    }
    return ids;
  }

  function unlock(org: Org, query: URLSearchParams, text: string): Promise<Answer> {
    for (const name of ['identifierName', 'identifierValue', 'source'])
      if (!query.get(name))
        throw new ApiError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = query.get('type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') throw new ApiError(1645, 'Group details passed are not valid.');
    if (type !== 'CUSTOMER') throw new ApiError(82323276, 'Entity type invalid.');
    checkSource(query, UNLOCK_SOURCES);
    const c = lookup(org, query);
    const body = parseJson(text);
    return withLock(`${org.id}/${c.key}`, async () => {
      await delay();
      const billNumber = body.billNumber;
      if (billNumber === undefined || billNumber === null || billNumber === '')
        throw new ApiError(82323271, 'Bill number missing.');
      if (typeof body.eventName !== 'string' || body.eventName === '')
        throw new ApiError(82323272, 'Event name not found.');
      const bill = org.bills.find((b) => b.customer === c.key && b.billNumber === String(billNumber));
      if (!bill) throw new ApiError(82323277, 'No bill found for given bill number.', 404);
      if (body.eventName !== bill.eventName) throw new ApiError(82323272, 'Event name not found.');
      if (body.eventLogId !== undefined && body.eventLogId !== null) {
        const ids = eventLogIds(body.eventLogId);
        if (!ids || ids.length === 0 || ids.some((id) => id !== bill.eventLogId))
          throw new ApiError(3918, 'Error unlocking points: no eventLog found for given eventLogId.', 404);
      }
      const lineItemIds = Array.isArray(body.lineItemIds) ? body.lineItemIds : undefined;
      const itemCodes = Array.isArray(body.itemCodes) ? body.itemCodes.map(String) : undefined;
      const filtered = (lineItemIds?.length ?? 0) > 0 || (itemCodes?.length ?? 0) > 0;
      const sourceProgramId = isInt(body.sourceProgramId) ? body.sourceProgramId : undefined;
      const lines = bill.lines.filter(
        (l) =>
          !l.unlocked &&
          (sourceProgramId === undefined || l.programId === sourceProgramId) &&
          (!filtered ||
            (l.kind === 'item' &&
              ((l.lineItemId !== undefined &&
                (lineItemIds ?? []).some((id) => Number(id) === l.lineItemId)) ||
                (l.itemCode !== undefined && (itemCodes ?? []).includes(l.itemCode))))),
      );
      if (lines.length === 0) throw new ApiError(82323282, 'No promise points found to unlock.');
      const answer: Record<string, unknown>[] = [];
      for (const l of lines) {
        l.unlocked = true;
        const account = c.balances.get(l.programId);
        if (account) account.main += l.points;
        const points = formatFixed(l.points, org.programs.get(l.programId) ?? 3);
        if (l.kind === 'bill')
          answer.push({ billNumber: bill.billNumber, pointsUnlocked: points, programId: l.programId });
        else if (l.kind === 'item')
          answer.push({
            billNumber: bill.billNumber,
            itemCode: l.itemCode,
            pointsUnlocked: points,
            programId: l.programId,
          });
        else
          answer.push({
            pointsUnlocked: points,
            programId: l.programId,
            promotionIdentifier: l.promotion?.identifier,
            promotionId: l.promotion?.id,
            promotionName: l.promotion?.name,
          });
      }
      return { status: 200, body: { pointsUnlocked: answer, warnings: [] } };
    });
  }

  async function token(text: string): Promise<Answer> {
    await delay();
    let body: Record<string, unknown>;
    try {
      body = parseJson(text);
    } catch {
      body = {};
    }
    const client = typeof body.key === 'string' ? OAUTH_CLIENTS[body.key] : undefined;
    if (!client || body.secret !== client.secret)
      return { status: 401, body: { data: null, errors: [{ code: 401, message: 'Invalid key or secret' }] } };
    const accessToken = randomUUID();
    tokens.set(accessToken, client);
    return { status: 200, body: { data: { accessToken, ttlSeconds: 3600 }, errors: null } };
  }

  async function capillary(req: IncomingMessage, path: string, query: URLSearchParams): Promise<Answer> {
    const text = await readBody(req);
    if (path === '/v3/oauth/token/generate' && req.method === 'POST') return token(text);
    const routes: Record<string, string> = {
      '/v2/customers/lookup/negativePointsAdjustment': 'POST',
      '/v2/points/unlockPromisedPoints': 'POST',
      '/v2/customers/lookup/points/balance': 'GET',
    };
    const method = routes[path];
    if (!method) {
      await delay();
      return capError(new ApiError(404, `No such resource: ${path}`, 404));
    }
    if (req.method !== method) {
      await delay();
      return {
        ...capError(new ApiError(405, `Method ${req.method} not allowed`, 405)),
        headers: { Allow: method },
      };
    }
    try {
      const org = authenticate(req);
      if (path === '/v2/customers/lookup/points/balance') {
        await delay();
        return balance(org, query);
      }
      if (path === '/v2/points/unlockPromisedPoints') return await unlock(org, query, text);
      return await deduct(org, query, text);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // Refusals outside the lock take their delay here.
      await delay();
      return capError(e);
    }
  }

  // ------------------------------------------------------------ fabric

  const fabricError = (status: number, message: string, errors: Record<string, string> = {}): Answer => ({
    status,
    body: { message, errors, data: null, status },
  });

  async function fabricRoute(req: IncomingMessage, path: string): Promise<Answer> {
    const text = await readBody(req);
    const authorization = req.headers.authorization ?? '';
    const inquiry = /^\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (path !== '/v1/members/points-adjustment' && !inquiry) {
      await delay();
      return fabricError(404, `No route ${path}`);
    }
    if (authorization !== `Bearer ${FABRIC_TOKEN}`) {
      await delay();
      return fabricError(401, 'Unauthorized', { authorization: 'A valid Bearer token is required' });
    }
    if (inquiry) {
      if (req.method !== 'GET')
        return { ...fabricError(405, 'Method not allowed'), headers: { Allow: 'GET' } };
      await delay();
      if (decodeURIComponent(inquiry[1] ?? '') !== FABRIC_MEMBER) return fabricError(404, 'Member not found');
      return {
        status: 200,
        body: {
          message: 'Member points',
          errors: {},
          data: [
            {
              profileId: FABRIC_MEMBER,
              pointsBalance: {
                memberPointsAvailable: toNumber(fabric.available),
                memberPointsPending: toNumber(fabric.pending),
              },
            },
          ],
          status: 200,
        },
      };
    }
    if (req.method !== 'POST') {
      await delay();
      return { ...fabricError(405, 'Method not allowed'), headers: { Allow: 'POST' } };
    }
    let body: Record<string, unknown>;
    try {
      body = parseJson(text);
    } catch {
      await delay();
      return fabricError(400, 'Invalid request body', { body: 'must be a JSON object' });
    }
    const errors: Record<string, string> = {};
    if (typeof body.points !== 'number' || !Number.isFinite(body.points))
      errors.points = 'points is required and must be a number';
    else if (body.points === 0) errors.points = 'points cannot be zero';
    for (const field of ['pointType', 'billingEntity', 'reasonCode'])
      if (
        body[field] !== undefined &&
        body[field] !== null &&
        (typeof body[field] !== 'string' || body[field] === '')
      )
        errors[field] = `${field} must be a string of at least 1 character`;
    if (body.setToPending !== undefined && typeof body.setToPending !== 'boolean')
      errors.setToPending = 'setToPending must be a boolean';
    if (body.profileId === undefined || body.profileId === null || body.profileId === '')
      errors.profileId = 'profileId is required';
    else if (typeof body.profileId !== 'string') errors.profileId = 'profileId must be a string';
    if (Object.keys(errors).length > 0) {
      await delay();
      return fabricError(400, 'Validation failed', errors);
    }
    if (body.profileId !== FABRIC_MEMBER) {
      await delay();
      return fabricError(404, 'Member not found', { profileId: 'No member with this profileId' });
    }
    return withLock(`fabric/${FABRIC_MEMBER}`, async () => {
      await delay();
      const points = P(body.points as number);
      const pending = body.setToPending === true && points > 0;
      if (pending) fabric.pending += points;
      else fabric.available += points;
      const shown = formatFixed(Math.abs(points), 6).replace(/0+$/, '').replace(/\.$/, '.0');
      return {
        status: 200,
        body: {
          message: 'Member points adjusted',
          errors: {},
          data: {
            Message: `${shown} points ${points > 0 ? (pending ? 'added as pending' : 'added') : 'deducted'}`,
            futureDate: false,
            ExceptionString: '',
            transactionCode: randomUUID(),
          },
          status: 200,
        },
      };
    });
  }

  // ------------------------------------------------------------ server

  async function route(req: IncomingMessage): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://cr11.invalid');
    if (url.pathname === '/api' || url.pathname.startsWith('/api/'))
      return fabricRoute(req, url.pathname.slice(4));
    return capillary(req, url.pathname, url.searchParams);
  }

  function send(res: ServerResponse, answer: Answer): void {
    answered += 1;
    const text = JSON.stringify(answer.body);
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      ...answer.headers,
    };
    if (options.closeEveryThird && answered % 3 === 0) headers.Connection = 'close';
    // An explicit keep-alive keeps node:http from adding its `Keep-Alive: timeout=0` hint.
    else if (options.silentIdleClose) headers.Connection = 'keep-alive';
    res.writeHead(answer.status, headers);
    res.end(text);
  }

  // node:http (v20) keeps an idle connection about a second past keepAliveTimeout: the idle close
  // is done here, as Go's net/http IdleTimeout does, 5–20 ms after the last answer on it (a new
  // connection waits for its first request as long as node:http lets it).
  const idleMs = 5 + Math.floor(random() * 16);
  const idleOf = new WeakMap<Socket, Idle>();
  const armIdle = (socket: Socket, state: Idle) => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => socket.destroy(), idleMs);
  };

  const server: Server = createServer((req, res) => {
    const idle = idleOf.get(req.socket);
    if (idle) {
      idle.inFlight += 1;
      clearTimeout(idle.timer);
      res.on('finish', () => {
        idle.inFlight -= 1;
        if (idle.inFlight === 0) armIdle(req.socket, idle);
      });
    }
    route(req).then(
      (answer) => send(res, answer),
      (e: unknown) =>
        send(res, {
          status: 500,
          body: {
            errors: [{ status: false, code: 500, message: e instanceof Error ? e.message : 'error' }],
            warnings: [],
          },
        }),
    );
  });
  server.keepAliveTimeout = idleMs;
  server.on('connection', (socket: Socket) => {
    const state: Idle = { inFlight: 0 };
    idleOf.set(socket, state);
    socket.on('close', () => clearTimeout(state.timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
