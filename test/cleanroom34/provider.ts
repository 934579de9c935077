import { createServer } from 'node:http';
import { listenOnLoopback } from '../support/loopback-server.ts';
import { fromEdge, RateLimitRule, rateLimited } from './edge.ts';
import { text, type WorkerRequest } from './hono.ts';
import { createWorker, type WorkerOptions } from './worker.ts';

export interface Cleanroom34Options extends WorkerOptions {
  /** Requests a client IP may make per one-second period before the edge's rule blocks (1015). */
  readonly ruleRate?: number;
}

export interface Cleanroom34Provider {
  readonly url: string;
  /** 429s (error 1015) the edge answered. */
  refused(): number;
  close(): Promise<void>;
}

/**
 * The thirty-fourth clean room as one Node server: Cloudflare's edge (the rate limiting rule, its
 * headers) in front of the Hono Worker on D1. Capillary at the root, fabric under /api.
 */
export async function startCleanroom34Provider(
  options: Cleanroom34Options = {},
): Promise<Cleanroom34Provider> {
  const worker = createWorker(options);
  // Hono's default onError: what a handler throws is a plain-text 500 (never in a correct run).
  const served = (req: WorkerRequest) => worker(req).catch(() => text('Internal Server Error', 500));
  const rule = new RateLimitRule(options.ruleRate ?? 400);
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const req: WorkerRequest = {
        method: incoming.method ?? 'GET',
        url: new URL(incoming.url ?? '/', 'http://127.0.0.1'),
        headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const retryAfter = rule.admit();
      const answer = retryAfter === undefined ? fromEdge(await served(req)) : rateLimited(req, retryAfter);
      outgoing.writeHead(answer.status, answer.headers);
      outgoing.end(answer.body);
    });
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, refused: () => rule.refused, close: listening.close };
}
