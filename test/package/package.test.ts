import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BUILD_INPUTS,
  BUILD_STAMP,
  buildStamp,
  isBuildFresh,
  newestInputMtime,
} from '../../scripts/build-inputs.mjs';
import { type Outcome, runBounded } from '../support/bounded-child.ts';

/**
 * The package as a user gets it: `npm pack` (whose `prepack` builds dist/ when it is stale and
 * takes the scripts out of the packed package.json), then a
 * fresh project in a temp folder that installs the tarball with typescript and vitest (Pact
 * omitted: it is an optional peer) and uses it without tsx: the bin, the API from plain Node, the
 * declarations under a consumer's strictest `tsc`, the `/vitest` entry under the consumer's vitest.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ROOT_PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  peerDependencies: Record<string, string>;
};

/** The consumer's strictest settings: its `tsc` checks our declarations too (`skipLibCheck: false`). */
const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noPropertyAccessFromIndexSignature: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    noEmit: true,
  },
  include: ['*.ts'],
};

/** Types and values from both entries; the `@ts-expect-error` lines prove they are not `any`. */
const CONSUMER_INDEX = `import {
  type CheckResult,
  type ConformOptions,
  conform,
  DEFAULT_DATASET_PATH,
  DEFAULT_SEED,
  type Dataset,
  exportPacts,
  loadDataset,
  loadProfile,
  type PactExportOptions,
  type ReferenceHooks,
  type ReferenceServer,
  type RequirementResult,
  type RunEvents,
  type RunResult,
  SUITES,
  startReferenceServer,
  type Verdict,
} from 'loyalty-conformance';
import { brokenChecksOf, defineConformanceTests } from 'loyalty-conformance/vitest';

const ended: string[] = [];
const events: RunEvents = {
  onScenarioEnd(result) {
    ended.push(\`\${result.scenarioId}@\${result.principal}: \${result.verdict}\`);
  },
};
const server: ReferenceServer = await startReferenceServer({ port: 0 });
const options: ConformOptions = { requirements: ['CAP-NPA-8907'], seed: DEFAULT_SEED, target: server.url, events };
const result: RunResult = await conform(options);
const first: RequirementResult | undefined = result.requirements[0];
const verdict: Verdict | undefined = first?.verdict;
const checks: readonly CheckResult[] = first?.checks ?? [];
const broken: string[] = brokenChecksOf(result, 'universal.no-5xx');
const suites: string[] = SUITES.map((suite) => suite.name);
const profileName: string = loadProfile('profile.yaml').name;
const pactOptions: PactExportOptions = { outDir: 'pacts', families: ['capillary'] };
const exitCode: 0 | 1 | 2 = result.exitCode;
console.log(verdict, checks.length, broken, suites, profileName, pactOptions, exitCode, ended.length);
// The shipped dataset with negative balances on in every org: reset() switches the running server to it.
const seed: Dataset = loadDataset(DEFAULT_DATASET_PATH);
server.reset({ ...seed, orgs: seed.orgs.map((org) => ({ ...org, allowNegativeBalanceOnReturn: true })) });
const slow: ReferenceHooks = { reply: async (_operationId, reply) => reply };
console.log(Object.keys(slow).length);
await server.close();

// @ts-expect-error: not a verdict
const wrong: Verdict = 'maybe';
// An option read from the environment may be undefined (exactOptionalPropertyTypes accepts it).
const fromEnv: ConformOptions = { target: process.env['LC_TARGET_URL'], requirements: ['CAP-NPA-8907'] };
console.log(Object.keys(fromEnv).length);
// @ts-expect-error: the seed is a number
await conform({ seed: 'seven' });
// @ts-expect-error: families are capillary and fabric
await exportPacts({ families: ['other'] });
export { defineConformanceTests, wrong };
`;

/** The README's example: the whole run against the embedded reference provider, one test per scenario. */
const CONSUMER_VITEST = `import { defineConformanceTests } from 'loyalty-conformance/vitest';

defineConformanceTests();
`;

/**
 * The README's mock-server example ("In your own tests"), as a consumer copies it: a test file of
 * their own that starts the reference provider in-process, type-checked by the consumer's `tsc`
 * and run by its vitest beside the conformance file (two files in parallel).
 */
function readmeMockExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### In your own tests (a mock server)'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README: no ts example under "In your own tests (a mock server)"');
  return block;
}

/** The environment of every child: no vitest or npm-script variables, no binaries of this repository. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|TINYPOOL|npm_package_|npm_lifecycle_)/.test(key)) continue;
    if (['NODE_ENV', 'TEST', 'INIT_CWD', 'npm_command', 'npm_config_local_prefix'].includes(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => !entry.includes(`node_modules${join('/', '.bin')}`))
    .join(delimiter);
  return { ...env, CI: '1', NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', PACT_DO_NOT_TRACK: 'true' };
}

/**
 * The children's bounds: guards against a hang, never a measure. A pack of the clone's fresh build
 * took 1.3-3.9 s. A pack whose `prepack` builds dist/ (no fresh build in the clone: a worktree
 * without dist/, or a source edited since its build) runs precompile and tsc over every source,
 * 16.2 s of CPU: it took 15.5 s at load 4 and 31-53 s in four runs at load 12-17, and the former
 * 60 s bound killed it in two more at load 7-14 (2026-12-06); the build alone took 140 s at load
 * 10-16. Its wall time grows with the load (about CPU × load / 2 cores): its bound leaves room for
 * a load near 30.
 */
const STEP_MS = 60_000;
const BUILD_AND_PACK_MS = 240_000;
const INSTALL_MS = 120_000;

/**
 * A test's or hook's bound: past the sum of its children's, so that a child's own bound (which
 * kills its process tree and says so) ends a stuck child before vitest gives up on the test and
 * leaves the child running. The tests below write it as a number (biome lays out a test call
 * with a literal bound only): 70 s past one STEP_MS, 130 s past two.
 */
const past = (...childBounds: number[]): number => childBounds.reduce((sum, bound) => sum + bound, 10_000);
const SET_UP_MS = past(BUILD_AND_PACK_MS, INSTALL_MS);

/** Runs a command to its end (at most `timeoutMs`, then its whole process tree is killed). */
function sh(command: string, args: readonly string[], cwd: string, timeoutMs = STEP_MS): Promise<Outcome> {
  return runBounded(command, args, { cwd, env: childEnv(), timeoutMs });
}

/** As {@link sh}, failing with the command's output unless it exits 0. */
async function ok(
  command: string,
  args: readonly string[],
  cwd: string,
  timeoutMs?: number,
): Promise<Outcome> {
  const outcome = await sh(command, args, cwd, timeoutMs);
  if (outcome.code !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${outcome.code}\n${outcome.stdout}\n${outcome.stderr}`,
    );
  }
  return outcome;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * The package's sources copied to `dir`, with this clone's node_modules linked in, so that `npm
 * pack` never rebuilds this clone's dist/ while other test files run the clone's bin on it. When
 * that dist/ is a fresh build of these sources (as after `npm ci`, whose `prepare` builds it), it
 * is copied too (`built`), with the modification times that make it fresh there as well, and `npm
 * pack` packs it as it is; otherwise `npm pack` builds the copy.
 */
function copyOfPackageSource(dir: string): { readonly dir: string; readonly built: boolean } {
  const built = isBuildFresh(ROOT);
  for (const input of [
    ...BUILD_INPUTS,
    'scripts',
    'README.md',
    'docs',
    'LICENSE',
    ...(built ? ['dist'] : []),
  ]) {
    cpSync(join(ROOT, input), join(dir, input), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  // `preserveTimestamps` keeps modification times to the millisecond at best, often rounded up
  // (x.9712 ms became x.999, x.89 became x+1), so the copy's newest input was usually newer than
  // the stamp and `npm pack` built the copy again: 10 s of CPU per `npm test`. The copied dist/ is
  // the build of these very inputs: its stamp is brought to their copied times when they differ
  // from the clone's by that rounding only (an input edited since is a millisecond newer or more).
  if (built) {
    const stamped = (
      JSON.parse(readFileSync(join(ROOT, BUILD_STAMP), 'utf8')) as { newestInputMtimeMs: number }
    ).newestInputMtimeMs;
    const copied = newestInputMtime(dir);
    if (copied > stamped && copied - stamped < 1) writeFileSync(join(dir, BUILD_STAMP), buildStamp(copied));
  }
  return { dir, built };
}

// The checks after the install are independent processes: run them side by side.
describe.concurrent('the npm package', () => {
  let work: string;
  let consumer: string;
  let installed: string;
  let packed: { filename: string; size: number; unpackedSize: number; files: { path: string }[] };
  let sourceManifest: string;
  let leftAside: boolean;
  let installOutput: string;
  /** Whether `npm pack` built dist/ (its prepack), and whether the clone's dist/ was fresh. */
  let packBuilt: boolean;
  let builtBefore: boolean;
  const timings: string[] = [];

  beforeAll(async () => {
    const started = performance.now();
    work = mkdtempSync(join(tmpdir(), 'lc-package-'));
    const source = copyOfPackageSource(join(work, 'source'));
    const pack = await ok(
      'npm',
      ['pack', '--pack-destination', work, '--json'],
      source.dir,
      source.built ? STEP_MS : BUILD_AND_PACK_MS,
    );
    sourceManifest = readFileSync(join(source.dir, 'package.json'), 'utf8');
    leftAside = existsSync(join(source.dir, 'package.json.unpacked'));
    packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as (typeof packed)[])[0]!;
    // What scripts/build-if-stale.mjs (prepack) says before it builds.
    packBuilt = pack.stderr.includes('dist/ is missing or older than the sources');
    builtBefore = source.built;
    timings.push(
      `${packBuilt ? 'build + pack' : 'pack of the fresh build'} ${Math.round(performance.now() - started)} ms`,
    );

    const installing = performance.now();
    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(
      join(consumer, 'package.json'),
      `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
    );
    const install = await ok(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        join(work, packed.filename),
        'typescript@~6.0.3',
        'vitest@~4.1.12',
        '@types/node@^20',
      ],
      consumer,
      INSTALL_MS,
    );
    installOutput = `${install.stdout}${install.stderr}`;
    installed = join(consumer, 'node_modules', 'loyalty-conformance');
    writeFileSync(join(consumer, 'tsconfig.json'), `${JSON.stringify(CONSUMER_TSCONFIG, null, 2)}\n`);
    writeFileSync(join(consumer, 'index.ts'), CONSUMER_INDEX);
    writeFileSync(join(consumer, 'conformance.test.ts'), CONSUMER_VITEST);
    writeFileSync(join(consumer, 'mock.test.ts'), readmeMockExample());
    timings.push(`consumer install ${Math.round(performance.now() - installing)} ms`);
  }, SET_UP_MS);

  afterAll(() => {
    process.stdout.write(`package tests: ${timings.join(', ')}\n`);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships the build, its run-time assets, README, docs/choices.md and LICENSE, and no test, script or TS source', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'LICENSE',
        'README.md',
        'docs/choices.md',
        'package.json',
        'dist/bin/loyalty-conformance.js',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/src/vitest.js',
        'dist/src/vitest.d.ts',
        'dist/package.json',
        'dist/specs/capillary-points.v2.yaml',
        'dist/config/reference.yaml',
        'dist/reporters/schema/report.v1.schema.json',
      ]),
    );
    expect(paths.filter((p) => /(^|\/)(test|tests|scripts)\/|\.test\.|\.spec\./.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    expect(
      paths.filter((p) => !/^(dist\/|LICENSE$|README\.md$|docs\/choices\.md$|package\.json$)/.test(p)),
    ).toEqual([]);
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(
      /^MIT License[\s\S]*loyalty-conformance contributors/,
    );
    // Neither Pact (an optional peer) nor tsx (a devDependency) comes with it.
    expect(existsSync(join(consumer, 'node_modules', '@pact-foundation'))).toBe(false);
    expect(existsSync(join(consumer, 'node_modules', 'tsx'))).toBe(false);
  });

  it('packs a package.json without scripts, so that installing the tarball runs and lists none, and gives the clone its own back', () => {
    const manifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as {
      scripts?: unknown;
      bin?: unknown;
    };
    expect(manifest.scripts).toBeUndefined();
    expect(manifest.bin).toEqual({ 'loyalty-conformance': 'dist/bin/loyalty-conformance.js' });
    // npm ≥ 11.16 lists a tarball's `prepare` as "install scripts not yet covered by allowScripts".
    expect(installOutput).not.toMatch(/install-scripts|allowScripts/);
    // `postpack` put the clone's manifest back, `prepare` and all.
    expect(sourceManifest).toBe(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(leftAside).toBe(false);
  });

  it("packs the clone's fresh build as it is, and builds only when there is none", () => {
    expect(packBuilt).toBe(!builtBefore);
  });

  it('finds every file its compiled modules read through import.meta.url inside the package', () => {
    const missing: string[] = [];
    let found = 0;
    for (const file of filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.js'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(
        /new URL\(\s*['"]([^'"]+)['"],\s*import\.meta\.url/g,
      )) {
        found++;
        const target = join(dirname(file), match[1]!);
        if (!target.startsWith(installed) || !existsSync(target)) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(found).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });

  it('refers to no .ts module in its declarations', () => {
    const declarations = filesUnder(join(installed, 'dist')).filter((f) => f.endsWith('.d.ts'));
    expect(declarations.length).toBeGreaterThan(50);
    const offending = declarations.filter((f) =>
      /(['"])\.\.?\/[^'"\n]*(?<!\.d)\.[cm]?ts\1/.test(readFileSync(f, 'utf8')),
    );
    expect(offending).toEqual([]);
  });

  it('runs `npx loyalty-conformance run` against the embedded reference provider', async () => {
    const out = join(work, 'reports');
    const run = await sh(
      'npx',
      ['--no', '--', 'loyalty-conformance', 'run', '--reporter', 'json', '--out', out],
      consumer,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as {
      exitCode: number;
      manifest: { tool: { version: string } };
    };
    expect(report.exitCode).toBe(0);
    expect(report.manifest.tool.version).toBe(ROOT_PACKAGE.version);
  }, 70_000);

  it('prints its version with --version', async () => {
    const version = await ok('npx', ['--no', '--', 'loyalty-conformance', '--version'], consumer);
    expect(version.stdout.trim()).toBe(ROOT_PACKAGE.version);
  }, 70_000);

  it('runs conform() imported in plain Node, without tsx', async () => {
    const script = `const { conform } = await import('loyalty-conformance');
const r = await conform({ requirements: ['CAP-NPA-8907'] });
console.log(JSON.stringify({ verdict: r.verdict, judged: r.scenarios.filter((s) => s.verdict !== 'skip').length }));
process.exit(r.exitCode);`;
    const node = await sh(process.execPath, ['--input-type=module', '-e', script], consumer);
    expect(node.stderr).toBe('');
    expect(node.code).toBe(0);
    const summary = JSON.parse(node.stdout) as { verdict: string; judged: number };
    expect(['pass', 'warn']).toContain(summary.verdict);
    expect(summary.judged).toBeGreaterThan(0);
  }, 70_000);

  it("type-checks a consumer's code against its declarations under strict settings and skipLibCheck: false", async () => {
    const tsc = await sh('npx', ['--no', '--', 'tsc', '-p', 'tsconfig.json'], consumer, 80_000);
    expect(`${tsc.stdout}${tsc.stderr}`).toBe('');
    expect(tsc.code).toBe(0);
  }, 90_000);

  it("runs defineConformanceTests from 'loyalty-conformance/vitest' and the README's mock-server example under the consumer's vitest", async () => {
    const results = join(work, 'vitest.json');
    const vitest = await sh(
      'npx',
      ['--no', '--', 'vitest', 'run', '--reporter=json', `--outputFile=${results}`],
      consumer,
      120_000,
    );
    expect(vitest.code, vitest.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(results, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { name: string; assertionResults: { status: string }[] }[];
    };
    expect(summary.numFailedTests).toBe(0);
    expect(summary.numPassedTests).toBeGreaterThan(20);
    const mock = summary.testResults.find((file) => file.name.endsWith('mock.test.ts'));
    expect(mock?.assertionResults.map((test) => test.status)).toEqual(['passed', 'passed']);
  }, 150_000);

  it('ends `pact export` and `pact verify` without Pact installed with one line naming LC_ERR_PACT_MISSING, the command and the install command', async () => {
    const range = ROOT_PACKAGE.peerDependencies['@pact-foundation/pact'];
    for (const [command, args] of [
      ['export', ['--consumer', 'web-app', '--out', join(work, 'pacts')]],
      ['verify', ['--pact', join(work, 'pacts')]],
    ] as const) {
      const pact = await sh('npx', ['--no', '--', 'loyalty-conformance', 'pact', command, ...args], consumer);
      expect(pact.code).toBe(2);
      expect(pact.stdout).toBe('');
      expect(pact.stderr).toBe(
        `loyalty-conformance: LC_ERR_PACT_MISSING: Pact is not installed, and pact ${command} needs it: npm install --save-dev @pact-foundation/pact@${range}\n`,
      );
    }
  }, 130_000);
});
