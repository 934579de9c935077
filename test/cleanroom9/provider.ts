import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The ninth clean-room provider: the four endpoints written from the four documents and DESIGN.md
 * alone, with its effort on authentication and on fabric. Capillary: Basic credentials whose
 * password must be the md5 hex of the till's password, OAuth tokens from POST
 * /v3/oauth/token/generate that live a short while and are bound to the org that issued them, an
 * access group (Points) that a till or client may lack (403, code 4000), 401 with a
 * WWW-Authenticate challenge for missing or wrong credentials. fabric: Bearer only, `status` the
 * HTTP status, extra envelope fields, refusals as 400/401/404/422, pending points, decimals,
 * profileId optional (the token's member), and the member inquiry of DESIGN.md.
 */
export interface Cleanroom9Options {
  /** Lifetime of an OAuth token in seconds (default 40). */
  readonly ttlSeconds?: number;
  /** Serve the fabric member inquiry (default true). */
  readonly memberInquiry?: boolean;
  /** Restricted credentials also lack read access to the balance (403 there too). */
  readonly restrictedNoBalance?: boolean;
  /** HTTP status of a token issued by POST /v3/oauth/token/generate (default 200). */
  readonly tokenStatus?: number;
  /** ttlSeconds as a string ("40"). */
  readonly ttlAsString?: boolean;
  /** fabric refusals in an HTTP 200 whose envelope `status` carries the 4xx. */
  readonly fabricErrorsIn200?: boolean;
  /**
   * Authentication refused at a gateway, before the API: Capillary 401 with an empty body and a
   * WWW-Authenticate challenge; fabric 401 (no token) or 403 (a wrong one) with `{"message"}` only.
   */
  readonly gatewayAuth?: boolean;
  /**
   * Token expiry kept in whole seconds, as a JWT's `exp` claim: a token issued at 12.7 s with a
   * ttlSeconds of 5 expires at 17 s (it lives between ttlSeconds − 1 and ttlSeconds).
   */
  readonly wholeSecondExpiry?: boolean;
  /** Delay before each Capillary answer, in ms (default 0). */
  readonly latencyMs?: number;
  /** Wrong Capillary credentials answered 403 with code 4000 (missing ones stay 401). */
  readonly wrongAs403?: boolean;
  /** A fabric adjustment answered 201 Created (envelope status 201). */
  readonly fabricCreated?: boolean;
  /** The member inquiry is there but the token's scope does not reach it: 403. */
  readonly inquiryForbidden?: boolean;
}

export interface Cleanroom9Provider {
  readonly url: string;
  close(): Promise<void>;
}

type Category = 'delayed' | 'external';

interface PromiseLine {
  readonly programId: number;
  readonly points: number;
  readonly category: Category;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

interface Bill {
  readonly billNumber: string;
  readonly customer: string;
  readonly eventName: string;
  readonly eventLogId?: number;
  readonly lines: PromiseLine[];
}

interface Account {
  main: number;
  delayed: number;
  external: number;
}

interface Customer {
  readonly name: string;
  readonly entityId: number;
  readonly identifiers: Record<string, string>;
  readonly programs: number[];
  readonly accounts: Map<number, Account>;
  readonly pointsAwardedIds: number[];
}

interface Org {
  readonly id: string;
  readonly negativeOnReturn: boolean;
  readonly defaultProgramId: number;
  readonly roundDecimals: Map<number, number>;
  readonly dual?: string; // primary identifier when dual eligibility is on
  readonly customers: Customer[];
  readonly bills: Map<string, Bill>;
  readonly promotion?: { id: number; identifier: string; programId: number; name: string };
}

interface Principal {
  readonly org: Org;
  readonly groups: ReadonlySet<string>;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

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
const BAL_SOURCES = new Set([...NPA_SOURCES, ...UPP_SOURCES]);
const NPA_IDENTIFIERS = new Set(['externalId', 'mobile']);
const UPP_IDENTIFIERS = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BAL_IDENTIFIERS = new Set(['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

function customer(
  name: string,
  entityId: number,
  identifiers: Record<string, string>,
  balances: Record<number, [number, number, number]>,
  pointsAwardedIds: number[] = [],
): Customer {
  const accounts = new Map<number, Account>();
  for (const [p, [main, delayed, external]] of Object.entries(balances))
    accounts.set(Number(p), { main, delayed, external });
  return { name, entityId, identifiers, programs: [...accounts.keys()], accounts, pointsAwardedIds };
}

function buildOrgs(): Org[] {
  const alpha: Org = {
    id: 'alpha',
    negativeOnReturn: false,
    defaultProgramId: 510,
    roundDecimals: new Map([
      [510, 2],
      [511, 0],
    ]),
    dual: 'mobile',
    customers: [
      customer(
        'ana',
        9100001,
        {
          mobile: '447700950001',
          externalId: 'AL-ANA',
          email: 'ana@cr9.test',
          id: '9100001',
          cuid: 'C9-ANA',
        },
        { 510: [1000, 60, 25], 511: [300, 0, 0] },
        [7301],
      ),
      customer(
        'ben',
        9100002,
        { mobile: '447700950002', externalId: 'AL-BEN', email: 'twin@cr9.test', id: '9100002' },
        { 510: [400, 40, 0] },
      ),
      customer(
        'cleo',
        9100003,
        { mobile: '447700950003', externalId: 'AL-CLEO', email: 'twin@cr9.test', id: '9100003' },
        { 510: [200, 30, 0] },
      ),
      customer(
        'dov',
        9100004,
        { mobile: '447700950004', externalId: 'AL-DOV', id: '9100004' },
        { 510: [50, 0, 0] },
      ),
    ],
    bills: new Map(),
    promotion: { id: 6201, identifier: 'CR9-SPRING', programId: 510, name: 'spring' },
  };
  const promo = { id: 6201, identifier: 'CR9-SPRING', name: 'spring' };
  alpha.bills.set('CR9-A-1', {
    billNumber: 'CR9-A-1',
    customer: 'ana',
    eventName: 'TransactionAdd',
    eventLogId: 880901,
    lines: [
      { programId: 510, points: 20, category: 'delayed', unlocked: false },
      {
        programId: 510,
        points: 15,
        category: 'delayed',
        lineItemId: 9501,
        itemCode: 'cr9-sku-1',
        unlocked: false,
      },
      {
        programId: 510,
        points: 12.5,
        category: 'delayed',
        lineItemId: 9502,
        itemCode: 'cr9-sku-2',
        unlocked: false,
      },
      { programId: 510, points: 10, category: 'external', promotion: promo, unlocked: false },
    ],
  });
  alpha.bills.set('CR9-A-2', {
    billNumber: 'CR9-A-2',
    customer: 'ben',
    eventName: 'TransactionAdd',
    lines: [
      { programId: 510, points: 25, category: 'delayed', unlocked: false },
      {
        programId: 510,
        points: 15,
        category: 'delayed',
        lineItemId: 9601,
        itemCode: 'cr9-sku-9',
        unlocked: false,
      },
    ],
  });
  alpha.bills.set('CR9-A-3', {
    billNumber: 'CR9-A-3',
    customer: 'cleo',
    eventName: 'TransactionAdd',
    lines: [{ programId: 510, points: 30, category: 'delayed', unlocked: false }],
  });
  const beta: Org = {
    id: 'beta',
    negativeOnReturn: true,
    defaultProgramId: 520,
    roundDecimals: new Map([[520, 3]]),
    customers: [
      customer(
        'eli',
        9200001,
        { mobile: '447700960001', externalId: 'BE-ELI', id: '9200001' },
        { 520: [100, 20, 0] },
      ),
      customer(
        'fay',
        9200002,
        { mobile: '447700960002', externalId: 'BE-FAY', id: '9200002' },
        { 520: [10, 8, 0] },
      ),
    ],
    bills: new Map(),
  };
  beta.bills.set('CR9-B-1', {
    billNumber: 'CR9-B-1',
    customer: 'eli',
    eventName: 'TransactionAdd',
    eventLogId: 880951,
    lines: [
      { programId: 520, points: 5, category: 'delayed', unlocked: false },
      {
        programId: 520,
        points: 7,
        category: 'delayed',
        lineItemId: 9701,
        itemCode: 'cr9-b-1',
        unlocked: false,
      },
      {
        programId: 520,
        points: 8,
        category: 'delayed',
        lineItemId: 9702,
        itemCode: 'cr9-b-2',
        unlocked: false,
      },
    ],
  });
  beta.bills.set('CR9-B-2', {
    billNumber: 'CR9-B-2',
    customer: 'fay',
    eventName: 'TransactionAdd',
    lines: [{ programId: 520, points: 8, category: 'delayed', unlocked: false }],
  });
  return [alpha, beta];
}

class Refusal {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

const dec3 = (n: number) => (Math.round(n * 1000) / 1000).toFixed(3);
const round = (n: number) => Math.round(n * 10000) / 10000;

function decimalsOf(text: string): number {
  const m = /\.(\d*?)0*$/.exec(text);
  return m ? (m[1] ?? '').length : 0;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

function capError(res: ServerResponse, r: Refusal, gateway = false): void {
  if (gateway && r.status === 401) {
    res.writeHead(401, r.headers);
    res.end();
    return;
  }
  send(
    res,
    r.status,
    { errors: [{ status: false, code: r.code, message: r.message }], warnings: [] },
    r.headers,
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startCleanroom9Provider(options: Cleanroom9Options = {}): Promise<Cleanroom9Provider> {
  const ttl = options.ttlSeconds ?? 40;
  const orgs = buildOrgs();
  const [alpha, beta] = orgs as [Org, Org];
  const points = new Set(['points', 'default']);
  const defaultOnly = new Set(['default']);
  // Till credentials: username → md5 of the password.
  const tills = new Map<string, { md5: string; principal: Principal }>([
    ['cr9.alpha.till', { md5: md5('alpha-till-secret'), principal: { org: alpha, groups: points } }],
    ['cr9.beta.till', { md5: md5('beta-till-secret'), principal: { org: beta, groups: points } }],
  ]);
  const clients = new Map<string, { secret: string; principal: Principal }>([
    ['cr9-alpha-client', { secret: 'alpha-client-secret', principal: { org: alpha, groups: points } }],
    ['cr9-beta-client', { secret: 'beta-client-secret', principal: { org: beta, groups: points } }],
    ['cr9-alpha-viewer', { secret: 'alpha-viewer-secret', principal: { org: alpha, groups: defaultOnly } }],
  ]);
  const tokens = new Map<string, { principal: Principal; client: string; expires: number }>();

  const challenge = { 'www-authenticate': 'Basic realm="capillary", charset="UTF-8"' };
  function authenticate(req: IncomingMessage): Principal {
    const basic = req.headers.authorization;
    const oauth = req.headers['x-cap-api-oauth-token'];
    let principal: Principal | undefined;
    if (typeof oauth === 'string' && oauth !== '') {
      const t = tokens.get(oauth);
      if (!t) {
        if (options.wrongAs403) throw new Refusal(403, 4000, 'Not authorized: unknown OAuth token');
        throw new Refusal(401, 4001, 'Invalid OAuth token', challenge);
      }
      if (Date.now() > t.expires) {
        tokens.delete(oauth);
        throw new Refusal(401, 4002, 'OAuth token expired', challenge);
      }
      principal = t.principal;
    }
    if (basic !== undefined) {
      const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(basic);
      if (!m) throw new Refusal(401, 4001, 'Unsupported authorization scheme', challenge);
      const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const user = colon < 0 ? decoded : decoded.slice(0, colon);
      const pass = colon < 0 ? '' : decoded.slice(colon + 1);
      const till = tills.get(user);
      if (!till || till.md5 !== pass.toLowerCase()) {
        if (options.wrongAs403) throw new Refusal(403, 4000, 'Not authorized: invalid till credentials');
        throw new Refusal(401, 4001, 'Authentication failed: invalid till credentials', challenge);
      }
      if (principal && principal.org !== till.principal.org)
        throw new Refusal(401, 4001, 'Credentials name two different orgs', challenge);
      principal = till.principal;
    }
    if (!principal) throw new Refusal(401, 4001, 'Authentication required', challenge);
    return principal;
  }

  function findCustomer(
    org: Org,
    name: string,
    value: string,
    allowed: Set<string>,
    dual: boolean,
  ): Customer {
    const names = name.split(',').map((s) => s.trim());
    const values = value.split(',').map((s) => s.trim());
    if (names.some((n) => !allowed.has(n))) throw new Refusal(400, 8013, 'Lookup,Invalid identifier passed');
    if (names.length > 1 || values.length > 1) {
      if (!dual || !org.dual || names.length !== values.length)
        throw new Refusal(404, 8015, 'Customer not found for the given identifiers');
      const i = names.indexOf(org.dual);
      if (i < 0) throw new Refusal(404, 8015, 'Customer not found for the given identifiers');
      return findCustomer(org, org.dual, values[i] ?? '', allowed, false);
    }
    if (dual && org.dual && name !== org.dual)
      throw new Refusal(404, 8015, 'Customer not found for the given identifiers');
    const found = org.customers.filter((c) => c.identifiers[name] === value);
    if (found.length !== 1 || !found[0])
      throw new Refusal(404, 8015, 'Customer not found for the given identifiers');
    return found[0];
  }

  function lookup(url: URL, sources: Set<string>): { name: string; value: string } {
    const name = url.searchParams.get('identifierName');
    const value = url.searchParams.get('identifierValue');
    const source = url.searchParams.get('source');
    if (!name || !value || !source)
      throw new Refusal(400, 8013, 'identifierName, identifierValue and source are required');
    if (!sources.has(source)) throw new Refusal(400, 8003, 'Invalid source');
    return { name, value };
  }

  function account(c: Customer, programId: number): Account {
    const a = c.accounts.get(programId);
    if (!a) throw new Refusal(422, 1218, 'Customer is not enrolled in the program');
    return a;
  }

  function npa(p: Principal, url: URL, raw: unknown): unknown {
    if (!p.groups.has('points')) throw new Refusal(403, 4000, 'Not authorized: Points access group required');
    const org = p.org;
    const { name, value } = lookup(url, NPA_SOURCES);
    if (!NPA_IDENTIFIERS.has(name)) throw new Refusal(400, 8013, 'Lookup,Invalid identifier passed');
    const c = findCustomer(org, name, value, NPA_IDENTIFIERS, false);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new Refusal(400, 8891, 'Request body must be a JSON object');
    const b = raw as Record<string, unknown>;
    const amountRaw = b.pointsToBeAdjusted;
    let text: string;
    if (typeof amountRaw === 'number' && Number.isFinite(amountRaw)) text = String(amountRaw);
    else if (typeof amountRaw === 'string' && /^-?\d+(\.\d+)?$/.test(amountRaw.trim()))
      text = amountRaw.trim();
    else throw new Refusal(400, 8891, 'pointsToBeAdjusted is required and must be a number');
    const amount = Number(text);
    if (amount === 0) throw new Refusal(400, 8888, 'points cannot be zero');
    if (amount < 0) throw new Refusal(400, 8892, 'points to be adjusted must be greater than zero');
    const reason = b.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '')
      throw new Refusal(400, 8882, 'reasonOfReturn is missing');
    if (reason.length > 50) throw new Refusal(400, 8893, 'reasonOfReturn is longer than 50 characters');
    for (const k of ['programId', 'promotionId', 'pointsAwardedId'])
      if (b[k] !== undefined && b[k] !== null && !(typeof b[k] === 'number' && Number.isInteger(b[k])))
        throw new Refusal(400, 8894, `${k} must be an integer`);
    const hasProgram = typeof b.programId === 'number';
    const programId = hasProgram ? (b.programId as number) : org.defaultProgramId;
    const promoId = b.promotionId;
    const promoIdent = b.promotionIdentifier;
    if (promoId != null && promoIdent != null)
      throw new Refusal(400, 8895, 'promotionId and promotionIdentifier cannot both be set');
    if (promoIdent != null && !hasProgram)
      throw new Refusal(400, 8887, 'programId is required with promotionIdentifier');
    if (!org.roundDecimals.has(programId)) throw new Refusal(400, 8896, `Invalid programId ${programId}`);
    const acct = account(c, programId);
    if (
      promoId != null &&
      !(org.promotion && org.promotion.id === promoId && org.promotion.programId === programId)
    )
      throw new Refusal(400, 8874, 'Invalid promotion id');
    if (
      promoIdent != null &&
      !(org.promotion && org.promotion.identifier === promoIdent && org.promotion.programId === programId)
    )
      throw new Refusal(400, 8874, 'Invalid promotion id');
    if (b.pointsAwardedId != null && !c.pointsAwardedIds.includes(b.pointsAwardedId as number))
      throw new Refusal(400, 8877, 'Invalid pointsAwardedId');
    if (b.pointsAwardedRefType != null && !REF_TYPES.has(b.pointsAwardedRefType as string))
      throw new Refusal(400, 9975, 'Invalid pointsAwardedRefType');
    const allowed = org.roundDecimals.get(programId) ?? 0;
    const places = decimalsOf(text);
    if (places > allowed)
      throw new Refusal(
        422,
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${allowed} for programId: ${programId}`,
      );
    if (!org.negativeOnReturn && amount > acct.main)
      throw new Refusal(
        422,
        8907,
        `points to be deducted ${text} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    acct.main = round(acct.main - amount);
    return {
      status: 'success',
      pointsAvailable: dec3(acct.main),
      message: 'points deducted successfully for the user ',
      warnings: [],
    };
  }

  function balance(p: Principal, url: URL): unknown {
    if (options.restrictedNoBalance && !p.groups.has('points'))
      throw new Refusal(403, 4000, 'Not authorized: Points access group required');
    const org = p.org;
    const { name, value } = lookup(url, BAL_SOURCES);
    const c = findCustomer(org, name, value, BAL_IDENTIFIERS, org.dual !== undefined);
    const all = url.searchParams.get('fetchDataForAllPrograms') === 'true';
    const pid = url.searchParams.get('programId');
    let accounts: Account[];
    if (all) accounts = [...c.accounts.values()];
    else {
      const programId = pid ? Number(pid) : org.defaultProgramId;
      if (!Number.isInteger(programId)) throw new Refusal(400, 8896, 'Invalid programId');
      const a = c.accounts.get(programId);
      accounts = a ? [a] : [];
    }
    const main = round(accounts.reduce((s, a) => s + a.main, 0));
    const delayed = round(accounts.reduce((s, a) => s + a.delayed, 0));
    const external = round(accounts.reduce((s, a) => s + a.external, 0));
    return {
      entityId: c.entityId,
      entityType: 'CUSTOMER',
      totalPoints: round(main + delayed + external),
      mainPoints: main,
      promisedPoints: round(delayed + external),
      promisedPointsBreakup: { delayedAccrualPoints: delayed, externalTriggerBasedPoints: external },
      warnings: [],
    };
  }

  function unlock(p: Principal, url: URL, raw: unknown): unknown {
    const org = p.org;
    const name = url.searchParams.get('identifierName');
    const value = url.searchParams.get('identifierValue');
    const source = url.searchParams.get('source');
    if (!name || !value || !source)
      throw new Refusal(400, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = url.searchParams.get('type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') throw new Refusal(400, 1645, 'Group details passed are not valid.');
    if (type !== 'CUSTOMER') throw new Refusal(400, 82323276, 'Entity type invalid.');
    if (!UPP_SOURCES.has(source)) throw new Refusal(400, 8003, 'Invalid source');
    if (!UPP_IDENTIFIERS.has(name)) throw new Refusal(400, 8013, 'Lookup,Invalid identifier passed');
    const c = findCustomer(org, name, value, UPP_IDENTIFIERS, false);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new Refusal(400, 82323271, 'Bill number missing.');
    const b = raw as Record<string, unknown>;
    const billRaw = b.billNumber;
    if (billRaw === undefined || billRaw === null || billRaw === '')
      throw new Refusal(400, 82323271, 'Bill number missing.');
    if (typeof billRaw !== 'string' && typeof billRaw !== 'number')
      throw new Refusal(400, 82323271, 'Bill number missing.');
    if (typeof b.eventName !== 'string' || b.eventName === '')
      throw new Refusal(400, 82323272, 'Event name not found.');
    const bill = org.bills.get(String(billRaw));
    if (!bill || bill.customer !== c.name)
      throw new Refusal(404, 82323277, 'No bill found for given bill number.');
    if (b.eventName !== bill.eventName) throw new Refusal(400, 82323272, 'Event name not found.');
    if (b.eventLogId !== undefined && b.eventLogId !== null) {
      const ids = Array.isArray(b.eventLogId) ? b.eventLogId : [b.eventLogId];
      if (ids.length === 0 || ids.some((id) => Number(id) !== bill.eventLogId))
        throw new Refusal(404, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    }
    for (const k of ['lineItemIds', 'itemCodes'])
      if (b[k] !== undefined && b[k] !== null && !Array.isArray(b[k]))
        throw new Refusal(400, 82323282, `${k} must be a list`);
    const lineItemIds = ((b.lineItemIds as unknown[] | undefined) ?? []).map(Number);
    const itemCodes = ((b.itemCodes as unknown[] | undefined) ?? []).map(String);
    const narrowed = lineItemIds.length > 0 || itemCodes.length > 0;
    const lines = bill.lines.filter(
      (l) =>
        !l.unlocked &&
        (!narrowed ||
          (l.lineItemId !== undefined && lineItemIds.includes(l.lineItemId)) ||
          (l.itemCode !== undefined && itemCodes.includes(l.itemCode))),
    );
    if (lines.length === 0) throw new Refusal(422, 82323282, 'No promise points found to unlock.');
    const out = lines.map((l) => {
      l.unlocked = true;
      const a = account(c, l.programId);
      if (l.category === 'delayed') a.delayed = round(a.delayed - l.points);
      else a.external = round(a.external - l.points);
      a.main = round(a.main + l.points);
      const line: Record<string, unknown> = { billNumber: bill.billNumber };
      if (l.itemCode !== undefined) line.itemCode = l.itemCode;
      line.pointsUnlocked = dec3(l.points);
      line.programId = l.programId;
      if (l.promotion) {
        line.promotionIdentifier = l.promotion.identifier;
        line.promotionId = l.promotion.id;
        line.promotionName = l.promotion.name;
      }
      return line;
    });
    return { pointsUnlocked: out, warnings: [] };
  }

  function tokenGenerate(raw: unknown): { status: number; body: unknown } {
    const fail = (status: number, code: number, message: string) => ({
      status,
      body: { data: null, errors: [{ status: false, code, message }] },
    });
    if (typeof raw !== 'object' || raw === null) return fail(400, 4003, 'key and secret are required');
    const { key, secret } = raw as Record<string, unknown>;
    if (typeof key !== 'string' || typeof secret !== 'string' || key === '' || secret === '')
      return fail(400, 4003, 'key and secret are required');
    const client = clients.get(key);
    if (!client || client.secret !== secret) return fail(401, 4001, 'Invalid client key or secret');
    const accessToken = `cr9.${client.principal.org.id}.${randomUUID()}`;
    const issuedAt = options.wholeSecondExpiry ? Math.floor(Date.now() / 1000) * 1000 : Date.now();
    tokens.set(accessToken, { principal: client.principal, client: key, expires: issuedAt + ttl * 1000 });
    return {
      status: options.tokenStatus ?? 200,
      body: { data: { accessToken, ttlSeconds: options.ttlAsString ? String(ttl) : ttl }, errors: null },
    };
  }

  // fabric
  const FABRIC_TOKEN = 'cr9-fabric-bearer';
  const MEMBER = '5d1c0e9a-7b43-4f8e-a2d6-cr9member0001';
  const members = new Map<string, { available: number; pending: number }>([
    [MEMBER, { available: 0, pending: 0 }],
    ['5d1c0e9a-7b43-4f8e-a2d6-cr9member0002', { available: 500, pending: 0 }],
  ]);
  const fabricEnvelope = (
    status: number,
    message: string,
    errors: Record<string, unknown>,
    data: unknown,
  ) => ({
    status,
    message,
    errors,
    data,
    requestId: randomUUID(),
    timestamp: new Date().toISOString(),
  });
  function fabricRefuse(
    res: ServerResponse,
    status: number,
    message: string,
    errors: Record<string, unknown>,
  ) {
    const headers: Record<string, string> =
      status === 401 ? { 'www-authenticate': 'Bearer realm="fabric", error="invalid_token"' } : {};
    send(
      res,
      options.fabricErrorsIn200 ? 200 : status,
      fabricEnvelope(status, message, errors, null),
      headers,
    );
  }
  function fabricUnauthorized(req: IncomingMessage, res: ServerResponse) {
    if (!options.gatewayAuth)
      return fabricRefuse(res, 401, 'Unauthorized', { authorization: 'Bearer token required' });
    const bearer = /^Bearer\s/.test(req.headers.authorization ?? '');
    if (bearer) return send(res, 403, { message: 'User is not authorized to access this resource' });
    return send(res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer realm="fabric"' });
  }
  function fabricAuth(req: IncomingMessage): string | undefined {
    const h = req.headers.authorization;
    const m = h ? /^Bearer\s+(\S+)\s*$/.exec(h) : null;
    if (!m || m[1] !== FABRIC_TOKEN) return undefined;
    return MEMBER;
  }

  async function fabric(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const inquiry = /^\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (path === '/v1/members/points-adjustment') {
      if (req.method !== 'POST') return fabricRefuse(res, 405, 'Method not allowed', { method: req.method });
      const tokenMember = fabricAuth(req);
      const text = await readBody(req);
      if (!tokenMember) return fabricUnauthorized(req, res);
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return fabricRefuse(res, 400, 'Invalid request', { body: 'not JSON' });
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        return fabricRefuse(res, 400, 'Invalid request', { body: 'must be an object' });
      const b = body as Record<string, unknown>;
      const errors: Record<string, string> = {};
      if (typeof b.points !== 'number' || !Number.isFinite(b.points))
        errors.points = 'points is required (number)';
      if (b.profileId !== undefined && (typeof b.profileId !== 'string' || b.profileId === ''))
        errors.profileId = 'profileId must be a non-empty string';
      for (const k of ['pointType', 'billingEntity', 'reasonCode'])
        if (b[k] !== undefined && b[k] !== null && (typeof b[k] !== 'string' || b[k] === ''))
          errors[k] = `${k} must be null or a string of at least 1 character`;
      if (b.setToPending !== undefined && typeof b.setToPending !== 'boolean')
        errors.setToPending = 'setToPending must be a boolean';
      if (Object.keys(errors).length > 0) return fabricRefuse(res, 400, 'Invalid request', errors);
      const profileId = (b.profileId as string | undefined) ?? tokenMember;
      const member = members.get(profileId);
      if (!member) return fabricRefuse(res, 404, 'Member not found', { profileId: `no member ${profileId}` });
      const pts = b.points as number;
      const pending = b.setToPending === true;
      if (!pending && pts < 0 && member.available + pts < 0)
        return fabricRefuse(res, 422, 'Insufficient points', {
          points: 'deduction exceeds available points',
        });
      if (pending) member.pending = round(member.pending + pts);
      else member.available = round(member.available + pts);
      const abs = Math.abs(pts);
      const shown = Number.isInteger(abs) ? abs.toFixed(1) : String(abs);
      const ok = options.fabricCreated ? 201 : 200;
      return send(
        res,
        ok,
        fabricEnvelope(
          ok,
          'Member points adjusted',
          {},
          {
            Message: `${shown} points ${pts < 0 ? 'deducted' : 'added'}${pending ? ' (pending)' : ''}`,
            futureDate: false,
            ExceptionString: '',
            transactionCode: randomUUID(),
            pointStatus: pending ? 'Pending' : 'Active',
          },
        ),
      );
    }
    if (inquiry && options.memberInquiry !== false) {
      if (req.method !== 'GET') return fabricRefuse(res, 405, 'Method not allowed', { method: req.method });
      if (!fabricAuth(req)) return fabricUnauthorized(req, res);
      if (options.inquiryForbidden)
        return fabricRefuse(res, 403, 'Forbidden', { scope: 'the token does not grant member inquiry' });
      const id = decodeURIComponent(inquiry[1] ?? '');
      const member = members.get(id);
      if (!member) return fabricRefuse(res, 404, 'Member not found', { profileId: `no member ${id}` });
      return send(
        res,
        200,
        fabricEnvelope(200, 'Member points', {}, [
          {
            profileId: id,
            pointsBalance: {
              memberPointsAvailable: member.available,
              memberPointsPending: member.pending,
            },
          },
        ]),
      );
    }
    return fabricRefuse(res, 404, 'Not found', { path });
  }

  async function capillary(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const text = await readBody(req);
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    let body: unknown;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = Symbol.for('invalid');
      }
    }
    const path = url.pathname;
    if (path === '/v3/oauth/token/generate') {
      if (req.method !== 'POST')
        return send(res, 405, { data: null, errors: [{ code: 405, message: 'POST only' }] });
      const r = tokenGenerate(typeof body === 'symbol' ? undefined : body);
      return send(res, r.status, r.body);
    }
    const routes: Record<string, string> = {
      '/v2/customers/lookup/negativePointsAdjustment': 'POST',
      '/v2/points/unlockPromisedPoints': 'POST',
      '/v2/customers/lookup/points/balance': 'GET',
    };
    const method = routes[path];
    if (!method) return capError(res, new Refusal(404, 404, 'Resource not found'));
    if (req.method !== method)
      return capError(res, new Refusal(405, 405, `Method ${req.method} not allowed`));
    const principal = authenticate(req);
    if (typeof body === 'symbol') throw new Refusal(400, 8891, 'Request body is not valid JSON');
    if (path === '/v2/customers/lookup/negativePointsAdjustment')
      return send(res, 200, npa(principal, url, body));
    if (path === '/v2/points/unlockPromisedPoints') return send(res, 200, unlock(principal, url, body));
    return send(res, 200, balance(principal, url));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const run = url.pathname.startsWith('/api/')
      ? fabric(req, res, url.pathname.slice(4))
      : capillary(req, res, url);
    run.catch((e: unknown) => {
      if (res.headersSent) return;
      if (e instanceof Refusal) capError(res, e, options.gatewayAuth);
      else capError(res, new Refusal(500, 500, 'Internal error'));
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
