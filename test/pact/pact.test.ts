// Pact's native core sends telemetry unless told not to, before the module loads (TOOLING.md).
process.env.PACT_DO_NOT_TRACK = 'true';

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/engine/types.ts';
import { isToolError } from '../../src/errors.ts';
import { exportPacts, type PactExportResult } from '../../src/pact/export.ts';
import { verifyPacts } from '../../src/pact/verify.ts';
import { REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';
import { HANDLERS } from '../../src/reference/handlers/index.ts';
import {
  type ReferenceServer,
  type ReferenceServerOptions,
  startReferenceServer,
} from '../../src/reference/server.ts';
import { runCli } from '../cli/capture.ts';

const FABRIC_CONSUMER = new URL('./fixtures/fabric-consumer.json', import.meta.url).pathname;

/** Suites whose scenarios become the contracts: deductions, reads, unlocks, fabric, credentials. */
const EXPORT_TAGS = ['negative-balance', 'balance', 'promised-points', 'fabric', 'authentication'];

/** A reference provider with one broken handler, for as long as a test needs it. */
async function withProvider<T>(
  handlers: ReferenceServerOptions['handlers'],
  body: (server: ReferenceServer) => Promise<T>,
): Promise<T> {
  const server = await startReferenceServer({ handlers });
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

const failing = (result: RunResult) =>
  result.requirements.flatMap((r) => r.checks).filter((c) => c.verdict === 'fail');

describe('pact export and verify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lc-pact-'));
  let exported: PactExportResult;
  let capillaryPact: { interactions: Record<string, unknown>[] };

  beforeAll(async () => {
    exported = await exportPacts({ outDir: join(dir, 'pacts'), consumer: 'member-app', tags: EXPORT_TAGS });
    const capillary = exported.files.find((f) => f.family === 'capillary');
    capillaryPact = JSON.parse(readFileSync(capillary?.path ?? '', 'utf8'));
  }, 60_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes one Pact V4 file per API family with tens of interactions', () => {
    expect(exported.files.map((f) => f.family)).toEqual(['capillary', 'fabric']);
    const total = exported.files.reduce((n, f) => n + f.interactions, 0);
    expect(total).toBeGreaterThanOrEqual(15);
    expect(total).toBeLessThanOrEqual(80);
    const document = JSON.parse(readFileSync(exported.files[0]?.path ?? '', 'utf8'));
    expect(document.metadata.pactSpecification.version).toBe('4.0');
    expect(document.consumer.name).toBe('member-app');
    expect(document.provider.name).toBe('capillary-loyalty');
  });

  it('states the response shape with matchers derived from the spec, not literal values', () => {
    const deduction = capillaryPact.interactions.find((i) =>
      String(i.description).endsWith(': negativePointsAdjustment 200 @strict'),
    ) as { response: { matchingRules: { body: Record<string, { matchers: unknown[] }> } } } | undefined;
    expect(deduction).toBeDefined();
    const rules = deduction?.response.matchingRules.body ?? {};
    expect(rules['$.pointsAvailable']?.matchers).toEqual([
      { match: 'regex', regex: '^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$' },
    ]);
    expect(rules['$.status']?.matchers).toEqual([{ match: 'type' }]);

    const error = capillaryPact.interactions.find((i) => String(i.description).includes('error 8907')) as
      | { response: { matchingRules: { body: Record<string, { matchers: unknown[] }>; status: unknown } } }
      | undefined;
    const errorRules = error?.response.matchingRules.body ?? {};
    expect(errorRules['$.errors']?.matchers).toEqual([{ match: 'type', min: 1 }]);
    // The error code is the contract; the message text is not.
    expect(errorRules['$.errors[*].code']?.matchers).toEqual([{ match: 'equality' }]);
    expect(errorRules['$.errors[*].message']?.matchers).toEqual([{ match: 'type' }]);
  });

  it('names provider states after the fixtures, with the balance read before the request', () => {
    // The export keeps one interaction per status and code: 8907's is the point deducted once the
    // drainable customer is at zero (exact-balance), the first run to answer it.
    const deduction = capillaryPact.interactions.find((i) =>
      String(i.description).startsWith(
        'negative-balance.exact-balance: negativePointsAdjustment 400 error 8907',
      ),
    ) as { providerStates: { name: string; params: Record<string, unknown> }[] } | undefined;
    const names = deduction?.providerStates.map((s) => s.name) ?? [];
    expect(names).toEqual([
      'org strict has negative balance on return off',
      'customer customer-1005 of org strict has 0 points in program 469',
    ]);
  });

  it('holds no credentials: a placeholder with a regex matcher, the principal in a header', () => {
    const text = readFileSync(exported.files[0]?.path ?? '', 'utf8');
    expect(text).not.toContain('strict-till-secret');
    expect(text).not.toContain('[REDACTED]');
    const first = capillaryPact.interactions[0] as {
      request: { headers: Record<string, string[]>; matchingRules: { header: Record<string, unknown> } };
    };
    expect(first.request.headers['X-LC-Principal']).toHaveLength(1);
    const credential = first.request.headers.Authorization ?? first.request.headers['X-CAP-API-OAUTH-TOKEN'];
    expect(credential?.[0]).toContain('LC-PLACEHOLDER');
  });

  it('records the requirements and the scenario of each interaction in its comments', () => {
    for (const interaction of capillaryPact.interactions as { comments: Record<string, string> }[]) {
      expect(interaction.comments.requirements).toMatch(/^[A-Z]+-[A-Z0-9-]+(,[A-Z]+-[A-Z0-9-]+)*$/);
      expect(interaction.comments.scenario).toBeTruthy();
    }
  });

  it('verifies the exported pacts against the reference provider', async () => {
    const result = await verifyPacts({ pacts: [join(dir, 'pacts')] });
    expect(failing(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.scenarios).toHaveLength(exported.interactions.length);
    const checks = result.requirements.flatMap((r) => r.checks);
    expect(checks.every((c) => c.checkId.startsWith('pact.'))).toBe(true);
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-8907')?.verdict).toBe('pass');
  });

  it('fails a provider answering pointsAvailable as a boolean, with Pact’s mismatch text in the report', async () => {
    const brokenFormat: NonNullable<ReferenceServerOptions['handlers']>['negativePointsAdjustment'] = (
      context,
    ) => {
      const reply = HANDLERS.negativePointsAdjustment(context);
      return reply.status === 200
        ? { ...reply, body: { ...(reply.body as object), pointsAvailable: true } }
        : reply;
    };
    await withProvider({ negativePointsAdjustment: brokenFormat }, async (server) => {
      const out = join(dir, 'report-boolean');
      const cli = await runCli([
        'pact',
        'verify',
        '--pact',
        join(dir, 'pacts'),
        '--target',
        server.url,
        '--reporter',
        'json',
        '--out',
        out,
      ]);
      expect(cli.code).toBe(1);
      const report = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as RunResult;
      const failures = failing(report);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((f) => f.checkId.includes('negativePointsAdjustment 200'))).toBe(true);
      const format = failures.find((f) => f.requirementId === 'CAP-NPA-POINTS-AVAILABLE-FORMAT');
      expect(format?.actual).toContain('$.pointsAvailable');
      expect(format?.actual).toMatch(/Expected .*true.* to match/);
      expect(format?.message).toContain('Pact interaction failed');
    });
  });

  /** A balance handler whose 200 answers carry mainPoints and totalPoints changed by `change`. */
  const balanceAmounts =
    (change: (n: unknown) => unknown): NonNullable<ReferenceServerOptions['handlers']>['getPointsBalance'] =>
    (context) => {
      const reply = HANDLERS.getPointsBalance(context);
      if (reply.status !== 200) return reply;
      const body = reply.body as Record<string, unknown>;
      return {
        ...reply,
        body: { ...body, mainPoints: change(body.mainPoints), totalPoints: change(body.totalPoints) },
      };
    };

  it('verifies a provider answering the recorded numeric amounts as numeric strings (the spec allows both)', async () => {
    const balance = capillaryPact.interactions.find((i) =>
      String(i.description).includes(': getPointsBalance 200'),
    ) as { response: { body: { content: Record<string, unknown> } } } | undefined;
    expect(typeof balance?.response.body.content.mainPoints).toBe('number');
    await withProvider({ getPointsBalance: balanceAmounts((n) => Number(n).toFixed(3)) }, async (server) => {
      const result = await verifyPacts({ pacts: [join(dir, 'pacts')], target: server.url });
      expect(failing(result)).toEqual([]);
      expect(result.exitCode).toBe(0);
    });
  });

  it('still fails a provider answering those amounts with text that is not a number', async () => {
    await withProvider({ getPointsBalance: balanceAmounts(() => 'lots') }, async (server) => {
      const result = await verifyPacts({ pacts: [join(dir, 'pacts')], target: server.url });
      expect(result.exitCode).toBe(1);
      const failures = failing(result);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((f) => f.checkId.includes('getPointsBalance'))).toBe(true);
      expect(failures.some((f) => /\$\.mainPoints/.test(f.actual ?? ''))).toBe(true);
    });
  });

  it('fails a provider answering getPointsBalance with a 500', async () => {
    const down: NonNullable<ReferenceServerOptions['handlers']>['getPointsBalance'] = () => ({
      status: 500,
      body: { errors: [{ status: false, code: 500, message: 'internal error' }], warnings: [] },
    });
    await withProvider({ getPointsBalance: down }, async (server) => {
      const result = await verifyPacts({ pacts: [join(dir, 'pacts')], target: server.url });
      expect(result.exitCode).toBe(1);
      const failures = failing(result);
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.every((f) => f.checkId.includes('getPointsBalance'))).toBe(true);
      expect(failures.some((f) => /StatusMismatch: expected .*but was 500/i.test(f.actual ?? ''))).toBe(true);
    });
  });

  it('checks states through the API on a target that is not the reference provider', async () => {
    const lines: string[] = [];
    const profilePath = join(dir, 'staging-like.yaml');
    writeFileSync(
      profilePath,
      readFileSync(REFERENCE_PROFILE_PATH, 'utf8').replace(
        /^environment: reference$/m,
        'environment: staging',
      ),
    );
    const server = await startReferenceServer({ log: (line) => lines.push(line) });
    try {
      const result = await verifyPacts({ pacts: [join(dir, 'pacts')], profilePath, target: server.url });
      expect(failing(result)).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(lines.some((line) => line.includes('/__reference'))).toBe(false);
      // A deduction refused with 8907 needs a balance below its amount; earlier interactions
      // changed the balance, so that state no longer holds here: skipped, not failed.
      const skipped = result.requirements.flatMap((r) => r.checks).filter((c) => c.verdict === 'skip');
      for (const check of skipped) expect(check.message).toContain('does not hold on this target');
    } finally {
      await server.close();
    }
  });
});

describe('pact verify of a hand-written consumer contract', () => {
  it('verifies the fabric consumer pact against the reference provider', async () => {
    const result = await verifyPacts({ pacts: [FABRIC_CONSUMER] });
    expect(failing(result)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const checks = result.requirements.flatMap((r) => r.checks);
    expect(checks.map((c) => [c.requirementId, c.verdict, c.principal]).sort()).toEqual([
      ['FAB-INQ-BALANCE', 'pass', 'fabric'],
      // An interaction naming no requirement counts for the body-shape requirement.
      ['GEN-BODY-SCHEMA', 'pass', 'fabric'],
    ]);
  });

  it("ends with LC_ERR_AUTH_REJECTED (exit 2) before any interaction when the target refuses the profile's credentials", async () => {
    // Before, each interaction failed on the 401 and the verification exited 1: a contract verdict
    // on a target whose only fault was the profile's password.
    const dir = mkdtempSync(join(tmpdir(), 'lc-pact-auth-'));
    const profilePath = join(dir, 'wrong-password.yaml');
    writeFileSync(
      profilePath,
      readFileSync(REFERENCE_PROFILE_PATH, 'utf8').replace(
        'password: strict-till-secret',
        'password: not-the-password',
      ),
    );
    const lines: string[] = [];
    const server = await startReferenceServer({ log: (line) => lines.push(line) });
    try {
      const error = await verifyPacts({ pacts: [FABRIC_CONSUMER], profilePath, target: server.url }).catch(
        (e: unknown) => e,
      );
      expect(isToolError(error, 'LC_ERR_AUTH_REJECTED'), String(error)).toBe(true);
      expect((error as Error).message).toContain('org strict');
      expect((error as Error).message).not.toContain('not-the-password');
      // No interaction was replayed: the member inquiry of the pact was never asked.
      expect(lines.some((line) => line.includes('/api/v1/inquire/'))).toBe(false);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a state naming an unknown fixture with LC_ERR_PACT_STATE_UNKNOWN before any request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-pact-state-'));
    const lines: string[] = [];
    const server = await startReferenceServer({ log: (line) => lines.push(line) });
    try {
      const pact = JSON.parse(readFileSync(FABRIC_CONSUMER, 'utf8'));
      pact.interactions[1].providerStates[0].name = 'fabric member nobody exists';
      const file = join(dir, 'unknown-state.json');
      writeFileSync(file, JSON.stringify(pact));
      const error = await verifyPacts({ pacts: [file], target: server.url }).catch((e: unknown) => e);
      expect(isToolError(error, 'LC_ERR_PACT_STATE_UNKNOWN')).toBe(true);
      expect((error as Error).message).toContain('fabric member nobody');
      expect((error as Error).message).toContain('does not declare');
      expect(lines).toEqual([]);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a state outside the vocabulary, naming the forms it knows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-pact-state-'));
    try {
      const pact = JSON.parse(readFileSync(FABRIC_CONSUMER, 'utf8'));
      pact.interactions[0].providerStates = [{ name: 'the moon is full', params: {} }];
      const file = join(dir, 'odd-state.json');
      writeFileSync(file, JSON.stringify(pact));
      const cli = await runCli(['pact', 'verify', '--pact', file, '--out', join(dir, 'reports')]);
      expect(cli.code).toBe(2);
      expect(cli.stderr).toContain('LC_ERR_PACT_STATE_UNKNOWN');
      expect(cli.stderr).toContain('the moon is full');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
