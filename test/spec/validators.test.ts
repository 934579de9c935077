import { fileURLToPath } from 'node:url';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isToolError } from '../../src/errors.ts';
import {
  createSpecRegistry,
  createValidators,
  loadSpecs,
  matchResponseKey,
  parseSpecText,
  type SpecRegistry,
  type SpecValidators,
} from '../../src/spec/index.ts';
import { runtimeCompileCount } from '../../src/spec/schema-compiler.ts';

const MINI = fileURLToPath(new URL('../fixtures/specs/mini.yaml', import.meta.url));

const validQuery = { source: 'INSTORE', programId: '469' };
const validBody = { points: 10, reason: 'return', channel: 'INSTORE' };

let registry: SpecRegistry;
let validators: SpecValidators;

beforeAll(async () => {
  registry = await loadSpecs([MINI]);
});

beforeEach(() => {
  validators = createValidators(registry);
});

describe('validateRequest', () => {
  it('accepts a valid request', () => {
    const result = validators.validateRequest('adjustPoints', {
      path: { memberId: '7' },
      query: validQuery,
      body: validBody,
    });
    expect(result).toEqual({ valid: true, issues: [] });
  });

  it('accepts the amount as a number or as a numeric string', () => {
    for (const points of [10, 0.5, '10.50', '3']) {
      expect(
        validators.validateRequest('adjustPoints', { body: { ...validBody, points } }).valid,
        String(points),
      ).toBe(true);
    }
  });

  it('rejects a wrong type, saying where, what was expected and what came', () => {
    const result = validators.validateRequest('adjustPoints', { body: { ...validBody, reason: 42 } });
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({
        where: 'body.reason',
        expected: 'string',
        actual: '42',
        keyword: 'type',
        message: 'body.reason: expected string, got 42',
      }),
    ]);
  });

  it('rejects a missing required field', () => {
    const { reason: _omitted, ...body } = validBody;
    const result = validators.validateRequest('adjustPoints', { body });
    expect(result.issues).toEqual([
      expect.objectContaining({
        where: 'body.reason',
        expected: 'required field',
        actual: 'missing',
        keyword: 'required',
      }),
    ]);
  });

  it('rejects a value outside the enum, listing the allowed values', () => {
    const result = validators.validateRequest('adjustPoints', { body: { ...validBody, channel: 'NOPE' } });
    expect(result.issues).toEqual([
      expect.objectContaining({
        where: 'body.channel',
        expected: 'one of INSTORE, MARTJACK, WECHAT',
        actual: '"NOPE"',
        message: 'body.channel: expected one of INSTORE, MARTJACK, WECHAT, got "NOPE"',
      }),
    ]);
  });

  it('rejects a string above maxLength', () => {
    const result = validators.validateRequest('adjustPoints', {
      body: { ...validBody, reason: 'x'.repeat(51) },
    });
    expect(result.issues).toEqual([
      expect.objectContaining({ where: 'body.reason', expected: '≤ 50 characters', keyword: 'maxLength' }),
    ]);
  });

  it('reports a failed oneOf as one issue, with the x-expected text', () => {
    const result = validators.validateRequest('adjustPoints', { body: { ...validBody, points: -5 } });
    expect(result.issues).toEqual([
      expect.objectContaining({
        where: 'body.points',
        expected: 'number > 0 or numeric string',
        actual: '-5',
        keyword: 'oneOf',
      }),
    ]);
  });

  it('summarises the alternatives of a oneOf without x-expected', () => {
    const body = {
      ...validBody,
      lines: [
        { sku: 'a', code: 1 },
        { sku: 'b', code: 'x1' },
      ],
    };
    const result = validators.validateRequest('adjustPoints', { body });
    expect(result.issues).toEqual([
      expect.objectContaining({
        where: 'body.lines[1].code',
        expected: 'integer or string matching /^[0-9]+$/',
        actual: '"x1"',
      }),
    ]);
  });

  it('reports every violation at once', () => {
    const result = validators.validateRequest('adjustPoints', {
      query: { source: 'NOPE' },
      body: { points: 'ten', channel: 'WEB', lines: [{}] },
    });
    expect(result.issues.map((i) => i.where).sort()).toEqual([
      'body.channel',
      'body.lines[0].sku',
      'body.points',
      'body.reason',
      'query.source',
    ]);
  });

  it('reports a missing required body', () => {
    const result = validators.validateRequest('adjustPoints', { body: undefined });
    expect(result.issues).toEqual([
      expect.objectContaining({ where: 'body', expected: 'a JSON request body', actual: 'missing' }),
    ]);
  });

  it('validates only the parts it is given', () => {
    expect(validators.validateRequest('adjustPoints', {}).valid).toBe(true);
    expect(validators.validateRequest('adjustPoints', { query: {} }).issues.map((i) => i.where)).toEqual([
      'query.source',
    ]);
  });

  it('fails with LC_ERR_SPEC_OPERATION_UNKNOWN for an unknown operation', () => {
    expect(() => validators.validateRequest('nope', {})).toThrowError(
      expect.objectContaining({ code: 'LC_ERR_SPEC_OPERATION_UNKNOWN' }),
    );
  });
});

describe('validateRequest on query and path strings', () => {
  it('coerces integer query values from their URL strings', () => {
    expect(
      validators.validateRequest('adjustPoints', { query: { source: 'INSTORE', programId: '469' } }).valid,
    ).toBe(true);
  });

  it('rejects a query value that is not an integer', () => {
    const result = validators.validateRequest('adjustPoints', {
      query: { source: 'INSTORE', programId: '46x' },
    });
    expect(result.issues).toEqual([
      expect.objectContaining({ where: 'query.programId', expected: 'integer', actual: '"46x"' }),
    ]);
  });

  it('leaves the caller’s query object untouched while coercing', () => {
    const query = { source: 'INSTORE', programId: '469' };
    validators.validateRequest('adjustPoints', { query });
    expect(query).toEqual({ source: 'INSTORE', programId: '469' });
  });

  it('splits a non-exploded array parameter on commas and checks each item', () => {
    expect(
      validators.validateRequest('adjustPoints', { query: { source: 'WECHAT', tags: 'a,b' } }).valid,
    ).toBe(true);
    const result = validators.validateRequest('adjustPoints', { query: { source: 'WECHAT', tags: 'a,z' } });
    expect(result.issues).toEqual([
      expect.objectContaining({ where: 'query.tags[1]', expected: 'one of a, b, c' }),
    ]);
  });

  it('checks path variables with the same coercion', () => {
    expect(validators.validateRequest('adjustPoints', { path: { memberId: '12' } }).valid).toBe(true);
    const result = validators.validateRequest('adjustPoints', { path: { memberId: '0' } });
    expect(result.issues).toEqual([
      expect.objectContaining({ where: 'path.memberId', expected: '≥ 1', actual: '0' }),
    ]);
  });
});

describe('validateResponse', () => {
  it('matches an exact status key and accepts a valid body', () => {
    const result = validators.validateResponse('adjustPoints', 200, {
      pointsAvailable: '670.000',
      warnings: [],
    });
    expect(result).toEqual({ valid: true, issues: [], statusDeclared: true, matchedKey: '200' });
  });

  it('matches a range key when no exact key exists', () => {
    const result = validators.validateResponse('adjustPoints', 404, {
      errors: [{ code: 8015, message: 'not found' }],
    });
    expect(result).toMatchObject({ valid: true, statusDeclared: true, matchedKey: '4XX' });
  });

  it('falls back to default', () => {
    expect(validators.validateResponse('readPoints', 503, { errors: [] })).toMatchObject({
      valid: true,
      matchedKey: 'default',
    });
  });

  it('says so when the spec declares no response for the status', () => {
    const result = validators.validateResponse('adjustPoints', 500, { anything: true });
    expect(result.statusDeclared).toBe(false);
    expect(result.matchedKey).toBeUndefined();
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({
        where: 'response.status',
        expected: 'a declared status (200, 4XX)',
        actual: '500',
        keyword: 'status',
      }),
    ]);
  });

  it('names the status in the issue path', () => {
    const result = validators.validateResponse('adjustPoints', 400, { errors: [{ code: '8015' }] });
    expect(result.issues).toEqual([
      expect.objectContaining({
        where: 'response.400.errors[0].code',
        expected: 'integer',
        actual: '"8015"',
      }),
    ]);
  });

  it('does not coerce response values: a numeric string is not an integer', () => {
    const result = validators.validateResponse('adjustPoints', 422, { errors: [{ code: '1' }] });
    expect(result.valid).toBe(false);
  });

  it('accepts any body for a declared status without a schema', () => {
    expect(validators.validateResponse('readPoints', 204, undefined)).toEqual({
      valid: true,
      issues: [],
      statusDeclared: true,
      matchedKey: '204',
    });
  });

  it('reads an optional property sent as null as left out, and reports it apart', () => {
    const result = validators.validateResponse('adjustPoints', 200, {
      pointsAvailable: '670.000',
      warnings: null,
    });
    expect(result.valid).toBe(true);
    expect(result.issues).toEqual([]);
    expect(result.optionalNulls).toEqual([
      expect.objectContaining({ where: 'response.200.warnings', actual: 'null', keyword: 'optional-null' }),
    ]);
    expect(result.optionalNulls?.[0]?.expected).toMatch(/^array, or the field left out/);
  });

  it('still fails a required property sent as null, and keeps the optional nulls apart', () => {
    const result = validators.validateResponse('adjustPoints', 200, {
      pointsAvailable: null,
      warnings: null,
    });
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual([
      expect.objectContaining({ where: 'response.200.pointsAvailable', actual: 'null' }),
    ]);
    expect(result.optionalNulls?.map((n) => n.where)).toEqual(['response.200.warnings']);
  });

  it('still fails a null array item, a null body and a wrong non-null type', () => {
    for (const body of [
      { pointsAvailable: 1, warnings: [null] },
      null,
      { pointsAvailable: 1, warnings: 'none' },
    ]) {
      const result = validators.validateResponse('adjustPoints', 200, body);
      expect(result.valid, JSON.stringify(body)).toBe(false);
      expect(result.optionalNulls).toBeUndefined();
    }
  });

  it('reads a null nested in an array of objects by its own object (a required one fails)', () => {
    const optional = validators.validateResponse('adjustPoints', 400, {
      errors: [{ code: 1, message: null }],
    });
    expect(optional).toMatchObject({
      valid: true,
      optionalNulls: [{ where: 'response.400.errors[0].message' }],
    });
    const required = validators.validateResponse('adjustPoints', 400, { errors: [{ code: null }] });
    expect(required.valid).toBe(false);
    expect(required.issues).toEqual([expect.objectContaining({ where: 'response.400.errors[0].code' })]);
  });

  it('leaves the body it was given untouched', () => {
    const body = { pointsAvailable: '1', warnings: null };
    validators.validateResponse('adjustPoints', 200, body);
    expect(body).toEqual({ pointsAvailable: '1', warnings: null });
  });

  it('reports a missing body where the status declares one', () => {
    const result = validators.validateResponse('readPoints', 200, undefined);
    expect(result.issues).toEqual([expect.objectContaining({ where: 'response.200', actual: 'missing' })]);
  });
});

describe('declaredResponseProperties', () => {
  it('lists the top-level properties of the matched schema', () => {
    expect(validators.declaredResponseProperties('adjustPoints', 200)).toEqual([
      'pointsAvailable',
      'warnings',
    ]);
    expect(validators.declaredResponseProperties('adjustPoints', 409)).toEqual(['errors']);
  });

  it('returns undefined for an undeclared status or a response without schema', () => {
    expect(validators.declaredResponseProperties('adjustPoints', 500)).toBeUndefined();
    expect(validators.declaredResponseProperties('readPoints', 204)).toBeUndefined();
  });
});

describe('compilation', () => {
  it('compiles each operation part once, on first use', async () => {
    // A registry of its own: the validator set of `registry` is shared by the tests above.
    const validators = createValidators(await loadSpecs([MINI]));
    expect(validators.stats().compiled).toBe(0);
    validators.validateRequest('adjustPoints', { query: validQuery, body: validBody });
    expect(validators.stats().compiled).toBe(2);
    validators.validateRequest('adjustPoints', { query: validQuery, body: { ...validBody, reason: 1 } });
    validators.validateRequest('adjustPoints', { query: { source: 'X' }, body: validBody });
    expect(validators.stats().compiled).toBe(2);
    validators.validateResponse('adjustPoints', 200, { pointsAvailable: 1 });
    validators.validateResponse('adjustPoints', 200, { pointsAvailable: -1 });
    validators.validateResponse('adjustPoints', 404, {});
    validators.validateResponse('adjustPoints', 418, {});
    // 200 and 4XX: one validator per response key, not per status.
    expect(validators.stats().compiled).toBe(4);
  });

  it('gives every caller of one registry the same validator set (compiled once per process)', async () => {
    expect(createValidators(registry)).toBe(validators);
    validators.validateResponse('adjustPoints', 200, { pointsAvailable: 1 });
    const compiled = validators.stats().compiled;
    createValidators(registry).validateResponse('adjustPoints', 200, { pointsAvailable: 2 });
    expect(createValidators(registry).stats().compiled).toBe(compiled);
    // Another registry of the same specs compiles nothing again: the schemas are the same.
    const before = runtimeCompileCount();
    const other = createValidators(await loadSpecs([MINI]));
    expect(other).not.toBe(validators);
    other.validateResponse('adjustPoints', 200, { pointsAvailable: 1 });
    expect(runtimeCompileCount()).toBe(before);
  });

  it('fails with LC_ERR_SPEC_INVALID naming the operation when a schema has an unknown keyword', () => {
    const text = [
      'openapi: 3.1.0',
      'info: { title: t, version: "1", x-family: f }',
      'paths:',
      '  /t:',
      '    post:',
      '      operationId: typo',
      '      requestBody:',
      '        content:',
      '          application/json:',
      '            schema: { type: string, maxLenght: 5, x-note: fine, example: fine }',
      '      responses: {}',
      '',
    ].join('\n');
    const typoRegistry = createSpecRegistry([
      { path: 't.yaml', sha256: '', document: parseSpecText(text, 't.yaml') },
    ]);
    let caught: unknown;
    try {
      createValidators(typoRegistry).validateRequest('typo', { body: 'x' });
    } catch (error) {
      caught = error;
    }
    expect(isToolError(caught, 'LC_ERR_SPEC_INVALID')).toBe(true);
    expect((caught as Error).message).toContain(
      'typo request body: strict mode: unknown keyword: "maxLenght"',
    );
  });
});

describe('matchResponseKey', () => {
  const responses = new Map<string, unknown>([
    ['200', {}],
    ['4XX', {}],
    ['404', {}],
  ]);

  it('prefers the exact code, then the range, then default', () => {
    expect(matchResponseKey(responses, 404)).toBe('404');
    expect(matchResponseKey(responses, 400)).toBe('4XX');
    expect(matchResponseKey(responses, 500)).toBeUndefined();
    expect(matchResponseKey(new Map([['default', {}]]), 500)).toBe('default');
  });
});
