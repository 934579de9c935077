/**
 * The three Capillary controllers. Per field, who answers: a wrong JSON type, a negative amount,
 * a reason past 50 characters, promotionId beside promotionIdentifier and any unlock field of the
 * wrong type are play-json validation errors (400, `{"obj.<field>":[…]}`: the pages give them no
 * code); every case a page or DESIGN.md gives a code is answered in the Capillary envelope with
 * that code (envelope.ts). The balance's query goes through the routes file's binders, so a
 * missing parameter or a programId that is no Long is Play's own 400.
 */
import type { OrgSeed } from './data.ts';
import { asOracleNumber, atScale, bigDecimalText, decimalPlaces, toMilli } from './decimal.ts';
import { capillaryError, isResult } from './envelope.ts';
import { type DualEligibility, lookupListed, lookupOne } from './lookup.ts';
import { bindBoolean, bindLong, clientError, jsonResult, type PlayRequest, type PlayResult } from './play.ts';
import { asObject, type Js, JsDecimal, JsErrors, readBigDecimal, readLong, readString } from './playjson.ts';
import type { CustomerRow, EntryRow, OracleStore, OrgRows } from './store.ts';

const NPA_NAMES = new Set(['externalId', 'mobile']);
const UNLOCK_NAMES = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BALANCE_NAMES = new Set(['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId']);
const NPA_SOURCES = new Set(
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' '),
);
const UNLOCK_SOURCES = new Set(
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' '),
);
// The balance page lists no sources: the platform's, both pages' lists together.
const BALANCE_SOURCES = new Set([...NPA_SOURCES, ...UNLOCK_SOURCES]);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const REASON_MAX = 50;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const validationError = (errors: JsErrors) => jsonResult(400, errors.toJson());

/** A program figure at the program's round decimals; a program the org lacks at the column's. */
const figure = (org: OrgSeed, programId: number, milli: bigint) =>
  new JsDecimal(atScale(milli, org.programs[programId] ?? 3));

export class CapillaryControllers {
  constructor(
    private readonly store: OracleStore,
    private readonly dualOf: (org: OrgSeed) => DualEligibility,
  ) {}

  /** POST /v2/customers/lookup/negativePointsAdjustment */
  async deduct(request: PlayRequest, org: OrgRows, json: unknown): Promise<PlayResult> {
    const name = request.query.get('identifierName');
    const value = request.query.get('identifierValue');
    const source = request.query.get('source');
    if (!name || !NPA_NAMES.has(name)) return capillaryError(8013, 'Lookup,Invalid identifier passed');
    if (!source || !NPA_SOURCES.has(source)) return capillaryError(8003, 'Invalid source');
    if (!value) return capillaryError(8015, 'Customer not found for the given identifiers');

    const errors = new JsErrors();
    const body = asObject(json, errors);
    const amount = readBigDecimal(body, 'pointsToBeAdjusted', errors);
    const programId = readLong(body, 'programId', errors);
    const reason = readString(body, 'reasonOfReturn', errors, { max: REASON_MAX });
    const pointsAwardedId = readLong(body, 'pointsAwardedId', errors);
    const promotionId = readLong(body, 'promotionId', errors);
    const promotionIdentifier = readString(body, 'promotionIdentifier', errors);
    const refType = readString(body, 'pointsAwardedRefType', errors);
    if (amount && amount.unscaled < 0n) errors.add('pointsToBeAdjusted', 'error.min', 0);
    if (amount && decimalPlaces(amount) <= 3 && toMilli(amount) === undefined)
      errors.add('pointsToBeAdjusted', 'error.max', 999_999_999_999_999);
    if (promotionId !== undefined && promotionIdentifier !== undefined)
      errors.add(undefined, 'error.promotion.exclusive', 'promotionId', 'promotionIdentifier');
    if (!errors.empty || !amount) return validationError(errors);

    if (reason === undefined || reason.trim() === '')
      return capillaryError(8882, 'reason of return is missing');
    if (amount.unscaled === 0n) return capillaryError(8888, 'points cannot be zero');
    if (promotionIdentifier !== undefined && programId === undefined)
      return capillaryError(8887, 'promotionIdentifier needs programId');
    if (refType !== undefined && !REF_TYPES.has(refType))
      return capillaryError(9975, 'invalid pointsAwardedRefType');

    const customer = lookupOne(this.store, org, NPA_NAMES, name, value);
    if (isResult(customer)) return customer;
    const program = Number(programId ?? org.seed.defaultProgramId);
    if (!customer.main.has(program)) return capillaryError(1218, 'customer not enrolled in program');
    const allowed = org.seed.programs[program] ?? 0;
    const places = decimalPlaces(amount);
    if (places > allowed)
      return capillaryError(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${allowed} for programId: ${program}`,
      );
    const promotion =
      promotionId !== undefined
        ? this.store.promotion(org, (p) => BigInt(p.id) === promotionId)
        : promotionIdentifier !== undefined
          ? this.store.promotion(org, (p) => p.identifier === promotionIdentifier && p.programId === program)
          : null;
    if (promotion === undefined) return capillaryError(8874, 'invalid promotion id');
    if (pointsAwardedId !== undefined && org.seed.awards[Number(pointsAwardedId)] !== customer.seed.id)
      return capillaryError(8877, 'invalid pointsAwardedId');

    const milli = toMilli(amount) ?? 0n;
    const after = await this.store.forUpdate(customer, () => {
      const balance = customer.main.get(program) ?? 0n;
      if (!org.seed.negativeBalanceOnReturn && milli > balance) return undefined;
      customer.main.set(program, balance - milli);
      return balance - milli;
    });
    if (after === undefined)
      return capillaryError(
        8907,
        `points to be deducted ${bigDecimalText(amount)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    return jsonResult(200, {
      status: 'success',
      pointsAvailable: figure(org.seed, program, after),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  }

  /** POST /v2/points/unlockPromisedPoints */
  async unlock(request: PlayRequest, org: OrgRows, json: unknown): Promise<PlayResult> {
    const name = request.query.get('identifierName');
    const value = request.query.get('identifierValue');
    const source = request.query.get('source');
    if (!name || !value || !source)
      return capillaryError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    if (!UNLOCK_NAMES.has(name)) return capillaryError(8013, 'Lookup,Invalid identifier passed');
    if (!UNLOCK_SOURCES.has(source)) return capillaryError(8003, 'Invalid source');
    const type = request.query.get('type');
    if (type === 'USERGROUP2') return capillaryError(1645, 'Group details passed are not valid.');
    if (type !== null && type !== 'CUSTOMER') return capillaryError(82323276, 'Entity type invalid.');

    const errors = new JsErrors();
    const body = asObject(json, errors);
    const eventName = readString(body, 'eventName', errors);
    const billNumber = readBillNumber(body, errors);
    const eventLogIds = readLongs(body, 'eventLogId', errors, true);
    const lineItemIds = readLongs(body, 'lineItemIds', errors, false);
    const itemCodes = readStrings(body, 'itemCodes', errors);
    readDate(body, 'billDate', errors);
    for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId', 'sourceProgramId'])
      readLong(body, field, errors);
    if (!errors.empty) return validationError(errors);
    if (!billNumber) return capillaryError(82323271, 'Bill number missing.');
    if (!eventName) return capillaryError(82323272, 'Event name not found.');

    const customer = lookupOne(this.store, org, UNLOCK_NAMES, name, value);
    if (isResult(customer)) return customer;
    const bill = this.store.billsOf(org, customer, billNumber);
    if (!bill) return capillaryError(82323277, 'No bill found for given bill number.');
    if (bill.seed.eventName !== eventName) return capillaryError(82323272, 'Event name not found.');
    if (eventLogIds?.some((id) => id !== BigInt(bill.seed.eventLogId)))
      return capillaryError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');

    const filtered = (lineItemIds?.length ?? 0) > 0 || (itemCodes?.length ?? 0) > 0;
    const selects = (e: EntryRow) =>
      !filtered ||
      (e.kind === 'line' &&
        (lineItemIds?.includes(BigInt(e.lineItemId)) === true || itemCodes?.includes(e.itemCode) === true));
    const moved = await this.store.forUpdate(customer, () => {
      const entries = bill.entries.filter((e) => !e.unlocked && selects(e));
      for (const e of entries) {
        e.unlocked = true;
        customer.main.set(e.programId, (customer.main.get(e.programId) ?? 0n) + e.milli);
      }
      return entries;
    });
    if (moved.length === 0) return capillaryError(82323282, 'No promise points found to unlock.');
    return jsonResult(200, {
      pointsUnlocked: moved.map((e) => this.line(org, bill.seed.billNumber, e)),
      warnings: [],
    });
  }

  private line(org: OrgRows, billNumber: string, e: EntryRow): Js {
    const pointsUnlocked = figure(org.seed, e.programId, e.milli);
    if (e.kind === 'bill') return { billNumber, pointsUnlocked, programId: e.programId };
    if (e.kind === 'line')
      return { billNumber, itemCode: e.itemCode, pointsUnlocked, programId: e.programId };
    const promotion = this.store.promotion(org, (p) => p.id === e.promotionId);
    return {
      pointsUnlocked,
      programId: e.programId,
      promotionIdentifier: promotion?.identifier,
      promotionId: e.promotionId,
      promotionName: promotion?.name,
    };
  }

  /** GET /v2/customers/lookup/points/balance(source: String, identifierName: String, identifierValue: String, programId: Option[Long], fetchDataForAllPrograms: Option[Boolean]) */
  balance(request: PlayRequest, org: OrgRows): PlayResult {
    for (const required of ['source', 'identifierName', 'identifierValue'])
      if (request.query.get(required) === null)
        return clientError(request, 400, `Missing parameter: ${required}`);
    const programId = bindLong(request, 'programId');
    if ('refused' in programId) return programId.refused;
    const all = bindBoolean(request, 'fetchDataForAllPrograms');
    if ('refused' in all) return all.refused;
    if (!BALANCE_SOURCES.has(request.query.get('source') ?? ''))
      return capillaryError(8003, 'Invalid source');
    const customer = lookupListed(
      this.store,
      org,
      BALANCE_NAMES,
      this.dualOf(org.seed),
      request.query.get('identifierName') ?? '',
      request.query.get('identifierValue') ?? '',
    );
    if (isResult(customer)) return customer;
    const program = Number(programId.value ?? org.seed.defaultProgramId);
    const inScope = (p: number) => all.value === true || p === program;
    const sums = this.figures(org, customer, inScope);
    // One program: its figures at its round decimals. All programs: Oracle's SUM(), as JDBC reads it.
    const write = (milli: bigint): JsDecimal =>
      all.value === true ? new JsDecimal(asOracleNumber(milli)) : figure(org.seed, program, milli);
    const promised = sums.delayed + sums.external;
    return jsonResult(200, {
      entityId: customer.seed.id,
      entityType: 'CUSTOMER',
      totalPoints: write(sums.main + promised),
      mainPoints: write(sums.main),
      promisedPoints: write(promised),
      promisedPointsBreakup: {
        delayedAccrualPoints: write(sums.delayed),
        externalTriggerBasedPoints: write(sums.external),
      },
      warnings: [],
    });
  }

  /** Bill and line-item entries are delayed accruals; a promotion's waits for its external trigger. */
  private figures(org: OrgRows, customer: CustomerRow, inScope: (program: number) => boolean) {
    let main = 0n;
    for (const [p, milli] of customer.main) if (inScope(p)) main += milli;
    let delayed = 0n;
    let external = 0n;
    for (const bill of org.bills) {
      if (bill.seed.customerId !== customer.seed.id) continue;
      for (const e of bill.entries) {
        if (e.unlocked || !inScope(e.programId)) continue;
        if (e.kind === 'promotion') external += e.milli;
        else delayed += e.milli;
      }
    }
    return { main, delayed, external };
  }
}

/** billNumber: a String, also read from the example's bare number (16484). */
function readBillNumber(body: Record<string, unknown>, errors: JsErrors): string | undefined {
  const v = body.billNumber;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v !== 'string') return void errors.add('billNumber', 'error.expected.jsstring');
  return v;
}

/** A `Seq[Long]` field; `single` also reads one Long (the example's eventLogId). */
function readLongs(
  body: Record<string, unknown>,
  field: string,
  errors: JsErrors,
  single: boolean,
): bigint[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (single && typeof v === 'number')
    return readLong(body, field, errors) === undefined ? undefined : [BigInt(v)];
  if (!Array.isArray(v)) return void errors.add(field, 'error.expected.jsarray');
  const out: bigint[] = [];
  v.forEach((item, i) => {
    if (typeof item !== 'number') errors.add(`${field}[${i}]`, 'error.expected.jsnumber');
    else if (!Number.isSafeInteger(item)) errors.add(`${field}[${i}]`, 'error.expected.long');
    else out.push(BigInt(item));
  });
  return out;
}

function readStrings(body: Record<string, unknown>, field: string, errors: JsErrors): string[] | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) return void errors.add(field, 'error.expected.jsarray');
  v.forEach((item, i) => {
    if (typeof item !== 'string') errors.add(`${field}[${i}]`, 'error.expected.jsstring');
  });
  return v.filter((item): item is string => typeof item === 'string');
}

/** play-json's LocalDate Reads: ISO yyyy-MM-dd, a real calendar date. */
function readDate(body: Record<string, unknown>, field: string, errors: JsErrors): void {
  const v = body[field];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') {
    errors.add(field, 'error.expected.date');
    return;
  }
  const m = ISO_DATE.exec(v);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== v)
    errors.add(field, 'error.expected.date.isoformat', 'yyyy-MM-dd');
}
