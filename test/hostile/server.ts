/**
 * Hostile targets: servers that misbehave the ways real staging systems, gateways and proxies do
 * (hangs, resets, garbage, login pages, huge and deeply nested bodies, redirects, rate limits,
 * flaky 503s, bad chunking or gzip, …). Some replace every answer; others sit in front of the
 * embedded reference provider and spoil only some answers, so a correct backend behind an unruly
 * gateway must still be judged conformant. Loopback only; every stream is bounded.
 */
import { randomBytes } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startReferenceServer } from '../../src/reference/server.ts';

/** The provider's answer, whole (its answers are small), as a gateway may rewrite it. */
interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * What a mode does with one request; `forward` hands it to the reference provider behind, and
 * sends its answer as `rewrite` makes it, or as it came.
 */
type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  forward: (rewrite?: (answer: Answer) => Answer) => void,
  count: number,
) => void;

/** One hostile behaviour. */
export interface HostileMode {
  readonly id: string;
  readonly description: string;
  /** Whether a reference provider answers behind it (the mode spoils some answers only). */
  readonly proxied: boolean;
  readonly handle: Handler;
}

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** A handler answering every request with this status, these headers and this body. */
const answers =
  (status: number, headers: Record<string, string> = {}, body?: string): Handler =>
  (_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

/** A JSON text nested `depth` levels deep, built without recursion. */
export const deepJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** Writes `total` bytes of a JSON-looking body in 64 KiB chunks, respecting back-pressure. */
function stream(res: ServerResponse, total: number): void {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"padding":"');
  const pump = () => {
    while (sent < total) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end('"}');
  };
  res.on('close', () => {
    sent = total;
  });
  pump();
}

const MIB = 1024 * 1024;

/** Connections that carried a request (`endsReused`). */
const carried = new WeakSet<Socket>();

/**
 * A gateway that reads a `method` request coming as a later request on a connection and ends the
 * connection (a FIN, not a reset) without forwarding or answering it; it forwards the rest.
 */
const endsReused =
  (method: string): Handler =>
  (req, _res, forward) => {
    if (req.method === method && carried.has(req.socket)) return void req.socket.destroy();
    carried.add(req.socket);
    forward();
  };

export const HOSTILE_MODES: readonly HostileMode[] = [
  {
    id: 'hang',
    description: 'accepts the connection and never answers',
    proxied: false,
    handle: () => {},
  },
  {
    id: 'reset',
    description: 'resets the connection on every request',
    proxied: false,
    handle: (req) => req.socket.destroy(),
  },
  {
    id: 'garbage',
    description: 'answers bytes that are not HTTP',
    proxied: false,
    handle: (req) => {
      req.socket.end('\u0000\u00ffNOT-HTTP garbage\r\n\r\n');
    },
  },
  {
    id: 'login-page',
    description: 'answers every request with a 200 text/html "Sign in" page',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body><h1>Sign in</h1><form>user <input> password <input></form></body></html>');
    },
  },
  {
    id: 'html-500',
    description: 'answers every request with a 500 HTML error page',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<h1>Internal Server Error</h1>');
    },
  },
  {
    id: 'empty-200',
    description: 'answers 200 with an empty body',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end();
    },
  },
  {
    id: 'json-null',
    description: 'answers 200 with the JSON value null',
    proxied: false,
    handle: (_req, res) => json(res, 200, null),
  },
  {
    id: 'huge-body',
    description: 'streams a 200 MiB body to every request',
    proxied: false,
    handle: (_req, res) => stream(res, 200 * MIB),
  },
  {
    id: 'deep-json',
    description: 'answers 200 with JSON nested 100,000 deep',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(deepJson(100_000));
    },
  },
  {
    id: 'invalid-utf8',
    description: 'answers 200 with bytes that are not UTF-8',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]));
    },
  },
  {
    id: 'fake-gzip',
    description: 'claims Content-Encoding gzip for a body that is not gzip',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end('{"status":"success"}');
    },
  },
  {
    id: 'bad-chunking',
    description: 'sends a chunked body with an invalid chunk size',
    proxied: false,
    handle: (req) => {
      req.socket.end(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n',
      );
    },
  },
  {
    id: 'truncated',
    description: 'promises 1000 bytes and closes after 10',
    proxied: false,
    handle: (req) => {
      req.socket.end(
        'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"status":',
      );
    },
  },
  {
    id: 'slow-body',
    description: 'sends the headers, then one byte of body per 400 ms',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const timer = setInterval(() => res.write(' '), 400);
      res.on('close', () => clearInterval(timer));
    },
  },
  {
    id: 'redirect',
    description: 'redirects every request elsewhere (302)',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(302, { location: 'http://127.0.0.1:9/login' });
      res.end();
    },
  },
  {
    id: 'unauthorized',
    description: 'answers 401 to every request (the profile’s credentials look wrong)',
    proxied: false,
    handle: (_req, res) =>
      json(res, 401, { errors: [{ status: false, code: 401, message: 'Unauthorized' }] }),
  },
  {
    id: 'not-found',
    description: 'answers 404 to every request (a wrong base URL)',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
    },
  },
  {
    id: 'rate-limited',
    description: 'answers 429 with Retry-After: 1 to every request',
    proxied: false,
    handle: (_req, res) => json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '1' }),
  },
  {
    id: 'wrong-shape',
    description: 'answers 200 with a JSON object of none of the documented fields',
    proxied: false,
    handle: (_req, res) => json(res, 200, { ok: true, items: [1, 2, 3] }),
  },
  {
    id: 'huge-headers',
    description: 'answers with 100 KiB of headers',
    proxied: false,
    handle: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-padding': 'x'.repeat(100 * 1024) });
      res.end('{}');
    },
  },
  {
    id: 'terminal-escapes',
    description:
      'answers a 200 text/html page carrying terminal escapes (clear screen, retitle, bell, C1 CSI, NEL, U+2028)',
    proxied: false,
    handle: answers(
      200,
      { 'content-type': 'text/html' },
      '\u001b[2J\u001b]0;pwned\u0007<h1>Sign\rin</h1>\u009b31m\u0085x\u2028y',
    ),
  },
  {
    id: 'redirect-without-location',
    description: 'answers 302 without a Location header',
    proxied: false,
    handle: answers(302),
  },
  {
    id: 'not-modified',
    description: 'a cache answering 304 Not Modified to requests that named no cached copy',
    proxied: false,
    handle: answers(304),
  },
  {
    id: 'no-content-with-length',
    description:
      'answers 204 No Content with a JSON body and its Content-Length (a framework writing the body it was handed)',
    proxied: false,
    handle: (req) => {
      const body = '{"status":"ok"}';
      req.socket.write(
        `HTTP/1.1 204 No Content\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
      );
    },
  },
  {
    id: 'error-envelope-200',
    description: 'answers every request 200 with the error envelope (a legacy API "refusing" in a 200)',
    proxied: false,
    handle: (_req, res) =>
      json(res, 200, { errors: [{ status: false, code: 500, message: 'Internal error' }] }),
  },
  {
    id: 'top-level-array',
    description: 'answers 200 with a JSON array at the top level',
    proxied: false,
    handle: (_req, res) => json(res, 200, [{ status: { success: true, code: 200 } }]),
  },
  {
    id: 'number-overflow',
    description: 'answers 200 with a balance whose figures are 1e400 (past a double: read as Infinity)',
    proxied: false,
    handle: answers(
      200,
      { 'content-type': 'application/json' },
      '{"entityId":1001,"entityType":"CUSTOMER","totalPoints":1e400,"mainPoints":1e400}',
    ),
  },
  {
    id: 'status-599',
    description:
      'answers 599 (a proxy\'s "network connect timeout"; RFC 9110 §15: an unknown 5xx is read as 500)',
    proxied: false,
    handle: (_req, res) => json(res, 599, { message: 'Network Connect Timeout Error' }),
  },
  {
    id: 'status-999',
    description: "answers status 999, outside HTTP's 100–599",
    proxied: false,
    handle: (req) => {
      req.socket.end('HTTP/1.1 999 Weird\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}');
    },
  },
  {
    id: 'set-cookie-flood',
    description: 'answers with 2,000 Set-Cookie headers (about 20 KiB)',
    proxied: false,
    handle: (_req, res) =>
      json(res, 200, {}, { 'set-cookie': Array.from({ length: 2000 }, (_, i) => `c${i}=${i}`) }),
  },
  {
    id: 'long-json',
    description:
      'answers 200 with 24 KB of JSON (an unlock listing 3,000 items), longer than the 16 KiB of text kept as evidence',
    proxied: false,
    handle: answers(
      200,
      { 'content-type': 'application/json' },
      JSON.stringify({ pointsUnlocked: Array.from({ length: 3000 }, () => ({ x: 1 })) }),
    ),
  },
  {
    id: 'transfer-gzip',
    description:
      'answers a 400 envelope under Transfer-Encoding gzip, chunked, which the client never asked for (no TE header)',
    proxied: false,
    handle: (req) => {
      const body = gzipSync('{"errors":[{"status":false,"code":8015,"message":"Customer not found"}]}');
      req.socket.end(
        Buffer.concat([
          Buffer.from(
            `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ntransfer-encoding: gzip, chunked\r\n\r\n${body.length.toString(16)}\r\n`,
          ),
          body,
          Buffer.from('\r\n0\r\n\r\n'),
        ]),
      );
    },
  },
  // --- in front of a correct provider: the gateway misbehaves, the API does not ---
  {
    id: 'proxy-bom',
    description:
      'a gateway adding a UTF-8 byte order mark before every JSON body; the provider behind is correct',
    proxied: true,
    handle: (_req, _res, forward) =>
      forward((answer) =>
        String(answer.headers['content-type']).includes('json')
          ? { ...answer, body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), answer.body]) }
          : answer,
      ),
  },
  {
    id: 'proxy-garbage-after-100',
    description:
      'a gateway forwarding the first 100 requests, then answering 200 with JSON cut short ("{garb")',
    proxied: true,
    handle: (_req, res, forward, count) => {
      if (count <= 100) return forward();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{garb');
    },
  },
  {
    id: 'proxy-rate-limit-some',
    description:
      'a gateway answering 429 (Retry-After: 0) to every 25th request; the provider behind is correct',
    proxied: true,
    handle: (_req, res, forward, count) =>
      count % 25 === 0 ? json(res, 429, { message: 'slow down' }, { 'retry-after': '0' }) : forward(),
  },
  {
    id: 'proxy-flaky-503',
    description:
      'a gateway answering 503 (Retry-After: 0) to every 20th request; the provider behind is correct',
    proxied: true,
    handle: (_req, res, forward, count) =>
      count % 20 === 0 ? json(res, 503, { message: 'unavailable' }, { 'retry-after': '0' }) : forward(),
  },
  {
    id: 'proxy-429-unauthenticated',
    description:
      'a gateway answering 429 (Retry-After: 1) to every request without credentials: no rate limit may pass for a refusal',
    proxied: true,
    handle: (req, res, forward) =>
      req.headers.authorization || req.headers['x-cap-api-oauth-token']
        ? forward()
        : json(res, 429, { message: 'Too Many Requests' }, { 'retry-after': '1' }),
  },
  {
    id: 'proxy-dies',
    description: 'a gateway that forwards the first 60 requests, then never answers again',
    proxied: true,
    handle: (_req, _res, forward, count) => {
      if (count <= 60) forward();
    },
  },
  {
    id: 'proxy-slow',
    description: 'a gateway adding 10 ms to every answer; the provider behind is correct',
    proxied: true,
    handle: (_req, _res, forward) => void setTimeout(forward, 10),
  },
  {
    id: 'proxy-fresh-cookie',
    description:
      'a gateway setting a fresh session cookie on every answer (a secret the run must learn each time); the provider behind is correct',
    proxied: true,
    handle: (_req, res, forward) => {
      res.setHeader('set-cookie', `gw-session=${randomBytes(16).toString('hex')}; HttpOnly`);
      forward();
    },
  },
  {
    id: 'proxy-ends-reused-get',
    description:
      'a gateway ending its keep-alive connection unannounced (no Connection: close, no Keep-Alive timeout) when a GET comes as a later request on it, read and never answered, as an idle close crossing the request does ("other side closed"); the provider behind is correct',
    proxied: true,
    handle: endsReused('GET'),
  },
  {
    id: 'proxy-ends-reused-post',
    description:
      'the same gateway ending its connection under a POST that came as a later request on it: read and never answered, so it may have been booked, and is never sent again',
    proxied: true,
    handle: endsReused('POST'),
  },
];

/** A running hostile target. */
export interface HostileTarget {
  /** Base URL (Capillary; fabric adds `/api`). */
  readonly url: string;
  /** Requests received so far. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/** Starts a mode on a free loopback port (with a reference provider behind it when it proxies). */
export async function startHostileTarget(mode: HostileMode): Promise<HostileTarget> {
  const backend = mode.proxied ? await startReferenceServer({ port: 0 }) : undefined;
  const backendUrl = backend ? new URL(backend.url) : undefined;
  const sockets = new Set<Socket>();
  let count = 0;
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    count += 1;
    const forward = (rewrite?: (answer: Answer) => Answer) => {
      if (!backendUrl) return void res.destroy();
      const upstream = httpRequest(
        {
          host: backendUrl.hostname,
          port: backendUrl.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          if (!rewrite) {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            return void answer.pipe(res);
          }
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => {
            const { status, headers, body } = rewrite({
              status: answer.statusCode ?? 502,
              headers: answer.headers,
              body: Buffer.concat(chunks),
            });
            const { 'content-length': _length, 'transfer-encoding': _framing, ...kept } = headers;
            res.writeHead(status, kept);
            res.end(body);
          });
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    };
    mode.handle(req, res, forward, count);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await backend?.close();
    },
  };
}
