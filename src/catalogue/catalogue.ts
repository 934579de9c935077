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
  /** Where the rule comes from: a key of `documents` and the part of that document. */
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

/** The requirement catalogue (`specs/requirements.yaml`). */
export interface Catalogue {
  readonly documents: Readonly<Record<string, { readonly file: string; readonly title: string }>>;
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
