import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  createValidators,
  loadDefaultSpecs,
  type SpecRegistry,
  type SpecValidators,
  serverPathPrefix,
  type ValidationResult,
} from '../spec/index.ts';
import { handleStateRequest } from './admin-state.ts';
import { Authenticator, type AuthResult } from './auth.ts';
import { type Dataset, loadDataset, parseDataset } from './dataset.ts';
import { capillaryError, errorReply, fabricReply, type Reply } from './envelopes.ts';
import { FaultInjector } from './faults.ts';
import { HANDLERS, type HandlerContext, type OperationId } from './handlers/index.ts';
import {
  type BodyResult,
  declaresNoBody,
  MAX_BODY_BYTES,
  methodServed,
  NO_BODY,
  parseQuery,
  readJsonBody,
  requestTarget,
  sendJson,
} from './http.ts';
import { Ledger } from './ledger.ts';
import { buildRoutes, matchRoute, type Route } from './routes.ts';
import { errorCodeForIssues } from './schema-errors.ts';

/** The dataset that ships with the suite (`config/datasets/reference.yaml`). */
export const DEFAULT_DATASET_PATH = fileURLToPath(
  new URL('../../config/datasets/reference.yaml', import.meta.url),
);

/**
 * Admin namespace of the reference provider. No vendor path starts with `/__`, so it cannot
 * collide with an operation; it exists only on the reference provider (test isolation, Pact states).
 */
export const ADMIN_PREFIX = '/__reference';

/** Options of {@link startReferenceServer}. */
export interface ReferenceServerOptions {
  /** The seed dataset; default: the shipped one. */
  dataset?: Dataset;
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string;
  /** Port; default 0 (any free port). */
  port?: number;
  /**
   * Receives one line per request: method, path, status (`dropped`, `client-closed` when there was
   * none), milliseconds, and `fault N` after an answer a fault armed over HTTP made. No headers, no bodies.
   */
  log?: (line: string) => void;
  /** Replaces handlers of some operations: how a faulty provider breaks one rule. */
  handlers?: Partial<Record<OperationId, HandlerOverride>>;
  /** Builds the ledger: a faulty provider may return a ledger with one behaviour overridden. */
  createLedger?: (dataset: Dataset) => Ledger;
  /** Reference-only seams of the faulty-provider catalogue; see {@link ReferenceHooks}. */
  hooks?: ReferenceHooks;
  /** Clock for token expiry (tests). */
  now?: () => number;
}

/**
 * A handler that replaces a built-in one. Unlike the built-in handlers it may be async: a faulty
 * provider may await between a balance check and its update (the race the suite must catch).
 */
export type HandlerOverride = (context: HandlerContext) => Reply | Promise<Reply>;

/** What the `reply` hook sees of the request an answer belongs to. */
export interface HookRequest {
  readonly headers: IncomingHttpHeaders;
  /** The query as the handler sees it (empty values dropped); empty when auth rejected the request first. */
  query: Record<string, string | string[]>;
  /**
   * The request's own query, empty values kept. The handler's `query` is read from it after
   * `intercept`, which may rewrite it (a target giving an empty parameter a default, say).
   */
  readonly searchParams: URLSearchParams;
  readonly pathParams: Record<string, string>;
  /** The parsed JSON body; undefined when there was none or the request was rejected before reading it. */
  body: unknown;
  /** The connection the request came on (e.g. for a hook that closes it once idle). */
  readonly socket: Socket;
}

/**
 * Reference-only fault hooks: the seams through which the faulty-provider catalogue
 * (`test/faults/`) breaks one documented rule of an otherwise faithful provider. A real provider
 * has no such seams and `serve` sets none of its own (faults armed over `/__reference/faults` go
 * through `intercept` and `reply`, composed over these); with no hooks and nothing armed the
 * server behaves byte for byte as without this option. Each hook receives the step's outcome and
 * returns the one to use.
 */
export interface ReferenceHooks {
  /**
   * Before authentication, once per request of a served operation: an answer returned here is
   * sent as it is (no authentication, no handler, the ledger untouched, no `reply` hook), e.g. an
   * outage in front of the provider; undefined lets the request through. `/__reference/faults`
   * arms its status and drop faults through it.
   */
  intercept?(operationId: OperationId, request: HookRequest): Reply | Promise<Reply> | undefined;
  /** After authentication (operations with security only), e.g. to skip auth for one endpoint. */
  authenticate?(operationId: OperationId, result: AuthResult, headers: IncomingHttpHeaders): AuthResult;
  /** After the spec validation of the request, e.g. to drop one schema rule. */
  validate?(operationId: OperationId, validation: ValidationResult): ValidationResult;
  /**
   * On every answer of a served operation (handler, auth and validation answers alike), e.g. a
   * wrong content type, a field of the wrong type, swapped error codes. Not called for the admin
   * namespace, unknown paths or a handler that threw. May resolve later (an answer delayed).
   */
  reply?(operationId: OperationId, reply: Reply, request: HookRequest): Reply | Promise<Reply>;
}

/** A running reference provider. */
export interface ReferenceServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Base URL of the Capillary family (the server root). */
  readonly capillaryBaseUrl: string;
  /** Base URL of the fabric family (`…/api`). */
  readonly fabricBaseUrl: string;
  readonly port: number;
  /** Restores the state of the dataset (or loads another one) and clears the faults armed over HTTP. */
  reset(dataset?: Dataset): void;
  close(): Promise<void>;
}

interface State {
  dataset: Dataset;
  ledger: Ledger;
  auth: Authenticator;
}

/** Starts the embedded reference provider of the four endpoints. */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const registry = await loadDefaultSpecs();
  const validators = createValidators(registry);
  const routes = buildRoutes(registry);
  const fabricPrefix = serverPathPrefix(registry, 'fabric');
  const handlers: Record<OperationId, HandlerOverride> = { ...HANDLERS, ...options.handlers };
  // Faults armed over HTTP (`/__reference/faults`) go on top of the caller's own hooks.
  const familyOf = new Map(routes.map((r) => [r.operation.operationId as OperationId, r.family]));
  const faults = new FaultInjector((operationId) => familyOf.get(operationId) ?? 'capillary');
  const hooks = faults.hooks(options.hooks ?? {});
  const createLedger = options.createLedger ?? ((dataset: Dataset) => new Ledger(dataset));
  const build = (dataset: Dataset): State => ({
    dataset,
    ledger: createLedger(dataset),
    auth: new Authenticator(dataset, options.now),
  });
  let state = build(options.dataset ?? loadDataset(DEFAULT_DATASET_PATH));
  // A reset to the same dataset restores balances and bills, not credentials: OAuth tokens issued
  // before it stay valid (a Pact verifier resets between interactions and keeps its token).
  const reset = (dataset?: Dataset) => {
    state = dataset ? build(dataset) : { ...build(state.dataset), auth: state.auth };
  };

  const services: Services = {
    registry,
    validators,
    routes,
    fabricPrefix,
    handlers,
    hooks,
    faults,
    reset,
    getState: () => state,
  };
  const server = createServer((req, res) => {
    const started = performance.now();
    handle(req, services)
      .catch((error: unknown) => {
        // A handler bug must still give the client an answer, never a hung or reset connection.
        return capillaryError(500, `internal error: ${(error as Error).message}`, 500);
      })
      .then((reply) => {
        // A connection gone before the answer (a drop armed over HTTP, a client that gave up) gets none.
        const gone = req.socket.destroyed && !res.headersSent;
        if (!res.headersSent && !gone) sendJson(res, reply.status, reply.body, reply);
        // The log line is made only for a server that logs (`serve`), not for every embedded answer.
        if (!options.log) return;
        const path = (req.url ?? '').split('?')[0];
        const ms = `${(performance.now() - started).toFixed(1)}ms`;
        // A drop (status 0) is the server's doing; a client that closed first (its timeout during a
        // delay) is not, and the log must not blame the server for it.
        const outcome = !gone ? reply.status : reply.status === 0 ? 'dropped' : 'client-closed';
        const fault = reply.faultId === undefined ? '' : ` fault ${reply.faultId}`;
        options.log(`${req.method} ${path} ${outcome} ${ms}${fault}`);
      });
  });
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${urlHost(address)}:${port}`;
  return {
    url,
    capillaryBaseUrl: url + serverPathPrefix(registry, 'capillary'),
    fabricBaseUrl: url + fabricPrefix,
    port,
    reset: (dataset) => {
      faults.clear();
      reset(dataset);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The host of the URLs a client is given. A wildcard bind (`--host 0.0.0.0` or `::`, for a
 * container) is no address to connect to (Windows refuses it), so its URLs name this machine's
 * loopback, which the bind includes.
 */
function urlHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1';
  if (address === '::') return '[::1]';
  return address.includes(':') ? `[${address}]` : address;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

interface Services {
  registry: SpecRegistry;
  validators: SpecValidators;
  routes: readonly Route[];
  fabricPrefix: string;
  handlers: Record<OperationId, HandlerOverride>;
  hooks: ReferenceHooks;
  faults: FaultInjector;
  getState: () => State;
  reset: (dataset?: Dataset) => void;
}

async function handle(req: IncomingMessage, services: Services): Promise<Reply> {
  const url = requestTarget(req.url ?? '/');
  if (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`)) {
    return handleAdmin(req, url.pathname.slice(ADMIN_PREFIX.length), services);
  }
  const match = matchRoute(services.routes, services.fabricPrefix, methodServed(req), url.pathname);
  if (match.kind === 'not-found') {
    req.resume();
    return errorReply(match.family, 404, 404, `No operation at ${url.pathname}`);
  }
  if (match.kind === 'method-not-allowed') {
    req.resume();
    return errorReply(
      match.family,
      405,
      405,
      `Method ${req.method} not allowed; use ${match.allowed.join(', ')}`,
    );
  }
  const { route, pathParams } = match;
  const request: HookRequest = {
    headers: req.headers,
    query: {},
    searchParams: url.searchParams,
    pathParams,
    body: undefined,
    socket: req.socket,
  };
  const operationId = route.operation.operationId as OperationId;
  const early = services.hooks.intercept?.(operationId, request);
  if (early) {
    req.resume();
    return early;
  }
  const reply = await handleOperation(req, url, route, request, services);
  const { reply: rewrite } = services.hooks;
  return rewrite ? rewrite(operationId, reply, request) : reply;
}

/** Authenticates, validates and answers one request of a served operation; fills `request` as it goes. */
async function handleOperation(
  req: IncomingMessage,
  url: { readonly searchParams: URLSearchParams },
  route: Route,
  request: HookRequest,
  services: Services,
): Promise<Reply> {
  const { pathParams } = request;
  const { operation, family } = route;
  const operationId = operation.operationId as OperationId;
  const { authenticate, validate } = services.hooks;
  const state = services.getState();

  let principal = '';
  if (operation.security.length > 0) {
    const verified = family === 'fabric' ? state.auth.fabric(req.headers) : state.auth.capillary(req.headers);
    const result = authenticate ? authenticate(operationId, verified, req.headers) : verified;
    if (!result.ok) {
      req.resume();
      return family === 'fabric'
        ? fabricReply(401, 'Unauthorized', null, { code: '401', message: result.reason })
        : capillaryError(401, `Unauthorized: ${result.reason}`, 401);
    }
    principal = result.principal;
    const group = (operation.extensions['x-access-group'] as string | undefined) ?? 'Default';
    if (!result.accessGroups.includes(group)) {
      req.resume();
      return capillaryError(4000, `Not authorized: the credentials lack the ${group} access group`, 403);
    }
  }

  // The specs declare request bodies as application/json only; a body in another media type is
  // rejected as such rather than parsed anyway. (A request without Content-Type is read as JSON.)
  const contentType = req.headers['content-type'];
  if (operation.requestBodySchema && contentType !== undefined && !isJsonMediaType(contentType)) {
    req.resume();
    return errorReply(family, 415, 415, `Unsupported Content-Type ${contentType}; send application/json`);
  }
  const parsed = declaresNoBody(req) ? NO_BODY : await readJsonBody(req);
  if (parsed.kind === 'too-large') return errorReply(family, 413, 413, 'Request body too large');
  if (parsed.kind === 'malformed')
    return errorReply(family, 400, 400, `Malformed JSON body: ${parsed.reason}`);

  // "cannot be empty" (82323284): an empty query value counts as a missing one.
  const parsedQuery = parseQuery(url.searchParams);
  const query: Record<string, string | string[]> = {};
  // A loop, not entries filtered into a new object: every answer of the provider comes through here.
  for (const name of Object.keys(parsedQuery)) {
    const value = parsedQuery[name] as string | string[];
    if (value !== '') query[name] = value;
  }
  const body = parsed.kind === 'json' ? parsed.value : undefined;
  request.query = query;
  request.body = body;
  const validated = services.validators.validateRequest(operation.operationId, {
    query,
    path: pathParams,
    ...(operation.requestBodySchema ? { body } : {}),
  });
  const validation = validate ? validate(operationId, validated) : validated;
  if (!validation.valid) {
    const { code, message } = errorCodeForIssues(operation, validation.issues);
    return family === 'fabric'
      ? fabricReply(
          400,
          message,
          null,
          Object.fromEntries(validation.issues.map((i) => [i.where, i.message])),
        )
      : capillaryError(code, message);
  }
  const handler = services.handlers[operationId];
  if (!handler) return errorReply(family, 501, 501, `${operation.operationId} is not implemented`);
  return handler({ principal, query, pathParams, body, ledger: state.ledger, auth: state.auth });
}

/** `application/json`, `application/json; charset=utf-8` or a `+json` type such as `application/problem+json`. */
function isJsonMediaType(contentType: string): boolean {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

/** Why a `PUT /__reference/dataset` body is no dataset at all (before its fields are checked). */
function notADataset(parsed: Exclude<BodyResult, { kind: 'json' }>): string {
  if (parsed.kind === 'empty') return 'expected a dataset as a JSON body; the body is empty';
  if (parsed.kind === 'malformed')
    return `expected a dataset as a JSON body; it is not JSON: ${parsed.reason}`;
  return `the dataset is ${parsed.bytes} bytes, above the ${MAX_BODY_BYTES} a request may carry; start serve with --dataset FILE instead`;
}

/**
 * `POST /__reference/reset`, `PUT /__reference/dataset`, `GET /__reference/health`,
 * `POST /__reference/state`, `GET`/`POST`/`DELETE /__reference/faults`.
 */
async function handleAdmin(req: IncomingMessage, path: string, services: Services): Promise<Reply> {
  const method = methodServed(req);
  if (method === 'GET' && path === '/health') {
    req.resume();
    return { status: 200, body: { status: 'ok' } };
  }
  if (method === 'POST' && path === '/reset') {
    req.resume();
    services.reset();
    services.faults.clear();
    return { status: 200, body: { status: 'reset' } };
  }
  if (method === 'PUT' && path === '/dataset') {
    const parsed = await readJsonBody(req);
    if (parsed.kind !== 'json')
      return { status: parsed.kind === 'too-large' ? 413 : 400, body: { error: notADataset(parsed) } };
    try {
      services.reset(parseDataset(parsed.value, 'request body'));
    } catch (error) {
      return { status: 400, body: { error: (error as Error).message } };
    }
    return { status: 200, body: { status: 'loaded' } };
  }
  if (method === 'POST' && path === '/state') {
    // Reference-only: Pact provider states (see admin-state.ts for the actions).
    const state = services.getState();
    return handleStateRequest(req, state.ledger, state.dataset);
  }
  if (path === '/faults') {
    // Reference-only: failures armed over HTTP for a `serve` in another process (see faults.ts).
    const reply = await services.faults.handle(req);
    if (reply) return reply;
  }
  req.resume();
  const routes = `there are GET ${ADMIN_PREFIX}/health, POST ${ADMIN_PREFIX}/reset, PUT ${ADMIN_PREFIX}/dataset, POST ${ADMIN_PREFIX}/state and GET, POST, DELETE ${ADMIN_PREFIX}/faults`;
  // A route that exists under another method (a dataset POSTed, the reset fetched with GET) is 405
  // with Allow (RFC 9110 §15.5.6), so a consumer sees it named the path right and the method wrong.
  const allowed = ADMIN_METHODS[path];
  if (allowed) {
    return {
      status: 405,
      headers: { allow: allowed.join(', ') },
      body: {
        error: `${method} ${ADMIN_PREFIX}${path} is not allowed: use ${allowed.join(' or ')}; ${routes}`,
      },
    };
  }
  return { status: 404, body: { error: `no admin route ${method} ${ADMIN_PREFIX}${path}; ${routes}` } };
}

/** The methods of each admin route, for the 405 of another one. */
const ADMIN_METHODS: Readonly<Record<string, readonly string[]>> = {
  '/health': ['GET', 'HEAD'],
  '/reset': ['POST'],
  '/dataset': ['PUT'],
  '/state': ['POST'],
  '/faults': ['GET', 'HEAD', 'POST', 'DELETE'],
};
