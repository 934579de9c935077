/**
 * `npm run build` (run by `prepare`, so by `npm ci`; `npm pack` and `npm publish` run it through
 * `prepack` when dist/ is stale, scripts/build-if-stale.mjs): the package in
 * dist/, plain JS and declarations that Node and a consumer's `tsc` read without tsx.
 *
 * Layout: `tsc -p tsconfig.build.json` compiles src/, suites/, reporters/ and bin/ to dist/src/,
 * dist/suites/, dist/reporters/ and dist/bin/, so every module keeps its depth. The run-time assets
 * the code finds through `new URL('../../<asset>', import.meta.url)` are copied to the same
 * relative places (dist/specs/, dist/config/, dist/reporters/schema/, and dist/package.json for the
 * version): the same relative URL works from src/ under tsx and from dist/src/ under plain Node.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_STAMP, buildStamp, newestInputMtime } from './build-inputs.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
/**
 * Where the build is made, then swapped in for dist/ by two renames: built in place, dist/ was
 * removed first and filled over seconds (a minute at load), and a run of the clone's bin meanwhile
 * imported modules already gone or not yet written (the package helper's finding, 2026-12-06).
 */
const NEXT = join(ROOT, 'dist.next');
const OLD = join(ROOT, 'dist.old');

/** What the compiled code reads at run time, relative to the package root and to dist/. */
const RUNTIME_ASSETS = [
  'specs/capillary-points.v2.yaml',
  'specs/fabric-loyalty.v1.yaml',
  'specs/requirements.yaml',
  'specs/requirements.schema.json',
  'config/profile.schema.json',
  'config/reference.yaml',
  'config/staging.example.yaml',
  'config/datasets/reference.yaml',
  'reporters/schema/report.v1.schema.json',
  'reporters/schema/junit.xsd',
];

/**
 * A relative `.ts`/`.mts`/`.cts` module specifier in a declaration file (`from './x.ts'`,
 * `import('./x.ts')`). tsc rewrites them in the JS it emits (`rewriteRelativeImportExtensions`)
 * but leaves them in declarations (microsoft/TypeScript#61037), where consumers' tools expect `.js`.
 */
const TS_SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"\n]*?)(?<!\.d)\.([cm]?)ts\2/g;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Emits without type-checking (`--noCheck`): the same files, byte for byte (419, 2026-12-06), for
 * 7.5 s of CPU instead of 13.7 s in every `npm ci` and pack. The types are checked where a change
 * is judged: `npm test` runs `npm run typecheck` first, and CI runs `npm test`. Declaration-emit
 * errors (TS4094 and the like) still fail the build.
 */
function compile(outDir: string): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(
    process.execPath,
    [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', outDir, '--noCheck'],
    {
      stdio: 'inherit',
    },
  );
  if (result.status !== 0) {
    process.stderr.write(`build: tsc exited ${result.status ?? result.signal}\n`);
    process.exit(1);
  }
}

/**
 * A declaration that imports a `node:` module names Node's types (`@types/node`, an optional peer
 * dependency), as tsc itself does for types it refers to without an import: since TypeScript 6 a
 * consumer's `types` defaults to `[]`, and the import alone does not load them.
 */
const NODE_IMPORT = /\bfrom\s+['"]node:/;
const NODE_REFERENCE = '/// <reference types="node" />\n';

/** Rewrites declarations' `.ts` specifiers to `.js` and adds Node's types reference where used. */
function fixDeclarations(dist: string): number {
  let rewritten = 0;
  for (const file of filesUnder(dist).filter((f) => f.endsWith('.d.ts'))) {
    const text = readFileSync(file, 'utf8');
    let next = text.replace(
      TS_SPECIFIER,
      (_whole, lead: string, quote: string, path: string, kind: string) => {
        rewritten++;
        return `${lead}${quote}${path}.${kind}js${quote}`;
      },
    );
    if (NODE_IMPORT.test(next) && !next.includes(NODE_REFERENCE)) next = NODE_REFERENCE + next;
    if (next !== text) writeFileSync(file, next);
    const left = /(['"])\.\.?\/[^'"\n]*(?<!\.d)\.[cm]?ts\1/.exec(next);
    if (left) throw new Error(`build: ${relative(ROOT, file)} still refers to ${left[0]}`);
  }
  return rewritten;
}

function copyAssets(dist: string): void {
  for (const asset of RUNTIME_ASSETS) cpSync(join(ROOT, asset), join(dist, asset));
  // `../../package.json` from dist/src/<stage>/ is dist/package.json: the version, and `type`
  // for the compiled modules.
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  writeFileSync(join(dist, 'package.json'), `${JSON.stringify({ version, type: 'module' }, null, 2)}\n`);
}

/** dist/ becomes `next`: the old tree is moved aside, then removed, so dist/ is never half-built. */
function swapIn(next: string): void {
  rmSync(OLD, { recursive: true, force: true });
  if (existsSync(DIST)) renameSync(DIST, OLD);
  renameSync(next, DIST);
  rmSync(OLD, { recursive: true, force: true });
}

const started = performance.now();
// Read before compiling: a source edited while the build runs leaves dist/ stale, as it is.
const newestInput = newestInputMtime(ROOT);
rmSync(NEXT, { recursive: true, force: true });
compile(NEXT);
// The bin's declaration describes nothing anyone imports.
rmSync(join(NEXT, 'bin', 'loyalty-conformance.d.ts'), { force: true });
const rewritten = fixDeclarations(NEXT);
copyAssets(NEXT);
// Last: a build that stopped half-way has no stamp, so the clone's bin does not run it.
writeFileSync(join(NEXT, relative('dist', BUILD_STAMP)), buildStamp(newestInput));
swapIn(NEXT);
const files = filesUnder(DIST);
// On stderr, so that `npm pack --json` (whose `prepack` may run it) keeps its stdout JSON.
process.stderr.write(
  `build: ${relative(ROOT, DIST)}/ with ${files.length} files (${rewritten} declaration specifiers .ts → .js) in ${Math.round(performance.now() - started)} ms\n`,
);
