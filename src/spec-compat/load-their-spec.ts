import { toolError } from '../errors.ts';
import { isRecord, toPointer } from '../spec/json-pointer.ts';
import { normalizeOpenApi30 } from './normalize-30.ts';

/** A provider's own OpenAPI document, read with every `$ref` (internal, other files, URLs) resolved. */
export interface TheirSpec {
  /** The path or URL it was read from, as given. */
  readonly input: string;
  /** The document's `openapi` version, e.g. `3.0.3` or `3.1.0`. */
  readonly openapi: string;
  /** `info.title`, when the document has one. */
  readonly title?: string;
  /**
   * The dereferenced document. OpenAPI 3.0 schema keywords are rewritten to their 3.1 meaning
   * (`nullable: true` → `null` among the types, boolean `exclusiveMinimum`/`exclusiveMaximum` →
   * the bound itself), so the comparison reads one dialect. A recursive schema is a cyclic graph.
   */
  readonly document: Record<string, unknown>;
}

/** How long one download of the document or of a file it refers to may take. */
const HTTP_TIMEOUT_MS = 15_000;

/**
 * Reads a provider's OpenAPI 3.0 or 3.1 document (YAML or JSON) from a file or an http(s) URL and
 * resolves every `$ref` with `@apidevtools/json-schema-ref-parser`, loaded only here: references
 * to other files and relative URLs are read relative to the document that holds them.
 *
 * Where references may lead: a document read from a URL never reads local files; private and
 * loopback addresses (127.0.0.1, 10.x, ...) are read only when the document itself was given by
 * such an address (the user pointed there), never because a public document or a file names one.
 *
 * Only local files and http(s) URLs are read: the document itself, or a `$ref` by any other
 * scheme (`ftp://`), is refused by name.
 *
 * @throws LoyaltyConformanceError `LC_ERR_SPEC_COMPAT_INPUT` (one line) when the document cannot
 *   be read or parsed, is empty or not OpenAPI 3.0/3.1, has a path item that is not an object, or
 *   has a `$ref` that resolves to nothing or by a scheme that is not read.
 */
export async function loadTheirSpec(input: string): Promise<TheirSpec> {
  // A URL's user:password never reaches a message (the resolver quotes the URL it could not read).
  const fail = (reason: string, cause?: unknown) =>
    toolError(
      'LC_ERR_SPEC_COMPAT_INPUT',
      { input: withoutUrlCredentials(input), reason: withoutUrlCredentials(reason) },
      cause === undefined ? undefined : { cause },
    );
  if (!readsScheme(input)) throw fail('only local files and http(s) URLs are read');
  const { $RefParser, isUnsafeUrl } = await import('@apidevtools/json-schema-ref-parser');
  const isUrl = /^https?:\/\//i.test(input);
  const privateRoot = isUrl && isUnsafeUrl(input);
  const options = {
    resolve: {
      // `true` would replace the file resolver instead of keeping it: only ever turn it off.
      ...(isUrl ? { file: false } : {}),
      http: { timeout: HTTP_TIMEOUT_MS, redirects: 5, safeUrlResolver: !privateRoot },
    },
    // A recursive schema becomes a cyclic object graph; every reader of it is depth-bounded.
    dereference: { circular: true },
  };

  const parser = new $RefParser();
  let parsed: unknown;
  try {
    parsed = await parser.parse(input, options);
  } catch (cause) {
    // The resolver calls a document that is no object "not a valid JSON Schema"; what it read
    // (nothing, or a scalar) is judged below, as an OpenAPI document.
    if (!(cause instanceof SyntaxError && / is not a valid JSON Schema$/.test(cause.message))) {
      throw fail(reasonOf(cause, isUrl, isUnsafeUrl), cause);
    }
    parsed = Object.values(parser.$refs.values())[0];
  }
  const openapi = checkOpenApi3(parsed, fail);

  let document: unknown;
  try {
    document = await parser.dereference(input, parsed as object, options);
  } catch (cause) {
    throw fail(reasonOf(cause, isUrl, isUnsafeUrl, parsed), cause);
  }
  const normalized = openapi.startsWith('3.0.') ? normalizeOpenApi30(document) : document;
  const info = (normalized as Record<string, unknown>).info;
  const title = isRecord(info) && typeof info.title === 'string' ? info.title : undefined;
  return {
    input,
    openapi,
    ...(title === undefined ? {} : { title }),
    document: normalized as Record<string, unknown>,
  };
}

function checkOpenApi3(value: unknown, fail: (reason: string) => Error): string {
  if (value === undefined || value === null || value === '') {
    throw fail('the document is empty: it is not an OpenAPI document');
  }
  if (!isRecord(value)) throw fail('the document is not a YAML or JSON mapping');
  if (typeof value.swagger === 'string') {
    throw fail(`it is Swagger ${value.swagger}; convert it to OpenAPI 3.0 or 3.1 first`);
  }
  const version = value.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+/.test(version)) {
    throw fail(`expected "openapi: 3.0.x" or "3.1.x", found ${JSON.stringify(version ?? null)}`);
  }
  if (!isRecord(value.paths)) throw fail('the document has no "paths" object');
  for (const [path, item] of Object.entries(value.paths)) {
    if (!isRecord(item))
      throw fail(`paths[${JSON.stringify(path)}] is ${shortValue(item)}, not a path item object`);
  }
  return version;
}

/** A value that is not an object, briefly: `5`, `"text"`, `null`, `a list`. */
function shortValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  const json = JSON.stringify(value ?? null);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** The URL schemes the resolver is given a reader for; a path without a scheme is a local file. */
const READ_SCHEMES = new Set(['http', 'https', 'file']);

/** Whether a path or URL is one spec-compat reads: a local file (path or `file:`) or http(s). */
function readsScheme(pathOrUrl: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(pathOrUrl)?.[1];
  return scheme === undefined || READ_SCHEMES.has(scheme.toLowerCase());
}

/**
 * The `$ref` of the document that leads to `url` (its file part), as written, and where: the
 * resolver quotes only the URL it could not read. Undefined when the reference is in another file.
 */
function refLeadingTo(document: unknown, url: string): { ref: string; at: string } | undefined {
  const target = withoutHash(url);
  const seen = new Set<object>();
  const walk = (value: unknown, at: (string | number)[]): { ref: string; at: string } | undefined => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
    seen.add(value);
    const ref = (value as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && withoutHash(ref) === target) return { ref, at: toPointer(at) };
    for (const [key, child] of Object.entries(value)) {
      const found = walk(child, [...at, key]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(document, []);
}

/** A URL without its fragment, normalised as the resolver writes it. */
function withoutHash(url: string): string {
  const bare = url.split('#')[0] ?? '';
  try {
    return new URL(bare).href;
  } catch {
    return bare;
  }
}

/**
 * One line from the resolver's error: its first line, without the code frame a YAML error adds,
 * and with a word on the address rule when a private address was not read.
 */
function reasonOf(
  cause: unknown,
  fromUrl: boolean,
  isUnsafeUrl: (url: string) => boolean,
  document?: unknown,
): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const first = (message.split('\n')[0] ?? '').trim() || 'unknown error';
  const pointer = /Unable to resolve \$ref pointer "([^"]+)"/.exec(first)?.[1];
  if (pointer && !readsScheme(pointer)) {
    const found = refLeadingTo(document, pointer);
    const which = found ? `$ref "${found.ref}" at ${found.at}` : `$ref "${pointer}"`;
    return fromUrl
      ? `${which} is not followed: a document read from a URL follows only http(s) URLs`
      : `${which} is not followed: only local files and http(s) URLs are`;
  }
  if (pointer && /^https?:\/\//i.test(pointer) && isUnsafeUrl(pointer)) {
    return `${first}: a private or loopback address is read only when the document itself is given by such a URL`;
  }
  if (pointer && fromUrl && !/^https?:\/\//i.test(pointer)) {
    return `${first}: a document read from a URL does not read local files`;
  }
  return first;
}

/** `https://user:secret@host/x` → `https://***@host/x`, wherever such a URL appears in `text`. */
export function withoutUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"]+@/gi, '$1***@');
}
