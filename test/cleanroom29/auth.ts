/**
 * The authentication Filter in front of the Capillary routes (it runs before the body parser):
 * `X-CAP-API-OAUTH-TOKEN` with a token from `/v3/oauth/token/generate`, else Basic with a till's
 * name and the md5 hex of its password. Tokens live in memory for their TTL; the clock is only
 * read, never waited on.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OrgSeed, PrincipalSeed } from './data.ts';
import { clientError, jsonResult, type PlayRequest, type PlayResult } from './play.ts';
import { asObject, JsErrors, readString } from './playjson.ts';

export interface AuthResult {
  readonly org: OrgSeed;
  readonly principal: PrincipalSeed;
}

const TOKEN_TTL_SECONDS = 3600;

export class CapillaryAuth {
  private readonly tokens = new Map<string, { who: AuthResult; expires: number }>();
  constructor(private readonly orgs: readonly OrgSeed[]) {}

  private find(kind: PrincipalSeed['kind'], name: string): AuthResult | undefined {
    for (const org of this.orgs)
      for (const principal of org.principals)
        if (principal.kind === kind && principal.name === name) return { org, principal };
    return undefined;
  }

  /** The Filter: the caller, or a 401 through the error handler. */
  authenticate(request: PlayRequest): AuthResult | PlayResult {
    const token = request.headers['x-cap-api-oauth-token'];
    if (token !== undefined) {
      const entry = this.tokens.get(String(token));
      if (entry && entry.expires > Date.now()) return entry.who;
      return clientError(request, 401, 'Invalid or expired OAuth token');
    }
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(String(request.headers.authorization ?? ''));
    if (!m?.[1]) return clientError(request, 401, 'Authentication required');
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const who = colon > 0 ? this.find('till', decoded.slice(0, colon)) : undefined;
    const md5 = who && createHash('md5').update(who.principal.secret).digest('hex');
    if (!who || decoded.slice(colon + 1) !== md5)
      return clientError(request, 401, 'Invalid till credentials');
    return who;
  }

  /** POST /v3/oauth/token/generate: `{"data":{…}}`, the None `errors` left out. */
  generate(json: unknown, request: PlayRequest): PlayResult {
    const errors = new JsErrors();
    const body = asObject(json, errors);
    const key = readString(body, 'key', errors);
    const secret = readString(body, 'secret', errors);
    if (!errors.empty) return jsonResult(400, errors.toJson());
    const who = key === undefined ? undefined : this.find('app', key);
    if (!who || who.principal.secret !== secret) return clientError(request, 401, 'Invalid key or secret');
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, { who, expires: Date.now() + TOKEN_TTL_SECONDS * 1000 });
    return jsonResult(200, { data: { accessToken, ttlSeconds: TOKEN_TTL_SECONDS } });
  }
}
