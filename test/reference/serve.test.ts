import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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

  it('injects failures armed over HTTP (POST /__reference/faults) and logs a dropped request as such', async () => {
    const armed = await client.raw('POST', '/__reference/faults', {
      body: { operationId: 'getPointsBalance', status: 503, times: 1 },
    });
    expect(armed.status, armed.text).toBe(201);
    expect(armed.body).toEqual({ status: 'armed', id: expect.any(Number) });
    await client.raw('POST', '/__reference/faults', {
      body: { operationId: 'getPointsBalance', drop: true },
    });
    const query = new URLSearchParams(byMobile(DATA.strict.ana.mobile));
    const balance = () =>
      fetch(`${baseUrl}/v2/customers/lookup/points/balance?${query}`, { headers: authHeaders(AUTH.strict) });
    expect((await balance()).status).toBe(503);
    expect(await balance().catch((error: unknown) => error)).toBeInstanceOf(TypeError);
    await client.reset();
    expect((await balance()).status, 'the reset cleared the drop').toBe(200);
    const stdout = await waitFor(served, (text) => text.includes(' dropped '));
    expect(stdout).toMatch(/ GET \/v2\/customers\/lookup\/points\/balance 503 /);
    expect(stdout).toMatch(/ GET \/v2\/customers\/lookup\/points\/balance dropped \d+(\.\d+)?ms\n/);
  });

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
