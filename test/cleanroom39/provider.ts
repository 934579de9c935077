import { CapillaryAuth } from './auth.ts';
import { type BalanceOptions, balanceHandler } from './balance.ts';
import { tokenHandler } from './capillary.ts';
import { Database } from './db.ts';
import { type DeductionOptions, deductionHandler } from './deduction.ts';
import { adjustmentHandler, type FabricOptions, inquiryHandler } from './fabric.ts';
import { behindLoadBalancer } from './lb.ts';
import { OrdsModule } from './ords.ts';
import { type UnlockOptions, unlockHandler } from './unlock.ts';

export interface Cleanroom39Options extends DeductionOptions, BalanceOptions, UnlockOptions, FabricOptions {
  /** Active Data Guard: the GETs read a standby this many milliseconds behind (0: the primary). */
  readonly standbyLagMs?: number;
  /** The fabric member inquiry defined in the module (else ORDS' 404 answers it). */
  readonly inquiry?: boolean;
}

export interface Cleanroom39Provider {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The thirty-ninth clean room as one Node server: the Oracle Cloud load balancer in front of ORDS
 * 24, with a `capillary` module at the root and a `fabric` module under /api, over one Oracle
 * Database 23ai schema.
 */
export async function startCleanroom39Provider(
  options: Cleanroom39Options = {},
): Promise<Cleanroom39Provider> {
  const db = new Database({ standbyLagMs: options.standbyLagMs ?? 0 });
  const standby = (options.standbyLagMs ?? 0) > 0;
  const auth = new CapillaryAuth(db);
  const capillary = new OrdsModule()
    .define('/v3/oauth/token/generate', 'POST', tokenHandler(auth))
    .define('/v2/customers/lookup/negativePointsAdjustment', 'POST', deductionHandler(db, auth, options))
    .define('/v2/points/unlockPromisedPoints', 'POST', unlockHandler(db, auth, options))
    .define('/v2/customers/lookup/points/balance', 'GET', balanceHandler(db, auth, options, standby));
  const fabric = new OrdsModule().define(
    '/v1/members/points-adjustment',
    'POST',
    adjustmentHandler(db, options),
  );
  if (options.inquiry)
    fabric.define('/v1/inquire/:profileId/member-points', 'GET', inquiryHandler(db, standby));
  const server = await behindLoadBalancer([
    { prefix: '/api', module: fabric },
    { prefix: '', module: capillary },
  ]);
  return {
    url: server.url,
    close: () => server.close(),
  };
}
