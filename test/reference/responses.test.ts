import { describe, expect, it } from 'vitest';
import type { OperationId } from '../../src/reference/handlers/index.ts';
import { loadDefaultSpecs } from '../../src/spec/index.ts';
import {
  byMobile,
  type CallOptions,
  DATA,
  startReferenceClient,
  useReferenceClient,
} from '../support/reference-client.ts';

const client = useReferenceClient();
const registry = await loadDefaultSpecs();

/** The request-body examples an operation's spec documents. */
function requestExamples(operationId: string): [string, unknown][] {
  const operation = registry.getOperation(operationId);
  const spec = registry.specs.find((s) => s.path === operation.specPath)!;
  const item = spec.document.paths?.[operation.path] as Record<string, unknown> | undefined;
  const op = item?.[operation.method] as
    | { requestBody?: { content?: Record<string, { examples?: Record<string, { value: unknown }> }> } }
    | undefined;
  const examples = op?.requestBody?.content?.['application/json']?.examples ?? {};
  return Object.entries(examples).map(([name, example]) => [name, example.value]);
}

/** The non-body parts of a valid request of each operation. */
const REQUEST: Record<OperationId, CallOptions> = {
  negativePointsAdjustment: { query: byMobile(DATA.strict.ana.mobile) },
  unlockPromisedPoints: { query: byMobile(DATA.strict.ana.mobile) },
  getPointsBalance: { query: byMobile(DATA.strict.ana.mobile) },
  generateOAuthToken: {},
  adjustMemberPoints: {},
  inquireMemberPoints: { pathParams: { profileId: DATA.fabric.member } },
};

describe('responses of the reference provider', () => {
  it('serves every operation of the specs', () => {
    expect(
      registry
        .operations()
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(Object.keys(REQUEST).sort());
  });

  for (const operation of registry.operations()) {
    const operationId = operation.operationId as OperationId;
    const examples = requestExamples(operationId);
    if (examples.length === 0) {
      it(`answers ${operationId} within the spec`, async () => {
        const exchange = await client().call(operationId, REQUEST[operationId]);
        expect(exchange.status).toBe(200);
      });
    }
    for (const [name, body] of examples) {
      it(`answers the documented example "${name}" of ${operationId} within the spec`, async () => {
        const exchange = await client().call(operationId, { ...REQUEST[operationId], body });
        // Examples that name data the dataset lacks (bill 16484, client-key) get a documented error.
        expect(exchange.status, exchange.text).toBeLessThan(500);
      });
    }
  }

  it('(the test client) records a response that breaks the spec', async () => {
    const broken = await startReferenceClient({
      server: {
        handlers: {
          getPointsBalance: () => ({ status: 200, body: { entityId: 'abc', mainPoints: 'lots' } }),
        },
      },
    });
    try {
      await broken.call('getPointsBalance', REQUEST.getPointsBalance);
      const violations = broken.takeViolations();
      expect(violations).toHaveLength(1);
      expect(violations[0]).toMatchObject({ operationId: 'getPointsBalance', status: 200 });
      expect(violations[0]?.problems.join('\n')).toMatch(/totalPoints/);
    } finally {
      await broken.close();
    }
  });
});
