import { type LoyaltyConformanceError, toolError } from '../errors.ts';
import { formatPath, type PathSegment } from './field-path.ts';

/** The environment variables interpolation reads (`process.env` by default). */
export type Env = Readonly<Record<string, string | undefined>>;

/** `$${` (escape), `${...}`, or an unterminated `${`. */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
/** The inside of `${NAME}` or `${NAME:-default}`. */
const EXPRESSION = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/** A `${VAR}` reference without default whose variable is not set, and the field that uses it. */
export interface MissingVariable {
  readonly variable: string;
  /** The field path, e.g. `capillary.orgs[0].auth.password`. */
  readonly field: string;
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value of a parsed YAML document (keys
 * are left alone) and returns a new document. As in a POSIX shell, `:-` uses the default when the
 * variable is unset or empty; `$${` writes a literal `${`.
 *
 * @throws LC_ERR_PROFILE_ENV_MISSING listing every unset variable without default and the fields
 *   using it (see {@link envMissingError}); LC_ERR_PROFILE_INVALID for a malformed reference.
 *   Neither message repeats a field's text, which may hold a secret.
 */
export function interpolate(document: unknown, env: Env, source: string): unknown {
  const { document: result, missing } = interpolateCollecting(document, env, source);
  if (missing.length > 0) throw envMissingError(source, missing);
  return result;
}

/**
 * {@link interpolate} without failing on unset variables: they become empty strings and are
 * returned in `missing`, in document order, so a caller can report them together with problems
 * of another kind (placeholders) instead of one kind per run.
 *
 * @throws LC_ERR_PROFILE_INVALID for a malformed reference (the document cannot be read as meant).
 */
export function interpolateCollecting(
  document: unknown,
  env: Env,
  source: string,
): { document: unknown; missing: MissingVariable[] } {
  const missing: MissingVariable[] = [];
  return { document: walk(document, [], env, source, missing), missing };
}

/**
 * `CAPILLARY_USERNAME (capillary.orgs[0].auth.username), FABRIC_TOKEN (fabric.auth.token)`: each
 * unset variable once, in order of first use, with every field that uses it.
 */
export function describeMissingVariables(missing: readonly MissingVariable[]): string {
  const fields = new Map<string, string[]>();
  for (const { variable, field } of missing) {
    const list = fields.get(variable);
    if (list) list.push(field);
    else fields.set(variable, [field]);
  }
  return [...fields].map(([variable, list]) => `${variable} (${list.join(', ')})`).join(', ');
}

/**
 * LC_ERR_PROFILE_ENV_MISSING naming every unset variable: a user fixes the environment in one
 * go instead of one run per variable. `details.missing` keeps the structured list; `variable` and
 * `field` name the first for callers that only want one.
 */
export function envMissingError(
  source: string,
  missing: readonly MissingVariable[],
): LoyaltyConformanceError {
  return toolError('LC_ERR_PROFILE_ENV_MISSING', {
    path: source,
    variables: describeMissingVariables(missing),
    missing,
    ...(missing[0] ? { variable: missing[0].variable, field: missing[0].field } : {}),
  });
}

function walk(
  value: unknown,
  path: PathSegment[],
  env: Env,
  source: string,
  missing: MissingVariable[],
): unknown {
  if (typeof value === 'string') return interpolateString(value, path, env, source, missing);
  if (Array.isArray(value))
    return value.map((item, index) => walk(item, [...path, index], env, source, missing));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key], env, source, missing)]),
    );
  }
  return value;
}

function interpolateString(
  text: string,
  path: PathSegment[],
  env: Env,
  source: string,
  missing: MissingVariable[],
): string {
  if (!text.includes('${')) return text;
  return text.replace(REFERENCE, (whole, inside: string | undefined) => {
    if (whole === '$${') return '${';
    const match = inside === undefined ? null : EXPRESSION.exec(inside);
    if (!match) {
      throw toolError('LC_ERR_PROFILE_INVALID', {
        path: source,
        reason: `${formatPath(path)}: malformed variable reference (write \${NAME} or \${NAME:-default}; $\${ for a literal \${)`,
        field: formatPath(path),
      });
    }
    const [, variable, fallback] = match as unknown as [string, string, string | undefined];
    const value = env[variable];
    if (fallback !== undefined) return value === undefined || value === '' ? fallback : value;
    if (value === undefined) {
      missing.push({ variable, field: formatPath(path) });
      return '';
    }
    return value;
  });
}
