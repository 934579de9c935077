import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { isToolError } from '../../src/errors.ts';
import { mergeShardReports } from '../../src/report/merge.ts';
import { leakyRun } from '../reporters/support.ts';

const catalogue = loadCatalogue();

/** The leaky run as shard k of n. */
const shard = (index: number, total: number, edit: (run: RunResult) => RunResult = (r) => r): RunResult => {
  const run = leakyRun();
  return edit({ ...run, manifest: { ...run.manifest, shard: { index, total } } });
};

const mergeError = (shards: RunResult[]): string => {
  try {
    mergeShardReports(
      shards.map((result, i) => ({ path: `s${i + 1}.json`, result })),
      catalogue,
    );
  } catch (error) {
    expect(isToolError(error, 'LC_ERR_MERGE_INCOMPATIBLE')).toBe(true);
    return (error as Error).message;
  }
  return 'merged';
};

describe('mergeShardReports', () => {
  it('renumbers exchanges across shards and keeps check references pointing at the same evidence', () => {
    const second = shard(2, 2, (run) => ({
      ...run,
      exchanges: run.exchanges.map((e) => ({ ...e, startedAt: '2026-01-01T00:00:00.500Z' })),
    }));
    const merged = mergeShardReports(
      [
        { path: 'b.json', result: second },
        { path: 'a.json', result: shard(1, 2) },
      ],
      catalogue,
    );
    expect(merged.exchanges.map((e) => e.id)).toEqual([1, 2, 3, 4]);
    const failing = merged.requirements.find((r) => r.id === 'CAP-NPA-8907')!;
    expect(failing.checks.map((c) => c.exchangeIds)).toEqual([[1], [3]]);
    expect(merged.exchanges[2]!.startedAt).toBe('2026-01-01T00:00:00.500Z');
    expect(merged.manifest.shards?.map((s) => s.index)).toEqual([1, 2]);
    expect(merged.manifest).not.toHaveProperty('shard');
  });

  it('keeps identical exchanges once', () => {
    const merged = mergeShardReports(
      [
        { path: 'a.json', result: shard(1, 2) },
        { path: 'b.json', result: shard(2, 2) },
      ],
      catalogue,
    );
    expect(merged.exchanges).toHaveLength(2);
    expect(merged.totals.exchanges).toBe(4);
  });

  it('folds the universal passes of every shard into one, occurrences summed', () => {
    const merged = mergeShardReports(
      [1, 2, 3].map((k) => ({ path: `${k}.json`, result: shard(k, 3) })),
      catalogue,
    );
    const arithmetic = merged.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')!;
    expect(arithmetic.checks).toHaveLength(1);
    expect(arithmetic.checks[0]).toMatchObject({
      occurrences: 36,
      message: 'no 5xx: held on 36 exchange(s)',
    });
    expect(arithmetic.counts.pass).toBe(36);
  });

  it('re-aggregates verdicts with the catalogue: a requirement no shard covered is skipped with a reason', () => {
    const merged = mergeShardReports([{ path: 'a.json', result: shard(1, 1) }], catalogue);
    expect(merged.requirements).toHaveLength(catalogue.requirements.length);
    expect(merged.requirements.find((r) => r.id === 'CAP-NPA-8907')?.verdict).toBe('fail');
    expect(merged.requirements.find((r) => r.id === 'CAP-NPA-8003')).toMatchObject({
      verdict: 'skip',
      uncoveredReason: 'no scenario of this run covers it',
    });
    expect(merged.verdict).toBe('fail');
    expect(merged.exitCode).toBe(1);
  });

  it.each([
    ['a report without --shard', () => [leakyRun()], /s1\.json is not a shard report/],
    ['a missing shard', () => [shard(1, 3), shard(3, 3)], /shard\(s\) 2\/3 missing/],
    ['a shard given twice', () => [shard(1, 2), shard(1, 2)], /s1\.json and s2\.json are both shard 1\/2/],
    ['shards of different totals', () => [shard(1, 2), shard(2, 3)], /is shard 2\/3, s1\.json is of 2/],
    [
      'shards of different seeds',
      () => [shard(1, 2), shard(2, 2, (r) => ({ ...r, manifest: { ...r.manifest, seed: 9 } }))],
      /differ in seed/,
    ],
    [
      'shards of other specs',
      () => [
        shard(1, 2),
        shard(2, 2, (r) => ({ ...r, manifest: { ...r.manifest, specHashes: { x: 'b'.repeat(64) } } })),
      ],
      /differ in spec hashes/,
    ],
    [
      'a requirement this catalogue lacks',
      () => [
        shard(1, 1, (r) => ({
          ...r,
          requirements: [
            {
              ...r.requirements[0]!,
              checks: [{ ...r.requirements[0]!.checks[0]!, requirementId: 'CAP-GONE' }],
            },
          ],
        })),
      ],
      /judges requirement CAP-GONE/,
    ],
  ])('refuses %s', (_what, shards, reason) => {
    expect(mergeError(shards())).toMatch(reason);
  });

  it('keeps what no shard could judge, and drops what another shard judged', () => {
    const judgedId = leakyRun().requirements.find((r) => r.checks.some((c) => c.verdict !== 'skip'))!;
    const principal = judgedId.checks.find((c) => c.verdict !== 'skip')!.principal;
    const first = shard(1, 2, (run) => ({
      ...run,
      notJudgeable: [
        { id: 'CAP-AUTH-ACCESS-GROUP', principals: ['strict'], add: ['restrictedAuth'] },
        { id: judgedId.id, principals: [principal], add: ['something'] },
      ],
    }));
    const second = shard(2, 2, (run) => ({
      ...run,
      notJudgeable: [{ id: 'CAP-AUTH-ACCESS-GROUP', principals: ['lenient'], add: ['restrictedAuth'] }],
    }));
    const merged = mergeShardReports(
      [
        { path: 'a.json', result: first },
        { path: 'b.json', result: second },
      ],
      catalogue,
    );
    expect(merged.notJudgeable).toEqual([
      { id: 'CAP-AUTH-ACCESS-GROUP', principals: ['strict', 'lenient'], add: ['restrictedAuth'] },
    ]);
  });
});
