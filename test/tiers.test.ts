import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { filesOfTier, SWEEP_FILES } from './support/tiers.ts';

const DEFAULT_EXCLUDE = ['**/node_modules/**'];

describe('the test tiers (LC_TEST_TIER)', () => {
  it('runs every file when unset, the quick tier without the sweep, the sweep alone', () => {
    for (const unset of [undefined, '']) {
      expect(filesOfTier(unset, DEFAULT_EXCLUDE)).toEqual({
        include: ['test/**/*.test.ts'],
        exclude: DEFAULT_EXCLUDE,
      });
    }
    expect(filesOfTier('quick', DEFAULT_EXCLUDE)).toEqual({
      include: ['test/**/*.test.ts'],
      exclude: [...DEFAULT_EXCLUDE, ...SWEEP_FILES],
    });
    expect(filesOfTier('sweep', DEFAULT_EXCLUDE)).toEqual({ include: SWEEP_FILES, exclude: DEFAULT_EXCLUDE });
  });

  it('refuses a tier it does not know, naming the ones it does', () => {
    expect(() => filesOfTier('full', DEFAULT_EXCLUDE)).toThrow(/LC_TEST_TIER must be quick or sweep/);
  });

  it('names sweep files that exist, so that a renamed one is not silently moved to the quick tier', () => {
    for (const literal of SWEEP_FILES.filter((pattern) => !pattern.includes('*'))) {
      expect(existsSync(new URL(`../${literal}`, import.meta.url)), literal).toBe(true);
    }
  });
});
