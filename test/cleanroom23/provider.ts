import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Authenticator, type AuthFailureForm } from './auth.ts';
import { capillaryControllers } from './capillary.ts';
import { freshTables } from './data.ts';
import { fabricControllers } from './fabric.ts';
import { dispatch, Routes } from './rails.ts';

/**
 * The twenty-third clean-room provider: a Rails API-mode application (ActiveRecord on
 * PostgreSQL) reproduced in TypeScript. Capillary at the root, fabric under /api, one server.
 */
export interface Cleanroom23Options {
  /** How a refused credential is answered: `rescue_from`'s JSON (default) or Rails' own text challenge. */
  readonly authFailure?: AuthFailureForm;
  /** Whether the fabric member inquiry is routed (default true). */
  readonly memberInquiry?: boolean;
  /**
   * Required parameters the pages give no code for read with `params.require` (a missing one is
   * ActionController::ParameterMissing's 400 Bad Request) instead of the form object's 422.
   */
  readonly requireParams?: boolean;
}

export interface Cleanroom23Provider {
  readonly url: string;
  close(): Promise<void>;
}

export async function startCleanroom23Provider(
  options: Cleanroom23Options = {},
): Promise<Cleanroom23Provider> {
  const form = options.authFailure ?? 'json';
  const tables = freshTables();
  const auth = new Authenticator(form);
  const capillary = capillaryControllers(tables, auth, options.requireParams ?? false);
  const fabric = fabricControllers(tables, form, options.requireParams ?? false);
  const routes = new Routes()
    .add('POST', '/v2/customers/lookup/negativePointsAdjustment', capillary.negativePointsAdjustment)
    .add('POST', '/v2/points/unlockPromisedPoints', capillary.unlockPromisedPoints)
    .add('GET', '/v2/customers/lookup/points/balance', capillary.balance)
    .add('POST', '/v3/oauth/token/generate', (req) => auth.generate(req))
    .add('POST', '/api/v1/members/points-adjustment', fabric.adjust);
  if (options.memberInquiry ?? true)
    routes.add('GET', '/api/v1/inquire/:profileId/member-points', fabric.inquire);
  const server = createServer((req, res) => {
    dispatch(routes, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
