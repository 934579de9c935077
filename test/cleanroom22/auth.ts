import { createHash, randomBytes } from 'node:crypto';
import { BindError, type Bound, bindJson, type GoStruct } from './binding.ts';
import type { Credential, Tables } from './data.ts';
import { capError } from './envelope.ts';
import type { Context, HandlerFunc } from './gin.ts';
import { GoMap } from './gojson.ts';

/**
 * Authentication as clean room twenty-two's gin middleware does it. Capillary: Basic
 * `username:md5hex(password)` of a till, or `X-CAP-API-OAUTH-TOKEN` from
 * `POST /v3/oauth/token/generate`; a missing or wrong credential is the middleware's own
 * `401 {"error": "…"}` (c.AbortWithStatusJSON with a gin.H, no envelope), a till or app without the
 * Points access group deducting is 403 with code 4000 in the envelope. fabric: `Bearer <token>`,
 * the header compared as written; refused with the service's fabric envelope and 401.
 */

export const md5hex = (text: string): string => createHash('md5').update(text).digest('hex');

const TOKEN_REQUEST: GoStruct = {
  name: 'TokenRequest',
  fields: [
    { go: 'Key', json: 'key', type: 'string', tags: ['required'] },
    { go: 'Secret', json: 'secret', type: 'string', tags: ['required'] },
  ],
};

export const CREDENTIAL = 'credential';

export class Auth {
  private readonly tokens = new Map<string, Credential>();

  constructor(private readonly tables: Tables) {}

  private principal(c: Context): Credential | undefined {
    const token = c.req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') return this.tokens.get(token);
    const header = c.req.headers.authorization ?? '';
    if (!header.startsWith('Basic ')) return undefined;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const till = colon < 0 ? undefined : this.tables.tills.get(decoded.slice(0, colon));
    return till && till.md5 === decoded.slice(colon + 1) ? till.cred : undefined;
  }

  /** The Capillary group's middleware. */
  readonly capillary: HandlerFunc = (c) => {
    const cred = this.principal(c);
    if (!cred)
      return c.json(
        401,
        new GoMap({ error: 'authentication failed: send Basic till credentials or X-CAP-API-OAUTH-TOKEN' }),
      );
    c.keys.set(CREDENTIAL, cred);
  };

  /** The Points access group, required by the deduction only (its page's prerequisite). */
  readonly pointsGroup: HandlerFunc = (c) => {
    if (!(c.keys.get(CREDENTIAL) as Credential).points)
      capError(c, 403, 4000, 'Not authorized: the Points access group is required');
  };

  readonly generateToken: HandlerFunc = (c) => {
    let req: Bound;
    try {
      req = bindJson(TOKEN_REQUEST, c.body);
    } catch (e) {
      if (e instanceof BindError) return c.json(400, new GoMap({ error: e.message }));
      throw e;
    }
    const app = this.tables.apps.get(req.key as string);
    if (!app || app.secret !== req.secret)
      return c.json(401, {
        data: null,
        errors: [{ status: false, code: 1001, message: 'Invalid key or secret' }],
      });
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, app.cred);
    c.json(200, { data: { accessToken: token, ttlSeconds: 3600 }, errors: null });
  };

  /** fabric's Bearer middleware. */
  readonly fabric: HandlerFunc = (c) => {
    const header = c.req.headers.authorization;
    if (header === `Bearer ${this.tables.fabric.token}`) return;
    const why = header === undefined ? 'missing bearer token' : 'invalid bearer token';
    c.json(401, {
      message: 'Unauthorized',
      errors: new GoMap({ authorization: why }),
      data: null,
      status: 401,
    });
  };
}
