import { beforeAll, describe, expect, it } from 'vitest';
import { renderJsonReport } from '../../reporters/json.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { parseReport } from '../../src/report/load-report.ts';
import { faultyNpaRun, reporterOptions, tempDir } from './support.ts';

/** Every check of a run, with its requirement. */
const checksOf = (run: RunResult) => run.requirements.flatMap((r) => r.checks);

let failures: RunResult;
let all: RunResult;

beforeAll(async () => {
  [failures, all] = [await faultyNpaRun(), await faultyNpaRun({ evidence: 'all' })];
}, 60_000);

describe('evidence kept in the result (run --evidence)', () => {
  it('changes no verdict', () => {
    expect(all.requirements.map((r) => [r.id, r.verdict])).toEqual(
      failures.requirements.map((r) => [r.id, r.verdict]),
    );
    expect(all.totals).toEqual(failures.totals);
  });

  it('keeps by default only the exchanges behind non-passing checks, and says so', () => {
    expect(failures.manifest.evidence).toBe('failures');
    const kept = new Set(failures.exchanges.map((e) => e.id));
    const cited = new Set(checksOf(failures).flatMap((c) => c.exchangeIds));
    expect(kept).toEqual(cited);
    for (const check of checksOf(failures)) {
      if (check.verdict === 'pass') expect(check.exchangeIds).toEqual([]);
    }
    expect(checksOf(failures).some((c) => c.verdict === 'fail' && c.exchangeIds.length > 0)).toBe(true);
  });

  it('with evidence all, keeps the exchanges of passing checks too', () => {
    expect(all.manifest.evidence).toBe('all');
    const passing = checksOf(all).filter((c) => c.verdict === 'pass' && c.exchangeIds.length > 0);
    expect(passing.length).toBeGreaterThan(50);
    const kept = new Set(all.exchanges.map((e) => e.id));
    for (const check of checksOf(all)) for (const id of check.exchangeIds) expect(kept.has(id)).toBe(true);
    expect(all.exchanges.length).toBeGreaterThan(failures.exchanges.length);
  });

  it('writes conformance.json that diff and merge read back, either way', () => {
    for (const run of [failures, all]) {
      const text = renderJsonReport(run, reporterOptions(tempDir(), []));
      const back = parseReport(text, 'conformance.json');
      expect(back.manifest.evidence).toBe(run.manifest.evidence);
      expect(back.exchanges).toHaveLength(run.exchanges.length);
    }
  });
});
