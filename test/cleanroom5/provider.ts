import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The fifth clean-room provider: the four endpoints (and the fabric member inquiry that DESIGN.md
 * names) written from the vendor documents and DESIGN.md's domain facts alone, without reading
 * the reference provider or the suites. Its choices, each where the documents leave room (the
 * words that allow it are quoted where the choice is made):
 *
 *  1. Org `north`: dual eligibility ON with **email** as the primary identifier (the balance page
 *     names `email`, `mobile`, `externalId`; its example lists email first); mobile and
 *     externalId are secondaries, and two customers share a mobile.
 *  2. ALLOW_NEGATIVE_BALANCE_ON_RETURN ON for `north` (deductions go below zero, every balance
 *     figure is shown negative), OFF for `south` (8907).
 *  3. A program with **4** round decimals (north 101, south 202) and one with 1 (north 102).
 *  4. Every success is HTTP **200**: no document permits another success status (fabric's
 *     "Response 200 application/json OK" only; the Capillary pages give none, the legacy v2 list
 *     in DESIGN.md says "200 success"). Every Capillary API error is HTTP **400** (one status,
 *     `apiErrorStatus: 400`), 401 for authentication and 403/4000 for the access group.
 *  5. No UTF-8 byte order mark: fabric declares `application/json` and RFC 8259 §8.1 says
 *     "Implementations MUST NOT add a byte order mark"; the Capillary pages leave the encoding
 *     open but show JSON, so the same rule is followed there.
 *  6. **Chunked** transfer encoding for every answer (the body written in two pieces, no
 *     Content-Length, a trailer field with the body's SHA-256): HTTP/1.1 framing the documents do
 *     not constrain.
 *  7. Customer ids (`entityId`, "long") beyond 2^53, written as JSON integers; bill numbers
 *     beyond 2^53 written as strings (the unlock table types `billNumber` "String"; `numericIds`
 *     writes all-digit bill numbers and item codes as numbers, as the response example does);
 *     line item ids ("Array (Long)") and event-log ids past 2^53 read exactly from requests.
 *  8. Balance without `programId` and without `fetchDataForAllPrograms`: the sum over all
 *     programs (the page's table says what true and false do, not what absence does), with a
 *     per-program `programs` list beside the sums whenever all programs are summed.
 *  9. Unlock answered with one bill line (the bill-level promised points) plus one line per line
 *     item (`itemCode` and an extra `lineItemId`) and one per promotion (the response example
 *     shows bill, item and promotion lines).
 * 10. Non-empty `warnings` on successes (deduction: always a note of the program charged; unlock:
 *     the example's `sourceTilId` spelling; balance: the programs summed), in the shape DESIGN.md
 *     confirms (`{status, code, message}`, like `errors` entries).
 * 11. Extra headers (`X-Request-Id`, `X-Cleanroom5-Node`, `Cache-Control`) and extra fields.
 * 12. Unlocks answered after 20–40 ms (the points move at once; only the answer waits).
 * 13. Capillary validation collects every problem of a request: several entries in `errors`.
 * 14. Amounts: balances and `pointsAvailable` as JSON numbers written with the program's decimals
 *     (`670.0000`, `-3.5`), unlock amounts as strings with 3 decimals (`"10.000"`, DESIGN.md).
 * 15. fabric: whole points only (fractional refused with 400; the page types `points` "number"
 *     and gives no scale), a balance that may go below zero ("Can be positive or negative",
 *     nothing on the balance), pending points that stay pending for 30 days, one inquiry entry.
 */

export interface Cleanroom5Options {
  /** Unlock line filters: `union` (default: a line matches any listed id or code) or `intersection`. */
  unlockFilters?: 'union' | 'intersection';
  /** Without the fabric member inquiry (404), as a target with only the documented endpoints. */
  noInquiry?: boolean;
  /** Amounts of balances and deductions as strings with the program's decimals instead of numbers. */
  amountsAsStrings?: boolean;
  /** A deduction's pointsAvailable over all the customer's programs instead of the program charged. */
  availableOverAll?: boolean;
  /**
   * An unlock line's billNumber and itemCode written as JSON numbers when they are all digits, as
   * the response example does (`"billNumber": 374`, `"itemCode": 7583`), however long.
   */
  numericIds?: boolean;
}

export interface Cleanroom5Provider {
  server: Server;
  url: string;
  close(): Promise<void>;
}

const SCALE = 1_000_000; // amounts in millionths
// The deduction page: "INSTORE , MARTJACK , WECHAT , FACEBOOK , WEB_ENGAGE , INSTORE , TMALL ,
// TAOBAO , JD , ECOMMERCE , WEBSITE , LINE , ALL"; the unlock page: the same without ALL, with
// MOBILE_APP. The balance page lists none (its example uses INSTORE): both lists are accepted.
const SHARED_SOURCES = 'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE';
const DEDUCTION_SOURCES = new Set([...SHARED_SOURCES.split(' '), 'ALL']);
const UNLOCK_SOURCES = new Set([...SHARED_SOURCES.split(' '), 'MOBILE_APP']);
const BALANCE_SOURCES = new Set([...DEDUCTION_SOURCES, 'MOBILE_APP']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

type IdName = 'mobile' | 'email' | 'externalId' | 'id' | 'cuid' | 'primaryUserId';

interface Program {
  id: number;
  decimals: number;
}

interface Customer {
  ids: Partial<Record<IdName, string>>;
  /** main points per program, in millionths */
  main: Map<number, number>;
  awards: number[];
}

interface PromisedLine {
  kind: 'bill' | 'item' | 'promotion';
  programId: number;
  units: number;
  lineItemId?: string;
  itemCode?: string;
  promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

interface Bill {
  customer: Customer;
  billNumber: string;
  eventName: string;
  eventLogId: string;
  lines: PromisedLine[];
}

interface Org {
  name: string;
  negativeAllowed: boolean;
  dualPrimary: IdName | undefined;
  defaultProgram: number;
  programs: Map<number, Program>;
  customers: Customer[];
  bills: Bill[];
  promotions: { id: number; identifier: string; programId: number }[];
}

interface Credentials {
  org: Org;
  points: boolean; // holds the Points access group
}

const pts = (n: number) => Math.round(n * SCALE);

function customer(ids: Partial<Record<IdName, string>>, main: [number, number][], awards: number[] = []) {
  return { ids, main: new Map(main.map(([p, v]) => [p, pts(v)])), awards };
}

function buildOrgs(): { north: Org; south: Org } {
  const northAna = customer(
    {
      email: 'ana.north@example.org',
      mobile: '447700900101',
      externalId: 'N-0101',
      id: '9223372036854770101',
      cuid: 'CU-N-0101',
    },
    [
      [101, 5000.5],
      [102, 800],
    ],
    [880011],
  );
  const northBen = customer(
    { email: 'ben.north@example.org', mobile: '447700900999', externalId: 'N-0102', id: '9007199254740993' },
    [[101, 40]],
  );
  const northCat = customer(
    { email: 'cat.north@example.org', mobile: '447700900999', externalId: 'N-0103', id: '9007199254740992' },
    [[101, 25]],
  );
  const northDan = customer(
    { email: 'dan.north@example.org', mobile: '447700900104', externalId: 'N-0104', id: '18014398509481985' },
    [[101, 12.25]],
  );
  const north: Org = {
    name: 'north',
    negativeAllowed: true,
    dualPrimary: 'email',
    defaultProgram: 101,
    programs: new Map([
      [101, { id: 101, decimals: 4 }],
      [102, { id: 102, decimals: 1 }],
    ]),
    customers: [northAna, northBen, northCat, northDan],
    bills: [
      {
        customer: northAna,
        billNumber: '90071992547409930001',
        eventName: 'TransactionAdd',
        eventLogId: '9900001',
        lines: [
          { kind: 'bill', programId: 101, units: pts(6), unlocked: false },
          {
            kind: 'item',
            programId: 101,
            units: pts(24.125),
            lineItemId: '9007199254740993',
            itemCode: 'SKU-A1',
            unlocked: false,
          },
          {
            kind: 'item',
            programId: 101,
            units: pts(12),
            lineItemId: '9007199254740995',
            itemCode: 'SKU-A2',
            unlocked: false,
          },
          {
            kind: 'item',
            programId: 102,
            units: pts(3.5),
            lineItemId: '9007199254740997',
            itemCode: 'SKU-A3',
            unlocked: false,
          },
        ],
      },
      {
        customer: northBen,
        billNumber: '90071992547409930002',
        eventName: 'TransactionAdd',
        eventLogId: '9900002',
        lines: [
          { kind: 'bill', programId: 101, units: pts(10), unlocked: false },
          {
            kind: 'promotion',
            programId: 101,
            units: pts(4),
            promotion: { id: 7101, identifier: 'SPRING-N', name: 'spring promotion' },
            unlocked: false,
          },
        ],
      },
      {
        customer: northDan,
        billNumber: '90071992547409930003',
        eventName: 'TransactionAdd',
        eventLogId: '9900003',
        lines: [
          { kind: 'bill', programId: 101, units: pts(8), unlocked: false },
          {
            kind: 'item',
            programId: 101,
            units: pts(2),
            lineItemId: '5501',
            itemCode: 'SKU-D1',
            unlocked: false,
          },
        ],
      },
    ],
    promotions: [{ id: 7101, identifier: 'SPRING-N', programId: 101 }],
  };

  const southEve = customer(
    { mobile: '15550300201', email: 'eve.south@example.com', externalId: 'S-0201', id: '36028797018963969' },
    [
      [201, 900.125],
      [202, 75.5],
    ],
  );
  const southFay = customer(
    { mobile: '15550300202', email: 'fay.south@example.com', externalId: 'S-0202', id: '36028797018963971' },
    [[201, 31.5]],
  );
  const southGus = customer({ mobile: '15550300203', externalId: 'S-0203', id: '36028797018963973' }, [
    [201, 0],
  ]);
  const south: Org = {
    name: 'south',
    negativeAllowed: false,
    dualPrimary: undefined,
    defaultProgram: 201,
    programs: new Map([
      [201, { id: 201, decimals: 3 }],
      [202, { id: 202, decimals: 4 }],
    ]),
    customers: [southEve, southFay, southGus],
    bills: [
      {
        customer: southEve,
        billNumber: 'S-BILL-98765432109876543210',
        eventName: 'TransactionAdd',
        eventLogId: '7700001',
        lines: [
          { kind: 'bill', programId: 201, units: pts(5), unlocked: false },
          {
            kind: 'item',
            programId: 201,
            units: pts(7.25),
            lineItemId: '61001',
            itemCode: 'SK-1',
            unlocked: false,
          },
          {
            kind: 'item',
            programId: 202,
            units: pts(1.0001),
            lineItemId: '61002',
            itemCode: '4006381333931123456',
            unlocked: false,
          },
        ],
      },
      {
        customer: southFay,
        billNumber: 'S-BILL-98765432109876543211',
        eventName: 'TransactionAdd',
        eventLogId: '7700002',
        lines: [
          { kind: 'bill', programId: 201, units: pts(9), unlocked: false },
          {
            kind: 'item',
            programId: 201,
            units: pts(1),
            lineItemId: '62001',
            itemCode: 'SK-9',
            unlocked: false,
          },
        ],
      },
      {
        customer: southGus,
        billNumber: 'S-BILL-98765432109876543212',
        eventName: 'TransactionAdd',
        eventLogId: '7700003',
        lines: [{ kind: 'bill', programId: 201, units: pts(11), unlocked: false }],
      },
    ],
    promotions: [{ id: 7201, identifier: 'AUTUMN-S', programId: 202 }],
  };
  return { north, south };
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

// ---------- amounts ----------

/** Parses a number or numeric string into millionths and its decimal places (trailing zeros dropped). */
function parseAmount(value: unknown): { units: number; decimals: number } | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // the shortest decimal JavaScript writes for the number, without exponent
    text = String(value).includes('e')
      ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 })
      : String(value);
  } else if (typeof value === 'string') text = value.trim();
  else if (typeof value === 'bigint') text = String(value);
  else return undefined;
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const units = Number(m[2]) * SCALE + Number((frac.slice(0, 6) || '0').padEnd(6, '0'));
  return { units: m[1] === '-' ? -units : units, decimals: frac.length };
}

/** The decimal places an amount in millionths needs. */
function decimalsOf(units: number): number {
  const frac = String(Math.abs(units) % SCALE)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return frac.length;
}

function formatUnits(units: number, decimals: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  const whole = Math.floor(abs / SCALE);
  const frac = String(abs % SCALE)
    .padStart(6, '0')
    .slice(0, decimals);
  return decimals > 0 ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** A number written in the JSON text as given (`670.0000`), which JSON.stringify cannot do. */
class RawNumber {
  constructor(readonly text: string) {}
  toJSON() {
    return `@@RAW(${this.text})@@`;
  }
}

function serialize(body: unknown): string {
  return JSON.stringify(body).replace(/"@@RAW\((-?[0-9.]+)\)@@"/g, '$1');
}

// ---------- HTTP ----------

let requestCounter = 0;

function send(res: ServerResponse, status: number, body: unknown) {
  const text = serialize(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json;charset=UTF-8');
  res.setHeader('x-request-id', `cr5-${++requestCounter}`);
  res.setHeader('x-cleanroom5-node', 'loyalty-eu-2');
  res.setHeader('cache-control', 'no-store');
  // no Content-Length: HTTP/1.1 answers go out chunked, in two pieces, with a trailer field
  // (RFC 9112 §7.1.2) carrying the body's digest
  res.setHeader('trailer', 'x-body-sha256');
  const half = Math.floor(text.length / 2);
  res.write(text.slice(0, half));
  res.addTrailers({ 'x-body-sha256': createHash('sha256').update(text).digest('hex') });
  res.end(text.slice(half));
}

interface CapError {
  code: number;
  message: string;
}

const capError = (res: ServerResponse, status: number, errors: CapError[]) =>
  send(res, status, {
    errors: errors.map((e) => ({ status: false, code: e.code, message: e.message })),
    warnings: [],
  });

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isInteger = (v: unknown) => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';

/** The request body as a JSON object (integers past 2^53 as BigInt), or undefined. */
function objectBody(raw: string): Record<string, unknown> | undefined {
  try {
    const body = parseLossless(raw);
    return isObject(body) ? body : undefined;
  } catch {
    return undefined;
  }
}

const LONG_MARK = '\u0000long:';

/**
 * JSON.parse that keeps integers past 2^53 exact, as BigInt: the documents type ids `Long`
 * (`lineItemIds`: "Array (Long)"), which a Java server reads without losing a digit.
 */
function parseLossless(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const ch = text[i] as string;
    if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if ((ch === '-' || (ch >= '0' && ch <= '9')) && number) {
      const token = number[0];
      const long = number[1] === undefined && number[2] === undefined && !Number.isSafeInteger(Number(token));
      out += long ? JSON.stringify(`${LONG_MARK}${token}`) : token;
      i += token.length;
      continue;
    }
    out += ch;
    i += 1;
  }
  return JSON.parse(out, (_key, value) =>
    typeof value === 'string' && value.startsWith(LONG_MARK) ? BigInt(value.slice(LONG_MARK.length)) : value,
  );
}

export async function startCleanroom5Provider(options: Cleanroom5Options = {}): Promise<Cleanroom5Provider> {
  const { north, south } = buildOrgs();
  const basic = new Map<string, Credentials>([
    [`pos.north:${md5('north-till-pass')}`, { org: north, points: true }],
    [`pos.north.view:${md5('north-view-pass')}`, { org: north, points: false }],
    [`pos.south:${md5('south-till-pass')}`, { org: south, points: true }],
    [`pos.south.view:${md5('south-view-pass')}`, { org: south, points: false }],
  ]);
  const oauthClients = new Map<string, { secret: string; creds: Credentials }>([
    ['north-app', { secret: 'north-app-secret', creds: { org: north, points: true } }],
    ['south-app', { secret: 'south-app-secret', creds: { org: south, points: true } }],
  ]);
  const tokens = new Map<string, Credentials>();

  // fabric: one member, whole points
  const fabricToken = 'cleanroom5-fabric-token';
  const members = new Map<string, { available: number; pending: number }>([
    ['0b7e5a52-6f1c-4d0e-9a7b-5c3f2e1d0a95', { available: 0, pending: 0 }],
  ]);

  const amountOut = (units: number, decimals: number): unknown =>
    options.amountsAsStrings ? formatUnits(units, decimals) : new RawNumber(formatUnits(units, decimals));

  function authenticate(req: IncomingMessage): Credentials | undefined {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') return tokens.get(token);
    const header = req.headers.authorization;
    if (!header?.startsWith('Basic ')) return undefined;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return basic.get(decoded);
  }

  /** Finds customers by one identifier (exact match; the documents give no normalisation). */
  const byIdentifier = (org: Org, name: string, value: string) =>
    org.customers.filter((c) => c.ids[name as IdName] === value);

  /** The one customer an identifier names, else 8015 answered (none, or a secondary several share). */
  function oneCustomer(org: Org, name: string, value: string, res: ServerResponse): Customer | undefined {
    const found = byIdentifier(org, name, value);
    if (found.length === 1) return found[0];
    capError(res, 400, [{ code: 8015, message: 'Customer not found for the given identifiers' }]);
    return undefined;
  }

  // ---------- negativePointsAdjustment ----------
  function deduction(creds: Credentials, query: URLSearchParams, raw: string, res: ServerResponse): void {
    const org = creds.org;
    if (!creds.points) {
      // "Prerequisites ... Access to Points access group resource"
      send(res, 403, {
        errors: [{ status: false, code: 4000, message: 'Not authorized: Points access group required' }],
        warnings: [],
      });
      return;
    }
    const errors: CapError[] = [];
    const name = query.get('identifierName');
    const value = query.get('identifierValue');
    const source = query.get('source');
    // "identifierName* Enum ... Supported values: externalId, mobile"
    if (name !== 'externalId' && name !== 'mobile')
      errors.push({ code: 8013, message: 'Lookup,Invalid identifier passed' });
    if (!value) errors.push({ code: 8015, message: 'Customer not found for the given identifiers' });
    if (!source || !DEDUCTION_SOURCES.has(source)) errors.push({ code: 8003, message: 'Invalid source' });

    const body = objectBody(raw);
    if (!body) {
      errors.push({ code: 8001, message: 'Request body must be a JSON object' });
      capError(res, 400, errors);
      return;
    }
    // programId: "Integer"
    let programId = org.defaultProgram;
    if (body.programId !== undefined && body.programId !== null) {
      if (!isInteger(body.programId)) errors.push({ code: 8010, message: 'programId must be an integer' });
      else programId = body.programId as number;
    }
    const program = org.programs.get(programId);
    if (isInteger(body.programId) && !program)
      errors.push({ code: 1218, message: `Customer is not enrolled in program ${programId}` });
    // pointsToBeAdjusted*: "Integer" typed, "100.00" in the example (DESIGN.md: accept both)
    let amount: { units: number; decimals: number } | undefined;
    if (body.pointsToBeAdjusted === undefined || body.pointsToBeAdjusted === null)
      errors.push({ code: 8011, message: 'pointsToBeAdjusted is required' });
    else {
      amount = parseAmount(body.pointsToBeAdjusted);
      if (!amount) errors.push({ code: 8011, message: 'pointsToBeAdjusted must be a number' });
      // "Integer": at most a Java int's 2147483647 points
      else if (Math.abs(amount.units) > 2_147_483_647 * SCALE)
        errors.push({ code: 8011, message: 'pointsToBeAdjusted is out of range' });
      else if (amount.units === 0) errors.push({ code: 8888, message: 'points cannot be zero' });
      else if (amount.units < 0)
        // "(value should be >0)"; DESIGN.md: code not found
        errors.push({ code: 8889, message: 'points to be adjusted should be greater than 0' });
      else if (program && amount.decimals > program.decimals)
        errors.push({
          code: 8906,
          message: `decimal places passed: ${amount.decimals} is greater than the configured round decimals: ${program.decimals} for programId: ${program.id}`,
        });
    }
    // reasonOfReturn*: String; DESIGN.md: limited to 50 characters, 8882 when missing
    if (typeof body.reasonOfReturn !== 'string' || body.reasonOfReturn.trim() === '')
      errors.push({ code: 8882, message: 'reasonOfReturn is required' });
    else if (body.reasonOfReturn.length > 50)
      errors.push({ code: 8883, message: 'reasonOfReturn cannot be longer than 50 characters' });
    // "If promotionId and promotionIdentifier both are set, it is an invalid input combination."
    const hasPromoId = body.promotionId !== undefined && body.promotionId !== null;
    const hasPromoIdent = body.promotionIdentifier !== undefined && body.promotionIdentifier !== null;
    if (hasPromoId && !isInteger(body.promotionId))
      errors.push({ code: 8874, message: 'Invalid promotion id' });
    if (hasPromoIdent && (typeof body.promotionIdentifier !== 'string' || body.promotionIdentifier === ''))
      errors.push({ code: 8874, message: 'Invalid promotion identifier' });
    if (hasPromoId && hasPromoIdent)
      errors.push({ code: 8886, message: 'promotionId and promotionIdentifier cannot both be passed' });
    // "If promotionIdentifier is passed, programId can not be empty/null."
    if (hasPromoIdent && (body.programId === undefined || body.programId === null))
      errors.push({ code: 8887, message: 'programId is required with promotionIdentifier' });
    const hasAward = body.pointsAwardedId !== undefined && body.pointsAwardedId !== null;
    if (hasAward && !isInteger(body.pointsAwardedId))
      errors.push({ code: 8877, message: 'Invalid pointsAwardedId' });
    if (
      body.pointsAwardedRefType !== undefined &&
      body.pointsAwardedRefType !== null &&
      !REF_TYPES.has(body.pointsAwardedRefType as string)
    )
      errors.push({ code: 9975, message: 'Invalid pointsAwardedRefType' });
    if (errors.length > 0) {
      capError(res, 400, errors);
      return;
    }

    const c = oneCustomer(org, name as string, value as string, res);
    if (!c) return;
    const balance = c.main.get(programId);
    if (balance === undefined || !program) {
      capError(res, 400, [{ code: 1218, message: `Customer is not enrolled in program ${programId}` }]);
      return;
    }
    if (hasPromoId || hasPromoIdent) {
      const promo = org.promotions.find((p) =>
        hasPromoId ? p.id === body.promotionId : p.identifier === body.promotionIdentifier,
      );
      if (!promo || (hasPromoIdent && promo.programId !== programId)) {
        capError(res, 400, [{ code: 8874, message: 'Invalid promotion id' }]);
        return;
      }
    }
    if (hasAward && !c.awards.includes(body.pointsAwardedId as number)) {
      capError(res, 400, [{ code: 8877, message: 'Invalid pointsAwardedId' }]);
      return;
    }
    const units = (amount as { units: number }).units;
    if (units > balance && !org.negativeAllowed) {
      capError(res, 400, [
        {
          code: 8907,
          message: `points to be deducted ${formatUnits(units, program.decimals)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        },
      ]);
      return;
    }
    const after = balance - units;
    c.main.set(programId, after);
    const warnings = [{ status: false, code: 8950, message: `points deducted from programId: ${programId}` }];
    if (after < 0)
      warnings.push({
        status: false,
        code: 8951,
        message: 'balance is negative: ALLOW_NEGATIVE_BALANCE_ON_RETURN is enabled for org',
      });
    // "pointsAvailable: Points available for the customer after the points deduction": the program
    // charged, or (availableOverAll) every program of the customer, with the finest decimals
    const overAll = [...c.main.values()].reduce((a, b) => a + b, 0);
    const finest = Math.max(...[...c.main.keys()].map((p) => org.programs.get(p)?.decimals ?? 0));
    send(res, 200, {
      status: 'success',
      pointsAvailable: options.availableOverAll
        ? amountOut(overAll, finest)
        : amountOut(after, program.decimals),
      message: 'points deducted successfully for the user ',
      warnings,
    });
  }

  // ---------- points balance ----------
  function balance(creds: Credentials, query: URLSearchParams, res: ServerResponse): void {
    const org = creds.org;
    const errors: CapError[] = [];
    const source = query.get('source');
    if (!source || !BALANCE_SOURCES.has(source)) errors.push({ code: 8003, message: 'Invalid source' });
    const names = (query.get('identifierName') ?? '').split(',').map((s) => s.trim());
    const values = (query.get('identifierValue') ?? '').split(',').map((s) => s.trim());
    const known = new Set<string>(['email', 'mobile', 'externalId', 'id', 'cuid']);
    if (names.some((n) => !known.has(n)))
      errors.push({ code: 8013, message: 'Lookup,Invalid identifier passed' });
    else if (names.length !== values.length || values.some((v) => v === ''))
      errors.push({ code: 8015, message: 'Customer not found for the given identifiers' });
    const flag = query.get('fetchDataForAllPrograms');
    if (flag !== null && flag !== 'true' && flag !== 'false')
      errors.push({ code: 8012, message: 'fetchDataForAllPrograms must be true or false' });
    const programParam = query.get('programId');
    if (programParam !== null && !/^\d+$/.test(programParam))
      errors.push({ code: 8010, message: 'programId must be an integer' });
    if (errors.length > 0) {
      capError(res, 400, errors);
      return;
    }
    let found: Customer[];
    if (org.dualPrimary) {
      // "If one of the provided values matches the primary key, the API uses it for the lookup."
      // "If you provide only one identifier that is not the primary identifier ... 8015"
      const at = names.indexOf(org.dualPrimary);
      found = at < 0 ? [] : byIdentifier(org, org.dualPrimary, values[at] ?? '');
    } else {
      // dual eligibility off: the page is silent on lists; every identifier given must name the same customer
      const sets = names.map((n, i) => byIdentifier(org, n, values[i] ?? ''));
      found = (sets[0] ?? []).filter((c) => sets.every((s) => s.includes(c)));
    }
    if (found.length !== 1) {
      capError(res, 400, [{ code: 8015, message: 'Customer not found for the given identifiers' }]);
      return;
    }
    const c = found[0]!;
    // "fetchDataForAllPrograms is true ... across all programs"; false + no programId: default program;
    // absent flag and no programId: all programs (choice 8)
    const all = flag === 'true' || (flag === null && programParam === null);
    const programIds = all
      ? [...org.programs.keys()]
      : [programParam ? Number(programParam) : org.defaultProgram];
    const decimals = Math.max(...programIds.map((p) => org.programs.get(p)?.decimals ?? 0));
    const figures = (ids: number[]) => {
      let main = 0;
      let delayed = 0;
      let external = 0;
      for (const p of ids) {
        main += c.main.get(p) ?? 0;
        for (const bill of org.bills)
          if (bill.customer === c)
            for (const line of bill.lines)
              if (!line.unlocked && line.programId === p) {
                // bill-level points wait for the bill's external trigger (return period over);
                // line-item and promotion points are delayed accruals
                if (line.kind === 'bill') external += line.units;
                else delayed += line.units;
              }
      }
      return { main, delayed, external };
    };
    const shape = (ids: number[], d: number) => {
      const { main, delayed, external } = figures(ids);
      return {
        totalPoints: amountOut(main + delayed + external, d),
        mainPoints: amountOut(main, d),
        promisedPoints: amountOut(delayed + external, d),
        promisedPointsBreakup: {
          delayedAccrualPoints: amountOut(delayed, d),
          externalTriggerBasedPoints: amountOut(external, d),
        },
      };
    };
    const answer: Record<string, unknown> = {
      entityId: new RawNumber(c.ids.id as string),
      entityType: 'CUSTOMER',
      ...shape(programIds, decimals),
    };
    if (all)
      answer.programs = programIds.map((p) => ({
        entityId: new RawNumber(c.ids.id as string),
        programId: p,
        ...shape([p], org.programs.get(p)?.decimals ?? 0),
      }));
    answer.warnings = [
      {
        status: false,
        code: 8960,
        message: all
          ? `points summed over programs ${programIds.join(',')}`
          : `points of program ${programIds[0]}`,
      },
    ];
    send(res, 200, answer);
  }

  // ---------- unlockPromisedPoints ----------
  async function unlock(creds: Credentials, query: URLSearchParams, raw: string, res: ServerResponse) {
    const org = creds.org;
    const name = query.get('identifierName');
    const value = query.get('identifierValue');
    const source = query.get('source');
    const type = query.get('type');
    const errors: CapError[] = [];
    if (!name || !value || !source)
      errors.push({ code: 82323284, message: 'identifierName, identifierValue, or source cannot be empty.' });
    if (name && !['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'].includes(name))
      errors.push({ code: 8013, message: 'Lookup,Invalid identifier passed' });
    if (source && !UNLOCK_SOURCES.has(source)) errors.push({ code: 8003, message: 'Invalid source' });
    if (type !== null && type !== 'CUSTOMER' && type !== 'USERGROUP2')
      errors.push({ code: 82323276, message: 'Entity type invalid.' });
    const body = objectBody(raw);
    if (!body) {
      errors.push({ code: 8001, message: 'Request body must be a JSON object' });
      capError(res, 400, errors);
      return;
    }
    if (body.eventName === undefined || body.eventName === null || body.eventName === '')
      errors.push({ code: 82323272, message: 'Event name not found.' });
    else if (typeof body.eventName !== 'string')
      errors.push({ code: 82323272, message: 'Event name not found.' });
    if (body.billNumber === undefined || body.billNumber === null || body.billNumber === '')
      errors.push({ code: 82323271, message: 'Bill number missing.' });
    else if (typeof body.billNumber !== 'string' && typeof body.billNumber !== 'number')
      errors.push({ code: 82323271, message: 'Bill number missing.' });
    // eventLogId: "Array" in the table, an integer in the example: both
    let eventLogIds: string[] | undefined;
    if (body.eventLogId !== undefined && body.eventLogId !== null) {
      if (isInteger(body.eventLogId)) eventLogIds = [String(body.eventLogId)];
      else if (Array.isArray(body.eventLogId) && body.eventLogId.every(isInteger))
        eventLogIds = body.eventLogId.map(String);
      else
        errors.push({
          code: 3918,
          message: 'Error unlocking points: no eventLog found for given eventLogId.',
        });
    }
    const list = (key: string, item: (v: unknown) => boolean): unknown[] | undefined => {
      const v = body[key];
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v) || !v.every(item)) {
        errors.push({ code: 8020, message: `${key} must be an array` });
        return undefined;
      }
      return v;
    };
    const lineItemIds = list('lineItemIds', isInteger)?.map(String);
    const itemCodes = list('itemCodes', (v) => typeof v === 'string' && v !== '') as string[] | undefined;
    if (body.billDate !== undefined && body.billDate !== null) {
      if (typeof body.billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(body.billDate))
        errors.push({ code: 8021, message: 'billDate must be YYYY-MM-DD' });
    }
    for (const key of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
      if (body[key] !== undefined && body[key] !== null && !isInteger(body[key]))
        errors.push({ code: 8022, message: `${key} must be an integer` });
    if (errors.length > 0) {
      capError(res, 400, errors);
      return;
    }
    if (type === 'USERGROUP2') {
      // no user groups in this provider: "Group details passed are not valid."
      capError(res, 400, [{ code: 1645, message: 'Group details passed are not valid.' }]);
      return;
    }
    const c = oneCustomer(org, name as string, value as string, res);
    if (!c) return;
    const bill = org.bills.find((b) => b.customer === c && b.billNumber === String(body.billNumber));
    if (!bill) {
      capError(res, 400, [{ code: 82323277, message: 'No bill found for given bill number.' }]);
      return;
    }
    if (bill.eventName !== body.eventName) {
      capError(res, 400, [{ code: 82323272, message: 'Event name not found.' }]);
      return;
    }
    if (eventLogIds && !eventLogIds.includes(bill.eventLogId)) {
      capError(res, 400, [
        { code: 3918, message: 'Error unlocking points: no eventLog found for given eventLogId.' },
      ]);
      return;
    }
    const filtered = lineItemIds !== undefined || itemCodes !== undefined;
    const matches = (line: PromisedLine) => {
      if (!filtered) return true;
      if (line.kind !== 'item') return false;
      const byId = lineItemIds?.includes(line.lineItemId as string);
      const byCode = itemCodes?.includes(line.itemCode as string);
      if (options.unlockFilters === 'intersection')
        return (lineItemIds === undefined || byId) && (itemCodes === undefined || byCode);
      return Boolean(byId || byCode);
    };
    const moving = bill.lines.filter((l) => !l.unlocked && matches(l));
    if (moving.length === 0) {
      capError(res, 400, [{ code: 82323282, message: 'No promise points found to unlock.' }]);
      return;
    }
    // the points move at once (so parallel unlocks see them moved); only the answer waits
    for (const line of moving) {
      line.unlocked = true;
      c.main.set(line.programId, (c.main.get(line.programId) ?? 0) + line.units);
    }
    const numeric = (id: string) => (options.numericIds && /^\d+$/.test(id) ? new RawNumber(id) : id);
    const billNumberOut = numeric(bill.billNumber);
    const entries: Record<string, unknown>[] = [];
    const billUnits = new Map<number, number>();
    for (const line of moving) {
      const amount = formatUnits(line.units, Math.max(3, decimalsOf(line.units)));
      if (line.kind === 'bill')
        billUnits.set(line.programId, (billUnits.get(line.programId) ?? 0) + line.units);
      else if (line.kind === 'item')
        entries.push({
          billNumber: billNumberOut,
          itemCode: numeric(line.itemCode as string),
          lineItemId: new RawNumber(line.lineItemId as string),
          pointsUnlocked: amount,
          programId: line.programId,
        });
      else
        entries.push({
          pointsUnlocked: amount,
          programId: line.programId,
          promotionIdentifier: line.promotion?.identifier,
          promotionId: line.promotion?.id,
          promotionName: line.promotion?.name,
        });
    }
    // The bill line is always given: the bill-level points this unlock moved, "0.000" when its
    // line filters left them promised (the example opens with the bill line).
    if (billUnits.size === 0)
      billUnits.set(bill.lines.find((l) => l.kind === 'bill')?.programId ?? org.defaultProgram, 0);
    const billLines = [...billUnits].map(([programId, units]) => ({
      billNumber: billNumberOut,
      pointsUnlocked: formatUnits(units, Math.max(3, decimalsOf(units))),
      programId,
    }));
    const warnings: { status: boolean; code: number; message: string }[] = [];
    if (body.sourceTilId !== undefined)
      warnings.push({ status: false, code: 8970, message: 'sourceTilId is read as sourceTillId' });
    warnings.push({
      status: false,
      code: 8971,
      message: `${moving.length} promised entries of bill ${bill.billNumber} converted`,
    });
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 21)));
    send(res, 200, { pointsUnlocked: [...billLines, ...entries], warnings });
  }

  // ---------- OAuth token (outside the four documents; DESIGN.md's confirmed shape) ----------
  function oauthToken(raw: string, res: ServerResponse) {
    const body = objectBody(raw);
    const client = isObject(body) && typeof body.key === 'string' ? oauthClients.get(body.key) : undefined;
    if (!client || !isObject(body) || body.secret !== client.secret) {
      capError(res, 401, [{ code: 401, message: 'Invalid key or secret' }]);
      return;
    }
    const token = randomUUID().replace(/-/g, '');
    tokens.set(token, client.creds);
    send(res, 200, { data: { accessToken: token, ttlSeconds: 3600 }, errors: null });
  }

  // ---------- fabric ----------
  const fabricError = (
    res: ServerResponse,
    status: number,
    errors: Record<string, string>,
    message: string,
  ) => send(res, status, { message, errors, data: {}, status });

  function fabricAdjust(raw: string, res: ServerResponse) {
    const body = objectBody(raw);
    if (!isObject(body)) {
      fabricError(res, 400, { body: 'Request body must be a JSON object' }, 'Invalid request');
      return;
    }
    const errors: Record<string, string> = {};
    // points: "number, required"; whole points only (choice 15)
    if (typeof body.points !== 'number' || !Number.isFinite(body.points))
      errors.points = 'points is required';
    else if (!Number.isInteger(body.points)) errors.points = 'points must be a whole number';
    for (const key of ['pointType', 'billingEntity', 'reasonCode'])
      if (
        body[key] !== undefined &&
        body[key] !== null &&
        (typeof body[key] !== 'string' || body[key] === '')
      )
        errors[key] = `${key} must be a string of minimum length 1`;
    if (body.setToPending !== undefined && typeof body.setToPending !== 'boolean')
      errors.setToPending = 'setToPending must be a boolean';
    if (typeof body.profileId !== 'string' || body.profileId === '')
      errors.profileId = 'profileId is required';
    if (Object.keys(errors).length > 0) {
      fabricError(res, 400, errors, 'Invalid request');
      return;
    }
    const member = members.get(body.profileId as string);
    if (!member) {
      fabricError(res, 404, { profileId: 'Member not found' }, 'Member not found');
      return;
    }
    const points = body.points as number;
    const pending = body.setToPending === true;
    if (pending) member.pending += points;
    else member.available += points;
    send(res, 200, {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${Math.abs(points).toFixed(1)} points ${points < 0 ? 'deducted' : 'added'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    });
  }

  function fabricInquiry(profileId: string, res: ServerResponse) {
    const member = members.get(profileId);
    if (!member) {
      fabricError(res, 404, { profileId: 'Member not found' }, 'Member not found');
      return;
    }
    send(res, 200, {
      message: 'Member points',
      errors: {},
      data: [
        {
          profileId,
          pointsBalance: {
            memberPointsAvailable: member.available,
            memberPointsLocked: member.pending,
            totalPoints: member.available + member.pending,
          },
        },
      ],
      status: 200,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const raw = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
    if (path.startsWith('/api/')) {
      if (req.headers.authorization !== `Bearer ${fabricToken}`) {
        fabricError(res, 401, { authorization: 'Bearer token missing or invalid' }, 'Unauthorized');
        return;
      }
      if (path === '/api/v1/members/points-adjustment') {
        if (req.method !== 'POST')
          return fabricError(res, 405, { method: 'POST only' }, 'Method not allowed');
        return fabricAdjust(raw, res);
      }
      const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
      if (inquiry && !options.noInquiry && req.method === 'GET')
        return fabricInquiry(decodeURIComponent(inquiry[1] ?? ''), res);
      return fabricError(res, 404, { path: 'Not found' }, 'Not found');
    }
    if (path === '/v3/oauth/token/generate' && req.method === 'POST') return oauthToken(raw, res);
    const routes: Record<string, string> = {
      '/v2/customers/lookup/negativePointsAdjustment': 'POST',
      '/v2/customers/lookup/points/balance': 'GET',
      '/v2/points/unlockPromisedPoints': 'POST',
    };
    const method = routes[path];
    if (!method) return capError(res, 404, [{ code: 404, message: 'Resource not found' }]);
    if (req.method !== method) return capError(res, 405, [{ code: 405, message: 'Method not allowed' }]);
    const creds = authenticate(req);
    if (!creds) return capError(res, 401, [{ code: 401, message: 'Authentication failed' }]);
    if (path.endsWith('negativePointsAdjustment')) return deduction(creds, url.searchParams, raw, res);
    if (path.endsWith('balance')) return balance(creds, url.searchParams, res);
    return unlock(creds, url.searchParams, raw, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) capError(res, 500, [{ code: 500, message: String(error) }]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// `node --import tsx test/cleanroom5/provider.ts` serves it and prints its URL, for
// `run --profile test/cleanroom5/profile.yaml --target URL`.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  const provider = await startCleanroom5Provider();
  console.log(provider.url);
}
