import { envelopeCodes, refusedWithoutCode } from '../../profile/error-status.ts';
import { isAuthStatus, judgedStatus, type UniversalCheck } from '../types.ts';

/** What the envelope's codes are, in one phrase: `errors[].code "8907"`, `no errors[] member`. */
const codesFound = (codes: unknown[] | undefined): string =>
  codes === undefined
    ? 'no errors[] member'
    : codes.length === 0
      ? 'errors[] empty'
      : `errors[].code ${codes.map((c) => JSON.stringify(c) ?? 'missing').join(', ')}`;

/** Capillary error answers carry `errors[]` with numeric codes (the confirmed v2 envelope). */
export const errorEnvelope: UniversalCheck = {
  id: 'error-envelope',
  requirementId: 'GEN-ERROR-ENVELOPE',
  description: 'Capillary 4xx answers use the error envelope with numeric codes',
  check(exchange, { operation, profile }) {
    const response = exchange.response;
    if (!response || !operation || exchange.family !== 'capillary') return undefined;
    const status = judgedStatus(exchange, profile) ?? response.status;
    if (status < 400 || status >= 500) return undefined;
    const codes = envelopeCodes(response.body);
    if (codes && codes.length > 0 && codes.every((c) => Number.isInteger(c))) {
      return { verdict: 'pass', message: `error codes ${codes.join(', ')}` };
    }
    const bare = refusedWithoutCode(status, response);
    return {
      verdict: isAuthStatus(response.status) || bare ? 'warn' : 'fail',
      message: bare
        ? 'the error answer reports no code (no errors[] of coded items): the documents show no body for a refusal without a documented code'
        : 'the error answer has no errors[] with numeric codes',
      expected: '{"errors":[{"code":<integer>,...}]}',
      // The codes as answered first (a string "8907" is the usual break), then the body's start.
      actual: `${codesFound(codes)}; body ${response.bodyText.slice(0, 160) || '(empty)'}`,
    };
  },
};
