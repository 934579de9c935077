import type { ErrorObject } from 'ajv';
import { isRecord, unescapePointerSegment } from './json-pointer.ts';
import { jsonStart } from './json-start.ts';

/** One schema violation, worded for a person reading a report. */
export interface SchemaIssue {
  /** Where in the message, e.g. `body.pointsToBeAdjusted`, `query.source`, `response.200.errors[0].code`. */
  readonly where: string;
  /** What the spec allows there, e.g. `integer`, `≤ 50 characters`, `one of INSTORE, MARTJACK`, `required field`. */
  readonly expected: string;
  /** The value found (JSON, truncated to about 80 characters), or `missing`. */
  readonly actual: string;
  /** The JSON Schema keyword that failed (`type`, `enum`, `oneOf`, ...). */
  readonly keyword: string;
  /** One line: `body.source: expected one of INSTORE, …, got "NOPE"`. */
  readonly message: string;
  /** Where in the schema the failing keyword sits, for debugging the spec itself. */
  readonly schemaPath: string;
}

/** The longest `actual` text before it is cut with `…`. */
const MAX_ACTUAL_LENGTH = 80;
/** How many enum values an `expected` text lists before `…`. */
const MAX_ENUM_VALUES = 12;

/** Keywords whose error is about a child (a missing or extra property), not the value at the path. */
const CHILD_KEYWORDS = new Set([
  'required',
  'dependentRequired',
  'additionalProperties',
  'unevaluatedProperties',
]);

/**
 * Turns ajv errors into `SchemaIssue`s rooted at `root` (`body`, `query`, `response.200`).
 *
 * The errors must come from an ajv instance with `verbose: true` (so they carry the failing value
 * and its schema). A failed `oneOf`/`anyOf` becomes one issue at its location that names the
 * alternatives, instead of one issue per failed branch: the branch errors contradict each other
 * (`must be number`, `must be string`) and say nothing useful on their own.
 */
export function formatIssues(
  errors: readonly ErrorObject[] | null | undefined,
  root: string,
  data: unknown,
): SchemaIssue[] {
  if (!errors || errors.length === 0) return [];
  const combinatorPrefixes = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .map((e) => `${e.schemaPath}/`);
  const isInsideFailedCombinator = (e: ErrorObject) =>
    combinatorPrefixes.some((p) => e.schemaPath.startsWith(p));

  const issues: SchemaIssue[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // `if` only reports that the `then`/`else` branch failed; that branch's own errors say why.
    if (error.keyword === 'if' || isInsideFailedCombinator(error)) continue;
    const issue = toIssue(error, root, data);
    const key = `${issue.where}\u0000${issue.expected}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** Builds an issue directly, for checks the schema cannot express (a missing body, an undeclared status). */
export function makeIssue(
  fields: Omit<SchemaIssue, 'message' | 'schemaPath'> & { schemaPath?: string },
): SchemaIssue {
  return {
    ...fields,
    schemaPath: fields.schemaPath ?? '',
    message: `${fields.where}: expected ${fields.expected}, got ${fields.actual}`,
  };
}

/**
 * Renders a value for `actual`: JSON, cut to about 80 characters; `missing` for undefined; a
 * number past a double's range (`1e400`, which JSON.parse reads as Infinity) named as such, where
 * JSON.stringify would write `null`, a value the target never sent.
 */
export function renderActual(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'number' && !Number.isFinite(value))
    return `a number past a double's range (±1.8e308), read as ${value}`;
  // Only the start is shown: never the whole of a target's answer written out for it.
  const text = jsonStart(value, MAX_ACTUAL_LENGTH) || String(value);
  return text.length > MAX_ACTUAL_LENGTH ? `${text.slice(0, MAX_ACTUAL_LENGTH - 1)}…` : text;
}

/**
 * Describes what a schema accepts in a few words (`integer ≥ 1`, `one of A, B`): its `x-expected`
 * text when the spec gives one, else a summary of its type and bounds.
 */
export function describeSchema(schema: unknown): string {
  if (schema === true) return 'any value';
  if (schema === false) return 'no value';
  if (!isRecord(schema)) return 'a value';
  if (typeof schema['x-expected'] === 'string') return schema['x-expected'];
  if (schema.const !== undefined) return `exactly ${renderLiteral(schema.const)}`;
  if (Array.isArray(schema.enum)) return describeEnum(schema.enum);
  for (const combinator of ['oneOf', 'anyOf'] as const) {
    const alternatives = schema[combinator];
    if (Array.isArray(alternatives)) return alternatives.map(describeSchema).join(' or ');
  }

  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const looksLikeObject = isRecord(schema.properties) || Array.isArray(schema.required);
  const parts: string[] = [
    types.length > 0 ? types.map(String).join(' or ') : looksLikeObject ? 'object' : 'value',
  ];
  if (typeof schema.format === 'string') parts.push(`(${schema.format})`);
  if (typeof schema.exclusiveMinimum === 'number') parts.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.minimum === 'number') parts.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMaximum === 'number') parts.push(`< ${schema.exclusiveMaximum}`);
  if (typeof schema.maximum === 'number') parts.push(`≤ ${schema.maximum}`);
  if (typeof schema.minLength === 'number') parts.push(`of ≥ ${plural(schema.minLength, 'character')}`);
  if (typeof schema.maxLength === 'number') parts.push(`of ≤ ${plural(schema.maxLength, 'character')}`);
  if (typeof schema.pattern === 'string') parts.push(`matching /${schema.pattern}/`);
  if (Array.isArray(schema.required) && schema.required.length > 0) {
    parts.push(`with ${schema.required.map(String).join(', ')}`);
  }
  return parts.join(' ');
}

function toIssue(error: ErrorObject, root: string, data: unknown): SchemaIssue {
  const params = error.params as Record<string, unknown>;
  const basePath = renderPath(root, error.instancePath, data);
  const parentSchema = error.parentSchema as unknown;
  const custom =
    !CHILD_KEYWORDS.has(error.keyword) &&
    isRecord(parentSchema) &&
    typeof parentSchema['x-expected'] === 'string'
      ? parentSchema['x-expected']
      : undefined;

  let where = basePath;
  let actual = renderActual(error.data);
  let expected: string;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired': {
      const missing = String(params.missingProperty);
      where = appendKey(basePath, missing);
      actual = 'missing';
      expected =
        error.keyword === 'required'
          ? 'required field'
          : `required field when ${String(params.property)} is present`;
      break;
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const extra = String(params.additionalProperty ?? params.unevaluatedProperty);
      where = appendKey(basePath, extra);
      actual = renderActual(isRecord(error.data) ? error.data[extra] : undefined);
      expected = 'no such field (not declared in the spec)';
      break;
    }
    case 'oneOf':
    case 'anyOf': {
      const alternatives = Array.isArray(error.schema)
        ? error.schema.map(describeSchema).join(' or ')
        : 'an alternative';
      const summary = custom ?? alternatives;
      const matchedSeveral = error.keyword === 'oneOf' && Array.isArray(params.passingSchemas);
      expected = matchedSeveral ? `exactly one of: ${summary} (several match)` : summary;
      break;
    }
    default:
      expected = custom ?? expectedFor(error, params);
  }
  return {
    where,
    expected,
    actual,
    keyword: error.keyword,
    message: `${where}: expected ${expected}, got ${actual}`,
    schemaPath: error.schemaPath,
  };
}

function expectedFor(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type':
      return String(params.type).split(',').join(' or ');
    case 'enum':
      return describeEnum(Array.isArray(params.allowedValues) ? params.allowedValues : []);
    case 'const':
      return `exactly ${renderLiteral(params.allowedValue)}`;
    case 'maxLength':
      return `≤ ${plural(Number(params.limit), 'character')}`;
    case 'minLength':
      return `≥ ${plural(Number(params.limit), 'character')}`;
    case 'maxItems':
      return `≤ ${plural(Number(params.limit), 'item')}`;
    case 'minItems':
      return `≥ ${plural(Number(params.limit), 'item')}`;
    case 'maxProperties':
      return `≤ ${plural(Number(params.limit), 'field')}`;
    case 'minProperties':
      return `≥ ${plural(Number(params.limit), 'field')}`;
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
      return `${String(params.comparison).replace('<=', '≤').replace('>=', '≥')} ${String(params.limit)}`;
    case 'multipleOf':
      return `a multiple of ${String(params.multipleOf)}`;
    case 'pattern':
      return `a string matching /${String(params.pattern)}/`;
    case 'format':
      return `a valid ${String(params.format)}`;
    case 'uniqueItems':
      return `unique items (items ${String(params.j)} and ${String(params.i)} are equal)`;
    case 'not':
      return describeExclusion(error.schema);
    case 'false schema':
      return 'nothing (no value allowed here)';
    default:
      // Ajv's own wording ("must ...") reads fine after "expected" once the verb is dropped.
      return (error.message ?? error.keyword).replace(/^must (be )?/, '');
  }
}

/** `not: { required: [a, b] }` is how a spec forbids sending two fields together. */
function describeExclusion(schema: unknown): string {
  if (isRecord(schema) && Object.keys(schema).length === 1 && Array.isArray(schema.required)) {
    return `not all of ${schema.required.map(String).join(', ')} together`;
  }
  return `not ${describeSchema(schema)}`;
}

function describeEnum(values: readonly unknown[]): string {
  const shown = values.slice(0, MAX_ENUM_VALUES).map(renderLiteral);
  if (values.length > MAX_ENUM_VALUES) shown.push('…');
  return values.length === 1 ? `exactly ${shown[0]}` : `one of ${shown.join(', ')}`;
}

/** Enum members read best bare (`INSTORE`), other values as JSON. */
function renderLiteral(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/**
 * `/errors/0/code` → `response.200.errors[0].code`. Walking the data tells an array index from an
 * object key that happens to be numeric, which the pointer alone cannot.
 */
function renderPath(root: string, instancePath: string, data: unknown): string {
  if (instancePath === '') return root;
  let text = root;
  let node: unknown = data;
  for (const raw of instancePath.slice(1).split('/')) {
    const segment = unescapePointerSegment(raw);
    if (Array.isArray(node)) {
      text += `[${segment}]`;
      node = node[Number(segment)];
    } else {
      text = appendKey(text, segment);
      node = isRecord(node) ? node[segment] : undefined;
    }
  }
  return text;
}

function appendKey(path: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}
