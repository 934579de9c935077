import { request } from 'undici';
import type { Exchange } from '../client/exchange.ts';
import {
  type AuthProvider,
  type AuthTransport,
  authFromProfile,
  type TokenResponse,
} from '../client/index.ts';
import { recordExchange } from '../client/redact.ts';
import { toolError } from '../errors.ts';
import type { Profile } from '../profile/types.ts';
import type { AuthMode } from './select.ts';

/**
 * Credentials in contracts: a contract holds a placeholder credential (matched by a regex) and
 * two headers saying for whom the request is made, `X-LC-Principal` (the org, or `fabric`) and
 * `X-LC-Auth` (which of its credentials). At verification, a request filter replaces the
 * placeholder with the target profile's real credentials and removes the two headers.
 */

/** The org (Capillary) or `fabric` a request acts for. */
export const PRINCIPAL_HEADER = 'X-LC-Principal';
/** `default`, `alternate`, `restricted` or `none`: which credentials of the principal. */
export const AUTH_HEADER = 'X-LC-Auth';
/** The text of a placeholder credential. */
export const PLACEHOLDER = 'LC-PLACEHOLDER';

/** The authentication schemes a credential header can take. */
export type CredentialScheme = 'basic' | 'oauth' | 'oauth-token' | 'bearer';

/** Every scheme, for sweeping placeholders of any of them out of a request. */
const CREDENTIAL_SCHEMES: readonly CredentialScheme[] = ['basic', 'oauth', 'oauth-token', 'bearer'];

/** A placeholder credential header: its name, example value and the regex a contract matches it with. */
export interface PlaceholderHeader {
  readonly name: string;
  readonly example: string;
  readonly pattern: string;
}

/**
 * The placeholder header of a scheme. `oauth` and `oauth-token` share one: the target sees the
 * same `X-CAP-API-OAUTH-TOKEN` whether the suite obtained the token or was given it, so a contract
 * exported with either verifies against a profile using the other.
 */
export function placeholderHeader(scheme: CredentialScheme): PlaceholderHeader {
  switch (scheme) {
    case 'basic':
      return { name: 'Authorization', example: `Basic ${PLACEHOLDER}`, pattern: '^Basic \\S+$' };
    case 'oauth':
    case 'oauth-token':
      return { name: 'X-CAP-API-OAUTH-TOKEN', example: PLACEHOLDER, pattern: '^\\S+$' };
    case 'bearer':
      return { name: 'Authorization', example: `Bearer ${PLACEHOLDER}`, pattern: '^Bearer \\S+$' };
  }
}

/** The credentials of a principal in a profile for one mode; undefined for `none`. */
export function credentialsOf(
  profile: Profile,
  principal: string,
  mode: AuthMode,
): Parameters<typeof authFromProfile>[0] | undefined {
  if (mode === 'none') return undefined;
  if (principal === 'fabric') return profile.fabric?.auth;
  const org = profile.capillary?.orgs.find((o) => o.id === principal);
  if (!org) return undefined;
  return mode === 'default' ? org.auth : mode === 'alternate' ? org.alternateAuth : org.restrictedAuth;
}

/** Minimal request view the filter works on (Express's `req`). */
interface FilterRequest {
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The verifier's request filter: for a request carrying `X-LC-Principal` (or, failing that, for
 * `fallbackPrincipal`), removes the placeholder credential and the two headers and sets the real
 * credential of the target profile (an `oauth-token` org's token as is in `X-CAP-API-OAUTH-TOKEN`,
 * with no token request). State set-up calls of the verifier pass through untouched.
 */
export function createCredentialFilter(
  profile: Profile,
  fallbackPrincipal: string | undefined,
): (req: FilterRequest, res: unknown, next: (error?: unknown) => void) => void {
  const providers = new Map<string, AuthProvider>();
  const transport = tokenTransport(profile);
  const headersFor = async (principal: string, mode: AuthMode): Promise<Record<string, string>> => {
    const credentials = credentialsOf(profile, principal, mode);
    if (!credentials) return {};
    const key = `${principal}/${mode}`;
    let provider = providers.get(key);
    if (!provider) {
      provider = authFromProfile(credentials);
      providers.set(key, provider);
    }
    return provider.headers(transport);
  };
  return (req, _res, next) => {
    if (req.url?.startsWith('/_pact')) return next();
    const header = (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    };
    const principal = header(PRINCIPAL_HEADER) ?? fallbackPrincipal;
    const mode = (header(AUTH_HEADER) ?? 'default') as AuthMode;
    if (!principal) return next();
    for (const name of [PRINCIPAL_HEADER, AUTH_HEADER]) delete req.headers[name.toLowerCase()];
    for (const scheme of CREDENTIAL_SCHEMES) {
      const name = placeholderHeader(scheme).name.toLowerCase();
      if (String(req.headers[name] ?? '').includes(PLACEHOLDER)) delete req.headers[name];
    }
    headersFor(principal, mode).then((headers) => {
      Object.assign(req.headers, headers);
      next();
    }, next);
  };
}

/**
 * How OAuth credentials obtain a token during verification: `POST /v3/oauth/token/generate` on
 * the profile's Capillary base URL.
 */
function tokenTransport(profile: Profile): AuthTransport {
  return {
    async requestOAuthToken(credentials): Promise<TokenResponse> {
      const base = profile.capillary?.baseUrl;
      if (!base) {
        throw toolError('LC_ERR_CLIENT_BASE_URL', { family: 'capillary', reason: 'the profile gives none' });
      }
      const url = `${base}/v3/oauth/token/generate`;
      const secrets = [credentials.key, credentials.secret];
      const startedAt = new Date();
      const exchange: Exchange = {
        id: 0,
        operationId: 'generateOAuthToken',
        family: 'capillary',
        principal: 'pact-verifier',
        request: { method: 'POST', url, headers: { 'content-type': 'application/json' } },
        startedAt: startedAt.toISOString(),
        durationMs: 0,
        attempts: 1,
      };
      try {
        const answer = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(credentials),
          headersTimeout: profile.limits.timeoutMs,
          bodyTimeout: profile.limits.timeoutMs,
        });
        const text = await answer.body.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        return {
          exchange: recordExchange(
            { ...exchange, response: { status: answer.statusCode, headers: {}, bodyText: '' } },
            secrets,
          ),
          json,
        };
      } catch (error) {
        return {
          exchange: recordExchange(
            {
              ...exchange,
              error: {
                code: (error as { code?: string }).code ?? 'ERROR',
                message: (error as Error).message,
              },
            },
            secrets,
          ),
          json: undefined,
        };
      }
    },
  };
}
