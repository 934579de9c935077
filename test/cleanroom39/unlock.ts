import type { CapillaryAuth } from './auth.ts';
import {
  type CapillaryCommon,
  capillaryHandler,
  fail,
  json,
  lookup,
  number,
  parseBody,
  UNLOCK_SOURCES,
  varchar2,
} from './capillary.ts';
import type { BillLineRow } from './data.ts';
import { billKey, type Database, ledgerKey } from './db.ts';
import { OraError } from './errors.ts';
import type { OraJson } from './json.ts';
import { OraNumber } from './number.ts';
import { bind, type Handler } from './ords.ts';

export interface UnlockOptions extends CapillaryCommon {
  /** pointsUnlocked as written: `number` (default) as JSON_OBJECT writes NUMBER, `text` "10.000". */
  readonly pointsUnlocked?: 'number' | 'text';
  /** JSON_OBJECT … ABSENT ON NULL: a line's NULL columns left out rather than written null. */
  readonly absentOnNull?: boolean;
}

const IDENTIFIERS = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);

/**
 * `POST v2/points/unlockPromisedPoints`: the vendor's `cap_promise.unlock` block. The bill row and
 * its ledger rows are locked FOR UPDATE; each unlocked line is inserted into UNLOCKED_BILL_LINES
 * (primary key: bill and line), so a second unlock finds nothing left (82323282) and a racing one
 * waits, then meets the same; its points move from external-trigger promised to main.
 */
export function unlockHandler(db: Database, auth: CapillaryAuth, options: UnlockOptions): Handler {
  const mapping = options.errorStatus;
  return capillaryHandler(auth, async ({ org }, request) => {
    const identifierName = bind(request, 'identifierName');
    const identifierValue = bind(request, 'identifierValue');
    const source = bind(request, 'source');
    if (identifierName === null || identifierValue === null || source === null)
      fail(82323284, 'identifierName, identifierValue, or source cannot be empty.', mapping);
    const type = bind(request, 'type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') fail(1645, 'Group details passed are not valid.', mapping);
    if (type !== 'CUSTOMER') fail(82323276, 'Entity type invalid.', mapping);
    if (!IDENTIFIERS.has(identifierName)) fail(8013, 'Lookup,Invalid identifier passed', mapping);
    if (!UNLOCK_SOURCES.has(source)) fail(8003, 'Invalid source', mapping);
    const customer = lookup(org, identifierName, identifierValue);
    if (!customer) fail(8015, 'Customer not found for the given identifiers', mapping);

    const body = parseBody(request.bodyText);
    const billNumber = varchar2(body.billNumber);
    if (billNumber === null) fail(82323271, 'Bill number missing.', mapping);
    const eventName = varchar2(body.eventName);
    if (eventName === null) fail(82323272, 'Event name not found.', mapping);
    const eventLogIds = (Array.isArray(body.eventLogId) ? body.eventLogId : [body.eventLogId])
      .map(number)
      .filter((n) => n !== null);
    const lineItemIds = numbers(body.lineItemIds);
    const itemCodes = strings(body.itemCodes);
    const billDate = varchar2(body.billDate);
    if (billDate !== null) toDate(billDate);
    for (const field of ['sourceStoreId', 'sourceTillId', 'sourceTilId']) number(body[field]);
    const sourceProgram = number(body.sourceProgramId);

    const bill = org.bills.find((b) => b.billNumber === billNumber && b.customerId === customer.id);
    if (!bill) fail(82323277, 'No bill found for given bill number.', mapping);
    if (bill.eventName !== eventName) fail(82323272, 'Event name not found.', mapping);
    if (eventLogIds.length > 0 && !eventLogIds.some((id) => id.toJson() === String(bill.eventLogId)))
      fail(3918, 'Error unlocking points: no eventLog found for given eventLogId.', mapping);

    const filtered = lineItemIds !== null || itemCodes !== null;
    const wanted = bill.lines
      .map((line, index) => ({ line, key: `${bill.billNumber}#${index}` }))
      .filter(({ line }) => !filtered || picked(line, lineItemIds, itemCodes))
      .filter(({ line }) => sourceProgram === null || String(line.programId) === sourceProgram.toJson());
    const programs = [...new Set(wanted.map(({ line }) => line.programId))];
    const unlocked = await db.transaction(
      [billKey(bill.billNumber), ...programs.map((p) => ledgerKey(customer.id, p))],
      (tx) => {
        const open = wanted.filter(({ key }) => !tx.isUnlocked(key));
        if (open.length === 0) fail(82323282, 'No promise points found to unlock.', mapping);
        try {
          for (const { key } of open) tx.insertUnlocked(key);
        } catch (error) {
          if (error instanceof OraError && error.oraCode === 1)
            fail(82323282, 'No promise points found to unlock.', mapping);
          throw error;
        }
        for (const { line } of open) {
          const ledger = tx.ledger(customer.id, line.programId);
          if (!ledger) throw new OraError(1403, 'no data found');
          const points = OraNumber.parse(line.points);
          tx.updateLedger(customer.id, line.programId, {
            ...ledger,
            main: ledger.main.plus(points),
            external: ledger.external.minus(points),
          });
        }
        return open.map(({ line }) => line);
      },
    );
    const rows: OraJson[] = unlocked.map((line) => {
      const points = OraNumber.parse(line.points);
      return {
        billNumber: bill.billNumber,
        itemCode: line.itemCode ?? null,
        pointsUnlocked: options.pointsUnlocked === 'text' ? points.toFixed(3) : points,
        programId: OraNumber.of(BigInt(line.programId), 0),
        promotionIdentifier: line.promotion?.identifier ?? null,
        promotionId: line.promotion ? OraNumber.of(BigInt(line.promotion.id), 0) : null,
        promotionName: line.promotion?.name ?? null,
      };
    });
    return json(200, { pointsUnlocked: rows, warnings: [] }, options.absentOnNull);
  });
}

function picked(line: BillLineRow, lineItemIds: OraNumber[] | null, itemCodes: string[] | null): boolean {
  return (
    (line.lineItemId !== undefined &&
      (lineItemIds ?? []).some((id) => id.toJson() === String(line.lineItemId))) ||
    (line.itemCode !== undefined && (itemCodes ?? []).includes(line.itemCode))
  );
}

/** A JSON array read into a nested table of NUMBER; absent or null is no filter. */
function numbers(value: unknown): OraNumber[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new OraError(40587, 'invalid JSON type');
  return value.map(number).filter((n) => n !== null);
}

function strings(value: unknown): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new OraError(40587, 'invalid JSON type');
  return value.map(varchar2).filter((s) => s !== null);
}

/** TO_DATE(:billDate, 'FXYYYY-MM-DD'): the exact format, a real calendar day. */
function toDate(text: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new OraError(1861, 'literal does not match format string');
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) throw new OraError(1843, 'not a valid month');
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    throw new OraError(1847, 'day of month must be between 1 and last day of month');
}
