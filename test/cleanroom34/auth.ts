import { createHash, randomBytes } from 'node:crypto';
import type { Credential, OrgRow } from './data.ts';
import { json, text, validate, type WorkerRequest, type WorkerResponse, z } from './hono.ts';

/**
 * Who is calling. Capillary: `Authorization: Basic base64(till:md5hex(password))`, or
 * `X-CAP-API-OAUTH-TOKEN` from the token endpoint (the Worker's own middleware: the documents name
 * both, Hono's basicAuth knows neither the md5 digest nor the token header). fabric: Hono's
 * bearerAuth middleware as it answers (plain text, WWW-Authenticate).
 */
export interface Caller {
  readonly org: OrgRow;
  readonly credential: Credential;
}

export const envelope = (status: number, code: number, message: string) =>
  json({ errors: [{ status: false, code, message }], warnings: [] }, status);

const md5hex = (text: string) => createHash('md5').update(text).digest('hex');

export class Tokens {
  private readonly issued = new Map<string, Caller>();

  constructor(private readonly orgs: readonly OrgRow[]) {}

  /** POST /v3/oauth/token/generate. */
  generate(body: unknown): WorkerResponse {
    const refused = validate(z.object({ key: z.string({ min: 1 }), secret: z.string({ min: 1 }) }), body);
    if (refused) return refused;
    const { key, secret } = body as { key: string; secret: string };
    const caller = this.find('oauth', key);
    if (!caller || caller.credential.secret !== secret)
      return json(
        { data: null, errors: [{ status: false, code: 401, message: 'Invalid key or secret' }] },
        401,
      );
    const accessToken = randomBytes(24).toString('base64url');
    this.issued.set(accessToken, caller);
    return json({ data: { accessToken, ttlSeconds: 3600 }, errors: null });
  }

  /** The Capillary middleware: the caller, or its 401 in the error envelope. */
  authenticate(req: WorkerRequest): Caller | WorkerResponse {
    const token = req.headers['x-cap-api-oauth-token'];
    if (token !== undefined) return this.issued.get(token) ?? envelope(401, 401, 'Invalid or expired token');
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(req.headers.authorization ?? '');
    if (!basic) return envelope(401, 401, 'Authentication failed: no credentials');
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const caller = colon > 0 ? this.find('basic', decoded.slice(0, colon)) : undefined;
    if (!caller || decoded.slice(colon + 1).toLowerCase() !== md5hex(caller.credential.secret))
      return envelope(401, 401, 'Authentication failed: invalid till credentials');
    return caller;
  }

  private find(scheme: Credential['scheme'], name: string): Caller | undefined {
    for (const org of this.orgs)
      for (const credential of org.credentials)
        if (credential.scheme === scheme && credential.name === name) return { org, credential };
    return undefined;
  }
}

/** hono/bearer-auth with one token: undefined when it passes. */
export function bearerAuth(req: WorkerRequest, token: string): WorkerResponse | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return text('Unauthorized', 401, { 'www-authenticate': 'Bearer realm=""' });
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/.exec(header);
  if (!match) return text('Bad Request', 400, { 'www-authenticate': 'Bearer error="invalid_request"' });
  if (match[1] !== token)
    return text('Unauthorized', 401, { 'www-authenticate': 'Bearer error="invalid_token"' });
  return undefined;
}
