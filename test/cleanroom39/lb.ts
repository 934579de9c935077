import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import { type OrdsModule, type OrdsResponse, ordsErrorPage } from './ords.ts';

/** A path prefix the balancer's route rules send to an ORDS module, stripped on the way. */
export interface Route {
  readonly prefix: string;
  readonly module: OrdsModule;
}

/**
 * The Oracle Cloud load balancer's HTTP listener and the ORDS standalone (Jetty) behind it, as one
 * Node server: route rules per path prefix (fabric's `/api`, Capillary's root), keep-alive held
 * past the balancer's idle timeout, and what no module's template matches answered by ORDS' 404.
 */
export async function behindLoadBalancer(routes: readonly Route[]): Promise<LoopbackServer> {
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const route = routes.find((r) => r.prefix === '' || url.pathname.startsWith(`${r.prefix}/`));
      const request = {
        method: incoming.method ?? 'GET',
        path: route ? url.pathname.slice(route.prefix.length) : url.pathname,
        query: url.searchParams,
        headers,
        bodyText: Buffer.concat(chunks).toString('utf8'),
      };
      const answer: OrdsResponse =
        (route ? await route.module.serve(request) : undefined) ?? ordsErrorPage(404, headers.accept);
      const body = Buffer.from(answer.body, 'utf8');
      outgoing.writeHead(answer.status, {
        ...answer.headers,
        'content-type': answer.contentType ?? 'application/json',
        'content-length': String(body.length),
      });
      outgoing.end(body);
    });
  });
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  return listenOnLoopback(server);
}
