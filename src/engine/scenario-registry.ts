import type { Catalogue } from '../catalogue/catalogue.ts';
import { toolError } from '../errors.ts';
import { FIXTURE_NEEDS, type Scenario, type Suite } from './types.ts';

/**
 * Checks every scenario of the suites at load time: unique IDs, requirement IDs that exist in the
 * catalogue, known fixtures. A suite that names an unknown requirement never reaches a target.
 */
export function loadScenarios(suites: readonly Suite[], catalogue: Catalogue): Scenario[] {
  const seen = new Set<string>();
  const scenarios: Scenario[] = [];
  for (const suite of suites) {
    for (const scenario of suite.scenarios) {
      const problem = (reason: string) =>
        toolError('LC_ERR_SCENARIO_INVALID', { scenario: scenario.id, reason });
      if (!scenario.id.startsWith(`${suite.name}.`)) throw problem(`its ID must start with "${suite.name}."`);
      if (seen.has(scenario.id)) throw problem('its ID is used twice');
      seen.add(scenario.id);
      if (scenario.requirements.length === 0) throw problem('it names no requirement');
      for (const id of scenario.requirements) {
        if (!catalogue.get(id)) throw problem(`requirement "${id}" is not in the catalogue`);
      }
      for (const fixture of scenario.fixtures) {
        if (!(FIXTURE_NEEDS as readonly string[]).includes(fixture)) {
          throw problem(`fixture "${fixture}" is unknown (known: ${FIXTURE_NEEDS.join(', ')})`);
        }
      }
      scenarios.push(scenario);
    }
  }
  return scenarios;
}

/** Requirements no scenario verifies, split into untestable (with the catalogue's reason) and missing. */
export function uncoveredRequirements(
  catalogue: Catalogue,
  scenarios: readonly Scenario[],
  universalRequirementIds: readonly string[],
): { id: string; reason: string }[] {
  const covered = new Set([...scenarios.flatMap((s) => s.requirements), ...universalRequirementIds]);
  return catalogue.requirements
    .filter((r) => !covered.has(r.id))
    .map((r) => ({
      id: r.id,
      reason: r.blackBox ? 'no scenario covers it yet' : `not testable black-box: ${r.whyNot ?? ''}`,
    }));
}
