import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';

/**
 * Supabase's front: Kong 2.8 routes `/functions/v1/<name>/…` to the Edge Runtime, which hands the
 * function a web `Request` whose path starts at `/<name>` (as hosted functions see it) and sends back
 * its `Response`. Kong's own JSON 404 for a path it has no route for; the runtime's own 404 for a
 * function that is not deployed, and its 500 for a function that throws. The functions are
 * deployed with `--no-verify-jwt` (they check the pages' own credentials), so Kong asks for no apikey.
 */
export type EdgeFunction = (req: Request) => Promise<Response>;

const PREFIX = '/functions/v1/';

function kongHeaders(res: ServerResponse, started: number): void {
  res.setHeader('via', 'kong/2.8.1');
  res.setHeader('x-kong-proxy-latency', '0');
  res.setHeader('x-kong-upstream-latency', String(Math.max(1, Math.round(performance.now() - started))));
  res.setHeader('sb-request-id', randomUUID());
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Kong and the Edge Runtime in front of the deployed functions, as one loopback server. */
export async function serveFunctions(
  functions: Readonly<Record<string, EdgeFunction>>,
): Promise<LoopbackServer> {
  const server = createServer(async (req, res) => {
    const started = performance.now();
    kongHeaders(res, started);
    try {
      const body = await readBody(req);
      const path = req.url ?? '/';
      if (!path.startsWith(PREFIX))
        return sendJson(res, 404, { message: 'no Route matched with those values' });
      const name = path.slice(PREFIX.length).split(/[/?]/)[0] ?? '';
      const fn = functions[name];
      if (!fn) return sendJson(res, 404, { code: 'NOT_FOUND', message: 'Requested function was not found' });
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers))
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      const method = req.method ?? 'GET';
      const request = new Request(
        `http://${req.headers.host ?? '127.0.0.1'}${path.slice(PREFIX.length - 1)}`,
        {
          method,
          headers,
          ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
        },
      );
      let response: Response;
      try {
        response = await fn(request);
      } catch {
        return sendJson(res, 500, { code: 'WORKER_ERROR', message: 'Function exited due to an error' });
      }
      const out = Buffer.from(await response.arrayBuffer());
      response.headers.forEach((value, key) => {
        res.setHeader(key, value);
      });
      res.setHeader('content-length', out.length);
      res.writeHead(response.status);
      res.end(out);
    } catch {
      if (!res.headersSent)
        sendJson(res, 502, { message: 'An invalid response was received from the upstream server' });
      else res.destroy();
    }
  });
  return listenOnLoopback(server);
}
