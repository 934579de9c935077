/**
 * The HTTP client stage: undici pools per origin, authentication schemes, retries of idempotent
 * reads, pacing, and recorded, redacted exchanges (the evidence every later stage reads).
 */

export {
  type AuthProvider,
  type AuthScheme,
  type AuthTransport,
  authFromProfile,
  capillaryBasicAuth,
  capillaryBasicValue,
  capillaryOAuthAuth,
  customHeadersAuth,
  fabricBearerAuth,
  md5hex,
  noAuth,
  type OAuthOptions,
  type ProfileCredentials,
  type TokenResponse,
} from './auth.ts';
export {
  type ApiFamily,
  DEADLINE_CODE,
  type Exchange,
  type ExchangeError,
  isTimeout,
  type RecordedRequest,
  type RecordedResponse,
  TIMEOUT_CODES,
} from './exchange.ts';
export {
  buildQueryString,
  type CallAuth,
  type CallOptions,
  type ClientLimits,
  createHttpClient,
  DEFAULT_MAX_BODY_BYTES,
  expandPath,
  type HttpClient,
  type HttpClientOptions,
  type QueryValue,
} from './http-client.ts';
export {
  type Clock,
  type ConcurrencyGate,
  type ConcurrencyGateOptions,
  createConcurrencyGate,
  createRateLimiter,
  DEFAULT_MAX_WAITING,
  type RateLimiter,
  type RateLimiterOptions,
  type Release,
  sleep,
  systemClock,
} from './rate-limit.ts';
export {
  CURL_ENV,
  createTextRedactor,
  isOAuthTokenRequest,
  REDACTED,
  redactExchange,
  redactHeaders,
  redactHeaderValue,
  redactJson,
  SENSITIVE_HEADERS,
  SENSITIVE_KEYS,
  shellWord,
  toCurl,
} from './redact.ts';
