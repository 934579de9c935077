import { createHash, randomBytes } from 'node:crypto';
import type { Credential, Org } from './data.ts';
import { capError, INVALID_JSON, json, type Reply } from './flask.ts';

/** Who is calling: the org and the credential (till or app) that proved it. */
export interface Caller {
  readonly org: Org;
  readonly credential: Credential;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * Capillary's two schemes, checked in the Flask app (API Management is configured without a
 * subscription requirement: a profile cannot send an Ocp-Apim-Subscription-Key, and the documents
 * name only Basic and the OAuth header). Tokens live in a table of their own.
 */
export class Auth {
  private readonly tokens = new Map<string, Caller>();

  constructor(private readonly orgs: readonly Org[]) {}

  private find(
    kind: Credential['kind'],
    name: string,
    check: (c: Credential) => boolean,
  ): Caller | undefined {
    for (const org of this.orgs)
      for (const credential of org.credentials)
        if (credential.kind === kind && credential.name === name && check(credential))
          return { org, credential };
    return undefined;
  }

  /** The caller of a request, or the 401 to answer. */
  caller(headers: Record<string, string | string[] | undefined>): Caller | Reply {
    const token = headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') return this.tokens.get(token) ?? unauthorized();
    const authorization = headers.authorization;
    if (typeof authorization !== 'string' || !/^basic /i.test(authorization)) return unauthorized();
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return unauthorized();
    const digest = decoded.slice(colon + 1).toLowerCase();
    return this.find('basic', decoded.slice(0, colon), (c) => md5(c.secret) === digest) ?? unauthorized();
  }

  /** POST /v3/oauth/token/generate. */
  generate(body: unknown): Reply {
    if (body === undefined) return INVALID_JSON;
    const { key, secret } = (body ?? {}) as Record<string, unknown>;
    const caller =
      typeof key === 'string' && typeof secret === 'string'
        ? this.find('oauth', key, (c) => c.secret === secret)
        : undefined;
    if (!caller)
      return json(401, {
        data: null,
        errors: [{ code: 401, message: 'Invalid key or secret', status: false }],
      });
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, caller);
    return json(200, { data: { accessToken, ttlSeconds: 3600 }, errors: null });
  }
}

function unauthorized(): Reply {
  return capError(401, 'Unauthorized: invalid or missing credentials', 401);
}

/** The Points access group, which a deduction needs (legacy v2: 403 with 4000). */
export function forbidden(): Reply {
  return capError(4000, 'Access denied: the Points access group is required', 403);
}
