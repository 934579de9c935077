import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import {
  exactBody,
  inExponentForm,
  refusedAs,
  refusedInFabricEnvelope,
  roundPoints,
  samePoints,
  toAmount,
  writtenDecimals,
} from '../../src/engine/context.ts';
import { createValidators, loadDefaultSpecs } from '../../src/spec/index.ts';
import { fakeExchange } from './fakes.ts';

const answer = (family: Exchange['family'], status: number, body: unknown) =>
  fakeExchange(status, body, 1, family);

describe('amounts the suite computes from balances it reads', () => {
  it('keeps six decimals below a billion points and drops binary noise', () => {
    expect(roundPoints(670.1 - 0.1, 670.1, 0.1)).toBe(670);
    expect(roundPoints(0.1 + 0.2, 0.1, 0.2)).toBe(0.3);
    expect(roundPoints(1.000001)).toBe(1.000001);
  });

  it('rounds differences of balances in the billions to the decimals a double holds there', () => {
    const balance = 4_400_000_670.12;
    expect(roundPoints(balance - 1.01, balance, 1.01)).toBe(4_400_000_669.11);
    // A difference of two such balances carries their representation error, not their magnitude.
    expect(roundPoints(8_800_000_877.99 - 8_800_000_867.99, 8_800_000_877.99, 8_800_000_867.99)).toBe(10);
  });

  it('compares within 1e-6, and within a double’s reach in the billions', () => {
    expect(samePoints(0.30000000000000004, 0.3)).toBe(true);
    expect(samePoints(100, 100.001)).toBe(false);
    expect(samePoints(8_800_000_790.74, 8_800_000_790.740002)).toBe(true);
    expect(samePoints(8_800_000_790.74, 8_800_000_790.741)).toBe(false);
  });
});

describe('amounts read as numeric strings', () => {
  it('reads a string in exponent form as its value (BigDecimal.toString of a stripped amount)', () => {
    expect(toAmount('6.7E+2')).toBe(670);
    expect(toAmount('1E+1')).toBe(10);
    expect(toAmount('1.2525E+1')).toBe(12.525);
    expect(toAmount('-2.5e-1')).toBe(-0.25);
    expect(toAmount('0E-3')).toBe(0);
    expect(toAmount('670.000')).toBe(670);
    expect(inExponentForm('6.7E+2')).toBe(true);
    expect(inExponentForm('670.000')).toBe(false);
    expect(inExponentForm(670)).toBe(false);
  });

  it('reads no string that is not a number', () => {
    for (const text of [
      'lots',
      '12abc',
      '',
      ' ',
      'NaN',
      'Infinity',
      '-Infinity',
      '0x1F',
      '1E',
      'E+2',
      '.5',
      '1.',
      '1e+',
    ])
      expect(toAmount(text), text).toBeUndefined();
  });

  it('counts the decimals an amount is written with, the exponent applied', () => {
    expect(writtenDecimals('669.00')).toBe(2);
    expect(writtenDecimals('1.2525E+1')).toBe(3);
    expect(writtenDecimals('6.7E+2')).toBe(0);
    expect(writtenDecimals('1E+1')).toBe(0);
    expect(writtenDecimals('0E-3')).toBe(3);
    expect(writtenDecimals('5E-1')).toBe(1);
    expect(writtenDecimals('lots')).toBeUndefined();
  });

  it('admits exponent form in the spec, and still rejects a string that is not a number', async () => {
    const validators = createValidators(await loadDefaultSpecs());
    const deduction = (pointsAvailable: unknown) =>
      validators.validateResponse('negativePointsAdjustment', 200, {
        status: 'success',
        pointsAvailable,
        message: 'Points deducted successfully',
        warnings: [],
      }).valid;
    expect(deduction('6.7E+2')).toBe(true);
    expect(deduction('0E-3')).toBe(true);
    expect(deduction('670.000')).toBe(true);
    for (const text of ['lots', '12abc', '', 'NaN', 'Infinity', '0x1F'])
      expect(deduction(text), text).toBe(false);
  });

  it('admits a fabric memberPointsAvailable string with decimals or in exponent form', async () => {
    const validators = createValidators(await loadDefaultSpecs());
    const inquiry = (memberPointsAvailable: unknown) =>
      validators.validateResponse('inquireMemberPoints', 200, {
        status: 200,
        data: [{ pointsBalance: { memberPointsAvailable } }],
      }).valid;
    expect(inquiry('12.5')).toBe(true);
    expect(inquiry('1.25E+1')).toBe(true);
    expect(inquiry('lots')).toBe(false);
  });
});

describe('fabric refusals inside a 2xx envelope', () => {
  it('counts a fabric 200 whose envelope status or errors refuse as a refusal', () => {
    const refused = answer('fabric', 200, { status: 400, message: 'points is required', errors: {} });
    const detailed = answer('fabric', 200, { status: 200, message: '', errors: { points: 'required' } });
    expect(refusedInFabricEnvelope(refused)).toBe(true);
    expect(refusedInFabricEnvelope(detailed)).toBe(true);
    expect(refusedAs('any-4xx', refused)).toBe(true);
  });

  it('does not count a fabric success, nor a Capillary 200 outside the profile’s error status', () => {
    const success = answer('fabric', 200, {
      status: 200,
      message: 'Member points adjusted',
      errors: {},
      data: {},
    });
    const capillary = answer('capillary', 200, { errors: [{ status: false, code: 8907, message: 'x' }] });
    expect(refusedInFabricEnvelope(success)).toBe(false);
    expect(refusedAs('any-4xx', success)).toBe(false);
    expect(refusedInFabricEnvelope(capillary)).toBe(false);
    expect(refusedAs('any-4xx', capillary)).toBe(false);
  });

  it('reads an errors object holding only nulls, empty strings and empty lists as no error (variant hunt 52)', () => {
    const emptyDto = { code: null, message: '', fieldErrors: [], details: { reasons: [] } };
    const success = answer('fabric', 200, { status: 200, message: 'ok', errors: emptyDto, data: {} });
    expect(refusedInFabricEnvelope(success)).toBe(false);
    expect(refusedAs('any-4xx', success)).toBe(false);
    // One detail anywhere inside it is an error: a code, a message, an entry of a list.
    for (const errors of [
      { ...emptyDto, code: 0 },
      { ...emptyDto, message: 'points is required' },
      { ...emptyDto, fieldErrors: [{ field: 'points' }] },
      { ...emptyDto, details: { reasons: ['unknown member'] } },
    ])
      expect(
        refusedInFabricEnvelope(answer('fabric', 200, { status: 200, errors, data: {} })),
        JSON.stringify(errors),
      ).toBe(true);
  });
});

describe("a framework's own refusal without the envelope", () => {
  it('is a refusal whatever status the profile pins for answers that carry a code (clean room twenty)', () => {
    const framework = answer('capillary', 422, {
      detail: [{ type: 'missing', loc: ['body', 'pointsToBeAdjusted'] }],
    });
    const enveloped = answer('capillary', 422, { errors: [{ status: false, code: 8888, message: 'x' }] });
    expect(refusedAs(400, framework)).toBe(true);
    // ASP.NET Core's 400 validation problem details under a pinned 422 (clean room 21).
    expect(refusedAs(422, answer('capillary', 400, { title: 'x', errors: { points: ['x'] } }))).toBe(true);
    expect(refusedAs(400, enveloped)).toBe(false);
    expect(refusedAs(400, answer('capillary', 429, { detail: 'slow down' }))).toBe(false);
  });
});

describe('integers past 2^53 in an answer (ids the documents type long, bill numbers written as numbers)', () => {
  const withText = (text: string, extra: Partial<Exchange['response'] & object> = {}): Exchange => {
    const exchange = answer('capillary', 200, JSON.parse(text.replace(/^\uFEFF/, '')));
    return { ...exchange, response: { ...exchange.response!, bodyText: text, ...extra } };
  };

  it('reads them as their digits, wherever they are, and leaves the rest as JSON.parse reads it', () => {
    const text =
      '\uFEFF{"entityId":9007199254740993,"note":"a \\"quoted\\" 9007199254740995","programs":[{"entityId":9007199254740993,"mainPoints":-12.5}],"n":9007199254740991,"big":1e400}';
    expect(exactBody(withText(text))).toEqual({
      entityId: '9007199254740993',
      note: 'a "quoted" 9007199254740995',
      programs: [{ entityId: '9007199254740993', mainPoints: -12.5 }],
      n: 9007199254740991,
      big: Number.POSITIVE_INFINITY,
    });
    expect(exactBody(withText('{"pointsUnlocked":[{"billNumber":-90071992547409930001}]}'))).toEqual({
      pointsUnlocked: [{ billNumber: '-90071992547409930001' }],
    });
  });

  it('gives the parsed body when nothing is past 2^53, and nothing when the text is not the whole body', () => {
    const plain = withText('{"billNumber":374}');
    expect(exactBody(plain)).toBe(plain.response?.body);
    expect(exactBody(withText('{"billNumber":90071992547409930001}', { truncated: true }))).toBeUndefined();
  });
});
