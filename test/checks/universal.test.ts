import { describe, expect, it } from 'vitest';
import { type CheckContext, UNIVERSAL_CHECKS } from '../../src/checks/index.ts';
import type { Exchange } from '../../src/client/exchange.ts';
import { createValidators, loadDefaultSpecs } from '../../src/spec/index.ts';
import { fakeProfile } from '../engine/fakes.ts';

const registry = await loadDefaultSpecs();
const context = (operationId: string): CheckContext => ({
  operation: registry.getOperation(operationId),
  validators: createValidators(registry),
  profile: fakeProfile(),
});

const exchange = (
  status: number,
  body: unknown,
  contentType = 'application/json',
  operationId = 'negativePointsAdjustment',
): Exchange => ({
  id: 1,
  operationId,
  family: 'capillary',
  principal: 'strict',
  request: { method: 'POST', url: 'http://127.0.0.1:9/v2/x', headers: {} },
  response: {
    status,
    headers: { 'content-type': contentType },
    bodyText: typeof body === 'string' ? body : JSON.stringify(body),
    ...(typeof body === 'string' ? {} : { body }),
  },
  startedAt: new Date(0).toISOString(),
  durationMs: 1,
  attempts: 1,
});

const good = exchange(200, { status: 'success', pointsAvailable: '670.000', message: 'ok', warnings: [] });
const goodError = exchange(400, { errors: [{ status: false, code: 8907, message: 'm' }], warnings: [] });

/** For each check: an exchange it passes and one it must fail (or warn, for the warn-only checks). */
const cases: Record<string, { bad: Exchange; expected: 'fail' | 'warn' | 'error' }> = {
  'no-5xx': { bad: exchange(500, { errors: [{ code: 1 }] }), expected: 'fail' },
  'content-type': {
    bad: exchange(200, { status: 'success', pointsAvailable: 1 }, 'text/plain'),
    expected: 'fail',
  },
  'status-declared': { bad: exchange(201, { status: 'success', pointsAvailable: 1 }), expected: 'fail' },
  'body-schema': {
    bad: exchange(200, { status: 'success', pointsAvailable: { value: 1 } }),
    expected: 'fail',
  },
  'error-envelope': {
    bad: exchange(400, { errors: [{ status: false, message: 'bad request' }] }),
    expected: 'fail',
  },
  'error-code-known': {
    bad: exchange(400, { errors: [{ status: false, code: 1234, message: 'm' }] }),
    expected: 'warn',
  },
  'undocumented-fields': {
    bad: exchange(200, { status: 'success', pointsAvailable: 1, internalId: 'x' }),
    expected: 'warn',
  },
};

describe('universal checks', () => {
  it('cover every registered check in this test', () => {
    expect(Object.keys(cases).sort()).toEqual(UNIVERSAL_CHECKS.map((c) => c.id).sort());
  });

  for (const check of UNIVERSAL_CHECKS) {
    const sample = cases[check.id]!;
    it(`${check.id} passes a documented answer`, () => {
      const ok = check.check(
        check.id.startsWith('error') ? goodError : good,
        context('negativePointsAdjustment'),
      );
      expect(ok?.verdict).toBe('pass');
    });
    it(`${check.id} judges a broken answer ${sample.expected}`, () => {
      expect(check.check(sample.bad, context('negativePointsAdjustment'))?.verdict).toBe(sample.expected);
    });
  }

  it('error-code-known names an undocumented code as a code, with the status beside it (a bare 400 read as the status)', () => {
    const outcome = UNIVERSAL_CHECKS.find((c) => c.id === 'error-code-known')?.check(
      cases['error-code-known']!.bad,
      context('negativePointsAdjustment'),
    );
    expect(outcome?.actual).toBe('code 1234 (HTTP 400)');
    expect(outcome?.expected).toMatch(/^an error code among 8906, /);
  });

  it('error-envelope names the codes as answered (a string code is the usual break), then the body', () => {
    const outcome = UNIVERSAL_CHECKS.find((c) => c.id === 'error-envelope')?.check(
      exchange(400, {
        errors: [{ status: false, code: '8907', message: 'points to be deducted 668 is greater' }],
      }),
      context('negativePointsAdjustment'),
    );
    expect(outcome?.verdict).toBe('fail');
    expect(outcome?.actual).toMatch(/^errors\[\]\.code "8907"; body \{"errors"/);
    const bare = UNIVERSAL_CHECKS.find((c) => c.id === 'error-envelope')?.check(
      cases['error-envelope']!.bad,
      context('negativePointsAdjustment'),
    );
    expect(bare?.actual).toMatch(/^errors\[\]\.code missing; body /);
  });

  it('judge a call that got no answer as error, not as a verdict on the target', () => {
    const noAnswer: Exchange = {
      ...good,
      response: undefined,
      error: { code: 'ECONNREFUSED', message: 'refused' },
    } as Exchange;
    expect(
      UNIVERSAL_CHECKS.find((c) => c.id === 'no-5xx')?.check(noAnswer, context('negativePointsAdjustment'))
        ?.verdict,
    ).toBe('error');
  });

  it('content-type only warns on a JSON body after a byte order mark (RFC 8259 §8.1: a parser may ignore it)', () => {
    const body = { status: 'success', pointsAvailable: '670.000', message: 'ok', warnings: [] };
    const withMark: Exchange = {
      ...good,
      response: { ...good.response!, bodyText: `\uFEFF${JSON.stringify(body)}`, body },
    };
    const outcome = UNIVERSAL_CHECKS.find((c) => c.id === 'content-type')?.check(
      withMark,
      context('negativePointsAdjustment'),
    );
    expect(outcome?.verdict).toBe('warn');
    expect(outcome?.message).toMatch(/byte order mark/);
  });

  it('body-schema only warns on an optional field sent as null, naming it (the documents never say one may be)', () => {
    const bodySchema = UNIVERSAL_CHECKS.find((c) => c.id === 'body-schema')!;
    const warningsNull = exchange(200, {
      status: 'success',
      pointsAvailable: '1',
      message: 'ok',
      warnings: null,
    });
    const outcome = bodySchema.check(warningsNull, context('negativePointsAdjustment'));
    expect(outcome?.verdict).toBe('warn');
    expect(outcome?.message).toMatch(/response\.200\.warnings sent as null: the spec marks it optional/);
    for (const required of [
      { status: null, pointsAvailable: '1', message: 'ok', warnings: [] },
      { status: 'success', pointsAvailable: null, message: 'ok', warnings: [] },
    ]) {
      expect(bodySchema.check(exchange(200, required), context('negativePointsAdjustment'))?.verdict).toBe(
        'fail',
      );
    }
    const mainPointsNull = exchange(
      200,
      { entityId: 1, totalPoints: 1, mainPoints: null },
      undefined,
      'getPointsBalance',
    );
    expect(bodySchema.check(mainPointsNull, context('getPointsBalance'))?.verdict).toBe('fail');
    // An optional object as an empty list, as PHP's json_encode writes an empty array (ninth variant
    // hunt), warns as null does; a list with something in it, or for a required field, still fails.
    const balance = (breakup: unknown) =>
      bodySchema.check(
        exchange(
          200,
          { entityId: 1, totalPoints: 1, mainPoints: 1, promisedPointsBreakup: breakup },
          undefined,
          'getPointsBalance',
        ),
        context('getPointsBalance'),
      );
    expect(balance([])).toMatchObject({
      verdict: 'warn',
      message: expect.stringMatching(/promisedPointsBreakup sent as \[\]: the spec marks it optional/),
    });
    expect(balance([{ delayedAccrualPoints: 0 }])?.verdict).toBe('fail');
    expect(balance('none')?.verdict).toBe('fail');
    // An optional list as an empty object, as Lua's cjson writes an empty table (Kong re-encoding a
    // body; tenth variant hunt), warns too; a required list so still fails.
    const warningsMap = exchange(
      200,
      { entityId: 1, totalPoints: 1, mainPoints: 1, warnings: {} },
      undefined,
      'getPointsBalance',
    );
    expect(bodySchema.check(warningsMap, context('getPointsBalance'))).toMatchObject({
      verdict: 'warn',
      message: expect.stringMatching(/warnings sent as \{\}: the spec marks it optional/),
    });
    const unlockedMap = exchange(200, { pointsUnlocked: {} }, undefined, 'unlockPromisedPoints');
    expect(bodySchema.check(unlockedMap, context('unlockPromisedPoints'))?.verdict).toBe('fail');
  });

  it("only warn on a framework's own refusal without the envelope, as the documents show none for a request they give no code", () => {
    // FastAPI's 422 (clean room twenty); an envelope with a broken code still fails.
    const framework = exchange(422, {
      detail: [{ type: 'greater_than', loc: ['body', 'pointsToBeAdjusted'] }],
    });
    const codeAsText = exchange(400, { errors: [{ status: false, code: '8015' }] });
    // ASP.NET Core's validation problem details, `errors` a map of messages (clean room 21).
    const problem = exchange(400, {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { PointsToBeAdjusted: ['The PointsToBeAdjusted field is required.'] },
      traceId: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
    });
    for (const id of ['body-schema', 'error-envelope']) {
      const check = UNIVERSAL_CHECKS.find((c) => c.id === id);
      expect(check?.check(framework, context('negativePointsAdjustment'))?.verdict, id).toBe('warn');
      expect(check?.check(problem, context('negativePointsAdjustment'))?.verdict, id).toBe('warn');
      expect(check?.check(codeAsText, context('negativePointsAdjustment'))?.verdict, id).toBe('fail');
    }
  });

  it("only warn on a framework's refusal in text, plain (axum, clean room 24) or HTML (Express, variant hunt 19); a 200 still fails", () => {
    const axum = exchange(
      422,
      'Failed to deserialize the JSON body into the target type: missing field `pointsToBeAdjusted` at line 1 column 22',
      'text/plain; charset=utf-8',
    );
    const html = exchange(400, '<html>Bad Request</html>', 'text/html');
    const textOk = exchange(200, 'points deducted', 'text/plain');
    // No body (ASP.NET Core minimal APIs in production), one message as a JSON string (its BadRequest("…")).
    const empty = exchange(400, '', 'text/plain');
    const jsonString = { ...exchange(400, '"pointsToBeAdjusted must be greater than 0"') };
    jsonString.response = { ...jsonString.response!, body: 'pointsToBeAdjusted must be greater than 0' };
    // Text with no Content-Type at all: Node's bare http module (variant hunt 21).
    const bare = exchange(400, 'pointsToBeAdjusted must be a number');
    bare.response = { ...bare.response!, headers: {} };
    for (const id of ['content-type', 'body-schema', 'error-envelope']) {
      const check = UNIVERSAL_CHECKS.find((c) => c.id === id);
      expect(check?.check(axum, context('negativePointsAdjustment'))?.verdict, id).toBe('warn');
      expect(check?.check(html, context('negativePointsAdjustment'))?.verdict, id).toBe('warn');
      expect(check?.check(bare, context('negativePointsAdjustment'))?.verdict, id).toBe('warn');
    }
    for (const id of ['body-schema', 'error-envelope'])
      for (const refusal of [empty, jsonString])
        expect(
          UNIVERSAL_CHECKS.find((c) => c.id === id)?.check(refusal, context('negativePointsAdjustment'))
            ?.verdict,
          `${id} ${refusal.response?.bodyText}`,
        ).toBe('warn');
    for (const id of ['content-type', 'body-schema'])
      expect(
        UNIVERSAL_CHECKS.find((c) => c.id === id)?.check(textOk, context('negativePointsAdjustment'))
          ?.verdict,
        id,
      ).toBe('fail');
  });

  it("body-schema only warns on a fabric refusal's body (the page documents the 200 answer only, clean room 26)", () => {
    const bodySchema = UNIVERSAL_CHECKS.find((c) => c.id === 'body-schema')!;
    const fabric = (status: number, body: unknown): Exchange => ({
      ...exchange(status, body, 'application/json', 'adjustMemberPoints'),
      family: 'fabric',
    });
    const nest = fabric(400, {
      statusCode: 400,
      message: ['points should not be empty'],
      error: 'Bad Request',
    });
    const badSuccess = fabric(200, {
      message: ['Member points adjusted'],
      errors: {},
      data: {},
      status: 200,
    });
    expect(bodySchema.check(nest, context('adjustMemberPoints'))?.verdict).toBe('warn');
    expect(bodySchema.check(badSuccess, context('adjustMemberPoints'))?.verdict).toBe('fail');
  });

  it("content-type only warns on a fabric refusal in another media type (the page documents the 200 answer only; Express's res.send is text/html)", () => {
    const contentType = UNIVERSAL_CHECKS.find((c) => c.id === 'content-type')!;
    const fabric = (status: number, body: string): Exchange => ({
      ...exchange(status, body, 'text/html; charset=utf-8', 'adjustMemberPoints'),
      family: 'fabric',
    });
    expect(contentType.check(fabric(400, 'points is required'), context('adjustMemberPoints'))?.verdict).toBe(
      'warn',
    );
    // The documented 200 answer is JSON: a success in HTML still fails.
    expect(
      contentType.check(fabric(200, 'Member points adjusted'), context('adjustMemberPoints'))?.verdict,
    ).toBe('fail');
  });

  it('content-type fails a 2xx labelled JSON whose body does not parse, warns on such a refusal, and leaves bodies it cannot vouch for to their issue', () => {
    const contentType = UNIVERSAL_CHECKS.find((c) => c.id === 'content-type')!;
    const verdict = (e: Exchange) => contentType.check(e, context('negativePointsAdjustment'))?.verdict;
    const cutShort = '{"status":"success","pointsAvailable":"670.000"';
    expect(verdict(exchange(200, cutShort))).toBe('fail');
    expect(verdict(exchange(400, '{"errors":[{"code":8907'))).toBe('warn');
    // Blank, a byte order mark alone, known by its start only, or cut: not judged as unparsable here.
    expect(verdict(exchange(200, '  \n'))).not.toBe('fail');
    expect(verdict(exchange(200, '\ufeff'))).not.toBe('fail');
    const started = exchange(200, cutShort);
    expect(verdict({ ...started, response: { ...started.response!, truncated: true } })).toBe('pass');
    expect(
      verdict({
        ...started,
        response: { ...started.response!, bodyIssue: 'body over 10 bytes, cut', cut: true },
      }),
    ).toBe('pass');
  });

  it('only warn on the body of an auth rejection that may come from a gateway', () => {
    const gateway = exchange(401, '<html>Unauthorized</html>', 'text/html');
    for (const id of ['content-type', 'body-schema', 'error-envelope']) {
      const verdict = UNIVERSAL_CHECKS.find((c) => c.id === id)?.check(
        gateway,
        context('negativePointsAdjustment'),
      )?.verdict;
      expect(verdict, id).toBe('warn');
    }
  });
});
