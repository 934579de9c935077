import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../reporters/support.ts';
import { runCli } from './capture.ts';

describe('run --evidence', () => {
  it('all: the JSON report keeps every exchange a check cites and names the mode in its manifest', async () => {
    const out = tempDir();
    const run = await runCli([
      'run',
      '--grep',
      'balance.',
      '--evidence',
      'all',
      '--reporter',
      'json',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as {
      manifest: { evidence: string };
      exchanges: unknown[];
      requirements: { checks: { verdict: string; exchangeIds: number[] }[] }[];
    };
    expect(report.manifest.evidence).toBe('all');
    const passing = report.requirements.flatMap((r) => r.checks).filter((c) => c.verdict === 'pass');
    expect(passing.some((c) => c.exchangeIds.length > 0)).toBe(true);
    expect(report.exchanges.length).toBeGreaterThan(0);
  });

  it('refuses another value with exit 2', async () => {
    const run = await runCli(['run', '--evidence', 'some', '--reporter', 'json', '--out', tempDir()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--evidence/);
  });
});
