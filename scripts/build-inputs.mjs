// Whether dist/ was built from the sources as they are now. `npm run build` records the newest
// modification time of its inputs when it starts (BUILD_STAMP); the clone's bin
// (bin/loyalty-conformance.js) runs dist/ only when no input is newer, and the sources through tsx
// otherwise, so an edit is never judged by a stale build. Plain JS: the bin reads it before tsx is
// registered (registering tsx alone costs about 0.1 s).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the build reads, relative to the package root: a change to any of them makes dist/ stale. */
export const BUILD_INPUTS = [
  'src',
  'suites',
  'reporters',
  'bin',
  'specs',
  'config',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/build.ts',
  'scripts/precompile.ts',
  'scripts/build-inputs.mjs',
];

/** The file the build writes last, relative to the package root. */
export const BUILD_STAMP = 'dist/build-inputs.json';

/** The newest modification time (ms) among the build's inputs under `root`. */
export function newestInputMtime(root) {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else if (stat.mtimeMs > newest) {
      newest = stat.mtimeMs;
    }
  };
  for (const input of BUILD_INPUTS) visit(join(root, input));
  return newest;
}

/** The stamp's text for inputs whose newest modification time is `newestMs`. */
export function buildStamp(newestMs) {
  return `${JSON.stringify({ newestInputMtimeMs: newestMs })}\n`;
}

/** True when `root`'s dist/ holds a complete build of its inputs as they are now. */
export function isBuildFresh(root) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, BUILD_STAMP), 'utf8'));
  } catch {
    return false; // no build, or one that did not finish
  }
  return typeof stamp?.newestInputMtimeMs === 'number' && newestInputMtime(root) <= stamp.newestInputMtimeMs;
}
