// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/client/index.ts';
import { type ClientTls, describeTlsFailure, loadClientTls } from '../../src/client/tls.ts';
import { isToolError } from '../../src/errors.ts';
import { loadProfile } from '../../src/profile/index.ts';
import { secretsOf } from '../../src/profile/secrets.ts';
import type { Profile } from '../../src/profile/types.ts';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { loadDefaultSpecs, type SpecRegistry } from '../../src/spec/index.ts';
import { runCli } from '../cli/capture.ts';
import { type ProfileDocument, profilePathOf } from '../faults/profiles.ts';
import {
  CLIENT_KEY_PASSPHRASE,
  type CountingServer,
  makeCertificates,
  NO_PROXY_ENV,
  startHttpsFront,
  type TestCertificates,
  withEnv,
} from './network-fixtures.ts';

/**
 * A throwaway EC key encrypted with "right-passphrase", found by search: "wrong-passphrase"
 * decrypts it to bytes that pass the padding check (about one passphrase in 300 does), so OpenSSL
 * fails decoding it (ERR_OSSL_UNSUPPORTED) instead of with ERR_OSSL_BAD_DECRYPT.
 */
const UNLUCKY_KEY = [
  '-----BEGIN ENCRYPTED PRIVATE KEY-----',
  'MIHsMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjuszBz4Tin3wICCAAw',
  'DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEJ6tYdVzeAxnTnGGC/qnF14EgZDO',
  'LwxBt8R8I5NXQzIKg82WcvZoa529W4OdSDd6cYnGoidPzJ/mOVJKdydWWHOMA3lw',
  '3TGrqYBsEqnEQlBtimGPlFu7rNoSqt8zC66U8LLADRvD+7Pp6yXcf8EkiBL8MqBj',
  'QlfiZ6DX6zPAJ4lMY+1gnLxMEuLu6seYtTyhspCzqeOun657RWDp+o7ZTpAzd5M=',
  '-----END ENCRYPTED PRIVATE KEY-----',
  '',
].join('\n');

let certs: TestCertificates;
let registry: SpecRegistry;
const SELECTION = ['--requirement', 'CAP-NPA-8907', 'FAB-ADJ-ADD'];

beforeAll(async () => {
  certs = makeCertificates();
  registry = await loadDefaultSpecs();
});
afterAll(() => certs?.remove());

/** A profile path: the reference profile with `tls` on both families. */
const profileWith = (tls: Record<string, string> | undefined) =>
  profilePathOf({
    edit: (profile: ProfileDocument) => {
      if (!tls) return;
      profile.capillary.tls = tls;
      profile.fabric.tls = tls;
    },
  });

/** A run against `target` with the profile, JSON report only; with the report's text. */
async function run(profile: string, target: string) {
  const out = mkdtempSync(join(tmpdir(), 'lc-tls-run-'));
  try {
    const started = performance.now();
    const result = await withEnv(NO_PROXY_ENV, () =>
      runCli([
        'run',
        '--profile',
        profile,
        '--target',
        target,
        ...SELECTION,
        '--reporter',
        'json',
        '--out',
        out,
      ]),
    );
    const files = readdirSync(out);
    const report = files.includes('conformance.json')
      ? readFileSync(join(out, 'conformance.json'), 'utf8')
      : '';
    return { ...result, report, seconds: (performance.now() - started) / 1000 };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

describe('loadClientTls: the profile TLS settings, read when the run connects', () => {
  it('takes paths (relative to the profile) and inline PEM, also with \\n written as two characters', () => {
    const source = join(certs.dir, 'profile.yaml');
    const byPath = loadClientTls({ ca: 'ca.pem' }, 'capillary.tls', source);
    expect(byPath).toMatchObject({ field: 'capillary.tls', ca: true, clientCertificate: false });
    const inline = loadClientTls(
      {
        ca: certs.ca.certPem,
        cert: certs.client.certPem.replace(/\n/g, '\\n'),
        key: certs.client.keyPem,
        passphrase: CLIENT_KEY_PASSPHRASE,
      },
      'fabric.tls',
      '<inline>',
    );
    expect(inline).toMatchObject({ field: 'fabric.tls', ca: true, clientCertificate: true });
    expect(loadClientTls(undefined, 'capillary.tls', source)).toBeUndefined();
  });

  it('builds each settings object once (a loaded profile is frozen)', () => {
    const settings = Object.freeze({ ca: certs.ca.cert });
    expect(loadClientTls(settings, 'capillary.tls', 'p.yaml')).toBe(
      loadClientTls(settings, 'capillary.tls', 'p.yaml'),
    );
  });

  const refused = (settings: Record<string, string>) => {
    try {
      loadClientTls(settings, 'capillary.tls', join(certs.dir, 'profile.yaml'));
    } catch (error) {
      expect(isToolError(error, 'LC_ERR_PROFILE_TLS')).toBe(true);
      return (error as Error).message;
    }
    throw new Error('accepted');
  };

  it('names the field and the cause of each unusable setting, never a key or a passphrase', () => {
    const profile = join(certs.dir, 'profile.yaml');
    expect(refused({ ca: 'missing.pem' })).toBe(
      `Profile ${profile}: capillary.tls.ca: cannot read ${join(certs.dir, 'missing.pem')} (ENOENT)`,
    );
    expect(refused({ ca: certs.ca.key })).toBe(
      `Profile ${profile}: capillary.tls.ca: has no PEM certificate (-----BEGIN CERTIFICATE-----)`,
    );
    // Mostly BAD_DECRYPT; now and then the padding check passes by chance and decoding fails instead.
    const locked = refused({ cert: certs.client.cert, key: certs.client.key });
    expect(locked.startsWith(`Profile ${profile}: `)).toBe(true);
    expect(locked).toMatch(
      /: capillary\.tls\.key: the key is encrypted \(ERR_OSSL_[A-Z0-9_]+\): give capillary\.tls\.passphrase$/,
    );
    const wrong = refused({ cert: certs.client.cert, key: certs.client.key, passphrase: 'wrong-passphrase' });
    expect(wrong.startsWith(`Profile ${profile}: `)).toBe(true);
    expect(wrong).toMatch(
      /: capillary\.tls\.passphrase: the key does not decrypt with it \(ERR_OSSL_[A-Z0-9_]+\)$/,
    );
    // A wrong passphrase whose decryption happens to pass the padding check: decoding fails with
    // ERR_OSSL_UNSUPPORTED (this key and passphrase always do), and it is still the passphrase.
    expect(refused({ cert: certs.client.cert, key: UNLUCKY_KEY, passphrase: 'wrong-passphrase' })).toBe(
      `Profile ${profile}: capillary.tls.passphrase: the key does not decrypt with it (ERR_OSSL_UNSUPPORTED)`,
    );
    expect(refused({ cert: certs.client.cert, key: certs.rogueClient.keyPem })).toBe(
      `Profile ${profile}: capillary.tls.key: the key is not the one of capillary.tls.cert (ERR_OSSL_X509_KEY_VALUES_MISMATCH)`,
    );
    expect(refused({ cert: certs.expired.cert, key: certs.expired.key })).toMatch(
      /capillary\.tls\.cert: the client certificate \(CN=127\.0\.0\.1\) expired on /,
    );
    expect(refused({ cert: certs.client.cert })).toBe(
      `Profile ${profile}: capillary.tls.key: a client certificate needs both cert and key`,
    );
    expect(refused({ cert: certs.client.cert, key: certs.client.cert })).toMatch(
      /capillary\.tls\.key: has no PEM private key/,
    );
    const inlineKey = refused({ cert: certs.client.cert, key: certs.rogueClient.keyPem });
    expect(inlineKey).not.toContain('PRIVATE KEY');
  });
});

describe('the tls field of a profile', () => {
  it('takes ${ENV} PEM text (interpolated after parsing, so its lines survive) and paths', () => {
    const path = profilePathOf({
      edit: (profile: ProfileDocument) => {
        profile.capillary.tls = { ca: '${STAGING_CA_PEM}' };
        profile.fabric.tls = {
          cert: 'client.pem',
          key: '${CLIENT_KEY_PATH}',
          passphrase: '${CLIENT_KEY_PASSPHRASE}',
        };
      },
    });
    const env = {
      STAGING_CA_PEM: certs.ca.certPem,
      CLIENT_KEY_PATH: certs.client.key,
      CLIENT_KEY_PASSPHRASE,
    };
    const profile = loadProfile(path, { env });
    expect(profile.capillary?.tls).toEqual({ ca: certs.ca.certPem });
    expect(loadClientTls(profile.capillary?.tls, 'capillary.tls', profile.source)?.ca).toBe(true);
    expect(secretsOf(profile, {})).toContain(CLIENT_KEY_PASSPHRASE);
  });

  it('refuses a certificate without its key, and unknown fields, with the field named', () => {
    const invalid = (tls: object) => {
      const path = profilePathOf({
        edit: (profile: ProfileDocument) => {
          profile.capillary.tls = tls;
        },
      });
      try {
        loadProfile(path, { env: {} });
      } catch (error) {
        expect(isToolError(error, 'LC_ERR_PROFILE_INVALID')).toBe(true);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(invalid({ cert: 'c.pem' })).toMatch(
      /capillary\.tls: must have property key when property cert is present/,
    );
    expect(invalid({ cafile: 'c.pem' })).toMatch(
      /capillary\.tls\.cafile: is not a known field \(known: ca, cert, key, passphrase\)/,
    );
  });
});

describe('describeTlsFailure: a TLS failure in words, with what to change', () => {
  const context = (tls?: Partial<ClientTls>) => ({
    field: 'capillary.tls',
    baseUrlField: 'capillary.baseUrl',
    tls: tls as ClientTls | undefined,
  });
  it.each([
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      undefined,
      'the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT): give capillary.tls.ca or NODE_EXTRA_CA_CERTS',
    ],
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      { ca: true },
      'the certificate is self-signed and capillary.tls.ca is not that certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      'SELF_SIGNED_CERT_IN_CHAIN',
      undefined,
      'the certificate chain ends in a CA that is not trusted (SELF_SIGNED_CERT_IN_CHAIN): give capillary.tls.ca or NODE_EXTRA_CA_CERTS (that CA)',
    ],
    [
      'CERT_NOT_YET_VALID',
      undefined,
      "the certificate is not valid yet (CERT_NOT_YET_VALID): check this machine's clock and the target's",
    ],
    [
      'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
      { clientCertificate: true },
      'the server refused the client certificate (ERR_SSL_TLSV1_ALERT_UNKNOWN_CA): check that capillary.tls.cert is issued by a CA the server trusts',
    ],
    [
      'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
      undefined,
      'the TLS handshake failed (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE): the server may require a client certificate (capillary.tls.cert and capillary.tls.key)',
    ],
    [
      'ERR_SSL_WRONG_VERSION_NUMBER',
      undefined,
      'the server does not speak TLS on this port (ERR_SSL_WRONG_VERSION_NUMBER): is the base URL http://?',
    ],
    ['CERT_REVOKED', undefined, 'the certificate is not accepted (CERT_REVOKED)'],
  ] as const)('%s', (code, tls, expected) => {
    expect(describeTlsFailure(code, 'msg', context(tls))).toBe(expected);
  });
  it('is not about other failures', () => {
    for (const code of ['ECONNREFUSED', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', undefined]) {
      expect(describeTlsFailure(code, 'msg', context())).toBeUndefined();
    }
  });
});

describe('the client over TLS', () => {
  let front: CountingServer;
  beforeAll(async () => {
    front = await startHttpsFront({ key: certs.selfSigned.keyPem, cert: certs.selfSigned.certPem });
  });
  afterAll(() => front.close());

  const call = async (tls: ClientTls | undefined) => {
    const client = createHttpClient({
      registry,
      baseUrls: { fabric: `${front.url}/api` },
      limits: { timeoutMs: 5000, retries: 0, requestsPerSecond: 0, concurrency: 2 },
      proxyEnv: {},
      ...(tls ? { tls: { fabric: tls } } : {}),
    });
    try {
      return await client.call('adjustMemberPoints', { principal: 'fabric', auth: 'none', body: {} });
    } finally {
      await client.close();
    }
  };

  it('trusts the profile CA besides the default ones, per family', async () => {
    const exchange = await call(loadClientTls({ ca: certs.selfSigned.cert }, 'fabric.tls', 'p.yaml'));
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
  });

  it('records a TLS failure with its code (the preflight is what ends a run on it)', async () => {
    const exchange = await call(undefined);
    expect(exchange.error?.code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
  });
});

describe('secretsOf: the key and passphrase of the tls settings', () => {
  it('redacts the passphrase and an inline key, not a key path', () => {
    const profile = {
      capillary: {
        baseUrl: 'https://x',
        orgs: [],
        tls: {
          ca: certs.ca.certPem,
          cert: certs.client.cert,
          key: certs.client.keyPem,
          passphrase: 'tls-pass-phrase',
        },
      },
      fabric: {
        baseUrl: 'https://x/api',
        auth: { scheme: 'bearer', token: 'fabric-token' },
        tls: { cert: 'c.pem', key: 'k.pem', passphrase: 'other-pass-phrase' },
      },
    } as unknown as Profile;
    const secrets = secretsOf(profile, {});
    expect(secrets).toEqual(
      expect.arrayContaining(['tls-pass-phrase', 'other-pass-phrase', certs.client.keyPem]),
    );
    expect(secrets).not.toContain('k.pem');
    expect(secrets).not.toContain(certs.ca.certPem);
  });
});

describe('a run against an HTTPS target with a self-signed certificate', () => {
  let reference: ReferenceServer;
  let front: CountingServer;
  beforeAll(async () => {
    reference = await startReferenceServer();
    front = await startHttpsFront(
      { key: certs.selfSigned.keyPem, cert: certs.selfSigned.certPem },
      reference.url,
    );
  });
  afterAll(async () => {
    await front?.close();
    await reference?.close();
  });

  it('without tls.ca ends before any scenario: exit 2, one LC_ERR_TARGET_TLS line', async () => {
    const { code, stderr, report, seconds } = await run(profileWith(undefined), front.url);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      `loyalty-conformance: LC_ERR_TARGET_TLS: ${front.url}: the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT): give capillary.tls.ca or NODE_EXTRA_CA_CERTS`,
    ]);
    expect(report).toBe('');
    expect(seconds).toBeLessThan(10);
  });

  it('with tls.ca it runs and is conformant', async () => {
    reference.reset();
    const { code, stderr, report } = await run(profileWith({ ca: certs.selfSigned.cert }), front.url);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(report) as { totals: { exchanges: number } };
    expect(result.totals.exchanges).toBeGreaterThan(0);
  });
});

describe('a run against a mutual-TLS target', () => {
  let reference: ReferenceServer;
  let front: CountingServer;
  beforeAll(async () => {
    reference = await startReferenceServer();
    front = await startHttpsFront(
      {
        key: certs.server.keyPem,
        cert: certs.server.certPem,
        ca: certs.clientCa.certPem,
        requestCert: true,
        rejectUnauthorized: true,
      },
      reference.url,
    );
  });
  afterAll(async () => {
    await front?.close();
    await reference?.close();
  });

  it('without a client certificate: exit 2 with the line saying which fields to give', async () => {
    const { code, stderr } = await run(profileWith({ ca: certs.ca.cert }), front.url);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([
      `loyalty-conformance: LC_ERR_TARGET_TLS: ${front.url}: the server requires a client certificate (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED): give capillary.tls.cert and capillary.tls.key`,
    ]);
    expect(front.requests).toBe(0);
  });

  it('with a client certificate the server does not trust: exit 2, the client certificate named', async () => {
    const { code, stderr } = await run(
      profileWith({ ca: certs.ca.cert, cert: certs.rogueClient.cert, key: certs.rogueClient.key }),
      front.url,
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^loyalty-conformance: LC_ERR_TARGET_TLS: .*client certificate.*capillary\.tls\.cert/,
    );
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('with cert, key and passphrase every request succeeds; the passphrase is in no report', async () => {
    reference.reset();
    const { code, stderr, stdout, report } = await run(
      profileWith({
        ca: certs.ca.cert,
        cert: certs.client.cert,
        key: certs.client.key,
        passphrase: CLIENT_KEY_PASSPHRASE,
      }),
      front.url,
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(front.requests).toBeGreaterThan(0);
    expect(`${report}${stdout}`).not.toContain(CLIENT_KEY_PASSPHRASE);
  });
});
