import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  CUT_BODY_TEXT_MAX_CHARS,
  createHttpClient,
  DEFAULT_MAX_BODY_BYTES,
  isTimeout,
} from '../../src/client/index.ts';
import { freePort, readText, TEST_LIMITS, useClientTargets } from './helpers.ts';

const GET = 'getPointsBalance';
const POST = 'negativePointsAdjustment';
const query = { identifierName: 'mobile', identifierValue: '1' };

const { target, registry, onCleanup } = useClientTargets();
const LIMITS = TEST_LIMITS;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('createHttpClient on a failing target', () => {
  it('records a timeout with an error code when the target never answers', async () => {
    const { client } = await target(() => {}, { limits: { ...LIMITS, timeoutMs: 200 } });
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response).toBeUndefined();
    expect(isTimeout(exchange)).toBe(true);
    expect(exchange.error?.message).toBe(
      'no complete response within 200 ms (waiting for the response headers; limits.timeoutMs)',
    );
    expect(exchange.attempts).toBe(1);
  });

  it('records a timeout with the status when the body stalls after the headers', async () => {
    const { client } = await target(
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      },
      { limits: { ...LIMITS, timeoutMs: 200 } },
    );
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response).toBeUndefined();
    expect(isTimeout(exchange)).toBe(true);
    expect(exchange.error?.status).toBe(200);
  });

  it('retries a GET after a 503 and returns the success (attempts 2)', async () => {
    let hits = 0;
    const { client } = await target(
      (_req, res) => {
        hits += 1;
        json(res, hits === 1 ? 503 : 200, { hit: hits });
      },
      { limits: { ...LIMITS, retries: 2 } },
    );
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.attempts).toBe(2);
    expect(hits).toBe(2);
  });

  it('stops retrying a GET after limits.retries and returns the last 503', async () => {
    let hits = 0;
    const { client } = await target(
      (_req, res) => {
        hits += 1;
        json(res, 503, {});
      },
      { limits: { ...LIMITS, retries: 2 } },
    );
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(503);
    expect(exchange.attempts).toBe(3);
    expect(hits).toBe(3);
  });

  it('never retries a POST, even on 503', async () => {
    let hits = 0;
    const { client } = await target(
      (req, res) => {
        hits += 1;
        req.resume();
        json(res, 503, {});
      },
      { limits: { ...LIMITS, retries: 3 } },
    );
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body: { a: 1 } });
    expect(exchange.response?.status).toBe(503);
    expect(exchange.attempts).toBe(1);
    expect(hits).toBe(1);
  });

  it('retries a GET whose connection was reset', async () => {
    let hits = 0;
    const { client } = await target(
      (req, res) => {
        hits += 1;
        if (hits === 1) req.socket.destroy();
        else json(res, 200, {});
      },
      { limits: { ...LIMITS, retries: 1 } },
    );
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.attempts).toBe(2);
  });

  /**
   * A target answering the first request of each connection (keep-alive) and handing every later
   * one to `drop`, which answers nothing whole; two calls in a row on one pooled connection.
   */
  const secondDropped = async (method: typeof GET | typeof POST, drop: (socket: Socket) => void) => {
    const answeredOn = new WeakSet<object>();
    let hits = 0;
    const { client } = await target(
      (req, res) => {
        hits += 1;
        req.resume();
        if (answeredOn.has(req.socket)) return drop(req.socket);
        answeredOn.add(req.socket);
        res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' });
        res.end('{}');
      },
      { limits: { ...LIMITS, retries: 0, concurrency: 1 } },
    );
    const call = () =>
      client.call(method, {
        principal: 'strict',
        auth: 'none',
        query,
        ...(method === POST ? { body: { a: 1 } } : {}),
      });
    expect((await call()).attempts).toBe(1);
    return { second: await call(), hits: () => hits };
  };

  it('sends a POST again on a new connection when a pooled connection is reset under it before any answer, not one ended after it was read, nor the first of its connection', async () => {
    // A reset: what the kernel of a target that closed the connection with the request unread
    // gives (the idle close racing it). This one read the POST first (a reset on purpose), which
    // the client cannot tell apart: the target gets it twice (stale-connection.ts). The exchange
    // says so, for the engine to judge no later failure of its scenario.
    const reset = await secondDropped(POST, (socket) => socket.resetAndDestroy());
    expect(reset.second.response?.status).toBe(200);
    expect(reset.second.attempts).toBe(2);
    expect(reset.second.lostConnectionResends).toBe(1);
    expect(reset.hits()).toBe(3);
    // Ended after the request was read ("other side closed"): it may have been processed.
    const ended = await secondDropped(POST, (socket) => socket.destroy());
    expect(ended.second.response).toBeUndefined();
    expect(ended.second.error).toMatchObject({ code: 'UND_ERR_SOCKET', message: 'other side closed' });
    expect(ended.second.attempts).toBe(1);
    expect(ended.second.lostConnectionResends).toBeUndefined();
    expect(ended.hits()).toBe(2);

    const { client: resetting } = await target((req) => req.socket.resetAndDestroy());
    const first = await resetting.call(POST, { principal: 'strict', auth: 'none', query, body: { a: 1 } });
    expect(first.response).toBeUndefined();
    expect(first.attempts).toBe(1);
  });

  it('sends a GET again on a new connection when the target ends a pooled connection before any answer ("other side closed"), with no retries left', async () => {
    // The target reads the request and ends the connection (a FIN, not a reset), as one closing
    // it while idle does to a request that crossed the close: undici says "other side closed".
    const ended = await secondDropped(GET, (socket) => socket.destroy());
    expect(ended.second.error).toBeUndefined();
    expect(ended.second.response?.status).toBe(200);
    expect(ended.second.attempts).toBe(2);
    expect(ended.hits()).toBe(3);
  });

  it('does not send a GET again once any byte of its answer came, however its connection ended', async () => {
    const headOnly = await secondDropped(GET, (socket) => {
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10\r\n\r\n{"a');
      socket.destroy();
    });
    expect(headOnly.second.response).toBeUndefined();
    expect(headOnly.second.error?.status).toBe(200);
    expect(headOnly.second.attempts).toBe(1);
    expect(headOnly.hits()).toBe(2);
    // Not even a whole status line: its bytes were read on the connection before it ended.
    const statusLine = await secondDropped(GET, (socket) => {
      socket.write('HTTP/1.1 2');
      socket.destroy();
    });
    expect(statusLine.second.response).toBeUndefined();
    expect(statusLine.second.attempts).toBe(1);
    expect(statusLine.hits()).toBe(2);
  });

  it('sends a GET lost to a closed pooled connection again once, never the resend that is the first request of its connection', async () => {
    // Only the very first request is answered: every later one, on any connection, is ended.
    let hits = 0;
    const { client } = await target(
      (req, res) => {
        hits += 1;
        if (hits > 1) return void req.socket.destroy();
        res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' });
        res.end('{}');
      },
      { limits: { ...LIMITS, retries: 0, concurrency: 1 } },
    );
    const call = () => client.call(GET, { principal: 'strict', auth: 'none', query });
    expect((await call()).response?.status).toBe(200);
    const second = await call();
    expect(second.response).toBeUndefined();
    expect(second.error).toMatchObject({ code: 'UND_ERR_SOCKET', message: 'other side closed' });
    expect(second.attempts).toBe(2);
    expect(hits).toBe(3);
  });

  it('records a refused connection with its code', async () => {
    const port = await freePort();
    const client = createHttpClient({
      registry: registry(),
      baseUrls: { capillary: `http://127.0.0.1:${port}` },
      limits: LIMITS,
    });
    onCleanup(() => client.close());
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response).toBeUndefined();
    expect(exchange.error?.code).toBe('ECONNREFUSED');
  });

  it('records a body that is not JSON as text, with no parsed body', async () => {
    const { client } = await target((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>not json</html>');
    });
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.bodyText).toBe('<html>not json</html>');
    expect(exchange.response?.body).toBeUndefined();
    expect('body' in (exchange.response ?? {})).toBe(false);
  });

  it('stops reading a body over 1 MiB, keeps its first 2 KiB (a cut body is never judged) and marks it cut and truncated', async () => {
    const { client } = await target((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`"${'x'.repeat(DEFAULT_MAX_BODY_BYTES * 2)}"`);
    });
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.truncated).toBe(true);
    expect(exchange.response?.cut).toBe(true);
    expect(exchange.response?.bodyText.length).toBe(CUT_BODY_TEXT_MAX_CHARS);
    expect(exchange.response?.body).toBeUndefined();
    expect(exchange.response?.bodyIssue).toBe(`body over ${DEFAULT_MAX_BODY_BYTES} bytes, cut`);
  });

  it('never has more requests in flight than limits.concurrency (counted by the server)', async () => {
    let inFlight = 0;
    let most = 0;
    const { client } = await target(
      (_req, res) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          json(res, 200, {});
        }, 20);
      },
      { limits: { ...LIMITS, concurrency: 3 } },
    );
    const all = await Promise.all(
      Array.from({ length: 12 }, () => client.call(GET, { principal: 'strict', auth: 'none', query })),
    );
    expect(all.every((e) => e.response?.status === 200)).toBe(true);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });

  it('sends the query with literal commas, repeated keys and everything else encoded', async () => {
    let seen = '';
    const { client } = await target((req, res) => {
      seen = req.url ?? '';
      json(res, 200, {});
    });
    await client.call(GET, {
      principal: 'strict',
      auth: 'none',
      query: {
        identifierName: 'email,mobile',
        identifierValue: 'a b&c=d,+x',
        source: undefined,
        tag: ['1', 2],
      },
    });
    expect(seen).toBe(
      '/v2/customers/lookup/points/balance?identifierName=email,mobile&identifierValue=a%20b%26c%3Dd,%2Bx&tag=1&tag=2',
    );
  });

  it('percent-encodes path parameters under the family base path', async () => {
    let seen = '';
    const { client } = await target((req, res) => {
      seen = req.url ?? '';
      json(res, 200, {});
    });
    await client.call('inquireMemberPoints', {
      principal: 'fabric',
      auth: 'none',
      pathParams: { profileId: 'a/b c?' },
    });
    expect(seen).toBe('/api/v1/inquire/a%2Fb%20c%3F/member-points');
  });

  it('sends JSON with its content type, and lets the caller replace or drop default headers', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string } | undefined;
    const { client } = await target(async (req, res) => {
      seen = { headers: req.headers, body: await readText(req) };
      json(res, 200, {});
    });
    await client.call(POST, { principal: 'strict', auth: 'none', query, body: { points: '10.00' } });
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.body).toBe('{"points":"10.00"}');
    await client.call(POST, {
      principal: 'strict',
      auth: 'none',
      query,
      body: {},
      headers: { 'content-type': 'text/plain', accept: null },
    });
    expect(seen?.headers['content-type']).toBe('text/plain');
    expect(seen?.headers.accept).toBeUndefined();
  });

  it('rejects with the abort reason when the caller cancels, without waiting for the timeout', async () => {
    const { client } = await target(() => {}, { limits: { ...LIMITS, timeoutMs: 60_000 } });
    const controller = new AbortController();
    const call = client.call(GET, { principal: 'strict', auth: 'none', query, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 20);
    await expect(call).rejects.toThrow('run cancelled');
  });

  it('adds no listeners to a signal shared by many calls (no MaxListenersExceededWarning)', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const { client } = await target((_req, res) => setTimeout(() => json(res, 200, {}), 5), {
        limits: { ...LIMITS, concurrency: 2 },
      });
      const run = new AbortController();
      const all = await Promise.all(
        Array.from({ length: 40 }, () =>
          client.call(GET, { principal: 'strict', auth: 'none', query, signal: run.signal }),
        ),
      );
      expect(all.every((e) => e.response?.status === 200)).toBe(true);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('numbers exchanges in order and reports each one', async () => {
    const { client, exchanges } = await target((_req, res) => json(res, 200, {}));
    const first = await client.call(GET, { principal: 'strict', auth: 'none', query });
    const second = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect([first.id, second.id]).toEqual([1, 2]);
    expect(exchanges).toEqual([first, second]);
  });
});
