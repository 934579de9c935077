/**
 * Pact contracts: export the suites' exchanges as Pact V4 interactions, verify pact files against
 * a target with the Pact verifier. `@pact-foundation/pact` is loaded only when one of them runs.
 */

export {
  DEFAULT_PROVIDERS,
  exportPacts,
  type PactExportOptions,
  type PactExportResult,
  type PactFileSummary,
} from './export.ts';
export { type PactState, parseState, STATE_KINDS, stateName } from './states.ts';
export { type PactVerifyOptions, verifyPacts } from './verify.ts';
