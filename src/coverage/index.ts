/**
 * Spec coverage: which declared statuses, error codes and parameters a run exercised. The model
 * (plain data in `RunResult.coverage`, unioned by `merge`) and the tally the runner feeds.
 */

export {
  belowFloor,
  buildCoverage,
  type CoverageCount,
  type CoverageGate,
  type CoverageParameterLocation,
  type CoverageTotals,
  coverageCount,
  coverageGate,
  type ErrorCodeCoverage,
  mergeCoverage,
  type OperationCoverage,
  type OperationCoverageLists,
  type ParameterCoverage,
  type SpecCoverage,
  type StatusCoverage,
} from './model.ts';
export { bodyProperties, type CoverageTally, createCoverageTally } from './tally.ts';
