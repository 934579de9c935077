/**
 * Clean room eighteen's three Capillary operations, from the three pages and DESIGN.md. Errors are
 * the documented envelope with extra vendor fields (`requestId`, `timestamp`) and `errors` items
 * carrying extra keys (`field`, `severity`), in wording of its own (codes as the pages give them).
 * Statuses: 404 for what is not found (8015, 82323277, 3918), 422 for business refusals (8906,
 * 8907, 82323282, 1218, 8874, 8877), 400 for the rest. Codes the pages do not give are its own:
 * 8960 malformed JSON, 8961 amount missing or not a number, 8963 negative amount, 8962 reason over
 * 50 characters, 8964 bad programId, 8965 promotionId with promotionIdentifier, 8966 bad flag,
 * 8967 ill-typed unlock field.
 */
import type { Bill, BillLine, Customer, Org } from './data.ts';
import { Milli, MilliString, readAmount } from './json.ts';

export interface Reply {
  readonly status: number;
  readonly body: unknown;
}

const NOT_FOUND = new Set([8015, 82323277, 3918]);
const BUSINESS = new Set([8906, 8907, 82323282, 1218, 8874, 8877]);
let sequence = 0;

export function capError(code: number, message: string, field?: string): Reply {
  const status = NOT_FOUND.has(code) ? 404 : BUSINESS.has(code) ? 422 : 400;
  return {
    status,
    body: {
      requestId: `r18-${(++sequence).toString(36).padStart(6, '0')}`,
      errors: [{ code, status: false, message, field, severity: 'ERROR' }],
      warnings: [],
      timestamp: new Date().toISOString(),
    },
  };
}

const NPA_SOURCES = ['INSTORE', 'MARTJACK', 'WECHAT', 'FACEBOOK', 'WEB_ENGAGE', 'TMALL', 'TAOBAO', 'JD'];
const MORE_SOURCES = ['ECOMMERCE', 'WEBSITE', 'LINE'];
const SOURCES = {
  npa: new Set([...NPA_SOURCES, ...MORE_SOURCES, 'ALL']),
  upp: new Set([...NPA_SOURCES, ...MORE_SOURCES, 'MOBILE_APP']),
  balance: new Set([...NPA_SOURCES, ...MORE_SOURCES, 'ALL', 'MOBILE_APP']),
};
/** Identifier names each operation takes (the pages' lists, email added where dual eligibility names it). */
const NAMES = {
  npa: new Set(['externalId', 'mobile', 'email']),
  upp: new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId', 'email']),
  balance: new Set(['email', 'mobile', 'externalId', 'id', 'cuid']),
};

type Family = keyof typeof SOURCES;

/**
 * The customer named by the query: the org's primary identifier decides a list; a lone identifier
 * finds its customer if exactly one has it (the household's shared mobile names no one). On the
 * balance, the page's note binds: a lone non-primary identifier, or a list without it, is 8015.
 */
function lookup(org: Org, query: URLSearchParams, family: Family): Customer | Reply {
  const names = (query.get('identifierName') ?? '').split(',').map((n) => n.trim());
  const values = (query.get('identifierValue') ?? '').split(',').map((v) => v.trim());
  if (names.some((n) => !NAMES[family].has(n)))
    return capError(8013, 'That kind of identifier is not accepted here');
  if (names.length !== values.length) return capError(8013, 'Identifier names and values do not pair up');
  const notFound = capError(8015, 'No shopper matches the identifiers supplied', 'identifierValue');
  const at = names.indexOf(org.primary);
  if (at >= 0) return org.customers.find((c) => c.identifiers[org.primary] === values[at]) ?? notFound;
  if (family === 'balance' || names.length > 1) return notFound;
  const found = org.customers.filter((c) => c.identifiers[names[0]!] === values[0]);
  return found.length === 1 ? found[0]! : notFound;
}

function parseBody(raw: string): Record<string, unknown> | Reply {
  try {
    const body: unknown = JSON.parse(raw || 'null');
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // answered below
  }
  return capError(8960, 'The request body must be a JSON object');
}

const isReply = (x: unknown): x is Reply =>
  typeof x === 'object' && x !== null && 'status' in x && 'body' in x;
const isId = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x > 0;

/** Query checks shared by the deduction and the balance. */
function queryCustomer(org: Org, query: URLSearchParams, family: Family): Customer | Reply {
  if (!query.get('identifierName')) return capError(8013, 'identifierName is needed', 'identifierName');
  if (!query.get('identifierValue')) return capError(8015, 'identifierValue is needed', 'identifierValue');
  if (!SOURCES[family].has(query.get('source') ?? ''))
    return capError(8003, 'Unknown source channel', 'source');
  return lookup(org, query, family);
}

export function deduct(org: Org, query: URLSearchParams, raw: string): Reply {
  const body = parseBody(raw);
  if (isReply(body)) return body;
  const reason = body.reasonOfReturn;
  if (typeof reason !== 'string' || reason.trim() === '')
    return capError(8882, 'A reason for the return is needed', 'reasonOfReturn');
  if (reason.length > 50)
    return capError(8962, 'The reason may hold 50 characters at most', 'reasonOfReturn');
  const amount = readAmount(body.pointsToBeAdjusted);
  if (!amount) return capError(8961, 'pointsToBeAdjusted must be a number', 'pointsToBeAdjusted');
  if (amount.negative) return capError(8963, 'pointsToBeAdjusted must be above zero', 'pointsToBeAdjusted');
  if (amount.milli === 0 && amount.decimals === 0) return capError(8888, 'Zero points cannot be deducted');
  if (body.programId !== undefined && body.programId !== null && !isId(body.programId))
    return capError(8964, 'programId must be a positive integer', 'programId');
  const { promotionId, promotionIdentifier, pointsAwardedId, pointsAwardedRefType } = body;
  const hasPromoId = promotionId !== undefined && promotionId !== null;
  const hasPromoIdentifier = promotionIdentifier !== undefined && promotionIdentifier !== null;
  if (hasPromoId && hasPromoIdentifier)
    return capError(8965, 'Give promotionId or promotionIdentifier, not both');
  if (hasPromoIdentifier && !isId(body.programId))
    return capError(8887, 'A promotionIdentifier needs its programId', 'programId');
  const refTypes = [
    'bill_regular',
    'bill_promotions',
    'line_item_regular',
    'line_item_promotions',
    'customer_promotions',
  ];
  if (pointsAwardedRefType !== undefined && !refTypes.includes(pointsAwardedRefType as string))
    return capError(9975, 'Unknown reference type for awarded points', 'pointsAwardedRefType');
  const customer = queryCustomer(org, query, 'npa');
  if (isReply(customer)) return customer;
  let programId = isId(body.programId) ? (body.programId as number) : undefined;
  if (hasPromoId || hasPromoIdentifier) {
    const promo = org.promotions.find((p) =>
      hasPromoId ? p.id === promotionId : p.identifier === promotionIdentifier,
    );
    if (!promo || (programId !== undefined && promo.programId !== programId))
      return capError(
        8874,
        'No such promotion in this program',
        hasPromoId ? 'promotionId' : 'promotionIdentifier',
      );
    programId = promo.programId;
  }
  programId ??= org.defaultProgram;
  const main = customer.main.get(programId);
  if (main === undefined)
    return capError(1218, `Shopper is not a member of program ${programId}`, 'programId');
  if (
    pointsAwardedId !== undefined &&
    pointsAwardedId !== null &&
    !customer.awards.includes(pointsAwardedId as number)
  )
    return capError(8877, 'That points award is not this shopper’s', 'pointsAwardedId');
  const allowed = org.roundDecimals.get(programId) ?? 0;
  if (amount.decimals > allowed)
    return capError(
      8906,
      `${amount.decimals} decimal places sent; program ${programId} rounds to ${allowed}`,
      'pointsToBeAdjusted',
    );
  if (amount.milli === 0) return capError(8888, 'Zero points cannot be deducted');
  if (!org.negativeOnReturn && amount.milli > main)
    return capError(
      8907,
      'Not enough points: negative balances on return are switched off',
      'pointsToBeAdjusted',
    );
  customer.main.set(programId, main - amount.milli);
  return {
    status: 200,
    body: {
      status: 'success',
      pointsAvailable: new MilliString(main - amount.milli),
      message: 'Points taken back from the shopper',
      warnings: [],
    },
  };
}

function promised(org: Org, customer: Customer, programs: readonly number[]): number {
  let sum = 0;
  for (const bill of org.bills)
    if (bill.customer === customer.entityId)
      for (const line of bill.lines)
        if (!line.unlocked && programs.includes(line.programId)) sum += line.milli;
  return sum;
}

export function balance(org: Org, query: URLSearchParams): Reply {
  const customer = queryCustomer(org, query, 'balance');
  if (isReply(customer)) return customer;
  const programText = query.get('programId');
  if (programText !== null && !/^[1-9]\d{0,15}$/.test(programText))
    return capError(8964, 'programId must be a positive integer', 'programId');
  const all = query.get('fetchDataForAllPrograms');
  if (all !== null && all !== 'true' && all !== 'false')
    return capError(8966, 'fetchDataForAllPrograms is true or false', 'fetchDataForAllPrograms');
  const programs =
    all === 'true' ? [...customer.main.keys()] : [programText ? Number(programText) : org.defaultProgram];
  const main = programs.reduce((sum, p) => sum + (customer.main.get(p) ?? 0), 0);
  const delayed = promised(org, customer, programs);
  return {
    status: 200,
    body: {
      entityId: customer.entityId,
      entityType: 'CUSTOMER',
      totalPoints: new Milli(main + delayed),
      mainPoints: new Milli(main),
      promisedPoints: new Milli(delayed),
      promisedPointsBreakup: { delayedAccrualPoints: new Milli(delayed), externalTriggerBasedPoints: 0 },
      warnings: [],
    },
  };
}

const isIdList = (x: unknown) => Array.isArray(x) && x.every((v) => Number.isSafeInteger(v));

/** Ill-typed optional unlock fields, checked before any lookup. */
function unlockTypes(body: Record<string, unknown>): Reply | undefined {
  const { eventLogId, lineItemIds, itemCodes, billNumber, eventName } = body;
  const logOk =
    eventLogId === undefined ||
    Number.isSafeInteger(eventLogId) ||
    (typeof eventLogId === 'string' && /^\d+$/.test(eventLogId)) ||
    isIdList(eventLogId);
  if (!logOk) return capError(8967, 'eventLogId must be an id or a list of ids', 'eventLogId');
  if (lineItemIds !== undefined && !isIdList(lineItemIds))
    return capError(8967, 'lineItemIds must be a list of ids', 'lineItemIds');
  if (itemCodes !== undefined && !(Array.isArray(itemCodes) && itemCodes.every((c) => typeof c === 'string')))
    return capError(8967, 'itemCodes must be a list of strings', 'itemCodes');
  for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
    if (body[field] !== undefined && !isId(body[field]))
      return capError(8967, `${field} must be an id`, field);
  if (
    body.billDate !== undefined &&
    !(typeof body.billDate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(body.billDate))
  )
    return capError(8967, 'billDate is written YYYY-MM-DD', 'billDate');
  if (billNumber === undefined || billNumber === null || billNumber === '')
    return capError(82323271, 'The bill number is missing', 'billNumber');
  if (typeof billNumber !== 'string' && typeof billNumber !== 'number')
    return capError(8967, 'billNumber must be a string', 'billNumber');
  if (typeof eventName !== 'string' || eventName === '')
    return capError(82323272, 'The event name is missing', 'eventName');
  return undefined;
}

function eventLogMatches(bill: Bill, eventLogId: unknown): boolean {
  if (eventLogId === undefined) return true;
  const ids = Array.isArray(eventLogId) ? eventLogId : [eventLogId];
  return ids.some((id) => Number(id) === bill.eventLogId);
}

function selectLines(bill: Bill, body: Record<string, unknown>): BillLine[] {
  const ids = body.lineItemIds as number[] | undefined;
  const codes = body.itemCodes as string[] | undefined;
  const open = bill.lines.filter((l) => !l.unlocked);
  if (!ids?.length && !codes?.length) return open;
  // Either filter picks a line (a union of the two lists).
  return open.filter(
    (l) =>
      (l.lineItemId !== undefined && ids?.includes(l.lineItemId)) ||
      (l.itemCode !== undefined && codes?.includes(l.itemCode)),
  );
}

export function unlock(org: Org, query: URLSearchParams, raw: string): Reply {
  if (!query.get('identifierName') || !query.get('identifierValue') || !query.get('source'))
    return capError(82323284, 'identifierName, identifierValue and source are all needed');
  if (!SOURCES.upp.has(query.get('source')!)) return capError(8003, 'Unknown source channel', 'source');
  const type = query.get('type') ?? 'CUSTOMER';
  if (type !== 'CUSTOMER' && type !== 'USERGROUP2') return capError(82323276, 'Unknown entity type', 'type');
  const body = parseBody(raw);
  if (isReply(body)) return body;
  const typeError = unlockTypes(body);
  if (typeError) return typeError;
  // This org has no user groups: every group identifier is unknown.
  if (type === 'USERGROUP2') return capError(1645, 'No such user group', 'identifierValue');
  const customer = lookup(org, query, 'upp');
  if (isReply(customer)) return customer;
  const bill = org.bills.find(
    (b) => b.customer === customer.entityId && b.billNumber === String(body.billNumber),
  );
  if (!bill) return capError(82323277, 'This shopper has no bill with that number', 'billNumber');
  if (bill.eventName !== body.eventName) return capError(82323272, 'The event named did not issue this bill');
  if (!eventLogMatches(bill, body.eventLogId))
    return capError(3918, 'No event log with that id', 'eventLogId');
  const lines = selectLines(bill, body);
  if (lines.length === 0) return capError(82323282, 'Nothing promised is left to unlock here');
  const answer = lines.map((line) => {
    line.unlocked = true;
    customer.main.set(line.programId, (customer.main.get(line.programId) ?? 0) + line.milli);
    return {
      billNumber: bill.billNumber,
      itemCode: line.itemCode,
      pointsUnlocked: new MilliString(line.milli),
      programId: line.programId,
    };
  });
  return { status: 200, body: { pointsUnlocked: answer, warnings: [] } };
}
