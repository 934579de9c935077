import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import type { MuleRequest, MuleResponse } from './apikit.ts';

/**
 * CloudHub 2.0's shared load balancer and the Mule HTTP listener behind it, as the one Node server
 * the suite talks to: keep-alive held longer than the balancer's idle timeout (so it never meets a
 * closed worker connection and never answers its 502), an `x-correlation-id` on every answer (the
 * caller's, or a new one), and the app's DataWeave output streamed: `Transfer-Encoding: chunked`,
 * `Content-Type: application/json; charset=UTF-8`.
 */
export async function behindCloudHub(
  app: (request: MuleRequest) => Promise<MuleResponse>,
): Promise<LoopbackServer> {
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const correlation = headers['x-correlation-id'] ?? randomUUID();
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const answer = await app({
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: { ...headers, 'x-correlation-id': correlation },
        body: Buffer.concat(chunks),
      });
      outgoing.writeHead(answer.status, {
        ...answer.headers,
        'content-type': 'application/json; charset=UTF-8',
        'x-correlation-id': correlation,
      });
      // The listener streams the payload as DataWeave writes it: chunked, no Content-Length.
      const body = Buffer.from(answer.body, 'utf8');
      const half = Math.ceil(body.length / 2);
      outgoing.write(body.subarray(0, half));
      outgoing.end(body.subarray(half));
    });
  });
  server.keepAliveTimeout = 350_000;
  server.headersTimeout = 351_000;
  return listenOnLoopback(server);
}
