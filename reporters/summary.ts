import type { RequirementResult, RunResult, Verdict } from '../src/engine/types.ts';

/** Report order: failures first, then errors, warnings, passes, skips; catalogue order within. */
const ORDER: Record<Verdict, number> = { fail: 0, error: 1, warn: 2, pass: 3, skip: 4 };

/** Requirements sorted for reading: what is broken comes first. */
export function requirementsByVerdict(result: RunResult): RequirementResult[] {
  return [...result.requirements].sort((a, b) => ORDER[a.verdict] - ORDER[b.verdict]);
}

/** How many requirements got each verdict. */
export function verdictCounts(requirements: readonly RequirementResult[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const r of requirements) counts[r.verdict] += 1;
  return counts;
}

/** Per operation (endpoint): requirement verdict counts. */
export function byOperation(result: RunResult): Map<string, Record<Verdict, number>> {
  const table = new Map<string, Record<Verdict, number>>();
  for (const r of result.requirements) {
    for (const op of r.operations) {
      const row = table.get(op) ?? { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
      row[r.verdict] += 1;
      table.set(op, row);
    }
  }
  return table;
}

/** The first non-passing check of a requirement, the one a summary shows. */
export const firstProblem = (r: RequirementResult) => r.checks.find((c) => c.verdict === r.verdict);

/** Replaces every secret in a text; reporters pass their whole output through it. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}
