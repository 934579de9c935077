import { beforeAll, describe, expect, it } from 'vitest';
import { SUITES } from '../suites/index.ts';
import { type ConformOptions, conform } from './engine/conform.ts';
import type { RunResult } from './engine/types.ts';

/**
 * Registers the conformance scenarios in a team's own vitest suite: one `describe` per suite, one
 * `it` per scenario, failing with the requirement, expected and actual of each broken check.
 * The engine runs everything once (with its fixture scheduling) before the `it`s read the result.
 *
 * ```ts
 * import { defineConformanceTests } from 'loyalty-conformance/vitest';
 * defineConformanceTests({ target: 'http://127.0.0.1:8080' });
 * ```
 */
export function defineConformanceTests(options: ConformOptions = {}, timeoutMs = 120_000): void {
  let result: RunResult | undefined;
  beforeAll(async () => {
    result = await conform(options);
  }, timeoutMs);

  for (const suite of options.suites ?? SUITES) {
    describe(suite.name, () => {
      for (const scenario of suite.scenarios) {
        it(scenario.title, (context) => {
          if (!result) throw new Error('the conformance run did not complete');
          const runs = result.scenarios.filter((s) => s.scenarioId === scenario.id);
          if (runs.length === 0 || runs.every((r) => r.verdict === 'skip')) {
            context.skip();
            return;
          }
          const broken = result.requirements
            .flatMap((r) => r.checks.map((c) => ({ requirement: r, check: c })))
            .filter(
              ({ check }) =>
                check.checkId === scenario.id && (check.verdict === 'fail' || check.verdict === 'error'),
            )
            .map(
              ({ requirement, check }) =>
                `${requirement.id} [${requirement.level}] @${check.principal}: expected ${check.expected ?? check.message}; actual ${check.actual ?? '-'}`,
            );
          expect(broken, `${scenario.id} broke documented rules`).toEqual([]);
        });
      }
    });
  }
}
