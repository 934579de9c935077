/**
 * The spec layer: loads the hand-written OpenAPI 3.1 specs, indexes their operations and compiles
 * the ajv validators every later stage (checks, reference provider, generated cases) derives from.
 */

export { DEFAULT_SPEC_PATHS, loadDefaultSpecs, serverPathPrefix } from './default-specs.ts';
export {
  describeSchema,
  formatIssues,
  makeIssue,
  renderActual,
  type SchemaIssue,
} from './format-errors.ts';
export { type LoadedSpecFile, loadSpecFile, parseSpecText } from './load-spec.ts';
export {
  createSpecRegistry,
  type ErrorCodeRaisedBy,
  type ErrorCodeSource,
  type HttpMethod,
  indexOperations,
  type LoadedSpec,
  loadSpecs,
  operationFamiliesOf,
  type SpecErrorCode,
  type SpecOperation,
  type SpecParameter,
  type SpecRegistry,
  type SpecResponse,
  type SpecSchema,
  soleOperationsOf,
} from './operations.ts';
export { type ResolveRefsOptions, resolveRefs } from './resolve-refs.ts';
export {
  createValidators,
  matchResponseKey,
  type RequestParts,
  type ResponseValidationResult,
  type SpecValidators,
  type ValidationResult,
  type ValidatorStats,
} from './validators.ts';
