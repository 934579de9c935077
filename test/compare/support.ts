import { join } from 'node:path';
import type { ComparisonInput } from '../../src/compare/model.ts';
import type { RequirementResult, RunResult, Verdict } from '../../src/engine/types.ts';
import { worstVerdict } from '../../src/engine/verdicts.ts';

/** A run with one requirement's checks for one principal set to `verdict` (its verdict folded again). */
export function withVerdict(run: RunResult, id: string, principal: string, verdict: Verdict): RunResult {
  return mapRequirement(run, id, (r) => ({
    ...r,
    checks: r.checks.map((c) => (c.principal === principal ? { ...c, verdict } : c)),
  }));
}

/** A run without one requirement's checks for one principal. */
export function withoutPrincipal(run: RunResult, id: string, principal: string): RunResult {
  return mapRequirement(run, id, (r) => ({
    ...r,
    checks: r.checks.filter((c) => c.principal !== principal),
  }));
}

function mapRequirement(
  run: RunResult,
  id: string,
  change: (r: RequirementResult) => RequirementResult,
): RunResult {
  if (!run.requirements.some((r) => r.id === id)) throw new Error(`no requirement ${id}`);
  return {
    ...run,
    requirements: run.requirements.map((r) => {
      if (r.id !== id) return r;
      const changed = change(r);
      return { ...changed, verdict: worstVerdict(changed.checks.map((c) => c.verdict)) };
    }),
  };
}

/** A run whose manifest is changed by `edit` (a profile name, a suite version, spec hashes). */
export function withManifest(run: RunResult, edit: Partial<RunResult['manifest']>): RunResult {
  return { ...run, manifest: { ...run.manifest, ...edit } };
}

/** A run whose profile is named `name` (environment `test`): its label in a comparison is `name (test)`. */
export const named = (run: RunResult, name: string): RunResult =>
  withManifest(run, { profile: { ...run.manifest.profile, name, environment: 'test' } });

/** Inputs for `compareReports`: each run as if read from `<dir>/<name>/conformance.json`. */
export function inputs(dir: string, runs: Readonly<Record<string, RunResult>>): ComparisonInput[] {
  return Object.entries(runs).map(([name, result]) => ({
    path: join(dir, name, 'conformance.json'),
    result,
  }));
}
