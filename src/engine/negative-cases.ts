import type { SpecOperation, SpecSchema, SpecValidators } from '../spec/index.ts';

/** One generated invalid request: a valid base request with exactly one thing broken. */
export interface NegativeCase {
  /** e.g. `body.reasonOfReturn: missing` */
  readonly description: string;
  readonly query: Record<string, string | undefined>;
  readonly body: unknown;
  /**
   * Set when the broken value is a scalar a lenient parser may read as a valid one (`0` for a
   * boolean, `true` for a string, `0.5` for an integer): the documents do not say a target must
   * refuse it, so accepting it only warns.
   */
  readonly coercible?: string;
  /**
   * With `coercible`: the valid request that lenient parse makes of it. Accepting the case is only
   * forgiven as that request, so what it moved is judged against it (a `true` amount read as 1
   * point, never as the balance).
   */
  readonly coercedTo?: { readonly query: Record<string, string | undefined>; readonly body: unknown };
  /**
   * Set when the broken constraint is the spec's reading, not the document's words (the schema's
   * `x-inferred`): a target that accepts the value is not shown wrong, so accepting it only warns.
   */
  readonly inferred?: string;
}

/** A small deterministic PRNG (mulberry32), so a seed reproduces the same cases on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema's `x-inferred` note, when the documents do not state its constraints. */
const inferredOf = (schema: SpecSchema | undefined): string | undefined => {
  const note = (schema as Json | undefined)?.['x-inferred'];
  return typeof note === 'string' ? note : undefined;
};

/** Candidate replacement values for a schema: wrong types, out-of-enum, boundaries, lengths. */
function candidatesFor(
  schema: SpecSchema | undefined,
  random: () => number,
): { label: string; value: unknown }[] {
  const token = `lc${Math.floor(random() * 1e6)}`;
  const out: { label: string; value: unknown }[] = [
    { label: 'an object', value: { [token]: true } },
    { label: 'an array', value: [token] },
    { label: 'a boolean', value: true },
    { label: 'a word', value: `LC_${token.toUpperCase()}` },
    { label: 'a fraction', value: 0.5 },
  ];
  const s = (schema ?? {}) as Json;
  if (Array.isArray(s.enum))
    out.push({ label: 'a value outside the enum', value: `NOT_${token.toUpperCase()}` });
  if (typeof s.maxLength === 'number')
    out.push({ label: `${s.maxLength + 1} characters`, value: 'x'.repeat(s.maxLength + 1) });
  if (typeof s.minLength === 'number' && s.minLength > 0) out.push({ label: 'an empty string', value: '' });
  for (const bound of ['minimum', 'exclusiveMinimum'] as const) {
    if (typeof s[bound] === 'number') out.push({ label: `${s[bound]} − 1`, value: (s[bound] as number) - 1 });
  }
  // Boundary numbers that oneOf/anyOf alternatives (amount as number or numeric string) may hide.
  out.push(
    { label: 'zero', value: 0 },
    { label: 'a negative number', value: -1 },
    { label: 'a zero string', value: '0.00' },
  );
  return out;
}

/** JSON types a schema admits, its oneOf/anyOf alternatives included. */
function typesOf(schema: SpecSchema | undefined): Set<string> {
  const s = (schema ?? {}) as Json;
  const types = new Set<string>(
    Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [],
  );
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key]))
      for (const alt of s[key] as SpecSchema[]) for (const t of typesOf(alt)) types.add(t);
  }
  if (types.has('integer')) types.add('number');
  return types;
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/** A usual conversion of a wrong-typed scalar, and what it turns the value into. */
interface Coercion {
  readonly why: string;
  readonly value: unknown;
}

/**
 * The conversions a lenient parser commonly applies to a scalar of the wrong type (number or
 * boolean read as text, numeric text read as a number, a boolean read as 1 or 0, a fraction
 * truncated, a number read as a boolean). A case is only "coercible" when the converted request is
 * valid, so a word for an amount or zero for a positive number stays a plain error.
 */
function coercionsOf(schema: SpecSchema | undefined, value: unknown, inQuery: boolean): Coercion[] {
  const types = typesOf(schema);
  const text = typeof value === 'string' ? value : undefined;
  const numeric =
    typeof value === 'number'
      ? value
      : text !== undefined && NUMERIC_TEXT.test(text)
        ? Number(text)
        : undefined;
  const out: Coercion[] = [];
  if (types.has('boolean') && numeric !== undefined) {
    const flag = numeric !== 0;
    out.push({
      why: 'a number where a boolean is expected may be read as true or false',
      value: inQuery ? String(flag) : flag,
    });
  }
  if (inQuery) return out;
  if (types.has('string') && (typeof value === 'number' || typeof value === 'boolean')) {
    out.push({
      why: 'a number or boolean where a string is expected may be read as its text',
      value: String(value),
    });
  }
  if (types.has('number') && text !== undefined && numeric !== undefined) {
    out.push({
      why: 'a numeric string where a number is expected may be read as the number',
      value: numeric,
    });
  }
  if (types.has('number') && typeof value === 'boolean') {
    // pydantic's lax mode (FastAPI's default) reads true and false as 1 and 0 for an int or float
    // field (variant `fabric-points-boolean-as-number`).
    out.push({ why: 'a boolean where a number is expected may be read as 1 or 0', value: Number(value) });
  }
  if (types.has('integer') && typeof value === 'number' && !Number.isInteger(value)) {
    out.push({ why: 'a fraction where an integer is expected may be truncated', value: Math.trunc(value) });
  }
  return out;
}

/**
 * Invalid variants of a valid request, derived from the operation's schemas: each required field
 * removed, each field replaced by wrong types, out-of-enum values and boundary numbers. A variant
 * is kept only when the spec's own validator rejects it (null for each required body field is added
 * after the seeded sample), so a leniency the documents allow (an
 * amount as a string, a bill number as an integer) is never sent as if it were an error.
 */
export function generateNegativeCases(
  operation: SpecOperation,
  validators: SpecValidators,
  base: { query: Record<string, string>; body?: Json },
  seed: number,
  limit = 40,
): NegativeCase[] {
  // The same request, seed and spec give the same cases: derived once per process (every run of
  // a process, each principal of a run), not once per scenario run. Frozen, since runs share them.
  let byOperation = generated.get(validators);
  if (!byOperation) {
    byOperation = new WeakMap();
    generated.set(validators, byOperation);
  }
  let byRequest = byOperation.get(operation);
  if (!byRequest) {
    byRequest = new Map();
    byOperation.set(operation, byRequest);
  }
  const key = JSON.stringify([base, seed, limit], exactJson);
  let cases = byRequest.get(key);
  if (!cases) {
    cases = deepFreeze(deriveNegativeCases(operation, validators, base, seed, limit));
    byRequest.set(key, cases);
  }
  return [...cases];
}

/** Cases derived so far, by validator set (one per spec registry), operation, then request, seed and limit. */
const generated = new WeakMap<SpecValidators, WeakMap<SpecOperation, Map<string, readonly NegativeCase[]>>>();

/** JSON text that tells apart what JSON.stringify would blur: undefined, NaN, ±Infinity, -0. */
function exactJson(_key: string, value: unknown): unknown {
  if (value === undefined) return '\u0000undefined';
  if (typeof value === 'number' && (!Number.isFinite(value) || Object.is(value, -0))) {
    return `\u0000${Object.is(value, -0) ? '-0' : String(value)}`;
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

function deriveNegativeCases(
  operation: SpecOperation,
  validators: SpecValidators,
  base: { query: Record<string, string>; body?: Json },
  seed: number,
  limit: number,
): NegativeCase[] {
  const random = seededRandom(seed);
  const cases: NegativeCase[] = [];
  const seen = new Set<string>();
  const issuesOf = (query: Record<string, string | undefined>, body: unknown) =>
    validators.validateRequest(operation.operationId, {
      query: Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >,
      ...(operation.requestBodySchema ? { body } : {}),
    }).issues;
  // The base request is built from the profile, whose identifiers may lie outside a list the spec
  // gives only as examples (a balance looked up by cuid, the org's primary identifier): its own
  // issues are no error of a variant, or a valid value (programId 0) would be sent as invalid.
  const baseIssues = new Set(issuesOf(base.query, base.body).map((i) => i.message));
  const valid = (query: Record<string, string | undefined>, body: unknown) =>
    issuesOf(query, body).every((i) => baseIssues.has(i.message));
  /** Keeps a variant the spec rejects; `converted` are the requests a lenient parser may make of it. */
  const keep = (
    description: string,
    query: Record<string, string | undefined>,
    body: unknown,
    converted: readonly { why: string; query: typeof query; body: unknown }[] = [],
    inferred?: string,
  ) => {
    const key = JSON.stringify([query, body]);
    if (seen.has(key) || valid(query, body)) return;
    seen.add(key);
    const coercion = converted.find((c) => valid(c.query, c.body));
    cases.push({
      description,
      query,
      body,
      ...(coercion
        ? { coercible: coercion.why, coercedTo: { query: coercion.query, body: coercion.body } }
        : {}),
      ...(inferred ? { inferred } : {}),
    });
  };

  for (const param of operation.queryParameters) {
    if (param.required)
      keep(`query.${param.name}: missing`, { ...base.query, [param.name]: undefined }, base.body);
    for (const c of candidatesFor(param.schema, random)) {
      if (typeof c.value === 'object' || typeof c.value === 'boolean') continue;
      keep(
        `query.${param.name}: ${c.label}`,
        { ...base.query, [param.name]: String(c.value) },
        base.body,
        coercionsOf(param.schema, String(c.value), true).map((k) => ({
          why: k.why,
          query: { ...base.query, [param.name]: String(k.value) },
          body: base.body,
        })),
        inferredOf(param.schema),
      );
    }
  }
  const bodySchema = operation.requestBodySchema as Json | undefined;
  const properties = isObject(bodySchema?.properties)
    ? (bodySchema.properties as Record<string, SpecSchema>)
    : {};
  const required = Array.isArray(bodySchema?.required) ? (bodySchema.required as string[]) : [];
  if (base.body) {
    for (const name of required) {
      const { [name]: _removed, ...rest } = base.body;
      keep(`body.${name}: missing`, base.query, rest);
    }
    for (const [name, schema] of Object.entries(properties)) {
      for (const c of candidatesFor(schema, random))
        keep(
          `body.${name}: ${c.label}`,
          base.query,
          { ...base.body, [name]: c.value },
          coercionsOf(schema, c.value, false).map((k) => ({
            why: k.why,
            query: base.query,
            body: { ...base.body, [name]: k.value },
          })),
          inferredOf(schema),
        );
    }
    keep('body: an array instead of an object', base.query, [base.body]);
  }
  // null for a required body field (a crash on it is the usual unchecked dereference): sent on top
  // of the sample, so the seeded sample of the other cases stays what it was.
  const nulls: NegativeCase[] = [];
  if (base.body) {
    for (const name of required) {
      const key = JSON.stringify([base.query, { ...base.body, [name]: null }]);
      if (seen.has(key) || valid(base.query, { ...base.body, [name]: null })) continue;
      seen.add(key);
      nulls.push({
        description: `body.${name}: null`,
        query: base.query,
        body: { ...base.body, [name]: null },
      });
    }
  }
  // Deterministic order, then a seeded sample when there are more than `limit`.
  if (cases.length <= limit) return [...cases, ...nulls];
  const shuffled = [...cases];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  return [...shuffled.slice(0, limit), ...nulls];
}
