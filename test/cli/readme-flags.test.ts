import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './capture.ts';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** The commands a README line may call, longest first (`pact export` before a lone word). */
const COMMANDS = [
  'pact export',
  'pact verify',
  'run',
  'list',
  'serve',
  'init',
  'validate',
  'plan',
  'compare',
  'diff',
  'merge',
  'spec-compat',
] as const;

/** The options a command's `--help` lists (its own and the global ones). */
async function optionsOf(command: string): Promise<Set<string>> {
  const { stdout } = await runCli([...command.split(' '), '--help']);
  const flags = stdout
    .split('\n')
    .map((line) => /^\s+(?:-\w, )?(--[a-z][a-z-]*)/.exec(line)?.[1])
    .filter((flag): flag is string => flag !== undefined);
  expect(flags.length, command).toBeGreaterThan(1);
  return new Set(flags);
}

/** Every `loyalty-conformance <command> …` of the README's code blocks, with the flags it uses. */
function readmeCalls(): { command: string; flags: string[]; line: string }[] {
  const blocks = [...README.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const pattern = new RegExp(`loyalty-conformance(?:\\.js)? (${COMMANDS.join('|')})\\b([^#\\n]*)`, 'g');
  return blocks.flatMap((block) =>
    [...block.matchAll(pattern)].map((m) => ({
      command: m[1] ?? '',
      flags: [...(m[2] ?? '').matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((f) => f[0]),
      line: m[0],
    })),
  );
}

describe('the README', () => {
  it('uses in its shell and workflow examples only options the commands have', async () => {
    const calls = readmeCalls();
    // The examples of "Quick start", Reports, GitHub Actions, GitLab CI, sharding, baseline, Pact…
    expect(calls.length).toBeGreaterThan(30);
    expect(calls.some((c) => c.line.includes('--min-coverage'))).toBe(true);
    const options = new Map<string, Set<string>>();
    for (const command of COMMANDS) options.set(command, await optionsOf(command));
    const unknown = calls.flatMap((c) =>
      c.flags.filter((flag) => !options.get(c.command)?.has(flag)).map((flag) => `${flag} in: ${c.line}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has workflow examples that are valid YAML, each GitHub job with its runner and each GitLab job with its script', () => {
    const blocks = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const workflows = blocks.map((block) => parse(block) as Record<string, Record<string, unknown>>);
    const github = workflows.filter((w) => w.jobs);
    const gitlab = workflows.filter((w) => !w.jobs && Object.values(w).some((job) => job?.script));
    expect(github.length).toBeGreaterThanOrEqual(2);
    expect(gitlab.length).toBeGreaterThanOrEqual(1);
    for (const w of github) {
      for (const [name, job] of Object.entries(w.jobs as Record<string, Record<string, unknown>>)) {
        expect(job['runs-on'], `GitHub job ${name}`).toBeDefined();
      }
    }
    const [gitlabJob] = Object.values(gitlab[0]!) as {
      artifacts: { when: string; reports: { junit: string } };
    }[];
    expect(gitlabJob!.artifacts).toMatchObject({ when: 'always', reports: { junit: 'reports/junit.xml' } });
  });

  it('has a scheduled vendor job that keeps the last complete night as its baseline between runs', () => {
    type Step = { uses?: string; run?: string; if?: string; with?: Record<string, string> };
    const nightly = [...README.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map(
        (m) =>
          parse(m[1] ?? '') as {
            on?: { schedule?: { cron: string }[] };
            jobs?: Record<string, { steps: Step[] }>;
          },
      )
      .find((w) => w.on?.schedule);
    expect(nightly?.on?.schedule?.[0]?.cron).toMatch(/^(\S+ ){4}\S+$/);
    const steps = Object.values(nightly!.jobs!)[0]!.steps;
    const restore = steps.find((s) => s.uses?.startsWith('actions/cache/restore@'))!;
    const save = steps.find((s) => s.uses?.startsWith('actions/cache/save@'))!;
    const at = (step: Step) => steps.indexOf(step);
    const runStep = steps.find((s) => s.run?.includes('--baseline'))!;
    const keep = steps.find((s) => s.run?.includes('has("stopped")'))!;
    // restored before the run, saved after it (also when the run exits 1 or 2), under a key
    // the next night's restore-keys prefix finds
    expect(at(restore)).toBeLessThan(at(runStep));
    expect(at(runStep)).toBeLessThan(at(keep));
    expect(at(keep)).toBeLessThan(at(save));
    expect(keep.if).toBe('always()');
    expect(save.if).toMatch(/^always\(\)/);
    expect(save.with!.key!.startsWith(restore.with!['restore-keys']!)).toBe(true);
    expect(restore.with!.path).toBe(save.with!.path);
    expect(runStep.run).toContain(`--baseline ${restore.with!.path} --fail-on new`);
    // only a complete report becomes the baseline
    expect(keep.run).toContain(`cp reports/conformance.json ${restore.with!.path}`);
  });

  it('passes the composite action only run options in its `args` examples', async () => {
    const run = await optionsOf('run');
    const args = [...README.matchAll(/args: ([^\n]*)/g)].flatMap((m) =>
      [...(m[1] ?? '').matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((f) => f[0]),
    );
    expect(args.length).toBeGreaterThan(0);
    expect(args.filter((flag) => !run.has(flag))).toEqual([]);
  });
});
