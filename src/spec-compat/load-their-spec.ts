import { toolError } from '../errors.ts';
import { isRecord } from '../spec/json-pointer.ts';
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
 * @throws LoyaltyConformanceError `LC_ERR_SPEC_COMPAT_INPUT` (one line) when the document cannot
 *   be read or parsed, is not OpenAPI 3.0/3.1, or has a `$ref` that resolves to nothing.
 */
export async function loadTheirSpec(input: string): Promise<TheirSpec> {
  // A URL's user:password never reaches a message (the resolver quotes the URL it could not read).
  const fail = (reason: string, cause?: unknown) =>
    toolError(
      'LC_ERR_SPEC_COMPAT_INPUT',
      { input: withoutUrlCredentials(input), reason: withoutUrlCredentials(reason) },
      cause === undefined ? undefined : { cause },
    );
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
    throw fail(reasonOf(cause, isUrl, isUnsafeUrl), cause);
  }
  const openapi = checkOpenApi3(parsed, fail);

  let document: unknown;
  try {
    document = await parser.dereference(input, parsed as object, options);
  } catch (cause) {
    throw fail(reasonOf(cause, isUrl, isUnsafeUrl), cause);
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
  if (!isRecord(value)) throw fail('the document is not a YAML or JSON mapping');
  if (typeof value.swagger === 'string') {
    throw fail(`it is Swagger ${value.swagger}; convert it to OpenAPI 3.0 or 3.1 first`);
  }
  const version = value.openapi;
  if (typeof version !== 'string' || !/^3\.[01]\.\d+/.test(version)) {
    throw fail(`expected "openapi: 3.0.x" or "3.1.x", found ${JSON.stringify(version ?? null)}`);
  }
  if (!isRecord(value.paths)) throw fail('the document has no "paths" object');
  return version;
}

/**
 * One line from the resolver's error: its first line, without the code frame a YAML error adds,
 * and with a word on the address rule when a private address was not read.
 */
function reasonOf(cause: unknown, fromUrl: boolean, isUnsafeUrl: (url: string) => boolean): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const first = (message.split('\n')[0] ?? '').trim() || 'unknown error';
  const pointer = /Unable to resolve \$ref pointer "([^"]+)"/.exec(first)?.[1];
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
