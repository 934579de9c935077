import type { Catalogue } from '../catalogue/catalogue.ts';
import type { CheckResult, RequirementResult, Verdict } from './types.ts';

/**
 * Why a scenario run that `--bail` kept from running is skipped: what the run did not reach, not
 * something the profile lacks (a baseline diff tells the two apart by it).
 */
export const NOT_RUN_BAIL = 'not run: --bail after an earlier failure';

/** Precedence when several verdicts fold into one: a failure outweighs everything. */
const SEVERITY: Record<Verdict, number> = { fail: 4, error: 3, warn: 2, pass: 1, skip: 0 };

/** The most severe verdict of a list (`skip` for an empty list). */
export function worstVerdict(verdicts: readonly Verdict[]): Verdict {
  let worst: Verdict = 'skip';
  for (const v of verdicts) if (SEVERITY[v] > SEVERITY[worst]) worst = v;
  return worst;
}

/** Folds check results into one verdict per catalogue requirement, in catalogue order. */
export function aggregateRequirements(
  catalogue: Catalogue,
  results: readonly CheckResult[],
): RequirementResult[] {
  const byRequirement = new Map<string, CheckResult[]>();
  for (const r of results) {
    const list = byRequirement.get(r.requirementId) ?? [];
    list.push(r);
    byRequirement.set(r.requirementId, list);
  }
  return catalogue.requirements.map((requirement) => {
    const checks = byRequirement.get(requirement.id) ?? [];
    const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
    for (const c of checks) counts[c.verdict] += c.occurrences ?? 1;
    const verdict = worstVerdict(checks.map((c) => c.verdict));
    const uncoveredReason =
      checks.length > 0
        ? undefined
        : requirement.blackBox
          ? 'no scenario of this run covers it'
          : `not testable black-box: ${requirement.whyNot ?? ''}`;
    const document = catalogue.documents[requirement.source.document];
    return {
      id: requirement.id,
      title: requirement.title,
      level: requirement.level,
      operations: requirement.operations,
      source: {
        document: requirement.source.document,
        title: document?.title ?? requirement.source.document,
        ...(document?.url ? { url: document.url } : {}),
        section: requirement.source.section,
      },
      verdict,
      counts,
      checks,
      ...(uncoveredReason ? { uncoveredReason } : {}),
    };
  });
}

/** 1 when a requirement fails; 2 when nothing fails but something could not be judged; else 0. */
export function exitCodeOf(requirements: readonly RequirementResult[]): 0 | 1 | 2 {
  if (requirements.some((r) => r.verdict === 'fail')) return 1;
  if (requirements.some((r) => r.verdict === 'error')) return 2;
  return 0;
}
