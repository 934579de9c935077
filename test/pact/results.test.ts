import { describe, expect, it } from 'vitest';
import { byOperation } from '../../reporters/summary.ts';
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import type { PactFile, PactInteraction } from '../../src/pact/pact-file.ts';
import { type InteractionOutcome, pactRunResult } from '../../src/pact/results.ts';
import type { SpecOperation } from '../../src/spec/index.ts';

const catalogue = loadCatalogue();

/** One verified interaction of a hand-written contract naming no requirement. */
function outcomeOf(operationId: string): InteractionOutcome {
  const interaction = {
    description: `a call of ${operationId}`,
    states: [],
    requirements: [],
    scenarioId: undefined,
    principal: undefined,
    method: 'GET',
    path: '/x',
    operation: { operationId } as SpecOperation,
    expressions: [],
  } satisfies PactInteraction;
  const file: PactFile = {
    path: 'consumer.json',
    consumer: 'app',
    provider: 'fabric-loyalty',
    specification: '4.0',
    family: 'fabric',
    interactions: [interaction],
  };
  return { file, interaction, verdict: 'pass', mismatches: [], expected: [], durationMs: 3 };
}

describe('pact verify results', () => {
  it('show a requirement every endpoint shares only under the endpoints the contracts called', () => {
    const shared = catalogue.requirements.find((r) => r.id === 'GEN-BODY-SCHEMA');
    expect(shared?.operations.length).toBeGreaterThan(2);
    const called = shared?.operations[0] ?? '';
    const at = new Date('2026-01-01T00:00:00Z');
    const run = pactRunResult([outcomeOf(called)], {
      catalogue,
      tool: { name: 'loyalty-conformance', version: '0' },
      profile: { name: 'p', environment: 'e', source: 'p.yaml' },
      targets: {},
      orgs: [],
      specHashes: {},
      startedAt: at,
      finishedAt: at,
    });
    const schema = run.requirements.find((r) => r.id === 'GEN-BODY-SCHEMA');
    expect([schema?.verdict, schema?.operations]).toEqual(['pass', [called]]);
    // The by-endpoint table: a pass under the called endpoint only.
    const passes = [...byOperation(run)].filter(([, row]) => row.pass > 0).map(([op]) => op);
    expect(passes).toEqual([called]);
  });
});
