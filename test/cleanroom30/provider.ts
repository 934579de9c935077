import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import { Auth } from './auth.ts';
import { balance, type CapillaryContext, deduct, unlock } from './capillary.ts';
import { KESTREL, ORGS } from './data.ts';
import { envoyServer, type Request } from './envoy.ts';
import { adjust, inquire } from './fabric.ts';
import { Ledger } from './ledger.ts';

/**
 * The thirtieth clean-room provider: a Go gRPC service exposed as REST by grpc-gateway (protojson),
 * behind an Envoy sidecar, with its Postgres ledger, reproduced in TypeScript. Capillary at the
 * root, fabric under /api, one listener (Envoy's).
 */
export interface Cleanroom30Options {
  /** Dual eligibility on in org kestrel, with this primary identifier. */
  readonly dualPrimary?: 'externalId' | 'email';
}

export async function startCleanroom30Provider(options: Cleanroom30Options = {}): Promise<LoopbackServer> {
  const ledger = new Ledger(ORGS);
  const auth = new Auth(ORGS);
  const ctx: CapillaryContext = {
    ledger,
    primaryOf: (org) => (org === KESTREL ? options.dualPrimary : undefined),
  };
  const capillary =
    (rpc: typeof deduct) =>
    async ({ incoming, url, body }: Request) =>
      rpc(ctx, { caller: auth.caller(incoming.headers), query: url.searchParams, body });
  const server = envoyServer([
    {
      method: 'POST',
      path: /^\/v2\/customers\/lookup\/negativePointsAdjustment$/,
      handle: capillary(deduct),
    },
    { method: 'POST', path: /^\/v2\/points\/unlockPromisedPoints$/, handle: capillary(unlock) },
    { method: 'GET', path: /^\/v2\/customers\/lookup\/points\/balance$/, handle: capillary(balance) },
    {
      method: 'POST',
      path: /^\/v3\/oauth\/token\/generate$/,
      handle: async ({ body }) => auth.generate(body),
    },
    {
      method: 'POST',
      path: /^\/api\/v1\/members\/points-adjustment$/,
      handle: ({ incoming, body }) => adjust(ledger, incoming.headers, body),
    },
    {
      method: 'GET',
      path: /^\/api\/v1\/inquire\/([^/]+)\/member-points$/,
      handle: ({ incoming, params }) => inquire(ledger, incoming.headers, params[0]!),
    },
  ]);
  return listenOnLoopback(server);
}
