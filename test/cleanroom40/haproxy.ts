import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import { type HttpRequest, type HttpResponse, parseQuery } from './drogon.ts';

const MAX_BODY = 1024 * 1024; // Drogon's client_max_body_size "1M"
let sequence = 0;

/**
 * HAProxy 2.8 in front of the Drogon process, as the one Node server the suite talks to: HTTP/1.1
 * keep-alive to the client held for `timeout client 30s` (the backend kept up, so no 502/503/504),
 * `X-Request-ID` set from `unique-id-format %{+X}o\ %ci:%cp_%fi:%fp_%Ts_%rt:%pid` on the request and
 * the answer; Drogon's own `Server: drogon/1.9.1`, `Content-Length` framing and its 413 past the
 * body limit.
 */
export async function behindHaproxy(
  app: (req: HttpRequest) => Promise<HttpResponse>,
  firstParameter = false,
): Promise<LoopbackServer> {
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    const requestId =
      (incoming.headers['x-request-id'] as string | undefined) ??
      `7F000001:${(incoming.socket.remotePort ?? 0).toString(16).toUpperCase()}_7F000001:1F90_${Math.floor(
        Date.now() / 1000,
      )
        .toString(16)
        .toUpperCase()}_${(++sequence).toString(16).toUpperCase().padStart(4, '0')}:${process.pid.toString(16).toUpperCase()}`;
    const send = (answer: HttpResponse) => {
      const body = Buffer.from(answer.body, 'utf8');
      const headers: Record<string, string | number> = {
        server: 'drogon/1.9.1',
        'content-length': body.length,
        'x-request-id': requestId,
        ...(answer.contentType ? { 'content-type': answer.contentType } : {}),
        ...answer.headers,
      };
      outgoing.writeHead(answer.status, headers);
      outgoing.end(incoming.method === 'HEAD' ? undefined : body);
    };
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        if (!refused) send({ status: 413, contentType: 'text/html; charset=utf-8', body: '' });
        refused = true;
        return;
      }
      chunks.push(chunk);
    });
    incoming.on('end', async () => {
      if (refused) return;
      const target = incoming.url ?? '/';
      // HAProxy's HTTP/1 parser without `option accept-invalid-http-request`: its own 400 page.
      if (/[^\x21-\x7e]|["<>\\^`{|}]/.test(target)) {
        outgoing.writeHead(400, {
          'content-type': 'text/html',
          'cache-control': 'no-cache',
          connection: 'close',
        });
        outgoing.end(
          '<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n',
        );
        return;
      }
      const q = target.indexOf('?');
      const headers: Record<string, string | undefined> = { 'x-request-id': requestId };
      for (const [name, value] of Object.entries(incoming.headers))
        if (name !== 'x-request-id') headers[name] = Array.isArray(value) ? value.join(', ') : value;
      send(
        await app({
          method: incoming.method ?? 'GET',
          path: decodeURI(q < 0 ? target : target.slice(0, q)),
          parameters: parseQuery(q < 0 ? '' : target.slice(q + 1), firstParameter),
          headers,
          body: Buffer.concat(chunks).toString('utf8'),
          attributes: new Map(),
        }),
      );
    });
  });
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 31_000;
  return listenOnLoopback(server);
}
