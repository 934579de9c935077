/**
 * The transport variants change only how answers travel, which no verdict shows: each is checked
 * here on the wire (one raw balance read), so that none silently stops taking effect.
 */
import { createHash } from 'node:crypto';
import { type IncomingHttpHeaders, request } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startReferenceServer } from '../../src/reference/server.ts';
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

/** One balance read of the reference's deductible customer, as bytes. */
function readBalance(baseUrl: string): Promise<RawAnswer> {
  const started = performance.now();
  const url = `${baseUrl}/v2/customers/lookup/points/balance?identifierName=mobile&identifierValue=919800001001&source=INSTORE`;
  return new Promise((resolve, reject) => {
    const interim: number[] = [];
    const req = request(url, { headers: { authorization: BASIC } }, (res) => {
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
    req.end();
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
      const answer = await readBalance(server.url);
      expect(answer.status).toBe(200);
      expectWire(answer);
      expect(JSON.parse(textOf(answer).replace(/^\uFEFF/, ''))).toHaveProperty('mainPoints');
    } finally {
      await server.close();
    }
  });
});
