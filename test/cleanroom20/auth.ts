/**
 * Capillary authentication: Basic `username:md5hex(password)` (usernames are till codes, matched
 * case-insensitively; the md5 compared in constant time) or an OAuth token bound to its org.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { OAUTH_CLIENTS, TILLS } from './data.ts';
import { capError, type Reply } from './reply.ts';

export interface Caller {
  org: string;
  points: boolean;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class Auth {
  private readonly tokens = new Map<string, Caller>();

  /** POST /v3/oauth/token/generate. */
  generate(text: string): Reply {
    let body: { key?: unknown; secret?: unknown } = {};
    try {
      body = JSON.parse(text) ?? {};
    } catch {
      // a body that is not JSON is judged as bad credentials below
    }
    const client = OAUTH_CLIENTS.find(
      (c) => c.key === body.key && typeof body.secret === 'string' && sameText(c.secret, body.secret),
    );
    if (!client) return capError(401, 1001, 'Invalid client key or secret');
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { org: client.org, points: client.points });
    return { status: 200, body: { data: { accessToken: token, ttlSeconds: 3600 }, errors: null } };
  }

  /** The caller, or the 401 answer. */
  caller(headers: IncomingHttpHeaders): Caller | Reply {
    const token = headers['x-cap-api-oauth-token'];
    if (typeof token === 'string')
      return this.tokens.get(token) ?? capError(401, 1002, 'Invalid or expired OAuth token');
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const username = decoded.slice(0, colon).toLowerCase();
      const till = TILLS.find((t) => t.username.toLowerCase() === username);
      if (till && colon > 0 && sameText(md5(till.password), decoded.slice(colon + 1).toLowerCase()))
        return { org: till.org, points: till.points };
    }
    return capError(401, 1003, 'Authentication failed');
  }
}

/** The 403 a caller without the Points access group gets. */
export const notAuthorized = (): Reply =>
  capError(403, 4000, 'Not authorized to access the Points access group');
