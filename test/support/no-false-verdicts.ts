import { expect } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import type { Verdict } from '../../src/engine/types.ts';

/**
 * Runs the conformance suite with `profilePath` against a provider listening at `url` (Capillary at
 * the root, fabric under /api; or each family at its own base URL) and asserts what a correct implementation must get: no `fail`, no
 * `error`, exit code 0, and the verdict `shows` names for each listed requirement.
 */
export async function expectNoFalseVerdicts(
  profilePath: string,
  url: string | { capillaryUrl: string; fabricUrl: string },
  shows: Record<string, Verdict>,
): Promise<void> {
  const urls = typeof url === 'string' ? { capillaryUrl: url, fabricUrl: `${url}/api` } : url;
  const result = await conform({ profilePath, ...urls });
  const verdicts = new Map(result.requirements.map((r) => [r.id, r.verdict]));
  const withVerdict = (verdict: Verdict) => [...verdicts].filter(([, v]) => v === verdict).map(([id]) => id);
  expect(withVerdict('fail')).toEqual([]);
  expect(withVerdict('error')).toEqual([]);
  expect(result.exitCode).toBe(0);
  for (const [requirement, verdict] of Object.entries(shows))
    expect(verdicts.get(requirement), requirement).toBe(verdict);
}
