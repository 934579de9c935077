import { createHash, randomBytes } from 'node:crypto';
import type { OrgSeed } from './data.ts';
import { VendorException } from './errors.ts';
import type { RestRequest } from './platform.ts';
import { type Storage, soqlEquals } from './storage.ts';

/** Who called: the org, and whether the till or app has the Points access group. */
export interface Caller {
  readonly org: OrgSeed;
  readonly points: boolean;
}

const TOKEN_TTL_SECONDS = 3600;

/** Apex's `==` on Strings ignores case: the vendor compares the md5 digest with it. */
const apexEquals = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The vendor's credential check in Apex (the site's guest user has no session of its own): a
 * till's Basic `username:md5hex(password)` (the Till__c found by SOQL on its username), or an `X-CAP-API-OAUTH-TOKEN` issued by its token
 * endpoint, the tokens kept in a Platform Cache partition for their hour.
 */
export class CapillaryAuth {
  private readonly tokens = new Map<string, { caller: Caller; expires: number }>();

  constructor(
    private readonly storage: Storage,
    /** The till looked up by a case-sensitive Apex check, else by SOQL's case-insensitive `=`. */
    private readonly exactUsername = false,
  ) {}

  /** POST /v3/oauth/token/generate: a connected app's key and secret for an hour's token. */
  issue(key: unknown, secret: unknown): { accessToken: string; ttlSeconds: number } | undefined {
    for (const org of this.storage.orgs.values())
      for (const app of org.apps)
        if (app.key === key && app.secret === secret) {
          const accessToken = randomBytes(24).toString('base64url');
          this.tokens.set(accessToken, {
            caller: { org, points: app.points },
            expires: Date.now() + TOKEN_TTL_SECONDS * 1000,
          });
          return { accessToken, ttlSeconds: TOKEN_TTL_SECONDS };
        }
    return undefined;
  }

  /** The caller of a request, or the page's envelope with 401. */
  authenticate(req: RestRequest): Caller {
    const token = req.headers['x-cap-api-oauth-token'];
    if (token !== undefined) {
      const held = this.tokens.get(token.trim());
      if (held && held.expires > Date.now()) return held.caller;
      throw new VendorException(401, 'Invalid or expired OAuth token', 401);
    }
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const username = decoded.slice(0, colon);
      const digest = decoded.slice(colon + 1);
      for (const org of this.storage.orgs.values())
        for (const till of org.tills) {
          const expected = createHash('md5').update(till.password).digest('hex');
          if (
            colon > 0 &&
            soqlEquals(till.username, username, this.exactUsername) &&
            apexEquals(expected, digest)
          )
            return { org, points: till.points };
        }
    }
    throw new VendorException(401, 'Authentication failed: invalid credentials', 401);
  }
}
