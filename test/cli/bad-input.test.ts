import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderJsonReport } from '../../reporters/json.ts';
import { leakyRun, reporterOptions } from '../reporters/support.ts';
import { runCli } from './capture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bad input (an `--out` that cannot be written, a port in use, a file whose parser error spans
 * lines, a URL with credentials) ends with exit 2 and one `LC_ERR_*` line: never "internal error",
 * never a second line, never a secret.
 */
const temp = () => mkdtempSync(join(tmpdir(), 'lc-bad-input-'));

/**
 * The CLI in a child process, killed after `timeoutMs`: how it ended and its stderr. The clone's
 * bin runs dist/ only when it was built from the sources as they are (else the sources, through
 * tsx), as in the other CLI child tests; forcing tsx (LC_FROM_SOURCE) cost each child about 1.5 s
 * of CPU. Asynchronous, so that the three below run side by side.
 */
function runChild(args: readonly string[], timeoutMs: number) {
  return new Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, ['bin/loyalty-conformance.js', ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: timeoutMs,
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
      });
      child.once('error', reject);
      child.once('close', (status, signal) => resolve({ status, signal, stderr }));
    },
  );
}

const oneToolLine = (stderr: string, code: string) => {
  expect(stderr).toMatch(new RegExp(`^loyalty-conformance: ${code}: [^\\n]*\\n$`));
  expect(stderr).not.toMatch(/internal error/);
};

/** A file, and a path under it (so its folder cannot be created). */
function fileAndPathUnder(): { dir: string; file: string; under: string } {
  const dir = temp();
  const file = join(dir, 'a-file');
  writeFileSync(file, 'x');
  return { dir, file, under: join(file, 'sub') };
}

describe('--out that cannot be written is a usage error naming it', () => {
  it.each([
    ['list', []],
    ['plan', []],
  ] as const)('%s --out <a folder>', async (command, args) => {
    const dir = temp();
    const { code, stdout, stderr } = await runCli([command, ...args, '--out', dir]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
    expect(stderr).toContain(`--out ${dir} cannot be written (EISDIR: it is a folder)`);
  });

  it('list --out <a path under a file>', async () => {
    const { under } = fileAndPathUnder();
    const { code, stderr } = await runCli(['list', '--out', join(under, 'list.txt')]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
    expect(stderr).toContain('a part of the path is a file, not a folder');
  });

  it('init --out <a path under a file>', async () => {
    const { under } = fileAndPathUnder();
    const { code, stderr } = await runCli(['init', '--out', join(under, 'my-target.yaml')]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
  });

  it('run --out <a path under a file> says so, before the run (not "cannot remove … of an earlier run")', async () => {
    const { under } = fileAndPathUnder();
    const { code, stdout, stderr } = await runCli(['run', '--requirement', 'CAP-NPA-8907', '--out', under]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
    expect(stderr).toContain(`--out ${under} cannot hold the reports (ENOTDIR`);
    expect(stderr).not.toContain('earlier run');
  });

  it.each([
    ['export', ['--consumer', 'web-app', '--requirement', 'CAP-NPA-8907'], 'the pact files'],
    ['verify', ['--pact', join(temp(), 'none.json')], 'the reports'],
  ] as const)(
    'pact %s --out <a path under a file> says so before the run (not an internal error after it)',
    async (command, args, what) => {
      // A consumer's export ran the suites for 15 s, then ended with "internal error: ENOTDIR".
      const { under } = fileAndPathUnder();
      const { code, stdout, stderr } = await runCli(['pact', command, ...args, '--out', under]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
      expect(stderr).toContain(
        `--out ${under} cannot hold ${what} (ENOTDIR: a part of the path is a file, not a folder)`,
      );
    },
  );

  it.runIf(process.platform === 'linux')(
    'run --out <a folder that cannot be created> ends before the run, not with an internal error after it',
    async () => {
      const out = join('/sys/kernel', `lc-bad-input-${process.pid}`);
      const { code, stdout, stderr } = await runCli(['run', '--requirement', 'CAP-NPA-8907', '--out', out]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
      expect(stderr).toContain(`--out ${out} cannot hold the reports`);
    },
  );

  // In a child process: Node 20's recursive mkdir loops for ever there (where mkdir answers
  // ENOENT under a folder that exists), and a loop in this process would hang the test worker.
  it.runIf(process.platform === 'linux')(
    'diff, run and pact export --out <a folder under /proc> end with one line, not a process spinning for ever',
    async () => {
      const report = join(temp(), 'conformance.json');
      writeFileSync(report, renderJsonReport(leakyRun(), reporterOptions(temp(), [])));
      const out = `/proc/lc-bad-input-${process.pid}`;
      const cases = [
        [
          ['diff', report, report, '--out', join(out, 'diff.md')],
          `--out ${join(out, 'diff.md')} cannot be written`,
        ],
        [
          ['run', '--requirement', 'CAP-NPA-8907', '--out', join(out, 'reports')],
          `--out ${join(out, 'reports')} cannot hold the reports`,
        ],
        [
          ['pact', 'export', '--consumer', 'web', '--out', join(out, 'pacts')],
          `--out ${join(out, 'pacts')} cannot hold the pact files`,
        ],
      ] as const;
      // The three side by side: each child's time is its own start-up, not this process's.
      const children = await Promise.all(cases.map(([args]) => runChild(args, 60_000)));
      for (const [i, [, words]] of cases.entries()) {
        const child = children[i]!;
        expect(child.signal, 'killed: the command did not end').toBeNull();
        expect(child.status).toBe(2);
        oneToolLine(child.stderr, 'LC_ERR_CLI_USAGE');
        expect(child.stderr).toContain(`${words} (ENOENT: `);
      }
    },
    // Above each child's own bound (before, spawnSync held this worker, so no test timeout ran).
    90_000,
  );

  it('compare --out <a path under a file>', async () => {
    // A report is needed before the folder is looked at: write one with the JSON reporter.
    const dir = temp();
    const reports = join(dir, 'r');
    const run = await runCli([
      'run',
      '--requirement',
      'CAP-NPA-8907',
      '--reporter',
      'json',
      '--out',
      reports,
    ]);
    expect(run.code).toBe(0);
    const report = join(reports, 'conformance.json');
    const { under } = fileAndPathUnder();
    const diffOut = temp();
    mkdirSync(join(diffOut, 'd'));
    const diff = await runCli(['diff', report, report, '--out', join(diffOut, 'd')]);
    expect(diff.code).toBe(2);
    oneToolLine(diff.stderr, 'LC_ERR_CLI_USAGE');
    const { code, stderr } = await runCli(['compare', report, report, '--out', under]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
    expect(stderr).toContain(`--out ${under} cannot hold the reports`);
  });
});

describe('messages stay on one line and keep secrets out', () => {
  it('diff of a file that is not JSON: the parser quotes its text, line break included', async () => {
    const dir = temp();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, 'not json\n{');
    const { code, stderr } = await runCli(['diff', bad, bad]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_REPORT_INVALID');
  });

  it("diff of garbage bytes: the parser's quote of them shows control characters as escapes", async () => {
    const dir = temp();
    const bad = join(dir, 'garbage.json');
    writeFileSync(bad, Buffer.from([0x01, 0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x61, 0x7b]));
    const { code, stderr } = await runCli(['diff', bad, bad]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_REPORT_INVALID');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(stderr.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(stderr).toContain('\\u0001\\u001b[2J\\u0007a{');
  });

  it('spec-compat of a URL with credentials never shows its password', async () => {
    const { code, stderr } = await runCli([
      'spec-compat',
      'http://someone:s3cret-pw@127.0.0.1:9/openapi.yaml',
    ]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_SPEC_COMPAT_INPUT');
    expect(stderr).not.toContain('s3cret-pw');
    expect(stderr).toContain('http://***@127.0.0.1:9/openapi.yaml');
  });
});

describe('serve: bad flags and a busy port are usage errors', () => {
  it('--port out of range has a code', async () => {
    const { code, stderr } = await runCli(['serve', '--port', '99999']);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
  });

  it('a port in use', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const { code, stderr } = await runCli(['serve', '--port', String(port)]);
      expect(code).toBe(2);
      oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
      expect(stderr).toContain(
        `--port ${port} (EADDRINUSE: the port is in use, perhaps by another serve; choose another --port, or --port 0 for a free one)`,
      );
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('a dataset that is not YAML', async () => {
    const dir = temp();
    const dataset = join(dir, 'dataset.yaml');
    writeFileSync(dataset, 'foo: [\n');
    const { code, stderr } = await runCli(['serve', '--port', '0', '--dataset', dataset]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_DATASET_INVALID');
    expect(stderr).toContain('not valid YAML');
  });
});

describe('--requirement naming an ID the catalogue does not have', () => {
  // Beside a known ID, an unknown one used to be dropped without a word: the run exited 0 as if
  // it had judged it.
  it.each(['run', 'run --dry-run', 'plan'])('%s refuses it', async (line) => {
    const command = line.split(' ');
    const out = temp();
    const { code, stderr } = await runCli([
      ...command,
      '--requirement',
      'CAP-NPA-8907',
      '--requirement',
      'CAP-NPA-NOPE',
      ...(command[0] === 'run' ? ['--out', out] : []),
    ]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
    expect(stderr).toContain('--requirement CAP-NPA-NOPE: not in the catalogue');
  });
});

describe('a --target that is no usable base URL', () => {
  // The problem is the flag's value, not the profile's: it used to read as a fault of the built-in
  // config/reference.yaml (dist/config/reference.yaml in an installed package), a file the user never
  // wrote. Credentials and a query (which may hold a key) are not repeated.
  it.each([
    [['--target', 'ftp://x'], '--target ftp://x: must be an http(s) URL (got scheme ftp:)'],
    [
      ['--target', 'http://user:secret-pw@127.0.0.1:9'],
      '--target http://***@127.0.0.1:9/: must not carry credentials',
    ],
    [
      ['--capillary-url', 'http://127.0.0.1:9/v2?apikey=secret-pw'],
      '--capillary-url http://127.0.0.1:9/v2?…: must not have a query',
    ],
    [
      ['--fabric-url', 'localhost:9'],
      '--fabric-url localhost:9: must be an http(s) URL (got scheme localhost:)',
    ],
  ])('%j names the flag', async (flags, message) => {
    const { code, stderr } = await runCli(['run', ...flags, '--out', temp()]);
    expect(code).toBe(2);
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
    expect(stderr).toContain(message);
    expect(stderr).not.toMatch(/reference\.yaml|secret-pw/);
  });
});

describe('what the command line parser refuses is one coded line too', () => {
  it.each([
    [['run', '--profle', 'x.yaml'], "unknown option '--profle' (Did you mean --profile?)"],
    [['plann'], "unknown command 'plann' (Did you mean plan?)"],
    [['run', '--profile'], "option '--profile <file>' argument missing"],
    [['plan', '--shard', '1/2'], "unknown option '--shard'"],
    [['run', '--dry-run', '--format', 'xml'], "option '--format <format>' argument 'xml' is invalid."],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    oneToolLine(stderr, 'LC_ERR_CLI_USAGE');
    expect(stderr).toContain(`LC_ERR_CLI_USAGE: ${message}`);
  });
});
