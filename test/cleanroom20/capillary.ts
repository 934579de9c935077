/**
 * The three Capillary operations of the vendor. Query and body are read first as FastAPI reads
 * them (pydantic.ts; a 422 `detail` for what the documents give no code for), then the documented
 * codes in the handler. Figures are Python floats on the balance and Decimal strings quantised to
 * the program's round decimals on the deduction and the unlock.
 */
import { type Customer, type Org, UNIT_SCALE } from './data.ts';
import { checkSource, findCustomer, isReply } from './lookup.ts';
import { bool, decimal, decimalPlaces, int, jsonBody, list, Problems, str, toUnits } from './pydantic.ts';
import { PyDecimal, PyFloat } from './pyjson.ts';
import { capError, type Reply, unprocessable } from './reply.ts';

type Query = URLSearchParams;
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

/** FastAPI's required query parameters: a missing one is a 422 `missing`. */
function required(p: Problems, q: Query, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = q.get(name);
    if (v === null) p.add(['query', name], 'missing', 'Field required', null);
    else out[name] = v;
  }
  return out;
}

const money = (org: Org, programId: number, units: number) =>
  new PyDecimal(units, UNIT_SCALE, org.decimals.get(programId) ?? UNIT_SCALE);

export function deduct(org: Org, q: Query, text: string): Reply {
  const p = new Problems();
  const id = required(p, q, ['identifierName', 'identifierValue', 'source']);
  const body = jsonBody(p, text);
  const amount = decimal(p, ['body', 'pointsToBeAdjusted'], body.pointsToBeAdjusted);
  // Required: absent is `missing`, null is not a Decimal (pydantic's decimal_type).
  if (body.pointsToBeAdjusted === undefined)
    p.add(['body', 'pointsToBeAdjusted'], 'missing', 'Field required', null);
  if (body.pointsToBeAdjusted === null)
    p.add(
      ['body', 'pointsToBeAdjusted'],
      'decimal_type',
      'Decimal input should be an integer, float, string or Decimal object',
      null,
    );
  if (amount !== undefined && Number(amount) < 0)
    p.add(
      ['body', 'pointsToBeAdjusted'],
      'greater_than',
      'Input should be greater than 0',
      body.pointsToBeAdjusted,
    );
  const programId = int(p, ['body', 'programId'], body.programId);
  const reason = str(p, ['body', 'reasonOfReturn'], body.reasonOfReturn, 50);
  const awardId = int(p, ['body', 'pointsAwardedId'], body.pointsAwardedId);
  const promotionId = int(p, ['body', 'promotionId'], body.promotionId);
  const promotionIdentifier = str(p, ['body', 'promotionIdentifier'], body.promotionIdentifier);
  const refType = str(p, ['body', 'pointsAwardedRefType'], body.pointsAwardedRefType);
  if (body.promotionId != null && body.promotionIdentifier != null)
    p.add(['body'], 'value_error', 'Value error, pass promotionId or promotionIdentifier, not both', body);
  if (p.items.length > 0) return unprocessable(p.items);

  const bad = checkSource(id.source ?? '');
  if (bad) return bad;
  const customer = findCustomer(org, id.identifierName ?? '', id.identifierValue ?? '', false);
  if (isReply(customer)) return customer;
  if (reason === undefined || reason.trim() === '') return capError(400, 8882, 'reasonOfReturn is missing');
  if (Number(amount) === 0) return capError(400, 8888, 'points cannot be zero');
  const program = programId ?? org.defaultProgram;
  if (!customer.main.has(program))
    return capError(400, 1218, `customer is not enrolled in program ${program}`);
  if (promotionIdentifier !== undefined && programId === undefined)
    return capError(400, 8887, 'programId is required with promotionIdentifier');
  const promo = org.promotion;
  if (promotionId !== undefined && promotionId !== promo.id)
    return capError(400, 8874, 'invalid promotion id');
  if (
    promotionIdentifier !== undefined &&
    (promotionIdentifier !== promo.identifier || program !== promo.programId)
  )
    return capError(400, 8874, 'invalid promotion id');
  if (awardId !== undefined && org.awards.get(awardId) !== customer.key)
    return capError(400, 8877, 'invalid pointsAwardedId');
  if (refType !== undefined && !REF_TYPES.has(refType))
    return capError(400, 9975, 'invalid pointsAwardedRefType');
  const places = decimalPlaces(amount ?? '0');
  const allowed = org.decimals.get(program) ?? 0;
  if (places > allowed)
    return capError(
      400,
      8906,
      `decimal places passed: ${places} is greater than the configured round decimals: ${allowed} for programId: ${program}`,
    );
  const units = toUnits(amount ?? '0', UNIT_SCALE);
  const available = customer.main.get(program) ?? 0;
  if (units > available && !org.negativeAllowed)
    return capError(
      400,
      8907,
      `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
    );
  customer.main.set(program, available - units);
  return {
    status: 200,
    body: {
      status: 'success',
      pointsAvailable: money(org, program, available - units),
      message: 'points deducted successfully for the user ',
      warnings: [],
    },
  };
}

/** Main and promised points of the programs asked for (a program the customer lacks reads zero). */
function figures(org: Org, customer: Customer, programs: number[]) {
  let main = 0;
  let delayed = 0;
  let external = 0;
  for (const program of programs) main += customer.main.get(program) ?? 0;
  for (const bill of org.bills.filter((b) => b.customer === customer.key))
    for (const l of bill.lines)
      if (!l.unlocked && programs.includes(l.programId)) {
        if (l.category === 'delayed') delayed += l.units;
        else external += l.units;
      }
  const f = (units: number) => new PyFloat(units / 10 ** UNIT_SCALE);
  return {
    entityType: 'CUSTOMER',
    mainPoints: f(main),
    promisedPoints: f(delayed + external),
    promisedPointsBreakup: { delayedAccrualPoints: f(delayed), externalTriggerBasedPoints: f(external) },
    totalPoints: f(main + delayed + external),
    warnings: [],
  };
}

export function balance(org: Org, q: Query): Reply {
  const p = new Problems();
  const id = required(p, q, ['identifierName', 'identifierValue', 'source']);
  const programId = int(p, ['query', 'programId'], q.get('programId') ?? undefined);
  const all = bool(p, ['query', 'fetchDataForAllPrograms'], q.get('fetchDataForAllPrograms') ?? undefined);
  if (p.items.length > 0) return unprocessable(p.items);
  const bad = checkSource(id.source ?? '');
  if (bad) return bad;
  const customer = findCustomer(org, id.identifierName ?? '', id.identifierValue ?? '', true);
  if (isReply(customer)) return customer;
  const programs = all ? [...customer.main.keys()] : [programId ?? org.defaultProgram];
  return { status: 200, body: { entityId: customer.entityId, ...figures(org, customer, programs) } };
}

export function unlock(org: Org, q: Query, text: string): Reply {
  const p = new Problems();
  const body = jsonBody(p, text);
  const eventName = str(p, ['body', 'eventName'], body.eventName);
  const billNumber =
    typeof body.billNumber === 'number' && Number.isInteger(body.billNumber)
      ? String(body.billNumber)
      : str(p, ['body', 'billNumber'], body.billNumber);
  const eventLogIds = Array.isArray(body.eventLogId)
    ? list(p, ['body', 'eventLogId'], body.eventLogId, int)
    : ((v) => (v === undefined ? undefined : [v]))(int(p, ['body', 'eventLogId'], body.eventLogId));
  const lineItemIds = list(p, ['body', 'lineItemIds'], body.lineItemIds, int);
  const itemCodes = list(p, ['body', 'itemCodes'], body.itemCodes, str);
  const billDate = str(p, ['body', 'billDate'], body.billDate);
  if (billDate !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(billDate) || Number.isNaN(Date.parse(billDate))))
    p.add(
      ['body', 'billDate'],
      'date_from_datetime_parsing',
      'Input should be a valid date or datetime',
      billDate,
    );
  for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
    int(p, ['body', field], body[field]);
  if (p.items.length > 0) return unprocessable(p.items);

  const [name, value, source] = ['identifierName', 'identifierValue', 'source'].map((k) => q.get(k) ?? '');
  if (!name || !value || !source)
    return capError(400, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
  const type = q.get('type') ?? 'CUSTOMER';
  if (type === 'USERGROUP2') return capError(400, 1645, 'Group details passed are not valid.');
  if (type !== 'CUSTOMER') return capError(400, 82323276, 'Entity type invalid.');
  const bad = checkSource(source);
  if (bad) return bad;
  const customer = findCustomer(org, name, value, false);
  if (isReply(customer)) return customer;
  if (billNumber === undefined || billNumber === '') return capError(400, 82323271, 'Bill number missing.');
  if (eventName === undefined || eventName === '') return capError(400, 82323272, 'Event name not found.');
  const bill = org.bills.find((b) => b.billNumber === billNumber && b.customer === customer.key);
  if (!bill) return capError(400, 82323277, 'No bill found for given bill number.');
  if (bill.eventName !== eventName) return capError(400, 82323272, 'Event name not found.');
  if (eventLogIds !== undefined && !eventLogIds.includes(bill.eventLogId))
    return capError(400, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
  // Empty filter lists are falsy in Python: no filter.
  const filtered = (lineItemIds?.length ?? 0) > 0 || (itemCodes?.length ?? 0) > 0;
  const chosen = bill.lines.filter(
    (l) =>
      !l.unlocked &&
      (!filtered ||
        (l.lineItemId !== undefined && (lineItemIds ?? []).includes(l.lineItemId)) ||
        (l.itemCode !== undefined && (itemCodes ?? []).includes(l.itemCode))),
  );
  if (chosen.length === 0) return capError(400, 82323282, 'No promise points found to unlock.');
  for (const l of chosen) {
    l.unlocked = true;
    customer.main.set(l.programId, (customer.main.get(l.programId) ?? 0) + l.units);
  }
  // The vendor's ORDER BY program_id DESC, item_code: not the example's order.
  const sorted = [...chosen].sort(
    (a, b) => b.programId - a.programId || (a.itemCode ?? '').localeCompare(b.itemCode ?? ''),
  );
  const pointsUnlocked = sorted.map((l) =>
    l.promotion
      ? {
          pointsUnlocked: money(org, l.programId, l.units),
          programId: l.programId,
          promotionId: l.promotion.id,
          promotionIdentifier: l.promotion.identifier,
          promotionName: l.promotion.name,
        }
      : {
          billNumber: bill.billNumber,
          itemCode: l.itemCode,
          pointsUnlocked: money(org, l.programId, l.units),
          programId: l.programId,
        },
  );
  return { status: 200, body: { pointsUnlocked, warnings: [] } };
}
