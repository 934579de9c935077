/**
 * Capillary authentication: Basic `username:md5hex(password)` of a till, or an OAuth token from
 * `POST /v3/oauth/token/generate` in `X-CAP-API-OAUTH-TOKEN` (DESIGN.md, confirmed). Tokens live
 * an hour here, several valid at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CLIENTS, type Client19 } from './data.ts';

const TTL_SECONDS = 3600;

export class Auth19 {
  private readonly tokens = new Map<string, { client: Client19; expires: number }>();

  /** A token for an OAuth client's key and secret; undefined when they are wrong. */
  issue(key: unknown, secret: unknown): { accessToken: string; ttlSeconds: number } | undefined {
    const client = CLIENTS.find((c) => c.oauth?.key === key && c.oauth?.secret === secret);
    if (!client) return undefined;
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, { client, expires: Date.now() + TTL_SECONDS * 1000 });
    return { accessToken, ttlSeconds: TTL_SECONDS };
  }

  /** The client a request authenticates as, or undefined (the caller answers 401). */
  client(req: IncomingMessage): Client19 | undefined {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') {
      const held = this.tokens.get(token.trim());
      return held && held.expires > Date.now() ? held.client : undefined;
    }
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!basic) return undefined;
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const [username, digest] = [decoded.slice(0, colon), decoded.slice(colon + 1).toLowerCase()];
    return CLIENTS.find(
      (c) =>
        c.basic?.username === username && createHash('md5').update(c.basic.password).digest('hex') === digest,
    );
  }
}
