import type { Caller } from './auth.ts';
import { type Answer, json, jsonExtractor, queryExtractor, type Struct } from './axum.ts';
import type { CustomerRow } from './data.ts';
import {
  add,
  compare,
  type Decimal,
  decimalText,
  negate,
  rescale,
  significantPlaces,
  ZERO,
} from './decimal.ts';
import {
  delayedOf,
  type Entry,
  findBill,
  findCustomer,
  type OrgState,
  pointsOf,
  roundDecimals,
} from './store.ts';

/** What differs between the clean room's deployments. */
export interface CapillaryConfig {
  /** The org ferris's dual-eligibility primary; off when unset. */
  readonly dualPrimary?: 'externalId';
}

/**
 * `ApiError::Capillary(code, message)` → the documented envelope. Not-found codes are 404,
 * refusals of the ledger 409, the rest 400.
 */
function capError(code: number, message: string): Answer {
  const status = [8015, 82323277].includes(code) ? 404 : [8907, 82323282].includes(code) ? 409 : 400;
  return json(status, { errors: [{ status: false, code, message }], warnings: [] });
}

const NPA_SOURCES =
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' ');
const UPP_SOURCES =
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' ');
const REF_TYPES =
  'bill_regular bill_promotions line_item_regular line_item_promotions customer_promotions'.split(' ');

/**
 * `NpaBody`: the amount and the typed ids read by serde (a missing amount or a value of the wrong
 * type is the extractor's 422); the fields the page gives a code for (reason 8882, reference
 * type 9975) are `Option<String>` checked in the handler.
 */
const NPA_BODY: Struct = {
  pointsToBeAdjusted: { type: 'Decimal' },
  programId: { type: 'i64', optional: true },
  reasonOfReturn: { type: 'String', optional: true },
  pointsAwardedId: { type: 'i64', optional: true },
  promotionId: { type: 'i64', optional: true },
  promotionIdentifier: { type: 'String', optional: true },
  pointsAwardedRefType: { type: 'String', optional: true },
};

/** An incoming request as the handlers see it. */
export interface Incoming {
  readonly query: URLSearchParams;
  readonly contentType: string | undefined;
  readonly body: string;
}

export function negativePointsAdjustment(caller: Caller, request: Incoming): Answer {
  if (!caller.credential.points)
    return json(403, {
      errors: [{ status: false, code: 4000, message: 'Not authorized: Points access group required' }],
      warnings: [],
    });
  const query = queryExtractor(request.query, {
    identifierName: { type: 'String', optional: true },
    identifierValue: { type: 'String' },
    source: { type: 'String', optional: true },
  });
  const body = jsonExtractor(request.contentType, request.body, NPA_BODY, 'NpaBody');
  const { org } = caller.state;
  const name = query.identifierName as string | undefined;
  if (name !== 'mobile' && name !== 'externalId') return capError(8013, 'Lookup,Invalid identifier passed');
  if (!NPA_SOURCES.includes(String(query.source))) return capError(8003, 'Invalid source');
  const reason = body.reasonOfReturn as string | undefined;
  if (reason === undefined || reason.trim() === '') return capError(8882, 'reason of return is missing');
  if ([...reason].length > 50) return capError(8883, 'reasonOfReturn exceeds 50 characters');
  const amount = body.pointsToBeAdjusted as Decimal;
  if (amount.mantissa === 0n) return capError(8888, 'points cannot be zero');
  if (amount.mantissa < 0n) return capError(8908, 'points to be adjusted should be greater than 0');
  if (body.promotionId !== undefined && body.promotionIdentifier !== undefined)
    return capError(8875, 'either promotionId or promotionIdentifier, not both');
  if (body.promotionIdentifier !== undefined && body.programId === undefined)
    return capError(8887, 'programId is required with promotionIdentifier');
  const refType = body.pointsAwardedRefType as string | undefined;
  if (refType !== undefined && !REF_TYPES.includes(refType))
    return capError(9975, 'invalid pointsAwardedRefType');
  const customer = findCustomer(org, name, String(query.identifierValue));
  if (!customer) return capError(8015, 'Customer not found for the given identifiers');
  const programId = (body.programId as number | undefined) ?? org.defaultProgramId;
  const points = pointsOf(caller.state, customer.id, programId);
  const scale = roundDecimals(org, programId);
  if (!points || scale === undefined) return capError(1218, `customer not enrolled in program ${programId}`);
  const places = significantPlaces(amount);
  if (places > scale)
    return capError(
      8906,
      `decimal places passed: ${places} is greater than the configured round decimals: ${scale} for programId: ${programId}`,
    );
  if (body.promotionId !== undefined && !org.promotions.some((p) => p.id === body.promotionId))
    return capError(8874, 'invalid promotion id');
  if (
    body.promotionIdentifier !== undefined &&
    !org.promotions.some((p) => p.identifier === body.promotionIdentifier && p.programId === programId)
  )
    return capError(8874, 'invalid promotion id');
  if (body.pointsAwardedId !== undefined && !org.pointsAwardedIds.includes(body.pointsAwardedId as number))
    return capError(8877, 'invalid pointsAwardedId');
  const exact = rescale(amount, scale);
  if (!org.negativeBalanceOnReturn && compare(exact, points.main) > 0)
    return capError(
      8907,
      `points to be deducted ${decimalText(exact)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
    );
  points.main = add(points.main, negate(exact));
  return json(200, {
    status: 'success',
    pointsAvailable: decimalText(points.main),
    message: 'points deducted successfully for the user ',
    warnings: [],
  });
}

/**
 * `UnlockBody`: billNumber and eventName are `Option`s checked in the handler (the page gives
 * 82323271 and 82323272); the rest is typed, so a wrong type is the extractor's 422.
 */
const UNLOCK_BODY: Struct = {
  eventName: { type: 'String', optional: true },
  billNumber: { type: 'BillNumber', optional: true },
  eventLogId: { type: 'EventLogIds', optional: true },
  lineItemIds: { type: 'Vec<i64>', optional: true },
  itemCodes: { type: 'Vec<String>', optional: true },
  billDate: { type: 'NaiveDate', optional: true },
  sourceStoreId: { type: 'i64', optional: true },
  sourceTillId: { type: 'i64', optional: true },
  // #[serde(alias = "sourceTilId")] in spirit: the example's spelling, read into the same column.
  sourceTilId: { type: 'i64', optional: true },
  sourceProgramId: { type: 'i64', optional: true },
};

const UNLOCK_IDENTIFIERS = ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'];

export function unlockPromisedPoints(caller: Caller, request: Incoming): Answer {
  const query = queryExtractor(request.query, {
    identifierName: { type: 'String', optional: true },
    identifierValue: { type: 'String', optional: true },
    source: { type: 'String', optional: true },
    type: { type: 'String', optional: true },
  });
  const body = jsonExtractor(request.contentType, request.body, UNLOCK_BODY, 'UnlockBody');
  const { org } = caller.state;
  const [name, value, source] = [query.identifierName, query.identifierValue, query.source].map((v) =>
    v === undefined ? '' : String(v).trim(),
  );
  if (!name || !value || !source)
    return capError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
  const type = query.type === undefined ? 'CUSTOMER' : String(query.type);
  if (type !== 'CUSTOMER' && type !== 'USERGROUP2') return capError(82323276, 'Entity type invalid.');
  if (!UPP_SOURCES.includes(source)) return capError(8003, 'Invalid source');
  if (body.billNumber === undefined || body.billNumber === '')
    return capError(82323271, 'Bill number missing.');
  if (body.eventName === undefined || String(body.eventName).trim() === '')
    return capError(82323272, 'Event name not found.');
  // The service keeps no user groups: every group identifier names none.
  if (type === 'USERGROUP2') return capError(1645, 'Group details passed are not valid.');
  if (!UPP_IDENTIFIERS_OK(name)) return capError(8013, 'Lookup,Invalid identifier passed');
  const customer = findCustomer(org, name, value);
  if (!customer) return capError(8015, 'Customer not found for the given identifiers');
  const refused = sourceRefused(caller.state, body);
  if (refused) return refused;
  const bill = findBill(org, String(body.billNumber), customer.id);
  if (!bill) return capError(82323277, 'No bill found for given bill number.');
  if (bill.eventName !== body.eventName) return capError(82323272, 'Event name not found.');
  const logs = (body.eventLogId as number[] | undefined) ?? [];
  if (logs.some((id) => id !== bill.eventLogId))
    return capError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
  const chosen = (caller.state.entries.get(bill.number) ?? []).filter(
    (entry) =>
      !entry.unlocked &&
      matches(entry, body.lineItemIds as number[] | undefined, body.itemCodes as string[] | undefined),
  );
  if (chosen.length === 0) return capError(82323282, 'No promise points found to unlock.');
  return json(200, {
    pointsUnlocked: chosen.map((entry) => unlock(caller.state, customer, bill.number, entry)),
    warnings: [],
  });
}

const UPP_IDENTIFIERS_OK = (name: string) => UNLOCK_IDENTIFIERS.includes(name);

/** The store and till must be the org's (`stores`/`tills` foreign keys); a program, one of its own. */
function sourceRefused(state: OrgState, body: Record<string, unknown>): Answer | undefined {
  const store = body.sourceStoreId as number | undefined;
  const till = (body.sourceTillId ?? body.sourceTilId) as number | undefined;
  const tills = store === undefined ? Object.values(state.org.stores).flat() : state.org.stores[store];
  if (store !== undefined && !tills) return capError(82323290, `Store ${store} not found.`);
  if (till !== undefined && !tills?.includes(till)) return capError(82323291, `Till ${till} not found.`);
  const program = body.sourceProgramId as number | undefined;
  if (program !== undefined && roundDecimals(state.org, program) === undefined)
    return capError(82323292, `Program ${program} not found.`);
  return undefined;
}

/** With filters, only the line items they name; without, every entry of the bill. */
function matches(entry: Entry, lineItemIds?: number[], itemCodes?: string[]): boolean {
  if (!lineItemIds?.length && !itemCodes?.length) return true;
  return (
    (entry.lineItemId !== undefined && (lineItemIds ?? []).includes(entry.lineItemId)) ||
    (entry.itemCode !== undefined && (itemCodes ?? []).includes(entry.itemCode))
  );
}

/** Moves one entry's points to main and answers its `UnlockedLine` (itemCode skipped when None). */
function unlock(state: OrgState, customer: CustomerRow, billNumber: string, entry: Entry) {
  entry.unlocked = true;
  const points = pointsOf(state, customer.id, entry.programId);
  if (points) points.main = add(points.main, entry.amount);
  return {
    billNumber,
    itemCode: entry.itemCode,
    pointsUnlocked: decimalText(entry.amount),
    programId: entry.programId,
    promotionIdentifier: entry.promotion?.identifier ?? null,
    promotionId: entry.promotion?.id ?? null,
    promotionName: entry.promotion?.name ?? null,
  };
}

const BALANCE_NAMES = ['mobile', 'email', 'externalId'];

/** The balance lookup: dual eligibility decides by the primary; without it, the first pair found. */
function balanceCustomer(
  state: OrgState,
  config: CapillaryConfig,
  names: string[],
  values: string[],
): CustomerRow | Answer {
  const notFound = capError(8015, 'Customer not found for the given identifiers');
  if (names.length !== values.length) return notFound;
  if (names.some((n) => !BALANCE_NAMES.includes(n)))
    return capError(8013, 'Lookup,Invalid identifier passed');
  const primary = state.org.id === 'ferris' ? config.dualPrimary : undefined;
  if (primary) {
    const at = names.indexOf(primary);
    return (at >= 0 && findCustomer(state.org, primary, values[at] ?? '')) || notFound;
  }
  for (const [i, name] of names.entries()) {
    const found = findCustomer(state.org, name, values[i] ?? '');
    if (found) return found;
  }
  return notFound;
}

export function pointsBalance(caller: Caller, request: Incoming, config: CapillaryConfig): Answer {
  const query = queryExtractor(request.query, {
    identifierName: { type: 'String' },
    identifierValue: { type: 'String' },
    source: { type: 'String' },
    programId: { type: 'i64', optional: true },
    fetchDataForAllPrograms: { type: 'bool', optional: true },
  });
  const { state } = caller;
  const found = balanceCustomer(
    state,
    config,
    String(query.identifierName).split(','),
    String(query.identifierValue).split(','),
  );
  if ('status' in found) return found;
  const programId = query.programId as number | undefined;
  if (programId !== undefined && roundDecimals(state.org, programId) === undefined)
    return capError(1218, `customer not enrolled in program ${programId}`);
  const programs = query.fetchDataForAllPrograms
    ? state.org.programs.map((p) => p.id)
    : [programId ?? state.org.defaultProgramId];
  let [main, delayed, external] = [ZERO, ZERO, ZERO];
  for (const program of programs) {
    const points = pointsOf(state, found.id, program);
    const scale = roundDecimals(state.org, program) ?? 0;
    main = add(main, points?.main ?? rescale(ZERO, scale));
    external = add(external, points?.external ?? rescale(ZERO, scale));
    delayed = add(delayed, delayedOf(state, found.id, program));
  }
  const promised = add(delayed, external);
  return json(200, {
    entityId: found.id,
    entityType: 'CUSTOMER',
    totalPoints: decimalText(add(main, promised)),
    mainPoints: decimalText(main),
    promisedPoints: decimalText(promised),
    promisedPointsBreakup: {
      delayedAccrualPoints: decimalText(delayed),
      externalTriggerBasedPoints: decimalText(external),
    },
    warnings: [],
  });
}
