/**
 * Sixth clean-room provider: the four endpoints written from the four vendor documents and
 * DESIGN.md's domain facts alone (not from the reference provider or another clean room).
 *
 * Its personality, each choice one the documents leave open or state:
 * - every page's own lists, read strictly: a deduction looks customers up by `externalId` or
 *   `mobile` only and accepts the source `ALL` but not `MOBILE_APP`; an unlock looks them up by
 *   `mobile`, `id`, `externalId`, `cuid` or `primaryUserId` and accepts `MOBILE_APP` but not `ALL`
 *   (each page's "Supported values"); anything else is 8013 / 8003;
 * - `cuid` as the primary identifier under dual eligibility in org `family` (the balance page: "It
 *   parses all submitted identifiers, for example email, mobile, externalId ... determines which
 *   identifier is configured as the primary key"), two customers sharing a mobile;
 * - API errors answered 404 (not found: 8015, 82323277, 3918), 409 (state conflicts: 8907, 82323282)
 *   or 422 (everything else): DESIGN.md, "Capillary HTTP status per error code: *not found*";
 * - `Connection: close`, `Cache-Control: no-store`, `X-Request-Id` and an `ETag` on every answer
 *   (no document names a header of the answer besides its JSON body);
 * - amounts kept in thousandths; a deduction's `pointsAvailable` written as the example writes it
 *   (`"670.000"`), unlock amounts as the release notes write them (`"10.000"`);
 * - fabric pending points never turn active here ("The time period for Pending state is
 *   configurable": this tenant's period outlasts any run); a deduction past the member's available
 *   points is refused (the page documents no overdraw);
 * - option `rateLimitPerSecond`: a burst past N requests within one second is answered 429 with
 *   `Retry-After: 1` (the deduction and unlock pages give "Rate limit: NA", which fixes no limit).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Cleanroom6Options {
  /** Requests admitted within any one second before answering 429 (none when absent). */
  readonly rateLimitPerSecond?: number;
}

export interface Cleanroom6Provider {
  readonly url: string;
  /** Requests answered 429 so far (shows that a reading's rate limit took effect). */
  throttled(): number;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Ledger model. Amounts are integers of thousandths: no program here has more than 3 decimals.

type IdName = 'mobile' | 'email' | 'externalId' | 'id' | 'cuid';

interface Customer {
  readonly ids: Partial<Record<IdName, string>>;
  readonly entityId: number;
  readonly programs: number[];
  /** Redeemable thousandths per program. */
  readonly main: Map<number, number>;
  readonly awards: Set<number>;
}

interface BillLine {
  readonly programId: number;
  readonly milli: number;
  readonly itemCode?: string;
  readonly lineItemId?: number;
  readonly promotion?: Promotion;
  unlocked: boolean;
}

interface Bill {
  readonly billNumber: string;
  readonly customer: Customer;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly lines: BillLine[];
}

interface Promotion {
  readonly id: number;
  readonly identifier: string;
  readonly name: string;
  readonly programId: number;
}

interface Org {
  readonly name: string;
  readonly negativeAllowed: boolean;
  readonly decimals: Map<number, number>;
  readonly defaultProgram: number;
  readonly primary?: IdName;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: Promotion[];
}

interface Member {
  available: number;
  pending: number;
}

interface World {
  readonly orgs: Map<string, Org>;
  /** "Basic ..." header value or OAuth token → org and whether it has the Points access group. */
  readonly credentials: Map<string, { org: Org; points: boolean }>;
  readonly oauthClients: Map<string, { secret: string; org: Org }>;
  readonly members: Map<string, Member>;
}

const K = 1000;

function customer(
  ids: Partial<Record<IdName, string>>,
  entityId: number,
  balances: Record<number, number>,
  awards: number[] = [],
): Customer {
  const main = new Map(Object.entries(balances).map(([p, v]) => [Number(p), v * K]));
  return { ids, entityId, programs: [...main.keys()], main, awards: new Set(awards) };
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${md5(password)}`).toString('base64')}`;
}

function buildWorld(): World {
  const spring: Promotion = { id: 7001, identifier: 'SPRING-CR6', name: 'Spring bonus', programId: 302 };
  const alice = customer(
    { cuid: 'CU-A-1', mobile: '61400100001', email: 'alice@cr6.test', externalId: 'LX-1', id: '610001' },
    610001,
    { 302: 5000, 301: 800 },
    [9001],
  );
  const bob = customer(
    { cuid: 'CU-B-2', mobile: '61400100999', email: 'bob@cr6.test', externalId: 'LX-2', id: '610002' },
    610002,
    { 302: 300 },
    [9002],
  );
  const carol = customer(
    { cuid: 'CU-C-3', mobile: '61400100999', email: 'carol@cr6.test', externalId: 'LX-3', id: '610003' },
    610003,
    { 302: 200 },
  );
  const dave = customer({ cuid: 'CU-D-4', mobile: '61400100004', externalId: 'LX-4', id: '610004' }, 610004, {
    302: 60,
  });
  const line = (programId: number, points: number, extra: Partial<BillLine> = {}): BillLine => ({
    programId,
    milli: points * K,
    unlocked: false,
    ...extra,
  });
  const bill = (billNumber: string, owner: Customer, eventLogId: number, lines: BillLine[]): Bill => ({
    billNumber,
    customer: owner,
    eventName: 'TransactionAdd',
    eventLogId,
    lines,
  });
  const ledger: Org = {
    name: 'ledger',
    negativeAllowed: false,
    decimals: new Map([
      [301, 0],
      [302, 3],
    ]),
    defaultProgram: 302,
    customers: [alice, bob, carol, dave],
    promotions: [spring],
    bills: [
      bill('CR6-B-100', alice, 660001, [
        line(302, 20),
        line(302, 15, { itemCode: 'sku-a', lineItemId: 5101 }),
        line(302, 12.5, { itemCode: 'sku-b', lineItemId: 5102 }),
        line(302, 8, { promotion: spring }),
      ]),
      bill('CR6-B-200', bob, 660002, [line(302, 30)]),
      bill('CR6-B-300', carol, 660003, [line(302, 9), line(302, 4, { itemCode: 'sku-c', lineItemId: 5301 })]),
    ],
  };
  const erin = customer({ mobile: '61400200001', externalId: 'CR-1', id: '620001' }, 620001, { 401: 150 });
  const frank = customer({ mobile: '61400200002', externalId: 'CR-2', id: '620002' }, 620002, { 401: 40 });
  const credit: Org = {
    name: 'credit',
    negativeAllowed: true,
    decimals: new Map([[401, 2]]),
    defaultProgram: 401,
    customers: [erin, frank],
    promotions: [],
    bills: [
      bill('CR6-C-100', erin, 670001, [
        line(401, 10),
        line(401, 6, { itemCode: 'sku-x', lineItemId: 7101 }),
        line(401, 3, { itemCode: 'sku-y', lineItemId: 7102 }),
      ]),
      bill('CR6-C-200', frank, 670002, [line(401, 25)]),
    ],
  };
  // A family phone: two customers share a mobile, told apart by their cuids, the primary identifier.
  const ivy = customer(
    { cuid: 'CU-I-1', mobile: '61400300001', email: 'ivy@cr6.test', id: '630001' },
    630001,
    {
      501: 400,
    },
  );
  const gina = customer(
    { cuid: 'CU-G-2', mobile: '61400300999', email: 'gina@cr6.test', id: '630002' },
    630002,
    {
      501: 70,
    },
  );
  const hank = customer(
    { cuid: 'CU-H-3', mobile: '61400300999', email: 'hank@cr6.test', id: '630003' },
    630003,
    {
      501: 90,
    },
  );
  const family: Org = {
    name: 'family',
    negativeAllowed: true,
    decimals: new Map([[501, 1]]),
    defaultProgram: 501,
    primary: 'cuid',
    customers: [ivy, gina, hank],
    promotions: [],
    bills: [bill('CR6-F-100', gina, 680001, [line(501, 5)])],
  };
  const credentials = new Map<string, { org: Org; points: boolean }>([
    [basic('cr6.ledger.till', 'ledger-till-pass'), { org: ledger, points: true }],
    [basic('cr6.ledger.viewer', 'ledger-view-pass'), { org: ledger, points: false }],
    [basic('cr6.credit.till', 'credit-till-pass'), { org: credit, points: true }],
    [basic('cr6.family.till', 'family-till-pass'), { org: family, points: true }],
    ['cr6-preissued-ledger-token', { org: ledger, points: true }],
  ]);
  return {
    orgs: new Map([
      ['ledger', ledger],
      ['credit', credit],
      ['family', family],
    ]),
    credentials,
    oauthClients: new Map([['cr6-ledger-app', { secret: 'ledger-app-secret', org: ledger }]]),
    members: new Map([['5e0c7a52-6b1d-4c3e-9f2a-cr6member0001', { available: 0, pending: 0 }]]),
  };
}

// ---------------------------------------------------------------------------------------------
// Answers

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

type CapError = { code: number; message: string };

/** The HTTP status of a Capillary error code: the documents fix none, so this provider's own. */
function statusOf(code: number): number {
  if ([8015, 82323277, 3918].includes(code)) return 404;
  if ([8907, 82323282].includes(code)) return 409;
  return 422;
}

function capError(code: number, message: string, status = statusOf(code)): Answer {
  return { status, body: { errors: [{ status: false, code, message }], warnings: [] } };
}

function thousandths(milli: number): string {
  const sign = milli < 0 ? '-' : '';
  const abs = Math.abs(Math.round(milli));
  return `${sign}${Math.floor(abs / K)}.${String(abs % K).padStart(3, '0')}`;
}

function asNumber(milli: number): number {
  return Math.round(milli) / K;
}

// ---------------------------------------------------------------------------------------------
// Capillary: authentication and lookups

const DEDUCTION_IDS: readonly string[] = ['externalId', 'mobile'];
// Each page's own list, as it writes it (the deduction's lists INSTORE twice).
const DEDUCTION_SOURCES: readonly string[] =
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' ');
const UNLOCK_IDS: readonly string[] = ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'];
const UNLOCK_SOURCES: readonly string[] =
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' ');
// The balance page lists no identifier names or sources: it names email, mobile and externalId
// in its example; this provider accepts every identifier it keeps and both pages' sources.
const BALANCE_IDS: readonly string[] = ['mobile', 'email', 'externalId', 'id', 'cuid'];
const BALANCE_SOURCES: readonly string[] = [...new Set([...DEDUCTION_SOURCES, ...UNLOCK_SOURCES])];

function authenticate(world: World, req: IncomingMessage): { org: Org; points: boolean } | Answer {
  const token = req.headers['x-cap-api-oauth-token'];
  const header = typeof token === 'string' ? token : req.headers.authorization;
  const found = header === undefined ? undefined : world.credentials.get(header);
  if (found === undefined) return capError(401, 'Authentication failed', 401);
  return found;
}

type Lookup = Customer | CapError;

/**
 * Finds one customer from the query's identifiers. `allowed` is the page's list of identifier
 * names; `dualAware` applies the balance page's dual-eligibility rules (a lone or listed
 * identifier without the primary: 8015).
 */
function lookup(
  org: Org,
  names: string,
  values: string,
  allowed: readonly string[],
  dualAware: boolean,
): Lookup {
  const nameList = names.split(',').map((s) => s.trim());
  const valueList = values.split(',').map((s) => s.trim());
  if (nameList.some((n) => !allowed.includes(n)))
    return { code: 8013, message: 'Lookup,Invalid identifier passed' };
  const notFound = { code: 8015, message: 'Customer not found for the given identifiers' };
  if (nameList.length !== valueList.length) return notFound;
  let name = nameList[0] as string;
  let value = valueList[0] as string;
  if (nameList.length > 1 || (dualAware && org.primary !== undefined)) {
    // Several identifiers only mean something under dual eligibility, where the primary decides.
    if (org.primary === undefined) return { code: 8013, message: 'Lookup,Invalid identifier passed' };
    const at = nameList.indexOf(org.primary);
    if (at < 0) return notFound;
    name = org.primary;
    value = valueList[at] as string;
  }
  if (name === 'primaryUserId') return notFound; // only user groups have one; none is kept here
  const matches = org.customers.filter((c) => c.ids[name as IdName] === value);
  // A value shared by two customers names no one customer.
  return matches.length === 1 ? (matches[0] as Customer) : notFound;
}

function isError(value: unknown): value is CapError {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

// ---------------------------------------------------------------------------------------------
// negativePointsAdjustment

const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

/** Decimal places a written amount carries, trailing zeros aside ("100.00" carries none). */
function decimalsOf(text: string): number {
  const exp = /e([+-]?\d+)$/i.exec(text);
  if (exp) {
    const mantissa = text.slice(0, exp.index);
    return Math.max(0, decimalsOf(mantissa) - Number(exp[1]));
  }
  const fraction = text.split('.')[1] ?? '';
  return fraction.replace(/0+$/, '').length;
}

function amountText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  // The example sends "100.00" though the table types it Integer (DESIGN.md: accept both).
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return value.trim();
  return undefined;
}

function optionalInt(value: unknown): number | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return 'invalid';
}

function deduct(org: Org, query: URLSearchParams, body: Record<string, unknown>): Answer {
  const name = query.get('identifierName') ?? '';
  const value = query.get('identifierValue') ?? '';
  const source = query.get('source') ?? '';
  if (!DEDUCTION_SOURCES.includes(source)) return capError(8003, 'Invalid source');
  if (name === '' || !DEDUCTION_IDS.includes(name)) return capError(8013, 'Lookup,Invalid identifier passed');
  if (value === '') return capError(8015, 'Customer not found for the given identifiers');

  const text = amountText(body.pointsToBeAdjusted);
  if (text === undefined) return capError(8888, 'pointsToBeAdjusted must be a number greater than 0');
  if (Number(text) <= 0) return capError(8888, 'Points to be deducted should be greater than 0');
  const reason = body.reasonOfReturn;
  if (typeof reason !== 'string' || reason.trim() === '') return capError(8882, 'reasonOfReturn is required');
  if (reason.length > 50) return capError(8882, 'reasonOfReturn may carry at most 50 characters');
  const programId = optionalInt(body.programId);
  const promotionId = optionalInt(body.promotionId);
  const awardId = optionalInt(body.pointsAwardedId);
  if (programId === 'invalid') return capError(1218, 'Invalid programId');
  if (promotionId === 'invalid') return capError(8874, 'Invalid promotion id');
  if (awardId === 'invalid') return capError(8877, 'Invalid pointsAwardedId');
  const identifier = body.promotionIdentifier;
  const hasIdentifier = identifier !== undefined && identifier !== null;
  if (hasIdentifier && typeof identifier !== 'string') return capError(8874, 'Invalid promotion identifier');
  // "If promotionId and promotionIdentifier both are set, it is an invalid input combination."
  if (promotionId !== undefined && hasIdentifier)
    return capError(8874, 'Pass either promotionId or promotionIdentifier, not both');
  // "If promotionIdentifier is passed, programId can not be empty/null."
  if (hasIdentifier && programId === undefined) return capError(8887, 'promotionIdentifier needs programId');
  const refType = body.pointsAwardedRefType;
  if (refType !== undefined && refType !== null && !REF_TYPES.includes(refType as string))
    return capError(9975, 'Invalid pointsAwardedRefType');

  const found = lookup(org, name, value, DEDUCTION_IDS, false);
  if (isError(found)) return capError(found.code, found.message);
  const program = programId ?? org.defaultProgram;
  if (!found.programs.includes(program))
    return capError(1218, `Customer is not enrolled in program ${program}`);
  if (promotionId !== undefined || hasIdentifier) {
    const promotion = org.promotions.find((p) =>
      promotionId !== undefined ? p.id === promotionId : p.identifier === identifier,
    );
    if (promotion === undefined || promotion.programId !== program)
      return capError(8874, 'Invalid promotion id');
  }
  if (awardId !== undefined && !found.awards.has(awardId)) return capError(8877, 'Invalid pointsAwardedId');
  const allowed = org.decimals.get(program) ?? 0;
  const places = decimalsOf(text);
  if (places > allowed)
    return capError(
      8906,
      `decimal places passed: ${places} is greater than the configured round decimals: ${allowed} for programId: ${program}`,
    );
  const milli = Math.round(Number(text) * K);
  const available = found.main.get(program) ?? 0;
  if (milli > available && !org.negativeAllowed)
    return capError(
      8907,
      `points to be deducted ${text} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
    );
  // No await between the check and the write: concurrent deductions cannot overdraw.
  found.main.set(program, available - milli);
  return {
    status: 200,
    body: {
      status: 'success',
      pointsAvailable: thousandths(available - milli),
      message: 'points deducted successfully for the user ',
      warnings: [],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// unlockPromisedPoints

function idList(value: unknown): (string | number)[] | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => typeof v === 'string' || typeof v === 'number') ? list : 'invalid';
}

function unlock(org: Org, query: URLSearchParams, body: Record<string, unknown>): Answer {
  const name = query.get('identifierName') ?? '';
  const value = query.get('identifierValue') ?? '';
  const source = query.get('source') ?? '';
  if (name === '' || value === '' || source === '')
    return capError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
  const type = query.get('type') ?? 'CUSTOMER';
  if (type !== 'CUSTOMER' && type !== 'USERGROUP2') return capError(82323276, 'Entity type invalid.');
  if (!UNLOCK_SOURCES.includes(source)) return capError(8003, 'Invalid source');
  if (!UNLOCK_IDS.includes(name)) return capError(8013, 'Lookup,Invalid identifier passed');

  const billNumber = body.billNumber;
  if (billNumber === undefined || billNumber === null || billNumber === '')
    return capError(82323271, 'Bill number missing.');
  if (typeof body.eventName !== 'string' || body.eventName === '')
    return capError(82323272, 'Event name not found.');
  // This provider keeps no user groups, so every group passed is not valid.
  if (type === 'USERGROUP2') return capError(1645, 'Group details passed are not valid.');
  const found = lookup(org, name, value, UNLOCK_IDS, false);
  if (isError(found)) return capError(found.code, found.message);
  const bill = org.bills.find((b) => b.customer === found && b.billNumber === String(billNumber));
  if (bill === undefined) return capError(82323277, 'No bill found for given bill number.');
  if (body.eventName !== bill.eventName) return capError(82323272, 'Event name not found.');
  // The table types eventLogId "Array", the example writes one number: both read.
  const logs = idList(body.eventLogId);
  if (logs === 'invalid' || (logs !== undefined && !logs.some((l) => String(l) === String(bill.eventLogId))))
    return capError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
  const lineItemIds = idList(body.lineItemIds);
  const itemCodes = idList(body.itemCodes);
  if (lineItemIds === 'invalid' || itemCodes === 'invalid')
    return capError(82323282, 'No promise points found to unlock.');
  const filtered = lineItemIds !== undefined || itemCodes !== undefined;
  // Either filter names lines to unlock: the lines either names are unlocked.
  const chosen = bill.lines.filter(
    (l) =>
      !l.unlocked &&
      (!filtered ||
        (l.lineItemId !== undefined &&
          (lineItemIds ?? []).some((id) => String(id) === String(l.lineItemId))) ||
        (l.itemCode !== undefined && (itemCodes ?? []).some((code) => String(code) === l.itemCode))),
  );
  if (chosen.length === 0) return capError(82323282, 'No promise points found to unlock.');
  for (const l of chosen) {
    l.unlocked = true;
    bill.customer.main.set(l.programId, (bill.customer.main.get(l.programId) ?? 0) + l.milli);
  }
  const lines = chosen.map((l) =>
    l.promotion !== undefined
      ? {
          pointsUnlocked: thousandths(l.milli),
          programId: l.programId,
          promotionIdentifier: l.promotion.identifier,
          promotionId: l.promotion.id,
          promotionName: l.promotion.name,
        }
      : {
          billNumber: bill.billNumber,
          ...(l.itemCode !== undefined ? { itemCode: l.itemCode } : {}),
          pointsUnlocked: thousandths(l.milli),
          programId: l.programId,
        },
  );
  return { status: 200, body: { pointsUnlocked: lines, warnings: [] } };
}

// ---------------------------------------------------------------------------------------------
// points balance

function promised(org: Org, c: Customer, program: number | 'all'): number {
  return org.bills
    .filter((b) => b.customer === c)
    .flatMap((b) => b.lines)
    .filter((l) => !l.unlocked && (program === 'all' || l.programId === program))
    .reduce((sum, l) => sum + l.milli, 0);
}

function balance(org: Org, query: URLSearchParams): Answer {
  const source = query.get('source') ?? '';
  if (!BALANCE_SOURCES.includes(source)) return capError(8003, 'Invalid source');
  const name = query.get('identifierName') ?? '';
  const value = query.get('identifierValue') ?? '';
  if (name === '' || value === '') return capError(8015, 'Customer not found for the given identifiers');
  const found = lookup(org, name, value, BALANCE_IDS, true);
  if (isError(found)) return capError(found.code, found.message);
  const all = (query.get('fetchDataForAllPrograms') ?? '').toLowerCase() === 'true';
  const programText = query.get('programId');
  const program =
    programText !== null && /^\d+$/.test(programText) ? Number(programText) : org.defaultProgram;
  const scope: number | 'all' = all ? 'all' : program;
  const main =
    scope === 'all' ? [...found.main.values()].reduce((a, b) => a + b, 0) : (found.main.get(scope) ?? 0);
  // Every promised point here waits on an external trigger: the unlock call is that trigger.
  const pending = promised(org, found, scope);
  return {
    status: 200,
    body: {
      entityId: found.entityId,
      entityType: 'CUSTOMER',
      totalPoints: asNumber(main + pending),
      mainPoints: asNumber(main),
      promisedPoints: asNumber(pending),
      promisedPointsBreakup: { delayedAccrualPoints: 0, externalTriggerBasedPoints: asNumber(pending) },
      warnings: [],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// OAuth token

function token(world: World, body: Record<string, unknown>): Answer {
  const client = typeof body.key === 'string' ? world.oauthClients.get(body.key) : undefined;
  if (client === undefined || client.secret !== body.secret)
    return {
      status: 401,
      body: { data: null, errors: [{ status: false, code: 401, message: 'Invalid key or secret' }] },
    };
  const accessToken = randomUUID();
  world.credentials.set(accessToken, { org: client.org, points: true });
  return { status: 200, body: { data: { accessToken, ttlSeconds: 3600 }, errors: null } };
}

// ---------------------------------------------------------------------------------------------
// fabric

const FABRIC_TOKEN = 'Bearer cr6-fabric-token';

function fabricError(status: number, message: string, errors: Record<string, string>): Answer {
  return { status, body: { status, message, errors, data: null } };
}

function optionalText(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.length >= 1);
}

function adjust(world: World, body: Record<string, unknown>): Answer {
  const problems: Record<string, string> = {};
  if (typeof body.points !== 'number' || !Number.isFinite(body.points))
    problems.points = 'points is required (number)';
  for (const field of ['pointType', 'billingEntity', 'reasonCode'])
    if (!optionalText(body[field])) problems[field] = `${field} must be null or at least 1 character`;
  if (body.setToPending !== undefined && typeof body.setToPending !== 'boolean')
    problems.setToPending = 'setToPending must be a boolean';
  // profileId is not marked required, yet without it no member is named.
  if (typeof body.profileId !== 'string' || body.profileId === '')
    problems.profileId = 'profileId names no member';
  if (Object.keys(problems).length > 0) return fabricError(400, 'Invalid request', problems);
  const member = world.members.get(body.profileId as string);
  if (member === undefined) return fabricError(404, 'Member not found', { profileId: 'unknown member' });
  const points = body.points as number;
  if (points < 0 && member.available + points < 0)
    return fabricError(422, 'Not enough points', { points: 'deduction exceeds the available points' });
  const pending = body.setToPending === true;
  if (pending) member.pending += points;
  else member.available += points;
  const verb = points < 0 ? 'deducted' : 'added';
  return {
    status: 200,
    body: {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${Math.abs(points).toFixed(1)} points ${verb}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    },
  };
}

function inquire(world: World, profileId: string): Answer {
  const member = world.members.get(profileId);
  if (member === undefined) return fabricError(404, 'Member not found', { profileId: 'unknown member' });
  return {
    status: 200,
    body: {
      status: 200,
      message: 'Member points',
      errors: {},
      data: [
        { pointsBalance: { memberPointsAvailable: member.available, memberPointsPending: member.pending } },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The request's JSON object, or an answer refusing it. */
function jsonObject(raw: Buffer, refuse: () => Answer): Record<string, unknown> | Answer {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the refusal
  }
  return refuse();
}

function isAnswer(value: unknown): value is Answer {
  return (
    typeof value === 'object' && value !== null && 'status' in value && 'body' in value && !('code' in value)
  );
}

async function route(world: World, req: IncomingMessage): Promise<Answer> {
  const url = new URL(req.url ?? '/', 'http://provider');
  const method = req.method ?? 'GET';
  const raw = await readBody(req);
  const path = url.pathname.replace(/\/+$/, '');
  const q = url.searchParams;
  const notAllowed: Answer = {
    status: 405,
    body: { errors: [{ status: false, code: 405, message: 'Method not allowed' }] },
  };

  if (path === '/api/v1/members/points-adjustment' || path.startsWith('/api/v1/inquire/')) {
    if (req.headers.authorization !== FABRIC_TOKEN)
      return fabricError(401, 'Unauthorized', { authorization: 'Bearer token required' });
    if (path === '/api/v1/members/points-adjustment') {
      if (method !== 'POST') return fabricError(405, 'Method not allowed', {});
      const body = jsonObject(raw, () =>
        fabricError(400, 'Invalid request', { body: 'a JSON object is required' }),
      );
      return isAnswer(body) ? body : adjust(world, body);
    }
    const match = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (match === null) return fabricError(404, 'Not found', {});
    if (method !== 'GET') return fabricError(405, 'Method not allowed', {});
    return inquire(world, decodeURIComponent(match[1] as string));
  }

  if (path === '/v3/oauth/token/generate') {
    if (method !== 'POST') return notAllowed;
    const body = jsonObject(raw, () => ({
      status: 400,
      body: { data: null, errors: [{ status: false, code: 400, message: 'Invalid JSON' }] },
    }));
    return isAnswer(body) ? body : token(world, body);
  }

  const known = [
    '/v2/customers/lookup/negativePointsAdjustment',
    '/v2/points/unlockPromisedPoints',
    '/v2/customers/lookup/points/balance',
  ];
  if (!known.includes(path))
    return { status: 404, body: { errors: [{ status: false, code: 404, message: 'Not found' }] } };
  const auth = authenticate(world, req);
  if (isAnswer(auth)) return auth;
  if (path === '/v2/customers/lookup/points/balance')
    return method === 'GET' ? balance(auth.org, q) : notAllowed;
  if (method !== 'POST') return notAllowed;
  const refuse = (): Answer => capError(422, 'Request body is not a JSON object');
  if (path === '/v2/customers/lookup/negativePointsAdjustment') {
    // The deduction needs the Points access group (its page's prerequisites); 4000 is v2's code.
    if (!auth.points) return capError(4000, 'Not authorized for the Points access group', 403);
    const body = jsonObject(raw, refuse);
    return isAnswer(body) ? body : deduct(auth.org, q, body);
  }
  const body = jsonObject(raw, refuse);
  return isAnswer(body) ? body : unlock(auth.org, q, body);
}

/** Sliding one-second window of admitted requests. */
function rateLimiter(limit: number | undefined): () => boolean {
  const admitted: number[] = [];
  return () => {
    if (limit === undefined) return true;
    const now = Date.now();
    while (admitted.length > 0 && (admitted[0] as number) <= now - 1000) admitted.shift();
    if (admitted.length >= limit) return false;
    admitted.push(now);
    return true;
  };
}

function send(req: IncomingMessage, res: ServerResponse, answer: Answer): void {
  const text = JSON.stringify(answer.body);
  const etag = `"${createHash('sha1').update(text).digest('base64url').slice(0, 16)}"`;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Request-Id': randomUUID(),
    ETag: etag,
    Connection: 'close',
    ...answer.headers,
  };
  if (req.method === 'GET' && answer.status === 200 && req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(answer.status, { ...headers, 'Content-Length': String(Buffer.byteLength(text)) }).end(text);
}

export async function startCleanroom6Provider(options: Cleanroom6Options = {}): Promise<Cleanroom6Provider> {
  const world = buildWorld();
  const admit = rateLimiter(options.rateLimitPerSecond);
  let throttled = 0;
  const server = createServer((req, res) => {
    if (!admit()) {
      throttled++;
      send(req, res, {
        status: 429,
        headers: { 'Retry-After': '1' },
        body: { errors: [{ status: false, code: 429, message: 'Too many requests' }], warnings: [] },
      });
      req.resume();
      return;
    }
    route(world, req).then(
      (answer) => send(req, res, answer),
      () =>
        send(req, res, {
          status: 400,
          body: { errors: [{ status: false, code: 400, message: 'Bad request' }] },
        }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    throttled: () => throttled,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
