import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Gateway } from './apim.ts';
import { Auth } from './auth.ts';
import { CapillaryViews } from './capillary.ts';
import { seed, seedMembers } from './data.ts';
import { FabricViews } from './fabric.ts';
import { methodNotAllowed, NOT_FOUND_PAGE, type Reply } from './flask.ts';
import { RowLocks } from './ledger.ts';

export interface Cleanroom31Options {
  /** The heron org's primary identifier under dual eligibility; off when left out. */
  readonly dualPrimary?: string;
  /** APIM's rate-limit policy, calls per second (default 400). */
  readonly callsPerSecond?: number;
}

export interface Cleanroom31Provider {
  readonly url: string;
  /** Calls APIM's rate-limit policy refused so far. */
  throttled(): number;
  close(): Promise<void>;
}

/** Largest request body read (App Service's front end refuses more long before this). */
const MAX_BODY = 1024 * 1024;

/** Starts the clean room on 127.0.0.1 (Capillary at the root, fabric under /api). */
export async function startCleanroom31Provider(
  options: Cleanroom31Options = {},
): Promise<Cleanroom31Provider> {
  const orgs = seed();
  const heron = orgs[0];
  if (heron && options.dualPrimary) heron.dualPrimary = options.dualPrimary;
  const auth = new Auth(orgs);
  const locks = new RowLocks();
  const capillary = new CapillaryViews(locks);
  const fabric = new FabricViews(seedMembers(), locks);
  const gateway = new Gateway(options.callsPerSecond ?? 400);

  const route = async (req: IncomingMessage, url: URL, text: string): Promise<Reply> => {
    const method = req.method ?? 'GET';
    const body = parseBody(req, text);
    const only = (allowed: string, view: () => Reply | Promise<Reply>) =>
      method === allowed
        ? view()
        : methodNotAllowed(allowed === 'GET' ? 'GET, HEAD, OPTIONS' : `${allowed}, OPTIONS`);
    const path = url.pathname;
    if (path === '/v3/oauth/token/generate') return only('POST', () => auth.generate(body));
    const capillaryView = {
      '/v2/customers/lookup/negativePointsAdjustment': ['POST', 'deduct'],
      '/v2/points/unlockPromisedPoints': ['POST', 'unlock'],
      '/v2/customers/lookup/points/balance': ['GET', 'balance'],
    }[path];
    if (capillaryView) {
      const [allowed = '', name] = capillaryView;
      return only(allowed, () => {
        const caller = auth.caller(req.headers);
        if ('status' in caller) return caller;
        if (name === 'deduct') return capillary.deduct(caller, url.searchParams, body);
        if (name === 'unlock') return capillary.unlock(caller, url.searchParams, body);
        return capillary.balance(caller, url.searchParams);
      });
    }
    const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
    if (path === '/api/v1/members/points-adjustment' || inquiry) {
      return only(inquiry ? 'GET' : 'POST', () => {
        const refused = fabric.refuse(req.headers.authorization);
        if (refused) return refused;
        return inquiry ? fabric.inquire(decodeURIComponent(inquiry[1] ?? '')) : fabric.adjust(body);
      });
    }
    return NOT_FOUND_PAGE;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply =
        gateway.throttle(operationOf(req.method, url.pathname)) ??
        (await gateway.forward(async () =>
          size > MAX_BODY
            ? {
                status: 413,
                body: '{"statusCode":413,"message":"Request entity too large"}',
                headers: { 'Content-Type': 'application/json' },
              }
            : route(req, url, Buffer.concat(chunks).toString('utf8')),
        ));
      const traced = String(req.headers['ocp-apim-trace'] ?? '').toLowerCase() === 'true';
      res.writeHead(reply.status, gateway.outbound(reply, traced));
      res.end(req.method === 'HEAD' ? undefined : reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    throttled: () => gateway.throttled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** APIM's operation of a call (the inquiry's profileId is a template parameter). */
function operationOf(method: string | undefined, path: string): string {
  return `${method} ${path.replace(/^\/api\/v1\/inquire\/[^/]+/, '/api/v1/inquire/{profileId}')}`;
}

/**
 * Flask's `request.get_json(silent=True)` as webargs reads it: a body that is not declared JSON is
 * no body (every field missing); an empty one likewise; one that does not parse is `undefined`.
 */
function parseBody(req: IncomingMessage, text: string): unknown {
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!/^application\/(.+\+)?json/.test(type) || text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
