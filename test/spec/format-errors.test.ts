import type { ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { describeSchema, formatIssues, renderActual } from '../../src/spec/index.ts';

/** Validates with the options the spec validators use, returning ajv's raw errors. */
function errorsOf(schema: object, data: unknown): ErrorObject[] {
  const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
  const validate = ajv.compile(schema);
  validate(data);
  return validate.errors ?? [];
}

describe('formatIssues', () => {
  it('returns no issues for no errors', () => {
    expect(formatIssues(null, 'body', {})).toEqual([]);
    expect(formatIssues([], 'body', {})).toEqual([]);
  });

  it('writes paths with dots for keys and brackets for array indexes', () => {
    const schema = { properties: { a: { items: { properties: { '7': { type: 'string' } } } } } };
    const data = { a: [{ '7': 1 }, { '7': 2 }] };
    expect(formatIssues(errorsOf(schema, data), 'response.200', data).map((i) => i.where)).toEqual([
      'response.200.a[0]["7"]',
      'response.200.a[1]["7"]',
    ]);
  });

  it('quotes keys that are not plain identifiers and unescapes ~0 and ~1', () => {
    const schema = {
      properties: { 'a/b': { type: 'string' }, 'x~y': { type: 'string' }, 'X-Id': { type: 'string' } },
    };
    const data = { 'a/b': 1, 'x~y': 2, 'X-Id': 3 };
    expect(formatIssues(errorsOf(schema, data), 'body', data).map((i) => i.where)).toEqual([
      'body["a/b"]',
      'body["x~y"]',
      'body.X-Id',
    ]);
  });

  it('truncates a long actual value to about 80 characters', () => {
    const data = { note: 'y'.repeat(500) };
    const [issue] = formatIssues(errorsOf({ properties: { note: { maxLength: 3 } } }, data), 'body', data);
    expect(issue?.actual.length).toBe(80);
    expect(issue?.actual.endsWith('…')).toBe(true);
    expect(issue?.message).toBe(`body.note: expected ≤ 3 characters, got ${issue?.actual}`);
  });

  it('collapses a failed oneOf into one issue naming the alternatives', () => {
    const schema = {
      properties: {
        amount: {
          oneOf: [
            { type: 'number', exclusiveMinimum: 0 },
            { type: 'string', pattern: '^[0-9]+$' },
          ],
        },
      },
    };
    const data = { amount: 'ten' };
    const errors = errorsOf(schema, data);
    expect(errors.length).toBeGreaterThan(1);
    expect(formatIssues(errors, 'body', data)).toEqual([
      {
        where: 'body.amount',
        expected: 'number > 0 or string matching /^[0-9]+$/',
        actual: '"ten"',
        keyword: 'oneOf',
        message: 'body.amount: expected number > 0 or string matching /^[0-9]+$/, got "ten"',
        schemaPath: '#/properties/amount/oneOf',
      },
    ]);
  });

  it('collapses anyOf the same way, including nested combinators', () => {
    const schema = {
      anyOf: [{ type: 'integer' }, { oneOf: [{ type: 'string', minLength: 2 }, { type: 'boolean' }] }],
    };
    const issues = formatIssues(errorsOf(schema, 'a'), 'query.id', 'a');
    expect(issues).toEqual([
      expect.objectContaining({
        where: 'query.id',
        expected: 'integer or string of ≥ 2 characters or boolean',
        keyword: 'anyOf',
      }),
    ]);
  });

  it('says when a value matches several oneOf alternatives', () => {
    const issues = formatIssues(errorsOf({ oneOf: [{ type: 'number' }, { type: 'integer' }] }, 3), 'body', 3);
    expect(issues).toEqual([
      expect.objectContaining({ expected: 'exactly one of: number or integer (several match)', actual: '3' }),
    ]);
  });

  it('prefers the schema’s x-expected text over a generated one', () => {
    const schema = {
      properties: { code: { type: 'string', pattern: '^[A-Z]{3}$', 'x-expected': 'a three-letter code' } },
    };
    const data = { code: 'ab' };
    expect(formatIssues(errorsOf(schema, data), 'body', data)).toEqual([
      expect.objectContaining({ where: 'body.code', expected: 'a three-letter code', actual: '"ab"' }),
    ]);
  });

  it('keeps "required field" for a missing property even when the object has x-expected', () => {
    const schema = { required: ['id'], 'x-expected': 'a customer' };
    expect(formatIssues(errorsOf(schema, {}), 'body', {})).toEqual([
      expect.objectContaining({ where: 'body.id', expected: 'required field', actual: 'missing' }),
    ]);
  });

  it('words bounds, lengths and enums', () => {
    const schema = {
      properties: {
        a: { minimum: 1 },
        b: { exclusiveMaximum: 10 },
        c: { minLength: 1 },
        d: { enum: ['X'] },
        e: { enum: Array.from({ length: 20 }, (_, i) => `V${i}`) },
        f: { const: 5 },
        g: { minItems: 2 },
        h: { format: 'date' },
      },
    };
    const data = { a: 0, b: 10, c: '', d: 'Y', e: 'Z', f: 4, g: [1], h: 'x' };
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: false });
    ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    const validate = ajv.compile(schema);
    validate(data);
    expect(formatIssues(validate.errors, 'body', data).map((i) => `${i.where} ${i.expected}`)).toEqual([
      'body.a ≥ 1',
      'body.b < 10',
      'body.c ≥ 1 character',
      'body.d exactly X',
      'body.e one of V0, V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, …',
      'body.f exactly 5',
      'body.g ≥ 2 items',
      'body.h a valid date',
    ]);
  });

  it('reports an undeclared property under additionalProperties: false', () => {
    const data = { a: 1, extra: 'x' };
    const issues = formatIssues(
      errorsOf({ properties: { a: {} }, additionalProperties: false }, data),
      'body',
      data,
    );
    expect(issues).toEqual([
      expect.objectContaining({ where: 'body.extra', actual: '"x"', keyword: 'additionalProperties' }),
    ]);
  });

  it('words a forbidden combination of fields', () => {
    const data = { a: 1, b: 2 };
    const issues = formatIssues(errorsOf({ not: { required: ['a', 'b'] } }, data), 'body', data);
    expect(issues).toEqual([
      expect.objectContaining({ where: 'body', expected: 'not all of a, b together' }),
    ]);
  });

  it('drops the bare if error and keeps the then-branch errors', () => {
    const schema = {
      if: { required: ['promo'] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, never awaited.
      then: { required: ['programId'] },
    };
    const data = { promo: 'x' };
    expect(formatIssues(errorsOf(schema, data), 'body', data)).toEqual([
      expect.objectContaining({ where: 'body.programId', expected: 'required field' }),
    ]);
  });
});

describe('renderActual', () => {
  it('writes JSON, or missing for undefined', () => {
    expect(renderActual('NOPE')).toBe('"NOPE"');
    expect(renderActual(null)).toBe('null');
    expect(renderActual({ a: [1] })).toBe('{"a":[1]}');
    expect(renderActual(undefined)).toBe('missing');
  });

  it("names a number past a double's range (1e400, read as Infinity), where JSON would write null", () => {
    const { points } = JSON.parse('{"points":1e400}') as { points: number };
    expect(renderActual(points)).toBe("a number past a double's range (±1.8e308), read as Infinity");
    expect(renderActual(-points)).toBe("a number past a double's range (±1.8e308), read as -Infinity");
  });
});

describe('describeSchema', () => {
  it('summarises type and constraints, preferring x-expected', () => {
    expect(describeSchema({ type: 'integer', minimum: 1 })).toBe('integer ≥ 1');
    expect(describeSchema({ type: ['string', 'null'], maxLength: 50 })).toBe(
      'string or null of ≤ 50 characters',
    );
    expect(describeSchema({ type: 'object', required: ['a', 'b'] })).toBe('object with a, b');
    expect(describeSchema({ enum: ['A', 'B'], 'x-expected': 'a channel' })).toBe('a channel');
    expect(describeSchema(true)).toBe('any value');
  });
});
