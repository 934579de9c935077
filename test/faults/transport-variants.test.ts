/**
 * The transport variants change only how answers travel, which no verdict shows: each is checked
 * here on the wire (one raw balance read), so that none silently stops taking effect.
 */
import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/client/index.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { loadDefaultSpecs } from '../../src/spec/index.ts';
import { VARIANTS } from './variants.ts';

interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Status codes of 1xx answers before the final one. */
  interim: number[];
  ms: number;
}

/** The reference profile's strict till, as its Basic header (public test credentials). */
const BASIC = `Basic ${Buffer.from(
  `till.strict:${createHash('md5').update('strict-till-secret').digest('hex')}`,
).toString('base64')}`;

const BALANCE =
  '/v2/customers/lookup/points/balance?identifierName=mobile&identifierValue=919800001001&source=INSTORE';
const DEDUCTION =
  '/v2/customers/lookup/negativePointsAdjustment?identifierName=mobile&identifierValue=919800001001&source=INSTORE';

/** One request of the reference's strict till (a balance read of its deductible customer), as bytes. */
function send(baseUrl: string, path = BALANCE, body?: string): Promise<RawAnswer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const interim: number[] = [];
    const headers = {
      authorization: BASIC,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const method = body === undefined ? 'GET' : 'POST';
    const req = request(`${baseUrl}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks),
          interim,
          ms: performance.now() - started,
        }),
      );
    });
    req.on('information', (info) => interim.push(info.statusCode));
    req.on('error', reject);
    req.end(body);
  });
}

/** The decoded body text of an answer. */
const textOf = (answer: RawAnswer) => {
  const decode = { gzip: gunzipSync, deflate: inflateSync, br: brotliDecompressSync }[
    String(answer.headers['content-encoding'] ?? '') as 'gzip'
  ];
  return (decode ? decode(answer.body) : answer.body).toString('utf8');
};

/** What each transport variant must show on the wire. */
const ON_THE_WIRE: Record<string, (answer: RawAnswer) => void> = {
  'transport-charset-forms': (a) => expect(a.headers['content-type']).toBe('application/json;charset=UTF-8'),
  'transport-gzip-unasked': (a) => expect(a.headers['content-encoding']).toBe('gzip'),
  'transport-deflate': (a) => expect(a.headers['content-encoding']).toBe('deflate'),
  'transport-brotli': (a) => expect(a.headers['content-encoding']).toBe('br'),
  'transport-chunked': (a) => {
    expect(a.headers['transfer-encoding']).toBe('chunked');
    expect(a.headers['content-length']).toBeUndefined();
  },
  'transport-connection-close': (a) => expect(a.headers.connection).toBe('close'),
  'transport-latency-30ms': (a) => expect(a.ms).toBeGreaterThanOrEqual(30),
  'transport-extra-headers': (a) => expect(a.headers['x-request-id']).toBe('lc-variant-request'),
  'transport-json-reordered-pretty': (a) => expect(textOf(a)).toMatch(/^\{\r\n\t"warnings": \[\],\r\n/),
  'transport-numbers-other-forms': (a) => expect(textOf(a)).toMatch(/"mainPoints":(\d+\.0|\d+E2)[,}]/),
  'transport-early-hints': (a) => expect(a.interim).toEqual([103]),
  'transport-unasked-continue': (a) => expect(a.interim).toEqual([100]),
  'transport-utf8-bom': (a) => expect([...a.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]),
  'transport-gateway-all-at-once': (a) => {
    expect(a.interim).toEqual([103]);
    expect(a.headers['content-encoding']).toBe('br');
    expect(a.headers['transfer-encoding']).toBe('chunked');
    expect(a.headers.connection).toBe('close');
  },
};

describe('transport variants on the wire', () => {
  it('cover every transport variant', () => {
    const ids = VARIANTS.filter((v) => v.id.startsWith('transport-') && v.options.hooks?.reply).map(
      (v) => v.id,
    );
    expect(ids.sort()).toEqual(Object.keys(ON_THE_WIRE).sort());
  });

  it.each(Object.entries(ON_THE_WIRE))('%s changes the answer as described', async (id, expectWire) => {
    const variant = VARIANTS.find((v) => v.id === id);
    const server = await startReferenceServer({ ...variant?.options, port: 0 });
    try {
      const answer = await send(server.url);
      expect(answer.status).toBe(200);
      expectWire(answer);
      expect(JSON.parse(textOf(answer).replace(/^\uFEFF/, ''))).toHaveProperty('mainPoints');
    } finally {
      await server.close();
    }
  });
});

describe('transport-unasked-continue', () => {
  const options = VARIANTS.find((v) => v.id === 'transport-unasked-continue')?.options;
  const deduction = JSON.stringify({
    identifierName: 'mobile',
    identifierValue: '919800001001',
    points: 'ten',
  });

  it('answers a POST with a 100 Continue only after reading its body, then the final answer', async () => {
    const server = await startReferenceServer({ ...options, port: 0 });
    try {
      const answer = await send(server.url, DEDUCTION, deduction);
      expect(answer.interim).toEqual([100]);
      expect(answer.status).toBeGreaterThanOrEqual(200);
      expect(JSON.parse(textOf(answer))).toHaveProperty('errors');
    } finally {
      await server.close();
    }
  });

  it("is read through by the suite's client, a GET and a POST alike", async () => {
    const server = await startReferenceServer({ ...options, port: 0 });
    const client = createHttpClient({
      registry: await loadDefaultSpecs(),
      baseUrls: { capillary: server.url, fabric: server.fabricBaseUrl },
      limits: { timeoutMs: 2_000, retries: 0, requestsPerSecond: 0, concurrency: 1 },
    });
    try {
      const call = { principal: 'strict', auth: 'none', headers: { authorization: BASIC } } as const;
      const query = { identifierName: 'mobile', identifierValue: '919800001001', source: 'INSTORE' };
      const read = await client.call('getPointsBalance', { ...call, query });
      const wrote = await client.call('negativePointsAdjustment', { ...call, query, rawBody: deduction });
      expect([read.error, wrote.error]).toEqual([undefined, undefined]);
      expect(read.response?.status).toBe(200);
      expect(read.response?.body).toHaveProperty('mainPoints');
      expect(wrote.response?.body).toHaveProperty('errors');
    } finally {
      await client.close();
      await server.close();
    }
  });
});
