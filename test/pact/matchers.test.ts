process.env.PACT_DO_NOT_TRACK = 'true';

import { beforeAll, describe, expect, it } from 'vitest';
import {
  bodyMatchers,
  DATETIME_PATTERN,
  NON_EMPTY,
  NUMERIC_STRING,
  portablePattern,
  STABLE_DATETIME,
  STABLE_UUID,
} from '../../src/pact/matchers.ts';
import { loadPact, type PactMatchers } from '../../src/pact/pact-lib.ts';
import { loadDefaultSpecs, type SpecRegistry, type SpecSchema } from '../../src/spec/index.ts';

let M: PactMatchers;
let registry: SpecRegistry;
/** The specs' Decimal string: a decimal, or one in exponent form ("6.7E+2"). */
const DECIMAL = '^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$';

const schemaOf = (operationId: string, status: string) =>
  registry.getOperation(operationId).responses.get(status)?.schema;

beforeAll(async () => {
  M = (await loadPact('pact export')).MatchersV3;
  registry = await loadDefaultSpecs();
});

describe('bodyMatchers', () => {
  it('matches a deduction answer by type, its amount as a numeric string', () => {
    const body = { status: 'success', pointsAvailable: '670.000', message: 'ok', warnings: [] };
    expect(bodyMatchers(body, schemaOf('negativePointsAdjustment', '200'), M)).toEqual({
      status: M.like('success'),
      pointsAvailable: M.regex(DECIMAL, '670.000'),
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
    expect(matched.mainPoints).toEqual(M.regex(DECIMAL, 670 as unknown as string));
    expect(matched.totalPoints).toEqual(M.regex(DECIMAL, '735.000'));
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
        // The spec admits a programId as digits in a string too: the pact must admit both forms.
        {
          pointsUnlocked: M.regex(DECIMAL, '30.000'),
          programId: M.regex('^[0-9]+$', 469 as unknown as string),
        },
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
      // A new transaction code for every adjustment: any non-empty text, one fixed example.
      data: { futureDate: M.boolean(false), transactionCode: M.regex(NON_EMPTY, STABLE_UUID) },
    });
  });

  it('gives generated identifiers and timestamps a fixed example, matched as the spec allows', () => {
    const body = {
      id: 'c56a4180-65aa-42ec-a945-5fd21dec0538',
      at: '2026-12-02T00:39:51.123Z',
      name: 'Ana',
    };
    expect(bodyMatchers(body, undefined, M)).toEqual({
      id: M.regex(NON_EMPTY, STABLE_UUID),
      at: M.regex(NON_EMPTY, STABLE_DATETIME),
      name: M.like('Ana'),
    });
    const declared: SpecSchema = {
      type: 'object',
      properties: {
        id: { type: 'string', format: 'uuid' },
        at: { type: 'string', format: 'date-time' },
        name: { type: 'string' },
      },
    };
    expect(bodyMatchers(body, declared, M)).toEqual({
      id: M.uuid(STABLE_UUID),
      at: M.regex(DATETIME_PATTERN, STABLE_DATETIME),
      name: M.like('Ana'),
    });
    // Whatever the recorded value, the same template: two exports write the same pact.
    const other = { ...body, id: 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', at: '2027-01-05T10:00:00+01:00' };
    expect(bodyMatchers(other, declared, M)).toEqual(bodyMatchers(body, declared, M));
    expect(new RegExp(DATETIME_PATTERN).test('2027-01-05T10:00:00+01:00')).toBe(true);
    expect(new RegExp(DATETIME_PATTERN).test(STABLE_DATETIME)).toBe(true);
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
    expect(portablePattern(DECIMAL)).toBe(true);
    expect(portablePattern('^(?=.*[1-9])[0-9]+(\\.[0-9]+)?$')).toBe(false);
    expect(portablePattern('^(a)\\1$')).toBe(false);
  });
});
