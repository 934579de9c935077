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
import { toInteger } from './deduction.ts';
import { ApexException, VendorException } from './errors.ts';
import { ApexNumber, asMap, asString, deserializeUntyped, type Untyped } from './json.ts';
import type { RestRequest } from './platform.ts';
import { type BillLine, numberField, soqlEquals } from './storage.ts';

const SOURCES = new Set([
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
const IDENTIFIERS = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const TYPES = new Set(['CUSTOMER', 'USERGROUP2']);

/** `String.valueOf(obj)` of a bill number: the page types it String, its example a number. */
function text(obj: Untyped | undefined): string | null {
  if (obj === undefined || obj === null) return null;
  if (typeof obj === 'string') return obj;
  if (obj instanceof ApexNumber) return obj.value.toString();
  throw new ApexException('System.TypeException', 'Invalid conversion to String');
}

/** A `List<Object>` of whole numbers (or one number, as the page's eventLogId example has it). */
function integers(obj: Untyped | undefined): number[] {
  if (obj === undefined || obj === null) return [];
  const list = Array.isArray(obj) ? obj : [obj];
  return list.map((item) => toInteger(item) ?? Number.NaN);
}

function strings(obj: Untyped | undefined): string[] {
  if (obj === undefined || obj === null) return [];
  if (!Array.isArray(obj))
    throw new ApexException('System.TypeException', 'Invalid conversion to List<Object>');
  return obj.map((item) => text(item) ?? '');
}

/** POST /v2/points/unlockPromisedPoints (@HttpPost of UnlockPromisedPoints). */
export function unlockMethod(ctx: Context) {
  return apexMethod(ctx, async (req: RestRequest) => {
    const { org } = caller(ctx, req, false);
    const rawName = req.params.get('identifierName') ?? '';
    const value = req.params.get('identifierValue') ?? '';
    const source = req.params.get('source') ?? '';
    if (rawName === '' || value === '' || source === '')
      throw new VendorException(82323284, 'identifierName, identifierValue, or source cannot be empty.', 400);
    if (!enumParam(ctx, SOURCES, source)) throw new VendorException(8003, 'Invalid source', 400);
    const type = enumParam(ctx, TYPES, req.params.get('type') ?? 'CUSTOMER');
    if (type === 'USERGROUP2') throw new VendorException(1645, 'Group details passed are not valid.', 400);
    if (type !== 'CUSTOMER') throw new VendorException(82323276, 'Entity type invalid.', 400);
    const name = enumParam(ctx, IDENTIFIERS, rawName);
    if (!name) throw new VendorException(8013, 'Lookup,Invalid identifier passed', 400);
    const [customer] = findCustomers(ctx, org.id, name, value);
    if (!customer) throw customerNotFound();

    const body = asMap(deserializeUntyped(req.requestBody));
    const eventName = asString(body.get('eventName'));
    if (eventName === null || eventName.trim() === '')
      throw new VendorException(82323272, 'Event name not found.', 400);
    const billNumber = text(body.get('billNumber'));
    if (billNumber === null || billNumber.trim() === '')
      throw new VendorException(82323271, 'Bill number missing.', 400);
    const eventLogIds = integers(body.get('eventLogId'));
    const lineItemIds = integers(body.get('lineItemIds'));
    const itemCodes = strings(body.get('itemCodes'));
    const sourceProgramId = toInteger(body.get('sourceProgramId'));
    // Read for their types only: the bill is looked up by its number, not by where it was made.
    toInteger(body.get('sourceStoreId'));
    toInteger(body.get('sourceTillId') ?? body.get('sourceTilId'));

    const exact = ctx.options.exactIdentifiers ?? false;
    const bill = ctx.storage.bills.find(
      (b) => b.org === org.id && b.customer === customer.id && soqlEquals(b.billNumber, billNumber, exact),
    );
    if (!bill) throw new VendorException(82323277, 'No bill found for given bill number.', 404);
    if (!soqlEquals(bill.eventName, eventName, exact))
      throw new VendorException(82323272, 'Event name not found.', 400);
    if (eventLogIds.length > 0 && !eventLogIds.includes(bill.eventLogId))
      throw new VendorException(3918, 'Error unlocking points: no eventLog found for given eventLogId.', 404);

    const unlocked = await ctx.storage.forUpdate(`bill:${bill.org}:${bill.billNumber}`, () => {
      const filtered = lineItemIds.length > 0 || itemCodes.length > 0;
      const chosen = bill.lines.filter(
        (line: BillLine) =>
          !ctx.storage.unlockedLines.has(line.externalId.toLowerCase()) &&
          (sourceProgramId === null || line.programId === sourceProgramId) &&
          (!filtered ||
            (line.lineItemId !== undefined && lineItemIds.includes(line.lineItemId)) ||
            (line.itemCode !== undefined &&
              itemCodes.some((c) => soqlEquals(c, line.itemCode ?? '', exact)))),
      );
      if (chosen.length === 0) throw new VendorException(82323282, 'No promise points found to unlock.', 400);
      return ctx.storage.forUpdate(`ledger:${customer.id}`, () => {
        // insert Unlocked_Line__c: the unique External ID refuses a line unlocked before (DUPLICATE_VALUE).
        for (const line of chosen)
          if (ctx.storage.unlockedLines.has(line.externalId.toLowerCase()))
            throw new VendorException(82323282, 'No promise points found to unlock.', 400);
        for (const line of chosen) {
          ctx.storage.unlockedLines.add(line.externalId.toLowerCase());
          const ledger = customer.ledgers.get(line.programId);
          const points = Decimal.valueOf(line.points);
          if (!ledger) continue;
          ledger.delayed = numberField(ledger.delayed.subtract(points));
          ledger.main = numberField(ledger.main.add(points));
        }
        return chosen;
      });
    });
    return ok(ctx, {
      pointsUnlocked: unlocked.map((line) => {
        const promotion = org.promotions.find((p) => p.id === line.promotionId);
        return {
          billNumber: bill.billNumber,
          itemCode: line.itemCode ?? null,
          pointsUnlocked: Decimal.valueOf(line.points),
          programId: line.programId,
          promotionIdentifier: promotion?.identifier ?? null,
          promotionId: promotion?.id ?? null,
          promotionName: promotion?.name ?? null,
        };
      }),
      warnings: [],
    });
  });
}
