/**
 * The Capillary-like service, written as a Spring Boot controller would answer: figures as
 * BigDecimal numbers with the org's scale (`1250.5000`), keys in the DTOs' declaration order (not
 * the pages'), request values coerced as Jackson does (coerce.ts), Spring Security's default
 * headers, and Spring's own error body (`timestamp` with the server's +05:30 offset) for a path or
 * method it has no handler for. API errors use the confirmed envelope, 404 for 8015, 400 the rest.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Auth19 } from './auth.ts';
import { asInt, asList, asString, INVALID, queryBoolean } from './coerce.ts';
import type { Bill19, Customer19, Org19, Promise19 } from './data.ts';
import { format, parseAmount } from './decimal.ts';
import { identify } from './identify.ts';
import { Decimal, writeJson } from './json.ts';
import { parseJson, readBody, send } from './wire.ts';

// The pages' own lists (the deduction's ALL, the unlock's MOBILE_APP), as one string each.
const NPA_SOURCES =
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' ');
const UPP_SOURCES =
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' ');
const REF_TYPES =
  'bill_regular bill_promotions line_item_regular line_item_promotions customer_promotions'.split(' ');
const JSON_TYPE = 'application/json';

/** An API error: its code, message and HTTP status. */
class Refusal {
  constructor(
    readonly code: number,
    readonly message: string,
    readonly status = code === 8015 ? 404 : 400,
  ) {}
}

/** The time as this server's clock shows it: India Standard Time, written with its offset. */
function istNow(): string {
  const shifted = new Date(Date.now() + 5.5 * 3600_000).toISOString();
  return `${shifted.slice(0, -1)}+05:30`;
}

export class Capillary19 {
  private readonly auth = new Auth19();

  constructor(private readonly orgs: Map<string, Org19>) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Spring Security's defaults on every answer.
    res.setHeader('Cache-Control', 'no-cache, no-store, max-age=0, must-revalidate');
    res.setHeader('Pragma', 'no-cache');
    res.setHeader('Expires', '0');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = ROUTES[url.pathname.replace(/\/+$/, '')];
    if (!route) return this.springError(res, 404, 'Not Found', url.pathname);
    if (req.method !== route.method) {
      res.setHeader('Allow', route.method);
      return this.springError(res, 405, 'Method Not Allowed', url.pathname);
    }
    const text = await readBody(req);
    try {
      if (route.name === 'token') return this.token(res, text);
      const client = this.auth.client(req);
      if (!client) throw new Refusal(401, 'Invalid or missing credentials', 401);
      if (route.name === 'npa' && !client.points)
        throw new Refusal(4000, 'Not authorized: the Points access group is required', 403);
      const org = this.orgs.get(client.org);
      if (!org) throw new Refusal(401, 'Unknown org', 401);
      const body =
        route.name === 'balance'
          ? balance(org, url.searchParams)
          : route.name === 'npa'
            ? deduct(org, url.searchParams, text)
            : unlock(org, url.searchParams, text);
      send(res, 200, JSON_TYPE, writeJson(body));
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      const envelope = {
        warnings: [],
        errors: [{ message: error.message, code: error.code, status: false }],
      };
      send(res, error.status, JSON_TYPE, writeJson(envelope));
    }
  }

  private token(res: ServerResponse, text: string): void {
    const body = parseJson(text) as { key?: unknown; secret?: unknown } | undefined;
    const issued =
      body && typeof body === 'object' && !(body instanceof Error)
        ? this.auth.issue(body.key, body.secret)
        : undefined;
    if (!issued) {
      send(
        res,
        401,
        JSON_TYPE,
        writeJson({ data: null, errors: [{ code: 401, message: 'Invalid key or secret', status: false }] }),
      );
      return;
    }
    send(res, 200, JSON_TYPE, writeJson({ data: issued, errors: null }));
  }

  private springError(res: ServerResponse, status: number, error: string, path: string): void {
    send(res, status, JSON_TYPE, writeJson({ timestamp: istNow(), status, error, path }));
  }
}

const ROUTES: Record<string, { name: 'token' | 'npa' | 'balance' | 'upp'; method: string }> = {
  '/v3/oauth/token/generate': { name: 'token', method: 'POST' },
  '/v2/customers/lookup/negativePointsAdjustment': { name: 'npa', method: 'POST' },
  '/v2/customers/lookup/points/balance': { name: 'balance', method: 'GET' },
  '/v2/points/unlockPromisedPoints': { name: 'upp', method: 'POST' },
};

function figure(org: Org19, units: bigint): Decimal {
  return new Decimal(format(units, org.scale));
}

function lookup(org: Org19, query: URLSearchParams, loneSecondary: 'refuse' | 'unique'): Customer19 {
  const found = identify(
    org,
    query.get('identifierName') ?? '',
    query.get('identifierValue') ?? '',
    loneSecondary,
  );
  if ('code' in found) throw new Refusal(found.code, found.message);
  return found.customer;
}

function object(text: string, code: number): Record<string, unknown> {
  const body = parseJson(text);
  if (
    body === undefined ||
    body instanceof Error ||
    typeof body !== 'object' ||
    body === null ||
    Array.isArray(body)
  )
    throw new Refusal(code, 'Request body is not a JSON object');
  return body as Record<string, unknown>;
}

/** A program of the org the customer is enrolled in (1218 otherwise, as DESIGN.md's code says). */
function program(org: Org19, customer: Customer19, raw: unknown): number {
  const id = asInt(raw);
  if (id === INVALID) throw new Refusal(8935, 'programId must be an integer');
  const programId = id ?? org.defaultProgramId;
  if (!customer.main.has(programId))
    throw new Refusal(1218, `Customer is not enrolled in program ${programId}`);
  return programId;
}

function deduct(org: Org19, query: URLSearchParams, text: string): unknown {
  if (!NPA_SOURCES.includes(query.get('source') ?? '')) throw new Refusal(8003, 'Invalid source');
  if (!query.get('identifierName')) throw new Refusal(8013, 'Lookup,Invalid identifier passed');
  const body = object(text, 8930);
  const amount = parseAmount(body.pointsToBeAdjusted);
  if (!amount) throw new Refusal(8931, 'pointsToBeAdjusted must be a number');
  if (amount.units === 0n && amount.places === 0) throw new Refusal(8888, 'Points cannot be zero');
  if (amount.units < 0n) throw new Refusal(8932, 'pointsToBeAdjusted must be greater than zero');
  const reason = asString(body.reasonOfReturn);
  if (reason === INVALID || reason === undefined || reason.trim() === '')
    throw new Refusal(8882, 'reasonOfReturn is required');
  if (reason.length > 50) throw new Refusal(8934, 'reasonOfReturn must be at most 50 characters');
  checkPromotion(org, body);
  const awarded = asInt(body.pointsAwardedId);
  if (awarded === INVALID || (awarded !== undefined && awarded !== org.pointsAwardedId))
    throw new Refusal(8877, 'Invalid pointsAwardedId');
  const refType = body.pointsAwardedRefType;
  if (refType !== undefined && refType !== null && !REF_TYPES.includes(String(refType)))
    throw new Refusal(9975, 'Invalid pointsAwardedRefType');
  const customer = lookup(org, query, 'unique');
  const programId = program(org, customer, body.programId);
  const decimals = org.roundDecimals.get(programId) ?? 0;
  if (amount.places > decimals)
    throw new Refusal(
      8906,
      `decimal places passed: ${amount.places} is greater than the configured round decimals: ${decimals} for programId: ${programId}`,
    );
  if (amount.units === 0n) throw new Refusal(8888, 'Points cannot be zero');
  const available = customer.main.get(programId) ?? 0n;
  if (!org.negativeBalanceOnReturn && amount.units > available)
    throw new Refusal(
      8907,
      `points to be deducted ${format(amount.units, 0)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
    );
  customer.main.set(programId, available - amount.units);
  const left = format(available - amount.units, org.scale);
  return {
    warnings: [],
    message: 'points deducted successfully for the user',
    pointsAvailable: org.pointsAvailableAsString ? left : new Decimal(left),
    status: 'success',
  };
}

function checkPromotion(org: Org19, body: Record<string, unknown>): void {
  const id = asInt(body.promotionId);
  const identifier = asString(body.promotionIdentifier);
  if (id !== undefined && identifier !== undefined)
    throw new Refusal(8936, 'Pass either promotionId or promotionIdentifier, not both');
  if (identifier !== undefined && (body.programId === undefined || body.programId === null))
    throw new Refusal(8887, 'programId is required with promotionIdentifier');
  if (id === INVALID || (id !== undefined && id !== org.promotion.id))
    throw new Refusal(8874, 'Invalid promotion id');
  if (
    identifier === INVALID ||
    (identifier !== undefined &&
      (identifier !== org.promotion.identifier || asInt(body.programId) !== org.promotion.programId))
  )
    throw new Refusal(8874, 'Invalid promotion id');
}

function promised(entries: Promise19[], programs: Set<number>): { delayed: bigint; external: bigint } {
  const open = entries.filter((e) => !e.unlocked && programs.has(e.programId));
  const sum = (c: string) => open.filter((e) => e.category === c).reduce((s, e) => s + e.points, 0n);
  return { delayed: sum('delayed'), external: sum('external') };
}

function balance(org: Org19, query: URLSearchParams): unknown {
  const source = query.get('source') ?? '';
  if (!NPA_SOURCES.includes(source) && !UPP_SOURCES.includes(source))
    throw new Refusal(8003, 'Invalid source');
  const all = queryBoolean(query.get('fetchDataForAllPrograms'));
  if (all === INVALID) throw new Refusal(8937, 'fetchDataForAllPrograms must be true or false');
  const customer = lookup(org, query, 'refuse');
  const programs = new Set(all ? customer.main.keys() : [program(org, customer, query.get('programId'))]);
  const main = [...programs].reduce((s, p) => s + (customer.main.get(p) ?? 0n), 0n);
  const { delayed, external } = promised(
    customer.bills.flatMap((b) => b.entries),
    programs,
  );
  return {
    warnings: [],
    promisedPointsBreakup: {
      externalTriggerBasedPoints: figure(org, external),
      delayedAccrualPoints: figure(org, delayed),
    },
    promisedPoints: figure(org, delayed + external),
    mainPoints: figure(org, main),
    totalPoints: figure(org, main + delayed + external),
    entityType: 'CUSTOMER',
    entityId: Number(customer.id),
  };
}

/** A YYYY-MM-DD date, or an ISO date-time with its offset (Java's OffsetDateTime). */
const BILL_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

function unlock(org: Org19, query: URLSearchParams, text: string): unknown {
  if (!query.get('identifierName') || !query.get('identifierValue') || !query.get('source'))
    throw new Refusal(82323284, 'identifierName, identifierValue, or source cannot be empty');
  if (!UPP_SOURCES.includes(query.get('source') ?? '')) throw new Refusal(8003, 'Invalid source');
  const type = query.get('type') ?? 'CUSTOMER';
  if (type === 'USERGROUP2') throw new Refusal(1645, 'Group details passed are not valid');
  if (type !== 'CUSTOMER') throw new Refusal(82323276, 'Entity type invalid');
  const body = object(text, 82323290);
  const eventName = asString(body.eventName);
  const billNumber = asString(body.billNumber);
  const eventLogIds = Array.isArray(body.eventLogId)
    ? asList(body.eventLogId, asInt)
    : asInt(body.eventLogId);
  const lineItemIds = asList(body.lineItemIds, asInt);
  const itemCodes = asList(body.itemCodes, asString);
  const numbers = ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'].map((f) =>
    asInt(body[f]),
  );
  const billDate = asString(body.billDate);
  if (
    [eventName, billNumber, eventLogIds, lineItemIds, itemCodes, billDate, ...numbers].includes(INVALID) ||
    (typeof billDate === 'string' && !BILL_DATE.test(billDate))
  )
    throw new Refusal(82323290, 'A field of the request body has an invalid type or format');
  if (eventName === undefined || eventName === INVALID || eventName.trim() === '')
    throw new Refusal(82323272, 'Event name not found');
  if (billNumber === undefined || billNumber === INVALID || billNumber.trim() === '')
    throw new Refusal(82323271, 'Bill number missing');
  const customer = lookup(org, query, 'unique');
  const bill = customer.bills.find((b) => b.billNumber === billNumber.trim());
  if (!bill) throw new Refusal(82323277, 'No bill found for given bill number');
  if (eventName.trim() !== bill.eventName) throw new Refusal(82323272, 'Event name not found');
  const logIds = typeof eventLogIds === 'number' ? [eventLogIds] : (eventLogIds as number[] | undefined);
  if (logIds !== undefined && logIds.length > 0 && !logIds.includes(bill.eventLogId))
    throw new Refusal(3918, 'Error unlocking points: no eventLog found for given eventLogId');
  const sourceProgramId = numbers[3] as number | undefined;
  const moving = selected(
    bill,
    lineItemIds as number[] | undefined,
    itemCodes as string[] | undefined,
    sourceProgramId,
  );
  if (moving.length === 0) throw new Refusal(82323282, 'No promise points found to unlock');
  for (const e of moving) {
    e.unlocked = true;
    customer.main.set(e.programId, (customer.main.get(e.programId) ?? 0n) + e.points);
  }
  return { warnings: [], pointsUnlocked: moving.map((e) => line(org, bill, e)) };
}

/** The open entries an unlock moves: line items matching every filter given, or all of them. */
function selected(
  bill: Bill19,
  lineItemIds?: number[],
  itemCodes?: string[],
  programId?: number,
): Promise19[] {
  const filtered = (lineItemIds?.length ?? 0) > 0 || (itemCodes?.length ?? 0) > 0;
  return bill.entries.filter((e) => {
    if (e.unlocked || (programId !== undefined && e.programId !== programId)) return false;
    if (!filtered) return true;
    if (e.lineItemId === undefined) return false;
    const byId = !lineItemIds?.length || lineItemIds.includes(e.lineItemId);
    const byCode = !itemCodes?.length || itemCodes.includes(e.itemCode ?? '');
    return byId && byCode;
  });
}

function line(org: Org19, bill: Bill19, e: Promise19): Record<string, unknown> {
  const amount = format(e.points, org.scale);
  const pointsUnlocked = org.pointsAvailableAsString ? amount : new Decimal(amount);
  if (e.promotion)
    return {
      programId: e.programId,
      promotionId: e.promotion.id,
      promotionIdentifier: e.promotion.identifier,
      promotionName: e.promotion.name,
      pointsUnlocked,
    };
  return {
    programId: e.programId,
    billNumber: bill.billNumber,
    ...(e.itemCode ? { itemCode: e.itemCode } : {}),
    pointsUnlocked,
  };
}
