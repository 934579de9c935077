import { randomUUID } from 'node:crypto';
import type { Tables } from './data.ts';
import { type HttpRequest, type HttpResponse, jsonBody, jsonResponse } from './drogon.ts';
import { isNumeric, JsonInt, type JsonObject, type JsonValue } from './jsoncpp.ts';
import { checkRange, type Database, numericDouble, SqlError, toNumeric } from './postgres.ts';

/**
 * The vendor's fabric controllers: the points adjustment (a uuid `profile_id` column, NUMERIC
 * available and pending points) and the member inquiry a fabric tenant also has. Refusals in the
 * page's envelope, `errors` naming the field.
 */
const refuse = (status: number, message: string, errors: Record<string, string>) =>
  jsonResponse(status, { data: {}, errors, message, status: BigInt(status) });

/** Postgres uuid input: any case, hyphens optional, braces allowed; written back lower-case and hyphenated. */
export function uuidInput(text: string): string {
  const hex = text.replace(/^\{(.*)\}$/, '$1').replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex) || /^-|--|-$/.test(text.replace(/^\{(.*)\}$/, '$1')))
    throw new SqlError('22P02', `invalid input syntax for type uuid: "${text}"`);
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const optionalText = (json: JsonObject, field: string) => {
  const v: JsonValue | undefined = json[field];
  return v === undefined || v === null || (typeof v === 'string' && v.length >= 1);
};

export class FabricControllers {
  constructor(
    private readonly tables: Tables,
    private readonly db: Database,
  ) {}

  readonly adjust = async (req: HttpRequest): Promise<HttpResponse> => {
    const body = jsonBody(req);
    if (!body.ok) return refuse(400, 'Bad request', { body: body.reason });
    const json = body.json;
    const points = json.points;
    if (!isNumeric(points))
      return refuse(400, 'Bad request', { points: 'points is required and must be a number' });
    // The JSON number to `$1::numeric` as std::to_chars writes it: NUMERIC(14,3) rounds past three decimals.
    const text = points instanceof JsonInt ? points.value.toString() : String(points.value);
    if (/e/i.test(text)) return refuse(400, 'Bad request', { points: 'points is out of range' });
    for (const field of ['pointType', 'billingEntity', 'reasonCode'])
      if (!optionalText(json, field))
        return refuse(400, 'Bad request', { [field]: `${field} must be a non-empty string` });
    const pending = json.setToPending;
    if (pending !== undefined && pending !== null && typeof pending !== 'boolean')
      return refuse(400, 'Bad request', { setToPending: 'setToPending must be a boolean' });
    if (typeof json.profileId !== 'string')
      return refuse(400, 'Bad request', { profileId: 'profileId is required' });
    let profileId: string;
    let amount: bigint;
    try {
      profileId = uuidInput(json.profileId);
      amount = toNumeric(text);
    } catch (error) {
      if (error instanceof SqlError) return refuse(400, 'Bad request', { points: error.message });
      throw error;
    }
    if (amount === 0n) return refuse(400, 'Bad request', { points: 'points cannot be zero' });
    const outcome = await this.db.transaction(async (tx) => {
      await tx.lock(`members/${profileId}`);
      const member = this.tables.members.get(profileId);
      if (!member) return 'unknown' as const;
      await tx.statement();
      if (pending === true) {
        if (amount < 0n && member.pending + amount < 0n) return 'insufficient' as const;
        member.pending = checkRange(member.pending + amount);
      } else {
        if (amount < 0n && member.available + amount < 0n) return 'insufficient' as const;
        member.available = checkRange(member.available + amount);
      }
      return 'done' as const;
    });
    if (outcome === 'unknown')
      return refuse(404, 'Member not found', { profileId: `No member with profileId ${profileId}` });
    if (outcome === 'insufficient')
      return refuse(400, 'Insufficient points', { points: 'not enough points to deduct' });
    const shown = Math.abs(numericDouble(amount)).toFixed(1);
    return jsonResponse(200, {
      data: {
        ExceptionString: '',
        Message: `${shown} points ${amount > 0n ? 'added' : 'deducted'}`,
        futureDate: false,
        transactionCode: randomUUID(),
      },
      errors: {},
      message: 'Member points adjusted',
      status: 200n,
    });
  };

  readonly inquire = async (req: HttpRequest): Promise<HttpResponse> => {
    const raw = decodeURIComponent(req.path.split('/')[4] ?? '');
    let profileId: string;
    try {
      profileId = uuidInput(raw);
    } catch {
      return refuse(400, 'Bad request', { profileId: 'profileId must be a UUID' });
    }
    const member = this.tables.members.get(profileId);
    if (!member)
      return refuse(404, 'Member not found', { profileId: `No member with profileId ${profileId}` });
    return jsonResponse(200, {
      data: [
        {
          pointsBalance: {
            memberPointsAvailable: numericDouble(member.available),
            memberPointsPending: numericDouble(member.pending),
          },
          profileId,
        },
      ],
      errors: {},
      message: 'Member points',
      status: 200n,
    });
  };
}
