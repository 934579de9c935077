// Pact's native core sends telemetry unless told not to, before the module loads (TOOLING.md).
process.env.PACT_DO_NOT_TRACK = 'true';

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/types.ts';
import { isToolError } from '../../src/errors.ts';
import { exportPacts, type PactExportResult } from '../../src/pact/export.ts';
import { NON_EMPTY, STABLE_UUID } from '../../src/pact/matchers.ts';
import { verifyPacts } from '../../src/pact/verify.ts';
import { REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';
import { HANDLERS } from '../../src/reference/handlers/index.ts';
import { type ReferenceServerOptions, startReferenceServer } from '../../src/reference/server.ts';
import { runCli } from '../cli/capture.ts';

/**
 * What CI needs of the Pact commands: exports that are the same file when nothing changed (a
 * broker sees no new pact version), a consumer name that is the team's own, verification results
 * that reach the broker only when asked to, and verifier output that honours NO_COLOR.
 */

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/loyalty-conformance.js');
const FABRIC_CONSUMER = new URL('./fixtures/fabric-consumer.json', import.meta.url).pathname;
/** Deductions, reads, unlocks and fabric adjustments (with their transaction codes). */
const EXPORT_TAGS = ['negative-balance', 'balance', 'promised-points', 'fabric'];

const failing = (result: RunResult) =>
  result.requirements.flatMap((r) => r.checks).filter((c) => c.verdict === 'fail');

interface PactDocument {
  metadata: unknown;
  interactions: {
    description: string;
    response: {
      body?: { content?: unknown };
      matchingRules?: { body?: Record<string, { matchers: unknown[] }> };
    };
  }[];
}

describe('pact export: the same run gives the same files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-pact-ci-'));
  const exports: PactExportResult[] = [];

  beforeAll(async () => {
    // Two runs, each against a fresh embedded reference provider of its own.
    for (const out of ['first', 'second']) {
      exports.push(await exportPacts({ outDir: join(dir, out), consumer: 'member-app', tags: EXPORT_TAGS }));
    }
  }, 120_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes byte-identical pact files on two exports', () => {
    const names = readdirSync(join(dir, 'first')).sort();
    expect(names).toEqual(['member-app-capillary-loyalty.json', 'member-app-fabric-loyalty.json']);
    expect(readdirSync(join(dir, 'second')).sort()).toEqual(names);
    for (const name of names) {
      const first = readFileSync(join(dir, 'first', name), 'utf8');
      const second = readFileSync(join(dir, 'second', name), 'utf8');
      expect(second, name).toBe(first);
    }
  });

  it('orders interactions by description and keys by name, with metadata naming the Pact specification only', () => {
    for (const file of exports[0]?.files ?? []) {
      const text = readFileSync(file.path, 'utf8');
      const document = JSON.parse(text) as PactDocument;
      expect(document.metadata).toEqual({ pactSpecification: { version: '4.0' } });
      const descriptions = document.interactions.map((i) => i.description);
      expect(descriptions).toEqual([...descriptions].sort());
      const sorted = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(sorted)
          : typeof value === 'object' && value !== null
            ? Object.fromEntries(
                Object.keys(value)
                  .sort()
                  .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
              )
            : value;
      expect(text).toBe(`${JSON.stringify(sorted(document), null, 2)}\n`);
    }
  });

  it('matches the target’s transaction code with a regex and a fixed example, never by its value', () => {
    const fabric = exports[0]?.files.find((f) => f.family === 'fabric');
    const document = JSON.parse(readFileSync(fabric?.path ?? '', 'utf8')) as PactDocument;
    const adjustment = document.interactions.find((i) => i.description.includes('adjustMemberPoints 200'));
    expect(adjustment).toBeDefined();
    expect(adjustment?.response.matchingRules?.body?.['$.data.transactionCode']?.matchers).toEqual([
      { match: 'regex', regex: NON_EMPTY },
    ]);
    // The reference provider answers a random UUID each time; the pact holds one fixed example.
    const content = adjustment?.response.body?.content as { data: { transactionCode: string } };
    expect(content.data.transactionCode).toBe(STABLE_UUID);
  });

  /** A reference provider whose adjustments answer `code` as their transaction code. */
  const transactionCode =
    (code: string): NonNullable<ReferenceServerOptions['handlers']>['adjustMemberPoints'] =>
    (context) => {
      const reply = HANDLERS.adjustMemberPoints(context);
      if (reply.status !== 200) return reply;
      const body = reply.body as { data: Record<string, unknown> };
      return { ...reply, body: { ...body, data: { ...body.data, transactionCode: code } } };
    };

  it('verifies a provider whose transaction codes are not UUIDs, and fails one answering an empty code', async () => {
    const fabric = exports[0]?.files.find((f) => f.family === 'fabric')?.path ?? '';
    for (const [code, exitCode] of [
      ['TX-000042', 0],
      ['', 1],
    ] as const) {
      const server = await startReferenceServer({ handlers: { adjustMemberPoints: transactionCode(code) } });
      try {
        const result = await verifyPacts({ pacts: [fabric], target: server.url });
        expect(result.exitCode, code).toBe(exitCode);
        if (exitCode === 1) {
          expect(failing(result).some((f) => f.actual?.includes('$.data.transactionCode'))).toBe(true);
        } else {
          expect(failing(result)).toEqual([]);
        }
      } finally {
        await server.close();
      }
    }
  }, 60_000);
});

describe('pact export: the consumer name is the team’s own', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-pact-names-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends without --consumer or pact.consumer with one line and exit 2, running nothing', async () => {
    const out = join(dir, 'none');
    const cli = await runCli(['pact', 'export', '--out', out]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(
      'loyalty-conformance: LC_ERR_CLI_USAGE: pact export needs a consumer name: --consumer <name> or pact.consumer in the profile\n',
    );
    expect(cli.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a consumer name that would leave the output folder', async () => {
    const error = await exportPacts({ outDir: join(dir, 'odd'), consumer: '../elsewhere' }).catch((e) => e);
    expect(isToolError(error, 'LC_ERR_CLI_USAGE')).toBe(true);
  });

  it('takes the names from the profile’s pact section, the command line winning', async () => {
    const profilePath = join(dir, 'named.yaml');
    writeFileSync(
      profilePath,
      `${readFileSync(REFERENCE_PROFILE_PATH, 'utf8')}\npact:\n  consumer: member-app\n  provider: acme\n`,
    );
    const server = await startReferenceServer();
    try {
      const common = [
        '--profile',
        profilePath,
        '--target',
        server.url,
        '--family',
        'fabric',
        '--tag',
        'fabric',
      ];
      const fromProfile = await runCli(['pact', 'export', '--out', join(dir, 'profile'), ...common]);
      expect(fromProfile.stderr).toBe('');
      expect(fromProfile.code).toBe(0);
      expect(readdirSync(join(dir, 'profile'))).toEqual(['member-app-acme-fabric.json']);
      const document = JSON.parse(readFileSync(join(dir, 'profile', 'member-app-acme-fabric.json'), 'utf8'));
      expect([document.consumer.name, document.provider.name]).toEqual(['member-app', 'acme-fabric']);

      const fromCli = await runCli([
        'pact',
        'export',
        '--out',
        join(dir, 'cli'),
        '--consumer',
        'kiosk',
        ...common,
      ]);
      expect(fromCli.code).toBe(0);
      expect(readdirSync(join(dir, 'cli'))).toEqual(['kiosk-acme-fabric.json']);
    } finally {
      await server.close();
    }
  }, 60_000);
});

/** What a fake Pact Broker on loopback received. */
interface BrokerRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

/**
 * A Pact Broker on loopback, as far as the verifier uses one: the fabric consumer pact at a
 * version URL with the broker's links, the provider resource, branch versions and verification
 * results (recorded, never stored).
 */
async function startFakeBroker(): Promise<{
  url: string;
  pactUrl: string;
  requests: BrokerRequest[];
  server: Server;
}> {
  const pact = JSON.parse(readFileSync(FABRIC_CONSUMER, 'utf8'));
  const requests: BrokerRequest[] = [];
  const pactPath = '/pacts/provider/fabric-loyalty/consumer/fabric-member-app/version/1.0.0';
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const url = req.url ?? '';
      requests.push({ method: req.method ?? '', url, authorization: req.headers.authorization, body });
      const hal = (status: number, document: object) => {
        res.writeHead(status, { 'content-type': 'application/hal+json' });
        res.end(JSON.stringify(document));
      };
      if (req.method === 'GET' && url === pactPath) {
        return hal(200, {
          ...pact,
          _links: {
            self: { href: `${base}${pactPath}` },
            'pb:provider': { href: `${base}/pacticipants/fabric-loyalty` },
            'pb:publish-verification-results': {
              href: `${base}/pacts/provider/fabric-loyalty/consumer/fabric-member-app/pact-version/1f2e/verification-results`,
            },
          },
        });
      }
      if (req.method === 'GET' && url === '/pacticipants/fabric-loyalty') {
        return hal(200, {
          name: 'fabric-loyalty',
          _links: {
            'pb:branch-version': {
              href: `${base}/pacticipants/fabric-loyalty/branches/{branch}/versions/{version}`,
              templated: true,
            },
          },
        });
      }
      if (req.method === 'PUT' || req.method === 'POST') return hal(req.method === 'POST' ? 201 : 200, {});
      return hal(404, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, pactUrl: `${url}${pactPath}`, requests, server };
}

describe('pact verify: provider version, branch and publishing', () => {
  let broker: Awaited<ReturnType<typeof startFakeBroker>>;
  const saved = {
    token: process.env.PACT_BROKER_TOKEN,
    publish: process.env.PACT_BROKER_PUBLISH_VERIFICATION_RESULTS,
  };
  const restore = (name: string, value: string | undefined) => {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  };

  beforeAll(async () => {
    broker = await startFakeBroker();
  });
  afterAll(async () => {
    restore('PACT_BROKER_TOKEN', saved.token);
    restore('PACT_BROKER_PUBLISH_VERIFICATION_RESULTS', saved.publish);
    await new Promise((resolve) => broker.server.close(resolve));
  });

  it('publishes the results with the provider version and branch when asked to, to the broker the pact came from', async () => {
    broker.requests.length = 0;
    process.env.PACT_BROKER_TOKEN = 'broker-token';
    const result = await verifyPacts({
      pacts: [broker.pactUrl],
      brokerUrl: broker.url,
      publish: true,
      providerVersion: '2.3.4',
      providerBranch: 'release-7',
    });
    expect(failing(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    // Read by the suite (state checks) and by the verifier, both with the token.
    const reads = broker.requests.filter((r) => r.method === 'GET' && r.url.startsWith('/pacts/'));
    expect(reads.length).toBeGreaterThanOrEqual(1);
    expect(reads.every((r) => r.authorization === 'Bearer broker-token')).toBe(true);
    expect(
      broker.requests.some((r) => r.method === 'PUT' && r.url.endsWith('/branches/release-7/versions/2.3.4')),
    ).toBe(true);
    const published = broker.requests.find((r) => r.method === 'POST');
    expect(published?.url).toContain('/verification-results');
    expect(JSON.parse(published?.body ?? '{}')).toMatchObject({
      providerApplicationVersion: '2.3.4',
      success: true,
    });
  }, 60_000);

  it('publishes nothing without --publish, even with a provider version and PACT_BROKER_PUBLISH_VERIFICATION_RESULTS set', async () => {
    broker.requests.length = 0;
    process.env.PACT_BROKER_TOKEN = 'broker-token';
    process.env.PACT_BROKER_PUBLISH_VERIFICATION_RESULTS = 'true';
    try {
      const result = await verifyPacts({
        pacts: [broker.pactUrl],
        providerVersion: '2.3.4',
        providerBranch: 'main',
      });
      expect(result.exitCode).toBe(0);
      expect(broker.requests.length).toBeGreaterThan(0);
      expect(broker.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    } finally {
      restore('PACT_BROKER_PUBLISH_VERIFICATION_RESULTS', saved.publish);
    }
  }, 60_000);

  it('refuses --publish without what it needs, with one line and exit 2, before any request', async () => {
    broker.requests.length = 0;
    process.env.PACT_BROKER_TOKEN = 'broker-token';
    const verify = (...flags: string[]) =>
      runCli(['pact', 'verify', '--out', join(tmpdir(), 'lc-pact-unused'), ...flags]);
    const cases: [string[], string][] = [
      [['--pact', broker.pactUrl, '--publish', '--provider-version', '1'], '--publish needs --broker-url'],
      [
        ['--pact', broker.pactUrl, '--publish', '--broker-url', broker.url],
        '--publish needs --provider-version',
      ],
      [
        ['--pact', FABRIC_CONSUMER, '--publish', '--broker-url', broker.url, '--provider-version', '1'],
        'a local file carries no link to publish its results to',
      ],
    ];
    for (const [flags, reason] of cases) {
      const cli = await verify(...flags);
      expect(cli.code, flags.join(' ')).toBe(2);
      expect(cli.stderr).toContain('LC_ERR_CLI_USAGE');
      expect(cli.stderr).toContain(reason);
      expect(cli.stderr.trim().split('\n')).toHaveLength(1);
    }
    delete process.env.PACT_BROKER_TOKEN;
    const tokenless = await verify(
      '--pact',
      broker.pactUrl,
      '--publish',
      '--broker-url',
      broker.url,
      '--provider-version',
      '1',
    );
    expect(tokenless.code).toBe(2);
    expect(tokenless.stderr).toContain('PACT_BROKER_TOKEN');
    expect(broker.requests).toEqual([]);
  });
});

/** Runs the CLI in a child process with the given environment changes; resolves with its output. */
function runBin(
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PACT_DO_NOT_TRACK: 'true' };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pact verify honours NO_COLOR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-pact-colour-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const args = ['pact', 'verify', '--pact', FABRIC_CONSUMER, '--reporter', 'console', '--out', dir];

  it('prints the verifier’s progress without ANSI escapes when NO_COLOR is set', async () => {
    const run = await runBin(args, { NO_COLOR: '1', FORCE_COLOR: undefined, CI: undefined });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Verifying a pact between fabric-member-app and fabric-loyalty');
    expect(run.stdout).toContain('has status code 200 (OK)');
    expect(run.stdout).not.toContain('\x1b[');
  }, 60_000);

  it('keeps the colours where they are asked for', async () => {
    const run = await runBin(args, { NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\x1b[');
  }, 60_000);
});
