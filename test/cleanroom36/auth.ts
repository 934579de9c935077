import { createHash, randomBytes } from 'node:crypto';
import { type CredentialRow, FABRIC_TOKEN, ORGS, type OrgRow } from './data.ts';
import { Keyed } from './foundation.ts';
import { Abort, CapillaryError, content, type Request } from './vapor.ts';

/**
 * Authentication as Vapor middleware: a `BasicAuthenticator` that checks the till's md5 digest, a
 * token authenticator on `X-CAP-API-OAUTH-TOKEN`, and `guardMiddleware()` answering Vapor's 401
 * `{"error":true,"reason":"Unauthorized"}` (no page gives a code for it). The Points access group
 * is checked in the deduction's route, with the 403/4000 of the legacy v2 documents. fabric: a
 * `BearerAuthenticator` with the same guard.
 */
export interface Caller {
  readonly org: OrgRow;
  readonly credential: CredentialRow;
}

const md5hex = (text: string) => createHash('md5').update(text).digest('hex');
const unauthorized = () => new Abort(401, 'Unauthorized');

export class Authenticators {
  private readonly tokens = new Map<string, Caller>();

  /** POST /v3/oauth/token/generate. */
  generate(req: Request): { data: { accessToken: string; ttlSeconds: number }; errors: null } {
    const body = Keyed.of(content(req));
    const key = body.string('key');
    const secret = body.string('secret');
    if (!key || !secret) throw new Abort(400, 'key and secret are required');
    const caller = find('oauth', key);
    if (!caller || caller.credential.secret !== secret) throw unauthorized();
    const accessToken = randomBytes(32).toString('hex');
    this.tokens.set(accessToken, caller);
    return { data: { accessToken, ttlSeconds: 1800 }, errors: null };
  }

  /** The Capillary guard: the caller, or Vapor's 401. */
  capillary(req: Request): Caller {
    const token = req.headers['x-cap-api-oauth-token'];
    if (token !== undefined) {
      const caller = this.tokens.get(token.trim());
      if (!caller) throw unauthorized();
      return caller;
    }
    // Vapor's BasicAuthorization parsing: scheme case-insensitive, base64 of `user:password`.
    const basic = /^basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (!basic) throw unauthorized();
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw unauthorized();
    const caller = find('basic', decoded.slice(0, colon));
    if (!caller || decoded.slice(colon + 1).toLowerCase() !== md5hex(caller.credential.secret))
      throw unauthorized();
    return caller;
  }
}

/** The deduction needs the Points access group. */
export function requirePoints(caller: Caller): void {
  if (!caller.credential.points)
    throw new CapillaryError(403, 4000, 'Access denied: the credentials lack the Points access group');
}

/** fabric's BearerAuthenticator + guardMiddleware. */
export function fabricBearer(req: Request): void {
  const bearer = /^bearer (.+)$/i.exec(req.headers.authorization ?? '');
  if (!bearer || bearer[1] !== FABRIC_TOKEN) throw unauthorized();
}

function find(scheme: CredentialRow['scheme'], name: string): Caller | undefined {
  for (const org of ORGS)
    for (const credential of org.credentials)
      if (credential.scheme === scheme && credential.name === name) return { org, credential };
  return undefined;
}
