import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH,
  authHeaders,
  byMobile,
  CREDENTIALS,
  connectReferenceClient,
  DATA,
  type ReferenceClient,
} from '../support/reference-client.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'loyalty-conformance.js');

/** `loyalty-conformance serve …` as a child process, its output collected. */
interface Served {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function serve(args: string[]): Served {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Waits until `predicate` holds on the collected stdout, failing after `ms`. */
async function waitFor(served: Served, predicate: (stdout: string) => boolean, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  while (!predicate(served.stdout())) {
    if (served.child.exitCode !== null) {
      throw new Error(`serve exited with ${served.child.exitCode}: ${served.stderr()}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out; stdout so far:\n${served.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return served.stdout();
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
/** The README's curl lines need bash, curl, md5sum and base64; skipped where one is missing. */
const HAS_SHELL_TOOLS = spawnSync('bash', ['-c', 'command -v curl md5sum base64']).status === 0;
/** A consumer whose tests are not in Node calls serve from Python; skipped where there is none. */
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;

const LOG_LINE = /^\S+ (GET|POST|PUT|DELETE) (\S+) (\d{3}) (\d+(?:\.\d+)?)ms$/;

describe('loyalty-conformance serve', () => {
  let served: Served;
  let client: ReferenceClient;
  let baseUrl: string;

  beforeAll(async () => {
    served = serve(['--port', '0']);
    const stdout = await waitFor(served, (text) => text.includes('\n'));
    const first = stdout.split('\n')[0]!;
    const match = /capillary (http:\/\/\S+)/.exec(first);
    expect(match, first).not.toBeNull();
    baseUrl = match![1]!;
    expect(first).toContain(`fabric ${baseUrl}/api`);
    expect(first).toContain(`admin ${baseUrl}/__reference`);
    expect(Number(new URL(baseUrl).port)).toBeGreaterThan(0);
    client = await connectReferenceClient(baseUrl, 4);
  }, 30_000);

  afterEach(() => {
    expect(client.takeViolations()).toEqual([]);
  });

  afterAll(async () => {
    await client?.close();
    if (served && served.child.exitCode === null) served.child.kill('SIGKILL');
  });

  it('serves the operations at the printed URL and logs one line per request: method, path, status, ms', async () => {
    const token = await client.oauthToken('strict');
    const query = byMobile(DATA.strict.ana.mobile);
    const exchanges = [
      await client.call('getPointsBalance', { query }),
      await client.call('getPointsBalance', { query, auth: { kind: 'oauth', token } }),
      await client.call('negativePointsAdjustment', {
        query,
        body: { pointsToBeAdjusted: 1, reasonOfReturn: 'serve' },
      }),
      await client.call('getPointsBalance', { query, auth: AUTH.none }),
      await client.call('inquireMemberPoints', { pathParams: { profileId: DATA.fabric.member } }),
      await client.raw('GET', '/__reference/health'),
    ];
    expect(exchanges.map((e) => e.status)).toEqual([200, 200, 200, 401, 200, 200]);
    // The token request came first: 7 requests in all.
    const stdout = await waitFor(served, (text) => text.trim().split('\n').length >= 1 + 7);
    const lines = stdout.trim().split('\n').slice(1);
    expect(lines).toHaveLength(7);
    const parsed = lines.map((line) => {
      const match = LOG_LINE.exec(line);
      expect(match, line).not.toBeNull();
      return { method: match![1], path: match![2], status: Number(match![3]) };
    });
    expect(parsed).toEqual([
      { method: 'POST', path: '/v3/oauth/token/generate', status: 200 },
      { method: 'GET', path: '/v2/customers/lookup/points/balance', status: 200 },
      { method: 'GET', path: '/v2/customers/lookup/points/balance', status: 200 },
      { method: 'POST', path: '/v2/customers/lookup/negativePointsAdjustment', status: 200 },
      { method: 'GET', path: '/v2/customers/lookup/points/balance', status: 401 },
      { method: 'GET', path: `/api/v1/inquire/${DATA.fabric.member}/member-points`, status: 200 },
      { method: 'GET', path: '/__reference/health', status: 200 },
    ]);

    // No credential (header value, password, digest, token) and no identifier value is ever logged.
    const secrets = [
      authHeaders(AUTH.strict).authorization!,
      authHeaders(AUTH.strict).authorization!.replace(/^Basic /, ''),
      authHeaders(AUTH.fabric).authorization!,
      CREDENTIALS.fabricToken,
      CREDENTIALS.tills.strict.password,
      CREDENTIALS.oauthClients.strict.secret,
      token,
      DATA.strict.ana.mobile,
    ];
    for (const secret of secrets) expect(stdout).not.toContain(secret);
    expect(stdout.toLowerCase()).not.toContain('authorization');
  });

  it('injects failures armed over HTTP and logs each with its fault id: dropped by it, or closed by the client', async () => {
    const arm = async (fault: object) => {
      const armed = await client.raw('POST', '/__reference/faults', { body: fault });
      expect(armed.status, armed.text).toBe(201);
      expect(armed.body).toEqual({ status: 'armed', id: expect.any(Number) });
      return (armed.body as { id: number }).id;
    };
    const unavailable = await arm({ operationId: 'getPointsBalance', status: 503, times: 1 });
    const late = await arm({ operationId: 'getPointsBalance', delayMs: 30_000, times: 1 });
    const drop = await arm({ operationId: 'getPointsBalance', drop: true });
    const query = new URLSearchParams(byMobile(DATA.strict.ana.mobile));
    const balance = (signal?: AbortSignal) =>
      fetch(`${baseUrl}/v2/customers/lookup/points/balance?${query}`, {
        headers: authHeaders(AUTH.strict),
        ...(signal ? { signal } : {}),
      });
    expect((await balance()).status).toBe(503);
    const gaveUp = await balance(AbortSignal.timeout(200)).catch((error: unknown) => error);
    expect((gaveUp as Error).name).toBe('TimeoutError');
    expect(await balance().catch((error: unknown) => error)).toBeInstanceOf(TypeError);
    await client.reset();
    expect((await balance()).status, 'the reset cleared the drop').toBe(200);
    const stdout = await waitFor(
      served,
      (text) => text.includes(' dropped ') && text.includes(' client-closed '),
    );
    const path = ' GET /v2/customers/lookup/points/balance';
    // Before, an injected 503 read as the provider's own, and a client that timed out during a
    // delay was logged `dropped`, as if the server had closed the connection.
    expect(stdout).toContain(`${path} 503 `);
    expect(stdout).toMatch(new RegExp(`${path} 503 \\d+(\\.\\d+)?ms fault ${unavailable}\n`));
    expect(stdout).toMatch(new RegExp(`${path} client-closed \\d+(\\.\\d+)?ms fault ${late}\n`));
    expect(stdout).toMatch(new RegExp(`${path} dropped \\d+(\\.\\d+)?ms fault ${drop}\n`));
    expect(stdout).toMatch(new RegExp(`${path} 200 \\d+(\\.\\d+)?ms\n`));
  });

  it.skipIf(!HAS_SHELL_TOOLS)(
    "runs the README's curl lines (the four endpoints, the faults) as printed",
    async () => {
      const port = new URL(baseUrl).port;
      const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
        .map((m) => m[1] ?? '')
        .filter((block) => block.includes('curl ') && block.includes('127.0.0.1:8080'))
        .filter((block) => !block.includes('npm test'));
      expect(blocks.length, 'the endpoints block and the faults block').toBe(2);
      const outputs = blocks.map((block) => {
        const run = spawnSync('bash', ['-e', '-c', block.replaceAll('127.0.0.1:8080', `127.0.0.1:${port}`)], {
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(run.status, run.stderr).toBe(0);
        return run.stdout;
      });
      const all = outputs.join('\n');
      for (const fragment of [
        '"entityId":1001', // balance
        '"status":"success"', // deduction
        '"pointsUnlocked"', // unlock
        '"accessToken"', // OAuth token
        'Member points adjusted', // fabric adjustment
        '{"status":"reset"}',
        '{"status":"armed","id":', // both faults armed (the second behind no fault without times)
        '"operationId":"getPointsBalance","delayMs":5000',
        '{"status":"cleared","cleared":2}',
      ]) {
        expect(all).toContain(fragment);
      }
      expect(all).not.toContain('"error"');
      await client.reset();
    },
    60_000,
  );

  it.skipIf(!HAS_PYTHON)(
    "does not hang Python's urllib on a drop or a 1xx (as the README says)",
    async () => {
      const script = [
        'import json, sys, time, urllib.request',
        'base = sys.argv[1]',
        'def arm(fault):',
        "    request = urllib.request.Request(base + '/__reference/faults', json.dumps(fault).encode(), method='POST')",
        '    urllib.request.urlopen(request, timeout=5).read()',
        'for fault in [{"drop": True}, {"status": 100}, {"status": 103}]:',
        "    arm({'operationId': 'getPointsBalance', 'times': 1, **fault})",
        '    started = time.monotonic()',
        '    try:',
        "        outcome = urllib.request.urlopen(base + '/v2/customers/lookup/points/balance', timeout=20).status",
        '    except Exception as error:',
        "        outcome = getattr(error, 'code', None) or type(error).__name__  # HTTPError: its status",
        '    print(json.dumps([outcome, time.monotonic() - started]))',
      ].join('\n');
      const run = spawnSync('python3', ['-c', script, baseUrl], { encoding: 'utf8', timeout: 90_000 });
      expect(run.status, run.stderr).toBe(0);
      const outcomes = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as [string | number, number]);
      expect(outcomes.map(([outcome]) => outcome)).toEqual(['RemoteDisconnected', 'RemoteDisconnected', 103]);
      // Well within the client's 20 s timeout: urllib sends Connection: close, so serve closes at once.
      for (const [, seconds] of outcomes) expect(seconds).toBeLessThan(10);
    },
    100_000,
  );

  it('stops on SIGTERM with exit code 0', async () => {
    served.child.kill('SIGTERM');
    expect(await served.exit).toBe(0);
    expect(served.stderr()).toBe('');
  });
});

describe('loyalty-conformance serve options', () => {
  for (const port of ['abc', '70000', '-1', '1.5']) {
    it(`exits 2 with a message for --port ${port}`, () => {
      const result = spawnSync(process.execPath, [BIN, 'serve', `--port=${port}`], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toContain('--port must be an integer from 0 to 65535');
      expect(result.stdout).toBe('');
    });
  }

  it('on --host 0.0.0.0 prints loopback URLs a client can call and warns on stderr that every interface is served', async () => {
    const served = serve(['--port', '0', '--host', '0.0.0.0']);
    try {
      const first = (await waitFor(served, (text) => text.includes('\n'))).split('\n')[0]!;
      expect(first).not.toContain('0.0.0.0');
      const url = /capillary (http:\/\/127\.0\.0\.1:\d+)/.exec(first)?.[1];
      expect(url, first).toBeDefined();
      const health = await fetch(`${url}/__reference/health`);
      expect(health.status).toBe(200);
      expect(served.stderr()).toContain('serve listens on --host 0.0.0.0, not only on this machine');
    } finally {
      served.child.kill('SIGTERM');
      expect(await served.exit).toBe(0);
    }
  });

  it('exits 2 with LC_ERR_DATASET_INVALID for a dataset with a wrong field', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lc-serve-')), 'bad.yaml');
    writeFileSync(file, 'version: 1\norgs: []\nfabric: { tenants: [] }\n');
    const result = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--dataset', file], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('LC_ERR_DATASET_INVALID');
    expect(result.stderr).toContain('/orgs');
  });
});
