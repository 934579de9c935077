import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A CLI process's outcome and every module it loaded. */
export interface LoadedModules {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * Paths relative to the repository, a compiled module named by its source (`src/cli/main.ts`,
   * not `dist/src/cli/main.js`): the clone's bin runs dist/ when it is fresh and the sources
   * otherwise, and what a command loads is the same either way.
   */
  readonly modules: readonly string[];
}

/** Runs the clone's bin with `args` under test/support/module-log.mjs and lists what it loaded. */
export function modulesLoadedBy(args: readonly string[]): LoadedModules {
  const dir = mkdtempSync(join(tmpdir(), 'lc-modules-'));
  const log = join(dir, 'modules.log');
  try {
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        join(ROOT, 'test/support/module-log.mjs'),
        join(ROOT, 'bin/loyalty-conformance.js'),
        ...args,
      ],
      { cwd: ROOT, env: { ...process.env, LC_MODULE_LOG: log }, encoding: 'utf8' },
    );
    const urls = readFileSync(log, 'utf8')
      .split('\n')
      .filter((url) => url.startsWith('file://'));
    const modules = urls
      .map((url) => relative(ROOT, fileURLToPath(url.replace(/\?.*$/, ''))))
      .map((path) => path.replace(/^dist\/(.*)\.js$/, '$1.ts'));
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, modules: [...new Set(modules)] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
