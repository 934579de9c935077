import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createValidators, loadSpecs } from '../../src/spec/index.ts';

const repoFile = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));
const CAPILLARY = repoFile('specs/capillary-points.v2.yaml');
const registry = await loadSpecs([CAPILLARY, repoFile('specs/fabric-loyalty.v1.yaml')]);
const validators = createValidators(registry);

const npaQuery = { identifierName: 'mobile', identifierValue: '9876543210', source: 'INSTORE' };
const npa = (body: unknown, query: Record<string, string> = npaQuery) =>
  validators.validateRequest('negativePointsAdjustment', { query, body });

describe('the specs, as the documents state them', () => {
  it('accept the document example with pointsToBeAdjusted "100.00"', () => {
    expect(npa({ pointsToBeAdjusted: '100.00', programId: 469, reasonOfReturn: 'testing' }).valid).toBe(true);
  });

  it('reject a wrong type with where, expected and actual', () => {
    const result = npa({ pointsToBeAdjusted: '100.00', programId: 'four', reasonOfReturn: 'testing' });
    expect(result.valid).toBe(false);
    expect(result.issues[0]).toMatchObject({ where: 'body.programId', actual: '"four"' });
    expect(result.issues[0]?.expected).toMatch(/integer/);
  });

  it('reject a missing required field', () => {
    const result = npa({ pointsToBeAdjusted: 10 });
    expect(result.issues.map((i) => i.where)).toContain('body.reasonOfReturn');
  });

  it('reject a source outside the documented enum', () => {
    const result = npa(
      { pointsToBeAdjusted: 10, reasonOfReturn: 'r' },
      { ...npaQuery, source: 'MOBILE_APP' },
    );
    expect(result.issues.map((i) => i.where)).toEqual(['query.source']);
  });

  it('reject identifierName values the endpoint does not list', () => {
    expect(
      npa({ pointsToBeAdjusted: 10, reasonOfReturn: 'r' }, { ...npaQuery, identifierName: 'email' }).valid,
    ).toBe(false);
    const unlock = validators.validateRequest('unlockPromisedPoints', {
      query: { identifierName: 'cuid', identifierValue: 'x', source: 'MOBILE_APP' },
      body: { eventName: 'TransactionAdd', billNumber: 'b1' },
    });
    expect(unlock.valid).toBe(true);
  });

  it('reject zero, negative and over-long inputs the documents constrain', () => {
    expect(npa({ pointsToBeAdjusted: 0, reasonOfReturn: 'r' }).valid).toBe(false);
    expect(npa({ pointsToBeAdjusted: '0.00', reasonOfReturn: 'r' }).valid).toBe(false);
    expect(npa({ pointsToBeAdjusted: -5, reasonOfReturn: 'r' }).valid).toBe(false);
    expect(npa({ pointsToBeAdjusted: 5, reasonOfReturn: 'x'.repeat(51) }).valid).toBe(false);
    expect(npa({ pointsToBeAdjusted: 5, reasonOfReturn: 'x'.repeat(50) }).valid).toBe(true);
  });

  it('reject promotionIdentifier without programId and promotionId with promotionIdentifier', () => {
    expect(npa({ pointsToBeAdjusted: 5, reasonOfReturn: 'r', promotionIdentifier: 'P' }).valid).toBe(false);
    expect(
      npa({
        pointsToBeAdjusted: 5,
        reasonOfReturn: 'r',
        programId: 1,
        promotionIdentifier: 'P',
        promotionId: 2,
      }).valid,
    ).toBe(false);
  });

  it('accept both till spellings of the unlock body', () => {
    const query = { identifierName: 'mobile', identifierValue: '1', source: 'INSTORE' };
    for (const till of ['sourceTillId', 'sourceTilId']) {
      const body = { eventName: 'TransactionAdd', billNumber: 16484, [till]: 323 };
      expect(validators.validateRequest('unlockPromisedPoints', { query, body }).valid, till).toBe(true);
    }
  });

  it('accept pointsAvailable as the string "670.000" and as a negative number', () => {
    for (const pointsAvailable of ['670.000', -30]) {
      const body = { status: 'success', pointsAvailable, message: 'ok', warnings: [] };
      expect(validators.validateResponse('negativePointsAdjustment', 200, body).valid).toBe(true);
    }
  });

  it('reject fabric strings shorter than one character', () => {
    const result = validators.validateRequest('adjustMemberPoints', { body: { points: 10, reasonCode: '' } });
    expect(result.issues.map((i) => i.where)).toEqual(['body.reasonCode']);
  });

  it('declare an error code documented for a Capillary error envelope', () => {
    const envelope = { errors: [{ status: false, code: 8015, message: 'Customer not found' }], warnings: [] };
    expect(validators.validateResponse('getPointsBalance', 400, envelope).valid).toBe(true);
    expect(validators.validateResponse('getPointsBalance', 400, { errors: [{ code: '8015' }] }).valid).toBe(
      false,
    );
  });
});

describe('the OpenAPI validator', () => {
  it('rejects a deliberately broken copy of the Capillary spec', async () => {
    const document = YAML.parse(readFileSync(CAPILLARY, 'utf8')) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const operation = document.paths['/v2/points/unlockPromisedPoints']!.post!;
    operation.responses = 'none';
    const result = await new Validator().validate(JSON.stringify(document));
    expect(result.valid).toBe(false);
  });
});
