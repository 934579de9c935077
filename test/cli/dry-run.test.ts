import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { DryRun } from '../../src/cli/dry-run.ts';
import { modulesLoadedBy } from '../support/modules-loaded.ts';
import { runCli } from './capture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A server that answers nothing useful and counts every request (and connection) it gets. */
let server: Server;
let requests = 0;
let connections = 0;
let profile: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests += 1;
    request.resume();
    response.writeHead(500).end();
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  // The reference profile, pointed at the counting server.
  const text = readFileSync(join(ROOT, 'config/reference.yaml'), 'utf8').replace(
    /\$\{LC_REFERENCE_URL[^}]*\}/,
    `http://127.0.0.1:${port}`,
  );
  profile = join(mkdtempSync(join(tmpdir(), 'lc-dry-')), 'counted.yaml');
  writeFileSync(profile, text);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('run --dry-run', () => {
  it('lists each selected scenario run with its requirements and fixtures, and sends no request', async () => {
    const { code, stdout, stderr } = await runCli(['run', '--dry-run', '--profile', profile]);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(requests).toBe(0);
    expect(connections).toBe(0);
    expect(stdout).toMatch(
      /^Dry run: profile reference \(reference, .*counted\.yaml\); target: capillary http:\/\/127\.0\.0\.1:\d+, fabric http:\/\/127\.0\.0\.1:\d+\/api\n/,
    );
    expect(stdout).toContain(
      [
        '  negative-balance.over-balance-8907 @strict (mutates)',
        '    judges:   CAP-NPA-8907, CAP-NPA-NO-SIDE-EFFECT',
        '    fixtures: deductible: customer-1001',
        '    rests on: capillary.orgs[strict].config.negativeBalanceOnReturn: off',
      ].join('\n'),
    );
    // Bills by key and number (unlocking is irreversible: a user checks which ones a run takes).
    expect(stdout).toContain('fixtures: billSpare: billSpare (bill B-1004-1, customer customer-1004)');
    // A bill's promotion points are a fact about the bill the scenario unlocks, shown as that bill.
    expect(stdout).toContain(
      [
        '  promised-points.move-once @lenient (mutates)',
        '    judges:   CAP-UPP-MOVE, CAP-UPP-RESPONSE-SUM, CAP-UPP-RESPONSE-NUMERIC, CAP-UPP-RESPONSE-BILL, CAP-UPP-RESPONSE-PROGRAM, CAP-UPP-RESPONSE-PROMOTION, CAP-UPP-ONCE, CAP-UPP-ONCE-ERROR, CAP-UPP-82323282, CAP-UPP-TYPE-DEFAULT, CAP-BAL-PROMISED-BREAKUP, CAP-UPP-EVENT-LOG-ID-TYPES, CAP-UPP-82323272, CAP-UPP-82323271, CAP-UPP-82323284, CAP-UPP-82323276, CAP-UPP-3918',
        '    fixtures: billWhole: billWhole (bill B-2003-1, customer customer-2003)',
      ].join('\n'),
    );
    expect(stdout).toContain('restrictedAuth: restrictedAuth (basic)');
    // 14 since fault hunt 65: the lenient org's secondProgram bill runs its second-program unlock;
    // 15 since fault hunt 67: the lenient org declares no billSecondBurst (the strict org's runs).
    expect(stdout).toMatch(/Would be skipped \(15\)\n/);
    expect(stdout).toContain(
      '  concurrency.parallel-unlock-second-burst @lenient: the profile declares no bill for the second burst of parallel unlocks',
    );
    expect(stdout).toContain(
      '  negative-balance.over-balance-8907 @lenient: negativeBalanceOnReturn is on for this org\n',
    );
    expect(stdout).toContain(
      '  dual-eligibility.lone-secondary-8015 @lenient: dual eligibility is off for this org\n',
    );
    // Basic is each org's auth: the run skips the scenario sending Basic on every operation, and says so up front.
    expect(stdout).toContain(
      "  authentication.capillary-basic-operations @strict: Basic is the org's auth: every call of the run is sent with it\n",
    );
    expect(stdout).toMatch(/\n203 scenario runs: 188 would run, 15 would be skipped; no request sent\n$/);
    // Never a secret, nor a customer identifier.
    for (const value of [
      'strict-till-secret',
      'strict-client-secret',
      'fabric-reference-token',
      '919800001001',
      'ana@example.com',
    ]) {
      expect(stdout).not.toContain(value);
    }
  });

  it('prints JSON with --format json, under the same filters as run', async () => {
    const { code, stdout } = await runCli([
      'run',
      '--dry-run',
      '--format',
      'json',
      '--profile',
      profile,
      '--requirement',
      'CAP-NPA-8907',
    ]);
    expect(code).toBe(0);
    expect(requests).toBe(0);
    const dry = JSON.parse(stdout) as DryRun;
    // over-balance-8907 and, since the thirteenth fault hunt, exact-balance (1 point past 0), per org;
    // since fault hunt 57 exact-balance-other-program too.
    expect(dry.counts).toEqual({ runs: 6, wouldRun: 3, wouldSkip: 3 });
    expect(dry.requestsSent).toBe(0);
    expect(dry.filters).toEqual({ requirements: ['CAP-NPA-8907'] });
    expect(dry.runs[0]).toMatchObject({
      scenarioId: 'negative-balance.over-balance-8907',
      principal: 'strict',
      requirements: ['CAP-NPA-8907', 'CAP-NPA-NO-SIDE-EFFECT'],
      fixtures: [{ role: 'deductible', uses: 'customer-1001' }],
    });
    expect(dry.runs[1]).toMatchObject({
      principal: 'lenient',
      skip: { kind: 'not-applicable', reason: 'negativeBalanceOnReturn is on for this org' },
    });
    // What the expectations rest on in the profile, as a failing run would say beside a failure.
    expect(dry.runs[0]?.premise).toBe('capillary.orgs[strict].config.negativeBalanceOnReturn: off');
    expect(dry.runs[1]).not.toHaveProperty('premise');
  });

  it("warns of a customer lacking the org's primary identifier, in text and JSON, as plan does", async () => {
    const lacking = join(mkdtempSync(join(tmpdir(), 'lc-dry-primary-')), 'lacking.yaml');
    const text = readFileSync(profile, 'utf8');
    expect(text).toContain("mobile: '919800001004', ");
    writeFileSync(lacking, text.replace("mobile: '919800001004', ", ''));
    const warning =
      "strict: customer customer-1004 declares no mobile, the org's primary identifier: its balance cannot be read, so the scenarios that read it skip (add: identifiers.mobile on customer customer-1004)";
    for (const command of [
      ['run', '--dry-run', '--profile', lacking],
      ['plan', '--profile', lacking],
    ]) {
      const { code, stdout } = await runCli(command);
      expect(code, command[0]).toBe(0);
      expect(stdout, command[0]).toContain(`\nWarnings (1)\n  ${warning}\n`);
      expect(stdout, command[0]).not.toMatch(/zero@example\.com|EXT-1004/);
    }
    const json = await runCli(['run', '--dry-run', '--format', 'json', '--profile', lacking]);
    expect((JSON.parse(json.stdout) as DryRun).warnings).toEqual([
      expect.objectContaining({ principal: 'strict', customer: 'customer-1004' }),
    ]);
    expect(requests).toBe(0);
  });

  it('shows what a production profile would skip for safety', async () => {
    const production = join(mkdtempSync(join(tmpdir(), 'lc-dry-prod-')), 'prod.yaml');
    writeFileSync(
      production,
      readFileSync(profile, 'utf8').replace('environment: reference', 'environment: production'),
    );
    const { code, stdout } = await runCli(['run', '--dry-run', '--profile', production, '--grep', '8907']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /negative-balance\.over-balance-8907 @strict: production profile: mutating scenario not run: --allow-mutations is missing/,
    );
    expect(stdout).toMatch(/run would exit 2 \(LC_ERR_NOTHING_SELECTED\)/);
    expect(requests).toBe(0);
  });

  it('starts no reference provider without a profile, and loads neither undici nor the provider', () => {
    const run = modulesLoadedBy(['run', '--dry-run', '--grep', '8907']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('target: the embedded reference provider (started by the run)');
    const { modules } = run;
    expect(
      modules.filter((m) =>
        /node_modules\/undici\/|^src\/reference\/|^src\/client\/(?!exchange\.ts$)/.test(m),
      ),
    ).toEqual([]);
  });

  it('is a tool error, as for run, when the filters select nothing', async () => {
    const { code, stdout, stderr } = await runCli([
      'run',
      '--dry-run',
      '--profile',
      profile,
      '--grep',
      'no-such-scenario',
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/LC_ERR_NOTHING_SELECTED/);
    expect(requests).toBe(0);
  });

  it('shards over the scenarios of the families the profile declares: n shards of a fabric-only profile are n parts', async () => {
    const document = parse(readFileSync(profile, 'utf8')) as Record<string, unknown>;
    delete document.capillary;
    const fabricOnly = join(mkdtempSync(join(tmpdir(), 'lc-dry-')), 'fabric-only.yaml');
    writeFileSync(fabricOnly, stringify(document));
    const runsOf = async (shard: string, ...filters: string[]) => {
      const { code, stdout, stderr } = await runCli([
        'run',
        '--dry-run',
        '--json',
        '--profile',
        fabricOnly,
        '--shard',
        shard,
        ...filters,
      ]);
      return {
        code,
        stderr,
        runs: code === 0 ? (JSON.parse(stdout) as DryRun).runs.map((r) => r.scenarioId) : [],
      };
    };
    const all = (await runsOf('1/1')).runs;
    const shards: Awaited<ReturnType<typeof runsOf>>[] = [];
    // One at a time: runCli captures the process's stdout.
    for (const i of all.keys()) shards.push(await runsOf(`${i + 1}/${all.length}`));
    for (const shard of shards) expect(shard.code, shard.stderr).toBe(0);
    expect(shards.flatMap((s) => s.runs).sort()).toEqual([...all].sort());
    // More shards than scenarios: an empty shard is a tool error that says so.
    const { code, stderr } = await runsOf(`${all.length + 1}/${all.length + 1}`);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(
      `LC_ERR_NOTHING_SELECTED: Nothing to run: no scenario of profile reference (fabric) matches --shard ${all.length + 1}/${all.length + 1}: the run has ${all.length} scenarios, fewer than ${all.length + 1} shards (give at most ${all.length})`,
    );
    // The fabric authentication suite has one scenario: "1 scenario", not "1 scenarios" (docpass).
    expect((await runsOf('1/1', '--tag', 'authentication')).runs).toHaveLength(1);
    expect((await runsOf('2/2', '--tag', 'authentication')).stderr).toContain(
      'the run has 1 scenario, fewer than 2 shards (give at most 1)',
    );
    expect(requests).toBe(0);
  });
});
