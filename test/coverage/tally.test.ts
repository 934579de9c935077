import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import {
  belowFloor,
  coverageCount,
  createCoverageTally,
  mergeCoverage,
  type OperationCoverage,
  type SpecCoverage,
} from '../../src/coverage/index.ts';
import { createSpecRegistry, parseSpecText } from '../../src/spec/index.ts';

/** A small spec: exact, range and default keys; every parameter location; two error codes. */
const SPEC = `
openapi: 3.1.0
info: { title: t, version: '1', x-family: capillary }
paths:
  /v1/items/{itemId}:
    post:
      operationId: postItem
      parameters:
        - { name: itemId, in: path, required: true, schema: { type: string } }
        - { name: source, in: query, required: true, schema: { type: string, enum: [A, B] } }
        - { name: page, in: query, schema: { type: integer } }
        - { name: X-Trace-Id, in: header, schema: { type: string } }
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties: { amount: { type: number }, note: { type: string } }
              allOf:
                - properties: { extra: { type: string } }
      responses:
        '200': { description: ok }
        '404': { description: not found }
        4XX: { description: error }
        default: { description: anything else }
      x-error-codes:
        - { code: 8015, message: not found, when: no such item, source: seed }
        - { code: 8907, message: too much, when: over, source: seed }
  /v1/outside:
    get:
      operationId: outside
      x-outside-documents: true
      responses:
        '200': { description: ok }
`;

const registry = createSpecRegistry([
  { path: 't.yaml', sha256: '', document: parseSpecText(SPEC, 't.yaml') },
]);

let nextId = 1;
/** An exchange of `operationId` with the given request and answer. */
function exchange(
  operationId: string,
  request: Partial<Exchange['request']>,
  response?: { status: number; body?: unknown },
  extra: Partial<Exchange> = {},
): Exchange {
  return {
    id: nextId++,
    operationId,
    family: 'capillary',
    principal: 'org',
    request: { method: 'POST', url: 'http://127.0.0.1:9/v1/items/42', headers: {}, ...request },
    ...(response
      ? {
          response: {
            status: response.status,
            headers: {},
            bodyText: JSON.stringify(response.body ?? {}),
            body: response.body,
          },
        }
      : {}),
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    attempts: 1,
    ...extra,
  };
}

const operation = (coverage: SpecCoverage, id: string): OperationCoverage =>
  coverage.operations.find((o) => o.operationId === id)!;
const received = (o: OperationCoverage) => o.statuses.filter((s) => s.received).map((s) => s.status);

describe('coverage tally: status keys', () => {
  it('counts a status for its exact key when the spec declares it', () => {
    const tally = createCoverageTally(registry);
    tally.observe(exchange('postItem', {}, { status: 404 }));
    expect(received(operation(tally.result(), 'postItem'))).toEqual(['404']);
  });

  it('counts a status without an exact key for its range, and one without a range for default', () => {
    const tally = createCoverageTally(registry);
    tally.observe(exchange('postItem', {}, { status: 422 }));
    expect(received(operation(tally.result(), 'postItem'))).toEqual(['4XX']);
    tally.observe(exchange('postItem', {}, { status: 302 }));
    expect(received(operation(tally.result(), 'postItem'))).toEqual(['4XX', 'default']);
    tally.observe(exchange('postItem', {}, { status: 200 }));
    expect(received(operation(tally.result(), 'postItem'))).toEqual(['200', '4XX', 'default']);
  });

  it('ignores answers that say nothing of the operation: none, a 429, a rate-limited 503', () => {
    const tally = createCoverageTally(registry);
    tally.observe(exchange('postItem', {}, undefined, { error: { code: 'ECONNRESET', message: 'reset' } }));
    tally.observe(exchange('postItem', {}, { status: 429 }));
    tally.observe(
      exchange(
        'postItem',
        {},
        { status: 503 },
        { rateLimited: { waitedMs: 0, nextWaitMs: 1000, budgetExhausted: true } },
      ),
    );
    const coverage = tally.result();
    expect(received(operation(coverage, 'postItem'))).toEqual([]);
    // Each was still a request the run sent, with its parameters.
    expect(coverage.exchanges).toBe(3);
    expect(operation(coverage, 'postItem').parameters.find((p) => p.in === 'path')?.sent).toBe(true);
  });

  it('ignores exchanges of operations no spec declares', () => {
    const tally = createCoverageTally(registry);
    tally.observe(exchange('nope', {}, { status: 200 }));
    const { operationId: _id, ...unnamed } = exchange('postItem', {}, { status: 200 });
    tally.observe(unnamed);
    expect(tally.result().exchanges).toBe(0);
  });
});

describe('coverage tally: parameters', () => {
  const sent = (coverage: SpecCoverage) =>
    operation(coverage, 'postItem')
      .parameters.filter((p) => p.sent)
      .map((p) => `${p.in}.${p.name}`);

  it('lists every path, query and header parameter and every top-level body property', () => {
    const coverage = createCoverageTally(registry).result();
    expect(operation(coverage, 'postItem').parameters.map((p) => `${p.in}.${p.name}`)).toEqual([
      'path.itemId',
      'query.source',
      'query.page',
      'header.X-Trace-Id',
      'body.amount',
      'body.note',
      'body.extra',
    ]);
  });

  it('marks what a request carried, an invalid value included', () => {
    const tally = createCoverageTally(registry);
    tally.observe(
      exchange('postItem', {
        url: 'http://127.0.0.1:9/base/v1/items/42?source=NOT-AN-ENUM&unknown=1',
        headers: { 'x-trace-id': 'abc' },
        body: { amount: 'not a number', undeclared: true },
      }),
    );
    expect(sent(tally.result())).toEqual(['path.itemId', 'query.source', 'header.X-Trace-Id', 'body.amount']);
  });

  it('reads a raw body text that is a JSON object, and takes an empty path segment as not sent', () => {
    const tally = createCoverageTally(registry);
    tally.observe(
      exchange('postItem', { url: 'http://127.0.0.1:9/v1/items/?page=', bodyText: '{"note": "x"' }),
    );
    expect(sent(tally.result())).toEqual(['query.page']);
    tally.observe(
      exchange('postItem', { url: 'http://127.0.0.1:9/v1/items/7', bodyText: '{"note":1,"extra":2}' }),
    );
    expect(sent(tally.result())).toEqual(['path.itemId', 'query.page', 'body.note', 'body.extra']);
  });
});

describe('coverage tally: error codes', () => {
  it('marks a documented code received from the error envelope, whatever the status', () => {
    const tally = createCoverageTally(registry);
    tally.observe(
      exchange('postItem', {}, { status: 200, body: { errors: [{ status: false, code: 8015 }] } }),
    );
    tally.observe(
      exchange('postItem', {}, { status: 400, body: { errors: [{ code: 1234 }, { code: '8907' }] } }),
    );
    const codes = operation(tally.result(), 'postItem').errorCodes;
    expect(codes).toEqual([
      { code: 8015, received: true },
      { code: 8907, received: false },
    ]);
  });

  it('marks a code sent only when a scenario judged an answer against it', () => {
    const tally = createCoverageTally(registry);
    const asked = exchange('postItem', {}, { status: 400, body: { errors: [{ code: 8015 }] } });
    tally.observe(asked);
    tally.expected(asked, 8907);
    tally.expected(asked, 9999);
    expect(operation(tally.result(), 'postItem').errorCodes).toEqual([
      { code: 8015, received: true },
      { code: 8907, received: false, sent: true },
    ]);
  });
});

describe('coverage totals', () => {
  it('counts statuses and codes of documented operations only; parameters apart', () => {
    const tally = createCoverageTally(registry);
    tally.observe(exchange('postItem', {}, { status: 404, body: { errors: [{ code: 8015 }] } }));
    tally.observe(exchange('outside', { url: 'http://127.0.0.1:9/v1/outside' }, { status: 200 }));
    const coverage = tally.result();
    expect(operation(coverage, 'outside')).toMatchObject({
      counted: false,
      totals: { statusesAndCodes: { declared: 1, exercised: 1, percent: 100 } },
    });
    expect(coverage.totals).toEqual({
      statusesAndCodes: { declared: 6, exercised: 2, percent: 33.3 },
      parameters: { declared: 7, exercised: 1, percent: 14.2 },
    });
  });

  it('rounds percentages down, compares floors exactly, and calls nothing declared 100 %', () => {
    expect(coverageCount(2, 3).percent).toBe(66.6);
    expect(coverageCount(0, 0).percent).toBe(100);
    const count = coverageCount(899, 1000);
    expect(count.percent).toBe(89.9);
    expect(belowFloor(count, 89.9)).toBe(false);
    expect(belowFloor(count, 89.95)).toBe(true);
    expect(belowFloor(coverageCount(1, 1), 100)).toBe(false);
    expect(belowFloor(coverageCount(0, 0), 100)).toBe(false);
  });

  it('merges coverages as their union (received or sent in any) with the totals recomputed', () => {
    const a = createCoverageTally(registry);
    const b = createCoverageTally(registry);
    const asked = exchange('postItem', {}, { status: 404, body: { errors: [{ code: 8015 }] } });
    a.observe(asked);
    a.expected(asked, 8907);
    b.observe(exchange('postItem', { url: 'http://127.0.0.1:9/v1/items/1?page=2' }, { status: 200 }));
    const both = createCoverageTally(registry);
    both.observe(asked);
    both.expected(asked, 8907);
    both.observe(exchange('postItem', { url: 'http://127.0.0.1:9/v1/items/1?page=2' }, { status: 200 }));
    expect(mergeCoverage([a.result(), b.result()])).toEqual(both.result());
  });
});
