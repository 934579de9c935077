import { setImmediate as tick } from 'node:timers/promises';
import type { Authenticator } from './auth.ts';
import type { Bill, Client, Customer, Org, PromisedEntry, Tables } from './data.ts';
import { type Parsed, parseDecimal, railsDecimal } from './decimal.ts';
import { apiError, customerNotFound, findCustomer } from './lookup.ts';
import {
  blank,
  castBoolean,
  Errors,
  ParameterMissing,
  type Params,
  permit,
  RecordNotFound,
  type Rendered,
  type Request,
} from './rails.ts';

/**
 * The three Capillary controllers: PointsAdjustmentsController#create (negativePointsAdjustment),
 * PromisedPointsController#unlock and BalancesController#show. Validation failures the pages
 * give no code for are the model's 422 `{"errors":{"field":["message"]}}`; documented cases keep
 * their codes in the envelope.
 */

const NPA_NAMES = ['externalId', 'mobile'];
// The sources both pages list; the deduction's list adds ALL, the unlock's MOBILE_APP.
const SOURCES = [
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
];
const NPA_SOURCES = [...SOURCES, 'ALL'];
const UPP_NAMES = ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'];
const UPP_SOURCES = [...SOURCES, 'MOBILE_APP'];
const BALANCE_NAMES = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'];
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const list = (v: unknown): string[] => text(v).split(',');

/** `validates :field, numericality: { only_integer: true }, allow_blank: true` */
function integerField(errors: Errors, params: Params, field: string): number | undefined {
  const value = params[field];
  if (blank(value)) return undefined;
  const parsed = parseDecimal(value);
  if (!parsed || typeof value === 'boolean') errors.add(field, 'is not a number');
  else if (parsed.places > 0) errors.add(field, 'must be an integer');
  else return Number(parsed.micros / 1_000_000n);
  return undefined;
}

/**
 * Presence of query parameters the deduction and the balance require (no documented code): the
 * form object's 422, or with `params.require` ActionController::ParameterMissing's 400.
 */
function requirePresent(params: Params, fields: readonly string[], require: boolean): void {
  const missing = fields.find((field) => blank(params[field]));
  if (require && missing) throw new ParameterMissing(`param is missing or the value is empty: ${missing}`);
  const errors = new Errors();
  for (const field of fields) if (blank(params[field])) errors.add(field, "can't be blank");
  errors.validate();
}

/**
 * `belongs_to :source_store, optional: true` and its till: a store or till the org does not have
 * is the model's "must exist" (the page gives no code for it).
 */
function sourceStore(org: Org, body: Params, errors: Errors): void {
  const store = integerField(errors, body, 'sourceStoreId');
  if (store !== undefined && !org.stores.has(store)) errors.add('sourceStore', 'must exist');
  for (const field of ['sourceTillId', 'sourceTilId']) {
    const till = integerField(errors, body, field);
    const tills = store === undefined ? [...org.stores.values()].flat() : (org.stores.get(store) ?? []);
    if (till !== undefined && !tills.includes(till)) errors.add('sourceTill', 'must exist');
  }
}

/** `customer.with_lock { ... }`: writes to one customer run one at a time, in arrival order. */
class RowLocks {
  private readonly tails = new Map<number, Promise<void>>();
  async with<T>(entityId: number, work: () => T | Promise<T>): Promise<T> {
    const before = this.tails.get(entityId) ?? Promise.resolve();
    let release = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.tails.set(
      entityId,
      before.then(() => mine),
    );
    await before;
    try {
      return await work();
    } finally {
      release();
    }
  }
}

function unlockLine(bill: Bill, entry: PromisedEntry) {
  return {
    billNumber: bill.billNumber,
    itemCode: entry.itemCode ?? null,
    pointsUnlocked: railsDecimal(entry.points),
    programId: entry.programId,
    promotionIdentifier: entry.promotion?.identifier ?? null,
    promotionId: entry.promotion?.id ?? null,
    promotionName: entry.promotion?.name ?? null,
  };
}

/** `requireParams`: the query parameters a page gives no code for are read with `params.require`. */
export function capillaryControllers(tables: Tables, auth: Authenticator, requireParams: boolean) {
  const locks = new RowLocks();
  const orgOf = (client: Client): Org => {
    const org = tables.orgs.get(client.org);
    if (!org) throw new RecordNotFound();
    return org;
  };
  const promised = (customer: Customer, org: Org, programs: readonly number[]) => {
    let delayed = 0n;
    let external = 0n;
    for (const bill of org.bills.filter((b) => b.entityId === customer.entityId))
      for (const entry of bill.entries)
        if (programs.includes(entry.programId) && !tables.unlocks.has(`${bill.billNumber}:${entry.key}`)) {
          if (entry.category === 'delayedAccrual') delayed += entry.points;
          else external += entry.points;
        }
    return { delayed, external };
  };

  async function negativePointsAdjustment(req: Request): Promise<Rendered> {
    const client = auth.authenticate(req);
    if (!client.points) throw apiError(4000, 'Not authorized: the Points access group is required');
    const org = orgOf(client);
    const params = req.params();
    requirePresent(params, ['identifierName', 'identifierValue', 'source'], requireParams);
    const names = list(params.identifierName);
    if (!names.every((n) => NPA_NAMES.includes(n))) throw apiError(8013, 'Lookup,Invalid identifier passed');
    if (!NPA_SOURCES.includes(text(params.source))) throw apiError(8003, 'Invalid source');
    const errors = new Errors();
    const body = permit(params, errors, [
      'pointsToBeAdjusted',
      'programId',
      'reasonOfReturn',
      'pointsAwardedId',
      'promotionId',
      'promotionIdentifier',
      'pointsAwardedRefType',
    ]);
    const amount = blank(body.pointsToBeAdjusted) ? undefined : parseDecimal(body.pointsToBeAdjusted);
    if (blank(body.pointsToBeAdjusted)) errors.add('pointsToBeAdjusted', "can't be blank");
    else if (!amount || typeof body.pointsToBeAdjusted === 'boolean')
      errors.add('pointsToBeAdjusted', 'is not a number');
    else if (amount.micros < 0n) errors.add('pointsToBeAdjusted', 'must be greater than 0');
    const programId = integerField(errors, body, 'programId');
    const awardId = integerField(errors, body, 'pointsAwardedId');
    const promotionId = integerField(errors, body, 'promotionId');
    if (text(body.reasonOfReturn).length > 50)
      errors.add('reasonOfReturn', 'is too long (maximum is 50 characters)');
    if (!blank(body.promotionId) && !blank(body.promotionIdentifier))
      errors.add('base', 'promotionId and promotionIdentifier cannot both be given');
    errors.validate();
    // Validated above: present and a number.
    const points = amount as Parsed;
    if (points.micros === 0n) throw apiError(8888, 'points cannot be zero');
    if (blank(body.reasonOfReturn)) throw apiError(8882, 'reason of return is missing');
    if (!blank(body.promotionIdentifier) && programId === undefined)
      throw apiError(8887, 'programId is required with promotionIdentifier');
    if (!blank(body.pointsAwardedRefType) && !REF_TYPES.includes(text(body.pointsAwardedRefType)))
      throw apiError(9975, 'invalid pointsAwardedRefType');
    const customer = findCustomer(org, names, list(params.identifierValue), false);
    const promotion =
      promotionId !== undefined
        ? org.promotions.find((p) => p.id === promotionId)
        : org.promotions.find(
            (p) => p.identifier === text(body.promotionIdentifier) && p.programId === programId,
          );
    if ((promotionId !== undefined || !blank(body.promotionIdentifier)) && !promotion)
      throw apiError(8874, 'invalid promotion id');
    const program = org.programs.find(
      (p) => p.id === (programId ?? promotion?.programId ?? org.defaultProgramId),
    );
    if (!program || !customer.main.has(program.id))
      throw apiError(1218, 'customer is not enrolled in the program');
    if (awardId !== undefined && !customer.awards.includes(awardId))
      throw apiError(8877, 'invalid pointsAwardedId');
    if (points.places > program.roundDecimals)
      throw apiError(
        8906,
        `decimal places passed: ${points.places} is greater than the configured round decimals: ${program.roundDecimals} for programId: ${program.id}`,
      );
    const available = await locks.with(customer.entityId, async () => {
      const balance = customer.main.get(program.id) ?? 0n;
      if (!org.negativeBalanceOnReturn && points.micros > balance)
        throw apiError(
          8907,
          `points to be deducted ${railsDecimal(points.micros)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      customer.main.set(program.id, balance - points.micros);
      return balance - points.micros;
    });
    return {
      status: 200,
      json: {
        status: 'success',
        pointsAvailable: railsDecimal(available),
        message: 'points deducted successfully for the user ',
        warnings: [],
      },
    };
  }

  async function unlockPromisedPoints(req: Request): Promise<Rendered> {
    const client = auth.authenticate(req);
    const org = orgOf(client);
    const params = req.params();
    if (['identifierName', 'identifierValue', 'source'].some((f) => blank(params[f])))
      throw apiError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = blank(params.type) ? 'CUSTOMER' : text(params.type);
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2') throw apiError(82323276, 'Entity type invalid.');
    const names = list(params.identifierName);
    if (!names.every((n) => UPP_NAMES.includes(n))) throw apiError(8013, 'Lookup,Invalid identifier passed');
    if (!UPP_SOURCES.includes(text(params.source))) throw apiError(8003, 'Invalid source');
    // Neither org has user groups.
    if (type === 'USERGROUP2') throw apiError(1645, 'Group details passed are not valid.');
    const errors = new Errors();
    const body = permit(
      params,
      errors,
      [
        'eventName',
        'billNumber',
        'eventLogId',
        'billDate',
        'sourceStoreId',
        'sourceTillId',
        'sourceTilId',
        'sourceProgramId',
      ],
      ['eventLogId', 'lineItemIds', 'itemCodes'],
    );
    sourceStore(org, body, errors);
    errors.validate();
    if (blank(body.billNumber)) throw apiError(82323271, 'Bill number missing.');
    if (blank(body.eventName)) throw apiError(82323272, 'Event name not found.');
    const customer = findCustomer(org, names, list(params.identifierValue), false);
    const bill = org.bills.find(
      (b) => b.entityId === customer.entityId && b.billNumber === text(body.billNumber),
    );
    if (!bill) throw apiError(82323277, 'No bill found for given bill number.');
    if (text(body.eventName) !== bill.eventName) throw apiError(82323272, 'Event name not found.');
    if (!blank(body.eventLogId)) {
      const logs = Array.isArray(body.eventLogId) ? body.eventLogId : [body.eventLogId];
      if (logs.length === 0 || logs.some((l) => text(l) !== String(bill.eventLogId)))
        throw apiError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    }
    const lineItemIds = ((body.lineItemIds as unknown[] | undefined) ?? []).map(text);
    const itemCodes = ((body.itemCodes as unknown[] | undefined) ?? []).map(text);
    const filtered = lineItemIds.length > 0 || itemCodes.length > 0;
    const key = (e: PromisedEntry) => `${bill.billNumber}:${e.key}`;
    // SELECT the bill's pending promised points ...
    const selected = bill.entries.filter(
      (e) =>
        !tables.unlocks.has(key(e)) &&
        (!filtered ||
          (e.lineItemId !== undefined && lineItemIds.includes(String(e.lineItemId))) ||
          (e.itemCode !== undefined && itemCodes.includes(e.itemCode))),
    );
    if (selected.length === 0) throw apiError(82323282, 'No promise points found to unlock.');
    // ... and INSERT a row per entry in one transaction: the unique index on (bill, entry) makes a
    // concurrent second unlock raise ActiveRecord::RecordNotUnique, rescued as nothing left to unlock.
    await tick();
    if (selected.some((e) => tables.unlocks.has(key(e))))
      throw apiError(82323282, 'No promise points found to unlock.');
    for (const entry of selected) {
      tables.unlocks.add(key(entry));
      customer.main.set(entry.programId, (customer.main.get(entry.programId) ?? 0n) + entry.points);
    }
    return { status: 200, json: { pointsUnlocked: selected.map((e) => unlockLine(bill, e)), warnings: [] } };
  }

  function balance(req: Request): Rendered {
    const client = auth.authenticate(req);
    const org = orgOf(client);
    const params = req.params();
    requirePresent(params, ['identifierName', 'identifierValue'], requireParams);
    const names = list(params.identifierName);
    // The balance page gives one code, 8015, for an identifier it cannot use.
    if (!names.every((n) => BALANCE_NAMES.includes(n))) throw customerNotFound();
    const customer = findCustomer(org, names, list(params.identifierValue), true);
    const errors = new Errors();
    const programId = integerField(errors, params, 'programId');
    errors.validate();
    let programs: number[];
    if (castBoolean(params.fetchDataForAllPrograms)) programs = [...customer.main.keys()];
    else if (programId !== undefined) {
      if (!org.programs.some((p) => p.id === programId)) throw new RecordNotFound();
      programs = [programId];
    } else programs = [org.defaultProgramId];
    const main = programs.reduce((sum, p) => sum + (customer.main.get(p) ?? 0n), 0n);
    const { delayed, external } = promised(customer, org, programs);
    return {
      status: 200,
      json: {
        entityId: customer.entityId,
        entityType: 'CUSTOMER',
        totalPoints: railsDecimal(main + delayed + external),
        mainPoints: railsDecimal(main),
        promisedPoints: railsDecimal(delayed + external),
        promisedPointsBreakup: {
          delayedAccrualPoints: railsDecimal(delayed),
          externalTriggerBasedPoints: railsDecimal(external),
        },
        warnings: [],
      },
    };
  }

  return { negativePointsAdjustment, unlockPromisedPoints, balance };
}
