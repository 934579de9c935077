process.env.PACT_DO_NOT_TRACK = 'true';

import { beforeAll, describe, expect, it } from 'vitest';
import { bodyMatchers, NUMERIC_STRING, portablePattern } from '../../src/pact/matchers.ts';
import { loadPact, type PactMatchers } from '../../src/pact/pact-lib.ts';
import { loadDefaultSpecs, type SpecRegistry } from '../../src/spec/index.ts';

let M: PactMatchers;
let registry: SpecRegistry;
const schemaOf = (operationId: string, status: string) =>
  registry.getOperation(operationId).responses.get(status)?.schema;

beforeAll(async () => {
  M = (await loadPact()).MatchersV3;
  registry = await loadDefaultSpecs();
});

describe('bodyMatchers', () => {
  it('matches a deduction answer by type, its amount as a numeric string', () => {
    const body = { status: 'success', pointsAvailable: '670.000', message: 'ok', warnings: [] };
    expect(bodyMatchers(body, schemaOf('negativePointsAdjustment', '200'), M)).toEqual({
      status: M.like('success'),
      pointsAvailable: M.regex('^-?[0-9]+(\\.[0-9]+)?$', '670.000'),
      message: M.like('ok'),
      warnings: M.like([]),
    });
  });

  it("matches a number the spec also admits as a string with the string's pattern, so either form passes", () => {
    const balance = { entityId: 1001, mainPoints: 670, totalPoints: '735.000' };
    const matched = bodyMatchers(balance, schemaOf('getPointsBalance', '200'), M) as Record<string, unknown>;
    // The balance table types entityId `long`: an integer, matched as one.
    expect(matched.entityId).toEqual(M.integer(1001));
    // A Decimal (number or numeric string): whichever form a target answers, the pact holds.
    expect(matched.mainPoints).toEqual(M.regex('^-?[0-9]+(\\.[0-9]+)?$', 670 as unknown as string));
    expect(matched.totalPoints).toEqual(M.regex('^-?[0-9]+(\\.[0-9]+)?$', '735.000'));
  });

  it('keeps the error code exact and matches the rest of the envelope by type', () => {
    const body = { errors: [{ status: false, code: 8907, message: 'too much' }], warnings: [] };
    expect(bodyMatchers(body, schemaOf('negativePointsAdjustment', '400'), M)).toEqual({
      errors: M.eachLike({ status: M.boolean(false), code: M.equal(8907), message: M.like('too much') }, 1),
      warnings: M.like([]),
    });
  });

  it('matches array items on the keys every item has, allowing an empty array without minItems', () => {
    const body = {
      pointsUnlocked: [
        { billNumber: 'B-1', pointsUnlocked: '30.000', programId: 469 },
        { pointsUnlocked: '5.000', programId: 469, promotionId: 5001 },
      ],
    };
    expect(bodyMatchers(body, schemaOf('unlockPromisedPoints', '200'), M)).toEqual({
      pointsUnlocked: M.atLeastLike(
        { pointsUnlocked: M.regex('^-?[0-9]+(\\.[0-9]+)?$', '30.000'), programId: M.integer(469) },
        0,
        1,
      ),
    });
  });

  it('merges allOf parts (the fabric envelope and its data)', () => {
    const body = {
      status: 200,
      message: 'ok',
      errors: {},
      data: { futureDate: false, transactionCode: 'tx' },
    };
    expect(bodyMatchers(body, schemaOf('adjustMemberPoints', '200'), M)).toEqual({
      status: M.integer(200),
      message: M.like('ok'),
      errors: {},
      data: { futureDate: M.boolean(false), transactionCode: M.like('tx') },
    });
  });

  it('treats numeric strings as amounts when no schema is known', () => {
    expect(bodyMatchers({ n: '12.5', s: 'text' }, undefined, M)).toEqual({
      n: M.regex(NUMERIC_STRING, '12.5'),
      s: M.like('text'),
    });
  });
});

describe('portablePattern', () => {
  it('refuses patterns Pact’s regex engine reads differently (look-around, back-references)', () => {
    expect(portablePattern('^-?[0-9]+(\\.[0-9]+)?$')).toBe(true);
    expect(portablePattern('^(?=.*[1-9])[0-9]+(\\.[0-9]+)?$')).toBe(false);
    expect(portablePattern('^(a)\\1$')).toBe(false);
  });
});
