import { type ChildProcess, spawn } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/client/index.ts';
import { checkReachable } from '../../src/engine/preflight.ts';
import { loadProfile, REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';
import type { Profile } from '../../src/profile/types.ts';
import { loadDefaultSpecs } from '../../src/spec/index.ts';

/**
 * A stall of this process (a loaded CI machine, a long synchronous task beside) is no silence of
 * the target: what arrived meanwhile is read before a deadline judges it. Each test blocks the
 * event loop for several times the deadline while the target answers (the kernel completes a TCP
 * handshake; a server in another process writes its answer), so the outcome does not depend on
 * how busy the machine is: before the deadlines were deferred past the poll, both were misjudged.
 */
const DEADLINE_MS = 50;
const STALL_MS = 6 * DEADLINE_MS;
/**
 * The client's deadline runs from before the request is sent: long enough that a loaded machine
 * does not spend it before the send, and the stall after the send three times longer.
 */
const CLIENT_DEADLINE_MS = 1000;
const CLIENT_STALL_MS = 3 * CLIENT_DEADLINE_MS;

/** Blocks the event loop, as a busy process does. */
const stall = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // busy: no timer, no I/O runs
  }
};

const reference = loadProfile(REFERENCE_PROFILE_PATH, { env: {} });
const profileFor = (url: string): Profile =>
  ({
    ...reference,
    capillary: { ...reference.capillary, baseUrl: url },
    fabric: { ...reference.fabric, baseUrl: `${url}/api` },
  }) as Profile;

/** An HTTP server in a child process: it answers while this process is blocked. */
const CHILD_SERVER = `require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"status":"success"}');
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });`;

let child: ChildProcess;
let childUrl: string;
let listener: Server;
let listenerUrl: string;

beforeAll(async () => {
  child = spawn(process.execPath, ['-e', CHILD_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  childUrl = `http://127.0.0.1:${chunk.toString().trim()}`;
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  listenerUrl = `http://127.0.0.1:${(listener.address() as { port: number }).port}`;
});

afterAll(async () => {
  child?.kill();
  await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
});

describe('deadlines after a stall of this process', () => {
  it('preflight: a target that accepted the connection during the stall is reachable', async () => {
    const checked = checkReachable(profileFor(listenerUrl), DEADLINE_MS, {});
    stall(STALL_MS);
    await expect(checked).resolves.toBeUndefined();
  });

  it('client: an answer that arrived during the stall is read, not timed out', async () => {
    const registry = await loadDefaultSpecs();
    const client = createHttpClient({
      registry,
      baseUrls: { capillary: childUrl, fabric: `${childUrl}/api` },
      limits: { timeoutMs: CLIENT_DEADLINE_MS, retries: 0, requestsPerSecond: 0, concurrency: 1 },
    });
    const call = () =>
      client.call('getPointsBalance', {
        principal: 'strict',
        auth: 'none',
        query: { identifierName: 'mobile', identifierValue: '1' },
      });
    // A first call warms up what a first call loads, so the deadline is not spent before the send.
    expect((await call()).response?.status).toBe(200);
    // Blocks once the request is on the wire: the child answers while this process cannot read.
    const onSent = () => stall(CLIENT_STALL_MS);
    subscribe('undici:request:bodySent', onSent);
    try {
      const exchange = await call();
      expect(exchange.error).toBeUndefined();
      expect(exchange.response?.status).toBe(200);
    } finally {
      unsubscribe('undici:request:bodySent', onSent);
      await client.close();
    }
  });
});
