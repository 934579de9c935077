import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import { runConformance } from '../../src/engine/runner.ts';
import type { Scenario } from '../../src/engine/types.ts';
import { createValidators, loadDefaultSpecs } from '../../src/spec/index.ts';
import { fakeClient, fakeProfile } from './fakes.ts';

type RunOptions = Parameters<typeof runConformance>[0];

/** The catalogue and specs, loaded by the first run that needs them (nothing at import time). */
let loaded: Promise<Pick<RunOptions, 'catalogue' | 'registry' | 'validators'>> | undefined;
const load = () => {
  loaded ??= loadDefaultSpecs().then((registry) => ({
    catalogue: loadCatalogue(),
    registry,
    validators: createValidators(registry),
  }));
  return loaded;
};

/**
 * A run of `scenarios` by the engine (as `conform()` makes it, without the probes): the fake
 * profile, a client answering 200 {} and no universal checks unless `extra` says otherwise.
 */
export async function runWithFakes(scenarios: Scenario[], extra: Partial<RunOptions> = {}) {
  return runConformance({
    ...(await load()),
    profile: fakeProfile(),
    scenarios,
    checks: [],
    client: fakeClient(),
    seed: 1,
    tool: { name: 'test', version: '0' },
    targets: {},
    ...extra,
  });
}
