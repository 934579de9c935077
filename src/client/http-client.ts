/**
 * The suite's HTTP client: calls spec operations by operationId over one undici `Pool` per origin
 * (with the family's TLS, and through the proxy the environment names for it, see
 * `connection.ts`), paced by a token bucket and a concurrency gate, waits out rate limits (any method, one budget
 * per client, `rate-limit-retry.ts`), retries idempotent reads after network errors,
 * sends again a request lost to a pooled connection the target closed while idle (POSTs only on a
 * reset, `stale-connection.ts`),
 * reads bodies within a byte cap, and returns every exchange twice: as received, to be judged,
 * and as recorded (redacted), the only form that goes out, made when first read (with a redacted
 * head, made at once, for what the run reads of every exchange). Target problems (timeouts, refused
 * connections, garbage, hostile bodies) are data in the returned exchange; only misuse of the
 * client throws.
 *
 * Why two exchanges rather than redacting before judging: a target's answer may hold text equal to
 * a secret (a password `12500` and a balance of 12500.5), and an answer judged with `[REDACTED]` in
 * its place fails a correct target. Why a pair from the client rather than redaction later: the
 * client alone knows every secret of an exchange (OAuth tokens it fetched, values under credential
 * headers and keys), and the recorded form's type (`RecordedExchange`) is the only one results,
 * reporters and callbacks take, so an exchange as received cannot reach them.
 */

import { type IncomingHttpHeaders, maxHeaderSize } from 'node:http';
import type { Dispatcher } from 'undici';
import { toolError } from '../errors.ts';
import { proxyCredentials } from '../profile/secrets.ts';
import type { SpecOperation, SpecRegistry } from '../spec/index.ts';
import { requestAnswer } from './answer-handler.ts';
import { AttemptAbort } from './attempt-abort.ts';
import {
  type AuthProvider,
  type AuthTransport,
  customHeadersAuth,
  noAuth,
  type TokenResponse,
} from './auth.ts';
import { type AbortLike, createCallAborts } from './call-abort.ts';
import { createOriginDispatcher, type OriginDispatcher } from './connection.ts';
import { startDeadline } from './deadline.ts';
import {
  type ApiFamily,
  BODY_TEXT_MAX_CHARS,
  DEADLINE_CODE,
  type Exchange,
  type ExchangeError,
  keepEvidence,
  type RecordedExchange,
  type RecordedHead,
  type RecordedResponse,
  TIMEOUT_CODES,
} from './exchange.ts';
import { type ProxyEnv, type ProxySettings, proxyFor, readProxySettings } from './proxy.ts';
import { createConcurrencyGate, createRateLimiter, sleep } from './rate-limit.ts';
import {
  createRateLimitBudget,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  ON_DISPATCH,
  type RateLimitBudget,
  type RateLimitedRequestOptions,
  type RateLimitRetryOptions,
  type RateLimitTally,
  rateLimitDispatcher,
  rateLimitRetry,
} from './rate-limit-retry.ts';
import { createGrowingRedactor, derivedSecrets, recordHead, recordLater } from './redact.ts';
import { BodyReadError, decodeResponseBody, type ReadBody } from './response-body.ts';
import { lostToIdleConnection, watchStaleConnections } from './stale-connection.ts';
import type { ClientTls } from './tls.ts';

/** The limits the client applies: a profile's `limits` (structurally the same). */
export interface ClientLimits {
  /** Per attempt, from sending to the last body byte; 0: none. */
  timeoutMs: number;
  /**
   * Retries of idempotent reads (GET) after a network error, a timeout or a 503 without
   * `Retry-After`; mutations never (one that may have been processed must not be sent twice). A
   * request lost to a pooled connection the target closed while idle is sent again (a POST only
   * when the connection was reset, never when the target ended it) and is not counted here
   * (`stale-connection.ts`).
   */
  retries: number;
  /** Requests started per second, over all origins; 0: unlimited. */
  requestsPerSecond: number;
  /** Requests in flight, and connections per origin; 0: unlimited. */
  concurrency: number;
  /**
   * Milliseconds the whole client may spend waiting out rate-limit answers (429, 503 with
   * `Retry-After`), counted in wall-clock time; 0: never wait. Default
   * {@link DEFAULT_RATE_LIMIT_WAIT_MS} (a minute).
   */
  rateLimitWaitMs?: number;
  /**
   * Bytes of a response body read (on the wire, and again after `Content-Encoding` decoding);
   * past it the client stops reading and the body is recorded cut. At least 1024. Default
   * {@link DEFAULT_MAX_BODY_BYTES} (1 MiB).
   */
  maxBodyBytes?: number;
}

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** The operations the client may call, with their method, path and family. */
  registry: SpecRegistry;
  /** Base URL per API family; the operation's path is appended (fabric's includes `/api`). */
  baseUrls: Partial<Record<ApiFamily, string>>;
  /**
   * `timeoutMs` per attempt (0: none), `retries` of idempotent reads, `requestsPerSecond`
   * (0: unlimited), `concurrency` (requests in flight and connections per origin; 0: unlimited),
   * `rateLimitWaitMs` (the client's budget for waiting out rate limits), `maxBodyBytes`.
   */
  limits: ClientLimits;
  /** Values redacted from every exchange wherever they appear (the profile's credentials). */
  secrets?: readonly string[];
  /** Receives every exchange as recorded (redacted), token requests included. */
  onExchange?: (exchange: RecordedExchange) => void;
  /** First retry delay; each next retry waits twice as long, up to 2 s. Default 100 ms. */
  retryDelayMs?: number;
  /** The `user-agent` header; default `loyalty-conformance`. */
  userAgent?: string;
  /** Numbers exchanges; pass one counter to several clients to number a whole run. Default: 1, 2, … per client. */
  nextId?: () => number;
  /** TLS per family (an extra CA, a client certificate: `loadClientTls`); Node's defaults without. */
  tls?: Partial<Record<ApiFamily, ClientTls | undefined>>;
  /**
   * Where `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY` (or their lower-case forms) are read, once,
   * when the client is created; default `process.env`. Their credentials are redacted like `secrets`.
   */
  proxyEnv?: ProxyEnv;
}

/**
 * The credentials of one call: a provider, `'none'` (no credentials), or exactly the headers
 * given (a wrong or malformed credential on purpose).
 */
export type CallAuth = AuthProvider | 'none' | { headers: Readonly<Record<string, string>> };

/** One query value; numbers and booleans are sent as their `String()`. */
export type QueryValue = string | number | boolean;

/** What to send in one call. */
export interface CallOptions {
  /** The org (Capillary) or `fabric` the call acts for; recorded on the exchange. */
  principal: string;
  auth: CallAuth;
  /**
   * Query parameters in order; an array repeats the key. Commas stay literal
   * (`identifierName=email,mobile`); every other reserved character is percent-encoded.
   */
  query?: Readonly<Record<string, QueryValue | readonly QueryValue[] | undefined>>;
  /** Values of the operation's `{name}` path segments, percent-encoded. All are required. */
  pathParams?: Readonly<Record<string, string | number>>;
  /** A JSON body, sent with `content-type: application/json`. */
  body?: unknown;
  /** A body sent byte for byte instead of `body` (malformed-input tests); content type stays JSON. */
  rawBody?: string;
  /** Extra headers, applied last; `null` removes a default (`accept`, `content-type`, `user-agent`). */
  headers?: Readonly<Record<string, string | null>>;
  /** Cancels the call; it then rejects with the signal's reason instead of returning an exchange. */
  signal?: AbortSignal;
}

/**
 * One call's exchange twice: `judged`, as received (status, headers, body as the target sent them;
 * the body text cut like the evidence), for scenarios and checks only; `recorded`, redacted, for
 * everything that leaves the run.
 */
export interface Called {
  readonly judged: Exchange;
  /** Made (redacted, cut) when first read: read it only for an exchange something reports. */
  readonly recorded: RecordedExchange;
  /** What the run reads of every exchange (the target health, the stop confirmation), redacted. */
  readonly head: RecordedHead;
}

/** The client. */
export interface HttpClient {
  /**
   * Calls an operation and returns its exchange as received and as recorded; a target failure is
   * in their `error`.
   * @throws LoyaltyConformanceError `LC_ERR_SPEC_OPERATION_UNKNOWN`, `LC_ERR_CLIENT_BASE_URL`,
   *   `LC_ERR_CLIENT_REQUEST`, `LC_ERR_AUTH_TOKEN` (OAuth token not obtained), `LC_ERR_CLIENT_CLOSED`.
   */
  exchange(operationId: string, options: CallOptions): Promise<Called>;
  /** {@link HttpClient.exchange}, recorded form only. Same throws. */
  call(operationId: string, options: CallOptions): Promise<RecordedExchange>;
  /**
   * Redacts text built from exchanges as received (a check's message quoting a body): every secret
   * the client redacts from exchanges so far, the OAuth tokens it fetched and the values it found
   * under credential headers and keys included.
   */
  redact(text: string): string;
  /** Refuses new calls, lets calls in flight finish, closes the connections. */
  close(): Promise<void>;
}

/**
 * A call's exchange, its recorded form made only when first read: the runner reads it for the
 * exchanges a report keeps, the token provider for its own. Recorded later from the exchange as
 * received, which scenarios and checks only read (a request body, the caller's, was kept by
 * reference before too), with the secrets known at the call: the same record an eager one was.
 */
class LazyCalled implements Called, TokenResponse {
  readonly judged: Exchange;
  constructor(
    raw: Exchange,
    private readonly record: () => RecordedExchange,
    readonly head: RecordedHead,
    readonly json: unknown,
  ) {
    this.judged = keepEvidence(raw);
  }
  get recorded(): RecordedExchange {
    return this.record();
  }
  get exchange(): RecordedExchange {
    return this.record();
  }
}

/** Response bytes read per exchange by default (`limits.maxBodyBytes`). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** The smallest `limits.maxBodyBytes`: below it, even an ordinary error envelope would be cut. */
export const MIN_MAX_BODY_BYTES = 1024;
const MAX_RETRY_DELAY_MS = 2_000;
/**
 * Sends of one exchange again after its token expired during a rate-limit wait. A token lives far
 * longer than one wait: a second renewal means a target issuing tokens that die at once.
 */
const MAX_TOKEN_RENEWALS = 2;
/**
 * Sends of one exchange again with a new OAuth token after the target refused one the suite
 * fetched itself (revoked early, or the target's clock ahead of ours; see {@link refusesToken}). A
 * refusal means the request was not processed, so any method is resent; a new token refused too is
 * the target's answer.
 */
const MAX_REFUSED_TOKEN_RESENDS = 1;
const TOKEN_OPERATION_ID = 'generateOAuthToken';
const TOKEN_PATH = '/v3/oauth/token/generate';

/** Statuses that say nothing of whether the credentials passed (besides 5xx). */
const NOT_PAST_AUTHENTICATION: ReadonlySet<number> = new Set([401, 403, 429]);
/** Error codes that name an authentication failure itself: the HTTP statuses, as an envelope may carry them. */
const AUTHENTICATION_CODES: ReadonlySet<number> = new Set([401, 403]);

/**
 * Whether an answer may refuse the token it was sent with: a 401, or a 403 or 2xx whose body names
 * error codes but 401 or 403 none (a 403 naming none too). A target or gateway may answer a revoked
 * token 403, as any failed authentication, or HTTP 200 with the envelope's code 401 (legacy v2:
 * failed calls answered 200, the status in the body; variant hunt 34: the first stopped the run,
 * exit 2, the second failed it). A 403 naming another code reports a rule of the target (4000, the
 * legacy docs' "not authorized": the access group; a code of its own for a store the credentials
 * may not name), which a new token leaves as it was: resending it asked a target issuing one token
 * per client per minute for a second one, and the 429 stopped the run. (Only a 401 is resent for a
 * token never accepted: `AuthProvider.refused`.)
 */
function refusesToken(status: number, json: unknown): boolean {
  if (status === 401) return true;
  const inEnvelope = status >= 200 && status < 300;
  if (status !== 403 && !inEnvelope) return false;
  const errors = (json as { errors?: unknown } | null | undefined)?.errors;
  const codes = Array.isArray(errors)
    ? errors.map((e) => Number((e as { code?: unknown } | null)?.code))
    : [];
  if (inEnvelope && codes.length === 0) return false;
  return codes.every((code) => AUTHENTICATION_CODES.has(code));
}

/** A request ready to send, before redaction. */
interface PreparedRequest {
  operationId?: string;
  family: ApiFamily;
  principal: string;
  method: string;
  origin: string;
  /** Path and query as sent. */
  path: string;
  auth: AuthProvider;
  body?: unknown;
  bodyText?: string;
  rawBody: boolean;
  headers: Readonly<Record<string, string | null>>;
  /** The call's abort (see call-abort.ts). */
  signal?: AbortLike;
}

/** One attempt's result, and when it was on the wire (queueing for a slot or a token excluded). */
type Attempt = { sentAt: Date; sent: number; ended: number } & AttemptOutcome;

type AttemptOutcome =
  | {
      kind: 'response';
      headers: Record<string, string>;
      status: number;
      responseHeaders: Record<string, string>;
      body: ReadBody;
    }
  | {
      kind: 'error';
      headers: Record<string, string>;
      error: ExchangeError;
      /** Lost to a connection the target closed while idle in the pool, before any answer (`stale-connection.ts`). */
      lostToIdleConnection: boolean;
    };

/** Creates a client; no connection is opened before the first call. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { registry, limits } = options;
  validateLimits(limits);
  watchStaleConnections();
  const baseUrls = parseBaseUrls(options.baseUrls);
  const maxBodyBytes = limits.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const rateLimitBudget = createRateLimitBudget(limits.rateLimitWaitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS);
  const retryDelayMs = options.retryDelayMs ?? 100;
  const userAgent = options.userAgent ?? 'loyalty-conformance';
  const proxyEnv = options.proxyEnv ?? process.env;
  const proxies: ProxySettings = readProxySettings(proxyEnv);
  const secrets = [...(options.secrets ?? []), ...proxyCredentials(proxyEnv)];
  /** Every secret redacted from an exchange so far, for {@link HttpClient.redact}. */
  const seenSecrets = createGrowingRedactor(secrets);
  let counter = 0;
  const nextId = options.nextId ?? (() => ++counter);
  const limiter = createRateLimiter({ requestsPerSecond: limits.requestsPerSecond });
  const gate = createConcurrencyGate({ max: limits.concurrency });
  const abortOf = createCallAborts();
  const pools = new Map<string, { pool: OriginDispatcher; dispatcher: Dispatcher }>();
  let closed = false;

  /** One pool per origin and TLS settings (families with equal settings share their pools). */
  const tlsIds = new Map<ClientTls, number>();
  const dispatcherFor = (origin: string, family: ApiFamily): Dispatcher => {
    const tls = options.tls?.[family];
    if (tls && !tlsIds.has(tls)) tlsIds.set(tls, tlsIds.size + 1);
    const key = tls ? `${origin} ${tlsIds.get(tls)}` : origin;
    let entry = pools.get(key);
    if (!entry) {
      const pool = createOriginDispatcher({
        origin,
        timeoutMs: limits.timeoutMs,
        connections: limits.concurrency,
        tls,
        proxy: proxyFor(origin, proxies),
      });
      entry = { pool, dispatcher: rateLimitDispatcher(pool.dispatcher) };
      pools.set(key, entry);
    }
    return entry.dispatcher;
  };

  /** The base URL of each family asked so far: every call asks, and the answer never changes. */
  const bases = new Map<string, { family: ApiFamily; origin: string; path: string }>();
  const baseUrlOf = (family: string, operationId: string) => {
    const known = bases.get(family);
    if (known) return known;
    const base = isFamily(family) ? baseUrls[family] : undefined;
    if (!base) {
      throw toolError('LC_ERR_CLIENT_BASE_URL', {
        family,
        operationId,
        reason: isFamily(family) ? 'the profile gives none' : 'the client knows no such family',
      });
    }
    const found = { family: family as ApiFamily, ...base };
    bases.set(family, found);
    return found;
  };

  /**
   * `Date#toISOString` of each exchange's start, remembered for the last millisecond: a run starts
   * several exchanges a millisecond, and formatting the date was the dearest line of recording one.
   */
  let lastStart = { ms: Number.NaN, iso: '' };
  const isoOf = (date: Date): string => {
    const ms = date.getTime();
    if (ms !== lastStart.ms) lastStart = { ms, iso: date.toISOString() };
    return lastStart.iso;
  };
  /** One transport per principal, made at its first call (a call asks for it before each attempt). */
  const transports = new Map<string, AuthTransport>();
  const transportFor = (principal: string): AuthTransport => {
    let transport = transports.get(principal);
    if (!transport) {
      transport = newTransport(principal);
      transports.set(principal, transport);
    }
    return transport;
  };
  const newTransport = (principal: string): AuthTransport => ({
    async requestOAuthToken(credentials): Promise<TokenResponse> {
      const known = registry.hasOperation(TOKEN_OPERATION_ID);
      const path = known ? registry.getOperation(TOKEN_OPERATION_ID).path : TOKEN_PATH;
      const base = baseUrlOf('capillary', TOKEN_OPERATION_ID);
      return execute({
        ...(known ? { operationId: TOKEN_OPERATION_ID } : {}),
        family: 'capillary',
        principal,
        method: 'POST',
        origin: base.origin,
        path: base.path + path,
        auth: noAuth(),
        body: credentials,
        bodyText: JSON.stringify(credentials),
        rawBody: false,
        headers: {},
      });
    },
  });

  /** Sends a request (retrying idempotent reads), records it, and returns it with its raw JSON. */
  const execute = async (request: PreparedRequest): Promise<TokenResponse & Called> => {
    if (closed) {
      throw toolError('LC_ERR_CLIENT_CLOSED', {
        reason: `${request.operationId ?? request.path} was not sent`,
      });
    }
    const idempotent = request.method === 'GET' || request.method === 'HEAD';
    const transport = transportFor(request.principal);
    const tally: RateLimitTally = { retries: 0, waitedMs: 0 };
    let attempts = 0;
    /** Sends again after a rate-limit wait that outlived the request's token. */
    let renewals = 0;
    /** Sends again with a new token after a refusal of a token the provider fetched itself. */
    let refusedResends = 0;
    /** Sends again after a pooled connection the target closed while idle (which: stale-connection.ts). */
    let resends = 0;
    let first: Attempt | undefined;
    let outcome: Attempt;
    for (;;) {
      attempts += 1;
      // Per attempt: a token that expired during a backoff is replaced before the retry.
      const headers = buildHeaders(request, await request.auth.headers(transport), userAgent);
      outcome = await attempt(request, headers, tally);
      first ??= outcome;
      // A rate-limited request was not processed: any method is sent again, with a fresh token.
      if (tally.credentialsExpired && renewals < MAX_TOKEN_RENEWALS) {
        tally.credentialsExpired = false;
        renewals += 1;
        continue;
      }
      const refusal = outcome.kind === 'response' && refusesToken(outcome.status, outcome.body.json);
      if (
        outcome.kind === 'response' &&
        !refusal &&
        outcome.status < 500 &&
        !NOT_PAST_AUTHENTICATION.has(outcome.status)
      )
        request.auth.accepted?.(headers);
      // A token the suite fetched and held valid, refused: once more with a new one (not processed).
      if (
        outcome.kind === 'response' &&
        refusal &&
        refusedResends < MAX_REFUSED_TOKEN_RESENDS &&
        request.auth.refused?.(headers, outcome.status) === true
      ) {
        refusedResends += 1;
        continue;
      }
      // Lost to a pooled connection the target closed while idle (a reset: it never reached the
      // target; for idempotent methods an end too): sent again on another connection (every pooled
      // one may have closed at once: at most one more send than the pool holds), and it is not a
      // retry of limits.retries.
      if (outcome.kind === 'error' && outcome.lostToIdleConnection && resends <= limits.concurrency) {
        resends += 1;
        continue;
      }
      // A rate-limit answer the budget could not wait out is final: a retry here would wait outside it.
      const retryable = outcome.kind === 'error' || (outcome.status === 503 && !tally.mark);
      if (!idempotent || !retryable || attempts - renewals - refusedResends - resends > limits.retries) break;
      await sleep(Math.min(MAX_RETRY_DELAY_MS, retryDelayMs * 2 ** (attempts - 1)), request.signal);
    }

    // Numbered when recorded, so a token request made for this call comes first.
    const raw: Exchange = {
      id: nextId(),
      ...(request.operationId !== undefined ? { operationId: request.operationId } : {}),
      family: request.family,
      principal: request.principal,
      request: {
        method: request.method,
        url: request.origin + request.path,
        headers: outcome.headers,
        ...(request.rawBody ? { bodyText: request.bodyText } : {}),
        ...(!request.rawBody && request.body !== undefined ? { body: request.body } : {}),
      },
      startedAt: isoOf(first.sentAt),
      durationMs: Math.round((outcome.ended - first.sent) * 10) / 10,
      attempts: attempts + tally.retries,
      ...(tally.retries > 0 ? { rateLimitRetries: tally.retries } : {}),
      ...(tally.waitedMs > 0 ? { rateLimitWaitMs: Math.round(tally.waitedMs) } : {}),
      ...(refusedResends > 0 ? { refusedTokenResends: refusedResends } : {}),
      ...(resends > 0 ? { lostConnectionResends: resends } : {}),
      ...(tally.mark ? { rateLimited: tally.mark } : {}),
    };
    let json: unknown;
    if (outcome.kind === 'response') {
      json = outcome.body.json;
      raw.response = recordResponse(outcome.status, outcome.responseHeaders, outcome.body);
    } else {
      raw.error = outcome.error;
    }
    const providerSecrets = request.auth.secrets();
    const own = [...secrets, ...providerSecrets];
    // Walked once: the same values go to the message redactor and to this exchange's redaction.
    const derived = derivedSecrets(raw);
    // `secrets` are in seenSecrets from the start.
    for (const secret of providerSecrets) seenSecrets.add(secret);
    for (const secret of derived) seenSecrets.add(secret);
    const called = new LazyCalled(raw, recordLater(raw, own, derived), recordHead(raw, own, derived), json);
    options.onExchange?.(called.recorded);
    return called;
  };

  /**
   * One attempt: a slot, a token, the request (resent by `rateLimitDispatcher` after each
   * rate-limit answer the budget can wait out), the body within `maxBodyBytes`, each dispatch
   * within `timeoutMs`.
   */
  const attempt = async (
    request: PreparedRequest,
    headers: Record<string, string>,
    tally: RateLimitTally,
  ): Promise<Attempt> => {
    const { signal } = request;
    const release = await gate.acquire(signal);
    try {
      await limiter.acquire(signal);
      if (signal?.aborted) throw signal.reason;
      const sentAt = new Date();
      const sent = performance.now();
      const cancel = new AttemptAbort();
      let phase = 'waiting for the response headers';
      let cancelDeadline: (() => void) | undefined;
      const disarm = () => cancelDeadline?.();
      // Stopped while a rate limit is waited out: the deadline bounds each dispatch, not the wait.
      // Stall-proof (see deadline.ts): an answer that came while this process was blocked is read.
      const arm = () => {
        disarm();
        if (limits.timeoutMs <= 0) return;
        cancelDeadline = startDeadline(limits.timeoutMs, () => {
          const error = new Error(
            `no complete response within ${limits.timeoutMs} ms (${phase}; limits.timeoutMs)`,
          );
          cancel.abort(Object.assign(error, { code: DEADLINE_CODE }));
        });
      };
      arm();
      const onAbort = () => cancel.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      let status: number | undefined;
      try {
        const hooks = rateLimitRetry(
          new AttemptRateLimitOptions(
            rateLimitBudget,
            tally,
            cancel,
            disarm,
            async () => {
              await limiter.acquire(cancel.signal);
              arm();
            },
            () => request.auth.isCurrent?.(headers) === false,
          ),
        );
        const options: RateLimitedRequestOptions = {
          // A proxy agent routes by it; a pool ignores it.
          origin: request.origin,
          path: request.path,
          method: request.method as 'GET',
          headers,
          body: request.bodyText ?? null,
          retryOptions: { retry: hooks.retry },
          [ON_DISPATCH]: hooks.onDispatch,
        };
        // The answer ends with `cancel` (see answer-handler.ts).
        const response = await requestAnswer(
          dispatcherFor(request.origin, request.family),
          options,
          cancel,
          maxBodyBytes,
        );
        status = response.statusCode;
        phase = 'reading the response body';
        const responseHeaders = flattenHeaders(response.headers);
        const body = await decodeResponseBody(await response.body, responseHeaders, maxBodyBytes);
        return {
          sentAt,
          sent,
          ended: performance.now(),
          kind: 'response',
          headers,
          status: response.statusCode,
          responseHeaders,
          body,
        };
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        return {
          sentAt,
          sent,
          ended: performance.now(),
          kind: 'error',
          headers,
          error: describeError(error, status),
          lostToIdleConnection: lostToIdleConnection(error),
        };
      } finally {
        disarm();
        signal?.removeEventListener('abort', onAbort);
      }
    } finally {
      release();
    }
  };

  const exchange = async (operationId: string, callOptions: CallOptions): Promise<Called> => {
    if (closed) throw toolError('LC_ERR_CLIENT_CLOSED', { reason: `${operationId} was not sent` });
    const operation = registry.getOperation(operationId);
    const base = baseUrlOf(operation.family, operationId);
    if (callOptions.body !== undefined && callOptions.rawBody !== undefined) {
      throw toolError('LC_ERR_CLIENT_REQUEST', {
        operationId,
        reason: 'give either body or rawBody, not both',
      });
    }
    const path = base.path + expandPath(operation, callOptions.pathParams ?? {});
    const query = buildQueryString(callOptions.query ?? {});
    const rawBody = callOptions.rawBody !== undefined;
    const bodyText = rawBody
      ? callOptions.rawBody
      : callOptions.body !== undefined
        ? JSON.stringify(callOptions.body)
        : undefined;
    // The lazy pair as it is: reading `recorded` here would record every exchange at once.
    return execute({
      operationId,
      family: base.family,
      principal: callOptions.principal,
      method: operation.method.toUpperCase(),
      origin: base.origin,
      path: query === '' ? path : `${path}?${query}`,
      auth: toProvider(callOptions.auth),
      ...(callOptions.body !== undefined ? { body: callOptions.body } : {}),
      ...(bodyText !== undefined ? { bodyText } : {}),
      rawBody,
      headers: callOptions.headers ?? {},
      // An abort of its own per call: a run may share one signal across hundreds of calls,
      // whose listeners (slots, tokens, waits) would pile up on it.
      ...(callOptions.signal ? { signal: abortOf(callOptions.signal) } : {}),
    });
  };

  return {
    exchange,
    async call(operationId, callOptions) {
      return (await exchange(operationId, callOptions)).recorded;
    },
    // Patterns compiled once after the run meets a new secret (a token fetched), not per message.
    redact: (text) => seenSecrets.redact(text),
    async close() {
      if (closed) return;
      closed = true;
      limiter.close();
      gate.close();
      await Promise.all([...pools.values()].map(({ pool }) => pool.close()));
      pools.clear();
    },
  };
}

/**
 * A query string from an object: keys in order, arrays as repeated keys, `undefined` left out.
 * Everything is percent-encoded except the comma, which Capillary's list parameters
 * (`identifierName=email,mobile`) are documented with; a comma is legal in a query (RFC 3986
 * sub-delims), and servers decode `%2C` and `,` alike.
 */
export function buildQueryString(
  query: Readonly<Record<string, QueryValue | readonly QueryValue[] | undefined>>,
): string {
  const pairs: string[] = [];
  // encodeURIComponent writes hex in upper case: a value without `%2C` has no comma to restore.
  const encode = (text: string) => {
    const encoded = encodeURIComponent(text);
    return encoded.includes('%2C') ? encoded.replace(/%2C/g, ',') : encoded;
  };
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const values: readonly QueryValue[] = Array.isArray(value) ? value : [value as QueryValue];
    for (const item of values) pairs.push(`${encode(key)}=${encode(String(item))}`);
  }
  return pairs.join('&');
}

/**
 * The operation's path with its `{name}` segments filled in, percent-encoded.
 * @throws LoyaltyConformanceError `LC_ERR_CLIENT_REQUEST` for a missing or unknown path parameter.
 */
export function expandPath(
  operation: Pick<SpecOperation, 'operationId' | 'path'>,
  pathParams: Readonly<Record<string, string | number>>,
): string {
  const used = new Set<string>();
  const path = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const value = pathParams[name];
    if (value === undefined) {
      throw toolError('LC_ERR_CLIENT_REQUEST', {
        operationId: operation.operationId,
        reason: `path parameter "${name}" is missing`,
      });
    }
    used.add(name);
    return encodeURIComponent(String(value));
  });
  const unknown = Object.keys(pathParams).filter((name) => !used.has(name));
  if (unknown.length > 0) {
    throw toolError('LC_ERR_CLIENT_REQUEST', {
      operationId: operation.operationId,
      reason: `the path ${operation.path} has no parameter ${unknown.join(', ')}`,
    });
  }
  return path;
}

function toProvider(auth: CallAuth): AuthProvider {
  if (auth === 'none') return noAuth();
  if (typeof auth.headers === 'function') return auth as AuthProvider;
  return customHeadersAuth(auth.headers as Readonly<Record<string, string>>);
}

/**
 * The rate-limit options of one attempt. A class, not an object literal: a literal with a getter
 * (`signal`, read only when a rate-limit answer comes) cost a runtime call on every attempt.
 */
class AttemptRateLimitOptions implements RateLimitRetryOptions {
  readonly budget: RateLimitBudget;
  readonly tally: RateLimitTally;
  readonly onWait: () => void;
  readonly beforeResend: () => Promise<void>;
  readonly credentialsExpired: () => boolean;
  readonly #cancel: AttemptAbort;

  constructor(
    budget: RateLimitBudget,
    tally: RateLimitTally,
    cancel: AttemptAbort,
    onWait: () => void,
    beforeResend: () => Promise<void>,
    credentialsExpired: () => boolean,
  ) {
    this.budget = budget;
    this.tally = tally;
    this.#cancel = cancel;
    this.onWait = onWait;
    this.beforeResend = beforeResend;
    this.credentialsExpired = credentialsExpired;
  }

  /** The attempt's AbortSignal, made only when a wait needs one (see attempt-abort.ts). */
  get signal(): AbortSignal {
    return this.#cancel.signal;
  }
}

function buildHeaders(
  request: PreparedRequest,
  authHeaders: Readonly<Record<string, string>>,
  userAgent: string,
): Record<string, string> {
  const merged: Record<string, string | null> = { accept: 'application/json', 'user-agent': userAgent };
  if (request.bodyText !== undefined) merged['content-type'] = 'application/json';
  // Per attempt: loops over keys, no entry list allocated for each of the three maps.
  for (const name of Object.keys(authHeaders)) merged[name.toLowerCase()] = authHeaders[name] as string;
  const extra = request.headers;
  for (const name of Object.keys(extra)) merged[name.toLowerCase()] = extra[name] as string | null;
  const headers: Record<string, string> = {};
  for (const name of Object.keys(merged)) {
    const value = merged[name] as string | null;
    if (value !== null) headers[name] = value;
  }
  return headers;
}

/**
 * The recorded response of a body as read: the whole text for now (redaction runs on it before
 * {@link keepEvidence} keeps its start), and how much there was when it is not all there.
 */
function recordResponse(status: number, headers: Record<string, string>, body: ReadBody): RecordedResponse {
  const partial = body.cut || body.text.length > BODY_TEXT_MAX_CHARS || body.issue !== undefined;
  return {
    status,
    headers,
    bodyText: body.text,
    ...(body.json !== undefined ? { body: body.json } : {}),
    ...(body.cut ? { cut: true } : {}),
    ...(partial ? { bodyBytes: body.bytes } : {}),
    ...(partial && body.declared !== undefined ? { declaredBytes: body.declared } : {}),
    ...(body.issue !== undefined ? { bodyIssue: body.issue } : {}),
  };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return result;
}

/** Codes of a connection that ended under a body: the target sent less than it announced. */
const CLOSED_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_SOCKET',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/**
 * The code and message of a failed attempt: undici's or the system's code, or the deadline's. A
 * body whose connection closed early says "truncated" and how much arrived; another failure
 * under a body (bad framing) says how far the body got; a timeout stays a timeout.
 */
function describeError(error: unknown, status: number | undefined): ExchangeError {
  if (error instanceof BodyReadError) {
    const inner = describeError(error.cause, status);
    if (TIMEOUT_CODES.has(inner.code)) return inner;
    if (!CLOSED_CODES.has(inner.code)) {
      return { ...inner, message: `${inner.message} (after ${error.bytes} bytes of the body)` };
    }
    // undici reads a 204 as bodiless whatever it announces, so its Content-Length reads as a cut body.
    if (status === 204 && error.declared !== undefined && error.declared > 0) {
      return {
        ...inner,
        message: `a 204 announcing Content-Length ${error.declared}: a 204 has no body and no Content-Length (RFC 9110 §8.6, §15.3.5)`,
      };
    }
    const of =
      error.declared !== undefined
        ? `${error.bytes} of ${error.declared} bytes`
        : `after ${error.bytes} bytes`;
    return { ...inner, message: `truncated: ${of} (${inner.message})` };
  }
  const err = (error ?? {}) as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  const nested = Array.isArray(err.errors)
    ? (err.errors[0] as { code?: unknown; message?: unknown })
    : undefined;
  const cause = err.cause as { code?: unknown } | undefined;
  const code =
    [err.code, nested?.code, cause?.code].find((c): c is string => typeof c === 'string') ?? 'ERR_CLIENT';
  let message =
    (typeof err.message === 'string' && err.message !== '' ? err.message : undefined) ??
    (typeof nested?.message === 'string' ? nested.message : String(error));
  // undici's words ("Headers Overflow Error") read as the target's silence in "did not answer".
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    message = `the answer's headers passed the ${maxHeaderSize} bytes the client reads (${message})`;
  }
  return {
    code,
    message: message.replace(/\s+/g, ' ').trim(),
    ...(status !== undefined ? { status } : {}),
  };
}

function isFamily(family: string): family is ApiFamily {
  return family === 'capillary' || family === 'fabric';
}

function parseBaseUrls(
  baseUrls: Partial<Record<ApiFamily, string>>,
): Partial<Record<ApiFamily, { origin: string; path: string }>> {
  const result: Partial<Record<ApiFamily, { origin: string; path: string }>> = {};
  for (const [family, value] of Object.entries(baseUrls) as [ApiFamily, string | undefined][]) {
    if (value === undefined) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw toolError('LC_ERR_CLIENT_BASE_URL', { family, reason: 'not an absolute URL', baseUrl: value });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw toolError('LC_ERR_CLIENT_BASE_URL', { family, reason: `unsupported protocol ${url.protocol}` });
    }
    if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
      throw toolError('LC_ERR_CLIENT_BASE_URL', {
        family,
        reason: 'a base URL carries no credentials, query or fragment',
      });
    }
    result[family] = { origin: url.origin, path: url.pathname.replace(/\/+$/, '') };
  }
  return result;
}

function validateLimits(limits: ClientLimits): void {
  const check = (field: keyof ClientLimits, integer: boolean) => {
    const value = limits[field];
    if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < 0 ||
      (integer && !Number.isInteger(value))
    ) {
      throw toolError('LC_ERR_CLIENT_LIMITS', {
        field: `limits.${field}`,
        reason: `expected a ${integer ? 'whole ' : ''}number ≥ 0, got ${JSON.stringify(value)}`,
      });
    }
  };
  check('timeoutMs', false);
  check('retries', true);
  check('requestsPerSecond', false);
  check('concurrency', true);
  if (limits.rateLimitWaitMs !== undefined) check('rateLimitWaitMs', false);
  if (limits.maxBodyBytes !== undefined) {
    check('maxBodyBytes', true);
    if (limits.maxBodyBytes < MIN_MAX_BODY_BYTES) {
      throw toolError('LC_ERR_CLIENT_LIMITS', {
        field: 'limits.maxBodyBytes',
        reason: `expected at least ${MIN_MAX_BODY_BYTES}, got ${limits.maxBodyBytes}`,
      });
    }
  }
}
