import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import YAML from 'yaml';
import { toolError } from '../errors.ts';

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
const SCHEMA_PATH = fileURLToPath(new URL('../../specs/requirements.schema.json', import.meta.url));

/** Loads and validates a requirement catalogue against `specs/requirements.schema.json`. */
export function loadCatalogue(path = DEFAULT_CATALOGUE_PATH): Catalogue {
  let raw: unknown;
  try {
    raw = YAML.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw toolError('LC_ERR_CATALOGUE_INVALID', { path, reason: (error as Error).message }, { cause: error });
  }
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true }).compile(schema);
  if (!validate(raw)) {
    const first = validate.errors?.[0];
    throw toolError('LC_ERR_CATALOGUE_INVALID', {
      path,
      reason: `${first?.instancePath || '/'} ${first?.message ?? 'invalid'}`,
    });
  }
  const data = raw as { documents: Catalogue['documents']; requirements: Requirement[] };
  const byId = new Map(data.requirements.map((r) => [r.id, r]));
  return { documents: data.documents, requirements: data.requirements, get: (id) => byId.get(id) };
}
