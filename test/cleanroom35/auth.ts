/**
 * Guards. Capillary: a custom `capillary` guard reading `Authorization: Basic
 * base64(username:md5hex(password))` of a till, or `X-CAP-API-OAUTH-TOKEN` issued by
 * POST /v3/oauth/token/generate (a row of oauth_tokens, as Str::random(40)). fabric: Sanctum's
 * personal access tokens, `Bearer {id}|{plain}` checked against the stored sha256. A request neither
 * guard knows meets the handler's AuthenticationException: 401 `{"message":"Unauthenticated."}`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Credential, OrgRow } from './data.ts';
import { type AppRequest, type HttpAnswer, httpError, json, validate, validationFailed } from './laravel.ts';

export interface Caller {
  readonly org: OrgRow;
  readonly credential: Credential;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const TOKEN_TTL_SECONDS = 3600;

export class CapillaryGuard {
  private readonly tokens = new Map<string, { caller: Caller; expires: number }>();

  constructor(private readonly orgs: readonly OrgRow[]) {}

  private find(scheme: Credential['scheme'], name: string): Caller | undefined {
    for (const org of this.orgs)
      for (const credential of org.credentials)
        if (credential.scheme === scheme && credential.name === name) return { org, credential };
    return undefined;
  }

  /** The caller of a request, or undefined (the 401). */
  user(req: AppRequest): Caller | undefined {
    const token = req.headers['x-cap-api-oauth-token'];
    if (token !== undefined) {
      const issued = this.tokens.get(token.trim());
      return issued && issued.expires > Date.now() ? issued.caller : undefined;
    }
    const match = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const caller = this.find('basic', decoded.slice(0, colon));
    return caller && md5(caller.credential.secret) === decoded.slice(colon + 1).toLowerCase()
      ? caller
      : undefined;
  }

  /** POST /v3/oauth/token/generate. */
  async generate(req: AppRequest): Promise<HttpAnswer> {
    const failures = validate(req.input, { key: ['required', 'string'], secret: ['required', 'string'] });
    if (failures.length > 0) return validationFailed(failures);
    const caller = this.find('oauth', String(req.input.key));
    if (!caller || caller.credential.secret !== req.input.secret)
      return json(
        { data: null, errors: [{ status: false, code: 401, message: 'Invalid key or secret' }] },
        401,
      );
    const accessToken = randomBytes(30).toString('base64url').slice(0, 40);
    this.tokens.set(accessToken, { caller, expires: Date.now() + TOKEN_TTL_SECONDS * 1000 });
    return json({ data: { accessToken, ttlSeconds: TOKEN_TTL_SECONDS }, errors: null });
  }
}

/**
 * Request::bearerToken(): what follows the last `Bearer ` (any case) in the header, up to a comma.
 */
export function bearerToken(header: string): string | undefined {
  const at = header.toLowerCase().lastIndexOf('bearer ');
  if (at < 0) return undefined;
  const token = header.slice(at + 'bearer '.length).split(',')[0];
  return token === '' ? undefined : token;
}

/** Sanctum: personal_access_tokens holds the sha256 of the plain part of `{id}|{plain}`. */
export class SanctumGuard {
  private readonly hashes: Map<string, string>;

  constructor(tokens: readonly string[]) {
    this.hashes = new Map(
      tokens.map((token) => {
        const [id = '', plain = ''] = token.split('|');
        return [id, sha256(plain)];
      }),
    );
  }

  check(req: AppRequest): boolean {
    const token = bearerToken(req.headers.authorization ?? '');
    if (!token) return false;
    const bar = token.indexOf('|');
    if (bar < 0) return [...this.hashes.values()].includes(sha256(token));
    return this.hashes.get(token.slice(0, bar)) === sha256(token.slice(bar + 1));
  }
}

export const unauthenticated = (): HttpAnswer => httpError(401, 'Unauthenticated.');
