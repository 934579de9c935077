import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  type Clock,
  createHttpClient,
  type Exchange,
  type HttpClient,
  type HttpClientOptions,
} from '../../src/client/index.ts';
import { loadDefaultSpecs, type SpecRegistry } from '../../src/spec/index.ts';

/** Lets pending promise callbacks and I/O callbacks run. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

interface FakeTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/** A manual clock: time moves only through `advance`, firing due timers in order. */
export function createFakeClock(start = 0) {
  let now = start;
  let seq = 0;
  const timers = new Set<FakeTimer>();
  const clock: Clock = {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { at: now + Math.max(0, ms), seq: seq++, callback };
      timers.add(timer);
      return timer;
    },
    clearTimeout(handle) {
      timers.delete(handle as FakeTimer);
    },
  };
  return {
    clock,
    /** Timers scheduled and not yet fired or cleared. */
    get pendingTimers() {
      return timers.size;
    },
    /** Moves time forward by `ms`, firing each due timer at its own time, promises settled in between. */
    async advance(ms: number) {
      const target = now + ms;
      await flush();
      for (;;) {
        const next = [...timers]
          .filter((t) => t.at <= target)
          .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
        if (!next) break;
        timers.delete(next);
        now = next.at;
        next.callback();
        await flush();
      }
      now = target;
      await flush();
    },
  };
}

/** A node:http server on 127.0.0.1 with a port chosen by the system. */
export interface TestServer {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startTestServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<TestServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on (bound once, then released). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Reads a request body as text. */
export function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** A local target and a client pointed at it (both families); `close` ends both. */
export interface ClientTarget {
  readonly server: TestServer;
  readonly client: HttpClient;
  /** Every exchange the client recorded, in order. */
  readonly exchanges: Exchange[];
  close(): Promise<void>;
}

/** Limits for tests against a local target: no pacing, no read retries, a short timeout. */
export const TEST_LIMITS = { timeoutMs: 2_000, retries: 0, requestsPerSecond: 0, concurrency: 4 };

/** Starts `handler` on 127.0.0.1 and a client for it with {@link TEST_LIMITS} unless overridden. */
export async function startClientTarget(
  registry: SpecRegistry,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  options: Partial<HttpClientOptions> = {},
): Promise<ClientTarget> {
  const server = await startTestServer(handler);
  const exchanges: Exchange[] = [];
  const client = createHttpClient({
    registry,
    baseUrls: { capillary: server.url, fabric: `${server.url}/api` },
    limits: TEST_LIMITS,
    retryDelayMs: 5,
    onExchange: (e) => exchanges.push(e),
    ...options,
  });
  return {
    server,
    client,
    exchanges,
    close: async () => {
      await server.close();
      await client.close();
    },
  };
}

/**
 * Per test file: the shipped specs, loaded once, and `target()` — a local target with a client,
 * closed after each test together with whatever `onCleanup` was given.
 */
export function useClientTargets(options: { concurrent?: boolean } = {}) {
  let registry: SpecRegistry | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    registry = await loadDefaultSpecs();
  });
  // Concurrent tests close their targets together at the end: after one test, the others' are in use.
  (options.concurrent ? afterAll : afterEach)(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const specs = (): SpecRegistry => {
    if (!registry) throw new Error('the specs load in beforeAll');
    return registry;
  };
  return {
    registry: specs,
    onCleanup: (cleanup: () => Promise<void>) => void cleanups.push(cleanup),
    async target(
      handler: (req: IncomingMessage, res: ServerResponse) => void,
      options: Partial<HttpClientOptions> = {},
    ): Promise<ClientTarget> {
      const started = await startClientTarget(specs(), handler, options);
      cleanups.push(() => started.close());
      return started;
    },
  };
}
