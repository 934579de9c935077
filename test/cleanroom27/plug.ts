import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Decimal, toText } from './decimal.ts';

/**
 * Plug's share of the Phoenix service: the query as Plug.Conn.Query decodes it, the body as
 * Plug.Parsers reads it, and answers as Jason and the endpoint's plugs write them (sorted keys,
 * Decimals as strings, `application/json; charset=utf-8`, Phoenix's cache-control, Plug.RequestId).
 */

/** A query value as Plug decodes it: `a=1` a string, `a[]=1&a[]=2` a list, `a[b]=1` a map. */
export type Param = string | Param[] | { [key: string]: Param };

/** Plug.Conn.Query.decode/1, enough of it: plain keys last-wins, `[]` lists, `[key]` maps. */
export function decodeQuery(search: string): Record<string, Param> {
  const params: Record<string, Param> = {};
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw new PlugError(400, 'Bad Request');
    }
    const nested = /^([^[\]]+)\[([^[\]]*)\]$/.exec(key);
    if (nested === null) {
      params[key] = value;
    } else if (nested[2] === '') {
      const list = params[nested[1] as string];
      params[nested[1] as string] = Array.isArray(list) ? [...list, value] : [value];
    } else {
      const map = params[nested[1] as string];
      const into = typeof map === 'object' && !Array.isArray(map) ? map : {};
      into[nested[2] as string] = value;
      params[nested[1] as string] = into;
    }
  }
  return params;
}

/** An exception with a plug_status: rendered by ErrorJSON as `{"errors":{"detail":…}}`. */
export class PlugError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

const MAX_BODY = 1_000_000;

/**
 * Plug.Parsers with `parsers: [:json], pass: []`: a JSON body must say so (415 otherwise), bad JSON
 * is Plug.Parsers.ParseError (400), a JSON value that is not an object lands under `_json`. A body-less
 * request without a content type has no body params.
 */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new PlugError(413, 'Request Entity Too Large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = String(req.headers['content-type'] ?? '');
  if (type === '') {
    if (text.trim() === '') return {};
    throw new PlugError(415, 'Unsupported Media Type');
  }
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(;|$)/i.test(type))
    throw new PlugError(415, 'Unsupported Media Type');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PlugError(400, 'Bad Request');
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : { _json: parsed };
}

/** A Decimal in an answer, written by Jason as its string. */
export class Dec {
  constructor(readonly value: Decimal) {}
}

/**
 * Jason.encode!/1 of Elixir terms: maps of up to 32 keys come out in term order (keys sorted
 * bytewise), not in the order the code built them; a Decimal is its string; nil is null.
 */
export function jason(value: unknown): string {
  if (value instanceof Dec) return JSON.stringify(toText(value.value));
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(jason).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${jason((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Plug.RequestId's id: 20 url-safe base64 characters. */
const requestId = (): string => randomBytes(15).toString('base64url');

/** Phoenix.Controller.json/2 through the endpoint: lowercase headers, as Bandit writes them. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = jason(body);
  res.writeHead(status, {
    'cache-control': 'max-age=0, private, must-revalidate',
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'x-request-id': requestId(),
  });
  res.end(text);
}

/** ErrorJSON's render of a status: `{"errors":{"detail":"Not Found"}}`. */
export const sendDetail = (res: ServerResponse, error: PlugError): void =>
  sendJson(res, error.status, { errors: { detail: error.detail } });
