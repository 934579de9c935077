import type { SpecSchema } from '../spec/index.ts';
import type { PactMatchers } from './pact-lib.ts';

/**
 * Pact matchers derived from the spec's schemas: a contract states the *shape* the spec gives a
 * response (types, numeric strings, arrays of a kind), with the recorded body as its example, so
 * that it holds on any conformant target whatever its balances. The one thing matched exactly is
 * what a document makes the contract itself: the error code of a Capillary error.
 */

/** Numeric strings as Capillary writes amounts (`"670.000"`, `"-30"`). */
export const NUMERIC_STRING = '^-?\\d+(\\.\\d+)?$';

/** Options of {@link bodyMatchers}. */
export interface MatcherOptions {
  /**
   * Paths (`$.errors[*].code`, arrays written `[*]`) whose recorded value is the contract and is
   * matched by equality. Default: {@link DEFAULT_EXACT_PATHS}.
   */
  readonly exactPaths?: readonly string[];
  /**
   * Paths whose value differs on every call whatever its form (a transaction code): matched as a
   * non-empty string with a fixed example. Default: {@link DEFAULT_VOLATILE_PATHS}.
   */
  readonly volatilePaths?: readonly string[];
}

/** Capillary error codes: the documents say to match on them (never on the message). */
export const DEFAULT_EXACT_PATHS: readonly string[] = ['$.errors[*].code'];

/** fabric's `data.transactionCode`: a new one for every adjustment (FAB-ADJ-TRANSACTION-CODE). */
export const DEFAULT_VOLATILE_PATHS: readonly string[] = ['$.data.transactionCode'];

/**
 * The example of every generated identifier in a contract (a UUID recorded in a response): the
 * transaction code of fabric's documented example. A contract states the shape, and a recorded
 * example that changed on every export would make every export a new pact version.
 */
export const STABLE_UUID = '78660e74-02e3-11e8-b443-00163e911bd2';
/** The example of every timestamp recorded in a response. */
export const STABLE_DATETIME = '2000-01-01T00:00:00Z';

/** Any non-empty text (Pact's regex engine reads it as JavaScript does). */
export const NON_EMPTY = '^.+$';
/** UUIDs, any version, either case. */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** ISO 8601 / RFC 3339 timestamps: date, time to the minute at least, optional fraction and offset. */
export const DATETIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?$';

/**
 * The matcher template of a JSON body: each value replaced by the matcher its schema calls for —
 * `integer` for `type: integer`, `number` for `type: number`, `regex` for strings with a pattern
 * and for numeric strings, `boolean`, `like` for other strings, `atLeastLike`/`eachLike` for
 * arrays (items matched against the keys every recorded item has), objects key by key.
 */
export function bodyMatchers(
  value: unknown,
  schema: SpecSchema | undefined,
  M: PactMatchers,
  options: MatcherOptions = {},
): unknown {
  const exact = new Set(options.exactPaths ?? DEFAULT_EXACT_PATHS);
  const volatile = new Set(options.volatilePaths ?? DEFAULT_VOLATILE_PATHS);
  return matcherOf(value, schema, '$', { M, exact, volatile });
}

interface Walk {
  readonly M: PactMatchers;
  readonly exact: ReadonlySet<string>;
  readonly volatile: ReadonlySet<string>;
}

function matcherOf(value: unknown, schema: SpecSchema | undefined, path: string, walk: Walk): unknown {
  const { M } = walk;
  const chosen = branchFor(flatten(schema), value);
  if (walk.exact.has(path) && (typeof value !== 'object' || value === null)) return M.equal(value);
  if (value === null) return null;
  if (typeof value === 'boolean') return M.boolean(value);
  if (typeof value === 'number') return numberMatcher(value, chosen, schema, M);
  if (typeof value === 'string') {
    return (
      volatileMatcher(value, chosen, walk.volatile.has(path), M) ?? stringMatcher(value, chosen, schema, M)
    );
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return M.like([]);
    const itemSchema = (chosen as { items?: SpecSchema } | undefined)?.items;
    const template = matcherOf(commonShape(value), itemSchema, `${path}[*]`, walk);
    const min = typeof chosen?.minItems === 'number' ? chosen.minItems : 0;
    return min >= 1 ? M.eachLike(template, min) : M.atLeastLike(template, 0, 1);
  }
  if (typeof value === 'object') {
    const properties = (chosen?.properties ?? {}) as Record<string, SpecSchema>;
    const additional =
      typeof chosen?.additionalProperties === 'object'
        ? (chosen.additionalProperties as SpecSchema)
        : undefined;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        matcherOf(item, properties[key] ?? additional, `${path}.${key}`, walk),
      ]),
    );
  }
  return value;
}

/**
 * A recorded number. Where the spec also admits the amount as a numeric string (Decimal), the
 * contract must too: a regex matcher, which Pact applies to a number's text as well as to a
 * string (pact_matching compares the regex with the JSON value's text), so a target answering
 * `"670.000"` where the reference answered `670` still honours the pact.
 */
function numberMatcher(
  value: number,
  chosen: SpecSchema | undefined,
  declared: SpecSchema | undefined,
  M: PactMatchers,
): unknown {
  const stringBranch = declared && stringBranchOf(flatten(declared) ?? declared);
  if (stringBranch) {
    // The string branch's own pattern when Pact reads it alike and the number's text fits it
    // (an ID as digits), else any numeric text (an amount).
    const pattern = typeof stringBranch.pattern === 'string' ? stringBranch.pattern : undefined;
    const own = pattern && portablePattern(pattern) && safeTest(pattern, String(value)) ? pattern : undefined;
    return M.regex(own ?? NUMERIC_STRING, value as unknown as string);
  }
  return hasType(chosen, 'integer') ? M.integer(value) : M.number(value);
}

function stringMatcher(
  value: string,
  chosen: SpecSchema | undefined,
  declared: SpecSchema | undefined,
  M: PactMatchers,
): unknown {
  const pattern = typeof chosen?.pattern === 'string' ? chosen.pattern : undefined;
  if (pattern && portablePattern(pattern) && safeTest(pattern, value)) return M.regex(pattern, value);
  // An amount the spec types "number or numeric string" (Decimal): any numeric string will do.
  const numeric = new RegExp(NUMERIC_STRING).test(value);
  if (numeric && (declared === undefined || allowsNumber(declared) || pattern !== undefined)) {
    return M.regex(NUMERIC_STRING, value);
  }
  return M.like(value);
}

/**
 * The matcher of a string that differs from call to call (a generated identifier, a timestamp, a
 * path the options name), with a fixed example: two exports of the same run write the same pact.
 * What it admits is what the spec admits (its format or pattern), else any non-empty text; the
 * recorded value only says which fixed example fits. Undefined for any other string.
 */
function volatileMatcher(
  value: string,
  chosen: SpecSchema | undefined,
  named: boolean,
  M: PactMatchers,
): unknown {
  const uuid = safeTest(UUID_PATTERN, value);
  const datetime = !uuid && safeTest(DATETIME_PATTERN, value);
  if (!named && !uuid && !datetime) return undefined;
  const format = typeof chosen?.format === 'string' ? chosen.format : undefined;
  if (format === 'uuid') return M.uuid(STABLE_UUID);
  if (format === 'date-time') return M.regex(DATETIME_PATTERN, STABLE_DATETIME);
  const example = datetime ? STABLE_DATETIME : uuid || named ? STABLE_UUID : value;
  const pattern = typeof chosen?.pattern === 'string' ? chosen.pattern : undefined;
  if (pattern && portablePattern(pattern) && safeTest(pattern, example)) return M.regex(pattern, example);
  // A pattern the fixed example does not fit: the recorded value stays the example.
  if (pattern) return undefined;
  return M.regex(NON_EMPTY, example);
}

/**
 * Whether a pattern means the same to Pact's matcher (Rust's `regex` crate) as to JavaScript:
 * no look-around, no back-references.
 */
export function portablePattern(pattern: string): boolean {
  return !/\(\?<?[=!]|\\[1-9]/.test(pattern);
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}

/** Merges `allOf` parts into one schema (properties and required lists joined, later parts win). */
function flatten(schema: SpecSchema | undefined): SpecSchema | undefined {
  if (!schema || !Array.isArray(schema.allOf)) return schema;
  const { allOf, ...rest } = schema;
  let merged: Record<string, unknown> = { ...rest };
  for (const part of allOf as SpecSchema[]) {
    const flat = flatten(part) as Record<string, unknown> | undefined;
    if (!flat) continue;
    merged = {
      ...merged,
      ...flat,
      properties: {
        ...(merged.properties as object | undefined),
        ...(flat.properties as object | undefined),
      },
    };
  }
  return merged as SpecSchema;
}

/** The `oneOf`/`anyOf` branch the recorded value takes (the schema itself when it has none). */
function branchFor(schema: SpecSchema | undefined, value: unknown): SpecSchema | undefined {
  const branches = (schema?.oneOf ?? schema?.anyOf) as SpecSchema[] | undefined;
  if (!schema || !branches) return schema;
  const fitting = branches.map(flatten).find((branch) => branch && fits(branch, value));
  return fitting ?? schema;
}

function fits(schema: SpecSchema, value: unknown): boolean {
  const types = typesOf(schema);
  if (types.length > 0 && !types.some((type) => isOfType(value, type))) return false;
  if (typeof value === 'string' && typeof schema.pattern === 'string') return safeTest(schema.pattern, value);
  return true;
}

function typesOf(schema: SpecSchema | undefined): string[] {
  const type = schema?.type as string | string[] | undefined;
  return type === undefined ? [] : Array.isArray(type) ? type : [type];
}

function hasType(schema: SpecSchema | undefined, type: string): boolean {
  return typesOf(schema).includes(type);
}

/** The schema itself or the oneOf/anyOf alternative that admits strings, if any. */
function stringBranchOf(schema: SpecSchema): SpecSchema | undefined {
  const branches = (schema.oneOf ?? schema.anyOf ?? []) as SpecSchema[];
  return [schema, ...branches.map((b) => flatten(b) ?? b)].find((s) => hasType(s, 'string'));
}

function allowsNumber(schema: SpecSchema): boolean {
  const branches = (schema.oneOf ?? schema.anyOf ?? []) as SpecSchema[];
  return [schema, ...branches].some((s) => hasType(s, 'number') || hasType(s, 'integer'));
}

function isOfType(value: unknown, type: string): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

/**
 * The example item of an array matcher: for objects, the first item reduced to the keys every
 * item has (an unlock answer mixes bill lines and promotion lines); otherwise the first item.
 */
function commonShape(items: readonly unknown[]): unknown {
  const first = items[0];
  const objects = items.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item));
  if (!objects) return first;
  const shared = Object.keys(first as object).filter((key) =>
    items.every((item) => Object.hasOwn(item as object, key)),
  );
  return Object.fromEntries(shared.map((key) => [key, (first as Record<string, unknown>)[key]]));
}
