/**
 * JSON Schema validators, each compiled at most once per process, and ajv loaded only when one
 * must be compiled at run time.
 *
 * The schemas that ship with the suite (the specs' operation parts, the profile, report,
 * catalogue and dataset schemas) are compiled at build time with ajv's standalone code
 * (`npx tsx scripts/precompile.ts` → `precompiled/<kind>.generated.ts`, one module per consumer,
 * so that a command loads only the code it uses). A schema is looked up there by a hash of its
 * kind and its exact JSON: an edited schema, or one the caller brings (a spec of its own), has no
 * entry and is compiled here with the same options, so the precompiled code is never used for
 * anything but the schema it was made from.
 */

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { KeywordDefinition, Options, ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * OpenAPI 3.1 annotation keywords that JSON Schema 2020-12 does not define. Registered as known
 * keywords without validation so that `strict` mode can stay on: strict mode's value is that a
 * misspelt keyword (`maxLenght`) is a compile error instead of a constraint that silently never
 * applies. `discriminator` is only a hint in OpenAPI; `oneOf` does the validating.
 */
export const OPENAPI_ANNOTATIONS: readonly string[] = ['example', 'xml', 'externalDocs', 'discriminator'];

/** How one kind of schema is compiled: the ajv options and what the instance knows besides them. */
export interface SchemaKindSettings {
  readonly options: Options;
  /** ajv-formats' formats (`date`, `date-time`, `uri`, ...). */
  readonly formats?: boolean;
  /** Annotation keywords to accept (see {@link OPENAPI_ANNOTATIONS}). */
  readonly vocabulary?: readonly string[];
  /** Keywords with a definition (e.g. `x-expected` must be a string). */
  readonly keywords?: readonly KeywordDefinition[];
  /** Every `x-` key found in a schema becomes an annotation keyword before it is compiled. */
  readonly extensionKeywords?: boolean;
  /**
   * Whether a schema compiled at run time is first checked against the meta-schema (about 40 ms
   * per ajv instance): only for schemas a user brings (specs), never for the suite's own.
   */
  readonly validateSchema: boolean;
}

const SPEC_OPTIONS: Options = {
  allErrors: true,
  // Errors carry the failing value and its schema, for `actual` and `x-expected`.
  verbose: true,
  strict: true,
  // OpenAPI 3.1 writes nullable values as `type: [string, 'null']`.
  allowUnionTypes: true,
  // These strict checks reject legitimate shapes (`required` in a `oneOf` branch naming a
  // property declared beside it), so only the unknown-keyword and number checks stay on.
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
};

/** Every kind of schema the suite compiles, by name; the name is part of a precompiled entry's key. */
export const SCHEMA_KINDS = {
  /** Spec request and response bodies, validated as sent. */
  'spec-json': {
    options: { ...SPEC_OPTIONS, coerceTypes: false },
    formats: true,
    vocabulary: OPENAPI_ANNOTATIONS,
    extensionKeywords: true,
    validateSchema: true,
  },
  /**
   * Spec query and path parameters: a URL carries only strings, so `programId=469` must satisfy
   * `type: integer` (the validator coerces a copy, never the caller's data).
   */
  'spec-params': {
    options: { ...SPEC_OPTIONS, coerceTypes: true },
    formats: true,
    vocabulary: OPENAPI_ANNOTATIONS,
    extensionKeywords: true,
    validateSchema: true,
  },
  /**
   * `config/profile.schema.json`. `useDefaults` fills defaults in place; `coerceTypes` turns
   * `"10000"` (a number written through `${VAR}`) into 10000 and an unquoted `mobile:
   * 919800001001` into a string. `x-expected` is the schema's own annotation: how a message words
   * what a field expects.
   */
  profile: {
    options: { allErrors: true, useDefaults: true, coerceTypes: true, discriminator: true, verbose: true },
    keywords: [{ keyword: 'x-expected', schemaType: 'string' }],
    validateSchema: false,
  },
  /** `reporters/schema/report.v1.schema.json`. */
  report: { options: { allErrors: true, strict: true }, formats: true, validateSchema: false },
  /** `specs/requirements.schema.json`. */
  catalogue: { options: { allErrors: true }, validateSchema: false },
  /** The reference provider's dataset schema (`src/reference/dataset.ts`). */
  dataset: { options: { allErrors: true, useDefaults: true }, validateSchema: false },
} as const satisfies Record<string, SchemaKindSettings>;

/** One of {@link SCHEMA_KINDS}. */
export type SchemaKind = keyof typeof SCHEMA_KINDS;

/**
 * What `scripts/precompile.ts` writes for one schema: ajv's standalone code (CommonJS style) as a
 * function of `module` and of a `require` that serves ajv's small run-time helpers.
 */
export type PrecompiledFactory = (module: { exports: unknown }, require: (id: string) => unknown) => void;

/** Precompiled validators by {@link schemaKey}: what one generated module exports. */
export type PrecompiledTable = Readonly<Record<string, PrecompiledFactory>>;

/**
 * The generated module of each kind, relative to `src/spec/` (`scripts/precompile.ts` writes
 * them; each consumer imports its own).
 */
export const PRECOMPILED_MODULES: Readonly<Record<SchemaKind, string>> = {
  'spec-json': 'precompiled/spec.generated.ts',
  'spec-params': 'precompiled/spec.generated.ts',
  profile: 'precompiled/profile.generated.ts',
  report: 'precompiled/report.generated.ts',
  catalogue: 'precompiled/catalogue.generated.ts',
  dataset: 'precompiled/dataset.generated.ts',
};

/** The key of a schema in a {@link PrecompiledTable}: its kind and its exact JSON text. */
export function schemaKey(kind: SchemaKind, schema: unknown): string {
  return createHash('sha256').update(kind).update('\u0000').update(JSON.stringify(schema)).digest('hex');
}

/** Validators built so far, by {@link schemaKey}: the same schema is never compiled twice. */
const built = new Map<string, ValidateFunction>();
/** Compiled at run time (not precompiled), for tests and diagnostics. */
let runtimeCompiles = 0;

/**
 * The validator of `schema`: the one `precompiled` holds when the build made one from this very
 * schema, else one ajv compiles now. Each schema is compiled at most once per process.
 * @throws ajv's compile error (a schema ajv rejects, e.g. an unknown keyword in strict mode).
 */
export function compileSchema(
  kind: SchemaKind,
  schema: unknown,
  precompiled: PrecompiledTable,
): ValidateFunction {
  const key = schemaKey(kind, schema);
  const known = built.get(key);
  if (known) return known;
  const factory = precompiled[key];
  const validate = factory ? instantiate(factory) : compileNow(kind, schema);
  built.set(key, validate);
  return validate;
}

/** How many schemas this process compiled with ajv at run time (0 when the build's code served all). */
export function runtimeCompileCount(): number {
  return runtimeCompiles;
}

// --- run-time compilation (ajv is required here, on first use only) ---

/** `require` for ajv and ajv-formats (CommonJS), so that importing this module loads neither. */
const requireCjs = createRequire(import.meta.url);

/** One ajv instance per kind, created on its first run-time compilation. */
const instances = new Map<SchemaKind, Ajv2020>();

/** A new ajv instance for one kind of schema; `code` for the build's standalone output. */
export function createAjv(kind: SchemaKind, code?: Options['code']): Ajv2020 {
  const settings: SchemaKindSettings = SCHEMA_KINDS[kind];
  const { Ajv2020: Ajv } = requireCjs('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
  const ajv = new Ajv({
    ...settings.options,
    validateSchema: settings.validateSchema,
    ...(code ? { code } : {}),
  });
  if (settings.formats) {
    const addFormats = requireCjs('ajv-formats') as (ajv: Ajv2020) => Ajv2020;
    addFormats(ajv);
  }
  if (settings.vocabulary) ajv.addVocabulary([...settings.vocabulary]);
  for (const keyword of settings.keywords ?? []) ajv.addKeyword(keyword);
  return ajv;
}

/** Compiles `schema` into the kind's instance, registering its `x-` keywords first when the kind says so. */
export function compileInto(ajv: Ajv2020, kind: SchemaKind, schema: unknown): ValidateFunction {
  const settings: SchemaKindSettings = SCHEMA_KINDS[kind];
  if (settings.extensionKeywords) registerExtensionKeywords(ajv, schema);
  return ajv.compile(schema as object);
}

function compileNow(kind: SchemaKind, schema: unknown): ValidateFunction {
  let ajv = instances.get(kind);
  if (!ajv) {
    ajv = createAjv(kind);
    instances.set(kind, ajv);
  }
  const validate = compileInto(ajv, kind, schema);
  runtimeCompiles += 1;
  return validate;
}

/** Names ajv accepts as keywords; an `x-` property name outside it cannot be a keyword anyway. */
const KEYWORD_NAME = /^[a-z_$][a-z0-9_$:-]*$/i;

/** The extension keywords already added to each instance (ajv cannot be asked about bare keywords). */
const extensionKeywords = new WeakMap<Ajv2020, Set<string>>();

/**
 * Registers every `x-` key found in `schema` as an annotation keyword, keeping the spec author's
 * extensions (e.g. `x-expected`) in the schema, where error formatting reads them, rather than
 * stripping them from a copy. Over-collecting (a property *named* `x-...`) is harmless.
 */
function registerExtensionKeywords(ajv: Ajv2020, schema: unknown): void {
  const registered = extensionKeywords.get(ajv) ?? new Set<string>();
  extensionKeywords.set(ajv, registered);
  const stack: unknown[] = [schema];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-') && KEYWORD_NAME.test(key) && !registered.has(key)) {
        ajv.addKeyword(key);
        registered.add(key);
      }
      stack.push(value);
    }
  }
}

// --- precompiled code ---

/**
 * The run-time helpers ajv's standalone code may `require`, served without loading ajv: string
 * length in code points and deep equality are small enough to keep here; the formats come from
 * ajv-formats' own table (which loads nothing else).
 */
const RUNTIME_HELPERS: Readonly<Record<string, () => unknown>> = {
  'ajv/dist/runtime/ucs2length': () => ({ default: ucs2length }),
  'ajv/dist/runtime/equal': () => ({ default: deepEqual }),
  'ajv-formats/dist/formats': () => requireCjs('ajv-formats/dist/formats'),
};

/** The ids {@link RUNTIME_HELPERS} serves, for the build to refuse code needing anything else. */
export const RUNTIME_HELPER_IDS: readonly string[] = Object.keys(RUNTIME_HELPERS);

function runtimeRequire(id: string): unknown {
  const helper = RUNTIME_HELPERS[id];
  if (!helper) throw new Error(`precompiled validator requires ${id}, which the suite does not provide`);
  return helper();
}

/** Runs one precompiled factory and returns its validate function. */
export function instantiate(factory: PrecompiledFactory): ValidateFunction {
  const module = { exports: undefined as unknown };
  factory(module, runtimeRequire);
  return module.exports as ValidateFunction;
}

/** Length in Unicode code points, as ajv counts `minLength`/`maxLength` (a surrogate pair is one). */
function ucs2length(text: string): number {
  let length = 0;
  for (let pos = 0; pos < text.length; length += 1) {
    const code = text.charCodeAt(pos++);
    if (code >= 0xd800 && code <= 0xdbff && pos < text.length && (text.charCodeAt(pos) & 0xfc00) === 0xdc00) {
      pos += 1;
    }
  }
  return length;
}

/** Deep equality of JSON values, as ajv's `equal` (fast-deep-equal) for `const`, `enum` and `uniqueItems`. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (a.constructor !== b.constructor) return false;
    if (Array.isArray(a)) {
      const other = b as unknown[];
      return a.length === other.length && a.every((item, i) => deepEqual(item, other[i]));
    }
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every(
      (key) =>
        Object.hasOwn(b, key) &&
        deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    );
  }
  // NaN equals NaN.
  return Number.isNaN(a) && Number.isNaN(b);
}
