import { type CompareFailOn, type Comparison, DIFFERENCE_DEFINITION } from './model.ts';

/** The file `compare` writes the JSON comparison to. */
export const COMPARISON_JSON_FILE = 'comparison.json';

/** Version of the JSON comparison's shape. */
export const COMPARISON_VERSION = 1;

/**
 * The comparison as JSON for machines: the targets with their manifests, the columns, and per
 * row its kind, each target's verdict, and per cell (aligned with `columns`) the verdict (`null`:
 * the report has no check there; with `notApplicable`, why the requirement cannot apply to that
 * principal, rendered `n/a` elsewhere), the check IDs and the exchange IDs (in that target's
 * `conformance.json`) behind it, and the link to its evidence. With the policy and exit code.
 */
export function renderComparisonJson(
  comparison: Comparison,
  failOn: CompareFailOn,
  exitCode: number,
): string {
  const document = {
    comparisonVersion: COMPARISON_VERSION,
    failOn,
    exitCode,
    definitions: DIFFERENCE_DEFINITION,
    notes: comparison.notes,
    counts: comparison.counts,
    failing: comparison.failing,
    targets: comparison.targets,
    columns: comparison.columns,
    rows: comparison.rows.map((row) => ({
      ...row,
      targetVerdicts: row.targetVerdicts.map((v) => v ?? null),
      cells: row.cells.map((cell, column) => ({ column, ...cell, verdict: cell.verdict ?? null })),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
