import { type CapillaryAuth, capillaryError } from './auth.ts';
import type { PostgrestError, RpcName, SupabaseClient } from './postgrest.ts';

/**
 * The `capillary` Edge Function (Deno 1.4x, `Deno.serve`): routes on the path after `/capillary`,
 * reads the query with `URL.searchParams.get()` (the first of a repeated name) and the body with
 * `req.json()` (whatever the content type; an empty or malformed body caught), checks what the
 * pages ask of each field, and hands the rest to the PL/pgSQL functions through supabase-js's
 * `rpc()`, whose `{ code, details, hint, message }` errors it maps to the pages' envelope. Integer
 * fields go to PostgREST as they came, so "4201" is cast as Postgres casts it.
 */
export interface CapillaryOptions {
  /**
   * How pointsAvailable and pointsUnlocked are written from the double PostgREST gave: `toFixed(3)`
   * text as the pages' examples (default), the number itself, or `String()` of it ("670.5", "670").
   */
  readonly figures?: 'fixed3' | 'number' | 'string';
  /**
   * PostgREST's own statuses passed through: the functions raise `PT404` (8015, 82323277),
   * `PT409` (82323282) and `PT422` (8907), which PostgREST answers with that status, and the
   * function keeps it (else every function error is PostgREST's 400 for P0001).
   */
  readonly postgrestStatus?: boolean;
  /** Only the identifier names and sources each page lists (else the union Capillary's lookup knows). */
  readonly strictLists?: boolean;
}

const NPA_SOURCES = [
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
];
const UNLOCK_SOURCES = [
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
];
const ALL_SOURCES = [...new Set([...NPA_SOURCES, ...UNLOCK_SOURCES])];
const ALL_NAMES = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'];
const NPA_NAMES = ['externalId', 'mobile'];
const UNLOCK_NAMES = ['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT_TEXT = /^\s*\d+(\.\d+)?\s*$/;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, x-client-info, apikey, content-type, x-cap-api-oauth-token',
};

const fail = (code: number, message: string, status = 400) => capillaryError(status, code, message);

/** supabase-js's error to the page's envelope; a SQLSTATE the vendor never expects stays a 500. */
function mapError(error: PostgrestError, status: number): Response {
  switch (error.code) {
    case 'P0001':
    case 'PT404':
    case 'PT409':
    case 'PT422':
      return fail(Number(error.hint), error.message, status);
    case '22P02':
      return fail(400, `Invalid input: ${error.message}`);
    case '22003':
      return fail(8888, 'pointsToBeAdjusted is out of range');
    case '22001':
      return fail(8882, 'reasonOfReturn can not be longer than 50 characters');
    case '23505':
      return fail(82323282, 'No promise points found to unlock');
    default:
      return Response.json({ error: error.message }, { status: 500 });
  }
}

async function jsonObject(req: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await req.json();
    return body !== null && typeof body === 'object' && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function capillaryFunction(
  auth: CapillaryAuth,
  supabase: SupabaseClient,
  options: CapillaryOptions,
): (req: Request) => Promise<Response> {
  const figure = (n: number) =>
    options.figures === 'number' ? n : options.figures === 'string' ? String(n) : n.toFixed(3);
  const call = async <T>(fn: RpcName, args: Record<string, unknown>, ok: (data: T) => Response) => {
    const { data, error, status } = await supabase.rpc<T>(fn, args);
    return error ? mapError(error, options.postgrestStatus ? status : 400) : ok(data as T);
  };

  async function deduct(req: Request, org: string, q: URLSearchParams): Promise<Response> {
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !(options.strictLists ? NPA_NAMES : ALL_NAMES).includes(name))
      return fail(8013, 'Lookup,Invalid identifier passed');
    if (!source || !NPA_SOURCES.includes(source)) return fail(8003, 'Invalid source');
    if (!value) return fail(8015, 'Customer not found for the given identifiers');
    const body = await jsonObject(req);
    if (!body) return fail(400, 'Request body must be a JSON object');
    const points = body.pointsToBeAdjusted;
    if (!(typeof points === 'number' || (typeof points === 'string' && AMOUNT_TEXT.test(points))))
      return fail(8888, 'pointsToBeAdjusted must be a number greater than 0');
    const reason = body.reasonOfReturn;
    if (typeof reason !== 'string' || reason.trim() === '') return fail(8882, 'reasonOfReturn is required');
    for (const field of ['promotionIdentifier', 'pointsAwardedRefType'])
      if (body[field] != null && typeof body[field] !== 'string')
        return fail(400, `${field} must be a string`);
    return call<{ points_available: number }>(
      'negative_points_adjustment',
      {
        p_org: org,
        p_identifier_name: name,
        p_identifier_value: value,
        p_points: String(points).trim(),
        p_program_id: body.programId,
        p_reason: reason,
        p_points_awarded_id: body.pointsAwardedId,
        p_points_awarded_ref_type: body.pointsAwardedRefType,
        p_promotion_id: body.promotionId,
        p_promotion_identifier: body.promotionIdentifier,
      },
      (data) =>
        Response.json(
          {
            status: 'success',
            pointsAvailable: figure(data.points_available),
            message: 'points deducted successfully for the user ',
            warnings: [],
          },
          { headers: CORS },
        ),
    );
  }

  async function unlock(req: Request, org: string, q: URLSearchParams): Promise<Response> {
    const name = q.get('identifierName');
    const value = q.get('identifierValue');
    const source = q.get('source');
    if (!name || !value || !source)
      return fail(82323284, 'identifierName, identifierValue, or source cannot be empty');
    if (!(options.strictLists ? UNLOCK_NAMES : ALL_NAMES).includes(name))
      return fail(8013, 'Lookup,Invalid identifier passed');
    if (!(options.strictLists ? UNLOCK_SOURCES : ALL_SOURCES).includes(source))
      return fail(8003, 'Invalid source');
    const type = q.get('type') ?? 'CUSTOMER';
    if (type === 'USERGROUP2') return fail(1645, 'Group details passed are not valid');
    if (type !== 'CUSTOMER') return fail(82323276, 'Entity type invalid');
    const body = await jsonObject(req);
    if (!body) return fail(400, 'Request body must be a JSON object');
    const bill = body.billNumber;
    if (bill == null || bill === '') return fail(82323271, 'Bill number missing');
    if (typeof bill !== 'string' && typeof bill !== 'number') return fail(400, 'billNumber must be a string');
    if (typeof body.eventName !== 'string' || body.eventName === '')
      return fail(82323272, 'Event name not found');
    if (body.billDate != null && !(typeof body.billDate === 'string' && DATE.test(body.billDate)))
      return fail(400, 'billDate must be YYYY-MM-DD');
    const logIds = body.eventLogId;
    return call<
      {
        bill_number?: string;
        item_code?: string | null;
        points_unlocked: number;
        program_id: number;
        promotion_id?: number;
        promotion_identifier?: string;
        promotion_name?: string;
      }[]
    >(
      'unlock_promised_points',
      {
        p_org: org,
        p_identifier_name: name,
        p_identifier_value: value,
        p_event_name: body.eventName,
        p_bill_number: String(bill),
        // The page types eventLogId an Array and its example sends one number: both.
        p_event_log_ids: logIds == null || Array.isArray(logIds) ? logIds : [logIds],
        p_line_item_ids: body.lineItemIds,
        p_item_codes: body.itemCodes,
        p_source_store_id: body.sourceStoreId,
        p_source_till_id: body.sourceTillId ?? body.sourceTilId,
        p_source_program_id: body.sourceProgramId,
      },
      (rows) =>
        Response.json(
          {
            pointsUnlocked: rows.map((r) =>
              r.promotion_name !== undefined
                ? {
                    pointsUnlocked: figure(r.points_unlocked),
                    programId: r.program_id,
                    promotionId: r.promotion_id,
                    promotionIdentifier: r.promotion_identifier,
                    promotionName: r.promotion_name,
                  }
                : {
                    billNumber: r.bill_number,
                    ...(r.item_code ? { itemCode: r.item_code } : {}),
                    pointsUnlocked: figure(r.points_unlocked),
                    programId: r.program_id,
                  },
            ),
            warnings: [],
          },
          { headers: CORS },
        ),
    );
  }

  async function balance(org: string, q: URLSearchParams): Promise<Response> {
    const names = (q.get('identifierName') ?? '').split(',');
    const values = (q.get('identifierValue') ?? '').split(',');
    const source = q.get('source');
    if (names.some((n) => !ALL_NAMES.includes(n))) return fail(8013, 'Lookup,Invalid identifier passed');
    if (!source || !ALL_SOURCES.includes(source)) return fail(8003, 'Invalid source');
    if (values.some((v) => v === '')) return fail(8015, 'Customer not found for the given identifiers');
    return call<{
      entity_id: number;
      main_points: number;
      delayed_accrual_points: number;
      external_trigger_based_points: number;
    }>(
      'points_balance',
      {
        p_org: org,
        p_identifier_names: names,
        p_identifier_values: values,
        p_program_id: q.get('programId'),
        p_all_programs: q.get('fetchDataForAllPrograms') ?? false,
      },
      (d) => {
        // Summed here, on the doubles PostgREST handed over.
        const promised = d.delayed_accrual_points + d.external_trigger_based_points;
        return Response.json(
          {
            entityId: d.entity_id,
            entityType: 'CUSTOMER',
            totalPoints: d.main_points + promised,
            mainPoints: d.main_points,
            promisedPoints: promised,
            promisedPointsBreakup: {
              delayedAccrualPoints: d.delayed_accrual_points,
              externalTriggerBasedPoints: d.external_trigger_based_points,
            },
            warnings: [],
          },
          { headers: CORS },
        );
      },
    );
  }

  return async (req) => {
    if (req.method === 'OPTIONS') return new Response('ok', { headers: CORS });
    const url = new URL(req.url);
    const path = url.pathname.replace(/^\/capillary/, '');
    const routes: Record<string, [string, boolean, (org: string) => Promise<Response>]> = {
      '/v2/customers/lookup/negativePointsAdjustment': [
        'POST',
        true,
        (org) => deduct(req, org, url.searchParams),
      ],
      '/v2/points/unlockPromisedPoints': ['POST', false, (org) => unlock(req, org, url.searchParams)],
      '/v2/customers/lookup/points/balance': ['GET', true, (org) => balance(org, url.searchParams)],
    };
    if (path === '/v3/oauth/token/generate')
      return req.method === 'POST' ? auth.generate(req) : fail(405, 'Method not allowed', 405);
    const route = routes[path];
    if (!route) return fail(404, 'Resource not found', 404);
    const [method, needsPoints, handler] = route;
    if (req.method !== method) return fail(405, 'Method not allowed', 405);
    const credential = auth.check(req, needsPoints);
    if (credential instanceof Response) return credential;
    return handler(credential.org);
  };
}
