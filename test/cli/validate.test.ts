// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { STAGING_ENV } from '../profile/support.ts';
import { runCli } from './capture.ts';

const REFERENCE = 'config/reference.yaml';
const STAGING = 'config/staging.example.yaml';

/** The example as a user leaves it once done: no `# TODO` markers, no TODO values. */
function filledIn(text: string): string {
  return text.replace(/[ \t]+# TODO.*$/gm, '').replace(/TODO-/g, 'FILLED-');
}

function writeProfile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lc-validate-')), 'profile.yaml');
  writeFileSync(path, text);
  return path;
}

/** One line on stderr, prefixed with the tool name and the error code, and no stack trace. */
function expectOneLineError(stderr: string, code: string): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(new RegExp(`^loyalty-conformance: ${code}: `));
  expect(stderr).not.toMatch(/\bat .+:\d+:\d+/);
}

describe('loyalty-conformance validate', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('warns on stderr of credentials sent over plain http to another machine, and still exits 0', async () => {
    // The capillary base URL only: the fabric one stays on this machine, and is not warned of.
    const text = readFileSync(REFERENCE, 'utf8').replace(
      'baseUrl: ${LC_REFERENCE_URL:-http://127.0.0.1:8080}\n',
      'baseUrl: http://staging.example.test:8080\n',
    );
    expect(text).not.toBe(readFileSync(REFERENCE, 'utf8'));
    const { code, stdout, stderr } = await runCli(['validate', writeProfile(text)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^profile OK: /);
    expect(stderr).toMatch(
      /^loyalty-conformance: warning: capillary\.baseUrl is plain http:\/\/ to staging\.example\.test:8080, another machine: .*unencrypted.*https:\/\/.*\n$/,
    );
  });

  it('prints a summary of the reference profile and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['validate', REFERENCE]);
    expect(code).toBe(0);
    expect(stdout).toBe('profile OK: reference (reference), capillary orgs: strict, lenient; fabric: yes\n');
    expect(stderr).toBe('');
  });

  it('refuses the staging example with no variables set, listing every unset variable and placeholder in one line', async () => {
    for (const name of Object.keys(STAGING_ENV)) vi.stubEnv(name, undefined);
    const { code, stdout, stderr } = await runCli(['validate', STAGING]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr, 'LC_ERR_PROFILE_PLACEHOLDER');
    expect(stderr).toMatch(
      /^loyalty-conformance: LC_ERR_PROFILE_PLACEHOLDER: Profile config\/staging\.example\.yaml still has \d+ TODO placeholders: line \d+ capillary\.orgs\[0\]\.config\.defaultProgramId, /,
    );
    expect(stderr).toMatch(/ line \d+ fabric\.fixtures\.member\.profileId; environment variables not set: /);
    for (const [variable, field] of [
      // no default: a staging profile never reaches a cluster the user did not name
      ['CAPILLARY_BASE_URL', 'capillary.baseUrl'],
      ['CAPILLARY_USERNAME', 'capillary.orgs[0].auth.username'],
      ['CAPILLARY_PASSWORD', 'capillary.orgs[0].auth.password'],
      ['CAPILLARY_OAUTH_KEY', 'capillary.orgs[0].alternateAuth.key'],
      ['CAPILLARY_OAUTH_SECRET', 'capillary.orgs[0].alternateAuth.secret'],
      ['FABRIC_BASE_URL', 'fabric.baseUrl'],
      ['FABRIC_TOKEN', 'fabric.auth.token'],
    ]) {
      expect(stderr).toContain(`${variable} (${field})`);
    }
  });

  it('refuses the staging example with its variables set: its TODO placeholders are still there', async () => {
    for (const [name, value] of Object.entries(STAGING_ENV)) vi.stubEnv(name, value);
    const { code, stderr } = await runCli(['validate', STAGING]);
    expect(code).toBe(2);
    expectOneLineError(stderr, 'LC_ERR_PROFILE_PLACEHOLDER');
    expect(stderr).toMatch(/line \d+ capillary\.orgs\[0\]\.fixtures\.bills\.billWithLineItems\.billNumber/);
    expect(stderr).not.toContain('environment variables');
  });

  it('validates the staging example once its TODOs are filled in and its variables set', async () => {
    for (const [name, value] of Object.entries(STAGING_ENV)) vi.stubEnv(name, value);
    const { code, stdout } = await runCli([
      'validate',
      writeProfile(filledIn(readFileSync(STAGING, 'utf8'))),
    ]);
    expect(code).toBe(0);
    expect(stdout).toBe('profile OK: my-staging (staging), capillary orgs: main; fabric: yes\n');
  });

  it('names every unset variable and its field, in one line, exit 2', async () => {
    for (const [name, value] of Object.entries(STAGING_ENV)) vi.stubEnv(name, value);
    vi.stubEnv('CAPILLARY_PASSWORD', undefined);
    vi.stubEnv('FABRIC_TOKEN', undefined);
    const { code, stdout, stderr } = await runCli([
      'validate',
      writeProfile(filledIn(readFileSync(STAGING, 'utf8'))),
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expectOneLineError(stderr, 'LC_ERR_PROFILE_ENV_MISSING');
    expect(stderr).toMatch(
      /: environment variables not set: CAPILLARY_PASSWORD \(capillary\.orgs\[0\]\.auth\.password\), FABRIC_TOKEN \(fabric\.auth\.token\); set them, or load a dotenv file with --env-file FILE\n$/,
    );
  });

  it('reports an invalid field in one line without a stack trace or the password, exit 2', async () => {
    vi.stubEnv('LC_TEST_CANARY', 'canary-77aa-never-printed');
    const path = writeProfile(
      [
        'name: bad',
        'environment: staging',
        'capillary:',
        '  baseUrl: https://cap.example.com',
        '  orgs:',
        '    - id: main',
        '      auth: { scheme: basic, username: u, password: "${LC_TEST_CANARY}" }',
        '      config: { negativeBalanceOnReturn: maybe, programs: [{ id: 1 }] }',
        '      fixtures: { customers: { a: { identifiers: { mobile: "1" }, programs: [1] } }, roles: { deductible: a } }',
        '',
      ].join('\n'),
    );
    const { code, stderr } = await runCli(['validate', path]);
    expect(code).toBe(2);
    expectOneLineError(stderr, 'LC_ERR_PROFILE_INVALID');
    expect(stderr).toContain(
      'capillary.orgs[0].config.negativeBalanceOnReturn: must be one of on, off, unknown (got "maybe")',
    );
    expect(stderr).not.toContain('canary-77aa-never-printed');
  });

  it('reports a missing file in one line, exit 2', async () => {
    const { code, stderr } = await runCli(['validate', 'config/no-such-profile.yaml']);
    expect(code).toBe(2);
    expectOneLineError(stderr, 'LC_ERR_PROFILE_NOT_FOUND');
  });

  it('reports invalid YAML with its line, exit 2', async () => {
    const path = writeProfile('name: x\nenvironment: [staging\n');
    const { code, stderr } = await runCli(['validate', path]);
    expect(code).toBe(2);
    expectOneLineError(stderr, 'LC_ERR_PROFILE_PARSE');
    expect(stderr).toMatch(/line \d+, column \d+/);
  });

  it('exits 2 without a profile argument', async () => {
    const { code } = await runCli(['validate']);
    expect(code).toBe(2);
  });
});
