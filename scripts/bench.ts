/**
 * `npm run bench`: whole-process timings of the main job (the conformance run against the embedded
 * reference provider) beside its floors, measured in one sitting. Measured here, never asserted in
 * tests.
 *
 * Each of LC_BENCH_RUNS rounds (default 5) runs, one after another, so that a busy machine slows
 * every figure of a round alike: bare `node -e 0`, `--help`, the main job (and again without the
 * CLI's V8 settings, LC_V8_DEFAULTS=1: src/cli/memory-tuning.ts), two shards of it at
 * once (`--shard 1/2` and `--shard 2/2` as two processes), and the same through the compiled
 * package (`dist/bin/loyalty-conformance.js`) when `npm run build` has made one. Figures are
 * medians over the rounds. Then a raw undici `Pool` loop (scripts/raw-loop.mjs) sends as many
 * requests as the main job made to the same embedded provider: started in this process, and again
 * in a fresh process of its own per bin (the fair floor: the main job's client and provider are a
 * fresh process too). The engine's cost per exchange is compared with it. Last, the hostile
 * targets (test/hostile/server.ts).
 *
 * CPU (user + sys) and peak RSS of a run are the kernel's own (`getrusage`, read by a probe the
 * process loads with `--import`, at its exit); peak RSS of the other processes is sampled from
 * /proc (VmHWM). Linux only.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { authFromProfile } from '../src/client/index.ts';
import { undici } from '../src/client/undici.ts';
import { loadProfile, REFERENCE_PROFILE_PATH } from '../src/profile/index.ts';
import { startReferenceServer } from '../src/reference/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.LC_BENCH_RUNS ?? 5);
const SOURCE_BIN = join(ROOT, 'bin/loyalty-conformance.js');
/** The compiled package's bin (`npm run build`); LC_BENCH_DIST_BIN names another build's. */
const DIST_BIN = process.env.LC_BENCH_DIST_BIN ?? join(ROOT, 'dist/bin/loyalty-conformance.js');
const SCRATCH = mkdtempSync(join(tmpdir(), 'lc-bench-'));

/** Writes the process's own CPU time and peak RSS (getrusage) to LC_BENCH_USAGE at exit. */
const PROBE = join(SCRATCH, 'usage-probe.mjs');
writeFileSync(
  PROBE,
  [
    "import { writeFileSync } from 'node:fs';",
    "process.on('exit', () => {",
    '  const u = process.resourceUsage();',
    '  writeFileSync(process.env.LC_BENCH_USAGE, JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, peakKiB: u.maxRSS }));',
    '});',
    '',
  ].join('\n'),
);

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One whole process: wall time, exit code, peak RSS (VmHWM sampled every 10 ms) and, with the probe, CPU. */
interface ProcessRun {
  readonly wallMs: number;
  readonly code: number | null;
  readonly peakMiB: number;
  readonly cpuMs?: number;
}

async function runProcess(
  args: readonly string[],
  probe = false,
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<ProcessRun> {
  const usageFile = join(SCRATCH, `usage-${process.hrtime.bigint()}.json`);
  const nodeArgs = probe ? ['--import', PROBE, ...args] : [...args];
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs, {
    cwd: ROOT,
    stdio: 'ignore',
    // LC_FROM_SOURCE: the clone's bin runs the sources through tsx even when dist/ is fresh.
    env: { ...process.env, LC_BENCH_USAGE: usageFile, LC_FROM_SOURCE: '1', ...extraEnv },
  });
  let peakKiB = 0;
  const sample = () => {
    try {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (match) peakKiB = Math.max(peakKiB, Number(match[1]));
    } catch {
      // the process is gone
    }
  };
  const timer = setInterval(sample, 10);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const wallMs = performance.now() - started;
  clearInterval(timer);
  if (!probe) return { wallMs, code, peakMiB: peakKiB / 1024 };
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuMs: number; peakKiB: number };
  rmSync(usageFile, { force: true });
  return { wallMs, code, peakMiB: usage.peakKiB / 1024, cpuMs: usage.cpuMs };
}

/** What a run's conformance.json says about it. */
interface RunReport {
  readonly engineMs: number;
  readonly exchanges: number;
  readonly verdicts: string;
}

function readRunReport(out: string): RunReport {
  const report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as {
    manifest: { durationMs: number };
    totals: { exchanges: number };
    requirements: { verdict: string }[];
  };
  const counts: Record<string, number> = {};
  for (const r of report.requirements) counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
  return {
    engineMs: report.manifest.durationMs,
    exchanges: report.totals.exchanges,
    verdicts: Object.entries(counts)
      .map(([v, n]) => `${v} ${n}`)
      .join(', '),
  };
}

/**
 * The main job through one bin: `run` with every reporter, as `npm run conformance` does. With
 * `v8Defaults`, without the CLI's V8 settings (LC_V8_DEFAULTS=1, src/cli/memory-tuning.ts).
 */
async function mainJob(bin: string, v8Defaults = false): Promise<ProcessRun & RunReport> {
  const out = mkdtempSync(join(SCRATCH, 'run-'));
  const run = await runProcess([bin, 'run', '--out', out], true, v8Defaults ? { LC_V8_DEFAULTS: '1' } : {});
  if (run.code !== 0) throw new Error(`${bin} run exited ${run.code}`);
  return { ...run, ...readRunReport(out) };
}

/** Two shards of the main job as two processes at once: wall time until both have ended. */
async function twoShards(bin: string): Promise<{ wallMs: number; exchanges: number }> {
  const started = performance.now();
  const outs = [1, 2].map(() => mkdtempSync(join(SCRATCH, 'shard-')));
  const runs = await Promise.all(
    outs.map((out, i) =>
      runProcess([bin, 'run', '--shard', `${i + 1}/2`, '--reporter', 'json', '--out', out]),
    ),
  );
  const wallMs = performance.now() - started;
  for (const run of runs) if (run.code !== 0) throw new Error(`a shard exited ${run.code}`);
  return { wallMs, exchanges: outs.reduce((n, out) => n + readRunReport(out).exchanges, 0) };
}

// --- the rounds ---

const bins = [{ label: 'tsx (bin/)', bin: SOURCE_BIN }];
// A dist/ older than the sources would measure another suite (other scenarios, other counts): the
// shipped bin is rebuilt first, as `npm pack` does (scripts/build-if-stale.mjs; another build named
// by LC_BENCH_DIST_BIN is measured as it is).
if (existsSync(DIST_BIN) && !process.env.LC_BENCH_DIST_BIN) {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build-if-stale.mjs')], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`scripts/build-if-stale.mjs exited ${build.status}`);
}
if (existsSync(DIST_BIN)) bins.push({ label: 'compiled (dist/)', bin: DIST_BIN });

type Figures = {
  main: (ProcessRun & RunReport)[];
  mainV8Defaults: (ProcessRun & RunReport)[];
  help: ProcessRun[];
  shards: { wallMs: number; exchanges: number }[];
};
const figures = new Map<string, Figures>(
  bins.map((b) => [b.label, { main: [], mainV8Defaults: [], help: [], shards: [] }]),
);
const floor: ProcessRun[] = [];

process.stdout.write(`bench: ${RUNS} rounds (${bins.map((b) => b.label).join(', ')})\n`);
for (let round = 0; round < RUNS; round++) {
  floor.push(await runProcess(['-e', '0']));
  for (const { label, bin } of bins) {
    const f = figures.get(label)!;
    f.help.push(await runProcess([bin, '--help']));
    f.main.push(await mainJob(bin));
    f.mainV8Defaults.push(await mainJob(bin, true));
    f.shards.push(await twoShards(bin));
  }
}

// --- the HTTP floor: raw undici against the same embedded provider ---

/** scripts/raw-loop.mjs: a raw undici Pool loop against the embedded provider (see there). */
const RAW_LOOP = join(ROOT, 'scripts/raw-loop.mjs');
type RawLoop = { coldMs: number; warmMs: number; peakMiB?: number };

const sourceMain = figures.get(bins[0]!.label)!.main;
const exchanges = sourceMain[0]!.exchanges;
// In this process, against the provider started here, as many requests as the main job made.
const { measureRawLoop } = (await import(pathToFileURL(RAW_LOOP).href)) as {
  measureRawLoop(suite: object, count: number): Promise<RawLoop>;
};
const raw = await measureRawLoop(
  { startReferenceServer, loadProfile, REFERENCE_PROFILE_PATH, authFromProfile, undici },
  exchanges,
);

/** The same loop in a fresh process of its own (tsx sources, or the compiled package). */
async function rawLoopProcess(args: readonly string[]): Promise<RawLoop> {
  const child = spawn(process.execPath, [...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`raw loop exited ${code}`);
  return JSON.parse(out) as RawLoop;
}
const rawFresh = new Map<string, RawLoop>([
  [bins[0]!.label, await rawLoopProcess(['--import', 'tsx/esm', RAW_LOOP, ROOT, 'ts', String(exchanges)])],
]);
if (bins[1]) {
  rawFresh.set(
    bins[1].label,
    await rawLoopProcess([RAW_LOOP, join(DIST_BIN, '..', '..'), 'js', String(exchanges)]),
  );
}

// --- the table ---

const ms = (v: number) => `${v.toFixed(0)} ms`;
const spread = (values: readonly number[], unit: (v: number) => string) =>
  `${unit(median(values))} (${unit(Math.min(...values))}–${unit(Math.max(...values))})`;
const mib = (v: number) => `${v.toFixed(0)} MiB`;
const nodeMs = median(floor.map((r) => r.wallMs));
const lines: string[] = [
  '',
  `bare node -e 0: ${spread(
    floor.map((r) => r.wallMs),
    ms,
  )}, peak RSS ${mib(median(floor.map((r) => r.peakMiB)))}`,
];
for (const { label } of bins) {
  const f = figures.get(label)!;
  const main = f.main;
  const wall = median(main.map((r) => r.wallMs));
  const engineMs = median(main.map((r) => r.engineMs));
  const perExchange = engineMs / main[0]!.exchanges;
  lines.push(
    '',
    `${label}`,
    `  main job (run, all reporters): wall ${spread(
      main.map((r) => r.wallMs),
      ms,
    )}, CPU user+sys ${ms(median(main.map((r) => r.cpuMs ?? 0)))}, peak RSS ${spread(
      main.map((r) => r.peakMiB),
      mib,
    )}`,
    `    ${main[0]!.exchanges} exchanges; requirements: ${main[0]!.verdicts}`,
    `    with V8's defaults (LC_V8_DEFAULTS=1): wall ${spread(
      f.mainV8Defaults.map((r) => r.wallMs),
      ms,
    )}, engine ${ms(median(f.mainV8Defaults.map((r) => r.engineMs)))}, peak RSS ${spread(
      f.mainV8Defaults.map((r) => r.peakMiB),
      mib,
    )}`,
    `    engine (manifest.durationMs): ${spread(
      main.map((r) => r.engineMs),
      ms,
    )} → ${(main[0]!.exchanges / (engineMs / 1000)).toFixed(0)} exchanges/s, ${(perExchange * 1000).toFixed(0)} µs per exchange`,
    `  --help: wall ${spread(
      f.help.map((r) => r.wallMs),
      ms,
    )}, peak RSS ${mib(median(f.help.map((r) => r.peakMiB)))}`,
    `  two shards at once (--shard 1/2 + 2/2, json reporter): wall ${spread(
      f.shards.map((r) => r.wallMs),
      ms,
    )} (${f.shards[0]!.exchanges} exchanges) vs one unsharded run ${ms(wall)}: ${(
      median(f.shards.map((r) => r.wallMs)) / wall
    ).toFixed(2)}×`,
    `  raw undici loop in a fresh process (scripts/raw-loop.mjs, same provider, same count): ${(
      rawFresh.get(label)!.coldMs * 1000
    ).toFixed(
      0,
    )} µs per request cold, ${(rawFresh.get(label)!.warmMs * 1000).toFixed(0)} µs warm; peak RSS ${mib(
      rawFresh.get(label)!.peakMiB ?? 0,
    )}`,
    `  ratios: main job ÷ node floor ${(wall / nodeMs).toFixed(1)}×; engine cost per exchange ÷ raw loop ${(
      perExchange / rawFresh.get(label)!.coldMs
    ).toFixed(
      1,
    )}× (fresh process, cold), ${(perExchange / raw.coldMs).toFixed(1)}× (in the bench process, cold), ${(
      perExchange / raw.warmMs
    ).toFixed(1)}× (warm)`,
  );
}
lines.push(
  '',
  `raw undici Pool loop, ${exchanges} requests to the embedded provider started in the bench process (4 loops, 8 connections):`,
  `  ${(raw.coldMs * 1000).toFixed(0)} µs per request cold (first pass), ${(raw.warmMs * 1000).toFixed(0)} µs warm (second pass)`,
  '',
);
process.stdout.write(lines.join('\n'));

// --- hostile targets ---

// Each run as a whole process: exit code, wall time, peak RSS, report size. By default only the
// 200 MiB mode (every answer streams 200 MiB; the client must cut each at the cap);
// LC_BENCH_HOSTILE=all measures every mode of test/hostile/server.ts.
const { HOSTILE_MODES, startHostileTarget } = await import('../test/hostile/server.ts');
const modes =
  process.env.LC_BENCH_HOSTILE === 'all' ? HOSTILE_MODES : HOSTILE_MODES.filter((m) => m.id === 'huge-body');
process.stdout.write('hostile targets (test/hostile/server.ts), one whole-process run each\n');
process.stdout.write('  mode                        exit   wall ms  peak RSS MiB  report KiB  requests\n');
for (const mode of modes) {
  const target = await startHostileTarget(mode);
  const out = mkdtempSync(join(SCRATCH, 'hostile-'));
  try {
    const run = await runProcess([
      SOURCE_BIN,
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
rmSync(SCRATCH, { recursive: true, force: true });
