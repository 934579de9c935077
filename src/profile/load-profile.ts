import { fileURLToPath } from 'node:url';
import { toolError } from '../errors.ts';
import { baseUrlProblem, consistencyIssues } from './consistency.ts';
import { type Env, envMissingError, interpolateCollecting } from './interpolate.ts';
import { parseProfileYaml, readProfileText } from './parse.ts';
import { placeholderError, placeholderIssues } from './placeholders.ts';
import { schemaIssues } from './schema.ts';
import { shownUrl } from './shown-url.ts';
import type { Profile } from './types.ts';

/** The profile of the embedded reference provider (`config/reference.yaml`). */
export const REFERENCE_PROFILE_PATH = fileURLToPath(new URL('../../config/reference.yaml', import.meta.url));

/** How many problems one error message lists before `(and N more)`. */
const MAX_LISTED_ISSUES = 3;
/** Fields whose values are redacted from every message, wherever else they show up. */
const SECRET_KEYS = new Set(['password', 'secret', 'token', 'passphrase', 'key']);
/**
 * Shorter secret values are not searched for in messages: masking every `b` would make them
 * unreadable. Messages never quote a secret field, so this net is for values that wander.
 */
const MIN_REDACTED_LENGTH = 4;

/** Base URLs that replace the profile's, e.g. from the CLI's `--target` flags or an embedded server. */
export interface ProfileOverrides {
  /** Replaces `capillary.baseUrl` (the profile must have a `capillary` section). */
  capillaryBaseUrl?: string;
  /** Replaces `fabric.baseUrl` (the profile must have a `fabric` section). */
  fabricBaseUrl?: string;
  /**
   * The families whose URL comes from one `--target` for the whole target, not from a URL given
   * for that family: a profile without the family's section leaves it out (a Capillary-only
   * profile run with `--target`), where a URL given for it is an error.
   */
  fromTarget?: readonly ('capillary' | 'fabric')[];
}

/**
 * The families whose base URL only `--target` gives (no `--capillary-url` / `--fabric-url` for
 * them): {@link ProfileOverrides.fromTarget}.
 */
export function familiesFromTarget(options: {
  readonly target?: string | undefined;
  readonly capillaryUrl?: string | undefined;
  readonly fabricUrl?: string | undefined;
}): ('capillary' | 'fabric')[] {
  if (!options.target) return [];
  return (['capillary', 'fabric'] as const).filter((family) =>
    family === 'capillary' ? !options.capillaryUrl : !options.fabricUrl,
  );
}

/**
 * Base-URL overrides from `--target` (Capillary as is, fabric under `fabricPrefix`, its spec's
 * `/api`) and the per-family `--capillary-url` / `--fabric-url`, which win. One reading of those
 * flags for `run`, `run --dry-run` and `pact verify`.
 */
export function targetOverrides(
  fabricPrefix: string,
  options: {
    readonly target?: string | undefined;
    readonly capillaryUrl?: string | undefined;
    readonly fabricUrl?: string | undefined;
  },
): ProfileOverrides {
  checkTargetFlags(options);
  const overrides: ProfileOverrides = {};
  if (options.target) {
    const base = options.target.replace(/\/$/, '');
    overrides.capillaryBaseUrl = base;
    overrides.fabricBaseUrl = base + fabricPrefix;
  }
  if (options.capillaryUrl) overrides.capillaryBaseUrl = options.capillaryUrl;
  if (options.fabricUrl) overrides.fabricBaseUrl = options.fabricUrl;
  const fromTarget = familiesFromTarget(options);
  if (fromTarget.length > 0) overrides.fromTarget = fromTarget;
  return overrides;
}

/**
 * A target URL that is not an http(s) base URL is a mistake on the command line (or in
 * `conform()`'s options), not in the profile, which may be the built-in one the user never saw.
 * @throws LC_ERR_CLI_USAGE naming the flag; user-info in the URL is masked.
 */
function checkTargetFlags(options: {
  readonly target?: string | undefined;
  readonly capillaryUrl?: string | undefined;
  readonly fabricUrl?: string | undefined;
}): void {
  const flags = [
    ['--target', options.target],
    ['--capillary-url', options.capillaryUrl],
    ['--fabric-url', options.fabricUrl],
  ] as const;
  for (const [flag, url] of flags) {
    const problem = url ? baseUrlProblem(url) : undefined;
    if (problem) throw toolError('LC_ERR_CLI_USAGE', { reason: `${flag} ${shownUrl(url!)}: ${problem}` });
  }
}

/** Options of {@link loadProfile}. */
export interface LoadProfileOptions {
  /** Variables for `${VAR}` references; default `process.env`. */
  env?: Env;
  /** Applied after loading, checked like the profile's own URLs. */
  overrides?: ProfileOverrides;
  /**
   * Fail on TODO placeholders (values containing the word TODO, trailing `# TODO` comments), as
   * `validate` does: a profile still holding the template's examples is not ready. Default false,
   * so a run or a test may use a profile whose placeholders do not matter to it.
   */
  rejectPlaceholders?: boolean;
}

/**
 * Loads a profile file: YAML, `${VAR}` interpolation, JSON Schema validation with defaults,
 * cross-field checks, base URLs without trailing slash, overrides. Returns the profile deep-frozen.
 *
 * Problems are reported by stage, each stage reporting all of its problems at once, so that a
 * user needs one run per stage at most, never one per problem:
 * 1. the file cannot be read, or is not valid YAML, or a `${...}` reference is malformed;
 * 2. what is left to fill in: TODO placeholders (with `rejectPlaceholders`) and unset variables,
 *    gathered together. Placeholders come first because they are what the user fills in first:
 *    any placeholder gives LC_ERR_PROFILE_PLACEHOLDER, whose one line also lists the unset
 *    variables; unset variables alone give LC_ERR_PROFILE_ENV_MISSING. Both carry
 *    `details.missing`, and the placeholder error `details.found`;
 * 3. the schema, then the cross-field rules (LC_ERR_PROFILE_INVALID): judged on the filled-in
 *    values, so they run only once nothing is left to fill in.
 *
 * @throws LC_ERR_PROFILE_NOT_FOUND, LC_ERR_PROFILE_PARSE, LC_ERR_PROFILE_PLACEHOLDER,
 *   LC_ERR_PROFILE_ENV_MISSING or LC_ERR_PROFILE_INVALID; every message names the field and
 *   never repeats a secret.
 */
export function loadProfile(path: string, options: LoadProfileOptions = {}): Profile {
  return parseProfile(readProfileText(path), path, options);
}

/** {@link loadProfile} for text already in memory; `source` names it in messages. */
export function parseProfile(text: string, source: string, options: LoadProfileOptions = {}): Profile {
  const raw = parseProfileYaml(text, source);
  const placeholders = options.rejectPlaceholders ? placeholderIssues(text, source) : [];
  const { document, missing } = interpolateCollecting(raw, options.env ?? process.env, source);
  if (placeholders.length > 0) throw placeholderError(source, placeholders, missing);
  if (missing.length > 0) throw envMissingError(source, missing);
  const secrets = collectSecretValues(document);
  const fail = (issues: string[]) => {
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => redact(issue, secrets));
    const more = issues.length > MAX_LISTED_ISSUES ? ` (and ${issues.length - MAX_LISTED_ISSUES} more)` : '';
    return toolError('LC_ERR_PROFILE_INVALID', {
      path: source,
      reason: `${listed.join('; ')}${more}`,
      issues: listed,
    });
  };

  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw fail([document == null ? 'profile: the file is empty' : 'profile: must be a mapping of fields']);
  }
  const schemaProblems = schemaIssues(document);
  if (schemaProblems.length > 0) throw fail(schemaProblems);

  const profile = document as Profile;
  profile.source = source;
  profile.safety.allowMutations ??= profile.environment !== 'production';
  if (profile.capillary && options.overrides?.capillaryBaseUrl !== undefined) {
    profile.capillary.baseUrl = options.overrides.capillaryBaseUrl;
  }
  if (profile.fabric && options.overrides?.fabricBaseUrl !== undefined) {
    profile.fabric.baseUrl = options.overrides.fabricBaseUrl;
  }
  const problems = consistencyIssues(profile);
  const given = (family: 'capillary' | 'fabric', url: string | undefined) =>
    url !== undefined && !options.overrides?.fromTarget?.includes(family);
  if (given('capillary', options.overrides?.capillaryBaseUrl) && !profile.capillary) {
    problems.push('capillary.baseUrl: a Capillary target was given but the profile has no capillary section');
  }
  if (given('fabric', options.overrides?.fabricBaseUrl) && !profile.fabric) {
    problems.push('fabric.baseUrl: a fabric target was given but the profile has no fabric section');
  }
  if (problems.length > 0) throw fail(problems.map((problem) => namingOverride(problem, options.overrides)));

  if (profile.capillary) profile.capillary.baseUrl = withoutTrailingSlash(profile.capillary.baseUrl);
  if (profile.fabric) profile.fabric.baseUrl = withoutTrailingSlash(profile.fabric.baseUrl);
  return deepFreeze(profile);
}

/**
 * A problem with a base URL the command line (or `conform()`'s target) replaced names where it came
 * from: otherwise `--target ftp://x` reads as a fault of the profile file.
 */
function namingOverride(problem: string, overrides: ProfileOverrides | undefined): string {
  const given = [
    ['capillary.baseUrl: ', overrides?.capillaryBaseUrl, '--target or --capillary-url'],
    ['fabric.baseUrl: ', overrides?.fabricBaseUrl, '--target or --fabric-url'],
  ] as const;
  for (const [prefix, value, flags] of given) {
    if (value !== undefined && problem.startsWith(prefix)) {
      return `${prefix.slice(0, -2)} (the target URL given with ${flags}, not the profile's): ${problem.slice(prefix.length)}`;
    }
  }
  return problem;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Values of secret fields anywhere in the document. */
function collectSecretValues(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) collectSecretValues(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (SECRET_KEYS.has(key) && typeof item === 'string' && item.length >= MIN_REDACTED_LENGTH)
        found.push(item);
      else collectSecretValues(item, found);
    }
  }
  return found.sort((a, b) => b.length - a.length);
}

/** Belt and braces: a message never quotes a secret field, and if a secret shows up elsewhere it is masked. */
function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((result, secret) => result.replaceAll(secret, '***'), text);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
