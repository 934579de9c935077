import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../support/loopback-server.ts';
import type { Request, Response } from './vapor.ts';

/**
 * The AWS Application Load Balancer in front of the Vapor targets, reproduced as the Node server the
 * suite talks to: HTTP/1.1 with keep-alive, the ALB's 60-second idle timeout (the target's own
 * keep-alive set longer, as AWS advises, so the balancer never meets a closed connection and never
 * answers its 502), and the request handed on with `X-Forwarded-*` and `X-Amzn-Trace-Id`.
 */
export interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

export async function behindAlb(target: (req: Request) => Promise<Response>): Promise<Listening> {
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      headers['x-forwarded-for'] = incoming.socket.remoteAddress ?? '127.0.0.1';
      headers['x-forwarded-proto'] = 'http';
      headers['x-amzn-trace-id'] = `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${'0'.repeat(24)}`;
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const answer = await target({
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers,
        body: Buffer.concat(chunks),
        params: {},
      });
      outgoing.writeHead(answer.status, {
        ...answer.headers,
        'content-length': String(Buffer.byteLength(answer.body)),
        connection: 'keep-alive',
        date: new Date().toUTCString(),
      });
      outgoing.end(answer.body);
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return listenOnLoopback(server);
}
