import { readAmount } from './amounts.ts';
import { PRINCIPAL } from './auth.ts';
import type { Bill, Credential, Customer, Org, Tables } from './data.ts';
import { type HttpRequest, type HttpResponse, jsonBody, jsonResponse } from './drogon.ts';
import {
  isIntegral,
  JsonInt,
  type JsonObject,
  JsonReal,
  type JsonValue,
  type OutValue,
  writeJson,
} from './jsoncpp.ts';
import { ApiError, findCustomer, NOT_FOUND } from './lookup.ts';
import { checkRange, type Database, numericDouble, numericText, SqlError, toNumeric } from './postgres.ts';

export interface CapillaryOptions {
  /** pointsAvailable and pointsUnlocked as the NUMERIC column's text ("670.000", default) or through std::stod as a double. */
  readonly figures?: 'numeric-text' | 'double';
  /** The bucket a bill's promised points are reported in: external trigger based (default) or delayed accrual. */
  readonly billPromised?: 'external' | 'delayed';
  /** Query enums read with `magic_enum::enum_cast(…, magic_enum::case_insensitive)`: "instore" is INSTORE. */
  readonly enumsAnyCase?: boolean;
  /** String fields read with jsoncpp's `asString()`: a number or a bool converted, an array or object a LogicError (400). */
  readonly asString?: boolean;
  /**
   * The balance's query read with Drogon's `getOptionalParameter<T>`: `fromString<bool>` ("1",
   * "true" in any case; a word is no value) and `fromString<long long>` (`std::stoll`: the leading
   * digits of "4002abc" or "4002.5", a word no value).
   */
  readonly optionalParameters?: boolean;
}

const NPA_NAMES = new Set(['externalId', 'mobile']);
const UNLOCK_NAMES = new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']);
const BALANCE_NAMES = new Set(['mobile', 'email', 'externalId', 'id', 'cuid']);
const NPA_SOURCES = new Set([
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
const UNLOCK_SOURCES = new Set([
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
const BALANCE_SOURCES = new Set([...NPA_SOURCES, ...UNLOCK_SOURCES]);
const REF_TYPES = new Set([
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
]);
const REASON_LIMIT = 50;

const envelope = (error: ApiError) =>
  jsonResponse(error.status, {
    errors: [{ code: BigInt(error.code), message: error.message, status: false }],
    warnings: [],
  });

/** The vendor's controllers of the three Capillary pages, over the ORM's transactions. */
export class CapillaryControllers {
  constructor(
    private readonly tables: Tables,
    private readonly db: Database,
    private readonly options: CapillaryOptions,
  ) {}

  /** Every ApiError the controller throws becomes the page's envelope; SQLSTATEs it knows are mapped. */
  guarded(handler: (req: HttpRequest, org: Org) => Promise<HttpResponse>) {
    return async (req: HttpRequest): Promise<HttpResponse> => {
      const org = this.tables.orgs.get((req.attributes.get(PRINCIPAL) as Credential).org) as Org;
      try {
        return await handler(req, org);
      } catch (error) {
        if (error instanceof ApiError) return envelope(error);
        if (error instanceof SqlError && error.sqlState === '22003')
          return envelope(new ApiError(8888, 'points to be adjusted out of range'));
        throw error;
      }
    };
  }

  private figure(value: bigint): OutValue {
    return this.options.figures === 'double' ? numericDouble(value) : numericText(value);
  }

  /** A query enum as the vendor's enum_cast reads it, in its declared spelling. */
  private enumValue(values: ReadonlySet<string>, text: string): string | undefined {
    if (values.has(text)) return text;
    if (!this.options.enumsAnyCase) return undefined;
    return [...values].find((v) => v.toLowerCase() === text.toLowerCase());
  }

  /** A String field of the body: as written, or through `asString()`. */
  private text(v: JsonValue | undefined): string | undefined {
    if (typeof v === 'string') return v;
    if (!this.options.asString || v === undefined) return undefined;
    if (v === null) return '';
    if (typeof v === 'boolean') return String(v);
    if (v instanceof JsonInt) return v.value.toString();
    if (v instanceof JsonReal) return writeJson(v.value, 'significant17');
    throw new ApiError(400, 'Invalid request: Type is not convertible to string');
  }

  readonly deduct = async (req: HttpRequest, org: Org): Promise<HttpResponse> => {
    const name = this.enumValue(NPA_NAMES, req.parameters.get('identifierName') ?? '') ?? '';
    if (!NPA_NAMES.has(name)) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (!this.enumValue(NPA_SOURCES, req.parameters.get('source') ?? ''))
      throw new ApiError(8003, 'Invalid source');
    const value = req.parameters.get('identifierValue') ?? '';
    if (!value) throw NOT_FOUND();
    const customer = findCustomer(this.tables, org, NPA_NAMES, name, value, false);
    const body = jsonBody(req);
    if (!body.ok) throw new ApiError(400, `Invalid request: ${body.reason}`);
    const json = body.json;
    const reason = this.text(json.reasonOfReturn);
    if (reason === undefined || reason.trim() === '') throw new ApiError(8882, 'reasonOfReturn is required');
    const amount = readAmount(json.pointsToBeAdjusted);
    const programId = optionalId(
      json,
      'programId',
      () => new ApiError(1218, 'Customer is not enrolled in the program'),
    );
    const promotionId = optionalId(json, 'promotionId', () => new ApiError(8874, 'Invalid promotion id'));
    const promotionIdentifier = optionalText(
      json,
      'promotionIdentifier',
      () => new ApiError(8874, 'Invalid promotion id'),
    );
    if (promotionId !== undefined && promotionIdentifier !== undefined)
      throw new ApiError(8874, 'promotionId and promotionIdentifier cannot be passed together');
    if (promotionIdentifier !== undefined && programId === undefined)
      throw new ApiError(8887, 'programId is required when promotionIdentifier is passed');
    const program = programId === undefined ? org.defaultProgramId : Number(programId);
    if (promotionId !== undefined || promotionIdentifier !== undefined) {
      const promotion = this.tables.promotions.find(
        (p) =>
          p.org === org.id &&
          (promotionId !== undefined ? BigInt(p.id) === promotionId : p.identifier === promotionIdentifier),
      );
      if (!promotion || (programId !== undefined && promotion.programId !== program))
        throw new ApiError(8874, 'Invalid promotion id');
    }
    const awardId = optionalId(json, 'pointsAwardedId', () => new ApiError(8877, 'Invalid pointsAwardedId'));
    if (awardId !== undefined && this.tables.awards.get(awardId) !== customer.entityId)
      throw new ApiError(8877, 'Invalid pointsAwardedId');
    const refType = optionalText(
      json,
      'pointsAwardedRefType',
      () => new ApiError(9975, 'Invalid pointsAwardedRefType'),
    );
    if (refType !== undefined && !REF_TYPES.has(refType))
      throw new ApiError(9975, 'Invalid pointsAwardedRefType');
    const roundDecimals = org.programs.get(program);
    const key = `${customer.entityId}:${program}`;
    if (roundDecimals === undefined || !this.tables.enrolments.has(key))
      throw new ApiError(1218, 'Customer is not enrolled in the program');
    if (amount.decimals > roundDecimals)
      throw new ApiError(
        8906,
        `decimal places passed: ${amount.decimals} is greater than the configured round decimals: ${roundDecimals} for programId: ${program}`,
      );
    const points = toNumeric(amount.text);
    const available = await this.db.transaction(async (tx) => {
      await tx.lock(`enrolments/${key}`);
      const row = this.tables.enrolments.get(key) as { main: bigint };
      if (!org.negativeBalanceOnReturn && points > row.main)
        throw new ApiError(
          8907,
          `points to be deducted ${amount.text} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      // INSERT INTO adjustments (…, reason VARCHAR(50)): Postgres counts characters, not bytes.
      await tx.statement();
      if ([...reason].length > REASON_LIMIT)
        throw new ApiError(8882, `reasonOfReturn must be at most ${REASON_LIMIT} characters`);
      const next = checkRange(row.main - points);
      await tx.statement();
      row.main = next;
      return next;
    });
    return jsonResponse(200, {
      message: 'points deducted successfully for the user ',
      pointsAvailable: this.figure(available),
      status: 'success',
      warnings: [],
    });
  };

  readonly unlock = async (req: HttpRequest, org: Org): Promise<HttpResponse> => {
    const given = req.parameters.get('identifierName') ?? '';
    const name = this.enumValue(UNLOCK_NAMES, given) ?? given;
    const value = req.parameters.get('identifierValue') ?? '';
    const source = req.parameters.get('source') ?? '';
    if (!name || !value || !source)
      throw new ApiError(82323284, 'identifierName, identifierValue, or source cannot be empty.');
    const type = req.parameters.get('type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') throw new ApiError(1645, 'Group details passed are not valid.');
    if (type !== 'CUSTOMER') throw new ApiError(82323276, 'Entity type invalid.');
    if (!this.enumValue(UNLOCK_SOURCES, source)) throw new ApiError(8003, 'Invalid source');
    const customer = findCustomer(this.tables, org, UNLOCK_NAMES, name, value, false);
    const body = jsonBody(req);
    if (!body.ok) throw new ApiError(400, `Invalid request: ${body.reason}`);
    const json = body.json;
    const billNumber = json.billNumber;
    if (billNumber === undefined || billNumber === null || billNumber === '')
      throw new ApiError(82323271, 'Bill number missing.');
    const eventName = this.text(json.eventName);
    if (eventName === undefined || eventName === '') throw new ApiError(82323272, 'Event name not found.');
    const number =
      typeof billNumber === 'string' ? billNumber : isIntegral(billNumber) ? intText(billNumber) : undefined;
    const bill = this.tables.bills.find(
      (b) => b.org === org.id && b.customer === customer.entityId && b.billNumber === number,
    );
    if (!bill) throw new ApiError(82323277, 'No bill found for given bill number.', 404);
    if (bill.eventName !== eventName) throw new ApiError(82323272, 'Event name not found.');
    if (!eventLogMatches(json.eventLogId, bill))
      throw new ApiError(3918, 'Error unlocking points: no eventLog found for given eventLogId.', 404);
    const selected = selectLines(json, bill);
    const unlocked = await this.db.transaction(async (tx) => {
      await tx.lock(`bills/${bill.billNumber}`);
      // INSERT INTO unlocked_lines: the unique index refuses a line unlocked before (23505), mapped to 82323282.
      const moved = selected.filter((i) => !this.tables.unlocked.has(`${bill.billNumber}#${i}`));
      await tx.statement();
      if (moved.length === 0) throw new ApiError(82323282, 'No promise points found to unlock.');
      const rows = new Map<string, bigint>();
      for (const i of moved) {
        const line = bill.lines[i] as Bill['lines'][number];
        const key = `${customer.entityId}:${line.programId}`;
        await tx.lock(`enrolments/${key}`);
        rows.set(key, (rows.get(key) ?? 0n) + line.points);
      }
      // COMMIT: under READ COMMITTED no reader sees the lines unlocked before the points moved.
      for (const [key, points] of rows) {
        const row = this.tables.enrolments.get(key) as { main: bigint };
        row.main = checkRange(row.main + points);
      }
      for (const i of moved) this.tables.unlocked.add(`${bill.billNumber}#${i}`);
      return moved;
    });
    return jsonResponse(200, {
      pointsUnlocked: unlocked.map((i): OutValue => {
        const line = bill.lines[i] as Bill['lines'][number];
        const points = this.figure(line.points);
        const programId = BigInt(line.programId);
        if (line.promotion)
          return {
            pointsUnlocked: points,
            programId,
            promotionId: BigInt(line.promotion.id),
            promotionIdentifier: line.promotion.identifier,
            promotionName: line.promotion.name,
          };
        if (line.itemCode)
          return { billNumber: bill.billNumber, itemCode: line.itemCode, pointsUnlocked: points, programId };
        return { billNumber: bill.billNumber, pointsUnlocked: points, programId };
      }),
      warnings: [],
    });
  };

  readonly balance = async (req: HttpRequest, org: Org): Promise<HttpResponse> => {
    if (!this.enumValue(BALANCE_SOURCES, req.parameters.get('source') ?? ''))
      throw new ApiError(8003, 'Invalid source');
    const given = req.parameters.get('identifierName') ?? '';
    const name = given
      .split(',')
      .map((n) => this.enumValue(BALANCE_NAMES, n) ?? n)
      .join(',');
    const value = req.parameters.get('identifierValue') ?? '';
    if (!name) throw new ApiError(8013, 'Lookup,Invalid identifier passed');
    if (!value) throw NOT_FOUND();
    const customer: Customer = findCustomer(this.tables, org, BALANCE_NAMES, name, value, true);
    const flag = req.parameters.get('fetchDataForAllPrograms');
    const all = this.options.optionalParameters ? drogonBool(flag) === true : flag === 'true';
    const programText = this.options.optionalParameters
      ? stoll(req.parameters.get('programId'))
      : req.parameters.get('programId');
    let programs: number[];
    if (all) programs = [...org.programs.keys()];
    else {
      const program =
        programText === undefined || programText === '' ? org.defaultProgramId : Number(programText);
      if (
        !Number.isInteger(program) ||
        !/^[0-9]*$/.test(programText ?? '') ||
        !this.tables.enrolments.has(`${customer.entityId}:${program}`)
      )
        throw new ApiError(1218, 'Customer is not enrolled in the program');
      programs = [program];
    }
    // SELECT sum(main), sum(delayed) … : NUMERIC sums, each read back through std::stod.
    let main = 0n;
    let delayed = 0n;
    let external = 0n;
    for (const program of programs) {
      const row = this.tables.enrolments.get(`${customer.entityId}:${program}`);
      if (!row) continue;
      main += row.main;
      delayed += row.delayed;
      if (this.options.billPromised === 'delayed')
        delayed += this.tables.promisedOnBills(customer.entityId, program);
      else external += this.tables.promisedOnBills(customer.entityId, program);
    }
    return jsonResponse(200, {
      entityId: customer.entityId,
      entityType: 'CUSTOMER',
      mainPoints: numericDouble(main),
      promisedPoints: numericDouble(delayed + external),
      promisedPointsBreakup: {
        delayedAccrualPoints: numericDouble(delayed),
        externalTriggerBasedPoints: numericDouble(external),
      },
      totalPoints: numericDouble(main + delayed + external),
      warnings: [],
    });
  };
}

function intText(v: JsonInt | JsonReal): string {
  return v instanceof JsonInt ? v.value.toString() : BigInt(v.value).toString();
}

/** An optional Integer field: absent or null is not passed; anything but an integer is refused. */
function optionalId(json: JsonObject, field: string, refuse: () => ApiError): bigint | undefined {
  const v = json[field];
  if (v === undefined || v === null) return undefined;
  if (!isIntegral(v)) throw refuse();
  return BigInt(intText(v));
}

function optionalText(json: JsonObject, field: string, refuse: () => ApiError): string | undefined {
  const v = json[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') throw refuse();
  return v;
}

/** eventLogId as the example's integer, the table's array, or digits in a string. */
function eventLogMatches(v: JsonValue | undefined, bill: Bill): boolean {
  if (v === undefined || v === null) return true;
  const ids = Array.isArray(v) ? v : [v];
  return ids.every((id) => {
    if (isIntegral(id)) return BigInt(intText(id)) === bill.eventLogId;
    return typeof id === 'string' && /^[0-9]+$/.test(id) && BigInt(id) === bill.eventLogId;
  });
}

/**
 * The bill's lines an unlock names: those of its lineItemIds or itemCodes (either list), in
 * sourceProgramId when given; with neither list, every line of the bill (its promotion's too).
 */
function selectLines(json: JsonObject, bill: Bill): number[] {
  // The vendor checks isArray() first: jsoncpp iterates a scalar as an empty range, which would
  // read a malformed filter as none and unlock the whole bill.
  const list = <T>(field: string, accept: (v: JsonValue) => T | undefined): T[] | undefined => {
    const v = json[field];
    if (v === undefined || v === null) return undefined;
    const items = Array.isArray(v) ? v.map(accept) : undefined;
    if (!items || items.some((item) => item === undefined))
      throw new ApiError(400, `Invalid request: ${field}`);
    return items as T[];
  };
  const ids = list('lineItemIds', (v) => (isIntegral(v) ? BigInt(intText(v)) : undefined));
  const codes = list('itemCodes', (v) => (typeof v === 'string' ? v : undefined));
  const sourceProgram = json.sourceProgramId;
  if (sourceProgram !== undefined && sourceProgram !== null && !isIntegral(sourceProgram))
    throw new ApiError(400, 'Invalid request: sourceProgramId');
  const program = isIntegral(sourceProgram) ? Number(intText(sourceProgram)) : undefined;
  const filtered = (ids && ids.length > 0) || (codes && codes.length > 0);
  const out: number[] = [];
  bill.lines.forEach((line, i) => {
    if (program !== undefined && line.programId !== program) return;
    if (filtered) {
      const byId = line.lineItemId !== undefined && ids?.includes(line.lineItemId);
      const byCode = line.itemCode !== undefined && codes?.includes(line.itemCode);
      if (!byId && !byCode) return;
    }
    out.push(i);
  });
  return out;
}

function drogonBool(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  if (text === '1') return true;
  if (text === '0') return false;
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** std::stoll's reading: leading spaces and a sign, then the digits it finds; none is no value. */
function stoll(text: string | undefined): string | undefined {
  const match = text === undefined ? null : /^\s*([+-]?[0-9]+)/.exec(text);
  return match ? String(BigInt(match[1] as string)) : undefined;
}
