import { type ApikitOptions, ApikitRouter, type MuleRequest, type MuleResponse } from './apikit.ts';
import { HttpCaching } from './caching.ts';
import { CapillaryFlows, type CapillaryOptions } from './capillary.ts';
import { behindCloudHub } from './cloudhub.ts';
import { MuleError } from './dataweave.ts';
import { handleCapillary } from './errors.ts';
import { FabricFlows, type FabricOptions } from './fabric.ts';
import { DENIED, Policies } from './policies.ts';
import { Tables } from './tables.ts';

export interface Cleanroom38Options extends CapillaryOptions, FabricOptions, ApikitOptions {
  /** API Manager's HTTP Caching policy on the GETs, entries kept this long. */
  readonly cacheTtlMs?: number;
}

export interface Cleanroom38Provider {
  readonly url: string;
  close(): Promise<void>;
}

const TOKEN_PATH = '/v3/oauth/token/generate';

/**
 * The thirty-eighth clean room as one Node server: CloudHub's load balancer in front of one Mule
 * application with two HTTP listeners, Capillary's APIkit router at `/*` and fabric's at `/api/*`,
 * each behind its API Manager policy, over one SQL Server database.
 */
export async function startCleanroom38Provider(
  options: Cleanroom38Options = {},
): Promise<Cleanroom38Provider> {
  const tables = new Tables();
  const policies = new Policies();
  const capillary = new ApikitRouter(new CapillaryFlows(tables, policies, options).operations(), options);
  const fabric = new ApikitRouter(new FabricFlows(tables, options).operations(), options);
  const caching = new HttpCaching(options.cacheTtlMs ?? 0);
  const app = async (request: MuleRequest): Promise<MuleResponse> => {
    const isFabric = request.path === '/api' || request.path.startsWith('/api/');
    let principal: unknown;
    if (isFabric) {
      if (!policies.fabric(request)) return DENIED;
    } else if (request.path !== TOKEN_PATH) {
      principal = policies.capillary(request);
      if (!principal) return DENIED;
    }
    try {
      const run = (isFabric ? fabric : capillary).route({ ...request, principal });
      return await caching.serve(request, run);
    } catch (error) {
      // APIKIT:NOT_FOUND and METHOD_NOT_ALLOWED: the router's own, before any flow's handler.
      if (error instanceof MuleError) return handleCapillary(error);
      throw error;
    }
  };
  return behindCloudHub(app);
}
