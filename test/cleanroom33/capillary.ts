/**
 * The service's Capillary controllers: negativePointsAdjustment, points balance and
 * unlockPromisedPoints, with the codes their pages (and DESIGN's domain facts) give, in the
 * envelope; Micronaut's own 400 where no page gives a code.
 */

import { type Caller, requirePointsGroup } from './auth.ts';
import { columnText, fitsColumn, placesOf, toColumn } from './bigdecimal.ts';
import { decimal, integer, localDate, longs, objectBody, text, texts } from './binding.ts';
import type { Bill, Customer, Org, PromisedLine } from './data.ts';
import { CapError } from './envelope.ts';
import { type JsonValue, RawNumber, writeJson } from './jackson.ts';
import {
  type Answer,
  BadRequest,
  constraintViolated,
  conversionFailed,
  json,
  missingArgument,
} from './micronaut.ts';
import type { RowLocks } from './oracle.ts';

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
const BALANCE_SOURCES = new Set([...NPA_SOURCES, ...UPP_SOURCES]);
const NPA_IDENTIFIERS = new Set(['externalId', 'mobile']);
const UPP_IDENTIFIERS = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BALANCE_IDENTIFIERS = new Set(['email', 'mobile', 'externalId']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const EVENT_NAMES = new Set(['TransactionAdd', 'TransactionUpdate']);
const REASON_MAX = 50;

const number = (tenThousandths: bigint) => new RawNumber(columnText(tenThousandths));
const notFound = () => new CapError(8015, 'Customer not found for the given identifiers');

function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (value === null) throw missingArgument(name);
  return value;
}

/** Customers whose `name` identifier is exactly `value` (VARCHAR2, case-sensitive). */
const byIdentifier = (org: Org, name: string, value: string): Customer[] =>
  org.customers.filter((c) => c.identifiers[name] === value);

/** One customer by one identifier, or 8015 (none, or a value two customers share). */
function oneCustomer(org: Org, name: string, value: string): Customer {
  const found = byIdentifier(org, name, value);
  if (found.length !== 1 || !found[0]) throw notFound();
  return found[0];
}

export class CapillaryService {
  constructor(private readonly locks: RowLocks) {}

  /** POST /v2/customers/lookup/negativePointsAdjustment */
  async deduct(caller: Caller, query: URLSearchParams, raw: JsonValue): Promise<Answer> {
    requirePointsGroup(caller);
    const identifierName = required(query, 'identifierName');
    const identifierValue = required(query, 'identifierValue');
    const source = required(query, 'source');
    const body = objectBody(raw);
    const amount = decimal(body, 'pointsToBeAdjusted');
    const programId = integer(body, 'programId');
    const reason = text(body, 'reasonOfReturn');
    const awardId = integer(body, 'pointsAwardedId');
    const promotionId = integer(body, 'promotionId');
    const promotionIdentifier = text(body, 'promotionIdentifier');
    const refType = body.pointsAwardedRefType;
    // Bean validation on the request DTO, before the controller runs.
    if (!amount) throw constraintViolated('request.pointsToBeAdjusted', 'must not be null');
    if (amount.unscaled < 0n)
      throw constraintViolated('request.pointsToBeAdjusted', 'must be greater than or equal to 0');
    if (reason !== undefined && reason.length > REASON_MAX)
      throw constraintViolated('request.reasonOfReturn', `size must be between 0 and ${REASON_MAX}`);
    if (promotionId !== undefined && promotionIdentifier !== undefined)
      throw constraintViolated('request', 'promotionId and promotionIdentifier cannot both be set');
    if (!NPA_SOURCES.has(source)) throw new CapError(8003, 'Invalid source');
    if (!NPA_IDENTIFIERS.has(identifierName)) throw new CapError(8013, 'Lookup,Invalid identifier passed');
    if (amount.unscaled === 0n) throw new CapError(8888, 'points cannot be zero');
    // Oracle stores '' as NULL: an empty reason is no reason.
    if (reason === undefined || reason === '') throw new CapError(8882, 'reasonOfReturn is required');
    if (refType !== undefined && refType !== null && (typeof refType !== 'string' || !REF_TYPES.has(refType)))
      throw new CapError(9975, 'Invalid pointsAwardedRefType');
    if (promotionIdentifier !== undefined && programId === undefined)
      throw new CapError(8887, 'programId is required when promotionIdentifier is passed');
    const org = caller.org;
    const customer = oneCustomer(org, identifierName, identifierValue);
    const program = programId ?? org.defaultProgramId;
    const decimals = org.roundDecimals.get(program);
    if (decimals === undefined || !customer.main.has(program))
      throw new CapError(1218, `Customer is not enrolled in program ${program}`);
    const places = placesOf(amount);
    if (places > decimals)
      throw new CapError(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
      );
    if (promotionId !== undefined && !org.promotions.some((p) => p.id === promotionId))
      throw new CapError(8874, 'Invalid promotion id');
    if (
      promotionIdentifier !== undefined &&
      !org.promotions.some((p) => p.identifier === promotionIdentifier)
    )
      throw new CapError(8874, 'Invalid promotion id');
    if (awardId !== undefined && !org.awardIds.has(awardId))
      throw new CapError(8877, 'Invalid pointsAwardedId');
    const points = toColumn(amount);
    if (!fitsColumn(points))
      throw constraintViolated(
        'request.pointsToBeAdjusted',
        'numeric value out of bounds (<11 digits>.<4 digits> expected)',
      );
    return this.locks.forUpdate(`${org.id}:${customer.entityId}`, () => {
      const main = customer.main.get(program) ?? 0n;
      if (!org.negativeOnReturn && points > main)
        throw new CapError(
          8907,
          `points to be deducted ${columnText(points)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      const after = main - points;
      if (!fitsColumn(after))
        throw new CapError(8907, 'points to be deducted exceed what the ledger can hold');
      customer.main.set(program, after);
      return json(
        200,
        writeJson({
          status: 'success',
          pointsAvailable: columnText(after),
          message: 'points deducted successfully for the user ',
          warnings: [],
        }),
      );
    });
  }

  /** GET /v2/customers/lookup/points/balance */
  balance(caller: Caller, query: URLSearchParams): Answer {
    const source = required(query, 'source');
    const names = required(query, 'identifierName');
    const values = required(query, 'identifierValue');
    const programText = query.get('programId');
    const allText = query.get('fetchDataForAllPrograms');
    let programId: number | undefined;
    if (programText !== null) {
      if (!/^-?\d{1,10}$/.test(programText) || Math.abs(Number(programText)) > 2 ** 31 - 1)
        throw conversionFailed('programId', programText, `For input string: "${programText}"`);
      programId = Number(programText);
    }
    let all = false;
    if (allText !== null) {
      if (!/^(true|false)$/i.test(allText))
        throw conversionFailed('fetchDataForAllPrograms', allText, `Cannot convert [${allText}] to Boolean`);
      all = allText.toLowerCase() === 'true';
    }
    if (!BALANCE_SOURCES.has(source)) throw new CapError(8003, 'Invalid source');
    const org = caller.org;
    const customer = this.#lookUpForBalance(org, names.split(','), values.split(','));
    const program = programId ?? org.defaultProgramId;
    if (!all && !org.roundDecimals.has(program))
      throw new CapError(1218, `Customer is not enrolled in program ${program}`);
    const inScope = (p: number) => all || p === program;
    let main = 0n;
    for (const [p, v] of customer.main) if (inScope(p)) main += v;
    let delayed = 0n;
    let external = 0n;
    for (const line of promisedLinesOf(org, customer))
      if (inScope(line.programId)) {
        if (line.category === 'delayed') delayed += line.points;
        else external += line.points;
      }
    return json(
      200,
      writeJson({
        entityId: customer.entityId,
        entityType: 'CUSTOMER',
        totalPoints: number(main + delayed + external),
        mainPoints: number(main),
        promisedPoints: number(delayed + external),
        promisedPointsBreakup: {
          delayedAccrualPoints: number(delayed),
          externalTriggerBasedPoints: number(external),
        },
        warnings: [],
      }),
    );
  }

  /** The balance page's lookup: one identifier, or with dual eligibility a list holding the primary. */
  #lookUpForBalance(org: Org, names: string[], values: string[]): Customer {
    if (names.length !== values.length) throw notFound();
    const primary = org.dualPrimary;
    if (primary === undefined) {
      const [name, value] = [names[0] ?? '', values[0] ?? ''];
      if (names.length !== 1 || !BALANCE_IDENTIFIERS.has(name)) throw notFound();
      return oneCustomer(org, name, value);
    }
    if (names.some((n) => !BALANCE_IDENTIFIERS.has(n))) throw notFound();
    const at = names.indexOf(primary);
    if (at < 0) throw notFound();
    return oneCustomer(org, primary, values[at] ?? '');
  }

  /** POST /v2/points/unlockPromisedPoints */
  async unlock(caller: Caller, query: URLSearchParams, raw: JsonValue): Promise<Answer> {
    const identifierName = query.get('identifierName') ?? '';
    const identifierValue = query.get('identifierValue') ?? '';
    const source = query.get('source') ?? '';
    if (identifierName === '' || identifierValue === '' || source === '')
      throw new CapError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = query.get('type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') throw new CapError(1645, 'Group details passed are not valid.');
    if (type !== 'CUSTOMER') throw new CapError(82323276, 'Entity type invalid.');
    if (!UPP_SOURCES.has(source)) throw new CapError(8003, 'Invalid source');
    if (!UPP_IDENTIFIERS.has(identifierName)) throw new CapError(8013, 'Lookup,Invalid identifier passed');
    const body = objectBody(raw);
    const eventName = text(body, 'eventName');
    const billNumber = text(body, 'billNumber');
    const eventLogIds = eventLogIdsOf(body);
    const lineItemIds = longs(body, 'lineItemIds') ?? [];
    const itemCodes = texts(body, 'itemCodes') ?? [];
    localDate(body, 'billDate');
    for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
      integer(body, field);
    if (eventName === undefined || eventName === '' || !EVENT_NAMES.has(eventName))
      throw new CapError(82323272, 'Event name not found.');
    // Oracle stores '' as NULL: an empty bill number is a missing one.
    if (billNumber === undefined || billNumber === '') throw new CapError(82323271, 'Bill number missing.');
    const org = caller.org;
    const customer = oneCustomer(org, identifierName, identifierValue);
    const bill = org.bills.find((b) => b.billNumber === billNumber && b.entityId === customer.entityId);
    if (!bill) throw new CapError(82323277, 'No bill found for given bill number.');
    if (eventLogIds !== undefined && !eventLogIds.every((id) => id === bill.eventLogId))
      throw new CapError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    return this.locks.forUpdate(`${org.id}:${customer.entityId}`, () => {
      const chosen = linesToUnlock(bill, eventName, lineItemIds, itemCodes);
      if (chosen.length === 0) throw new CapError(82323282, 'No promise points found to unlock.');
      for (const line of chosen) {
        line.unlocked = true;
        customer.main.set(line.programId, (customer.main.get(line.programId) ?? 0n) + line.points);
      }
      return json(
        200,
        writeJson({ pointsUnlocked: chosen.map((l) => unlockedEntry(bill, l)), warnings: [] }),
      );
    });
  }
}

/** eventLogId: the table's array of ids, or the example's single id. */
function eventLogIdsOf(body: { readonly [key: string]: JsonValue }): number[] | undefined {
  const v = body.eventLogId;
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return longs(body, 'eventLogId');
  const one = integer(body, 'eventLogId', true);
  return one === undefined ? undefined : [one];
}

function promisedLinesOf(org: Org, customer: Customer): PromisedLine[] {
  return org.bills
    .filter((b) => b.entityId === customer.entityId)
    .flatMap((b) => b.lines.filter((l) => !l.unlocked));
}

/** The bill's lines still promised for this event, narrowed by line item or item code when given. */
function linesToUnlock(
  bill: Bill,
  eventName: string,
  lineItemIds: number[],
  itemCodes: string[],
): PromisedLine[] {
  if (eventName !== bill.eventName) return [];
  const open = bill.lines.filter((l) => !l.unlocked && l.points > 0n);
  if (lineItemIds.length === 0 && itemCodes.length === 0) return open;
  return open.filter(
    (l) =>
      (l.lineItemId !== undefined && lineItemIds.includes(l.lineItemId)) ||
      (l.itemCode !== undefined && itemCodes.includes(l.itemCode)),
  );
}

/** One entry of the answer, as the UnlockedPoints DTO serializes (nulls written: Include.ALWAYS). */
function unlockedEntry(bill: Bill, line: PromisedLine) {
  return {
    billNumber: line.promotion ? null : bill.billNumber,
    itemCode: line.itemCode ?? null,
    pointsUnlocked: number(line.points),
    programId: line.programId,
    promotionIdentifier: line.promotion?.identifier ?? null,
    promotionId: line.promotion?.id ?? null,
    promotionName: line.promotion?.name ?? null,
  };
}

export { BadRequest };
