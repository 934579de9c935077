import { describe, expect, it } from 'vitest';
import { isToolError, type LoyaltyConformanceError } from '../../src/errors.ts';
import { resolveRefs } from '../../src/spec/index.ts';

const options = { path: 'inline.yaml' };

function refError(document: unknown): LoyaltyConformanceError {
  try {
    resolveRefs(document, options);
  } catch (error) {
    if (isToolError(error, 'LC_ERR_SPEC_REF')) return error;
    throw error;
  }
  throw new Error('expected LC_ERR_SPEC_REF, nothing was thrown');
}

describe('resolveRefs', () => {
  it('replaces internal refs with their targets in a copy, leaving the input untouched', () => {
    const document = {
      components: { schemas: { Id: { type: 'integer' } } },
      paths: {
        '/x': {
          get: { parameters: [{ name: 'id', in: 'query', schema: { $ref: '#/components/schemas/Id' } }] },
        },
      },
    };
    const before = structuredClone(document);
    const resolved = resolveRefs(document, options);
    expect(resolved.paths['/x'].get.parameters[0]?.schema).toEqual({ type: 'integer' });
    expect(document).toEqual(before);
  });

  it('decodes ~0, ~1 and percent escapes in pointers', () => {
    const document = {
      components: { schemas: { 'a/b~c': { type: 'string' }, 'with space': { type: 'boolean' } } },
      one: { $ref: '#/components/schemas/a~1b~0c' },
      two: { $ref: '#/components/schemas/with%20space' },
    };
    const resolved = resolveRefs(document, options);
    expect(resolved.one).toEqual({ type: 'string' });
    expect(resolved.two).toEqual({ type: 'boolean' });
  });

  it('resolves refs inside targets, transitively', () => {
    const document = {
      components: { schemas: { A: { items: { $ref: '#/components/schemas/B' } }, B: { type: 'number' } } },
      use: { $ref: '#/components/schemas/A' },
    };
    expect(resolveRefs(document, options).use).toEqual({ items: { type: 'number' } });
  });

  it('keeps annotation siblings of a $ref, overriding the target', () => {
    const document = {
      components: { schemas: { Amount: { type: 'number', description: 'an amount' } } },
      use: { $ref: '#/components/schemas/Amount', description: 'points to deduct', 'x-note': 1 },
    };
    expect(resolveRefs(document, options).use).toEqual({
      type: 'number',
      description: 'points to deduct',
      'x-note': 1,
    });
  });

  it('applies a validation sibling that the target also has in addition to it, through allOf', () => {
    const document = {
      components: { schemas: { Short: { type: 'string', maxLength: 50 } } },
      use: { $ref: '#/components/schemas/Short', maxLength: 10 },
    };
    expect(resolveRefs(document, options).use).toEqual({
      maxLength: 10,
      allOf: [{ type: 'string', maxLength: 50 }],
    });
  });

  it('leaves $ref keys inside example data alone', () => {
    const document = {
      schema: { type: 'object', example: { $ref: 'not a reference' }, enum: [{ $ref: 'data' }] },
      media: { examples: { sample: { value: { $ref: 'data too' } } } },
    };
    expect(resolveRefs(document, options)).toEqual(document);
  });

  it('resolves properties named like literal keywords (example, default, enum)', () => {
    const document = {
      components: { schemas: { S: { type: 'string' } } },
      schema: {
        properties: {
          example: { $ref: '#/components/schemas/S' },
          default: { $ref: '#/components/schemas/S' },
          enum: { $ref: '#/components/schemas/S' },
        },
      },
    };
    expect(resolveRefs(document, options).schema.properties).toEqual({
      example: { type: 'string' },
      default: { type: 'string' },
      enum: { type: 'string' },
    });
  });

  it('resolves a $ref to a named example in a media type', () => {
    const document = {
      components: { examples: { ok: { value: { points: 1 } } } },
      media: { examples: { ok: { $ref: '#/components/examples/ok' } } },
    };
    expect(resolveRefs(document, options).media.examples.ok).toEqual({ value: { points: 1 } });
  });

  it('rejects an external ref, naming the ref and where it was written', () => {
    const error = refError({ paths: { '/a/b': { get: { requestBody: { $ref: 'common.yaml#/Body' } } } } });
    expect(error.details).toMatchObject({
      path: 'inline.yaml',
      ref: 'common.yaml#/Body',
      at: '#/paths/~1a~1b/get/requestBody/$ref',
    });
    expect(error.message).toContain('external references are not supported');
  });

  it('rejects a pointer that leads nowhere', () => {
    const error = refError({ components: {}, use: { $ref: '#/components/schemas/Missing' } });
    expect(error.details).toMatchObject({ ref: '#/components/schemas/Missing', at: '#/use/$ref' });
    expect(error.message).toContain('nothing exists at that pointer');
  });

  it('rejects a reference cycle, listing the chain', () => {
    const error = refError({
      components: {
        schemas: {
          Node: { properties: { next: { $ref: '#/components/schemas/Next' } } },
          Next: { allOf: [{ $ref: '#/components/schemas/Node' }] },
        },
      },
    });
    expect(error.details.reason).toMatch(/^reference cycle: /);
    expect(error.details.chain).toEqual(
      expect.arrayContaining(['#/components/schemas/Next', '#/components/schemas/Node']),
    );
  });

  it('rejects a schema that refers to itself', () => {
    const error = refError({
      components: { schemas: { Self: { items: { $ref: '#/components/schemas/Self' } } } },
    });
    expect(error.details.reason).toContain('reference cycle');
  });
});
