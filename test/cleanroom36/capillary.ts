import { type Caller, requirePoints } from './auth.ts';
import type { BillRow, CustomerRow, OrgRow } from './data.ts';
import {
  below,
  type Decimal,
  decimalPlaces,
  describe,
  fromNumeric,
  isNegative,
  isZero,
  NUMERIC_LIMIT,
  parseDecimal,
  toNumeric,
} from './decimal.ts';
import { billKey, type Database, ledgerKey } from './fluent.ts';
import {
  DecodingError,
  decimalOf,
  intOf,
  isNumber,
  type Json,
  Keyed,
  number,
  stringOf,
} from './foundation.ts';
import { Abort, CapillaryError, content, type Request } from './vapor.ts';

/**
 * The three Capillary routes as the Swift controllers have them. Documented codes go out in the
 * page's envelope (8015, 8877, 82323277 and 3918 as 404; 8907 as 422; 82323282 as 409; 4000 as
 * 403; the rest 400);
 * where no page gives a code the route throws `Abort(.badRequest)` (a negative amount, a reason over
 * 50 characters, promotionId with promotionIdentifier) and Vapor answers `{"error":true,…}`.
 */
export interface CapillaryOptions {
  /** Dual eligibility of the negative-balance-off org: the primary identifier, or off. */
  readonly dualPrimary?: string;
  /** `pointsAvailable: Decimal` (a JSON number) rather than the example's string. */
  readonly pointsAvailableNumber?: boolean;
  /** The balance page's dual-eligibility rule applied to every lookup (Capillary's is org-wide). */
  readonly dualEverywhere?: boolean;
}

const NPA_NAMES = ['externalId', 'mobile'];
const NPA_SOURCES = [
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
];
const UNLOCK_NAMES = ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'];
const UNLOCK_SOURCES = [
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
];
const BALANCE_NAMES = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'];
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

const notFound = () => new CapillaryError(404, 8015, 'Customer not found for the given identifiers');

/** `Customer.query(on:).filter(identifier == value).first()`: the first registered holder. */
function customerBy(org: OrgRow, name: string, value: string): CustomerRow | undefined {
  return org.customers.find((c) => c.identifiers[name] === value);
}

export class CapillaryController {
  constructor(
    private readonly db: Database,
    private readonly options: CapillaryOptions,
  ) {}

  /** POST /v2/customers/lookup/negativePointsAdjustment */
  async deduct(req: Request, caller: Caller) {
    requirePoints(caller);
    const { org } = caller;
    const name = req.query.get('identifierName') ?? '';
    const value = req.query.get('identifierValue') ?? '';
    if (!this.names(org, name).every((n) => NPA_NAMES.includes(n)))
      throw new CapillaryError(400, 8013, 'Lookup,Invalid identifier passed');
    if (!NPA_SOURCES.includes(req.query.get('source') ?? ''))
      throw new CapillaryError(400, 8003, 'Invalid source');
    const body = Keyed.of(content(req));
    const amount = amountOf(body);
    const reason = body.string('reasonOfReturn');
    const programId = body.int('programId');
    const awardId = body.int('pointsAwardedId');
    const promotionId = body.int('promotionId');
    const promotionIdentifier = body.string('promotionIdentifier');
    const refType = body.string('pointsAwardedRefType');
    if (isZero(amount)) throw new CapillaryError(400, 8888, 'points cannot be zero');
    if (isNegative(amount)) throw new Abort(400, 'pointsToBeAdjusted must be greater than 0');
    if (!below(amount, 10)) throw new Abort(400, 'pointsToBeAdjusted is out of range');
    if (reason === undefined || reason.trim() === '')
      throw new CapillaryError(400, 8882, 'reasonOfReturn is missing');
    if (characters(reason) > 50) throw new Abort(400, 'reasonOfReturn must be at most 50 characters');
    if (promotionId !== undefined && promotionIdentifier !== undefined)
      throw new Abort(400, 'promotionId and promotionIdentifier cannot both be set');
    if (promotionIdentifier !== undefined && programId === undefined)
      throw new CapillaryError(400, 8887, 'promotionIdentifier needs programId');
    if (refType !== undefined && !REF_TYPES.includes(refType))
      throw new CapillaryError(400, 9975, 'invalid pointsAwardedRefType');
    const customer = value === '' ? undefined : this.lookup(org, name, value);
    if (!customer) throw notFound();
    const program = programId ?? org.defaultProgramId;
    const config = org.programs.find((p) => p.id === program);
    if (!config || customer.ledgers[program] === undefined)
      throw new CapillaryError(400, 1218, `customer not enrolled in program ${program}`);
    if (decimalPlaces(amount) > config.roundDecimals)
      throw new CapillaryError(
        400,
        8906,
        `decimal places passed: ${decimalPlaces(amount)} is greater than the configured round decimals: ${config.roundDecimals} for programId: ${program}`,
      );
    if (promotionId !== undefined && !org.promotions.some((p) => p.id === promotionId))
      throw new CapillaryError(400, 8874, 'invalid promotion id');
    if (
      promotionIdentifier !== undefined &&
      !org.promotions.some((p) => p.identifier === promotionIdentifier && p.programId === program)
    )
      throw new CapillaryError(400, 8874, 'invalid promotion id');
    if (awardId !== undefined && !(customer.awards ?? []).includes(awardId))
      throw new CapillaryError(404, 8877, 'invalid pointsAwardedId');
    const points = toNumeric(amount);
    const available = await this.db.transaction(ledgerKey(customer.id, program), async () => {
      const ledger = await this.db.ledger(customer.id, program);
      if (!ledger) throw notFound();
      if (!org.negativeBalanceOnReturn && points > ledger.main)
        throw new CapillaryError(
          422,
          8907,
          `points to be deducted ${describe(amount)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      if (ledger.main - points <= -NUMERIC_LIMIT) throw new Abort(400, 'pointsToBeAdjusted is out of range');
      ledger.main -= points;
      return ledger.main;
    });
    return {
      status: 'success',
      pointsAvailable: this.options.pointsAvailableNumber
        ? number(fromNumeric(available))
        : describe(fromNumeric(available)),
      message: 'points deducted successfully for the user ',
      warnings: [],
    };
  }

  /** A deduction's or unlock's customer: under `dualEverywhere`, only by the primary identifier. */
  private lookup(org: OrgRow, name: string, value: string): CustomerRow | undefined {
    const primary = org.id === 'heron' ? this.options.dualPrimary : undefined;
    if (!this.options.dualEverywhere || primary === undefined) return customerBy(org, name, value);
    const names = name.split(',');
    const values = value.split(',');
    const at = names.indexOf(primary);
    return names.length !== values.length || at < 0 ? undefined : customerBy(org, primary, values[at] ?? '');
  }

  /** The identifier names of a lookup: a comma list only where dual eligibility is org-wide. */
  private names(org: OrgRow, name: string): string[] {
    return this.options.dualEverywhere && org.id === 'heron' && this.options.dualPrimary !== undefined
      ? name.split(',')
      : [name];
  }

  /** GET /v2/customers/lookup/points/balance */
  async balance(req: Request, caller: Caller) {
    const { org } = caller;
    const source = req.query.get('source');
    if (!source || ![...NPA_SOURCES, ...UNLOCK_SOURCES].includes(source))
      throw new CapillaryError(400, 8003, 'Invalid source');
    const names = (req.query.get('identifierName') ?? '').split(',');
    const values = (req.query.get('identifierValue') ?? '').split(',');
    if (names.length !== values.length || names.some((n) => !BALANCE_NAMES.includes(n))) throw notFound();
    const primary = org.id === 'heron' ? this.options.dualPrimary : undefined;
    let customer: CustomerRow | undefined;
    if (primary !== undefined) {
      // Dual eligibility: the primary identifier decides, whatever else came with it.
      const at = names.indexOf(primary);
      customer = at < 0 ? undefined : customerBy(org, primary, values[at] ?? '');
    } else if (names.length === 1) customer = customerBy(org, names[0] ?? '', values[0] ?? '');
    if (!customer || values.some((v) => v === '')) throw notFound();
    const all = queryBool(req, 'fetchDataForAllPrograms') ?? false;
    const programText = req.query.get('programId');
    let program = org.defaultProgramId;
    if (programText !== null) {
      if (!/^-?\d+$/.test(programText))
        throw new Abort(400, "Value of type 'Int' required for key 'programId'.");
      program = Number(programText);
    }
    let main = 0n;
    let delayed = 0n;
    let external = 0n;
    for (const [id, ledger] of await this.db.ledgersOf(customer))
      if (all || id === program) {
        main += ledger.main;
        delayed += ledger.delayed;
        external += ledger.external;
      }
    const n = (v: bigint) => number(fromNumeric(v));
    return {
      entityId: customer.id,
      entityType: 'CUSTOMER',
      totalPoints: n(main + delayed + external),
      mainPoints: n(main),
      promisedPoints: n(delayed + external),
      promisedPointsBreakup: { delayedAccrualPoints: n(delayed), externalTriggerBasedPoints: n(external) },
      warnings: [],
    };
  }

  /** POST /v2/points/unlockPromisedPoints */
  async unlock(req: Request, caller: Caller) {
    const { org } = caller;
    const name = req.query.get('identifierName') ?? '';
    const value = req.query.get('identifierValue') ?? '';
    const source = req.query.get('source') ?? '';
    if (name === '' || value === '' || source === '')
      throw new CapillaryError(400, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = req.query.get('type') ?? 'CUSTOMER';
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2')
      throw new CapillaryError(400, 82323276, 'Entity type invalid.');
    if (!UNLOCK_SOURCES.includes(source)) throw new CapillaryError(400, 8003, 'Invalid source');
    if (!this.names(org, name).every((n) => UNLOCK_NAMES.includes(n)))
      throw new CapillaryError(400, 8013, 'Lookup,Invalid identifier passed');
    const body = Keyed.of(content(req));
    const eventName = body.string('eventName');
    const billNumber = billNumberOf(body);
    const eventLogIds = eventLogIdsOf(body);
    const lineItemIds = body.array('lineItemIds', intOf);
    const itemCodes = body.array('itemCodes', stringOf);
    const billDate = body.string('billDate');
    body.int('sourceStoreId');
    body.int('sourceTillId');
    body.int('sourceTilId');
    body.int('sourceProgramId');
    if (billNumber === undefined || billNumber === '')
      throw new CapillaryError(400, 82323271, 'Bill number missing.');
    if (eventName === undefined || eventName === '')
      throw new CapillaryError(400, 82323272, 'Event name not found.');
    if (billDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(billDate))
      throw new Abort(400, 'billDate must be YYYY-MM-DD');
    if (type === 'USERGROUP2') throw new CapillaryError(400, 1645, 'Group details passed are not valid.');
    const customer = this.lookup(org, name, value);
    if (!customer) throw notFound();
    const bill = org.bills.find((b) => b.customerId === customer.id && b.billNumber === billNumber);
    if (!bill) throw new CapillaryError(404, 82323277, 'No bill found for given bill number.');
    if (eventName !== bill.eventName) throw new CapillaryError(400, 82323272, 'Event name not found.');
    if (eventLogIds?.some((id) => id !== bill.eventLogId))
      throw new CapillaryError(404, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    const filtered = (lineItemIds?.length ?? 0) > 0 || (itemCodes?.length ?? 0) > 0;
    const moved = await this.db.transaction(billKey(bill), () =>
      this.moveLines(bill, customer, filtered, lineItemIds ?? [], itemCodes ?? []),
    );
    return { pointsUnlocked: moved, warnings: [] };
  }

  /** Inside the bill's transaction: the lines still promised that the filters pick, moved to main. */
  private async moveLines(
    bill: BillRow,
    customer: CustomerRow,
    filtered: boolean,
    ids: number[],
    codes: string[],
  ) {
    const open = (await this.db.linesOf(bill)).filter(
      ({ line, unlocked }) =>
        !unlocked &&
        (!filtered ||
          (line.lineItemId !== undefined && ids.includes(line.lineItemId)) ||
          (line.itemCode !== undefined && codes.includes(line.itemCode))),
    );
    if (open.length === 0) throw new CapillaryError(409, 82323282, 'No promise points found to unlock.');
    const answer = [];
    for (const { line } of open) {
      await this.db.insertUnlock(line.id);
      const ledger = await this.db.ledger(customer.id, line.programId);
      if (ledger) {
        ledger.delayed -= line.amount;
        ledger.main += line.amount;
      }
      const points = number(fromNumeric(line.amount));
      answer.push(
        line.promotion
          ? {
              pointsUnlocked: points,
              programId: line.programId,
              promotionIdentifier: line.promotion.identifier,
              promotionId: line.promotion.id,
              promotionName: line.promotion.name,
            }
          : {
              billNumber: bill.billNumber,
              itemCode: line.itemCode,
              pointsUnlocked: points,
              programId: line.programId,
            },
      );
    }
    return answer;
  }
}

/** The custom `init(from:)` for pointsToBeAdjusted: the table's number or the example's string. */
function amountOf(body: Keyed): Decimal {
  const raw = body.raw('pointsToBeAdjusted');
  if (raw === undefined) throw new DecodingError("Value required for key 'pointsToBeAdjusted'.");
  if (typeof raw === 'string') {
    const parsed = /^-?\d+(\.\d+)?$/.test(raw) ? parseDecimal(raw) : undefined;
    if (!parsed) throw new Abort(400, 'pointsToBeAdjusted is not a number');
    return parsed;
  }
  return decimalOf(raw, 'pointsToBeAdjusted');
}

/** Swift's `String.count`: extended grapheme clusters, not UTF-16 units. */
const characters = (text: string) =>
  [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text)].length;

/** billNumber is a String in the table and an integer in the example: both decoded. */
function billNumberOf(body: Keyed): string | undefined {
  const raw = body.raw('billNumber');
  if (raw === undefined) return undefined;
  if (isNumber(raw)) return String(intOf(raw, 'billNumber'));
  return stringOf(raw, 'billNumber');
}

/** eventLogId: an Array in the table, one number in the example. */
function eventLogIdsOf(body: Keyed): number[] | undefined {
  const raw = body.raw('eventLogId');
  if (raw === undefined) return undefined;
  const one = (v: Json, key: string) =>
    typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : intOf(v, key);
  return Array.isArray(raw)
    ? (raw as Json[]).map((v, i) => one(v, `eventLogId.Index ${i}`))
    : [one(raw, 'eventLogId')];
}

/** Vapor's URLQueryFragmentConvertible Bool: true/1/on and false/0/off, any case. */
function queryBool(req: Request, key: string): boolean | undefined {
  const text = req.query.get(key)?.toLowerCase();
  if (text === undefined) return undefined;
  if (text === 'true' || text === '1' || text === 'on') return true;
  if (text === 'false' || text === '0' || text === 'off') return false;
  throw new Abort(400, `Value of type 'Bool' required for key '${key}'.`);
}
