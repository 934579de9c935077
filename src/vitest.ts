import { beforeAll, describe, expect, it } from 'vitest';
import { SUITES } from '../suites/index.ts';
import { UNIVERSAL_CHECKS } from './checks/index.ts';
import { type ConformOptions, conform } from './engine/conform.ts';
import type { RunResult, ScenarioResult } from './engine/types.ts';

/**
 * The broken checks (fail or error) of one check ID — a scenario's ID or `universal.<id>` — one
 * line each: requirement, level, principal, expected and actual. What an `it` fails with.
 */
export function brokenChecksOf(result: RunResult, checkId: string): string[] {
  return result.requirements
    .flatMap((r) => r.checks.map((c) => ({ requirement: r, check: c })))
    .filter(
      ({ check }) => check.checkId === checkId && (check.verdict === 'fail' || check.verdict === 'error'),
    )
    .map(
      ({ requirement, check }) =>
        `${requirement.id} [${requirement.level}] @${check.principal}: expected ${check.expected ?? check.message}; actual ${check.actual ?? '-'}`,
    );
}

/**
 * Why a scenario's `it` is skipped: each principal's skip reason (`@strict: <reason>`), or that the
 * run's selection left it out.
 */
export function skipNoteOf(runs: readonly ScenarioResult[]): string {
  if (runs.length === 0) return 'not run: the run selection left it out';
  return runs.map((r) => `@${r.principal}: ${r.reason ?? 'skipped'}`).join('; ');
}

/**
 * Registers the conformance run in a team's own vitest suite: one `describe` per suite with one
 * `it` per scenario, and a `describe('universal checks')` with one `it` per check the engine runs
 * on every exchange (no 5xx, JSON content type, body valid for its status, ...). Each `it` fails
 * with the requirement, expected and actual of every broken check it owns, so a target that
 * `loyalty-conformance run` fails never passes here. A broken SHOULD only warns in the engine and
 * does not fail an `it`. The engine runs everything once (with its fixture scheduling) before the
 * `it`s read the result.
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

  const brokenChecks = (checkId: string): string[] => {
    if (!result) throw new Error('the conformance run did not complete');
    return brokenChecksOf(result, checkId);
  };

  for (const suite of options.suites ?? SUITES) {
    describe(suite.name, () => {
      for (const scenario of suite.scenarios) {
        it(scenario.title, (context) => {
          const broken = brokenChecks(scenario.id);
          const runs = result?.scenarios.filter((s) => s.scenarioId === scenario.id) ?? [];
          if (runs.length === 0 || runs.every((r) => r.verdict === 'skip')) {
            // The reason shows in the team's own report (what the profile lacks, what to add).
            context.skip(skipNoteOf(runs));
            return;
          }
          expect(broken, `${scenario.id} broke documented rules`).toEqual([]);
        });
      }
    });
  }

  describe('universal checks', () => {
    for (const check of UNIVERSAL_CHECKS) {
      it(`${check.requirementId}: ${check.description}`, () => {
        expect(
          brokenChecks(`universal.${check.id}`),
          `universal.${check.id} broke on some exchanges`,
        ).toEqual([]);
      });
    }
  });
}
