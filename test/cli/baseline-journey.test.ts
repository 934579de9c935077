import {
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonReporter, renderJsonReport } from '../../reporters/json.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { leakyRun, reporterOptions, tempDir } from '../reporters/support.ts';
import { closedPort } from '../support/closed-port.ts';
import { runCli } from './capture.ts';

/**
 * The scheduled vendor regression check as a nightly job runs it: a baseline kept where the
 * reports go, runs that end early, shards merged, baselines that are not files.
 */

let dir: string;

/** Writes a run as a JSON report at `dir/name/conformance.json` and returns that path. */
function report(name: string, run: RunResult): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'conformance.json');
  writeFileSync(path, renderJsonReport(run, reporterOptions(folder, [])));
  return path;
}

/** A run that a signal interrupted (as `run` writes it: exit 2, `stopped` set). */
const interrupted = (run: RunResult, shard?: { index: number; total: number }): RunResult => ({
  ...run,
  manifest: { ...run.manifest, ...(shard ? { shard } : {}) },
  exitCode: 2,
  stopped: { code: 'LC_ERR_RUN_INTERRUPTED', message: 'interrupted by SIGINT after 3 of 9 scenario runs' },
});

beforeAll(() => {
  dir = tempDir('lc-journey-');
});

describe('a baseline kept in the --out folder (run --out reports --baseline reports/conformance.json)', () => {
  it('survives a run that ends before writing a report, so the next night still has it', async () => {
    const baseline = report('nightly', leakyRun());
    const before = readFileSync(baseline, 'utf8');
    writeFileSync(join(dir, 'nightly', 'baseline-diff.md'), 'last night');
    const port = await closedPort();
    const nightly = ['--out', join(dir, 'nightly'), '--baseline', baseline, '--reporter', 'json'];
    const { code, stderr } = await runCli(['run', ...nightly, '--target', `http://127.0.0.1:${port}`]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/LC_ERR_TARGET_UNREACHABLE/);
    expect(readFileSync(baseline, 'utf8')).toBe(before);
    // the earlier diff is still removed: it would describe a run that did not happen
    expect(() => readFileSync(join(dir, 'nightly', 'baseline-diff.md'))).toThrow();
  });
});

describe('diff of runs that are incomplete', () => {
  it('says the current run is incomplete, and Markdown does not show it as a clean pass', async () => {
    const base = report('complete', leakyRun());
    const current = report('interrupted', interrupted(leakyRun()));
    const text = await runCli(['diff', base, current]);
    // exit 2 and one line, as `run --baseline --fail-on new` gives for the same run: a tool outcome
    expect(text.code).toBe(2);
    expect(text.stderr).toBe(
      'loyalty-conformance: LC_ERR_RUN_INTERRUPTED: the current report is incomplete (interrupted by SIGINT after 3 of 9 scenario runs): --fail-on new cannot vouch for what it did not reach; run it again\n',
    );
    expect((await runCli(['diff', base, current, '--fail-on', 'none'])).code).toBe(0);
    expect(text.stdout).toContain(
      'note: the current run is incomplete (LC_ERR_RUN_INTERRUPTED: interrupted by SIGINT after 3 of 9 scenario runs): what it did not reach shows as new errors, not as a verdict about the target',
    );
    const md = await runCli(['diff', base, current, '--format', 'md']);
    expect(md.stdout).toMatch(/^## Conformance baseline diff: ⚠️ no new failures in an incomplete run/);
    // the note whole (it was cut at 160 characters, before saying how to read it)
    expect(md.stdout).toContain('shows as new errors, not as a verdict about the target; run it again\n');
    const json = JSON.parse((await runCli(['diff', base, current, '--format', 'json'])).stdout) as {
      current: { stopped?: { code: string } };
      baseline: { stopped?: unknown };
    };
    expect(json.current.stopped?.code).toBe('LC_ERR_RUN_INTERRUPTED');
    expect(json.baseline.stopped).toBeUndefined();
    // the other way round: an incomplete baseline
    const reverse = await runCli(['diff', current, base]);
    expect(reverse.stdout).toContain('note: the baseline run is incomplete (LC_ERR_RUN_INTERRUPTED');
  });
});

describe('a baseline that is not a report file', () => {
  it.each([
    [
      'a folder (a downloaded artifact)',
      () => dir,
      /is invalid: a folder, not a file: name the JSON report in it \(.*conformance\.json\)$/,
    ],
    [
      'an empty file',
      () => {
        writeFileSync(join(dir, 'empty.json'), '');
        return join(dir, 'empty.json');
      },
      /is invalid: an empty file, not a JSON report$/,
    ],
    [
      'a report a newer version wrote (a field this schema does not know)',
      () => {
        const newer = JSON.parse(readFileSync(report('newer', leakyRun()), 'utf8')) as {
          manifest: { tool: { version: string }; retention?: string };
        };
        newer.manifest.tool.version = '9.9.9';
        newer.manifest.retention = '30d';
        writeFileSync(join(dir, 'newer.json'), JSON.stringify(newer));
        return join(dir, 'newer.json');
      },
      /\/manifest must NOT have additional properties \(retention\) \(written by loyalty-conformance 9\.9\.9; this is \d+\.\d+\.\d+\)$/,
    ],
    [
      // Before, only a schema error named the writer: a baseline of a newer report format (after
      // a rollback of the tool) read like a damaged file.
      'a report of a newer report format (after a rollback of the tool)',
      () => {
        const newer = JSON.parse(readFileSync(report('newer-format', leakyRun()), 'utf8')) as {
          reportVersion: number;
          manifest: { tool: { version: string } };
        };
        newer.reportVersion = 2;
        newer.manifest.tool.version = '9.9.9';
        writeFileSync(join(dir, 'newer-format.json'), JSON.stringify(newer));
        return join(dir, 'newer-format.json');
      },
      /is invalid: reportVersion 2 is not one this tool reads \(1\) \(written by loyalty-conformance 9\.9\.9; this is \d+\.\d+\.\d+\)$/,
    ],
    [
      'an empty path (an unset variable)',
      () => '',
      /Report "" is invalid: an empty path \(an unset variable\?\)/,
    ],
  ])('is one line naming the problem, exit 2 (%s)', async (_what, path, message) => {
    const { code, stdout, stderr } = await runCli(['diff', path(), path()]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr.trim()).toMatch(message);
  });
});

describe('merge of shards, one of them interrupted', () => {
  it('says which shard is incomplete on stderr, where the reports went on stdout, exit 2', async () => {
    const run = leakyRun();
    const shards = [
      report('shard-1', { ...run, manifest: { ...run.manifest, shard: { index: 1, total: 2 } } }),
      report('shard-2', interrupted(run, { index: 2, total: 2 })),
    ];
    const out = join(dir, 'merged');
    const { code, stdout, stderr } = await runCli(['merge', ...shards, '--reporter', 'json', '--out', out]);
    expect(code).toBe(2);
    expect(stdout).toBe(`wrote ${join(out, 'conformance.json')} (NOT JUDGED)\n`);
    expect(stderr).toBe(
      `loyalty-conformance: LC_ERR_RUN_INTERRUPTED: shard 2/2: interrupted by SIGINT after 3 of 9 scenario runs; the reports in ${out} are incomplete\n`,
    );
    // the merged report, used as a baseline or as the current run, says so too
    const diff = await runCli(['diff', join(out, 'conformance.json'), shards[0]!, '--fail-on', 'none']);
    expect(diff.stdout).toContain('note: the baseline run is incomplete (LC_ERR_RUN_INTERRUPTED: shard 2/2:');
  });
});

describe('run --baseline with an empty path ("$LAST_REPORT" unset)', () => {
  it('is a tool error before the run, not a run without a baseline that exits 0', async () => {
    const { code, stdout, stderr } = await runCli([
      'run',
      '--baseline',
      '',
      '--fail-on',
      'new',
      '--out',
      dir,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'loyalty-conformance: LC_ERR_REPORT_INVALID: Report "" is invalid: an empty path (an unset variable?), not a report file\n',
    );
  });
});

describe('conformance.json replaced by a new run', () => {
  it('is replaced whole (written beside, then renamed): the earlier file is never truncated in place', async () => {
    const baseline = report('replaced', leakyRun());
    const before = readFileSync(baseline, 'utf8');
    // a second name of the same file, as a job that links last night's report keeps it
    const kept = join(dir, 'kept.json');
    linkSync(baseline, kept);
    const run = leakyRun();
    await jsonReporter(reporterOptions(join(dir, 'replaced'))).onRunEnd?.({
      ...run,
      manifest: { ...run.manifest, seed: 99 },
    });
    expect(readFileSync(kept, 'utf8')).toBe(before);
    expect(readFileSync(baseline, 'utf8')).toContain('"seed": 99');
    expect(readdirSync(join(dir, 'replaced'))).toEqual(['conformance.json']);
  });

  it('is written through a symbolic link, which stays a link', async () => {
    const real = join(dir, 'latest.json');
    writeFileSync(real, 'an earlier report');
    mkdirSync(join(dir, 'linked'));
    const link = join(dir, 'linked', 'conformance.json');
    symlinkSync(real, link);
    await jsonReporter(reporterOptions(join(dir, 'linked'))).onRunEnd?.(leakyRun());
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain('"reportVersion": 1');
  });
});
