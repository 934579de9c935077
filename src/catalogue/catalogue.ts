import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toolError } from '../errors.ts';
import { PRECOMPILED_CATALOGUE } from '../spec/precompiled/catalogue.generated.ts';
import { compileSchema } from '../spec/schema-compiler.ts';
import { parseYamlDocument, sha256Of } from '../spec/yaml-documents.ts';

/** `MUST`: a document states the rule; `SHOULD`: inferred or conventional (a break warns). */
export type RequirementLevel = 'MUST' | 'SHOULD';

/** One documented rule the suite judges. */
export interface Requirement {
  /** Stable, readable ID, e.g. `CAP-NPA-8907`. */
  readonly id: string;
  readonly title: string;
  readonly level: RequirementLevel;
  /** operationIds the rule is about. */
  readonly operations: readonly string[];
  /**
   * Where the rule comes from: a key of `documents` (a vendor's public page, or
   * {@link OWN_CHOICE_DOCUMENT}) and the part of that page (for an own choice: why).
   */
  readonly source: { readonly document: string; readonly section: string };
  /** The rule, paraphrased. */
  readonly rule: string;
  /** The vendor error code, for error-code requirements. */
  readonly errorCode?: number;
  /** A profile condition under which the rule applies (e.g. negative balance off). */
  readonly appliesWhen?: string;
  readonly tags: readonly string[];
  /** false when no black-box test can judge it; `whyNot` then says why. */
  readonly blackBox: boolean;
  readonly whyNot?: string;
}

/**
 * The document key of rules the project infers or decides itself (universal checks, ledger
 * invariants, concurrency, drift): no public page states them, so it has no `url`.
 */
export const OWN_CHOICE_DOCUMENT = 'choice';

/** A source the catalogue cites: a vendor's public page, or the project's own choice (no `url`). */
export interface CatalogueDocument {
  /** The page's name as reports show it, e.g. `Capillary docs: Deduct points from user`. */
  readonly title: string;
  /** The public page a user can open; absent only for {@link OWN_CHOICE_DOCUMENT}. */
  readonly url?: string;
}

/** The requirement catalogue (`specs/requirements.yaml`). */
export interface Catalogue {
  /** The sources requirements cite, by the key of `source.document`. */
  readonly documents: Readonly<Record<string, CatalogueDocument>>;
  readonly requirements: readonly Requirement[];
  /** Looks a requirement up by ID. */
  get(id: string): Requirement | undefined;
}

/** The catalogue that ships with the suite. */
export const DEFAULT_CATALOGUE_PATH = fileURLToPath(
  new URL('../../specs/requirements.yaml', import.meta.url),
);
/** `specs/requirements.schema.json`. */
export const CATALOGUE_SCHEMA_PATH = fileURLToPath(
  new URL('../../specs/requirements.schema.json', import.meta.url),
);

/** Catalogues loaded so far, by path and content: each file is read, parsed and checked once. */
const loaded = new Map<string, { readonly sha256: string; readonly catalogue: Catalogue }>();

/**
 * Loads and validates a requirement catalogue against `specs/requirements.schema.json`, once per
 * process and file content: a second call returns the same (read-only) catalogue.
 */
export function loadCatalogue(path = DEFAULT_CATALOGUE_PATH): Catalogue {
  let bytes: Buffer;
  let raw: unknown;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw toolError('LC_ERR_CATALOGUE_INVALID', { path, reason: (error as Error).message }, { cause: error });
  }
  const sha256 = sha256Of(bytes);
  const known = loaded.get(path);
  if (known?.sha256 === sha256) return known.catalogue;
  try {
    raw = parseYamlDocument(bytes.toString('utf8'), sha256);
  } catch (error) {
    throw toolError('LC_ERR_CATALOGUE_INVALID', { path, reason: (error as Error).message }, { cause: error });
  }
  const validate = compileSchema(
    'catalogue',
    JSON.parse(readFileSync(CATALOGUE_SCHEMA_PATH, 'utf8')),
    PRECOMPILED_CATALOGUE,
  );
  if (!validate(raw)) {
    const first = validate.errors?.[0];
    throw toolError('LC_ERR_CATALOGUE_INVALID', {
      path,
      reason: `${first?.instancePath || '/'} ${first?.message ?? 'invalid'}`,
    });
  }
  const data = raw as { documents: Catalogue['documents']; requirements: Requirement[] };
  const byId = new Map(data.requirements.map((r) => [r.id, r]));
  const catalogue: Catalogue = {
    documents: data.documents,
    requirements: data.requirements,
    get: (id) => byId.get(id),
  };
  loaded.set(path, { sha256, catalogue });
  return catalogue;
}
