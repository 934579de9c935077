import type { Args, Functions } from './plpgsql.ts';
import { PgError, toJsonText } from './postgres.ts';

/**
 * supabase-js's `rpc()` over PostgREST, as the Edge Function sees it: arguments go as a JSON body
 * (JSON.stringify: a double as its shortest text, so 100.5 stays "100.5" and the function's
 * `p_points::numeric` reads it), the answer comes back as JSON text and is JSON.parse'd, so a
 * NUMERIC's `670.500` arrives as the double 670.5; an exception arrives as `{ code, details, hint,
 * message }` with `data: null`.
 */
export interface PostgrestError {
  readonly code: string;
  readonly details: string | null;
  readonly hint: string | null;
  readonly message: string;
}

export type RpcResult<T> =
  | { data: T; error: null; status: 200 }
  | { data: null; error: PostgrestError; status: number };

/** PostgREST's HTTP status for an error: `PTxyz` is xyz, a few SQLSTATEs their own, the rest 400. */
function httpStatus(code: string): number {
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  if (code === '23505') return 409;
  return code.startsWith('P0') || code.startsWith('22') ? 400 : 500;
}

export type RpcName =
  | 'negative_points_adjustment'
  | 'unlock_promised_points'
  | 'points_balance'
  | 'fabric_adjust_points'
  | 'fabric_member_points';

export class SupabaseClient {
  constructor(private readonly functions: Functions) {}

  async rpc<T>(fn: RpcName, args: Args): Promise<RpcResult<T>> {
    const wire = JSON.parse(JSON.stringify(args)) as Args;
    try {
      const result = await this.functions[fn](wire);
      return { data: JSON.parse(toJsonText(result)) as T, error: null, status: 200 };
    } catch (error) {
      if (!(error instanceof PgError)) throw error;
      const { code, details, hint, message } = JSON.parse(
        JSON.stringify({
          code: error.code,
          details: error.details,
          hint: error.hint,
          message: error.message,
        }),
      ) as PostgrestError;
      return { data: null, error: { code, details, hint, message }, status: httpStatus(code) };
    }
  }
}
