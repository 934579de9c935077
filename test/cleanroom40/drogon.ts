import {
  isObject,
  type JsonObject,
  JsonParseError,
  type OutValue,
  type Precision,
  parseJson,
  writeJson,
} from './jsoncpp.ts';

/**
 * The little of Drogon 1.9 the controllers see: `HttpRequest` (path, `getParameter`, headers,
 * `getJsonObject`), `HttpResponse` factories, and `HttpControllersRouter` matching paths exactly
 * and answering a known path's wrong method with its own 405.
 */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  /** Drogon's `parameters_`: an unordered_map filled in query order, so a repeated name's last value wins ('+' decoded as a space). */
  readonly parameters: ReadonlyMap<string, string>;
  /** Lower-cased names, as Drogon stores them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
  /** `req->attributes()`: what a filter hands the controller (the authenticated org). */
  readonly attributes: Map<string, unknown>;
}

export interface HttpResponse {
  readonly status: number;
  readonly contentType?: string;
  readonly body: string;
  /** A `newHttpJsonResponse`'s value, written by the app's writer settings when sent. */
  readonly json?: OutValue;
  readonly headers?: Readonly<Record<string, string>>;
}

export function parseQuery(raw: string, firstWins = false): Map<string, string> {
  const parameters = new Map<string, string>();
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    const name = urlDecode(key);
    if (!firstWins || !parameters.has(name)) parameters.set(name, urlDecode(value));
  }
  return parameters;
}

/** drogon::utils::urlDecode: '+' is a space, a malformed escape is kept as written. */
function urlDecode(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '+') bytes.push(0x20);
    else if (c === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(c, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

export type JsonBody = { ok: true; json: JsonObject } | { ok: false; reason: string };

/**
 * `req->getJsonObject()`: parsed only for an `application/json` Content-Type, null on a parse
 * error; the vendor's controllers further require an object at the root.
 */
export function jsonBody(req: HttpRequest): JsonBody {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (!type.split(';')[0]?.trim().endsWith('application/json'))
    return { ok: false, reason: 'Content-Type must be application/json' };
  try {
    const json = parseJson(req.body);
    if (!isObject(json)) return { ok: false, reason: 'request body must be a JSON object' };
    return { ok: true, json };
  } catch (error) {
    if (error instanceof JsonParseError) return { ok: false, reason: 'malformed JSON' };
    throw error;
  }
}

/** `HttpResponse::newHttpJsonResponse`, with the status the controller sets. */
export function jsonResponse(status: number, body: OutValue): HttpResponse {
  return { status, contentType: 'application/json; charset=utf-8', body: '', json: body };
}

/** `HttpResponse::newNotFoundResponse()`: Drogon's own HTML page (the vendor left it). */
export function notFound(): HttpResponse {
  return {
    status: 404,
    contentType: 'text/html; charset=utf-8',
    body: '<html><head><title>404 Not Found</title></head><body bgcolor="white"><center><h1>404 Not Found</h1></center><hr><center>drogon/1.9.1</center></body></html>',
  };
}

export type Handler = (req: HttpRequest) => Promise<HttpResponse>;

export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string | RegExp;
  /** Filters run in order before the handler; the first answer stops the chain. */
  readonly filters: readonly ((req: HttpRequest) => HttpResponse | undefined)[];
  readonly handler: Handler;
}

export class Router {
  constructor(
    private readonly routes: readonly Route[],
    /** `app().setFloatPrecisionInJson(…)`, set once for the whole app. */
    private readonly precision: Precision = 'decimal3',
  ) {}

  async route(req: HttpRequest): Promise<HttpResponse> {
    const answer = await this.dispatch(req);
    return answer.json === undefined ? answer : { ...answer, body: writeJson(answer.json, this.precision) };
  }

  private async dispatch(req: HttpRequest): Promise<HttpResponse> {
    const onPath = this.routes.filter((r) =>
      typeof r.path === 'string' ? r.path === req.path : r.path.test(req.path),
    );
    if (onPath.length === 0) return notFound();
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const route = onPath.find((r) => r.method === method);
    if (!route) {
      // The router's own answers, before any filter: an empty body.
      if (req.method === 'OPTIONS')
        return {
          status: 200,
          body: '',
          headers: { allow: `OPTIONS,${onPath.map((r) => r.method).join(',')}` },
        };
      return { status: 405, contentType: 'text/html; charset=utf-8', body: '' };
    }
    for (const filter of route.filters) {
      const refused = filter(req);
      if (refused) return refused;
    }
    try {
      return await route.handler(req);
    } catch (error) {
      // Drogon's default exception handler: a 500 with an empty body. The vendor's code maps every
      // database and validation error it knows; reaching here is a bug of its own.
      console.error('cleanroom40: unhandled', error);
      return { status: 500, contentType: 'text/html; charset=utf-8', body: '' };
    }
  }
}
