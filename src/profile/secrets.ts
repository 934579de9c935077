import { createHash } from 'node:crypto';
import type { CapillaryAuth, Profile, TlsSettings } from './types.ts';

/** Lowercase hex md5: what Capillary expects in place of a till's password. */
export function md5hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** The credentials part of a Capillary Basic header: `base64(username:md5hex(password))`. */
export function basicCredentials(username: string, password: string): string {
  return Buffer.from(`${username}:${md5hex(password)}`, 'utf8').toString('base64');
}

/**
 * Every secret value of a profile, for redaction: passwords, their md5 hex, the Basic header
 * value `base64(username:md5hex(password))`, OAuth client secrets, pre-issued OAuth tokens
 * (`oauth-token`), the fabric Bearer token, the TLS key passphrases and client keys given as PEM
 * text (`capillary.tls`, `fabric.tls`; a key given as a path is a file name, not a secret), and
 * the credentials of the proxies in `env` (`HTTPS_PROXY=http://user:password@host:port`, its
 * password, `user:password` and the `Proxy-Authorization` value), which a run uses too.
 * Usernames and OAuth keys identify a principal and are not secret. Longest first, so a redactor
 * replacing them in order never leaves part of a longer secret behind.
 */
export function secretsOf(
  profile: Profile,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const found = new Set<string>();
  for (const org of profile.capillary?.orgs ?? []) {
    addAuthSecrets(org.auth, found);
    if (org.alternateAuth) addAuthSecrets(org.alternateAuth, found);
    if (org.restrictedAuth) addAuthSecrets(org.restrictedAuth, found);
  }
  if (profile.fabric) found.add(profile.fabric.auth.token);
  addTlsSecrets(profile.capillary?.tls, found);
  addTlsSecrets(profile.fabric?.tls, found);
  for (const secret of proxyCredentials(env)) found.add(secret);
  found.delete('');
  return [...found].sort((a, b) => b.length - a.length);
}

/** The environment variables a run takes proxies from (the lower-case form wins, as in undici). */
export const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const;

/**
 * The credentials in the proxy URLs of `env`: the password as written and decoded, `user:password`
 * and its base64 (the `Proxy-Authorization: Basic` value). Empty when no proxy URL carries one.
 */
export function proxyCredentials(env: Readonly<Record<string, string | undefined>>): string[] {
  const found: string[] = [];
  for (const name of PROXY_VARIABLES) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
    } catch {
      // Not a URL: the userinfo, if any, is everything before the last `@` of the authority.
      const userinfo = /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^/]*)@/i.exec(value)?.[1];
      if (userinfo) found.push(userinfo, userinfo.slice(userinfo.indexOf(':') + 1));
      continue;
    }
    if (url.password === '') continue;
    const user = safeDecode(url.username);
    const password = safeDecode(url.password);
    found.push(url.password, password, `${url.username}:${url.password}`, `${user}:${password}`);
    found.push(Buffer.from(`${user}:${password}`, 'utf8').toString('base64'));
  }
  return found.filter((secret) => secret !== '');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function addTlsSecrets(tls: TlsSettings | undefined, found: Set<string>): void {
  if (!tls) return;
  if (tls.passphrase) found.add(tls.passphrase);
  if (tls.key?.trimStart().startsWith('-----BEGIN')) found.add(tls.key);
}

function addAuthSecrets(auth: CapillaryAuth, found: Set<string>): void {
  if (auth.scheme === 'basic') {
    found.add(auth.password);
    found.add(md5hex(auth.password));
    found.add(basicCredentials(auth.username, auth.password));
    // The authentication suite also sends the plain password (CAP-AUTH-WRONG): its header value too.
    found.add(Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64'));
  } else if (auth.scheme === 'oauth') {
    found.add(auth.secret);
  } else {
    found.add(auth.token);
  }
}
