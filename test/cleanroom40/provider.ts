import type { LoopbackServer } from '../support/loopback-server.ts';
import { Auth } from './auth.ts';
import { CapillaryControllers, type CapillaryOptions } from './capillary.ts';
import { type Org, Tables } from './data.ts';
import { Router } from './drogon.ts';
import { FabricControllers } from './fabric.ts';
import { behindHaproxy } from './haproxy.ts';
import type { Precision } from './jsoncpp.ts';
import { Database } from './postgres.ts';

export interface Cleanroom40Options extends CapillaryOptions {
  /** Dual eligibility on in these orgs, with this primary identifier. */
  readonly dualPrimary?: Readonly<Record<string, string>>;
  /** Whether the fabric member inquiry is routed (else Drogon's HTML 404 answers it). */
  readonly inquiry?: boolean;
  /** jsoncpp's float output: the vendor's 3 decimals (default) or the library's 17 significant digits. */
  readonly precision?: Precision;
  /** A repeated query parameter's first value instead of Drogon's last. */
  readonly firstParameter?: boolean;
}

export type Cleanroom40Provider = LoopbackServer;

/**
 * The fortieth clean room as one Node server: HAProxy in front of one Drogon process whose
 * `HttpController`s serve Capillary at the root and fabric under /api, over one PostgreSQL database.
 */
export async function startCleanroom40Provider(
  options: Cleanroom40Options = {},
): Promise<Cleanroom40Provider> {
  const tables = new Tables();
  for (const [id, primaryIdentifier] of Object.entries(options.dualPrimary ?? {})) {
    const org = tables.orgs.get(id) as Org;
    tables.orgs.set(id, { ...org, primaryIdentifier });
  }
  const db = new Database();
  const auth = new Auth(tables);
  const capillary = new CapillaryControllers(tables, db, options);
  const fabric = new FabricControllers(tables, db);
  const router = new Router(
    [
      {
        method: 'POST',
        path: '/v3/oauth/token/generate',
        filters: [],
        handler: (req) => auth.generateToken(req),
      },
      {
        method: 'POST',
        path: '/v2/customers/lookup/negativePointsAdjustment',
        filters: [auth.capillary, auth.pointsGroup],
        handler: capillary.guarded(capillary.deduct),
      },
      {
        method: 'POST',
        path: '/v2/points/unlockPromisedPoints',
        filters: [auth.capillary],
        handler: capillary.guarded(capillary.unlock),
      },
      {
        method: 'GET',
        path: '/v2/customers/lookup/points/balance',
        filters: [auth.capillary, auth.pointsGroup],
        handler: capillary.guarded(capillary.balance),
      },
      {
        method: 'POST',
        path: '/api/v1/members/points-adjustment',
        filters: [auth.fabric],
        handler: fabric.adjust,
      },
      ...(options.inquiry
        ? [
            {
              method: 'GET' as const,
              path: /^\/api\/v1\/inquire\/[^/]+\/member-points$/,
              filters: [auth.fabric],
              handler: fabric.inquire,
            },
          ]
        : []),
    ],
    options.precision,
  );
  return behindHaproxy((req) => router.route(req), options.firstParameter);
}
