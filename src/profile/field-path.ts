/**
 * Field paths in messages, written as a reader would type them in the YAML:
 * `capillary.orgs[1].config.negativeBalanceOnReturn`, `fixtures.customers["my customer"]`.
 */

/** One step into a document: a property name or an array index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z0-9_$-]+$/;

/** Dotted form of a path; the empty path is `profile` (the document itself). */
export function formatPath(segments: readonly PathSegment[]): string {
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === '' ? 'profile' : text;
}

/**
 * Splits a JSON pointer (ajv's `instancePath`) into segments, walking `data` so that a segment is
 * an index only where the value is an array (a customer named `1001` stays a key).
 */
export function pointerSegments(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current)) {
      segments.push(Number(key));
      current = current[Number(key)];
    } else {
      segments.push(key);
      current =
        current !== null && typeof current === 'object'
          ? (current as Record<string, unknown>)[key]
          : undefined;
    }
  }
  return segments;
}
