import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { orgsOf, profilePathOf } from '../faults/profiles.ts';
import { STAGING_ENV } from '../profile/support.ts';
import { runCli } from './capture.ts';

/**
 * A verdict is about the target, never about the tool's set-up: wrong credentials and a selection
 * that picks nothing end the run with exit 2 and one line, before any scenario is judged.
 */
let server: ReferenceServer;
const out = () => mkdtempSync(join(tmpdir(), 'lc-tool-errors-'));
const target = () => ['--capillary-url', server.capillaryBaseUrl, '--fabric-url', server.fabricBaseUrl];

beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
});
afterAll(() => server.close());

/** Runs `action` with `vars` set in the environment, then restores it. */
async function withEnv<T>(vars: Record<string, string>, action: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await action();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const oneLine = (stderr: string, code: string) => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(code);
  expect(stderr).not.toMatch(/\n\s+at /);
};

describe('run: tool errors are not vendor failures', () => {
  it('ends with LC_ERR_AUTH_REJECTED (exit 2) when an org password is wrong, judging nothing', async () => {
    const profile = profilePathOf({
      edit: (p) => {
        orgsOf(p)[1]!.auth.password = 'not-the-password';
      },
    });
    const { code, stdout, stderr } = await runCli(['run', '--profile', profile, ...target(), '--out', out()]);
    expect(code).toBe(2);
    oneLine(stderr, 'LC_ERR_AUTH_REJECTED');
    expect(stderr).toContain('org lenient (auth, basic)');
    expect(stderr).toContain('401');
    expect(stderr).not.toContain('not-the-password');
    expect(stdout).not.toMatch(/NON-CONFORMANT/);
  });

  it('refuses a secret the reports could not redact and stay readable: one line naming the field, nothing sent', async () => {
    // Every report redacts each secret wherever it appears: when checks still read the redacted
    // exchange, a password `1` made 127.0.0.1 unparsable ("internal error: Invalid URL") and a proxy
    // password `p` turned "application/json" into a GEN-CONTENT-TYPE failure of a correct target.
    // Checks now judge the exchange as received; the refusal stays for the reports' sake.
    for (const [password, problem] of [
      ['1', 'is shorter than 4 characters'],
      ['http', 'is part of a base URL, an endpoint path or the JSON content type'],
    ] as const) {
      const profile = profilePathOf({
        edit: (p) => {
          orgsOf(p)[0]!.auth.password = password;
        },
      });
      for (const command of [
        ['run', '--profile', profile],
        ['run', '--dry-run', '--profile', profile],
        ['validate', profile],
      ]) {
        const { code, stdout, stderr } = await runCli([
          ...command,
          ...(command[0] === 'run' ? [...target(), '--out', out()] : []),
        ]);
        expect(code, stderr).toBe(2);
        expect(stdout).toBe('');
        oneLine(stderr, 'LC_ERR_PROFILE_INVALID');
        expect(stderr).toContain(
          `capillary.orgs[0].auth.password ${problem}: the reports redact every secret wherever it appears, so it would be cut out of every URL, content type and answer they show`,
        );
        // Checks judge the exchange as received: the line once blamed redaction for changing what
        // is judged, which sent an operator looking for a verdict problem that is not there.
        expect(stderr).not.toContain('judged');
      }
    }
    const proxied = await withEnv({ HTTPS_PROXY: 'http://user:p@127.0.0.1:1' }, () =>
      runCli(['run', '--profile', profilePathOf({ edit: () => {} }), ...target(), '--out', out()]),
    );
    expect(proxied.code).toBe(2);
    oneLine(
      proxied.stderr,
      'LC_ERR_PROXY_INVALID: Environment variable HTTPS_PROXY is not a usable proxy URL: the password in its URL is shorter than 4 characters',
    );
    expect(proxied.stderr).not.toContain('user:p');
  });

  it('ends with LC_ERR_AUTH_REJECTED when the fabric token is wrong', async () => {
    const profile = profilePathOf({
      edit: (p) => {
        p.fabric.auth.token = 'wrong-fabric-token';
      },
    });
    const { code, stderr } = await runCli(['run', '--profile', profile, ...target(), '--out', out()]);
    expect(code).toBe(2);
    oneLine(stderr, 'LC_ERR_AUTH_REJECTED');
    expect(stderr).toContain('fabric (auth, bearer)');
    expect(stderr).not.toContain('wrong-fabric-token');
  });

  it('ends with LC_ERR_PROFILE_FIXTURE_UNKNOWN when the target does not know a fixture customer, never printing its identifier', async () => {
    const typo = '919800009999';
    const profile = profilePathOf({
      edit: (p) => {
        orgsOf(p)[0]!.fixtures.customers['customer-1003'].identifiers.mobile = typo;
      },
    });
    const { code, stdout, stderr } = await runCli(['run', '--profile', profile, ...target(), '--out', out()]);
    expect(code).toBe(2);
    oneLine(stderr, 'LC_ERR_PROFILE_FIXTURE_UNKNOWN');
    expect(stderr).toContain('customer customer-1003 of org strict');
    expect(stderr).toContain('by its mobile');
    expect(stderr).toContain('8015');
    expect(stdout + stderr).not.toContain(typo);
    expect(stdout).not.toMatch(/NON-CONFORMANT/);
  });

  it('reads a customer alone only by an identifier a correct target must find it by', async () => {
    // Unknown to the target, but never read alone: in the strict org (dual eligibility, primary
    // mobile) the email of a customer without a mobile, which the balance page may answer 8015; in
    // the lenient org an email two customers share, their only identifier.
    const profile = profilePathOf({
      edit: (p) => {
        const [strict, lenient] = orgsOf(p);
        const deductible = strict!.fixtures.customers['customer-1001'];
        delete deductible.identifiers.mobile;
        deductible.identifiers.email = 'nobody-here@example.com';
        for (const key of ['customer-2002', 'customer-2003']) {
          const customer = lenient!.fixtures.customers[key];
          delete customer.identifiers.mobile;
          delete customer.identifiers.externalId;
          customer.identifiers.email = 'nobody-shared@example.com';
        }
      },
    });
    const { code, stderr } = await runCli(['run', '--profile', profile, ...target(), '--out', out()]);
    expect(stderr).not.toContain('LC_ERR_PROFILE_FIXTURE_UNKNOWN');
    expect(code).not.toBe(2);
  });

  it('exits 2 with LC_ERR_NOTHING_SELECTED for a requirement only universal checks judge, naming it', async () => {
    const { code, stderr } = await runCli(['run', '--requirement', 'GEN-BODY-SCHEMA', '--out', out()]);
    expect(code).toBe(2);
    oneLine(stderr, 'LC_ERR_NOTHING_SELECTED');
    expect(stderr).toContain('no scenario verifies GEN-BODY-SCHEMA');
  });

  it('exits 2 when filters that AND together select nothing', async () => {
    const { code, stderr } = await runCli([
      'run',
      '--grep',
      '8907',
      '--tag',
      'dual-eligibility',
      '--requirement',
      'CAP-UPP-ONCE',
      '--out',
      out(),
    ]);
    expect(code).toBe(2);
    oneLine(stderr, 'LC_ERR_NOTHING_SELECTED');
    expect(stderr).toContain('filters combine');
  });

  it('exits 2 when every selected scenario is skipped (nothing judged), with the reports written', async () => {
    // The access-group scenario needs restrictedAuth: without it nothing of the selection can run.
    const profile = profilePathOf({
      edit: (p) => {
        for (const org of orgsOf(p)) delete org.restrictedAuth;
      },
    });
    const dir = out();
    const { code, stderr } = await runCli([
      'run',
      '--profile',
      profile,
      ...target(),
      '--requirement',
      'CAP-AUTH-ACCESS-GROUP',
      '--out',
      dir,
    ]);
    expect(code).toBe(2);
    oneLine(stderr, 'LC_ERR_NOTHING_SELECTED');
    expect(stderr).toContain('nothing was judged');
    // A bare `loyalty-conformance plan`, pasted, planned the reference profile (README drift audit
    // of 2026-12-05): the hint names the options to repeat.
    expect(stderr).toContain("plan with this run's --profile and --env-file");
    expect(stderr).not.toContain('`loyalty-conformance plan`');
  });

  it('refuses a profile with TODO placeholders before sending anything (LC_ERR_PROFILE_PLACEHOLDER)', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, STAGING_ENV);
    try {
      const { code, stderr } = await runCli([
        'run',
        '--profile',
        'config/staging.example.yaml',
        ...target(),
        '--out',
        out(),
      ]);
      expect(code).toBe(2);
      oneLine(stderr, 'LC_ERR_PROFILE_PLACEHOLDER');
      expect(stderr).toMatch(/line \d+ capillary\.orgs\[0\]/);
      expect(stderr).not.toContain(STAGING_ENV.CAPILLARY_PASSWORD);
    } finally {
      for (const key of Object.keys(STAGING_ENV)) if (!(key in saved)) delete process.env[key];
    }
  });
});
