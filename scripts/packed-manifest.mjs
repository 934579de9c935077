// The package.json that goes into the tarball has no `scripts`: `npm pack`/`npm publish` run
// `prepack` (build, then `strip`) and `postpack` (`restore`). Every script of this clone needs the
// clone (tsx, scripts/, bin/loyalty-conformance.js), and npm ≥ 11.16 lists a tarball's `prepare`
// as an install script "not yet covered by allowScripts": approved, it would run `npm run build`
// in the consumer's node_modules and fail there. The clone keeps `prepare`, so that `npm ci` builds
// dist/ and a git dependency is built as npm builds one (pacote runs `prepare` only).
//
//   node scripts/packed-manifest.mjs strip     package.json → package.json.unpacked, then no scripts
//   node scripts/packed-manifest.mjs restore   package.json.unpacked → package.json
//
// Both keep package.json's modification time: it is a build input (scripts/build-inputs.mjs), and
// a newer one would make the build `prepack` just made read as stale. Both replace it by a rename,
// never rewrite it in place: a process reading it meanwhile (a test, the clone's bin, npm) reads
// one whole manifest or the other. Written in place, 29,493 of 2.27 million reads beside 200
// strip/restore cycles found it empty (2026-12-06).
import { existsSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MANIFEST = join(ROOT, 'package.json');
const KEPT = join(ROOT, 'package.json.unpacked');

/** Replaces `path` by a file holding `text`, with the modification time `path` had before. */
function replaceKeepingTime(path, text) {
  const { atime, mtime } = statSync(path);
  const next = `${path}.${process.pid}.next`;
  writeFileSync(next, text);
  utimesSync(next, atime, mtime);
  renameSync(next, path);
}

/** The manifest `text` without its `scripts`, in the same layout (two-space JSON). */
function packedManifest(text) {
  const { scripts: _scripts, ...rest } = JSON.parse(text);
  return `${JSON.stringify(rest, null, 2)}\n`;
}

function strip() {
  // A pack that stopped before `postpack` left the clone's manifest aside: never overwrite it.
  if (existsSync(KEPT)) {
    process.stderr.write(
      `packed-manifest: ${KEPT} is the clone's package.json, left by a pack that stopped half-way: node scripts/packed-manifest.mjs restore\n`,
    );
    process.exitCode = 1;
    return;
  }
  const text = readFileSync(MANIFEST, 'utf8');
  writeFileSync(KEPT, text);
  utimesSync(KEPT, statSync(MANIFEST).atime, statSync(MANIFEST).mtime);
  replaceKeepingTime(MANIFEST, packedManifest(text));
}

function restore() {
  if (!existsSync(KEPT)) return;
  renameSync(KEPT, MANIFEST);
}

const [command] = process.argv.slice(2);
if (command === 'strip') strip();
else if (command === 'restore') restore();
else {
  process.stderr.write('usage: node scripts/packed-manifest.mjs strip|restore\n');
  process.exitCode = 2;
}
