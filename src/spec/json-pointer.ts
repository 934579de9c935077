/** Whether `value` is a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Encodes one JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function escapePointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Decodes one JSON pointer segment; `~1` first would turn `~01` into `/` instead of `~1`. */
export function unescapePointerSegment(segment: string): string {
  return segment.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Builds a URI-fragment JSON pointer (`#/paths/~1v1~1x/get`) from raw segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return `#${segments.map((s) => `/${escapePointerSegment(String(s))}`).join('')}`;
}
