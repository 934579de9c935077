/**
 * The fourteenth clean-room provider, written from the four documents and DESIGN.md alone (node:http
 * only), whose *data* sits at the edges the documents allow; its behaviour is an ordinary reading:
 *
 * - Identifiers that need percent-encoding in a query string: emails with `+` and capitals
 *   (`Jane.Doe+loyalty@Example.com`), mobiles with a leading `+`, externalIds with spaces, `/`, `&`,
 *   `=`, `#`, `?`, `%`, `+`, a comma (one under dual eligibility, which its comma-separated lists
 *   cannot carry), an emoji, a decomposed `ü`, leading and trailing spaces, non-ASCII letters.
 *   Query strings are decoded as WHATWG URL does (`URLSearchParams`: `+` is a space, `%XX` UTF-8), and
 *   customers are found only by the exact decoded value: decoy customers hold the values a wrong
 *   encoding would produce (the mobile without its `+`, the email in lower case or with a space for
 *   its `+`, an externalId cut at its `&` or `#`), each with points of its own.
 * - Programs of 0, 1, 2 and 3 round decimals (one with id 2^31 − 1); a customer enrolled in four;
 *   balances up to 9,999,999,999.999 (exact as a double's shortest form); amounts kept in
 *   thousandths, so no sum drifts. A customer at zero, customers below zero before the run in the org
 *   with negative balances on; drainable customers holding a few points, 9,999,999,999.999 or zero
 *   (a rerun after a drain), by reading.
 * - Bills of 30 to 35 line items (and, for jane and kim, one the profile does not declare), event
 *   names with punctuation in org fir, promised points waiting for an external trigger beside the
 *   bills', bill numbers of 80+ characters with punctuation and non-ASCII letters, an all-digit bill
 *   number with leading zeros, item codes with `#`, `/`, `&`, `=`, `;`, parentheses and Greek
 *   letters, one SKU on several lines, line item, event-log, promotion and points-award ids up to
 *   2^53 − 1, a promotion identifier with `+` and `/`, promotion lines naming their promotion by id
 *   only or by identifier only, a fabric profileId with a space, `/`, `+`, `&`, `=`, `#`, `?` and `%` (encoded in the inquiry's
 *   path) and a fabric member holding 9,999,999,999.5 points.
 * - Behaviour: Basic `username:md5(password)` or `X-CAP-API-OAUTH-TOKEN`; the v2 error envelope with
 *   400 (invalid input), 404 (8015, 82323277, 3918) or 422 (8907, 8906, 82323282, 1218); 401 bad
 *   credentials, 403/4000 without the Points access group (deductions only). Dual eligibility (org
 *   `elm`, mobile primary): comma-separated lists resolved through the primary; a balance read by a
 *   lone non-primary identifier is 8015 (the balance page), deductions and unlocks take a lone
 *   identifier of their own tables (or, in one reading, refuse a lone non-primary one as well).
 *   Decimal places counted on the value. Promised points are delayed accruals; an unlock moves them
 *   to main points once (82323282 after), filtered by line item ids and item codes (union, or
 *   intersection in one reading). fabric: Bearer only, `points` a non-zero
 *   number, pending points, an inquiry when `memberInquiry`.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Cleanroom14Options {
  /** Whether GET /api/v1/inquire/{profileId}/member-points exists. */
  readonly memberInquiry: boolean;
  /** `pointsAvailable` as the example writes it (a string with 3 decimals) or as a JSON number. */
  readonly pointsAvailableForm?: 'example-string' | 'number';
  /**
   * Where dual eligibility's rule applies: a lone identifier other than the primary is 8015 on the
   * balance only (its page says so; default), or org-wide, on deductions and unlocks too.
   */
  readonly loneSecondary?: 'balance' | 'everywhere';
  /** How lineItemIds and itemCodes combine when both are sent. */
  readonly lineFilter?: 'union' | 'intersection';
  /**
   * What the drainable customers hold before the run: a few points (default), the largest balance
   * of the data (9,999,999,999.999 and 9,999,999,999), or zero (a rerun after a run drained them).
   */
  readonly drainables?: 'few' | 'huge' | 'zero';
}

export interface Cleanroom14Provider {
  readonly url: string;
  close(): Promise<void>;
}

/** Amounts are integers of thousandths of a point. */
type Milli = number;

interface Balance {
  main: Milli;
  /** Promised points of bills (delayed accrual); unlocks move them to main. */
  delayed: Milli;
  /** Promised points waiting for an external trigger; no unlock moves them. */
  readonly external: Milli;
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
  points: Milli;
}
interface Bill {
  readonly customer: Customer;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId: number;
  readonly programId: number;
  billPoints: Milli;
  readonly lines: Line[];
  /** A promotion's promised points; its line names it by id, identifier or both. */
  promotion?: { id?: number; identifier?: string; name: string; points: Milli };
}
interface Promotion {
  readonly id: number;
  readonly identifier: string;
  readonly programId: number;
}
interface Org {
  readonly negativeOn: boolean;
  readonly dualPrimary?: string;
  readonly defaultProgram: number;
  readonly programs: Map<number, number>;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: Promotion[];
}

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
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
const BALANCE_SOURCES = [...new Set([...NPA_SOURCES, ...UPP_SOURCES])];
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];
const NOT_FOUND = (): ApiError => new ApiError(8015, 'Customer not found for the given identifiers', 404);

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

/** Decimal places of a number's value (trailing zeros do not count), exponent forms included. */
function placesOf(text: string): number {
  const m = /^[-+]?(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/.exec(text.trim());
  if (!m) return Number.POSITIVE_INFINITY;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  return Math.max(0, frac.length - Number(m[3] ?? 0));
}

/** Thousandths written with `d` decimals (a string), e.g. 670000 → "670.000". */
function fixed(v: Milli, d: number): string {
  const sign = v < 0 ? '-' : '';
  const a = Math.abs(v);
  const int = Math.floor(a / 1000);
  const frac = String(a % 1000).padStart(3, '0');
  return d === 0 ? `${sign}${int}` : `${sign}${int}.${frac.slice(0, d)}`;
}

/** Thousandths as a JSON number (a division of exact integers prints back as the decimal). */
const num = (v: Milli): number => v / 1000;

interface CustomerSeed {
  ids: Record<string, string>;
  entityId: number;
  /** Per program: main points, and promised points waiting for an external trigger. */
  balances: [number, Milli, Milli?][];
  awards?: number[];
}

function customer(seed: CustomerSeed): Customer {
  return {
    ids: seed.ids,
    entityId: seed.entityId,
    balances: new Map(seed.balances.map(([p, main, external = 0]) => [p, { main, delayed: 0, external }])),
    awards: seed.awards ?? [],
  };
}

/** Customers holding what a wrong encoding of a fixture's identifier would find, each with points. */
function decoys(ids: Record<string, string>[], firstEntityId: number, program: number): Customer[] {
  return ids.map((x, i) =>
    customer({ ids: x, entityId: firstEntityId + i, balances: [[program, 1_000 * (i + 1)]] }),
  );
}

/** The event name of org fir's bills: the unlock's body carries it, so any string will do. */
const FIR_EVENT = 'Txn Add/Ü&=#1 +x';

/** A bill of `count` line items whose promised points sit on the lines, on the bill and maybe on a promotion. */
function bill(
  c: Customer,
  billNumber: string,
  eventLogId: number,
  programId: number,
  firstLineId: number,
  count: number,
  codeOf: (i: number) => string,
  pointsOf: (i: number) => Milli,
  billPoints: Milli,
  promotion?: Bill['promotion'],
  eventName = 'TransactionAdd',
): Bill {
  const lines = Array.from({ length: count }, (_, i) => ({
    id: firstLineId + i,
    itemCode: codeOf(i),
    points: pointsOf(i),
  }));
  const b: Bill = {
    customer: c,
    billNumber,
    eventName,
    eventLogId,
    programId,
    billPoints,
    lines,
  };
  if (promotion) b.promotion = promotion;
  const bal = c.balances.get(programId) as Balance;
  bal.delayed += billPoints + lines.reduce((s, l) => s + l.points, 0) + (promotion?.points ?? 0);
  return b;
}

function makeOrgs(options: Cleanroom14Options): Map<string, Org> {
  const drainable = (few: Milli, huge: Milli): Milli =>
    options.drainables === 'zero' ? 0 : options.drainables === 'huge' ? huge : few;
  // Org elm: negative balances off, dual eligibility with mobile primary, programs of 0–3 decimals.
  const jane = customer({
    ids: {
      mobile: '+447700900141',
      email: 'Jane.Doe+loyalty@Example.com',
      externalId: 'Ext 14/ü&α=β#1, ?%20+x',
      id: '9007199254740',
      cuid: 'CU:14+Jane/Ö',
      primaryUserId: 'PU 14/Jane+1',
    },
    entityId: 9007199254740,
    balances: [
      [1403, 9_999_999_999_999, 12_500],
      [1400, 2_000_000_000_000],
      [2147483647, 123_456_789_900],
      [1402, 5_000_000_250],
    ],
    awards: [7140001],
  });
  const zed = customer({
    ids: { mobile: '+447700900142', externalId: 'Zed/Ω 14', email: 'ZED+drain@Example.com' },
    entityId: 1400000002,
    balances: [[1403, drainable(7_125, 9_999_999_999_999)]],
  });
  const ann = customer({
    ids: { mobile: '+447700900143', email: 'Shared+Family@Example.com', externalId: 'Ann & Co' },
    entityId: 1400000003,
    balances: [[1403, 0]],
  });
  const bea = customer({
    ids: { mobile: '+447700900144', email: 'Shared+Family@Example.com', externalId: 'Bea = 2' },
    entityId: 1400000004,
    balances: [[1403, 42_500]],
  });
  // Decoys: what a wrong encoding of the fixtures' identifiers would find.
  const elmDecoys = decoys(
    [
      { mobile: '447700900141' },
      { mobile: ' 447700900141' },
      { email: 'jane.doe+loyalty@example.com' },
      { email: 'Jane.Doe loyalty@Example.com' },
      { email: 'Shared Family@Example.com' },
      { externalId: 'Ext 14/ü' },
      { externalId: 'Ext 14/ü&α=β' },
      { externalId: 'Ext 14/ü&α=β#1 ? x' },
    ],
    1400000100,
    1403,
  );
  const elmPromo = { id: 514, identifier: 'SPRING+14 Ü/&=', name: 'Spring 14 Ü', points: 3_333 };
  const elmBills = [
    bill(
      jane,
      'ELM-14/2026-12-02/STORE:0042/TILL#7/RCPT-000000000000000000000000000014-Ä&ß=1?x+y%20z',
      9007199254740990,
      1403,
      1400000000001,
      32,
      // The same SKU on several lines (bought twice): lines 5 and 6 repeat the last two codes.
      (i) => `SKU#14/${i === 5 ? 31 : i === 6 ? 30 : i}.α&β=1;(v2)`,
      (i) => 1_001 * (i + 1),
      10_500,
      elmPromo,
    ),
    bill(
      bea,
      '00000000000000000000000014',
      1400000002,
      1403,
      1400000001001,
      35,
      (i) => `W/${i}#ü`,
      (i) => 125 * (i + 1),
      0,
      { id: 515, name: 'Welcome 14 (id only)', points: 1_250 },
    ),
    bill(
      ann,
      'SPARE 14 / ü & = # + % — ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ',
      1400000003,
      1403,
      1400000002001,
      30,
      (i) => `S&${i}=1`,
      () => 333,
      1_000,
    ),
    // A bill the profile does not declare: its promised points sit in the same balance.
    bill(
      jane,
      'ELM-14-UNDECLARED/other store',
      1400000009,
      1403,
      1400000009001,
      3,
      (i) => `U${i}`,
      () => 2_222,
      4_444,
    ),
    bill(
      jane,
      'ELM-14-P1400/第二プログラム/9999999999999999999999999999999999999999',
      1400000004,
      1400,
      1400000003001,
      31,
      (i) => `P0:${i}/€`,
      (i) => 1_000 * (i + 2),
      7_000,
    ),
  ];
  const elm: Org = {
    negativeOn: false,
    dualPrimary: 'mobile',
    defaultProgram: 1403,
    programs: new Map([
      [1400, 0],
      [2147483647, 1],
      [1402, 2],
      [1403, 3],
    ]),
    customers: [jane, zed, ann, bea, ...elmDecoys],
    bills: elmBills,
    promotions: [{ id: 514, identifier: 'SPRING+14 Ü/&=', programId: 1403 }],
  };

  // Org fir: negative balances on, no dual eligibility, programs of 0 and 3 decimals.
  const kim = customer({
    ids: {
      mobile: '+15550100141',
      email: 'KIM+Points@Example.org',
      externalId: 'Kunde 7/8 & Co=1#Ä,ö+🎁',
      id: '1410000001',
      cuid: 'cu 14/kim%2B',
      primaryUserId: 'PU+Kim',
    },
    entityId: 1410000001,
    balances: [
      [1410, -250_000, 3_000],
      [1413, -1_234_567],
    ],
    awards: [9007199254740991],
  });
  const lou = customer({
    ids: { mobile: '+15550100142', externalId: ' lou,comma u\u0308 ', email: 'Lou.Comma+1@Example.org' },
    entityId: 1410000002,
    balances: [[1410, drainable(3_000, 9_999_999_999_000)]],
  });
  const firDecoys = decoys(
    [
      { mobile: '15550100141' },
      { externalId: 'Kunde 7/8 ' },
      { externalId: 'Kunde 7/8 & Co=1' },
      { externalId: 'lou' },
    ],
    1410000100,
    1410,
  );
  const firBills = [
    bill(
      kim,
      'FIR-14/RÜCKGABE & TAUSCH=1#xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      1410000001,
      1410,
      9007199254740962,
      30,
      (i) => `K.${i}/ä;b=c&d`,
      (i) => 1_000 * (i + 1),
      5_000,
      { id: 9007199254740990, identifier: 'FIR 14', name: 'Fir Spring', points: 2_000 },
      FIR_EVENT,
    ),
    bill(
      lou,
      'FIR-14-WHOLE-00000000000000000000000000000000000000000000000000',
      9007199254740991,
      1410,
      1410000001001,
      30,
      (i) => `L${i}`,
      () => 1_000,
      0,
      { identifier: 'FIR+WELCOME/Ä', name: 'Fir Welcome (identifier only)', points: 4_000 },
      FIR_EVENT,
    ),
    bill(
      kim,
      'FIR-14-UNDECLARED',
      1410000009,
      1410,
      1410000009001,
      2,
      (i) => `U${i}`,
      () => 5_000,
      1_000,
      undefined,
      FIR_EVENT,
    ),
    bill(
      lou,
      'FIR-14-SPARE/ä ö ü/#&=+%',
      1410000003,
      1410,
      1410000002001,
      30,
      (i) => `SP(${i})`,
      () => 2_000,
      1_000,
      undefined,
      FIR_EVENT,
    ),
    bill(
      kim,
      'FIR-14-P1413/3-decimals/é',
      1410000004,
      1413,
      1410000003001,
      33,
      (i) => `D3/${i}`,
      (i) => 7 * (i + 1),
      999,
      undefined,
      FIR_EVENT,
    ),
  ];
  const fir: Org = {
    negativeOn: true,
    defaultProgram: 1410,
    programs: new Map([
      [1410, 0],
      [1413, 3],
    ]),
    customers: [kim, lou, ...firDecoys],
    bills: firBills,
    promotions: [{ id: 9007199254740990, identifier: 'FIR 14', programId: 1410 }],
  };
  return new Map([
    ['elm', elm],
    ['fir', fir],
  ]);
}

/** A fabric member: available and pending points in thousandths. */
interface Member {
  available: Milli;
  pending: Milli;
}

export async function startCleanroom14Provider(options: Cleanroom14Options): Promise<Cleanroom14Provider> {
  const orgs = makeOrgs(options);
  const basic = new Map<string, { org: string; restricted: boolean }>([
    [`cr14.elm.till:${md5('elm-till-pass')}`, { org: 'elm', restricted: false }],
    [`cr14.elm.viewer:${md5('elm-viewer-pass')}`, { org: 'elm', restricted: true }],
    [`cr14.fir.till:${md5('fir-till-pass')}`, { org: 'fir', restricted: false }],
    [`cr14.fir.viewer:${md5('fir-viewer-pass')}`, { org: 'fir', restricted: true }],
  ]);
  const apps = new Map([
    ['cr14-elm-app:elm-app-secret', 'elm'],
    ['cr14-fir-app:fir-app-secret', 'fir'],
  ]);
  const tokens = new Map<string, string>();
  const fabricToken = 'cr14-fabric-token';
  // The document types profileId as a string; this one needs percent-encoding in the inquiry's path.
  const profileId = 'Mbr 14/ü+&=#?%';
  const members = new Map<string, Member>([[profileId, { available: 9_999_999_999_500, pending: 0 }]]);

  function send(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  function authOrg(req: IncomingMessage, deduction: boolean): Org {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') {
      const org = tokens.get(token);
      if (!org) throw new ApiError(401, 'Invalid or expired token', 401);
      return orgs.get(org) as Org;
    }
    const m = /^Basic +([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
    if (!m) throw new ApiError(401, 'Authentication failed', 401);
    const who = basic.get(Buffer.from(m[1] as string, 'base64').toString('utf8'));
    if (!who) throw new ApiError(401, 'Authentication failed', 401);
    if (who.restricted && deduction) throw new ApiError(4000, 'No access to the Points access group', 403);
    return orgs.get(who.org) as Org;
  }

  function byExact(org: Org, name: string, value: string): Customer {
    const found = org.customers.filter((c) => c.ids[name] === value);
    if (found.length !== 1) throw NOT_FOUND();
    return found[0] as Customer;
  }

  /**
   * One identifier, or (dual eligibility) comma-separated names and values resolved through the
   * primary. `loneMustBePrimary`: a lone identifier other than the primary is 8015 (balance page).
   */
  function lookup(org: Org, q: URLSearchParams, allowed: string[], loneMustBePrimary: boolean): Customer {
    const rawNames = q.get('identifierName') ?? '';
    const value = q.get('identifierValue') ?? '';
    const names = org.dualPrimary ? rawNames.split(',') : [rawNames];
    for (const n of names)
      if (!allowed.includes(n)) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (value === '') throw NOT_FOUND();
    if (names.length === 1) {
      if (loneMustBePrimary && org.dualPrimary && names[0] !== org.dualPrimary) throw NOT_FOUND();
      return byExact(org, names[0] as string, value);
    }
    const values = value.split(',');
    const i = names.indexOf(org.dualPrimary as string);
    if (values.length !== names.length || i < 0) throw NOT_FOUND();
    return byExact(org, names[i] as string, values[i] as string);
  }

  /** A deduction's amount in thousandths, with its decimal places; throws on an invalid one. */
  function amountOf(raw: unknown): { milli: Milli; places: number } {
    let text: string;
    if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
    else if (typeof raw === 'string' && /^[-+]?\d+(\.\d+)?$/.test(raw)) text = raw;
    else if (raw === undefined || raw === null || raw === '')
      throw new ApiError(8889, 'pointsToBeAdjusted is required');
    else throw new ApiError(8890, 'pointsToBeAdjusted must be a number');
    const value = Number(text);
    if (value === 0) throw new ApiError(8888, 'Points cannot be zero');
    if (value < 0) throw new ApiError(8891, 'pointsToBeAdjusted should be greater than 0');
    const places = placesOf(text);
    const milli = Math.round(value * 1000);
    if (!Number.isSafeInteger(milli)) throw new ApiError(8892, 'pointsToBeAdjusted is too large');
    return { milli, places };
  }

  const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v);
  const given = (v: unknown): boolean => v !== undefined && v !== null;

  function deduct(org: Org, q: URLSearchParams, b: Record<string, unknown>) {
    const source = q.get('source');
    if (!q.get('identifierName')) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (!source || !NPA_SOURCES.includes(source)) throw new ApiError(8003, 'Invalid source');
    const c = lookup(org, q, ['externalId', 'mobile'], options.loneSecondary === 'everywhere');
    const { milli, places } = amountOf(b.pointsToBeAdjusted);
    if (typeof b.reasonOfReturn !== 'string' || b.reasonOfReturn.trim() === '')
      throw new ApiError(8882, 'reasonOfReturn is required');
    if (b.reasonOfReturn.length > 50) throw new ApiError(8883, 'reasonOfReturn is limited to 50 characters');
    for (const k of ['programId', 'pointsAwardedId', 'promotionId'])
      if (given(b[k]) && !isInt(b[k])) throw new ApiError(8884, `${k} must be an integer`);
    if (
      given(b.promotionIdentifier) &&
      (typeof b.promotionIdentifier !== 'string' || b.promotionIdentifier === '')
    )
      throw new ApiError(8874, 'Invalid promotionIdentifier');
    if (given(b.promotionId) && given(b.promotionIdentifier))
      throw new ApiError(8885, 'promotionId and promotionIdentifier cannot be passed together');
    if (given(b.promotionIdentifier) && !given(b.programId))
      throw new ApiError(8887, 'programId is required with promotionIdentifier');
    if (given(b.pointsAwardedRefType) && !REF_TYPES.includes(b.pointsAwardedRefType as string))
      throw new ApiError(9975, 'Invalid pointsAwardedRefType');
    const program = given(b.programId) ? (b.programId as number) : org.defaultProgram;
    const bal = c.balances.get(program);
    const decimals = org.programs.get(program);
    if (decimals === undefined || !bal)
      throw new ApiError(1218, `Customer is not enrolled in program ${program}`, 422);
    if (
      given(b.promotionId) &&
      !org.promotions.some((p) => p.id === b.promotionId && p.programId === program)
    )
      throw new ApiError(8874, 'Invalid promotion id');
    if (
      given(b.promotionIdentifier) &&
      !org.promotions.some((p) => p.identifier === b.promotionIdentifier && p.programId === program)
    )
      throw new ApiError(8874, 'Invalid promotion identifier');
    if (given(b.pointsAwardedId) && !c.awards.includes(b.pointsAwardedId as number))
      throw new ApiError(8877, 'Invalid pointsAwardedId');
    if (places > decimals)
      throw new ApiError(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
        422,
      );
    if (!org.negativeOn && milli > bal.main)
      throw new ApiError(
        8907,
        `points to be deducted ${fixed(milli, 3)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        422,
      );
    bal.main -= milli;
    return {
      status: 'success',
      pointsAvailable: options.pointsAvailableForm === 'number' ? num(bal.main) : fixed(bal.main, 3),
      message: 'points deducted successfully for the user ',
      warnings: [],
    };
  }

  function balance(org: Org, q: URLSearchParams) {
    const source = q.get('source');
    if (!source || !BALANCE_SOURCES.includes(source)) throw new ApiError(8003, 'Invalid source');
    const c = lookup(org, q, ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'], true);
    const all = q.get('fetchDataForAllPrograms');
    if (all !== null && all !== 'true' && all !== 'false')
      throw new ApiError(8893, 'fetchDataForAllPrograms must be true or false');
    const pid = q.get('programId');
    if (pid !== null && pid !== '' && !/^\d{1,15}$/.test(pid)) throw new ApiError(8894, 'Invalid programId');
    let picked: Balance[];
    if (all === 'true') picked = [...c.balances.values()];
    else {
      const program = pid ? Number(pid) : org.defaultProgram;
      if (!org.programs.has(program)) throw new ApiError(8894, 'Invalid programId');
      const bal = c.balances.get(program);
      picked = bal ? [bal] : [];
    }
    const main = picked.reduce((s, x) => s + x.main, 0);
    const delayed = picked.reduce((s, x) => s + x.delayed, 0);
    const external = picked.reduce((s, x) => s + x.external, 0);
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

  function unlock(org: Org, q: URLSearchParams, b: Record<string, unknown>) {
    const source = q.get('source');
    if (!q.get('identifierName') || !q.get('identifierValue') || !source)
      throw new ApiError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    if (!UPP_SOURCES.includes(source)) throw new ApiError(8003, 'Invalid source');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') throw new ApiError(1645, 'Group details passed are not valid.');
    if (type !== 'CUSTOMER') throw new ApiError(82323276, 'Entity type invalid.');
    const c = lookup(
      org,
      q,
      ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'],
      options.loneSecondary === 'everywhere',
    );
    const billNumber = typeof b.billNumber === 'number' ? String(b.billNumber) : b.billNumber;
    if (billNumber === undefined || billNumber === null || billNumber === '')
      throw new ApiError(82323271, 'Bill number missing.');
    if (typeof billNumber !== 'string') throw new ApiError(82323290, 'billNumber must be a string');
    if (typeof b.eventName !== 'string' || b.eventName === '')
      throw new ApiError(82323272, 'Event name not found.');
    const logIds =
      b.eventLogId === undefined || b.eventLogId === null
        ? []
        : Array.isArray(b.eventLogId)
          ? b.eventLogId
          : [b.eventLogId];
    if (!logIds.every((x) => isInt(x) || (typeof x === 'string' && /^\d{1,15}$/.test(x))))
      throw new ApiError(82323291, 'eventLogId must hold integers');
    const lineItemIds = b.lineItemIds ?? [];
    const itemCodes = b.itemCodes ?? [];
    if (!Array.isArray(lineItemIds) || !lineItemIds.every(isInt))
      throw new ApiError(82323292, 'lineItemIds must be a list of integers');
    if (!Array.isArray(itemCodes) || !itemCodes.every((x) => typeof x === 'string'))
      throw new ApiError(82323293, 'itemCodes must be a list of strings');
    if (given(b.billDate) && (typeof b.billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.billDate)))
      throw new ApiError(82323294, 'billDate must be YYYY-MM-DD');
    for (const k of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
      if (given(b[k]) && !isInt(b[k])) throw new ApiError(82323295, `${k} must be an integer`);
    const found = org.bills.find((x) => x.billNumber === billNumber && x.customer === c);
    if (!found) throw new ApiError(82323277, 'No bill found for given bill number.', 404);
    if (b.eventName !== found.eventName) throw new ApiError(82323272, 'Event name not found.');
    if (logIds.some((x) => Number(x) !== found.eventLogId))
      throw new ApiError(3918, 'Error unlocking points: no eventLog found for given eventLogId.', 404);
    const filtered = lineItemIds.length > 0 || itemCodes.length > 0;
    const byId = (l: Line) => (lineItemIds as number[]).includes(l.id);
    const byCode = (l: Line) => (itemCodes as string[]).includes(l.itemCode);
    const chosen = !filtered
      ? found.lines
      : found.lines.filter((l) =>
          lineItemIds.length > 0 && itemCodes.length > 0
            ? options.lineFilter === 'intersection'
              ? byId(l) && byCode(l)
              : byId(l) || byCode(l)
            : lineItemIds.length > 0
              ? byId(l)
              : byCode(l),
        );
    const out: Record<string, unknown>[] = [];
    let moved = 0;
    const pts = (v: Milli) => fixed(v, 3);
    if (!filtered && found.billPoints > 0) {
      out.push({
        billNumber: found.billNumber,
        pointsUnlocked: pts(found.billPoints),
        programId: found.programId,
      });
      moved += found.billPoints;
      found.billPoints = 0;
    }
    for (const l of chosen) {
      if (l.points === 0) continue;
      out.push({
        billNumber: found.billNumber,
        itemCode: l.itemCode,
        pointsUnlocked: pts(l.points),
        programId: found.programId,
      });
      moved += l.points;
      l.points = 0;
    }
    const promo = found.promotion;
    if (!filtered && promo && promo.points > 0) {
      out.push({
        pointsUnlocked: pts(promo.points),
        programId: found.programId,
        ...(promo.identifier === undefined ? {} : { promotionIdentifier: promo.identifier }),
        ...(promo.id === undefined ? {} : { promotionId: promo.id }),
        promotionName: promo.name,
      });
      moved += promo.points;
      promo.points = 0;
    }
    if (moved === 0) throw new ApiError(82323282, 'No promise points found to unlock.', 422);
    const bal = found.customer.balances.get(found.programId) as Balance;
    bal.delayed -= moved;
    bal.main += moved;
    return { pointsUnlocked: out, warnings: [] };
  }

  function fabric(req: IncomingMessage, rawPath: string, body: unknown, badJson: boolean): [number, unknown] {
    const refuse = (status: number, message: string, errors: Record<string, string>): [number, unknown] => [
      status,
      { message, errors, data: null, status },
    ];
    if (req.headers.authorization !== `Bearer ${fabricToken}`)
      return refuse(401, 'Unauthorized', { authorization: 'A valid Bearer token is required' });
    const inquiry = /^\/api\/v1\/inquire\/([^/]*)\/member-points$/.exec(rawPath);
    if (inquiry && options.memberInquiry) {
      if (req.method !== 'GET') return refuse(405, 'Method not allowed', { method: 'GET only' });
      let id: string;
      try {
        id = decodeURIComponent(inquiry[1] as string);
      } catch {
        return refuse(400, 'Invalid profileId', { profileId: 'Malformed percent-encoding' });
      }
      const m = members.get(id);
      if (!m) return refuse(404, 'Member not found', { profileId: 'No member has this profileId' });
      return [
        200,
        {
          message: 'Member points',
          errors: {},
          data: [
            {
              pointsBalance: { memberPointsAvailable: num(m.available), memberPointsPending: num(m.pending) },
            },
          ],
          status: 200,
        },
      ];
    }
    if (rawPath !== '/api/v1/members/points-adjustment') return refuse(404, 'Not found', { path: rawPath });
    if (req.method !== 'POST') return refuse(405, 'Method not allowed', { method: 'POST only' });
    if (badJson || typeof body !== 'object' || body === null || Array.isArray(body))
      return refuse(400, 'Invalid request body', { body: 'A JSON object is required' });
    const b = body as Record<string, unknown>;
    if (typeof b.points !== 'number' || !Number.isFinite(b.points))
      return refuse(400, 'Invalid points', { points: 'points is a required number' });
    if (b.points === 0) return refuse(400, 'Invalid points', { points: 'points cannot be zero' });
    if (placesOf(String(b.points)) > 3)
      return refuse(400, 'Invalid points', { points: 'at most 3 decimals' });
    for (const k of ['pointType', 'billingEntity', 'reasonCode'])
      if (given(b[k]) && (typeof b[k] !== 'string' || b[k] === ''))
        return refuse(400, `Invalid ${k}`, { [k]: 'a non-empty string or null' });
    if (given(b.setToPending) && typeof b.setToPending !== 'boolean')
      return refuse(400, 'Invalid setToPending', { setToPending: 'a boolean' });
    if (typeof b.profileId !== 'string' || b.profileId === '')
      return refuse(400, 'Invalid profileId', { profileId: 'profileId is required' });
    const m = members.get(b.profileId);
    if (!m) return refuse(404, 'Member not found', { profileId: 'No member has this profileId' });
    const milli = Math.round(b.points * 1000);
    if (!Number.isSafeInteger(milli)) return refuse(400, 'Invalid points', { points: 'too large' });
    const pending = b.setToPending === true && milli > 0;
    if (pending) m.pending += milli;
    else m.available += milli;
    const magnitude = fixed(Math.abs(milli), 3).replace(/0+$/, '').replace(/\.$/, '.0');
    return [
      200,
      {
        message: 'Member points adjusted',
        errors: {},
        data: {
          Message: `${magnitude} points ${milli > 0 ? 'added' : 'deducted'}${pending ? ' (pending)' : ''}`,
          futureDate: false,
          ExceptionString: '',
          transactionCode: randomUUID(),
        },
        status: 200,
      },
    ];
  }

  const capError = (e: ApiError) => ({
    errors: [{ status: false, code: e.code, message: e.message }],
    warnings: [],
  });

  function capillary(
    req: IncomingMessage,
    path: string,
    q: URLSearchParams,
    body: unknown,
    badJson: boolean,
  ) {
    if (path === '/v3/oauth/token/generate') {
      const b = (body ?? {}) as Record<string, unknown>;
      const org = req.method === 'POST' ? apps.get(`${String(b.key)}:${String(b.secret)}`) : undefined;
      if (!org) throw new ApiError(401, 'Invalid key or secret', 401);
      const token = randomUUID();
      tokens.set(token, org);
      return { data: { accessToken: token, ttlSeconds: 3600 }, errors: null };
    }
    const routes: Record<string, string> = {
      '/v2/customers/lookup/negativePointsAdjustment': 'POST',
      '/v2/customers/lookup/points/balance': 'GET',
      '/v2/points/unlockPromisedPoints': 'POST',
    };
    const method = routes[path];
    if (!method) throw new ApiError(404, 'Resource not found', 404);
    const org = authOrg(req, path === '/v2/customers/lookup/negativePointsAdjustment');
    if (req.method !== method) throw new ApiError(405, 'Method not allowed', 405);
    if (method === 'GET') return balance(org, q);
    if (badJson || typeof body !== 'object' || body === null || Array.isArray(body))
      throw new ApiError(400, 'Invalid JSON body', 400);
    const b = body as Record<string, unknown>;
    return path === '/v2/points/unlockPromisedPoints' ? unlock(org, q, b) : deduct(org, q, b);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = req.url ?? '/';
      const cut = raw.indexOf('?');
      const rawPath = cut < 0 ? raw : raw.slice(0, cut);
      // WHATWG URL query decoding: `+` is a space, percent escapes are UTF-8.
      const q = new URLSearchParams(cut < 0 ? '' : raw.slice(cut + 1));
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
      if (rawPath.startsWith('/api/')) {
        const [status, out] = fabric(req, rawPath, body, badJson);
        send(res, status, out);
        return;
      }
      try {
        send(res, 200, capillary(req, rawPath, q, body, badJson));
      } catch (e) {
        if (e instanceof ApiError) send(res, e.status, capError(e));
        else send(res, 500, capError(new ApiError(500, 'Internal error', 500)));
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
