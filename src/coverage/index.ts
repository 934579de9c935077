/**
 * Spec coverage: which declared statuses, error codes and parameters a run exercised. The model
 * (plain data in `RunResult.coverage`, unioned by `merge`) and the tally the runner feeds.
 */

export {
  belowFloor,
  buildCoverage,
  type CoverageCount,
  type CoverageParameterLocation,
  type CoverageTotals,
  coverageCount,
  type ErrorCodeCoverage,
  mergeCoverage,
  type OperationCoverage,
  type OperationCoverageLists,
  type ParameterCoverage,
  type SpecCoverage,
  type StatusCoverage,
} from './model.ts';
export { bodyProperties, type CoverageTally, createCoverageTally } from './tally.ts';
