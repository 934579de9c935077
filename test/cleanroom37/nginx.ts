import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import type { JettyRequest, JettyResponse } from './ring.ts';

/**
 * nginx 1.25 as the reverse proxy in front of Jetty: `client_max_body_size 1m` (past it nginx's own
 * 413 HTML page, the app never sees the request), a request line past `large_client_header_buffers
 * 4 8k` refused with its 414 page, keep-alive to the client ended by `keepalive_requests 100`, its
 * own `Server` and `Date` headers replacing Jetty's, and Jetty's chunked framing of an InputStream
 * body passed on (an empty body goes out with `Content-Length: 0`). The upstream is kept up, so
 * nginx never answers its 502.
 */
const MAX_BODY = 1024 * 1024;
/** `large_client_header_buffers 4 8k`: a longer request line is refused 414 before proxying. */
const MAX_REQUEST_LINE = 8192;
/** `keepalive_requests 100`: the hundredth answer on a connection says `Connection: close` and ends it. */
const KEEPALIVE_REQUESTS = 100;

const page = (status: string) =>
  `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>nginx/1.25.5</center>\r\n</body>\r\n</html>\r\n`;

export async function behindNginx(
  jetty: (req: JettyRequest) => Promise<JettyResponse>,
): Promise<LoopbackServer> {
  const served = new WeakMap<object, number>();
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const count = (served.get(incoming.socket) ?? 0) + 1;
    served.set(incoming.socket, count);
    const last = count >= KEEPALIVE_REQUESTS;
    if (last) outgoing.shouldKeepAlive = false;
    const common = {
      server: 'nginx/1.25.5',
      date: new Date().toUTCString(),
      connection: last ? 'close' : 'keep-alive',
    };
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY && !refused) {
        refused = true;
        outgoing.writeHead(413, {
          ...common,
          'content-type': 'text/html',
          'content-length': String(page('413 Request Entity Too Large').length),
        });
        outgoing.end(page('413 Request Entity Too Large'));
      }
      if (!refused) chunks.push(chunk);
    });
    if (`${incoming.method} ${incoming.url} HTTP/1.1`.length > MAX_REQUEST_LINE) {
      refused = true;
      const body = page('414 Request-URI Too Large');
      outgoing.writeHead(414, {
        ...common,
        'content-type': 'text/html',
        'content-length': String(body.length),
      });
      outgoing.end(body);
    }
    incoming.on('end', async () => {
      if (refused) return;
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      headers['x-real-ip'] = incoming.socket.remoteAddress ?? '127.0.0.1';
      headers['x-forwarded-for'] = headers['x-real-ip'];
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const answer = await jetty({
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers,
        body: Buffer.concat(chunks),
      });
      if (answer.body === '') {
        outgoing.writeHead(answer.status, { ...answer.headers, ...common, 'content-length': '0' });
        outgoing.end();
        return;
      }
      // No Content-Length: Node frames the body chunked, as nginx passes Jetty's chunks on.
      outgoing.writeHead(answer.status, { ...answer.headers, ...common });
      outgoing.write(answer.body);
      outgoing.end();
    });
  });
  server.keepAliveTimeout = 75_000;
  server.headersTimeout = 76_000;
  return listenOnLoopback(server);
}
