// `npm pack` (through `prepack`) builds dist/ only when it is not a complete build of the sources as
// they are now (scripts/build-inputs.mjs, the check the clone's bin trusts for every run): a pack
// right after `npm ci` packs the build `prepare` made. The build's output goes to stderr, so that
// `npm pack --json` keeps its stdout JSON.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isBuildFresh } from './build-inputs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!isBuildFresh(root)) {
  process.stderr.write('dist/ is missing or older than the sources: npm run build\n');
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: [0, 2, 2] });
  if (build.status !== 0) {
    process.stderr.write(`build-if-stale: npm run build exited ${build.status ?? build.signal}\n`);
    process.exitCode = 1;
  }
}
