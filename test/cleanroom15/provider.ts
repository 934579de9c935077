/**
 * The fifteenth clean-room provider, written from the four documents and DESIGN.md alone (node:http
 * only): a multi-tenant vendor. One server hosts five Capillary orgs (tenants), chosen by the
 * credentials of a request, covering every combination of ALLOW_NEGATIVE_BALANCE_ON_RETURN on/off ×
 * dual eligibility on/off, each with its own default program, round decimals, primary identifier,
 * authentication schemes, HTTP status for API errors, amount form and promised-points category, all
 * judged in one profile and one run. Each choice is one the documents leave open:
 *
 * - `aurora`: negative balances off, dual eligibility with **email** primary (applied to every
 *   endpoint: a lone non-primary identifier is 8015 everywhere), programs 1501 (2 decimals,
 *   default) and 1502 (0), API errors HTTP 400, amounts JSON numbers, bill promised points
 *   external-trigger based. Basic, OAuth key/secret, a till without the Points access group.
 * - `boreal`: negative balances on, dual eligibility with **externalId** primary (the balance page's
 *   rule on the balance only; deductions and unlocks take a lone identifier that finds one
 *   customer), programs 1502 (3 decimals) and 1511 (1 decimal, the default, listed second), API
 *   errors HTTP 422, amounts strings with the program's decimals, promised points delayed accruals.
 *   OAuth key/secret and Basic; no restricted credentials.
 * - `cirrus`: negative balances off, no dual eligibility, programs 1521 (0 decimals, default) and
 *   1522 (4), API errors HTTP **200** with the error envelope (the legacy v2 "one or more requests
 *   have failed"), amounts strings with at least 3 decimals ("670.000"), customers known by `id`
 *   and externalId. A pre-issued OAuth token and Basic; an OAuth client without the Points group.
 * - `delta`: negative balances on, no dual eligibility, programs 1531 (3 decimals, default) and
 *   1501 (1 decimal: the *same id* as aurora's 2-decimal program), API errors 404 (not found),
 *   409 (state) or 400 (input), amounts JSON numbers, decimal places of a string amount counted
 *   as written ("100.00" has two), customers known by cuid and mobile.
 * - `ember`: negative balances off (its profile declares `unknown`), dual eligibility with
 *   **primaryUserId** primary, one program (1541, 2 decimals), one customer, no bills.
 * - Tenant isolation: the same mobile in aurora, boreal and cirrus belongs to three different
 *   customers; bill number B15-1001 exists in aurora, boreal and delta; promotion id 1500 in aurora
 *   and boreal; points award 9150001 in aurora and boreal; program ids 1501 and 1502 in two orgs
 *   with different decimals. OAuth tokens are bound to the tenant of their client.
 * - Every tenant: the v2 envelope `{"errors":[{"status":false,"code","message"}],"warnings":[]}`;
 *   401 bad credentials, 403/4000 without the Points access group (deductions only); identifier
 *   names mobile, email, externalId, id, cuid, primaryUserId (8013 otherwise; a comma-separated list
 *   without dual eligibility is 8013 too); each page's own source list (the balance page: the
 *   union); an unlock moves promised points once (82323282 after), filtered by line item ids and
 *   item codes (union) and sourceProgramId; codes of DESIGN.md where it gives one, own codes 89xx.
 * - fabric: two tenants chosen by Bearer token (the same profileId in both, different points),
 *   `points` a non-zero number, positive adds, negative deducts and may take the balance below
 *   zero (the page says nothing against it), `setToPending` keeps added points pending for the run,
 *   the member inquiry when `memberInquiry`.
 * Cleanroom15Options switch on other readings: amount forms swapped, dual eligibility org-wide in
 * every dual tenant, ember's negative balances on, aurora refusing comma-separated lists on
 * deductions and unlocks (8013: their pages document none) and taking its primary alone there.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Cleanroom15Options {
  /** Whether fabric's member inquiry (outside the four documents) is served. */
  readonly memberInquiry?: boolean;
  /** Swap each tenant's amount form: numbers become strings and strings numbers. */
  readonly swapAmountForms?: boolean;
  /** Every dual-eligibility tenant (not aurora alone) answers 8015 to a lone non-primary identifier on every endpoint. */
  readonly dualEverywhere?: boolean;
  /** ember's ALLOW_NEGATIVE_BALANCE_ON_RETURN (its profile declares `unknown`): off unless set. */
  readonly emberNegative?: 'on' | 'off';
  /** aurora refuses comma-separated lists on deductions and unlocks (8013): it takes its primary (email) alone there. */
  auroraListsOnBalanceOnly?: boolean;
}

export interface Cleanroom15Provider {
  readonly url: string;
  close(): Promise<void>;
}

/** Amounts are kept as integers in ten-thousandths: the largest round decimals of any org is 4. */
const SCALE = 10_000;
const pts = (n: number): number => Math.round(n * SCALE);

type AmountForm = 'number' | 'string-program' | 'string-3';
type PromisedKind = 'delayed' | 'external';
type ErrorStatus = 'all-400' | 'all-422' | 'all-200' | 'by-kind';

interface Program {
  readonly id: number;
  readonly decimals: number;
}

interface Customer {
  readonly entityId: number;
  readonly identifiers: Record<string, string>;
  /** per program: main points (scaled) and promised points outside any bill */
  readonly main: Map<number, number>;
  readonly otherDelayed: Map<number, number>;
}

interface BillLine {
  readonly kind: 'bill' | 'item' | 'promotion';
  readonly programId: number;
  readonly points: number;
  readonly lineItemId?: number;
  readonly itemCode?: string;
  readonly promotion?: { id: number; identifier: string; name: string };
  unlocked: boolean;
}

interface Bill {
  readonly number: string;
  readonly customer: Customer;
  readonly eventName: string;
  readonly eventLogId?: number;
  readonly lines: BillLine[];
}

interface Tenant {
  readonly name: string;
  readonly negativeAllowed: boolean;
  /** primary identifier under dual eligibility; undefined when dual eligibility is off */
  readonly primary?: string;
  /** whether a lone non-primary identifier is 8015 on every endpoint (else on the balance only) */
  readonly dualEverywhere: boolean;
  /** whether comma-separated lists are refused (8013) on deductions and unlocks, whose pages document none */
  listsOnBalanceOnly: boolean;
  readonly programs: Program[];
  readonly defaultProgram: number;
  readonly errorStatus: ErrorStatus;
  readonly amountForm: AmountForm;
  readonly promisedKind: PromisedKind;
  /** decimal places of a string amount counted as written ("100.00": 2) rather than by value */
  readonly literalDecimals: boolean;
  readonly customers: Customer[];
  readonly bills: Bill[];
  readonly promotions: { id: number; identifier: string; programId: number; name: string }[];
  readonly awards: { id: number; customer: Customer }[];
}

interface Principal {
  readonly tenant: Tenant;
  readonly pointsAccess: boolean;
}

const IDENTIFIER_NAMES = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'];
// negativePointsAdjustment, "source* Enum ... Supported values: INSTORE , MARTJACK , WECHAT ,
// FACEBOOK , WEB_ENGAGE , INSTORE , TMALL , TAOBAO , JD , ECOMMERCE , WEBSITE , LINE , ALL".
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
// unlockPromisedPoints, "Supported values: INSTORE,FACEBOOK,WEB_ENGAGE,WECHAT,MARTJACK,TMALL,TAOBAO,
// JD,ECOMMERCE,WEBSITE,LINE,MOBILE_APP".
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
// The balance page lists no sources: the union of the other two pages.
const BALANCE_SOURCES = [...new Set([...DEDUCT_SOURCES, ...UNLOCK_SOURCES])];
// negativePointsAdjustment, "pointsAwardedRefType Enum ... Supported values: bill_regular ,
// bill_promotions , line_item_regular , line_item_promotions , customer_promotions".
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly kind: 'input' | 'not-found' | 'state' = 'input',
  ) {
    super(message);
  }
}

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

function makeCustomer(
  entityId: number,
  identifiers: Record<string, string>,
  main: Record<number, number>,
  otherDelayed: Record<number, number> = {},
): Customer {
  return {
    entityId,
    identifiers,
    main: new Map(Object.entries(main).map(([p, v]) => [Number(p), pts(v)])),
    otherDelayed: new Map(Object.entries(otherDelayed).map(([p, v]) => [Number(p), pts(v)])),
  };
}

function line(
  kind: BillLine['kind'],
  programId: number,
  points: number,
  extra: Partial<BillLine> = {},
): BillLine {
  return { kind, programId, points: pts(points), unlocked: false, ...extra };
}

function buildTenants(swap: boolean, everywhere: boolean, emberNegative: boolean): Map<string, Tenant> {
  const form = (f: AmountForm): AmountForm => (swap ? (f === 'number' ? 'string-program' : 'number') : f);

  // aurora: negative off, dual eligibility (email primary) on every endpoint.
  const amy = makeCustomer(
    150_100_001,
    { mobile: '15550100001', email: 'amy@aurora.example', externalId: 'AUR-AMY' },
    { 1501: 5000, 1502: 800 },
    { 1501: 2.5 },
  );
  const abe = makeCustomer(150_100_002, { mobile: '15550100002', email: 'abe@aurora.example' }, { 1501: 40 });
  const ada = makeCustomer(
    150_100_003,
    { mobile: '15550100099', email: 'ada@aurora.example' },
    { 1501: 300 },
  );
  const avi = makeCustomer(
    150_100_004,
    { mobile: '15550100099', email: 'avi@aurora.example' },
    { 1501: 300 },
  );
  const aurora: Tenant = {
    name: 'aurora',
    negativeAllowed: false,
    primary: 'email',
    dualEverywhere: true,
    listsOnBalanceOnly: false,
    programs: [
      { id: 1501, decimals: 2 },
      { id: 1502, decimals: 0 },
    ],
    defaultProgram: 1501,
    errorStatus: 'all-400',
    amountForm: form('number'),
    promisedKind: 'external',
    literalDecimals: false,
    customers: [amy, abe, ada, avi],
    bills: [
      {
        number: 'B15-1001',
        customer: amy,
        eventName: 'TransactionAdd',
        eventLogId: 1_510_001,
        lines: [
          line('bill', 1501, 10.5),
          line('item', 1501, 20, { lineItemId: 151_001, itemCode: 'SKU-A1' }),
          line('item', 1501, 15.25, { lineItemId: 151_002, itemCode: 'SKU-A2' }),
          line('promotion', 1501, 7, {
            promotion: { id: 1500, identifier: 'AUR-SPRING', name: 'Aurora spring' },
          }),
        ],
      },
      {
        number: 'B15-1002',
        customer: ada,
        eventName: 'TransactionAdd',
        lines: [
          line('bill', 1501, 12),
          line('item', 1501, 8, { lineItemId: 151_011, itemCode: 'SKU-A3' }),
          line('promotion', 1501, 3, {
            promotion: { id: 1500, identifier: 'AUR-SPRING', name: 'Aurora spring' },
          }),
        ],
      },
      { number: 'B15-1003', customer: avi, eventName: 'TransactionAdd', lines: [line('bill', 1501, 9)] },
      {
        number: 'B15-1004',
        customer: amy,
        eventName: 'TransactionAdd',
        lines: [line('item', 1502, 30, { lineItemId: 151_021, itemCode: 'SKU-A9' })],
      },
    ],
    promotions: [{ id: 1500, identifier: 'AUR-SPRING', programId: 1501, name: 'Aurora spring' }],
    awards: [{ id: 9_150_001, customer: amy }],
  };

  // boreal: negative on, dual eligibility (externalId primary) on the balance.
  const bo = makeCustomer(
    150_200_001,
    { externalId: 'BOR-BO', mobile: '15550100001', email: 'bo@boreal.example' },
    { 1511: 2500.5, 1502: 100.125 },
  );
  const bee = makeCustomer(150_200_002, { externalId: 'BOR-BEE', mobile: '15550200002' }, { 1511: 0 });
  const bix = makeCustomer(
    150_200_003,
    { externalId: 'BOR-BIX', email: 'family@boreal.example' },
    { 1511: 50 },
  );
  const bly = makeCustomer(
    150_200_004,
    { externalId: 'BOR-BLY', email: 'family@boreal.example' },
    { 1511: 50 },
  );
  const boreal: Tenant = {
    name: 'boreal',
    negativeAllowed: true,
    primary: 'externalId',
    dualEverywhere: everywhere,
    listsOnBalanceOnly: false,
    programs: [
      { id: 1502, decimals: 3 },
      { id: 1511, decimals: 1 },
    ],
    defaultProgram: 1511,
    errorStatus: 'all-422',
    amountForm: form('string-program'),
    promisedKind: 'delayed',
    literalDecimals: false,
    customers: [bo, bee, bix, bly],
    bills: [
      {
        number: 'B15-1001',
        customer: bo,
        eventName: 'PurchaseAdd',
        eventLogId: 1_520_001,
        lines: [
          line('bill', 1511, 4.5),
          line('item', 1511, 6, { lineItemId: 152_001, itemCode: 'SKU-B1' }),
          line('item', 1511, 2.5, { lineItemId: 152_002, itemCode: 'SKU-B2' }),
          line('promotion', 1511, 5, {
            promotion: { id: 1500, identifier: 'BOR-WINTER', name: 'Boreal winter' },
          }),
        ],
      },
      { number: 'B15-2002', customer: bix, eventName: 'PurchaseAdd', lines: [line('bill', 1511, 7)] },
      {
        number: 'B15-2003',
        customer: bly,
        eventName: 'PurchaseAdd',
        lines: [line('item', 1511, 3, { lineItemId: 152_011, itemCode: 'SKU-B3' })],
      },
      { number: 'B15-2004', customer: bo, eventName: 'PurchaseAdd', lines: [line('bill', 1502, 1.125)] },
    ],
    promotions: [{ id: 1500, identifier: 'BOR-WINTER', programId: 1511, name: 'Boreal winter' }],
    awards: [{ id: 9_150_001, customer: bo }],
  };

  // cirrus: negative off, no dual eligibility, errors in a 200.
  const cal = makeCustomer(
    150_300_001,
    { id: '1521000001', externalId: 'CIR-CAL', mobile: '15550100001' },
    { 1521: 900, 1522: 12.3456 },
  );
  const cid = makeCustomer(150_300_002, { id: '1521000002', externalId: 'CIR-CID' }, { 1521: 15 });
  const cob = makeCustomer(150_300_003, { id: '1521000003', externalId: 'CIR-COB' }, { 1521: 100 });
  const cirrus: Tenant = {
    name: 'cirrus',
    negativeAllowed: false,
    dualEverywhere: false,
    listsOnBalanceOnly: false,
    programs: [
      { id: 1521, decimals: 0 },
      { id: 1522, decimals: 4 },
    ],
    defaultProgram: 1521,
    errorStatus: 'all-200',
    amountForm: form('string-3'),
    promisedKind: 'external',
    literalDecimals: false,
    customers: [cal, cid, cob],
    bills: [
      {
        number: 'B15-3001',
        customer: cal,
        eventName: 'TransactionAdd',
        eventLogId: 1_530_001,
        lines: [
          line('bill', 1521, 10),
          line('item', 1521, 20, { lineItemId: 153_001, itemCode: 'SKU-C1' }),
          line('item', 1521, 30, { lineItemId: 153_002, itemCode: 'SKU-C2' }),
        ],
      },
      { number: 'B15-3002', customer: cid, eventName: 'TransactionAdd', lines: [line('bill', 1521, 5)] },
      { number: 'B15-3003', customer: cob, eventName: 'TransactionAdd', lines: [line('bill', 1521, 4)] },
      {
        number: 'B15-3004',
        customer: cal,
        eventName: 'TransactionAdd',
        lines: [line('item', 1522, 0.5, { lineItemId: 153_011, itemCode: 'SKU-C9' })],
      },
    ],
    promotions: [{ id: 1521, identifier: 'CIR-P1', programId: 1521, name: 'Cirrus one' }],
    awards: [{ id: 9_150_002, customer: cal }],
  };

  // delta: negative on, no dual eligibility, errors by kind, literal decimals.
  const dan = makeCustomer(
    150_400_001,
    { cuid: 'DLT-CU-DAN', mobile: '15550400001' },
    { 1531: 700.5, 1501: 60.5 },
  );
  const dot = makeCustomer(150_400_002, { cuid: 'DLT-CU-DOT' }, { 1531: 3 });
  const dex = makeCustomer(150_400_003, { cuid: 'DLT-CU-DEX', mobile: '15550400003' }, { 1531: 10 });
  const delta: Tenant = {
    name: 'delta',
    negativeAllowed: true,
    dualEverywhere: false,
    listsOnBalanceOnly: false,
    programs: [
      { id: 1531, decimals: 3 },
      { id: 1501, decimals: 1 },
    ],
    defaultProgram: 1531,
    errorStatus: 'by-kind',
    amountForm: form('number'),
    promisedKind: 'delayed',
    literalDecimals: true,
    customers: [dan, dot, dex],
    bills: [
      {
        number: 'B15-1001',
        customer: dan,
        eventName: 'TransactionAdd',
        eventLogId: 1_540_001,
        lines: [
          line('bill', 1531, 2.25),
          line('item', 1531, 11, { lineItemId: 154_001, itemCode: 'SKU-D1' }),
          line('item', 1531, 13, { lineItemId: 154_002, itemCode: 'SKU-D2' }),
          line('promotion', 1531, 6, {
            promotion: { id: 1531, identifier: 'DLT-PROMO', name: 'Delta promo' },
          }),
        ],
      },
      { number: 'B15-4002', customer: dex, eventName: 'TransactionAdd', lines: [line('bill', 1531, 1.5)] },
      { number: 'B15-4003', customer: dot, eventName: 'TransactionAdd', lines: [line('bill', 1531, 2)] },
      {
        number: 'B15-4004',
        customer: dan,
        eventName: 'TransactionAdd',
        lines: [line('item', 1501, 2.5, { lineItemId: 154_011, itemCode: 'SKU-D9' })],
      },
    ],
    promotions: [{ id: 1531, identifier: 'DLT-PROMO', programId: 1531, name: 'Delta promo' }],
    awards: [{ id: 9_150_003, customer: dan }],
  };

  // ember: negative off (declared unknown), dual eligibility with primaryUserId primary, minimal.
  const eve = makeCustomer(
    150_500_001,
    { primaryUserId: 'PU-EVE-15', mobile: '15550500001' },
    { 1541: 1000 },
  );
  const ember: Tenant = {
    name: 'ember',
    negativeAllowed: emberNegative,
    primary: 'primaryUserId',
    dualEverywhere: everywhere,
    listsOnBalanceOnly: false,
    programs: [{ id: 1541, decimals: 2 }],
    defaultProgram: 1541,
    errorStatus: 'all-400',
    amountForm: form('number'),
    promisedKind: 'external',
    literalDecimals: false,
    customers: [eve],
    bills: [],
    promotions: [],
    awards: [],
  };
  return new Map([aurora, boreal, cirrus, delta, ember].map((t) => [t.name, t]));
}

/** Credentials of each tenant: Basic tills, OAuth clients and pre-issued tokens. */
const BASIC: Record<string, { tenant: string; password: string; pointsAccess: boolean }> = {
  'cr15.aurora.till': { tenant: 'aurora', password: 'aurora-pass', pointsAccess: true },
  'cr15.aurora.viewer': { tenant: 'aurora', password: 'aurora-viewer', pointsAccess: false },
  'cr15.boreal.till': { tenant: 'boreal', password: 'boreal-pass', pointsAccess: true },
  'cr15.cirrus.till': { tenant: 'cirrus', password: 'cirrus-pass', pointsAccess: true },
  'cr15.delta.till': { tenant: 'delta', password: 'delta-pass', pointsAccess: true },
  'cr15.delta.viewer': { tenant: 'delta', password: 'delta-viewer', pointsAccess: false },
  'cr15.ember.till': { tenant: 'ember', password: 'ember-pass', pointsAccess: true },
};
const OAUTH_CLIENTS: Record<string, { tenant: string; secret: string; pointsAccess: boolean }> = {
  'cr15-aurora-app': { tenant: 'aurora', secret: 'aurora-secret', pointsAccess: true },
  'cr15-boreal-app': { tenant: 'boreal', secret: 'boreal-secret', pointsAccess: true },
  'cr15-cirrus-viewer-app': { tenant: 'cirrus', secret: 'cirrus-viewer-secret', pointsAccess: false },
};
const PREISSUED: Record<string, { tenant: string; pointsAccess: boolean }> = {
  'cr15-cirrus-preissued': { tenant: 'cirrus', pointsAccess: true },
  'cr15-delta-preissued': { tenant: 'delta', pointsAccess: true },
};
const FABRIC_TOKENS = ['cr15-fabric-token', 'cr15-fabric-other'];
const MEMBER = 'cr15-member-0001';

function statusOf(tenant: Tenant, e: ApiError): number {
  switch (tenant.errorStatus) {
    case 'all-400':
      return 400;
    case 'all-422':
      return 422;
    case 'all-200':
      return 200;
    case 'by-kind':
      return e.kind === 'not-found' ? 404 : e.kind === 'state' ? 409 : 400;
  }
}

/** Decimal places of an amount: as written, or by value (trailing zeros of a fraction dropped). */
function parseAmount(raw: unknown, literal: boolean): { scaled: number; decimals: number } | undefined {
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return undefined;
    text = String(raw);
  } else if (typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim())) text = raw.trim();
  else return undefined;
  const exp = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (exp) {
    const places = Math.max(0, (exp[3]?.length ?? 0) - Number(exp[4]));
    return { scaled: Math.round(Number(text) * SCALE), decimals: places };
  }
  const [, frac = ''] = text.replace('-', '').split('.');
  const decimals = literal && typeof raw === 'string' ? frac.length : frac.replace(/0+$/, '').length;
  if (decimals > 4) return { scaled: Number.NaN, decimals };
  const negative = text.startsWith('-');
  const [whole, f = ''] = text.replace('-', '').split('.');
  const scaled = Number(whole) * SCALE + Number(`${f}0000`.slice(0, 4));
  return { scaled: negative ? -scaled : scaled, decimals };
}

function formatAmount(tenant: Tenant, scaled: number, decimals: number): number | string {
  const value = scaled / SCALE;
  switch (tenant.amountForm) {
    case 'number':
      return value;
    case 'string-program':
      return value.toFixed(decimals);
    case 'string-3':
      return value.toFixed(Math.max(3, decimals));
  }
}

function maxDecimals(tenant: Tenant): number {
  return Math.max(...tenant.programs.map((p) => p.decimals));
}

function programOf(tenant: Tenant, id: number): Program | undefined {
  return tenant.programs.find((p) => p.id === id);
}

/**
 * Finds the customer of a lookup. Without dual eligibility: one identifier name (a list is 8013).
 * With it: comma-separated names and values in matching order; the primary decides; a lookup
 * without the primary is 8015 ("If you provide only one identifier that is not the primary
 * identifier, the system will return an error, 8015") on the balance, and on every endpoint in
 * tenants that apply dual eligibility everywhere.
 */
function lookup(tenant: Tenant, namesRaw: string, valuesRaw: string, strictDual: boolean): Customer {
  const names = namesRaw.split(',').map((n) => n.trim());
  for (const n of names)
    if (!IDENTIFIER_NAMES.includes(n)) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
  if (names.length > 1 && !strictDual && tenant.listsOnBalanceOnly)
    throw new ApiError(8013, 'Lookup,Invalid identifier passed');
  if (!tenant.primary) {
    if (names.length > 1) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    return findUnique(tenant, names[0] as string, valuesRaw);
  }
  const values = valuesRaw.split(',').map((v) => v.trim());
  if (values.length !== names.length)
    throw new ApiError(8015, 'Customer not found for the given identifiers', 'not-found');
  const at = names.indexOf(tenant.primary);
  if (at >= 0) return findUnique(tenant, tenant.primary, values[at] as string);
  if (strictDual || tenant.dualEverywhere || names.length > 1)
    throw new ApiError(8015, 'Customer not found for the given identifiers', 'not-found');
  return findUnique(tenant, names[0] as string, values[0] as string);
}

function findUnique(tenant: Tenant, name: string, value: string): Customer {
  const found = tenant.customers.filter(
    (c) => c.identifiers[name] !== undefined && c.identifiers[name] === value,
  );
  if (found.length !== 1)
    throw new ApiError(8015, 'Customer not found for the given identifiers', 'not-found');
  return found[0] as Customer;
}

function integerLike(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v)) return Number(v);
  return undefined;
}

function deduct(tenant: Tenant, query: URLSearchParams, body: unknown): unknown {
  const identifierName = query.get('identifierName');
  const identifierValue = query.get('identifierValue');
  const source = query.get('source');
  if (!identifierName) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
  if (!source || !DEDUCT_SOURCES.includes(source)) throw new ApiError(8003, 'Invalid source');
  if (!identifierValue) throw new ApiError(8015, 'Customer not found for the given identifiers', 'not-found');
  const customer = lookup(tenant, identifierName, identifierValue, false);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(8920, 'Request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const amount = parseAmount(b.pointsToBeAdjusted, tenant.literalDecimals);
  if (amount === undefined) throw new ApiError(8920, 'pointsToBeAdjusted must be a number');
  if (typeof b.reasonOfReturn !== 'string' || b.reasonOfReturn.trim() === '')
    throw new ApiError(8882, 'reasonOfReturn is required');
  if (b.reasonOfReturn.length > 50) throw new ApiError(8882, 'reasonOfReturn may hold at most 50 characters');
  let programId: number | undefined;
  if (b.programId !== undefined && b.programId !== null) {
    programId = integerLike(b.programId);
    if (programId === undefined) throw new ApiError(8921, 'programId must be an integer');
  }
  // "If promotionId and promotionIdentifier both are set, it is an invalid input combination."
  const hasPromotionId = b.promotionId !== undefined && b.promotionId !== null;
  const hasPromotionIdentifier = b.promotionIdentifier !== undefined && b.promotionIdentifier !== null;
  if (hasPromotionId && hasPromotionIdentifier)
    throw new ApiError(8874, 'Invalid promotion: pass promotionId or promotionIdentifier, not both');
  // "If promotionIdentifier is passed, programId can not be empty/null."
  if (hasPromotionIdentifier && programId === undefined)
    throw new ApiError(8887, 'programId is required with promotionIdentifier');
  if (hasPromotionId || hasPromotionIdentifier) {
    const promotion = tenant.promotions.find((p) =>
      hasPromotionId ? p.id === integerLike(b.promotionId) : p.identifier === b.promotionIdentifier,
    );
    if (!promotion || (programId !== undefined && programId !== promotion.programId))
      throw new ApiError(8874, 'Invalid promotion id');
    programId = promotion.programId;
  }
  if (b.pointsAwardedRefType !== undefined && !REF_TYPES.includes(b.pointsAwardedRefType as string))
    throw new ApiError(9975, 'Invalid pointsAwardedRefType');
  if (b.pointsAwardedId !== undefined && b.pointsAwardedId !== null) {
    const award = tenant.awards.find((a) => a.id === integerLike(b.pointsAwardedId));
    if (!award || award.customer !== customer) throw new ApiError(8877, 'Invalid pointsAwardedId');
  }
  const program = programOf(tenant, programId ?? tenant.defaultProgram);
  if (!program || !customer.main.has(program.id))
    throw new ApiError(1218, 'Customer is not enrolled in the program', 'state');
  if (amount.scaled === 0) throw new ApiError(8888, 'Points cannot be zero');
  if (amount.scaled < 0) throw new ApiError(8919, 'pointsToBeAdjusted must be greater than 0');
  // 8906 "decimal places passed: 3 is greater than the configured round decimals: 2 for programId: 973"
  if (amount.decimals > program.decimals)
    throw new ApiError(
      8906,
      `decimal places passed: ${amount.decimals} is greater than the configured round decimals: ${program.decimals} for programId: ${program.id}`,
    );
  const available = customer.main.get(program.id) ?? 0;
  // 8907 "points to be deducted … is greater than available points for program and
  // NegativeBalanceOnReturn config is disabled for org."
  if (!tenant.negativeAllowed && amount.scaled > available)
    throw new ApiError(
      8907,
      `points to be deducted ${amount.scaled / SCALE} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      'state',
    );
  const after = available - amount.scaled;
  customer.main.set(program.id, after);
  return {
    status: 'success',
    pointsAvailable: formatAmount(tenant, after, program.decimals),
    message: 'points deducted successfully for the user ',
    warnings: [],
  };
}

function promisedOf(tenant: Tenant, customer: Customer, programIds: number[]) {
  let delayed = 0;
  let external = 0;
  for (const p of programIds) delayed += customer.otherDelayed.get(p) ?? 0;
  for (const bill of tenant.bills) {
    if (bill.customer !== customer) continue;
    for (const l of bill.lines) {
      if (l.unlocked || !programIds.includes(l.programId)) continue;
      if (tenant.promisedKind === 'delayed') delayed += l.points;
      else external += l.points;
    }
  }
  return { delayed, external };
}

function balance(tenant: Tenant, query: URLSearchParams): unknown {
  const identifierName = query.get('identifierName');
  const identifierValue = query.get('identifierValue');
  const source = query.get('source');
  if (!source || !BALANCE_SOURCES.includes(source)) throw new ApiError(8003, 'Invalid source');
  if (!identifierName) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
  if (!identifierValue) throw new ApiError(8015, 'Customer not found for the given identifiers', 'not-found');
  const customer = lookup(tenant, identifierName, identifierValue, true);
  const all = query.get('fetchDataForAllPrograms');
  if (all !== null && all !== 'true' && all !== 'false')
    throw new ApiError(8922, 'fetchDataForAllPrograms must be true or false');
  const programRaw = query.get('programId');
  let programIds: number[];
  let decimals: number;
  if (all === 'true') {
    // "fetchDataForAllPrograms is true … You will still see points balance of the customer across all programs."
    programIds = tenant.programs.map((p) => p.id);
    decimals = maxDecimals(tenant);
  } else if (programRaw !== null) {
    const program = /^\d{1,15}$/.test(programRaw) ? programOf(tenant, Number(programRaw)) : undefined;
    if (!program) throw new ApiError(8951, 'Invalid programId');
    programIds = [program.id];
    decimals = program.decimals;
  } else {
    // "programId is not passed … fetchDataForAllPrograms is false … the default program."
    programIds = [tenant.defaultProgram];
    decimals = programOf(tenant, tenant.defaultProgram)?.decimals ?? 0;
  }
  let main = 0;
  for (const p of programIds) main += customer.main.get(p) ?? 0;
  const { delayed, external } = promisedOf(tenant, customer, programIds);
  const f = (v: number) => formatAmount(tenant, v, decimals);
  return {
    entityId: customer.entityId,
    entityType: 'CUSTOMER',
    totalPoints: f(main + delayed + external),
    mainPoints: f(main),
    promisedPoints: f(delayed + external),
    promisedPointsBreakup: { delayedAccrualPoints: f(delayed), externalTriggerBasedPoints: f(external) },
    warnings: [],
  };
}

function unlock(tenant: Tenant, query: URLSearchParams, body: unknown): unknown {
  const identifierName = query.get('identifierName');
  const identifierValue = query.get('identifierValue');
  const source = query.get('source');
  // 82323284 "identifierName, identifierValue, or source cannot be empty."
  if (!identifierName || !identifierValue || !source)
    throw new ApiError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
  if (!UNLOCK_SOURCES.includes(source)) throw new ApiError(8003, 'Invalid source');
  const type = query.get('type');
  if (type === 'USERGROUP2') throw new ApiError(1645, 'Group details passed are not valid.');
  if (type !== null && type !== 'CUSTOMER') throw new ApiError(82323276, 'Entity type invalid.');
  const customer = lookup(tenant, identifierName, identifierValue, false);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ApiError(8923, 'Request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const billNumber =
    typeof b.billNumber === 'string'
      ? b.billNumber
      : typeof b.billNumber === 'number'
        ? String(b.billNumber)
        : '';
  if (billNumber === '') throw new ApiError(82323271, 'Bill number missing.');
  if (typeof b.eventName !== 'string' || b.eventName === '')
    throw new ApiError(82323272, 'Event name not found.');
  const bill = tenant.bills.find((x) => x.number === billNumber && x.customer === customer);
  if (!bill) throw new ApiError(82323277, 'No bill found for given bill number.', 'not-found');
  if (bill.eventName !== b.eventName) throw new ApiError(82323272, 'Event name not found.');
  if (b.eventLogId !== undefined && b.eventLogId !== null) {
    const ids = (Array.isArray(b.eventLogId) ? b.eventLogId : [b.eventLogId]).map(integerLike);
    if (ids.length === 0 || ids.some((id) => id === undefined || id !== bill.eventLogId))
      throw new ApiError(
        3918,
        'Error unlocking points: no eventLog found for given eventLogId.',
        'not-found',
      );
  }
  const lineItemIds = b.lineItemIds ?? [];
  const itemCodes = b.itemCodes ?? [];
  if (!Array.isArray(lineItemIds) || !Array.isArray(itemCodes))
    throw new ApiError(8923, 'lineItemIds and itemCodes must be arrays');
  const ids = lineItemIds.map(integerLike);
  let sourceProgramId: number | undefined;
  if (b.sourceProgramId !== undefined && b.sourceProgramId !== null) {
    sourceProgramId = integerLike(b.sourceProgramId);
    if (sourceProgramId === undefined) throw new ApiError(8923, 'sourceProgramId must be an integer');
  }
  const filtered = ids.length > 0 || itemCodes.length > 0;
  const selected = bill.lines.filter(
    (l) =>
      !l.unlocked &&
      (!filtered ||
        (l.kind === 'item' &&
          ((l.lineItemId !== undefined && ids.includes(l.lineItemId)) ||
            (l.itemCode !== undefined && itemCodes.includes(l.itemCode))))) &&
      (sourceProgramId === undefined || l.programId === sourceProgramId),
  );
  // 82323282 "No promise points found to unlock."
  if (selected.length === 0) throw new ApiError(82323282, 'No promise points found to unlock.', 'state');
  const answer: Record<string, unknown>[] = [];
  for (const l of selected) {
    l.unlocked = true;
    customer.main.set(l.programId, (customer.main.get(l.programId) ?? 0) + l.points);
    const decimals = programOf(tenant, l.programId)?.decimals ?? 0;
    const amount = formatAmount(tenant, l.points, decimals);
    if (l.kind === 'promotion' && l.promotion)
      answer.push({
        pointsUnlocked: amount,
        programId: l.programId,
        promotionIdentifier: l.promotion.identifier,
        promotionId: l.promotion.id,
        promotionName: l.promotion.name,
      });
    else if (l.kind === 'item')
      answer.push({
        billNumber: bill.number,
        itemCode: l.itemCode,
        pointsUnlocked: amount,
        programId: l.programId,
      });
    else answer.push({ billNumber: bill.number, pointsUnlocked: amount, programId: l.programId });
  }
  return { pointsUnlocked: answer, warnings: [] };
}

interface FabricMember {
  available: number;
  pending: number;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startCleanroom15Provider(
  options: Cleanroom15Options = {},
): Promise<Cleanroom15Provider> {
  const tenants = buildTenants(
    options.swapAmountForms ?? false,
    options.dualEverywhere ?? false,
    options.emberNegative === 'on',
  );
  if (options.auroraListsOnBalanceOnly) (tenants.get('aurora') as Tenant).listsOnBalanceOnly = true;
  const tokens = new Map<string, Principal>();
  for (const [token, p] of Object.entries(PREISSUED))
    tokens.set(token, { tenant: tenants.get(p.tenant) as Tenant, pointsAccess: p.pointsAccess });
  const fabric = new Map<string, Map<string, FabricMember>>(
    FABRIC_TOKENS.map((t, i) => [t, new Map([[MEMBER, { available: i === 0 ? 50 : 9000, pending: 0 }]])]),
  );

  function principalOf(req: IncomingMessage): Principal | undefined {
    const oauth = req.headers['x-cap-api-oauth-token'];
    if (typeof oauth === 'string' && oauth !== '') return tokens.get(oauth);
    const auth = req.headers.authorization ?? '';
    const m = /^Basic\s+(\S+)$/i.exec(auth);
    if (!m) return undefined;
    const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const till = BASIC[decoded.slice(0, colon)];
    if (!till || md5(till.password) !== decoded.slice(colon + 1).toLowerCase()) return undefined;
    return { tenant: tenants.get(till.tenant) as Tenant, pointsAccess: till.pointsAccess };
  }

  async function capillary(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const routes: Record<string, string> = {
      '/v2/customers/lookup/negativePointsAdjustment': 'POST',
      '/v2/points/unlockPromisedPoints': 'POST',
      '/v2/customers/lookup/points/balance': 'GET',
    };
    const method = routes[url.pathname];
    if (!method)
      return send(res, 404, { errors: [{ status: false, code: 404, message: 'Not found' }], warnings: [] });
    if (req.method !== method) {
      res.setHeader('Allow', method);
      return send(res, 405, {
        errors: [{ status: false, code: 405, message: 'Method not allowed' }],
        warnings: [],
      });
    }
    const raw = await readBody(req);
    const principal = principalOf(req);
    if (!principal)
      return send(res, 401, {
        errors: [{ status: false, code: 401, message: 'Authentication failed' }],
        warnings: [],
      });
    const tenant = principal.tenant;
    try {
      let body: unknown;
      if (method === 'POST') {
        try {
          body = raw === '' ? undefined : JSON.parse(raw);
        } catch {
          throw new ApiError(8990, 'Malformed JSON body');
        }
      }
      if (url.pathname.endsWith('negativePointsAdjustment')) {
        // "Access to Points access group resource."
        if (!principal.pointsAccess)
          return send(res, 403, {
            errors: [{ status: false, code: 4000, message: 'Not authorized: Points access group required' }],
            warnings: [],
          });
        return send(res, 200, deduct(tenant, url.searchParams, body));
      }
      if (url.pathname.endsWith('unlockPromisedPoints'))
        return send(res, 200, unlock(tenant, url.searchParams, body));
      return send(res, 200, balance(tenant, url.searchParams));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return send(res, statusOf(tenant, e), {
        errors: [{ status: false, code: e.code, message: e.message }],
        warnings: [],
      });
    }
  }

  async function oauth(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: { key?: unknown; secret?: unknown } = {};
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      // an empty or malformed body is refused below
    }
    const client = typeof body?.key === 'string' ? OAUTH_CLIENTS[body.key] : undefined;
    if (!client || body.secret !== client.secret)
      return send(res, 401, { data: null, errors: [{ code: 401, message: 'Invalid key or secret' }] });
    const token = `cr15-${randomUUID()}`;
    tokens.set(token, { tenant: tenants.get(client.tenant) as Tenant, pointsAccess: client.pointsAccess });
    return send(res, 200, { data: { accessToken: token, ttlSeconds: 3600 }, errors: null });
  }

  async function fabricAdjust(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const m = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
    const members = m ? fabric.get(m[1] as string) : undefined;
    if (!members)
      return send(res, 401, {
        message: 'Unauthorized',
        errors: { authorization: 'invalid token' },
        data: null,
        status: 401,
      });
    const refuse = (field: string, text: string, status = 400) =>
      send(res, status, { message: 'Invalid request', errors: { [field]: text }, data: null, status });
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return refuse('body', 'malformed JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      return refuse('body', 'must be an object');
    const b = body as Record<string, unknown>;
    // "points number required … Can be positive or negative."
    if (typeof b.points !== 'number' || !Number.isFinite(b.points))
      return refuse('points', 'required number');
    if (b.points === 0) return refuse('points', 'must not be zero');
    for (const field of ['pointType', 'billingEntity', 'reasonCode'])
      if (b[field] !== undefined && b[field] !== null && (typeof b[field] !== 'string' || b[field] === ''))
        return refuse(field, 'Minimum length: 1');
    if (b.setToPending !== undefined && typeof b.setToPending !== 'boolean')
      return refuse('setToPending', 'must be a boolean');
    if (typeof b.profileId !== 'string' || b.profileId === '') return refuse('profileId', 'required');
    const member = members.get(b.profileId);
    if (!member) return refuse('profileId', 'member not found', 404);
    const points = b.points;
    if (points > 0 && b.setToPending === true) member.pending += points;
    else member.available += points;
    const verb = points > 0 ? 'added' : 'deducted';
    return send(res, 200, {
      message: 'Member points adjusted',
      errors: {},
      data: {
        Message: `${Math.abs(points).toFixed(1)} points ${verb}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      },
      status: 200,
    });
  }

  function fabricInquiry(req: IncomingMessage, res: ServerResponse, profileId: string) {
    const m = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '');
    const members = m ? fabric.get(m[1] as string) : undefined;
    if (!members) return send(res, 401, { message: 'Unauthorized', errors: {}, data: null, status: 401 });
    const member = members.get(profileId);
    if (!member) return send(res, 404, { message: 'Member not found', errors: {}, data: null, status: 404 });
    return send(res, 200, {
      message: 'Member points',
      errors: {},
      data: [
        {
          pointType: 'Base',
          pointsBalance: { memberPointsAvailable: member.available, memberPointsPending: member.pending },
        },
      ],
      status: 200,
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handle = async (): Promise<void> => {
      if (url.pathname === '/v3/oauth/token/generate' && req.method === 'POST') return oauth(req, res);
      if (url.pathname === '/api/v1/members/points-adjustment') {
        if (req.method !== 'POST') {
          res.setHeader('Allow', 'POST');
          return send(res, 405, { message: 'Method not allowed', errors: {}, data: null, status: 405 });
        }
        return fabricAdjust(req, res);
      }
      const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(url.pathname);
      if (inquiry && req.method === 'GET' && options.memberInquiry)
        return fabricInquiry(req, res, decodeURIComponent(inquiry[1] as string));
      if (url.pathname.startsWith('/api/'))
        return send(res, 404, { message: 'Not found', errors: {}, data: null, status: 404 });
      return capillary(req, res, url);
    };
    handle().catch(() => {
      if (!res.headersSent)
        send(res, 500, { errors: [{ status: false, code: 500, message: 'Internal error' }] });
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
