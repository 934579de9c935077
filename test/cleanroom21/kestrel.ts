import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ModelState, serialize } from './stj.ts';

/**
 * How Kestrel and ASP.NET Core answer: `Server: Kestrel`, bodies written through the response
 * stream (chunked, no Content-Length) under `application/json; charset=utf-8`, validation failures
 * as RFC 7807 ValidationProblemDetails (`application/problem+json`, with `errors` an object of
 * messages per member and a W3C `traceId`), 401s with an empty body and a challenge only.
 */

/** Writes a JSON body in two writes, so Kestrel's chunked framing is what the client reads. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  type = 'application/json',
): void {
  const text = serialize(body);
  res.statusCode = status;
  res.setHeader('Server', 'Kestrel');
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  const cut = Math.floor(text.length / 2);
  res.write(text.slice(0, cut));
  res.end(text.slice(cut));
}

/** A W3C traceparent-shaped id, as HttpContext.TraceIdentifier's Activity gives it. */
const traceId = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-00`;

const PROBLEM_TYPES: Record<number, [string, string]> = {
  400: ['https://tools.ietf.org/html/rfc9110#section-15.5.1', 'One or more validation errors occurred.'],
  404: ['https://tools.ietf.org/html/rfc9110#section-15.5.5', 'Not Found'],
  405: ['https://tools.ietf.org/html/rfc9110#section-15.5.6', 'Method Not Allowed'],
  415: ['https://tools.ietf.org/html/rfc9110#section-15.5.16', 'Unsupported Media Type'],
};

/** ProblemDetails (with `errors` for model validation), as [ApiController] answers. */
export function sendProblem(res: ServerResponse, status: number, errors?: ModelState): void {
  const [type, title] = PROBLEM_TYPES[status] ?? ['about:blank', 'Bad Request'];
  const body = errors
    ? { type, title, status, errors, traceId: traceId() }
    : { type, title, status, traceId: traceId() };
  sendJson(res, status, body, 'application/problem+json');
}

/** 401 as the authentication handler challenges: no body at all, a WWW-Authenticate header. */
export function sendChallenge(res: ServerResponse, challenge: string): void {
  res.statusCode = 401;
  res.setHeader('Server', 'Kestrel');
  res.setHeader('WWW-Authenticate', challenge);
  res.setHeader('Content-Length', '0');
  res.end();
}

/** The request body as text. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The input formatter's media types: application/json, text/json and application/*+json. */
export function acceptsJson(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type === 'text/json' || /^application\/[^/]+\+json$/.test(type);
}

/**
 * Binds a JSON body as [FromBody] does: 415 for another media type, a model-state error under `$`
 * for text that is not JSON or not an object. Answers and returns undefined when it cannot bind.
 */
export async function bindBody(
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Record<string, unknown> | undefined> {
  const text = await readBody(req);
  if (!acceptsJson(req)) {
    sendProblem(res, 415);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    sendProblem(res, 400, {
      $: ["'<' is an invalid start of a value. Path: $ | LineNumber: 0 | BytePositionInLine: 0."],
      request: ['The request field is required.'],
    });
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    sendProblem(res, 400, {
      $: [
        'The JSON value could not be converted to the request type. Path: $ | LineNumber: 0 | BytePositionInLine: 1.',
      ],
      request: ['The request field is required.'],
    });
    return undefined;
  }
  return parsed as Record<string, unknown>;
}
