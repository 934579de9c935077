import { type Caller, requirePointsGroup } from './auth.ts';
import type { Customer, Entry } from './data.ts';
import { fixed, micros, parseDecimal } from './decimal.ts';
import {
  type Answer,
  ApiException,
  asObject,
  booleanText,
  integerField,
  invalid,
  MESSAGES,
  queryParam,
  respond,
} from './drf.ts';
import { billKey, delayed, findCustomer, programOf, walletKey } from './ledger.ts';

/**
 * The three Capillary views. Fields the pages give a code for are validated in the view and
 * answered with the Capillary envelope; the rest are serializer fields with DRF's messages.
 */
export interface Incoming {
  readonly query: URLSearchParams;
  readonly data: () => unknown;
}
export interface CapillaryOptions {
  /** Dual eligibility on (in the first org) with this primary identifier. */
  readonly dualPrimary?: string;
}

/** Status per code: 404 for "not found", 409 for ledger refusals, 400 for the rest. */
const NOT_FOUND = new Set([8015, 82323277, 3918]);
const CONFLICT = new Set([8907, 82323282]);
function capillaryError(code: number, message: string): ApiException {
  const status = NOT_FOUND.has(code) ? 404 : CONFLICT.has(code) ? 409 : 400;
  return new ApiException(respond(status, { errors: [{ status: false, code, message }], warnings: [] }));
}

const NPA_SOURCES = ['INSTORE', 'MARTJACK', 'WECHAT', 'FACEBOOK', 'WEB_ENGAGE', 'TMALL', 'TAOBAO', 'JD'];
const SOURCES = new Set([...NPA_SOURCES, 'ECOMMERCE', 'WEBSITE', 'LINE', 'ALL', 'MOBILE_APP']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const NOT_FOUND_TEXT = 'Customer not found for the given identifiers';

/** POST v2/customers/lookup/negativePointsAdjustment */
export function negativePointsAdjustment(caller: Caller, incoming: Incoming): Answer {
  requirePointsGroup(caller);
  const { org } = caller.state;
  const name = queryParam(incoming.query, 'identifierName');
  const value = queryParam(incoming.query, 'identifierValue');
  const source = queryParam(incoming.query, 'source');
  const missing = Object.entries({ identifierName: name, identifierValue: value, source }).filter(
    ([, v]) => v === undefined || v === '',
  );
  if (missing.length > 0) throw invalid(Object.fromEntries(missing.map(([k]) => [k, [MESSAGES.required]])));
  if (name !== 'mobile' && name !== 'externalId')
    throw capillaryError(8013, 'Lookup,Invalid identifier passed');
  if (!SOURCES.has(source as string) || source === 'MOBILE_APP') throw capillaryError(8003, 'Invalid source');
  const data = asObject(incoming.data());

  // The serializer: types and DRF's own limits first, in field order.
  const errors: Record<string, string[]> = {};
  const amount = data.pointsToBeAdjusted === undefined ? undefined : parseDecimal(data.pointsToBeAdjusted);
  if (data.pointsToBeAdjusted === undefined || data.pointsToBeAdjusted === null)
    errors.pointsToBeAdjusted = [MESSAGES.required];
  else if (!amount) errors.pointsToBeAdjusted = [MESSAGES.number];
  const ints: Record<string, number | undefined> = {};
  for (const field of ['programId', 'pointsAwardedId', 'promotionId']) {
    const read = integerField(data[field]);
    if (read === 'invalid') errors[field] = [MESSAGES.integer];
    else ints[field] = read;
  }
  for (const field of ['reasonOfReturn', 'promotionIdentifier', 'pointsAwardedRefType']) {
    const v = data[field];
    if (v !== undefined && v !== null && typeof v !== 'string') errors[field] = [MESSAGES.string];
  }
  if (typeof data.reasonOfReturn === 'string' && data.reasonOfReturn.length > 50)
    errors.reasonOfReturn = [MESSAGES.maxLength(50)];
  if (Object.keys(errors).length > 0) throw invalid(errors);
  if (amount && amount.micros < 0n)
    throw invalid({ pointsToBeAdjusted: ['Ensure this value is greater than or equal to 0.'] });
  if (data.promotionId != null && data.promotionIdentifier != null)
    throw invalid({ non_field_errors: ['Pass either promotionId or promotionIdentifier, not both.'] });

  // The view: the page's codes.
  const reason = typeof data.reasonOfReturn === 'string' ? data.reasonOfReturn.trim() : '';
  if (reason === '') throw capillaryError(8882, 'reason of return is missing');
  const refType = data.pointsAwardedRefType;
  if (typeof refType === 'string' && !REF_TYPES.has(refType))
    throw capillaryError(9975, 'invalid pointsAwardedRefType');
  const customer = findCustomer(org, name, value as string);
  if (!customer) throw capillaryError(8015, NOT_FOUND_TEXT);
  // Zero only when no place survives: 0.0000001 is 8906's, not 8888's.
  if (!amount || (amount.micros === 0n && amount.places === 0))
    throw capillaryError(8888, 'points cannot be zero');
  const promotionIdentifier = data.promotionIdentifier as string | null | undefined;
  if (promotionIdentifier != null && ints.programId === undefined)
    throw capillaryError(8887, 'programId is required with promotionIdentifier');
  const programId = ints.programId ?? org.defaultProgramId;
  const program = programOf(org, programId);
  const wallet = caller.state.wallets.get(walletKey(customer.id, programId));
  if (!program || !wallet) throw capillaryError(1218, `customer is not enrolled in program ${programId}`);
  if (
    (ints.promotionId !== undefined && !org.promotions.some((p) => p.id === ints.promotionId)) ||
    (promotionIdentifier != null &&
      !org.promotions.some((p) => p.identifier === promotionIdentifier && p.programId === programId))
  )
    throw capillaryError(8874, 'invalid promotion id');
  if (ints.pointsAwardedId !== undefined && !customer.awards.includes(ints.pointsAwardedId))
    throw capillaryError(8877, 'invalid pointsAwardedId');
  if (amount.places > program.decimals)
    throw capillaryError(
      8906,
      `decimal places passed: ${amount.places} is greater than the configured round decimals: ${program.decimals} for programId: ${programId}`,
    );
  if (amount.micros > wallet.main && !org.negativeOnReturn)
    throw capillaryError(
      8907,
      `points to be deducted ${fixed(amount.micros, program.decimals)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
    );
  wallet.main -= amount.micros;
  return respond(200, {
    status: 'success',
    pointsAvailable: fixed(wallet.main, program.decimals),
    message: 'points deducted successfully for the user ',
    warnings: [],
  });
}

/** The unlock serializer's optional fields: integers, lists, a date. */
function unlockFields(data: Record<string, unknown>) {
  const errors: Record<string, string[]> = {};
  for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
    if (integerField(data[field]) === 'invalid') errors[field] = [MESSAGES.integer];
  // The table types eventLogId as an Array, the example sends one integer: a field taking either.
  const logIds = Array.isArray(data.eventLogId)
    ? data.eventLogId
    : data.eventLogId == null
      ? []
      : [data.eventLogId];
  if (logIds.some((v) => integerField(v) === 'invalid' || v === null)) errors.eventLogId = [MESSAGES.integer];
  const lineItemIds = data.lineItemIds;
  if (lineItemIds != null) {
    if (!Array.isArray(lineItemIds))
      errors.lineItemIds = [MESSAGES.list(typeof lineItemIds === 'string' ? 'str' : 'dict')];
    else if (lineItemIds.some((v) => integerField(v) === 'invalid' || v === null))
      errors.lineItemIds = [MESSAGES.integer];
  }
  const itemCodes = data.itemCodes;
  if (itemCodes != null) {
    if (!Array.isArray(itemCodes))
      errors.itemCodes = [MESSAGES.list(typeof itemCodes === 'string' ? 'str' : 'dict')];
    else if (itemCodes.some((v) => typeof v !== 'string')) errors.itemCodes = [MESSAGES.string];
  }
  if (
    data.billDate != null &&
    (typeof data.billDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(data.billDate))
  )
    errors.billDate = ['Date has wrong format. Use one of these formats instead: YYYY-MM-DD.'];
  if (Object.keys(errors).length > 0) throw invalid(errors);
  return {
    eventLogIds: logIds.map((v) => integerField(v) as number),
    lineItemIds: Array.isArray(lineItemIds) ? lineItemIds.map((v) => integerField(v) as number) : undefined,
    itemCodes: (itemCodes ?? undefined) as string[] | undefined,
  };
}

const UNLOCK_IDENTIFIERS = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);

/** POST v2/points/unlockPromisedPoints */
export function unlockPromisedPoints(caller: Caller, incoming: Incoming): Answer {
  const { org } = caller.state;
  const name = queryParam(incoming.query, 'identifierName');
  const value = queryParam(incoming.query, 'identifierValue');
  const source = queryParam(incoming.query, 'source');
  if (!name || !value || !source)
    throw capillaryError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
  const type = queryParam(incoming.query, 'type') ?? 'CUSTOMER';
  if (type === 'USERGROUP2') throw capillaryError(1645, 'Group details passed are not valid.');
  if (type !== 'CUSTOMER') throw capillaryError(82323276, 'Entity type invalid.');
  if (!UNLOCK_IDENTIFIERS.has(name)) throw capillaryError(8013, 'Lookup,Invalid identifier passed');
  if (!SOURCES.has(source) || source === 'ALL') throw capillaryError(8003, 'Invalid source');
  const data = asObject(incoming.data());
  const billNumber = data.billNumber;
  if (billNumber === undefined || billNumber === null || billNumber === '')
    throw capillaryError(82323271, 'Bill number missing.');
  if (typeof billNumber !== 'string' && typeof billNumber !== 'number')
    throw invalid({ billNumber: [MESSAGES.string] });
  if (typeof data.eventName !== 'string' || data.eventName === '')
    throw capillaryError(82323272, 'Event name not found.');
  const fields = unlockFields(data);
  const customer = findCustomer(org, name, value);
  if (!customer) throw capillaryError(8015, NOT_FOUND_TEXT);
  const bill = org.bills.find((b) => b.customerId === customer.id && b.number === String(billNumber));
  if (!bill) throw capillaryError(82323277, 'No bill found for given bill number.');
  if (data.eventName !== bill.eventName) throw capillaryError(82323272, 'Event name not found.');
  if (fields.eventLogIds.length > 0 && !fields.eventLogIds.includes(bill.eventLogId))
    throw capillaryError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
  const remaining = caller.state.promised.get(billKey(bill)) ?? [];
  const filtered = fields.lineItemIds !== undefined || fields.itemCodes !== undefined;
  const chosen = remaining.filter(
    (e) =>
      !filtered ||
      (e.lineItemId !== undefined && fields.lineItemIds?.includes(e.lineItemId)) ||
      (e.itemCode !== undefined && fields.itemCodes?.includes(e.itemCode)),
  );
  if (chosen.length === 0) throw capillaryError(82323282, 'No promise points found to unlock.');
  caller.state.promised.set(
    billKey(bill),
    remaining.filter((e) => !chosen.includes(e)),
  );
  for (const e of chosen) {
    const wallet = caller.state.wallets.get(walletKey(customer.id, e.programId));
    if (wallet) wallet.main += micros(e.points);
  }
  return respond(200, { pointsUnlocked: chosen.map((e) => unlockedLine(org, bill.number, e)), warnings: [] });
}

/** `UnlockedLineSerializer.to_representation`: itemCode and the promotion fields only when set. */
function unlockedLine(org: Caller['state']['org'], billNumber: string, e: Entry) {
  const decimals = programOf(org, e.programId)?.decimals ?? 0;
  return {
    billNumber,
    ...(e.itemCode !== undefined ? { itemCode: e.itemCode } : {}),
    pointsUnlocked: fixed(micros(e.points), decimals),
    programId: e.programId,
    ...(e.promotion
      ? {
          promotionIdentifier: e.promotion.identifier,
          promotionId: e.promotion.id,
          promotionName: e.promotion.name,
        }
      : {}),
  };
}

/** The lookup: one identifier, or (dual eligibility on) the primary among several. */
function balanceCustomer(caller: Caller, names: string, values: string, options: CapillaryOptions): Customer {
  const { org } = caller.state;
  const nameList = names.split(',').map((n) => n.trim());
  const valueList = values.split(',').map((v) => v.trim());
  if (nameList.length !== valueList.length)
    throw invalid({
      non_field_errors: ['identifierName and identifierValue must have the same number of items.'],
    });
  const primary = org.id === 'tejo' ? options.dualPrimary : undefined;
  if (primary !== undefined) {
    const at = nameList.indexOf(primary);
    const found = at < 0 ? undefined : findCustomer(org, primary, valueList[at] as string);
    if (!found) throw capillaryError(8015, NOT_FOUND_TEXT);
    return found;
  }
  const found =
    nameList.length === 1 ? findCustomer(org, nameList[0] as string, valueList[0] as string) : undefined;
  if (!found) throw capillaryError(8015, NOT_FOUND_TEXT);
  return found;
}

/** GET v2/customers/lookup/points/balance */
export function pointsBalance(caller: Caller, incoming: Incoming, options: CapillaryOptions): Answer {
  const { org } = caller.state;
  const names = queryParam(incoming.query, 'identifierName');
  const values = queryParam(incoming.query, 'identifierValue');
  const errors: Record<string, string[]> = {};
  if (!names) errors.identifierName = [MESSAGES.required];
  if (!values) errors.identifierValue = [MESSAGES.required];
  const all = queryParam(incoming.query, 'fetchDataForAllPrograms');
  const allPrograms = all === undefined ? false : booleanText(all);
  if (allPrograms === undefined) errors.fetchDataForAllPrograms = [MESSAGES.boolean];
  const programText = queryParam(incoming.query, 'programId');
  const programRead = integerField(programText);
  if (programRead === 'invalid') errors.programId = [MESSAGES.integer];
  if (Object.keys(errors).length > 0) throw invalid(errors);
  const source = queryParam(incoming.query, 'source');
  if (source !== undefined && !SOURCES.has(source)) throw capillaryError(8003, 'Invalid source');
  const customer = balanceCustomer(caller, names as string, values as string, options);
  const programs = allPrograms
    ? org.programs.map((p) => p.id)
    : [typeof programRead === 'number' ? programRead : org.defaultProgramId];
  let [main, external, late] = [0n, 0n, 0n];
  for (const id of programs) {
    const wallet = caller.state.wallets.get(walletKey(customer.id, id));
    if (!wallet) continue;
    main += wallet.main;
    external += wallet.external;
    late += delayed(caller.state, customer, id);
  }
  // A DecimalField per figure: the widest scale of the programs summed.
  const places = Math.max(0, ...programs.map((id) => programOf(org, id)?.decimals ?? 0));
  const promised = external + late;
  return respond(200, {
    entityId: customer.id,
    entityType: 'CUSTOMER',
    totalPoints: fixed(main + promised, places),
    mainPoints: fixed(main, places),
    promisedPoints: fixed(promised, places),
    promisedPointsBreakup: {
      delayedAccrualPoints: fixed(late, places),
      externalTriggerBasedPoints: fixed(external, places),
    },
    warnings: [],
  });
}
