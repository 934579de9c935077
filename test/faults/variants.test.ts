import { describe, expect, it } from 'vitest';
import { runProvider } from './kill-score.ts';
import { VARIANTS } from './variants.ts';

describe('correct variants (no false verdicts)', () => {
  it.each(VARIANTS.map((v) => [v.id, v] as const))(
    '%s: no failure, no error',
    async (_id, variant) => {
      const run = await runProvider(variant.options, variant.profile);
      expect(run.failing, variant.description).toEqual([]);
      expect(run.errors, variant.description).toEqual([]);
      expect(run.exitCode).toBe(0);
      for (const [requirement, verdict] of Object.entries(variant.shows ?? {})) {
        expect(run.verdicts[requirement], `${variant.id}: ${requirement}`).toBe(verdict);
      }
    },
    60_000,
  );
});
