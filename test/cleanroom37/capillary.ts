import { type Caller, requirePoints } from './auth.ts';
import { AWARDS, BILLS, type CustomerRow, type LineRow, PROMOTIONS, type ProgramRow } from './data.ts';
import { type Database, numeric, UniqueViolation } from './db.ts';
import { BigDec, JDouble, JLong, type Json, javaDouble } from './jackson.ts';
import {
  BALANCE_SOURCES,
  capillaryError,
  findCustomer,
  invalidIdentifier,
  invalidSource,
  NPA_SOURCES,
  notFound,
  UPP_SOURCES,
} from './lookup.ts';
import { coerceBody, coerceQuery, int, number, or, string, vectorOf } from './malli.ts';
import { HttpResponse, ok, type RingRequest, type RingResponse } from './ring.ts';

export interface CapillaryOptions {
  /** Dual eligibility on in every org, with this primary identifier (the balance lookup only). */
  readonly dualPrimary?: string;
  /** Decimals counted as `(.scale bd)` (the places passed, trailing zeros too) instead of stripped. */
  readonly decimalsByScale?: boolean;
  /** Points written as `(str (.stripTrailingZeros bd))`: 1200.0000 becomes "1.2E+3". */
  readonly pointsAvailableStripped?: boolean;
  /** The unlock's lines echo the request's billNumber as decoded (a Long stays a number). */
  readonly echoBillNumber?: boolean;
  /** Each unlocked line is the next.jdbc row as selected: every column, NULLs written as null. */
  readonly wholeRows?: boolean;
  /** The balance a LEFT JOIN with COALESCE: a program the customer is not in reads zeros, not 1218. */
  readonly zerosWhenNotEnrolled?: boolean;
  /** Figures written `(str bd)` as the deduction's pointsAvailable is: balances and unlocked points. */
  readonly figuresAsStrings?: boolean;
}

const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

const badRequest = (message: string): never => {
  throw new HttpResponse({ status: 400, body: { message } });
};

/** `(bigdec x)` on what the body carried: a Long, a BigDecimal, a Double, or a String. */
function bigdec(value: Json): BigDec | undefined {
  if (value instanceof JLong) return BigDec.long(value.value);
  if (value instanceof BigDec) return value;
  if (value instanceof JDouble) return BigDec.of(javaDouble(value.value).replace('E', 'e'));
  if (typeof value !== 'string') return undefined;
  // java.math.BigDecimal(String): an optional sign, digits with an optional point, an exponent.
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([eE][+-]?\d+)?$/.exec(value);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  return BigDec.of(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${m[3] ? `.${m[3]}` : ''}${m[4] ?? ''}`);
}

/** BigDecimal.stripTrailingZeros(): the scale may go negative (1200 → 12E+2). */
function stripped(value: BigDec): BigDec {
  if (value.unscaled === 0n) return new BigDec(0n, 0);
  let u = value.unscaled;
  let s = value.scale;
  while (u % 10n === 0n) {
    u /= 10n;
    s -= 1;
  }
  return new BigDec(u, s);
}

export class Capillary {
  constructor(
    private readonly db: Database,
    private readonly options: CapillaryOptions,
  ) {}

  private program(caller: Caller, id: bigint | undefined): ProgramRow | undefined {
    const wanted = id === undefined ? caller.org.defaultProgram : Number(id);
    return caller.org.programs.find((p) => p.id === wanted);
  }

  /** The service's one `->points-str`: `(str bd)`, or of the BigDecimal stripped of trailing zeros. */
  private text(value: BigDec): string {
    return (this.options.pointsAvailableStripped ? stripped(value) : value).toString();
  }

  private enrolled(customer: CustomerRow, program: number): boolean {
    return this.db.main(customer.id, program) !== undefined;
  }

  /** POST /v2/customers/lookup/negativePointsAdjustment. */
  async deduct(req: RingRequest, caller: Caller): Promise<RingResponse> {
    requirePoints(caller);
    const body = coerceBody(req.bodyParams, {
      pointsToBeAdjusted: { schema: or(number, string()) },
      programId: { schema: int, optional: true },
      reasonOfReturn: { schema: string({ max: 50 }), optional: true },
      pointsAwardedId: { schema: int, optional: true },
      promotionId: { schema: int, optional: true },
      promotionIdentifier: { schema: string(), optional: true },
      pointsAwardedRefType: { schema: string(), optional: true },
    });
    const q = req.queryParams;
    const name = q.get('identifierName');
    if (!name || !['externalId', 'mobile'].includes(name)) invalidIdentifier();
    if (!NPA_SOURCES.includes(q.get('source') ?? '')) invalidSource();
    const customer = findCustomer(caller, name as string, q.get('identifierValue') ?? '') ?? notFound();

    const amount =
      bigdec(body.pointsToBeAdjusted as Json) ?? badRequest('pointsToBeAdjusted must be a number');
    if (amount.signum() === 0) capillaryError(8888, 'Points cannot be zero');
    if (amount.signum() < 0) badRequest('pointsToBeAdjusted should be > 0');
    const programId = body.programId instanceof JLong ? body.programId.value : undefined;
    const program = this.program(caller, programId);
    if (!program || !this.enrolled(customer, program.id))
      capillaryError(1218, 'Customer is not enrolled in the program');
    const { id: pid, roundDecimals } = program as ProgramRow;
    const places = this.options.decimalsByScale ? Math.max(amount.scale, 0) : amount.decimals();
    if (places > roundDecimals)
      capillaryError(
        8906,
        `decimal places passed: ${places} is greater than the configured round decimals: ${roundDecimals} for programId: ${pid}`,
      );
    const reason = body.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '')
      capillaryError(8882, 'Reason of return is missing');
    if (body.promotionId !== undefined && body.promotionIdentifier !== undefined)
      badRequest('Either promotionId or promotionIdentifier may be passed, not both');
    if (body.promotionIdentifier !== undefined && programId === undefined)
      capillaryError(8887, 'programId is required with promotionIdentifier');
    if (body.promotionId !== undefined || body.promotionIdentifier !== undefined) {
      const promotion = PROMOTIONS.find(
        (p) =>
          p.org === caller.org.id &&
          (body.promotionId instanceof JLong
            ? BigInt(p.id) === body.promotionId.value
            : p.identifier === body.promotionIdentifier),
      );
      if (!promotion) capillaryError(8874, 'Invalid promotion id');
    }
    if (body.pointsAwardedRefType !== undefined && !REF_TYPES.includes(body.pointsAwardedRefType as string))
      capillaryError(9975, 'Invalid pointsAwardedRefType');
    if (body.pointsAwardedId instanceof JLong) {
      const award = body.pointsAwardedId.value;
      if (!AWARDS.some((a) => BigInt(a.id) === award && a.customer === customer.id))
        capillaryError(8877, 'Invalid pointsAwardedId');
    }

    const available = await this.db.transaction(async (tx) => {
      await tx.forUpdate('main_points', `${customer.id}:${pid}`);
      const balance = this.db.main(customer.id, pid) ?? numeric(BigDec.long(0));
      if (!caller.org.negativeOnReturn && amount.compareTo(balance) > 0)
        capillaryError(
          8907,
          `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      this.db.setMain(tx, customer.id, pid, balance.subtract(amount));
      return this.db.main(customer.id, pid) as BigDec;
    });
    return ok({
      status: 'success',
      pointsAvailable: this.text(available),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  }

  /** POST /v2/points/unlockPromisedPoints. */
  async unlock(req: RingRequest, caller: Caller): Promise<RingResponse> {
    const body = coerceBody(req.bodyParams, {
      eventName: { schema: string(), optional: true },
      billNumber: { schema: or(string(), int), optional: true },
      eventLogId: { schema: or(int, vectorOf(int)), optional: true },
      lineItemIds: { schema: vectorOf(int), optional: true },
      itemCodes: { schema: vectorOf(string()), optional: true },
      billDate: { schema: string(), optional: true },
      sourceStoreId: { schema: int, optional: true },
      sourceTillId: { schema: int, optional: true },
      sourceTilId: { schema: int, optional: true },
      sourceProgramId: { schema: int, optional: true },
    });
    const q = req.queryParams;
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source)
      capillaryError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') capillaryError(1645, 'Group details passed are not valid.');
    if (type !== 'CUSTOMER') capillaryError(82323276, 'Entity type invalid.');
    if (!['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'].includes(name as string))
      invalidIdentifier();
    if (!UPP_SOURCES.includes(source as string)) invalidSource();
    const customer = findCustomer(caller, name as string, value as string) ?? notFound();

    if (body.billNumber === undefined || body.billNumber === '')
      capillaryError(82323271, 'Bill number missing.');
    if (typeof body.eventName !== 'string' || body.eventName.trim() === '')
      capillaryError(82323272, 'Event name not found.');
    const billNumber =
      body.billNumber instanceof JLong ? body.billNumber.value.toString() : String(body.billNumber);
    const bill =
      BILLS.find(
        (b) => b.org === caller.org.id && b.customer === customer.id && b.billNumber === billNumber,
      ) ?? capillaryError(82323277, 'No bill found for given bill number.');
    if (body.eventName !== bill.eventName) capillaryError(82323272, 'Event name not found.');
    if (body.eventLogId !== undefined) {
      const logs = Array.isArray(body.eventLogId) ? body.eventLogId : [body.eventLogId];
      if (!logs.every((l) => l instanceof JLong && l.value === BigInt(bill.eventLogId)))
        capillaryError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    }
    if (body.billDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(body.billDate as string))
      badRequest('billDate should be YYYY-MM-DD');
    const lineItemIds = ((body.lineItemIds ?? []) as JLong[]).map((l) => l.value);
    const itemCodes = (body.itemCodes ?? []) as string[];
    const filtered = lineItemIds.length > 0 || itemCodes.length > 0;
    const lines = bill.lines.filter(
      (l) =>
        !this.db.isUnlocked(l.id) &&
        (!filtered ||
          (l.lineItemId !== undefined && lineItemIds.includes(BigInt(l.lineItemId))) ||
          (l.itemCode !== undefined && itemCodes.includes(l.itemCode))),
    );
    if (lines.length === 0) capillaryError(82323282, 'No promise points found to unlock.');

    const unlocked = await this.db
      .transaction(async (tx) => {
        const done: LineRow[] = [];
        for (const line of [...lines].sort((a, b) => a.id - b.id)) {
          await this.db.insertUnlocked(tx, line.id);
          done.push(line);
        }
        for (const line of done) {
          await tx.forUpdate('main_points', `${customer.id}:${line.programId}`);
          const main = this.db.main(customer.id, line.programId) ?? numeric(BigDec.long(0));
          this.db.setMain(tx, customer.id, line.programId, main.add(BigDec.of(line.points) as BigDec));
        }
        return done;
      })
      .catch((error: unknown) => {
        if (error instanceof UniqueViolation) capillaryError(82323282, 'No promise points found to unlock.');
        throw error;
      });
    const echoed: Json = this.options.echoBillNumber ? (body.billNumber as Json) : bill.billNumber;
    return ok({
      pointsUnlocked: bill.lines.filter((l) => unlocked.includes(l)).map((l) => this.unlockedLine(echoed, l)),
      warnings: [],
    });
  }

  private unlockedLine(billNumber: Json, line: LineRow): Json {
    const stored = numeric(BigDec.of(line.points) as BigDec);
    const points: Json = this.options.figuresAsStrings ? this.text(stored) : stored;
    if (this.options.wholeRows) {
      const promotion = PROMOTIONS.find((p) => p.id === line.promotionId);
      return {
        billNumber,
        itemCode: line.itemCode ?? null,
        pointsUnlocked: points,
        programId: new JLong(BigInt(line.programId)),
        promotionIdentifier: promotion?.identifier ?? null,
        promotionId: promotion ? new JLong(BigInt(promotion.id)) : null,
        promotionName: promotion?.name ?? null,
      };
    }
    if (line.promotionId !== undefined) {
      const promotion = PROMOTIONS.find((p) => p.id === line.promotionId);
      return {
        pointsUnlocked: points,
        programId: new JLong(BigInt(line.programId)),
        promotionIdentifier: promotion?.identifier ?? null,
        promotionId: new JLong(BigInt(line.promotionId)),
        promotionName: promotion?.name ?? null,
      };
    }
    return line.itemCode === undefined
      ? { billNumber, pointsUnlocked: points, programId: new JLong(BigInt(line.programId)) }
      : {
          billNumber,
          itemCode: line.itemCode,
          pointsUnlocked: points,
          programId: new JLong(BigInt(line.programId)),
        };
  }

  /** GET /v2/customers/lookup/points/balance. */
  async balance(req: RingRequest, caller: Caller): Promise<RingResponse> {
    requirePoints(caller);
    const query = coerceQuery(req.queryParams, { programId: 'int', fetchDataForAllPrograms: 'boolean' });
    const q = req.queryParams;
    const source = q.get('source');
    if (source !== null && !BALANCE_SOURCES.includes(source)) invalidSource();
    const customer = this.lookupBalance(
      caller,
      q.get('identifierName') ?? '',
      q.get('identifierValue') ?? '',
    );
    const all = query.fetchDataForAllPrograms === true;
    let programs: number[];
    if (all) programs = caller.org.programs.map((p) => p.id).filter((p) => this.enrolled(customer, p));
    else {
      const program = this.program(caller, query.programId as bigint | undefined);
      if (!program || (!this.enrolled(customer, program.id) && !this.options.zerosWhenNotEnrolled))
        capillaryError(1218, 'Customer is not enrolled in the program');
      programs = [(program as ProgramRow).id];
    }
    let main = numeric(BigDec.long(0));
    let delayed = numeric(BigDec.long(0));
    let external = numeric(BigDec.long(0));
    for (const p of programs) {
      main = main.add(this.db.main(customer.id, p) ?? numeric(BigDec.long(0)));
      const promised = this.db.promised(customer.id, p);
      delayed = delayed.add(promised.delayed);
      external = external.add(promised.external);
    }
    const promised = delayed.add(external);
    const figure = (value: BigDec): Json => (this.options.figuresAsStrings ? this.text(value) : value);
    return ok({
      entityId: new JLong(BigInt(customer.id)),
      entityType: 'CUSTOMER',
      totalPoints: figure(main.add(promised)),
      mainPoints: figure(main),
      promisedPoints: figure(promised),
      promisedPointsBreakup: {
        delayedAccrualPoints: figure(delayed),
        externalTriggerBasedPoints: figure(external),
      },
      warnings: [],
    });
  }

  /** The balance page's lookup, comma-separated lists decided by the primary identifier. */
  private lookupBalance(caller: Caller, names: string, values: string): CustomerRow {
    const known = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'];
    const nameList = names.split(',').map((n) => n.trim());
    const valueList = values.split(',').map((v) => v.trim());
    if (nameList.some((n) => !known.includes(n))) invalidIdentifier();
    const primary = this.options.dualPrimary;
    if (primary === undefined) {
      if (nameList.length > 1) invalidIdentifier();
      return findCustomer(caller, nameList[0] as string, values) ?? notFound();
    }
    if (nameList.length !== valueList.length) notFound();
    const at = nameList.indexOf(primary);
    if (at < 0) notFound();
    return findCustomer(caller, primary, valueList[at] as string) ?? notFound();
  }
}
