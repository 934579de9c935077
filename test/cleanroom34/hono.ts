/**
 * The Hono habits of the Worker, reduced to what it uses: `c.json()` and `c.text()` answers, the
 * router's plain-text `404 Not Found` for anything no route serves (Hono has no 405: a known path
 * with another method is the same 404), the json validator's `Malformed JSON in request body` 400,
 * and `@hono/zod-validator`'s 400 `{"success":false,"error":{"issues":[…],"name":"ZodError"}}`
 * with zod 3's issue shapes.
 */
export interface WorkerRequest {
  readonly method: string;
  readonly url: URL;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

export interface WorkerResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export const json = (value: unknown, status = 200, headers: Record<string, string> = {}): WorkerResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export const text = (
  message: string,
  status: number,
  headers: Record<string, string> = {},
): WorkerResponse => ({
  status,
  headers: { 'content-type': 'text/plain; charset=UTF-8', ...headers },
  body: message,
});

export const notFound = () => text('404 Not Found', 404);

/** hono/validator's json target: the body parsed, `{}` when the Content-Type is not JSON. */
export function jsonTarget(req: WorkerRequest): { value: unknown } | { refused: WorkerResponse } {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/.test(type)) return { value: {} };
  try {
    return { value: JSON.parse(req.body) };
  } catch {
    return { refused: text('Malformed JSON in request body', 400) };
  }
}

// ---- the zod 3 subset the schemas use -------------------------------------------------------

export type Path = (string | number)[];
export type Issue = Record<string, unknown> & { code: string; path: Path; message: string };
export type Check = (value: unknown, path: Path) => Issue[];

const typeName = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isNaN(value) ? 'nan' : typeof value;

const invalidType = (expected: string, value: unknown, path: Path): Issue[] => {
  const received = value === undefined ? 'undefined' : typeName(value);
  return [
    {
      code: 'invalid_type',
      expected,
      received,
      path,
      message: value === undefined ? 'Required' : `Expected ${expected}, received ${received}`,
    },
  ];
};

export const z = {
  number:
    (opts: { int?: boolean; nonNegative?: boolean; nonZero?: boolean } = {}): Check =>
    (value, path) => {
      if (typeof value !== 'number' || !Number.isFinite(value)) return invalidType('number', value, path);
      if (opts.int && !Number.isInteger(value))
        return [
          {
            code: 'invalid_type',
            expected: 'integer',
            received: 'float',
            path,
            message: 'Expected integer, received float',
          },
        ];
      if (opts.nonNegative && value < 0)
        return [
          {
            code: 'too_small',
            minimum: 0,
            type: 'number',
            inclusive: true,
            exact: false,
            path,
            message: 'Number must be greater than or equal to 0',
          },
        ];
      if (opts.nonZero && value === 0) return [{ code: 'custom', path, message: 'points cannot be zero' }];
      return [];
    },
  string:
    (opts: { min?: number; max?: number; regex?: RegExp } = {}): Check =>
    (value, path) => {
      if (typeof value !== 'string') return invalidType('string', value, path);
      if (opts.min !== undefined && value.length < opts.min)
        return [
          {
            code: 'too_small',
            minimum: opts.min,
            type: 'string',
            inclusive: true,
            exact: false,
            path,
            message: `String must contain at least ${opts.min} character(s)`,
          },
        ];
      if (opts.max !== undefined && value.length > opts.max)
        return [
          {
            code: 'too_big',
            maximum: opts.max,
            type: 'string',
            inclusive: true,
            exact: false,
            path,
            message: `String must contain at most ${opts.max} character(s)`,
          },
        ];
      if (opts.regex && !opts.regex.test(value))
        return [{ code: 'invalid_string', validation: 'regex', path, message: 'Invalid' }];
      return [];
    },
  boolean: (): Check => (value, path) =>
    typeof value === 'boolean' ? [] : invalidType('boolean', value, path),
  array:
    (item: Check): Check =>
    (value, path) =>
      Array.isArray(value)
        ? value.flatMap((v, i) => item(v, [...path, i]))
        : invalidType('array', value, path),
  /** z.union: the first member that accepts wins; none → one invalid_union issue. */
  union:
    (...members: Check[]): Check =>
    (value, path) =>
      members.some((m) => m(value, path).length === 0)
        ? []
        : [
            {
              code: 'invalid_union',
              unionErrors: members.map((m) => ({ issues: m(value, path), name: 'ZodError' })),
              path,
              message: 'Invalid input',
            },
          ],
  optional:
    (check: Check): Check =>
    (value, path) =>
      value === undefined ? [] : check(value, path),
  nullish:
    (check: Check): Check =>
    (value, path) =>
      value === undefined || value === null ? [] : check(value, path),
  /** z.object(shape).superRefine(refine): unknown keys stripped, as zod does by default. */
  object:
    (shape: Record<string, Check>, refine?: (value: Record<string, unknown>) => Issue[]): Check =>
    (value, path) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return invalidType('object', value, path);
      const record = value as Record<string, unknown>;
      const issues = Object.entries(shape).flatMap(([key, check]) => check(record[key], [...path, key]));
      return issues.length === 0 && refine ? refine(record) : issues;
    },
};

/** `zValidator(target, schema)`'s default hook: the issues, 400. */
export function zodRefusal(issues: Issue[]): WorkerResponse {
  return json({ success: false, error: { issues, name: 'ZodError' } }, 400);
}

/** Validates `value` against `schema`: undefined when it passes, else the validator's 400. */
export function validate(schema: Check, value: unknown): WorkerResponse | undefined {
  const issues = schema(value, []);
  return issues.length === 0 ? undefined : zodRefusal(issues);
}
