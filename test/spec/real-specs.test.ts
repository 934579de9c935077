import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  createValidators,
  loadSpecs,
  matchResponseKey,
  type SpecOperation,
  type SpecSchema,
} from '../../src/spec/index.ts';

const repoFile = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const SPEC_FILES = ['specs/capillary-points.v2.yaml', 'specs/fabric-loyalty.v1.yaml'].map(repoFile);

const registry = await loadSpecs(SPEC_FILES);
const validators = createValidators(registry);

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One example value found in a spec, with what it exemplifies. */
interface ExampleCase {
  readonly operation: SpecOperation;
  readonly name: string;
  readonly value: unknown;
  readonly part:
    | { kind: 'body'; schema: SpecSchema | undefined }
    | {
        kind: 'parameter';
        location: 'query' | 'path' | 'header' | 'cookie';
        param: string;
        schema: SpecSchema | undefined;
      }
    | { kind: 'response'; key: string };
}

/** `example` and `examples.<name>.value` of a media type or parameter object. */
function examplesOf(node: unknown): { name: string; value: unknown }[] {
  if (!isJson(node)) return [];
  const found: { name: string; value: unknown }[] = [];
  if ('example' in node) found.push({ name: 'example', value: node.example });
  if (isJson(node.examples)) {
    for (const [name, example] of Object.entries(node.examples)) {
      if (isJson(example) && 'value' in example) found.push({ name, value: example.value });
    }
  }
  // A schema's own `examples` list (JSON Schema style) exemplifies the same thing.
  if (isJson(node.schema) && Array.isArray(node.schema.examples)) {
    node.schema.examples.forEach((value, i) => {
      found.push({ name: `schema.examples[${i}]`, value });
    });
  }
  return found;
}

function jsonContent(content: unknown): unknown {
  if (!isJson(content)) return undefined;
  const type = Object.keys(content).find((t) => /^application\/([\w.-]+\+)?json/i.test(t));
  return type === undefined ? undefined : content[type];
}

/** Walks the dereferenced documents, so an example written once in components counts for each use. */
function collectExamples(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const spec of registry.specs) {
    for (const [path, pathItem] of Object.entries(spec.document.paths ?? {})) {
      if (!isJson(pathItem)) continue;
      for (const [method, raw] of Object.entries(pathItem)) {
        if (!isJson(raw) || typeof raw.operationId !== 'string') continue;
        const operation = registry.getOperation(raw.operationId);
        if (operation.method !== method || operation.path !== path) {
          throw new Error(
            `${raw.operationId} is indexed as ${operation.method} ${operation.path}, not ${method} ${path}`,
          );
        }
        const parameters: unknown[] = [
          ...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []),
          ...(Array.isArray(raw.parameters) ? raw.parameters : []),
        ];
        for (const param of parameters) {
          if (!isJson(param)) continue;
          for (const { name, value } of examplesOf(param)) {
            const part = {
              kind: 'parameter' as const,
              location: param.in as 'query' | 'path' | 'header' | 'cookie',
              param: String(param.name),
              schema: isJson(param.schema) ? (param.schema as SpecSchema) : undefined,
            };
            cases.push({ operation, name: `${param.name}: ${name}`, value, part });
          }
        }
        const requestBody = isJson(raw.requestBody) ? raw.requestBody : undefined;
        for (const { name, value } of examplesOf(jsonContent(requestBody?.content))) {
          cases.push({ operation, name, value, part: { kind: 'body', schema: operation.requestBodySchema } });
        }
        for (const [key, response] of Object.entries(isJson(raw.responses) ? raw.responses : {})) {
          for (const { name, value } of examplesOf(
            jsonContent(isJson(response) ? response.content : undefined),
          )) {
            cases.push({ operation, name, value, part: { kind: 'response', key } });
          }
        }
      }
    }
  }
  return cases;
}

/** A status that the response key `key` (and no more specific key) covers. */
function statusFor(operation: SpecOperation, key: string): number {
  const candidates =
    key === 'default'
      ? Array.from({ length: 500 }, (_, i) => 100 + i)
      : /^[1-5]XX$/.test(key)
        ? Array.from({ length: 100 }, (_, i) => Number(key.charAt(0)) * 100 + i)
        : [Number(key)];
  const status = candidates.find((s) => matchResponseKey(operation.responses, s) === key);
  if (status === undefined)
    throw new Error(`no status reaches response key ${key} of ${operation.operationId}`);
  return status;
}

/** URL parameters arrive as strings; arrays as a comma list (the `explode: false` form). */
function asUrlString(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(',') : String(value);
}

/** A URL string that `schema` rejects, or undefined when the schema accepts any string. */
function wrongParameterValue(schema: SpecSchema | undefined): string | undefined {
  if (!isJson(schema)) return undefined;
  if (schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean')
    return 'not-a-value';
  if (Array.isArray(schema.enum)) return '__NOT_IN_ENUM__';
  if (typeof schema.pattern === 'string') return '@@ not matching @@';
  if (typeof schema.minLength === 'number' && schema.minLength > 0) return '';
  return undefined;
}

const constrains = (schema: unknown): boolean =>
  isJson(schema) && ['type', 'oneOf', 'anyOf', 'allOf', 'enum', 'const'].some((k) => k in schema);

const examples = collectExamples();
const label = (c: ExampleCase) => {
  const where =
    c.part.kind === 'body'
      ? 'request body'
      : c.part.kind === 'parameter'
        ? `${c.part.location} parameter`
        : `response ${c.part.key}`;
  return `${c.operation.operationId} ${where} example "${c.name}"`;
};

describe('real specs', () => {
  it('load both families', () => {
    expect(registry.specs.map((s) => s.family)).toEqual(['capillary', 'fabric']);
    for (const file of SPEC_FILES) expect(registry.specHashes[file]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('are valid OpenAPI 3.1 documents', async () => {
    for (const file of SPEC_FILES) {
      const validator = new Validator();
      const result = await validator.validate(readFileSync(file, 'utf8'));
      expect(result.errors, file).toBeUndefined();
      expect(result.valid, file).toBe(true);
      expect(validator.version).toBe('3.1');
    }
  });

  const table = readFileSync(repoFile('docs/CONVENTIONS.md'), 'utf8');
  const rows = [...table.matchAll(/^\| (\w+) \| `(\w+)` \| `([A-Z]+) (\S+)` \|/gm)];

  it('list the six operations of CONVENTIONS.md', () => {
    expect(rows.length).toBe(6);
    expect(
      registry
        .operations()
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(rows.map((r) => r[2]).sort());
  });

  for (const [, family, operationId, method, path] of rows) {
    it(`declare ${operationId} as ${method} ${path} in the ${family} spec`, () => {
      const operation = registry.getOperation(String(operationId));
      expect(operation.family).toBe(family);
      expect(operation.method).toBe(method?.toLowerCase());
      expect(operation.path).toBe(path);
    });
  }

  it('cite public pages only: every x-source names a page of info.x-sources, and no text names a private file', () => {
    for (const file of SPEC_FILES) {
      const text = readFileSync(file, 'utf8');
      const spec = parseYaml(text) as { info: Json; paths: Record<string, Record<string, Json>> };
      const pages = spec.info['x-sources'] as Record<string, string>;
      for (const [key, page] of Object.entries(pages))
        expect(page, `${file} ${key}`).toMatch(/^https:\/\/\S+ \(.+\)$/);
      for (const operation of Object.values(spec.paths).flatMap((item) => Object.values(item))) {
        const source = operation['x-source'] as { document: string } | undefined;
        if (source) expect(Object.keys(pages), `${file} ${operation.operationId}`).toContain(source.document);
      }
      expect(text.match(/[\w-]+\.txt\b|DESIGN|shared\//g) ?? [], file).toEqual([]);
    }
  });

  it('compile every request and response schema in strict mode', () => {
    for (const operation of registry.operations()) {
      validators.validateRequest(operation.operationId, { query: {}, path: {}, body: {} });
      for (const key of operation.responses.keys()) {
        validators.validateResponse(operation.operationId, statusFor(operation, key), {});
      }
    }
    expect(validators.stats().compiled).toBeGreaterThan(registry.operations().length);
  });

  it('carry examples for every request body and every 200 response', () => {
    for (const operation of registry.operations()) {
      if (operation.requestBodySchema) {
        expect(
          examples.some((c) => c.operation === operation && c.part.kind === 'body'),
          operation.operationId,
        ).toBe(true);
      }
      expect(
        examples.some((c) => c.operation === operation && c.part.kind === 'response' && c.part.key === '200'),
        operation.operationId,
      ).toBe(true);
    }
  });
});

describe('real spec examples', () => {
  for (const example of examples) {
    it(`${label(example)} validates`, () => {
      const { operation, part, value } = example;
      if (part.kind === 'body') {
        const result = validators.validateRequest(operation.operationId, { body: value });
        expect(result.issues).toEqual([]);
      } else if (part.kind === 'parameter') {
        if (part.location !== 'query' && part.location !== 'path') return;
        const result = validators.validateRequest(operation.operationId, {
          [part.location]: { [part.param]: asUrlString(value) },
        });
        // Only this parameter is given, so the other required ones are reported missing; ignore those.
        const prefix = `${part.location}.${part.param}`;
        expect(result.issues.filter((i) => i.where === prefix || i.where.startsWith(`${prefix}[`))).toEqual(
          [],
        );
      } else {
        const status = statusFor(operation, part.key);
        const result = validators.validateResponse(operation.operationId, status, value);
        expect(result.matchedKey).toBe(part.key);
        expect(result.issues).toEqual([]);
      }
    });
  }
});

describe('wrong copies of real spec request examples', () => {
  for (const example of examples) {
    const { operation, part, value } = example;
    if (part.kind === 'body' && isJson(value) && isJson(part.schema)) {
      const required = Array.isArray(part.schema.required) ? part.schema.required.map(String) : [];
      for (const field of required.filter((f) => f in value)) {
        it(`${label(example)} is rejected without ${field}`, () => {
          const { [field]: _removed, ...wrong } = value;
          const result = validators.validateRequest(operation.operationId, { body: wrong });
          expect(result.valid).toBe(false);
          expect(result.issues).toContainEqual(
            expect.objectContaining({ where: `body.${field}`, keyword: 'required', actual: 'missing' }),
          );
        });
      }
      const properties = isJson(part.schema.properties) ? part.schema.properties : {};
      for (const field of Object.keys(value).filter((f) => constrains(properties[f]))) {
        it(`${label(example)} is rejected with an object as ${field}`, () => {
          const wrong = { ...value, [field]: { wrongType: true } };
          const result = validators.validateRequest(operation.operationId, { body: wrong });
          expect(result.valid).toBe(false);
          expect(result.issues.map((i) => i.where)).toContain(`body.${field}`);
        });
      }
    }
    if (part.kind === 'parameter' && (part.location === 'query' || part.location === 'path')) {
      const wrongValue = wrongParameterValue(part.schema);
      if (wrongValue === undefined) continue;
      it(`${label(example)} is rejected as ${JSON.stringify(wrongValue)}`, () => {
        const result = validators.validateRequest(operation.operationId, {
          [part.location]: { [part.param]: wrongValue },
        });
        expect(result.issues.map((i) => i.where)).toContain(`${part.location}.${part.param}`);
      });
    }
  }
});
