import { beforeAll, describe, expect, it } from 'vitest';
import { generateNegativeCases, type NegativeCase } from '../../src/engine/negative-cases.ts';
import { createValidators, loadDefaultSpecs, type SpecRegistry } from '../../src/spec/index.ts';

const QUERY = { identifierName: 'mobile', identifierValue: '919800001001', source: 'INSTORE' };
const NPA_BODY = { pointsToBeAdjusted: 1, programId: 469, reasonOfReturn: 'conformance check' };

let registry: SpecRegistry;
let cases: (
  operationId: string,
  base: Parameters<typeof generateNegativeCases>[2],
  seed?: number,
) => NegativeCase[];

beforeAll(async () => {
  registry = await loadDefaultSpecs();
  const validators = createValidators(registry);
  cases = (operationId, base, seed = 20261122) =>
    generateNegativeCases(registry.getOperation(operationId), validators, base, seed);
});

const byDescription = (list: readonly NegativeCase[], description: string) =>
  list.find((c) => c.description === description);

describe('generated negative cases', () => {
  it('are the same for a seed and differ for another', () => {
    const a = cases('negativePointsAdjustment', { query: QUERY, body: NPA_BODY });
    expect(cases('negativePointsAdjustment', { query: QUERY, body: NPA_BODY })).toEqual(a);
    expect(cases('negativePointsAdjustment', { query: QUERY, body: NPA_BODY }, 7)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(10);
  });

  it('break the spec each (the validator rejects every one)', () => {
    const validators = createValidators(registry);
    for (const c of cases('negativePointsAdjustment', { query: QUERY, body: NPA_BODY })) {
      const query = Object.fromEntries(Object.entries(c.query).filter(([, v]) => v !== undefined)) as Record<
        string,
        string
      >;
      expect(
        validators.validateRequest('negativePointsAdjustment', { query, body: c.body }).valid,
        c.description,
      ).toBe(false);
    }
  });

  it('count none of the issues of the base request as a variant issue (a balance looked up by cuid)', () => {
    const byCuid = { identifierName: 'cuid', identifierValue: 'CU-1', source: 'INSTORE' };
    const balance = cases('getPointsBalance', { query: byCuid }, 1).map((c) => c.description);
    // programId 0 is a valid integer: only the base's identifierName breaks the spec's pattern.
    expect(balance).not.toContain('query.programId: zero');
    expect(balance).toContain('query.programId: a word');
    expect(balance).toContain('query.identifierName: missing');
  });

  it('mark a value breaking only a constraint the spec marks x-inferred, and only such values', () => {
    const balance = cases('getPointsBalance', { query: QUERY }, 1);
    const flag = byDescription(balance, 'query.fetchDataForAllPrograms: a word');
    expect(flag?.inferred).toMatch(/fetchDataForAllPrograms/);
    for (const c of balance.filter((x) => !x.description.startsWith('query.fetchDataForAllPrograms')))
      expect(c.inferred, c.description).toBeUndefined();
    for (const c of cases('negativePointsAdjustment', { query: QUERY, body: NPA_BODY }, 1))
      expect(c.inferred, c.description).toBeUndefined();
  });

  it('mark a value a lenient parser turns into a valid one as coercible, and only such values', () => {
    const npa = cases('negativePointsAdjustment', { query: QUERY, body: NPA_BODY }, 1);
    const all = [...npa, ...cases('getPointsBalance', { query: QUERY }, 1)];
    // Coercible: a number for a string, a number for a boolean.
    const coercible = all.filter((x) =>
      /^(body\.reasonOfReturn: (zero|a boolean)|query\.fetchDataForAllPrograms: zero)$/.test(x.description),
    );
    expect(coercible.length).toBeGreaterThanOrEqual(2);
    for (const c of coercible) expect(c.coercible, c.description).toBeDefined();
    // Not coercible: missing required fields, objects, arrays, words for amounts, zero. A boolean
    // amount is: pydantic's lax mode reads true as 1 (variant `fabric-points-boolean-as-number`).
    for (const c of all) {
      if (/: (missing|an object|an array|a word|a value outside the enum)$/.test(c.description)) {
        expect(c.coercible, c.description).toBeUndefined();
      }
      if (c.description.startsWith('body.pointsToBeAdjusted') && !c.description.endsWith(': a boolean'))
        expect(c.coercible, c.description).toBeUndefined();
    }
    expect(byDescription(all, 'query.fetchDataForAllPrograms: zero')?.coercible).toMatch(/boolean/);
    expect(byDescription(all, 'body.pointsToBeAdjusted: a boolean')?.coercible).toMatch(
      /boolean where a number/,
    );
  });
});
