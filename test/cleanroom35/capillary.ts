/**
 * The Capillary controllers. Validation where a page gives a code answers in the page's envelope
 * (a FormRequest whose failedValidation maps the documented failures: 8882, 8888, 9975, 82323271,
 * 82323272); where none does, Laravel's own 422. Codes raised by a CapillaryException: 404 for what
 * is not found (8015, 82323277, 3918), 403 for 4000, 400 for the rest. Every write in a
 * DB::transaction() with lockForUpdate() on the customer_points rows it changes; an unlock inserts
 * one point_unlocks row per promised line under a UNIQUE index.
 */
import type { CapillaryGuard } from './auth.ts';
import { unauthenticated } from './auth.ts';
import type { CustomerRow, OrgRow, PromisedRow, PromotionRow } from './data.ts';
import {
  type AppRequest,
  type Failure,
  type HttpAnswer,
  json,
  type Rules,
  validate,
  validationFailed,
} from './laravel.ts';
import { DuplicateEntry, type RowLocks, roundTrip, sameUnderCollation, UniqueIndex } from './mysql.ts';
import {
  decimalColumn,
  decimalFloat,
  decimalPlaces,
  isNumeric,
  isPhpInt,
  phpDecimalPlaces,
  toThousandths,
} from './php.ts';

const NPA_SOURCES = 'INSTORE,MARTJACK,WECHAT,FACEBOOK,WEB_ENGAGE,TMALL,TAOBAO,JD,ECOMMERCE,WEBSITE,LINE,ALL';
const UNLOCK_SOURCES =
  'INSTORE,FACEBOOK,WEB_ENGAGE,WECHAT,MARTJACK,TMALL,TAOBAO,JD,ECOMMERCE,WEBSITE,LINE,MOBILE_APP';
const BALANCE_SOURCES = `${NPA_SOURCES},MOBILE_APP`;
const NPA_IDENTIFIERS = ['externalId', 'mobile'];
const UNLOCK_IDENTIFIERS = ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'];
const BALANCE_IDENTIFIERS = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'];
const REF_TYPES = 'bill_regular,bill_promotions,line_item_regular,line_item_promotions,customer_promotions';
/** DECIMAL(14,3) holds at most 11 whole digits. */
const MAX_POINTS = 99_999_999_999;

/** app/Exceptions/CapillaryException: a documented code in the page's envelope. */
function capillaryError(code: number, message: string, status = 400): HttpAnswer {
  return json({ errors: [{ status: false, code, message }], warnings: [] }, status);
}
const notFound = (code: number, message: string) => capillaryError(code, message, 404);
const CUSTOMER_NOT_FOUND = () => notFound(8015, 'Customer not found for the given identifiers');
const INVALID_IDENTIFIER = () => capillaryError(8013, 'Lookup,Invalid identifier passed');
const INVALID_SOURCE = () => capillaryError(8003, 'Invalid source');

/** failedValidation(): the first failure a page gives a code for, else Laravel's 422. */
function failedValidation(failures: readonly Failure[], codes: Record<string, [number, string]>): HttpAnswer {
  for (const failure of failures) {
    const mapped = codes[`${failure.field}.${failure.rule}`];
    if (mapped) return capillaryError(mapped[0], mapped[1]);
  }
  return validationFailed(failures);
}

function findCustomer(org: OrgRow, name: string, value: string): CustomerRow | undefined {
  // Eloquent's first(): the lowest id among rows the collation finds equal.
  return org.customers.find((c) => {
    const stored = c.identifiers[name];
    return stored !== undefined && sameUnderCollation(stored, value);
  });
}

/**
 * CustomerLookup::resolve(): comma-separated names and values in matching order; under dual
 * eligibility only the primary identifier decides (none among them: not found); 'invalid' for a
 * name the endpoint does not take, lists of different lengths, or a list without dual eligibility.
 */
function resolveCustomer(
  org: OrgRow,
  name: string,
  value: string,
  supported: readonly string[],
): CustomerRow | undefined | 'invalid' {
  const names = name.split(',').map((n) => n.trim());
  const values = value.split(',').map((v) => v.trim());
  if (names.length !== values.length || names.some((n) => !supported.includes(n))) return 'invalid';
  if (org.dualPrimary) {
    const at = names.indexOf(org.dualPrimary);
    return at < 0 ? undefined : findCustomer(org, org.dualPrimary, values[at] ?? '');
  }
  if (names.length > 1) return 'invalid';
  return findCustomer(org, names[0] ?? '', values[0] ?? '');
}

/** The query's identifier, source: the lookup every Capillary controller starts with. */
function lookupQuery(
  req: AppRequest,
  names: readonly string[],
  sources: string,
  lists: boolean,
): { name: string; value: string } | HttpAnswer {
  const { identifierName: name, identifierValue: value, source } = req.query;
  if (typeof name !== 'string') return INVALID_IDENTIFIER();
  const parts = lists ? name.split(',').map((n) => n.trim()) : [name];
  if (parts.some((n) => !names.includes(n))) return INVALID_IDENTIFIER();
  if (typeof source !== 'string' || !sources.split(',').includes(source)) return INVALID_SOURCE();
  if (typeof value !== 'string') return CUSTOMER_NOT_FOUND();
  return { name, value };
}

/** Choices a Laravel team may make either way where the pages leave room. */
export interface CapillaryHabits {
  /** The PointsBalance model casts its DECIMAL columns `decimal:3` (strings), not `float`. */
  readonly decimalCast?: boolean;
  /** Decimal places counted as `strlen(substr(strrchr((string) $points, '.'), 1))`. */
  readonly literalDecimals?: boolean;
  /** Dual eligibility applied by the one lookup service to the deduction and the unlock too. */
  readonly dualEverywhere?: boolean;
}

const isAnswer = (x: unknown): x is HttpAnswer =>
  typeof x === 'object' && x !== null && 'status' in x && 'body' in x;

export class CapillaryControllers {
  private readonly unlocks = new UniqueIndex();

  constructor(
    private readonly guard: CapillaryGuard,
    private readonly locks: RowLocks,
    private readonly habits: CapillaryHabits = {},
  ) {}

  /**
   * The customer a deduction or an unlock names: one identifier, or, where the app's one
   * CustomerLookup service serves them as it serves the balance, its lists and dual eligibility.
   */
  private lookup(org: OrgRow, name: string, value: string, supported: readonly string[]) {
    return this.habits.dualEverywhere
      ? resolveCustomer(org, name, value, supported)
      : findCustomer(org, name, value);
  }

  /** POST /v2/customers/lookup/negativePointsAdjustment */
  async negativePointsAdjustment(req: AppRequest): Promise<HttpAnswer> {
    const caller = this.guard.user(req);
    if (!caller) return unauthenticated();
    if (!caller.credential.points)
      return capillaryError(4000, 'Access denied: the Points access group is not granted', 403);
    const query = lookupQuery(req, NPA_IDENTIFIERS, NPA_SOURCES, this.habits.dualEverywhere === true);
    if (isAnswer(query)) return query;
    const body = req.input;
    const rules: Rules = {
      pointsToBeAdjusted: [
        'required',
        'numeric',
        (v) => (isNumeric(v) && Number(v) === 0 ? 'zero' : undefined),
        'gt:0',
        `max:${MAX_POINTS}`,
      ],
      programId: ['nullable', 'integer'],
      reasonOfReturn: ['required', 'string', 'max:50'],
      pointsAwardedId: ['nullable', 'integer'],
      promotionId: ['nullable', 'integer', 'prohibits:promotionIdentifier'],
      promotionIdentifier: ['nullable', 'string'],
      pointsAwardedRefType: ['nullable', `in:${REF_TYPES}`],
    };
    const failures = validate(body, rules);
    if (failures.length > 0)
      return failedValidation(failures, {
        'reasonOfReturn.required': [8882, 'Reason for the return is missing'],
        'pointsToBeAdjusted.custom': [8888, 'Points cannot be zero'],
        'pointsAwardedRefType.in': [9975, 'Invalid pointsAwardedRefType'],
      });
    if (body.promotionIdentifier != null && body.programId == null)
      return capillaryError(8887, 'programId is required when promotionIdentifier is passed');

    await roundTrip();
    const { org } = caller;
    const customer = this.lookup(org, query.name, query.value, NPA_IDENTIFIERS);
    if (customer === 'invalid') return INVALID_IDENTIFIER();
    if (!customer) return CUSTOMER_NOT_FOUND();
    const programId = body.programId == null ? org.defaultProgramId : Number(body.programId);
    if (!customer.points.has(programId) || !org.roundDecimals.has(programId))
      return capillaryError(1218, `Customer is not enrolled in the program ${programId}`);
    const promotion = this.promotionOf(org, body, programId);
    if (promotion === null) return notFound(8874, 'Invalid promotion id');
    if (body.pointsAwardedId != null && org.awards.get(Number(body.pointsAwardedId)) !== customer.id)
      return notFound(8877, 'Invalid pointsAwardedId');

    const amount = body.pointsToBeAdjusted as string | number;
    const places = this.habits.literalDecimals ? phpDecimalPlaces(amount) : decimalPlaces(amount);
    const allowed = org.roundDecimals.get(programId) ?? 0;
    if (places > allowed)
      return capillaryError(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${allowed} for programId: ${programId}`,
      );
    const milli = toThousandths(amount);
    return this.locks.transaction([`points:${customer.id}:${programId}`], async () => {
      const row = customer.points.get(programId)!;
      const available = row.main; // SELECT … FOR UPDATE
      await roundTrip();
      if (!org.negativeOnReturn && milli > available)
        return capillaryError(
          8907,
          `points to be deducted ${decimalColumn(milli).replace(/\.?0+$/, '')} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      row.main = available - milli;
      await roundTrip();
      return json({
        status: 'success',
        pointsAvailable: decimalColumn(row.main),
        message: 'points deducted successfully for the user ',
        warnings: [],
      });
    });
  }

  /** The promotion a deduction names: undefined when none, null when it names an unknown one. */
  private promotionOf(
    org: OrgRow,
    body: Record<string, unknown>,
    programId: number,
  ): PromotionRow | null | undefined {
    if (body.promotionId != null)
      return org.promotions.find((p) => p.id === Number(body.promotionId)) ?? null;
    if (body.promotionIdentifier != null)
      return (
        org.promotions.find(
          (p) =>
            sameUnderCollation(p.identifier, String(body.promotionIdentifier)) && p.programId === programId,
        ) ?? null
      );
    return undefined;
  }

  /** GET /v2/customers/lookup/points/balance */
  async pointsBalance(req: AppRequest): Promise<HttpAnswer> {
    const caller = this.guard.user(req);
    if (!caller) return unauthenticated();
    const { org } = caller;
    const { identifierName, identifierValue, source } = req.query;
    if (typeof identifierName !== 'string') return INVALID_IDENTIFIER();
    if (typeof source !== 'string' || !BALANCE_SOURCES.split(',').includes(source)) return INVALID_SOURCE();
    if (typeof identifierValue !== 'string') return CUSTOMER_NOT_FOUND();
    const customer = resolveCustomer(org, identifierName, identifierValue, BALANCE_IDENTIFIERS);
    if (customer === 'invalid') return INVALID_IDENTIFIER();
    const failures = validate(req.query, {
      programId: [
        'nullable',
        'integer',
        (v) => (org.roundDecimals.has(Number(v)) ? undefined : 'The selected program id is invalid.'),
      ],
    });
    if (failures.length > 0) return validationFailed(failures);
    await roundTrip();
    if (!customer) return CUSTOMER_NOT_FOUND();
    const all = /^(1|true|on|yes)$/i.test(String(req.query.fetchDataForAllPrograms ?? ''));
    const programs = all
      ? [...org.roundDecimals.keys()]
      : [req.query.programId == null ? org.defaultProgramId : Number(req.query.programId)];
    // SUM() over DECIMAL columns is a DECIMAL: exact, then the model's float cast.
    let main = 0;
    let delayed = 0;
    let external = 0;
    for (const programId of programs) {
      const row = customer.points.get(programId);
      main += row?.main ?? 0;
      delayed += row?.delayed ?? 0;
    }
    for (const bill of org.bills)
      if (bill.customerId === customer.id)
        for (const line of bill.promised)
          if (line.unlockedAt === null && programs.includes(line.programId)) external += line.points;
    const cast = this.habits.decimalCast ? decimalColumn : decimalFloat;
    return json({
      entityId: customer.id,
      entityType: 'CUSTOMER',
      totalPoints: cast(main + delayed + external),
      mainPoints: cast(main),
      promisedPoints: cast(delayed + external),
      promisedPointsBreakup: {
        delayedAccrualPoints: cast(delayed),
        externalTriggerBasedPoints: cast(external),
      },
      warnings: [],
    });
  }

  /** POST /v2/points/unlockPromisedPoints */
  async unlockPromisedPoints(req: AppRequest): Promise<HttpAnswer> {
    const caller = this.guard.user(req);
    if (!caller) return unauthenticated();
    const { org } = caller;
    const { identifierName, identifierValue, source, type } = req.query;
    if (identifierName == null || identifierValue == null || source == null)
      return capillaryError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const parts =
      typeof identifierName === 'string' && this.habits.dualEverywhere
        ? identifierName.split(',').map((n) => n.trim())
        : [identifierName];
    if (typeof identifierName !== 'string' || parts.some((n) => !UNLOCK_IDENTIFIERS.includes(String(n))))
      return INVALID_IDENTIFIER();
    if (typeof source !== 'string' || !UNLOCK_SOURCES.split(',').includes(source)) return INVALID_SOURCE();
    if (type != null && type !== 'CUSTOMER')
      return type === 'USERGROUP2'
        ? capillaryError(1645, 'Group details passed are not valid.')
        : capillaryError(82323276, 'Entity type invalid.');
    const body = req.input;
    const scalar = (v: unknown) =>
      typeof v === 'string' || isPhpInt(v) ? undefined : 'The bill number field must be a string.';
    const eventLogIds = (v: unknown) =>
      (Array.isArray(v) ? v : [v]).every(isPhpInt)
        ? undefined
        : 'The event log id field must be an integer or a list of integers.';
    const failures = validate(body, {
      billNumber: ['required', scalar],
      eventName: ['required', 'string'],
      eventLogId: ['nullable', eventLogIds],
      lineItemIds: ['nullable', 'array'],
      'lineItemIds.*': ['integer'],
      itemCodes: ['nullable', 'array'],
      'itemCodes.*': ['string'],
      billDate: ['nullable', 'date_format:Y-m-d'],
      sourceStoreId: ['nullable', 'integer'],
      sourceTillId: ['nullable', 'integer'],
      sourceTilId: ['nullable', 'integer'],
      sourceProgramId: ['nullable', 'integer'],
    });
    if (failures.length > 0)
      return failedValidation(failures, {
        'billNumber.required': [82323271, 'Bill number missing.'],
        'eventName.required': [82323272, 'Event name not found.'],
      });
    await roundTrip();
    const customer = this.lookup(org, identifierName, String(identifierValue), UNLOCK_IDENTIFIERS);
    if (customer === 'invalid') return INVALID_IDENTIFIER();
    if (!customer) return CUSTOMER_NOT_FOUND();
    const bill = org.bills.find(
      (b) => b.customerId === customer.id && sameUnderCollation(b.billNumber, String(body.billNumber)),
    );
    if (!bill) return notFound(82323277, 'No bill found for given bill number.');
    if (!sameUnderCollation(bill.eventName, String(body.eventName)))
      return capillaryError(82323272, 'Event name not found.');
    if (body.eventLogId != null) {
      const ids = (Array.isArray(body.eventLogId) ? body.eventLogId : [body.eventLogId]).map(Number);
      if (ids.some((id) => id !== bill.eventLogId))
        return notFound(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    }
    // $request->filled(): an empty list filters nothing, as an absent one.
    const filled = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0;
    const lineItemIds = filled(body.lineItemIds) ? body.lineItemIds.map(Number) : undefined;
    const itemCodes = filled(body.itemCodes) ? body.itemCodes.map(String) : undefined;
    const wanted = (line: PromisedRow) =>
      lineItemIds === undefined && itemCodes === undefined
        ? true
        : (line.lineItemId !== undefined && (lineItemIds ?? []).includes(line.lineItemId)) ||
          (line.itemCode !== undefined &&
            (itemCodes ?? []).some((c) => sameUnderCollation(c, line.itemCode ?? '')));
    const programs = [...new Set(bill.promised.map((l) => l.programId))];
    return this.locks.transaction(
      programs.map((p) => `points:${customer.id}:${p}`),
      async () => {
        const lines = bill.promised.filter((line) => line.unlockedAt === null && wanted(line));
        await roundTrip();
        if (lines.length === 0) return capillaryError(82323282, 'No promise points found to unlock.');
        try {
          for (const line of lines) this.unlocks.insert(String(line.id));
        } catch (error) {
          if (error instanceof DuplicateEntry)
            return capillaryError(82323282, 'No promise points found to unlock.');
          throw error;
        }
        const now = new Date();
        for (const line of lines) {
          line.unlockedAt = now;
          const row = customer.points.get(line.programId);
          if (row) row.main += line.points;
        }
        await roundTrip();
        return json({
          pointsUnlocked: lines.map((line) =>
            line.promotion
              ? {
                  pointsUnlocked: decimalColumn(line.points),
                  programId: line.programId,
                  promotionIdentifier: line.promotion.identifier,
                  promotionId: line.promotion.id,
                  promotionName: line.promotion.name,
                }
              : {
                  billNumber: bill.billNumber,
                  itemCode: line.itemCode,
                  pointsUnlocked: decimalColumn(line.points),
                  programId: line.programId,
                },
          ),
          warnings: [],
        });
      },
    );
  }
}
