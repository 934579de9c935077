import type { Bill, Customer, Org, Tables } from './data.ts';
import { parseNumeric, significantScale, toMilli } from './numeric.ts';
import { type Database, Numeric, PgError, raise } from './postgres.ts';

/**
 * The vendor's PL/pgSQL functions (`supabase/migrations/*_loyalty.sql`), SECURITY DEFINER, called
 * through PostgREST's /rpc with named arguments. Each raises the page's code in HINT; the Edge
 * Function maps it. Promised points of a bill are its lines not yet in `unlocked_lines` (a unique
 * index on line_id), counted as external-trigger-based points.
 */
export type Args = Record<string, unknown>;

/** PostgREST's argument casts: a JSON number or numeric text into an integer parameter, else 22P02. */
function int(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const text =
    typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
  if (text === undefined || !/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new PgError(
      '22P02',
      `invalid input syntax for type integer: "${typeof value === 'object' ? JSON.stringify(value) : String(value)}"`,
    );
  return Number(text);
}

/** An integer[] parameter: a JSON array of integers (a scalar is no array literal: 22P02). */
function ints(value: unknown): number[] | null {
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value))
    throw new PgError('22P02', `malformed array literal: "${JSON.stringify(value)}"`);
  return value.map((v) => int(v) as number);
}

/** A text parameter: a JSON scalar's text. */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];

export class Functions {
  /** unlocked_lines, with its unique index on line_id. */
  private readonly unlocked = new Set<number>();
  private readonly adjustments: { customerId: number; reason: string }[] = [];

  constructor(
    private readonly tables: Tables,
    private readonly db: Database,
  ) {}

  /** lookup_customer(org, names text[], values text[]): dual eligibility decides by the primary. */
  private lookup(orgId: string, names: string[], values: string[]): Customer {
    const org = this.tables.orgs.get(orgId) as Org;
    let name = names[0] ?? '';
    let value = values[0] ?? '';
    if (names.length !== values.length) raise(8015, 'Customer not found for the given identifiers');
    if (org.primaryIdentifier) {
      const at = names.indexOf(org.primaryIdentifier);
      if (at < 0) raise(8015, 'Customer not found for the given identifiers');
      name = names[at] as string;
      value = values[at] as string;
    } else if (names.length > 1) raise(8013, 'Lookup,Invalid identifier passed');
    // SELECT … INTO STRICT: none or several rows is NO_DATA_FOUND / TOO_MANY_ROWS, both 8015.
    const rows = this.tables.customers.filter((c) => c.org === orgId && c.identifiers[name] === value);
    if (rows.length !== 1) raise(8015, 'Customer not found for the given identifiers');
    return rows[0] as Customer;
  }

  private external(customer: Customer, programId: number): bigint {
    let sum = 0n;
    for (const bill of this.tables.bills)
      if (bill.customerId === customer.id)
        for (const line of bill.lines)
          if (line.programId === programId && !this.unlocked.has(line.lineId)) sum += line.points;
    return sum;
  }

  async negative_points_adjustment(a: Args): Promise<unknown> {
    return this.db.transaction(async (tx) => {
      const org = this.tables.orgs.get(a.p_org as string) as Org;
      const programArg = int(a.p_program_id);
      const promotionId = int(a.p_promotion_id);
      const promotionIdentifier = text(a.p_promotion_identifier);
      const awardedId = int(a.p_points_awarded_id);
      const refType = text(a.p_points_awarded_ref_type);
      if (promotionIdentifier != null && programArg == null)
        raise(8887, 'programId is required when promotionIdentifier is passed');
      if (promotionId != null && promotionIdentifier != null)
        raise(8874, 'Invalid promotion: pass either promotionId or promotionIdentifier, not both');
      const customer = this.lookup(org.id, [a.p_identifier_name as string], [a.p_identifier_value as string]);
      const programId = programArg ?? org.defaultProgramId;
      const program = org.programs.find((p) => p.id === programId);
      if (!program || !customer.accounts.has(programId))
        raise(1218, `Customer is not enrolled in the program ${programId}`);
      if (promotionId != null || promotionIdentifier != null) {
        const promotion = this.tables.promotions.find(
          (p) => p.org === org.id && (p.id === promotionId || p.identifier === promotionIdentifier),
        );
        if (!promotion || (programArg != null && promotion.programId !== programId))
          raise(8874, 'Invalid promotion id');
      }
      if (awardedId != null && this.tables.awards.get(awardedId) !== customer.id)
        raise(8877, 'Invalid pointsAwardedId');
      if (refType != null && !REF_TYPES.includes(refType)) raise(9975, 'Invalid pointsAwardedRefType');
      const amount = a.p_points as string;
      // A function parameter's typmod is discarded: p_points is judged unrounded, and only the
      // UPDATE of the NUMERIC(14,3) column rounds it.
      const exact = parseNumeric(amount);
      if (exact.sign < 0n || /^0+$/.test(exact.digits)) raise(8888, 'Points cannot be zero or negative');
      const decimals = significantScale(amount);
      const rounding = (program as { roundDecimals: number }).roundDecimals;
      if (decimals > rounding)
        raise(
          8906,
          `decimal places passed: ${decimals} is greater than the configured round decimals: ${rounding} for programId: ${programId}`,
        );
      const points = toMilli(amount);
      await tx.forUpdate([`account:${customer.id}:${programId}`]);
      const account = customer.accounts.get(programId) as { main: bigint };
      if (!org.negativeBalanceOnReturn && points > account.main)
        raise(
          8907,
          `points to be deducted ${amount} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
        );
      const after = account.main - points;
      // INSERT INTO point_adjustments(reason VARCHAR(50)): characters, as Postgres counts them.
      const reason = a.p_reason as string;
      if ([...reason].length > 50)
        throw new PgError('22001', 'value too long for type character varying(50)');
      tx.writes.push(() => {
        account.main -= points;
        this.adjustments.push({ customerId: customer.id, reason });
      });
      return { points_available: new Numeric(after) };
    });
  }

  async unlock_promised_points(a: Args): Promise<unknown> {
    return this.db.transaction(async (tx) => {
      const logIds = ints(a.p_event_log_ids);
      const lineItems = ints(a.p_line_item_ids);
      const codes = Array.isArray(a.p_item_codes)
        ? a.p_item_codes.map((c) => text(c) as string)
        : (ints(a.p_item_codes) as null); // null, or 22P02 for a scalar (no array literal)
      for (const field of [a.p_source_store_id, a.p_source_till_id, a.p_source_program_id]) int(field);
      const customer = this.lookup(
        a.p_org as string,
        [a.p_identifier_name as string],
        [a.p_identifier_value as string],
      );
      const bill = this.tables.bills.find(
        (b) => b.customerId === customer.id && b.billNumber === a.p_bill_number,
      ) as Bill | undefined;
      if (!bill) return raise(82323277, 'No bill found for given bill number');
      await tx.forUpdate([
        `bill:${bill.billNumber}`,
        ...[...customer.accounts.keys()].map((p) => `account:${customer.id}:${p}`),
      ]);
      if (bill.eventName !== a.p_event_name) raise(82323272, 'Event name not found');
      if (logIds && !logIds.includes(bill.eventLogId))
        raise(3918, 'Error unlocking points: no eventLog found for given eventLogId');
      const filtered = lineItems || codes;
      const lines = bill.lines.filter(
        (l) =>
          !this.unlocked.has(l.lineId) &&
          (!filtered ||
            (l.lineItemId !== undefined && lineItems?.includes(l.lineItemId)) ||
            (l.itemCode !== undefined && codes?.includes(l.itemCode))),
      );
      if (lines.length === 0) raise(82323282, 'No promise points found to unlock');
      // INSERT INTO unlocked_lines: the unique index refuses a line another session unlocked.
      if (lines.some((l) => this.unlocked.has(l.lineId)))
        throw new PgError(
          '23505',
          'duplicate key value violates unique constraint "unlocked_lines_line_id_key"',
        );
      tx.writes.push(() => {
        for (const line of lines) {
          this.unlocked.add(line.lineId);
          const account = customer.accounts.get(line.programId);
          if (account) account.main += line.points;
        }
      });
      return lines.map((l) =>
        l.promotion
          ? {
              points_unlocked: new Numeric(l.points),
              program_id: l.programId,
              promotion_id: l.promotion.id,
              promotion_identifier: l.promotion.identifier,
              promotion_name: l.promotion.name,
            }
          : {
              bill_number: bill.billNumber,
              item_code: l.itemCode ?? null,
              points_unlocked: new Numeric(l.points),
              program_id: l.programId,
            },
      );
    });
  }

  async points_balance(a: Args): Promise<unknown> {
    return this.db.transaction(() => {
      const org = this.tables.orgs.get(a.p_org as string) as Org;
      const customer = this.lookup(
        org.id,
        a.p_identifier_names as string[],
        a.p_identifier_values as string[],
      );
      let programs: number[];
      if (bool(a.p_all_programs)) programs = [...customer.accounts.keys()];
      else {
        const programId = int(a.p_program_id) ?? org.defaultProgramId;
        if (!customer.accounts.has(programId))
          raise(1218, `Customer is not enrolled in the program ${programId}`);
        programs = [programId];
      }
      let main = 0n;
      let delayed = 0n;
      let external = 0n;
      for (const p of programs) {
        const account = customer.accounts.get(p) as { main: bigint; delayed: bigint };
        main += account.main;
        delayed += account.delayed;
        external += this.external(customer, p);
      }
      return {
        entity_id: customer.id,
        main_points: new Numeric(main),
        delayed_accrual_points: new Numeric(delayed),
        external_trigger_based_points: new Numeric(external),
      };
    });
  }

  /** fabric's members.points: profile_id uuid; pending points wait apart from the available ones. */
  async fabric_adjust_points(a: Args): Promise<unknown> {
    return this.db.transaction(async (tx) => {
      const profileId = uuid(a.p_profile_id as string);
      const points = toMilli(a.p_points as string);
      await tx.forUpdate([`member:${profileId}`]);
      const member = this.tables.fabricMembers.get(profileId);
      if (!member) return raise('MEMBER_NOT_FOUND', `No member with profileId ${profileId}`);
      if (!a.p_pending && member.available + points < 0n)
        raise('INSUFFICIENT_POINTS', "Deduction exceeds the member's available points");
      tx.writes.push(() => {
        if (a.p_pending) member.pending += points;
        else member.available += points;
      });
      return { transaction_code: crypto.randomUUID() };
    });
  }

  async fabric_member_points(a: Args): Promise<unknown> {
    return this.db.transaction(() => {
      const member = this.tables.fabricMembers.get(uuid(a.p_profile_id as string));
      if (!member) return raise('MEMBER_NOT_FOUND', 'No such member');
      return { available: new Numeric(member.available), pending: new Numeric(member.pending) };
    });
  }
}

/** A boolean parameter from query text, as PostgreSQL's boolin reads it. */
function bool(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === 'boolean') return value === true;
  const t = String(value).trim().toLowerCase();
  if (['t', 'tr', 'tru', 'true', 'y', 'ye', 'yes', 'on', '1'].includes(t)) return true;
  if (['f', 'fa', 'fal', 'fals', 'false', 'n', 'no', 'of', 'off', '0'].includes(t)) return false;
  throw new PgError('22P02', `invalid input syntax for type boolean: "${String(value)}"`);
}

/** `text::uuid`: any case, braces, hyphens optional; anything else 22P02. */
function uuid(text: string): string {
  const hex = /^\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})\}?$/i.exec(
    text,
  );
  if (!hex) throw new PgError('22P02', `invalid input syntax for type uuid: "${text}"`);
  return hex.slice(1).join('-').toLowerCase();
}
