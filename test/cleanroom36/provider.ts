import { behindAlb } from './alb.ts';
import { Authenticators } from './auth.ts';
import { CapillaryController, type CapillaryOptions } from './capillary.ts';
import { FabricController, type FabricOptions } from './fabric.ts';
import { Database } from './fluent.ts';
import { type Request, Vapor } from './vapor.ts';

export interface Cleanroom36Options extends CapillaryOptions, FabricOptions {
  /** Whether this deployment routes fabric's member inquiry. */
  readonly inquiry?: boolean;
  /** The JSONEncoder's per-process key order. */
  readonly hashSeed?: number;
}

export interface Cleanroom36Provider {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The thirty-sixth clean room as one Node server: the ALB in front of the Vapor app (its routes
 * registered as `configure(_:)` would), Fluent's Postgres underneath. Capillary at the root,
 * fabric under /api.
 */
export async function startCleanroom36Provider(
  options: Cleanroom36Options = {},
): Promise<Cleanroom36Provider> {
  const app = new Vapor(options.hashSeed ?? 0x36);
  const db = new Database();
  const auth = new Authenticators();
  const capillary = new CapillaryController(db, options);
  const fabric = new FabricController(db, options);
  const guarded =
    (handler: (req: Request, caller: ReturnType<Authenticators['capillary']>) => Promise<unknown>) =>
    async (req: Request) =>
      app.json(await handler(req, auth.capillary(req)));
  app.on('POST', '/v3/oauth/token/generate', async (req) => app.json(auth.generate(req)));
  app.on(
    'POST',
    '/v2/customers/lookup/negativePointsAdjustment',
    guarded((req, c) => capillary.deduct(req, c)),
  );
  app.on(
    'GET',
    '/v2/customers/lookup/points/balance',
    guarded((req, c) => capillary.balance(req, c)),
  );
  app.on(
    'POST',
    '/v2/points/unlockPromisedPoints',
    guarded((req, c) => capillary.unlock(req, c)),
  );
  app.on('POST', '/api/v1/members/points-adjustment', async (req) => app.json(await fabric.adjust(req)));
  if (options.inquiry)
    app.on('GET', '/api/v1/inquire/:profileId/member-points', async (req) =>
      app.json(await fabric.inquire(req)),
    );
  return behindAlb((req) => app.respond(req));
}
