import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJsonReport } from '../../reporters/json.ts';
import { leakyRun, reporterOptions } from '../reporters/support.ts';
import { modulesLoadedBy as loadedBy } from '../support/modules-loaded.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const _BIN = join(ROOT, 'bin/loyalty-conformance.js');
const _MODULE_LOG = join(ROOT, 'test/support/module-log.mjs');

/** Every module a CLI process loaded, by its source (see test/support/modules-loaded.ts). */
function modulesLoadedBy(args: readonly string[]): readonly string[] {
  const run = loadedBy(args);
  expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.modules;
}

/** What a command that sends nothing and compiles nothing must not load. */
const HEAVY = {
  ajv: /(^|\/)node_modules\/ajv\//,
  undici: /(^|\/)node_modules\/undici\//,
  suites: /^suites\//,
} as const;

const loaded = (modules: readonly string[], pattern: RegExp) => modules.filter((m) => pattern.test(m));

describe('each command loads only what it uses (src/cli/main.ts imports a command inside its action)', () => {
  it('--help loads no command: nothing of ajv, undici, yaml, the suites or the catalogue', () => {
    const modules = modulesLoadedBy(['--help']);
    expect(modules).toContain('src/cli/main.ts');
    for (const pattern of [...Object.values(HEAVY), /node_modules\/yaml\//, /^src\/catalogue\//]) {
      expect(loaded(modules, pattern)).toEqual([]);
    }
  });

  it('list loads the catalogue, without ajv, undici or the suites', () => {
    const modules = modulesLoadedBy(['list']);
    expect(modules).toContain('src/catalogue/catalogue.ts');
    for (const pattern of Object.values(HEAVY)) expect(loaded(modules, pattern)).toEqual([]);
    // The catalogue comes from the build's snapshot: the YAML parser is not needed either.
    expect(loaded(modules, /node_modules\/yaml\//)).toEqual([]);
  });

  it('validate loads the profile code (yaml through require), without ajv, undici or the suites', () => {
    const modules = modulesLoadedBy(['validate', 'config/reference.yaml']);
    // The recorder sees what createRequire loads (yaml), so an ajv loaded that way would show too.
    expect(loaded(modules, /node_modules\/yaml\//).length).toBeGreaterThan(0);
    for (const pattern of Object.values(HEAVY)) expect(loaded(modules, pattern)).toEqual([]);
  });

  it('diff reads two reports without ajv, undici or the suites', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-lazy-diff-'));
    const report = join(dir, 'conformance.json');
    writeFileSync(report, renderJsonReport(leakyRun(), reporterOptions(dir, [])));
    const modules = modulesLoadedBy(['diff', report, report, '--fail-on', 'none']);
    expect(modules).toContain('src/report/load-report.ts');
    for (const pattern of Object.values(HEAVY)) expect(loaded(modules, pattern)).toEqual([]);
  });

  it('plan loads the suites (it reads their scenarios) but neither ajv nor undici', () => {
    const modules = modulesLoadedBy(['plan']);
    expect(loaded(modules, HEAVY.suites).length).toBeGreaterThan(5);
    expect(loaded(modules, HEAVY.ajv)).toEqual([]);
    expect(loaded(modules, HEAVY.undici)).toEqual([]);
  });
});
