import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Plan } from '../../src/plan/plan.ts';
import { ONE_BILL_UNLOCK_RULES } from '../plan/support.ts';
import { runCli } from './capture.ts';

const MINIMAL = 'test/faults/profiles/minimal.yaml';

/** One line on stderr, prefixed with the tool name and the error code, and no stack trace. */
function expectOneLineError(stderr: string, code: string): void {
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(new RegExp(`^loyalty-conformance: ${code}: `));
  expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
}

const statusesOf = (plan: Plan, id: string) =>
  Object.fromEntries(
    plan.requirements.find((r) => r.id === id)?.principals.map((p) => [p.principal, p.status]) ?? [],
  );

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loyalty-conformance plan', () => {
  it('prints the plan of a profile as JSON', async () => {
    const { code, stdout, stderr } = await runCli(['plan', '--profile', MINIMAL, '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const plan = JSON.parse(stdout) as Plan;
    expect(plan.profile).toEqual({ name: 'minimal', source: MINIMAL });
    expect(plan.totals['not-judgeable']).toBe(9);
    for (const id of ONE_BILL_UNLOCK_RULES) {
      expect(statusesOf(plan, id), id).toEqual({ strict: 'judgeable', lenient: 'judgeable' });
    }
    expect(statusesOf(plan, 'CAP-UPP-CONCURRENT-ONCE')).toEqual({
      strict: 'not-judgeable',
      lenient: 'not-judgeable',
    });
    expect(statusesOf(plan, 'CAP-NPA-EXACT-BALANCE').strict).toBe('not-judgeable');
    expect(statusesOf(plan, 'CAP-AUTH-ACCESS-GROUP').strict).toBe('not-judgeable');
    expect(statusesOf(plan, 'CAP-NPA-1218').strict).toBe('not-judgeable');
    expect(statusesOf(plan, 'FAB-INQ-BALANCE')).toEqual({ fabric: 'judgeable-if-probed' });
  });

  it('prints the reference profile as text by default, with the summary last', async () => {
    const { code, stdout } = await runCli(['plan']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^CAP-NPA-NEGATIVE-ALLOWED +MUST +strict: not applicable .* · lenient: judgeable$/m,
    );
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(
      /^115 of 118 requirements judgeable with this profile \(3 only if the target has the fabric member inquiry\); 0 not judgeable; /,
    );
  });

  it('prints a Markdown table with --format md, and narrows to the run filters', async () => {
    const { code, stdout } = await runCli([
      'plan',
      '--profile',
      MINIMAL,
      '--format',
      'md',
      '--requirement',
      'CAP-UPP-CONCURRENT-ONCE',
    ]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain('| requirement | level | status | per principal | to add |');
    expect(lines).toContain('|---|---|---|---|---|');
    expect(stdout).toMatch(
      /^\| CAP-UPP-CONCURRENT-ONCE \| MUST \| not judgeable \| .*\| a third bill in fixtures\.bills \(billSpare\); fixtures\.bills\.billSecondBurst: .* \|$/m,
    );
    // Only the rules of the scenarios the filter selects (parallel-unlock also judges CAP-UPP-MOVE).
    expect(stdout).not.toMatch(/^\| CAP-UPP-ONCE \|/m);
  });

  it('writes the plan to --out and says so', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lc-plan-')), 'plan', 'minimal.md');
    const { code, stdout } = await runCli(['plan', '--profile', MINIMAL, '--format', 'md', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote the plan of 118 requirements to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toMatch(/^# Plan: what profile minimal lets the suite judge$/m);
  });

  it('exits 2 with one line when the profile file is missing', async () => {
    const { code, stdout, stderr } = await runCli(['plan', '--profile', 'no/such/profile.yaml']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr, 'LC_ERR_PROFILE_NOT_FOUND');
  });

  it('exits 2 with one line on a requirement ID the catalogue lacks, and on an unknown format', async () => {
    const unknown = await runCli(['plan', '--requirement', 'CAP-NPA-NOPE']);
    expect(unknown.code).toBe(2);
    expectOneLineError(unknown.stderr, 'LC_ERR_CLI_USAGE');
    expect(unknown.stderr).toContain('CAP-NPA-NOPE');
    const format = await runCli(['plan', '--format', 'html']);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/Allowed choices are text, md, json/);
  });

  it('sends no request to the targets of the profile', async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      // Both base URLs of the minimal profile come from LC_REFERENCE_URL.
      vi.stubEnv('LC_REFERENCE_URL', url);
      for (const format of ['text', 'md', 'json']) {
        const { code } = await runCli(['plan', '--profile', MINIMAL, '--format', format]);
        expect(code).toBe(0);
      }
      expect(requests).toBe(0);
      // The counter counts: a request to the same URL is seen.
      await fetch(`${url}/v2/points/balance`);
      expect(requests).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
