import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * The tenth clean-room provider, written from the four documents and DESIGN.md alone: a thin API
 * gateway in front of a legacy core. Its data and HTTP forms are unusual but allowed: identifiers
 * that need URL encoding, bill numbers and item codes with dashes, slashes and non-ASCII letters,
 * amounts kept as exact decimals (0.1 + 0.2 is 0.3, billions stay exact), large program ids,
 * German error messages, JSON pretty-printed with tabs, CRLF and spaces around colons and keys in
 * an unusual order, `application/json;charset=UTF-8`, Vary/Server/Via headers, trailing slashes,
 * and empty `warnings` left out where the tables do not list them.
 */
export interface Cleanroom10Options {
  /** Serve GET /api/v1/inquire/{profileId}/member-points (default true). */
  readonly memberInquiry?: boolean;
  /** Put `warnings: []` in the balance and unlock answers too (default false). */
  readonly warningsEverywhere?: boolean;
  /** Tens of billions in the main program instead of billions. */
  readonly hugeBalances?: boolean;
  /** Bodies gzip-encoded (the client sends no Accept-Encoding: any coding is acceptable) and chunked. */
  readonly gzipChunked?: boolean;
  /** Balance figures written with the program's decimals (`19.30`), unlock lines as JSON numbers. */
  readonly paddedNumbers?: boolean;
  /** Strings written the way PHP's json_encode does: `\/` and `\uXXXX` for every non-ASCII letter. */
  readonly escapedStrings?: boolean;
  /** No `warnings` in a deduction's answer either (the table says "Warnings (if any)"). */
  readonly noWarnings?: boolean;
  /** Every answer closes its connection (`Connection: close`). */
  readonly connectionClose?: boolean;
  /** Balance figures written as Java's BigDecimal.stripTrailingZeros() does (30 as 3E+1). */
  readonly javaNumbers?: boolean;
  /** The fabric member holds 987654321098.7 points. */
  readonly hugeMember?: boolean;
  /** Successful Capillary answers carry one warning of the legacy core. */
  readonly legacyWarning?: boolean;
  /** The gateway answers a path it does not route with its own HTML 404 page. */
  readonly htmlNotFound?: boolean;
  /** The line-item bill's promised points lie in all three of the customer's programs. */
  readonly programsPerLine?: boolean;
}

function quote(s: string, escaped: boolean): string {
  const json = JSON.stringify(s);
  if (!escaped) return json;
  return json
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface Cleanroom10Provider {
  readonly url: string;
  close(): Promise<void>;
}

// ---------- exact decimals: BigInt scaled by 10^6 ----------
const SCALE = 6;
const ONE = 10n ** BigInt(SCALE);

function parseDecimal(text: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const frac = (m[3] ?? '').padEnd(SCALE, '0');
  if (frac.length > SCALE && /[1-9]/.test(frac.slice(SCALE))) return undefined;
  const v = BigInt(m[2] as string) * ONE + BigInt(frac.slice(0, SCALE) || '0');
  return m[1] ? -v : v;
}

/** Significant decimal places of a decimal text (trailing zeros do not count). */
function decimalPlaces(text: string): number {
  const m = /\.(\d+)$/.exec(text.trim());
  return m ? (m[1] as string).replace(/0+$/, '').length : 0;
}

function formatDecimal(v: bigint, places?: number): string {
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = a / ONE;
  let frac = (a % ONE).toString().padStart(SCALE, '0');
  if (places === undefined) frac = frac.replace(/0+$/, '');
  else frac = frac.slice(0, places);
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/**
 * A whole number as Java's BigDecimal.stripTrailingZeros().toString() writes it: 2500000000 is
 * 2.5E+9, 30 is 3E+1 (a valid JSON number); a number with decimals, or without trailing zeros, as is.
 */
function javaStripped(text: string): string {
  const m = /^(-?)(\d+)$/.exec(text);
  if (!m || /^0$/.test(m[2] as string) || !(m[2] as string).endsWith('0')) return text;
  const digits = (m[2] as string).replace(/0+$/, '');
  const exponent = (m[2] as string).length - 1;
  return `${m[1]}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}E+${exponent}`;
}

/** A JSON number written from an exact decimal (its text is the decimal, never a float sum). */
class Num {
  constructor(readonly text: string) {}
}

// ---------- unusual JSON writer ----------
function write(value: unknown, escaped: boolean, depth = 0): string {
  const pad = '\t'.repeat(depth + 1);
  const end = '\t'.repeat(depth);
  if (value instanceof Num) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quote(value, escaped);
  if (typeof value === 'boolean' || typeof value === 'number') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[ ]';
    return `[\r\n${value.map((v) => pad + write(v, escaped, depth + 1)).join(' ,\r\n')}\r\n${end}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{ }';
  return `{\r\n${entries.map(([k, v]) => `${pad}${quote(k, escaped)} :  ${write(v, escaped, depth + 1)}`).join(' ,\r\n')}\r\n${end}}`;
}

/** The gateway's own page for a route it does not know. */
function gatewayPage(res: ServerResponse, status: number, title: string): undefined {
  const html = `<html>\r\n<head><title>${status} ${title}</title></head>\r\n<body>\r\n<center><h1>${status} ${title}</h1></center>\r\n<hr><center>gateway</center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, {
    'Content-Type': 'text/html',
    'Content-Length': Buffer.byteLength(html),
    Server: 'gateway',
  });
  res.end(html);
  return undefined;
}

/** How a response is written: set on each response by the provider's options. */
type Shaped = ServerResponse & { form?: { gzipChunked: boolean; escapedStrings: boolean } };

function send(res: ServerResponse, status: number, body: unknown): undefined {
  const form = (res as Shaped).form;
  const text = `\r\n${write(body, form?.escapedStrings === true)}\r\n\r\n`;
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json;charset=UTF-8',
    Vary: 'Accept-Encoding, Authorization, X-CAP-API-OAUTH-TOKEN',
    Server: 'LegacyCore/7.3 (gateway)',
    Via: '1.1 loyalty-gw.internal (Gateway/2.4)',
  };
  if (!form?.gzipChunked) {
    res.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return undefined;
  }
  const zipped = gzipSync(Buffer.from(text, 'utf8'));
  res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', 'Transfer-Encoding': 'chunked' });
  const half = Math.floor(zipped.length / 2);
  res.write(zipped.subarray(0, half));
  res.end(zipped.subarray(half));
}

// ---------- the org data ----------
type IdName = 'mobile' | 'email' | 'externalId' | 'id' | 'cuid' | 'primaryUserId';

interface Wallet {
  main: bigint;
  delayed: bigint;
  external: bigint;
}

interface Customer {
  readonly identifiers: Partial<Record<IdName, string>>;
  readonly wallets: Map<number, Wallet>;
}

interface BillLine {
  readonly program: number;
  readonly points: bigint;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

interface Bill {
  readonly customer: string;
  readonly billNumber: string;
  readonly eventName: string;
  readonly eventLogId?: number;
  readonly lines: BillLine[];
}

interface Org {
  readonly till: { username: string; password: string };
  readonly restricted?: { username: string; password: string };
  readonly oauth: { key: string; secret: string };
  readonly negativeOn: boolean;
  readonly defaultProgram: number;
  readonly programs: Map<number, number>; // id → round decimals
  readonly primary?: IdName;
  readonly customers: Map<string, Customer>;
  readonly bills: Bill[];
  readonly promotions: { id: number; identifier: string; programId: number }[];
  readonly awards: Map<number, string>; // pointsAwardedId → customer
}

const P_MAIN = 4294967311;
const P_SECOND = 9007199254741;
const P_OPEN = 2147483659;
/** A program of org `gw` whose round decimals the profile leaves out (unknown). */
const P_THIRD = 4294967297;

const d = (s: string) => parseDecimal(s) as bigint;
const wallet = (main: string, delayed = '0', external = '0'): Wallet => ({
  main: d(main),
  delayed: d(delayed),
  external: d(external),
});

function line(
  program: number,
  points: string,
  extra: Partial<Omit<BillLine, 'program' | 'points' | 'unlocked'>> = {},
): BillLine {
  return { program, points: d(points), ...extra, unlocked: false };
}

function freshOrgs(options: Cleanroom10Options): Org[] {
  const gw: Org = {
    till: { username: 'gw.till/01', password: 'Kasse+Passwort%1' },
    restricted: { username: 'gw.viewer', password: 'nur-lesen' },
    oauth: { key: 'gw-app key', secret: 's3cr&t+ü' },
    negativeOn: false,
    defaultProgram: P_MAIN,
    programs: new Map([
      [P_MAIN, 2],
      [P_SECOND, 3],
      [P_THIRD, 1],
    ]),
    primary: 'externalId',
    customers: new Map<string, Customer>([
      [
        'zoe',
        {
          identifiers: {
            email: 'zoë+pts%25&co@exämple.test',
            mobile: '+447700900101',
            externalId: 'EXT 1001/α',
            id: '9007199254001',
            cuid: 'CU/ä 1',
          },
          wallets: new Map([
            [P_MAIN, wallet(options.hugeBalances ? '987654321098.76' : '2500000000.10', '0.1', '19.3')],
            [
              P_SECOND,
              wallet(
                options.hugeBalances ? '987654321098.765' : '1234.567',
                '0.2',
                options.programsPerLine ? '0.425' : '0.1',
              ),
            ],
            [P_THIRD, wallet('77.7', '0.3', '1.2')],
          ]),
        },
      ],
      [
        'bob',
        {
          identifiers: {
            email: 'geteilt+ü@exämple.test',
            mobile: '+447700900102',
            externalId: 'EXT 1002/β',
            id: '1234567890123456789',
          },
          wallets: new Map([[P_MAIN, wallet('100.25', '0.1', '7.2')]]),
        },
      ],
      [
        'carol',
        {
          identifiers: {
            email: 'geteilt+ü@exämple.test',
            mobile: '+447700900103',
            externalId: 'EXT 1003/γ',
            id: '1234567890123456788',
          },
          wallets: new Map([[P_MAIN, wallet('50', '5.6', '4.4')]]),
        },
      ],
      [
        'dave',
        {
          identifiers: { mobile: '+447700900104', externalId: 'EXT 1004/δ & co' },
          wallets: new Map([[P_MAIN, wallet('30.3')]]),
        },
      ],
    ]),
    bills: [
      {
        customer: 'zoe',
        billNumber: 'B-2026/äö-1',
        eventName: 'TransactionAdd',
        eventLogId: 9007199254001,
        lines: [
          line(P_MAIN, '5.5'),
          line(P_MAIN, '10.1', { lineItemId: 9001, itemCode: 'SKU-ä/1' }),
          line(options.programsPerLine ? P_SECOND : P_MAIN, '0.2', {
            lineItemId: 9002,
            itemCode: 'SKU-ü/2 – blau',
          }),
          ...(options.programsPerLine ? [line(P_SECOND, '0.125')] : []),
          ...(options.programsPerLine ? [line(P_THIRD, '0.4')] : []),
          line(P_MAIN, '3.3', { promotion: { id: 5001, identifier: 'PROMO/été-2026', name: 'Été 2026' } }),
        ],
      },
      { customer: 'bob', billNumber: 'B 2/ü', eventName: 'TransactionAdd', lines: [line(P_MAIN, '7.1')] },
      {
        customer: 'carol',
        billNumber: 'B-3–spare',
        eventName: 'TransactionAdd',
        lines: [line(P_MAIN, '4.4')],
      },
    ],
    promotions: [{ id: 5001, identifier: 'PROMO/été-2026', programId: P_MAIN }],
    awards: new Map([
      [70001, 'zoe'],
      [70002, 'bob'],
    ]),
  };
  const open: Org = {
    till: { username: 'open.till', password: 'offen 2' },
    oauth: { key: 'open-app', secret: 'geheim/2' },
    negativeOn: true,
    defaultProgram: P_OPEN,
    programs: new Map([[P_OPEN, 2]]),
    customers: new Map<string, Customer>([
      [
        'erin',
        {
          identifiers: { mobile: '+15550000201', externalId: 'OPEN 201/ß', email: 'erin+1@öffen.test' },
          wallets: new Map([[P_OPEN, wallet('0.3', '0.1', '3.2')]]),
        },
      ],
      [
        'frank',
        {
          identifiers: { externalId: 'OPEN 202/ß, Filiale 7' },
          wallets: new Map([[P_OPEN, wallet('12.5', '0', '2.5')]]),
        },
      ],
    ]),
    bills: [
      {
        customer: 'erin',
        billNumber: 'O-1/ß',
        eventName: 'TransactionAdd',
        eventLogId: 880101,
        lines: [
          line(P_OPEN, '1.1'),
          line(P_OPEN, '1.0', { lineItemId: 9301, itemCode: 'art-1' }),
          line(P_OPEN, '1.1', { lineItemId: 9302, itemCode: 'art/2' }),
        ],
      },
      { customer: 'frank', billNumber: 'O-2/ß', eventName: 'TransactionAdd', lines: [line(P_OPEN, '2.5')] },
    ],
    promotions: [],
    awards: new Map(),
  };
  return [gw, open];
}

// ---------- errors ----------
const MESSAGES: Record<number, string> = {
  401: 'Authentifizierung fehlgeschlagen',
  4000: 'Keine Berechtigung für diese Ressource',
  1218: 'Kunde ist nicht im Programm eingeschrieben',
  1645: 'Die übergebenen Gruppendetails sind ungültig',
  3918: 'Fehler beim Freischalten: kein Ereignisprotokoll für die eventLogId',
  8003: 'Ungültige Quelle',
  8013: 'Suche: ungültige Kennung übergeben',
  8015: 'Kunde für die angegebenen Kennungen nicht gefunden',
  8874: 'Ungültige Aktions-ID',
  8877: 'Ungültige pointsAwardedId',
  8882: 'Grund fehlt',
  8883: 'Grund ist länger als 50 Zeichen',
  8884: 'Punkte müssen größer als null sein',
  8885: 'promotionId und promotionIdentifier dürfen nicht beide gesetzt sein',
  8886: 'Ungültige Eingabe',
  8887: 'promotionIdentifier verlangt eine programId',
  8888: 'Punkte dürfen nicht null sein',
  8906: 'Zu viele Dezimalstellen für das Programm',
  8907: 'Abzuziehende Punkte übersteigen die verfügbaren Punkte',
  9975: 'Ungültiger pointsAwardedRefType',
  82323271: 'Rechnungsnummer fehlt',
  82323272: 'Ereignisname nicht gefunden',
  82323276: 'Entitätstyp ungültig',
  82323277: 'Keine Rechnung zur Rechnungsnummer gefunden',
  82323282: 'Keine zugesagten Punkte zum Freischalten gefunden',
  82323284: 'identifierName, identifierValue oder source dürfen nicht leer sein',
};

const STATUS: Record<number, number> = {
  401: 401,
  4000: 403,
  8015: 404,
  82323277: 404,
  3918: 404,
  8907: 422,
  8906: 422,
  1218: 422,
  82323282: 409,
};

const LEGACY_WARNING = { code: 9001, status: false, message: 'Altsystem: Antwort aus dem Zwischenspeicher' };

class CapError extends Error {
  constructor(readonly code: number) {
    super(MESSAGES[code] ?? 'Fehler');
  }
}

function sendCapError(res: ServerResponse, code: number): undefined {
  send(res, STATUS[code] ?? 400, {
    warnings: [],
    errors: [{ message: MESSAGES[code] ?? 'Fehler', code, status: false }],
  });
}

// ---------- request helpers ----------
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

function capAuth(
  orgs: Org[],
  tokens: Map<string, Org>,
  req: IncomingMessage,
): { org: Org; restricted: boolean } {
  const token = req.headers['x-cap-api-oauth-token'];
  if (typeof token === 'string' && token) {
    const org = tokens.get(token);
    if (!org) throw new CapError(401);
    return { org, restricted: false };
  }
  const auth = req.headers.authorization ?? '';
  const m = /^Basic\s+(\S+)$/i.exec(auth);
  if (!m) throw new CapError(401);
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.lastIndexOf(':');
  if (colon < 0) throw new CapError(401);
  const user = decoded.slice(0, colon);
  const hash = decoded.slice(colon + 1).toLowerCase();
  for (const org of orgs) {
    if (org.till.username === user && md5(org.till.password) === hash) return { org, restricted: false };
    if (org.restricted && org.restricted.username === user && md5(org.restricted.password) === hash)
      return { org, restricted: true };
  }
  throw new CapError(401);
}

// The documents' lists of sources: the deduction's (INSTORE listed twice there) and the unlock's.
const NPA_SOURCES = new Set(
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' '),
);
const UNLOCK_SOURCES = new Set(
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' '),
);
const ID_NAMES = new Set<IdName>(['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId']);

function findBy(org: Org, name: IdName, value: string): string[] {
  return [...org.customers].filter(([, c]) => c.identifiers[name] === value).map(([key]) => key);
}

/** Looks a customer up; `dual` applies the balance page's multiple-identifier rules. */
function lookup(org: Org, q: URLSearchParams, allowed: Set<IdName>, dual: boolean): string {
  // Only an org with dual eligibility reads comma-separated lists; elsewhere a value is taken
  // whole (an externalId may hold a comma).
  const split = (text: string) => (org.primary ? text.split(',').map((s) => s.trim()) : [text]);
  const names = split(q.get('identifierName') ?? '');
  const values = split(q.get('identifierValue') ?? '');
  for (const n of names) if (!allowed.has(n as IdName)) throw new CapError(8013);
  if (names.length !== values.length) throw new CapError(8015);
  if (dual && org.primary) {
    const at = names.indexOf(org.primary);
    if (at < 0) {
      // Without the primary identifier only a lone identifier of one customer may still decide
      // when the org has no dual eligibility; with it on, this is 8015.
      throw new CapError(8015);
    }
    const found = findBy(org, org.primary, values[at] as string);
    if (found.length !== 1) throw new CapError(8015);
    return found[0] as string;
  }
  if (names.length !== 1) throw new CapError(8015);
  const found = findBy(org, names[0] as IdName, values[0] as string);
  if (found.length !== 1) throw new CapError(8015);
  return found[0] as string;
}

/** The request body as a JSON object; anything else is invalid input (8886). */
function jsonObject(raw: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new CapError(8886);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new CapError(8886);
  return body as Record<string, unknown>;
}

function asInteger(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

// ---------- endpoints ----------
function negativePointsAdjustment(
  org: Org,
  q: URLSearchParams,
  raw: string,
  noWarnings: boolean,
  warnings: unknown[] = [],
): unknown {
  const source = q.get('source');
  if (!q.get('identifierName')) throw new CapError(8013);
  if (!q.get('identifierValue')) throw new CapError(8015);
  if (!source || !NPA_SOURCES.has(source)) throw new CapError(8003);
  const body = jsonObject(raw);
  const key = lookup(org, q, new Set<IdName>(['externalId', 'mobile', 'email', 'id', 'cuid']), false);
  const customer = org.customers.get(key) as Customer;

  const rawPoints = body.pointsToBeAdjusted;
  const pointsText =
    typeof rawPoints === 'number' && Number.isFinite(rawPoints)
      ? String(rawPoints)
      : typeof rawPoints === 'string'
        ? rawPoints
        : undefined;
  if (pointsText === undefined) throw new CapError(8886);
  const points = /e/i.test(pointsText) ? undefined : parseDecimal(pointsText);
  if (points === undefined) throw new CapError(8886);
  if (points === 0n) throw new CapError(8888);
  if (points < 0n) throw new CapError(8884);

  const reason = body.reasonOfReturn;
  if (typeof reason !== 'string' || reason.trim() === '') throw new CapError(8882);
  if ([...reason].length > 50) throw new CapError(8883);

  let programId: number | undefined;
  if (body.programId !== undefined && body.programId !== null) {
    programId = asInteger(body.programId);
    if (programId === undefined) throw new CapError(8886);
  }
  const hasPromoId = body.promotionId !== undefined && body.promotionId !== null;
  const hasPromoIdent = body.promotionIdentifier !== undefined && body.promotionIdentifier !== null;
  if (hasPromoId && hasPromoIdent) throw new CapError(8885);
  if (hasPromoIdent && programId === undefined) throw new CapError(8887);
  const program = programId ?? org.defaultProgram;
  if (!org.programs.has(program) || !customer.wallets.has(program)) throw new CapError(1218);
  if (hasPromoId) {
    const id = asInteger(body.promotionId);
    if (!org.promotions.some((p) => p.id === id && p.programId === program)) throw new CapError(8874);
  }
  if (hasPromoIdent) {
    if (!org.promotions.some((p) => p.identifier === body.promotionIdentifier && p.programId === program))
      throw new CapError(8874);
  }
  if (body.pointsAwardedRefType !== undefined && body.pointsAwardedRefType !== null) {
    const types = [
      'bill_regular',
      'bill_promotions',
      'line_item_regular',
      'line_item_promotions',
      'customer_promotions',
    ];
    if (!types.includes(body.pointsAwardedRefType as string)) throw new CapError(9975);
  }
  if (body.pointsAwardedId !== undefined && body.pointsAwardedId !== null) {
    const id = asInteger(body.pointsAwardedId);
    if (id === undefined || org.awards.get(id) !== key) throw new CapError(8877);
  }
  const decimals = org.programs.get(program) as number;
  if (decimalPlaces(pointsText) > decimals) throw new CapError(8906);

  const w = customer.wallets.get(program) as Wallet;
  if (points > w.main && !org.negativeOn) throw new CapError(8907);
  w.main -= points;
  return {
    warnings: noWarnings ? undefined : warnings,
    message: 'Punkte wurden dem Kunden erfolgreich abgezogen',
    pointsAvailable: formatDecimal(w.main, 3),
    status: 'success',
  };
}

function balanceOf(w: Wallet) {
  return { main: w.main, delayed: w.delayed, external: w.external };
}

function pointsBalance(org: Org, q: URLSearchParams, options: Cleanroom10Options): unknown {
  const source = q.get('source');
  if (!q.get('identifierName')) throw new CapError(8013);
  if (!q.get('identifierValue')) throw new CapError(8015);
  if (source && !NPA_SOURCES.has(source) && !UNLOCK_SOURCES.has(source)) throw new CapError(8003);
  const key = lookup(org, q, ID_NAMES, true);
  const customer = org.customers.get(key) as Customer;
  const all = (q.get('fetchDataForAllPrograms') ?? '').toLowerCase() === 'true';
  let sum = { main: 0n, delayed: 0n, external: 0n };
  let places = 3;
  if (all) {
    for (const w of customer.wallets.values()) {
      const b = balanceOf(w);
      sum = {
        main: sum.main + b.main,
        delayed: sum.delayed + b.delayed,
        external: sum.external + b.external,
      };
    }
  } else {
    const raw = q.get('programId');
    const program = raw ? asInteger(raw) : org.defaultProgram;
    if (program === undefined || !org.programs.has(program) || !customer.wallets.has(program))
      throw new CapError(1218);
    sum = balanceOf(customer.wallets.get(program) as Wallet);
    places = org.programs.get(program) as number;
  }
  const promised = sum.delayed + sum.external;
  const n = (v: bigint) => {
    const text = formatDecimal(v, options.paddedNumbers ? places : undefined);
    return new Num(options.javaNumbers ? javaStripped(text) : text);
  };
  return {
    promisedPointsBreakup: {
      externalTriggerBasedPoints: n(sum.external),
      delayedAccrualPoints: n(sum.delayed),
    },
    totalPoints: n(sum.main + promised),
    warnings: options.legacyWarning ? [LEGACY_WARNING] : options.warningsEverywhere ? [] : undefined,
    promisedPoints: n(promised),
    mainPoints: n(sum.main),
    entityType: 'CUSTOMER',
    entityId: new Num(
      customer.identifiers.id ?? String(9007199254000 + [...org.customers.keys()].indexOf(key)),
    ),
  };
}

function unlockPromisedPoints(
  org: Org,
  q: URLSearchParams,
  raw: string,
  options: Cleanroom10Options,
): unknown {
  const name = q.get('identifierName');
  const value = q.get('identifierValue');
  const source = q.get('source');
  if (!name || !value || !source) throw new CapError(82323284);
  if (!UNLOCK_SOURCES.has(source)) throw new CapError(8003);
  const type = q.get('type') ?? 'CUSTOMER';
  if (type !== 'CUSTOMER' && type !== 'USERGROUP2') throw new CapError(82323276);
  if (type === 'USERGROUP2') throw new CapError(1645);
  const body = jsonObject(raw);
  const key = lookup(org, q, ID_NAMES, false);
  if (body.billNumber === undefined || body.billNumber === null || body.billNumber === '')
    throw new CapError(82323271);
  if (typeof body.eventName !== 'string' || body.eventName === '') throw new CapError(82323272);
  const billNumber = String(body.billNumber);
  const bill = org.bills.find((b) => b.customer === key && b.billNumber === billNumber);
  if (!bill) throw new CapError(82323277);
  if (bill.eventName !== body.eventName) throw new CapError(82323272);
  if (body.eventLogId !== undefined && body.eventLogId !== null) {
    const ids = (Array.isArray(body.eventLogId) ? body.eventLogId : [body.eventLogId]).map((v) =>
      asInteger(v),
    );
    if (ids.some((id) => id === undefined || id !== bill.eventLogId)) throw new CapError(3918);
  }
  const lineItemIds = Array.isArray(body.lineItemIds) ? body.lineItemIds.map((v) => asInteger(v)) : [];
  const itemCodes = Array.isArray(body.itemCodes) ? body.itemCodes.map((v) => String(v)) : [];
  const filtered = lineItemIds.length > 0 || itemCodes.length > 0;
  const chosen = bill.lines.filter(
    (l) =>
      !l.unlocked &&
      (!filtered ||
        (l.lineItemId !== undefined && lineItemIds.includes(l.lineItemId)) ||
        (l.itemCode !== undefined && itemCodes.includes(l.itemCode))),
  );
  if (chosen.length === 0) throw new CapError(82323282);
  const customer = org.customers.get(key) as Customer;
  const out: unknown[] = [];
  for (const l of chosen) {
    const w = customer.wallets.get(l.program) as Wallet;
    w.external -= l.points;
    w.main += l.points;
    l.unlocked = true;
    const points = options.paddedNumbers ? new Num(formatDecimal(l.points)) : formatDecimal(l.points, 3);
    if (l.promotion)
      out.push({
        promotionName: l.promotion.name,
        promotionId: l.promotion.id,
        promotionIdentifier: l.promotion.identifier,
        programId: new Num(String(l.program)),
        pointsUnlocked: points,
      });
    else
      out.push({
        programId: new Num(String(l.program)),
        pointsUnlocked: points,
        itemCode: l.itemCode,
        billNumber: bill.billNumber,
      });
  }
  return {
    warnings: options.legacyWarning ? [LEGACY_WARNING] : options.warningsEverywhere ? [] : undefined,
    pointsUnlocked: out,
  };
}

// ---------- fabric ----------
interface Member {
  available: bigint;
  pending: bigint;
  byType: Map<string, bigint>;
}

const FABRIC_TOKEN = 'gw-fabric.Token~+/x==';

function fabricError(
  res: ServerResponse,
  status: number,
  message: string,
  errors: Record<string, string>,
): undefined {
  send(res, status, { data: null, errors, message, status });
}

function fabricAdjust(members: Map<string, Member>, raw: string, res: ServerResponse): undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return fabricError(res, 400, 'Ungültiger JSON-Körper', { body: 'kein gültiges JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return fabricError(res, 400, 'Ungültiger Körper', { body: 'Objekt erwartet' });
  const points = body.points;
  if (typeof points !== 'number' || !Number.isFinite(points))
    return fabricError(res, 400, 'Validierung fehlgeschlagen', { points: 'points ist erforderlich (Zahl)' });
  for (const k of ['pointType', 'billingEntity', 'reasonCode'] as const) {
    const v = body[k];
    if (v !== undefined && v !== null && (typeof v !== 'string' || v.length < 1))
      return fabricError(res, 400, 'Validierung fehlgeschlagen', { [k]: 'mindestens 1 Zeichen' });
  }
  if (body.setToPending !== undefined && typeof body.setToPending !== 'boolean')
    return fabricError(res, 400, 'Validierung fehlgeschlagen', { setToPending: 'boolean erwartet' });
  if (typeof body.profileId !== 'string' || body.profileId === '')
    return fabricError(res, 400, 'Validierung fehlgeschlagen', { profileId: 'profileId fehlt' });
  const member = members.get(body.profileId);
  if (!member) return fabricError(res, 404, 'Mitglied nicht gefunden', { profileId: 'unbekannt' });
  const amount = parseDecimal(String(points));
  if (amount === undefined)
    return fabricError(res, 400, 'Validierung fehlgeschlagen', { points: 'ungültig' });
  const pending = body.setToPending === true;
  if (pending) member.pending += amount;
  else {
    member.available += amount;
    const type = typeof body.pointType === 'string' ? body.pointType : 'Base';
    member.byType.set(type, (member.byType.get(type) ?? 0n) + amount);
  }
  const abs = amount < 0n ? -amount : amount;
  let text = formatDecimal(abs);
  if (!text.includes('.')) text += '.0';
  send(res, 200, {
    status: 200,
    data: {
      transactionCode: randomUUID(),
      ExceptionString: '',
      futureDate: false,
      Message: `${text} points ${amount < 0n ? 'deducted' : 'added'}`,
    },
    errors: {},
    message: 'Member points adjusted',
  });
}

// ---------- server ----------
export async function startCleanroom10Provider(
  options: Cleanroom10Options = {},
): Promise<Cleanroom10Provider> {
  const orgs = freshOrgs(options);
  const tokens = new Map<string, Org>();
  const members = new Map<string, Member>([
    [
      'mitglied/ü 7+x',
      {
        available: d(options.hugeMember ? '987654321098.7' : '0.1'),
        pending: 0n,
        byType: new Map([['Base', d(options.hugeMember ? '987654321098.7' : '0.1')]]),
      },
    ],
  ]);

  const server = createServer((req, res) => {
    (res as Shaped).form = {
      gzipChunked: options.gzipChunked === true,
      escapedStrings: options.escapedStrings === true,
    };
    if (options.connectionClose) res.shouldKeepAlive = false;
    void (async () => {
      const raw = await readBody(req);
      const url = new URL(req.url ?? '/', 'http://gw.invalid');
      let path = url.pathname;
      while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
      const method = req.method ?? 'GET';
      const q = url.searchParams;
      try {
        if (path.startsWith('/api/')) return handleFabric(path, method, raw, req, res);
        if (path === '/v3/oauth/token/generate' && method === 'POST') {
          let body: { key?: unknown; secret?: unknown } = {};
          try {
            body = JSON.parse(raw) as typeof body;
          } catch {}
          const org = orgs.find((o) => o.oauth.key === body?.key && o.oauth.secret === body?.secret);
          if (!org) return sendCapError(res, 401);
          const token = `tok-${randomUUID()}`;
          tokens.set(token, org);
          return send(res, 200, { errors: null, data: { ttlSeconds: 3600, accessToken: token } });
        }
        const routes: Record<string, string> = {
          '/v2/customers/lookup/negativePointsAdjustment': 'POST',
          '/v2/points/unlockPromisedPoints': 'POST',
          '/v2/customers/lookup/points/balance': 'GET',
        };
        const allowed = routes[path];
        if (!allowed && options.htmlNotFound) return gatewayPage(res, 404, 'Not Found');
        if (!allowed)
          return send(res, 404, {
            warnings: [],
            errors: [{ message: 'Nicht gefunden', code: 404, status: false }],
          });
        if (allowed !== method) {
          res.setHeader('Allow', allowed);
          return send(res, 405, {
            warnings: [],
            errors: [{ message: 'Methode nicht erlaubt', code: 405, status: false }],
          });
        }
        const { org, restricted } = capAuth(orgs, tokens, req);
        if (path === '/v2/customers/lookup/points/balance')
          return send(res, 200, pointsBalance(org, q, options));
        if (restricted) throw new CapError(4000);
        if (path === '/v2/points/unlockPromisedPoints')
          return send(res, 200, unlockPromisedPoints(org, q, raw, options));
        return send(
          res,
          200,
          negativePointsAdjustment(
            org,
            q,
            raw,
            options.noWarnings === true,
            options.legacyWarning ? [LEGACY_WARNING] : [],
          ),
        );
      } catch (e) {
        if (e instanceof CapError) return sendCapError(res, e.code);
        return send(res, 500, {
          warnings: [],
          errors: [{ message: 'Interner Fehler', code: 500, status: false }],
        });
      }
    })();
  });

  function handleFabric(
    path: string,
    method: string,
    raw: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): undefined {
    const auth = req.headers.authorization ?? '';
    const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (path === '/api/v1/members/points-adjustment' || (inquiry && options.memberInquiry !== false)) {
      if (auth !== `Bearer ${FABRIC_TOKEN}`)
        return fabricError(res, 401, 'Nicht autorisiert', {
          authorization: 'Bearer-Token fehlt oder ungültig',
        });
      if (inquiry) {
        if (method !== 'GET') return fabricError(res, 405, 'Methode nicht erlaubt', {});
        const id = decodeURIComponent(inquiry[1] as string);
        const m = members.get(id);
        if (!m) return fabricError(res, 404, 'Mitglied nicht gefunden', { profileId: 'unbekannt' });
        return send(res, 200, {
          status: 200,
          message: 'OK',
          errors: {},
          data: [
            { pointsBalance: { memberPointsAvailable: new Num(formatDecimal(m.available)) }, profileId: id },
          ],
        });
      }
      if (method !== 'POST') return fabricError(res, 405, 'Methode nicht erlaubt', {});
      return fabricAdjust(members, raw, res);
    }
    if (options.htmlNotFound) return gatewayPage(res, 404, 'Not Found');
    return fabricError(res, 404, 'Nicht gefunden', {});
  }

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
