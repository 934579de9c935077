import { jsonify } from './pyjson.ts';
import type { Errors } from './webargs.ts';

/** What a Flask view returns, before API Management adds its own headers. */
export interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** The backend's own header on every answer; API Management passes it through (no policy strips it). */
const WERKZEUG = { Server: 'Werkzeug/3.0.1 Python/3.12.1' };

export function json(status: number, value: unknown): Reply {
  return { status, body: jsonify(value), headers: { ...WERKZEUG, 'Content-Type': 'application/json' } };
}

/** webargs' error handler: 422 with the location's errors (400 for a body that is not JSON). */
export function webargsError(location: 'json' | 'query', errors: Errors): Reply {
  return json(422, { errors: { [location]: errors } });
}

export const INVALID_JSON: Reply = json(400, { errors: { json: ['Invalid JSON body.'] } });

/**
 * A documented Capillary code in the documented envelope. The status per code is this service's
 * (the documents give none): 404 where a row is not found, 422 where the ledger refuses, 400 else.
 */
export function capError(code: number, message: string, status = statusOf(code)): Reply {
  return json(status, { errors: [{ code, message, status: false }], warnings: [] });
}

const NOT_FOUND = new Set([8015, 82323277, 3918, 8874, 8877, 1645]);
const REFUSED = new Set([8907, 82323282, 1218]);

function statusOf(code: number): number {
  if (NOT_FOUND.has(code)) return 404;
  if (REFUSED.has(code)) return 422;
  return 400;
}

function page(status: number, title: string, text: string, extra: Record<string, string> = {}): Reply {
  return {
    status,
    body: `<!doctype html>\n<html lang=en>\n<title>${status} ${title}</title>\n<h1>${title}</h1>\n<p>${text}</p>\n`,
    headers: { ...WERKZEUG, 'Content-Type': 'text/html; charset=utf-8', ...extra },
  };
}

/** Werkzeug's HTML page for a path no route matches. */
export const NOT_FOUND_PAGE = page(
  404,
  'Not Found',
  'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
);

/** Werkzeug's HTML page for a route that exists under other methods. */
export function methodNotAllowed(allow: string): Reply {
  return page(405, 'Method Not Allowed', 'The method is not allowed for the requested URL.', {
    Allow: allow,
  });
}
