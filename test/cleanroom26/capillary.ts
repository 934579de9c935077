import type { Bill, Customer, Org } from './data.ts';
import { asRecord, badRequest, capillaryError, decimal, intField, queryBoolean } from './nest.ts';

/**
 * The three Capillary controllers' services. Fields a page gives a code for are checked in the
 * service and thrown as the Capillary envelope; the rest are the DTO's class-validator
 * constraints, refused by the ValidationPipe (400, `message` an array). The pipe runs with
 * `whitelist: true` but not `forbidNonWhitelisted`: unknown body properties are stripped, not
 * refused (the pages list no closed set of body members).
 */
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
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const NOT_FOUND = 'Customer not found for the given identifiers';

const findBy = (org: Org, name: string, value: string): Customer[] =>
  org.customers.filter((c) => c.identifiers[name] === value);

function single(org: Org, name: string, value: string): Customer {
  const found = findBy(org, name, value);
  if (found.length !== 1) throw capillaryError(8015, NOT_FOUND);
  return found[0] as Customer;
}

const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);

/** Amount as the DTO takes it: a number or a numeric string; thousandths and significant places. */
function amount(value: unknown): { milli: number; places: number } | 'invalid' | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'string' && /^\s*-?\d{1,12}(\.\d+)?\s*$/.test(value)) text = value.trim();
  else return 'invalid';
  if (/e/i.test(text)) return 'invalid';
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const significant = fraction.replace(/0+$/, '');
  const places = significant.length;
  const milli = Number(whole) * 1000 + (places <= 3 ? Number(significant.padEnd(3, '0') || '0') : 0);
  return { milli: text.startsWith('-') ? -milli : milli, places };
}

export function negativePointsAdjustment(org: Org, query: URLSearchParams, raw: unknown): unknown {
  const name = query.get('identifierName');
  const value = query.get('identifierValue');
  const source = query.get('source');
  if (name !== 'mobile' && name !== 'externalId')
    throw capillaryError(8013, 'Lookup,Invalid identifier passed');
  if (!source || !NPA_SOURCES.has(source)) throw capillaryError(8003, 'Invalid source');
  if (!value) throw capillaryError(8015, NOT_FOUND);
  const body = asRecord(raw);
  const messages: string[] = [];
  const points = amount(body.pointsToBeAdjusted);
  if (points === undefined) messages.push('pointsToBeAdjusted should not be empty');
  if (points === 'invalid')
    messages.push('pointsToBeAdjusted must be a number conforming to the specified constraints');
  if (typeof points === 'object' && points.milli < 0)
    messages.push('pointsToBeAdjusted must be a positive number');
  const reason = body.reasonOfReturn;
  if (reason !== undefined && reason !== null && typeof reason !== 'string')
    messages.push('reasonOfReturn must be a string');
  if (typeof reason === 'string' && reason.length > 50)
    messages.push('reasonOfReturn must be shorter than or equal to 50 characters');
  const programId = intField(body.programId, 'programId', messages);
  const promotionId = intField(body.promotionId, 'promotionId', messages);
  const pointsAwardedId = intField(body.pointsAwardedId, 'pointsAwardedId', messages);
  const promotionIdentifier = body.promotionIdentifier;
  if (
    promotionIdentifier !== undefined &&
    promotionIdentifier !== null &&
    typeof promotionIdentifier !== 'string'
  )
    messages.push('promotionIdentifier must be a string');
  const refType = body.pointsAwardedRefType;
  if (refType !== undefined && refType !== null && typeof refType !== 'string')
    messages.push('pointsAwardedRefType must be a string');
  if (promotionId !== undefined && promotionIdentifier !== undefined && promotionIdentifier !== null)
    messages.push('promotionId and promotionIdentifier cannot be passed together');
  if (messages.length > 0 || typeof points !== 'object') throw badRequest(messages);
  if (typeof reason !== 'string' || reason.trim() === '')
    throw capillaryError(8882, 'reason of return is missing');
  const customer = single(org, name, value);
  // "0.0001" is not zero to the service: its places are counted first (8906 below).
  if (points.milli === 0 && points.places <= 3) throw capillaryError(8888, 'points cannot be zero');
  if (typeof refType === 'string' && !REF_TYPES.has(refType))
    throw capillaryError(9975, 'invalid pointsAwardedRefType');
  if (typeof promotionIdentifier === 'string') {
    if (programId === undefined) throw capillaryError(8887, 'promotionIdentifier needs programId');
    if (promotionIdentifier !== org.promotion.identifier) throw capillaryError(8874, 'invalid promotion id');
  }
  if (promotionId !== undefined && promotionId !== org.promotion.id)
    throw capillaryError(8874, 'invalid promotion id');
  if (pointsAwardedId !== undefined && pointsAwardedId !== org.pointsAwardedId)
    throw capillaryError(8877, 'invalid pointsAwardedId');
  const program = programId ?? org.defaultProgram;
  if (!customer.programs.includes(program)) throw capillaryError(1218, 'customer not enrolled in program');
  const places = org.decimals.get(program) ?? 0;
  if (points.places > places)
    throw capillaryError(
      8906,
      `decimal places passed: ${points.places} is greater than the configured round decimals: ${places} for programId: ${program}`,
    );
  const available = customer.main.get(program) ?? 0;
  if (!org.negativeBalance && points.milli > available)
    throw capillaryError(
      8907,
      `points to be deducted ${decimal(points.milli)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
    );
  customer.main.set(program, available - points.milli);
  return {
    status: 'success',
    pointsAvailable: decimal(available - points.milli),
    message: 'points deducted successfully for the user ',
    warnings: [],
  };
}

/** Dual eligibility: the org's primary decides among comma-separated pairs; without it, 8015. */
function lookupForBalance(org: Org, names: string[], values: string[]): Customer {
  if (names.length === 0 || names.length !== values.length || values.some((v) => v === ''))
    throw capillaryError(8015, NOT_FOUND);
  if (org.dualPrimary) {
    const at = names.indexOf(org.dualPrimary);
    if (at < 0) throw capillaryError(8015, NOT_FOUND);
    return single(org, org.dualPrimary, values[at] as string);
  }
  const matches = names.map((n, i) => single(org, n, values[i] as string));
  if (matches.some((c) => c !== matches[0])) throw capillaryError(8015, NOT_FOUND);
  return matches[0] as Customer;
}

export function pointsBalance(org: Org, query: URLSearchParams): unknown {
  const messages: string[] = [];
  const rawProgram = query.get('programId');
  const programId = rawProgram === null ? undefined : intField(rawProgram, 'programId', messages);
  if (messages.length > 0) throw badRequest(messages);
  const all = queryBoolean(query.get('fetchDataForAllPrograms'), 'fetchDataForAllPrograms') ?? false;
  const names = (query.get('identifierName') ?? '').split(',').map((s) => s.trim());
  const values = (query.get('identifierValue') ?? '').split(',').map((s) => s.trim());
  const customer = lookupForBalance(org, names, values);
  const programs = all ? customer.programs : [programId ?? org.defaultProgram];
  const of = (table: Map<number, number>) => sum(programs.map((p) => table.get(p) ?? 0));
  const main = of(customer.main);
  const delayed = of(customer.delayed);
  const external = of(customer.external);
  return {
    entityId: Number(customer.id),
    entityType: 'CUSTOMER',
    totalPoints: decimal(main + delayed + external),
    mainPoints: decimal(main),
    promisedPoints: decimal(delayed + external),
    promisedPointsBreakup: {
      delayedAccrualPoints: decimal(delayed),
      externalTriggerBasedPoints: decimal(external),
    },
    warnings: [],
  };
}

const UPP_NAMES = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);

function integerList(value: unknown, name: string, messages: string[]): number[] | undefined {
  if (value === undefined || value === null) return undefined;
  const items = Array.isArray(value) ? value : [value];
  const out = items.map((v) => intField(v, name, messages));
  return out.filter((v): v is number => v !== undefined);
}

export function unlockPromisedPoints(org: Org, query: URLSearchParams, raw: unknown): unknown {
  const name = query.get('identifierName');
  const value = query.get('identifierValue');
  const source = query.get('source');
  if (!name || !value || !source)
    throw capillaryError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
  const type = query.get('type') ?? 'CUSTOMER';
  if (type === 'USERGROUP2') throw capillaryError(1645, 'Group details passed are not valid.');
  if (type !== 'CUSTOMER') throw capillaryError(82323276, 'Entity type invalid.');
  if (!UPP_NAMES.has(name)) throw capillaryError(8013, 'Lookup,Invalid identifier passed');
  if (!UPP_SOURCES.has(source)) throw capillaryError(8003, 'Invalid source');
  const body = asRecord(raw);
  const messages: string[] = [];
  const eventLogIds = integerList(body.eventLogId, 'eventLogId', messages);
  const lineItemIds = integerList(body.lineItemIds, 'lineItemIds', messages);
  for (const key of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
    intField(body[key], key, messages);
  const itemCodes = body.itemCodes;
  if (
    itemCodes !== undefined &&
    itemCodes !== null &&
    (!Array.isArray(itemCodes) || itemCodes.some((c) => typeof c !== 'string' && typeof c !== 'number'))
  )
    messages.push('each value in itemCodes must be a string');
  for (const key of ['eventName', 'billDate'])
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'string')
      messages.push(`${key} must be a string`);
  const billNumber = body.billNumber;
  if (
    billNumber !== undefined &&
    billNumber !== null &&
    typeof billNumber !== 'string' &&
    typeof billNumber !== 'number'
  )
    messages.push('billNumber must be a string');
  if (messages.length > 0) throw badRequest(messages);
  if (billNumber === undefined || billNumber === null || billNumber === '')
    throw capillaryError(82323271, 'Bill number missing.');
  const customer = single(org, name, value);
  const eventName = body.eventName;
  const bill: Bill | undefined = org.bills.find(
    (b) => b.billNumber === String(billNumber) && b.customerId === customer.id,
  );
  if (typeof eventName !== 'string' || eventName === '')
    throw capillaryError(82323272, 'Event name not found.');
  if (!bill) throw capillaryError(82323277, 'No bill found for given bill number.');
  if (eventName !== bill.eventName) throw capillaryError(82323272, 'Event name not found.');
  if (eventLogIds && eventLogIds.length > 0 && !eventLogIds.includes(bill.eventLogId))
    throw capillaryError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
  const codes = Array.isArray(itemCodes) ? itemCodes.map(String) : undefined;
  const filtered = (lineItemIds?.length ?? 0) > 0 || (codes?.length ?? 0) > 0;
  const chosen = bill.lines.filter((l) => {
    if (l.unlocked) return false;
    if (!filtered) return true;
    if (l.itemCode === undefined) return false;
    return (lineItemIds ?? []).includes(l.lineItemId ?? -1) || (codes ?? []).includes(l.itemCode);
  });
  if (chosen.length === 0) throw capillaryError(82323282, 'No promise points found to unlock.');
  for (const l of chosen) {
    l.unlocked = true;
    customer.delayed.set(l.programId, (customer.delayed.get(l.programId) ?? 0) - l.points);
    customer.main.set(l.programId, (customer.main.get(l.programId) ?? 0) + l.points);
  }
  return {
    pointsUnlocked: chosen.map((l) => ({
      billNumber: bill.billNumber,
      ...(l.itemCode === undefined ? {} : { itemCode: l.itemCode }),
      pointsUnlocked: decimal(l.points),
      programId: l.programId,
      ...(l.promotion === undefined
        ? {}
        : {
            promotionIdentifier: l.promotion.identifier,
            promotionId: l.promotion.id,
            promotionName: l.promotion.name,
          }),
    })),
    warnings: [],
  };
}
