/**
 * The slice of Laravel 11 the app runs on: the request as the kernel sees it after the global
 * middleware (TrimStrings, then ConvertEmptyStringsToNull, on the query and the JSON body alike),
 * JsonResponse, the validator's rules and messages (a failure is the 422
 * `{"message", "errors": {field: [..]}}`), and the exception handler's JSON for 404, 405 and 401
 * (bootstrap/app.php renders JSON for every request: the app is an API).
 */
import { isNumeric, isPhpInt, jsonEncode, mbStrlen } from './php.ts';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface AppRequest {
  readonly method: string;
  /** The decoded path without its trailing slash (Laravel's router ignores one). */
  readonly path: string;
  /** `$request->path()`: the path as sent, still percent-encoded, without its slashes around. */
  readonly rawPath: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly query: Record<string, unknown>;
  /** `$request->input()`: the JSON body when the Content-Type says JSON, else the form body. */
  readonly input: Record<string, unknown>;
  readonly ip: string;
}

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): HttpAnswer {
  return {
    status,
    headers: { 'Cache-Control': 'no-cache, private', 'Content-Type': 'application/json', ...headers },
    body: jsonEncode(data),
  };
}

/** What the exception handler renders for an HttpException when APP_DEBUG is false. */
export const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
  json({ message }, status, headers);

// TrimStrings: PCRE \s with /u plus the zero-width marks Laravel 11 adds.
const trimString = (text: string): string => text.replace(/^[\s\u200B\u200E]+|[\s\u200B\u200E]+$/gu, '');

/**
 * TrimStrings then ConvertEmptyStringsToNull, over nested input as TransformsRequest walks it;
 * `emptyToNull: false` where bootstrap/app.php exempts the route (`convertEmptyStringsToNull(except:)`).
 */
export function cleanInput(value: unknown, emptyToNull = true): unknown {
  if (typeof value === 'string') {
    const trimmed = trimString(value);
    return trimmed === '' && emptyToNull ? null : trimmed;
  }
  if (Array.isArray(value)) return value.map((v) => cleanInput(v, emptyToNull));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanInput(v, emptyToNull)]));
  return value;
}

/** Symfony's query parsing as PHP's parse_str does it: `a[]=1&a[]=2` is a list, the last plain key wins. */
export function parseQuery(search: URLSearchParams): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  for (const [key, value] of search) {
    if (key.endsWith('[]')) {
      const name = key.slice(0, -2);
      const list = Array.isArray(query[name]) ? (query[name] as unknown[]) : [];
      list.push(value);
      query[name] = list;
    } else query[key] = value;
  }
  return query;
}

/**
 * `$request->input()`: json_decode of a JSON body (malformed JSON, or bytes that are not UTF-8,
 * decode to null: no input).
 */
export function parseInput(contentType: string | undefined, bytes: Buffer): Record<string, unknown> {
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('/json') || type.includes('+json')) {
    try {
      const decoded: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      if (decoded && typeof decoded === 'object' && !Array.isArray(decoded))
        return decoded as Record<string, unknown>;
      return Array.isArray(decoded) ? { ...decoded } : {};
    } catch {
      return {};
    }
  }
  if (type.startsWith('application/x-www-form-urlencoded'))
    return parseQuery(new URLSearchParams(bytes.toString('utf8')));
  return {};
}

// ---- the validator ------------------------------------------------------------------------------

export type Rule =
  | 'required'
  | 'nullable'
  | 'string'
  | 'numeric'
  | 'integer'
  | 'boolean'
  | 'array'
  | `max:${number}`
  | `min:${number}`
  | `gt:${number}`
  | `in:${string}`
  | `prohibits:${string}`
  | `required_with:${string}`
  | 'date_format:Y-m-d'
  | 'filled_if_present'
  | ((value: unknown) => string | undefined);

export type Rules = Record<string, readonly Rule[]>;

/** One failed rule of one field, as `$validator->failed()` names it. */
export interface Failure {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
}

const words = (field: string) =>
  field
    .replace(/\.\*$/, '')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();

const present = (value: unknown) => value !== undefined;
const isEmpty = (value: unknown) =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0);

function kindOf(value: unknown, rules: readonly Rule[]): 'numeric' | 'array' | 'string' {
  if (rules.includes('numeric') || rules.includes('integer')) return 'numeric';
  if (Array.isArray(value)) return 'array';
  return 'string';
}

function check(
  field: string,
  value: unknown,
  rule: Rule,
  rules: readonly Rule[],
  data: Record<string, unknown>,
) {
  const name = words(field);
  if (typeof rule === 'function') return rule(value);
  const [kind, arg = ''] = rule.split(/:(.*)/s);
  switch (kind) {
    case 'required':
      return isEmpty(value) ? `The ${name} field is required.` : undefined;
    case 'filled_if_present':
      return value === '' ? `The ${name} field must be at least 1 characters.` : undefined;
    case 'required_with':
      return !isEmpty(data[arg]) && isEmpty(value)
        ? `The ${name} field is required when ${words(arg)} is present.`
        : undefined;
    case 'prohibits':
      return !isEmpty(data[arg])
        ? `The ${name} field prohibits ${words(arg)} from being present.`
        : undefined;
    case 'string':
      return typeof value === 'string' ? undefined : `The ${name} field must be a string.`;
    case 'numeric':
      return isNumeric(value) ? undefined : `The ${name} field must be a number.`;
    case 'integer':
      return isPhpInt(value) ? undefined : `The ${name} field must be an integer.`;
    case 'boolean':
      return [true, false, 0, 1, '0', '1'].includes(value as never)
        ? undefined
        : `The ${name} field must be true or false.`;
    case 'array':
      return Array.isArray(value) || (value !== null && typeof value === 'object')
        ? undefined
        : `The ${name} field must be an array.`;
    case 'in':
      return arg.split(',').includes(String(value)) ? undefined : `The selected ${name} is invalid.`;
    case 'date_format':
      // createFromFormat() then format() must give the value back: 2022-02-30 is refused.
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value
        ? undefined
        : `The ${name} field must match the format Y-m-d.`;
    case 'gt':
      return isNumeric(value) && Number(value) > Number(arg)
        ? undefined
        : `The ${name} field must be greater than ${arg}.`;
    case 'max':
    case 'min': {
      const limit = Number(arg);
      const type = kindOf(value, rules);
      const size =
        type === 'numeric'
          ? Number(value)
          : type === 'array'
            ? (value as unknown[]).length
            : mbStrlen(String(value));
      const ok = kind === 'max' ? size <= limit : size >= limit;
      if (ok) return undefined;
      const unit = type === 'numeric' ? '' : type === 'array' ? ' items' : ' characters';
      return kind === 'max'
        ? `The ${name} field must not be greater than ${limit}${unit}.`
        : `The ${name} field must be at least ${limit}${unit}.`;
    }
    default:
      return undefined;
  }
}

/** Rules run on an absent or empty value too (an implicit rule, as a ValidationRule with $implicit = true). */
const IMPLICIT = new Set(['required', 'required_with', 'filled_if_present']);

/** `$request->validate($rules)`'s failures, in the order Laravel finds them (field by field). */
export function validate(data: Record<string, unknown>, rules: Rules): Failure[] {
  const failures: Failure[] = [];
  for (const [field, fieldRules] of Object.entries(rules)) {
    const values = field.endsWith('.*')
      ? Array.isArray(data[field.slice(0, -2)])
        ? (data[field.slice(0, -2)] as unknown[]).map((v, i) => [`${field.slice(0, -2)}.${i}`, v] as const)
        : []
      : [[field, data[field]] as const];
    for (const [key, value] of values) {
      for (const rule of fieldRules) {
        if (rule === 'nullable') continue;
        const implicit = typeof rule === 'string' && IMPLICIT.has(rule.split(':')[0] ?? '');
        // isValidatable(): a non-implicit rule skips what is absent, an empty string, a null marked nullable.
        const blank = typeof value === 'string' && value.trim() === '';
        if (!implicit && (!present(value) || blank || (value === null && fieldRules.includes('nullable'))))
          continue;
        const message = check(key, value, rule, fieldRules, data);
        if (message === undefined) continue;
        failures.push({
          field: key,
          rule: typeof rule === 'string' ? (rule.split(':')[0] ?? rule) : 'custom',
          message,
        });
        if (implicit) break;
      }
    }
  }
  return failures;
}

/** The ValidationException's 422: the first message (and a count of the rest), then each field's. */
export function validationFailed(failures: readonly Failure[]): HttpAnswer {
  const errors: Record<string, string[]> = {};
  for (const failure of failures) {
    const messages = errors[failure.field] ?? [];
    messages.push(failure.message);
    errors[failure.field] = messages;
  }
  const more = failures.length - 1;
  const message =
    (failures[0]?.message ?? 'The given data was invalid.') +
    (more > 0 ? ` (and ${more} more error${more > 1 ? 's' : ''})` : '');
  return json({ message, errors }, 422);
}

// ---- the router ---------------------------------------------------------------------------------

export type Handler = (req: AppRequest, params: Record<string, string>) => Promise<HttpAnswer>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly uri: string;
  readonly handler: Handler;
}

/** routes/web.php and routes/api.php as one RouteCollection. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: 'GET' | 'POST', uri: string, handler: Handler): this {
    const pattern = new RegExp(`^${uri.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
    this.routes.push({ method, pattern, uri, handler });
    return this;
  }

  async dispatch(req: AppRequest): Promise<HttpAnswer> {
    const matching = this.routes.filter((route) => route.pattern.test(req.path));
    const methods = [
      ...new Set(matching.flatMap((r) => (r.method === 'GET' ? ['GET', 'HEAD'] : [r.method]))),
    ];
    const route = matching.find(
      (r) => r.method === req.method || (req.method === 'HEAD' && r.method === 'GET'),
    );
    if (route) return route.handler(req, { ...route.pattern.exec(req.path)?.groups });
    const uri = req.rawPath;
    if (matching.length === 0) return httpError(404, `The route ${uri} could not be found.`);
    // RouteCollection answers OPTIONS itself for a route of other methods.
    if (req.method === 'OPTIONS')
      return {
        status: 200,
        headers: { Allow: methods.join(','), 'Content-Type': 'text/html; charset=UTF-8' },
        body: '',
      };
    return httpError(
      405,
      `The ${req.method} method is not supported for route ${uri}. Supported methods: ${methods.join(', ')}.`,
      { Allow: methods.join(', ') },
    );
  }
}
