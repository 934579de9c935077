/**
 * A tiny test client of the embedded reference provider, on undici.
 *
 * Every response to an operation is validated against `specs/` (the schema the spec declares for
 * its status) and every response must be `application/json`; what fails is recorded in
 * `violations`, which {@link useReferenceClient} asserts empty after each test. Only admin
 * endpoints and deliberately unknown paths/methods (no operation to validate against) go through
 * {@link ReferenceClient.raw}, which still checks the content type.
 */
import { Pool } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { md5hex } from '../../src/reference/auth.ts';
import { type Dataset, loadDataset } from '../../src/reference/dataset.ts';
import type { OperationId } from '../../src/reference/handlers/index.ts';
import {
  ADMIN_PREFIX,
  DEFAULT_DATASET_PATH,
  type ReferenceServer,
  type ReferenceServerOptions,
  startReferenceServer,
} from '../../src/reference/server.ts';
import {
  createValidators,
  loadDefaultSpecs,
  type SpecRegistry,
  type SpecValidators,
  serverPathPrefix,
} from '../../src/spec/index.ts';

/** Credentials of the shipped dataset (`config/datasets/reference.yaml`). */
export const CREDENTIALS = {
  tills: {
    strict: { username: 'till.strict', password: 'strict-till-secret' },
    lenient: { username: 'till.lenient', password: 'lenient-till-secret' },
    /** A till of org strict with only the Default access group (no Points). */
    strictNoPoints: { username: 'till.strict.noaccess', password: 'strict-noaccess-secret' },
  },
  oauthClients: {
    strict: { key: 'strict-client', secret: 'strict-client-secret' },
    lenient: { key: 'lenient-client', secret: 'lenient-client-secret' },
  },
  fabricToken: 'fabric-reference-token',
} as const;

/** Customers, bills and members of the shipped dataset the tests use. */
export const DATA = {
  strict: {
    /** 1001: 469 → 670 main, 973 → 120.5 main; bills B-1001-1 (469) and B-1001-2 (973). */
    ana: { id: 1001, mobile: '919800001001', email: 'ana@example.com', externalId: 'EXT-1001' },
    /** 1002 and 1003 share the secondary email shared@example.com. */
    shared1: { id: 1002, mobile: '919800001002', email: 'shared@example.com', externalId: 'EXT-1002' },
    shared2: { id: 1003, mobile: '919800001003', email: 'shared@example.com', externalId: 'EXT-1003' },
    /** 1004: 0 main points in 469 (25 promised on bill B-1004-1). */
    zero: { id: 1004, mobile: '919800001004', email: 'zero@example.com', externalId: 'EXT-1004' },
    /** 1005: 100000 points in 469 (the concurrency customer). */
    rich: { id: 1005, mobile: '919800001005', externalId: 'EXT-1005' },
    userGroup: 9001,
  },
  lenient: {
    /** 2001: 469 → 50, 973 → 10; bill B-2001-1. */
    bo: { id: 2001, mobile: '919800002001', email: 'bo@example.com', externalId: 'EXT-2001' },
    /** 2002: 0 main points in 469 (12 promised on bill B-2002-1). */
    empty: { id: 2002, mobile: '919800002002', email: 'shared-lenient@example.com', externalId: 'EXT-2002' },
  },
  fabric: {
    /** 500 active points, 0 pending. */
    member: 'f90a1da5-c072-48b7-a9ea-eb35c5dd506b',
    /** 0 active, 0 pending. */
    emptyMember: '0b6f7c2e-5d1a-4c3b-9e8f-1a2b3c4d5e6f',
  },
} as const;

/** How a request authenticates. */
export type Auth =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'oauth'; token: string }
  | { kind: 'bearer'; token: string }
  | { kind: 'none' };

/** Ready-made credentials. `basic` hashes the password (md5 hex) as Capillary expects. */
export const AUTH = {
  strict: { kind: 'basic', ...CREDENTIALS.tills.strict },
  lenient: { kind: 'basic', ...CREDENTIALS.tills.lenient },
  fabric: { kind: 'bearer', token: CREDENTIALS.fabricToken },
  none: { kind: 'none' },
} as const satisfies Record<string, Auth>;

/** The Authorization / X-CAP-API-OAUTH-TOKEN headers of an {@link Auth}. */
export function authHeaders(auth: Auth): Record<string, string> {
  switch (auth.kind) {
    case 'basic':
      return {
        authorization: `Basic ${Buffer.from(`${auth.username}:${md5hex(auth.password)}`).toString('base64')}`,
      };
    case 'oauth':
      return { 'x-cap-api-oauth-token': auth.token };
    case 'bearer':
      return { authorization: `Bearer ${auth.token}` };
    case 'none':
      return {};
  }
}

/** One request and its answer. */
export interface Exchange {
  readonly operationId?: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly text: string;
  /** The parsed JSON body; undefined when the body is empty or not JSON. */
  readonly body: unknown;
}

/** A response that broke the spec (or was not JSON). */
export interface Violation {
  readonly operationId: string | undefined;
  readonly request: string;
  readonly status: number;
  readonly problems: readonly string[];
  readonly body: string;
}

/** Options of a request to an operation of the specs. */
export interface CallOptions {
  /** Query parameters; `undefined` values are left out. */
  query?: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Path variables (fabric inquiry: `profileId`). */
  pathParams?: Readonly<Record<string, string>>;
  /** A body sent as JSON. */
  body?: unknown;
  /** A body sent as is (malformed JSON, huge bodies). */
  rawBody?: string | Buffer;
  /** Content-Type of a body; default application/json; `null` sends none. */
  contentType?: string | null;
  /** Credentials; default: strict till (Capillary), the fabric token (fabric), none for token issuing. */
  auth?: Auth;
  /** Extra headers, sent as given. */
  headers?: Readonly<Record<string, string>>;
  /** A hang fails the request after this long; default 10 s. */
  timeoutMs?: number;
}

/** Options of a request outside the operations (admin endpoints, unknown paths and methods). */
export interface RawOptions {
  body?: unknown;
  rawBody?: string | Buffer;
  contentType?: string | null;
  headers?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

/** A client bound to one reference provider. */
export interface ReferenceClient {
  /** The in-process server; undefined when the client talks to a server started elsewhere. */
  readonly server: ReferenceServer | undefined;
  readonly url: string;
  /** Responses that broke the spec since the last {@link takeViolations}. */
  readonly violations: Violation[];
  /** Calls an operation of the specs and validates the response against it. */
  call(operationId: OperationId, options?: CallOptions): Promise<Exchange>;
  /** Any method and path, with no operation to validate against (the content type is still checked). */
  raw(method: string, path: string, options?: RawOptions): Promise<Exchange>;
  /** `POST /__reference/reset` */
  reset(): Promise<void>;
  /** Issues an OAuth token for an org's client. */
  oauthToken(org: keyof typeof CREDENTIALS.oauthClients): Promise<string>;
  /** Returns and clears the recorded violations. */
  takeViolations(): Violation[];
  close(): Promise<void>;
}

/** Options of {@link startReferenceClient}. */
export interface StartOptions {
  /** Passed to `startReferenceServer` (dataset, fake clock, …). */
  server?: ReferenceServerOptions;
  /** Connections of the client's pool; default 8. */
  connections?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

let shared: Promise<{ registry: SpecRegistry; validators: SpecValidators }> | undefined;

/** The shipped specs and their validators, compiled once per test file. */
function specs(): Promise<{ registry: SpecRegistry; validators: SpecValidators }> {
  shared ??= loadDefaultSpecs().then((registry) => ({ registry, validators: createValidators(registry) }));
  return shared;
}

/** The dataset that ships with the suite (a fresh copy). */
export function defaultDataset(): Dataset {
  return loadDataset(DEFAULT_DATASET_PATH);
}

/** Starts a reference provider on port 0 and a client of it. */
export async function startReferenceClient(options: StartOptions = {}): Promise<ReferenceClient> {
  const server = await startReferenceServer({ port: 0, ...options.server });
  const client = await connectReferenceClient(server.url, options.connections, server);
  return client;
}

/** A client of a reference provider already listening at `url`. */
export async function connectReferenceClient(
  url: string,
  connections = 8,
  server?: ReferenceServer,
): Promise<ReferenceClient> {
  const { registry, validators } = await specs();
  const pool = new Pool(url, { connections });
  const violations: Violation[] = [];

  const send = async (
    method: string,
    path: string,
    headers: Record<string, string>,
    payload: string | Buffer | undefined,
    timeoutMs: number,
  ): Promise<Omit<Exchange, 'operationId'>> => {
    const response = await pool.request({
      method: method as 'GET',
      path,
      headers,
      body: payload,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.body.text();
    const header = response.headers['content-type'];
    const contentType = Array.isArray(header) ? header[0] : header;
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { method, path, status: response.statusCode, contentType, text, body };
  };

  const requestHeaders = (
    options: { contentType?: string | null; headers?: Readonly<Record<string, string>> },
    hasBody: boolean,
    auth: Auth,
  ): Record<string, string> => {
    const headers: Record<string, string> = { ...authHeaders(auth) };
    const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
    if (hasBody && contentType !== null) headers['content-type'] = contentType;
    return { ...headers, ...options.headers };
  };

  const payloadOf = (options: { body?: unknown; rawBody?: string | Buffer }) =>
    options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));

  const record = (
    exchange: Omit<Exchange, 'operationId'>,
    operationId: string | undefined,
    problems: string[],
  ) => {
    if (!/^application\/json(;|$)/i.test(exchange.contentType ?? '')) {
      problems.push(`content-type is ${exchange.contentType ?? 'missing'}, expected application/json`);
    }
    if (problems.length > 0) {
      violations.push({
        operationId,
        request: `${exchange.method} ${exchange.path}`,
        status: exchange.status,
        problems,
        body: exchange.text.slice(0, 500),
      });
    }
  };

  const client: ReferenceClient = {
    server,
    url,
    violations,

    async call(operationId, options = {}) {
      const operation = registry.getOperation(operationId);
      let path = serverPathPrefix(registry, operation.family) + operation.path;
      for (const [name, value] of Object.entries(options.pathParams ?? {})) {
        path = path.replace(`{${name}}`, encodeURIComponent(value));
      }
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(options.query ?? {})) {
        if (value !== undefined) query.append(name, String(value));
      }
      if (query.size > 0) path += `?${query}`;
      const defaultAuth: Auth =
        operation.security.length === 0
          ? AUTH.none
          : operation.family === 'fabric'
            ? AUTH.fabric
            : AUTH.strict;
      const payload = payloadOf(options);
      const headers = requestHeaders(options, payload !== undefined, options.auth ?? defaultAuth);
      const exchange = await send(
        operation.method.toUpperCase(),
        path,
        headers,
        payload,
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      );
      const problems: string[] = [];
      if (exchange.body === undefined) {
        problems.push('body is not JSON');
      } else {
        const result = validators.validateResponse(operationId, exchange.status, exchange.body);
        if (!result.valid) problems.push(...result.issues.map((issue) => issue.message));
      }
      record(exchange, operationId, problems);
      return { ...exchange, operationId };
    },

    async raw(method, path, options = {}) {
      const payload = payloadOf(options);
      const headers = requestHeaders(options, payload !== undefined, AUTH.none);
      const exchange = await send(method, path, headers, payload, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      // HEAD answers carry no body by definition; everything else must be JSON.
      record(
        exchange,
        undefined,
        method !== 'HEAD' && exchange.body === undefined ? ['body is not JSON'] : [],
      );
      return exchange;
    },

    async reset() {
      const exchange = await client.raw('POST', `${ADMIN_PREFIX}/reset`);
      if (exchange.status !== 200) throw new Error(`reset failed: ${exchange.status} ${exchange.text}`);
    },

    async oauthToken(org) {
      const exchange = await client.call('generateOAuthToken', { body: CREDENTIALS.oauthClients[org] });
      const token = (exchange.body as { data?: { accessToken?: string } } | undefined)?.data?.accessToken;
      if (exchange.status !== 200 || !token) {
        throw new Error(`no token: ${exchange.status} ${exchange.text}`);
      }
      return token;
    },

    takeViolations() {
      return violations.splice(0, violations.length);
    },

    async close() {
      await pool.close();
      await server?.close();
    },
  };
  return client;
}

/**
 * Starts a reference provider and a client for the enclosing file or `describe` block: state is
 * restored before each test, and after each test every response must have validated against the
 * specs and been JSON.
 */
export function useReferenceClient(options: StartOptions = {}): () => ReferenceClient {
  let client: ReferenceClient | undefined;
  const dataset = options.server?.dataset ?? defaultDataset();
  beforeAll(async () => {
    client = await startReferenceClient({ ...options, server: { ...options.server, dataset } });
  });
  afterAll(async () => {
    await client?.close();
  });
  beforeEach(() => {
    client?.server?.reset(structuredClone(dataset));
  });
  afterEach(() => {
    expect(client?.takeViolations(), 'responses that break specs/ or are not JSON').toEqual([]);
  });
  return () => {
    if (!client) throw new Error('the reference client is used outside a test');
    return client;
  };
}

/** The first Capillary error code of an answer (`errors[0].code`). */
export function errorCode(exchange: Exchange): number | undefined {
  const errors = (exchange.body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? (errors[0] as { code?: number } | undefined)?.code : undefined;
}

/** An amount (number or numeric string) in micro-points, for exact comparisons. */
export function micro(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${String(value)}`);
  return Math.round(n * 1_000_000);
}

/** The lookup query of a customer by mobile (source INSTORE). */
export function byMobile(mobile: string): Record<string, string> {
  return { identifierName: 'mobile', identifierValue: mobile, source: 'INSTORE' };
}

/** A balance read through `getPointsBalance`, in micro-points. */
export interface BalanceReading {
  entityId: unknown;
  total: number;
  main: number;
  promised: number;
  delayed: number;
  external: number;
}

/** Reads a customer's balance (default program unless `extra` says otherwise); fails on a non-200. */
export async function readBalance(
  client: ReferenceClient,
  mobile: string,
  extra: Readonly<Record<string, string | number | boolean>> = {},
  auth: Auth = AUTH.strict,
): Promise<BalanceReading> {
  const exchange = await client.call('getPointsBalance', { query: { ...byMobile(mobile), ...extra }, auth });
  if (exchange.status !== 200) throw new Error(`balance read failed: ${exchange.status} ${exchange.text}`);
  const b = exchange.body as {
    entityId: unknown;
    totalPoints: unknown;
    mainPoints: unknown;
    promisedPoints: unknown;
    promisedPointsBreakup: { delayedAccrualPoints: unknown; externalTriggerBasedPoints: unknown };
  };
  return {
    entityId: b.entityId,
    total: micro(b.totalPoints),
    main: micro(b.mainPoints),
    promised: micro(b.promisedPoints),
    delayed: micro(b.promisedPointsBreakup.delayedAccrualPoints),
    external: micro(b.promisedPointsBreakup.externalTriggerBasedPoints),
  };
}
