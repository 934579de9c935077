/**
 * The three Capillary v2 handlers (negativePointsAdjustment, unlockPromisedPoints, points
 * balance) over the org's rows: documented cases in the documented envelope and codes, the
 * rest of the body checks left to servant's decoding (servant.ts).
 */
import type { BillLine, CustomerRow, OrgRow } from './data.ts';
import type { RowLocks } from './ledger.ts';
import { aesonNumber, NUMERIC_MAX, numericText, parseDecimal, placesOf, toMilli } from './scientific.ts';
import {
  type Answer,
  DecodeError,
  decodeFailed,
  intItem,
  json,
  optInt,
  optList,
  optText,
  optTextOrNumber,
  textItem,
} from './servant.ts';

/** Codes answered 404 (the legacy v2 "not found"); the rest of the documented codes 400. */
const NOT_FOUND = new Set([8015, 82323277, 3918]);

export function capError(code: number, message: string, status = NOT_FOUND.has(code) ? 404 : 400): Answer {
  return json(status, JSON.stringify({ errors: [{ status: false, code, message }], warnings: [] }));
}

// The pages' enum lists, as the service's Haskell sum types spell them.
const NPA_SOURCES =
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' ');
const UNLOCK_SOURCES =
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' ');
const BALANCE_SOURCES = [...new Set([...NPA_SOURCES, ...UNLOCK_SOURCES])];
const REF_TYPES =
  'bill_regular bill_promotions line_item_regular line_item_promotions customer_promotions'.split(' ');
type IdentifierName = 'mobile' | 'email' | 'externalId' | 'id' | 'cuid' | 'primaryUserId';

/** `WHERE <column> = $1`: email is a citext column (the documents do not define an email's case). */
function matches(c: CustomerRow, name: IdentifierName, value: string): boolean {
  if (name === 'email') return c.email.toLowerCase() === value.toLowerCase();
  if (name === 'id') return String(c.entityId) === value;
  return c[name] === value;
}

/** The one customer an identifier names; a value two customers share names none (8015). */
function findOne(org: OrgRow, name: IdentifierName, value: string): CustomerRow | undefined {
  const found = org.customers.filter((c) => matches(c, name, value));
  return found.length === 1 ? found[0] : undefined;
}

const customerNotFound = () => capError(8015, 'Customer not found for the given identifiers');

type Lookup = { customer: CustomerRow } | { answer: Answer };

function lookup(
  org: OrgRow,
  q: URLSearchParams,
  names: readonly IdentifierName[],
  sources: readonly string[],
): Lookup {
  const name = q.get('identifierName') ?? '';
  const value = q.get('identifierValue') ?? '';
  if (!names.includes(name as IdentifierName) || value === '')
    return { answer: capError(8013, 'Lookup,Invalid identifier passed') };
  if (!sources.includes(q.get('source') ?? '')) return { answer: capError(8003, 'Invalid source') };
  const customer = findOne(org, name as IdentifierName, value);
  return customer ? { customer } : { answer: customerNotFound() };
}

export interface Capillary {
  readonly org: OrgRow;
  readonly locks: RowLocks;
}

/** POST /v2/customers/lookup/negativePointsAdjustment (the caller is in the Points access group). */
export async function negativePointsAdjustment(
  { org, locks }: Capillary,
  q: URLSearchParams,
  body: Record<string, unknown>,
): Promise<Answer> {
  let fields: ReturnType<typeof decodeAdjustment>;
  try {
    fields = decodeAdjustment(body);
  } catch (e) {
    if (e instanceof DecodeError) return decodeFailed(e);
    throw e;
  }
  const found = lookup(org, q, ['mobile', 'externalId'], NPA_SOURCES);
  if ('answer' in found) return found.answer;
  const { customer } = found;
  const reason = fields.reasonOfReturn ?? '';
  if (reason.trim() === '') return capError(8882, 'reason of return is missing');
  if (reason.length > 50) return capError(8882, 'reason of return can be at most 50 characters');
  const amount = parseDecimal(fields.points);
  if (!amount)
    return decodeFailed(
      new DecodeError(`Error in $.pointsToBeAdjusted: not a number: ${JSON.stringify(fields.points)}`),
    );
  if (amount.coefficient === 0n) return capError(8888, 'points cannot be zero');
  if (amount.coefficient < 0n) return capError(8888, 'points to be adjusted should be greater than 0');
  if (fields.promotionId !== undefined && fields.promotionIdentifier !== undefined)
    return capError(8874, 'invalid input combination: pass either promotionId or promotionIdentifier');
  if (fields.promotionIdentifier !== undefined && fields.programId === undefined)
    return capError(8887, 'programId is required with promotionIdentifier');
  const promotion = org.promotion;
  if (fields.promotionId !== undefined && fields.promotionId !== promotion.id)
    return capError(8874, 'invalid promotion id');
  if (fields.promotionIdentifier !== undefined && fields.promotionIdentifier !== promotion.identifier)
    return capError(8874, 'invalid promotion id');
  if (fields.pointsAwardedId !== undefined && !org.pointsAwardedIds.includes(fields.pointsAwardedId))
    return capError(8877, 'invalid pointsAwardedId');
  if (fields.pointsAwardedRefType !== undefined && !REF_TYPES.includes(fields.pointsAwardedRefType))
    return capError(9975, 'invalid pointsAwardedRefType');
  const programId =
    fields.programId ?? (fields.promotionId !== undefined ? promotion.programId : org.defaultProgramId);
  const program = org.programs.find((p) => p.id === programId);
  if (!program || !customer.main.has(programId))
    return capError(1218, `customer is not enrolled in program ${programId}`);
  if (placesOf(amount) > program.roundDecimals)
    return capError(
      8906,
      `decimal places passed: ${placesOf(amount)} is greater than the configured round decimals: ${program.roundDecimals} for programId: ${programId}`,
    );
  const milli = toMilli(amount);
  // NUMERIC(14,3) would raise 22003; the service maps it to the envelope, never a 500.
  if (milli === undefined) return capError(8888, 'points to be adjusted are out of range');
  return locks.forUpdate(`customer:${customer.entityId}`, () => {
    const available = customer.main.get(programId) ?? 0n;
    if (!org.negativeBalanceOnReturn && milli > available)
      return capError(
        8907,
        `points to be deducted ${fields.points} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    const after = available - milli;
    if (after < -NUMERIC_MAX) return capError(8888, 'points to be adjusted are out of range');
    customer.main.set(programId, after);
    return json(
      200,
      JSON.stringify({
        status: 'success',
        pointsAvailable: numericText(after),
        message: 'points deducted successfully for the user ',
        warnings: [],
      }),
    );
  });
}

function decodeAdjustment(body: Record<string, unknown>) {
  if (body.pointsToBeAdjusted === undefined)
    throw new DecodeError('Error in $: key "pointsToBeAdjusted" not found');
  const points = optTextOrNumber(body, 'pointsToBeAdjusted');
  if (points === undefined)
    throw new DecodeError('Error in $.pointsToBeAdjusted: expected String or Number, but encountered Null');
  return {
    points,
    programId: optInt(body, 'programId'),
    reasonOfReturn: optText(body, 'reasonOfReturn'),
    pointsAwardedId: optInt(body, 'pointsAwardedId'),
    promotionId: optInt(body, 'promotionId'),
    promotionIdentifier: optText(body, 'promotionIdentifier'),
    pointsAwardedRefType: optText(body, 'pointsAwardedRefType'),
  };
}

/** eventLogId: the table says Array, the example a number; the service reads either, or a string of digits. */
function decodeEventLogIds(body: Record<string, unknown>): string[] | undefined {
  const v = body.eventLogId;
  if (Array.isArray(v)) return optList(body, 'eventLogId', (x, path) => String(intItem(x, path)));
  const one = optTextOrNumber(body, 'eventLogId');
  if (one !== undefined && !/^\d+$/.test(one))
    throw new DecodeError(`Error in $.eventLogId: not an event log id: ${JSON.stringify(one)}`);
  return one === undefined ? undefined : [one];
}

/** aeson's `Maybe Day`: YYYY-MM-DD, a real date. */
function optDay(body: Record<string, unknown>, key: string): string | undefined {
  const text = optText(body, key);
  if (text === undefined) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== text
  )
    throw new DecodeError(`Error in $.${key}: could not parse date: ${JSON.stringify(text)}`);
  return text;
}

function decodeUnlock(body: Record<string, unknown>) {
  return {
    eventName: optText(body, 'eventName'),
    billNumber: optTextOrNumber(body, 'billNumber'),
    eventLogIds: decodeEventLogIds(body),
    lineItemIds: optList(body, 'lineItemIds', intItem),
    itemCodes: optList(body, 'itemCodes', textItem),
    billDate: optDay(body, 'billDate'),
    sourceStoreId: optInt(body, 'sourceStoreId'),
    // The body example spells sourceTilId, the table sourceTillId: both are read.
    sourceTillId: optInt(body, 'sourceTillId') ?? optInt(body, 'sourceTilId'),
    sourceProgramId: optInt(body, 'sourceProgramId'),
  };
}

/** Whether a bill's line is in the unlock's context (line items, item codes, program). */
function inContext(line: BillLine, f: ReturnType<typeof decodeUnlock>): boolean {
  if (f.sourceProgramId !== undefined && line.programId !== f.sourceProgramId) return false;
  if (f.lineItemIds === undefined && f.itemCodes === undefined) return true;
  return (
    (line.lineItemId !== undefined && (f.lineItemIds ?? []).includes(line.lineItemId)) ||
    (line.itemCode !== undefined && (f.itemCodes ?? []).includes(line.itemCode))
  );
}

/** POST /v2/points/unlockPromisedPoints. */
export async function unlockPromisedPoints(
  { org, locks }: Capillary,
  q: URLSearchParams,
  body: Record<string, unknown>,
): Promise<Answer> {
  let f: ReturnType<typeof decodeUnlock>;
  try {
    f = decodeUnlock(body);
  } catch (e) {
    if (e instanceof DecodeError) return decodeFailed(e);
    throw e;
  }
  if (!q.get('identifierName') || !q.get('identifierValue') || !q.get('source'))
    return capError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
  const type = q.get('type') ?? 'CUSTOMER';
  if (type === 'USERGROUP2') return capError(1645, 'Group details passed are not valid.');
  if (type !== 'CUSTOMER') return capError(82323276, 'Entity type invalid.');
  const found = lookup(org, q, ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'], UNLOCK_SOURCES);
  if ('answer' in found) return found.answer;
  const { customer } = found;
  if (f.billNumber === undefined || f.billNumber === '') return capError(82323271, 'Bill number missing.');
  if (f.eventName === undefined || f.eventName === '') return capError(82323272, 'Event name not found.');
  const bill = org.bills.find((b) => b.billNumber === f.billNumber && b.entityId === customer.entityId);
  if (!bill) return capError(82323277, 'No bill found for given bill number.');
  if (bill.eventName !== f.eventName) return capError(82323272, 'Event name not found.');
  if (f.eventLogIds !== undefined && !f.eventLogIds.includes(String(bill.eventLogId)))
    return capError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
  return locks.forUpdate(`customer:${customer.entityId}`, () => {
    const lines = bill.lines.filter((l) => !l.unlocked && inContext(l, f));
    if (lines.length === 0) return capError(82323282, 'No promise points found to unlock.');
    for (const l of lines) {
      l.unlocked = true;
      customer.main.set(l.programId, (customer.main.get(l.programId) ?? 0n) + l.points);
    }
    return json(
      200,
      `{"pointsUnlocked":[${lines.map((l) => unlockedJson(bill.billNumber, l)).join(',')}],"warnings":[]}`,
    );
  });
}

/** aeson's record with omitNothingFields, keys in declaration order; points a NUMERIC Scientific. */
function unlockedJson(billNumber: string, l: BillLine): string {
  const parts: string[] = [];
  if (!l.promotion) parts.push(`"billNumber":${JSON.stringify(billNumber)}`);
  if (l.itemCode !== undefined) parts.push(`"itemCode":${JSON.stringify(l.itemCode)}`);
  parts.push(`"pointsUnlocked":${aesonNumber(l.points)}`, `"programId":${l.programId}`);
  if (l.promotion)
    parts.push(
      `"promotionIdentifier":${JSON.stringify(l.promotion.identifier)}`,
      `"promotionId":${l.promotion.id}`,
      `"promotionName":${JSON.stringify(l.promotion.name)}`,
    );
  return `{${parts.join(',')}}`;
}

const IDENTIFIER_NAMES: readonly IdentifierName[] = [
  'mobile',
  'email',
  'externalId',
  'id',
  'cuid',
  'primaryUserId',
];

/** The customer a balance lookup names: dual eligibility's primary decides when it is on. */
function balanceCustomer(org: OrgRow, q: URLSearchParams): Lookup {
  const names = (q.get('identifierName') ?? '').split(',');
  const values = (q.get('identifierValue') ?? '').split(',');
  if (
    names.length !== values.length ||
    names.some((n) => !IDENTIFIER_NAMES.includes(n as IdentifierName)) ||
    values.includes('')
  )
    return { answer: capError(8013, 'Lookup,Invalid identifier passed') };
  if (!BALANCE_SOURCES.includes(q.get('source') ?? '')) return { answer: capError(8003, 'Invalid source') };
  let at = 0;
  if (org.dualPrimary !== undefined) {
    at = names.indexOf(org.dualPrimary);
    if (at < 0) return { answer: customerNotFound() };
  } else if (names.length > 1) return { answer: capError(8013, 'Lookup,Invalid identifier passed') };
  const customer = findOne(org, names[at] as IdentifierName, values[at] as string);
  return customer ? { customer } : { answer: customerNotFound() };
}

/** GET /v2/customers/lookup/points/balance. */
export function pointsBalance({ org }: Capillary, q: URLSearchParams): Answer {
  const found = balanceCustomer(org, q);
  if ('answer' in found) return found.answer;
  const { customer } = found;
  const programId = Number(q.get('programId') ?? org.defaultProgramId);
  const all = q.get('fetchDataForAllPrograms')?.toLowerCase() === 'true';
  const counts = (p: number) => all || p === programId;
  let main = 0n;
  let delayed = 0n;
  let external = 0n;
  for (const [p, v] of customer.main) if (counts(p)) main += v;
  for (const [p, v] of customer.standingExternal) if (counts(p)) external += v;
  for (const bill of org.bills.filter((b) => b.entityId === customer.entityId))
    for (const l of bill.lines)
      if (!l.unlocked && counts(l.programId)) {
        if (l.kind === 'delayed') delayed += l.points;
        else external += l.points;
      }
  const promised = delayed + external;
  return json(
    200,
    `{"entityId":${customer.entityId},"entityType":"CUSTOMER","totalPoints":${aesonNumber(main + promised)},"mainPoints":${aesonNumber(main)},"promisedPoints":${aesonNumber(promised)},"promisedPointsBreakup":{"delayedAccrualPoints":${aesonNumber(delayed)},"externalTriggerBasedPoints":${aesonNumber(external)}},"warnings":[]}`,
  );
}
