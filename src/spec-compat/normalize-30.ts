import { isRecord } from '../spec/json-pointer.ts';

/** Keys whose values are literal data (examples, enums, defaults, extensions): never rewritten. */
const LITERAL_KEYS = new Set(['example', 'examples', 'enum', 'const', 'default']);

/**
 * Returns a copy of a dereferenced OpenAPI 3.0 document whose schemas say in 3.1 terms what they
 * meant in 3.0:
 * - `nullable: true` → `null` added to `type` (and to `enum` when there is one), `nullable` dropped;
 * - `exclusiveMinimum: true` with `minimum: m` → `exclusiveMinimum: m` (likewise for the maximum);
 *   `exclusiveMinimum: false` is dropped.
 *
 * Objects shared by several `$ref`s stay shared in the copy (each is converted once), so a
 * dereferenced document with circular parts is safe.
 */
export function normalizeOpenApi30(document: unknown): unknown {
  const done = new Map<object, unknown>();

  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      const known = done.get(node);
      if (known !== undefined) return known;
      const copy: unknown[] = [];
      done.set(node, copy);
      for (const item of node) copy.push(walk(item));
      return copy;
    }
    if (!isRecord(node)) return node;
    const known = done.get(node);
    if (known !== undefined) return known;
    const copy: Record<string, unknown> = {};
    done.set(node, copy);
    for (const [key, value] of Object.entries(node)) {
      copy[key] = LITERAL_KEYS.has(key) || key.startsWith('x-') ? value : walk(value);
    }
    convertSchemaKeywords(copy);
    return copy;
  };

  return walk(document);
}

/** Rewrites the 3.0-only keywords of one object in place (a no-op for anything that is not a schema). */
function convertSchemaKeywords(schema: Record<string, unknown>): void {
  if (typeof schema.nullable === 'boolean') {
    if (schema.nullable) {
      const type = schema.type;
      if (typeof type === 'string') schema.type = type === 'null' ? type : [type, 'null'];
      else if (Array.isArray(type) && !type.includes('null')) schema.type = [...type, 'null'];
      else if (type === undefined) addNullBranch(schema);
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    }
    delete schema.nullable;
  }
  for (const [exclusive, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (typeof schema[exclusive] !== 'boolean') continue;
    if (schema[exclusive] === true && typeof schema[bound] === 'number') {
      schema[exclusive] = schema[bound];
      delete schema[bound];
    } else {
      delete schema[exclusive];
    }
  }
}

/** `nullable` on a schema without `type` (a `oneOf`, `anyOf` or `allOf`): null becomes one more branch. */
function addNullBranch(schema: Record<string, unknown>): void {
  const nullBranch = { type: 'null' };
  if (Array.isArray(schema.oneOf)) schema.oneOf = [...schema.oneOf, nullBranch];
  else if (Array.isArray(schema.anyOf)) schema.anyOf = [...schema.anyOf, nullBranch];
  else if (Array.isArray(schema.allOf)) {
    schema.anyOf = [{ allOf: schema.allOf }, nullBranch];
    delete schema.allOf;
  }
  // Neither type nor combinator: the schema already admits null.
}
