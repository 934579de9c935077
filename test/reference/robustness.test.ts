import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { byMobile, DATA, type Exchange, errorCode, useReferenceClient } from '../support/reference-client.ts';

const { ana } = DATA.strict;
const client = useReferenceClient();
/** A hang fails the request quickly instead of at the test timeout. */
const timeoutMs = 5_000;

const npa = (options: { rawBody?: string | Buffer; body?: unknown; contentType?: string | null }) =>
  client().call('negativePointsAdjustment', { query: byMobile(ana.mobile), timeoutMs, ...options });

function expect4xx(exchange: Exchange): void {
  expect(exchange.status, exchange.text).toBeGreaterThanOrEqual(400);
  expect(exchange.status, exchange.text).toBeLessThan(500);
  expect(exchange.contentType).toMatch(/^application\/json/);
  expect(exchange.body, 'a JSON body').toBeTypeOf('object');
}

// After every hostile request the server must still answer, and must not have applied anything.
afterEach(async () => {
  const health = await client().raw('GET', '/__reference/health', { timeoutMs });
  expect(health.status).toBe(200);
  const balance = await client().call('getPointsBalance', { query: byMobile(ana.mobile), timeoutMs });
  expect(balance.status).toBe(200);
  expect((balance.body as { mainPoints: number }).mainPoints).toBe(670);
});

describe('reference provider robustness', () => {
  it('answers malformed JSON with a 4xx JSON error', async () => {
    expect4xx(await npa({ rawBody: '{"pointsToBeAdjusted": 10, "reasonOfReturn": ' }));
    expect4xx(await npa({ rawBody: "{'pointsToBeAdjusted': 10}" }));
  });

  it('answers a 10 MB body with 413 and a JSON error', async () => {
    const huge = Buffer.alloc(10 * 1024 * 1024, 'a');
    const exchange = await npa({ rawBody: huge });
    expect4xx(exchange);
    expect(exchange.status).toBe(413);
  });

  it('answers a 10 MB JSON body to an unknown path with 404', async () => {
    const huge = JSON.stringify({ padding: 'x'.repeat(10 * 1024 * 1024) });
    const exchange = await client().raw('POST', '/v2/no/such/operation', { rawBody: huge, timeoutMs });
    expect4xx(exchange);
    expect(exchange.status).toBe(404);
  });

  it('answers an unknown path with 404 in the family envelope', async () => {
    const capillary = await client().raw('GET', '/v2/customers/lookup/nothing', { timeoutMs });
    expect4xx(capillary);
    expect(capillary.status).toBe(404);
    expect(errorCode(capillary)).toBe(404);
    const fabric = await client().raw('GET', '/api/v1/nothing', { timeoutMs });
    expect4xx(fabric);
    expect(fabric.body).toMatchObject({ status: 404, data: null });
  });

  it('answers an unknown method on a known path with 405', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
      const exchange = await client().raw(method, '/v2/customers/lookup/negativePointsAdjustment', {
        timeoutMs,
        body: {},
      });
      expect4xx(exchange);
      expect(exchange.status).toBe(405);
    }
    const fabric = await client().raw('DELETE', `/api/v1/inquire/${DATA.fabric.member}/member-points`, {
      timeoutMs,
    });
    expect4xx(fabric);
    expect(fabric.status).toBe(405);
  });

  it('answers an empty body with a 4xx JSON error', async () => {
    expect4xx(await npa({ rawBody: '' }));
    expect4xx(await npa({ rawBody: '   \n' }));
    expect4xx(await client().call('adjustMemberPoints', { rawBody: '', timeoutMs }));
  });

  it('answers a JSON array, string, number or null body with a 4xx JSON error', async () => {
    for (const rawBody of ['[{"pointsToBeAdjusted": 10, "reasonOfReturn": "x"}]', '"text"', '42', 'null']) {
      expect4xx(await npa({ rawBody }));
    }
    expect4xx(await client().call('adjustMemberPoints', { rawBody: '[]', timeoutMs }));
  });

  it('answers a non-JSON content type with 415, even when the body is valid JSON', async () => {
    const body = JSON.stringify({ pointsToBeAdjusted: 10, reasonOfReturn: 'content type' });
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const exchange = await npa({ rawBody: body, contentType });
      expect4xx(exchange);
      expect(exchange.status).toBe(415);
    }
    const fabric = await client().call('adjustMemberPoints', {
      rawBody: JSON.stringify({ profileId: DATA.fabric.member, points: 10 }),
      contentType: 'text/plain',
      timeoutMs,
    });
    expect4xx(fabric);
    expect(fabric.status).toBe(415);
  });

  it('reads a body sent with a charset parameter or without Content-Type as JSON', async () => {
    // Read-only requests: a deduction would change the balance the afterEach hook checks.
    const body = JSON.stringify({ pointsToBeAdjusted: 10, reasonOfReturn: 'x', programId: 1 });
    const withCharset = await npa({ rawBody: body, contentType: 'application/json; charset=utf-8' });
    expect(errorCode(withCharset)).toBe(1218);
    const without = await npa({ rawBody: body, contentType: null });
    expect(errorCode(without)).toBe(1218);
  });

  it('answers a deeply nested body with a 4xx instead of overflowing the stack', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect4xx(await npa({ rawBody: `{"pointsToBeAdjusted": ${deep}, "reasonOfReturn": "x"}` }));
    expect4xx(await npa({ rawBody: deep }));
    expect4xx(
      await client().call('unlockPromisedPoints', {
        query: byMobile(ana.mobile),
        rawBody: `{"eventName":"TransactionAdd","billNumber":"B-1001-1","eventLogId":${deep}}`,
        timeoutMs,
      }),
    );
  });

  it('answers a malformed percent-encoding in a path parameter with 404, not 500', async () => {
    const exchange = await client().raw('GET', '/api/v1/inquire/%E0%A4%A/member-points', {
      headers: { authorization: 'Bearer fabric-reference-token' },
      timeoutMs,
    });
    expect4xx(exchange);
    expect(exchange.status).toBe(404);
  });

  it('answers query values with malformed percent-encodings with a 4xx', async () => {
    const exchange = await client().raw(
      'GET',
      '/v2/customers/lookup/points/balance?identifierName=mobile&identifierValue=%E0%A4%A&source=INSTORE',
      { headers: { authorization: 'Basic invalid' }, timeoutMs },
    );
    expect4xx(exchange);
  });

  it('survives a client that disconnects in the middle of a body', async () => {
    const { port } = new URL(client().url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(
          'POST /v2/customers/lookup/negativePointsAdjustment?identifierName=mobile&identifierValue=919800001001&source=INSTORE HTTP/1.1\r\n' +
            'Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"pointsToBeAdj',
          () => {
            socket.destroy();
            resolve();
          },
        );
      });
      socket.on('error', reject);
    });
  });
});
