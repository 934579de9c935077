import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { CLIENTS, type Client } from './data.ts';
import { Errors, Halt, permit, type Rendered, type Request } from './rails.ts';

/**
 * Capillary authentication as the service's ApplicationController does it: a store till by HTTP
 * Basic (`username:md5hex(password)`, the md5 compared with secure_compare), or an OAuth app's
 * token in `X-CAP-API-OAUTH-TOKEN` issued by `POST /v3/oauth/token/generate` (has_secure_token,
 * an hour). A refusal is 401, in one of two forms (a choice of the reading):
 * - `json`: `rescue_from` renders `{"error":"HTTP Basic: Access denied."}`;
 * - `text`: Rails' own `request_http_basic_authentication`: `HTTP Basic: Access denied.\n` as
 *   text/html with `WWW-Authenticate: Basic realm="Application"`.
 */
export type AuthFailureForm = 'json' | 'text';

export const md5hex = (text: string): string => createHash('md5').update(text).digest('hex');

const TOKEN_TTL_SECONDS = 3600;

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A refusal of credentials in the reading's form, for a realm ("Application" for Basic, Token for fabric). */
export function accessDenied(form: AuthFailureForm, kind: 'Basic' | 'Token'): Rendered {
  const message = `HTTP ${kind}: Access denied.`;
  if (form === 'json') return { status: 401, json: { error: message } };
  return {
    status: 401,
    text: { body: `${message}\n`, contentType: 'text/html; charset=utf-8' },
    headers: { 'www-authenticate': `${kind} realm="Application"` },
  };
}

export class Authenticator {
  private readonly tokens = new Map<string, { client: Client; expires: number }>();
  constructor(private readonly form: AuthFailureForm) {}

  /** `before_action :authenticate!`: the client, or a 401 raised. */
  authenticate(req: Request): Client {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string') {
      const issued = this.tokens.get(token);
      if (issued && issued.expires > Date.now()) return issued.client;
      throw new Halt(accessDenied(this.form, 'Basic'));
    }
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+(\S+)$/i.exec(header);
    if (m?.[1]) {
      const decoded = Buffer.from(m[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const [user, hash] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
      const client = CLIENTS.find((c) => c.scheme === 'basic' && c.name === user);
      if (colon > 0 && client && sameText(md5hex(client.secret), hash)) return client;
    }
    throw new Halt(accessDenied(this.form, 'Basic'));
  }

  /** POST /v3/oauth/token/generate. */
  generate(req: Request): Rendered {
    const { key, secret } = permit(req.params(), new Errors(), ['key', 'secret']);
    const client = CLIENTS.find((c) => c.scheme === 'oauth' && c.name === key);
    if (!client || typeof secret !== 'string' || !sameText(client.secret, secret))
      return { status: 401, json: { data: null, errors: { key: ['or secret is invalid'] } } };
    const accessToken = randomBytes(18).toString('base64url');
    this.tokens.set(accessToken, { client, expires: Date.now() + TOKEN_TTL_SECONDS * 1000 });
    return { status: 200, json: { data: { accessToken, ttlSeconds: TOKEN_TTL_SECONDS }, errors: null } };
  }
}
