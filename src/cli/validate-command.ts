import { loadProfile } from '../profile/load-profile.ts';
import { plainHttpCredentialWarnings } from '../profile/plain-http.ts';
import { assertRedactable } from '../profile/secrets.ts';
import type { Profile } from '../profile/types.ts';

/**
 * `loyalty-conformance validate <profile>`: loads the profile (environment variables included),
 * refusing TODO placeholders, and prints one summary line. A problem is a tool error, which `main`
 * prints as one line (exit 2); placeholders and unset variables come in the same line (see
 * `loadProfile`), so the user learns everything left to fill in from one run. Credentials sent
 * over plain HTTP to another machine are warned of on stderr (the profile is still valid).
 */
export function validateCommand(path: string): number {
  const profile = loadProfile(path, { rejectPlaceholders: true });
  assertRedactable(profile);
  for (const line of plainHttpCredentialWarnings(profile))
    process.stderr.write(`loyalty-conformance: ${line}\n`);
  process.stdout.write(`${summarizeProfile(profile)}\n`);
  return 0;
}

/** `profile OK: acme (staging), capillary orgs: strict, lenient; fabric: yes` */
export function summarizeProfile(profile: Profile): string {
  const orgs = profile.capillary ? profile.capillary.orgs.map((org) => org.id).join(', ') : 'none';
  return `profile OK: ${profile.name} (${profile.environment}), capillary orgs: ${orgs}; fabric: ${profile.fabric ? 'yes' : 'no'}`;
}
