/**
 * Prints how many schemas a fresh process compiles with ajv at run time while it validates with
 * every shipped schema: run by test/spec/precompiled.test.ts in a process of its own, since a test
 * worker shares its module cache (and so the validators built) with the other test files.
 */
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import { loadProfile, REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';
import { loadDataset } from '../../src/reference/dataset.ts';
import { DEFAULT_DATASET_PATH } from '../../src/reference/server.ts';
import { reportValidator } from '../../src/report/load-report.ts';
import { createValidators, loadDefaultSpecs } from '../../src/spec/index.ts';
import { runtimeCompileCount } from '../../src/spec/schema-compiler.ts';
import { validatorSchemas } from '../../src/spec/validators.ts';

const registry = await loadDefaultSpecs();
const validators = createValidators(registry);
for (const { operationId, part } of validatorSchemas(registry)) {
  if (part === 'query' || part === 'path') validators.validateRequest(operationId, { [part]: {} });
  else if (part === 'request body') validators.validateRequest(operationId, { body: {} });
  else
    validators.validateResponse(
      operationId,
      Number(part.replace('response ', '').replace('XX', '00')) || 599,
      {},
    );
}
loadCatalogue();
loadProfile(REFERENCE_PROFILE_PATH);
loadDataset(DEFAULT_DATASET_PATH);
reportValidator();
process.stdout.write(`${runtimeCompileCount()}\n`);
