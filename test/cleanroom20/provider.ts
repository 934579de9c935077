/**
 * The twentieth clean-room provider: a "Python/FastAPI + SQL" vendor behind uvicorn, written from
 * the four documents and DESIGN.md alone. This module is its HTTP layer: routing, authentication
 * first (as FastAPI dependencies run before the body is judged), and answers written by one
 * Python-style JSON writer. Some answers (seeded, `closeRate`) carry neither Content-Length nor
 * chunking and end by closing the connection (HTTP/1.1 §6.3 rule 8, `Connection: close`), as a
 * proxy speaking HTTP/1.0 upstream does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Auth, notAuthorized } from './auth.ts';
import { balance, deduct, unlock } from './capillary.ts';
import { makeOrgs } from './data.ts';
import { Fabric } from './fabric.ts';
import { isReply } from './lookup.ts';
import { dumps } from './pyjson.ts';
import type { Reply } from './reply.ts';

export interface Cleanroom20Options {
  /** Seed of the answers that end by closing the connection. */
  seed?: number;
  /** Share of answers without Content-Length, ended by closing the connection (0–1). */
  closeRate?: number;
}

export interface Cleanroom20Provider {
  url: string;
  stats(): { closeDelimited: number; answers: number };
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator, so a reading is the same run to run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CAPILLARY: Record<string, 'deduct' | 'balance' | 'unlock'> = {
  'POST /v2/customers/lookup/negativePointsAdjustment': 'deduct',
  'GET /v2/customers/lookup/points/balance': 'balance',
  'POST /v2/points/unlockPromisedPoints': 'unlock',
};

export async function startCleanroom20Provider(
  options: Cleanroom20Options = {},
): Promise<Cleanroom20Provider> {
  const orgs = makeOrgs();
  const auth = new Auth();
  const fabric = new Fabric();
  const random = seeded(options.seed ?? 20);
  const closeRate = options.closeRate ?? 0.3;
  const counts = { closeDelimited: 0, answers: 0 };

  function route(method: string, url: URL, req: IncomingMessage, text: string): Reply {
    const path = url.pathname;
    if (method === 'POST' && path === '/v3/oauth/token/generate') return auth.generate(text);
    const operation = CAPILLARY[`${method} ${path}`];
    if (operation) {
      const caller = auth.caller(req.headers);
      if (isReply(caller)) return caller;
      const org = orgs.find((o) => o.id === caller.org);
      if (!org) return { status: 500, body: { detail: 'Internal Server Error' } };
      if (!caller.points) return notAuthorized();
      if (operation === 'deduct') return deduct(org, url.searchParams, text);
      if (operation === 'balance') return balance(org, url.searchParams);
      return unlock(org, url.searchParams, text);
    }
    if (path === '/api/v1/members/points-adjustment' || path.startsWith('/api/v1/inquire/')) {
      const inquiry = /^\/api\/v1\/inquire\/([^/]+)\/member-points$/.exec(path);
      const allowed = inquiry ? 'GET' : 'POST';
      if (method !== allowed)
        return { status: 405, body: { detail: 'Method Not Allowed' }, headers: { allow: allowed } };
      const refused = fabric.authorize(req.headers);
      if (refused) return refused;
      return inquiry ? fabric.inquire(decodeURIComponent(inquiry[1] ?? '')) : fabric.adjust(text);
    }
    if (Object.keys(CAPILLARY).some((k) => k.endsWith(` ${path}`)))
      return { status: 405, body: { detail: 'Method Not Allowed' } };
    return { status: 404, body: { detail: 'Not Found' } };
  }

  function answer(res: ServerResponse, reply: Reply): void {
    const text = dumps(reply.body);
    counts.answers += 1;
    res.setHeader('server', 'uvicorn');
    res.setHeader('content-type', 'application/json');
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    if (random() < closeRate) {
      // No length and no chunks: the body ends where the connection does.
      counts.closeDelimited += 1;
      res.useChunkedEncodingByDefault = false;
      res.setHeader('connection', 'close');
      res.writeHead(reply.status);
      res.write(text);
      res.end();
      return;
    }
    res.setHeader('content-length', Buffer.byteLength(text));
    res.writeHead(reply.status);
    res.end(text);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      answer(res, route(req.method ?? 'GET', url, req, Buffer.concat(chunks).toString('utf8')));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
