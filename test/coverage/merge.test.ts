import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonReporter } from '../../reporters/json.ts';
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { readReport } from '../../src/report/load-report.ts';
import { mergeShardReports } from '../../src/report/merge.ts';
import { conformAgainst, referenceRun, reporterOptions, tempDir } from '../reporters/support.ts';

let unsharded: RunResult;
let shards: { path: string; result: RunResult }[];

/** A run against a fresh reference provider, its JSON report written and read back. */
async function runTo(dir: string, shard?: { index: number; total: number }) {
  const result = await (shard ? conformAgainst({}, { shard }) : referenceRun());
  await jsonReporter(reporterOptions(dir)).onRunEnd?.(result);
  const path = join(dir, 'conformance.json');
  return { path, result: readReport(path) };
}

beforeAll(async () => {
  const dir = tempDir('lc-coverage-merge-');
  const runs = await Promise.all([
    runTo(join(dir, 'all')),
    ...[1, 2, 3].map((index) => runTo(join(dir, `shard-${index}`), { index, total: 3 })),
  ]);
  unsharded = runs[0]!.result;
  shards = runs.slice(1);
});

describe('merge of spec coverage', () => {
  it('gives shards that each exercise less than the whole run', () => {
    const whole = unsharded.coverage!.totals.statusesAndCodes.exercised;
    for (const { result } of shards) {
      expect(result.coverage!.totals.statusesAndCodes.exercised).toBeLessThan(whole);
    }
  });

  it('unions the shards coverage into exactly the unsharded run coverage', () => {
    const merged = mergeShardReports(shards, loadCatalogue());
    expect(merged.coverage).toEqual(unsharded.coverage);
  });

  it('leaves coverage out when a shard report has none (a report of an earlier version)', () => {
    const { coverage: _dropped, ...older } = shards[0]!.result;
    const merged = mergeShardReports([{ ...shards[0]!, result: older }, ...shards.slice(1)], loadCatalogue());
    expect(merged.coverage).toBeUndefined();
  });
});
