/**
 * The twenty-ninth clean-room provider: a Scala Play service (play-json, Akka HTTP underneath,
 * Slick on Oracle), reproduced in TypeScript. This module is its routes file and its Filters:
 * which controller answers which path, the authentication in front, the Points access group on
 * the deduction, `parse.json` on the POST routes. Nothing runs until `startCleanroom29Provider`.
 */

import { startAkkaServer } from './akka.ts';
import { type AuthResult, CapillaryAuth } from './auth.ts';
import { CapillaryControllers } from './capillary.ts';
import { FABRIC_POINTS, type IdentifierName, ORGS } from './data.ts';
import { capillaryError, isResult } from './envelope.ts';
import { FabricControllers } from './fabric.ts';
import type { DualEligibility } from './lookup.ts';
import { clientError, type PlayRequest, type PlayResult, parseJson } from './play.ts';
import { OracleStore } from './store.ts';

export interface Cleanroom29Options {
  /** Dual eligibility on in lausanne with this primary identifier (lugano keeps it off). */
  readonly dualPrimary?: IdentifierName;
}

export interface Cleanroom29Provider {
  readonly url: string;
  close(): Promise<void>;
}

const INQUIRY = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/;

/** A path segment as Play decodes it; a malformed escape stays as written. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export async function startCleanroom29Provider(
  options: Cleanroom29Options = {},
): Promise<Cleanroom29Provider> {
  const store = new OracleStore(ORGS, FABRIC_POINTS);
  const auth = new CapillaryAuth(ORGS);
  const dual = (org: { name: string }): DualEligibility =>
    org.name === 'lausanne' && options.dualPrimary
      ? { enabled: true, primary: options.dualPrimary }
      : { enabled: false };
  const capillary = new CapillaryControllers(store, dual);
  const fabric = new FabricControllers(store);

  /** `parse.json` then the action. */
  const withJson = async (
    request: PlayRequest,
    action: (json: unknown) => Promise<PlayResult> | PlayResult,
  ) => {
    const parsed = parseJson(request);
    return 'refused' in parsed ? parsed.refused : action(parsed.json);
  };

  /** The authentication Filter, then the route's action with the caller's org. */
  const authenticated = async (
    request: PlayRequest,
    action: (who: AuthResult) => Promise<PlayResult> | PlayResult,
  ): Promise<PlayResult> => {
    const who = auth.authenticate(request);
    return isResult(who) ? who : action(who);
  };

  const route = async (request: PlayRequest): Promise<PlayResult> => {
    const { method, path } = request;
    if (method === 'POST' && path === '/v3/oauth/token/generate')
      return withJson(request, (json) => auth.generate(json, request));
    if (method === 'POST' && path === '/v2/customers/lookup/negativePointsAdjustment')
      return authenticated(request, (who) =>
        who.principal.points
          ? withJson(request, (json) => capillary.deduct(request, store.org(who.org.name), json))
          : capillaryError(4000, 'Access denied: the Points access group is required'),
      );
    if (method === 'POST' && path === '/v2/points/unlockPromisedPoints')
      return authenticated(request, (who) =>
        withJson(request, (json) => capillary.unlock(request, store.org(who.org.name), json)),
      );
    if (method === 'GET' && path === '/v2/customers/lookup/points/balance')
      return authenticated(request, (who) => capillary.balance(request, store.org(who.org.name)));
    if (method === 'POST' && path === '/api/v1/members/points-adjustment')
      return fabric.authenticate(request) ?? withJson(request, (json) => fabric.adjust(json));
    const inquiry = method === 'GET' ? INQUIRY.exec(path) : null;
    if (inquiry?.[1]) return fabric.authenticate(request) ?? fabric.inquire(safeDecode(inquiry[1]));
    // Play's router: a path or method no route names is the error handler's 404.
    return clientError(request, 404, 'Not found');
  };

  return startAkkaServer(route);
}
