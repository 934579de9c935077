import { createHash, randomUUID } from 'node:crypto';
import type { MuleRequest, MuleResponse } from './apikit.ts';
import { type Credential, FABRIC_TOKEN, ORGS, type Org } from './data.ts';

/**
 * API Manager's policies in front of the APIkit router. Capillary's: `Authorization: Basic
 * base64(username:md5hex(password))` of a till, or `X-CAP-API-OAUTH-TOKEN` of a token issued by the
 * token flow; fabric's: `Authorization: Bearer <token>`. A refused request never reaches the app: the
 * gateway answers 401 `{"error":"Authentication denied."}` (no page gives an authentication body).
 */
export interface Caller {
  readonly org: Org;
  readonly credential: Credential;
}

export const DENIED: MuleResponse = {
  status: 401,
  body: '{\n  "error": "Authentication denied."\n}',
  headers: { 'www-authenticate': 'Basic realm="mule-realm"' },
};

const TOKEN_TTL_SECONDS = 1800;

export class Policies {
  private readonly tokens = new Map<string, { caller: Caller; expires: number }>();

  /** The caller of a Capillary request, or undefined (the policy's 401). */
  capillary(request: MuleRequest): Caller | undefined {
    const token = request.headers['x-cap-api-oauth-token'];
    if (token !== undefined) {
      const issued = this.tokens.get(token.trim());
      return issued && issued.expires > Date.now() ? issued.caller : undefined;
    }
    const basic = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (!basic?.[1]) return undefined;
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const [name, digest] = [decoded.slice(0, colon), decoded.slice(colon + 1).toLowerCase()];
    return this.find('basic', name, (secret) => md5(secret) === digest);
  }

  /** The token flow's check of a client key and secret; a token, or undefined. */
  issue(key: string, secret: string): { accessToken: string; ttlSeconds: number } | undefined {
    const caller = this.find('oauth', key, (known) => known === secret);
    if (!caller) return undefined;
    const accessToken = randomUUID();
    this.tokens.set(accessToken, { caller, expires: Date.now() + TOKEN_TTL_SECONDS * 1000 });
    return { accessToken, ttlSeconds: TOKEN_TTL_SECONDS };
  }

  /** Whether a fabric request carries the tenant's bearer token. */
  fabric(request: MuleRequest): boolean {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    return bearer?.[1] === FABRIC_TOKEN;
  }

  private find(scheme: Credential['scheme'], name: string, matches: (secret: string) => boolean) {
    for (const org of ORGS)
      for (const credential of org.credentials)
        if (credential.scheme === scheme && credential.name === name && matches(credential.secret))
          return { org, credential };
    return undefined;
  }
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}
