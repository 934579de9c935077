import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CapillaryAuth } from './auth.ts';
import type { Bill, BillLine, Credential, Customer, Org } from './data.ts';
import { formatScaled, type Thousandths, toThousandths } from './decimal.ts';
import { identify } from './identify.ts';
import { bindBody, sendJson, sendProblem } from './kestrel.ts';
import { addError, Bound, dec, type ModelState } from './stj.ts';

/**
 * The three Capillary endpoints as an ASP.NET Core controller: [ApiController] model validation
 * first (a conversion failure, a missing required amount or query parameter, a negative amount, a
 * reason over 50 characters, promotionId with promotionIdentifier: 400 ValidationProblemDetails,
 * the documents giving no code for any of them), then the action's documented codes in the
 * Capillary envelope: 404 for what is not found (8015, 82323277, 3918), 403 for the access group,
 * 400 for the rest.
 */

const MESSAGES: Record<number, string> = {
  1218: 'Customer not enrolled in the program',
  1645: 'Group details passed are not valid',
  3918: 'Error unlocking points: no eventLog found for given eventLogId',
  4000: 'Not authorized to access the resource',
  8003: 'Invalid source',
  8013: 'Lookup,Invalid identifier passed',
  8015: 'Customer not found for the given identifiers',
  8874: 'Invalid promotion id',
  8877: 'Invalid pointsAwardedId',
  8882: 'Reason of return is required',
  8887: 'programId is required with promotionIdentifier',
  8888: 'Points cannot be zero',
  8907: 'points to be deducted is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.',
  9975: 'Invalid pointsAwardedRefType',
  82323271: 'Bill number missing',
  82323272: 'Event name not found',
  82323276: 'Entity type invalid',
  82323277: 'No bill found for given bill number',
  82323282: 'No promise points found to unlock',
  82323284: 'identifierName, identifierValue, or source cannot be empty',
};

const NOT_FOUND = new Set([8015, 82323277, 3918]);

/**
 * How the controller answers a documented code: `by-kind` (404 NotFound for what is not found, 400
 * BadRequest for the rest) or 422 (UnprocessableEntity for every code, so that only model
 * validation answers 400). The access group's 4000 is 403 Forbid either way.
 */
export type CodedStatus = 'by-kind' | 422;

function codeSender(codedStatus: CodedStatus) {
  return (res: ServerResponse, code: number, message = MESSAGES[code]): void => {
    const byKind = NOT_FOUND.has(code) ? 404 : 400;
    const status = code === 4000 ? 403 : codedStatus === 422 ? 422 : byKind;
    sendJson(res, status, { errors: [{ status: false, code, message }], warnings: [] });
  };
}

// The deduction page's list (INSTORE twice there).
const NPA_SOURCES =
  'INSTORE MARTJACK WECHAT FACEBOOK WEB_ENGAGE TMALL TAOBAO JD ECOMMERCE WEBSITE LINE ALL'.split(' ');
const UNLOCK_SOURCES = [...NPA_SOURCES.filter((s) => s !== 'ALL'), 'MOBILE_APP'];
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

/** Enum binding: case-insensitive, as Enum.TryParse(ignoreCase) in the model binder. */
const inEnum = (list: string[], v: string) => list.some((s) => s.toLowerCase() === v.trim().toLowerCase());

/** Query values as the binder sees them: an empty value is null. */
function query(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://x').searchParams;
}

function requireQuery(q: URLSearchParams, names: string[], state: ModelState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = q.get(name);
    if (!v) addError(state, name, `The ${name} field is required.`);
    else out[name] = v;
  }
  return out;
}

const promised = (c: Customer, org: Org, programId: number, category: BillLine['category']): Thousandths =>
  org.bills
    .filter((b) => b.customer === c)
    .flatMap((b) => b.lines)
    .filter((l) => !l.unlocked && l.programId === programId && l.category === category)
    .reduce((s, l) => s + l.points, 0n);

export class Capillary {
  constructor(
    private readonly auth: CapillaryAuth,
    status: CodedStatus,
  ) {
    this.sendCode = codeSender(status);
  }

  private readonly sendCode: ReturnType<typeof codeSender>;

  /** POST v2/customers/lookup/negativePointsAdjustment */
  async deduct(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const who = this.auth.authenticate(req, res);
    if (!who) return;
    if (!who.points) return this.sendCode(res, 4000);
    const state: ModelState = {};
    const q = requireQuery(query(req), ['identifierName', 'identifierValue', 'source'], state);
    const body = await bindBody(req, res);
    if (!body) return;
    const b = new Bound(body);
    const amount = b.decimal('pointsToBeAdjusted');
    const programId = b.integer('programId');
    const reason = b.string('reasonOfReturn');
    const awardId = b.integer('pointsAwardedId', 'long');
    const promotionId = b.integer('promotionId');
    const promotionIdentifier = b.string('promotionIdentifier');
    const refType = b.string('pointsAwardedRefType');
    Object.assign(state, b.state);
    if (!b.has('pointsToBeAdjusted'))
      addError(state, 'PointsToBeAdjusted', 'The PointsToBeAdjusted field is required.');
    if (amount?.negative)
      addError(
        state,
        'PointsToBeAdjusted',
        'The field PointsToBeAdjusted must be between 0 and 79228162514264337593543950335.',
      );
    if (reason !== undefined && reason.length > 50)
      addError(
        state,
        'ReasonOfReturn',
        'The field ReasonOfReturn must be a string with a maximum length of 50.',
      );
    if (b.has('promotionId') && b.has('promotionIdentifier'))
      addError(state, 'PromotionId', 'Either promotionId or promotionIdentifier may be passed, not both.');
    if (Object.keys(state).length > 0) return sendProblem(res, 400, state);
    if (!inEnum(NPA_SOURCES, q.source ?? '')) return this.sendCode(res, 8003);
    const org = who.org;
    const found = identify(org, q.identifierName ?? '', q.identifierValue ?? '', false);
    if ('code' in found) return this.sendCode(res, found.code);
    const customer = found.customer;
    if (!reason?.trim()) return this.sendCode(res, 8882);
    if (!amount || amount.units === 0n) return this.sendCode(res, 8888);
    if (promotionIdentifier !== undefined && programId === undefined) return this.sendCode(res, 8887);
    if (promotionId !== undefined && !org.promotions.some((p) => p.id === promotionId))
      return this.sendCode(res, 8874);
    if (
      promotionIdentifier !== undefined &&
      !org.promotions.some((p) => p.identifier === promotionIdentifier)
    )
      return this.sendCode(res, 8874);
    if (refType !== undefined && !inEnum(REF_TYPES, refType)) return this.sendCode(res, 9975);
    if (awardId !== undefined && org.awards.get(awardId) !== customer) return this.sendCode(res, 8877);
    const program = programId ?? org.defaultProgramId;
    const decimals = org.roundDecimals.get(program);
    const points = customer.programs.get(program);
    if (decimals === undefined || !points) return this.sendCode(res, 1218);
    if (amount.scale > decimals)
      return this.sendCode(
        res,
        8906,
        `decimal places passed: ${amount.scale} is greater than the configured round decimals: ${decimals} for programId: ${program}`,
      );
    const value = toThousandths(amount);
    if (!org.negativeBalance && value > points.main)
      return this.sendCode(
        res,
        8907,
        `points to be deducted ${formatScaled(value, amount.scale)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    points.main -= value;
    sendJson(res, 200, {
      status: 'success',
      pointsAvailable: formatScaled(points.main),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  }

  /** GET v2/customers/lookup/points/balance */
  balance(req: IncomingMessage, res: ServerResponse) {
    const who = this.auth.authenticate(req, res);
    if (!who) return;
    const state: ModelState = {};
    const params = query(req);
    const q = requireQuery(params, ['identifierName', 'identifierValue'], state);
    const rawProgram = params.get('programId');
    const rawAll = params.get('fetchDataForAllPrograms');
    const programId = rawProgram ? Number(rawProgram.trim()) : undefined;
    if (rawProgram && !/^\s*-?\d+\s*$/.test(rawProgram))
      addError(state, 'programId', `The value '${rawProgram}' is not valid for programId.`);
    // bool.TryParse: "true"/"false" in any case, nothing else.
    const all = rawAll ? rawAll.trim().toLowerCase() : 'false';
    if (all !== 'true' && all !== 'false')
      addError(
        state,
        'fetchDataForAllPrograms',
        `The value '${rawAll}' is not valid for fetchDataForAllPrograms.`,
      );
    if (Object.keys(state).length > 0) return sendProblem(res, 400, state);
    const source = params.get('source');
    if (source && !inEnum([...NPA_SOURCES, 'MOBILE_APP'], source)) return this.sendCode(res, 8003);
    const org = who.org;
    const found = identify(org, q.identifierName ?? '', q.identifierValue ?? '', true);
    if ('code' in found) return this.sendCode(res, found.code);
    const c = found.customer;
    const program = programId ?? org.defaultProgramId;
    if (all === 'false' && !org.roundDecimals.has(program)) return this.sendCode(res, 1218);
    // A program of the org the customer is not enrolled in holds nothing: zeros.
    const programs = all === 'true' ? [...c.programs.keys()] : [program];
    let [main, delayed, external] = [0n, 0n, 0n];
    for (const p of programs) {
      main += c.programs.get(p)?.main ?? 0n;
      delayed += promised(c, org, p, 'delayed');
      external += promised(c, org, p, 'external');
    }
    sendJson(res, 200, {
      entityId: c.entityId,
      entityType: 'CUSTOMER',
      totalPoints: dec(main + delayed + external),
      mainPoints: dec(main),
      promisedPoints: dec(delayed + external),
      promisedPointsBreakup: {
        delayedAccrualPoints: dec(delayed),
        externalTriggerBasedPoints: dec(external),
      },
      warnings: [],
    });
  }

  /** POST v2/points/unlockPromisedPoints */
  async unlock(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const who = this.auth.authenticate(req, res);
    if (!who) return;
    const params = query(req);
    const body = await bindBody(req, res);
    if (!body) return;
    const b = new Bound(body);
    const eventName = b.string('eventName');
    const billNumber = b.string('billNumber');
    const rawLog = b.raw('eventLogId');
    const eventLogIds: (number | undefined)[] =
      (Array.isArray(rawLog)
        ? b.longs('eventLogId')
        : b.has('eventLogId')
          ? [b.integer('eventLogId', 'long')]
          : []) ?? [];
    const lineItemIds = b.longs('lineItemIds');
    const itemCodes = b.strings('itemCodes');
    const billDate = b.string('billDate');
    for (const n of ['sourceStoreId', 'sourceTillId', 'sourceTilId']) b.integer(n);
    const sourceProgramId = b.integer('sourceProgramId');
    const state = b.state;
    if (billDate !== undefined && !validDate(billDate))
      addError(state, 'BillDate', 'The field BillDate must be a date in the format yyyy-MM-dd.');
    if (Object.keys(state).length > 0) return sendProblem(res, 400, state);
    const [name, value, source] = ['identifierName', 'identifierValue', 'source'].map((k) =>
      params.get(k)?.trim(),
    );
    if (!name || !value || !source) return this.sendCode(res, 82323284);
    const type = params.get('type')?.trim().toUpperCase() || 'CUSTOMER';
    if (type === 'USERGROUP2') return this.sendCode(res, 1645);
    if (type !== 'CUSTOMER') return this.sendCode(res, 82323276);
    if (!inEnum(UNLOCK_SOURCES, source)) return this.sendCode(res, 8003);
    const org = who.org;
    const found = identify(org, name, value, false);
    if ('code' in found) return this.sendCode(res, found.code);
    if (!billNumber?.trim()) return this.sendCode(res, 82323271);
    if (!eventName?.trim()) return this.sendCode(res, 82323272);
    const bill = org.bills.find(
      (x) => x.customer === found.customer && x.billNumber.toLowerCase() === billNumber.trim().toLowerCase(),
    );
    if (!bill) return this.sendCode(res, 82323277);
    if (bill.eventName.toLowerCase() !== eventName.trim().toLowerCase()) return this.sendCode(res, 82323272);
    if (eventLogIds.length > 0 && !eventLogIds.includes(bill.eventLogId)) return this.sendCode(res, 3918);
    const lines = select(bill, sourceProgramId, lineItemIds, itemCodes);
    if (lines.length === 0) return this.sendCode(res, 82323282);
    for (const l of lines) {
      l.unlocked = true;
      const points = bill.customer.programs.get(l.programId);
      if (points) points.main += l.points;
      else bill.customer.programs.set(l.programId, { main: l.points });
    }
    sendJson(res, 200, { pointsUnlocked: lines.map((l) => unlockLine(bill, l)), warnings: [] });
  }
}

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) && d.getUTCMonth() === Number(m[2]) - 1;
}

/** The bill's lines still promised, narrowed by program and by line items or item codes. */
function select(bill: Bill, programId?: number, ids?: number[], codes?: string[]): BillLine[] {
  const wanted = (codes ?? []).filter((c) => c !== null).map((c) => c.toLowerCase());
  const narrowed = (ids?.length ?? 0) > 0 || wanted.length > 0;
  return bill.lines.filter(
    (l) =>
      !l.unlocked &&
      (programId === undefined || l.programId === programId) &&
      (!narrowed ||
        (l.lineItemId !== undefined && (ids ?? []).includes(l.lineItemId)) ||
        (l.itemCode !== undefined && wanted.includes(l.itemCode.toLowerCase()))),
  );
}

/** One answer line per unlocked bill line, every DTO member written (null where it has no value). */
function unlockLine(bill: Bill, l: BillLine) {
  return {
    billNumber: l.promotion ? null : bill.billNumber,
    itemCode: l.itemCode ?? null,
    pointsUnlocked: dec(l.points),
    programId: l.programId,
    promotionIdentifier: l.promotion?.identifier ?? null,
    promotionId: l.promotion?.id ?? null,
    promotionName: l.promotion?.name ?? null,
  };
}

export type { Credential };
