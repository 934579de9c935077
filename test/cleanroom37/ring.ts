import { DecodeError, decode, encode, type Json } from './jackson.ts';

/**
 * Ring on the Jetty 12 adapter with a reitit router, as the app's `ring-handler` assembles it:
 * `parameters-middleware`, muuntaja's `format-negotiate`/`format-response`/`format-request`, the
 * exception middleware and malli `coerce-request-middleware`. reitit's `create-default-handler`
 * answers an unrouted path 404 and a routed path's other method 405, both with empty bodies; routes
 * are case-sensitive and a trailing slash is another path (no `redirect-trailing-slash-handler`).
 */
export interface RingRequest {
  readonly requestMethod: string;
  readonly uri: string;
  readonly queryParams: URLSearchParams;
  /** Ring's lower-cased headers. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly pathParams: Readonly<Record<string, string>>;
  /** muuntaja's `:body-params`: undefined unless the Content-Type was JSON and a body came. */
  readonly bodyParams: Json | undefined;
}

export interface RingResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** A Clojure map muuntaja encodes to JSON, or a string written as is. */
  readonly body?: Json | string;
  /** Whether `body` is already text (not encoded by muuntaja). */
  readonly raw?: boolean;
}

/** An `ex-info` carrying a Ring response, as `ring.util.http-response/throw!` raises it. */
export class HttpResponse extends Error {
  readonly code = 'RING_HTTP_RESPONSE';
  constructor(readonly response: RingResponse) {
    super(`HTTP ${response.status}`);
  }
}

/** reitit's `:reitit.coercion/request-coercion` ex-info (malli's humanized errors inside). */
export class RequestCoercion extends Error {
  readonly code = 'REITIT_REQUEST_COERCION';
  constructor(
    readonly value: Json | undefined,
    readonly location: 'body-params' | 'query-params',
    readonly humanized: Json,
  ) {
    super('Request coercion failed');
  }
}

export type Handler = (req: RingRequest) => Promise<RingResponse>;

interface Route {
  readonly segments: readonly string[];
  readonly methods: Map<string, Handler>;
}

/** What the Jetty adapter hands the app: the request line, headers and body bytes. */
export interface JettyRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
}

/** What Jetty writes back: muuntaja's encoded bytes (no length: Jetty chunks an InputStream body). */
export interface JettyResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export class Reitit {
  private readonly routes: Route[] = [];

  constructor(private readonly bigdecimals: boolean) {}

  route(method: string, path: string, handler: Handler): void {
    const segments = path.split('/');
    let route = this.routes.find((r) => r.segments.join('/') === segments.join('/'));
    if (!route) {
      route = { segments, methods: new Map() };
      this.routes.push(route);
    }
    route.methods.set(method, handler);
  }

  private match(path: string): { route: Route; params: Record<string, string> } | undefined {
    const parts = path.split('/');
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      const ok = route.segments.every((segment, i) => {
        const part = parts[i] ?? '';
        if (segment.startsWith(':')) {
          if (part === '') return false;
          params[segment.slice(1)] = decodeURIComponent(part);
          return true;
        }
        return segment === part;
      });
      if (ok) return { route, params };
    }
    return undefined;
  }

  async handle(req: JettyRequest): Promise<JettyResponse> {
    const found = this.match(req.path);
    if (!found) return { status: 404, headers: {}, body: '' };
    const handler = found.route.methods.get(req.method);
    if (!handler) return { status: 405, headers: {}, body: '' };
    try {
      const answer = await handler({
        requestMethod: req.method,
        uri: req.path,
        queryParams: req.query,
        headers: req.headers,
        pathParams: found.params,
        bodyParams: this.bodyParams(req),
      });
      return written(answer);
    } catch (error) {
      return written(exceptionResponse(error));
    }
  }

  /** muuntaja's format-request: decodes only a body whose Content-Type names JSON. */
  private bodyParams(req: JettyRequest): Json | undefined {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json' || req.body.length === 0) return undefined;
    return decode(req.body.toString('utf8'), this.bigdecimals);
  }
}

/** reitit.ring.middleware.exception's default handlers, and the app's own for http-response. */
function exceptionResponse(error: unknown): RingResponse {
  if (error instanceof HttpResponse) return error.response;
  if (error instanceof RequestCoercion)
    return {
      status: 400,
      body: {
        value: error.value ?? null,
        type: 'reitit.coercion/request-coercion',
        coercion: 'malli',
        in: ['request', error.location],
        humanized: error.humanized,
      },
    };
  if (error instanceof DecodeError)
    return {
      status: 400,
      headers: { 'Content-Type': 'text/plain' },
      body: 'Malformed "application/json" request.',
      raw: true,
    };
  const name = error instanceof Error ? error.constructor.name : 'Throwable';
  return { status: 500, body: { type: 'exception', class: `clojure.lang.ExceptionInfo/${name}` } };
}

function written(answer: RingResponse): JettyResponse {
  if (answer.raw || typeof answer.body === 'string')
    return { status: answer.status, headers: { ...answer.headers }, body: String(answer.body ?? '') };
  if (answer.body === undefined) return { status: answer.status, headers: { ...answer.headers }, body: '' };
  return {
    status: answer.status,
    headers: { 'Content-Type': JSON_TYPE, ...answer.headers },
    body: encode(answer.body),
  };
}

/** `ring.util.http-response` helpers the handlers use. */
export const ok = (body: Json): RingResponse => ({ status: 200, body });
export const throwResponse = (status: number, body: Json): never => {
  throw new HttpResponse({ status, body });
};
