/**
 * Micronaut Security's authentication, written for the two schemes the Capillary pages name:
 * Basic base64(username:md5hex(password)) of a till, or X-CAP-API-OAUTH-TOKEN issued by
 * POST /v3/oauth/token/generate; the org is the credentials'. fabric: its Bearer token only.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Credential, Org } from './data.ts';
import { CapError } from './envelope.ts';
import { isObject, type JsonValue, writeJson } from './jackson.ts';
import { type Answer, json } from './micronaut.ts';

export interface Caller {
  readonly org: Org;
  readonly credential: Credential;
}

const md5hex = (text: string) => createHash('md5').update(text).digest('hex');
const TOKEN_TTL_SECONDS = 3600;

export class Security {
  readonly #tokens = new Map<string, Caller>();

  constructor(private readonly orgs: readonly Org[]) {}

  /** The caller of a Capillary request; throws CapError 401 otherwise. */
  capillary(headers: Record<string, string | string[] | undefined>): Caller {
    const token = headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') {
      const caller = this.#tokens.get(token);
      if (caller) return caller;
      throw unauthorized();
    }
    const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(String(headers.authorization ?? ''));
    if (!basic?.[1]) throw unauthorized();
    const pair = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    if (colon <= 0) throw unauthorized();
    const [username, digest] = [pair.slice(0, colon), pair.slice(colon + 1)];
    for (const org of this.orgs)
      for (const credential of org.credentials)
        if (
          credential.scheme === 'basic' &&
          credential.name === username &&
          md5hex(credential.secret) === digest
        )
          return { org, credential };
    throw unauthorized();
  }

  /** POST /v3/oauth/token/generate: `{"key","secret"}` → `{"data":{accessToken,ttlSeconds},"errors":null}`. */
  generateToken(body: JsonValue): Answer {
    const key = isObject(body) ? body.key : undefined;
    const secret = isObject(body) ? body.secret : undefined;
    for (const org of this.orgs)
      for (const credential of org.credentials)
        if (credential.scheme === 'oauth' && credential.name === key && credential.secret === secret) {
          const accessToken = randomBytes(24).toString('base64url');
          this.#tokens.set(accessToken, { org, credential });
          return json(200, writeJson({ data: { accessToken, ttlSeconds: TOKEN_TTL_SECONDS }, errors: null }));
        }
    return json(
      401,
      writeJson({ data: null, errors: [{ code: 401, message: 'Invalid key or secret', status: false }] }),
    );
  }
}

export const unauthorized = (): CapError => new CapError(401, 'Authentication failed: invalid credentials');

/** The Points access group, which the deduction page's prerequisites name. */
export function requirePointsGroup(caller: Caller): void {
  if (!caller.credential.points)
    throw new CapError(4000, 'Access denied: the Points access group is not granted to these credentials');
}

export const bearerOk = (headers: Record<string, string | string[] | undefined>, token: string): boolean =>
  headers.authorization === `Bearer ${token}`;
