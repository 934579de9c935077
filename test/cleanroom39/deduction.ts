import type { CapillaryAuth } from './auth.ts';
import {
  type CapillaryCommon,
  capillaryHandler,
  DEDUCTION_SOURCES,
  fail,
  INVALID_INPUT,
  json,
  lookup,
  number,
  parseBody,
  varchar2,
} from './capillary.ts';
import { type Database, ledgerKey } from './db.ts';
import { bind, type Handler } from './ords.ts';

export interface DeductionOptions extends CapillaryCommon {
  /**
   * pointsAvailable as the vendor writes it: `text` (default) `TO_CHAR(main, 'FM99999999990.000')`
   * as the page's "670.000"; `number` the NUMBER as JSON_OBJECT writes it (670.5).
   */
  readonly pointsAvailable?: 'text' | 'number';
}

const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

/** VARCHAR2(50 CHAR): the reason column counts characters, not bytes. */
const REASON_WIDTH = 50;

/**
 * `POST v2/customers/lookup/negativePointsAdjustment`: the vendor's `cap_points.deduct` block. The
 * ledger row is read `FOR UPDATE`, so a second deduction waits for the first to commit and sees its
 * balance (no lost update, no overdraw); figures are NUMBER, so "100.00" is 100 with no decimals.
 */
export function deductionHandler(db: Database, auth: CapillaryAuth, options: DeductionOptions): Handler {
  const mapping = options.errorStatus;
  return capillaryHandler(auth, async ({ org, points: pointsGroup }, request) => {
    if (!pointsGroup)
      fail(4000, 'Access denied: the Points access group is not granted to these credentials');
    const q = (name: string) => bind(request, name);
    const identifierName = q('identifierName');
    if (identifierName !== 'externalId' && identifierName !== 'mobile')
      fail(8013, 'Lookup,Invalid identifier passed', mapping);
    const source = q('source');
    if (source === null || !DEDUCTION_SOURCES.has(source)) fail(8003, 'Invalid source', mapping);
    const customer = lookup(org, identifierName, q('identifierValue'));
    if (!customer) fail(8015, 'Customer not found for the given identifiers', mapping);

    const body = parseBody(request.bodyText);
    const amount = number(body.pointsToBeAdjusted);
    if (amount === null || amount.sign === 0) fail(8888, 'points cannot be zero', mapping);
    if (amount.sign < 0) fail(8888, 'points to be deducted should be greater than zero', mapping);
    const reason = varchar2(body.reasonOfReturn);
    if (reason === null) fail(8882, 'reasonOfReturn is missing', mapping);
    if ([...reason].length > REASON_WIDTH)
      fail(INVALID_INPUT, `reasonOfReturn is limited to ${REASON_WIDTH} characters`, mapping);

    const requestedProgram = number(body.programId);
    const promotionId = number(body.promotionId);
    const promotionIdentifier = varchar2(body.promotionIdentifier);
    if (promotionId !== null && promotionIdentifier !== null)
      fail(INVALID_INPUT, 'promotionId and promotionIdentifier cannot both be passed', mapping);
    if (promotionIdentifier !== null && requestedProgram === null)
      fail(8887, 'programId is required with promotionIdentifier', mapping);
    const programId = requestedProgram === null ? org.defaultProgramId : Number(requestedProgram.toJson());
    const roundDecimals = org.programs[programId];
    if (roundDecimals === undefined || !(programId in customer.ledgers))
      fail(1218, `customer is not enrolled in program ${requestedProgram?.toJson()}`, mapping);
    if (promotionId !== null || promotionIdentifier !== null) {
      const promotion = org.promotions.find((p) =>
        promotionId !== null ? String(p.id) === promotionId.toJson() : p.identifier === promotionIdentifier,
      );
      if (!promotion || promotion.programId !== programId) fail(8874, 'Invalid promotion id', mapping);
    }
    const awardId = number(body.pointsAwardedId);
    if (awardId !== null && !(customer.awards ?? []).some((a) => String(a) === awardId.toJson()))
      fail(8877, 'Invalid pointsAwardedId', mapping);
    const refType = varchar2(body.pointsAwardedRefType);
    if (refType !== null && !REF_TYPES.has(refType)) fail(9975, 'Invalid pointsAwardedRefType', mapping);
    if (amount.decimalPlaces > roundDecimals)
      fail(
        8906,
        `decimal places passed: ${amount.decimalPlaces} is greater than the configured round decimals: ${roundDecimals} for programId: ${programId}`,
        mapping,
      );

    const available = await db.transaction([ledgerKey(customer.id, programId)], (tx) => {
      const ledger = tx.ledger(customer.id, programId);
      if (!ledger) return fail(1218, `customer is not enrolled in program ${programId}`, mapping);
      if (!org.negativeBalanceOnReturn && amount.compare(ledger.main) > 0)
        fail(
          8907,
          `points to be deducted ${amount.toJson()} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
          mapping,
        );
      tx.updateLedger(customer.id, programId, { ...ledger, main: ledger.main.minus(amount) });
      return tx.ledgers.get(ledgerKey(customer.id, programId))?.main ?? ledger.main;
    });
    return json(200, {
      status: 'success',
      pointsAvailable: options.pointsAvailable === 'number' ? available : available.toFixed(3),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  });
}
