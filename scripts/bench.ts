/**
 * `npm run bench`: whole-process timings of the main job (the conformance run against the embedded
 * reference provider), as medians over several runs. Measured here, never asserted in tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.LC_BENCH_RUNS ?? 5);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const wall: number[] = [];
const engine: number[] = [];
let exchanges = 0;
let requirements = '';
for (let i = 0; i < RUNS; i++) {
  const out = mkdtempSync(join(tmpdir(), 'lc-bench-'));
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    ['bin/loyalty-conformance.js', 'run', '--reporter', 'json', '--out', out],
    {
      encoding: 'utf8',
    },
  );
  wall.push(performance.now() - started);
  if (run.status !== 0) {
    process.stderr.write(`run ${i + 1} exited ${run.status}: ${run.stderr}\n`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as {
    manifest: { durationMs: number };
    totals: { exchanges: number };
    requirements: { verdict: string }[];
  };
  engine.push(report.manifest.durationMs);
  exchanges = report.totals.exchanges;
  const counts: Record<string, number> = {};
  for (const r of report.requirements) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  requirements = Object.entries(counts)
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
}
process.stdout.write(
  [
    `main job against the embedded reference provider, ${RUNS} whole-process runs`,
    `  wall time per run: median ${median(wall).toFixed(0)} ms (min ${Math.min(...wall).toFixed(0)}, max ${Math.max(...wall).toFixed(0)})`,
    `  engine time (manifest.durationMs): median ${median(engine).toFixed(0)} ms`,
    `  exchanges per run: ${exchanges}; requirements: ${requirements}`,
    '',
  ].join('\n'),
);
