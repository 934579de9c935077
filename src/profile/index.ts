/** Target profiles: loading, validation and the secrets they hold. */

export {
  clientErrorStatusOpen,
  describeApiErrorStatus,
  refusedWithoutCode,
  refusedWithoutEnvelope,
  refusedWithoutJson,
  statusAllowedForErrors,
} from './error-status.ts';
export type { MissingVariable } from './interpolate.ts';
export {
  familiesFromTarget,
  type LoadProfileOptions,
  loadProfile,
  type ProfileOverrides,
  parseProfile,
  REFERENCE_PROFILE_PATH,
  targetOverrides,
} from './load-profile.ts';
export {
  describePlaceholders,
  MAX_LISTED_PLACEHOLDERS,
  type PlaceholderIssue,
  placeholderIssues,
} from './placeholders.ts';
export { plainHttpCredentialWarnings } from './plain-http.ts';
export { PROFILE_SCHEMA_PATH } from './schema.ts';
export { assertRedactable, basicCredentials, md5hex, secretsOf } from './secrets.ts';
export type * from './types.ts';
