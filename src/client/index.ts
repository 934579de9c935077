/**
 * The HTTP client stage: undici pools per origin (with each family's TLS, through the proxy the
 * environment names), authentication schemes, retries of idempotent reads, rate limits waited
 * out within a budget, pacing, bounded body reading, and each exchange as received (what checks
 * judge) and as recorded, redacted (the evidence every report and log reads).
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
  createOriginDispatcher,
  type OriginDispatcher,
  type OriginDispatcherOptions,
} from './connection.ts';
export {
  type ApiFamily,
  BODY_TEXT_MAX_CHARS,
  CUT_BODY_TEXT_MAX_CHARS,
  DEADLINE_CODE,
  describeBodyIssue,
  describeRateLimit,
  describeRedirect,
  type Exchange,
  type ExchangeError,
  isRateLimited,
  isTimeout,
  keepEvidence,
  MAX_JSON_DEPTH,
  type RateLimitMark,
  type RecordedExchange,
  type RecordedRequest,
  type RecordedResponse,
  TIMEOUT_CODES,
} from './exchange.ts';
export {
  buildQueryString,
  type CallAuth,
  type Called,
  type CallOptions,
  type ClientLimits,
  createHttpClient,
  DEFAULT_MAX_BODY_BYTES,
  expandPath,
  type HttpClient,
  type HttpClientOptions,
  MIN_MAX_BODY_BYTES,
  type QueryValue,
} from './http-client.ts';
export {
  maskProxyUrl,
  NO_PROXIES,
  type ProxyEnv,
  type ProxyRoute,
  type ProxySettings,
  proxyFor,
  readProxySettings,
} from './proxy.ts';
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
  createRateLimitBudget,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  MAX_RATE_LIMIT_BACKOFF_MS,
  MAX_RATE_LIMIT_RETRIES,
  parseRetryAfter,
  RATE_LIMIT_BACKOFF_MS,
  type RateLimitBudget,
} from './rate-limit-retry.ts';
export {
  alreadyRecorded,
  CURL_ENV,
  createTextRedactor,
  derivedSecrets,
  isOAuthTokenRequest,
  REDACTED,
  recordExchange,
  redactExchange,
  redactHeaders,
  redactHeaderValue,
  redactJson,
  SENSITIVE_HEADERS,
  SENSITIVE_KEYS,
  shellWord,
  toCurl,
} from './redact.ts';
export { jsonDepthExceeds } from './response-body.ts';
export {
  type ClientTls,
  describeTlsFailure,
  isTlsCode,
  loadClientTls,
  type TlsContext,
} from './tls.ts';
