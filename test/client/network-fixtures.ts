/**
 * Loopback stand-ins for a corporate network: certificates made at test time with openssl (a CA,
 * server certificates that are fine, self-signed, expired or for another host, client
 * certificates for mutual TLS), an HTTPS front that forwards to an http server (the reference
 * provider), and a forward proxy that counts what passes through it. Nothing leaves 127.0.0.1.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PEM certificate and its key, as files and as text. */
export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Every certificate the TLS tests use, in one temporary folder. */
export interface TestCertificates {
  readonly dir: string;
  /** The CA of the server certificates. */
  readonly ca: CertificateFiles;
  /** Issued by `ca` for IP 127.0.0.1. */
  readonly server: CertificateFiles;
  /** Self-signed, for IP 127.0.0.1. */
  readonly selfSigned: CertificateFiles;
  /** Issued by `ca` for IP 127.0.0.1, expired yesterday. */
  readonly expired: CertificateFiles;
  /** Issued by `ca` for `example.test` only. */
  readonly otherHost: CertificateFiles;
  /** The CA a mutual-TLS server trusts for client certificates. */
  readonly clientCa: CertificateFiles;
  /** Issued by `clientCa`; `key` is encrypted with {@link CLIENT_KEY_PASSPHRASE}. */
  readonly client: CertificateFiles;
  /** A client certificate issued by `ca`, which the mutual-TLS server does not trust. */
  readonly rogueClient: CertificateFiles;
  remove(): void;
}

export const CLIENT_KEY_PASSPHRASE = 'open-sesame-7f3a';

/** Makes the certificates with openssl (EC P-256: about 0.1 s for all). */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'lc-tls-'));
  const openssl = (...args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: 'pipe', timeout: 20_000 });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const files = (name: string): CertificateFiles => ({
    cert: join(dir, `${name}.pem`),
    key: join(dir, `${name}.key`),
    certPem: readFileSync(join(dir, `${name}.pem`), 'utf8'),
    keyPem: readFileSync(join(dir, `${name}.key`), 'utf8'),
  });
  const selfSigned = (name: string, subject: string, ...extra: string[]) =>
    openssl(
      'req',
      '-x509',
      ...ec,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.pem`,
      '-subj',
      subject,
      '-days',
      '1',
      ...extra,
    );
  const issued = (name: string, ca: string, subject: string, days: string, san?: string) => {
    openssl('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    const extfile = `${name}.ext`;
    writeFileSync(join(dir, extfile), san ? `subjectAltName=${san}\n` : 'basicConstraints=CA:FALSE\n');
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.pem`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.pem`,
      '-days',
      days,
      '-extfile',
      extfile,
    );
  };
  selfSigned('ca', '/CN=lc-test-ca');
  selfSigned('self', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1');
  issued('server', 'ca', '/CN=127.0.0.1', '1', 'IP:127.0.0.1');
  issued('expired', 'ca', '/CN=127.0.0.1', '-1', 'IP:127.0.0.1');
  issued('other', 'ca', '/CN=example.test', '1', 'DNS:example.test');
  selfSigned('client-ca', '/CN=lc-test-client-ca');
  issued('client-plain', 'client-ca', '/CN=lc-test-client', '1');
  openssl(
    'pkey',
    '-in',
    'client-plain.key',
    '-aes256',
    '-passout',
    `pass:${CLIENT_KEY_PASSPHRASE}`,
    '-out',
    'client.key',
  );
  writeFileSync(join(dir, 'client.pem'), readFileSync(join(dir, 'client-plain.pem')));
  issued('rogue', 'ca', '/CN=lc-rogue-client', '1');
  return {
    dir,
    ca: files('ca'),
    server: files('server'),
    selfSigned: files('self'),
    expired: files('expired'),
    otherHost: files('other'),
    clientCa: files('client-ca'),
    client: files('client'),
    rogueClient: files('rogue'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A server on 127.0.0.1 that tells what reached it. */
export interface CountingServer {
  readonly url: string;
  readonly port: number;
  /** Requests answered. */
  readonly requests: number;
  /** Remote ports of the connections accepted. */
  readonly peers: readonly number[];
  close(): Promise<void>;
}

/**
 * An HTTPS server forwarding every request to `upstream` (an http origin), or answering `{}`
 * without one. `options` carries its certificate and, for mutual TLS, `requestCert`.
 */
export async function startHttpsFront(options: ServerOptions, upstream?: string): Promise<CountingServer> {
  let requests = 0;
  const peers: number[] = [];
  const server = createHttpsServer(options, (req, res) => {
    requests += 1;
    if (!upstream) {
      res.setHeader('content-type', 'application/json');
      res.end('{}');
      return;
    }
    forward(
      upstream + (req.url ?? '/'),
      req,
      (status, headers, body) => {
        res.writeHead(status, headers);
        body.pipe(res);
      },
      () => res.destroy(),
    );
  });
  server.on('secureConnection', (socket) => peers.push(socket.remotePort ?? 0));
  return listening(server, 'https', { requests: () => requests, peers });
}

/** What a {@link startForwardProxy} proxy saw. */
export interface ForwardProxy extends CountingServer {
  /** CONNECT tunnels opened. */
  readonly tunnels: number;
  /** Absolute-URI requests forwarded. */
  readonly forwarded: number;
  /** Local ports of the proxy's connections to targets (tunnels and forwarded requests). */
  readonly upstreamPorts: readonly number[];
  /** Every `proxy-authorization` header received (undefined when absent). */
  readonly authorizations: readonly (string | undefined)[];
}

/**
 * A forward proxy on 127.0.0.1: CONNECT tunnels (https) and absolute-URI requests (http), each
 * counted. With `credentials` (`user:password`) it answers 407 to anything without them.
 */
export async function startForwardProxy(
  credentials?: string,
  /** What a CONNECT to a target that cannot be reached gets: a 502 (default), or the connection closed. */
  unreachable: 502 | 'close' = 502,
): Promise<ForwardProxy> {
  let tunnels = 0;
  let forwarded = 0;
  const upstreamPorts: number[] = [];
  const authorizations: (string | undefined)[] = [];
  const expected = credentials ? `Basic ${Buffer.from(credentials).toString('base64')}` : undefined;
  const allowed = (req: IncomingMessage) => {
    authorizations.push(req.headers['proxy-authorization']);
    return !expected || req.headers['proxy-authorization'] === expected;
  };
  const server = createHttpServer((req, res) => {
    if (!allowed(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="lc"' });
      res.end();
      return;
    }
    forwarded += 1;
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    forward(
      req.url ?? '/',
      Object.assign(req, { headers }),
      (status, responseHeaders, body) => {
        res.writeHead(status, responseHeaders);
        body.pipe(res);
      },
      () => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway');
      },
      (socket) => upstreamPorts.push(socket.localPort ?? 0),
    );
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    if (!allowed(req)) {
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nproxy-authenticate: Basic realm="lc"\r\n\r\n',
      );
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      tunnels += 1;
      upstreamPorts.push(upstream.localPort ?? 0);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (unreachable === 'close') client.destroy();
      else client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
    });
    client.on('error', () => upstream.destroy());
  });
  return listening(server, 'http', {
    requests: () => forwarded + tunnels,
    peers: [],
    extra: {
      get tunnels() {
        return tunnels;
      },
      get forwarded() {
        return forwarded;
      },
      upstreamPorts,
      authorizations,
    },
  }) as Promise<ForwardProxy>;
}

function forward(
  target: string,
  req: IncomingMessage,
  respond: (status: number, headers: IncomingMessage['headers'], body: IncomingMessage) => void,
  fail: () => void,
  onSocket?: (socket: Socket) => void,
): void {
  const url = new URL(target);
  const upstream = httpRequest(
    {
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: req.method,
      headers: req.headers,
      agent: false,
    },
    (response) => respond(response.statusCode ?? 502, response.headers, response),
  );
  if (onSocket) upstream.on('socket', (socket) => socket.once('connect', () => onSocket(socket)));
  upstream.on('error', fail);
  req.pipe(upstream);
}

async function listening(
  server: ReturnType<typeof createHttpServer> | ReturnType<typeof createHttpsServer>,
  scheme: 'http' | 'https',
  state: { requests: () => number; peers: number[]; extra?: object },
): Promise<CountingServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const result = {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    get requests() {
      return state.requests();
    },
    peers: state.peers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return Object.defineProperties(result, Object.getOwnPropertyDescriptors(state.extra ?? {}));
}

/** Sets environment variables for the length of `run`, then restores them (unset ones included). */
export async function withEnv<T>(
  values: Record<string, string | undefined>,
  run: () => Promise<T>,
): Promise<T> {
  const saved = new Map(Object.keys(values).map((name) => [name, process.env[name]]));
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  try {
    return await run();
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Every proxy variable unset: a test's own settings start from nothing. */
export const NO_PROXY_ENV: Record<string, undefined> = {
  HTTP_PROXY: undefined,
  http_proxy: undefined,
  HTTPS_PROXY: undefined,
  https_proxy: undefined,
  NO_PROXY: undefined,
  no_proxy: undefined,
};
