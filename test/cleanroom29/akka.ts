/**
 * The Akka HTTP server under Play: `Server: akka-http/10.2.10`, a `Date` on every answer, header
 * names in Title-Case, a request entity past `max-content-length` (8 MB) answered 413 in plain
 * text before Play sees it, and an answer past 2 KiB streamed as chunks instead of a strict entity.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PlayRequest, PlayResult } from './play.ts';

export const MAX_CONTENT_LENGTH = 8 * 1024 * 1024;
const STRICT_ENTITY_LIMIT = 2048;

export interface AkkaServer {
  readonly url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, result: PlayResult): void {
  res.statusCode = result.status;
  res.setHeader('Server', 'akka-http/10.2.10');
  res.setHeader('Content-Type', result.contentType);
  const bytes = Buffer.from(result.body, 'utf8');
  if (bytes.length <= STRICT_ENTITY_LIMIT) {
    res.setHeader('Content-Length', String(bytes.length));
    res.end(bytes);
    return;
  }
  // HttpEntity.Chunked: the body in pieces of the stream's buffer size.
  res.setHeader('Transfer-Encoding', 'chunked');
  for (let i = 0; i < bytes.length; i += STRICT_ENTITY_LIMIT)
    res.write(bytes.subarray(i, i + STRICT_ENTITY_LIMIT));
  res.end();
}

const tooLarge = (length: number): PlayResult => ({
  status: 413,
  contentType: 'text/plain; charset=UTF-8',
  body: `Request Content-Length of ${length} bytes exceeds the configured limit of ${MAX_CONTENT_LENGTH} bytes`,
});

/** Play's onServerError: a bug of the service is a 500, never a dropped connection. */
const serverError =
  (id: number) =>
  (e: unknown): PlayResult => ({
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify({ error: { requestId: id, message: `Execution exception: ${String(e)}` } }),
  });

/** Reads the entity up to the limit; past it, drains the rest unread and reports its length. */
function readEntity(req: IncomingMessage): Promise<{ body: Buffer } | { tooLarge: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length <= MAX_CONTENT_LENGTH) chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(length > MAX_CONTENT_LENGTH ? { tooLarge: length } : { body: Buffer.concat(chunks) }),
    );
    req.on('error', reject);
  });
}

export async function startAkkaServer(
  handle: (request: PlayRequest) => Promise<PlayResult>,
): Promise<AkkaServer> {
  let nextRequestId = 1;
  const server = createServer((req, res) => {
    const id = nextRequestId++;
    readEntity(req)
      .then(async (entity) => {
        if ('tooLarge' in entity) return send(res, tooLarge(entity.tooLarge));
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const request = {
          id,
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: entity.body,
        };
        send(res, await handle(request).catch(serverError(id)));
      })
      .catch(() => {
        // The connection went away mid-request: nothing left to answer.
        res.destroy();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
