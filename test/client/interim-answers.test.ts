import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { readText, TEST_LIMITS, useClientTargets } from './helpers.ts';

const GET = 'getPointsBalance';
const POST = 'negativePointsAdjustment';
const query = { identifierName: 'mobile', identifierValue: '1' };

const { target } = useClientTargets();

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

// RFC 9110 §15.2: "A client MUST be able to parse one or more 1xx responses received prior to a
// final response, even if the client does not expect one." undici 7 fails the request on a 100.
describe('createHttpClient on a target that sends 1xx answers nobody asked for', () => {
  it('reads the final answer of a GET after an unasked 100 Continue', async () => {
    const { client } = await target((_req, res) => {
      res.writeContinue();
      json(res, 200, { mainPoints: 5 });
    });
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.body).toEqual({ mainPoints: 5 });
    expect(exchange.attempts).toBe(1);
  });

  it('reads the final answer of a POST after two 100 Continue sent once its body was read, and sends it once', async () => {
    const bodies: string[] = [];
    const { client } = await target(async (req, res) => {
      bodies.push(await readText(req));
      res.writeContinue();
      res.writeProcessing();
      res.writeContinue();
      json(res, 201, { done: true });
    });
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body: { a: 1 } });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(201);
    expect(exchange.response?.body).toEqual({ done: true });
    expect(bodies).toEqual(['{"a":1}']);
  });

  it('reads a 100 Continue that arrives a few bytes at a time, and keeps the connection for the next call', async () => {
    const sockets = new Set<Socket>();
    const { client } = await target(
      async (req, res) => {
        sockets.add(req.socket);
        req.socket.setNoDelay(true);
        for (const part of ['H', 'TTP/1.1 10', '0 Continue\r\nX-Note: wait', '\r\n\r', '\n']) {
          req.socket.write(part);
          await delay(15);
        }
        json(res, 200, { path: req.url?.split('?')[0] });
      },
      { limits: { ...TEST_LIMITS, concurrency: 1 } },
    );
    const first = await client.call(GET, { principal: 'strict', auth: 'none', query });
    const second = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect([first.response?.status, second.response?.status]).toEqual([200, 200]);
    expect(second.response?.body).toEqual({ path: '/v2/customers/lookup/points/balance' });
    expect(sockets.size).toBe(1);
  });

  it('passes a body that starts like a status line through untouched', async () => {
    const text = 'HTTP/1.1 100 Continue\r\n\r\nnot a head';
    const { client } = await target((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(text);
    });
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.bodyText).toBe(text);
  });
});
