import type { ValidateFunction } from 'ajv';
import { toolError } from '../errors.ts';
import { formatIssues, makeIssue, type SchemaIssue } from './format-errors.ts';
import { isRecord } from './json-pointer.ts';
import type { SpecOperation, SpecParameter, SpecRegistry, SpecSchema } from './operations.ts';
import { validateWithOptionalNulls } from './optional-nulls.ts';
import { PRECOMPILED_SPEC } from './precompiled/spec.generated.ts';
import { compileSchema, type SchemaKind } from './schema-compiler.ts';

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
  /**
   * Properties the schema does not require, sent as null where it wants another type: judged as
   * left out (the documents never say whether an optional field may be null), to be warned about.
   * Absent when there are none.
   */
  readonly optionalNulls?: readonly SchemaIssue[];
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

/** The validator part of a response key (`response 200`), made once per key rather than per answer. */
const responseParts = new Map<string, string>();
function responsePart(matchedKey: string): string {
  let part = responseParts.get(matchedKey);
  if (part === undefined) {
    part = `response ${matchedKey}`;
    // Keys come from the specs (codes, ranges, `default`): few, but a bound costs nothing.
    if (responseParts.size < 1024) responseParts.set(matchedKey, part);
  }
  return part;
}

/** The validator set of each registry: built once, shared by every caller (engine, checks, provider). */
const shared = new WeakMap<SpecRegistry, SpecValidators>();

/**
 * The validators of a registry, one set per registry and process: a second call with the same
 * registry returns the same set, so the engine, the universal checks, the generated cases and the
 * reference provider share each compiled validator. Request and response bodies are validated
 * exactly as sent; query and path parameters with type coercion, because a URL carries only
 * strings and `programId=469` must satisfy `type: integer` (it coerces a copy, never the caller's
 * data). See `schema-compiler.ts` for where the compiled code comes from.
 */
export function createValidators(registry: SpecRegistry): SpecValidators {
  let validators = shared.get(registry);
  if (!validators) {
    validators = buildValidators(registry);
    shared.set(registry, validators);
  }
  return validators;
}

function buildValidators(registry: SpecRegistry): SpecValidators {
  /**
   * By operation, then part: two lookups of strings that already exist, where a key joined per
   * call was a new string to hash on every validation (several per exchange).
   */
  const cache = new Map<SpecOperation, Map<string, ValidateFunction>>();
  let compiled = 0;

  const validatorFor = (
    kind: SchemaKind,
    operation: SpecOperation,
    part: string,
    buildSchema: () => SpecSchema,
  ): ValidateFunction => {
    let parts = cache.get(operation);
    if (!parts) {
      parts = new Map();
      cache.set(operation, parts);
    }
    const cached = parts.get(part);
    if (cached) return cached;
    let validate: ValidateFunction;
    try {
      validate = compileSchema(kind, buildSchema(), PRECOMPILED_SPEC);
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
    parts.set(part, validate);
    return validate;
  };

  const validateParameters = (
    operation: SpecOperation,
    location: 'query' | 'path',
    values: Readonly<Record<string, string | readonly string[]>>,
  ): SchemaIssue[] => {
    const parameters = location === 'query' ? operation.queryParameters : operation.pathParameters;
    if (parameters.length === 0) return [];
    const validate = validatorFor('spec-params', operation, location, () => parametersSchema(parameters));
    const data = shapeParameterValues(parameters, values);
    return validate(data) ? [] : formatIssues(validate.errors, location, data);
  };

  const responseFor = (operationId: string, status: number) => {
    const operation = registry.getOperation(operationId);
    const matchedKey = matchResponseKey(operation.responses, status);
    const response = matchedKey === undefined ? undefined : operation.responses.get(matchedKey);
    return { operation, matchedKey, response };
  };

  /** Results by response body (object bodies only), then by operation and status. */
  const responseResults = new WeakMap<object, Map<string, ResponseValidationResult>>();
  /** Top-level property names by operation and response key. */
  const declaredProperties = new Map<string, readonly string[]>();

  const validateResponseNow = (
    operationId: string,
    status: number,
    body: unknown,
  ): ResponseValidationResult => {
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
    const validate = validatorFor('spec-json', operation, responsePart(matchedKey), () => schema);
    const { issues, optionalNulls } = validateWithOptionalNulls(validate, body, where);
    return {
      valid: issues.length === 0,
      issues,
      statusDeclared: true,
      matchedKey,
      ...(optionalNulls.length > 0 ? { optionalNulls } : {}),
    };
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
          const validate = validatorFor('spec-json', operation, 'request body', () => schema);
          if (!validate(parts.body)) issues.push(...formatIssues(validate.errors, 'body', parts.body));
        }
      }
      return { valid: issues.length === 0, issues };
    },

    validateResponse(operationId, status, body) {
      // One body is judged by several checks (its schema, a success's documented body): validated once.
      const memoKey = `${operationId}\u0000${status}`;
      const memo = typeof body === 'object' && body !== null ? responseResults.get(body) : undefined;
      const known = memo?.get(memoKey);
      if (known) return known;
      const result = validateResponseNow(operationId, status, body);
      if (typeof body === 'object' && body !== null) {
        const results = memo ?? new Map<string, ResponseValidationResult>();
        results.set(memoKey, result);
        if (!memo) responseResults.set(body, results);
      }
      return result;
    },

    declaredResponseProperties(operationId, status) {
      const { operation, matchedKey, response } = responseFor(operationId, status);
      if (response?.schema === undefined) return undefined;
      const key = `${operation.operationId}\u0000${matchedKey}`;
      let names = declaredProperties.get(key);
      if (!names) {
        names = [...collectPropertyNames(response.schema, new Set())];
        declaredProperties.set(key, names);
      }
      return names;
    },

    stats: () => ({ compiled }),
  };
}

/**
 * Every schema a registry's validators compile, by kind, with the part label they are cached
 * under: what `scripts/precompile.ts` compiles at build time for the shipped specs.
 */
export function validatorSchemas(
  registry: SpecRegistry,
): { kind: SchemaKind; operationId: string; part: string; schema: SpecSchema }[] {
  const schemas: { kind: SchemaKind; operationId: string; part: string; schema: SpecSchema }[] = [];
  for (const operation of registry.operations()) {
    const { operationId } = operation;
    for (const [location, parameters] of [
      ['path', operation.pathParameters],
      ['query', operation.queryParameters],
    ] as const) {
      if (parameters.length > 0) {
        schemas.push({
          kind: 'spec-params',
          operationId,
          part: location,
          schema: parametersSchema(parameters),
        });
      }
    }
    if (operation.requestBodySchema !== undefined) {
      schemas.push({
        kind: 'spec-json',
        operationId,
        part: 'request body',
        schema: operation.requestBodySchema,
      });
    }
    for (const [key, response] of operation.responses) {
      if (response.schema !== undefined) {
        schemas.push({ kind: 'spec-json', operationId, part: `response ${key}`, schema: response.schema });
      }
    }
  }
  return schemas;
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
