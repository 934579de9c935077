/**
 * The service's own authentication (a servant `AuthHandler`): Capillary's Basic
 * base64(username:md5hex(password)) or an X-CAP-API-OAUTH-TOKEN from /v3/oauth/token/generate,
 * the org chosen by the credentials; fabric's Bearer token. 401 and 403 (4000) in the envelope.
 */
import { createHash, randomBytes } from 'node:crypto';
import { capError } from './capillary.ts';
import type { Credential, OrgRow } from './data.ts';
import { type Answer, DecodeError, decodeFailed, json, optText } from './servant.ts';

const md5hex = (text: string) => createHash('md5').update(text).digest('hex');

export interface Caller {
  readonly org: OrgRow;
  readonly credential: Credential;
}

export class Authenticator {
  readonly #tokens = new Map<string, Caller>();

  constructor(readonly orgs: readonly OrgRow[]) {}

  /** The caller a Capillary request names, or the 401 that answers it. */
  capillary(headers: Record<string, string | string[] | undefined>): Caller | Answer {
    const token = headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') return this.#tokens.get(token) ?? unauthorized();
    const basic = /^Basic\s+(\S+)$/i.exec(String(headers.authorization ?? ''));
    if (!basic?.[1]) return unauthorized();
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [name, hash] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    for (const org of this.orgs)
      for (const credential of org.credentials)
        if (
          colon > 0 &&
          credential.scheme === 'basic' &&
          credential.name === name &&
          md5hex(credential.secret) === hash
        )
          return { org, credential };
    return unauthorized();
  }

  /** POST /v3/oauth/token/generate. */
  generate(body: Record<string, unknown>): Answer {
    let key: string | undefined;
    let secret: string | undefined;
    try {
      key = optText(body, 'key');
      secret = optText(body, 'secret');
    } catch (e) {
      if (e instanceof DecodeError) return decodeFailed(e);
      throw e;
    }
    for (const org of this.orgs)
      for (const credential of org.credentials)
        if (credential.scheme === 'oauth' && credential.name === key && credential.secret === secret) {
          const accessToken = randomBytes(24).toString('base64url');
          this.#tokens.set(accessToken, { org, credential });
          return json(200, JSON.stringify({ data: { accessToken, ttlSeconds: 3600 }, errors: null }));
        }
    return json(
      401,
      JSON.stringify({ data: null, errors: [{ code: 401, message: 'Invalid key or secret' }] }),
    );
  }
}

const unauthorized = () => capError(401, 'Unauthorized: invalid credentials', 401);

/** The Points access group (negativePointsAdjustment's prerequisite). */
export const notInPointsGroup = () =>
  capError(4000, 'not authorized: the Points access group is required', 403);
