import type { LoopbackServer } from '../support/loopback-server.ts';
import { CapillaryAuth } from './auth.ts';
import { type CapillaryOptions, capillaryFunction } from './capillary.ts';
import { type Org, Tables } from './data.ts';
import { serveFunctions } from './edge.ts';
import { fabricFunction } from './fabric.ts';
import { Functions } from './plpgsql.ts';
import { Database, PT_STATES } from './postgres.ts';
import { SupabaseClient } from './postgrest.ts';

export interface Cleanroom42Options extends CapillaryOptions {
  /** Dual eligibility on in these orgs, with this primary identifier. */
  readonly dualPrimary?: Readonly<Record<string, string>>;
  /** Whether the fabric member inquiry is deployed (else the function's own 404 answers it). */
  readonly inquiry?: boolean;
}

export interface Cleanroom42Provider extends LoopbackServer {
  /** The two families' base URLs: each an Edge Function behind Kong. */
  readonly capillaryUrl: string;
  readonly fabricUrl: string;
}

/**
 * The forty-second clean room as one Node server: Kong in front of the Edge Runtime running the
 * `capillary` and `fabric` functions, which call PL/pgSQL over PostgREST on one database.
 */
export async function startCleanroom42Provider(
  options: Cleanroom42Options = {},
): Promise<Cleanroom42Provider> {
  const tables = new Tables();
  for (const [id, primaryIdentifier] of Object.entries(options.dualPrimary ?? {}))
    (tables.orgs.get(id) as Org).primaryIdentifier = primaryIdentifier;
  const supabase = new SupabaseClient(
    new Functions(tables, new Database(options.postgrestStatus ? PT_STATES : {})),
  );
  const server = await serveFunctions({
    capillary: capillaryFunction(new CapillaryAuth(tables), supabase, options),
    fabric: fabricFunction(supabase, options.inquiry === true),
  });
  return {
    ...server,
    capillaryUrl: `${server.url}/functions/v1/capillary`,
    fabricUrl: `${server.url}/functions/v1/fabric`,
  };
}
