/**
 * Play Framework habits around the actions: the request id every request gets, Results with
 * play-json bodies, the default error handler (JSON `{"error":{"requestId":…,"message":…}}` when the
 * client prefers JSON, its HTML page otherwise), `parse.json` (415 without a JSON Content-Type,
 * 400 "Invalid Json: …" for a body Jackson cannot read) and the routes file's query binders.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type Js, stringify } from './playjson.ts';

export interface PlayRequest {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface PlayResult {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** `Status(status)(Json.toJson(value))`: play-json's Content-Type carries no charset. */
export const jsonResult = (status: number, value: Js): PlayResult => ({
  status,
  contentType: 'application/json',
  body: stringify(value),
});

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  415: 'Unsupported Media Type',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** HttpErrorHandler.onClientError: JSON for a client that prefers it, else the HTML page. */
export function clientError(request: PlayRequest, status: number, message: string): PlayResult {
  const accept = String(request.headers.accept ?? '');
  if (/application\/json|text\/json|\+json/.test(accept))
    return jsonResult(status, { error: { requestId: request.id, message } });
  const title = TITLES[status] ?? 'Error';
  return {
    status,
    contentType: 'text/html; charset=utf-8',
    body: `<!DOCTYPE html>\n<html lang="en">\n<head><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<p id="detail">${escapeHtml(message)}</p>\n</body>\n</html>\n`,
  };
}

/** `parse.json`: the parsed body, or the error handler's answer. */
export function parseJson(request: PlayRequest): { json: unknown } | { refused: PlayResult } {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type !== 'application/json' && type !== 'text/json')
    return { refused: clientError(request, 415, 'Expecting text/json or application/json body') };
  const text = request.body.toString('utf8');
  if (text.trim() === '')
    return { refused: clientError(request, 400, 'Invalid Json: No content to map due to end-of-input') };
  try {
    return { json: JSON.parse(text) };
  } catch (e) {
    const detail = /end of JSON input/i.test(String(e)) ? 'Unexpected end-of-input' : (e as Error).message;
    return { refused: clientError(request, 400, `Invalid Json: ${detail}`) };
  }
}

/** A route's `Option[Long]` query binder. */
export function bindLong(
  request: PlayRequest,
  name: string,
): { value: bigint | undefined } | { refused: PlayResult } {
  const raw = request.query.get(name);
  if (raw === null) return { value: undefined };
  if (!/^-?\d{1,18}$/.test(raw))
    return {
      refused: clientError(
        request,
        400,
        `Cannot parse parameter ${name} as Long: For input string: "${raw}"`,
      ),
    };
  return { value: BigInt(raw) };
}

/** A route's `Option[Boolean]` query binder: Play takes true, false, 1 and 0. */
export function bindBoolean(
  request: PlayRequest,
  name: string,
): { value: boolean | undefined } | { refused: PlayResult } {
  const raw = request.query.get(name);
  if (raw === null) return { value: undefined };
  if (raw === 'true' || raw === '1') return { value: true };
  if (raw === 'false' || raw === '0') return { value: false };
  return {
    refused: clientError(
      request,
      400,
      `Cannot parse parameter ${name} as Boolean: should be true, false, 0 or 1`,
    ),
  };
}
