/**
 * `npm run bench`: whole-process timings of the main job (the conformance run against the embedded
 * reference provider), as medians over several runs. Measured here, never asserted in tests.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
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

/**
 * Peak resident memory of a child process, sampled from /proc (VmHWM is the kernel's own
 * high-water mark, so a sample taken just before exit holds the peak). Linux only.
 */
async function peakRssOf(args: string[]): Promise<{ peakMiB: number; wallMs: number; code: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore' });
  let peakKiB = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const match = /VmHWM:\s+(\d+) kB/.exec(status);
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      // the process is gone
    }
  };
  const timer = setInterval(sample, 20);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  return { peakMiB: peakKiB / 1024, wallMs: performance.now() - started, code };
}

// Hostile targets, each run as a whole process: exit code, wall time, peak RSS, report size. By
// default only the 200 MiB mode (every answer streams 200 MiB; the client must cut each at the
// cap); LC_BENCH_HOSTILE=all measures every mode of test/hostile/server.ts.
const { HOSTILE_MODES, startHostileTarget } = await import('../test/hostile/server.ts');
const modes =
  process.env.LC_BENCH_HOSTILE === 'all' ? HOSTILE_MODES : HOSTILE_MODES.filter((m) => m.id === 'huge-body');
process.stdout.write('hostile targets (test/hostile/server.ts), one whole-process run each\n');
process.stdout.write('  mode                        exit   wall ms  peak RSS MiB  report KiB  requests\n');
for (const mode of modes) {
  const target = await startHostileTarget(mode);
  const out = mkdtempSync(join(tmpdir(), 'lc-bench-hostile-'));
  try {
    const run = await peakRssOf([
      'bin/loyalty-conformance.js',
      'run',
      '--target',
      target.url,
      '--reporter',
      'json',
      '--out',
      out,
    ]);
    const reportBytes = statSync(join(out, 'conformance.json'), { throwIfNoEntry: false })?.size ?? 0;
    process.stdout.write(
      `  ${mode.id.padEnd(27)} ${String(run.code).padStart(4)} ${run.wallMs.toFixed(0).padStart(9)} ${run.peakMiB.toFixed(0).padStart(13)} ${(reportBytes / 1024).toFixed(0).padStart(11)} ${String(target.requests()).padStart(9)}\n`,
    );
  } finally {
    await target.close();
  }
}
