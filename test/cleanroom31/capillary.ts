import type { Caller } from './auth.ts';
import { forbidden } from './auth.ts';
import type { Bill, BillLine, Customer, Org } from './data.ts';
import { decimalText, placesOf, toMillis } from './decimal.ts';
import { capError, INVALID_JSON, json, type Reply, webargsError } from './flask.ts';
import { lookup, type RowLocks } from './ledger.ts';
import { PyFloat } from './pyjson.ts';
import { load } from './webargs.ts';

type Query = URLSearchParams;

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
const UNLOCK_SOURCES = new Set([
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
const NPA_NAMES = new Set(['externalId', 'mobile']);
const UNLOCK_NAMES = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BALANCE_NAMES = new Set(['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId']);

const notFound = () => capError(8015, 'Customer not found for the given identifiers');
const invalidSource = () => capError(8003, 'Invalid source');
const invalidIdentifier = () => capError(8013, 'Lookup,Invalid identifier passed');

/** The view functions of the Capillary blueprint. */
export class CapillaryViews {
  constructor(private readonly locks: RowLocks) {}

  /** POST /v2/customers/lookup/negativePointsAdjustment */
  async deduct(caller: Caller, query: Query, body: unknown): Promise<Reply> {
    if (!caller.credential.points) return forbidden();
    const { org } = caller;
    const name = query.get('identifierName') ?? '';
    if (!NPA_NAMES.has(name)) return invalidIdentifier();
    if (!NPA_SOURCES.has(query.get('source') ?? '')) return invalidSource();
    if (body === undefined) return INVALID_JSON;
    const parsed = load(
      {
        pointsToBeAdjusted: { kind: 'amount', required: true, nonNegative: true },
        programId: { kind: 'int' },
        reasonOfReturn: { kind: 'str', maxLength: 50 },
        pointsAwardedId: { kind: 'int' },
        promotionId: { kind: 'int' },
        promotionIdentifier: { kind: 'str' },
        pointsAwardedRefType: { kind: 'str' },
      },
      body,
    );
    if (!parsed.ok) return webargsError('json', parsed.errors);
    const d = parsed.data;
    if (d.promotionId !== undefined && d.promotionIdentifier !== undefined)
      // @validates_schema: the page calls the pair invalid and gives no code for it.
      return webargsError('json', { _schema: ['Pass either promotionId or promotionIdentifier, not both.'] });
    const customer = lookup(org, name, query.get('identifierValue') ?? '')[0];
    if (!customer) return notFound();
    const amount = String(d.pointsToBeAdjusted);
    if (toMillis(amount) === 0 && placesOf(amount) <= 3) return capError(8888, 'points cannot be zero');
    if (typeof d.reasonOfReturn !== 'string' || d.reasonOfReturn.trim() === '')
      return capError(8882, 'reasonOfReturn is required');
    if (d.promotionIdentifier !== undefined && d.programId === undefined)
      return capError(8887, 'programId is required when promotionIdentifier is passed');
    const promotion = org.promotion;
    if (
      (d.promotionId !== undefined && d.promotionId !== promotion.id) ||
      (d.promotionIdentifier !== undefined &&
        (d.promotionIdentifier !== promotion.identifier || d.programId !== promotion.programId))
    )
      return capError(8874, 'Invalid promotion id');
    if (d.pointsAwardedId !== undefined && !org.pointsAwardedIds.includes(d.pointsAwardedId as number))
      return capError(8877, 'Invalid pointsAwardedId');
    if (d.pointsAwardedRefType !== undefined && !REF_TYPES.has(d.pointsAwardedRefType as string))
      return capError(9975, 'Invalid pointsAwardedRefType');
    const programId = (d.programId as number | undefined) ?? org.defaultProgramId;
    const program = org.programs.find((p) => p.id === programId);
    if (!program || !customer.rows.has(programId))
      return capError(1218, `customer is not enrolled in program ${programId}`);
    const places = placesOf(amount);
    if (places > program.roundDecimals)
      return capError(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${program.roundDecimals} for programId: ${programId}`,
      );
    const millis = toMillis(amount);
    return this.locks.forUpdate(customer.entityId, () => {
      const row = customer.rows.get(programId);
      if (!row) return capError(1218, `customer is not enrolled in program ${programId}`);
      if (!org.negativeOnReturn && millis > row.main)
        return capError(
          8907,
          `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      row.main -= millis;
      return json(200, {
        status: 'success',
        pointsAvailable: decimalText(row.main),
        message: 'points deducted successfully for the user ',
        warnings: [],
      });
    });
  }

  /** POST /v2/points/unlockPromisedPoints */
  async unlock(caller: Caller, query: Query, body: unknown): Promise<Reply> {
    const { org } = caller;
    const name = query.get('identifierName') ?? '';
    const value = query.get('identifierValue') ?? '';
    const source = query.get('source') ?? '';
    if (name === '' || value === '' || source === '')
      return capError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = query.get('type') ?? 'CUSTOMER';
    // No user group is kept in this database: every USERGROUP2 identifier is unknown.
    if (type === 'USERGROUP2') return capError(1645, 'Group details passed are not valid.');
    if (type !== 'CUSTOMER') return capError(82323276, 'Entity type invalid.');
    if (!UNLOCK_NAMES.has(name)) return invalidIdentifier();
    if (!UNLOCK_SOURCES.has(source)) return invalidSource();
    if (body === undefined) return INVALID_JSON;
    const parsed = load(
      {
        eventName: { kind: 'str' },
        billNumber: { kind: 'str' },
        eventLogId: { kind: 'intOrInts' },
        lineItemIds: { kind: 'ints' },
        itemCodes: { kind: 'strs' },
        billDate: { kind: 'date' },
        sourceStoreId: { kind: 'int' },
        sourceTillId: { kind: 'int' },
        sourceTilId: { kind: 'int' },
        sourceProgramId: { kind: 'int' },
      },
      // billNumber: the table says String, the example an integer; a pre_load hook takes both.
      withBillNumberText(body),
    );
    if (!parsed.ok) return webargsError('json', parsed.errors);
    const d = parsed.data;
    const customer = lookup(org, name, value)[0];
    if (!customer) return notFound();
    if (typeof d.billNumber !== 'string' || d.billNumber === '')
      return capError(82323271, 'Bill number missing.');
    if (typeof d.eventName !== 'string' || !org.eventNames.includes(d.eventName))
      return capError(82323272, 'Event name not found.');
    const bill = org.bills.find((b) => b.billNumber === d.billNumber && b.entityId === customer.entityId);
    if (!bill) return capError(82323277, 'No bill found for given bill number.');
    if (bill.eventName !== d.eventName) return capError(82323272, 'Event name not found.');
    const logs = (d.eventLogId as number[] | undefined) ?? [];
    if (logs.some((id) => id !== bill.eventLogId))
      return capError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    return this.locks.forUpdate(customer.entityId, () => release(customer, bill, d));
  }

  /** GET /v2/customers/lookup/points/balance */
  balance(caller: Caller, query: Query): Reply {
    const { org } = caller;
    const source = query.get('source');
    if (source !== null && !NPA_SOURCES.has(source) && !UNLOCK_SOURCES.has(source)) return invalidSource();
    const names = (query.get('identifierName') ?? '').split(',').map((s) => s.trim());
    const values = (query.get('identifierValue') ?? '').split(',').map((s) => s.trim());
    if (names.some((n) => !BALANCE_NAMES.has(n))) return invalidIdentifier();
    if (names.length !== values.length) return notFound();
    const parsed = load(
      { programId: { kind: 'int' }, fetchDataForAllPrograms: { kind: 'bool' } },
      queryObject(query),
    );
    if (!parsed.ok) return webargsError('query', parsed.errors);
    const customer = resolve(org, names, values);
    if (!customer) return notFound();
    const all = parsed.data.fetchDataForAllPrograms === true;
    const programId = (parsed.data.programId as number | undefined) ?? org.defaultProgramId;
    const rows = all
      ? [...customer.rows.values()]
      : [customer.rows.get(programId)].filter((r) => r !== undefined);
    const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + pick(r), 0);
    const main = sum((r) => r.main);
    const delayed = sum((r) => r.delayed);
    const external = sum((r) => r.external);
    const f = (millis: number) => new PyFloat(millis / 1000);
    return json(200, {
      entityId: customer.entityId,
      entityType: 'CUSTOMER',
      totalPoints: f(main + delayed + external),
      mainPoints: f(main),
      promisedPoints: f(delayed + external),
      promisedPointsBreakup: { delayedAccrualPoints: f(delayed), externalTriggerBasedPoints: f(external) },
      warnings: [],
    });
  }
}

function withBillNumberText(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const b = body as Record<string, unknown>;
  return typeof b.billNumber === 'number' ? { ...b, billNumber: String(b.billNumber) } : body;
}

function queryObject(query: Query): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['programId', 'fetchDataForAllPrograms']) {
    const v = query.get(key);
    if (v !== null) out[key] = v;
  }
  return out;
}

/**
 * Names and values paired by position. With dual eligibility the org's primary identifier decides
 * (a list without it, or a lone secondary, finds nobody); without it every pair must name the same
 * customer.
 */
function resolve(org: Org, names: string[], values: string[]): Customer | undefined {
  if (org.dualPrimary !== undefined) {
    const at = names.indexOf(org.dualPrimary);
    return at < 0 ? undefined : lookup(org, org.dualPrimary, values[at] ?? '')[0];
  }
  const found = names.map((n, i) => lookup(org, n, values[i] ?? '')[0]);
  const first = found[0];
  return first && found.every((c) => c === first) ? first : undefined;
}

/** The locked part of an unlock: the bill's still-promised lines that match, moved to main points. */
function release(customer: Customer, bill: Bill, d: Record<string, unknown>): Reply {
  const items = d.lineItemIds as number[] | undefined;
  const codes = d.itemCodes as string[] | undefined;
  const program = d.sourceProgramId as number | undefined;
  const filtered = items !== undefined || codes !== undefined;
  const matches = (l: BillLine) =>
    !l.unlocked &&
    (program === undefined || l.programId === program) &&
    (!filtered ||
      (l.lineItemId !== undefined && (items ?? []).includes(l.lineItemId)) ||
      (l.itemCode !== undefined && (codes ?? []).includes(l.itemCode)));
  const lines = bill.lines.filter(matches);
  if (lines.length === 0) return capError(82323282, 'No promise points found to unlock.');
  for (const l of lines) {
    const row = customer.rows.get(l.programId);
    if (!row) continue;
    const fromDelayed = Math.min(row.delayed, l.points);
    row.delayed -= fromDelayed;
    row.external -= l.points - fromDelayed;
    row.main += l.points;
    l.unlocked = true;
  }
  return json(200, {
    pointsUnlocked: lines.map((l) =>
      l.promotion
        ? {
            pointsUnlocked: decimalText(l.points),
            programId: l.programId,
            promotionId: l.promotion.id,
            promotionIdentifier: l.promotion.identifier,
            promotionName: l.promotion.name,
          }
        : {
            billNumber: bill.billNumber,
            itemCode: l.itemCode,
            pointsUnlocked: decimalText(l.points),
            programId: l.programId,
          },
    ),
    warnings: [],
  });
}
