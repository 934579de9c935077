import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { readReport } from '../../src/report/load-report.ts';
import { type ProfileDocument, profilePathOf } from '../faults/profiles.ts';
import { runCli } from './capture.ts';

/**
 * `safety.allowMutations` against a target that counts requests by method: `false` holds in every
 * environment, and a production profile runs mutating scenarios only with the profile's consent
 * AND `--allow-mutations`. The reference provider's only state-changing endpoints are POSTs.
 */
let server: ReferenceServer;
let methods: Map<string, string[]>;

beforeAll(async () => {
  server = await startReferenceServer({
    port: 0,
    log: (line) => {
      const [method = '', path = ''] = line.split(' ');
      methods.set(method, [...(methods.get(method) ?? []), path]);
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  methods = new Map();
  server.reset();
});

const profile = (environment: string, allowMutations: boolean | undefined) =>
  profilePathOf({
    edit: (p: ProfileDocument) => {
      p.environment = environment;
      if (allowMutations === undefined) delete p.safety;
      else p.safety = { allowMutations };
    },
  });

/** The OAuth token endpoint: a POST that obtains credentials, changing no balance or bill. */
const TOKEN_PATH = '/v3/oauth/token/generate';

/** A command against the counting server with a profile, its JSON report in a fresh folder. */
function against(command: string[], profilePath: string, flags: string[]) {
  const out = mkdtempSync(join(tmpdir(), 'lc-safety-'));
  const args = ['--profile', profilePath, '--capillary-url', server.capillaryBaseUrl];
  return {
    out,
    result: runCli([
      ...command,
      ...args,
      '--fabric-url',
      server.fabricBaseUrl,
      '--reporter',
      'json',
      '--out',
      out,
      ...flags,
    ]),
  };
}

async function run(profilePath: string, ...flags: string[]) {
  const { out, result } = against(['run'], profilePath, flags);
  const { code, stderr } = await result;
  const report = readReport(join(out, 'conformance.json'));
  return {
    code,
    stderr,
    gets: (methods.get('GET') ?? []).length,
    /** POSTs that may change the target's state (every documented operation but the token's). */
    posts: (methods.get('POST') ?? []).filter((path) => path !== TOKEN_PATH),
    skipReasons: new Set(report.scenarios.filter((s) => s.verdict === 'skip').map((s) => s.reason)),
  };
}

const PRODUCTION = 'production profile: mutating scenario not run: ';

describe('run: safety.allowMutations', () => {
  it('sends no state-changing request on a staging profile with allowMutations: false', async () => {
    const { code, gets, posts, skipReasons } = await run(profile('staging', false));
    expect(posts).toEqual([]);
    expect(gets).toBeGreaterThan(0); // the read-only scenarios ran
    expect(skipReasons).toContain('safety.allowMutations is false: mutating scenario not run');
    expect(code).toBe(0);
  });

  it('keeps allowMutations: false even with --allow-mutations', async () => {
    const { posts, skipReasons } = await run(profile('staging', false), '--allow-mutations');
    expect(posts).toEqual([]);
    expect(skipReasons).toContain('safety.allowMutations is false: mutating scenario not run');
  });

  it('sends none on production with allowMutations: true but without --allow-mutations', async () => {
    const { posts, skipReasons } = await run(profile('production', true));
    expect(posts).toEqual([]);
    expect(skipReasons).toContain(
      `${PRODUCTION}--allow-mutations is missing (safety.allowMutations: true alone is not enough)`,
    );
  });

  it('sends none on production with --allow-mutations but no allowMutations: true in the profile', async () => {
    const { posts, skipReasons } = await run(profile('production', undefined), '--allow-mutations');
    expect(posts).toEqual([]);
    expect(skipReasons).toContain(
      `${PRODUCTION}safety.allowMutations: true in the profile is missing (--allow-mutations alone is not enough)`,
    );
  });

  it('runs mutating scenarios on production with both allowMutations: true and --allow-mutations', async () => {
    const { code, posts, skipReasons } = await run(profile('production', true), '--allow-mutations');
    expect(posts.length).toBeGreaterThan(0);
    expect([...skipReasons].filter((r) => r?.includes('mutating scenario not run'))).toEqual([]);
    expect(code).toBe(0);
  });
});

describe('pact verify: the same safety, for replayed interactions', () => {
  const verify = (profilePath: string, ...flags: string[]) =>
    against(['pact', 'verify', '--pact', 'test/pact/fixtures/fabric-consumer.json'], profilePath, flags)
      .result;

  it('refuses a pact with mutating interactions when the profile does not allow mutations, sending nothing', async () => {
    const { code, stderr } = await verify(profile('staging', false));
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('LC_ERR_PACT_UNSAFE');
    expect(stderr).toContain('safety.allowMutations: false');
    expect([...methods.keys()]).toEqual([]);
  });

  it("refuses a profile's TLS settings for an https target, which the Pact verifier cannot apply, sending nothing", async () => {
    const withTls = profilePathOf({
      edit: (p: ProfileDocument) => {
        p.environment = 'staging';
        p.safety = { allowMutations: true };
        (p.fabric as Record<string, unknown>).tls = { ca: 'corporate-ca.pem' };
      },
    });
    const { code, stdout, stderr } = await runCli([
      'pact',
      'verify',
      '--pact',
      'test/pact/fixtures/fabric-consumer.json',
      '--profile',
      withTls,
      '--fabric-url',
      'https://127.0.0.1:9/api',
      '--capillary-url',
      server.capillaryBaseUrl,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      `loyalty-conformance: LC_ERR_PACT_TLS: Not verifying ${resolve('test/pact/fixtures/fabric-consumer.json')}: the profile gives fabric.tls.ca for an https target, which the Pact verifier cannot apply (it opens its own connections); verify a target reachable without it, or judge this one with run, which applies it; nothing was sent`,
    ]);
    expect([...methods.keys()]).toEqual([]);
    // Over plain http the settings play no part, for run as for the verifier: verified as before.
    const plain = await verify(withTls);
    expect(plain.stderr).not.toContain('LC_ERR_PACT_TLS');
  });

  it('refuses it on production without --allow-mutations', async () => {
    const { code, stderr } = await verify(profile('production', true));
    expect(code).toBe(2);
    expect(stderr).toContain('add --allow-mutations');
    expect([...methods.keys()]).toEqual([]);
  });
});
