import { describe, expect, it } from 'vitest';
import {
  isToolError,
  LC_ERRORS,
  type LcErrorCode,
  LoyaltyConformanceError,
  toolError,
} from '../src/errors.ts';

const codes = Object.keys(LC_ERRORS) as LcErrorCode[];

describe('errors registry', () => {
  it('names every code LC_ERR_<AREA>_<WHAT> in upper snake case', () => {
    for (const code of codes) expect(code).toMatch(/^LC_ERR_[A-Z]+(_[A-Z]+)+$/);
  });

  it('ends a run with exit code 2 for every tool error', () => {
    for (const code of codes) expect(LC_ERRORS[code].exitCode).toBe(2);
  });

  it('keeps the codes other modules rely on', () => {
    expect(codes).toEqual(
      expect.arrayContaining([
        'LC_ERR_SPEC_NOT_FOUND',
        'LC_ERR_SPEC_PARSE',
        'LC_ERR_SPEC_REF',
        'LC_ERR_SPEC_OPERATION_UNKNOWN',
        'LC_ERR_SPEC_INVALID',
        'LC_ERR_PROFILE_INVALID',
        'LC_ERR_TARGET_UNREACHABLE',
      ]),
    );
  });

  it('fills every placeholder of every template when the details name them', () => {
    for (const code of codes) {
      const names = [...LC_ERRORS[code].message.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const details = Object.fromEntries(names.map((n) => [n, `<${n}>`]));
      const error = toolError(code, details as never);
      expect(error.message, code).not.toMatch(/\{\w+\}/);
      for (const name of names) expect(error.message, code).toContain(`<${name}>`);
    }
  });
});

describe('a tool error quoting a hostile target', () => {
  it('is one line with every control character shown as an escape, never sent to the terminal raw', () => {
    const page = '\u001b[2J\u001b]0;pwned\u0007<h1>Sign\rin</h1>\u0085x\u2028y\u2029z\u000bw\u009b31m';
    const error = toolError('LC_ERR_TARGET_NOT_API', {
      principal: 'org strict',
      field: 'capillary.baseUrl',
      request: 'GET /v2/customers/lookup/points/balance',
      answer: `200 text/html: ${page}`,
    });
    expect(error.message).toContain(
      '200 text/html: \\u001b[2J\\u001b]0;pwned\\u0007<h1>Sign in</h1> x y z w\\u009b31m',
    );
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may be left
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });

  it('shows bidirectional controls as escapes, so a quoted answer cannot reorder the line', () => {
    const error = toolError('LC_ERR_TARGET_NOT_API', {
      principal: 'org strict',
      field: 'capillary.baseUrl',
      request: 'GET /v2/customers/lookup/points/balance',
      answer: '200 text/html: total \u202e01 detcepxe\u202c and \u2066isolated\u2069',
    });
    expect(error.message).toContain('total \\u202e01 detcepxe\\u202c and \\u2066isolated\\u2069');
    expect(error.message).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('toolError', () => {
  it('carries the code, the details, the exit code and the cause', () => {
    const cause = new Error('ENOENT');
    const error = toolError('LC_ERR_SPEC_NOT_FOUND', { path: 'specs/x.yaml', reason: 'ENOENT' }, { cause });
    expect(error).toBeInstanceOf(LoyaltyConformanceError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LoyaltyConformanceError');
    expect(error.code).toBe('LC_ERR_SPEC_NOT_FOUND');
    expect(error.exitCode).toBe(2);
    expect(error.details).toEqual({ path: 'specs/x.yaml', reason: 'ENOENT' });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('Spec file specs/x.yaml cannot be read (ENOENT)');
  });

  it('says which setting to change where one decides the outcome (rate limit, base URL)', () => {
    expect(toolError('LC_ERR_RATE_LIMITED', { url: 'https://t', answer: '429 on GET /x' }).message).toBe(
      'Rate limited by the target https://t: the wait budget (limits.rateLimitWaitMs) ran out (429 on GET /x); checks it affected are errors, not failures. Lower limits.requestsPerSecond or limits.concurrency, or raise limits.rateLimitWaitMs, and run again',
    );
    expect(
      toolError('LC_ERR_TARGET_NOT_API', {
        principal: 'fabric',
        request: 'POST /v1/members/points-adjustment',
        answer: '404',
        field: 'fabric.baseUrl',
      }).message,
    ).toContain('. Check fabric.baseUrl (or --target) (');
  });

  it('writes non-string details as JSON in the message', () => {
    const error = toolError('LC_ERR_SPEC_INVALID', { path: 'a.yaml', reason: { line: 3 } });
    expect(error.message).toBe('Spec a.yaml is invalid: {"line":3}');
  });
});

describe('isToolError', () => {
  it('recognises tool errors, optionally of one code', () => {
    const error = toolError('LC_ERR_SPEC_OPERATION_UNKNOWN', { operationId: 'nope' });
    expect(isToolError(error)).toBe(true);
    expect(isToolError(error, 'LC_ERR_SPEC_OPERATION_UNKNOWN')).toBe(true);
    expect(isToolError(error, 'LC_ERR_SPEC_REF')).toBe(false);
    expect(isToolError(new Error('plain'))).toBe(false);
  });
});

describe('LoyaltyConformanceError message', () => {
  it('is one line whatever the details quote, the details keeping their line breaks', () => {
    const reason = 'Unexpected token\n  1 | not json\n    | ^\r\n';
    const error = toolError('LC_ERR_SPEC_INVALID', { path: 'a.yaml', reason });
    expect(error.message).toBe('Spec a.yaml is invalid: Unexpected token 1 | not json | ^');
    expect(error.details.reason).toBe(reason);
  });
});
