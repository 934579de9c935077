import { readFile } from 'node:fs/promises';
import type { OpenAPIV3_1 } from 'openapi-types';
import { toolError } from '../errors.ts';
import { isRecord } from './json-pointer.ts';
import { parseYamlDocument, sha256Of, yamlModule } from './yaml-documents.ts';

/** One spec file as read from disk, before `$ref` resolution. */
export interface LoadedSpecFile {
  /** The path the file was loaded from, as given by the caller. */
  readonly path: string;
  /** The parsed document (its `$ref`s still in place). */
  readonly document: OpenAPIV3_1.Document;
  /** Hex sha256 of the file's bytes, so a report can name exactly which spec it judged against. */
  readonly sha256: string;
}

/**
 * Reads and parses one OpenAPI 3.1 YAML file.
 *
 * @throws LoyaltyConformanceError `LC_ERR_SPEC_NOT_FOUND` when the file cannot be read,
 *   `LC_ERR_SPEC_PARSE` when it is not YAML (with `line`/`column` when known),
 *   `LC_ERR_SPEC_INVALID` when it is YAML but not an OpenAPI 3.1 document.
 */
export async function loadSpecFile(path: string): Promise<LoadedSpecFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw toolError('LC_ERR_SPEC_NOT_FOUND', { path, reason: errorCodeOf(cause) }, { cause });
  }
  const sha256 = sha256Of(bytes);
  const document = parseSpecText(bytes.toString('utf8'), path, sha256);
  return { path, document, sha256 };
}

/**
 * Parses YAML text as an OpenAPI 3.1 document; `path` only labels errors. With the sha256 of the
 * text's bytes, a shipped spec is read from the build's snapshot instead of parsed.
 *
 * @throws LoyaltyConformanceError `LC_ERR_SPEC_PARSE` or `LC_ERR_SPEC_INVALID`.
 */
export function parseSpecText(text: string, path: string, sha256 = sha256Of(text)): OpenAPIV3_1.Document {
  let parsed: unknown;
  try {
    parsed = parseYamlDocument(text, sha256);
  } catch (cause) {
    const YAML = yamlModule();
    const position = cause instanceof YAML.YAMLError ? cause.linePos?.[0] : undefined;
    // yaml's message repeats the position and then quotes the source; keep one line, position first.
    const firstLine = cause instanceof Error ? (cause.message.split('\n')[0] ?? '') : String(cause);
    const text = firstLine.replace(/ at line \d+, column \d+:?$/, '');
    const reason = position ? `line ${position.line}, column ${position.col}: ${text}` : text;
    const yamlCode = cause instanceof YAML.YAMLError ? cause.code : undefined;
    throw toolError(
      'LC_ERR_SPEC_PARSE',
      { path, reason, line: position?.line, column: position?.col, yamlCode },
      { cause },
    );
  }
  assertOpenApi31(parsed, path);
  return parsed;
}

function assertOpenApi31(value: unknown, path: string): asserts value is OpenAPIV3_1.Document {
  if (!isRecord(value)) {
    throw toolError('LC_ERR_SPEC_INVALID', { path, reason: 'the file does not hold a YAML mapping' });
  }
  const version = value.openapi;
  if (typeof version !== 'string' || !/^3\.1\.\d+$/.test(version)) {
    throw toolError('LC_ERR_SPEC_INVALID', {
      path,
      reason: `expected "openapi: 3.1.x", found ${JSON.stringify(version ?? null)}`,
      found: version,
    });
  }
  if (!isRecord(value.info)) {
    throw toolError('LC_ERR_SPEC_INVALID', { path, reason: 'the document has no "info" object' });
  }
  if (!isRecord(value.paths)) {
    // OpenAPI 3.1 allows webhook-only documents; this suite only tests paths.
    throw toolError('LC_ERR_SPEC_INVALID', { path, reason: 'the document has no "paths" object' });
  }
}

function errorCodeOf(error: unknown): string {
  if (isRecord(error) && typeof error.code === 'string') return error.code;
  return error instanceof Error ? error.message : String(error);
}
