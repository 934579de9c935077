import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createTcpServer, type Server } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkReachable } from '../../src/engine/preflight.ts';
import { isToolError } from '../../src/errors.ts';
import { loadProfile, REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';
import type { Profile, TlsSettings } from '../../src/profile/types.ts';
import { freePort } from '../client/helpers.ts';
import {
  CLIENT_KEY_PASSPHRASE,
  type CountingServer,
  type ForwardProxy,
  makeCertificates,
  startForwardProxy,
  startHttpsFront,
  type TestCertificates,
} from '../client/network-fixtures.ts';

const reference = loadProfile(REFERENCE_PROFILE_PATH, { env: {} });
/** The reference profile pointed at `url` (fabric under `/api`), with `tls` on both families. */
const profileFor = (url: string, tls?: TlsSettings, fabricTls = tls): Profile =>
  ({
    ...reference,
    source: join(certs.dir, 'profile.yaml'),
    capillary: { ...reference.capillary, baseUrl: url, ...(tls ? { tls } : {}) },
    fabric: { ...reference.fabric, baseUrl: `${url}/api`, ...(fabricTls ? { tls: fabricTls } : {}) },
  }) as Profile;

const TIMEOUT_MS = 1000;
/** For checks that must connect to a server in this process: a loaded machine may take seconds. */
const HANDSHAKE_TIMEOUT_MS = 2000;

/** The error `checkReachable` ends with: its code and message, or `ok`. */
async function preflight(profile: Profile, env: Record<string, string> = {}, timeoutMs = TIMEOUT_MS) {
  try {
    await checkReachable(profile, timeoutMs, env);
    return 'ok';
  } catch (error) {
    if (!isToolError(error)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

let certs: TestCertificates;
const servers: { close(): Promise<void> }[] = [];
const https = async (options: Parameters<typeof startHttpsFront>[0]) => {
  const server = await startHttpsFront(options);
  servers.push(server);
  return server;
};
let selfSigned: CountingServer;
let issued: CountingServer;
let mutual: CountingServer;

beforeAll(async () => {
  certs = makeCertificates();
  selfSigned = await https({ key: certs.selfSigned.keyPem, cert: certs.selfSigned.certPem });
  issued = await https({ key: certs.server.keyPem, cert: certs.server.certPem });
  mutual = await https({
    key: certs.server.keyPem,
    cert: certs.server.certPem,
    ca: certs.clientCa.certPem,
    requestCert: true,
    rejectUnauthorized: true,
  });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  certs?.remove();
});

describe('checkReachable: an http target reached directly', () => {
  it('opens a TCP connection and sends nothing', async () => {
    let requests = 0;
    const server = createHttpServer((_req, res) => {
      requests += 1;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await preflight(profileFor(`http://127.0.0.1:${port}`))).toBe('ok');
      expect(requests).toBe(0);
    } finally {
      server.close();
    }
  });

  it('names a refused connection', async () => {
    const port = await freePort();
    expect(await preflight(profileFor(`http://127.0.0.1:${port}`))).toBe(
      `LC_ERR_TARGET_UNREACHABLE: Target http://127.0.0.1:${port} is unreachable: ECONNREFUSED. Check capillary.baseUrl (or --target) and that the target is running`,
    );
  });
});

describe('checkReachable: an https target, one HEAD with the profile TLS', () => {
  it.each([
    [
      'self-signed, no ca',
      () => profileFor(selfSigned.url),
      () => selfSigned.url,
      'the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT): give capillary.tls.ca or NODE_EXTRA_CA_CERTS',
    ],
    [
      'self-signed, another ca',
      () => profileFor(selfSigned.url, { ca: certs.ca.cert }),
      () => selfSigned.url,
      'the certificate is self-signed and capillary.tls.ca is not that certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      'unknown issuer',
      () => profileFor(issued.url),
      () => issued.url,
      "the certificate's issuer is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE): give capillary.tls.ca or NODE_EXTRA_CA_CERTS (the issuing CA), or the server must send its intermediate certificates",
    ],
  ])('%s', async (_name, profile, url, reason) => {
    expect(await preflight(profile())).toBe(`LC_ERR_TARGET_TLS: ${url()}: ${reason}`);
  });

  it('passes with the CA given as a path relative to the profile, or as PEM text', async () => {
    expect(await preflight(profileFor(selfSigned.url, { ca: 'self.pem' }))).toBe('ok');
    expect(await preflight(profileFor(issued.url, { ca: certs.ca.certPem }))).toBe('ok');
    expect(selfSigned.requests + issued.requests).toBe(2);
  });

  it('names an expired certificate and one for another host', async () => {
    const expired = await https({ key: certs.expired.keyPem, cert: certs.expired.certPem });
    const other = await https({ key: certs.otherHost.keyPem, cert: certs.otherHost.certPem });
    expect(await preflight(profileFor(expired.url, { ca: certs.ca.cert }))).toBe(
      `LC_ERR_TARGET_TLS: ${expired.url}: the certificate has expired (CERT_HAS_EXPIRED): the target must renew it`,
    );
    expect(await preflight(profileFor(other.url, { ca: certs.ca.cert }))).toBe(
      `LC_ERR_TARGET_TLS: ${other.url}: the certificate does not name this host (ERR_TLS_CERT_ALTNAME_INVALID: IP: 127.0.0.1 is not in the cert's list): use a host name the certificate names in capillary.baseUrl`,
    );
  });

  it('names the family whose settings to change', async () => {
    // Capillary trusts the certificate, fabric does not (its own pool, its own settings).
    expect(await preflight(profileFor(selfSigned.url, { ca: certs.selfSigned.cert }, {}))).toBe(
      `LC_ERR_TARGET_TLS: ${selfSigned.url}: the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT): give fabric.tls.ca or NODE_EXTRA_CA_CERTS`,
    );
  });

  it('names a server that does not speak TLS', async () => {
    const plain = createHttpServer((_req, res) => res.end());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const { port } = plain.address() as AddressInfo;
    try {
      expect(await preflight(profileFor(`https://127.0.0.1:${port}`))).toBe(
        `LC_ERR_TARGET_TLS: https://127.0.0.1:${port}: the server does not speak TLS on this port (ERR_SSL_WRONG_VERSION_NUMBER): is the base URL http://?`,
      );
    } finally {
      plain.close();
    }
  });

  it('mutual TLS: a missing client certificate, one the server does not trust, a good one', async () => {
    expect(await preflight(profileFor(mutual.url, { ca: certs.ca.cert }))).toBe(
      `LC_ERR_TARGET_TLS: ${mutual.url}: the server requires a client certificate (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED): give capillary.tls.cert and capillary.tls.key`,
    );
    // Node's server closes without an alert when it does not trust the certificate.
    expect(
      await preflight(
        profileFor(mutual.url, {
          ca: certs.ca.cert,
          cert: certs.rogueClient.cert,
          key: certs.rogueClient.key,
        }),
      ),
    ).toBe(
      `LC_ERR_TARGET_TLS: ${mutual.url}: the server closed the connection right after the TLS handshake, before answering (UND_ERR_SOCKET): it may have refused the client certificate; check that capillary.tls.cert is issued by a CA the server trusts`,
    );
    const good = {
      ca: certs.ca.cert,
      cert: certs.client.cert,
      key: certs.client.key,
      passphrase: CLIENT_KEY_PASSPHRASE,
    };
    expect(await preflight(profileFor(mutual.url, good))).toBe('ok');
    expect(mutual.requests).toBe(1);
  });

  it('mutual TLS 1.2: the refusal comes as a handshake failure', async () => {
    const tls12 = await https({
      key: certs.server.keyPem,
      cert: certs.server.certPem,
      ca: certs.clientCa.certPem,
      requestCert: true,
      rejectUnauthorized: true,
      maxVersion: 'TLSv1.2',
    });
    expect(await preflight(profileFor(tls12.url, { ca: certs.ca.cert }))).toBe(
      `LC_ERR_TARGET_TLS: ${tls12.url}: the TLS handshake failed (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE): the server may require a client certificate (capillary.tls.cert and capillary.tls.key)`,
    );
    const rogue = { ca: certs.ca.cert, cert: certs.rogueClient.cert, key: certs.rogueClient.key };
    expect(await preflight(profileFor(tls12.url, rogue))).toBe(
      `LC_ERR_TARGET_TLS: ${tls12.url}: the server closed the connection during the TLS handshake, before answering (ECONNRESET): it may have refused the client certificate; check that capillary.tls.cert is issued by a CA the server trusts`,
    );
  });

  it('passes a server that completes the handshake and never answers (the probe judges it), without waiting for an answer', async () => {
    const silent = createHttpsServer(
      { key: certs.selfSigned.keyPem, cert: certs.selfSigned.certPem },
      () => {},
    );
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      // A handshake with a server in this process may take over a second on a loaded machine: the
      // timeout is the product's, long enough for it; the server never answers, so "ok" at all
      // shows the check did not wait for an answer (it was 300 ms and "under 1.5 s").
      expect(
        await preflight(
          profileFor(`https://127.0.0.1:${port}`, { ca: certs.selfSigned.cert }),
          {},
          HANDSHAKE_TIMEOUT_MS,
        ),
      ).toBe('ok');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('names a server that accepts TCP and never starts TLS', async () => {
    const mute: Server = createTcpServer(() => {});
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
    const { port } = mute.address() as AddressInfo;
    try {
      // undici's connect timer ticks every half second: the check's own deadline may come first.
      // Ending at all (the server never starts TLS) shows the bound; no clock (it was "under 1.5 s").
      expect(await preflight(profileFor(`https://127.0.0.1:${port}`), {}, 300)).toMatch(
        /^LC_ERR_TARGET_UNREACHABLE: Target https:\/\/127\.0\.0\.1:\d+ is unreachable: no connection within (300|600) ms\. Check capillary\.baseUrl \(or --target\) and that the target is running$/,
      );
    } finally {
      mute.close();
    }
  });

  it('reads the tls files first: LC_ERR_PROFILE_TLS names the field', async () => {
    expect(await preflight(profileFor(selfSigned.url, { ca: 'nowhere/ca.pem' }))).toBe(
      `LC_ERR_PROFILE_TLS: Profile ${join(certs.dir, 'profile.yaml')}: capillary.tls.ca: cannot read ${join(certs.dir, 'nowhere/ca.pem')} (ENOENT)`,
    );
  });
});

describe('checkReachable: through a proxy', () => {
  let proxy: ForwardProxy;
  beforeAll(async () => {
    proxy = await startForwardProxy();
  });
  afterAll(() => proxy?.close());

  it('sends the HEAD through the proxy: absolute URI for http, a CONNECT tunnel for https', async () => {
    const target = createHttpServer((_req, res) => res.end());
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const { port } = target.address() as AddressInfo;
    try {
      const before = { forwarded: proxy.forwarded, tunnels: proxy.tunnels };
      expect(await preflight(profileFor(`http://127.0.0.1:${port}`), { HTTP_PROXY: proxy.url })).toBe('ok');
      expect(
        await preflight(profileFor(selfSigned.url, { ca: certs.selfSigned.cert }), {
          HTTPS_PROXY: proxy.url,
        }),
      ).toBe('ok');
      expect(proxy.forwarded - before.forwarded).toBe(1);
      expect(proxy.tunnels - before.tunnels).toBe(1);
    } finally {
      target.close();
    }
  });

  it('names a TLS failure inside the tunnel as the target’s', async () => {
    expect(await preflight(profileFor(mutual.url, { ca: certs.ca.cert }), { HTTPS_PROXY: proxy.url })).toBe(
      `LC_ERR_TARGET_TLS: ${mutual.url}: the server requires a client certificate (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED): give capillary.tls.cert and capillary.tls.key`,
    );
  });

  it('skips the proxy for NO_PROXY hosts (a TCP connection, as without a proxy)', async () => {
    const before = proxy.forwarded + proxy.tunnels;
    expect(
      await preflight(profileFor(selfSigned.url, { ca: certs.selfSigned.cert }), {
        HTTPS_PROXY: 'http://127.0.0.1:1',
        NO_PROXY: 'localhost,127.0.0.1',
      }),
    ).toBe('ok');
    expect(proxy.forwarded + proxy.tunnels).toBe(before);
  });

  it('names a proxy that cannot be reached, refuses the tunnel, or closes it, without its credentials', async () => {
    const port = await freePort();
    expect(
      await preflight(profileFor(selfSigned.url), { HTTPS_PROXY: `http://me:hunter22@127.0.0.1:${port}` }),
    ).toBe(
      `LC_ERR_TARGET_PROXY: Proxy http://***@127.0.0.1:${port} (from HTTPS_PROXY) for ${selfSigned.url}: the proxy cannot be reached (ECONNREFUSED)`,
    );
    const closed = `https://127.0.0.1:${await freePort()}`;
    expect(await preflight(profileFor(closed), { https_proxy: proxy.url })).toBe(
      `LC_ERR_TARGET_PROXY: Proxy ${proxy.url} (from https_proxy) for ${closed}: the proxy opened no tunnel to ${closed.slice(8)} (CONNECT answered 502)`,
    );
    const closing = await startForwardProxy(undefined, 'close');
    try {
      // undici reconnecting for ever would end at the deadline ("within 4000 ms"), never with the
      // reset: the message tells, not the clock (it was "under 1 s" against a 2 s deadline).
      expect(await preflight(profileFor(closed), { HTTPS_PROXY: closing.url }, HANDSHAKE_TIMEOUT_MS)).toBe(
        `LC_ERR_TARGET_PROXY: Proxy ${closing.url} (from HTTPS_PROXY) for ${closed}: no connection through the proxy (ECONNRESET: the proxy closed the connection before opening the tunnel (other side closed))`,
      );
    } finally {
      await closing.close();
    }
  });

  it('says when the proxy wants credentials, or refuses them', async () => {
    const guarded = await startForwardProxy('lc:secret-pw');
    try {
      const target = selfSigned.url;
      expect(await preflight(profileFor(target), { HTTPS_PROXY: guarded.url })).toBe(
        `LC_ERR_TARGET_PROXY: Proxy ${guarded.url} (from HTTPS_PROXY) for ${target}: the proxy requires credentials (407 Proxy Authentication Required): give them in HTTPS_PROXY as http://user:password@host:port`,
      );
      const wrong = guarded.url.replace('http://', 'http://lc:wrong-pw@');
      expect(await preflight(profileFor(target), { HTTPS_PROXY: wrong })).toBe(
        `LC_ERR_TARGET_PROXY: Proxy http://***@127.0.0.1:${guarded.port} (from HTTPS_PROXY) for ${target}: the proxy refused the credentials in HTTPS_PROXY (407 Proxy Authentication Required)`,
      );
      const right = guarded.url.replace('http://', 'http://lc:secret-pw@');
      expect(await preflight(profileFor(target, { ca: certs.selfSigned.cert }), { HTTPS_PROXY: right })).toBe(
        'ok',
      );
      expect(guarded.authorizations.at(-1)).toBe(`Basic ${Buffer.from('lc:secret-pw').toString('base64')}`);
    } finally {
      await guarded.close();
    }
  });

  it('refuses a proxy variable that is no http(s) URL', async () => {
    expect(await preflight(profileFor(selfSigned.url), { HTTPS_PROXY: 'socks5://127.0.0.1:1080' })).toBe(
      'LC_ERR_PROXY_INVALID: Environment variable HTTPS_PROXY is not a usable proxy URL: the scheme socks5: is not supported (use an http:// or https:// proxy)',
    );
  });
});
