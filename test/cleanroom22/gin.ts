import type { IncomingMessage, ServerResponse } from 'node:http';
import { marshal } from './gojson.ts';

/**
 * The part of gin clean room twenty-two's service relies on: routes matched exactly and
 * case-sensitively (`:name` segments), RedirectTrailingSlash (a path that matches with or without a
 * trailing slash is redirected, 301 for GET and 307 otherwise), `404 page not found` as text/plain
 * for an unknown path, and for a known path with another method either the same 404 (gin's
 * default) or, with HandleMethodNotAllowed, `405 method not allowed` with `Allow`. c.JSON writes
 * `application/json; charset=utf-8` and, as json.Encoder does, a newline after the body.
 */

export interface Context {
  readonly req: IncomingMessage;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: string;
  /** Set by middleware (the authenticated principal). */
  readonly keys: Map<string, unknown>;
  json(status: number, value: unknown): void;
}

export type HandlerFunc = (c: Context) => void;

interface Route {
  readonly method: string;
  readonly segments: readonly string[];
  readonly chain: readonly HandlerFunc[];
}

function match(route: Route, segments: readonly string[]): Record<string, string> | null {
  if (route.segments.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, want] of route.segments.entries()) {
    const got = segments[i] as string;
    if (want.startsWith(':')) {
      if (got === '') return null;
      params[want.slice(1)] = decodeURIComponent(got);
    } else if (want !== got) return null;
  }
  return params;
}

export class Engine {
  private readonly routes: Route[] = [];

  constructor(private readonly handleMethodNotAllowed: boolean) {}

  handle(method: string, path: string, ...chain: HandlerFunc[]): void {
    this.routes.push({ method, segments: path.split('/'), chain });
  }

  serve(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const segments = url.pathname.split('/');
    const method = req.method ?? 'GET';
    const text = (status: number, message: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(message);
    };
    for (const route of this.routes) {
      const params = route.method === method ? match(route, segments) : null;
      if (!params) continue;
      let answered = false;
      const c: Context = {
        req,
        params,
        query: url.searchParams,
        body,
        keys: new Map(),
        json: (status, value) => {
          answered = true;
          const payload = `${marshal(value)}\n`;
          res.writeHead(status, {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(payload),
          });
          res.end(payload);
        },
      };
      for (const handler of route.chain) {
        handler(c);
        if (answered) return;
      }
      return;
    }
    const other = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : `${url.pathname}/`;
    const allowed = this.routes.filter((r) => match(r, segments)).map((r) => r.method);
    if (url.pathname !== '/' && this.routes.some((r) => r.method === method && match(r, other.split('/'))))
      text(method === 'GET' ? 301 : 307, '', { location: `${other}${url.search}` });
    else if (this.handleMethodNotAllowed && allowed.length > 0)
      text(405, '405 method not allowed', { allow: allowed.join(', ') });
    else text(404, '404 page not found');
  }
}
