/**
 * Clean room eighteen's HTTP/1.1, hand-rolled on `node:net` (no `node:http`), as a vendor whose
 * stack is not Node's: requests parsed here (Content-Length or chunked bodies, pipelined requests
 * answered in order), keep-alive with at most `maxPerConnection` requests per connection (the last
 * answer says `Connection: close`, as nginx's `keepalive_requests` does) and a `Keep-Alive:
 * timeout=5, max=N` countdown, idle connections closed after the announced 5 s. Answers carry
 * `Date` and `Server`; successes are chunked in several small chunks with chunk extensions
 * (RFC 9112 §7.1.1: a recipient ignores extensions it does not know) and a trailer field; errors
 * carry a Content-Length. HEAD and OPTIONS are answered; 1xx is never sent.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';

export interface WireRequest {
  readonly method: string;
  readonly target: string;
  /** Header names in lower case; a repeated header joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
}

export interface WireAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** JSON text, or undefined for no body (204). */
  readonly body?: string;
  readonly contentType?: string;
}

export interface WireOptions {
  readonly maxPerConnection: number;
  readonly random: () => number;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  411: 'Length Required',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
};
const IDLE_MS = 5000;
const MAX_HEAD = 16 * 1024;

/** Thrown by the parser for a request it cannot read: answered 400, then the connection closes. */
class Malformed extends Error {}

interface Parsed {
  readonly request: WireRequest;
  readonly used: number;
}

/** The body of a chunked request starting at `from`, or undefined while incomplete. */
function readChunked(buf: Buffer, from: number): { body: Buffer; end: number } | undefined {
  const parts: Buffer[] = [];
  let at = from;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    if (eol < 0) return undefined;
    const size = Number.parseInt(buf.subarray(at, eol).toString('latin1').split(';')[0]!.trim(), 16);
    if (!Number.isFinite(size) || size < 0) throw new Malformed('chunk size');
    at = eol + 2;
    if (size === 0) {
      // Trailer fields up to an empty line.
      const end = buf.indexOf('\r\n\r\n', at - 2);
      if (end < 0) return undefined;
      return { body: Buffer.concat(parts), end: end + 4 };
    }
    if (buf.length < at + size + 2) return undefined;
    parts.push(buf.subarray(at, at + size));
    at += size + 2;
  }
}

/** One request from the front of `buf`, or undefined while it is incomplete. */
function parseRequest(buf: Buffer): Parsed | undefined {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) {
    if (buf.length > MAX_HEAD) throw new Malformed('head too large');
    return undefined;
  }
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const [method, target, version] = lines[0]!.split(' ');
  if (!method || !target || !version?.startsWith('HTTP/1.')) throw new Malformed('request line');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Malformed('header line');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  const start = headEnd + 4;
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    const chunked = readChunked(buf, start);
    if (!chunked) return undefined;
    return { request: { method, target, headers, body: chunked.body.toString('utf8') }, used: chunked.end };
  }
  const length = Number(headers.get('content-length') ?? '0');
  if (!Number.isInteger(length) || length < 0) throw new Malformed('content-length');
  if (buf.length < start + length) return undefined;
  const body = buf.subarray(start, start + length).toString('utf8');
  return { request: { method, target, headers, body }, used: start + length };
}

/** Splits `bytes` into 3–5 chunks, each with an extension, then a trailer with the body's digest. */
function chunkedBody(bytes: Buffer, random: () => number): Buffer {
  const pieces: Buffer[] = [];
  const count = 3 + Math.floor(random() * 3);
  const step = Math.max(1, Math.ceil(bytes.length / count));
  let n = 0;
  for (let at = 0; at < bytes.length; at += step) {
    const part = bytes.subarray(at, at + step);
    // Upper-case hex with leading zeros, and an extension with a quoted value: both legal.
    const size = part.length.toString(16).toUpperCase().padStart(4, '0');
    pieces.push(
      Buffer.from(`${size};seq=${n++};note="cr18 \\"part\\""\r\n`, 'latin1'),
      part,
      Buffer.from('\r\n'),
    );
  }
  const digest = createHash('sha256').update(bytes).digest('base64');
  pieces.push(Buffer.from(`0;last\r\nX-Body-Sha256: ${digest}\r\n\r\n`, 'latin1'));
  return Buffer.concat(pieces);
}

/** The bytes of `answer` to `request`; `close` says whether this is the connection's last. */
function frame(
  request: WireRequest,
  answer: WireAnswer,
  close: boolean,
  left: number,
  opts: WireOptions,
): Buffer {
  const head = [`HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? 'Unknown'}`];
  head.push(`Date: ${new Date().toUTCString()}`, 'Server: Loyal18/2.4 (hand-rolled)');
  for (const [name, value] of Object.entries(answer.headers ?? {})) head.push(`${name}: ${value}`);
  head.push(close ? 'Connection: close' : 'Connection: keep-alive');
  if (!close) head.push(`Keep-Alive: timeout=${IDLE_MS / 1000}, max=${left}`);
  const bytes = answer.body === undefined ? undefined : Buffer.from(answer.body, 'utf8');
  let payload: Buffer = Buffer.alloc(0);
  if (bytes) {
    head.push(`Content-Type: ${answer.contentType ?? 'application/json'}`);
    if (answer.status < 300) {
      head.push('Transfer-Encoding: chunked', 'Trailer: X-Body-Sha256');
      payload = chunkedBody(bytes, opts.random);
    } else {
      head.push(`Content-Length: ${bytes.length}`);
      payload = bytes;
    }
  } else if (answer.status !== 204) head.push('Content-Length: 0');
  const headBytes = Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1');
  // HEAD: the headers a GET would get, no body (RFC 9110 §9.3.2).
  return request.method === 'HEAD' ? headBytes : Buffer.concat([headBytes, payload]);
}

/** Serves one connection: requests in order, one answer at a time. */
function serveConnection(
  socket: Socket,
  handle: (r: WireRequest) => Promise<WireAnswer>,
  opts: WireOptions,
  onClosedAtMax: () => void,
): void {
  let buf = Buffer.alloc(0);
  let served = 0;
  let busy = false;
  let closing = false;
  socket.setTimeout(IDLE_MS, () => socket.destroy());
  socket.on('error', () => socket.destroy());
  const pump = async (): Promise<void> => {
    if (busy || closing) return;
    busy = true;
    try {
      for (;;) {
        let parsed: Parsed | undefined;
        try {
          parsed = parseRequest(buf);
        } catch {
          closing = true;
          const bad: WireRequest = { method: 'GET', target: '/', headers: new Map(), body: '' };
          socket.end(frame(bad, { status: 400, body: '{"message":"malformed request"}' }, true, 0, opts));
          return;
        }
        if (!parsed) return;
        buf = buf.subarray(parsed.used);
        served++;
        const asked = /close/i.test(parsed.request.headers.get('connection') ?? '');
        const close = asked || served >= opts.maxPerConnection;
        const answer = await handle(parsed.request).catch(
          (): WireAnswer => ({ status: 500, body: '{"message":"internal error"}' }),
        );
        if (socket.destroyed) return;
        const bytes = frame(parsed.request, answer, close, opts.maxPerConnection - served, opts);
        if (close) {
          closing = true;
          if (!asked) onClosedAtMax();
          socket.end(bytes);
          return;
        }
        socket.write(bytes);
      }
    } finally {
      busy = false;
    }
  };
  socket.on('data', (data: Buffer) => {
    buf = Buffer.concat([buf, data]);
    void pump();
  });
}

export interface WireServer {
  readonly url: string;
  /** Connections accepted, and those closed because they had carried `maxPerConnection` requests. */
  readonly connections: { accepted: number; closedAtMax: number };
  close(): Promise<void>;
}

/** Listens on 127.0.0.1 at a free port and answers each request with `handle`. */
export async function listenWire(
  handle: (request: WireRequest) => Promise<WireAnswer>,
  opts: WireOptions,
): Promise<WireServer> {
  const sockets = new Set<Socket>();
  const connections = { accepted: 0, closedAtMax: 0 };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    connections.accepted++;
    socket.on('close', () => sockets.delete(socket));
    serveConnection(socket, handle, opts, () => connections.closedAtMax++);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
