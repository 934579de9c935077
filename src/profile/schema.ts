import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { PRECOMPILED_PROFILE } from '../spec/precompiled/profile.generated.ts';
import { compileSchema } from '../spec/schema-compiler.ts';
import { formatPath, pointerSegments } from './field-path.ts';
import { shownUrl } from './shown-url.ts';

/** `config/profile.schema.json`: the JSON Schema of profiles (also what editors complete from). */
export const PROFILE_SCHEMA_PATH = fileURLToPath(
  new URL('../../config/profile.schema.json', import.meta.url),
);

/** Fields whose value is never repeated in a message. */
const SECRET_FIELDS = new Set(['password', 'secret', 'token', 'passphrase', 'key']);
/** How much of a wrong value a message repeats. */
const MAX_VALUE_LENGTH = 60;

let compiled: ValidateFunction | undefined;

/**
 * The compiled profile schema, built once per process (precompiled at build time: see
 * `src/spec/schema-compiler.ts`, kind `profile`, for its options: defaults filled in place,
 * scalars coerced, `x-expected` the schema's own wording of what a field expects).
 */
function validator(): ValidateFunction {
  compiled ??= compileSchema(
    'profile',
    JSON.parse(readFileSync(PROFILE_SCHEMA_PATH, 'utf8')),
    PRECOMPILED_PROFILE,
  );
  return compiled;
}

/**
 * Validates an interpolated profile document in place (defaults added, scalars coerced) and
 * returns one message per problem, each naming the field: `limits.timeoutMs: must be an integer
 * (got "10s")`. Empty when the document is valid.
 */
export function schemaIssues(document: unknown): string[] {
  const validate = validator();
  if (validate(document)) return [];
  const errors = validate.errors ?? [];
  const combinators = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => `${e.schemaPath}/`);
  const issues: string[] = [];
  for (const error of errors) {
    // `if` only says that `then` failed, and the branches of a failed anyOf contradict each other;
    // the `then` error and the anyOf error itself say what is wrong. Errors about a property
    // name come again as one `propertyNames` error.
    if (error.keyword === 'if' || error.propertyName !== undefined) continue;
    if (combinators.some((prefix) => error.schemaPath.startsWith(prefix))) continue;
    const issue = describe(error, document);
    if (!issues.includes(issue)) issues.push(issue);
  }
  return issues;
}

function describe(error: ErrorObject, document: unknown): string {
  const segments = pointerSegments(error.instancePath, document);
  const at = (...more: (string | number)[]) => formatPath([...segments, ...more]);
  const params = error.params as Record<string, unknown>;
  const expected = (error.parentSchema as Record<string, unknown> | undefined)?.['x-expected'];
  const got = () => (isSecretField(segments) ? '' : ` (got ${render(error.data)})`);
  switch (error.keyword) {
    case 'required':
      return `${at(String(params.missingProperty))}: is required`;
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      const near = closest(name, known);
      return `${at(name)}: is not a known field (${near ? `did you mean "${near}"?` : `known: ${known.join(', ')}`})`;
    }
    case 'propertyNames':
      return `${at(String(params.propertyName))}: is not a valid name (use letters, digits, _, . and -)`;
    case 'discriminator':
      return params.error === 'mapping'
        ? `${at(String(params.tag))}: must be one of ${schemes(error)} (got ${render(params.tagValue)})`
        : `${at(String(params.tag))}: is required (one of ${schemes(error)})`;
    case 'enum':
      return `${at()}: must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}${got()}`;
    case 'const':
      return `${at()}: must be ${render(params.allowedValue)}${got()}`;
    case 'type':
      return `${at()}: must be ${typeof expected === 'string' ? expected : article(String(params.type))}${got()}`;
    case 'pattern':
    case 'anyOf':
    case 'oneOf':
      return `${at()}: must be ${typeof expected === 'string' ? expected : `valid (${error.message})`}${got()}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${at()}: must be ${params.comparison} ${params.limit}${got()}`;
    case 'minLength':
      return params.limit === 1
        ? `${at()}: must not be empty`
        : `${at()}: must be at least ${params.limit} characters`;
    case 'minItems':
    case 'maxItems':
    case 'items':
      return `${at()}: must be ${typeof expected === 'string' ? expected : `a list (${error.message})`}${got()}`;
    case 'minProperties':
      return `${at()}: must have at least ${params.limit} ${params.limit === 1 ? 'entry' : 'entries'}`;
    case 'uniqueItems':
      return `${at()}: must not repeat a value (items ${params.j} and ${params.i} are equal)`;
    default:
      return `${at()}: ${error.message ?? 'is invalid'}`;
  }
}

function isSecretField(segments: readonly (string | number)[]): boolean {
  const last = segments.at(-1);
  return typeof last === 'string' && SECRET_FIELDS.has(last);
}

/** The tag values a discriminated `oneOf` accepts (`basic, oauth`). */
function schemes(error: ErrorObject): string {
  type Branch = { properties?: Record<string, { const?: unknown }> };
  const branches = (error.parentSchema as { oneOf?: Branch[] }).oneOf ?? [];
  const tag = String((error.params as { tag?: unknown }).tag);
  return branches.map((branch) => String(branch.properties?.[tag]?.const)).join(', ');
}

/** A value as JSON, cut short; URL credentials masked. */
function render(value: unknown): string {
  // A URL's query or fragment may hold a key (`?apikey=…`) as its user-info may hold a password:
  // a URL is shown as every message shows one (shownUrl), other text with any `//user@` masked.
  const shown = typeof value === 'string' && value.includes('://') ? shownUrl(value) : value;
  const text = JSON.stringify(shown) ?? String(shown);
  const masked = text.replace(/(\/\/)[^/@\s"]*@/g, '$1***@');
  return masked.length > MAX_VALUE_LENGTH ? `${masked.slice(0, MAX_VALUE_LENGTH)}…` : masked;
}

function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

/** The known name within edit distance 2 of a typo (or equal but for case), if any. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance =
      candidate.toLowerCase() === name.toLowerCase()
        ? 0
        : editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
