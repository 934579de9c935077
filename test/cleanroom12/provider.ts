/**
 * Twelfth clean-room provider: a literal-minded, strict validator of the four documents, written
 * from the documents and DESIGN.md alone (node:http only). Capillary at the root, fabric under /api.
 *
 * Its choices, each one the documents allow:
 * - Request bodies hold exactly the fields each page's table lists; any other field is refused
 *   with 400 and code 9101 ("Request body parameters" / "Body ... Details needed to adjust points"
 *   list the fields; nothing says others are accepted). The unlock's table lists `sourceTillId`;
 *   the example's `sourceTilId` is not in the table, so it is refused like any unknown field.
 * - Query parameters: exactly the ones each page names (negativePointsAdjustment and
 *   unlockPromisedPoints: their "Request query parameters" / "Query parameters" tables; the balance
 *   page: source, identifierName, identifierValue in its endpoint example, programId and
 *   fetchDataForAllPrograms in its "Important Note"); any other is refused with 400 and code 9102.
 * - A JSON body needs `Content-Type: application/json` (any parameters): the fabric page says
 *   "Body application/json" and its curl sends the header; otherwise 415 and code 9103.
 * - A wrong HTTP method on a documented path is 405 with an Allow header ("HTTP method | POST").
 * - Identifier names, sources, `type`, `pointsAwardedRefType`, `fetchDataForAllPrograms` are
 *   case-sensitive exactly as the tables write them ("Supported values: externalId, mobile");
 *   identifier values are matched exactly, never trimmed. negativePointsAdjustment takes only
 *   `externalId` and `mobile` ("Supported values: externalId, mobile"), others → 8013; the unlock
 *   takes "mobile, id, externalId, cuid, primaryUserId"; the balance page names only email, mobile
 *   and externalId ("It parses all submitted identifiers, for example email, mobile, externalId").
 * - Where the unlock's table and example disagree, the table binds: `billNumber` only as a JSON
 *   string ("billNumber* String", not the example's 16484), `eventLogId` only as an array
 *   ("eventLogId Array", not the example's 1235315), the till as `sourceTillId`. Elsewhere the
 *   DESIGN's confirmed facts are followed: `pointsToBeAdjusted` as a number or the example's
 *   numeric string ("100.00").
 * - A GET with a body is refused (9101): the balance page lists no body. A query parameter given
 *   twice is refused (9121): each table gives a parameter one value. A null in a Capillary body is
 *   a wrong type (9113): its tables give each field one type, never null (fabric's say
 *   "string | null" and are followed).
 * - `programId` in the balance query only as digits (the Important Note's programId is a program's
 *   ID, an integer); otherwise 400 and code 9104. In bodies, integers must be JSON integers
 *   ("Integer"); `pointsToBeAdjusted` also as a numeric string (the page's example "100.00").
 * - Decimal places of `pointsToBeAdjusted` counted as written ("decimal places passed: 3 is greater
 *   than the configured round decimals: 2"): "100.00" has two.
 * - Codes from the documents where they give one (8003, 8013, 8015, 8906, 8907, 1645, 82323284,
 *   82323277, 82323271, 82323272, 82323276, 3918, 82323282 and DESIGN's 8888, 8887, 8874, 8877,
 *   9975, 8882, 1218); own codes 91xx otherwise. HTTP 404 for not-found codes, 400 for other API
 *   errors, 401 bad credentials, 403 code 4000 for credentials without the Points access group on
 *   negativePointsAdjustment ("Access to Points access group resource").
 * - Two orgs chosen by credentials: `oak` (negative balance off, dual eligibility with mobile
 *   primary, programs of 2 and 3 round decimals) and `elm` (negative balance on, 0 round decimals).
 * - fabric: Bearer only; `points` required and a number, positive adds, negative deducts;
 *   `setToPending: true` leaves points pending; `profileId` needed to find the member (400 9105
 *   without it, 404 for an unknown one). The member inquiry is optional (option `memberInquiry`).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Cleanroom12Options {
  /** Whether GET /api/v1/inquire/{profileId}/member-points exists. */
  readonly memberInquiry: boolean;
}

interface Customer {
  entityId: number;
  ids: Record<string, string>;
  main: Map<number, number>;
  promised: Map<number, number>;
}
interface Line {
  kind: 'bill' | 'item' | 'promotion';
  points: number;
  lineItemId?: number;
  itemCode?: string;
  unlocked: boolean;
}
interface Bill {
  customer: Customer;
  billNumber: string;
  eventName: string;
  eventLogId: number;
  programId: number;
  lines: Line[];
}
interface Org {
  name: string;
  negativeOn: boolean;
  defaultProgram: number;
  decimals: Map<number, number>;
  dual?: string;
  customers: Customer[];
  bills: Bill[];
  promotion: { id: number; identifier: string; programId: number; name: string };
  awards: Map<number, Customer>;
}

const NPA_SOURCES = [
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
const UPP_SOURCES = [
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
const BAL_SOURCES = [...new Set([...NPA_SOURCES, ...UPP_SOURCES])];
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];
const NOT_FOUND = new Set([8015, 82323277, 3918]);

class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = NOT_FOUND.has(code) ? 404 : 400,
  ) {
    super(message);
  }
}

function customer(
  entityId: number,
  ids: Record<string, string>,
  main: [number, number][],
  promised: [number, number][] = [],
): Customer {
  return { entityId, ids, main: new Map(main), promised: new Map(promised) };
}

function bill(c: Customer, billNumber: string, eventLogId: number, programId: number, lines: Line[]): Bill {
  for (const l of lines) c.promised.set(programId, (c.promised.get(programId) ?? 0) + l.points);
  return { customer: c, billNumber, eventName: 'TransactionAdd', eventLogId, programId, lines };
}

function makeOrgs(): Org[] {
  const ivy = customer(
    12000001,
    { mobile: '447922000001', email: 'ivy@cr12.test', externalId: 'OK-IVY', id: '12000001', cuid: 'CU-IVY' },
    [
      [1211, 800],
      [1212, 300.5],
    ],
  );
  const jon = customer(
    12000002,
    { mobile: '447922000002', email: 'shared@cr12.test', externalId: 'OK-JON', id: '12000002' },
    [[1211, 150]],
  );
  const kim = customer(
    12000003,
    { mobile: '447922000003', email: 'shared@cr12.test', externalId: 'OK-KIM', id: '12000003' },
    [[1211, 90]],
  );
  const lea = customer(12000004, { mobile: '447922000004', externalId: 'OK-LEA', id: '12000004' }, [
    [1211, 40],
  ]);
  const oak: Org = {
    name: 'oak',
    negativeOn: false,
    defaultProgram: 1211,
    decimals: new Map([
      [1211, 2],
      [1212, 3],
    ]),
    dual: 'mobile',
    customers: [ivy, jon, kim, lea],
    bills: [
      bill(ivy, 'CR12-O-1', 881211, 1211, [
        { kind: 'bill', points: 5, unlocked: false },
        { kind: 'item', points: 12, lineItemId: 9621, itemCode: 'cr12-sku-1', unlocked: false },
        { kind: 'item', points: 8, lineItemId: 9622, itemCode: 'cr12-sku-2', unlocked: false },
        { kind: 'promotion', points: 6, unlocked: false },
      ]),
      bill(jon, 'CR12-O-2', 881212, 1211, [{ kind: 'bill', points: 20, unlocked: false }]),
      bill(kim, 'CR12-O-3', 881213, 1211, [{ kind: 'bill', points: 15, unlocked: false }]),
      bill(ivy, 'CR12-O-4', 881214, 1212, [{ kind: 'bill', points: 7.125, unlocked: false }]),
    ],
    promotion: { id: 5121, identifier: 'CR12-WINTER', programId: 1211, name: 'Winter promotion' },
    awards: new Map([
      [71211, ivy],
      [71212, jon],
    ]),
  };
  const max = customer(
    12000101,
    { mobile: '447922000101', externalId: 'EL-MAX', email: 'max@cr12.test', id: '12000101' },
    [[1221, 500]],
  );
  const ned = customer(12000102, { mobile: '447922000102', externalId: 'EL-NED', id: '12000102' }, [
    [1221, 25],
  ]);
  const elm: Org = {
    name: 'elm',
    negativeOn: true,
    defaultProgram: 1221,
    decimals: new Map([[1221, 0]]),
    customers: [max, ned],
    bills: [
      bill(max, 'CR12-E-1', 881221, 1221, [
        { kind: 'bill', points: 4, unlocked: false },
        { kind: 'item', points: 10, lineItemId: 9721, itemCode: 'cr12-e-sku', unlocked: false },
      ]),
      bill(ned, 'CR12-E-2', 881222, 1221, [{ kind: 'bill', points: 9, unlocked: false }]),
    ],
    promotion: { id: 5221, identifier: 'CR12-ELM', programId: 1221, name: 'Elm promotion' },
    awards: new Map([
      [71221, max],
      [71222, ned],
    ]),
  };
  return [oak, elm];
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${md5(p)}`).toString('base64')}`;

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

const capError = (code: number, message: string) => ({
  errors: [{ status: false, code, message }],
  warnings: [],
});

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function jsonBody(
  req: IncomingMessage,
  text: string,
  allowed: readonly string[],
  nullable = false,
): Record<string, unknown> {
  const type = req.headers['content-type'];
  if (type === undefined || type.split(';')[0]?.trim().toLowerCase() !== 'application/json')
    throw new Refusal(9103, 'Content-Type must be application/json', 415);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Refusal(9106, 'Request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Refusal(9106, 'Request body must be a JSON object');
  for (const key of Object.keys(body))
    if (!allowed.includes(key)) throw new Refusal(9101, `Unknown body field: ${key}`);
  if (nullable) return body as Record<string, unknown>;
  // The Capillary tables give each field one type and never null: a null is a wrong type.
  for (const [key, value] of Object.entries(body))
    if (value === null) throw new Refusal(9113, `${key} cannot be null`);
  return body as Record<string, unknown>;
}

function checkQuery(q: URLSearchParams, allowed: readonly string[]): void {
  for (const key of q.keys()) {
    if (!allowed.includes(key)) throw new Refusal(9102, `Unknown query parameter: ${key}`);
    if (q.getAll(key).length > 1) throw new Refusal(9121, `Query parameter given more than once: ${key}`);
  }
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

function decimalsWritten(v: number | string): number {
  const s = typeof v === 'string' ? v : String(v);
  const m = /\.(\d*)$/.exec(s);
  return m?.[1]?.length ?? 0;
}

const fmt = (n: number) => n.toFixed(3);
const round = (n: number) => Math.round(n * 1e6) / 1e6;

export async function startCleanroom12Provider(
  options: Cleanroom12Options,
): Promise<{ url: string; close(): Promise<void> }> {
  const [oak, elm] = makeOrgs() as [Org, Org];
  const credentials = new Map<string, { org: Org; points: boolean }>([
    [basic('cr12.oak.till', 'oak-till-pass'), { org: oak, points: true }],
    [basic('cr12.oak.viewer', 'oak-viewer-pass'), { org: oak, points: false }],
    [basic('cr12.elm.till', 'elm-till-pass'), { org: elm, points: true }],
  ]);
  const apps = new Map<string, { secret: string; org: Org }>([
    ['cr12-oak-app', { secret: 'oak-app-secret', org: oak }],
    ['cr12-elm-app', { secret: 'elm-app-secret', org: elm }],
  ]);
  const tokens = new Map<string, { org: Org; points: boolean }>();
  const members = new Map<string, { active: number; pending: number }>([
    ['7a2e4c1d-12bb-4c0e-9d12-000000000012', { active: 250, pending: 0 }],
  ]);
  const FABRIC_TOKEN = 'cr12-fabric-token';

  function authOf(req: IncomingMessage): { org: Org; points: boolean } {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string') {
      const t = tokens.get(token);
      if (t) return t;
    }
    const a = req.headers.authorization;
    if (typeof a === 'string') {
      const c = credentials.get(a);
      if (c) return c;
    }
    throw new Refusal(401, 'Authentication failed', 401);
  }

  function findCustomer(org: Org, name: string, value: string): Customer | undefined {
    return org.customers.find((c) => c.ids[name] === value);
  }

  function lookupSingle(
    org: Org,
    q: URLSearchParams,
    names: readonly string[],
    sources: readonly string[],
  ): Customer {
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (name === null || value === null || source === null || name === '' || value === '' || source === '')
      throw new Refusal(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    if (!sources.includes(source)) throw new Refusal(8003, 'Invalid source');
    if (!names.includes(name)) throw new Refusal(8013, 'Lookup,Invalid identifier passed');
    const c = findCustomer(org, name, value);
    if (!c) throw new Refusal(8015, 'Customer not found for the given identifiers');
    return c;
  }

  function balanceOf(c: Customer, programs: number[]) {
    let main = 0;
    let promised = 0;
    for (const p of programs) {
      main += c.main.get(p) ?? 0;
      promised += c.promised.get(p) ?? 0;
    }
    return {
      entityId: c.entityId,
      entityType: 'CUSTOMER',
      totalPoints: round(main + promised),
      mainPoints: round(main),
      promisedPoints: round(promised),
      promisedPointsBreakup: { delayedAccrualPoints: round(promised), externalTriggerBasedPoints: 0 },
      warnings: [],
    };
  }

  function balance(req: IncomingMessage, q: URLSearchParams) {
    const { org } = authOf(req);
    checkQuery(q, ['source', 'identifierName', 'identifierValue', 'programId', 'fetchDataForAllPrograms']);
    const names = q.get('identifierName');
    const values = q.get('identifierValue');
    const source = q.get('source');
    if (!names || !values || !source)
      throw new Refusal(9107, 'identifierName, identifierValue and source are required');
    if (!BAL_SOURCES.includes(source)) throw new Refusal(8003, 'Invalid source');
    const nameList = names.split(',');
    const valueList = values.split(',');
    const known = ['email', 'mobile', 'externalId'];
    for (const n of nameList)
      if (!known.includes(n)) throw new Refusal(8013, 'Lookup,Invalid identifier passed');
    if (nameList.length !== valueList.length)
      throw new Refusal(9108, 'identifierName and identifierValue counts differ');
    let c: Customer | undefined;
    if (org.dual) {
      const i = nameList.indexOf(org.dual);
      if (i < 0) throw new Refusal(8015, 'Customer not found for the given identifiers');
      c = findCustomer(org, org.dual, valueList[i] as string);
    } else {
      if (nameList.length !== 1) throw new Refusal(9109, 'Multiple identifiers need dual eligibility');
      c = findCustomer(org, nameList[0] as string, valueList[0] as string);
    }
    if (!c) throw new Refusal(8015, 'Customer not found for the given identifiers');
    const all = q.get('fetchDataForAllPrograms');
    if (all !== null && all !== 'true' && all !== 'false')
      throw new Refusal(9110, 'fetchDataForAllPrograms must be true or false');
    const pid = q.get('programId');
    let program = org.defaultProgram;
    if (pid !== null) {
      if (!/^[0-9]+$/.test(pid)) throw new Refusal(9104, 'programId must be digits');
      program = Number(pid);
      if (!org.decimals.has(program)) throw new Refusal(9111, 'Invalid programId');
    }
    return balanceOf(c, all === 'true' ? [...org.decimals.keys()] : [program]);
  }

  function deduct(req: IncomingMessage, q: URLSearchParams, text: string) {
    const { org, points } = authOf(req);
    if (!points) throw new Refusal(4000, 'Not authorized: Points access group required', 403);
    checkQuery(q, ['identifierName', 'identifierValue', 'source']);
    const body = jsonBody(req, text, [
      'pointsToBeAdjusted',
      'programId',
      'reasonOfReturn',
      'pointsAwardedId',
      'promotionId',
      'promotionIdentifier',
      'pointsAwardedRefType',
    ]);
    const name = q.get('identifierName');
    const source = q.get('source');
    if (!name || !q.get('identifierValue') || !source)
      throw new Refusal(9107, 'identifierName, identifierValue and source are required');
    if (!NPA_SOURCES.includes(source)) throw new Refusal(8003, 'Invalid source');
    if (!['externalId', 'mobile'].includes(name)) throw new Refusal(8013, 'Lookup,Invalid identifier passed');
    const c = findCustomer(org, name, q.get('identifierValue') as string);
    if (!c) throw new Refusal(8015, 'Customer not found for the given identifiers');
    const raw = body.pointsToBeAdjusted;
    if (raw === undefined || raw === null) throw new Refusal(9112, 'pointsToBeAdjusted is required');
    if (typeof raw !== 'number' && !(typeof raw === 'string' && /^-?[0-9]+(\.[0-9]+)?$/.test(raw)))
      throw new Refusal(9113, 'pointsToBeAdjusted must be a number');
    const amount = Number(raw);
    if (amount === 0) throw new Refusal(8888, 'points cannot be zero');
    if (amount < 0) throw new Refusal(9114, 'pointsToBeAdjusted should be >0');
    const reason = body.reasonOfReturn;
    if (reason === undefined || reason === null || reason === '')
      throw new Refusal(8882, 'reasonOfReturn is required');
    if (typeof reason !== 'string') throw new Refusal(9113, 'reasonOfReturn must be a string');
    if (reason.length > 50) throw new Refusal(9115, 'reasonOfReturn is longer than 50 characters');
    for (const f of ['programId', 'pointsAwardedId', 'promotionId'])
      if (body[f] !== undefined && body[f] !== null && !isInt(body[f]))
        throw new Refusal(9113, `${f} must be an integer`);
    if (
      body.promotionIdentifier !== undefined &&
      body.promotionIdentifier !== null &&
      typeof body.promotionIdentifier !== 'string'
    )
      throw new Refusal(9113, 'promotionIdentifier must be a string');
    const hasPromoId = body.promotionId !== undefined && body.promotionId !== null;
    const hasPromoIdent = body.promotionIdentifier !== undefined && body.promotionIdentifier !== null;
    if (hasPromoId && hasPromoIdent)
      throw new Refusal(9116, 'promotionId and promotionIdentifier cannot both be passed');
    const hasProgram = body.programId !== undefined && body.programId !== null;
    if (hasPromoIdent && !hasProgram)
      throw new Refusal(8887, 'programId is required with promotionIdentifier');
    const program = hasProgram ? (body.programId as number) : org.defaultProgram;
    if (!org.decimals.has(program)) throw new Refusal(9111, 'Invalid programId');
    if (!c.main.has(program)) throw new Refusal(1218, 'Customer not enrolled in program');
    if (hasPromoId && (body.promotionId !== org.promotion.id || program !== org.promotion.programId))
      throw new Refusal(8874, 'Invalid promotion id');
    if (
      hasPromoIdent &&
      (body.promotionIdentifier !== org.promotion.identifier || program !== org.promotion.programId)
    )
      throw new Refusal(8874, 'Invalid promotion id');
    if (
      body.pointsAwardedId !== undefined &&
      body.pointsAwardedId !== null &&
      org.awards.get(body.pointsAwardedId as number) !== c
    )
      throw new Refusal(8877, 'Invalid pointsAwardedId');
    const ref = body.pointsAwardedRefType;
    if (ref !== undefined && ref !== null && (typeof ref !== 'string' || !REF_TYPES.includes(ref)))
      throw new Refusal(9975, 'Invalid pointsAwardedRefType');
    const decimals = org.decimals.get(program) ?? 0;
    const places = decimalsWritten(raw as number | string);
    if (places > decimals)
      throw new Refusal(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
      );
    const available = c.main.get(program) ?? 0;
    if (amount > available && !org.negativeOn)
      throw new Refusal(
        8907,
        `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    c.main.set(program, round(available - amount));
    return {
      status: 'success',
      pointsAvailable: fmt(c.main.get(program) ?? 0),
      message: 'points deducted successfully for the user ',
      warnings: [],
    };
  }

  function unlock(req: IncomingMessage, q: URLSearchParams, text: string) {
    const { org } = authOf(req);
    checkQuery(q, ['identifierName', 'identifierValue', 'source', 'type']);
    const body = jsonBody(req, text, [
      'eventName',
      'billNumber',
      'eventLogId',
      'lineItemIds',
      'itemCodes',
      'billDate',
      'sourceStoreId',
      'sourceTillId',
      'sourceProgramId',
    ]);
    const type = q.get('type');
    if (type !== null && type !== 'CUSTOMER' && type !== 'USERGROUP2')
      throw new Refusal(82323276, 'Entity type invalid.');
    if (type === 'USERGROUP2') {
      // No user group exists here: "1645 Group details passed are not valid. Occurs when an
      // invalid or incorrect USERGROUP2 identifier is passed in query parameters."
      const name = q.get('identifierName');
      const source = q.get('source');
      if (!name || !q.get('identifierValue') || !source)
        throw new Refusal(82323284, 'identifierName, identifierValue, or source cannot be empty.');
      if (!UPP_SOURCES.includes(source)) throw new Refusal(8003, 'Invalid source');
      throw new Refusal(1645, 'Group details passed are not valid.');
    }
    const c = lookupSingle(org, q, ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'], UPP_SOURCES);
    if (body.billNumber === undefined || body.billNumber === null || body.billNumber === '')
      throw new Refusal(82323271, 'Bill number missing.');
    if (typeof body.billNumber !== 'string') throw new Refusal(9113, 'billNumber must be a string');
    if (typeof body.eventName !== 'string' || body.eventName === '')
      throw new Refusal(82323272, 'Event name not found.');
    for (const f of ['sourceStoreId', 'sourceTillId', 'sourceProgramId'])
      if (body[f] !== undefined && !isInt(body[f])) throw new Refusal(9113, `${f} must be an integer`);
    if (
      body.billDate !== undefined &&
      (typeof body.billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.billDate))
    )
      throw new Refusal(9117, 'billDate must be YYYY-MM-DD');
    const lineIds = body.lineItemIds;
    if (lineIds !== undefined && (!Array.isArray(lineIds) || !lineIds.every(isInt)))
      throw new Refusal(9113, 'lineItemIds must be a list of integers');
    const codes = body.itemCodes;
    if (codes !== undefined && (!Array.isArray(codes) || !codes.every((x) => typeof x === 'string')))
      throw new Refusal(9113, 'itemCodes must be a list of strings');
    const logIds = body.eventLogId as unknown[] | undefined;
    if (logIds !== undefined && (!Array.isArray(logIds) || !logIds.every(isInt)))
      throw new Refusal(9113, 'eventLogId must be an array of integers');
    const b = org.bills.find((x) => x.customer === c && x.billNumber === String(body.billNumber));
    if (!b) throw new Refusal(82323277, 'No bill found for given bill number.');
    if (body.eventName !== b.eventName) throw new Refusal(82323272, 'Event name not found.');
    if (logIds?.some((id) => id !== b.eventLogId))
      throw new Refusal(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    if (body.sourceProgramId !== undefined && body.sourceProgramId !== b.programId)
      throw new Refusal(82323282, 'No promise points found to unlock.');
    const filtered = lineIds !== undefined || codes !== undefined;
    const picked = b.lines.filter(
      (l) =>
        !l.unlocked &&
        (!filtered ||
          (l.kind === 'item' &&
            (lineIds === undefined || (lineIds as number[]).includes(l.lineItemId as number)) &&
            (codes === undefined || (codes as string[]).includes(l.itemCode as string)))),
    );
    if (picked.length === 0) throw new Refusal(82323282, 'No promise points found to unlock.');
    const out = [];
    for (const l of picked) {
      l.unlocked = true;
      c.promised.set(b.programId, round((c.promised.get(b.programId) ?? 0) - l.points));
      c.main.set(b.programId, round((c.main.get(b.programId) ?? 0) + l.points));
      if (l.kind === 'bill')
        out.push({ billNumber: b.billNumber, pointsUnlocked: fmt(l.points), programId: b.programId });
      else if (l.kind === 'item')
        out.push({
          billNumber: b.billNumber,
          itemCode: l.itemCode,
          pointsUnlocked: fmt(l.points),
          programId: b.programId,
        });
      else
        out.push({
          pointsUnlocked: fmt(l.points),
          programId: b.programId,
          promotionIdentifier: org.promotion.identifier,
          promotionId: org.promotion.id,
          promotionName: org.promotion.name,
        });
    }
    return { pointsUnlocked: out, warnings: [] };
  }

  function oauth(req: IncomingMessage, text: string) {
    const body = jsonBody(req, text, ['key', 'secret']);
    const app = typeof body.key === 'string' ? apps.get(body.key) : undefined;
    if (!app || body.secret !== app.secret) throw new Refusal(401, 'Invalid key or secret', 401);
    const token = randomUUID();
    tokens.set(token, { org: app.org, points: true });
    return { data: { accessToken: token, ttlSeconds: 3600 }, errors: null };
  }

  function fabricAdjust(req: IncomingMessage, text: string) {
    const body = jsonBody(
      req,
      text,
      ['points', 'profileId', 'pointType', 'billingEntity', 'reasonCode', 'setToPending'],
      true,
    );
    if (typeof body.points !== 'number' || !Number.isFinite(body.points))
      throw new Refusal(9118, 'points is required and must be a number');
    if (body.profileId === undefined || body.profileId === null)
      throw new Refusal(9105, 'profileId is required to find the member');
    if (typeof body.profileId !== 'string') throw new Refusal(9113, 'profileId must be a string');
    for (const f of ['pointType', 'billingEntity', 'reasonCode']) {
      const v = body[f];
      if (v !== undefined && v !== null && (typeof v !== 'string' || v.length < 1))
        throw new Refusal(9119, `${f} must be a string of at least 1 character`);
    }
    if (body.setToPending !== undefined && typeof body.setToPending !== 'boolean')
      throw new Refusal(9113, 'setToPending must be a boolean');
    const m = members.get(body.profileId);
    if (!m) throw new Refusal(9120, 'Member not found', 404);
    const pts = body.points;
    if (body.setToPending === true) m.pending = round(m.pending + pts);
    else m.active = round(m.active + pts);
    return {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${Math.abs(pts).toFixed(1)} points ${pts < 0 ? 'deducted' : 'added'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    };
  }

  const ROUTES: Record<string, string> = {
    '/v2/customers/lookup/points/balance': 'GET',
    '/v2/customers/lookup/negativePointsAdjustment': 'POST',
    '/v2/points/unlockPromisedPoints': 'POST',
    '/v3/oauth/token/generate': 'POST',
    '/api/v1/members/points-adjustment': 'POST',
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const fabric = path.startsWith('/api/');
    const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    try {
      if (inquiry && options.memberInquiry) {
        if (req.method !== 'GET')
          return send(res, 405, { message: 'Method not allowed', errors: {}, status: 405 }, { Allow: 'GET' });
        if (req.headers.authorization !== `Bearer ${FABRIC_TOKEN}`)
          return send(res, 401, { message: 'Unauthorized', errors: {}, status: 401 });
        checkQuery(url.searchParams, []);
        const m = members.get(decodeURIComponent(inquiry[1] as string));
        if (!m) return send(res, 404, { message: 'Member not found', errors: {}, status: 404 });
        return send(res, 200, {
          message: 'Member points',
          errors: {},
          data: [{ pointsBalance: { memberPointsAvailable: m.active, memberPointsPending: m.pending } }],
          status: 200,
        });
      }
      const method = ROUTES[path];
      if (method === undefined)
        return send(
          res,
          404,
          fabric ? { message: 'Not found', errors: {}, status: 404 } : capError(404, 'Not found'),
        );
      if (req.method !== method)
        return send(
          res,
          405,
          fabric
            ? { message: 'Method not allowed', errors: {}, status: 405 }
            : capError(405, 'Method not allowed'),
          { Allow: method },
        );
      if (req.method === 'GET' && text !== '') throw new Refusal(9101, 'A GET request takes no body');
      if (fabric) {
        if (req.headers.authorization !== `Bearer ${FABRIC_TOKEN}`)
          return send(res, 401, { message: 'Unauthorized', errors: {}, status: 401 });
        checkQuery(url.searchParams, []);
        return send(res, 200, fabricAdjust(req, text));
      }
      if (path === '/v3/oauth/token/generate') {
        checkQuery(url.searchParams, []);
        return send(res, 200, oauth(req, text));
      }
      if (path === '/v2/customers/lookup/points/balance')
        return send(res, 200, balance(req, url.searchParams));
      if (path === '/v2/points/unlockPromisedPoints')
        return send(res, 200, unlock(req, url.searchParams, text));
      return send(res, 200, deduct(req, url.searchParams, text));
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      if (fabric)
        return send(res, e.status, {
          message: e.message,
          errors: { code: e.code, message: e.message },
          data: {},
          status: e.status,
        });
      return send(res, e.status, capError(e.code, e.message));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, capError(500, 'Internal error'));
      else res.destroy();
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
