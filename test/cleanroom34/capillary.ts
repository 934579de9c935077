import type { Caller } from './auth.ts';
import { envelope } from './auth.ts';
import { type D1, sqliteRound } from './d1.ts';
import type { BillRow, Category, CustomerRow, OrgRow, PromisedLineRow } from './data.ts';
import {
  type Check,
  type Issue,
  json,
  jsonTarget,
  validate,
  type WorkerRequest,
  type WorkerResponse,
  z,
} from './hono.ts';

/**
 * The three Capillary handlers of the Worker. Codes and messages from the pages (and DESIGN.md's
 * confirmed vendor facts), in the envelope, with these statuses (the pages give none): 8015,
 * 82323277, 3918, 8874, 8877 → 404; 8907 → 422; 82323282 → 409; others 400; 401; 403 with 4000.
 * A body that fails its zod schema where no page gives a code is the validator's own 400.
 */

const NPA_SOURCES = new Set(
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' '),
);
const UNLOCK_SOURCES = new Set(
  'INSTORE FACEBOOK WEB_ENGAGE WECHAT MARTJACK TMALL TAOBAO JD ECOMMERCE WEBSITE LINE MOBILE_APP'.split(' '),
);
const NPA_IDENTIFIERS = new Set(['externalId', 'mobile']);
const UNLOCK_IDENTIFIERS = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BALANCE_IDENTIFIERS = new Set(['mobile', 'email', 'externalId', 'id', 'cuid']);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);

/** A JSON number, or digits in a string (the page's `"100.00"`), read as the JS number it is. */
const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** `z.union([z.number().nonnegative(), z.string().regex(NUMERIC)])`, the string's value non-negative too. */
const amountSchema: Check = (value, path) => {
  const issues = z.union(z.number(), z.string({ regex: NUMERIC }))(value, path);
  return issues.length > 0 ? issues : z.number({ nonNegative: true })(Number(value), path);
};

/** Decimal places of a double as JS prints it (`"100.00"` is 100: none). */
export function decimalsOf(value: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/** `WHERE name = ?`: BINARY, but the email column is COLLATE NOCASE. */
const sameIdentifier = (name: string, stored: string | undefined, given: string) =>
  stored !== undefined &&
  (name === 'email' ? stored.toLowerCase() === given.toLowerCase() : stored === given);

/** A lookup that matches two customers (a shared mobile) names no one customer. */
function lookup(org: OrgRow, name: string, value: string): CustomerRow | undefined {
  const found = org.customers.filter((c) => sameIdentifier(name, c.identifiers[name], value));
  return found.length === 1 ? found[0] : undefined;
}

const notFound = () => envelope(404, 8015, 'Customer not found for the given identifiers');

/** Promised points of one program, per category (SUM over promised_lines still locked). */
function promised(org: OrgRow, entityId: number, programId: number): Record<Category, number> {
  const sums: Record<Category, number> = { delayed: 0, external: 0 };
  for (const bill of org.bills)
    if (bill.entityId === entityId)
      for (const line of bill.lines)
        if (line.programId === programId && line.unlockedAt === null) sums[line.category] += line.points;
  return sums;
}

export class CapillaryHandlers {
  constructor(private readonly db: D1) {}

  async deduct(req: WorkerRequest, { org, credential }: Caller): Promise<WorkerResponse> {
    if (!credential.points) return envelope(403, 4000, 'Access denied: the Points access group is required');
    const parsed = jsonTarget(req);
    if ('refused' in parsed) return parsed.refused;
    const schema = z.object(
      {
        pointsToBeAdjusted: amountSchema,
        programId: z.optional(z.number({ int: true })),
        reasonOfReturn: z.optional(z.string({ max: 50 })),
        pointsAwardedId: z.optional(z.number({ int: true })),
        promotionId: z.optional(z.number({ int: true })),
        promotionIdentifier: z.optional(z.string()),
        pointsAwardedRefType: z.optional(z.string()),
      },
      (body): Issue[] =>
        body.promotionId !== undefined && body.promotionIdentifier !== undefined
          ? [
              {
                code: 'custom',
                path: ['promotionId'],
                message: 'Pass either promotionId or promotionIdentifier, not both',
              },
            ]
          : [],
    );
    const refused = validate(schema, parsed.value);
    if (refused) return refused;
    const body = parsed.value as {
      pointsToBeAdjusted: number | string;
      programId?: number;
      reasonOfReturn?: string;
      pointsAwardedId?: number;
      promotionId?: number;
      promotionIdentifier?: string;
      pointsAwardedRefType?: string;
    };
    const q = req.url.searchParams;
    if (!NPA_SOURCES.has(q.get('source') ?? '')) return envelope(400, 8003, 'Invalid source');
    const name = q.get('identifierName') ?? '';
    if (!NPA_IDENTIFIERS.has(name)) return envelope(400, 8013, 'Lookup,Invalid identifier passed');
    const customer = await this.db.read(() => lookup(org, name, q.get('identifierValue') ?? ''));
    if (!customer) return notFound();
    if (!body.reasonOfReturn) return envelope(400, 8882, 'Reason of return is missing');
    const points = Number(body.pointsToBeAdjusted);
    if (points === 0) return envelope(400, 8888, 'Points cannot be zero');
    if (body.promotionIdentifier !== undefined && body.programId === undefined)
      return envelope(400, 8887, 'programId is required with promotionIdentifier');
    const programId = body.programId ?? org.defaultProgramId;
    const decimals = org.roundDecimals.get(programId);
    if (decimals === undefined || !customer.main.has(programId))
      return envelope(400, 1218, `Customer is not enrolled in the program: ${programId}`);
    const places = decimalsOf(points);
    if (places > decimals)
      return envelope(
        400,
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${decimals} for programId: ${programId}`,
      );
    if (body.promotionId !== undefined || body.promotionIdentifier !== undefined) {
      const promotion = org.promotions.find((p) =>
        body.promotionId !== undefined
          ? p.id === body.promotionId
          : p.identifier === body.promotionIdentifier,
      );
      if (!promotion || promotion.programId !== programId) return envelope(404, 8874, 'Invalid promotion id');
    }
    if (body.pointsAwardedRefType !== undefined && !REF_TYPES.has(body.pointsAwardedRefType))
      return envelope(400, 9975, 'Invalid pointsAwardedRefType');
    if (
      body.pointsAwardedId !== undefined &&
      !org.awards.some((a) => a.id === body.pointsAwardedId && a.entityId === customer.entityId)
    )
      return envelope(404, 8877, 'Invalid pointsAwardedId');
    // UPDATE balances SET main = round(main - ?1, ?2) WHERE entity_id = ?3 AND program_id = ?4
    //   AND (?5 OR main >= ?1) — one statement, so two deductions cannot both read the old balance.
    const { meta } = await this.db.run(() => {
      const main = customer.main.get(programId) ?? 0;
      if (!org.negativeOnReturn && main < points) return 0;
      customer.main.set(programId, sqliteRound(main - points, decimals));
      return 1;
    });
    if (meta.changes === 0)
      return envelope(
        422,
        8907,
        `points to be deducted ${points} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    const after = await this.db.read(() => customer.main.get(programId) ?? 0);
    return json({
      status: 'success',
      pointsAvailable: after.toFixed(decimals),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  }

  async balance(req: WorkerRequest, { org }: Caller): Promise<WorkerResponse> {
    const q = req.url.searchParams;
    const query = {
      programId: q.get('programId') ?? undefined,
      fetchDataForAllPrograms: q.get('fetchDataForAllPrograms') ?? undefined,
    };
    const refused = validate(
      z.object({
        programId: z.optional(z.string({ regex: /^\d+$/ })),
        fetchDataForAllPrograms: z.optional(z.string({ regex: /^(true|false)$/ })),
      }),
      query,
    );
    if (refused) return refused;
    const source = q.get('source');
    if (source !== null && !NPA_SOURCES.has(source) && !UNLOCK_SOURCES.has(source))
      return envelope(400, 8003, 'Invalid source');
    const names = (q.get('identifierName') ?? '').split(',');
    const values = (q.get('identifierValue') ?? '').split(',');
    if (names.some((n) => !BALANCE_IDENTIFIERS.has(n)))
      return envelope(400, 8013, 'Lookup,Invalid identifier passed');
    let at = 0;
    if (org.dualPrimary !== undefined) {
      // Dual eligibility: the primary identifier decides; without it, no customer.
      at = names.indexOf(org.dualPrimary);
      if (at < 0 || names.length !== values.length) return notFound();
    } else if (names.length !== 1 || values.length !== 1)
      return envelope(400, 8013, 'Lookup,Invalid identifier passed');
    const customer = await this.db.read(() => lookup(org, names[at] ?? '', values[at] ?? ''));
    if (!customer) return notFound();
    const programs =
      query.fetchDataForAllPrograms === 'true'
        ? [...customer.main.keys()]
        : [query.programId === undefined ? org.defaultProgramId : Number(query.programId)];
    if (!programs.every((p) => customer.main.has(p)))
      return envelope(400, 1218, `Customer is not enrolled in the program: ${programs[0]}`);
    const decimals = Math.max(...programs.map((p) => org.roundDecimals.get(p) ?? 0));
    const figures = await this.db.read(() => {
      let main = 0;
      let delayed = 0;
      let external = 0;
      for (const p of programs) {
        main += customer.main.get(p) ?? 0;
        const pending = promised(org, customer.entityId, p);
        delayed += pending.delayed;
        external += pending.external;
      }
      return { main, delayed, external };
    });
    const round = (n: number) => sqliteRound(n, decimals);
    return json({
      entityId: customer.entityId,
      entityType: 'CUSTOMER',
      totalPoints: round(figures.main + figures.delayed + figures.external),
      mainPoints: round(figures.main),
      promisedPoints: round(figures.delayed + figures.external),
      promisedPointsBreakup: {
        delayedAccrualPoints: round(figures.delayed),
        externalTriggerBasedPoints: round(figures.external),
      },
      warnings: [],
    });
  }

  async unlock(req: WorkerRequest, { org }: Caller): Promise<WorkerResponse> {
    const parsed = jsonTarget(req);
    if ('refused' in parsed) return parsed.refused;
    const id = z.number({ int: true });
    const refused = validate(
      z.object({
        eventName: z.optional(z.string()),
        billNumber: z.optional(z.union(z.string(), id)),
        eventLogId: z.optional(z.union(id, z.array(id))),
        lineItemIds: z.optional(z.array(id)),
        itemCodes: z.optional(z.array(z.string())),
        billDate: z.optional(z.string({ regex: /^\d{4}-\d{2}-\d{2}$/ })),
        sourceStoreId: z.optional(id),
        sourceTillId: z.optional(id),
        sourceTilId: z.optional(id),
        sourceProgramId: z.optional(id),
      }),
      parsed.value,
    );
    if (refused) return refused;
    const body = parsed.value as {
      eventName?: string;
      billNumber?: string | number;
      eventLogId?: number | number[];
      lineItemIds?: number[];
      itemCodes?: string[];
    };
    const q = req.url.searchParams;
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source)
      return envelope(400, 82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type !== 'CUSTOMER' && type !== 'USERGROUP2') return envelope(400, 82323276, 'Entity type invalid.');
    if (!UNLOCK_SOURCES.has(source)) return envelope(400, 8003, 'Invalid source');
    if (!UNLOCK_IDENTIFIERS.has(name)) return envelope(400, 8013, 'Lookup,Invalid identifier passed');
    // The org has no user groups: every USERGROUP2 identifier names none.
    if (type === 'USERGROUP2') return envelope(400, 1645, 'Group details passed are not valid.');
    const customer = await this.db.read(() => lookup(org, name, value));
    if (!customer) return notFound();
    if (body.billNumber === undefined || body.billNumber === '')
      return envelope(400, 82323271, 'Bill number missing.');
    if (!body.eventName) return envelope(400, 82323272, 'Event name not found.');
    const billNumber = String(body.billNumber);
    const bill = await this.db.read(() =>
      org.bills.find((b) => b.billNumber === billNumber && b.entityId === customer.entityId),
    );
    if (!bill) return envelope(404, 82323277, 'No bill found for given bill number.');
    if (bill.eventName !== body.eventName) return envelope(400, 82323272, 'Event name not found.');
    const logIds = body.eventLogId === undefined ? [] : [body.eventLogId].flat();
    if (logIds.some((logId) => !org.bills.some((b) => b.eventLogIds.includes(logId))))
      return envelope(404, 3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    const chosen = (line: PromisedLineRow) =>
      line.unlockedAt === null &&
      (body.lineItemIds?.length
        ? line.lineItemId !== undefined && body.lineItemIds.includes(line.lineItemId)
        : true) &&
      (body.itemCodes?.length ? line.itemCode !== undefined && body.itemCodes.includes(line.itemCode) : true);
    // db.batch([SELECT locked lines, UPDATE balances SET main = round(main + sum, d),
    //   UPDATE promised_lines SET unlocked_at = ? WHERE … AND unlocked_at IS NULL]): all or nothing,
    // and a second unlock of the same lines finds them already marked.
    const [moved] = await this.db.batch([
      () => {
        const lines = bill.lines.filter(chosen);
        for (const line of lines) {
          const decimals = org.roundDecimals.get(line.programId) ?? 0;
          customer.main.set(
            line.programId,
            sqliteRound((customer.main.get(line.programId) ?? 0) + line.points, decimals),
          );
          line.unlockedAt = new Date().toISOString();
        }
        return lines;
      },
    ]);
    if (!moved || moved.length === 0) return envelope(409, 82323282, 'No promise points found to unlock.');
    return json({ pointsUnlocked: unlockedLines(org, bill, moved), warnings: [] });
  }
}

/** The answer's lines: the bill's own points per program, one per item, one per promotion. */
function unlockedLines(org: OrgRow, bill: BillRow, moved: readonly PromisedLineRow[]) {
  const round = (programId: number, n: number) => sqliteRound(n, org.roundDecimals.get(programId) ?? 0);
  const whole = new Map<number, number>();
  const lines: Record<string, unknown>[] = [];
  for (const line of moved) {
    if (line.promotion)
      lines.push({
        pointsUnlocked: round(line.programId, line.points),
        programId: line.programId,
        promotionIdentifier: line.promotion.identifier,
        promotionId: line.promotion.id,
        promotionName: line.promotion.name,
      });
    else if (line.itemCode !== undefined)
      lines.push({
        billNumber: bill.billNumber,
        itemCode: line.itemCode,
        pointsUnlocked: round(line.programId, line.points),
        programId: line.programId,
      });
    else whole.set(line.programId, (whole.get(line.programId) ?? 0) + line.points);
  }
  const billLines = [...whole].map(([programId, points]) => ({
    billNumber: bill.billNumber,
    pointsUnlocked: round(programId, points),
    programId,
  }));
  return [...billLines, ...lines];
}
