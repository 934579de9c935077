import { createHash } from 'node:crypto';
import type { CapillaryAuth, Profile } from './types.ts';

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
 * (`oauth-token`) and the fabric Bearer token.
 * Usernames and OAuth keys identify a principal and are not secret. Longest first, so a redactor
 * replacing them in order never leaves part of a longer secret behind.
 */
export function secretsOf(profile: Profile): string[] {
  const found = new Set<string>();
  for (const org of profile.capillary?.orgs ?? []) {
    addAuthSecrets(org.auth, found);
    if (org.alternateAuth) addAuthSecrets(org.alternateAuth, found);
    if (org.restrictedAuth) addAuthSecrets(org.restrictedAuth, found);
  }
  if (profile.fabric) found.add(profile.fabric.auth.token);
  found.delete('');
  return [...found].sort((a, b) => b.length - a.length);
}

function addAuthSecrets(auth: CapillaryAuth, found: Set<string>): void {
  if (auth.scheme === 'basic') {
    found.add(auth.password);
    found.add(md5hex(auth.password));
    found.add(basicCredentials(auth.username, auth.password));
  } else if (auth.scheme === 'oauth') {
    found.add(auth.secret);
  } else {
    found.add(auth.token);
  }
}
