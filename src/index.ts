/**
 * The programmatic API: run the suites against a target, start the reference provider, load
 * profiles and specs.
 */

export { SUITES } from '../suites/index.ts';
export { type ConformOptions, conform, DEFAULT_SEED } from './engine/conform.ts';
export type {
  CheckResult,
  RequirementResult,
  RunEvents,
  RunResult,
  Scenario,
  ScenarioContext,
  Suite,
  Verdict,
} from './engine/types.ts';
export { exportPacts, type PactExportOptions, type PactVerifyOptions, verifyPacts } from './pact/index.ts';
export { loadProfile, secretsOf } from './profile/index.ts';
export { type Dataset, loadDataset, parseDataset } from './reference/dataset.ts';
export {
  DEFAULT_DATASET_PATH,
  type ReferenceHooks,
  type ReferenceServer,
  type ReferenceServerOptions,
  startReferenceServer,
} from './reference/server.ts';
export { createValidators, loadDefaultSpecs, loadSpecs } from './spec/index.ts';
