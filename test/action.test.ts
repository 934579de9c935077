import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEFAULT_REPORTERS, REPORTER_NAMES } from '../reporters/registry.ts';
import { tempDir } from './reporters/support.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The parts of action.yml this test reads. */
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  runs: {
    using: string;
    steps: { name?: string; uses?: string; run?: string; shell?: string; env?: Record<string, string> }[];
  };
}

let action: Action;
let text: string;

beforeAll(() => {
  text = readFileSync(join(ROOT, 'action.yml'), 'utf8');
  action = parse(text) as Action;
});

/** `${{ inputs.x }}` references anywhere in the action's steps. */
const inputReferences = (value: unknown) =>
  [...JSON.stringify(value).matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]!);

/** The run step's script and its environment with the given inputs (as the runner would expand them). */
function runStep(inputs: Record<string, string>): { script: string; env: Record<string, string> } {
  const step = action.runs.steps.find((s) => s.name === 'Run loyalty-conformance')!;
  const values: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs))
    values[name] = inputs[name] ?? input.default ?? '';
  const env = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([key, value]) => [
      key,
      value
        .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => values[name] ?? '')
        .replace(/\$\{\{\s*github\.action_path\s*\}\}/g, ROOT),
    ]),
  );
  return { script: step.run!, env };
}

/** Runs the run step's script with bash in a workspace folder, as GitHub Actions would. */
function runAction(workspace: string, inputs: Record<string, string>, env: Record<string, string> = {}) {
  const step = runStep(inputs);
  const { GITHUB_ACTIONS: _a, GITHUB_STEP_SUMMARY: _s, ...base } = process.env;
  return spawnSync('bash', ['-e', '-c', step.script], {
    cwd: workspace,
    env: { ...base, ...step.env, ...env },
    encoding: 'utf8',
  });
}

describe('action.yml', () => {
  // The two shards of a run, as two jobs of a matrix run them: the shard test reads the first and
  // the merge test merges both. Each is a real process of the CLI, so one pair serves the two.
  let shards: string;
  let shardRuns: ReturnType<typeof runAction>[];
  beforeAll(() => {
    shards = tempDir('lc-action-');
    shardRuns = [1, 2].map((k) =>
      runAction(shards, {
        shard: `${k}/2`,
        reporters: 'json, junit',
        out: `shards/${k}`,
        args: '--grep balance --junit-warn-as failure',
      }),
    );
  });

  it('is a composite action with the documented inputs and defaults', () => {
    expect(action.name).toBe('loyalty-conformance');
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining(['profile', 'shard', 'reporters', 'out', 'args', 'node-version']),
    );
    expect(action.inputs.reporters?.default).toBe('all');
    expect(action.inputs.out?.default).toBe('reports');
    expect(action.inputs['node-version']?.default).toBe('20');
    for (const [name, input] of Object.entries(action.inputs)) {
      expect(input.description, name).toBeTruthy();
      expect(input.required ?? false, name).toBe(false);
    }
  });

  it('sets up Node, installs the suite in the action folder and gives every run step a shell', () => {
    const [setup, install, run] = action.runs.steps;
    expect(setup?.uses).toMatch(/^actions\/setup-node@v\d+$/);
    expect(install?.run).toMatch(/^npm ci\b/);
    expect(JSON.stringify(install)).toMatch(/\{\{ github\.action_path \}\}/);
    expect(run?.run).toContain('bin/loyalty-conformance.js');
    for (const step of action.runs.steps) {
      if (step.run !== undefined) expect(step.shell, step.name).toBe('bash');
    }
  });

  it('uses every input, names none it does not declare, and pastes none into a script', () => {
    const used = new Set(inputReferences(action.runs));
    expect([...used].sort()).toEqual(Object.keys(action.inputs).sort());
    for (const step of action.runs.steps) expect(inputReferences(step.run ?? ''), step.name).toEqual([]);
  });

  it('runs every reporter by default ("all" is the default reporters, which are all of them)', () => {
    expect([...DEFAULT_REPORTERS].sort()).toEqual([...REPORTER_NAMES].sort());
  });

  it('runs the suite from the workspace with shard, reporters, out and args', () => {
    const [run] = shardRuns;
    expect(run!.status, run!.stderr).toBe(0);
    expect(existsSync(join(shards, 'shards/1/conformance.json'))).toBe(true);
    expect(existsSync(join(shards, 'shards/1/report.html'))).toBe(false);
    const report = JSON.parse(readFileSync(join(shards, 'shards/1/conformance.json'), 'utf8')) as {
      manifest: { shard: unknown; filters: { grep?: string } };
    };
    expect(report.manifest.shard).toEqual({ index: 1, total: 2 });
    expect(report.manifest.filters.grep).toBe('balance');
    expect(readFileSync(join(shards, 'shards/1/junit.xml'), 'utf8')).toContain(
      '<property name="junit.warn-as" value="failure"/>',
    );
  });

  it('passes the profile, relative to the workspace', () => {
    const workspace = tempDir('lc-action-');
    mkdirSync(join(workspace, 'config'));
    writeFileSync(join(workspace, 'config/vendor.yaml'), 'name: [unclosed\n');
    const run = runAction(workspace, { profile: 'config/vendor.yaml', reporters: 'json' });
    // Read and refused: the profile reached the CLI (a tool error, exit 2, naming the file).
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/LC_ERR_PROFILE_\w+.*config\/vendor\.yaml/);
  });

  it('merges shard reports given as globs, annotating under GitHub Actions', () => {
    // Into reports/ beside the shards' folders, which the shard test reads and this one leaves as they are.
    const workspace = shards;
    for (const shard of shardRuns) expect(shard.status, shard.stderr).toBe(0);
    const summary = join(workspace, 'summary.md');
    const merged = runAction(
      workspace,
      { merge: 'shards/*/conformance.json' },
      { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: summary },
    );
    expect(merged.status, merged.stderr).toBe(0);
    for (const file of ['conformance.json', 'junit.xml', 'report.html', 'summary.md']) {
      expect(existsSync(join(workspace, 'reports', file)), file).toBe(true);
    }
    // The reference provider warns on one requirement: annotated once, for the merged run.
    expect(merged.stdout).toMatch(/^::warning title=GEN-ERROR-CODE-KNOWN \(SHOULD\) warns::/m);
    expect(readFileSync(summary, 'utf8')).toContain('Conformant');
  });

  it('fails the step with exit 2 when no shard report matches the merge globs', () => {
    const run = runAction(tempDir('lc-action-'), { merge: 'nowhere/*.json' });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('::error title=loyalty-conformance merge::no shard report matches');
  });

  it('is documented in the README with a workflow that uses it', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### GitHub Actions'));
    expect(section).toContain('uses: our-org/loyalty-conformance@v0');
    expect(section).toContain('actions/upload-artifact');
    expect(section).toContain('--junit-warn-as');
    for (const name of Object.keys(action.inputs)) expect(section, name).toContain(name);
  });
});
