import { CREDENTIAL } from './auth.ts';
import { BindError, bindJson, bindQuery, fieldFailure, type GoStruct } from './binding.ts';
import type { Account, BillLine, Credential, Customer, Org } from './data.ts';
import { add, amountString, type Dec, decFloat, decString, sub, sum } from './decimal.ts';
import { bound, coded } from './envelope.ts';
import type { Context, HandlerFunc } from './gin.ts';
import { omitEmpty, RawJson } from './gojson.ts';

/**
 * Clean room twenty-two's three Capillary handlers. A request is bound first (gin's 400
 * `{"error": …}` for what the pages give no code: a missing query parameter of the deduction or the
 * balance, a missing amount, a value of the wrong JSON type, a reason over 50 characters,
 * promotionId with promotionIdentifier), then judged with the documented codes in the envelope.
 * Readings of its own: `eventLogId` is only read as the table's Array (`[]int64`: the example's
 * single integer is a binding error); a balance of a program the customer is not enrolled in is
 * 1218; Go's zero values stand for absence (`"programId": 0` is the default program).
 */

const DEDUCTION_SOURCES = [
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
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

const LOOKUP: GoStruct = {
  name: 'LookupQuery',
  fields: [
    { go: 'IdentifierName', json: 'identifierName', type: 'string', tags: ['required'] },
    { go: 'IdentifierValue', json: 'identifierValue', type: 'string', tags: ['required'] },
    { go: 'Source', json: 'source', type: 'string', tags: ['required'] },
  ],
};

const BALANCE: GoStruct = {
  name: 'BalanceQuery',
  fields: [
    ...LOOKUP.fields,
    { go: 'ProgramID', json: 'programId', type: 'int64' },
    { go: 'FetchDataForAllPrograms', json: 'fetchDataForAllPrograms', type: 'bool' },
  ],
};

/** The unlock's query is read by hand: its page gives 82323284 for a missing one. */
const UNLOCK_QUERY: GoStruct = {
  name: 'UnlockQuery',
  fields: [...LOOKUP.fields.map((f) => ({ ...f, tags: [] })), { go: 'Type', json: 'type', type: 'string' }],
};

const DEDUCTION: GoStruct = {
  name: 'NegativePointsAdjustmentRequest',
  fields: [
    {
      go: 'PointsToBeAdjusted',
      json: 'pointsToBeAdjusted',
      type: 'amount',
      pointer: true,
      tags: ['required'],
    },
    { go: 'ProgramID', json: 'programId', type: 'int64' },
    { go: 'ReasonOfReturn', json: 'reasonOfReturn', type: 'string', tags: ['max=50'] },
    { go: 'PointsAwardedID', json: 'pointsAwardedId', type: 'int64' },
    { go: 'PromotionID', json: 'promotionId', type: 'int64', tags: ['excluded_with=PromotionIdentifier'] },
    { go: 'PromotionIdentifier', json: 'promotionIdentifier', type: 'string' },
    { go: 'PointsAwardedRefType', json: 'pointsAwardedRefType', type: 'string' },
  ],
};

const UNLOCK: GoStruct = {
  name: 'UnlockRequest',
  fields: [
    { go: 'EventName', json: 'eventName', type: 'string' },
    { go: 'BillNumber', json: 'billNumber', type: 'flexString' },
    { go: 'EventLogID', json: 'eventLogId', type: 'int64s' },
    { go: 'LineItemIDs', json: 'lineItemIds', type: 'int64s' },
    { go: 'ItemCodes', json: 'itemCodes', type: 'strings' },
    { go: 'BillDate', json: 'billDate', type: 'string' },
    { go: 'SourceStoreID', json: 'sourceStoreId', type: 'int64' },
    { go: 'SourceTillID', json: 'sourceTillId', type: 'int64' },
    { go: 'SourceTilID', json: 'sourceTilId', type: 'int64' },
    { go: 'SourceProgramID', json: 'sourceProgramId', type: 'int64' },
  ],
};

const BALANCE_NAMES = ['email', 'mobile', 'externalId'];
const DEDUCTION_NAMES = ['externalId', 'mobile'];
const UNLOCK_NAMES = ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'];

/** A typed refusal with its documented code, thrown out of a handler's logic and answered in the envelope. */
class Coded extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

const NOT_FOUND = () => new Coded(8015, 'Customer not found for the given identifiers');

function find(org: Org, name: string, value: string): Customer {
  const found = org.customers.filter((c) => c.identifiers[name] === value);
  // A value two customers share names neither (without dual eligibility's primary to decide).
  if (found.length !== 1) throw NOT_FOUND();
  return found[0] as Customer;
}

function account(customer: Customer, programId: number): Account {
  const found = customer.accounts.get(programId);
  if (!found) throw new Coded(1218, `Customer is not enrolled in program ${programId}`);
  return found;
}

/** math.Round(f*10^d) / 10^d. */
const roundTo = (f: number, places: number): number => Math.round(f * 10 ** places) / 10 ** places;

function orgOf(c: Context): Org {
  return (c.keys.get(CREDENTIAL) as Credential).org;
}

/** Runs a handler's logic; a Coded refusal is answered in the envelope, a BindError as gin does. */
function handle(c: Context, run: () => void): void {
  bound(c, () => {
    try {
      run();
    } catch (e) {
      if (e instanceof Coded) return coded(c, e.code, e.message);
      throw e;
    }
  });
}

/** The balance page's lookup: under dual eligibility the org's primary identifier decides. */
function lookupForBalance(org: Org, names: string[], values: string[]): Customer {
  if (names.length !== values.length) throw NOT_FOUND();
  for (const name of names)
    if (!BALANCE_NAMES.includes(name)) throw new Coded(8013, 'Lookup,Invalid identifier passed');
  if (org.primary) {
    const at = names.indexOf(org.primary);
    if (at < 0) throw NOT_FOUND();
    return find(org, org.primary, values[at] as string);
  }
  return find(org, names[0] as string, values[0] as string);
}

/** The lines an unlock moves: every locked line, or those its line items or item codes name. */
function selected(
  lines: BillLine[],
  lineItemIds: number[] | null,
  itemCodes: string[] | null,
  programId: number,
): BillLine[] {
  const filtered = (lineItemIds?.length ?? 0) > 0 || (itemCodes?.length ?? 0) > 0;
  return lines.filter(
    (line) =>
      line.locked &&
      (programId === 0 || line.programId === programId) &&
      (!filtered ||
        (line.lineItemId !== undefined && (lineItemIds ?? []).includes(line.lineItemId)) ||
        (line.itemCode !== undefined && (itemCodes ?? []).includes(line.itemCode))),
  );
}

/** How the service keeps points: shopspring decimals, or (the strictest reading) float64 columns. */
export interface Ledger {
  readonly float64: boolean;
}

export function capillaryHandlers(ledger: Ledger): {
  deduct: HandlerFunc;
  balance: HandlerFunc;
  unlock: HandlerFunc;
} {
  const figure = (value: Dec) => decFloat(value, ledger.float64);
  const deduct: HandlerFunc = (c) =>
    handle(c, () => {
      const q = bindQuery(LOOKUP, c.query);
      const req = bindJson(DEDUCTION, c.body);
      const amount = req.pointsToBeAdjusted as Dec;
      if (amount.micros < 0n) throw fieldFailure(DEDUCTION, 'PointsToBeAdjusted', 'gt');
      const org = orgOf(c);
      if (!DEDUCTION_SOURCES.includes(q.source as string)) throw new Coded(8003, 'Invalid source');
      if (!DEDUCTION_NAMES.includes(q.identifierName as string))
        throw new Coded(8013, 'Lookup,Invalid identifier passed');
      const customer = find(org, q.identifierName as string, q.identifierValue as string);
      if ((req.reasonOfReturn as string).trim() === '') throw new Coded(8882, 'Reason of return is missing');
      if (amount.micros === 0n) throw new Coded(8888, 'Points cannot be zero');
      if (req.promotionIdentifier !== '' && req.programId === 0)
        throw new Coded(8887, 'programId is required when promotionIdentifier is passed');
      const programId = (req.programId as number) || org.defaultProgram;
      const program = org.programs.find((p) => p.id === programId);
      if (!program) throw new Coded(1218, `Customer is not enrolled in program ${programId}`);
      const balance = account(customer, programId);
      const promotion = org.promotions.find(
        (p) => p.id === req.promotionId || p.identifier === req.promotionIdentifier,
      );
      if (
        (req.promotionId !== 0 || req.promotionIdentifier !== '') &&
        (!promotion || promotion.programId !== programId)
      )
        throw new Coded(8874, 'Invalid promotion id');
      if (req.pointsAwardedId !== 0 && !org.pointsAwardedIds.includes(req.pointsAwardedId as number))
        throw new Coded(8877, 'Invalid pointsAwardedId');
      if (req.pointsAwardedRefType !== '' && !REF_TYPES.includes(req.pointsAwardedRefType as string))
        throw new Coded(9975, 'Invalid pointsAwardedRefType');
      if (amount.places > program.roundDecimals)
        throw new Coded(
          8906,
          `decimal places passed: ${amount.places} is greater than the configured round decimals: ${program.roundDecimals} for programId: ${programId}`,
        );
      if (
        !org.negativeOnReturn &&
        (ledger.float64
          ? // A float64 balance carries binary error (4.799999999999997 for 4.8): compared at the
            // program's round decimals, as the balance is shown, or the whole balance could not be deducted.
            amount.f > roundTo(balance.main.f, program.roundDecimals)
          : amount.micros > balance.main.micros)
      )
        throw new Coded(
          8907,
          `points to be deducted ${decString(amount)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      balance.main = sub(balance.main, amount);
      // decimal.Decimal's MarshalJSON writes a quoted string, trailing zeros stripped (a float64 column
      // is written with strconv.FormatFloat into a string field).
      c.json(200, {
        status: 'success',
        pointsAvailable: new RawJson(`"${amountString(balance.main, ledger.float64)}"`),
        message: 'points deducted successfully for the user ',
        warnings: null,
      });
    });

  const balance: HandlerFunc = (c) =>
    handle(c, () => {
      const q = bindQuery(BALANCE, c.query);
      const org = orgOf(c);
      if (![...DEDUCTION_SOURCES, ...UNLOCK_SOURCES].includes(q.source as string))
        throw new Coded(8003, 'Invalid source');
      const customer = lookupForBalance(
        org,
        (q.identifierName as string).split(','),
        (q.identifierValue as string).split(','),
      );
      const programs = q.fetchDataForAllPrograms
        ? [...customer.accounts.values()]
        : [account(customer, (q.programId as number) || org.defaultProgram)];
      const main = sum(programs.map((a) => a.main));
      const delayed = sum(programs.map((a) => a.delayed));
      const external = sum(programs.map((a) => a.external));
      const promised = add(delayed, external);
      c.json(200, {
        entityId: customer.entityId,
        entityType: 'CUSTOMER',
        mainPoints: figure(main),
        // The promised figures are `json:",omitempty"`: a zero is left out (main and total always written).
        promisedPoints: omitEmpty(figure(promised)),
        totalPoints: figure(add(main, promised)),
        promisedPointsBreakup: {
          delayedAccrualPoints: omitEmpty(figure(delayed)),
          externalTriggerBasedPoints: omitEmpty(figure(external)),
        },
        warnings: null,
      });
    });

  const unlock: HandlerFunc = (c) =>
    handle(c, () => {
      const q = bindQuery(UNLOCK_QUERY, c.query);
      if (q.identifierName === '' || q.identifierValue === '' || q.source === '')
        throw new Coded(82323284, 'identifierName, identifierValue, or source cannot be empty.');
      const type = (q.type as string) || 'CUSTOMER';
      if (type !== 'CUSTOMER' && type !== 'USERGROUP2') throw new Coded(82323276, 'Entity type invalid.');
      const org = orgOf(c);
      if (!UNLOCK_SOURCES.includes(q.source as string)) throw new Coded(8003, 'Invalid source');
      if (type === 'USERGROUP2') throw new Coded(1645, 'Group details passed are not valid.');
      if (!UNLOCK_NAMES.includes(q.identifierName as string))
        throw new Coded(8013, 'Lookup,Invalid identifier passed');
      const req = bindJson(UNLOCK, c.body);
      if (
        req.billDate !== '' &&
        !/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(req.billDate as string)
      )
        throw new BindError(`parsing time ${JSON.stringify(req.billDate)} as "2006-01-02": cannot parse`);
      if (req.billNumber === '') throw new Coded(82323271, 'Bill number missing.');
      if (req.eventName === '') throw new Coded(82323272, 'Event name not found.');
      const customer = find(org, q.identifierName as string, q.identifierValue as string);
      const bill = org.bills.find((b) => b.customer === customer && b.billNumber === req.billNumber);
      if (!bill) throw new Coded(82323277, 'No bill found for given bill number.');
      if (bill.eventName !== req.eventName) throw new Coded(82323272, 'Event name not found.');
      const logs = (req.eventLogId as number[] | null) ?? [];
      if (logs.length > 0 && !logs.includes(bill.eventLogId))
        throw new Coded(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
      const lines = selected(
        bill.lines,
        req.lineItemIds as number[] | null,
        req.itemCodes as string[] | null,
        req.sourceProgramId as number,
      );
      if (lines.length === 0) throw new Coded(82323282, 'No promise points found to unlock.');
      for (const line of lines) {
        const into = customer.accounts.get(line.programId) as Account;
        into[line.category] = sub(into[line.category], line.points);
        into.main = add(into.main, line.points);
        line.locked = false;
      }
      c.json(200, {
        pointsUnlocked: lines.map((line) => ({
          billNumber: omitEmpty(line.promotion ? '' : bill.billNumber),
          itemCode: omitEmpty(line.itemCode),
          pointsUnlocked: figure(line.points),
          programId: line.programId,
          promotionIdentifier: omitEmpty(line.promotion?.identifier),
          promotionId: omitEmpty(line.promotion?.id),
          promotionName: omitEmpty(line.promotion?.name),
        })),
        warnings: null,
      });
    });
  return { deduct, balance, unlock };
}
