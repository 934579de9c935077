import { createHash, randomBytes } from 'node:crypto';
import { FABRIC_TOKEN, type OrgRow } from './data.ts';
import type { Database } from './db.ts';

/** Who is calling: the org its credentials belong to, and whether they hold the Points group. */
export interface Principal {
  readonly org: OrgRow;
  readonly points: boolean;
}

/** ORDS' OAuth client-credentials tokens live an hour. */
const TOKEN_TTL_SECONDS = 3600;

/**
 * The vendor's `cap_auth` package: a till's Basic credentials checked as the page says
 * (`username:md5hex(password)`, the digest compared as RAWTOHEX writes it, in either case), and
 * Capillary's OAuth exchange in front of ORDS' client-credentials flow: the key and secret of a
 * registered ORDS client for a token sent back in `X-CAP-API-OAUTH-TOKEN`.
 */
export class CapillaryAuth {
  private readonly tokens = new Map<string, { principal: Principal; expires: number }>();

  constructor(private readonly db: Database) {}

  /** Undefined for a key and secret ORDS does not know. */
  issue(key: string | null, secret: string | null): { token: string; ttlSeconds: number } | undefined {
    const principal = this.find('oauth', key, (s) => s === secret);
    if (!principal) return undefined;
    const token = randomBytes(16).toString('base64url');
    this.tokens.set(token, { principal, expires: Date.now() + TOKEN_TTL_SECONDS * 1000 });
    return { token, ttlSeconds: TOKEN_TTL_SECONDS };
  }

  authenticate(headers: Readonly<Record<string, string | undefined>>): Principal | undefined {
    const token = headers['x-cap-api-oauth-token'];
    if (token !== undefined) {
      const held = this.tokens.get(token.trim());
      return held && held.expires > Date.now() ? held.principal : undefined;
    }
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (!basic?.[1]) return undefined;
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const digest = decoded.slice(colon + 1).toUpperCase();
    return this.find(
      'basic',
      decoded.slice(0, colon),
      (password) => createHash('md5').update(password, 'utf8').digest('hex').toUpperCase() === digest,
    );
  }

  private find(scheme: 'basic' | 'oauth', name: string | null, matches: (secret: string) => boolean) {
    for (const org of this.db.orgs)
      for (const credential of org.credentials)
        if (credential.scheme === scheme && credential.name === name && matches(credential.secret))
          return { org, points: credential.points };
    return undefined;
  }
}

/** fabric's gateway: `Authorization: Bearer <token>` and nothing else. */
export function fabricAuthorized(headers: Readonly<Record<string, string | undefined>>): boolean {
  const bearer = /^Bearer (\S+)$/.exec(headers.authorization ?? '');
  return bearer?.[1] === FABRIC_TOKEN;
}
