import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.ts';
import { writtenLine } from '../../src/cli/reporting.ts';
import { leakyRun } from '../reporters/support.ts';
import { closedPort } from '../support/closed-port.ts';

/** Runs the CLI in-process and captures what it prints. */
async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('loyalty-conformance run', () => {
  it('passes the embedded reference provider with 0 failures and writes its reports', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-run-'));
    const { code, stdout } = await cli(['run', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/CONFORMANT: \d+ passed, 0 failed/);
    // It warns (GEN-ERROR-CODE-KNOWN): the console's expected and actual, then where the requests are.
    const files = ['report.html', 'junit.xml', 'exchanges.har', 'conformance.json'].map((f) => join(out, f));
    expect(stdout).toMatch(/\nCONFORMANT: .*\n/);
    expect(
      stdout.endsWith(`\neach problem's requests, responses and curl lines: ${files.join(', ')}\n`),
    ).toBe(true);
    const report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as {
      requirements: { verdict: string }[];
      manifest: { orgs: string[] };
    };
    expect(report.requirements.filter((r) => r.verdict === 'fail')).toEqual([]);
    expect(report.manifest.orgs).toEqual(['strict', 'lenient']);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toMatch(/Conformant/);
  });

  it("after the console, says where each problem's requests are only when there is a problem and a file keeps them", () => {
    const run = leakyRun();
    const clean = {
      ...run,
      requirements: run.requirements.filter((r) => r.verdict === 'pass' || r.verdict === 'skip'),
    };
    expect(writtenLine(['console', 'junit', 'markdown'], 'out', run)).toBe(
      `each problem's requests, responses and curl lines: ${join('out', 'junit.xml')}\n`,
    );
    expect(writtenLine(['console', 'junit'], 'out', clean)).toBeUndefined();
    expect(writtenLine(['console', 'markdown', 'github'], 'out', run)).toBeUndefined();
    expect(writtenLine(['json'], 'out', run)).toBe(
      `wrote ${join('out', 'conformance.json')} (NON-CONFORMANT)\n`,
    );
  });

  it('exits 2 with one line and no stack trace when the target is unreachable', async () => {
    const port = await closedPort();
    const { code, stderr } = await cli([
      'run',
      '--target',
      `http://127.0.0.1:${port}`,
      '--reporter',
      'json',
      '--out',
      mkdtempSync(join(tmpdir(), 'lc-')),
    ]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/LC_ERR_TARGET_UNREACHABLE/);
    // what to do: the field (or option) that gave the URL, and whether the target is up
    expect(stderr).toContain(
      `Target http://127.0.0.1:${port} is unreachable: ECONNREFUSED. Check capillary.baseUrl (or --target) and that the target is running`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('ends the run on a target that accepts connections but never answers its first request: exit 2, one line', async () => {
    let requests = 0;
    const silent = createHttpServer((request) => {
      requests += 1;
      request.resume(); // read the request, never answer it
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const dir = mkdtempSync(join(tmpdir(), 'lc-silent-'));
    const profile = parse(readFileSync('config/reference.yaml', 'utf8')) as { limits: { timeoutMs: number } };
    profile.limits.timeoutMs = 150;
    const profilePath = join(dir, 'silent.yaml');
    writeFileSync(profilePath, stringify(profile));
    try {
      const started = performance.now();
      const { code, stderr } = await cli([
        'run',
        '--profile',
        profilePath,
        '--target',
        `http://127.0.0.1:${port}`,
        '--reporter',
        'json',
        '--out',
        dir,
      ]);
      expect(code).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(
        /LC_ERR_TARGET_NO_ANSWER: Target http:\/\/127\.0\.0\.1:\d+ gave no readable answer to the first request/,
      );
      expect(stderr).not.toMatch(/\n\s+at /);
      // The first request (a balance read, not retried with retries: 0) is the only one sent.
      expect(requests).toBe(1);
      expect(performance.now() - started).toBeLessThan(20 * profile.limits.timeoutMs + 5000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('removes the files of its reporters from --out when it starts, and leaves every other file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-stale-'));
    const stale = ['junit.xml', 'conformance.json', 'summary.md', 'notes.txt'];
    for (const file of stale) writeFileSync(join(out, file), 'an earlier, passing run');
    const port = await closedPort();
    // The run ends before any report is written: an earlier run's junit.xml must not stay behind.
    const { code } = await cli([
      'run',
      '--target',
      `http://127.0.0.1:${port}`,
      '--reporter',
      'json',
      'junit',
      '--out',
      out,
    ]);
    expect(code).toBe(2);
    expect(stale.filter((file) => existsSync(join(out, file)))).toEqual(['summary.md', 'notes.txt']);
  });

  it('handles SIGINT and SIGTERM only while it runs', async () => {
    const before = ['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s));
    const port = await closedPort();
    await cli([
      'run',
      '--target',
      `http://127.0.0.1:${port}`,
      '--reporter',
      'json',
      '--out',
      mkdtempSync(join(tmpdir(), 'lc-')),
    ]);
    await cli([
      'run',
      '--grep',
      'balance.totals',
      '--reporter',
      'json',
      '--out',
      mkdtempSync(join(tmpdir(), 'lc-')),
    ]);
    expect(['SIGINT', 'SIGTERM'].map((s) => process.listenerCount(s))).toEqual(before);
  });

  it('exits 2 with one line naming the field when the profile is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-profile-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'name: bad\nenvironment: moon\n');
    const { code, stderr } = await cli(['run', '--profile', path]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/environment/);
  });

  it('exits 2 on a malformed --shard or --seed', async () => {
    expect((await cli(['run', '--shard', '4/3'])).code).toBe(2);
    expect((await cli(['run', '--seed', '-1'])).stderr).toMatch(/--seed/);
  });
});

describe('loyalty-conformance list --uncovered', () => {
  it('lists only requirements without a scenario, each with its reason', async () => {
    const { code, stdout } = await cli(['list', '--uncovered']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/CAP-NPA-NO-RATE-LIMIT\s+not testable black-box/);
    expect(stdout).not.toMatch(/CAP-NPA-8907/);
    expect(stdout).toMatch(/(\d+) of \d+ requirements uncovered/);
  });
});
