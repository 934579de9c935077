import { Buddy } from './auth.ts';
import { Capillary, type CapillaryOptions } from './capillary.ts';
import { Database } from './db.ts';
import { Fabric } from './fabric.ts';
import { behindNginx } from './nginx.ts';
import { Reitit, type RingRequest, type RingResponse } from './ring.ts';

export interface Cleanroom37Options extends CapillaryOptions {
  /** muuntaja's jsonista option: fractions as BigDecimal (default) or as Double. */
  readonly bigdecimals?: boolean;
  /** Whether this deployment routes fabric's member inquiry. */
  readonly inquiry?: boolean;
}

export interface Cleanroom37Provider {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The thirty-seventh clean room as one Node server: nginx in front of the Ring app on Jetty, its
 * reitit routes registered as the service's `routes` vector would. Capillary at the root, fabric
 * under /api.
 */
export async function startCleanroom37Provider(
  options: Cleanroom37Options = {},
): Promise<Cleanroom37Provider> {
  const db = new Database();
  const buddy = new Buddy();
  const capillary = new Capillary(db, options);
  const fabric = new Fabric(db, buddy);
  const app = new Reitit(options.bigdecimals ?? true);
  const authed =
    (handler: (req: RingRequest, caller: ReturnType<Buddy['capillary']>) => Promise<RingResponse>) =>
    (req: RingRequest) =>
      handler(req, buddy.capillary(req));
  app.route('POST', '/v3/oauth/token/generate', async (req) => buddy.generate(req));
  app.route(
    'POST',
    '/v2/customers/lookup/negativePointsAdjustment',
    authed((r, c) => capillary.deduct(r, c)),
  );
  app.route(
    'GET',
    '/v2/customers/lookup/points/balance',
    authed((r, c) => capillary.balance(r, c)),
  );
  app.route(
    'POST',
    '/v2/points/unlockPromisedPoints',
    authed((r, c) => capillary.unlock(r, c)),
  );
  app.route('POST', '/api/v1/members/points-adjustment', (req) => fabric.adjust(req));
  if (options.inquiry)
    app.route('GET', '/api/v1/inquire/:profileId/member-points', (req) => fabric.inquire(req));
  return behindNginx((req) => app.handle(req));
}
