import { DecodingError, encode, type Json, parseJson } from './foundation.ts';

/**
 * The Vapor 4 habits the service lives with: the trie router (case-sensitive, empty path components
 * dropped so a trailing slash matches, no 405: a known path with another method is the same 404),
 * `req.content.decode` (415 without a JSON Content-Type, 413 past the 16 KB default body limit, a
 * DecodingError as a 400), and ErrorMiddleware's `{"error":true,"reason":…}` for an `AbortError`.
 * Errors that carry a Capillary code are the service's own `AbortError` with the page's envelope.
 */
export interface Request {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  /** Route parameters (`:profileId`). */
  params: Record<string, string>;
}

export interface Response {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** `Abort(.badRequest, reason: …)`. */
export class Abort extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(reason);
  }
}

/** The service's AbortError for a documented Capillary code: the page's envelope. */
export class CapillaryError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export type Handler = (req: Request) => Promise<Response>;

export class Vapor {
  private readonly routes: { method: string; parts: string[]; handler: Handler }[] = [];

  /** Per-process key order of the JSONEncoder. */
  constructor(readonly hashSeed: number) {}

  on(method: string, path: string, handler: Handler): void {
    this.routes.push({ method, parts: components(path), handler });
  }

  json(value: unknown, status = 200): Response {
    return { status, headers: { 'content-type': JSON_TYPE }, body: encode(value, this.hashSeed) };
  }

  /** The responder chain: router, then ErrorMiddleware around the handler. */
  async respond(req: Request): Promise<Response> {
    try {
      const parts = components(req.path);
      for (const route of this.routes) {
        if (route.method !== req.method || route.parts.length !== parts.length) continue;
        const params: Record<string, string> = {};
        const hit = route.parts.every((p, i) => {
          const part = parts[i] ?? '';
          if (p.startsWith(':')) params[p.slice(1)] = percentDecoded(part);
          return p.startsWith(':') || p === part;
        });
        if (!hit) continue;
        req.params = params;
        return await route.handler(req);
      }
      throw new Abort(404, 'Not Found');
    } catch (error) {
      return this.errorResponse(error);
    }
  }

  private errorResponse(error: unknown): Response {
    if (error instanceof CapillaryError)
      return this.json(
        { errors: [{ status: false, code: error.code, message: error.message }], warnings: [] },
        error.status,
      );
    if (error instanceof Abort) {
      const answer = this.json({ error: true, reason: error.reason }, error.status);
      return { ...answer, headers: { ...answer.headers, ...error.headers } };
    }
    if (error instanceof DecodingError) return this.json({ error: true, reason: error.reason }, 400);
    // Production ErrorMiddleware hides what was thrown.
    return this.json({ error: true, reason: 'Something went wrong.' }, 500);
  }
}

const components = (path: string) => path.split('/').filter((p) => p !== '');

/** Vapor's `removingPercentEncoding`, which leaves a malformed escape as it came. */
function percentDecoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** `req.content.decode(…)`: the body parsed as JSON, or the abort Vapor answers. */
export function content(req: Request): Json {
  if (req.body.length > 16 * 1024) throw new Abort(413, 'Payload Too Large');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new Abort(415, 'Unsupported Media Type');
  if (req.body.length === 0)
    throw new DecodingError("Data corrupted at path ''. The given data was not valid JSON.");
  return parseJson(req.body.toString('utf8'));
}
