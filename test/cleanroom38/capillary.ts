import type { MuleResponse, Operation, Validated } from './apikit.ts';
import type { Customer, Org } from './data.ts';
import {
  asNumber,
  DwNumber,
  type DwValue,
  decimalPlaces,
  formatted,
  MuleError,
  type Out,
  plain,
  signum,
} from './dataweave.ts';
import { capillaryError, type FieldCodes, handleCapillary, json } from './errors.ts';
import { asJsonNumber, checked, column, SqlError, toDecimal4 } from './mssql.ts';
import { BALANCE_QUERY, NPA_BODY, NPA_QUERY, TOKEN_BODY, UNLOCK_BODY, UNLOCK_QUERY } from './oas.ts';
import type { Caller, Policies } from './policies.ts';
import { type LineRow, type Tables, UNLOCKED_LINE } from './tables.ts';

/**
 * The Capillary flows behind APIkit: the token flow, negativePointsAdjustment, unlockPromisedPoints
 * and the points balance, each a `<try transactionalAction="ALWAYS_BEGIN">` around its SQL and a
 * DataWeave script writing the answer.
 */
export interface CapillaryOptions {
  /** How the script writes pointsAvailable: default `balance as String` ("670.0000"). */
  readonly pointsAvailable?: Figure;
  /** How the script writes an unlock's pointsUnlocked: default the DECIMAL(18,4) as read (15.5000). */
  readonly pointsUnlocked?: Figure;
  /** `skipNullOn="everywhere"` on the unlock's output. */
  readonly skipNulls?: boolean;
  /** A whole-bill unlock answered with one bill line per program (`groupBy $.PROGRAM_ID`), items summed in. */
  readonly groupByProgram?: boolean;
  /** Dual eligibility on in these orgs' balance lookups, with their primary identifier. */
  readonly dualPrimary?: Readonly<Record<string, string>>;
}

/**
 * A DECIMAL(18,4) figure as a DataWeave script may write it: as read (`670.0000`), `as String`
 * ("670.0000"), or formatted `as String {format: "0.####"}` ("670"), then `as Number` (670).
 */
export type Figure = 'decimal' | 'text' | 'formatted-text' | 'formatted-number';

function figure(units: bigint, style: Figure): Out {
  if (style === 'decimal') return asJsonNumber(units);
  if (style === 'text') return asJsonNumber(units).text;
  const text = formatted(column(units));
  return style === 'formatted-text' ? text : new DwNumber(text);
}

const NPA_FIELDS: FieldCodes = {
  'query parameter identifierName': [8013, 'Lookup,Invalid identifier passed'],
  'query parameter source': [8003, 'Invalid source'],
  'body reasonOfReturn': [8882, 'Reason for return is missing'],
  'body pointsAwardedRefType': [9975, 'Invalid pointsAwardedRefType'],
};

const EMPTY_QUERY: readonly [number, string] = [
  82323284,
  'identifierName, identifierValue, or source cannot be empty.',
];
const UNLOCK_FIELDS: FieldCodes = {
  'query parameter identifierName required': EMPTY_QUERY,
  'query parameter identifierName minLength': EMPTY_QUERY,
  'query parameter identifierValue': EMPTY_QUERY,
  'query parameter source required': EMPTY_QUERY,
  'query parameter source minLength': EMPTY_QUERY,
  'body billNumber': [82323271, 'Bill number missing.'],
  'body eventName': [82323272, 'Event name not found.'],
  'query parameter type': [82323276, 'Entity type invalid.'],
};

const BALANCE_FIELDS: FieldCodes = { 'query parameter source': [8003, 'Invalid source'] };
const BALANCE_NAMES = ['mobile', 'email', 'externalId', 'id', 'cuid'];

const NOT_FOUND = () => capillaryError(8015, 'Customer not found for the given identifiers');

export class CapillaryFlows {
  constructor(
    private readonly tables: Tables,
    private readonly policies: Policies,
    private readonly options: CapillaryOptions,
  ) {}

  /** The operations of the vendor's spec, each with its flow's error handler. */
  operations(): Operation[] {
    const flow =
      (run: (input: Validated, who: Caller) => Promise<MuleResponse>) => async (input: Validated) => {
        const who = input.request.principal as Caller | undefined;
        if (!who) throw new Error('the policy let an anonymous request through');
        return run(input, who);
      };
    const handler = (fields: FieldCodes) => (error: unknown) => handleCapillary(error, fields);
    return [
      {
        method: 'POST',
        path: '/v3/oauth/token/generate',
        body: TOKEN_BODY,
        flow: async (i) => this.token(i),
        handle: handler({}),
      },
      {
        method: 'POST',
        path: '/v2/customers/lookup/negativePointsAdjustment',
        query: NPA_QUERY,
        body: NPA_BODY,
        flow: flow((i, who) => this.deduct(i, who)),
        handle: handler(NPA_FIELDS),
      },
      {
        method: 'GET',
        path: '/v2/customers/lookup/points/balance',
        query: BALANCE_QUERY,
        flow: flow((i, who) => this.balance(i, who)),
        handle: handler(BALANCE_FIELDS),
      },
      {
        method: 'POST',
        path: '/v2/points/unlockPromisedPoints',
        query: UNLOCK_QUERY,
        body: UNLOCK_BODY,
        flow: flow((i, who) => this.unlock(i, who)),
        handle: handler(UNLOCK_FIELDS),
      },
    ];
  }

  private async token(input: Validated): Promise<MuleResponse> {
    const { key, secret } = input.body;
    const issued = this.policies.issue(String(key), String(secret));
    if (!issued)
      return json(401, {
        data: null,
        errors: [{ code: 401, message: 'Invalid key or secret', status: false }],
      });
    return json(200, { data: issued, errors: null });
  }

  private async deduct(input: Validated, { org, credential }: Caller): Promise<MuleResponse> {
    if (!credential.points) throw capillaryError(4000, 'Access denied: the Points access group is required');
    const body = input.body;
    const customer = this.tables.customer(
      org,
      input.query.identifierName ?? '',
      input.query.identifierValue ?? '',
    );
    if (!customer) throw NOT_FOUND();
    if (body.promotionId !== undefined && body.promotionIdentifier !== undefined)
      throw new MuleError('APIKIT:BAD_REQUEST', 'promotionId and promotionIdentifier are exclusive');
    if (body.promotionIdentifier !== undefined && (body.programId === undefined || body.programId === null))
      throw capillaryError(8887, 'programId is required when promotionIdentifier is passed');
    const programId = body.programId instanceof DwNumber ? Number(body.programId.text) : org.defaultProgramId;
    const round = org.programs[programId];
    const ledger = this.tables.ledger(customer.id, programId);
    if (round === undefined || !ledger) throw capillaryError(1218, 'Customer is not enrolled in the program');
    this.promotion(org, body, programId);
    if (
      body.pointsAwardedId instanceof DwNumber &&
      !customer.awards?.includes(Number(body.pointsAwardedId.text))
    )
      throw capillaryError(8877, 'Invalid pointsAwardedId');
    const amount = asNumber(body.pointsToBeAdjusted, 'pointsToBeAdjusted');
    if (signum(amount) === 0) throw capillaryError(8888, 'Points cannot be zero');
    if (signum(amount) < 0) throw new MuleError('MULE:EXPRESSION', 'pointsToBeAdjusted should be > 0');
    if (decimalPlaces(amount) > round)
      throw capillaryError(
        8906,
        `decimal places passed: ${decimalPlaces(amount)} is greater than the configured round decimals: ${round} for programId: ${programId}`,
      );
    const units = toDecimal4(amount);
    const after = await this.tables.db.transaction(`ledger:${customer.id}:${programId}`, () => {
      // UPDATE LEDGER SET main = main - :amt WHERE … AND (main >= :amt OR :allowNegative = 1)
      if (ledger.main < units && !org.negativeBalanceOnReturn)
        throw capillaryError(
          8907,
          `points to be deducted ${plain(amount)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      ledger.main = checked(ledger.main - units);
      return ledger.main;
    });
    return json(200, {
      status: 'success',
      pointsAvailable: figure(after, this.options.pointsAvailable ?? 'text'),
      message: 'points deducted successfully for the user ',
      warnings: [],
    });
  }

  private promotion(org: Org, body: Validated['body'], programId: number): void {
    const { promotionId, promotionIdentifier } = body;
    if (promotionId === undefined && promotionIdentifier === undefined) return;
    const found = org.promotions.find((p) =>
      promotionId instanceof DwNumber
        ? String(p.id) === promotionId.text
        : typeof promotionIdentifier === 'string' && this.tables.same(p.identifier, promotionIdentifier),
    );
    if (!found || found.programId !== programId) throw capillaryError(8874, 'Invalid promotion id');
  }

  private async balance(input: Validated, { org }: Caller): Promise<MuleResponse> {
    const customer = this.lookup(org, input.query.identifierName ?? '', input.query.identifierValue ?? '');
    const programs = this.tables.programsOf(customer.id);
    const wanted =
      input.query.fetchDataForAllPrograms === 'true'
        ? programs
        : [input.query.programId === undefined ? org.defaultProgramId : Number(input.query.programId)];
    let main = 0n;
    let delayed = 0n;
    let external = 0n;
    for (const programId of wanted) {
      const ledger = this.tables.ledger(customer.id, programId);
      if (!ledger) continue;
      main += ledger.main;
      external += ledger.external;
      delayed += this.tables.delayed(customer.id, programId);
    }
    return json(200, {
      entityId: customer.id,
      entityType: 'CUSTOMER',
      totalPoints: asJsonNumber(main + delayed + external),
      mainPoints: asJsonNumber(main),
      promisedPoints: asJsonNumber(delayed + external),
      promisedPointsBreakup: {
        delayedAccrualPoints: asJsonNumber(delayed),
        externalTriggerBasedPoints: asJsonNumber(external),
      },
      warnings: [],
    });
  }

  /** The balance's lookup: one identifier, or under dual eligibility a list decided by the primary. */
  private lookup(org: Org, names: string, values: string): Customer {
    const nameList = names.split(',').map((n) => n.trim());
    const valueList = values.split(',').map((v) => v.trim());
    if (nameList.some((n) => !BALANCE_NAMES.includes(n)))
      throw capillaryError(8013, 'Lookup,Invalid identifier passed');
    const primary = this.options.dualPrimary?.[org.id];
    if (!primary) {
      if (nameList.length !== 1) throw capillaryError(8013, 'Lookup,Invalid identifier passed');
      return this.tables.customer(org, nameList[0] ?? '', values) ?? fail();
    }
    if (nameList.length !== valueList.length) throw NOT_FOUND();
    const at = nameList.indexOf(primary);
    if (at < 0) throw NOT_FOUND();
    return this.tables.customer(org, primary, valueList[at] ?? '') ?? fail();
  }

  private async unlock(input: Validated, { org }: Caller): Promise<MuleResponse> {
    const { query, body } = input;
    if (query.type === 'USERGROUP2') throw capillaryError(1645, 'Group details passed are not valid.');
    const customer = this.tables.customer(org, query.identifierName ?? '', query.identifierValue ?? '');
    if (!customer) throw NOT_FOUND();
    const billNumber = body.billNumber instanceof DwNumber ? body.billNumber.text : String(body.billNumber);
    const moved = await this.tables.db.transaction(`bill:${customer.id}:${billNumber.toLowerCase()}`, () => {
      const lines = this.tables.billLines(org, customer.id, billNumber);
      const bill = lines[0]?.bill;
      if (!bill) throw capillaryError(82323277, 'No bill found for given bill number.');
      if (typeof body.eventName !== 'string' || !this.tables.same(bill.eventName, body.eventName))
        throw capillaryError(82323272, 'Event name not found.');
      const logIds = body.eventLogId === undefined ? [] : ([] as DwValue[]).concat(body.eventLogId);
      if (logIds.some((id) => textOf(id) !== String(bill.eventLogId)))
        throw capillaryError(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
      const chosen = lines.filter((row) => !this.tables.unlocked(row) && this.selected(row, body));
      if (chosen.length === 0) throw capillaryError(82323282, 'No promise points found to unlock.');
      try {
        this.tables.db.insertUnique(
          UNLOCKED_LINE,
          chosen.map((row) => String(row.id)),
        );
      } catch (error) {
        // Another unlock of the bill got there first: the unique index, not a lock, keeps it once.
        if (error instanceof SqlError && error.number === 2627)
          throw capillaryError(82323282, 'No promise points found to unlock.');
        throw error;
      }
      for (const row of chosen) {
        const ledger = this.tables.ledger(customer.id, row.line.programId);
        if (ledger) ledger.main = checked(ledger.main + row.points);
      }
      return chosen;
    });
    const whole = !Array.isArray(body.lineItemIds) && !Array.isArray(body.itemCodes);
    const lines = this.options.groupByProgram && whole ? grouped(moved) : moved;
    return json(200, { pointsUnlocked: this.unlockedLines(lines), warnings: [] }, this.options.skipNulls);
  }

  /** A line is unlocked when no filter is sent, or a line item or item code sent names it. */
  private selected(row: LineRow, body: Validated['body']): boolean {
    if (body.sourceProgramId instanceof DwNumber && Number(body.sourceProgramId.text) !== row.line.programId)
      return false;
    const ids = Array.isArray(body.lineItemIds) ? body.lineItemIds.map(textOf) : [];
    const codes = Array.isArray(body.itemCodes) ? body.itemCodes.map(textOf) : [];
    if (ids.length === 0 && codes.length === 0) return true;
    return (
      (row.line.lineItemId !== undefined && ids.includes(String(row.line.lineItemId))) ||
      (row.line.itemCode !== undefined &&
        codes.some((code) => this.tables.same(code, row.line.itemCode ?? '')))
    );
  }

  /** One entry per bill line: `SELECT … FROM BILL_LINE` mapped field by field (NULL columns written). */
  private unlockedLines(rows: readonly LineRow[]): Out[] {
    return rows.map((row) => {
      const promotion = row.line.promotion;
      return {
        billNumber: promotion ? null : row.bill.billNumber,
        itemCode: row.line.itemCode ?? null,
        pointsUnlocked: figure(row.points, this.options.pointsUnlocked ?? 'decimal'),
        programId: row.line.programId,
        promotionIdentifier: promotion?.identifier ?? null,
        promotionId: promotion?.id ?? null,
        promotionName: promotion?.name ?? null,
      };
    });
  }
}

/** The bill's own lines summed per program, promotion lines kept apart. */
function grouped(rows: readonly LineRow[]): LineRow[] {
  const out: LineRow[] = rows.filter((row) => row.line.promotion);
  for (const row of rows) {
    if (row.line.promotion) continue;
    const at = out.findIndex((o) => !o.line.promotion && o.line.programId === row.line.programId);
    const sum = at < 0 ? undefined : out[at];
    const merged = {
      ...row,
      line: { points: '', programId: row.line.programId },
      points: row.points + (sum?.points ?? 0n),
    };
    if (at < 0) out.unshift(merged);
    else out[at] = merged;
  }
  return out;
}

function fail(): never {
  throw NOT_FOUND();
}

function textOf(value: DwValue): string {
  return value instanceof DwNumber ? value.text : String(value);
}
