import { toolError } from '../errors.ts';
import { formatPath, type PathSegment } from './field-path.ts';

/** The environment variables interpolation reads (`process.env` by default). */
export type Env = Readonly<Record<string, string | undefined>>;

/** `$${` (escape), `${...}`, or an unterminated `${`. */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
/** The inside of `${NAME}` or `${NAME:-default}`. */
const EXPRESSION = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string value of a parsed YAML document (keys
 * are left alone) and returns a new document. As in a POSIX shell, `:-` uses the default when the
 * variable is unset or empty; `$${` writes a literal `${`.
 *
 * @throws LC_ERR_PROFILE_ENV_MISSING for a variable without default that is not set, naming the
 *   variable and the field; LC_ERR_PROFILE_INVALID for a malformed reference. Neither message
 *   repeats the field's text, which may hold a secret.
 */
export function interpolate(document: unknown, env: Env, source: string): unknown {
  const missing: { variable: string; field: string }[] = [];
  const result = walk(document, [], env, source, missing);
  const first = missing[0];
  if (first) {
    throw toolError('LC_ERR_PROFILE_ENV_MISSING', { path: source, ...first, missing });
  }
  return result;
}

function walk(
  value: unknown,
  path: PathSegment[],
  env: Env,
  source: string,
  missing: { variable: string; field: string }[],
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
  missing: { variable: string; field: string }[],
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
