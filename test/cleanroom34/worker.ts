import { bearerAuth, Tokens } from './auth.ts';
import { CapillaryHandlers } from './capillary.ts';
import { D1 } from './d1.ts';
import { FABRIC_TOKEN, seedFabricMembers, seedOrgs } from './data.ts';
import { FabricHandlers } from './fabric.ts';
import { jsonTarget, notFound, type WorkerRequest, type WorkerResponse } from './hono.ts';

export interface WorkerOptions {
  /** Dual eligibility's primary identifier in org wren (off when left out). */
  readonly dualPrimary?: string;
  /** Whether the deployment routes fabric's member inquiry (outside the four documents). */
  readonly inquiry?: boolean;
}

/**
 * The Worker's `fetch`: Hono's routes in registration order, `app.use('/api/v1/*', bearerAuth)`
 * and the Capillary auth middleware on `/v2/*` before them, Hono's 404 after.
 */
export function createWorker(options: WorkerOptions): (req: WorkerRequest) => Promise<WorkerResponse> {
  const orgs = seedOrgs();
  const wren = orgs.find((o) => o.id === 'wren');
  if (wren && options.dualPrimary) wren.dualPrimary = options.dualPrimary;
  const db = new D1();
  const tokens = new Tokens(orgs);
  const capillary = new CapillaryHandlers(db);
  const fabric = new FabricHandlers(db, seedFabricMembers());
  const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/;
  return async (req) => {
    const { pathname } = req.url;
    const route = `${req.method} ${pathname}`;
    if (pathname.startsWith('/api/v1/')) {
      const refused = bearerAuth(req, FABRIC_TOKEN);
      if (refused) return refused;
      if (route === 'POST /api/v1/members/points-adjustment') return fabric.adjust(req);
      const member = inquiry.exec(pathname);
      if (options.inquiry && req.method === 'GET' && member)
        return fabric.inquire(decodeURIComponent(member[1] ?? ''));
      return notFound();
    }
    if (route === 'POST /v3/oauth/token/generate') {
      const parsed = jsonTarget(req);
      return 'refused' in parsed ? parsed.refused : tokens.generate(parsed.value);
    }
    if (pathname.startsWith('/v2/')) {
      const caller = tokens.authenticate(req);
      if ('status' in caller) return caller;
      const handler = {
        'POST /v2/customers/lookup/negativePointsAdjustment': capillary.deduct,
        'POST /v2/points/unlockPromisedPoints': capillary.unlock,
        'GET /v2/customers/lookup/points/balance': capillary.balance,
      }[route];
      return handler ? handler.call(capillary, req, caller) : notFound();
    }
    return notFound();
  };
}
