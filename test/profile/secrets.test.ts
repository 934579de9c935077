// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { LoyaltyConformanceError } from '../../src/errors.ts';
import { loadProfile, parseProfile, REFERENCE_PROFILE_PATH } from '../../src/profile/load-profile.ts';
import { basicCredentials, md5hex, secretsOf } from '../../src/profile/secrets.ts';
import { editedReference, errorOf, type ProfileEdit } from './support.ts';

/** A password no message may ever contain. */
const CANARY = 'canary-5e1f0c9b-do-not-print';
const CANARY_ENV = { CANARY_PW: CANARY };
const INVALID_CASES = YAML.parse(
  readFileSync(new URL('./invalid-profiles.yaml', import.meta.url), 'utf8'),
) as (ProfileEdit & { name: string })[];

/** Everything an error carries that a reporter could print. */
function printable(error: LoyaltyConformanceError): string {
  return `${error.message}\n${JSON.stringify(error.details)}\n${String(error.cause ?? '')}`;
}

describe('secretsOf', () => {
  const profile = loadProfile(REFERENCE_PROFILE_PATH, { env: {} });
  const secrets = secretsOf(profile);

  it('includes the Basic header value, its plain-password form, the md5 of the password and the password', () => {
    const value = Buffer.from(`till.strict:${md5hex('strict-till-secret')}`).toString('base64');
    expect(basicCredentials('till.strict', 'strict-till-secret')).toBe(value);
    expect(secrets).toEqual(
      expect.arrayContaining([
        value,
        // CAP-AUTH-WRONG sends the plain password in a Basic header: a target echoing it is redacted.
        Buffer.from('till.strict:strict-till-secret').toString('base64'),
        // ... and the till's username with the md5 of the org's restricted till's password.
        basicCredentials('till.strict', 'strict-noaccess-secret'),
        md5hex('strict-till-secret'),
        'strict-till-secret',
        'lenient-till-secret',
      ]),
    );
  });

  it('includes OAuth client secrets and the fabric bearer token, not usernames or keys', () => {
    expect(secrets).toEqual(
      expect.arrayContaining(['strict-client-secret', 'lenient-client-secret', 'fabric-reference-token']),
    );
    expect(secrets).not.toContain('till.strict');
    expect(secrets).not.toContain('strict-client');
  });

  it('includes a pre-issued OAuth token wherever the org declares it', () => {
    for (const field of ['alternateAuth', 'restrictedAuth']) {
      const token = `vault-token-${field}`;
      const text = editedReference({
        set: { [`capillary.orgs.0.${field}`]: { scheme: 'oauth-token', token } },
      });
      expect(secretsOf(parseProfile(text, 't.yaml')), field).toContain(token);
    }
    const asAuth = editedReference({
      set: {
        'capillary.orgs.0.auth': { scheme: 'oauth-token', token: 'vault-token-auth' },
        'capillary.orgs.0.alternateAuth': { scheme: 'basic', username: 'u', password: 'other-password' },
      },
    });
    expect(secretsOf(parseProfile(asAuth, 't.yaml'))).toEqual(
      expect.arrayContaining(['vault-token-auth', 'other-password']),
    );
  });

  it('lists the longest first so a redactor never leaves a tail of a longer secret', () => {
    const lengths = secrets.map((s) => s.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });

  it('uses md5 hex as Capillary does', () => {
    expect(md5hex('password')).toBe('5f4dcc3b5aa765d61d8327deb882cf99');
  });
});

describe('secrets in profile errors', () => {
  const withCanary = (edit: ProfileEdit) => ({
    ...edit,
    set: { 'capillary.orgs.0.auth.password': '${CANARY_PW}', 'fabric.auth.token': CANARY, ...edit.set },
  });

  for (const testCase of INVALID_CASES.filter((c) => c.replace === undefined)) {
    it(`keeps the canary out of the error for ${testCase.name}`, () => {
      const error = errorOf(() =>
        parseProfile(editedReference(withCanary(testCase)), 'c.yaml', { env: CANARY_ENV }),
      );
      expect(printable(error)).not.toContain(CANARY);
    });
  }

  for (const testCase of INVALID_CASES.filter((c) => c.replace === undefined)) {
    it(`keeps a pre-issued OAuth token out of the error for ${testCase.name}`, () => {
      const text = editedReference({
        ...testCase,
        set: {
          'capillary.orgs.1.restrictedAuth': { scheme: 'oauth-token', token: '${CANARY_PW}' },
          ...testCase.set,
        },
      });
      expect(printable(errorOf(() => parseProfile(text, 'c.yaml', { env: CANARY_ENV })))).not.toContain(
        CANARY,
      );
    });
  }

  it('never quotes a secret field of the wrong type', () => {
    const text = editedReference({ set: { 'capillary.orgs.0.auth.password': [CANARY] } });
    const error = errorOf(() => parseProfile(text, 'c.yaml'));
    expect(error.message).toContain('capillary.orgs[0].auth.password: must be a string');
    expect(printable(error)).not.toContain(CANARY);
  });

  it('masks a secret that shows up in another field', () => {
    const text = editedReference({
      set: { 'fabric.auth.token': CANARY, 'fabric.baseUrl': `ftp://host/${CANARY}` },
    });
    const error = errorOf(() => parseProfile(text, 'c.yaml'));
    expect(error.message).toContain('fabric.baseUrl: must be an http(s) URL');
    expect(printable(error)).not.toContain(CANARY);
  });

  it('masks credentials in a URL it quotes', () => {
    const error = errorOf(() =>
      parseProfile(editedReference({ set: { 'capillary.baseUrl': `ftp://till:${CANARY}@host` } }), 'c.yaml'),
    );
    expect(printable(error)).not.toContain(CANARY);
  });

  // Tool-outcome audit 2026-12-05: `baseUrl: https://host?apikey=…` was refused quoting the key.
  it('hides the query and fragment of a URL it quotes (a key may sit there)', () => {
    for (const url of [`http://127.0.0.1:9?apikey=${CANARY}`, `https://host/api#${CANARY}`]) {
      const error = errorOf(() =>
        parseProfile(editedReference({ set: { 'capillary.baseUrl': url } }), 'c.yaml'),
      );
      expect(error.message).toContain('capillary.baseUrl: must be an http(s) URL without query or fragment');
      expect(printable(error)).not.toContain(CANARY);
    }
  });

  // Tool-outcome audit 2026-12-05: a token with a newline (from a file) was sent, undici refused the
  // header, and the run blamed the target: LC_ERR_TARGET_NO_ANSWER "did not answer the first request" (since 2026-12-06 "gave no readable answer").
  it('refuses a token a header cannot carry, naming the field and never the value', () => {
    for (const [field, value] of [
      ['fabric.auth.token', `${CANARY}\n`],
      ['capillary.orgs.0.restrictedAuth', { scheme: 'oauth-token', token: `${CANARY}\r\nX-Evil: 1` }],
    ] as const) {
      const error = errorOf(() => parseProfile(editedReference({ set: { [field]: value } }), 'c.yaml'));
      expect(error.code).toBe('LC_ERR_PROFILE_INVALID');
      expect(error.message).toMatch(/auth\.token|restrictedAuth\.token/);
      expect(error.message).toContain('holds a line break or another character an HTTP header cannot carry');
      expect(printable(error)).not.toContain(CANARY);
    }
  });

  it('keeps a literal secret on a line with a YAML error out of the message', () => {
    const text = `name: x\nenvironment: staging\nfabric:\n  auth: { token: ${CANARY}: oops }\n`;
    const error = errorOf(() => parseProfile(text, 'c.yaml'));
    expect(error.code).toBe('LC_ERR_PROFILE_PARSE');
    expect(printable(error)).not.toContain(CANARY);
  });

  it('keeps a secret out of a malformed-reference error', () => {
    const text = editedReference({ set: { 'fabric.auth.token': `${CANARY}\${oops` } });
    const error = errorOf(() => parseProfile(text, 'c.yaml'));
    expect(error.message).toContain('fabric.auth.token: malformed variable reference');
    expect(printable(error)).not.toContain(CANARY);
  });
});
