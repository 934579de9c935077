import { toolError } from '../errors.ts';
import { isRecord, toPointer, unescapePointerSegment } from './json-pointer.ts';

/** Options of `resolveRefs`. */
export interface ResolveRefsOptions {
  /** The spec file the document came from; named in errors. */
  readonly path: string;
}

/**
 * Keys whose children are names chosen by the spec author (property names, status codes, media
 * types, component names), so a child called `example` or `default` is still a node to resolve.
 */
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'definitions',
  'dependentSchemas',
  'paths',
  'webhooks',
  'responses',
  'content',
  'headers',
  'schemas',
  'parameters',
  'examples',
  'requestBodies',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
  'encoding',
  'variables',
]);

/** Keys whose values are literal data: a `$ref` key inside them is data, not a reference. */
const LITERAL_KEYS = new Set(['example', 'examples', 'enum', 'const', 'default']);

/**
 * Keywords that only annotate: beside a `$ref`, they may override the target's value without
 * changing what validates. Any other sibling keyword must apply *in addition* to the target.
 */
const ANNOTATION_KEYS = new Set([
  'summary',
  'description',
  'title',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'default',
  '$comment',
  'externalDocs',
]);

/**
 * Returns a copy of `document` with every internal `$ref` (`#/...`, a JSON pointer with `~0`/`~1`
 * and percent escapes) replaced by the object it points to. The input is left untouched.
 *
 * Keywords next to a `$ref` are kept, as OpenAPI 3.1 allows: annotations (`description`, ...)
 * override the target's, and any other keyword is combined with the target through `allOf`, which
 * is what JSON Schema 2020-12 means by a `$ref` with siblings.
 *
 * @throws LoyaltyConformanceError `LC_ERR_SPEC_REF` for an external reference, a pointer that
 *   leads nowhere, or a reference cycle; `details` carry `ref`, `at` (the JSON pointer where the
 *   `$ref` was written) and `reason`.
 */
export function resolveRefs<T>(document: T, options: ResolveRefsOptions): T {
  const memo = new Map<string, unknown>();

  const resolveRef = (ref: string, at: readonly (string | number)[], chain: readonly string[]): unknown => {
    const fail = (reason: string, extra: Record<string, unknown> = {}) =>
      toolError('LC_ERR_SPEC_REF', { path: options.path, ref, at: toPointer(at), reason, ...extra });
    if (!ref.startsWith('#')) throw fail('external references are not supported; inline the target');
    if (chain.includes(ref)) {
      throw fail(`reference cycle: ${[...chain, ref].join(' -> ')}`, { chain: [...chain, ref] });
    }
    const cached = memo.get(ref);
    if (cached !== undefined) return cached;
    const segments = parsePointer(ref);
    if (segments === undefined) throw fail('only JSON pointer fragments ("#/...") are supported');
    const target = lookup(document, segments);
    if (target === undefined) throw fail('nothing exists at that pointer');
    const resolved = walk(target, segments, segments.at(-1), segments.at(-2), [...chain, ref]);
    memo.set(ref, resolved);
    return resolved;
  };

  const walk = (
    node: unknown,
    at: readonly (string | number)[],
    key: string | number | undefined,
    parentKey: string | number | undefined,
    chain: readonly string[],
  ): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, i], i, key, chain));
    if (!isRecord(node)) return node;

    const copy: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(node)) {
      if (childKey === '$ref') continue;
      copy[childKey] = isLiteral(childKey, child, key, parentKey)
        ? structuredClone(child)
        : walk(child, [...at, childKey], childKey, key, chain);
    }
    if (typeof node.$ref !== 'string') return copy;

    const target = resolveRef(node.$ref, [...at, '$ref'], chain);
    return withSiblings(target, copy);
  };

  return walk(document, [], undefined, undefined, []) as T;
}

/**
 * Literal positions are copied verbatim. A key is literal when it is an annotation carrying data
 * (`example`, `enum`, a schema's `examples` array, ...) or an extension (`x-...`, free-form by
 * definition) — unless the key is a name inside a name map (a property called `default` is a
 * schema). The `value` of an Example Object is literal too.
 */
function isLiteral(
  key: string,
  value: unknown,
  ownKey: string | number | undefined,
  parentKey: string | number | undefined,
): boolean {
  if (typeof ownKey === 'string' && NAME_MAPS.has(ownKey)) return false;
  if (key === 'value' && parentKey === 'examples') return true;
  // A media type's `examples` is a map of Example Objects, which may themselves be `$ref`s.
  if (key === 'examples') return Array.isArray(value);
  return LITERAL_KEYS.has(key) || key.startsWith('x-');
}

function withSiblings(target: unknown, siblings: Record<string, unknown>): unknown {
  const keys = Object.keys(siblings);
  if (keys.length === 0) return target;
  if (!isRecord(target)) return { ...siblings, allOf: [target, ...asArray(siblings.allOf)] };
  const conflicts = keys.some((k) => k in target && !ANNOTATION_KEYS.has(k) && !k.startsWith('x-'));
  if (!conflicts) return { ...target, ...siblings };
  return { ...siblings, allOf: [target, ...asArray(siblings.allOf)] };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `#/components/schemas/A~1B` → `['components', 'schemas', 'A/B']`; `undefined` if not a pointer. */
function parsePointer(ref: string): string[] | undefined {
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment === '') return [];
  if (!fragment.startsWith('/')) return undefined;
  return fragment.slice(1).split('/').map(unescapePointerSegment);
}

function lookup(root: unknown, segments: readonly string[]): unknown {
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
      node = node[Number(segment)];
    } else if (isRecord(node) && Object.hasOwn(node, segment)) {
      node = node[segment];
    } else {
      return undefined;
    }
  }
  return node;
}
