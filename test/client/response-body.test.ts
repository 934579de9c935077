import type { IncomingMessage, ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  BODY_TEXT_MAX_CHARS,
  DEFAULT_MAX_BODY_BYTES,
  describeBodyIssue,
  jsonDepthExceeds,
  MAX_JSON_DEPTH,
  REDACTED,
} from '../../src/client/index.ts';
import { startTestServer, TEST_LIMITS, useClientTargets } from './helpers.ts';

const GET = 'getPointsBalance';
const POST = 'negativePointsAdjustment';
const query = { identifierName: 'mobile', identifierValue: '1' };
const MiB = 1024 * 1024;

const { target, registry, onCleanup } = useClientTargets();

/** Answers with exactly these bytes and headers. */
const bytes =
  (payload: Buffer | string, headers: Record<string, string> = {}, status = 200) =>
  (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(payload);
  };

/**
 * Streams `total` bytes of a JSON string from one reused chunk, honouring backpressure, and stops
 * when the client goes away; `sent` counts what was written.
 */
function stream(total: number, sent: { bytes: number }) {
  const chunk = Buffer.alloc(64 * 1024, 'x'.charCodeAt(0));
  return (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(total) });
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    const pump = () => {
      while (!closed && sent.bytes < total) {
        const piece = sent.bytes === 0 ? Buffer.concat([Buffer.from('"'), chunk.subarray(1)]) : chunk;
        const part = piece.subarray(0, Math.min(piece.length, total - sent.bytes));
        sent.bytes += part.length;
        if (!res.write(part)) return void res.once('drain', pump);
      }
      if (!closed) res.end();
    };
    pump();
  };
}

describe('createHttpClient on a target sending hostile bodies', () => {
  it('cuts a 200 MiB streamed body at maxBodyBytes, keeps 16 KiB of it, and never holds the rest', async () => {
    const sent = { bytes: 0 };
    const { client } = await target(stream(200 * MiB, sent));
    const rssBefore = process.memoryUsage().rss;
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    const growth = process.memoryUsage().rss - rssBefore;
    const response = exchange.response;
    expect(exchange.error).toBeUndefined();
    expect(response?.status).toBe(200);
    expect(response?.cut).toBe(true);
    expect(response?.truncated).toBe(true);
    expect(response?.body).toBeUndefined();
    expect(response?.bodyText.length).toBeLessThanOrEqual(BODY_TEXT_MAX_CHARS);
    expect(response?.bodyText.startsWith('"xxx')).toBe(true);
    expect(response?.declaredBytes).toBe(200 * MiB);
    expect(response?.bodyBytes).toBeGreaterThan(DEFAULT_MAX_BODY_BYTES);
    expect(response?.bodyBytes).toBeLessThan(2 * DEFAULT_MAX_BODY_BYTES);
    expect(describeBodyIssue(response)).toBe(
      `body over ${DEFAULT_MAX_BODY_BYTES} bytes, cut (content-length ${200 * MiB})`,
    );
    // The client closed the connection: the target could not push the 200 MiB through.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent.bytes).toBeLessThan(50 * MiB);
    expect(growth).toBeLessThan(64 * MiB);
  });

  it('parses a body under the cap in full but keeps only its first 16 KiB as text (the record no parsed body)', async () => {
    const items = Array.from({ length: 2_000 }, (_, i) => ({ id: i, name: `item-${i}` }));
    const { client } = await target(bytes(JSON.stringify({ items })));
    const { judged, recorded } = await client.exchange(GET, { principal: 'strict', auth: 'none', query });
    expect(judged.response?.body).toEqual({ items });
    expect(judged.response?.bodyText).toBe(JSON.stringify({ items }).slice(0, BODY_TEXT_MAX_CHARS));
    const response = recorded.response;
    expect(response).not.toHaveProperty('body');
    expect(response?.bodyText).toBe(JSON.stringify({ items }).slice(0, BODY_TEXT_MAX_CHARS));
    expect(response?.truncated).toBe(true);
    expect(response?.cut).toBeUndefined();
    expect(response?.bodyIssue).toBeUndefined();
    expect(response?.bodyBytes).toBe(Buffer.byteLength(JSON.stringify({ items })));
    expect(describeBodyIssue(response)).toBeUndefined();
  });

  it('honours a smaller limits.maxBodyBytes', async () => {
    const { client } = await target(bytes(JSON.stringify({ pad: 'y'.repeat(5_000) })), {
      limits: { ...TEST_LIMITS, maxBodyBytes: 2_048 },
    });
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.cut).toBe(true);
    expect(exchange.response?.bodyText).toHaveLength(2_048);
    expect(describeBodyIssue(exchange.response)).toMatch(/^body over 2048 bytes, cut/);
  });

  it('returns a body nested 100,000 levels deep unparsed, with the issue named and secrets redacted', async () => {
    const secret = 'deep-secret-value';
    const deep = `{"note":"${secret}","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const { client } = await target(bytes(deep), { secrets: [secret] });
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    const response = exchange.response;
    expect(response?.status).toBe(200);
    expect(response?.body).toBeUndefined();
    expect(response?.bodyIssue).toBe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels: not parsed`);
    expect(describeBodyIssue(response)).toBe(response?.bodyIssue);
    expect(response?.bodyText.startsWith(`{"note":"${REDACTED}","x":[[[`)).toBe(true);
    expect(response?.bodyText).not.toContain(secret);
    expect(response?.bodyText.length).toBeLessThanOrEqual(BODY_TEXT_MAX_CHARS);
  });

  it('parses a body exactly 64 levels deep', async () => {
    const text = `${'['.repeat(MAX_JSON_DEPTH)}1${']'.repeat(MAX_JSON_DEPTH)}`;
    const { client } = await target(bytes(text));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.body).toBeDefined();
    expect(exchange.response?.bodyIssue).toBeUndefined();
  });

  it('parses a JSON body after a UTF-8 byte order mark (RFC 8259 §8.1) and keeps the mark in the text', async () => {
    const { client } = await target(bytes(Buffer.from('\uFEFF{"a":1}', 'utf8')));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.body).toEqual({ a: 1 });
    expect(exchange.response?.bodyText).toBe('\uFEFF{"a":1}');
    expect(exchange.response?.bodyIssue).toBeUndefined();
  });

  it('names invalid UTF-8 and keeps a lossy decode as evidence', async () => {
    const payload = Buffer.concat([
      Buffer.from('{"name":"'),
      Buffer.from([0xff, 0xfe, 0x41]),
      Buffer.from('"}'),
    ]);
    const { client } = await target(bytes(payload));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.body).toBeUndefined();
    expect(exchange.response?.bodyText).toBe('{"name":"\uFFFD\uFFFDA"}');
    expect(describeBodyIssue(exchange.response)).toMatch(/^invalid UTF-8/);
  });

  it('names a gzip Content-Encoding whose bytes are not gzip', async () => {
    const { client } = await target(bytes('{"ok":true}', { 'content-encoding': 'gzip' }));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.body).toBeUndefined();
    expect(exchange.response?.bodyText).toBe('{"ok":true}');
    expect(describeBodyIssue(exchange.response)).toMatch(
      /^Content-Encoding gzip but the body is not gzip \(/,
    );
  });

  it('decodes gzip, deflate (zlib or raw) and br bodies', async () => {
    const json = JSON.stringify({ ok: true, text: 'é'.repeat(10) });
    for (const [encoding, payload] of [
      ['gzip', gzipSync(json)],
      ['x-gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['br', brotliCompressSync(json)],
      ['gzip, br', brotliCompressSync(gzipSync(json))],
    ] as const) {
      const { client } = await target(bytes(payload, { 'content-encoding': encoding }));
      const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
      expect([encoding, exchange.response?.body]).toEqual([encoding, JSON.parse(json)]);
      expect(exchange.response?.bodyIssue).toBeUndefined();
    }
  });

  it('cuts a small gzip body that expands past maxBodyBytes (a decompression bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * MiB, 0x20));
    expect(bomb.length).toBeLessThan(DEFAULT_MAX_BODY_BYTES);
    const { client } = await target(bytes(bomb, { 'content-encoding': 'gzip' }));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.cut).toBe(true);
    expect(exchange.response?.body).toBeUndefined();
    expect(exchange.response?.bodyText.length).toBeLessThanOrEqual(BODY_TEXT_MAX_CHARS);
    expect(describeBodyIssue(exchange.response)).toMatch(/^body over 1048576 bytes, cut/);
  });

  it('names a Content-Encoding the client does not decode', async () => {
    const { client } = await target(bytes('{"ok":true}', { 'content-encoding': 'zstd' }));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.body).toBeUndefined();
    expect(describeBodyIssue(exchange.response)).toBe(
      'Content-Encoding zstd is not one the client decodes (gzip, x-gzip, deflate, br)',
    );
  });

  it('names a transfer coding besides chunked, which it never asked for (no TE header), and leaves it undecoded', async () => {
    const envelope = '{"errors":[{"status":false,"code":8015}]}';
    const { client } = await target(bytes(gzipSync(envelope), { 'transfer-encoding': 'gzip, chunked' }, 400));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(400);
    expect(exchange.response?.body).toBeUndefined();
    expect(describeBodyIssue(exchange.response)).toMatch(
      /^Transfer-Encoding gzip is not decoded: the client's requests send no TE header/,
    );
  });

  it('says "truncated" when the target closes before content-length bytes', async () => {
    const { client } = await target((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write(`"${'z'.repeat(499)}`);
      setTimeout(() => res.destroy(), 20);
    });
    const exchange = await client.call(POST, { principal: 'strict', auth: 'none', query, body: {} });
    expect(exchange.response).toBeUndefined();
    expect(exchange.error?.status).toBe(200);
    expect(exchange.error?.message).toMatch(/^truncated: 500 of 1000 bytes \(/);
    expect(exchange.attempts).toBe(1);
  });

  it('never follows a redirect and names it', async () => {
    let elsewhere = 0;
    const other = await startTestServer((_req, res) => {
      elsewhere += 1;
      res.end('{}');
    });
    onCleanup(() => other.close());
    const { client } = await target(bytes('', { location: `${other.url}/login` }, 302));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(302);
    expect(describeBodyIssue(exchange.response)).toBe(`redirect to ${other.url}/login`);
    expect(elsewhere).toBe(0);
  });

  it('names a 304 to a request that named no cached copy as such, not as a redirect', async () => {
    const { client } = await target(bytes('', {}, 304));
    const exchange = await client.call(GET, { principal: 'strict', auth: 'none', query });
    expect(exchange.response?.status).toBe(304);
    expect(describeBodyIssue(exchange.response)).toBe(
      '304 Not Modified to a request that named no cached copy',
    );
  });

  it('rejects a maxBodyBytes under 1024 and a negative rateLimitWaitMs with LC_ERR_CLIENT_LIMITS', async () => {
    const { createHttpClient } = await import('../../src/client/index.ts');
    for (const limits of [
      { ...TEST_LIMITS, maxBodyBytes: 1_000 },
      { ...TEST_LIMITS, maxBodyBytes: 2_048.5 },
      { ...TEST_LIMITS, rateLimitWaitMs: -1 },
    ]) {
      expect(() => createHttpClient({ registry: registry(), baseUrls: {}, limits })).toThrow(
        expect.objectContaining({ code: 'LC_ERR_CLIENT_LIMITS' }),
      );
    }
  });
});

describe('jsonDepthExceeds', () => {
  it('counts nesting outside strings only', () => {
    expect(jsonDepthExceeds('[[1]]', 2)).toBe(false);
    expect(jsonDepthExceeds('[[[1]]]', 2)).toBe(true);
    expect(jsonDepthExceeds('{"a":{"b":{}}}', 2)).toBe(true);
    expect(jsonDepthExceeds(`["${'['.repeat(100)}", "\\"[[["]`, 1)).toBe(false);
  });
});
