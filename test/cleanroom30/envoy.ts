import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type Answer, Code, errorAnswer, json, RpcError } from './status.ts';

/**
 * The Envoy sidecar in front of grpc-gateway's ServeMux: lower-case header names, `server: envoy`,
 * `x-envoy-upstream-service-time`, an `x-request-id` on every answer (the client's, else a new
 * UUID), bodies sent with a content-length (never chunked: every answer here is small), and the
 * buffer filter's 413 past 1 MiB. The mux answers an unknown path 404 and a known path with another
 * method 405, both as google.rpc.Status.
 */

/** An answer and whether it came from upstream (the gateway) or is Envoy's own local reply. */
interface Sent extends Answer {
  readonly local?: boolean;
}

export interface Request {
  readonly incoming: IncomingMessage;
  readonly url: URL;
  readonly body: string;
  readonly params: readonly string[];
}

export interface Route {
  readonly method: string;
  readonly path: RegExp;
  handle(request: Request): Promise<unknown>;
}

const MAX_REQUEST_BYTES = 1024 * 1024;

function send(incoming: IncomingMessage, res: ServerResponse, answer: Sent): void {
  const id = incoming.headers['x-request-id'];
  // The gateway forwards the gRPC response metadata as Grpc-Metadata-*; Envoy lower-cases it.
  const upstream = answer.local
    ? {}
    : { 'grpc-metadata-content-type': 'application/grpc', 'x-envoy-upstream-service-time': '3' };
  res.sendDate = false;
  res.writeHead(answer.status, {
    'content-type': answer.contentType ?? 'application/json',
    'content-length': String(Buffer.byteLength(answer.body)),
    date: new Date().toUTCString(),
    server: 'envoy',
    ...upstream,
    'x-request-id': typeof id === 'string' && id !== '' ? id : randomUUID(),
    // Set here, so node adds neither its own `Connection` nor `Keep-Alive` in Title-Case.
    connection: incoming.headers.connection?.toLowerCase() === 'close' ? 'close' : 'keep-alive',
  });
  res.end(answer.body);
}

async function dispatch(routes: readonly Route[], incoming: IncomingMessage, body: string): Promise<Answer> {
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const matching = routes.filter((r) => r.path.test(url.pathname));
  if (matching.length === 0) return json(404, { code: Code.NOT_FOUND, message: 'Not Found', details: [] });
  const route = matching.find((r) => r.method === incoming.method);
  if (!route) return json(405, { code: Code.UNIMPLEMENTED, message: 'Method Not Allowed', details: [] });
  const params = (route.path.exec(url.pathname) ?? []).slice(1).map((p) => decodeURIComponent(p));
  try {
    return json(200, await route.handle({ incoming, url, body, params }));
  } catch (error) {
    if (error instanceof RpcError) return errorAnswer(error);
    return json(500, { code: 13, message: 'internal error', details: [] });
  }
}

export function envoyServer(routes: readonly Route[]): Server {
  return createServer((incoming, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    incoming.on('end', () => {
      if (size > MAX_REQUEST_BYTES) {
        send(incoming, res, {
          status: 413,
          body: 'Payload Too Large',
          contentType: 'text/plain',
          local: true,
        });
        return;
      }
      void dispatch(routes, incoming, Buffer.concat(chunks).toString('utf8')).then((answer) =>
        send(incoming, res, answer),
      );
    });
  });
}
