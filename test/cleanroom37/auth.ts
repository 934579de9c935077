import { createHash, randomUUID } from 'node:crypto';
import { CREDENTIALS, type CredentialRow, FABRIC_TOKEN, ORGS, type OrgRow } from './data.ts';
import { coerceBody, string } from './malli.ts';
import { HttpResponse, ok, type RingRequest, type RingResponse } from './ring.ts';

/**
 * buddy-auth: an `http-basic-backend` whose authfn checks the till's md5 digest, a token backend on
 * `X-CAP-API-OAUTH-TOKEN` (tokens from POST /v3/oauth/token/generate), and fabric's
 * `token-backend` with token-name "Bearer". An unauthenticated request meets
 * `buddy.auth/throw-unauthorized` answered by the backend's own handler: 401, the text
 * `Unauthorized` and a `WWW-Authenticate` challenge, no Content-Type (no page gives a body).
 * The Points access group is the app's own check, with the legacy v2 documents' 403/4000.
 */
export interface Caller {
  readonly org: OrgRow;
  readonly credential: CredentialRow;
}

const md5hex = (text: string) => createHash('md5').update(text).digest('hex');

const unauthorized = (realm: string): never => {
  throw new HttpResponse({
    status: 401,
    headers: { 'WWW-Authenticate': `${realm} realm="loyalty"` },
    body: 'Unauthorized',
    raw: true,
  });
};

const callerOf = (credential: CredentialRow | undefined): Caller | undefined => {
  const org = ORGS.find((o) => o.id === credential?.org);
  return credential && org ? { org, credential } : undefined;
};

export class Buddy {
  private readonly tokens = new Map<string, Caller>();

  /** POST /v3/oauth/token/generate. */
  generate(req: RingRequest): RingResponse {
    const body = coerceBody(req.bodyParams, {
      key: { schema: string({ min: 1 }) },
      secret: { schema: string({ min: 1 }) },
    });
    const credential = CREDENTIALS.find((c) => c.kind === 'oauth' && c.name === body.key);
    const caller = callerOf(credential);
    if (!caller || caller.credential.secret !== body.secret)
      throw new HttpResponse({
        status: 401,
        body: { data: null, errors: [{ status: false, code: 401, message: 'Invalid client key or secret' }] },
      });
    const accessToken = randomUUID().replaceAll('-', '') + randomUUID().replaceAll('-', '');
    this.tokens.set(accessToken, caller);
    return ok({ data: { accessToken, ttlSeconds: 3600 }, errors: null });
  }

  /** wrap-authentication with both Capillary backends, then the route's `authenticated?` check. */
  capillary(req: RingRequest): Caller {
    const token = req.headers['x-cap-api-oauth-token'];
    if (token !== undefined) return this.tokens.get(token.trim()) ?? unauthorized('Token');
    // buddy's parse-header: `^Basic (.+)$`, then base64 of `username:password`.
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (!basic) return unauthorized('Basic');
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const name = colon < 0 ? decoded : decoded.slice(0, colon);
    const caller = callerOf(CREDENTIALS.find((c) => c.kind === 'basic' && c.name === name));
    if (!caller || colon < 0 || decoded.slice(colon + 1) !== md5hex(caller.credential.secret))
      return unauthorized('Basic');
    return caller;
  }

  /** fabric's token backend. */
  fabric(req: RingRequest): void {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (bearer?.[1]?.trim() !== FABRIC_TOKEN) unauthorized('Bearer');
  }
}

/** The Points access group, as the legacy v2 documents refuse it. */
export function requirePoints(caller: Caller): void {
  if (!caller.credential.points)
    throw new HttpResponse({
      status: 403,
      body: {
        errors: [{ status: false, code: 4000, message: 'Not authorized to access the Points resource' }],
        warnings: [],
      },
    });
}
