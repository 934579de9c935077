/**
 * Balance displays shared by the fault catalogue and the correct variants: a target showing the
 * balance figures with fewer decimals than its ledger keeps (the balance page's table types them int).
 */
import { LEDGER_DECIMALS, toMicro } from '../../src/reference/amount.ts';
import type { Reply } from '../../src/reference/envelopes.ts';
import { bodyRecord } from '../../src/reference/handlers/context.ts';
import type { OperationId } from '../../src/reference/handlers/index.ts';

/**
 * A 200 of the balance with every figure (main, total, promised and its breakup) shown as a whole
 * number by `whole`, each from the ledger's own value: the balance page's response table types
 * them int, while the ledger keeps the decimals the program's round decimals allow.
 */
export const balanceAsWholeNumbers =
  (whole: (points: number) => number) =>
  (operationId: OperationId, reply: Reply): Reply => {
    if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
    const wholeOf = (value: unknown): unknown => (typeof value === 'number' ? whole(value) : value);
    const body = bodyRecord(reply.body);
    const breakup = bodyRecord(body.promisedPointsBreakup);
    return {
      ...reply,
      body: {
        ...body,
        totalPoints: wholeOf(body.totalPoints),
        mainPoints: wholeOf(body.mainPoints),
        promisedPoints: wholeOf(body.promisedPoints),
        promisedPointsBreakup: {
          ...breakup,
          delayedAccrualPoints: wholeOf(breakup.delayedAccrualPoints),
          externalTriggerBasedPoints: wholeOf(breakup.externalTriggerBasedPoints),
        },
      },
    };
  };

/**
 * Points with `decimals` decimals, rounded half even on their exact micro-points (as BigDecimal's
 * setScale(decimals, HALF_EVEN), Python's `round` or .NET's `Math.Round` write them): to two,
 * 78.675 → 78.68 and 12.665 → 12.66; to none, 100.5 → 100 and 103.5 → 104.
 */
export const halfEvenTo =
  (decimals: number) =>
  (points: number): number => {
    const unit = 10 ** (LEDGER_DECIMALS - decimals);
    const micro = toMicro(points);
    const low = Math.floor(micro / unit);
    const rest = micro - low * unit;
    return (rest * 2 > unit || (rest * 2 === unit && low % 2 !== 0) ? low + 1 : low) / 10 ** decimals;
  };

/** Points with two decimals, rounded half even (a DECIMAL(p, 2) column): {@link halfEvenTo}(2). */
export const twoDecimalsHalfEven = halfEvenTo(2);
