import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isToolError, type LoyaltyConformanceError } from '../../src/errors.ts';
import { loadSpecFile, parseSpecText } from '../../src/spec/index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/specs/${name}`, import.meta.url));

async function rejection(promise: Promise<unknown>): Promise<LoyaltyConformanceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isToolError(error)) throw new Error(`expected a tool error, got ${String(error)}`);
  return error;
}

function thrown(run: () => unknown): LoyaltyConformanceError {
  try {
    run();
  } catch (error) {
    if (isToolError(error)) return error;
    throw error;
  }
  throw new Error('expected a tool error, nothing was thrown');
}

describe('loadSpecFile', () => {
  it('parses an OpenAPI 3.1 YAML file and hashes its bytes', async () => {
    const path = fixture('mini.yaml');
    const loaded = await loadSpecFile(path);
    expect(loaded.path).toBe(path);
    expect(loaded.document.openapi).toBe('3.1.0');
    expect(loaded.document.info.title).toBe('Mini loyalty API (test fixture)');
    expect(loaded.sha256).toBe(createHash('sha256').update(readFileSync(path)).digest('hex'));
  });

  it('fails with LC_ERR_SPEC_NOT_FOUND naming the missing file', async () => {
    const error = await rejection(loadSpecFile(fixture('does-not-exist.yaml')));
    expect(error.code).toBe('LC_ERR_SPEC_NOT_FOUND');
    expect(error.details).toMatchObject({ path: fixture('does-not-exist.yaml'), reason: 'ENOENT' });
  });

  it('fails with LC_ERR_SPEC_PARSE giving the line of a YAML error', async () => {
    const error = await rejection(loadSpecFile(fixture('broken.yaml')));
    expect(error.code).toBe('LC_ERR_SPEC_PARSE');
    expect(error.details).toMatchObject({ line: 6, column: 1, yamlCode: 'DUPLICATE_KEY' });
    expect(error.message).toContain('line 6, column 1: Map keys must be unique');
    expect(error.message).not.toContain('\n');
  });

  it('fails with LC_ERR_SPEC_INVALID for an OpenAPI 3.0 document', async () => {
    const error = await rejection(loadSpecFile(fixture('openapi-30.yaml')));
    expect(error.code).toBe('LC_ERR_SPEC_INVALID');
    expect(error.details).toMatchObject({ found: '3.0.3' });
    expect(error.message).toContain('expected "openapi: 3.1.x", found "3.0.3"');
  });
});

describe('parseSpecText', () => {
  it('rejects YAML that is not a mapping', () => {
    expect(thrown(() => parseSpecText('- a\n- b\n', 'list.yaml')).code).toBe('LC_ERR_SPEC_INVALID');
    expect(thrown(() => parseSpecText('', 'empty.yaml')).code).toBe('LC_ERR_SPEC_INVALID');
  });

  it('rejects a 3.1 document without paths', () => {
    const error = thrown(() => parseSpecText('openapi: 3.1.0\ninfo: { title: t, version: "1" }\n', 'x.yaml'));
    expect(error.code).toBe('LC_ERR_SPEC_INVALID');
    expect(error.message).toContain('no "paths" object');
  });
});
