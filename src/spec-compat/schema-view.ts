import { isRecord } from '../spec/json-pointer.ts';

/**
 * What the comparison reads from a JSON Schema (OpenAPI 3.1 dialect, `$ref`s resolved): the types
 * and values it admits, its object properties, array items and bounds. Combinators are read the
 * way they validate: `oneOf`/`anyOf` admit the union of their branches, `allOf` the intersection.
 * A schema this cannot read (a circular `$ref` left in place, `not`, ...) admits anything.
 */

/** A JSON type name as `type` writes it. */
export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

const JSON_TYPES: readonly JsonType[] = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'];

/** How deep combinators are followed: a recursive schema is a cyclic graph after dereferencing. */
const MAX_DEPTH = 8;

/** The types a schema admits; `undefined` when it admits any. */
export function typesOf(schema: unknown, depth = 0): ReadonlySet<JsonType> | undefined {
  if (!isRecord(schema) || depth > MAX_DEPTH) return undefined;
  let types: Set<JsonType> | undefined = ownTypes(schema);
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const union = new Set<JsonType>();
    let any = false;
    for (const branch of branches) {
      const t = typesOf(branch, depth + 1);
      if (t === undefined) any = true;
      else for (const name of t) union.add(name);
    }
    if (!any) types = intersect(types, union);
  }
  if (Array.isArray(schema.allOf)) {
    for (const branch of schema.allOf) types = intersect(types, typesOf(branch, depth + 1));
  }
  return types;
}

function ownTypes(schema: Record<string, unknown>): Set<JsonType> | undefined {
  const type = schema.type;
  if (typeof type === 'string') return new Set(JSON_TYPES.filter((t) => t === type));
  if (Array.isArray(type)) return new Set(JSON_TYPES.filter((t) => type.includes(t)));
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  return values ? new Set(values.map(jsonTypeOf)) : undefined;
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return 'object';
}

/** `integer` is a kind of `number`: a set with `number` admits integers too. */
function intersect(
  a: Set<JsonType> | undefined,
  b: ReadonlySet<JsonType> | undefined,
): Set<JsonType> | undefined {
  if (a === undefined) return b === undefined ? undefined : new Set(b);
  if (b === undefined) return a;
  const out = new Set<JsonType>();
  for (const t of a) {
    if (b.has(t)) out.add(t);
    else if (t === 'integer' && b.has('number')) out.add('integer');
    else if (t === 'number' && b.has('integer')) out.add('integer');
  }
  return out;
}

/** Whether a set of admitted types admits `type` (`number` admits `integer`; `undefined` admits all). */
export function admitsType(types: ReadonlySet<JsonType> | undefined, type: JsonType): boolean {
  return types === undefined || types.has(type) || (type === 'integer' && types.has('number'));
}

/** The types of `ours` that `theirs` does not admit (`number` counts as lost when they take only `integer`). */
export function typesLost(
  ours: ReadonlySet<JsonType> | undefined,
  theirs: ReadonlySet<JsonType> | undefined,
): JsonType[] {
  if (theirs === undefined) return [];
  const all = ours ?? new Set(JSON_TYPES.filter((t) => t !== 'integer'));
  return [...all].filter((t) => !admitsType(theirs, t));
}

/** The values a schema admits (by JSON text), or `undefined` when it admits any value of its types. */
export function enumOf(schema: unknown, depth = 0): ReadonlyMap<string, unknown> | undefined {
  if (!isRecord(schema) || depth > MAX_DEPTH) return undefined;
  let values: Map<string, unknown> | undefined;
  const own = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : undefined;
  if (own) values = new Map(own.map((v) => [JSON.stringify(v), v]));
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const union = new Map<string, unknown>();
    let open = false;
    for (const branch of branches) {
      const e = enumOf(branch, depth + 1);
      // A `{type: 'null'}` branch beside an enum (a nullable enum) adds null, it does not open the set.
      if (e === undefined && isNullOnly(branch)) union.set('null', null);
      else if (e === undefined) open = true;
      else for (const [k, v] of e) union.set(k, v);
    }
    if (!open) values = intersectValues(values, union);
  }
  if (Array.isArray(schema.allOf)) {
    for (const branch of schema.allOf) {
      const e = enumOf(branch, depth + 1);
      if (e) values = intersectValues(values, e);
    }
  }
  return values;
}

function isNullOnly(schema: unknown): boolean {
  const types = typesOf(schema);
  return types !== undefined && types.size === 1 && types.has('null');
}

function intersectValues(
  a: Map<string, unknown> | undefined,
  b: ReadonlyMap<string, unknown>,
): Map<string, unknown> {
  if (a === undefined) return new Map(b);
  return new Map([...a].filter(([k]) => b.has(k)));
}

/** An object schema's properties and which of them are required. */
export interface ObjectView {
  /** Each property's schema; one named in several `allOf` branches is their `allOf`. */
  readonly properties: ReadonlyMap<string, unknown>;
  readonly required: ReadonlySet<string>;
  /** `additionalProperties: false` (or `unevaluatedProperties: false`): an unknown property is rejected. */
  readonly closed: boolean;
  /** Whether the schema names any property at all (a bare `type: object` names none). */
  readonly declaresProperties: boolean;
}

/**
 * The properties of an object schema, merged across `allOf` (all apply) and across `oneOf`/`anyOf`
 * (a property of any branch may appear; one is required only when every branch requires it).
 */
export function objectOf(schema: unknown, depth = 0): ObjectView {
  const properties = new Map<string, unknown[]>();
  const required = new Set<string>();
  let closed = false;
  let declares = false;

  const add = (node: unknown, level: number): void => {
    if (!isRecord(node) || level > MAX_DEPTH) return;
    if (isRecord(node.properties)) {
      declares = true;
      for (const [name, sub] of Object.entries(node.properties)) {
        properties.set(name, [...(properties.get(name) ?? []), sub]);
      }
    }
    if (Array.isArray(node.required)) {
      for (const name of node.required) if (typeof name === 'string') required.add(name);
    }
    if (node.additionalProperties === false || node.unevaluatedProperties === false) closed = true;
    if (Array.isArray(node.allOf)) for (const branch of node.allOf) add(branch, level + 1);
    for (const key of ['oneOf', 'anyOf'] as const) {
      const branches = node[key];
      if (!Array.isArray(branches) || branches.length === 0) continue;
      const views = level < MAX_DEPTH ? branches.map((b) => objectOf(b, level + 1)) : [];
      for (const view of views) {
        if (view.declaresProperties) declares = true;
        for (const [name, sub] of view.properties)
          properties.set(name, [...(properties.get(name) ?? []), sub]);
      }
      for (const name of views[0]?.required ?? []) {
        if (views.every((v) => v.required.has(name))) required.add(name);
      }
    }
  };
  add(schema, depth);

  const merged = new Map<string, unknown>();
  for (const [name, schemas] of properties) {
    merged.set(name, schemas.length === 1 ? schemas[0] : { allOf: schemas });
  }
  return { properties: merged, required, closed, declaresProperties: declares };
}

/** The schema of an array's items (the first `items` found through `allOf`/`oneOf`/`anyOf`). */
export function itemsOf(schema: unknown, depth = 0): unknown {
  if (!isRecord(schema) || depth > MAX_DEPTH) return undefined;
  if (isRecord(schema.items)) return schema.items;
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) {
      const items = itemsOf(branch, depth + 1);
      if (items !== undefined) return items;
    }
  }
  return undefined;
}

/** One bound of a range: the value and whether the value itself is excluded. */
export interface Bound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** The bounds a schema sets on numbers and on string lengths. */
export interface Bounds {
  readonly min?: Bound;
  readonly max?: Bound;
  readonly minLength?: number;
  readonly maxLength?: number;
}

/**
 * The bounds of a schema, read from the schema itself or, in a `oneOf`/`anyOf`, from its one
 * branch of that kind (the numeric branch for `min`/`max`, the string branch for lengths).
 */
export function boundsOf(schema: unknown): Bounds {
  if (!isRecord(schema)) return {};
  const numeric = branchOf(schema, (t) => t.has('number') || t.has('integer'));
  const text = branchOf(schema, (t) => t.has('string'));
  const out: { min?: Bound; max?: Bound; minLength?: number; maxLength?: number } = {};
  if (numeric) {
    const min = lowerBound(numeric);
    const max = upperBound(numeric);
    if (min) out.min = min;
    if (max) out.max = max;
  }
  if (text) {
    if (typeof text.minLength === 'number') out.minLength = text.minLength;
    if (typeof text.maxLength === 'number') out.maxLength = text.maxLength;
  }
  return out;
}

function branchOf(
  schema: Record<string, unknown>,
  wanted: (types: ReadonlySet<JsonType>) => boolean,
): Record<string, unknown> | undefined {
  const own = ownTypes(schema);
  if (own && wanted(own)) return schema;
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (!Array.isArray(branches)) continue;
    const matching = branches.filter((b): b is Record<string, unknown> => {
      const t = isRecord(b) ? ownTypes(b) : undefined;
      return t !== undefined && wanted(t);
    });
    if (matching.length === 1) return matching[0];
  }
  return undefined;
}

function lowerBound(schema: Record<string, unknown>): Bound | undefined {
  const exclusive = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const inclusive = typeof schema.minimum === 'number' ? schema.minimum : undefined;
  if (exclusive !== undefined && (inclusive === undefined || exclusive >= inclusive)) {
    return { value: exclusive, exclusive: true };
  }
  return inclusive === undefined ? undefined : { value: inclusive, exclusive: false };
}

function upperBound(schema: Record<string, unknown>): Bound | undefined {
  const exclusive = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  const inclusive = typeof schema.maximum === 'number' ? schema.maximum : undefined;
  if (exclusive !== undefined && (inclusive === undefined || exclusive <= inclusive)) {
    return { value: exclusive, exclusive: true };
  }
  return inclusive === undefined ? undefined : { value: inclusive, exclusive: false };
}

/** Whether lower bound `a` admits less than `b` (is stricter); an absent bound admits everything. */
export function lowerStricter(a: Bound | undefined, b: Bound | undefined): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  return a.value > b.value || (a.value === b.value && a.exclusive && !b.exclusive);
}

/** Whether upper bound `a` admits less than `b` (is stricter); an absent bound admits everything. */
export function upperStricter(a: Bound | undefined, b: Bound | undefined): boolean {
  if (a === undefined) return false;
  if (b === undefined) return true;
  return a.value < b.value || (a.value === b.value && a.exclusive && !b.exclusive);
}

/** `> 0`, `>= 1`, `< 10`, `<= 10`. */
export function boundText(side: 'min' | 'max', bound: Bound | undefined): string {
  if (bound === undefined) return 'none';
  const sign = side === 'min' ? (bound.exclusive ? '>' : '>=') : bound.exclusive ? '<' : '<=';
  return `${sign} ${bound.value}`;
}

/** `number | string`, or `any` for a schema that admits any type. */
export function typesText(types: ReadonlySet<JsonType> | undefined): string {
  return types === undefined ? 'any' : [...types].join(' | ') || 'nothing';
}
