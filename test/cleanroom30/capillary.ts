import type { Caller } from './auth.ts';
import type { OrgRow } from './data.ts';
import { numberText, numericText, placesOf, toDouble, toUnits } from './decimal.ts';
import { type Customer, type Ledger, scaleOf } from './ledger.ts';
import { customerBy, customerByList } from './lookup.ts';
import { decode, type Field, message, queryBool, queryInt64 } from './protojson.ts';
import { Code, capillaryError, invalid, RpcError } from './status.ts';

/**
 * The Go service's Capillary RPCs (loyalty.v1.PointsService), bound to the pages' paths by
 * google.api.http annotations. Sources and identifier names are strings the handlers check, not
 * proto enums, so that an unsupported one gets the page's code (8003, 8013) and not the
 * gateway's own INVALID_ARGUMENT.
 */

export interface Call {
  readonly caller: Caller;
  readonly query: URLSearchParams;
  readonly body: string;
}

export interface CapillaryContext {
  readonly ledger: Ledger;
  /** The org's primary identifier when dual eligibility is on. */
  primaryOf(org: OrgRow): string | undefined;
}

const DEDUCTION_SOURCES = [
  'INSTORE',
  'MARTJACK',
  'WECHAT',
  'FACEBOOK',
  'WEB_ENGAGE',
  'TMALL',
  'TAOBAO',
  'JD',
];
const COMMON_SOURCES = [...DEDUCTION_SOURCES, 'ECOMMERCE', 'WEBSITE', 'LINE'];
const SOURCES = {
  deduction: [...COMMON_SOURCES, 'ALL'],
  unlock: [...COMMON_SOURCES, 'MOBILE_APP'],
  balance: [...COMMON_SOURCES, 'ALL', 'MOBILE_APP'],
};
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];
const REASON_MAX = 50;

const DEDUCTION_FIELDS: readonly Field[] = [
  { json: 'pointsToBeAdjusted', proto: 'points_to_be_adjusted', kind: 'value' },
  { json: 'programId', proto: 'program_id', kind: 'int64' },
  { json: 'reasonOfReturn', proto: 'reason_of_return', kind: 'string' },
  { json: 'pointsAwardedId', proto: 'points_awarded_id', kind: 'int64' },
  { json: 'promotionId', proto: 'promotion_id', kind: 'int64', oneof: 'promotion' },
  { json: 'promotionIdentifier', proto: 'promotion_identifier', kind: 'string', oneof: 'promotion' },
  { json: 'pointsAwardedRefType', proto: 'points_awarded_ref_type', kind: 'string' },
];

const UNLOCK_FIELDS: readonly Field[] = [
  { json: 'eventName', proto: 'event_name', kind: 'string' },
  { json: 'billNumber', proto: 'bill_number', kind: 'value' },
  { json: 'eventLogId', proto: 'event_log_id', kind: 'int64[]' },
  { json: 'lineItemIds', proto: 'line_item_ids', kind: 'int64[]' },
  { json: 'itemCodes', proto: 'item_codes', kind: 'string[]' },
  { json: 'billDate', proto: 'bill_date', kind: 'string' },
  { json: 'sourceStoreId', proto: 'source_store_id', kind: 'int64' },
  { json: 'sourceTillId', proto: 'source_till_id', kind: 'int64' },
  { json: 'sourceTilId', proto: 'source_til_id', kind: 'int64' },
  { json: 'sourceProgramId', proto: 'source_program_id', kind: 'int64' },
];

/** protoc-gen-validate's wording for a rule of a request field. */
const pgv = (request: string, field: string, rule: string) => invalid(`invalid ${request}.${field}: ${rule}`);

/** The amount of a google.protobuf.Value field: a JSON number or a numeric string (the page's `"100.00"`). */
function amountText(value: unknown): string {
  if (value === undefined) return '0';
  const text = typeof value === 'number' ? numberText(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[+-]?\d+(\.\d+)?$/.test(text))
    throw pgv(
      'NegativePointsAdjustmentRequest',
      'PointsToBeAdjusted',
      'value must be a number or a numeric string',
    );
  return text;
}

function programScale(org: OrgRow, programId: number): number {
  const scale = scaleOf(org, programId);
  if (scale === undefined) throw new RpcError(Code.NOT_FOUND, `program ${programId} not found`);
  return scale;
}

/** POST /v2/customers/lookup/negativePointsAdjustment */
export async function deduct(ctx: CapillaryContext, call: Call): Promise<unknown> {
  const { org } = call.caller;
  if (!call.caller.pointsGroup) throw capillaryError(4000);
  if (!['externalId', 'mobile'].includes(call.query.get('identifierName') ?? '')) throw capillaryError(8013);
  if (!SOURCES.deduction.includes(call.query.get('source') ?? '')) throw capillaryError(8003);
  const body = decode(call.body, DEDUCTION_FIELDS);
  const amount = amountText(body.pointsToBeAdjusted);
  if (amount.startsWith('-') && Number(amount) !== 0)
    throw pgv('NegativePointsAdjustmentRequest', 'PointsToBeAdjusted', 'value must be greater than 0');
  const reason = String(body.reasonOfReturn ?? '');
  if ([...reason].length > REASON_MAX)
    throw pgv(
      'NegativePointsAdjustmentRequest',
      'ReasonOfReturn',
      `value length must be at most ${REASON_MAX} runes`,
    );
  if (Number(amount) === 0) throw capillaryError(8888);
  if (reason.trim() === '') throw capillaryError(8882);
  if (body.promotionIdentifier !== undefined && body.programId === undefined) throw capillaryError(8887);
  const refType = body.pointsAwardedRefType as string | undefined;
  if (refType !== undefined && !REF_TYPES.includes(refType)) throw capillaryError(9975);

  const customer = customerBy(
    ctx.ledger,
    org,
    call.query.get('identifierName')!,
    call.query.get('identifierValue') ?? '',
  );
  const programId = (body.programId as number | undefined) ?? org.defaultProgramId;
  const scale = programScale(org, programId);
  if (!customer.main.has(programId)) throw capillaryError(1218);
  const places = placesOf(amount) ?? 0;
  if (places > scale)
    throw capillaryError(
      8906,
      `decimal places passed: ${places} is greater than the configured round decimals: ${scale} for programId: ${programId}`,
    );
  const promotion = org.promotion;
  if (
    (body.promotionId !== undefined && body.promotionId !== promotion.id) ||
    (body.promotionIdentifier !== undefined &&
      (body.promotionIdentifier !== promotion.identifier || programId !== promotion.programId))
  )
    throw capillaryError(8874);
  if (body.pointsAwardedId !== undefined) {
    const award = org.awards[body.pointsAwardedId as number];
    if (award?.customerId !== customer.row.id) throw capillaryError(8877);
  }
  const units = toUnits(amount, scale);
  return ctx.ledger.forUpdate(`customer/${customer.row.id}`, () => {
    const main = customer.main.get(programId)!;
    if (!org.negativeBalanceOnReturn && units > main)
      throw capillaryError(
        8907,
        `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    customer.main.set(programId, main - units);
    // pointsAvailable is a string in the .proto (a NUMERIC's text, the page's "670.000"): never empty.
    return message({
      status: 'success',
      pointsAvailable: numericText(main - units, scale),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  });
}

function billNumberOf(value: unknown): string {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string') return value.trim();
  if (value === undefined) return '';
  throw pgv('UnlockPromisedPointsRequest', 'BillNumber', 'value must be a string or an integer');
}

function checkBillDate(value: unknown): void {
  if (value === undefined) return;
  const text = String(value);
  const date = new Date(`${text}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(text) ||
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== text
  )
    throw pgv('UnlockPromisedPointsRequest', 'BillDate', 'value must be a date in the form YYYY-MM-DD');
}

/** POST /v2/points/unlockPromisedPoints */
export async function unlock(ctx: CapillaryContext, call: Call): Promise<unknown> {
  const { org } = call.caller;
  const [name, value, source] = ['identifierName', 'identifierValue', 'source'].map(
    (k) => call.query.get(k)?.trim() ?? '',
  );
  if (!name || !value || !source) throw capillaryError(82323284);
  const type = call.query.get('type') || 'CUSTOMER';
  if (!['CUSTOMER', 'USERGROUP2'].includes(type)) throw capillaryError(82323276);
  if (type === 'USERGROUP2') throw capillaryError(1645); // the org has no user groups
  if (!['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'].includes(name!)) throw capillaryError(8013);
  if (!SOURCES.unlock.includes(source!)) throw capillaryError(8003);
  const body = decode(call.body, UNLOCK_FIELDS);
  const eventName = String(body.eventName ?? '').trim();
  const billNumber = billNumberOf(body.billNumber);
  checkBillDate(body.billDate);
  if (!eventName) throw capillaryError(82323272);
  if (!billNumber) throw capillaryError(82323271);

  const customer = customerBy(ctx.ledger, org, name!, value!);
  const bills = ctx.ledger.bills.get(org) ?? [];
  const eventLogIds = (body.eventLogId as number[] | undefined) ?? [];
  if (eventLogIds.length > 0 && !bills.some((b) => eventLogIds.includes(b.eventLogId)))
    throw capillaryError(3918);
  const storeId = body.sourceStoreId as number | undefined;
  const tillId = (body.sourceTillId ?? body.sourceTilId) as number | undefined;
  const bill = bills.find(
    (b) =>
      b.number === billNumber &&
      b.customerId === customer.row.id &&
      (storeId === undefined || b.storeId === storeId) &&
      (tillId === undefined || b.tillId === tillId),
  );
  if (!bill) throw capillaryError(82323277);
  if (bill.eventName !== eventName) throw capillaryError(82323272);
  if (eventLogIds.length > 0 && !eventLogIds.includes(bill.eventLogId)) throw capillaryError(3918);
  const lineItemIds = body.lineItemIds as number[] | undefined;
  const itemCodes = body.itemCodes as string[] | undefined;
  const filtered = lineItemIds !== undefined || itemCodes !== undefined;

  return ctx.ledger.forUpdate(`customer/${customer.row.id}`, () => {
    // WHERE NOT unlocked AND (the filters, each narrowing: SQL's AND)
    const entries = bill.entries.filter(
      (e) =>
        !e.unlocked &&
        (!filtered ||
          (e.lineItemId !== undefined &&
            (lineItemIds === undefined || lineItemIds.includes(e.lineItemId)) &&
            (itemCodes === undefined || itemCodes.includes(e.itemCode!)))),
    );
    if (entries.length === 0) throw capillaryError(82323282);
    for (const e of entries) {
      const scale = scaleOf(org, e.programId)!;
      e.unlocked = true;
      customer.main.set(e.programId, (customer.main.get(e.programId) ?? 0n) + toUnits(e.points, scale));
    }
    // pointsUnlocked is a decimal string (google.type.Decimal's form), programId and promotionId
    // int64 written as numbers; billNumber and itemCode strings, left out where empty.
    return {
      pointsUnlocked: entries.map((e) =>
        message({
          billNumber: e.promotion ? '' : bill.number,
          itemCode: e.itemCode,
          pointsUnlocked: e.points,
          programId: e.programId,
          promotionIdentifier: e.promotion?.identifier,
          promotionId: e.promotion?.id,
          promotionName: e.promotion?.name,
        }),
      ),
    };
  });
}

/** A figure summed over programs at the org's finest scale, as the double the .proto carries. */
function figure(org: OrgRow, programs: readonly number[], units: (programId: number) => bigint): number {
  const finest = Math.max(...org.programs.map((p) => p.decimals));
  const total = programs.reduce(
    (sum, id) => sum + units(id) * 10n ** BigInt(finest - (scaleOf(org, id) ?? 0)),
    0n,
  );
  return toDouble(total, finest);
}

/** GET /v2/customers/lookup/points/balance */
export async function balance(ctx: CapillaryContext, call: Call): Promise<unknown> {
  const { org } = call.caller;
  // Here `source` is a proto enum the gateway binds (the page lists no values and no code): by
  // name or by number, as runtime.PopulateQueryParameters does (`source=1` is INSTORE).
  const source = call.query.get('source');
  const byNumber = /^\d+$/.test(source ?? '') && Number(source) <= SOURCES.balance.length;
  if (source && !SOURCES.balance.includes(source) && !byNumber)
    throw invalid(`type mismatch, parameter: source, error: ${source} is not valid`);
  const programId = queryInt64(call.query, 'programId');
  const all = queryBool(call.query, 'fetchDataForAllPrograms');
  const customer: Customer = customerByList(
    ctx.ledger,
    org,
    (call.query.get('identifierName') ?? '').split(','),
    (call.query.get('identifierValue') ?? '').split(','),
    ['email', 'mobile', 'externalId', 'id', 'cuid', 'primaryUserId'],
    ctx.primaryOf(org),
  );
  const programs = all ? org.programs.map((p) => p.id) : [programId ?? org.defaultProgramId];
  for (const id of programs) programScale(org, id);
  const main = figure(org, programs, (id) => customer.main.get(id) ?? 0n);
  const delayed = figure(org, programs, (id) => ctx.ledger.delayedAccrual(customer, id));
  const external = figure(org, programs, (id) => customer.externalTrigger.get(id) ?? 0n);
  const promised = figure(
    org,
    programs,
    (id) => ctx.ledger.delayedAccrual(customer, id) + (customer.externalTrigger.get(id) ?? 0n),
  );
  // The page's table rows are proto3 `optional` (written at zero too): entityId (int64, written as
  // a number), totalPoints, mainPoints and the breakup's two figures. promisedPoints, which only
  // DESIGN.md's sibling endpoint shows, is a plain double, left out at zero.
  return message(
    {
      entityId: customer.row.id,
      entityType: 'CUSTOMER',
      totalPoints: figure(
        org,
        programs,
        (id) =>
          (customer.main.get(id) ?? 0n) +
          ctx.ledger.delayedAccrual(customer, id) +
          (customer.externalTrigger.get(id) ?? 0n),
      ),
      mainPoints: main,
      promisedPoints: promised,
      promisedPointsBreakup: message(
        { delayedAccrualPoints: delayed, externalTriggerBasedPoints: external },
        ['delayedAccrualPoints', 'externalTriggerBasedPoints'],
      ),
    },
    ['entityId', 'totalPoints', 'mainPoints'],
  );
}
