import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { isToolError, type LoyaltyConformanceError } from '../../src/errors.ts';
import { REFERENCE_PROFILE_PATH } from '../../src/profile/load-profile.ts';

/** Environment of the staging example: every variable it needs without a default. */
export const STAGING_ENV = {
  CAPILLARY_BASE_URL: 'https://staging.capillary.example',
  CAPILLARY_USERNAME: 'till.staging',
  CAPILLARY_PASSWORD: 'staging-password',
  CAPILLARY_OAUTH_KEY: 'staging-client',
  CAPILLARY_OAUTH_SECRET: 'staging-client-secret',
  FABRIC_BASE_URL: 'https://staging.fabric.example/api',
  FABRIC_TOKEN: 'staging-fabric-token',
} as const;

/** One edit of the reference profile (see invalid-profiles.yaml). */
export interface ProfileEdit {
  set?: Record<string, unknown>;
  delete?: string[];
  replace?: unknown;
}

/** The reference profile as plain data, a fresh copy each call. */
export function referenceDocument(): Record<string, unknown> {
  return YAML.parse(readFileSync(REFERENCE_PROFILE_PATH, 'utf8'));
}

/** Applies an edit to a fresh copy of the reference profile and returns its YAML text. */
export function editedReference(edit: ProfileEdit): string {
  if (edit.replace !== undefined) return YAML.stringify(edit.replace);
  const document = referenceDocument();
  for (const [path, value] of Object.entries(edit.set ?? {})) {
    const { parent, key } = locate(document, path);
    parent[key] = value;
  }
  for (const path of edit.delete ?? []) {
    const { parent, key } = locate(document, path);
    delete parent[key];
  }
  return YAML.stringify(document);
}

function locate(
  document: Record<string, unknown>,
  path: string,
): { parent: Record<string, unknown>; key: string } {
  const keys = path.split('.');
  const last = keys.pop()!;
  let current: Record<string, unknown> = document;
  for (const key of keys) current = current[key] as Record<string, unknown>;
  return { parent: current, key: last };
}

/** The tool error `fn` throws (fails the test when it throws something else or nothing). */
export function errorOf(fn: () => unknown): LoyaltyConformanceError {
  try {
    fn();
  } catch (error) {
    if (isToolError(error)) return error;
    throw error;
  }
  throw new Error('expected a tool error');
}
