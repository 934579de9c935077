import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The little of Rails (API mode) the service relies on, reproduced: routes with an optional
 * `.json` format suffix and trailing slash, `params` merged from the JSON body and the query
 * string (the query wins, as ActionDispatch merges request_parameters with query_parameters),
 * strong parameters that drop unpermitted keys silently, `render json:` through ActiveSupport's
 * encoder, and the exceptions the framework turns into answers (ShowExceptions in API mode).
 */

export type Params = Record<string, unknown>;

export interface Request {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly pathParams: Readonly<Record<string, string>>;
  /** Body and query merged; read lazily, as Rails parses the body on the first access to `params`. */
  params(): Params;
}

export interface Rendered {
  readonly status: number;
  readonly json?: unknown;
  /** A body that is not JSON (HTTP Basic's default refusal). */
  readonly text?: { readonly body: string; readonly contentType: string };
  readonly headers?: Readonly<Record<string, string>>;
}

export type Action = (req: Request) => Rendered | Promise<Rendered>;

/** ActionDispatch::Http::Parameters::ParseError: a body that is not JSON → 400. */
export class ParseError extends Error {}
/** ActionController::ParameterMissing (`params.require(:key)` of a missing or blank value) → 400. */
export class ParameterMissing extends Error {}
/** ActiveRecord::RecordNotFound → 404. */
export class RecordNotFound extends Error {}
/** ActiveRecord::RecordInvalid / a model's `errors`: 422 with `{"errors":{"field":["message"]}}`. */
export class RecordInvalid extends Error {
  constructor(readonly errors: Record<string, string[]>) {
    super('Validation failed');
  }
}
/** An answer a controller raises (`rescue_from` renders it). */
export class Halt extends Error {
  constructor(readonly rendered: Rendered) {
    super(`halt ${rendered.status}`);
  }
}

/** ActiveSupport::JSON.encode with escape_html_entities_in_json (the Rails default): `<>&` and U+2028/9 escaped. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A model's validation errors collected in Rails' order: field → messages. */
export class Errors {
  private readonly map: Record<string, string[]> = {};
  add(field: string, message: string): void {
    this.map[field] ??= [];
    this.map[field].push(message);
  }
  /** Raises RecordInvalid when any error was added. */
  validate(): void {
    if (Object.keys(this.map).length > 0) throw new RecordInvalid(this.map);
  }
}

/**
 * `params.permit(...)`: keys not listed are dropped silently. A listed key whose value has a form
 * its attribute cannot take (an object or a list for a scalar, a scalar for a list) is the form
 * object's `is invalid`, added to `errors`: dropping it as `permit` alone does would act on a
 * request the client did not send (a deduction charging the default program for `"programId": [7]`).
 */
export function permit(
  params: Params,
  errors: Errors,
  scalars: readonly string[],
  arrays: readonly string[] = [],
): Params {
  const out: Params = {};
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  for (const key of new Set([...scalars, ...arrays])) {
    if (!(key in params)) continue;
    const v = params[key];
    const fits =
      (scalars.includes(key) && scalar(v)) || (arrays.includes(key) && Array.isArray(v) && v.every(scalar));
    if (fits) out[key] = v;
    else errors.add(key, 'is invalid');
  }
  return out;
}

const TRUE_VALUES: readonly unknown[] = [true, 1, '1', 't', 'T', 'true', 'TRUE', 'on', 'ON'];
const FALSE_VALUES: readonly unknown[] = [false, 0, '0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF'];

/**
 * A boolean attribute validated before its cast (`inclusion: { in: [true, false] }` on the value
 * before type cast): Rails' own cast reads any other word as true.
 */
export function booleanField(errors: Errors, params: Params, field: string): boolean | undefined {
  const value = params[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (TRUE_VALUES.includes(value)) return true;
  if (FALSE_VALUES.includes(value)) return false;
  errors.add(field, 'is not included in the list');
  return undefined;
}

/** ActiveModel::Type::Boolean#cast: nil for blank, false for the FALSE_VALUES, true for anything else. */
export function castBoolean(value: unknown): boolean | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return !['0', 'f', 'F', 'false', 'FALSE', 'off', 'OFF', false, 0].includes(value as string);
}

/** `value.blank?` */
export function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly action: Action;
}

/** config/routes.rb: `post 'v2/points/unlockPromisedPoints'`, `get 'api/v1/inquire/:profileId/member-points'`. */
export class Routes {
  private readonly routes: Route[] = [];
  add(method: string, path: string, action: Action): this {
    const names: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/.]+)';
    });
    // `(.:format)` on every route, json being the only format the controllers respond to; a trailing slash is ignored.
    this.routes.push({ method, pattern: new RegExp(`^${source}(?:\\.json)?/?$`), names, action });
    return this;
  }
  match(method: string, path: string): { action: Action; pathParams: Record<string, string> } | undefined {
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m || route.method !== method) continue;
      const pathParams: Record<string, string> = {};
      route.names.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { action: route.action, pathParams };
    }
    return undefined;
  }
}

const NOT_FOUND: Rendered = { status: 404, json: { status: 404, error: 'Not Found' } };
const BAD_REQUEST: Rendered = { status: 400, json: { status: 400, error: 'Bad Request' } };

/** Rack's query parser: `+` is a space, a repeated key keeps the last value, `key[]` collects a list. */
function parseQuery(search: string): Params {
  const out: Params = {};
  for (const [rawKey, value] of new URLSearchParams(search)) {
    if (rawKey.endsWith('[]')) {
      const key = rawKey.slice(0, -2);
      const list = Array.isArray(out[key]) ? (out[key] as unknown[]) : [];
      list.push(value);
      out[key] = list;
    } else out[rawKey] = value;
  }
  return out;
}

/** ActionDispatch's JSON params parser: only for a JSON content type; a non-object body lands in `_json`. */
function parseBody(contentType: string | undefined, body: string): Params {
  if (!/^application\/(?:[\w.+-]*\+)?json\b/i.test(contentType ?? '') || body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ParseError('Error occurred while parsing request parameters');
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Params;
  return parsed === null ? {} : { _json: parsed };
}

/** The headers every Rails answer carries (config.action_dispatch.default_headers, Rack::Runtime, RequestId, ETag). */
function railsHeaders(status: number, body: string, started: bigint): Record<string, string> {
  const headers: Record<string, string> = {
    'x-frame-options': 'SAMEORIGIN',
    'x-xss-protection': '0',
    'x-content-type-options': 'nosniff',
    'x-permitted-cross-domain-policies': 'none',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-request-id': randomUUID(),
    'x-runtime': (Number(process.hrtime.bigint() - started) / 1e9).toFixed(6),
  };
  if (status === 200) {
    headers.etag = `W/"${createHash('md5').update(body).digest('hex')}"`;
    headers['cache-control'] = 'max-age=0, private, must-revalidate';
  } else headers['cache-control'] = 'no-cache';
  return headers;
}

/** Reads the request, routes it, runs the action and writes what it rendered or raised. */
export async function dispatch(routes: Routes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let rendered: Rendered;
  const route = routes.match(req.method ?? 'GET', url.pathname);
  if (!route) rendered = NOT_FOUND;
  else {
    let params: Params | undefined;
    const request: Request = {
      method: req.method ?? 'GET',
      path: url.pathname,
      headers: req.headers,
      pathParams: route.pathParams,
      params: () => {
        params ??= {
          ...parseBody(req.headers['content-type'], body),
          ...parseQuery(url.search),
          ...route.pathParams,
        };
        return params;
      },
    };
    try {
      rendered = await route.action(request);
    } catch (error) {
      rendered = rescue(error);
    }
  }
  const text = rendered.text ? rendered.text.body : encodeJson(rendered.json);
  res.writeHead(rendered.status, {
    'content-type': rendered.text ? rendered.text.contentType : 'application/json; charset=utf-8',
    ...railsHeaders(rendered.status, text, started),
    ...rendered.headers,
  });
  res.end(text);
}

/** What ShowExceptions (API mode) and the controllers' `rescue_from` make of an exception. */
function rescue(error: unknown): Rendered {
  if (error instanceof Halt) return error.rendered;
  if (error instanceof ParseError || error instanceof ParameterMissing) return BAD_REQUEST;
  if (error instanceof RecordNotFound) return NOT_FOUND;
  if (error instanceof RecordInvalid) return { status: 422, json: { errors: error.errors } };
  return { status: 500, json: { status: 500, error: 'Internal Server Error' } };
}
