/**
 * TLS of a target's connections: the profile's `capillary.tls` / `fabric.tls` (an extra CA, a
 * client certificate for mutual TLS) made into one secure context per family, and a TLS failure
 * put in words: what is wrong, the code, and what to change. A run connects with the same secure
 * context in the preflight and in every request.
 */

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type * as Tls from 'node:tls';
import { toolError } from '../errors.ts';
import type { TlsSettings } from '../profile/types.ts';

/** A PEM key encrypted with a passphrase: PKCS#8 (`ENCRYPTED PRIVATE KEY`) or legacy (`Proc-Type: 4,ENCRYPTED`). */
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/;

/** `node:tls`, loaded when a profile has TLS settings (a run without them never needs it here). */
const tlsModule = (): typeof Tls => process.getBuiltinModule('node:tls') as typeof Tls;

/** The TLS of one API family, ready to connect with. */
export interface ClientTls {
  /** The profile field, `capillary.tls` or `fabric.tls`, for messages (the first one loaded). */
  readonly field: string;
  /** Node's default CAs (and `NODE_EXTRA_CA_CERTS`) plus `ca`, and the client certificate. */
  readonly secureContext: Tls.SecureContext;
  /** Whether the profile gives a CA of its own. */
  readonly ca: boolean;
  /** Whether the profile gives a client certificate. */
  readonly clientCertificate: boolean;
}

/** Built so far, by settings and profile file: two families with the same settings share one. */
const loaded = new Map<string, ClientTls>();

/**
 * The secure context of a family's `tls` settings, built once per process for equal settings
 * (two families with the same settings get the same object, and share connections). `ca`, `cert` and `key` are each PEM text (starting with `-----BEGIN`, as
 * an `${ENV}` reference gives it; `\n` written as two characters is read as a line break) or a
 * file path, relative to the folder of `source` (the profile file). Undefined without settings.
 *
 * @throws LoyaltyConformanceError `LC_ERR_PROFILE_TLS` naming the field: a file that cannot be
 *   read, no PEM certificate or key in it, an expired client certificate, a key that does not
 *   decrypt with the passphrase or does not belong to the certificate. Never quotes a key.
 */
export function loadClientTls(
  settings: TlsSettings | undefined,
  field: string,
  source: string,
): ClientTls | undefined {
  if (!settings || (!settings.ca && !settings.cert && !settings.key)) return undefined;
  const cacheKey = JSON.stringify([source, settings.ca, settings.cert, settings.key, settings.passphrase]);
  const cached = loaded.get(cacheKey);
  if (cached) return cached;
  const fail = (name: string, reason: string) =>
    toolError('LC_ERR_PROFILE_TLS', { path: source, field: `${field}.${name}`, reason });
  const read = (name: 'ca' | 'cert' | 'key'): string | undefined => {
    const value = settings[name];
    if (value === undefined || value === '') return undefined;
    const text = pemText(value);
    if (text !== undefined) return text;
    const path = isAbsolute(value) ? value : resolve(dirname(source), value);
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw fail(name, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  };

  const ca = read('ca');
  const cert = read('cert');
  const key = read('key');
  if (ca !== undefined) certificatesOf(ca, (reason) => fail('ca', reason));
  if (cert !== undefined) {
    const [leaf] = certificatesOf(cert, (reason) => fail('cert', reason));
    if (leaf && Date.parse(leaf.validTo) < Date.now()) {
      throw fail(
        'cert',
        `the client certificate (${leaf.subject.replace(/\n/g, ', ')}) expired on ${leaf.validTo}`,
      );
    }
  }
  if ((cert === undefined) !== (key === undefined)) {
    throw fail(cert === undefined ? 'cert' : 'key', 'a client certificate needs both cert and key');
  }
  if (key !== undefined && !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) {
    throw fail('key', 'has no PEM private key (-----BEGIN … PRIVATE KEY-----)');
  }

  let secureContext: Tls.SecureContext;
  try {
    secureContext = tlsModule().createSecureContext({
      ...(ca !== undefined ? { ca: [...defaultCertificates(), ca] } : {}),
      ...(cert !== undefined ? { cert } : {}),
      ...(key !== undefined ? { key } : {}),
      ...(settings.passphrase !== undefined ? { passphrase: settings.passphrase } : {}),
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ERR_TLS';
    if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
      throw fail('key', `the key is not the one of ${field}.cert (${code})`);
    }
    // A missing or wrong passphrase does not always end in BAD_DECRYPT: about one time in 150-300
    // (measured) the decrypted bytes pass the padding check and decoding the key fails instead
    // (ERR_OSSL_UNSUPPORTED). For an encrypted key, either way it is the passphrase.
    if (code === 'ERR_OSSL_BAD_DECRYPT' || (key !== undefined && ENCRYPTED_KEY.test(key))) {
      throw settings.passphrase === undefined
        ? fail('key', `the key is encrypted (${code}): give ${field}.passphrase`)
        : fail('passphrase', `the key does not decrypt with it (${code})`);
    }
    throw fail(key !== undefined ? 'key' : 'cert', `not usable (${code})`);
  }
  const result: ClientTls = {
    field,
    secureContext,
    ca: ca !== undefined,
    clientCertificate: cert !== undefined,
  };
  loaded.set(cacheKey, result);
  return result;
}

/** The PEM text of a value that is PEM itself (not a path), else undefined. */
function pemText(value: string): string | undefined {
  const text = value.trim();
  if (!text.startsWith('-----BEGIN')) return undefined;
  // A variable set from a one-line secret store may carry `\n` as two characters.
  return text.includes('\n') ? `${text}\n` : `${text.replace(/\\n/g, '\n')}\n`;
}

/** The certificates of a PEM text, each parsed; `fail` gives the error for a text without one. */
function certificatesOf(text: string, fail: (reason: string) => Error): X509Certificate[] {
  const blocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw fail('has no PEM certificate (-----BEGIN CERTIFICATE-----)');
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'invalid';
      throw fail(`certificate ${index + 1} of ${blocks.length} is not valid PEM (${code})`);
    }
  });
}

let defaults: readonly string[] | undefined;

/**
 * What Node trusts by default, which a given `ca` adds to (Node's `ca` option would replace it):
 * the bundled CAs and the certificates of `NODE_EXTRA_CA_CERTS` (`tls.getCACertificates` where
 * Node has it, ≥ 22.15; read from the file otherwise).
 */
function defaultCertificates(): readonly string[] {
  if (defaults) return defaults;
  const tls = tlsModule();
  const get = (tls as { getCACertificates?: (type?: string) => string[] }).getCACertificates;
  if (typeof get === 'function') {
    defaults = get('default');
    return defaults;
  }
  const extra: string[] = [];
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (file) {
    try {
      extra.push(readFileSync(file, 'utf8'));
    } catch {
      // Node warned at start-up already; what it could not read, it does not trust either.
    }
  }
  defaults = [...tls.rootCertificates, ...extra];
  return defaults;
}

/** Verification codes of a server certificate (OpenSSL's names, as Node reports them). */
const ISSUER_UNKNOWN = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
]);
const CERTIFICATE_REJECTED = new Set([
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'HOSTNAME_MISMATCH',
]);
/** Alerts of a server that refused the client certificate (or its absence). */
const CLIENT_CERTIFICATE_REFUSED = new Set([
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN',
  'ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED',
  'ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED',
  'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED',
  'ERR_SSL_TLSV1_ALERT_DECRYPT_ERROR',
]);
/** What a client reading TLS from a server that speaks plain HTTP gets. */
const NOT_TLS = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
]);
const NO_COMMON_VERSION = new Set([
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_VERSION_TOO_LOW',
]);

/** Whether an error code is a TLS failure (a certificate, an alert, a handshake). */
export function isTlsCode(code: string | undefined): code is string {
  if (!code) return false;
  return (
    code === 'DEPTH_ZERO_SELF_SIGNED_CERT' ||
    code === 'SELF_SIGNED_CERT_IN_CHAIN' ||
    code === 'CERT_HAS_EXPIRED' ||
    code === 'CERT_NOT_YET_VALID' ||
    ISSUER_UNKNOWN.has(code) ||
    CERTIFICATE_REJECTED.has(code) ||
    code.startsWith('ERR_SSL_') ||
    code.startsWith('ERR_TLS_')
  );
}

/** What {@link describeTlsFailure} needs to know of the family. */
export interface TlsContext {
  /** `capillary.tls` or `fabric.tls`. */
  readonly field: string;
  /** `capillary.baseUrl` or `fabric.baseUrl`. */
  readonly baseUrlField: string;
  readonly tls: ClientTls | undefined;
}

/**
 * A TLS failure in words, with its code and what to change, e.g. `the certificate is self-signed
 * (DEPTH_ZERO_SELF_SIGNED_CERT): give capillary.tls.ca or NODE_EXTRA_CA_CERTS`; undefined when
 * the code is not a TLS failure.
 */
export function describeTlsFailure(
  code: string | undefined,
  message: string,
  context: TlsContext,
): string | undefined {
  if (!isTlsCode(code)) return undefined;
  const { field, tls: given } = context;
  const trust = `give ${field}.ca or NODE_EXTRA_CA_CERTS`;
  const clientCertificate = given?.clientCertificate
    ? `check that ${field}.cert is issued by a CA the server trusts`
    : `give ${field}.cert and ${field}.key`;
  if (code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
    return given?.ca
      ? `the certificate is self-signed and ${field}.ca is not that certificate (${code})`
      : `the certificate is self-signed (${code}): ${trust}`;
  }
  if (code === 'SELF_SIGNED_CERT_IN_CHAIN') {
    return `the certificate chain ends in a CA that is not trusted (${code}): ${given?.ca ? `${field}.ca is not that CA` : `${trust} (that CA)`}`;
  }
  if (ISSUER_UNKNOWN.has(code)) {
    return `the certificate's issuer is not trusted (${code}): ${given?.ca ? `${field}.ca is not its issuer, or the server does not send its intermediate certificates` : `${trust} (the issuing CA), or the server must send its intermediate certificates`}`;
  }
  if (code === 'CERT_HAS_EXPIRED') return `the certificate has expired (${code}): the target must renew it`;
  if (code === 'CERT_NOT_YET_VALID') {
    return `the certificate is not valid yet (${code}): check this machine's clock and the target's`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const detail = message.replace(/^Hostname\/IP does not match certificate's altnames:\s*/i, '').trim();
    return `the certificate does not name this host (${code}${detail ? `: ${detail.replace(/:\s*$/, '')}` : ''}): use a host name the certificate names in ${context.baseUrlField}`;
  }
  if (CERTIFICATE_REJECTED.has(code)) return `the certificate is not accepted (${code})`;
  if (code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') {
    return `the server requires a client certificate (${code}): ${clientCertificate}`;
  }
  if (CLIENT_CERTIFICATE_REFUSED.has(code)) {
    return `the server refused the client certificate (${code}): ${clientCertificate}`;
  }
  if (code === 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE') {
    return given?.clientCertificate
      ? `the TLS handshake failed (${code}): the server refused ${field}.cert, or accepts no TLS version or cipher Node offers`
      : `the TLS handshake failed (${code}): the server may require a client certificate (${field}.cert and ${field}.key)`;
  }
  if (NOT_TLS.has(code))
    return `the server does not speak TLS on this port (${code}): is the base URL http://?`;
  if (NO_COMMON_VERSION.has(code)) return `the server and Node share no TLS version (${code})`;
  const detail = message
    .replace(/^[0-9A-F]+:error:[0-9A-F]+:/i, '')
    .split(':')[1]
    ?.trim();
  return `the TLS handshake failed (${code}${detail ? `: ${detail}` : ''})`;
}

/**
 * What a TLS connection closed during or right after the handshake, before any answer, most
 * likely means: the server (Node's among them) refused the client certificate, or its absence,
 * without an alert.
 */
export function describeClosedAfterHandshake(
  code: string,
  context: TlsContext,
  when: 'during' | 'right after',
): string {
  const { field, tls: given } = context;
  const closed = `the server closed the connection ${when} the TLS handshake, before answering (${code})`;
  return given?.clientCertificate
    ? `${closed}: it may have refused the client certificate; check that ${field}.cert is issued by a CA the server trusts`
    : `${closed}: it may require a client certificate; give ${field}.cert and ${field}.key`;
}
