/** Target profiles: loading, validation and the secrets they hold. */
export {
  type LoadProfileOptions,
  loadProfile,
  type ProfileOverrides,
  parseProfile,
  REFERENCE_PROFILE_PATH,
} from './load-profile.ts';
export { PROFILE_SCHEMA_PATH } from './schema.ts';
export { basicCredentials, md5hex, secretsOf } from './secrets.ts';
export type * from './types.ts';
