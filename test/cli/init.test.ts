// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadProfile } from '../../src/profile/load-profile.ts';
import { PROFILE_SCHEMA_PATH } from '../../src/profile/schema.ts';
import { STAGING_ENV } from '../profile/support.ts';
import { runCli } from './capture.ts';

const freshDir = () => mkdtempSync(join(tmpdir(), 'lc-init-'));

describe('loyalty-conformance init', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('writes a commented template whose TODOs validate lists, and that validates once they are filled in', async () => {
    const out = join(freshDir(), 'config', 'acme-staging.yaml');
    const { code, stdout } = await runCli(['init', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${out}: fill in its 11 TODO placeholders`);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^name: acme-staging$/m);
    expect(text).toContain(`#   loyalty-conformance validate ${out}\n`);
    expect(text).toContain('password: ${CAPILLARY_PASSWORD}');
    expect(text).toContain('negativeBalanceOnReturn: unknown');
    expect(text).toContain('#   scheme: oauth-token');
    expect(text).toContain('# memberInquiry: auto');

    for (const [name, value] of Object.entries(STAGING_ENV)) vi.stubEnv(name, value);
    const unfilled = await runCli(['validate', out]);
    expect(unfilled.code).toBe(2);
    expect(unfilled.stderr).toContain(
      `LC_ERR_PROFILE_PLACEHOLDER: Profile ${out} still has 11 TODO placeholders`,
    );
    // Every one named in the one line, as the README promises ("every TODO ... at once").
    expect(unfilled.stderr).not.toContain('more)');
    expect(unfilled.stderr.match(/line \d+ /g)).toHaveLength(11);

    writeFileSync(out, text.replace(/[ \t]+# TODO.*$/gm, '').replace(/TODO-/g, 'FILLED-'));
    // Markers deleted, a base URL left unset is refused, never a default host sent the token.
    vi.stubEnv('FABRIC_BASE_URL', undefined);
    const unnamed = await runCli(['validate', out]);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain('LC_ERR_PROFILE_ENV_MISSING');
    expect(unnamed.stderr).toContain('FABRIC_BASE_URL (fabric.baseUrl)');
    vi.stubEnv('FABRIC_BASE_URL', STAGING_ENV.FABRIC_BASE_URL);
    const validated = await runCli(['validate', out]);
    expect(validated.code).toBe(0);
    expect(validated.stdout).toBe('profile OK: acme-staging (staging), capillary orgs: main; fabric: yes\n');
  });

  it('points the editor modeline at the schema from where the file is written', async () => {
    const out = join(freshDir(), 'nested', 'deeper', 'target.yaml');
    await runCli(['init', '--out', out]);
    const modeline = /^# yaml-language-server: \$schema=(.+)$/m.exec(readFileSync(out, 'utf8'))?.[1];
    expect(modeline).toBeDefined();
    expect(existsSync(join(out, '..', modeline!))).toBe(true);
    expect(join(out, '..', modeline!)).toBe(PROFILE_SCHEMA_PATH);
  });

  it('refuses to overwrite an existing file without --force, in one line, exit 2', async () => {
    const out = join(freshDir(), 'mine.yaml');
    writeFileSync(out, 'keep me\n');
    const { code, stderr } = await runCli(['init', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `loyalty-conformance: LC_ERR_INIT_OUT_EXISTS: ${out} already exists; pass --force to overwrite it\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
  });

  it('overwrites with --force', async () => {
    const out = join(freshDir(), 'mine.yaml');
    writeFileSync(out, 'old\n');
    expect((await runCli(['init', '--out', out, '--force'])).code).toBe(0);
    for (const [name, value] of Object.entries(STAGING_ENV)) vi.stubEnv(name, value);
    expect(loadProfile(out).name).toBe('mine');
  });
});
