import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { stalePrecompiled } from '../../scripts/precompile.ts';
import { CATALOGUE_SCHEMA_PATH, loadCatalogue } from '../../src/catalogue/catalogue.ts';
import { createTextRedactor } from '../../src/client/redact.ts';
import { loadProfile, REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';
import { PROFILE_SCHEMA_PATH } from '../../src/profile/schema.ts';
import { DATASET_SCHEMA, loadDataset } from '../../src/reference/dataset.ts';
import { DEFAULT_DATASET_PATH } from '../../src/reference/server.ts';
import { REPORT_SCHEMA_PATH } from '../../src/report/load-report.ts';
import { createValidators, loadDefaultSpecs } from '../../src/spec/index.ts';
import { PRECOMPILED_CATALOGUE } from '../../src/spec/precompiled/catalogue.generated.ts';
import { PRECOMPILED_DATASET } from '../../src/spec/precompiled/dataset.generated.ts';
import { PRECOMPILED_PROFILE } from '../../src/spec/precompiled/profile.generated.ts';
import { PRECOMPILED_REPORT } from '../../src/spec/precompiled/report.generated.ts';
import { PRECOMPILED_SPEC } from '../../src/spec/precompiled/spec.generated.ts';
import {
  compileInto,
  compileSchema,
  createAjv,
  instantiate,
  type PrecompiledTable,
  type SchemaKind,
  schemaKey,
} from '../../src/spec/schema-compiler.ts';
import { validatorSchemas } from '../../src/spec/validators.ts';

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** A value shaped by a schema (its example, else built from its types), to mutate into variants. */
function sampleOf(schema: unknown, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 8) return {};
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ('example' in s) return s.example;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const branches = s[key];
    if (Array.isArray(branches) && branches.length > 0) {
      if (key !== 'allOf') return sampleOf(branches[0], depth + 1);
      return Object.assign({}, ...branches.map((b) => sampleOf(b, depth + 1)));
    }
  }
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || typeof s.properties === 'object') {
    const properties = (s.properties ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, sampleOf(v, depth + 1)]));
  }
  if (type === 'array') return [sampleOf(s.items, depth + 1)];
  if (type === 'integer') return typeof s.minimum === 'number' ? s.minimum : 1;
  if (type === 'number') return 1.5;
  if (type === 'boolean') return true;
  if (type === 'null') return null;
  if (s.format === 'date') return '2024-01-01';
  if (s.format === 'date-time') return '2024-01-01T00:00:00Z';
  return 'x'.repeat(typeof s.minLength === 'number' ? s.minLength : 1);
}

/** At most this many variants per schema (every n-th when there are more). */
const MAX_VARIANTS = 400;

/** Values to throw at a schema: the sample itself, and each of its fields (deep) replaced by the wrong kinds. */
function variants(sample: unknown): unknown[] {
  const wrong: unknown[] = [null, 'x', '', -1, 1.5, 0, true, [], {}, 'a'.repeat(300), ['x'], { x: 1 }];
  const out: unknown[] = [sample, ...wrong];
  const visit = (value: unknown, replace: (v: unknown) => unknown) => {
    if (value === null || typeof value !== 'object') return;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      for (const w of wrong) {
        out.push(
          replace(
            Array.isArray(value) ? value.map((v, i) => (String(i) === key ? w : v)) : { ...value, [key]: w },
          ),
        );
      }
      out.push(replace(Array.isArray(value) ? value.filter((_, i) => String(i) !== key) : omit(value, key)));
      visit(child, (v) =>
        replace(
          Array.isArray(value) ? value.map((c, i) => (String(i) === key ? v : c)) : { ...value, [key]: v },
        ),
      );
    }
  };
  visit(sample, (v) => v);
  const stride = Math.ceil(out.length / MAX_VARIANTS);
  return out.filter((_, i) => i % stride === 0);
}

const omit = (value: object, key: string) =>
  Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));

/** Runs both validators on copies (coercion and defaults change their input) and compares all they say. */
function expectSameJudgement(
  precompiled: ValidateFunction,
  runtime: ValidateFunction,
  data: unknown,
): boolean {
  const a = structuredClone(data);
  const b = structuredClone(data);
  const validA = precompiled(a);
  const validB = runtime(b);
  expect(validA).toBe(validB);
  expect(a).toEqual(b);
  expect(JSON.parse(JSON.stringify(precompiled.errors ?? null))).toEqual(
    JSON.parse(JSON.stringify(runtime.errors ?? null)),
  );
  return validA;
}

/** The precompiled validator of a shipped schema beside one ajv compiles now with the kind's options. */
function pair(kind: SchemaKind, schema: unknown, table: PrecompiledTable) {
  const factory = table[schemaKey(kind, schema)];
  expect(factory, `${kind}: no precompiled validator (run npx tsx scripts/precompile.ts)`).toBeDefined();
  return { precompiled: instantiate(factory!), runtime: compileInto(createAjv(kind), kind, schema) };
}

describe('precompiled validators (scripts/precompile.ts)', () => {
  it('are current: regenerating the modules changes nothing', () => {
    expect(stalePrecompiled()).toEqual([]);
  });

  it('assign to no for-in key declared const, so that a bundler reads them (ajv-validator/ajv#2611)', () => {
    const dir = fileURLToPath(new URL('../../src/spec/precompiled/', import.meta.url));
    const assignedConsts = readdirSync(dir)
      .filter((name) => name.endsWith('.generated.ts'))
      .flatMap((name) => {
        const text = readFileSync(`${dir}${name}`, 'utf8');
        return [...text.matchAll(/\bfor\(const (key\d+) in /g)]
          .map(([, key]) => key as string)
          .filter((key) => new RegExp(`[;{]${key} = `).test(text))
          .map((key) => `${name}: ${key}`);
      });
    expect(assignedConsts).toEqual([]);
    // The profile's fixture names are where ajv writes that assignment: the check has a case.
    expect(readFileSync(`${dir}profile.generated.ts`, 'utf8')).toMatch(
      /\bfor\(let (key\d+) in [^;]*;[\s\S]*?[;{]\1 = /,
    );
  });

  it('serve every shipped schema, so that a run compiles nothing', () => {
    // In a fresh process: this worker's validators may have been built by other test files.
    const probe = fileURLToPath(new URL('./runtime-compiles.probe.ts', import.meta.url));
    const printed = execFileSync(process.execPath, ['--import', 'tsx', probe], { encoding: 'utf8' });
    expect(printed.trim()).toBe('0');
  });

  it('judge spec messages exactly as ajv compiling the same schemas at run time', async () => {
    const registry = await loadDefaultSpecs();
    const judged = { valid: 0, invalid: 0 };
    for (const { kind, schema } of validatorSchemas(registry)) {
      const { precompiled, runtime } = pair(kind, schema, PRECOMPILED_SPEC);
      for (const data of variants(sampleOf(schema))) {
        judged[expectSameJudgement(precompiled, runtime, data) ? 'valid' : 'invalid'] += 1;
      }
    }
    // Both outcomes, many times over: the comparison covers passing and failing messages.
    expect(judged.valid).toBeGreaterThan(50);
    expect(judged.invalid).toBeGreaterThan(500);
  });

  it('judge the profile, catalogue, dataset and report as ajv compiling their schemas at run time', () => {
    const profileDocument = loadProfile(REFERENCE_PROFILE_PATH);
    const catalogue = loadCatalogue();
    const cases: [SchemaKind, unknown, PrecompiledTable, unknown][] = [
      [
        'profile',
        readJson(PROFILE_SCHEMA_PATH),
        PRECOMPILED_PROFILE,
        JSON.parse(JSON.stringify(profileDocument)),
      ],
      [
        'catalogue',
        readJson(CATALOGUE_SCHEMA_PATH),
        PRECOMPILED_CATALOGUE,
        { version: 1, documents: catalogue.documents, requirements: catalogue.requirements.slice(0, 4) },
      ],
      ['dataset', DATASET_SCHEMA, PRECOMPILED_DATASET, loadDataset(DEFAULT_DATASET_PATH)],
      [
        'report',
        readJson(REPORT_SCHEMA_PATH),
        PRECOMPILED_REPORT,
        { reportVersion: 1, manifest: {}, requirements: [] },
      ],
    ];
    for (const [kind, schema, table, sample] of cases) {
      const { precompiled, runtime } = pair(kind, schema, table);
      for (const data of variants(JSON.parse(JSON.stringify(sample))))
        expectSameJudgement(precompiled, runtime, data);
    }
  });

  it('compile each schema once per process, whoever asks', () => {
    const schema = { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] };
    const first = compileSchema('catalogue', schema, {});
    expect(compileSchema('catalogue', structuredClone(schema), {})).toBe(first);
    expect(first({ a: 1 })).toBe(true);
    expect(first({ a: 'x' })).toBe(false);
  });
});

describe('once per process', () => {
  it('loads the shipped specs once: every caller gets the same registry and validator set', async () => {
    const [a, b] = await Promise.all([loadDefaultSpecs(), loadDefaultSpecs()]);
    expect(a).toBe(b);
    expect(await loadDefaultSpecs()).toBe(a);
    expect(createValidators(a)).toBe(createValidators(b));
  });

  it('parses and checks the requirement catalogue once', () => {
    expect(loadCatalogue()).toBe(loadCatalogue());
  });

  it('compiles one redactor per list of secrets, whatever asks for it', () => {
    const secrets = ['s3cret-value', 'another-secret'];
    const redact = createTextRedactor(secrets);
    expect(createTextRedactor([...secrets])).toBe(redact);
    expect(createTextRedactor(['s3cret-value'])).not.toBe(redact);
    expect(redact('x s3cret-value y another-secret')).toBe('x [REDACTED] y [REDACTED]');
  });
});
