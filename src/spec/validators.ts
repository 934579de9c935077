import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import _addFormats from 'ajv-formats';
import { toolError } from '../errors.ts';
import { formatIssues, makeIssue, type SchemaIssue } from './format-errors.ts';
import { isRecord } from './json-pointer.ts';
import type { SpecOperation, SpecParameter, SpecRegistry, SpecSchema } from './operations.ts';

// ajv-formats is CommonJS with a default export; under NodeNext the default import is the module object.
const addFormats = _addFormats as unknown as typeof _addFormats.default;

/** The outcome of validating one message (or message part) against the spec. */
export interface ValidationResult {
  /** Whether the message satisfies every schema that applies to it. */
  readonly valid: boolean;
  /** What is wrong, one entry per violation; empty when `valid`. */
  readonly issues: readonly SchemaIssue[];
}

/** The outcome of validating a response: also whether the spec declares its status at all. */
export interface ResponseValidationResult extends ValidationResult {
  /**
   * False when no response key (exact, range or `default`) matches the status. The result is then
   * invalid with one `keyword: 'status'` issue; a check that judges only the body should skip it
   * and leave the verdict to the status check.
   */
  readonly statusDeclared: boolean;
  /** The response key that matched: `'200'`, `'4XX'` or `'default'`. */
  readonly matchedKey?: string;
}

/**
 * The parts of a request to validate. A part is validated only when its key is present: pass
 * `query: {}` for a request without a query string (so missing required parameters are reported),
 * and `body: undefined` for a request without a body.
 */
export interface RequestParts {
  /** The URL query as parsed strings; a repeated key gives an array. */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /** The path variables as raw strings, e.g. `{ profileId: '123' }`. */
  readonly path?: Readonly<Record<string, string>>;
  /** The parsed JSON body (`undefined`: no body). */
  readonly body?: unknown;
}

/** Counters for tests and diagnostics. */
export interface ValidatorStats {
  /** How many schemas have been compiled so far (each at most once per operation and part). */
  readonly compiled: number;
}

/** Validators for every operation of a registry, compiled lazily and once. */
export interface SpecValidators {
  /**
   * Validates a request's query, path variables and JSON body against the operation.
   * @throws LoyaltyConformanceError `LC_ERR_SPEC_OPERATION_UNKNOWN`; `LC_ERR_SPEC_INVALID` when a
   *   schema does not compile (e.g. an unknown keyword or format).
   */
  validateRequest(operationId: string, parts: RequestParts): ValidationResult;
  /**
   * Validates a response body (parsed JSON; `undefined` for an empty body) against the schema the
   * spec declares for `status`.
   * @throws LoyaltyConformanceError as `validateRequest`.
   */
  validateResponse(operationId: string, status: number, body: unknown): ResponseValidationResult;
  /**
   * The top-level property names the matched response schema declares (through `allOf`, `oneOf`
   * and `anyOf` too), to warn about undeclared fields; `undefined` when the status is not
   * declared or has no schema.
   */
  declaredResponseProperties(operationId: string, status: number): readonly string[] | undefined;
  /** Diagnostics: how much has been compiled. */
  stats(): ValidatorStats;
}

/**
 * Which response key of `responses` applies to `status`: the exact code, then its range
 * (`'4XX'`), then `'default'`; `undefined` when none does.
 */
export function matchResponseKey(
  responses: ReadonlyMap<string, unknown>,
  status: number,
): string | undefined {
  const exact = String(status);
  if (responses.has(exact)) return exact;
  const range = `${exact.charAt(0)}XX`;
  if (responses.has(range)) return range;
  return responses.has('default') ? 'default' : undefined;
}

/**
 * OpenAPI 3.1 annotation keywords that JSON Schema 2020-12 does not define. Registered as known
 * keywords without validation so that `strict` mode can stay on: strict mode's value is that a
 * misspelt keyword (`maxLenght`) is a compile error instead of a constraint that silently never
 * applies. `discriminator` is only a hint in OpenAPI; `oneOf` does the validating.
 */
const OPENAPI_ANNOTATIONS = ['example', 'xml', 'externalDocs', 'discriminator'];

/**
 * Creates the validators of a registry. Two ajv instances: one validates JSON bodies exactly as
 * sent; the other validates query and path parameters with `coerceTypes: true`, because a URL
 * carries only strings and `programId=469` must satisfy `type: integer` (it coerces a copy, never
 * the caller's data).
 */
export function createValidators(registry: SpecRegistry): SpecValidators {
  const jsonAjv = newAjv(false);
  const stringAjv = newAjv(true);
  const cache = new Map<string, ValidateFunction>();
  let compiled = 0;

  const validatorFor = (
    ajv: Ajv2020,
    operation: SpecOperation,
    part: string,
    buildSchema: () => SpecSchema,
  ): ValidateFunction => {
    const key = `${operation.operationId}\u0000${part}`;
    const cached = cache.get(key);
    if (cached) return cached;
    const schema = buildSchema();
    registerExtensionKeywords(ajv, schema);
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema);
    } catch (cause) {
      throw toolError(
        'LC_ERR_SPEC_INVALID',
        {
          path: operation.specPath,
          reason: `${operation.operationId} ${part}: ${cause instanceof Error ? cause.message : String(cause)}`,
          operationId: operation.operationId,
          part,
        },
        { cause },
      );
    }
    compiled += 1;
    cache.set(key, validate);
    return validate;
  };

  const validateParameters = (
    operation: SpecOperation,
    location: 'query' | 'path',
    values: Readonly<Record<string, string | readonly string[]>>,
  ): SchemaIssue[] => {
    const parameters = location === 'query' ? operation.queryParameters : operation.pathParameters;
    if (parameters.length === 0) return [];
    const validate = validatorFor(stringAjv, operation, location, () => parametersSchema(parameters));
    const data = shapeParameterValues(parameters, values);
    return validate(data) ? [] : formatIssues(validate.errors, location, data);
  };

  const responseFor = (operationId: string, status: number) => {
    const operation = registry.getOperation(operationId);
    const matchedKey = matchResponseKey(operation.responses, status);
    const response = matchedKey === undefined ? undefined : operation.responses.get(matchedKey);
    return { operation, matchedKey, response };
  };

  return {
    validateRequest(operationId, parts) {
      const operation = registry.getOperation(operationId);
      const issues: SchemaIssue[] = [];
      if (parts.path !== undefined) issues.push(...validateParameters(operation, 'path', parts.path));
      if (parts.query !== undefined) issues.push(...validateParameters(operation, 'query', parts.query));
      if ('body' in parts) {
        const schema = operation.requestBodySchema;
        if (parts.body === undefined) {
          if (operation.requestBodyRequired) {
            issues.push(
              makeIssue({
                where: 'body',
                expected: 'a JSON request body',
                actual: 'missing',
                keyword: 'required',
              }),
            );
          }
        } else if (schema !== undefined) {
          const validate = validatorFor(jsonAjv, operation, 'request body', () => schema);
          if (!validate(parts.body)) issues.push(...formatIssues(validate.errors, 'body', parts.body));
        }
      }
      return { valid: issues.length === 0, issues };
    },

    validateResponse(operationId, status, body) {
      const { operation, matchedKey, response } = responseFor(operationId, status);
      const where = `response.${status}`;
      if (matchedKey === undefined || response === undefined) {
        const declared = [...operation.responses.keys()].join(', ');
        const issue = makeIssue({
          where: 'response.status',
          expected: `a declared status (${declared || 'none declared'})`,
          actual: String(status),
          keyword: 'status',
        });
        return { valid: false, issues: [issue], statusDeclared: false };
      }
      const schema = response.schema;
      if (schema === undefined) return { valid: true, issues: [], statusDeclared: true, matchedKey };
      if (body === undefined) {
        const issue = makeIssue({ where, expected: 'a JSON body', actual: 'missing', keyword: 'required' });
        return { valid: false, issues: [issue], statusDeclared: true, matchedKey };
      }
      const validate = validatorFor(jsonAjv, operation, `response ${matchedKey}`, () => schema);
      const issues = validate(body) ? [] : formatIssues(validate.errors, where, body);
      return { valid: issues.length === 0, issues, statusDeclared: true, matchedKey };
    },

    declaredResponseProperties(operationId, status) {
      const { response } = responseFor(operationId, status);
      if (response?.schema === undefined) return undefined;
      return [...collectPropertyNames(response.schema, new Set())];
    },

    stats: () => ({ compiled }),
  };
}

function newAjv(coerce: boolean): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    // Errors carry the failing value and its schema, for `actual` and `x-expected`.
    verbose: true,
    strict: true,
    // OpenAPI 3.1 writes nullable values as `type: [string, 'null']`.
    allowUnionTypes: true,
    // These strict checks reject legitimate shapes (`required` in a `oneOf` branch naming a
    // property declared beside it), so only the unknown-keyword and number checks stay on.
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    coerceTypes: coerce,
  });
  addFormats(ajv);
  ajv.addVocabulary(OPENAPI_ANNOTATIONS);
  return ajv;
}

/**
 * Registers every `x-` key found in `schema` as an annotation keyword, keeping the spec author's
 * extensions (e.g. `x-expected`) in the schema, where error formatting reads them, rather than
 * stripping them from a copy. Over-collecting (a property *named* `x-...`) is harmless.
 */
/** Names ajv accepts as keywords; an `x-` property name outside it cannot be a keyword anyway. */
const KEYWORD_NAME = /^[a-z_$][a-z0-9_$:-]*$/i;

/** The extension keywords already added to each instance (ajv cannot be asked about bare keywords). */
const extensionKeywords = new WeakMap<Ajv2020, Set<string>>();

function registerExtensionKeywords(ajv: Ajv2020, schema: unknown): void {
  const registered = extensionKeywords.get(ajv) ?? new Set<string>();
  extensionKeywords.set(ajv, registered);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-') && KEYWORD_NAME.test(key) && !registered.has(key)) {
        ajv.addKeyword(key);
        registered.add(key);
      }
      visit(value);
    }
  };
  visit(schema);
}

/**
 * The query (or path) parameters as one object schema, so one compiled function checks them all.
 * Undeclared parameters stay allowed: no document says a target rejects them.
 */
function parametersSchema(parameters: readonly SpecParameter[]): SpecSchema {
  const properties: Record<string, SpecSchema> = {};
  for (const parameter of parameters) properties[parameter.name] = parameter.schema ?? {};
  return {
    type: 'object',
    properties,
    required: parameters.filter((p) => p.required).map((p) => p.name),
  };
}

/**
 * Builds the object the parameter schema validates: a fresh copy (coercion rewrites it in place),
 * with array-typed parameters as arrays — split on commas when `explode` is false
 * (`ids=1,2`), wrapped when a single exploded value arrived as a plain string.
 */
function shapeParameterValues(
  parameters: readonly SpecParameter[],
  values: Readonly<Record<string, string | readonly string[]>>,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const parameter = parameters.find((p) => p.name === name);
    const wantsArray = parameter?.schema !== undefined && schemaTypes(parameter.schema).includes('array');
    if (wantsArray && typeof value === 'string') {
      data[name] = parameter?.explode ? [value] : value.split(',');
    } else {
      data[name] = typeof value === 'string' ? value : [...value];
    }
  }
  return data;
}

function schemaTypes(schema: SpecSchema): string[] {
  const type = (schema as Record<string, unknown>).type;
  if (Array.isArray(type)) return type.map(String);
  return typeof type === 'string' ? [type] : [];
}

function collectPropertyNames(schema: unknown, names: Set<string>): Set<string> {
  if (!isRecord(schema)) return names;
  if (isRecord(schema.properties)) for (const name of Object.keys(schema.properties)) names.add(name);
  for (const combinator of ['allOf', 'oneOf', 'anyOf']) {
    const branches = schema[combinator];
    if (Array.isArray(branches)) for (const branch of branches) collectPropertyNames(branch, names);
  }
  return names;
}
