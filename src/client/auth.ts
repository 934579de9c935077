/**
 * Authentication header providers, one per scheme: Capillary Basic (`username:md5hex(password)`),
 * Capillary OAuth (a cached token in `X-CAP-API-OAUTH-TOKEN`), a pre-issued Capillary OAuth token,
 * fabric Bearer, and two on purpose for authentication scenarios: no credentials at all, or
 * exactly the headers given.
 */

import { createHash } from 'node:crypto';
import { toolError } from '../errors.ts';
import { headerCannotCarry } from '../profile/header-value.ts';
import type { CapillaryAuth } from '../profile/types.ts';
import type { Exchange, RecordedExchange } from './exchange.ts';

/** The scheme a provider implements, for reports and logs. */
export type AuthScheme =
  | 'capillary-basic'
  | 'capillary-oauth'
  | 'capillary-oauth-token'
  | 'fabric-bearer'
  | 'none'
  | 'custom';

/** What a token request returned: the recorded (redacted) exchange, and the body as received. */
export interface TokenResponse {
  /** The exchange as recorded (redacted); its `error` is set when no response arrived. */
  readonly exchange: RecordedExchange;
  /** The parsed response body before redaction (the token itself); undefined when not JSON. */
  readonly json: unknown;
  /** The exchange as received, where the transport keeps it (the HTTP client's does): what a scenario judges. */
  readonly judged?: Exchange;
}

/**
 * How a provider reaches the target's token endpoint. The HTTP client supplies it, so a token
 * request is paced, timed out and recorded like every other exchange.
 */
export interface AuthTransport {
  /** `POST {capillaryBaseUrl}/v3/oauth/token/generate` with `{key, secret}`. Never rejects for target problems. */
  requestOAuthToken(credentials: { key: string; secret: string }): Promise<TokenResponse>;
}

/** Produces the authentication headers of a request. */
export interface AuthProvider {
  readonly scheme: AuthScheme;
  /**
   * The headers to add to one request (names in lower case).
   * @throws LoyaltyConformanceError `LC_ERR_AUTH_TOKEN` when a token cannot be obtained.
   */
  headers(transport: AuthTransport): Promise<Record<string, string>>;
  /**
   * Values to redact from every exchange made with this provider: the credentials, the forms
   * derived from them and the tokens obtained so far.
   */
  secrets(): readonly string[];
  /** Forgets a cached token, so the next request obtains a new one (no-op for static schemes). */
  invalidate(): void;
  /**
   * False when `headers` (given by {@link headers} earlier) carry a token it would no longer give:
   * expired or replaced since. Absent for schemes whose headers never change.
   */
  isCurrent?(headers: Readonly<Record<string, string>>): boolean;
  /**
   * Told that the target refused `headers` (given by {@link headers} earlier) with `status`: a
   * 401, or a 403 or 2xx naming no code but 401 or 403. True when they carried a token this provider
   * fetched itself (but for a 401, one the target had accepted before: see {@link accepted}): that token is
   * forgotten (unless already replaced), so a resend gets a new one. Absent for credentials it
   * cannot renew (Basic, a pre-issued token, fabric's Bearer, none or headers given on purpose):
   * their refusal stands.
   */
  refused?(headers: Readonly<Record<string, string>>, status: number): boolean;
  /**
   * Told that the target answered `headers` past authentication (any status but 401, 403, 429 and
   * 5xx). A token once accepted and then refused 403 was revoked; a token refused 403 from its
   * first use may lack an access group, which a new one would lack too.
   */
  accepted?(headers: Readonly<Record<string, string>>): void;
  /**
   * The latest token request this provider sent (answered with a token or not), or undefined
   * before its first: the run's own token exchange, which CAP-AUTH-TOKEN-GENERATE judges instead
   * of asking for a token of its own (a target may issue one token per client per minute).
   * Absent for schemes that request no token.
   */
  tokenRequest?(): TokenResponse | undefined;
}

/** Lowercase hex md5 digest: what Capillary expects in place of a till's password. */
export function md5hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The `Authorization` value of a Capillary till: `Basic base64(username:md5hex(password))`. */
export function capillaryBasicValue(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${md5hex(password)}`, 'utf8').toString('base64')}`;
}

/** Capillary Basic authentication with a till's username and (plain) password. */
export function capillaryBasicAuth(credentials: { username: string; password: string }): AuthProvider {
  const value = capillaryBasicValue(credentials.username, credentials.password);
  const digest = md5hex(credentials.password);
  const secrets = Object.freeze([credentials.password, digest, value, value.slice('Basic '.length)]);
  return {
    scheme: 'capillary-basic',
    headers: async () => ({ authorization: value }),
    secrets: () => secrets,
    invalidate: () => {},
  };
}

/** Options of {@link capillaryOAuthAuth}. */
export interface OAuthOptions {
  /** Clock in epoch milliseconds (tests); default `Date.now`. */
  now?: () => number;
  /**
   * How long before its expiry a token is replaced. Default: a tenth of its lifetime plus 1 s, at
   * most 30 s and at most half its lifetime, so a token is never sent in its last moments (clock skew, slow requests). The second
   * is for expiries kept in whole seconds (a JWT's `exp`, as Capillary's tokens): such a token may
   * die up to 1 s before `ttlSeconds` have passed.
   */
  refreshMarginMs?: number;
  /** Lifetime assumed when the token response has no usable `ttlSeconds`; default 300. */
  defaultTtlSeconds?: number;
}

const MAX_REFRESH_MARGIN_MS = 30_000;
/** A token whose expiry is kept in whole seconds lives up to this much less than its ttlSeconds. */
const WHOLE_SECOND_EXPIRY_MS = 1_000;
const OAUTH_TOKEN_HEADER = 'x-cap-api-oauth-token';
const MAX_REMEMBERED_TOKENS = 8;

/**
 * Capillary OAuth: obtains a token from the token endpoint, sends it as `X-CAP-API-OAUTH-TOKEN`,
 * reuses it until shortly before it expires. Concurrent requests share one token request
 * (single flight); a failed request is not cached, so the next request tries again.
 */
export function capillaryOAuthAuth(
  credentials: { key: string; secret: string },
  options: OAuthOptions = {},
): AuthProvider {
  const now = options.now ?? Date.now;
  const defaultTtlSeconds = options.defaultTtlSeconds ?? 300;
  const tokens: string[] = [];
  /** Tokens of `tokens` the target has answered past authentication. */
  const accepted = new Set<string>();
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;
  let lastRequest: TokenResponse | undefined;

  const fetchToken = async (transport: AuthTransport): Promise<string> => {
    const requestedAt = now();
    lastRequest = await transport.requestOAuthToken({
      key: credentials.key,
      secret: credentials.secret,
    });
    const { exchange, json } = lastRequest;
    const fail = (reason: string) =>
      toolError('LC_ERR_AUTH_TOKEN', {
        url: exchange.request.url,
        reason,
        exchangeId: exchange.id,
        ...(exchange.response ? { status: exchange.response.status } : {}),
        ...(exchange.error ? { errorCode: exchange.error.code } : {}),
      });
    if (exchange.error) throw fail(`${exchange.error.code}: ${exchange.error.message}`);
    const status = exchange.response?.status ?? 0;
    // Only the body's shape is documented: a 201 carrying the token is as good as a 200.
    if (status < 200 || status >= 300) throw fail(`the token endpoint answered HTTP ${status}`);
    const data = isRecord(json) && isRecord(json.data) ? json.data : undefined;
    const token = data?.accessToken;
    if (typeof token !== 'string' || token === '') throw fail('the response has no data.accessToken');
    // Sent, undici would refuse the header and the request would read as one the target never answered.
    if (headerCannotCarry(token))
      throw fail('its data.accessToken holds a line break or another character an HTTP header cannot carry');
    const declared = typeof data?.ttlSeconds === 'string' ? Number(data.ttlSeconds) : data?.ttlSeconds;
    const ttl = typeof declared === 'number' && declared > 0 ? declared : defaultTtlSeconds;
    const lifetimeMs = ttl * 1000;
    // At most half the lifetime: a token of a second or two is still used for a while.
    const margin =
      options.refreshMarginMs ??
      Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs / 10 + WHOLE_SECOND_EXPIRY_MS, lifetimeMs / 2);
    // Earlier tokens stay redactable for a while: a slow response may still echo one.
    tokens.push(token);
    if (tokens.length > MAX_REMEMBERED_TOKENS) accepted.delete(tokens.shift()!);
    // Measured from the request, not the response: the server's clock started before we heard back.
    cached = { token, refreshAt: requestedAt + Math.max(0, lifetimeMs - margin) };
    return token;
  };

  const token = (transport: AuthTransport): Promise<string> => {
    if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
    pending ??= fetchToken(transport).finally(() => {
      pending = undefined;
    });
    return pending;
  };

  return {
    scheme: 'capillary-oauth',
    headers: async (transport) => ({ [OAUTH_TOKEN_HEADER]: await token(transport) }),
    secrets: () => [credentials.secret, credentials.key, ...tokens],
    invalidate: () => {
      cached = undefined;
    },
    isCurrent: (headers) =>
      cached !== undefined && now() < cached.refreshAt && headers[OAUTH_TOKEN_HEADER] === cached.token,
    accepted: (headers) => {
      const sent = headers[OAUTH_TOKEN_HEADER];
      if (sent !== undefined && tokens.includes(sent)) accepted.add(sent);
    },
    refused: (headers, status) => {
      const sent = headers[OAUTH_TOKEN_HEADER];
      if (sent === undefined || !tokens.includes(sent)) return false;
      // A 403 to a token never accepted may be its access group (a client without the Points
      // scope, refused by a gateway naming no 4000): a new token would carry the same groups.
      if (status !== 401 && !accepted.has(sent)) return false;
      // Concurrent calls refused with the same token forget it once: a newer one stays.
      if (cached?.token === sent) cached = undefined;
      return true;
    },
    tokenRequest: () => lastRequest,
  };
}

/**
 * Capillary OAuth with a token issued beforehand (profile scheme `oauth-token`, e.g. from a vault
 * when the team may not hand out the client secret): sends it as `X-CAP-API-OAUTH-TOKEN` and
 * never calls the token endpoint. `invalidate` cannot renew it, so it does nothing: a token that
 * expires mid-run shows up as 401s, which is the target's honest answer.
 */
export function capillaryOAuthTokenAuth(credentials: { token: string }): AuthProvider {
  const secrets = Object.freeze([credentials.token]);
  return {
    scheme: 'capillary-oauth-token',
    headers: async () => ({ 'x-cap-api-oauth-token': credentials.token }),
    secrets: () => secrets,
    invalidate: () => {},
  };
}

/** fabric: `Authorization: Bearer <token>`. */
export function fabricBearerAuth(credentials: { token: string }): AuthProvider {
  const secrets = Object.freeze([credentials.token]);
  return {
    scheme: 'fabric-bearer',
    headers: async () => ({ authorization: `Bearer ${credentials.token}` }),
    secrets: () => secrets,
    invalidate: () => {},
  };
}

/** No credentials at all (authentication scenarios, unauthenticated operations). */
export function noAuth(): AuthProvider {
  return { scheme: 'none', headers: async () => ({}), secrets: () => [], invalidate: () => {} };
}

/**
 * Exactly these headers, e.g. a wrong or malformed credential sent on purpose. Their values are
 * redacted like any credential when their names are sensitive (`authorization`, ...).
 */
export function customHeadersAuth(headers: Readonly<Record<string, string>>): AuthProvider {
  const lower = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  return { scheme: 'custom', headers: async () => ({ ...lower }), secrets: () => [], invalidate: () => {} };
}

/** The credentials of a profile: a Capillary org's, or fabric's. */
export type ProfileCredentials = CapillaryAuth | { scheme: 'bearer'; token: string };

/** The provider for a profile's credentials. */
export function authFromProfile(credentials: ProfileCredentials, options: OAuthOptions = {}): AuthProvider {
  switch (credentials.scheme) {
    case 'basic':
      return capillaryBasicAuth(credentials);
    case 'oauth':
      return capillaryOAuthAuth(credentials, options);
    case 'oauth-token':
      return capillaryOAuthTokenAuth(credentials);
    case 'bearer':
      return fabricBearerAuth(credentials);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
