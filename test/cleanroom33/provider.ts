/**
 * The thirty-third clean-room provider: a Java Micronaut 4 service (Jackson, Micronaut Data JDBC
 * on Oracle Database 19c, NUMBER(15,4) columns) behind Google Apigee X, reproduced in TypeScript
 * on one loopback port (Capillary at the root, fabric under /api).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apigeeHeaders, applicationNotFound, proxyOf, SpikeArrest } from './apigee.ts';
import { bearerOk, Security } from './auth.ts';
import { CapillaryService } from './capillary.ts';
import { FABRIC_TOKEN, seed } from './data.ts';
import { CapError, capAnswer } from './envelope.ts';
import { FabricService } from './fabric.ts';
import { type JsonValue, readJson } from './jackson.ts';
import { type Answer, BadRequest, bodyUnreadable, micronautError } from './micronaut.ts';
import { ResourceBusy, RowLocks } from './oracle.ts';

export interface Cleanroom33Options {
  /** Dual eligibility on in heron with this primary identifier (off when absent). */
  readonly dualPrimary?: string;
  /** SpikeArrest's rate per proxy, messages a second (default 500ps). */
  readonly spikeArrestRate?: number;
}

export interface Cleanroom33Provider {
  readonly url: string;
  /** 429s SpikeArrest answered, over all proxies. */
  refused(): number;
  close(): Promise<void>;
}

type Handler = (request: Request) => Answer | Promise<Answer>;

interface Request {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: () => JsonValue;
}

const MAX_BODY = 1 << 20;

export async function startCleanroom33Provider(
  options: Cleanroom33Options = {},
): Promise<Cleanroom33Provider> {
  const { orgs, member } = seed();
  const heron = orgs[0];
  if (heron && options.dualPrimary) heron.dualPrimary = options.dualPrimary;
  const locks = new RowLocks();
  const security = new Security(orgs);
  const capillary = new CapillaryService(locks);
  const fabric = new FabricService(member, locks);
  const rate = options.spikeArrestRate ?? 500;
  const arrests = new Map<string, SpikeArrest>();

  const fabricAuthed =
    (handler: Handler): Handler =>
    (request) =>
      bearerOk(request.headers, FABRIC_TOKEN)
        ? handler(request)
        : micronautError(401, request.path, ['Unauthorized']);

  // Micronaut's routes: method → handler per path; a path matched by a pattern takes its parameter.
  const routes: { pattern: RegExp; methods: Record<string, Handler> }[] = [
    { pattern: /^\/v3\/oauth\/token\/generate$/, methods: { POST: (r) => security.generateToken(r.body()) } },
    {
      pattern: /^\/v2\/customers\/lookup\/negativePointsAdjustment$/,
      methods: { POST: (r) => capillary.deduct(security.capillary(r.headers), r.query, r.body()) },
    },
    {
      pattern: /^\/v2\/customers\/lookup\/points\/balance$/,
      methods: { GET: (r) => capillary.balance(security.capillary(r.headers), r.query) },
    },
    {
      pattern: /^\/v2\/points\/unlockPromisedPoints$/,
      methods: { POST: (r) => capillary.unlock(security.capillary(r.headers), r.query, r.body()) },
    },
    {
      pattern: /^\/api\/v1\/members\/points-adjustment$/,
      methods: { POST: fabricAuthed((r) => fabric.adjust(r.body())) },
    },
    {
      pattern: /^\/api\/v1\/inquire\/([^/]+)\/member-points$/,
      methods: {
        GET: fabricAuthed((r) =>
          fabric.inquire(decodeURIComponent(/inquire\/([^/]+)\//.exec(r.path)?.[1] ?? '')),
        ),
      },
    },
  ];

  async function service(method: string, request: Request): Promise<Answer> {
    const route = routes.find((r) => r.pattern.test(request.path));
    if (!route) return micronautError(404, request.path, ['Page Not Found']);
    const handler = route.methods[method];
    if (!handler)
      return micronautError(405, request.path, [
        `Method [${method}] not allowed for URI [${request.path}]. Allowed methods: [${Object.keys(route.methods).join(', ')}]`,
      ]);
    const type = String(request.headers['content-type'] ?? 'application/json');
    if (method === 'POST' && !/^application\/json\b/i.test(type))
      return micronautError(415, request.path, [
        `Content Type [${type}] not allowed. Allowed types: [application/json]`,
      ]);
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof CapError) return capAnswer(error);
      if (error instanceof BadRequest) return micronautError(400, request.path, [error.detail]);
      if (error instanceof ResourceBusy)
        return capAnswer(new CapError(30006, 'Customer is being updated, try again'));
      return micronautError(500, request.path, ['Internal Server Error']);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const proxy = proxyOf(url.pathname);
    let answer: Answer;
    if (!proxy) answer = applicationNotFound(String(req.headers.host ?? 'default'), url.pathname);
    else {
      let arrest = arrests.get(proxy);
      if (!arrest) {
        arrest = new SpikeArrest(rate);
        arrests.set(proxy, arrest);
      }
      answer =
        arrest.admit() ??
        (await service(method, {
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: () => {
            if (text.trim() === '') throw bodyUnreadable('Required Body [request] not specified');
            try {
              return readJson(text);
            } catch (error) {
              throw bodyUnreadable(
                `Error decoding JSON stream for type [request]: ${(error as Error).message}`,
              );
            }
          },
        }));
      answer = { ...answer, headers: { ...answer.headers, ...apigeeHeaders(proxy) } };
    }
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      handle(req, res, text).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    refused: () => [...arrests.values()].reduce((sum, a) => sum + a.refused, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
