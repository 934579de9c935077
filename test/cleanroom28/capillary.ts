import type { CustomerSeed, OrgSeed } from './data.ts';
import { transactWrite, type Write, withConditionalRetry } from './dynamo.ts';
import {
  Decoder,
  dbl,
  decimalPlaces,
  kBigDecimal,
  kInt,
  kList,
  kLong,
  kPrimitiveString,
  kString,
  unlessDefault,
} from './kotlin.ts';
import {
  type Answer,
  type Call,
  conflict,
  invalid,
  notFound,
  PlainError,
  requireJson,
  respond,
} from './ktor.ts';
import {
  type Balance,
  balanceKey,
  customersBy,
  type EntryState,
  enrolled,
  entryKey,
  milli,
  points,
  programsOf,
  type Store,
} from './store.ts';

/** What a Capillary route knows: the tables, the caller's org (from the authorizer), the org's dual eligibility. */
export interface CapillaryContext {
  readonly store: Store;
  readonly org: OrgSeed;
  readonly random: () => number;
  /** The org's primary identifier when dual eligibility is on. */
  readonly dualPrimary?: string;
}

const DTO = 'com.tidewave.loyalty.capillary.dto';

// The pages' source enums, as Kotlin enum classes (`Source.valueOf`).
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
const NPA_IDENTIFIERS = new Set(['externalId', 'mobile']);
const UNLOCK_IDENTIFIERS = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BALANCE_IDENTIFIERS = new Set(['email', 'mobile', 'externalId']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const NOT_FOUND = 'Customer not found for the given identifiers';

/** One customer for a name and value, or none (a value two customers share names no one). */
function lookup(org: OrgSeed, name: string, value: string): CustomerSeed | undefined {
  const found = customersBy(org, name, value);
  return found.length === 1 ? found[0] : undefined;
}

const blank = (s: string | null | undefined): boolean => s === null || s === undefined || s.trim() === '';

/** POST /v2/customers/lookup/negativePointsAdjustment */
export async function negativePointsAdjustment(ctx: CapillaryContext, call: Call): Promise<Answer> {
  requireJson(call);
  const d = Decoder.of(`${DTO}.NegativePointsAdjustmentRequest`, call.body);
  const amount = d.required('pointsToBeAdjusted', kBigDecimal);
  const programId = d.optional('programId', kLong);
  const reasonOfReturn = d.optional('reasonOfReturn', kString);
  const pointsAwardedId = d.optional('pointsAwardedId', kLong);
  const promotionId = d.optional('promotionId', kLong);
  const promotionIdentifier = d.optional('promotionIdentifier', kString);
  const refType = d.optional('pointsAwardedRefType', kString);
  // The DTO's init block: `require(...)` fails the conversion, as Ktor reports it.
  if (Number(amount) < 0) d.fail('pointsToBeAdjusted', 'pointsToBeAdjusted must not be negative');
  if (reasonOfReturn !== null && reasonOfReturn.length > 50)
    d.fail('reasonOfReturn', 'reasonOfReturn must be at most 50 characters');
  if (Math.abs(Number(amount)) >= 1e12) d.fail('pointsToBeAdjusted', 'Number overflow');

  const source = call.query.get('source');
  if (!source || !NPA_SOURCES.has(source)) throw invalid(8003, 'Invalid source');
  const name = call.query.get('identifierName') ?? '';
  if (!NPA_IDENTIFIERS.has(name)) throw invalid(8013, 'Lookup,Invalid identifier passed');
  const customer = lookup(ctx.org, name, call.query.get('identifierValue') ?? '');
  if (!customer) throw notFound(8015, NOT_FOUND);
  if (blank(reasonOfReturn)) throw invalid(8882, 'reason of return is missing');
  if (promotionId !== null && promotionIdentifier !== null)
    throw new PlainError(
      400,
      'BAD_REQUEST',
      'Either promotionId or promotionIdentifier may be passed, not both',
    );
  if (promotionIdentifier !== null && programId === null)
    throw invalid(8887, 'promotionIdentifier is passed, programId can not be empty/null');
  const promotion =
    promotionId !== null || promotionIdentifier !== null
      ? ctx.org.promotions.find(
          (p) =>
            (promotionId === null || p.id === promotionId) &&
            (promotionIdentifier === null || p.identifier === promotionIdentifier) &&
            (programId === null || p.programId === programId),
        )
      : undefined;
  if ((promotionId !== null || promotionIdentifier !== null) && !promotion)
    throw invalid(8874, 'invalid promotion id');
  if (refType !== null && !REF_TYPES.has(refType)) throw invalid(9975, 'invalid pointsAwardedRefType');
  if (pointsAwardedId !== null && ctx.org.awards[pointsAwardedId] !== customer.id)
    throw invalid(8877, 'invalid pointsAwardedId');
  const program = programId ?? promotion?.programId ?? ctx.org.defaultProgramId;
  if (!enrolled(customer, program)) throw invalid(1218, `customer is not enrolled in program ${program}`);
  const decimals = ctx.org.roundDecimals[program] ?? 0;
  const places = decimalPlaces(amount);
  if (places > decimals)
    throw invalid(
      8906,
      `decimal places passed: ${places} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
    );
  const deduct = milli(Number(amount));
  if (deduct === 0) throw invalid(8888, 'points cannot be zero');

  const key = balanceKey(customer.id, program);
  const after = await withConditionalRetry(async () => {
    const row = (await ctx.store.balances.get(key))!;
    if (!ctx.org.negativeBalanceOnReturn && deduct > row.item.main)
      throw conflict(
        8907,
        `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    const item = { ...row.item, main: row.item.main - deduct };
    await transactWrite([{ table: ctx.store.balances, key, expected: row.version, item }]);
    return item.main;
  }, ctx.random);
  return respond(200, {
    status: 'success',
    pointsAvailable: dbl(points(after)),
    message: 'points deducted successfully for the user ',
    // @EncodeDefault: the page's example writes `[]`.
    warnings: [],
  });
}

/** POST /v2/points/unlockPromisedPoints */
export async function unlockPromisedPoints(ctx: CapillaryContext, call: Call): Promise<Answer> {
  requireJson(call);
  const d = Decoder.of(`${DTO}.UnlockPromisedPointsRequest`, call.body);
  const eventName = d.optional('eventName', kString);
  // The example sends 16484, the table says String: a serializer taking either primitive.
  const billNumber = d.optional('billNumber', kPrimitiveString);
  // The table types it Array, the example one integer: a serializer taking either.
  const eventLogIds = d.optional('eventLogId', kList(kLong, true));
  const lineItemIds = d.optional('lineItemIds', kList(kLong));
  const itemCodes = d.optional('itemCodes', kList(kPrimitiveString));
  const billDate = d.optional('billDate', kString);
  d.optional('sourceStoreId', kInt);
  // @JsonNames("sourceTilId"): the example's spelling beside the table's.
  d.optional('sourceTillId', kInt, 'sourceTilId');
  const sourceProgramId = d.optional('sourceProgramId', kLong);
  if (billDate !== null && !/^\d{4}-\d{2}-\d{2}$/.test(billDate))
    d.fail('billDate', `Text '${billDate}' could not be parsed as LocalDate`);

  const name = call.query.get('identifierName');
  const value = call.query.get('identifierValue');
  const source = call.query.get('source');
  if (blank(name) || blank(value) || blank(source))
    throw invalid(82323284, 'identifierName, identifierValue, or source cannot be empty.');
  const type = call.query.get('type') ?? 'CUSTOMER';
  if (type !== 'CUSTOMER' && type !== 'USERGROUP2') throw invalid(82323276, 'Entity type invalid.');
  if (type === 'USERGROUP2') throw invalid(1645, 'Group details passed are not valid.');
  if (!UNLOCK_SOURCES.has(source!)) throw invalid(8003, 'Invalid source');
  if (!UNLOCK_IDENTIFIERS.has(name!)) throw invalid(8013, 'Lookup,Invalid identifier passed');
  const customer = lookup(ctx.org, name!, value!);
  if (!customer) throw notFound(8015, NOT_FOUND);
  if (blank(billNumber)) throw invalid(82323271, 'Bill number missing.');
  if (blank(eventName)) throw invalid(82323272, 'Event name not found.');
  if (sourceProgramId !== null && !(sourceProgramId in ctx.org.roundDecimals))
    throw new PlainError(400, 'BAD_REQUEST', `Unknown sourceProgramId ${sourceProgramId}`);
  const bill = ctx.org.bills.find((b) => b.billNumber === billNumber && b.customerId === customer.id);
  if (!bill) throw notFound(82323277, 'No bill found for given bill number.');
  if (bill.eventName !== eventName) throw invalid(82323272, 'Event name not found.');
  if (eventLogIds?.some((id) => id !== bill.eventLogId))
    throw notFound(3918, 'Error unlocking points: no eventLog found for given eventLogId.');

  const filtered = (lineItemIds?.length ?? 0) > 0 || (itemCodes?.length ?? 0) > 0;
  const selected = bill.entries
    .map((entry, index) => ({ entry, key: entryKey(bill, index) }))
    .filter(
      ({ entry }) =>
        !filtered ||
        (entry.lineItemId !== undefined && (lineItemIds ?? []).includes(entry.lineItemId)) ||
        (entry.itemCode !== undefined && (itemCodes ?? []).includes(entry.itemCode)),
    );

  const moved = await withConditionalRetry(async () => {
    const states = await Promise.all(
      selected.map(async (s) => ({ ...s, row: (await ctx.store.entries.get(s.key))! })),
    );
    const locked = states.filter((s) => !s.row.item.unlocked);
    if (locked.length === 0) throw conflict(82323282, 'No promise points found to unlock.');
    const balances = new Map<string, { version: number; item: Balance }>();
    for (const { entry } of locked) {
      const key = balanceKey(customer.id, entry.programId);
      if (!balances.has(key)) {
        const row = (await ctx.store.balances.get(key))!;
        balances.set(key, { version: row.version, item: row.item });
      }
      const b = balances.get(key)!;
      const p = milli(entry.points);
      b.item =
        entry.category === 'delayed'
          ? { ...b.item, main: b.item.main + p, delayed: b.item.delayed - p }
          : { ...b.item, main: b.item.main + p, external: b.item.external - p };
    }
    const writes: Write<unknown>[] = [
      ...locked.map((s) => ({
        table: ctx.store.entries,
        key: s.key,
        expected: s.row.version,
        item: { unlocked: true } satisfies EntryState,
      })),
      ...[...balances].map(([key, b]) => ({
        table: ctx.store.balances,
        key,
        expected: b.version,
        item: b.item,
      })),
    ] as Write<unknown>[];
    await transactWrite(writes);
    return locked.map((s) => s.entry);
  }, ctx.random);

  return respond(200, {
    pointsUnlocked: moved.map((entry) => {
      const promotion = ctx.org.promotions.find((p) => p.id === entry.promotionId);
      return {
        billNumber: promotion ? undefined : bill.billNumber,
        itemCode: entry.itemCode,
        pointsUnlocked: dbl(entry.points),
        programId: entry.programId,
        promotionIdentifier: promotion?.identifier,
        promotionId: promotion?.id,
        promotionName: promotion?.name,
      };
    }),
    // `warnings: List<Warning> = emptyList()`: left out while empty (encodeDefaults = false).
    warnings: undefined,
  });
}

/** Ktor's `call.parameters.getOrFail<T>()`: a value that does not convert is a 400 of its own. */
function parameter<T>(call: Call, name: string, convert: (s: string) => T | undefined): T | undefined {
  const raw = call.query.get(name);
  if (raw === null) return undefined;
  const value = convert(raw);
  if (value === undefined)
    throw new PlainError(400, 'BAD_REQUEST', `Request parameter ${name} couldn't be parsed/converted`);
  return value;
}

const strictBoolean = (s: string) => (s === 'true' ? true : s === 'false' ? false : undefined);
const long = (s: string) => (/^-?\d{1,18}$/.test(s) ? Number(s) : undefined);

/** The customer a balance lookup names: under dual eligibility the primary identifier decides. */
function balanceCustomer(ctx: CapillaryContext, names: string[], values: string[]): CustomerSeed | undefined {
  if (names.length !== values.length || names.some((n) => !BALANCE_IDENTIFIERS.has(n))) return undefined;
  if (ctx.dualPrimary !== undefined) {
    const at = names.indexOf(ctx.dualPrimary);
    return at < 0 ? undefined : lookup(ctx.org, names[at]!, values[at]!);
  }
  const found = names.map((n, i) => lookup(ctx.org, n, values[i]!));
  const first = found[0];
  return first && found.every((c) => c === first) ? first : undefined;
}

/** GET /v2/customers/lookup/points/balance */
export async function pointsBalance(ctx: CapillaryContext, call: Call): Promise<Answer> {
  const allPrograms = parameter(call, 'fetchDataForAllPrograms', strictBoolean) ?? false;
  const programId = parameter(call, 'programId', long);
  const source = call.query.get('source');
  if (!source || !NPA_SOURCES.has(source)) throw invalid(8003, 'Invalid source');
  const names = (call.query.get('identifierName') ?? '').split(',');
  const values = (call.query.get('identifierValue') ?? '').split(',');
  const customer = balanceCustomer(ctx, names, values);
  if (!customer) throw notFound(8015, NOT_FOUND);
  if (programId !== undefined && !(programId in ctx.org.roundDecimals))
    throw new PlainError(404, 'NOT_FOUND', `Program ${programId} not found`);
  const programs = allPrograms ? programsOf(customer) : [programId ?? ctx.org.defaultProgramId];
  let main = 0;
  let delayed = 0;
  let external = 0;
  for (const program of programs) {
    if (!enrolled(customer, program)) continue;
    const row = (await ctx.store.balances.get(balanceKey(customer.id, program)))!;
    main += row.item.main;
    delayed += row.item.delayed;
    external += row.item.external;
  }
  return respond(200, {
    entityId: customer.id,
    // `val entityType: EntityType = EntityType.CUSTOMER`: its default, so never written.
    entityType: unlessDefault('CUSTOMER', 'CUSTOMER'),
    totalPoints: dbl(points(main + delayed + external)),
    mainPoints: dbl(points(main)),
    promisedPoints: dbl(points(delayed + external)),
    // Each figure `Double = 0.0`: left out while 0.
    promisedPointsBreakup: {
      delayedAccrualPoints: delayed === 0 ? undefined : dbl(points(delayed)),
      externalTriggerBasedPoints: external === 0 ? undefined : dbl(points(external)),
    },
    warnings: undefined,
  });
}
