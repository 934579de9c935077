import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import _addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAR_FILE, type Har, type HarEntry, harReporter, renderHar } from '../../reporters/har.ts';
import { renderJsonReport } from '../../reporters/json.ts';
import { REPORTER_FILES } from '../../reporters/registry.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { CANARY_FORMS, CANARY_SECRETS, faultyNpaRun, leakyRun, reporterOptions, tempDir } from './support.ts';

const addFormats = _addFormats as unknown as typeof _addFormats.default;

/** HAR 1.2's structure as a JSON Schema: required fields and types, custom fields only as `_…`. */
const validateHar = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/har-1.2.schema.json'), 'utf8'));
  return ajv.compile(schema as object);
})();

/** A HAR that validates, parsed. */
function parseHar(text: string): Har {
  const har = JSON.parse(text) as Har;
  validateHar(har);
  expect(validateHar.errors ?? []).toEqual([]);
  return har;
}

/** The JSON report's view of the same run: what the HAR must agree with. */
interface JsonReport {
  requirements: {
    checks: { requirementId: string; checkId: string; principal: string; exchangeIds: number[] }[];
  }[];
  exchanges: (Exchange & { curl: string })[];
}

const sumOfTimings = (entry: HarEntry) =>
  Object.values(entry.timings)
    .filter((t): t is number => typeof t === 'number' && t >= 0)
    .reduce((a, b) => a + b, 0);

/** The leaky run with its exchanges replaced (built from its first, answered one). */
function leakyWith(...changes: Partial<Exchange>[]): RunResult {
  const run = leakyRun();
  const base = run.exchanges[0]!;
  return { ...run, exchanges: changes.map((change, i) => ({ ...base, id: 7 + i, ...change })) };
}

let faulty: RunResult;
let har: Har;
let report: JsonReport;

beforeAll(async () => {
  faulty = await faultyNpaRun();
  const outDir = tempDir();
  await harReporter(reporterOptions(outDir)).onRunEnd?.(faulty);
  har = parseHar(readFileSync(join(outDir, HAR_FILE), 'utf8'));
  report = JSON.parse(renderJsonReport(faulty, reporterOptions(outDir))) as JsonReport;
});

describe('HAR reporter', () => {
  it('is registered under the file it writes', () => {
    expect(REPORTER_FILES.har).toEqual([HAR_FILE]);
  });

  it('checks HAR 1.2 with a schema that rejects a missing field, a wrong type and a non-custom field', () => {
    const [entry] = har.log.entries;
    const broken = (change: Record<string, unknown>) => ({
      log: { ...har.log, entries: [{ ...entry, ...change }] },
    });
    expect(validateHar({ log: har.log })).toBe(true);
    expect(validateHar(broken({ timings: { send: 0, wait: 1 } }))).toBe(false);
    expect(validateHar(broken({ time: '1' }))).toBe(false);
    expect(validateHar(broken({ checks: [] }))).toBe(false);
    expect(validateHar(broken({ response: { ...entry?.response, status: '200' } }))).toBe(false);
  });

  it('writes exchanges.har valid as HAR 1.2 for a run against a faulty provider', () => {
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual(faulty.manifest.tool);
    expect(har.log.entries.length).toBeGreaterThan(50);
    expect(har.log.comment).toContain(`of the run's ${faulty.totals.exchanges} exchanges`);
    for (const entry of har.log.entries) expect(entry.pageref).toBe(har.log.pages[0]!.id);
  });

  it("holds the JSON report's exchanges in its order, with their method, URL and status", () => {
    const row = (method: string, url: string, status: number) => `${method} ${url} → ${status}`;
    expect(har.log.entries.map((e) => row(e.request.method, e.request.url, e.response.status))).toEqual(
      report.exchanges.map((e) => row(e.request.method, e.request.url, e.response?.status ?? 0)),
    );
    expect(har.log.entries.map((e) => e._exchangeId)).toEqual(report.exchanges.map((e) => e.id));
    expect(har.log.entries.map((e) => e._curl)).toEqual(report.exchanges.map((e) => e.curl));
  });

  it('posts each request body and shows each response body as the JSON report has them', () => {
    for (const [i, exchange] of report.exchanges.entries()) {
      const entry = har.log.entries[i]!;
      if (exchange.request.body === undefined) expect(entry.request.postData).toBeUndefined();
      else expect(JSON.parse(entry.request.postData?.text ?? '')).toEqual(exchange.request.body);
      expect(entry.response.content.text).toBe(exchange.response?.bodyText);
      expect(entry.startedDateTime).toBe(exchange.startedAt);
    }
  });

  it("times each entry as the sum of its timings, the client's duration as wait", () => {
    for (const [i, exchange] of report.exchanges.entries()) {
      const entry = har.log.entries[i]!;
      expect(entry.time).toBeCloseTo(sumOfTimings(entry), 6);
      expect(entry.time).toBeCloseTo(exchange.durationMs, 6);
      expect(entry.timings).toMatchObject({ send: 0, receive: 0, wait: exchange.durationMs });
    }
  });

  it('names in each entry the checks it evidences: requirement, check and principal', () => {
    const citing = (id: number) =>
      report.requirements.flatMap((r) => r.checks).filter((c) => c.exchangeIds.includes(id));
    for (const entry of har.log.entries) {
      const checks = citing(entry._exchangeId);
      expect(checks.length).toBeGreaterThan(0);
      for (const c of checks) {
        expect(entry.comment).toContain(`${c.requirementId} `);
        expect(entry.comment).toContain(`(${c.checkId} @${c.principal})`);
      }
      expect(entry._checks.map((c) => `${c.requirementId} ${c.checkId} @${c.principal}`)).toEqual(
        checks.map((c) => `${c.requirementId} ${c.checkId} @${c.principal}`),
      );
    }
    const npa = har.log.entries.find((e) => e.comment.includes('CAP-NPA-8907 fail'));
    expect(npa?.comment).toMatch(
      /^exchange #\d+ negativePointsAdjustment @strict, evidence of: .*CAP-NPA-8907 fail \(negative-balance\.over-balance-8907 @strict\)/,
    );
  });

  it('keeps credential headers as the client redacted them: the scheme only', () => {
    const credentials = har.log.entries.flatMap((e) =>
      e.request.headers.filter((h) => h.name === 'authorization' || h.name === 'x-cap-api-oauth-token'),
    );
    expect(credentials.length).toBeGreaterThan(10);
    for (const { value } of credentials) expect(value).toMatch(/^(?:\w+ )?\[REDACTED\]$/);
  });

  it('represents an exchange without a response as status 0 with the error', () => {
    const text = renderHar(leakyRun(), reporterOptions(tempDir(), CANARY_SECRETS));
    const entry = parseHar(text).log.entries.find((e) => e._exchangeId === 8);
    expect(entry?.response).toMatchObject({
      status: 0,
      statusText: '',
      headers: [],
      content: { size: 0, mimeType: '' },
      _error: 'ECONNRESET: socket closed after [REDACTED]',
      comment: 'no response: ECONNRESET: socket closed after [REDACTED]',
    });
    expect(entry?.comment).toContain('CAP-NPA-8015 error (input-validation.unknown-customer-8015 @strict)');
  });

  it('keeps the status of a response whose body failed after its headers', () => {
    const run = leakyWith({
      response: undefined,
      error: { code: 'UND_ERR_BODY_TIMEOUT', message: 'body timeout', status: 502 },
    });
    const [entry] = parseHar(renderHar(run, reporterOptions(tempDir()))).log.entries;
    expect(entry?.response).toMatchObject({
      status: 502,
      statusText: 'Bad Gateway',
      _error: 'UND_ERR_BODY_TIMEOUT: body timeout',
    });
  });

  it('scrubs the secrets of unredacted evidence from URL, headers, cookies, bodies and errors', () => {
    const text = renderHar(leakyRun(), reporterOptions(tempDir(), CANARY_SECRETS));
    expect(CANARY_FORMS.filter((secret) => text.includes(secret))).toEqual([]);
    const entry = parseHar(text).log.entries[0]!;
    expect(entry.request.url).toMatch(/^http:\/\/\[REDACTED\]@127\.0\.0\.1:9\//);
    expect(entry.request.queryString).toEqual([{ name: 'token', value: '[REDACTED]' }]);
    expect(entry.request.headers).toContainEqual({ name: 'authorization', value: 'Basic [REDACTED]' });
    expect(entry.response.cookies).toEqual([{ name: 'sid', value: '[REDACTED]' }]);
    expect(JSON.parse(entry.request.postData?.text ?? '')).toMatchObject({ password: '[REDACTED]' });
  });

  it('splits a rate-limited exchange: the rate-limit waits as blocked, the rest as wait', () => {
    const run = leakyWith({ durationMs: 1523.4, attempts: 3, rateLimitRetries: 2, rateLimitWaitMs: 1500 });
    const [entry] = parseHar(renderHar(run, reporterOptions(tempDir()))).log.entries;
    expect(entry?.timings).toMatchObject({ blocked: 1500, send: 0, wait: 23.4, receive: 0, dns: -1 });
    expect(entry?.timings.comment).toBe(
      '3 attempts (2 after rate-limit answers, waited out in blocked); wait covers them all',
    );
    expect(entry?.time).toBe(1523.4);
  });

  it('reads cookies from Cookie and Set-Cookie, whose Expires holds a comma', () => {
    const base = leakyRun().exchanges[0]!;
    const run = leakyWith({
      request: { ...base.request, headers: { cookie: 'a=1; b=2' } },
      response: {
        ...base.response!,
        headers: {
          'set-cookie': 'c=3; Path=/; HttpOnly, d=4; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Secure',
        },
      },
    });
    const [entry] = parseHar(renderHar(run, reporterOptions(tempDir()))).log.entries;
    expect(entry?.request.cookies).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
    expect(entry?.response.cookies).toEqual([
      { name: 'c', value: '3', path: '/', httpOnly: true },
      { name: 'd', value: '4', expires: '2015-10-21T07:28:00.000Z', secure: true },
    ]);
  });

  it('says when a response body was kept only in part', () => {
    const base = leakyRun().exchanges[0]!;
    const run = leakyWith({
      response: { ...base.response!, bodyText: 'x'.repeat(10), truncated: true, bodyBytes: 5000 },
    });
    const [entry] = parseHar(renderHar(run, reporterOptions(tempDir()))).log.entries;
    expect(entry?.response.content).toMatchObject({
      size: 5000,
      text: 'xxxxxxxxxx',
      _truncated: true,
      comment: 'only the first 10 characters are kept (the body had 5000 bytes on the wire)',
    });
    expect(entry?.response.bodySize).toBe(5000);
  });

  it('with run --evidence all, holds every exchange the JSON report keeps', async () => {
    const all = await faultyNpaRun({ evidence: 'all' });
    const options = reporterOptions(tempDir());
    const entries = parseHar(renderHar(all, options)).log.entries;
    const kept = (JSON.parse(renderJsonReport(all, options)) as JsonReport).exchanges;
    expect(kept.length).toBeGreaterThan(report.exchanges.length);
    expect(entries.map((e) => e._exchangeId)).toEqual(kept.map((e) => e.id));
  });
});
