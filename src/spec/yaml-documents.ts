/**
 * YAML documents the suite reads (specs, the requirement catalogue, the reference dataset and
 * profile),
 * parsed once per file content. The shipped files are parsed at build time (`npx tsx
 * scripts/precompile.ts` → `documents.generated.ts`, keyed by the sha256 of their bytes): a file
 * with those exact bytes is read back from that JSON, which is two orders of magnitude faster
 * than the YAML parser. Any other file (edited, or the user's own) is parsed by `yaml`, which is
 * loaded only then.
 */

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { DOCUMENTS } from './documents.generated.ts';

/** The `yaml` package, loaded on first use. */
export type YamlModule = typeof import('yaml');

const requireCjs = createRequire(import.meta.url);
let yaml: YamlModule | undefined;

/** The `yaml` package (CommonJS build), loaded on first call. */
export function yamlModule(): YamlModule {
  yaml ??= requireCjs('yaml') as YamlModule;
  return yaml;
}

/** Hex sha256 of some bytes. */
export function sha256Of(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * The value of a YAML document: from the build's snapshot when `sha256` (of the file's bytes) is
 * a shipped file's, else parsed from `text`. Each call returns a fresh value the caller may change.
 * @throws yaml's `YAMLError` (see {@link yamlModule}) when the text is not YAML.
 */
export function parseYamlDocument(text: string, sha256: string): unknown {
  const snapshot = DOCUMENTS[sha256];
  return snapshot === undefined ? yamlModule().parse(text) : JSON.parse(snapshot);
}

/**
 * The value of a shipped YAML document whose text is exactly `text` (a fresh copy), or undefined
 * for any other text: for parsers that must also say where a problem is, which a shipped file
 * never has.
 */
export function shippedDocument(text: string): unknown {
  const snapshot = DOCUMENTS[sha256Of(text)];
  return snapshot === undefined ? undefined : JSON.parse(snapshot);
}
