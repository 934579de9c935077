import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the reference provider parses; larger ones get 413 after being drained. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Past this many bytes a body is no longer drained: the connection is closed instead. */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;
/**
 * Deepest nesting of arrays/objects a body may have. Far above any document's shape; without a
 * bound, a 1 MB body of `[[[[…]]]]` overflows the stack of every recursive walk after parsing.
 */
export const MAX_JSON_DEPTH = 64;

/** How deeply a JSON text nests arrays and objects (brackets inside strings do not count). */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return deepest;
}

/** A request body read from the socket. */
export type BodyResult =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'malformed'; reason: string }
  | { kind: 'too-large'; bytes: number };

/** The body of a request that declares none. */
export const NO_BODY: BodyResult = Object.freeze({ kind: 'empty' });

/**
 * Whether a request carries no body: neither Transfer-Encoding nor a Content-Length above 0 (RFC
 * 9112 §6.3: such a request's body is zero bytes long, and node's parser reads it so). Most of the
 * embedded provider's requests are such reads; {@link readJsonBody} would answer `empty` for them
 * after a turn of the request stream, so they skip it. Node dumps the request's (empty) stream
 * itself once the answer is finished, as it does for every request left unread.
 */
export function declaresNoBody(req: IncomingMessage): boolean {
  const { headers } = req;
  if (headers['transfer-encoding'] !== undefined) return false;
  const length = headers['content-length'];
  return length === undefined || length === '0';
}

/**
 * Reads the whole body. An oversized body is drained (not buffered) so that the client, which is
 * still sending, gets to read the 413 instead of a reset connection.
 */
export function readJsonBody(req: IncomingMessage): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (!done) {
        done = true;
        resolve(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (bytes > MAX_DRAIN_BYTES) {
        finish({ kind: 'too-large', bytes });
        req.destroy();
      }
    });
    req.on('error', () => finish({ kind: 'malformed', reason: 'request stream failed' }));
    req.on('end', () => {
      if (bytes > MAX_BODY_BYTES) return finish({ kind: 'too-large', bytes });
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return finish({ kind: 'empty' });
      if (jsonNestingDepth(text) > MAX_JSON_DEPTH) {
        return finish({ kind: 'malformed', reason: `nested deeper than ${MAX_JSON_DEPTH} levels` });
      }
      try {
        finish({ kind: 'json', value: JSON.parse(text) });
      } catch (error) {
        finish({ kind: 'malformed', reason: (error as Error).message });
      }
    });
  });
}

/**
 * Writes a JSON answer with an explicit length, so clients never wait for more. `options` exists
 * for the fault hooks only (reference-only): `rawBody` replaces the serialised body, `headers`
 * override the defaults (names compared in lower case; an empty value drops the header, as a server
 * answering without a body may send no Content-Type; without `content-length` the body goes
 * chunked), `earlyHints` sends a 103 first and `unaskedContinue` a 100 Continue.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  options: {
    headers?: Record<string, string>;
    rawBody?: string | Uint8Array;
    earlyHints?: Record<string, string | string[]>;
    unaskedContinue?: boolean;
  } = {},
): void {
  if (options.earlyHints) res.writeEarlyHints(options.earlyHints);
  if (options.unaskedContinue) res.writeContinue();
  const text = options.rawBody ?? JSON.stringify(body);
  // Every answer of the embedded provider comes through here: plain loops, no entry lists.
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  };
  const extra = options.headers;
  if (extra) for (const name of Object.keys(extra)) headers[name.toLowerCase()] = extra[name] as string;
  const sent: Record<string, string | number> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name] as string | number;
    if (value !== '') sent[name] = value;
  }
  res.writeHead(status, sent);
  res.end(text);
}

/**
 * A request target in origin form whose path `new URL` would keep as written: no `%`, backslash or
 * other character the URL parser encodes or reads specially, no dot segment, not `//` (taken for
 * a host), and a query of printable ASCII without `#` (the parser only encodes such characters,
 * which URLSearchParams decodes back alike).
 */
const PLAIN_TARGET = /^(\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@/]*)(\?[\x21-\x22\x24-\x7e]*)?$/;
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/**
 * The path and query of a request's target, as `new URL(target, base)` gives them. Every answer
 * of the embedded provider starts here: the plain targets a suite sends are split as written,
 * anything else goes through the URL parser.
 */
export function requestTarget(target: string): { pathname: string; searchParams: URLSearchParams } {
  const plain = PLAIN_TARGET.exec(target);
  if (plain && !DOT_SEGMENT.test(plain[1] as string)) {
    return { pathname: plain[1] as string, searchParams: new URLSearchParams(plain[2] ?? '') };
  }
  const url = new URL(target, 'http://reference.invalid');
  return { pathname: url.pathname, searchParams: url.searchParams };
}

/** Splits a query string into single values and repeated ones (a repeated key becomes an array). */
export function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [key, value] of search) {
    const previous = query[key];
    if (previous === undefined) query[key] = value;
    else query[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return query;
}

/**
 * The method a request is answered as: a HEAD as its GET (RFC 9110 §9.3.2), so `curl -I` on the
 * health route works as a probe; node leaves the body of an answer to a HEAD out on its own.
 */
export const methodServed = (req: IncomingMessage): string =>
  req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
