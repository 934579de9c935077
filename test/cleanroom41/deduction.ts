import {
  apexMethod,
  type Context,
  caller,
  customerNotFound,
  enumParam,
  findCustomers,
  ok,
} from './capillary.ts';
import { Decimal } from './decimal.ts';
import { ApexException, VendorException } from './errors.ts';
import { ApexNumber, asMap, asString, deserializeUntyped, type Untyped } from './json.ts';
import type { RestRequest } from './platform.ts';
import { numberField } from './storage.ts';

export interface DeductionOptions {
  /** `text` (default): String.valueOf of the Number(16,3) field, "670.000"; `number`: the Decimal itself, 670.000. */
  readonly pointsAvailable?: 'text' | 'number';
  /** Decimal places counted after `stripTrailingZeros()` ("100.00" has none), else the scale as given. */
  readonly stripTrailingZeros?: boolean;
}

const SOURCES = new Set([
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
const IDENTIFIERS = new Set(['externalId', 'mobile']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const REASON_MAX = 50;

/** `Decimal.valueOf(obj)` as the vendor reads the amount: a JSON number, or a String it parses. */
export function toDecimal(obj: Untyped | undefined): Decimal | null {
  if (obj === undefined || obj === null) return null;
  if (obj instanceof ApexNumber) return obj.value;
  if (typeof obj === 'string') return Decimal.valueOf(obj);
  throw new ApexException('System.TypeException', 'Invalid conversion to Decimal');
}

/** `Integer.valueOf(obj)`: a whole number or its text; anything else a TypeException. */
export function toInteger(obj: Untyped | undefined): number | null {
  const decimal = toDecimal(obj);
  if (decimal === null) return null;
  if (!decimal.isWhole() || decimal.abs().compareTo(Decimal.valueOf('2147483647')) > 0)
    throw new ApexException('System.TypeException', 'Invalid integer');
  return Number(decimal.setScale(0).toString());
}

/** POST /v2/customers/lookup/negativePointsAdjustment (@HttpPost of NegativePointsAdjustment). */
export function deductionMethod(ctx: Context, options: DeductionOptions) {
  return apexMethod(ctx, async (req: RestRequest) => {
    const { org } = caller(ctx, req, true);
    if (!enumParam(ctx, SOURCES, req.params.get('source') ?? ''))
      throw new VendorException(8003, 'Invalid source', 400);
    const name = enumParam(ctx, IDENTIFIERS, req.params.get('identifierName') ?? '');
    if (!name) throw new VendorException(8013, 'Lookup,Invalid identifier passed', 400);
    const value = req.params.get('identifierValue') ?? '';
    const [customer] = value === '' ? [] : findCustomers(ctx, org.id, name, value);
    if (!customer) throw customerNotFound();

    const body = asMap(deserializeUntyped(req.requestBody));
    const reason = asString(body.get('reasonOfReturn'));
    if (reason === null || reason.trim() === '')
      throw new VendorException(8882, 'Reason of return is missing', 400);
    if (reason.length > REASON_MAX)
      throw new VendorException(8882, `Reason of return is longer than ${REASON_MAX} characters`, 400);
    const amount = toDecimal(body.get('pointsToBeAdjusted'));
    if (amount === null || amount.sign === 0) throw new VendorException(8888, 'Points cannot be zero', 400);
    if (amount.sign < 0)
      throw new VendorException(8888, 'Points to be adjusted should be greater than 0', 400);

    const programParam = toInteger(body.get('programId'));
    const promotionId = toInteger(body.get('promotionId'));
    const promotionIdentifier = asString(body.get('promotionIdentifier'));
    if (promotionId !== null && promotionIdentifier !== null)
      throw new VendorException(
        8874,
        'Invalid input: pass promotionId or promotionIdentifier, not both',
        400,
      );
    if (promotionIdentifier !== null && programParam === null)
      throw new VendorException(8887, 'programId is required with promotionIdentifier', 400);
    const programId = programParam ?? org.defaultProgramId;
    if (promotionId !== null || promotionIdentifier !== null) {
      const promotion = org.promotions.find((p) =>
        promotionId !== null ? p.id === promotionId : p.identifier === promotionIdentifier,
      );
      if (!promotion || (programParam !== null && promotion.programId !== programParam))
        throw new VendorException(8874, 'Invalid promotion id', 400);
    }
    const awardedId = toInteger(body.get('pointsAwardedId'));
    if (awardedId !== null && !customer.awards.includes(awardedId))
      throw new VendorException(8877, 'Invalid pointsAwardedId', 400);
    const refType = asString(body.get('pointsAwardedRefType'));
    if (refType !== null && !REF_TYPES.has(refType))
      throw new VendorException(9975, 'Invalid pointsAwardedRefType', 400);

    const roundDecimals = org.programs.get(programId);
    if (roundDecimals === undefined || !customer.ledgers.has(programId))
      throw new VendorException(1218, 'Customer not enrolled in program', 400);
    const places = options.stripTrailingZeros ? amount.stripTrailingZeros().scale : amount.scale;
    if (places > roundDecimals)
      throw new VendorException(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${roundDecimals} for programId: ${programId}`,
        400,
      );

    // SELECT … FROM Ledger__c WHERE Customer__c = :id FOR UPDATE: every ledger row of the customer.
    const after = await ctx.storage.forUpdate(`ledger:${customer.id}`, () => {
      const ledger = customer.ledgers.get(programId);
      if (!ledger) throw new VendorException(1218, 'Customer not enrolled in program', 400);
      if (!org.negativeBalanceOnReturn && amount.compareTo(ledger.main) > 0)
        throw new VendorException(
          8907,
          `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
          400,
        );
      ledger.main = numberField(ledger.main.subtract(amount));
      return ledger.main;
    });
    return ok(ctx, {
      status: 'success',
      pointsAvailable: options.pointsAvailable === 'number' ? after : after.toString(),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  });
}
