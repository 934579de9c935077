import { fabricRefusal } from './auth.ts';
import type { SupabaseClient } from './postgrest.ts';

/**
 * The `fabric` Edge Function: POST /v1/members/points-adjustment in fabric's envelope
 * `{status, message, errors, data}`, `points` a JSON number (positive adds, negative deducts, zero
 * refused), the optional strings null or non-empty as the page's minimum length says, profileId a
 * uuid column (22P02 for anything else → 400, no such member → 404); and, when deployed, the member
 * inquiry GET /v1/inquire/{profileId}/member-points.
 */
const envelope = (status: number, message: string, errors: Record<string, string>, data: unknown) =>
  Response.json({ status, message, errors, data }, { status });

/** How the vendor's Java-era message wrote a figure: "100.0". */
const javaDouble = (n: number) => (Number.isInteger(n) ? n.toFixed(1) : String(n));

export function fabricFunction(
  supabase: SupabaseClient,
  inquiry: boolean,
): (req: Request) => Promise<Response> {
  async function adjust(req: Request): Promise<Response> {
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      return envelope(400, 'Bad request', { body: 'Request body must be JSON' }, {});
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return envelope(400, 'Bad request', { body: 'Request body must be a JSON object' }, {});
    const b = body as Record<string, unknown>;
    const errors: Record<string, string> = {};
    if (typeof b.points !== 'number' || b.points === 0) errors.points = 'points must be a non-zero number';
    if (typeof b.profileId !== 'string') errors.profileId = 'profileId is required';
    for (const field of ['pointType', 'billingEntity', 'reasonCode'])
      if (b[field] != null && (typeof b[field] !== 'string' || b[field] === ''))
        errors[field] = `${field} must be a non-empty string`;
    if (b.setToPending != null && typeof b.setToPending !== 'boolean')
      errors.setToPending = 'setToPending must be a boolean';
    if (Object.keys(errors).length > 0) return envelope(400, 'Bad request', errors, {});
    const points = b.points as number;
    const { data, error } = await supabase.rpc<{ transaction_code: string }>('fabric_adjust_points', {
      p_profile_id: b.profileId,
      p_points: String(points),
      p_pending: b.setToPending === true,
    });
    if (error) {
      if (error.hint === 'MEMBER_NOT_FOUND')
        return envelope(404, 'Member not found', { profileId: error.message }, {});
      if (error.hint === 'INSUFFICIENT_POINTS')
        return envelope(400, 'Bad request', { points: error.message }, {});
      if (error.code === '22P02' || error.code === '22003')
        return envelope(400, 'Bad request', { profileId: error.message }, {});
      return envelope(500, 'Internal error', { server: error.message }, {});
    }
    return envelope(
      200,
      'Member points adjusted',
      {},
      {
        Message: `${javaDouble(Math.abs(points))} points ${points > 0 ? 'added' : 'deducted'}`,
        futureDate: false,
        ExceptionString: '',
        transactionCode: data?.transaction_code,
      },
    );
  }

  async function inquire(profileId: string): Promise<Response> {
    const { data, error } = await supabase.rpc<{ available: number; pending: number }>(
      'fabric_member_points',
      { p_profile_id: profileId },
    );
    if (error)
      return envelope(
        error.code === '22P02' ? 400 : 404,
        'Member not found',
        { profileId: error.message },
        {},
      );
    return envelope(200, 'Member points', {}, [
      { pointsBalance: { memberPointsAvailable: data?.available, memberPointsPending: data?.pending } },
    ]);
  }

  return async (req) => {
    const path = new URL(req.url).pathname.replace(/^\/fabric/, '');
    const member = /^\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    const known = path === '/v1/members/points-adjustment' || (inquiry && member);
    if (!known) return envelope(404, 'Not found', { path: 'No such resource' }, {});
    const refusal = fabricRefusal(req);
    if (refusal) return refusal;
    if (member)
      return req.method === 'GET'
        ? inquire(decodeURIComponent(member[1] as string))
        : envelope(405, 'Method not allowed', {}, {});
    return req.method === 'POST' ? adjust(req) : envelope(405, 'Method not allowed', {}, {});
  };
}
