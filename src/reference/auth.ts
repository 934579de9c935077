import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dataset } from './dataset.ts';

/** The md5 hex digest Capillary expects in place of a till's password. */
export function md5hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** Which org (Capillary) or tenant (fabric) a request authenticates as. */
export type AuthResult =
  | { ok: true; principal: string; accessGroups: readonly string[] }
  | { ok: false; reason: string };

/** Access groups a till has unless the dataset says otherwise (the documents name these two). */
export const DEFAULT_ACCESS_GROUPS: readonly string[] = ['Default', 'Points'];

const deny = (reason: string): AuthResult => ({ ok: false, reason });

/**
 * Credentials of the reference dataset: Capillary Basic `username:md5hex(password)`, OAuth tokens
 * issued by `POST /v3/oauth/token/generate` that expire after the dataset's TTL or issued beforehand
 * (the dataset's `oauthTokens`, which never expire), fabric Bearer.
 */
export class Authenticator {
  readonly #basic = new Map<string, { orgId: string; accessGroups: readonly string[] }>();
  readonly #clients = new Map<string, { secret: string; orgId: string }>();
  readonly #tokens = new Map<string, { orgId: string; expiresAt: number }>();
  readonly #bearer = new Map<string, string>();
  readonly #ttlSeconds: number;
  readonly #now: () => number;

  constructor(dataset: Dataset, now: () => number = Date.now) {
    this.#ttlSeconds = dataset.tokenTtlSeconds;
    this.#now = now;
    for (const org of dataset.orgs) {
      for (const till of org.credentials.tills) {
        this.#basic.set(`${till.username}:${md5hex(till.password)}`, {
          orgId: org.id,
          accessGroups: till.accessGroups ?? DEFAULT_ACCESS_GROUPS,
        });
      }
      for (const client of org.credentials.oauthClients) {
        this.#clients.set(client.key, { secret: client.secret, orgId: org.id });
      }
      for (const token of org.credentials.oauthTokens ?? []) {
        this.#tokens.set(token, { orgId: org.id, expiresAt: Number.POSITIVE_INFINITY });
      }
    }
    for (const tenant of dataset.fabric.tenants) {
      for (const token of tenant.bearerTokens) this.#bearer.set(token, tenant.id);
    }
  }

  /** Issues a token for an OAuth client, or undefined when key or secret is wrong. */
  issueToken(key: string, secret: string): { accessToken: string; ttlSeconds: number } | undefined {
    const client = this.#clients.get(key);
    if (!client || client.secret !== secret) return undefined;
    const accessToken = randomBytes(24).toString('base64url');
    this.#tokens.set(accessToken, { orgId: client.orgId, expiresAt: this.#now() + this.#ttlSeconds * 1000 });
    return { accessToken, ttlSeconds: this.#ttlSeconds };
  }

  /** Capillary: Basic or X-CAP-API-OAUTH-TOKEN. */
  capillary(headers: IncomingHttpHeaders): AuthResult {
    const token = headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token.length > 0) {
      const entry = this.#tokens.get(token);
      if (!entry) return deny('unknown OAuth token');
      if (entry.expiresAt <= this.#now()) {
        this.#tokens.delete(token);
        return deny('OAuth token expired');
      }
      return { ok: true, principal: entry.orgId, accessGroups: DEFAULT_ACCESS_GROUPS };
    }
    const header = headers.authorization;
    if (!header) return deny('no credentials');
    const match = /^Basic\s+(\S+)$/i.exec(header);
    if (!match) return deny('unsupported authorization scheme');
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const till = this.#basic.get(decoded);
    return till
      ? { ok: true, principal: till.orgId, accessGroups: till.accessGroups }
      : deny('wrong username or password');
  }

  /** fabric: Bearer only. */
  fabric(headers: IncomingHttpHeaders): AuthResult {
    const match = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (!match) return deny('no bearer token');
    const tenantId = this.#bearer.get(match[1]!);
    return tenantId
      ? { ok: true, principal: tenantId, accessGroups: DEFAULT_ACCESS_GROUPS }
      : deny('unknown bearer token');
  }
}
