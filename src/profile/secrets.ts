import { createHash } from 'node:crypto';
import { toolError } from '../errors.ts';
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
    // CAP-AUTH-WRONG also sends a till's username with another declared till's password (its md5):
    // that header value too.
    const tills = [org.auth, org.alternateAuth, org.restrictedAuth].filter((a) => a?.scheme === 'basic');
    for (const a of tills)
      for (const b of tills)
        if (a?.scheme === 'basic' && b?.scheme === 'basic' && a.password !== b.password)
          found.add(basicCredentials(a.username, b.password));
  }
  if (profile.fabric) found.add(profile.fabric.auth.token);
  addTlsSecrets(profile.capillary?.tls, found);
  addTlsSecrets(profile.fabric?.tls, found);
  for (const secret of proxyCredentials(env)) found.add(secret);
  found.delete('');
  return [...found].sort((a, b) => b.length - a.length);
}

/** Secrets shorter than this are refused: redacted everywhere, they would cut answers apart. */
export const MIN_SECRET_LENGTH = 4;

/**
 * Text every run sends or reads besides the base URLs: the endpoints' paths and the JSON content
 * type. A secret found in it would be redacted out of the suite's own URLs and of correct answers.
 */
const EVERYDAY_TEXT = [
  '/v2/customers/lookup/points/balance',
  '/v2/customers/lookup/negativePointsAdjustment',
  '/v2/points/unlockPromisedPoints',
  '/v3/oauth/token/generate',
  '/v1/members/points-adjustment',
  '/v1/inquire/',
  'application/json; charset=utf-8',
];

/**
 * Refuses a run whose secrets the reports could not redact and stay readable: every report redacts
 * each secret wherever it appears, so a secret of a few characters, or one that is part of a base
 * URL, a path or `application/json` (a password `1`, `http`, `json`), would be cut out of every URL,
 * content type and answer written out (checks judge the exchange as received: readable reports are
 * at stake, not verdicts, and the line says so). One line naming the field (or the proxy variable),
 * never the value.
 */
export function assertRedactable(
  profile: Profile,
  env: Readonly<Record<string, string | undefined>> = process.env,
): void {
  // As the redactor matches: case-sensitive.
  const everyday = [profile.capillary?.baseUrl, profile.fabric?.baseUrl, ...EVERYDAY_TEXT].filter(
    (t): t is string => t !== undefined,
  );
  const flaw = (secret: string): string | undefined => {
    if (secret.length < MIN_SECRET_LENGTH) return `is shorter than ${MIN_SECRET_LENGTH} characters`;
    return everyday.some((t) => t.includes(secret))
      ? 'is part of a base URL, an endpoint path or the JSON content type'
      : undefined;
  };
  const why = (what: string, problem: string) =>
    `${what} ${problem}: the reports redact every secret wherever it appears, so it would be cut out of every URL, content type and answer they show (and one this short cannot be hidden); use a longer credential`;
  const named: [string, string | undefined][] = [];
  for (const [index, org] of (profile.capillary?.orgs ?? []).entries()) {
    for (const key of ['auth', 'alternateAuth', 'restrictedAuth'] as const) {
      const auth = org[key];
      if (!auth) continue;
      const field = `capillary.orgs[${index}].${key}`;
      if (auth.scheme === 'basic') named.push([`${field}.password`, auth.password]);
      else if (auth.scheme === 'oauth') named.push([`${field}.secret`, auth.secret]);
      else named.push([`${field}.token`, auth.token]);
    }
  }
  named.push(['fabric.auth.token', profile.fabric?.auth.token]);
  named.push(['capillary.tls.passphrase', profile.capillary?.tls?.passphrase]);
  named.push(['fabric.tls.passphrase', profile.fabric?.tls?.passphrase]);
  for (const [field, secret] of named) {
    const problem = secret ? flaw(secret) : undefined;
    if (problem) {
      throw toolError('LC_ERR_PROFILE_INVALID', { path: profile.source, reason: why(field, problem) });
    }
  }
  for (const variable of PROXY_VARIABLES) {
    const problem = proxyCredentials({ [variable]: env[variable] })
      .map(flaw)
      .find((p) => p !== undefined);
    if (problem) {
      throw toolError('LC_ERR_PROXY_INVALID', {
        variable,
        reason: why('the password in its URL', problem),
      });
    }
  }
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
