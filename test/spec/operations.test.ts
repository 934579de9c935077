import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isToolError, type LoyaltyConformanceError } from '../../src/errors.ts';
import { createSpecRegistry, loadSpecs, parseSpecText, type SpecRegistry } from '../../src/spec/index.ts';

const MINI = fileURLToPath(new URL('../fixtures/specs/mini.yaml', import.meta.url));

function thrown(run: () => unknown): LoyaltyConformanceError {
  try {
    run();
  } catch (error) {
    if (isToolError(error)) return error;
    throw error;
  }
  throw new Error('expected a tool error, nothing was thrown');
}

/** A one-operation spec whose operation (and info) can be tweaked per test. */
function inlineSpec(operationYaml: string, infoExtra = '  x-family: inline\n') {
  const text = `openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n${infoExtra}paths:\n  /things:\n    get:\n${operationYaml}`;
  return { path: 'inline.yaml', sha256: '0'.repeat(64), document: parseSpecText(text, 'inline.yaml') };
}

describe('loadSpecs', () => {
  let registry: SpecRegistry;
  beforeAll(async () => {
    registry = await loadSpecs([MINI]);
  });

  it('indexes every operation by operationId with its family, method and path', () => {
    expect(registry.operations().map((o) => o.operationId)).toEqual(['adjustPoints', 'readPoints']);
    const operation = registry.getOperation('adjustPoints');
    expect(operation).toMatchObject({
      family: 'mini',
      method: 'post',
      path: '/v1/members/{memberId}/points',
      specPath: MINI,
      summary: "Adjust a member's points",
    });
    expect(registry.hasOperation('readPoints')).toBe(true);
    expect(registry.hasOperation('nope')).toBe(false);
  });

  it('fails with LC_ERR_SPEC_OPERATION_UNKNOWN for an unknown operationId, listing the known ones', () => {
    const error = thrown(() => registry.getOperation('deletePoints'));
    expect(error.code).toBe('LC_ERR_SPEC_OPERATION_UNKNOWN');
    expect(error.details).toEqual({ operationId: 'deletePoints', known: ['adjustPoints', 'readPoints'] });
  });

  it('merges path-level parameters and splits them by location, with style/explode defaults', () => {
    const operation = registry.getOperation('adjustPoints');
    expect(operation.pathParameters).toEqual([
      {
        name: 'memberId',
        in: 'path',
        required: true,
        schema: { type: 'integer', minimum: 1 },
        style: 'simple',
        explode: false,
      },
    ]);
    expect(operation.queryParameters.map((p) => [p.name, p.required, p.style, p.explode])).toEqual([
      ['source', true, 'form', true],
      ['programId', false, 'form', true],
      ['tags', false, 'form', false],
    ]);
    expect(operation.queryParameters[0]?.schema).toEqual({
      type: 'string',
      enum: ['INSTORE', 'MARTJACK', 'WECHAT'],
    });
    expect(operation.headerParameters.map((p) => p.name)).toEqual(['X-Request-Id']);
  });

  it('exposes the JSON request body schema, dereferenced', () => {
    const operation = registry.getOperation('adjustPoints');
    expect(operation.requestBodyRequired).toBe(true);
    expect(operation.requestBodySchema).toMatchObject({
      type: 'object',
      required: ['points', 'reason'],
      properties: {
        points: { description: 'Points to deduct', 'x-expected': 'number > 0 or numeric string' },
      },
    });
    expect(registry.getOperation('readPoints').requestBodySchema).toBeUndefined();
    expect(registry.getOperation('readPoints').requestBodyRequired).toBe(false);
  });

  it('maps responses by status key with their content type and schema', () => {
    const responses = registry.getOperation('readPoints').responses;
    expect([...responses.keys()]).toEqual(['200', '204', 'default']);
    expect(responses.get('200')).toMatchObject({
      contentType: 'application/json',
      schema: { required: ['pointsAvailable'] },
    });
    expect(responses.get('204')).toEqual({ description: 'No balance yet' });
    expect(responses.get('default')?.schema).toMatchObject({ required: ['errors'] });
  });

  it("takes the document's security unless the operation declares its own", () => {
    expect(registry.getOperation('adjustPoints').security).toEqual([{ basicAuth: [] }]);
    expect(registry.getOperation('readPoints').security).toEqual([]);
  });

  it('reads x-error-codes, turning `on` into a list', () => {
    expect(registry.getOperation('adjustPoints').errorCodes).toEqual([
      {
        code: 8003,
        message: 'Invalid source',
        when: 'source is not supported',
        source: 'seed',
        on: ['query.source'],
        raisedBy: 'schema',
        keywords: [],
      },
      {
        code: 8907,
        message: 'points exceed the balance',
        when: 'a deduction is above the available points',
        source: 'vendor-docs',
        on: ['body.points', 'query.programId'],
        keywords: [],
      },
    ]);
    expect(registry.getOperation('readPoints').errorCodes).toEqual([]);
  });

  it('keeps the other x- keys of an operation as extensions', () => {
    expect(registry.getOperation('adjustPoints').extensions).toEqual({ 'x-owner': 'fixtures' });
  });

  it('records the sha256 of each spec file by path', () => {
    expect(Object.keys(registry.specHashes)).toEqual([MINI]);
    expect(registry.specHashes[MINI]).toMatch(/^[0-9a-f]{64}$/);
    expect(registry.specs[0]).toMatchObject({
      path: MINI,
      family: 'mini',
      sha256: registry.specHashes[MINI],
    });
  });
});

describe('createSpecRegistry', () => {
  it('rejects two specs declaring the same operationId', () => {
    const one = inlineSpec('      operationId: listThings\n      responses: {}\n');
    const error = thrown(() => createSpecRegistry([one, { ...one, path: 'other.yaml' }]));
    expect(error.code).toBe('LC_ERR_SPEC_INVALID');
    expect(error.message).toContain('operationId "listThings" is also declared in inline.yaml');
  });

  it('rejects a spec without info.x-family', () => {
    const error = thrown(() => createSpecRegistry([inlineSpec('      operationId: a\n', '')]));
    expect(error.code).toBe('LC_ERR_SPEC_INVALID');
    expect(error.message).toContain('info.x-family is missing');
  });

  it('rejects an operation without operationId', () => {
    const error = thrown(() => createSpecRegistry([inlineSpec('      summary: anonymous\n')]));
    expect(error.message).toContain('GET /things: the operation has no operationId');
  });

  it('rejects a malformed x-error-codes entry, naming its index and field', () => {
    const operation = [
      '      operationId: a',
      '      x-error-codes:',
      '        - { code: 1, message: m, when: w, source: seed }',
      '        - { code: 2, message: m, when: w, source: blog }',
      '',
    ].join('\n');
    const error = thrown(() => createSpecRegistry([inlineSpec(operation)]));
    expect(error.message).toContain('x-error-codes[1].source must be "seed" or "vendor-docs", found "blog"');
  });

  it('rejects a path variable that no parameter declares', () => {
    const text = [
      'openapi: 3.1.0',
      'info: { title: t, version: "1", x-family: f }',
      'paths:',
      '  /things/{id}:',
      '    get: { operationId: getThing, responses: {} }',
      '',
    ].join('\n');
    const document = parseSpecText(text, 'p.yaml');
    const error = thrown(() => createSpecRegistry([{ path: 'p.yaml', sha256: '', document }]));
    expect(error.message).toContain('path variable {id} has no "in: path" parameter');
  });
});
